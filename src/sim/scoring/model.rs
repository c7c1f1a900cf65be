//! The scoring model of GAME.md §4 (model v2): power exposure over the
//! tiers (the citizens tier as arbitrary as its majority overrules a
//! minority), freedom to leave `L` (a way out that exists), exit discipline
//! `X` (a way out to a place that dominates less), domination, forced
//! sorting against the whole world, one Gini of decision power over every
//! person in scope with the ruler's seat in each province it rules, the
//! score `S`, fragmentation `F` beside it, and the score of each polity's
//! turn-0 cohort wherever its people now live (the legacy's turn term).
//! Pure functions of a [`ScoringInput`]; linear in provinces and groups of
//! equal holders (and sorting them for the Gini).

pub use super::formulas::{
    domination, fragmentation, gini, intensity, intensity_at, intimacy, moving_cost, room,
    theil_index, theil_of, unit_entropy,
};

use super::cohort::{Parts, Scored, cohorts, parts};
use super::memo::{AlikeMemo, SizeMemo, SizeTerms, foreign_hops};
pub use super::report::{
    CohortScore, Metrics, OriginTally, PolityInput, PolityScore, ProvinceInput, ProvinceScore,
    ScoreReport, ScoringInput, WorldScore,
};
use super::tally::{Local, Tally};
use crate::sim::ids::FederationId;
use crate::sim::parallel::{PROVINCES_PER_TASK, chunk_ranges, par_each, par_rows_mut};
use crate::sim::rules::ScoringRules;

/// Scores a world (§4).
pub fn score(input: &ScoringInput, rules: &ScoringRules) -> ScoreReport {
    score_sharing(input, rules, true)
}

/// [`score`], where a cohort's part alike its host polity takes the host's
/// equality of power when `share` instead of working it out again (tests
/// compare the two).
fn score_sharing(input: &ScoringInput, rules: &ScoringRules, share: bool) -> ScoreReport {
    let people = Headcount::of(input);
    let polity_people = &people.polities;
    let ruler: Vec<f64> = input
        .polities
        .iter()
        .zip(polity_people)
        .map(|(k, &n)| intensity(k.authority, n, rules.lambda))
        .collect();
    let (mut provinces, locals, holders) = ledgers(input, &people, &ruler, rules);
    let theil = exits_and_sorting(input, &mut provinces, &people.provinces, rules);
    let scored = Scored {
        provinces: &provinces,
        locals: &locals,
        holders: &holders,
    };
    let (parts, world_metrics, scope_metrics) = scopes(input, &scored, theil, rules, share);
    let equality: Vec<f64> = scope_metrics.iter().map(|m| m.equality).collect();
    let mut polities = Vec::new();
    let mut units: Vec<(Option<FederationId>, f64)> = Vec::new();
    let mut hierarchies = 0;
    for (k, polity) in input.polities.iter().enumerate() {
        if polity_people[k] <= 0.0 {
            continue;
        }
        let ruler_intensity = intensity(polity.authority, polity_people[k], rules.lambda);
        if ruler_intensity >= rules.hierarchy_threshold && polity.power.ruler > 0.0 {
            hierarchies += 1;
        }
        polities.push(PolityScore {
            id: polity.id,
            metrics: scope_metrics[k],
            ruler_intensity,
        });
        match polity.federation {
            Some(f) => match units.iter_mut().find(|(u, _)| *u == Some(f)) {
                Some(unit) => unit.1 += polity_people[k],
                None => units.push((Some(f), polity_people[k])),
            },
            None => units.push((None, polity_people[k])),
        }
    }
    let cohorts = cohorts(parts, &equality, theil, rules, &polities);
    let unit_people: Vec<f64> = units.iter().map(|u| u.1).collect();
    let (fragmentation, effective_polities) = fragmentation(&unit_people);
    ScoreReport {
        world: WorldScore {
            metrics: world_metrics,
            fragmentation,
            effective_polities,
            hierarchies,
            legacy: 0.0,
        },
        polities,
        provinces,
        cohorts,
    }
}

/// Fills in each province's exit terms (its ledger's others were worked out
/// from `people`, each province's), and gives the world's index of
/// sorting; province by province, in parallel on large maps.
fn exits_and_sorting(
    input: &ScoringInput,
    provinces: &mut [ProvinceScore],
    people: &[f64],
    rules: &ScoringRules,
) -> f64 {
    let plain: Vec<f64> = provinces.iter().map(|s| s.power_plain).collect();
    let entropies: Vec<(f64, f64)> =
        par_rows_mut(provinces, 1, PROVINCES_PER_TASK, |first, rows| {
            rows.iter_mut()
                .zip(&input.provinces[first..])
                .map(|(ledger, p)| {
                    let polity = &input.polities[p.polity];
                    exits(ledger, p, polity, input, people, &plain, rules);
                    unit_entropy(&p.culture_people)
                })
                .collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect();
    let units: Vec<&[f64]> = input
        .provinces
        .iter()
        .map(|p| p.culture_people.as_slice())
        .collect();
    theil_of(&units, &entropies)
}

/// The world's terms, each polity's (by index in the input) and the
/// cohorts' parts, worked out at once (each adds up its provinces in
/// province order, and sorts its groups of holders).
fn scopes(
    input: &ScoringInput,
    scored: &Scored,
    theil: f64,
    rules: &ScoringRules,
    share: bool,
) -> (Parts, Metrics, Vec<Metrics>) {
    let (provinces, locals, holders) = (scored.provinces, scored.locals, scored.holders);
    let all = || input.provinces.iter().zip(provinces).zip(locals);
    let terms = par_each([Scope::Cohorts, Scope::World, Scope::Polities], |scope| {
        match scope {
            Scope::Cohorts => Terms::Cohorts(parts(input, scored, share)),
            Scope::World => {
                // The world holds every province's groups of holders, in
                // order: all of them.
                let mut world = Tally {
                    groups: holders.to_vec(),
                    ..Tally::default()
                };
                for ((province, ledger), local) in all() {
                    world.add(ledger, local, 1.0, province.coerced);
                }
                Terms::World(world.metrics(theil, rules))
            }
            Scope::Polities => {
                let mut sizes = vec![0; input.polities.len()];
                for (province, local) in input.provinces.iter().zip(locals) {
                    sizes[province.polity] += local.groups.len();
                }
                let mut polities: Vec<Tally> =
                    sizes.into_iter().map(Tally::with_capacity).collect();
                for ((province, ledger), local) in all() {
                    let polity = &mut polities[province.polity];
                    polity.add(ledger, local, 1.0, province.coerced);
                    polity.add_groups(local, holders, 1.0);
                }
                Terms::Polities(
                    polities
                        .iter_mut()
                        .map(|t| t.metrics(theil, rules))
                        .collect(),
                )
            }
        }
    });
    let (mut parts, mut world, mut polities) = (Parts::default(), Metrics::default(), Vec::new());
    for terms in terms {
        match terms {
            Terms::Cohorts(p) => parts = p,
            Terms::World(m) => world = m,
            Terms::Polities(m) => polities = m,
        }
    }
    (parts, world, polities)
}

/// The scopes whose terms are worked out at once.
enum Scope {
    Cohorts,
    World,
    Polities,
}

/// Their terms (the cohorts' parts, whose terms need the polities').
enum Terms {
    Cohorts(Parts),
    World(Metrics),
    Polities(Vec<Metrics>),
}

/// Each province's ledger (its exit terms still to fill in), what it adds
/// to its scopes, and the groups of holders of every province (where each
/// province's are, its [`Local`] says); `ruler` is each polity's ruler's
/// intensity.
fn ledgers(
    input: &ScoringInput,
    people: &Headcount,
    ruler: &[f64],
    rules: &ScoringRules,
) -> (Vec<ProvinceScore>, Vec<Local>, Vec<(f64, f64)>) {
    // Province by province, in parallel on large maps; what adds them up
    // adds them in province order.
    let count = input.provinces.len();
    let parts = par_each(chunk_ranges(count, PROVINCES_PER_TASK), |range| {
        // About five groups of holders a province.
        let mut part: (Vec<ProvinceScore>, Vec<Local>, Vec<(f64, f64)>) = (
            Vec::with_capacity(range.len()),
            Vec::with_capacity(range.len()),
            Vec::with_capacity(range.len() * 6),
        );
        let mut sizes = SizeMemo::default();
        let mut alike = AlikeMemo::new(input.polities.len());
        for i in range {
            let p = &input.provinces[i];
            let n = people.provinces[i];
            let key = alike.key(p, n);
            let (ledger, local) = match alike.find(p.polity, key) {
                Some(j) => {
                    let (ledger, local) = (&part.0[j], &part.1[j]);
                    let first = part.2.len();
                    part.2.extend_from_within(local.groups.clone());
                    let ledger = ProvinceScore {
                        id: p.id,
                        foreign_hops: foreign_hops(p),
                        ..*ledger
                    };
                    let groups = first..part.2.len();
                    (ledger, Local { groups, ..*local })
                }
                None => {
                    let polity = &input.polities[p.polity];
                    let size = sizes.of(n, rules);
                    alike.keep(p.polity, key, part.0.len());
                    exposure(p, n, &size, polity, ruler[p.polity], rules, &mut part.2)
                }
            };
            part.0.push(ledger);
            part.1.push(local);
        }
        part
    });
    // The first part's vectors hold the rest (the ledgers are large).
    let mut parts = parts.into_iter();
    let (mut provinces, mut locals, mut holders) = parts.next().unwrap_or_default();
    for (part_ledgers, part_locals, part_holders) in parts {
        let offset = holders.len();
        provinces.extend(part_ledgers);
        locals.extend(part_locals.into_iter().map(|mut local| {
            local.groups = local.groups.start + offset..local.groups.end + offset;
            local
        }));
        holders.extend(part_holders);
    }
    (provinces, locals, holders)
}

/// The domination of each province of polity `k` (its index in
/// `input.polities`), were its constitution and borders `polity`: `(province
/// index, people, domination)` as [`score`] would give them, without
/// scoring the rest of the world (for referendums). A province's domination
/// depends only on its own polity and on how exposed the plain residents
/// of the provinces it can reach abroad are, which the change of its own
/// polity does not touch.
pub fn polity_domination(
    input: &ScoringInput,
    k: usize,
    polity: &PolityInput,
    rules: &ScoringRules,
) -> Vec<(usize, f64, f64)> {
    let people = Headcount::of(input);
    let ruler = |k: &PolityInput, n: f64| intensity(k.authority, n, rules.lambda);
    // How exposed the plain residents of the provinces they can reach are
    // (the only provinces of other polities the answer depends on).
    let mut plain = vec![0.0; input.provinces.len()];
    for p in input.provinces.iter().filter(|p| p.polity == k) {
        for &(q, _) in &p.destinations {
            let there = &input.provinces[q];
            let owner = &input.polities[there.polity];
            let d_ruler = ruler(owner, people.polities[there.polity]);
            let n = people.provinces[q];
            let size = SizeTerms::of(n, rules);
            plain[q] = tiers(&size, there.minority_of(n), owner, d_ruler, rules).plain();
        }
    }
    let d_ruler = ruler(polity, people.polities[k]);
    let mut holders = Vec::new();
    input
        .provinces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.polity == k)
        .map(|(i, p)| {
            holders.clear();
            let n = people.provinces[i];
            let size = SizeTerms::of(n, rules);
            let (mut ledger, _) = exposure(p, n, &size, polity, d_ruler, rules, &mut holders);
            exits(
                &mut ledger,
                p,
                polity,
                input,
                &people.provinces,
                &plain,
                rules,
            );
            (i, ledger.people, ledger.domination)
        })
        .collect()
}

/// The people of each province and of each polity.
struct Headcount {
    provinces: Vec<f64>,
    polities: Vec<f64>,
}

impl Headcount {
    fn of(input: &ScoringInput) -> Headcount {
        let provinces: Vec<f64> = input.provinces.iter().map(ProvinceInput::people).collect();
        let mut polities = vec![0.0; input.polities.len()];
        for (province, &n) in input.provinces.iter().zip(&provinces) {
            polities[province.polity] += n;
        }
        Headcount {
            provinces,
            polities,
        }
    }
}

/// How intensely each tier's power bears on a plain resident of a province
/// (§4), and the power exposure of a plain resident.
struct Tiers {
    alpha_citizens: f64,
    intensities: [f64; 4],
    plain: f64,
}

impl Tiers {
    /// The power exposure of a plain resident.
    fn plain(&self) -> f64 {
        self.plain
    }
}

/// The tiers over a province of [`SizeTerms`] `size` whose ruler's
/// intensity is `d_ruler`.
fn tiers(
    size: &SizeTerms,
    minority: f64,
    polity: &PolityInput,
    d_ruler: f64,
    rules: &ScoringRules,
) -> Tiers {
    let s = polity.power;
    let alpha_citizens = rules.majority_rule * minority;
    let d_province = intensity_at(rules.alpha_province, size.intimacy, rules.lambda);
    let d_municipal = intensity_at(rules.alpha_municipal, size.intimacy_municipal, rules.lambda);
    let d_citizens = intensity_at(alpha_citizens, size.intimacy, rules.lambda);
    Tiers {
        alpha_citizens,
        intensities: [d_ruler, d_province, d_municipal, d_citizens],
        plain: s.ruler * d_ruler
            + s.province * d_province
            + s.municipal * d_municipal
            + s.citizens * d_citizens,
    }
}

/// The power exposure of a province's people by tier and commune, and the
/// groups of equal holders of decision power over its affairs, appended
/// to `holders` (those of no one left out; [`Local::groups`] says where
/// they are); the exit terms are filled in by [`exits`].
fn exposure(
    province: &ProvinceInput,
    n: f64,
    size: &SizeTerms,
    polity: &PolityInput,
    d_ruler: f64,
    rules: &ScoringRules,
    holders: &mut Vec<(f64, f64)>,
) -> (ProvinceScore, Local) {
    let a = polity.commune_charter.clamp(0.0, 1.0);
    let minority = province.minority_of(n);
    let t = tiers(size, minority, polity, d_ruler, rules);
    let alpha_citizens = t.alpha_citizens;
    let plain = t.plain();
    let members: f64 = province.communes.iter().sum::<f64>().min(n);
    // Communes decide fraction `a` of their members' affairs, whichever
    // tier decides the rest (docs/scoring.md: moving power between the
    // tiers never takes from a commune what it held).
    let in_commune = |size: f64| {
        let d_commune = intensity(rules.alpha_commune, size, rules.lambda);
        (1.0 - a) * plain + a * d_commune
    };
    let member_sum: f64 = province.communes.iter().map(|&m| in_commune(m) * m).sum();
    let power_exposure = if n > 0.0 {
        (plain * (n - members) + member_sum) / n
    } else {
        plain
    };
    let typical_commune = if province.communes.is_empty() {
        100.0
    } else {
        members / province.communes.len() as f64
    };
    let first = holders.len();
    equal_holders(
        province,
        size,
        polity,
        alpha_citizens,
        1.0 - minority,
        rules,
        holders,
    );
    let equality = 1.0 - gini_of_copy(&holders[first..]);
    let ledger = ProvinceScore {
        id: province.id,
        people: n,
        domination: power_exposure,
        domination_plain: plain,
        domination_member: in_commune(typical_commune),
        power_exposure,
        power_plain: plain,
        exit_option: 0.0,
        exit_discipline: 0.0,
        equality,
        intensities: t.intensities,
        foreign_hops: foreign_hops(province),
    };
    let mut kept = first;
    for k in first..holders.len() {
        if holders[k].0 > 0.0 {
            holders[kept] = holders[k];
            kept += 1;
        }
    }
    holders.truncate(kept);
    let dom_members = if members > 0.0 {
        member_sum / members
    } else {
        in_commune(100.0)
    };
    (
        ledger,
        Local {
            people: n,
            dom_members,
            groups: first..kept,
        },
    )
}

/// Freedom to leave and exit discipline (§4), and the domination they
/// leave: `L = max(b · max_q (1 − c_q) · room_q, a · (1 − c_1))`,
/// `X = b · max_q (1 − c_q) · room_q · g_q` with `g_q` how much less a
/// plain resident of `q` is exposed to power than one at home.
fn exits(
    ledger: &mut ProvinceScore,
    province: &ProvinceInput,
    polity: &PolityInput,
    input: &ScoringInput,
    people: &[f64],
    plain: &[f64],
    rules: &ScoringRules,
) {
    let b = polity.exit.openness();
    let a = polity.commune_charter.clamp(0.0, 1.0);
    let home = ledger.power_plain;
    let (mut reach, mut discipline) = (0.0_f64, 0.0_f64);
    for &(q, hops) in &province.destinations {
        let there = &input.provinces[q];
        let open = (1.0 - moving_cost(f64::from(hops), province.infrastructure, rules.move_cost))
            * room(people[q], there.capacity);
        let better = if home > 0.0 {
            ((home - plain[q]) / home).clamp(0.0, 1.0)
        } else {
            0.0
        };
        reach = reach.max(open);
        discipline = discipline.max(open * better);
    }
    let commune = a * (1.0 - moving_cost(1.0, province.infrastructure, rules.move_cost));
    let leave = (b * reach).max(commune);
    let x = b * discipline;
    ledger.exit_option = leave;
    ledger.exit_discipline = x;
    ledger.domination = domination(ledger.power_exposure, x);
    ledger.domination_plain = domination(ledger.power_plain, x);
    // Until now the member's field held a member's power exposure.
    ledger.domination_member = domination(ledger.domination_member, x);
}

/// The Gini of `groups` left as they are: sorted in a copy on the stack
/// when they are few (a province's), on the heap otherwise.
fn gini_of_copy(groups: &[(f64, f64)]) -> f64 {
    let mut few = [(0.0, 0.0); 16];
    match few.get_mut(..groups.len()) {
        Some(copy) => {
            copy.copy_from_slice(groups);
            gini(copy)
        }
        None => gini(&mut groups.to_vec()),
    }
}

/// Groups of equal holders of decision power over a province's affairs
/// (§4): the ruler's seat, the assembly, the councils, each commune, and the
/// people, the majority culture holding the arbitrary part of the
/// citizens tier; every person also holds an equal part of what the tiers
/// do not keep.
fn equal_holders(
    province: &ProvinceInput,
    size: &SizeTerms,
    polity: &PolityInput,
    alpha_citizens: f64,
    majority: f64,
    rules: &ScoringRules,
    groups: &mut Vec<(f64, f64)>,
) {
    let n = size.people;
    if n <= 0.0 {
        return;
    }
    let s = polity.power;
    let a = polity.commune_charter.clamp(0.0, 1.0);
    let communes = &province.communes;
    let members: f64 = communes.iter().sum::<f64>().min(n);
    // Communes decide fraction `a` of their members' affairs; the tiers
    // decide the rest.
    let governed = n - a * members;
    let kept_ruler = polity.authority * s.ruler * governed;
    let kept_province = rules.alpha_province * s.province * governed;
    let kept_municipal = rules.alpha_municipal * s.municipal * governed;
    let kept_citizens = alpha_citizens * s.citizens * governed;
    let kept_commune = |size: f64| rules.alpha_commune * a * size;
    let kept = kept_ruler
        + kept_province
        + kept_municipal
        + kept_citizens
        + communes.iter().map(|&size| kept_commune(size)).sum::<f64>();
    let base = ((n - kept) / n).max(0.0);
    let citizens_extra = if majority > 0.0 {
        kept_citizens / (majority * n)
    } else {
        0.0
    };
    let assembly = if s.province > 0.0 { size.assembly } else { 0.0 };
    let councils = if s.municipal > 0.0 {
        size.councils
    } else {
        0.0
    };
    groups.push((1.0_f64.min(n), base + kept_ruler));
    if assembly > 0.0 {
        groups.push((assembly, base + kept_province / assembly));
    }
    if councils > 0.0 {
        groups.push((councils, base + kept_municipal / councils));
    }
    // The people, split by whether they are of the majority culture.
    let mut people = |size: f64, holding: f64| {
        groups.push((size * majority, holding + citizens_extra));
        groups.push((size * (1.0 - majority), holding));
    };
    for &size in communes {
        if size > 0.0 {
            people(size, base + kept_commune(size) / size);
        }
    }
    let rest = (n - 1.0 - assembly - councils - members).max(0.0);
    people(rest, base);
}

#[cfg(test)]
mod tests {
    //! The worked example and the required properties of GAME.md §4.
    use super::*;
    use crate::sim::ids::{PolityId, ProvinceId};
    use crate::sim::rules::Rules;
    use crate::sim::world::{BorderPolicy, Power};

    fn rules() -> ScoringRules {
        Rules::base().unwrap_or_else(|e| panic!("{e}")).scoring
    }

    fn warden(id: u32) -> PolityInput {
        PolityInput {
            id: PolityId(id),
            authority: 0.95,
            power: Power {
                ruler: 0.95,
                province: 0.05,
                municipal: 0.0,
                citizens: 0.0,
            },
            exit: BorderPolicy::Closed,
            commune_charter: 0.0,
            federation: None,
        }
    }

    fn province(id: u32, polity: usize, people: f64) -> ProvinceInput {
        ProvinceInput {
            id: ProvinceId(id),
            polity,
            infrastructure: 0.2,
            capacity: 2.0 * people.max(1.0),
            culture_people: vec![people],
            coerced: 0.0,
            communes: Vec::new(),
            destinations: Vec::new(),
            initial_owner: PolityId(polity as u32),
            origins: vec![OriginTally {
                polity: PolityId(polity as u32),
                people,
                coerced: 0.0,
                members: 0.0,
            }],
        }
    }

    /// Every province of the input can reach every other at one hop.
    fn all_reach_all(input: &mut ScoringInput) {
        let n = input.provinces.len();
        for (i, p) in input.provinces.iter_mut().enumerate() {
            p.destinations = (0..n).filter(|&j| j != i).map(|j| (j, 1)).collect();
        }
    }

    /// Case A: one warden state of four equal provinces.
    fn case_a() -> ScoringInput {
        ScoringInput {
            polities: vec![warden(0)],
            provinces: (0..4).map(|p| province(p, 0, 250_000.0)).collect(),
        }
    }

    /// Case B: A split into four identical warden states.
    fn case_b() -> ScoringInput {
        ScoringInput {
            polities: (0..4).map(warden).collect(),
            provinces: (0..4).map(|p| province(p, p as usize, 250_000.0)).collect(),
        }
    }

    /// Case C: one federation of the same provinces, power moved down,
    /// exit open, communes allowed, moving cost 0.2.
    fn case_c() -> ScoringInput {
        let polity = PolityInput {
            id: PolityId(0),
            authority: 0.2,
            power: Power {
                ruler: 0.3,
                province: 0.3,
                municipal: 0.4,
                citizens: 0.0,
            },
            exit: BorderPolicy::Open,
            commune_charter: 0.3,
            federation: None,
        };
        ScoringInput {
            polities: vec![polity],
            provinces: (0..4).map(|p| province(p, 0, 250_000.0)).collect(),
        }
    }

    /// Case D: 400 warden city-states, forcibly homogenized, exit closed.
    fn case_d() -> ScoringInput {
        ScoringInput {
            polities: (0..400).map(warden).collect(),
            provinces: (0..400)
                .map(|p| {
                    let mut cultures = vec![0.0; 4];
                    cultures[p as usize % 4] = 2_500.0;
                    let mut input = province(p, p as usize, 2_500.0);
                    input.culture_people = cultures;
                    input.coerced = 2_500.0;
                    input.origins[0].coerced = 2_500.0;
                    input
                })
                .collect(),
        }
    }

    fn s(input: &ScoringInput) -> f64 {
        score(input, &rules()).world.metrics.score
    }

    fn f(input: &ScoringInput) -> f64 {
        score(input, &rules()).world.fragmentation
    }

    #[test]
    fn worked_example_matches_the_table() {
        // GAME.md's table gives S to two decimals; docs/scoring.md gives
        // the four that this model computes.
        for (name, input, want_s, want_f, docs_s) in [
            ("A", case_a(), 0.19, 0.0, 0.1899),
            ("B", case_b(), 0.19, 0.75, 0.1896),
            ("C", case_c(), 0.79, 0.0, 0.7872),
            ("D", case_d(), 0.06, 1.0, 0.0622),
        ] {
            let report = score(&input, &rules());
            let got = report.world.metrics;
            eprintln!(
                "case {name}: S {:.4} F {:.4} Dom {:.4} V {:.4} G {:.4} E {:.4}",
                got.score,
                report.world.fragmentation,
                got.domination,
                got.voluntariness,
                got.equality,
                got.exit_option
            );
            assert!(
                (got.population - 1_000_000.0).abs() < 1e-6,
                "case {name}: population {}",
                got.population
            );
            assert!(
                (got.score - want_s).abs() <= 0.02,
                "case {name}: S = {:.4}, table says {want_s}",
                got.score
            );
            assert!(
                (got.score - docs_s).abs() < 5e-5,
                "case {name}: S = {:.4}, docs/scoring.md says {docs_s}",
                got.score
            );
            assert!(
                (report.world.fragmentation - want_f).abs() <= 0.02,
                "case {name}: F = {:.4}",
                report.world.fragmentation
            );
            for term in [
                got.domination,
                got.voluntariness,
                got.equality,
                got.exit_option,
                got.score,
            ] {
                assert!(
                    (0.0..=1.0).contains(&term),
                    "case {name}: a term out of [0, 1]: {got:?}"
                );
            }
        }
        assert_eq!(score(&case_d(), &rules()).world.hierarchies, 400);
    }

    #[test]
    fn property_6_order_of_the_worked_example() {
        let (a, b, c, d) = (s(&case_a()), s(&case_b()), s(&case_c()), s(&case_d()));
        assert!(
            c > a && a >= b && b > d,
            "S: C {c} > A {a} >= B {b} > D {d}"
        );
        assert!(a - b < 0.01, "B is only a hair under A: {a} vs {b}");
        let (fa, fb, fd) = (f(&case_a()), f(&case_b()), f(&case_d()));
        assert!(fa < fb && fb < fd, "F: A {fa} < B {fb} < D {fd}");
    }

    /// Splits every province of polity 0 into its own polity with the same
    /// constitution, authority and borders.
    fn split(input: &ScoringInput) -> ScoringInput {
        let template = input.polities[0].clone();
        let mut out = input.clone();
        out.polities = (0..input.provinces.len())
            .map(|i| PolityInput {
                id: PolityId(i as u32),
                ..template.clone()
            })
            .collect();
        for (i, p) in out.provinces.iter_mut().enumerate() {
            p.polity = i;
        }
        out
    }

    #[test]
    fn property_1_fragmentation_earns_nothing() {
        let r = rules();
        // Sweep sizes (including under 100 people, where intimacy is flat),
        // authorities (including 0 and 1) and constitutions.
        for people in [10.0, 80.0, 500.0, 20_000.0, 3_000_000.0] {
            for authority in [0.0, 0.3, 0.7, 0.95, 1.0] {
                for power in [
                    Power {
                        ruler: 0.95,
                        province: 0.05,
                        municipal: 0.0,
                        citizens: 0.0,
                    },
                    Power {
                        ruler: 0.4,
                        province: 0.3,
                        municipal: 0.2,
                        citizens: 0.1,
                    },
                ] {
                    let polity = PolityInput {
                        authority,
                        power,
                        ..warden(0)
                    };
                    let whole = ScoringInput {
                        polities: vec![polity],
                        provinces: (0..3)
                            .map(|p| province(p, 0, people * f64::from(p + 1)))
                            .collect(),
                    };
                    let parts = split(&whole);
                    let (before, after) = (score(&whole, &r), score(&parts, &r));
                    assert!(after.world.fragmentation > before.world.fragmentation);
                    for (b, a) in before.provinces.iter().zip(&after.provinces) {
                        assert!(
                            a.power_exposure >= b.power_exposure - 1e-12,
                            "P fell for {people} people, α {authority}"
                        );
                    }
                    assert!(
                        after.world.metrics.score <= before.world.metrics.score + 1e-12,
                        "closed exit: splitting raised S from {} to {} ({people} people, α {authority})",
                        before.world.metrics.score,
                        after.world.metrics.score
                    );
                }
            }
        }
    }

    #[test]
    fn property_1_with_open_exit_only_the_exit_term_moves() {
        let r = rules();
        let open = PolityInput {
            exit: BorderPolicy::Open,
            ..warden(0)
        };
        let mut whole = ScoringInput {
            polities: vec![open.clone()],
            provinces: (0..4).map(|p| province(p, 0, 250_000.0)).collect(),
        };
        let before = score(&whole, &r);
        let mut parts = split(&whole);
        // Once split, each piece's neighbour is another polity that admits entry.
        all_reach_all(&mut parts);
        for p in &mut parts.polities {
            p.exit = BorderPolicy::Open;
        }
        let after = score(&parts, &r);
        // Power exposure does not fall and equality does not move: the exit
        // option is what moved.
        assert!(after.world.metrics.power_exposure >= before.world.metrics.power_exposure);
        assert!((after.world.metrics.equality - before.world.metrics.equality).abs() < 1e-12);
        assert!(after.world.metrics.exit_option > before.world.metrics.exit_option);
        // Without the new exit option the split would not have raised S.
        whole.polities[0].exit = BorderPolicy::Open;
        let mut no_exit = parts.clone();
        for p in &mut no_exit.provinces {
            p.destinations.clear();
        }
        assert!(score(&no_exit, &r).world.metrics.score <= before.world.metrics.score + 1e-12);
    }

    #[test]
    fn property_2_the_intimate_warden() {
        let r = rules();
        for alpha in [0.0, 0.1, 0.5, 0.9, 1.0] {
            let mut previous = intensity(alpha, 1e9, r.lambda);
            for people in [1e8, 1e6, 1e4, 1000.0, 200.0, 100.0, 50.0, 1.0] {
                let d = intensity(alpha, people, r.lambda);
                assert!(
                    d >= previous - 1e-15,
                    "δ fell as N shrank to {people} at α {alpha}"
                );
                previous = d;
            }
        }
        // At equal α and shares, the smaller state dominates more.
        let big = score(&case_a(), &r).world.metrics.domination;
        let small = score(&case_d(), &r).world.metrics.domination;
        assert!(small > big);
    }

    #[test]
    fn property_3_devolution_pays() {
        for authority in [0.25, 0.5, 0.95] {
            for to in [Tier::Province, Tier::Municipal, Tier::Citizens] {
                for people in [300.0, 50_000.0, 2_000_000.0] {
                    for exit in [BorderPolicy::Closed, BorderPolicy::Open] {
                        let base = PolityInput {
                            authority,
                            power: Power {
                                ruler: 0.8,
                                province: 0.1,
                                municipal: 0.1,
                                citizens: 0.0,
                            },
                            exit,
                            commune_charter: 0.2,
                            ..warden(0)
                        };
                        let mut moved = base.clone();
                        moved.power.shift(Tier::Ruler, to, 0.2);
                        let input = |p: PolityInput| ScoringInput {
                            polities: vec![p],
                            provinces: (0..2).map(|i| province(i, 0, people)).collect(),
                        };
                        let (before, after) = (s(&input(base)), s(&input(moved)));
                        assert!(
                            after > before,
                            "devolving to {to:?} at α {authority}, {people} people: {before} -> {after}"
                        );
                    }
                }
            }
        }
    }

    use crate::sim::world::Tier;

    #[test]
    fn property_3_devolution_pays_commune_members_too() {
        // What random testing found under the old charter (communes took
        // part of the ruler's and province's shares only): a mild ruler,
        // a strong charter, a quarter of the people in a commune; moving
        // power to the councils or to the citizens took it from the
        // commune and lowered S.
        for to in [Tier::Province, Tier::Municipal, Tier::Citizens] {
            let polity = PolityInput {
                authority: 0.42,
                power: Power {
                    ruler: 0.9,
                    province: 0.03,
                    municipal: 0.03,
                    citizens: 0.04,
                },
                exit: BorderPolicy::Open,
                commune_charter: 0.9,
                ..warden(0)
            };
            let input = |p: PolityInput| ScoringInput {
                polities: vec![p],
                provinces: vec![ProvinceInput {
                    culture_people: vec![24_500.0, 24_500.0],
                    communes: vec![12_250.0],
                    ..province(0, 0, 49_000.0)
                }],
            };
            let mut moved = polity.clone();
            moved.power.shift(Tier::Ruler, to, 0.02);
            let r = rules();
            let (before, after) = (score(&input(polity), &r), score(&input(moved), &r));
            let member = |s: &ScoreReport| s.provinces[0].domination_member;
            assert!(
                member(&after) < member(&before),
                "{to:?}: a member's domination rose"
            );
            assert!(
                after.world.metrics.score > before.world.metrics.score,
                "{to:?}: S fell"
            );
        }
    }

    /// A warden province (polity 0) beside a free one (polity 1) that
    /// admits it.
    fn warden_beside_free() -> ScoringInput {
        let free = PolityInput {
            id: PolityId(1),
            ..case_c().polities[0].clone()
        };
        let mut input = ScoringInput {
            polities: vec![warden(0), free],
            provinces: vec![province(0, 0, 100_000.0), province(1, 1, 100_000.0)],
        };
        input.provinces[0].destinations = vec![(1, 1)];
        input
    }

    #[test]
    fn property_4_exit_disciplines() {
        let closed = warden_beside_free();
        let mut opened = closed.clone();
        opened.polities[0].exit = BorderPolicy::Open;
        let mut permit = closed.clone();
        permit.polities[0].exit = BorderPolicy::Permit;
        let (c, p, o) = (s(&closed), s(&permit), s(&opened));
        assert!(
            o > p && p > c,
            "opening exit raises S, closing lowers it: {c} < {p} < {o}"
        );
        let r = rules();
        let (before, after) = (score(&closed, &r), score(&opened, &r));
        assert!(after.provinces[0].domination < before.provinces[0].domination);
        assert!(after.provinces[0].exit_discipline > 0.5);
        // Without a destination in reach, opening the exit is no real option.
        let mut nowhere = closed.clone();
        nowhere.provinces[0].destinations.clear();
        let mut nowhere_open = nowhere.clone();
        nowhere_open.polities[0].exit = BorderPolicy::Open;
        assert!((s(&nowhere_open) - s(&nowhere)).abs() < 1e-12);
        // A destination with no room is no option either.
        let mut full = opened.clone();
        full.provinces[1].capacity = 100_000.0;
        assert_eq!(score(&full, &r).provinces[0].exit_option, 0.0);
    }

    #[test]
    fn property_7_token_gestures_earn_next_to_nothing() {
        let r = rules();
        // One state and nowhere to go: opening its exit is an empty gesture.
        let lonely = case_a();
        let mut opened = lonely.clone();
        opened.polities[0].exit = BorderPolicy::Open;
        assert!((s(&opened) - s(&lonely)).abs() < 1e-12);
        // A token charter gives a token.
        let mut token = lonely.clone();
        token.polities[0].commune_charter = 0.01;
        let gained = score(&token, &r).world.metrics.score - score(&lonely, &r).world.metrics.score;
        assert!((0.0..=0.01).contains(&gained), "{gained}");
    }

    #[test]
    fn property_8_exit_into_a_worse_place_does_not_discipline() {
        let r = rules();
        // A middling state beside a harsher warden that admits its people.
        let middling = PolityInput {
            authority: 0.6,
            power: Power {
                ruler: 0.6,
                province: 0.4,
                municipal: 0.0,
                citizens: 0.0,
            },
            ..warden(0)
        };
        let mut input = ScoringInput {
            polities: vec![middling, warden(1)],
            provinces: vec![province(0, 0, 100_000.0), province(1, 1, 100_000.0)],
        };
        input.provinces[0].destinations = vec![(1, 1)];
        let before = score(&input, &r);
        input.polities[0].exit = BorderPolicy::Open;
        let after = score(&input, &r);
        assert_eq!(after.provinces[0].exit_discipline, 0.0);
        assert!(
            (after.provinces[0].domination - before.provinces[0].domination).abs() < 1e-12,
            "domination did not fall"
        );
        assert!(
            after.provinces[0].exit_option > 0.0,
            "voluntariness may rise"
        );
    }

    #[test]
    fn majority_rule_dominates_minorities_only() {
        let r = rules();
        let citizens = PolityInput {
            authority: 0.2,
            power: Power {
                ruler: 0.0,
                province: 0.0,
                municipal: 0.0,
                citizens: 1.0,
            },
            ..warden(0)
        };
        let mut input = ScoringInput {
            polities: vec![citizens],
            provinces: vec![province(0, 0, 10_000.0)],
        };
        let homogeneous = score(&input, &r).provinces[0].power_exposure;
        assert_eq!(homogeneous, 0.0, "no minority to overrule");
        input.provinces[0].culture_people = vec![6_000.0, 4_000.0];
        let mixed = score(&input, &r).provinces[0].clone();
        let alpha = r.majority_rule * 0.4;
        assert!((mixed.intensities[3] - intensity(alpha, 10_000.0, r.lambda)).abs() < 1e-12);
        assert!(mixed.power_exposure > 0.0);
    }

    #[test]
    fn one_gini_sees_the_inequality_between_jurisdictions() {
        let r = rules();
        // Half the world under a warden, half free.
        let mut input = warden_beside_free();
        input.provinces[0].destinations.clear();
        let report = score(&input, &r);
        let mean_of_provinces: f64 = report.provinces.iter().map(|p| p.equality).sum::<f64>() / 2.0;
        assert!(
            report.world.metrics.equality < mean_of_provinces - 0.05,
            "world G {} vs mean of provinces {mean_of_provinces}",
            report.world.metrics.equality
        );
    }

    #[test]
    fn room_closes_over_the_last_tenth_of_capacity() {
        assert_eq!(room(50.0, 100.0), 1.0);
        assert_eq!(room(90.0, 100.0), 1.0);
        assert!((room(95.0, 100.0) - 0.5).abs() < 1e-12);
        assert_eq!(room(100.0, 100.0), 0.0);
        assert_eq!(room(130.0, 100.0), 0.0);
    }

    /// A province of `polity` holding `people` of each origin, of two
    /// cultures, with a commune.
    fn mixed(id: u32, polity: usize, people: &[(u32, f64)]) -> ProvinceInput {
        let n: f64 = people.iter().map(|p| p.1).sum();
        ProvinceInput {
            culture_people: vec![0.7 * n, 0.3 * n],
            communes: vec![0.1 * n],
            origins: people
                .iter()
                .map(|&(origin, people)| OriginTally {
                    polity: PolityId(origin),
                    people,
                    coerced: 0.0,
                    members: 0.05 * people,
                })
                .collect(),
            ..province(id, polity, n)
        }
    }

    #[test]
    fn provinces_alike_share_their_exposure_and_only_they() {
        let r = rules();
        let mixed_rule = PolityInput {
            authority: 0.6,
            power: Power {
                ruler: 0.5,
                province: 0.2,
                municipal: 0.1,
                citizens: 0.2,
            },
            ..warden(0)
        };
        let of = |id: u32, polity: usize, cultures: [f64; 2], communes: &[f64]| ProvinceInput {
            culture_people: cultures.to_vec(),
            communes: communes.to_vec(),
            ..province(id, polity, 3.0)
        };
        // Province 4 is province 0's twin; 1 differs by a commune, 2 by a
        // minority, 3 by its polity.
        let input = ScoringInput {
            polities: vec![mixed_rule, warden(1)],
            provinces: vec![
                of(0, 0, [3.0, 0.0], &[]),
                of(1, 0, [3.0, 0.0], &[2.0]),
                of(2, 0, [2.0, 1.0], &[]),
                of(3, 1, [3.0, 0.0], &[]),
                of(4, 0, [3.0, 0.0], &[]),
            ],
        };
        let mut reversed = input.clone();
        reversed.provinces.reverse();
        let by_id = |input: &ScoringInput| {
            let mut ledgers = score(input, &r).provinces;
            ledgers.sort_by_key(|p| p.id);
            ledgers
        };
        let anonymous = |p: &ProvinceScore| ProvinceScore {
            id: ProvinceId(0),
            ..p.clone()
        };
        // Whichever of two alike provinces comes first, each gets what it
        // would alone.
        let (forward, backward) = (by_id(&input), by_id(&reversed));
        assert_eq!(forward, backward);
        assert_eq!(anonymous(&forward[0]), anonymous(&forward[4]));
        for other in &forward[1..4] {
            assert_ne!(
                (forward[0].domination, forward[0].equality),
                (other.domination, other.equality),
                "province {:?} is not province 0's twin",
                other.id
            );
        }
    }

    #[test]
    fn a_cohort_alike_its_host_shares_its_equality_and_only_then() {
        let r = rules();
        // Polity 0's cohort lives whole in both of polity 0's provinces
        // until it takes in a province with a few of them among others;
        // polity 1 holds a province of its own cohort and one of polity
        // 2's, which lives at home too.
        let mut input = ScoringInput {
            polities: vec![warden(0), warden(1), warden(2)],
            provinces: vec![
                mixed(0, 0, &[(0, 900.0)]),
                mixed(1, 0, &[(0, 40_000.0)]),
                mixed(2, 1, &[(2, 5_000.0)]),
                mixed(3, 1, &[(1, 80_000.0)]),
                mixed(4, 2, &[(2, 12_000.0)]),
            ],
        };
        for k in 1..3 {
            input.polities[k].power = Power {
                ruler: 0.2,
                province: 0.3,
                municipal: 0.3,
                citizens: 0.2,
            };
        }
        let alike = score(&input, &r);
        assert_eq!(alike.cohorts, score_sharing(&input, &r, false).cohorts);
        input.provinces.push(ProvinceInput {
            initial_owner: PolityId(1),
            ..mixed(5, 0, &[(0, 10.0), (1, 3_000.0)])
        });
        let mixed_in = score(&input, &r);
        assert_eq!(mixed_in.cohorts, score_sharing(&input, &r, false).cohorts);
        assert_ne!(alike.cohorts[0], mixed_in.cohorts[0], "the newcomers count");
    }

    #[test]
    fn a_cohort_is_scored_wherever_its_people_live() {
        let r = rules();
        let mut input = warden_beside_free();
        input.provinces[0].destinations.clear();
        let home = score(&input, &r);
        let own = home.polities[0].metrics.score;
        assert!((home.cohorts[0].score - own).abs() < 1e-12);
        // Half of the warden's people left for the free province: they count
        // as freed.
        let mut moved = input.clone();
        moved.provinces[0].culture_people = vec![50_000.0];
        moved.provinces[0].origins[0].people = 50_000.0;
        moved.provinces[1].culture_people = vec![150_000.0];
        moved.provinces[1].origins.push(OriginTally {
            polity: PolityId(0),
            people: 50_000.0,
            coerced: 0.0,
            members: 0.0,
        });
        let report = score(&moved, &r);
        assert!(report.cohorts[0].score > own + 0.1);
        // Had the warden given its province away instead, its people would
        // count at no more than the warden's own score.
        let mut handed = moved.clone();
        handed.provinces[1].initial_owner = PolityId(0);
        let report = score(&handed, &r);
        let cohort = report.cohorts[0].score;
        assert!(cohort <= report.polities[0].metrics.score + 1e-12);
    }

    #[test]
    fn property_5_forced_sorting_costs_free_clustering_does_not() {
        let sorted_freely = {
            let mut input = case_d();
            for p in &mut input.provinces {
                p.coerced = 0.0;
            }
            input
        };
        let forced = case_d();
        assert!(s(&forced) < s(&sorted_freely));
        // Free clustering scores the same as a mixed world.
        let mut mixed = sorted_freely.clone();
        for p in &mut mixed.provinces {
            p.culture_people = vec![625.0; 4];
        }
        assert!((s(&mixed) - s(&sorted_freely)).abs() < 1e-12);
        assert!(score(&forced, &rules()).world.metrics.forced_sorting > 0.99);
    }

    #[test]
    fn gini_of_groups() {
        assert_eq!(gini(&mut [(10.0, 1.0)]), 0.0);
        // One of four holds everything: (n − 1) / n.
        let g = gini(&mut [(3.0, 0.0), (1.0, 4.0)]);
        assert!((g - 0.75).abs() < 1e-12);
        let mut person_by_person: Vec<(f64, f64)> =
            [1.0, 2.0, 3.0, 4.0].iter().map(|&x| (1.0, x)).collect();
        assert!((gini(&mut person_by_person) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn theil_index_bounds() {
        assert_eq!(theil_index(&[vec![5.0, 5.0], vec![5.0, 5.0]]), 0.0);
        assert!((theil_index(&[vec![10.0, 0.0], vec![0.0, 10.0]]) - 1.0).abs() < 1e-12);
        assert_eq!(theil_index(&[vec![10.0], vec![3.0]]), 0.0);
    }

    #[test]
    fn communes_lower_domination_for_members() {
        let r = rules();
        let mut input = case_c();
        let before = score(&input, &r).world.metrics;
        input.provinces[0].communes = vec![5_000.0, 5_000.0];
        let after = score(&input, &r).world.metrics;
        assert!(after.domination < before.domination);
        assert!(after.score > before.score);
    }

    #[test]
    fn a_polity_s_domination_alone_is_what_scoring_the_world_gives() {
        let r = rules();
        let mut split = case_b();
        all_reach_all(&mut split);
        for input in [split, warden_beside_free()] {
            for k in 0..input.polities.len() {
                // As it is, and after opening its exit and devolving.
                let mut changed = input.polities[k].clone();
                changed.exit = BorderPolicy::Open;
                changed.power.shift(Tier::Ruler, Tier::Municipal, 0.3);
                let mut world = input.clone();
                world.polities[k] = changed.clone();
                for (polity, scored) in [
                    (input.polities[k].clone(), score(&input, &r)),
                    (changed, score(&world, &r)),
                ] {
                    let alone = polity_domination(&input, k, &polity, &r);
                    let expected: Vec<(usize, f64, f64)> = input
                        .provinces
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.polity == k)
                        .map(|(i, _)| {
                            let ledger = &scored.provinces[i];
                            (i, ledger.people, ledger.domination)
                        })
                        .collect();
                    assert!(!alone.is_empty());
                    assert_eq!(alone, expected, "polity {k}");
                }
            }
        }
    }
}
