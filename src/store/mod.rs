//! Shared archives in PostgreSQL: the schema and its migrations, and pushing a corpus into it.
//!
//! Each article is stored as its canonical JSON Lines record (what `export --to jsonl` writes)
//! beside the columns queries filter on, so that what comes back is read by the same reader
//! as a file.

use std::fmt::Write as _;
use std::io::Write as _;

use md5::Digest;
use postgres::{Client, NoTls};

use crate::formats::newslens::article_line;
use crate::link::folded_name;
use crate::model::{Article, Corpus};

pub mod tls;

/// The schema's migrations, in order: (version, SQL). Each is applied once, in a transaction.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../../migrations/0001_articles.sql")),
    (2, include_str!("../../migrations/0002_answers.sql")),
    (3, include_str!("../../migrations/0003_orders.sql")),
    (4, include_str!("../../migrations/0004_no_article_keys.sql")),
    (5, include_str!("../../migrations/0005_deferred_indexes.sql")),
    (6, include_str!("../../migrations/0006_forms_version.sql")),
    (7, include_str!("../../migrations/0007_forms_order.sql")),
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
    let tls = match settings.check {
        tls::Check::Disable => None,
        _ => Some(tokio_postgres_rustls::MakeRustlsConnect::new(tls::client_config(&settings)?)),
    };
    let connected = match &tls {
        None => config.connect(NoTls),
        Some(tls) => config.connect(tls.clone()),
    };
    let mut client =
        connected.map_err(|e| StoreError(format!("cannot connect to {}: {}", describe(&config), chain(&e))))?;
    OPEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((client.cancel_token(), tls));
    // Compiling a query to machine code takes longer than these queries run.
    client.batch_execute("SET jit = off")?;
    Ok(client)
}

/// Every connection this process opened, to cancel what they run when it is stopped.
static OPEN: std::sync::Mutex<Vec<(postgres::CancelToken, Option<tokio_postgres_rustls::MakeRustlsConnect>)>> =
    std::sync::Mutex::new(Vec::new());

/// Asks the server to stop whatever this process's connections are running (on Ctrl-C): a
/// client that ends does not end its query, which would run on until its timeout.
pub fn cancel_all() {
    let open = OPEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for (token, tls) in open.iter() {
        // Best effort: the process is ending either way.
        let _ = match tls {
            None => token.cancel_query(NoTls),
            Some(tls) => token.cancel_query(tls.clone()),
        };
    }
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

/// Connects to read the archive at `url`, which must be there and of this newslens's schema.
pub fn open(url: &str) -> Result<Client, StoreError> {
    let mut client = connect(url)?;
    let version: Option<i32> = match client.query_one("SELECT max(version) FROM newslens_migrations", &[]) {
        Ok(row) => row.get(0),
        Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => None,
        Err(e) => return Err(e.into()),
    };
    let latest = MIGRATIONS.last().map_or(0, |m| m.0);
    match version {
        None => {
            Err(StoreError("database: no newslens archive here; `newslens db push PATH --db URL` makes one".into()))
        }
        Some(v) if v < latest => Err(StoreError(format!(
            "database: the archive's schema is version {v} and this newslens reads version {latest}; \
             a `newslens db push` brings it up to date"
        ))),
        Some(v) if v > latest => Err(StoreError(format!(
            "database: the archive's schema is version {v}, newer than this newslens knows ({latest}); update newslens"
        ))),
        Some(_) => {
            // Counting over many articles hashes many rows: room for that in memory, for this
            // session only, rather than spilling to disk at the default 4 MB. And no question
            // runs on for ever: a client killed meanwhile leaves its query to the server, which
            // ends it at the timeout.
            client.batch_execute(&format!("SET work_mem = '64MB'; SET statement_timeout = '{READ_TIMEOUT}'"))?;
            Ok(client)
        }
    }
}

/// The longest a reading question may run on the server.
pub const READ_TIMEOUT: &str = "5min";

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

/// The advisory lock that writers of an archive hold: two pushes at once (or two first
/// migrations) take turns instead of racing on the same rows and tables.
const WRITER_LOCK: i64 = 0x6e65_7773_6c65_6e73;

/// Runs `f` holding the writers' lock, released however `f` ends.
fn as_the_writer<T>(
    client: &mut Client,
    f: impl FnOnce(&mut Client) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    client.execute("SELECT pg_advisory_lock($1)", &[&WRITER_LOCK])?;
    let result = f(client);
    let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&WRITER_LOCK]);
    let value = result?;
    unlocked?;
    Ok(value)
}

/// Brings the schema up to date: applies the migrations it lacks, each in a transaction.
/// Returns how many were applied.
pub fn migrate(client: &mut Client) -> Result<usize, StoreError> {
    as_the_writer(client, migrate_locked)
}

/// [`migrate`], once the writers' lock is held.
fn migrate_locked(client: &mut Client) -> Result<usize, StoreError> {
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
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// Articles new to the database.
    pub added: usize,
    /// Articles whose record changed.
    pub updated: usize,
    /// Articles already there as they are.
    pub unchanged: usize,
    /// Articles PostgreSQL cannot hold, not written: (file, article id, why).
    pub refused: Vec<(Option<String>, String, String)>,
}

/// What a batch whose articles are all new starts with: nothing is gone.
const NOTHING_REPLACED_SQL: &str = "CREATE TEMP TABLE gone (entity text, mentions integer) ON COMMIT DROP;";

/// What a batch that replaces articles starts with: what they had, taken away. (Only then:
/// these joins cost a batch of new articles a tenth of its time for nothing.)
const REPLACED_SQL: &str = "
    CREATE TEMP TABLE gone ON COMMIT DROP AS
      SELECT e.entity, e.mentions FROM article_entities e JOIN staged s ON e.article_id = s.id;
    DELETE FROM article_entities e USING staged s WHERE e.article_id = s.id;
    DELETE FROM article_events e USING staged s WHERE e.article_id = s.id;
";

/// What a batch does once its articles are staged (and what they replace is gone): writes the
/// articles and what they mention, and moves every entity's totals by what the batch's
/// articles had before and have now (linear in the batch, whatever the archive's size).
const BATCH_SQL: &str = "
    -- The batch's articles with their push order, kept apart: found in `articles`, they were
    -- joined by a scan of the whole table, a batch's cost growing with the archive.
    CREATE TEMP TABLE pushed (id text, seq bigint) ON COMMIT DROP;
    WITH written AS (
      INSERT INTO articles (id, title, year, month, day, doc, words, hash, entities, mentions, events)
        SELECT id, title, year, month, day, doc, array_to_tsvector(words), hash, entities, mentions, events FROM staged
        ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, year = EXCLUDED.year,
          month = EXCLUDED.month, day = EXCLUDED.day, doc = EXCLUDED.doc,
          words = EXCLUDED.words, hash = EXCLUDED.hash, entities = EXCLUDED.entities,
          mentions = EXCLUDED.mentions, events = EXCLUDED.events
        RETURNING id, seq)
    INSERT INTO pushed SELECT id, seq FROM written;
    INSERT INTO article_entities (article_id, entity, mentions, ord)
      SELECT article_id, entity, mentions, ord FROM staged_entities;
    INSERT INTO article_events SELECT * FROM staged_events;
    -- The batch's entities: defined as the first article (by push order) that has them
    -- defines them; their totals moved; their folded forms follow their definitions (one
    -- statement: the delete sees the old forms only).
    WITH first AS (
      SELECT DISTINCT ON (s.entity) s.entity, s.type, s.name, s.aliases, s.folded, a.seq, s.ord
      FROM staged_entities s JOIN pushed a ON a.id = s.article_id ORDER BY s.entity, a.seq),
    delta AS (
      SELECT entity, sum(mentions) AS mentions, sum(articles) AS articles, sum(refs) AS refs FROM (
        SELECT entity, mentions, (mentions > 0)::int AS articles, 1 AS refs FROM staged_entities
        UNION ALL SELECT entity, -mentions, -(mentions > 0)::int, -1 FROM gone) x
      GROUP BY entity),
    upserted AS (
      INSERT INTO entities AS t (id, type, name, aliases, folded, mentions, articles, refs, first_seq, ord)
        SELECT f.entity, f.type, f.name, f.aliases, f.folded, d.mentions, d.articles, d.refs, f.seq, f.ord
        FROM first f JOIN delta d ON d.entity = f.entity
        ON CONFLICT (id) DO UPDATE SET
          mentions = t.mentions + EXCLUDED.mentions, articles = t.articles + EXCLUDED.articles,
          refs = t.refs + EXCLUDED.refs,
          type = CASE WHEN EXCLUDED.first_seq <= t.first_seq THEN EXCLUDED.type ELSE t.type END,
          name = CASE WHEN EXCLUDED.first_seq <= t.first_seq THEN EXCLUDED.name ELSE t.name END,
          aliases = CASE WHEN EXCLUDED.first_seq <= t.first_seq THEN EXCLUDED.aliases ELSE t.aliases END,
          folded = CASE WHEN EXCLUDED.first_seq <= t.first_seq THEN EXCLUDED.folded ELSE t.folded END,
          ord = CASE WHEN EXCLUDED.first_seq <= t.first_seq THEN EXCLUDED.ord ELSE t.ord END,
          first_seq = LEAST(EXCLUDED.first_seq, t.first_seq)
        RETURNING id, folded, first_seq, xmax = 0 AS inserted),
    defined AS (SELECT u.id, u.folded, u.inserted FROM upserted u JOIN first f ON f.entity = u.id AND f.seq = u.first_seq),
    -- An entity new to the archive has no forms to delete (a row the upsert inserted has no
    -- xmax; one it updated has this transaction's): not looked for.
    old AS (DELETE FROM entity_forms e USING defined d WHERE NOT d.inserted AND e.entity = d.id)
    INSERT INTO entity_forms SELECT d.id, f FROM defined d, unnest(d.folded) AS f;
    -- Entities the batch's articles no longer have.
    UPDATE entities t SET mentions = t.mentions - g.mentions, articles = t.articles - g.articles, refs = t.refs - g.refs
      FROM (SELECT entity, sum(mentions) AS mentions, count(*) FILTER (WHERE mentions > 0) AS articles, count(*) AS refs
            FROM gone WHERE entity NOT IN (SELECT entity FROM staged_entities) GROUP BY entity) g
      WHERE t.id = g.entity;
    DELETE FROM entity_forms WHERE entity IN (SELECT id FROM entities WHERE id IN (SELECT entity FROM gone) AND refs <= 0);
    DELETE FROM entities WHERE id IN (SELECT entity FROM gone) AND refs <= 0;
";

/// Writes every article of `corpus`, [`BATCH`] at a time, each batch in a transaction with
/// COPY; `progress` hears how many are done. Articles are upserted by id; an unchanged record
/// is not rewritten. A second thread prepares each batch (records, hashes, rows) while the
/// server takes in the one before. Pushes into one database take turns (an advisory lock), so
/// two at once both succeed. A first push of more than a batch into an empty archive drops the
/// indexes it does not read and makes them again at its end.
pub fn push(client: &mut Client, corpus: &Corpus, progress: impl FnMut(usize)) -> Result<Pushed, StoreError> {
    as_the_writer(client, |client| push_locked(client, corpus, progress))
}

/// [`push`], once the writers' lock is held.
fn push_locked(client: &mut Client, corpus: &Corpus, mut progress: impl FnMut(usize)) -> Result<Pushed, StoreError> {
    if corpus.articles.len() > BATCH && client.query_one("SELECT NOT EXISTS (SELECT 1 FROM articles)", &[])?.get(0) {
        defer_indexes(client)?;
    }
    let pushed = push_batches(client, corpus, &mut progress);
    // Made even when a batch failed; those of a push that was killed, by the next.
    let made = make_deferred_indexes(client);
    let pushed = pushed?;
    made?;
    Ok(pushed)
}

/// Drops the indexes a push does not read (every index of the archive's tables but their
/// keys and `entity_forms_entity`, which finds an entity's forms to replace), keeping their
/// definitions in `newslens_deferred_indexes`, in one transaction.
fn defer_indexes(client: &mut Client) -> Result<(), StoreError> {
    let mut t = client.transaction()?;
    let rows = t.query(
        "INSERT INTO newslens_deferred_indexes (name, definition)
           SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
           WHERE i.indrelid IN ('articles'::regclass, 'article_entities'::regclass, 'entities'::regclass, 'article_events'::regclass)
             AND NOT i.indisunique
         RETURNING name",
        &[],
    )?;
    for row in rows {
        let name: &str = row.get(0);
        t.batch_execute(&format!("DROP INDEX {}", quote_ident(name)))?;
    }
    t.commit()?;
    Ok(())
}

/// Makes every index in `newslens_deferred_indexes` again, each in a transaction with the
/// removal of its row, so that a push stopped meanwhile leaves the rest to the next.
fn make_deferred_indexes(client: &mut Client) -> Result<(), StoreError> {
    let deferred = client.query("SELECT name, definition FROM newslens_deferred_indexes ORDER BY name", &[])?;
    if deferred.is_empty() {
        return Ok(());
    }
    for row in deferred {
        let (name, definition): (&str, &str) = (row.get(0), row.get(1));
        let mut t = client.transaction()?;
        // Sorting a million articles' words in memory rather than in files: for this build only.
        t.batch_execute("SET LOCAL maintenance_work_mem = '256MB'")?;
        t.batch_execute(definition)?;
        t.execute("DELETE FROM newslens_deferred_indexes WHERE name = $1", &[&name])?;
        t.commit()?;
    }
    Ok(())
}

/// `name` as an SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Writes the batches of [`push`].
fn push_batches(client: &mut Client, corpus: &Corpus, mut progress: impl FnMut(usize)) -> Result<Pushed, StoreError> {
    let mut pushed = Pushed::default();
    // What the archive holds of these articles, read first, so that unchanged ones are only
    // hashed (no other push writes meanwhile: they take turns).
    let mut stored: rustc_hash::FxHashMap<String, String> = Default::default();
    for chunk in corpus.articles.chunks(10 * BATCH) {
        let ids: Vec<&str> = chunk.iter().map(|a| a.id.as_str()).collect();
        for r in client.query("SELECT id, hash FROM articles WHERE id = ANY($1)", &[&ids])? {
            stored.insert(r.get(0), r.get(1));
        }
    }
    let stored = &stored;
    // Staged records are compressed as `articles` compresses them (lz4 where the server has
    // it), so that moving them there copies them as they are: staged with the default (pglz),
    // they were compressed twice as slowly and stayed pglz. (A server without the column, before
    // PostgreSQL 14, gives NULL.)
    let lz4 = client
        .query_opt(
            "SELECT to_jsonb(a) ->> 'attcompression' FROM pg_attribute a WHERE attrelid = 'articles'::regclass AND attname = 'doc'",
            &[],
        )?
        .and_then(|r| r.get::<_, Option<String>>(0))
        .is_some_and(|c| c == "l");
    let doc = if lz4 { "doc text COMPRESSION lz4" } else { "doc text" };
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Change>>(1);
        scope.spawn(move || {
            for batch in corpus.articles.chunks(BATCH) {
                let prepared = batch.iter().map(|a| Change::of(corpus, a, stored.get(&a.id))).collect();
                // The receiver is gone only when a batch failed: stop preparing.
                if tx.send(prepared).is_err() {
                    return;
                }
            }
        });
        let mut done = 0;
        for batch in rx {
            write_batch(client, &batch, doc, &mut pushed)?;
            done += batch.len();
            progress(done);
        }
        Ok(pushed)
    })
}

/// Writes one prepared batch in a transaction: only its new and changed articles are sent
/// (nothing, when none is).
fn write_batch(client: &mut Client, batch: &[Change], doc: &str, pushed: &mut Pushed) -> Result<(), StoreError> {
    let (mut articles, mut entities, mut events) = (String::new(), String::new(), String::new());
    let mut replaces = false;
    for change in batch {
        match change {
            Change::Unchanged => pushed.unchanged += 1,
            Change::Refused { file, id, why } => pushed.refused.push((file.clone(), id.clone(), why.clone())),
            Change::Added(rows) | Change::Updated(rows) => {
                if matches!(change, Change::Added(..)) {
                    pushed.added += 1;
                } else {
                    pushed.updated += 1;
                    replaces = true;
                }
                articles.push_str(&rows.article);
                entities.push_str(&rows.entities);
                events.push_str(&rows.events);
            }
        }
    }
    if articles.is_empty() {
        return Ok(());
    }
    let mut t = client.transaction()?;
    t.batch_execute(&format!(
        "CREATE TEMP TABLE staged (id text, title text, year bigint, month smallint, day smallint, {doc}, words text[], hash text,
           entities integer, mentions integer, events integer) ON COMMIT DROP;
         CREATE TEMP TABLE staged_entities (article_id text, entity text, type text, name text, folded text[], mentions integer,
           ord integer, aliases text[]) ON COMMIT DROP;
         CREATE TEMP TABLE staged_events (LIKE article_events) ON COMMIT DROP;",
    ))?;
    for (table, text) in [("staged", &articles), ("staged_entities", &entities), ("staged_events", &events)] {
        let mut w = t.copy_in(&format!("COPY {table} FROM STDIN"))?;
        w.write_all(text.as_bytes()).map_err(|e| StoreError(format!("database: {e}")))?;
        w.finish()?;
    }
    t.batch_execute(if replaces { REPLACED_SQL } else { NOTHING_REPLACED_SQL })?;
    t.batch_execute(BATCH_SQL)?;
    redefine_orphans(&mut t)?;
    t.commit()?;
    Ok(())
}

/// Entities whose defining article (the first by push order that has them) was pushed again
/// without them take the definition of the first article that still has them, as a file of
/// the archive would give it: type, name, aliases and the folded forms that `@Name` and
/// search look up (folded here, as the push folds them).
fn redefine_orphans(t: &mut postgres::Transaction) -> Result<(), StoreError> {
    let rows = t.query(
        "WITH orphaned AS (
           SELECT x.id FROM entities x
           WHERE x.id IN (SELECT entity FROM gone) AND x.refs > 0
             AND NOT EXISTS (SELECT 1 FROM article_entities e JOIN articles a ON a.id = e.article_id
                             WHERE e.entity = x.id AND a.seq = x.first_seq))
         SELECT DISTINCT ON (e.entity) e.entity, a.seq, e.ord, d.v::text
         FROM article_entities e JOIN articles a ON a.id = e.article_id
         CROSS JOIN LATERAL (SELECT v FROM json_array_elements(a.doc::json -> 'entities') AS j (v)
                             WHERE v ->> 'id' = e.entity LIMIT 1) d
         WHERE e.entity IN (SELECT id FROM orphaned)
         ORDER BY e.entity, a.seq",
        &[],
    )?;
    for row in rows {
        let (id, seq, ord, json): (String, i64, i32, String) = (row.get(0), row.get(1), row.get(2), row.get(3));
        let v: serde_json::Value = serde_json::from_str(&json).map_err(|e| StoreError(format!("database: {e}")))?;
        let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
        let (name, kind) = (text("name"), text("type"));
        let aliases: Vec<String> = v
            .get("aliases")
            .and_then(serde_json::Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
            .unwrap_or_default();
        let folded: Vec<String> = std::iter::once(&name).chain(&aliases).map(|x| folded_name(x)).collect();
        t.execute(
            "UPDATE entities SET type = $2, name = $3, aliases = $4, folded = $5, first_seq = $6, ord = $7 WHERE id = $1",
            &[&id, &kind, &name, &aliases, &folded, &seq, &ord],
        )?;
        t.execute("DELETE FROM entity_forms WHERE entity = $1", &[&id])?;
        t.execute("INSERT INTO entity_forms SELECT $1, f FROM unnest($2::text[]) AS f", &[&id, &folded])?;
    }
    Ok(())
}

/// How an article stands to the archive, with its rows when it must be sent.
enum Change {
    Added(Rows),
    Updated(Rows),
    Unchanged,
    /// Not written: the archive cannot hold it as it is.
    Refused {
        file: Option<String>,
        id: String,
        why: String,
    },
}

/// An article's rows in COPY's text format.
struct Rows {
    /// Its row of `staged`, record included.
    article: String,
    /// Its rows of `staged_entities`: each entity it has, with its mentions there.
    entities: String,
    /// Its rows of `staged_events`.
    events: String,
}

impl Change {
    /// Prepares `a` of `corpus`, whose stored record has the hash `stored` if any.
    fn of(corpus: &Corpus, a: &Article, stored: Option<&String>) -> Change {
        let doc = article_line(corpus, a);
        // md5 in hex, as the server's md5(doc) gives it.
        let hash = md5::Md5::digest(doc.as_bytes()).iter().fold(String::new(), |mut h, b| {
            let _ = write!(h, "{b:02x}");
            h
        });
        if stored == Some(&hash) {
            return Change::Unchanged;
        }
        let refuse = |why: String| Change::Refused { file: a.file.clone(), id: a.id.clone(), why };
        if let Some(field) = holds_nul(corpus, a) {
            return refuse(format!("{field} holds a NUL character (\\u0000), which PostgreSQL cannot store"));
        }
        let words = stored_words(&a.text);
        let size: usize = words.iter().map(|w| w.len()).sum();
        if size > MAX_WORDS_SIZE {
            return refuse(format!(
                "its distinct words take {size} bytes; PostgreSQL's word index holds at most {MAX_WORDS_SIZE} \
                 (split the text into several articles)"
            ));
        }
        let d = a.date;
        let field = |v: Option<String>| v.map_or("\\N".to_string(), |s| copy_escape(&s));
        let words: Vec<String> = words.iter().map(|w| array_item(w)).collect();
        let mut article_row = String::with_capacity(doc.len() + doc.len() / 4);
        let _ = writeln!(
            article_row,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            copy_escape(&a.id),
            copy_escape(&a.title),
            field(d.map(|d| d.year.to_string())),
            field(d.and_then(|d| d.month).map(|m| m.to_string())),
            field(d.and_then(|d| d.day).map(|x| x.to_string())),
            copy_escape(&doc),
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
        let mut entity_rows = String::new();
        for (ord, &e) in a.entities.iter().enumerate() {
            let (ent, n) = (&corpus.entities[e], counts[&e]);
            let folded: Vec<String> =
                std::iter::once(&ent.name).chain(&ent.aliases).map(|x| array_item(&folded_name(x))).collect();
            let aliases: Vec<String> = ent.aliases.iter().map(|x| array_item(x)).collect();
            let _ = writeln!(
                entity_rows,
                "{}\t{}\t{}\t{}\t{}\t{n}\t{ord}\t{}",
                copy_escape(&a.id),
                copy_escape(&ent.id),
                copy_escape(&ent.kind),
                copy_escape(&ent.name),
                copy_escape(&format!("{{{}}}", folded.join(","))),
                copy_escape(&format!("{{{}}}", aliases.join(","))),
            );
        }
        let mut events = String::new();
        for (ord, ev) in a.events.iter().enumerate() {
            let part = |d: Option<crate::date::PartialDate>| {
                [
                    field(d.map(|d| d.year.to_string())),
                    field(d.and_then(|d| d.month).map(|m| m.to_string())),
                    field(d.and_then(|d| d.day).map(|x| x.to_string())),
                ]
                .join("\t")
            };
            let ids: Vec<String> = ev.entities.iter().map(|&e| array_item(&corpus.entities[e].id)).collect();
            let _ = writeln!(
                events,
                "{}\t{ord}\t{}\t{}\t{}\t{}\t{}",
                copy_escape(&a.id),
                copy_escape(&ev.id),
                part(ev.date),
                part(ev.end_date),
                copy_escape(&ev.title),
                copy_escape(&format!("{{{}}}", ids.join(","))),
            );
        }
        let rows = Rows { article: article_row, entities: entity_rows, events };
        if stored.is_some() { Change::Updated(rows) } else { Change::Added(rows) }
    }
}

/// The most bytes of distinct words one article's `tsvector` holds (PostgreSQL's limit is
/// 1 MiB less one byte, lexemes and their positions together; what is beyond it is lost
/// without an error).
const MAX_WORDS_SIZE: usize = 1_000_000;

/// The words of a text as the archive keeps them for word terms, which match words by their
/// beginning: the distinct words cut to the longest a query may ask for
/// ([`crate::query::MAX_WORD`], PostgreSQL's limit for a word), less every word that begins
/// another (a word that matches it matches the longer one). Sorted.
fn stored_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = crate::query::words(text)
        .map(|mut w| {
            if w.len() > crate::query::MAX_WORD {
                let mut end = crate::query::MAX_WORD;
                while !w.is_char_boundary(end) {
                    end -= 1;
                }
                w.truncate(end);
            }
            w
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    // Sorted, a word that begins another comes right before one that it begins.
    let keep: Vec<bool> =
        (0..words.len()).map(|i| words.get(i + 1).is_none_or(|next| !next.starts_with(&words[i]))).collect();
    words.into_iter().zip(keep).filter_map(|(w, k)| k.then_some(w)).collect()
}

/// Which field of `a` (or of what it mentions) holds a NUL character, if one does: PostgreSQL's
/// text cannot (the record itself is JSON, where it is escaped).
fn holds_nul(corpus: &Corpus, a: &Article) -> Option<String> {
    let nul = |s: &str| s.contains('\0');
    if nul(&a.id) {
        return Some("its id".into());
    }
    if nul(&a.title) {
        return Some("its title".into());
    }
    for &e in &a.entities {
        let ent = &corpus.entities[e];
        if nul(&ent.id) || nul(&ent.kind) || nul(&ent.name) || ent.aliases.iter().any(|x| nul(x)) {
            return Some(format!("entity {:?}", crate::display::for_terminal(&ent.id)));
        }
    }
    a.events
        .iter()
        .find(|ev| nul(&ev.id) || nul(&ev.title))
        .map(|ev| format!("event {:?}", crate::display::for_terminal(&ev.id)))
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
