//! Orders phase (GAME.md §3.1): the queued orders of the player and of
//! every AI polity are carried out in order, each in three steps: `check`
//! reads the world and says what the order costs or why it is refused;
//! `execute` pays and enacts its effects; the record says what happened.
//! A refused order changes nothing.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::census::{people_were_moved, recount_census};
use super::effect::Effect;
use super::enact::{Subjects, enact};
use super::ids::{Ids, Keys, PolityId, TargetId};
use super::order::{Action, Order, Refusal, action_cost};
use super::rules::{Referendum, Rules};
use super::schedule::{Turn, TurnPhase, advance_clock};
use super::scoring::{PolityInput, score, world_input};
use super::world::{Clock, Polity, Province, Registry, Tier, TurnStats, with_polity};

/// Orders waiting for their turn (the player's, from the UI or a file),
/// with the names they were written with.
#[derive(Resource, Clone, Debug, Default)]
pub struct OrderQueue {
    /// Orders in the order they were given.
    pub orders: Vec<Order<Keys>>,
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

/// The political capital a checked order costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cost(pub f64);

/// The Orders phase's resources and systems.
pub fn plugin(app: &mut App) {
    app.init_resource::<OrderQueue>();
    app.init_resource::<OrderLog>();
    app.add_systems(
        Turn,
        (
            advance_clock,
            orders_phase,
            recount_census.run_if(people_were_moved),
        )
            .chain()
            .in_set(TurnPhase::Orders),
    );
}

/// Orders phase: AI polities choose, then every order due this turn is
/// carried out in order (the player's first, then the AI's by polity id).
pub fn orders_phase(world: &mut World) {
    let turn = world.resource::<Clock>().turn;
    let (due, late) = take_due(world, turn);
    let mut records: Vec<OrderRecord> = late
        .into_iter()
        .map(|order| OrderRecord {
            turn,
            polity: order.polity.clone(),
            action: format!("{:?}", order.action),
            ai: false,
            result: Err(Refusal::Late(order.turn).to_string()),
        })
        .collect();
    let ai_orders = super::ai::decide(world);
    for written in due {
        let result = {
            let registry = world.resource::<Registry>();
            written.resolve(registry, world.resource::<Rules>())
        }
        .and_then(|order| carry_out(world, &order));
        records.push(record(world, turn, written, false, result));
    }
    for order in ai_orders {
        let written = order.to_keys(world.resource::<Registry>());
        let result = carry_out(world, &order);
        records.push(record(world, turn, written, true, result));
    }
    world.resource_mut::<OrderLog>().records.extend(records);
}

/// Splits the queue: orders due this turn, and orders whose turn passed;
/// later ones stay queued.
fn take_due(world: &mut World, turn: u32) -> (Vec<Order<Keys>>, Vec<Order<Keys>>) {
    let mut queue = world.resource_mut::<OrderQueue>();
    let mut due = Vec::new();
    let mut late = Vec::new();
    for order in std::mem::take(&mut queue.orders) {
        match order.turn.cmp(&turn) {
            std::cmp::Ordering::Less => late.push(order),
            std::cmp::Ordering::Equal => due.push(order),
            std::cmp::Ordering::Greater => queue.orders.push(order),
        }
    }
    (due, late)
}

/// The record of an order, and its line in the log when it was applied.
fn record(
    world: &mut World,
    turn: u32,
    written: Order<Keys>,
    ai: bool,
    result: Result<String, Refusal>,
) -> OrderRecord {
    if let Ok(what) = &result {
        world
            .resource_mut::<TurnStats>()
            .log
            .push(format!("{}: {what}", written.polity));
    }
    OrderRecord {
        turn,
        polity: written.polity,
        action: format!("{:?}", written.action),
        ai,
        result: result.map_err(|refusal| refusal.to_string()),
    }
}

/// Checks an order and, when it is allowed, executes it.
pub fn carry_out(world: &mut World, order: &Order) -> Result<String, Refusal> {
    let cost = check(world, order)?;
    Ok(execute(world, order, cost))
}

/// What an order would cost, or why it is refused: the actor must exist,
/// the action must be available and fit the world, the citizens must
/// approve it when power has moved down to them, and the actor must be
/// able to pay. Reads the world only.
pub fn check(world: &World, order: &Order) -> Result<Cost, Refusal> {
    let registry = world.resource::<Registry>();
    let rules = world.resource::<Rules>();
    let actor = registry
        .polity(world, order.polity)
        .ok_or_else(|| Refusal::Gone(format!("polity {}", order.polity.0)))?;
    if actor.dissolved {
        return Err(Refusal::Gone(actor.name.clone()));
    }
    let referendum = match order.action.kind() {
        Some(kind) => {
            rules
                .action(kind.id())
                .ok_or(Refusal::Removed(kind.id()))?
                .referendum
        }
        None => rules
            .action(order.action.id())
            .map_or(Referendum::Never, |def| def.referendum),
    };
    fits(world, actor, &order.action)?;
    let effects = effects_of(world, order);
    vote(world, actor, &order.action, &effects, referendum)?;
    let cost = action_cost(&order.action, rules);
    if actor.capital + 1e-9 < cost {
        return Err(Refusal::Unaffordable {
            cost,
            polity: actor.name.clone(),
            capital: actor.capital,
        });
    }
    Ok(Cost(cost))
}

/// Executes a checked order: pays its cost and enacts its effects in
/// order; returns what it did.
pub fn execute(world: &mut World, order: &Order, cost: Cost) -> String {
    with_polity(world, order.polity, |p| p.capital -= cost.0);
    let on = Subjects {
        actor: Some(order.polity),
        province: order.action.province(),
        polity: order.action.other_polity(),
    };
    let effects = effects_of(world, order);
    let done: Vec<Option<String>> = effects.iter().map(|e| enact(world, on, e)).collect();
    match &order.action {
        Action::Action { id, .. } => world
            .resource::<Rules>()
            .action(id)
            .map_or_else(|| id.clone(), |def| def.name.clone()),
        _ => done.into_iter().flatten().collect::<Vec<_>>().join("; "),
    }
}

/// The effects an order enacts: a built-in's from its fields, a mod's
/// action's from its definition (with names resolved in this world).
fn effects_of(world: &World, order: &Order) -> Vec<Effect> {
    match &order.action {
        Action::Action { id, .. } => {
            let registry = world.resource::<Registry>();
            world
                .resource::<Rules>()
                .action(id)
                .map(|def| {
                    def.effects
                        .iter()
                        .filter_map(|e| e.resolve(|c| registry.culture_keys.get(c).copied()))
                        .collect()
                })
                .unwrap_or_default()
        }
        builtin => builtin.effects(),
    }
}

/// Whether an action fits the world as it is: a share that can move, a
/// change that changes something, a province of the actor's own, a
/// federation partner that exists.
fn fits(world: &World, actor: &Polity, action: &Action) -> Result<(), Refusal> {
    let registry = world.resource::<Registry>();
    match action {
        Action::Devolve { from, to, amount } => shift_allowed(actor, *from, *to, *amount, true),
        Action::Centralize { from, to, amount } => shift_allowed(actor, *from, *to, *amount, false),
        Action::SetBorders { exit, entry } => {
            if actor.borders.exit == *exit && actor.borders.entry == *entry {
                Err(Refusal::SameBorders {
                    exit: *exit,
                    entry: *entry,
                })
            } else {
                Ok(())
            }
        }
        Action::CharterCommunes { autonomy } => {
            if !(0.0..=1.0).contains(autonomy) {
                Err(Refusal::Autonomy(*autonomy))
            } else if (actor.commune_charter - autonomy).abs() < 1e-9 {
                Err(Refusal::SameCharter(*autonomy))
            } else {
                Ok(())
            }
        }
        Action::Invest { province } => {
            let target = own_province(world, actor, *province)?;
            if target.infrastructure >= 1.0 {
                Err(Refusal::Complete(target.name.clone()))
            } else {
                Ok(())
            }
        }
        Action::ProposeFederation { with } => {
            if *with == actor.id {
                return Err(Refusal::SelfFederation);
            }
            let target = registry
                .polity(world, *with)
                .ok_or_else(|| Refusal::Gone(format!("polity {}", with.0)))?;
            let feds = world.resource::<super::world::Federations>();
            if target.dissolved {
                Err(Refusal::Gone(target.name.clone()))
            } else if feds.allied(actor.federation, target.federation) {
                Err(Refusal::Federated(actor.name.clone(), target.name.clone()))
            } else if feds.proposals.contains(&(actor.id, *with)) {
                Err(Refusal::ProposalWaiting(target.name.clone()))
            } else {
                Ok(())
            }
        }
        Action::LeaveFederation => match actor.federation {
            Some(_) => Ok(()),
            None => Err(Refusal::NoFederation(actor.name.clone())),
        },
        Action::GrantIndependence { province } => {
            let target = own_province(world, actor, *province)?;
            let held = registry
                .provinces(world)
                .iter()
                .filter(|q| q.owner == actor.id)
                .count();
            if held < 2 {
                Err(Refusal::LastProvince {
                    province: target.name.clone(),
                    polity: actor.name.clone(),
                })
            } else {
                Ok(())
            }
        }
        Action::Repress | Action::Homogenize { .. } => Ok(()),
        Action::SetResponse { response } => {
            if actor.response == *response {
                Err(Refusal::SameResponse(*response))
            } else {
                Ok(())
            }
        }
        Action::Action { id, target } => match target {
            Some(TargetId::Province(p)) => own_province(world, actor, *p).map(|_| ()),
            Some(TargetId::Polity(k)) => {
                let alive = registry.polity(world, *k).is_some_and(|o| !o.dissolved);
                if *k == actor.id || !alive {
                    let rules = world.resource::<Rules>();
                    let name = rules.action(id).map_or(id.as_str(), |d| d.name.as_str());
                    Err(Refusal::NeedsOtherPolity(name.to_string()))
                } else {
                    Ok(())
                }
            }
            None => Ok(()),
        },
    }
}

/// A province of the acting polity.
fn own_province<'w>(
    world: &'w World,
    actor: &Polity,
    p: super::ids::ProvinceId,
) -> Result<&'w Province, Refusal> {
    let province = world
        .resource::<Registry>()
        .province(world, p)
        .ok_or_else(|| Refusal::Gone(format!("province {}", p.0)))?;
    if province.owner != actor.id {
        return Err(Refusal::NotOwned {
            province: province.name.clone(),
            polity: actor.name.clone(),
        });
    }
    Ok(province)
}

fn shift_allowed(
    actor: &Polity,
    from: Tier,
    to: Tier,
    amount: f64,
    down: bool,
) -> Result<(), Refusal> {
    if !(amount > 0.0 && amount <= 1.0) {
        return Err(Refusal::Amount(amount));
    }
    if down && to.depth() <= from.depth() {
        return Err(Refusal::NotDown { from, to });
    }
    if !down && to.depth() >= from.depth() {
        return Err(Refusal::NotUp { from, to });
    }
    if actor.power.get(from) <= 1e-9 {
        return Err(Refusal::EmptyTier {
            tier: from,
            polity: actor.name.clone(),
        });
    }
    Ok(())
}

/// Once the lower tiers hold the majority of power the citizens decide
/// (GAME.md §3): an action whose rule asks for a referendum passes only
/// when more than `referendum_majority` of the actor's people would be
/// less dominated after it. Nobody votes to be deported.
fn vote(
    world: &World,
    actor: &Polity,
    action: &Action,
    effects: &[Effect],
    referendum: Referendum,
) -> Result<(), Refusal> {
    let rules = world.resource::<Rules>();
    let needs_vote = actor.power.lower_tiers() >= rules.reassociation.lower_tier_majority;
    let asks = match referendum {
        Referendum::Never => false,
        Referendum::Always => true,
        Referendum::WhenRestricting => restricts(actor, action, effects),
    };
    if !needs_vote || !asks {
        return Ok(());
    }
    if effects
        .iter()
        .any(|e| matches!(e, Effect::Homogenize { .. }))
    {
        return Err(Refusal::NoDeportation);
    }
    let repress = rules.authority.repress_authority;
    let yes = referendum_yes(world, actor.id, |p| {
        for effect in effects {
            foresee(effect, p, repress);
        }
    });
    if yes > rules.reassociation.referendum_majority {
        Ok(())
    } else {
        Err(Refusal::VotedDown(yes))
    }
}

/// True when an action takes something from the citizens: it centralizes,
/// closes the exit further, lowers the commune charter, represses or sorts
/// them by force. A mod's action always counts as restricting.
fn restricts(actor: &Polity, action: &Action, effects: &[Effect]) -> bool {
    if action.kind().is_none() {
        return true;
    }
    effects.iter().any(|effect| match effect {
        Effect::ShiftPower { from, to, .. } => to.depth() < from.depth(),
        Effect::SetBorders { exit, .. } => exit.openness() < actor.borders.exit.openness(),
        Effect::CommuneCharter { value } => *value < actor.commune_charter,
        Effect::Repress | Effect::Homogenize { .. } => true,
        _ => false,
    })
}

/// What an effect would do to the polity as scoring sees it, for the
/// referendum's count.
fn foresee(effect: &Effect<Ids>, p: &mut PolityInput, repress_authority: f64) {
    match effect {
        Effect::ShiftPower { from, to, amount } => {
            p.power.shift(*from, *to, *amount);
        }
        Effect::SetBorders { exit, .. } => p.exit = *exit,
        Effect::Authority { change } => p.authority = (p.authority + change).clamp(0.0, 1.0),
        Effect::Repress => p.authority = (p.authority + repress_authority).min(1.0),
        Effect::CommuneCharter { value } => p.commune_charter = value.clamp(0.0, 1.0),
        _ => {}
    }
}

/// The share of a polity's people whose domination exposure would fall
/// under a change of its constitution or borders.
pub fn referendum_yes(world: &World, id: PolityId, change: impl FnOnce(&mut PolityInput)) -> f64 {
    let input = world_input(world);
    let rules = &world.resource::<Rules>().scoring;
    let before = score(&input, rules);
    let mut changed = input.clone();
    if let Some(p) = changed.polities.iter_mut().find(|p| p.id == id) {
        change(p);
    }
    let after = score(&changed, rules);
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
