//! Authority phase (GAME.md §3.2): repression and centralization raise the
//! ruler's authority, devolution lowers it; lost population, blocked exits
//! and repressed voice (only while citizens can see somewhere to go) drain
//! legitimacy; political capital accrues; a ruler whose legitimacy reaches
//! zero falls.

use bevy::prelude::*;

use super::census::Census;
use super::ids::sorted;
use super::news::{News, NewsKind};
use super::rng::{DrawPhase, unit};
use super::rules::{AuthorityRules, Rules};
use super::schedule::{Turn, TurnPhase};
use super::scoring::Scores;
use super::world::{
    Archetype, BorderPolicy, Clock, Controller, Polity, PolityTurn, Power, Province, Response,
    Tier, TurnStats,
};

/// The Authority phase's system.
pub fn plugin(app: &mut App) {
    app.add_systems(Turn, authority_phase.in_set(TurnPhase::Authority));
}

/// The new authority after a turn's pressures.
pub fn next_authority(rules: &AuthorityRules, authority: f64, turn: &PolityTurn) -> f64 {
    let repressed = if turn.repressed {
        rules.repress_authority
    } else {
        0.0
    };
    // One rate both ways: a devolution undone by a centralization of the
    // same share leaves authority where it was (required property 12).
    (authority + rules.shift_authority * (turn.centralized - turn.devolved) + repressed)
        .clamp(0.0, 1.0)
}

/// The change of legitimacy over a turn: contentment restores it; flight,
/// blocked exits and ignored protest drain it; repression drains it only
/// in proportion to how many citizens can see a better home abroad.
pub fn legitimacy_change(rules: &AuthorityRules, turn: &PolityTurn, response: Response) -> f64 {
    let people = f64::from(turn.population_start.max(1));
    let emigration = f64::from(turn.emigrants) / people;
    let blocked = f64::from(turn.blocked) / people;
    let protest = turn.protest_share;
    let repressed = if turn.repressed || response == Response::Repress {
        rules.legitimacy_per_repressed * protest * turn.visible_exit
    } else {
        0.0
    };
    let ignored = if response == Response::Ignore {
        rules.legitimacy_per_ignored * protest
    } else {
        0.0
    };
    rules.legitimacy_recovery * (1.0 - protest)
        - rules.legitimacy_per_emigration * emigration
        - rules.legitimacy_per_blocked * blocked
        - repressed
        - ignored
}

/// The constitution the citizens write when their ruler falls: power moves
/// down as far as their grievance asks (at least a third of the ruler's
/// share), and the ruler's authority shrinks with it.
pub fn constitution_after_fall(power: Power, authority: f64, grievance: f64) -> (Power, f64) {
    let g = grievance.clamp(0.0, 1.0);
    let mut new = power;
    let moved = power.ruler * (1.0 / 3.0 + 2.0 / 3.0 * g);
    new.ruler -= moved;
    new.province += moved * 0.4;
    new.municipal += moved * 0.4;
    new.citizens += moved * 0.2;
    (new, (authority * (1.0 - g)).clamp(0.1, 0.5).min(authority))
}

/// What follows a ruler's fall (GAME.md §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FallOutcome {
    /// The citizens write a constitution by referendum: power moves down,
    /// the exit opens.
    Liberalized,
    /// A strongman seizes power: a new warden, often as harsh.
    Coup,
    /// Provinces leave by referendum, each with a constitution of its own;
    /// the old regime keeps the rest.
    Secession,
}

/// The chances of a liberal constitution and of secession when a ruler
/// falls: a liberal constitution is likelier the larger the share of the
/// people who see a freer home abroad (`visible`) and the higher their
/// grievance, and rare where no one sees one; secession needs more than one
/// province. The rest is a coup.
pub fn fall_chances(
    rules: &AuthorityRules,
    visible: f64,
    grievance: f64,
    provinces: usize,
) -> (f64, f64) {
    let want = 0.5 + 0.5 * grievance.clamp(0.0, 1.0);
    let liberal = (rules.liberal_base + rules.liberal_per_visible * visible.clamp(0.0, 1.0) * want)
        .clamp(0.0, 1.0);
    let secession = if provinces > 1 {
        rules.secession_share * (1.0 - liberal)
    } else {
        0.0
    };
    (liberal, secession)
}

/// The outcome of a fall for a uniform draw in 0..1.
pub fn fall_outcome(draw: f64, liberal: f64, secession: f64) -> FallOutcome {
    if draw < liberal {
        FallOutcome::Liberalized
    } else if draw < liberal + secession {
        FallOutcome::Secession
    } else {
        FallOutcome::Coup
    }
}

/// The constitution a strongman imposes: the ruler takes back at least
/// `coup_ruler_share` from the lower tiers (in proportion to what each
/// holds) and rules with at least `coup_authority`.
pub fn constitution_after_coup(
    rules: &AuthorityRules,
    power: Power,
    authority: f64,
) -> (Power, f64) {
    let lower = power.province + power.municipal + power.citizens;
    let take = (rules.coup_ruler_share - power.ruler).clamp(0.0, lower);
    let keep = if lower > 0.0 {
        (lower - take) / lower
    } else {
        0.0
    };
    let new = Power {
        ruler: power.ruler + take,
        province: power.province * keep,
        municipal: power.municipal * keep,
        citizens: power.citizens * keep,
    };
    (new, authority.max(rules.coup_authority))
}

/// The share that creeps back up to the ruler from each lower tier in a
/// turn (GAME.md §3 trade-offs): offices gather powers unless the threat
/// of leaving for a better place restrains them, so the rate is
/// `creep · (1 − X)`, `X` the polity's exit discipline after the last
/// Scoring phase (an exit into worse places restrains nobody, property 8).
/// Without that discipline, devolution has to be renewed.
pub fn creep_rate(rules: &AuthorityRules, exit_discipline: f64) -> f64 {
    rules.creep * (1.0 - exit_discipline.clamp(0.0, 1.0))
}

/// Moves each lower tier's creeping share up to the ruler; returns the
/// share moved.
pub fn creep(power: &mut Power, rate: f64) -> f64 {
    [Tier::Province, Tier::Municipal, Tier::Citizens]
        .into_iter()
        .map(|tier| {
            let amount = power.get(tier) * rate;
            power.shift(tier, Tier::Ruler, amount)
        })
        .sum()
}

/// Authority phase.
pub fn authority_phase(
    mut polities: Query<&mut Polity>,
    provinces: Query<&Province>,
    census: Res<Census>,
    scores: Res<Scores>,
    rules: Res<Rules>,
    clock: Res<Clock>,
    mut stats: ResMut<TurnStats>,
) {
    let rules = &rules.authority;
    // Population, mean grievance and provinces per polity, in fixed order.
    let count = polities.iter().len();
    let mut people = vec![0u32; count];
    let mut grievance = vec![0.0; count];
    let mut held = vec![0usize; count];
    for province in sorted(provinces.iter(), |p| p.id) {
        let n = census.population[province.id.index()];
        people[province.owner.index()] += n;
        held[province.owner.index()] += 1;
        grievance[province.owner.index()] += census.grievance[province.id.index()] * f64::from(n);
    }
    let mut list = sorted(polities.iter_mut(), |p| p.id);
    for polity in list.iter_mut().filter(|p| !p.dissolved) {
        let k = polity.id.index();
        let discipline = scores
            .current
            .polity(polity.id)
            .map_or(0.0, |s| s.metrics.exit_discipline);
        let crept = creep(&mut polity.power, creep_rate(rules, discipline));
        polity.turn.centralized += crept;
        let turn = polity.turn.clone();
        polity.ruler.authority = next_authority(rules, polity.ruler.authority, &turn);
        polity.legitimacy =
            (polity.legitimacy + legitimacy_change(rules, &turn, polity.response)).clamp(0.0, 1.0);
        polity.capital = (polity.capital + 1.0 + polity.legitimacy).min(rules.capital_cap);
        let mut seceding = false;
        if polity.legitimacy <= 0.0 && polity.power.ruler >= rules.fall_ruler_share {
            let mean_grievance = if people[k] > 0 {
                grievance[k] / f64::from(people[k])
            } else {
                0.0
            };
            let (liberal, secession) =
                fall_chances(rules, turn.visible_exit, mean_grievance, held[k]);
            let draw = unit(
                clock.seed,
                clock.turn,
                u64::from(polity.id.0),
                DrawPhase::Authority,
                0,
            );
            let outcome = fall_outcome(draw, liberal, secession);
            let news = fall(polity, outcome, mean_grievance, rules);
            polity.fell_on = Some(clock.turn);
            stats.say(news);
            seceding = outcome == FallOutcome::Secession;
        }
        polity.turn = PolityTurn {
            population_start: people[k],
            seceding,
            crept,
            ..PolityTurn::default()
        };
    }
}

/// Carries out a fall; returns its news.
fn fall(polity: &mut Polity, outcome: FallOutcome, grievance: f64, rules: &AuthorityRules) -> News {
    polity.falls += 1;
    polity.legitimacy = rules.legitimacy_after_fall;
    let ai = polity.controller != Controller::Player;
    match outcome {
        FallOutcome::Liberalized => {
            let (power, authority) =
                constitution_after_fall(polity.power, polity.ruler.authority, grievance);
            let moved = polity.power.ruler - power.ruler;
            polity.power = power;
            polity.ruler.authority = authority;
            polity.ruler.name = format!("Provisional council of {}", polity.name);
            polity.borders.exit = BorderPolicy::Open;
            polity.response = Response::Listen;
            if ai {
                polity.controller = Controller::Ai(Archetype::Reformer);
            }
            let text = format!(
                "The regime of {} fell: by referendum the citizens moved {:.0}% of the ruler's power down and opened the exit.",
                polity.name,
                moved * 100.0
            );
            News::new(NewsKind::Liberalized, Some(polity.id), text)
        }
        FallOutcome::Coup => {
            let (power, authority) =
                constitution_after_coup(rules, polity.power, polity.ruler.authority);
            polity.power = power;
            polity.ruler.authority = authority;
            polity.ruler.name = format!("The strongman of {}", polity.name);
            polity.borders.exit = BorderPolicy::Closed;
            polity.response = Response::Repress;
            if ai {
                polity.controller = Controller::Ai(Archetype::Warden);
            }
            let text = format!(
                "The regime of {} fell to a coup: a strongman rules now, with {:.0}% of the power, and closed the exit.",
                polity.name,
                power.ruler * 100.0
            );
            News::new(NewsKind::Coup, Some(polity.id), text)
        }
        FallOutcome::Secession => News::new(
            NewsKind::RegimeFell,
            Some(polity.id),
            format!(
                "The regime of {} fell apart: its provinces vote on leaving.",
                polity.name
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> AuthorityRules {
        Rules::base().unwrap_or_else(|e| panic!("{e}")).authority
    }

    #[test]
    fn repression_and_centralization_raise_authority_devolution_lowers_it() {
        let r = rules();
        let up = PolityTurn {
            repressed: true,
            centralized: 0.1,
            ..PolityTurn::default()
        };
        assert!(next_authority(&r, 0.5, &up) > 0.5);
        let down = PolityTurn {
            devolved: 0.1,
            ..PolityTurn::default()
        };
        assert!(next_authority(&r, 0.5, &down) < 0.5);
    }

    #[test]
    fn repression_drains_legitimacy_only_when_exit_is_visible() {
        let r = rules();
        let closed_world = PolityTurn {
            repressed: true,
            protest_share: 0.5,
            visible_exit: 0.0,
            population_start: 100,
            ..PolityTurn::default()
        };
        let open_neighbour = PolityTurn {
            visible_exit: 0.8,
            ..closed_world.clone()
        };
        let held = legitimacy_change(&r, &closed_world, Response::Repress);
        let drained = legitimacy_change(&r, &open_neighbour, Response::Repress);
        assert!(held >= 0.0, "a closed world holds together: {held}");
        assert!(
            drained < 0.0,
            "repression fails once there is somewhere to go: {drained}"
        );
    }

    #[test]
    fn a_fall_moves_power_down() {
        let before = Power {
            ruler: 0.95,
            province: 0.05,
            municipal: 0.0,
            citizens: 0.0,
        };
        let (after, authority) = constitution_after_fall(before, 0.95, 0.8);
        assert!(after.ruler < 0.5);
        assert!((after.total() - 1.0).abs() < 1e-9);
        assert!(authority < 0.95);
    }

    #[test]
    fn a_fall_frees_people_as_often_as_they_see_a_freer_home() {
        let r = rules();
        let (blind, _) = fall_chances(&r, 0.0, 1.0, 2);
        let (seeing, _) = fall_chances(&r, 1.0, 1.0, 2);
        let (seeing_content, _) = fall_chances(&r, 1.0, 0.0, 2);
        assert!(
            blind <= 0.05 + 1e-12,
            "where no one sees a way out: {blind}"
        );
        assert!(seeing > 0.9);
        assert!(seeing_content < seeing, "grievance makes it likelier");
        // Secession needs provinces to leave.
        assert_eq!(fall_chances(&r, 0.0, 1.0, 1).1, 0.0);
        assert!(fall_chances(&r, 0.0, 1.0, 3).1 > 0.0);
    }

    #[test]
    fn the_draw_splits_into_liberal_secession_and_coup() {
        assert_eq!(fall_outcome(0.1, 0.2, 0.3), FallOutcome::Liberalized);
        assert_eq!(fall_outcome(0.3, 0.2, 0.3), FallOutcome::Secession);
        assert_eq!(fall_outcome(0.6, 0.2, 0.3), FallOutcome::Coup);
        assert_eq!(fall_outcome(0.0, 0.0, 0.0), FallOutcome::Coup);
    }

    #[test]
    fn a_coup_takes_power_back_from_the_lower_tiers() {
        let r = rules();
        let before = Power {
            ruler: 0.3,
            province: 0.3,
            municipal: 0.2,
            citizens: 0.2,
        };
        let (after, authority) = constitution_after_coup(&r, before, 0.3);
        assert!((after.ruler - r.coup_ruler_share).abs() < 1e-12);
        assert!((after.total() - 1.0).abs() < 1e-9);
        assert!(
            (after.province / after.municipal - 1.5).abs() < 1e-9,
            "in proportion"
        );
        assert_eq!(authority, r.coup_authority);
        // A ruler who already holds more keeps it.
        let (same, _) = constitution_after_coup(
            &r,
            Power {
                ruler: 0.95,
                province: 0.05,
                municipal: 0.0,
                citizens: 0.0,
            },
            0.95,
        );
        assert_eq!(same.ruler, 0.95);
    }
}
