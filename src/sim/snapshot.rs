//! Saves: the whole simulation state as one serializable value. Restoring
//! a snapshot and playing on gives exactly the states that playing on
//! without saving gives, since every draw is keyed by `(seed, turn, id)`
//! and every tally a later phase reads is saved with it.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::census::Census;
use super::citizens::Citizens;
use super::events::EventState;
use super::geography::Geography;
use super::ids::Keys;
use super::order::Order;
use super::orders::{OrderLog, OrderQueue, OrderRecord};
use super::outcome::Outcome;
use super::rules::Rules;
use super::scenario::Scenario;
use super::scoring::{History, ScoreReport, Scores};
use super::setup::{Entities, install};
use super::world::{Citizen, Clock, Commune, Federations, Polity, Province, Registry, TurnStats};

/// Everything needed to continue a game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The game version that wrote it.
    pub game_version: String,
    /// The level file it was played from.
    pub level_file: String,
    /// The fingerprint of that level's text.
    pub level_fingerprint: u64,
    /// Turn and seed.
    pub clock: Clock,
    /// Provinces in id order.
    pub provinces: Vec<Province>,
    /// Polities in id order.
    pub polities: Vec<Polity>,
    /// Citizens in id order.
    pub citizens: Vec<Citizen>,
    /// Communes in id order.
    pub communes: Vec<Commune>,
    /// Federations and proposals.
    pub federations: Federations,
    /// The census after the last recount.
    pub census: Census,
    /// The last turn's tallies.
    pub stats: TurnStats,
    /// The last scoring.
    pub scores: ScoreReport,
    /// Score history.
    pub history: History,
    /// Orders waiting for later turns.
    pub queue: Vec<Order<Keys>>,
    /// The queue may command any polity (a scenario test's).
    #[serde(default)]
    pub queue_for_any: bool,
    /// Every order applied or refused.
    pub log: Vec<OrderRecord>,
    /// Which events have fired.
    pub fired: Vec<bool>,
    /// Goals and the game state.
    pub outcome: Outcome,
    /// The mods it was played with, in load order (none in saves made
    /// before saves recorded them).
    #[serde(default)]
    pub mods: Vec<ModStamp>,
    /// The rules it was played by (none in saves made before saves
    /// recorded them): a save whose mods are gone or changed can play on
    /// by these.
    #[serde(default)]
    pub rules: Option<Rules>,
}

/// A mod a game was played with, as a save records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModStamp {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// A hash of every file in its folder.
    pub content_hash: u64,
}

/// How the mods a save was made with differ from those loaded now, one
/// line each (none when they are the same, in the same order).
pub fn mod_differences(saved: &[ModStamp], now: &[ModStamp]) -> Vec<String> {
    let mut differences = Vec::new();
    for old in saved {
        match now.iter().find(|m| m.id == old.id) {
            None => differences.push(format!(
                "mod `{}` {} is not loaded now",
                old.id, old.version
            )),
            Some(new) if new.version != old.version => differences.push(format!(
                "mod `{}` is {} now; the save was made with {}",
                old.id, new.version, old.version
            )),
            Some(new) if new.content_hash != old.content_hash => differences.push(format!(
                "mod `{}` {} has changed since the save was made",
                old.id, old.version
            )),
            Some(_) => {}
        }
    }
    for new in now
        .iter()
        .filter(|m| !saved.iter().any(|old| old.id == m.id))
    {
        differences.push(format!(
            "mod `{}` {} is loaded now but was not when the save was made",
            new.id, new.version
        ));
    }
    let ids = |mods: &[ModStamp]| mods.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    if differences.is_empty() && ids(saved) != ids(now) {
        differences.push(format!(
            "the mods load in another order now ({}; the save: {})",
            ids(now).join(", "),
            ids(saved).join(", ")
        ));
    }
    differences
}

/// Why a snapshot cannot be restored.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    /// The level file changed since the save was written.
    #[error("the save was made with a different version of {0}: the level has changed since")]
    LevelChanged(String),
    /// The save does not fit the level.
    #[error("the save does not fit {level}: {reason}")]
    Mismatch {
        /// The level file.
        level: String,
        /// What does not fit.
        reason: String,
    },
}

/// Captures the state of a world built by `setup::load_world`.
pub fn capture(world: &World) -> Snapshot {
    capture_with(world, world.resource::<Citizens>().rows().collect())
}

/// A copy of a live world's state to play on elsewhere (the game's
/// background turn): a snapshot whose citizens travel as columns, with the
/// geography, so that neither is rebuilt.
#[derive(Clone, Debug)]
pub struct Fork {
    snapshot: Snapshot,
    citizens: Citizens,
    geography: Geography,
}

/// Copies the state of a world built by `setup::load_world`.
pub fn fork(world: &World) -> Fork {
    Fork {
        snapshot: capture_with(world, Vec::new()),
        citizens: world.resource::<Citizens>().clone(),
        geography: world.resource::<Geography>().clone(),
    }
}

fn capture_with(world: &World, citizens: Vec<Citizen>) -> Snapshot {
    let scenario = world.resource::<Scenario>();
    let (level_file, level_fingerprint) = (scenario.file.clone(), scenario.fingerprint);
    let registry = world.resource::<Registry>();
    Snapshot {
        game_version: crate::VERSION.to_string(),
        level_file,
        level_fingerprint,
        clock: *world.resource::<Clock>(),
        provinces: registry.provinces(world).into_iter().cloned().collect(),
        polities: registry.polities(world).into_iter().cloned().collect(),
        citizens,
        communes: registry.communes(world).into_iter().cloned().collect(),
        federations: world.resource::<Federations>().clone(),
        census: world.resource::<Census>().clone(),
        stats: world.resource::<TurnStats>().clone(),
        scores: world.resource::<Scores>().current.clone(),
        history: world.resource::<History>().clone(),
        queue: world.resource::<OrderQueue>().orders.clone(),
        queue_for_any: world.resource::<OrderQueue>().any_polity,
        log: world.resource::<OrderLog>().records.clone(),
        fired: world.resource::<EventState>().fired.clone(),
        outcome: world.resource::<Outcome>().clone(),
        // What the game is played by is recorded by whoever saves
        // (`saves::recorded`), not copied into every fork.
        mods: Vec::new(),
        rules: None,
    }
}

/// True when every table of the census has the size the world needs.
fn census_fits(
    census: &Census,
    provinces: usize,
    cultures: usize,
    origins: usize,
    communes: usize,
) -> bool {
    census.cultures == cultures
        && census.by_culture.len() == provinces * cultures
        && census.origins == origins
        && [
            census.by_origin.len(),
            census.coerced_by_origin.len(),
            census.members_by_origin.len(),
        ]
        .iter()
        .all(|&n| n == provinces * origins)
        && [
            census.population.len(),
            census.coerced.len(),
            census.commune_members.len(),
            census.grievance.len(),
            census.protesters.len(),
        ]
        .iter()
        .all(|&n| n == provinces)
        && census.commune_sizes.len() == communes
}

/// Builds a world, which holds the simulation's plugin, from a snapshot of
/// a game of `level`.
pub fn restore(
    world: &mut World,
    level: &Scenario,
    rules: Rules,
    snapshot: Snapshot,
) -> Result<(), RestoreError> {
    restore_parts(world, level, rules, snapshot, None)
}

/// Builds a world, which holds the simulation's plugin, from a fork of a
/// game of `level`: the same world [`restore`] builds from a snapshot.
pub fn restore_fork(
    world: &mut World,
    level: &Scenario,
    rules: Rules,
    fork: Fork,
) -> Result<(), RestoreError> {
    let live = (fork.citizens, fork.geography);
    restore_parts(world, level, rules, fork.snapshot, Some(live))
}

fn restore_parts(
    world: &mut World,
    level: &Scenario,
    rules: Rules,
    snapshot: Snapshot,
    live: Option<(Citizens, Geography)>,
) -> Result<(), RestoreError> {
    if snapshot.level_fingerprint != level.fingerprint {
        return Err(RestoreError::LevelChanged(level.file.clone()));
    }
    fits(&snapshot, level).map_err(|reason| RestoreError::Mismatch {
        level: level.file.clone(),
        reason,
    })?;
    let (citizens, geography) = match live {
        Some((citizens, geography)) => (citizens, Some(geography)),
        None => (snapshot.citizens.into_iter().collect(), None),
    };
    let entities = Entities {
        provinces: snapshot.provinces,
        polities: snapshot.polities,
        citizens,
        communes: snapshot.communes,
    };
    install(world, level, rules, snapshot.clock, entities, geography);
    world.insert_resource(snapshot.federations);
    world.insert_resource(snapshot.census);
    world.insert_resource(snapshot.stats);
    world.insert_resource(Scores {
        current: snapshot.scores,
        previous: None,
    });
    world.insert_resource(snapshot.history);
    world.insert_resource(OrderQueue {
        orders: snapshot.queue,
        any_polity: snapshot.queue_for_any,
    });
    world.insert_resource(OrderLog {
        records: snapshot.log,
    });
    world.insert_resource(EventState {
        fired: snapshot.fired,
    });
    world.insert_resource(snapshot.outcome);
    Ok(())
}

/// Why `snapshot` cannot belong to `level`: counts that differ, ids out of
/// order, references to things that do not exist.
fn fits(snapshot: &Snapshot, level: &Scenario) -> Result<(), String> {
    if snapshot.provinces.len() != level.provinces.len() {
        return Err(format!(
            "{} provinces in the save, {} in the level",
            snapshot.provinces.len(),
            level.provinces.len()
        ));
    }
    let ids_dense = snapshot
        .provinces
        .iter()
        .enumerate()
        .all(|(i, p)| p.id.index() == i)
        && snapshot
            .polities
            .iter()
            .enumerate()
            .all(|(i, p)| p.id.index() == i)
        && snapshot
            .citizens
            .iter()
            .enumerate()
            .all(|(i, c)| c.id.index() == i)
        && snapshot
            .communes
            .iter()
            .enumerate()
            .all(|(i, c)| c.id.index() == i);
    if !ids_dense {
        return Err("ids are not dense and in order".into());
    }
    let (cultures, provinces, polities, communes) = (
        level.cultures.len(),
        snapshot.provinces.len(),
        snapshot.polities.len(),
        snapshot.communes.len(),
    );
    let refs_ok = snapshot
        .provinces
        .iter()
        .all(|p| p.owner.index() < polities)
        && snapshot.citizens.iter().all(|c| {
            c.home.index() < provinces
                && c.culture.index() < cultures
                && c.commune.is_none_or(|k| k.index() < communes)
        })
        && snapshot
            .communes
            .iter()
            .all(|c| c.province.index() < provinces)
        && snapshot.polities.iter().all(|k| {
            k.federation
                .is_none_or(|f| f.index() < snapshot.federations.list.len())
        })
        && snapshot
            .federations
            .list
            .iter()
            .all(|f| f.members.iter().all(|m| m.index() < polities))
        && snapshot
            .federations
            .proposals
            .iter()
            .all(|(a, b)| a.index() < polities && b.index() < polities)
        && census_fits(
            &snapshot.census,
            provinces,
            cultures,
            level.polities.len(),
            communes,
        )
        && snapshot
            .citizens
            .iter()
            .all(|c| c.origin.index() < level.polities.len())
        && snapshot.fired.len() <= level.events.len()
        && snapshot.outcome.met.len() <= level.goals.len();
    if !refs_ok {
        return Err(
            "it refers to provinces, polities, cultures or communes that do not exist".into(),
        );
    }
    Ok(())
}
