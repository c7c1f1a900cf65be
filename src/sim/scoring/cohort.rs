//! The score of each polity's turn-0 cohort, the term a legacy averages
//! over the turns (GAME.md §4): computed from per-province tallies by
//! origin, never person by person.

use std::collections::BTreeMap;

use super::formulas::domination;
use super::report::{CohortScore, PolityScore, ProvinceScore, ScoringInput};
use super::tally::{Local, Tally};
use crate::sim::ids::PolityId;
use crate::sim::parallel::par_each_mut;
use crate::sim::rules::ScoringRules;

/// The score of each polity's turn-0 cohort wherever its people live now:
/// the people-weighted mean of its score in each polity that holds some of
/// them, where people of provinces their polity gave away (or lost) count
/// at no more than the score of the polity they came from.
pub fn cohorts(
    input: &ScoringInput,
    provinces: &[ProvinceScore],
    locals: &[Local],
    holders: &[(f64, f64)],
    theil: f64,
    rules: &ScoringRules,
    polities: &[PolityScore],
) -> Vec<CohortScore> {
    // Parts by (origin, host polity, handed over), in the order first
    // met, found through a dense index of the keys; sorted by key below.
    let origins = input
        .provinces
        .iter()
        .flat_map(|p| p.origins.iter().map(|o| o.polity.index() + 1))
        .max()
        .unwrap_or(0);
    let hosts = input.polities.len();
    let slot = |origin: PolityId, host: usize, handed: bool| {
        (origin.index() * hosts + host) * 2 + usize::from(handed)
    };
    let mut index = vec![usize::MAX; origins * hosts * 2];
    let mut parts: Vec<((PolityId, usize, bool), Tally)> = Vec::new();
    for ((province, ledger), local) in input.provinces.iter().zip(provinces).zip(locals) {
        if local.people <= 0.0 {
            continue;
        }
        let host = &input.polities[province.polity];
        for origin in &province.origins {
            if origin.people <= 0.0 {
                continue;
            }
            let handed = province.initial_owner == origin.polity && host.id != origin.polity;
            let at = &mut index[slot(origin.polity, province.polity, handed)];
            if *at == usize::MAX {
                *at = parts.len();
                parts.push(((origin.polity, province.polity, handed), Tally::default()));
            }
            let tally = &mut parts[*at].1;
            let weight = origin.people / local.people;
            tally.add(ledger, local, holders, weight, origin.coerced);
            // Members and others of the cohort, not of the province.
            let plain = origin.people - origin.members;
            let dom = plain * ledger.domination_plain
                + origin.members * domination(local.dom_members, ledger.exit_discipline);
            tally.domination += dom - origin.people * ledger.domination;
        }
    }
    // Each part's terms, in runs of about equal work, one a thread (each
    // sorts its holders).
    // In key order, as the sums below add them up.
    parts.sort_unstable_by_key(|(key, _)| *key);
    let (keys, mut tallies): (Vec<_>, Vec<Tally>) = parts.into_iter().unzip();
    let metrics = par_each_mut(&mut tallies, Tally::size, |tally| {
        tally.metrics(theil, rules)
    });
    let mut sums: BTreeMap<PolityId, (f64, f64)> = BTreeMap::new();
    for ((origin, _, handed), part) in keys.into_iter().zip(metrics) {
        let home = polities
            .iter()
            .find(|p| p.id == origin)
            .map(|p| p.metrics.score);
        let s = match (handed, home) {
            (true, Some(cap)) => part.score.min(cap),
            _ => part.score,
        };
        let sum = sums.entry(origin).or_default();
        sum.0 += part.population * s;
        sum.1 += part.population;
    }
    sums.into_iter()
        .filter(|(_, (_, people))| *people > 0.0)
        .map(|(polity, (weighted, people))| CohortScore {
            polity,
            score: weighted / people,
            legacy: 0.0,
        })
        .collect()
}
