//! AI archetypes (GAME.md §3): each AI polity chooses its orders at the
//! start of the Orders phase, in id order, from what it can see. Orders go
//! through the same checks and costs as the player's.

use std::collections::BTreeSet;

use bevy::prelude::*;

use super::geography::Geography;
use super::ids::PolityId;
use super::world::{
    Archetype, BorderPolicy, Borders, Clock, Controller, Polity, Province, Response, Tier,
};
use crate::level::schema::{ActionFile, OrderFile};

/// The orders of every AI polity for this turn.
pub fn decide(world: &mut World) -> Vec<OrderFile> {
    let turn = world.resource::<Clock>().turn;
    let provinces: Vec<Province> =
        super::sorted(world.query::<&Province>().iter(world).cloned(), |p| p.id);
    let polities: Vec<Polity> =
        super::sorted(world.query::<&Polity>().iter(world).cloned(), |p| p.id);
    let geography = world.resource::<Geography>();
    let prosperity = mean_prosperity(&provinces, polities.len());
    let mut orders = Vec::new();
    for polity in polities.iter().filter(|p| !p.dissolved) {
        let Controller::Ai(archetype) = polity.controller else {
            continue;
        };
        let neighbours = neighbour_polities(polity.id, &provinces, geography);
        let mut give = |action: ActionFile| {
            orders.push(OrderFile {
                turn,
                polity: polity.key.clone(),
                action,
            })
        };
        let t = &polity.turn;
        let losing = t.emigrants > 0 || t.blocked > 0;
        match archetype {
            Archetype::Warden => {
                // Keep people in: close the exit as soon as they leave.
                if losing && polity.borders.exit != BorderPolicy::Closed {
                    give(ActionFile::SetBorders {
                        exit: BorderPolicy::Closed,
                        entry: polity.borders.entry,
                    });
                }
                if polity.response != Response::Repress {
                    give(ActionFile::SetResponse {
                        response: Response::Repress,
                    });
                }
            }
            Archetype::Reformer => {
                if t.protest_share > 0.05 && polity.power.ruler > 0.2 {
                    give(ActionFile::Devolve {
                        from: Tier::Ruler,
                        to: Tier::Municipal,
                        amount: 0.05,
                    });
                } else if polity.borders.exit != BorderPolicy::Open && turn.is_multiple_of(3) {
                    let exit = if polity.borders.exit == BorderPolicy::Closed {
                        BorderPolicy::Permit
                    } else {
                        BorderPolicy::Open
                    };
                    give(ActionFile::SetBorders { exit, entry: exit });
                } else if polity.commune_charter < 0.2 && turn.is_multiple_of(5) {
                    give(ActionFile::CharterCommunes { autonomy: 0.2 });
                } else if let Some(partner) = neighbours.iter().find(|k| {
                    let other = &polities[k.index()];
                    other.controller == Controller::Ai(Archetype::Reformer)
                        && !other.dissolved
                        && (other.federation.is_none() || other.federation != polity.federation)
                }) && turn.is_multiple_of(4)
                    && polity.federation.is_none()
                {
                    give(ActionFile::ProposeFederation {
                        with: polities[partner.index()].key.clone(),
                    });
                }
            }
            Archetype::Opportunist => {
                let own = prosperity[polity.id.index()];
                let model = neighbours
                    .iter()
                    .filter(|k| !polities[k.index()].dissolved)
                    .max_by(|a, b| {
                        prosperity[a.index()]
                            .total_cmp(&prosperity[b.index()])
                            .then(b.cmp(a))
                    })
                    .map(|k| &polities[k.index()])
                    .filter(|m| prosperity[m.id.index()] > own + 0.02);
                let response = match model {
                    Some(m) => m.response,
                    None if polity.ruler.authority * polity.power.ruler >= 0.5 => Response::Repress,
                    None => Response::Listen,
                };
                if response != polity.response {
                    give(ActionFile::SetResponse { response });
                } else if let Some(model) = model {
                    if model.borders != polity.borders {
                        let Borders { exit, entry } = model.borders;
                        give(ActionFile::SetBorders { exit, entry });
                    } else if model.power.ruler < polity.power.ruler - 0.05 {
                        give(ActionFile::Devolve {
                            from: Tier::Ruler,
                            to: Tier::Municipal,
                            amount: 0.05,
                        });
                    } else if model.power.ruler > polity.power.ruler + 0.05
                        && polity.power.municipal > 0.05
                    {
                        give(ActionFile::Centralize {
                            from: Tier::Municipal,
                            to: Tier::Ruler,
                            amount: 0.05,
                        });
                    } else if (model.commune_charter - polity.commune_charter).abs() > 0.01 {
                        give(ActionFile::CharterCommunes {
                            autonomy: model.commune_charter,
                        });
                    }
                }
            }
        }
    }
    orders
}

/// Mean prosperity of each polity's provinces, by polity id.
pub fn mean_prosperity(provinces: &[Province], polities: usize) -> Vec<f64> {
    let mut sum = vec![0.0; polities];
    let mut count = vec![0u32; polities];
    for p in provinces {
        sum[p.owner.index()] += p.prosperity;
        count[p.owner.index()] += 1;
    }
    sum.iter()
        .zip(&count)
        .map(|(s, &n)| if n > 0 { s / f64::from(n) } else { 0.0 })
        .collect()
}

/// Polities that border `id`, in id order.
pub fn neighbour_polities(
    id: PolityId,
    provinces: &[Province],
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
