//! Words without which no claim formula of `patterns` can match. Testing a sentence for them
//! is cheap; the formulas' regular expressions cost ~50 ms to compile in every process that
//! needs them (most of a single `add`), so a text none of whose sentences has one of these words
//! never compiles them. Lowercase; each formula in `patterns` names the words that cover it.

use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Somewhere in the sentence.
const INSIDE: &[&str] = &[
    // English: "originally|first|initially published|posted|printed|ran|appeared|released",
    // "published|appeared|posted first", "… with permission of", "republished from",
    // "translated from", "presenting the original", "the X version was published …".
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
    // Russian.
    "опубликова",
    "впервые",
    "первоначально",
    "изначально",
    "разрешени",
    "согласи",
    "перевод",
    "переведен",
    "переведён",
    // German.
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
    // French.
    "publié",
    "paru",
    "initialement",
    "autorisation",
    "tradui",
    "traduction",
    "sous le titre",
    // Spanish.
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
];

/// At the start of the sentence: the formulas anchored there ("Source: X", "Read more at X").
const START: &[&str] = &[
    "source",
    "read more",
    "read the",
    "continue reading",
    "the full",
    "источник",
    "оригинал",
    "подробнее",
    "читайте",
    "читать",
    "полная версия",
    "полный текст",
    "quelle",
    "mehr",
    "weiterlesen",
    "lesen sie",
    "den ganzen",
    "den vollständigen",
    "der vollständige",
    "erstveröffentlichung",
    "lire",
    "lisez",
    "retrouvez",
    "l'article",
    "l’article",
    "fuente",
    "lee ",
    "leer ",
    "lea ",
];

/// The `INSIDE` words as one automaton: a sentence is read once, not once per word (the
/// per-word search was ~2% of a bulk import: every sentence of every text meets it).
static INSIDE_WORDS: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::new(INSIDE).expect("static words"));

/// Whether a claim formula may match the sentence (as `extract` trims it).
pub fn may_claim(sentence: &str) -> bool {
    let lower = crate::text::normalize::lower(sentence);
    START.iter().any(|w| lower.starts_with(w)) || INSIDE_WORDS.is_match(&lower)
}

#[cfg(test)]
mod tests {
    use super::may_claim;

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
