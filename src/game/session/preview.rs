//! What an order would do: the coming turns played on two copies of the
//! simulation, one with the order and one without, and the change of every
//! term of the player's score after one and after five turns; when nothing
//! the score counts moves, the reason in words. The real game is untouched.

use bevy::tasks::{AsyncComputeTaskPool, Task, TaskPool};

use super::Session;
use crate::level::schema::{Metric, OrderFile, ScopeFile};
use crate::level::scope::measure;
use crate::sim::order::Action;
use crate::sim::rules::Rules;
use crate::sim::scenario::Scenario;
use crate::sim::simulation::Simulation;
use crate::sim::snapshot::Fork;
use crate::sim::world::BorderPolicy;

/// A preview being computed in the background, for this order.
pub(super) type PreviewTask = (OrderFile, Task<Preview>);

/// The turns after which a preview measures the change.
pub const HORIZONS: [u32; 2] = [1, 5];

/// Smaller changes than this read as none (the panels show three decimals).
const NOTHING: f64 = 5e-4;

/// The change an order makes after some turns, against the same turns
/// played without it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outlook {
    /// Turns played.
    pub turns: u32,
    /// The world's score S.
    pub world_score: f64,
    /// Fragmentation F.
    pub fragmentation: f64,
    /// The player's score S.
    pub score: f64,
    /// The player's domination (lower is better).
    pub domination: f64,
    /// The player's voluntariness V.
    pub voluntariness: f64,
    /// The player's equality G.
    pub equality: f64,
    /// The player's legacy (what the victory is judged on).
    pub legacy: f64,
}

impl Outlook {
    fn between(turns: u32, with: &Simulation, without: &Simulation) -> Outlook {
        let change = |metric: Metric, scope: &ScopeFile| {
            measure(with, metric, scope).unwrap_or(0.0)
                - measure(without, metric, scope).unwrap_or(0.0)
        };
        let mine = |metric| change(metric, &ScopeFile::Player);
        Outlook {
            turns,
            world_score: change(Metric::Score, &ScopeFile::World),
            fragmentation: change(Metric::Fragmentation, &ScopeFile::World),
            score: mine(Metric::Score),
            domination: mine(Metric::Domination),
            voluntariness: mine(Metric::Voluntariness),
            equality: mine(Metric::Equality),
            legacy: mine(Metric::Legacy),
        }
    }

    /// Nothing the score counts moved.
    pub fn is_nothing(&self) -> bool {
        [
            self.world_score,
            self.score,
            self.domination,
            self.voluntariness,
            self.equality,
            self.legacy,
        ]
        .iter()
        .all(|d| d.abs() < NOTHING)
    }
}

/// The effect of an order, computed on copies.
#[derive(Clone, Debug, PartialEq)]
pub enum Preview {
    /// It would be applied: the change after each of [`HORIZONS`], and,
    /// when nothing moves within them, why.
    Applied {
        /// The change after one turn, then after five.
        outlooks: Vec<Outlook>,
        /// Why nothing moves, when nothing does.
        why_nothing: Option<String>,
    },
    /// It would be refused, for this reason.
    Refused(String),
}

impl Session {
    /// The effect of an order over the coming turns, computed on copies of
    /// the simulation (the real one is untouched) and kept for this turn.
    pub fn preview(&mut self, order: &OrderFile) -> Preview {
        if let Some((_, p)) = self.previews.iter().find(|(o, _)| o == order) {
            return p.clone();
        }
        let (scenario, rules, fork, next, reason) = self.preview_inputs(order);
        let result = compute(&scenario, &rules, fork, order.clone(), next, reason);
        self.previews.push((order.clone(), result.clone()));
        result
    }

    /// Starts computing a preview in the background, so that the window
    /// keeps drawing meanwhile (five turns of a large level take a moment);
    /// [`Session::poll_previews`] takes it in.
    pub fn request_preview(&mut self, order: &OrderFile) {
        if self.preview_of(order).is_some() || self.previewing(order) {
            return;
        }
        let (scenario, rules, fork, next, reason) = self.preview_inputs(order);
        let pool = AsyncComputeTaskPool::get_or_init(TaskPool::default);
        let owned = order.clone();
        let task = pool.spawn(async move { compute(&scenario, &rules, fork, owned, next, reason) });
        self.preview_tasks.push((order.clone(), task));
    }

    /// True while the preview of this order is being computed.
    pub fn previewing(&self, order: &OrderFile) -> bool {
        self.preview_tasks.iter().any(|(o, _)| o == order)
    }

    /// Takes in the previews computed in the background; true if any was.
    pub fn poll_previews(&mut self) -> bool {
        let mut done = false;
        let mut waiting = Vec::new();
        for (order, mut task) in std::mem::take(&mut self.preview_tasks) {
            match bevy::tasks::futures::check_ready(&mut task) {
                Some(preview) => {
                    self.previews.push((order, preview));
                    done = true;
                }
                None => waiting.push((order, task)),
            }
        }
        self.preview_tasks = waiting;
        done
    }

    /// Forgets every preview, computed or being computed: the state they
    /// were computed from has changed.
    pub(super) fn forget_previews(&mut self) {
        self.previews.clear();
        self.preview_tasks.clear();
    }

    /// What a preview is computed from: the state now (with the orders
    /// already given) and, read from it, what to say if nothing moves.
    fn preview_inputs(&self, order: &OrderFile) -> (Scenario, Rules, Fork, u32, String) {
        (
            self.sim.scenario().clone(),
            self.rules().clone(),
            self.sim.fork(),
            self.turn() + 1,
            why_nothing(&self.sim, order),
        )
    }

    /// A preview already computed for this turn.
    pub fn preview_of(&self, order: &OrderFile) -> Option<&Preview> {
        self.previews
            .iter()
            .find(|(o, _)| o == order)
            .map(|(_, p)| p)
    }
}

/// Plays the previewed turns with and without the order, from `fork`.
fn compute(
    scenario: &Scenario,
    rules: &Rules,
    fork: Fork,
    order: OrderFile,
    next: u32,
    reason: String,
) -> Preview {
    let copy = |extra: Option<OrderFile>| -> Option<Simulation> {
        let mut copy = Simulation::restore_fork(scenario, rules.clone(), fork.clone()).ok()?;
        if let Some(mut o) = extra {
            o.turn = next;
            copy.queue([o]);
        }
        Some(copy)
    };
    let (Some(mut without), Some(mut with)) = (copy(None), copy(Some(order.clone()))) else {
        return Preview::Refused("the preview could not be computed".into());
    };
    let mut outlooks = Vec::new();
    let mut played = 0;
    for turns in HORIZONS {
        while played < turns {
            without.step();
            with.step();
            played += 1;
            if played == 1 {
                let refused = with
                    .order_log()
                    .refused(next)
                    .find(|(r, _)| !r.ai && r.action == format!("{:?}", order.action))
                    .map(|(_, why)| why.to_string());
                if let Some(why) = refused {
                    return Preview::Refused(why);
                }
            }
        }
        outlooks.push(Outlook::between(turns, &with, &without));
    }
    let why_nothing = outlooks.iter().all(Outlook::is_nothing).then_some(reason);
    Preview::Applied {
        outlooks,
        why_nothing,
    }
}

/// Why an order that would be applied changes nothing the score counts
/// within the previewed turns, read from the state before it.
pub fn why_nothing(sim: &Simulation, order: &OrderFile) -> String {
    let Some(player) = sim.player() else {
        return "your polity no longer exists".into();
    };
    let ledger = &sim.scores().provinces;
    let mine: Vec<_> = sim
        .provinces()
        .into_iter()
        .filter(|p| p.owner == player.id)
        .filter_map(|p| ledger.get(p.id.index()))
        .collect();
    let last = HORIZONS[HORIZONS.len() - 1];
    match &order.action {
        Action::SetBorders { exit, .. } if exit.openness() > player.borders.exit.openness() => {
            if mine.iter().all(|p| p.foreign_hops.is_none()) {
                "no other polity within your people's reach admits newcomers: an open exit \
                 leads nowhere yet (their infrastructure sets the reach)"
                    .into()
            } else {
                format!(
                    "no one of yours would leave within {last} turns: where they could go \
                     is no better than home"
                )
            }
        }
        Action::SetBorders { entry, .. }
            if *entry != BorderPolicy::Closed
                && entry.openness() > player.borders.entry.openness() =>
        {
            format!("no one would come in within {last} turns: your neighbours keep their people")
        }
        Action::Invest { .. } => "prosperity is not a term of the score: it changes who wants \
                                  to stay or come, which takes longer"
            .into(),
        Action::CharterCommunes { .. } => {
            format!("no commune would be founded or grow within {last} turns")
        }
        Action::ProposeFederation { .. } => {
            "a federation counts once the other polity accepts; its terms do not move the score"
                .into()
        }
        Action::SetResponse { .. } | Action::Repress => {
            format!("no protest in your provinces that this would change within {last} turns")
        }
        _ => format!("nothing the score counts changes within {last} turns"),
    }
}
