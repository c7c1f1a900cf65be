//! Authority phase (GAME.md §3.2): repression and centralization raise the
//! ruler's authority, devolution lowers it; lost population, blocked exits
//! and repressed voice (only while citizens can see somewhere to go) drain
//! legitimacy; political capital accrues; a ruler whose legitimacy reaches
//! zero falls.

use bevy::prelude::*;

use super::census::Census;
use super::ids::sorted;
use super::rules::{AuthorityRules, Rules};
use super::schedule::{Turn, TurnPhase};
use super::world::{
    Archetype, BorderPolicy, Controller, Polity, PolityTurn, Power, Province, Response, TurnStats,
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

/// Authority phase.
pub fn authority_phase(
    mut polities: Query<&mut Polity>,
    provinces: Query<&Province>,
    census: Res<Census>,
    rules: Res<Rules>,
    mut stats: ResMut<TurnStats>,
) {
    let rules = &rules.authority;
    // Population and mean grievance per polity, in fixed order.
    let count = polities.iter().len();
    let mut people = vec![0u32; count];
    let mut grievance = vec![0.0; count];
    for province in sorted(provinces.iter(), |p| p.id) {
        let n = census.population[province.id.index()];
        people[province.owner.index()] += n;
        grievance[province.owner.index()] += census.grievance[province.id.index()] * f64::from(n);
    }
    let mut list = sorted(polities.iter_mut(), |p| p.id);
    for polity in list.iter_mut().filter(|p| !p.dissolved) {
        let k = polity.id.index();
        let turn = polity.turn.clone();
        polity.ruler.authority = next_authority(rules, polity.ruler.authority, &turn);
        polity.legitimacy =
            (polity.legitimacy + legitimacy_change(rules, &turn, polity.response)).clamp(0.0, 1.0);
        polity.capital = (polity.capital + 1.0 + polity.legitimacy).min(rules.capital_cap);
        if polity.legitimacy <= 0.0 && polity.power.ruler > 0.0 {
            let mean_grievance = if people[k] > 0 {
                grievance[k] / f64::from(people[k])
            } else {
                0.0
            };
            let (power, authority) =
                constitution_after_fall(polity.power, polity.ruler.authority, mean_grievance);
            stats.log.push(format!(
                "The regime of {} fell: by referendum the citizens moved {:.0}% of the ruler's power down and opened the exit.",
                polity.name,
                (polity.power.ruler - power.ruler) * 100.0
            ));
            polity.power = power;
            polity.ruler.authority = authority;
            polity.ruler.name = format!("Provisional council of {}", polity.name);
            polity.falls += 1;
            polity.borders.exit = BorderPolicy::Open;
            polity.legitimacy = rules.legitimacy_after_fall;
            polity.response = Response::Listen;
            if polity.controller != Controller::Player {
                polity.controller = Controller::Ai(Archetype::Reformer);
            }
        }
        polity.turn = PolityTurn {
            population_start: people[k],
            ..PolityTurn::default()
        };
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
}
