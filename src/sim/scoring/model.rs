//! The scoring model of GAME.md §4: domination exposure, the real exit
//! option, voluntariness, equality of power, the score `S`, and
//! fragmentation `F` beside it. Pure functions of a [`ScoringInput`]; the
//! system at the bottom only gathers that input from the world.
//!
//! One deliberate refinement of the text of §4, documented in
//! `docs/scoring.md`: equality of power is measured over the affairs of
//! each province (who holds decision power over that province's people)
//! and averaged by population, instead of one Gini over the whole world.
//! A split along province lines then leaves equality exactly unchanged, so
//! required property 1 (with exit closed, fragmentation never raises `S`)
//! holds exactly rather than up to terms of order `1/N`.

use serde::{Deserialize, Serialize};

use crate::sim::ids::{FederationId, PolityId, ProvinceId};
use crate::sim::rules::ScoringRules;
use crate::sim::world::{BorderPolicy, Power};

/// Intimacy `ι(N) = 1 / (1 + log10(max(N, 100) / 100))` (§4): a closer
/// ruler reaches further into a life.
pub fn intimacy(people: f64) -> f64 {
    1.0 / (1.0 + (people.max(100.0) / 100.0).log10())
}

/// Intensity `δ = α + λ · ι(N) · α · (1 − α)` of a tier of arbitrariness
/// `alpha` over a jurisdiction of `people` (§4).
pub fn intensity(alpha: f64, people: f64, lambda: f64) -> f64 {
    alpha + lambda * intimacy(people) * alpha * (1.0 - alpha)
}

/// Real exit option `E = b · (1 − c) · v` (§4). `foreign_hops` is the
/// distance to the nearest province of another polity within reach that
/// admits entry; `communes` says whether the polity lets communes be
/// founded (an exit option one hop away).
pub fn exit_option(
    exit: BorderPolicy,
    foreign_hops: Option<u8>,
    communes: bool,
    infrastructure: f64,
    move_cost: f64,
) -> f64 {
    let hops = match (foreign_hops, communes) {
        (Some(h), _) => f64::from(h),
        (None, true) => 1.0,
        (None, false) => return 0.0,
    };
    let cost = (move_cost * hops * (1.0 - infrastructure)).min(1.0);
    exit.openness() * (1.0 - cost)
}

/// Domination exposure `Dom = P · (1 − 0.5 · E)` (§4).
pub fn domination(power_exposure: f64, exit_option: f64) -> f64 {
    power_exposure * (1.0 - 0.5 * exit_option)
}

/// Theil's multigroup entropy index of cultures across units (§4): 0 when
/// every unit mirrors the whole, 1 when every unit holds one culture.
/// `units[u][c]` is the number of people of culture `c` in unit `u`.
pub fn theil_index(units: &[Vec<f64>]) -> f64 {
    let cultures = units.first().map_or(0, Vec::len);
    let mut totals = vec![0.0; cultures];
    for unit in units {
        for (c, n) in unit.iter().enumerate() {
            totals[c] += n;
        }
    }
    let everyone: f64 = totals.iter().sum();
    let whole = entropy(&totals);
    if everyone <= 0.0 || whole <= 1e-12 {
        return 0.0;
    }
    let within: f64 = units
        .iter()
        .map(|unit| {
            let n: f64 = unit.iter().sum();
            n / everyone * entropy(unit)
        })
        .sum();
    (1.0 - within / whole).clamp(0.0, 1.0)
}

fn entropy(counts: &[f64]) -> f64 {
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return 0.0;
    }
    counts
        .iter()
        .filter(|&&n| n > 0.0)
        .map(|&n| {
            let share = n / total;
            -share * share.ln()
        })
        .sum()
}

/// Gini coefficient over groups of equal holders `(size, holding each)`
/// (§4: never person by person). Sorts `groups` in place.
pub fn gini(groups: &mut [(f64, f64)]) -> f64 {
    groups.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut weight_below = 0.0;
    let mut held_below = 0.0;
    let mut pair_sum = 0.0;
    for &(w, x) in groups.iter() {
        pair_sum += w * (x * weight_below - held_below);
        weight_below += w;
        held_below += w * x;
    }
    if weight_below <= 0.0 || held_below <= 0.0 {
        0.0
    } else {
        (pair_sum / (weight_below * held_below)).clamp(0.0, 1.0)
    }
}

/// Fragmentation `F = 1 − Σ p_k²` and `N_eff = 1 / Σ p_k²` over the
/// populations of sovereign top-level units (§4).
pub fn fragmentation(unit_people: &[f64]) -> (f64, f64) {
    let total: f64 = unit_people.iter().sum();
    if total <= 0.0 {
        return (0.0, 0.0);
    }
    let concentration: f64 = unit_people.iter().map(|n| (n / total).powi(2)).sum();
    (1.0 - concentration, 1.0 / concentration)
}

/// What scoring needs to know of a polity.
#[derive(Clone, Debug, PartialEq)]
pub struct PolityInput {
    /// Its id.
    pub id: PolityId,
    /// Ruler authority `α_ruler`.
    pub authority: f64,
    /// Its constitution.
    pub power: Power,
    /// Its exit policy.
    pub exit: BorderPolicy,
    /// Commune charter `a`.
    pub commune_charter: f64,
    /// Its federation, if any.
    pub federation: Option<FederationId>,
}

/// What scoring needs to know of a province; populations are in people.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceInput {
    /// Its id.
    pub id: ProvinceId,
    /// Index into [`ScoringInput::polities`] of its owner.
    pub polity: usize,
    /// Infrastructure, 0..1.
    pub infrastructure: f64,
    /// People by culture.
    pub culture_people: Vec<f64>,
    /// People who are coerced.
    pub coerced: f64,
    /// Members (people) of each commune in the province.
    pub communes: Vec<f64>,
    /// Hops to the nearest province of another polity within reach that
    /// admits entry.
    pub foreign_hops: Option<u8>,
}

impl ProvinceInput {
    /// People living in the province.
    pub fn people(&self) -> f64 {
        self.culture_people.iter().sum()
    }
}

/// Everything the score is computed from.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoringInput {
    /// Polities (dissolved ones left out).
    pub polities: Vec<PolityInput>,
    /// Provinces.
    pub provinces: Vec<ProvinceInput>,
}

/// The score terms of one scope (world or polity).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// `S = 0.5 · (1 − mean Dom) + 0.25 · V + 0.25 · G`.
    pub score: f64,
    /// Mean domination exposure.
    pub domination: f64,
    /// Mean power exposure `P`.
    pub power_exposure: f64,
    /// Mean real exit option `E`.
    pub exit_option: f64,
    /// Forced sorting `FS` = Theil index × coerced share.
    pub forced_sorting: f64,
    /// Voluntariness `V`.
    pub voluntariness: f64,
    /// Equality of power `G`.
    pub equality: f64,
    /// People.
    pub population: f64,
    /// Coerced people.
    pub coerced: f64,
}

/// The score of one polity, with what its ledger shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolityScore {
    /// Its id.
    pub id: PolityId,
    /// Its terms over its own citizens.
    pub metrics: Metrics,
    /// The ruler's intensity `δ_ruler`.
    pub ruler_intensity: f64,
}

/// The ledger of one province.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceScore {
    /// Its id.
    pub id: ProvinceId,
    /// People.
    pub people: f64,
    /// Mean domination exposure of its people.
    pub domination: f64,
    /// Domination exposure of a person outside communes.
    pub domination_plain: f64,
    /// Domination exposure of a commune member (a commune of the
    /// province's mean commune size, or of 100 people when there is none).
    pub domination_member: f64,
    /// Mean power exposure of its people.
    pub power_exposure: f64,
    /// Real exit option of its people.
    pub exit_option: f64,
    /// Equality of power over its affairs.
    pub equality: f64,
    /// Intensity of the ruler, province and municipal tiers over it.
    pub intensities: [f64; 3],
    /// Hops to the nearest foreign province that admits entry.
    pub foreign_hops: Option<u8>,
}

/// The world's terms plus fragmentation, which is shown beside the score
/// and never part of it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorldScore {
    /// The world's terms over all citizens.
    pub metrics: Metrics,
    /// `F = 1 − Σ p_k²` over sovereign top-level units.
    pub fragmentation: f64,
    /// `N_eff = 1 / Σ p_k²`.
    pub effective_polities: f64,
    /// Polities whose ruler intensity is at least the hierarchy threshold.
    pub hierarchies: u32,
}

/// A full scoring of the world.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// World terms and fragmentation.
    pub world: WorldScore,
    /// Each living polity, in id order.
    pub polities: Vec<PolityScore>,
    /// Each province, in id order.
    pub provinces: Vec<ProvinceScore>,
}

impl ScoreReport {
    /// The score of a polity, if it is alive.
    pub fn polity(&self, id: PolityId) -> Option<&PolityScore> {
        self.polities.iter().find(|p| p.id == id)
    }
}

/// Running sums of one scope.
#[derive(Default)]
struct Tally {
    people: f64,
    domination: f64,
    power: f64,
    exit: f64,
    equality: f64,
    coerced: f64,
    culture_units: Vec<Vec<f64>>,
}

impl Tally {
    fn add(&mut self, province: &ProvinceInput, score: &ProvinceScore) {
        let n = score.people;
        self.people += n;
        self.domination += n * score.domination;
        self.power += n * score.power_exposure;
        self.exit += n * score.exit_option;
        self.equality += n * score.equality;
        self.coerced += province.coerced;
        self.culture_units.push(province.culture_people.clone());
    }

    fn metrics(&self, rules: &ScoringRules) -> Metrics {
        if self.people <= 0.0 {
            return Metrics::default();
        }
        let n = self.people;
        let forced_sorting = theil_index(&self.culture_units) * (self.coerced / n).min(1.0);
        let exit_option = self.exit / n;
        let domination = self.domination / n;
        let voluntariness = 0.5 * ((1.0 - forced_sorting) + exit_option);
        let equality = self.equality / n;
        Metrics {
            score: rules.weight_domination * (1.0 - domination)
                + rules.weight_voluntariness * voluntariness
                + rules.weight_equality * equality,
            domination,
            power_exposure: self.power / n,
            exit_option,
            forced_sorting,
            voluntariness,
            equality,
            population: n,
            coerced: self.coerced,
        }
    }
}

/// Scores a world (§4). Linear in provinces plus communes.
pub fn score(input: &ScoringInput, rules: &ScoringRules) -> ScoreReport {
    let mut polity_people = vec![0.0; input.polities.len()];
    for province in &input.provinces {
        polity_people[province.polity] += province.people();
    }
    let mut world = Tally::default();
    let mut tallies: Vec<Tally> = input.polities.iter().map(|_| Tally::default()).collect();
    let mut provinces = Vec::with_capacity(input.provinces.len());
    for province in &input.provinces {
        let polity = &input.polities[province.polity];
        let ledger = score_province(province, polity, polity_people[province.polity], rules);
        world.add(province, &ledger);
        tallies[province.polity].add(province, &ledger);
        provinces.push(ledger);
    }

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
            metrics: tallies[k].metrics(rules),
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
    let unit_people: Vec<f64> = units.iter().map(|u| u.1).collect();
    let (fragmentation, effective_polities) = fragmentation(&unit_people);
    ScoreReport {
        world: WorldScore {
            metrics: world.metrics(rules),
            fragmentation,
            effective_polities,
            hierarchies,
        },
        polities,
        provinces,
    }
}

/// The ledger of one province: domination of its people by tier and
/// commune, its exit option, and equality of power over its affairs.
fn score_province(
    province: &ProvinceInput,
    polity: &PolityInput,
    polity_people: f64,
    rules: &ScoringRules,
) -> ProvinceScore {
    let n = province.people();
    let s = polity.power;
    let a = polity.commune_charter.clamp(0.0, 1.0);
    let d_ruler = intensity(polity.authority, polity_people, rules.lambda);
    let d_province = intensity(rules.alpha_province, n, rules.lambda);
    let d_municipal = intensity(
        rules.alpha_municipal,
        n.min(rules.municipal_jurisdiction),
        rules.lambda,
    );
    let upper = s.ruler * d_ruler + s.province * d_province;
    let plain = upper + s.municipal * d_municipal;
    let exit = exit_option(
        polity.exit,
        province.foreign_hops,
        a > 0.0,
        province.infrastructure,
        rules.move_cost,
    );
    let members: f64 = province.communes.iter().sum::<f64>().min(n);
    let in_commune = |size: f64| {
        let d_commune = intensity(rules.alpha_commune, size, rules.lambda);
        (1.0 - a) * upper + a * (s.ruler + s.province) * d_commune + s.municipal * d_municipal
    };
    let mut power_sum = plain * (n - members);
    for &size in &province.communes {
        power_sum += in_commune(size) * size;
    }
    let power_exposure = if n > 0.0 { power_sum / n } else { plain };
    let typical_commune = if province.communes.is_empty() {
        100.0
    } else {
        members / province.communes.len() as f64
    };
    ProvinceScore {
        id: province.id,
        people: n,
        domination: domination(power_exposure, exit),
        domination_plain: domination(plain, exit),
        domination_member: domination(in_commune(typical_commune), exit),
        power_exposure,
        exit_option: exit,
        equality: 1.0 - province_gini(n, members, &province.communes, polity, rules),
        intensities: [d_ruler, d_province, d_municipal],
        foreign_hops: province.foreign_hops,
    }
}

/// Gini of decision power over one province's affairs (§4): each tier
/// decides `s_t` of everyone's affairs and its office holders keep the
/// arbitrary part; every person holds an equal part of the rest.
fn province_gini(
    n: f64,
    members: f64,
    communes: &[f64],
    polity: &PolityInput,
    rules: &ScoringRules,
) -> f64 {
    if n <= 0.0 {
        return 0.0;
    }
    let s = polity.power;
    let a = polity.commune_charter.clamp(0.0, 1.0);
    // Communes take fraction `a` of the ruler's and province's share over
    // their members.
    let governed_from_above = n - a * members;
    let kept_ruler = polity.authority * s.ruler * governed_from_above;
    let kept_province = rules.alpha_province * s.province * governed_from_above;
    let kept_municipal = rules.alpha_municipal * s.municipal * n;
    let kept_communes: Vec<f64> = communes
        .iter()
        .map(|&size| rules.alpha_commune * a * (s.ruler + s.province) * size)
        .collect();
    let kept: f64 = kept_ruler + kept_province + kept_municipal + kept_communes.iter().sum::<f64>();
    let base = ((n - kept) / n).max(0.0);

    let assembly = if s.province > 0.0 {
        n.cbrt().ceil()
    } else {
        0.0
    };
    let councils = if s.municipal > 0.0 {
        n.sqrt().ceil()
    } else {
        0.0
    };
    let mut groups = vec![(1.0, base + kept_ruler)];
    if assembly > 0.0 {
        groups.push((assembly, base + kept_province / assembly));
    }
    if councils > 0.0 {
        groups.push((councils, base + kept_municipal / councils));
    }
    for (&size, &k) in communes.iter().zip(&kept_communes) {
        if size > 0.0 {
            groups.push((size, base + k / size));
        }
    }
    let rest = (n - 1.0 - assembly - councils - members).max(0.0);
    groups.push((rest, base));
    gini(&mut groups)
}

#[cfg(test)]
mod tests {
    //! The worked example and the required properties of GAME.md §4.
    use super::*;
    use crate::sim::rules::Rules;

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
            culture_people: vec![people],
            coerced: 0.0,
            communes: Vec::new(),
            foreign_hops: None,
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
                    ProvinceInput {
                        culture_people: cultures,
                        coerced: 2_500.0,
                        ..province(p, p as usize, 0.0)
                    }
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
        for (name, input, want_s, want_f) in [
            ("A", case_a(), 0.19, 0.0),
            ("B", case_b(), 0.19, 0.75),
            ("C", case_c(), 0.89, 0.0),
            ("D", case_d(), 0.06, 1.0),
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
        for p in &mut parts.provinces {
            p.foreign_hops = Some(1);
        }
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
            p.foreign_hops = None;
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
    fn property_4_exit_disciplines() {
        let mut closed = case_b();
        for p in &mut closed.provinces {
            p.foreign_hops = Some(1); // a neighbour that admits entry is in reach
        }
        let mut opened = closed.clone();
        opened.polities[0].exit = BorderPolicy::Open;
        let mut permit = closed.clone();
        permit.polities[0].exit = BorderPolicy::Permit;
        let (c, p, o) = (s(&closed), s(&permit), s(&opened));
        assert!(
            o > p && p > c,
            "opening exit raises S, closing lowers it: {c} < {p} < {o}"
        );
        // Without a destination in reach, opening the exit is no real option.
        let mut nowhere = closed.clone();
        for q in &mut nowhere.provinces {
            q.foreign_hops = None;
        }
        let mut nowhere_open = nowhere.clone();
        nowhere_open.polities[0].exit = BorderPolicy::Open;
        assert!((s(&nowhere_open) - s(&nowhere)).abs() < 1e-12);
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
}
