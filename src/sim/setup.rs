//! Building the world from a level (GAME.md §2: ids in file order), the
//! clock, the census recount, and a hash of the whole state for
//! determinism checks.

use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;

use super::events::EventState;
use super::geography::Geography;
use super::ids::{CitizenId, CultureId, PolityId, ProvinceId};
use super::orders::{OrderLog, OrderQueue};
use super::outcome::Outcome;
use super::rules::Rules;
use super::scoring::{History, Scores, scoring_system};
use super::world::{
    Census, Citizen, Clock, Commune, Federations, LevelInfo, Polity, PolityTurn, Province,
    Registry, TurnStats,
};
use crate::level::Level;

/// The level the world was built from (goals, events, tests).
#[derive(Resource, Clone, Debug)]
pub struct LoadedLevel(pub Level);

/// Citizen entities by id (citizens are never created or destroyed).
#[derive(Resource, Clone, Debug, Default)]
pub struct CitizenIndex(pub Vec<Entity>);

/// The entities of a world: everything a save holds besides resources.
#[derive(Clone, Debug, Default)]
pub struct Entities {
    /// Provinces in id order.
    pub provinces: Vec<Province>,
    /// Polities in id order.
    pub polities: Vec<Polity>,
    /// Citizens in id order.
    pub citizens: Vec<Citizen>,
    /// Communes in id order.
    pub communes: Vec<Commune>,
}

/// The entities of a level as it starts.
pub fn initial_entities(level: &Level) -> Entities {
    let mut owner = vec![PolityId(0); level.provinces.len()];
    for (k, polity) in level.polities.iter().enumerate() {
        for p in &polity.provinces {
            owner[p.index()] = PolityId(k as u32);
        }
    }
    let provinces = level
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
    let polities = level
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
            turn: PolityTurn::default(),
        })
        .collect();
    let coerced: Vec<bool> = level.polities.iter().map(|k| k.coerced).collect();
    let mut next = 0u32;
    let citizens = level
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
                home,
                culture,
                grievance: 0.0,
                wealth: 1.0,
                commune: None,
                coerced: forced,
                protesting: false,
                blocked: false,
                destination: None,
            }
        })
        .collect();
    Entities {
        provinces,
        polities,
        citizens,
        communes: Vec::new(),
    }
}

/// Builds the world of a level into `world` and scores it once (turn 0).
/// `seed` overrides the level's seed.
pub fn load_world(world: &mut World, level: &Level, rules: Rules, seed: Option<u64>) {
    let clock = Clock {
        turn: 0,
        seed: seed.unwrap_or(level.seed),
    };
    install(world, level, rules, clock, initial_entities(level));
    // Turn 0: count and score the world as loaded.
    let _ = world.run_system_once(recount_census);
    let _ = world.run_system_once(record_population);
    let _ = world.run_system_once(scoring_system);
    if let Some(mut scores) = world.get_resource_mut::<Scores>() {
        scores.previous = None;
    }
}

/// Spawns the entities (in id order) and inserts every resource a turn
/// needs, with empty tallies.
pub fn install(world: &mut World, level: &Level, rules: Rules, clock: Clock, entities: Entities) {
    // Events of mods join the level's own, after them.
    let mut level = level.clone();
    level
        .events
        .extend(crate::level::resolve_mod_events(&level, &rules.events));
    let level = &level;
    let mut registry = Registry::default();
    for (i, culture) in level.cultures.iter().enumerate() {
        registry
            .culture_keys
            .insert(culture.clone(), CultureId(i as u32));
    }
    let cells: Vec<_> = entities.provinces.iter().map(|p| p.cells.clone()).collect();
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
    let citizens: Vec<Entity> = world.spawn_batch(entities.citizens).collect();

    world.insert_resource(Geography::from_cells(&cells));
    world.insert_resource(registry);
    world.insert_resource(CitizenIndex(citizens));
    world.insert_resource(rules);
    world.insert_resource(clock);
    world.insert_resource(LevelInfo {
        name: level.name.clone(),
        scale: level.scale,
        cultures: level.cultures.clone(),
        max_turns: level.max_turns,
    });
    world.insert_resource(LoadedLevel(level.clone()));
    world.insert_resource(Federations::default());
    world.insert_resource(Census::default());
    world.insert_resource(TurnStats::default());
    world.insert_resource(Scores::default());
    world.insert_resource(History::default());
    world.insert_resource(OrderQueue::default());
    world.insert_resource(OrderLog::default());
    world.insert_resource(EventState::default());
    world.insert_resource(super::exit::ExitOptions::default());
    world.insert_resource(Outcome::default());
    world.init_resource::<super::PhaseTimes>();
}

/// Starts a turn: advances the clock and clears last turn's tallies.
pub fn advance_clock(mut clock: ResMut<Clock>, mut stats: ResMut<TurnStats>) {
    clock.turn += 1;
    *stats = TurnStats::default();
}

/// Recounts the census from the citizens.
pub fn recount_census(
    citizens: Query<&Citizen>,
    provinces: Query<&Province>,
    communes: Query<&Commune>,
    level: Res<LevelInfo>,
    mut census: ResMut<Census>,
) {
    *census = Census::recount(
        provinces.iter().len(),
        level.cultures.len(),
        communes.iter().len(),
        citizens.iter(),
    );
}

/// True when orders moved people this turn (forced sorting), so the
/// census must be recounted before the next phases read it.
pub fn people_were_moved(stats: Res<TurnStats>) -> bool {
    stats.forced_moves > 0
}

/// Records each polity's population at the start of a turn record.
pub fn record_population(
    provinces: Query<&Province>,
    mut polities: Query<&mut Polity>,
    census: Res<Census>,
) {
    let mut people = vec![0u32; polities.iter().len()];
    for province in &provinces {
        people[province.owner.index()] += census.population[province.id.index()];
    }
    for mut polity in &mut polities {
        polity.turn.population_start = people[polity.id.index()];
    }
}

/// A hash of the whole simulation state, in id order: equal hashes after
/// equal turns mean the runs were identical.
pub fn state_hash(world: &mut World) -> u64 {
    let mut h = Fnv::default();
    let mut provinces: Vec<Province> = world.query::<&Province>().iter(world).cloned().collect();
    provinces.sort_by_key(|p| p.id);
    for p in &provinces {
        h.u64(u64::from(p.id.0));
        h.f64(p.prosperity);
        h.f64(p.infrastructure);
        h.u64(u64::from(p.owner.0));
    }
    let mut polities: Vec<Polity> = world.query::<&Polity>().iter(world).cloned().collect();
    polities.sort_by_key(|p| p.id);
    for k in &polities {
        h.u64(u64::from(k.id.0));
        for v in [
            k.ruler.authority,
            k.power.ruler,
            k.power.province,
            k.power.municipal,
            k.power.citizens,
            k.commune_charter,
            k.legitimacy,
            k.capital,
        ] {
            h.f64(v);
        }
        h.bytes(
            format!(
                "{:?}{:?}{:?}{}",
                k.borders, k.federation, k.controller, k.dissolved
            )
            .as_bytes(),
        );
    }
    let mut citizens: Vec<(u32, u32, u32, u32, u32, u32, bool)> = world
        .query::<&Citizen>()
        .iter(world)
        .map(|c| {
            (
                c.id.0,
                c.home.0,
                c.culture.0,
                c.grievance.to_bits(),
                c.wealth.to_bits(),
                c.commune.map_or(u32::MAX, |x| x.0),
                c.coerced,
            )
        })
        .collect();
    citizens.sort_unstable();
    for c in &citizens {
        for v in [c.0, c.1, c.2, c.3, c.4, c.5, u32::from(c.6)] {
            h.u64(u64::from(v));
        }
    }
    let mut communes: Vec<(u32, u32, bool)> = world
        .query::<&Commune>()
        .iter(world)
        .map(|c| (c.id.0, c.province.0, c.dissolved))
        .collect();
    communes.sort_unstable();
    for c in &communes {
        h.bytes(format!("{c:?}").as_bytes());
    }
    h.0
}

/// FNV-1a, enough for comparing states.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
}
