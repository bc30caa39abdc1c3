//! The non-interactive commands: check, entities, timeline, search, export.
//!
//! Each writes its result to `out` and problems to `err`, and returns the exit code:
//! 0 ok, 1 data errors, 2 usage errors.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::cli::{By, Command, DbCommand, InputOptions, OutputOptions, ToFormat};
use newslens::date::{PartialDate, format_range};
use newslens::display::{count, fit, for_terminal, json_safe, sanitize, width};
use newslens::example::load_example;
use newslens::export::{self, Output};
use newslens::load::{Loaded, load_paths};
use newslens::model::{Corpus, Entity};
use newslens::query::{Query, TextIndex};
use newslens::search::{FuzzyIndex, matched_form};

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code when the data has errors.
pub const EXIT_DATA: i32 = 1;
/// Exit code for a usage error.
pub const EXIT_USAGE: i32 = 2;

/// Loads `paths`, or the built-in example when there are none.
pub fn load(paths: &[PathBuf], input: InputOptions) -> Loaded {
    if paths.is_empty() { load_example() } else { load_paths(paths, input.load_options()) }
}

/// Prints every problem to `err`; false when there were errors (then a summary follows).
pub fn report(loaded: &Loaded, err: &mut dyn Write) -> io::Result<bool> {
    for d in &loaded.diagnostics {
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

/// The query of `--query` (every article matches without one), or `None` after saying on
/// `err` where it is wrong.
pub fn read_query(text: Option<&str>, err: &mut dyn Write) -> io::Result<Option<Query>> {
    match text.map(Query::parse).transpose() {
        Ok(q) => Ok(Some(q.unwrap_or_default())),
        Err(e) => {
            writeln!(err, "query:1:{}: error: {}", e.column, sanitize(&e.message))?;
            Ok(None)
        }
    }
}

/// Runs one command.
pub fn run(
    command: &Command,
    input: InputOptions,
    db: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let (paths, query) = match command {
        Command::Check { paths } | Command::Search { paths, .. } => (paths, None),
        Command::Entities { paths, query, .. }
        | Command::Timeline { paths, query, .. }
        | Command::Articles { paths, query, .. }
        | Command::Related { paths, query, .. }
        | Command::Trend { paths, query, .. }
        | Command::Export { paths, query, .. } => (paths, query.as_deref()),
        Command::Import { inputs, .. } => (inputs, None),
        Command::Db { action: DbCommand::Push { paths, .. } } => (paths, None),
        // These read no data; the binary answers them before it reads the config.
        Command::Config { .. } | Command::Completions { .. } | Command::Man => return Ok(EXIT_USAGE),
    };
    // A bad query is a usage error, said before anything is read.
    let Some(query) = read_query(query, err)? else { return Ok(EXIT_USAGE) };
    if let Command::Export { to: ToFormat::Brat, output, .. } = command
        && output.file().is_none()
    {
        writeln!(err, "error: brat export writes a directory of .txt and .ann files: give it with -o DIR")?;
        return Ok(EXIT_USAGE);
    }
    // The process ends after one command: the OS takes the memory back faster than freeing
    // a large corpus piece by piece would.
    let queried_in_db = matches!(
        command,
        Command::Articles { .. }
            | Command::Related { .. }
            | Command::Trend { .. }
            | Command::Entities { .. }
            | Command::Timeline { .. }
            | Command::Search { .. }
    );
    // Where a push goes is settled before anything is read.
    let push_to = match command {
        Command::Db { .. } => {
            match db.map(str::to_string).or_else(|| std::env::var("NEWSLENS_DB").ok().filter(|v| !v.is_empty())) {
                Some(url) => Some(url),
                None => {
                    writeln!(err, "error: no database: give --db URL or set NEWSLENS_DB")?;
                    return Ok(EXIT_USAGE);
                }
            }
        }
        _ => None,
    };
    let loaded = match db {
        Some(url) if queried_in_db => {
            if !paths.is_empty() {
                writeln!(err, "error: give PATHs or --db, not both")?;
                return Ok(EXIT_USAGE);
            }
            if newslens::store::answer::decides(&query) {
                return answer_in_db(command, url, &query, out, err);
            }
            // A phrase: the records that may match, finished in memory.
            let (entity, events_or) = match command {
                Command::Related { entity, .. } => (Some(entity.as_str()), None),
                Command::Timeline { entity, .. } => (None, Some(entity.as_deref())),
                _ => (None, None),
            };
            match load_from_db(url, &query, entity, events_or, input) {
                Ok(loaded) => loaded,
                Err(e) => {
                    writeln!(err, "error: {}", for_terminal(&e.to_string()))?;
                    return Ok(EXIT_DATA);
                }
            }
        }
        Some(_) if !matches!(command, Command::Db { .. }) => {
            writeln!(err, "error: --db works with articles, related, trend, entities, timeline, search and db push")?;
            return Ok(EXIT_USAGE);
        }
        _ => load(paths, input),
    };
    let loaded = std::mem::ManuallyDrop::new(loaded);
    if let Some(url) = &push_to {
        // Articles with errors are left out of the corpus; the others are pushed.
        let clean = report(&loaded, err)?;
        let code = db_push(&loaded.corpus, url, out, err)?;
        return Ok(if clean { code } else { code.max(EXIT_DATA) });
    }
    if !report(&loaded, err)? {
        return Ok(EXIT_DATA);
    }
    let all = &loaded.corpus;
    let text = query.needs_text().then(|| TextIndex::of(all));
    let matching = query.articles(all, text.as_ref());
    // Commands over the whole corpus see only the matching articles (with a query).
    let over_corpus = matches!(command, Command::Entities { .. } | Command::Timeline { .. } | Command::Export { .. });
    let filtered = (over_corpus && !query.is_empty()).then(|| all.subset(&matching));
    let corpus = filtered.as_ref().unwrap_or(all);
    match command {
        Command::Check { .. } => {
            writeln!(
                out,
                "ok: {}, {}, {}, {}, {}",
                count(corpus.articles.len(), "article"),
                count(corpus.entities.len(), "entity"),
                count(corpus.mention_total(), "mention"),
                count(corpus.event_total(), "event"),
                count(loaded.warning_count(), "warning"),
            )?;
            Ok(EXIT_OK)
        }
        Command::Entities { kind, json, limit, .. } => entities(corpus, kind.as_deref(), *limit, *json, out),
        Command::Timeline { entity, json, limit, .. } => timeline(corpus, entity.as_deref(), *limit, *json, out, err),
        Command::Search { query, limit, json, .. } => {
            search(&corpus.entities, &corpus.mention_counts(), query, *limit, *json, out)
        }
        Command::Articles { limit, json, .. } => articles(all, &matching, *limit, *json, out),
        Command::Related { entity, limit, json, .. } => related(all, &matching, entity, *limit, *json, out, err),
        Command::Trend { by, json, .. } => {
            let dates = matching.iter().map(|&a| (all.articles[a].date, 1)).collect();
            trend(dates, *by, *json, out, err)
        }
        Command::Import { output, .. } => write_out(corpus, export::Format::Jsonl, output, out, err),
        Command::Export { to, output, .. } => write_out(corpus, to.format(), output, out, err),
        Command::Config { .. } | Command::Completions { .. } | Command::Man | Command::Db { .. } => Ok(EXIT_USAGE),
    }
}

/// The articles of the database at `url` that may match `query`, read as a file of them would be.
fn load_from_db(
    url: &str,
    query: &Query,
    entity: Option<&str>,
    events_or: Option<Option<&str>>,
    input: InputOptions,
) -> Result<Loaded, newslens::store::StoreError> {
    let mut client = newslens::store::open(url)?;
    let records = newslens::store::answer::candidates(&mut client, query, entity, events_or)?;
    if records.is_empty() {
        // Nothing matched: an empty corpus, not an empty file.
        return Ok(Loaded::default());
    }
    let mut loader = newslens::load::Loader::with_options(input.load_options());
    loader.add_source("database", &records, newslens::load::Layout::JsonLines);
    Ok(loader.finish())
}

/// A command the database answers by itself: only the answer comes back.
fn answer_in_db(
    command: &Command,
    url: &str,
    query: &Query,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    use newslens::store::answer;
    let result = newslens::store::open(url).and_then(|mut client| {
        let client = &mut client;
        Ok(match command {
            Command::Articles { limit, json, .. } => {
                let listed = answer::articles(client, query, *limit)?;
                let rows = listed.iter().map(|l| ArticleRow {
                    id: &l.id,
                    title: &l.title,
                    date: l.date,
                    entities: l.entities,
                    mentions: l.mentions,
                });
                print_articles(rows.collect(), *limit, *json, out)
            }
            Command::Trend { by, json, .. } => trend(answer::dates(client, query)?, *by, *json, out, err),
            Command::Entities { kind, json, limit, .. } => {
                let counted = answer::entities(client, query, kind.as_deref(), *limit)?;
                let rows = counted.iter().map(|c| EntityRow {
                    id: &c.entity.id,
                    name: &c.entity.name,
                    kind: &c.entity.kind,
                    aliases: &c.entity.aliases,
                    mentions: c.mentions,
                    articles: c.articles,
                });
                print_entities(rows.collect(), kind.as_deref(), *limit, *json, out)
            }
            Command::Related { entity, limit, json, .. } => {
                let wanted = answer::resolve(client, entity)?;
                if wanted.is_empty() {
                    no_such_entity(entity, err)
                } else {
                    let found = answer::related(client, query, &wanted, *limit)?;
                    let rows =
                        found.iter().map(|(e, n)| RelatedRow { id: &e.id, name: &e.name, kind: &e.kind, articles: *n });
                    print_related(rows.collect(), *limit, *json, out)
                }
            }
            Command::Timeline { entity, limit, json, .. } => {
                match answer::timeline(client, query, entity.as_deref(), *limit)? {
                    None => no_entity_id(entity.as_deref().unwrap_or_default(), err),
                    Some(events) => {
                        let rows = events.iter().map(|e| EventRow {
                            id: &e.id,
                            date: e.date,
                            end_date: e.end_date,
                            title: &e.title,
                            entities: e.entities.iter().map(String::as_str).collect(),
                            article: Some(&e.article),
                        });
                        print_timeline(rows.collect(), *json, out)
                    }
                }
            }
            Command::Search { query: text, limit, json, .. } => {
                let found = answer::search_candidates(client, text, *limit)?;
                let priority: Vec<usize> = found.iter().map(|c| c.mentions).collect();
                let entities: Vec<Entity> = found.into_iter().map(|c| c.entity).collect();
                search(&entities, &priority, text, *limit, *json, out)
            }
            _ => Ok(EXIT_USAGE),
        })
    });
    match result {
        Ok(written) => written,
        Err(e) => {
            writeln!(err, "error: {}", for_terminal(&e.to_string()))?;
            Ok(EXIT_DATA)
        }
    }
}

/// `newslens db push`: the schema brought up to date, then every article written.
fn db_push(corpus: &Corpus, url: &str, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<i32> {
    let total = corpus.articles.len();
    if !corpus.events.is_empty() {
        // The archive holds articles; a timeline file's own events belong to none.
        writeln!(
            err,
            "warning: {} of no article (a timeline file's) not pushed: the archive holds articles and their events",
            count(corpus.events.len(), "event")
        )?;
    }
    let show = std::io::IsTerminal::is_terminal(&io::stderr());
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
    match result {
        Ok(p) => {
            writeln!(out, "pushed: {} added, {} updated, {} unchanged", p.added, p.updated, p.unchanged)?;
            Ok(EXIT_OK)
        }
        Err(e) => {
            writeln!(err, "error: {}", for_terminal(&e.to_string()))?;
            Ok(EXIT_DATA)
        }
    }
}

/// `newslens config`: the default file, or which file is read and whether it is right.
pub fn config(
    default: bool,
    explicit: Option<&std::path::Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    if default {
        write!(out, "{}", newslens::config::default_file())?;
        return Ok(EXIT_OK);
    }
    let path = explicit.map(std::path::Path::to_path_buf).or_else(newslens::config::default_path);
    let Some(path) = path else {
        writeln!(err, "error: no config directory (HOME is not set); give a file with --config PATH")?;
        return Ok(EXIT_USAGE);
    };
    let shown = for_terminal(&path.display().to_string());
    match (path.exists(), newslens::config::load(Some(&path))) {
        (false, _) if explicit.is_none() => {
            writeln!(out, "{shown} (not there: the defaults apply; newslens config --default prints them)")?
        }
        (_, Ok(_)) => writeln!(out, "ok: {shown}")?,
        (_, Err(e)) => {
            writeln!(err, "{}", for_terminal(&e.to_string()))?;
            return Ok(EXIT_USAGE);
        }
    }
    Ok(EXIT_OK)
}

/// Exports `corpus` as `format` to the output file (atomically) or to `out`.
fn write_out(
    corpus: &Corpus,
    format: export::Format,
    o: &OutputOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    // A file of no articles could not be read back: say so rather than write one.
    let holds_timelines = matches!(format, export::Format::Timelinejs | export::Format::Jsonl);
    let something = !corpus.articles.is_empty() || (holds_timelines && !corpus.events.is_empty());
    if !something {
        let what = if corpus.events.is_empty() { "" } else { " (only timeline events: --to timelinejs writes them)" };
        writeln!(err, "error: nothing to write: no articles were loaded{what}")?;
        return Ok(EXIT_DATA);
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
    let (output, warnings) = export::export(corpus, format);
    for w in warnings {
        writeln!(err, "warning: {w}")?;
    }
    match (o.file(), &output) {
        (Some(target), _) => match export::write(target, &output, o.force) {
            Ok(()) => Ok(EXIT_OK),
            Err(e) => {
                writeln!(err, "error: {}", sanitize(&e.to_string()))?;
                Ok(EXIT_DATA)
            }
        },
        (None, Output::File(content)) => {
            // Data never drives the terminal; a file or a pipe gets it exactly.
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                out.write_all(for_terminal(content).as_bytes())?;
            } else {
                out.write_all(content.as_bytes())?;
            }
            Ok(EXIT_OK)
        }
        (None, Output::Dir(_)) => {
            writeln!(err, "error: this format writes a directory: give it with -o DIR")?;
            Ok(EXIT_USAGE)
        }
    }
}

#[derive(Serialize)]
struct EntityRow<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    aliases: &'a [String],
    mentions: usize,
    articles: usize,
}

fn entities(
    corpus: &Corpus,
    kind: Option<&str>,
    limit: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<i32> {
    let mentions = corpus.mention_counts();
    let articles = corpus.article_counts();
    let rows: Vec<EntityRow> = corpus
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| EntityRow {
            id: &e.id,
            name: &e.name,
            kind: &e.kind,
            aliases: &e.aliases,
            mentions: mentions[i],
            articles: articles[i],
        })
        .collect();
    print_entities(rows, kind, limit, json, out)
}

/// Entities (in corpus order) by mentions, then name; only those of type `kind` if given.
fn print_entities(
    mut rows: Vec<EntityRow>,
    kind: Option<&str>,
    limit: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<i32> {
    rows.retain(|r| kind.is_none_or(|k| r.kind.eq_ignore_ascii_case(k)));
    rows.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    rows.truncate(limit.unwrap_or(usize::MAX));
    if json {
        return write_json(out, &rows);
    }
    // Ids of imported entities can be long (`dir/doc:TYPE:text`): size the column to them.
    let id_w = rows.iter().map(|r| width(r.id)).max().unwrap_or(2).clamp(2, 40);
    writeln!(out, "MENTIONS ARTICLES TYPE     {} {} ALIASES", fit("NAME", 24), fit("ID", id_w))?;
    for r in &rows {
        writeln!(
            out,
            "{:>8} {:>8} {} {} {} {}",
            r.mentions,
            r.articles,
            fit(r.kind, 8),
            fit(r.name, 24),
            fit(r.id, id_w),
            sanitize(&r.aliases.join(", "))
        )?;
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct EventRow<'a> {
    id: &'a str,
    date: Option<PartialDate>,
    end_date: Option<PartialDate>,
    title: &'a str,
    entities: Vec<&'a str>,
    /// `None` for events of a timeline loaded on its own (TimelineJS).
    article: Option<&'a str>,
}

fn timeline(
    corpus: &Corpus,
    entity: Option<&str>,
    limit: Option<usize>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let only = match entity {
        None => None,
        Some(id) => match corpus.entity_index(id) {
            Some(i) => Some(i),
            None => return no_entity_id(id, err),
        },
    };
    let rows: Vec<EventRow> = corpus
        .timeline()
        .into_iter()
        .map(|r| (r, corpus.event(r)))
        .filter(|(_, e)| only.is_none_or(|i| e.entities.contains(&i)))
        .map(|(r, e)| EventRow {
            id: &e.id,
            date: e.date,
            end_date: e.end_date,
            title: &e.title,
            entities: e.entities.iter().map(|&i| corpus.entities[i].id.as_str()).collect(),
            article: r.article.map(|a| corpus.articles[a].id.as_str()),
        })
        .collect();
    let rows: Vec<EventRow> = rows.into_iter().take(limit.unwrap_or(usize::MAX)).collect();
    print_timeline(rows, json, out)
}

/// `timeline --entity` names an entity the articles do not have.
fn no_entity_id(id: &str, err: &mut dyn Write) -> io::Result<i32> {
    writeln!(err, "error: no entity with id {id:?}; `newslens entities` lists the ids")?;
    Ok(EXIT_USAGE)
}

/// Events in timeline order.
fn print_timeline(rows: Vec<EventRow>, json: bool, out: &mut dyn Write) -> io::Result<i32> {
    if json {
        return write_json(out, &rows);
    }
    for r in &rows {
        let when = match (r.date, r.end_date) {
            (Some(start), Some(end)) => format!("{start} – {end}"),
            _ => format_range(r.date, r.end_date),
        };
        writeln!(out, "{} {}  [{}]", fit(&when, 23), sanitize(r.title), sanitize(&r.entities.join(", ")))?;
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct SearchRow<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    score: i64,
    matched: &'a str,
    indices: Vec<usize>,
}

/// The best fuzzy matches for `query` among `entities`, whose mentions are `priority`.
fn search(
    entities: &[Entity],
    priority: &[usize],
    query: &str,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<i32> {
    let mut index = FuzzyIndex::entities(entities);
    // Equal matches: the more mentioned entity first.
    index.set_priority(priority);
    let hits = index.search(query, limit);
    let rows: Vec<SearchRow> = hits
        .into_iter()
        .map(|h| {
            let e = &entities[h.item];
            SearchRow {
                id: &e.id,
                name: &e.name,
                kind: &e.kind,
                score: h.score,
                matched: matched_form(e, h.form),
                indices: h.indices,
            }
        })
        .collect();
    if json {
        return write_json(out, &rows);
    }
    if rows.is_empty() {
        writeln!(out, "no entity matches {query:?}")?;
    }
    for r in &rows {
        let via = if r.matched == r.name { String::new() } else { format!("  (matched {})", sanitize(r.matched)) };
        writeln!(out, "{:>5} {} {} {}{via}", r.score, fit(r.kind, 8), fit(r.name, 24), sanitize(r.id))?;
    }
    Ok(EXIT_OK)
}

fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<i32> {
    let json = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    writeln!(out, "{}", json_safe(json))?;
    Ok(EXIT_OK)
}

/// The order of article listings: newest first; undated last, then by id.
fn newest_first(a: (Option<PartialDate>, &str), b: (Option<PartialDate>, &str)) -> std::cmp::Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.1.cmp(b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    }
}

/// The explorer's link to a database: each filter asks it again.
pub struct DbArchive {
    /// The connection string.
    pub url: String,
    /// How records are read.
    pub input: InputOptions,
}

impl newslens::app::Archive for DbArchive {
    fn select(&self, query: &Query, limit: usize) -> newslens::app::Answer {
        db_records(&self.url, query, limit, self.input)
    }
}

/// For the explorer on a database: the records of the newest `limit` articles that match
/// `query`, as JSON Lines, and how many match in all.
pub fn db_records(url: &str, query: &Query, limit: usize, input: InputOptions) -> Result<(String, usize), String> {
    if newslens::store::answer::decides(query) {
        let shown = |e: newslens::store::StoreError| for_terminal(&e.to_string());
        let mut client = newslens::store::open(url).map_err(shown)?;
        return newslens::store::answer::newest(&mut client, query, limit).map_err(shown);
    }
    let loaded = load_from_db(url, query, None, None, input).map_err(|e| for_terminal(&e.to_string()))?;
    let corpus = &loaded.corpus;
    let text = query.needs_text().then(|| TextIndex::of(corpus));
    let mut matching = query.articles(corpus, text.as_ref());
    let total = matching.len();
    let key = |a: usize| (corpus.articles[a].date, corpus.articles[a].id.as_str());
    matching.sort_by(|&a, &b| newest_first(key(a), key(b)));
    matching.truncate(limit);
    let mut records = String::new();
    for a in matching {
        records.push_str(&newslens::export::jsonl::article_line(corpus, &corpus.articles[a]));
        records.push('\n');
    }
    Ok((records, total))
}

#[derive(Serialize)]
struct ArticleRow<'a> {
    id: &'a str,
    title: &'a str,
    date: Option<PartialDate>,
    entities: usize,
    mentions: usize,
}

/// The matching articles, newest first; undated last, then by id.
fn articles(
    corpus: &Corpus,
    matching: &[usize],
    limit: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<i32> {
    let rows: Vec<ArticleRow> = matching
        .iter()
        .map(|&a| {
            let a = &corpus.articles[a];
            ArticleRow {
                id: &a.id,
                title: &a.title,
                date: a.date,
                entities: a.entities.len(),
                mentions: a.mentions.len(),
            }
        })
        .collect();
    print_articles(rows, limit, json, out)
}

/// Articles newest first (undated last, then by id), at most `limit`.
fn print_articles(mut rows: Vec<ArticleRow>, limit: Option<usize>, json: bool, out: &mut dyn Write) -> io::Result<i32> {
    rows.sort_by(|a, b| newest_first((a.date, a.id), (b.date, b.id)));
    rows.truncate(limit.unwrap_or(usize::MAX));
    if json {
        return write_json(out, &rows);
    }
    writeln!(out, "DATE       ENTITIES MENTIONS TITLE")?;
    for r in &rows {
        let date = r.date.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            out,
            "{} {:>8} {:>8} {}  ({})",
            fit(&date, 10),
            r.entities,
            r.mentions,
            sanitize(r.title),
            sanitize(r.id)
        )?;
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct RelatedRow<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    articles: usize,
}

/// The entities that appear in the matching articles that mention `entity` (an id, or a name
/// or alias), by how many of those articles; `entity` itself left out.
fn related(
    corpus: &Corpus,
    matching: &[usize],
    entity: &str,
    limit: Option<usize>,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let wanted: Vec<usize> = match corpus.entity_index(entity) {
        Some(e) => vec![e],
        None => {
            let name = newslens::search::fold::fold(entity.trim_start_matches('@')).text;
            let names = |e: &newslens::model::Entity| {
                std::iter::once(&e.name).chain(&e.aliases).any(|x| newslens::search::fold::fold(x).text == name)
            };
            corpus.entities.iter().enumerate().filter(|(_, e)| names(e)).map(|(i, _)| i).collect()
        }
    };
    if wanted.is_empty() {
        return no_such_entity(entity, err);
    }
    let mut together = vec![0usize; corpus.entities.len()];
    for &a in matching {
        let mentioned = corpus.articles[a].mentioned();
        if mentioned.iter().any(|e| wanted.contains(e)) {
            for e in mentioned {
                together[e] += 1;
            }
        }
    }
    let rows: Vec<RelatedRow> = together
        .iter()
        .enumerate()
        .filter(|&(e, &n)| n > 0 && !wanted.contains(&e))
        .map(|(e, &n)| {
            let x = &corpus.entities[e];
            RelatedRow { id: &x.id, name: &x.name, kind: &x.kind, articles: n }
        })
        .collect();
    print_related(rows, limit, json, out)
}

/// `related` names an entity nothing has.
fn no_such_entity(entity: &str, err: &mut dyn Write) -> io::Result<i32> {
    writeln!(
        err,
        "error: no entity has the id or the name {}; `newslens entities` lists them",
        sanitize(&format!("{entity:?}"))
    )?;
    Ok(EXIT_USAGE)
}

/// Related entities by articles, then name and id.
fn print_related(mut rows: Vec<RelatedRow>, limit: Option<usize>, json: bool, out: &mut dyn Write) -> io::Result<i32> {
    rows.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(b.name)).then_with(|| a.id.cmp(b.id)));
    rows.truncate(limit.unwrap_or(usize::MAX));
    if json {
        return write_json(out, &rows);
    }
    writeln!(out, "ARTICLES TYPE     NAME")?;
    for r in &rows {
        writeln!(out, "{:>8} {} {}  ({})", r.articles, fit(r.kind, 8), sanitize(r.name), sanitize(r.id))?;
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct TrendRow {
    period: PartialDate,
    articles: usize,
}

/// The most periods `trend` lists.
const MAX_PERIODS: usize = 100_000;

/// How many matching articles each period of their dates has, every period from the first to
/// the last (zeros too). Articles dated less precisely than a period are counted apart.
fn trend(
    dates: Vec<(Option<PartialDate>, usize)>,
    by: By,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<i32> {
    let period = |d: PartialDate| -> Option<PartialDate> {
        match by {
            By::Year => Some(PartialDate { year: d.year, month: None, day: None }),
            By::Month => d.month.map(|m| PartialDate { year: d.year, month: Some(m), day: None }),
            By::Day => d.day.map(|_| d),
        }
    };
    let mut counts: std::collections::BTreeMap<PartialDate, usize> = Default::default();
    let (mut vague, mut undated) = (0, 0);
    for (date, n) in dates {
        match date {
            None => undated += n,
            Some(d) => match period(d) {
                Some(p) => *counts.entry(p).or_default() += n,
                None => vague += n,
            },
        }
    }
    let mut rows = Vec::new();
    if let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) {
        let mut p = first;
        loop {
            rows.push(TrendRow { period: p, articles: counts.get(&p).copied().unwrap_or(0) });
            if p >= last {
                break;
            }
            if rows.len() >= MAX_PERIODS {
                writeln!(
                    err,
                    "error: more than {MAX_PERIODS} periods from {first} to {last}; count by a longer period (--by month or year)"
                )?;
                return Ok(EXIT_USAGE);
            }
            p = next_period(p);
        }
    }
    let unit = match by {
        By::Year => "a year",
        By::Month => "a month",
        By::Day => "a day",
    };
    if vague > 0 {
        writeln!(err, "note: {} dated less precisely than {unit} not counted", count(vague, "article"))?;
    }
    if undated > 0 {
        writeln!(err, "note: {} without a date not counted", count(undated, "article"))?;
    }
    if json {
        return write_json(out, &rows);
    }
    // One bar per period, scaled to the terminal's width.
    let width = if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        ratatui::crossterm::terminal::size().map_or(80, |(w, _)| w as usize)
    } else {
        80
    };
    let label = rows.iter().map(|r| r.period.to_string().len()).max().unwrap_or(4);
    let max = rows.iter().map(|r| r.articles).max().unwrap_or(0);
    let digits = max.to_string().len();
    let room = width.saturating_sub(label + digits + 3).max(10);
    for r in &rows {
        let cells = (r.articles * room).div_ceil(max.max(1));
        writeln!(out, "{:>label$} {} {}", r.period.to_string(), "█".repeat(cells), r.articles)?;
    }
    Ok(EXIT_OK)
}

/// The period after `p`, at its precision.
fn next_period(p: PartialDate) -> PartialDate {
    match (p.month, p.day) {
        (None, _) => PartialDate { year: p.year + 1, ..p },
        (Some(12), None) => PartialDate { year: p.year + 1, month: Some(1), day: None },
        (Some(m), None) => PartialDate { month: Some(m + 1), ..p },
        (Some(m), Some(d)) if d < newslens::date::days_in_month(p.year, m) => PartialDate { day: Some(d + 1), ..p },
        (Some(12), Some(_)) => PartialDate { year: p.year + 1, month: Some(1), day: Some(1) },
        (Some(m), Some(_)) => PartialDate { month: Some(m + 1), day: Some(1), ..p },
    }
}
