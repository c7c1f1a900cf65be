//! The main menu (levels with their goals, continue, load, settings,
//! quit) and the pause menu.

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use bevy_egui::egui;

use super::state::UiState;
use crate::game::screen::Screen;
use crate::game::session::{SAVE_DIR, Session};
use crate::modding::{ModChoice, Ruleset};

/// A level in the list.
struct Entry {
    path: PathBuf,
    name: String,
    description: String,
    goals: Vec<String>,
}

fn levels(folder: &Path) -> Vec<Entry> {
    crate::level::ron_files(folder)
        .unwrap_or_default()
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
            list(ui, levels(Path::new("levels")), None, &mut chosen);
            let (mods, problems) = crate::modding::discover(&crate::modding::search_dirs(&[]));
            if !mods.is_empty() || !problems.is_empty() {
                ui.separator();
                ui.heading("Mods");
                ui.label(egui::RichText::new("Ticked mods play with every level; a mod's own levels always load it.").weak());
                let enabled: Vec<String> = mods
                    .iter()
                    .filter(|m| state.enabled_mods.contains(&m.manifest.id))
                    .map(|m| m.manifest.id.clone())
                    .collect();
                let order = crate::modding::load_order(&mods, &enabled);
                for m in &mods {
                    let id = &m.manifest.id;
                    let mut on = state.enabled_mods.contains(id);
                    let position = order.as_ref().ok().and_then(|o| o.iter().position(|x| &x.manifest.id == id));
                    let label = match position {
                        Some(i) if on => format!("{}. {} {}", i + 1, m.manifest.name, m.manifest.version),
                        _ => format!("{} {}", m.manifest.name, m.manifest.version),
                    };
                    if ui.checkbox(&mut on, label).on_hover_text("Load order: dependencies first, then load_after, then id.").changed() {
                        if on {
                            state.enabled_mods.insert(id.clone());
                        } else {
                            state.enabled_mods.remove(id);
                        }
                    }
                    list(ui, levels(&m.dir.join("levels")), Some(&m.dir), &mut chosen);
                }
                if let Err(e) = &order {
                    ui.colored_label(egui::Color32::from_rgb(235, 120, 105), e.to_string());
                }
                for problem in problems {
                    ui.colored_label(egui::Color32::from_rgb(235, 120, 105), problem.to_string());
                }
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
                    for (path, _) in saves {
                        if ui.button(path.display().to_string()).clicked() {
                            chosen = Some(Action::Load(path));
                        }
                    }
                });
                ui.menu_button("Settings", |ui| {
                    ui.label("Text size");
                    if ui.button("larger").clicked() {
                        ui.ctx().set_zoom_factor(ui.ctx().zoom_factor() * 1.1);
                    }
                    if ui.button("smaller").clicked() {
                        ui.ctx().set_zoom_factor(ui.ctx().zoom_factor() / 1.1);
                    }
                });
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
        Action::Load(path) => load(&path),
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

fn load(path: &Path) -> Result<Session, String> {
    let snapshot = crate::saves::read_save(path)?;
    let mut session = Session::open(Path::new(&snapshot.level_file))?;
    session.load(path)?;
    Ok(session)
}

/// Draws the pause menu.
pub fn pause(
    ctx: &egui::Context,
    state: &mut UiState,
    next: &mut NextState<Screen>,
    exit: &mut MessageWriter<AppExit>,
) {
    egui::Window::new("Paused")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
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
            if ui.button("Main menu").clicked() {
                state.paused = false;
                next.set(Screen::MainMenu);
            }
            if ui.button("Quit").clicked() {
                exit.write(AppExit::Success);
            }
        });
}
