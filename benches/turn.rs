//! Benchmarks of a turn at scale (`docs/performance.md`): the whole turn
//! and each phase, on levels generated like the (4,096 provinces,
//! 64 polities) with 100,000 and 1,000,000 citizens. Each sample plays
//! consecutive turns of one simulation, from turn 1.
//!
//! `cargo bench --no-default-features --bench turn`

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use free_association::level::generate::{GenerateOptions, generate};
use free_association::level::parse_level;
use free_association::sim::rules::Rules;
use free_association::sim::scenario::Scenario;
use free_association::sim::schedule::TurnPhase;
use free_association::sim::simulation::Simulation;

/// A generated level of `citizens` agents on 4,096 provinces.
fn scenario(citizens: u64) -> Scenario {
    let text = generate(GenerateOptions {
        provinces: 4096,
        citizens,
        polities: 64,
        seed: 1,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    parse_level("bench.ron", &text, Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario
}

/// The time of `turns` consecutive turns of a fresh simulation, measured by
/// `time` (the whole turn, or one phase of it). A phase is a small part of
/// a turn, so criterion asks for many of them: at most `MOST_TURNS` turns
/// are played and the mean is scaled to `turns`.
fn play(
    scenario: &Scenario,
    turns: u64,
    time: impl Fn(&Simulation, Duration) -> Duration,
) -> Duration {
    let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(scenario, rules, None);
    let played = turns.clamp(1, MOST_TURNS);
    let total: Duration = (0..played)
        .map(|_| {
            let start = std::time::Instant::now();
            sim.step();
            time(&sim, start.elapsed())
        })
        .sum();
    total * (turns as u32) / (played as u32)
}

/// The most turns one sample plays.
const MOST_TURNS: u64 = 12;

fn turns(c: &mut Criterion) {
    for citizens in [100_000, 1_000_000] {
        let scenario = scenario(citizens);
        let mut group = c.benchmark_group(format!("{citizens} citizens"));
        group.sample_size(10);
        group.bench_function("turn", |b| {
            b.iter_custom(|iters| play(&scenario, iters, |_, total| total))
        });
        for phase in TurnPhase::ALL {
            group.bench_function(phase.name(), |b| {
                b.iter_custom(|iters| play(&scenario, iters, |sim, _| sim.phase_time(phase)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, turns);
criterion_main!(benches);
