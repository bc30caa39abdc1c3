//! brat standoff: a `.ann` file beside its `.txt`. Offsets are code points, end exclusive.
//!
//! `T` text-bound annotations (also discontinuous, `0 5;10 15`) become mentions; `N`
//! normalizations (`Wikidata:Q1726`) become links and decide identity; `*` equivalences merge
//! entities; `A`/`M` attributes stay on the mention; `#` notes become notes on the passage; `R`
//! relations relate entities; `E` events become undated events whose trigger is the anchor.
//! `annotation.conf` and `visual.conf` next to the files (or above them) give type names
//! (unknown types are warned about) and colours.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::import::{ArticleBuilder, EntityKey, Imported, Report};
use crate::model::{Argument, AttrValue, Event, EventDetail, Filler, Span};

/// One `T` line.
#[derive(Debug, Clone)]
struct TextBound {
    kind: String,
    pieces: Vec<Span>,
}

/// What a line of a `.ann` file says, by kind (its id and line number are kept beside it).
enum Line<'a> {
    /// `T1<TAB>TYPE START END[;START END]…<TAB>text`: a mention.
    TextBound(TextBound),
    /// `N1<TAB>Reference T1 KB:ID<TAB>name`: T1's entity is KB:ID.
    Normalization { target: &'a str, reference: &'a str },
    /// `*<TAB>Alias T1 T2 …`: these are one entity.
    Equivalence(Vec<&'a str>),
    /// `A1<TAB>Name T1 [value]` (or `M`): an attribute of a mention or an event.
    Attribute { target: &'a str, name: &'a str, value: AttrValue },
    /// `#1<TAB>AnnotatorNotes T1<TAB>text`: a note on an annotation.
    Note { kind: &'a str, target: &'a str, text: &'a str },
    /// `R1<TAB>Type Arg1:T1 Arg2:T2`: a relation between two mentions.
    Relation { kind: &'a str, from: &'a str, to: &'a str },
    /// `E1<TAB>Type:T1 Role:T2 …`: an event, its trigger and its arguments.
    Event { kind: &'a str, trigger: &'a str, args: Vec<(&'a str, &'a str)> },
}

/// An `E` line's type, trigger and (role, argument) pairs.
struct EventLine<'a> {
    kind: &'a str,
    trigger: &'a str,
    args: Vec<(&'a str, &'a str)>,
}

/// A line's content with where it is: its number and the annotation's id.
struct At<'a, T> {
    n: usize,
    id: &'a str,
    item: T,
}

/// Every annotation of a file, by kind, in file order.
#[derive(Default)]
struct Lines<'a> {
    /// `T` annotations by id, and their ids in file order.
    spans: HashMap<&'a str, TextBound>,
    order: Vec<&'a str>,
    /// Normalizations by target: line and reference.
    norms: HashMap<&'a str, (usize, &'a str)>,
    equivs: Vec<At<'a, Vec<&'a str>>>,
    attrs: Vec<At<'a, (&'a str, &'a str, AttrValue)>>,
    notes: Vec<At<'a, (&'a str, &'a str, &'a str)>>,
    relations: Vec<At<'a, (&'a str, &'a str, &'a str)>>,
    events: Vec<At<'a, EventLine<'a>>>,
}

impl<'a> Lines<'a> {
    /// Files `line` (number `n`, id `id`) under its kind.
    fn add(&mut self, n: usize, id: &'a str, line: Line<'a>) {
        match line {
            Line::TextBound(tb) => {
                self.order.push(id);
                self.spans.insert(id, tb);
            }
            Line::Normalization { target, reference } => {
                self.norms.insert(target, (n, reference));
            }
            Line::Equivalence(group) => self.equivs.push(At { n, id, item: group }),
            Line::Attribute { target, name, value } => self.attrs.push(At { n, id, item: (target, name, value) }),
            Line::Note { kind, target, text } => self.notes.push(At { n, id, item: (kind, target, text) }),
            Line::Relation { kind, from, to } => self.relations.push(At { n, id, item: (kind, from, to) }),
            Line::Event { kind, trigger, args } => {
                self.events.push(At { n, id, item: EventLine { kind, trigger, args } })
            }
        }
    }

    /// The ids of `T` annotations that trigger events: anchors, not entities.
    fn triggers(&self) -> HashSet<&'a str> {
        self.events.iter().map(|e| e.item.trigger).collect()
    }
}

/// Reads `ann` (the content of `ann_path`) with the `.txt` beside it; `doc_id` becomes the
/// article id.
pub fn read(ann_path: &Path, ann: &str, doc_id: &str, report: &mut Report) -> Imported {
    let txt_path = ann_path.with_extension("txt");
    let text = match std::fs::read(&txt_path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                report.file_error(format!("{} is not valid UTF-8; save it as UTF-8", txt_path.display()));
                return Imported::default();
            }
        },
        Err(e) => {
            report.file_error(format!(
                "cannot read the text {} that this .ann annotates: {}; brat keeps each .txt beside its .ann",
                txt_path.display(),
                crate::diagnostic::io_reason(&e)
            ));
            return Imported::default();
        }
    };
    let config = Config::find(ann_path.parent().unwrap_or(Path::new(".")));
    let mut imported = parse(ann, text, doc_id, &config, report);
    imported.type_colors = config.colors;
    imported.type_labels = config.labels;
    imported
}

/// Parses `.ann` content against its text: every line read by its kind, then identity, the
/// mentions, and what hangs on them (attributes, notes, relations, events).
fn parse(ann: &str, text: String, doc_id: &str, config: &Config, report: &mut Report) -> Imported {
    // brat has no titles: the file's name is one, and the first line stays the lead.
    let mut b = ArticleBuilder::new(doc_id, doc_id, text);
    let mut lines = Lines::default();
    let mut warned_types = HashSet::new();
    // Each id once per file, as brat itself requires: a second T1 would silently replace the
    // first.
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for (i, raw) in ann.lines().enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let id = line.split('\t').next().unwrap_or("");
        if id != "*"
            && let Some(first) = first_line.insert(id, n)
        {
            first_line.insert(id, first);
            report.error(
                n,
                1,
                format!("duplicate annotation id {id:?} (first on line {first}); brat ids are unique in a file"),
            );
            continue;
        }
        let Some(parsed) = parse_line(&b, n, line, report) else { continue };
        if let Line::TextBound(tb) = &parsed
            && !config.knows(&tb.kind)
            && warned_types.insert(tb.kind.clone())
        {
            report.warning(n, id.chars().count() + 2, format!("type {:?} is not in annotation.conf", tb.kind));
        }
        lines.add(n, id, parsed);
    }
    let keys = entity_keys(&b, &lines, doc_id, report);
    let mentions = mentions(&mut b, &lines, &keys);
    let mut hung = Hung::default();
    attributes(&mut b, &lines, &mentions, &mut hung, report);
    notes(&mut b, &lines, &mut hung, report);
    relations(&mut b, &lines, &mentions, &mut hung, report);
    events(&mut b, &lines, &mentions, &mut hung, doc_id, report);
    let mut imported = Imported::default();
    if report.errors() == 0 {
        imported.articles.push(b.finish());
    }
    imported
}

/// Reads one non-blank line (number `n`); what is wrong with it goes to `report`.
fn parse_line<'a>(b: &ArticleBuilder, n: usize, line: &'a str, report: &mut Report) -> Option<Line<'a>> {
    let fields: Vec<&str> = line.split('\t').collect();
    let id = fields[0];
    let body = fields.get(1).copied().unwrap_or("");
    // Where the second field starts, for messages about it.
    let col = id.chars().count() + 2;
    let parts: Vec<&str> = body.split(' ').collect();
    let mut wrong = |what: &str, form: &str| {
        report.error(n, col, format!("{what} {body:?} is not of the form \"{form}\""));
        None
    };
    match id.chars().next() {
        Some('T') => {
            // A text field with a tab in it (another tool's writing) is still one field.
            let stored = (fields.len() > 2).then(|| fields[2..].join("\t"));
            text_bound(b, (n, col), body, stored.as_deref(), report).map(Line::TextBound)
        }
        // N1<TAB>Reference T1 Wikidata:Q1726<TAB>Munich
        Some('N') => match parts.as_slice() {
            [_, target, reference] => Some(Line::Normalization { target, reference }),
            _ => wrong("normalization", "Reference T1 KB:ID"),
        },
        Some('*') => Some(Line::Equivalence(parts.into_iter().skip(1).collect())),
        Some('A' | 'M') => match parts.as_slice() {
            // A binary attribute is a flag: true.
            [name, target] => Some(Line::Attribute { target, name, value: AttrValue::Bool(true) }),
            [name, target, value] => Some(Line::Attribute { target, name, value: AttrValue::Text(value.to_string()) }),
            _ => wrong("attribute", "Name T1 [value]"),
        },
        Some('#') => match parts.as_slice() {
            [kind, target] => Some(Line::Note { kind, target, text: fields.get(2).copied().unwrap_or("").trim() }),
            _ => wrong("note", "AnnotatorNotes T1"),
        },
        Some('R') => {
            let arg = |p: &&'a str| p.split_once(':').map(|(_, t)| t);
            match parts.as_slice() {
                [kind, a, c] => match (arg(a), arg(c)) {
                    (Some(from), Some(to)) => Some(Line::Relation { kind, from, to }),
                    _ => wrong("relation", "Type Arg1:T1 Arg2:T2"),
                },
                _ => wrong("relation", "Type Arg1:T1 Arg2:T2"),
            }
        }
        Some('E') => {
            let mut words = body.split(' ').filter(|p| !p.is_empty());
            let trigger = words.next().and_then(|t| t.split_once(':'));
            let args: Option<Vec<(&str, &str)>> = words.map(|p| p.split_once(':')).collect();
            match (trigger, args) {
                (Some((kind, trigger)), Some(args)) => Some(Line::Event { kind, trigger, args }),
                _ => wrong("event", "Type:T1 Role:T2 …"),
            }
        }
        _ => {
            report.error(n, 1, format!("unknown annotation id {id:?}; brat ids start with T, N, A, M, R, E, # or *"));
            None
        }
    }
}

/// Identity: a normalization names the entity; otherwise the same type and text within the
/// article is one entity; `*` equivalences then merge whole groups.
fn entity_keys<'a>(
    b: &ArticleBuilder,
    lines: &Lines<'a>,
    doc_id: &str,
    report: &mut Report,
) -> HashMap<&'a str, EntityKey> {
    let mut keys: HashMap<&str, EntityKey> = HashMap::new();
    for &id in &lines.order {
        let tb = &lines.spans[id];
        let key = match lines.norms.get(id) {
            Some((_, reference)) => EntityKey::by_reference(reference),
            None => EntityKey::by_text(doc_id, &tb.kind, &pieces_text(b, &tb.pieces)),
        };
        keys.insert(id, key);
    }
    let mut dangling: Vec<(usize, &str)> =
        lines.norms.iter().filter(|(t, _)| !lines.spans.contains_key(**t)).map(|(t, (n, _))| (*n, *t)).collect();
    dangling.sort_unstable();
    for (n, target) in dangling {
        report.error(n, 1, format!("normalization refers to {target:?}, which is not a T annotation in this file"));
    }
    for group in &lines.equivs {
        let Some(first) = group.item.iter().find_map(|t| keys.get(t).cloned()) else {
            report.error(group.n, 1, "equivalence names no T annotation of this file");
            continue;
        };
        for t in &group.item {
            if let Some(k) = keys.get_mut(t) {
                *k = first.clone();
            }
        }
    }
    keys
}

/// Every `T` annotation that is no event's trigger becomes a mention of its entity: the
/// mention's index by annotation id.
fn mentions<'a>(
    b: &mut ArticleBuilder,
    lines: &Lines<'a>,
    keys: &HashMap<&'a str, EntityKey>,
) -> HashMap<&'a str, usize> {
    let triggers = lines.triggers();
    let mut mention_of = HashMap::new();
    for &id in &lines.order {
        // An event's trigger is its anchor in the text, not an entity.
        if triggers.contains(id) {
            continue;
        }
        let tb = &lines.spans[id];
        let surface = pieces_text(b, &tb.pieces);
        let e = b.entity(keys[id].clone(), &surface, &tb.kind);
        mention_of.insert(id, b.mention(e, &tb.pieces, Vec::new()));
    }
    mention_of
}

/// Attributes and notes of events and relations, which stay with them.
#[derive(Default)]
struct Hung<'a> {
    event_attrs: HashMap<&'a str, Vec<(String, AttrValue)>>,
    event_notes: HashMap<&'a str, Vec<String>>,
    relation_notes: HashMap<&'a str, Vec<String>>,
}

/// `A`/`M` lines: on a mention, or kept for its event.
fn attributes<'a>(
    b: &mut ArticleBuilder,
    lines: &Lines<'a>,
    mention_of: &HashMap<&'a str, usize>,
    hung: &mut Hung<'a>,
    report: &mut Report,
) {
    let event_ids: HashSet<&str> = lines.events.iter().map(|e| e.id).collect();
    for At { n, item: (target, name, value), .. } in &lines.attrs {
        match mention_of.get(target) {
            Some(&m) => b.add_attribute(m, name.to_string(), value.clone()),
            None if event_ids.contains(target) => {
                hung.event_attrs.entry(target).or_default().push((name.to_string(), value.clone()))
            }
            None => report.error(
                *n,
                1,
                format!("attribute refers to {target:?}, which is not a T or E annotation in this file"),
            ),
        }
    }
}

/// `#` lines: a note on a mention's passage, or kept for its event or relation.
fn notes<'a>(b: &mut ArticleBuilder, lines: &Lines<'a>, hung: &mut Hung<'a>, report: &mut Report) {
    let triggers = lines.triggers();
    let event_ids: HashSet<&str> = lines.events.iter().map(|e| e.id).collect();
    let relation_ids: HashSet<&str> = lines.relations.iter().map(|r| r.id).collect();
    for At { n, item: (kind, target, note), .. } in &lines.notes {
        let (n, target) = (*n, *target);
        if note.is_empty() {
            report.warning(n, 1, format!("note on {target} is empty; left out"));
            continue;
        }
        let text = if *kind == "AnnotatorNotes" { note.to_string() } else { format!("{kind}: {note}") };
        match lines.spans.get(target) {
            Some(tb) if !triggers.contains(target) => {
                let extent = Span { start: tb.pieces[0].start, end: tb.pieces[tb.pieces.len() - 1].end };
                b.note(extent, text);
            }
            _ if event_ids.contains(target) => hung.event_notes.entry(target).or_default().push(text),
            _ if relation_ids.contains(target) => hung.relation_notes.entry(target).or_default().push(text),
            _ => report.error(n, 1, format!("note refers to {target:?}, which is not an annotation in this file")),
        }
    }
}

/// `R` lines: relations between the mentions they name, with their notes.
fn relations<'a>(
    b: &mut ArticleBuilder,
    lines: &Lines<'a>,
    mention_of: &HashMap<&'a str, usize>,
    hung: &mut Hung<'a>,
    report: &mut Report,
) {
    for At { n, id, item: (kind, from, to) } in &lines.relations {
        match (mention_of.get(from), mention_of.get(to)) {
            (Some(&f), Some(&t)) => {
                let r = b.relation(kind.to_string(), f, t);
                for note in hung.relation_notes.remove(id).unwrap_or_default() {
                    b.relation_note(r, note);
                }
            }
            _ => report.error(
                *n,
                1,
                format!("relation {kind} refers to {from:?} or {to:?}, which is not a T annotation in this file"),
            ),
        }
    }
}

/// `E` lines: undated events anchored on their trigger, with their arguments (mentions or
/// other events), attributes and notes.
fn events<'a>(
    b: &mut ArticleBuilder,
    lines: &Lines<'a>,
    mention_of: &HashMap<&'a str, usize>,
    hung: &mut Hung<'a>,
    doc_id: &str,
    report: &mut Report,
) {
    let event_ids: HashSet<&str> = lines.events.iter().map(|e| e.id).collect();
    for At { n, id, item: EventLine { kind, trigger, args } } in &lines.events {
        let (n, id) = (*n, *id);
        let Some(tb) = lines.spans.get(trigger) else {
            report.error(n, 1, format!("event {id} has trigger {trigger:?}, which is not a T annotation in this file"));
            continue;
        };
        let mut entities = Vec::new();
        let mut roles = Vec::new();
        let mut arguments = Vec::new();
        for (role, target) in args {
            match (mention_of.get(target), lines.spans.get(target)) {
                (Some(&m), Some(arg)) => {
                    let (e, span) = b.mention_at(m);
                    if !entities.contains(&e) {
                        entities.push(e);
                    }
                    roles.push(format!("{role}: {}", pieces_text(b, &arg.pieces)));
                    arguments.push(Argument { role: role.to_string(), filler: Filler::Mention { entity: e, span } });
                }
                _ if event_ids.contains(target) => {
                    roles.push(format!("{role}: {target}"));
                    arguments
                        .push(Argument { role: role.to_string(), filler: Filler::Event(format!("{doc_id}:{target}")) });
                }
                _ => {
                    report.error(
                        n,
                        1,
                        format!("event {id} has argument {target:?}, which is not a T or E annotation in this file"),
                    );
                }
            }
        }
        let trigger_text = pieces_text(b, &tb.pieces);
        let detail = EventDetail {
            kind: kind.to_string(),
            arguments,
            attributes: hung.event_attrs.remove(id).unwrap_or_default(),
            notes: hung.event_notes.remove(id).unwrap_or_default(),
        };
        b.event(Event {
            // brat ids repeat in every file: an event is known by its document too.
            id: format!("{doc_id}:{id}"),
            date: None,
            end_date: None,
            title: format!("{kind}: {trigger_text}"),
            description: (!roles.is_empty()).then(|| roles.join("; ")),
            entities,
            sources: Vec::new(),
            anchors: tb.pieces.clone(),
            detail: Some(Box::new(detail)),
        });
    }
}

fn pieces_text(b: &ArticleBuilder, pieces: &[Span]) -> String {
    pieces.iter().map(|p| b.slice(*p)).collect::<Vec<_>>().join(" ")
}

/// Parses `TYPE START END[;START END]…` and checks the stored text.
/// `at` is the line, and the column where `body` starts.
fn text_bound(
    b: &ArticleBuilder,
    at: (usize, usize),
    body: &str,
    stored: Option<&str>,
    report: &mut Report,
) -> Option<TextBound> {
    let (kind, ranges) = body.split_once(' ').unwrap_or((body, ""));
    if kind.trim().is_empty() {
        report.error(at.0, at.1, "a text annotation needs a type: \"TYPE START END\"");
        return None;
    }
    let (n, col) = (at.0, at.1 + kind.chars().count() + 1);
    let mut pieces = Vec::new();
    for range in ranges.split(';') {
        let nums: Vec<Option<usize>> = range.split(' ').map(|x| x.parse().ok()).collect();
        let (Some(Some(start)), Some(Some(end)), 2) = (nums.first(), nums.get(1), nums.len()) else {
            report.error(n, col, format!("offsets {ranges:?} are not of the form \"START END\" or \"S1 E1;S2 E2\""));
            return None;
        };
        match b.span(*start, *end) {
            Ok(s) if pieces.last().is_some_and(|p: &Span| p.end > s.start) => {
                report.error(n, col, format!("fragments of {ranges:?} overlap or are out of order"));
                return None;
            }
            Ok(s) => pieces.push(s),
            Err(why) => {
                report.error(n, col, why);
                return None;
            }
        }
    }
    let covered = pieces_text(b, &pieces);
    // The text field cannot hold tabs or line breaks: writers put spaces there.
    let flat = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    if let Some(stored) = stored
        && flat(stored) != flat(&covered)
    {
        report.error(n, col, format!(
            "the .ann says {stored:?} but the text at {ranges} is {covered:?}; the offsets or the .txt are off (offsets count characters)"
        ));
        return None;
    }
    Some(TextBound { kind: kind.to_string(), pieces })
}

/// brat's `annotation.conf` (known types) and `visual.conf` (labels and colours).
#[derive(Debug, Default)]
pub struct Config {
    /// Types declared in annotation.conf; `None` when there is no annotation.conf.
    types: Option<HashSet<String>>,
    /// Colours from visual.conf's `[drawing]` `bgColor`.
    pub colors: BTreeMap<String, (u8, u8, u8)>,
    /// Display names from visual.conf's `[labels]` (`PER | Person | P` → `Person`).
    pub labels: BTreeMap<String, String>,
}

impl Config {
    /// Reads the configuration from `dir` or the nearest parent that has one (as brat does).
    pub fn find(dir: &Path) -> Config {
        let mut config = Config::default();
        let mut here: Option<PathBuf> = Some(dir.to_path_buf());
        let (mut found_annotation, mut found_visual) = (false, false);
        for _ in 0..4 {
            let Some(d) = here else { break };
            if !found_annotation && let Ok(text) = std::fs::read_to_string(d.join("annotation.conf")) {
                config.types = Some(declared_types(&text));
                found_annotation = true;
            }
            if !found_visual && let Ok(text) = std::fs::read_to_string(d.join("visual.conf")) {
                config.colors = colors(&text);
                config.labels = labels(&text);
                found_visual = true;
            }
            here = d.parent().map(Path::to_path_buf);
        }
        config
    }

    fn knows(&self, kind: &str) -> bool {
        self.types.as_ref().is_none_or(|t| t.contains(kind))
    }
}

/// Types of the `[entities]` (or older `[spans]`) and `[events]` sections.
fn declared_types(conf: &str) -> HashSet<String> {
    let mut section = "";
    let mut out = HashSet::new();
    for line in conf.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if !line.is_empty() && !line.starts_with('#') && matches!(section, "[entities]" | "[spans]" | "[events]")
        {
            // Nested types are indented with tabs; the name is the first word: `!Abstract`,
            // `Type|Alias|…` (each name counts) or a `<MACRO>=…` definition (no type).
            let first = line.split(['\t', ' ']).next().unwrap_or("");
            if first.starts_with('<') {
                continue;
            }
            for name in first.split('|').map(|n| n.trim().trim_start_matches('!')).filter(|n| !n.is_empty()) {
                out.insert(name.to_string());
            }
        }
    }
    out
}

/// `TYPE<TAB>bgColor:#ffccaa, …` lines of `[drawing]`.
fn colors(conf: &str) -> BTreeMap<String, (u8, u8, u8)> {
    let mut section = "";
    let mut out = BTreeMap::new();
    for line in conf.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        if section != "[drawing]" || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, settings)) = line.split_once(['\t', ' ']) else { continue };
        for setting in settings.split(',') {
            if let Some(("bgColor", value)) = setting.trim().split_once(':')
                && let Some(rgb) = parse_color(value.trim())
            {
                out.insert(kind.to_string(), rgb);
            }
        }
    }
    out
}

/// `TYPE | Long name | Short` lines of `[labels]`: the long name.
fn labels(conf: &str) -> BTreeMap<String, String> {
    let mut section = "";
    let mut out = BTreeMap::new();
    for line in conf.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
        } else if section == "[labels]" && !line.is_empty() && !line.starts_with('#') {
            let mut parts = line.split('|').map(str::trim);
            if let (Some(kind), Some(long)) = (parts.next(), parts.next())
                && !long.is_empty()
            {
                out.insert(kind.to_string(), long.to_string());
            }
        }
    }
    out
}

/// `#ffccaa`, `#fca` or a CSS colour name brat configurations commonly use.
pub fn parse_color(s: &str) -> Option<(u8, u8, u8)> {
    if let Some(hex) = s.strip_prefix('#') {
        let digits: Vec<u8> = hex.chars().map(|c| c.to_digit(16).map(|d| d as u8)).collect::<Option<_>>()?;
        return match digits.as_slice() {
            [r, g, b] => Some((r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Some((r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => None,
        };
    }
    Some(match s.to_ascii_lowercase().as_str() {
        "white" => (255, 255, 255),
        "black" => (0, 0, 0),
        "red" => (255, 0, 0),
        "green" => (0, 128, 0),
        "blue" => (0, 0, 255),
        "yellow" => (255, 255, 0),
        "orange" => (255, 165, 0),
        "pink" => (255, 192, 203),
        "purple" => (128, 0, 128),
        "violet" => (238, 130, 238),
        "cyan" | "aqua" => (0, 255, 255),
        "magenta" | "fuchsia" => (255, 0, 255),
        "gray" | "grey" => (128, 128, 128),
        "silver" => (192, 192, 192),
        "brown" => (165, 42, 42),
        "gold" => (255, 215, 0),
        "khaki" => (240, 230, 140),
        "salmon" => (250, 128, 114),
        "tan" => (210, 180, 140),
        "lime" => (0, 255, 0),
        "navy" => (0, 0, 128),
        "olive" => (128, 128, 0),
        "teal" => (0, 128, 128),
        "maroon" => (128, 0, 0),
        "plum" => (221, 160, 221),
        "orchid" => (218, 112, 214),
        "wheat" => (245, 222, 179),
        "beige" => (245, 245, 220),
        "skyblue" => (135, 206, 235),
        "lightgreen" => (144, 238, 144),
        "lightblue" => (173, 216, 230),
        "lightgray" | "lightgrey" => (211, 211, 211),
        "lightpink" => (255, 182, 193),
        "lightyellow" => (255, 255, 224),
        "lightcoral" => (240, 128, 128),
        "lightsalmon" => (255, 160, 122),
        "lightskyblue" => (135, 206, 250),
        "darkgreen" => (0, 100, 0),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_come_as_hex_or_names() {
        assert_eq!(parse_color("#ffccaa"), Some((255, 204, 170)));
        assert_eq!(parse_color("#fca"), Some((255, 204, 170)));
        assert_eq!(parse_color("lightgreen"), Some((144, 238, 144)));
        assert_eq!(parse_color("darken"), None);
    }

    #[test]
    fn configuration_sections_are_read() {
        let types = declared_types(
            "[entities]\nORG\nPER\n\tSinger\n[relations]\nEmployer Arg1:PER, Arg2:ORG\n[events]\nAttack\n",
        );
        assert!(types.contains("ORG") && types.contains("Singer") && types.contains("Attack"));
        assert!(!types.contains("Employer"));
        let types =
            declared_types("[entities]\n!Abstract\n\tPerson|PER\n<ENT>=Person|Organization\nOrganization | ORG\n");
        for t in ["Abstract", "Person", "PER", "Organization"] {
            assert!(types.contains(t), "{t} in {types:?}");
        }
        assert!(!types.iter().any(|t| t.starts_with('<')));
        let visual = "[drawing]\nPER\tbgColor:#ffccaa\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen\n[labels]\nPER | Person | Per | P\nLOC\n";
        assert_eq!(colors(visual).get("PER"), Some(&(255, 204, 170)));
        assert_eq!(labels(visual).get("PER").map(String::as_str), Some("Person"));
        assert_eq!(labels(visual).get("LOC"), None, "a type without a long name keeps its own");
    }
}
