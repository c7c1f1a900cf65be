//! The game being played: the simulation (through its one door,
//! `Simulation`), the level file it came from, the rules and mods it is
//! played by, saves, hot reload and previews. The only place the desktop
//! game changes the simulation, and only by queueing orders, playing turns
//! and restoring saves: the panels read the session and send `Command`s.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, TaskPool};

use super::screen::GameSystems;
use crate::level::schema::OrderFile;
use crate::level::{self, Level};
use crate::modding::Ruleset;
use crate::sim::news::News;
use crate::sim::outcome::GameState;
use crate::sim::rules::Rules;
use crate::sim::simulation::Simulation;
use crate::sim::world::Polity;

mod preview;
mod saving;

pub use preview::{Outlook, Preview};

pub use saving::PendingLoad;

/// Where saves go, under the working directory.
pub const SAVE_DIR: &str = "saves";

/// Autosaves kept: those of the last three turns.
pub const AUTOSAVES: usize = 3;

/// What the UI asks of the game.
#[derive(Message, Clone, Debug, PartialEq)]
pub enum Command {
    /// Play the turn.
    EndTurn,
    /// Queue an order of the player's polity for the coming turn.
    Give(OrderFile),
    /// Withdraw an order given for the coming turn.
    Withdraw(OrderFile),
    /// Compute the effect of an order on the next turn, on a copy.
    Preview(OrderFile),
    /// Save to `saves/<name>.ron`.
    Save(String),
    /// Load a save file.
    Load(PathBuf),
    /// Delete a save file of the save folder.
    DeleteSave(PathBuf),
    /// Open a level from the start.
    Open(PathBuf),
    /// Close the window of the level file's errors.
    DismissReloadErrors,
    /// Load the pending save made with other mods, by its recorded rules.
    LoadAnyway,
    /// Do not load the pending save.
    CancelLoad,
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The turn it happened in.
    pub turn: u32,
    /// What happened.
    pub text: String,
    /// True for refusals and errors.
    pub warning: bool,
    /// The simulation's record behind it, if it came from one: its kind,
    /// and where (the map marks political news of the last turn).
    pub news: Option<News>,
}

/// The game in progress.
#[derive(Resource)]
pub struct Session {
    /// The simulation.
    pub sim: Simulation,
    /// The rules and mod events it is played by.
    pub ruleset: Ruleset,
    /// The level file.
    pub level_path: PathBuf,
    /// The level file's modification time when it was last read.
    pub level_modified: Option<SystemTime>,
    /// Errors of the last reload attempt; the game keeps the last good level.
    pub reload_errors: Vec<String>,
    /// A save made with other mods, waiting to be loaded anyway or not.
    pub pending_load: Option<PendingLoad>,
    /// The event log.
    pub log: Vec<LogLine>,
    /// Orders the player gave this game (the replay log).
    pub replay: Vec<OrderFile>,
    /// Wall-clock time of the last End Turn, in milliseconds.
    pub last_turn_ms: f64,
    /// Previews computed for the current turn.
    pub previews: Vec<(OrderFile, Preview)>,
    /// Changes whenever the state does (a turn, a load, a reload), so that
    /// views know when to redraw.
    pub generation: u64,
    /// Changes when a game is opened or loaded (not when a turn is played
    /// or the level reloaded), so that the camera fits the map again.
    pub opened: u64,
    /// The turn being played in the background, on a copy of the
    /// simulation, while the window keeps drawing and answering.
    turn_task: Option<Task<Result<(Simulation, f64), String>>>,
    /// Previews being computed in the background.
    preview_tasks: Vec<preview::PreviewTask>,
    /// End Turns asked for that have not started yet.
    turns_wanted: u32,
}

static GENERATION: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATION.fetch_add(1, Ordering::Relaxed)
}

fn base_ruleset() -> Ruleset {
    // The base rules are compiled in and tested; a failure here is a bug in
    // the shipped file, reported as defaults would hide it.
    Ruleset::base().unwrap_or_else(|e| panic!("the shipped rules do not parse: {e}"))
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Session {
    /// Opens a level from its first turn.
    pub fn open(path: &Path) -> Result<Session, String> {
        Session::open_with(path, base_ruleset())
    }

    /// Opens a level from its first turn under the given rules (with mods).
    pub fn open_with(path: &Path, ruleset: Ruleset) -> Result<Session, String> {
        let level = level::load(path).map_err(|e| e.to_string())?;
        let mut session = Session::from_level(&level, path, ruleset);
        session.note(format!("Opened {}.", session.sim.scenario().name), false);
        Ok(session)
    }

    fn from_level(level: &Level, path: &Path, ruleset: Ruleset) -> Session {
        Session {
            sim: Simulation::new(&ruleset.scenario(level), ruleset.rules.clone(), None),
            ruleset,
            level_path: path.to_path_buf(),
            level_modified: modified(path),
            reload_errors: Vec::new(),
            pending_load: None,
            log: Vec::new(),
            replay: Vec::new(),
            last_turn_ms: 0.0,
            previews: Vec::new(),
            generation: next_generation(),
            opened: next_generation(),
            turn_task: None,
            preview_tasks: Vec::new(),
            turns_wanted: 0,
        }
    }

    /// The rules in play (the base rules with the mods applied).
    pub fn rules(&self) -> &Rules {
        self.sim.rules()
    }

    /// Adds a line to the event log.
    pub fn note(&mut self, text: String, warning: bool) {
        let turn = self.turn();
        self.log.push(LogLine {
            turn,
            text,
            warning,
            news: None,
        });
    }

    /// The last turn played.
    pub fn turn(&self) -> u32 {
        self.sim.turn()
    }

    /// The player's polity, if it still exists.
    pub fn player(&self) -> Option<&Polity> {
        self.sim.player()
    }

    /// The game state (playing, won, lost).
    pub fn state(&self) -> GameState {
        self.sim.outcome().state.clone()
    }

    /// True (and says so in the log) when no more turns can be played:
    /// after a victory the world goes on, for those who want to see where
    /// it leads; after a defeat or the last turn it stops.
    fn over(&mut self) -> bool {
        let over = matches!(
            self.state(),
            GameState::Defeat { .. } | GameState::Ended { .. }
        );
        if over || self.turn() >= self.sim.scenario().max_turns {
            let text = "The game is over; open a level or load a save to play on.";
            if self.log.last().is_none_or(|l| l.text != text) {
                self.note(text.into(), true);
            }
            return true;
        }
        false
    }

    /// Plays one turn here and now, and logs what happened.
    pub fn end_turn(&mut self) {
        if self.over() {
            return;
        }
        let before = self.state();
        let start = Instant::now();
        self.sim.step();
        self.last_turn_ms = start.elapsed().as_secs_f64() * 1000.0;
        self.after_turn(before);
    }

    /// Asks for a turn to be played in the background (`poll_turn` starts
    /// it and takes it in); asked twice, two turns are played in a row.
    pub fn request_turn(&mut self) {
        self.turns_wanted += 1;
    }

    /// True while a turn is being played in the background or waits to be.
    pub fn thinking(&self) -> bool {
        self.turn_task.is_some() || self.turns_wanted > 0
    }

    /// True while anything is computed in the background: a turn or a
    /// preview (the window keeps drawing to take it in).
    pub fn busy(&self) -> bool {
        self.thinking() || !self.preview_tasks.is_empty()
    }

    /// Called every frame: takes in the turn played in the background when
    /// it is done (true then), or starts the next one asked for. The turn
    /// is played on a copy of the simulation (`Simulation::fork`), so
    /// the window keeps showing the last turn meanwhile; the copy then
    /// takes its place.
    pub fn poll_turn(&mut self) -> bool {
        if let Some(task) = self.turn_task.as_mut() {
            let Some(done) = bevy::tasks::futures::check_ready(task) else {
                return false;
            };
            self.turn_task = None;
            return match done {
                Ok((sim, ms)) => {
                    let before = self.state();
                    self.sim = sim;
                    self.last_turn_ms = ms;
                    self.after_turn(before);
                    true
                }
                Err(e) => {
                    self.turns_wanted = 0;
                    self.note(format!("The turn could not be played: {e}"), true);
                    false
                }
            };
        }
        if self.turns_wanted == 0 {
            return false;
        }
        self.turns_wanted -= 1;
        if self.over() {
            self.turns_wanted = 0;
            return false;
        }
        let fork = self.sim.fork();
        let scenario = self.sim.scenario().clone();
        let rules = self.rules().clone();
        let pool = AsyncComputeTaskPool::get_or_init(TaskPool::default);
        self.turn_task = Some(pool.spawn(async move {
            let start = Instant::now();
            let mut sim =
                Simulation::restore_fork(&scenario, rules, fork).map_err(|e| e.to_string())?;
            sim.step();
            Ok((sim, start.elapsed().as_secs_f64() * 1000.0))
        }));
        false
    }

    /// Forgets the turn being played, if any (a save is loaded or another
    /// level opened meanwhile).
    fn cancel_turn(&mut self) {
        self.turn_task = None;
        self.turns_wanted = 0;
    }

    /// Logs what the turn just played did.
    fn after_turn(&mut self, before: GameState) {
        self.forget_previews();
        self.generation = next_generation();
        let turn = self.turn();
        let news: Vec<News> = self.sim.stats().news.clone();
        let refused: Vec<String> = self
            .sim
            .order_log()
            .refused(turn)
            .filter(|(r, _)| !r.ai)
            .map(|(r, why)| {
                // The player's own order, in words, when it is in the replay.
                let words = self
                    .replay
                    .iter()
                    .find(|o| o.turn == turn && format!("{:?}", o.action) == r.action)
                    .map_or_else(
                        || r.action.clone(),
                        |o| super::wording::order(&self.sim, &o.action),
                    );
                format!("Refused: {words} ({why}).")
            })
            .collect();
        for record in news {
            self.log.push(LogLine {
                turn,
                text: record.text.clone(),
                warning: false,
                news: Some(record),
            });
        }
        for text in refused {
            self.note(text, true);
        }
        let now = self.state();
        if now == before {
            return;
        }
        match now {
            GameState::Victory { turn } => {
                self.note(format!("Victory on turn {turn}: every goal met."), false)
            }
            GameState::Defeat { turn, reason, .. } => {
                self.note(format!("Defeat on turn {turn}: {reason}."), true)
            }
            GameState::Ended { turn } => {
                self.note(format!("The game ended after turn {turn}."), false)
            }
            GameState::Playing => {}
        }
    }

    /// Withdraws an order given for the coming turn (the last one alike).
    pub fn withdraw(&mut self, order: &OrderFile) {
        if self.thinking() {
            self.note(
                "The turn is being played: withdraw orders when it is done.".into(),
                true,
            );
            return;
        }
        if !self.sim.withdraw(order) {
            return;
        }
        if let Some(i) = self.replay.iter().rposition(|o| o == order) {
            self.replay.remove(i);
        }
        self.note(
            format!(
                "Withdrawn: {}.",
                super::wording::order(&self.sim, &order.action)
            ),
            false,
        );
        self.forget_previews();
    }

    /// Queues an order of the player's for the coming turn.
    pub fn give(&mut self, mut order: OrderFile) {
        if self.thinking() {
            self.note(
                "The turn is being played: give orders when it is done.".into(),
                true,
            );
            return;
        }
        order.turn = self.turn() + 1;
        self.note(
            format!(
                "Ordered for turn {}: {}.",
                order.turn,
                super::wording::order(&self.sim, &order.action)
            ),
            false,
        );
        self.replay.push(order.clone());
        self.sim.queue([order]);
        self.forget_previews();
    }

    /// Orders queued for the coming turn.
    pub fn pending(&self) -> Vec<OrderFile> {
        let next = self.turn() + 1;
        self.sim
            .queued()
            .iter()
            .filter(|o| o.turn == next)
            .cloned()
            .collect()
    }

    /// The political capital the orders queued for the coming turn will
    /// spend (they are paid in the order given).
    pub fn committed_capital(&self) -> f64 {
        let rules = self.rules();
        // (An empty sum of floats is -0.0.)
        self.pending()
            .iter()
            .map(|o| crate::sim::order::action_cost(&o.action, rules))
            .sum::<f64>()
            .max(0.0)
    }

    /// Hot reload: when the level file changed on disk, reads it again and
    /// restarts it; a broken edit keeps the game running and records the
    /// errors. Returns true when it reloaded.
    pub fn reload_if_changed(&mut self) -> bool {
        let now = modified(&self.level_path);
        if now.is_none() || now == self.level_modified {
            return false;
        }
        self.level_modified = now;
        match level::load(&self.level_path) {
            Ok(level) => {
                let log = std::mem::take(&mut self.log);
                let path = self.level_path.clone();
                *self = Session::from_level(&level, &path, self.ruleset.clone());
                self.log = log;
                self.note(
                    format!(
                        "Reloaded {} after an edit; back to turn 0.",
                        self.level_path.display()
                    ),
                    false,
                );
                true
            }
            Err(errors) => {
                self.reload_errors = errors.0.iter().map(ToString::to_string).collect();
                self.note(
                    format!(
                        "{} has errors; still playing the last good version.",
                        self.level_path.display()
                    ),
                    true,
                );
                false
            }
        }
    }
}

/// Applies the UI's commands, in order; autosaves after each turn.
pub fn apply_commands(mut commands: MessageReader<Command>, session: Option<ResMut<Session>>) {
    let Some(mut session) = session else {
        commands.clear();
        return;
    };
    for command in commands.read() {
        match command {
            Command::EndTurn => session.request_turn(),
            Command::Give(order) => session.give(order.clone()),
            Command::Withdraw(order) => session.withdraw(order),
            Command::Preview(order) => session.request_preview(order),
            Command::Save(name) => {
                let path = Path::new(SAVE_DIR).join(format!("{name}.ron"));
                match session.save(&path) {
                    Ok(()) => session.note(format!("Saved to {}.", path.display()), false),
                    Err(e) => session.note(e, true),
                }
            }
            Command::DeleteSave(path) => {
                // Only a save of the save folder, never another file.
                let ours = path.parent() == Some(Path::new(SAVE_DIR))
                    && path.extension().is_some_and(|e| e == "ron");
                if !ours {
                    session.note(format!("{} is not a save: kept.", path.display()), true);
                } else if let Err(e) = std::fs::remove_file(path) {
                    session.note(format!("Could not delete {}: {e}", path.display()), true);
                } else {
                    session.note(format!("Deleted {}.", path.display()), false);
                }
            }
            Command::Load(path) => {
                session.cancel_turn();
                if let Err(e) = session.load(path) {
                    session.note(format!("Could not load {}: {e}", path.display()), true);
                }
            }
            Command::Open(path) => match Session::open_with(path, session.ruleset.clone()) {
                Ok(new) => *session = new,
                Err(e) => session.note(format!("Could not open {}: {e}", path.display()), true),
            },
            Command::DismissReloadErrors => session.reload_errors.clear(),
            Command::LoadAnyway => {
                if let Some(pending) = session.pending_load.take() {
                    session.cancel_turn();
                    if let Err(e) = session.load_anyway(&pending.path) {
                        let path = pending.path.display();
                        session.note(format!("Could not load {path}: {e}"), true);
                    }
                }
            }
            Command::CancelLoad => session.pending_load = None,
        }
    }
}

/// Plays the turns asked for in the background and takes them in; saves
/// `saves/autosave.ron` after each.
pub fn play_turns(session: Option<ResMut<Session>>) {
    let Some(mut session) = session else {
        return;
    };
    session.poll_previews();
    if session.poll_turn() {
        let autosave = Path::new(SAVE_DIR).join("autosave.ron");
        if let Err(e) = session.autosave(&autosave) {
            session.note(format!("Autosave failed: {e}"), true);
        }
    }
}

/// How often the level file is checked for edits.
#[derive(Resource)]
pub struct ReloadTimer(pub Timer);

/// Checks the level file for edits once a second.
pub fn hot_reload(
    time: Res<Time>,
    mut timer: ResMut<ReloadTimer>,
    session: Option<ResMut<Session>>,
) {
    if timer.0.tick(time.delta()).just_finished()
        && let Some(mut session) = session
    {
        session.reload_if_changed();
    }
}

/// The session plugin: commands and hot reload. Needs no window, so tests
/// run it with `MinimalPlugins`.
pub fn plugin(app: &mut App) {
    app.add_message::<Command>();
    app.insert_resource(ReloadTimer(Timer::from_seconds(1.0, TimerMode::Repeating)));
    app.add_systems(
        Update,
        (apply_commands, play_turns, hot_reload)
            .chain()
            .in_set(GameSystems::Commands),
    );
}
