//! Provenance (GAME.md §8): for every definition a mod touches, which mod
//! and file set it and what it made of it, in load order; two mods that
//! change one id with no order between them conflict.

use std::collections::BTreeMap;

use serde::Serialize;

use super::load_order::ordered;
use super::manifest::Mod;
use crate::level::diagnostic::Diagnostic;

/// Where a definition came from: the base game or a mod's file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// `base` or the mod id.
    pub origin: String,
    /// The file.
    pub file: String,
}

/// For each id, every source in order and what it made of it.
pub type Provenance = BTreeMap<String, Vec<(Source, String)>>;

/// Records the changes of mods loaded in order, and their conflicts.
pub struct Ledger<'a> {
    /// The mods, in load order.
    pub mods: &'a [Mod],
    /// What each id went through.
    pub provenance: Provenance,
    /// Conflicts and other errors so far.
    pub errors: Vec<Diagnostic>,
}

impl<'a> Ledger<'a> {
    /// An empty ledger of these mods.
    pub fn new(mods: &'a [Mod]) -> Ledger<'a> {
        Ledger {
            mods,
            provenance: BTreeMap::new(),
            errors: Vec::new(),
        }
    }

    /// Records a change of `id` by `source`; `base` is the base game's
    /// value, for constants. A change by a mod with no order relative to an
    /// earlier mod's change of the same id is a conflict.
    pub fn record(&mut self, id: &str, source: Source, value: String, base: Option<String>) {
        let sources = self.provenance.entry(id.to_string()).or_insert_with(|| {
            base.map(|b| {
                vec![(
                    Source {
                        origin: "base".into(),
                        file: "assets/rules/base.ron".into(),
                    },
                    b,
                )]
            })
            .unwrap_or_default()
        });
        if let Some((earlier, _)) = sources.iter().find(|(s, _)| {
            s.origin != "base"
                && s.origin != source.origin
                && !ordered(self.mods, &s.origin, &source.origin)
        }) {
            self.errors.push(
                Diagnostic::new(
                    &source.file,
                    (0, 0),
                    format!(
                        "mods `{}` and `{}` both change `{id}` with no order between them",
                        earlier.origin, source.origin
                    ),
                )
                .hint(format!(
                    "add `load_after: [\"{}\"]` to one of them, or remove one change",
                    earlier.origin
                )),
            );
        }
        sources.push((source, value));
    }
}
