//! Saving and loading a game: saves record the mods and rules played by;
//! a save made with other mods waits for the player to load it anyway
//! (by the rules it recorded) or not.

use std::path::{Path, PathBuf};

use super::{AUTOSAVES, Session, modified, next_generation};
use crate::level;
use crate::saves::{read_save, write_rotating, write_save};
use crate::sim::rules::Rules;
use crate::sim::simulation::Simulation;
use crate::sim::snapshot::{Snapshot, mod_differences};

/// A save made with other mods than those in play, waiting for the player
/// to load it anyway or not.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingLoad {
    /// The save.
    pub path: PathBuf,
    /// How its mods differ, one line each.
    pub differences: Vec<String>,
}

impl Session {
    /// Saves the game to a file, atomically.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        write_save(path, &self.stamped())
    }

    /// Saves the game as the newest of the last three turns' autosaves.
    pub fn autosave(&self, path: &Path) -> Result<(), String> {
        write_rotating(path, &self.stamped(), AUTOSAVES)
    }

    /// The state with the mods it is played with.
    fn stamped(&self) -> Snapshot {
        let mut snapshot = self.sim.snapshot();
        snapshot.mods = self.ruleset.mods.clone();
        snapshot
    }

    /// Loads a save of this game's level (or of the level it names). A save
    /// made with other mods is not loaded: it waits in
    /// [`Session::pending_load`] for [`Session::load_anyway`].
    pub fn load(&mut self, path: &Path) -> Result<(), String> {
        let snapshot = read_save(path)?;
        let differences = mod_differences(&snapshot.mods, &self.ruleset.mods);
        if !differences.is_empty() {
            let message = format!(
                "{} was made with other mods: {}",
                path.display(),
                differences.join("; ")
            );
            self.pending_load = Some(PendingLoad {
                path: path.to_path_buf(),
                differences,
            });
            return Err(message);
        }
        let rules = self.ruleset.rules.clone();
        self.restore(path, snapshot, rules)
    }

    /// Loads a save made with other mods all the same, by the rules it
    /// recorded (or those in play, for a save that recorded none); from
    /// then on the game is played by them and saves name the save's mods.
    pub fn load_anyway(&mut self, path: &Path) -> Result<(), String> {
        self.pending_load = None;
        let snapshot = read_save(path)?;
        let rules = snapshot
            .rules
            .clone()
            .unwrap_or_else(|| self.ruleset.rules.clone());
        let mods = snapshot.mods.clone();
        self.restore(path, snapshot, rules.clone()).map_err(|e| {
            format!(
                "{e}; it needs what its mods add to a level (cultures, events): load it with them"
            )
        })?;
        self.ruleset.rules = rules;
        self.ruleset.mods = mods;
        self.note(
            "Playing on by the rules the save recorded.".to_string(),
            false,
        );
        Ok(())
    }

    fn restore(&mut self, path: &Path, snapshot: Snapshot, rules: Rules) -> Result<(), String> {
        let level_path = PathBuf::from(&snapshot.level_file);
        let level = level::load(&level_path).map_err(|e| {
            format!(
                "the save's level {} does not load:\n{e}",
                level_path.display()
            )
        })?;
        let scenario = self.ruleset.scenario(&level);
        let sim = Simulation::restore(&scenario, rules, snapshot).map_err(|e| e.to_string())?;
        self.sim = sim;
        self.generation = next_generation();
        self.level_path = level_path.clone();
        self.level_modified = modified(&level_path);
        self.previews.clear();
        self.pending_load = None;
        self.note(
            format!("Loaded {} at turn {}.", path.display(), self.turn()),
            false,
        );
        Ok(())
    }
}
