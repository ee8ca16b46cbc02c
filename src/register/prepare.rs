//! What can be done for a registration before the store is touched: checking the input and
//! analyzing its text. It needs nothing from the store but the outlet's learned boilerplate, so
//! a bulk import runs it on other threads, ahead of the writer.

use crate::claims::{Claim, extract, from_page_refs};
use crate::error::{Error, Result};
use crate::ingest::{Document, Published, first_line, parse_date};
use crate::text::{self, Analysis, boilerplate, lang};
use std::collections::HashSet;

/// A checked, analyzed version, ready to register.
#[derive(Clone)]
pub struct Prepared {
    pub doc: Document,
    pub outlet: String,
    pub title: String,
    pub published: Option<Published>,
    pub analysis: Analysis,
    /// Hashes of the text's lines, for the outlet's boilerplate statistics.
    pub lines: Vec<u64>,
    /// Which lines the boilerplate the analysis used removed ([`boilerplate::stripped_signature`]).
    pub stripped: i64,
    pub claims: Vec<Claim>,
}

/// Checks a document and analyzes it with `learned`, the outlet's boilerplate as far as known.
pub fn prepare(doc: Document, learned: &HashSet<u64>) -> Result<Prepared> {
    let outlet = doc
        .outlet
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .ok_or_else(|| {
            Error::bad("no outlet given: every version needs --outlet (or an `outlet` field)")
        })?
        .to_string();
    if let Some(l) = doc.language.as_deref().filter(|l| !lang::is_valid_code(l)) {
        return Err(Error::bad(format!(
            "bad language code {l:?}: expected ISO 639-1 such as en, ru, de"
        )));
    }
    let published = doc
        .published_at
        .as_deref()
        .map(parse_date)
        .transpose()
        .map_err(Error::BadInput)?;
    let title = doc
        .title
        .clone()
        .or_else(|| first_line(&doc.body))
        .unwrap_or_default();
    let body = boilerplate::Lines::new(&doc.body);
    let analysis = text::analyze_lines(&title, &body, doc.language.as_deref(), learned);
    let lines = body.hashes();
    let claims = extract(&doc.body)
        .into_iter()
        .chain(from_page_refs(&doc.page_refs, doc.url.as_deref()))
        .collect();
    Ok(Prepared {
        stripped: boilerplate::stripped_signature(&lines, learned),
        outlet,
        title,
        published,
        analysis,
        lines,
        claims,
        doc,
    })
}

impl Prepared {
    /// Analyzes the text again if the outlet's boilerplate is now `learned` and that removes
    /// other lines than the boilerplate it was analyzed with.
    pub fn refresh(&mut self, learned: &HashSet<u64>) {
        let stripped = boilerplate::stripped_signature(&self.lines, learned);
        if stripped != self.stripped {
            self.analysis = text::analyze(
                &self.title,
                &self.doc.body,
                self.doc.language.as_deref(),
                learned,
            );
            self.stripped = stripped;
        }
    }
}
