//! Hex geometry and province adjacency (GAME.md §2): two provinces are
//! neighbours when any of their cells touch; reach is counted in province
//! hops.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use bevy::prelude::*;

use super::ids::ProvinceId;
use super::world::Hex;

/// The six axial directions.
pub const DIRECTIONS: [Hex; 6] = [(1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1)];

/// The farthest reach of any citizen: `1 + 2 · infrastructure` hops with
/// infrastructure at most 1.
pub const MAX_REACH: u8 = 3;

/// The six cells around a cell.
pub fn hex_neighbours((q, r): Hex) -> impl Iterator<Item = Hex> {
    DIRECTIONS.iter().map(move |(dq, dr)| (q + dq, r + dr))
}

/// How many province hops a citizen of a province with this
/// infrastructure can reach: `1 + 2 · infrastructure`, rounded down.
pub fn reach_hops(infrastructure: f64) -> u8 {
    // The value is at least 1, so the cast's truncation is the floor (and
    // costs no call to the maths library: this runs for every province in
    // reach of a change, every turn).
    (1.0 + 2.0 * infrastructure.clamp(0.0, 1.0) + 1e-9) as u8
}

/// True when the cells form one connected piece.
pub fn cells_connected(cells: &[Hex]) -> bool {
    let Some(&start) = cells.first() else {
        return true;
    };
    let set: BTreeSet<Hex> = cells.iter().copied().collect();
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([start]);
    while let Some(cell) = queue.pop_front() {
        for next in hex_neighbours(cell) {
            if set.contains(&next) && seen.insert(next) {
                queue.push_back(next);
            }
        }
    }
    seen.len() == set.len()
}

/// Province adjacency and the provinces within `MAX_REACH` hops of each.
#[derive(Resource, Clone, Debug, Default, PartialEq)]
pub struct Geography {
    /// Neighbours of each province, in id order.
    pub neighbours: Vec<Vec<ProvinceId>>,
    /// For each province, the other provinces within `MAX_REACH` hops and
    /// their distance, nearest first, then by id.
    pub within_reach: Vec<Vec<(ProvinceId, u8)>>,
}

impl Geography {
    /// Derives adjacency from each province's cells (indexed by id).
    pub fn from_cells(cells: &[Vec<Hex>]) -> Geography {
        let mut owner: BTreeMap<Hex, usize> = BTreeMap::new();
        for (p, list) in cells.iter().enumerate() {
            for &cell in list {
                owner.entry(cell).or_insert(p);
            }
        }
        let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); cells.len()];
        for (p, list) in cells.iter().enumerate() {
            for &cell in list {
                for next in hex_neighbours(cell) {
                    if let Some(&o) = owner.get(&next)
                        && o != p
                    {
                        neighbours[p].insert(o);
                    }
                }
            }
        }
        let neighbours: Vec<Vec<ProvinceId>> = neighbours
            .into_iter()
            .map(|set| set.into_iter().map(|p| ProvinceId(p as u32)).collect())
            .collect();
        let within_reach = (0..cells.len())
            .map(|p| bfs_within(&neighbours, p, MAX_REACH))
            .collect();
        Geography {
            neighbours,
            within_reach,
        }
    }

    /// The provinces a citizen of `p` can reach, with hops.
    pub fn reachable(
        &self,
        p: ProvinceId,
        infrastructure: f64,
    ) -> impl Iterator<Item = (ProvinceId, u8)> + '_ {
        let hops = reach_hops(infrastructure);
        self.within_reach[p.index()]
            .iter()
            .copied()
            .take_while(move |&(_, h)| h <= hops)
    }
}

fn bfs_within(neighbours: &[Vec<ProvinceId>], start: usize, max: u8) -> Vec<(ProvinceId, u8)> {
    let mut dist = BTreeMap::from([(start, 0u8)]);
    let mut queue = VecDeque::from([start]);
    let mut found = Vec::new();
    while let Some(p) = queue.pop_front() {
        let d = dist[&p];
        if d == max {
            continue;
        }
        for next in &neighbours[p] {
            let n = next.index();
            if let std::collections::btree_map::Entry::Vacant(slot) = dist.entry(n) {
                slot.insert(d + 1);
                found.push((*next, d + 1));
                queue.push_back(n);
            }
        }
    }
    found.sort_by_key(|&(p, d)| (d, p));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacency_comes_from_touching_cells() {
        // Three provinces in a row; the first and last do not touch.
        let geo = Geography::from_cells(&[vec![(0, 0)], vec![(1, 0)], vec![(2, 0)]]);
        assert_eq!(geo.neighbours[0], vec![ProvinceId(1)]);
        assert_eq!(geo.neighbours[1], vec![ProvinceId(0), ProvinceId(2)]);
        assert_eq!(
            geo.within_reach[0],
            vec![(ProvinceId(1), 1), (ProvinceId(2), 2)]
        );
        let near: Vec<_> = geo.reachable(ProvinceId(0), 0.0).collect();
        assert_eq!(near, vec![(ProvinceId(1), 1)]);
        let far: Vec<_> = geo.reachable(ProvinceId(0), 0.5).collect();
        assert_eq!(far.len(), 2);
    }

    #[test]
    fn reach_grows_with_infrastructure() {
        assert_eq!(reach_hops(0.0), 1);
        assert_eq!(reach_hops(0.2), 1);
        assert_eq!(reach_hops(0.5), 2);
        assert_eq!(reach_hops(1.0), 3);
    }

    #[test]
    fn connectivity_of_cells() {
        assert!(cells_connected(&[(0, 0), (1, 0), (1, 1)]));
        assert!(!cells_connected(&[(0, 0), (3, 0)]));
    }
}
