//! The `mixtutor` command line. With no subcommand it opens the app.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mixtutor: {err:#}");
            ExitCode::FAILURE
        }
    }
}
