//! The non-interactive commands: the command line's values handed to the library, and what
//! it answers printed. Nothing here answers a question itself: an [`Archive`] does.
//!
//! Each command writes its result to `out` and problems to `err`; a [`Failure`] says why it
//! stopped, and [`Failure::exit_code`] is the one place that turns that into an exit code.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::cli::{By, Command, DbCommand, EditCommand, InputOptions, OutputOptions};
use newslens::archive::{
    self, Archive, ArticleRow, EntityRow, EventRow, MemoryArchive, Period, PgArchive, RelatedRow, SearchRow, Trend,
};
use newslens::date::format_range;
use newslens::display::{count, fit, for_terminal, json_safe, sanitize, width};
use newslens::example::load_example;
use newslens::export::{self, Output};
use newslens::formats::{self, Writer};
use newslens::load::{Loaded, load_paths};
use newslens::model::Corpus;
use newslens::query::Query;

/// The exit statuses, one table (the README's) that every command follows: what a script
/// can tell apart.
pub mod status {
    /// The command did what was asked.
    pub const OK: u8 = 0;
    /// Nothing matched: no article, entity or event answers the question (as grep says 1).
    pub const NO_MATCH: u8 = 1;
    /// The command line, the query or the config file is wrong; nothing was read or written.
    pub const USAGE: u8 = 2;
    /// The data has errors, or cannot be what was asked (a missing input file is one).
    pub const DATA: u8 = 3;
    /// Writing or the database failed: an output file exists or cannot be written, the
    /// database cannot be reached or refuses.
    pub const TROUBLE: u8 = 4;

    /// Each status with what it means, for the manual.
    pub const TABLE: [(u8, &str); 5] = [
        (OK, "Done (also when a reader such as head closes the pipe early)."),
        (NO_MATCH, "Nothing matched: no article, entity or event answers; said on stderr (--json still prints [])."),
        (
            USAGE,
            "The command line, the query or the config file is wrong, or a name is unknown or shared by several entities.",
        ),
        (DATA, "An input is missing or has errors (listed with their places), or cannot be written as asked."),
        (
            TROUBLE,
            "The output file exists (nothing is overwritten without --force) or cannot be written; the database cannot be reached or refuses.",
        ),
    ];
}

/// Why a command stopped short.
#[derive(Debug)]
pub enum Failure {
    /// The command line asks for something that cannot be (said in the text).
    Usage(String),
    /// Nothing matched (said in the text, on stderr: stdout stays clean for scripts).
    NoMatch(String),
    /// The data has errors, already reported on stderr.
    Data,
    /// The data cannot be what was asked (said in the text): nothing to write.
    Content(String),
    /// Writing or the database failed (said in the text).
    Failed(String),
    /// The archive could not answer.
    Archive(archive::Error),
    /// A usage error said as it is written (a config file's error carries its own place).
    Plain(String),
    /// `--query` is wrong.
    Query(newslens::query::QueryError),
    /// Writing the answer failed.
    Io(io::Error),
    /// A signal ended the explorer (its number).
    Signal(i32),
}

impl Failure {
    /// The exit code, from [`status`]: 0 for a closed pipe (`newslens entities | head`),
    /// 128 + N for signal N.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) | Failure::Query(_) | Failure::Plain(_) => status::USAGE,
            Failure::Archive(e) if e.is_usage() => status::USAGE,
            Failure::NoMatch(_) => status::NO_MATCH,
            Failure::Data | Failure::Content(_) => status::DATA,
            Failure::Failed(_) | Failure::Archive(_) => status::TROUBLE,
            Failure::Io(e) if e.kind() == io::ErrorKind::BrokenPipe => status::OK,
            Failure::Io(_) => status::TROUBLE,
            Failure::Signal(sig) => u8::try_from(128 + sig).unwrap_or(255),
        }
    }

    /// What to say on stderr, if anything is left to say.
    pub fn message(&self) -> Option<String> {
        match self {
            Failure::Usage(m) | Failure::Failed(m) | Failure::Content(m) => Some(format!("error: {}", for_terminal(m))),
            Failure::NoMatch(m) => Some(format!("newslens: {}", for_terminal(m))),
            Failure::Archive(e) => Some(format!("error: {}", for_terminal(&e.to_string()))),
            Failure::Io(e) if e.kind() == io::ErrorKind::BrokenPipe => None,
            Failure::Io(e) => Some(format!("error: {}", for_terminal(&e.to_string()))),
            Failure::Plain(m) => Some(for_terminal(m)),
            Failure::Query(e) => Some(format!("query:1:{}: error: {}", e.column, sanitize(&e.message))),
            Failure::Data | Failure::Signal(_) => None,
        }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<archive::Error> for Failure {
    fn from(e: archive::Error) -> Failure {
        Failure::Archive(e)
    }
}

/// What a command returns.
pub type Outcome = Result<(), Failure>;

/// Loads `paths`, or the built-in example when there are none.
pub fn load(paths: &[PathBuf], input: InputOptions) -> Loaded {
    if paths.is_empty() { load_example() } else { load_paths(paths, input.load_options()) }
}

/// Prints every problem to `err`; false when there were errors (then a summary follows).
pub fn report(loaded: &Loaded, err: &mut dyn Write) -> io::Result<bool> {
    let quiet = QUIET.load(std::sync::atomic::Ordering::Relaxed);
    for d in loaded.diagnostics.iter().filter(|d| !quiet || d.severity == newslens::diagnostic::Severity::Error) {
        writeln!(err, "{}", sanitize(&d.to_string()))?;
    }
    let errors = loaded.error_count();
    if errors > 0 {
        let warnings = loaded.warning_count();
        writeln!(
            err,
            "{} found; fix {} and run `newslens check` again",
            count(errors, "error"),
            if errors == 1 { "it" } else { "them" }
        )?;
        if warnings > 0 {
            writeln!(err, "({} too)", count(warnings, "warning"))?;
        }
    }
    Ok(errors == 0)
}

/// `--quiet`: no warnings are said, by any command (set once, before the command runs).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says no warnings from now on (`--quiet`).
pub fn hush() {
    QUIET.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// A warning of the command's own (not of the data), unless `--quiet`.
fn warn(err: &mut dyn Write, message: &str) -> io::Result<()> {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed) { Ok(()) } else { writeln!(err, "warning: {message}") }
}

/// What a command did, said on stderr (so stdout stays the data), unless `--quiet`.
fn note(err: &mut dyn Write, message: &str) -> io::Result<()> {
    if QUIET.load(std::sync::atomic::Ordering::Relaxed) { Ok(()) } else { writeln!(err, "note: {message}") }
}

/// The query of `--query` (every article matches without one); a bad one is a usage error.
pub fn read_query(text: Option<&str>) -> Result<Query, Failure> {
    Ok(text.map(Query::parse).transpose().map_err(Failure::Query)?.unwrap_or_default())
}

/// Runs one command.
pub fn run(
    command: &Command,
    input: InputOptions,
    db: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let needs_no_db = || match db {
        Some(_) => Err(Failure::Usage(
            "--db works with articles, related, trend, entities, timeline, search, export and db push".into(),
        )),
        None => Ok(()),
    };
    match command {
        Command::Check { paths } => {
            needs_no_db()?;
            let loaded = std::mem::ManuallyDrop::new(loaded(paths, input, err)?);
            let c = &loaded.corpus;
            writeln!(
                out,
                "ok: {}, {}, {}, {}, {}",
                count(c.articles.len(), "article"),
                count(c.entities.len(), "entity"),
                count(c.mention_total(), "mention"),
                count(c.event_total(), "event"),
                count(loaded.warning_count(), "warning"),
            )?;
            Ok(())
        }
        Command::Import { inputs, output } => {
            needs_no_db()?;
            let loaded = std::mem::ManuallyDrop::new(loaded(inputs, input, err)?);
            write_out(&loaded.corpus, formats::JSONL, output, out, err)
        }
        Command::Annotate { inputs, gazetteer, output } => {
            needs_no_db()?;
            let mut loaded = loaded(inputs, input, err)?;
            let (kb, problems) = newslens::gazetteer::Gazetteer::read(gazetteer);
            let kb_loaded = Loaded { corpus: Corpus::default(), diagnostics: problems };
            if !report(&kb_loaded, err)? {
                return Err(Failure::Data);
            }
            if kb.entities.is_empty() {
                let shown = for_terminal(&gazetteer.display().to_string());
                return Err(Failure::Content(format!("the gazetteer {shown} names no entities")));
            }
            let matcher = newslens::gazetteer::Matcher::new(&kb);
            let done = newslens::gazetteer::annotate(&mut loaded.corpus, &kb, &matcher);
            let total = loaded.corpus.articles.len();
            note(
                err,
                &format!(
                    "found {} in {} of {total} ({} looked for); {} shared by several entities; {} left where something is annotated",
                    count(done.added, "mention"),
                    done.articles,
                    count(matcher.len(), "name"),
                    done.ambiguous,
                    count(done.kept, "name"),
                ),
            )?;
            let loaded = std::mem::ManuallyDrop::new(loaded);
            write_out(&loaded.corpus, formats::JSONL, output, out, err)
        }
        Command::Suggest { paths, limit, json } => {
            needs_no_db()?;
            let loaded = std::mem::ManuallyDrop::new(loaded(paths, input, err)?);
            let mut found = newslens::gazetteer::suggest(&loaded.corpus);
            found.truncate(limit.unwrap_or(usize::MAX));
            print_suggestions(&loaded.corpus, &found, *json, out)?;
            if found.is_empty() {
                Err(Failure::NoMatch("no name is left unannotated where the corpus annotates it elsewhere".into()))
            } else {
                Ok(())
            }
        }
        Command::Edit { change } => {
            needs_no_db()?;
            edit(change, input, out, err)
        }
        Command::Export { paths, query, to, output } => {
            let query = read_query(query.as_deref())?;
            if to.extension.is_none() && output.file().is_none() {
                return Err(Failure::Usage(format!(
                    "{} export writes a directory of files: give it with -o DIR",
                    to.name
                )));
            }
            let corpus = match database(db, paths) {
                Some(_) if !paths.is_empty() => return Err(Failure::Usage("give PATHs or --db, not both".into())),
                // The archive's matching records, read as files are.
                Some(url) => {
                    cancel_on_signals();
                    let selection = PgArchive::new(&url, input.load_options()).select(&query, usize::MAX)?;
                    if selection.total == 0 {
                        return Err(Failure::NoMatch("nothing to write: no article matches the query".into()));
                    }
                    let mut loader = newslens::load::Loader::with_options(input.load_options());
                    loader.add_source("database", &selection.records, newslens::load::Framing::JsonLines);
                    let loaded = loader.finish();
                    if !report(&loaded, err)? {
                        return Err(Failure::Data);
                    }
                    loaded.corpus
                }
                None => loaded(paths, input, err)?.corpus,
            };
            let archive = std::mem::ManuallyDrop::new(MemoryArchive::new(corpus));
            let matching = archive.within(&query);
            if !query.is_empty() && matching.articles.is_empty() {
                return Err(Failure::NoMatch("nothing to write: no article matches the query".into()));
            }
            write_out(&matching, to, output, out, err)
        }
        Command::Db { action: DbCommand::Push { paths } } => {
            // The PATHs here are what to push: the environment's database applies with them.
            let Some(url) = database(db, &[]) else {
                return Err(Failure::Usage("no database: give --db URL or set NEWSLENS_DB".into()));
            };
            // Articles with errors are left out of the corpus; the others are pushed.
            let loaded = std::mem::ManuallyDrop::new(load(paths, input));
            let clean = report(&loaded, err)?;
            // Records of newslens JSON do not keep their file: one file named is theirs.
            let only = match paths.as_slice() {
                [one] if one.is_file() => Some(one.display().to_string()),
                _ => None,
            };
            db_push(&loaded.corpus, &url, only.as_deref(), out, err)?;
            if clean { Ok(()) } else { Err(Failure::Data) }
        }
        Command::Entities { paths, query, .. }
        | Command::Timeline { paths, query, .. }
        | Command::Articles { paths, query, .. }
        | Command::Related { paths, query, .. }
        | Command::Trend { paths, query, .. } => {
            let query = read_query(query.as_deref())?;
            with_archive(paths, db, input, err, |archive, err| answer(command, archive, &query, out, err))
        }
        Command::Search { paths, .. } => {
            with_archive(paths, db, input, err, |archive, err| answer(command, archive, &Query::default(), out, err))
        }
        // These read no data; the binary answers them before it reads the config.
        Command::Config { .. } | Command::Completions { .. } | Command::Man { .. } => Ok(()),
    }
}

/// Loads `paths` (the example without any) and reports every problem; errors stop here.
fn loaded(paths: &[PathBuf], input: InputOptions, err: &mut dyn Write) -> Result<Loaded, Failure> {
    let loaded = load(paths, input);
    if report(&loaded, err)? { Ok(loaded) } else { Err(Failure::Data) }
}

/// Stopped (Ctrl-C, SIGTERM, SIGHUP) while the database answers, the server is asked to stop
/// the question too, rather than run it on for nobody.
fn cancel_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // Noted first: the cancelled question fails on the main thread, which must
                // then end as stopped by the signal, not as failed.
                STOPPED.store(sig, std::sync::atomic::Ordering::SeqCst);
                newslens::store::cancel_all();
                std::process::exit(128 + sig);
            }
        });
    }
}

/// The signal that stopped a question to the database (0: none).
static STOPPED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

/// The signal that stopped the command while the database answered, if one did.
pub fn stopped_by() -> Option<i32> {
    Some(STOPPED.load(std::sync::atomic::Ordering::SeqCst)).filter(|&s| s != 0)
}

/// The database a command asks: `--db`, or `$NEWSLENS_DB` when no PATH is given (PATHs
/// named on the command line win over the environment).
pub fn database(db: Option<&str>, paths: &[PathBuf]) -> Option<String> {
    db.map(str::to_string)
        .or_else(|| paths.is_empty().then(|| std::env::var("NEWSLENS_DB").ok().filter(|v| !v.is_empty())).flatten())
}

/// Runs `ask` on the archive the query commands ask: the database at `db`, or the files (the
/// example without any), read and checked.
fn with_archive(
    paths: &[PathBuf],
    db: Option<&str>,
    input: InputOptions,
    err: &mut dyn Write,
    ask: impl FnOnce(&dyn Archive, &mut dyn Write) -> Outcome,
) -> Outcome {
    match database(db, paths).as_deref() {
        Some(_) if !paths.is_empty() => Err(Failure::Usage("give PATHs or --db, not both".into())),
        // Dropped at the end: the connection is closed as the server expects.
        Some(url) => {
            cancel_on_signals();
            let archive = PgArchive::new(url, input.load_options());
            match newslens::config::cache_dir("names") {
                Some(dir) => ask(&archive.with_names_cache(dir), err),
                None => ask(&archive, err),
            }
        }
        None => {
            // Never freed (nor are the other commands' corpora): the process ends after one
            // command, and the OS takes the memory back faster than freeing it piece by piece.
            let archive = std::mem::ManuallyDrop::new(MemoryArchive::new(loaded(paths, input, err)?.corpus));
            ask(&*archive, err)
        }
    }
}

/// Asks `archive` the question `command` asks and prints the answer; an empty answer is
/// [`Failure::NoMatch`], said on stderr (`--json` still prints its `[]`).
fn answer(
    command: &Command,
    archive: &dyn Archive,
    query: &Query,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Outcome {
    let within = if query.is_empty() { "" } else { " that match the query" };
    let none = |found: usize, what: String| if found == 0 { Err(Failure::NoMatch(what)) } else { Ok(()) };
    match command {
        Command::Articles { limit, json, .. } => {
            let rows = archive.articles(query, *limit)?;
            print_articles(&rows, *json, out)?;
            none(rows.len(), format!("no articles{within}"))
        }
        Command::Entities { kind, limit, json, .. } => {
            let rows = archive.entities(query, kind.as_deref(), *limit)?;
            print_entities(&rows, *json, out)?;
            let of = kind.as_ref().map(|k| format!(" of type {k}")).unwrap_or_default();
            none(rows.len(), format!("no entities{of} in the articles{within}"))
        }
        Command::Related { entity, limit, json, .. } => {
            let one = one_entity(archive, entity)?;
            let rows = archive.related(query, &one.id, *limit)?;
            print_related(&rows, *json, out)?;
            none(rows.len(), format!("no entity appears beside {} in the articles{within}", one.name))
        }
        Command::Timeline { entity, limit, json, .. } => {
            let one = entity.as_deref().map(|e| one_entity(archive, e)).transpose()?;
            let rows = match archive.timeline(query, one.as_ref().map(|e| e.id.as_str()), *limit) {
                // Named and known, but in no article asked about: nothing matched.
                Err(archive::Error::NoEntityId(_)) => Vec::new(),
                rows => rows?,
            };
            print_timeline(&rows, *json, out)?;
            let of = one.map(|e| format!(" of {}", e.name)).unwrap_or_default();
            none(rows.len(), format!("no events{of} in the articles{within}"))
        }
        Command::Trend { by, json, .. } => {
            let trend = archive.trend(query, by.period())?;
            print_trend(&trend, by.period(), *json, out, err)?;
            none(trend.rows.len(), format!("no dated articles{within}"))
        }
        Command::Search { query: text, limit, json, .. } => {
            let rows = archive.search(text, *limit)?;
            print_search(&rows, *json, out)?;
            none(rows.len(), format!("no entity matches {}", sanitize(&format!("{text:?}"))))
        }
        _ => Ok(()),
    }
}

/// `newslens edit`: the change made to the corpus read from the files, and saved back to the
/// files it touches; what changed is said per file.
fn edit(change: &EditCommand, input: InputOptions, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    use newslens::edit;
    let files = change.files();
    let archive = MemoryArchive::new(loaded(&files.paths, input, err)?.corpus);
    let entity = |name: &str| -> Result<usize, Failure> {
        let row = one_entity(&archive, name)?;
        Ok(archive.corpus().entity_index(&row.id).expect("a named entity is in the corpus"))
    };
    let corpus = archive.corpus();
    let refused = |r: edit::Refused| Failure::Content(r.0);
    let (made, what) = match change {
        EditCommand::Rename { entity: e, name, .. } => {
            let e = entity(e)?;
            let what = format!("{} renamed {}", corpus.entities[e].name, name.trim());
            (edit::rename(corpus, e, name).map_err(refused)?, what)
        }
        EditCommand::Retype { entity: e, kind, .. } => {
            let e = entity(e)?;
            let what = format!("{} is now of type {}", corpus.entities[e].name, kind.trim());
            (edit::retype(corpus, e, kind).map_err(refused)?, what)
        }
        EditCommand::Merge { entity: e, into, .. } => {
            let (e, into) = (entity(e)?, entity(into)?);
            let what = format!("{} merged into {}", corpus.entities[e].name, corpus.entities[into].name);
            (edit::merge(corpus, e, into).map_err(refused)?, what)
        }
        EditCommand::Kb { entity: e, kb_id, .. } => {
            let e = entity(e)?;
            let change = edit::set_kb_from(corpus, e, kb_id).map_err(|r| Failure::Usage(r.0))?;
            let what = match &change {
                edit::Change::Entity { to, .. } if !to.links.is_empty() => {
                    let links: Vec<String> = to.links.iter().map(|(kb, id)| format!("{kb}:{id}")).collect();
                    format!("{} is {}", corpus.entities[e].name, links.join(", "))
                }
                _ => format!("{} has no knowledge-base id", corpus.entities[e].name),
            };
            (change, what)
        }
        EditCommand::AcceptSuggestions { entity: e, .. } => {
            let e = entity(e)?;
            let found: Vec<_> = newslens::gazetteer::suggest(corpus).into_iter().filter(|s| s.entity == e).collect();
            let what = format!("{} of {} accepted", count(found.len(), "suggested mention"), corpus.entities[e].name);
            (edit::accept_suggestions(corpus, &found).map_err(refused)?, what)
        }
    };
    let mut corpus = archive.into_corpus();
    let mut history = edit::History::default();
    history.make(&mut corpus, made).map_err(refused)?;
    let touched = history.unsaved(&corpus);
    if touched.is_empty() {
        return Err(Failure::NoMatch(format!("{}: no article changes", sanitize(&what))));
    }
    writeln!(out, "{}", sanitize(&what))?;
    if files.dry_run {
        let mut per_file: std::collections::BTreeMap<String, usize> = Default::default();
        for &a in &touched {
            *per_file.entry(corpus.articles[a].read_from.as_deref().unwrap_or("-").to_string()).or_default() += 1;
        }
        for (file, n) in per_file {
            writeln!(out, "  {}: {} (not written: --dry-run)", for_terminal(&file), count(n, "article"))?;
        }
        return Ok(());
    }
    let renamed = history.renamed(&corpus);
    let (saved, not) = edit::save::save(&mut corpus, &touched, &renamed, &mut Default::default());
    for s in &saved {
        writeln!(out, "  {}: {} written anew", for_terminal(&s.file), count(s.articles, "article"))?;
    }
    let mut failed = 0;
    for n in &not {
        if n.beside && files.beside {
            let to = edit::save::save_beside(&corpus, &n.file)
                .map_err(|why| Failure::Failed(format!("{}: {why}", for_terminal(&n.file))))?;
            writeln!(
                out,
                "  {}: saved beside it in {}",
                for_terminal(&n.file),
                for_terminal(&to.display().to_string())
            )?;
        } else {
            let hint = if n.beside { " (--beside saves it as newslens JSON Lines beside the file)" } else { "" };
            writeln!(err, "{}: error: {}{hint}", for_terminal(&n.file), n.why)?;
            failed += 1;
        }
    }
    if failed > 0 {
        return Err(Failure::Failed(format!("{} not saved", count(failed, "file"))));
    }
    Ok(())
}

/// The one entity `name` (an id, a name or an alias) names in `archive`. Several sharing the
/// name are listed, with what tells them apart, and the user asked to name one by its id:
/// counting them as one would merge different people.
fn one_entity(archive: &dyn Archive, name: &str) -> Result<EntityRow, Failure> {
    const SHOWN: usize = 20;
    let mut found = archive.named(name)?;
    match found.len() {
        0 => Err(Failure::Archive(archive::Error::NoSuchEntity(name.to_string()))),
        1 => Ok(found.remove(0)),
        n => {
            let mut listing =
                format!("{n} entities are called {}; name one by its id:", sanitize(&format!("{name:?}")));
            // The most mentioned first; thousands of lines would bury the question.
            for e in found.iter().take(SHOWN) {
                listing.push_str(&format!(
                    "\n  {}  {}  {}  {}",
                    sanitize(&e.id),
                    sanitize(&e.kind),
                    sanitize(&e.name),
                    count(e.mentions, "mention")
                ));
            }
            if n > SHOWN {
                listing.push_str(&format!("\n  … and {} more", n - SHOWN));
            }
            Err(Failure::Usage(listing))
        }
    }
}

impl By {
    /// The library's period.
    fn period(self) -> Period {
        match self {
            By::Year => Period::Year,
            By::Month => Period::Month,
            By::Day => Period::Day,
        }
    }
}

fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> Outcome {
    let json = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    writeln!(out, "{}", json_safe(json))?;
    Ok(())
}

/// Rows under a header, each column as wide as its widest cell: nothing is cut, so a pipe gets
/// every character. On a terminal, column `flex` gives way (cut with `…`) so that lines fit
/// its width. The last column is not padded: no line ends in spaces. Columns in `right` are
/// aligned right (numbers). Cells are sanitized here.
fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>], right: &[usize], flex: usize) -> Outcome {
    // No rows, no header: nothing matched is said on stderr.
    if rows.is_empty() {
        return Ok(());
    }
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| sanitize(c)).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let room = ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w as usize);
        let total: usize = widths.iter().sum::<usize>() + widths.len().saturating_sub(1);
        if total > room {
            widths[flex] = widths[flex].saturating_sub(total - room).max(width(header[flex]).max(6));
        }
    }
    let last = widths.len() - 1;
    let line = |row: &[String]| -> String {
        let mut text = String::new();
        for (k, (c, &w)) in row.iter().zip(&widths).enumerate() {
            if k > 0 {
                text.push(' ');
            }
            let shown = if width(c) > w { fit(c, w) } else { c.clone() };
            let pad = " ".repeat(w.saturating_sub(width(&shown)));
            match (right.contains(&k), k == last) {
                (true, _) => text.push_str(&format!("{pad}{shown}")),
                (false, true) => text.push_str(&shown),
                (false, false) => text.push_str(&format!("{shown}{pad}")),
            }
        }
        text.trim_end().to_string()
    };
    writeln!(out, "{}", line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>()))?;
    for row in &cells {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// Articles: date, counts, title and id.
fn print_articles(rows: &[ArticleRow], json: bool, out: &mut dyn Write) -> Outcome {
    if json {
        return write_json(out, &rows);
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let date = r.date.map(|d| d.to_string()).unwrap_or_default();
            vec![date, r.entities.to_string(), r.mentions.to_string(), r.title.clone(), format!("({})", r.id)]
        })
        .collect();
    table(out, &["DATE", "ENTITIES", "MENTIONS", "TITLE", "ID"], &rows, &[1, 2], 3)
}

/// Entities with their counts, type, name, id and aliases.
fn print_entities(rows: &[EntityRow], json: bool, out: &mut dyn Write) -> Outcome {
    if json {
        return write_json(out, &rows);
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.mentions.to_string(),
                r.articles.to_string(),
                r.kind.clone(),
                r.name.clone(),
                r.id.clone(),
                r.aliases.join(", "),
            ]
        })
        .collect();
    table(out, &["MENTIONS", "ARTICLES", "TYPE", "NAME", "ID", "ALIASES"], &rows, &[0, 1], 5)
}

/// Related entities: how many articles, type, name and id.
fn print_related(rows: &[RelatedRow], json: bool, out: &mut dyn Write) -> Outcome {
    if json {
        return write_json(out, &rows);
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| vec![r.articles.to_string(), r.kind.clone(), r.name.clone(), format!("({})", r.id)])
        .collect();
    table(out, &["ARTICLES", "TYPE", "NAME", "ID"], &rows, &[0], 2)
}

/// Events in timeline order: when, title and entities.
fn print_timeline(rows: &[EventRow], json: bool, out: &mut dyn Write) -> Outcome {
    if json {
        return write_json(out, &rows);
    }
    for r in rows {
        let when = match (r.date, r.end_date) {
            (Some(start), Some(end)) => format!("{start} – {end}"),
            _ => format_range(r.date, r.end_date),
        };
        writeln!(out, "{} {}  [{}]", fit(&when, 23), sanitize(&r.title), sanitize(&r.names.join(", ")))?;
    }
    Ok(())
}

/// One suggestion as `--json` writes it.
#[derive(Serialize)]
struct SuggestionRow<'a> {
    article: &'a str,
    start: usize,
    end: usize,
    text: String,
    entity: &'a str,
    name: &'a str,
    others: Vec<&'a str>,
    annotated: usize,
    unannotated: usize,
}

/// Names left unannotated: the article, where, the text, the entity, and how often the corpus
/// annotates that string and leaves it.
fn print_suggestions(
    corpus: &Corpus,
    found: &[newslens::gazetteer::Suggestion],
    json: bool,
    out: &mut dyn Write,
) -> Outcome {
    let rows: Vec<SuggestionRow> = found
        .iter()
        .map(|s| {
            let article = &corpus.articles[s.article];
            let entity = &corpus.entities[s.entity];
            SuggestionRow {
                article: &article.id,
                start: s.span.start,
                end: s.span.end,
                text: article.slice(s.span),
                entity: &entity.id,
                name: &entity.name,
                others: s.others.iter().map(|&o| corpus.entities[o].id.as_str()).collect(),
                annotated: s.annotated,
                unannotated: s.unannotated,
            }
        })
        .collect();
    if json {
        return write_json(out, &rows);
    }
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            vec![
                r.article.to_string(),
                format!("{}-{}", r.start, r.end),
                r.text,
                format!("{} ({})", r.name, r.entity),
                r.annotated.to_string(),
                r.unannotated.to_string(),
            ]
        })
        .collect();
    table(out, &["ARTICLE", "CHARS", "TEXT", "ENTITY", "ANNOTATED", "LEFT"], &rows, &[4, 5], 3)
}

/// Search hits: score, type, name, id and the alias that matched.
fn print_search(rows: &[SearchRow], json: bool, out: &mut dyn Write) -> Outcome {
    if json {
        return write_json(out, &rows);
    }
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let via = if r.matched == r.name { String::new() } else { r.matched.clone() };
            vec![r.score.to_string(), r.kind.clone(), r.name.clone(), r.id.clone(), via]
        })
        .collect();
    table(out, &["SCORE", "TYPE", "NAME", "ID", "MATCHED"], &rows, &[0], 2)
}

/// One bar per period, scaled to the terminal's width; what was not counted said on stderr.
fn print_trend(trend: &Trend, by: Period, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let unit = by.phrase();
    if trend.vague > 0 {
        writeln!(err, "note: {} dated less precisely than {unit} not counted", count(trend.vague, "article"))?;
    }
    if trend.undated > 0 {
        writeln!(err, "note: {} without a date not counted", count(trend.undated, "article"))?;
    }
    if json {
        return write_json(out, &trend.rows);
    }
    let width = if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w as usize)
    } else {
        80
    };
    let rows = &trend.rows;
    let label = rows.iter().map(|r| r.period.to_string().len()).max().unwrap_or(4);
    let max = rows.iter().map(|r| r.articles).max().unwrap_or(0);
    let digits = max.to_string().len();
    let room = width.saturating_sub(label + digits + 3).max(10);
    for r in rows {
        let cells = (r.articles * room).div_ceil(max.max(1));
        writeln!(out, "{:>label$} {} {}", r.period.to_string(), "█".repeat(cells), r.articles)?;
    }
    Ok(())
}

/// `newslens db push`: the schema brought up to date, then every article written.
fn db_push(corpus: &Corpus, url: &str, only: Option<&str>, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let total = corpus.articles.len();
    if !corpus.events.is_empty() {
        // The archive holds articles; a timeline file's own events belong to none.
        let n = count(corpus.events.len(), "event");
        warn(
            err,
            &format!("{n} of no article (a timeline file's) not pushed: the archive holds articles and their events"),
        )?;
    }
    let show = std::io::IsTerminal::is_terminal(&io::stderr());
    // A push stopped halfway is rolled back by the server, batch by batch.
    cancel_on_signals();
    let result = newslens::store::connect(url).and_then(|mut client| {
        newslens::store::migrate(&mut client)?;
        newslens::store::push(&mut client, corpus, |done| {
            if show {
                eprint!("\rpushing: {done}/{total} articles");
            }
        })
    });
    if show {
        eprintln!();
    }
    let p = result.map_err(|e| Failure::Failed(e.to_string()))?;
    for (file, id, why) in &p.refused {
        let place = file.as_deref().or(only).map_or(String::new(), |f| format!("{}: ", for_terminal(f)));
        writeln!(err, "{place}error: article {:?} not pushed: {why}", for_terminal(id))?;
    }
    let refused = if p.refused.is_empty() { String::new() } else { format!(", {} not pushed", p.refused.len()) };
    writeln!(out, "pushed: {} added, {} updated, {} unchanged{refused}", p.added, p.updated, p.unchanged)?;
    if p.refused.is_empty() { Ok(()) } else { Err(Failure::Data) }
}

/// `newslens config`: the default file, or which file is read and whether it is right.
pub fn config(default: bool, explicit: Option<&std::path::Path>, out: &mut dyn Write) -> Outcome {
    if default {
        write!(out, "{}", newslens::config::default_file())?;
        return Ok(());
    }
    let path = explicit.map(std::path::Path::to_path_buf).or_else(newslens::config::default_path);
    let Some(path) = path else {
        return Err(Failure::Usage("no config directory (HOME is not set); give a file with --config PATH".into()));
    };
    let shown = for_terminal(&path.display().to_string());
    match (path.exists(), newslens::config::load(Some(&path))) {
        (false, _) if explicit.is_none() => {
            writeln!(out, "{shown} (not there: the defaults apply; newslens config --default prints them)")?
        }
        (_, Ok(_)) => writeln!(out, "ok: {shown}")?,
        (_, Err(e)) => return Err(Failure::Plain(e.to_string())),
    }
    Ok(())
}

/// Exports `corpus` as `format` to the output file (atomically) or to `out`.
fn write_out(corpus: &Corpus, writer: &Writer, o: &OutputOptions, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    // A file of no articles could not be read back: say so rather than write one.
    let something = !corpus.articles.is_empty() || (writer.holds_timelines && !corpus.events.is_empty());
    if !something {
        let what = if corpus.events.is_empty() { "" } else { " (only timeline events: --to timelinejs writes them)" };
        return Err(Failure::Content(format!("nothing to write: no articles were loaded{what}")));
    }
    if let Some(why) = writer.refuses.and_then(|refuses| refuses(corpus)) {
        return Err(Failure::Content(format!("nothing to write: {why}")));
    }
    // Stopped halfway (Ctrl-C, SIGTERM), a write leaves nothing half-written behind.
    if o.file().is_some()
        && let Ok(mut signals) = signal_hook::iterator::Signals::new([
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ])
    {
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                export::remove_unfinished();
                std::process::exit(128 + sig);
            }
        });
    }
    let (output, warnings) = formats::export(corpus, writer);
    for w in warnings {
        warn(err, &w)?;
    }
    if let Some(target) = o.file() {
        return export::write(target, output, o.force).map_err(|e| Failure::Failed(e.to_string()));
    }
    if matches!(output, Output::Dir(_)) {
        return Err(Failure::Usage("this format writes a directory: give it with -o DIR".into()));
    }
    // Data never drives the terminal; a file or a pipe gets it exactly, as it is written.
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let content = output.into_text().unwrap_or_default();
        out.write_all(for_terminal(&content).as_bytes())?;
    } else if let Ok(write) = output.into_writing() {
        let mut buffered = io::BufWriter::with_capacity(1 << 20, out);
        write(&mut buffered)?;
        buffered.flush()?;
    }
    Ok(())
}
