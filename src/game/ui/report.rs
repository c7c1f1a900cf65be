//! The end-of-game report: victory or defeat, the goals, and where the
//! world stands.

use bevy::prelude::*;
use bevy_egui::egui;

use super::state::UiState;
use crate::game::screen::Screen;
use crate::game::session::{Command, Session};
use crate::sim::ids::PolityId;
use crate::sim::outcome::GameState;

/// Draws the report when the game is over.
pub fn show(
    ctx: &egui::Context,
    session: &Session,
    state: &mut UiState,
    next: &mut NextState<Screen>,
    commands: &mut MessageWriter<Command>,
) {
    let sim = &session.sim;
    let outcome = sim.outcome();
    if outcome.state == GameState::Playing {
        state.report_closed = false;
        return;
    }
    if state.report_closed {
        return;
    }
    let polities = sim.polities();
    let goals = &sim.scenario().goals;
    let scores = sim.scores();
    let first = sim
        .history()
        .first()
        .map(|e| e.world.clone())
        .unwrap_or_default();
    let (title, line) = match &outcome.state {
        GameState::Victory { turn } => ("Victory", format!("Every goal met by turn {turn}.")),
        GameState::Defeat { turn, reason, .. } => ("Defeat", format!("Turn {turn}: {reason}.")),
        GameState::Ended { turn } => (
            "The end",
            format!("The last turn, {turn}, has been played."),
        ),
        GameState::Playing => ("", String::new()),
    };
    let path = session.level_path.clone();
    egui::Window::new(title)
        .collapsible(false)
        .default_pos([520.0, 200.0])
        .show(ctx, |ui| {
            ui.heading(line);
            for (goal, met) in goals.iter().zip(&outcome.met) {
                let name = |id: PolityId| {
                    polities
                        .get(id.index())
                        .map_or("?".into(), |p| p.name.clone())
                };
                let mark = if met.is_some() { "[met]" } else { "[missed]" };
                ui.label(format!("{mark} {}", goal.describe(name)));
            }
            ui.separator();
            egui::Grid::new("report").num_columns(3).show(ui, |ui| {
                ui.label("");
                ui.label("start");
                ui.label("now");
                ui.end_row();
                for (label, a, b) in [
                    (
                        "World score S",
                        first.metrics.score,
                        scores.world.metrics.score,
                    ),
                    (
                        "Fragmentation F",
                        first.fragmentation,
                        scores.world.fragmentation,
                    ),
                    (
                        "Domination",
                        first.metrics.domination,
                        scores.world.metrics.domination,
                    ),
                    (
                        "Exit option",
                        first.metrics.exit_option,
                        scores.world.metrics.exit_option,
                    ),
                ] {
                    ui.label(label);
                    ui.label(format!("{a:.3}"));
                    ui.label(format!("{b:.3}"));
                    ui.end_row();
                }
            });
            // The political news of the game, from the same records as the
            // log and the map's tags.
            let news: Vec<String> = session
                .log
                .iter()
                .filter(|l| l.news.as_ref().is_some_and(|n| n.kind.is_political()))
                .map(|l| format!("turn {:>2}  {}", l.turn, l.text))
                .collect();
            if !news.is_empty() {
                ui.separator();
                ui.label(egui::RichText::new("What happened").strong());
                egui::ScrollArea::vertical()
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for line in &news {
                            ui.label(line);
                        }
                    });
            }
            ui.horizontal(|ui| {
                if ui.button("Play again").clicked() {
                    commands.write(Command::Open(path.clone()));
                }
                if ui.button("Keep playing").on_hover_text("After a victory the world goes on; after a defeat you can still look around.").clicked() {
                    state.report_closed = true;
                }
                if ui.button("Main menu").clicked() {
                    next.set(Screen::MainMenu);
                }
            });
        });
}
