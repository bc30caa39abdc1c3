//! The archive over a corpus in memory (files read by `load`).

use std::sync::OnceLock;

use super::{
    Archive, ArticleRow, EntityRow, Error, EventRow, RelatedRow, SearchRow, Selection, newest_first, rank_entities,
    rank_related, rank_search,
};
use crate::date::PartialDate;
use crate::link::{is_called, name_asked};
use crate::model::Corpus;
use crate::query::{Query, TextIndex};

/// A corpus read from files, asked as an archive.
pub struct MemoryArchive {
    corpus: Corpus,
    /// The folded words of every text, built by the first query that needs them.
    text: OnceLock<TextIndex>,
}

impl MemoryArchive {
    /// The archive of `corpus`.
    pub fn new(corpus: Corpus) -> MemoryArchive {
        MemoryArchive { corpus, text: OnceLock::new() }
    }

    /// The corpus back (to edit it).
    pub fn into_corpus(self) -> Corpus {
        self.corpus
    }

    /// The corpus it holds.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The indices of the articles that match `query`, ascending.
    fn matching(&self, query: &Query) -> Vec<usize> {
        let text = query.needs_text().then(|| self.text.get_or_init(|| TextIndex::of(&self.corpus)));
        query.articles(&self.corpus, text)
    }

    /// The corpus of the articles that match `query` (the whole corpus without one).
    pub fn within(&self, query: &Query) -> std::borrow::Cow<'_, Corpus> {
        if query.is_empty() {
            std::borrow::Cow::Borrowed(&self.corpus)
        } else {
            std::borrow::Cow::Owned(self.corpus.subset(&self.matching(query)))
        }
    }

    /// The entities `entity` means: the one with that id, else every one with that name or
    /// alias (a leading `@` aside).
    fn called(&self, entity: &str) -> Vec<usize> {
        let corpus = &self.corpus;
        match corpus.entity_index(entity) {
            Some(e) => vec![e],
            None => {
                let name = name_asked(entity);
                corpus.entities.iter().enumerate().filter(|(_, e)| is_called(e, &name)).map(|(i, _)| i).collect()
            }
        }
    }

    /// The matching articles, newest first, at most `limit`.
    fn newest(&self, query: &Query, limit: Option<usize>) -> (Vec<usize>, usize) {
        let mut matching = self.matching(query);
        let total = matching.len();
        let key = |a: usize| (self.corpus.articles[a].date, self.corpus.articles[a].id.as_str());
        matching.sort_by(|&a, &b| newest_first(key(a), key(b)));
        matching.truncate(limit.unwrap_or(usize::MAX));
        (matching, total)
    }
}

impl Archive for MemoryArchive {
    fn articles(&self, query: &Query, limit: Option<usize>) -> Result<Vec<ArticleRow>, Error> {
        let (newest, _) = self.newest(query, limit);
        Ok(newest
            .into_iter()
            .map(|a| {
                let a = &self.corpus.articles[a];
                ArticleRow {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    date: a.date,
                    entities: a.entities.len(),
                    mentions: a.mentions.len(),
                }
            })
            .collect())
    }

    fn dates(&self, query: &Query) -> Result<Vec<(Option<PartialDate>, usize)>, Error> {
        Ok(self.matching(query).into_iter().map(|a| (self.corpus.articles[a].date, 1)).collect())
    }

    fn entities(&self, query: &Query, kind: Option<&str>, limit: Option<usize>) -> Result<Vec<EntityRow>, Error> {
        let corpus = self.within(query);
        let counts = crate::model::Counts::of(&corpus);
        let rows = (0..corpus.entities.len()).map(|i| entity_row(&corpus, &counts, i)).collect();
        Ok(rank_entities(rows, kind, limit))
    }

    fn named(&self, entity: &str) -> Result<Vec<EntityRow>, Error> {
        let wanted = self.called(entity);
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let counts = crate::model::Counts::of(&self.corpus);
        Ok(rank_entities(wanted.into_iter().map(|i| entity_row(&self.corpus, &counts, i)).collect(), None, None))
    }

    fn related(&self, query: &Query, entity: &str, limit: Option<usize>) -> Result<Vec<RelatedRow>, Error> {
        let corpus = &self.corpus;
        let wanted = self.called(entity);
        if wanted.is_empty() {
            return Err(Error::NoSuchEntity(entity.to_string()));
        }
        let mut is_wanted = vec![false; corpus.entities.len()];
        for &e in &wanted {
            is_wanted[e] = true;
        }
        let mut together = vec![0usize; corpus.entities.len()];
        for a in self.matching(query) {
            let mentioned = corpus.articles[a].mentioned();
            if mentioned.iter().any(|&e| is_wanted[e]) {
                for e in mentioned {
                    together[e] += 1;
                }
            }
        }
        let rows = together
            .iter()
            .enumerate()
            .filter(|&(e, &n)| n > 0 && !is_wanted[e])
            .map(|(e, &n)| {
                let x = &corpus.entities[e];
                RelatedRow { id: x.id.clone(), name: x.name.clone(), kind: x.kind.clone(), articles: n }
            })
            .collect();
        Ok(rank_related(rows, limit))
    }

    fn timeline(&self, query: &Query, entity: Option<&str>, limit: Option<usize>) -> Result<Vec<EventRow>, Error> {
        let corpus = self.within(query);
        let only = match entity {
            None => None,
            Some(id) => Some(corpus.entity_index(id).ok_or_else(|| Error::NoEntityId(id.to_string()))?),
        };
        Ok(corpus
            .timeline()
            .into_iter()
            .map(|r| (r, corpus.event(r)))
            .filter(|(_, e)| only.is_none_or(|i| e.entities.contains(&i)))
            .take(limit.unwrap_or(usize::MAX))
            .map(|(r, e)| EventRow {
                id: e.id.clone(),
                date: e.date,
                end_date: e.end_date,
                title: e.title.clone(),
                entities: e.entities.iter().map(|&i| corpus.entities[i].id.clone()).collect(),
                names: e.entities.iter().map(|&i| corpus.entities[i].name.clone()).collect(),
                article: r.article.map(|a| corpus.articles[a].id.clone()),
            })
            .collect())
    }

    fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchRow>, Error> {
        Ok(rank_search(&self.corpus.entities, &self.corpus.mention_counts(), text, limit))
    }

    fn select(&self, query: &Query, limit: usize) -> Result<Selection, Error> {
        let (newest, total) = self.newest(query, Some(limit));
        let mut records = String::new();
        for a in newest {
            records.push_str(&crate::formats::newslens::article_line(&self.corpus, &self.corpus.articles[a]));
            records.push('\n');
        }
        Ok(Selection { records, total })
    }
}

/// Entity `i` of `corpus` as a row, with its `counts`.
fn entity_row(corpus: &Corpus, counts: &crate::model::Counts, i: usize) -> EntityRow {
    let e = &corpus.entities[i];
    EntityRow {
        id: e.id.clone(),
        name: e.name.clone(),
        kind: e.kind.clone(),
        aliases: e.aliases.clone(),
        mentions: counts.mentions[i],
        articles: counts.articles[i],
    }
}
