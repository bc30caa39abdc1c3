//! Entities found in raw text: a gazetteer (the entities of a knowledge base the user has, or
//! of an annotated corpus) matched against articles' texts, to annotate unannotated news
//! (`newslens annotate`) and to show what annotators missed (`newslens suggest`).
//!
//! A gazetteer is read from any corpus newslens reads (its entities with their names, aliases,
//! types and KB ids; how often the corpus mentions each decides between entities that share a
//! name) or from a list: JSON Lines of `{"name", "type", "id"?, "aliases"?}` or CSV/TSV with a
//! header naming `name` and `type` (and optionally `id`, `aliases` separated by `|`; any other
//! column is a knowledge-base link, such as `wikidata`).

pub mod annotate;
pub mod matcher;

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::link::name_key;
use crate::model::{Corpus, Entity};

pub use annotate::{Annotated, Suggestion, annotate, annotate_draft, suggest};
pub use matcher::{Found, Matcher};

/// Entities to look for, with how often their corpus mentions each.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// The entities.
    pub entities: Vec<Entity>,
    /// Mentions of each in the corpus it came from (0 for a list).
    pub mentions: Vec<usize>,
}

impl Gazetteer {
    /// A gazetteer of `entities`, none mentioned.
    pub fn of(entities: Vec<Entity>) -> Gazetteer {
        let mentions = vec![0; entities.len()];
        Gazetteer { entities, mentions }
    }

    /// The entities of `corpus`, with its mention counts.
    pub fn from_corpus(corpus: &Corpus) -> Gazetteer {
        Gazetteer { entities: corpus.entities.clone(), mentions: corpus.mention_counts() }
    }

    /// The entities in the order that decides between those sharing a name: one with a
    /// knowledge-base id first, then the most mentioned, then the gazetteer's own order.
    pub fn ranked(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.entities.len()).collect();
        order.sort_by_key(|&e| (self.entities[e].links.is_empty(), std::cmp::Reverse(self.mentions[e]), e));
        order
    }

    /// Reads a gazetteer from `path`: a list (`.csv`, `.tsv`, or JSON Lines whose first record
    /// has a `name` and no `text`), else any corpus newslens reads (a file or a directory).
    /// Problems are said with their place; a list's bad rows are left out.
    pub fn read(path: &Path) -> (Gazetteer, Vec<Diagnostic>) {
        let shown = path.display().to_string();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let text = || {
            std::fs::read_to_string(path).map_err(|e| {
                vec![Diagnostic::error(&shown, None, format!("cannot read: {}", crate::diagnostic::io_reason(&e)))]
            })
        };
        match ext.as_deref() {
            Some(kind @ ("csv" | "tsv")) => {
                let delimiter = if kind == "csv" { b',' } else { b'\t' };
                return text().map_or_else(|d| (Gazetteer::default(), d), |t| table(&shown, &t, delimiter));
            }
            Some("json" | "jsonl") if path.is_file() => match text() {
                Ok(t) if is_list(&t) => return json_lines(&shown, &t),
                Ok(_) => {}
                Err(d) => return (Gazetteer::default(), d),
            },
            _ => {}
        }
        let loaded = crate::load::load_paths(&[path.to_path_buf()], Default::default());
        (Gazetteer::from_corpus(&loaded.corpus), loaded.diagnostics)
    }
}

/// Whether JSON Lines text is a gazetteer list: its first record has a `name` and no `text`.
fn is_list(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else { return false };
    serde_json::from_str::<serde_json::Value>(first)
        .is_ok_and(|v| v.get("name").is_some_and(|n| n.is_string()) && v.get("text").is_none())
}

/// One entity of a list, from its fields; `None` with the reason when it cannot be one.
fn entry(
    name: Option<&str>,
    kind: Option<&str>,
    id: Option<&str>,
    aliases: Vec<String>,
    links: Vec<(String, String)>,
) -> Result<Entity, String> {
    let name = name.map(str::trim).filter(|n| !n.is_empty()).ok_or("no \"name\"")?;
    let kind = kind.map(str::trim).filter(|k| !k.is_empty()).ok_or("no \"type\"")?;
    let id = id.map(str::trim).filter(|i| !i.is_empty()).map_or_else(|| name_key(kind, name), str::to_string);
    Ok(Entity {
        id,
        name: name.to_string(),
        kind: kind.to_string(),
        aliases: aliases.into_iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
        description: None,
        links: links.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect(),
    })
}

/// A JSON Lines list: `{"name", "type", "id"?, "aliases"?}` per line.
fn json_lines(path: &str, text: &str) -> (Gazetteer, Vec<Diagnostic>) {
    let (mut entities, mut problems) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                let (l, c) = crate::diagnostic::syntax_position(line, &e);
                problems.push(Diagnostic::error(path, Some((i + l, c)), crate::diagnostic::syntax_message(&e)));
                continue;
            }
        };
        let s = |k: &str| v.get(k).and_then(|x| x.as_str());
        let aliases = v
            .get("aliases")
            .and_then(|a| a.as_array())
            .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
            .unwrap_or_default();
        let links = v
            .get("links")
            .and_then(|l| l.as_object())
            .map(|o| o.iter().filter_map(|(k, x)| x.as_str().map(|x| (k.clone(), x.to_string()))).collect())
            .unwrap_or_default();
        match entry(s("name"), s("type"), s("id"), aliases, links) {
            Ok(e) => entities.push(e),
            Err(why) => problems.push(Diagnostic::error(
                path,
                Some((i + 1, 1)),
                format!("{why}: an entry needs a name and a type"),
            )),
        }
    }
    (Gazetteer::of(entities), problems)
}

/// A CSV or TSV list with a header.
fn table(path: &str, text: &str, delimiter: u8) -> (Gazetteer, Vec<Diagnostic>) {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => return (Gazetteer::default(), vec![Diagnostic::error(path, Some((1, 1)), e.to_string())]),
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    let (Some(name), Some(kind)) = (column("name"), column("type")) else {
        let message = format!("the header {:?} names no \"name\" and \"type\" columns", header.join(","));
        return (Gazetteer::default(), vec![Diagnostic::error(path, Some((1, 1)), message)]);
    };
    let (id, aliases) = (column("id"), column("aliases"));
    let (mut entities, mut problems) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                problems.push(Diagnostic::error(path, Some((line, 1)), e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        let field = |i: Option<usize>| i.and_then(|i| record.get(i));
        let alias_list = field(aliases).map(|a| a.split('|').map(String::from).collect()).unwrap_or_default();
        // Every other column is a knowledge-base link (`wikidata`).
        let known = [Some(name), Some(kind), id, aliases];
        let links = header
            .iter()
            .enumerate()
            .filter(|(i, _)| !known.contains(&Some(*i)))
            .filter_map(|(i, h)| record.get(i).map(|v| (h.clone(), v.to_string())))
            .collect();
        match entry(field(Some(name)), field(Some(kind)), field(id), alias_list, links) {
            Ok(e) => entities.push(e),
            Err(why) => {
                problems.push(Diagnostic::error(path, Some((line, 1)), format!("{why}: a row needs a name and a type")))
            }
        }
    }
    (Gazetteer::of(entities), problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_json_lines_csv_and_tsv_read_alike() {
        let (g, problems) = json_lines(
            "g.jsonl",
            "{\"name\": \"Huawei\", \"type\": \"ORG\", \"aliases\": [\"Huawei Technologies\"], \"links\": {\"wikidata\": \"Q160120\"}}\n\n{\"name\": \"Kina\"}\n{bad\n",
        );
        assert_eq!(g.entities.len(), 1);
        assert_eq!(g.entities[0].id, "ORG:huawei");
        assert_eq!(g.entities[0].links.get("wikidata").map(String::as_str), Some("Q160120"));
        let said: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].starts_with("g.jsonl:3:1: error: no \"type\""), "{said:?}");
        assert!(said[1].starts_with("g.jsonl:4:2: error:"), "{said:?}");
        let (csv, problems) = table(
            "g.csv",
            "name,type,id,aliases,wikidata\nHuawei,ORG,huawei,\"Huawei Technologies|華為\",Q160120\n\"Kina, Folkerepublikken\",GPE,,,\n,ORG,,,\n",
            b',',
        );
        assert_eq!(csv.entities.len(), 2);
        assert_eq!(csv.entities[0].aliases, ["Huawei Technologies", "華為"]);
        assert_eq!(csv.entities[0].links.get("wikidata").map(String::as_str), Some("Q160120"));
        assert_eq!(csv.entities[1].name, "Kina, Folkerepublikken");
        assert_eq!(csv.entities[1].id, "GPE:kina, folkerepublikken");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].to_string().starts_with("g.csv:4:1: error: no \"name\""), "{}", problems[0]);
        let (tsv, _) = table("g.tsv", "Type\tName\nORG\tHuawei\n", b'\t');
        assert_eq!((tsv.entities[0].name.as_str(), tsv.entities[0].kind.as_str()), ("Huawei", "ORG"));
        let (_, problems) = table("g.csv", "navn,type\nHuawei,ORG\n", b',');
        assert!(problems[0].to_string().contains("names no \"name\" and \"type\" columns"), "{}", problems[0]);
    }
}
