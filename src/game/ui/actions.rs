//! The actions panel: every action the player's polity may take, what it
//! costs, why it is unavailable when it is, and a preview of its effect on
//! S and F next turn computed on a copy of the simulation.

use bevy::prelude::*;
use bevy_egui::egui;

use super::UiState;
use crate::game::session::{Command, Preview, Session};
use crate::level::schema::{ActionFile, OrderFile};
use crate::sim::ids::ProvinceId;
use crate::sim::orders::action_cost;
use crate::sim::rules::Rules;
use crate::sim::world::{BorderPolicy, LevelInfo, Polity, Response, Tier};

/// Draws the actions panel.
pub fn show(
    ui: &mut egui::Ui,
    session: &mut Session,
    state: &mut UiState,
    selected: Option<ProvinceId>,
    commands: &mut MessageWriter<Command>,
) {
    ui.heading("Actions");
    let Some(player) = session.player() else {
        ui.label("You govern no polity in this level.");
        return;
    };
    let pending = session.pending();
    if !pending.is_empty() {
        ui.label(egui::RichText::new("Ordered for next turn:").strong());
        for order in &pending {
            ui.label(format!("• {:?}", order.action));
        }
        ui.separator();
    }
    let provinces = session.sim.provinces();
    let polities = session.sim.polities();
    let cultures = session.sim.world.resource::<LevelInfo>().cultures.clone();
    let rules = session.sim.world.resource::<Rules>().clone();
    let selected = selected.and_then(|p| provinces.get(p.index()));

    let mut actions: Vec<(String, ActionFile, Option<String>)> = Vec::new();
    ui.horizontal(|ui| {
        ui.label("Share");
        ui.add(egui::Slider::new(&mut state.shift_amount, 0.05..=0.5).step_by(0.05));
    });
    ui.horizontal(|ui| {
        ui.label("Devolve to");
        for tier in [Tier::Province, Tier::Municipal, Tier::Citizens] {
            ui.selectable_value(&mut state.devolve_to, tier, format!("{tier:?}"));
        }
    });
    actions.push((
        format!(
            "Devolve {:.2} Ruler to {:?}",
            state.shift_amount, state.devolve_to
        ),
        ActionFile::Devolve {
            from: Tier::Ruler,
            to: state.devolve_to,
            amount: state.shift_amount,
        },
        None,
    ));
    ui.horizontal(|ui| {
        ui.label("Centralize from");
        for tier in [Tier::Province, Tier::Municipal, Tier::Citizens] {
            ui.selectable_value(&mut state.centralize_from, tier, format!("{tier:?}"));
        }
    });
    actions.push((
        format!(
            "Centralize {:.2} {:?} to Ruler",
            state.shift_amount, state.centralize_from
        ),
        ActionFile::Centralize {
            from: state.centralize_from,
            to: Tier::Ruler,
            amount: state.shift_amount,
        },
        None,
    ));
    for (exit, entry) in [
        (BorderPolicy::Open, BorderPolicy::Open),
        (BorderPolicy::Permit, BorderPolicy::Permit),
        (BorderPolicy::Closed, BorderPolicy::Closed),
        (BorderPolicy::Open, BorderPolicy::Closed),
    ] {
        let already = player.borders.exit == exit && player.borders.entry == entry;
        actions.push((
            format!("Borders: exit {}, entry {}", exit.name(), entry.name()),
            ActionFile::SetBorders { exit, entry },
            already.then(|| "the borders are already so".to_string()),
        ));
    }
    ui.horizontal(|ui| {
        ui.label("Charter");
        ui.add(egui::Slider::new(&mut state.charter, 0.0..=1.0).step_by(0.05));
    });
    actions.push((
        format!("Charter communes at {:.2}", state.charter),
        ActionFile::CharterCommunes {
            autonomy: state.charter,
        },
        None,
    ));
    match selected {
        Some(p) if p.owner == player.id => {
            actions.push((
                format!("Invest in {}", p.name),
                ActionFile::Invest {
                    province: p.key.clone(),
                },
                None,
            ));
            actions.push((
                format!("Grant {} independence", p.name),
                ActionFile::GrantIndependence {
                    province: p.key.clone(),
                },
                None,
            ));
        }
        Some(p) => {
            let other: &Polity = &polities[p.owner.index()];
            actions.push((
                format!("Propose federation to {}", other.name),
                ActionFile::ProposeFederation {
                    with: other.key.clone(),
                },
                None,
            ));
        }
        None => {
            actions.push((
                "Invest / grant independence / federate".into(),
                ActionFile::Repress,
                Some("select a province first".into()),
            ));
        }
    }
    if player.federation.is_some() {
        actions.push((
            "Leave the federation".into(),
            ActionFile::LeaveFederation,
            None,
        ));
    }
    actions.push(("Repress voice".into(), ActionFile::Repress, None));
    if !cultures.is_empty() {
        state.culture = state.culture.min(cultures.len() - 1);
        egui::ComboBox::from_label("culture to sort by force")
            .selected_text(&cultures[state.culture])
            .show_ui(ui, |ui| {
                for (i, c) in cultures.iter().enumerate() {
                    ui.selectable_value(&mut state.culture, i, c);
                }
            });
        actions.push((
            format!("Homogenize: sort the {} by force", cultures[state.culture]),
            ActionFile::Homogenize {
                culture: cultures[state.culture].clone(),
            },
            None,
        ));
    }
    let mod_actions = rules.actions.iter().filter(|d| {
        !d.effects
            .contains(&crate::sim::rules::ActionEffect::Builtin)
    });
    for def in mod_actions {
        match (def.target, selected) {
            (crate::sim::rules::ActionTarget::None, _) => actions.push((
                def.name.clone(),
                ActionFile::Action {
                    id: def.id.clone(),
                    target: None,
                },
                None,
            )),
            (crate::sim::rules::ActionTarget::Province, Some(p)) if p.owner == player.id => actions
                .push((
                    format!("{}: {}", def.name, p.name),
                    ActionFile::Action {
                        id: def.id.clone(),
                        target: Some(p.key.clone()),
                    },
                    None,
                )),
            (crate::sim::rules::ActionTarget::Polity, Some(p)) if p.owner != player.id => {
                let other = &polities[p.owner.index()];
                actions.push((
                    format!("{}: {}", def.name, other.name),
                    ActionFile::Action {
                        id: def.id.clone(),
                        target: Some(other.key.clone()),
                    },
                    None,
                ))
            }
            (crate::sim::rules::ActionTarget::Polity, _) => actions.push((
                def.name.clone(),
                ActionFile::Action {
                    id: def.id.clone(),
                    target: None,
                },
                Some("select a province of another polity first".into()),
            )),
            (crate::sim::rules::ActionTarget::Province, _) => actions.push((
                def.name.clone(),
                ActionFile::Action {
                    id: def.id.clone(),
                    target: None,
                },
                Some("select one of your provinces first".into()),
            )),
        }
    }
    for response in [Response::Listen, Response::Repress, Response::Ignore] {
        if player.response != response {
            actions.push((
                format!("Answer protest: {response:?}"),
                ActionFile::SetResponse { response },
                None,
            ));
        }
    }

    ui.separator();
    for (label, action, blocked) in actions {
        let cost = action_cost(&action, &rules);
        let order = OrderFile {
            turn: session.turn() + 1,
            polity: player.key.clone(),
            action,
        };
        let reason = blocked.or_else(|| {
            (player.capital + 1e-9 < cost)
                .then(|| format!("needs {cost:.1} capital, you have {:.1}", player.capital))
        });
        ui.horizontal_wrapped(|ui| {
            let button = ui.add_enabled(reason.is_none(), egui::Button::new(&label));
            if button
                .on_hover_text(format!("Costs {cost:.1} political capital."))
                .clicked()
            {
                commands.write(Command::Give(order.clone()));
            }
            ui.label(egui::RichText::new(format!("{cost:.1}")).weak())
                .on_hover_text("Political capital it costs.");
            if let Some(why) = &reason {
                ui.label(egui::RichText::new(why).weak().italics());
            } else if let Some(preview) = session
                .previews
                .iter()
                .find(|(o, _)| *o == order)
                .map(|(_, p)| p.clone())
            {
                preview_label(ui, &preview);
            } else if ui
                .small_button("preview")
                .on_hover_text("Play the next turn on a copy, with and without this order.")
                .clicked()
            {
                session.preview(&order);
            }
        });
    }
}

fn preview_label(ui: &mut egui::Ui, preview: &Preview) {
    match preview {
        Preview::Applied {
            world_score,
            fragmentation,
            player_score,
        } => {
            ui.label(format!("S {world_score:+.3}  F {fragmentation:+.3}  yours {player_score:+.3}"))
                .on_hover_text("Next turn with this order, against next turn without it: world score, fragmentation, your polity's score.");
        }
        Preview::Refused(why) => {
            ui.colored_label(
                egui::Color32::from_rgb(235, 120, 105),
                format!("refused: {why}"),
            );
        }
    }
}
