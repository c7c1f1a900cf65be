//! The load order of mods (GAME.md §8): the mods asked for and everything
//! they depend on; dependencies first, then `load_after`, then id.

use std::collections::{BTreeMap, BTreeSet};

use super::manifest::Mod;
use crate::level::diagnostic::{Diagnostic, Diagnostics, suggestion};

/// The mods to load, in order: `wanted` and everything they depend on;
/// dependencies first, then `load_after`, then id. Missing dependencies and
/// cycles are errors.
pub fn load_order(all: &[Mod], wanted: &[String]) -> Result<Vec<Mod>, Diagnostics> {
    let by_id: BTreeMap<&str, &Mod> = all.iter().map(|m| (m.manifest.id.as_str(), m)).collect();
    let mut errors = Vec::new();
    let mut selected: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<(String, Option<String>)> =
        wanted.iter().map(|w| (w.clone(), None)).collect();
    while let Some((id, needed_by)) = stack.pop() {
        if selected.contains(&id) {
            continue;
        }
        match by_id.get(id.as_str()) {
            Some(m) => {
                selected.insert(id.clone());
                stack.extend(
                    m.manifest
                        .dependencies
                        .iter()
                        .map(|d| (d.clone(), Some(id.clone()))),
                );
            }
            None => {
                let hint = suggestion(&id, by_id.keys().copied());
                let d = match needed_by.and_then(|n| by_id.get(n.as_str()).map(|m| (n, *m))) {
                    Some((n, m)) => Diagnostic::new(
                        &m.dir.join("mod.ron").display().to_string(),
                        (1, 1),
                        format!("mod `{n}` depends on `{id}`, which is not installed"),
                    ),
                    None => Diagnostic::new("--mods", (0, 0), format!("there is no mod `{id}`")),
                };
                errors.push(d.hint(hint));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    // Kahn's algorithm; among the ready, the smallest id first.
    let mut before: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for id in &selected {
        let m = by_id[id.as_str()];
        let deps = m.manifest.dependencies.iter().chain(&m.manifest.load_after);
        let entry = before.entry(id.as_str()).or_default();
        for d in deps.filter(|d| selected.contains(*d)) {
            entry.insert(d.as_str());
        }
    }
    let mut order = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while done.len() < selected.len() {
        let ready = before
            .iter()
            .find(|(id, deps)| !done.contains(*id) && deps.iter().all(|d| done.contains(d)))
            .map(|(id, _)| *id);
        match ready {
            Some(id) => {
                done.insert(id);
                order.push(by_id[id].clone());
            }
            None => {
                let stuck: Vec<&str> = before
                    .keys()
                    .filter(|id| !done.contains(*id))
                    .copied()
                    .collect();
                // Reported at a wanted mod's manifest when one is stuck.
                let at = stuck
                    .iter()
                    .find(|id| wanted.iter().any(|w| w == *id))
                    .unwrap_or(&stuck[0]);
                let m = by_id[at];
                return Err(Diagnostics(vec![
                    Diagnostic::new(
                        &m.dir.join("mod.ron").display().to_string(),
                        (1, 1),
                        format!(
                            "these mods depend on each other in a cycle: {}",
                            stuck.join(", ")
                        ),
                    )
                    .hint("remove one `dependencies` or `load_after` entry of the cycle"),
                ]));
            }
        }
    }
    Ok(order)
}

/// True when `a` is ordered before `b` by dependencies or `load_after`,
/// directly or through other mods.
pub fn ordered(mods: &[Mod], a: &str, b: &str) -> bool {
    let by_id: BTreeMap<&str, &Mod> = mods.iter().map(|m| (m.manifest.id.as_str(), m)).collect();
    let mut stack = vec![b];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if id == a {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        if let Some(m) = by_id.get(id) {
            stack.extend(
                m.manifest
                    .dependencies
                    .iter()
                    .chain(&m.manifest.load_after)
                    .map(String::as_str),
            );
        }
    }
    false
}
