//! How ids and file names are ordered: by bytes, except that a number they end in counts as a
//! number (`doc-2` before `doc-10`), as a reader numbering documents (`news-1` … `news-12`)
//! expects. The database orders the same way (`archive::sql::NEWEST`).

use std::cmp::Ordering;

/// `a` against `b`: the part before a trailing run of ASCII digits by bytes, then that run as
/// a number (leading zeros aside), then the whole by bytes.
pub fn ids(a: &str, b: &str) -> Ordering {
    let (stem_a, n_a) = split(a);
    let (stem_b, n_b) = split(b);
    stem_a.cmp(stem_b).then_with(|| n_a.len().cmp(&n_b.len())).then_with(|| n_a.cmp(n_b)).then_with(|| a.cmp(b))
}

/// The part before a trailing number, and the number's digits without leading zeros.
fn split(id: &str) -> (&str, &str) {
    let stem = id.trim_end_matches(|c: char| c.is_ascii_digit());
    (stem, id[stem.len()..].trim_start_matches('0'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn trailing_numbers_count_as_numbers() {
        let mut v = vec!["x-10", "x-2", "x-1", "x-100", "x", "x-02", "y-1", "x-0", "x-00"];
        v.sort_by(|a, b| super::ids(a, b));
        assert_eq!(v, ["x", "x-0", "x-00", "x-1", "x-02", "x-2", "x-10", "x-100", "y-1"]);
    }
}
