//! The one door between the simulation and everything else: a scenario
//! loaded into a world of its own, with the `Turn` schedule. Commands,
//! tests and the desktop game read it through typed accessors and change
//! it only by queueing orders, playing a turn, or restoring a save.

use std::time::Duration;

use bevy::prelude::*;
use bevy::tasks::{ComputeTaskPool, TaskPool, TaskPoolBuilder};

use super::ai::Autopilot;
use super::census::Census;
use super::citizens::Citizens;
use super::geography::Geography;
use super::hash::state_hash;
use super::ids::{Keys, PolityId};
use super::order::Order;
use super::orders::{OrderLog, OrderQueue};
use super::outcome::{Measured, Outcome, measure};
use super::rules::{ArchetypeDef, Rules};
use super::scenario::{Metric, Scenario, Scope};
use super::schedule::{PhaseTimes, Turn, TurnPhase};
use super::scoring::{History, HistoryEntry, ScoreReport, Scores};
use super::snapshot::{Fork, RestoreError, Snapshot};
use super::world::{
    Citizen, Clock, Commune, Controller, Federations, LevelInfo, Polity, Province, Registry,
    TurnStats,
};

/// Starts the task pool used by parallel per-citizen work, with `threads`
/// threads (all cores when `None`). Only the first call in a process
/// counts.
pub fn init_task_pool(threads: Option<usize>) {
    if let Some(n) = threads {
        super::crew::set_helpers(n.max(1) - 1);
    }
    ComputeTaskPool::get_or_init(|| match threads {
        Some(n) => TaskPoolBuilder::new().num_threads(n.max(1)).build(),
        None => TaskPool::default(),
    });
}

/// A scenario being played, in its own world.
pub struct Simulation {
    world: World,
}

impl Simulation {
    /// A world holding the simulation's plugin: the schedule and every
    /// phase's resources, with no scenario yet.
    fn empty() -> World {
        init_task_pool(None);
        let mut app = App::empty();
        app.add_plugins(super::plugin);
        std::mem::take(app.world_mut())
    }

    /// Builds the world of a scenario (turn 0, scored once); `seed`
    /// overrides the scenario's.
    pub fn new(scenario: &Scenario, rules: Rules, seed: Option<u64>) -> Simulation {
        let mut world = Self::empty();
        super::setup::load_world(&mut world, scenario, rules, seed);
        Simulation { world }
    }

    /// Restores a saved game of `scenario`.
    pub fn restore(
        scenario: &Scenario,
        rules: Rules,
        snapshot: Snapshot,
    ) -> Result<Simulation, RestoreError> {
        let mut world = Self::empty();
        super::snapshot::restore(&mut world, scenario, rules, snapshot)?;
        Ok(Simulation { world })
    }

    /// A copy of the state to play on elsewhere (the game's background
    /// turn): what [`Simulation::snapshot`] holds, without turning every
    /// citizen into a row and back.
    pub fn fork(&self) -> Fork {
        super::snapshot::fork(&self.world)
    }

    /// A simulation of `scenario` from a fork of one: the same as restoring
    /// a snapshot taken at the same moment.
    pub fn restore_fork(
        scenario: &Scenario,
        rules: Rules,
        fork: Fork,
    ) -> Result<Simulation, RestoreError> {
        let mut world = Self::empty();
        super::snapshot::restore_fork(&mut world, scenario, rules, fork)?;
        Ok(Simulation { world })
    }

    /// Queues orders of the player's polity for their turns (an order for
    /// another polity is refused when due).
    pub fn queue(&mut self, orders: impl IntoIterator<Item = Order<Keys>>) {
        self.world
            .resource_mut::<OrderQueue>()
            .orders
            .extend(orders);
    }

    /// Takes back the last queued order equal to `order` that has not been
    /// applied yet; false when there is none.
    pub fn withdraw(&mut self, order: &Order<Keys>) -> bool {
        let mut queue = self.world.resource_mut::<OrderQueue>();
        match queue.orders.iter().rposition(|o| o == order) {
            Some(i) => {
                queue.orders.remove(i);
                true
            }
            None => false,
        }
    }

    /// Puts the player's polity on autopilot: from the next turn it gives
    /// the orders of `strategy` (the balance harness).
    pub fn autopilot(&mut self, strategy: ArchetypeDef) {
        let player = self.scenario().player();
        self.world
            .insert_resource(Autopilot(player.map(|p| (p, strategy))));
    }

    /// Queues orders that may command any polity: a scenario test's, which
    /// sets up its world through them.
    pub fn queue_for_any(&mut self, orders: impl IntoIterator<Item = Order<Keys>>) {
        let mut queue = self.world.resource_mut::<OrderQueue>();
        queue.any_polity = true;
        queue.orders.extend(orders);
    }

    /// Plays one turn.
    pub fn step(&mut self) {
        super::crew::warm(|| self.world.run_schedule(Turn));
    }

    /// The whole state, for saving or for a preview copy.
    pub fn snapshot(&self) -> Snapshot {
        super::snapshot::capture(&self.world)
    }

    /// A hash of the whole state.
    pub fn state_hash(&self) -> u64 {
        state_hash(&self.world)
    }

    /// The scenario being played (with the events of mods).
    pub fn scenario(&self) -> &Scenario {
        self.world.resource::<Scenario>()
    }

    /// The rules in play.
    pub fn rules(&self) -> &Rules {
        self.world.resource::<Rules>()
    }

    /// The last turn played (0 after loading).
    pub fn turn(&self) -> u32 {
        self.world.resource::<Clock>().turn
    }

    /// The seed of every draw.
    pub fn seed(&self) -> u64 {
        self.world.resource::<Clock>().seed
    }

    /// Time of a phase of the last turn.
    pub fn phase_time(&self, phase: TurnPhase) -> Duration {
        self.world.resource::<PhaseTimes>().of(phase)
    }

    /// The time of one streaming pass over the citizens (home, culture and
    /// grievance of each, summed), the least any per-citizen phase can
    /// cost: the yardstick `simulate --timings` measures turns against.
    pub fn stream_pass(&mut self) -> Duration {
        let start = std::time::Instant::now();
        let citizens = self.world.resource::<Citizens>();
        let (mut homes, mut cultures, mut grievance) = (0u64, 0u64, 0.0f32);
        for i in 0..citizens.len() {
            homes += u64::from(citizens.home[i].0);
            cultures += u64::from(citizens.culture[i].0);
            grievance += citizens.grievance[i];
        }
        std::hint::black_box((homes, cultures, grievance));
        start.elapsed()
    }

    /// Orders waiting for their turns, as written.
    pub fn queued(&self) -> &[Order<Keys>] {
        &self.world.resource::<OrderQueue>().orders
    }

    /// Every order applied or refused so far.
    pub fn order_log(&self) -> &OrderLog {
        self.world.resource::<OrderLog>()
    }

    /// What moved during the last turn: migrants, flows, blocked exits, the
    /// log.
    pub fn stats(&self) -> &TurnStats {
        self.world.resource::<TurnStats>()
    }

    /// The last scoring.
    pub fn scores(&self) -> &ScoreReport {
        &self.world.resource::<Scores>().current
    }

    /// Every scoring so far, turn 0 first.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.world.resource::<History>().entries
    }

    /// Per-province tallies of the citizens.
    pub fn census(&self) -> &Census {
        self.world.resource::<Census>()
    }

    /// Goals met and the state of the game.
    pub fn outcome(&self) -> &Outcome {
        self.world.resource::<Outcome>()
    }

    /// Federations and proposals.
    pub fn federations(&self) -> &Federations {
        self.world.resource::<Federations>()
    }

    /// Province adjacency and reach.
    pub fn geography(&self) -> &Geography {
        self.world.resource::<Geography>()
    }

    /// The level's name, scale, cultures and length.
    pub fn level_info(&self) -> &LevelInfo {
        self.world.resource::<LevelInfo>()
    }

    /// Provinces in id order.
    pub fn provinces(&self) -> Vec<&Province> {
        self.registry().provinces(&self.world)
    }

    /// Polities in id order, dissolved ones too.
    pub fn polities(&self) -> Vec<&Polity> {
        self.registry().polities(&self.world)
    }

    /// Communes in id order, dissolved ones too.
    pub fn communes(&self) -> Vec<&Commune> {
        self.registry().communes(&self.world)
    }

    /// Citizens in id order.
    pub fn citizens(&self) -> impl Iterator<Item = Citizen> + '_ {
        self.world.resource::<Citizens>().rows()
    }

    /// A polity by id.
    pub fn polity(&self, id: PolityId) -> Option<&Polity> {
        self.registry().polity(&self.world, id)
    }

    /// The id of the polity with this key (polities founded during play
    /// too).
    pub fn polity_id(&self, key: &str) -> Option<PolityId> {
        self.registry().polity_keys.get(key).copied()
    }

    /// The player's polity, while it exists.
    pub fn player(&self) -> Option<&Polity> {
        self.polities()
            .into_iter()
            .find(|p| p.controller == Controller::Player && !p.dissolved)
    }

    /// The value of a metric after the last turn; `None` when the scope
    /// does not exist (a dissolved polity).
    pub fn measure(&self, metric: Metric, scope: Scope) -> Option<f64> {
        let (polities, provinces) = (self.polities(), self.provinces());
        let from = Measured {
            scores: self.scores(),
            stats: self.stats(),
            polities: &polities,
            provinces: &provinces,
            census: self.census(),
        };
        measure(metric, scope, from)
    }

    fn registry(&self) -> &Registry {
        self.world.resource::<Registry>()
    }
}
