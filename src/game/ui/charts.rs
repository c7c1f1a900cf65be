//! The charts window: S, F and population over time, for the world and the
//! polities (egui_plot). Each polity in its map colour; at most eight are
//! named (yours and the most populous), the rest summed up as "others";
//! axes read as turns and people ("3.0M").

use bevy_egui::egui;
use egui_plot::{GridMark, Legend, Line, LineStyle, Plot, PlotPoints};

use super::format::rgb;
use crate::game::map::palette::PolityColours;
use crate::game::session::Session;
use crate::sim::ids::PolityId;
use crate::sim::scoring::HistoryEntry;
use crate::sim::world::Controller;

/// Polities named in a chart; the rest are "others".
const NAMED: usize = 8;

/// The polities a chart names: the player's first, then the most populous
/// now, at most `named` in all, in that order. `now` lists each polity
/// alive with its people and whether the player governs it.
pub fn named_polities(now: &[(PolityId, f64, bool)], named: usize) -> Vec<PolityId> {
    let mut order: Vec<&(PolityId, f64, bool)> = now.iter().collect();
    // The player first, then by people (ties by id: stable).
    order.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)));
    order.into_iter().take(named).map(|p| p.0).collect()
}

/// One legend for the polities of both charts, in their map colours, yours
/// first, and how many others there are.
fn legend(ui: &mut egui::Ui, named: &[Named], others: usize) {
    ui.horizontal_wrapped(|ui| {
        for n in named {
            swatch(ui, n.color);
            ui.label(if n.yours {
                format!("{} (you)", n.name)
            } else {
                n.name.clone()
            });
        }
        if others > 0 {
            swatch(ui, egui::Color32::GRAY);
            ui.label(format!("{others} others"));
        }
    });
}

/// A small square of a colour, for the legend.
fn swatch(ui: &mut egui::Ui, c: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, c);
}

fn turns(mark: GridMark, _: &std::ops::RangeInclusive<f64>) -> String {
    if mark.value.fract() == 0.0 && mark.value >= 0.0 {
        format!("{:.0}", mark.value)
    } else {
        String::new()
    }
}

/// A polity named in the charts: its id, name, map colour, and whether it
/// is yours.
struct Named {
    id: PolityId,
    name: String,
    color: egui::Color32,
    yours: bool,
}

/// A term of the world in a turn's history.
type WorldTerm = fn(&HistoryEntry) -> f64;

/// A metric over the turns played.
fn series(
    history: &[HistoryEntry],
    metric: impl Fn(&HistoryEntry) -> Option<f64>,
) -> Vec<[f64; 2]> {
    history
        .iter()
        .filter_map(|e| metric(e).map(|v| [f64::from(e.turn), v]))
        .collect()
}

/// The polities not named in a turn: their people summed, and their
/// score weighted by their people.
fn rest(entry: &HistoryEntry, named: &[Named]) -> (f64, f64) {
    let rest: Vec<_> = entry
        .polities
        .iter()
        .filter(|p| !named.iter().any(|n| n.id == p.id))
        .collect();
    let people: f64 = rest.iter().map(|p| p.metrics.population).sum();
    let score = rest
        .iter()
        .map(|p| p.metrics.score * p.metrics.population)
        .sum::<f64>()
        / people.max(1.0);
    (people, score)
}

/// One line a named polity and one for the others: `value` of a polity's
/// terms, `others` of the rest's (people, score).
fn polity_lines(
    plot: &mut egui_plot::PlotUi,
    history: &[HistoryEntry],
    named: &[Named],
    value: fn(&crate::sim::scoring::Metrics) -> f64,
    others: Option<fn((f64, f64)) -> f64>,
) {
    for n in named {
        let points = series(history, |e| {
            e.polities
                .iter()
                .find(|p| p.id == n.id)
                .map(|p| value(&p.metrics))
        });
        plot.line(Line::new(n.name.clone(), PlotPoints::from(points)).color(n.color));
    }
    if let Some(others) = others {
        let points = series(history, |e| Some(others(rest(e, named))));
        plot.line(Line::new("others", PlotPoints::from(points)).color(egui::Color32::GRAY));
    }
}

/// Draws the charts window.
pub fn show(ctx: &egui::Context, session: &Session, open: &mut bool, colours: &PolityColours) {
    let polities = session.sim.polities();
    let history = session.sim.history();
    let Some(latest) = history.last() else {
        return;
    };
    let now: Vec<(PolityId, f64, bool)> = latest
        .polities
        .iter()
        .map(|p| {
            let player = polities
                .get(p.id.index())
                .is_some_and(|k| k.controller == Controller::Player);
            (p.id, p.metrics.population, player)
        })
        .collect();
    let named: Vec<Named> = named_polities(&now, NAMED)
        .into_iter()
        .map(|id| {
            let polity = polities.get(id.index());
            Named {
                id,
                name: polity.map_or_else(|| "?".to_string(), |p| p.name.clone()),
                color: polity.map_or(egui::Color32::GRAY, |_| rgb(colours.of(id.index()))),
                yours: now.iter().any(|p| p.0 == id && p.2),
            }
        })
        .collect();
    let others = now.len() - named.len();
    egui::Window::new("Charts")
        .open(open)
        .default_size([620.0, 560.0])
        .default_pos([360.0, 90.0])
        .show(ctx, |ui| {
            legend(ui, &named, others);
            let rest_of = |f: fn((f64, f64)) -> f64| (others > 0).then_some(f);
            ui.label("Score S (white: the world)");
            Plot::new("score")
                .y_axis_min_width(48.0)
                .height(170.0)
                .include_y(0.0)
                .include_y(1.0)
                .x_axis_formatter(turns)
                .show(ui, |plot| {
                    let world = series(history, |e| Some(e.world.metrics.score));
                    plot.line(
                        Line::new("world", PlotPoints::from(world))
                            .color(egui::Color32::WHITE)
                            .width(3.0),
                    );
                    polity_lines(plot, history, &named, |m| m.score, rest_of(|r| r.1));
                });
            ui.label("Fragmentation F and domination of the world");
            Plot::new("fragmentation")
                .y_axis_min_width(48.0)
                .height(130.0)
                .legend(Legend::default())
                .include_y(0.0)
                .include_y(1.0)
                .x_axis_formatter(turns)
                .show(ui, |plot| {
                    // The world's terms in white, told apart by their
                    // stroke: a colour here would read as a polity's.
                    let world: [(&str, WorldTerm, LineStyle); 3] = [
                        ("F (solid)", |e| e.world.fragmentation, LineStyle::Solid),
                        (
                            "domination (dashed)",
                            |e| e.world.metrics.domination,
                            LineStyle::dashed_loose(),
                        ),
                        (
                            "exit option (dotted)",
                            |e| e.world.metrics.exit_option,
                            LineStyle::dotted_dense(),
                        ),
                    ];
                    for (name, value, style) in world {
                        let points = series(history, |e| Some(value(e)));
                        plot.line(
                            Line::new(name, PlotPoints::from(points))
                                .color(egui::Color32::WHITE)
                                .style(style),
                        );
                    }
                });
            ui.label("People by polity");
            Plot::new("population")
                .y_axis_min_width(48.0)
                .height(150.0)
                .include_y(0.0)
                .x_axis_formatter(turns)
                .y_axis_formatter(|mark, _| super::format::people(mark.value.max(0.0)))
                // Room for "680.0k".
                .y_axis_min_width(44.0)
                .show(ui, |plot| {
                    polity_lines(plot, history, &named, |m| m.population, rest_of(|r| r.0));
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_names_the_player_and_the_most_populous_and_no_more() {
        let now: Vec<(PolityId, f64, bool)> = (0..25)
            .map(|i| (PolityId(i), f64::from(i % 7) * 1000.0, i == 3))
            .collect();
        let named = named_polities(&now, 8);
        assert_eq!(named.len(), 8);
        // Yours first, though small; then by people, ties in id order.
        assert_eq!(named[0], PolityId(3));
        assert_eq!(&named[1..4], &[PolityId(6), PolityId(13), PolityId(20)]);
        // A world of few polities names them all.
        assert_eq!(named_polities(&now[..4], 8).len(), 4);
    }
}
