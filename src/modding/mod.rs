//! Mods (GAME.md §8): `mods/<id>/mod.ron` manifests, a deterministic load
//! order (dependencies first, then `load_after`, then id), version and
//! path checks, and rules patches with provenance. Mods are data only: no
//! code runs, and no path may leave the mod's folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::level::diagnostic::{Diagnostic, Diagnostics, suggestion};
use crate::level::{self, tree};
use crate::sim::rules::Rules;

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

/// A file of a mod that changes the rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "RulesPatch")]
pub struct RulesPatch {
    /// Constants to set, by dotted path (`"citizens.w_free": 0.75`).
    #[serde(default)]
    pub constants: BTreeMap<String, f64>,
    /// Actions to add, or to replace when one with the same id exists.
    #[serde(default)]
    pub actions: Vec<crate::sim::rules::ActionDef>,
    /// Ids of actions to remove.
    #[serde(default)]
    pub remove_actions: Vec<String>,
    /// Changes to some fields of existing actions, by id.
    #[serde(default)]
    pub merge_actions: Vec<ActionMerge>,
    /// AI archetypes to add, or to replace when one with the same id exists.
    #[serde(default)]
    pub archetypes: Vec<crate::sim::rules::ArchetypeDef>,
    /// Ids of archetypes to remove.
    #[serde(default)]
    pub remove_archetypes: Vec<String>,
    /// Events to add to every level that has what they name; one with the
    /// id of an existing mod event replaces it.
    #[serde(default)]
    pub events: Vec<crate::level::schema::EventFile>,
    /// Cultures to add, or to replace when one with the same id exists.
    #[serde(default)]
    pub cultures: Vec<crate::sim::rules::CultureDef>,
}

/// New values for some fields of an existing action; the others stay.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionMerge {
    /// The action's id.
    pub id: String,
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New description.
    #[serde(default)]
    pub description: Option<String>,
    /// New cost.
    #[serde(default)]
    pub cost: Option<f64>,
    /// New cost per share.
    #[serde(default)]
    pub cost_per_share: Option<f64>,
    /// New referendum rule.
    #[serde(default)]
    pub referendum: Option<crate::sim::rules::Referendum>,
}

/// Fields of a rules patch, `(name, required)`.
pub const PATCH_FIELDS: &[(&str, bool)] = &[
    ("constants", false),
    ("actions", false),
    ("remove_actions", false),
    ("merge_actions", false),
    ("archetypes", false),
    ("remove_archetypes", false),
    ("events", false),
    ("cultures", false),
];

/// Where a definition came from: the base game or a mod's file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// `base` or the mod id.
    pub origin: String,
    /// The file.
    pub file: String,
}

/// The active mods, in load order, and what they make of the rules.
#[derive(Clone, Debug)]
pub struct ModSet {
    /// Mods in load order.
    pub mods: Vec<Mod>,
    /// The rules after every patch.
    pub rules: Rules,
    /// For each constant or action a mod touched, every source in order
    /// (the base file first for constants) and what it made of it.
    pub provenance: BTreeMap<String, Vec<(Source, String)>>,
    /// Level files the mods add.
    pub levels: Vec<PathBuf>,
}

/// Reads every `mod.ron` in the folders given (each holding mod folders).
pub fn discover(dirs: &[PathBuf]) -> (Vec<Mod>, Vec<Diagnostic>) {
    let mut found: Vec<Mod> = Vec::new();
    let mut errors = Vec::new();
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
            match read_manifest(&file) {
                Ok(manifest) => {
                    let name = folder
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    let here = file.display().to_string();
                    if manifest.id != name {
                        errors.push(
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
                        );
                        continue;
                    }
                    if let Some(other) = found.iter().find(|m| m.manifest.id == manifest.id) {
                        errors.push(
                            Diagnostic::new(
                                &here,
                                (1, 1),
                                format!(
                                    "a mod `{}` is also in {}",
                                    manifest.id,
                                    other.dir.display()
                                ),
                            )
                            .hint("keep one copy"),
                        );
                        continue;
                    }
                    found.push(Mod {
                        manifest,
                        dir: folder,
                    });
                }
                Err(e) => errors.extend(e.0),
            }
        }
    }
    (found, errors)
}

/// Reads and checks one manifest.
pub fn read_manifest(file: &Path) -> Result<Manifest, Diagnostics> {
    let name = file.display().to_string();
    let text = level::read_text(file)?;
    let tree = level::parse_tree(&name, &text)?;
    let mut errors = Vec::new();
    crate::level::check_struct(&name, &tree, MANIFEST_FIELDS, "the manifest", &mut errors);
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let manifest: Manifest = level::decode(&name, &text)?;
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

/// The mods to load, in order: `wanted` and everything they depend on;
/// dependencies first, then `load_after`, then id. Missing dependencies and
/// cycles are errors.
pub fn load_order(all: &[Mod], wanted: &[String]) -> Result<Vec<Mod>, Diagnostics> {
    let by_id: BTreeMap<&str, &Mod> = all.iter().map(|m| (m.manifest.id.as_str(), m)).collect();
    let mut errors = Vec::new();
    let mut selected: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<(String, Option<String>)> =
        wanted.iter().map(|w| (w.clone(), None)).collect();
    while let Some((id, needed_by)) = stack.pop() {
        if selected.contains(&id) {
            continue;
        }
        match by_id.get(id.as_str()) {
            Some(m) => {
                selected.insert(id.clone());
                stack.extend(
                    m.manifest
                        .dependencies
                        .iter()
                        .map(|d| (d.clone(), Some(id.clone()))),
                );
            }
            None => {
                let hint = suggestion(&id, by_id.keys().copied());
                let d = match needed_by.and_then(|n| by_id.get(n.as_str()).map(|m| (n, *m))) {
                    Some((n, m)) => Diagnostic::new(
                        &m.dir.join("mod.ron").display().to_string(),
                        (1, 1),
                        format!("mod `{n}` depends on `{id}`, which is not installed"),
                    ),
                    None => Diagnostic::new("--mods", (0, 0), format!("there is no mod `{id}`")),
                };
                errors.push(d.hint(hint));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    // Kahn's algorithm; among the ready, the smallest id first.
    let mut before: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for id in &selected {
        let m = by_id[id.as_str()];
        let deps = m.manifest.dependencies.iter().chain(&m.manifest.load_after);
        let entry = before.entry(id.as_str()).or_default();
        for d in deps.filter(|d| selected.contains(*d)) {
            entry.insert(d.as_str());
        }
    }
    let mut order = Vec::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while done.len() < selected.len() {
        let ready = before
            .iter()
            .find(|(id, deps)| !done.contains(*id) && deps.iter().all(|d| done.contains(d)))
            .map(|(id, _)| *id);
        match ready {
            Some(id) => {
                done.insert(id);
                order.push(by_id[id].clone());
            }
            None => {
                let stuck: Vec<&str> = before
                    .keys()
                    .filter(|id| !done.contains(*id))
                    .copied()
                    .collect();
                let m = by_id[stuck[0]];
                return Err(Diagnostics(vec![
                    Diagnostic::new(
                        &m.dir.join("mod.ron").display().to_string(),
                        (1, 1),
                        format!(
                            "these mods depend on each other in a cycle: {}",
                            stuck.join(", ")
                        ),
                    )
                    .hint("remove one `dependencies` or `load_after` entry of the cycle"),
                ]));
            }
        }
    }
    Ok(order)
}

/// A path inside a mod, refusing absolute paths, `..`, and links that point
/// out of the mod's folder.
pub fn safe_path(mod_dir: &Path, relative: &str) -> Result<PathBuf, String> {
    level::inside(mod_dir, relative)
}

/// The `.ron` files of a folder inside a mod, checked for safety.
fn mod_files(m: &Mod, folder: &str, errors: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let Ok(dir) = safe_path(&m.dir, folder) else {
        return Vec::new();
    };
    let Ok(files) = level::ron_files_in(&dir) else {
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

/// True when `a` is ordered before `b` by dependencies or `load_after`,
/// directly or through other mods.
fn ordered(mods: &[Mod], a: &str, b: &str) -> bool {
    let by_id: BTreeMap<&str, &Mod> = mods.iter().map(|m| (m.manifest.id.as_str(), m)).collect();
    let mut stack = vec![b];
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if id == a {
            return true;
        }
        if !seen.insert(id) {
            continue;
        }
        if let Some(m) = by_id.get(id) {
            stack.extend(
                m.manifest
                    .dependencies
                    .iter()
                    .chain(&m.manifest.load_after)
                    .map(String::as_str),
            );
        }
    }
    false
}

/// Every constant of the rules, as dotted paths.
pub fn constant_paths(rules: &Rules) -> Vec<String> {
    let mut paths = Vec::new();
    if let Ok(serde_json::Value::Object(sections)) = serde_json::to_value(rules) {
        for (section, value) in sections {
            if let serde_json::Value::Object(fields) = value {
                paths.extend(fields.keys().map(|f| format!("{section}.{f}")));
            }
        }
    }
    paths
}

/// Sets a constant by dotted path.
fn set_constant(rules: &Rules, path: &str, value: f64) -> Result<Rules, String> {
    let mut json = serde_json::to_value(rules).map_err(|e| e.to_string())?;
    let slot = path.split('.').try_fold(&mut json, |v, key| v.get_mut(key));
    match slot {
        Some(slot) if slot.is_number() => {
            *slot = if slot.is_u64() && value.fract() == 0.0 && value >= 0.0 {
                serde_json::json!(value as u64)
            } else {
                serde_json::json!(value)
            };
        }
        _ => {
            let paths = constant_paths(rules);
            return Err(format!(
                "there is no constant `{path}` ({})",
                suggestion(path, paths.iter().map(String::as_str))
            ));
        }
    }
    serde_json::from_value(json).map_err(|e| format!("`{path}` cannot be {value}: {e}"))
}

/// Loads the wanted mods (and their dependencies) from the folders: their
/// order, the patched rules with provenance, and their levels. Two mods
/// that set the same constant with no order between them conflict.
pub fn load(dirs: &[PathBuf], wanted: &[String]) -> Result<ModSet, Diagnostics> {
    let (all, mut errors) = discover(dirs);
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let mods = load_order(&all, wanted)?;
    let base = Rules::base()
        .map_err(|e| Diagnostics(vec![Diagnostic::new(&e.file, (0, 0), e.message)]))?;
    let mut rules = base.clone();
    let mut provenance: BTreeMap<String, Vec<(Source, String)>> = BTreeMap::new();
    let mut levels = Vec::new();
    // Records a change; two mods touching one id with no order conflict.
    let mut record = |id: &str,
                      source: Source,
                      value: String,
                      base: Option<String>,
                      errors: &mut Vec<Diagnostic>| {
        let sources = provenance.entry(id.to_string()).or_insert_with(|| {
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
                && !ordered(&mods, &s.origin, &source.origin)
        }) {
            errors.push(
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
    };
    for m in &mods {
        for file in mod_files(m, "rules", &mut errors) {
            let name = file.display().to_string();
            let patch: RulesPatch = match level::read_text(&file).and_then(|text| {
                let tree = level::parse_tree(&name, &text)?;
                let mut errs = Vec::new();
                crate::level::check_struct(
                    &name,
                    &tree,
                    PATCH_FIELDS,
                    "the rules patch",
                    &mut errs,
                );
                if errs.is_empty() {
                    level::decode(&name, &text)
                } else {
                    Err(Diagnostics(errs))
                }
            }) {
                Ok(p) => p,
                Err(e) => {
                    errors.extend(e.0);
                    continue;
                }
            };
            let source = || Source {
                origin: m.manifest.id.clone(),
                file: name.clone(),
            };
            for (path, value) in patch.constants {
                match set_constant(&rules, &path, value) {
                    Ok(r) => rules = r,
                    Err(e) => {
                        errors.push(
                            Diagnostic::new(&name, (0, 0), e)
                                .hint("`free-association mods explain` lists the constants"),
                        );
                        continue;
                    }
                }
                let base_value = serde_json::to_value(&base)
                    .ok()
                    .and_then(|v| path.split('.').try_fold(v, |v, k| v.get(k).cloned()))
                    .map(|v| v.to_string());
                record(&path, source(), value.to_string(), base_value, &mut errors);
            }
            for action in patch.actions {
                let what = format!("({}, cost {})", action.name, action.cost);
                let verb = upsert(&mut rules.actions, action.clone(), |a| &a.id);
                record(
                    &action.id,
                    source(),
                    format!("{verb} {what}"),
                    None,
                    &mut errors,
                );
            }
            for archetype in patch.archetypes {
                let what = format!("(archetype {})", archetype.name);
                let verb = upsert(&mut rules.archetypes, archetype.clone(), |a| &a.id);
                record(
                    &archetype.id,
                    source(),
                    format!("{verb} {what}"),
                    None,
                    &mut errors,
                );
            }
            for culture in patch.cultures {
                let what = format!("(culture {})", culture.name);
                let verb = upsert(&mut rules.cultures, culture.clone(), |c| &c.id);
                record(
                    &culture.id,
                    source(),
                    format!("{verb} {what}"),
                    None,
                    &mut errors,
                );
            }
            for event in patch.events {
                let verb = upsert(&mut rules.events, event.clone(), |e| &e.id);
                record(
                    &event.id,
                    source(),
                    format!("{verb} (event)"),
                    None,
                    &mut errors,
                );
            }
            for merge in patch.merge_actions {
                let Some(action) = rules.actions.iter_mut().find(|a| a.id == merge.id) else {
                    let hint = suggestion(&merge.id, rules.actions.iter().map(|a| a.id.as_str()));
                    errors.push(
                        Diagnostic::new(
                            &name,
                            (0, 0),
                            format!("there is no action `{}` to merge into", merge.id),
                        )
                        .hint(hint),
                    );
                    continue;
                };
                let mut changed = Vec::new();
                if let Some(v) = merge.name {
                    action.name = v;
                    changed.push("name".to_string());
                }
                if let Some(v) = merge.description {
                    action.description = v;
                    changed.push("description".to_string());
                }
                if let Some(v) = merge.cost {
                    action.cost = v;
                    changed.push(format!("cost {v}"));
                }
                if let Some(v) = merge.cost_per_share {
                    action.cost_per_share = v;
                    changed.push(format!("cost_per_share {v}"));
                }
                if let Some(v) = merge.referendum {
                    action.referendum = v;
                    changed.push(format!("referendum {v:?}"));
                }
                record(
                    &merge.id,
                    source(),
                    format!("merged ({})", changed.join(", ")),
                    None,
                    &mut errors,
                );
            }
            let removals = patch
                .remove_actions
                .into_iter()
                .map(|id| ("action", remove(&mut rules.actions, &id, |a| &a.id), id))
                .chain(patch.remove_archetypes.into_iter().map(|id| {
                    (
                        "archetype",
                        remove(&mut rules.archetypes, &id, |a| &a.id),
                        id,
                    )
                }));
            for (kind, removed, id) in removals.collect::<Vec<_>>() {
                match removed {
                    Ok(()) => record(&id, source(), "removed".into(), None, &mut errors),
                    Err(hint) => errors.push(
                        Diagnostic::new(
                            &name,
                            (0, 0),
                            format!("there is no {kind} `{id}` to remove"),
                        )
                        .hint(hint),
                    ),
                }
            }
        }
        levels.extend(mod_files(m, "levels", &mut errors));
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(ModSet {
        mods,
        rules,
        provenance,
        levels,
    })
}

/// Adds a definition, or replaces the one with its id; says which.
fn upsert<T>(list: &mut Vec<T>, item: T, id: impl Fn(&T) -> &String) -> &'static str {
    match list.iter().position(|x| id(x) == id(&item)) {
        Some(i) => {
            list[i] = item;
            "replaced"
        }
        None => {
            list.push(item);
            "defined"
        }
    }
}

/// Removes the definition with this id, or says which ids there are.
fn remove<T>(list: &mut Vec<T>, wanted: &str, id: impl Fn(&T) -> &String) -> Result<(), String> {
    match list.iter().position(|x| id(x) == wanted) {
        Some(i) => {
            list.remove(i);
            Ok(())
        }
        None => Err(suggestion(wanted, list.iter().map(|x| id(x).as_str()))),
    }
}

/// The folders searched for mods: `mods/` under the working directory,
/// then any given with `--mods-dir`.
pub fn search_dirs(extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from("mods")];
    dirs.extend(extra.iter().cloned());
    dirs
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
            let (all, errors) = discover(std::slice::from_ref(&self.0));
            if !errors.is_empty() {
                return Err(Diagnostics(errors).to_string());
            }
            let wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
            load_order(&all, &wanted)
                .map(|mods| mods.into_iter().map(|m| m.manifest.id).collect())
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
        let (_, errors) = discover(std::slice::from_ref(&mods.0));
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
        assert_eq!(set.rules.citizens.w_free, 0.9);
        assert_eq!(set.rules.reassociation.min_commune_size, 7);
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
            .rules
            .action("invest")
            .unwrap_or_else(|| panic!("no invest"));
        assert_eq!(invest.cost, 1.5);
        assert_eq!(invest.name, "Invest", "fields not named stay");
        assert_eq!(
            set.rules.action("devolve").map(|a| a.referendum),
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
        assert!(set.rules.archetype("Pirate").is_some());
        assert!(set.rules.archetype("Opportunist").is_none());
        assert!(set.rules.archetype("Warden").is_some());
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
            "`ProposeFederation`",
            "CloseExitWhenLosing",
            "DevolveWhenProtesting(",
            "OpenBordersStepwise(",
            "CharterCommunes(",
            "FederateWithLikeMinded(",
            "CopyRichestNeighbour(",
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
