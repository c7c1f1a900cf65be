//! Saves: loading a save and playing on gives exactly the states of never
//! having saved; a save of a changed level is refused.

use bevy::prelude::*;
use free_association::commands::report::report;
use free_association::level;
use free_association::saves::{read_save, write_save};
use free_association::sim::rules::Rules;
use free_association::sim::simulation::{Simulation, init_task_pool};
use free_association::sim::snapshot::RestoreError;

fn rules() -> Rules {
    Rules::base().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_saved_game_plays_on_exactly_as_an_unsaved_one() {
    let level = crate::shipped("sysescentstan.ron");
    let mut straight = Simulation::new(&level.scenario, rules(), None);
    straight.queue(crate::orders("sysescentstan_reform.ron"));
    for _ in 0..6 {
        straight.step();
    }
    let dir = std::env::temp_dir().join(format!("fa-saves-{}", std::process::id()));
    let file = dir.join("quick.ron");
    write_save(&file, &straight.snapshot()).unwrap_or_else(|e| panic!("{e}"));
    let mut resumed = Simulation::restore(
        &level.scenario,
        rules(),
        read_save(&file).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resumed.turn(), 6);
    assert_eq!(resumed.state_hash(), straight.state_hash());
    for _ in 0..10 {
        straight.step();
        resumed.step();
        assert_eq!(
            resumed.state_hash(),
            straight.state_hash(),
            "turn {} differs",
            straight.turn()
        );
        assert_eq!(
            report(&resumed),
            report(&straight),
            "turn {} reports differ",
            straight.turn()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_fork_plays_on_exactly_as_a_restored_snapshot() {
    // The game's background turn plays on a fork; a save on a snapshot.
    let level = crate::shipped("city_states.ron");
    let mut straight = Simulation::new(&level.scenario, rules(), None);
    straight.queue(crate::orders("city_states_open.ron"));
    for _ in 0..5 {
        straight.step();
    }
    let mut forked = Simulation::restore_fork(&level.scenario, rules(), straight.fork())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut restored = Simulation::restore(&level.scenario, rules(), straight.snapshot())
        .unwrap_or_else(|e| panic!("{e}"));
    let start = forked.state_hash();
    assert_eq!(start, restored.state_hash());
    assert_eq!(forked.snapshot(), restored.snapshot());
    for _ in 0..8 {
        forked.step();
        restored.step();
        assert_eq!(
            forked.snapshot(),
            restored.snapshot(),
            "turn {} differs",
            forked.turn()
        );
    }
    assert_ne!(forked.state_hash(), start, "the turns changed nothing");
}

#[test]
fn a_save_of_a_changed_level_is_refused() {
    let level = crate::shipped("tutorial.ron");
    let mut sim = Simulation::new(&level.scenario, rules(), None);
    sim.step();
    let snapshot = sim.snapshot();
    let text =
        std::fs::read_to_string(crate::root().join("levels/tutorial.ron")).unwrap_or_default();
    let changed = level::parse_level(
        "levels/tutorial.ron",
        &text.replace("capacity: 300", "capacity: 310"),
        &crate::root(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let err = Simulation::restore(&changed.scenario, rules(), snapshot.clone()).err();
    assert!(
        matches!(err, Some(RestoreError::LevelChanged(_))),
        "{err:?}"
    );
    let other = crate::shipped("city_states.ron");
    assert!(Simulation::restore(&other.scenario, rules(), snapshot).is_err());
}

#[test]
fn a_broken_save_file_is_an_error_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("fa-badsave-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("bad.ron");
    std::fs::write(&file, "(game_version: \"0.1.0\", level_file: 3")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(read_save(&file).is_err());
    assert!(read_save(&dir.join("missing.ron")).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_sim_plugin_drives_turns_in_a_headless_app() {
    let level = crate::shipped("sysescentstan.ron");
    let mut app = App::new();
    app.add_plugins(free_association::sim::plugin);
    init_task_pool(None);
    free_association::sim::setup::load_world(app.world_mut(), &level.scenario, rules(), None);
    for _ in 0..3 {
        app.world_mut()
            .run_schedule(free_association::sim::schedule::Turn);
    }
    let history = app
        .world()
        .resource::<free_association::sim::scoring::History>();
    assert_eq!(history.entries.len(), 4);
}

#[test]
fn a_save_that_fails_at_any_step_leaves_the_previous_save_whole() {
    use free_association::saves::{Fault, write_save_with};
    let level = crate::shipped("tutorial.ron");
    let mut sim = Simulation::new(&level.scenario, rules(), None);
    sim.step();
    let dir = std::env::temp_dir().join(format!("fa-saves-faults-{}", std::process::id()));
    let file = dir.join("slot.ron");
    write_save(&file, &sim.snapshot()).unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let first_hash = sim.state_hash();
    for _ in 0..3 {
        sim.step();
    }
    let newer = sim.snapshot();
    let size = ron::ser::to_string(&newer)
        .unwrap_or_else(|e| panic!("{e}"))
        .len();
    let mut faults: Vec<Fault> = (0..16)
        .map(|k| Fault::DiskFullAfter(size * k / 16))
        .collect();
    faults.extend([Fault::DiskFullAfter(size - 1), Fault::Flush, Fault::Rename]);
    for fault in faults {
        let error = write_save_with(&file, &newer, fault)
            .err()
            .unwrap_or_else(|| panic!("{fault:?} did not fail"));
        assert!(error.contains("previous file is unchanged"), "{error}");
        if matches!(fault, Fault::DiskFullAfter(_)) {
            assert!(error.contains("the disk is full"), "{error}");
        }
        assert_eq!(
            std::fs::read(&file).unwrap_or_else(|e| panic!("{e}")),
            before,
            "{fault:?} touched the previous save"
        );
        let restored = Simulation::restore(
            &level.scenario,
            rules(),
            read_save(&file).unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(restored.state_hash(), first_hash, "after {fault:?}");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .filter(|n| n != "slot.ron")
            .collect();
        assert!(leftovers.is_empty(), "{fault:?} left {leftovers:?}");
    }
    // Without a fault the newer save replaces the older.
    write_save_with(&file, &newer, Fault::None).unwrap_or_else(|e| panic!("{e}"));
    let restored = Simulation::restore(
        &level.scenario,
        rules(),
        read_save(&file).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(restored.state_hash(), sim.state_hash());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The state hash of the last JSON line a `simulate` printed.
fn last_hash(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    crate::json_lines(out)
        .last()
        .and_then(|l| l["state_hash"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no state hash"))
}

#[test]
fn twenty_turns_are_ten_a_save_a_load_and_ten_also_with_mods() {
    // A folder of its own with a copy of the example mod, to change it.
    let dir = std::env::temp_dir().join(format!("fa-saves-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let example = dir.join("mods/example");
    for sub in ["", "rules", "levels"] {
        std::fs::create_dir_all(example.join(sub)).unwrap_or_else(|e| panic!("{e}"));
    }
    for file in [
        "mod.ron",
        "rules/actions.ron",
        "rules/archetypes.ron",
        "rules/cultures.ron",
        "rules/events.ron",
        "rules/freedom_matters_more.ron",
        "levels/archipelago.ron",
    ] {
        std::fs::copy(
            crate::root().join("mods/example").join(file),
            example.join(file),
        )
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let level = crate::root().join("levels/tutorial.ron");
    let level = level.to_string_lossy().to_string();
    let save = dir.join("turn10.ron");
    let save = save.to_string_lossy().to_string();
    let mut with_mod = String::new();
    for mods in [&[][..], &["--mods", "example"][..]] {
        let play = |extra: &[&str]| {
            let mut args = vec!["simulate", level.as_str(), "--json", "--hash"];
            args.extend_from_slice(mods);
            args.extend_from_slice(extra);
            crate::run(&args, &dir)
        };
        let straight = last_hash(&play(&["--turns", "20"]));
        last_hash(&play(&["--turns", "10", "--save", &save]));
        let resumed = last_hash(&play(&["--turns", "10", "--load", &save]));
        assert_eq!(resumed, straight, "with {mods:?}");
        with_mod = straight;
    }
    // The save was made with the example mod: without it, refused.
    let refused = crate::run(&["simulate", &level, "--load", &save], &dir);
    let said = String::from_utf8_lossy(&refused.stderr).to_string();
    assert_eq!(refused.status.code(), Some(1), "{said}");
    assert!(
        said.contains("mod `example` 0.1.0 is not loaded now"),
        "{said}"
    );
    // A changed file of the mod, then another version.
    let rules = example.join("rules/freedom_matters_more.ron");
    let text = std::fs::read_to_string(&rules).unwrap_or_else(|e| panic!("{e}"));
    let edited = text.replace("\"citizens.w_free\": 0.75", "\"citizens.w_free\": 0.5");
    assert_ne!(edited, text);
    std::fs::write(&rules, edited).unwrap_or_else(|e| panic!("{e}"));
    let with_example = ["simulate", &level, "--mods", "example", "--load", &save];
    let changed = crate::run(&with_example, &dir);
    let said = String::from_utf8_lossy(&changed.stderr).to_string();
    assert!(
        said.contains("mod `example` 0.1.0 has changed since the save was made"),
        "{said}"
    );
    let manifest = example.join("mod.ron");
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&manifest, text.replace("\"0.1.0\"", "\"0.2.0\""))
        .unwrap_or_else(|e| panic!("{e}"));
    let newer = crate::run(&with_example, &dir);
    let said = String::from_utf8_lossy(&newer.stderr).to_string();
    assert!(
        said.contains("mod `example` is 0.2.0 now; the save was made with 0.1.0"),
        "{said}"
    );
    // Played on anyway, by the rules the save recorded: the game the mod
    // as it was would have played.
    let mut anyway = with_example.to_vec();
    anyway.extend(["--load-anyway", "--turns", "10", "--json", "--hash"]);
    assert_eq!(last_hash(&crate::run(&anyway, &dir)), with_mod);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn autosaves_keep_the_last_three_turns() {
    use free_association::saves::{older, write_rotating};
    let level = crate::shipped("tutorial.ron");
    let mut sim = Simulation::new(&level.scenario, rules(), None);
    let dir = std::env::temp_dir().join(format!("fa-autosaves-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let newest = dir.join("autosave.ron");
    for _ in 0..5 {
        sim.step();
        write_rotating(&newest, &sim.snapshot(), 3).unwrap_or_else(|e| panic!("{e}"));
    }
    let turns: Vec<u32> = (0..3)
        .map(|k| {
            read_save(&older(&newest, k))
                .unwrap_or_else(|e| panic!("{e}"))
                .clock
                .turn
        })
        .collect();
    assert_eq!(turns, vec![5, 4, 3]);
    assert!(!older(&newest, 3).exists());
    assert_eq!(older(&newest, 2), dir.join("autosave.2.ron"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_saves_list_reads_the_level_and_turn_from_the_start_of_the_file() {
    use free_association::saves::{Header, parse_header, read_header};
    let level = crate::shipped("sysescentstan.ron");
    let mut sim = Simulation::new(&level.scenario, rules(), None);
    for _ in 0..3 {
        sim.step();
    }
    let dir = std::env::temp_dir().join(format!("fa-header-{}", std::process::id()));
    let file = dir.join("three.ron");
    let mut snapshot = sim.snapshot();
    snapshot.level_file = "levels/odd \"name\".ron".into();
    write_save(&file, &snapshot).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        read_header(&file),
        Some(Header {
            level_file: "levels/odd \"name\".ron".into(),
            turn: 3,
        })
    );
    // Not a save: no header, and no panic.
    std::fs::write(dir.join("notes.ron"), "(hello: 1)").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read_header(&dir.join("notes.ron")), None);
    assert_eq!(parse_header("level_file:\"cut"), None);
    let _ = std::fs::remove_dir_all(&dir);
}
