//! Reading fixtures a test writes: a file in a temporary directory, what loading it says, and
//! its mentions as (covered text, type).

use std::path::{Path, PathBuf};

use newslens::load::{LoadOptions, Loaded, load_paths};
use newslens::model::{Article, Corpus};

/// Writes `content` to `dir/name`.
pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// Loads one path with the default options.
pub fn load(path: &Path) -> Loaded {
    load_paths(&[path.to_path_buf()], LoadOptions::default())
}

/// Every diagnostic, as printed.
pub fn messages(l: &Loaded) -> Vec<String> {
    l.diagnostics.iter().map(|d| d.to_string()).collect()
}

/// (covered text, type) of every mention, in text order.
pub fn mentions(c: &Corpus, a: &Article) -> Vec<(String, String)> {
    a.mentions.iter().map(|m| (a.slice(m.span), c.entities[m.entity].kind.clone())).collect()
}

/// Owned pairs, to compare with [`mentions`].
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(t, k)| (t.to_string(), k.to_string())).collect()
}
