//! The gazetteer: building the automaton of 1,000,000 names, and finding them in 10 MB of
//! generated news text, against flashtext (Python's keyword matcher, the usual peer) doing the
//! same job in the same run when `python3 -c 'import flashtext'` works. The peak memory after
//! building is printed from /proc.
//!
//! Run: `cargo bench --bench gazetteer`.

#[path = "../tests/support/synth.rs"]
mod synth;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newslens::gazetteer::{Gazetteer, Matcher};
use newslens::model::Entity;

/// `n` distinct names: the generator's, and where it repeats itself, the same with a made-up
/// surname of letters (`Søren Dvořák Kabe`).
fn names(n: usize) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut names = Vec::with_capacity(n);
    for (i, base) in synth::entity_names(n, 1).into_iter().enumerate() {
        let mut name = base.clone();
        let mut k = i;
        while !seen.insert(name.clone()) {
            let mut word = String::from("K");
            let mut x = k;
            while x > 0 {
                word.push((b'a' + (x % 26) as u8) as char);
                x /= 26;
            }
            name = format!("{base} {word}");
            k += n;
        }
        names.push(name);
    }
    names
}

fn gazetteer(names: &[String]) -> Gazetteer {
    Gazetteer::of(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| Entity {
                id: format!("e{i}"),
                name: n.clone(),
                kind: "X".into(),
                aliases: Vec::new(),
                description: None,
                links: Default::default(),
            })
            .collect(),
    )
}

/// The texts of a generated corpus of about `mb` megabytes.
fn texts(mb: usize) -> Vec<(String, Option<String>)> {
    let mut jsonl = Vec::new();
    synth::write_corpus(&mut jsonl, mb * 200, Some(5_000), 3).unwrap();
    String::from_utf8(jsonl)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["text"].as_str().unwrap().to_string(), v["language"].as_str().map(String::from))
        })
        .collect()
}

fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    kb >> 10
}

/// flashtext's median over `runs` of building its matcher and of finding the names in the
/// texts, in seconds, if Python has it.
fn flashtext(names: &[String], texts: &[(String, Option<String>)], runs: usize) -> Option<(f64, f64)> {
    let dir = tempfile::tempdir().ok()?;
    std::fs::write(dir.path().join("names.txt"), names.join("\n")).ok()?;
    let all: Vec<&str> = texts.iter().map(|(t, _)| t.as_str()).collect();
    std::fs::write(dir.path().join("texts.txt"), all.join("\u{1e}")).ok()?;
    let script = format!(
        r#"
import time, statistics
from flashtext import KeywordProcessor
names = open("{d}/names.txt", encoding="utf-8").read().split("\n")
texts = open("{d}/texts.txt", encoding="utf-8").read().split("\u001e")
builds, finds = [], []
for _ in range({runs}):
    t = time.perf_counter(); kp = KeywordProcessor(case_sensitive=False); kp.add_keywords_from_list(names); builds.append(time.perf_counter() - t)
    t = time.perf_counter(); n = sum(len(kp.extract_keywords(x, span_info=True)) for x in texts); finds.append(time.perf_counter() - t)
print(statistics.median(builds), statistics.median(finds))
"#,
        d = dir.path().display()
    );
    let out = std::process::Command::new("python3").arg("-c").arg(script).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace().filter_map(|p| p.parse::<f64>().ok());
    Some((parts.next()?, parts.next()?))
}

fn median(mut xs: Vec<Duration>) -> f64 {
    xs.sort();
    xs[xs.len() / 2].as_secs_f64()
}

fn bench(c: &mut Criterion) {
    let names = names(1_000_000);
    let texts = texts(10);
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let g = gazetteer(&names);

    // Building takes seconds: a few timed runs, the median printed beside the peer's.
    let builds: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            black_box(Matcher::new(&g));
            t.elapsed()
        })
        .collect();
    let matcher = Matcher::new(&g);
    let finds: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for (text, lang) in &texts {
                black_box(matcher.find(text, lang.as_deref()));
            }
            t.elapsed()
        })
        .collect();
    let (build, find) = (median(builds), median(finds));
    let mb = bytes as f64 / 1e6;
    println!(
        "newslens: {} names ({} patterns) built in {build:.2} s, peak {} MiB; {mb:.1} MB of text in {find:.3} s = {:.1} MB/s",
        names.len(),
        matcher.len(),
        peak_mib(),
        mb / find
    );
    match flashtext(&names, &texts, 3) {
        Some((pb, pf)) => println!(
            "flashtext: built in {pb:.2} s; {mb:.1} MB in {pf:.3} s = {:.1} MB/s; newslens builds {:.1}x and finds {:.1}x as fast",
            mb / pf,
            pb / build,
            pf / find
        ),
        None => println!("flashtext: not measured (python3 -c 'import flashtext' fails)"),
    }

    let mut group = c.benchmark_group("gazetteer");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("find 1M names in 10 MB", |b| {
        b.iter(|| {
            for (text, lang) in &texts {
                black_box(matcher.find(text, lang.as_deref()));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
