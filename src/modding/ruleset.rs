//! What a game is played by: the rules (the base game's with every mod's
//! patches) and the events of mods, which join each level that has what
//! they name.

use crate::level::diagnostic::{Diagnostic, Diagnostics};
use crate::level::schema::EventFile;
use crate::level::{Level, resolve_mod_events};
use crate::sim::rules::Rules;
use crate::sim::scenario::Scenario;
use crate::sim::snapshot::ModStamp;

/// The rules and the mod events of a game.
#[derive(Clone, Debug, PartialEq)]
pub struct Ruleset {
    /// Constants, actions, archetypes and cultures.
    pub rules: Rules,
    /// Events of mods, in load order (one with the id of an earlier one
    /// replaces it).
    pub events: Vec<EventFile>,
    /// The mods that made it, in load order (what a save records).
    pub mods: Vec<ModStamp>,
}

impl Ruleset {
    /// The base game's rules, with no mod.
    pub fn base() -> Result<Ruleset, Diagnostics> {
        let rules = Rules::base()
            .map_err(|e| Diagnostics(vec![Diagnostic::new(&e.file, (0, 0), e.message)]))?;
        Ok(Ruleset {
            rules,
            events: Vec::new(),
            mods: Vec::new(),
        })
    }

    /// The scenario of a level played by these rules: the level's own
    /// events, then those of mods that name only what the level has.
    pub fn scenario(&self, level: &Level) -> Scenario {
        let mut scenario = level.scenario.clone();
        let extra = resolve_mod_events(&scenario, &self.events);
        scenario.events.extend(extra);
        scenario
    }
}
