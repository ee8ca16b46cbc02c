//! Sentences → claims, with the formulas of `patterns` (English, Russian, German, French,
//! Spanish). tests/claims.rs holds the table of what is and is not a claim.

use super::Claim;
use super::languages::language_code;
use super::patterns::{LANGUAGES, PATTERNS, Pattern, TITLE_AFTER};
use super::target::{self, take_quoted};
use super::triggers;
use regex::{Captures, RegexSet};
use std::sync::OnceLock;

/// Per language, its patterns at once, loosened to match a superset of what they match: most
/// sentences match none, and one pass of the set rules them out; the patterns it flags then run
/// their own capturing search. A language's set is compiled the first time a sentence has one
/// of its trigger words: all 43 patterns in one set took 8–25 ms to compile, in every `add` of a
/// text that says where it was first published; one language's take a fraction of that. None if
/// a set is too large to compile, and then each of its patterns runs. Loosened (word boundaries
/// dropped, letters as any non-space), a set compiles ~4× faster than with Unicode word and
/// letter classes, and the regex crate's fast automata never give up on it as they do on
/// Unicode `\b` in non-ASCII text.
static ANY: [OnceLock<Option<RegexSet>>; LANGUAGES] = [const { OnceLock::new() }; LANGUAGES];

/// The indices in `PATTERNS` of the patterns of `language`'s set that may match `s`, in order.
fn flagged(language: usize, s: &str) -> impl Iterator<Item = usize> {
    let of_language = PATTERNS
        .iter()
        .enumerate()
        .filter(move |(_, p)| p.language == language)
        .map(|(i, _)| i);
    let set = ANY[language].get_or_init(|| {
        RegexSet::new(
            PATTERNS
                .iter()
                .filter(|p| p.language == language)
                .map(|p| loosened(&p.source)),
        )
        .ok()
    });
    let matched = set.as_ref().map(|set| set.matches(s));
    of_language
        .enumerate()
        .filter(move |(k, _)| matched.as_ref().is_none_or(|m| m.matched(*k)))
        .map(|(_, i)| i)
}

/// A regex matching everything `pattern` matches (and more).
fn loosened(pattern: &str) -> String {
    pattern.replace(r"\b", "").replace(r"\p{L}", r"\S")
}

/// Words that make the start of a sentence speak of the text itself, so a formula after them
/// is about this text ("A version of this article first appeared …").
const SELF_REFERENCE: &[&str] = &[
    "this",
    "these",
    "it",
    "its",
    "article",
    "story",
    "piece",
    "text",
    "analysis",
    "essay",
    "column",
    "report",
    "interview",
    "post",
    "commentary",
    "op-ed",
    "version",
    "эта",
    "этот",
    "это",
    "данная",
    "данный",
    "настоящая",
    "статья",
    "материал",
    "текст",
    "публикация",
    "интервью",
    "колонка",
    "dieser",
    "diese",
    "dieses",
    "artikel",
    "beitrag",
    "kommentar",
    "cet",
    "cette",
    "ce",
    "article",
    "texte",
    "tribune",
    "entretien",
    "este",
    "esta",
    "artículo",
    "nota",
    "columna",
    "entrevista",
    "note",
    "editor",
    "примечание",
    "anmerkung",
    "hinweis",
];

/// Every claim in a text, in reading order.
pub fn extract(text: &str) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    for sentence in sentences(text) {
        let s = sentence
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_' | '—' | '–' | '-' | '•')
            })
            .trim_end_matches([')', ']', '*', '_']);
        let languages = triggers::languages(s);
        // Languages in order, each one's patterns in order: the patterns' order in `PATTERNS`.
        let flagged: Vec<usize> = (0..LANGUAGES)
            .filter(|l| languages & 1 << l != 0)
            .flat_map(|l| flagged(l, s))
            .collect();
        for pattern in flagged.into_iter().map(|i| &PATTERNS[i]) {
            let Some(caps) = pattern.re().captures(s) else {
                continue;
            };
            let start = caps.get(0).expect("whole match").start();
            if pattern.mid_sentence && !speaks_of_itself(&s[..start]) {
                continue;
            }
            if let Some(claim) = build(pattern, &caps, sentence)
                && !out.iter().any(|c| same_claim(c, &claim))
            {
                out.push(claim);
            }
        }
    }
    out
}

/// Whether the words before a formula leave it about this text.
fn speaks_of_itself(before: &str) -> bool {
    let words: Vec<String> = before
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.is_empty() || words.iter().any(|w| SELF_REFERENCE.contains(&w.as_str()))
}

fn same_claim(a: &Claim, b: &Claim) -> bool {
    a.sentence == b.sentence
        && a.outlet == b.outlet
        && a.url == b.url
        && a.language == b.language
        && (a.kind == b.kind || a.title.is_none() && b.title.is_none())
}

/// A claim from one match, or None when the match names nothing a claim can use.
fn build(pattern: &Pattern, caps: &Captures, sentence: &str) -> Option<Claim> {
    let mut language = caps.name("lang").and_then(|m| language_code(m.as_str()));
    let title = caps
        .name("title")
        .and_then(|m| take_quoted(m.as_str()))
        .map(|(t, _)| t)
        .filter(|t| !t.is_empty())
        .or_else(|| {
            TITLE_AFTER
                .captures(sentence)
                .and_then(|c| take_quoted(c.name("title")?.as_str()))
                .map(|(t, _)| t)
        });
    let mut found = match (caps.name("rest"), caps.name("pre")) {
        (Some(rest), _) => target::parse(rest.as_str()),
        (None, Some(pre)) => target::Target {
            outlet: Some(pre.as_str().trim().to_string()),
            url: None,
        },
        _ => target::Target::default(),
    };
    // "first published in Russian" has a language where the outlet would be.
    if let Some(name) = &found.outlet
        && let Some(code) = language_code(name)
        && !name.contains(' ')
    {
        language = language.or(Some(code));
        found.outlet = None;
    }
    // "translated from …" is about a language; "by X" names a translator, never an outlet.
    let useful = match pattern.kind {
        "translated_from" => language.is_some(),
        "version_title" => title.is_some() && language.is_some(),
        "publishing_original" => found.outlet.is_some(),
        "originally_published" | "first_released" => {
            found.outlet.is_some() || found.url.is_some() || language.is_some()
        }
        _ => found.outlet.is_some() || found.url.is_some(),
    };
    useful.then(|| Claim {
        kind: pattern.kind,
        outlet: found.outlet,
        language,
        title,
        url: found.url,
        sentence: sentence.to_string(),
    })
}

/// Splits on sentence ends, keeping quoted titles (which may contain "." or "?") together
/// well enough for the formulas above.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for para in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        // Read as bytes: the marks looked for are ASCII or fixed UTF-8 sequences, and every
        // character of every text passes here.
        let b = para.as_bytes();
        let mut start = 0;
        let mut quote_depth = 0i32;
        for i in 0..b.len() {
            match (b[i], b.get(i + 1), b.get(i + 2)) {
                // « and “ open a quotation, » and ” close one.
                (0xC2, Some(0xAB), _) | (0xE2, Some(0x80), Some(0x9C)) => quote_depth += 1,
                (0xC2, Some(0xBB), _) | (0xE2, Some(0x80), Some(0x9D)) => {
                    quote_depth = (quote_depth - 1).max(0)
                }
                (b'.' | b'!' | b'?', next, _)
                    if quote_depth == 0 && next.is_none_or(|&n| n == b' ') =>
                {
                    out.push(para[start..=i].trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        if start < para.len() {
            out.push(para[start..].trim());
        }
    }
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fixture_formulas() {
        let text = "Caucasus Policy Review is publishing the original English-language version of this analysis, first released in Russian at Kaspiy Vestnik. The Russian version was published on 11 March 2024 under the title 'Каспийский транзит: почему'.";
        let claims = extract(text);
        let released = claims.iter().find(|c| c.kind == "first_released").unwrap();
        assert_eq!(released.outlet.as_deref(), Some("Kaspiy Vestnik"));
        assert_eq!(released.language.as_deref(), Some("ru"));
        let own = claims
            .iter()
            .find(|c| c.kind == "publishing_original")
            .unwrap();
        assert_eq!(own.outlet.as_deref(), Some("Caucasus Policy Review"));
        let titled = claims.iter().find(|c| c.kind == "version_title").unwrap();
        assert_eq!(titled.title.as_deref(), Some("Каспийский транзит: почему"));
        assert_eq!(titled.language.as_deref(), Some("ru"));
    }

    #[test]
    fn splits_sentences_outside_quotations() {
        assert_eq!(
            sentences("He said «Stop. Now.» Then left. “Go! Fast.” Next?\n\n  Last one...and more"),
            [
                "He said «Stop. Now.» Then left.",
                "“Go! Fast.” Next?",
                "Last one...and more"
            ]
        );
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(extract("He was first elected at the age of 30.").is_empty());
        assert!(extract("The study, first published in Nature, found more.").is_empty());
    }
}
