//! The command line of GAME.md §6, parsed with clap. `run` turns a command
//! into output and an exit code; only `main` exits.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::headless::{self, SimulateOptions};
use crate::level::generate::{GenerateOptions, generate};

/// Free Association: a strategy game about real decentralization.
#[derive(Parser, Debug)]
#[command(name = "free-association", version, about)]
pub struct Cli {
    /// What to do; without a command the game window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open the game window on a level.
    Play {
        /// The level file.
        level: PathBuf,
        /// Save a screenshot to this file after the first turn and exit.
        #[arg(long)]
        screenshot: Option<PathBuf>,
        /// Orders to queue (RON, `Orders([...])`).
        #[arg(long)]
        orders: Option<PathBuf>,
        /// With --screenshot: turns to play before it.
        #[arg(long, default_value_t = 1)]
        turns: u32,
        /// Map mode to start in: political, domination, exit, prosperity, culture.
        #[arg(long, default_value = "political")]
        mode: String,
        /// Open the charts window.
        #[arg(long)]
        charts: bool,
    },
    /// Check levels: every error, with file:line:column and a hint.
    Check {
        /// Level files or folders of levels.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the errors as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Play turns without a window and print the state after each.
    Simulate {
        /// The level file.
        level: PathBuf,
        /// Turns to play.
        #[arg(long, default_value_t = 10)]
        turns: u32,
        /// Seed (default: the level's).
        #[arg(long)]
        seed: Option<u64>,
        /// Orders file (RON, `Orders([...])`).
        #[arg(long)]
        orders: Option<PathBuf>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        /// Time of each phase, to standard error.
        #[arg(long)]
        timings: bool,
        /// Add `state_hash` to each JSON line.
        #[arg(long)]
        hash: bool,
        /// Worker threads for per-citizen work (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Run the scenario tests of levels.
    Test {
        /// Level files or folders of levels.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Write a generated level of a given size.
    Generate {
        /// Number of provinces.
        #[arg(long)]
        provinces: u32,
        /// Number of citizen agents.
        #[arg(long)]
        citizens: u64,
        /// Number of polities.
        #[arg(long, default_value_t = 8)]
        polities: u32,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

/// Runs a command that needs no window; returns the exit code.
pub fn run(command: Command, out: &mut impl Write, err: &mut impl Write) -> i32 {
    match command {
        #[cfg(feature = "gui")]
        Command::Play {
            level,
            screenshot,
            orders,
            turns,
            mode,
            charts,
        } => {
            let Some(mode) = crate::game::map::MapMode::parse(&mode) else {
                let _ = writeln!(
                    err,
                    "error: unknown map mode `{mode}` (political, domination, exit, prosperity, culture)"
                );
                return 2;
            };
            crate::game::run(crate::game::GameOptions {
                level: Some(level),
                screenshot,
                orders,
                turns,
                mode,
                charts,
            })
        }
        #[cfg(not(feature = "gui"))]
        Command::Play { .. } => {
            let _ = writeln!(
                err,
                "error: this build has no window; build with the default `gui` feature"
            );
            2
        }
        Command::Check { paths, json } => {
            let (checked, errors) = headless::check(&paths);
            if json {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"checked": checked, "errors": errors})
                );
            } else {
                for e in &errors {
                    let _ = writeln!(out, "{e}");
                }
                let _ = writeln!(out, "checked {checked} file(s): {} error(s)", errors.len());
            }
            i32::from(!errors.is_empty())
        }
        Command::Simulate {
            level,
            turns,
            seed,
            orders,
            json,
            timings,
            hash,
            threads,
        } => {
            headless::init_task_pool(threads);
            let options = SimulateOptions {
                turns,
                seed,
                orders,
                json,
                timings,
                hash,
            };
            match headless::simulate(&level, &options, out, err) {
                Ok(()) => 0,
                Err(e) => {
                    let _ = writeln!(err, "{e}");
                    1
                }
            }
        }
        Command::Test { paths } => {
            let (results, errors) = headless::test(&paths);
            for e in &errors {
                let _ = writeln!(out, "{e}");
            }
            let mut failed = 0;
            for r in &results {
                if r.failures.is_empty() {
                    let _ = writeln!(out, "PASS {}", r.name);
                } else {
                    failed += 1;
                    let _ = writeln!(out, "FAIL {}", r.name);
                    for f in &r.failures {
                        let _ = writeln!(out, "    {f}");
                    }
                }
            }
            let _ = writeln!(out, "{} passed, {} failed", results.len() - failed, failed);
            i32::from(failed > 0 || !errors.is_empty())
        }
        Command::Generate {
            provinces,
            citizens,
            polities,
            seed,
            output,
        } => {
            match generate(GenerateOptions {
                provinces,
                citizens,
                polities,
                seed,
            }) {
                Ok(text) => match write_atomically(&output, &text) {
                    Ok(()) => {
                        let _ = writeln!(out, "wrote {}", output.display());
                        0
                    }
                    Err(e) => {
                        let _ = writeln!(err, "error: cannot write {}: {e}", output.display());
                        1
                    }
                },
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    2
                }
            }
        }
    }
}

/// Writes a file through a temporary file and a rename, so that a crash
/// never leaves half a file.
pub fn write_atomically(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Without a command: the shipped levels and how to play them.
pub fn overview(levels: &std::path::Path, out: &mut impl Write) -> i32 {
    let _ = writeln!(out, "Free Association {}\n", crate::VERSION);
    let files = headless::ron_files(levels).unwrap_or_default();
    if files.is_empty() {
        let _ = writeln!(out, "No levels found in {}/.", levels.display());
    } else {
        let _ = writeln!(out, "Levels:");
    }
    for file in &files {
        match crate::level::load(file) {
            Ok(level) => {
                let _ = writeln!(out, "  {:<36} {}", file.display(), level.name);
                if !level.description.is_empty() {
                    let _ = writeln!(out, "  {:<36} {}", "", level.description);
                }
            }
            Err(e) => {
                let _ = writeln!(
                    out,
                    "  {:<36} (has errors: {} — run `check`)",
                    file.display(),
                    e.0.len()
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "\nPlay without a window:\n  free-association simulate levels/sysescentstan.ron --turns 20\n  \
         free-association simulate levels/sysescentstan.ron --turns 30 --orders levels/orders/sysescentstan_reform.ron --json\n\
         Check and test levels:\n  free-association check levels\n  free-association test levels\n\
         More: free-association --help"
    );
    0
}
