//! `test`: the scenario tests inside levels and mods (GAME.md §7), each
//! played headless from its level's first turn and checked after its last.

use std::path::PathBuf;

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
    let fail = |message: String| TestResult {
        name: name.clone(),
        failures: vec![message],
    };
    let orders = match level.test_orders(test) {
        Ok(o) => o,
        Err(e) => return fail(e.to_string()),
    };
    let mut simulation =
        Simulation::new(&ruleset.scenario(level), ruleset.rules.clone(), test.seed);
    simulation.queue(orders);
    for _ in 0..test.turns {
        simulation.step();
    }
    let mut failures = Vec::new();
    for expect in &test.expect {
        match measure(&simulation, expect.metric, &expect.scope) {
            Ok(value) => {
                if let Some(low) = expect.at_least
                    && value < low
                {
                    failures.push(format!(
                        "{:?} of {:?} is {value:.4}, expected at least {low}",
                        expect.metric, expect.scope
                    ));
                }
                if let Some(high) = expect.at_most
                    && value > high
                {
                    failures.push(format!(
                        "{:?} of {:?} is {value:.4}, expected at most {high}",
                        expect.metric, expect.scope
                    ));
                }
            }
            Err(e) => failures.push(e),
        }
    }
    TestResult { name, failures }
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
