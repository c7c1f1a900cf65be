//! A real mod folder: several mods installed, some broken, some stale. A
//! broken mod is reported once, on its own, and never keeps the sound
//! ones from loading.

use std::path::{Path, PathBuf};

use crate::{root, run};

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A working folder with the shipped levels and a `mods/` holding the
/// example mod and broken ones of every kind.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fa-mods-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mods = dir.join("mods");
    copy(&root().join("mods/example"), &mods.join("example"));
    let manifest = |id: &str, body: &str| {
        let folder = mods.join(id);
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(folder.join("mod.ron"), format!("Mod({body})"))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    let sound = |id: &str, extra: &str| {
        format!(
            "id: \"{id}\", name: \"{id}\", version: \"1.0.0\", game_version: \">=0.1\", {extra}"
        )
    };
    manifest(
        "bad_version",
        "id: \"bad_version\", name: \"x\", version: \"one\", game_version: \">=0.1\"",
    );
    manifest(
        "future",
        "id: \"future\", name: \"x\", version: \"1.0.0\", game_version: \">=9\"",
    );
    manifest(
        "wrong_id",
        "id: \"other\", name: \"x\", version: \"1.0.0\", game_version: \">=0.1\"",
    );
    manifest("cycle_a", &sound("cycle_a", "dependencies: [\"cycle_b\"]"));
    manifest("cycle_b", &sound("cycle_b", "dependencies: [\"cycle_a\"]"));
    manifest(
        "needs_bad",
        &sound("needs_bad", "dependencies: [\"bad_version\"]"),
    );
    manifest(
        "needs_needs",
        &sound("needs_needs", "dependencies: [\"needs_bad\"]"),
    );
    manifest("bad_patch", &sound("bad_patch", ""));
    std::fs::create_dir_all(mods.join("bad_patch/rules")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        mods.join("bad_patch/rules/patch.ron"),
        "RulesPatch(constants: {\"citizens.w_fre\": 0.9})",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    manifest(
        "uses_bad_patch",
        &sound("uses_bad_patch", "dependencies: [\"bad_patch\"]"),
    );
    dir
}

/// Copies a folder and everything in it.
pub fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn mods_list_shows_every_mod_with_its_state_and_each_error_once() {
    let dir = folder("list");
    let out = run(&["mods", "list"], &dir);
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("1. example 0.1.0"), "{all}");
    for (id, state) in [
        ("bad_version", "broken"),
        ("future", "broken"),
        ("wrong_id", "broken"),
        ("cycle_a", "broken"),
        ("cycle_b", "broken"),
        ("bad_patch", "broken"),
        ("needs_bad", "disabled"),
        ("needs_needs", "disabled"),
        ("uses_bad_patch", "disabled"),
    ] {
        let line = all
            .lines()
            .find(|l| l.starts_with(&format!("- {id}")))
            .unwrap_or_else(|| panic!("no line for {id}:\n{all}"));
        assert!(line.ends_with(state), "{id} should be {state}: {line}");
    }
    for error in [
        "mods/bad_version/mod.ron:1:",
        "`one` is not a version",
        "supports game versions `>=9`",
        "not its folder's name `wrong_id`",
        "did you mean `citizens.w_free`",
        "mods/cycle_a/mod.ron:1:1",
        "mods/cycle_b/mod.ron:1:1",
    ] {
        assert_eq!(all.matches(error).count(), 1, "`{error}` once in:\n{all}");
    }
    assert!(
        all.contains("needs `bad_version`, which is broken"),
        "{all}"
    );
    assert!(all.contains("needs `bad_patch`, which is broken"), "{all}");
    let strict = run(&["mods", "list", "--strict"], &dir);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict));
}

#[test]
fn a_sound_mod_loads_beside_broken_ones_and_a_broken_one_is_checked_alone() {
    let dir = folder("load");
    let level = root().join("levels/sysescentstan.ron");
    let level = level.to_string_lossy();
    let out = run(
        &["simulate", &level, "--mods", "example", "--turns", "1"],
        &dir,
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&["check", "mods/example"], &dir);
    assert!(out.status.success(), "{}", text(&out));

    let out = run(&["check", "mods/cycle_a"], &dir);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("in a cycle: cycle_a, cycle_b"), "{all}");
    for other in ["bad_version", "future", "wrong_id", "bad_patch"] {
        assert!(
            !all.contains(other),
            "{other} reported when checking cycle_a:\n{all}"
        );
    }

    let out = run(
        &["simulate", &level, "--mods", "needs_needs", "--turns", "1"],
        &dir,
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("mod `needs_needs` needs `bad_version`, which is broken"),
        "{all}"
    );
    assert!(!all.contains("future"), "{all}");
}
