//! Who may go where (GAME.md §3.5, §4): for each province, the provinces
//! within its people's reach whose polity admits them. The Exit phase
//! weighs them and scoring counts the foreign ones as ways out; both read
//! them from here. Kept from turn to turn: only the provinces whose ways
//! may have changed are worked out again (those whose infrastructure, and
//! with it their reach, changed, and those within reach of a province
//! that changed hands or whose polity changed whom it admits), so a quiet
//! turn costs a comparison instead of a search of every province's
//! surroundings. What is kept is exactly what working it out again would
//! give.

use bevy::prelude::*;

use super::geography::{Geography, reach_hops};
use super::ids::{FederationId, PolityId, ProvinceId};
use super::parallel::{PROVINCES_PER_TASK, par_slices_mut};
use super::world::{BorderPolicy, Federations, Polity, Province};

/// Registers the table.
pub fn plugin(app: &mut App) {
    app.init_resource::<Admitted>();
}

/// A province within reach whose polity admits the people of the province
/// looking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Way {
    /// Where.
    pub province: ProvinceId,
    /// How many province hops away.
    pub hops: u8,
    /// True when it belongs to another polity.
    pub foreign: bool,
}

/// Who admits whom: each province's owner, and each polity's closed entry
/// and federation, densely by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Admission {
    owner: Vec<PolityId>,
    closed: Vec<bool>,
    federation: Vec<Option<FederationId>>,
}

impl Admission {
    /// Of the provinces and polities (both in id order, dissolved polities
    /// too).
    pub fn of(provinces: &[&Province], polities: &[&Polity]) -> Admission {
        Admission {
            owner: provinces.iter().map(|p| p.owner).collect(),
            closed: polities
                .iter()
                .map(|k| k.borders.entry == BorderPolicy::Closed)
                .collect(),
            federation: polities.iter().map(|k| k.federation).collect(),
        }
    }

    /// The provinces within reach of province `i` whose polity admits its
    /// people: its own polity's, those of a federation it shares, and those
    /// of polities whose entry is not closed; nearest first, then by id.
    pub fn ways<'a>(
        &'a self,
        i: usize,
        provinces: &'a [&Province],
        geography: &'a Geography,
        federations: &'a Federations,
    ) -> impl Iterator<Item = Way> + 'a {
        let home = provinces[i];
        let from = self.owner[i];
        geography
            .reachable(home.id, home.infrastructure)
            .filter_map(move |(q, hops)| {
                let to = self.owner[q.index()];
                let admits = to == from
                    || federations
                        .allied(self.federation[from.index()], self.federation[to.index()])
                    || !self.closed[to.index()];
                admits.then_some(Way {
                    province: q,
                    hops,
                    foreign: to != from,
                })
            })
    }
}

/// For each province, the ways its people may go, nearest first, then by
/// id; and what they were worked out from.
#[derive(Resource, Clone, Debug, Default)]
pub struct Admitted {
    admission: Admission,
    infrastructure: Vec<u64>,
    ways: Vec<Ways>,
}

/// A province's ways, and those of them abroad as scoring reads them
/// (the destinations of its exit terms).
#[derive(Clone, Debug, Default, PartialEq)]
struct Ways {
    all: Vec<Way>,
    abroad: Vec<(usize, u8)>,
}

impl Admitted {
    /// Brings the table up to date with the provinces and polities (both in
    /// id order, dissolved polities too): the provinces whose ways may have
    /// changed (those whose infrastructure changed, and those that changed
    /// hands or have within reach a province that changed hands or whose
    /// polity changed its entry or federation), or all of them when the
    /// map's size changed.
    pub fn refresh(
        &mut self,
        provinces: &[&Province],
        polities: &[&Polity],
        geography: &Geography,
        federations: &Federations,
    ) {
        let admission = Admission::of(provinces, polities);
        let infrastructure: Vec<u64> = provinces
            .iter()
            .map(|p| p.infrastructure.to_bits())
            .collect();
        let stale = if self.ways.len() == provinces.len()
            && self.admission.owner.len() == provinces.len()
        {
            self.stale(&admission, &infrastructure, provinces, geography)
        } else {
            vec![true; provinces.len()]
        };
        self.ways.resize_with(provinces.len(), Ways::default);
        if stale.contains(&true) {
            par_slices_mut(&mut self.ways, PROVINCES_PER_TASK, |first, slice| {
                for (i, ways) in (first..).zip(slice) {
                    if stale[i] {
                        ways.all.clear();
                        ways.all
                            .extend(admission.ways(i, provinces, geography, federations));
                        ways.abroad.clear();
                        ways.abroad.extend(
                            ways.all
                                .iter()
                                .filter(|way| way.foreign)
                                .map(|way| (way.province.index(), way.hops)),
                        );
                    }
                }
            });
        }
        self.admission = admission;
        self.infrastructure = infrastructure;
    }

    /// Which provinces' ways may differ from those kept, now that who
    /// admits whom is `admission`: a province's ways depend on its reach
    /// (its infrastructure), its own polity's federation, and the owner of
    /// each province within reach and that owner's entry and federation.
    /// So a province is stale when its infrastructure changed, or when it,
    /// or a province within its reach, changed hands or belongs to a
    /// polity that changed its entry or federation.
    fn stale(
        &self,
        admission: &Admission,
        infrastructure: &[u64],
        provinces: &[&Province],
        geography: &Geography,
    ) -> Vec<bool> {
        let old = &self.admission;
        let polity_changed: Vec<bool> = (0..admission.closed.len())
            .map(|k| {
                old.closed.get(k) != Some(&admission.closed[k])
                    || old.federation.get(k) != Some(&admission.federation[k])
            })
            .collect();
        let mut stale: Vec<bool> = infrastructure
            .iter()
            .zip(&self.infrastructure)
            .map(|(now, then)| now != then)
            .collect();
        for (q, &owner) in admission.owner.iter().enumerate() {
            if owner != old.owner[q] || polity_changed[owner.index()] {
                stale[q] = true;
                // Reach is as far one way as the other: whoever is within
                // `hops` of `q` has `q` within `hops`.
                for &(i, hops) in &geography.within_reach[q] {
                    let i = i.index();
                    if hops <= reach_hops(provinces[i].infrastructure) {
                        stale[i] = true;
                    }
                }
            }
        }
        stale
    }

    /// The ways out of province `p`, as of the last refresh.
    pub fn of(&self, p: ProvinceId) -> &[Way] {
        &self.ways[p.index()].all
    }

    /// Where the ways out of province `p` that lead abroad go (province
    /// index) and how many hops away, in the order of [`Admitted::of`].
    pub fn abroad(&self, p: ProvinceId) -> &[(usize, u8)] {
        &self.ways[p.index()].abroad
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::fixture;
    use crate::sim::schedule::Turn;
    use crate::sim::world::Registry;

    /// The table kept in `kept`, brought up to date, and one worked out
    /// afresh, for the world as it is.
    fn kept_and_fresh(world: &World, kept: &mut Admitted) -> (Vec<Ways>, Vec<Ways>) {
        let registry = world.resource::<Registry>();
        let (provinces, polities) = (registry.provinces(world), registry.polities(world));
        let geography = world.resource::<Geography>();
        let federations = world.resource::<Federations>();
        kept.refresh(&provinces, &polities, geography, federations);
        let mut fresh = Admitted::default();
        fresh.refresh(&provinces, &polities, geography, federations);
        (kept.ways.clone(), fresh.ways)
    }

    #[test]
    fn a_kept_table_is_the_table_worked_out_afresh() {
        let mut world = fixture::world();
        let mut kept = Admitted::default();
        let (first, _) = kept_and_fresh(&world, &mut kept);
        assert!(
            first.iter().any(|ways| !ways.all.is_empty()),
            "someone may go somewhere"
        );
        let entity = |world: &World, k: usize| world.resource::<Registry>().provinces[k];
        let polity = |world: &World, k: usize| world.resource::<Registry>().polities[k];
        // A polity opens its border; a province gains the reach to get
        // there; the polity closes its border again; it federates with a
        // neighbour; a province changes hands; turns are played.
        let changes: [&dyn Fn(&mut World); 6] = [
            &|w| {
                let e = polity(w, 2);
                if let Some(mut p) = w.get_mut::<Polity>(e) {
                    p.borders.entry = BorderPolicy::Open;
                }
            },
            &|w| {
                let e = entity(w, 0);
                if let Some(mut p) = w.get_mut::<Province>(e) {
                    p.infrastructure = 1.0;
                }
            },
            &|w| {
                let e = polity(w, 2);
                if let Some(mut p) = w.get_mut::<Polity>(e) {
                    p.borders.entry = BorderPolicy::Closed;
                }
            },
            &|w| {
                for k in [0, 2] {
                    let e = polity(w, k);
                    if let Some(mut p) = w.get_mut::<Polity>(e) {
                        p.federation = Some(FederationId(0));
                    }
                }
            },
            &|w| {
                let (e, to) = (entity(w, 2), PolityId(0));
                if let Some(mut p) = w.get_mut::<Province>(e) {
                    p.owner = to;
                }
            },
            &|w| {
                for _ in 0..3 {
                    w.run_schedule(Turn);
                }
            },
        ];
        let mut before = first;
        for (k, change) in changes.iter().enumerate() {
            change(&mut world);
            let (kept_ways, fresh) = kept_and_fresh(&world, &mut kept);
            assert_eq!(kept_ways, fresh, "after change {k}");
            if k < 5 {
                assert_ne!(kept_ways, before, "change {k} changes who may go where");
            }
            before = kept_ways;
        }
    }
}
