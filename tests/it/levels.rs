//! Every shipped level passes `check`, and every scenario test in it passes.

use free_association::commands::check::check;
use free_association::commands::report::report;
use free_association::commands::test::test;
use free_association::modding::expand;
use free_association::sim::simulation::Simulation;

use crate::root;

#[test]
fn every_shipped_level_checks_clean() {
    let (checked, errors) = check(&[root().join("levels")], &Default::default());
    assert!(checked >= 4, "only {checked} levels found");
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{}", text.join("\n"));
}

#[test]
fn every_scenario_test_passes() {
    let (results, errors) = test(&[root().join("levels")], &Default::default());
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
    let names = crate::shipped_names();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        let file = crate::shipped(name);
        let level = &file.scenario;
        assert!(!level.goals.is_empty(), "{name} has no goals");
        // At least two tests compare against doing nothing (a
        // counterfactual run of the same level and seed).
        let counterfactual = file
            .tests
            .iter()
            .filter(|t| t.expect.iter().any(|e| e.versus.is_some()))
            .count();
        assert!(
            counterfactual >= 2,
            "{name} has {counterfactual} scenario tests against doing nothing"
        );
        assert!(level.player().is_some(), "{name} has no player");
    }
    let unified = crate::shipped("sysescentstan_unified.ron").scenario;
    assert!(unified.polities.iter().any(|p| p.key == "sysescentstan"));
    for id in ["municibara", "bahavia", "sourisia", "beingstonia"] {
        assert!(
            unified.provinces.iter().any(|p| p.key == id),
            "unified lacks {id}"
        );
        assert!(
            crate::shipped("sysescentstan.ron")
                .scenario
                .provinces
                .iter()
                .any(|p| p.key == id),
            "split lacks {id}"
        );
    }
    let cities = crate::shipped("city_states.ron").scenario;
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

#[test]
fn the_example_mod_checks_and_its_tests_pass() {
    let example = root().join("mods/example");
    let (checked, errors) = check(std::slice::from_ref(&example), &Default::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(checked, 2, "the manifest and one level");
    let (results, errors) = test(&[example], &Default::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(results.len() >= 2);
    assert!(results.iter().all(|r| r.failures.is_empty()), "{results:?}");
}

#[test]
fn mods_change_the_rules_a_game_is_played_with() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "simulate",
            "levels/sysescentstan.ron",
            "--turns",
            "8",
            "--json",
            "--hash",
            "--orders",
            "levels/orders/sysescentstan_reform.ron",
        ];
        args.extend_from_slice(extra);
        crate::simulate_json(&args)
            .last()
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    assert_ne!(run(&[]), run(&["--mods", "example"]));
    let out = crate::run(&["mods", "list"], &root());
    assert!(String::from_utf8_lossy(&out.stdout).contains("1. example 0.1.0"));
    let out = crate::run(&["mods", "explain", "citizens.w_free"], &root());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("from base")
            && text.contains("from example (mods/example/rules/freedom_matters_more.ron)"),
        "{text}"
    );
    let out = crate::run(
        &["simulate", "levels/tutorial.ron", "--mods", "nope"],
        &root(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no mod `nope`"));
}

#[test]
fn a_mod_archetype_runs_its_polity() {
    let example = root().join("mods/example");
    let (files, ruleset) = expand(&example, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(ruleset.rules.archetype("Merchant").is_some());
    let level = free_association::level::load(&files[0]).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&ruleset.scenario(&level), ruleset.rules, None);
    for _ in 0..3 {
        sim.step();
    }
    let port = sim
        .polities()
        .into_iter()
        .find(|p| p.key == "port")
        .cloned()
        .unwrap_or_else(|| panic!("no port"));
    assert_eq!(
        port.commune_charter, 0.4,
        "the Merchant archetype charters communes on turn 3"
    );
    assert_eq!(
        port.response,
        free_association::sim::world::Response::Listen
    );
}

#[test]
fn mod_events_join_the_levels_that_have_what_they_name() {
    use free_association::level::schema::{EffectFile, EventFile, TriggerFile};
    let level = crate::shipped("tutorial.ron");
    let event = |id: &str, effects: Vec<EffectFile>| EventFile {
        id: id.into(),
        trigger: TriggerFile::Turn(1),
        effects,
        once: true,
    };
    let events = vec![
        event("hello", vec![EffectFile::Message("hello".into())]),
        event(
            "flood",
            vec![EffectFile::Prosperity {
                province: "hearth".into(),
                change: -0.1,
            }],
        ),
        event(
            "elsewhere",
            vec![EffectFile::Prosperity {
                province: "atlantis".into(),
                change: -0.1,
            }],
        ),
    ];
    let resolved = free_association::level::resolve_mod_events(&level.scenario, &events);
    let ids: Vec<&str> = resolved.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        ids,
        vec!["hello", "flood"],
        "an event naming a province the level lacks is left out"
    );

    let (_, ruleset) =
        expand(&root().join("mods/example"), &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(
        &ruleset.scenario(&crate::shipped("sysescentstan.ron")),
        ruleset.rules,
        None,
    );
    for _ in 0..10 {
        sim.step();
    }
    let log = report(&sim)["log"].to_string();
    assert!(
        log.contains("almanac"),
        "the example mod's event fires on turn 10: {log}"
    );
}

#[test]
fn every_culture_of_the_shipped_levels_is_defined_in_the_rules() {
    let rules = free_association::sim::rules::Rules::base().unwrap_or_else(|e| panic!("{e}"));
    for name in [
        "tutorial.ron",
        "sysescentstan.ron",
        "sysescentstan_unified.ron",
        "city_states.ron",
    ] {
        for culture in &crate::shipped(name).scenario.cultures {
            assert!(
                rules.culture(culture).is_some(),
                "{name}: culture `{culture}` is not in assets/rules/cultures.ron"
            );
        }
    }
    let (_, with_mod) =
        expand(&root().join("mods/example"), &Default::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        with_mod.rules.culture("islanders").map(|c| c.name.as_str()),
        Some("Islanders")
    );
}

#[test]
fn no_scenario_test_already_passes_at_turn_zero() {
    use free_association::commands::test::unmet;
    use free_association::level::load;
    let mut seen = 0;
    for dir in [root().join("levels"), root().join("mods/example")] {
        let (files, ruleset) = expand(&dir, &Default::default()).unwrap_or_else(|e| panic!("{e}"));
        for file in &files {
            let Ok(level) = load(file) else { continue };
            for test in &level.tests {
                let start =
                    Simulation::new(&ruleset.scenario(&level), ruleset.rules.clone(), test.seed);
                seen += 1;
                assert!(
                    !unmet(&test.expect, &start, &start).is_empty(),
                    "{}: \"{}\" already passes at turn 0",
                    level.file(),
                    test.name
                );
            }
        }
    }
    assert!(seen >= 10, "only {seen} scenario tests found");
}

/// The tutorial's steps as they appear, `(turn, first words)`, when the
/// tutorial is played with the orders of `orders` (none: idle).
fn tutorial_steps(orders: &[free_association::level::schema::OrderFile]) -> Vec<(u32, String)> {
    use free_association::sim::news::NewsKind;
    let mut sim = crate::simulation("tutorial.ron");
    sim.queue(orders.to_vec());
    let mut seen = Vec::new();
    for _ in 0..14 {
        sim.step();
        for news in &sim.stats().news {
            if news.kind == NewsKind::Message {
                let words: Vec<&str> = news.text.split_whitespace().take(4).collect();
                seen.push((sim.turn(), words.join(" ")));
            }
        }
    }
    seen
}

/// The first turn a message beginning with `words` appeared on.
fn shown(steps: &[(u32, String)], words: &str) -> Option<u32> {
    steps
        .iter()
        .find(|(_, s)| s.starts_with(words))
        .map(|s| s.0)
}

#[test]
fn the_tutorials_steps_follow_what_the_player_did() {
    use free_association::sim::order::Action;
    let played = crate::orders("tutorial_three_freedoms.ron");
    // Idle: each step is shown in turn, and the closed border is named.
    let idle = tutorial_steps(&[]);
    assert_eq!(shown(&idle, "Step 1"), Some(1), "{idle:?}");
    assert!(shown(&idle, "Step 2") > Some(1), "{idle:?}");
    assert!(shown(&idle, "Step 3") > shown(&idle, "Step 2"), "{idle:?}");
    assert!(shown(&idle, "Some of your people").is_some(), "{idle:?}");
    // The exit opened on turn 1: its step is never shown, nobody is
    // stopped at the border, and the communes' step comes once power has
    // moved down (turn 2), six turns before it would for a player who
    // waits.
    let open = tutorial_steps(&played);
    assert_eq!(shown(&open, "Step 2"), None, "{open:?}");
    assert_eq!(shown(&open, "Some of your people"), None, "{open:?}");
    assert_eq!(shown(&open, "Step 3"), Some(2), "{open:?}");
    // Devolving on turn 1 skips the first step and shows the second at
    // once.
    let mut devolve = played
        .iter()
        .find(|o| matches!(o.action, Action::Devolve { .. }))
        .cloned()
        .unwrap_or_else(|| panic!("the orders devolve"));
    devolve.turn = 1;
    let devolved = tutorial_steps(std::slice::from_ref(&devolve));
    assert_eq!(shown(&devolved, "Step 1"), None, "{devolved:?}");
    assert_eq!(shown(&devolved, "Step 2"), Some(1), "{devolved:?}");
    // Devolving and opening on the same first turn: the steps read what
    // the polity is now, not the last scoring, so step 2 never shows.
    let open_exit = played[0].clone();
    assert!(matches!(open_exit.action, Action::SetBorders { .. }));
    let both = tutorial_steps(&[devolve, open_exit]);
    assert_eq!(shown(&both, "Step 2"), None, "{both:?}");
    assert_eq!(shown(&both, "Step 3"), Some(1), "{both:?}");
    // Federated on turn 4: the federation step never comes; idle, it
    // comes on turn 8.
    assert_eq!(shown(&open, "Step 4"), None, "{open:?}");
    assert_eq!(shown(&idle, "Step 4"), Some(8), "{idle:?}");
}
