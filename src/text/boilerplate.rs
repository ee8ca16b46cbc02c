//! Boilerplate: lines that belong to the outlet's page, not to the piece. Two sources: a small
//! multilingual list of generic patterns, and lines the store has seen recur in one outlet's
//! versions of several different pieces (learned; see `store::index::count_outlet_lines`).

use super::normalize::fold;
use regex::{Regex, RegexSet};
use std::collections::HashSet;
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64;

/// In versions of how many different pieces one outlet must carry a line before it counts as
/// that outlet's boilerplate.
pub const LEARNED_MIN_VERSIONS: i64 = 3;
/// Learned lines are not stripped when they would leave less than this share of the words: such
/// a text is a piece the outlet posted many times, not furniture around a piece.
const LEARNED_MAX_SHARE: f64 = 0.75;

/// How a generic boilerplate line can begin (folded): every pattern below starts with one of
/// these. Most lines begin with none, and then no pattern is compiled: the Unicode word classes
/// of the set cost ~4 ms to compile, most of a single `add`'s analysis.
const OPENING_GROUPS: [&str; 3] = [
    // Share buttons, "read this in 40 languages", "read also", "read more".
    "share|поделиться|teilen|partager|compartir|read |see also|related|читайте|смотрите|lesen sie|\
     mehr zum thema|lire |à lire|lee también|leer también|continue reading|читать|weiterlesen|\
     sigue leyendo|seguir leyendo",
    // Advertisements, newsletters, follow-us lines.
    "advertisement|реклама|anzeige|werbung|publicité|publicidad|sign up|subscribe|get the|\
     подпишитесь|abonnieren|abonnez-vous|suscríbete|follow us|подписывайтесь|folgen sie uns|\
     suivez-nous|síguenos",
    // Copyright, disclaimers, photo credits, bylines, sources.
    "©|(c)|copyright|the views expressed|views expressed|мнение автора|die meinung|\
     les opinions exprimées|las opiniones expresadas|photo|фото|foto|by |source|источник|\
     quelle|fuente",
];

static OPENINGS: LazyLock<Vec<&str>> =
    LazyLock::new(|| OPENING_GROUPS.iter().flat_map(|g| g.split('|')).collect());

/// Characters in the longest opening.
static LONGEST_OPENING: LazyLock<usize> = LazyLock::new(|| {
    OPENINGS
        .iter()
        .map(|o| o.chars().count())
        .max()
        .unwrap_or(0)
});

static GENERIC: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"^(share|share this|share this article|поделиться|teilen|partager|compartir)\b",
        r"^read (this|it) in \d+ languages",
        r"^(read also|see also|related|читайте также|смотрите также|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|lee también|leer también)\b",
        r"^(advertisement|реклама|anzeige|werbung|publicité|publicidad)$",
        r"^(sign up|subscribe|get the|подпишитесь|abonnieren|abonnez-vous|suscríbete)\b.*(newsletter|inbox|рассылк|briefing|channel|канал)",
        r"^(©|\(c\)|copyright)\s",
        r"^(the views expressed|views expressed|мнение автора|die meinung|les opinions exprimées|las opiniones expresadas)",
        r"^(photo|фото|foto):",
        r"^(follow us|подписывайтесь|folgen sie uns|suivez-nous|síguenos)\b",
        r"^(advertisement|реклама|anzeige|werbung|publicité|publicidad)\s*[-–—:]?\s*(continue reading below|продолжение ниже)?$",
    ])
    .expect("static patterns")
});

/// Generic lines that are so only up to a length: a byline, "Source: X", "Read more at X". The
/// length is checked on the capture: as bounded repetitions (`[\p{L} .'-]{3,60}`, `.{0,100}`)
/// of Unicode classes these took ~100 ms to compile, in every process.
static GENERIC_SHORT: LazyLock<Vec<(Regex, usize, usize)>> = LazyLock::new(|| {
    [
        (r"^by ([\p{L} .'-]+)(?: · .*)?$", 3, 60),
        (r"^(?:source|источник|quelle|fuente)\s?:\s?(\S.*)$", 1, 81),
        (
            r"^(?:read more|continue reading|читать (?:полностью|далее)|weiterlesen|lire la suite|sigue leyendo|seguir leyendo)\b(.*)$",
            0,
            100,
        ),
    ]
    .into_iter()
    .map(|(re, min, max)| (Regex::new(re).expect("static pattern"), min, max))
    .collect()
});

/// Hash of a line as boilerplate learning sees it (folded, so spacing and quotes don't matter).
pub fn line_hash(line: &str) -> u64 {
    xxh3_64(fold(line).as_bytes())
}

/// Hashes of a text's lines, as the outlet's line statistics count them. Long lines are counted
/// too: they rarely recur across pieces, but they make the version's signature (the smallest
/// hash) tell pieces apart.
pub fn candidate_lines(text: &str) -> Vec<u64> {
    let mut hashes: Vec<u64> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(line_hash)
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// Characters of a line folded to look for an opening: past the longest opening, with room
/// for collapsed spaces.
const OPENING_WINDOW: usize = 64;

/// Whether a long line may begin with one of `OPENINGS`, judged by folding its beginning
/// only: most lines are paragraphs, and folding each whole here was ~1/10 of preparing a text.
fn may_open(line: &str) -> bool {
    let Some((cut, _)) = line.char_indices().nth(OPENING_WINDOW) else {
        return true;
    };
    let head = fold(&line[..cut]);
    // Its end may fold otherwise with what follows (combining marks, a space): the beginning
    // is trusted only if it is longer than any opening by a margin.
    head.chars().count() < *LONGEST_OPENING + 8 || OPENINGS.iter().any(|o| head.starts_with(o))
}

pub fn is_generic(line: &str) -> bool {
    if !may_open(line) {
        return false;
    }
    let folded = fold(line);
    if !OPENINGS.iter().any(|o| folded.starts_with(o)) {
        return false;
    }
    GENERIC.is_match(&folded)
        || GENERIC_SHORT.iter().any(|(re, min, max)| {
            re.captures(&folded)
                .and_then(|c| c.get(1))
                .is_some_and(|m| (*min..=*max).contains(&m.as_str().chars().count()))
        })
}

/// The text without generic boilerplate lines and without the outlet's learned ones.
pub fn strip(text: &str, learned: &HashSet<u64>) -> String {
    let generic: Vec<&str> = text
        .lines()
        .filter(|l| {
            let t = l.trim();
            t.is_empty() || !is_generic(t)
        })
        .collect();
    if learned.is_empty() {
        return generic.join("\n");
    }
    let kept: Vec<&str> = generic
        .iter()
        .copied()
        .filter(|l| {
            let t = l.trim();
            t.is_empty() || !learned.contains(&line_hash(t))
        })
        .collect();
    let words = |ls: &[&str]| {
        ls.iter()
            .map(|l| l.split_whitespace().count())
            .sum::<usize>()
    };
    let (all, left) = (words(&generic), words(&kept));
    if all > 0 && ((all - left) as f64) > LEARNED_MAX_SHARE * all as f64 {
        return generic.join("\n");
    }
    kept.join("\n")
}

/// Which of a text's lines (from [`candidate_lines`]) the learned set removes, as one number:
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

    /// Lines longer than the folded window are judged as if folded whole.
    #[test]
    fn long_lines_are_judged_by_their_folded_beginning() {
        let tail = " and a great deal more text that runs on well past the window of characters";
        assert!(is_generic(&format!(
            "SUBSCRIBE to   our\tnewsletter for the briefing{tail}"
        )));
        assert!(is_generic(&format!(
            "Read more at The Harbour Gazette{}",
            &tail[..40]
        )));
        assert!(is_generic(&format!(
            "Подпишитесь на нашу рассылку, чтобы получать новости{tail}"
        )));
        // Spaces that fold away leave the window short of the longest opening.
        assert!(is_generic(&format!("Read{}also: {tail}", " ".repeat(70))));
        assert!(!is_generic(&format!(
            "The harbour board met on Tuesday{tail}"
        )));
        assert!(!is_generic(&format!("Readers wrote in{tail}")));
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

    /// Each alternative of each pattern, as a line that matches it, passes the openings test.
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
            assert!(is_generic(line), "{line:?} should be generic");
        }
    }

    #[test]
    fn source_and_read_more_lines_are_generic() {
        assert!(is_generic("Source: Baltic Ledger"));
        assert!(is_generic("Read more at Baltic Ledger"));
        assert!(is_generic("Читать полностью на сайте Коммерсант"));
        assert!(!is_generic(
            "Source of the river is in the mountains, where the glaciers melt early every spring and the villages downstream depend on it."
        ));
    }
}
