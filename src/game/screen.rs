//! The screens of the game, and the order of its frame: input first, then
//! the commands that change the game, then what is drawn from it.

use bevy::prelude::*;

/// The screens of the game.
#[derive(States, Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Levels, continue, load, settings, quit.
    #[default]
    MainMenu,
    /// The map and panels.
    Playing,
}

/// What the game's `Update` systems do, in this order each frame. The egui
/// panels run after `Update`, read the session and send commands, which the
/// next frame applies.
#[derive(SystemSet, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GameSystems {
    /// Pointer and keys move the camera and select provinces.
    Input,
    /// Commands change the game (a turn, an order, a save, a reload).
    Commands,
    /// Meshes and the camera follow the game.
    Redraw,
}

/// The screens and the order of the frame.
pub fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.configure_sets(
        Update,
        (
            GameSystems::Input,
            GameSystems::Commands,
            GameSystems::Redraw,
        )
            .chain(),
    );
}
