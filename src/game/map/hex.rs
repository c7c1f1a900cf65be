//! Hex geometry of the map: pointy-top axial cells, their corners, and the
//! exact hit test from a point on the map to a cell.

use bevy::math::Vec2;

use crate::sim::world::Hex;

/// Circumradius of a cell in world units.
pub const CELL: f32 = 20.0;

const SQRT3: f32 = 1.732_050_8;

/// The centre of a cell (y points up on screen; `r` grows downward).
pub fn center((q, r): Hex) -> Vec2 {
    Vec2::new(
        CELL * SQRT3 * (q as f32 + r as f32 / 2.0),
        -CELL * 1.5 * r as f32,
    )
}

/// Corner `i` (0..6) of a cell, at `60° · i − 30°`. Edge `i` runs from
/// corner `i` to corner `i + 1` and faces `geography::DIRECTIONS[i]`.
pub fn corner(cell: Hex, i: usize) -> Vec2 {
    let angle = (60.0 * i as f32 - 30.0).to_radians();
    center(cell) + CELL * Vec2::new(angle.cos(), angle.sin())
}

/// The cell under a point of the map.
pub fn cell_at(point: Vec2) -> Hex {
    let y = -point.y;
    let q = (SQRT3 / 3.0 * point.x - y / 3.0) / CELL;
    let r = (2.0 / 3.0 * y) / CELL;
    round(q, r)
}

fn round(q: f32, r: f32) -> Hex {
    let s = -q - r;
    let (mut rq, mut rr, rs) = (q.round(), r.round(), s.round());
    let (dq, dr, ds) = ((rq - q).abs(), (rr - r).abs(), (rs - s).abs());
    if dq > dr && dq > ds {
        rq = -rr - rs;
    } else if dr > ds {
        rr = -rq - rs;
    }
    (rq as i32, rr as i32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::geography::DIRECTIONS;

    #[test]
    fn the_hit_test_finds_every_cell_from_its_centre_and_near_its_corners() {
        for q in -5..5 {
            for r in -5..5 {
                assert_eq!(cell_at(center((q, r))), (q, r));
                for i in 0..6 {
                    let near = center((q, r)).lerp(corner((q, r), i), 0.9);
                    assert_eq!(cell_at(near), (q, r), "corner {i} of {q},{r}");
                }
            }
        }
    }

    #[test]
    fn edge_i_faces_direction_i() {
        for (i, (dq, dr)) in DIRECTIONS.iter().enumerate() {
            let mid = (corner((0, 0), i) + corner((0, 0), (i + 1) % 6)) / 2.0;
            let beyond = mid + (mid - center((0, 0))) * 0.5;
            assert_eq!(cell_at(beyond), (*dq, *dr), "edge {i}");
        }
    }
}
