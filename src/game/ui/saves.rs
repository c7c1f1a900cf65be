//! The save/load window: save under a name; every save in `saves/` listed
//! newest first with its level, turn and date, to load or delete (asked
//! twice).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use bevy::prelude::*;
use bevy_egui::egui;

use super::state::UiState;
use crate::game::session::{Command, SAVE_DIR};
use crate::saves::{Header, read_header};

/// A save in the list.
pub struct Entry {
    /// Its file.
    pub path: PathBuf,
    /// When it was written.
    pub written: SystemTime,
    /// Its level and turn, when it reads as a save.
    pub header: Option<Header>,
}

impl Entry {
    /// "tutorial, turn 12 · 2026-11-28 06:40 UTC".
    pub fn describe(&self) -> String {
        let what = self.header.as_ref().map_or_else(
            || "not a save of this game".to_string(),
            |h| {
                let level = Path::new(&h.level_file)
                    .file_stem()
                    .map_or_else(|| h.level_file.clone(), |s| s.to_string_lossy().to_string());
                format!("{level}, turn {}", h.turn)
            },
        );
        format!("{what} · {}", when(self.written))
    }
}

/// Save files in the save folder, newest first.
pub fn list() -> Vec<Entry> {
    let mut files: Vec<Entry> = std::fs::read_dir(SAVE_DIR)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .filter_map(|path| {
                    let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
                    let header = read_header(&path);
                    Some(Entry {
                        path,
                        written,
                        header,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by_key(|e| std::cmp::Reverse(e.written));
    files
}

/// A moment as a date and time in UTC: "2026-11-28 06:40 UTC".
pub fn when(time: SystemTime) -> String {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
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
            let saves = list();
            if saves.is_empty() {
                ui.label("No saves yet.");
            }
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    egui::Grid::new("saves").num_columns(3).show(ui, |ui| {
                        for entry in saves {
                            let name = entry
                                .path
                                .file_stem()
                                .map_or_else(String::new, |s| s.to_string_lossy().to_string());
                            ui.label(egui::RichText::new(name).strong());
                            ui.label(entry.describe());
                            ui.horizontal(|ui| {
                                if ui
                                    .add_enabled(entry.header.is_some(), egui::Button::new("Load"))
                                    .clicked()
                                {
                                    commands.write(Command::Load(entry.path.clone()));
                                }
                                if state.delete_asked.as_ref() == Some(&entry.path) {
                                    if ui.button("Really delete").clicked() {
                                        commands.write(Command::DeleteSave(entry.path.clone()));
                                        state.delete_asked = None;
                                    }
                                    if ui.button("Keep").clicked() {
                                        state.delete_asked = None;
                                    }
                                } else if ui.button("Delete").clicked() {
                                    state.delete_asked = Some(entry.path.clone());
                                }
                            });
                            ui.end_row();
                        }
                    });
                });
        });
    state.saves = open;
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    #[test]
    fn dates_read_as_the_calendar_does() {
        let at = |s: u64| super::when(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01 00:00 UTC");
        assert_eq!(at(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(at(1_796_000_000), "2026-11-30 00:53 UTC");
    }
}
