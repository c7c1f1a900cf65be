//! The event log: what happened each turn, refused orders in red; a line
//! that says the same turn after turn is shown once, with its turns; a
//! filter shows one kind of line.

use bevy_egui::egui;

use crate::game::session::{LogLine, Session};
use crate::sim::news::NewsKind;

/// Which lines the log shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LogFilter {
    /// Every line.
    #[default]
    All,
    /// Changes of regime, territory and federation, and forced sorting.
    Political,
    /// Orders given and carried out.
    Orders,
    /// Refusals and errors.
    Warnings,
}

impl LogFilter {
    const ALL: [LogFilter; 4] = [
        LogFilter::All,
        LogFilter::Political,
        LogFilter::Orders,
        LogFilter::Warnings,
    ];

    fn label(self) -> &'static str {
        match self {
            LogFilter::All => "all",
            LogFilter::Political => "political",
            LogFilter::Orders => "orders",
            LogFilter::Warnings => "refused",
        }
    }

    /// Whether a line is of the kind shown.
    fn shows(self, line: &LogLine) -> bool {
        let kind = line.news.as_ref().map(|n| n.kind);
        match self {
            LogFilter::All => true,
            LogFilter::Political => kind.is_some_and(|k| k.is_political()),
            LogFilter::Orders => {
                kind == Some(NewsKind::Order) || line.text.starts_with("Ordered for turn")
            }
            LogFilter::Warnings => line.warning,
        }
    }
}

/// Lines to show at most.
const SHOWN: usize = 300;

/// A line of the log with the turns it was said in, `first..=last`.
struct Said<'a> {
    first: u32,
    last: u32,
    line: &'a LogLine,
}

/// The log's lines, each line that repeats the same text on consecutive
/// turns folded into its first appearance.
fn folded<'a>(log: impl IntoIterator<Item = &'a LogLine>) -> Vec<Said<'a>> {
    let mut said: Vec<Said> = Vec::new();
    // Where each text was last said, among the lines kept.
    let mut last: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for line in log {
        if let Some(&i) = last.get(line.text.as_str())
            && said[i].last + 1 == line.turn
            && said[i].line.warning == line.warning
        {
            said[i].last = line.turn;
            continue;
        }
        last.insert(&line.text, said.len());
        said.push(Said {
            first: line.turn,
            last: line.turn,
            line,
        });
    }
    said
}

/// Draws the event log at the bottom.
pub fn show(root: &mut egui::Ui, session: &Session, filter: &mut LogFilter) {
    egui::Panel::bottom("log")
        .resizable(true)
        .default_size(150.0)
        .show(root, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new("Event log").strong());
                for f in LogFilter::ALL {
                    ui.selectable_value(filter, f, f.label());
                }
            });
            egui::ScrollArea::vertical()
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let said = folded(session.log.iter().filter(|l| filter.shows(l)));
                    for s in &said[said.len().saturating_sub(SHOWN)..] {
                        let turns = if s.first == s.last {
                            format!("turn {:>2}", s.first)
                        } else {
                            format!("turns {}–{}", s.first, s.last)
                        };
                        let text = format!("{turns}  {}", s.line.text);
                        if s.line.warning {
                            ui.colored_label(egui::Color32::from_rgb(235, 120, 105), text);
                        } else {
                            ui.label(text);
                        }
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(turn: u32, text: &str) -> LogLine {
        LogLine {
            turn,
            text: text.into(),
            warning: false,
            news: None,
        }
    }

    #[test]
    fn the_filter_shows_one_kind_of_line() {
        let news = |kind, text: &str| LogLine {
            news: Some(crate::sim::news::News::new(kind, None, text.into())),
            ..line(1, text)
        };
        let refused = LogLine {
            warning: true,
            ..line(1, "Refused: Repress voice (not enough capital).")
        };
        let log = [
            news(NewsKind::RegimeFell, "The warden fell."),
            news(NewsKind::Order, "Sourisia: will ignore protest"),
            line(1, "Ordered for turn 2: Repress voice."),
            refused,
            line(1, "Opened."),
        ];
        let shown = |f: LogFilter| -> Vec<&str> {
            log.iter()
                .filter(|l| f.shows(l))
                .map(|l| l.text.as_str())
                .collect()
        };
        assert_eq!(shown(LogFilter::All).len(), 5);
        assert_eq!(shown(LogFilter::Political), ["The warden fell."]);
        assert_eq!(
            shown(LogFilter::Orders),
            [
                "Sourisia: will ignore protest",
                "Ordered for turn 2: Repress voice."
            ]
        );
        assert_eq!(
            shown(LogFilter::Warnings),
            ["Refused: Repress voice (not enough capital)."]
        );
    }

    #[test]
    fn a_line_said_turn_after_turn_is_shown_once_with_its_turns() {
        let log = [
            line(1, "Repressed protest."),
            line(1, "Opened."),
            line(2, "Repressed protest."),
            line(3, "Repressed protest."),
            line(5, "Repressed protest."),
        ];
        let said: Vec<(u32, u32, &str)> = folded(&log)
            .iter()
            .map(|s| (s.first, s.last, s.line.text.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (1, 3, "Repressed protest."),
                (1, 1, "Opened."),
                // A gap of a turn starts it again.
                (5, 5, "Repressed protest."),
            ]
        );
    }
}
