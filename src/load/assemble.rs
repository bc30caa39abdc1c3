//! Puts read articles together into one corpus: article ids must be unique, entities are
//! shared by id. Used by the command line (all at once) and by the explorer (batch by batch,
//! while a background thread reads).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{Link, Piece};
use crate::diagnostic::{Diagnostic, Severity, quote};
use crate::formats::newslens::KnownEntities;
use crate::import::{Draft, Local};
use crate::model::{Article, Corpus, Entity, Filler};
use crate::search::fold::name_key;

/// Remembers which article ids were seen where, and how often each imported entity was
/// written each way.
#[derive(Debug, Default)]
pub struct Assembler {
    article_ids: FxHashMap<String, String>,
    /// The corpus's entities as the reading threads see them.
    known: Arc<KnownEntities>,
    /// How imported entities join across articles.
    link: Link,
    /// Per imported entity, its surface forms and how many mentions use each: the most
    /// frequent is its name, the others its aliases.
    forms: FxHashMap<usize, Vec<(String, usize)>>,
    /// Set when an entity already in the corpus got another name or alias.
    pub renamed: bool,
}

impl Assembler {
    /// An assembler that links imported entities as `link` says.
    pub fn new(link: Link) -> Assembler {
        Assembler { link, ..Assembler::default() }
    }

    /// The entities this assembler has put in its corpus, for reading threads to skip
    /// definitions of them (see [`KnownEntities`]).
    pub fn known(&self) -> Arc<KnownEntities> {
        self.known.clone()
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
    fn article(&mut self, corpus: &mut Corpus, diagnostics: &mut Vec<Diagnostic>, file: &str, draft: Draft) {
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
                path: file.into(),
                position: id_position,
                severity: Severity::Error,
                message,
            });
            return;
        }
        self.article_ids.insert(article.id.clone(), here);
        let mut global = Vec::with_capacity(entities.len());
        let mut published = Vec::new();
        for entity in entities {
            let entity = match entity {
                Local::Known(i) => {
                    global.push(i);
                    continue;
                }
                Local::New(entity) if imported => self.linked(entity, &article.id),
                Local::New(entity) | Local::Explicit(entity) => entity,
            };
            let known = corpus.entity_index(&entity.id);
            let i = match known {
                None => {
                    let i = corpus.intern_entity(entity).0;
                    if id_position.is_some() {
                        published.push(i);
                    }
                    i
                }
                Some(i) => {
                    let kept = &mut corpus.entities[i];
                    if id_position.is_none() && kept.kind == entity.kind {
                        for name in std::iter::once(entity.name).chain(entity.aliases) {
                            if kept.name != name && !kept.aliases.contains(&name) {
                                kept.aliases.push(name);
                                self.renamed = true;
                            }
                        }
                    } else if kept.name != entity.name || kept.kind != entity.kind {
                        let message = format!(
                            "entity {} is {} ({}) here but {} ({}) in an earlier article; keeping the earlier one",
                            quote(&entity.id),
                            quote(&entity.name),
                            entity.kind,
                            quote(&kept.name),
                            kept.kind
                        );
                        let d = Diagnostic {
                            path: file.into(),
                            position: id_position,
                            severity: Severity::Warning,
                            message,
                        };
                        diagnostics.push(d);
                    }
                    i
                }
            };
            global.push(i);
        }
        for m in &mut article.mentions {
            m.entity = global[m.entity];
        }
        for e in &mut article.events {
            for x in &mut e.entities {
                *x = global[*x];
            }
            for a in e.detail.iter_mut().flat_map(|d| &mut d.arguments) {
                if let Filler::Mention { entity, .. } = &mut a.filler {
                    *entity = global[*entity];
                }
            }
        }
        for r in &mut article.relations {
            r.from = global[r.from];
            r.to = global[r.to];
        }
        self.known.publish(published.iter().map(|&i| (i, &corpus.entities[i])));
        if imported {
            article.file = Some(file.to_string());
            self.name_by_frequency(corpus, &article);
        }
        // Two local entities may be one in the corpus (`Odense` and `ODENSE`): list it once.
        let mut seen = rustc_hash::FxHashSet::default();
        global.retain(|e| seen.insert(*e));
        article.entities = global;
        corpus.articles.push(article);
    }
}

impl Assembler {
    /// An imported entity with the id that decides what it joins (see [`Link`]).
    fn linked(&self, mut entity: Entity, article: &str) -> Entity {
        entity.id = match (self.link, entity.links.is_empty()) {
            (Link::Name, true) => name_key(&entity.kind, &entity.name),
            (Link::None, false) => format!("{article}:{}", entity.id),
            _ => entity.id,
        };
        entity
    }

    /// Counts the surface forms of an imported article's mentions; an entity takes the most
    /// frequent as its name (on a tie, the first in the text), and keeps the others as aliases.
    fn name_by_frequency(&mut self, corpus: &mut Corpus, article: &Article) {
        let offsets = article.mention_offsets();
        let mut touched = Vec::new();
        for m in &article.mentions {
            let form = article.covered(&offsets, m);
            let forms = self.forms.entry(m.entity).or_default();
            match forms.iter_mut().find(|(f, _)| *f == form) {
                Some((_, n)) => *n += 1,
                None => forms.push((form, 1)),
            }
            touched.push(m.entity);
        }
        touched.sort_unstable();
        touched.dedup();
        for e in touched {
            let forms = &self.forms[&e];
            let entity = &mut corpus.entities[e];
            // The most frequent form; on a tie, the one met first in the text, so the name does
            // not depend on the order a file lists its annotations in.
            let top = forms.iter().map(|(_, n)| *n).max().unwrap_or(0);
            let best = forms.iter().find(|(_, n)| *n == top).map(|(f, _)| f).filter(|f| **f != entity.name);
            if let Some(best) = best.cloned() {
                entity.aliases.retain(|a| *a != best);
                let old = std::mem::replace(&mut entity.name, best);
                entity.aliases.insert(0, old);
                self.renamed = true;
            }
        }
    }
}
