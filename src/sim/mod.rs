//! The rules of Free Association (GAME.md §2–§4): the world model, the
//! `Turn` schedule with its nine chained phases, scoring, AI and orders.
//! Depends on the ECS and app layers of Bevy only, so that it builds with
//! `--no-default-features`.

pub mod ai;
pub mod authority;
pub mod economy;
pub mod events;
pub mod exit;
pub mod geography;
pub mod ids;
pub mod orders;
pub mod outcome;
pub mod reassociation;
pub mod rng;
pub mod rules;
pub mod scoring;
pub mod setup;
pub mod snapshot;
pub mod utility;
pub mod voice;
pub mod world;

use std::time::{Duration, Instant};

use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings, ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;

/// The schedule that plays one turn.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Turn;

/// The phases of a turn, in order (GAME.md §3). Declared and chained here,
/// in one place.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TurnPhase {
    /// Apply the queued orders of the player and every AI polity.
    Orders,
    /// Authority, legitimacy, political capital, regime fall.
    Authority,
    /// Prosperity, trade, extraction.
    Economy,
    /// Grievance and protest, and each polity's answer.
    Voice,
    /// Citizens try to leave; closed borders block them.
    Exit,
    /// Movers join their destination; communes; referendums; federations.
    Reassociation,
    /// Scripted events.
    Events,
    /// The scoring model.
    Scoring,
    /// Victory or defeat.
    Outcome,
}

impl TurnPhase {
    /// All phases in order.
    pub const ALL: [TurnPhase; 9] = [
        TurnPhase::Orders,
        TurnPhase::Authority,
        TurnPhase::Economy,
        TurnPhase::Voice,
        TurnPhase::Exit,
        TurnPhase::Reassociation,
        TurnPhase::Events,
        TurnPhase::Scoring,
        TurnPhase::Outcome,
    ];

    /// Lower-case name, as in `--timings`.
    pub fn name(self) -> &'static str {
        match self {
            TurnPhase::Orders => "orders",
            TurnPhase::Authority => "authority",
            TurnPhase::Economy => "economy",
            TurnPhase::Voice => "voice",
            TurnPhase::Exit => "exit",
            TurnPhase::Reassociation => "reassociation",
            TurnPhase::Events => "events",
            TurnPhase::Scoring => "scoring",
            TurnPhase::Outcome => "outcome",
        }
    }
}

/// Wall-clock time of each phase of the last turn.
#[derive(Resource, Clone, Debug, Default)]
pub struct PhaseTimes {
    started: Option<(usize, Instant)>,
    /// Time per phase, in `TurnPhase::ALL` order.
    pub phases: [Duration; 9],
}

fn mark_phase(phase: usize) -> impl FnMut(ResMut<PhaseTimes>) {
    move |mut times: ResMut<PhaseTimes>| {
        let now = Instant::now();
        if let Some((previous, start)) = times.started.take() {
            times.phases[previous] = now - start;
        }
        if phase < TurnPhase::ALL.len() {
            times.started = Some((phase, now));
        }
    }
}

/// The simulation plugin: the `Turn` schedule with its phases and systems.
/// Run a turn with `world.run_schedule(Turn)` after [`setup::load_world`].
pub fn plugin(app: &mut App) {
    app.add_schedule(turn_schedule());
    app.init_resource::<PhaseTimes>();
}

/// The `Turn` schedule: the nine phases, chained, and their systems. A
/// world that holds a simulation gets it with `world.add_schedule`.
pub fn turn_schedule() -> Schedule {
    let mut schedule = Schedule::new(Turn);
    // Phases are chained and each system writes its own phase's state; one
    // thread keeps the order obvious. Per-citizen work inside a system runs
    // in parallel with `par_iter_mut`, which is order-independent.
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.set_build_settings(ScheduleBuildSettings {
        ambiguity_detection: LogLevel::Error,
        ..default()
    });
    schedule.configure_sets(
        (
            TurnPhase::Orders,
            TurnPhase::Authority,
            TurnPhase::Economy,
            TurnPhase::Voice,
            TurnPhase::Exit,
            TurnPhase::Reassociation,
            TurnPhase::Events,
            TurnPhase::Scoring,
            TurnPhase::Outcome,
        )
            .chain(),
    );
    schedule.add_systems(
        (
            mark_phase(0),
            setup::advance_clock,
            orders::orders_phase,
            setup::recount_census.run_if(setup::people_were_moved),
        )
            .chain()
            .in_set(TurnPhase::Orders),
    );
    schedule.add_systems(
        (mark_phase(1), authority::authority_phase)
            .chain()
            .in_set(TurnPhase::Authority),
    );
    schedule.add_systems(
        (
            mark_phase(2),
            economy::prosperity_phase,
            economy::wealth_phase,
        )
            .chain()
            .in_set(TurnPhase::Economy),
    );
    schedule.add_systems(
        (mark_phase(3), voice::voice_phase, voice::answer_protest)
            .chain()
            .in_set(TurnPhase::Voice),
    );
    schedule.add_systems(
        (mark_phase(4), exit::decide_exits, exit::tally_exits)
            .chain()
            .in_set(TurnPhase::Exit),
    );
    schedule.add_systems(
        (
            mark_phase(5),
            reassociation::apply_moves,
            reassociation::communes_phase,
            // Referendums and federations move no one: one recount serves
            // them and the Scoring phase.
            setup::recount_census,
            reassociation::referendums_phase,
            reassociation::federations_phase,
        )
            .chain()
            .in_set(TurnPhase::Reassociation),
    );
    schedule.add_systems(
        (mark_phase(6), events::events_phase)
            .chain()
            .in_set(TurnPhase::Events),
    );
    schedule.add_systems(
        (mark_phase(7), scoring::scoring_system)
            .chain()
            .in_set(TurnPhase::Scoring),
    );
    schedule.add_systems(
        (mark_phase(8), outcome::outcome_phase, mark_phase(9))
            .chain()
            .in_set(TurnPhase::Outcome),
    );
    schedule
}

/// Items sorted by their stable id: every rule iterates in id order, never
/// in query order.
pub fn sorted<T, K: Ord>(items: impl Iterator<Item = T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut list: Vec<T> = items.collect();
    list.sort_by_key(|item| key(item));
    list
}
