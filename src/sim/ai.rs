//! AI archetypes (GAME.md §3): each AI polity chooses its orders at the
//! start of the Orders phase, in id order, from what it can see, by the
//! archetype defined as data in `assets/rules/archetypes.ron` (or a mod):
//! it answers protest by its response policy, then gives the order of the
//! first of its behaviours that applies. Orders go through the same checks
//! and costs as the player's.

use std::collections::BTreeSet;

use bevy::prelude::*;

use super::economy::mean_prosperity;
use super::geography::Geography;
use super::ids::PolityId;
use super::order::{Action, Order};
use super::rules::{Behaviour, ResponsePolicy, Rules};
use super::world::{BorderPolicy, Borders, Clock, Polity, Province, Registry, Response, Tier};

/// What an AI polity can see when it decides.
struct View<'a> {
    turn: u32,
    polity: &'a Polity,
    polities: &'a [&'a Polity],
    neighbours: Vec<PolityId>,
    prosperity: &'a [f64],
}

impl View<'_> {
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
        } => (t.protest_share > protest && p.power.ruler > keep_ruler).then_some(Action::Devolve {
            from: Tier::Ruler,
            to: Tier::Municipal,
            amount,
        }),
        Behaviour::OpenBordersStepwise { every } => (p.borders.exit != BorderPolicy::Open
            && view.turn.is_multiple_of(every.max(1)))
        .then(|| {
            let exit = if p.borders.exit == BorderPolicy::Closed {
                BorderPolicy::Permit
            } else {
                BorderPolicy::Open
            };
            Action::SetBorders { exit, entry: exit }
        }),
        Behaviour::CharterCommunes { every, autonomy } => (p.commune_charter < autonomy
            && view.turn.is_multiple_of(every.max(1)))
        .then_some(Action::CharterCommunes { autonomy }),
        Behaviour::FederateWithLikeMinded { every } => {
            if p.federation.is_some() || !view.turn.is_multiple_of(every.max(1)) {
                return None;
            }
            view.neighbours
                .iter()
                .map(|k| view.polities[k.index()])
                .find(|other| {
                    other.controller.archetype() == Some(archetype)
                        && !other.dissolved
                        && (other.federation.is_none() || other.federation != p.federation)
                })
                .map(|other| Action::ProposeFederation { with: other.id })
        }
        Behaviour::CopyRichestNeighbour { margin, step } => {
            let model = view.richest_neighbour(margin)?;
            if model.borders != p.borders {
                let Borders { exit, entry } = model.borders;
                Some(Action::SetBorders { exit, entry })
            } else if model.power.ruler < p.power.ruler - step {
                Some(Action::Devolve {
                    from: Tier::Ruler,
                    to: Tier::Municipal,
                    amount: step,
                })
            } else if model.power.ruler > p.power.ruler + step && p.power.municipal > step {
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
    }
}

/// The orders of every AI polity for this turn, with ids.
pub fn decide(world: &World) -> Vec<Order> {
    let turn = world.resource::<Clock>().turn;
    let registry = world.resource::<Registry>();
    let provinces = registry.provinces(world);
    let polities = registry.polities(world);
    let geography = world.resource::<Geography>();
    let rules = world.resource::<Rules>();
    let prosperity = mean_prosperity(&provinces, polities.len());
    let mut orders = Vec::new();
    for polity in polities.iter().copied().filter(|p| !p.dissolved) {
        let Some(def) = polity
            .controller
            .archetype()
            .and_then(|id| rules.archetype(id))
        else {
            continue;
        };
        let view = View {
            turn,
            polity,
            polities: &polities,
            neighbours: neighbour_polities(polity.id, &provinces, geography),
            prosperity: &prosperity,
        };
        let give = |action: Action| Order {
            turn,
            polity: polity.id,
            action,
        };
        if let Some(response) = response(def.response, &view) {
            orders.push(give(Action::SetResponse { response }));
        }
        if let Some(action) = def
            .behaviours
            .iter()
            .find_map(|b| behave(*b, &view, &def.id))
        {
            orders.push(give(action));
        }
    }
    orders
}

/// Polities that border `id`, in id order.
pub fn neighbour_polities(
    id: PolityId,
    provinces: &[&Province],
    geography: &Geography,
) -> Vec<PolityId> {
    let mut set = BTreeSet::new();
    for p in provinces.iter().filter(|p| p.owner == id) {
        for q in &geography.neighbours[p.id.index()] {
            let owner = provinces[q.index()].owner;
            if owner != id {
                set.insert(owner);
            }
        }
    }
    set.into_iter().collect()
}
