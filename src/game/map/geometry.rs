//! Where things are on the map: the province of each cell, centroids for
//! names and arrows, and the bounds the camera fits.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::hex;
use crate::sim::ids::ProvinceId;
use crate::sim::world::Hex;

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
