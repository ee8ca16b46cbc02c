//! One line of a bulk feed: `text` and `outlet` required; the rest optional.

use super::{Document, date::parse_date};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct FeedLine {
    pub text: String,
    pub outlet: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published_at: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default, alias = "lang")]
    pub language: Option<String>,
}

/// Parses one feed line into a document; the message says which field is wrong.
pub fn parse_feed_line(line: &str) -> Result<Document, String> {
    // A file saved "as UTF-8" by some Windows tools starts with a byte order mark.
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let feed: FeedLine = serde_json::from_str(line).map_err(|e| {
        // serde's column is useful; its "at line 1" is not (the caller knows the line).
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string()
            + &format!(" (column {})", e.column());
        // Not JSON at all, or JSON of another shape: say what a feed line is.
        if e.is_syntax() || !line.trim_start().starts_with('{') {
            msg + "; a feed line is one JSON object such as {\"outlet\": …, \"text\": …} \
                   (`add` registers a single text or page)"
        } else {
            msg
        }
    })?;
    if feed.text.trim().is_empty() {
        return Err("field `text` is empty".into());
    }
    if feed.outlet.trim().is_empty() {
        return Err("field `outlet` is empty".into());
    }
    if feed.text.contains('\0') {
        return Err("field `text` holds binary data (NUL)".into());
    }
    let published_at = match feed.published_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(parse_date(d)?.to_stored()),
    };
    Ok(Document {
        body: feed.text.replace("\r\n", "\n"),
        title: feed.title.filter(|t| !t.trim().is_empty()),
        author: feed.author.filter(|a| !a.trim().is_empty()),
        published_at,
        url: feed.url.filter(|u| !u.trim().is_empty()),
        outlet: Some(feed.outlet.trim().to_string()),
        language: feed.language.filter(|l| !l.trim().is_empty()),
        page_refs: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_text_and_outlet() {
        assert!(
            parse_feed_line(r#"{"outlet":"X"}"#)
                .unwrap_err()
                .contains("text")
        );
        assert!(
            parse_feed_line(r#"{"text":"body"}"#)
                .unwrap_err()
                .contains("outlet")
        );
        assert!(
            parse_feed_line(r#"{"text":"b","outlet":"X","published_at":"yesterday"}"#)
                .unwrap_err()
                .contains("bad date")
        );
        let doc =
            parse_feed_line(r#"{"text":"b","outlet":" X ","published_at":"2024-01-02"}"#).unwrap();
        assert_eq!(doc.outlet.as_deref(), Some("X"));
        assert_eq!(doc.published_at.as_deref(), Some("2024-01-02"));
    }

    #[test]
    fn a_byte_order_mark_and_a_carriage_return_are_no_part_of_the_line() {
        let doc = parse_feed_line("\u{feff}{\"text\":\"b\",\"outlet\":\"X\"}\r").unwrap();
        assert_eq!((doc.body.as_str(), doc.outlet.as_deref()), ("b", Some("X")));
    }
}
