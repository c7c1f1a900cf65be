//! Randomized testing (`proptest`): random valid worlds — provinces,
//! polities with random constitutions, authority, borders and charters,
//! cultures — played with random orders of any polity, checking every
//! turn what must always hold; and the scoring properties 1–5 of GAME.md §4
//! over random scoring inputs, not only the worked example.
//!
//! `FA_LONG=1 cargo test random_worlds` plays 10,000 worlds (and 10,000
//! inputs a scoring property) instead of a few dozen.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use free_association::level::generate::{GenerateOptions, generate};
use free_association::level::schema::{ActionFile, LevelFile, OrderFile};
use free_association::level::{decode, parse_level};
use free_association::sim::ids::{PolityId, ProvinceId};
use free_association::sim::rules::{Rules, ScoringRules};
use free_association::sim::scoring::model::{
    Metrics, OriginTally, PolityInput, ProvinceInput, ScoringInput, intensity, moving_cost, room,
    score, theil_index,
};
use free_association::sim::simulation::Simulation;
use free_association::sim::world::{BorderPolicy, Borders, Power, Response, Tier};

/// Cases a property runs: a few dozen drawn from a fixed seed (the same
/// in every run, so CI never flickers), or 10,000 from a fresh seed in the
/// long mode.
fn cases(quick: u32) -> Config {
    let long = std::env::var_os("FA_LONG").is_some();
    Config {
        cases: if long { 10_000 } else { quick },
        max_global_rejects: 1_000_000,
        failure_persistence: None,
        rng_seed: if long {
            RngSeed::Random
        } else {
            RngSeed::Fixed(0x00fa_5eed)
        },
        ..Config::default()
    }
}

fn rules() -> Rules {
    Rules::base().unwrap_or_else(|e| panic!("{e}"))
}

fn scoring_rules() -> ScoringRules {
    rules().scoring
}

const BORDERS: [BorderPolicy; 3] = [
    BorderPolicy::Open,
    BorderPolicy::Permit,
    BorderPolicy::Closed,
];

/// Four shares that sum to 1, from four weights.
fn shares(w: [f64; 4]) -> Power {
    let w = w.map(|x| x + 0.01);
    let total: f64 = w.iter().sum();
    Power {
        ruler: w[0] / total,
        province: w[1] / total,
        municipal: w[2] / total,
        citizens: 1.0 - (w[0] + w[1] + w[2]) / total,
    }
}

// ----- The running game -----

/// A polity's random constitution: shares, authority, exit, entry,
/// commune charter.
type Constitution = ([f64; 4], f64, usize, usize, f64);

/// A random order: turn, polity, kind, a number and a pick.
type RandomOrder = (u32, usize, u32, f64, usize);

/// A world: provinces, agents, polities, seed, the polities'
/// constitutions, and orders.
#[derive(Clone, Debug)]
struct World {
    provinces: u32,
    agents: u64,
    polities: u32,
    seed: u64,
    constitutions: Vec<Constitution>,
    orders: Vec<RandomOrder>,
}

fn world() -> impl Strategy<Value = World> {
    let constitution = (
        prop::array::uniform4(0.0..1.0f64),
        0.0..1.0f64,
        0usize..3,
        0usize..3,
        0.0..1.0f64,
    );
    let order = (1u32..=TURNS, 0usize..6, 0u32..12, 0.0..1.0f64, 0usize..64);
    (
        2u32..14,
        20u64..300,
        1u32..6,
        any::<u64>(),
        prop::collection::vec(constitution, 6),
        prop::collection::vec(order, 0..16),
    )
        .prop_map(
            |(provinces, agents, polities, seed, constitutions, orders)| World {
                provinces,
                agents,
                polities,
                seed,
                constitutions,
                orders,
            },
        )
}

/// Turns each world is played.
const TURNS: u32 = 8;

/// The level of a random world: a generated map, its polities given the
/// random constitutions.
fn level_of(w: &World) -> (LevelFile, free_association::level::Level) {
    let text = generate(GenerateOptions {
        provinces: w.provinces,
        citizens: w.agents,
        polities: w.polities,
        seed: w.seed,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let mut file: LevelFile = decode("random.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    for (polity, &(weights, authority, exit, entry, charter)) in
        file.polities.iter_mut().zip(&w.constitutions)
    {
        polity.power = shares(weights);
        polity.ruler.authority = authority;
        polity.borders = Borders {
            exit: BORDERS[exit],
            entry: BORDERS[entry],
        };
        polity.commune_charter = charter;
    }
    let text = ron::ser::to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    let level = parse_level("random.ron", &text, std::path::Path::new("."))
        .unwrap_or_else(|e| panic!("a random world does not load: {e}\n{text}"));
    (file, level)
}

/// The random orders as orders of the level's polities and provinces.
fn orders_of(w: &World, file: &LevelFile) -> Vec<OrderFile> {
    let lower = [Tier::Province, Tier::Municipal, Tier::Citizens];
    let pick = |list: &[String], i: usize| list[i % list.len()].clone();
    let polities: Vec<String> = file.polities.iter().map(|p| p.id.clone()).collect();
    let provinces: Vec<String> = file.provinces.iter().map(|p| p.id.clone()).collect();
    w.orders
        .iter()
        .map(|&(turn, polity, kind, x, i)| {
            let amount = 0.05 + 0.3 * x;
            let action = match kind {
                0 | 1 => ActionFile::Devolve {
                    from: Tier::Ruler,
                    to: lower[i % 3],
                    amount,
                },
                2 => ActionFile::Centralize {
                    from: lower[i % 3],
                    to: Tier::Ruler,
                    amount,
                },
                3 => ActionFile::SetBorders {
                    exit: BORDERS[i % 3],
                    entry: BORDERS[(i / 3) % 3],
                },
                4 => ActionFile::CharterCommunes { autonomy: x },
                5 => ActionFile::Invest {
                    province: pick(&provinces, i),
                },
                6 => ActionFile::GrantIndependence {
                    province: pick(&provinces, i),
                },
                7 => ActionFile::Repress,
                8 => ActionFile::Homogenize {
                    culture: pick(&file.cultures, i),
                },
                9 => ActionFile::SetResponse {
                    response: [Response::Listen, Response::Repress, Response::Ignore][i % 3],
                },
                10 => ActionFile::ProposeFederation {
                    with: pick(&polities, i),
                },
                _ => ActionFile::Annex {
                    province: pick(&provinces, i),
                },
            };
            OrderFile {
                turn,
                polity: pick(&polities, polity),
                action,
            }
        })
        .collect()
}

/// Every term of a scope in [0, 1].
fn check_metrics(what: &str, m: &Metrics) -> Result<(), TestCaseError> {
    for (name, value) in [
        ("score", m.score),
        ("domination", m.domination),
        ("power exposure", m.power_exposure),
        ("exit option", m.exit_option),
        ("exit discipline", m.exit_discipline),
        ("forced sorting", m.forced_sorting),
        ("voluntariness", m.voluntariness),
        ("equality", m.equality),
    ] {
        prop_assert!((0.0..=1.0).contains(&value), "{what}: {name} = {value}");
    }
    Ok(())
}

/// What must hold after every turn: no citizen lost or duplicated, every
/// home a province, every term in [0, 1], every constitution's shares
/// summing to 1.
fn check_turn(sim: &Simulation, ids: &BTreeSet<u32>) -> Result<(), TestCaseError> {
    let turn = sim.turn();
    let provinces = sim.provinces().len();
    let mut now = BTreeSet::new();
    for citizen in sim.citizens() {
        prop_assert!(
            citizen.home.index() < provinces,
            "turn {turn}: a citizen lives nowhere"
        );
        prop_assert!(
            now.insert(citizen.id.0),
            "turn {turn}: citizen {} twice",
            citizen.id.0
        );
    }
    prop_assert_eq!(&now, ids, "turn {}: citizens lost or made", turn);
    let counted: u64 = sim.census().population.iter().map(|&n| u64::from(n)).sum();
    prop_assert_eq!(counted, ids.len() as u64, "turn {}: the census", turn);
    let scores = sim.scores();
    check_metrics("world", &scores.world.metrics)?;
    prop_assert!(
        (0.0..=1.0).contains(&scores.world.legacy),
        "legacy {}",
        scores.world.legacy
    );
    for polity in &scores.polities {
        check_metrics(&format!("polity {:?}", polity.id), &polity.metrics)?;
    }
    for province in &scores.provinces {
        for (name, value) in [
            ("domination", province.domination),
            ("exit option", province.exit_option),
            ("exit discipline", province.exit_discipline),
            ("equality", province.equality),
        ] {
            prop_assert!(
                (0.0..=1.0).contains(&value),
                "province {:?}: {name} = {value}",
                province.id
            );
        }
    }
    for polity in sim.polities().iter().filter(|p| !p.dissolved) {
        let s = polity.power;
        let parts = [s.ruler, s.province, s.municipal, s.citizens];
        prop_assert!(parts.iter().all(|x| (0.0..=1.0).contains(x)), "{:?}", s);
        prop_assert!(
            (parts.iter().sum::<f64>() - 1.0).abs() < 1e-9,
            "shares {:?}",
            s
        );
        prop_assert!((0.0..=1.0).contains(&polity.ruler.authority));
        prop_assert!((0.0..=1.0).contains(&polity.legitimacy));
        prop_assert!((0.0..=1.0).contains(&polity.commune_charter));
    }
    Ok(())
}

/// Plays a world, checking every turn; the state hashes of its turns.
fn play(w: &World) -> Result<Vec<u64>, TestCaseError> {
    let (file, level) = level_of(w);
    let mut sim = Simulation::new(&level.scenario, rules(), None);
    sim.queue_for_any(orders_of(w, &file));
    let ids: BTreeSet<u32> = sim.citizens().map(|c| c.id.0).collect();
    prop_assert_eq!(ids.len() as u64, w.agents);
    check_turn(&sim, &ids)?;
    let mut hashes = vec![sim.state_hash()];
    for _ in 0..TURNS {
        sim.step();
        check_turn(&sim, &ids)?;
        hashes.push(sim.state_hash());
    }
    Ok(hashes)
}

proptest! {
    #![proptest_config(cases(24))]

    #[test]
    fn random_worlds_keep_every_invariant_and_replay_exactly(w in world()) {
        let first = play(&w)?;
        let again = play(&w)?;
        prop_assert_eq!(first, again, "two runs of one world differ");
    }
}

// ----- Scoring over random inputs -----

/// A random scoring input: polities (shares, authority, exit, charter) and
/// provinces (polity, people as a power of ten from 2, majority share, commune
/// fractions, infrastructure, spare capacity); every province of another
/// polity is a destination one hop away.
#[derive(Clone, Debug)]
struct Input {
    polities: Vec<([f64; 4], f64, usize, f64)>,
    provinces: Vec<(usize, f64, f64, Vec<f64>, f64, f64)>,
}

fn input() -> impl Strategy<Value = Input> {
    let polity = (
        prop::array::uniform4(0.0..1.0f64),
        0.05..0.95f64,
        0usize..3,
        0.0..1.0f64,
    );
    let province = (
        0usize..4,
        // 100 people to 3 million: below about ten people a province's
        // office holders outnumber its people (docs/scoring.md).
        2.0..6.5f64,
        0.5..1.0f64,
        prop::collection::vec(0.0..0.3f64, 0..3),
        0.0..1.0f64,
        0.0..1.0f64,
    );
    (
        prop::collection::vec(polity, 1..5),
        prop::collection::vec(province, 1..9),
    )
        .prop_map(|(polities, provinces)| Input {
            polities,
            provinces,
        })
}

fn build(input: &Input) -> ScoringInput {
    let polities: Vec<PolityInput> = input
        .polities
        .iter()
        .enumerate()
        .map(|(i, &(weights, authority, exit, charter))| PolityInput {
            id: PolityId(i as u32),
            authority,
            power: shares(weights),
            exit: BORDERS[exit],
            commune_charter: charter,
            federation: None,
        })
        .collect();
    let owners: Vec<usize> = input
        .provinces
        .iter()
        .map(|p| p.0 % polities.len())
        .collect();
    let provinces = input
        .provinces
        .iter()
        .enumerate()
        .map(
            |(i, (_, size, majority, communes, infrastructure, spare))| {
                let people = 10f64.powf(*size).round().max(1.0);
                let owner = owners[i];
                let communes: Vec<f64> = communes.iter().map(|f| (f * people).floor()).collect();
                let members: f64 = communes.iter().sum();
                ProvinceInput {
                    id: ProvinceId(i as u32),
                    polity: owner,
                    infrastructure: *infrastructure,
                    capacity: (people * (1.2 + spare)).ceil(),
                    culture_people: vec![people * majority, people * (1.0 - majority)],
                    coerced: 0.0,
                    communes,
                    destinations: (0..owners.len())
                        .filter(|&j| owners[j] != owner)
                        .map(|j| (j, 1))
                        .collect(),
                    initial_owner: PolityId(owner as u32),
                    origins: vec![OriginTally {
                        polity: PolityId(owner as u32),
                        people,
                        coerced: 0.0,
                        members,
                    }],
                }
            },
        )
        .collect();
    ScoringInput {
        polities,
        provinces,
    }
}

fn s(input: &ScoringInput) -> f64 {
    score(input, &scoring_rules()).world.metrics.score
}

/// The same world with every province its own polity, of its old
/// polity's constitution, authority and borders.
fn split(input: &ScoringInput) -> ScoringInput {
    let mut split = input.clone();
    split.polities = input
        .provinces
        .iter()
        .enumerate()
        .map(|(i, p)| PolityInput {
            id: PolityId(i as u32),
            ..input.polities[p.polity].clone()
        })
        .collect();
    for (i, p) in split.provinces.iter_mut().enumerate() {
        p.polity = i;
        p.destinations = (0..input.provinces.len())
            .filter(|&j| j != i)
            .map(|j| (j, 1))
            .collect();
    }
    split
}

proptest! {
    #![proptest_config(cases(256))]

    /// Property 1: splitting polities with exit closed raises `F`, lowers
    /// no one's power exposure and never raises `S`.
    #[test]
    fn property_1_fragmentation_earns_nothing(raw in input()) {
        let mut whole = build(&raw);
        for polity in &mut whole.polities {
            polity.exit = BorderPolicy::Closed;
        }
        let parts = split(&whole);
        let r = scoring_rules();
        let (before, after) = (score(&whole, &r), score(&parts, &r));
        prop_assert!(after.world.metrics.score <= before.world.metrics.score + 1e-12,
            "S {} -> {}", before.world.metrics.score, after.world.metrics.score);
        prop_assert!(after.world.fragmentation >= before.world.fragmentation - 1e-12);
        for (b, a) in before.provinces.iter().zip(&after.provinces) {
            prop_assert!(a.power_exposure >= b.power_exposure - 1e-12,
                "province {:?}: P {} -> {}", b.id, b.power_exposure, a.power_exposure);
        }
    }

    /// Property 2: at equal α, a smaller jurisdiction dominates at least
    /// as much.
    #[test]
    fn property_2_the_intimate_warden(alpha in 0.0..1.0f64, a in 0.0..9.0f64, b in 0.0..9.0f64) {
        let lambda = scoring_rules().lambda;
        let (small, large) = (10f64.powf(a.min(b)), 10f64.powf(a.max(b)));
        prop_assert!(intensity(alpha, small, lambda) >= intensity(alpha, large, lambda) - 1e-15);
    }

    /// Property 3: moving share from the ruler to a lower tier that bears
    /// less heavily (lower intensity δ over the people it governs: a lower
    /// α, less the intimacy a smaller jurisdiction adds, property 2)
    /// raises `S`.
    #[test]
    fn property_3_devolution_pays(raw in input(), k in 0usize..4, to in 0usize..3, amount in 0.02..0.3f64) {
        let before = build(&raw);
        let k = k % before.polities.len();
        let r = scoring_rules();
        let polity = &before.polities[k];
        let tier = [Tier::Province, Tier::Municipal, Tier::Citizens][to];
        // The lower tier's α: the citizens tier's is the majority rule's
        // times a province's minority.
        let minority = before.provinces.iter().filter(|p| p.polity == k)
            .map(|p| 1.0 - p.culture_people[0].max(p.culture_people[1]) / p.culture_people.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let alpha = match tier {
            Tier::Province => r.alpha_province,
            Tier::Municipal => r.alpha_municipal,
            _ => r.majority_rule * minority,
        };
        let people = |p: &ProvinceInput| p.culture_people.iter().sum::<f64>();
        let polity_people: f64 = before.provinces.iter().filter(|p| p.polity == k).map(people).sum();
        let ruler = intensity(polity.authority, polity_people, r.lambda);
        // The lower tier at its most intimate: a council's jurisdiction,
        // or the smallest province.
        let smallest = before.provinces.iter().filter(|p| p.polity == k).map(people).fold(f64::INFINITY, f64::min);
        let reach = match tier {
            Tier::Municipal => smallest.min(r.municipal_jurisdiction),
            _ => smallest,
        };
        let lower = intensity(alpha, reach, r.lambda);
        prop_assume!(polity_people > 0.0 && lower < ruler && polity.power.ruler >= amount);
        let mut after = before.clone();
        after.polities[k].power.shift(Tier::Ruler, tier, amount);
        prop_assert!(s(&after) > s(&before), "S {} -> {}", s(&before), s(&after));
    }

    /// Property 4: opening exit where a less-dominating destination with
    /// room is within reach raises `S`; opening it never lowers `S`.
    #[test]
    fn property_4_exit_disciplines(raw in input(), k in 0usize..4) {
        let mut closed = build(&raw);
        let k = k % closed.polities.len();
        closed.polities[k].exit = BorderPolicy::Closed;
        let mut open = closed.clone();
        open.polities[k].exit = BorderPolicy::Open;
        let r = scoring_rules();
        let before = score(&closed, &r);
        let people: Vec<f64> = closed.provinces.iter().map(|p| p.culture_people.iter().sum()).collect();
        let better = closed.provinces.iter().enumerate().filter(|(_, p)| p.polity == k).any(|(i, p)| {
            p.destinations.iter().any(|&(q, hops)| {
                let there = &closed.provinces[q];
                before.provinces[q].power_plain < before.provinces[i].power_plain
                    && room(people[q], there.capacity) > 0.0
                    && moving_cost(f64::from(hops), p.infrastructure, r.move_cost) < 1.0
            })
        });
        let (shut, opened) = (before.world.metrics.score, s(&open));
        prop_assert!(opened >= shut - 1e-12, "opening lowered S: {shut} -> {opened}");
        if better {
            prop_assert!(opened > shut, "opening with a better place in reach: {shut} -> {opened}");
        }
    }

    /// Property 5: coerced homogenization lowers `S` when the map is
    /// sorted at all; the same clustering reached freely costs nothing.
    #[test]
    fn property_5_forced_sorting_costs(raw in input()) {
        let free = build(&raw);
        let mut forced = free.clone();
        for p in &mut forced.provinces {
            p.coerced = p.culture_people.iter().sum();
            for o in &mut p.origins {
                o.coerced = o.people;
            }
        }
        let units: Vec<&[f64]> = free.provinces.iter().map(|p| p.culture_people.as_slice()).collect();
        let sorted = theil_index(&units) > 1e-9;
        let r = scoring_rules();
        let (f, c) = (score(&free, &r), score(&forced, &r));
        prop_assert_eq!(f.world.metrics.forced_sorting, 0.0);
        if sorted {
            prop_assert!(c.world.metrics.score < f.world.metrics.score,
                "S {} -> {}", f.world.metrics.score, c.world.metrics.score);
        } else {
            prop_assert!(c.world.metrics.score <= f.world.metrics.score + 1e-12);
        }
    }
}

// ----- One thread or two -----

/// The state hashes of `simulate` on a level file with `threads` threads.
fn hashes_with_threads(file: &str, threads: &str) -> Vec<String> {
    let turns = TURNS.to_string();
    let args = [
        "simulate",
        file,
        "--turns",
        &turns,
        "--json",
        "--hash",
        "--threads",
        threads,
    ];
    crate::simulate_json(&args)
        .iter()
        .map(|line| line["state_hash"].as_str().unwrap_or_default().to_string())
        .collect()
}

proptest! {
    // Each case runs the game twice as a process (the task pool is set
    // once a process): a few in `cargo test`, 200 in the long mode.
    #![proptest_config(Config { cases: if std::env::var_os("FA_LONG").is_some() { 200 } else { 4 }, ..cases(4) })]

    #[test]
    fn random_worlds_play_the_same_on_one_thread_and_two(
        w in world(),
        provinces in 1030u32..1400,
        agents in 2_000u64..40_000,
    ) {
        // Large enough that the per-province and per-citizen work is
        // split between the threads.
        let w = World { provinces, agents, polities: w.polities + 6, ..w };
        let (file, _) = level_of(&w);
        let dir = std::env::temp_dir().join(format!("fa-random-threads-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join(format!("world-{}.ron", w.seed));
        let text = ron::ser::to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        let path = path.to_string_lossy().to_string();
        let one = hashes_with_threads(&path, "1");
        let two = hashes_with_threads(&path, "2");
        let _ = std::fs::remove_file(&path);
        prop_assert_eq!(one.len() as u32, TURNS + 1);
        prop_assert_eq!(one, two);
    }
}
