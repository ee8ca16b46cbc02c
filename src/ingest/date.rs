//! Publication dates: `YYYY-MM-DD` or RFC 3339, compared at the precision both sides have.

use chrono::{DateTime, NaiveDate, Utc};
use std::cmp::Ordering;

/// A publication time as precise as the input gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

impl Published {
    pub fn day(self) -> NaiveDate {
        match self {
            Published::Day(d) => d,
            Published::Instant(t) => t.date_naive(),
        }
    }

    /// Orders two times; a date-only side is compared by day, since "the same day" is all it says.
    pub fn compare(self, other: Published) -> Ordering {
        match (self, other) {
            (Published::Instant(a), Published::Instant(b)) => a.cmp(&b),
            _ => self.day().cmp(&other.day()),
        }
    }

    /// Stored form: `YYYY-MM-DD`, or RFC 3339 in UTC with seconds.
    pub fn to_stored(self) -> String {
        match self {
            Published::Day(d) => d.format("%Y-%m-%d").to_string(),
            Published::Instant(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }
}

/// Parses `YYYY-MM-DD` or an RFC 3339 timestamp; a message names what was expected otherwise.
pub fn parse_date(s: &str) -> Result<Published, String> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Published::Day(d));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Published::Instant(t.with_timezone(&Utc)));
    }
    Err(format!(
        "bad date {s:?}: expected YYYY-MM-DD or RFC 3339 (2024-03-14T09:30:00Z)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_and_compares_by_shared_precision() {
        let d = parse_date("2024-03-14").unwrap();
        let t = parse_date("2024-03-14T23:30:00+02:00").unwrap();
        assert_eq!(t.to_stored(), "2024-03-14T21:30:00Z");
        assert_eq!(d.compare(t), Ordering::Equal);
        assert_eq!(d.compare(parse_date("2024-03-15").unwrap()), Ordering::Less);
        assert!(parse_date("14/03/2024").is_err());
    }
}
