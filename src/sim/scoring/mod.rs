//! Scoring phase (GAME.md §3.8, §4): gathers what the scoring model needs
//! from the world, scores it, and keeps the latest report and the history
//! that charts and reports read. The model itself is in [`model`].

mod cohort;
pub mod formulas;
mod memo;
pub mod model;
mod report;
mod tally;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub use model::{
    CohortScore, Metrics, OriginTally, PolityInput, PolityScore, ProvinceInput, ProvinceScore,
    ScoreReport, ScoringInput, WorldScore, polity_domination, score,
};

use super::admission::{Admission, Admitted, Way};
use super::census::Census;
use super::geography::Geography;
use super::ids::{PolityId, ProvinceId, sorted};
use super::parallel::{PROVINCES_PER_TASK, par_slices_mut};
use super::rules::Rules;
use super::scenario::{PlayerFall, Scenario};
use super::schedule::{Turn, TurnPhase};
use super::world::{
    Clock, Commune, Controller, Federations, LevelInfo, Polity, Province, Registry,
};

/// The Scoring phase's resources and system.
pub fn plugin(app: &mut App) {
    app.init_resource::<Scores>();
    app.init_resource::<History>();
    app.add_systems(Turn, scoring_system.in_set(TurnPhase::Scoring));
}

/// The latest scoring and the one before it.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// After the last Scoring phase.
    pub current: ScoreReport,
    /// After the Scoring phase before that.
    pub previous: Option<ScoreReport>,
}

/// One line of the history used by charts and reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The turn.
    pub turn: u32,
    /// World terms.
    pub world: WorldScore,
    /// Each polity's terms.
    pub polities: Vec<PolityScore>,
    /// Each turn-0 polity's cohort and legacy.
    #[serde(default)]
    pub cohorts: Vec<CohortScore>,
}

/// Score history, one entry per Scoring phase (turn 0 is the load).
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Entries in turn order.
    pub entries: Vec<HistoryEntry>,
}

/// The parts of a world that scoring reads.
pub struct View<'a> {
    /// Provinces in id order.
    pub provinces: &'a [&'a Province],
    /// Polities in id order, dissolved ones too.
    pub polities: &'a [&'a Polity],
    /// Communes in id order.
    pub communes: &'a [&'a Commune],
    /// The census.
    pub census: &'a Census,
    /// Federations.
    pub federations: &'a Federations,
    /// Reach between provinces.
    pub geography: &'a Geography,
    /// Scale, and the owners and polities of turn 0.
    pub level: &'a LevelInfo,
    /// When the input is for a referendum of this polity: the other
    /// polities' provinces are gathered with their people alone (what
    /// [`polity_domination`] reads of them).
    pub voter: Option<PolityId>,
    /// Who admits whom, brought up to date for this world, when the caller
    /// keeps the table (otherwise it is worked out here).
    pub admitted: Option<&'a Admitted>,
}

/// Builds the scoring input from the world into `input`, reusing what it
/// holds (every field of it is written: nothing of the last input stays).
pub fn gather_into(view: &View, input: &mut ScoringInput) {
    let census = view.census;
    let scale = f64::from(view.level.scale);
    let mut index = vec![usize::MAX; view.polities.len()];
    input.polities.clear();
    for polity in view.polities.iter().filter(|p| !p.dissolved) {
        index[polity.id.index()] = input.polities.len();
        input.polities.push(PolityInput {
            id: polity.id,
            authority: polity.ruler.authority,
            power: polity.power,
            exit: polity.borders.exit,
            commune_charter: polity.commune_charter,
            federation: polity.federation,
        });
    }
    let mut commune_people: Vec<Vec<f64>> = vec![Vec::new(); view.provinces.len()];
    for commune in view.communes.iter().filter(|c| !c.dissolved) {
        let size = census
            .commune_sizes
            .get(commune.id.index())
            .copied()
            .unwrap_or(0);
        if size > 0 {
            commune_people[commune.province.index()].push(f64::from(size) * scale);
        }
    }
    // Who admits whom, worked out here when the caller keeps no table.
    let fresh = match view.admitted {
        Some(_) => Admission::default(),
        None => Admission::of(view.provinces, view.polities),
    };
    let destination = |way: Way| way.foreign.then_some((way.province.index(), way.hops));
    let count = view.provinces.len();
    input.provinces.truncate(count);
    while input.provinces.len() < count {
        input.provinces.push(ProvinceInput::empty());
    }
    // Province by province, in parallel on large maps.
    par_slices_mut(&mut input.provinces, PROVINCES_PER_TASK, |first, slice| {
        for (i, gathered) in (first..).zip(slice) {
            let province = view.provinces[i];
            let p = province.id;
            let full = view.voter.is_none_or(|voter| voter == province.owner);
            gathered.id = p;
            gathered.polity = index[province.owner.index()];
            gathered.infrastructure = province.infrastructure;
            gathered.capacity = f64::from(province.capacity) * scale;
            gathered.culture_people.clear();
            gathered.culture_people.extend(
                census
                    .by_culture_of(p)
                    .iter()
                    .map(|&n| f64::from(n) * scale),
            );
            gathered.coerced = f64::from(census.coerced[p.index()]) * scale;
            gathered.initial_owner = view
                .level
                .initial_owner
                .get(p.index())
                .copied()
                .unwrap_or(province.owner);
            gathered.communes.clear();
            gathered.destinations.clear();
            gathered.origins.clear();
            if full {
                gathered.communes.extend_from_slice(&commune_people[i]);
                let ways = &mut gathered.destinations;
                match view.admitted {
                    Some(admitted) => ways.extend_from_slice(admitted.abroad(p)),
                    None => ways.extend(
                        fresh
                            .ways(i, view.provinces, view.geography, view.federations)
                            .filter_map(destination),
                    ),
                }
                origins(
                    census,
                    p,
                    gathered.initial_owner,
                    scale,
                    &mut gathered.origins,
                );
            }
        }
    });
}

/// Writes into `found` the people of province `p` by the polity they
/// lived in at turn 0; `first` is the polity that held it then.
fn origins(
    census: &Census,
    p: ProvinceId,
    first: PolityId,
    scale: f64,
    found: &mut Vec<OriginTally>,
) {
    let row = p.index() * census.origins..(p.index() + 1) * census.origins;
    let (Some(people), Some(coerced), Some(members)) = (
        census.by_origin.get(row.clone()),
        census.coerced_by_origin.get(row.clone()),
        census.members_by_origin.get(row),
    ) else {
        return;
    };
    let tally = |k: usize| OriginTally {
        polity: PolityId(k as u32),
        people: f64::from(people[k]) * scale,
        coerced: f64::from(coerced[k]) * scale,
        members: f64::from(members[k]) * scale,
    };
    // Most provinces hold people of one origin, the polity that held them
    // at turn 0: then there is nothing else to look for.
    let population = census.population[p.index()];
    if population == 0 {
        return;
    }
    if people.get(first.index()) == Some(&population) {
        found.push(tally(first.index()));
        return;
    }
    // Most provinces hold people of one origin or two: skip empty runs
    // eight at a time.
    for (run, counts) in people.chunks(8).enumerate() {
        if let &[a, b, c, d, e, f, g, h] = counts
            && a | b | c | d | e | f | g | h == 0
        {
            continue;
        }
        for (j, &n) in counts.iter().enumerate() {
            let k = run * 8 + j;
            if n > 0 {
                found.push(tally(k));
            }
        }
    }
}

/// The world as scoring sees it, read without changing it (for
/// previews).
pub fn world_input(world: &World) -> ScoringInput {
    gather_world(world, None)
}

/// What a referendum of `voter` weighs ([`polity_domination`]): its own
/// provinces in full, every other province's people.
pub fn voter_input(world: &World, voter: PolityId) -> ScoringInput {
    gather_world(world, Some(voter))
}

fn gather_world(world: &World, voter: Option<PolityId>) -> ScoringInput {
    let mut input = ScoringInput::default();
    gather_world_into(world, voter, &mut input);
    input
}

fn gather_world_into(world: &World, voter: Option<PolityId>, input: &mut ScoringInput) {
    let registry = world.resource::<Registry>();
    let view = View {
        provinces: &registry.provinces(world),
        polities: &registry.polities(world),
        communes: &registry.communes(world),
        census: world.resource::<Census>(),
        federations: world.resource::<Federations>(),
        geography: world.resource::<Geography>(),
        level: world.resource::<LevelInfo>(),
        voter,
        admitted: None,
    };
    gather_into(&view, input);
}

/// Legacies (§4): the mean over the turns played (1..t) of the world's
/// score and of each polity's cohort score; at turn 0, the score then. A
/// player whose regime fell, in a level where that is a defeat, governs no
/// more: every turn from the fall on counts 0, so being overthrown never
/// pays.
fn fill_legacies(
    report: &mut ScoreReport,
    previous: Option<&HistoryEntry>,
    turn: u32,
    frozen: impl Fn(PolityId) -> bool,
) {
    let t = f64::from(turn);
    let mean = |before: f64, now: f64| (before * (t - 1.0) + now) / t;
    let world = report.world.metrics.score;
    report.world.legacy = match previous {
        Some(p) if turn > 0 => mean(p.world.legacy, world),
        _ => world,
    };
    for cohort in &mut report.cohorts {
        let before = previous
            .and_then(|p| p.cohorts.iter().find(|q| q.polity == cohort.polity))
            .map(|q| q.legacy);
        let now = if frozen(cohort.polity) {
            0.0
        } else {
            cohort.score
        };
        cohort.legacy = match before {
            Some(before) if turn > 0 => mean(before, now),
            _ => now,
        };
    }
}

/// Scoring phase: recomputes every term, the legacies, and appends to the
/// history.
#[allow(clippy::too_many_arguments)]
pub fn scoring_system(
    provinces: Query<&Province>,
    polities: Query<&Polity>,
    communes: Query<&Commune>,
    census: Res<Census>,
    federations: Res<Federations>,
    geography: Res<Geography>,
    level: Res<LevelInfo>,
    scenario: Res<Scenario>,
    rules: Res<Rules>,
    clock: Res<Clock>,
    mut scores: ResMut<Scores>,
    mut history: ResMut<History>,
    mut input: Local<ScoringInput>,
    mut admitted: ResMut<Admitted>,
) {
    let provinces = sorted(provinces.iter(), |p| p.id);
    let polities = sorted(polities.iter(), |p| p.id);
    let communes = sorted(communes.iter(), |c| c.id);
    admitted.refresh(&provinces, &polities, &geography, &federations);
    // Last turn's input is written over, its vectors kept.
    gather_into(
        &View {
            provinces: &provinces,
            polities: &polities,
            communes: &communes,
            census: &census,
            federations: &federations,
            geography: &geography,
            level: &level,
            voter: None,
            admitted: Some(&admitted),
        },
        &mut input,
    );
    let mut report = score(&input, &rules.scoring);
    let overthrown = |id: PolityId| {
        scenario.on_player_fall == PlayerFall::Defeat
            && polities
                .get(id.index())
                .is_some_and(|p| p.controller == Controller::Player && (p.falls > 0 || p.dissolved))
    };
    fill_legacies(&mut report, history.entries.last(), clock.turn, overthrown);
    history.entries.push(HistoryEntry {
        turn: clock.turn,
        world: report.world.clone(),
        polities: report.polities.clone(),
        cohorts: report.cohorts.clone(),
    });
    let previous = std::mem::replace(&mut scores.current, report);
    scores.previous = Some(previous);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::fixture;

    #[test]
    fn an_input_gathered_over_an_old_one_is_a_fresh_one() {
        let mut world = fixture::world();
        let first = world_input(&world);
        assert!(first.provinces.len() > 1, "the fixture has provinces");
        // Old inputs: a referendum's (other provinces without their
        // destinations, communes and origins), and one holding more and
        // fuller provinces than the world has.
        let mut referendum = voter_input(&world, first.polities[0].id);
        let mut bigger = first.clone();
        for province in &mut bigger.provinces {
            province.culture_people.push(7.0);
            province.communes.push(3.0);
            province.destinations.push((0, 1));
        }
        bigger.provinces.push(bigger.provinces[0].clone());
        bigger.polities.push(bigger.polities[0].clone());
        for _ in 0..3 {
            world.run_schedule(Turn);
        }
        let fresh = world_input(&world);
        assert_ne!(fresh, first, "three turns change the input");
        for old in [&mut referendum, &mut bigger] {
            gather_world_into(&world, None, old);
            assert_eq!(*old, fresh);
        }
    }
}
