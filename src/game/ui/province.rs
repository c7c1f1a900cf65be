//! The province panel: the selected province's people, cultures, economy,
//! domination, exit option and equality, and this turn's migration; and the
//! short card of the province under the pointer.

use bevy_egui::egui;

use super::format::{bar, people, value};
use crate::game::map::Selection;
use crate::game::map::palette::culture_name;
use crate::game::session::Session;
use crate::game::wording::border;
use crate::sim::ids::{CultureId, ProvinceId};

/// Draws the province panel.
pub fn show(ui: &mut egui::Ui, session: &Session, selection: &mut Selection) {
    let Some(id) = selection.0 else {
        ui.label("Click a province on the map to see its ledger.");
        return;
    };
    let sim = &session.sim;
    let provinces = sim.provinces();
    let polities = sim.polities();
    let Some(province) = provinces.get(id.index()) else {
        selection.0 = None;
        return;
    };
    let census = sim.census();
    let info = sim.level_info();
    let scale = f64::from(info.scale);
    let stats = sim.stats();
    let Some(ledger) = sim.scores().provinces.get(id.index()) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(&province.name);
        if ui.small_button("x").on_hover_text("Deselect").clicked() {
            selection.0 = None;
        }
    });
    ui.label(format!("part of {}", polities[province.owner.index()].name));
    egui::Grid::new("province").num_columns(2).show(ui, |ui| {
        value(ui, "People", people(ledger.people), "People living here.");
        value(ui, "Capacity", people(f64::from(province.capacity) * scale), "People it holds before overcrowding lowers prosperity.");
        bar(ui, "Domination", ledger.domination, "Mean domination exposure of its people.");
        // Members and the others differ only where there are communes.
        let members = census.commune_members.get(id.index()).copied().unwrap_or(0);
        if members > 0 {
            bar(ui, "  outside communes", ledger.domination_plain, "Domination of a person who is in no commune.");
            bar(ui, "  in a commune", ledger.domination_member, "Domination of a commune member.");
        }
        bar(ui, "Freedom to leave", ledger.exit_option, "L: an open exit to somewhere that takes them and has room, at a cost of moving they can bear; or a commune to found.");
        bar(ui, "Exit discipline", ledger.exit_discipline, "X: how much a way out to a place that dominates less restrains the rulers here. Leaving one prison for another restrains no one.");
        let option = match ledger.foreign_hops {
            Some(1) => "1 hop away".into(),
            Some(h) => format!("{h} hops away"),
            None => "none in reach".into(),
        };
        value(ui, "Foreign refuge", option, "The nearest province of another polity in reach that admits newcomers.");
        bar(ui, "Equality", ledger.equality, "1 − Gini of decision power over this province's affairs.");
        bar(ui, "Prosperity", province.prosperity, "Rises with population up to capacity, trade across open borders and infrastructure; extraction by the ruler lowers it.");
        bar(ui, "Infrastructure", province.infrastructure, "Reach is 1 + 2·infrastructure hops; moving costs less.");
        let [r, p, m, c] = ledger.intensities;
        // Two rows: one would be wider than the panel.
        let why = "How hard each tier presses on a life here; the citizens' own tier presses on minorities as far as the majority overrules them.";
        value(ui, "Intensity δ", format!("ruler {r:.2} · assembly {p:.2}"), why);
        value(ui, "", format!("council {m:.2} · majority {c:.2}"), why);
        let grievance = census.grievance.get(id.index()).copied().unwrap_or(0.0);
        bar(ui, "Grievance", grievance, "Mean grievance: grows while people value their home below 0.45.");
        let out: u32 = stats.flows.iter().filter(|((f, _), _)| *f == id).map(|(_, n)| n).sum();
        let came: u32 = stats.flows.iter().filter(|((_, t), _)| *t == id).map(|(_, n)| n).sum();
        value(ui, "Moved out / in", format!("{} / {}", people(f64::from(out) * scale), people(f64::from(came) * scale)), "People who left or arrived this turn.");
        let blocked = stats.blocked_by_province.get(&id).copied().unwrap_or(0);
        value(ui, "Blocked exits", people(f64::from(blocked) * scale), "People stopped at a closed border this turn.");
    });
    ui.label(egui::RichText::new("Cultures").strong());
    let total = f64::from(
        census
            .population
            .get(id.index())
            .copied()
            .unwrap_or(0)
            .max(1),
    );
    for (c, key) in info.cultures.iter().enumerate() {
        let name = culture_name(sim.rules(), key);
        let n = census.count(id, CultureId(c as u32));
        if n > 0 {
            let share = f64::from(n) / total;
            ui.add(
                egui::ProgressBar::new(share as f32)
                    .desired_width(220.0)
                    .text(format!("{name} {:.0}%", share * 100.0)),
            );
        }
    }
}

/// The short card of a province shown beside the pointer on the map: whose
/// it is, its people, the terms of the score that live in it, this turn's
/// moves and the borders around it.
pub fn card(ui: &mut egui::Ui, session: &Session, id: ProvinceId) {
    let sim = &session.sim;
    let provinces = sim.provinces();
    let (Some(province), Some(ledger)) = (
        provinces.get(id.index()),
        sim.scores().provinces.get(id.index()),
    ) else {
        return;
    };
    let Some(owner) = sim.polity(province.owner) else {
        return;
    };
    let scale = f64::from(sim.level_info().scale);
    ui.label(egui::RichText::new(&province.name).strong().size(16.0));
    let yours = session.player().is_some_and(|p| p.id == owner.id);
    ui.label(if yours {
        format!("part of {} (yours)", owner.name)
    } else {
        format!("part of {}", owner.name)
    });
    egui::Grid::new("province card")
        .num_columns(2)
        .show(ui, |ui| {
            let row = |ui: &mut egui::Ui, label: &str, value: String| {
                ui.label(label);
                ui.label(egui::RichText::new(value).strong());
                ui.end_row();
            };
            row(ui, "People", people(ledger.people));
            row(ui, "Domination", format!("{:.2}", ledger.domination));
            row(ui, "Freedom to leave", format!("{:.2}", ledger.exit_option));
            row(
                ui,
                "Exit discipline",
                format!("{:.2}", ledger.exit_discipline),
            );
            row(ui, "Equality", format!("{:.2}", ledger.equality));
            row(ui, "Prosperity", format!("{:.2}", province.prosperity));
            let stats = sim.stats();
            let moved = |f: &dyn Fn(ProvinceId, ProvinceId) -> bool| {
                let n: u32 = stats
                    .flows
                    .iter()
                    .filter(|((a, b), _)| f(*a, *b))
                    .map(|(_, n)| n)
                    .sum();
                people(f64::from(n) * scale)
            };
            row(
                ui,
                "Left / arrived",
                format!("{} / {}", moved(&|a, _| a == id), moved(&|_, b| b == id)),
            );
            let blocked = stats.blocked_by_province.get(&id).copied().unwrap_or(0);
            if blocked > 0 {
                row(
                    ui,
                    "Stopped at a border",
                    people(f64::from(blocked) * scale),
                );
            }
            let words = format!(
                "exit {}, entry {}",
                border(owner.borders.exit),
                border(owner.borders.entry)
            );
            row(ui, "Borders", words);
        });
    ui.label(egui::RichText::new("Click for the full ledger.").weak());
}
