//! Events phase (GAME.md §3.7): the level's scripted events, in file
//! order; a trigger (a turn, a period, a metric crossing a value, or a
//! seeded chance) fires its effects.

use bevy::prelude::*;

use super::ids::ProvinceId;
use super::outcome::measure;
use super::rng::{DrawPhase, unit};
use super::scoring::Scores;
use super::setup::{CitizenIndex, LoadedLevel};
use super::world::{Census, LevelInfo};
use super::world::{Citizen, Clock, Polity, Province, Registry, TurnStats};
use crate::level::schema::ProvinceQuantity;
use crate::level::{Effect, Trigger};

/// Which events have fired.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct EventState {
    /// Event index → fired at least once.
    pub fired: Vec<bool>,
}

/// Runs the level's events.
pub fn events_phase(world: &mut World) {
    // Only the events are needed, and a level without any costs nothing.
    let events = world.resource::<LoadedLevel>().0.events.clone();
    if events.is_empty() {
        return;
    }
    let (seed, turn) = {
        let clock = world.resource::<Clock>();
        (clock.seed, clock.turn)
    };
    let polities: Vec<Polity> =
        super::sorted(world.query::<&Polity>().iter(world).cloned(), |p| p.id);
    let refs: Vec<&Polity> = polities.iter().collect();
    let scores = world.resource::<Scores>().current.clone();
    let stats = world.resource::<TurnStats>().clone();
    let mut fired = world.resource::<EventState>().fired.clone();
    let provinces: Vec<Province> =
        super::sorted(world.query::<&Province>().iter(world).cloned(), |p| p.id);
    let census = world.resource::<Census>().clone();
    let scale = f64::from(world.resource::<LevelInfo>().scale);
    fired.resize(events.len(), false);
    let mut due = Vec::new();
    for (i, event) in events.iter().enumerate() {
        if event.once && fired[i] {
            continue;
        }
        let go = match &event.trigger {
            Trigger::Turn(t) => *t == turn,
            Trigger::Every(n) => turn % n == 0,
            Trigger::Above(m, s, v) => {
                measure(*m, *s, &scores, &stats, &refs).is_some_and(|x| x > *v)
            }
            Trigger::Below(m, s, v) => {
                measure(*m, *s, &scores, &stats, &refs).is_some_and(|x| x < *v)
            }
            Trigger::Chance(p) => unit(seed, turn, i as u64, DrawPhase::Events, 0) < *p,
            Trigger::ProvinceAbove(p, q, v) => {
                province_quantity(&provinces, &census, &scores, *p, *q, scale) > *v
            }
            Trigger::ProvinceBelow(p, q, v) => {
                province_quantity(&provinces, &census, &scores, *p, *q, scale) < *v
            }
        };
        if go {
            fired[i] = true;
            due.push(i);
        }
    }
    world.resource_mut::<EventState>().fired = fired;
    for i in due {
        for effect in &events[i].effects {
            apply_effect(world, effect);
        }
    }
}

/// The value of a quantity of one province.
fn province_quantity(
    provinces: &[Province],
    census: &Census,
    scores: &crate::sim::scoring::ScoreReport,
    p: ProvinceId,
    quantity: ProvinceQuantity,
    scale: f64,
) -> f64 {
    let i = p.index();
    match quantity {
        ProvinceQuantity::Prosperity => provinces.get(i).map_or(0.0, |q| q.prosperity),
        ProvinceQuantity::Infrastructure => provinces.get(i).map_or(0.0, |q| q.infrastructure),
        ProvinceQuantity::Grievance => census.grievance.get(i).copied().unwrap_or(0.0),
        ProvinceQuantity::Population => census
            .population
            .get(i)
            .map_or(0.0, |&n| f64::from(n) * scale),
        ProvinceQuantity::Domination => scores.provinces.get(i).map_or(0.0, |l| l.domination),
    }
}

fn apply_effect(world: &mut World, effect: &Effect) {
    let registry = world.resource::<Registry>().clone();
    match effect {
        Effect::Message(text) => world.resource_mut::<TurnStats>().log.push(text.clone()),
        Effect::Prosperity(p, change) | Effect::Infrastructure(p, change) => {
            let prosperity = matches!(effect, Effect::Prosperity(..));
            if let Some(mut province) = world.get_mut::<Province>(registry.provinces[p.index()]) {
                let value = if prosperity {
                    &mut province.prosperity
                } else {
                    &mut province.infrastructure
                };
                *value = (*value + change).clamp(0.0, 1.0);
            }
        }
        Effect::Authority(k, change) => {
            if let Some(mut polity) = world.get_mut::<Polity>(registry.polities[k.index()]) {
                polity.ruler.authority = (polity.ruler.authority + change).clamp(0.0, 1.0);
            }
        }
        Effect::Legitimacy(k, change) => {
            if let Some(mut polity) = world.get_mut::<Polity>(registry.polities[k.index()]) {
                polity.legitimacy = (polity.legitimacy + change).clamp(0.0, 1.0);
            }
        }
        Effect::Borders(k, borders) => {
            if let Some(mut polity) = world.get_mut::<Polity>(registry.polities[k.index()]) {
                polity.borders = *borders;
            }
        }
        Effect::Act(polity, province, effects) => {
            super::orders::apply_effects_of_event(world, *polity, *province, effects);
        }
        Effect::Grievance(p, change) => {
            let entities = world.resource::<CitizenIndex>().0.clone();
            for entity in entities {
                if let Some(mut citizen) = world.get_mut::<Citizen>(entity)
                    && citizen.home == *p
                {
                    citizen.grievance = (citizen.grievance + *change as f32).clamp(0.0, 1.0);
                }
            }
        }
    }
}
