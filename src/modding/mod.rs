//! Mods (GAME.md §8): `mods/<id>/mod.ron` manifests, a deterministic load
//! order (dependencies first, then `load_after`, then id), version and
//! path checks, and rules patches with provenance. Mods are data only: no
//! code runs, and no path may leave the mod's folder.

pub mod catalog;
pub mod load_order;
pub mod manifest;
pub mod patch;
pub mod provenance;
pub mod ruleset;

use std::path::{Path, PathBuf};

pub use catalog::{Catalog, State};
pub use load_order::load_order;
pub use manifest::{Found, MANIFEST_FIELDS, Manifest, Mod, discover, read_manifest};
pub use patch::{ActionMerge, PATCH_FIELDS, RulesPatch, constant_paths};
pub use provenance::{Provenance, Source};
pub use ruleset::Ruleset;

use crate::level::diagnostic::{Diagnostic, Diagnostics};
use crate::level::{inside, ron_files, ron_files_in};
use crate::sim::snapshot::ModStamp;

/// The active mods, in load order, and what they make of the rules.
#[derive(Clone, Debug)]
pub struct ModSet {
    /// Mods in load order.
    pub mods: Vec<Mod>,
    /// The rules and events after every patch.
    pub ruleset: Ruleset,
    /// For each constant or definition a mod touched, every source in
    /// order (the base file first for constants) and what it made of it.
    pub provenance: Provenance,
    /// Level files the mods add.
    pub levels: Vec<PathBuf>,
}

/// Loads the wanted mods (and their dependencies) from the folders: their
/// order, the patched rules with provenance, and their levels. Each wanted
/// mod is judged with its dependencies only: other mods in the folders,
/// broken or not, change nothing. Two mods that change the same id with no
/// order between them conflict.
pub fn load(dirs: &[PathBuf], wanted: &[String]) -> Result<ModSet, Diagnostics> {
    Catalog::find(dirs).load(wanted)
}

/// The rules and levels of mods already in load order; with what a save
/// records of each mod (its content hash reads every file) when `stamped`.
fn assemble(mods: Vec<Mod>, stamped: bool) -> Result<ModSet, Diagnostics> {
    let base = Ruleset::base()?;
    let mut ruleset = base.clone();
    let mut ledger = provenance::Ledger::new(&mods);
    let mut levels = Vec::new();
    for m in &mods {
        for file in mod_files(m, "rules", &mut ledger.errors) {
            let patch = match patch::read_patch(&file) {
                Ok(p) => p,
                Err(e) => {
                    ledger.errors.extend(e.0);
                    continue;
                }
            };
            let source = Source {
                origin: m.manifest.id.clone(),
                file: file.display().to_string(),
            };
            patch::apply(patch, &mut ruleset, &base.rules, &source, &mut ledger);
        }
        levels.extend(mod_files(m, "levels", &mut ledger.errors));
    }
    if !ledger.errors.is_empty() {
        return Err(Diagnostics(ledger.errors));
    }
    if stamped {
        ruleset.mods = mods.iter().map(stamp).collect();
    }
    Ok(ModSet {
        provenance: ledger.provenance,
        mods,
        ruleset,
        levels,
    })
}

/// What a save records of a mod: its id, version and a hash of every file
/// in its folder (names and contents, in name order).
fn stamp(m: &Mod) -> ModStamp {
    fn walk(dir: &Path, base: &Path, hash: &mut u64) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(&path, base, hash);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let name = path.strip_prefix(base).unwrap_or(&path).to_string_lossy();
                for b in name.bytes().chain([0]).chain(bytes) {
                    *hash = (*hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                }
            }
        }
    }
    let mut content_hash = 0xcbf2_9ce4_8422_2325;
    walk(&m.dir, &m.dir, &mut content_hash);
    ModStamp {
        id: m.manifest.id.clone(),
        version: m.manifest.version.clone(),
        content_hash,
    }
}

/// A path inside a mod, refusing absolute paths, `..`, and links that point
/// out of the mod's folder.
pub fn safe_path(mod_dir: &Path, relative: &str) -> Result<PathBuf, String> {
    inside(mod_dir, relative)
}

/// The `.ron` files of a folder inside a mod, checked for safety.
fn mod_files(m: &Mod, folder: &str, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let Ok(dir) = safe_path(&m.dir, folder) else {
        return Vec::new();
    };
    let Ok(files) = ron_files_in(&dir) else {
        return Vec::new();
    };
    files
        .into_iter()
        .filter(|f| {
            let name = f
                .file_name()
                .map(|n| format!("{folder}/{}", n.to_string_lossy()))
                .unwrap_or_default();
            match safe_path(&m.dir, &name) {
                Ok(_) => true,
                Err(e) => {
                    errors.push(Diagnostic::new(&f.display().to_string(), (0, 0), e));
                    false
                }
            }
        })
        .collect()
}

/// The folders searched for mods: `mods/` under the working directory,
/// then any given with `--mods-dir`.
pub fn search_dirs(extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("mods")];
    dirs.extend(extra.iter().cloned());
    dirs
}

/// The mods chosen on the command line or in the main menu (`--mods`,
/// `--mods-dir`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModChoice {
    /// Mod ids to load (with their dependencies).
    pub ids: Vec<String>,
    /// Folders searched for mods besides `mods/`.
    pub dirs: Vec<PathBuf>,
}

impl ModChoice {
    /// The ruleset with the chosen mods applied.
    pub fn ruleset(&self) -> Result<Ruleset, Diagnostics> {
        if self.ids.is_empty() {
            Ruleset::base()
        } else {
            Ok(load(&search_dirs(&self.dirs), &self.ids)?.ruleset)
        }
    }
}

/// The level files a path names and the ruleset to play them with: a
/// level, a folder of levels, or a mod folder (`mod.ron` inside: its
/// levels, with it and its dependencies loaded).
pub fn expand(path: &Path, choice: &ModChoice) -> Result<(Vec<PathBuf>, Ruleset), Diagnostics> {
    if path.join("mod.ron").is_file() {
        let id = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut dirs = vec![
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ];
        dirs.extend(search_dirs(&choice.dirs));
        dirs.dedup();
        let mut wanted = choice.ids.clone();
        wanted.push(id);
        let set = load(&dirs, &wanted)?;
        let own: Vec<PathBuf> = set
            .levels
            .iter()
            .filter(|l| l.starts_with(path))
            .cloned()
            .collect();
        return Ok((own, set.ruleset));
    }
    Ok((ron_files(path)?, choice.ruleset()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of mods for one test.
    struct Mods(PathBuf);

    impl Mods {
        fn new(name: &str) -> Mods {
            let dir = std::env::temp_dir().join(format!("fa-mods-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
            Mods(dir)
        }

        fn add(&self, id: &str, extra: &str) -> PathBuf {
            let dir = self.0.join(id);
            std::fs::create_dir_all(dir.join("rules")).unwrap_or_else(|e| panic!("{e}"));
            let manifest = format!(
                "Mod(id: \"{id}\", name: \"{id}\", version: \"1.0.0\", game_version: \">=0.1, <2\", {extra})"
            );
            std::fs::write(dir.join("mod.ron"), manifest).unwrap_or_else(|e| panic!("{e}"));
            dir
        }

        fn constants(&self, id: &str, text: &str) {
            let file = self.0.join(id).join("rules").join("patch.ron");
            std::fs::write(file, format!("RulesPatch(constants: {{{text}}})"))
                .unwrap_or_else(|e| panic!("{e}"));
        }

        fn ids(&self, wanted: &[&str]) -> Result<Vec<String>, String> {
            let wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
            load(std::slice::from_ref(&self.0), &wanted)
                .map(|set| set.mods.into_iter().map(|m| m.manifest.id).collect())
                .map_err(|e| e.to_string())
        }
    }

    impl Drop for Mods {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn load_order_is_dependencies_then_load_after_then_id() {
        let mods = Mods::new("order");
        mods.add("zeta", "");
        mods.add("alpha", "dependencies: [\"zeta\"]");
        mods.add("beta", "load_after: [\"gamma\"]");
        mods.add("gamma", "");
        assert_eq!(
            mods.ids(&["alpha", "beta", "gamma"]),
            Ok(vec![
                "gamma".into(),
                "beta".into(),
                "zeta".into(),
                "alpha".into()
            ])
        );
        // The same whatever the order asked for.
        assert_eq!(
            mods.ids(&["gamma", "beta", "alpha"]),
            mods.ids(&["alpha", "beta", "gamma"])
        );
        // load_after a mod that is not loaded orders nothing.
        assert_eq!(mods.ids(&["beta"]), Ok(vec!["beta".into()]));
    }

    #[test]
    fn missing_dependencies_and_cycles_are_errors() {
        let mods = Mods::new("cycles");
        mods.add("a", "dependencies: [\"b\"]");
        mods.add("b", "dependencies: [\"a\"]");
        mods.add("c", "dependencies: [\"nowhere\"]");
        assert!(mods.ids(&["a"]).is_err_and(|e| e.contains("cycle")));
        assert!(
            mods.ids(&["c"])
                .is_err_and(|e| e.contains("depends on `nowhere`"))
        );
        assert!(
            mods.ids(&["exampel"])
                .is_err_and(|e| e.contains("no mod `exampel`"))
        );
    }

    #[test]
    fn bad_manifests_are_reported() {
        let mods = Mods::new("manifests");
        let dir = mods.add("wrong_name", "");
        std::fs::write(
            dir.join("mod.ron"),
            "Mod(id: \"other\", name: \"x\", version: \"1.0.0\", game_version: \">=0.1\")",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let old = mods.add("old", "");
        std::fs::write(
            old.join("mod.ron"),
            "Mod(id: \"old\", name: \"x\", version: \"one\", game_version: \">=5\")",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let typo = mods.add("typo", "");
        std::fs::write(
            typo.join("mod.ron"),
            "Mod(id: \"typo\", name: \"x\", verison: \"1.0.0\", game_version: \">=0.1\")",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let errors = discover(std::slice::from_ref(&mods.0))
            .into_iter()
            .filter_map(|f| f.manifest.err())
            .flatten()
            .collect();
        let text = Diagnostics(errors).to_string();
        assert!(text.contains("not its folder's name"), "{text}");
        assert!(text.contains("`one` is not a version"), "{text}");
        assert!(text.contains("supports game versions"), "{text}");
        assert!(text.contains("did you mean `version`?"), "{text}");
    }

    #[test]
    fn paths_may_not_leave_the_mod() {
        let mods = Mods::new("paths");
        let dir = mods.add("safe", "");
        assert!(safe_path(&dir, "levels/a.ron").is_ok());
        assert!(safe_path(&dir, "../other/mod.ron").is_err());
        assert!(safe_path(&dir, "/etc/passwd").is_err());
        assert!(safe_path(&dir, "rules/../../x").is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(std::env::temp_dir(), dir.join("outside"))
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(safe_path(&dir, "outside").is_err_and(|e| e.contains("link")));
        }
    }

    #[test]
    fn constants_are_patched_in_order_with_provenance() {
        let mods = Mods::new("patch");
        mods.add("first", "");
        mods.add("second", "load_after: [\"first\"]");
        mods.constants(
            "first",
            "\"citizens.w_free\": 0.8, \"reassociation.min_commune_size\": 7",
        );
        mods.constants("second", "\"citizens.w_free\": 0.9");
        let set = load(
            std::slice::from_ref(&mods.0),
            &["first".into(), "second".into()],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.ruleset.rules.citizens.w_free, 0.9);
        assert_eq!(set.ruleset.rules.reassociation.min_commune_size, 7);
        let sources: Vec<&str> = set.provenance["citizens.w_free"]
            .iter()
            .map(|(s, _)| s.origin.as_str())
            .collect();
        assert_eq!(sources, vec!["base", "first", "second"]);
    }

    #[test]
    fn base_actions_merge_by_field() {
        let mods = Mods::new("merge");
        mods.add("cheap", "");
        let body = "RulesPatch(merge_actions: [(id: \"invest\", cost: 1.5), (id: \"devolve\", referendum: Always)])";
        std::fs::write(mods.0.join("cheap").join("rules").join("patch.ron"), body)
            .unwrap_or_else(|e| panic!("{e}"));
        let set = load(std::slice::from_ref(&mods.0), &["cheap".into()])
            .unwrap_or_else(|e| panic!("{e}"));
        let invest = set
            .ruleset
            .rules
            .action("invest")
            .unwrap_or_else(|| panic!("no invest"));
        assert_eq!(invest.cost, 1.5);
        assert_eq!(invest.name, "Invest", "fields not named stay");
        assert_eq!(
            set.ruleset.rules.action("devolve").map(|a| a.referendum),
            Some(crate::sim::rules::Referendum::Always)
        );
        let body = "RulesPatch(merge_actions: [(id: \"invset\", cost: 1.5)])";
        std::fs::write(mods.0.join("cheap").join("rules").join("patch.ron"), body)
            .unwrap_or_else(|e| panic!("{e}"));
        let err = load(std::slice::from_ref(&mods.0), &["cheap".into()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("did you mean `invest`"), "{err}");
    }

    #[test]
    fn actions_are_added_replaced_and_removed_by_id() {
        let mods = Mods::new("actions");
        mods.add("base_pack", "");
        mods.add("tweak", "dependencies: [\"base_pack\"]");
        let action = |id: &str, cost: f64| {
            format!(
                "(id: \"{id}\", name: \"{id}\", cost: {cost}, effects: [Legitimacy(change: 0.1)])"
            )
        };
        let write = |id: &str, body: String| {
            std::fs::write(mods.0.join(id).join("rules").join("patch.ron"), body)
                .unwrap_or_else(|e| panic!("{e}"));
        };
        write(
            "base_pack",
            format!(
                "RulesPatch(actions: [{}, {}])",
                action("feast", 1.0),
                action("census", 2.0)
            ),
        );
        write(
            "tweak",
            format!(
                "RulesPatch(actions: [{}], remove_actions: [\"census\"])",
                action("feast", 5.0)
            ),
        );
        let set = load(std::slice::from_ref(&mods.0), &["tweak".into()])
            .unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<(&str, f64)> = set
            .ruleset
            .rules
            .actions
            .iter()
            .filter(|a| a.id == "feast" || a.id == "census")
            .map(|a| (a.id.as_str(), a.cost))
            .collect();
        assert_eq!(ids, vec![("feast", 5.0)]);
        let origins: Vec<&str> = set.provenance["feast"]
            .iter()
            .map(|(s, _)| s.origin.as_str())
            .collect();
        assert_eq!(origins, vec!["base_pack", "tweak"]);
        write("tweak", "RulesPatch(remove_actions: [\"censsus\"])".into());
        let err = load(std::slice::from_ref(&mods.0), &["tweak".into()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("did you mean `census`"), "{err}");
        mods.add("rival", "");
        write(
            "rival",
            format!("RulesPatch(actions: [{}])", action("feast", 9.0)),
        );
        write(
            "tweak",
            format!("RulesPatch(actions: [{}])", action("feast", 5.0)),
        );
        let err = load(
            std::slice::from_ref(&mods.0),
            &["tweak".into(), "rival".into()],
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            err.contains("both change `feast` with no order between them"),
            "{err}"
        );
    }

    #[test]
    fn archetypes_are_added_and_removed_by_id() {
        let mods = Mods::new("archetypes");
        mods.add("pirates", "");
        let body = "RulesPatch(archetypes: [(id: \"Pirate\", name: \"Pirates\", response: Always(Repress), federation: Never, behaviours: [CloseExitWhenLosing])], remove_archetypes: [\"Opportunist\"])";
        std::fs::write(mods.0.join("pirates").join("rules").join("patch.ron"), body)
            .unwrap_or_else(|e| panic!("{e}"));
        let set = load(std::slice::from_ref(&mods.0), &["pirates".into()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(set.ruleset.rules.archetype("Pirate").is_some());
        assert!(set.ruleset.rules.archetype("Opportunist").is_none());
        assert!(set.ruleset.rules.archetype("Warden").is_some());
        assert_eq!(set.provenance["Pirate"][0].0.origin, "pirates");
    }

    #[test]
    fn unordered_changes_to_one_constant_conflict() {
        let mods = Mods::new("conflict");
        mods.add("left", "");
        mods.add("right", "");
        mods.constants("left", "\"citizens.w_free\": 0.8");
        mods.constants("right", "\"citizens.w_free\": 0.9");
        let err = load(
            std::slice::from_ref(&mods.0),
            &["left".into(), "right".into()],
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            err.contains("both change `citizens.w_free` with no order between them"),
            "{err}"
        );
        mods.constants("right", "\"citizens.w_fre\": 0.9");
        let err = load(std::slice::from_ref(&mods.0), &["right".into()])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("did you mean `citizens.w_free`"), "{err}");
    }
}

#[cfg(test)]
mod docs {
    #[test]
    fn every_field_and_effect_is_documented() {
        let docs = include_str!("../../docs/modding.md");
        let definition_fields = [
            ("id", true),
            ("name", true),
            ("description", false),
            ("cost", true),
            ("target", false),
            ("referendum", false),
            ("effects", true),
            ("response", true),
            ("federation", true),
            ("behaviours", true),
            ("color", true),
        ];
        for (name, _) in super::MANIFEST_FIELDS
            .iter()
            .chain(super::PATCH_FIELDS)
            .chain(&definition_fields)
        {
            assert!(
                docs.contains(&format!("`{name}`")),
                "docs/modding.md does not document `{name}`"
            );
        }
        let words = [
            "ShiftPower(",
            "SetBorders(",
            "Authority(",
            "Legitimacy(",
            "CommuneCharter(",
            "Infrastructure(",
            "Prosperity(",
            "Grievance(",
            "Message(",
            "`Invest`",
            "`GrantIndependence`",
            "`Repress`",
            "Homogenize(",
            "`Annex`",
            "`ProposeFederation`",
            "`LeaveFederation`",
            "SetResponse(",
            "CloseExitWhenLosing",
            "DevolveWhenProtesting(",
            "OpenBordersStepwise(",
            "CharterCommunes(",
            "FederateWithLikeMinded(",
            "CopyRichestNeighbour(",
            "AnnexWeak(",
            "HomogenizeWhenProtesting(",
            "AllyAgainstOpen(",
            "LeaveFreeFederation",
            "FederateWhenThreatened(",
            "LikeMinded",
            "WhenThreatened",
            "AnyOf(",
            "until",
            "Keep",
            "Always(",
            "WhenDesperate",
            "WhenProposerRicher",
            "Never",
        ];
        for word in words {
            assert!(
                docs.contains(word),
                "docs/modding.md does not document {word}"
            );
        }
    }
}
