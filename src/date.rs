//! Dates that keep their precision: a year (`2019`), a month (`2023-08`) or a day (`2023-09-06`).
//!
//! Years are whole numbers of any size, counted as ISO 8601 and TimelineJS count them: year 0
//! is 1 BCE, `-3500` is 3501 BCE, and `-13800000000` is as far back as the universe goes. A
//! year from 0 to 9999 is written with four digits; others with their sign and as many digits
//! as they need.

use std::cmp::Ordering;
use std::fmt;

/// A calendar date known to the year, the month or the day.
///
/// Ordering compares the known parts first; when one date is a prefix of the other
/// (`2023-09` and `2023-09-06`) the less precise one sorts first, because it names the
/// whole period the precise one falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The year (0 is 1 BCE; negative years are earlier).
    pub year: i64,
    /// The month, 1–12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

/// How precisely a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, where the year has four digits or more, or a
    /// sign and any number (`-3500`, `+12023`); the error says what is wrong.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let (sign, rest) = match s.as_bytes().first() {
            Some(b'-') => (-1, &s[1..]),
            Some(b'+') => (1, &s[1..]),
            _ => (1, s),
        };
        // Up to three parts, taken without a list: every event has a date or two.
        let mut parts = rest.split('-');
        let (year_part, month_part, day_part) = (parts.next().unwrap_or(""), parts.next(), parts.next());
        if parts.next().is_some() {
            return Err("expected YYYY, YYYY-MM or YYYY-MM-DD".into());
        }
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let signed = rest.len() < s.len();
        let year_ok = year_part.bytes().all(|b| b.is_ascii_digit()) && year_part.len() >= if signed { 1 } else { 4 };
        if !year_ok {
            return Err("expected YYYY, YYYY-MM or YYYY-MM-DD (a four-digit year)".into());
        }
        let year = year_part.parse::<i64>().map_err(|_| "year out of range")? * sign;
        let mut date = PartialDate { year, month: None, day: None };
        if let Some(m) = month_part {
            if !digits(m, 2) {
                return Err("expected YYYY-MM with a two-digit month".into());
            }
            let month: u8 = m.parse().unwrap_or(0);
            if !(1..=12).contains(&month) {
                return Err(format!("month {month} is not 01–12"));
            }
            date.month = Some(month);
        }
        if let Some(d) = day_part {
            if !digits(d, 2) {
                return Err("expected YYYY-MM-DD with a two-digit day".into());
            }
            let day: u8 = d.parse().unwrap_or(0);
            let max = days_in_month(year, date.month.unwrap_or(1));
            if day < 1 || day > max {
                return Err(format!("day {day} is not 01–{max:02} for that month"));
            }
            date.day = Some(day);
        }
        Ok(date)
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The sort key: unknown parts count as 0, so a period sorts before the days in it.
    fn key(&self) -> (i64, u8, u8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

/// Days in a month of a year (proleptic Gregorian).
pub fn days_in_month(year: i64, month: u8) -> u8 {
    let divides = |n: i64| year.rem_euclid(n) == 0;
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (divides(4) && !divides(100)) || divides(400) => 29,
        2 => 28,
        _ => 31,
    }
}

/// A date or a range, as short as stays unambiguous: `2023-08-24–27`, `2023-09-06–10-02`,
/// `2019–2021`. Each end keeps its own precision.
pub fn format_range(start: Option<PartialDate>, end: Option<PartialDate>) -> String {
    let Some(start) = start else { return "undated".into() };
    let Some(end) = end else { return start.to_string() };
    let tail = match (start.month, end.month, start.day, end.day) {
        _ if end.year != start.year || end.month.is_none() => end.to_string(),
        (Some(m1), Some(m2), Some(_), Some(d2)) if m1 == m2 => format!("{d2:02}"),
        (_, Some(m2), _, Some(d2)) => format!("{m2:02}-{d2:02}"),
        (_, Some(m2), _, None) => format!("{m2:02}"),
        _ => end.to_string(),
    };
    format!("{start}–{tail}")
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if (0..=9999).contains(&self.year) {
            write!(f, "{:04}", self.year)?;
        } else {
            write!(f, "{}", self.year)?;
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_prints_it_back() {
        for s in ["2019", "2023-08", "2023-09-06", "2024-02-29"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(PartialDate::parse("2019").unwrap().precision(), Precision::Year);
        assert_eq!(PartialDate::parse("2023-08").unwrap().precision(), Precision::Month);
    }

    #[test]
    fn rejects_malformed_dates_with_a_reason() {
        for (s, why) in [
            ("2023-13", "month 13"),
            ("2023-02-29", "day 29"),
            ("23-09", "four-digit year"),
            ("2023/09", "four-digit year"),
            ("2023-9", "two-digit month"),
            ("2023-09-06-01", "expected YYYY"),
            ("", "four-digit year"),
        ] {
            let err = PartialDate::parse(s).unwrap_err();
            assert!(err.contains(why), "{s:?}: {err}");
        }
    }

    #[test]
    fn years_may_be_negative_and_large() {
        for s in ["-3500", "-13800000000", "12023", "-0044-03-15", "0000"] {
            let d = PartialDate::parse(s).unwrap();
            assert_eq!(PartialDate::parse(&d.to_string()).unwrap(), d, "{s}");
        }
        assert_eq!(PartialDate::parse("-44").unwrap().to_string(), "-44");
        assert_eq!(PartialDate::parse("+12023").unwrap().year, 12023);
        let mut v: Vec<_> =
            ["2023", "-3500", "-13800000000", "-44"].iter().map(|s| PartialDate::parse(s).unwrap()).collect();
        v.sort();
        assert_eq!(v.iter().map(|d| d.year).collect::<Vec<_>>(), [-13_800_000_000, -3500, -44, 2023]);
        assert!(PartialDate::parse("-").is_err());
        assert!(PartialDate::parse("99999999999999999999").unwrap_err().contains("out of range"));
    }

    #[test]
    fn ranges_are_written_short() {
        let d = |s: &str| Some(PartialDate::parse(s).unwrap());
        assert_eq!(format_range(d("2023-08-24"), d("2023-08-27")), "2023-08-24–27");
        assert_eq!(format_range(d("2023-09-06"), d("2023-10-02")), "2023-09-06–10-02");
        assert_eq!(format_range(d("2023-08"), d("2023-09")), "2023-08–09");
        assert_eq!(format_range(d("2019"), d("2021")), "2019–2021");
        assert_eq!(format_range(d("2019-05"), None), "2019-05");
        assert_eq!(format_range(None, None), "undated");
    }

    #[test]
    fn a_period_sorts_before_the_days_in_it() {
        let mut v: Vec<_> = ["2023-09-06", "2023-09", "2023", "2019-08-23", "2023-08"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        v.sort();
        let out: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(out, ["2019-08-23", "2023", "2023-08", "2023-09", "2023-09-06"]);
    }
}
