//! Events phase (GAME.md §3.7): the scenario's scripted events, in order
//! (the level's, then those of mods); a trigger (a turn, a period, a metric
//! crossing a value, a province's condition, a seeded chance, an earlier
//! event, or a combination of these) fires its effects, which are enacted
//! like any other.

use bevy::prelude::*;

use super::census::Census;
use super::effect::Effect;
use super::enact::{Subjects, enact};
use super::ids::ProvinceId;
use super::outcome::{Measured, measure};
use super::rng::{DrawPhase, unit};
use super::scenario::{EventEffect, ProvinceQuantity, Scenario, Trigger};
use super::schedule::{Turn, TurnPhase};
use super::scoring::{ScoreReport, Scores};
use super::world::{Clock, LevelInfo, Province, Registry, TurnStats};

/// Which events have fired.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct EventState {
    /// Event index → fired at least once.
    pub fired: Vec<bool>,
}

/// The Events phase's resources and system.
pub fn plugin(app: &mut App) {
    app.init_resource::<EventState>();
    app.add_systems(
        Turn,
        (events_phase, super::coercion::coerce)
            .chain()
            .in_set(TurnPhase::Events),
    );
}

/// Runs the scenario's events.
pub fn events_phase(world: &mut World) {
    // Only the events are needed, and a scenario without any costs nothing.
    let events = world.resource::<Scenario>().events.clone();
    if events.is_empty() {
        return;
    }
    let due = due_events(world, &events);
    for i in due {
        for effect in &events[i].effects {
            fire(world, effect);
        }
    }
}

/// The events whose triggers hold this turn, marked as fired.
fn due_events(world: &mut World, events: &[super::scenario::EventSpec]) -> Vec<usize> {
    let (seed, turn) = {
        let clock = world.resource::<Clock>();
        (clock.seed, clock.turn)
    };
    let registry = world.resource::<Registry>();
    let polities = registry.polities(world);
    let provinces = registry.provinces(world);
    let scores = &world.resource::<Scores>().current;
    let stats = world.resource::<TurnStats>();
    let census = world.resource::<Census>();
    let scale = f64::from(world.resource::<LevelInfo>().scale);
    let from = Measured {
        scores,
        stats,
        polities: &polities,
        provinces: &provinces,
        census,
    };
    let mut before = world.resource::<EventState>().fired.clone();
    before.resize(events.len(), false);
    let state = State {
        seed,
        turn,
        from,
        scale,
        fired: &before,
    };
    let mut fired = before.clone();
    let mut due = Vec::new();
    for (i, event) in events.iter().enumerate() {
        if event.once && fired[i] {
            continue;
        }
        if holds(&event.trigger, &state, i as u64, &mut 0) {
            fired[i] = true;
            due.push(i);
        }
    }
    world.resource_mut::<EventState>().fired = fired;
    due
}

/// What a trigger is tested against: the clock, the last scoring, the
/// census, and the events fired before this turn.
struct State<'a> {
    seed: u64,
    turn: u32,
    from: Measured<'a>,
    scale: f64,
    fired: &'a [bool],
}

/// Whether the trigger of event `event` holds. Every part of a list is
/// tested (no short cut), so that the `draw`-th `Chance` of an event is
/// always the same draw whatever the other parts say.
fn holds(trigger: &Trigger, state: &State, event: u64, draw: &mut u32) -> bool {
    let scores = state.from.scores;
    let province = |p: ProvinceId, q| {
        province_quantity(
            state.from.provinces,
            state.from.census,
            scores,
            p,
            q,
            state.scale,
        )
    };
    match trigger {
        Trigger::Turn(t) => *t == state.turn,
        Trigger::Every(n) => state.turn.is_multiple_of(*n),
        Trigger::FromTurn(t) => state.turn >= *t,
        Trigger::Above(m, s, v) => measure(*m, *s, state.from).is_some_and(|x| x > *v),
        Trigger::Below(m, s, v) => measure(*m, *s, state.from).is_some_and(|x| x < *v),
        Trigger::Chance(p) => {
            let n = *draw;
            *draw += 1;
            unit(state.seed, state.turn, event, DrawPhase::Events, n) < *p
        }
        Trigger::ProvinceAbove(p, q, v) => province(*p, *q) > *v,
        Trigger::ProvinceBelow(p, q, v) => province(*p, *q) < *v,
        Trigger::Fired(j) => state.fired.get(*j).copied().unwrap_or(false),
        // `&` and `|`, not `&&` and `||`: every part is tested.
        Trigger::All(list) => (list.iter()).fold(true, |all, t| holds(t, state, event, draw) & all),
        Trigger::Any(list) => {
            (list.iter()).fold(false, |any, t| holds(t, state, event, draw) | any)
        }
        Trigger::Not(t) => !holds(t, state, event, draw),
    }
}

/// The value of a quantity of one province.
fn province_quantity(
    provinces: &[&Province],
    census: &Census,
    scores: &ScoreReport,
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

/// Enacts one effect of an event. `Act` applies to a living polity only.
fn fire(world: &mut World, effect: &EventEffect) {
    let (on, effect) = match effect {
        EventEffect::Act(polity, province, effects) => {
            let registry = world.resource::<Registry>();
            if registry.polity(world, *polity).is_none_or(|k| k.dissolved) {
                return;
            }
            let on = Subjects {
                actor: Some(*polity),
                province: *province,
                polity: None,
            };
            for effect in effects {
                enact(world, on, effect);
            }
            return;
        }
        EventEffect::Message(text) => (Subjects::default(), Effect::Message(text.clone())),
        EventEffect::Prosperity(p, change) => (
            Subjects::province(*p),
            Effect::Prosperity { change: *change },
        ),
        EventEffect::Infrastructure(p, change) => (
            Subjects::province(*p),
            Effect::Infrastructure { change: *change },
        ),
        EventEffect::Grievance(p, change) => (
            Subjects::province(*p),
            Effect::Grievance { change: *change },
        ),
        EventEffect::Authority(k, change) => {
            (Subjects::actor(*k), Effect::Authority { change: *change })
        }
        EventEffect::Legitimacy(k, change) => {
            (Subjects::actor(*k), Effect::Legitimacy { change: *change })
        }
        EventEffect::Borders(k, borders) => (
            Subjects::actor(*k),
            Effect::SetBorders {
                exit: borders.exit,
                entry: borders.entry,
            },
        ),
    };
    enact(world, on, &effect);
}
