//! Drawn over the map: province names, animated arrows for this turn's
//! migration flows, red marks for blocked exits, and the legend of the map
//! mode.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::game::map::hex::CELL;
use crate::game::map::layers::{
    CULTURES, DOMINATION, EXIT, PROSPERITY, culture_name, culture_palette, gradient,
};
use crate::game::map::{MapGeometry, MapMode};
use crate::game::session::Session;

fn color(c: [f32; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(
        (c[0] * 255.0) as u8,
        (c[1] * 255.0) as u8,
        (c[2] * 255.0) as u8,
    )
}

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

    /// Text on a dark or coloured badge that fits it, centred at `pos`.
    fn badge(&self, pos: egui::Pos2, text: String, fill: egui::Color32, ink: egui::Color32) {
        let galley = self
            .painter
            .layout_no_wrap(text, egui::FontId::proportional(12.0), ink);
        let rect = egui::Rect::from_center_size(pos, galley.size() + egui::vec2(10.0, 4.0));
        self.painter.rect_filled(rect, 4.0, fill);
        self.painter
            .galley(rect.center() - galley.size() / 2.0, galley, ink);
    }
}

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

/// Draws names, flows and the legend, clipped to the map's area; returns
/// where the names were drawn.
pub fn show(
    ctx: &egui::Context,
    session: &Session,
    geometry: &MapGeometry,
    frame: &Frame,
    mode: MapMode,
    seconds: f32,
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
    let labels = names(&view, session, geometry, scale, frame.area);
    flows(&view, session, geometry, seconds);
    blocked(&view, session, geometry, seconds);
    news(&view, session, geometry);
    let rules = session.rules();
    let cultures = &session.sim.level_info().cultures;
    let palette = culture_palette(rules, cultures);
    let names: Vec<&str> = cultures.iter().map(|c| culture_name(rules, c)).collect();
    legend(ctx, frame.area, mode, &names, &palette);
    labels
}

/// Names, sized with the zoom, where a province is big enough on screen to
/// hold one and the name fits wholly inside the map's area; the larger
/// provinces' names first, and a name that would overlap one already drawn
/// is left out. Returns where they were drawn.
fn names(
    view: &View,
    session: &Session,
    geometry: &MapGeometry,
    scale: f32,
    area: egui::Rect,
) -> Vec<egui::Rect> {
    let mut labels: Vec<(f32, egui::Pos2, &str)> = Vec::new();
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
            labels.push((size, pos, &province.name));
        }
    }
    // Stable: equal sizes keep the provinces' order.
    labels.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut placed: Vec<egui::Rect> = Vec::new();
    for (size, pos, name) in labels {
        let galley = view.painter.layout_no_wrap(
            name.to_string(),
            egui::FontId::proportional(size),
            egui::Color32::WHITE,
        );
        let rect = egui::Rect::from_center_size(pos, galley.size());
        if !area.contains_rect(rect) || placed.iter().any(|r| r.intersects(rect)) {
            continue;
        }
        placed.push(rect);
        // The same text, dark and offset, as its shadow.
        view.painter.galley_with_override_text_color(
            rect.min + egui::vec2(1.5, 1.5),
            galley.clone(),
            egui::Color32::from_black_alpha(200),
        );
        view.painter
            .galley(rect.min, galley, egui::Color32::PLACEHOLDER);
    }
    placed
}

/// Migration flows: width by volume, a dot travelling along each arrow.
fn flows(view: &View, session: &Session, geometry: &MapGeometry, seconds: f32) {
    let scale = session.sim.level_info().scale;
    for (&(from, to), &n) in &session.sim.stats().flows {
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
        let width = 1.5 + (n as f32).ln_1p() * 1.2;
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
        let mid = a + (b - a) * 0.5;
        view.painter.text(
            mid + egui::vec2(0.0, -10.0),
            egui::Align2::CENTER_BOTTOM,
            super::format::people(f64::from(n * scale)),
            egui::FontId::proportional(12.0),
            egui::Color32::WHITE,
        );
    }
}

/// Blocked exits: a red bar with the count, pulsing.
fn blocked(view: &View, session: &Session, geometry: &MapGeometry, seconds: f32) {
    let scale = session.sim.level_info().scale;
    for (&p, &n) in &session.sim.stats().blocked_by_province {
        let Some(&centre) = geometry.centroids.get(p.index()) else {
            continue;
        };
        let Some(pos) = view.at(centre) else {
            continue;
        };
        let pos = pos + egui::vec2(0.0, 16.0);
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
/// (one tag a polity, so that a large map stays readable).
fn news(view: &View, session: &Session, geometry: &MapGeometry) {
    let turn = session.turn();
    let provinces = session.sim.provinces();
    let people = &session.sim.census().population;
    let mut tagged: Vec<(usize, &'static str)> = Vec::new();
    for record in session
        .log
        .iter()
        .filter(|l| l.turn == turn)
        .filter_map(|l| l.news.as_ref())
        .filter(|n| n.kind.is_political())
    {
        let places: Vec<usize> = match (record.province, record.polity) {
            (Some(p), _) => vec![p.index()],
            (None, Some(k)) => provinces
                .iter()
                .filter(|q| q.owner == k)
                .max_by_key(|q| {
                    (
                        people.get(q.id.index()).copied().unwrap_or(0),
                        std::cmp::Reverse(q.id),
                    )
                })
                .map(|q| q.id.index())
                .into_iter()
                .collect(),
            (None, None) => Vec::new(),
        };
        for p in places {
            if !tagged
                .iter()
                .any(|&(q, tag)| q == p && tag == record.kind.tag())
            {
                tagged.push((p, record.kind.tag()));
            }
        }
    }
    let mut stacked: Vec<usize> = Vec::new();
    for (p, tag) in tagged {
        let Some(pos) = geometry.centroids.get(p).and_then(|&c| view.at(c)) else {
            continue;
        };
        let row = stacked.iter().filter(|&&q| q == p).count() as f32;
        stacked.push(p);
        let pos = pos + egui::vec2(0.0, -22.0 - 18.0 * row);
        view.badge(
            pos,
            tag.to_string(),
            egui::Color32::from_rgb(240, 190, 60),
            egui::Color32::from_rgb(40, 30, 10),
        );
    }
}

fn legend(
    ctx: &egui::Context,
    area: egui::Rect,
    mode: MapMode,
    cultures: &[&str],
    palette: &[[f32; 3]],
) {
    egui::Area::new("legend".into())
        .pivot(egui::Align2::LEFT_BOTTOM)
        .fixed_pos(area.left_bottom() + egui::vec2(12.0, -12.0))
        // The map keeps the pointer over the legend.
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(egui::RichText::new(mode.label()).strong());
                let ramp = |ui: &mut egui::Ui, stops: &[[f32; 3]], low: &str, high: &str| {
                    ui.horizontal(|ui| {
                        ui.label(low);
                        for i in 0..12 {
                            let c = gradient(stops, i as f32 / 11.0);
                            let (rect, _) = ui
                                .allocate_exact_size(egui::vec2(10.0, 14.0), egui::Sense::hover());
                            ui.painter().rect_filled(rect, 0.0, color(c));
                        }
                        ui.label(high);
                    });
                };
                match mode {
                    MapMode::Political => {
                        ui.label("polity colours; thick lines: polity borders");
                        ui.label("arrows: migration; red: blocked exits");
                        ui.label("amber tags: what changed there last turn");
                    }
                    MapMode::Domination => ramp(ui, &DOMINATION, "free 0", "1 dominated"),
                    MapMode::ExitOption => ramp(ui, &EXIT, "none 0", "1 full"),
                    MapMode::Prosperity => ramp(ui, &PROSPERITY, "poor 0", "1 rich"),
                    MapMode::Culture => {
                        for (i, name) in cultures.iter().enumerate() {
                            ui.horizontal(|ui| {
                                let (rect, _) = ui.allocate_exact_size(
                                    egui::vec2(14.0, 14.0),
                                    egui::Sense::hover(),
                                );
                                let c = palette
                                    .get(i)
                                    .copied()
                                    .unwrap_or(CULTURES[i % CULTURES.len()]);
                                ui.painter().rect_filled(rect, 2.0, color(c));
                                ui.label(*name);
                            });
                        }
                        ui.label("paler: more mixed");
                    }
                }
            });
        });
}
