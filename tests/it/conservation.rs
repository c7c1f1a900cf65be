//! There are no births or deaths: migration, secession, federation,
//! independence and forced sorting never lose or duplicate a citizen.

use std::collections::BTreeSet;

use free_association::commands::report::report;
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
