//! The constants and weights of every rule, read from
//! `assets/rules/base.ron` (GAME.md §4: constants live there, not in code).

use bevy::prelude::Resource;
use serde::{Deserialize, Serialize};

use super::effect::Effect;
use super::ids::Keys;
use super::world::{BorderPolicy, Response, Tier};

/// The base rules shipped with the game, compiled in so that every command
/// works from any directory.
pub const BASE_RULES_RON: &str = include_str!("../../assets/rules/base.ron");

/// Every tunable constant of the simulation and the scoring model.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The scoring model's constants (GAME.md §4).
    pub scoring: ScoringRules,
    /// Utility weights and thresholds of the voice and exit phases.
    pub citizens: CitizenRules,
    /// Authority, legitimacy and political capital.
    pub authority: AuthorityRules,
    /// Prosperity, trade and extraction.
    pub economy: EconomyRules,
    /// Communes, referendums and federations.
    pub reassociation: ReassociationRules,
    /// Every action, from `assets/rules/actions.ron` and mods
    /// (`docs/modding.md`).
    #[serde(default)]
    pub actions: Vec<ActionDef>,
    /// AI archetypes, from `assets/rules/archetypes.ron` and mods.
    #[serde(default)]
    pub archetypes: Vec<ArchetypeDef>,
    /// Strategies the balance harness plays the player with, written like
    /// archetypes, from `assets/rules/strategies.ron` and mods.
    #[serde(default)]
    pub strategies: Vec<ArchetypeDef>,
    /// Cultures: display names and map colours by id, from
    /// `assets/rules/cultures.ron` and mods.
    #[serde(default)]
    pub cultures: Vec<CultureDef>,
}

/// A culture: the id levels use, its name, and its colour on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CultureDef {
    /// The id levels list in `cultures`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Map colour (culture mode), RGB 0..1.
    pub color: (f32, f32, f32),
}

/// The cultures shipped with the game.
pub const BASE_CULTURES_RON: &str = include_str!("../../assets/rules/cultures.ron");

/// The file `assets/rules/cultures.ron`: `Cultures([...])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Cultures")]
pub struct CulturesFile(pub Vec<CultureDef>);

/// An AI archetype as data: how it answers protest, when it consents to a
/// federation, and its behaviours, checked in order each turn (the first
/// that applies gives that turn's order).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchetypeDef {
    /// Its id: `Warden`, `Reformer`, `Opportunist`, or a mod's, used as
    /// `controller: Custom("id")`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it is like, in words.
    #[serde(default)]
    pub description: String,
    /// Its answer to protest.
    pub response: ResponsePolicy,
    /// When it accepts a federation proposed to it.
    pub federation: FederationConsent,
    /// What it does, in order of preference.
    pub behaviours: Vec<Behaviour>,
    /// After this turn it gives no more orders (its standing answer to
    /// protest stays): a strategy that stops playing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<u32>,
}

/// How an archetype answers protest.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ResponsePolicy {
    /// Keep whatever answer the polity has.
    Keep,
    /// Always this answer.
    Always(Response),
    /// The answer of the most prosperous neighbour (more prosperous by
    /// `margin`); without one, repress when `α·s_ruler ≥ 0.5`, else listen.
    CopyRichestNeighbour {
        /// How much more prosperous the model must be.
        margin: f64,
    },
}

/// When an archetype accepts a federation proposed to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FederationConsent {
    /// Always.
    Always,
    /// Never.
    Never,
    /// Only with legitimacy under `reassociation.warden_desperation`.
    WhenDesperate,
    /// When the proposer is more prosperous.
    WhenProposerRicher,
    /// When the proposer is of the same archetype (wardens allying).
    LikeMinded,
    /// When it is threatened: a polity that annexes borders it and no
    /// federation protects it.
    WhenThreatened,
    /// When any of these consents.
    AnyOf(Vec<FederationConsent>),
}

/// One behaviour of an archetype.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Behaviour {
    /// Close the exit as soon as people leave or are blocked.
    CloseExitWhenLosing,
    /// Devolve `amount` from the ruler to municipal councils while more than
    /// `protest` of the people protest and the ruler holds over `keep_ruler`.
    DevolveWhenProtesting {
        /// Protest share that moves it.
        protest: f64,
        /// Share devolved.
        amount: f64,
        /// It keeps at least this ruler share.
        keep_ruler: f64,
    },
    /// Every `every` turns, open the exit and the entry one step each
    /// (Closed, Permit, Open) until both are open.
    OpenBordersStepwise {
        /// Period in turns.
        every: u32,
    },
    /// Every `every` turns, raise the commune charter to `autonomy`.
    CharterCommunes {
        /// Period in turns.
        every: u32,
        /// The charter.
        autonomy: f64,
    },
    /// Every `every` turns, propose a federation to a neighbour of the same
    /// archetype.
    FederateWithLikeMinded {
        /// Period in turns.
        every: u32,
    },
    /// Copy the borders, constitution (by `step`) and charter of the most
    /// prosperous neighbour, more prosperous by `margin`.
    CopyRichestNeighbour {
        /// How much more prosperous the model must be.
        margin: f64,
        /// Share moved per turn toward its constitution.
        step: f64,
    },
    /// Set the borders to these, when they are not so.
    SetBorders {
        /// Exit.
        exit: BorderPolicy,
        /// Entry.
        entry: BorderPolicy,
    },
    /// Devolve `amount` from the ruler to `to` while the ruler holds more
    /// than `keep_ruler` (by at least 0.02: what creeps back in a turn is
    /// left for a larger order).
    Devolve {
        /// The tier that receives it.
        to: Tier,
        /// Share devolved.
        amount: f64,
        /// It keeps at least this ruler share.
        keep_ruler: f64,
    },
    /// Centralize `amount` from `from` to the ruler while `from` holds some.
    Centralize {
        /// The tier that gives it.
        from: Tier,
        /// Share centralized.
        amount: f64,
    },
    /// Every `every` turns, propose a federation to a neighbour that rules
    /// itself freely (`α · s_ruler` under one half) and is not allied yet.
    FederateWithFree {
        /// Period in turns.
        every: u32,
    },
    /// Invest in its province with the least infrastructure.
    Invest,
    /// Grant independence to its last province, while it holds two or more.
    GrantIndependence,
    /// Repress voice.
    Repress,
    /// Sort the cultures by force, one a turn in turn.
    Homogenize,
    /// Every `every` turns, annex the weakest province next to its own
    /// that is weak and unprotected (`docs/rules.md`, annexation).
    AnnexWeak {
        /// Period in turns.
        every: u32,
    },
    /// While more than `protest` of its people protest and its legitimacy
    /// is under `legitimacy` (the protest is winning), sort by force its
    /// smallest culture that lives in more than one of its provinces.
    HomogenizeWhenProtesting {
        /// Protest share that moves it.
        protest: f64,
        /// Legitimacy under which it turns on its minorities.
        legitimacy: f64,
    },
    /// Every `every` turns, while a free neighbour keeps its exit open,
    /// propose a federation to a polity of the same archetype that borders
    /// it or that free neighbour (wardens allying against open borders).
    AllyAgainstOpen {
        /// Period in turns.
        every: u32,
    },
    /// Leave its federation once a fellow member rules itself freely and
    /// keeps its exit open (a warden's alliance breaks when an ally
    /// liberalizes), unless it is desperate (legitimacy under
    /// `reassociation.warden_desperation`).
    LeaveFreeFederation,
    /// Every `every` turns, while a polity that annexes borders it and no
    /// federation protects it, propose a federation to a neighbour that
    /// does not annex.
    FederateWhenThreatened {
        /// Period in turns.
        every: u32,
    },
}

impl ArchetypeDef {
    /// Whether it annexes weak neighbours.
    pub fn annexes(&self) -> bool {
        self.behaviours
            .iter()
            .any(|b| matches!(b, Behaviour::AnnexWeak { .. }))
    }
}

/// The strategies shipped with the game.
pub const BASE_STRATEGIES_RON: &str = include_str!("../../assets/rules/strategies.ron");

/// The file `assets/rules/strategies.ron`: `Strategies([...])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Strategies")]
pub struct StrategiesFile(pub Vec<ArchetypeDef>);

/// The actions shipped with the game.
pub const BASE_ACTIONS_RON: &str = include_str!("../../assets/rules/actions.ron");

/// The file `assets/rules/actions.ron`: `Actions([...])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Actions")]
pub struct ActionsFile(pub Vec<ActionDef>);

/// The archetypes shipped with the game.
pub const BASE_ARCHETYPES_RON: &str = include_str!("../../assets/rules/archetypes.ron");

/// The file `assets/rules/archetypes.ron`: `Archetypes([...])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Archetypes")]
pub struct ArchetypesFile(pub Vec<ArchetypeDef>);

/// An action defined as data: a cost, a target, and effects applied in
/// order. Ordered as `Action(id: "...", target: Some("..."))`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    /// Its id in orders.
    pub id: String,
    /// Its name on buttons.
    pub name: String,
    /// What it does, in words.
    #[serde(default)]
    pub description: String,
    /// Political capital it costs.
    pub cost: f64,
    /// More capital per unit of share moved (devolving, centralizing).
    #[serde(default)]
    pub cost_per_share: f64,
    /// What it is aimed at.
    #[serde(default)]
    pub target: ActionTarget,
    /// When the citizens must approve it, once power has moved down.
    #[serde(default)]
    pub referendum: Referendum,
    /// What it does, in order (a mod's action; a built-in one takes its
    /// effects from the order's fields, `Action::effects`).
    #[serde(default)]
    pub effects: Vec<Effect<Keys>>,
}

/// When an action needs a referendum (only ever once the lower tiers hold
/// the majority of power: then the citizens decide).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Referendum {
    /// Never.
    #[default]
    Never,
    /// Always.
    Always,
    /// When it restricts them: centralizes, closes the exit further, lowers
    /// the commune charter, represses or sorts by force (built-in actions);
    /// like `Always` for a mod's actions.
    WhenRestricting,
}

/// What a data-defined action is aimed at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionTarget {
    /// The polity itself.
    #[default]
    None,
    /// One of the polity's own provinces.
    Province,
    /// Another polity.
    Polity,
}

/// Constants of the scoring model (GAME.md §4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringRules {
    /// Arbitrariness of a provincial assembly.
    pub alpha_province: f64,
    /// Arbitrariness of a municipal council.
    pub alpha_municipal: f64,
    /// Arbitrariness of a commune.
    pub alpha_commune: f64,
    /// Weight of intimacy in intensity, `λ`.
    pub lambda: f64,
    /// Jurisdiction of the municipal tier is `min(province population, this)`.
    pub municipal_jurisdiction: f64,
    /// Cost of moving one hop, before infrastructure.
    pub move_cost: f64,
    /// Weight of `1 − mean Dom` in the score.
    pub weight_domination: f64,
    /// Weight of voluntariness in the score.
    pub weight_voluntariness: f64,
    /// Weight of equality of power in the score.
    pub weight_equality: f64,
    /// Ruler intensity at or above which a polity counts as a hierarchy.
    pub hierarchy_threshold: f64,
    /// `μ`: how arbitrary the citizens tier is per unit of minority share,
    /// `α_citizens = μ · m_p` (the majority overrules the minority).
    pub majority_rule: f64,
}

/// How citizens value a home and when they speak up or leave (§3 voice, exit).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitizenRules {
    /// Weight of freedom, `1 − Dom`, in utility.
    pub w_free: f64,
    /// Weight of the home's prosperity in utility.
    pub w_pros: f64,
    /// Weight of the share of one's own culture at home in utility.
    pub w_kin: f64,
    /// Utility below which grievance grows.
    pub grievance_threshold: f64,
    /// Grievance gained per unit of utility under the threshold, per turn.
    pub grievance_rate: f64,
    /// Fraction of grievance that fades per turn when content.
    pub grievance_decay: f64,
    /// Grievance above which a citizen protests.
    pub protest_threshold: f64,
    /// Grievance at which voice has failed and a citizen looks to leave.
    pub exit_grievance: f64,
    /// A gain in utility large enough to leave without grievance.
    pub exit_gain: f64,
    /// Move probability per unit of gain.
    pub move_rate: f64,
    /// The highest move probability in one turn.
    pub move_max: f64,
    /// Grievance added to a citizen whose exit is blocked.
    pub blocked_grievance: f64,
    /// Grievance added to a citizen moved by force.
    pub forced_grievance: f64,
    /// Grievance a repressed protester gains while falling silent.
    pub repress_grievance: f64,
    /// Fee (wealth) charged for leaving or entering under a `Permit` policy.
    pub permit_fee: f64,
    /// Wealth gained per turn per unit of home prosperity above one half.
    pub wealth_rate: f64,
    /// Share of a province's capacity that may arrive in one turn.
    pub inflow_cap: f64,
}

/// Authority, legitimacy and political capital (§3 authority).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorityRules {
    /// Authority gained by one act of repression.
    pub repress_authority: f64,
    /// Authority gained per unit of share centralized, and lost per unit
    /// devolved (one rate, so that churn earns nothing).
    pub shift_authority: f64,
    /// Legitimacy lost per unit of population share lost in a turn.
    pub legitimacy_per_emigration: f64,
    /// Legitimacy lost per unit of population share blocked at the border.
    pub legitimacy_per_blocked: f64,
    /// Legitimacy lost per unit of protest share repressed while citizens
    /// can see somewhere to go.
    pub legitimacy_per_repressed: f64,
    /// Legitimacy lost per unit of protest share ignored.
    pub legitimacy_per_ignored: f64,
    /// Legitimacy regained per turn per unit of contentment.
    pub legitimacy_recovery: f64,
    /// Legitimacy a new regime starts with after a fall.
    pub legitimacy_after_fall: f64,
    /// Political capital never exceeds this.
    pub capital_cap: f64,
    /// Share moved from the ruler to municipal councils when a polity listens.
    pub listen_devolution: f64,
    /// Chance that a fall brings a liberal constitution even when no one
    /// sees a freer home abroad.
    pub liberal_base: f64,
    /// Chance of a liberal constitution added per unit of the share of
    /// people who see a freer home abroad (scaled by their grievance).
    pub liberal_per_visible: f64,
    /// Of the falls that are not liberal, the share in which provinces
    /// leave by referendum (where there is more than one).
    pub secession_share: f64,
    /// The ruler's share after a coup, at least.
    pub coup_ruler_share: f64,
    /// The new strongman's authority, at least.
    pub coup_authority: f64,
    /// The most share of a constitution that moves in one turn; orders for
    /// more are phased in over the next turns.
    pub max_step: f64,
    /// A ruler holding less than this share has no regime to topple: its
    /// polity's legitimacy bottoms out at 0 without a fall.
    pub fall_ruler_share: f64,
    /// Share of each lower tier that creeps back up to the ruler in a turn
    /// where no better place is open (times `1 − X`, the exit discipline).
    pub creep: f64,
}

/// Prosperity, trade and extraction (§3 economy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomyRules {
    /// How far prosperity moves toward its target each turn.
    pub adjustment: f64,
    /// Weight of trade with neighbours across open borders.
    pub trade: f64,
    /// Weight of infrastructure.
    pub infrastructure: f64,
    /// Share of prosperity taken per unit of `α_ruler · s_ruler`.
    pub extraction: f64,
    /// Infrastructure added by one investment.
    pub investment: f64,
    /// Share of capacity at which a province is most prosperous; fuller
    /// than that it is crowded (prosperity falls to half at capacity).
    pub crowding_peak: f64,
    /// Weight of how well the population fits the capacity.
    pub crowding: f64,
    /// Weight of public goods (how nimble the tiers that decide are).
    pub public_goods: f64,
    /// How well the citizens deciding for themselves provide public goods.
    pub citizens_goods: f64,
}

/// Communes, referendums, secession and federations (§3 reassociation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReassociationRules {
    /// Fewest members (agents) a commune may be founded with or keep.
    pub min_commune_size: u32,
    /// Utility a citizen gives up to take part in a commune.
    pub commune_effort: f64,
    /// Probability per turn that a citizen who would gain joins a commune.
    pub commune_join_rate: f64,
    /// Utility gain a province's citizens need to vote to leave their polity.
    pub secession_margin: f64,
    /// Share of yes votes that carries a referendum.
    pub referendum_majority: f64,
    /// Lower-tier share at or above which referendums decide.
    pub lower_tier_majority: f64,
    /// A province votes for independence only while its people's
    /// domination exposure is above this.
    pub independence_domination: f64,
    /// A Warden accepts a federation only with legitimacy below this.
    pub warden_desperation: f64,
    /// A province is weak enough to annex when its people are at most this
    /// share of the annexer's mean province.
    pub annex_small_share: f64,
    /// A polity's provinces are weak enough to annex for this many turns
    /// after its government fell.
    pub annex_after_fall: u32,
}

/// An error in a rules file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RulesError {
    /// The file the rules came from.
    pub file: String,
    /// What is wrong, with line and column.
    pub message: String,
}

impl Rules {
    /// The base rules of the game: `base.ron` with the archetypes of
    /// `archetypes.ron`.
    pub fn base() -> Result<Rules, RulesError> {
        let mut rules = Rules::parse("assets/rules/base.ron", BASE_RULES_RON)?;
        let archetypes: ArchetypesFile =
            ron::from_str(BASE_ARCHETYPES_RON).map_err(|e| RulesError {
                file: "assets/rules/archetypes.ron".into(),
                message: e.to_string(),
            })?;
        rules.archetypes = archetypes.0;
        let actions: ActionsFile = ron::from_str(BASE_ACTIONS_RON).map_err(|e| RulesError {
            file: "assets/rules/actions.ron".into(),
            message: e.to_string(),
        })?;
        rules.actions = actions.0;
        let cultures: CulturesFile = ron::from_str(BASE_CULTURES_RON).map_err(|e| RulesError {
            file: "assets/rules/cultures.ron".into(),
            message: e.to_string(),
        })?;
        rules.cultures = cultures.0;
        let strategies: StrategiesFile =
            ron::from_str(BASE_STRATEGIES_RON).map_err(|e| RulesError {
                file: "assets/rules/strategies.ron".into(),
                message: e.to_string(),
            })?;
        rules.strategies = strategies.0;
        Ok(rules)
    }

    /// The culture with this id.
    pub fn culture(&self, id: &str) -> Option<&CultureDef> {
        self.cultures.iter().find(|c| c.id == id)
    }

    /// The action with this id.
    pub fn action(&self, id: &str) -> Option<&ActionDef> {
        self.actions.iter().find(|a| a.id == id)
    }

    /// The archetype with this id.
    pub fn archetype(&self, id: &str) -> Option<&ArchetypeDef> {
        self.archetypes.iter().find(|a| a.id == id)
    }

    /// The strategy with this id.
    pub fn strategy(&self, id: &str) -> Option<&ArchetypeDef> {
        self.strategies.iter().find(|a| a.id == id)
    }

    /// Parses rules from RON text.
    pub fn parse(file: &str, text: &str) -> Result<Rules, RulesError> {
        ron::from_str(text).map_err(|e| RulesError {
            file: file.to_string(),
            message: e.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_rules_parse_and_are_in_range() {
        let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
        let s = &rules.scoring;
        for alpha in [s.alpha_province, s.alpha_municipal, s.alpha_commune] {
            assert!((0.0..=1.0).contains(&alpha));
        }
        let weights = s.weight_domination + s.weight_voluntariness + s.weight_equality;
        assert!(
            (weights - 1.0).abs() < 1e-9,
            "score weights sum to {weights}"
        );
    }
}
