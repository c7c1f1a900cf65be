//! The level's scenario tests (GAME.md §7): turns within the level, at
//! least one expectation with a bound, and orders files that stay beside
//! the level and read cleanly. Polity scopes of tests may name polities
//! founded during play, so they are resolved when a test runs.

use std::path::Path;

use super::checker::Checker;
use crate::level::orders::load_orders;
use crate::level::read::inside;
use crate::level::schema::{LevelFile, OrdersSource, ScopeFile};
use crate::level::tree::PathStep::{Field as F, Index as I};

/// Checks every scenario test of a level whose relative paths point into
/// `dir`.
pub fn check(c: &mut Checker, raw: &LevelFile, dir: &Path) {
    for (i, t) in raw.tests.iter().enumerate() {
        if t.turns == 0 || t.turns > raw.max_turns {
            c.error(
                &[F("tests"), I(i), F("turns")],
                format!("test `{}` plays {} turns", t.name, t.turns),
                &format!("1 to max_turns ({})", raw.max_turns),
                "a test plays at most the level's turns".into(),
            );
        }
        if t.expect.is_empty() {
            c.error(
                &[F("tests"), I(i), F("expect")],
                format!("test `{}` expects nothing", t.name),
                "at least one expectation",
                "a test must check something".into(),
            );
        }
        for (j, x) in t.expect.iter().enumerate() {
            if x.at_least.is_none() && x.at_most.is_none() {
                c.error(
                    &[F("tests"), I(i), F("expect"), I(j)],
                    "an expectation needs `at_least` or `at_most`".into(),
                    "a bound",
                    "say what value must hold".into(),
                );
            }
            if let ScopeFile::World = x.scope
                && x.metric.polity_only()
            {
                c.error(
                    &[F("tests"), I(i), F("expect"), I(j), F("metric")],
                    format!("{:?} is only defined for a polity", x.metric),
                    "`scope: Polity(\"id\")` or `scope: Player`",
                    "measure it for one polity".into(),
                );
            }
        }
        if let Some(OrdersSource::File(path)) = &t.orders {
            match inside(dir, path) {
                Ok(full) => {
                    if let Err(errs) = load_orders(&full) {
                        c.errors.extend(errs.0);
                    }
                }
                Err(e) => c.error(
                    &[F("tests"), I(i), F("orders")],
                    e,
                    "a path inside the level's folder, such as \"orders/plan.ron\"",
                    "move the orders file next to the level".into(),
                ),
            }
        }
    }
}
