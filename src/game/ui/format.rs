//! Small helpers for numbers in the panels: people, shares, and a value
//! with a tooltip that says what it means.

use bevy_egui::egui;

pub use crate::sim::news::people;

/// A colour of the map (RGB, 0..1, sRGB) as egui's.
pub fn rgb(c: [f32; 3]) -> egui::Color32 {
    let [r, g, b] = c.map(|v| (v.clamp(0.0, 1.0) * 255.0) as u8);
    egui::Color32::from_rgb(r, g, b)
}

/// A labelled value with a tooltip on both.
pub fn value(ui: &mut egui::Ui, label: &str, value: String, tip: &str) {
    ui.label(label).on_hover_text(tip);
    ui.label(egui::RichText::new(value).strong())
        .on_hover_text(tip);
    ui.end_row();
}

/// A 0..1 value as a short bar with its number.
pub fn bar(ui: &mut egui::Ui, label: &str, v: f64, tip: &str) {
    ui.label(label).on_hover_text(tip);
    ui.add(
        egui::ProgressBar::new(v.clamp(0.0, 1.0) as f32)
            .desired_width(140.0)
            .text(format!("{v:.3}")),
    )
    .on_hover_text(tip);
    ui.end_row();
}

/// A signed change, green when it is good.
pub fn delta(ui: &mut egui::Ui, d: f64, higher_is_better: bool) {
    let good = (d > 0.0) == higher_is_better;
    let color = if d.abs() < 5e-4 {
        egui::Color32::GRAY
    } else if good {
        egui::Color32::from_rgb(110, 200, 120)
    } else {
        egui::Color32::from_rgb(230, 110, 100)
    };
    // A change that rounds to nothing reads as nothing, not "-0.000".
    let text = if d.abs() < 5e-4 {
        "0.000".to_string()
    } else {
        format!("{d:+.3}")
    };
    ui.colored_label(color, text);
}

#[cfg(test)]
mod tests {
    #[test]
    fn people_are_short() {
        assert_eq!(super::people(950.0), "950");
        assert_eq!(super::people(12_345.0), "12.3k");
        assert_eq!(super::people(4_500_000.0), "4.50M");
    }
}
