//! Claims: what a text (or its page markup) says about where it comes from. Sentences in, plain
//! `Claim`s out; resolving the outlet a claim names against the store happens in `resolve`.

mod extract;
pub mod languages;
mod patterns;
pub mod resolve;
pub mod target;
mod triggers;

pub use extract::extract;
pub use languages::language_code;

use crate::ingest::PageRef;
use serde::Serialize;

/// One statement of provenance, as read from a sentence or a page's markup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// `originally_published`, `first_released`, `translated_from`, `source`, `original`,
    /// `read_more`, `republished_with_permission`, `version_title`, `publishing_original`,
    /// `canonical`, `is_based_on`, `translation_of`.
    pub kind: &'static str,
    /// The outlet the text names as where the other version appeared.
    pub outlet: Option<String>,
    /// Language of the version the claim points at (ISO 639-1).
    pub language: Option<String>,
    /// Title of the version the claim points at.
    pub title: Option<String>,
    pub url: Option<String>,
    /// The sentence (or markup) the claim was read from.
    pub sentence: String,
}

impl Claim {
    /// Whether the claim says this text is derived from another (nearly every kind); a
    /// `publishing_original` claim says the text itself is an original-language version.
    pub fn points_to_source(&self) -> bool {
        self.kind != "publishing_original"
    }

    /// "Read more at X" on a short text: X has the full text this one is an excerpt of.
    pub fn says_excerpt(&self) -> bool {
        self.kind == "read_more"
    }

    /// The claim says the other version is in another language (a translation).
    pub fn says_translation(&self) -> bool {
        matches!(self.kind, "translated_from" | "translation_of")
    }
}

/// Claims from page markup: canonical links and og:url pointing elsewhere, schema.org pointers.
pub fn from_page_refs(refs: &[PageRef], own_url: Option<&str>) -> Vec<Claim> {
    refs.iter()
        .filter(|r| match (r.kind.as_str(), r.url.as_deref()) {
            ("canonical" | "og:url", Some(u)) => Some(u) != own_url,
            ("canonical" | "og:url", None) => false,
            _ => true,
        })
        .map(|r| Claim {
            kind: match r.kind.as_str() {
                "translationOfWork" => "translation_of",
                "isBasedOn" => "is_based_on",
                _ => "canonical",
            },
            outlet: None,
            language: r.language.clone(),
            title: r.title.clone(),
            url: r.url.clone(),
            sentence: format!(
                "<{}> {}",
                r.kind,
                r.url.as_deref().or(r.title.as_deref()).unwrap_or("")
            ),
        })
        .collect()
}
