//! Transliteration to Latin for cross-script keys: "Пашинян" → "pashinian", "Mäkinen" → "makinen".

/// Lower-case ASCII letters and digits of a word, transliterated.
pub fn latin(word: &str) -> String {
    any_ascii::any_ascii(word)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
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
}
