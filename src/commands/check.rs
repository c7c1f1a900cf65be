//! `check`: every error of every level and mod under the paths: the
//! level's own (file:line:column, what was expected, a hint), and the
//! actions and archetypes it names that no loaded mod defines.

use std::path::{Path, PathBuf};

use crate::level::{self, Diagnostic, Level};
use crate::modding::{ModChoice, expand};
use crate::sim::rules::Rules;
use crate::sim::world::Controller;

/// `check`: every error of every level and mod under the paths.
pub fn check(paths: &[PathBuf], choice: &ModChoice) -> (usize, Vec<Diagnostic>) {
    let mut checked = 0;
    let mut errors = Vec::new();
    for path in paths {
        match expand(path, choice) {
            Ok((files, ruleset)) => {
                checked += usize::from(path.join("mod.ron").is_file());
                for file in files {
                    checked += 1;
                    match level::load(&file) {
                        Ok(level) => {
                            errors.extend(unknown_actions(&level, &ruleset.rules));
                            errors.extend(unknown_archetypes(&level, &ruleset.rules));
                        }
                        Err(e) => errors.extend(e.0),
                    }
                }
            }
            Err(e) => errors.extend(e.0),
        }
    }
    (checked, errors)
}

/// Orders of a level's scenario tests that name actions no loaded mod
/// defines: a level that uses a mod's action is checked with the mod.
fn unknown_actions(level: &Level, rules: &Rules) -> Vec<Diagnostic> {
    use level::tree::PathStep::{Field, Index};
    let known: Vec<&str> = rules.actions.iter().map(|a| a.id.as_str()).collect();
    let mut errors = Vec::new();
    let tree = level::read_text(Path::new(level.file()))
        .ok()
        .and_then(|t| level::parse_tree(level.file(), &t).ok());
    for (i, test) in level.tests.iter().enumerate() {
        let Ok(orders) = level.test_orders(test) else {
            continue;
        };
        for (j, order) in orders.iter().enumerate() {
            let level::schema::ActionFile::Action { id, .. } = &order.action else {
                continue;
            };
            if known.contains(&id.as_str()) {
                continue;
            }
            let (file, pos) = match &test.orders {
                Some(level::schema::OrdersSource::File(path)) => {
                    (level.dir.join(path).display().to_string(), (0, 0))
                }
                _ => {
                    let path = [
                        Field("tests"),
                        Index(i),
                        Field("orders"),
                        Index(j),
                        Field("action"),
                    ];
                    (
                        level.file().to_string(),
                        tree.as_ref().map_or((0, 0), |t| t.locate(&path)),
                    )
                }
            };
            errors.push(
                Diagnostic::new(&file, pos, format!("test `{}` orders the action `{id}`, which no loaded mod defines", test.name))
                    .expected("an action of a loaded mod")
                    .hint(if known.is_empty() {
                        "check the level with its mod: `free-association check mods/<id>` or `--mods <id>`".to_string()
                    } else {
                        level::diagnostic::suggestion(id, known.iter().copied())
                    }),
            );
        }
    }
    errors
}

/// Polities of a level whose `Custom` archetype no loaded mod defines.
fn unknown_archetypes(level: &Level, rules: &Rules) -> Vec<Diagnostic> {
    use level::tree::PathStep::{Field, Index};
    let tree = level::read_text(Path::new(level.file()))
        .ok()
        .and_then(|t| level::parse_tree(level.file(), &t).ok());
    level
        .scenario
        .polities
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match &p.controller {
            Controller::Custom(id) if rules.archetype(id).is_none() => {
                let path = [Field("polities"), Index(i), Field("controller")];
                let pos = tree.as_ref().map_or((0, 0), |t| t.locate(&path));
                let known = rules.archetypes.iter().map(|a| a.id.as_str());
                Some(
                    Diagnostic::new(level.file(), pos, format!("polity `{}` is run by the archetype `{id}`, which no loaded mod defines", p.key))
                        .expected("a base archetype (`Ai(Warden)`, ...) or one of a loaded mod")
                        .hint(level::diagnostic::suggestion(id, known)),
                )
            }
            _ => None,
        })
        .collect()
}
