//! Orders (GAME.md §3.1, §6): what a polity tells the world to do, and
//! why the world may refuse. An order is written with the keys of files
//! ([`Keys`]: the orders files, the replay log, the player's clicks) and
//! waits so until its turn, when it is resolved to ids ([`Ids`]) once; the
//! AI gives orders with ids directly. A built-in action is its data in
//! `assets/rules/actions.ron` (name, cost, referendum) plus the effects
//! [`Action::effects`] derives from the order's own fields.

use serde::{Deserialize, Serialize};

use super::effect::Effect;
use super::ids::{CultureId, Ids, Keys, Names, PolityId, ProvinceId, TargetId};
use super::rules::{ActionTarget, Rules};
use super::suggest::suggestion;
use super::world::{BorderPolicy, Registry, Response, Tier};

/// One order: a polity's action for a turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "")]
pub struct Order<N: Names = Ids> {
    /// The turn it is applied in (1 is the first turn played).
    pub turn: u32,
    /// The polity that gives it.
    pub polity: N::Polity,
    /// What it does.
    pub action: Action<N>,
}

/// The actions of orders: the built-in ones with their fields, and the
/// actions of mods by id. The names and fields are those of orders files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub enum Action<N: Names = Ids> {
    /// Move share from a tier to a lower one.
    Devolve {
        /// From.
        from: Tier,
        /// To (lower).
        to: Tier,
        /// Share moved.
        amount: f64,
    },
    /// Move share from a tier to a higher one.
    Centralize {
        /// From.
        from: Tier,
        /// To (higher).
        to: Tier,
        /// Share moved.
        amount: f64,
    },
    /// Set exit and entry policies.
    SetBorders {
        /// Exit.
        exit: BorderPolicy,
        /// Entry.
        entry: BorderPolicy,
    },
    /// Set the commune charter.
    CharterCommunes {
        /// The charter `a`.
        autonomy: f64,
    },
    /// Invest in one of the polity's provinces.
    Invest {
        /// The province.
        province: N::Province,
    },
    /// Propose (or accept) a federation.
    ProposeFederation {
        /// The other polity.
        with: N::Polity,
    },
    /// Leave the federation.
    LeaveFederation,
    /// Make a province a polity of its own with a copy of the constitution.
    GrantIndependence {
        /// The province.
        province: N::Province,
    },
    /// Repress voice.
    Repress,
    /// Forcibly sort a culture into one province.
    Homogenize {
        /// The culture.
        culture: N::Culture,
    },
    /// Set the standing answer to protest.
    SetResponse {
        /// Listen, Repress or Ignore.
        response: Response,
    },
    /// An action defined by a mod, by id (`Action(id: "...", target: ...)`).
    Action {
        /// The action id.
        id: String,
        /// Its target, if any.
        #[serde(default)]
        target: N::Target,
    },
}

/// The built-in actions, by their ids in `assets/rules/actions.ron`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    /// `Devolve`.
    Devolve,
    /// `Centralize`.
    Centralize,
    /// `SetBorders`.
    SetBorders,
    /// `CharterCommunes`.
    CharterCommunes,
    /// `Invest`.
    Invest,
    /// `ProposeFederation`.
    ProposeFederation,
    /// `LeaveFederation`.
    LeaveFederation,
    /// `GrantIndependence`.
    GrantIndependence,
    /// `Repress`.
    Repress,
    /// `Homogenize`.
    Homogenize,
    /// `SetResponse`.
    SetResponse,
}

impl ActionKind {
    /// Every built-in action.
    pub const ALL: [ActionKind; 11] = [
        ActionKind::Devolve,
        ActionKind::Centralize,
        ActionKind::SetBorders,
        ActionKind::CharterCommunes,
        ActionKind::Invest,
        ActionKind::ProposeFederation,
        ActionKind::LeaveFederation,
        ActionKind::GrantIndependence,
        ActionKind::Repress,
        ActionKind::Homogenize,
        ActionKind::SetResponse,
    ];

    /// Its id in `assets/rules/actions.ron`.
    pub fn id(self) -> &'static str {
        match self {
            ActionKind::Devolve => "devolve",
            ActionKind::Centralize => "centralize",
            ActionKind::SetBorders => "set_borders",
            ActionKind::CharterCommunes => "charter_communes",
            ActionKind::Invest => "invest",
            ActionKind::ProposeFederation => "propose_federation",
            ActionKind::LeaveFederation => "leave_federation",
            ActionKind::GrantIndependence => "grant_independence",
            ActionKind::Repress => "repress",
            ActionKind::Homogenize => "homogenize",
            ActionKind::SetResponse => "set_response",
        }
    }

    /// The built-in action with this id.
    pub fn from_id(id: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

impl<N: Names> Action<N> {
    /// Which built-in action it is; `None` for a mod's action.
    pub fn kind(&self) -> Option<ActionKind> {
        Some(match self {
            Action::Devolve { .. } => ActionKind::Devolve,
            Action::Centralize { .. } => ActionKind::Centralize,
            Action::SetBorders { .. } => ActionKind::SetBorders,
            Action::CharterCommunes { .. } => ActionKind::CharterCommunes,
            Action::Invest { .. } => ActionKind::Invest,
            Action::ProposeFederation { .. } => ActionKind::ProposeFederation,
            Action::LeaveFederation => ActionKind::LeaveFederation,
            Action::GrantIndependence { .. } => ActionKind::GrantIndependence,
            Action::Repress => ActionKind::Repress,
            Action::Homogenize { .. } => ActionKind::Homogenize,
            Action::SetResponse { .. } => ActionKind::SetResponse,
            Action::Action { .. } => return None,
        })
    }

    /// Its id in the rules: the built-in's, or the mod action's.
    pub fn id(&self) -> &str {
        match self {
            Action::Action { id, .. } => id,
            builtin => builtin.kind().map_or("", ActionKind::id),
        }
    }

    /// The share of power it moves (devolving and centralizing cost more
    /// per share moved).
    pub fn share_moved(&self) -> f64 {
        match self {
            Action::Devolve { amount, .. } | Action::Centralize { amount, .. } => *amount,
            _ => 0.0,
        }
    }
}

/// The political capital an action costs (GAME.md §3, player actions): its
/// definition's cost, plus its cost per share for the share moved; 0 for
/// an action the rules do not define.
pub fn action_cost<N: Names>(action: &Action<N>, rules: &Rules) -> f64 {
    rules.action(action.id()).map_or(0.0, |def| {
        def.cost + def.cost_per_share * action.share_moved()
    })
}

impl Action {
    /// The effects of a built-in action, from its fields (a mod's action
    /// takes its effects from its definition in the rules).
    pub fn effects(&self) -> Vec<Effect> {
        vec![match self {
            Action::Devolve { from, to, amount } | Action::Centralize { from, to, amount } => {
                Effect::ShiftPower {
                    from: *from,
                    to: *to,
                    amount: *amount,
                }
            }
            Action::SetBorders { exit, entry } => Effect::SetBorders {
                exit: *exit,
                entry: *entry,
            },
            Action::CharterCommunes { autonomy } => Effect::CommuneCharter { value: *autonomy },
            Action::Invest { .. } => Effect::Invest,
            Action::ProposeFederation { .. } => Effect::ProposeFederation,
            Action::LeaveFederation => Effect::LeaveFederation,
            Action::GrantIndependence { .. } => Effect::GrantIndependence,
            Action::Repress => Effect::Repress,
            Action::Homogenize { culture } => Effect::Homogenize { culture: *culture },
            Action::SetResponse { response } => Effect::SetResponse {
                response: *response,
            },
            Action::Action { .. } => return Vec::new(),
        }]
    }

    /// The province it is aimed at, if any.
    pub fn province(&self) -> Option<ProvinceId> {
        match self {
            Action::Invest { province } | Action::GrantIndependence { province } => Some(*province),
            Action::Action {
                target: Some(TargetId::Province(p)),
                ..
            } => Some(*p),
            _ => None,
        }
    }

    /// The other polity it is aimed at, if any.
    pub fn other_polity(&self) -> Option<PolityId> {
        match self {
            Action::ProposeFederation { with } => Some(*with),
            Action::Action {
                target: Some(TargetId::Polity(k)),
                ..
            } => Some(*k),
            _ => None,
        }
    }
}

/// Why an order was refused, in the words the player reads.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// It came after its turn.
    #[error("it was for turn {0}, which has passed")]
    Late(u32),
    /// It names a polity that does not exist.
    #[error("there is no polity `{key}` ({hint})")]
    NoPolity {
        /// The name given.
        key: String,
        /// The nearest names.
        hint: String,
    },
    /// It names a province that does not exist.
    #[error("there is no province `{key}` ({hint})")]
    NoProvince {
        /// The name given.
        key: String,
        /// The nearest names.
        hint: String,
    },
    /// It names a culture that does not exist.
    #[error("there is no culture `{key}` ({hint})")]
    NoCulture {
        /// The name given.
        key: String,
        /// The nearest names.
        hint: String,
    },
    /// No loaded mod defines the action.
    #[error("unknown action `{id}`: no loaded mod defines it ({hint})")]
    UnknownAction {
        /// The id given.
        id: String,
        /// The nearest ids.
        hint: String,
    },
    /// A built-in action was given by id.
    #[error("`{0}` is a built-in action: give it as its own order (see docs/levels.md)")]
    BuiltinById(String),
    /// A mod's action lacks the target it needs.
    #[error("{action} needs a {kind:?} as its target")]
    NeedsTarget {
        /// The action's name.
        action: String,
        /// What it needs.
        kind: ActionTarget,
    },
    /// The polity (or its target) no longer exists.
    #[error("{0} no longer exists")]
    Gone(String),
    /// A loaded mod removed the built-in action.
    #[error("the action `{0}` is not available: a loaded mod removed it")]
    Removed(&'static str),
    /// A share outside (0, 1].
    #[error("amount {0} must be above 0 and at most 1")]
    Amount(f64),
    /// A devolution that does not move power down.
    #[error("devolving moves power down: {to:?} is not below {from:?}")]
    NotDown {
        /// From.
        from: Tier,
        /// To.
        to: Tier,
    },
    /// A centralization that does not move power up.
    #[error("centralizing moves power up: {to:?} is not above {from:?}")]
    NotUp {
        /// From.
        from: Tier,
        /// To.
        to: Tier,
    },
    /// The tier to move power from holds none.
    #[error("the {tier:?} tier of {polity} holds no power")]
    EmptyTier {
        /// The tier.
        tier: Tier,
        /// The polity's name.
        polity: String,
    },
    /// The borders are already so.
    #[error("the borders are already exit {exit:?}, entry {entry:?}")]
    SameBorders {
        /// Exit.
        exit: BorderPolicy,
        /// Entry.
        entry: BorderPolicy,
    },
    /// A commune charter outside 0..1.
    #[error("autonomy {0} is outside 0..1")]
    Autonomy(f64),
    /// The commune charter is already so.
    #[error("the commune charter is already {0}")]
    SameCharter(f64),
    /// The province belongs to someone else.
    #[error("{province} does not belong to {polity}")]
    NotOwned {
        /// The province's name.
        province: String,
        /// The acting polity's name.
        polity: String,
    },
    /// Nothing left to invest in.
    #[error("the infrastructure of {0} is already complete")]
    Complete(String),
    /// A federation with oneself.
    #[error("a polity cannot federate with itself")]
    SelfFederation,
    /// Already in one federation.
    #[error("{0} and {1} are already federated")]
    Federated(String, String),
    /// The same proposal is waiting.
    #[error("a proposal to {0} is already waiting")]
    ProposalWaiting(String),
    /// No federation to leave.
    #[error("{0} is in no federation")]
    NoFederation(String),
    /// The polity would be left with nothing.
    #[error("{province} is the last province of {polity}")]
    LastProvince {
        /// The province's name.
        province: String,
        /// The polity's name.
        polity: String,
    },
    /// The answer to protest is already so.
    #[error("the answer to protest is already {0:?}")]
    SameResponse(Response),
    /// A mod's action aimed at itself or at a polity that is gone.
    #[error("{0} needs another living polity as its target")]
    NeedsOtherPolity(String),
    /// The citizens voted against it.
    #[error(
        "the citizens voted it down in a referendum ({percent:.0}% yes): power has moved down, so they decide now",
        percent = .0 * 100.0
    )]
    VotedDown(f64),
    /// Deportation put to a vote.
    #[error("the citizens voted it down in a referendum (0% yes): nobody votes to be deported")]
    NoDeportation,
    /// Not enough political capital.
    #[error("it costs {cost:.1} political capital and {polity} has {capital:.1}")]
    Unaffordable {
        /// The cost.
        cost: f64,
        /// The polity's name.
        polity: String,
        /// What it has.
        capital: f64,
    },
}

impl Order<Keys> {
    /// The order with its names resolved to the ids of a world, or why it
    /// cannot be: a name that is not there, a mod's action the rules do not
    /// define, or a target the action needs and was not given.
    pub fn resolve(&self, registry: &Registry, rules: &Rules) -> Result<Order, Refusal> {
        let polity = polity_id(registry, &self.polity)?;
        let action = match &self.action {
            Action::Devolve { from, to, amount } => Action::Devolve {
                from: *from,
                to: *to,
                amount: *amount,
            },
            Action::Centralize { from, to, amount } => Action::Centralize {
                from: *from,
                to: *to,
                amount: *amount,
            },
            Action::SetBorders { exit, entry } => Action::SetBorders {
                exit: *exit,
                entry: *entry,
            },
            Action::CharterCommunes { autonomy } => Action::CharterCommunes {
                autonomy: *autonomy,
            },
            Action::Invest { province } => Action::Invest {
                province: province_id(registry, province)?,
            },
            Action::ProposeFederation { with } => Action::ProposeFederation {
                with: polity_id(registry, with)?,
            },
            Action::LeaveFederation => Action::LeaveFederation,
            Action::GrantIndependence { province } => Action::GrantIndependence {
                province: province_id(registry, province)?,
            },
            Action::Repress => Action::Repress,
            Action::Homogenize { culture } => Action::Homogenize {
                culture: culture_id(registry, culture)?,
            },
            Action::SetResponse { response } => Action::SetResponse {
                response: *response,
            },
            Action::Action { id, target } => Action::Action {
                id: id.clone(),
                target: resolve_target(registry, rules, id, target.as_deref())?,
            },
        };
        Ok(Order {
            turn: self.turn,
            polity,
            action,
        })
    }
}

impl Order {
    /// The order as an orders file writes it, for the log.
    pub fn to_keys(&self, registry: &Registry) -> Order<Keys> {
        let polity = |k: PolityId| registry.polity_key(k).unwrap_or_default().to_string();
        let province = |p: ProvinceId| registry.province_key(p).unwrap_or_default().to_string();
        let action = match &self.action {
            Action::Devolve { from, to, amount } => Action::Devolve {
                from: *from,
                to: *to,
                amount: *amount,
            },
            Action::Centralize { from, to, amount } => Action::Centralize {
                from: *from,
                to: *to,
                amount: *amount,
            },
            Action::SetBorders { exit, entry } => Action::SetBorders {
                exit: *exit,
                entry: *entry,
            },
            Action::CharterCommunes { autonomy } => Action::CharterCommunes {
                autonomy: *autonomy,
            },
            Action::Invest { province: p } => Action::Invest {
                province: province(*p),
            },
            Action::ProposeFederation { with } => Action::ProposeFederation {
                with: polity(*with),
            },
            Action::LeaveFederation => Action::LeaveFederation,
            Action::GrantIndependence { province: p } => Action::GrantIndependence {
                province: province(*p),
            },
            Action::Repress => Action::Repress,
            Action::Homogenize { culture } => Action::Homogenize {
                culture: registry
                    .culture_key(*culture)
                    .unwrap_or_default()
                    .to_string(),
            },
            Action::SetResponse { response } => Action::SetResponse {
                response: *response,
            },
            Action::Action { id, target } => Action::Action {
                id: id.clone(),
                target: target.map(|t| match t {
                    TargetId::Province(p) => province(p),
                    TargetId::Polity(k) => polity(k),
                }),
            },
        };
        Order {
            turn: self.turn,
            polity: polity(self.polity),
            action,
        }
    }
}

fn polity_id(registry: &Registry, key: &str) -> Result<PolityId, Refusal> {
    registry
        .polity_keys
        .get(key)
        .copied()
        .ok_or_else(|| Refusal::NoPolity {
            key: key.to_string(),
            hint: suggestion(key, registry.polity_keys.keys().map(String::as_str)),
        })
}

fn province_id(registry: &Registry, key: &str) -> Result<ProvinceId, Refusal> {
    registry
        .province_keys
        .get(key)
        .copied()
        .ok_or_else(|| Refusal::NoProvince {
            key: key.to_string(),
            hint: suggestion(key, registry.province_keys.keys().map(String::as_str)),
        })
}

fn culture_id(registry: &Registry, key: &str) -> Result<CultureId, Refusal> {
    registry
        .culture_keys
        .get(key)
        .copied()
        .ok_or_else(|| Refusal::NoCulture {
            key: key.to_string(),
            hint: suggestion(key, registry.culture_keys.keys().map(String::as_str)),
        })
}

/// The target of a mod's action, by the kind its definition asks for.
fn resolve_target(
    registry: &Registry,
    rules: &Rules,
    id: &str,
    target: Option<&str>,
) -> Result<Option<TargetId>, Refusal> {
    let Some(def) = rules.action(id) else {
        return Err(Refusal::UnknownAction {
            id: id.to_string(),
            hint: suggestion(id, rules.actions.iter().map(|a| a.id.as_str())),
        });
    };
    if ActionKind::from_id(id).is_some() {
        return Err(Refusal::BuiltinById(id.to_string()));
    }
    match (def.target, target) {
        (ActionTarget::None, _) => Ok(None),
        (ActionTarget::Province, Some(key)) => {
            Ok(Some(TargetId::Province(province_id(registry, key)?)))
        }
        (ActionTarget::Polity, Some(key)) => Ok(Some(TargetId::Polity(polity_id(registry, key)?))),
        (kind, None) => Err(Refusal::NeedsTarget {
            action: def.name.clone(),
            kind,
        }),
    }
}
