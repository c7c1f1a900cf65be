//! Entry point: parses the command line and runs the command.

use clap::Parser;
use free_association::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let code = match args.command {
        Some(command) => cli::run(
            command,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        None => {
            eprintln!("usage: free-association <COMMAND>; see --help");
            2
        }
    };
    std::process::exit(code);
}
