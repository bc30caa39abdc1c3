//! Feeds and pages named by `http(s)://` addresses: fetched once, with a timeout and a size
//! limit, and kept in the cache directory (`$XDG_CACHE_HOME/newslens/fetched`), so a second
//! run reads them offline. What is fetched is input like any file: hostile until read.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

/// The most bytes a fetched page or feed may have.
pub const MAX_FETCH: u64 = 20 << 20;

/// How long a fetch may take, connecting included.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Whether `arg` names an address to fetch rather than a file.
pub fn is_address(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Where fetched pages are kept: one file per address, named by its MD5.
pub fn cache_dir() -> Option<PathBuf> {
    crate::config::cache_dir("fetched")
}

/// The body at `url`: from the cache when it was fetched before, else fetched and kept there.
/// The error says why, in a few words, for a `URL: error: …` line.
pub fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let digest = md5::Md5::digest(url.as_bytes());
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let cached = cache_dir().map(|d| d.join(name));
    if let Some(bytes) = cached.as_ref().and_then(|p| std::fs::read(p).ok()) {
        return Ok(bytes);
    }
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).http_status_as_error(false).build().into();
    let response = agent.get(url).call().map_err(|e| format!("cannot fetch: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("cannot fetch: the server answered {status}"));
    }
    let mut bytes = Vec::new();
    response
        .into_body()
        .into_reader()
        .take(MAX_FETCH + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot fetch: {e}"))?;
    if bytes.len() as u64 > MAX_FETCH {
        return Err(format!("more than {} MiB; not read", MAX_FETCH >> 20));
    }
    // Kept whole or not at all: another run never reads half a page.
    if let Some(path) = cached
        && let Some(dir) = path.parent()
        && std::fs::create_dir_all(dir).is_ok()
        && let Ok(mut file) = tempfile::NamedTempFile::new_in(dir)
        && std::io::Write::write_all(&mut file, &bytes).is_ok()
    {
        let _ = file.persist(&path);
    }
    Ok(bytes)
}

use md5::Digest as _;
