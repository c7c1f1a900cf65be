//! `balance` (GAME.md §10): plays each level headless with the player's
//! polity run by strategies (`idle`, `reform`, `partition`, `warden`,
//! `homogenize`, the level's own orders files, and with `--search N`, N
//! random order sequences) over several seeds, and reports each
//! strategy's legacy, scores, victories and final constitution; `--check`
//! fails when the thesis order breaks. Plays run in parallel; each is
//! deterministic.

pub mod output;
pub mod plot;
pub mod run;
pub mod strategy;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::level::{self, Diagnostics, Level};
use crate::modding::{ModChoice, Ruleset, expand};
use run::{Play, Row, play, summarize};

/// Options of `balance`.
#[derive(Clone, Debug, Default)]
pub struct BalanceOptions {
    /// Seeds per strategy (the level's seed, then the next ones).
    pub seeds: u32,
    /// Turns to play (default: each level's last turn).
    pub turns: Option<u32>,
    /// Random order sequences to try.
    pub search: u32,
    /// One JSON object per line.
    pub json: bool,
    /// Write an SVG chart here.
    pub plot: Option<PathBuf>,
    /// Fail when the thesis order breaks.
    pub check: bool,
    /// Only these strategies, by name (empty: all).
    pub strategies: Vec<String>,
    /// The mods to play with.
    pub mods: ModChoice,
}

/// One level's rows, ranked searches last and best first.
pub fn balance_level(
    level: &Level,
    ruleset: &Ruleset,
    options: &BalanceOptions,
) -> (u32, Vec<Row>) {
    let turns = options.turns.unwrap_or(level.scenario.max_turns).max(1);
    let mut strategies = strategy::strategies(level, &ruleset.rules);
    if !options.strategies.is_empty() {
        strategies.retain(|s| options.strategies.contains(&s.name));
    }
    strategies.extend(strategy::search(level, turns, options.search));
    let seeds: Vec<u64> = (0..u64::from(options.seeds.max(1)))
        .map(|i| level.scenario.seed.wrapping_add(i))
        .collect();
    let jobs: Vec<(usize, u64)> = (0..strategies.len())
        .flat_map(|s| seeds.iter().map(move |&seed| (s, seed)))
        .collect();
    let bar = progress(jobs.len() as u64, options.json, level.file());
    // The scenario with the mods' events, built once for every play.
    let scenario = ruleset.scenario(level);
    let plays: Vec<Play> = jobs
        .par_iter()
        .map(|&(s, seed)| {
            let result = play(&scenario, &ruleset.rules, &strategies[s], seed, turns);
            bar.inc(1);
            result
        })
        .collect();
    bar.finish_and_clear();
    // Jobs run strategy by strategy, a seed each: one chunk per strategy.
    let mut rows: Vec<Row> = strategies
        .iter()
        .zip(plays.chunks(seeds.len()))
        .map(|(strategy, mine)| summarize(level.file(), strategy, mine))
        .collect();
    let (fixed, mut searched): (Vec<Row>, Vec<Row>) =
        rows.drain(..).partition(|r| !r.strategy.searched);
    searched.sort_by(|a, b| b.legacy.total_cmp(&a.legacy));
    for (i, row) in searched.iter_mut().enumerate() {
        row.strategy.name = format!("search{}", i + 1);
    }
    (turns, fixed.into_iter().chain(searched).collect())
}

/// A progress bar on a terminal, none when printing JSON or when standard
/// error is not a terminal.
fn progress(total: u64, json: bool, what: &str) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} plays") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// What `balance` found on every level: the rows, and the levels on which
/// the thesis order broke.
pub struct Report {
    /// Each level's turns and rows.
    pub levels: Vec<(String, u32, Vec<Row>)>,
    /// Levels on which `--check` fails, with why.
    pub broken: Vec<(String, Vec<String>)>,
}

/// Plays every level and prints the tables (or JSON lines); writes the
/// chart.
pub fn balance(
    paths: &[PathBuf],
    options: &BalanceOptions,
    out: &mut impl Write,
) -> Result<Report, Diagnostics> {
    // A mod's folder plays its levels with its rules, as `test` does.
    let mut files = Vec::new();
    for path in paths {
        let (found, ruleset) = expand(path, &options.mods)?;
        files.extend(found.into_iter().map(|f| (f, ruleset.clone())));
    }
    let mut report = Report {
        levels: Vec::new(),
        broken: Vec::new(),
    };
    for (file, ruleset) in files {
        let level = level::load(&file)?;
        let (turns, rows) = balance_level(&level, &ruleset, options);
        if options.json {
            for row in &rows {
                let _ = writeln!(out, "{}", output::json_line(row));
            }
        } else {
            let _ = writeln!(out, "{}", output::table(level.file(), turns, &rows));
        }
        // A chosen few strategies are judged only when asked to.
        let judged = options.check || options.strategies.is_empty();
        let broken = if judged {
            let mut broken = output::thesis_broken(&rows);
            broken.extend(output::won_too_early(&rows, turns));
            broken
        } else {
            Vec::new()
        };
        if !broken.is_empty() {
            report.broken.push((level.file().to_string(), broken));
        }
        report.levels.push((level.file().to_string(), turns, rows));
    }
    if let Some(path) = &options.plot {
        let charts: Vec<(String, Vec<Row>)> = report
            .levels
            .iter()
            .map(|(name, _, rows)| (short(name), rows.clone()))
            .collect();
        plot::plot(path, &charts).map_err(|e| {
            Diagnostics(vec![level::Diagnostic::new(
                &path.display().to_string(),
                (0, 0),
                format!("cannot write the chart: {e}"),
            )])
        })?;
    }
    Ok(report)
}

/// A level's file name without its folder and extension.
fn short(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().to_string())
}
