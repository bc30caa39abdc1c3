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

/// The text of an HTML page given as bytes, decoded as it says it is encoded: a byte-order
/// mark, else the charset of its HTTP header (`declared`), else a `<meta charset>` in its
/// first 1024 bytes, else UTF-8 where it is valid, else windows-1252 (what browsers assume).
/// Bytes the encoding cannot map become U+FFFD.
pub fn decode_page(bytes: &[u8], declared: Option<&str>) -> String {
    let label = |l: &str| encoding_rs::Encoding::for_label(l.trim().trim_matches(['"', '\'']).as_bytes());
    let encoding = encoding_rs::Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| declared.and_then(label))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(1024)]).and_then(|l| label(&l)))
        .unwrap_or(if std::str::from_utf8(bytes).is_ok() { encoding_rs::UTF_8 } else { encoding_rs::WINDOWS_1252 });
    encoding.decode(bytes).0.into_owned()
}

/// The charset a page's head declares (`<meta charset="…">` or `content="…; charset=…"`).
fn meta_charset(head: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// The charset an HTTP `Content-Type` names (`text/html; charset=ISO-8859-1`).
pub fn header_charset(content_type: &str) -> Option<&str> {
    let at = content_type.to_ascii_lowercase().find("charset=")? + "charset=".len();
    content_type.get(at..)?.split(';').next().map(str::trim).filter(|l| !l.is_empty())
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

    #[test]
    fn pages_are_decoded_as_they_say() {
        // "Søren på Ærø" in windows-1252 / ISO-8859-1.
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body>S\xf8ren p\xe5 \xc6r\xf8</body></html>";
        assert!(decode_page(latin1, None).contains("Søren på Ærø"));
        // Undeclared and not UTF-8: windows-1252, as browsers read it (0x80 is the euro sign).
        assert!(decode_page(b"<p>5 \x80 for S\xf8ren</p>", None).contains("5 € for Søren"));
        // The HTTP header outranks the page; a byte-order mark outranks both.
        let koi8 = b"<p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
        assert!(decode_page(koi8, header_charset("text/html; charset=KOI8-R")).contains("Привет"));
        assert_eq!(decode_page("\u{feff}<p>Zoë</p>".as_bytes(), Some("iso-8859-1")), "<p>Zoë</p>");
        // UTF-8 stays UTF-8.
        assert_eq!(decode_page("<p>Zoë 🚀</p>".as_bytes(), None), "<p>Zoë 🚀</p>");
        assert_eq!(header_charset("text/html;Charset=UTF-8"), Some("UTF-8"));
        assert_eq!(header_charset("text/html"), None);
    }
}
