//! An order's preview in the actions panel: one line with the change of
//! your score after the next turn and after five, and under it, folded, the
//! change of each term (domination, voluntariness, equality, legacy, the
//! world's S and F) at both horizons; when nothing moves, why.

use bevy_egui::egui;

use super::format::delta;
use crate::game::session::{Outlook, Preview};

const REFUSED: egui::Color32 = egui::Color32::from_rgb(235, 120, 105);

/// The line beside the action: your score's change next turn and in five
/// turns, or why it would be refused.
pub fn summary(ui: &mut egui::Ui, preview: &Preview) {
    match preview {
        Preview::Applied { outlooks, .. } => {
            ui.label("yours");
            for (i, outlook) in outlooks.iter().enumerate() {
                if i > 0 {
                    ui.label(egui::RichText::new(format!("in {}:", outlook.turns)).weak());
                }
                delta(ui, outlook.score, true);
            }
        }
        Preview::Refused(why) => {
            ui.colored_label(REFUSED, format!("refused: {why}"));
        }
    }
}

/// The terms at each horizon, folded under the action; and why nothing
/// moves when nothing does.
pub fn details(ui: &mut egui::Ui, preview: &Preview, salt: &str) {
    let Preview::Applied {
        outlooks,
        why_nothing,
    } = preview
    else {
        return;
    };
    if let Some(why) = why_nothing {
        ui.label(egui::RichText::new(format!("No change: {why}.")).italics());
        return;
    }
    egui::CollapsingHeader::new("what each term does")
        .id_salt(("preview", salt))
        .show(ui, |ui| terms(ui, outlooks, salt));
}

/// One row a term: its change after each horizon.
fn terms(ui: &mut egui::Ui, outlooks: &[Outlook], salt: &str) {
    type Term = (&'static str, fn(&Outlook) -> f64, bool, &'static str);
    let rows: [Term; 7] = [
        ("your S", |o| o.score, true, "Your polity's score."),
        (
            "domination",
            |o| o.domination,
            false,
            "How far others' power reaches into your people's lives (lower is better; half of S).",
        ),
        (
            "voluntariness",
            |o| o.voluntariness,
            true,
            "Whether they stay because they choose to: freedom to leave and no forced sorting (a quarter of S).",
        ),
        (
            "equality",
            |o| o.equality,
            true,
            "How evenly decision power over their own affairs is spread (a quarter of S).",
        ),
        (
            "legacy",
            |o| o.legacy,
            true,
            "The mean score so far of the people who were yours at the start, wherever they live now: what victory is judged on.",
        ),
        ("world S", |o| o.world_score, true, "The world's score."),
        (
            "fragmentation",
            |o| o.fragmentation,
            true,
            "F: how split the world is into states. Shown beside S, never part of it: splitting a top-down state into top-down pieces raises F, not S.",
        ),
    ];
    egui::Grid::new(("preview terms", salt))
        .num_columns(outlooks.len() + 1)
        .show(ui, |ui| {
            ui.label("");
            for o in outlooks {
                let turns = if o.turns == 1 {
                    "next turn".to_string()
                } else {
                    format!("in {} turns", o.turns)
                };
                ui.label(egui::RichText::new(turns).weak());
            }
            ui.end_row();
            for (name, of, higher_is_better, tip) in rows {
                ui.label(name).on_hover_text(tip);
                for o in outlooks {
                    // Fragmentation is neither good nor bad for the score.
                    if name == "fragmentation" {
                        let d = of(o);
                        let text = if d.abs() < 5e-4 {
                            "0.000".to_string()
                        } else {
                            format!("{d:+.3}")
                        };
                        ui.label(egui::RichText::new(text).weak());
                    } else {
                        delta(ui, of(o), higher_is_better);
                    }
                }
                ui.end_row();
            }
        });
}
