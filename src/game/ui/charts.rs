//! The charts window: S, F and population over time, for the world and
//! each polity (egui_plot).

use bevy_egui::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints};

use crate::game::session::Session;
use crate::sim::ids::PolityId;
use crate::sim::scoring::HistoryEntry;

/// Draws the charts window.
pub fn show(ctx: &egui::Context, session: &Session, open: &mut bool) {
    let polities = session.sim.polities();
    let history = session.sim.history();
    let name = |id: PolityId| {
        polities
            .get(id.index())
            .map_or("?".to_string(), |p| p.name.clone())
    };
    let mut ids: Vec<_> = history
        .iter()
        .flat_map(|e| e.polities.iter().map(|p| p.id))
        .collect();
    ids.sort();
    ids.dedup();
    egui::Window::new("Charts")
        .open(open)
        .default_size([620.0, 560.0])
        .default_pos([360.0, 90.0])
        .show(ctx, |ui| {
            let series = |metric: &dyn Fn(&HistoryEntry) -> Option<f64>| -> Vec<[f64; 2]> {
                history
                    .iter()
                    .filter_map(|e| metric(e).map(|v| [f64::from(e.turn), v]))
                    .collect()
            };
            ui.label("Score S (thick: the world)");
            Plot::new("score")
                .height(170.0)
                .legend(Legend::default())
                .include_y(0.0)
                .include_y(1.0)
                .show(ui, |plot| {
                    plot.line(
                        Line::new(
                            "world",
                            PlotPoints::from(series(&|e| Some(e.world.metrics.score))),
                        )
                        .width(3.0),
                    );
                    for &id in &ids {
                        let points = series(&|e| {
                            e.polities
                                .iter()
                                .find(|p| p.id == id)
                                .map(|p| p.metrics.score)
                        });
                        plot.line(Line::new(name(id), PlotPoints::from(points)));
                    }
                });
            ui.label("Fragmentation F and domination of the world");
            Plot::new("fragmentation")
                .height(130.0)
                .legend(Legend::default())
                .include_y(0.0)
                .include_y(1.0)
                .show(ui, |plot| {
                    plot.line(
                        Line::new(
                            "F",
                            PlotPoints::from(series(&|e| Some(e.world.fragmentation))),
                        )
                        .width(2.0),
                    );
                    plot.line(Line::new(
                        "domination",
                        PlotPoints::from(series(&|e| Some(e.world.metrics.domination))),
                    ));
                    plot.line(Line::new(
                        "exit option",
                        PlotPoints::from(series(&|e| Some(e.world.metrics.exit_option))),
                    ));
                });
            ui.label("Population by polity (people)");
            Plot::new("population")
                .height(150.0)
                .legend(Legend::default())
                .include_y(0.0)
                .show(ui, |plot| {
                    for &id in &ids {
                        let points = series(&|e| {
                            e.polities
                                .iter()
                                .find(|p| p.id == id)
                                .map(|p| p.metrics.population)
                        });
                        plot.line(Line::new(name(id), PlotPoints::from(points)));
                    }
                });
        });
}
