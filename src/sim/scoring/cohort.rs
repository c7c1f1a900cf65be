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

/// What scoring the provinces gave the cohorts to build on.
pub struct Scored<'a> {
    /// Each province's ledger.
    pub provinces: &'a [ProvinceScore],
    /// What each province adds to its scopes.
    pub locals: &'a [Local],
    /// The groups of holders of every province.
    pub holders: &'a [(f64, f64)],
}

/// The cohorts' parts with their sums, before their terms: what [`parts`]
/// gathers while the polities' terms are worked out, for [`cohorts`].
#[derive(Default)]
pub struct Parts(Vec<Part>);

/// One part of a cohort: its people in one host polity, in provinces
/// handed over or not.
struct Part {
    key: (PolityId, usize, bool),
    tally: Tally,
    /// Provinces it takes people from.
    provinces: usize,
    /// True while it takes all the people of each.
    whole: bool,
    /// It takes its host's equality of power.
    alike: bool,
}

/// The parts of every cohort (by origin, host polity, handed over) with
/// their sums; a part alike its host (all the people of each of the host's
/// peopled provinces) will take the host's equality of power when `share`,
/// and gathers its own groups of holders otherwise.
pub fn parts(input: &ScoringInput, scored: &Scored, share: bool) -> Parts {
    let (provinces, locals, holders) = (scored.provinces, scored.locals, scored.holders);
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
    let mut parts: Vec<Part> = Vec::new();
    // Who has people in each province, and how many of them, in province
    // order; and how many peopled provinces each host has.
    let mut shares: Vec<(usize, usize, f64)> = Vec::with_capacity(input.provinces.len());
    let mut peopled = vec![0; hosts];
    for (i, ((province, ledger), local)) in input
        .provinces
        .iter()
        .zip(provinces)
        .zip(locals)
        .enumerate()
    {
        if local.people <= 0.0 {
            continue;
        }
        peopled[province.polity] += 1;
        let host = &input.polities[province.polity];
        for origin in &province.origins {
            if origin.people <= 0.0 {
                continue;
            }
            let handed = province.initial_owner == origin.polity && host.id != origin.polity;
            let at = &mut index[slot(origin.polity, province.polity, handed)];
            if *at == usize::MAX {
                *at = parts.len();
                parts.push(Part {
                    key: (origin.polity, province.polity, handed),
                    tally: Tally::default(),
                    provinces: 0,
                    whole: true,
                    alike: false,
                });
            }
            let part = &mut parts[*at];
            let weight = origin.people / local.people;
            part.provinces += 1;
            part.whole &= weight == 1.0;
            shares.push((*at, i, weight));
            let tally = &mut part.tally;
            tally.add(ledger, local, weight, origin.coerced);
            // Members and others of the cohort, not of the province.
            let plain = origin.people - origin.members;
            let dom = plain * ledger.domination_plain
                + origin.members * domination(local.dom_members, ledger.exit_discipline);
            tally.domination += dom - origin.people * ledger.domination;
        }
    }
    // A part that takes all the people of every peopled province of its
    // host has the host's groups of holders, in the same order: its
    // equality of power is the host's. The others gather their groups.
    for part in &mut parts {
        part.alike = share && part.whole && part.provinces == peopled[part.key.1];
    }
    for &(at, i, weight) in &shares {
        if !parts[at].alike {
            parts[at].tally.add_groups(&locals[i], holders, weight);
        }
    }
    Parts(parts)
}

/// The score of each polity's turn-0 cohort wherever its people live now,
/// from its [`parts`]: the people-weighted mean of its score in each
/// polity that holds some of them, where people of provinces their polity
/// gave away (or lost) count at no more than the score of the polity they
/// came from. `equality` is the equality of power in each polity (by index
/// in the input).
pub fn cohorts(
    Parts(mut parts): Parts,
    equality: &[f64],
    theil: f64,
    rules: &ScoringRules,
    polities: &[PolityScore],
) -> Vec<CohortScore> {
    // In key order, as the sums below add them up; each part's terms in
    // runs of about equal work, one a thread (each sorts its holders).
    parts.sort_unstable_by_key(|part| part.key);
    let metrics = par_each_mut(
        &mut parts,
        |part| part.tally.size(),
        |part| {
            if part.alike {
                part.tally.metrics_with(theil, rules, equality[part.key.1])
            } else {
                part.tally.metrics(theil, rules)
            }
        },
    );
    let keys = parts.iter().map(|part| part.key);
    let mut sums: BTreeMap<PolityId, (f64, f64)> = BTreeMap::new();
    for ((origin, _, handed), part) in keys.zip(metrics) {
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
