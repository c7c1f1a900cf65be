//! Every shipped level passes `check`, and every scenario test in it passes.

use free_association::headless;

use crate::root;

#[test]
fn every_shipped_level_checks_clean() {
    let (checked, errors) = headless::check(&[root().join("levels")]);
    assert!(checked >= 4, "only {checked} levels found");
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}", text.join("\n"));
}

#[test]
fn every_scenario_test_passes() {
    let (results, errors) = headless::test(&[root().join("levels")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        results.len() >= 8,
        "each level carries at least two tests; found {}",
        results.len()
    );
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.failures.is_empty())
        .map(|r| format!("{}: {}", r.name, r.failures.join("; ")))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn shipped_levels_have_goals_and_tests() {
    for name in [
        "tutorial.ron",
        "sysescentstan.ron",
        "sysescentstan_unified.ron",
        "city_states.ron",
    ] {
        let level = crate::shipped(name);
        assert!(!level.goals.is_empty(), "{name} has no goals");
        assert!(
            level.tests.len() >= 2,
            "{name} has fewer than two scenario tests"
        );
        assert!(level.player().is_some(), "{name} has no player");
    }
    let unified = crate::shipped("sysescentstan_unified.ron");
    assert!(unified.polities.iter().any(|p| p.key == "sysescentstan"));
    for id in ["municibara", "bahavia", "sourisia", "beingstonia"] {
        assert!(
            unified.provinces.iter().any(|p| p.key == id),
            "unified lacks {id}"
        );
        assert!(
            crate::shipped("sysescentstan.ron")
                .provinces
                .iter()
                .any(|p| p.key == id),
            "split lacks {id}"
        );
    }
    let cities = crate::shipped("city_states.ron");
    let wardens = cities
        .polities
        .iter()
        .filter(|p| p.ruler.authority >= 0.9 && p.coerced && p.provinces.len() == 1)
        .count();
    assert!(
        wardens >= 24,
        "city_states has {wardens} warden city-states"
    );
}
