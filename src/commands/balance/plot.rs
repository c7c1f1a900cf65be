//! `balance --plot`: an SVG chart per level of the player's legacy and the
//! world's score over the turns, one line per strategy (plotters, SVG
//! backend: no system libraries).

use std::path::Path;

use plotters::prelude::*;

use super::run::Row;

/// Colours of the strategies, in order.
const COLOURS: [RGBColor; 8] = [
    RGBColor(200, 60, 50),
    RGBColor(40, 140, 70),
    RGBColor(60, 90, 200),
    RGBColor(220, 150, 30),
    RGBColor(140, 60, 170),
    RGBColor(30, 160, 170),
    RGBColor(120, 120, 120),
    RGBColor(180, 90, 130),
];

/// Width of the charts of a level, and of its legend beside them.
const CHARTS_WIDTH: i32 = 900;
const LEGEND_WIDTH: u32 = 260;

/// Writes the chart of each level's rows (searched strategies left out but
/// the best) to `file`: a row per level, the player's legacy and the world
/// score side by side, the legend to their right.
pub fn plot(file: &Path, levels: &[(String, Vec<Row>)]) -> Result<(), String> {
    let height = 300 * levels.len().max(1) as u32;
    let root =
        SVGBackend::new(file, (CHARTS_WIDTH as u32 + LEGEND_WIDTH, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    for (band, (level, rows)) in root
        .split_evenly((levels.len().max(1), 1))
        .iter()
        .zip(levels)
    {
        let shown: Vec<&Row> = rows
            .iter()
            .filter(|r| !r.strategy.searched)
            .chain(rows.iter().filter(|r| r.strategy.searched).take(1))
            .collect();
        let (charts, key) = band.split_horizontally(CHARTS_WIDTH);
        let panels = charts.split_evenly((1, 2));
        for (panel, (what, series)) in panels.iter().zip([
            ("legacy of the player", Series::Legacy),
            ("world score S", Series::World),
        ]) {
            chart(panel, &format!("{level}: {what}, by turn"), &shown, series)
                .map_err(|e| e.to_string())?;
        }
        legend(&key, &shown).map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// The strategies' colours and names, one per line.
fn legend(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    rows: &[&Row],
) -> Result<(), Box<dyn std::error::Error>> {
    for (k, row) in rows.iter().enumerate() {
        let y = 40 + 22 * k as i32;
        let colour = COLOURS[k % COLOURS.len()];
        area.draw(&PathElement::new(
            vec![(8, y), (32, y)],
            colour.stroke_width(3),
        ))?;
        let name: String = row.strategy.name.chars().take(30).collect();
        area.draw(&Text::new(name, (40, y - 7), ("sans-serif", 14)))?;
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Series {
    Legacy,
    World,
}

fn chart(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    title: &str,
    rows: &[&Row],
    series: Series,
) -> Result<(), Box<dyn std::error::Error>> {
    let turns = rows
        .iter()
        .map(|r| r.legacies.len())
        .max()
        .unwrap_or(1)
        .max(2)
        - 1;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 16))
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(36)
        .build_cartesian_2d(0u32..turns as u32, 0.0f64..1.0f64)?;
    chart
        .configure_mesh()
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    for (k, row) in rows.iter().enumerate() {
        let values = match series {
            Series::Legacy => &row.legacies,
            Series::World => &row.world_scores,
        };
        let colour = COLOURS[k % COLOURS.len()];
        chart.draw_series(LineSeries::new(
            values.iter().enumerate().map(|(t, v)| (t as u32, *v)),
            colour.stroke_width(2),
        ))?;
    }
    Ok(())
}
