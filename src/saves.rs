//! Saves on disk: a snapshot of the simulation written as RON, durably and
//! atomically (a temporary file, written whole, flushed to the disk, then
//! renamed over the old save, which stays whole until then), and read back
//! with every error a value.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::level::tree::MAX_DEPTH;
use crate::modding::Ruleset;
use crate::sim::snapshot::{Snapshot, mod_differences};

/// A failure to inject into a write, to test what a crash or a full disk
/// leaves behind (tests use it; the game writes with [`Fault::None`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Nothing fails.
    None,
    /// The disk fills after this many bytes of the new file.
    DiskFullAfter(usize),
    /// Flushing the new file to the disk fails.
    Flush,
    /// Renaming the new file over the old one fails.
    Rename,
}

/// Writes a save file (RON) durably and atomically.
pub fn write_save(path: &Path, snapshot: &Snapshot) -> Result<(), String> {
    write_save_with(path, snapshot, Fault::None)
}

/// [`write_save`] with a failure injected.
pub fn write_save_with(path: &Path, snapshot: &Snapshot, fault: Fault) -> Result<(), String> {
    let text = ron::ser::to_string(snapshot).map_err(|e| format!("cannot encode the save: {e}"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    write_atomically_with(path, &text, fault).map_err(|e| write_error(path, &e))
}

/// What a failed write tells the player: the file, and the disk being full
/// said in words.
pub fn write_error(path: &Path, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::StorageFull {
        format!(
            "cannot write {}: the disk is full ({e}); the previous file is unchanged",
            path.display()
        )
    } else {
        format!(
            "cannot write {}: {e}; the previous file is unchanged",
            path.display()
        )
    }
}

/// A game's state as a save records it: with the mods and the rules it is
/// played by.
pub fn recorded(mut snapshot: Snapshot, ruleset: &Ruleset) -> Snapshot {
    snapshot.mods = ruleset.mods.clone();
    snapshot.rules = Some(ruleset.rules.clone());
    snapshot
}

/// What a save plays on by when loaded with `now`: `now` itself when the
/// save was made with the same mods; otherwise, when `anyway`, the mods and
/// rules it recorded (`now`'s rules where it recorded none; the events of
/// mods are always `now`'s), else how the mods differ, one line each.
pub fn resumed_by(
    snapshot: &Snapshot,
    now: &Ruleset,
    anyway: bool,
) -> Result<Ruleset, Vec<String>> {
    let differences = mod_differences(&snapshot.mods, &now.mods);
    if differences.is_empty() {
        return Ok(now.clone());
    }
    if !anyway {
        return Err(differences);
    }
    Ok(Ruleset {
        rules: snapshot.rules.clone().unwrap_or_else(|| now.rules.clone()),
        events: now.events.clone(),
        mods: snapshot.mods.clone(),
    })
}

/// What a list of saves shows of one without reading it whole (a save of
/// a large level is large): the level it was played from and its turn,
/// read from its first few kilobytes, where the game writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The level file it was played from.
    pub level_file: String,
    /// The last turn played.
    pub turn: u32,
}

/// Reads the header of a save; `None` when the file is not a save of this
/// game (or of a version that wrote it otherwise).
pub fn read_header(path: &Path) -> Option<Header> {
    use std::io::Read;
    let mut start = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(4096)
        .read_to_end(&mut start)
        .ok()?;
    parse_header(&String::from_utf8_lossy(&start))
}

/// The header of a save's text (or of its beginning).
pub fn parse_header(text: &str) -> Option<Header> {
    let after = |key: &str| text.find(key).map(|i| &text[i + key.len()..]);
    // A level file is a RON string: quotes inside it are escaped.
    let quoted = after("level_file:\"")?;
    let mut level_file = String::new();
    let mut chars = quoted.chars();
    loop {
        match chars.next()? {
            '"' => break,
            '\\' => level_file.push(chars.next()?),
            c => level_file.push(c),
        }
    }
    let turn = after("clock:(turn:")?;
    let digits: String = turn.chars().take_while(char::is_ascii_digit).collect();
    Some(Header {
        level_file,
        turn: digits.parse().ok()?,
    })
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

/// Writes a file durably and atomically: a temporary file beside it,
/// written whole and flushed to the disk, then renamed over the old file
/// (and the folder flushed), so that a crash or a full disk at any step
/// leaves the old file whole.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    write_atomically_with(path, text, Fault::None)
}

/// [`write_atomically`] with a failure injected.
pub fn write_atomically_with(path: &Path, text: &str, fault: Fault) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let written = write_whole(&tmp, text.as_bytes(), fault);
    if let Err(e) = written {
        // What was written of the new file is of no use.
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if fault == Fault::Rename {
        let _ = std::fs::remove_file(&tmp);
        return Err(std::io::Error::other("injected failure at rename"));
    }
    std::fs::rename(&tmp, path)?;
    // The rename itself reaches the disk with the folder (not on every
    // system: where a folder cannot be opened, the rename stands).
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(folder) = std::fs::File::open(dir)
    {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Writes `bytes` to a new file and flushes it to the disk.
fn write_whole(path: &Path, bytes: &[u8], fault: Fault) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    match fault {
        Fault::DiskFullAfter(n) if n < bytes.len() => {
            file.write_all(&bytes[..n])?;
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device (injected)",
            ));
        }
        _ => file.write_all(bytes)?,
    }
    if fault == Fault::Flush {
        return Err(std::io::Error::other("injected failure at flush"));
    }
    file.sync_all()
}

/// The `k`-th older copy of a file: `autosave.ron`, `autosave.1.ron`, ...
pub fn older(path: &Path, k: usize) -> PathBuf {
    if k == 0 {
        return path.to_path_buf();
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let name = match path.extension() {
        Some(ext) => format!("{stem}.{k}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{k}"),
    };
    path.with_file_name(name)
}

/// Writes the newest of `keep` rotating saves at `path` (the older ones at
/// [`older`]`(path, 1..keep)`): each older copy moves down one, the oldest
/// drops out, then the new one is written; a failure at any step leaves
/// the newest save whole.
pub fn write_rotating(path: &Path, snapshot: &Snapshot, keep: usize) -> Result<(), String> {
    for k in (1..keep).rev() {
        let from = older(path, k - 1);
        if let Ok(bytes) = std::fs::read(&from) {
            let text = String::from_utf8_lossy(&bytes);
            let to = older(path, k);
            write_atomically(&to, &text).map_err(|e| write_error(&to, &e))?;
        }
    }
    write_save(path, snapshot)
}
