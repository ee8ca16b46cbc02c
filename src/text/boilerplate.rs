//! Boilerplate: lines that belong to the outlet's page, not to the piece. Two sources: a small
//! multilingual list of generic patterns, and lines the store has seen recur in one outlet's
//! versions of several different pieces (learned; see `store::index::count_outlet_lines`).

use super::normalize::{fold, split_words};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;
use xxhash_rust::xxh3::xxh3_64;

/// In versions of how many different pieces one outlet must carry a line before it counts as
/// that outlet's boilerplate. Written out in the store's queries and in the partial index they
/// read (migrations 0011, 0012), which holds only such lines.
pub const LEARNED_MIN_VERSIONS: i64 = 3;
/// Learned lines are not stripped when they would leave less than this share of the words: such
/// a text is a piece the outlet posted many times, not furniture around a piece.
const LEARNED_MAX_SHARE: f64 = 0.75;

/// A kind of generic boilerplate line: the ways it opens (folded) and its pattern, compiled the
/// first time a line opens one of those ways. Most lines open none of them, and a text rarely
/// has more than a few kinds: compiled together, the patterns' Unicode word and letter classes
/// took 1.5–3.5 ms, most of a single `add`'s analysis.
struct Rule {
    openings: &'static [&'static str],
    pattern: &'static str,
    /// Lines that are boilerplate only up to a length (a byline, "Source: X", "Read more at X"):
    /// the bounds of the first capture's length in characters. As bounded repetitions
    /// (`[\p{L} .'-]{3,60}`, `.{0,100}`) of Unicode classes these took ~100 ms to compile.
    length: Option<(usize, usize)>,
    re: OnceLock<Regex>,
}

impl Rule {
    const fn new(
        openings: &'static [&'static str],
        pattern: &'static str,
        length: Option<(usize, usize)>,
    ) -> Rule {
        Rule {
            openings,
            pattern,
            length,
            re: OnceLock::new(),
        }
    }

    fn matches(&self, folded: &str) -> bool {
        if !self.openings.iter().any(|o| folded.starts_with(o)) {
            return false;
        }
        let re = self
            .re
            .get_or_init(|| Regex::new(self.pattern).expect("static pattern"));
        match self.length {
            None => re.is_match(folded),
            Some((min, max)) => re
                .captures(folded)
                .and_then(|c| c.get(1))
                .is_some_and(|m| (min..=max).contains(&m.as_str().chars().count())),
        }
    }
}

static GENERIC: [Rule; 12] = [
    Rule::new(
        &["share", "поделиться", "teilen", "partager", "compartir"],
        r"^(share|share this|share this article|поделиться|teilen|partager|compartir)\b",
        None,
    ),
    Rule::new(&["read "], r"^read (this|it) in \d+ languages", None),
    Rule::new(
        &[
            "read also",
            "see also",
            "related",
            "читайте также",
            "смотрите также",
            "lesen sie auch",
            "mehr zum thema",
            "lire aussi",
            "à lire aussi",
            "lee también",
            "leer también",
        ],
        r"^(read also|see also|related|читайте также|смотрите также|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|lee también|leer también)\b",
        None,
    ),
    // Alone, or "Advertisement - continue reading below".
    Rule::new(
        &[
            "advertisement",
            "реклама",
            "anzeige",
            "werbung",
            "publicité",
            "publicidad",
        ],
        r"^(advertisement|реклама|anzeige|werbung|publicité|publicidad)\s*[-–—:]?\s*(continue reading below|продолжение ниже)?$",
        None,
    ),
    Rule::new(
        &[
            "sign up",
            "subscribe",
            "get the",
            "подпишитесь",
            "abonnieren",
            "abonnez-vous",
            "suscríbete",
        ],
        r"^(sign up|subscribe|get the|подпишитесь|abonnieren|abonnez-vous|suscríbete)\b.*(newsletter|inbox|рассылк|briefing|channel|канал)",
        None,
    ),
    Rule::new(&["©", "(c)", "copyright"], r"^(©|\(c\)|copyright)\s", None),
    Rule::new(
        &[
            "the views expressed",
            "views expressed",
            "мнение автора",
            "die meinung",
            "les opinions exprimées",
            "las opiniones expresadas",
        ],
        r"^(the views expressed|views expressed|мнение автора|die meinung|les opinions exprimées|las opiniones expresadas)",
        None,
    ),
    Rule::new(&["photo", "фото", "foto"], r"^(photo|фото|foto):", None),
    Rule::new(
        &[
            "follow us",
            "подписывайтесь",
            "folgen sie uns",
            "suivez-nous",
            "síguenos",
        ],
        r"^(follow us|подписывайтесь|folgen sie uns|suivez-nous|síguenos)\b",
        None,
    ),
    Rule::new(&["by "], r"^by ([\p{L} .'-]+)(?: · .*)?$", Some((3, 60))),
    Rule::new(
        &["source", "источник", "quelle", "fuente"],
        r"^(?:source|источник|quelle|fuente)\s?:\s?(\S.*)$",
        Some((1, 81)),
    ),
    Rule::new(
        &[
            "read more",
            "continue reading",
            "читать",
            "weiterlesen",
            "lire la suite",
            "sigue leyendo",
            "seguir leyendo",
        ],
        r"^(?:read more|continue reading|читать (?:полностью|далее)|weiterlesen|lire la suite|sigue leyendo|seguir leyendo)\b(.*)$",
        Some((0, 100)),
    ),
];

/// Whether a line, folded, is generic boilerplate.
pub fn is_generic(folded: &str) -> bool {
    GENERIC.iter().any(|rule| rule.matches(folded))
}

/// A text's lines, each folded and hashed once: for the outlet's line statistics, the generic
/// patterns, the learned boilerplate and the words of the body alike (folding each line for
/// each of them was ~1/8 of importing the translation set, callgrind).
pub struct Lines<'a> {
    lines: Vec<Line<'a>>,
}

struct Line<'a> {
    /// As in the text, untrimmed: what the stripped content is made of.
    raw: &'a str,
    /// Empty for a blank line.
    folded: String,
    blank: bool,
    hash: u64,
    generic: bool,
}

/// A text without its boilerplate: the kept lines, and their words (folded).
pub struct Content<'l> {
    pub text: String,
    pub words: Vec<&'l str>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let lines = text
            .lines()
            .map(|raw| {
                let t = raw.trim();
                let folded = if t.is_empty() { String::new() } else { fold(t) };
                Line {
                    raw,
                    blank: t.is_empty(),
                    hash: xxh3_64(folded.as_bytes()),
                    generic: is_generic(&folded),
                    folded,
                }
            })
            .collect();
        Lines { lines }
    }

    /// Hashes of the non-blank lines, sorted and unique, as the outlet's line statistics count
    /// them. Long lines are counted too: they rarely recur across pieces, but they make the
    /// version's signature (the smallest hash) tell pieces apart.
    pub fn hashes(&self) -> Vec<u64> {
        let mut hashes: Vec<u64> = self
            .lines
            .iter()
            .filter(|l| !l.blank)
            .map(|l| l.hash)
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    }

    /// The text without generic boilerplate lines and without the outlet's learned ones.
    pub fn strip(&self, learned: &HashSet<u64>) -> Content<'_> {
        let generic: Vec<&Line> = self.lines.iter().filter(|l| !l.generic).collect();
        let kept = if learned.is_empty() {
            generic
        } else {
            let kept: Vec<&Line> = generic
                .iter()
                .copied()
                .filter(|l| l.blank || !learned.contains(&l.hash))
                .collect();
            let words = |ls: &[&Line]| {
                ls.iter()
                    .map(|l| l.raw.split_whitespace().count())
                    .sum::<usize>()
            };
            let (all, left) = (words(&generic), words(&kept));
            if all > 0 && ((all - left) as f64) > LEARNED_MAX_SHARE * all as f64 {
                generic
            } else {
                kept
            }
        };
        Content {
            text: kept.iter().map(|l| l.raw).collect::<Vec<_>>().join("\n"),
            words: kept.iter().flat_map(|l| split_words(&l.folded)).collect(),
        }
    }
}

/// Which of a text's lines (from [`Lines::hashes`]) the learned set removes, as one number:
/// a stored analysis is still valid while this stays the same.
pub fn stripped_signature(lines: &[u64], learned: &HashSet<u64>) -> i64 {
    lines
        .iter()
        .filter(|h| learned.contains(h))
        .fold(0u64, |acc, h| {
            acc ^ h.rotate_left(17).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hash of a line as boilerplate learning sees it (folded: spacing and quotes don't matter).
    fn line_hash(line: &str) -> u64 {
        xxh3_64(fold(line).as_bytes())
    }

    fn strip(text: &str, learned: &HashSet<u64>) -> String {
        Lines::new(text).strip(learned).text
    }

    fn generic(line: &str) -> bool {
        is_generic(&fold(line))
    }

    /// Lines are judged folded: case, spacing and script do not hide an opening.
    #[test]
    fn lines_are_judged_folded() {
        let tail = " and a great deal more text that runs on well past the window of characters";
        assert!(generic(&format!(
            "SUBSCRIBE to   our\tnewsletter for the briefing{tail}"
        )));
        assert!(generic(&format!(
            "Read more at The Harbour Gazette{}",
            &tail[..40]
        )));
        assert!(generic(&format!(
            "Подпишитесь на нашу рассылку, чтобы получать новости{tail}"
        )));
        assert!(generic(&format!("Read{}also: {tail}", " ".repeat(70))));
        assert!(!generic(&format!("The harbour board met on Tuesday{tail}")));
        assert!(!generic(&format!("Readers wrote in{tail}")));
    }

    /// The words of the kept lines are those of the kept text, folded.
    #[test]
    fn content_words_are_the_words_of_its_text() {
        let text = "Share this\n  The «Harbour»   board\n\nmet on TUESDAY —  at 9:30.\nADVERTISEMENT\nЁлка, ﬁne";
        let lines = Lines::new(text);
        let content = lines.strip(&HashSet::new());
        assert_eq!(content.words, crate::text::normalize::words(&content.text));
        assert_eq!(
            content.text,
            "  The «Harbour»   board\n\nmet on TUESDAY —  at 9:30.\nЁлка, ﬁne"
        );
    }

    #[test]
    fn strips_generic_lines_in_several_languages() {
        let text = "Title\nShare this article: Facebook · X\nReal sentence here.\nЧитайте также: другое\nADVERTISEMENT\n© 2024 Outlet Ltd. All rights reserved.";
        assert_eq!(strip(text, &HashSet::new()), "Title\nReal sentence here.");
    }

    #[test]
    fn strips_learned_lines() {
        let learned: HashSet<u64> = [line_hash("Outlet  Weekly | Opinion")].into();
        assert_eq!(
            strip("Outlet Weekly | Opinion\nBody text of the piece", &learned),
            "Body text of the piece"
        );
    }

    #[test]
    fn keeps_a_text_that_is_mostly_learned_lines() {
        let learned: HashSet<u64> = [line_hash("one two three four five six")].into();
        let text = "one two three four five six\nseven";
        assert_eq!(strip(text, &learned), text);
    }

    /// Each alternative of each pattern, as a line that matches it, opens one of its rule's ways.
    #[test]
    fn every_pattern_begins_with_an_opening() {
        let lines = [
            "share",
            "share this article",
            "поделиться",
            "teilen",
            "partager",
            "compartir",
            "read this in 40 languages",
            "read it in 12 languages",
            "read also: x",
            "see also x",
            "related",
            "читайте также x",
            "смотрите также x",
            "lesen sie auch x",
            "mehr zum thema x",
            "lire aussi x",
            "à lire aussi x",
            "lee también x",
            "leer también x",
            "advertisement",
            "реклама",
            "anzeige",
            "werbung",
            "publicité",
            "publicidad",
            "advertisement - continue reading below",
            "реклама — продолжение ниже",
            "sign up for our newsletter",
            "subscribe to the briefing",
            "get the newsletter",
            "подпишитесь на рассылку",
            "abonnieren sie den newsletter",
            "abonnez-vous à la newsletter",
            "suscríbete a la newsletter",
            "© 2026 x",
            "(c) 2026 x",
            "copyright 2026 x",
            "the views expressed are the author's",
            "views expressed here",
            "мнение автора может не совпадать",
            "die meinung des autors",
            "les opinions exprimées ici",
            "las opiniones expresadas aquí",
            "photo: x",
            "фото: x",
            "foto: x",
            "follow us on x",
            "подписывайтесь на нас",
            "folgen sie uns",
            "suivez-nous",
            "síguenos",
            "by anna berg",
            "source: x",
            "источник: x",
            "quelle: x",
            "fuente: x",
            "read more at x",
            "continue reading",
            "читать полностью",
            "читать далее",
            "weiterlesen",
            "lire la suite",
            "sigue leyendo",
            "seguir leyendo",
        ];
        for line in lines {
            assert!(generic(line), "{line:?} should be generic");
        }
    }

    #[test]
    fn source_and_read_more_lines_are_generic() {
        assert!(generic("Source: Baltic Ledger"));
        assert!(generic("Read more at Baltic Ledger"));
        assert!(generic("Читать полностью на сайте Коммерсант"));
        assert!(!generic(
            "Source of the river is in the mountains, where the glaciers melt early every spring and the villages downstream depend on it."
        ));
    }
}
