//! Reading data files: size and encoding checks, the position-keeping
//! tree every check reports against, serde decoding with errors at
//! file:line:column, paths that may not leave their folder, and the
//! fingerprint that tells a save whether its level changed.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::tree::{self, Node};
use crate::sim::suggest::suggestion;

/// Data files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a data file, refusing missing, unreadable and oversized ones.
pub fn read_text(path: &Path) -> Result<String, Diagnostics> {
    let file = path.display().to_string();
    let fail = |message: String, hint: &str| {
        Diagnostics(vec![Diagnostic::new(&file, (0, 0), message).hint(hint)])
    };
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read the file: {e}"), "check the path"))?;
    if !meta.is_file() {
        return Err(fail("not a file".into(), "give the path of a .ron file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            format!(
                "the file is {} bytes; data files are limited to {MAX_FILE_BYTES} bytes",
                meta.len()
            ),
            "split it, or use `scale` so that each agent stands for more people",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| fail(format!("cannot read the file: {e}"), "check the path"))?;
    String::from_utf8(bytes).map_err(|e| {
        fail(
            format!("the file is not UTF-8 text: {e}"),
            "save it as UTF-8",
        )
    })
}

/// The `.ron` files directly inside a folder, in name order.
pub fn ron_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    Ok(files)
}

/// The `.ron` files a path names: the file itself, or those directly
/// inside a folder.
pub fn ron_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    if path.is_dir() {
        ron_files_in(path).map_err(|e| {
            Diagnostics(vec![Diagnostic::new(
                &path.display().to_string(),
                (0, 0),
                format!("cannot read the folder: {e}"),
            )])
        })
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// Parses a file into a position-keeping tree.
pub fn parse_tree(file: &str, text: &str) -> Result<Node, Diagnostics> {
    tree::parse(text).map_err(|e| {
        Diagnostics(vec![
            Diagnostic::new(file, e.pos, format!("syntax error: {}", e.message))
                .expected(e.expected)
                .hint(
                    "RON looks like `Name(field: value, list: [1, 2])`; strings in double quotes",
                ),
        ])
    })
}

/// Decodes RON into a typed value, turning serde's error into a diagnostic.
pub fn decode<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostics> {
    // `at_least: 0.6` rather than `at_least: Some(0.6)` for optional fields.
    let options = ron::Options::default()
        .with_recursion_limit(tree::MAX_DEPTH)
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options
        .from_str(text)
        .map_err(|e: ron::error::SpannedError| {
            let message = e.code.to_string();
            let hint = match &e.code {
                // A misspelt name: the nearest valid one.
                ron::error::Error::NoSuchEnumVariant {
                    expected, found, ..
                }
                | ron::error::Error::NoSuchStructField {
                    expected, found, ..
                } => suggestion(found, expected.iter().copied()),
                ron::error::Error::MissingStructField { field, .. } => {
                    format!("add `{field}: ...`; every field is listed in docs/levels.md and docs/modding.md")
                }
                _ => type_hint(&message),
            };
            Diagnostics(vec![
                Diagnostic::new(file, (e.span.start.line, e.span.start.col), message).hint(hint),
            ])
        })
}

fn type_hint(message: &str) -> String {
    if message.contains("variant") {
        "enum values are written bare: `exit: Closed`, `controller: Ai(Warden)`".into()
    } else if message.contains("integer") || message.contains("float") || message.contains("number")
    {
        "numbers are written without quotes; whole numbers where a count is meant".into()
    } else if message.contains("string") {
        "strings are written in double quotes".into()
    } else {
        "see docs/levels.md (levels) and docs/modding.md (mods) for the format of each field".into()
    }
}

/// A path named in a data file, resolved inside `dir`: absolute paths,
/// `..`, and links that point out of the folder are refused, so that a
/// level (a mod's too) reads only files beside it.
pub fn inside(dir: &Path, relative: &str) -> Result<PathBuf, String> {
    use std::path::Component;
    let path = Path::new(relative);
    if path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!(
            "`{relative}` leaves the folder of the file that names it: only paths inside it are allowed"
        ));
    }
    let full = dir.join(path);
    if full.exists() {
        let root = dir.canonicalize().map_err(|e| e.to_string())?;
        let real = full.canonicalize().map_err(|e| e.to_string())?;
        if !real.starts_with(&root) {
            return Err(format!(
                "`{relative}` is a link that points out of its folder"
            ));
        }
    }
    Ok(full)
}

/// A 64-bit FNV-1a hash of a text.
pub fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
