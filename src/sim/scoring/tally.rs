//! Running sums of one scope (the world, a polity, part of a cohort) and
//! the terms of §4 they add up to.

use std::ops::Range;

use super::formulas::gini;
use super::report::{Metrics, ProvinceScore};
use crate::sim::rules::ScoringRules;

/// What one province contributes to the scopes it is in.
pub struct Local {
    pub people: f64,
    /// Mean domination of its commune members.
    pub dom_members: f64,
    /// Where its groups of equal holders of decision power over its
    /// affairs are among all the provinces' (those of no one left out).
    pub groups: Range<usize>,
}

/// Running sums of one scope.
#[derive(Default)]
pub struct Tally {
    /// People.
    pub people: f64,
    /// Sum of their domination.
    pub domination: f64,
    /// Sum of their power exposure.
    pub power: f64,
    /// Sum of their freedom to leave.
    pub leave: f64,
    /// Sum of their exit discipline.
    pub discipline: f64,
    /// Coerced people.
    pub coerced: f64,
    /// Groups of equal holders of decision power.
    pub groups: Vec<(f64, f64)>,
}

impl Tally {
    /// An empty tally with room for `groups` groups of holders.
    pub fn with_capacity(groups: usize) -> Tally {
        Tally {
            groups: Vec::with_capacity(groups),
            ..Tally::default()
        }
    }

    /// How much work its terms are: the groups of holders to sort.
    pub fn size(&self) -> usize {
        self.groups.len()
    }

    /// Adds `weight` of a province's people (all of them at 1), but not
    /// their groups of holders (see [`Tally::add_groups`]).
    pub fn add(&mut self, score: &ProvinceScore, local: &Local, weight: f64, coerced: f64) {
        let n = local.people * weight;
        self.people += n;
        self.domination += n * score.domination;
        self.power += n * score.power_exposure;
        self.leave += n * score.exit_option;
        self.discipline += n * score.exit_discipline;
        self.coerced += coerced;
    }

    /// Adds `weight` of the groups of holders of a province; `holders` are
    /// the groups of every province, of which the province's are at
    /// `local.groups`.
    pub fn add_groups(&mut self, local: &Local, holders: &[(f64, f64)], weight: f64) {
        let groups = &holders[local.groups.clone()];
        if weight == 1.0 {
            // The same values as weighing each by 1.
            self.groups.extend_from_slice(groups);
        } else {
            self.groups
                .extend(groups.iter().map(|&(w, x)| (w * weight, x)));
        }
    }

    /// The scope's terms; `theil` is the world's index of sorting.
    pub fn metrics(&mut self, theil: f64, rules: &ScoringRules) -> Metrics {
        if self.people <= 0.0 {
            return Metrics::default();
        }
        let equality = 1.0 - gini(&mut self.groups);
        self.metrics_with(theil, rules, equality)
    }

    /// [`Tally::metrics`] where the equality of power is known (that of a
    /// scope with the very same groups of holders).
    pub fn metrics_with(&self, theil: f64, rules: &ScoringRules, equality: f64) -> Metrics {
        if self.people <= 0.0 {
            return Metrics::default();
        }
        let n = self.people;
        let forced_sorting = theil * (self.coerced / n).min(1.0);
        let freedom_to_leave = self.leave / n;
        let domination = self.domination / n;
        let voluntariness = 0.5 * ((1.0 - forced_sorting) + freedom_to_leave);
        Metrics {
            score: rules.weight_domination * (1.0 - domination)
                + rules.weight_voluntariness * voluntariness
                + rules.weight_equality * equality,
            domination,
            power_exposure: self.power / n,
            exit_option: freedom_to_leave,
            exit_discipline: self.discipline / n,
            forced_sorting,
            voluntariness,
            equality,
            population: n,
            coerced: self.coerced,
        }
    }
}
