//! Building the world of a scenario (GAME.md §2: ids in file order): its
//! entities, and the resources that describe the scenario itself. The
//! resources of each phase are installed by the phase's own plugin.

use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;

use super::census::{record_population, recount_census};
use super::citizens::Citizens;
use super::geography::Geography;
use super::ids::{CitizenId, CultureId, PolityId, ProvinceId};
use super::rules::Rules;
use super::scenario::Scenario;
use super::scoring::{Scores, scoring_system};
use super::world::{Citizen, Clock, Commune, LevelInfo, Polity, PolityTurn, Province, Registry};

/// The entities of a world: everything a save holds besides resources.
#[derive(Clone, Debug, Default)]
pub struct Entities {
    /// Provinces in id order.
    pub provinces: Vec<Province>,
    /// Polities in id order.
    pub polities: Vec<Polity>,
    /// Citizens in id order.
    pub citizens: Citizens,
    /// Communes in id order.
    pub communes: Vec<Commune>,
}

/// The entities of a scenario as it starts.
pub fn initial_entities(scenario: &Scenario) -> Entities {
    let mut owner = vec![PolityId(0); scenario.provinces.len()];
    for (k, polity) in scenario.polities.iter().enumerate() {
        for p in &polity.provinces {
            owner[p.index()] = PolityId(k as u32);
        }
    }
    let provinces = scenario
        .provinces
        .iter()
        .enumerate()
        .map(|(i, spec)| Province {
            id: ProvinceId(i as u32),
            key: spec.key.clone(),
            name: spec.name.clone(),
            cells: spec.cells.clone(),
            capacity: spec.capacity,
            prosperity: spec.prosperity,
            infrastructure: spec.infrastructure,
            owner: owner[i],
        })
        .collect();
    let polities = scenario
        .polities
        .iter()
        .enumerate()
        .map(|(k, spec)| Polity {
            id: PolityId(k as u32),
            key: spec.key.clone(),
            name: spec.name.clone(),
            color: spec.color,
            controller: spec.controller.clone(),
            ruler: spec.ruler.clone(),
            power: spec.power,
            borders: spec.borders,
            commune_charter: spec.commune_charter,
            legitimacy: spec.legitimacy,
            capital: spec.capital,
            federation: None,
            response: spec.response,
            dissolved: spec.provinces.is_empty(),
            falls: 0,
            fell_on: None,
            pending: Vec::new(),
            turn: PolityTurn::default(),
        })
        .collect();
    let coerced: Vec<bool> = scenario.polities.iter().map(|k| k.coerced).collect();
    let mut next = 0u32;
    let mut citizens = Citizens::with_capacity(scenario.agents() as usize);
    let rows = scenario
        .provinces
        .iter()
        .enumerate()
        .flat_map(|(p, spec)| {
            let forced = coerced[owner[p].index()];
            spec.population.iter().flat_map(move |&(culture, count)| {
                (0..count).map(move |_| (ProvinceId(p as u32), culture, forced))
            })
        })
        .map(|(home, culture, forced)| {
            let id = CitizenId(next);
            next += 1;
            Citizen {
                id,
                origin: owner[home.index()],
                home,
                culture,
                grievance: 0.0,
                wealth: 1.0,
                commune: None,
                coerced: forced,
                protesting: false,
                silenced: false,
            }
        });
    for citizen in rows {
        citizens.push(citizen);
    }
    Entities {
        provinces,
        polities,
        citizens,
        communes: Vec::new(),
    }
}

/// Builds the world of a scenario into `world`, which holds the
/// simulation's plugin, and scores it once (turn 0). `seed` overrides the
/// scenario's seed.
pub fn load_world(world: &mut World, scenario: &Scenario, rules: Rules, seed: Option<u64>) {
    let clock = Clock {
        turn: 0,
        seed: seed.unwrap_or(scenario.seed),
    };
    install(
        world,
        scenario,
        rules,
        clock,
        initial_entities(scenario),
        None,
    );
    // Turn 0: count and score the world as loaded.
    let _ = world.run_system_once(recount_census);
    let _ = world.run_system_once(record_population);
    let _ = world.run_system_once(scoring_system);
    if let Some(mut scores) = world.get_resource_mut::<Scores>() {
        scores.previous = None;
    }
}

/// Spawns the entities (in id order) and inserts the resources that
/// describe the scenario; the geography is worked out from the provinces'
/// cells unless it is given (a copy of a live world's).
pub fn install(
    world: &mut World,
    scenario: &Scenario,
    rules: Rules,
    clock: Clock,
    entities: Entities,
    geography: Option<Geography>,
) {
    let mut registry = Registry::default();
    for (i, culture) in scenario.cultures.iter().enumerate() {
        registry
            .culture_keys
            .insert(culture.clone(), CultureId(i as u32));
    }
    let geography = geography.unwrap_or_else(|| {
        let cells: Vec<_> = entities.provinces.iter().map(|p| p.cells.clone()).collect();
        Geography::from_cells(&cells)
    });
    for province in entities.provinces {
        registry
            .province_keys
            .insert(province.key.clone(), province.id);
        registry.provinces.push(world.spawn(province).id());
    }
    for polity in entities.polities {
        registry.polity_keys.insert(polity.key.clone(), polity.id);
        registry.polities.push(world.spawn(polity).id());
    }
    for commune in entities.communes {
        registry.communes.push(world.spawn(commune).id());
    }

    world.insert_resource(geography);
    world.insert_resource(registry);
    world.insert_resource(entities.citizens);
    world.insert_resource(rules);
    world.insert_resource(clock);
    let mut initial_owner = vec![PolityId(0); scenario.provinces.len()];
    for (k, polity) in scenario.polities.iter().enumerate() {
        for p in &polity.provinces {
            initial_owner[p.index()] = PolityId(k as u32);
        }
    }
    world.insert_resource(LevelInfo {
        name: scenario.name.clone(),
        scale: scenario.scale,
        cultures: scenario.cultures.clone(),
        max_turns: scenario.max_turns,
        initial_owner,
        origins: scenario.polities.len(),
    });
    world.insert_resource(scenario.clone());
}
