//! What the balance harness prints: a table per level, or one JSON object
//! per level and strategy; and the check of the thesis order.

use serde_json::{Value, json};

use super::run::Row;
use super::strategy::Plan;
use crate::level::schema::OrdersFile;

/// The table of one level's rows (searched strategies: the best five).
pub fn table(level: &str, turns: u32, rows: &[Row]) -> String {
    let mut text = format!(
        "{level}: {turns} turns, {} seed(s)\n",
        rows.first().map_or(0, |r| r.seeds)
    );
    let width = rows
        .iter()
        .map(|r| r.strategy.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    text.push_str(&format!(
        "{:<width$} {:>7} {:>7} {:>7} {:>6} {:>5} {:>5} {:>5} {:>5}  {:<23} {:<6}\n",
        "strategy",
        "legacy",
        "score",
        "world",
        "F",
        "won",
        "lost",
        "fell",
        "late",
        "final power (r/p/m/c)",
        "exit"
    ));
    let shown = rows
        .iter()
        .filter(|r| !r.strategy.searched)
        .chain(rows.iter().filter(|r| r.strategy.searched).take(5));
    for row in shown {
        let p = row.power;
        let won = match row.first_victory {
            Some(t) if row.victories > 0 => format!("{}@{t}", row.victories),
            _ => row.victories.to_string(),
        };
        text.push_str(&format!(
            "{:<width$} {:>7.3} {:>7.3} {:>7.3} {:>6.3} {:>5} {:>5} {:>5} {:>5.1}  {:<23} {:<6}\n",
            row.strategy.name,
            row.legacy,
            row.score,
            row.world_score,
            row.fragmentation,
            won,
            row.defeats,
            row.falls,
            row.late_news,
            format!(
                "{:.2}/{:.2}/{:.2}/{:.2}",
                p.ruler, p.province, p.municipal, p.citizens
            ),
            row.exit.name()
        ));
    }
    text.push_str(&search_summary(rows));
    text
}

/// One line on the searched strategies: how many, how many won on some
/// seed and the earliest turn any of them won.
fn search_summary(rows: &[Row]) -> String {
    let searched: Vec<&Row> = rows.iter().filter(|r| r.strategy.searched).collect();
    if searched.is_empty() {
        return String::new();
    }
    let winners: Vec<&&Row> = searched.iter().filter(|r| r.victories > 0).collect();
    let earliest = winners.iter().filter_map(|r| r.first_victory).min();
    let best = searched.first().map_or(0.0, |r| r.legacy);
    match earliest {
        Some(turn) => format!(
            "searched {} random order sequences: best legacy {best:.3}; {} won on some seed, the earliest at turn {turn}\n",
            searched.len(),
            winners.len()
        ),
        None => format!(
            "searched {} random order sequences: best legacy {best:.3}; none won\n",
            searched.len()
        ),
    }
}

/// One JSON object per row.
pub fn json_line(row: &Row) -> Value {
    let p = row.power;
    let mut line = json!({
        "level": row.level,
        "strategy": row.strategy.name,
        "seeds": row.seeds,
        "legacy": row.legacy,
        "score": row.score,
        "world_score": row.world_score,
        "fragmentation": row.fragmentation,
        "victories": row.victories,
        "defeats": row.defeats,
        "falls": row.falls,
        "defeat_reasons": row.defeat_reasons,
        "first_victory": row.first_victory,
        "final_power": {"ruler": p.ruler, "province": p.province, "municipal": p.municipal, "citizens": p.citizens},
        "final_exit": row.exit.name(),
        "legacy_by_turn": row.legacies,
        "world_score_by_turn": row.world_scores,
        "political_news_by_turn": row.political_news,
        "late_news": row.late_news,
    });
    if row.strategy.searched
        && let Plan::Orders(orders) = &row.strategy.plan
    {
        let text = ron::ser::to_string_pretty(
            &OrdersFile(orders.clone()),
            ron::ser::PrettyConfig::new().struct_names(false),
        )
        .unwrap_or_default();
        line["orders"] = json!(format!("Orders{text}"));
    }
    line
}

/// The plays won within the first quarter of a level's turns: goals so
/// easy that the game is over before the player has learnt anything (the
/// balance harness tunes goals against it).
pub fn won_too_early(rows: &[Row], turns: u32) -> Vec<String> {
    rows.iter()
        .filter_map(|r| {
            let turn = r.first_victory?;
            (turn * 4 <= turns).then(|| {
                format!(
                    "{} wins on turn {turn}, within the first quarter of {turns} turns",
                    r.strategy.name
                )
            })
        })
        .collect()
}

/// How the thesis order breaks on a level, if it does (GAME.md §10):
/// `reform` above `idle`, `idle` at least `partition` (within 0.02,
/// required property 9), and `warden` and `homogenize` lowest: above none
/// of the three (a tie means the move was impossible on the level: a
/// polity of one province and one culture has nothing to sort).
pub fn thesis_broken(rows: &[Row]) -> Vec<String> {
    let legacy = |name: &str| {
        rows.iter()
            .find(|r| r.strategy.name == name)
            .map(|r| r.legacy)
    };
    let mut broken = Vec::new();
    let (Some(reform), Some(idle), Some(partition)) =
        (legacy("reform"), legacy("idle"), legacy("partition"))
    else {
        return vec!["the strategies reform, idle and partition are not all there".into()];
    };
    if reform <= idle {
        broken.push(format!("reform {reform:.3} is not above idle {idle:.3}"));
    }
    if partition > idle + 0.02 {
        broken.push(format!(
            "partition {partition:.3} is above idle {idle:.3} by more than 0.02"
        ));
    }
    for worst in ["warden", "homogenize"] {
        let Some(value) = legacy(worst) else {
            continue;
        };
        for (name, other) in [("reform", reform), ("idle", idle), ("partition", partition)] {
            if value > other {
                broken.push(format!("{worst} {value:.3} is above {name} {other:.3}"));
            }
        }
    }
    broken
}
