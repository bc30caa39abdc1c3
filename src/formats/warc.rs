//! Web archives (WARC 1.0 and 1.1, `.warc` or `.warc.gz`: how Common Crawl's CC-NEWS and web
//! archives keep news). Each HTML response record is an article (its page read as [`super::html`]
//! reads a saved page), with its address and, where the page has no date, the record's. The
//! file streams: one record at a time is held, however big the archive.

use std::io::{BufRead, BufReader, Read};

use super::Format;
use crate::import::{Draft, Imported, Input, Report};

/// Its row.
pub static FORMAT: Format = Format {
    name: "warc",
    summary: "web archives (WARC, .warc.gz): an article per HTML response, streamed",
    extensions: &["warc", "warc.gz"],
    weak_extensions: &[],
    sniff_json: None,
    sniff_text: Some(|head| head.starts_with("WARC/1.")),
    // Read whole only when named with --from on text at hand; files stream.
    read: |input: Input, report| {
        let mut imported = Imported::default();
        read(&mut input.text.as_bytes(), input.doc_id, report, &mut |d| imported.articles.push(d));
        imported
    },
    reads_empty: false,
    read_through: None,
    records: None,
    stream: Some(read),
    writer: None,
};

/// The largest record read: a bigger one (a video, a crawl's mistake) is passed over, read
/// through without being held.
pub const MAX_RECORD: u64 = 32 << 20;

/// The longest header line read: a longer one (a hostile file without line ends) is cut.
const MAX_LINE: u64 = 64 << 10;

/// The most header lines a record may have before it is taken for no WARC at all.
const MAX_HEADERS: usize = 1000;

/// Reads every record of a WARC stream (gzip-compressed or not), emitting an article for each
/// HTML response.
pub fn read(input: &mut dyn Read, stem: &str, report: &mut Report, emit: &mut dyn FnMut(Draft)) {
    let mut raw = BufReader::with_capacity(1 << 16, input);
    let gzip = raw.fill_buf().is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]));
    if gzip {
        let mut unzipped = BufReader::with_capacity(1 << 16, flate2::bufread::MultiGzDecoder::new(raw));
        records(&mut unzipped, stem, report, emit);
    } else {
        records(&mut raw, stem, report, emit);
    }
}

/// One record's header fields.
#[derive(Default)]
struct Header {
    kind: String,
    uri: String,
    date: String,
    id: String,
    content_type: String,
    length: u64,
}

fn records(input: &mut dyn BufRead, stem: &str, report: &mut Report, emit: &mut dyn FnMut(Draft)) {
    let (mut n, mut skipped, mut big) = (0usize, 0usize, 0usize);
    let mut line = Vec::new();
    loop {
        // The version line, after any blank lines between records.
        let version = loop {
            line.clear();
            match (&mut *input).take(MAX_LINE).read_until(b'\n', &mut line) {
                Ok(0) => return summary(report, n, skipped, big),
                Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => break String::from_utf8_lossy(&line).trim().to_string(),
                Err(e) => return report.file_error(format!("cannot read the archive: {e}")),
            }
        };
        if !version.starts_with("WARC/") {
            report.error(1, 1, format!("record {} does not start with a WARC version line: {version:?}", n + 1));
            return;
        }
        let mut h = Header::default();
        let mut lines = 0;
        loop {
            line.clear();
            match (&mut *input).take(MAX_LINE).read_until(b'\n', &mut line) {
                Ok(0) => return report.error(1, 1, format!("record {} ends inside its header", n + 1)),
                Ok(_) => {}
                Err(e) => return report.file_error(format!("cannot read the archive: {e}")),
            }
            lines += 1;
            if lines > MAX_HEADERS {
                return report.error(1, 1, format!("record {} has more than {MAX_HEADERS} header lines", n + 1));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                break;
            }
            let Some((name, value)) = text.split_once(':') else { continue };
            let value = value.trim().to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => h.kind = value,
                "warc-target-uri" => h.uri = value.trim_matches(['<', '>']).to_string(),
                "warc-date" => h.date = value,
                "warc-record-id" => h.id = value.trim_matches(['<', '>']).to_string(),
                "content-type" => h.content_type = value.to_ascii_lowercase(),
                "content-length" => h.length = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        n += 1;
        let wanted = h.kind == "response" && h.content_type.starts_with("application/http");
        if !wanted || h.length > MAX_RECORD {
            if wanted {
                big += 1;
            } else {
                skipped += 1;
            }
            if let Err(e) = std::io::copy(&mut (&mut *input).take(h.length), &mut std::io::sink()) {
                return report.file_error(format!("cannot read the archive: {e}"));
            }
            continue;
        }
        let mut block = Vec::with_capacity(h.length as usize);
        if let Err(e) = (&mut *input).take(h.length).read_to_end(&mut block) {
            return report.file_error(format!("cannot read the archive: {e}"));
        }
        if (block.len() as u64) < h.length {
            return report.error(1, 1, format!("record {n} ({}) is cut short", h.uri));
        }
        match page(&block) {
            Some(html) => {
                let id = if h.uri.is_empty() { format!("{stem}#{n}") } else { h.uri.clone() };
                let mut page_report = Report::new(&report.path);
                let url = (h.uri.starts_with("http://") || h.uri.starts_with("https://")).then_some(h.uri.as_str());
                let imported = super::html::read(&html, &id, url, &mut page_report);
                for mut draft in imported.articles {
                    if draft.article.date.is_none() {
                        draft.article.date = super::web::day(&h.date);
                    }
                    emit(draft);
                }
                // A page with no article text is common in a crawl: counted, not an error.
                if !page_report.diagnostics.is_empty() {
                    skipped += 1;
                }
            }
            None => skipped += 1,
        }
    }
}

/// Says how many records were not articles, once.
fn summary(report: &mut Report, records: usize, skipped: usize, big: usize) {
    if big > 0 {
        report.warning(1, 1, format!("{big} responses over {} MiB passed over", MAX_RECORD >> 20));
    }
    if records > 0 && skipped == records {
        report.warning(1, 1, format!("none of its {records} records is an HTML page with an article"));
    }
}

/// The HTML of an HTTP response block, when it is a page: headers read, a chunked or
/// gzip-encoded body undone (within [`MAX_RECORD`]).
fn page(block: &[u8]) -> Option<String> {
    let end = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| block.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))?;
    let head = String::from_utf8_lossy(&block[..end]).to_ascii_lowercase();
    let field = |name: &str| {
        head.lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(':')).map(|v| v.trim().to_string()))
    };
    let status_ok =
        head.lines().next().is_some_and(|l| l.split_whitespace().nth(1).is_some_and(|c| c.starts_with('2')));
    let html = field("content-type").is_none_or(|t| t.contains("html"));
    if !status_ok || !html {
        return None;
    }
    let mut body = block[end..].to_vec();
    if field("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = unchunk(&body)?;
    }
    if field("content-encoding").is_some_and(|t| t.contains("gzip")) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&body[..]).take(MAX_RECORD).read_to_end(&mut out).ok()?;
        body = out;
    }
    Some(super::web::decode_page(&body, field("content-type").as_deref().and_then(super::web::header_charset)))
}

/// A chunked HTTP body put back together.
fn unchunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = body.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&body[..eol]).ok()?.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A WARC record of `kind` for `uri` with `block`.
    pub fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-09-12T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            uri.len(),
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn response(html: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}").into_bytes()
    }

    const PAGE: &str = "<!DOCTYPE html><html lang=\"da\"><head><title>Huawei udfordrer NVIDIA</title></head><body><article><p>Huawei, den kinesiske telekommunikationsgigant, er hurtigt ved at etablere sig som en formidabel rival til industrilederne NVIDIA og Apple.</p><p>Den seneste udvikling fremhæver Huaweis bemærkelsesværdige fremskridt i det teknologiske landskab, og Kinas jagt på selvhjulpenhed.</p></article></body></html>";

    /// The test archive, a record each.
    fn archive_records() -> Vec<Vec<u8>> {
        let mut w = vec![record("warcinfo", "", "application/warc-fields", b"software: test\r\n")];
        w.push(record(
            "request",
            "https://example.org/h",
            "application/http; msgtype=request",
            b"GET /h HTTP/1.1\r\n\r\n",
        ));
        w.push(record("response", "https://example.org/h", "application/http; msgtype=response", &response(PAGE)));
        w.push(record(
            "response",
            "https://example.org/logo.png",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        let page = PAGE.replace("Huawei udfordrer", "Chunked:");
        let (one, two) = page.split_at(100);
        let chunked = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{one}\r\n{:x}; ext=1\r\n{two}\r\n0\r\n\r\n",
            one.len(),
            two.len()
        );
        w.push(record("response", "https://example.org/c", "application/http; msgtype=response", chunked.as_bytes()));
        w
    }

    fn archive() -> Vec<u8> {
        archive_records().concat()
    }

    fn read_all(bytes: &[u8]) -> (Vec<Draft>, Report) {
        let mut report = Report::new("a.warc");
        let mut out = Vec::new();
        read(&mut &bytes[..], "a", &mut report, &mut |d| out.push(d));
        (out, report)
    }

    #[test]
    fn html_responses_are_articles_with_their_address_and_date() {
        let (drafts, report) = read_all(&archive());
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(drafts.len(), 2);
        let a = &drafts[0].article;
        assert_eq!(a.id, "https://example.org/h");
        assert!(a.title.starts_with("Huawei udfordrer NVIDIA"));
        assert!(a.text.contains("formidabel rival"), "{}", a.text);
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-12"), "the record's date");
        assert_eq!(a.source.as_ref().and_then(|s| s.url.as_deref()), Some("https://example.org/h"));
        assert!(drafts[1].article.title.starts_with("Chunked:"), "a chunked body is put together");
    }

    #[test]
    fn gzip_members_stream_alike_and_a_broken_archive_is_said() {
        let mut gz = Vec::new();
        // Each record its own gzip member, as CC-NEWS writes them.
        for r in archive_records() {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&r).unwrap();
            gz.extend(e.finish().unwrap());
        }
        let mut again = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        again
            .write_all(&record(
                "response",
                "https://example.org/x",
                "application/http; msgtype=response",
                &response(PAGE),
            ))
            .unwrap();
        gz.extend(again.finish().unwrap());
        let (drafts, report) = read_all(&gz);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert_eq!(drafts.len(), 3);
        let (drafts, report) = read_all(b"GET / HTTP/1.1\r\n\r\n");
        assert!(drafts.is_empty());
        assert!(
            report.diagnostics[0].message.contains("does not start with a WARC version line"),
            "{:?}",
            report.diagnostics
        );
        let cut = &archive()[..archive().len() - 200];
        let (_, report) = read_all(cut);
        assert!(report.diagnostics.iter().any(|d| d.message.contains("cut short")), "{:?}", report.diagnostics);
    }
}
