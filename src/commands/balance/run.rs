//! One play of a level by a strategy with a seed, and the means of a
//! strategy's plays over the seeds.

use super::strategy::{Plan, Strategy};
use crate::sim::outcome::GameState;
use crate::sim::rules::Rules;
use crate::sim::scenario::Scenario;
use crate::sim::simulation::Simulation;
use crate::sim::world::{BorderPolicy, Power};

/// What one play came to.
#[derive(Clone, Debug, PartialEq)]
pub struct Play {
    /// The world's score after each turn (turn 0 first).
    pub world_scores: Vec<f64>,
    /// The player's legacy after each turn (turn 0 first).
    pub legacies: Vec<f64>,
    /// Political news (changes of regime, territory, federation; forced
    /// sorting) of each turn played (turn 1 first).
    pub political_news: Vec<u32>,
    /// The player's own score at the end.
    pub score: f64,
    /// Fragmentation at the end.
    pub fragmentation: f64,
    /// The turn of victory, if any.
    pub victory: Option<u32>,
    /// The turn of defeat, if any, and why.
    pub defeat: Option<(u32, String)>,
    /// The player's regime fell.
    pub fell: bool,
    /// The player's constitution at the end.
    pub power: Power,
    /// The player's exit policy at the end.
    pub exit: BorderPolicy,
}

/// Plays `turns` turns of a scenario by a strategy.
pub fn play(
    scenario: &Scenario,
    rules: &Rules,
    strategy: &Strategy,
    seed: u64,
    turns: u32,
) -> Play {
    let mut sim = Simulation::new(scenario, rules.clone(), Some(seed));
    match &strategy.plan {
        Plan::Autopilot(def) => sim.autopilot(def.clone()),
        Plan::Orders(orders) => sim.queue(orders.iter().cloned()),
    }
    let player = scenario.player();
    let legacy =
        |sim: &Simulation, last: f64| player.and_then(|k| sim.scores().legacy(k)).unwrap_or(last);
    let mut world_scores = vec![sim.scores().world.metrics.score];
    let mut legacies = vec![legacy(&sim, 0.0)];
    let (mut victory, mut defeat) = (None, None);
    let mut political_news = Vec::new();
    for _ in 0..turns {
        sim.step();
        political_news.push(
            sim.stats()
                .news
                .iter()
                .filter(|n| n.kind.is_political())
                .count() as u32,
        );
        world_scores.push(sim.scores().world.metrics.score);
        let last = legacies.last().copied().unwrap_or(0.0);
        legacies.push(legacy(&sim, last));
        match &sim.outcome().state {
            GameState::Victory { turn } => victory = victory.or(Some(*turn)),
            GameState::Defeat { turn, reason, .. } => {
                defeat = defeat.or_else(|| Some((*turn, reason.clone())))
            }
            _ => {}
        }
    }
    let me = player.and_then(|k| sim.polity(k));
    let fell = me.is_some_and(|p| p.falls > 0);
    Play {
        score: player
            .and_then(|k| sim.scores().polity(k))
            .map_or(0.0, |p| p.metrics.score),
        fragmentation: sim.scores().world.fragmentation,
        world_scores,
        legacies,
        political_news,
        victory,
        defeat,
        fell,
        power: me.map_or(
            Power {
                ruler: 1.0,
                province: 0.0,
                municipal: 0.0,
                citizens: 0.0,
            },
            |p| p.power,
        ),
        exit: me.map_or(BorderPolicy::Closed, |p| p.borders.exit),
    }
}

/// A strategy's plays of one level, summed up over the seeds.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The level file.
    pub level: String,
    /// The strategy.
    pub strategy: Strategy,
    /// Seeds played.
    pub seeds: u32,
    /// Mean final legacy of the player.
    pub legacy: f64,
    /// Mean final score of the player's polity.
    pub score: f64,
    /// Mean final world score.
    pub world_score: f64,
    /// Mean final fragmentation.
    pub fragmentation: f64,
    /// Plays won.
    pub victories: u32,
    /// Plays lost.
    pub defeats: u32,
    /// Plays in which the player's regime fell.
    pub falls: u32,
    /// Why plays were lost, each reason once.
    pub defeat_reasons: Vec<String>,
    /// The earliest victory of any seed.
    pub first_victory: Option<u32>,
    /// Mean final constitution.
    pub power: Power,
    /// The exit policy at the end of most plays (the first on a tie).
    pub exit: BorderPolicy,
    /// Mean legacy after each turn.
    pub legacies: Vec<f64>,
    /// Mean world score after each turn.
    pub world_scores: Vec<f64>,
    /// Mean political news of each turn played (turn 1 first).
    pub political_news: Vec<f64>,
    /// Mean political news per play in the second half of the turns:
    /// whether the late game still moves.
    pub late_news: f64,
}

/// The means of a strategy's plays.
pub fn summarize(level: &str, strategy: &Strategy, plays: &[Play]) -> Row {
    let n = plays.len().max(1) as f64;
    let mean = |f: &dyn Fn(&Play) -> f64| plays.iter().map(f).sum::<f64>() / n;
    let series = |f: &dyn Fn(&Play) -> &Vec<f64>| {
        let len = plays.iter().map(|p| f(p).len()).min().unwrap_or(0);
        (0..len)
            .map(|t| plays.iter().map(|p| f(p)[t]).sum::<f64>() / n)
            .collect()
    };
    let exits = [
        BorderPolicy::Open,
        BorderPolicy::Permit,
        BorderPolicy::Closed,
    ];
    let exit = exits
        .into_iter()
        .max_by_key(|e| {
            (
                plays.iter().filter(|p| p.exit == *e).count(),
                std::cmp::Reverse(exits.iter().position(|x| x == e)),
            )
        })
        .unwrap_or(BorderPolicy::Closed);
    Row {
        level: level.to_string(),
        strategy: strategy.clone(),
        seeds: plays.len() as u32,
        legacy: mean(&|p| p.legacies.last().copied().unwrap_or(0.0)),
        score: mean(&|p| p.score),
        world_score: mean(&|p| p.world_scores.last().copied().unwrap_or(0.0)),
        fragmentation: mean(&|p| p.fragmentation),
        victories: plays.iter().filter(|p| p.victory.is_some()).count() as u32,
        defeats: plays.iter().filter(|p| p.defeat.is_some()).count() as u32,
        falls: plays.iter().filter(|p| p.fell).count() as u32,
        defeat_reasons: {
            let mut reasons: Vec<String> = plays
                .iter()
                .filter_map(|p| p.defeat.as_ref().map(|d| d.1.clone()))
                .collect();
            reasons.sort();
            reasons.dedup();
            reasons
        },
        first_victory: plays.iter().filter_map(|p| p.victory).min(),
        power: Power {
            ruler: mean(&|p| p.power.ruler),
            province: mean(&|p| p.power.province),
            municipal: mean(&|p| p.power.municipal),
            citizens: mean(&|p| p.power.citizens),
        },
        exit,
        legacies: series(&|p| &p.legacies),
        world_scores: series(&|p| &p.world_scores),
        political_news: {
            let len = plays
                .iter()
                .map(|p| p.political_news.len())
                .min()
                .unwrap_or(0);
            (0..len)
                .map(|t| {
                    plays
                        .iter()
                        .map(|p| f64::from(p.political_news[t]))
                        .sum::<f64>()
                        / n
                })
                .collect()
        },
        late_news: mean(&|p| {
            let half = p.political_news.len() / 2;
            p.political_news[half..].iter().map(|&k| f64::from(k)).sum()
        }),
    }
}
