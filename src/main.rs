//! Entry point: parses the command line and runs the command.

use clap::Parser;
use free_association::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = match args.command {
        Some(command) => cli::run(command, &mut out, &mut err),
        None => cli::overview(std::path::Path::new("levels"), &mut out),
    };
    std::process::exit(code);
}
