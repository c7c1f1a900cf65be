//! The objectives card: a strip above the map with the level's goals, each
//! with where it stands now and whether it is met, and what to do next (the
//! first unmet goal's note). The map is fitted below it.

use bevy_egui::egui;

use crate::game::session::Session;
use crate::sim::outcome::{GameState, Outcome};
use crate::sim::scenario::Goal;
use crate::sim::simulation::Simulation;

const MET: egui::Color32 = egui::Color32::from_rgb(110, 200, 120);
const OPEN: egui::Color32 = egui::Color32::from_rgb(240, 190, 60);
const MISSED: egui::Color32 = egui::Color32::from_rgb(235, 120, 105);

/// A goal's bound in short: "≤ 0.30", "≥ 0.75".
fn bound(goal: &Goal) -> String {
    match (goal.at_least, goal.at_most) {
        (Some(l), Some(m)) => format!("{l:.2}–{m:.2}"),
        (Some(l), None) => format!("≥ {l:.2}"),
        (None, Some(m)) => format!("≤ {m:.2}"),
        (None, None) => "any".into(),
    }
}

/// Draws the card when the level has goals.
pub fn show(root: &mut egui::Ui, session: &Session) {
    let sim = &session.sim;
    let goals = &sim.scenario().goals;
    if goals.is_empty() {
        return;
    }
    let outcome = sim.outcome();
    let over = outcome.state != GameState::Playing;
    egui::Panel::top("objectives").show(root, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new("Objectives").strong());
            for (i, goal) in goals.iter().enumerate() {
                let met = outcome.met.get(i).copied().flatten();
                let now = sim.measure(goal.metric, goal.scope);
                goal_line(ui, sim, goal, (i, met, now), over);
                ui.add_space(8.0);
            }
        });
        if let Some(text) = advice(goals, outcome).filter(|_| !over) {
            ui.label(egui::RichText::new(text).color(OPEN));
        }
    });
}

/// What to do next: the note of the first goal neither met nor holding
/// now; when every goal left holds, how long each must still hold.
fn advice(goals: &[Goal], outcome: &Outcome) -> Option<String> {
    let streak = |i: usize| outcome.streak.get(i).copied().unwrap_or(0);
    let unmet = |i: &usize| outcome.met.get(*i).copied().flatten().is_none();
    let next = (0..goals.len())
        .filter(unmet)
        .find(|&i| streak(i) == 0)
        .and_then(|i| goals[i].note.as_deref());
    if let Some(note) = next {
        return Some(format!("Next: {note}"));
    }
    let holding: Vec<String> = (0..goals.len())
        .filter(unmet)
        .filter(|&i| streak(i) > 0)
        .map(|i| {
            let left = goals[i].hold_for.saturating_sub(streak(i));
            let turns = if left == 1 { "turn" } else { "turns" };
            format!(
                "{} {left} more {turns}",
                goals[i].metric.words().to_lowercase()
            )
        })
        .collect();
    (!holding.is_empty()).then(|| format!("Hold on: {}.", holding.join(", ")))
}

/// One goal: a dot (filled green once met, red once missed) and its words
/// with where it stands.
fn goal_line(
    ui: &mut egui::Ui,
    sim: &Simulation,
    goal: &Goal,
    (i, met, now): (usize, Option<u32>, Option<f64>),
    over: bool,
) {
    let mut text = format!("{} {}", goal.metric.words(), bound(goal));
    match (met, now) {
        (Some(turn), _) => text.push_str(&format!(" — met on turn {turn}")),
        (None, _) if over => text.push_str(" — missed"),
        (None, Some(v)) => {
            // Three decimals: 0.304 against "≤ 0.30" must not read as met.
            text.push_str(&format!(" — now {v:.3}"));
            let streak = sim.outcome().streak.get(i).copied().unwrap_or(0);
            if streak > 0 && goal.hold_for > 1 {
                text.push_str(&format!(", held {streak} of {}", goal.hold_for));
            }
        }
        (None, None) => {}
    }
    let tip = format!(
        "{}{}",
        goal.describe(|id| sim.polity(id).map_or("?".into(), |p| p.name.clone())),
        goal.note
            .as_ref()
            .map_or(String::new(), |n| format!("\n{n}"))
    );
    // The dot and the words in one piece, which moves to the next line
    // whole when it does not fit.
    let words = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    let size = egui::vec2(16.0 + words.size().x, words.size().y.max(12.0));
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    ui.allocate_ui_with_layout(size, layout, |ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        let painter = ui.painter();
        let _ = match (met, over) {
            (Some(_), _) => painter.circle_filled(rect.center(), 5.0, MET),
            (None, true) => painter.circle_filled(rect.center(), 5.0, MISSED),
            (None, false) => {
                painter.circle_stroke(rect.center(), 5.0, egui::Stroke::new(1.5, OPEN))
            }
        };
        ui.label(words).on_hover_text(tip);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::{Metric, Scope};

    fn goal(metric: Metric, note: &str) -> Goal {
        Goal {
            metric,
            scope: Scope::World,
            at_least: Some(0.5),
            at_most: None,
            by_turn: 30,
            hold_for: 5,
            note: Some(note.into()),
        }
    }

    #[test]
    fn next_is_the_first_goal_neither_met_nor_holding() {
        let goals = [
            goal(Metric::Domination, "devolve"),
            goal(Metric::FreedomToLeave, "open"),
        ];
        let mut outcome = Outcome::default();
        // Turn 0: nothing recorded yet.
        assert_eq!(advice(&goals, &outcome).as_deref(), Some("Next: devolve"));
        // The first holds for two turns: the second is next.
        outcome.met = vec![None, None];
        outcome.streak = vec![2, 0];
        assert_eq!(advice(&goals, &outcome).as_deref(), Some("Next: open"));
        // The second met, the first still holding: how long it must hold.
        outcome.met = vec![None, Some(6)];
        assert_eq!(
            advice(&goals, &outcome).as_deref(),
            Some("Hold on: domination 3 more turns.")
        );
        outcome.met = vec![Some(7), Some(6)];
        assert_eq!(advice(&goals, &outcome), None);
    }
}
