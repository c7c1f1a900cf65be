//! The legend of the map mode: a strip along the bottom of the map, above
//! the log, that the map is fitted above so that it never hides a province.

use bevy_egui::egui;

use super::format::rgb;
use crate::game::map::MapMode;
use crate::game::map::palette::{
    CULTURES, EXIT, PROSPERITY, culture_name, culture_palette, domination_stops, gradient,
};
use crate::game::session::Session;
use crate::game::settings::ColourScheme;

/// A gradient from `low` to `high`.
fn ramp(ui: &mut egui::Ui, stops: &[[f32; 3]], low: &str, high: &str) {
    ui.label(low);
    ui.spacing_mut().item_spacing.x = 0.0;
    for i in 0..12 {
        let c = gradient(stops, i as f32 / 11.0);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 14.0), egui::Sense::hover());
        ui.painter().rect_filled(rect, 0.0, rgb(c));
    }
    ui.spacing_mut().item_spacing.x = 8.0;
    ui.label(high);
}

/// A short line of a colour with what it means.
fn line(ui: &mut egui::Ui, [r, g, b]: [u8; 3], meaning: &str) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 14.0), egui::Sense::hover());
    ui.painter().line_segment(
        [rect.left_center(), rect.right_center()],
        egui::Stroke::new(4.0, egui::Color32::from_rgb(r, g, b)),
    );
    ui.label(meaning);
}

/// Draws the legend as a strip at the bottom of what the panels left.
pub fn show(root: &mut egui::Ui, session: &Session, mode: MapMode, scheme: ColourScheme) {
    egui::Panel::bottom("legend").show(root, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(mode.label()).strong());
            match mode {
                MapMode::Political => {
                    line(ui, [247, 247, 242], "your realm");
                    line(ui, [219, 36, 31], "borders closed");
                    line(ui, [245, 158, 31], "permits asked");
                    ui.label("· arrows: who moved · red: stopped at a border · amber: news");
                }
                MapMode::Domination => ramp(ui, domination_stops(scheme), "free 0", "1 dominated"),
                MapMode::ExitOption => ramp(ui, &EXIT, "no way out 0", "1 free to leave"),
                MapMode::Prosperity => ramp(ui, &PROSPERITY, "poor 0", "1 rich"),
                MapMode::Culture => {
                    let rules = session.rules();
                    let cultures = &session.sim.level_info().cultures;
                    let palette = culture_palette(rules, cultures);
                    for (i, key) in cultures.iter().enumerate() {
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                        let c = palette
                            .get(i)
                            .copied()
                            .unwrap_or(CULTURES[i % CULTURES.len()]);
                        ui.painter().rect_filled(rect, 2.0, rgb(c));
                        ui.label(culture_name(rules, key));
                    }
                    ui.label("· paler: more mixed; the number: share of the largest");
                }
            }
        });
    });
}
