//! Orders phase (GAME.md §3.1): the queued orders of the player and of
//! every AI polity are carried out in order, each in three steps: `check`
//! reads the world and says what the order costs or why it is refused;
//! `execute` pays and enacts its effects; the record says what happened.
//! A refused order changes nothing.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::annexation::with_frontier;
use super::coercion::{Coercions, coerce};
use super::effect::Effect;
use super::enact::{Subjects, enact, phase_in};
use super::ids::{Ids, Keys, PolityId, TargetId, sorted};
use super::news::{News, NewsKind};
use super::order::{Action, Order, action_cost};
use super::refusal::Refusal;
use super::rules::{Referendum, Rules};
use super::scenario::Scenario;
use super::schedule::{Turn, TurnPhase, advance_clock};
use super::scoring::{PolityInput, polity_domination, voter_input};
use super::world::{Clock, Polity, Province, Registry, Tier, TurnStats, with_polity};

/// Orders waiting for their turn (the player's, from the UI or a file),
/// with the names they were written with.
#[derive(Resource, Clone, Debug, Default)]
pub struct OrderQueue {
    /// Orders in the order they were given.
    pub orders: Vec<Order<Keys>>,
    /// They may command any polity (a scenario test's); otherwise only the
    /// player's.
    pub any_polity: bool,
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
    app.init_resource::<Coercions>();
    app.init_resource::<super::ai::Autopilot>();
    app.add_systems(
        Turn,
        (advance_clock, pending_phase, orders_phase, coerce)
            .chain()
            .in_set(TurnPhase::Orders),
    );
}

/// Shares ordered on earlier turns move on, up to each polity's step for
/// the turn, before this turn's orders.
pub fn pending_phase(
    mut polities: Query<&mut Polity>,
    rules: Res<Rules>,
    mut stats: ResMut<TurnStats>,
) {
    let step = rules.authority.max_step;
    for mut polity in sorted(polities.iter_mut(), |p| p.id) {
        if polity.dissolved || polity.pending.is_empty() {
            continue;
        }
        for shift in std::mem::take(&mut polity.pending) {
            let (moved, later) = phase_in(&mut polity, shift.from, shift.to, shift.amount, step);
            if moved > 0.0 {
                let text = format!(
                    "{}: {moved:.2} more of power moved from {} to {}{}",
                    polity.name,
                    shift.from.words(),
                    shift.to.words(),
                    if later > 0.0 {
                        format!(" ({later:.2} still to come)")
                    } else {
                        String::new()
                    }
                );
                stats.say(News::new(NewsKind::PhasedIn, Some(polity.id), text));
            }
        }
    }
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
        .and_then(|order| commandable(world, order))
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

/// An order from the queue names the player's polity, unless the queue may
/// command any (a scenario test's).
fn commandable(world: &World, order: Order) -> Result<Order, Refusal> {
    let player = world.resource::<Scenario>().player();
    if world.resource::<OrderQueue>().any_polity || player == Some(order.polity) {
        return Ok(order);
    }
    let registry = world.resource::<Registry>();
    let name = registry
        .polity(world, order.polity)
        .map_or_else(|| format!("polity {}", order.polity.0), |p| p.name.clone());
    Err(Refusal::NotYours(name))
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
        // The polity by its name, as the player knows it.
        let registry = world.resource::<Registry>();
        let name = registry
            .polity_keys
            .get(&written.polity)
            .and_then(|&id| registry.polity(world, id))
            .map_or_else(|| written.polity.clone(), |p| p.name.clone());
        let news = order_news(world, &written, format!("{name}: {what}"));
        world.resource_mut::<TurnStats>().say(news);
    }
    OrderRecord {
        turn,
        polity: written.polity,
        action: format!("{:?}", written.action),
        ai,
        result: result.map_err(|refusal| refusal.to_string()),
    }
}

/// The news of an order carried out: forced sorting, leaving a federation
/// and granting independence are political news; the rest are orders.
fn order_news(world: &World, written: &Order<Keys>, text: String) -> News {
    let registry = world.resource::<Registry>();
    let polity = registry.polity_keys.get(&written.polity).copied();
    let (kind, province) = match &written.action {
        Action::Homogenize { .. } => (NewsKind::Homogenized, None),
        Action::LeaveFederation => (NewsKind::LeftFederation, None),
        Action::GrantIndependence { province } => (NewsKind::Seceded, Some(province)),
        Action::Annex { province } => (NewsKind::Annexed, Some(province)),
        Action::Invest { province } => (NewsKind::Order, Some(province)),
        _ => (NewsKind::Order, None),
    };
    let news = News::new(kind, polity, text);
    match province.and_then(|p| registry.province_keys.get(p)) {
        Some(&p) => news.at(p),
        None => news,
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
        Action::Annex { province } => {
            with_frontier(world, |frontier| frontier.check(actor.id, *province))
        }
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
        Effect::Repress | Effect::Homogenize { .. } | Effect::Annex => true,
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
    let input = voter_input(world, id);
    let rules = &world.resource::<Rules>().scoring;
    let Some(k) = input.polities.iter().position(|p| p.id == id) else {
        return 0.0;
    };
    let before = polity_domination(&input, k, &input.polities[k], rules);
    let mut changed = input.polities[k].clone();
    change(&mut changed);
    let after = polity_domination(&input, k, &changed, rules);
    let (mut yes, mut all) = (0.0, 0.0);
    for ((_, people, b), (_, _, a)) in before.into_iter().zip(after) {
        all += people;
        if a < b - 1e-12 {
            yes += people;
        }
    }
    if all > 0.0 { yes / all } else { 0.0 }
}

#[cfg(test)]
mod tests {
    //! Every refusal, reached; and orders that pass do what their effects say.
    use super::*;
    use crate::sim::fixture;
    use crate::sim::rules::{ActionDef, ActionTarget};
    use crate::sim::schedule::Turn;
    use crate::sim::world::{BorderPolicy, Federation, Federations, Response};

    type Written = Order<Keys>;

    fn written(polity: &str, action: Action<Keys>) -> Written {
        Order {
            turn: 1,
            polity: polity.into(),
            action,
        }
    }

    fn mod_rules() -> Rules {
        let mut rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
        let action = |id: &str, target, effects| ActionDef {
            id: id.into(),
            name: id.to_uppercase(),
            description: String::new(),
            cost: 1.0,
            cost_per_share: 0.0,
            target,
            referendum: Referendum::Always,
            effects,
        };
        rules.actions.push(action(
            "fest",
            ActionTarget::Province,
            vec![Effect::Prosperity { change: 0.1 }],
        ));
        rules.actions.push(action(
            "pact",
            ActionTarget::Polity,
            vec![Effect::ProposeFederation],
        ));
        rules.actions.push(action(
            "assembly",
            ActionTarget::None,
            vec![Effect::ShiftPower {
                from: Tier::Ruler,
                to: Tier::Citizens,
                amount: 0.2,
            }],
        ));
        rules
    }

    /// Resolves and checks a written order; its refusal, if any.
    fn refusal(world: &World, order: Written) -> Option<Refusal> {
        let registry = world.resource::<Registry>();
        match order.resolve(registry, world.resource::<Rules>()) {
            Err(r) => Some(r),
            Ok(order) => check(world, &order).err(),
        }
    }

    fn refused(world: &World, order: Written) -> Refusal {
        refusal(world, order.clone()).unwrap_or_else(|| panic!("{order:?} was not refused"))
    }

    /// The name of a refusal; the match lists every one, so a new refusal
    /// fails to compile here until it has a case below.
    fn name(refusal: &Refusal) -> &'static str {
        match refusal {
            Refusal::Late(_) => "Late",
            Refusal::NotYours(_) => "NotYours",
            Refusal::NoPolity { .. } => "NoPolity",
            Refusal::NoProvince { .. } => "NoProvince",
            Refusal::NoCulture { .. } => "NoCulture",
            Refusal::UnknownAction { .. } => "UnknownAction",
            Refusal::BuiltinById(_) => "BuiltinById",
            Refusal::NeedsTarget { .. } => "NeedsTarget",
            Refusal::Gone(_) => "Gone",
            Refusal::Removed(_) => "Removed",
            Refusal::Amount(_) => "Amount",
            Refusal::NotDown { .. } => "NotDown",
            Refusal::NotUp { .. } => "NotUp",
            Refusal::EmptyTier { .. } => "EmptyTier",
            Refusal::SameBorders { .. } => "SameBorders",
            Refusal::Autonomy(_) => "Autonomy",
            Refusal::SameCharter(_) => "SameCharter",
            Refusal::NotOwned { .. } => "NotOwned",
            Refusal::Complete(_) => "Complete",
            Refusal::SelfFederation => "SelfFederation",
            Refusal::Federated(..) => "Federated",
            Refusal::ProposalWaiting(_) => "ProposalWaiting",
            Refusal::NoFederation(_) => "NoFederation",
            Refusal::LastProvince { .. } => "LastProvince",
            Refusal::AlreadyOwned(_) => "AlreadyOwned",
            Refusal::NotAdjacent { .. } => "NotAdjacent",
            Refusal::Protected { .. } => "Protected",
            Refusal::NotWeak { .. } => "NotWeak",
            Refusal::SameResponse(_) => "SameResponse",
            Refusal::NeedsOtherPolity(_) => "NeedsOtherPolity",
            Refusal::VotedDown(_) => "VotedDown",
            Refusal::NoDeportation => "NoDeportation",
            Refusal::Unaffordable { .. } => "Unaffordable",
        }
    }

    #[test]
    fn a_referendum_s_input_gives_the_whole_world_s_answer() {
        let mut world = fixture::world();
        for _ in 0..3 {
            world.run_schedule(Turn);
        }
        let whole = crate::sim::scoring::world_input(&world);
        let rules = world.resource::<Rules>().scoring.clone();
        for (k, polity) in whole.polities.iter().enumerate() {
            let voter = voter_input(&world, polity.id);
            let alone = polity_domination(&voter, k, &voter.polities[k], &rules);
            assert!(!alone.is_empty());
            assert_eq!(
                alone,
                polity_domination(&whole, k, &whole.polities[k], &rules),
                "{:?}",
                polity.id
            );
        }
    }

    #[test]
    fn names_that_do_not_resolve_are_refused_with_a_hint() {
        let world = fixture::world_with(mod_rules());
        let cases = [
            (
                written("nobody", Action::Repress),
                "NoPolity",
                "valid: ghost, one, three, two",
            ),
            (
                written(
                    "one",
                    Action::Invest {
                        province: "hoem".into(),
                    },
                ),
                "NoProvince",
                "did you mean `home`?",
            ),
            (
                written(
                    "one",
                    Action::Homogenize {
                        culture: "z".into(),
                    },
                ),
                "NoCulture",
                "there is no culture `z`",
            ),
            (
                written(
                    "one",
                    Action::Action {
                        id: "fets".into(),
                        target: None,
                    },
                ),
                "UnknownAction",
                "did you mean `fest`?",
            ),
            (
                written(
                    "one",
                    Action::Action {
                        id: "devolve".into(),
                        target: None,
                    },
                ),
                "BuiltinById",
                "give it as its own order",
            ),
            (
                written(
                    "one",
                    Action::Action {
                        id: "fest".into(),
                        target: None,
                    },
                ),
                "NeedsTarget",
                "FEST needs a Province as its target",
            ),
        ];
        for (order, kind, words) in cases {
            let r = refused(&world, order);
            assert_eq!(name(&r), kind, "{r}");
            assert!(r.to_string().contains(words), "{r}");
        }
    }

    #[test]
    fn orders_that_do_not_fit_the_world_are_refused() {
        let world = fixture::world_with(mod_rules());
        let shift = |from, to, amount| Action::Devolve { from, to, amount };
        let cases: Vec<(Written, &str)> = vec![
            (written("ghost", Action::Repress), "Gone"),
            (
                written(
                    "one",
                    Action::ProposeFederation {
                        with: "ghost".into(),
                    },
                ),
                "Gone",
            ),
            (
                written("one", shift(Tier::Ruler, Tier::Municipal, 0.0)),
                "Amount",
            ),
            (
                written("one", shift(Tier::Ruler, Tier::Municipal, 1.5)),
                "Amount",
            ),
            (
                written("one", shift(Tier::Ruler, Tier::Ruler, 0.1)),
                "NotDown",
            ),
            (
                written(
                    "one",
                    Action::Centralize {
                        from: Tier::Ruler,
                        to: Tier::Municipal,
                        amount: 0.1,
                    },
                ),
                "NotUp",
            ),
            (
                written("one", shift(Tier::Municipal, Tier::Citizens, 0.1)),
                "EmptyTier",
            ),
            (
                written(
                    "one",
                    Action::SetBorders {
                        exit: BorderPolicy::Closed,
                        entry: BorderPolicy::Closed,
                    },
                ),
                "SameBorders",
            ),
            (
                written("one", Action::CharterCommunes { autonomy: 1.5 }),
                "Autonomy",
            ),
            (
                written("one", Action::CharterCommunes { autonomy: 0.0 }),
                "SameCharter",
            ),
            (
                written(
                    "one",
                    Action::Invest {
                        province: "abroad".into(),
                    },
                ),
                "NotOwned",
            ),
            (
                written(
                    "one",
                    Action::Action {
                        id: "fest".into(),
                        target: Some("abroad".into()),
                    },
                ),
                "NotOwned",
            ),
            (
                written(
                    "one",
                    Action::Invest {
                        province: "farm".into(),
                    },
                ),
                "Complete",
            ),
            (
                written("one", Action::ProposeFederation { with: "one".into() }),
                "SelfFederation",
            ),
            (written("one", Action::LeaveFederation), "NoFederation"),
            (
                written(
                    "two",
                    Action::GrantIndependence {
                        province: "abroad".into(),
                    },
                ),
                "LastProvince",
            ),
            (
                written(
                    "one",
                    Action::SetResponse {
                        response: Response::Ignore,
                    },
                ),
                "SameResponse",
            ),
            (
                written(
                    "one",
                    Action::Action {
                        id: "pact".into(),
                        target: Some("one".into()),
                    },
                ),
                "NeedsOtherPolity",
            ),
            (
                written("one", shift(Tier::Ruler, Tier::Municipal, 0.5)),
                "Unaffordable",
            ),
        ];
        for (order, kind) in cases {
            let r = refused(&world, order.clone());
            assert_eq!(name(&r), kind, "{order:?}: {r}");
        }
    }

    #[test]
    fn federations_refuse_what_is_already_so() {
        let mut world = fixture::world();
        let (one, two) = (PolityId(0), PolityId(1));
        world
            .resource_mut::<Federations>()
            .proposals
            .push((one, two));
        let propose = written("one", Action::ProposeFederation { with: "two".into() });
        let r = refused(&world, propose.clone());
        assert_eq!(name(&r), "ProposalWaiting", "{r}");
        world.resource_mut::<Federations>().list.push(Federation {
            id: crate::sim::ids::FederationId(0),
            name: "F".into(),
            members: vec![one, two],
        });
        for id in [one, two] {
            with_polity(&mut world, id, |p| {
                p.federation = Some(crate::sim::ids::FederationId(0))
            });
        }
        let r = refused(&world, propose);
        assert_eq!(name(&r), "Federated", "{r}");
        assert!(refusal(&world, written("one", Action::LeaveFederation)).is_none());
    }

    #[test]
    fn only_weak_unprotected_neighbours_can_be_annexed() {
        let mut world = fixture::world();
        let annex = |polity: &str, province: &str| {
            written(
                polity,
                Action::Annex {
                    province: province.into(),
                },
            )
        };
        for (order, kind) in [
            (annex("one", "home"), "AlreadyOwned"),
            (annex("three", "home"), "NotAdjacent"),
            // HOME has 50 people; TWO's mean province has 30.
            (annex("two", "home"), "NotWeak"),
            (annex("two", "free"), "NotWeak"),
        ] {
            let r = refused(&world, order.clone());
            assert_eq!(name(&r), kind, "{order:?}: {r}");
        }
        // A government that just fell leaves its provinces weak...
        let (two, three) = (PolityId(1), PolityId(2));
        with_polity(&mut world, three, |p| p.fell_on = Some(0));
        assert!(refusal(&world, annex("two", "free")).is_none());
        // ...unless a federation protects them.
        world.resource_mut::<Federations>().list.push(Federation {
            id: crate::sim::ids::FederationId(0),
            name: "F".into(),
            members: vec![PolityId(0), three],
        });
        for id in [PolityId(0), three] {
            with_polity(&mut world, id, |p| {
                p.federation = Some(crate::sim::ids::FederationId(0))
            });
        }
        let r = refused(&world, annex("two", "free"));
        assert_eq!(name(&r), "Protected", "{r}");
        // Once the federation is gone, the annexation goes through: the
        // province changes hands and its people are coerced.
        for id in [PolityId(0), three] {
            with_polity(&mut world, id, |p| p.federation = None);
        }
        let registry = world.resource::<Registry>().clone();
        let rules = world.resource::<Rules>().clone();
        let order = annex("two", "free")
            .resolve(&registry, &rules)
            .unwrap_or_else(|e| panic!("{e}"));
        let what = carry_out(&mut world, &order).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(what, "annexed FREE from THREE: its people are coerced");
        // The coercion itself is done with the phase's others, in one pass.
        crate::sim::coercion::coerce(&mut world);
        let free = crate::sim::ids::ProvinceId(3);
        assert_eq!(registry.province(&world, free).map(|p| p.owner), Some(two));
        assert!(registry.polity(&world, three).is_some_and(|p| p.dissolved));
        let coerced = world
            .resource::<crate::sim::citizens::Citizens>()
            .rows()
            .filter(|c| c.home == free)
            .all(|c| c.coerced);
        assert!(coerced, "the annexed are coerced");
        assert_eq!(world.resource::<TurnStats>().annexed, 40);
    }

    #[test]
    fn a_free_people_votes_down_annexing_its_neighbours() {
        let mut world = fixture::world();
        // ONE has moved power down, so its citizens decide; TWO just fell.
        with_polity(&mut world, PolityId(0), |p| {
            p.power.shift(Tier::Ruler, Tier::Municipal, 0.6);
        });
        with_polity(&mut world, PolityId(1), |p| p.fell_on = Some(0));
        let order = written(
            "one",
            Action::Annex {
                province: "abroad".into(),
            },
        );
        let r = refused(&world, order);
        assert_eq!(name(&r), "VotedDown", "{r}");
    }

    #[test]
    fn an_action_a_mod_removed_is_refused() {
        let mut rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
        rules.actions.retain(|a| a.id != "repress");
        let world = fixture::world_with(rules);
        let r = refused(&world, written("one", Action::Repress));
        assert_eq!(name(&r), "Removed");
        assert_eq!(
            r.to_string(),
            "the action `repress` is not available: a loaded mod removed it"
        );
    }

    #[test]
    fn once_power_has_moved_down_the_citizens_vote() {
        let world = fixture::world_with(mod_rules());
        let centralize = Action::Centralize {
            from: Tier::Municipal,
            to: Tier::Ruler,
            amount: 0.1,
        };
        let r = refused(&world, written("three", centralize.clone()));
        assert_eq!(name(&r), "VotedDown");
        assert!(r.to_string().contains("(0% yes)"), "{r}");
        let r = refused(
            &world,
            written(
                "three",
                Action::Homogenize {
                    culture: "x".into(),
                },
            ),
        );
        assert_eq!(name(&r), "NoDeportation");
        // A centralization is the ruler's to decide where power has not
        // moved down.
        let centralize = Action::Centralize {
            from: Tier::Province,
            to: Tier::Ruler,
            amount: 0.1,
        };
        assert!(refusal(&world, written("one", centralize)).is_none());
        // An action that frees them passes its referendum.
        let assembly = Action::Action {
            id: "assembly".into(),
            target: None,
        };
        assert!(refusal(&world, written("three", assembly)).is_none());
    }

    #[test]
    fn an_order_past_its_turn_is_refused_as_late() {
        let mut world = fixture::world();
        world.resource_mut::<OrderQueue>().orders.push(Order {
            turn: 0,
            ..written("one", Action::Repress)
        });
        world.run_schedule(Turn);
        let log = world.resource::<OrderLog>();
        let reasons: Vec<&str> = log.refused(1).map(|(_, why)| why).collect();
        assert_eq!(reasons, vec![Refusal::Late(0).to_string()]);
        assert_eq!(name(&Refusal::Late(0)), "Late");
    }

    #[test]
    fn orders_command_the_player_s_polity_unless_a_test_gives_them() {
        let repress_two = || {
            written(
                "two",
                Action::SetResponse {
                    response: Response::Ignore,
                },
            )
        };
        let mut world = fixture::world();
        world
            .resource_mut::<OrderQueue>()
            .orders
            .push(repress_two());
        world.run_schedule(Turn);
        let reasons: Vec<String> = world
            .resource::<OrderLog>()
            .refused(1)
            .filter(|(r, _)| !r.ai)
            .map(|(_, why)| why.to_string())
            .collect();
        assert_eq!(reasons, vec![Refusal::NotYours("TWO".into()).to_string()]);
        assert_eq!(name(&Refusal::NotYours(String::new())), "NotYours");
        let mut world = fixture::world();
        let mut queue = world.resource_mut::<OrderQueue>();
        queue.orders.push(repress_two());
        queue.any_polity = true;
        world.run_schedule(Turn);
        assert_eq!(
            world
                .resource::<OrderLog>()
                .refused(1)
                .filter(|(r, _)| !r.ai)
                .count(),
            0
        );
    }

    #[test]
    fn a_refused_order_changes_nothing() {
        let mut world = fixture::world();
        let before = crate::sim::hash::state_hash(&world);
        let registry = world.resource::<Registry>().clone();
        let rules = world.resource::<Rules>().clone();
        let order = written(
            "one",
            Action::Devolve {
                from: Tier::Ruler,
                to: Tier::Municipal,
                amount: 0.5,
            },
        )
        .resolve(&registry, &rules)
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(carry_out(&mut world, &order).is_err());
        assert_eq!(crate::sim::hash::state_hash(&world), before);
    }

    #[test]
    fn an_applied_order_pays_and_enacts_its_effects() {
        let mut world = fixture::world_with(mod_rules());
        let registry = world.resource::<Registry>().clone();
        let rules = world.resource::<Rules>().clone();
        let resolve = |order: Written| {
            order
                .resolve(&registry, &rules)
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let devolve = resolve(written(
            "one",
            Action::Devolve {
                from: Tier::Ruler,
                to: Tier::Municipal,
                amount: 0.2,
            },
        ));
        let what = carry_out(&mut world, &devolve).unwrap_or_else(|e| panic!("{e}"));
        // At most `max_step` (0.15) moves in a turn; the rest is pending.
        assert_eq!(
            what,
            "devolved 0.15 of power from the ruler to the municipal councils (0.05 more over the next turns)"
        );
        let one = registry
            .polity(&world, PolityId(0))
            .cloned()
            .unwrap_or_else(|| panic!("no polity"));
        assert!((one.power.ruler - 0.65).abs() < 1e-9);
        assert!((one.turn.devolved - 0.15).abs() < 1e-9);
        assert!((one.planned_power().ruler - 0.6).abs() < 1e-9);
        assert!((one.capital - 2.0).abs() < 1e-9, "it cost 1 + 10·0.2");
        let fest = resolve(written(
            "one",
            Action::Action {
                id: "fest".into(),
                target: Some("home".into()),
            },
        ));
        assert_eq!(carry_out(&mut world, &fest), Ok("FEST".to_string()));
        let home = registry
            .province(&world, crate::sim::ids::ProvinceId(0))
            .map(|p| p.prosperity);
        assert_eq!(home, Some(0.6));
    }
}
