//! Which member of the CoNLL family a file is, and where its tokens and tags are: decided from
//! the content, never from the extension (the same data comes as `.conll`, `.tsv`, `.iob`,
//! `.bmes`, `.txt`). Only the first [`SAMPLE`] token lines are looked at, so deciding stays
//! cheap however large the file.

use crate::formats::iob::{Tag, is_chunk_type};

/// Token lines looked at to decide the layout.
const SAMPLE: usize = 2000;

/// A member of the family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialect {
    /// Columns: CoNLL-2003, IOB/BIOES/BMES files, WikiNEuRal, GermEval-2014, CoNLL-U.
    Columns(Layout),
    /// CoNLL-2012 / OntoNotes: `#begin document`, a bracketed named-entity column.
    Ontonotes,
    /// spaCy's `word|POS|TAG` input: a sentence per line, tokens apart by spaces.
    Pipes,
}

/// Where a column file keeps what newslens reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Columns are apart by tabs (a token may then hold spaces); otherwise by any whitespace.
    pub tabs: bool,
    /// How many columns a token line has.
    pub columns: usize,
    /// The first column counts the tokens of each sentence (WikiNEuRal, GermEval, CoNLL-U).
    pub index: bool,
    /// The token's column.
    pub token: usize,
    /// Where the tags are.
    pub tags: Tags,
}

/// Where a column file's tags are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tags {
    /// A column of tags, and a second one of nested (inner) mentions (GermEval-2014).
    Columns { outer: usize, inner: Option<usize> },
    /// The last column, whatever the number of columns of a line (files whose lines have
    /// different numbers of columns).
    Last,
    /// CoNLL-U's MISC column (`NE=B-PER`, `name=B-PER`, `NER=…`), which also says
    /// `SpaceAfter=No`.
    Misc(usize),
}

impl Layout {
    /// Whether this is CoNLL-U (ten columns counted by an index, MISC last but for extras).
    pub fn conllu(&self) -> bool {
        self.index && self.columns >= 10
    }

    /// The layout in words, for messages (columns counted from 1).
    pub fn describe(&self) -> String {
        let what = if self.conllu() { "CoNLL-U" } else { "CoNLL columns" };
        let tags = match self.tags {
            Tags::Columns { outer, inner: None } => format!("tags in column {}", outer + 1),
            Tags::Columns { outer, inner: Some(i) } => {
                format!("tags in column {} and nested ones in column {}", outer + 1, i + 1)
            }
            Tags::Misc(c) => format!("tags in column {}, MISC", c + 1),
            Tags::Last => "tags in the last column".into(),
        };
        format!("{what} (token in column {}, {tags})", self.token + 1)
    }

    /// A line's cells.
    pub fn cells<'a>(&self, line: &'a str) -> Vec<&'a str> {
        cells(line, self.tabs)
    }
}

/// A line's cells: apart by tabs, or by runs of whitespace.
fn cells(line: &str, tabs: bool) -> Vec<&str> {
    let line = line.trim_end();
    if tabs { line.split('\t').collect() } else { line.split_ascii_whitespace().collect() }
}

/// A line that starts or names a document: `-DOCSTART-`, `#DOCSTART` (alone or with columns),
/// or CoNLL-U's `# newdoc` (with its id, if given).
pub fn doc_marker(line: &str) -> Option<Option<&str>> {
    if line.starts_with("-DOCSTART-") || line.starts_with("#DOCSTART") {
        return Some(None);
    }
    let rest = line.strip_prefix('#')?.trim_start().strip_prefix("newdoc")?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '='])) {
        return None;
    }
    let id = rest.trim_start().strip_prefix("id").and_then(|r| r.trim_start().strip_prefix('=')).map(str::trim);
    Some(id.filter(|i| !i.is_empty()))
}

/// The dialect of `src`, or why it is none.
pub fn detect(src: &str) -> Result<Dialect, String> {
    let mut lines = src.lines().map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.clone().find(|l| !l.trim().is_empty() && doc_marker(l).is_none()).unwrap_or("");
    if lines.clone().take(50).any(|l| l.starts_with("#begin document")) {
        return Ok(Dialect::Ontonotes);
    }
    if !first.starts_with('#') && looks_like_pipes(first) {
        return Ok(Dialect::Pipes);
    }
    // Sentences of sampled token lines (comments and markers left out).
    let mut sentences: Vec<Vec<&str>> = vec![Vec::new()];
    let mut taken = 0;
    for line in lines.by_ref() {
        if line.trim().is_empty() {
            if !sentences.last().is_some_and(Vec::is_empty) {
                sentences.push(Vec::new());
            }
        } else if doc_marker(line).is_none() && !line.starts_with('#') {
            sentences.last_mut().expect("one at least").push(line);
            taken += 1;
            if taken == SAMPLE {
                break;
            }
        }
    }
    sentences.retain(|s| !s.is_empty());
    let Some(first_line) = sentences.first().and_then(|s| s.first()) else {
        return Err("no token lines".into());
    };
    let tabs = first_line.contains('\t');
    let rows: Vec<Vec<Vec<&str>>> = sentences.iter().map(|s| s.iter().map(|l| cells(l, tabs)).collect()).collect();
    let columns = most_common(rows.iter().flatten().map(Vec::len));
    let index = columns >= 3 && counts_up(&rows);
    let token = usize::from(index);
    let column = |c: usize| rows.iter().flatten().filter_map(move |r| r.get(c).copied());
    let conllu = index && columns >= 10;
    // Lines of one column are broken, not of another layout.
    let ragged = rows.iter().flatten().any(|r| r.len() != columns && r.len() >= 2);
    if ragged && !index && columns >= 2 && is_tag_column(rows.iter().flatten().filter_map(|r| r.last().copied())) {
        return Ok(Dialect::Columns(Layout { tabs, columns: 2, index, token, tags: Tags::Last }));
    }
    let tag_columns: Vec<usize> =
        ((token + 1)..columns).filter(|&c| !(conllu && c < 10)).filter(|&c| is_tag_column(column(c))).collect();
    let tags = match tag_columns.as_slice() {
        [] if conllu => Tags::Misc(9),
        [] => {
            let why = if columns < 2 {
                "a line holds one column; expected a token and its tag".to_string()
            } else {
                let last = rows.iter().flatten().find_map(|r| r.last().copied()).unwrap_or("");
                format!(
                    "no column holds IOB tags (O, B-TYPE, I-TYPE, or BIOES/BILOU/BMES's E-, S-, L-, U-, M-); \
                     the last column has {last:?}"
                )
            };
            return Err(why);
        }
        [.., a, b] if *b == columns - 1 && *a == columns - 2 && !is_chunk_column(column(*a)) => {
            Tags::Columns { outer: *a, inner: Some(*b) }
        }
        [.., last] => Tags::Columns { outer: *last, inner: None },
    };
    Ok(Dialect::Columns(Layout { tabs, columns, index, token, tags }))
}

/// Whether a column is of tags: most of its cells are (the rest are said line by line when
/// read), and they are not only "nothing here" marks.
fn is_tag_column<'a>(cells: impl Iterator<Item = &'a str>) -> bool {
    let (mut tags, mut others, mut marks) = (0, 0, 0);
    for c in cells {
        match Tag::parse(c) {
            Some(Tag::Outside) if c != "O" => marks += 1,
            Some(_) => tags += 1,
            None => others += 1,
        }
    }
    tags > 0 && tags + marks >= others
}

/// Whether a column's tags are chunks (NP, VP…), not entities.
fn is_chunk_column<'a>(mut cells: impl Iterator<Item = &'a str> + Clone) -> bool {
    let kind = |c: &'a str| Tag::parse(c).and_then(Tag::kind);
    cells.clone().all(|c| kind(c).is_none_or(is_chunk_type)) && cells.any(|c| kind(c).is_some())
}

/// Whether the first column numbers each sentence's tokens from 0 or 1 (CoNLL-U's ranges
/// `1-2` and empty nodes `1.1` aside), in a sample with a sentence of two tokens at least.
fn counts_up(rows: &[Vec<Vec<&str>>]) -> bool {
    let mut longer = false;
    for sentence in rows {
        let mut next: Option<u64> = None;
        let mut words = 0;
        for row in sentence {
            let cell = row[0];
            if let Some((a, b)) = cell.split_once(['-', '.']) {
                if a.parse::<u64>().is_err() || b.parse::<u64>().is_err() {
                    return false;
                }
                continue;
            }
            let Ok(n) = cell.parse::<u64>() else { return false };
            match next {
                None if n <= 1 => {}
                None => return false,
                Some(want) if n != want => return false,
                Some(_) => {}
            }
            next = Some(n + 1);
            words += 1;
        }
        longer |= words >= 2;
    }
    longer
}

/// The most common of some numbers (the first of those tied).
fn most_common(values: impl Iterator<Item = usize>) -> usize {
    let mut counts: Vec<usize> = Vec::new();
    for v in values {
        if counts.len() <= v {
            counts.resize(v + 1, 0);
        }
        counts[v] += 1;
    }
    counts.iter().enumerate().max_by_key(|(v, n)| (**n, std::cmp::Reverse(*v))).map_or(0, |(v, _)| v)
}

/// Whether a line is of `word|TAG` or `word|POS|TAG` tokens.
fn looks_like_pipes(line: &str) -> bool {
    let mut tokens = line.split_ascii_whitespace().peekable();
    tokens.peek().is_some() && tokens.all(|t| pipe_token(t).is_some())
}

/// A `word|TAG` or `word|POS|TAG` token's word and tag.
pub fn pipe_token(token: &str) -> Option<(&str, Tag<'_>)> {
    let (rest, tag) = token.rsplit_once('|')?;
    let word = match rest.rsplit_once('|') {
        Some((word, _pos)) if !word.is_empty() => word,
        _ => rest,
    };
    (!word.is_empty()).then_some(())?;
    Some((word, Tag::parse(tag)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(src: &str) -> Layout {
        match detect(src) {
            Ok(Dialect::Columns(l)) => l,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_columns_are_found_from_the_content() {
        let l = layout("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n");
        assert_eq!(
            (l.index, l.token, l.tags),
            (false, 0, Tags::Columns { outer: 3, inner: None }),
            "chunks are not entities"
        );
        let l = layout("0\tDie\tO\n1\tEU\tB-ORG\n\n0\tJa\tO\n1\tnej\tO\n");
        assert_eq!((l.index, l.token, l.tags), (true, 1, Tags::Columns { outer: 2, inner: None }), "an index first");
        let l = layout("#\thttp://x [2009]\n1\tAachen\tB-LOC\tO\n2\tliegt\tO\tO\n");
        assert_eq!(l.tags, Tags::Columns { outer: 2, inner: Some(3) }, "GermEval's outer and inner tags");
        let l = layout(
            "# text = Zoë bor\n1\tZoë\tZoë\tPROPN\t_\t_\t2\tnsubj\t_\tname=B-PER\n2\tbor\tbo\tVERB\t_\t_\t0\troot\t_\t_\n",
        );
        assert_eq!((l.conllu(), l.tags), (true, Tags::Misc(9)));
        let l = layout("中 B-LOC\n国 E-LOC\n");
        assert_eq!((l.index, l.tags), (false, Tags::Columns { outer: 1, inner: None }));
        let l = layout("3 B-PER\n4 O\n");
        assert!(!l.index, "numbers as tokens are not an index");
    }

    #[test]
    fn other_members_and_refusals() {
        assert_eq!(
            detect("#begin document (bc/x); part 000\nbc/x 0 0 Hi UH (TOP* - - - A * -\n"),
            Ok(Dialect::Ontonotes)
        );
        assert_eq!(detect("I|PRP|O like|VBP|O London|NNP|B-GPE\n"), Ok(Dialect::Pipes));
        assert!(detect("Zoë NNP\nbor VB\n").unwrap_err().contains("no column holds IOB tags"));
        assert_eq!(doc_marker("# newdoc id = n01"), Some(Some("n01")));
        assert_eq!(doc_marker("# newdocument"), None);
    }
}
