//! The outlet a claim names → a known outlet, fuzzily: "the Moscow-Baku information portal" is
//! outlet "Moscow-Baku", "Каспийского вестника" is "Kaspiy Vestnik". Pure: the caller passes
//! the outlets it knows (names and aliases).

use crate::text::normalize::words;
use crate::text::translit::latin;

/// A known outlet's matching keys.
pub struct KnownOutlet {
    pub outlet_id: i64,
    pub keys: Vec<String>,
}

/// Words that describe an outlet rather than name it, in the claim languages (transliterated),
/// and domain endings.
const GENERIC: &[&str] = &[
    "the",
    "information",
    "portal",
    "news",
    "agency",
    "website",
    "site",
    "newspaper",
    "magazine",
    "online",
    "journal",
    "media",
    "outlet",
    "of",
    "sait",
    "saite",
    "portale",
    "portal",
    "izdanie",
    "izdanii",
    "gazeta",
    "gazete",
    "zhurnal",
    "zhurnale",
    "agentstvo",
    "agentstve",
    "informatsionnyi",
    "informatsionnom",
    "redaktsii",
    "ru",
    "com",
    "org",
    "net",
    "info",
    "az",
    "ge",
    "kz",
    "de",
    "fr",
    "es",
    "uk",
    "io",
    "example",
    "www",
    "informationsportal",
    "nachrichtenportal",
    "nachrichtenagentur",
    "portail",
    "agence",
    "agencia",
    "sitio",
];

/// Matching key of an outlet name: transliterated words, without generic words.
pub fn outlet_key(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| latin(w))
        .filter(|w| w.len() > 1 && !GENERIC.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How close two outlet keys are: 1 for the same key, 0.95 when every word of one starts like
/// the word of the other (declension: "kaspiiskogo vestnika" ~ "kaspiy vestnik"), else
/// Jaro–Winkler when they have as many words.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if wa.len() != wb.len() {
        return 0.0;
    }
    if wa.iter().zip(&wb).all(|(x, y)| same_stem(x, y)) {
        return 0.95;
    }
    strsim::jaro_winkler(a, b)
}

fn same_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    a == b || (common >= 4 && common as f64 >= 0.7 * shorter as f64)
}

/// Keys at least this similar name the same outlet.
const SAME_OUTLET: f64 = 0.93;

/// The known outlet the name most likely means, if any is close enough.
pub fn resolve(name: &str, known: &[KnownOutlet]) -> Option<i64> {
    let key = &outlet_key(name);
    known
        .iter()
        .flat_map(|o| {
            o.keys
                .iter()
                .map(move |k| (o.outlet_id, similarity(key, k)))
        })
        .filter(|&(_, s)| s >= SAME_OUTLET)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(id: i64, names: &[&str]) -> KnownOutlet {
        KnownOutlet {
            outlet_id: id,
            keys: names.iter().map(|n| outlet_key(n)).collect(),
        }
    }

    #[test]
    fn resolves_descriptive_and_declined_names() {
        let known = [
            known(7, &["Moscow-Baku"]),
            known(8, &["Kaspiy Vestnik"]),
            known(9, &["Moscow Times"]),
        ];
        for (name, id) in [
            ("the Moscow-Baku information portal", Some(7)),
            ("moscow-baku.az", Some(7)),
            ("Каспийский Вестник", Some(8)),
            ("Каспийского вестника", Some(8)),
            ("Kaspiy Vestnik", Some(8)),
            ("Baltic News", None),
            ("Moscow", None),
            ("Moscow News", None),
        ] {
            assert_eq!(resolve(name, &known), id, "{name}");
        }
    }
}
