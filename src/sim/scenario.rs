//! A scenario (GAME.md §5) as the simulation takes it: provinces, polities,
//! goals and scripted events with every name resolved to an id. The level
//! loader (`src/level/`) reads RON files and produces one; the simulation
//! never sees the file format.

use bevy::prelude::Resource;
use serde::{Deserialize, Serialize};

use super::effect::Effect;
use super::ids::{CultureId, PolityId, ProvinceId};
use super::world::{Borders, Controller, Hex, Power, Response, Ruler};

/// A checked scenario with typed ids: the world as it starts, what the
/// player must reach, and what happens on its own.
#[derive(Resource, Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The file it came from (saves name it).
    pub file: String,
    /// A hash of the file's text, so that a save can tell if it changed.
    pub fingerprint: u64,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Seed.
    pub seed: u64,
    /// The last turn.
    pub max_turns: u32,
    /// People per agent.
    pub scale: u32,
    /// Cultures by id.
    pub cultures: Vec<String>,
    /// Provinces by id.
    pub provinces: Vec<ProvinceSpec>,
    /// Polities by id.
    pub polities: Vec<PolitySpec>,
    /// Goals.
    pub goals: Vec<Goal>,
    /// What the player's regime falling means.
    pub on_player_fall: PlayerFall,
    /// Events: the level's, then those of mods.
    pub events: Vec<EventSpec>,
}

/// What the player's regime falling means (GAME.md §3.2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlayerFall {
    /// A defeat: the people did what the player would not.
    #[default]
    Defeat,
    /// The game goes on under the citizens' constitution.
    Continue,
}

impl Scenario {
    /// The polity the player controls, if any.
    pub fn player(&self) -> Option<PolityId> {
        self.polities
            .iter()
            .position(|p| p.controller == Controller::Player)
            .map(|i| PolityId(i as u32))
    }

    /// The citizen agents it starts with, in all.
    pub fn agents(&self) -> u64 {
        self.provinces
            .iter()
            .flat_map(|p| p.population.iter().map(|(_, n)| u64::from(*n)))
            .sum()
    }
}

/// A province of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ProvinceSpec {
    /// Id in files.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Cells.
    pub cells: Vec<Hex>,
    /// Capacity in agents.
    pub capacity: u32,
    /// Prosperity.
    pub prosperity: f64,
    /// Infrastructure.
    pub infrastructure: f64,
    /// Agents by culture.
    pub population: Vec<(CultureId, u32)>,
}

/// A polity of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct PolitySpec {
    /// Id in files.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Colour.
    pub color: [f32; 3],
    /// Its provinces.
    pub provinces: Vec<ProvinceId>,
    /// Ruler.
    pub ruler: Ruler,
    /// Constitution.
    pub power: Power,
    /// Borders.
    pub borders: Borders,
    /// Commune charter.
    pub commune_charter: f64,
    /// Controller.
    pub controller: Controller,
    /// Citizens start coerced.
    pub coerced: bool,
    /// Legitimacy.
    pub legitimacy: f64,
    /// Political capital.
    pub capital: f64,
    /// Standing answer to protest.
    pub response: Response,
}

/// A measurable quantity for goals, expectations and event triggers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Metric {
    /// The score `S`.
    Score,
    /// Mean domination exposure.
    Domination,
    /// Mean power exposure `P`.
    PowerExposure,
    /// Mean real exit option `E`.
    ExitOption,
    /// Voluntariness `V`.
    Voluntariness,
    /// Equality of power `G`.
    Equality,
    /// Forced sorting `FS`.
    ForcedSorting,
    /// Fragmentation `F` (world only).
    Fragmentation,
    /// Effective number of polities (world only).
    EffectivePolities,
    /// Hierarchies with `δ_ruler ≥ 0.5` (world only).
    Hierarchies,
    /// People.
    Population,
    /// Blocked exits this turn (agents).
    BlockedExits,
    /// Coerced people.
    Coerced,
    /// Migrants this turn (agents).
    Migrants,
    /// Legitimacy (polity only).
    Legitimacy,
    /// Ruler authority (polity only).
    Authority,
    /// The mean over the turns played of the score of the people who lived
    /// in the polity at turn 0, wherever they live now (for the world: of
    /// the world's score).
    Legacy,
    /// Mean freedom to leave `L`.
    FreedomToLeave,
    /// Mean exit discipline `X`.
    ExitDiscipline,
    /// The share of the people who are members of a commune.
    CommuneMembers,
    /// The ruler's share of power `δ_ruler` (polity only).
    RulerPower,
    /// How open the polity's exit is now: 1 open, 0.5 permits, 0 closed
    /// (polity only; unlike `FreedomToLeave`, not waiting for the scoring).
    ExitOpenness,
    /// The autonomy the polity's charter gives communes now (polity only).
    CommuneCharter,
    /// 1 while the polity belongs to a federation, else 0 (polity only).
    Federated,
}

impl Metric {
    /// True for metrics only defined for the whole world.
    pub fn world_only(self) -> bool {
        matches!(
            self,
            Metric::Fragmentation
                | Metric::EffectivePolities
                | Metric::Hierarchies
                | Metric::Migrants
        )
    }

    /// True for metrics only defined for a polity.
    pub fn polity_only(self) -> bool {
        matches!(
            self,
            Metric::Legitimacy
                | Metric::Authority
                | Metric::RulerPower
                | Metric::ExitOpenness
                | Metric::CommuneCharter
                | Metric::Federated
        )
    }
}

/// A quantity of one province, for event triggers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProvinceQuantity {
    /// Prosperity, 0..1.
    Prosperity,
    /// Infrastructure, 0..1.
    Infrastructure,
    /// Mean grievance of its people, 0..1.
    Grievance,
    /// People living there.
    Population,
    /// Domination exposure of its people, 0..1.
    Domination,
}

/// Where a metric is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everyone.
    World,
    /// One polity.
    Polity(PolityId),
}

/// A goal with its scope resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// Metric.
    pub metric: Metric,
    /// Scope.
    pub scope: Scope,
    /// Lower bound.
    pub at_least: Option<f64>,
    /// Upper bound.
    pub at_most: Option<f64>,
    /// Deadline.
    pub by_turn: u32,
    /// Turns the bounds must hold in a row for the goal to be met.
    pub hold_for: u32,
    /// What to do to meet it, in words (the objectives card shows it).
    pub note: Option<String>,
}

impl Goal {
    /// True when a value meets the goal's bounds.
    pub fn met_by(&self, value: f64) -> bool {
        self.at_least.is_none_or(|l| value >= l) && self.at_most.is_none_or(|m| value <= m)
    }

    /// The goal in words.
    pub fn describe(&self, polity_name: impl Fn(PolityId) -> String) -> String {
        let scope = match self.scope {
            Scope::World => "world".to_string(),
            Scope::Polity(p) => polity_name(p),
        };
        let bound = match (self.at_least, self.at_most) {
            (Some(l), Some(m)) => format!("between {l} and {m}"),
            (Some(l), None) => format!("at least {l}"),
            (None, Some(m)) => format!("at most {m}"),
            (None, None) => "anything".into(),
        };
        let held = if self.hold_for > 1 {
            format!(", held for {} turns", self.hold_for)
        } else {
            String::new()
        };
        format!(
            "{} of {scope} {bound} by turn {}{held}",
            self.metric.words(),
            self.by_turn
        )
    }
}

impl Metric {
    /// The metric as the player reads it: "Freedom to leave".
    pub fn words(self) -> &'static str {
        match self {
            Metric::Score => "Score",
            Metric::Domination => "Domination",
            Metric::PowerExposure => "Power exposure",
            Metric::ExitOption => "Exit option",
            Metric::Voluntariness => "Voluntariness",
            Metric::Equality => "Equality of power",
            Metric::ForcedSorting => "Forced sorting",
            Metric::Fragmentation => "Fragmentation",
            Metric::EffectivePolities => "Effective number of states",
            Metric::Hierarchies => "Hierarchies",
            Metric::Population => "Population",
            Metric::BlockedExits => "Blocked exits",
            Metric::Coerced => "Coerced people",
            Metric::Migrants => "Migrants",
            Metric::Legitimacy => "Legitimacy",
            Metric::Authority => "Ruler's authority",
            Metric::Legacy => "Legacy",
            Metric::FreedomToLeave => "Freedom to leave",
            Metric::ExitDiscipline => "Exit discipline",
            Metric::CommuneMembers => "Commune members",
            Metric::RulerPower => "Ruler's share of power",
            Metric::ExitOpenness => "Openness of the exit",
            Metric::CommuneCharter => "Commune charter",
            Metric::Federated => "In a federation",
        }
    }
}

/// What starts an event.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// On a turn.
    Turn(u32),
    /// Every n turns (n ≥ 1).
    Every(u32),
    /// Metric above a value.
    Above(Metric, Scope, f64),
    /// Metric below a value.
    Below(Metric, Scope, f64),
    /// With a probability.
    Chance(f64),
    /// A quantity of a province above a value.
    ProvinceAbove(ProvinceId, ProvinceQuantity, f64),
    /// A quantity of a province below a value.
    ProvinceBelow(ProvinceId, ProvinceQuantity, f64),
    /// On a turn and every turn after it.
    FromTurn(u32),
    /// The event of this index (in the scenario's list) fired on an
    /// earlier turn.
    Fired(usize),
    /// Every trigger holds.
    All(Vec<Trigger>),
    /// At least one trigger holds.
    Any(Vec<Trigger>),
    /// The trigger does not hold.
    Not(Box<Trigger>),
}

/// What an event does.
#[derive(Clone, Debug, PartialEq)]
pub enum EventEffect {
    /// A message.
    Message(String),
    /// Prosperity change.
    Prosperity(ProvinceId, f64),
    /// Infrastructure change.
    Infrastructure(ProvinceId, f64),
    /// Authority change.
    Authority(PolityId, f64),
    /// Legitimacy change.
    Legitimacy(PolityId, f64),
    /// Set borders.
    Borders(PolityId, Borders),
    /// Grievance change for a province.
    Grievance(ProvinceId, f64),
    /// Effects of the actions' set, on a living polity and maybe a
    /// province.
    Act(PolityId, Option<ProvinceId>, Vec<Effect>),
}

/// A scripted event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    /// Id.
    pub key: String,
    /// Trigger.
    pub trigger: Trigger,
    /// Effects in order.
    pub effects: Vec<EventEffect>,
    /// At most once.
    pub once: bool,
}
