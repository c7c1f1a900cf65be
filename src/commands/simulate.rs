//! `simulate`: plays a level's turns without a window and prints the state
//! after each, with `--timings` the time of each phase, then the median.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;

use super::progress::spinner;
use super::report::{report, summary_line};
use crate::level::{self, Diagnostic, Diagnostics};
use crate::modding::{ModChoice, Ruleset};
use crate::saves::{read_save, recorded, resumed_by, write_save};
use crate::sim::schedule::TurnPhase;
use crate::sim::simulation::Simulation;
use crate::sim::suggest::suggestion;

/// Options of `simulate`.
#[derive(Clone, Debug, Default)]
pub struct SimulateOptions {
    /// Turns to play.
    pub turns: u32,
    /// Seed override.
    pub seed: Option<u64>,
    /// Orders file.
    pub orders: Option<PathBuf>,
    /// The strategy that plays the player's polity, by id.
    pub strategy: Option<String>,
    /// Print JSON lines.
    pub json: bool,
    /// Print phase timings to standard error.
    pub timings: bool,
    /// Add a hash of the state to each JSON line.
    pub hash: bool,
    /// The mods to play with.
    pub mods: ModChoice,
    /// Save the state after the last turn here.
    pub save: Option<PathBuf>,
    /// Go on from this save.
    pub load: Option<PathBuf>,
    /// Go on from the save even when its mods differ.
    pub load_anyway: bool,
}

/// Plays turns and prints the state after each.
pub fn simulate(
    level_path: &Path,
    options: &SimulateOptions,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), Diagnostics> {
    let loading = spinner(format!("loading {}", level_path.display()));
    let level = level::load(level_path);
    loading.finish_and_clear();
    let level = level?;
    let orders = match &options.orders {
        Some(path) => level::load_orders(path)?,
        None => Vec::new(),
    };
    let ruleset = options.mods.ruleset()?;
    let strategy = match &options.strategy {
        Some(id) => Some(ruleset.rules.strategy(id).cloned().ok_or_else(|| {
            let ids = ruleset.rules.strategies.iter().map(|s| s.id.as_str());
            Diagnostics(vec![
                Diagnostic::new(
                    "assets/rules/strategies.ron",
                    (0, 0),
                    format!("there is no strategy `{id}`"),
                )
                .expected(format!(
                    "one of {}",
                    ids.clone().collect::<Vec<_>>().join(", ")
                ))
                .hint(suggestion(id, ids)),
            ])
        })?),
        None => None,
    };
    let (mut simulation, ruleset) = match &options.load {
        Some(save) => resume(save, &level, ruleset, options.load_anyway)?,
        None => {
            let placing = spinner(format!("placing {} citizens", level.scenario.agents()));
            let simulation = Simulation::new(
                &ruleset.scenario(&level),
                ruleset.rules.clone(),
                options.seed,
            );
            placing.finish_and_clear();
            (simulation, ruleset)
        }
    };
    simulation.queue(orders);
    if let Some(def) = strategy {
        simulation.autopilot(def);
    }
    let print = |simulation: &Simulation, out: &mut dyn Write| {
        let line = if options.json {
            let mut line = report(simulation);
            if options.hash {
                line["state_hash"] = json!(format!("{:016x}", simulation.state_hash()));
            }
            line.to_string()
        } else {
            summary_line(simulation)
        };
        let _ = writeln!(out, "{line}");
    };
    print(&simulation, out);
    let mut totals = Vec::new();
    let mut exits = Vec::new();
    for _ in 0..options.turns {
        let start = Instant::now();
        simulation.step();
        let total = start.elapsed();
        totals.push(total);
        exits.push(simulation.phase_time(TurnPhase::Exit));
        if options.timings {
            let parts: Vec<String> = TurnPhase::ALL
                .iter()
                .map(|&phase| {
                    format!(
                        "{} {:.2} ms",
                        phase.name(),
                        ms(simulation.phase_time(phase))
                    )
                })
                .collect();
            let _ = writeln!(
                err,
                "turn {}: total {:.2} ms ({})",
                simulation.turn(),
                ms(total),
                parts.join(", ")
            );
        }
        print(&simulation, out);
    }
    if let Some(path) = &options.save {
        write_save(path, &recorded(simulation.snapshot(), &ruleset)).map_err(|e| {
            Diagnostics(vec![
                Diagnostic::new(&path.display().to_string(), (0, 0), e)
                    .hint("choose another file or free some space"),
            ])
        })?;
    }
    if options.timings && !totals.is_empty() {
        print_medians(&mut simulation, totals, exits, err);
    }
    Ok(())
}

/// The median turn, then the yardstick: the median of a few streaming
/// passes over the citizens, in this process, now.
fn print_medians(
    simulation: &mut Simulation,
    mut totals: Vec<Duration>,
    mut exits: Vec<Duration>,
    err: &mut impl Write,
) {
    totals.sort();
    exits.sort();
    let median = totals[totals.len() / 2];
    let _ = writeln!(
        err,
        "median turn: {:.2} ms over {} turns",
        ms(median),
        totals.len()
    );
    // The yardstick: the median of a few streaming passes over the
    // citizens, in this process, now.
    let mut passes: Vec<Duration> = (0..5).map(|_| simulation.stream_pass()).collect();
    passes.sort();
    let stream = passes[passes.len() / 2].max(Duration::from_nanos(1));
    let _ = writeln!(
        err,
        "stream pass: {:.2} ms over {} citizens; turn / stream {:.1}x, exit / stream {:.1}x",
        ms(stream),
        simulation
            .census()
            .population
            .iter()
            .map(|&n| u64::from(n))
            .sum::<u64>(),
        median.as_secs_f64() / stream.as_secs_f64(),
        exits[exits.len() / 2].as_secs_f64() / stream.as_secs_f64()
    );
}

/// The game of a save and what it plays on by; refused when it was made
/// with other mods (unless `anyway`: then by the rules the save recorded)
/// or of another version of the level.
fn resume(
    save: &Path,
    level: &level::Level,
    ruleset: Ruleset,
    anyway: bool,
) -> Result<(Simulation, Ruleset), Diagnostics> {
    let file = save.display().to_string();
    let refuse = |message: String, hint: &str| {
        Diagnostics(vec![Diagnostic::new(&file, (0, 0), message).hint(hint)])
    };
    let snapshot = read_save(save).map_err(|e| refuse(e, "give a save file of this game"))?;
    let ruleset = resumed_by(&snapshot, &ruleset, anyway).map_err(|differences| {
        refuse(
            format!(
                "the save was made with other mods: {}",
                differences.join("; ")
            ),
            "load it with the mods it was made with (`--mods`), or add `--load-anyway` to play it on by the rules it recorded",
        )
    })?;
    let scenario = ruleset.scenario(level);
    let simulation = Simulation::restore(&scenario, ruleset.rules.clone(), snapshot)
        .map_err(|e| refuse(e.to_string(), "load it with the level it was made from"))?;
    Ok((simulation, ruleset))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
