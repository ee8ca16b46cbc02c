//! What follows a formula ("…first appeared on ___"): a URL, a quoted name, or a run of words
//! that looks like a name. Regexes find the formula; this decides where the name ends, because
//! names end at words ("on", "am", "le", "под") that regexes without look-ahead cannot see.

/// Words that may stand before the name and are not part of it ("on the website of X").
const LEADING: &[&str] = &[
    "the",
    "a",
    "an",
    "website",
    "site",
    "web",
    "portal",
    "pages",
    "page",
    "of",
    "our",
    "news",
    "agency",
    "newspaper",
    "magazine",
    "outlet",
    "сайте",
    "сайт",
    "сайта",
    "портале",
    "портала",
    "издании",
    "издания",
    "изданием",
    "газете",
    "газеты",
    "журнале",
    "журнала",
    "агентстве",
    "агентства",
    "редакции",
    "интернет-издании",
    "ресурсе",
    "der",
    "die",
    "das",
    "dem",
    "den",
    "des",
    "website",
    "webseite",
    "le",
    "la",
    "les",
    "l",
    "du",
    "de",
    "d",
    "journal",
    "quotidien",
    "hebdomadaire",
    "el",
    "los",
    "las",
    "sitio",
    "diario",
    "periódico",
    "revista",
    "medio",
    "portal",
];

/// Words that end a name once it has started.
const STOP: &[&str] = &[
    // en
    "on",
    "under",
    "in",
    "at",
    "by",
    "with",
    "and",
    "from",
    "as",
    "for",
    "via",
    "was",
    "is",
    "which",
    "where",
    "who",
    "the",
    "a",
    "an",
    "to",
    "it",
    "that",
    "last",
    "this",
    "under",
    "yesterday",
    "today",
    "earlier",
    "before",
    "after",
    "–",
    "—",
    "-",
    "|", // ru
    "в",
    "во",
    "на",
    "под",
    "от",
    "и",
    "с",
    "по",
    "за",
    "как",
    "где",
    "который",
    "которая",
    "которое",
    "вчера",
    "сегодня",
    "ранее", // de
    "am",
    "im",
    "unter",
    "von",
    "mit",
    "und",
    "vom",
    "als",
    "bei",
    "auf",
    "veröffentlicht",
    "erschienen",
    "publiziert",
    "gestern",
    "heute", // fr
    "le",
    "la",
    "les",
    "sous",
    "en",
    "et",
    "avec",
    "par",
    "du",
    "dans",
    "sur",
    "à",
    "au",
    "hier",
    // es
    "el",
    "los",
    "las",
    "con",
    "bajo",
    "y",
    "por",
    "del",
    "ayer",
    "hoy",
];

/// Lower-case words inside names ("Le Courrier du Nord", "Diario de la Marina"): one that
/// would end a name (`STOP`) goes on when a capitalized word follows it, and none ends one.
const JOINING: &[&str] = &[
    "du", "del", "de", "des", "la", "of", "di", "della", "da", "do",
];

/// Longest name taken from running words.
const MAX_WORDS: usize = 8;

#[derive(Debug, Default, PartialEq)]
pub struct Target {
    pub outlet: Option<String>,
    pub url: Option<String>,
}

/// Reads the name or URL at the start of `rest`.
pub fn parse(rest: &str) -> Target {
    let mut s =
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '—' | '–'));
    if let Some(url) = url_at(s) {
        return Target {
            outlet: None,
            url: Some(url),
        };
    }
    // Descriptors in lower case before the name ("the website of", "сайте", "el diario").
    loop {
        let Some((word, after)) = next_word(s) else {
            return Target::default();
        };
        let bare = word.trim_end_matches(['\'', '’']).to_lowercase();
        let lower = word.chars().next().is_some_and(char::is_lowercase);
        if lower && LEADING.contains(&bare.as_str()) {
            s = after;
        } else {
            break;
        }
    }
    let s = s.trim_start();
    if let Some((quoted, _)) = take_quoted(s) {
        let name = quoted.trim();
        return Target {
            outlet: (!name.is_empty()).then(|| name.to_string()),
            url: None,
        };
    }
    Target {
        outlet: running_name(s),
        url: None,
    }
}

/// A URL (with scheme or starting with www.) at the start of `s`, without trailing punctuation.
pub fn url_at(s: &str) -> Option<String> {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www."))
    {
        return None;
    }
    let token = s.split_whitespace().next()?;
    let token = token.trim_end_matches(['.', ',', ';', ':', ')', '»', '"', '”', '\'', '’', ']']);
    Some(if token.to_ascii_lowercase().starts_with("www.") {
        format!("https://{token}")
    } else {
        token.to_string()
    })
}

/// The text inside the quotes `s` starts with, and what follows. A closing quote counts only
/// where a word ends, so an apostrophe inside a title ("Xi’an") does not end it.
pub fn take_quoted(s: &str) -> Option<(String, &str)> {
    let open = s.chars().next()?;
    let closers: &[char] = match open {
        '\'' => &['\''],
        '‘' => &['’'],
        '"' => &['"', '”'],
        '“' => &['”', '"'],
        '„' => &['“', '”'],
        '«' => &['»'],
        '‹' => &['›'],
        _ => return None,
    };
    let inner = &s[open.len_utf8()..];
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if closers.contains(&c) {
            let next = chars.peek().map(|&(_, n)| n);
            if next.is_none_or(|n| !n.is_alphanumeric()) {
                let after = &inner[i + c.len_utf8()..];
                return Some((inner[..i].trim().to_string(), after));
            }
        }
    }
    None
}

fn next_word(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// A name written without quotes: it starts with a capital letter (or is a domain) and runs
/// until punctuation, a date or a word that cannot be part of it.
fn running_name(s: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    let mut rest = s;
    while let Some((raw, after)) = next_word(rest) {
        rest = after;
        if raw.starts_with(['(', '[']) || raw.starts_with(|c: char| c.is_ascii_digit()) {
            break;
        }
        let trimmed = raw.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '»', '"', '”']);
        let ends_sentence = trimmed.len() < raw.len();
        if words.is_empty() {
            let capital = trimmed.chars().next().is_some_and(|c| c.is_uppercase());
            if !(capital || looks_like_domain(trimmed)) {
                return None;
            }
        } else if STOP.contains(&trimmed)
            && !(JOINING.contains(&trimmed) && !ends_sentence && capitalized(rest))
        {
            break;
        }
        // "Kaspiy Vestnik's website" names Kaspiy Vestnik.
        if let Some(i) = trimmed.find("'s").or_else(|| trimmed.find("’s"))
            && i > 0
            && i + 3 >= trimmed.len()
        {
            words.push(&trimmed[..i]);
            break;
        }
        if !trimmed.is_empty() {
            words.push(trimmed);
        }
        if ends_sentence || words.len() > MAX_WORDS {
            break;
        }
    }
    while words.last().is_some_and(|w| JOINING.contains(w)) {
        words.pop();
    }
    if words.is_empty() || words.len() > MAX_WORDS {
        return None;
    }
    Some(words.join(" "))
}

/// Whether the next word of `s` starts with a capital letter.
fn capitalized(s: &str) -> bool {
    next_word(s).is_some_and(|(w, _)| w.chars().next().is_some_and(char::is_uppercase))
}

/// "kaspiy-vestnik.example", "netzpolitik.org": a lower-case outlet name is fine when it is a
/// domain.
pub fn looks_like_domain(word: &str) -> bool {
    let mut parts = word.rsplitn(2, '.');
    let (Some(tld), Some(host)) = (parts.next(), parts.next()) else {
        return false;
    };
    tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outlet(rest: &str) -> Option<String> {
        parse(rest).outlet
    }

    #[test]
    fn names_end_where_the_name_ends() {
        assert_eq!(
            outlet("Kaspiy Vestnik. The Russian version").as_deref(),
            Some("Kaspiy Vestnik")
        );
        assert_eq!(
            outlet("the Moscow-Baku information portal on 3 May").as_deref(),
            Some("Moscow-Baku information portal")
        );
        assert_eq!(
            outlet("сайте «Каспийский вестник» 11 марта").as_deref(),
            Some("Каспийский вестник")
        );
        assert_eq!(
            outlet("Le Monde le 3 mars 2024.").as_deref(),
            Some("Le Monde")
        );
        assert_eq!(
            outlet("el diario El País el lunes").as_deref(),
            Some("El País")
        );
        assert_eq!(outlet("Zeit Online am 4.").as_deref(), Some("Zeit Online"));
        assert_eq!(
            outlet("Kaspiy Vestnik's website.").as_deref(),
            Some("Kaspiy Vestnik")
        );
        assert_eq!(
            outlet("kaspiy-vestnik.example").as_deref(),
            Some("kaspiy-vestnik.example")
        );
        assert_eq!(
            outlet("Le Courrier du Nord le 3 mai.").as_deref(),
            Some("Le Courrier du Nord")
        );
        assert_eq!(
            outlet("Diario de la Marina y El País").as_deref(),
            Some("Diario de la Marina")
        );
        assert_eq!(
            outlet("Diario del Sur el lunes").as_deref(),
            Some("Diario del Sur")
        );
        assert_eq!(outlet("Le Monde du 3 mars").as_deref(), Some("Le Monde"));
        assert_eq!(
            outlet("La Gazette de la ville").as_deref(),
            Some("La Gazette")
        );
        assert_eq!(outlet("the tunnel"), None);
        assert_eq!(outlet("our website"), None);
        assert_eq!(
            parse("https://example.org/a/b.html.").url.as_deref(),
            Some("https://example.org/a/b.html")
        );
    }

    #[test]
    fn quotes_close_at_word_ends() {
        assert_eq!(
            take_quoted("‘Xi’an’s trains’ today")
                .map(|t| t.0)
                .as_deref(),
            Some("Xi’an’s trains")
        );
        assert_eq!(
            take_quoted("«Каспийский транзит: почему» и")
                .map(|t| t.0)
                .as_deref(),
            Some("Каспийский транзит: почему")
        );
    }
}
