//! What is kept from one province to the next while scoring: the terms a
//! province's size alone decides, and the exposure of provinces alike.

use super::formulas::intimacy;
use super::report::ProvinceInput;
use crate::sim::rules::ScoringRules;

/// A province's people and what their number alone decides: the intimacy
/// of its own tiers and of its councils' jurisdiction, and how many sit in
/// its assembly and councils.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct SizeTerms {
    /// People.
    pub people: f64,
    /// Intimacy of the province's own tiers.
    pub intimacy: f64,
    /// Intimacy of a council's jurisdiction.
    pub intimacy_municipal: f64,
    /// Seats in its assembly.
    pub assembly: f64,
    /// Seats in its councils.
    pub councils: f64,
}

impl SizeTerms {
    /// The terms of a province of `n` people.
    pub fn of(n: f64, rules: &ScoringRules) -> SizeTerms {
        SizeTerms {
            people: n,
            intimacy: intimacy(n),
            intimacy_municipal: intimacy(n.min(rules.municipal_jurisdiction)),
            assembly: n.cbrt().ceil(),
            councils: n.sqrt().ceil(),
        }
    }
}

/// The [`SizeTerms`] of the last few sizes met: provinces of one size
/// recur (most of all on thinly peopled maps), and cube roots cost.
#[derive(Default)]
pub(super) struct SizeMemo {
    kept: [(u64, SizeTerms); 8],
    filled: usize,
    next: usize,
}

impl SizeMemo {
    /// [`SizeTerms::of`], kept.
    pub fn of(&mut self, n: f64, rules: &ScoringRules) -> SizeTerms {
        let bits = n.to_bits();
        if let Some(&(_, terms)) = self.kept[..self.filled].iter().find(|(b, _)| *b == bits) {
            return terms;
        }
        let terms = SizeTerms::of(n, rules);
        self.kept[self.next] = (bits, terms);
        self.next = (self.next + 1) % self.kept.len();
        self.filled = (self.filled + 1).min(self.kept.len());
        terms
    }
}

/// Provinces of one polity met earlier with the same people and the same
/// minority and no communes: their exposure (`model::exposure`) is the same but for the id
/// and the hops abroad (on thinly peopled maps most provinces have such a
/// twin; a polity keeps its first few kinds).
pub(super) struct AlikeMemo {
    kinds: Vec<Vec<((u64, u64), usize)>>,
}

impl AlikeMemo {
    /// Kinds kept per polity.
    const KEPT: usize = 8;

    /// Nothing kept yet, for `polities` polities.
    pub fn new(polities: usize) -> AlikeMemo {
        AlikeMemo {
            kinds: vec![Vec::new(); polities],
        }
    }

    /// What decides a province's exposure besides its polity, when only
    /// that does (it has no communes).
    pub fn key(&self, province: &ProvinceInput, n: f64) -> Option<(u64, u64)> {
        province
            .communes
            .is_empty()
            .then(|| (n.to_bits(), province.minority_of(n).to_bits()))
    }

    /// Where the earlier province of `polity` alike `key` is.
    pub fn find(&self, polity: usize, key: Option<(u64, u64)>) -> Option<usize> {
        let key = key?;
        self.kinds[polity]
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, at)| at)
    }

    /// Keeps that the province at `at` is of `key` in `polity`, while the
    /// polity keeps fewer than [`Self::KEPT`] kinds.
    pub fn keep(&mut self, polity: usize, key: Option<(u64, u64)>, at: usize) {
        let kinds = &mut self.kinds[polity];
        if let Some(key) = key
            && kinds.len() < Self::KEPT
        {
            kinds.push((key, at));
        }
    }
}

/// Hops to the nearest foreign province that admits entry.
pub(super) fn foreign_hops(province: &ProvinceInput) -> Option<u8> {
    province.destinations.iter().map(|d| d.1).min()
}
