//! Inputs → `Document`: decode bytes, recognise the format, pull out the metadata a page carries.
//! Nothing here knows about the store.

mod date;
mod decode;
mod html;
mod jsonl;

pub use date::{Published, parse_date};
pub use decode::decode_text;
pub use html::{looks_like_html, parse_html};
pub use jsonl::{FeedLine, parse_feed_line};

use serde::{Deserialize, Serialize};

/// One version as read from an input, before any analysis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Plain text, title first when the input had one; paragraphs separated by blank lines.
    pub body: String,
    pub title: Option<String>,
    pub author: Option<String>,
    /// Normalized: `YYYY-MM-DD` or RFC 3339 in UTC.
    pub published_at: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// What the page's markup says about its origin (canonical URL, JSON-LD `isBasedOn`, …).
    pub page_refs: Vec<PageRef>,
}

/// A provenance pointer found in HTML markup rather than in the prose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRef {
    /// `canonical`, `og:url`, `isBasedOn`, `translationOfWork`.
    pub kind: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub language: Option<String>,
}

/// Reads one registered input (a text file or an HTML page) from its bytes.
pub fn read_document(bytes: &[u8], name_hint: &str) -> crate::Result<Document> {
    if html::looks_like_html(bytes, name_hint) {
        return html::parse_html(bytes);
    }
    let text = decode_text(bytes)?;
    Ok(Document {
        body: text,
        ..Document::default()
    })
}

/// The first non-empty line, trimmed: the title of a plain-text article.
pub fn first_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(500).collect())
}
