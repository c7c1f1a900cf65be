//! `mods list` and `mods explain`: every mod found with its state (a broken
//! mod never hides the others), and which file of which mod set a
//! definition.

use std::io::Write;
use std::path::PathBuf;

use crate::modding::{self, Catalog, State};

/// `mods list`: every mod found, the loading ones in load order, then the
/// others with their errors; exit status 1 only when `strict` and one is
/// broken or disabled.
pub fn list(dirs: &[PathBuf], strict: bool, out: &mut impl Write) -> i32 {
    let mut catalog = Catalog::find(dirs);
    let states = catalog.states();
    if states.is_empty() {
        let folders: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        let _ = writeln!(out, "no mods found in {}", folders.join(", "));
        return 0;
    }
    let loading: Vec<String> = states
        .iter()
        .filter(|(_, s)| *s == State::Ok)
        .map(|(f, _)| f.id.clone())
        .collect();
    // Mods that load alone may still conflict together: then no order.
    let order = match catalog.load(&loading) {
        Ok(set) => set.mods,
        Err(e) => {
            let _ = writeln!(out, "the mods that load alone do not load together:\n{e}");
            catalog
                .sound()
                .into_iter()
                .filter(|m| loading.contains(&m.manifest.id))
                .collect()
        }
    };
    for (i, m) in order.iter().enumerate() {
        let manifest = &m.manifest;
        let _ = writeln!(
            out,
            "{}. {} {} — {} ({}): ok",
            i + 1,
            manifest.id,
            manifest.version,
            manifest.name,
            m.dir.display()
        );
        if !manifest.dependencies.is_empty() {
            let _ = writeln!(out, "   depends on: {}", manifest.dependencies.join(", "));
        }
        if !manifest.load_after.is_empty() {
            let _ = writeln!(out, "   loads after: {}", manifest.load_after.join(", "));
        }
    }
    let mut refused = 0;
    for (found, state) in states.iter().filter(|(_, s)| *s != State::Ok) {
        refused += 1;
        let name = found
            .manifest
            .as_ref()
            .map(|m| format!("{} {} — {}", m.id, m.version, m.name))
            .unwrap_or_else(|_| found.id.clone());
        let _ = writeln!(out, "- {name} ({}): {}", found.dir.display(), state.word());
        for error in state.errors(&found.id, &found.dir) {
            let text = error.to_string().replace('\n', "\n   ");
            let _ = writeln!(out, "   {text}");
        }
    }
    i32::from(strict && refused > 0)
}

/// `mods explain ID`: every source of a definition, with every mod that
/// loads.
pub fn explain(dirs: &[PathBuf], id: &str, out: &mut impl Write) -> i32 {
    let mut catalog = Catalog::find(dirs);
    let loading = catalog.loading();
    let set = match catalog.load(&loading) {
        Ok(set) => set,
        Err(e) => {
            let _ = writeln!(out, "{e}");
            return 1;
        }
    };
    let id = id.to_string();
    match set.provenance.get(&id) {
        Some(sources) => {
            for (source, value) in sources {
                let _ = writeln!(
                    out,
                    "{id}: {value} from {} ({})",
                    source.origin, source.file
                );
            }
            let _ = writeln!(
                out,
                "in effect: {}",
                sources.last().map_or("?", |s| s.1.as_str())
            );
            0
        }
        None => {
            let rules = &set.ruleset.rules;
            let paths = modding::constant_paths(rules);
            if rules.action(&id).is_some() || rules.archetype(&id).is_some() {
                let file = if rules.action(&id).is_some() {
                    "actions.ron"
                } else {
                    "archetypes.ron"
                };
                let _ = writeln!(
                    out,
                    "{id}: defined by the base game (assets/rules/{file}); no mod changes it"
                );
                0
            } else if paths.contains(&id) {
                let _ = writeln!(
                    out,
                    "{id}: set by the base game (assets/rules/base.ron); no mod changes it"
                );
                0
            } else {
                let hint =
                    crate::level::diagnostic::suggestion(&id, paths.iter().map(String::as_str));
                let _ = writeln!(out, "no definition `{id}` ({hint})");
                1
            }
        }
    }
}
