//! Scoring phase (GAME.md §3.8, §4): gathers what the scoring model needs
//! from the world, scores it, and keeps the latest report and the history
//! that charts and reports read. The model itself is in [`model`].

pub mod model;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

pub use model::{
    Metrics, PolityInput, PolityScore, ProvinceInput, ProvinceScore, ScoreReport, ScoringInput,
    WorldScore, score,
};

use super::census::Census;
use super::geography::Geography;
use super::ids::{CultureId, ProvinceId, sorted};
use super::rules::Rules;
use super::schedule::{Turn, TurnPhase};
use super::world::{
    BorderPolicy, Clock, Commune, Federations, LevelInfo, Polity, Province, Registry,
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
}

/// Score history, one entry per Scoring phase (turn 0 is the load).
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Entries in turn order.
    pub entries: Vec<HistoryEntry>,
}

/// The nearest province of another polity within reach of `p` that admits
/// entry from `p`'s owner.
pub fn foreign_option(
    p: ProvinceId,
    provinces: &[&Province],
    polities: &[&Polity],
    federations: &Federations,
    geography: &Geography,
) -> Option<u8> {
    let home = provinces[p.index()];
    let owner = polities[home.owner.index()];
    geography
        .reachable(p, home.infrastructure)
        .find(|&(q, _)| {
            let dest = polities[provinces[q.index()].owner.index()];
            dest.id != owner.id
                && (dest.borders.entry != BorderPolicy::Closed
                    || federations.allied(dest.federation, owner.federation))
        })
        .map(|(_, hops)| hops)
}

/// Builds the scoring input from the world.
#[allow(clippy::too_many_arguments)]
pub fn gather_input(
    provinces: &[&Province],
    polities: &[&Polity],
    communes: &[&Commune],
    census: &Census,
    federations: &Federations,
    geography: &Geography,
    scale: f64,
) -> ScoringInput {
    let mut index = vec![usize::MAX; polities.len()];
    let mut inputs = Vec::new();
    for polity in polities.iter().filter(|p| !p.dissolved) {
        index[polity.id.index()] = inputs.len();
        inputs.push(PolityInput {
            id: polity.id,
            authority: polity.ruler.authority,
            power: polity.power,
            exit: polity.borders.exit,
            commune_charter: polity.commune_charter,
            federation: polity.federation,
        });
    }
    let mut commune_people: Vec<Vec<f64>> = vec![Vec::new(); provinces.len()];
    for commune in communes.iter().filter(|c| !c.dissolved) {
        let size = census
            .commune_sizes
            .get(commune.id.index())
            .copied()
            .unwrap_or(0);
        if size > 0 {
            commune_people[commune.province.index()].push(f64::from(size) * scale);
        }
    }
    let provinces_in = provinces
        .iter()
        .map(|province| {
            let p = province.id;
            ProvinceInput {
                id: p,
                polity: index[province.owner.index()],
                infrastructure: province.infrastructure,
                culture_people: (0..census.cultures)
                    .map(|c| f64::from(census.count(p, CultureId(c as u32))) * scale)
                    .collect(),
                coerced: f64::from(census.coerced[p.index()]) * scale,
                communes: std::mem::take(&mut commune_people[p.index()]),
                foreign_hops: foreign_option(p, provinces, polities, federations, geography),
            }
        })
        .collect();
    ScoringInput {
        polities: inputs,
        provinces: provinces_in,
    }
}

/// The world as scoring sees it, read without changing it (for
/// referendums and previews).
pub fn world_input(world: &World) -> ScoringInput {
    let registry = world.resource::<Registry>();
    gather_input(
        &registry.provinces(world),
        &registry.polities(world),
        &registry.communes(world),
        world.resource::<Census>(),
        world.resource::<Federations>(),
        world.resource::<Geography>(),
        f64::from(world.resource::<LevelInfo>().scale),
    )
}

/// Scoring phase: recomputes every term and appends to the history.
#[allow(clippy::too_many_arguments)]
pub fn scoring_system(
    provinces: Query<&Province>,
    polities: Query<&Polity>,
    communes: Query<&Commune>,
    census: Res<Census>,
    federations: Res<Federations>,
    geography: Res<Geography>,
    level: Res<LevelInfo>,
    rules: Res<Rules>,
    clock: Res<Clock>,
    mut scores: ResMut<Scores>,
    mut history: ResMut<History>,
) {
    let provinces = sorted(provinces.iter(), |p| p.id);
    let polities = sorted(polities.iter(), |p| p.id);
    let communes = sorted(communes.iter(), |c| c.id);
    let input = gather_input(
        &provinces,
        &polities,
        &communes,
        &census,
        &federations,
        &geography,
        f64::from(level.scale),
    );
    let report = score(&input, &rules.scoring);
    history.entries.push(HistoryEntry {
        turn: clock.turn,
        world: report.world.clone(),
        polities: report.polities.clone(),
    });
    let previous = std::mem::replace(&mut scores.current, report);
    scores.previous = Some(previous);
}
