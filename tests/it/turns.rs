//! Driving turns of a headless app: phases run in order, orders are applied
//! or refused with a reason, history grows, the game ends.

use free_association::commands::report::report;
use free_association::level::schema::{ActionFile, Metric, OrderFile, ScopeFile};
use free_association::level::scope::measure;
use free_association::sim::outcome::GameState;
use free_association::sim::rules::Rules;
use free_association::sim::simulation::Simulation;
use free_association::sim::world::{BorderPolicy, Polity, Tier};

use crate::simulation;

fn order(turn: u32, polity: &str, action: ActionFile) -> OrderFile {
    OrderFile {
        turn,
        polity: polity.into(),
        action,
    }
}

#[test]
fn loading_scores_turn_zero_and_each_turn_appends_history() {
    let mut sim = simulation("sysescentstan.ron");
    assert_eq!(sim.turn(), 0);
    assert_eq!(sim.history().len(), 1);
    for _ in 0..3 {
        sim.step();
    }
    let history = sim.history();
    assert_eq!(
        history.iter().map(|e| e.turn).collect::<Vec<_>>(),
        vec![0, 1, 2, 3]
    );
}

#[test]
fn refused_orders_say_why_and_change_nothing() {
    // The same turn with no orders: what the world does by itself (power
    // creeps, legitimacy moves) is not the orders' doing.
    let mut idle = simulation("sysescentstan.ron");
    idle.step();
    let before: Vec<Polity> = idle.polities().into_iter().cloned().collect();
    let mut sim = simulation("sysescentstan.ron");
    sim.queue([
        order(1, "atlantis", ActionFile::Repress),
        order(
            1,
            "beingstonia_state",
            ActionFile::Invest {
                province: "bahavia".into(),
            },
        ),
        order(
            1,
            "beingstonia_state",
            ActionFile::Devolve {
                from: Tier::Municipal,
                to: Tier::Ruler,
                amount: 0.1,
            },
        ),
        order(
            1,
            "beingstonia_state",
            ActionFile::Devolve {
                from: Tier::Ruler,
                to: Tier::Municipal,
                amount: 0.9,
            },
        ),
        order(
            1,
            "beingstonia_state",
            ActionFile::GrantIndependence {
                province: "beingstonai".into(),
            },
        ),
        order(
            1,
            "beingstonia_state",
            ActionFile::Action {
                id: "build_wall".into(),
                target: None,
            },
        ),
    ]);
    sim.step();
    let log = sim.order_log();
    let reasons: Vec<&str> = log
        .refused(1)
        .filter(|(r, _)| !r.ai)
        .map(|(_, why)| why)
        .collect();
    assert_eq!(reasons.len(), 6, "{reasons:?}");
    assert!(reasons[0].contains("no polity `atlantis`"));
    assert!(reasons[1].contains("does not belong"));
    assert!(reasons[2].contains("not below"));
    assert!(reasons[3].contains("political capital"));
    assert!(reasons[4].contains("did you mean `beingstonia`"));
    assert!(reasons[5].contains("unknown action `build_wall`"));
    let after: Vec<Polity> = sim.polities().into_iter().cloned().collect();
    let player = |list: &[Polity]| {
        list.iter()
            .find(|p| p.key == "beingstonia_state")
            .map(|p| (p.power, p.borders))
            .unwrap_or_else(|| panic!("no player"))
    };
    assert_eq!(
        player(&before),
        player(&after),
        "a refused order must not half-apply"
    );
}

#[test]
fn applied_orders_change_the_polity() {
    // Without creep, so that the constitution is the orders' alone.
    let mut rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
    rules.authority.creep = 0.0;
    let mut sim = Simulation::new(&crate::shipped("sysescentstan.ron").scenario, rules, None);
    sim.queue([
        order(
            1,
            "beingstonia_state",
            ActionFile::SetBorders {
                exit: BorderPolicy::Open,
                entry: BorderPolicy::Open,
            },
        ),
        order(
            1,
            "beingstonia_state",
            ActionFile::Devolve {
                from: Tier::Ruler,
                to: Tier::Municipal,
                amount: 0.2,
            },
        ),
    ]);
    let before = measure(&sim, Metric::Score, &ScopeFile::Player).unwrap_or_default();
    sim.step();
    let p = sim
        .polities()
        .into_iter()
        .find(|p| p.key == "beingstonia_state")
        .cloned()
        .unwrap_or_else(|| panic!("no player"));
    assert_eq!(p.borders.exit, BorderPolicy::Open);
    // A constitution moves by at most `max_step` (0.15) a turn: the rest
    // of the devolution is pending, and moves next turn.
    assert!((p.power.ruler - 0.75).abs() < 1e-9, "{:?}", p.power);
    assert_eq!(p.pending.len(), 1);
    assert!(
        sim.stats()
            .lines()
            .any(|l| l.contains("0.05 more over the next turns")),
        "{:?}",
        sim.stats().news
    );
    let after = measure(&sim, Metric::Score, &ScopeFile::Player).unwrap_or_default();
    assert!(
        after > before,
        "reform raised the player's score: {before} -> {after}"
    );
    sim.step();
    let p = sim
        .polities()
        .into_iter()
        .find(|p| p.key == "beingstonia_state")
        .cloned()
        .unwrap_or_else(|| panic!("no player"));
    assert!((p.power.ruler - 0.7).abs() < 1e-9, "{:?}", p.power);
    assert!(p.pending.is_empty());
}

#[test]
fn granting_independence_founds_a_copy() {
    let mut sim = simulation("sysescentstan_unified.ron");
    sim.queue([order(
        1,
        "sysescentstan",
        ActionFile::GrantIndependence {
            province: "sourisia".into(),
        },
    )]);
    sim.step();
    let polities = sim.polities();
    let new = polities
        .iter()
        .find(|p| p.key == "sourisia_state")
        .unwrap_or_else(|| panic!("no new polity"));
    let old = polities
        .iter()
        .find(|p| p.key == "sysescentstan")
        .unwrap_or_else(|| panic!("no old polity"));
    assert_eq!(
        new.power, old.power,
        "the fragmentation trap: a copy of the constitution"
    );
    assert_eq!(new.borders, old.borders);
    let provinces = sim.provinces();
    assert!(
        provinces
            .iter()
            .any(|p| p.key == "sourisia" && p.owner == new.id)
    );
}

#[test]
fn the_game_ends_with_a_victory_when_goals_are_met() {
    let mut sim = simulation("tutorial.ron");
    sim.queue(
        crate::tutorial_win()
            .into_iter()
            .map(|(t, a)| order(t, "homeland", a)),
    );
    for _ in 0..20 {
        sim.step();
    }
    let state = &sim.outcome().state;
    assert!(matches!(state, GameState::Victory { .. }), "{state:?}");
}

#[test]
fn the_game_ends_with_a_defeat_when_a_deadline_passes() {
    // A goal out of reach by turn 8, in a quiet world whose regime holds.
    let text = r#"Level(
    name: "Deadline",
    description: "A goal out of reach.",
    seed: 3,
    max_turns: 20,
    scale: 100,
    cultures: ["a"],
    provinces: [
        (id: "north", name: "North", cells: [(0, 0), (1, 0), (0, 1), (1, 1)], capacity: 300, prosperity: 0.5, infrastructure: 0.4, population: [("a", 200)]),
        (id: "south", name: "South", cells: [(0, 2), (1, 2), (0, 3), (1, 3)], capacity: 300, prosperity: 0.5, infrastructure: 0.4, population: [("a", 200)]),
    ],
    polities: [
        (id: "me", name: "Me", color: (0.2, 0.4, 0.6), provinces: ["north", "south"], ruler: (name: "You", authority: 0.8),
         power: (ruler: 0.8, province: 0.2, municipal: 0.0, citizens: 0.0), borders: (exit: Closed, entry: Closed), controller: Player),
    ],
    goals: [(metric: Score, scope: Player, at_least: 0.9, by_turn: 8)],
)"#;
    let level = free_association::level::parse_level("deadline.ron", text, &crate::root())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(
        &level.scenario,
        Rules::base().unwrap_or_else(|e| panic!("{e}")),
        None,
    );
    for _ in 0..7 {
        sim.step();
    }
    assert_eq!(sim.outcome().state, GameState::Playing);
    sim.step();
    let state = &sim.outcome().state;
    assert!(
        matches!(state, GameState::Defeat { turn: 8, .. }),
        "{state:?}"
    );
}

#[test]
fn a_province_condition_fires_an_event() {
    let mut sim = simulation("tutorial.ron");
    let mut fired_on = None;
    for _ in 0..12 {
        sim.step();
        if fired_on.is_none() && report(&sim)["log"].to_string().contains("Mill is restless") {
            fired_on = Some(sim.turn());
        }
    }
    let turn = fired_on.unwrap_or_else(|| panic!("the unrest event never fired"));
    // It fires once grievance has built up, not on the first turn.
    assert!(turn > 1, "fired on turn {turn}");
}

#[test]
fn an_event_applies_effects_of_the_actions_set() {
    let mut sim = simulation("sysescentstan_unified.ron");
    let mut fired = false;
    for _ in 0..40 {
        sim.step();
        fired |= report(&sim)["log"]
            .to_string()
            .contains("Town councils form");
        if fired {
            break;
        }
    }
    assert!(
        fired,
        "the councils event fires once the ruler's legitimacy is low"
    );
    let ruler = sim
        .polities()
        .into_iter()
        .find(|p| p.key == "sysescentstan")
        .map(|p| p.power.ruler)
        .unwrap_or(1.0);
    assert!(
        ruler < 0.95,
        "its Act effect moved power down: ruler share {ruler}"
    );
}

#[test]
fn triggers_combine_turns_earlier_events_and_conditions() {
    use free_association::sim::news::NewsKind;
    let text = std::fs::read_to_string(crate::root().join("levels/tutorial.ron"))
        .unwrap_or_else(|e| panic!("{e}"));
    let events = r#"events: [
        (id: "a", trigger: FromTurn(3), effects: [Message("A")], once: false),
        (id: "b", trigger: Fired("a"), effects: [Message("B")]),
        (id: "c", trigger: All([Not(FromTurn(2)), Any([Turn(1), Turn(9)])]), effects: [Message("C")], once: false),
        (id: "d", trigger: All([Chance(1.0), Chance(0.0)]), effects: [Message("D")], once: false),
        (id: "e", trigger: Any([Chance(0.0), Chance(1.0)]), effects: [Message("E")]),
"#;
    let text = text.replacen("events: [", events, 1);
    let level = free_association::level::parse_level("t.ron", &text, &crate::root())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(
        &level.scenario,
        Rules::base().unwrap_or_else(|e| panic!("{e}")),
        None,
    );
    let mut fired: Vec<(u32, String)> = Vec::new();
    for _ in 0..10 {
        sim.step();
        for news in &sim.stats().news {
            if news.kind == NewsKind::Message && news.text.len() == 1 {
                fired.push((sim.turn(), news.text.clone()));
            }
        }
    }
    let turns =
        |name: &str| -> Vec<u32> { fired.iter().filter(|f| f.1 == name).map(|f| f.0).collect() };
    assert_eq!(turns("A"), (3..=10).collect::<Vec<_>>(), "from turn 3 on");
    assert_eq!(turns("B"), vec![4], "the turn after `a` first fired, once");
    assert_eq!(turns("C"), vec![1], "turn 1 or 9, and before turn 2");
    assert!(turns("D").is_empty(), "both chances must hold");
    assert_eq!(turns("E"), vec![1], "either chance may hold");
}
