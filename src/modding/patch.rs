//! Rules patches (GAME.md §8): the files of a mod's `rules/` folder, each
//! setting constants by dotted name and adding, replacing, merging into or
//! removing definitions by id; every change is recorded with its source.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::provenance::{Ledger, Source};
use super::ruleset::Ruleset;
use crate::level::diagnostic::{Diagnostic, Diagnostics, suggestion};
use crate::level::schema::EventFile;
use crate::level::{check_struct, decode, parse_tree, read_text};
use crate::sim::rules::{ActionDef, ArchetypeDef, CultureDef, Referendum, Rules};

/// A file of a mod that changes the rules.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "RulesPatch")]
pub struct RulesPatch {
    /// Constants to set, by dotted path (`"citizens.w_free": 0.75`).
    #[serde(default)]
    pub constants: BTreeMap<String, f64>,
    /// Actions to add, or to replace when one with the same id exists.
    #[serde(default)]
    pub actions: Vec<ActionDef>,
    /// Ids of actions to remove.
    #[serde(default)]
    pub remove_actions: Vec<String>,
    /// Changes to some fields of existing actions, by id.
    #[serde(default)]
    pub merge_actions: Vec<ActionMerge>,
    /// AI archetypes to add, or to replace when one with the same id exists.
    #[serde(default)]
    pub archetypes: Vec<ArchetypeDef>,
    /// Ids of archetypes to remove.
    #[serde(default)]
    pub remove_archetypes: Vec<String>,
    /// Strategies of the balance harness to add, or to replace when one
    /// with the same id exists.
    #[serde(default)]
    pub strategies: Vec<ArchetypeDef>,
    /// Events to add to every level that has what they name; one with the
    /// id of an existing mod event replaces it.
    #[serde(default)]
    pub events: Vec<EventFile>,
    /// Cultures to add, or to replace when one with the same id exists.
    #[serde(default)]
    pub cultures: Vec<CultureDef>,
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
    pub referendum: Option<Referendum>,
}

/// Fields of a rules patch, `(name, required)`.
pub const PATCH_FIELDS: &[(&str, bool)] = &[
    ("constants", false),
    ("actions", false),
    ("remove_actions", false),
    ("merge_actions", false),
    ("archetypes", false),
    ("remove_archetypes", false),
    ("strategies", false),
    ("events", false),
    ("cultures", false),
];

/// Reads one patch file: every unknown field at once, then its types.
pub fn read_patch(file: &Path) -> Result<RulesPatch, Diagnostics> {
    let name = file.display().to_string();
    let text = read_text(file)?;
    let tree = parse_tree(&name, &text)?;
    let mut errors = Vec::new();
    check_struct(&name, &tree, PATCH_FIELDS, "the rules patch", &mut errors);
    if errors.is_empty() {
        decode(&name, &text)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Applies a patch of the mod `origin`, read from `file`, to a ruleset
/// (`base` is the base game's rules, for provenance): constants, then
/// definitions added or replaced, merged, and removed.
pub fn apply(
    patch: RulesPatch,
    ruleset: &mut Ruleset,
    base: &Rules,
    source: &Source,
    ledger: &mut Ledger,
) {
    constants(patch.constants, ruleset, base, source, ledger);
    definitions(
        patch.actions,
        [patch.archetypes, patch.strategies],
        patch.cultures,
        patch.events,
        ruleset,
        source,
        ledger,
    );
    merges(patch.merge_actions, &mut ruleset.rules, source, ledger);
    removals(
        patch.remove_actions,
        patch.remove_archetypes,
        &mut ruleset.rules,
        source,
        ledger,
    );
}

fn constants(
    constants: BTreeMap<String, f64>,
    ruleset: &mut Ruleset,
    base: &Rules,
    source: &Source,
    ledger: &mut Ledger,
) {
    for (path, value) in constants {
        match set_constant(&ruleset.rules, &path, value) {
            Ok(r) => ruleset.rules = r,
            Err(e) => {
                ledger.errors.push(
                    Diagnostic::new(&source.file, (0, 0), e)
                        .hint("`free-association mods explain` lists the constants"),
                );
                continue;
            }
        }
        let base_value = serde_json::to_value(base)
            .ok()
            .and_then(|v| path.split('.').try_fold(v, |v, k| v.get(k).cloned()))
            .map(|v| v.to_string());
        ledger.record(&path, source.clone(), value.to_string(), base_value);
    }
}

fn definitions(
    actions: Vec<ActionDef>,
    [archetypes, strategies]: [Vec<ArchetypeDef>; 2],
    cultures: Vec<CultureDef>,
    events: Vec<EventFile>,
    ruleset: &mut Ruleset,
    source: &Source,
    ledger: &mut Ledger,
) {
    let rules = &mut ruleset.rules;
    for action in actions {
        let what = format!("({}, cost {})", action.name, action.cost);
        let id = action.id.clone();
        let verb = upsert(&mut rules.actions, action, |a| &a.id);
        ledger.record(&id, source.clone(), format!("{verb} {what}"), None);
    }
    for archetype in archetypes {
        let what = format!("(archetype {})", archetype.name);
        let id = archetype.id.clone();
        let verb = upsert(&mut rules.archetypes, archetype, |a| &a.id);
        ledger.record(&id, source.clone(), format!("{verb} {what}"), None);
    }
    for strategy in strategies {
        let what = format!("(strategy {})", strategy.name);
        let id = strategy.id.clone();
        let verb = upsert(&mut rules.strategies, strategy, |a| &a.id);
        ledger.record(&id, source.clone(), format!("{verb} {what}"), None);
    }
    for culture in cultures {
        let what = format!("(culture {})", culture.name);
        let id = culture.id.clone();
        let verb = upsert(&mut rules.cultures, culture, |c| &c.id);
        ledger.record(&id, source.clone(), format!("{verb} {what}"), None);
    }
    for event in events {
        let id = event.id.clone();
        let verb = upsert(&mut ruleset.events, event, |e| &e.id);
        ledger.record(&id, source.clone(), format!("{verb} (event)"), None);
    }
}

/// Changes to some fields of existing actions.
fn merges(merges: Vec<ActionMerge>, rules: &mut Rules, source: &Source, ledger: &mut Ledger) {
    for merge in merges {
        let Some(action) = rules.actions.iter_mut().find(|a| a.id == merge.id) else {
            let hint = suggestion(&merge.id, rules.actions.iter().map(|a| a.id.as_str()));
            ledger.errors.push(
                Diagnostic::new(
                    &source.file,
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
        ledger.record(
            &merge.id,
            source.clone(),
            format!("merged ({})", changed.join(", ")),
            None,
        );
    }
}

/// Definitions removed by id.
fn removals(
    actions: Vec<String>,
    archetypes: Vec<String>,
    rules: &mut Rules,
    source: &Source,
    ledger: &mut Ledger,
) {
    let removed: Vec<(&str, Result<(), String>, String)> = actions
        .into_iter()
        .map(|id| ("action", remove(&mut rules.actions, &id, |a| &a.id), id))
        .chain(archetypes.into_iter().map(|id| {
            (
                "archetype",
                remove(&mut rules.archetypes, &id, |a| &a.id),
                id,
            )
        }))
        .collect();
    for (kind, result, id) in removed {
        match result {
            Ok(()) => ledger.record(&id, source.clone(), "removed".into(), None),
            Err(hint) => ledger.errors.push(
                Diagnostic::new(
                    &source.file,
                    (0, 0),
                    format!("there is no {kind} `{id}` to remove"),
                )
                .hint(hint),
            ),
        }
    }
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
