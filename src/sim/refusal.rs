//! Why an order is refused (GAME.md §3.1): one value per reason, whose
//! message is what the player reads in the log and `simulate --json` shows
//! under `"refused"`.

use super::rules::ActionTarget;
use super::world::{BorderPolicy, Response, Tier};

/// Why an order was refused, in the words the player reads.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// It names a polity the orders may not command.
    #[error(
        "{0} is not yours to command: orders files and the game command only the player's polity (a level's scenario tests may command any)"
    )]
    NotYours(String),
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
    /// Annexing one's own province.
    #[error("{0} is already yours")]
    AlreadyOwned(String),
    /// Annexing a province that does not border the annexer.
    #[error("{province} does not border {polity}")]
    NotAdjacent {
        /// The province's name.
        province: String,
        /// The annexer's name.
        polity: String,
    },
    /// Annexing a province whose federation protects it.
    #[error(
        "{province} cannot be annexed: {polity} is in a federation, which protects its members"
    )]
    Protected {
        /// The province's name.
        province: String,
        /// Its polity's name.
        polity: String,
    },
    /// Annexing a province that is not weak.
    #[error(
        "{province} is not weak enough to annex: {people} people live there (at most {most}, or its government fell in the last turns)"
    )]
    NotWeak {
        /// The province's name.
        province: String,
        /// Its people (agents).
        people: u32,
        /// The most people a weak province has, for this annexer.
        most: u32,
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
