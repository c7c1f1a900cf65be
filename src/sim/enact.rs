//! Enacting effects (GAME.md §3): the one place where orders, the actions
//! of mods and scripted events change polities, provinces and citizens.
//! Each effect says in words what it did, for the log.

use bevy::prelude::*;

use super::annexation::annex;
use super::census::Census;
use super::citizens::Citizens;
use super::coercion::{Coercion, plan};
use super::effect::Effect;
use super::ids::{CultureId, PolityId, ProvinceId, sorted};
use super::news::{News, NewsKind, people};
use super::rules::Rules;
use super::territory::{found_polity, leave_federation, provinces_held};
use super::world::{
    Borders, Federations, LevelInfo, PendingShift, Polity, Province, Registry, Response, Tier,
    TurnStats, with_polity, with_province,
};

/// What an effect acts on: the polity that acts, and the province or other
/// polity it is aimed at. An effect that needs one that is missing does
/// nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Subjects {
    /// The acting polity.
    pub actor: Option<PolityId>,
    /// The province aimed at.
    pub province: Option<ProvinceId>,
    /// The other polity aimed at.
    pub polity: Option<PolityId>,
}

impl Subjects {
    /// An effect of a polity on itself.
    pub fn actor(polity: PolityId) -> Subjects {
        Subjects {
            actor: Some(polity),
            ..Subjects::default()
        }
    }

    /// An effect on a province, whoever holds it.
    pub fn province(province: ProvinceId) -> Subjects {
        Subjects {
            province: Some(province),
            ..Subjects::default()
        }
    }
}

/// Enacts one effect; returns what it did, or `None` when it had nothing to
/// act on.
pub fn enact(world: &mut World, on: Subjects, effect: &Effect) -> Option<String> {
    match effect {
        Effect::ShiftPower { from, to, amount } => shift_power(world, on, *from, *to, *amount),
        Effect::SetBorders { exit, entry } => {
            with_polity(world, on.actor?, |p| {
                p.borders = Borders {
                    exit: *exit,
                    entry: *entry,
                }
            })?;
            Some(format!("set borders to exit {exit:?}, entry {entry:?}"))
        }
        Effect::Authority { change } => {
            let now = with_polity(world, on.actor?, |p| {
                p.ruler.authority = (p.ruler.authority + change).clamp(0.0, 1.0);
                p.ruler.authority
            })?;
            Some(format!("the ruler's authority is now {now:.2}"))
        }
        Effect::Legitimacy { change } => {
            let now = with_polity(world, on.actor?, |p| {
                p.legitimacy = (p.legitimacy + change).clamp(0.0, 1.0);
                p.legitimacy
            })?;
            Some(format!("legitimacy is now {now:.2}"))
        }
        Effect::CommuneCharter { value } => {
            let value = value.clamp(0.0, 1.0);
            with_polity(world, on.actor?, |p| p.commune_charter = value)?;
            Some(format!("chartered communes with autonomy {value:.2}"))
        }
        Effect::Infrastructure { change } => {
            change_province(world, on.province?, "infrastructure", |p| {
                p.infrastructure = (p.infrastructure + change).clamp(0.0, 1.0)
            })
        }
        Effect::Prosperity { change } => change_province(world, on.province?, "prosperity", |p| {
            p.prosperity = (p.prosperity + change).clamp(0.0, 1.0)
        }),
        Effect::Grievance { change } => {
            let p = on.province?;
            change_grievance(world, p, *change);
            Some("changed the grievance of a province".into())
        }
        Effect::Message(text) => {
            world.resource_mut::<TurnStats>().say(News::new(
                NewsKind::Message,
                on.actor,
                text.clone(),
            ));
            Some(text.clone())
        }
        Effect::Invest => {
            let step = world.resource::<Rules>().economy.investment;
            let name = with_province(world, on.province?, |p| {
                p.infrastructure = (p.infrastructure + step).min(1.0);
                p.name.clone()
            })?;
            Some(format!("invested in the infrastructure of {name}"))
        }
        Effect::GrantIndependence => grant_independence(world, on.actor?, on.province?),
        Effect::Repress => {
            with_polity(world, on.actor?, |p| p.turn.repressed = true)?;
            Some("repressed voice".into())
        }
        Effect::Homogenize { culture } => {
            let moved = homogenize(world, on.actor?, *culture);
            let scale = f64::from(world.resource::<LevelInfo>().scale);
            let registry = world.resource::<Registry>();
            let name = registry.culture_key(*culture).unwrap_or_default();
            Some(format!(
                "forcibly sorted the {name} culture: {} people moved",
                people(f64::from(moved) * scale)
            ))
        }
        Effect::Annex => {
            let (province, former) = annex(world, on.actor?, on.province?)?;
            Some(format!(
                "annexed {province} from {former}: its people are coerced"
            ))
        }
        Effect::ProposeFederation => propose_federation(world, on.actor?, on.polity?),
        Effect::LeaveFederation => {
            let id = on.actor?;
            let registry = world.resource::<Registry>();
            let fed = registry.polity(world, id)?.federation?;
            leave_federation(world, id, fed);
            Some("left the federation (the right of exit)".into())
        }
        Effect::SetResponse { response } => {
            with_polity(world, on.actor?, |p| p.response = *response)?;
            Some(match response {
                Response::Listen => "will listen to protest".into(),
                Response::Repress => "will repress protest".into(),
                Response::Ignore => "will ignore protest".into(),
            })
        }
    }
}

/// Moves power between tiers, phased in (`Effect::ShiftPower`); says what
/// moved now and what is still to come.
fn shift_power(
    world: &mut World,
    on: Subjects,
    from: Tier,
    to: Tier,
    amount: f64,
) -> Option<String> {
    let step = world.resource::<Rules>().authority.max_step;
    let (moved, later) = with_polity(world, on.actor?, |p| phase_in(p, from, to, amount, step))?;
    let verb = if to.depth() > from.depth() {
        "devolved"
    } else {
        "centralized"
    };
    let (from, to) = (from.words(), to.words());
    // Nothing this turn (the step was used up): say what is coming.
    if moved < 0.005 && later > 0.0 {
        return Some(format!(
            "will move {later:.2} of power from {from} to {to} over the next turns"
        ));
    }
    let pending = if later > 0.0 {
        format!(" ({later:.2} more over the next turns)")
    } else {
        String::new()
    };
    Some(format!(
        "{verb} {moved:.2} of power from {from} to {to}{pending}"
    ))
}

/// Changes one value of a province; says which.
fn change_province(
    world: &mut World,
    p: ProvinceId,
    what: &str,
    change: impl FnOnce(&mut Province),
) -> Option<String> {
    let name = with_province(world, p, |province| {
        change(province);
        province.name.clone()
    })?;
    Some(format!("changed the {what} of {name}"))
}

/// A proposal of federation from one polity to another, once.
fn propose_federation(world: &mut World, from: PolityId, to: PolityId) -> Option<String> {
    let mut feds = world.resource_mut::<Federations>();
    if !feds.proposals.contains(&(from, to)) {
        feds.proposals.push((from, to));
    }
    let registry = world.resource::<Registry>();
    let name = registry.polity(world, to).map_or("?", |k| k.name.as_str());
    Some(format!("proposed a federation to {name}"))
}

/// A province becomes a polity with a copy of its owner's constitution;
/// nothing when it is the owner's last province.
fn grant_independence(world: &mut World, id: PolityId, p: ProvinceId) -> Option<String> {
    if provinces_held(world, id) < 2 {
        return None;
    }
    let registry = world.resource::<Registry>();
    let province = registry.province(world, p)?.clone();
    let actor = registry.polity(world, id)?.clone();
    let new = found_polity(world, &actor, &province, None);
    Some(format!(
        "granted {} independence as {new} with a copy of the constitution",
        province.name
    ))
}

/// Changes the grievance of everyone living in a province.
fn change_grievance(world: &mut World, p: ProvinceId, change: f64) {
    let mut citizens = world.resource_mut::<Citizens>();
    let c = citizens.columns_mut();
    for (grievance, home) in c.grievance.iter_mut().zip(c.home.iter()) {
        if *home == p {
            *grievance = (*grievance + change as f32).clamp(0.0, 1.0);
        }
    }
}

/// Forcibly sorts a culture (GAME.md §3: allowed, and scored as what it
/// is): its members in the polity are moved to the province where it is
/// most numerous, and everyone else there is moved out to where their own
/// culture is most numerous. Everyone moved is `coerced`. Plans the
/// sorting (done at the end of the phase) and returns how many it moves.
fn homogenize(world: &mut World, id: PolityId, culture: CultureId) -> u32 {
    let provinces: Vec<ProvinceId> = sorted(
        world
            .query::<&Province>()
            .iter(world)
            .filter(|p| p.owner == id)
            .map(|p| p.id),
        |p| *p,
    );
    // Where each culture goes, worked out from the census before anyone
    // moves.
    let (target, others, owned) = {
        let census = world.resource::<Census>();
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
        let others: Vec<Option<ProvinceId>> = (0..census.cultures)
            .map(|c| homeland(CultureId(c as u32), Some(target)))
            .collect();
        let mut owned = vec![false; census.population.len()];
        for p in &provinces {
            owned[p.index()] = true;
        }
        (target, others, owned)
    };
    // Who will move, counted from the census; the moves themselves are
    // made with the phase's other coercions, in one pass (`coercion.rs`).
    let moved = {
        let census = world.resource::<Census>();
        let members: u32 = provinces
            .iter()
            .filter(|p| **p != target)
            .map(|p| census.count(*p, culture))
            .sum();
        let expelled: u32 = (0..census.cultures)
            .map(|c| CultureId(c as u32))
            .filter(|c| *c != culture && others[c.index()].is_some())
            .map(|c| census.count(target, c))
            .sum();
        members + expelled
    };
    plan(
        world,
        Coercion::Sort {
            owned,
            culture,
            target,
            others,
        },
    );
    moved
}

/// Moves `amount` of power from one tier to another as far as this turn's
/// step allows (`max_step` less what already moved this turn) and leaves
/// the rest pending for the next turns (GAME.md §3 trade-offs); returns
/// what moved and what is pending. What a tier does not hold does not move
/// and is not kept pending.
pub fn phase_in(p: &mut Polity, from: Tier, to: Tier, amount: f64, step: f64) -> (f64, f64) {
    let now = amount.min((step - p.turn.shifted).max(0.0));
    let moved = p.power.shift(from, to, now);
    p.turn.shifted += moved;
    if to.depth() > from.depth() {
        p.turn.devolved += moved;
    } else {
        p.turn.centralized += moved;
    }
    let later = if moved + 1e-12 < now {
        0.0
    } else {
        amount - now
    };
    if later > 1e-9 {
        p.pending.push(PendingShift {
            from,
            to,
            amount: later,
        });
        (moved, later)
    } else {
        (moved, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::fixture;

    #[test]
    fn large_shifts_are_phased_in_a_step_a_turn() {
        let world = fixture::world();
        let entity = world.resource::<Registry>().polities[0];
        let mut p = world
            .get::<Polity>(entity)
            .cloned()
            .unwrap_or_else(|| panic!("no polity"));
        let ruler = p.power.ruler;
        // 0.4 ordered with a step of 0.15: 0.15 now, 0.25 later.
        assert_eq!(
            phase_in(&mut p, Tier::Ruler, Tier::Municipal, 0.4, 0.15),
            (0.15, 0.25)
        );
        // A second order the same turn finds the step used up.
        let (moved, later) = phase_in(&mut p, Tier::Ruler, Tier::Citizens, 0.1, 0.15);
        assert_eq!(moved, 0.0);
        assert!((later - 0.1).abs() < 1e-12);
        assert_eq!(p.pending.len(), 2);
        assert!((p.power.ruler - (ruler - 0.15)).abs() < 1e-12);
        assert!((p.planned_power().ruler - (ruler - 0.5)).abs() < 1e-12);
        assert!((p.turn.devolved - 0.15).abs() < 1e-12);
        // What a tier does not hold neither moves nor stays pending.
        p.turn.shifted = 0.0;
        p.pending.clear();
        assert_eq!(
            phase_in(&mut p, Tier::Citizens, Tier::Ruler, 0.3, 0.15).1,
            0.0
        );
        assert!(p.pending.is_empty());
    }
}
