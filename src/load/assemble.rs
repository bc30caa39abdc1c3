//! Puts read articles together into one corpus: article ids must be unique, entities are
//! shared by id. Used by the command line (all at once) and by the explorer (batch by batch,
//! while a background thread reads).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::Piece;
use crate::diagnostic::{Diagnostic, Severity, quote};
use crate::import::Draft;
use crate::link::{KnownEntities, Link, Linker};
use crate::model::Corpus;

/// Remembers which article ids were seen where; entities are joined by its [`Linker`].
#[derive(Debug, Default)]
pub struct Assembler {
    article_ids: FxHashMap<String, String>,
    /// Who decides which entities are one.
    linker: Linker,
}

impl Assembler {
    /// An assembler that links imported entities as `link` says.
    pub fn new(link: Link) -> Assembler {
        Assembler { linker: Linker::new(link), ..Assembler::default() }
    }

    /// The entities this assembler has put in its corpus, for reading threads to skip
    /// definitions of them (see [`KnownEntities`]).
    pub fn known(&self) -> Arc<KnownEntities> {
        self.linker.known()
    }

    /// Whether an entity already in the corpus got another name or alias since this was last
    /// asked (the search indices must then be rebuilt).
    pub fn take_renamed(&mut self) -> bool {
        std::mem::take(&mut self.linker.renamed)
    }

    /// Adds one piece of read data to `corpus`, and any problem to `diagnostics`.
    pub fn add(&mut self, corpus: &mut Corpus, diagnostics: &mut Vec<Diagnostic>, piece: Piece) {
        match piece {
            Piece::Article { file, draft } => self.article(corpus, diagnostics, &file, *draft),
            Piece::Diagnostic(d) => diagnostics.push(d),
            Piece::Events(events) => corpus.events.extend(events),
            Piece::TypeColors(colors) => {
                for (kind, rgb) in colors {
                    corpus.type_colors.entry(kind).or_insert(rgb);
                }
            }
            Piece::Stamp(file, stamp) => {
                corpus.stamps.insert(file, stamp);
            }
            Piece::Expect(more) => {
                // Entities per article so far, for the rest: shared entities make that too many,
                // which costs address space, not memory (room is touched only when used).
                let per = corpus.entities.len().div_ceil(corpus.articles.len().max(1));
                let _ = corpus.articles.try_reserve(more);
                let _ = corpus.entities.try_reserve(more.saturating_mul(per));
            }
            Piece::TypeLabels(labels) => {
                for (kind, label) in labels {
                    corpus.type_labels.entry(kind).or_insert(label);
                }
            }
        }
    }

    /// Adds an article whose entity indices point into `entities`, sharing entities by id
    /// with earlier articles. `id_position` is where a newslens file gives the article's id;
    /// for imported formats (`None`) a known entity's other names become aliases.
    fn article(&mut self, corpus: &mut Corpus, diagnostics: &mut Vec<Diagnostic>, file: &Arc<str>, draft: Draft) {
        let Draft { mut article, entities, id_position } = draft;
        let imported = id_position.is_none();
        let here = match id_position {
            Some((line, _)) => format!("{file}:{line}"),
            None => file.to_string(),
        };
        if let Some(first) = self.article_ids.get(&article.id) {
            let message = format!(
                "duplicate article id {} (first used at {first}); article ids must be unique",
                quote(&article.id)
            );
            diagnostics.push(Diagnostic {
                path: file.to_string(),
                position: id_position,
                severity: Severity::Error,
                message,
            });
            return;
        }
        self.article_ids.insert(article.id.clone(), here);
        let mut global = self.linker.join(corpus, diagnostics, file, id_position, &article.id, entities);
        article.map_entities(|e| global[e]);
        article.read_from = Some(file.clone());
        if imported {
            article.file = Some(file.to_string());
            self.linker.name_by_frequency(corpus, &article);
        }
        // Two local entities may be one in the corpus (`Odense` and `ODENSE`): list it once.
        dedup_in_order(&mut global);
        article.entities = global;
        corpus.articles.push(article);
    }
}

/// Leaves the first of each value, in order: a short list by scanning what is kept (no set to
/// build for the few entities of most articles), a long one with a set.
fn dedup_in_order(list: &mut Vec<usize>) {
    if list.len() <= 32 {
        let mut kept = 0;
        for k in 0..list.len() {
            let e = list[k];
            if !list[..kept].contains(&e) {
                list[kept] = e;
                kept += 1;
            }
        }
        list.truncate(kept);
    } else {
        let mut seen = rustc_hash::FxHashSet::with_capacity_and_hasher(list.len(), Default::default());
        list.retain(|e| seen.insert(*e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Entity;

    #[test]
    fn expected_articles_get_room_for_themselves_and_their_entities_at_once() {
        let (mut assembler, mut corpus, mut diagnostics) = (Assembler::default(), Corpus::default(), Vec::new());
        let entity = |id: &str| {
            let (id, name, kind) = (id.to_string(), id.to_string(), "ORG".to_string());
            let links = Default::default();
            crate::link::Local::New(Entity { id, name, kind, aliases: Vec::new(), description: None, links })
        };
        let article = crate::import::ArticleBuilder::new("a1", "t", "x").finish().article;
        let draft = Box::new(Draft { article, entities: vec![entity("e1"), entity("e2")], id_position: Some((1, 1)) });
        assembler.add(&mut corpus, &mut diagnostics, Piece::Article { file: "f.jsonl".into(), draft });
        assembler.add(&mut corpus, &mut diagnostics, Piece::Expect(1000));
        assert!(corpus.articles.capacity() >= 1001);
        assert!(corpus.entities.capacity() >= 2 + 2000);
        assert_eq!((corpus.articles.len(), corpus.entities.len()), (1, 2));
    }

    #[test]
    fn an_entity_listed_twice_is_kept_once_where_first_listed() {
        for n in [0, 5, 32, 33, 200] {
            let mut list: Vec<usize> = (0..n).map(|k| (k * 7) % (n / 2 + 1)).collect();
            let mut first = Vec::new();
            for &e in &list {
                if !first.contains(&e) {
                    first.push(e);
                }
            }
            dedup_in_order(&mut list);
            assert_eq!(list, first, "{n}");
        }
    }
}
