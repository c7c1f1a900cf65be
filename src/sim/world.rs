//! The world model of GAME.md §2 as ECS components and resources: provinces,
//! polities, citizens and communes, each with a stable id.

use std::collections::BTreeMap;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::ids::{CitizenId, CommuneId, CultureId, FederationId, PolityId, ProvinceId};
use super::news::News;

/// An axial hex coordinate `(q, r)`.
pub type Hex = (i32, i32);

/// The four tiers of a constitution, from the top down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// The ruler.
    Ruler,
    /// Provincial assemblies.
    Province,
    /// Municipal councils.
    Municipal,
    /// Direct self-rule by the citizens.
    Citizens,
}

impl Tier {
    /// All tiers, top down.
    pub const ALL: [Tier; 4] = [Tier::Ruler, Tier::Province, Tier::Municipal, Tier::Citizens];

    /// How far down the hierarchy this tier sits (ruler 0, citizens 3).
    pub fn depth(self) -> u8 {
        match self {
            Tier::Ruler => 0,
            Tier::Province => 1,
            Tier::Municipal => 2,
            Tier::Citizens => 3,
        }
    }

    /// The tier as the player reads it: "the municipal councils".
    pub fn words(self) -> &'static str {
        match self {
            Tier::Ruler => "the ruler",
            Tier::Province => "the provincial assemblies",
            Tier::Municipal => "the municipal councils",
            Tier::Citizens => "the citizens",
        }
    }
}

/// Shares of decision power over the four tiers; they sum to 1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Power {
    /// The ruler's share.
    pub ruler: f64,
    /// The provincial assemblies' share.
    pub province: f64,
    /// The municipal councils' share.
    pub municipal: f64,
    /// The citizens' own share.
    pub citizens: f64,
}

impl Power {
    /// The share of one tier.
    pub fn get(&self, tier: Tier) -> f64 {
        match tier {
            Tier::Ruler => self.ruler,
            Tier::Province => self.province,
            Tier::Municipal => self.municipal,
            Tier::Citizens => self.citizens,
        }
    }

    /// Sets the share of one tier.
    pub fn set(&mut self, tier: Tier, value: f64) {
        match tier {
            Tier::Ruler => self.ruler = value,
            Tier::Province => self.province = value,
            Tier::Municipal => self.municipal = value,
            Tier::Citizens => self.citizens = value,
        }
    }

    /// Moves up to `amount` of share from one tier to another; returns what
    /// was moved.
    pub fn shift(&mut self, from: Tier, to: Tier, amount: f64) -> f64 {
        let moved = amount.clamp(0.0, self.get(from));
        self.set(from, self.get(from) - moved);
        self.set(to, self.get(to) + moved);
        moved
    }

    /// The share held below the ruler (GAME.md §3: at 0.5 or more the
    /// citizens decide by referendum).
    pub fn lower_tiers(&self) -> f64 {
        self.province + self.municipal + self.citizens
    }

    /// The sum of all shares (1 for a valid constitution).
    pub fn total(&self) -> f64 {
        self.ruler + self.province + self.municipal + self.citizens
    }
}

/// An exit or entry policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BorderPolicy {
    /// Anyone may pass.
    Open,
    /// A fee; half of those who try get through.
    Permit,
    /// No one may pass.
    Closed,
}

impl BorderPolicy {
    /// `b_i` of the exit option: 1, 0.5 or 0.
    pub fn openness(self) -> f64 {
        match self {
            BorderPolicy::Open => 1.0,
            BorderPolicy::Permit => 0.5,
            BorderPolicy::Closed => 0.0,
        }
    }

    /// One step more open: Closed to Permit, Permit to Open.
    pub fn opened(self) -> BorderPolicy {
        match self {
            BorderPolicy::Closed => BorderPolicy::Permit,
            BorderPolicy::Permit | BorderPolicy::Open => BorderPolicy::Open,
        }
    }

    /// The name used in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            BorderPolicy::Open => "Open",
            BorderPolicy::Permit => "Permit",
            BorderPolicy::Closed => "Closed",
        }
    }
}

/// A polity's exit and entry policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Borders {
    /// May the polity's citizens leave?
    pub exit: BorderPolicy,
    /// May others come in?
    pub entry: BorderPolicy,
}

impl Borders {
    /// Exit and entry both open.
    pub fn open() -> Borders {
        Borders {
            exit: BorderPolicy::Open,
            entry: BorderPolicy::Open,
        }
    }
}

/// How an AI polity behaves (GAME.md §3, AI archetypes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Archetype {
    /// Keeps authority: closes exit when it loses people, represses voice.
    Warden,
    /// Answers voice with devolution, opens borders over time.
    Reformer,
    /// Copies the policies of the most prosperous neighbour.
    Opportunist,
}

impl Archetype {
    /// Its id in `assets/rules/archetypes.ron`.
    pub fn id(self) -> &'static str {
        match self {
            Archetype::Warden => "Warden",
            Archetype::Reformer => "Reformer",
            Archetype::Opportunist => "Opportunist",
        }
    }
}

/// Who gives a polity its orders.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Controller {
    /// The human player.
    Player,
    /// The computer, by a base archetype.
    Ai(Archetype),
    /// The computer, by an archetype a mod defines.
    Custom(String),
}

impl Controller {
    /// The standing answer to protest a polity starts with when its level
    /// says nothing: a warden represses, a reformer listens.
    pub fn default_response(&self) -> Response {
        match self {
            Controller::Ai(Archetype::Warden) => Response::Repress,
            Controller::Ai(Archetype::Reformer) => Response::Listen,
            Controller::Player | Controller::Ai(Archetype::Opportunist) | Controller::Custom(_) => {
                Response::Ignore
            }
        }
    }

    /// The id of its archetype, for an AI.
    pub fn archetype(&self) -> Option<&str> {
        match self {
            Controller::Player => None,
            Controller::Ai(a) => Some(a.id()),
            Controller::Custom(id) => Some(id),
        }
    }
}

/// A polity's standing answer to protest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Response {
    /// Listen: a small devolution each turn with protest.
    Listen,
    /// Repress: authority up, voice silenced.
    Repress,
    /// Do nothing.
    Ignore,
}

/// A ruler: name and authority `α_ruler`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ruler {
    /// The ruler's name.
    pub name: String,
    /// How unchecked the ruler's share is, 0..1.
    pub authority: f64,
}

/// A province: hex cells, capacity, prosperity, infrastructure and owner.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Province {
    /// Stable id.
    pub id: ProvinceId,
    /// The id used in level files (`"municibara"`).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Axial hex cells.
    pub cells: Vec<Hex>,
    /// Agents it holds before overcrowding.
    pub capacity: u32,
    /// Prosperity, 0..1.
    pub prosperity: f64,
    /// Infrastructure, 0..1.
    pub infrastructure: f64,
    /// The polity that owns it.
    pub owner: PolityId,
}

impl Polity {
    /// The constitution once every pending shift has moved.
    pub fn planned_power(&self) -> Power {
        let mut power = self.power;
        for shift in &self.pending {
            power.shift(shift.from, shift.to, shift.amount);
        }
        power
    }
}

/// A share of power ordered to move from one tier to another that has not
/// moved yet.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingShift {
    /// From this tier.
    pub from: Tier,
    /// To this tier.
    pub to: Tier,
    /// The share still to move.
    pub amount: f64,
}

/// What happened to a polity during the current turn; reset each turn.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PolityTurn {
    /// It repressed voice this turn.
    pub repressed: bool,
    /// Share centralized this turn.
    pub centralized: f64,
    /// Share devolved this turn.
    pub devolved: f64,
    /// Share moved this turn by orders, effects and pending shifts, against
    /// `authority.max_step`.
    #[serde(default)]
    pub shifted: f64,
    /// Share of its citizens protesting.
    pub protest_share: f64,
    /// Share of its citizens who could see a better home abroad.
    pub visible_exit: f64,
    /// Citizens (agents) who left it.
    pub emigrants: u32,
    /// Citizens (agents) whose exit it blocked.
    pub blocked: u32,
    /// Citizens (agents) at the start of the turn.
    pub population_start: u32,
    /// Its ruler fell this turn and its provinces vote to leave (the
    /// Reassociation phase holds the votes).
    #[serde(default)]
    pub seceding: bool,
    /// Share that crept back up to the ruler this turn (offices gather
    /// powers where people cannot leave).
    #[serde(default)]
    pub crept: f64,
}

/// A polity: constitution, ruler, borders, charter, legitimacy, capital.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Polity {
    /// Stable id.
    pub id: PolityId,
    /// The id used in level and orders files.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Map colour, RGB 0..1.
    pub color: [f32; 3],
    /// Who gives its orders.
    pub controller: Controller,
    /// The ruler.
    pub ruler: Ruler,
    /// The constitution.
    pub power: Power,
    /// Exit and entry.
    pub borders: Borders,
    /// Commune charter `a`, 0..1.
    pub commune_charter: f64,
    /// Legitimacy, 0..1.
    pub legitimacy: f64,
    /// Political capital.
    pub capital: f64,
    /// The federation it belongs to.
    pub federation: Option<FederationId>,
    /// Its standing answer to protest.
    pub response: Response,
    /// True once it holds no province.
    pub dissolved: bool,
    /// How many times its regime has fallen.
    #[serde(default)]
    pub falls: u32,
    /// The turn its regime last fell (its provinces are weak for a while
    /// after: `reassociation.annex_after_fall`).
    #[serde(default)]
    pub fell_on: Option<u32>,
    /// Shares still to move, ordered on earlier turns: a constitution
    /// changes by at most `authority.max_step` a turn (GAME.md §3
    /// trade-offs), so larger orders are phased in.
    #[serde(default)]
    pub pending: Vec<PendingShift>,
    /// This turn's record.
    pub turn: PolityTurn,
}

/// A citizen agent (stands for `scale` people), as one value: how saves
/// and tests see it. The world keeps citizens as columns
/// ([`super::citizens::Citizens`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Citizen {
    /// Stable id.
    pub id: CitizenId,
    /// Where it lives.
    pub home: ProvinceId,
    /// Its culture.
    pub culture: CultureId,
    /// Grievance, 0..1.
    pub grievance: f32,
    /// Wealth (pays permit fees).
    pub wealth: f32,
    /// The commune it belongs to.
    pub commune: Option<CommuneId>,
    /// The polity it lived in at turn 0: its legacy's cohort.
    pub origin: PolityId,
    /// It lives where it does because it was forcibly moved or sorted.
    pub coerced: bool,
    /// It protested this turn.
    pub protesting: bool,
    /// It would have protested this turn, and was silenced by repression.
    #[serde(default)]
    pub silenced: bool,
}

/// A commune: a voluntary association of citizens of one province.
#[derive(Component, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commune {
    /// Stable id.
    pub id: CommuneId,
    /// The province it was founded in.
    pub province: ProvinceId,
    /// Members (agents), recounted each turn.
    pub members: u32,
    /// True once it has too few members and has dissolved.
    pub dissolved: bool,
}

/// A federation: a voluntary union with a right of secession.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Federation {
    /// Stable id.
    pub id: FederationId,
    /// Display name.
    pub name: String,
    /// Member polities, in id order.
    pub members: Vec<PolityId>,
}

/// All federations, formed and pending.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Federations {
    /// Federations by id (dissolved ones keep their slot with no members).
    pub list: Vec<Federation>,
    /// Proposals `(from, to)` waiting for consent.
    pub proposals: Vec<(PolityId, PolityId)>,
}

impl Federations {
    /// True when two polities are members of one federation.
    pub fn allied(&self, a: Option<FederationId>, b: Option<FederationId>) -> bool {
        matches!((a, b), (Some(x), Some(y)) if x == y)
    }
}

/// Static facts of the loaded level the rules need.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LevelInfo {
    /// Level name.
    pub name: String,
    /// People per citizen agent.
    pub scale: u32,
    /// Culture names by id.
    pub cultures: Vec<String>,
    /// The last turn.
    pub max_turns: u32,
    /// The owner of each province at turn 0, by province id.
    pub initial_owner: Vec<PolityId>,
    /// The number of polities at turn 0 (the cohorts of legacies).
    pub origins: usize,
}

/// Turn counter and seed.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    /// The turn last played (0 after loading).
    pub turn: u32,
    /// The seed of every draw.
    pub seed: u64,
}

/// Id → entity tables and level-id lookups, built once at load.
#[derive(Resource, Clone, Debug, Default)]
pub struct Registry {
    /// Province entities by id.
    pub provinces: Vec<Entity>,
    /// Polity entities by id.
    pub polities: Vec<Entity>,
    /// Commune entities by id.
    pub communes: Vec<Entity>,
    /// Province level ids to ids.
    pub province_keys: BTreeMap<String, ProvinceId>,
    /// Polity level ids to ids.
    pub polity_keys: BTreeMap<String, PolityId>,
    /// Culture names to ids.
    pub culture_keys: BTreeMap<String, CultureId>,
}

impl Registry {
    /// The key of a polity.
    pub fn polity_key(&self, id: PolityId) -> Option<&str> {
        key_of(&self.polity_keys, id)
    }

    /// The key of a province.
    pub fn province_key(&self, id: ProvinceId) -> Option<&str> {
        key_of(&self.province_keys, id)
    }

    /// The name of a culture.
    pub fn culture_key(&self, id: CultureId) -> Option<&str> {
        key_of(&self.culture_keys, id)
    }

    /// A province of `world`, by id.
    pub fn province<'w>(&self, world: &'w World, id: ProvinceId) -> Option<&'w Province> {
        world.get::<Province>(*self.provinces.get(id.index())?)
    }

    /// A polity of `world`, by id.
    pub fn polity<'w>(&self, world: &'w World, id: PolityId) -> Option<&'w Polity> {
        world.get::<Polity>(*self.polities.get(id.index())?)
    }

    /// Every province of `world`, in id order.
    pub fn provinces<'w>(&self, world: &'w World) -> Vec<&'w Province> {
        components(world, &self.provinces)
    }

    /// Every polity of `world` (dissolved ones too), in id order.
    pub fn polities<'w>(&self, world: &'w World) -> Vec<&'w Polity> {
        components(world, &self.polities)
    }

    /// Every commune of `world` (dissolved ones too), in id order.
    pub fn communes<'w>(&self, world: &'w World) -> Vec<&'w Commune> {
        components(world, &self.communes)
    }
}

fn key_of<K: PartialEq + Copy>(keys: &BTreeMap<String, K>, id: K) -> Option<&str> {
    keys.iter()
        .find(|(_, k)| **k == id)
        .map(|(key, _)| key.as_str())
}

/// Changes a polity of `world` by id; `None` when there is no such polity.
pub fn with_polity<R>(
    world: &mut World,
    id: PolityId,
    f: impl FnOnce(&mut Polity) -> R,
) -> Option<R> {
    let entity = *world.resource::<Registry>().polities.get(id.index())?;
    world.get_mut::<Polity>(entity).map(|mut p| f(&mut p))
}

/// Changes a province of `world` by id; `None` when there is no such
/// province.
pub fn with_province<R>(
    world: &mut World,
    id: ProvinceId,
    f: impl FnOnce(&mut Province) -> R,
) -> Option<R> {
    let entity = *world.resource::<Registry>().provinces.get(id.index())?;
    world.get_mut::<Province>(entity).map(|mut p| f(&mut p))
}

/// What moved during the last turn, for the ledger, the log and the map.
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TurnStats {
    /// Agents who moved to another province.
    pub migrants: u32,
    /// Agents whose exit was blocked by a closed border or a permit.
    pub blocked_exits: u32,
    /// Agents moved by force (homogenization).
    pub forced_moves: u32,
    /// Agents coerced by annexation.
    #[serde(default)]
    pub annexed: u32,
    /// Moves by `(from, to)` province.
    pub flows: BTreeMap<(ProvinceId, ProvinceId), u32>,
    /// Blocked exits by province of origin.
    pub blocked_by_province: BTreeMap<ProvinceId, u32>,
    /// What happened this turn, in order: the one source of the event log,
    /// the JSON `news` and the map's markers.
    #[serde(default)]
    pub news: Vec<News>,
}

impl TurnStats {
    /// Records what happened.
    pub fn say(&mut self, news: News) {
        self.news.push(news);
    }

    /// What happened this turn, in words.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.news.iter().map(|n| n.text.as_str())
    }
}

/// The component `T` of each of `entities` that has one, in order. One
/// query for the lot: `World::get` looks the component's type up again for
/// every entity, which on a map of thousands of provinces costs more than
/// reading them.
fn components<'w, T: Component>(world: &'w World, entities: &[Entity]) -> Vec<&'w T> {
    // A query made now has matched every archetype there is: no need to
    // update it entity by entity.
    let Some(query) = world.try_query::<&T>() else {
        return Vec::new();
    };
    entities
        .iter()
        .filter_map(|&e| query.get_manual(world, e).ok())
        .collect()
}
