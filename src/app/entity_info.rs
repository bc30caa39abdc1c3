//! What the detail view says about the selected entity across the corpus, gathered once when
//! it is selected (and again as loading adds articles), so drawing a frame never walks the
//! whole corpus.

use crate::model::{ArticleIx, Corpus, EntityIx, EventRef};

/// The selected entity's place in the corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityInfo {
    /// The entity.
    pub entity: EntityIx,
    /// Articles that mention it, in load order.
    pub articles: Vec<ArticleIx>,
    /// Its events, in timeline order.
    pub events: Vec<EventRef>,
    /// Relations it takes part in, as `(type, other entity, outgoing)`.
    pub relations: Vec<(String, usize, bool)>,
}

impl EntityInfo {
    /// Gathers the information for `entity`.
    pub fn gather(corpus: &Corpus, ix: EntityIx) -> EntityInfo {
        let entity = ix.0;
        let articles = corpus
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| a.mentions.iter().any(|m| m.entity == entity))
            .map(|(i, _)| ArticleIx(i));
        // The timeline's own order and de-duplication, so the detail and the timeline agree.
        let events = corpus.timeline().into_iter().filter(|r| corpus.event(*r).entities.contains(&entity)).collect();
        let relations = corpus
            .articles
            .iter()
            .flat_map(|a| &a.relations)
            .filter_map(|r| match (r.from == entity, r.to == entity) {
                (true, _) => Some((r.kind.clone(), r.to, true)),
                (_, true) => Some((r.kind.clone(), r.from, false)),
                _ => None,
            })
            .collect();
        EntityInfo { entity: ix, articles: articles.collect(), events, relations }
    }
}
