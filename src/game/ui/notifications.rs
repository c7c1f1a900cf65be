//! Notifications of the big moments of a turn — a regime that fell or
//! changed, a province that changed hands, a federation made or left, an
//! annexation — when they concern your polity or a neighbour, and the
//! level's own messages (a tutorial's steps): a card at the top right of
//! the map for each of the last turn's (three at most), with *Show* (the
//! camera goes there) and a ring that pings the place on the map; and a
//! neighbour's proposal of federation waiting for your answer, with
//! *Accept*.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::game::map::palette::neighbours;
use crate::game::session::{Command, Session};
use crate::level::schema::{ActionFile, OrderFile};
use crate::sim::ids::{PolityId, ProvinceId};
use crate::sim::news::{News, NewsKind};
use crate::sim::order::action_cost;
use crate::sim::simulation::Simulation;

/// Cards shown at once, at most; the others of the turn are counted.
const SHOWN: usize = 3;
/// How long a ping rings, in seconds.
pub const PING_SECONDS: f32 = 3.0;

/// One notification.
#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    /// The turn it happened.
    pub turn: u32,
    /// What happened, in words.
    pub text: String,
    /// Where, if somewhere on the map.
    pub place: Option<ProvinceId>,
    /// When it was last pinged (seconds since the game started).
    pub pinged: f32,
    /// The polity (its key) whose proposal of federation *Accept* answers.
    pub accept: Option<String>,
}

/// The notifications shown, and the game and turn they were read from.
#[derive(Clone, Debug, Default)]
pub struct Toasts {
    /// The cards, in the order they happened.
    pub list: Vec<Toast>,
    /// The turn's big moments beyond the cards (they are in the log).
    pub more: usize,
    seen: Option<(u64, u32)>,
}

/// The big moments of the last turn that concern the player's polity or a
/// neighbour of it, in words, with where they happened (the province, or
/// the polity's most populous one).
pub fn big_moments(sim: &Simulation) -> Vec<(String, Option<ProvinceId>)> {
    let Some(player) = sim.player() else {
        return Vec::new();
    };
    let neighbours = neighbours(sim, player.id);
    let provinces = sim.provinces();
    let mut found: Vec<(String, Option<ProvinceId>)> = Vec::new();
    // A level's own messages (a tutorial's steps) are written for the
    // player: every one is a notification.
    for news in sim
        .stats()
        .news
        .iter()
        .filter(|n| n.kind.is_political() || n.kind == NewsKind::Message)
    {
        let owner = news
            .province
            .and_then(|p| provinces.get(p.index()).map(|q| q.owner));
        let ours = news.polity == Some(player.id)
            || news.other == Some(player.id)
            || owner == Some(player.id);
        let next_door = matches!(
            news.kind,
            NewsKind::RegimeFell | NewsKind::Liberalized | NewsKind::Coup | NewsKind::Annexed
        ) && (news.polity.is_some_and(|k| neighbours.contains(&k))
            || owner.is_some_and(|k| neighbours.contains(&k)));
        let message = news.kind == NewsKind::Message;
        if !(ours || next_door || message) || found.iter().any(|(t, _)| *t == news.text) {
            continue;
        }
        found.push((news.text.clone(), place_of(sim, news)));
    }
    found
}

/// Proposals of federation made to the player and waiting for an answer
/// (a proposal to the player waits until the player proposes back): what
/// it means, where the proposer is, and its key.
pub fn proposals(sim: &Simulation) -> Vec<(String, Option<ProvinceId>, Option<String>)> {
    let Some(player) = sim.player() else {
        return Vec::new();
    };
    sim.federations()
        .proposals
        .iter()
        .filter(|&&(_, to)| to == player.id)
        .filter_map(|&(from, _)| {
            let proposer = sim.polity(from).filter(|p| !p.dissolved)?;
            let text = format!(
                "{} asks to federate with you: members keep the right to leave, and no \
                 polity may annex them.",
                proposer.name
            );
            Some((text, main_province(sim, from), Some(proposer.key.clone())))
        })
        .collect()
}

/// Legitimacy below this warns the player, while a fall is possible.
const LOW_LEGITIMACY: f64 = 0.25;

/// A warning when the player's regime could fall soon: its legitimacy is
/// low and the ruler still holds enough power to fall (§3: at 0 it falls).
pub fn warning(sim: &Simulation) -> Option<(String, Option<ProvinceId>, Option<String>)> {
    let player = sim.player()?;
    let rules = &sim.rules().authority;
    let falls = player.power.ruler >= rules.fall_ruler_share;
    (falls && player.legitimacy < LOW_LEGITIMACY).then(|| {
        let text = format!(
            "Your legitimacy is low ({:.2}): at 0 your regime falls. Ignored protest, people \
             stopped at your border and people leaving drain it; contentment restores it, \
             and a ruler with little power left cannot fall.",
            player.legitimacy
        );
        (text, main_province(sim, player.id), None)
    })
}

/// Where a piece of news happened on the map: its province, or else the
/// most populous province of the polity it happened to.
pub fn place_of(sim: &Simulation, news: &News) -> Option<ProvinceId> {
    news.province.or_else(|| main_province(sim, news.polity?))
}

/// The most populous province of a polity (the first by id among equals).
fn main_province(sim: &Simulation, polity: PolityId) -> Option<ProvinceId> {
    let people = &sim.census().population;
    sim.provinces()
        .into_iter()
        .filter(|q| q.owner == polity)
        .max_by_key(|q| {
            (
                people.get(q.id.index()).copied().unwrap_or(0),
                std::cmp::Reverse(q.id),
            )
        })
        .map(|q| q.id)
}

impl Toasts {
    /// Shows the big moments of a turn just played in place of the last
    /// turn's (once per turn; a game opened or loaded starts with none).
    pub fn collect(&mut self, session: &Session, now: f32) {
        let turn = session.turn();
        match self.seen {
            Some((opened, seen)) if opened == session.opened && seen == turn => return,
            Some((opened, seen)) if opened == session.opened && seen < turn => {
                // Last turn's cards give way: the log keeps them.
                self.list.clear();
                // What waits for an answer first, then what happened.
                let asked = proposals(&session.sim)
                    .into_iter()
                    .chain(warning(&session.sim));
                let news = big_moments(&session.sim)
                    .into_iter()
                    .map(|(t, p)| (t, p, None));
                for (text, place, accept) in asked.chain(news) {
                    self.list.push(Toast {
                        turn,
                        text,
                        place,
                        pinged: now,
                        accept,
                    });
                }
                self.more = self.list.len().saturating_sub(SHOWN);
                self.list.truncate(SHOWN);
            }
            _ => {
                self.list.clear();
                self.more = 0;
            }
        }
        self.seen = Some((session.opened, turn));
    }

    /// The places pinging now, with how long they have rung.
    pub fn pings(&self, now: f32) -> Vec<(ProvinceId, f32)> {
        self.list
            .iter()
            .filter_map(|t| Some((t.place?, now - t.pinged)))
            .filter(|&(_, age)| (0.0..PING_SECONDS).contains(&age))
            .collect()
    }
}

/// Draws the cards at the top right of the map's area; returns the place
/// the player asked to see.
pub fn show(
    ctx: &egui::Context,
    area: egui::Rect,
    (session, toasts): (&Session, &mut Toasts),
    commands: &mut MessageWriter<Command>,
    now: f32,
) -> Option<ProvinceId> {
    let mut go = None;
    let mut dismissed = None;
    if toasts.list.is_empty() {
        return None;
    }
    egui::Area::new("notifications".into())
        .pivot(egui::Align2::RIGHT_TOP)
        .fixed_pos(area.right_top() + egui::vec2(-10.0, 10.0))
        .order(egui::Order::Middle)
        .show(ctx, |ui| {
            ui.set_max_width(280.0);
            // The cards may cover the upper half of the map, no more: on a
            // small window the rest wait in one line (and in the log).
            let bottom = area.top() + area.height() * 0.5;
            let count = toasts.list.len();
            let mut more = toasts.more;
            let mut card = 0.0;
            for (i, toast) in toasts.list.iter_mut().enumerate() {
                // A card as tall as the first would reach past the half.
                if i > 0 && ui.cursor().top() + card > bottom {
                    more += count - i;
                    break;
                }
                let drawn = egui::Frame::popup(ui.style())
                    .stroke(egui::Stroke::new(
                        1.5,
                        egui::Color32::from_rgb(240, 190, 60),
                    ))
                    .show(ui, |ui| {
                        ui.label(&toast.text);
                        ui.horizontal(|ui| {
                            ui.label(egui::RichText::new(format!("Turn {}", toast.turn)).weak());
                            if let Some(place) = toast.place
                                && ui
                                    .button("Show")
                                    .on_hover_text("Go there on the map.")
                                    .clicked()
                            {
                                toast.pinged = now;
                                go = Some(place);
                            }
                            if let Some(key) = &toast.accept {
                                accept(ui, session, key, commands);
                            }
                            if ui.button("Dismiss").clicked() {
                                dismissed = Some(i);
                            }
                        });
                        ui.set_width(ui.available_width().max(260.0));
                    });
                if i == 0 {
                    card = drawn.response.rect.height();
                }
            }
            if more > 0 {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(format!("{more} more this turn: see the log."));
                });
            }
        });
    if let Some(i) = dismissed {
        toasts.list.remove(i);
    }
    if !toasts.pings(now).is_empty() {
        ctx.request_repaint();
    }
    go
}

/// *Accept* on a proposal of federation: proposing back, which federates
/// the two next turn; greyed once the answer is among the orders.
fn accept(ui: &mut egui::Ui, session: &Session, key: &str, commands: &mut MessageWriter<Command>) {
    let Some(player) = session.player() else {
        return;
    };
    let action = ActionFile::ProposeFederation {
        with: key.to_string(),
    };
    let given = session.pending().iter().any(|o| o.action == action);
    let cost = action_cost(&action, session.rules());
    // What the orders already given will spend comes first.
    let left = player.capital - session.committed_capital();
    let why = if given {
        "Accepted: you federate next turn.".to_string()
    } else {
        format!("Needs {cost:.1} capital; {left:.2} is left after the orders given.")
    };
    let button = ui
        .add_enabled(
            !given && left + 1e-9 >= cost,
            egui::Button::new(format!("Accept ({cost:.1})")),
        )
        .on_hover_text(format!(
            "Propose back: the two of you federate next turn. Costs {cost:.1} political capital."
        ))
        .on_disabled_hover_text(why);
    if button.clicked() {
        commands.write(Command::Give(OrderFile {
            turn: session.turn() + 1,
            polity: player.key.clone(),
            action,
        }));
    }
}
