//! Reassociation phase (GAME.md §3.6): movers join their destination
//! (leaving any commune; `coerced` clears); citizens found and join
//! communes where a charter allows; provinces whose lower tiers hold the
//! majority of power may leave by referendum; federations form by consent.

use std::collections::BTreeSet;

use bevy::prelude::*;

use super::annexation::threatened;
use super::authority::constitution_after_fall;
use super::census::{Census, Counted, micros};
use super::citizens::Citizens;
use super::economy::mean_prosperity;
use super::exit::Attempts;
use super::geography::Geography;
use super::ids::{FederationId, PolityId, ProvinceId};
use super::news::{News, NewsKind};
use super::rules::{FederationConsent, Rules};
use super::schedule::{Turn, TurnPhase};
use super::scoring::Scores;
use super::territory::{
    found_polity, leave_federation, owners_by_id, polities_by_id, province_by_id, province_name,
    transfer_province,
};
use super::voice::Voiced;
use super::world::{
    BorderPolicy, Controller, Federation, Federations, Polity, Power, Province, Registry, TurnStats,
};

/// The Reassociation phase's resources and systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<Federations>();
    app.add_systems(
        Turn,
        (
            // The census is recounted as the movers move, and kept up to
            // date as communes change; referendums and federations move
            // no one, so it serves them and the Scoring phase.
            apply_moves,
            super::communes::communes_phase,
            referendums_phase,
            federations_phase,
        )
            .chain()
            .in_set(TurnPhase::Reassociation),
    );
}

/// Movers take up their new home, leaving any commune; a move of one's
/// own is not coerced. The census follows the movers: the last count, with
/// each mover taken from its old home to the new, and this turn's
/// grievance and protest as the Voice phase counted them (and blocking
/// added) — the same census a recount of every citizen would give, for
/// the work of the movers alone.
pub fn apply_moves(
    mut citizens: ResMut<Citizens>,
    mut census: ResMut<Census>,
    attempts: Res<Attempts>,
    voiced: Res<Voiced>,
) {
    let mut grievance: Vec<u64> = voiced
        .grievance_micros
        .iter()
        .zip(&attempts.blocked_grievance)
        .map(|(voiced, blocked)| voiced + blocked)
        .collect();
    census.protesters.clone_from(&voiced.protesters);
    for &(id, from, to) in &attempts.movers {
        let i = id as usize;
        census.exclude(&Counted::of(&citizens, i));
        citizens.home[i] = to;
        citizens.commune[i] = None;
        citizens.coerced[i] = false;
        census.include(&Counted::of(&citizens, i));
        let g = micros(citizens.grievance[i]);
        grievance[from.index()] -= g;
        grievance[to.index()] += g;
    }
    census.set_grievance(&grievance);
}

/// Domination of each province's plain citizens and of each polity, as
/// scored last turn (the report itself is large).
fn last_domination(world: &World, polities: &[Polity]) -> (Vec<f64>, Vec<Option<f64>>) {
    let scores = &world.resource::<Scores>().current;
    let plain = scores
        .provinces
        .iter()
        .map(|l| l.domination_plain)
        .collect();
    let polity = polities
        .iter()
        .map(|k| scores.polity(k.id).map(|s| s.metrics.domination))
        .collect();
    (plain, polity)
}

/// Provinces whose polity has given the lower tiers the majority of power
/// vote on leaving for a neighbouring polity that admits them, or for
/// independence; under a ruler who holds the majority, no vote is held.
pub fn referendums_phase(world: &mut World) {
    let rules = world.resource::<Rules>().clone();
    let r = &rules.reassociation;
    let owners = owners_by_id(world);
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
    let federations = world.resource::<Federations>().clone();
    let (plain, polity_domination) = last_domination(world, &polities);
    let mut owned = vec![0usize; polities.len()];
    for owner in &owners {
        owned[owner.index()] += 1;
    }
    let mut changed = if polities.iter().any(|k| k.turn.seceding && !k.dissolved) {
        let provinces = seceding_provinces(world, &owners, &polities);
        secessions(world, &provinces, &polities, &population, &grievances)
    } else {
        BTreeSet::new()
    };
    world.resource_scope(|world, geography: Mut<Geography>| {
        // The neighbouring polities of the province at hand (one list for
        // all of them).
        let mut candidates: Vec<PolityId> = Vec::new();
        for (p, &owner) in owners.iter().enumerate() {
            let id = ProvinceId(p as u32);
            let owner = &polities[owner.index()];
            if owner.dissolved
                || changed.contains(&owner.id)
                || owner.power.lower_tiers() < r.lower_tier_majority
            {
                continue;
            }
            let people = population[p];
            if people == 0 {
                continue;
            }
            let Some(&dom_here) = plain.get(p) else {
                continue;
            };
            // Voice before exit, for provinces too: only the aggrieved (those
            // protesting) vote to leave, and only for a clearly freer polity.
            let aggrieved = protesters[p];
            let share_yes = |dom_there: f64| {
                let freer = rules.citizens.w_free * (dom_here - dom_there) > r.secession_margin;
                if freer {
                    f64::from(aggrieved) / f64::from(people)
                } else {
                    0.0
                }
            };
            neighbouring(
                &mut candidates,
                &geography.neighbours[p],
                &owners,
                owner.id,
                &changed,
            );
            let best = candidates
                .iter()
                .copied()
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
                transfer_province(world, id, k);
                changed.insert(owner.id);
                changed.insert(k);
                let text = format!(
                    "{} voted ({:.0}% yes) to leave {} for {}.",
                    province_name(world, id),
                    yes * 100.0,
                    owner.name,
                    polities[k.index()].name
                );
                world.resource_mut::<TurnStats>().say(
                    News::new(NewsKind::ProvinceMoved, Some(owner.id), text)
                        .at(id)
                        .with(k),
                );
                continue;
            }
            // Independence: the aggrieved write their own constitution, but
            // only where they are still dominated; a province that just joined
            // a free polity stays while its old grievance fades.
            let grievance = grievances[p];
            if grievance > 0.5
                && owned[owner.id.index()] > 1
                && dom_here > r.independence_domination
            {
                let (power, authority) =
                    constitution_after_fall(owner.power, owner.ruler.authority, grievance);
                if power.ruler < owner.power.ruler
                    && let Some(province) = province_by_id(world, id)
                {
                    secede(
                        world,
                        owner,
                        &province,
                        (power, authority),
                        "voted for independence from",
                    );
                    changed.insert(owner.id);
                }
            }
        }
    });
}

/// `province` leaves `owner` as a polity of its own under `constitution`
/// (shares and the ruler's authority); the news says it `voted …` `owner`.
fn secede(
    world: &mut World,
    owner: &Polity,
    province: &Province,
    constitution: (Power, f64),
    voted: &str,
) {
    let name = found_polity(world, owner, province, Some(constitution));
    let text = format!(
        "{} {voted} {} and became {name}.",
        province.name, owner.name
    );
    world
        .resource_mut::<TurnStats>()
        .say(News::new(NewsKind::Seceded, Some(owner.id), text).at(province.id));
}

/// Into `polities`, the owners of `neighbours` but `owner` and those in
/// `changed`, in id order, each once.
fn neighbouring(
    polities: &mut Vec<PolityId>,
    neighbours: &[ProvinceId],
    owners: &[PolityId],
    owner: PolityId,
    changed: &BTreeSet<PolityId>,
) {
    polities.clear();
    polities.extend(
        neighbours
            .iter()
            .map(|q| owners[q.index()])
            .filter(|k| *k != owner && !changed.contains(k)),
    );
    polities.sort_unstable();
    polities.dedup();
}

/// The provinces of the polities seceding this turn, as they are before
/// any of them leaves.
fn seceding_provinces(world: &World, owners: &[PolityId], polities: &[Polity]) -> Vec<Province> {
    (0..owners.len())
        .filter(|&p| polities[owners[p].index()].turn.seceding)
        .filter_map(|p| province_by_id(world, ProvinceId(p as u32)))
        .collect()
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
            secede(world, owner, province, constitution, "voted to leave");
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
    let prosperity = {
        let registry = world.resource::<Registry>();
        mean_prosperity(&registry.provinces(world), registry.polities.len())
    };
    let mut federations = world.resource::<Federations>().clone();
    let proposals = std::mem::take(&mut federations.proposals);
    let mut waiting = Vec::new();
    let mut log = Vec::new();
    for (i, &(from, to)) in proposals.iter().enumerate() {
        // The two sides as they are when this proposal's turn comes.
        let polity = |id: PolityId| world.resource::<Registry>().polity(world, id).cloned();
        let (Some(a), Some(b)) = (polity(from), polity(to)) else {
            continue;
        };
        let (a, b) = (&a, &b);
        let side = |id: PolityId| if id == from { a } else { b };
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
                        threatened: &|| threatened(world, to, |other| annexes(&rules, other)),
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
            let current = side(member).federation;
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
                    format!("{} left the {old_name} to join another.", side(member).name),
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
