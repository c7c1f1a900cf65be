//! Annexation (GAME.md §3, AI archetypes): a polity takes a weak,
//! unprotected province next to its own, and the people there come under
//! its constitution by force. Weak: few people (at most
//! `reassociation.annex_small_share` of the annexer's mean province) or a
//! government that fell in the last `reassociation.annex_after_fall`
//! turns. Unprotected: its polity is in no federation (a federation of one
//! dissolves, so a federation that exists holds).

use std::collections::BTreeSet;

use bevy::prelude::*;

use super::census::Census;
use super::coercion::{Coercion, plan};
use super::geography::Geography;
use super::ids::{PolityId, ProvinceId};
use super::refusal::Refusal;
use super::rules::{ReassociationRules, Rules};
use super::territory::transfer_province;
use super::world::{Clock, Polity, Province, Registry};

/// What the annexation rule reads: who holds what, how many live where,
/// who borders whom, and the turn.
pub struct Frontier<'a> {
    /// Provinces by id.
    pub provinces: &'a [&'a Province],
    /// Polities by id.
    pub polities: &'a [&'a Polity],
    /// People (agents) by province.
    pub population: &'a [u32],
    /// Who borders whom.
    pub geography: &'a Geography,
    /// The thresholds.
    pub rules: &'a ReassociationRules,
    /// The turn being played.
    pub turn: u32,
    /// The provinces of each polity, in id order: those of polity `k` are
    /// `held[held_from[k]..held_from[k + 1]]`.
    held: Vec<ProvinceId>,
    held_from: Vec<usize>,
}

impl<'a> Frontier<'a> {
    /// The frontier of a world as it stands.
    pub fn of(world: &'a World, provinces: &'a [&'a Province], polities: &'a [&'a Polity]) -> Self {
        let mut held_from = vec![0; polities.len() + 1];
        for p in provinces {
            held_from[p.owner.index() + 1] += 1;
        }
        for k in 0..polities.len() {
            held_from[k + 1] += held_from[k];
        }
        let mut next = held_from.clone();
        let mut held = vec![ProvinceId(0); provinces.len()];
        for p in provinces {
            let at = &mut next[p.owner.index()];
            held[*at] = p.id;
            *at += 1;
        }
        Frontier {
            provinces,
            polities,
            population: &world.resource::<Census>().population,
            geography: world.resource::<Geography>(),
            rules: &world.resource::<Rules>().reassociation,
            turn: world.resource::<Clock>().turn,
            held,
            held_from,
        }
    }

    /// The provinces of polity `k`, in id order.
    fn held_by(&self, k: PolityId) -> impl Iterator<Item = &'a Province> + '_ {
        let range = self.held_from[k.index()]..self.held_from[k.index() + 1];
        self.held[range].iter().map(|p| self.provinces[p.index()])
    }

    /// Whether `actor` may annex province `p`, or why not.
    pub fn check(&self, actor: PolityId, p: ProvinceId) -> Result<(), Refusal> {
        self.check_with(actor, p, self.most_people(actor))
    }

    /// The most people a province may have and still be weak beside
    /// `actor`: `annex_small_share` of its mean province.
    fn most_people(&self, actor: PolityId) -> f64 {
        self.rules.annex_small_share * self.mean_people(actor)
    }

    /// [`Frontier::check`] with the actor's weakness bound worked out.
    fn check_with(&self, actor: PolityId, p: ProvinceId, most: f64) -> Result<(), Refusal> {
        let province = self
            .provinces
            .get(p.index())
            .ok_or_else(|| Refusal::Gone(format!("province {}", p.0)))?;
        let owner = self.polities[province.owner.index()];
        let annexer = self.polities[actor.index()];
        if owner.id == actor {
            return Err(Refusal::AlreadyOwned(province.name.clone()));
        }
        let adjacent = self.geography.neighbours[p.index()]
            .iter()
            .any(|q| self.provinces[q.index()].owner == actor);
        if !adjacent {
            return Err(Refusal::NotAdjacent {
                province: province.name.clone(),
                polity: annexer.name.clone(),
            });
        }
        if owner.federation.is_some() {
            return Err(Refusal::Protected {
                province: province.name.clone(),
                polity: owner.name.clone(),
            });
        }
        let people = self.population[p.index()];
        if self.fell_recently(owner) || f64::from(people) <= most {
            Ok(())
        } else {
            Err(Refusal::NotWeak {
                province: province.name.clone(),
                people,
                most: most.floor() as u32,
            })
        }
    }

    /// Whether a polity's government fell in the last `annex_after_fall`
    /// turns (this turn's orders come before this turn's falls).
    fn fell_recently(&self, polity: &Polity) -> bool {
        polity
            .fell_on
            .is_some_and(|t| self.turn <= t + self.rules.annex_after_fall)
    }

    /// The mean number of people in `actor`'s provinces.
    fn mean_people(&self, actor: PolityId) -> f64 {
        let (n, people) = self.held_by(actor).fold((0u32, 0u64), |(n, s), q| {
            (n + 1, s + u64::from(self.population[q.id.index()]))
        });
        if n == 0 {
            0.0
        } else {
            people as f64 / f64::from(n)
        }
    }

    /// The provinces `actor` may annex now, fewest people first (then by
    /// id): only those that border its own are looked at.
    pub fn targets(&self, actor: PolityId) -> Vec<ProvinceId> {
        let most = self.most_people(actor);
        let near: BTreeSet<ProvinceId> = self
            .held_by(actor)
            .flat_map(|q| self.geography.neighbours[q.id.index()].iter().copied())
            .filter(|q| self.provinces[q.index()].owner != actor)
            .collect();
        let mut list: Vec<ProvinceId> = near
            .into_iter()
            .filter(|q| self.check_with(actor, *q, most).is_ok())
            .collect();
        list.sort_by_key(|q| (self.population[q.index()], *q));
        list
    }

    /// Whether an annexer (a polity whose archetype annexes, by `annexes`)
    /// borders `id` while `id` is in no federation: what moves Reformers
    /// and Opportunists to federate.
    pub fn threatened(&self, id: PolityId, annexes: impl Fn(&Polity) -> bool) -> bool {
        let polity = self.polities[id.index()];
        if polity.federation.is_some() || polity.dissolved {
            return false;
        }
        let held = self.held_by(id);
        borders_annexer(
            id,
            held,
            self.provinces,
            self.polities,
            self.geography,
            annexes,
        )
    }
}

/// [`Frontier::threatened`] of the world as it stands, without building
/// the frontier (federations ask it one proposal at a time).
pub fn threatened(world: &World, id: PolityId, annexes: impl Fn(&Polity) -> bool) -> bool {
    let registry = world.resource::<Registry>();
    let Some(polity) = registry.polity(world, id) else {
        return false;
    };
    if polity.federation.is_some() || polity.dissolved {
        return false;
    }
    let provinces = registry.provinces(world);
    let polities = registry.polities(world);
    let held = provinces.iter().copied().filter(|p| p.owner == id);
    let geography = world.resource::<Geography>();
    borders_annexer(id, held, &provinces, &polities, geography, annexes)
}

/// Whether a province `held` by `id` neighbours one of a polity that
/// `annexes`.
fn borders_annexer<'a>(
    id: PolityId,
    held: impl Iterator<Item = &'a Province>,
    provinces: &[&Province],
    polities: &[&Polity],
    geography: &Geography,
    annexes: impl Fn(&Polity) -> bool,
) -> bool {
    held.flat_map(|p| geography.neighbours[p.id.index()].iter())
        .map(|q| polities[provinces[q.index()].owner.index()])
        .any(|other| other.id != id && !other.dissolved && annexes(other))
}

/// Annexes a province: it passes to `actor` now, and everyone living there
/// is coerced (under a constitution they did not choose), leaves any
/// commune and gains `citizens.forced_grievance` at the end of the phase
/// (`coercion.rs`). Returns the province's and the
/// former owner's names; nothing when the province is the actor's already.
pub fn annex(world: &mut World, actor: PolityId, p: ProvinceId) -> Option<(String, String)> {
    let registry = world.resource::<Registry>();
    let province = registry.province(world, p).filter(|q| q.owner != actor)?;
    let name = province.name.clone();
    let former = registry.polity(world, province.owner)?.name.clone();
    transfer_province(world, p, actor);
    // Its people are coerced with the phase's other coercions, in one pass.
    plan(world, Coercion::Annex { province: p });
    Some((name, former))
}

/// The frontier of `world`, built and read in one call.
pub fn with_frontier<T>(world: &World, read: impl FnOnce(&Frontier) -> T) -> T {
    let registry = world.resource::<Registry>();
    let provinces = registry.provinces(world);
    let polities = registry.polities(world);
    read(&Frontier::of(world, &provinces, &polities))
}
