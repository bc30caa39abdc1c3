//! A saved web page: its article found by `dom_smoothie` (a port of Mozilla's Readability),
//! with its title, its publication date from the page's metadata (`article:published_time`,
//! JSON-LD `datePublished`, else a `<time datetime>`), its canonical address, its site and its
//! language.

use super::Format;
use super::web::{day, tidy};
use crate::import::{ArticleBuilder, Imported, Input, Report};

/// Its row.
pub static FORMAT: Format = Format {
    name: "html",
    summary: "a saved web page: its main text (readability), title, date, address",
    extensions: &["html", "htm", "xhtml"],
    weak_extensions: &[],
    sniff_json: None,
    sniff_text: Some(is_html),
    read: |input: Input, report| read(input.text, input.doc_id, None, report),
    reads_empty: false,
    read_through: None,
    records: None,
    stream: None,
    writer: None,
};

/// The most elements of a page the extractor looks at: a hostile page of millions of
/// elements is cut off there rather than worked through.
const MAX_ELEMENTS: usize = 200_000;

/// Whether the start of a file is an HTML page.
fn is_html(head: &str) -> bool {
    let start: String = head.trim_start().chars().take(512).collect::<String>().to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

/// The article of one page (`url`: where it was fetched from, if it was).
pub fn read(src: &str, id: &str, url: Option<&str>, report: &mut Report) -> Imported {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Default::default()
    };
    let document = dom_query::Document::from(src);
    // The `<time datetime>` of the page, for pages whose metadata have no date.
    let time = document.select("time[datetime]").attr("datetime").map(|t| t.to_string());
    let canonical = document.select("link[rel=canonical]").attr("href").map(|t| t.to_string());
    let parsed = dom_smoothie::Readability::with_document(document, url, Some(config)).and_then(|mut r| r.parse());
    let article = match parsed {
        Ok(a) => a,
        Err(e) => {
            report.file_error(format!("no article text found in the page: {e}"));
            return Imported::default();
        }
    };
    let text = tidy(&article.text_content);
    let title = tidy(&article.title).replace('\n', " ");
    let title = if title.is_empty() { crate::import::title_from_text(&text, id) } else { title };
    let mut b = ArticleBuilder::new(id, title, text);
    let published = article.published_time.as_deref().and_then(day).or_else(|| time.as_deref().and_then(day));
    if let Some(date) = published {
        b.date(date);
    }
    let address = canonical.or(article.url).or(url.map(String::from));
    b.published(article.site_name.as_deref(), address.as_deref());
    if let Some(lang) = article.lang.as_deref() {
        b.language(lang);
    }
    Imported { articles: vec![b.finish()], ..Imported::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="da"><head><title>Huawei udfordrer NVIDIA | Tech</title>
<meta property="og:site_name" content="Tech">
<meta property="article:published_time" content="2023-09-11T08:00:00+02:00">
<link rel="canonical" href="https://example.org/huawei"></head>
<body><nav><a href="/">Forside</a> <a href="/tech">Tech</a></nav>
<article><h1>Huawei udfordrer NVIDIA</h1>
<p>Huawei, den kinesiske telekommunikationsgigant, er hurtigt ved at etablere sig som en formidabel rival til industrilederne NVIDIA og Apple i det teknologiske landskab.</p>
<p>Den seneste udvikling fremhæver Huaweis bemærkelsesværdige fremskridt, der ikke kun matcher deres modparters evner, men driver også Kinas jagt på teknologisk selvhjulpenhed.</p>
<p>Jensen Huang, NVIDIAs administrerende direktør, har anerkendt Huawei som en af de mest teknologisk avancerede virksomheder i verden.</p>
</article><footer>© Tech 2023 · Cookies</footer></body></html>"#;

    #[test]
    fn a_page_gives_its_article_title_date_address_and_language() {
        assert!(is_html(PAGE));
        let mut report = Report::new("p.html");
        let imported = read(PAGE, "p", None, &mut report);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        let a = &imported.articles[0].article;
        assert!(a.title.starts_with("Huawei udfordrer NVIDIA"), "{}", a.title);
        assert!(a.text.contains("Huawei, den kinesiske telekommunikationsgigant"), "{}", a.text);
        assert!(a.text.contains("\n\nDen seneste udvikling"), "paragraphs kept: {}", a.text);
        assert!(
            !a.text.contains("Forside") && !a.text.contains("Cookies"),
            "navigation and footer left out: {}",
            a.text
        );
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-11"));
        let source = a.source.clone().unwrap();
        assert_eq!(source.url.as_deref(), Some("https://example.org/huawei"));
        assert_eq!(a.language.as_deref(), Some("da"));
    }

    #[test]
    fn a_time_element_dates_a_page_without_metadata() {
        let page = PAGE
            .replace(r#"<meta property="article:published_time" content="2023-09-11T08:00:00+02:00">"#, "")
            .replace("<article>", r#"<article><time datetime="2023-09-06">6. sep.</time>"#);
        let imported = read(&page, "p", None, &mut Report::new("p.html"));
        assert_eq!(imported.articles[0].article.date.map(|d| d.to_string()).as_deref(), Some("2023-09-06"));
    }
}
