//! The level's polities: unique ids, provinces each in exactly one polity,
//! shares that sum to 1, values in range, and at most one player.

use std::collections::BTreeMap;

use super::checker::Checker;
use crate::level::diagnostic::suggestion;
use crate::level::schema::{LevelFile, PolityFile};
use crate::level::tree::PathStep::{Field as F, Index as I};
use crate::sim::ids::{PolityId, ProvinceId};
use crate::sim::scenario::PolitySpec;
use crate::sim::world::Controller;

/// A level's polities, resolved.
pub struct Polities<'a> {
    /// Polity ids by key.
    pub ids: BTreeMap<&'a str, PolityId>,
    /// Polities in file order.
    pub specs: Vec<PolitySpec>,
    /// The player's polity.
    pub player: Option<PolityId>,
}

/// Checks and resolves every polity.
pub fn polities<'a>(
    c: &mut Checker,
    raw: &'a LevelFile,
    province_ids: &BTreeMap<&str, ProvinceId>,
) -> Polities<'a> {
    let mut ids: BTreeMap<&str, PolityId> = BTreeMap::new();
    let mut owner_of: Vec<Option<usize>> = vec![None; raw.provinces.len()];
    let mut specs = Vec::new();
    for (i, k) in raw.polities.iter().enumerate() {
        if ids.insert(&k.id, PolityId(i as u32)).is_some() {
            c.error(
                &[F("polities"), I(i), F("id")],
                format!("duplicate polity id `{}`", k.id),
                "a unique id",
                "rename one of them".into(),
            );
        }
        let members = members(c, raw, i, province_ids, &mut owner_of);
        values(c, i, k);
        specs.push(PolitySpec {
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
                .unwrap_or_else(|| k.controller.default_response()),
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
    let player = player(c, raw);
    Polities { ids, specs, player }
}

/// The provinces of polity `i`, each claimed once.
fn members(
    c: &mut Checker,
    raw: &LevelFile,
    i: usize,
    province_ids: &BTreeMap<&str, ProvinceId>,
    owner_of: &mut [Option<usize>],
) -> Vec<ProvinceId> {
    let k = &raw.polities[i];
    let mut members = Vec::new();
    for (j, key) in k.provinces.iter().enumerate() {
        let here = [F("polities"), I(i), F("provinces"), I(j)];
        match province_ids.get(key.as_str()) {
            Some(&p) => {
                if let Some(other) = owner_of[p.index()] {
                    let msg = format!(
                        "province `{key}` is in two polities, `{}` and `{}`",
                        raw.polities[other].id, k.id
                    );
                    c.error(
                        &here,
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
                    &here,
                    format!("unknown province `{key}`"),
                    "a province id",
                    hint,
                );
            }
        }
    }
    members
}

/// Shares that sum to 1, and every value of polity `i` in its range.
fn values(c: &mut Checker, i: usize, k: &PolityFile) {
    let here = |f: &'static str| vec![F("polities"), I(i), F(f)];
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
        let path = [F("polities"), I(i), F("power"), F(name)];
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
}

/// The player's polity; more than one is an error.
fn player(c: &mut Checker, raw: &LevelFile) -> Option<PolityId> {
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
    players.first().map(|&i| PolityId(i as u32))
}
