//! The top bar: turn, world score S and fragmentation F side by side,
//! population, political capital, map modes, windows, and End Turn (Enter).

use bevy::prelude::*;
use bevy_egui::egui;

use super::format::people;
use super::state::UiState;
use crate::game::map::MapMode;
use crate::game::session::{Command, Session};

/// Draws the top bar.
pub fn show(
    root: &mut egui::Ui,
    session: &Session,
    state: &mut UiState,
    mode: &mut MapMode,
    commands: &mut MessageWriter<Command>,
) {
    let player = session.player();
    let scores = session.sim.scores();
    let info = session.sim.level_info();
    let (w, turn, max) = (&scores.world, session.turn(), info.max_turns);
    let pending = session.pending().len();
    egui::Panel::top("top").show(root, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.heading(&info.name);
            ui.separator();
            ui.label(format!("Turn {turn} / {max}"));
            ui.separator();
            ui.label(egui::RichText::new(format!("World S {:.3}", w.metrics.score)).strong().size(18.0))
                .on_hover_text("The world's score S (your polity's is in the ledger on the left): S = 0.5·(1 − mean domination) + 0.25·voluntariness + 0.25·equality of power. Higher is freer.");
            ui.label(egui::RichText::new(format!("F {:.3}", w.fragmentation)).size(18.0)).on_hover_text(
                "Fragmentation F = 1 − Σ p² over sovereign units (a federation counts once). Shown beside the score, never part of it: more states is not more freedom.",
            );
            ui.label(format!("{:.1} states", w.effective_polities))
                .on_hover_text("How many states the world amounts to, counting each by its people: two equal states make 2, one giant and a few small ones about 1 (1 / Σ p² over sovereign units; a federation counts once).");
            let hierarchies = match w.hierarchies {
                1 => "1 hierarchy".to_string(),
                n => format!("{n} hierarchies"),
            };
            ui.label(hierarchies)
                .on_hover_text("Polities whose ruler's intensity δ is at least 0.5: top-down states.");
            ui.separator();
            ui.label(format!("{} people", people(w.metrics.population))).on_hover_text("Everyone in the world.");
            if let Some(p) = &player {
                ui.separator();
                ui.label(format!("Capital {:.1}", p.capital))
                    .on_hover_text("Political capital of your polity: actions cost it; it grows by 1 + legitimacy each turn.");
                ui.label(format!("Legitimacy {:.2}", p.legitimacy))
                    .on_hover_text("When legitimacy reaches 0 the ruler falls and the citizens rewrite the constitution.");
            }
            ui.separator();
            for (i, m) in MapMode::ALL.into_iter().enumerate() {
                ui.selectable_value(mode, m, format!("{} {}", i + 1, m.label()))
                    .on_hover_text("Map mode (keys 1 to 5)");
            }
            ui.separator();
            ui.toggle_value(&mut state.charts, "Charts").on_hover_text("S, F and population over time (G)");
            ui.toggle_value(&mut state.log, "Log").on_hover_text("The event log (L)");
            ui.toggle_value(&mut state.saves, "Saves").on_hover_text("Save and load (F5 quick save, F9 quick load)");
            ui.toggle_value(&mut state.help, "Help").on_hover_text("Keys and how to play (H)");
            ui.separator();
            if session.thinking() {
                // The turn is played in the background: the window keeps
                // drawing and answering meanwhile.
                ui.add(egui::Spinner::new());
                ui.label(format!("Playing turn {}...", session.turn() + 1))
                    .on_hover_text("The world is thinking: the map and panels show the last turn until this one is done.");
            } else {
                let label = match pending {
                    0 => "End turn".to_string(),
                    1 => "End turn (1 order)".to_string(),
                    n => format!("End turn ({n} orders)"),
                };
                if ui.button(egui::RichText::new(label).strong().size(18.0)).on_hover_text("Play the turn (Enter)").clicked() {
                    commands.write(Command::EndTurn);
                }
            }
            // Only a turn long enough to notice says how long it took.
            if session.last_turn_ms >= 500.0 {
                ui.label(egui::RichText::new(format!("turn took {:.1} s", session.last_turn_ms / 1000.0)).weak())
                    .on_hover_text("How long the last turn took to simulate.");
            }
            ui.separator();
            ui.toggle_value(&mut state.paused, "Menu")
                .on_hover_text("Pause: settings, save, the main menu (Esc)");
        });
    });
}
