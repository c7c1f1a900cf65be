//! What scoring reads and what it reports (GAME.md §4, §6): the inputs
//! gathered from the world, the terms of each scope, the ledgers of
//! provinces, and the cohorts behind each polity's legacy.

use serde::{Deserialize, Serialize};

use crate::sim::ids::{FederationId, PolityId, ProvinceId};
use crate::sim::world::{BorderPolicy, Power};

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

/// The people of one turn-0 cohort living in a province.
#[derive(Clone, Debug, PartialEq)]
pub struct OriginTally {
    /// The polity they lived in at turn 0.
    pub polity: PolityId,
    /// People.
    pub people: f64,
    /// Of them, coerced.
    pub coerced: f64,
    /// Of them, commune members.
    pub members: f64,
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
    /// People it holds before overcrowding.
    pub capacity: f64,
    /// People by culture.
    pub culture_people: Vec<f64>,
    /// People who are coerced.
    pub coerced: f64,
    /// Members (people) of each commune in the province.
    pub communes: Vec<f64>,
    /// Provinces of other polities within reach whose polity admits entry
    /// from here (indices into [`ScoringInput::provinces`]), with hops.
    pub destinations: Vec<(usize, u8)>,
    /// The polity that held it at turn 0.
    pub initial_owner: PolityId,
    /// Its people by the polity they lived in at turn 0, each polity once
    /// (the cohorts rely on it).
    pub origins: Vec<OriginTally>,
}

impl ProvinceInput {
    /// A province with nothing in it yet (to be filled).
    pub fn empty() -> ProvinceInput {
        ProvinceInput {
            id: ProvinceId(0),
            polity: 0,
            infrastructure: 0.0,
            capacity: 0.0,
            culture_people: Vec::new(),
            coerced: 0.0,
            communes: Vec::new(),
            destinations: Vec::new(),
            initial_owner: PolityId(0),
            origins: Vec::new(),
        }
    }

    /// People living in the province.
    pub fn people(&self) -> f64 {
        self.culture_people.iter().sum()
    }

    /// `m_p`: the share of its people outside the largest culture.
    pub fn minority(&self) -> f64 {
        self.minority_of(self.people())
    }

    /// [`minority`](Self::minority) of its `n` people.
    pub(crate) fn minority_of(&self, n: f64) -> f64 {
        if n <= 0.0 {
            return 0.0;
        }
        let largest = self.culture_people.iter().copied().fold(0.0, f64::max);
        1.0 - largest / n
    }
}

/// Everything the score is computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoringInput {
    /// Polities (dissolved ones left out).
    pub polities: Vec<PolityInput>,
    /// Provinces.
    pub provinces: Vec<ProvinceInput>,
}

/// The score terms of one scope (world, polity, or cohort).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// `S = 0.5 · (1 − mean Dom) + 0.25 · V + 0.25 · G`.
    pub score: f64,
    /// Mean domination exposure.
    pub domination: f64,
    /// Mean power exposure `P`.
    pub power_exposure: f64,
    /// Mean freedom to leave `L` (`exit_option` since version 1 of the
    /// model; `simulate --json` prints it under both names).
    pub exit_option: f64,
    /// Mean exit discipline `X`.
    pub exit_discipline: f64,
    /// Forced sorting `FS` = the world's Theil index × coerced share.
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

/// The people who lived in a polity at turn 0, wherever they live now: the
/// polity's legacy is the mean of their score over the turns played.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortScore {
    /// The polity they lived in at turn 0 (which may be gone).
    pub polity: PolityId,
    /// Their score now.
    pub score: f64,
    /// The mean of their score over the turns played (filled in by the
    /// Scoring phase).
    pub legacy: f64,
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
    /// Power exposure of a person outside communes.
    pub power_plain: f64,
    /// Freedom to leave `L` of its people.
    pub exit_option: f64,
    /// Exit discipline `X` of its people.
    pub exit_discipline: f64,
    /// Equality of power over its own affairs.
    pub equality: f64,
    /// Intensity of the ruler, province, municipal and citizens tiers.
    pub intensities: [f64; 4],
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
    /// The mean world score over the turns played (filled in by the
    /// Scoring phase).
    pub legacy: f64,
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
    /// Each turn-0 polity's cohort, in id order.
    #[serde(default)]
    pub cohorts: Vec<CohortScore>,
}

impl ScoreReport {
    /// The score of a polity, if it is alive.
    pub fn polity(&self, id: PolityId) -> Option<&PolityScore> {
        self.polities.iter().find(|p| p.id == id)
    }

    /// The cohort of a turn-0 polity.
    pub fn cohort(&self, id: PolityId) -> Option<&CohortScore> {
        self.cohorts.iter().find(|c| c.polity == id)
    }

    /// The legacy of a turn-0 polity.
    pub fn legacy(&self, id: PolityId) -> Option<f64> {
        self.cohort(id).map(|c| c.legacy)
    }
}
