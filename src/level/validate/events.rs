//! The level's scripted events, and those of mods: unique ids, triggers
//! and effects whose provinces, polities, cultures and scopes exist.

use std::collections::BTreeMap;

use super::checker::Checker;
use super::refs::Refs;
use crate::level::diagnostic::{nearest, suggestion};
use crate::level::schema::{EffectFile, EventFile, LevelFile, TriggerFile};
use crate::level::tree::PathStep::{Field as F, Index as I};
use crate::level::tree::{Node, PathStep, Value};
use crate::sim::effect::Effect;
use crate::sim::ids::{CultureId, PolityId, ProvinceId};
use crate::sim::scenario::{EventEffect, EventSpec, Scenario, Trigger};
use crate::sim::world::Borders;

/// Checks and resolves every event of a level.
pub fn events(c: &mut Checker, raw: &LevelFile, refs: &Refs) -> Vec<EventSpec> {
    let mut events = Vec::new();
    // The events above the one being resolved: all that `Fired` may name.
    let mut earlier = BTreeMap::new();
    for (i, e) in raw.events.iter().enumerate() {
        if earlier.contains_key(&e.id) {
            c.error(
                &[F("events"), I(i), F("id")],
                format!("duplicate event id `{}`", e.id),
                "a unique id",
                "rename one of them".into(),
            );
        }
        events.extend(resolve_event(c, i, e, refs, &earlier));
        earlier.entry(e.id.clone()).or_insert(i);
    }
    events
}

/// Events from mods, resolved against a scenario: an event that refers to
/// a province, polity, culture, player or earlier event the scenario does
/// not have is left out of it. `Fired` may name the level's events and the
/// mods' events before it.
pub fn resolve_mod_events(scenario: &Scenario, events: &[EventFile]) -> Vec<EventSpec> {
    let province_ids = by_key(
        scenario.provinces.iter().map(|p| p.key.as_str()),
        ProvinceId,
    );
    let polity_ids = by_key(scenario.polities.iter().map(|p| p.key.as_str()), PolityId);
    let cultures = by_key(scenario.cultures.iter().map(String::as_str), CultureId);
    let refs = Refs {
        province_ids: &province_ids,
        province_names: scenario.provinces.iter().map(|p| p.key.as_str()).collect(),
        polity_ids: &polity_ids,
        polity_names: scenario.polities.iter().map(|p| p.key.as_str()).collect(),
        cultures: &cultures,
        player: scenario.player(),
    };
    let tree = Node {
        pos: (0, 0),
        value: Value::Struct {
            name: None,
            fields: Vec::new(),
        },
    };
    let mut earlier: BTreeMap<String, usize> = (scenario.events.iter())
        .enumerate()
        .map(|(i, e)| (e.key.clone(), i))
        .collect();
    let mut resolved = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let mut c = Checker::new("", &tree);
        let spec = resolve_event(&mut c, i, e, &refs, &earlier);
        if let Some(spec) = spec.filter(|_| c.errors.is_empty()) {
            earlier.insert(spec.key.clone(), scenario.events.len() + resolved.len());
            resolved.push(spec);
        }
    }
    resolved
}

/// Ids by key, numbered in order.
fn by_key<'a, T>(keys: impl Iterator<Item = &'a str>, id: fn(u32) -> T) -> BTreeMap<&'a str, T> {
    keys.enumerate().map(|(i, k)| (k, id(i as u32))).collect()
}

/// Resolves one event's references, reporting what does not resolve;
/// `earlier` gives the index in the scenario of each event it may name.
fn resolve_event(
    c: &mut Checker,
    i: usize,
    e: &EventFile,
    refs: &Refs,
    earlier: &BTreeMap<String, usize>,
) -> Option<EventSpec> {
    let path = [F("events"), I(i), F("trigger")];
    let trigger = resolve_trigger(c, &path, &e.trigger, refs, earlier);
    let mut effects = Vec::new();
    for (j, effect) in e.effects.iter().enumerate() {
        let path = [F("events"), I(i), F("effects"), I(j)];
        effects.extend(resolve_effect(c, &path, effect, refs));
    }
    trigger.map(|trigger| EventSpec {
        key: e.id.clone(),
        trigger,
        effects,
        once: e.once,
    })
}

fn resolve_trigger(
    c: &mut Checker,
    path: &[PathStep],
    trigger: &TriggerFile,
    refs: &Refs,
    earlier: &BTreeMap<String, usize>,
) -> Option<Trigger> {
    // The path of item `j` of a list written as the variant's one field.
    let item = |j: usize| [path, &[I(0), I(j)]].concat();
    match trigger {
        TriggerFile::FromTurn(t) => Some(Trigger::FromTurn(*t)),
        TriggerFile::Fired(id) => {
            let index = earlier.get(id).copied();
            if index.is_none() {
                c.error(
                    path,
                    format!("`Fired(\"{id}\")` names no event above this one"),
                    "the id of an event written before this one",
                    match nearest(id, earlier.keys().map(String::as_str)) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "move the event it names above this one".into(),
                    },
                );
            }
            index.map(Trigger::Fired)
        }
        TriggerFile::All(list) | TriggerFile::Any(list) => {
            let all = matches!(trigger, TriggerFile::All(_));
            if list.is_empty() {
                c.error(
                    path,
                    format!(
                        "`{}([])` has nothing to test",
                        if all { "All" } else { "Any" }
                    ),
                    "at least one trigger in the list",
                    "add a trigger, or remove the list".into(),
                );
            }
            let parts: Vec<Option<Trigger>> = (list.iter().enumerate())
                .map(|(j, t)| resolve_trigger(c, &item(j), t, refs, earlier))
                .collect();
            let parts: Option<Vec<Trigger>> = parts.into_iter().collect();
            parts.map(|p| {
                if all {
                    Trigger::All(p)
                } else {
                    Trigger::Any(p)
                }
            })
        }
        TriggerFile::Not(inner) => {
            let path = [path, &[I(0)]].concat();
            resolve_trigger(c, &path, inner, refs, earlier).map(|t| Trigger::Not(Box::new(t)))
        }
        TriggerFile::Turn(t) => Some(Trigger::Turn(*t)),
        TriggerFile::Every(n) => {
            if *n == 0 {
                c.error(
                    path,
                    "`Every(0)` never fires".into(),
                    "`Every(n)` with n ≥ 1",
                    "use Every(1) for every turn".into(),
                );
            }
            Some(Trigger::Every((*n).max(1)))
        }
        TriggerFile::Above {
            metric,
            scope,
            value,
        } => refs
            .scope(c, path, scope, *metric)
            .map(|s| Trigger::Above(*metric, s, *value)),
        TriggerFile::Below {
            metric,
            scope,
            value,
        } => refs
            .scope(c, path, scope, *metric)
            .map(|s| Trigger::Below(*metric, s, *value)),
        TriggerFile::Chance(p) => {
            c.range(path, "a chance", *p, 0.0, 1.0);
            Some(Trigger::Chance(*p))
        }
        TriggerFile::ProvinceAbove {
            province,
            quantity,
            value,
        } => refs
            .province(c, path, province)
            .map(|p| Trigger::ProvinceAbove(p, *quantity, *value)),
        TriggerFile::ProvinceBelow {
            province,
            quantity,
            value,
        } => refs
            .province(c, path, province)
            .map(|p| Trigger::ProvinceBelow(p, *quantity, *value)),
    }
}

fn resolve_effect(
    c: &mut Checker,
    path: &[PathStep],
    effect: &EffectFile,
    refs: &Refs,
) -> Option<EventEffect> {
    match effect {
        EffectFile::Message(text) => Some(EventEffect::Message(text.clone())),
        EffectFile::Prosperity { province, change } => refs
            .province(c, path, province)
            .map(|p| EventEffect::Prosperity(p, *change)),
        EffectFile::Infrastructure { province, change } => refs
            .province(c, path, province)
            .map(|p| EventEffect::Infrastructure(p, *change)),
        EffectFile::Grievance { province, change } => refs
            .province(c, path, province)
            .map(|p| EventEffect::Grievance(p, *change)),
        EffectFile::Act {
            polity,
            province,
            effects,
        } => {
            let who = if polity == "Player" {
                refs.player.or_else(|| {
                    c.error(
                        path,
                        "`Player` but no polity has `controller: Player`".into(),
                        "a polity id",
                        "name the polity".into(),
                    );
                    None
                })
            } else {
                refs.polity(c, path, polity)
            };
            let place = match province {
                Some(key) => refs.province(c, path, key).map(Some),
                None => Some(None),
            };
            let mut resolved = Vec::new();
            for effect in effects {
                if let Effect::Homogenize { culture } = effect
                    && !refs.cultures.contains_key(culture.as_str())
                {
                    c.error(
                        path,
                        format!("unknown culture `{culture}`"),
                        "a name from `cultures`",
                        suggestion(culture, refs.cultures.keys().copied()),
                    );
                }
                resolved.extend(effect.resolve(|name| refs.cultures.get(name).copied()));
            }
            who.zip(place)
                .map(|(k, p)| EventEffect::Act(k, p, resolved))
        }
        EffectFile::Authority { polity, change } => refs
            .polity(c, path, polity)
            .map(|k| EventEffect::Authority(k, *change)),
        EffectFile::Legitimacy { polity, change } => refs
            .polity(c, path, polity)
            .map(|k| EventEffect::Legitimacy(k, *change)),
        EffectFile::Borders {
            polity,
            exit,
            entry,
        } => refs.polity(c, path, polity).map(|k| {
            EventEffect::Borders(
                k,
                Borders {
                    exit: *exit,
                    entry: *entry,
                },
            )
        }),
    }
}
