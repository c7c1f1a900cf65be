//! Saving and loading a game: saves record the mods and rules played by;
//! a save made with other mods waits for the player to load it anyway
//! (by the rules it recorded) or not.

use std::path::{Path, PathBuf};

use super::{AUTOSAVES, Session, modified, next_generation};
use crate::level;
use crate::modding::Ruleset;
use crate::saves::{read_save, recorded, resumed_by, write_rotating, write_save};
use crate::sim::simulation::Simulation;
use crate::sim::snapshot::Snapshot;

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
        write_save(path, &recorded(self.sim.snapshot(), &self.ruleset))
    }

    /// Saves the game as the newest of the last three turns' autosaves.
    pub fn autosave(&self, path: &Path) -> Result<(), String> {
        write_rotating(
            path,
            &recorded(self.sim.snapshot(), &self.ruleset),
            AUTOSAVES,
        )
    }

    /// Loads a save of this game's level (or of the level it names).
    pub fn load(&mut self, path: &Path) -> Result<(), String> {
        let snapshot = read_save(path)?;
        self.load_snapshot(path, snapshot)
    }

    /// Loads the save read from `path`. A save made with other mods is not
    /// loaded: it waits in [`Session::pending_load`] for
    /// [`Session::load_anyway`].
    pub fn load_snapshot(&mut self, path: &Path, snapshot: Snapshot) -> Result<(), String> {
        match resumed_by(&snapshot, &self.ruleset, false) {
            Ok(ruleset) => self.restore(path, snapshot, ruleset),
            Err(differences) => {
                let message = format!(
                    "{} was made with other mods: {}",
                    path.display(),
                    differences.join("; ")
                );
                self.pending_load = Some(PendingLoad {
                    path: path.to_path_buf(),
                    differences,
                });
                Err(message)
            }
        }
    }

    /// Loads a save made with other mods all the same, by the rules it
    /// recorded (or those in play, for a save that recorded none); from
    /// then on the game is played by them and saves name the save's mods.
    pub fn load_anyway(&mut self, path: &Path) -> Result<(), String> {
        self.pending_load = None;
        let snapshot = read_save(path)?;
        let ruleset =
            resumed_by(&snapshot, &self.ruleset, true).unwrap_or_else(|_| self.ruleset.clone());
        self.restore(path, snapshot, ruleset).map_err(|e| {
            format!(
                "{e}; it needs what its mods add to a level (cultures, events): load it with them"
            )
        })?;
        self.note(
            "Playing on by the rules the save recorded.".to_string(),
            false,
        );
        Ok(())
    }

    /// The game of `snapshot`, played from now on by `ruleset`.
    fn restore(&mut self, path: &Path, snapshot: Snapshot, ruleset: Ruleset) -> Result<(), String> {
        let level_path = PathBuf::from(&snapshot.level_file);
        let level = level::load(&level_path).map_err(|e| {
            format!(
                "the save's level {} does not load:\n{e}",
                level_path.display()
            )
        })?;
        let scenario = ruleset.scenario(&level);
        let sim = Simulation::restore(&scenario, ruleset.rules.clone(), snapshot)
            .map_err(|e| e.to_string())?;
        self.sim = sim;
        self.ruleset = ruleset;
        self.generation = next_generation();
        self.opened = next_generation();
        // The log rewinds with the game: lines of the turns undone go (all
        // of them when the save is of another level).
        if self.level_path == level_path {
            let turn = self.sim.turn();
            self.log.retain(|line| line.turn <= turn);
        } else {
            self.log.clear();
        }
        self.level_path = level_path.clone();
        self.level_modified = modified(&level_path);
        self.forget_previews();
        self.pending_load = None;
        self.note(
            format!("Loaded {} at turn {}.", path.display(), self.turn()),
            false,
        );
        Ok(())
    }
}
