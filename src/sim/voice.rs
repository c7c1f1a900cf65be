//! Voice phase (GAME.md §3.4): each citizen values its home; grievance
//! grows while that value is under a threshold and fades otherwise;
//! aggrieved citizens protest, and each polity answers by its standing
//! order: listen (a small devolution), repress (authority up) or ignore.

use bevy::prelude::*;

use super::census::{Census, micros};
use super::citizens::Citizens;
use super::ids::sorted;
use super::news::{News, NewsKind};
use super::rules::{CitizenRules, Rules};
use super::schedule::{Turn, TurnPhase};
use super::scoring::Scores;
use super::utility::Utilities;
use super::world::{Clock, Polity, Province, Response, Tier, TurnStats};

/// The Voice phase's systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<Voiced>();
    app.init_resource::<Utilities>();
    app.add_systems(
        Turn,
        (voice_phase, answer_protest)
            .chain()
            .in_set(TurnPhase::Voice),
    );
}

/// Grievance after one turn at a home of utility `u`.
pub fn next_grievance(rules: &CitizenRules, grievance: f64, u: f64) -> f64 {
    if u < rules.grievance_threshold {
        (grievance + rules.grievance_rate * (rules.grievance_threshold - u)).min(1.0)
    } else {
        grievance * (1.0 - rules.grievance_decay)
    }
}

/// This turn's voice by province: those aggrieved enough to protest
/// (silenced or not: what each polity answers), those who protested, and
/// for the census the sum of grievance.
#[derive(Resource, Clone, Debug, Default)]
pub struct Voiced {
    /// Agents who protested or were silenced, by province.
    pub aggrieved: Vec<u32>,
    /// Agents who protested, by province (the aggrieved, where the owner
    /// does not repress).
    pub protesters: Vec<u32>,
    /// Grievance summed by province, in millionths.
    pub grievance_micros: Vec<u64>,
}

/// Grievance and protest of every citizen. Repression trades legitimacy
/// for silence: under a polity that represses (its standing answer, or an
/// order this turn) protesters fall silent now and gain `repress_grievance`,
/// to come back later as protest, or as flight once a way out opens.
#[allow(clippy::too_many_arguments)]
pub fn voice_phase(
    mut citizens: ResMut<Citizens>,
    provinces: Query<&Province>,
    polities: Query<&Polity>,
    census: Res<Census>,
    scores: Res<Scores>,
    rules: Res<Rules>,
    clock: Res<Clock>,
    mut voiced: ResMut<Voiced>,
    mut utilities: ResMut<Utilities>,
) {
    let provinces = sorted(provinces.iter(), |p| p.id);
    let represses: Vec<bool> = sorted(polities.iter(), |p| p.id)
        .iter()
        .map(|p| p.turn.repressed || p.response == Response::Repress)
        .collect();
    let silenced: Vec<bool> = provinces
        .iter()
        .map(|p| represses[p.owner.index()])
        .collect();
    utilities.tabulate(
        clock.turn,
        &rules.citizens,
        &scores.current,
        &provinces,
        &census,
    );
    let table = &utilities.table;
    let r = &rules.citizens;
    let count = provinces.len();
    let tallies = citizens.par_chunks_mut(|c| {
        let mut aggrieved_by_province = vec![0u32; count];
        let mut grievance_micros = vec![0u64; count];
        // The columns side by side (no index to check per column).
        let rows = c
            .home
            .iter()
            .zip(c.culture)
            .zip(c.commune.iter())
            .zip(c.grievance.iter_mut())
            .zip(c.protesting.iter_mut().zip(c.silenced.iter_mut()));
        for ((((&home, &culture), commune), grievance), (protesting, is_silenced)) in rows {
            let u = table.of_home(home, culture, commune.is_some());
            let mut g = next_grievance(r, f64::from(*grievance), u);
            let aggrieved = g > r.protest_threshold;
            let silenced = silenced[home.index()];
            if aggrieved && silenced {
                g = (g + r.repress_grievance).min(1.0);
            }
            let g = g as f32;
            *grievance = g;
            *protesting = aggrieved && !silenced;
            *is_silenced = aggrieved && silenced;
            let p = home.index();
            aggrieved_by_province[p] += u32::from(aggrieved);
            grievance_micros[p] += micros(g);
        }
        (aggrieved_by_province, grievance_micros)
    });
    voiced.aggrieved = vec![0; count];
    voiced.grievance_micros = vec![0; count];
    for (aggrieved, micros) in tallies {
        for (total, n) in voiced.aggrieved.iter_mut().zip(aggrieved) {
            *total += n;
        }
        for (total, n) in voiced.grievance_micros.iter_mut().zip(micros) {
            *total += n;
        }
    }
    voiced.protesters = voiced
        .aggrieved
        .iter()
        .zip(&silenced)
        .map(|(&n, &silenced)| if silenced { 0 } else { n })
        .collect();
}

/// Each polity answers the protest of its citizens.
pub fn answer_protest(
    voiced: Res<Voiced>,
    census: Res<Census>,
    provinces: Query<&Province>,
    mut polities: Query<&mut Polity>,
    rules: Res<Rules>,
    mut stats: ResMut<TurnStats>,
) {
    let owners: Vec<_> = sorted(provinces.iter(), |p| p.id)
        .iter()
        .map(|p| p.owner)
        .collect();
    let count = polities.iter().len();
    let mut protesters = vec![0u32; count];
    let mut people = vec![0u32; count];
    for (p, owner) in owners.iter().enumerate() {
        people[owner.index()] += census.population[p];
        protesters[owner.index()] += voiced.aggrieved[p];
    }
    let step = rules.authority.listen_devolution;
    // One line per answer, naming each polity and its share protesting.
    let (mut listened, mut repressed) = (Vec::new(), Vec::new());
    for mut polity in sorted(polities.iter_mut(), |p| p.id) {
        let k = polity.id.index();
        if polity.dissolved || people[k] == 0 {
            continue;
        }
        let share = f64::from(protesters[k]) / f64::from(people[k]);
        polity.turn.protest_share = share;
        if share < 0.05 {
            continue;
        }
        match polity.response {
            Response::Listen => {
                let moved = polity.power.shift(Tier::Ruler, Tier::Municipal, step);
                if moved > 1e-6 {
                    polity.turn.devolved += moved;
                    listened.push(format!(
                        "{} ({:.0}% of its people protested)",
                        polity.name,
                        share * 100.0
                    ));
                }
            }
            Response::Repress => {
                polity.turn.repressed = true;
                repressed.push(format!(
                    "{} ({:.0}% of its people protested)",
                    polity.name,
                    share * 100.0
                ));
            }
            Response::Ignore => {}
        }
    }
    if !listened.is_empty() {
        stats.say(News::new(
            NewsKind::Listened,
            None,
            format!(
                "Listened to protest and moved {step:.2} of the ruler's power to municipal councils: {}.",
                listened.join(", ")
            ),
        ));
    }
    if !repressed.is_empty() {
        stats.say(News::new(
            NewsKind::Repressed,
            None,
            format!("Protest put down by force: {}.", repressed.join(", ")),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grievance_grows_under_the_threshold_and_fades_above() {
        let r = Rules::base().unwrap_or_else(|e| panic!("{e}")).citizens;
        let low = r.grievance_threshold - 0.2;
        let high = r.grievance_threshold + 0.2;
        assert!(next_grievance(&r, 0.1, low) > 0.1);
        assert!(next_grievance(&r, 0.5, high) < 0.5);
        assert!(next_grievance(&r, 0.99, 0.0) <= 1.0);
    }
}
