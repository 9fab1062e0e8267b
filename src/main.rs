//! The `mixtutor` command line. With no subcommand it opens the app.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_sigpipe();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mixtutor: {}", once(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each said once: most errors already include
/// their source's words in their own message, and printing the whole chain
/// would repeat them.
fn once(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        // OS errors in the words the app's own errors use for them.
        let words = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => mixtutor::paths::io_words(io),
            None => cause.to_string(),
        };
        if !text.contains(&words) {
            text.push_str(": ");
            text.push_str(&words);
        }
    }
    text
}

/// Rust ignores SIGPIPE, so `mixtutor lessons list | head` would panic on the
/// closed pipe; like every Unix command line tool, end quietly instead.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists;
    // SIG_DFL is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
