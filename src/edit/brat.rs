//! Saving an edited article into its brat `.ann` file line by line: every line that was not
//! edited stays as it was (ids, order, comments, attributes, notes); a mention whose type
//! changed gets its `T` line's type rewritten, a removed mention loses its `T` line and the
//! lines that hang on it, an added one gets a new `T` line at the end, and knowledge-base ids
//! are `N` lines. What brat cannot hold (a new name: brat names an entity by its text; a merge
//! of entities brat would read as apart; two KB ids on one annotation) is refused, never
//! written: the new file is read back and must give the article's mentions, types,
//! grouping and KB ids as they are in memory.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::diagnostic::Report;
use crate::formats::brat::kb_name;
use crate::import::{Input, Local};
use crate::model::{Article, Corpus};
use crate::search::fold::fold_text;

/// The pieces of a mention as brat writes them: `(start, end)` in chars.
type Pieces = Vec<(usize, usize)>;

/// One line of the file: its text without the line end, and the line end.
struct Line<'a> {
    body: String,
    end: &'a str,
    kept: bool,
}

/// The `.ann` text `ann` (of the file at `path`) with article `a`'s annotations as they are
/// now, or why brat cannot hold them. `renamed`: entities whose names or aliases changed.
pub fn rewrite(
    corpus: &Corpus,
    path: &Path,
    ann: &str,
    a: &Article,
    renamed: &BTreeSet<usize>,
) -> Result<String, String> {
    if let Some(e) = a.mentioned().into_iter().find(|e| renamed.contains(e)) {
        return Err(format!(
            "brat names an entity by its text, so a new name or alias of {:?} cannot be held",
            corpus.entities[e].name
        ));
    }
    let mut lines: Vec<Line> = ann
        .split_inclusive('\n')
        .map(|l| {
            let body = l.trim_end_matches(['\n', '\r']);
            Line { body: body.to_string(), end: &l[body.len()..], kept: true }
        })
        .collect();
    // The mentions wanted, by their pieces.
    let mut wanted: HashMap<Pieces, Vec<usize>> = HashMap::new();
    for (i, m) in a.mentions.iter().enumerate() {
        wanted.entry(pieces(m)).or_default().push(i);
    }
    let triggers: BTreeSet<String> =
        lines.iter().filter(|l| l.body.starts_with('E')).filter_map(|l| trigger(&l.body)).collect();
    // Each T line kept for a mention with its pieces, its type rewritten if it changed.
    let mut t_of: BTreeMap<usize, String> = BTreeMap::new();
    let mut gone: BTreeSet<String> = BTreeSet::new();
    let mut most = 0;
    for line in &mut lines {
        let Some((id, kind, offsets, text)) = text_bound(&line.body) else { continue };
        most = most.max(id[1..].parse::<usize>().unwrap_or(0));
        if triggers.contains(id) {
            continue;
        }
        let Some(at) = parse_offsets(offsets).and_then(|p| wanted.get_mut(&p)).and_then(|v| v.pop()) else {
            gone.insert(id.to_string());
            line.kept = false;
            continue;
        };
        let want = &corpus.entities[a.mentions[at].entity].kind;
        let id = id.to_string();
        if kind != want {
            line.body = format!("{id}\t{want} {offsets}\t{text}");
        }
        t_of.insert(at, id);
    }
    // What hangs on a removed mention goes with it; what needs it as an argument cannot.
    for line in lines.iter_mut().filter(|l| l.kept) {
        let Some((id, rest)) = line.body.split_once('\t') else { continue };
        let fields = rest.split('\t').next().unwrap_or_default();
        let names = |t: &str| fields.split([' ', ':']).any(|x| x == t);
        let Some(t) = gone.iter().find(|t| names(t)) else { continue };
        match id.chars().next() {
            Some('N' | 'A' | 'M' | '#') => line.kept = false,
            _ => return Err(format!("{t} is an argument of {id}; brat cannot hold {id} without it")),
        }
    }
    // New mentions get new T lines.
    let chars: Vec<char> = a.text.chars().collect();
    let mut added = Vec::new();
    let mut unplaced: Vec<usize> = wanted.into_values().flatten().collect();
    unplaced.sort_unstable();
    for at in unplaced {
        let m = &a.mentions[at];
        most += 1;
        let id = format!("T{most}");
        let offsets: Vec<String> = pieces(m).iter().map(|(s, e)| format!("{s} {e}")).collect();
        let text: String =
            pieces(m).iter().map(|&(s, e)| chars[s..e].iter().collect::<String>()).collect::<Vec<_>>().join(" ");
        let kind = &corpus.entities[m.entity].kind;
        added.push(format!("{id}\t{kind} {}\t{}", offsets.join(";"), text.replace(['\t', '\n', '\r'], " ")));
        t_of.insert(at, id);
    }
    // Knowledge-base ids: one N line per annotation, as brat's readers take one.
    let mut norms: HashMap<String, usize> = HashMap::new();
    let mut n_most = 0;
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.kept) {
        if let Some((id, target, _)) = normalization(&line.body) {
            n_most = n_most.max(id[1..].parse::<usize>().unwrap_or(0));
            norms.insert(target.to_string(), i);
        }
    }
    for (&at, t) in &t_of {
        let entity = &corpus.entities[a.mentions[at].entity];
        if entity.links.len() > 1 {
            return Err(format!(
                "brat holds one knowledge-base id per annotation; {:?} has {}",
                entity.name,
                entity.links.len()
            ));
        }
        let want = entity.links.iter().next().map(|(kb, id)| format!("{}:{id}", kb_name(kb)));
        match (norms.get(t), want) {
            (Some(&i), None) => lines[i].kept = false,
            (Some(&i), Some(want)) => {
                let (_, _, reference) = normalization(&lines[i].body).expect("a normalization line");
                if !reference.eq_ignore_ascii_case(&want) {
                    let (id, _, _) = normalization(&lines[i].body).expect("a normalization line");
                    lines[i].body = format!("{id}\tReference {t} {want}\t{}", entity.name);
                }
            }
            (None, Some(want)) => {
                n_most += 1;
                added.push(format!("N{n_most}\tReference {t} {want}\t{}", entity.name));
            }
            (None, None) => {}
        }
    }
    let mut out = String::with_capacity(ann.len() + 64 * added.len());
    for line in lines.iter().filter(|l| l.kept) {
        out.push_str(&line.body);
        out.push_str(line.end);
    }
    if !added.is_empty() {
        let newline = if ann.contains("\r\n") { "\r\n" } else { "\n" };
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(newline);
        }
        for line in added {
            out.push_str(&line);
            out.push_str(newline);
        }
    }
    holds(corpus, path, &out, a)?;
    Ok(out)
}

/// Whether `ann`, read back, gives article `a`'s mentions with their types, grouping and KB ids.
fn holds(corpus: &Corpus, path: &Path, ann: &str, a: &Article) -> Result<(), String> {
    let mut report = Report::new(&path.display().to_string());
    let input = Input { path, text: ann, doc_id: &a.id, offsets: None, conll_sentences: None };
    let imported = crate::formats::read(crate::formats::BRAT, input, &mut report);
    let Some(draft) = imported.articles.into_iter().next().filter(|_| report.errors() == 0) else {
        return Err("the file written would not read back".into());
    };
    let local = |i: usize| match &draft.entities[i] {
        Local::New(e) | Local::Explicit(e) => Some(e),
        Local::Known(_) => None,
    };
    // Notes are kept line by line as they were; one added, changed or taken away in the
    // explorer is not written to a brat file (its notes hang on annotations, not passages).
    let notes = |x: &Article| {
        let mut n: Vec<(usize, usize, String)> =
            x.notes.iter().map(|n| (n.span.start, n.span.end, n.text.clone())).collect();
        n.sort();
        n
    };
    if notes(&draft.article) != notes(a) {
        return Err("brat would read the notes back otherwise: its notes hang on annotations (a note on a mention removed or resized goes with it, and one written in the explorer has none to hang on)".into());
    }
    let mut back: Vec<(Pieces, usize)> = draft.article.mentions.iter().map(|m| (pieces(m), m.entity)).collect();
    let mut now: Vec<(Pieces, usize)> = a.mentions.iter().map(|m| (pieces(m), m.entity)).collect();
    back.sort();
    now.sort();
    if back.len() != now.len() || back.iter().zip(&now).any(|(b, n)| b.0 != n.0) {
        return Err("brat would read other mentions back".into());
    }
    // The same grouping both ways (entities read apart that linking joins again, as `Odense`
    // and `ODENSE` of one type, count as one), the same types and KB ids.
    let joined = |x: usize, y: usize| match (local(x), local(y)) {
        (Some(x), Some(y)) => x.kind == y.kind && x.links == y.links && fold_text(&x.name) == fold_text(&y.name),
        _ => false,
    };
    let (mut there, mut here): (HashMap<usize, usize>, HashMap<usize, usize>) = Default::default();
    for ((_, b), (_, n)) in back.iter().zip(&now) {
        let first = *there.entry(*n).or_insert(*b);
        if (first != *b && !joined(first, *b)) || *here.entry(*b).or_insert(*n) != *n {
            return Err(format!(
                "brat would read {:?} as other entities than it is (brat tells entities apart by type and text, or by a KB id)",
                corpus.entities[*n].name
            ));
        }
        let (Some(read), entity) = (local(*b), &corpus.entities[*n]) else { continue };
        let lower = |l: &BTreeMap<String, String>| -> Vec<(String, String)> {
            l.iter().map(|(k, v)| (k.to_lowercase(), v.clone())).collect()
        };
        if read.kind != entity.kind || lower(&read.links) != lower(&entity.links) {
            return Err(format!("brat would read {:?} back with another type or KB id", entity.name));
        }
    }
    Ok(())
}

/// A mention's pieces ([`crate::model::Mention::pieces`]) as brat writes them.
fn pieces(m: &crate::model::Mention) -> Pieces {
    m.pieces().iter().map(|s| (s.start, s.end)).collect()
}

/// A `T` line's id, type, offsets and text.
fn text_bound(line: &str) -> Option<(&str, &str, &str, &str)> {
    let (id, rest) = line.split_once('\t')?;
    if !id.starts_with('T') {
        return None;
    }
    let (head, text) = rest.split_once('\t').unwrap_or((rest, ""));
    let (kind, offsets) = head.split_once(' ')?;
    Some((id, kind, offsets, text))
}

/// `0 5;10 15` as pieces.
fn parse_offsets(offsets: &str) -> Option<Pieces> {
    offsets
        .split(';')
        .map(|r| {
            let (s, e) = r.trim().split_once(' ')?;
            Some((s.parse().ok()?, e.parse().ok()?))
        })
        .collect()
}

/// An `E` line's trigger: `E1<TAB>Meet:T3 Agent:T1` → `T3`.
fn trigger(line: &str) -> Option<String> {
    let (_, rest) = line.split_once('\t')?;
    Some(rest.split_whitespace().next()?.split_once(':')?.1.to_string())
}

/// An `N` line's id, target and reference: `N1<TAB>Reference T1 Wikidata:Q1726<TAB>Munich`.
fn normalization(line: &str) -> Option<(&str, &str, &str)> {
    let (id, rest) = line.split_once('\t')?;
    if !id.starts_with('N') {
        return None;
    }
    let mut words = rest.split('\t').next()?.split_whitespace();
    let (_, target, reference) = (words.next()?, words.next()?, words.next()?);
    Some((id, target, reference))
}
