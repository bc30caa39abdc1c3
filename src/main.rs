//! The `newslens` binary: parse the command line and hand over to the library.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use newslens::cli::Cli;
use newslens::{commands, explorer};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let result = match &cli.command {
        Some(command) => commands::run(command, cli.input, &mut stdout.lock(), &mut stderr.lock()),
        None => explore(&cli),
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        // `newslens entities | head` closes the pipe early: that is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::from(commands::EXIT_DATA as u8)
        }
    }
}

/// Opens the explorer. Data is checked first, so errors are reported the same way with or
/// without a terminal, and before the screen is taken over.
fn explore(cli: &Cli) -> io::Result<i32> {
    let loaded = commands::load(&cli.paths, cli.input);
    if !commands::report(&loaded, &mut io::stderr())? {
        return Ok(commands::EXIT_DATA);
    }
    if !explorer::has_terminal() {
        eprintln!(
            "newslens: the explorer needs a terminal (stdin and stdout are not both a TTY).\n\
             For scripts, use a command instead: newslens check | entities | timeline | search | export (see newslens --help)."
        );
        return Ok(commands::EXIT_USAGE);
    }
    if loaded.corpus.articles.is_empty() {
        eprintln!("newslens: no articles to show");
        return Ok(commands::EXIT_DATA);
    }
    explorer::explore(loaded.corpus)?;
    Ok(commands::EXIT_OK)
}
