//! The main menu (levels with their goals, continue, load, settings,
//! quit) and the pause menu.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy_egui::egui;

use super::state::UiState;
use crate::game::screen::Screen;
use crate::game::session::{SAVE_DIR, Session};
use crate::game::settings::{ColourScheme, Settings};
use crate::modding::{Catalog, Found, ModChoice, Ruleset, State, search_dirs};

/// The shipped levels, read when the main menu first shows them (`None`
/// again to read them afresh).
#[derive(Resource, Default)]
pub struct Levels(Option<Vec<Entry>>);

impl Levels {
    /// Read the levels afresh when the menu shows them next.
    pub fn forget(&mut self) {
        self.0 = None;
    }
}

/// A level in the list.
#[derive(Clone, Debug)]
struct Entry {
    path: PathBuf,
    name: String,
    description: String,
    goals: Vec<String>,
}

/// The levels of a folder, the tutorial first (a newcomer starts there),
/// then in file order.
fn levels(folder: &Path) -> Vec<Entry> {
    // No folder, no levels (rather than one unreadable "level").
    if !folder.is_dir() {
        return Vec::new();
    }
    let mut files = crate::level::ron_files(folder).unwrap_or_default();
    files.sort_by_key(|path| !is_tutorial(path));
    files
        .into_iter()
        .map(|path| match crate::level::load(&path) {
            Ok(level) => {
                let level = level.scenario;
                let names: Vec<String> = level.polities.iter().map(|p| p.name.clone()).collect();
                let goals = level
                    .goals
                    .iter()
                    .map(|g| g.describe(|id| names.get(id.index()).cloned().unwrap_or_default()))
                    .collect();
                Entry {
                    path,
                    name: level.name,
                    description: level.description,
                    goals,
                }
            }
            Err(e) => Entry {
                name: path.display().to_string(),
                path,
                description: format!("{} error(s): run `free-association check`", e.0.len()),
                goals: Vec::new(),
            },
        })
        .collect()
}

/// Draws the main menu; returns a session when the player starts one.
pub fn main(
    ctx: &egui::Context,
    state: &mut UiState,
    shipped: &mut Levels,
    settings: &mut Settings,
    exit: &mut MessageWriter<AppExit>,
) -> Option<Session> {
    let mut chosen = None;
    egui::Window::new("Free Association")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .default_width(620.0)
        .show(ctx, |ui| {
            ui.label("Real decentralization, not mere fragmentation: move power down to the people it is exercised over, and let them leave.");
            ui.separator();
            ui.heading("Levels");
            let list = |ui: &mut egui::Ui, entries: Vec<Entry>, from_mod: Option<&Path>, chosen: &mut Option<Action>| {
                for entry in entries {
                    ui.horizontal(|ui| {
                        if is_tutorial(&entry.path) {
                            ui.label(egui::RichText::new("Start here").color(egui::Color32::from_rgb(240, 190, 60)));
                        }
                        if ui.button(egui::RichText::new(&entry.name).strong()).clicked() {
                            *chosen = Some(match from_mod {
                                Some(dir) => Action::OpenWithMod(entry.path.clone(), dir.to_path_buf()),
                                None => Action::Open(entry.path.clone()),
                            });
                        }
                        ui.label(&entry.description);
                    });
                    for goal in &entry.goals {
                        ui.label(egui::RichText::new(format!("    goal: {goal}")).weak());
                    }
                }
            };
            let shipped_levels = shipped
                .0
                .get_or_insert_with(|| levels(Path::new("levels")))
                .clone();
            if shipped_levels.is_empty() {
                ui.label(
                    "No levels here: the game looks for a `levels` folder where it is started. \
                     Start it from the game's folder, or open a level with \
                     `free-association play FILE`.",
                );
            }
            list(ui, shipped_levels, None, &mut chosen);
            let found = state
                .mods_found
                .get_or_insert_with(|| Catalog::find(&search_dirs(&[])).states())
                .clone();
            if !found.is_empty() {
                ui.separator();
                ui.horizontal(|ui| {
                    ui.heading("Mods");
                    if ui.small_button("Rescan").on_hover_text("Read the mod folders again.").clicked() {
                        state.mods_found = None;
                        shipped.forget();
                    }
                });
                ui.label(egui::RichText::new("Ticked mods play with every level; a mod's own levels always load it.").weak());
                // A folder of many mods scrolls instead of pushing the
                // window off the screen.
                let room = ui.ctx().content_rect().height() * 0.4;
                egui::ScrollArea::vertical().max_height(room).show(ui, |ui| {
                    mods(ui, &found, state, &list, &mut chosen);
                });
            }
            ui.separator();
            let autosave = Path::new(SAVE_DIR).join("autosave.ron");
            ui.horizontal(|ui| {
                if ui.add_enabled(autosave.exists(), egui::Button::new("Continue")).clicked() {
                    chosen = Some(Action::Load(autosave.clone()));
                }
                ui.menu_button("Load", |ui| {
                    let saves = super::saves::list();
                    if saves.is_empty() {
                        ui.label("no saves yet");
                    }
                    for entry in saves.into_iter().filter(|e| e.header.is_some()) {
                        let name = entry
                            .path
                            .file_stem()
                            .map_or_else(String::new, |s| s.to_string_lossy().to_string());
                        if ui.button(format!("{name} — {}", entry.describe())).clicked() {
                            chosen = Some(Action::Load(entry.path));
                        }
                    }
                });
                ui.menu_button("Settings", |ui| settings_menu(ui, state, settings));
                if ui.button("Quit").clicked() {
                    exit.write(AppExit::Success);
                }
            });
            if let Some(error) = &state.menu_error {
                ui.colored_label(egui::Color32::from_rgb(235, 120, 105), error);
            }
        });
    let result = match chosen? {
        Action::Open(path) => {
            enabled_ruleset(state).and_then(|ruleset| Session::open_with(&path, ruleset))
        }
        Action::OpenWithMod(path, dir) => crate::modding::expand(&dir, &enabled_choice(state))
            .map_err(|e| e.to_string())
            .and_then(|(_, ruleset)| Session::open_with(&path, ruleset)),
        Action::Load(path) => enabled_ruleset(state).and_then(|ruleset| load(&path, ruleset)),
    };
    match result {
        Ok(session) => {
            state.menu_error = None;
            Some(session)
        }
        Err(e) => {
            state.menu_error = Some(e);
            None
        }
    }
}

/// Draws a list of levels (of a mod when a folder is given), setting what
/// the player chose.
type LevelList = dyn Fn(&mut egui::Ui, Vec<Entry>, Option<&Path>, &mut Option<Action>);

/// The mods found: the sound ones ticked or not, in load order, with their
/// levels; the broken and disabled ones greyed out with their first error
/// and the rest behind a fold.
fn mods(
    ui: &mut egui::Ui,
    found: &[(Found, State)],
    state: &mut UiState,
    list: &LevelList,
    chosen: &mut Option<Action>,
) {
    let sound: Vec<crate::modding::Mod> = found
        .iter()
        .filter(|(_, s)| *s == State::Ok)
        .filter_map(|(f, _)| f.sound())
        .collect();
    let enabled: Vec<String> = sound
        .iter()
        .map(|m| m.manifest.id.clone())
        .filter(|id| state.enabled_mods.contains(id))
        .collect();
    let order = crate::modding::load_order(&sound, &enabled);
    for (f, mod_state) in found {
        let id = &f.id;
        let title = f
            .manifest
            .as_ref()
            .map_or_else(|_| id.clone(), |m| format!("{} {}", m.name, m.version));
        if *mod_state != State::Ok {
            let errors = mod_state.errors(id, &f.dir);
            ui.add_enabled(
                false,
                egui::Checkbox::new(&mut false, format!("{title} ({})", mod_state.word())),
            );
            if let Some(first) = errors.first() {
                ui.label(egui::RichText::new(format!("    {}", first.message)).weak());
            }
            let fold = match errors.len() {
                1 => "details".to_string(),
                n => format!("all {n} errors"),
            };
            egui::CollapsingHeader::new(fold)
                .id_salt(("mod errors", id))
                .show(ui, |ui| {
                    for error in &errors {
                        ui.label(egui::RichText::new(error.to_string()).monospace().small());
                    }
                });
            continue;
        }
        let mut on = state.enabled_mods.contains(id);
        let position = order
            .as_ref()
            .ok()
            .and_then(|o| o.iter().position(|x| &x.manifest.id == id));
        let label = match position {
            Some(i) if on => format!("{}. {title}", i + 1),
            _ => title,
        };
        if ui
            .checkbox(&mut on, label)
            .on_hover_text("Load order: dependencies first, then load_after, then id.")
            .changed()
        {
            if on {
                state.enabled_mods.insert(id.clone());
            } else {
                state.enabled_mods.remove(id);
            }
        }
        list(ui, levels(&f.dir.join("levels")), Some(&f.dir), chosen);
    }
    if let Err(e) = &order {
        ui.colored_label(egui::Color32::from_rgb(235, 120, 105), e.to_string());
    }
}

fn enabled_choice(state: &UiState) -> ModChoice {
    ModChoice {
        ids: state.enabled_mods.iter().cloned().collect(),
        dirs: Vec::new(),
    }
}

fn enabled_ruleset(state: &UiState) -> Result<Ruleset, String> {
    enabled_choice(state).ruleset().map_err(|e| e.to_string())
}

enum Action {
    Open(PathBuf),
    OpenWithMod(PathBuf, PathBuf),
    Load(PathBuf),
}

/// A save, played by the mods ticked (when they differ from the save's,
/// the game opens the level and asks whether to load the save anyway).
fn load(path: &Path, ruleset: Ruleset) -> Result<Session, String> {
    let snapshot = crate::saves::read_save(path)?;
    let mut session = Session::open_with(Path::new(&snapshot.level_file), ruleset)?;
    match session.load_snapshot(path, snapshot) {
        Ok(()) => Ok(session),
        // Made with other mods: the game asks whether to load it anyway.
        Err(_) if session.pending_load.is_some() => Ok(session),
        Err(e) => Err(e),
    }
}

/// Draws the pause menu.
/// The settings: text size, fullscreen and the colour scheme, kept for the
/// next run.
fn settings_menu(ui: &mut egui::Ui, state: &mut UiState, settings: &mut Settings) {
    ui.label("Text size");
    ui.horizontal(|ui| {
        if ui.button("larger").clicked() {
            ui.ctx().set_zoom_factor(ui.ctx().zoom_factor() * 1.1);
        }
        if ui.button("smaller").clicked() {
            ui.ctx().set_zoom_factor(ui.ctx().zoom_factor() / 1.1);
        }
    });
    ui.separator();
    ui.label("Polity colours");
    for scheme in ColourScheme::ALL {
        ui.radio_value(&mut settings.colours, scheme, scheme.label());
    }
    ui.separator();
    ui.label("Sound");
    if crate::game::sound::BUILT {
        ui.add(egui::Slider::new(&mut settings.volume, 0.0..=1.0).text("volume"));
        ui.checkbox(&mut settings.music, "music");
    } else {
        ui.label(egui::RichText::new("This copy of the game was built without sound.").weak())
            .on_hover_text(
                "Sound needs the optional `audio` feature: cargo run --release --features audio \
             (the README says what it needs).",
            );
    }
    ui.separator();
    if ui.button("Fullscreen on / off (Alt+Enter)").clicked() {
        state.toggle_fullscreen = true;
    }
    ui.label(egui::RichText::new("Kept for the next run.").weak());
}

/// The pause menu.
pub fn pause(
    ctx: &egui::Context,
    state: &mut UiState,
    settings: &mut Settings,
    next: &mut NextState<Screen>,
    exit: &mut MessageWriter<AppExit>,
) {
    // A modal: the panels and the map behind it take no input.
    egui::Modal::new("paused".into()).show(ctx, |ui| {
        ui.heading("Paused");
        if ui.button("Resume (Esc)").clicked() {
            state.paused = false;
        }
        if ui.button("Save and load…").clicked() {
            state.saves = true;
            state.paused = false;
        }
        if ui.button("Help").clicked() {
            state.help = true;
            state.paused = false;
        }
        ui.menu_button("Settings", |ui| settings_menu(ui, state, settings));
        if ui.button("Main menu").clicked() {
            state.paused = false;
            next.set(Screen::MainMenu);
        }
        if ui.button("Quit").clicked() {
            exit.write(AppExit::Success);
        }
    });
}

/// A tutorial level: its file is named after it.
fn is_tutorial(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|stem| stem.to_string_lossy().contains("tutorial"))
}
