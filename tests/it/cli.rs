//! The command line as a user meets it: JSON lines, timings, and bad input
//! of every kind answered with a clear error and a non-zero exit, never a
//! panic.

use std::path::PathBuf;

use crate::{root, run, simulate_json};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fa-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn assert_clean_failure(out: &std::process::Output, needle: &str) {
    let all = text(out);
    assert!(!out.status.success(), "expected failure:\n{all}");
    assert!(!all.contains("panicked"), "it panicked:\n{all}");
    assert!(all.contains(needle), "expected `{needle}` in:\n{all}");
}

#[test]
fn simulate_prints_one_json_object_per_turn() {
    let out = run(
        &[
            "simulate",
            "levels/sysescentstan.ron",
            "--turns",
            "3",
            "--json",
            "--timings",
        ],
        &root(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let lines = crate::json_lines(&out);
    assert_eq!(lines.len(), 4);
    for (turn, line) in lines.iter().enumerate() {
        assert_eq!(line["turn"], turn);
        for key in [
            "score",
            "domination",
            "voluntariness",
            "equality",
            "fragmentation",
            "effective_polities",
            "population",
            "blocked_exits",
            "coerced",
            "migrants",
        ] {
            assert!(
                line["world"][key].is_number(),
                "world.{key} missing in {line}"
            );
        }
        let polity = &line["polities"][0];
        for key in [
            "id",
            "score",
            "domination",
            "population",
            "authority",
            "power",
            "exit",
            "entry",
            "provinces",
            "legacy",
            "freedom_to_leave",
            "exit_discipline",
        ] {
            assert!(!polity[key].is_null(), "polities[0].{key} missing");
        }
        assert!(polity["pending"].is_array(), "polities[0].pending missing");
        assert!(line["refused"].is_array());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("turn ") && l.contains(": total ") && l.contains("orders "))
            .count(),
        3,
        "{stderr}"
    );
    assert!(stderr.contains("median"), "{stderr}");
    // The yardstick: one streaming pass over the citizens, and the ratios.
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("stream pass: ") && l.contains("turn / stream")),
        "{stderr}"
    );
    // Provinces are reported too.
    let province = &lines[0]["provinces"][0];
    for key in ["id", "owner", "population", "capacity", "prosperity"] {
        assert!(!province[key].is_null(), "provinces[0].{key} missing");
    }
}

#[test]
fn simulate_reports_refused_orders() {
    let dir = scratch("refused");
    let orders = dir.join("orders.ron");
    std::fs::write(
        &orders,
        "Orders([(turn: 1, polity: \"beingstonia_state\", action: Invest(province: \"bahavia\"))])",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run(
        &[
            "simulate",
            "levels/sysescentstan.ron",
            "--turns",
            "1",
            "--json",
            "--orders",
            &orders.to_string_lossy(),
        ],
        &root(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let last = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .map(str::to_string)
        .unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&last).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        value["refused"][0]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("does not belong"),
        "{value}"
    );
}

#[test]
fn check_passes_shipped_levels_and_reports_all_errors_of_a_broken_one() {
    let out = run(&["check", "levels"], &root());
    assert!(out.status.success(), "{}", text(&out));
    let dir = scratch("check");
    let good = std::fs::read_to_string(root().join("levels/tutorial.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let broken = good
        .replace("capacity: 300", "capacty: 300")
        .replace("infrastructure: 0.2,", "infrastructur: 0.2,");
    let file = dir.join("broken.ron");
    std::fs::write(&file, broken).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&["check", &file.to_string_lossy()], &root());
    assert_clean_failure(&out, "did you mean `capacity`?");
    assert!(
        text(&out).contains("did you mean `infrastructure`?"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("broken.ron:19:"),
        "positions are given: {}",
        text(&out)
    );
    let out = run(&["check", "--json", &file.to_string_lossy()], &root());
    let value: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["errors"].as_array().map(Vec::len), Some(2));
    assert!(value["errors"][0]["line"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn bad_input_never_panics() {
    let dir = scratch("bad");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "malformed.ron",
            "Level(name: \"x\", seed: ".into(),
            "syntax error",
        ),
        (
            "types.ron",
            std::fs::read_to_string(root().join("levels/tutorial.ron"))
                .unwrap_or_default()
                .replace("seed: 1,", "seed: \"one\","),
            "error",
        ),
        (
            "ids.ron",
            std::fs::read_to_string(root().join("levels/tutorial.ron"))
                .unwrap_or_default()
                .replace(
                    "provinces: [\"hearth\", \"mill\"]",
                    "provinces: [\"hearth\", \"mil\"]",
                ),
            "unknown province `mil`",
        ),
        (
            "range.ron",
            std::fs::read_to_string(root().join("levels/tutorial.ron"))
                .unwrap_or_default()
                .replace("authority: 0.8", "authority: 1.8"),
            "out of range",
        ),
        (
            "deep.ron",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            "nesting",
        ),
        (
            "binary.ron",
            String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x41]).into_owned(),
            "error",
        ),
        ("empty.ron", String::new(), "syntax error"),
    ];
    for (name, content, needle) in cases {
        let file = dir.join(name);
        std::fs::write(&file, content).unwrap_or_else(|e| panic!("{e}"));
        let path = file.to_string_lossy().to_string();
        assert_clean_failure(&run(&["check", &path], &root()), needle);
        assert_clean_failure(&run(&["simulate", &path, "--turns", "1"], &root()), needle);
    }
    // A 50 MB file is refused before it is read.
    let big = dir.join("big.ron");
    let file = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
    file.set_len(50 * 1024 * 1024)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_clean_failure(
        &run(&["check", &big.to_string_lossy()], &root()),
        "limited to",
    );
    assert_clean_failure(
        &run(&["check", "no/such/level.ron"], &root()),
        "cannot read",
    );
    assert_clean_failure(
        &run(
            &[
                "simulate",
                "levels/tutorial.ron",
                "--orders",
                "no/such/orders.ron",
            ],
            &root(),
        ),
        "cannot read",
    );
    let orders = dir.join("bad_orders.ron");
    std::fs::write(
        &orders,
        "Orders([(turn: 1, polity: \"homeland\", acton: Repress)])",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_clean_failure(
        &run(
            &[
                "simulate",
                "levels/tutorial.ron",
                "--orders",
                &orders.to_string_lossy(),
            ],
            &root(),
        ),
        "did you mean `action`?",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn test_command_prints_a_summary_line() {
    let out = run(&["test", "levels/tutorial.ron"], &root());
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 passed, 0 failed"));
}

#[test]
fn generate_writes_a_level_that_checks() {
    let dir = scratch("generate");
    let file = dir.join("g.ron").to_string_lossy().to_string();
    let out = run(
        &[
            "generate",
            "--provinces",
            "200",
            "--citizens",
            "5000",
            "--polities",
            "9",
            "-o",
            &file,
        ],
        &root(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&["check", &file], &root());
    assert!(out.status.success(), "{}", text(&out));
    assert_clean_failure(
        &run(
            &[
                "generate",
                "--provinces",
                "0",
                "--citizens",
                "5",
                "-o",
                &file,
            ],
            &root(),
        ),
        "--provinces",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn balance_prints_one_json_line_per_strategy_and_draws_a_chart() {
    let dir = scratch("balance");
    let chart = dir.join("chart.svg");
    let chart_arg = chart.display().to_string();
    let out = run(
        &[
            "balance",
            "levels/tutorial.ron",
            "--seeds",
            "2",
            "--search",
            "3",
            "--json",
            "--plot",
            &chart_arg,
        ],
        &root(),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        out.stderr.is_empty(),
        "quiet in --json mode: {}",
        text(&out)
    );
    let lines = crate::json_lines(&out);
    let names: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["strategy"].as_str())
        .collect();
    for wanted in ["idle", "reform", "partition", "warden", "homogenize"] {
        assert!(names.contains(&wanted), "no {wanted} in {names:?}");
    }
    assert!(
        names.contains(&"the four moves reach the goal"),
        "the level's own orders are played too: {names:?}"
    );
    for line in &lines {
        for key in [
            "level",
            "strategy",
            "seeds",
            "legacy",
            "score",
            "world_score",
            "fragmentation",
            "victories",
            "defeats",
            "final_power",
            "final_exit",
            "late_news",
            "political_news_by_turn",
        ] {
            assert!(!line[key].is_null(), "{key} missing from {line}");
        }
        assert_eq!(line["seeds"], 2);
        for tier in ["ruler", "province", "municipal", "citizens"] {
            assert!(line["final_power"][tier].is_number(), "{line}");
        }
    }
    // Searches are ranked by legacy and carry their orders.
    let searched: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| {
            l["strategy"]
                .as_str()
                .is_some_and(|s| s.starts_with("search"))
        })
        .collect();
    assert_eq!(searched.len(), 3);
    assert_eq!(searched[0]["strategy"], "search1");
    assert!(
        searched
            .windows(2)
            .all(|w| w[0]["legacy"].as_f64() >= w[1]["legacy"].as_f64())
    );
    assert!(
        searched.iter().all(|l| l["orders"]
            .as_str()
            .is_some_and(|o| o.starts_with("Orders("))),
        "searches carry their orders as an orders file"
    );
    let svg = std::fs::read_to_string(&chart).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        svg.contains("<svg") && svg.contains("reform"),
        "not a chart"
    );
    // The same run again gives the same lines (deterministic, any cores).
    let again = run(
        &[
            "balance",
            "levels/tutorial.ron",
            "--seeds",
            "2",
            "--search",
            "3",
            "--json",
        ],
        &root(),
    );
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn balance_plays_the_chosen_strategies_and_simulate_plays_one() {
    let out = run(
        &[
            "balance",
            "levels/tutorial.ron",
            "--seeds",
            "1",
            "--turns",
            "25",
            "--strategies",
            "reform,lapse",
            "--json",
        ],
        &root(),
    );
    assert!(out.status.success(), "{}", text(&out));
    let lines = crate::json_lines(&out);
    let names: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["strategy"].as_str())
        .collect();
    assert_eq!(names, ["reform", "lapse"]);
    // `lapse` stops at turn 20: from then on, power creeps back.
    let legacy = |i: usize| lines[i]["legacy"].as_f64().unwrap_or(0.0);
    assert!(legacy(1) < legacy(0), "{lines:?}");
    // `simulate --strategy` plays the player's polity the same way.
    let turns = simulate_json(&[
        "simulate",
        "levels/tutorial.ron",
        "--turns",
        "2",
        "--strategy",
        "reform",
        "--json",
    ]);
    let homeland = &turns[2]["polities"][0];
    assert_eq!(homeland["exit"], "Open", "{homeland}");
    assert!(turns[2]["provinces"][0]["population"].is_number());
    // An unknown strategy is an error with a hint, not a crash.
    assert_clean_failure(
        &run(
            &["simulate", "levels/tutorial.ron", "--strategy", "reforn"],
            &root(),
        ),
        "did you mean `reform`?",
    );
}

#[test]
fn balance_check_fails_when_the_thesis_order_breaks() {
    let out = run(
        &["balance", "levels/tutorial.ron", "--seeds", "1", "--check"],
        &root(),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("reform"));
    // A mod that makes `reform` a strategy of repression breaks the order.
    let dir = scratch("balance-mod");
    let rules = dir.join("tyranny/rules");
    std::fs::create_dir_all(&rules).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("tyranny/mod.ron"),
        r#"Mod(id: "tyranny", name: "Tyranny", version: "1.0.0", game_version: ">=0.1, <2")"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        rules.join("patch.ron"),
        r#"RulesPatch(strategies: [(id: "reform", name: "Reform", description: "Not really.", response: Always(Repress), federation: Never, behaviours: [Repress, Homogenize])])"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dir_arg = dir.display().to_string();
    let out = run(
        &[
            "balance",
            "levels/tutorial.ron",
            "--seeds",
            "1",
            "--check",
            "--mods-dir",
            &dir_arg,
            "--mods",
            "tyranny",
        ],
        &root(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("reform"), "{}", text(&out));
    assert!(text(&out).contains("is not above idle"), "{}", text(&out));
    // A level whose goal is met on the first turn is won too early.
    let level = std::fs::read_to_string(root().join("levels/tutorial.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let start = level
        .find("    goals: [")
        .unwrap_or_else(|| panic!("goals"));
    let end = start
        + level[start..]
            .find("    ],")
            .unwrap_or_else(|| panic!("end"));
    let easy = format!(
        "{}    goals: [(metric: Population, scope: Player, at_least: 0.0, hold_for: 1)],{}",
        &level[..start],
        &level[end + "    ],".len()..]
    );
    let file = dir.join("easy.ron");
    std::fs::write(&file, easy).unwrap_or_else(|e| panic!("{e}"));
    let file_arg = file.display().to_string();
    let out = run(&["balance", &file_arg, "--seeds", "1", "--check"], &root());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("within the first quarter of 30 turns"),
        "{}",
        text(&out)
    );
}

#[test]
fn simulate_reports_structured_news() {
    let lines = crate::simulate_json(&[
        "simulate",
        "levels/city_states.ron",
        "--turns",
        "10",
        "--json",
        "--orders",
        "levels/orders/city_states_open.ron",
    ]);
    let news: Vec<&serde_json::Value> = lines
        .iter()
        .flat_map(|l| l["news"].as_array().into_iter().flatten())
        .collect();
    // Every line of the log is a record's words, and every record has a kind.
    for line in &lines {
        let texts: Vec<&serde_json::Value> = line["news"]
            .as_array()
            .map(|n| n.iter().map(|r| &r["text"]).collect())
            .unwrap_or_default();
        let log: Vec<&serde_json::Value> = line["log"]
            .as_array()
            .map(|l| l.iter().collect())
            .unwrap_or_default();
        assert_eq!(texts, log);
    }
    let of = |kind: &str| news.iter().filter(|n| n["kind"] == kind).count();
    assert!(of("Liberalized") > 0, "wardens fall as Marrow opens up");
    assert!(of("Federated") > 0, "Marrow federates");
    assert!(
        news.iter().any(|n| n["kind"] == "ProvinceMoved"
            && n["province"].is_string()
            && n["polity"].is_string()
            && n["other"].is_string()),
        "a province that changes polity names where, from whom and to whom"
    );
}

#[test]
fn the_offscreen_measurement_parses_only_with_frame_times() {
    use clap::Parser;
    use free_association::cli::{Cli, Command};
    let parse = |extra: &[&str]| {
        let mut args = vec!["free-association", "play", "levels/sysescentstan.ron"];
        args.extend_from_slice(extra);
        Cli::try_parse_from(args).map(|cli| cli.command)
    };
    assert!(matches!(
        parse(&["--frame-times", "100", "--offscreen"]),
        Ok(Some(Command::Play {
            frame_times: Some(100),
            offscreen: true,
            ..
        }))
    ));
    assert!(matches!(
        parse(&["--frame-times", "100"]),
        Ok(Some(Command::Play {
            offscreen: false,
            ..
        }))
    ));
    // Offscreen there is nothing to look at but the measurement.
    assert!(parse(&["--offscreen"]).is_err());
    assert!(parse(&["--frame-times", "9", "--offscreen", "--screenshot", "a.png"]).is_err());
}
