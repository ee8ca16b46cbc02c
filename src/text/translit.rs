//! Transliteration to Latin for cross-script keys: "Пашинян" → "pashinian", "Mäkinen" → "makinen",
//! and consonant skeletons that absorb the differences between transliteration schemes and the
//! vowel endings of inflected names ("Pashinyan", "Пашиняна" → "psnn").

/// Lower-case ASCII letters and digits of a word, transliterated.
pub fn latin(word: &str) -> String {
    any_ascii::any_ascii(word)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether a word is written in an alphabet whose transliteration is phonetic enough to compare
/// (Latin, Cyrillic, Greek, Armenian, Georgian); Chinese and Japanese readings of a foreign name
/// share nothing with its Latin spelling.
pub fn is_alphabetic_script(word: &str) -> bool {
    word.chars()
        .all(|c| !super::normalize::is_alphabetic(c) || is_phonetic_letter(c))
}

/// A letter of one of the alphabets [`is_alphabetic_script`] accepts.
pub fn is_phonetic_letter(c: char) -> bool {
    matches!(c as u32,
                0x0041..=0x024F      // Latin, Latin-1, Latin Extended
                | 0x0370..=0x052F    // Greek, Cyrillic
                | 0x0530..=0x058F    // Armenian
                | 0x10A0..=0x10FF    // Georgian
                | 0x1E00..=0x1EFF) // Latin Extended Additional
}

/// The consonant skeleton of a transliterated (lower-case ASCII) word: vowels and glides
/// dropped, digraphs folded to one letter, sounds that schemes spell differently merged
/// (k/c/q, v/w, s/z), doubled letters collapsed.
pub fn skeleton(latin: &str) -> String {
    let b = latin.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let (class, step) = match (c, next) {
            (b's', Some(b'c')) if b.get(i + 2) == Some(&b'h') => (Some('s'), 3),
            (b's' | b'z', Some(b'h')) => (Some('s'), 2),
            (b'c', Some(b'h')) => (Some('c'), 2),
            (b't', Some(b'h')) => (Some('t'), 2),
            (b'k', Some(b'h')) => (Some('h'), 2),
            (b'p', Some(b'h')) => (Some('f'), 2),
            (b't', Some(b's' | b'z')) => (Some('c'), 2),
            (b'c', Some(b'k')) => (Some('k'), 2),
            (b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'j', _) => (None, 1),
            (b'c' | b'k' | b'q', _) => (Some('k'), 1),
            (b'w' | b'v', _) => (Some('v'), 1),
            (b'z' | b's', _) => (Some('s'), 1),
            (b'x', _) => (Some('x'), 1),
            (c, _) if c.is_ascii_lowercase() => (Some(c as char), 1),
            _ => (None, 1),
        };
        if let Some(k) = class
            && !out.ends_with(k)
        {
            out.push(k);
        }
        i += step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_across_scripts() {
        assert_eq!(latin("Mäkinen"), "makinen");
        assert!(latin("Мякинен").starts_with("m"));
        assert_eq!(latin("Pashinyan"), "pashinyan");
    }

    #[test]
    fn skeletons_agree_across_schemes_and_endings() {
        let sk = |w: &str| skeleton(&latin(w));
        assert_eq!(sk("Pashinyan"), sk("Пашинян"));
        assert!(sk("Пашиняна").starts_with(&sk("Pashinyan")));
        assert_eq!(sk("Mäkinen"), sk("Мякинен"));
        assert_eq!(sk("Zelensky"), sk("Зеленский"));
        assert_eq!(sk("Harris"), sk("Харрис"));
        assert_eq!(sk("Schmidt"), sk("Шмидт"));
        assert!(is_alphabetic_script("Пашинян") && is_alphabetic_script("Mäkinen"));
        assert!(!is_alphabetic_script("特朗普"));
    }
}
