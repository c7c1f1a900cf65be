//! The level's length and scale, its cultures and its provinces: unique
//! ids, connected cells that no two provinces share, capacities, values in
//! range, known cultures, and a bounded number of agents.

use std::collections::BTreeMap;

use super::checker::Checker;
use crate::level::diagnostic::suggestion;
use crate::level::schema::LevelFile;
use crate::level::tree::PathStep::{Field as F, Index as I};
use crate::sim::geography::cells_connected;
use crate::sim::ids::{CultureId, ProvinceId};
use crate::sim::scenario::ProvinceSpec;

/// The most citizen agents a level may hold (memory stays bounded).
pub const MAX_AGENTS: u64 = 20_000_000;

/// A level's provinces, resolved.
pub struct Provinces<'a> {
    /// Province ids by key.
    pub ids: BTreeMap<&'a str, ProvinceId>,
    /// Provinces in file order.
    pub specs: Vec<ProvinceSpec>,
}

/// Checks the level's number of turns and its scale.
pub fn length_and_scale(c: &mut Checker, raw: &LevelFile) {
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
}

/// Culture ids by name.
pub fn cultures<'a>(c: &mut Checker, raw: &'a LevelFile) -> BTreeMap<&'a str, CultureId> {
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
    cultures
}

/// Checks and resolves every province.
pub fn provinces<'a>(
    c: &mut Checker,
    raw: &'a LevelFile,
    cultures: &BTreeMap<&str, CultureId>,
) -> Provinces<'a> {
    let mut ids: BTreeMap<&str, ProvinceId> = BTreeMap::new();
    let mut cell_owner: BTreeMap<(i32, i32), usize> = BTreeMap::new();
    let mut agents: u64 = 0;
    let mut specs = Vec::new();
    for (i, p) in raw.provinces.iter().enumerate() {
        let here = |f: &'static str| vec![F("provinces"), I(i), F(f)];
        if ids.insert(&p.id, ProvinceId(i as u32)).is_some() {
            c.error(
                &here("id"),
                format!("duplicate province id `{}`", p.id),
                "a unique id",
                "rename one of them".into(),
            );
        }
        cells(c, raw, i, &mut cell_owner);
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
        specs.push(ProvinceSpec {
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
    Provinces { ids, specs }
}

/// Checks the cells of province `i`: some, connected, and none shared with
/// an earlier province.
fn cells(c: &mut Checker, raw: &LevelFile, i: usize, cell_owner: &mut BTreeMap<(i32, i32), usize>) {
    let p = &raw.provinces[i];
    let here = [F("provinces"), I(i), F("cells")];
    if p.cells.is_empty() {
        c.error(
            &here,
            format!("province `{}` has no cells", p.id),
            "at least one (q, r) cell",
            "add its hex cells".into(),
        );
    } else if !cells_connected(&p.cells) {
        c.error(
            &here,
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
}
