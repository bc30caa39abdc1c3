//! Puts read articles together into one corpus: article ids must be unique, entities are
//! shared by id. Used by the command line (all at once) and by the explorer (batch by batch,
//! while a background thread reads).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::Piece;
use crate::diagnostic::{Diagnostic, Severity, quote};
use crate::import::newslens::KnownEntities;
use crate::import::{Draft, Local};
use crate::model::Corpus;

/// Remembers which article ids were seen where.
#[derive(Debug, Default)]
pub struct Assembler {
    article_ids: FxHashMap<String, String>,
    /// The corpus's entities as the reading threads see them.
    known: Arc<KnownEntities>,
}

impl Assembler {
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
                Local::New(entity) => entity,
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
        }
        for r in &mut article.relations {
            r.from = global[r.from];
            r.to = global[r.to];
        }
        self.known.publish(published.iter().map(|&i| (i, &corpus.entities[i])));
        article.entities = global;
        corpus.articles.push(article);
    }
}
