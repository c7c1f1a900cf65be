//! Why a polity's score moved this turn, in words: its own orders and the
//! power they moved, power that crept back to the ruler, who left for where
//! and who came from where, who was stopped at a border, and what happened
//! to it and to its neighbours (a fall, a province that changed hands, a
//! federation, a commune). Read from the turn's news and statistics.

use std::collections::BTreeMap;

use super::format::people;
use crate::sim::ids::PolityId;
use crate::sim::news::NewsKind;
use crate::sim::simulation::Simulation;

/// The causes of this turn's change for `polity`, the largest first within
/// each kind: what it did, what moved its people, what happened around it.
pub fn this_turn(sim: &Simulation, polity: PolityId) -> Vec<String> {
    let mut causes = Vec::new();
    let provinces = sim.provinces();
    let owner = |p: crate::sim::ids::ProvinceId| provinces.get(p.index()).map(|q| q.owner);
    let name = |k: PolityId| {
        sim.polity(k)
            .map_or_else(|| "?".to_string(), |p| p.name.clone())
    };
    let neighbours = crate::game::map::palette::neighbours(sim, polity);
    let stats = sim.stats();
    // What happened to it or next door, in the turn's order.
    for news in &stats.news {
        let here = news.polity == Some(polity)
            || news.other == Some(polity)
            || news.province.and_then(owner) == Some(polity);
        let next_door =
            news.kind.is_political() && news.polity.is_some_and(|k| neighbours.contains(&k));
        let counted = matches!(
            news.kind,
            NewsKind::Order | NewsKind::PhasedIn | NewsKind::Listened | NewsKind::Repressed
        ) || news.kind.is_political()
            || matches!(
                news.kind,
                NewsKind::CommuneFounded | NewsKind::CommunesDissolved
            );
        if counted && (here || next_door) && !causes.contains(&news.text) {
            causes.push(news.text.clone());
        }
    }
    if let Some(p) = sim.polity(polity)
        && p.turn.crept > 0.0005
    {
        causes.push(format!(
            "{:.3} of power crept back to the ruler: offices gather powers where people \
             cannot leave for somewhere better",
            p.turn.crept
        ));
    }
    // Who moved, by the polity at the other end.
    let scale = f64::from(sim.level_info().scale);
    let mut left: BTreeMap<PolityId, u32> = BTreeMap::new();
    let mut came: BTreeMap<PolityId, u32> = BTreeMap::new();
    for (&(from, to), &n) in &stats.flows {
        match (owner(from), owner(to)) {
            (Some(a), Some(b)) if a == polity && b != polity => *left.entry(b).or_default() += n,
            (Some(a), Some(b)) if b == polity && a != polity => *came.entry(a).or_default() += n,
            _ => {}
        }
    }
    let largest = |map: BTreeMap<PolityId, u32>| {
        let mut list: Vec<(PolityId, u32)> = map.into_iter().collect();
        list.sort_by_key(|&(k, n)| (std::cmp::Reverse(n), k));
        list.truncate(3);
        list
    };
    for (k, n) in largest(left) {
        causes.push(format!(
            "{} of your people left for {}",
            people(f64::from(n) * scale),
            name(k)
        ));
    }
    for (k, n) in largest(came) {
        causes.push(format!(
            "{} came from {}",
            people(f64::from(n) * scale),
            name(k)
        ));
    }
    let blocked: u32 = stats
        .blocked_by_province
        .iter()
        .filter(|(p, _)| owner(**p) == Some(polity))
        .map(|(_, n)| n)
        .sum();
    if blocked > 0 {
        causes.push(format!(
            "{} who tried to leave were stopped at a border",
            people(f64::from(blocked) * scale)
        ));
    }
    causes
}
