//! Feeds and pages named by address: fetched from a server on the loopback started here (no
//! network), kept in the cache so a second run reads them offline, errors said per address.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Lokal</title><language>da</language>
<item><title>Huawei udfordrer NVIDIA</title><guid>h1</guid><pubDate>Mon, 11 Sep 2023 08:00:00 +0000</pubDate><description>Huawei og NVIDIA.</description></item></channel></rss>"#;

const PAGE: &str = "<!DOCTYPE html><html lang=\"da\"><head><title>Apple falder</title></head><body><article><p>Apple-aktien faldt omkring seks procent på to dage, efter rapporter om at kinesiske embedsmænd ikke må bruge iPhones på arbejdet.</p><p>Analytikere ser det som et tegn på den voksende kløft mellem USA og Kina i det teknologiske landskab.</p></article></body></html>";

/// Serves the feed, the page and a 404 on the loopback; counts the requests.
fn serve() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let _ = BufReader::new(&stream).read_line(&mut request);
            counted.fetch_add(1, Ordering::SeqCst);
            let (status, body, kind) = match request.split_whitespace().nth(1) {
                Some("/feed.rss") => ("200 OK", FEED, "application/rss+xml"),
                Some("/page.html") => ("200 OK", PAGE, "text/html"),
                _ => ("404 Not Found", "nothing here", "text/plain"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, hits)
}

fn newslens(args: &[&str], cache: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newslens")).args(args).env("XDG_CACHE_HOME", cache).output().unwrap()
}

#[test]
fn addresses_are_fetched_once_then_read_from_the_cache() {
    let (base, hits) = serve();
    let cache = tempfile::tempdir().unwrap();
    let (feed, page) = (format!("{base}/feed.rss"), format!("{base}/page.html"));
    let o = newslens(&["articles", &feed, &page, "--json"], cache.path());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let titles: Vec<&str> = rows.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Huawei udfordrer NVIDIA", "Apple falder"]);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    // The page's address is the one it was fetched from.
    let o = newslens(&["export", &page, "--to", "jsonl"], cache.path());
    let article: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(article["source"]["url"].as_str(), Some(page.as_str()));
    assert_eq!(hits.load(Ordering::SeqCst), 2, "the second run reads the cache");
    // An address that answers 404: said with the address, a data problem (3).
    let missing = format!("{base}/missing");
    let o = newslens(&["check", &missing], cache.path());
    assert_eq!(o.status.code(), Some(3));
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.starts_with(&format!("{missing}: error: cannot fetch: the server answered 404")), "{said}");
    // Nobody listening: said, not hung.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let o = newslens(&["check", &format!("http://{closed}/x")], cache.path());
    assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains(": error: cannot fetch:"));
}
