//! Every mod found, each judged on its own merits (GAME.md §8): a broken
//! mod is listed with its errors and never keeps the others from loading;
//! a mod that needs a broken one is disabled, and says which.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::manifest::{Found, Mod, discover};
use super::{ModSet, load_order};
use crate::level::diagnostic::{Diagnostic, Diagnostics, suggestion};

/// What a mod is, loaded with its dependencies and nothing else.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// It loads.
    Ok,
    /// Its own errors: its manifest, its files, its place in the load
    /// order (a missing dependency, a cycle), or two of its dependencies
    /// that change one thing with no order between them.
    Broken(Vec<Diagnostic>),
    /// It needs `dependency` (directly or through other mods), which is
    /// broken.
    Disabled {
        /// The broken mod it needs.
        dependency: String,
        /// That mod's folder.
        dir: PathBuf,
    },
}

impl State {
    /// A word for lists: `ok`, `broken` or `disabled`.
    pub fn word(&self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Broken(_) => "broken",
            State::Disabled { .. } => "disabled",
        }
    }

    /// Its errors, or the one that says which broken mod it needs (at the
    /// manifest of the mod `dir` holds).
    pub fn errors(&self, id: &str, dir: &Path) -> Vec<Diagnostic> {
        match self {
            State::Ok => Vec::new(),
            State::Broken(errors) => errors.clone(),
            State::Disabled {
                dependency,
                dir: broken,
            } => vec![
                Diagnostic::new(
                    &dir.join("mod.ron").display().to_string(),
                    (1, 1),
                    format!("mod `{id}` needs `{dependency}`, which is broken"),
                )
                .hint(format!(
                    "fix `{dependency}` (`free-association check {}`), or load without `{id}`",
                    broken.display()
                )),
            ],
        }
    }
}

/// Every mod folder found in the mod folders, and what each is on its own.
pub struct Catalog {
    /// Every folder with a `mod.ron`, in folder order.
    pub found: Vec<Found>,
    /// States worked out so far, by id.
    states: BTreeMap<String, State>,
}

impl Catalog {
    /// Every mod in the folders given.
    pub fn find(dirs: &[PathBuf]) -> Catalog {
        Catalog {
            found: discover(dirs),
            states: BTreeMap::new(),
        }
    }

    /// The mods whose manifests read (one per id).
    pub fn sound(&self) -> Vec<Mod> {
        self.found.iter().filter_map(Found::sound).collect()
    }

    /// The mod of an id: the copy whose manifest reads, else the first.
    fn get(&self, id: &str) -> Option<&Found> {
        let mut copies = self.found.iter().filter(|f| f.id == id);
        let first = copies.clone().next();
        copies.find(|f| f.manifest.is_ok()).or(first)
    }

    /// Every mod found with its state, in folder order.
    pub fn states(&mut self) -> Vec<(Found, State)> {
        let found = self.found.clone();
        found
            .into_iter()
            .map(|f| {
                let state = match &f.manifest {
                    // A second copy of a sound mod is judged by its own errors.
                    Err(errors) => State::Broken(errors.clone()),
                    Ok(_) => self.state(&f.id),
                };
                (f, state)
            })
            .collect()
    }

    /// The state of the mod `id`, loaded with its dependencies.
    pub fn state(&mut self, id: &str) -> State {
        if let Some(state) = self.states.get(id) {
            return state.clone();
        }
        let state = self.judge(id);
        self.states.insert(id.to_string(), state.clone());
        state
    }

    fn judge(&mut self, id: &str) -> State {
        let Some(found) = self.get(id) else {
            let known = self.found.iter().map(|f| f.id.as_str());
            return State::Broken(vec![
                Diagnostic::new("--mods", (0, 0), format!("there is no mod `{id}`"))
                    .hint(suggestion(id, known)),
            ]);
        };
        if let Err(errors) = &found.manifest {
            return State::Broken(errors.clone());
        }
        if let Some(broken) = self.broken_dependency(id) {
            return broken;
        }
        let order = match load_order(&self.sound(), &[id.to_string()]) {
            Ok(order) => order,
            Err(e) => return State::Broken(e.0),
        };
        // The dependencies first, each on its own (the order has no cycle).
        for dependency in order.iter().filter(|m| m.manifest.id != id) {
            match self.state(&dependency.manifest.id) {
                State::Ok => {}
                State::Broken(_) => {
                    return State::Disabled {
                        dependency: dependency.manifest.id.clone(),
                        dir: dependency.dir.clone(),
                    };
                }
                disabled @ State::Disabled { .. } => return disabled,
            }
        }
        match super::assemble(order, false) {
            Ok(_) => State::Ok,
            Err(e) => State::Broken(e.0),
        }
    }

    /// The first mod `id` needs, directly or not, whose manifest does not
    /// read (found in the folders, unlike a missing one).
    fn broken_dependency(&self, id: &str) -> Option<State> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![id.to_string()];
        while let Some(next) = stack.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            match self.get(&next) {
                Some(Found {
                    manifest: Ok(manifest),
                    ..
                }) => stack.extend(manifest.dependencies.iter().rev().cloned()),
                Some(Found {
                    manifest: Err(_),
                    dir,
                    ..
                }) if next != id => {
                    return Some(State::Disabled {
                        dir: dir.clone(),
                        dependency: next,
                    });
                }
                _ => {}
            }
        }
        None
    }

    /// The ids of the mods that load, in folder order.
    pub fn loading(&mut self) -> Vec<String> {
        self.states()
            .into_iter()
            .filter(|(_, s)| *s == State::Ok)
            .map(|(f, _)| f.id)
            .collect()
    }

    /// Loads the mods `wanted` (and their dependencies), each judged with
    /// its dependencies only: other mods, broken or not, change nothing.
    pub fn load(&mut self, wanted: &[String]) -> Result<ModSet, Diagnostics> {
        let wanted_once: BTreeSet<&String> = wanted.iter().collect();
        let mut errors = Vec::new();
        for id in wanted_once {
            let state = self.state(id);
            let dir = self
                .get(id)
                .map_or_else(|| PathBuf::from(id), |f| f.dir.clone());
            errors.extend(state.errors(id, &dir));
        }
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        super::assemble(load_order(&self.sound(), wanted)?, true)
    }
}
