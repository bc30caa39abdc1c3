//! The `newslens` binary: parse the command line and hand over to the library.

use std::io::{self, Write};
use std::process::ExitCode;

mod cli;
mod commands;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command, InputOptions};
use newslens::config::{self, Config};
use newslens::example::example_source;
use newslens::explorer;
use newslens::load::{Assembler, Layout, LiveCorpus, Loaded, Loading, Piece, Source};
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
                    None => explore(&cli, input, settings),
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

/// The explorer opens at most this many articles of a database unless --limit says.
const DB_LIMIT: usize = 10_000;

/// Opens the explorer on PATHs, the built-in example, or a database's newest matching
/// articles. Reading starts on a background thread; if it is over within a moment and nothing
/// could be loaded, the errors are printed as `check` prints them, before the screen is taken
/// over. Otherwise the explorer opens at once and takes in the rest as it comes, listing any
/// problems (`e`).
fn explore(cli: &Cli, input: InputOptions, settings: Config) -> io::Result<i32> {
    let (mut notice, mut remote) = (None, None);
    let sources = match (&cli.db, cli.paths.is_empty()) {
        (Some(_), false) => {
            eprintln!("error: give PATHs or --db, not both");
            return Ok(commands::EXIT_USAGE);
        }
        (Some(url), true) => {
            let Some(query) = commands::read_query(cli.query.as_deref(), &mut io::stderr())? else {
                return Ok(commands::EXIT_USAGE);
            };
            let limit = cli.limit.unwrap_or(DB_LIMIT);
            let (records, total) = match commands::db_records(url, &query, limit, input) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(commands::EXIT_DATA);
                }
            };
            if total == 0 {
                eprintln!("newslens: nothing to show: no article in the database matches");
                return Ok(commands::EXIT_DATA);
            }
            if total > limit {
                notice = Some(format!(
                    "showing the newest {limit} of {total} matching articles (--limit N shows more; F asks again)"
                ));
            }
            let archive = std::sync::Arc::new(commands::DbArchive { url: url.clone(), input });
            let text = cli.query.clone().unwrap_or_default();
            remote = Some(newslens::app::Remote::new(archive, limit, input.load_options(), text, total));
            vec![Source::Text { name: "database".into(), text: records.into(), layout: Layout::JsonLines }]
        }
        (None, true) => vec![example_source()],
        (None, false) => cli.paths.iter().cloned().map(Source::Path).collect(),
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
    match explorer::explore(data, loading, first, settings, notice, remote)? {
        explorer::Ending::Quit => Ok(commands::EXIT_OK),
        // The conventional status of a process ended by a signal.
        explorer::Ending::Signal(sig) => Ok(128 + sig),
    }
}

/// How long start-up waits for loading to finish before opening the explorer anyway.
const START_WAIT: Duration = Duration::from_millis(15);
