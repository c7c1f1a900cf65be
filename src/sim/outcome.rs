//! Outcome phase (GAME.md §3.9): the level's goals are checked after each
//! scoring; victory when every goal has been met by its turn, defeat when
//! a deadline passes unmet or the player's polity is gone.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::ids::{PolityId, sorted};
use super::scenario::{Goal, Metric, Scenario, Scope};
use super::schedule::{Turn, TurnPhase};
use super::scoring::{ScoreReport, Scores};
use super::world::{Clock, Controller, Polity, TurnStats};

/// The state of the game.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum GameState {
    /// Still playing.
    #[default]
    Playing,
    /// Every goal met.
    Victory {
        /// The turn it was won.
        turn: u32,
    },
    /// A goal missed, or the player's polity gone.
    Defeat {
        /// The turn it was lost.
        turn: u32,
        /// Why.
        reason: String,
    },
    /// The last turn was played in a level without goals.
    Ended {
        /// The last turn.
        turn: u32,
    },
}

/// Goal progress and the game state.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Victory, defeat, or still playing.
    pub state: GameState,
    /// For each goal, the first turn it was met.
    pub met: Vec<Option<u32>>,
}

/// The Outcome phase's resources and system.
pub fn plugin(app: &mut App) {
    app.init_resource::<Outcome>();
    app.add_systems(Turn, outcome_phase.in_set(TurnPhase::Outcome));
}

/// The value of a metric in a scope, from a scoring and the turn's tallies;
/// `None` when the scope does not exist (a dissolved polity).
pub fn measure(
    metric: Metric,
    scope: Scope,
    scores: &ScoreReport,
    stats: &TurnStats,
    polities: &[&Polity],
) -> Option<f64> {
    let world = &scores.world;
    let polity = match scope {
        Scope::World => None,
        Scope::Polity(id) => Some((polities.iter().find(|p| p.id == id)?, scores.polity(id))),
    };
    let metrics = match polity {
        None => Some(&world.metrics),
        Some((_, score)) => score.map(|s| &s.metrics),
    };
    Some(match metric {
        Metric::Score => metrics?.score,
        Metric::Domination => metrics?.domination,
        Metric::PowerExposure => metrics?.power_exposure,
        Metric::ExitOption => metrics?.exit_option,
        Metric::Voluntariness => metrics?.voluntariness,
        Metric::Equality => metrics?.equality,
        Metric::ForcedSorting => metrics?.forced_sorting,
        Metric::Population => metrics.map_or(0.0, |m| m.population),
        Metric::Coerced => metrics.map_or(0.0, |m| m.coerced),
        Metric::Fragmentation => world.fragmentation,
        Metric::EffectivePolities => world.effective_polities,
        Metric::Hierarchies => f64::from(world.hierarchies),
        Metric::Migrants => f64::from(stats.migrants),
        Metric::BlockedExits => match polity {
            None => f64::from(stats.blocked_exits),
            Some((p, _)) => f64::from(p.turn.blocked),
        },
        Metric::Legitimacy => polity?.0.legitimacy,
        Metric::Authority => polity?.0.ruler.authority,
    })
}

/// Checks the goals after scoring.
pub fn outcome_phase(
    scenario: Res<Scenario>,
    scores: Res<Scores>,
    stats: Res<TurnStats>,
    polities: Query<&Polity>,
    clock: Res<Clock>,
    mut outcome: ResMut<Outcome>,
) {
    if outcome.state != GameState::Playing {
        return;
    }
    let polities = sorted(polities.iter(), |p| p.id);
    let turn = clock.turn;
    let goals: &[Goal] = &scenario.goals;
    outcome.met.resize(goals.len(), None);
    for (goal, met) in goals.iter().zip(outcome.met.iter_mut()) {
        if met.is_none()
            && turn <= goal.by_turn
            && measure(goal.metric, goal.scope, &scores.current, &stats, &polities)
                .is_some_and(|v| goal.met_by(v))
        {
            *met = Some(turn);
        }
    }
    let player_gone = polities
        .iter()
        .any(|p| p.controller == Controller::Player && p.dissolved);
    let name = |id: PolityId| {
        polities
            .get(id.index())
            .map_or("?".to_string(), |p| p.name.clone())
    };
    outcome.state = if player_gone {
        GameState::Defeat {
            turn,
            reason: "your polity no longer exists".into(),
        }
    } else if let Some(goal) = goals
        .iter()
        .zip(&outcome.met)
        .find(|(g, m)| m.is_none() && turn >= g.by_turn)
        .map(|(g, _)| g)
    {
        GameState::Defeat {
            turn,
            reason: format!("missed the goal: {}", goal.describe(name)),
        }
    } else if !goals.is_empty() && outcome.met.iter().all(Option::is_some) {
        GameState::Victory { turn }
    } else if turn >= scenario.max_turns {
        GameState::Ended { turn }
    } else {
        GameState::Playing
    };
}
