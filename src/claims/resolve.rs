//! The outlet a claim names → a known outlet, fuzzily: "the Moscow-Baku information portal" is
//! outlet "Moscow-Baku". Pure: the caller passes the outlets it knows.

use crate::text::normalize::words;
use crate::text::translit::latin;

/// A known outlet's matching keys.
pub struct KnownOutlet {
    pub outlet_id: i64,
    pub keys: Vec<String>,
}

/// Matching key of an outlet name: transliterated words, without generic words.
pub fn outlet_key(name: &str) -> String {
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
        "ru",
        "com",
        "org",
    ];
    words(name)
        .iter()
        .map(|w| latin(w))
        .filter(|w| !w.is_empty() && !GENERIC.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The known outlet the name most likely means, if any is close enough.
pub fn resolve(name: &str, known: &[KnownOutlet]) -> Option<i64> {
    let key = &outlet_key(name);
    if key.is_empty() {
        return None;
    }
    known
        .iter()
        .flat_map(|o| {
            o.keys
                .iter()
                .map(move |k| (o.outlet_id, strsim::jaro_winkler(key, k)))
        })
        .filter(|&(_, s)| s >= 0.90)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_descriptive_names() {
        let known = [KnownOutlet {
            outlet_id: 7,
            keys: vec![outlet_key("Moscow-Baku")],
        }];
        assert_eq!(
            resolve("the Moscow-Baku information portal", &known),
            Some(7)
        );
        assert_eq!(resolve("Baltic News", &known), None);
    }
}
