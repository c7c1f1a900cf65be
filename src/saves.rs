//! Saves on disk: a snapshot of the simulation written as RON, atomically
//! (a temporary file, then a rename), and read back with every error a
//! value.

use std::path::{Path, PathBuf};

use crate::level::tree::MAX_DEPTH;
use crate::sim::snapshot::Snapshot;

/// Writes a save file (RON) atomically: a temporary file, then a rename.
pub fn write_save(path: &Path, snapshot: &Snapshot) -> Result<(), String> {
    let text = ron::ser::to_string(snapshot).map_err(|e| format!("cannot encode the save: {e}"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    write_atomically(path, &text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Reads a save file.
pub fn read_save(path: &Path) -> Result<Snapshot, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    ron::Options::default()
        .with_recursion_limit(MAX_DEPTH)
        .from_str(&text)
        .map_err(|e| format!("{} is not a save of this game: {e}", path.display()))
}

/// Writes a file through a temporary file and a rename, so that a crash
/// never leaves half a file.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
