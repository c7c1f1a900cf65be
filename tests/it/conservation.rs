//! There are no births or deaths: migration, secession, federation,
//! independence and forced sorting never lose or duplicate a citizen.

use std::collections::BTreeSet;
use std::path::Path;

use free_association::commands::report::report;
use free_association::level::generate::{GenerateOptions, generate};
use free_association::sim::census::Census;
use free_association::sim::citizens::Citizens;
use free_association::sim::simulation::Simulation;

fn census(sim: &Simulation) -> (BTreeSet<u32>, usize) {
    let provinces = sim.provinces().len();
    let mut ids = BTreeSet::new();
    let mut count = 0;
    for citizen in sim.citizens() {
        assert!(citizen.home.index() < provinces, "a citizen lives nowhere");
        ids.insert(citizen.id.0);
        count += 1;
    }
    (ids, count)
}

fn check(mut sim: Simulation, turns: u32) {
    let (ids, count) = census(&sim);
    assert_eq!(ids.len(), count);
    let people: f64 = report(&sim)["world"]["population"]
        .as_f64()
        .unwrap_or_default();
    let mut moved = 0;
    for _ in 0..turns {
        sim.step();
        let report = report(&sim);
        moved += report["world"]["migrants"].as_u64().unwrap_or_default();
        let (now, n) = census(&sim);
        assert_eq!(
            n,
            count,
            "turn {}: citizens counted {n}, expected {count}",
            sim.turn()
        );
        assert_eq!(now, ids, "turn {}: the set of citizens changed", sim.turn());
        let people_now = report["world"]["population"].as_f64().unwrap_or_default();
        assert!(
            (people_now - people).abs() < 1e-6,
            "population {people_now} != {people}"
        );
    }
    assert!(moved > 0, "the scenario should move people");
}

#[test]
fn no_citizen_is_lost_through_migration_secession_and_federation() {
    let mut sim = crate::simulation("sysescentstan.ron");
    sim.queue(crate::orders("sysescentstan_reform.ron"));
    check(sim, 20);
}

#[test]
fn no_citizen_is_lost_in_the_city_states_cascade() {
    let mut sim = crate::simulation("city_states.ron");
    sim.queue(crate::orders("city_states_open.ron"));
    check(sim, 15);
}

#[test]
fn forced_sorting_moves_people_and_marks_them_coerced() {
    use free_association::level::schema::{ActionFile, OrderFile};
    let mut sim = crate::simulation("sysescentstan_unified.ron");
    sim.queue([OrderFile {
        turn: 1,
        polity: "sysescentstan".into(),
        action: ActionFile::Homogenize {
            culture: "bahavian".into(),
        },
    }]);
    let (_, count) = census(&sim);
    let before = report(&sim)["world"]["score"].as_f64().unwrap_or_default();
    sim.step();
    let (_, after_count) = census(&sim);
    assert_eq!(count, after_count);
    let report = report(&sim);
    assert!(report["world"]["coerced"].as_f64().unwrap_or_default() > 0.0);
    assert!(
        report["world"]["forced_sorting"]
            .as_f64()
            .unwrap_or_default()
            > 0.0
    );
    assert!(
        report["world"]["score"].as_f64().unwrap_or_default() < before,
        "forced sorting lowers S"
    );
}

/// The census as a recount of every citizen would give it.
fn recount(sim: &Simulation) -> Census {
    let citizens: Citizens = sim.citizens().collect();
    let kept = sim.census();
    Census::of(
        &citizens,
        sim.provinces().len(),
        kept.cultures,
        kept.origins,
        sim.communes().len(),
    )
}

/// Plays `turns` turns and checks, after each, that the census the phases
/// keep from the movers, the joiners and the coerced equals a recount of
/// every citizen (grievance aside: events change it without a recount, as
/// the rules say, until the next turn's Reassociation); returns how many
/// people were moved by force or annexed, and how many moved.
fn census_follows_every_change(mut sim: Simulation, turns: u32) -> (u32, u32) {
    let (mut forced, mut migrants) = (0, 0);
    for _ in 0..turns {
        sim.step();
        forced += sim.stats().forced_moves + sim.stats().annexed;
        migrants += sim.stats().migrants;
        let mut counted = recount(&sim);
        counted.grievance.clone_from(&sim.census().grievance);
        assert!(
            counted == *sim.census(),
            "{} turn {}: the census kept differs from a recount",
            sim.scenario().file,
            sim.turn()
        );
    }
    (forced, migrants)
}

#[test]
fn the_census_kept_from_the_changes_is_a_recount() {
    let mut moved = 0;
    for name in crate::shipped_names() {
        let mut sim = crate::simulation(&name);
        let reform = free_association::sim::rules::Rules::base()
            .ok()
            .and_then(|rules| rules.strategy("reform").cloned());
        if let Some(strategy) = reform {
            sim.autopilot(strategy);
        }
        let (forced, migrants) = census_follows_every_change(sim, 25);
        moved += forced + migrants;
    }
    assert!(moved > 0, "nobody moved on any shipped level");
    // A crowded generated world, where wardens sort and annex.
    let text = generate(GenerateOptions {
        provinces: 96,
        citizens: 30_000,
        polities: 12,
        seed: 3,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let level = free_association::level::parse_level("generated.ron", &text, Path::new("."))
        .unwrap_or_else(|e| panic!("{e}"));
    let rules = free_association::sim::rules::Rules::base().unwrap_or_else(|e| panic!("{e}"));
    let sim = Simulation::new(&level.scenario, rules, None);
    let (forced, migrants) = census_follows_every_change(sim, 30);
    assert!(
        forced > 0 && migrants > 0,
        "forced {forced}, migrants {migrants}"
    );
}
