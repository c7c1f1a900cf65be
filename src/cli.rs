//! The command line of GAME.md §6, parsed with clap. `run` turns a command
//! into output and an exit code; only `main` exits.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::balance::{BalanceOptions, balance};
use crate::commands::check::check;
use crate::commands::simulate::{SimulateOptions, simulate};
use crate::commands::test::test;
use crate::level::generate::{GenerateOptions, generate};
use crate::modding::{self, ModChoice};
use crate::saves::{write_atomically, write_error};
use crate::sim::simulation::init_task_pool;

/// Free Association: a strategy game about real decentralization.
#[derive(Parser, Debug)]
#[command(name = "free-association", version, about)]
pub struct Cli {
    /// What to do; without a command the game window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which mods to load.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ModArgs {
    /// Mods to load, by id, with their dependencies (comma-separated).
    #[arg(long = "mods", value_delimiter = ',')]
    pub mods: Vec<String>,
    /// More folders to look for mods in, besides `mods/`.
    #[arg(long = "mods-dir")]
    pub mods_dir: Vec<PathBuf>,
}

impl ModArgs {
    fn choice(&self) -> ModChoice {
        ModChoice {
            ids: self.mods.clone(),
            dirs: self.mods_dir.clone(),
        }
    }
}

/// What `mods` does.
#[derive(Subcommand, Debug)]
pub enum ModsCommand {
    /// Every mod found with its state: those that load, in load order, then
    /// the broken (with their errors) and the disabled (needing a broken
    /// one).
    List {
        /// More folders to look for mods in, besides `mods/`.
        #[arg(long = "mods-dir")]
        mods_dir: Vec<PathBuf>,
        /// Exit with status 1 when a mod is broken or disabled.
        #[arg(long)]
        strict: bool,
    },
    /// Which file of which mod set a definition (a constant such as
    /// `citizens.w_free`), with every mod loaded.
    Explain {
        /// The definition's id.
        id: String,
        /// More folders to look for mods in, besides `mods/`.
        #[arg(long = "mods-dir")]
        mods_dir: Vec<PathBuf>,
    },
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
        /// Measure N frames of panning and zooming the map, print the frame
        /// times and exit (`scripts/frame-time.sh`).
        #[arg(long)]
        frame_times: Option<u32>,
        /// With --frame-times: draw the map into a 1600×900 image instead of
        /// a window, without the panels (no display server needed).
        #[arg(long, requires = "frame_times", conflicts_with = "screenshot")]
        offscreen: bool,
        /// Drive the window with injected pointer and keys, check that the
        /// panels own their input and the map fits, and exit (1 on a
        /// failure).
        #[arg(long, conflicts_with_all = ["screenshot", "frame_times"])]
        ui_test: bool,
        /// Mods.
        #[command(flatten)]
        mods: ModArgs,
    },
    /// Check levels: every error, with file:line:column and a hint.
    Check {
        /// Level files, folders of levels, or mod folders (`mods/<id>`).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print the errors as JSON.
        #[arg(long)]
        json: bool,
        /// Mods.
        #[command(flatten)]
        mods: ModArgs,
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
        /// Play the player's polity by a strategy of the balance harness
        /// (`reform`, `idle`, ...; `assets/rules/strategies.ron`).
        #[arg(long)]
        strategy: Option<String>,
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
        /// Write the state after the last turn to this save file.
        #[arg(long)]
        save: Option<PathBuf>,
        /// Go on from this save (of the same level) instead of turn 0.
        #[arg(long)]
        load: Option<PathBuf>,
        /// With --load: play on even when the mods differ from the save's,
        /// by the rules the save recorded (the mods' events are those
        /// loaded now).
        #[arg(long, requires = "load")]
        load_anyway: bool,
        /// Mods.
        #[command(flatten)]
        mods: ModArgs,
    },
    /// Run the scenario tests of levels and mods.
    Test {
        /// Level files, folders of levels, or mod folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Mods.
        #[command(flatten)]
        mods: ModArgs,
    },
    /// Play levels with the player run by strategies (idle, reform,
    /// partition, warden, homogenize, the level's orders files, random
    /// searches) and compare their legacies.
    Balance {
        /// Level files or folders of levels.
        #[arg(required = true)]
        levels: Vec<PathBuf>,
        /// Seeds per strategy.
        #[arg(long, default_value_t = 3)]
        seeds: u32,
        /// Turns to play (default: each level's last turn).
        #[arg(long)]
        turns: Option<u32>,
        /// Random order sequences to try besides the strategies.
        #[arg(long, default_value_t = 0)]
        search: u32,
        /// One JSON object per line and strategy.
        #[arg(long)]
        json: bool,
        /// Write an SVG chart of legacy and S over the turns.
        #[arg(long)]
        plot: Option<PathBuf>,
        /// Exit with status 1 when the thesis order breaks on a level, or
        /// a strategy wins within the first quarter of its turns.
        #[arg(long)]
        check: bool,
        /// Play only these strategies, by name (comma-separated; default:
        /// all, and the level's orders files).
        #[arg(long, value_delimiter = ',')]
        strategies: Vec<String>,
        /// Mods.
        #[command(flatten)]
        mods: ModArgs,
    },
    /// The mods: load order, and where definitions come from.
    Mods {
        /// What to show.
        #[command(subcommand)]
        command: ModsCommand,
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

/// Runs a command; returns the exit code.
pub fn run(command: Command, out: &mut impl Write, err: &mut impl Write) -> i32 {
    match command {
        Command::Play {
            level,
            screenshot,
            orders,
            turns,
            mode,
            charts,
            frame_times,
            offscreen,
            ui_test,
            mods,
        } => play(
            PlayArgs {
                level,
                screenshot,
                orders,
                turns,
                mode,
                charts,
                frame_times,
                offscreen,
                ui_test,
                mods,
            },
            err,
        ),
        Command::Check { paths, json, mods } => check_command(&paths, json, &mods, out),
        Command::Simulate {
            level,
            turns,
            seed,
            orders,
            strategy,
            json,
            timings,
            hash,
            threads,
            save,
            load,
            load_anyway,
            mods,
        } => {
            init_task_pool(threads);
            let options = SimulateOptions {
                turns,
                seed,
                orders,
                strategy,
                json,
                timings,
                hash,
                mods: mods.choice(),
                save,
                load,
                load_anyway,
            };
            match simulate(&level, &options, out, err) {
                Ok(()) => 0,
                Err(e) => {
                    let _ = writeln!(err, "{e}");
                    1
                }
            }
        }
        Command::Mods { command } => match command {
            ModsCommand::List { mods_dir, strict } => {
                crate::commands::mods::list(&modding::search_dirs(&mods_dir), strict, out)
            }
            ModsCommand::Explain { id, mods_dir } => {
                crate::commands::mods::explain(&modding::search_dirs(&mods_dir), &id, out)
            }
        },
        Command::Balance {
            levels,
            seeds,
            turns,
            search,
            json,
            plot,
            check,
            strategies,
            mods,
        } => balance_command(
            &levels,
            &BalanceOptions {
                seeds,
                turns,
                search,
                json,
                plot,
                check,
                strategies,
                mods: mods.choice(),
            },
            out,
            err,
        ),
        Command::Test { paths, mods } => test_command(&paths, &mods, out),
        Command::Generate {
            provinces,
            citizens,
            polities,
            seed,
            output,
        } => generate_command(
            GenerateOptions {
                provinces,
                citizens,
                polities,
                seed,
            },
            &output,
            out,
            err,
        ),
    }
}

/// The arguments of `play` (a build without the window reads none).
#[cfg_attr(not(feature = "gui"), allow(dead_code))]
struct PlayArgs {
    level: PathBuf,
    screenshot: Option<PathBuf>,
    orders: Option<PathBuf>,
    turns: u32,
    mode: String,
    charts: bool,
    frame_times: Option<u32>,
    offscreen: bool,
    ui_test: bool,
    mods: ModArgs,
}

/// `play`: the game window on a level.
#[cfg(feature = "gui")]
fn play(args: PlayArgs, err: &mut impl Write) -> i32 {
    let Some(mode) = crate::game::map::MapMode::parse(&args.mode) else {
        let _ = writeln!(
            err,
            "error: unknown map mode `{}` (political, domination, exit, prosperity, culture)",
            args.mode
        );
        return 2;
    };
    crate::game::run(crate::game::GameOptions {
        level: Some(args.level),
        screenshot: args.screenshot,
        orders: args.orders,
        turns: args.turns,
        mode,
        charts: args.charts,
        mods: args.mods.choice(),
        frame_times: args.frame_times,
        offscreen: args.offscreen,
        ui_test: args.ui_test,
    })
}

/// `play` in a build without the window.
#[cfg(not(feature = "gui"))]
fn play(_: PlayArgs, err: &mut impl Write) -> i32 {
    let _ = writeln!(
        err,
        "error: this build has no window; build with the default `gui` feature"
    );
    2
}

/// `check`: every error, as text or JSON; exit status 1 on any.
fn check_command(paths: &[PathBuf], json: bool, mods: &ModArgs, out: &mut impl Write) -> i32 {
    let (checked, errors) = check(paths, &mods.choice());
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

/// `test`: one line per scenario test, then the totals.
fn test_command(paths: &[PathBuf], mods: &ModArgs, out: &mut impl Write) -> i32 {
    let (results, errors) = test(paths, &mods.choice());
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

/// `balance`: the tables or JSON lines; with `--check`, exit status 1 when
/// the thesis order breaks or a level is won within its first quarter.
fn balance_command(
    levels: &[PathBuf],
    options: &BalanceOptions,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    match balance(levels, options, out) {
        Ok(report) => {
            for (level, why) in &report.broken {
                let _ = writeln!(err, "{level}: the balance check fails: {}", why.join("; "));
            }
            i32::from(options.check && !report.broken.is_empty())
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            1
        }
    }
}

/// `generate`: writes a level of a given size.
fn generate_command(
    options: GenerateOptions,
    output: &std::path::Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let working = crate::commands::progress::spinner(format!(
        "generating {} provinces, {} citizens",
        options.provinces, options.citizens
    ));
    let made = generate(options);
    working.finish_and_clear();
    match made {
        Ok(text) => match write_atomically(output, &text) {
            Ok(()) => {
                let _ = writeln!(out, "wrote {}", output.display());
                0
            }
            Err(e) => {
                let _ = writeln!(err, "error: {}", write_error(output, &e));
                1
            }
        },
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            2
        }
    }
}

/// Without a command: the shipped levels and how to play them.
pub fn overview(levels: &std::path::Path, out: &mut impl Write) -> i32 {
    let _ = writeln!(out, "Free Association {}\n", crate::VERSION);
    let files = crate::level::ron_files(levels).unwrap_or_default();
    if files.is_empty() {
        let _ = writeln!(out, "No levels found in {}/.", levels.display());
    } else {
        let _ = writeln!(out, "Levels:");
    }
    for file in &files {
        match crate::level::load(file) {
            Ok(level) => {
                let _ = writeln!(out, "  {:<36} {}", file.display(), level.scenario.name);
                if !level.scenario.description.is_empty() {
                    let _ = writeln!(out, "  {:<36} {}", "", level.scenario.description);
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
