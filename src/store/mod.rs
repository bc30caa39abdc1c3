//! Shared archives in PostgreSQL: the schema and its migrations, and pushing a corpus into it.
//!
//! Each article is stored as its canonical JSON Lines record (what `export --to jsonl` writes)
//! beside the columns queries filter on, so that what comes back is read by the same reader
//! as a file.

use std::fmt::Write as _;
use std::io::Write as _;

use md5::Digest;
use postgres::{Client, NoTls};

use crate::export::jsonl::article_line;
use crate::model::{Article, Corpus};
use crate::search::fold::fold;

pub mod answer;
pub mod tls;

/// The schema's migrations, in order: (version, SQL). Each is applied once, in a transaction.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../../migrations/0001_articles.sql")),
    (2, include_str!("../../migrations/0002_answers.sql")),
    (3, include_str!("../../migrations/0003_entity_forms.sql")),
];

/// Articles written per transaction: an interrupted push leaves whole batches.
pub const BATCH: usize = 1000;

/// A failure to reach or use the database, said without the password.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        // The server's own message (with its detail) says more than the client's summary, and
        // neither repeats the connection string.
        let text = match e.as_db_error() {
            Some(db) => match db.detail() {
                Some(d) => format!("{}: {d}", db.message()),
                None => db.message().to_string(),
            },
            None => e.to_string(),
        };
        StoreError(format!("database: {text}"))
    }
}

/// Connects to `url` (libpq form: `postgres://user@host/db` or `host=… dbname=…`), with TLS as
/// its `sslmode` says (see [`tls`]). Messages name the database by host and name only.
pub fn connect(url: &str) -> Result<Client, StoreError> {
    let settings = tls::settings(url);
    let config: postgres::Config = settings
        .url
        .parse()
        .map_err(|_| StoreError("database: the URL is not a PostgreSQL connection string".into()))?;
    let connected = if settings.check == tls::Check::Disable {
        config.connect(NoTls)
    } else {
        config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls::client_config(&settings)?))
    };
    connected.map_err(|e| StoreError(format!("cannot connect to {}: {}", describe(&config), chain(&e))))
}

/// An error with its causes: "error performing TLS handshake: invalid peer certificate: …".
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = c.source();
    }
    text
}

/// "dbname on host" without user or password.
fn describe(config: &postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .collect();
    format!("database {} on {}", config.get_dbname().unwrap_or("(default)"), hosts.join(", "))
}

/// Brings the schema up to date: applies the migrations it lacks, each in a transaction.
/// Returns how many were applied.
pub fn migrate(client: &mut Client) -> Result<usize, StoreError> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS newslens_migrations (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())",
    )?;
    let mut applied = 0;
    for &(version, sql) in MIGRATIONS {
        let mut t = client.transaction()?;
        // Two pushes at once must not both apply a migration.
        t.batch_execute("LOCK TABLE newslens_migrations IN EXCLUSIVE MODE")?;
        let done = t.query_opt("SELECT 1 FROM newslens_migrations WHERE version = $1", &[&version])?.is_some();
        if !done {
            t.batch_execute(sql)?;
            t.execute("INSERT INTO newslens_migrations (version) VALUES ($1)", &[&version])?;
            applied += 1;
        }
        t.commit()?;
    }
    Ok(applied)
}

/// What a push did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pushed {
    /// Articles new to the database.
    pub added: usize,
    /// Articles whose record changed.
    pub updated: usize,
    /// Articles already there as they are.
    pub unchanged: usize,
}

/// Writes every article of `corpus`, [`BATCH`] at a time, each batch in a transaction with
/// COPY; `progress` hears how many are done. Articles are upserted by id; an unchanged record
/// is not rewritten.
pub fn push(client: &mut Client, corpus: &Corpus, mut progress: impl FnMut(usize)) -> Result<Pushed, StoreError> {
    let mut pushed = Pushed::default();
    for (k, batch) in corpus.articles.chunks(BATCH).enumerate() {
        let mut t = client.transaction()?;
        t.batch_execute(
            "CREATE TEMP TABLE staged (id text, title text, year bigint, month smallint, day smallint, doc text, words text[], hash text,
               entities integer, mentions integer, events integer) ON COMMIT DROP;
             CREATE TEMP TABLE staged_entities (article_id text, entity text, type text, name text, folded text[], mentions integer,
               ord integer, aliases text[]) ON COMMIT DROP;",
        )?;
        // Records hashed here; only new and changed articles are sent.
        let records: Vec<(String, String)> = batch
            .iter()
            .map(|a| {
                let doc = article_line(corpus, a);
                let hash = md5::Md5::digest(doc.as_bytes()).iter().fold(String::new(), |mut h, b| {
                    let _ = write!(h, "{b:02x}");
                    h
                });
                (doc, hash)
            })
            .collect();
        let ids: Vec<&str> = batch.iter().map(|a| a.id.as_str()).collect();
        let stored: rustc_hash::FxHashMap<String, String> = t
            .query("SELECT id, hash FROM articles WHERE id = ANY($1)", &[&ids])?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let mut send = Vec::new();
        for (a, (doc, hash)) in batch.iter().zip(&records) {
            match stored.get(&a.id) {
                None => pushed.added += 1,
                Some(h) if h == hash => {
                    pushed.unchanged += 1;
                    continue;
                }
                Some(_) => pushed.updated += 1,
            }
            send.push((a, doc.as_str(), hash.as_str()));
        }
        let rows = copy_rows(corpus, &send);
        for (table, text) in [("staged", &rows.articles), ("staged_entities", &rows.entities)] {
            let mut w = t.copy_in(&format!("COPY {table} FROM STDIN"))?;
            w.write_all(text.as_bytes()).map_err(|e| StoreError(format!("database: {e}")))?;
            w.finish()?;
        }
        t.batch_execute(
            "CREATE TEMP TABLE gone ON COMMIT DROP AS
               SELECT e.entity, e.mentions FROM article_entities e JOIN staged s ON e.article_id = s.id;
             DELETE FROM article_entities e USING staged s WHERE e.article_id = s.id;
             INSERT INTO articles (id, title, year, month, day, doc, words, hash, entities, mentions, events)
               SELECT id, title, year, month, day, doc, array_to_tsvector(words), hash, entities, mentions, events FROM staged
               ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, year = EXCLUDED.year,
                 month = EXCLUDED.month, day = EXCLUDED.day, doc = EXCLUDED.doc,
                 words = EXCLUDED.words, hash = EXCLUDED.hash, entities = EXCLUDED.entities,
                 mentions = EXCLUDED.mentions, events = EXCLUDED.events;
             INSERT INTO article_entities (article_id, entity, type, name, folded, mentions, ord)
               SELECT article_id, entity, type, name, folded, mentions, ord FROM staged_entities ON CONFLICT DO NOTHING;
             -- An entity is defined as the first article (by push order) that has it defines it.
             -- Its folded forms follow its definition (one statement: the delete sees the old rows only).
             WITH defined AS (
               INSERT INTO entities AS t (id, type, name, aliases, folded, mentions, articles, refs, first_seq, ord)
                 SELECT DISTINCT ON (s.entity) s.entity, s.type, s.name, s.aliases, s.folded, 0, 0, 0, a.seq, s.ord
                 FROM staged_entities s JOIN articles a ON a.id = s.article_id ORDER BY s.entity, a.seq
                 ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, aliases = EXCLUDED.aliases,
                   folded = EXCLUDED.folded, first_seq = EXCLUDED.first_seq, ord = EXCLUDED.ord
                 WHERE EXCLUDED.first_seq <= t.first_seq
                 RETURNING id, folded),
             old AS (DELETE FROM entity_forms f USING defined d WHERE f.entity = d.id)
             INSERT INTO entity_forms SELECT d.id, f FROM defined d, unnest(d.folded) AS f;
             -- Totals move by what the batch's articles had before and have now: linear in the batch.
             UPDATE entities t SET mentions = t.mentions + d.mentions, articles = t.articles + d.articles, refs = t.refs + d.refs
               FROM (SELECT entity, sum(mentions) AS mentions, sum(articles) AS articles, sum(refs) AS refs FROM (
                       SELECT entity, mentions, (mentions > 0)::int AS articles, 1 AS refs FROM staged_entities
                       UNION ALL SELECT entity, -mentions, -(mentions > 0)::int, -1 FROM gone) x
                     GROUP BY entity) d
               WHERE t.id = d.entity;
             DELETE FROM entities WHERE refs <= 0;",
        )?;
        t.commit()?;
        progress(k * BATCH + batch.len());
    }
    Ok(pushed)
}

/// The COPY text of a batch's tables.
#[derive(Default)]
struct Rows {
    /// Articles with their records.
    articles: String,
    /// The entities each article mentions, with their folded names and mention counts.
    entities: String,
}

/// The COPY text of the articles to send, each with its record and the record's hash.
fn copy_rows(corpus: &Corpus, send: &[(&Article, &str, &str)]) -> Rows {
    let Rows { mut articles, mut entities } = Rows::default();
    for &(a, doc, hash) in send {
        let d = a.date;
        let field = |v: Option<String>| v.map_or("\\N".to_string(), |s| copy_escape(&s));
        let distinct: rustc_hash::FxHashSet<String> = crate::query::words(&a.text).collect();
        let words: Vec<String> = distinct.iter().map(|w| array_item(w)).collect();
        let _ = writeln!(
            articles,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            copy_escape(&a.id),
            copy_escape(&a.title),
            field(d.map(|d| d.year.to_string())),
            field(d.and_then(|d| d.month).map(|m| m.to_string())),
            field(d.and_then(|d| d.day).map(|x| x.to_string())),
            copy_escape(doc),
            copy_escape(&format!("{{{}}}", words.join(","))),
            hash,
            a.entities.len(),
            a.mentions.len(),
            a.events.len(),
        );
        let mut counts: rustc_hash::FxHashMap<usize, i32> = a.entities.iter().map(|&e| (e, 0)).collect();
        for m in &a.mentions {
            *counts.entry(m.entity).or_default() += 1;
        }
        for (ord, &e) in a.entities.iter().enumerate() {
            let (ent, n) = (&corpus.entities[e], counts[&e]);
            let folded: Vec<String> =
                std::iter::once(&ent.name).chain(&ent.aliases).map(|x| array_item(&fold(x).text)).collect();
            let aliases: Vec<String> = ent.aliases.iter().map(|x| array_item(x)).collect();
            let _ = writeln!(
                entities,
                "{}\t{}\t{}\t{}\t{}\t{n}\t{ord}\t{}",
                copy_escape(&a.id),
                copy_escape(&ent.id),
                copy_escape(&ent.kind),
                copy_escape(&ent.name),
                copy_escape(&format!("{{{}}}", folded.join(","))),
                copy_escape(&format!("{{{}}}", aliases.join(","))),
            );
        }
    }
    Rows { articles, entities }
}

/// An element of a PostgreSQL array literal: quoted, with quotes and backslashes escaped.
fn array_item(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value in COPY's text format: backslash, tab, newline and carriage return escaped.
fn copy_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes_what_would_split_a_row() {
        assert_eq!(copy_escape("a\tb\nc\\d\re"), "a\\tb\\nc\\\\d\\re");
        assert_eq!(copy_escape("København 🚀"), "København 🚀");
    }
}
