//! Realistic synthetic corpora for benchmarks and for trying the explorer at scale:
//! multilingual names with diacritics, entities of 1–4 words shared across articles by id,
//! articles of 2–8 KB with 20–40 mentions and a few dated events. Deterministic: the same
//! options give the same corpus. `cargo run --release --example gen_corpus` writes one.
//!
//! Development only: tests, benchmarks and examples include this file by path, so the library
//! carries no generator.

// Each includer uses a part.
#![allow(dead_code)]

use std::io::{self, Write};

use serde_json::json;

const FIRST: &[&str] = &[
    "Søren",
    "Ærøe",
    "Jürgen",
    "Zoë",
    "José",
    "Łukasz",
    "Dvořák",
    "Ana",
    "François",
    "Björk",
    "Çağla",
    "Nguyễn",
    "Ingrid",
    "Mikkel",
    "Maja",
    "Håkon",
    "Özil",
    "Renée",
    "Øystein",
    "Agnieszka",
    "Jiří",
    "Niamh",
    "Saoirse",
    "Chloé",
    "Ramón",
    "Ines",
    "Kasper",
    "Freja",
    "Mathilde",
    "Luís",
    "Ümit",
    "Zsófia",
    "Thomas",
    "Müller",
];
const LAST: &[&str] = &[
    "Kierkegaard",
    "Müller",
    "Nørgaard",
    "Ibáñez",
    "Wałęsa",
    "Novák",
    "Dupont",
    "Şahin",
    "Åkesson",
    "García",
    "Lefèvre",
    "Kowalczyk",
    "Hansen",
    "Schröder",
    "Jørgensen",
    "Pérez",
    "Smith",
    "Ó Súilleabháin",
    "Petrović",
    "Østergaard",
    "Fernández",
    "Lindqvist",
    "Nakamura",
    "Dubois",
    "Weiß",
    "Černý",
    "Larsen",
    "Kovač",
];
const ORG: &[&str] = &[
    "Telekom",
    "Energi",
    "Bank",
    "Forsikring",
    "Groupe",
    "Società",
    "Holding",
    "Rederi",
    "Institut",
    "Fundación",
    "Universitet",
    "Ministerium",
    "Zeitung",
    "Stiftelse",
    "Kommune",
    "Værk",
    "Airlines",
    "Motors",
    "Pharma",
];
const PLACE: &[&str] = &[
    "København",
    "Århus",
    "Malmö",
    "Göteborg",
    "Kraków",
    "Łódź",
    "Zürich",
    "München",
    "Córdoba",
    "São Paulo",
    "Reykjavík",
    "Tromsø",
    "Besançon",
    "İstanbul",
    "Plzeň",
    "Škofja Loka",
    "Jönköping",
    "Odense",
    "Aalborg",
];
const FILLER: &[&str] = &[
    "og",
    "det",
    "er",
    "en",
    "til",
    "på",
    "med",
    "som",
    "har",
    "blev",
    "efter",
    "mellem",
    "regeringen",
    "markedet",
    "ifølge",
    "rapporten",
    "selskabet",
    "i",
    "år",
    "forhandlinger",
    "aftalen",
    "kritik",
    "støtte",
    "udviklingen",
    "der",
    "ikke",
    "kun",
    "også",
    "mod",
    "inden",
    "for",
    "de",
    "seneste",
    "måneder",
    "“citat”",
    "–",
    "nye",
];

/// A small deterministic generator (xorshift*), so the same seed gives the same corpus.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    /// The next raw number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `from`.
    pub fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }

    /// Skewed towards small numbers, as real mention frequencies are.
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

struct Entity {
    name: String,
    kind: &'static str,
    alias: Option<String>,
}

fn entity(rng: &mut Rng, i: usize) -> Entity {
    match i % 4 {
        0 => {
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            let alias = name.split(' ').next_back().map(String::from);
            Entity { name, kind: "PERSON", alias }
        }
        1 => {
            let words = 1 + rng.below(3);
            let mut name = rng.pick(LAST).to_string();
            for _ in 1..words {
                name.push(' ');
                name.push_str(rng.pick(ORG));
            }
            Entity { name, kind: "ORG", alias: None }
        }
        2 => Entity { name: rng.pick(PLACE).to_string(), kind: "GPE", alias: None },
        _ => {
            let name = format!("{} {} {} {}", rng.pick(PLACE), rng.pick(ORG), rng.pick(LAST), 2000 + rng.below(25));
            Entity { name, kind: "EVENT", alias: None }
        }
    }
}

/// Writes `articles` articles as newslens JSON Lines to `w`, drawing on `entities` distinct
/// entities (default: 10 per article).
pub fn write_corpus(w: &mut impl Write, articles: usize, entities: Option<usize>, seed: u64) -> io::Result<()> {
    write_corpus_with(w, &Shape { articles, entities, seed, events: None })
}

/// What a generated corpus looks like.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Number of articles.
    pub articles: usize,
    /// Distinct entities (default: 10 per article).
    pub entities: Option<usize>,
    /// The seed: the same shape and seed give the same corpus.
    pub seed: u64,
    /// Events per article, with long titles and a description (default: 1–4 short ones).
    pub events: Option<usize>,
}

/// Writes a corpus of `shape` as newslens JSON Lines to `w`.
pub fn write_corpus_with(w: &mut impl Write, shape: &Shape) -> io::Result<()> {
    let (articles, seed) = (shape.articles, shape.seed);
    let n_entities: usize = shape.entities.unwrap_or(articles * 10).max(1);
    let mut rng = Rng::new(seed);
    let pool: Vec<Entity> = (0..n_entities).map(|i| entity(&mut rng, i)).collect();
    for a in 0..articles {
        let target_len = 2000 + rng.below(6000);
        let mentions_wanted = 20 + rng.below(21);
        let mut text = String::new();
        let mut chars = 0usize;
        let mut used: Vec<usize> = Vec::new();
        let mut mentions = Vec::new();
        let push = |s: &str, text: &mut String, chars: &mut usize| {
            text.push_str(s);
            *chars += s.chars().count();
        };
        while text.len() < target_len {
            // A sentence: filler words with now and then an entity.
            let words = 8 + rng.below(14);
            for w in 0..words {
                if w > 0 {
                    push(" ", &mut text, &mut chars);
                }
                if mentions.len() < mentions_wanted && rng.below(6) == 0 {
                    // Articles return to a few entities, as news does.
                    let e = if !used.is_empty() && rng.below(2) == 0 {
                        used[rng.below(used.len())]
                    } else {
                        let e = (rng.skewed(n_entities) + a * 7) % n_entities;
                        used.push(e);
                        e
                    };
                    let form = match (&pool[e].alias, rng.below(3)) {
                        (Some(alias), 0) => alias.clone(),
                        _ => pool[e].name.clone(),
                    };
                    let start = chars;
                    push(&form, &mut text, &mut chars);
                    mentions.push(json!({"entity": format!("e{e}"), "start": start, "end": chars, "text": form}));
                } else {
                    let word = rng.pick(FILLER);
                    push(word, &mut text, &mut chars);
                }
            }
            push(".", &mut text, &mut chars);
            push(if rng.below(5) == 0 { "\n\n" } else { " " }, &mut text, &mut chars);
        }
        used.sort_unstable();
        used.dedup();
        let ents: Vec<_> = used
            .iter()
            .map(|&e| {
                let p = &pool[e];
                let mut v = json!({"id": format!("e{e}"), "name": p.name, "type": p.kind});
                if let Some(alias) = &p.alias {
                    v["aliases"] = json!([alias]);
                }
                v
            })
            .collect();
        let year = 2000 + rng.below(25);
        let n_events = shape.events.unwrap_or_else(|| 1 + rng.below(4));
        let events: Vec<_> = (0..n_events)
            .map(|k| {
                let who: Vec<String> =
                    (0..1 + rng.below(3)).map(|_| format!("e{}", used[rng.below(used.len())])).collect();
                let date = match rng.below(3) {
                    0 => format!("{}", year - rng.below(5)),
                    1 => format!("{}-{:02}", year - rng.below(5), 1 + rng.below(12)),
                    _ => format!("{}-{:02}-{:02}", year - rng.below(5), 1 + rng.below(12), 1 + rng.below(28)),
                };
                let mut event = json!({"id": format!("a{a}-ev{k}"), "date": date, "title": format!("Begivenhed {k} i artikel {a}"),
                       "entities": who, "sources": [format!("https://example.org/{a}/{k}")]});
                if shape.events.is_some() {
                    // Real timelines have headlines, not labels, and often a sentence more.
                    let words: Vec<&str> = (0..8 + rng.below(8)).map(|_| rng.pick(FILLER)).collect();
                    event["title"] = json!(format!("Begivenhed {k} i artikel {a}: {}", words.join(" ")));
                    let more: Vec<&str> = (0..15 + rng.below(20)).map(|_| rng.pick(FILLER)).collect();
                    event["description"] = json!(format!("{}.", more.join(" ")));
                }
                event
            })
            .collect();
        let article = json!({
            "id": format!("a{a}"),
            "title": format!("{} og {}: {}", pool[used[0]].name, pool[*used.last().unwrap_or(&used[0])].name, rng.pick(FILLER)),
            "date": format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
            "language": "da",
            "text": text,
            "entities": ents,
            "mentions": mentions,
            "events": events,
        });
        serde_json::to_writer(&mut *w, &article)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Names of `n` entities like those in the corpora (for search benchmarks).
pub fn entity_names(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..n).map(|i| entity(&mut rng, i).name).collect()
}
