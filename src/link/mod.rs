//! Entity identity, in one place: which mentions are one entity, within an article and across
//! a corpus. Readers key the entities they find ([`EntityKey`]: a knowledge-base reference, or
//! article, type and text); joining them into a corpus follows [`Link`] ([`Linker`]: names
//! folded as search folds them, KB ids, the most frequent spelling as the name); articles that
//! repeat a known definition refer to it ([`KnownEntities`]). Editing's merge and split go
//! through here too.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::RwLock;

use rustc_hash::{FxHashMap, FxHasher};

use crate::diagnostic::{Diagnostic, Severity, quote};
use crate::model::{Article, Corpus, Entity};
use crate::search::fold::fold_text;

/// How entities of imported formats (which name no entity ids of their own) are told apart
/// across articles. Entity ids that newslens JSON states keep their meaning whatever this is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Link {
    /// A knowledge-base id (or brat normalization) links; mentions without one link by type
    /// and name folded as search folds it (`LONDON` = `London`), across the whole corpus.
    #[default]
    Name,
    /// Only knowledge-base ids link across articles; within an article, the same type and
    /// text is one entity.
    Kb,
    /// Nothing links across articles.
    None,
}

/// A name as names are compared (`@Huawei`, `related Huawei`, linking by name): case and
/// diacritics folded as search folds them (`LONDON` = `London`, `Kobenhavn` = `København`).
pub fn folded_name(name: &str) -> String {
    fold_text(name)
}

/// The folded name a user means by `asked` (`@Name` or `Name`: a leading `@` aside).
pub fn name_asked(asked: &str) -> String {
    folded_name(asked.trim_start_matches('@'))
}

/// Whether `entity` is called `folded` (a [`folded_name`]) by its name or an alias.
pub fn is_called(entity: &Entity, folded: &str) -> bool {
    std::iter::once(&entity.name).chain(&entity.aliases).any(|x| folded_name(x) == folded)
}

/// The id an entity without a knowledge-base id gets when entities link by name: its type and
/// its folded name (`ORG:huawei`), so that `HUAWEI` and `Huawei` of one type are one entity.
pub fn name_key(kind: &str, name: &str) -> String {
    format!("{kind}:{}", folded_name(name))
}

/// The attribute of a mention that no annotator made, saying what made it (a gazetteer).
pub const ORIGIN: &str = "origin";

/// How a reader identifies an entity: mentions with the same `id` are one entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityKey {
    /// The entity id: a KB id (`wikidata:Q1726`) or one made from article, type and text.
    pub id: String,
    /// Knowledge-base links to record on the entity.
    pub links: BTreeMap<String, String>,
    /// The id is an entity id of newslens's own (`newslens:ID`): it keeps its meaning, and is
    /// not joined to others by name.
    pub explicit: bool,
}

impl EntityKey {
    /// The entity named `text` of type `kind` in article `article` (same text and type within
    /// an article is one entity).
    pub fn by_text(article: &str, kind: &str, text: &str) -> EntityKey {
        EntityKey { id: format!("{article}:{kind}:{text}"), links: BTreeMap::new(), explicit: false }
    }

    /// The entity a knowledge-base reference such as `Wikidata:Q1726` or `Q1726` names; the same
    /// reference in any article is the same entity. `newslens:ID` names a newslens entity id
    /// (what our own exports write for entities without a link).
    pub fn by_reference(reference: &str) -> EntityKey {
        let (kb, id) = match reference.split_once(':') {
            Some((kb, id)) if !kb.is_empty() && !id.is_empty() => (kb.to_ascii_lowercase(), id.to_string()),
            _ if is_wikidata_id(reference) => ("wikidata".to_string(), reference.to_string()),
            _ => ("kb".to_string(), reference.to_string()),
        };
        if kb == "newslens" {
            return EntityKey { id: unescape_reference(&id), links: BTreeMap::new(), explicit: true };
        }
        EntityKey { id: format!("{kb}:{id}"), links: BTreeMap::from([(kb, id)]), explicit: false }
    }
}

/// A `newslens:ID` reference's id as written: `%` escapes for what brat cannot hold in a
/// reference (spaces, tabs, line breaks, `%` itself).
pub fn escape_reference(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            ' ' | '\t' | '\n' | '\r' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The id of an escaped reference (see [`escape_reference`]); other `%` are kept as they are.
fn unescape_reference(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let hex = rest.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) if b.is_ascii() => {
                out.push(b as char);
                rest = &rest[i + 3..];
            }
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_wikidata_id(s: &str) -> bool {
    s.len() > 1 && s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An entity an article uses.
#[derive(Debug)]
pub enum Local {
    /// Defined here.
    New(Entity),
    /// Defined here with an id of newslens's own (an imported `newslens:ID` reference): it is
    /// not joined to others by name.
    Explicit(Entity),
    /// Already in the corpus at this index, defined the same way (see
    /// [`KnownEntities`]): not built again.
    Known(usize),
}

/// The entities a corpus already holds, by id, shared between the assembler (which adds
/// them) and reading threads (which look them up): an article that defines a known entity the
/// same way (same name and type) refers to it instead of building it again. In a corpus, most
/// entity definitions repeat earlier ones.
#[derive(Debug, Default)]
pub struct KnownEntities {
    /// Id → (index in the corpus, digest of name and type).
    map: RwLock<FxHashMap<Box<str>, (usize, u64)>>,
}

fn digest(name: &str, kind: &str) -> u64 {
    let mut h = FxHasher::default();
    (name, kind).hash(&mut h);
    h.finish()
}

impl KnownEntities {
    /// Records entities that joined the corpus, with their indices.
    pub fn publish<'e>(&self, entities: impl Iterator<Item = (usize, &'e Entity)>) {
        let mut entities = entities.peekable();
        if entities.peek().is_none() {
            return;
        }
        if let Ok(mut map) = self.map.write() {
            for (i, e) in entities {
                map.insert(e.id.as_str().into(), (i, digest(&e.name, &e.kind)));
            }
        }
    }

    /// The corpus index of entity `id`, if it is known with this name and type.
    pub fn get(&self, id: &str, name: &str, kind: &str) -> Option<usize> {
        let map = self.map.read().ok()?;
        let &(i, d) = map.get(id)?;
        (d == digest(name, kind)).then_some(i)
    }
}

/// Joins the entities of articles into a corpus's: by id, after [`Link`] has decided the id
/// of imported ones; names imported entities by their most frequent spelling.
#[derive(Debug, Default)]
pub struct Linker {
    /// The corpus's entities as the reading threads see them.
    known: std::sync::Arc<KnownEntities>,
    /// How imported entities join across articles.
    link: Link,
    /// Per imported entity, its surface forms and how many mentions use each: the most
    /// frequent is its name, the others its aliases.
    forms: FxHashMap<usize, Vec<(String, usize)>>,
    /// Set when an entity already in the corpus got another name or alias.
    pub renamed: bool,
}

impl Linker {
    /// A linker that joins imported entities as `link` says.
    pub fn new(link: Link) -> Linker {
        Linker { link, ..Linker::default() }
    }

    /// The entities this linker has put in its corpus, for reading threads to skip
    /// definitions of them (see [`KnownEntities`]).
    pub fn known(&self) -> std::sync::Arc<KnownEntities> {
        self.known.clone()
    }

    /// The corpus indices of an article's `entities` (its local entities, in order), joining
    /// each to the corpus's entity of the same id (added when there is none). `id_position`
    /// is where a newslens file gives the article's id; for imported formats (`None`) ids
    /// follow [`Link`] and a known entity's other names become aliases. A newslens entity
    /// defined otherwise than before keeps the earlier definition, with a warning.
    pub fn join(
        &mut self,
        corpus: &mut Corpus,
        diagnostics: &mut Vec<Diagnostic>,
        file: &str,
        id_position: Option<(usize, usize)>,
        article: &str,
        entities: Vec<Local>,
    ) -> Vec<usize> {
        let imported = id_position.is_none();
        let mut global = Vec::with_capacity(entities.len());
        let mut published = Vec::new();
        for entity in entities {
            let entity = match entity {
                Local::Known(i) => {
                    global.push(i);
                    continue;
                }
                Local::New(entity) if imported => self.linked(entity, article),
                Local::New(entity) | Local::Explicit(entity) => entity,
            };
            let known = corpus.entity_index(&entity.id);
            let i = match known {
                None => {
                    let i = corpus.push_entity(entity);
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
        self.known.publish(published.iter().map(|&i| (i, &corpus.entities[i])));
        global
    }
}

impl Linker {
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
    /// Mentions a program found (with an [`ORIGIN`]) are no annotator's spelling: not counted.
    pub fn name_by_frequency(&mut self, corpus: &mut Corpus, article: &Article) {
        let offsets = article.mention_offsets();
        let mut touched = Vec::new();
        for m in article.mentions.iter().filter(|m| !m.attributes().iter().any(|(k, _)| k == ORIGIN)) {
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
