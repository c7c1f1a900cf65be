//! Entry point: parses the command line and runs the command.

use clap::Parser;
use free_association::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    // Not locked: the game's threads log to these while it runs.
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    let code = match args.command {
        Some(command) => cli::run(command, &mut out, &mut err),
        None => no_command(&mut out),
    };
    std::process::exit(code);
}

/// Without a command: the game's main menu, the tutorial first; without
/// the `gui` feature, an overview.
#[cfg(feature = "gui")]
fn no_command(_out: &mut impl std::io::Write) -> i32 {
    free_association::game::run(free_association::game::GameOptions::default())
}

#[cfg(not(feature = "gui"))]
fn no_command(out: &mut impl std::io::Write) -> i32 {
    cli::overview(std::path::Path::new("levels"), out)
}
