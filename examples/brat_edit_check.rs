//! Saving edits into brat corpora, checked on every document: for each `.ann` under the
//! directories given, one edit of that document (a mention removed; then a mention added) is
//! saved, and the check is that every other file is byte for byte as it was, that the edited
//! `.ann` differs only in the lines of the edit (the mention's `T` line and the lines hung on
//! it), and that the edit undone and saved gives back the file byte for byte. The corpora are
//! copied to a temporary directory first: nothing given is written.
//!
//! Run: `cargo run --release --example brat_edit_check -- DIR...`

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use newslens::edit::{self, History};
use newslens::load::load_paths;
use newslens::model::{Corpus, Span};

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    if dirs.is_empty() {
        eprintln!("usage: brat_edit_check DIR...");
        std::process::exit(2);
    }
    let (mut checked, mut refused, mut failed) = (0, 0, 0);
    for dir in &dirs {
        let copy = tempfile::tempdir().expect("a temporary directory");
        copy_tree(dir, copy.path());
        let anns: Vec<PathBuf> =
            files(copy.path()).into_iter().filter(|p| p.extension().is_some_and(|e| e == "ann")).collect();
        for ann in &anns {
            for (what, result) in check_document(copy.path(), ann) {
                let name = ann.strip_prefix(copy.path()).unwrap_or(ann).display();
                match result {
                    Ok(None) => checked += 1,
                    Ok(Some(why)) => {
                        refused += 1;
                        println!("{}/{name}: {what}: refused, nothing written: {why}", dir.display());
                    }
                    Err(why) => {
                        failed += 1;
                        println!("{}/{name}: {what}: FAILED: {why}", dir.display());
                    }
                }
            }
        }
        println!("{}: {} documents", dir.display(), anns.len());
    }
    println!("{checked} edits saved and checked, {refused} refused, {failed} failed");
    std::process::exit(i32::from(failed > 0));
}

/// Every file under `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() { out.extend(files(&p)) } else { out.push(p) }
    }
    out.sort();
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for f in files(from) {
        let target = to.join(f.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&f, &target).unwrap();
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files(dir).into_iter().map(|f| (f.clone(), std::fs::read(&f).unwrap())).collect()
}

/// The two edits of the document of `ann`, each: saved and checked (`None`), refused (why),
/// or what went wrong.
fn check_document(dir: &Path, ann: &Path) -> Vec<(&'static str, Result<Option<String>, String>)> {
    let load = || -> Corpus { load_paths(&[dir.to_path_buf()], Default::default()).corpus };
    let corpus = load();
    let Some(a) = corpus.articles.iter().position(|x| x.read_from.as_deref().is_some_and(|f| Path::new(f) == ann))
    else {
        return vec![("find", Err("no article read from it".into()))];
    };
    let article = &corpus.articles[a];
    let mut out = Vec::new();
    // The first mention brat lets go (not an argument of a relation or event, without a note
    // hung on it); the refusals on the way are counted.
    for m in 0..article.mentions.len() {
        let change = edit::remove_mention(&corpus, a, m).unwrap();
        let result = run(dir, ann, load(), change, Some(article.mentions[m].span));
        let saved = !matches!(result, Ok(Some(_)));
        out.push(("a mention removed", result));
        if saved {
            break;
        }
    }
    // A new entity on the first word no mention covers, of the first mention's type.
    let chars: Vec<char> = article.text.chars().collect();
    let free = |i: usize| !article.mentions.iter().any(|m| m.span.contains(i));
    let start =
        (0..chars.len()).find(|&i| chars[i].is_alphabetic() && free(i) && (i == 0 || !chars[i - 1].is_alphanumeric()));
    if let (Some(start), Some(m)) = (start, article.mentions.first()) {
        let end = (start..chars.len()).find(|&i| !chars[i].is_alphanumeric()).unwrap_or(chars.len());
        let name: String = chars[start..end].iter().collect();
        let kind = &corpus.entities[m.entity].kind;
        let entity = edit::new_entity(&corpus, &name, kind, "").unwrap();
        let change = edit::annotate_new(&corpus, a, Span { start, end }, entity, None).unwrap();
        out.push(("a mention added", run(dir, ann, load(), change, None)));
    }
    out
}

/// Makes `change` to a fresh `corpus`, saves, checks, undoes and saves again.
fn run(
    dir: &Path,
    ann: &Path,
    mut corpus: Corpus,
    change: edit::Change,
    removed: Option<Span>,
) -> Result<Option<String>, String> {
    let before = snapshot(dir);
    let mut history = History::default();
    history.make(&mut corpus, change).map_err(|e| e.0)?;
    let (_, not) = history.save(&mut corpus);
    let after = snapshot(dir);
    if !not.is_empty() {
        return if after == before { Ok(Some(not[0].why.clone())) } else { Err("refused, yet a file changed".into()) };
    }
    for (f, bytes) in &before {
        if f != ann && after.get(f) != Some(bytes) {
            return Err(format!("{} changed", f.display()));
        }
    }
    let (old, new) = (String::from_utf8_lossy(&before[ann]), String::from_utf8_lossy(&after[ann]));
    let (gone, added) = line_diff(&old, &new);
    match removed {
        Some(span) => {
            // The T line of the mention, and the lines that name its id.
            let t = gone
                .iter()
                .find(|l| l.starts_with('T') && l.contains(&format!(" {} {}", span.start, span.end)))
                .ok_or("the mention's T line is still there")?;
            let id = t.split('\t').next().unwrap();
            if let Some(l) = gone.iter().find(|l| *l != t && !l.split([' ', '\t']).any(|w| w == id)) {
                return Err(format!("a line not about the mention went: {l:?}"));
            }
            if !added.is_empty() {
                return Err(format!("lines were added: {added:?}"));
            }
        }
        None => {
            if !gone.is_empty() {
                return Err(format!("lines went: {gone:?}"));
            }
            if !added.iter().any(|l| l.starts_with('T')) || added.iter().any(|l| !l.starts_with(['T', 'N'])) {
                return Err(format!("not one new T line (with its N line): {added:?}"));
            }
        }
    }
    history.undo(&mut corpus);
    let (_, not) = history.save(&mut corpus);
    if !not.is_empty() {
        return Err(format!("the undo could not be saved: {}", not[0].why));
    }
    if snapshot(dir) != before {
        return Err("undone and saved, the files are not as they were".into());
    }
    Ok(None)
}

/// The lines of `old` not in `new`, and of `new` not in `old` (as multisets).
fn line_diff<'a>(old: &'a str, new: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut count: HashMap<&str, isize> = HashMap::new();
    for l in old.lines() {
        *count.entry(l).or_default() += 1;
    }
    for l in new.lines() {
        *count.entry(l).or_default() -= 1;
    }
    let gone = old.lines().filter(|l| count[l] > 0).collect();
    let added = new.lines().filter(|l| count[l] < 0).collect();
    (gone, added)
}
