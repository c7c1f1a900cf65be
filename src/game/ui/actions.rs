//! The actions panel: every action the player's polity may take, what it
//! costs, why it is unavailable when it is, and a preview of its effect on
//! S and F next turn computed on a copy of the simulation.

use bevy::prelude::*;
use bevy_egui::egui;

use super::state::UiState;
use crate::game::session::{Command, Session};
use crate::level::schema::{ActionFile, OrderFile};
use crate::sim::ids::ProvinceId;
use crate::sim::order::{ActionKind, action_cost};
use crate::sim::rules::{ActionTarget, Referendum, Rules};
use crate::sim::world::{BorderPolicy, Polity, Province, Response, Tier};

/// One action on offer: its label, the order it gives, and why it cannot
/// be given now, if it cannot.
struct Choice {
    label: String,
    action: ActionFile,
    blocked: Option<String>,
}

impl Choice {
    fn new(label: impl Into<String>, action: ActionFile) -> Choice {
        Choice {
            label: label.into(),
            action,
            blocked: None,
        }
    }

    fn blocked(mut self, why: Option<String>) -> Choice {
        self.blocked = why;
        self
    }
}

/// What the choices are built from.
struct Context<'a> {
    player: &'a Polity,
    polities: &'a [&'a Polity],
    selected: Option<&'a Province>,
    rules: &'a Rules,
}

/// Draws the actions panel.
pub fn show(
    ui: &mut egui::Ui,
    session: &Session,
    state: &mut UiState,
    selected: Option<ProvinceId>,
    commands: &mut MessageWriter<Command>,
) {
    ui.heading("Actions");
    let Some(player) = session.player() else {
        ui.label("You govern no polity in this level.");
        return;
    };
    let provinces = session.sim.provinces();
    let polities = session.sim.polities();
    let context = Context {
        player,
        polities: &polities,
        selected: selected.and_then(|p| provinces.get(p.index()).copied()),
        rules: session.rules(),
    };
    let mut choices = power_choices(ui, state, &context);
    choices.extend(place_choices(&context));
    choices.extend(sorting_choice(
        ui,
        state,
        &session.sim.level_info().cultures,
    ));
    choices.extend(mod_choices(&context));
    choices.extend(
        [Response::Listen, Response::Repress, Response::Ignore]
            .into_iter()
            .filter(|r| player.response != *r)
            .map(|response| {
                Choice::new(
                    format!(
                        "Answer protest: {}",
                        crate::game::wording::response(response)
                    ),
                    ActionFile::SetResponse { response },
                )
            }),
    );
    ui.separator();
    for choice in choices {
        choice_row(ui, session, &context, choice, commands);
    }
    // Below the actions, so that giving or withdrawing an order never
    // moves a button under the pointer.
    queue(ui, session, player, commands);
}

/// The orders for the next turn: each in words with its cost and a button
/// to withdraw it, and the capital they commit against what there is.
fn queue(
    ui: &mut egui::Ui,
    session: &Session,
    player: &Polity,
    commands: &mut MessageWriter<Command>,
) {
    ui.separator();
    let pending = session.pending();
    let rules = session.rules();
    let committed = session.committed_capital();
    ui.label(
        egui::RichText::new(format!("Orders for next turn ({})", session.turn() + 1)).strong(),
    );
    let summary = format!("{committed:.1} of {:.1} capital committed", player.capital);
    if committed > player.capital + 1e-9 {
        ui.colored_label(
            egui::Color32::from_rgb(235, 120, 105),
            format!("{summary}: the last orders will be refused"),
        );
    } else {
        ui.label(egui::RichText::new(summary).weak())
            .on_hover_text("Orders are paid when the turn is played, in the order given.");
    }
    if pending.is_empty() {
        ui.label(egui::RichText::new("none yet").weak());
    }
    for order in pending {
        ui.horizontal_wrapped(|ui| {
            if ui
                .small_button("withdraw")
                .on_hover_text("Withdraw this order.")
                .clicked()
            {
                commands.write(Command::Withdraw(order.clone()));
            }
            ui.label(crate::game::wording::order(&session.sim, &order.action));
            ui.label(
                egui::RichText::new(format!("{:.1}", action_cost(&order.action, rules))).weak(),
            );
        });
    }
}

/// Devolving, centralizing, borders and the commune charter, with the
/// sliders and tiers that shape them.
fn power_choices(ui: &mut egui::Ui, state: &mut UiState, context: &Context) -> Vec<Choice> {
    let mut choices = Vec::new();
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
    choices.push(Choice::new(
        format!(
            "Devolve {:.2} Ruler to {:?}",
            state.shift_amount, state.devolve_to
        ),
        ActionFile::Devolve {
            from: Tier::Ruler,
            to: state.devolve_to,
            amount: state.shift_amount,
        },
    ));
    ui.horizontal(|ui| {
        ui.label("Centralize from");
        for tier in [Tier::Province, Tier::Municipal, Tier::Citizens] {
            ui.selectable_value(&mut state.centralize_from, tier, format!("{tier:?}"));
        }
    });
    choices.push(Choice::new(
        format!(
            "Centralize {:.2} {:?} to Ruler",
            state.shift_amount, state.centralize_from
        ),
        ActionFile::Centralize {
            from: state.centralize_from,
            to: Tier::Ruler,
            amount: state.shift_amount,
        },
    ));
    for (exit, entry) in [
        (BorderPolicy::Open, BorderPolicy::Open),
        (BorderPolicy::Permit, BorderPolicy::Permit),
        (BorderPolicy::Closed, BorderPolicy::Closed),
        (BorderPolicy::Open, BorderPolicy::Closed),
    ] {
        let borders = context.player.borders;
        let already = borders.exit == exit && borders.entry == entry;
        choices.push(
            Choice::new(
                format!("Borders: exit {}, entry {}", exit.name(), entry.name()),
                ActionFile::SetBorders { exit, entry },
            )
            .blocked(already.then(|| "the borders are already so".to_string())),
        );
    }
    ui.horizontal(|ui| {
        ui.label("Charter");
        ui.add(egui::Slider::new(&mut state.charter, 0.0..=1.0).step_by(0.05));
    });
    choices.push(Choice::new(
        format!("Charter communes at {:.2}", state.charter),
        ActionFile::CharterCommunes {
            autonomy: state.charter,
        },
    ));
    choices
}

/// What the selected province allows: investing in it or granting it
/// independence (one's own), proposing a federation to its polity or
/// annexing it (another's); leaving a federation; repressing.
fn place_choices(context: &Context) -> Vec<Choice> {
    let mut choices = Vec::new();
    match context.selected {
        Some(p) if p.owner == context.player.id => {
            choices.push(Choice::new(
                format!("Invest in {}", p.name),
                ActionFile::Invest {
                    province: p.key.clone(),
                },
            ));
            choices.push(Choice::new(
                format!("Grant {} independence", p.name),
                ActionFile::GrantIndependence {
                    province: p.key.clone(),
                },
            ));
        }
        Some(p) => {
            let other = context.polities[p.owner.index()];
            let partners =
                other.federation.is_some() && other.federation == context.player.federation;
            choices.push(
                Choice::new(
                    format!("Propose federation to {}", other.name),
                    ActionFile::ProposeFederation {
                        with: other.key.clone(),
                    },
                )
                .blocked(
                    partners.then(|| format!("you are federated with {} already", other.name)),
                ),
            );
            choices.push(
                Choice::new(
                    format!("Annex {} (its people are coerced)", p.name),
                    ActionFile::Annex {
                        province: p.key.clone(),
                    },
                )
                .blocked(
                    other
                        .federation
                        .is_some()
                        .then(|| "a federation protects it".to_string()),
                ),
            );
        }
        None => choices.push(
            Choice::new(
                "Invest / grant independence / federate",
                ActionFile::Repress,
            )
            .blocked(Some("select a province first".into())),
        ),
    }
    if context.player.federation.is_some() {
        choices.push(Choice::new(
            "Leave the federation",
            ActionFile::LeaveFederation,
        ));
    }
    choices.push(Choice::new("Repress voice", ActionFile::Repress));
    choices
}

/// Sorting a culture by force, with the culture to sort.
fn sorting_choice(ui: &mut egui::Ui, state: &mut UiState, cultures: &[String]) -> Option<Choice> {
    if cultures.is_empty() {
        return None;
    }
    state.culture = state.culture.min(cultures.len() - 1);
    egui::ComboBox::from_label("culture to sort by force")
        .selected_text(&cultures[state.culture])
        .show_ui(ui, |ui| {
            for (i, c) in cultures.iter().enumerate() {
                ui.selectable_value(&mut state.culture, i, c);
            }
        });
    Some(Choice::new(
        format!("Homogenize: sort the {} by force", cultures[state.culture]),
        ActionFile::Homogenize {
            culture: cultures[state.culture].clone(),
        },
    ))
}

/// The actions of mods, aimed at the selected province or its polity.
fn mod_choices(context: &Context) -> Vec<Choice> {
    let player = context.player;
    let order = |id: &str, target: Option<String>| ActionFile::Action {
        id: id.to_string(),
        target,
    };
    context
        .rules
        .actions
        .iter()
        .filter(|d| ActionKind::from_id(&d.id).is_none())
        .map(|def| match (def.target, context.selected) {
            (ActionTarget::None, _) => Choice::new(def.name.clone(), order(&def.id, None)),
            (ActionTarget::Province, Some(p)) if p.owner == player.id => Choice::new(
                format!("{}: {}", def.name, p.name),
                order(&def.id, Some(p.key.clone())),
            ),
            (ActionTarget::Polity, Some(p)) if p.owner != player.id => {
                let other = context.polities[p.owner.index()];
                Choice::new(
                    format!("{}: {}", def.name, other.name),
                    order(&def.id, Some(other.key.clone())),
                )
            }
            (ActionTarget::Polity, _) => Choice::new(def.name.clone(), order(&def.id, None))
                .blocked(Some("select a province of another polity first".into())),
            (ActionTarget::Province, _) => Choice::new(def.name.clone(), order(&def.id, None))
                .blocked(Some("select one of your provinces first".into())),
        })
        .collect()
}

/// One action's button, cost, and preview or the reason it is blocked.
fn choice_row(
    ui: &mut egui::Ui,
    session: &Session,
    context: &Context,
    choice: Choice,
    commands: &mut MessageWriter<Command>,
) {
    let player = context.player;
    let cost = action_cost(&choice.action, context.rules);
    let order = OrderFile {
        turn: session.turn() + 1,
        polity: player.key.clone(),
        action: choice.action,
    };
    let reason = choice.blocked.or_else(|| {
        (player.capital + 1e-9 < cost)
            .then(|| format!("needs {cost:.1} capital, you have {:.2}", player.capital))
    });
    // What it does, what it costs, and when the citizens decide.
    let def = context.rules.action(order.action.id());
    let mut tip = def.map_or_else(String::new, |d| format!("{}\n", d.description));
    tip.push_str(&format!("Costs {cost:.1} political capital."));
    if let Some(d) = def {
        let vote = match d.referendum {
            Referendum::Never => None,
            Referendum::Always => {
                Some("It needs the citizens' vote once the lower tiers hold most of the power.")
            }
            Referendum::WhenRestricting => Some(
                "Once the lower tiers hold most of the power, the citizens must approve it if it takes freedom from them.",
            ),
        };
        if let Some(vote) = vote {
            tip.push('\n');
            tip.push_str(vote);
        }
    }
    ui.horizontal_wrapped(|ui| {
        let button = ui.add_enabled(reason.is_none(), egui::Button::new(&choice.label));
        let disabled_tip = format!("{tip}\nNot now: {}.", reason.as_deref().unwrap_or(""));
        if button
            .on_hover_text(&tip)
            .on_disabled_hover_text(disabled_tip)
            .clicked()
        {
            commands.write(Command::Give(order.clone()));
        }
        ui.label(egui::RichText::new(format!("{cost:.1}")).weak())
            .on_hover_text("Political capital it costs.");
        if let Some(why) = &reason {
            ui.label(egui::RichText::new(why).weak().italics());
        } else if let Some(preview) = session.preview_of(&order) {
            super::preview::summary(ui, preview);
        } else if session.previewing(&order) {
            ui.spinner();
            ui.label(egui::RichText::new("playing five turns on a copy…").weak());
        } else if ui
            .small_button("preview")
            .on_hover_text(
                "Play the next five turns on copies, with and without this order, and \
                 show what each term of your score does.",
            )
            .clicked()
        {
            commands.write(Command::Preview(order.clone()));
        }
    });
    if reason.is_none()
        && let Some(preview) = session.preview_of(&order)
    {
        super::preview::details(ui, preview, &choice.label);
    }
}
