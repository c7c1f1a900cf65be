//! The checks of GAME.md §5, section by section, on a level whose fields
//! are known to be right: duplicate ids, provinces in no polity or two,
//! unknown references, shares that do not sum to 1, values out of range,
//! shared or disconnected cells, goals without a player, unknown cultures.
//! Every error is reported at its place, all at once; a level without
//! errors becomes a [`Scenario`] with every name resolved.

mod checker;
mod events;
mod goals;
mod places;
mod polities;
mod refs;
mod scenario_tests;

use std::path::Path;

pub use events::resolve_mod_events;
pub use places::MAX_AGENTS;

use checker::Checker;
use refs::Refs;

use super::diagnostic::Diagnostics;
use super::read::fingerprint;
use super::schema::{LevelFile, ScenarioTestFile};
use super::tree::Node;
use crate::sim::scenario::Scenario;

/// Checks a decoded level read from `file` (whose text is `text` and whose
/// relative paths point into `dir`) and resolves its names: the scenario,
/// and the level's scenario tests.
pub fn resolve(
    file: &str,
    text: &str,
    dir: &Path,
    tree: &Node,
    raw: LevelFile,
) -> Result<(Scenario, Vec<ScenarioTestFile>), Diagnostics> {
    let mut c = Checker::new(file, tree);
    places::length_and_scale(&mut c, &raw);
    let cultures = places::cultures(&mut c, &raw);
    let provinces = places::provinces(&mut c, &raw, &cultures);
    let polities = polities::polities(&mut c, &raw, &provinces.ids);
    let refs = Refs {
        province_ids: &provinces.ids,
        province_names: raw.provinces.iter().map(|p| p.id.as_str()).collect(),
        polity_ids: &polities.ids,
        polity_names: raw.polities.iter().map(|k| k.id.as_str()).collect(),
        cultures: &cultures,
        player: polities.player,
    };
    let goals = goals::goals(&mut c, &raw, &refs);
    let events = events::events(&mut c, &raw, &refs);
    scenario_tests::check(&mut c, &raw, dir);
    if !c.errors.is_empty() {
        return Err(Diagnostics(c.errors));
    }
    let scenario = Scenario {
        file: file.to_string(),
        fingerprint: fingerprint(text),
        name: raw.name.clone(),
        description: raw.description.clone(),
        seed: raw.seed,
        max_turns: raw.max_turns,
        scale: raw.scale.max(1),
        cultures: raw.cultures.clone(),
        provinces: provinces.specs,
        polities: polities.specs,
        goals,
        on_player_fall: raw.on_player_fall,
        events,
    };
    Ok((scenario, raw.tests))
}

#[cfg(test)]
mod tests {
    use crate::level::parse_level;
    use std::path::Path;

    const GOOD: &str = r#"Level(
    name: "t", seed: 1, max_turns: 5, cultures: ["a", "b"],
    provinces: [
        (id: "p", name: "P", cells: [(0, 0)], capacity: 10, population: [("a", 5)]),
        (id: "q", name: "Q", cells: [(1, 0)], capacity: 10, population: [("b", 5)]),
    ],
    polities: [
        (id: "k", name: "K", color: (0.5, 0.5, 0.5), provinces: ["p", "q"],
         ruler: (name: "R", authority: 0.9),
         power: (ruler: 0.9, province: 0.1, municipal: 0.0, citizens: 0.0),
         borders: (exit: Closed, entry: Closed), controller: Player),
    ],
    goals: [(metric: Score, scope: World, at_least: 0.5)],
)"#;

    #[test]
    fn a_good_level_loads() {
        let level = parse_level("t.ron", GOOD, Path::new(".")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(level.scenario.provinces.len(), 2);
        assert_eq!(level.scenario.goals[0].by_turn, 5);
    }

    #[test]
    fn all_unknown_fields_are_reported_with_hints() {
        let bad = GOOD
            .replace(
                "capacity: 10, population: [(\"a\"",
                "capacty: 10, population: [(\"a\"",
            )
            .replace("seed: 1", "sed: 1");
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("unknown field `capacty`")
                    && t.contains("did you mean `capacity`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("unknown field `sed`") && t.contains("did you mean `seed`")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.starts_with("t.ron:2:")), "{text:?}");
    }

    #[test]
    fn all_semantic_errors_are_reported() {
        let bad = GOOD
            .replace("provinces: [\"p\", \"q\"]", "provinces: [\"p\", \"qq\"]")
            .replace("ruler: 0.9, province: 0.1", "ruler: 0.9, province: 0.2")
            .replace("(\"b\", 5)", "(\"c\", 5)")
            .replace("cells: [(1, 0)]", "cells: [(0, 0)]");
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let text = errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        for needle in [
            "unknown province `qq`",
            "sum to 1.1000",
            "unknown culture `c`",
            "is also a cell of",
            "is in no polity",
        ] {
            assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
        }
        assert!(errors.iter().all(|e| e.line > 0 && e.column > 0), "{text}");
    }

    #[test]
    fn orders_files_must_stay_beside_the_level() {
        let bad = GOOD.replace(
            "goals: [",
            "tests: [(name: \"t\", turns: 1, orders: \"../../etc/passwd\", expect: [(metric: Score, scope: World, at_least: 0.0)])],\n    goals: [",
        );
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("leaves the folder")),
            "{errors:?}"
        );
    }

    #[test]
    fn effects_of_events_name_cultures_the_level_has() {
        let bad = GOOD.replace(
            "goals: [",
            "events: [(id: \"e\", trigger: Turn(1), effects: [Act(polity: \"k\", effects: [Homogenize(culture: \"bb\")])])],\n    goals: [",
        );
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(
            errors.iter().any(|e| e.message == "unknown culture `bb`"
                && e.hint.as_deref() == Some("did you mean `b`?")),
            "{errors:?}"
        );
        let good = bad.replace("\"bb\"", "\"b\"");
        assert!(parse_level("t.ron", &good, Path::new(".")).is_ok());
    }

    #[test]
    fn fired_names_an_event_above_and_lists_are_not_empty() {
        let bad = GOOD.replace(
            "goals: [",
            "events: [\n(id: \"first\", trigger: Fired(\"second\"), effects: []),\n(id: \"second\", trigger: Any([Turn(1),\n Not(Fired(\"frist\"))]), effects: []),\n(id: \"third\", trigger: All([]), effects: []),\n],\n    goals: [",
        );
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        let find = |needle: &str| errors.iter().find(|e| e.message.contains(needle));
        let later = find("`Fired(\"second\")` names no event above");
        assert_eq!(
            later.and_then(|e| e.hint.as_deref()),
            Some("move the event it names above this one"),
            "{errors:?}"
        );
        // The error inside a list points at the trigger in it.
        let typo = find("`Fired(\"frist\")`");
        assert_eq!(
            typo.and_then(|e| e.hint.as_deref()),
            Some("did you mean `first`?"),
            "{errors:?}"
        );
        let line = |e: Option<&crate::level::diagnostic::Diagnostic>| e.map_or(0, |e| e.line);
        assert_eq!(line(typo), line(later) + 2, "{errors:?}");
        assert!(
            find("`All([])` has nothing to test").is_some(),
            "{errors:?}"
        );
    }

    #[test]
    fn goals_need_a_player() {
        let bad = GOOD.replace("controller: Player", "controller: Ai(Warden)");
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("no polity with `controller: Player`"))
        );
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let bad = GOOD.replace(
            "capacity: 10, population: [(\"a\"",
            "capacity: \"ten\", population: [(\"a\"",
        );
        let errors = parse_level("t.ron", &bad, Path::new("."))
            .err()
            .map(|e| e.0)
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 4);
    }
}
