//! The map: provinces drawn from their hex cells as one merged mesh per
//! layer (fills, borders, the player's realm, selection), the polity
//! colours, map modes with legends, the camera, and selecting or hovering a
//! province with an exact hex hit test.

pub mod camera;
pub mod geometry;
pub mod hex;
pub mod layers;
pub mod mode;
pub mod palette;

use bevy::prelude::*;

use crate::game::screen::{GameSystems, Screen};

pub use geometry::MapGeometry;
pub use mode::{Hovered, MapMode, Selection};

/// The map plugin.
pub fn plugin(app: &mut App) {
    app.init_resource::<MapMode>();
    app.init_resource::<Selection>();
    app.init_resource::<Hovered>();
    app.init_resource::<MapGeometry>();
    app.add_plugins((palette::plugin, layers::plugin, camera::plugin));
    // A polity's colour is chosen before the fills are built with it.
    app.add_systems(
        Update,
        palette::update_colours
            .before(layers::update_layers)
            .run_if(in_state(Screen::Playing))
            .in_set(GameSystems::Redraw),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ids::ProvinceId;

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
