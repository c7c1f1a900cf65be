//! Who holds which land (GAME.md §3.6): a province changes polity, a new
//! polity is founded for a province that leaves, an owner left with
//! nothing dissolves, and a polity leaves its federation.

use bevy::prelude::*;

use super::ids::{FederationId, PolityId, ProvinceId, sorted};
use super::world::{
    Archetype, Controller, Federations, Polity, PolityTurn, Power, Province, Registry, Ruler,
    with_polity, with_province,
};

/// Removes a polity from its federation; a federation of one dissolves.
pub fn leave_federation(world: &mut World, id: PolityId, fed: FederationId) {
    let remaining = {
        let mut feds = world.resource_mut::<Federations>();
        let Some(f) = feds.list.get_mut(fed.index()) else {
            return;
        };
        f.members.retain(|m| *m != id);
        if f.members.len() < 2 {
            std::mem::take(&mut f.members)
        } else {
            Vec::new()
        }
    };
    with_polity(world, id, |p| p.federation = None);
    for other in remaining {
        with_polity(world, other, |p| p.federation = None);
    }
}

/// Founds a polity for a province that leaves its owner. With no
/// `constitution` the new polity copies its parent's (the fragmentation
/// trap); otherwise it takes the one given. Returns the new polity's name.
pub fn found_polity(
    world: &mut World,
    parent: &Polity,
    province: &Province,
    constitution: Option<(Power, f64)>,
) -> String {
    let id = PolityId(world.resource::<Registry>().polities.len() as u32);
    let mut key = format!("{}_state", province.key);
    while world.resource::<Registry>().polity_keys.contains_key(&key) {
        key.push('_');
    }
    let (power, authority) = constitution.unwrap_or((parent.power, parent.ruler.authority));
    let archetype = if authority * power.ruler >= 0.5 {
        Archetype::Warden
    } else {
        Archetype::Reformer
    };
    let controller = Controller::Ai(archetype);
    let [r, g, b] = parent.color;
    let name = format!("{} State", province.name);
    let new = Polity {
        id,
        key: key.clone(),
        name: name.clone(),
        color: [
            (g * 0.8 + 0.2).min(1.0),
            (b * 0.8 + 0.15).min(1.0),
            (r * 0.8 + 0.1).min(1.0),
        ],
        response: controller.default_response(),
        controller,
        ruler: Ruler {
            name: format!("Governor of {}", province.name),
            authority,
        },
        power,
        borders: parent.borders,
        commune_charter: parent.commune_charter,
        legitimacy: 0.6,
        capital: 3.0,
        federation: None,
        dissolved: false,
        falls: 0,
        fell_on: None,
        pending: Vec::new(),
        turn: PolityTurn::default(),
    };
    let entity = world.spawn(new).id();
    {
        let mut registry = world.resource_mut::<Registry>();
        registry.polities.push(entity);
        registry.polity_keys.insert(key, id);
    }
    transfer_province(world, province.id, id);
    name
}

/// The number of provinces a polity holds.
pub fn provinces_held(world: &mut World, id: PolityId) -> usize {
    world
        .query::<&Province>()
        .iter(world)
        .filter(|q| q.owner == id)
        .count()
}

/// Moves a province to another polity; an owner left with no province
/// dissolves (and leaves its federation).
pub fn transfer_province(world: &mut World, p: ProvinceId, to: PolityId) {
    let Some(from) = with_province(world, p, |province| {
        let from = province.owner;
        province.owner = to;
        from
    }) else {
        return;
    };
    if provinces_held(world, from) == 0 {
        let registry = world.resource::<Registry>();
        let fed = registry.polity(world, from).and_then(|k| k.federation);
        if let Some(fed) = fed {
            leave_federation(world, from, fed);
        }
        with_polity(world, from, |k| k.dissolved = true);
    }
}

/// Every polity, in id order (a copy: the phase then changes the world).
pub(super) fn polities_by_id(world: &mut World) -> Vec<Polity> {
    sorted(world.query::<&Polity>().iter(world).cloned(), |p| p.id)
}

/// Each province's owner, by province id (cheaper than the provinces).
pub(super) fn owners_by_id(world: &mut World) -> Vec<PolityId> {
    let mut owners = vec![PolityId(0); world.resource::<Registry>().provinces.len()];
    for province in world.query::<&Province>().iter(world) {
        owners[province.id.index()] = province.owner;
    }
    owners
}

/// A province's name.
pub(super) fn province_name(world: &World, id: ProvinceId) -> String {
    world
        .resource::<Registry>()
        .province(world, id)
        .map_or_else(String::new, |p| p.name.clone())
}

/// A province as it is now.
pub(super) fn province_by_id(world: &World, id: ProvinceId) -> Option<Province> {
    world.resource::<Registry>().province(world, id).cloned()
}
