//! What happened in a turn, as records (GAME.md §3): one source for the
//! words of the event log, the `"news"` of `simulate --json`, the markers
//! on the map and the end-of-game report.

use serde::{Deserialize, Serialize};

use super::ids::{PolityId, ProvinceId};

/// People in a short form, for the news and the panels: 950, 12.3k, 4.50M.
pub fn people(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.2}M", n / 1e6)
    } else if n >= 1e4 {
        format!("{:.1}k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

/// What kind of thing happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NewsKind {
    /// A regime fell apart and its provinces vote on leaving.
    RegimeFell,
    /// A regime fell and its citizens wrote a freer constitution.
    Liberalized,
    /// A regime fell to a strongman.
    Coup,
    /// A province left its polity to become one of its own (by vote, by
    /// secession after a fall, or granted independence).
    Seceded,
    /// A province voted to join another polity.
    ProvinceMoved,
    /// A polity annexed a weak neighbouring province by force.
    Annexed,
    /// Two polities federated.
    Federated,
    /// A polity left its federation.
    LeftFederation,
    /// People were sorted by force.
    Homogenized,
    /// Citizens founded a commune.
    CommuneFounded,
    /// Communes dissolved.
    CommunesDissolved,
    /// A polity answered protest by listening (a small devolution).
    Listened,
    /// Polities repressed protest.
    Repressed,
    /// Power ordered on an earlier turn moved on.
    PhasedIn,
    /// Any other order carried out.
    Order,
    /// A message of a scripted event.
    Message,
}

impl NewsKind {
    /// A word or two for a map marker.
    pub fn tag(self) -> &'static str {
        match self {
            NewsKind::RegimeFell => "fell apart",
            NewsKind::Liberalized => "liberalized",
            NewsKind::Coup => "coup",
            NewsKind::Seceded => "seceded",
            NewsKind::ProvinceMoved => "changed polity",
            NewsKind::Annexed => "annexed",
            NewsKind::Federated => "federated",
            NewsKind::LeftFederation => "left federation",
            NewsKind::Homogenized => "sorted by force",
            NewsKind::CommuneFounded => "commune",
            NewsKind::CommunesDissolved => "communes dissolved",
            NewsKind::Listened => "listened",
            NewsKind::Repressed => "repressed",
            NewsKind::PhasedIn => "power moved",
            NewsKind::Order => "order",
            NewsKind::Message => "message",
        }
    }

    /// Political news: changes of regime, territory or federation, and
    /// forced sorting (what the map marks and the report lists).
    pub fn is_political(self) -> bool {
        matches!(
            self,
            NewsKind::RegimeFell
                | NewsKind::Liberalized
                | NewsKind::Coup
                | NewsKind::Seceded
                | NewsKind::ProvinceMoved
                | NewsKind::Annexed
                | NewsKind::Federated
                | NewsKind::LeftFederation
                | NewsKind::Homogenized
        )
    }
}

/// One thing that happened, where, to whom, in words.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct News {
    /// What kind of thing.
    pub kind: NewsKind,
    /// The polity it happened to, or that did it.
    pub polity: Option<PolityId>,
    /// Where, if in one province.
    pub province: Option<ProvinceId>,
    /// The other polity, if two were involved.
    pub other: Option<PolityId>,
    /// In words, as the log shows it.
    pub text: String,
}

impl News {
    /// News of `kind` about `polity`, in words.
    pub fn new(kind: NewsKind, polity: Option<PolityId>, text: String) -> News {
        News {
            kind,
            polity,
            province: None,
            other: None,
            text,
        }
    }

    /// The same, in province `p`.
    pub fn at(mut self, p: ProvinceId) -> News {
        self.province = Some(p);
        self
    }

    /// The same, with another polity involved.
    pub fn with(mut self, other: PolityId) -> News {
        self.other = Some(other);
        self
    }
}
