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
mod properties;
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

/// The orders that win the tutorial: devolve, open the exit, charter
/// communes, devolve again.
pub fn tutorial_win() -> Vec<(u32, free_association::level::schema::ActionFile)> {
    use free_association::level::schema::ActionFile;
    use free_association::sim::world::{BorderPolicy, Tier};
    vec![
        (
            2,
            ActionFile::Devolve {
                from: Tier::Ruler,
                to: Tier::Municipal,
                amount: 0.3,
            },
        ),
        (
            4,
            ActionFile::SetBorders {
                exit: BorderPolicy::Open,
                entry: BorderPolicy::Open,
            },
        ),
        (6, ActionFile::CharterCommunes { autonomy: 0.3 }),
        (
            8,
            ActionFile::Devolve {
                from: Tier::Ruler,
                to: Tier::Province,
                amount: 0.2,
            },
        ),
    ]
}

/// Runs `simulate ... --json` and returns its lines as JSON values.
pub fn simulate_json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = run(args, &root());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}
