//! The level's goals: a scope that exists, a bound, a deadline within the
//! level, and a player to reach them.

use super::checker::Checker;
use super::refs::Refs;
use crate::level::schema::LevelFile;
use crate::level::tree::PathStep::{Field as F, Index as I};
use crate::sim::scenario::Goal;

/// Turns a goal's bounds must hold in a row when the level does not say.
pub const DEFAULT_HOLD: u32 = 5;

/// Checks and resolves every goal.
pub fn goals(c: &mut Checker, raw: &LevelFile, refs: &Refs) -> Vec<Goal> {
    let mut goals = Vec::new();
    if !raw.goals.is_empty() && refs.player.is_none() {
        c.error(
            &[F("goals")],
            "the level has goals but no polity with `controller: Player`".into(),
            "a Player polity",
            "give one polity `controller: Player`, or remove the goals".into(),
        );
    }
    for (i, g) in raw.goals.iter().enumerate() {
        let scope = refs.scope(c, &[F("goals"), I(i), F("scope")], &g.scope, g.metric);
        if g.at_least.is_none() && g.at_most.is_none() {
            c.error(
                &[F("goals"), I(i)],
                "a goal needs `at_least` or `at_most`".into(),
                "`at_least: 0.6` or `at_most: 0.3`",
                "say what value the player must reach".into(),
            );
        }
        let by_turn = g.by_turn.unwrap_or(raw.max_turns);
        if by_turn == 0 || by_turn > raw.max_turns {
            c.error(
                &[F("goals"), I(i), F("by_turn")],
                format!("by_turn {by_turn} is outside the level's turns"),
                &format!("1 to max_turns ({})", raw.max_turns),
                "lower it or raise max_turns".into(),
            );
        }
        let hold_for = g.hold_for.unwrap_or(DEFAULT_HOLD);
        if hold_for == 0 || hold_for > by_turn {
            c.error(
                &[F("goals"), I(i), F("hold_for")],
                format!("hold_for {hold_for} cannot be met by turn {by_turn}"),
                &format!("1 to by_turn ({by_turn})"),
                "a goal is met once its bounds have held for hold_for turns in a row".into(),
            );
        }
        if let Some(scope) = scope {
            goals.push(Goal {
                metric: g.metric,
                scope,
                at_least: g.at_least,
                at_most: g.at_most,
                by_turn,
                hold_for,
                note: g.note.clone(),
            });
        }
    }
    goals
}
