//! Robustness: the loaders (levels, orders, manifests, saves) are fed
//! thousands of mutated inputs — bytes flipped, cut, repeated, deleted —
//! and must answer each with a result, never a panic or a hang. The
//! mutations are seeded, so a failure reproduces.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use free_association::level;
use free_association::sim::rng::{DrawPhase, unit};
use free_association::sim::rules::Rules;
use free_association::sim::simulation::Simulation;
use free_association::sim::snapshot::Snapshot;

/// A seeded mutation of `text`: one to four edits.
fn mutate(text: &str, seed: u64) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let draw = |k: u32| unit(seed, 0, 0, DrawPhase::Generate, k);
    let edits = 1 + (draw(0) * 4.0) as u32;
    for e in 0..edits {
        if bytes.is_empty() {
            break;
        }
        let at = (draw(10 + e) * bytes.len() as f64) as usize;
        let len = 1 + (draw(20 + e) * 40.0) as usize;
        let end = (at + len).min(bytes.len());
        match (draw(30 + e) * 5.0) as u32 {
            0 => bytes[at] = (draw(40 + e) * 256.0) as u8,
            1 => {
                bytes.drain(at..end);
            }
            2 => {
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            3 => bytes.truncate(at),
            _ => {
                let tokens = [
                    b"(".as_slice(),
                    b")",
                    b"[",
                    b"]",
                    b",",
                    b"\"",
                    b":",
                    b"-1e309",
                    b"NaN",
                    b"Some(",
                    b"99999999999999999999",
                ];
                let token = tokens[(draw(50 + e) * tokens.len() as f64) as usize % tokens.len()];
                bytes.splice(at..at, token.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn no_panic(what: &str, seed: u64, f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        panic!("{what} panicked on mutation seed {seed}");
    }
}

#[test]
fn mutated_levels_orders_and_manifests_never_panic() {
    let root = crate::root();
    let inputs = [
        (
            "levels/tutorial.ron",
            std::fs::read_to_string(root.join("levels/tutorial.ron")).unwrap_or_default(),
        ),
        (
            "levels/sysescentstan.ron",
            std::fs::read_to_string(root.join("levels/sysescentstan.ron")).unwrap_or_default(),
        ),
        (
            "mods/example/levels/archipelago.ron",
            std::fs::read_to_string(root.join("mods/example/levels/archipelago.ron"))
                .unwrap_or_default(),
        ),
    ];
    let orders = std::fs::read_to_string(root.join("levels/orders/sysescentstan_reform.ron"))
        .unwrap_or_default();
    let manifest = std::fs::read_to_string(root.join("mods/example/mod.ron")).unwrap_or_default();
    let patch =
        std::fs::read_to_string(root.join("mods/example/rules/actions.ron")).unwrap_or_default();
    let mut loaded = 0;
    // `FA_FUZZ_ROUNDS=50000 cargo test fuzz` runs a longer campaign.
    let rounds: u64 = std::env::var("FA_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    for seed in 0..rounds {
        let (name, text) = &inputs[seed as usize % inputs.len()];
        let bad = mutate(text, seed);
        no_panic(name, seed, || {
            if let Ok(level) = level::parse_level(name, &bad, &root.join("levels")) {
                loaded += 1;
                // What loads must also play.
                let mut sim = Simulation::new(
                    &level.scenario,
                    Rules::base().unwrap_or_else(|e| panic!("{e}")),
                    None,
                );
                sim.step();
            }
        });
        let bad_orders = mutate(&orders, seed);
        no_panic("orders", seed, || {
            let _ = level::decode::<level::schema::OrdersFile>("orders.ron", &bad_orders);
            let _ = level::parse_tree("orders.ron", &bad_orders);
        });
        let bad_manifest = mutate(&manifest, seed);
        no_panic("manifest", seed, || {
            let _ = level::decode::<free_association::modding::Manifest>("mod.ron", &bad_manifest);
        });
        let bad_patch = mutate(&patch, seed);
        no_panic("rules patch", seed, || {
            let _ = level::parse_tree("actions.ron", &bad_patch);
            let _ =
                level::decode::<free_association::modding::RulesPatch>("actions.ron", &bad_patch);
        });
    }
    assert!(loaded > 0, "some mutations (of comments, say) still load");
}

#[test]
fn mutated_saves_are_refused_or_play_never_panic() {
    let level = crate::shipped("sysescentstan.ron");
    let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&level.scenario, rules.clone(), None);
    sim.queue(crate::orders("sysescentstan_reform.ron"));
    for _ in 0..3 {
        sim.step();
    }
    // A compact save: the citizens' list is the bulk of it and mutating
    // inside it is covered by any other field.
    let text = ron::ser::to_string(&sim.snapshot()).unwrap_or_else(|e| panic!("{e}"));
    for seed in 0..300u64 {
        let bad = mutate(&text, seed);
        no_panic("save", seed, || {
            let decoded: Result<Snapshot, _> = ron::from_str(&bad);
            if let Ok(snapshot) = decoded
                && let Ok(mut restored) =
                    Simulation::restore(&level.scenario, rules.clone(), snapshot)
            {
                restored.step();
            }
        });
    }
    assert!(Path::new(level.file()).exists());
}
