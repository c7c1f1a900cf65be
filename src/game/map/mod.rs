//! The map: provinces drawn from their hex cells as one merged mesh per
//! layer (fills, borders, selection), map modes with legends, the camera,
//! and selecting a province with an exact hex hit test.

pub mod camera;
pub mod hex;
pub mod layers;

use std::collections::BTreeMap;

use bevy::prelude::*;

use crate::sim::ids::ProvinceId;
use crate::sim::world::Hex;

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

/// Where things are on the map, rebuilt with the level.
#[derive(Resource, Clone, Debug, Default)]
pub struct MapGeometry {
    /// Province of each cell.
    pub cell_owner: BTreeMap<Hex, ProvinceId>,
    /// Centre of each province (mean of its cell centres).
    pub centroids: Vec<Vec2>,
    /// Lower-left and upper-right corners of the map.
    pub bounds: (Vec2, Vec2),
    /// Cells per province, for label sizes.
    pub cell_counts: Vec<usize>,
}

impl MapGeometry {
    /// Builds the geometry of provinces given by their cells.
    pub fn new(cells: &[Vec<Hex>]) -> MapGeometry {
        let mut cell_owner = BTreeMap::new();
        let mut centroids = Vec::with_capacity(cells.len());
        let (mut low, mut high) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
        for (p, list) in cells.iter().enumerate() {
            let mut sum = Vec2::ZERO;
            for &cell in list {
                cell_owner.insert(cell, ProvinceId(p as u32));
                let c = hex::center(cell);
                sum += c;
                low = low.min(c - Vec2::splat(hex::CELL));
                high = high.max(c + Vec2::splat(hex::CELL));
            }
            centroids.push(sum / list.len().max(1) as f32);
        }
        if cells.is_empty() {
            (low, high) = (Vec2::ZERO, Vec2::ONE);
        }
        MapGeometry {
            cell_owner,
            centroids,
            bounds: (low, high),
            cell_counts: cells.iter().map(Vec::len).collect(),
        }
    }

    /// The province under a point of the map.
    pub fn province_at(&self, point: Vec2) -> Option<ProvinceId> {
        self.cell_owner.get(&hex::cell_at(point)).copied()
    }
}

/// The map plugin.
pub fn plugin(app: &mut App) {
    app.init_resource::<MapMode>();
    app.init_resource::<Selection>();
    app.init_resource::<MapGeometry>();
    app.add_plugins((layers::plugin, camera::plugin));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_modes_parse_from_their_names() {
        assert_eq!(MapMode::parse("domination"), Some(MapMode::Domination));
        assert_eq!(MapMode::parse("exit"), Some(MapMode::ExitOption));
        assert_eq!(MapMode::parse("nonsense"), None);
    }

    #[test]
    fn the_province_under_a_point_is_found() {
        let geometry = MapGeometry::new(&[vec![(0, 0), (1, 0)], vec![(0, 1)]]);
        assert_eq!(
            geometry.province_at(hex::center((1, 0))),
            Some(ProvinceId(0))
        );
        assert_eq!(
            geometry.province_at(hex::center((0, 1))),
            Some(ProvinceId(1))
        );
        assert_eq!(geometry.province_at(hex::center((5, 5))), None);
    }
}
