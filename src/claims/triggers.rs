//! Words without which no claim formula of `patterns` can match, per language. Testing a
//! sentence for them is cheap; the formulas' regular expressions take milliseconds to compile in
//! every process that needs them (most of a single `add`), so a text none of whose sentences
//! has one of these words never compiles them, and one that has compiles only the formulas of
//! the words' languages. Lowercase. Every formula of `patterns` needs one of its own language's
//! words here (a word may be in two languages' lists, as "permission" is): tests/claims.rs's
//! table holds sentences of each formula.

use super::patterns::LANGUAGES;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Somewhere in the sentence.
const INSIDE: [&[&str]; LANGUAGES] = [
    // English: "originally|first|initially published|posted|printed|ran|appeared|released",
    // "published|appeared|posted first", "… with permission of", "republished from",
    // "translated from", "presenting the original", "the X version was published …".
    &[
        "originally",
        "initially",
        "first published",
        "first posted",
        "first printed",
        "first ran",
        "first appeared",
        "first released",
        "published first",
        "posted first",
        "appeared first",
        "permission",
        "reprinted",
        "republished",
        "re-published",
        "published from",
        "translated from",
        "the original",
        "version was",
        "version has been",
        "original was",
        "original has been",
    ],
    // Russian.
    &[
        "опубликова",
        "впервые",
        "первоначально",
        "изначально",
        "разрешени",
        "согласи",
        "перевод",
        "переведен",
        "переведён",
    ],
    // German.
    &[
        "unter dem titel",
        "erschien",
        "zuerst",
        "ursprünglich",
        "erstmals",
        "zunächst",
        "veröffentlicht",
        "publiziert",
        "genehmigung",
        "erlaubnis",
        "übersetz",
        "übertrag",
    ],
    // French.
    &[
        "publié",
        "paru",
        "initialement",
        "autorisation",
        // "reproduit avec l'aimable permission de …"
        "permission",
        "tradui",
        "traduction",
        "sous le titre",
    ],
    // Spanish.
    &[
        "publicad",
        "aparecid",
        "apareció",
        "originalmente",
        "inicialmente",
        "originariamente",
        "permiso",
        "autorización",
        "traducid",
        "traducción",
        "el título",
    ],
];

/// At the start of the sentence: the formulas anchored there ("Source: X", "Read more at X").
const START: [&[&str]; LANGUAGES] = [
    &[
        "source",
        "read more",
        "read the",
        "continue reading",
        "the full",
    ],
    &[
        "источник",
        "оригинал",
        "подробнее",
        "читайте",
        "читать",
        "полная версия",
        "полный текст",
    ],
    &[
        "quelle",
        "mehr",
        "weiterlesen",
        "lesen sie",
        "den ganzen",
        "den vollständigen",
        "der vollständige",
        "erstveröffentlichung",
    ],
    &["lire", "lisez", "retrouvez", "l'article", "l’article"],
    &["fuente", "lee ", "leer ", "lea "],
];

/// The `INSIDE` words as one automaton, with the language of each: a sentence is read once,
/// not once per word (the per-word search was ~2% of a bulk import: every sentence of every text
/// meets it).
static INSIDE_WORDS: LazyLock<(AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
    let words = INSIDE.iter().flat_map(|words| words.iter());
    let language = INSIDE
        .iter()
        .enumerate()
        .flat_map(|(l, words)| std::iter::repeat_n(l, words.len()))
        .collect();
    (AhoCorasick::new(words).expect("static words"), language)
});

/// The languages whose claim formulas may match the sentence (as `extract` trims it), a bit
/// per language of `patterns` (`1 << l`); 0 when none may.
pub fn languages(sentence: &str) -> u8 {
    let lower = crate::text::normalize::lower(sentence);
    let mut found = 0;
    for (l, words) in START.iter().enumerate() {
        if words.iter().any(|w| lower.starts_with(w)) {
            found |= 1 << l;
        }
    }
    let (inside, language) = &*INSIDE_WORDS;
    for m in inside.find_overlapping_iter(&lower) {
        found |= 1 << language[m.pattern().as_usize()];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::languages;

    fn may_claim(s: &str) -> bool {
        languages(s) != 0
    }

    #[test]
    fn ordinary_sentences_do_not_trigger() {
        for s in [
            "The ferry queues at the port grew longer after the storm.",
            "Паромные очереди в порту выросли после шторма.",
            "Die Fährschlangen im Hafen wurden nach dem Sturm länger.",
            "He already spread the news at the public meeting.",
        ] {
            assert!(!may_claim(s), "{s}");
        }
    }

    #[test]
    fn formulas_do() {
        for s in [
            "Originally published at Baltic Ledger.",
            "Source: Baltic Ledger",
            "Впервые опубликовано на сайте «Каспийский вестник».",
            "Zuerst erschienen bei Ostsee-Kurier.",
            "Publié initialement dans Le Courrier.",
            "Publicado originalmente en El Diario.",
        ] {
            assert!(may_claim(s), "{s}");
        }
    }
}
