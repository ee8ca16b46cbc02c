//! Boilerplate: lines that belong to the outlet's page, not to the piece. Two sources: a small
//! multilingual list of generic patterns, and lines the store has seen recur across many versions
//! of one outlet (learned; see `store::boilerplate`).

use super::normalize::fold;
use regex::RegexSet;
use std::collections::HashSet;
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64;

/// How many versions of one outlet must carry a line before it counts as that outlet's boilerplate.
pub const LEARNED_MIN_VERSIONS: i64 = 3;

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
        r"^by [\p{L} .'-]{3,60}( · .*)?$",
    ])
    .expect("static patterns")
});

/// Hash of a line as boilerplate learning sees it (folded, so spacing and quotes don't matter).
pub fn line_hash(line: &str) -> u64 {
    xxh3_64(fold(line).as_bytes())
}

/// Lines of a text worth counting for an outlet: short enough to be page furniture.
pub fn candidate_lines(text: &str) -> Vec<u64> {
    let mut hashes: Vec<u64> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && l.chars().count() <= 300)
        .map(line_hash)
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

pub fn is_generic(line: &str) -> bool {
    GENERIC.is_match(&fold(line))
}

/// The text without generic boilerplate lines and without the outlet's learned ones.
pub fn strip(text: &str, learned: &HashSet<u64>) -> String {
    text.lines()
        .filter(|l| {
            let t = l.trim();
            t.is_empty()
                || !(is_generic(t) || (!learned.is_empty() && learned.contains(&line_hash(t))))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_generic_lines_in_several_languages() {
        let text = "Title\nShare this article: Facebook · X\nReal sentence here.\nЧитайте также: другое\nADVERTISEMENT\n© 2024 Outlet Ltd. All rights reserved.";
        assert_eq!(strip(text, &HashSet::new()), "Title\nReal sentence here.");
    }

    #[test]
    fn strips_learned_lines() {
        let learned: HashSet<u64> = [line_hash("Outlet  Weekly | Opinion")].into();
        assert_eq!(strip("Outlet Weekly | Opinion\nBody", &learned), "Body");
    }
}
