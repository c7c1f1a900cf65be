//! The polity panel: the score ledger of the player's polity (or of the
//! selected province's owner): where power sits by tier, the exit option,
//! blocked exits, coerced people, communes, and which term moved this turn.

use bevy_egui::egui;

use super::format::{bar, delta, people, value};
use crate::game::session::Session;
use crate::sim::ids::{PolityId, ProvinceId};
use crate::sim::scenario::Scope;
use crate::sim::scoring::HistoryEntry;
use crate::sim::simulation::Simulation;
use crate::sim::world::{Commune, Controller, Polity, Province, Tier};

/// Draws the polity panel on the left.
pub fn show(root: &mut egui::Ui, session: &Session, selected: Option<ProvinceId>, width: f32) {
    let sim = &session.sim;
    let provinces = sim.provinces();
    let polities = sim.polities();
    let shown = selected
        .and_then(|p| provinces.get(p.index()))
        .map(|p| p.owner)
        .or_else(|| {
            polities
                .iter()
                .find(|p| p.controller == Controller::Player)
                .map(|p| p.id)
        });
    let communes: Vec<&Commune> = sim
        .communes()
        .into_iter()
        .filter(|c| !c.dissolved)
        .collect();
    egui::Panel::left("polity")
        .exact_size(width)
        .show(root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let Some(polity) = shown.and_then(|id| polities.get(id.index()).copied()) else {
                    ui.label("Select a province to see its polity.");
                    return;
                };
                ledger(ui, sim, polity, &provinces, &communes);
                goals(ui, sim, &polities);
            });
        });
}

fn ledger(
    ui: &mut egui::Ui,
    sim: &Simulation,
    polity: &Polity,
    provinces: &[&Province],
    communes: &[&Commune],
) {
    let scores = sim.scores();
    let rules = sim.rules();
    let who = match &polity.controller {
        Controller::Player => "you".to_string(),
        Controller::Ai(a) => format!("AI, {a:?}"),
        Controller::Custom(id) => format!("AI, {id}"),
    };
    ui.heading(&polity.name);
    // A player's ruler may be named "You": say it once.
    if polity.controller == Controller::Player && polity.ruler.name.eq_ignore_ascii_case("you") {
        ui.label("Your polity");
    } else {
        ui.label(format!("{} ({who})", polity.ruler.name));
    }
    if polity.dissolved {
        ui.label("This polity no longer exists.");
        return;
    }
    let Some(score) = scores.polity(polity.id) else {
        ui.label("No people live here.");
        return;
    };
    let m = score.metrics;
    egui::Grid::new("polity-score").num_columns(2).show(ui, |ui| {
        bar(ui, "Score S", m.score, "0.5·(1 − domination) + 0.25·voluntariness + 0.25·equality, over this polity's people.");
        bar(ui, "Domination", m.domination, "Mean domination exposure: how far arbitrary power reaches into its people's lives (lower is better).");
        if let Some(legacy) = scores.legacy(polity.id) {
            bar(ui, "Legacy", legacy, "The mean, over the turns played, of the score of the people who lived here at the start, wherever they live now. What you are judged by: a late reform does not erase years of prison, and people you gave away still count.");
        }
        bar(ui, "Freedom to leave", m.exit_option, "Mean L: can its people leave for somewhere that takes them and has room, or found a commune?");
        bar(ui, "Exit discipline", m.exit_discipline, "Mean X: how far a way out to a place that dominates less restrains its rulers.");
        bar(ui, "Voluntariness", m.voluntariness, "½·((1 − forced sorting) + mean exit option).");
        bar(ui, "Equality", m.equality, "1 − Gini of decision power over its provinces' affairs.");
        value(ui, "People", people(m.population), "People living in its provinces.");
        value(ui, "Legitimacy", format!("{:.2}", polity.legitimacy), "At 0 the ruler falls and the citizens rewrite the constitution.");
        value(ui, "Capital", format!("{:.1}", polity.capital), "Political capital: actions cost it.");
        value(ui, "Blocked exits", people(f64::from(polity.turn.blocked) * f64::from(sim.level_info().scale)), "People who tried to leave this turn and were stopped at a closed border: domination made visible.");
        value(ui, "Coerced people", people(m.coerced), "People living where they do because they were moved or sorted by force.");
        let own: Vec<_> = provinces.iter().filter(|p| p.owner == polity.id).map(|p| p.id).collect();
        let count = communes.iter().filter(|c| own.contains(&c.province)).count();
        value(ui, "Communes", count.to_string(), "Voluntary associations that govern the chartered share for their members.");
        value(ui, "Borders", format!("exit {}, entry {}", polity.borders.exit.name(), polity.borders.entry.name()), "Open: anyone passes. Permit: a fee, half get through. Closed: no one.");
        value(ui, "Commune charter", format!("{:.2}", polity.commune_charter), "The part of the ruler's and provinces' share communes exercise for their members.");
        value(ui, "Answer to protest", crate::game::wording::response(polity.response).to_string(), "Listen: a small devolution. Repress: authority up. Ignore: legitimacy slowly drains.");
        if polity.turn.crept > 0.0005 {
            value(ui, "Crept back", format!("{:.3} to the ruler last turn", polity.turn.crept), "Offices gather powers unless people could leave for somewhere better: each turn every lower tier loses creep·(1 − exit discipline) of its share to the ruler. Renew what you devolved, or make a better place reachable.");
        }
        if let Some(turn) = polity.fell_on {
            value(ui, "Regime fell", format!("turn {turn} ({} in all)", polity.falls), "For a few turns after a fall its provinces are weak: a warden next door may annex them unless a federation protects them.");
        }
        if !polity.pending.is_empty() {
            let list: Vec<String> = polity
                .pending
                .iter()
                .map(|s| format!("{:.2} {:?} to {:?}", s.amount, s.from, s.to))
                .collect();
            // Short, one a line: the panel is narrow.
            value(ui, "Pending", list.join("\n"), "Shares ordered to move that have not moved yet: a constitution changes by at most a step a turn (max_step), so larger orders are phased in over the next turns.");
        }
    });
    ui.separator();
    ui.label(egui::RichText::new("Where power sits").strong())
        .on_hover_text("Share s of everyone's affairs each tier decides, and how arbitrarily (α). δ is the intensity felt, higher for a ruler close at hand.");
    egui::Grid::new("tiers")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.label("tier");
            ui.label("share s");
            ui.label("α");
            ui.label("s·α");
            ui.end_row();
            let s = &rules.scoring;
            for tier in Tier::ALL {
                let alpha = match tier {
                    Tier::Ruler => polity.ruler.authority,
                    Tier::Province => s.alpha_province,
                    Tier::Municipal => s.alpha_municipal,
                    Tier::Citizens => 0.0,
                };
                let share = polity.power.get(tier);
                ui.label(format!("{tier:?}"));
                ui.add(
                    egui::ProgressBar::new(share as f32)
                        .desired_width(80.0)
                        .text(format!("{share:.2}")),
                );
                ui.label(format!("{alpha:.2}"));
                ui.label(format!("{:.3}", share * alpha));
                ui.end_row();
            }
        });
    ui.label(format!("Ruler intensity δ {:.3}", score.ruler_intensity))
        .on_hover_text(
            "δ = α + λ·ι(N)·α·(1 − α): a ruler over fewer people reaches further into each life.",
        );
    ui.separator();
    changes(ui, sim, polity);
}

fn changes(ui: &mut egui::Ui, sim: &Simulation, polity: &Polity) {
    ui.label(egui::RichText::new("What moved this turn").strong())
        .on_hover_text("The change of this polity's score since the last turn, and how much of it came from each term: less domination raises S.");
    let [.., before, after] = sim.history() else {
        ui.label("Nothing yet: end a turn.");
        return;
    };
    let find = |entry: &HistoryEntry| {
        entry
            .polities
            .iter()
            .find(|p| p.id == polity.id)
            .map(|p| p.metrics)
    };
    let (Some(b), Some(a)) = (find(before), find(after)) else {
        ui.label("It did not exist a turn ago.");
        return;
    };
    let s = &sim.rules().scoring;
    let terms = [
        (
            "from domination",
            -(a.domination - b.domination) * s.weight_domination,
            "power over people moved (tiers, authority, exit)",
        ),
        (
            "from voluntariness",
            (a.voluntariness - b.voluntariness) * s.weight_voluntariness,
            "exit options or forced sorting changed",
        ),
        (
            "from equality",
            (a.equality - b.equality) * s.weight_equality,
            "decision power was spread or concentrated",
        ),
    ];
    egui::Grid::new("changes").num_columns(2).show(ui, |ui| {
        ui.label("S");
        delta(ui, a.score - b.score, true);
        ui.end_row();
        for (name, d, why) in terms {
            ui.label(name).on_hover_text(why);
            delta(ui, d, true);
            ui.end_row();
        }
    });
    if let Some((name, _, why)) = terms
        .iter()
        .filter(|t| t.1.abs() >= 5e-4)
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
    {
        ui.label(egui::RichText::new(format!("Mostly {name}: {why}.")).italics());
    }
    // What moved it: orders, falls, who left and who came.
    let causes = super::causes::this_turn(sim, polity.id);
    if !causes.is_empty() {
        ui.label(egui::RichText::new("Because").strong());
        for cause in causes.iter().take(8) {
            ui.label(format!("• {cause}"));
        }
        if causes.len() > 8 {
            ui.label(
                egui::RichText::new(format!("and {} more in the log", causes.len() - 8)).weak(),
            );
        }
    }
}

fn goals(ui: &mut egui::Ui, sim: &Simulation, polities: &[&Polity]) {
    let goals = &sim.scenario().goals;
    if goals.is_empty() {
        return;
    }
    let met = &sim.outcome().met;
    ui.separator();
    ui.label(egui::RichText::new("Goals").strong());
    for (i, goal) in goals.iter().enumerate() {
        let name = |id: PolityId| {
            polities
                .get(id.index())
                .map_or("?".into(), |p| p.name.clone())
        };
        let text = goal.describe(name);
        let done = met.get(i).copied().flatten();
        let label = match done {
            Some(t) => format!("[met] {text} (turn {t})"),
            None => format!("[ ] {text}"),
        };
        let scope = match goal.scope {
            Scope::World => "the whole world",
            Scope::Polity(_) => "one polity",
        };
        ui.label(label)
            .on_hover_text(format!("Measured over {scope}."));
    }
}
