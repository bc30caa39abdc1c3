//! The archive over a shared archive in PostgreSQL: each answer is computed by the server
//! ([`super::sql`]); only a phrase, which needs the texts, reads the candidate records back
//! and is answered by a [`MemoryArchive`] of them.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use postgres::Client;

use super::forms::{self, Forms};
use super::{
    Archive, ArticleRow, EntityRow, Error, EventRow, MemoryArchive, RelatedRow, SearchRow, Selection, rank_entities,
    rank_related, rank_search, sql,
};
use crate::date::PartialDate;
use crate::diagnostic::Severity;
use crate::load::{Framing, LoadOptions, Loader};
use crate::model::Entity;
use crate::query::Query;
use crate::search::fold::fold_text;
use crate::store::StoreError;

/// A shared archive in PostgreSQL, asked over one connection (opened on the first question).
pub struct PgArchive {
    url: String,
    options: LoadOptions,
    client: Mutex<Option<Client>>,
    /// Where a copy of the archive's names is kept for fuzzy search, if anywhere.
    names_cache: Option<PathBuf>,
    /// That copy, once read.
    names: Mutex<Option<Arc<Forms>>>,
}

impl PgArchive {
    /// The archive at `url` (libpq form); its records are read with `options` where a phrase
    /// needs them. Nothing is connected until the first question.
    pub fn new(url: &str, options: LoadOptions) -> PgArchive {
        PgArchive {
            url: url.to_string(),
            options,
            client: Mutex::new(None),
            names_cache: None,
            names: Mutex::new(None),
        }
    }

    /// Keeps a copy of the archive's names in `dir` (see [`super::forms`]): fuzzy search reads
    /// them from the server only when they changed, and scores them here.
    pub fn with_names_cache(mut self, dir: PathBuf) -> PgArchive {
        self.names_cache = Some(dir);
        self
    }

    /// [`sql::search_candidates`], the names scored from the copy in `dir`: the one read
    /// before, the one in the file, or one fetched (and kept) when the archive's names moved.
    fn search_copy(
        &self,
        client: &mut Client,
        dir: &Path,
        q: &str,
        limit: usize,
    ) -> Result<Vec<sql::Counted>, StoreError> {
        let (archive, version) = forms::version(client)?;
        let mut held = self.names.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let names = match held.as_ref().filter(|f| f.archive == archive && f.version == version) {
            Some(names) => names.clone(),
            None => {
                let names = match forms::read(dir, &archive, version) {
                    Some(names) => names,
                    // Where no copy can be kept, each search would read every name: the
                    // server scans them instead.
                    None if std::fs::create_dir_all(dir).is_err() => {
                        return sql::search_candidates(client, q, limit);
                    }
                    None => match forms::fetch(client)? {
                        Some(names) => {
                            forms::keep(dir, &names);
                            names
                        }
                        None => return sql::search_candidates(client, q, limit),
                    },
                };
                held.insert(Arc::new(names)).clone()
            }
        };
        drop(held);
        sql::counted_entities(client, &names.best(q, limit))
    }

    /// Runs `f` on the connection, opening it (and checking the schema) the first time.
    fn with<T>(&self, f: impl FnOnce(&mut Client) -> Result<T, crate::store::StoreError>) -> Result<T, Error> {
        // A question that panicked elsewhere leaves the connection as it was: still usable.
        let mut guard = self.client.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(crate::store::open(&self.url)?);
        }
        match guard.as_mut() {
            Some(client) => Ok(f(client)?),
            None => Err(Error::Store(crate::store::StoreError("database: no connection".into()))),
        }
    }

    /// The records that may match `query` (see [`sql::candidates`]), as an archive in memory.
    fn candidates(
        &self,
        query: &Query,
        entity: Option<&str>,
        events_or: Option<Option<&str>>,
    ) -> Result<MemoryArchive, Error> {
        let records = self.with(|c| sql::candidates(c, query, entity, events_or))?;
        let mut loader = Loader::with_options(self.options);
        if !records.is_empty() {
            loader.add_source("database", &records, Framing::JsonLines);
        }
        let loaded = loader.finish();
        // Pushed records passed `check`; one that no longer reads is the archive's fault.
        let errors = loaded.error_count();
        if let Some(d) = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error) {
            return Err(Error::Records(format!("{d} ({errors} in all)")));
        }
        Ok(MemoryArchive::new(loaded.corpus))
    }
}

impl Archive for PgArchive {
    fn articles(&self, query: &Query, limit: Option<usize>) -> Result<Vec<ArticleRow>, Error> {
        if !sql::decides(query) {
            return self.candidates(query, None, None)?.articles(query, limit);
        }
        self.with(|c| sql::articles(c, query, limit))
    }

    fn dates(&self, query: &Query) -> Result<Vec<(Option<PartialDate>, usize)>, Error> {
        if !sql::decides(query) {
            return self.candidates(query, None, None)?.dates(query);
        }
        self.with(|c| sql::dates(c, query))
    }

    fn entities(&self, query: &Query, kind: Option<&str>, limit: Option<usize>) -> Result<Vec<EntityRow>, Error> {
        if !sql::decides(query) {
            return self.candidates(query, None, None)?.entities(query, kind, limit);
        }
        let counted = self.with(|c| sql::entities(c, query, kind, limit))?;
        Ok(rank_entities(counted.into_iter().map(EntityRow::from).collect(), kind, limit))
    }

    fn named(&self, entity: &str) -> Result<Vec<EntityRow>, Error> {
        let counted = self.with(|c| sql::named(c, entity))?;
        Ok(rank_entities(counted.into_iter().map(EntityRow::from).collect(), None, None))
    }

    fn related(&self, query: &Query, entity: &str, limit: Option<usize>) -> Result<Vec<RelatedRow>, Error> {
        if !sql::decides(query) {
            return self.candidates(query, Some(entity), None)?.related(query, entity, limit);
        }
        let found = self.with(|c| {
            let wanted = sql::resolve(c, entity)?;
            if wanted.is_empty() { Ok(None) } else { sql::related(c, query, &wanted, limit).map(Some) }
        })?;
        let Some(found) = found else { return Err(Error::NoSuchEntity(entity.to_string())) };
        let rows =
            found.into_iter().map(|(e, n)| RelatedRow { id: e.id, name: e.name, kind: e.kind, articles: n }).collect();
        Ok(rank_related(rows, limit))
    }

    fn timeline(&self, query: &Query, entity: Option<&str>, limit: Option<usize>) -> Result<Vec<EventRow>, Error> {
        if !sql::decides(query) {
            return self.candidates(query, None, Some(entity))?.timeline(query, entity, limit);
        }
        self.with(|c| sql::timeline(c, query, entity, limit))?
            .ok_or_else(|| Error::NoEntityId(entity.unwrap_or_default().to_string()))
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchRow>, Error> {
        let q = fold_text(text.trim());
        let found = self.with(|c| match &self.names_cache {
            _ if q.is_empty() || limit == 0 => Ok(Vec::new()),
            Some(dir) => self.search_copy(c, dir, &q, limit),
            None => sql::search_candidates(c, &q, limit),
        })?;
        let priority: Vec<usize> = found.iter().map(|c| c.mentions).collect();
        let entities: Vec<Entity> = found.into_iter().map(|c| c.entity).collect();
        Ok(rank_search(&entities, &priority, text, limit))
    }

    fn select(&self, query: &Query, limit: usize) -> Result<Selection, Error> {
        if !sql::decides(query) {
            return self.candidates(query, None, None)?.select(query, limit);
        }
        let (records, total) = self.with(|c| sql::newest(c, query, limit))?;
        Ok(Selection { records, total })
    }
}
