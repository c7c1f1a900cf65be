//! `test`: the scenario tests inside levels and mods (GAME.md §7), each
//! played headless from its level's first turn and checked after its last.

use std::path::PathBuf;

use crate::level::schema::{ExpectFile, OrderFile, Versus};
use crate::level::scope::measure;
use crate::level::{self, Diagnostic, Level};
use crate::modding::{ModChoice, Ruleset, expand};
use crate::sim::simulation::Simulation;

/// The result of one scenario test.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    /// `level file: test name`.
    pub name: String,
    /// Failures, in words; empty when it passed.
    pub failures: Vec<String>,
}

/// Runs one scenario test of a level.
pub fn run_test(level: &Level, index: usize, ruleset: &Ruleset) -> TestResult {
    let test = &level.tests[index];
    let name = format!("{}: {}", level.file(), test.name);
    let orders = match level.test_orders(test) {
        Ok(o) => o,
        Err(e) => {
            return TestResult {
                name,
                failures: vec![e.to_string()],
            };
        }
    };
    let play = |orders: Vec<OrderFile>| {
        let mut sim = Simulation::new(&ruleset.scenario(level), ruleset.rules.clone(), test.seed);
        sim.queue_for_any(orders);
        for _ in 0..test.turns {
            sim.step();
        }
        sim
    };
    let played = play(orders);
    let idle = test
        .expect
        .iter()
        .any(|x| x.versus == Some(Versus::Idle))
        .then(|| play(Vec::new()));
    TestResult {
        name,
        failures: unmet(&test.expect, &played, idle.as_ref().unwrap_or(&played)),
    }
}

/// The expectations `played` does not meet, in words; `idle` is the same
/// test played with no orders, for expectations `versus: Idle`.
pub fn unmet(expect: &[ExpectFile], played: &Simulation, idle: &Simulation) -> Vec<String> {
    let mut failures = Vec::new();
    for x in expect {
        let value = measure(played, x.metric, &x.scope).and_then(|v| match x.versus {
            Some(Versus::Idle) => Ok(v - measure(idle, x.metric, &x.scope)?),
            None => Ok(v),
        });
        let what = match x.versus {
            Some(Versus::Idle) => format!("{:?} of {:?} against doing nothing", x.metric, x.scope),
            None => format!("{:?} of {:?}", x.metric, x.scope),
        };
        match value {
            Ok(value) => {
                if let Some(low) = x.at_least
                    && value < low
                {
                    failures.push(format!("{what} is {value:.4}, expected at least {low}"));
                }
                if let Some(high) = x.at_most
                    && value > high
                {
                    failures.push(format!("{what} is {value:.4}, expected at most {high}"));
                }
            }
            Err(e) => failures.push(e),
        }
    }
    failures
}

/// `test`: runs every scenario test of the levels and mods under the paths.
pub fn test(paths: &[PathBuf], choice: &ModChoice) -> (Vec<TestResult>, Vec<Diagnostic>) {
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let (files, ruleset) = match expand(path, choice) {
            Ok(found) => found,
            Err(e) => {
                errors.extend(e.0);
                continue;
            }
        };
        for file in files {
            match level::load(&file) {
                Ok(level) => {
                    results.extend((0..level.tests.len()).map(|i| run_test(&level, i, &ruleset)))
                }
                Err(e) => errors.extend(e.0),
            }
        }
    }
    (results, errors)
}
