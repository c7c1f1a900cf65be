//! The desktop game (GAME.md §9): a window with the map and egui panels
//! over the simulation. Screens are `States`; entities are scoped to them.
//! Behind the default `gui` feature.

pub mod frames;
pub mod map;
pub mod offscreen;
pub mod screen;
pub mod screenshot;
pub mod session;
pub mod settings;
pub mod sound;
pub mod ui;
pub mod uitest;
pub mod window;
pub mod wording;

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;

use screen::Screen;
use session::Session;

/// How the game starts.
#[derive(Clone, Debug, Default)]
pub struct GameOptions {
    /// Open this level directly.
    pub level: Option<PathBuf>,
    /// Render, save a PNG here after the turns are played, and exit.
    pub screenshot: Option<PathBuf>,
    /// Orders to queue when the level opens (the replay format).
    pub orders: Option<PathBuf>,
    /// Turns to play before the screenshot (at least one).
    pub turns: u32,
    /// The map mode to start in.
    pub mode: map::MapMode,
    /// Start with the charts window open.
    pub charts: bool,
    /// The mods to play with.
    pub mods: crate::modding::ModChoice,
    /// Measure this many frames of panning and zooming, print the frame
    /// times and exit.
    pub frame_times: Option<u32>,
    /// Draw the map into an image instead of a window, without the panels
    /// (for `frame_times` on a machine with no display server).
    pub offscreen: bool,
    /// Drive the window with injected input and check the UI owns it.
    pub ui_test: bool,
}

/// The size of the window (and of the image `--offscreen` draws into).
pub const WINDOW_SIZE: UVec2 = UVec2::new(1600, 900);

/// The engine with the window and the egui panels, or, offscreen, the
/// engine drawing the map into an image with no window and no panels.
fn add_engine(app: &mut App, offscreen: bool) {
    if offscreen {
        app.add_plugins(offscreen::default_plugins());
        app.add_plugins(offscreen::plugin);
    } else {
        app.add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                title: "Free Association".into(),
                resolution: WindowResolution::new(WINDOW_SIZE.x, WINDOW_SIZE.y),
                ..default()
            }),
            ..default()
        }));
        app.add_plugins(EguiPlugin::default());
    }
}

/// Opens the window and runs the game (or, with `offscreen`, draws the map
/// into an image for the frame-time measurement); returns the exit code.
pub fn run(options: GameOptions) -> i32 {
    let mut app = App::new();
    add_engine(&mut app, options.offscreen);
    app.insert_resource(ClearColor(Color::srgb(0.09, 0.11, 0.15)));
    app.add_plugins((screen::plugin, session::plugin, map::plugin));
    if !options.offscreen {
        app.add_plugins(ui::plugin);
        // The checks count frames: they need every frame drawn.
        let whole =
            options.screenshot.is_some() || options.ui_test || options.frame_times.is_some();
        app.add_plugins(window::plugin(whole));
        app.add_plugins(settings::plugin(!whole));
        app.add_plugins(sound::plugin);
    }
    app.insert_resource(options.mode);
    app.insert_resource(ui::state::UiState {
        charts: options.charts,
        ..default()
    });
    if let Some(level) = &options.level {
        let opened = options
            .mods
            .ruleset()
            .map_err(|e| e.to_string())
            .and_then(|ruleset| Session::open_with(level, ruleset))
            .and_then(|mut session| {
                if let Some(orders) = &options.orders {
                    let list = crate::level::load_orders(orders).map_err(|e| e.to_string())?;
                    session.sim.queue(list);
                }
                Ok(session)
            });
        match opened {
            Ok(session) => {
                app.insert_resource(session);
                app.insert_state(Screen::Playing);
            }
            Err(e) => {
                eprintln!("{e}");
                return 1;
            }
        }
    }
    if let Some(path) = options.screenshot {
        app.add_plugins(screenshot::plugin(path, options.turns.max(1)));
    }
    if options.ui_test {
        app.add_plugins(uitest::plugin);
    }
    if let Some(frames) = options.frame_times {
        app.add_plugins(frames::plugin(frames, options.offscreen));
    }
    match app.run() {
        AppExit::Success => 0,
        AppExit::Error(code) => i32::from(code.get()),
    }
}
