//! The help overlay: keys and the ideas of the game in brief.

use bevy_egui::egui;

/// The keys, as shown in the help window.
pub const KEYS: &[(&str, &str)] = &[
    ("Enter", "end the turn"),
    ("Click", "select a province"),
    ("Drag, W A S D, arrows", "pan the map"),
    ("Wheel", "zoom"),
    ("C, Home", "re-centre the map"),
    (
        "1 – 5",
        "map mode: political, domination, exit option, prosperity, culture",
    ),
    ("G", "charts"),
    ("L", "event log"),
    ("F5 / F9", "quick save / quick load"),
    ("H, F1", "this help"),
    ("Esc", "pause menu"),
];

/// Draws the help window.
pub fn show(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Help").open(open).default_pos([480.0, 140.0]).show(ctx, |ui| {
        egui::Grid::new("keys").striped(true).show(ui, |ui| {
            for (key, what) in KEYS {
                ui.label(egui::RichText::new(*key).strong());
                ui.label(*what);
                ui.end_row();
            }
        });
        ui.separator();
        ui.label("The score S counts how little arbitrary power reaches into people's lives and how freely they can leave.");
        ui.label("Splitting a state into copies of itself raises fragmentation F, not S: four wardens are four prisons.");
        ui.label("Devolve power, open your borders, charter communes. Once the lower tiers hold the majority, your citizens decide some changes by referendum.");
        ui.label("Closed borders that stop people who can see somewhere better cost their rulers legitimacy; a ruler at zero legitimacy falls.");
    });
}
