//! A small world for unit tests, built without the level format: three
//! polities and four provinces of two cultures, and one polity with no
//! province (gone from the start).
//!
//! `one` (the player's: `home`, `farm`) · `two` (a warden: `abroad`) ·
//! `three` (power moved down, so its citizens vote: `free`) · `ghost`.

use bevy::prelude::*;

use super::ids::{CultureId, ProvinceId};
use super::rules::Rules;
use super::scenario::{PolitySpec, ProvinceSpec, Scenario};
use super::world::{Archetype, BorderPolicy, Borders, Controller, Power, Ruler};

fn province(key: &str, cells: Vec<(i32, i32)>, population: Vec<(u32, u32)>) -> ProvinceSpec {
    ProvinceSpec {
        key: key.into(),
        name: key.to_uppercase(),
        cells,
        capacity: 200,
        prosperity: 0.5,
        infrastructure: 0.2,
        population: population
            .into_iter()
            .map(|(c, n)| (CultureId(c), n))
            .collect(),
    }
}

fn polity(key: &str, provinces: &[u32], power: Power, controller: Controller) -> PolitySpec {
    PolitySpec {
        key: key.into(),
        name: key.to_uppercase(),
        color: [0.5, 0.5, 0.5],
        provinces: provinces.iter().map(|&p| ProvinceId(p)).collect(),
        ruler: Ruler {
            name: "R".into(),
            authority: 0.8,
        },
        power,
        borders: Borders {
            exit: BorderPolicy::Closed,
            entry: BorderPolicy::Closed,
        },
        commune_charter: 0.0,
        response: controller.default_response(),
        controller,
        coerced: false,
        legitimacy: 0.6,
        capital: 5.0,
    }
}

/// The scenario.
pub fn scenario() -> Scenario {
    let top_down = Power {
        ruler: 0.8,
        province: 0.2,
        municipal: 0.0,
        citizens: 0.0,
    };
    let moved_down = Power {
        ruler: 0.3,
        province: 0.3,
        municipal: 0.4,
        citizens: 0.0,
    };
    let mut farm = province("farm", vec![(0, 1)], vec![(0, 30)]);
    farm.infrastructure = 1.0;
    Scenario {
        file: "fixture.ron".into(),
        fingerprint: 0,
        name: "Fixture".into(),
        description: String::new(),
        seed: 1,
        max_turns: 10,
        scale: 1,
        cultures: vec!["x".into(), "y".into()],
        provinces: vec![
            province("home", vec![(0, 0)], vec![(0, 40), (1, 10)]),
            farm,
            province("abroad", vec![(1, 0)], vec![(1, 30)]),
            province("free", vec![(1, 1)], vec![(0, 20), (1, 20)]),
        ],
        polities: vec![
            polity("one", &[0, 1], top_down, Controller::Player),
            polity("two", &[2], top_down, Controller::Ai(Archetype::Warden)),
            polity(
                "three",
                &[3],
                moved_down,
                Controller::Ai(Archetype::Reformer),
            ),
            polity("ghost", &[], top_down, Controller::Ai(Archetype::Warden)),
        ],
        goals: Vec::new(),
        on_player_fall: Default::default(),
        events: Vec::new(),
    }
}

/// A world of the scenario at turn 0, with these rules.
pub fn world_with(rules: Rules) -> World {
    super::simulation::init_task_pool(None);
    let mut app = App::empty();
    app.add_plugins(super::plugin);
    let mut world = std::mem::take(app.world_mut());
    super::setup::load_world(&mut world, &scenario(), rules, None);
    world
}

/// A world of the scenario at turn 0, with the base rules.
pub fn world() -> World {
    world_with(Rules::base().unwrap_or_else(|e| panic!("{e}")))
}
