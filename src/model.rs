//! The data newslens shows: articles, their entities, mentions, events and notes.
//!
//! Every offset is a Unicode scalar value (`char`) index into the article text, start
//! inclusive, end exclusive. The loader guarantees the invariants documented here.

use std::collections::BTreeMap;

use crate::date::PartialDate;

/// A half-open range of `char` positions `[start, end)` in an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First char of the span.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

impl Span {
    /// Whether `pos` lies inside the span.
    pub fn contains(&self, pos: usize) -> bool {
        self.start <= pos && pos < self.end
    }
}

/// Where an article comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Source {
    /// The publication's name.
    pub name: Option<String>,
    /// Link to the article.
    pub url: Option<String>,
}

/// Something the articles talk about: a person, organisation, place, product…
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Identifier, unique within the corpus.
    pub id: String,
    /// The display name.
    pub name: String,
    /// Free-text type such as `PERSON`, `ORG`, `GPE`, `PRODUCT`.
    pub kind: String,
    /// Other names and inflected forms (for example the Danish genitive "Huaweis").
    pub aliases: Vec<String>,
    /// A short description.
    pub description: Option<String>,
    /// Knowledge-base links, e.g. `wikidata` → `Q160120`.
    pub links: BTreeMap<String, String>,
}

impl Entity {
    /// What tells this entity apart from another of the same type and name: its first
    /// knowledge-base id, else its own id.
    pub fn telling_id(&self) -> &str {
        self.links.values().next().map_or(self.id.as_str(), String::as_str)
    }
}

/// One place where an article names an entity.
///
/// Kept small (32 bytes): a corpus has hundreds of thousands, and the rare discontinuous
/// pieces and attributes live behind one pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`Corpus::entities`].
    pub entity: usize,
    /// The covered text; for a discontinuous mention, from its first to its last char.
    pub span: Span,
    extra: Option<Box<MentionExtra>>,
}

/// What few mentions have.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct MentionExtra {
    fragments: Vec<Span>,
    attributes: Vec<(String, AttrValue)>,
}

impl Mention {
    /// A plain mention of `entity` covering `span`.
    pub fn new(entity: usize, span: Span) -> Mention {
        Mention { entity, span, extra: None }
    }

    /// A mention with the pieces of a discontinuous span (empty if continuous) and
    /// attributes.
    pub fn with(entity: usize, span: Span, fragments: Vec<Span>, attributes: Vec<(String, AttrValue)>) -> Mention {
        let extra =
            (!fragments.is_empty() || !attributes.is_empty()).then(|| Box::new(MentionExtra { fragments, attributes }));
        Mention { entity, span, extra }
    }

    /// The pieces of a discontinuous mention (brat's `0 5;10 15`), in order; empty otherwise.
    pub fn fragments(&self) -> &[Span] {
        self.extra.as_ref().map_or(&[], |x| &x.fragments)
    }

    /// Annotation attributes such as `Negated` → `true` (brat `A`/`M` lines).
    pub fn attributes(&self) -> &[(String, AttrValue)] {
        self.extra.as_ref().map_or(&[], |x| &x.attributes)
    }

    /// Adds an attribute.
    pub fn add_attribute(&mut self, name: String, value: AttrValue) {
        self.extra.get_or_insert_with(Default::default).attributes.push((name, value));
    }

    /// The spans actually covered: the fragments, or the span itself.
    pub fn pieces(&self) -> &[Span] {
        match self.fragments() {
            [] => std::slice::from_ref(&self.span),
            f => f,
        }
    }
}

/// An attribute's value as its format gave it: text, a number or true/false (brat's flag
/// attributes are `true`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum AttrValue {
    /// Text.
    Text(String),
    /// A number, as written.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
}

impl std::fmt::Display for AttrValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttrValue::Text(s) | AttrValue::Number(s) => f.write_str(s),
            AttrValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl serde::Serialize for AttrValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AttrValue::Text(t) => s.serialize_str(t),
            AttrValue::Bool(b) => s.serialize_bool(*b),
            // Written as the number it was (it was read from JSON, so it parses).
            AttrValue::Number(n) => match n.parse::<serde_json::Number>() {
                Ok(n) => n.serialize(s),
                Err(_) => s.serialize_str(n),
            },
        }
    }
}

/// A typed link between two entities (brat `R`, Label Studio and doccano relations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The relation's type, e.g. `Employer`.
    pub kind: String,
    /// Index into [`Corpus::entities`] of the first argument.
    pub from: usize,
    /// Index into [`Corpus::entities`] of the second argument.
    pub to: usize,
    /// The passages of the two mentions it links, when the annotation links mentions (brat
    /// links annotations, not entities).
    pub spans: Option<(Span, Span)>,
    /// Remarks on the relation itself (brat `#` notes on an `R`).
    pub notes: Vec<String>,
}

/// How an annotation tool structured an event (brat's `E`): its type, the trigger (the
/// event's first anchor) and its arguments. Kept so the event can be written back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventDetail {
    /// The event's type, e.g. `Meet`.
    pub kind: String,
    /// Its arguments: a role and the mention that fills it.
    pub arguments: Vec<Argument>,
    /// Attributes of the event (brat `A` on an `E`).
    pub attributes: Vec<(String, AttrValue)>,
    /// Remarks on the event itself (brat `#` notes on an `E`).
    pub notes: Vec<String>,
}

/// A role in an event and what fills it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The role, e.g. `Agent`.
    pub role: String,
    /// The mention or event in that role.
    pub filler: Filler,
}

/// What fills an event's role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filler {
    /// A mention: its entity (an index into [`Corpus::entities`]) and its passage.
    Mention {
        /// The entity.
        entity: usize,
        /// The passage of the mention.
        span: Span,
    },
    /// Another event of the same article, by id (`Reported` events report events).
    Event(String),
}

/// A dated happening related to the article.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Identifier, unique within its article.
    pub id: String,
    /// When it happened (or began); `None` for undated events such as brat's `E` annotations.
    pub date: Option<PartialDate>,
    /// When it ended, for events that last.
    pub end_date: Option<PartialDate>,
    /// A one-line title.
    pub title: String,
    /// A longer description.
    pub description: Option<String>,
    /// Indices into [`Corpus::entities`] of the entities involved.
    pub entities: Vec<usize>,
    /// Where the facts come from (URLs).
    pub sources: Vec<String>,
    /// Passages of the article that speak of the event.
    pub anchors: Vec<Span>,
    /// Its structure as an annotation tool recorded it (boxed: most events have none).
    pub detail: Option<Box<EventDetail>>,
}

/// A remark on a passage of the article, such as a fact check.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The passage the note is about.
    pub span: Span,
    /// The remark.
    pub text: String,
}

/// One news article with its annotations.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Identifier, unique within the corpus.
    pub id: String,
    /// The headline.
    pub title: String,
    /// Publication date.
    pub date: Option<PartialDate>,
    /// Language code such as `da`.
    pub language: Option<String>,
    /// Publication and link.
    pub source: Option<Source>,
    /// The text; paragraphs are separated by blank lines.
    pub text: String,
    /// Indices into [`Corpus::entities`] of the entities this article defines.
    pub entities: Vec<usize>,
    /// Mentions sorted by start, then end.
    pub mentions: Vec<Mention>,
    /// Events in the order the file gives them.
    pub events: Vec<Event>,
    /// Remarks on passages.
    pub notes: Vec<Note>,
    /// Typed links between the article's entities.
    pub relations: Vec<Relation>,
    /// The file an imported article was read from, as the user named it (not part of the
    /// newslens format; shown in the header of articles whose format has no titles).
    pub file: Option<String>,
    /// The file any article was read from (whatever its format), where its edits are saved.
    pub read_from: Option<std::sync::Arc<str>>,
}

impl Article {
    /// The entities the article mentions (not only defines), each once, ascending.
    pub fn mentioned(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.mentions.iter().map(|m| m.entity).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Gives every entity the article's annotations name (mentions, events and their
    /// arguments, relations) the index `to` maps it to; the list of entities it defines is
    /// left to the caller.
    pub fn map_entities(&mut self, to: impl Fn(usize) -> usize) {
        for m in &mut self.mentions {
            m.entity = to(m.entity);
        }
        for e in &mut self.events {
            for x in &mut e.entities {
                *x = to(*x);
            }
            for a in e.detail.iter_mut().flat_map(|d| &mut d.arguments) {
                if let Filler::Mention { entity, .. } = &mut a.filler {
                    *entity = to(*entity);
                }
            }
        }
        for r in &mut self.relations {
            (r.from, r.to) = (to(r.from), to(r.to));
        }
    }

    /// Byte offsets of every mention's pieces, found in one pass over the text.
    pub fn mention_offsets(&self) -> CharOffsets {
        let wanted = self.mentions.iter().flat_map(|m| m.pieces()).flat_map(|p| [p.start, p.end]).collect();
        CharOffsets::new(&self.text, wanted)
    }

    /// The text a mention covers; a discontinuous one's pieces joined by a space, as brat does.
    /// `offsets` are [`Article::mention_offsets`].
    pub fn covered(&self, offsets: &CharOffsets, m: &Mention) -> String {
        m.pieces().iter().map(|s| offsets.slice(&self.text, *s)).collect::<Vec<_>>().join(" ")
    }

    /// The first non-empty line of the text, shortened to 80 chars: what the article opens
    /// with, shown beside titles that are only file names.
    pub fn lead(&self) -> String {
        let line = self.text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
        let mut lead: String = line.chars().take(80).collect();
        if line.chars().nth(80).is_some() {
            lead.push('…');
        }
        lead
    }

    /// Number of chars in the text (offsets range over `0..=char_len`).
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// The text covered by `span`, sliced by chars (never by bytes).
    pub fn slice(&self, span: Span) -> String {
        self.text.chars().skip(span.start).take(span.end.saturating_sub(span.start)).collect()
    }
}

/// Char offsets → byte offsets of a text, for the offsets a reader or writer needs: one pass
/// over the text, whatever the number of spans (slicing each from the start would be quadratic).
pub struct CharOffsets {
    wanted: Vec<usize>,
    bytes: Vec<usize>,
    /// Length of the text in chars.
    pub len: usize,
}

impl CharOffsets {
    /// The byte offsets of the `wanted` char offsets of `text`.
    pub fn new(text: &str, mut wanted: Vec<usize>) -> CharOffsets {
        wanted.sort_unstable();
        wanted.dedup();
        let t = text.as_bytes();
        let starts = crate::diagnostic::locate::char_starts;
        let mut bytes = Vec::with_capacity(wanted.len());
        // (byte, char): the start of char `char` is at `byte`.
        let (mut byte, mut char) = (0, 0);
        for &w in &wanted {
            // Whole blocks first (a block of n bytes holds at most n chars), counted in a way
            // the compiler vectorises; then words of 8 bytes; then char by char.
            while w - char >= 64 && byte + 64 <= t.len() {
                char += starts(&t[byte..byte + 64]);
                byte += 64;
                while byte < t.len() && t[byte] & 0xC0 == 0x80 {
                    byte += 1;
                }
            }
            while w - char >= 8 && byte + 8 <= t.len() {
                let word = u64::from_le_bytes(t[byte..byte + 8].try_into().expect("8 bytes"));
                // A continuation byte is 10xxxxxx: its top bit set, the next one clear.
                let continuations = (word & !(word << 1) & 0x8080_8080_8080_8080).count_ones() as usize;
                char += 8 - continuations;
                byte += 8;
                while byte < t.len() && t[byte] & 0xC0 == 0x80 {
                    byte += 1;
                }
            }
            while char < w && byte < t.len() {
                byte += 1;
                while byte < t.len() && t[byte] & 0xC0 == 0x80 {
                    byte += 1;
                }
                char += 1;
            }
            if char != w {
                break; // past the end of the text
            }
            bytes.push(byte);
        }
        let len = char + starts(&t[byte..]);
        wanted.truncate(bytes.len());
        CharOffsets { wanted, bytes, len }
    }

    /// The text of a span whose ends were among the wanted offsets.
    pub fn slice<'t>(&self, text: &'t str, s: Span) -> &'t str {
        let byte = |c: usize| self.wanted.binary_search(&c).ok().map(|k| self.bytes[k]);
        match (byte(s.start), byte(s.end)) {
            (Some(a), Some(b)) => &text[a..b],
            _ => "",
        }
    }
}

/// The timeline order of an event: dated before undated, then by date, end date and title.
pub fn event_order(e: &Event) -> (bool, Option<PartialDate>, Option<PartialDate>, &str) {
    (e.date.is_none(), e.date, e.end_date, &e.title)
}

/// What a file was when it was read: its size and the time it was last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// Its length in bytes.
    pub len: u64,
    /// When it was last changed, where the system says.
    pub modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        FileStamp { len: meta.len(), modified: meta.modified().ok() }
    }
}

/// Everything that was loaded: articles and the entities they share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corpus {
    /// Articles in load order.
    pub articles: Vec<Article>,
    /// Entities, shared across articles by id.
    pub entities: Vec<Entity>,
    /// Events that belong to no article (a TimelineJS file opened beside the articles).
    pub events: Vec<Event>,
    /// Display colours for entity types (from brat's `visual.conf`), as RGB.
    pub type_colors: BTreeMap<String, (u8, u8, u8)>,
    /// Display names for entity types (from brat's `visual.conf` labels), e.g. `PER` → `Person`.
    pub type_labels: BTreeMap<String, String>,
    /// The files read, each as it was when read: a file changed since is not saved over.
    pub stamps: BTreeMap<std::sync::Arc<str>, FileStamp>,
    index: rustc_hash::FxHashMap<String, usize>,
}

/// Per entity, how often it is mentioned and in how many articles: counted here only, for a
/// whole corpus or for articles as they are added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Mentions per entity, indexed like [`Corpus::entities`].
    pub mentions: Vec<usize>,
    /// Articles that mention each entity.
    pub articles: Vec<usize>,
    /// Articles counted so far (the first `counted` of the corpus).
    counted: usize,
}

impl Counts {
    /// The counts of a whole corpus.
    pub fn of(corpus: &Corpus) -> Counts {
        let mut c = Counts::default();
        c.update(corpus);
        c
    }

    /// The counts within the articles `keep` says (one flag per article).
    pub fn within(corpus: &Corpus, keep: &[bool]) -> Counts {
        let mut c =
            Counts { mentions: vec![0; corpus.entities.len()], articles: vec![0; corpus.entities.len()], counted: 0 };
        let mut seen: Vec<usize> = Vec::new();
        for (_, article) in corpus.articles.iter().enumerate().filter(|(a, _)| keep.get(*a) == Some(&true)) {
            seen.clear();
            for m in &article.mentions {
                c.mentions[m.entity] += 1;
                seen.push(m.entity);
            }
            seen.sort_unstable();
            seen.dedup();
            for &e in &seen {
                c.articles[e] += 1;
            }
        }
        c.counted = corpus.articles.len();
        c
    }

    /// Takes the mentions of `articles` (already counted) out of the counts, or puts them back
    /// in (`add`): an edit recounts only the articles it changes.
    pub fn tally(&mut self, corpus: &Corpus, articles: &std::collections::BTreeSet<usize>, add: bool) {
        if add {
            self.mentions.resize(corpus.entities.len(), 0);
            self.articles.resize(corpus.entities.len(), 0);
        }
        let (mut seen, known): (Vec<usize>, usize) = (Vec::new(), self.mentions.len());
        for a in articles.iter().filter(|&&a| a < self.counted).filter_map(|&a| corpus.articles.get(a)) {
            seen.clear();
            for m in a.mentions.iter().filter(|m| m.entity < known) {
                let n = &mut self.mentions[m.entity];
                *n = if add { *n + 1 } else { n.saturating_sub(1) };
                seen.push(m.entity);
            }
            seen.sort_unstable();
            seen.dedup();
            for &e in &seen {
                let n = &mut self.articles[e];
                *n = if add { *n + 1 } else { n.saturating_sub(1) };
            }
        }
        if add {
            // An entity taken off again (an undone new one) leaves no count behind.
            self.mentions.truncate(corpus.entities.len());
            self.articles.truncate(corpus.entities.len());
        }
    }

    /// Counts the articles and entities added to `corpus` since the last call.
    pub fn update(&mut self, corpus: &Corpus) {
        self.mentions.resize(corpus.entities.len(), 0);
        self.articles.resize(corpus.entities.len(), 0);
        let mut seen: Vec<usize> = Vec::new();
        for a in &corpus.articles[self.counted.min(corpus.articles.len())..] {
            seen.clear();
            for m in &a.mentions {
                self.mentions[m.entity] += 1;
                seen.push(m.entity);
            }
            seen.sort_unstable();
            seen.dedup();
            for &e in &seen {
                self.articles[e] += 1;
            }
        }
        self.counted = corpus.articles.len();
    }
}

/// Where an event lives: in an article, or on the corpus's own timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventRef {
    /// The article, or `None` for [`Corpus::events`].
    pub article: Option<usize>,
    /// Index among that article's (or the corpus's) events.
    pub index: usize,
}

/// An article's place in a corpus ([`Corpus::articles`]): not to be confused with an entity's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleIx(pub usize);

/// An entity's place in a corpus ([`Corpus::entities`]): not to be confused with an article's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityIx(pub usize);

// A corpus's lists are indexed by their own kind of index only: an entity's cannot index the
// articles, nor an article's the entities (plain `usize` still indexes both).
impl std::ops::Index<ArticleIx> for Vec<Article> {
    type Output = Article;
    fn index(&self, ix: ArticleIx) -> &Article {
        &self[ix.0]
    }
}

impl std::ops::Index<EntityIx> for Vec<Entity> {
    type Output = Entity;
    fn index(&self, ix: EntityIx) -> &Entity {
        &self[ix.0]
    }
}

impl std::ops::Index<ArticleIx> for [Article] {
    type Output = Article;
    fn index(&self, ix: ArticleIx) -> &Article {
        &self[ix.0]
    }
}

impl Mention {
    /// Its entity, as an entity index.
    pub fn entity_ix(&self) -> EntityIx {
        EntityIx(self.entity)
    }
}

impl Corpus {
    /// The article at `ix` (which must be in range).
    pub fn article(&self, ix: ArticleIx) -> &Article {
        &self.articles[ix.0]
    }

    /// The entity at `ix` (which must be in range).
    pub fn entity(&self, ix: EntityIx) -> &Entity {
        &self.entities[ix.0]
    }

    /// The entity with this id, as an entity index.
    pub fn entity_ix(&self, id: &str) -> Option<EntityIx> {
        self.entity_index(id).map(EntityIx)
    }

    /// The index of the entity with this id.
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Adds an entity, or returns the index of the one with the same id already there.
    /// The `bool` is true when it was new.
    pub fn intern_entity(&mut self, entity: Entity) -> (usize, bool) {
        match self.index.get(&entity.id) {
            Some(&i) => (i, false),
            None => (self.push_entity(entity), true),
        }
    }

    /// Adds an entity whose id the corpus does not have yet (see [`Corpus::entity_index`]),
    /// without looking for it again; its index.
    pub fn push_entity(&mut self, entity: Entity) -> usize {
        debug_assert!(!self.index.contains_key(&entity.id), "{} is in the corpus already", entity.id);
        let i = self.entities.len();
        self.index.insert(entity.id.clone(), i);
        self.entities.push(entity);
        i
    }

    /// Takes the last entity off again (an entity just added, undone); none if there is none.
    pub fn pop_entity(&mut self) -> Option<Entity> {
        let e = self.entities.pop()?;
        self.index.remove(&e.id);
        Some(e)
    }

    /// An entity id not yet taken: `base`, else `base-2`, `base-3`…
    pub fn free_entity_id(&self, base: &str) -> String {
        let base = if base.is_empty() { "entity" } else { base };
        if !self.index.contains_key(base) {
            return base.to_string();
        }
        (2..).map(|n| format!("{base}-{n}")).find(|id| !self.index.contains_key(id)).expect("some id is free")
    }

    /// A corpus of only the articles `keep` (indices, ascending) and the entities they use;
    /// events of no article are left out, since they match no query about articles.
    pub fn subset(&self, keep: &[usize]) -> Corpus {
        let mut map = vec![usize::MAX; self.entities.len()];
        let mut out = Corpus {
            type_colors: self.type_colors.clone(),
            type_labels: self.type_labels.clone(),
            ..Corpus::default()
        };
        let mut entity = |out: &mut Corpus, e: usize| {
            if map[e] == usize::MAX {
                map[e] = out.intern_entity(self.entities[e].clone()).0;
            }
            map[e]
        };
        for &a in keep {
            let mut article = self.articles[a].clone();
            for e in &mut article.entities {
                *e = entity(&mut out, *e);
            }
            for m in &mut article.mentions {
                m.entity = entity(&mut out, m.entity);
            }
            for ev in &mut article.events {
                for e in &mut ev.entities {
                    *e = entity(&mut out, *e);
                }
                for arg in ev.detail.iter_mut().flat_map(|d| &mut d.arguments) {
                    if let Filler::Mention { entity: e, .. } = &mut arg.filler {
                        *e = entity(&mut out, *e);
                    }
                }
            }
            for r in &mut article.relations {
                r.from = entity(&mut out, r.from);
                r.to = entity(&mut out, r.to);
            }
            out.articles.push(article);
        }
        out
    }

    /// Mention counts per entity, indexed like [`Corpus::entities`].
    pub fn mention_counts(&self) -> Vec<usize> {
        Counts::of(self).mentions
    }

    /// Per entity, how many articles mention it.
    pub fn article_counts(&self) -> Vec<usize> {
        Counts::of(self).articles
    }

    /// Total number of mentions in all articles.
    pub fn mention_total(&self) -> usize {
        self.articles.iter().map(|a| a.mentions.len()).sum()
    }

    /// Total number of events, in articles and on the corpus's own timeline.
    pub fn event_total(&self) -> usize {
        self.articles.iter().map(|a| a.events.len()).sum::<usize>() + self.events.len()
    }

    /// The event `r` points at.
    pub fn event(&self, r: EventRef) -> &Event {
        match r.article {
            Some(a) => &self.articles[a].events[r.index],
            None => &self.events[r.index],
        }
    }

    /// Every event, sorted by date, then end date, then title; undated events last. An event
    /// id that several articles share is one event (the first in timeline order is kept).
    pub fn timeline(&self) -> Vec<EventRef> {
        let own = (0..self.events.len()).map(|index| EventRef { article: None, index });
        let in_articles = self
            .articles
            .iter()
            .enumerate()
            .flat_map(|(ai, a)| (0..a.events.len()).map(move |index| EventRef { article: Some(ai), index }));
        let mut all: Vec<EventRef> = own.chain(in_articles).collect();
        all.sort_by(|a, b| event_order(self.event(*a)).cmp(&event_order(self.event(*b))));
        let mut seen = std::collections::HashSet::new();
        all.retain(|r| seen.insert(self.event(*r).id.as_str()));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Every wanted char offset maps to the byte where that char starts, whatever the
        /// mix of one- to four-byte chars and however far apart the offsets are.
        #[test]
        fn char_offsets_are_the_bytes_where_chars_start(
            text in "([a-z ]{0,30}[æøé́🦀\\n]?){0,12}",
            wanted in proptest::collection::vec(0usize..200, 0..12),
        ) {
            let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            let offsets = CharOffsets::new(&text, wanted.clone());
            proptest::prop_assert_eq!(offsets.len, starts.len() - 1);
            for &a in &wanted {
                for &b in &wanted {
                    if a <= b && b < starts.len() {
                        let span = Span { start: a, end: b };
                        proptest::prop_assert_eq!(offsets.slice(&text, span), &text[starts[a]..starts[b]]);
                    }
                }
            }
        }
    }
}
