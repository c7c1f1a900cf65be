//! Drawn over the map: province names, animated arrows for this turn's
//! migration flows, red marks for blocked exits, and the legend of the map
//! mode.

use bevy::prelude::*;
use bevy_egui::egui;

use crate::game::map::camera::PANEL_LEFT;
use crate::game::map::hex::CELL;
use crate::game::map::layers::{
    CULTURES, DOMINATION, EXIT, PROSPERITY, culture_name, culture_palette, gradient,
};
use crate::game::map::{MapGeometry, MapMode};
use crate::game::session::Session;

fn to_screen(camera: &Camera, transform: &GlobalTransform, point: Vec2) -> Option<egui::Pos2> {
    camera
        .world_to_viewport(transform, point.extend(0.0))
        .ok()
        .map(|p| egui::pos2(p.x, p.y))
}

fn color(c: [f32; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(
        (c[0] * 255.0) as u8,
        (c[1] * 255.0) as u8,
        (c[2] * 255.0) as u8,
    )
}

/// Where the map is on the screen: the camera, and pixels per map unit.
struct View<'a> {
    camera: &'a Camera,
    transform: &'a GlobalTransform,
    painter: egui::Painter,
}

impl View<'_> {
    fn at(&self, point: Vec2) -> Option<egui::Pos2> {
        to_screen(self.camera, self.transform, point)
    }
}

/// Draws names, flows and the legend.
pub fn show(
    ctx: &egui::Context,
    session: &Session,
    geometry: &MapGeometry,
    camera: &Camera,
    transform: &GlobalTransform,
    mode: MapMode,
    seconds: f32,
) {
    let view = View {
        camera,
        transform,
        painter: ctx.layer_painter(egui::LayerId::background()),
    };
    // Pixels per world unit, from two projected points.
    let scale = match (view.at(Vec2::ZERO), view.at(Vec2::X * 100.0)) {
        (Some(a), Some(b)) => (b.x - a.x) / 100.0,
        _ => return,
    };
    names(&view, session, geometry, scale);
    flows(&view, session, geometry, seconds);
    blocked(&view, session, geometry, seconds);
    news(&view, session, geometry);
    let rules = session.rules();
    let cultures = &session.sim.level_info().cultures;
    let palette = culture_palette(rules, cultures);
    let names: Vec<&str> = cultures.iter().map(|c| culture_name(rules, c)).collect();
    legend(ctx, mode, &names, &palette);
}

/// Names, where a province is big enough on screen to hold one.
fn names(view: &View, session: &Session, geometry: &MapGeometry, scale: f32) {
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
            let font = egui::FontId::proportional(size);
            view.painter.text(
                pos + egui::vec2(1.5, 1.5),
                egui::Align2::CENTER_CENTER,
                &province.name,
                font.clone(),
                egui::Color32::from_black_alpha(200),
            );
            view.painter.text(
                pos,
                egui::Align2::CENTER_CENTER,
                &province.name,
                font,
                egui::Color32::WHITE,
            );
        }
    }
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
        view.painter.rect_filled(
            egui::Rect::from_center_size(pos, egui::vec2(54.0, 18.0)),
            4.0,
            red,
        );
        view.painter.text(
            pos,
            egui::Align2::CENTER_CENTER,
            format!("blocked {}", super::format::people(f64::from(n * scale))),
            egui::FontId::proportional(12.0),
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
        let font = egui::FontId::proportional(12.0);
        let width = 10.0 + 6.5 * tag.len() as f32;
        view.painter.rect_filled(
            egui::Rect::from_center_size(pos, egui::vec2(width, 16.0)),
            4.0,
            egui::Color32::from_rgb(240, 190, 60),
        );
        view.painter.text(
            pos,
            egui::Align2::CENTER_CENTER,
            tag,
            font,
            egui::Color32::from_rgb(40, 30, 10),
        );
    }
}

fn legend(ctx: &egui::Context, mode: MapMode, cultures: &[&str], palette: &[[f32; 3]]) {
    egui::Area::new("legend".into())
        .anchor(
            egui::Align2::LEFT_BOTTOM,
            egui::vec2(PANEL_LEFT + 12.0, -170.0),
        )
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
