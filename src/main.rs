//! The `newslens` binary: parse the command line and hand over to the library.

use std::io::{self, Write};
use std::process::ExitCode;

mod cli;
mod commands;

use std::path::PathBuf;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command, InputOptions};
use newslens::config::{self, Config};
use newslens::example::example_source;
use newslens::explorer;
use newslens::load::{Assembler, LiveCorpus, Loaded, Loading, Piece, Source};
use std::time::Duration;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // clap quotes what the user typed: neutralised like data, so it cannot drive the terminal.
        Err(e) => {
            let text = newslens::display::for_terminal(&e.render().to_string());
            let _ = if e.use_stderr() { write!(io::stderr(), "{text}") } else { write!(io::stdout(), "{text}") };
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    if let (Some(_), Some(first)) = (&cli.command, cli.paths.first()) {
        let first = newslens::display::for_terminal(&first.display().to_string());
        eprintln!("error: {first} comes before the command; paths go after it, e.g. newslens check {first}");
        return ExitCode::from(commands::EXIT_USAGE as u8);
    }
    if cli.command.is_none() && cli.db.is_some() {
        eprintln!("error: the explorer does not open a database yet; query it with newslens articles --db URL");
        return ExitCode::from(commands::EXIT_USAGE as u8);
    }
    let stdout = io::stdout();
    let stderr = io::stderr();
    let explicit =
        cli.config.clone().or_else(|| std::env::var_os(config::ENV).filter(|v| !v.is_empty()).map(Into::into));
    let result = match &cli.command {
        Some(Command::Completions { shell }) => {
            clap_complete::generate(*shell, &mut Cli::command(), "newslens", &mut stdout.lock());
            Ok(commands::EXIT_OK)
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(Cli::command()).render(&mut stdout.lock()).map(|_| commands::EXIT_OK)
        }
        Some(Command::Config { default }) => {
            commands::config(*default, explicit.as_deref(), &mut stdout.lock(), &mut stderr.lock())
        }
        // A mistake in the config stops everything, before the terminal is touched.
        _ => match config::load(explicit.as_deref()) {
            Err(e) => {
                let _ = writeln!(io::stderr(), "{}", newslens::display::for_terminal(&e.to_string()));
                return ExitCode::from(commands::EXIT_USAGE as u8);
            }
            Ok(settings) => {
                let mut input = cli.input;
                input.defaults = (settings.link, settings.offsets);
                match &cli.command {
                    Some(command) => {
                        commands::run(command, input, cli.db.as_deref(), &mut stdout.lock(), &mut stderr.lock())
                    }
                    None => explore(&cli.paths, input, settings),
                }
            }
        },
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

/// Opens the explorer. Reading starts on a background thread; if it is over within a moment
/// and nothing could be loaded, the errors are printed as `check` prints them, before the
/// screen is taken over. Otherwise the explorer opens at once and takes in the rest as it
/// comes, listing any problems (`e`).
fn explore(paths: &[PathBuf], input: InputOptions, settings: Config) -> io::Result<i32> {
    let sources = match paths.is_empty() {
        true => vec![example_source()],
        false => paths.iter().cloned().map(Source::Path).collect(),
    };
    let data = LiveCorpus::with_link(input.load_options().link);
    let mut loading = Loading::start(sources, input.load_options(), data.known());
    let first = loading.wait(START_WAIT);
    let something = first.iter().any(|p| matches!(p, Piece::Article { .. } | Piece::Events(_)));
    if loading.finished && !something {
        let mut loaded = Loaded::default();
        let mut assembler = Assembler::default();
        for p in first {
            assembler.add(&mut loaded.corpus, &mut loaded.diagnostics, p);
        }
        commands::report(&loaded, &mut io::stderr())?;
        if loaded.error_count() == 0 {
            eprintln!("newslens: nothing to show: no articles or events were found");
        }
        return Ok(commands::EXIT_DATA);
    }
    if !explorer::has_terminal() {
        eprintln!(
            "newslens: the explorer needs a terminal (stdin and stdout are not both a TTY).\n\
             For scripts, use a command instead: newslens check | entities | timeline | search | export (see newslens --help)."
        );
        return Ok(commands::EXIT_USAGE);
    }
    match explorer::explore(data, loading, first, settings)? {
        explorer::Ending::Quit => Ok(commands::EXIT_OK),
        // The conventional status of a process ended by a signal.
        explorer::Ending::Signal(sig) => Ok(128 + sig),
    }
}

/// How long start-up waits for loading to finish before opening the explorer anyway.
const START_WAIT: Duration = Duration::from_millis(15);
