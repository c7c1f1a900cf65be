//! Reassociation phase (GAME.md §3.6): movers join their destination
//! (leaving any commune; `coerced` clears); citizens found and join
//! communes where a charter allows; provinces whose lower tiers hold the
//! majority of power may leave by referendum; federations form by consent.

use std::collections::{BTreeMap, BTreeSet};

use bevy::prelude::*;

use super::annexation::with_frontier;
use super::authority::constitution_after_fall;
use super::census::{Census, recount_census};
use super::economy::mean_prosperity;
use super::geography::Geography;
use super::ids::{CommuneId, FederationId, PolityId, ProvinceId, sorted};
use super::news::{News, NewsKind};
use super::rng::{DrawPhase, unit};
use super::rules::{FederationConsent, Rules};
use super::schedule::{Turn, TurnPhase};
use super::scoring::Scores;
use super::territory::{found_polity, leave_federation, transfer_province};
use super::world::{
    BorderPolicy, Citizen, CitizenIndex, Clock, Commune, Controller, Federation, Federations,
    Polity, Province, Registry, TurnStats,
};

/// The Reassociation phase's resources and systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<Federations>();
    app.add_systems(
        Turn,
        (
            apply_moves,
            communes_phase,
            // Referendums and federations move no one: one recount serves
            // them and the Scoring phase.
            recount_census,
            referendums_phase,
            federations_phase,
        )
            .chain()
            .in_set(TurnPhase::Reassociation),
    );
}

/// Movers take up their new home.
pub fn apply_moves(mut citizens: Query<&mut Citizen>) {
    citizens.par_iter_mut().for_each(|mut citizen| {
        if let Some(to) = citizen.destination.take() {
            citizen.home = to;
            citizen.commune = None;
            citizen.coerced = false;
        }
    });
}

fn polities_by_id(world: &mut World) -> Vec<Polity> {
    sorted(world.query::<&Polity>().iter(world).cloned(), |p| p.id)
}

fn provinces_by_id(world: &mut World) -> Vec<Province> {
    sorted(world.query::<&Province>().iter(world).cloned(), |p| p.id)
}

/// Communes dissolve when their charter is gone or they are too small;
/// citizens who would gain found new ones or join the largest.
pub fn communes_phase(world: &mut World) {
    let rules = world.resource::<Rules>().clone();
    let r = &rules.reassociation;
    let polities = polities_by_id(world);
    let provinces = provinces_by_id(world);
    let charter: Vec<f64> = provinces
        .iter()
        .map(|p| polities[p.owner.index()].commune_charter)
        .collect();
    let mut communes: Vec<Commune> =
        sorted(world.query::<&Commune>().iter(world).cloned(), |c| c.id);
    // Members after this turn's moves (movers have left their communes).
    let mut sizes = vec![0u32; communes.len()];
    for citizen in world.query::<&Citizen>().iter(world) {
        if let Some(c) = citizen.commune {
            sizes[c.index()] += 1;
        }
    }

    // Dissolve communes without a charter or with too few members.
    let mut dissolved = BTreeSet::new();
    for commune in communes.iter_mut().filter(|c| !c.dissolved) {
        let size = sizes[commune.id.index()];
        if charter[commune.province.index()] <= 0.0 || size < r.min_commune_size {
            commune.dissolved = true;
            dissolved.insert(commune.id);
        }
    }

    // Who wants to join: the gain is the domination a member escapes.
    let gain: Vec<f64> = {
        let scores = world.resource::<Scores>();
        provinces
            .iter()
            .map(|p| {
                scores.current.provinces.get(p.id.index()).map_or(0.0, |l| {
                    rules.citizens.w_free * (l.domination_plain - l.domination_member)
                        - r.commune_effort
                })
            })
            .collect()
    };
    let willing = willing_members(world, &dissolved, &charter, &gain);
    let (joins, founded) = join_or_found(willing, &communes, &sizes, r.min_commune_size);
    write_back(world, &dissolved, founded, joins, &provinces);
}

/// Citizens who leave dissolved communes, and by province the ids of those
/// who would gain by joining one and (by a seeded draw) decide to.
fn willing_members(
    world: &mut World,
    dissolved: &BTreeSet<CommuneId>,
    charter: &[f64],
    gain: &[f64],
) -> BTreeMap<ProvinceId, Vec<u32>> {
    let rate = world.resource::<Rules>().reassociation.commune_join_rate;
    let (seed, turn) = {
        let clock = world.resource::<Clock>();
        (clock.seed, clock.turn)
    };
    let mut willing: BTreeMap<ProvinceId, Vec<u32>> = BTreeMap::new();
    let mut query = world.query::<&mut Citizen>();
    for mut citizen in query.iter_mut(world) {
        if citizen.commune.is_some_and(|c| dissolved.contains(&c)) {
            citizen.commune = None;
        }
        let p = citizen.home.index();
        if citizen.commune.is_some() || charter[p] <= 0.0 || gain[p] <= 0.0 {
            continue;
        }
        let chance = rate * (0.5 + f64::from(citizen.grievance));
        if unit(
            seed,
            turn,
            u64::from(citizen.id.0),
            DrawPhase::Reassociation,
            0,
        ) < chance
        {
            willing.entry(citizen.home).or_default().push(citizen.id.0);
        }
    }
    willing
}

/// The willing of each province join its largest commune, or found one
/// when there is none and they are enough; returns who joins which, and the
/// communes founded.
fn join_or_found(
    willing: BTreeMap<ProvinceId, Vec<u32>>,
    communes: &[Commune],
    sizes: &[u32],
    min_size: u32,
) -> (Vec<(u32, CommuneId)>, Vec<Commune>) {
    let mut joins: Vec<(u32, CommuneId)> = Vec::new();
    let mut founded = Vec::new();
    let mut next_id = communes.len() as u32;
    for (province, mut ids) in willing {
        ids.sort_unstable();
        let largest = communes
            .iter()
            .filter(|c| !c.dissolved && c.province == province)
            .max_by_key(|c| (sizes[c.id.index()], std::cmp::Reverse(c.id)))
            .map(|c| c.id);
        let target = match largest {
            Some(c) => c,
            None if ids.len() as u32 >= min_size => {
                let id = CommuneId(next_id);
                next_id += 1;
                founded.push(Commune {
                    id,
                    province,
                    members: ids.len() as u32,
                    dissolved: false,
                });
                id
            }
            None => continue,
        };
        joins.extend(ids.into_iter().map(|c| (c, target)));
    }
    (joins, founded)
}

/// Marks dissolved communes, spawns the founded ones and enrols their
/// members, and logs both.
fn write_back(
    world: &mut World,
    dissolved: &BTreeSet<CommuneId>,
    founded: Vec<Commune>,
    joins: Vec<(u32, CommuneId)>,
    provinces: &[Province],
) {
    let mut query = world.query::<&mut Commune>();
    for mut commune in query.iter_mut(world) {
        if dissolved.contains(&commune.id) {
            commune.dissolved = true;
        }
    }
    for commune in founded {
        let name = &provinces[commune.province.index()].name;
        let (province, owner) = (commune.province, provinces[commune.province.index()].owner);
        world.resource_mut::<TurnStats>().say(
            News::new(
                NewsKind::CommuneFounded,
                Some(owner),
                format!(
                    "Citizens of {name} founded a commune of {} members.",
                    commune.members
                ),
            )
            .at(province),
        );
        let entity = world.spawn(commune).id();
        world.resource_mut::<Registry>().communes.push(entity);
    }
    world.resource_scope(|world, index: Mut<CitizenIndex>| {
        for (citizen, commune) in joins {
            if let Some(mut c) = world.get_mut::<Citizen>(index.0[citizen as usize]) {
                c.commune = Some(commune);
            }
        }
    });
    if !dissolved.is_empty() {
        world.resource_mut::<TurnStats>().say(News::new(
            NewsKind::CommunesDissolved,
            None,
            format!("{} commune(s) dissolved.", dissolved.len()),
        ));
    }
}

/// Provinces whose polity has given the lower tiers the majority of power
/// vote on leaving for a neighbouring polity that admits them, or for
/// independence; under a ruler who holds the majority, no vote is held.
pub fn referendums_phase(world: &mut World) {
    let rules = world.resource::<Rules>().clone();
    let r = &rules.reassociation;
    let provinces = provinces_by_id(world);
    let polities = polities_by_id(world);
    // Only what the votes need: the census is large (cohort tallies).
    let (population, protesters, grievances) = {
        let census = world.resource::<Census>();
        (
            census.population.clone(),
            census.protesters.clone(),
            census.grievance.clone(),
        )
    };
    let neighbours = world.resource::<Geography>().neighbours.clone();
    let federations = world.resource::<Federations>().clone();
    // Domination of each province's plain citizens and of each polity, as
    // scored last turn (the report itself is large).
    let (plain, polity_domination) = {
        let scores = &world.resource::<Scores>().current;
        let plain: Vec<f64> = scores
            .provinces
            .iter()
            .map(|l| l.domination_plain)
            .collect();
        let polity: Vec<Option<f64>> = polities
            .iter()
            .map(|k| scores.polity(k.id).map(|s| s.metrics.domination))
            .collect();
        (plain, polity)
    };
    let mut owned = vec![0usize; polities.len()];
    for province in &provinces {
        owned[province.owner.index()] += 1;
    }
    let mut changed = secessions(world, &provinces, &polities, &population, &grievances);
    for province in &provinces {
        let owner = &polities[province.owner.index()];
        if owner.dissolved
            || changed.contains(&owner.id)
            || owner.power.lower_tiers() < r.lower_tier_majority
        {
            continue;
        }
        let people = population[province.id.index()];
        if people == 0 {
            continue;
        }
        let Some(&dom_here) = plain.get(province.id.index()) else {
            continue;
        };
        // Voice before exit, for provinces too: only the aggrieved (those
        // protesting) vote to leave, and only for a clearly freer polity.
        let aggrieved = protesters[province.id.index()];
        let share_yes = |dom_there: f64| {
            let freer = rules.citizens.w_free * (dom_here - dom_there) > r.secession_margin;
            if freer {
                f64::from(aggrieved) / f64::from(people)
            } else {
                0.0
            }
        };
        let candidates: BTreeSet<PolityId> = neighbours[province.id.index()]
            .iter()
            .map(|q| provinces[q.index()].owner)
            .filter(|k| *k != owner.id && !changed.contains(k))
            .collect();
        let best = candidates
            .into_iter()
            .filter_map(|k| {
                let other = &polities[k.index()];
                let admits = other.borders.entry != BorderPolicy::Closed
                    || federations.allied(owner.federation, other.federation);
                let dom = polity_domination[k.index()]?;
                (admits && !other.dissolved).then(|| (share_yes(dom), k))
            })
            .filter(|(yes, _)| *yes > r.referendum_majority)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((yes, k)) = best {
            transfer_province(world, province.id, k);
            changed.insert(owner.id);
            changed.insert(k);
            let text = format!(
                "{} voted ({:.0}% yes) to leave {} for {}.",
                province.name,
                yes * 100.0,
                owner.name,
                polities[k.index()].name
            );
            world.resource_mut::<TurnStats>().say(
                News::new(NewsKind::ProvinceMoved, Some(owner.id), text)
                    .at(province.id)
                    .with(k),
            );
            continue;
        }
        // Independence: the aggrieved write their own constitution, but
        // only where they are still dominated; a province that just joined
        // a free polity stays while its old grievance fades.
        let grievance = grievances[province.id.index()];
        if grievance > 0.5 && owned[owner.id.index()] > 1 && dom_here > r.independence_domination {
            let (power, authority) =
                constitution_after_fall(owner.power, owner.ruler.authority, grievance);
            if power.ruler < owner.power.ruler {
                let name = found_polity(world, owner, province, Some((power, authority)));
                changed.insert(owner.id);
                let text = format!(
                    "{} voted for independence from {} and became {name}.",
                    province.name, owner.name
                );
                world
                    .resource_mut::<TurnStats>()
                    .say(News::new(NewsKind::Seceded, Some(owner.id), text).at(province.id));
            }
        }
    }
}

/// Where a regime fell apart this turn, every province but its most
/// populous leaves by referendum and becomes a polity of its own, with a
/// constitution written by its aggrieved people; returns the polities that
/// changed.
fn secessions(
    world: &mut World,
    provinces: &[Province],
    polities: &[Polity],
    population: &[u32],
    grievances: &[f64],
) -> BTreeSet<PolityId> {
    let mut changed = BTreeSet::new();
    for owner in polities.iter().filter(|k| k.turn.seceding && !k.dissolved) {
        let own: Vec<&Province> = provinces.iter().filter(|p| p.owner == owner.id).collect();
        let kept = own
            .iter()
            .max_by_key(|p| (population[p.id.index()], std::cmp::Reverse(p.id)))
            .map(|p| p.id);
        for province in own.into_iter().filter(|p| Some(p.id) != kept) {
            let constitution = constitution_after_fall(
                owner.power,
                owner.ruler.authority,
                grievances[province.id.index()],
            );
            let name = found_polity(world, owner, province, Some(constitution));
            let text = format!(
                "{} voted to leave {} and became {name}.",
                province.name, owner.name
            );
            world
                .resource_mut::<TurnStats>()
                .say(News::new(NewsKind::Seceded, Some(owner.id), text).at(province.id));
            changed.insert(owner.id);
        }
    }
    changed
}

/// A federation proposed to an AI polity, as its consent sees it.
struct Proposal<'a> {
    from: &'a Polity,
    to: &'a Polity,
    prosperity: &'a [f64],
    rules: &'a Rules,
    /// Whether the polity asked is threatened (worked out only if its
    /// consent asks).
    threatened: &'a dyn Fn() -> bool,
}

impl Proposal<'_> {
    /// Whether the polity asked agrees, by its archetype's consent.
    fn consents(&self, consent: &FederationConsent) -> bool {
        match consent {
            FederationConsent::Never => false,
            FederationConsent::Always => true,
            FederationConsent::WhenProposerRicher => {
                self.prosperity[self.from.id.index()] > self.prosperity[self.to.id.index()]
            }
            FederationConsent::WhenDesperate => {
                self.to.legitimacy < self.rules.reassociation.warden_desperation
            }
            FederationConsent::LikeMinded => {
                self.from.controller.archetype().is_some()
                    && self.from.controller.archetype() == self.to.controller.archetype()
            }
            FederationConsent::WhenThreatened => (self.threatened)(),
            FederationConsent::AnyOf(list) => list.iter().any(|c| self.consents(c)),
        }
    }
}

/// Whether a polity annexes weak neighbours: an AI whose archetype has
/// `AnnexWeak`.
pub fn annexes(rules: &Rules, polity: &Polity) -> bool {
    polity
        .controller
        .archetype()
        .and_then(|id| rules.archetype(id))
        .is_some_and(|def| def.annexes())
}

/// Proposals become federations when both sides consent: the other side
/// proposed too, or it is an AI that agrees by its archetype
/// (`assets/rules/archetypes.ron`: a Reformer always, an Opportunist when
/// the proposer is more prosperous or it is threatened, a Warden when
/// desperate or asked by another warden).
pub fn federations_phase(world: &mut World) {
    let rules = world.resource::<Rules>().clone();
    let provinces = provinces_by_id(world);
    let refs: Vec<&Province> = provinces.iter().collect();
    let prosperity = mean_prosperity(&refs, world.resource::<Registry>().polities.len());
    let mut federations = world.resource::<Federations>().clone();
    let proposals = std::mem::take(&mut federations.proposals);
    let mut waiting = Vec::new();
    let mut log = Vec::new();
    for (i, &(from, to)) in proposals.iter().enumerate() {
        let polities = polities_by_id(world);
        let (a, b) = (&polities[from.index()], &polities[to.index()]);
        if a.dissolved || b.dissolved || federations.allied(a.federation, b.federation) {
            continue;
        }
        // The AI never hops between federations: a proposal made while one
        // side stood alone lapses once both belong to federations (an
        // earlier proposal this turn may have taken one in).
        let player = |p: &Polity| p.controller == Controller::Player;
        if a.federation.is_some() && b.federation.is_some() && !player(a) && !player(b) {
            continue;
        }
        let mutual =
            proposals[..i].contains(&(to, from)) || proposals[i + 1..].contains(&(to, from));
        let consent = mutual
            || b.controller
                .archetype()
                .and_then(|id| rules.archetype(id))
                .is_some_and(|def| {
                    let asked = Proposal {
                        from: a,
                        to: b,
                        prosperity: &prosperity,
                        rules: &rules,
                        threatened: &|| {
                            with_frontier(world, |f| {
                                f.threatened(to, |other| annexes(&rules, other))
                            })
                        },
                    };
                    asked.consents(&def.federation)
                });
        if !consent {
            waiting.push((from, to));
            continue;
        }
        let fed = a.federation.or(b.federation).unwrap_or_else(|| {
            let id = FederationId(federations.list.len() as u32);
            federations.list.push(Federation {
                id,
                name: format!("Federation of {} and {}", a.name, b.name),
                members: Vec::new(),
            });
            id
        });
        // A member of another federation leaves it first (right of exit).
        for member in [from, to] {
            let current = polities[member.index()].federation;
            if let Some(old) = current.filter(|old| *old != fed) {
                let old_name = federations
                    .list
                    .get(old.index())
                    .map_or_else(String::new, |f| f.name.clone());
                *world.resource_mut::<Federations>() = federations.clone();
                leave_federation(world, member, old);
                federations = world.resource::<Federations>().clone();
                log.push(News::new(
                    NewsKind::LeftFederation,
                    Some(member),
                    format!(
                        "{} left the {old_name} to join another.",
                        polities[member.index()].name
                    ),
                ));
            }
            if let Some(f) = federations.list.get_mut(fed.index())
                && !f.members.contains(&member)
            {
                f.members.push(member);
                f.members.sort_unstable();
            }
            let entity = world.resource::<Registry>().polities[member.index()];
            if let Some(mut p) = world.get_mut::<Polity>(entity) {
                p.federation = Some(fed);
            }
        }
        log.push(
            News::new(
                NewsKind::Federated,
                Some(a.id),
                format!(
                    "{} and {} federated, each keeping the right to leave.",
                    a.name, b.name
                ),
            )
            .with(b.id),
        );
    }
    federations.proposals = waiting;
    *world.resource_mut::<Federations>() = federations;
    world.resource_mut::<TurnStats>().news.extend(log);
}
