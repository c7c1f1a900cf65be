//! References between the parts of a level: polities by key, and the
//! scopes of goals and triggers, with the player's polity for `Player`.

use std::collections::BTreeMap;

use super::checker::Checker;
use crate::level::diagnostic::suggestion;
use crate::level::schema::ScopeFile;
use crate::level::tree::PathStep;
use crate::sim::ids::{CultureId, PolityId, ProvinceId};
use crate::sim::scenario::{Metric, Scope};

/// The names a level's goals and events may refer to.
pub struct Refs<'a> {
    /// Province ids by key.
    pub province_ids: &'a BTreeMap<&'a str, ProvinceId>,
    /// Province keys, in file order.
    pub province_names: Vec<&'a str>,
    /// Polity ids by key.
    pub polity_ids: &'a BTreeMap<&'a str, PolityId>,
    /// Polity keys, in file order.
    pub polity_names: Vec<&'a str>,
    /// Culture ids by name.
    pub cultures: &'a BTreeMap<&'a str, CultureId>,
    /// The player's polity.
    pub player: Option<PolityId>,
}

impl Refs<'_> {
    /// The polity with this key, or an error at `path`.
    pub fn polity(&self, c: &mut Checker, path: &[PathStep], key: &str) -> Option<PolityId> {
        match self.polity_ids.get(key) {
            Some(&k) => Some(k),
            None => {
                c.error(
                    path,
                    format!("unknown polity `{key}`"),
                    "a polity id",
                    suggestion(key, self.polity_names.iter().copied()),
                );
                None
            }
        }
    }

    /// The province with this key, or an error at `path`.
    pub fn province(&self, c: &mut Checker, path: &[PathStep], key: &str) -> Option<ProvinceId> {
        match self.province_ids.get(key) {
            Some(&p) => Some(p),
            None => {
                let hint = suggestion(key, self.province_names.iter().copied());
                c.error(
                    path,
                    format!("unknown province `{key}`"),
                    "a province id",
                    hint,
                );
                None
            }
        }
    }

    /// A scope for a metric: the world, a polity by key, or the player; a
    /// metric only defined for the other kind of scope is an error.
    pub fn scope(
        &self,
        c: &mut Checker,
        path: &[PathStep],
        scope: &ScopeFile,
        metric: Metric,
    ) -> Option<Scope> {
        let resolved = match scope {
            ScopeFile::World => Scope::World,
            ScopeFile::Player => match self.player {
                Some(p) => Scope::Polity(p),
                None => {
                    c.error(
                        path,
                        "`scope: Player` but no polity has `controller: Player`".into(),
                        "a Player polity",
                        "name a polity with `Polity(\"id\")`".into(),
                    );
                    return None;
                }
            },
            ScopeFile::Polity(key) => Scope::Polity(self.polity(c, path, key)?),
        };
        match resolved {
            Scope::World if metric.polity_only() => {
                c.error(
                    path,
                    format!("{metric:?} is only defined for a polity"),
                    "`Polity(\"id\")` or `Player`",
                    "measure it for one polity".into(),
                );
                None
            }
            Scope::Polity(_) if metric.world_only() => {
                c.error(
                    path,
                    format!("{metric:?} is only defined for the world"),
                    "`scope: World`",
                    "use `scope: World`".into(),
                );
                None
            }
            _ => Some(resolved),
        }
    }
}
