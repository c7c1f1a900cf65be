//! Outcome phase (GAME.md §3.9): the level's goals are checked after each
//! scoring. A goal is met at the first turn by its deadline at which its
//! metric has held within its bounds for `hold_for` turns in a row
//! (required property 11: a spike does not win); victory when every goal is
//! met; defeat when a deadline passes unmet, the player's polity is gone,
//! or the player's regime fell (unless the level says the game goes on).

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::census::Census;
use super::ids::{PolityId, sorted};
use super::scenario::{Goal, Metric, PlayerFall, Scenario, Scope};
use super::schedule::{Turn, TurnPhase};
use super::scoring::{ScoreReport, Scores};
use super::world::{Clock, Controller, Polity, Province, TurnStats};

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
    /// A goal missed, the player's polity gone, or its regime fallen.
    Defeat {
        /// The turn it was lost.
        turn: u32,
        /// Why, in words.
        reason: String,
        /// Why.
        cause: DefeatCause,
    },
    /// The last turn was played in a level without goals.
    Ended {
        /// The last turn.
        turn: u32,
    },
}

/// Why a game was lost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DefeatCause {
    /// A goal's deadline passed.
    #[default]
    MissedGoal,
    /// The player's polity no longer exists.
    PolityGone,
    /// The player's regime fell.
    RegimeFell,
}

/// Goal progress and the game state.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Victory, defeat, or still playing.
    pub state: GameState,
    /// For each goal, the first turn it was met.
    pub met: Vec<Option<u32>>,
    /// For each goal, the turns in a row its bounds have held so far.
    #[serde(default)]
    pub streak: Vec<u32>,
}

/// The Outcome phase's resources and system.
pub fn plugin(app: &mut App) {
    app.init_resource::<Outcome>();
    app.add_systems(Turn, outcome_phase.in_set(TurnPhase::Outcome));
}

/// What a metric is measured from: the scoring, the turn's tallies, the
/// polities and provinces (in id order) and the census.
#[derive(Clone, Copy)]
pub struct Measured<'a> {
    /// The last scoring.
    pub scores: &'a ScoreReport,
    /// The turn's tallies.
    pub stats: &'a TurnStats,
    /// Every polity, in id order.
    pub polities: &'a [&'a Polity],
    /// Every province, in id order.
    pub provinces: &'a [&'a Province],
    /// The census.
    pub census: &'a Census,
}

/// The value of a metric in a scope; `None` when the scope does not exist
/// (a dissolved polity).
pub fn measure(metric: Metric, scope: Scope, from: Measured) -> Option<f64> {
    let Measured {
        scores,
        stats,
        polities,
        ..
    } = from;
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
        Metric::RulerPower => polity?.0.power.ruler,
        Metric::ExitOpenness => polity?.0.borders.exit.openness(),
        Metric::CommuneCharter => polity?.0.commune_charter,
        Metric::Federated => f64::from(u8::from(polity?.0.federation.is_some())),
        Metric::FreedomToLeave => metrics?.exit_option,
        Metric::ExitDiscipline => metrics?.exit_discipline,
        Metric::Legacy => match scope {
            Scope::World => world.legacy,
            Scope::Polity(id) => scores.legacy(id)?,
        },
        Metric::CommuneMembers => commune_members(scope, from.provinces, from.census),
    })
}

/// The share of the scope's people who are members of a commune.
fn commune_members(scope: Scope, provinces: &[&Province], census: &Census) -> f64 {
    let (members, people) = provinces
        .iter()
        .filter(|p| match scope {
            Scope::World => true,
            Scope::Polity(id) => p.owner == id,
        })
        .map(|p| {
            let count = |list: &[u32]| u64::from(list.get(p.id.index()).copied().unwrap_or(0));
            (count(&census.commune_members), count(&census.population))
        })
        .fold((0, 0), |(m, n), (a, b)| (m + a, n + b));
    if people == 0 {
        0.0
    } else {
        members as f64 / people as f64
    }
}

/// Checks the goals after scoring.
pub fn outcome_phase(
    scenario: Res<Scenario>,
    scores: Res<Scores>,
    stats: Res<TurnStats>,
    (polities, provinces): (Query<&Polity>, Query<&Province>),
    (census, clock): (Res<Census>, Res<Clock>),
    mut outcome: ResMut<Outcome>,
) {
    if outcome.state != GameState::Playing {
        return;
    }
    let polities = sorted(polities.iter(), |p| p.id);
    let provinces = sorted(provinces.iter(), |p| p.id);
    let from = Measured {
        scores: &scores.current,
        stats: &stats,
        polities: &polities,
        provinces: &provinces,
        census: &census,
    };
    let turn = clock.turn;
    let goals: &[Goal] = &scenario.goals;
    let outcome = &mut *outcome;
    outcome.met.resize(goals.len(), None);
    outcome.streak.resize(goals.len(), 0);
    for ((goal, met), streak) in goals
        .iter()
        .zip(outcome.met.iter_mut())
        .zip(outcome.streak.iter_mut())
    {
        let holds = measure(goal.metric, goal.scope, from).is_some_and(|v| goal.met_by(v));
        *streak = if holds { *streak + 1 } else { 0 };
        if met.is_none() && turn <= goal.by_turn && *streak >= goal.hold_for.max(1) {
            *met = Some(turn);
        }
    }
    let player = polities.iter().find(|p| p.controller == Controller::Player);
    let name = |id: PolityId| {
        polities
            .get(id.index())
            .map_or("?".to_string(), |p| p.name.clone())
    };
    let defeat = |reason: String, cause| GameState::Defeat {
        turn,
        reason,
        cause,
    };
    outcome.state = if player.is_some_and(|p| p.dissolved) {
        defeat(
            "your polity no longer exists".into(),
            DefeatCause::PolityGone,
        )
    } else if player.is_some_and(|p| p.falls > 0) && scenario.on_player_fall == PlayerFall::Defeat {
        defeat(
            "your regime fell: the people did what you would not".into(),
            DefeatCause::RegimeFell,
        )
    } else if let Some(goal) = goals
        .iter()
        .zip(&outcome.met)
        .find(|(g, m)| m.is_none() && turn >= g.by_turn)
        .map(|(g, _)| g)
    {
        defeat(
            format!("missed the goal: {}", goal.describe(name)),
            DefeatCause::MissedGoal,
        )
    } else if !goals.is_empty() && outcome.met.iter().all(Option::is_some) {
        GameState::Victory { turn }
    } else if turn >= scenario.max_turns {
        GameState::Ended { turn }
    } else {
        GameState::Playing
    };
}
