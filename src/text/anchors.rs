//! Language-independent anchors: what survives translation (numbers, names, URLs).
//! Keys are prefixed by kind so that a number never meets a name: `n:2024`, `p:kaspi`, `u:site.example/a`.

use super::translit::latin;

/// Anchor keys of a text, unique, in first-seen order.
pub fn extract(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |k: String| {
        if !out.contains(&k) {
            out.push(k);
        }
    };
    for token in text.split_whitespace() {
        let bare = token.trim_matches(|c: char| !c.is_alphanumeric());
        if bare.is_empty() {
            continue;
        }
        if token.contains("://") || token.starts_with("www.") {
            let url = token
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/')
                .split("://")
                .last()
                .unwrap_or(token)
                .trim_start_matches("www.");
            push(format!("u:{}", url.to_ascii_lowercase()));
            continue;
        }
        let digits: String = bare.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 2 && digits.len() * 2 >= bare.chars().count() {
            push(format!("n:{digits}"));
            continue;
        }
        let first = bare.chars().next().unwrap_or(' ');
        if first.is_uppercase() && bare.chars().count() >= 4 {
            let l = latin(bare);
            if l.len() >= 4 {
                push(format!("p:{}", &l[..l.len().min(5)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_names_and_urls() {
        let a = extract("In 2023, Rustam Gasanov said 86% at https://www.ttc.example/report.");
        assert!(a.contains(&"n:2023".to_string()));
        assert!(a.contains(&"n:86".to_string()));
        assert!(a.contains(&"p:rusta".to_string()));
        assert!(a.contains(&"u:ttc.example/report".to_string()));
    }
}
