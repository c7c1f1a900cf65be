//! A living world (GAME.md §3). Migration as a flow (§3.5): while a markedly better home with
//! room is open to them, people keep leaving turn after turn, until
//! crowding, room and relief at home close the gap; closed exits block and
//! show it; no province fills past its capacity.

use free_association::commands::balance::{BalanceOptions, balance_level};
use free_association::level::schema::{ActionFile, OrderFile};
use free_association::level::{Level, parse_level};
use free_association::modding::Ruleset;
use free_association::sim::news::NewsKind;
use free_association::sim::rules::Rules;
use free_association::sim::simulation::Simulation;
use free_association::sim::world::BorderPolicy;

use crate::{root, shipped, shipped_names};

/// A poor, harsh state (ruler 0.85 at authority 0.85, prosperity 0.3)
/// beside a free, prosperous one with room and open entry.
fn two_states(exit: &str, rich_capacity: u32) -> Level {
    let text = format!(
        r#"Level(
    name: "Two states",
    description: "A poor harsh state beside a free prosperous one.",
    seed: 2,
    max_turns: 30,
    scale: 100,
    cultures: ["a"],
    provinces: [
        (id: "poor", name: "Poor", cells: [(0, 0), (1, 0), (0, 1), (1, 1)], capacity: 600, prosperity: 0.3, infrastructure: 0.3, population: [("a", 500)]),
        (id: "rich", name: "Rich", cells: [(2, 0), (3, 0), (2, 1), (3, 1)], capacity: {rich_capacity}, prosperity: 0.7, infrastructure: 0.5, population: [("a", 400)]),
    ],
    polities: [
        (id: "harsh", name: "Harsh", color: (0.6, 0.2, 0.2), provinces: ["poor"], ruler: (name: "Boss", authority: 0.85),
         power: (ruler: 0.85, province: 0.15, municipal: 0.0, citizens: 0.0), borders: (exit: {exit}, entry: Open), controller: Player),
        (id: "free", name: "Free", color: (0.2, 0.5, 0.3), provinces: ["rich"], ruler: (name: "Moot", authority: 0.2),
         power: (ruler: 0.2, province: 0.2, municipal: 0.4, citizens: 0.2), borders: (exit: Open, entry: Open), controller: Ai(Reformer)),
    ],
    goals: [],
)"#
    );
    parse_level("two_states.ron", &text, &root()).unwrap_or_else(|e| panic!("{e}"))
}

/// Per turn: migrants, blocked exits, the people of each province, and
/// whether the harsh state's exit was still closed.
fn play(level: &Level, turns: u32) -> Vec<(u32, u32, Vec<u32>, bool)> {
    let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&level.scenario, rules, None);
    (0..turns)
        .map(|_| {
            sim.step();
            (
                sim.stats().migrants,
                sim.stats().blocked_exits,
                sim.census().population.clone(),
                sim.player()
                    .is_some_and(|p| p.borders.exit == BorderPolicy::Closed),
            )
        })
        .collect()
}

#[test]
fn people_keep_leaving_a_worse_home_until_the_gap_closes() {
    let level = two_states("Open", 1200);
    let run = play(&level, 20);
    let start = 500;
    let left = start - run[9].2[0];
    assert!(
        left * 10 >= start,
        "only {left} of {start} left the poor state in 10 turns"
    );
    let flowing = run[..10].iter().filter(|t| t.0 > 0).count();
    assert!(
        flowing >= 3,
        "people left in {flowing} turns: a one-off, not a flow"
    );
    let peak = run.iter().map(|t| t.0).max().unwrap_or(0);
    let late: u32 = run[15..].iter().map(|t| t.0).sum();
    assert!(
        late < peak,
        "the flow goes on ({late} in the last five turns against a peak of {peak})"
    );

    // The same world with the exit closed: while it stays closed nobody
    // leaves, and the attempts show as blocked exits (until the blocked
    // bring the regime down and the people open it).
    let closed = play(&two_states("Closed", 1200), 10);
    let shut: Vec<_> = closed.iter().filter(|t| t.3).collect();
    assert!(shut.len() >= 2, "the exit opened at once");
    assert!(
        shut.iter().all(|t| t.0 == 0),
        "people left through a closed exit"
    );
    assert!(
        shut.iter().map(|t| t.1).sum::<u32>() > 0,
        "no blocked exits seen"
    );
}

#[test]
fn no_province_fills_past_its_capacity() {
    // The free state has room for 50 more agents; many more would come.
    let run = play(&two_states("Open", 450), 20);
    for (turn, (_, _, people, _)) in run.iter().enumerate() {
        assert!(
            people[1] <= 450,
            "turn {}: {} people in a province of 450",
            turn + 1,
            people[1]
        );
    }
    assert!(run.iter().any(|t| t.2[1] > 430), "the room was never used");
}

/// A harsh regime of two provinces that ignores protest, its legitimacy
/// broken by an event at turn 4, beside a free town whose entry is `entry`
/// (an Opportunist, which keeps its borders: its poorer neighbour is no
/// model).
fn a_regime_about_to_fall(entry: &str, seed: u64) -> Level {
    let text = format!(
        r#"Level(
    name: "About to fall",
    description: "A harsh regime whose legitimacy breaks.",
    seed: {seed},
    max_turns: 12,
    scale: 100,
    cultures: ["a"],
    provinces: [
        (id: "west", name: "West", cells: [(0, 0), (1, 0), (0, 1), (1, 1)], capacity: 600, prosperity: 0.2, infrastructure: 0.5, population: [("a", 300)]),
        (id: "mid", name: "Mid", cells: [(2, 0), (3, 0), (2, 1), (3, 1)], capacity: 600, prosperity: 0.2, infrastructure: 0.5, population: [("a", 250)]),
        (id: "town", name: "Town", cells: [(4, 0), (5, 0), (4, 1), (5, 1)], capacity: 900, prosperity: 0.7, infrastructure: 0.5, population: [("a", 200)]),
    ],
    polities: [
        (id: "old", name: "The Old Regime", color: (0.6, 0.2, 0.2), provinces: ["west", "mid"], ruler: (name: "Boss", authority: 0.9),
         power: (ruler: 0.9, province: 0.1, municipal: 0.0, citizens: 0.0), borders: (exit: Closed, entry: Closed), controller: Player, response: Ignore),
        (id: "free", name: "Free Town", color: (0.2, 0.5, 0.3), provinces: ["town"], ruler: (name: "Moot", authority: 0.2),
         power: (ruler: 0.2, province: 0.2, municipal: 0.4, citizens: 0.2), borders: (exit: Open, entry: {entry}), controller: Ai(Opportunist)),
    ],
    goals: [],
    on_player_fall: Continue,
    events: [(id: "crisis", trigger: Turn(4), effects: [Act(polity: "old", effects: [Legitimacy(change: -1.0)])])],
)"#
    );
    parse_level("about_to_fall.ron", &text, &root()).unwrap_or_else(|e| panic!("{e}"))
}

/// How the regime's first fall went, by the turn's news: liberal, coup or
/// secession; `None` if it did not fall in 12 turns.
fn first_fall(level: &Level) -> Option<&'static str> {
    let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&level.scenario, rules, None);
    let old = sim.polity_id("old");
    for _ in 0..12 {
        sim.step();
        for news in sim.stats().news.iter().filter(|n| n.polity == old) {
            match news.kind {
                NewsKind::Liberalized => return Some("liberal"),
                NewsKind::Coup => return Some("coup"),
                NewsKind::RegimeFell => {
                    // Its provinces' votes follow in the same turn.
                    assert!(
                        sim.stats()
                            .news
                            .iter()
                            .any(|n| n.kind == NewsKind::Seceded && n.polity == old),
                        "a regime fell apart and no province left"
                    );
                    return Some("secession");
                }
                _ => {}
            }
        }
    }
    None
}

#[test]
fn a_fall_frees_people_only_where_they_can_see_a_freer_home() {
    let tally = |entry: &str| {
        let mut counts = std::collections::BTreeMap::new();
        for seed in 1..=24 {
            let outcome = first_fall(&a_regime_about_to_fall(entry, seed))
                .unwrap_or_else(|| panic!("seed {seed}: the regime did not fall"));
            *counts.entry(outcome).or_insert(0) += 1;
        }
        counts
    };
    // The free town admits them: most falls bring a liberal constitution.
    let seen = tally("Open");
    // The free town admits no one: nobody sees a way out, and a fall
    // rarely frees anyone; coups and secessions follow instead.
    let unseen = tally("Closed");
    let liberal =
        |c: &std::collections::BTreeMap<&str, i32>| c.get("liberal").copied().unwrap_or(0);
    assert!(liberal(&seen) >= 14, "{seen:?}");
    assert!(liberal(&unseen) <= 5, "{unseen:?}");
    assert!(unseen.get("coup").copied().unwrap_or(0) >= 8, "{unseen:?}");
    assert!(
        unseen.get("secession").copied().unwrap_or(0) >= 1,
        "{unseen:?}"
    );
}

/// A harsh, poor state of one culture with no way out, answering protest
/// by `response`.
fn a_closed_state(response: &str) -> Level {
    let text = format!(
        r#"Level(
    name: "Closed",
    description: "A harsh state with no way out.",
    seed: 4,
    max_turns: 10,
    scale: 100,
    cultures: ["a"],
    provinces: [
        (id: "west", name: "West", cells: [(0, 0), (1, 0), (0, 1), (1, 1)], capacity: 600, prosperity: 0.2, infrastructure: 0.3, population: [("a", 300)]),
        (id: "east", name: "East", cells: [(2, 0), (3, 0), (2, 1), (3, 1)], capacity: 600, prosperity: 0.2, infrastructure: 0.3, population: [("a", 300)]),
    ],
    polities: [
        (id: "state", name: "The State", color: (0.6, 0.2, 0.2), provinces: ["west", "east"], ruler: (name: "Boss", authority: 0.9),
         power: (ruler: 0.9, province: 0.1, municipal: 0.0, citizens: 0.0), borders: (exit: Closed, entry: Closed), controller: Player, response: {response}),
    ],
    goals: [],
)"#
    );
    parse_level("closed.ron", &text, &root()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn repression_buys_silence_now_with_grievance_later() {
    // Per turn: protesters counted after the turn, and mean grievance.
    let run = |response: &str| -> Vec<(u32, f64)> {
        let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
        let mut sim = Simulation::new(&a_closed_state(response).scenario, rules, None);
        (0..8)
            .map(|_| {
                sim.step();
                let census = sim.census();
                let people: u32 = census.population.iter().sum();
                let grievance = census
                    .grievance
                    .iter()
                    .zip(&census.population)
                    .map(|(g, &n)| g * f64::from(n))
                    .sum::<f64>()
                    / f64::from(people.max(1));
                (census.protesters.iter().sum(), grievance)
            })
            .collect()
    };
    let ignored = run("Ignore");
    let repressed = run("Repress");
    assert!(
        ignored.iter().any(|t| t.0 > 0),
        "nobody protested: {ignored:?}"
    );
    for (turn, (i, r)) in ignored.iter().zip(&repressed).enumerate() {
        if i.0 > 0 {
            assert_eq!(r.0, 0, "turn {}: repression did not silence", turn + 1);
        }
    }
    let (last_i, last_r) = (ignored[7].1, repressed[7].1);
    assert!(
        last_r > last_i,
        "grievance under repression {last_r} not above {last_i}"
    );
}

/// The late game matters (GAME.md §3: the world must not freeze): on every
/// shipped level, played 40 turns over 3 seeds by the balance harness,
/// political news keeps coming after turn 20 whether the player reforms or
/// does nothing, and a player who plays as `reform` does until turn 20 and
/// then stops (`lapse`) ends with a lower legacy than one who keeps
/// playing. No strategy, and none of the level's own orders, wins before
/// turn 12.
#[test]
fn the_late_game_matters_on_every_shipped_level() {
    let ruleset = Ruleset::base().unwrap_or_else(|e| panic!("{e}"));
    let options = BalanceOptions {
        seeds: 3,
        turns: Some(40),
        ..BalanceOptions::default()
    };
    for name in shipped_names() {
        let level = shipped(&name);
        let (turns, rows) = balance_level(&level, &ruleset, &options);
        assert_eq!(turns, 40);
        let row = |id: &str| {
            rows.iter()
                .find(|r| r.strategy.name == id)
                .unwrap_or_else(|| panic!("{name}: no {id}"))
        };
        for id in ["reform", "idle"] {
            // Political news of turns 21..40, summed over the mean of seeds.
            let late: f64 = row(id).political_news[20..].iter().sum();
            assert!(
                late >= 1.0,
                "{name}: {id} has {late} political news after turn 20"
            );
        }
        let (reform, lapse) = (row("reform").legacy, row("lapse").legacy);
        assert!(
            lapse + 0.005 < reform,
            "{name}: stopping at turn 20 ({lapse:.3}) is not below playing on ({reform:.3})"
        );
        for r in &rows {
            assert!(
                r.first_victory.is_none_or(|t| t >= 12),
                "{name}: {} wins at turn {:?}",
                r.strategy.name,
                r.first_victory
            );
        }
    }
}

/// A warden of two provinces (the Keep, the Wall) beside a small free
/// hamlet, itself beside a larger free town; a second warden (the Tower)
/// beside the town. Cultures are mixed in the wardens' lands.
fn a_warden_next_door() -> Level {
    let text = r#"Level(
    name: "Next door",
    description: "Wardens beside small free places.",
    seed: 4,
    max_turns: 20,
    scale: 100,
    cultures: ["a", "b"],
    provinces: [
        (id: "keep", name: "Keep", cells: [(0, 0), (1, 0), (0, 1), (1, 1)], capacity: 500, prosperity: 0.4, infrastructure: 0.2, population: [("a", 250), ("b", 50)]),
        (id: "wall", name: "Wall", cells: [(0, 2), (1, 2), (0, 3), (1, 3)], capacity: 500, prosperity: 0.4, infrastructure: 0.2, population: [("b", 200), ("a", 100)]),
        (id: "hamlet", name: "Hamlet", cells: [(2, 0), (3, 0), (2, 1), (3, 1)], capacity: 300, prosperity: 0.5, infrastructure: 0.3, population: [("a", 100)]),
        (id: "town", name: "Town", cells: [(4, 0), (5, 0), (4, 1), (5, 1)], capacity: 600, prosperity: 0.6, infrastructure: 0.3, population: [("a", 400)]),
        (id: "tower", name: "Tower", cells: [(4, 2), (5, 2), (4, 3), (5, 3)], capacity: 500, prosperity: 0.4, infrastructure: 0.2, population: [("b", 300)]),
    ],
    polities: [
        (id: "warden", name: "The Keep", color: (0.5, 0.2, 0.2), provinces: ["keep", "wall"], ruler: (name: "Keeper", authority: 0.9),
         power: (ruler: 0.9, province: 0.1, municipal: 0.0, citizens: 0.0), borders: (exit: Closed, entry: Closed), controller: Ai(Warden), legitimacy: 1.0),
        (id: "hamlet_town", name: "Hamlet", color: (0.3, 0.6, 0.3), provinces: ["hamlet"], ruler: (name: "Moot", authority: 0.2),
         power: (ruler: 0.2, province: 0.2, municipal: 0.4, citizens: 0.2), borders: (exit: Open, entry: Open), controller: Player),
        (id: "free_town", name: "Town", color: (0.3, 0.5, 0.6), provinces: ["town"], ruler: (name: "Council", authority: 0.2),
         power: (ruler: 0.2, province: 0.2, municipal: 0.4, citizens: 0.2), borders: (exit: Open, entry: Open), controller: Ai(Reformer)),
        (id: "tower_state", name: "The Tower", color: (0.4, 0.3, 0.3), provinces: ["tower"], ruler: (name: "Warder", authority: 0.9),
         power: (ruler: 0.9, province: 0.1, municipal: 0.0, citizens: 0.0), borders: (exit: Closed, entry: Closed), controller: Ai(Warden), legitimacy: 1.0),
    ],
    goals: [],
    on_player_fall: Continue,
)"#;
    parse_level("next_door.ron", text, &root()).unwrap_or_else(|e| panic!("{e}"))
}

/// Plays `turns` turns after the given orders (which may command any
/// polity); the news of every turn.
fn news_of(level: &Level, orders: Vec<OrderFile>, turns: u32) -> (Simulation, Vec<Vec<NewsKind>>) {
    let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&level.scenario, rules, None);
    sim.queue_for_any(orders);
    let news = (0..turns)
        .map(|_| {
            sim.step();
            sim.stats().news.iter().map(|n| n.kind).collect()
        })
        .collect();
    (sim, news)
}

#[test]
fn a_warden_annexes_the_weak_unless_a_federation_protects_them() {
    let level = a_warden_next_door();
    // The hamlet (100 people) is weak beside the Keep (150 a province on
    // average): at turn 2 the warden takes it, and its people are coerced.
    let (alone, news) = news_of(&level, Vec::new(), 4);
    assert!(news[1].contains(&NewsKind::Annexed), "{news:?}");
    let warden = alone.polity_id("warden");
    let hamlet = alone
        .provinces()
        .into_iter()
        .find(|p| p.key == "hamlet")
        .map(|p| p.owner);
    assert_eq!(hamlet, warden);
    assert!(
        alone.census().coerced[2] >= 90,
        "{:?}",
        alone.census().coerced
    );
    // The same world where the hamlet federated with the town at turn 1:
    // no annexation, and nobody coerced.
    let federated = vec![OrderFile {
        turn: 1,
        polity: "hamlet_town".into(),
        action: ActionFile::ProposeFederation {
            with: "free_town".into(),
        },
    }];
    let (protected, news) = news_of(&level, federated, 4);
    assert!(news[0].contains(&NewsKind::Federated), "{news:?}");
    assert!(
        news.iter().flatten().all(|k| *k != NewsKind::Annexed),
        "{news:?}"
    );
    assert_eq!(protected.census().coerced[2], 0);
}

#[test]
fn threatened_towns_federate_and_wardens_ally_against_open_borders() {
    let level = a_warden_next_door();
    let (sim, news) = news_of(&level, Vec::new(), 8);
    let fed = sim.federations();
    let members = |key: &str| {
        let id = sim.polity_id(key);
        fed.list
            .iter()
            .find(|f| id.is_some_and(|k| f.members.contains(&k)))
            .map(|f| f.members.len())
    };
    // The Tower borders the free town (open) and the Keep borders the
    // hamlet: the wardens allied (every fourth turn they propose, and a
    // warden accepts a warden).
    assert!(news[3].contains(&NewsKind::Federated), "{news:?}");
    assert_eq!(
        members("warden"),
        members("tower_state"),
        "the wardens are allies"
    );
    assert!(
        sim.polities()
            .iter()
            .find(|p| p.key == "warden")
            .and_then(|w| w.federation)
            == sim
                .polities()
                .iter()
                .find(|p| p.key == "tower_state")
                .and_then(|t| t.federation)
    );
    // The free town, threatened by an annexer next door, proposed a
    // federation to the hamlet (the player's, which has not answered).
    assert!(
        sim.order_log()
            .records
            .iter()
            .any(|r| r.polity == "free_town" && r.action.contains("ProposeFederation")),
        "the threatened town offered a federation"
    );
}

#[test]
fn a_warden_leaves_its_alliance_when_an_ally_liberalizes() {
    // The same world, where at turn 6 the Tower's ruler loses his grip
    // and its borders open.
    let level = a_warden_next_door();
    let mut scenario = level.scenario.clone();
    let tower = scenario
        .polities
        .iter()
        .position(|p| p.key == "tower_state")
        .map(|i| free_association::sim::ids::PolityId(i as u32))
        .unwrap_or_else(|| panic!("no tower"));
    scenario
        .events
        .push(free_association::sim::scenario::EventSpec {
            key: "thaw".into(),
            trigger: free_association::sim::scenario::Trigger::Turn(6),
            effects: vec![free_association::sim::scenario::EventEffect::Act(
                tower,
                None,
                vec![
                    free_association::sim::effect::Effect::SetBorders {
                        exit: BorderPolicy::Open,
                        entry: BorderPolicy::Open,
                    },
                    free_association::sim::effect::Effect::Authority { change: -0.8 },
                ],
            )],
            once: true,
        });
    let rules = Rules::base().unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&scenario, rules, None);
    let allied = |sim: &Simulation| {
        let of = |key: &str| {
            sim.polities()
                .iter()
                .find(|p| p.key == key)
                .and_then(|p| p.federation)
        };
        of("warden").is_some() && of("warden") == of("tower_state")
    };
    for _ in 0..6 {
        sim.step();
    }
    assert!(allied(&sim), "the wardens allied by turn 6");
    sim.step();
    assert!(!allied(&sim), "the Keep left its liberalized ally");
    assert!(
        sim.stats()
            .news
            .iter()
            .any(|n| n.kind == NewsKind::LeftFederation),
        "{:?}",
        sim.stats().news
    );
}
