//! The `newslens` binary: parse the command line and hand over to the library.

use std::io::{self, Write};
use std::process::ExitCode;

mod cli;
mod commands;
mod manual;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command, InputOptions};
use commands::{Failure, Outcome};
use newslens::archive::{Archive, PgArchive};
use newslens::config::{self, Config};
use newslens::example::example_source;
use newslens::explorer;
use newslens::load::{Assembler, BackgroundLoad, Framing, LiveCorpus, Loaded, Piece, Source};
use std::time::Duration;

/// mimalloc: a large corpus loads about a tenth faster than with glibc's allocator, whose
/// thread heaps grow a few pages per system call (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        return exit(Err(Failure::Usage(format!(
            "{first} comes before the command; paths go after it, e.g. newslens check {first}"
        ))));
    }
    if cli.input.quiet {
        commands::hush();
    }
    let stdout = io::stdout();
    let stderr = io::stderr();
    let explicit =
        cli.config.clone().or_else(|| std::env::var_os(config::ENV).filter(|v| !v.is_empty()).map(Into::into));
    let result = match &cli.command {
        Some(Command::Completions { shell }) => {
            clap_complete::generate(*shell, &mut Cli::command(), "newslens", &mut stdout.lock());
            Ok(())
        }
        Some(Command::Man { dir: None }) => manual::page(&mut stdout.lock()).map_err(Failure::Io),
        Some(Command::Man { dir: Some(dir) }) => match manual::write_dir(dir) {
            Ok(pages) => {
                let shown = newslens::display::for_terminal(&dir.display().to_string());
                writeln!(stdout.lock(), "wrote {} pages into {shown}", pages.len()).map_err(Failure::Io)
            }
            Err(e) => Err(Failure::Failed(format!("{}: {e}", dir.display()))),
        },
        Some(Command::Config { default }) => commands::config(*default, explicit.as_deref(), &mut stdout.lock()),
        // A mistake in the config stops everything, before the terminal is touched.
        _ => match config::load(explicit.as_deref()) {
            Err(e) => Err(Failure::Plain(e.to_string())),
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
    exit(result)
}

/// The one place an outcome becomes what is said last and the exit code.
fn exit(outcome: Outcome) -> ExitCode {
    // Stopped by a signal while the database answered: its conventional status, whatever the
    // cancelled question left behind.
    if let Some(sig) = commands::stopped_by() {
        return ExitCode::from((128 + sig).clamp(0, 255) as u8);
    }
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if let Some(message) = failure.message() {
                let _ = writeln!(io::stderr(), "{message}");
            }
            ExitCode::from(failure.exit_code())
        }
    }
}

/// The work `--gazetteer KB` does to each article as the explorer loads it: the gazetteer is
/// read first, and a mistake in it is said (as `check` says it) before the screen opens.
fn gazetteer_prepare(kb: &std::path::Path) -> Result<newslens::load::Prepare, Failure> {
    let (gazetteer, problems) = newslens::gazetteer::Gazetteer::read(kb);
    let loaded = Loaded { corpus: Default::default(), diagnostics: problems };
    if !commands::report(&loaded, &mut io::stderr())? {
        return Err(Failure::Data);
    }
    let matcher = newslens::gazetteer::Matcher::new(&gazetteer);
    Ok(std::sync::Arc::new(move |draft: &mut newslens::import::Draft| {
        newslens::gazetteer::annotate_draft(draft, &gazetteer, &matcher);
    }))
}

/// The explorer opens at most this many articles of a database unless --limit says.
const DB_LIMIT: usize = 10_000;

/// Opens the explorer on PATHs, the built-in example, or a database's newest matching
/// articles. Reading starts on a background thread; if it is over within a moment and nothing
/// could be loaded, the errors are printed as `check` prints them, before the screen is taken
/// over. Otherwise the explorer opens at once and takes in the rest as it comes, listing any
/// problems (`e`).
fn explore(cli: &Cli, input: InputOptions, settings: Config) -> Outcome {
    let (mut notice, mut remote, mut filter) = (None, None, None);
    let db = commands::database(cli.db.as_deref(), &cli.paths);
    if cli.limit.is_some() && db.is_none() {
        return Err(Failure::Usage("--limit is for a database (--db URL or $NEWSLENS_DB)".into()));
    }
    let sources = match (&db, cli.paths.is_empty()) {
        (Some(_), false) => return Err(Failure::Usage("give PATHs or --db, not both".into())),
        (Some(url), true) => {
            let query = commands::read_query(cli.query.as_deref())?;
            let limit = cli.limit.unwrap_or(DB_LIMIT);
            let archive = std::sync::Arc::new(PgArchive::new(url, input.load_options()));
            let newslens::archive::Selection { records, total } = archive.select(&query, limit)?;
            if total == 0 {
                return Err(Failure::NoMatch("nothing to show: no article in the database matches".into()));
            }
            if total > limit {
                let again = settings.keymap.key(newslens::keymap::Mode::Normal, newslens::action::Action::OpenFilter);
                notice = Some(format!(
                    "showing the newest {limit} of {total} matching articles (--limit N shows more; {again} asks again)"
                ));
            }
            let text = cli.query.clone().unwrap_or_default();
            remote = Some(newslens::app::Remote::new(archive, limit, input.load_options(), text, total));
            vec![Source::Text { name: "database".into(), text: records.into(), layout: Framing::JsonLines }]
        }
        (None, only_example) => {
            // On files the query is the filter, applied once they are read; a mistake in it
            // is said before the screen opens.
            if let Some(q) = &cli.query {
                commands::read_query(Some(q))?;
                filter = Some(q.clone());
            }
            if only_example { vec![example_source()] } else { cli.paths.iter().cloned().map(Source::Path).collect() }
        }
    };
    let prepare = match &cli.gazetteer {
        Some(kb) => Some(gazetteer_prepare(kb)?),
        None => None,
    };
    let data = LiveCorpus::with_link(input.load_options().link);
    let mut loading = BackgroundLoad::start_prepared(sources, input.load_options(), data.known(), prepare);
    let terminal = explorer::has_terminal();
    let shows = |pieces: &[Piece]| pieces.iter().any(|p| matches!(p, Piece::Article { .. } | Piece::Events(_)));
    let mut first = loading.wait(START_WAIT);
    // Without a terminal no screen waits: what is said must not depend on how fast the
    // machine read the first pieces, so reading goes on until it shows something or ends.
    while !terminal && !loading.finished && !shows(&first) {
        first.extend(loading.wait(START_WAIT));
    }
    let something = shows(&first);
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
        return Err(Failure::Data);
    }
    if !terminal {
        return Err(Failure::Plain(
            "newslens: the explorer needs a terminal (stdin and stdout are not both a TTY).\n\
             For scripts, use a command instead: newslens check | entities | timeline | search | export (see newslens --help)."
                .into(),
        ));
    }
    match explorer::explore(data, loading, first, settings, notice, remote, filter)? {
        explorer::Ending::Quit => Ok(()),
        // The conventional status of a process ended by a signal.
        explorer::Ending::Signal(sig) => Err(Failure::Signal(sig)),
    }
}

/// How long start-up waits for loading to finish before opening the explorer anyway.
const START_WAIT: Duration = Duration::from_millis(15);
