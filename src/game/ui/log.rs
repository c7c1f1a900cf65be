//! The event log: what happened each turn, refused orders in red.

use bevy_egui::egui;

use crate::game::session::Session;

/// Draws the event log at the bottom.
pub fn show(root: &mut egui::Ui, session: &Session) {
    egui::Panel::bottom("log")
        .resizable(true)
        .default_size(150.0)
        .show(root, |ui| {
            ui.label(egui::RichText::new("Event log").strong());
            egui::ScrollArea::vertical()
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    for line in session
                        .log
                        .iter()
                        .rev()
                        .take(300)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                    {
                        let text = format!("turn {:>2}  {}", line.turn, line.text);
                        if line.warning {
                            ui.colored_label(egui::Color32::from_rgb(235, 120, 105), text);
                        } else {
                            ui.label(text);
                        }
                    }
                });
        });
}
