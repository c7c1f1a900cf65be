//! Drawn over the map: province names (with the mode's value under each
//! in a data mode), animated arrows for this turn's migration flows scaled
//! by their size, red marks for blocked exits, and the card of the
//! province under the pointer.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::game::map::hex::CELL;
use crate::game::map::layers::province_values;
use crate::game::map::{MapGeometry, MapMode};
use crate::game::session::Session;
use crate::sim::ids::ProvinceId;

/// Where the map is on the screen: the camera, egui's zoom (points are
/// logical pixels divided by it), and a painter clipped to the map's area.
struct View<'a> {
    camera: &'a Camera,
    transform: &'a GlobalTransform,
    zoom: f32,
    painter: egui::Painter,
}

impl View<'_> {
    /// Where a point of the map is, in egui's points.
    fn at(&self, point: Vec2) -> Option<egui::Pos2> {
        self.camera
            .world_to_viewport(self.transform, point.extend(0.0))
            .ok()
            .map(|p| egui::pos2(p.x, p.y) / self.zoom)
    }

    /// Text on a dark or coloured badge that fits it, centred at `pos`;
    /// returns where it was drawn.
    fn badge(
        &self,
        pos: egui::Pos2,
        text: String,
        fill: egui::Color32,
        ink: egui::Color32,
    ) -> egui::Rect {
        let galley = self
            .painter
            .layout_no_wrap(text, egui::FontId::proportional(12.0), ink);
        let rect = egui::Rect::from_center_size(pos, galley.size() + egui::vec2(10.0, 4.0));
        self.painter.rect_filled(rect, 4.0, fill);
        // A dark rim keeps a badge apart from a province of its own hue
        // (an amber tag on a gold polity).
        self.painter.rect_stroke(
            rect,
            4.0,
            egui::Stroke::new(1.0, egui::Color32::from_black_alpha(170)),
            egui::StrokeKind::Outside,
        );
        self.painter
            .galley(rect.center() - galley.size() / 2.0, galley, ink);
        rect
    }
}

/// What the overlay shows: the map mode, the province
/// under the pointer, and the time (for the animations).
pub struct Shown {
    /// The map mode.
    pub mode: MapMode,
    /// The province under the pointer, and the pointer (logical pixels).
    pub hovered: Option<(ProvinceId, Vec2)>,
    /// Seconds since the game started.
    pub seconds: f32,
    /// Places pinged by a notification, with how long they have rung.
    pub pings: Vec<(ProvinceId, f32)>,
}

/// A province's name as drawn: where, and the province.
type Label = (usize, egui::Rect);

/// Where the overlay draws: the map's area of the screen (in points) and
/// the camera that shows the map there.
pub struct Frame<'a> {
    /// The part of the screen the panels leave to the map.
    pub area: egui::Rect,
    /// The map camera.
    pub camera: &'a Camera,
    /// Its transform.
    pub transform: &'a GlobalTransform,
}

/// Draws names, flows and the hovered province's card, clipped
/// to the map's area; returns where the names were drawn.
pub fn show(
    ctx: &egui::Context,
    session: &Session,
    geometry: &MapGeometry,
    frame: &Frame,
    shown: &Shown,
) -> Vec<egui::Rect> {
    let view = View {
        camera: frame.camera,
        transform: frame.transform,
        zoom: ctx.zoom_factor(),
        painter: ctx
            .layer_painter(egui::LayerId::background())
            .with_clip_rect(frame.area),
    };
    // Pixels per world unit, from two projected points.
    let scale = match (view.at(Vec2::ZERO), view.at(Vec2::X * 100.0)) {
        (Some(a), Some(b)) => (b.x - a.x) / 100.0,
        _ => return Vec::new(),
    };
    let labels = names(&view, session, geometry, scale, frame.area, shown.mode);
    let mut taken: Vec<egui::Rect> = labels.iter().map(|&(_, r)| r).collect();
    flows(&view, session, geometry, shown.seconds, &mut taken);
    blocked(&view, session, geometry, shown.seconds, &labels);
    news(&view, session, geometry, &labels);
    for &(p, age) in &shown.pings {
        let Some(pos) = geometry.centroids.get(p.index()).and_then(|&c| view.at(c)) else {
            continue;
        };
        // Two rings that grow and fade, one after the other.
        for lag in [0.0, 0.5] {
            let t = ((age - lag) / 1.5).fract();
            if age < lag {
                continue;
            }
            let alpha = (255.0 * (1.0 - t)) as u8;
            view.painter.circle_stroke(
                pos,
                12.0 + 48.0 * t,
                egui::Stroke::new(
                    3.0,
                    egui::Color32::from_rgba_unmultiplied(240, 190, 60, alpha),
                ),
            );
        }
    }
    if let Some((p, pointer)) = shown.hovered {
        let pointer = egui::pos2(pointer.x, pointer.y) / view.zoom;
        egui::Area::new("province card".into())
            .order(egui::Order::Tooltip)
            .fixed_pos(pointer + egui::vec2(18.0, 18.0))
            .constrain_to(frame.area)
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(300.0);
                    super::province::card(ui, session, p);
                });
            });
    }
    labels.into_iter().map(|(_, r)| r).collect()
}

/// Names, sized with the zoom, where a province is big enough on screen to
/// hold one and the name fits wholly inside the map's area; the larger
/// provinces' names first, and a name that would overlap one already drawn
/// is left out. In a data mode the province's value is written under its
/// name. Returns where they were drawn.
fn names(
    view: &View,
    session: &Session,
    geometry: &MapGeometry,
    scale: f32,
    area: egui::Rect,
    mode: MapMode,
) -> Vec<Label> {
    let values = province_values(session, mode);
    let mut labels: Vec<(f32, egui::Pos2, usize, &str)> = Vec::new();
    for province in session.sim.provinces() {
        let Some(&centre) = geometry.centroids.get(province.id.index()) else {
            continue;
        };
        let cells = geometry
            .cell_counts
            .get(province.id.index())
            .copied()
            .unwrap_or(1) as f32;
        let size = (cells.sqrt() * CELL * scale * 0.55).min(22.0);
        if size < 9.0 {
            continue;
        }
        if let Some(pos) = view.at(centre) {
            labels.push((size, pos, province.id.index(), &province.name));
        }
    }
    // Stable: equal sizes keep the provinces' order.
    labels.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut placed: Vec<Label> = Vec::new();
    for (size, pos, p, name) in labels {
        let mut lines = vec![view.painter.layout_no_wrap(
            name.to_string(),
            egui::FontId::proportional(size),
            egui::Color32::WHITE,
        )];
        if let Some(value) = values.get(p).copied().flatten() {
            let text = match mode {
                MapMode::Culture => format!("{:.0} %", value * 100.0),
                _ => format!("{value:.2}"),
            };
            lines.push(view.painter.layout_no_wrap(
                text,
                egui::FontId::proportional((size * 0.8).max(10.0)),
                egui::Color32::from_rgb(255, 244, 214),
            ));
        }
        let width = lines.iter().map(|g| g.size().x).fold(0.0, f32::max);
        let height: f32 = lines.iter().map(|g| g.size().y).sum();
        let rect = egui::Rect::from_center_size(pos, egui::vec2(width, height));
        if !area.contains_rect(rect) || placed.iter().any(|(_, r)| r.intersects(rect)) {
            continue;
        }
        placed.push((p, rect));
        let mut top = rect.min.y;
        for galley in lines {
            let at = egui::pos2(rect.center().x - galley.size().x / 2.0, top);
            top += galley.size().y;
            // The same text, dark and offset, as its shadow.
            view.painter.galley_with_override_text_color(
                at + egui::vec2(1.5, 1.5),
                galley.clone(),
                egui::Color32::from_black_alpha(200),
            );
            view.painter.galley(at, galley, egui::Color32::PLACEHOLDER);
        }
    }
    placed
}

/// Migration flows: width by their share of the largest flow, a dot
/// travelling along each arrow, and the number of people on a dark badge
/// for the flows of at least a twentieth of the largest where the badge
/// covers no name or other badge (`taken`).
fn flows(
    view: &View,
    session: &Session,
    geometry: &MapGeometry,
    seconds: f32,
    taken: &mut Vec<egui::Rect>,
) {
    let scale = session.sim.level_info().scale;
    let flows = &session.sim.stats().flows;
    let largest = flows.values().copied().max().unwrap_or(1).max(1) as f32;
    // The largest flows first, so that their numbers win the room.
    let mut order: Vec<(&(ProvinceId, ProvinceId), &u32)> = flows.iter().collect();
    order.sort_by_key(|&(&pair, &n)| (std::cmp::Reverse(n), pair));
    for (&(from, to), &n) in order {
        let (Some(&a), Some(&b)) = (
            geometry.centroids.get(from.index()),
            geometry.centroids.get(to.index()),
        ) else {
            continue;
        };
        let (Some(a), Some(b)) = (view.at(a), view.at(b)) else {
            continue;
        };
        let along = b - a;
        if along.length() < 4.0 {
            continue;
        }
        let (a, b) = (a + along * 0.18, b - along * 0.18);
        let share = n as f32 / largest;
        let width = 1.5 + 6.5 * share.sqrt();
        let stroke = egui::Stroke::new(
            width,
            egui::Color32::from_rgba_unmultiplied(250, 240, 200, 220),
        );
        view.painter.arrow(a, b - a, stroke);
        let t = (seconds * 0.6).fract();
        view.painter.circle_filled(
            a + (b - a) * t,
            width + 1.5,
            egui::Color32::from_rgb(255, 250, 220),
        );
        if share < 0.05 {
            continue;
        }
        let text = super::format::people(f64::from(n * scale));
        let galley = view.painter.layout_no_wrap(
            text.clone(),
            egui::FontId::proportional(12.0),
            egui::Color32::WHITE,
        );
        let mid = a + (b - a) * 0.5;
        let rect = egui::Rect::from_center_size(mid, galley.size() + egui::vec2(10.0, 4.0));
        if taken.iter().any(|r| r.intersects(rect)) {
            continue;
        }
        taken.push(view.badge(
            mid,
            text,
            egui::Color32::from_black_alpha(190),
            egui::Color32::WHITE,
        ));
    }
}

/// Blocked exits: a red bar with the count, pulsing, under the province's
/// name.
fn blocked(view: &View, session: &Session, geometry: &MapGeometry, seconds: f32, labels: &[Label]) {
    let scale = session.sim.level_info().scale;
    for (&p, &n) in &session.sim.stats().blocked_by_province {
        let Some(&centre) = geometry.centroids.get(p.index()) else {
            continue;
        };
        let Some(pos) = view.at(centre) else {
            continue;
        };
        let below = labels
            .iter()
            .find(|(q, _)| *q == p.index())
            .map_or(6.0, |(_, r)| r.height() / 2.0);
        let pos = pos + egui::vec2(0.0, below + 10.0);
        let pulse = 0.6 + 0.4 * (seconds * 3.0).sin().abs();
        let red = egui::Color32::from_rgba_unmultiplied(230, 40, 40, (255.0 * pulse) as u8);
        view.badge(
            pos,
            format!("blocked {}", super::format::people(f64::from(n * scale))),
            red,
            egui::Color32::WHITE,
        );
    }
}

/// Political news of the last turn, tagged where it happened: in its
/// province, or in the most populous province of the polity it happened to
/// (one tag a polity, so that a large map stays readable), above the
/// province's name.
fn news(view: &View, session: &Session, geometry: &MapGeometry, labels: &[Label]) {
    let turn = session.turn();
    let mut tagged: Vec<(usize, &'static str)> = Vec::new();
    for record in session
        .log
        .iter()
        .filter(|l| l.turn == turn)
        .filter_map(|l| l.news.as_ref())
        .filter(|n| n.kind.is_political())
    {
        if let Some(p) = super::notifications::place_of(&session.sim, record).map(|p| p.index())
            && !tagged
                .iter()
                .any(|&(q, tag)| q == p && tag == record.kind.tag())
        {
            tagged.push((p, record.kind.tag()));
        }
    }
    let mut stacked: Vec<usize> = Vec::new();
    for (p, tag) in tagged {
        let Some(pos) = geometry.centroids.get(p).and_then(|&c| view.at(c)) else {
            continue;
        };
        let row = stacked.iter().filter(|&&q| q == p).count() as f32;
        stacked.push(p);
        let above = labels
            .iter()
            .find(|(q, _)| *q == p)
            .map_or(6.0, |(_, r)| r.height() / 2.0);
        let pos = pos + egui::vec2(0.0, -above - 10.0 - 18.0 * row);
        view.badge(
            pos,
            tag.to_string(),
            egui::Color32::from_rgb(240, 190, 60),
            egui::Color32::from_rgb(40, 30, 10),
        );
    }
}
