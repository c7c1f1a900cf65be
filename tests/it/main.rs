//! Integration tests: headless Bevy apps built from level files, and the
//! command line as a user runs it. One test crate, so Bevy is linked once.

mod architecture;
mod cli;
mod conservation;
mod determinism;
mod dynamics;
mod fuzz;
#[cfg(feature = "gui")]
mod game;
mod levels;
mod mods;
mod properties;
mod random_worlds;
mod ron_forms;
mod saves;
mod turns;

use std::path::{Path, PathBuf};

use free_association::level::{self, Level};
use free_association::sim::rules::Rules;
use free_association::sim::simulation::Simulation;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads a shipped level.
pub fn shipped(name: &str) -> Level {
    let path = root().join("levels").join(name);
    level::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// The file names of the shipped levels, sorted.
pub fn shipped_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("levels"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    names.sort();
    names
}

/// A headless simulation of a shipped level.
pub fn simulation(name: &str) -> Simulation {
    Simulation::new(
        &shipped(name).scenario,
        Rules::base().unwrap_or_else(|e| panic!("{e}")),
        None,
    )
}

/// Orders from a shipped orders file.
pub fn orders(name: &str) -> Vec<free_association::level::schema::OrderFile> {
    level::load_orders(&root().join("levels/orders").join(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs the game's binary.
pub fn run(args: &[&str], dir: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_free-association"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the binary: {e}"))
}

/// The orders that win the tutorial: open the exit, devolve, federate
/// with Ferry Town, charter communes, devolve again, and keep renewing
/// what creeps back (the goal is met at turn 19).
pub fn tutorial_win() -> Vec<(u32, free_association::level::schema::ActionFile)> {
    use free_association::level::schema::ActionFile;
    use free_association::sim::world::{BorderPolicy, Tier};
    let devolve = |to: Tier, amount: f64| ActionFile::Devolve {
        from: Tier::Ruler,
        to,
        amount,
    };
    let mut orders = vec![
        (
            1,
            ActionFile::SetBorders {
                exit: BorderPolicy::Open,
                entry: BorderPolicy::Open,
            },
        ),
        (2, devolve(Tier::Municipal, 0.3)),
        (
            4,
            ActionFile::ProposeFederation {
                with: "ferry_town".into(),
            },
        ),
        (5, ActionFile::CharterCommunes { autonomy: 0.3 }),
        (7, devolve(Tier::Citizens, 0.3)),
        (10, devolve(Tier::Province, 0.1)),
    ];
    orders.extend([14, 18, 22, 26].map(|t| (t, devolve(Tier::Citizens, 0.1))));
    orders
}

/// Runs `simulate ... --json` and returns its lines as JSON values.
pub fn simulate_json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = run(args, &root());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out)
}

/// A command's standard output, one JSON value a line.
pub fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}
