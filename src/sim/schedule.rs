//! The `Turn` schedule (GAME.md §3): its phases as one chained set enum,
//! declared here and nowhere else, run on one thread with ambiguity
//! detection as an error, and timed phase by phase. Each phase's module
//! adds its own systems to its set.

use std::time::{Duration, Instant};

use bevy::ecs::schedule::{LogLevel, ScheduleBuildSettings, ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;

use super::world::{Clock, TurnStats};

/// The schedule that plays one turn.
#[derive(ScheduleLabel, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Turn;

/// The phases of a turn, in order (GAME.md §3).
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
    /// All phases in order: this list chains the sets and names the
    /// timings.
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

    /// Its place in [`TurnPhase::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case name, as in `--timings`.
    pub fn name(self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

/// Wall-clock time of each phase of the last turn.
#[derive(Resource, Clone, Debug, Default)]
pub struct PhaseTimes {
    started: Option<(TurnPhase, Instant)>,
    phases: [Duration; TurnPhase::ALL.len()],
}

impl PhaseTimes {
    /// The time a phase took in the last turn.
    pub fn of(&self, phase: TurnPhase) -> Duration {
        self.phases[phase.index()]
    }

    /// Ends the phase being timed, and starts timing `next` if any.
    fn mark(&mut self, next: Option<TurnPhase>) {
        let now = Instant::now();
        if let Some((previous, start)) = self.started.take() {
            self.phases[previous.index()] = now - start;
        }
        self.started = next.map(|phase| (phase, now));
    }
}

/// The schedule, its chained phases and their timing.
pub fn plugin(app: &mut App) {
    app.init_schedule(Turn);
    // Phases are chained and each system writes its own phase's state; one
    // thread keeps the order obvious. Per-citizen work inside a system runs
    // in parallel with `par_iter_mut`, which is order-independent.
    app.edit_schedule(Turn, |schedule| {
        schedule.set_executor(SingleThreadedExecutor::new());
        schedule.set_build_settings(ScheduleBuildSettings {
            ambiguity_detection: LogLevel::Error,
            ..default()
        });
    });
    app.init_resource::<PhaseTimes>();
    app.init_resource::<TurnStats>();
    let mut before: Option<TurnPhase> = None;
    for phase in TurnPhase::ALL {
        let start = (move |mut times: ResMut<PhaseTimes>| times.mark(Some(phase))).before(phase);
        match before {
            Some(previous) => {
                app.configure_sets(Turn, previous.before(phase));
                app.add_systems(Turn, start.after(previous));
            }
            None => {
                app.add_systems(Turn, start);
            }
        }
        before = Some(phase);
    }
    if let Some(last) = before {
        app.add_systems(
            Turn,
            (|mut times: ResMut<PhaseTimes>| times.mark(None)).after(last),
        );
    }
}

/// Starts a turn: advances the clock and clears last turn's tallies.
pub fn advance_clock(mut clock: ResMut<Clock>, mut stats: ResMut<TurnStats>) {
    clock.turn += 1;
    *stats = TurnStats::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_listed_in_their_declared_order() {
        for (i, phase) in TurnPhase::ALL.into_iter().enumerate() {
            assert_eq!(phase.index(), i, "{phase:?}");
        }
        assert_eq!(TurnPhase::Reassociation.name(), "reassociation");
    }
}
