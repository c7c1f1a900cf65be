//! The simulation without a window: a headless Bevy `App` that plays
//! turns, and the commands built on it (`simulate`, `test`, `check`,
//! `generate`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::tasks::{ComputeTaskPool, TaskPool, TaskPoolBuilder};
use serde_json::{Value, json};

use crate::level::schema::{Metric, OrderFile, ScopeFile};
use crate::level::{self, Diagnostic, Diagnostics, Level, Scope};
use crate::sim::orders::{OrderLog, OrderQueue};
use crate::sim::outcome::{Outcome, measure};
use crate::sim::rules::Rules;
use crate::sim::scoring::Scores;
use crate::sim::snapshot::{RestoreError, Snapshot};
use crate::sim::world::{Clock, Polity, Province, Registry, TurnStats};
use crate::sim::{self, PhaseTimes, Turn, TurnPhase};

/// Starts the task pool used by parallel per-citizen work, with `threads`
/// threads (all cores when `None`). Only the first call in a process
/// counts.
pub fn init_task_pool(threads: Option<usize>) {
    ComputeTaskPool::get_or_init(|| match threads {
        Some(n) => TaskPoolBuilder::new().num_threads(n.max(1)).build(),
        None => TaskPool::default(),
    });
}

/// A level loaded into its own world with the `Turn` schedule, ready to
/// play turns. The game window keeps one as a resource; the commands and
/// tests drive one directly.
pub struct Simulation {
    /// The whole simulation state.
    pub world: World,
}

impl Simulation {
    fn empty() -> World {
        init_task_pool(None);
        let mut world = World::new();
        world.add_schedule(sim::turn_schedule());
        world
    }

    /// Builds the world of a level (turn 0, scored once).
    pub fn new(level: &Level, rules: Rules, seed: Option<u64>) -> Simulation {
        let mut world = Self::empty();
        sim::setup::load_world(&mut world, level, rules, seed);
        Simulation { world }
    }

    /// Restores a saved game of `level`.
    pub fn restore(
        level: &Level,
        rules: Rules,
        snapshot: Snapshot,
    ) -> Result<Simulation, RestoreError> {
        let mut world = Self::empty();
        sim::snapshot::restore(&mut world, level, rules, snapshot)?;
        Ok(Simulation { world })
    }

    /// The whole state, for saving or for a preview copy.
    pub fn snapshot(&mut self) -> Snapshot {
        sim::snapshot::capture(&mut self.world)
    }

    /// The level being played.
    pub fn level(&self) -> &Level {
        &self.world.resource::<sim::setup::LoadedLevel>().0
    }

    /// Queues orders for their turns.
    pub fn queue(&mut self, orders: impl IntoIterator<Item = OrderFile>) {
        self.world
            .resource_mut::<OrderQueue>()
            .orders
            .extend(orders);
    }

    /// Plays one turn.
    pub fn step(&mut self) {
        self.world.run_schedule(Turn);
    }

    /// The last turn played (0 after loading).
    pub fn turn(&self) -> u32 {
        self.world.resource::<Clock>().turn
    }

    /// Time of each phase of the last turn.
    pub fn phase_times(&self) -> [Duration; 9] {
        self.world.resource::<PhaseTimes>().phases
    }

    /// A hash of the whole state.
    pub fn state_hash(&mut self) -> u64 {
        sim::setup::state_hash(&mut self.world)
    }

    /// Polities in id order.
    pub fn polities(&mut self) -> Vec<Polity> {
        let world = &mut self.world;
        sim::sorted(world.query::<&Polity>().iter(world).cloned(), |p| p.id)
    }

    /// Provinces in id order.
    pub fn provinces(&mut self) -> Vec<Province> {
        let world = &mut self.world;
        sim::sorted(world.query::<&Province>().iter(world).cloned(), |p| p.id)
    }

    /// The value of a metric; polity scopes are resolved by key now, so
    /// they may name polities founded during play.
    pub fn measure(&mut self, metric: Metric, scope: &ScopeFile) -> Result<f64, String> {
        let polities = self.polities();
        let world = &self.world;
        let scope = match scope {
            ScopeFile::World => Scope::World,
            ScopeFile::Player => {
                let player = polities
                    .iter()
                    .find(|p| p.controller == sim::world::Controller::Player);
                Scope::Polity(player.ok_or("the level has no Player polity")?.id)
            }
            ScopeFile::Polity(key) => {
                let registry = world.resource::<Registry>();
                Scope::Polity(
                    *registry
                        .polity_keys
                        .get(key)
                        .ok_or_else(|| format!("there is no polity `{key}`"))?,
                )
            }
        };
        let refs: Vec<&Polity> = polities.iter().collect();
        measure(
            metric,
            scope,
            &world.resource::<Scores>().current,
            world.resource::<TurnStats>(),
            &refs,
        )
        .ok_or_else(|| format!("{metric:?} is not defined there (the polity may have dissolved)"))
    }

    /// The state after the last turn as one JSON object (GAME.md §6).
    pub fn report(&mut self) -> Value {
        let polities = self.polities();
        let provinces = self.provinces();
        let world = &self.world;
        let scores = &world.resource::<Scores>().current;
        let stats = world.resource::<TurnStats>();
        let turn = world.resource::<Clock>().turn;
        let w = &scores.world;
        let m = &w.metrics;
        let polity_json: Vec<Value> = polities
            .iter()
            .filter(|p| !p.dissolved)
            .map(|p| {
                let s = scores.polity(p.id).map(|s| s.metrics).unwrap_or_default();
                let owned: Vec<&str> = provinces.iter().filter(|q| q.owner == p.id).map(|q| q.key.as_str()).collect();
                json!({
                    "id": p.key, "name": p.name, "score": s.score, "domination": s.domination,
                    "voluntariness": s.voluntariness, "equality": s.equality, "exit_option": s.exit_option,
                    "population": s.population, "authority": p.ruler.authority,
                    "legitimacy": p.legitimacy, "capital": p.capital,
                    "power": {"ruler": p.power.ruler, "province": p.power.province,
                              "municipal": p.power.municipal, "citizens": p.power.citizens},
                    "exit": p.borders.exit.name(), "entry": p.borders.entry.name(),
                    "commune_charter": p.commune_charter, "blocked_exits": p.turn.blocked,
                    "coerced": s.coerced, "provinces": owned,
                })
            })
            .collect();
        let refused: Vec<Value> = world
            .resource::<OrderLog>()
            .refused(turn)
            .map(|(r, reason)| json!({"polity": r.polity, "action": r.action, "reason": reason}))
            .collect();
        json!({
            "turn": turn,
            "world": {
                "score": m.score, "domination": m.domination, "voluntariness": m.voluntariness,
                "equality": m.equality, "exit_option": m.exit_option, "forced_sorting": m.forced_sorting,
                "fragmentation": w.fragmentation, "effective_polities": w.effective_polities,
                "hierarchies": w.hierarchies, "population": m.population,
                "blocked_exits": stats.blocked_exits, "coerced": m.coerced, "migrants": stats.migrants,
            },
            "polities": polity_json,
            "refused": refused,
            "log": stats.log,
            "outcome": serde_json::to_value(&world.resource::<Outcome>().state).unwrap_or(Value::Null),
        })
    }
}

/// Loads a level, or returns its errors.
pub fn load_level(path: &Path) -> Result<Level, Diagnostics> {
    level::load(path)
}

fn base_rules() -> Result<Rules, Diagnostics> {
    Rules::base().map_err(|e| Diagnostics(vec![Diagnostic::new(&e.file, (0, 0), e.message)]))
}

/// Options of `simulate`.
#[derive(Clone, Debug, Default)]
pub struct SimulateOptions {
    /// Turns to play.
    pub turns: u32,
    /// Seed override.
    pub seed: Option<u64>,
    /// Orders file.
    pub orders: Option<PathBuf>,
    /// Print JSON lines.
    pub json: bool,
    /// Print phase timings to standard error.
    pub timings: bool,
    /// Add a hash of the state to each JSON line.
    pub hash: bool,
    /// The mods to play with.
    pub mods: ModChoice,
}

/// `simulate`: plays turns and prints the state after each.
pub fn simulate(
    level_path: &Path,
    options: &SimulateOptions,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), Diagnostics> {
    let level = load_level(level_path)?;
    let orders = match &options.orders {
        Some(path) => level::load_orders(path)?,
        None => Vec::new(),
    };
    let mut simulation = Simulation::new(&level, options.mods.rules()?, options.seed);
    simulation.queue(orders);
    let print = |simulation: &mut Simulation, out: &mut dyn Write| {
        let line = if options.json {
            let mut report = simulation.report();
            if options.hash {
                report["state_hash"] = json!(format!("{:016x}", simulation.state_hash()));
            }
            report.to_string()
        } else {
            summary_line(simulation)
        };
        let _ = writeln!(out, "{line}");
    };
    print(&mut simulation, out);
    let mut totals = Vec::new();
    for _ in 0..options.turns {
        let start = Instant::now();
        simulation.step();
        let total = start.elapsed();
        totals.push(total);
        if options.timings {
            let phases = simulation.phase_times();
            let parts: Vec<String> = TurnPhase::ALL
                .iter()
                .zip(phases)
                .map(|(phase, t)| format!("{} {:.2} ms", phase.name(), ms(t)))
                .collect();
            let _ = writeln!(
                err,
                "turn {}: total {:.2} ms ({})",
                simulation.turn(),
                ms(total),
                parts.join(", ")
            );
        }
        print(&mut simulation, out);
    }
    if options.timings && !totals.is_empty() {
        totals.sort();
        let _ = writeln!(
            err,
            "median turn: {:.2} ms over {} turns",
            ms(totals[totals.len() / 2]),
            totals.len()
        );
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary_line(simulation: &mut Simulation) -> String {
    let report = simulation.report();
    let w = &report["world"];
    let f = |v: &Value| v.as_f64().unwrap_or(0.0);
    format!(
        "turn {:>3}: S {:.3}  F {:.3}  domination {:.3}  exit {:.3}  migrants {}  blocked {}  polities {}",
        report["turn"],
        f(&w["score"]),
        f(&w["fragmentation"]),
        f(&w["domination"]),
        f(&w["exit_option"]),
        w["migrants"],
        w["blocked_exits"],
        report["polities"].as_array().map_or(0, Vec::len)
    )
}

/// The `.ron` files a path names: the file itself, or those in a folder.
pub fn ron_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    if path.is_dir() {
        level::ron_files_in(path).map_err(|e| {
            Diagnostics(vec![Diagnostic::new(
                &path.display().to_string(),
                (0, 0),
                format!("cannot read the folder: {e}"),
            )])
        })
    } else {
        Ok(vec![path.to_path_buf()])
    }
}

/// The mods chosen on the command line (`--mods`, `--mods-dir`).
#[derive(Clone, Debug, Default)]
pub struct ModChoice {
    /// Mod ids to load (with their dependencies).
    pub ids: Vec<String>,
    /// Folders searched for mods besides `mods/`.
    pub dirs: Vec<PathBuf>,
}

impl ModChoice {
    /// The rules with the chosen mods applied.
    pub fn rules(&self) -> Result<Rules, Diagnostics> {
        if self.ids.is_empty() {
            base_rules()
        } else {
            Ok(crate::modding::load(&crate::modding::search_dirs(&self.dirs), &self.ids)?.rules)
        }
    }
}

/// The level files a path names and the rules to play them with: a level,
/// a folder of levels, or a mod folder (`mod.ron` inside: its levels, with
/// it and its dependencies loaded).
pub fn expand(path: &Path, choice: &ModChoice) -> Result<(Vec<PathBuf>, Rules), Diagnostics> {
    if path.join("mod.ron").is_file() {
        let id = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut dirs = vec![
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ];
        dirs.extend(crate::modding::search_dirs(&choice.dirs));
        dirs.dedup();
        let mut wanted = choice.ids.clone();
        wanted.push(id);
        let set = crate::modding::load(&dirs, &wanted)?;
        let own: Vec<PathBuf> = set
            .levels
            .iter()
            .filter(|l| l.starts_with(path))
            .cloned()
            .collect();
        return Ok((own, set.rules));
    }
    Ok((ron_files(path)?, choice.rules()?))
}

/// `check`: every error of every level and mod under the paths.
pub fn check(paths: &[PathBuf], choice: &ModChoice) -> (usize, Vec<Diagnostic>) {
    let mut checked = 0;
    let mut errors = Vec::new();
    for path in paths {
        match expand(path, choice) {
            Ok((files, rules)) => {
                checked += usize::from(path.join("mod.ron").is_file());
                for file in files {
                    checked += 1;
                    match level::load(&file) {
                        Ok(level) => {
                            errors.extend(unknown_actions(&level, &rules));
                            errors.extend(unknown_archetypes(&level, &rules));
                        }
                        Err(e) => errors.extend(e.0),
                    }
                }
            }
            Err(e) => errors.extend(e.0),
        }
    }
    (checked, errors)
}

/// Orders of a level's scenario tests that name actions no loaded mod
/// defines: a level that uses a mod's action is checked with the mod.
fn unknown_actions(level: &Level, rules: &Rules) -> Vec<Diagnostic> {
    use level::tree::PathStep::{Field, Index};
    let known: Vec<&str> = rules.actions.iter().map(|a| a.id.as_str()).collect();
    let mut errors = Vec::new();
    let tree = level::read_text(Path::new(&level.file))
        .ok()
        .and_then(|t| level::parse_tree(&level.file, &t).ok());
    for (i, test) in level.tests.iter().enumerate() {
        let Ok(orders) = level::test_orders(level, test) else {
            continue;
        };
        for (j, order) in orders.iter().enumerate() {
            let level::schema::ActionFile::Action { id, .. } = &order.action else {
                continue;
            };
            if known.contains(&id.as_str()) {
                continue;
            }
            let (file, pos) = match &test.orders {
                Some(level::schema::OrdersSource::File(path)) => {
                    (level.dir.join(path).display().to_string(), (0, 0))
                }
                _ => {
                    let path = [
                        Field("tests"),
                        Index(i),
                        Field("orders"),
                        Index(j),
                        Field("action"),
                    ];
                    (
                        level.file.clone(),
                        tree.as_ref().map_or((0, 0), |t| t.locate(&path)),
                    )
                }
            };
            errors.push(
                Diagnostic::new(&file, pos, format!("test `{}` orders the action `{id}`, which no loaded mod defines", test.name))
                    .expected("an action of a loaded mod")
                    .hint(if known.is_empty() {
                        "check the level with its mod: `free-association check mods/<id>` or `--mods <id>`".to_string()
                    } else {
                        level::diagnostic::suggestion(id, known.iter().copied())
                    }),
            );
        }
    }
    errors
}

/// Polities of a level whose `Custom` archetype no loaded mod defines.
fn unknown_archetypes(level: &Level, rules: &Rules) -> Vec<Diagnostic> {
    use level::tree::PathStep::{Field, Index};
    let tree = level::read_text(Path::new(&level.file))
        .ok()
        .and_then(|t| level::parse_tree(&level.file, &t).ok());
    level
        .polities
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match &p.controller {
            crate::sim::world::Controller::Custom(id) if rules.archetype(id).is_none() => {
                let path = [Field("polities"), Index(i), Field("controller")];
                let pos = tree.as_ref().map_or((0, 0), |t| t.locate(&path));
                let known = rules.archetypes.iter().map(|a| a.id.as_str());
                Some(
                    Diagnostic::new(&level.file, pos, format!("polity `{}` is run by the archetype `{id}`, which no loaded mod defines", p.key))
                        .expected("a base archetype (`Ai(Warden)`, ...) or one of a loaded mod")
                        .hint(level::diagnostic::suggestion(id, known)),
                )
            }
            _ => None,
        })
        .collect()
}

/// The result of one scenario test.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    /// `level file: test name`.
    pub name: String,
    /// Failures, in words; empty when it passed.
    pub failures: Vec<String>,
}

/// Runs one scenario test of a level.
pub fn run_test(level: &Level, index: usize, rules: &Rules) -> TestResult {
    let test = &level.tests[index];
    let name = format!("{}: {}", level.file, test.name);
    let fail = |message: String| TestResult {
        name: name.clone(),
        failures: vec![message],
    };
    let orders = match level::test_orders(level, test) {
        Ok(o) => o,
        Err(e) => return fail(e.to_string()),
    };
    let mut simulation = Simulation::new(level, rules.clone(), test.seed);
    simulation.queue(orders);
    for _ in 0..test.turns {
        simulation.step();
    }
    let mut failures = Vec::new();
    for expect in &test.expect {
        match simulation.measure(expect.metric, &expect.scope) {
            Ok(value) => {
                if let Some(low) = expect.at_least
                    && value < low
                {
                    failures.push(format!(
                        "{:?} of {:?} is {value:.4}, expected at least {low}",
                        expect.metric, expect.scope
                    ));
                }
                if let Some(high) = expect.at_most
                    && value > high
                {
                    failures.push(format!(
                        "{:?} of {:?} is {value:.4}, expected at most {high}",
                        expect.metric, expect.scope
                    ));
                }
            }
            Err(e) => failures.push(e),
        }
    }
    TestResult { name, failures }
}

/// `test`: runs every scenario test of the levels and mods under the paths.
pub fn test(paths: &[PathBuf], choice: &ModChoice) -> (Vec<TestResult>, Vec<Diagnostic>) {
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let (files, rules) = match expand(path, choice) {
            Ok(found) => found,
            Err(e) => {
                errors.extend(e.0);
                continue;
            }
        };
        for file in files {
            match level::load(&file) {
                Ok(level) => {
                    results.extend((0..level.tests.len()).map(|i| run_test(&level, i, &rules)))
                }
                Err(e) => errors.extend(e.0),
            }
        }
    }
    (results, errors)
}

/// Writes a save file (RON) atomically: a temporary file, then a rename.
pub fn write_save(path: &Path, snapshot: &Snapshot) -> Result<(), String> {
    let text = ron::ser::to_string(snapshot).map_err(|e| format!("cannot encode the save: {e}"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    crate::cli::write_atomically(path, &text)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Reads a save file.
pub fn read_save(path: &Path) -> Result<Snapshot, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    ron::Options::default()
        .with_recursion_limit(level::tree::MAX_DEPTH)
        .from_str(&text)
        .map_err(|e| format!("{} is not a save of this game: {e}", path.display()))
}
