//! The words the player reads for what the simulation names by id: orders,
//! border policies and answers to protest, with provinces, polities and
//! cultures by their names and numbers rounded (tiers: `Tier::words`).

use crate::sim::ids::Keys;
use crate::sim::order::Action;
use crate::sim::simulation::Simulation;
use crate::sim::world::{BorderPolicy, Response};

/// A border policy in a word.
pub fn border(policy: BorderPolicy) -> &'static str {
    match policy {
        BorderPolicy::Open => "open",
        BorderPolicy::Permit => "by permit",
        BorderPolicy::Closed => "closed",
    }
}

/// An answer to protest in a word.
pub fn response(r: Response) -> &'static str {
    match r {
        Response::Listen => "listen",
        Response::Repress => "repress",
        Response::Ignore => "ignore",
    }
}

/// The name of a province, a polity or a culture given by its key in the
/// files (the key itself when nothing has it).
fn name_of(sim: &Simulation, key: &str) -> String {
    if let Some(p) = sim.provinces().iter().find(|p| p.key == key) {
        return p.name.clone();
    }
    if let Some(k) = sim.polities().iter().find(|k| k.key == key) {
        return k.name.clone();
    }
    sim.rules()
        .culture(key)
        .map_or_else(|| key.to_string(), |c| c.name.clone())
}

/// An order as the player reads it: "Devolve 0.10 from the ruler to the
/// municipal councils", "Invest in Hearth".
pub fn order(sim: &Simulation, action: &Action<Keys>) -> String {
    match action {
        Action::Devolve { from, to, amount } => {
            format!(
                "Devolve {amount:.2} from {} to {}",
                from.words(),
                to.words()
            )
        }
        Action::Centralize { from, to, amount } => {
            format!(
                "Centralize {amount:.2} from {} to {}",
                from.words(),
                to.words()
            )
        }
        Action::SetBorders { exit, entry } => {
            format!("Borders: exit {}, entry {}", border(*exit), border(*entry))
        }
        Action::CharterCommunes { autonomy } => format!("Charter communes at {autonomy:.2}"),
        Action::Invest { province } => format!("Invest in {}", name_of(sim, province)),
        Action::ProposeFederation { with } => {
            format!("Propose a federation to {}", name_of(sim, with))
        }
        Action::LeaveFederation => "Leave the federation".into(),
        Action::GrantIndependence { province } => {
            format!("Grant {} independence", name_of(sim, province))
        }
        Action::Repress => "Repress voice".into(),
        Action::Homogenize { culture } => {
            format!("Sort the {} by force", name_of(sim, culture))
        }
        Action::Annex { province } => format!("Annex {}", name_of(sim, province)),
        Action::SetResponse { response: r } => format!("Answer protest: {}", response(*r)),
        Action::Action { id, target } => {
            let name = sim
                .rules()
                .action(id)
                .map_or_else(|| id.clone(), |a| a.name.clone());
            match target {
                Some(t) => format!("{name} ({})", name_of(sim, t)),
                None => name,
            }
        }
    }
}
