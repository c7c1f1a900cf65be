//! Orders (GAME.md §3.1, §6): what a polity tells the world to do, and
//! why the world may refuse. An order is written with the keys of files
//! ([`Keys`]: the orders files, the replay log, the player's clicks) and
//! waits so until its turn, when it is resolved to ids ([`Ids`]) once; the
//! AI gives orders with ids directly. A built-in action is its data in
//! `assets/rules/actions.ron` (name, cost, referendum) plus the effects
//! [`Action::effects`] derives from the order's own fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::effect::Effect;
use super::ids::{CultureId, Ids, Keys, Names, PolityId, ProvinceId, TargetId};
use super::refusal::Refusal;
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
    /// Take a weak, unprotected province next to one's own; its people are
    /// coerced.
    Annex {
        /// The province.
        province: N::Province,
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
    /// `Annex`.
    Annex,
    /// `SetResponse`.
    SetResponse,
}

impl ActionKind {
    /// Every built-in action.
    pub const ALL: [ActionKind; 12] = [
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
        ActionKind::Annex,
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
            ActionKind::Annex => "annex",
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
            Action::Annex { .. } => ActionKind::Annex,
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
            Action::Annex { .. } => Effect::Annex,
            Action::SetResponse { response } => Effect::SetResponse {
                response: *response,
            },
            Action::Action { .. } => return Vec::new(),
        }]
    }

    /// The province it is aimed at, if any.
    pub fn province(&self) -> Option<ProvinceId> {
        match self {
            Action::Invest { province }
            | Action::GrantIndependence { province }
            | Action::Annex { province } => Some(*province),
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

impl Order<Keys> {
    /// The order with its names resolved to the ids of a world, or why it
    /// cannot be: a name that is not there, a mod's action the rules do not
    /// define, or a target the action needs and was not given.
    pub fn resolve(&self, registry: &Registry, rules: &Rules) -> Result<Order, Refusal> {
        let resolver = Resolver { registry, rules };
        Ok(Order {
            turn: self.turn,
            polity: resolver.polity(&self.polity)?,
            action: self.action.rename(&resolver)?,
        })
    }
}

impl Order {
    /// The order as an orders file writes it, for the log.
    pub fn to_keys(&self, registry: &Registry) -> Order<Keys> {
        let namer = Namer(registry);
        let Ok(polity) = namer.polity(&self.polity);
        let Ok(action) = self.action.rename(&namer);
        Order {
            turn: self.turn,
            polity,
            action,
        }
    }
}

/// Maps the names of orders of one kind ([`Names`]) to another.
trait Rename<A: Names, B: Names> {
    /// Why a name does not map.
    type Error;
    fn province(&self, p: &A::Province) -> Result<B::Province, Self::Error>;
    fn polity(&self, k: &A::Polity) -> Result<B::Polity, Self::Error>;
    fn culture(&self, c: &A::Culture) -> Result<B::Culture, Self::Error>;
    /// The target of the mod's action `id`.
    fn target(&self, id: &str, t: &A::Target) -> Result<B::Target, Self::Error>;
}

impl<A: Names> Action<A> {
    /// The same action with its names mapped.
    fn rename<B: Names, R: Rename<A, B>>(&self, r: &R) -> Result<Action<B>, R::Error> {
        Ok(match self {
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
                province: r.province(province)?,
            },
            Action::ProposeFederation { with } => Action::ProposeFederation {
                with: r.polity(with)?,
            },
            Action::LeaveFederation => Action::LeaveFederation,
            Action::GrantIndependence { province } => Action::GrantIndependence {
                province: r.province(province)?,
            },
            Action::Repress => Action::Repress,
            Action::Homogenize { culture } => Action::Homogenize {
                culture: r.culture(culture)?,
            },
            Action::Annex { province } => Action::Annex {
                province: r.province(province)?,
            },
            Action::SetResponse { response } => Action::SetResponse {
                response: *response,
            },
            Action::Action { id, target } => Action::Action {
                id: id.clone(),
                target: r.target(id, target)?,
            },
        })
    }
}

/// Resolves keys to the ids of a world.
struct Resolver<'a> {
    registry: &'a Registry,
    rules: &'a Rules,
}

impl Rename<Keys, Ids> for Resolver<'_> {
    type Error = Refusal;

    fn province(&self, key: &String) -> Result<ProvinceId, Refusal> {
        lookup(&self.registry.province_keys, key, |key, hint| {
            Refusal::NoProvince { key, hint }
        })
    }

    fn polity(&self, key: &String) -> Result<PolityId, Refusal> {
        lookup(&self.registry.polity_keys, key, |key, hint| {
            Refusal::NoPolity { key, hint }
        })
    }

    fn culture(&self, key: &String) -> Result<CultureId, Refusal> {
        lookup(&self.registry.culture_keys, key, |key, hint| {
            Refusal::NoCulture { key, hint }
        })
    }

    fn target(&self, id: &str, target: &Option<String>) -> Result<Option<TargetId>, Refusal> {
        resolve_target(self, id, target.as_deref())
    }
}

/// Names the ids of a world by their keys.
struct Namer<'a>(&'a Registry);

impl Rename<Ids, Keys> for Namer<'_> {
    type Error = std::convert::Infallible;

    fn province(&self, p: &ProvinceId) -> Result<String, Self::Error> {
        Ok(self.0.province_key(*p).unwrap_or_default().to_string())
    }

    fn polity(&self, k: &PolityId) -> Result<String, Self::Error> {
        Ok(self.0.polity_key(*k).unwrap_or_default().to_string())
    }

    fn culture(&self, c: &CultureId) -> Result<String, Self::Error> {
        Ok(self.0.culture_key(*c).unwrap_or_default().to_string())
    }

    fn target(&self, _: &str, target: &Option<TargetId>) -> Result<Option<String>, Self::Error> {
        Ok(match target {
            Some(TargetId::Province(p)) => Some(self.province(p)?),
            Some(TargetId::Polity(k)) => Some(self.polity(k)?),
            None => None,
        })
    }
}

/// The id of a key, or the refusal `missing` makes of the key and a hint.
fn lookup<T: Copy>(
    ids: &BTreeMap<String, T>,
    key: &str,
    missing: impl FnOnce(String, String) -> Refusal,
) -> Result<T, Refusal> {
    ids.get(key).copied().ok_or_else(|| {
        missing(
            key.to_string(),
            suggestion(key, ids.keys().map(String::as_str)),
        )
    })
}

/// The target of a mod's action, by the kind its definition asks for.
fn resolve_target(
    resolver: &Resolver,
    id: &str,
    target: Option<&str>,
) -> Result<Option<TargetId>, Refusal> {
    let rules = resolver.rules;
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
        (ActionTarget::Province, Some(key)) => Ok(Some(TargetId::Province(
            resolver.province(&key.to_string())?,
        ))),
        (ActionTarget::Polity, Some(key)) => {
            Ok(Some(TargetId::Polity(resolver.polity(&key.to_string())?)))
        }
        (kind, None) => Err(Refusal::NeedsTarget {
            action: def.name.clone(),
            kind,
        }),
    }
}
