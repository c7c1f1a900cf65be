//! The checks of GAME.md §5: every unknown or missing field, then every
//! semantic error (duplicate ids, provinces in no polity or two, unknown
//! references, shares that do not sum to 1, values out of range, shared or
//! disconnected cells, goals without a player, unknown cultures), each at
//! its place in the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::diagnostic::{Diagnostic, Diagnostics, suggestion};
use super::schema::{self, EffectFile, EventFile, LevelFile, ScopeFile, TriggerFile, fields};
use super::tree::{Node, PathStep, Pos, Value};
use super::{Effect, EventSpec, Goal, Level, PolitySpec, ProvinceSpec, Scope, Trigger};
use crate::sim::geography::cells_connected;
use crate::sim::ids::{CultureId, PolityId, ProvinceId};
use crate::sim::world::Controller;

/// The most citizen agents a level may hold (memory stays bounded).
pub const MAX_AGENTS: u64 = 5_000_000;

/// Reports every unknown, duplicate or missing field of one struct.
pub fn check_struct(
    file: &str,
    node: &Node,
    valid: &[(&str, bool)],
    what: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let present: Vec<(&str, Pos)> = match &node.value {
        Value::Struct { fields, .. } => fields.iter().map(|(n, p, _)| (n.as_str(), *p)).collect(),
        Value::Tuple { items, .. } if items.is_empty() => Vec::new(),
        _ => {
            errors.push(
                Diagnostic::new(file, node.pos, format!("{what} should be a struct"))
                    .expected("`(field: value, ...)`"),
            );
            return;
        }
    };
    let names = valid.iter().map(|f| f.0);
    let mut seen = BTreeSet::new();
    for (name, pos) in &present {
        if !valid.iter().any(|f| f.0 == *name) {
            errors.push(
                Diagnostic::new(file, *pos, format!("unknown field `{name}` in {what}"))
                    .expected(format!(
                        "one of {}",
                        names.clone().collect::<Vec<_>>().join(", ")
                    ))
                    .hint(suggestion(name, names.clone())),
            );
        } else if !seen.insert(*name) {
            errors.push(
                Diagnostic::new(
                    file,
                    *pos,
                    format!("field `{name}` appears twice in {what}"),
                )
                .hint("remove one of them"),
            );
        }
    }
    // A misspelled required field is reported once, as the unknown field
    // with its "did you mean", not again as missing.
    let misspelled: Vec<&str> = present
        .iter()
        .filter(|(n, _)| !valid.iter().any(|f| f.0 == *n))
        .filter_map(|(n, _)| super::diagnostic::nearest(n, names.clone()))
        .collect();
    for (name, required) in valid {
        if *required && !present.iter().any(|(n, _)| n == name) && !misspelled.contains(name) {
            errors.push(
                Diagnostic::new(
                    file,
                    node.pos,
                    format!("{what} is missing the field `{name}`"),
                )
                .expected(format!("`{name}: ...`"))
                .hint("see docs/levels.md for what it means"),
            );
        }
    }
}

fn check_list(
    file: &str,
    root: &Node,
    field: &str,
    valid: &[(&str, bool)],
    what: &str,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(list) = root.field(field) {
        for (i, item) in list.items().iter().enumerate() {
            check_struct(file, item, valid, &format!("{what} {}", i + 1), errors);
        }
    }
}

/// Checks the fields of every struct in a level tree.
pub fn check_fields(file: &str, root: &Node, errors: &mut Vec<Diagnostic>) {
    check_struct(file, root, fields::LEVEL, "the level", errors);
    check_list(
        file,
        root,
        "provinces",
        fields::PROVINCE,
        "province",
        errors,
    );
    check_list(file, root, "goals", fields::GOAL, "goal", errors);
    check_list(file, root, "events", fields::EVENT, "event", errors);
    if let Some(list) = root.field("polities") {
        for (i, polity) in list.items().iter().enumerate() {
            let what = format!("polity {}", i + 1);
            check_struct(file, polity, fields::POLITY, &what, errors);
            for (field, valid) in [
                ("ruler", fields::RULER),
                ("power", fields::POWER),
                ("borders", fields::BORDERS),
            ] {
                if let Some(node) = polity.field(field) {
                    check_struct(file, node, valid, &format!("`{field}` of {what}"), errors);
                }
            }
        }
    }
    if let Some(list) = root.field("tests") {
        for (i, test) in list.items().iter().enumerate() {
            let what = format!("test {}", i + 1);
            check_struct(file, test, fields::TEST, &what, errors);
            for (j, expect) in test
                .field("expect")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                check_struct(
                    file,
                    expect,
                    fields::EXPECT,
                    &format!("expectation {} of {what}", j + 1),
                    errors,
                );
            }
            if let Some(orders) = test.field("orders")
                && let Value::List(items) = &orders.value
            {
                for (j, order) in items.iter().enumerate() {
                    check_struct(
                        file,
                        order,
                        fields::ORDER,
                        &format!("order {} of {what}", j + 1),
                        errors,
                    );
                }
            }
        }
    }
}

/// Collects semantic errors with their positions.
struct Checker<'a> {
    file: &'a str,
    tree: &'a Node,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn at(&self, path: &[PathStep]) -> Pos {
        self.tree.locate(path)
    }

    fn error(&mut self, path: &[PathStep], message: String, expected: &str, hint: String) {
        let d = Diagnostic::new(self.file, self.at(path), message)
            .expected(expected)
            .hint(hint);
        self.errors.push(d);
    }

    fn range(&mut self, path: &[PathStep], what: &str, value: f64, low: f64, high: f64) {
        if !(low..=high).contains(&value) || value.is_nan() {
            self.error(
                path,
                format!("{what} is {value}, out of range"),
                &format!("a number from {low} to {high}"),
                format!("use a value between {low} and {high}"),
            );
        }
    }
}

use PathStep::{Field as F, Index as I};

/// Checks a decoded level and resolves its ids.
pub fn resolve(
    file: &str,
    text: &str,
    dir: &Path,
    tree: &Node,
    raw: LevelFile,
) -> Result<Level, Diagnostics> {
    let mut c = Checker {
        file,
        tree,
        errors: Vec::new(),
    };

    if raw.max_turns == 0 || raw.max_turns > 10_000 {
        c.error(
            &[F("max_turns")],
            format!("max_turns is {}", raw.max_turns),
            "1 to 10000",
            "a level lasts at least one turn".into(),
        );
    }
    if raw.scale == 0 {
        c.error(
            &[F("scale")],
            "scale is 0".into(),
            "at least 1 person per agent",
            "use 1 when each agent is one person".into(),
        );
    }

    // Cultures.
    let mut cultures: BTreeMap<&str, CultureId> = BTreeMap::new();
    for (i, name) in raw.cultures.iter().enumerate() {
        if cultures.insert(name, CultureId(i as u32)).is_some() {
            c.error(
                &[F("cultures"), I(i)],
                format!("duplicate culture `{name}`"),
                "each culture once",
                "remove the repeated name".into(),
            );
        }
    }
    if raw.cultures.is_empty() {
        c.error(
            &[F("cultures")],
            "no cultures".into(),
            "at least one culture name",
            "add e.g. `cultures: [\"locals\"]`".into(),
        );
    }

    // Provinces.
    let mut province_ids: BTreeMap<&str, ProvinceId> = BTreeMap::new();
    let mut cell_owner: BTreeMap<(i32, i32), usize> = BTreeMap::new();
    let mut agents: u64 = 0;
    let mut provinces = Vec::new();
    for (i, p) in raw.provinces.iter().enumerate() {
        let here = |f: &'static str| vec![F("provinces"), I(i), F(f)];
        if province_ids.insert(&p.id, ProvinceId(i as u32)).is_some() {
            c.error(
                &here("id"),
                format!("duplicate province id `{}`", p.id),
                "a unique id",
                "rename one of them".into(),
            );
        }
        if p.cells.is_empty() {
            c.error(
                &here("cells"),
                format!("province `{}` has no cells", p.id),
                "at least one (q, r) cell",
                "add its hex cells".into(),
            );
        } else if !cells_connected(&p.cells) {
            c.error(
                &here("cells"),
                format!("the cells of province `{}` are not connected", p.id),
                "cells that touch, forming one piece",
                "add the cells between the pieces or make two provinces".into(),
            );
        }
        for (j, cell) in p.cells.iter().enumerate() {
            if let Some(&other) = cell_owner.get(cell) {
                if other != i {
                    let msg = format!(
                        "cell {cell:?} of `{}` is also a cell of `{}`",
                        p.id, raw.provinces[other].id
                    );
                    c.error(
                        &[F("provinces"), I(i), F("cells"), I(j)],
                        msg,
                        "each cell in one province",
                        "remove it from one of the two".into(),
                    );
                }
            } else {
                cell_owner.insert(*cell, i);
            }
        }
        if p.capacity == 0 {
            c.error(
                &here("capacity"),
                format!("province `{}` has capacity 0", p.id),
                "a positive number of agents",
                "capacity is how many agents it holds before overcrowding".into(),
            );
        }
        c.range(&here("prosperity"), "prosperity", p.prosperity, 0.0, 1.0);
        c.range(
            &here("infrastructure"),
            "infrastructure",
            p.infrastructure,
            0.0,
            1.0,
        );
        let mut population = Vec::new();
        for (j, (culture, count)) in p.population.iter().enumerate() {
            agents += u64::from(*count);
            match cultures.get(culture.as_str()) {
                Some(&id) => population.push((id, *count)),
                None => {
                    let hint = suggestion(culture, raw.cultures.iter().map(String::as_str));
                    c.error(
                        &[F("provinces"), I(i), F("population"), I(j)],
                        format!("unknown culture `{culture}`"),
                        "a name from `cultures`",
                        hint,
                    );
                }
            }
        }
        provinces.push(ProvinceSpec {
            key: p.id.clone(),
            name: p.name.clone(),
            cells: p.cells.clone(),
            capacity: p.capacity,
            prosperity: p.prosperity,
            infrastructure: p.infrastructure,
            population,
        });
    }
    if raw.provinces.is_empty() {
        c.error(
            &[F("provinces")],
            "no provinces".into(),
            "at least one province",
            "see docs/levels.md".into(),
        );
    }
    if agents > MAX_AGENTS {
        c.error(
            &[F("provinces")],
            format!("{agents} citizen agents; the limit is {MAX_AGENTS}"),
            "fewer agents",
            "raise `scale` so that each agent stands for more people".into(),
        );
    }

    // Polities.
    let mut polity_ids: BTreeMap<&str, PolityId> = BTreeMap::new();
    let mut owner_of: Vec<Option<usize>> = vec![None; raw.provinces.len()];
    let mut polities = Vec::new();
    for (i, k) in raw.polities.iter().enumerate() {
        let here = |f: &'static str| vec![F("polities"), I(i), F(f)];
        if polity_ids.insert(&k.id, PolityId(i as u32)).is_some() {
            c.error(
                &here("id"),
                format!("duplicate polity id `{}`", k.id),
                "a unique id",
                "rename one of them".into(),
            );
        }
        if province_ids.contains_key(k.id.as_str()) {
            // Allowed, but polities and provinces share no namespace; no error.
        }
        let mut members = Vec::new();
        for (j, key) in k.provinces.iter().enumerate() {
            match province_ids.get(key.as_str()) {
                Some(&p) => {
                    if let Some(other) = owner_of[p.index()] {
                        let msg = format!(
                            "province `{key}` is in two polities, `{}` and `{}`",
                            raw.polities[other].id, k.id
                        );
                        c.error(
                            &[F("polities"), I(i), F("provinces"), I(j)],
                            msg,
                            "each province in exactly one polity",
                            "remove it from one of them".into(),
                        );
                    } else {
                        owner_of[p.index()] = Some(i);
                        members.push(p);
                    }
                }
                None => {
                    let hint = suggestion(key, raw.provinces.iter().map(|p| p.id.as_str()));
                    c.error(
                        &[F("polities"), I(i), F("provinces"), I(j)],
                        format!("unknown province `{key}`"),
                        "a province id",
                        hint,
                    );
                }
            }
        }
        let total = k.power.total();
        if (total - 1.0).abs() > 0.001 {
            c.error(
                &here("power"),
                format!("the shares of `{}` sum to {total:.4}", k.id),
                "ruler + province + municipal + citizens = 1 (± 0.001)",
                "adjust one share so that they add up to 1".into(),
            );
        }
        for (name, value) in [
            ("ruler", k.power.ruler),
            ("province", k.power.province),
            ("municipal", k.power.municipal),
            ("citizens", k.power.citizens),
        ] {
            let path = [
                F("polities"),
                I(i),
                F("power"),
                F(match name {
                    "ruler" => "ruler",
                    "province" => "province",
                    "municipal" => "municipal",
                    _ => "citizens",
                }),
            ];
            c.range(&path, &format!("the {name} share"), value, 0.0, 1.0);
        }
        c.range(
            &[F("polities"), I(i), F("ruler"), F("authority")],
            "ruler authority",
            k.ruler.authority,
            0.0,
            1.0,
        );
        c.range(
            &here("commune_charter"),
            "commune_charter",
            k.commune_charter,
            0.0,
            1.0,
        );
        c.range(&here("legitimacy"), "legitimacy", k.legitimacy, 0.0, 1.0);
        c.range(&here("capital"), "capital", k.capital, 0.0, 1000.0);
        for (j, channel) in [k.color.0, k.color.1, k.color.2].into_iter().enumerate() {
            c.range(
                &[F("polities"), I(i), F("color"), I(j)],
                "a colour channel",
                f64::from(channel),
                0.0,
                1.0,
            );
        }
        polities.push(PolitySpec {
            key: k.id.clone(),
            name: k.name.clone(),
            color: [k.color.0, k.color.1, k.color.2],
            provinces: members,
            ruler: k.ruler.clone(),
            power: k.power,
            borders: k.borders,
            commune_charter: k.commune_charter,
            controller: k.controller.clone(),
            coerced: k.coerced,
            legitimacy: k.legitimacy,
            capital: k.capital,
            response: k
                .response
                .unwrap_or(schema::default_response(&k.controller)),
        });
    }
    for (p, owner) in owner_of.iter().enumerate() {
        if owner.is_none() {
            c.error(
                &[F("provinces"), I(p), F("id")],
                format!("province `{}` is in no polity", raw.provinces[p].id),
                "each province listed in one polity's `provinces`",
                "add it to a polity".into(),
            );
        }
    }
    if raw.polities.is_empty() {
        c.error(
            &[F("polities")],
            "no polities".into(),
            "at least one polity",
            "see docs/levels.md".into(),
        );
    }
    let players: Vec<usize> = raw
        .polities
        .iter()
        .enumerate()
        .filter(|(_, k)| k.controller == Controller::Player)
        .map(|(i, _)| i)
        .collect();
    if players.len() > 1 {
        c.error(
            &[F("polities"), I(players[1]), F("controller")],
            "more than one polity has `controller: Player`".into(),
            "at most one Player",
            "make the others `Ai(Warden)`, `Ai(Reformer)` or `Ai(Opportunist)`".into(),
        );
    }
    let player = players.first().map(|&i| PolityId(i as u32));

    // Goals.
    let polity_names: Vec<&str> = raw.polities.iter().map(|k| k.id.as_str()).collect();
    let mut goals = Vec::new();
    if !raw.goals.is_empty() && player.is_none() {
        c.error(
            &[F("goals")],
            "the level has goals but no polity with `controller: Player`".into(),
            "a Player polity",
            "give one polity `controller: Player`, or remove the goals".into(),
        );
    }
    for (i, g) in raw.goals.iter().enumerate() {
        let path = vec![F("goals"), I(i)];
        let scope = resolve_scope(
            &mut c,
            &[F("goals"), I(i), F("scope")],
            &g.scope,
            &polity_ids,
            &polity_names,
            player,
            g.metric,
        );
        if g.at_least.is_none() && g.at_most.is_none() {
            c.error(
                &path,
                "a goal needs `at_least` or `at_most`".into(),
                "`at_least: 0.6` or `at_most: 0.3`",
                "say what value the player must reach".into(),
            );
        }
        let by_turn = g.by_turn.unwrap_or(raw.max_turns);
        if by_turn == 0 || by_turn > raw.max_turns {
            c.error(
                &[F("goals"), I(i), F("by_turn")],
                format!("by_turn {by_turn} is outside the level's turns"),
                &format!("1 to max_turns ({})", raw.max_turns),
                "lower it or raise max_turns".into(),
            );
        }
        if let Some(scope) = scope {
            goals.push(Goal {
                metric: g.metric,
                scope,
                at_least: g.at_least,
                at_most: g.at_most,
                by_turn,
            });
        }
    }

    // Events.
    let mut events = Vec::new();
    let mut event_ids = BTreeSet::new();
    for (i, e) in raw.events.iter().enumerate() {
        if !event_ids.insert(e.id.as_str()) {
            c.error(
                &[F("events"), I(i), F("id")],
                format!("duplicate event id `{}`", e.id),
                "a unique id",
                "rename one of them".into(),
            );
        }
        let ids = Ids {
            province_ids: &province_ids,
            province_names: raw.provinces.iter().map(|p| p.id.as_str()).collect(),
            polity_ids: &polity_ids,
            polity_names: &polity_names,
            player,
        };
        events.extend(resolve_event(&mut c, i, e, &ids));
    }

    // Scenario tests.
    for (i, t) in raw.tests.iter().enumerate() {
        if t.turns == 0 || t.turns > raw.max_turns {
            c.error(
                &[F("tests"), I(i), F("turns")],
                format!("test `{}` plays {} turns", t.name, t.turns),
                &format!("1 to max_turns ({})", raw.max_turns),
                "a test plays at most the level's turns".into(),
            );
        }
        if t.expect.is_empty() {
            c.error(
                &[F("tests"), I(i), F("expect")],
                format!("test `{}` expects nothing", t.name),
                "at least one expectation",
                "a test must check something".into(),
            );
        }
        for (j, x) in t.expect.iter().enumerate() {
            if x.at_least.is_none() && x.at_most.is_none() {
                c.error(
                    &[F("tests"), I(i), F("expect"), I(j)],
                    "an expectation needs `at_least` or `at_most`".into(),
                    "a bound",
                    "say what value must hold".into(),
                );
            }
            // Polity scopes of tests may name polities founded during play,
            // so they are resolved when the test runs.
            if let ScopeFile::World = x.scope
                && x.metric.polity_only()
            {
                c.error(
                    &[F("tests"), I(i), F("expect"), I(j), F("metric")],
                    format!("{:?} is only defined for a polity", x.metric),
                    "`scope: Polity(\"id\")` or `scope: Player`",
                    "measure it for one polity".into(),
                );
            }
        }
        if let Some(schema::OrdersSource::File(path)) = &t.orders {
            match super::inside(dir, path) {
                Ok(full) => {
                    if let Err(errs) = super::load_orders(&full) {
                        c.errors.extend(errs.0);
                    }
                }
                Err(e) => c.error(
                    &[F("tests"), I(i), F("orders")],
                    e,
                    "a path inside the level's folder, such as \"orders/plan.ron\"",
                    "move the orders file next to the level".into(),
                ),
            }
        }
    }

    if !c.errors.is_empty() {
        return Err(Diagnostics(c.errors));
    }
    Ok(Level {
        file: file.to_string(),
        dir: dir.to_path_buf(),
        fingerprint: super::fingerprint(text),
        name: raw.name,
        description: raw.description,
        seed: raw.seed,
        max_turns: raw.max_turns,
        scale: raw.scale.max(1),
        cultures: raw.cultures,
        provinces,
        polities,
        goals,
        events,
        tests: raw.tests,
    })
}

/// Ids an event may refer to.
struct Ids<'a> {
    province_ids: &'a BTreeMap<&'a str, ProvinceId>,
    province_names: Vec<&'a str>,
    polity_ids: &'a BTreeMap<&'a str, PolityId>,
    polity_names: &'a [&'a str],
    player: Option<PolityId>,
}

/// Resolves one event's references, reporting what does not resolve.
fn resolve_event(c: &mut Checker, i: usize, e: &EventFile, ids: &Ids) -> Option<EventSpec> {
    let tpath = [F("events"), I(i), F("trigger")];
    let trigger = match &e.trigger {
        TriggerFile::Turn(t) => Some(Trigger::Turn(*t)),
        TriggerFile::Every(n) => {
            if *n == 0 {
                c.error(
                    &tpath,
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
        }
        | TriggerFile::Below {
            metric,
            scope,
            value,
        } => {
            let above = matches!(e.trigger, TriggerFile::Above { .. });
            resolve_scope(
                c,
                &tpath,
                scope,
                ids.polity_ids,
                ids.polity_names,
                ids.player,
                *metric,
            )
            .map(|s| {
                if above {
                    Trigger::Above(*metric, s, *value)
                } else {
                    Trigger::Below(*metric, s, *value)
                }
            })
        }
        TriggerFile::Chance(p) => {
            c.range(&tpath, "a chance", *p, 0.0, 1.0);
            Some(Trigger::Chance(*p))
        }
        TriggerFile::ProvinceAbove {
            province,
            quantity,
            value,
        }
        | TriggerFile::ProvinceBelow {
            province,
            quantity,
            value,
        } => match ids.province_ids.get(province.as_str()) {
            Some(&p) if matches!(e.trigger, TriggerFile::ProvinceAbove { .. }) => {
                Some(Trigger::ProvinceAbove(p, *quantity, *value))
            }
            Some(&p) => Some(Trigger::ProvinceBelow(p, *quantity, *value)),
            None => {
                let hint = suggestion(province, ids.province_names.iter().copied());
                c.error(
                    &tpath,
                    format!("unknown province `{province}`"),
                    "a province id",
                    hint,
                );
                None
            }
        },
    };
    let mut effects = Vec::new();
    for (j, effect) in e.effects.iter().enumerate() {
        let epath = [F("events"), I(i), F("effects"), I(j)];
        let province = |c: &mut Checker, key: &str| match ids.province_ids.get(key) {
            Some(&p) => Some(p),
            None => {
                let hint = suggestion(key, ids.province_names.iter().copied());
                c.error(
                    &epath,
                    format!("unknown province `{key}`"),
                    "a province id",
                    hint,
                );
                None
            }
        };
        let resolved = match effect {
            EffectFile::Message(text) => Some(Effect::Message(text.clone())),
            EffectFile::Prosperity {
                province: key,
                change,
            } => province(c, key).map(|p| Effect::Prosperity(p, *change)),
            EffectFile::Infrastructure {
                province: key,
                change,
            } => province(c, key).map(|p| Effect::Infrastructure(p, *change)),
            EffectFile::Grievance {
                province: key,
                change,
            } => province(c, key).map(|p| Effect::Grievance(p, *change)),
            EffectFile::Act {
                polity,
                province: key,
                effects,
            } => {
                let who = if polity == "Player" {
                    ids.player.or_else(|| {
                        c.error(
                            &epath,
                            "`Player` but no polity has `controller: Player`".into(),
                            "a polity id",
                            "name the polity".into(),
                        );
                        None
                    })
                } else {
                    polity_ref(c, &epath, polity, ids.polity_ids, ids.polity_names)
                };
                let place = match key {
                    Some(key) => province(c, key).map(Some),
                    None => Some(None),
                };
                who.zip(place)
                    .map(|(k, p)| Effect::Act(k, p, effects.clone()))
            }
            EffectFile::Authority { polity, change } => {
                polity_ref(c, &epath, polity, ids.polity_ids, ids.polity_names)
                    .map(|k| Effect::Authority(k, *change))
            }
            EffectFile::Legitimacy { polity, change } => {
                polity_ref(c, &epath, polity, ids.polity_ids, ids.polity_names)
                    .map(|k| Effect::Legitimacy(k, *change))
            }
            EffectFile::Borders {
                polity,
                exit,
                entry,
            } => polity_ref(c, &epath, polity, ids.polity_ids, ids.polity_names).map(|k| {
                Effect::Borders(
                    k,
                    crate::sim::world::Borders {
                        exit: *exit,
                        entry: *entry,
                    },
                )
            }),
        };
        effects.extend(resolved);
    }
    trigger.map(|trigger| EventSpec {
        key: e.id.clone(),
        trigger,
        effects,
        once: e.once,
    })
}

/// Events from mods, resolved against a level: an event that refers to a
/// province, polity or player the level does not have is left out of it.
pub fn resolve_mod_events(level: &Level, events: &[EventFile]) -> Vec<EventSpec> {
    let province_ids: BTreeMap<&str, ProvinceId> = level
        .provinces
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.as_str(), ProvinceId(i as u32)))
        .collect();
    let polity_ids: BTreeMap<&str, PolityId> = level
        .polities
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.as_str(), PolityId(i as u32)))
        .collect();
    let polity_names: Vec<&str> = level.polities.iter().map(|p| p.key.as_str()).collect();
    let ids = Ids {
        province_ids: &province_ids,
        province_names: level.provinces.iter().map(|p| p.key.as_str()).collect(),
        polity_ids: &polity_ids,
        polity_names: &polity_names,
        player: level.player(),
    };
    let tree = Node {
        pos: (0, 0),
        value: Value::Struct {
            name: None,
            fields: Vec::new(),
        },
    };
    events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let mut c = Checker {
                file: "",
                tree: &tree,
                errors: Vec::new(),
            };
            let spec = resolve_event(&mut c, i, e, &ids);
            spec.filter(|_| c.errors.is_empty())
        })
        .collect()
}

fn polity_ref(
    c: &mut Checker,
    path: &[PathStep],
    key: &str,
    ids: &BTreeMap<&str, PolityId>,
    names: &[&str],
) -> Option<PolityId> {
    match ids.get(key) {
        Some(&k) => Some(k),
        None => {
            c.error(
                path,
                format!("unknown polity `{key}`"),
                "a polity id",
                suggestion(key, names.iter().copied()),
            );
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve_scope(
    c: &mut Checker,
    path: &[PathStep],
    scope: &ScopeFile,
    ids: &BTreeMap<&str, PolityId>,
    names: &[&str],
    player: Option<PolityId>,
    metric: schema::Metric,
) -> Option<Scope> {
    let resolved = match scope {
        ScopeFile::World => Scope::World,
        ScopeFile::Player => match player {
            Some(p) => Scope::Polity(p),
            None => {
                c.error(
                    path,
                    "`scope: Player` but no polity has `controller: Player`".into(),
                    "a Player polity",
                    "name a polity with `Polity(\"id\")`".into(),
                );
                return None;
            }
        },
        ScopeFile::Polity(key) => Scope::Polity(polity_ref(c, path, key, ids, names)?),
    };
    match resolved {
        Scope::World if metric.polity_only() => {
            c.error(
                path,
                format!("{metric:?} is only defined for a polity"),
                "`Polity(\"id\")` or `Player`",
                "measure it for one polity".into(),
            );
            None
        }
        Scope::Polity(_) if metric.world_only() => {
            c.error(
                path,
                format!("{metric:?} is only defined for the world"),
                "`scope: World`",
                "use `scope: World`".into(),
            );
            None
        }
        _ => Some(resolved),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_level;
    use std::path::Path;

    const GOOD: &str = r#"Level(
    name: "t", seed: 1, max_turns: 5, cultures: ["a", "b"],
    provinces: [
        (id: "p", name: "P", cells: [(0, 0)], capacity: 10, population: [("a", 5)]),
        (id: "q", name: "Q", cells: [(1, 0)], capacity: 10, population: [("b", 5)]),
    ],
    polities: [
        (id: "k", name: "K", color: (0.5, 0.5, 0.5), provinces: ["p", "q"],
         ruler: (name: "R", authority: 0.9),
         power: (ruler: 0.9, province: 0.1, municipal: 0.0, citizens: 0.0),
         borders: (exit: Closed, entry: Closed), controller: Player),
    ],
    goals: [(metric: Score, scope: World, at_least: 0.5)],
)"#;

    #[test]
    fn a_good_level_loads() {
        let level = parse_level("t.ron", GOOD, Path::new(".")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(level.provinces.len(), 2);
        assert_eq!(level.goals[0].by_turn, 5);
    }

    #[test]
    fn all_unknown_fields_are_reported_with_hints() {
        let bad = GOOD
            .replace(
                "capacity: 10, population: [(\"a\"",
                "capacty: 10, population: [(\"a\"",
            )
            .replace("seed: 1", "sed: 1");
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("unknown field `capacty`")
                    && t.contains("did you mean `capacity`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("unknown field `sed`") && t.contains("did you mean `seed`")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.starts_with("t.ron:2:")), "{text:?}");
    }

    #[test]
    fn all_semantic_errors_are_reported() {
        let bad = GOOD
            .replace("provinces: [\"p\", \"q\"]", "provinces: [\"p\", \"qq\"]")
            .replace("ruler: 0.9, province: 0.1", "ruler: 0.9, province: 0.2")
            .replace("(\"b\", 5)", "(\"c\", 5)")
            .replace("cells: [(1, 0)]", "cells: [(0, 0)]");
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let text = errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "unknown province `qq`",
            "sum to 1.1000",
            "unknown culture `c`",
            "is also a cell of",
            "is in no polity",
        ] {
            assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
        }
        assert!(errors.iter().all(|e| e.line > 0 && e.column > 0), "{text}");
    }

    #[test]
    fn orders_files_must_stay_beside_the_level() {
        let bad = GOOD.replace(
            "goals: [",
            "tests: [(name: \"t\", turns: 1, orders: \"../../etc/passwd\", expect: [(metric: Score, scope: World, at_least: 0.0)])],\n    goals: [",
        );
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("leaves the folder")),
            "{errors:?}"
        );
    }

    #[test]
    fn goals_need_a_player() {
        let bad = GOOD.replace("controller: Player", "controller: Ai(Warden)");
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("no polity with `controller: Player`"))
        );
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let bad = GOOD.replace(
            "capacity: 10, population: [(\"a\"",
            "capacity: \"ten\", population: [(\"a\"",
        );
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 4);
    }
}
