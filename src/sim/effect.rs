//! The effects every change to a polity or province is composed of
//! (GAME.md §3, player actions; `docs/modding.md`): the built-in orders,
//! the actions of mods and the `Act` of scripted events are all lists of
//! these, applied by one function (`enact`).

use serde::{Deserialize, Serialize};

use super::ids::{CultureId, Ids, Keys, Names};
use super::world::{BorderPolicy, Response, Tier};

/// One effect. Written in files with names ([`Keys`]); applied with ids
/// ([`Ids`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub enum Effect<N: Names = Ids> {
    /// Move share between tiers of the polity.
    ShiftPower {
        /// From.
        from: Tier,
        /// To.
        to: Tier,
        /// Share.
        amount: f64,
    },
    /// Set the polity's borders.
    SetBorders {
        /// Exit.
        exit: BorderPolicy,
        /// Entry.
        entry: BorderPolicy,
    },
    /// Change the ruler's authority.
    Authority {
        /// Change.
        change: f64,
    },
    /// Change the polity's legitimacy.
    Legitimacy {
        /// Change.
        change: f64,
    },
    /// Set the commune charter.
    CommuneCharter {
        /// The charter.
        value: f64,
    },
    /// Change the target province's infrastructure.
    Infrastructure {
        /// Change.
        change: f64,
    },
    /// Change the target province's prosperity.
    Prosperity {
        /// Change.
        change: f64,
    },
    /// Change the grievance of the target province's people.
    Grievance {
        /// Change.
        change: f64,
    },
    /// A line in the event log.
    Message(String),
    /// Raise the target province's infrastructure by one investment.
    Invest,
    /// Make the target province a polity with a copy of the constitution;
    /// nothing when it is the last province.
    GrantIndependence,
    /// Repress voice this turn.
    Repress,
    /// Forcibly sort a culture into one province of the polity.
    Homogenize {
        /// The culture.
        culture: N::Culture,
    },
    /// The acting polity annexes the target province: its people are
    /// coerced.
    Annex,
    /// Propose a federation to the target polity.
    ProposeFederation,
    /// Leave the polity's federation (the right of exit).
    LeaveFederation,
    /// Set the standing answer to protest.
    SetResponse {
        /// Listen, Repress or Ignore.
        response: Response,
    },
}

impl Effect<Keys> {
    /// The effect with its names resolved by `culture`; `None` when it
    /// names a culture that is not there.
    pub fn resolve(&self, culture: impl Fn(&str) -> Option<CultureId>) -> Option<Effect> {
        Some(match self {
            Effect::Homogenize { culture: key } => Effect::Homogenize {
                culture: culture(key)?,
            },
            Effect::ShiftPower { from, to, amount } => Effect::ShiftPower {
                from: *from,
                to: *to,
                amount: *amount,
            },
            Effect::SetBorders { exit, entry } => Effect::SetBorders {
                exit: *exit,
                entry: *entry,
            },
            Effect::Authority { change } => Effect::Authority { change: *change },
            Effect::Legitimacy { change } => Effect::Legitimacy { change: *change },
            Effect::CommuneCharter { value } => Effect::CommuneCharter { value: *value },
            Effect::Infrastructure { change } => Effect::Infrastructure { change: *change },
            Effect::Prosperity { change } => Effect::Prosperity { change: *change },
            Effect::Grievance { change } => Effect::Grievance { change: *change },
            Effect::Message(text) => Effect::Message(text.clone()),
            Effect::Invest => Effect::Invest,
            Effect::GrantIndependence => Effect::GrantIndependence,
            Effect::Repress => Effect::Repress,
            Effect::Annex => Effect::Annex,
            Effect::ProposeFederation => Effect::ProposeFederation,
            Effect::LeaveFederation => Effect::LeaveFederation,
            Effect::SetResponse { response } => Effect::SetResponse {
                response: *response,
            },
        })
    }
}
