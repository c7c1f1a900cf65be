//! The level file format of GAME.md §5 as serde types, field for field,
//! plus the orders format of §6 and scenario tests of §7. Ids here are the
//! strings of the file; `validate` resolves them to typed ids once. Orders
//! and effects are the simulation's own types, with names as keys.

use serde::{Deserialize, Serialize};

pub use crate::sim::scenario::{Metric, PlayerFall, ProvinceQuantity};

use crate::sim::effect::Effect;
use crate::sim::ids::Keys;
use crate::sim::order::{Action, Order};
use crate::sim::world::{BorderPolicy, Borders, Controller, Hex, Power, Response, Ruler};

fn one() -> u32 {
    1
}
fn half() -> f64 {
    0.5
}
fn default_infrastructure() -> f64 {
    0.2
}

/// A level file: `Level(...)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Level")]
pub struct LevelFile {
    /// Display name.
    pub name: String,
    /// One or two sentences for the level list.
    #[serde(default)]
    pub description: String,
    /// Seed of every random draw.
    pub seed: u64,
    /// The last turn.
    pub max_turns: u32,
    /// People per citizen agent.
    #[serde(default = "one")]
    pub scale: u32,
    /// Culture names.
    pub cultures: Vec<String>,
    /// Provinces.
    pub provinces: Vec<ProvinceFile>,
    /// Polities.
    pub polities: Vec<PolityFile>,
    /// What the player must reach.
    #[serde(default)]
    pub goals: Vec<GoalFile>,
    /// What the player's regime falling means (default: a defeat).
    #[serde(default)]
    pub on_player_fall: PlayerFall,
    /// Scripted events.
    #[serde(default)]
    pub events: Vec<EventFile>,
    /// Scenario tests.
    #[serde(default)]
    pub tests: Vec<ScenarioTestFile>,
}

/// A province entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceFile {
    /// Its id in files.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Axial hex cells.
    pub cells: Vec<Hex>,
    /// Agents it holds before overcrowding.
    pub capacity: u32,
    /// Prosperity, 0..1.
    #[serde(default = "half")]
    pub prosperity: f64,
    /// Infrastructure, 0..1.
    #[serde(default = "default_infrastructure")]
    pub infrastructure: f64,
    /// Agents by culture.
    pub population: Vec<(String, u32)>,
}

/// A polity entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolityFile {
    /// Its id in files.
    pub id: String,
    /// Display name.
    pub name: String,
    /// RGB colour, 0..1.
    pub color: (f32, f32, f32),
    /// Member province ids.
    pub provinces: Vec<String>,
    /// Ruler name and authority.
    pub ruler: Ruler,
    /// Constitution.
    pub power: Power,
    /// Exit and entry policies.
    pub borders: Borders,
    /// Commune charter.
    #[serde(default)]
    pub commune_charter: f64,
    /// Player or AI archetype.
    pub controller: Controller,
    /// Its citizens start forcibly sorted.
    #[serde(default)]
    pub coerced: bool,
    /// Starting legitimacy.
    #[serde(default = "default_legitimacy")]
    pub legitimacy: f64,
    /// Starting political capital.
    #[serde(default = "default_capital")]
    pub capital: f64,
    /// Standing answer to protest (default by controller).
    #[serde(default)]
    pub response: Option<Response>,
}

fn default_legitimacy() -> f64 {
    0.6
}
fn default_capital() -> f64 {
    5.0
}

/// Where a metric is measured, as written in files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeFile {
    /// Everyone.
    World,
    /// One polity, by id.
    Polity(String),
    /// The player's polity.
    Player,
}

/// A goal: a metric to reach by a turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalFile {
    /// What is measured.
    pub metric: Metric,
    /// Where.
    pub scope: ScopeFile,
    /// Lower bound.
    #[serde(default)]
    pub at_least: Option<f64>,
    /// Upper bound.
    #[serde(default)]
    pub at_most: Option<f64>,
    /// The turn by which it must hold (default: the last turn).
    #[serde(default)]
    pub by_turn: Option<u32>,
    /// Turns the bounds must hold in a row (default 5).
    #[serde(default)]
    pub hold_for: Option<u32>,
    /// What to do to meet it, in words, shown on the objectives card.
    #[serde(default)]
    pub note: Option<String>,
}

/// An expectation of a scenario test, checked after its last turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectFile {
    /// What is measured.
    pub metric: Metric,
    /// Where.
    pub scope: ScopeFile,
    /// Lower bound.
    #[serde(default)]
    pub at_least: Option<f64>,
    /// Upper bound.
    #[serde(default)]
    pub at_most: Option<f64>,
    /// Measure the difference with a run of the same test with no orders.
    #[serde(default)]
    pub versus: Option<Versus>,
}

/// What an expectation is compared against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Versus {
    /// The same turns, seed and level played with no orders: the bounds
    /// apply to the value minus the value of doing nothing.
    Idle,
}

/// Orders of a scenario test: a file path (relative to the level) or a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OrdersSource {
    /// Path of an orders file, relative to the level file.
    File(String),
    /// Orders written in the level.
    Inline(Vec<OrderFile>),
}

/// A scenario test (§7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioTestFile {
    /// Name shown in reports.
    pub name: String,
    /// Orders to apply.
    #[serde(default)]
    pub orders: Option<OrdersSource>,
    /// Turns to play.
    pub turns: u32,
    /// Seed override.
    #[serde(default)]
    pub seed: Option<u64>,
    /// What must hold after the last turn.
    pub expect: Vec<ExpectFile>,
}

/// An orders file: `Orders([...])` (§6); also the replay log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Orders")]
pub struct OrdersFile(pub Vec<OrderFile>);

/// One order as written in files (`polity` and targets by key).
pub type OrderFile = Order<Keys>;

/// The action of an order as written in files.
pub type ActionFile = Action<Keys>;

/// What starts an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TriggerFile {
    /// On this turn.
    Turn(u32),
    /// Every n turns.
    Every(u32),
    /// When a metric is above a value.
    Above {
        /// Metric.
        metric: Metric,
        /// Scope.
        scope: ScopeFile,
        /// Threshold.
        value: f64,
    },
    /// When a metric is below a value.
    Below {
        /// Metric.
        metric: Metric,
        /// Scope.
        scope: ScopeFile,
        /// Threshold.
        value: f64,
    },
    /// With this probability each turn.
    Chance(f64),
    /// When a quantity of a province is above a value.
    ProvinceAbove {
        /// Province id.
        province: String,
        /// What is measured.
        quantity: ProvinceQuantity,
        /// Threshold.
        value: f64,
    },
    /// When a quantity of a province is below a value.
    ProvinceBelow {
        /// Province id.
        province: String,
        /// What is measured.
        quantity: ProvinceQuantity,
        /// Threshold.
        value: f64,
    },
    /// On this turn and every turn after it.
    FromTurn(u32),
    /// When the event of this id (written before this one) fired on an
    /// earlier turn.
    Fired(String),
    /// When every trigger of the list holds.
    All(Vec<TriggerFile>),
    /// When at least one trigger of the list holds.
    Any(Vec<TriggerFile>),
    /// When the trigger does not hold.
    Not(Box<TriggerFile>),
}

/// What an event does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EffectFile {
    /// A message in the event log.
    Message(String),
    /// Change a province's prosperity.
    Prosperity {
        /// Province id.
        province: String,
        /// Change.
        change: f64,
    },
    /// Change a province's infrastructure.
    Infrastructure {
        /// Province id.
        province: String,
        /// Change.
        change: f64,
    },
    /// Change a polity's ruler authority.
    Authority {
        /// Polity id.
        polity: String,
        /// Change.
        change: f64,
    },
    /// Change a polity's legitimacy.
    Legitimacy {
        /// Polity id.
        polity: String,
        /// Change.
        change: f64,
    },
    /// Set a polity's borders.
    Borders {
        /// Polity id.
        polity: String,
        /// Exit.
        exit: BorderPolicy,
        /// Entry.
        entry: BorderPolicy,
    },
    /// Change the grievance of everyone in a province.
    Grievance {
        /// Province id.
        province: String,
        /// Change.
        change: f64,
    },
    /// Effects of the actions' set (`docs/modding.md`) on a polity, and on
    /// a province of it where an effect needs one.
    Act {
        /// Polity id, or `"Player"` for the player's polity.
        polity: String,
        /// Province id, for effects that need a province.
        #[serde(default)]
        province: Option<String>,
        /// The effects, in order.
        effects: Vec<Effect<Keys>>,
    },
}

/// A scripted event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    /// Its id.
    pub id: String,
    /// What starts it.
    pub trigger: TriggerFile,
    /// What it does.
    pub effects: Vec<EffectFile>,
    /// Fire at most once (default true).
    #[serde(default = "yes")]
    pub once: bool,
}

fn yes() -> bool {
    true
}

/// Field names of each struct of the format, `(name, required)`, used to
/// report every unknown or missing field at once with its position.
pub mod fields {
    /// `Level(...)`.
    pub const LEVEL: &[(&str, bool)] = &[
        ("name", true),
        ("description", false),
        ("seed", true),
        ("max_turns", true),
        ("scale", false),
        ("cultures", true),
        ("provinces", true),
        ("polities", true),
        ("goals", false),
        ("on_player_fall", false),
        ("events", false),
        ("tests", false),
    ];
    /// A province.
    pub const PROVINCE: &[(&str, bool)] = &[
        ("id", true),
        ("name", true),
        ("cells", true),
        ("capacity", true),
        ("prosperity", false),
        ("infrastructure", false),
        ("population", true),
    ];
    /// A polity.
    pub const POLITY: &[(&str, bool)] = &[
        ("id", true),
        ("name", true),
        ("color", true),
        ("provinces", true),
        ("ruler", true),
        ("power", true),
        ("borders", true),
        ("commune_charter", false),
        ("controller", true),
        ("coerced", false),
        ("legitimacy", false),
        ("capital", false),
        ("response", false),
    ];
    /// A ruler.
    pub const RULER: &[(&str, bool)] = &[("name", true), ("authority", true)];
    /// A constitution.
    pub const POWER: &[(&str, bool)] = &[
        ("ruler", true),
        ("province", true),
        ("municipal", true),
        ("citizens", true),
    ];
    /// Borders.
    pub const BORDERS: &[(&str, bool)] = &[("exit", true), ("entry", true)];
    /// A goal.
    pub const GOAL: &[(&str, bool)] = &[
        ("metric", true),
        ("scope", true),
        ("at_least", false),
        ("at_most", false),
        ("by_turn", false),
        ("hold_for", false),
        ("note", false),
    ];
    /// A scenario test.
    pub const TEST: &[(&str, bool)] = &[
        ("name", true),
        ("orders", false),
        ("turns", true),
        ("seed", false),
        ("expect", true),
    ];
    /// An expectation.
    pub const EXPECT: &[(&str, bool)] = &[
        ("metric", true),
        ("scope", true),
        ("at_least", false),
        ("at_most", false),
        ("versus", false),
    ];
    /// An event.
    pub const EVENT: &[(&str, bool)] = &[
        ("id", true),
        ("trigger", true),
        ("effects", true),
        ("once", false),
    ];
    /// An order.
    pub const ORDER: &[(&str, bool)] = &[("turn", true), ("polity", true), ("action", true)];
}

/// Names of the archetypes, for hints.
pub const ARCHETYPES: &[&str] = &["Warden", "Reformer", "Opportunist"];

#[cfg(test)]
mod tests {
    use super::fields;

    #[test]
    fn every_field_of_the_format_is_documented() {
        let docs = include_str!("../../docs/levels.md");
        let all = [
            fields::LEVEL,
            fields::PROVINCE,
            fields::POLITY,
            fields::RULER,
            fields::POWER,
            fields::BORDERS,
            fields::GOAL,
            fields::TEST,
            fields::EXPECT,
            fields::EVENT,
            fields::ORDER,
        ];
        for list in all {
            for (name, _) in list.iter() {
                assert!(
                    docs.contains(&format!("`{name}`")),
                    "docs/levels.md does not document `{name}`"
                );
            }
        }
        for word in [
            "Devolve",
            "Centralize",
            "SetBorders",
            "CharterCommunes",
            "Invest",
            "ProposeFederation",
            "LeaveFederation",
            "GrantIndependence",
            "Repress",
            "Homogenize",
            "Annex",
            "SetResponse",
            "Turn(n)",
            "Every(n)",
            "Above(",
            "Below(",
            "Chance(p)",
            "ProvinceAbove(",
            "ProvinceBelow(",
            "FromTurn(n)",
            "Fired(",
            "All([",
            "Any([",
            "Not(",
            "Message(",
            "Prosperity(",
            "Infrastructure(",
            "Grievance(",
            "Authority(",
            "Legitimacy(",
            "Borders(",
            "Act(",
        ] {
            assert!(
                docs.contains(word),
                "docs/levels.md does not document {word}"
            );
        }
    }
}
