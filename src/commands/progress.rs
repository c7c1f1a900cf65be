//! What a long command shows while it works: a spinner with what it is
//! doing and for how long, on a terminal only (quiet when standard error is
//! piped or captured, so that scripts and tests see clean output).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A spinner saying `what`, ticking on its own thread until dropped or
/// finished; hidden when standard error is not a terminal.
pub fn spinner(what: impl Into<String>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(what.into());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
