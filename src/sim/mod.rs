//! The rules of Free Association (GAME.md §2–§4): the world model, the
//! `Turn` schedule with its nine chained phases, scoring, AI and orders.
//! Depends on the ECS and app layers of Bevy only, so that it builds with
//! `--no-default-features`, and on nothing else of this crate: the level
//! format, mods and the game are built on it, never the other way round.
//!
//! Play it through [`simulation::Simulation`]: the one door between the
//! simulation and everything else.

pub mod admission;
pub mod ai;
pub mod annexation;
pub mod authority;
pub mod census;
pub mod citizens;
pub mod coercion;
pub mod communes;
pub mod crew;
pub mod economy;
pub mod effect;
pub mod enact;
pub mod events;
pub mod exit;
pub mod geography;
pub mod hash;
pub mod ids;
pub mod news;
pub mod order;
pub mod orders;
pub mod outcome;
pub mod parallel;
pub mod reassociation;
pub mod refusal;
pub mod rng;
pub mod rules;
pub mod scenario;
pub mod schedule;
pub mod scoring;
pub mod setup;
pub mod simulation;
pub mod snapshot;
pub mod suggest;
pub mod territory;
pub mod utility;
pub mod voice;
pub mod world;

use bevy::prelude::*;

/// The simulation plugin: the `Turn` schedule, and each phase's resources
/// and systems, installed by the phase itself. A world holding a game is
/// then filled with [`setup::load_world`] or [`snapshot::restore`].
pub fn plugin(app: &mut App) {
    app.add_plugins((
        schedule::plugin,
        census::plugin,
        admission::plugin,
        orders::plugin,
        authority::plugin,
        economy::plugin,
        voice::plugin,
        exit::plugin,
        reassociation::plugin,
        events::plugin,
        scoring::plugin,
        outcome::plugin,
    ));
}

#[cfg(test)]
mod fixture;
