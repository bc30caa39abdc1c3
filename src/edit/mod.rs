//! Changes to a corpus's annotations, as values. Each change applies itself and gives back the
//! change that undoes it, so undo and redo are two stacks of values, and the explorer and
//! `newslens edit` make the same changes. A change is checked before anything is changed: one
//! that would break a rule `check` applies (a span outside the text or empty, an entity that
//! does not exist, a name left empty) is refused with the reason, and the corpus stays as it
//! was. [`save`] writes what changed back to the files it came from.
//!
//! The operations users name (rename, retype, merge, a mention added…) are functions that
//! look at the corpus and give the [`Change`] that does them.

mod brat;
pub mod journal;
pub mod save;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Article, Corpus, Entity, Mention, Span};

/// One change to a corpus.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// An entity made `to`: its name, type, aliases, description and KB links (its id stays).
    Entity {
        /// The entity (an index into [`Corpus::entities`]).
        entity: usize,
        /// What it becomes.
        to: Box<Entity>,
    },
    /// A mention of an article added (`from` none), removed (`to` none) or changed.
    Mention {
        /// The article (an index into [`Corpus::articles`]).
        article: usize,
        /// The mention as it is.
        from: Option<Mention>,
        /// The mention as it becomes.
        to: Option<Mention>,
    },
    /// An article's annotations made those of `to` (a merge changes mentions, relations,
    /// events and the entities the article defines at once); its text stays.
    Article {
        /// The article.
        article: usize,
        /// What it becomes.
        to: Box<Article>,
    },
    /// An entity added to the corpus (at the end of its entities); its articles come with
    /// the changes that mention it.
    NewEntity(Box<Entity>),
    /// The corpus's last entity taken off again (what undoes [`Change::NewEntity`]); refused
    /// while an article uses it.
    DropEntity(usize),
    /// Several changes made, and undone, as one.
    All(Vec<Change>),
}

/// Why a change was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn refuse<T>(why: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(why.into()))
}

impl Change {
    /// Makes the change; gives back the change that undoes it. A refused change (or any part
    /// of [`Change::All`]) leaves the corpus as it was.
    pub fn apply(self, corpus: &mut Corpus) -> Result<Change, Refused> {
        match self {
            Change::All(changes) => {
                let mut undo = Vec::with_capacity(changes.len());
                for change in changes {
                    match change.apply(corpus) {
                        Ok(inverse) => undo.push(inverse),
                        Err(why) => {
                            for inverse in undo.into_iter().rev() {
                                inverse.apply(corpus).expect("the inverse of a change made applies");
                            }
                            return Err(why);
                        }
                    }
                }
                undo.reverse();
                Ok(Change::All(undo))
            }
            Change::Entity { entity, to } => {
                let Some(now) = corpus.entities.get(entity) else { return refuse(format!("no entity #{entity}")) };
                if to.id != now.id {
                    return refuse("an entity's id does not change");
                }
                check_entity(&to)?;
                let from = std::mem::replace(&mut corpus.entities[entity], *to);
                Ok(Change::Entity { entity, to: Box::new(from) })
            }
            Change::Mention { article, from, to } => {
                let Some(a) = corpus.articles.get(article) else { return refuse(format!("no article #{article}")) };
                let at = match &from {
                    Some(m) => match a.mentions.iter().position(|x| x == m) {
                        Some(at) => Some(at),
                        None => return refuse("that mention is not in the article"),
                    },
                    None => None,
                };
                if let Some(m) = &to {
                    check_mention(corpus, a, m)?;
                    let twin = a.mentions.iter().enumerate().any(|(i, x)| Some(i) != at && x == m);
                    if twin {
                        return refuse("the article already has that mention");
                    }
                }
                let mentions = &mut corpus.articles[article].mentions;
                if let Some(at) = at {
                    mentions.remove(at);
                }
                if let Some(m) = &to {
                    insert_sorted(mentions, m.clone());
                }
                Ok(Change::Mention { article, from: to, to: from })
            }
            Change::Article { article, to } => {
                let Some(a) = corpus.articles.get(article) else { return refuse(format!("no article #{article}")) };
                if to.text != a.text || to.id != a.id {
                    return refuse("an article's text and id do not change");
                }
                for m in &to.mentions {
                    check_mention(corpus, a, m)?;
                }
                let entities = corpus.entities.len();
                let used = to.entities.iter().chain(to.relations.iter().flat_map(|r| [&r.from, &r.to]));
                if used.chain(to.events.iter().flat_map(|e| &e.entities)).any(|&e| e >= entities) {
                    return refuse("the article would name an entity that does not exist");
                }
                let from = std::mem::replace(&mut corpus.articles[article], *to);
                Ok(Change::Article { article, to: Box::new(from) })
            }
            Change::NewEntity(entity) => {
                check_entity(&entity)?;
                if entity.id.trim().is_empty() || corpus.entity_index(&entity.id).is_some() {
                    return refuse(format!("the entity id {:?} is empty or taken", entity.id));
                }
                let (ix, _) = corpus.intern_entity(*entity);
                Ok(Change::DropEntity(ix))
            }
            Change::DropEntity(ix) => {
                if ix + 1 != corpus.entities.len() {
                    return refuse("only the entity added last can be taken off");
                }
                if corpus.articles.iter().any(|a| uses(a, ix)) {
                    return refuse("an article still uses that entity");
                }
                let e = corpus.pop_entity().expect("the last entity is there");
                Ok(Change::NewEntity(Box::new(e)))
            }
        }
    }

    /// The articles whose files change with it: for an entity, every article that defines or
    /// mentions it (formats write an entity with the articles that use it).
    pub fn touches(&self, corpus: &Corpus) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        self.touch(corpus, &mut out);
        out
    }

    /// Whether it changes entities (names, types, KB ids, or which there are), so that what
    /// is indexed of them is to be made again; changes of mentions alone do not.
    pub fn changes_entities(&self) -> bool {
        match self {
            Change::All(changes) => changes.iter().any(Change::changes_entities),
            Change::Entity { .. } | Change::NewEntity(_) | Change::DropEntity(_) => true,
            Change::Mention { .. } | Change::Article { .. } => false,
        }
    }

    /// The entities it changes.
    fn entities(&self, out: &mut Vec<usize>) {
        match self {
            Change::All(changes) => changes.iter().for_each(|c| c.entities(out)),
            Change::Entity { entity, .. } => out.push(*entity),
            Change::Mention { .. } | Change::Article { .. } | Change::NewEntity(_) | Change::DropEntity(_) => {}
        }
    }

    fn touch(&self, corpus: &Corpus, out: &mut BTreeSet<usize>) {
        match self {
            Change::All(changes) => changes.iter().for_each(|c| c.touch(corpus, out)),
            Change::Mention { article, .. } | Change::Article { article, .. } => {
                out.insert(*article);
            }
            Change::Entity { entity, .. } => {
                out.extend(corpus.articles.iter().enumerate().filter(|(_, a)| uses(a, *entity)).map(|(i, _)| i));
            }
            // The articles that use it come with their own changes.
            Change::NewEntity(_) | Change::DropEntity(_) => {}
        }
    }
}

/// Whether article `a` defines or mentions entity `e`, or names it in a relation or event.
fn uses(a: &Article, e: usize) -> bool {
    a.entities.contains(&e)
        || a.mentions.iter().any(|m| m.entity == e)
        || a.relations.iter().any(|r| r.from == e || r.to == e)
        || a.events.iter().any(|ev| ev.entities.contains(&e))
}

fn check_entity(e: &Entity) -> Result<(), Refused> {
    if e.name.trim().is_empty() {
        return refuse("an entity's name cannot be empty");
    }
    if e.kind.trim().is_empty() {
        return refuse("an entity's type cannot be empty");
    }
    if e.name.chars().chain(e.kind.chars()).any(char::is_control) {
        return refuse("a name or type cannot hold control characters or line breaks");
    }
    Ok(())
}

/// The rules `check` applies to a mention: an entity that exists, a span inside the text that
/// covers something, pieces inside the span.
fn check_mention(corpus: &Corpus, a: &Article, m: &Mention) -> Result<(), Refused> {
    if m.entity >= corpus.entities.len() {
        return refuse(format!("no entity #{}", m.entity));
    }
    let chars = a.text.chars().count();
    let inside = |s: Span| s.start < s.end && s.end <= chars;
    if !inside(m.span) {
        return refuse(format!(
            "the span {}..{} is not inside the text ({chars} chars) or covers nothing",
            m.span.start, m.span.end
        ));
    }
    if m.fragments().iter().any(|f| !inside(*f) || f.start < m.span.start || f.end > m.span.end) {
        return refuse("a piece of the mention is outside it");
    }
    Ok(())
}

/// The entity `e` changed by `change`, as a [`Change`].
fn entity_change(corpus: &Corpus, e: usize, change: impl FnOnce(&mut Entity)) -> Result<Change, Refused> {
    let Some(entity) = corpus.entities.get(e) else { return refuse(format!("no entity #{e}")) };
    let mut to = entity.clone();
    change(&mut to);
    check_entity(&to)?;
    Ok(Change::Entity { entity: e, to: Box::new(to) })
}

/// Renames entity `e`.
pub fn rename(corpus: &Corpus, e: usize, name: &str) -> Result<Change, Refused> {
    entity_change(corpus, e, |x| x.name = name.trim().to_string())
}

/// Gives entity `e` type `kind`.
pub fn retype(corpus: &Corpus, e: usize, kind: &str) -> Result<Change, Refused> {
    entity_change(corpus, e, |x| x.kind = kind.trim().to_string())
}

/// Sets entity `e`'s id in knowledge base `kb` (`wikidata`), or clears it (`id` none).
pub fn set_kb(corpus: &Corpus, e: usize, kb: &str, id: Option<&str>) -> Result<Change, Refused> {
    if kb.trim().is_empty() || id.is_some_and(|i| i.trim().is_empty()) {
        return refuse("a knowledge base and an id are both needed (wikidata:Q42)");
    }
    entity_change(corpus, e, |x| match id {
        Some(id) => {
            x.links.insert(kb.trim().to_string(), id.trim().to_string());
        }
        None => {
            x.links.remove(kb.trim());
        }
    })
}

/// A KB id as a user writes it: `base:id` sets it (`wikidata:Q42`), a Wikidata Q-id alone is
/// Wikidata's, `base:` clears that base's, nothing clears them all.
enum KbWritten {
    Set(String, String),
    Clear(String),
    ClearAll,
}

fn read_kb(written: &str) -> Result<KbWritten, Refused> {
    let written = written.trim();
    let qid = written.len() > 1 && written.starts_with(['Q', 'q']) && written[1..].bytes().all(|b| b.is_ascii_digit());
    match written.split_once(':') {
        Some((kb, _)) if kb.trim().is_empty() => refuse("a knowledge base and an id are both needed (wikidata:Q42)"),
        Some((kb, id)) if id.trim().is_empty() => Ok(KbWritten::Clear(kb.trim().to_string())),
        Some((kb, id)) => Ok(KbWritten::Set(kb.trim().to_string(), id.trim().to_string())),
        None if qid => Ok(KbWritten::Set("wikidata".into(), written.to_string())),
        None if written.is_empty() => Ok(KbWritten::ClearAll),
        None => refuse(format!("{written:?} is no BASE:ID (wikidata:Q160120) nor a Wikidata Q-id")),
    }
}

/// Sets or clears entity `e`'s KB id as a user writes it (see [`KbWritten`]).
pub fn set_kb_from(corpus: &Corpus, e: usize, written: &str) -> Result<Change, Refused> {
    match read_kb(written)? {
        KbWritten::Set(kb, id) => set_kb(corpus, e, &kb, Some(&id)),
        KbWritten::Clear(kb) => set_kb(corpus, e, &kb, None),
        KbWritten::ClearAll => match corpus.entities.get(e) {
            Some(entity) if !entity.links.is_empty() => entity_change(corpus, e, |x| x.links.clear()),
            _ => refuse("it has no knowledge-base id to clear"),
        },
    }
}

/// Adds `alias` to entity `e`'s other names.
pub fn add_alias(corpus: &Corpus, e: usize, alias: &str) -> Result<Change, Refused> {
    let alias = alias.trim();
    if alias.is_empty() {
        return refuse("an alias cannot be empty");
    }
    if corpus.entities.get(e).is_some_and(|x| x.name == alias || x.aliases.iter().any(|a| a == alias)) {
        return refuse(format!("{alias:?} is already a name of it"));
    }
    entity_change(corpus, e, |x| x.aliases.push(alias.to_string()))
}

/// Takes `alias` from entity `e`'s other names.
pub fn remove_alias(corpus: &Corpus, e: usize, alias: &str) -> Result<Change, Refused> {
    if !corpus.entities.get(e).is_some_and(|x| x.aliases.iter().any(|a| a == alias)) {
        return refuse(format!("{alias:?} is not an alias of that entity"));
    }
    entity_change(corpus, e, |x| x.aliases.retain(|a| a != alias))
}

/// Merges entity `e` into `into`: every mention, relation and event of `e` becomes one of
/// `into`, which takes `e`'s names as aliases; `e` is left defined by no article. A mention
/// of `e` where `into` already has the same span is dropped (it would be twice).
pub fn merge(corpus: &Corpus, e: usize, into: usize) -> Result<Change, Refused> {
    let (Some(from), Some(target)) = (corpus.entities.get(e), corpus.entities.get(into)) else {
        return refuse("no such entity");
    };
    if e == into {
        return refuse("an entity cannot be merged into itself");
    }
    let mut changes = Vec::new();
    let to = |x: usize| if x == e { into } else { x };
    for (i, a) in corpus.articles.iter().enumerate().filter(|(_, a)| uses(a, e)) {
        let mut b = a.clone();
        b.map_entities(to);
        let mut seen = BTreeSet::new();
        b.mentions.retain(|m| seen.insert((m.span.start, m.span.end, m.entity, m.fragments().to_vec())));
        for ev in &mut b.events {
            ev.entities.dedup();
        }
        b.entities.retain(|&x| x != e);
        if !b.entities.contains(&into) {
            b.entities.push(into);
        }
        changes.push(Change::Article { article: i, to: Box::new(b) });
    }
    let mut merged = target.clone();
    for name in std::iter::once(&from.name).chain(&from.aliases) {
        if merged.name != *name && !merged.aliases.contains(name) {
            merged.aliases.push(name.clone());
        }
    }
    for (kb, id) in &from.links {
        merged.links.entry(kb.clone()).or_insert_with(|| id.clone());
    }
    changes.push(Change::Entity { entity: into, to: Box::new(merged) });
    Ok(Change::All(changes))
}

/// Adds a mention of entity `e` over `span` to article `a`.
pub fn add_mention(corpus: &Corpus, a: usize, e: usize, span: Span) -> Change {
    defining(corpus, a, e, Change::Mention { article: a, from: None, to: Some(Mention::new(e, span)) })
}

/// `change` (to a mention of entity `e` in article `a`), with `e` defined in the article if it
/// is not: a file of the article must define every entity it mentions. (Made as a change of
/// the whole article, so that undoing it takes the definition back too.)
fn defining(corpus: &Corpus, a: usize, e: usize, change: Change) -> Change {
    let Some(article) = corpus.articles.get(a).filter(|x| !x.entities.contains(&e) && e < corpus.entities.len()) else {
        return change;
    };
    let Change::Mention { from, to: Some(to), .. } = &change else { return change };
    let at = match from {
        Some(m) => match article.mentions.iter().position(|x| x == m) {
            Some(at) => Some(at),
            None => return change,
        },
        None => None,
    };
    // A twin or a bad span is refused, with its reason, when the plain change is applied.
    if article.mentions.contains(to) || check_mention(corpus, article, to).is_err() {
        return change;
    }
    let mut b = article.clone();
    b.entities.push(e);
    if let Some(at) = at {
        b.mentions.remove(at);
    }
    insert_sorted(&mut b.mentions, to.clone());
    Change::Article { article: a, to: Box::new(b) }
}

/// Puts `m` among `mentions` (sorted by start, then end) in its place.
fn insert_sorted(mentions: &mut Vec<Mention>, m: Mention) {
    let at = mentions.partition_point(|x| (x.span.start, x.span.end) <= (m.span.start, m.span.end));
    mentions.insert(at, m);
}

/// Accepts `suggestions` (see [`crate::gazetteer::suggest`]): each becomes a mention of its
/// entity, one change per article, the entity defined where the article did not define it.
pub fn accept_suggestions(corpus: &Corpus, suggestions: &[crate::gazetteer::Suggestion]) -> Result<Change, Refused> {
    let mut by_article: BTreeMap<usize, Vec<&crate::gazetteer::Suggestion>> = BTreeMap::new();
    for s in suggestions {
        by_article.entry(s.article).or_default().push(s);
    }
    let mut changes = Vec::new();
    for (a, found) in by_article {
        let Some(article) = corpus.articles.get(a) else { return refuse(format!("no article #{a}")) };
        let mut b = article.clone();
        for s in found {
            let m = Mention::new(s.entity, s.span);
            check_mention(corpus, article, &m)?;
            if !b.mentions.contains(&m) {
                insert_sorted(&mut b.mentions, m);
            }
            if !b.entities.contains(&s.entity) {
                b.entities.push(s.entity);
            }
        }
        changes.push(Change::Article { article: a, to: Box::new(b) });
    }
    Ok(Change::All(changes))
}

/// A new entity for `corpus`: named `name`, of type `kind`, with an id of its own made from
/// the name, and a KB id if one is written (as [`set_kb_from`] reads it).
pub fn new_entity(corpus: &Corpus, name: &str, kind: &str, kb: &str) -> Result<Entity, Refused> {
    let slug: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let mut entity = Entity {
        id: corpus.free_entity_id(&slug),
        name: name.trim().to_string(),
        kind: kind.trim().to_string(),
        aliases: Vec::new(),
        description: None,
        links: BTreeMap::new(),
    };
    check_entity(&entity)?;
    if let KbWritten::Set(kb, id) = read_kb(kb)? {
        entity.links.insert(kb, id);
    }
    Ok(entity)
}

/// Adds `entity` (a new one, see [`new_entity`]) with a mention of it over `span` in article
/// `a`, in place of mention `replacing` when given (a mention re-linked to a new entity).
pub fn annotate_new(
    corpus: &Corpus,
    a: usize,
    span: Span,
    entity: Entity,
    replacing: Option<usize>,
) -> Result<Change, Refused> {
    let Some(article) = corpus.articles.get(a) else { return refuse(format!("no article #{a}")) };
    let ix = corpus.entities.len();
    let mut b = article.clone();
    if let Some(m) = replacing {
        if m >= b.mentions.len() {
            return refuse(format!("no mention #{m} in article #{a}"));
        }
        b.mentions.remove(m);
    }
    b.entities.push(ix);
    insert_sorted(&mut b.mentions, Mention::new(ix, span));
    Ok(Change::All(vec![Change::NewEntity(Box::new(entity)), Change::Article { article: a, to: Box::new(b) }]))
}

/// Splits off entity `e`'s mentions in article `a` as a new entity, like `e` but with an id of
/// its own: the article's mentions, relations and events of `e` become the new one's.
pub fn split(corpus: &Corpus, e: usize, a: usize) -> Result<Change, Refused> {
    let (Some(entity), Some(article)) = (corpus.entities.get(e), corpus.articles.get(a)) else {
        return refuse("no such entity or article");
    };
    if !article.mentions.iter().any(|m| m.entity == e) {
        return refuse("the article does not mention it");
    }
    let mentioned_elsewhere =
        corpus.articles.iter().enumerate().any(|(i, x)| i != a && x.mentions.iter().any(|m| m.entity == e));
    if !mentioned_elsewhere {
        return refuse("no other article mentions it: there is nothing to split it from");
    }
    let ix = corpus.entities.len();
    let mut new = entity.clone();
    new.id = corpus.free_entity_id(&entity.id);
    let mut b = article.clone();
    b.map_entities(|x| if x == e { ix } else { x });
    b.entities.retain(|&x| x != e);
    b.entities.push(ix);
    Ok(Change::All(vec![Change::NewEntity(Box::new(new)), Change::Article { article: a, to: Box::new(b) }]))
}

/// Sets the note of article `a` on `span` to `text`: a new note, the note there changed, or
/// (with `text` empty) taken away.
pub fn set_note(corpus: &Corpus, a: usize, span: Span, text: &str) -> Result<Change, Refused> {
    let Some(article) = corpus.articles.get(a) else { return refuse(format!("no article #{a}")) };
    let chars = article.text.chars().count();
    if span.start >= span.end || span.end > chars {
        return refuse(format!("the passage {}..{} is not inside the text ({chars} chars)", span.start, span.end));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return refuse("a note cannot hold control characters");
    }
    let mut b = article.clone();
    let at = b.notes.iter().position(|n| n.span == span);
    match (at, text.trim().is_empty()) {
        (Some(i), true) => {
            b.notes.remove(i);
        }
        (Some(i), false) => b.notes[i].text = text.trim().to_string(),
        (None, false) => {
            let at = b.notes.partition_point(|n| (n.span.start, n.span.end) <= (span.start, span.end));
            b.notes.insert(at, crate::model::Note { span, text: text.trim().to_string() });
        }
        (None, true) => return refuse("an empty note: write something, or take a note away by emptying it"),
    }
    if b == *article {
        return refuse("the note says that already");
    }
    Ok(Change::Article { article: a, to: Box::new(b) })
}

/// Removes mention `m` (its index in the article's mentions) of article `a`.
pub fn remove_mention(corpus: &Corpus, a: usize, m: usize) -> Result<Change, Refused> {
    let mention = mention_at(corpus, a, m)?;
    Ok(Change::Mention { article: a, from: Some(mention), to: None })
}

/// Makes mention `m` of article `a` one of entity `e`.
pub fn relink(corpus: &Corpus, a: usize, m: usize, e: usize) -> Result<Change, Refused> {
    let mention = mention_at(corpus, a, m)?;
    let to = Mention::with(e, mention.span, mention.fragments().to_vec(), mention.attributes().to_vec());
    Ok(defining(corpus, a, e, Change::Mention { article: a, from: Some(mention), to: Some(to) }))
}

/// Gives mention `m` of article `a` the span `span` (a discontinuous mention becomes one
/// piece).
pub fn resize(corpus: &Corpus, a: usize, m: usize, span: Span) -> Result<Change, Refused> {
    let mention = mention_at(corpus, a, m)?;
    let to = Mention::with(mention.entity, span, Vec::new(), mention.attributes().to_vec());
    Ok(Change::Mention { article: a, from: Some(mention), to: Some(to) })
}

fn mention_at(corpus: &Corpus, a: usize, m: usize) -> Result<Mention, Refused> {
    match corpus.articles.get(a).and_then(|x| x.mentions.get(m)) {
        Some(mention) => Ok(mention.clone()),
        None => refuse(format!("no mention #{m} in article #{a}")),
    }
}

/// The edits of a session: what was done (to undo), what was undone (to redo), and what each
/// changed article and entity was when last saved, so that an edit undone needs no saving.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// The articles touched since the last save, as they were then.
    pristine: BTreeMap<usize, Article>,
    /// The entities touched since the last save, as they were then.
    pristine_entities: BTreeMap<usize, Entity>,
    /// The articles the last change, undo or redo touched.
    last: BTreeSet<usize>,
    /// What the files held before this session's saves, to give back byte for byte.
    originals: save::Originals,
}

impl History {
    /// Makes `change`, remembering how to undo it.
    pub fn make(&mut self, corpus: &mut Corpus, change: Change) -> Result<(), Refused> {
        self.remember(corpus, &change);
        let inverse = change.apply(corpus)?;
        self.undo.push(inverse);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last change; false if there is none.
    pub fn undo(&mut self, corpus: &mut Corpus) -> bool {
        self.step(corpus, true)
    }

    /// Makes the last undone change again; false if there is none.
    pub fn redo(&mut self, corpus: &mut Corpus) -> bool {
        self.step(corpus, false)
    }

    fn step(&mut self, corpus: &mut Corpus, back: bool) -> bool {
        let Some(change) = (if back { self.undo.pop() } else { self.redo.pop() }) else { return false };
        self.remember(corpus, &change);
        let inverse = change.apply(corpus).expect("an undone or redone change applies");
        if back {
            self.redo.push(inverse)
        } else {
            self.undo.push(inverse)
        }
        true
    }

    /// Keeps what `change` touches as it is now, if not kept since the last save.
    fn remember(&mut self, corpus: &Corpus, change: &Change) {
        self.last = change.touches(corpus);
        for &a in &self.last {
            self.pristine.entry(a).or_insert_with(|| corpus.articles[a].clone());
            self.originals
                .canonical
                .entry(a)
                .or_insert_with(|| crate::formats::newslens::article_line(corpus, &corpus.articles[a]));
        }
        let mut entities = Vec::new();
        change.entities(&mut entities);
        for e in entities {
            if let Some(entity) = corpus.entities.get(e) {
                self.pristine_entities.entry(e).or_insert_with(|| entity.clone());
            }
        }
    }

    /// The articles that differ from what was last saved: changed themselves, or using an
    /// entity that changed.
    pub fn unsaved(&self, corpus: &Corpus) -> BTreeSet<usize> {
        let changed: Vec<usize> = self
            .pristine_entities
            .iter()
            .filter(|(e, was)| corpus.entities.get(**e) != Some(*was))
            .map(|(e, _)| *e)
            .collect();
        self.pristine
            .iter()
            .filter(|(a, was)| {
                let now = &corpus.articles[**a];
                now != *was || changed.iter().any(|&e| uses(now, e) || uses(was, e))
            })
            .map(|(a, _)| *a)
            .collect()
    }

    /// The entities that differ from what was last saved (name, type, aliases, KB ids).
    pub fn edited_entities(&self, corpus: &Corpus) -> BTreeSet<usize> {
        self.pristine_entities
            .iter()
            .filter(|(e, was)| corpus.entities.get(**e) != Some(*was))
            .map(|(e, _)| *e)
            .collect()
    }

    /// The entities whose name or aliases differ from what was last saved.
    pub fn renamed(&self, corpus: &Corpus) -> BTreeSet<usize> {
        self.pristine_entities
            .iter()
            .filter(|(e, was)| {
                corpus.entities.get(**e).is_some_and(|now| now.name != was.name || now.aliases != was.aliases)
            })
            .map(|(e, _)| *e)
            .collect()
    }

    /// The passages of article `a` whose mentions or notes differ from what was last saved
    /// (where the text pane marks unsaved edits), by start.
    pub fn changed_spans(&self, corpus: &Corpus, a: usize) -> Vec<Span> {
        let (Some(was), Some(now)) = (self.pristine.get(&a), corpus.articles.get(a)) else { return Vec::new() };
        let mut out: Vec<Span> = Vec::new();
        // What is in one and not in the other changed.
        let mentions = |x: &Article| {
            x.mentions.iter().map(|m| (m.span, m.entity, m.fragments().to_vec())).collect::<BTreeSet<_>>()
        };
        out.extend(mentions(was).symmetric_difference(&mentions(now)).map(|(s, _, _)| *s));
        let notes = |x: &Article| x.notes.iter().map(|n| (n.span, n.text.clone())).collect::<BTreeSet<_>>();
        out.extend(notes(was).symmetric_difference(&notes(now)).map(|(s, _)| *s));
        out.sort_by_key(|s| (s.start, s.end));
        out.dedup();
        out
    }

    /// The articles the last change, undo or redo touched (what a journal records).
    pub fn last_touched(&self) -> &BTreeSet<usize> {
        &self.last
    }

    /// The change the next undo (`true`) or redo makes, if there is one.
    pub fn next(&self, undo: bool) -> Option<&Change> {
        if undo { self.undo.last() } else { self.redo.last() }
    }

    /// Whether there is anything to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is anything to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Takes `articles` as saved (their files hold them as they are now); the entities stay
    /// edited while an article not saved uses them.
    pub fn saved_some(&mut self, articles: &BTreeSet<usize>) {
        self.pristine.retain(|a, _| !articles.contains(a));
        if self.pristine.is_empty() {
            self.pristine_entities.clear();
        }
    }

    /// Saves every article that differs from its file (see [`save::save`]) and takes what was
    /// saved as what the files now hold; says what was saved and what was not.
    pub fn save(&mut self, corpus: &mut Corpus) -> (Vec<save::Saved>, Vec<save::NotSaved>) {
        let (unsaved, renamed) = (self.unsaved(corpus), self.renamed(corpus));
        let (saved, not) = save::save(corpus, &unsaved, &renamed, &mut self.originals);
        if not.is_empty() {
            self.saved();
        } else {
            let files: BTreeSet<&str> = saved.iter().map(|s| s.file.as_str()).collect();
            let done = unsaved
                .into_iter()
                .filter(|&a| corpus.articles[a].read_from.as_deref().is_some_and(|f| files.contains(f)));
            self.saved_some(&done.collect());
        }
        (saved, not)
    }

    /// What the files held before this session's saves (for [`save::save`]).
    pub fn originals(&mut self) -> &mut save::Originals {
        &mut self.originals
    }

    /// Takes everything as saved: what is now is what the files hold.
    pub fn saved(&mut self) {
        self.pristine.clear();
        self.pristine_entities.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        crate::example::load_example().corpus
    }

    #[test]
    fn a_change_gives_back_its_inverse_and_a_refused_one_changes_nothing() {
        let mut c = corpus();
        let before = c.clone();
        let e = c.entity_index("huawei").unwrap();
        let undo = rename(&c, e, "Huawei Technologies").unwrap().apply(&mut c).unwrap();
        assert_eq!(c.entities[e].name, "Huawei Technologies");
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
        assert!(rename(&c, e, "  ").is_err());
        let chars = c.articles[0].text.chars().count();
        let bad = Change::All(vec![
            retype(&c, e, "COMPANY").unwrap(),
            add_mention(&c, 0, e, Span { start: chars - 1, end: chars + 1 }),
        ]);
        assert!(bad.apply(&mut c).unwrap_err().0.contains("not inside the text"));
        assert_eq!(c, before, "the retype before the refused part was taken back");
    }

    #[test]
    fn merging_moves_every_mention_and_takes_the_names() {
        let mut c = corpus();
        let (from, into) = (c.entity_index("nvidia").unwrap(), c.entity_index("apple").unwrap());
        let mentions =
            |c: &Corpus, e: usize| c.articles.iter().flat_map(|a| &a.mentions).filter(|m| m.entity == e).count();
        let (n, m) = (mentions(&c, from), mentions(&c, into));
        assert!(n > 0);
        let before = c.clone();
        let mut history = History::default();
        let change = merge(&c, from, into).unwrap();
        history.make(&mut c, change).unwrap();
        assert_eq!(mentions(&c, from), 0);
        assert_eq!(mentions(&c, into), n + m);
        assert!(c.entities[into].aliases.contains(&before.entities[from].name));
        assert!(c.articles.iter().all(|a| !a.entities.contains(&from)));
        assert!(history.undo(&mut c));
        assert_eq!(c, before);
        assert!(history.redo(&mut c));
        assert_eq!(mentions(&c, into), n + m);
    }

    #[test]
    fn a_new_entity_comes_with_its_mention_and_goes_with_its_undo() {
        let mut c = corpus();
        let before = c.clone();
        let e = new_entity(&c, "Kirin 9000S", "PRODUCT", "Q123").unwrap();
        assert_eq!((e.id.as_str(), e.links["wikidata"].as_str()), ("kirin-9000s", "Q123"));
        assert!(new_entity(&c, "Huawei", "ORG", "").unwrap().id != "huawei", "a taken id is not reused");
        assert!(new_entity(&c, "X", "ORG", "nonsense").is_err());
        let mut history = History::default();
        let change = annotate_new(&c, 0, Span { start: 0, end: 6 }, e, None).unwrap();
        history.make(&mut c, change).unwrap();
        let ix = c.entity_index("kirin-9000s").unwrap();
        assert!(c.articles[0].entities.contains(&ix));
        assert_eq!(history.changed_spans(&c, 0), [Span { start: 0, end: 6 }]);
        assert!(history.undo(&mut c));
        assert_eq!(c, before, "the entity went with the mention");
        assert!(history.redo(&mut c));
        assert!(Change::DropEntity(ix).apply(&mut c).is_err(), "an entity still mentioned stays");
    }

    #[test]
    fn a_split_takes_one_articles_mentions_and_a_note_is_set_changed_and_taken_away() {
        let mut c = corpus();
        let mut second = c.articles[0].clone();
        second.id = "copy".into();
        c.articles.push(second);
        let huawei = c.entity_index("huawei").unwrap();
        let before = c.clone();
        let undo = split(&c, huawei, 1).unwrap().apply(&mut c).unwrap();
        let new = c.entities.len() - 1;
        assert_eq!(c.entities[new].name, "Huawei");
        assert!(c.articles[1].mentions.iter().all(|m| m.entity != huawei));
        assert!(c.articles[1].mentions.iter().any(|m| m.entity == new));
        assert!(c.articles[0].mentions.iter().any(|m| m.entity == huawei), "the other article keeps it");
        undo.apply(&mut c).unwrap();
        assert_eq!(c, before);
        c.articles.pop();
        assert!(split(&c, huawei, 0).is_err(), "one article only: nothing to split from");

        let span = Span { start: 3, end: 9 };
        let n = c.articles[0].notes.len();
        set_note(&c, 0, span, "tjek").unwrap().apply(&mut c).unwrap();
        assert_eq!(c.articles[0].notes.len(), n + 1);
        set_note(&c, 0, span, "tjekket").unwrap().apply(&mut c).unwrap();
        assert!(c.articles[0].notes.iter().any(|x| x.span == span && x.text == "tjekket"));
        assert!(set_note(&c, 0, span, "tjekket").is_err(), "no change");
        set_note(&c, 0, span, " ").unwrap().apply(&mut c).unwrap();
        assert_eq!(c.articles[0].notes.len(), n);
        assert!(set_note(&c, 0, Span { start: 5, end: 5 }, "x").is_err());
    }

    #[test]
    fn mentions_stay_sorted_and_twins_are_refused() {
        let mut c = corpus();
        let first = c.articles[0].mentions[0].clone();
        let twin = Change::Mention { article: 0, from: None, to: Some(first.clone()) };
        assert!(twin.apply(&mut c).unwrap_err().0.contains("already"));
        // Another entity over the first mention's span, and one over the text's last chars.
        let other = (first.entity + 1) % c.entities.len();
        let chars = c.articles[0].text.chars().count();
        for span in [first.span, Span { start: chars - 2, end: chars }, Span { start: 0, end: 1 }] {
            add_mention(&c, 0, other, span).apply(&mut c).unwrap();
        }
        let spans: Vec<(usize, usize)> = c.articles[0].mentions.iter().map(|m| (m.span.start, m.span.end)).collect();
        assert!(spans.windows(2).all(|w| w[0] <= w[1]), "{spans:?}");
        assert!(add_mention(&c, 0, other, Span { start: 3, end: 3 }).apply(&mut c).is_err(), "an empty span");
    }
}
