//! What the map shows: its mode (what provinces are coloured by) and the
//! selected and the hovered province.

use bevy::prelude::*;

use crate::sim::ids::ProvinceId;

/// What the map colours provinces by.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MapMode {
    /// Polity colours.
    #[default]
    Political,
    /// Domination exposure of the people.
    Domination,
    /// Real exit option.
    ExitOption,
    /// Prosperity.
    Prosperity,
    /// The largest culture.
    Culture,
}

impl MapMode {
    /// All modes, in key order (1..5).
    pub const ALL: [MapMode; 5] = [
        MapMode::Political,
        MapMode::Domination,
        MapMode::ExitOption,
        MapMode::Prosperity,
        MapMode::Culture,
    ];

    /// The mode named on the command line (`political`, `domination`,
    /// `exit`, `prosperity`, `culture`).
    pub fn parse(name: &str) -> Option<MapMode> {
        MapMode::ALL.into_iter().find(|m| {
            let label = m.label().to_lowercase();
            label == name || label.split(' ').next() == Some(name)
        })
    }

    /// Its name on buttons.
    pub fn label(self) -> &'static str {
        match self {
            MapMode::Political => "Political",
            MapMode::Domination => "Domination",
            MapMode::ExitOption => "Exit option",
            MapMode::Prosperity => "Prosperity",
            MapMode::Culture => "Culture",
        }
    }
}

/// The selected province.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Selection(pub Option<ProvinceId>);

/// The province under the pointer, and where the pointer is (logical
/// pixels), when the pointer is over the map and not over a panel: the map
/// shows the province's card beside the pointer.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq)]
pub struct Hovered(pub Option<(ProvinceId, Vec2)>);
