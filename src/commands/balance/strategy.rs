//! The strategies the balance harness plays a level's player with: the
//! rules' strategies (archetypes the player's polity runs on autopilot),
//! the level's own orders files, and random order sequences for
//! `--search`, each seeded so that a search repeats.

use crate::level::Level;
use crate::level::schema::{ActionFile, OrderFile, OrdersSource};
use crate::sim::rng::{DrawPhase, unit};
use crate::sim::rules::{ArchetypeDef, Rules};
use crate::sim::world::{BorderPolicy, Response, Tier};

/// How a strategy plays.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// The player's polity on autopilot by this archetype.
    Autopilot(ArchetypeDef),
    /// These orders of the player's polity.
    Orders(Vec<OrderFile>),
}

/// A named strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct Strategy {
    /// Its name in tables and JSON.
    pub name: String,
    /// How it plays.
    pub plan: Plan,
    /// True for a strategy of the random search.
    pub searched: bool,
}

/// The rules' strategies, then the level's orders files that command only
/// the player's polity (named by their file, or by their test when
/// inline).
pub fn strategies(level: &Level, rules: &Rules) -> Vec<Strategy> {
    let mut list: Vec<Strategy> = rules
        .strategies
        .iter()
        .map(|def| Strategy {
            name: def.id.clone(),
            plan: Plan::Autopilot(def.clone()),
            searched: false,
        })
        .collect();
    let player = level
        .scenario
        .player()
        .and_then(|k| level.scenario.polities.get(k.index()))
        .map(|p| p.key.clone());
    for test in &level.tests {
        let Ok(orders) = level.test_orders(test) else {
            continue;
        };
        let name = match &test.orders {
            Some(OrdersSource::File(path)) => std::path::Path::new(path)
                .file_stem()
                .map_or_else(|| path.clone(), |s| s.to_string_lossy().to_string()),
            Some(OrdersSource::Inline(_)) => test.name.clone(),
            None => continue,
        };
        let mine = !orders.is_empty() && orders.iter().all(|o| Some(&o.polity) == player.as_ref());
        if mine && !list.iter().any(|s| s.name == name) {
            list.push(Strategy {
                name,
                plan: Plan::Orders(orders),
                searched: false,
            });
        }
    }
    list
}

/// `count` random order sequences of the player's polity over `turns`
/// turns, seeded by the level's seed.
pub fn search(level: &Level, turns: u32, count: u32) -> Vec<Strategy> {
    let scenario = &level.scenario;
    let Some(player) = scenario.player() else {
        return Vec::new();
    };
    let Some(me) = scenario.polities.get(player.index()) else {
        return Vec::new();
    };
    let own: Vec<String> = me
        .provinces
        .iter()
        .filter_map(|p| scenario.provinces.get(p.index()))
        .map(|p| p.key.clone())
        .collect();
    let others: Vec<String> = scenario
        .polities
        .iter()
        .filter(|p| p.key != me.key)
        .map(|p| p.key.clone())
        .collect();
    let abroad: Vec<String> = scenario
        .provinces
        .iter()
        .filter(|p| !own.contains(&p.key))
        .map(|p| p.key.clone())
        .collect();
    (0..count)
        .map(|i| {
            let draw = Draw {
                seed: scenario.seed ^ 0x5eed_5eed,
                strategy: u64::from(i),
            };
            let orders = (1..=turns)
                .filter(|&t| draw.at(t, 0) < 0.4)
                .filter_map(|t| {
                    random_action(&draw, t, [&own, &others, &abroad], &scenario.cultures).map(
                        |action| OrderFile {
                            turn: t,
                            polity: me.key.clone(),
                            action,
                        },
                    )
                })
                .collect();
            Strategy {
                name: format!("search{}", i + 1),
                plan: Plan::Orders(orders),
                searched: true,
            }
        })
        .collect()
}

/// The draws of one searched strategy.
struct Draw {
    seed: u64,
    strategy: u64,
}

impl Draw {
    fn at(&self, turn: u32, k: u32) -> f64 {
        unit(self.seed, turn, self.strategy, DrawPhase::Generate, k)
    }

    fn pick<'a, T>(&self, turn: u32, k: u32, list: &'a [T]) -> Option<&'a T> {
        let i = (self.at(turn, k) * list.len() as f64) as usize;
        list.get(i.min(list.len().saturating_sub(1)))
    }
}

/// One random action of any kind, with random fields: `names` are the
/// player's provinces, the other polities and the provinces abroad.
fn random_action(
    draw: &Draw,
    turn: u32,
    names: [&[String]; 3],
    cultures: &[String],
) -> Option<ActionFile> {
    let [own, others, abroad] = names;
    let lower = [Tier::Province, Tier::Municipal, Tier::Citizens];
    let borders = [
        BorderPolicy::Open,
        BorderPolicy::Permit,
        BorderPolicy::Closed,
    ];
    let amount = (1.0 + (draw.at(turn, 2) * 6.0).floor()) * 0.05;
    Some(match (draw.at(turn, 1) * 12.0) as u32 {
        0 | 1 => ActionFile::Devolve {
            from: Tier::Ruler,
            to: *draw.pick(turn, 3, &lower)?,
            amount,
        },
        2 => ActionFile::Centralize {
            from: *draw.pick(turn, 3, &lower)?,
            to: Tier::Ruler,
            amount,
        },
        3 => ActionFile::SetBorders {
            exit: *draw.pick(turn, 3, &borders)?,
            entry: *draw.pick(turn, 4, &borders)?,
        },
        4 => ActionFile::CharterCommunes {
            autonomy: (draw.at(turn, 3) * 10.0).floor() / 10.0,
        },
        5 => ActionFile::Invest {
            province: draw.pick(turn, 3, own)?.clone(),
        },
        6 => ActionFile::GrantIndependence {
            province: draw.pick(turn, 3, own)?.clone(),
        },
        7 => ActionFile::Repress,
        8 => ActionFile::Homogenize {
            culture: draw.pick(turn, 3, cultures)?.clone(),
        },
        9 => ActionFile::SetResponse {
            response: *draw.pick(
                turn,
                3,
                &[Response::Listen, Response::Repress, Response::Ignore],
            )?,
        },
        10 => ActionFile::ProposeFederation {
            with: draw.pick(turn, 3, others)?.clone(),
        },
        _ => ActionFile::Annex {
            province: draw.pick(turn, 3, abroad)?.clone(),
        },
    })
}
