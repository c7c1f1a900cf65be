//! The save/load window: save under a name, load any save in `saves/`.

use bevy::prelude::*;
use bevy_egui::egui;

use super::state::UiState;
use crate::game::session::{Command, SAVE_DIR};

/// Save files in the save folder, newest first.
pub fn list() -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(SAVE_DIR)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .filter_map(|p| {
                    let time = std::fs::metadata(&p).and_then(|m| m.modified()).ok()?;
                    Some((p, time))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|b| std::cmp::Reverse(b.1));
    files
}

/// Draws the save/load window.
pub fn show(ctx: &egui::Context, state: &mut UiState, commands: &mut MessageWriter<Command>) {
    let mut open = state.saves;
    egui::Window::new("Save and load")
        .open(&mut open)
        .default_pos([480.0, 160.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.text_edit_singleline(&mut state.save_name);
                let name: String = state
                    .save_name
                    .chars()
                    .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if ui
                    .add_enabled(!name.is_empty(), egui::Button::new("Save"))
                    .clicked()
                {
                    commands.write(Command::Save(name));
                }
            });
            ui.label(
                egui::RichText::new("F5 saves to quick.ron, F9 loads it; every turn autosaves.")
                    .weak(),
            );
            ui.separator();
            for (path, _) in list() {
                ui.horizontal(|ui| {
                    ui.label(path.display().to_string());
                    if ui.button("Load").clicked() {
                        commands.write(Command::Load(path.clone()));
                    }
                });
            }
        });
    state.saves = open;
}
