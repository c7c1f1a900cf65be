//! Orders phase (GAME.md §3.1): the queued orders of the player and of
//! every AI polity are applied in order. An order that is not allowed is
//! refused with a reason the player sees; it never half-applies.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::ids::{CultureId, PolityId, ProvinceId};
use super::rules::{ActionEffect, ActionTarget, Referendum, Rules};
use super::scoring::{ScoringInput, gather_input, score};
use super::setup::CitizenIndex;
use super::world::{
    Archetype, BorderPolicy, Census, Citizen, Clock, Commune, Controller, Federations, LevelInfo,
    Polity, PolityTurn, Province, Registry, Response, Ruler, Tier, TurnStats,
};
use crate::level::schema::{ActionFile, OrderFile};

/// Orders waiting for their turn (the player's, from the UI or a file).
#[derive(Resource, Clone, Debug, Default)]
pub struct OrderQueue {
    /// Orders in the order they were given.
    pub orders: Vec<OrderFile>,
}

/// What became of one order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderRecord {
    /// The turn it was applied in.
    pub turn: u32,
    /// The polity that gave it.
    pub polity: String,
    /// The action, as written in orders files.
    pub action: String,
    /// True when it came from the AI.
    pub ai: bool,
    /// What it did, or why it was refused.
    pub result: Result<String, String>,
}

/// Every order applied or refused so far.
#[derive(Resource, Clone, Debug, Default)]
pub struct OrderLog {
    /// Records in the order they were applied.
    pub records: Vec<OrderRecord>,
}

impl OrderLog {
    /// The refused orders of one turn.
    pub fn refused(&self, turn: u32) -> impl Iterator<Item = (&OrderRecord, &str)> {
        self.records
            .iter()
            .filter(move |r| r.turn == turn)
            .filter_map(|r| r.result.as_ref().err().map(|e| (r, e.as_str())))
    }
}

/// Orders phase: AI polities choose, then every order due this turn is
/// applied in order (the player's first, then the AI's by polity id).
pub fn orders_phase(world: &mut World) {
    let turn = world.resource::<Clock>().turn;
    let mut due = Vec::new();
    let mut late = Vec::new();
    {
        let mut queue = world.resource_mut::<OrderQueue>();
        let all = std::mem::take(&mut queue.orders);
        for order in all {
            match order.turn.cmp(&turn) {
                std::cmp::Ordering::Less => late.push(order),
                std::cmp::Ordering::Equal => due.push(order),
                std::cmp::Ordering::Greater => queue.orders.push(order),
            }
        }
    }
    let mut records = Vec::new();
    for order in late {
        records.push(OrderRecord {
            turn,
            polity: order.polity.clone(),
            action: format!("{:?}", order.action),
            ai: false,
            result: Err(format!("it was for turn {}, which has passed", order.turn)),
        });
    }
    let ai_orders = super::ai::decide(world);
    for (order, ai) in due
        .into_iter()
        .map(|o| (o, false))
        .chain(ai_orders.into_iter().map(|o| (o, true)))
    {
        let result = apply_order(world, &order);
        if let Ok(what) = &result {
            world
                .resource_mut::<TurnStats>()
                .log
                .push(format!("{}: {what}", order.polity));
        }
        records.push(OrderRecord {
            turn,
            polity: order.polity.clone(),
            action: format!("{:?}", order.action),
            ai,
            result,
        });
    }
    world.resource_mut::<OrderLog>().records.extend(records);
}

fn polity_entity(world: &World, id: PolityId) -> Entity {
    world.resource::<Registry>().polities[id.index()]
}

fn polity(world: &World, id: PolityId) -> Polity {
    world
        .get::<Polity>(polity_entity(world, id))
        .cloned()
        .unwrap_or_else(|| unreachable_polity(id))
}

fn unreachable_polity(id: PolityId) -> Polity {
    // Registry entries always point at polity entities; a missing one is a
    // bug, reported as a dissolved polity rather than a panic.
    Polity {
        id,
        key: String::new(),
        name: String::new(),
        color: [0.0; 3],
        controller: Controller::Ai(Archetype::Warden),
        ruler: Ruler {
            name: String::new(),
            authority: 0.0,
        },
        power: super::world::Power {
            ruler: 1.0,
            province: 0.0,
            municipal: 0.0,
            citizens: 0.0,
        },
        borders: super::world::Borders {
            exit: BorderPolicy::Closed,
            entry: BorderPolicy::Closed,
        },
        commune_charter: 0.0,
        legitimacy: 0.0,
        capital: 0.0,
        federation: None,
        response: Response::Ignore,
        dissolved: true,
        turn: PolityTurn::default(),
    }
}

fn with_polity<R>(world: &mut World, id: PolityId, f: impl FnOnce(&mut Polity) -> R) -> Option<R> {
    let entity = polity_entity(world, id);
    world.get_mut::<Polity>(entity).map(|mut p| f(&mut p))
}

fn province_id(world: &World, key: &str) -> Result<ProvinceId, String> {
    let registry = world.resource::<Registry>();
    registry.province_keys.get(key).copied().ok_or_else(|| {
        let hint = crate::level::diagnostic::suggestion(
            key,
            registry.province_keys.keys().map(String::as_str),
        );
        format!("there is no province `{key}` ({hint})")
    })
}

/// A province of the acting polity, by level id.
fn own_province(world: &World, key: &str, actor: &Polity) -> Result<Province, String> {
    let p = province_id(world, key)?;
    let entity = world.resource::<Registry>().provinces[p.index()];
    let province = world
        .get::<Province>(entity)
        .cloned()
        .ok_or("no such province")?;
    if province.owner != actor.id {
        return Err(format!(
            "{} does not belong to {}",
            province.name, actor.name
        ));
    }
    Ok(province)
}

fn polity_id(world: &World, key: &str) -> Result<PolityId, String> {
    let registry = world.resource::<Registry>();
    registry.polity_keys.get(key).copied().ok_or_else(|| {
        let hint = crate::level::diagnostic::suggestion(
            key,
            registry.polity_keys.keys().map(String::as_str),
        );
        format!("there is no polity `{key}` ({hint})")
    })
}

/// The world as scoring sees it, for previews and referendums.
pub fn scoring_input(world: &mut World) -> ScoringInput {
    let provinces: Vec<Province> =
        super::sorted(world.query::<&Province>().iter(world).cloned(), |p| p.id);
    let polities: Vec<Polity> =
        super::sorted(world.query::<&Polity>().iter(world).cloned(), |p| p.id);
    let communes: Vec<Commune> =
        super::sorted(world.query::<&Commune>().iter(world).cloned(), |c| c.id);
    let provinces: Vec<&Province> = provinces.iter().collect();
    let polities: Vec<&Polity> = polities.iter().collect();
    let communes: Vec<&Commune> = communes.iter().collect();
    let scale = f64::from(world.resource::<LevelInfo>().scale);
    gather_input(
        &provinces,
        &polities,
        &communes,
        world.resource::<Census>(),
        world.resource::<Federations>(),
        world.resource::<super::geography::Geography>(),
        scale,
    )
}

/// The share of a polity's people whose domination exposure would fall
/// under a change of its constitution or borders: once power has moved
/// down, the citizens decide such changes by referendum (GAME.md §3).
pub fn referendum_yes(
    world: &mut World,
    id: PolityId,
    change: impl FnOnce(&mut super::scoring::PolityInput),
) -> f64 {
    let input = scoring_input(world);
    let rules = world.resource::<Rules>().scoring.clone();
    let before = score(&input, &rules);
    let mut changed = input.clone();
    if let Some(p) = changed.polities.iter_mut().find(|p| p.id == id) {
        change(p);
    }
    let after = score(&changed, &rules);
    let (mut yes, mut all) = (0.0, 0.0);
    for (province, (b, a)) in input
        .provinces
        .iter()
        .zip(before.provinces.iter().zip(&after.provinces))
    {
        if input.polities[province.polity].id != id {
            continue;
        }
        all += b.people;
        if a.domination < b.domination - 1e-12 {
            yes += b.people;
        }
    }
    if all > 0.0 { yes / all } else { 0.0 }
}

/// Applies one order; returns what it did or why it was refused.
pub fn apply_order(world: &mut World, order: &OrderFile) -> Result<String, String> {
    let id = polity_id(world, &order.polity)?;
    let actor = polity(world, id);
    if actor.dissolved {
        return Err(format!("{} no longer exists", actor.name));
    }
    let rules = world.resource::<Rules>().clone();
    let cost = action_cost(&order.action, &rules);
    // Built-in orders are defined in assets/rules/actions.ron too: their
    // cost and referendum rule come from there, and a mod may remove one.
    let rule = match builtin_id(&order.action) {
        Some(builtin) => match rules.action(builtin) {
            Some(def) => def.referendum,
            None => {
                return Err(format!(
                    "the action `{builtin}` is not available: a loaded mod removed it"
                ));
            }
        },
        None => {
            let ActionFile::Action { id: action, .. } = &order.action else {
                return Err("an order without an action".into());
            };
            rules
                .action(action)
                .map_or(Referendum::Never, |d| d.referendum)
        }
    };
    let needs_vote = actor.power.lower_tiers() >= rules.reassociation.lower_tier_majority;
    let pay = |world: &mut World, cost: f64| -> Result<(), String> {
        if actor.capital + 1e-9 < cost {
            return Err(format!(
                "it costs {cost:.1} political capital and {} has {:.1}",
                actor.name, actor.capital
            ));
        }
        with_polity(world, id, |p| p.capital -= cost);
        Ok(())
    };
    let vote = |world: &mut World,
                restricting: bool,
                change: &dyn Fn(&mut super::scoring::PolityInput)|
     -> Result<(), String> {
        let asks = match rule {
            Referendum::Never => false,
            Referendum::Always => true,
            Referendum::WhenRestricting => restricting,
        };
        if !needs_vote || !asks {
            return Ok(());
        }
        let yes = referendum_yes(world, id, change);
        if yes > rules.reassociation.referendum_majority {
            Ok(())
        } else {
            Err(format!(
                "the citizens voted it down in a referendum ({:.0}% yes): power has moved down, so they decide now",
                yes * 100.0
            ))
        }
    };

    match &order.action {
        ActionFile::Devolve { from, to, amount } => {
            shift_allowed(&actor, *from, *to, *amount, true)?;
            let (f, t, a) = (*from, *to, *amount);
            vote(world, false, &move |p| {
                p.power.shift(f, t, a);
            })?;
            pay(world, cost)?;
            let moved = with_polity(world, id, |p| {
                let moved = p.power.shift(*from, *to, *amount);
                p.turn.devolved += moved;
                moved
            })
            .unwrap_or(0.0);
            Ok(format!(
                "devolved {moved:.2} of power from {from:?} to {to:?}"
            ))
        }
        ActionFile::Centralize { from, to, amount } => {
            shift_allowed(&actor, *from, *to, *amount, false)?;
            let (f, t, a) = (*from, *to, *amount);
            vote(world, true, &move |p| {
                p.power.shift(f, t, a);
            })?;
            pay(world, cost)?;
            let moved = with_polity(world, id, |p| {
                let moved = p.power.shift(*from, *to, *amount);
                p.turn.centralized += moved;
                moved
            })
            .unwrap_or(0.0);
            Ok(format!(
                "centralized {moved:.2} of power from {from:?} to {to:?}"
            ))
        }
        ActionFile::SetBorders { exit, entry } => {
            if actor.borders.exit == *exit && actor.borders.entry == *entry {
                return Err(format!(
                    "the borders are already exit {exit:?}, entry {entry:?}"
                ));
            }
            let e = *exit;
            let restricting = exit.openness() < actor.borders.exit.openness();
            vote(world, restricting, &move |p| p.exit = e)?;
            pay(world, cost)?;
            with_polity(world, id, |p| {
                p.borders.exit = *exit;
                p.borders.entry = *entry;
            });
            Ok(format!("set borders to exit {exit:?}, entry {entry:?}"))
        }
        ActionFile::CharterCommunes { autonomy } => {
            if !(0.0..=1.0).contains(autonomy) {
                return Err(format!("autonomy {autonomy} is outside 0..1"));
            }
            if (actor.commune_charter - autonomy).abs() < 1e-9 {
                return Err(format!("the commune charter is already {autonomy}"));
            }
            let a = *autonomy;
            vote(world, a < actor.commune_charter, &move |p| {
                p.commune_charter = a
            })?;
            pay(world, cost)?;
            with_polity(world, id, |p| p.commune_charter = *autonomy);
            Ok(format!("chartered communes with autonomy {autonomy:.2}"))
        }
        ActionFile::Invest { province } => {
            let target = own_province(world, province, &actor)?;
            let entity = world.resource::<Registry>().provinces[target.id.index()];
            if target.infrastructure >= 1.0 {
                return Err(format!(
                    "the infrastructure of {} is already complete",
                    target.name
                ));
            }
            vote(world, false, &|_| {})?;
            pay(world, cost)?;
            let step = rules.economy.investment;
            if let Some(mut p) = world.get_mut::<Province>(entity) {
                p.infrastructure = (p.infrastructure + step).min(1.0);
            }
            Ok(format!("invested in the infrastructure of {}", target.name))
        }
        ActionFile::ProposeFederation { with } => {
            let other = polity_id(world, with)?;
            let target = polity(world, other);
            if other == id {
                return Err("a polity cannot federate with itself".into());
            }
            if target.dissolved {
                return Err(format!("{} no longer exists", target.name));
            }
            let feds = world.resource::<Federations>();
            if feds.allied(actor.federation, target.federation) {
                return Err(format!(
                    "{} and {} are already federated",
                    actor.name, target.name
                ));
            }
            if feds.proposals.contains(&(id, other)) {
                return Err(format!("a proposal to {} is already waiting", target.name));
            }
            vote(world, false, &|_| {})?;
            pay(world, cost)?;
            world
                .resource_mut::<Federations>()
                .proposals
                .push((id, other));
            Ok(format!("proposed a federation to {}", target.name))
        }
        ActionFile::LeaveFederation => {
            let Some(fed) = actor.federation else {
                return Err(format!("{} is in no federation", actor.name));
            };
            vote(world, false, &|_| {})?;
            pay(world, cost)?;
            leave_federation(world, id, fed);
            Ok("left the federation (the right of exit)".into())
        }
        ActionFile::GrantIndependence { province } => {
            let target = own_province(world, province, &actor)?;
            let owned = world
                .query::<&Province>()
                .iter(world)
                .filter(|q| q.owner == id)
                .count();
            if owned < 2 {
                return Err(format!(
                    "{} is the last province of {}",
                    target.name, actor.name
                ));
            }
            vote(world, false, &|_| {})?;
            pay(world, cost)?;
            let new = found_polity(world, &actor, &target, None);
            Ok(format!(
                "granted {} independence as {new} with a copy of the constitution",
                target.name
            ))
        }
        ActionFile::Repress => {
            vote(world, true, &|p| {
                p.authority = (p.authority + 0.05).min(1.0)
            })?;
            pay(world, cost)?;
            with_polity(world, id, |p| p.turn.repressed = true);
            Ok("repressed voice".into())
        }
        ActionFile::Homogenize { culture } => {
            let Some(c) = world
                .resource::<Registry>()
                .culture_keys
                .get(culture)
                .copied()
            else {
                let registry = world.resource::<Registry>();
                let hint = crate::level::diagnostic::suggestion(
                    culture,
                    registry.culture_keys.keys().map(String::as_str),
                );
                return Err(format!("there is no culture `{culture}` ({hint})"));
            };
            if needs_vote && rule != Referendum::Never {
                return Err("the citizens voted it down in a referendum (0% yes): nobody votes to be deported".into());
            }
            pay(world, cost)?;
            let moved = homogenize(world, id, c);
            Ok(format!(
                "forcibly sorted the {culture} culture: {moved} citizens moved"
            ))
        }
        ActionFile::SetResponse { response } => {
            if actor.response == *response {
                return Err(format!("the answer to protest is already {response:?}"));
            }
            vote(world, false, &|_| {})?;
            pay(world, cost)?;
            with_polity(world, id, |p| p.response = *response);
            Ok(format!("will answer protest with {response:?}"))
        }
        ActionFile::Action { id: action, target } => {
            let Some(def) = rules.actions.iter().find(|a| a.id == *action).cloned() else {
                let hint = crate::level::diagnostic::suggestion(
                    action,
                    rules.actions.iter().map(|a| a.id.as_str()),
                );
                return Err(format!(
                    "unknown action `{action}`: no loaded mod defines it ({hint})"
                ));
            };
            if def.effects.contains(&ActionEffect::Builtin) {
                return Err(format!(
                    "`{action}` is a built-in action: give it as its own order (see docs/levels.md)"
                ));
            }
            let (province, other) = match (def.target, target) {
                (ActionTarget::None, _) => (None, None),
                (ActionTarget::Province, Some(key)) => {
                    (Some(own_province(world, key, &actor)?.id), None)
                }
                (ActionTarget::Polity, Some(key)) => {
                    let other = polity_id(world, key)?;
                    if other == id || polity(world, other).dissolved {
                        return Err(format!(
                            "{} needs another living polity as its target",
                            def.name
                        ));
                    }
                    (None, Some(other))
                }
                (kind, None) => {
                    return Err(format!("{} needs a {kind:?} as its target", def.name));
                }
            };
            {
                let effects = def.effects.clone();
                vote(world, true, &move |p| {
                    for effect in &effects {
                        match effect {
                            ActionEffect::ShiftPower { from, to, amount } => {
                                p.power.shift(*from, *to, *amount);
                            }
                            ActionEffect::SetBorders { exit, .. } => p.exit = *exit,
                            ActionEffect::Authority { change } => {
                                p.authority = (p.authority + change).clamp(0.0, 1.0)
                            }
                            ActionEffect::CommuneCharter { value } => {
                                p.commune_charter = value.clamp(0.0, 1.0)
                            }
                            _ => {}
                        }
                    }
                })?;
            }
            pay(world, cost)?;
            apply_effects(
                world,
                id,
                Target {
                    province,
                    polity: other,
                },
                &def.effects,
            );
            Ok(def.name.clone())
        }
    }
}

/// The ids of the built-in actions in `assets/rules/actions.ron`.
pub const BUILTIN_ACTIONS: [&str; 11] = [
    "devolve",
    "centralize",
    "set_borders",
    "charter_communes",
    "invest",
    "propose_federation",
    "leave_federation",
    "grant_independence",
    "repress",
    "homogenize",
    "set_response",
];

/// The id in `assets/rules/actions.ron` of a built-in order.
pub fn builtin_id(action: &ActionFile) -> Option<&'static str> {
    Some(match action {
        ActionFile::Devolve { .. } => "devolve",
        ActionFile::Centralize { .. } => "centralize",
        ActionFile::SetBorders { .. } => "set_borders",
        ActionFile::CharterCommunes { .. } => "charter_communes",
        ActionFile::Invest { .. } => "invest",
        ActionFile::ProposeFederation { .. } => "propose_federation",
        ActionFile::LeaveFederation => "leave_federation",
        ActionFile::GrantIndependence { .. } => "grant_independence",
        ActionFile::Repress => "repress",
        ActionFile::Homogenize { .. } => "homogenize",
        ActionFile::SetResponse { .. } => "set_response",
        ActionFile::Action { .. } => return None,
    })
}

/// The political capital an action costs (GAME.md §3, player actions): its
/// definition's cost, plus its cost per share for the share moved.
pub fn action_cost(action: &ActionFile, rules: &Rules) -> f64 {
    let id = match action {
        ActionFile::Action { id, .. } => id.as_str(),
        builtin => builtin_id(builtin).unwrap_or_default(),
    };
    let amount = match action {
        ActionFile::Devolve { amount, .. } | ActionFile::Centralize { amount, .. } => *amount,
        _ => 0.0,
    };
    rules
        .action(id)
        .map_or(0.0, |def| def.cost + def.cost_per_share * amount)
}

/// Applies the effects of a data-defined action, in order.
/// Applies effects of the actions' set for a scripted event (no cost, no
/// vote: events happen to polities).
pub fn apply_effects_of_event(
    world: &mut World,
    id: PolityId,
    province: Option<ProvinceId>,
    effects: &[ActionEffect],
) {
    if polity(world, id).dissolved {
        return;
    }
    apply_effects(
        world,
        id,
        Target {
            province,
            polity: None,
        },
        effects,
    );
}

/// What a data-defined action was aimed at.
struct Target {
    province: Option<ProvinceId>,
    polity: Option<PolityId>,
}

fn apply_effects(world: &mut World, id: PolityId, target: Target, effects: &[ActionEffect]) {
    let province = target.province;
    for effect in effects {
        match effect {
            ActionEffect::Invest => {
                let Some(p) = province else { continue };
                let step = world.resource::<Rules>().economy.investment;
                let entity = world.resource::<Registry>().provinces[p.index()];
                if let Some(mut province) = world.get_mut::<Province>(entity) {
                    province.infrastructure = (province.infrastructure + step).min(1.0);
                }
            }
            ActionEffect::GrantIndependence => {
                let Some(p) = province else { continue };
                let owned = world
                    .query::<&Province>()
                    .iter(world)
                    .filter(|q| q.owner == id)
                    .count();
                let entity = world.resource::<Registry>().provinces[p.index()];
                if let (true, Some(target)) = (owned > 1, world.get::<Province>(entity).cloned()) {
                    let actor = polity(world, id);
                    found_polity(world, &actor, &target, None);
                }
            }
            ActionEffect::Repress => {
                with_polity(world, id, |p| p.turn.repressed = true);
            }
            ActionEffect::Homogenize { culture } => {
                let c = world
                    .resource::<Registry>()
                    .culture_keys
                    .get(culture)
                    .copied();
                if let Some(c) = c {
                    homogenize(world, id, c);
                }
            }
            ActionEffect::ProposeFederation => {
                let Some(other) = target.polity else { continue };
                let mut feds = world.resource_mut::<Federations>();
                if !feds.proposals.contains(&(id, other)) {
                    feds.proposals.push((id, other));
                }
            }
            ActionEffect::ShiftPower { from, to, amount } => {
                with_polity(world, id, |p| {
                    let moved = p.power.shift(*from, *to, *amount);
                    if to.depth() > from.depth() {
                        p.turn.devolved += moved;
                    } else {
                        p.turn.centralized += moved;
                    }
                });
            }
            ActionEffect::SetBorders { exit, entry } => {
                with_polity(world, id, |p| {
                    p.borders = super::world::Borders {
                        exit: *exit,
                        entry: *entry,
                    }
                });
            }
            ActionEffect::Authority { change } => {
                with_polity(world, id, |p| {
                    p.ruler.authority = (p.ruler.authority + change).clamp(0.0, 1.0)
                });
            }
            ActionEffect::Legitimacy { change } => {
                with_polity(world, id, |p| {
                    p.legitimacy = (p.legitimacy + change).clamp(0.0, 1.0)
                });
            }
            ActionEffect::CommuneCharter { value } => {
                with_polity(world, id, |p| p.commune_charter = value.clamp(0.0, 1.0));
            }
            ActionEffect::Infrastructure { change } | ActionEffect::Prosperity { change } => {
                let Some(p) = province else { continue };
                let entity = world.resource::<Registry>().provinces[p.index()];
                if let Some(mut province) = world.get_mut::<Province>(entity) {
                    let value = if matches!(effect, ActionEffect::Infrastructure { .. }) {
                        &mut province.infrastructure
                    } else {
                        &mut province.prosperity
                    };
                    *value = (*value + change).clamp(0.0, 1.0);
                }
            }
            ActionEffect::Grievance { change } => {
                let Some(p) = province else { continue };
                let entities = world.resource::<CitizenIndex>().0.clone();
                for entity in entities {
                    if let Some(mut citizen) = world.get_mut::<Citizen>(entity)
                        && citizen.home == p
                    {
                        citizen.grievance = (citizen.grievance + *change as f32).clamp(0.0, 1.0);
                    }
                }
            }
            ActionEffect::Message(text) => world.resource_mut::<TurnStats>().log.push(text.clone()),
            // Only base actions use it, and their orders apply it directly.
            ActionEffect::Builtin => {}
        }
    }
}

fn shift_allowed(
    actor: &Polity,
    from: Tier,
    to: Tier,
    amount: f64,
    down: bool,
) -> Result<(), String> {
    if !(amount > 0.0 && amount <= 1.0) {
        return Err(format!("amount {amount} must be above 0 and at most 1"));
    }
    if down && to.depth() <= from.depth() {
        return Err(format!(
            "devolving moves power down: {to:?} is not below {from:?}"
        ));
    }
    if !down && to.depth() >= from.depth() {
        return Err(format!(
            "centralizing moves power up: {to:?} is not above {from:?}"
        ));
    }
    if actor.power.get(from) <= 1e-9 {
        return Err(format!(
            "the {from:?} tier of {} holds no power",
            actor.name
        ));
    }
    Ok(())
}

/// Removes a polity from its federation; a federation of one dissolves.
pub fn leave_federation(world: &mut World, id: PolityId, fed: super::ids::FederationId) {
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
    constitution: Option<(super::world::Power, f64)>,
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
        controller: Controller::Ai(archetype),
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
        response: crate::level::schema::default_response(&Controller::Ai(archetype)),
        dissolved: false,
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

/// Moves a province to another polity; an owner left with no province
/// dissolves (and leaves its federation).
pub fn transfer_province(world: &mut World, p: ProvinceId, to: PolityId) {
    let entity = world.resource::<Registry>().provinces[p.index()];
    let Some(from) = world.get::<Province>(entity).map(|q| q.owner) else {
        return;
    };
    if let Some(mut province) = world.get_mut::<Province>(entity) {
        province.owner = to;
    }
    let left = world
        .query::<&Province>()
        .iter(world)
        .filter(|q| q.owner == from)
        .count();
    if left == 0 {
        let fed = polity(world, from).federation;
        if let Some(fed) = fed {
            leave_federation(world, from, fed);
        }
        with_polity(world, from, |k| k.dissolved = true);
    }
}

/// Forcibly sorts a culture (GAME.md §3: allowed, and scored as what it
/// is): its members in the polity are moved to the province where it is
/// most numerous, and everyone else there is moved out to where their own
/// culture is most numerous. Everyone moved is `coerced`.
fn homogenize(world: &mut World, id: PolityId, culture: CultureId) -> u32 {
    let provinces: Vec<ProvinceId> = super::sorted(
        world
            .query::<&Province>()
            .iter(world)
            .filter(|p| p.owner == id)
            .map(|p| p.id),
        |p| *p,
    );
    let census = world.resource::<Census>().clone();
    let homeland = |c: CultureId, except: Option<ProvinceId>| {
        provinces
            .iter()
            .filter(|p| Some(**p) != except)
            .max_by_key(|p| (census.count(**p, c), std::cmp::Reverse(**p)))
            .copied()
    };
    let Some(target) = homeland(culture, None) else {
        return 0;
    };
    let mut others: Vec<Option<ProvinceId>> = vec![None; census.cultures];
    for (c, slot) in others.iter_mut().enumerate() {
        *slot = homeland(CultureId(c as u32), Some(target));
    }
    let entities = world.resource::<CitizenIndex>().0.clone();
    let mut moved = 0;
    let mut flows: Vec<(ProvinceId, ProvinceId)> = Vec::new();
    for entity in entities {
        let Some(mut citizen) = world.get_mut::<Citizen>(entity) else {
            continue;
        };
        if !provinces.contains(&citizen.home) {
            continue;
        }
        let destination = if citizen.culture == culture {
            (citizen.home != target).then_some(target)
        } else if citizen.home == target {
            others[citizen.culture.index()]
        } else {
            None
        };
        if let Some(to) = destination {
            flows.push((citizen.home, to));
            citizen.home = to;
            citizen.coerced = true;
            citizen.commune = None;
            moved += 1;
        }
    }
    let mut stats = world.resource_mut::<TurnStats>();
    stats.forced_moves += moved;
    for flow in flows {
        *stats.flows.entry(flow).or_default() += 1;
    }
    moved
}
