//! Language names as claims write them, in the claim languages, → ISO 639-1: "Russian",
//! "Russischen", "russe", "ruso", "с русского", "на русском".

/// Exact word forms (lower case) of Latin-script languages that do not decline much.
const FORMS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "english", "anglais", "anglaise", "inglés", "ingles", "inglesa",
        ],
    ),
    ("ru", &["russian", "russe", "ruso", "rusa"]),
    (
        "de",
        &[
            "german",
            "allemand",
            "allemande",
            "alemán",
            "aleman",
            "alemana",
        ],
    ),
    (
        "fr",
        &[
            "french",
            "français",
            "francais",
            "française",
            "francés",
            "frances",
            "francesa",
        ],
    ),
    (
        "es",
        &[
            "spanish",
            "espagnol",
            "espagnole",
            "español",
            "espanol",
            "española",
            "castellano",
        ],
    ),
    ("uk", &["ukrainian", "ukrainien", "ucraniano"]),
    ("it", &["italian", "italien", "italiano"]),
    ("pt", &["portuguese", "portugais", "portugués"]),
    ("zh", &["chinese", "chinois", "chino"]),
    ("ja", &["japanese", "japonais", "japonés"]),
    ("ar", &["arabic", "arabe", "árabe"]),
    ("tr", &["turkish", "turc", "turco"]),
    ("pl", &["polish", "polonais", "polaco"]),
    ("cs", &["czech", "tchèque", "checo"]),
    ("az", &["azerbaijani", "azeri", "azerbaïdjanais"]),
    ("ka", &["georgian", "géorgien"]),
    ("kk", &["kazakh"]),
    ("hy", &["armenian", "arménien"]),
];

/// Stems of declining forms (German adjectives as nouns, Russian adjectives in any case).
const STEMS: &[(&str, &str)] = &[
    ("englisch", "en"),
    ("английск", "en"),
    ("russisch", "ru"),
    ("русск", "ru"),
    ("deutsch", "de"),
    ("немецк", "de"),
    ("französisch", "fr"),
    ("французск", "fr"),
    ("spanisch", "es"),
    ("испанск", "es"),
    ("ukrainisch", "uk"),
    ("украинск", "uk"),
    ("italienisch", "it"),
    ("итальянск", "it"),
    ("chinesisch", "zh"),
    ("китайск", "zh"),
    ("türkisch", "tr"),
    ("турецк", "tr"),
    ("polnisch", "pl"),
    ("польск", "pl"),
    ("азербайджанск", "az"),
    ("грузинск", "ka"),
    ("georgisch", "ka"),
    ("казахск", "kk"),
    ("армянск", "hy"),
];

/// The ISO 639-1 code of a language name in any claim language, if it is one.
pub fn language_code(name: &str) -> Option<String> {
    let word = name
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    // "l'anglais" → "anglais", "English-language" → "english"
    let word = word.rsplit(['\'', '’']).next().unwrap_or_default();
    let word = word.split(['-', ' ']).next().unwrap_or_default();
    if word.is_empty() {
        return None;
    }
    FORMS
        .iter()
        .find(|(_, forms)| forms.contains(&word))
        .map(|(code, _)| *code)
        .or_else(|| {
            STEMS
                .iter()
                .find(|(stem, _)| word.starts_with(stem))
                .map(|(_, code)| *code)
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::language_code;

    #[test]
    fn names_in_every_claim_language() {
        for (name, code) in [
            ("Russian", "ru"),
            ("Russischen", "ru"),
            ("russe", "ru"),
            ("ruso", "ru"),
            ("русского", "ru"),
            ("английском", "en"),
            ("l'anglais", "en"),
            ("inglés", "en"),
            ("Englischen", "en"),
            ("English-language", "en"),
            ("alemán", "de"),
            ("немецкого", "de"),
        ] {
            assert_eq!(language_code(name).as_deref(), Some(code), "{name}");
        }
        for not in ["Russia", "Canada", "Nature", "карты", "rusty", "Latin"] {
            assert_eq!(language_code(not), None, "{not}");
        }
    }
}
