//! Sentences → claims. A first set of English and Russian formulas; see the tests for what is
//! and is not a claim.

use super::Claim;
use regex::Regex;
use std::sync::LazyLock;

static FIRST_RELEASED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:originally|first) (?:published|released|appeared)(?: in (?P<lang>[A-Z][a-z]+))? (?:at|on|in|by) (?P<outlet>[\p{Lu}][\p{L}\p{N}&.'’ -]{1,60}?)(?:[.,;]|\s+(?:on|under|in)\s|$)").unwrap()
});
static UNDER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)the (?P<lang>[A-Z][a-z]+) version was published(?: at (?P<outlet>[^,.]+?))?(?: on [^']+?)? under the title ['‘"“«](?P<title>[^'’"”»]+)['’"”»]"#).unwrap()
});

/// Every claim in a text, in reading order.
pub fn extract(text: &str) -> Vec<Claim> {
    let mut out = Vec::new();
    for sentence in sentences(text) {
        if let Some(c) = FIRST_RELEASED.captures(sentence) {
            out.push(Claim {
                kind: "first_released",
                outlet: c.name("outlet").map(|m| m.as_str().trim().to_string()),
                language: c.name("lang").and_then(|m| language_code(m.as_str())),
                title: None,
                url: None,
                sentence: sentence.to_string(),
            });
        }
        if let Some(c) = UNDER_TITLE.captures(sentence) {
            out.push(Claim {
                kind: "version_title",
                outlet: c.name("outlet").map(|m| m.as_str().trim().to_string()),
                language: c.name("lang").and_then(|m| language_code(m.as_str())),
                title: c.name("title").map(|m| m.as_str().trim().to_string()),
                url: None,
                sentence: sentence.to_string(),
            });
        }
    }
    out
}

/// Splits on sentence ends, keeping quoted titles (which may contain "." or "?") together
/// well enough for the formulas above.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for para in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let mut start = 0;
        let chars: Vec<(usize, char)> = para.char_indices().collect();
        for (i, &(pos, c)) in chars.iter().enumerate() {
            let next_is_space = chars.get(i + 1).map(|&(_, n)| n == ' ').unwrap_or(true);
            if matches!(c, '.' | '!' | '?') && next_is_space {
                let end = pos + c.len_utf8();
                out.push(para[start..end].trim());
                start = end;
            }
        }
        if start < para.len() {
            out.push(para[start..].trim());
        }
    }
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// An English language name → ISO 639-1.
pub fn language_code(name: &str) -> Option<String> {
    let code = match name.to_lowercase().as_str() {
        "english" => "en",
        "russian" => "ru",
        "german" => "de",
        "french" => "fr",
        "spanish" => "es",
        "ukrainian" => "uk",
        "italian" => "it",
        "portuguese" => "pt",
        "chinese" => "zh",
        "japanese" => "ja",
        "arabic" => "ar",
        "turkish" => "tr",
        "polish" => "pl",
        "czech" => "cs",
        _ => return None,
    };
    Some(code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fixture_formulas() {
        let text = "Caucasus Policy Review is publishing the original English-language version of this analysis, first released in Russian at Kaspiy Vestnik. The Russian version was published on 11 March 2024 under the title 'Каспийский транзит: почему'.";
        let claims = extract(text);
        assert_eq!(claims.len(), 2, "{claims:#?}");
        assert_eq!(claims[0].outlet.as_deref(), Some("Kaspiy Vestnik"));
        assert_eq!(claims[0].language.as_deref(), Some("ru"));
        assert_eq!(
            claims[1].title.as_deref(),
            Some("Каспийский транзит: почему")
        );
    }

    #[test]
    fn ignores_lookalikes() {
        assert!(extract("He was first elected at the age of 30.").is_empty());
    }
}
