//! Mod manifests (GAME.md §8): `mods/<id>/mod.ron`, found in the mod
//! folders, each checked for its fields, its id (the folder's name), its
//! version and the game versions it supports.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::level::diagnostic::{Diagnostic, Diagnostics};
use crate::level::tree;
use crate::level::{check_struct, decode, parse_tree, read_text};

/// `mods/<id>/mod.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Mod")]
pub struct Manifest {
    /// Must equal the folder name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The mod's version (semver).
    pub version: String,
    /// The game versions it supports (a semver requirement).
    pub game_version: String,
    /// Mods that must be present and load first.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Mods that load first when present.
    #[serde(default)]
    pub load_after: Vec<String>,
}

/// Fields of a manifest, `(name, required)`.
pub const MANIFEST_FIELDS: &[(&str, bool)] = &[
    ("id", true),
    ("name", true),
    ("version", true),
    ("game_version", true),
    ("dependencies", false),
    ("load_after", false),
];

/// A mod found on disk.
#[derive(Clone, Debug, PartialEq)]
pub struct Mod {
    /// Its manifest.
    pub manifest: Manifest,
    /// Its folder.
    pub dir: PathBuf,
}

/// A mod folder found: its manifest, or everything wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Its folder's name (the id its manifest must have).
    pub id: String,
    /// Its folder.
    pub dir: PathBuf,
    /// Its manifest, or the errors that keep it from being read.
    pub manifest: Result<Manifest, Vec<Diagnostic>>,
}

impl Found {
    /// The mod, when its manifest reads.
    pub fn sound(&self) -> Option<Mod> {
        self.manifest.as_ref().ok().map(|manifest| Mod {
            manifest: manifest.clone(),
            dir: self.dir.clone(),
        })
    }
}

/// Every folder holding a `mod.ron` in the folders given (each holding mod
/// folders), in folder order, each with its manifest or its errors: one
/// broken manifest never hides the others.
pub fn discover(dirs: &[PathBuf]) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut seen = BTreeSet::new();
    for dir in dirs {
        // The same folder named twice (`mods` and `/abs/mods`) is read once.
        if !seen.insert(dir.canonicalize().unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut folders: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            let file = folder.join("mod.ron");
            if !file.exists() {
                continue;
            }
            let name = folder
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let manifest = read_manifest(&file).map_err(|e| e.0).and_then(|manifest| {
                let here = file.display().to_string();
                if manifest.id != name {
                    return Err(vec![
                        Diagnostic::new(
                            &here,
                            (1, 1),
                            format!(
                                "the mod id `{}` is not its folder's name `{name}`",
                                manifest.id
                            ),
                        )
                        .expected(format!("id: \"{name}\""))
                        .hint("rename the folder or the id so that they match"),
                    ]);
                }
                match found.iter().find(|m| m.id == name && m.manifest.is_ok()) {
                    Some(other) => Err(vec![
                        Diagnostic::new(
                            &here,
                            (1, 1),
                            format!("a mod `{name}` is also in {}", other.dir.display()),
                        )
                        .hint("keep one copy"),
                    ]),
                    None => Ok(manifest),
                }
            });
            found.push(Found {
                id: name,
                dir: folder,
                manifest,
            });
        }
    }
    found
}

/// Reads and checks one manifest.
pub fn read_manifest(file: &Path) -> Result<Manifest, Diagnostics> {
    let name = file.display().to_string();
    let text = read_text(file)?;
    let tree = parse_tree(&name, &text)?;
    let mut errors = Vec::new();
    check_struct(&name, &tree, MANIFEST_FIELDS, "the manifest", &mut errors);
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let manifest: Manifest = decode(&name, &text)?;
    let at = |field: &'static str| tree.locate(&[tree::PathStep::Field(field)]);
    if let Err(e) = semver::Version::parse(&manifest.version) {
        errors.push(
            Diagnostic::new(
                &name,
                at("version"),
                format!("`{}` is not a version: {e}", manifest.version),
            )
            .expected("a semver version such as \"1.2.0\""),
        );
    }
    match semver::VersionReq::parse(&manifest.game_version) {
        Err(e) => errors.push(
            Diagnostic::new(
                &name,
                at("game_version"),
                format!(
                    "`{}` is not a version requirement: {e}",
                    manifest.game_version
                ),
            )
            .expected("a requirement such as \">=0.1, <2\""),
        ),
        Ok(req) => {
            let game =
                semver::Version::parse(crate::VERSION).unwrap_or(semver::Version::new(0, 0, 0));
            if !req.matches(&game) {
                errors.push(
                    Diagnostic::new(
                        &name,
                        at("game_version"),
                        format!("the mod supports game versions `{req}`, this is {game}"),
                    )
                    .hint("update the mod, or widen `game_version` if it still works"),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(manifest)
    } else {
        Err(Diagnostics(errors))
    }
}
