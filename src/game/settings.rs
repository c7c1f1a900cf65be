//! The player's settings, kept between runs in the platform's config folder
//! (`~/.config/free-association/settings.ron` on Linux; `FA_CONFIG_DIR`
//! overrides it): text size, fullscreen, the window's size, the colour scheme, the
//! volume and the music. A missing file means the defaults; an unreadable
//! one too, and the game says so in its log. A change is written a moment
//! after it settles (a resize is many changes), atomically.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy::window::{MonitorSelection, PrimaryWindow, WindowMode};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use serde::{Deserialize, Serialize};

/// Frames a change must hold before it is written.
const SETTLE_FRAMES: u32 = 30;

/// What the player chose, kept between runs.
#[derive(Resource, Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Text and panel size (egui's zoom factor; 1 is the default).
    pub text_scale: f32,
    /// The window fills the monitor.
    pub fullscreen: bool,
    /// The window's size in logical pixels when it was last closed
    /// (at first nine tenths of the monitor).
    pub window: Option<(f32, f32)>,
    /// How polities are coloured on the map and in the charts.
    pub colours: ColourScheme,
    /// Sound volume, 0 (silent) to 1.
    pub volume: f32,
    /// The music bed plays.
    pub music: bool,
}

/// How polities are coloured on the map and in the charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ColourScheme {
    /// Colours that tell neighbours apart, near the level's own.
    #[default]
    Distinct,
    /// The colours the level's author chose.
    Level,
    /// Colours told apart under every common colour-vision deficiency,
    /// and a blue-to-orange domination map instead of green-to-red.
    ColourBlind,
}

impl ColourScheme {
    /// Every scheme, in the order the settings list them.
    pub const ALL: [ColourScheme; 3] = [
        ColourScheme::Distinct,
        ColourScheme::Level,
        ColourScheme::ColourBlind,
    ];

    /// Its name in the settings.
    pub fn label(self) -> &'static str {
        match self {
            ColourScheme::Distinct => "Distinct colours",
            ColourScheme::Level => "The level's colours",
            ColourScheme::ColourBlind => "Colour-blind safe",
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            text_scale: 1.0,
            fullscreen: false,
            window: None,
            colours: ColourScheme::Distinct,
            volume: 0.6,
            music: true,
        }
    }
}

/// Where the settings live: `FA_CONFIG_DIR`, else the platform's config
/// folder for the game.
pub fn path() -> Option<PathBuf> {
    let dir = match std::env::var_os("FA_CONFIG_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("", "", "free-association")?
            .config_dir()
            .to_path_buf(),
    };
    Some(dir.join("settings.ron"))
}

/// Reads the settings; the defaults when there is no file, and with them
/// what was wrong when the file does not read.
pub fn load(path: &Path) -> (Settings, Option<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Settings::default(), None),
        Err(e) => {
            let why = format!("{}: {e}; using the default settings", path.display());
            return (Settings::default(), Some(why));
        }
    };
    match ron::from_str::<Settings>(&text) {
        Ok(settings) => (settings.sane(), None),
        Err(e) => (
            Settings::default(),
            Some(format!(
                "{}:{}:{}: {}; using the default settings",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )),
        ),
    }
}

/// Writes the settings whole (a temporary file renamed over the old one).
pub fn save(path: &Path, settings: &Settings) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = ron::ser::to_string_pretty(settings, ron::ser::PrettyConfig::default())
        .map_err(std::io::Error::other)?;
    crate::saves::write_atomically(path, &text)
}

impl Settings {
    /// The settings with values a hand-edited file may have put out of
    /// range brought back into it.
    fn sane(mut self) -> Settings {
        if !self.text_scale.is_finite() {
            self.text_scale = 1.0;
        }
        self.text_scale = self.text_scale.clamp(0.5, 3.0);
        if !self.volume.is_finite() {
            self.volume = 0.6;
        }
        self.volume = self.volume.clamp(0.0, 1.0);
        self.window = self
            .window
            .filter(|(w, h)| w.is_finite() && h.is_finite() && *w >= 320.0 && *h >= 240.0);
        self
    }
}

/// Where the settings are kept, and what was last written.
#[derive(Resource)]
struct Kept {
    path: PathBuf,
    written: Settings,
    /// The settings seen last frame and for how many frames they held.
    seen: Settings,
    held: u32,
    applied: bool,
}

/// Applies the settings once egui and the window are there.
fn apply(
    mut kept: ResMut<Kept>,
    settings: Res<Settings>,
    mut contexts: EguiContexts,
    mut window: Single<&mut Window, With<PrimaryWindow>>,
) {
    if kept.applied {
        return;
    }
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    ctx.set_zoom_factor(settings.text_scale);
    if settings.fullscreen {
        window.mode = WindowMode::BorderlessFullscreen(MonitorSelection::Current);
    }
    kept.applied = true;
}

/// Reads what the player changed (text size, fullscreen, window size) into
/// the settings, and writes them once they have held for a moment.
fn follow(
    mut kept: ResMut<Kept>,
    mut settings: ResMut<Settings>,
    mut contexts: EguiContexts,
    window: Single<&Window, With<PrimaryWindow>>,
) {
    if !kept.applied {
        return;
    }
    let Ok(ctx) = contexts.ctx_mut() else {
        return;
    };
    let mut now = settings.clone();
    now.text_scale = ctx.zoom_factor();
    now.fullscreen = window.mode != WindowMode::Windowed;
    if !now.fullscreen {
        // The window's own size (not the monitor's while fullscreen).
        let size = window.size();
        now.window = Some((size.x, size.y));
    }
    if now != kept.seen {
        kept.seen = now.clone();
        kept.held = 1;
        return;
    }
    kept.held = kept.held.saturating_add(1);
    if kept.held >= SETTLE_FRAMES && now != kept.written {
        if let Err(e) = save(&kept.path, &now) {
            warn!(
                "the settings were not saved to {}: {e}",
                kept.path.display()
            );
        }
        kept.written = now.clone();
        *settings = now;
    }
}

/// The settings plugin: read the settings (and, with `keep`, apply and
/// write them; the screenshot and the UI test play with the defaults).
pub fn plugin(keep: bool) -> impl Fn(&mut App) {
    move |app: &mut App| {
        let file = path().filter(|_| keep);
        let (settings, problem) = match &file {
            Some(path) => load(path),
            None => (Settings::default(), None),
        };
        if let Some(problem) = problem {
            warn!("{problem}");
        }
        app.insert_resource(settings.clone());
        if let Some(path) = file {
            app.insert_resource(Kept {
                path,
                written: settings.clone(),
                seen: settings,
                held: 0,
                applied: false,
            });
            app.add_systems(EguiPrimaryContextPass, (apply, follow).chain());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_round_trip_and_a_bad_file_gives_the_defaults() {
        let dir = std::env::temp_dir().join(format!("fa-settings-{}", std::process::id()));
        let file = dir.join("settings.ron");
        let chosen = Settings {
            text_scale: 1.21,
            fullscreen: true,
            window: Some((1500.0, 800.0)),
            colours: ColourScheme::ColourBlind,
            volume: 0.25,
            music: false,
        };
        save(&file, &chosen).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(load(&file), (chosen, None));
        // A missing file is the defaults, silently.
        assert_eq!(load(&dir.join("none.ron")), (Settings::default(), None));
        // A broken one is the defaults, with where and why.
        std::fs::write(&file, "(text_scale: \"big\")").unwrap_or_else(|e| panic!("{e}"));
        let (settings, problem) = load(&file);
        assert_eq!(settings, Settings::default());
        let problem = problem.unwrap_or_default();
        assert!(problem.contains("settings.ron:1:"), "{problem}");
        // Values out of range are brought back into it.
        std::fs::write(
            &file,
            "(text_scale: 40.0, volume: 7.0, window: Some((10.0, 10.0)))",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            load(&file).0,
            Settings {
                text_scale: 3.0,
                volume: 1.0,
                ..Settings::default()
            }
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
