//! Plain text and Markdown: one article per file, unannotated (`newslens annotate` finds its
//! entities). The title is the first line (a Markdown `#` heading's text); the text is the
//! rest. Markdown front matter (`---` lines around `key: value` lines, as Hugo and Jekyll
//! write it) gives the title, the date, the address and the language.

use super::Format;
use crate::import::{ArticleBuilder, Imported, Input, Report};

/// Its row.
pub static FORMAT: Format = Format {
    name: "text",
    summary: "plain text or Markdown: an article per file, its first line (or # heading) the title",
    extensions: &["md", "markdown"],
    weak_extensions: &["txt", "text"],
    sniff_json: None,
    sniff_text: None,
    read: |input: Input, report| read(input.text, input.doc_id, report),
    reads_empty: false,
    read_through: None,
    records: None,
    stream: None,
    writer: None,
};

/// The article of one file.
pub fn read(src: &str, id: &str, report: &mut Report) -> Imported {
    let src = src.replace("\r\n", "\n");
    let (front, body) = front_matter(&src);
    let mut lines = body.lines().enumerate().skip_while(|(_, l)| l.trim().is_empty());
    let first = lines.next();
    let field = |k: &str| front.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str());
    // The title: the front matter's, else the first line (a heading's text).
    let (title, text) = match (field("title"), first) {
        (Some(t), _) => (t.to_string(), body.trim_start_matches('\n').to_string()),
        (None, Some((i, line))) => {
            let rest: Vec<&str> = body.lines().skip(i + 1).collect();
            let rest = rest.join("\n");
            (line.trim().trim_start_matches('#').trim().to_string(), rest.trim_start_matches('\n').to_string())
        }
        (None, None) => (id.to_string(), String::new()),
    };
    let text = text.trim_end().to_string();
    let mut b = ArticleBuilder::new(id, if title.is_empty() { id.to_string() } else { title }, text);
    if let Some(d) = field("date").or(field("published")) {
        let d = d.trim_matches(['"', '\'']);
        // `2023-09-11T08:00:00Z` and `2023-09-11 08:00` are dated by their day.
        let day: String = d.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
        match crate::date::PartialDate::parse(day.trim_end_matches('-')) {
            Ok(date) => b.date(date),
            Err(e) => {
                // The front matter's pairs are its lines, after the opening `---`.
                let line = front.iter().position(|(k, _)| k.eq_ignore_ascii_case("date")).map_or(1, |i| i + 2);
                report.warning(line, 1, format!("date {d:?} is not read: {e}"));
            }
        }
    }
    let url = field("url").or(field("canonical")).or(field("link"));
    b.published(field("source").or(field("site")), url);
    if let Some(lang) = field("lang").or(field("language")) {
        b.language(lang.trim_matches(['"', '\'']));
    }
    Imported { articles: vec![b.finish()], ..Imported::default() }
}

/// A Markdown file's front matter (`key: value` pairs between `---` lines at its start) and
/// its body.
fn front_matter(src: &str) -> (Vec<(String, String)>, &str) {
    let Some(rest) = src.strip_prefix("---\n") else { return (Vec::new(), src) };
    let Some(end) = rest.find("\n---\n").or_else(|| rest.ends_with("\n---").then(|| rest.len() - 4)) else {
        return (Vec::new(), src);
    };
    let pairs = rest[..end]
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches(['"', '\'']).to_string()))
        .collect();
    let body = rest.get(end + 5..).unwrap_or("");
    (pairs, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(src: &str) -> crate::model::Article {
        let mut report = Report::new("a.md");
        let mut imported = read(src, "a", &mut report);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        imported.articles.remove(0).article
    }

    #[test]
    fn the_first_line_or_heading_is_the_title() {
        let a = one("\n# Huawei udfordrer NVIDIA\r\n\r\nHuawei, den kinesiske gigant.\r\n");
        assert_eq!((a.title.as_str(), a.text.as_str()), ("Huawei udfordrer NVIDIA", "Huawei, den kinesiske gigant."));
        let a = one("Plain title\nBody line one.\nBody line two.\n");
        assert_eq!((a.title.as_str(), a.text.as_str()), ("Plain title", "Body line one.\nBody line two."));
        assert_eq!(one("").title, "a");
    }

    #[test]
    fn front_matter_gives_title_date_address_and_language() {
        let a = one(
            "---\ntitle: \"Huawei: en rival\"\ndate: 2023-09-11T08:00:00Z\nurl: https://example.org/h\nlang: da\n---\n\nTekst om Huawei.\n",
        );
        assert_eq!(a.title, "Huawei: en rival");
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-11"));
        assert_eq!(a.source.and_then(|s| s.url).as_deref(), Some("https://example.org/h"));
        assert_eq!(a.language.as_deref(), Some("da"));
        assert_eq!(a.text, "Tekst om Huawei.");
    }
}
