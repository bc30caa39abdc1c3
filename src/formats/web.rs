//! What the web formats share: HTML as text with its paragraphs, and dates as the web writes
//! them (`2023-09-11T08:00:00Z`, RFC 3339) read to the day.

use crate::date::PartialDate;

/// The text of an HTML fragment (a feed item's content): tags gone, entities decoded, a blank
/// line between paragraphs, no more than one blank line in a row.
pub fn html_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return tidy(html);
    }
    let doc = dom_query::Document::from(html);
    tidy(&doc.formatted_text())
}

/// Lines trimmed at their ends, runs of blank lines one.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push('\n');
        }
        blank = false;
        out.push_str(line.trim_start_matches(['\u{a0}']));
    }
    out
}

/// The day of a date as the web writes it (`2023-09-11T08:00:00+02:00`, `2023-09-11`), if any.
pub fn day(text: &str) -> Option<PartialDate> {
    let day: String = text.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
    PartialDate::parse(day.trim_end_matches('-')).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_paragraphs() {
        let text =
            html_text("<p>Huawei &amp; NVIDIA.</p>\n\n\n<p>Second <b>para</b>graph.<br>Line.</p><script>x()</script>");
        assert!(text.starts_with("Huawei & NVIDIA.\n\nSecond paragraph."), "{text:?}");
        assert_eq!(html_text("plain  text\n\n\n\nmore"), "plain  text\n\nmore");
        assert_eq!(day("2023-09-11T08:00:00Z").map(|d| d.to_string()).as_deref(), Some("2023-09-11"));
        assert_eq!(day("yesterday"), None);
    }
}
