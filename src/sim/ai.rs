//! AI archetypes (GAME.md §3): each AI polity chooses its orders at the
//! start of the Orders phase, in id order, from what it can see, by the
//! archetype defined as data in `assets/rules/archetypes.ron` (or a mod):
//! it answers protest by its response policy, then gives the order of the
//! first of its behaviours that applies and that it can pay for. Orders go
//! through the same checks and costs as the player's. The balance harness
//! puts the player's polity on autopilot with a strategy written the same
//! way (`assets/rules/strategies.ron`).

use std::collections::BTreeSet;

use bevy::prelude::*;

use super::annexation::Frontier;
use super::census::Census;
use super::economy::mean_prosperity;
use super::geography::Geography;
use super::ids::PolityId;
use super::ids::{CultureId, ProvinceId};
use super::order::{Action, Order, action_cost};
use super::parallel::par_map;
use super::reassociation::annexes;
use super::rules::{ArchetypeDef, Behaviour, ResponsePolicy, Rules};
use super::world::{
    BorderPolicy, Borders, Clock, LevelInfo, Polity, Province, Registry, Response, Tier,
};

/// The least share a devolving behaviour bothers to move: what creeps
/// back in a turn or two is left for a later, larger order.
const MIN_SHIFT: f64 = 0.02;

/// A polity the player's strategy plays (the balance harness): it decides
/// by this archetype, whatever its controller.
#[derive(Resource, Clone, Debug, Default)]
pub struct Autopilot(pub Option<(PolityId, ArchetypeDef)>);

/// What an AI polity can see when it decides.
struct View<'a> {
    turn: u32,
    polity: &'a Polity,
    polities: &'a [&'a Polity],
    provinces: &'a [&'a Province],
    cultures: usize,
    neighbours: &'a [PolityId],
    /// The neighbours of every polity, by id.
    borders: &'a [Vec<PolityId>],
    prosperity: &'a [f64],
    census: &'a Census,
    frontier: &'a Frontier<'a>,
    rules: &'a Rules,
}

impl View<'_> {
    /// Its own provinces, in id order.
    fn own(&self) -> impl Iterator<Item = &Province> {
        let id = self.polity.id;
        self.provinces
            .iter()
            .copied()
            .filter(move |p| p.owner == id)
    }
}

impl View<'_> {
    /// Whether a polity annexes weak neighbours.
    fn annexes(&self, other: &Polity) -> bool {
        annexes(self.rules, other)
    }

    /// Whether a living polity rules itself freely and keeps its exit
    /// open: what wardens ally against.
    fn open_and_free(&self, other: &Polity) -> bool {
        !other.dissolved
            && other.borders.exit == BorderPolicy::Open
            && other.ruler.authority * other.power.ruler < 0.5
    }

    /// Its smallest culture that lives in more than one of its provinces
    /// and is a minority in one of them: sorting it empties no province
    /// (a warden keeps its border peopled).
    fn scattered_minority(&self) -> Option<CultureId> {
        let own: Vec<ProvinceId> = self.own().map(|q| q.id).collect();
        if own.len() < 2 {
            return None;
        }
        let census = self.census;
        (0..self.cultures as u32)
            .map(CultureId)
            .filter_map(|c| {
                let homes = own.iter().filter(|q| census.count(**q, c) > 0).count();
                let people: u32 = own.iter().map(|q| census.count(*q, c)).sum();
                // Sorting moves every member to where most of them live:
                // a province of theirs alone elsewhere would be left empty.
                let homeland = own
                    .iter()
                    .max_by_key(|q| (census.count(**q, c), std::cmp::Reverse(**q)))?;
                let empties = own.iter().any(|q| {
                    q != homeland
                        && census.population[q.index()] > 0
                        && census.count(*q, c) == census.population[q.index()]
                });
                (homes > 1 && !empties).then_some((people, c))
            })
            .min()
            .map(|(_, c)| c)
    }

    /// The most prosperous living neighbour, if more prosperous by `margin`.
    fn richest_neighbour(&self, margin: f64) -> Option<&Polity> {
        let own = self.prosperity[self.polity.id.index()];
        self.neighbours
            .iter()
            .filter(|k| !self.polities[k.index()].dissolved)
            .max_by(|a, b| {
                self.prosperity[a.index()]
                    .total_cmp(&self.prosperity[b.index()])
                    .then(b.cmp(a))
            })
            .map(|k| self.polities[k.index()])
            .filter(|m| self.prosperity[m.id.index()] > own + margin)
    }
}

/// The answer to protest a policy asks for, if it differs from the
/// polity's.
fn response(policy: ResponsePolicy, view: &View) -> Option<Response> {
    let p = view.polity;
    let wanted = match policy {
        ResponsePolicy::Keep => return None,
        ResponsePolicy::Always(r) => r,
        ResponsePolicy::CopyRichestNeighbour { margin } => match view.richest_neighbour(margin) {
            Some(model) => model.response,
            None if p.ruler.authority * p.power.ruler >= 0.5 => Response::Repress,
            None => Response::Listen,
        },
    };
    (wanted != p.response).then_some(wanted)
}

/// The order a behaviour gives this turn, if it applies.
fn behave(behaviour: Behaviour, view: &View, archetype: &str) -> Option<Action> {
    let p = view.polity;
    let t = &p.turn;
    // What the constitution will be once pending shifts have moved.
    let planned = p.planned_power();
    match behaviour {
        Behaviour::CloseExitWhenLosing => ((t.emigrants > 0 || t.blocked > 0)
            && p.borders.exit != BorderPolicy::Closed)
            .then_some(Action::SetBorders {
                exit: BorderPolicy::Closed,
                entry: p.borders.entry,
            }),
        Behaviour::DevolveWhenProtesting {
            protest,
            amount,
            keep_ruler,
        } => (t.protest_share > protest && planned.ruler > keep_ruler).then_some(Action::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount,
        }),
        Behaviour::OpenBordersStepwise { every } => {
            let Borders { exit, entry } = p.borders;
            (p.borders != Borders::open() && view.turn.is_multiple_of(every.max(1))).then_some(
                Action::SetBorders {
                    exit: exit.opened(),
                    entry: entry.opened(),
                },
            )
        }
        Behaviour::CharterCommunes { every, autonomy } => (p.commune_charter < autonomy
            && view.turn.is_multiple_of(every.max(1)))
        .then_some(Action::CharterCommunes { autonomy }),
        Behaviour::FederateWithLikeMinded { every } => {
            if p.federation.is_some() || !view.turn.is_multiple_of(every.max(1)) {
                return None;
            }
            propose_to(view, |other| {
                other.controller.archetype() == Some(archetype)
            })
        }
        Behaviour::SetBorders { exit, entry } => (p.borders.exit != exit
            || p.borders.entry != entry)
            .then_some(Action::SetBorders { exit, entry }),
        Behaviour::Devolve {
            to,
            amount,
            keep_ruler,
        } => (planned.ruler > keep_ruler + MIN_SHIFT).then_some(Action::Devolve {
            from: Tier::Ruler,
            to,
            amount: amount.min(planned.ruler - keep_ruler),
        }),
        Behaviour::Centralize { from, amount } => {
            (planned.get(from) > 1e-9).then_some(Action::Centralize {
                from,
                to: Tier::Ruler,
                amount: amount.min(planned.get(from)),
            })
        }
        Behaviour::FederateWithFree { every } => {
            if !view.turn.is_multiple_of(every.max(1)) {
                return None;
            }
            propose_to(view, |other| {
                other.ruler.authority * other.power.ruler < 0.5
            })
        }
        Behaviour::Invest => view
            .own()
            .filter(|q| q.infrastructure < 1.0)
            .min_by(|a, b| a.infrastructure.total_cmp(&b.infrastructure))
            .map(|q| Action::Invest { province: q.id }),
        Behaviour::GrantIndependence => {
            let own: Vec<ProvinceId> = view.own().map(|q| q.id).collect();
            (own.len() > 1)
                .then(|| own.last().copied())
                .flatten()
                .map(|province| Action::GrantIndependence { province })
        }
        Behaviour::Repress => Some(Action::Repress),
        Behaviour::Homogenize => (view.cultures > 1).then(|| Action::Homogenize {
            culture: CultureId((view.turn.max(1) - 1) % view.cultures as u32),
        }),
        Behaviour::AnnexWeak { every } => annex_weak(view, archetype, every),
        Behaviour::HomogenizeWhenProtesting {
            protest,
            legitimacy,
        } => (t.protest_share > protest && p.legitimacy < legitimacy)
            .then(|| view.scattered_minority())
            .flatten()
            .map(|culture| Action::Homogenize { culture }),
        Behaviour::AllyAgainstOpen { every } => ally_against_open(view, archetype, every),
        Behaviour::LeaveFreeFederation => {
            // A desperate regime clings to whatever protects it.
            if p.legitimacy < view.rules.reassociation.warden_desperation {
                return None;
            }
            let fed = p.federation?;
            view.polities
                .iter()
                .any(|other| {
                    other.id != p.id && other.federation == Some(fed) && view.open_and_free(other)
                })
                .then_some(Action::LeaveFederation)
        }
        Behaviour::FederateWhenThreatened { every } => {
            if !view.turn.is_multiple_of(every.max(1))
                || !view.frontier.threatened(p.id, |o| view.annexes(o))
            {
                return None;
            }
            propose_to(view, |other| !view.annexes(other))
        }
        Behaviour::CopyRichestNeighbour { margin, step } => copy_richest(view, margin, step),
    }
}

/// `CopyRichestNeighbour`: the next step toward the borders, the
/// constitution and the charter of the most prosperous neighbour.
fn copy_richest(view: &View, margin: f64, step: f64) -> Option<Action> {
    let p = view.polity;
    let planned = p.planned_power();
    let model = view.richest_neighbour(margin)?;
    if model.borders != p.borders {
        let Borders { exit, entry } = model.borders;
        Some(Action::SetBorders { exit, entry })
    } else if model.power.ruler < planned.ruler - step {
        Some(Action::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount: step,
        })
    } else if model.power.ruler > planned.ruler + step && planned.municipal > step {
        Some(Action::Centralize {
            from: Tier::Municipal,
            to: Tier::Ruler,
            amount: step,
        })
    } else if (model.commune_charter - p.commune_charter).abs() > 0.01 {
        Some(Action::CharterCommunes {
            autonomy: model.commune_charter,
        })
    } else {
        None
    }
}

/// `AnnexWeak`: the weakest province next to its own that it may annex,
/// not empty land and not a fellow's of its archetype (they ally instead).
fn annex_weak(view: &View, archetype: &str, every: u32) -> Option<Action> {
    if !view.turn.is_multiple_of(every.max(1)) {
        return None;
    }
    view.frontier
        .targets(view.polity.id)
        .into_iter()
        .find(|q| {
            let owner = view.polities[view.provinces[q.index()].owner.index()];
            view.census.population[q.index()] > 0 && owner.controller.archetype() != Some(archetype)
        })
        .map(|province| Action::Annex { province })
}

/// `AllyAgainstOpen`: while a free neighbour keeps its exit open, a
/// proposal to a fellow of its archetype next door or next to that
/// neighbour.
fn ally_against_open(view: &View, archetype: &str, every: u32) -> Option<Action> {
    let p = view.polity;
    if !view.turn.is_multiple_of(every.max(1)) {
        return None;
    }
    let open: Vec<PolityId> = view
        .neighbours
        .iter()
        .copied()
        .filter(|k| view.open_and_free(view.polities[k.index()]))
        .collect();
    if open.is_empty() {
        return None;
    }
    let mut near: BTreeSet<PolityId> = view.neighbours.iter().copied().collect();
    for k in &open {
        near.extend(view.borders[k.index()].iter().copied());
    }
    near.into_iter()
        .map(|k| view.polities[k.index()])
        .find(|other| {
            other.id != p.id
                && !other.dissolved
                && other.controller.archetype() == Some(archetype)
                && (other.federation.is_none() || p.federation.is_none())
        })
        .map(|other| Action::ProposeFederation { with: other.id })
}

/// A federation proposal to the first neighbour, not dissolved, that
/// `wanted` accepts and that one of the two could join without leaving a
/// federation (so that proposals never make members hop between
/// federations).
fn propose_to(view: &View, wanted: impl Fn(&Polity) -> bool) -> Option<Action> {
    let p = view.polity;
    view.neighbours
        .iter()
        .map(|k| view.polities[k.index()])
        .find(|other| {
            !other.dissolved
                && wanted(other)
                && (other.federation.is_none() || p.federation.is_none())
        })
        .map(|other| Action::ProposeFederation { with: other.id })
}

/// The orders of every AI polity (and of the player's on autopilot) for
/// this turn, with ids.
pub fn decide(world: &World) -> Vec<Order> {
    let turn = world.resource::<Clock>().turn;
    let registry = world.resource::<Registry>();
    let provinces = registry.provinces(world);
    let polities = registry.polities(world);
    let geography = world.resource::<Geography>();
    let rules = world.resource::<Rules>();
    let autopilot = world.get_resource::<Autopilot>().and_then(|a| a.0.as_ref());
    let prosperity = mean_prosperity(&provinces, polities.len());
    let cultures = world.resource::<LevelInfo>().cultures.len();
    let census = world.resource::<Census>();
    let frontier = Frontier::of(world, &provinces, &polities);
    let borders = all_neighbour_polities(&provinces, polities.len(), geography);
    let deciding: Vec<&Polity> = polities.iter().copied().filter(|p| !p.dissolved).collect();
    // Each polity decides from the same world, so they decide in parallel;
    // their orders are listed in polity order.
    let decided = par_map(deciding.len(), POLITIES_PER_TASK, |k| {
        let polity = deciding[k];
        let mut orders = Vec::new();
        let def = match autopilot {
            Some((id, strategy)) if *id == polity.id => Some(strategy),
            _ => polity
                .controller
                .archetype()
                .and_then(|id| rules.archetype(id)),
        };
        let Some(def) = def.filter(|d| d.until.is_none_or(|last| turn <= last)) else {
            return orders;
        };
        let view = View {
            turn,
            polity,
            polities: &polities,
            provinces: &provinces,
            cultures,
            neighbours: &borders[polity.id.index()],
            borders: &borders,
            prosperity: &prosperity,
            census,
            frontier: &frontier,
            rules,
        };
        let give = |action: Action| Order {
            turn,
            polity: polity.id,
            action,
        };
        if let Some(response) = response(def.response, &view) {
            orders.push(give(Action::SetResponse { response }));
        }
        let affordable = |action: &Action| action_cost(action, rules) <= polity.capital + 1e-9;
        if let Some(action) = def
            .behaviours
            .iter()
            .filter_map(|b| behave(*b, &view, &def.id))
            .find(affordable)
        {
            orders.push(give(action));
        }
        orders
    });
    decided.into_iter().flatten().collect()
}

/// Polities below which deciding is not worth a task.
const POLITIES_PER_TASK: usize = 8;

/// The polities that border each polity, by id, in one pass over the
/// provinces.
fn all_neighbour_polities(
    provinces: &[&Province],
    polities: usize,
    geography: &Geography,
) -> Vec<Vec<PolityId>> {
    // A row of bits a polity (one a neighbouring polity), read in id order.
    let words = polities.div_ceil(64);
    let mut bits = vec![0u64; polities * words];
    // Owners side by side, read once for each neighbour.
    let owners: Vec<PolityId> = provinces.iter().map(|p| p.owner).collect();
    for p in provinces {
        let row = p.owner.index() * words;
        for q in &geography.neighbours[p.id.index()] {
            let other = owners[q.index()];
            if other != p.owner {
                bits[row + other.index() / 64] |= 1 << (other.index() % 64);
            }
        }
    }
    bits.chunks(words.max(1))
        .take(polities)
        .map(|row| {
            (0..polities)
                .filter(|&k| row[k / 64] >> (k % 64) & 1 == 1)
                .map(|k| PolityId(k as u32))
                .collect()
        })
        .collect()
}
