//! News feeds: RSS 0.9–2.0, Atom and JSON Feed, read by `feed-rs`. Each item is an article:
//! its title, its date (published, else updated), its address, its text from the full content
//! where the feed has it, else the summary (the source says which), the feed's language.

use super::Format;
use super::web::{html_text, tidy};
use crate::import::{ArticleBuilder, Imported, Input, Report};

/// Its row.
pub static FORMAT: Format = Format {
    name: "feed",
    summary: "RSS, Atom and JSON Feed: an article per item (full content, else summary)",
    extensions: &["rss", "atom"],
    weak_extensions: &[],
    sniff_json: Some(|item| {
        item.get("version").and_then(|v| v.as_str()).is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"))
    }),
    sniff_text: Some(is_feed),
    read: |input: Input, report| read(input.text, input.doc_id, report),
    reads_empty: false,
    read_through: None,
    records: None,
    stream: None,
    writer: None,
};

/// Whether the start of a file is an XML feed.
fn is_feed(head: &str) -> bool {
    let head = head.trim_start();
    let start: String = head.chars().take(2048).collect::<String>().to_ascii_lowercase();
    start.starts_with('<') && (start.contains("<rss") || start.contains("<feed") || start.contains("<rdf:rdf"))
}

/// Every item of one feed.
pub fn read(src: &str, stem: &str, report: &mut Report) -> Imported {
    let feed = match feed_rs::parser::parse(src.as_bytes()) {
        Ok(f) => f,
        Err(e) => {
            report.file_error(format!("not a feed newslens can read: {e}"));
            return Imported::default();
        }
    };
    let feed_title = feed.title.as_ref().map(|t| tidy(&html_text(&t.content))).filter(|t| !t.is_empty());
    let mut imported = Imported::default();
    let mut seen = std::collections::HashSet::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let (text, from) = match (&entry.content, &entry.summary) {
            (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
                (html_text(c.body.as_deref().unwrap_or_default()), "full content")
            }
            (_, Some(s)) => (html_text(&s.content), "summary"),
            _ => (String::new(), "no text"),
        };
        let title = entry.title.as_ref().map(|t| tidy(&html_text(&t.content))).unwrap_or_default();
        let title = if title.is_empty() { crate::import::title_from_text(&text, stem) } else { title };
        // Ids as the feed gives them, made unique within it (feeds repeat them).
        let mut id = if entry.id.trim().is_empty() { format!("{stem}#{}", i + 1) } else { entry.id.clone() };
        if !seen.insert(id.clone()) {
            id = format!("{id}#{}", i + 1);
            seen.insert(id.clone());
        }
        let mut b = ArticleBuilder::new(id, title, text);
        if let Some(when) = entry.published.or(entry.updated)
            && let Ok(date) = crate::date::PartialDate::parse(&when.format("%Y-%m-%d").to_string())
        {
            b.date(date);
        }
        let link =
            entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.as_str());
        let name = format!("{} ({from})", feed_title.as_deref().unwrap_or("feed"));
        b.published(Some(&name), link);
        if let Some(lang) = entry.language.as_deref().or(feed.language.as_deref()) {
            b.language(lang);
        }
        imported.articles.push(b.finish());
    }
    if imported.articles.is_empty() {
        report.warning(1, 1, "the feed has no items");
    }
    imported
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Tech &amp; Marked</title><language>da</language>
<item><title>Huawei udfordrer NVIDIA</title><link>https://example.org/huawei</link><guid>h1</guid>
<pubDate>Mon, 11 Sep 2023 08:00:00 +0000</pubDate>
<description>Kort resumé.</description>
<content:encoded><![CDATA[<p>Huawei, den kinesiske gigant.</p><p>Huaweis chip.</p>]]></content:encoded></item>
<item><title>Apple falder</title><guid>h2</guid><description>&lt;p&gt;Apple-aktien faldt.&lt;/p&gt;</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_are_articles_with_content_or_summary() {
        assert!(is_feed(RSS));
        let mut report = Report::new("f.rss");
        let imported = read(RSS, "f", &mut report);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let a: Vec<&crate::model::Article> = imported.articles.iter().map(|d| &d.article).collect();
        assert_eq!(a.len(), 2);
        assert_eq!((a[0].id.as_str(), a[0].title.as_str()), ("h1", "Huawei udfordrer NVIDIA"));
        assert_eq!(a[0].text, "Huawei, den kinesiske gigant.\n\nHuaweis chip.");
        assert_eq!(a[0].date.map(|d| d.to_string()).as_deref(), Some("2023-09-11"));
        assert_eq!(a[0].language.as_deref(), Some("da"));
        let source = a[0].source.clone().unwrap();
        assert_eq!(source.name.as_deref(), Some("Tech & Marked (full content)"));
        assert_eq!(source.url.as_deref(), Some("https://example.org/huawei"));
        assert_eq!(a[1].text, "Apple-aktien faldt.");
        assert_eq!(a[1].source.clone().unwrap().name.as_deref(), Some("Tech & Marked (summary)"));
    }

    #[test]
    fn atom_and_json_feed_read_alike_and_a_broken_feed_is_said() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2023-09-12T00:00:00Z</updated>
<entry><id>urn:e1</id><title>Apple unveils iPhone 15</title><updated>2023-09-12T17:00:00Z</updated><link href="https://example.org/a"/><summary>Apple viste iPhone 15.</summary></entry></feed>"#;
        let mut report = Report::new("a.atom");
        let imported = read(atom, "a", &mut report);
        let a = &imported.articles[0].article;
        assert_eq!((a.title.as_str(), a.text.as_str()), ("Apple unveils iPhone 15", "Apple viste iPhone 15."));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-12"));
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "content_text": "Tekst om SMIC.", "date_published": "2023-09-04T10:00:00Z", "url": "https://example.org/j"}]}"#;
        let item: serde_json::Value = serde_json::from_str(json).unwrap();
        assert!((FORMAT.sniff_json.unwrap())(&item));
        let imported = read(json, "j", &mut Report::new("j.json"));
        let a = &imported.articles[0].article;
        assert_eq!((a.title.as_str(), a.text.as_str()), ("Tekst om SMIC.", "Tekst om SMIC."));
        let mut report = Report::new("bad.rss");
        assert!(read("<rss><channel><item>", "bad", &mut report).articles.is_empty());
        assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
    }
}

#[cfg(test)]
mod hostile {
    use super::*;

    #[test]
    fn entities_defined_in_a_feed_are_not_expanded() {
        // A billion laughs: ten levels of ten; expanded it would be 10^10 chars.
        let mut dtd = String::from("<!ENTITY l0 \"ha\">");
        for i in 1..10 {
            let prev = format!("&l{};", i - 1).repeat(10);
            dtd.push_str(&format!("<!ENTITY l{i} \"{prev}\">"));
        }
        let feed = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [{dtd}]><rss version=\"2.0\"><channel><title>T</title><item><title>&l9;</title><guid>g</guid><description>x</description></item></channel></rss>"
        );
        let mut report = Report::new("laughs.rss");
        let imported = read(&feed, "laughs", &mut report);
        let longest = imported.articles.iter().map(|d| d.article.title.len()).max().unwrap_or(0);
        assert!(longest < 1000, "an entity was expanded to {longest} bytes");
    }
}
