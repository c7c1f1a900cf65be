//! What is done to people by force (GAME.md §3: forced sorting and
//! annexation): planned when the order or event is carried out, and done
//! to every citizen in one pass at the end of the phase, each citizen
//! meeting the plans in the order they were made — the same result as
//! doing each at once, since what a plan does to a citizen depends only on
//! that citizen and the plan, for one pass over a million citizens instead
//! of one per order.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::census::{Census, Counted};
use super::citizens::Citizens;
use super::ids::{CultureId, ProvinceId};
use super::rules::Rules;
use super::world::TurnStats;

/// One plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Coercion {
    /// Forced sorting of `culture` in the provinces marked `owned`: its
    /// members go to `target`; the others living in `target` go where
    /// `others` says for their culture.
    Sort {
        /// The provinces of the sorting polity, by province index.
        owned: Vec<bool>,
        /// The culture sorted.
        culture: CultureId,
        /// Where its members go.
        target: ProvinceId,
        /// Where the others living in `target` go, by culture.
        others: Vec<Option<ProvinceId>>,
    },
    /// Annexation: the people living in `province` are coerced.
    Annex {
        /// The province annexed.
        province: ProvinceId,
    },
}

impl Coercion {
    /// Whether it concerns people living in province `p`.
    fn concerns(&self, p: usize) -> bool {
        match self {
            Coercion::Sort { owned, .. } => owned.get(p).copied().unwrap_or(false),
            Coercion::Annex { province } => province.index() == p,
        }
    }
}

/// The plans made this phase, in order.
#[derive(Resource, Clone, Debug, Default)]
pub struct Coercions(pub Vec<Coercion>);

/// Adds a plan.
pub fn plan(world: &mut World, coercion: Coercion) {
    world.resource_mut::<Coercions>().0.push(coercion);
}

/// Carries out this phase's plans, and brings the census up to date when
/// anyone was moved or coerced, for the phases that follow (the census is
/// always true after a phase that moves people).
pub fn coerce(world: &mut World) {
    world.resource_scope(|world, mut census: Mut<Census>| carry_out(world, &mut census));
}

/// Carries out the plans on the people they concern (found by one pass
/// over homes); each of them changed is counted again in the census, and
/// when anyone was, grievance is recounted: the census a recount of
/// everyone would give.
fn carry_out(world: &mut World, census: &mut Census) {
    let plans = std::mem::take(&mut world.resource_mut::<Coercions>().0);
    if plans.is_empty() {
        return;
    }
    // For each province, the plans that concern its people, in order.
    let by_province: Vec<Vec<usize>> = (0..census.population.len())
        .map(|p| (0..plans.len()).filter(|&i| plans[i].concerns(p)).collect())
        .collect();
    let grievance = world.resource::<Rules>().citizens.forced_grievance as f32;
    let mut citizens = world.resource_mut::<Citizens>();
    let rows: Vec<usize> = {
        let homes = &citizens.home;
        let concerned = |i: usize| {
            by_province
                .get(homes[i].index())
                .is_some_and(|l| !l.is_empty())
        };
        citizens
            .par_ranges(|rows| rows.filter(|&i| concerned(i)).collect::<Vec<_>>())
            .concat()
    };
    let (mut moved, mut annexed) = (0u32, 0u32);
    let mut flows: BTreeMap<(ProvinceId, ProvinceId), u32> = BTreeMap::new();
    for row in rows {
        let before = Counted::of(&citizens, row);
        // The next plan, after the last one met, that concerns where the
        // citizen lives now.
        let mut next = 0;
        while let Some(&i) = by_province
            .get(citizens.home[row].index())
            .and_then(|list| list.iter().find(|&&i| i >= next))
        {
            next = i + 1;
            let (home, culture) = (citizens.home[row], citizens.culture[row]);
            match &plans[i] {
                Coercion::Sort {
                    culture: sorted,
                    target,
                    others,
                    ..
                } => {
                    let destination = if culture == *sorted {
                        (home != *target).then_some(*target)
                    } else if home == *target {
                        others.get(culture.index()).copied().flatten()
                    } else {
                        None
                    };
                    let Some(to) = destination else {
                        continue;
                    };
                    *flows.entry((home, to)).or_default() += 1;
                    citizens.home[row] = to;
                    moved += 1;
                }
                Coercion::Annex { .. } => annexed += 1,
            }
            citizens.coerced[row] = true;
            citizens.commune[row] = None;
            citizens.grievance[row] = (citizens.grievance[row] + grievance).min(1.0);
        }
        let after = Counted::of(&citizens, row);
        if after != before {
            census.exclude(&before);
            census.include(&after);
        }
    }
    if moved == 0 && annexed == 0 {
        return;
    }
    census.recount_grievance(&citizens);
    let mut stats = world.resource_mut::<TurnStats>();
    stats.forced_moves += moved;
    stats.annexed += annexed;
    for (flow, n) in flows {
        *stats.flows.entry(flow).or_default() += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::fixture;
    use crate::sim::ids::ProvinceId;

    /// The fixture after sorting culture `y` in ONE (home, farm) and
    /// annexing FARM, in the given order: for each citizen of culture `x`
    /// who moved from HOME to FARM, its grievance.
    fn movers_grievance(sort_first: bool) -> Vec<f32> {
        let mut world = fixture::world();
        let (home, farm) = (ProvinceId(0), ProvinceId(1));
        let mut owned = vec![false; 4];
        owned[0] = true;
        owned[1] = true;
        let sort = Coercion::Sort {
            owned,
            culture: CultureId(1),
            target: home,
            others: vec![Some(farm), Some(farm)],
        };
        let annex = Coercion::Annex { province: farm };
        let plans = if sort_first {
            [sort, annex]
        } else {
            [annex, sort]
        };
        let before = world.resource::<Citizens>().home.clone();
        for p in plans {
            plan(&mut world, p);
        }
        coerce(&mut world);
        world
            .resource::<Citizens>()
            .rows()
            .zip(before)
            .filter(|(c, was)| *was == home && c.home == farm)
            .map(|(c, _)| c.grievance)
            .collect()
    }

    #[test]
    fn plans_meet_each_citizen_in_the_order_they_were_made() {
        // Sorted into FARM, then annexed with it: both count.
        let sorted_then_annexed = movers_grievance(true);
        // Annexed FARM before they arrived: only the sorting counts.
        let annexed_then_sorted = movers_grievance(false);
        assert_eq!(sorted_then_annexed.len(), 40);
        assert_eq!(annexed_then_sorted.len(), 40);
        assert!(
            sorted_then_annexed
                .iter()
                .zip(&annexed_then_sorted)
                .all(|(a, b)| a > b),
            "{sorted_then_annexed:?} / {annexed_then_sorted:?}"
        );
    }
}
