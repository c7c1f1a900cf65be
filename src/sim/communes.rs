//! Communes (GAME.md §3.6, Reassociation): where a charter allows,
//! citizens who would escape domination by joining one found a commune or
//! join their province's largest; communes without a charter or with too
//! few members dissolve. The census follows every join and leave.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::census::Census;
use super::citizens::Citizens;
use super::ids::{CommuneId, PolityId, ProvinceId, sorted};
use super::news::{News, NewsKind, people};
use super::rng::{DrawPhase, TurnDraws};
use super::rules::Rules;
use super::scoring::Scores;
use super::territory::{owners_by_id, polities_by_id, province_name};
use super::world::{Clock, Commune, LevelInfo, Registry, TurnStats};

/// Communes dissolve when their charter is gone or they are too small;
/// citizens who would gain found new ones or join the largest.
pub fn communes_phase(world: &mut World) {
    let rules = world.resource::<Rules>().clone();
    let r = &rules.reassociation;
    let polities = polities_by_id(world);
    let owners = owners_by_id(world);
    let charter: Vec<f64> = owners
        .iter()
        .map(|owner| polities[owner.index()].commune_charter)
        .collect();
    let mut communes: Vec<Commune> =
        sorted(world.query::<&Commune>().iter(world).cloned(), |c| c.id);
    // Members after this turn's moves (movers have left their communes).
    let sizes = world.resource::<Census>().commune_sizes.clone();

    // Dissolve communes without a charter or with too few members (marked
    // by commune id: every member is looked up).
    let mut dissolving = vec![false; communes.len()];
    for commune in communes.iter_mut().filter(|c| !c.dissolved) {
        let size = sizes[commune.id.index()];
        if charter[commune.province.index()] <= 0.0 || size < r.min_commune_size {
            commune.dissolved = true;
            dissolving[commune.id.index()] = true;
        }
    }

    // Who wants to join: the gain is the domination a member escapes.
    let gain: Vec<f64> = {
        let scores = world.resource::<Scores>();
        (0..owners.len())
            .map(|p| {
                scores.current.provinces.get(p).map_or(0.0, |l| {
                    rules.citizens.w_free * (l.domination_plain - l.domination_member)
                        - r.commune_effort
                })
            })
            .collect()
    };
    let willing = willing_members(world, &dissolving, &charter, &gain);
    let (joins, founded) = join_or_found(willing, &communes, &sizes, r.min_commune_size);
    write_back(world, &dissolving, founded, joins, &owners);
}

/// Citizens who leave dissolved communes (the census follows), and
/// `(province, id)` of those who would gain by joining one and (by a
/// seeded draw) decide to, by province and then id.
fn willing_members(
    world: &mut World,
    dissolving: &[bool],
    charter: &[f64],
    gain: &[f64],
) -> Vec<(ProvinceId, u32)> {
    let rate = world.resource::<Rules>().reassociation.commune_join_rate;
    let draws = {
        let clock = world.resource::<Clock>();
        TurnDraws::new(clock.seed, clock.turn)
    };
    // Where joining is open and gains something; whether any commune
    // dissolves at all (most turns none does).
    let open: Vec<bool> = charter
        .iter()
        .zip(gain)
        .map(|(&charter, &gain)| !(charter <= 0.0 || gain <= 0.0))
        .collect();
    let any_dissolving = dissolving.contains(&true);
    let chunks = world.resource_mut::<Citizens>().par_chunks_mut(|c| {
        let (mut willing, mut left) = (Vec::new(), Vec::new());
        let start = c.start;
        // The columns side by side (no index to check per column).
        let rows = c
            .home
            .iter()
            .zip(c.origin)
            .zip(c.commune.iter_mut())
            .zip(c.grievance.iter());
        for (i, (((&home, &origin), commune), &grievance)) in rows.enumerate() {
            if any_dissolving
                && let Some(k) = commune.filter(|k| dissolving.get(k.index()) == Some(&true))
            {
                *commune = None;
                left.push((home, origin, k));
            }
            if commune.is_some() || !open[home.index()] {
                continue;
            }
            let chance = rate * (0.5 + f64::from(grievance));
            // `ColumnsMut::id`, while the commune column is borrowed.
            let id = (start + i) as u32;
            if draws.unit(u64::from(id), DrawPhase::Reassociation, 0) < chance {
                willing.push((home, id));
            }
        }
        (willing, left)
    });
    let mut willing = Vec::new();
    let mut census = world.resource_mut::<Census>();
    for (chunk, left) in chunks {
        willing.extend(chunk);
        for (home, origin, commune) in left {
            census.left_commune(home, origin, commune);
        }
    }
    // By province, then id (ids are unique).
    willing.sort_unstable();
    willing
}

/// The willing of each province join its largest commune, or found one
/// when there is none and they are enough; returns who joins which, and the
/// communes founded.
fn join_or_found(
    willing: Vec<(ProvinceId, u32)>,
    communes: &[Commune],
    sizes: &[u32],
    min_size: u32,
) -> (Vec<(u32, CommuneId)>, Vec<Commune>) {
    let mut joins: Vec<(u32, CommuneId)> = Vec::new();
    let mut founded = Vec::new();
    let mut next_id = communes.len() as u32;
    // Each province's largest commune (the oldest among the largest).
    let mut largest: BTreeMap<ProvinceId, (u32, std::cmp::Reverse<CommuneId>)> = BTreeMap::new();
    for c in communes.iter().filter(|c| !c.dissolved) {
        let key = (sizes[c.id.index()], std::cmp::Reverse(c.id));
        let best = largest.entry(c.province).or_insert(key);
        *best = (*best).max(key);
    }
    for group in willing.chunk_by(|a, b| a.0 == b.0) {
        let province = group[0].0;
        let ids = group.iter().map(|&(_, id)| id);
        let target = match largest.get(&province).map(|(_, id)| id.0) {
            Some(c) => c,
            None if group.len() as u32 >= min_size => {
                let id = CommuneId(next_id);
                next_id += 1;
                founded.push(Commune {
                    id,
                    province,
                    members: group.len() as u32,
                    dissolved: false,
                });
                id
            }
            None => continue,
        };
        joins.extend(ids.map(|c| (c, target)));
    }
    (joins, founded)
}

/// Marks dissolved communes, spawns the founded ones and enrols their
/// members, and logs both.
fn write_back(
    world: &mut World,
    dissolving: &[bool],
    founded: Vec<Commune>,
    joins: Vec<(u32, CommuneId)>,
    owners: &[PolityId],
) {
    let mut query = world.query::<&mut Commune>();
    for mut commune in query.iter_mut(world) {
        if dissolving.get(commune.id.index()) == Some(&true) {
            commune.dissolved = true;
        }
    }
    let scale = f64::from(world.resource::<LevelInfo>().scale);
    for commune in founded {
        let name = province_name(world, commune.province);
        let (province, owner) = (commune.province, owners[commune.province.index()]);
        world.resource_mut::<TurnStats>().say(
            News::new(
                NewsKind::CommuneFounded,
                Some(owner),
                format!(
                    "Citizens of {name} founded a commune of {} people.",
                    people(f64::from(commune.members) * scale)
                ),
            )
            .at(province),
        );
        let entity = world.spawn(commune).id();
        world.resource_mut::<Registry>().communes.push(entity);
    }
    let communes = world.resource::<Registry>().communes.len();
    world.resource_scope(|world, mut census: Mut<Census>| {
        census.commune_sizes.resize(communes, 0);
        let mut citizens = world.resource_mut::<Citizens>();
        for (citizen, commune) in joins {
            let i = citizen as usize;
            citizens.commune[i] = Some(commune);
            census.joined_commune(citizens.home[i], citizens.origin[i], commune);
        }
    });
    let dissolved = dissolving.iter().filter(|&&d| d).count();
    if dissolved > 0 {
        world.resource_mut::<TurnStats>().say(News::new(
            NewsKind::CommunesDissolved,
            None,
            format!("{dissolved} commune(s) dissolved."),
        ));
    }
}
