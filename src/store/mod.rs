//! Shared archives in PostgreSQL: the schema and its migrations, and pushing a corpus into it.
//!
//! Each article is stored as its canonical JSON Lines record (what `export --to jsonl` writes)
//! beside the columns queries filter on, so that what comes back is read by the same reader
//! as a file.

use std::fmt::Write as _;
use std::io::Write as _;

use postgres::{Client, NoTls};

use crate::export::jsonl::article_line;
use crate::model::{Article, Corpus};

/// The schema's migrations, in order: (version, SQL). Each is applied once, in a transaction.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("../../migrations/0001_articles.sql"))];

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

/// Connects to `url` (libpq form: `postgres://user@host/db` or `host=… dbname=…`). Messages
/// name the database by host and name only.
pub fn connect(url: &str) -> Result<Client, StoreError> {
    let config: postgres::Config =
        url.parse().map_err(|_| StoreError("database: the URL is not a PostgreSQL connection string".into()))?;
    config.connect(NoTls).map_err(|e| StoreError(format!("cannot connect to {}: {e}", describe(&config))))
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
            "CREATE TEMP TABLE staged (id text, title text, year bigint, month smallint, day smallint, doc text) ON COMMIT DROP;
             CREATE TEMP TABLE staged_entities (article_id text, entity text, type text, name text, mentions integer) ON COMMIT DROP;",
        )?;
        let (articles, entities) = copy_rows(corpus, batch);
        let mut w = t.copy_in("COPY staged FROM STDIN")?;
        w.write_all(articles.as_bytes()).map_err(|e| StoreError(format!("database: {e}")))?;
        w.finish()?;
        let mut w = t.copy_in("COPY staged_entities FROM STDIN")?;
        w.write_all(entities.as_bytes()).map_err(|e| StoreError(format!("database: {e}")))?;
        w.finish()?;
        // Which staged articles are new, changed or the same, decided before writing.
        let row = t.query_one(
            "SELECT count(*) FILTER (WHERE a.id IS NULL), count(*) FILTER (WHERE a.hash <> md5(s.doc)),
                    count(*) FILTER (WHERE a.hash = md5(s.doc))
             FROM staged s LEFT JOIN articles a ON a.id = s.id",
            &[],
        )?;
        let count = |i: usize| row.get::<_, i64>(i) as usize;
        pushed.added += count(0);
        pushed.updated += count(1);
        pushed.unchanged += count(2);
        t.batch_execute(
            "DELETE FROM article_entities e USING staged s, articles a
               WHERE e.article_id = s.id AND a.id = s.id AND a.hash <> md5(s.doc);
             INSERT INTO articles (id, title, year, month, day, doc, hash)
               SELECT id, title, year, month, day, doc, md5(doc) FROM staged
               ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, year = EXCLUDED.year,
                 month = EXCLUDED.month, day = EXCLUDED.day, doc = EXCLUDED.doc, hash = EXCLUDED.hash
               WHERE articles.hash <> EXCLUDED.hash;
             INSERT INTO article_entities SELECT * FROM staged_entities ON CONFLICT DO NOTHING;",
        )?;
        t.commit()?;
        progress(k * BATCH + batch.len());
    }
    Ok(pushed)
}

/// The COPY text of a batch: articles, and the entities each mentions with their counts.
fn copy_rows(corpus: &Corpus, batch: &[Article]) -> (String, String) {
    let (mut articles, mut entities) = (String::new(), String::new());
    for a in batch {
        let d = a.date;
        let field = |v: Option<String>| v.map_or("\\N".to_string(), |s| copy_escape(&s));
        let _ = writeln!(
            articles,
            "{}\t{}\t{}\t{}\t{}\t{}",
            copy_escape(&a.id),
            copy_escape(&a.title),
            field(d.map(|d| d.year.to_string())),
            field(d.and_then(|d| d.month).map(|m| m.to_string())),
            field(d.and_then(|d| d.day).map(|x| x.to_string())),
            copy_escape(&article_line(corpus, a)),
        );
        let mut counts: rustc_hash::FxHashMap<usize, i32> = a.entities.iter().map(|&e| (e, 0)).collect();
        for m in &a.mentions {
            *counts.entry(m.entity).or_default() += 1;
        }
        for &e in &a.entities {
            let (ent, n) = (&corpus.entities[e], counts[&e]);
            let _ = writeln!(
                entities,
                "{}\t{}\t{}\t{}\t{n}",
                copy_escape(&a.id),
                copy_escape(&ent.id),
                copy_escape(&ent.kind),
                copy_escape(&ent.name)
            );
        }
    }
    (articles, entities)
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
