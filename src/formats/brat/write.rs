//! brat standoff: one `.txt` and one `.ann` per article. Mentions become `T` lines
//! (discontinuous ones with `;`), entity links `N` lines (an entity without links gets a
//! `newslens:ID` reference where reading the files back would not join it by type and name
//! anyway, so entities stay together), attributes
//! `A` lines, relations `R` lines between the mentions they link (or each entity's first),
//! events with a type and a trigger `E` lines (the trigger a `T` of the event's type, with
//! their arguments, attributes and notes), and notes that cover exactly one mention, or belong
//! to a relation or an event, `#` AnnotatorNotes. brat has no dates: other events are not
//! written, and the dates of those that are, are said to be lost.

use std::collections::HashMap;

use crate::link::escape_reference;
use crate::link::name_key;
use std::fmt::Write as _;

use crate::export::Output;
use crate::model::{Article, AttrValue, Corpus, Filler, Span};

/// Every article as a `.txt`/`.ann` pair, and what could not be written.
pub fn export(corpus: &Corpus) -> (Output<'_>, Vec<String>) {
    let mut files = Vec::new();
    let mut skipped_notes = 0;
    let mut warnings = Vec::new();
    let written = |e: &crate::model::Event| e.detail.is_some() && !e.anchors.is_empty();
    let events: Vec<&crate::model::Event> = corpus.articles.iter().flat_map(|a| &a.events).collect();
    let unwritten = events.iter().filter(|e| !written(e)).count() + corpus.events.len();
    let dates = events.iter().filter(|e| written(e) && e.date.is_some()).count();
    let names = file_names(corpus, &mut warnings);
    for (a, name) in corpus.articles.iter().zip(names) {
        let (ann, notes) = ann(corpus, a);
        skipped_notes += notes;
        files.push((format!("{name}.txt"), a.text.clone()));
        files.push((format!("{name}.ann"), ann));
    }
    if skipped_notes > 0 {
        warnings.push(format!(
            "{skipped_notes} notes not written: brat notes belong to one annotation, and these cover other passages"
        ));
    }
    if unwritten > 0 {
        warnings.push(format!(
            "{unwritten} event{} not written: brat events need a type and a trigger in the text, and brat has no dates (export --to timelinejs keeps them)",
            if unwritten == 1 { "" } else { "s" }
        ));
    }
    if dates > 0 {
        warnings
            .push(format!("{dates} event date{} not written: brat has no dates", if dates == 1 { "" } else { "s" }));
    }
    (Output::Dir(files), warnings)
}

/// The longest file name written, in bytes (systems allow 255; `.ann` and a suffix need room).
const NAME_MAX: usize = 200;

/// A file name (without extension) for every article: safe, not too long, and different for
/// different articles (`a b`, `a_b` and `a:b` would all be `a_b`): later ones get `~2`, `~3`.
/// What had to change is said in `warnings`.
fn file_names(corpus: &Corpus, warnings: &mut Vec<String>) -> Vec<String> {
    let mut used = std::collections::HashSet::new();
    let (mut renamed, mut shortened) = (Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(corpus.articles.len());
    for a in &corpus.articles {
        let mut base = file_name(&a.id);
        if base.split('/').any(|part| part.len() > NAME_MAX) {
            base = base
                .split('/')
                .map(|part| {
                    let mut end = part.len().min(NAME_MAX);
                    while !part.is_char_boundary(end) {
                        end -= 1;
                    }
                    part[..end].to_string()
                })
                .collect::<Vec<_>>()
                .join("/");
            shortened.push(a.id.clone());
        }
        let mut name = base.clone();
        let mut k = 1;
        while !used.insert(name.to_lowercase()) {
            k += 1;
            name = format!("{base}~{k}");
        }
        if k > 1 {
            renamed.push(format!("{} as {name}", a.id));
        }
        out.push(name);
    }
    let list = |v: &[String]| {
        let shown: Vec<String> = v.iter().take(5).map(|s| format!("{s:?}")).collect();
        let more = if v.len() > 5 { format!(" and {} more", v.len() - 5) } else { String::new() };
        format!("{}{more}", shown.join(", "))
    };
    if !renamed.is_empty() {
        let n = renamed.len();
        let what = if n == 1 { "article's id makes" } else { "articles' ids make" };
        warnings.push(format!("{n} {what} the same file name as another; written with a suffix: {}", list(&renamed)));
    }
    if !shortened.is_empty() {
        let n = shortened.len();
        let what = if n == 1 { "article id" } else { "article ids" };
        warnings.push(format!("{n} {what} too long for a file name; shortened: {}", list(&shortened)));
    }
    out
}

/// A safe relative path for an article id: path parts kept, other characters replaced.
pub fn file_name(id: &str) -> String {
    let parts: Vec<String> = id
        .split('/')
        .map(|p| {
            let clean: String =
                p.chars().map(|c| if c.is_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect();
            if clean.is_empty() || clean.chars().all(|c| c == '.') { "_".to_string() } else { clean }
        })
        .collect();
    parts.join("/")
}

/// A `T` line's text field: it cannot hold tabs or line breaks (readers compare it with them
/// as spaces).
fn flat(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// brat types and attribute values cannot hold spaces.
fn token(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The `.ann` of one article, and how many notes it could not hold.
fn ann(corpus: &Corpus, a: &Article) -> (String, usize) {
    let mut w = Ann::new(corpus, a);
    let groups = w.mentions();
    w.equivalences(groups);
    w.relations();
    w.events();
    let skipped = w.notes();
    (w.out, skipped)
}

/// One article's `.ann` being written: the lines so far, the numbering of each kind, and
/// which `T` each mention became (what relations, arguments and notes name).
struct Ann<'c> {
    corpus: &'c Corpus,
    a: &'c Article,
    chars: Vec<char>,
    out: String,
    n_norm: usize,
    n_attr: usize,
    n_note: usize,
    /// The first T of each entity.
    first_t: HashMap<usize, usize>,
    /// The first T of each extent (notes are on passages).
    t_of_extent: HashMap<Span, usize>,
    /// The T of a mention, by its extent and entity.
    t_of: HashMap<(Span, usize), usize>,
}

/// Per entity linked by name: the T found by its name, and the Ts spelt otherwise (a `*` line
/// joins them).
type Groups = HashMap<usize, (Option<usize>, Vec<usize>)>;

impl<'c> Ann<'c> {
    fn new(corpus: &'c Corpus, a: &'c Article) -> Ann<'c> {
        Ann {
            corpus,
            a,
            chars: a.text.chars().collect(),
            out: String::new(),
            n_norm: 0,
            n_attr: 0,
            n_note: 0,
            first_t: HashMap::new(),
            t_of_extent: HashMap::new(),
            t_of: HashMap::new(),
        }
    }

    /// A `T` line for each mention, with its `N` references and `A` attributes.
    fn mentions(&mut self) -> Groups {
        let (corpus, a) = (self.corpus, self.a);
        // Entities linked by name (imported ones): their id is the type and folded name of one
        // of their mentions. Their mentions written otherwise join them through a `*` line.
        let mut name_keyed: HashMap<usize, bool> = HashMap::new();
        let offsets = a.mention_offsets();
        for m in &a.mentions {
            let e = &corpus.entities[m.entity];
            let keyed = name_keyed.entry(m.entity).or_insert(false);
            *keyed |= e.links.is_empty() && name_key(&token(&e.kind), &a.covered(&offsets, m)) == e.id;
        }
        let mut groups = Groups::new();
        for (i, m) in a.mentions.iter().enumerate() {
            let t = i + 1;
            let e = &corpus.entities[m.entity];
            // brat annotations do not cross line breaks: split pieces at them.
            let pieces: Vec<Span> = m.pieces().iter().flat_map(|p| split_at_newlines(&self.chars, *p)).collect();
            let text = self.text_bound(t, &token(&e.kind), &pieces);
            self.first_t.entry(m.entity).or_insert(t);
            self.t_of_extent.entry(m.span).or_insert(t);
            self.t_of.entry((m.span, m.entity)).or_insert(t);
            // How reading the files back finds this mention's entity: by its KB ids; for an
            // entity linked by name, by type and name (a `*` line joins other spellings); for
            // an id of newslens's own, by a `newslens:ID` reference.
            let natural = name_key(&token(&e.kind), &text);
            let references: Vec<String> = if !e.links.is_empty() {
                e.links.iter().map(|(kb, id)| format!("{}:{}", kb_name(kb), token(id))).collect()
            } else if name_keyed[&m.entity] {
                // One mention found by name anchors the others.
                let (anchor, others) = groups.entry(m.entity).or_default();
                if natural != e.id {
                    others.push(t);
                } else if anchor.is_none() {
                    *anchor = Some(t);
                }
                Vec::new()
            } else {
                vec![format!("newslens:{}", escape_reference(&e.id))]
            };
            for r in references {
                self.n_norm += 1;
                let _ =
                    writeln!(self.out, "N{}\tReference T{t} {r}\t{}", self.n_norm, e.name.replace(['\t', '\n'], " "));
            }
            for (name, value) in m.attributes() {
                self.attribute(&format!("T{t}"), name, value);
            }
        }
        groups
    }

    /// Writes `T{t}` of type `kind` over `pieces`; returns the text it covers.
    fn text_bound(&mut self, t: usize, kind: &str, pieces: &[Span]) -> String {
        let ranges: Vec<String> = pieces.iter().map(|p| format!("{} {}", p.start, p.end)).collect();
        let text: Vec<String> = pieces.iter().map(|p| self.chars[p.start..p.end].iter().collect()).collect();
        let text = text.join(" ");
        let _ = writeln!(self.out, "T{t}\t{kind} {}\t{}", ranges.join(";"), flat(&text));
        text
    }

    /// An `A` line: a flag is brat's binary attribute, anything else a valued one.
    fn attribute(&mut self, target: &str, name: &str, value: &AttrValue) {
        self.n_attr += 1;
        let n = self.n_attr;
        let _ = match value {
            AttrValue::Bool(true) => writeln!(self.out, "A{n}\t{} {target}", token(name)),
            other => writeln!(self.out, "A{n}\t{} {target} {}", token(name), token(&other.to_string())),
        };
    }

    /// A `#` line: a note on `target`.
    fn note(&mut self, target: &str, text: &str) {
        self.n_note += 1;
        let (kind, text) = note_kind(text);
        let _ = writeln!(self.out, "#{}\t{kind} {target}\t{}", self.n_note, text.replace(['\t', '\n'], " "));
    }

    /// `*` lines joining the spellings of entities linked by name.
    fn equivalences(&mut self, groups: Groups) {
        let mut equivalences: Vec<Vec<usize>> = groups
            .into_values()
            .filter_map(|(anchor, others)| (!others.is_empty()).then(|| anchor.into_iter().chain(others).collect()))
            .collect();
        equivalences.sort();
        for g in equivalences {
            let ts: Vec<String> = g.iter().map(|t| format!("T{t}")).collect();
            let _ = writeln!(self.out, "*\tAlias {}", ts.join(" "));
        }
    }

    /// `R` lines on the mentions each relation links (where known; else each entity's first),
    /// with their notes.
    fn relations(&mut self) {
        for (k, r) in self.a.relations.iter().enumerate() {
            let ends = match r.spans {
                Some((fs, ts)) => (self.t_of.get(&(fs, r.from)), self.t_of.get(&(ts, r.to))),
                None => (self.first_t.get(&r.from), self.first_t.get(&r.to)),
            };
            if let (Some(&f), Some(&t)) = ends {
                let _ = writeln!(self.out, "R{}\t{} Arg1:T{f} Arg2:T{t}", k + 1, token(&r.kind));
                for text in &r.notes {
                    self.note(&format!("R{}", k + 1), text);
                }
            }
        }
    }

    /// Events with a type and a trigger: a `T` for the trigger, an `E` with its arguments, its
    /// attributes and notes. They are numbered first, since an argument may be a later event.
    fn events(&mut self) {
        let a = self.a;
        let writable = |e: &&crate::model::Event| e.detail.is_some() && !e.anchors.is_empty();
        let e_of: HashMap<&str, usize> =
            a.events.iter().filter(writable).enumerate().map(|(k, e)| (e.id.as_str(), k + 1)).collect();
        let mut next_t = a.mentions.len();
        for e in a.events.iter().filter(writable) {
            let Some(detail) = &e.detail else { continue };
            let n_event = e_of[e.id.as_str()];
            next_t += 1;
            let trigger = next_t;
            self.text_bound(trigger, &token(&detail.kind), &e.anchors);
            let mut line = format!("E{n_event}\t{}:T{trigger}", token(&detail.kind));
            for arg in &detail.arguments {
                let target = match &arg.filler {
                    Filler::Mention { entity, span } => self.t_of.get(&(*span, *entity)).map(|t| format!("T{t}")),
                    Filler::Event(id) => e_of.get(id.as_str()).map(|k| format!("E{k}")),
                };
                if let Some(target) = target {
                    let _ = write!(line, " {}:{target}", token(&arg.role));
                }
            }
            let _ = writeln!(self.out, "{line}");
            for (name, value) in &detail.attributes {
                self.attribute(&format!("E{n_event}"), name, value);
            }
            for text in &detail.notes {
                self.note(&format!("E{n_event}"), text);
            }
        }
    }

    /// `#` lines for the article's notes on passages that are a mention's; returns how many
    /// notes had no mention to hang on.
    fn notes(&mut self) -> usize {
        let mut skipped = 0;
        for n in &self.a.notes {
            match self.t_of_extent.get(&n.span).copied() {
                Some(t) => self.note(&format!("T{t}"), &n.text),
                None => skipped += 1,
            }
        }
        skipped
    }
}

/// brat's usual spelling of a knowledge base: `Wikidata`, not `wikidata`.
pub fn kb_name(kb: &str) -> String {
    let mut c = kb.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn split_at_newlines(chars: &[char], s: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = s.start;
    for (i, &c) in chars.iter().enumerate().take(s.end).skip(s.start) {
        if c == '\n' || c == '\r' {
            if i > start {
                out.push(Span { start, end: i });
            }
            start = i + 1;
        }
    }
    if s.end > start {
        out.push(Span { start, end: s.end });
    }
    if out.is_empty() { vec![s] } else { out }
}

/// A note's brat type and text: the reader keeps a note of another type than `AnnotatorNotes`
/// (`#1<TAB>Lemma T1<TAB>Halonen`) as `Lemma: Halonen`, which is written back as it was.
fn note_kind(text: &str) -> (&str, &str) {
    match text.split_once(": ") {
        Some((kind, rest))
            if kind.starts_with(|c: char| c.is_ascii_uppercase())
                && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            (kind, rest)
        }
        _ => ("AnnotatorNotes", text),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_note_of_its_own_type_keeps_it() {
        assert_eq!(super::note_kind("Lemma: Halonen"), ("Lemma", "Halonen"));
        assert_eq!(super::note_kind("see: page 2"), ("AnnotatorNotes", "see: page 2"));
        assert_eq!(super::note_kind("Two words: x"), ("AnnotatorNotes", "Two words: x"));
    }
}
