//! Language-independent anchors: what survives translation. Keys are prefixed by kind so that a
//! number never meets a name:
//! - `n:2031`, `n:1.4`: numbers, with thousands separators dropped and the decimal mark unified
//!   ("1,4 млрд" and "1.4 billion" give `n:1.4`; "1,400" and "1 400" give `n:1400`);
//! - `p:pashi`: a capitalized word transliterated to Latin, cut to 5 letters;
//! - `k:psn`, `k:psnn`: its consonant skeleton cut to 3 and 4 letters, which absorbs
//!   transliteration schemes and inflection ("Pashinyan", "Пашиняну");
//! - `d:5-20`: a day of the year, however the date is written (`dates`): for finding
//!   candidates only, not scored (a text's dates are its numbers again);
//! - `a:nato`: acronyms; `u:site.example/a`: URLs; `e:`/`h:`: e-mail addresses and handles;
//! - `s:12:x3`, `s:12:m7`: structure: the segment count with the position of the longest and
//!   shortest segment (a translation keeps its segments in order, with proportional lengths).
//!
//! Keys starting with `w:` (the whole transliterated name, for Jaro–Winkler at scoring time) are
//! carried with the analysis but not indexed.

use super::dates::{ascii_digit, dates};
use super::normalize::is_alphabetic;
use super::translit::{is_alphabetic_script, is_phonetic_letter, latin, skeleton};

/// Prefix of keys kept for scoring only, never indexed.
pub const SCORING_ONLY: &str = "w:";

/// The indexed anchors of a text (scoring-only keys are never indexed).
pub fn indexed(anchors: &[String]) -> impl Iterator<Item = &str> {
    anchors
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with(SCORING_ONLY))
}

/// Anchor keys of a text, unique, in first-seen order.
pub fn extract(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut push = |k: String| {
        if seen.insert(k.clone()) {
            out.push(k);
        }
    };
    for token in text.split_whitespace() {
        if token.contains("://") || token.starts_with("www.") {
            let url = token
                .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/')
                .split("://")
                .last()
                .unwrap_or(token)
                .trim_start_matches("www.")
                .trim_end_matches('/');
            push(format!("u:{}", url.to_ascii_lowercase()));
        } else if token.contains('@') {
            let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
            if let Some(handle) = t.strip_prefix('@').filter(|h| h.len() >= 2) {
                push(format!("h:{}", handle.to_lowercase()));
            } else if t.contains('@') && t.contains('.') {
                push(format!("e:{}", t.to_lowercase()));
            }
        }
    }
    for n in numbers(text) {
        push(key("n:", &n));
    }
    for (month, day) in dates(text) {
        push(format!("d:{month}-{day}"));
    }
    // A word's keys depend on the word alone: a name met again adds nothing. Only capitalized
    // words make keys, so only they are remembered.
    let mut words_seen = rustc_hash::FxHashSet::default();
    for word in words(text) {
        let first = word.chars().next().unwrap_or(' ');
        if !first.is_uppercase() || !words_seen.insert(word) || !is_alphabetic_script(word) {
            continue;
        }
        let count = word.chars().count();
        let l = latin(word);
        if (2..=6).contains(&count) && word.chars().all(|c| !c.is_lowercase()) {
            push(key("a:", &l));
            continue;
        }
        if count < 3 || l.len() < 4 {
            continue;
        }
        push(key("p:", &l[..l.len().min(5)]));
        let sk = skeleton(&l);
        if sk.len() >= 3 {
            push(key("k:", &sk[..3]));
        }
        if sk.len() >= 4 {
            push(key("k:", &sk[..4]));
        }
        push(key(SCORING_ONLY, &l));
    }
    for k in structure_keys(&segment_lengths(text)) {
        push(k);
    }
    out
}

/// A key: its kind's prefix and its text (`format!` cost more than the rest of making most
/// keys).
fn key(prefix: &str, text: &str) -> String {
    let mut k = String::with_capacity(prefix.len() + text.len());
    k.push_str(prefix);
    k.push_str(text);
    k
}

/// Character length of each non-empty line: the segments (paragraphs, or sentences where a text
/// has one per line) whose lengths a translation keeps in proportion.
pub fn segment_lengths(text: &str) -> Vec<usize> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().count())
        .collect()
}

/// Where the longest and the shortest segment are, with the segment count. Short texts have no
/// such keys: a 3-line shape is shared by too many texts to be worth a lookup.
pub fn structure_keys(lengths: &[usize]) -> Vec<String> {
    let n = lengths.len();
    if !(4..=400).contains(&n) {
        return Vec::new();
    }
    let max = (0..n).max_by_key(|&i| (lengths[i], n - i)).unwrap_or(0);
    let min = (0..n).min_by_key(|&i| (lengths[i], i)).unwrap_or(0);
    vec![format!("s:{n}:x{max}"), format!("s:{n}:m{min}")]
}

/// Runs of letters in one kind of script; a switch (Latin inside Chinese) ends a word.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let class = is_alphabetic(c).then(|| is_phonetic_letter(c));
        if let Some((s, k)) = start
            && class != Some(k)
        {
            out.push(&text[s..i]);
            start = None;
        }
        if start.is_none() {
            start = class.map(|k| (i, k));
        }
    }
    if let Some((s, _)) = start {
        out.push(&text[s..]);
    }
    out
}

/// Numbers of a text in one notation: thousands separators dropped, decimal comma or point as
/// `.`, leading zeros and trailing decimal zeros dropped; single digits are too common to count.
pub fn numbers(text: &str) -> Vec<String> {
    let digit = |c: char| ascii_digit(c).is_ascii_digit();
    let mut out = Vec::new();
    let mut rest = text;
    // From one number to the next: most of a text is no number.
    while let Some(start) = rest.find(digit) {
        // A group: digits with single separators between digits ("1,400.5", "27.07.2020", "1 400").
        let mut parts: Vec<String> = vec![String::new()];
        let mut seps: Vec<char> = Vec::new();
        let mut chars = rest[start..].char_indices();
        let mut end = rest.len() - start;
        while let Some((i, c)) = chars.next() {
            let c = ascii_digit(c);
            if c.is_ascii_digit() {
                parts.last_mut().expect("one part").push(c);
            } else if matches!(c, '.' | ',' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\'')
                && chars.clone().next().is_some_and(|(_, n)| digit(n))
            {
                seps.push(c);
                parts.push(String::new());
            } else {
                end = i;
                break;
            }
        }
        out.extend(normalize_group(&parts, &seps));
        rest = &rest[start + end..];
    }
    out
}

fn normalize_group(parts: &[String], seps: &[char]) -> Vec<String> {
    let int = |s: &str| {
        let t = s.trim_start_matches('0');
        if t.is_empty() {
            "0".to_string()
        } else {
            t.to_string()
        }
    };
    let keep = |s: String| -> Option<String> { (s.len() >= 2 || s.contains('.')).then_some(s) };
    if parts.len() == 1 {
        return keep(int(&parts[0])).into_iter().collect();
    }
    let grouped = parts[1..].iter().all(|p| p.len() == 3) && parts[0].len() <= 3;
    let spaces = seps.iter().all(|c| !matches!(c, '.' | ','));
    let one_kind = seps.windows(2).all(|w| w[0] == w[1]);
    if grouped && (spaces || seps.len() >= 2 && one_kind || seps.len() == 1) {
        return keep(int(&parts.concat())).into_iter().collect();
    }
    let last = seps.len() - 1;
    let thousands_then_decimal = seps[..last].iter().all(|c| *c != seps[last])
        && parts[1..=last].iter().all(|p| p.len() == 3);
    if seps.len() == 1 || thousands_then_decimal {
        let whole = int(&parts[..=last].concat());
        let frac = parts[last + 1].trim_end_matches('0');
        return vec![if frac.is_empty() {
            whole
        } else {
            format!("{whole}.{frac}")
        }];
    }
    // Dates and other lists of numbers: each part on its own.
    parts.iter().filter_map(|p| keep(int(p))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(keys: &[String], k: &str) -> bool {
        keys.iter().any(|x| x == k)
    }

    #[test]
    fn numbers_names_and_urls() {
        let a = extract("In 2023, Rustam Gasanov said 86% at https://www.ttc.example/report.");
        assert!(has(&a, "n:2023"));
        assert!(has(&a, "n:86"));
        assert!(has(&a, "p:rusta"));
        assert!(has(&a, "u:ttc.example/report"));
    }

    #[test]
    fn numbers_agree_across_locales() {
        assert_eq!(numbers("1,4 млрд"), ["1.4"]);
        assert_eq!(numbers("1.4 billion"), ["1.4"]);
        assert_eq!(numbers("1,400 people, 1.400 Menschen"), ["1400", "1400"]);
        assert_eq!(numbers("12\u{00A0}500 руб."), ["12500"]);
        assert_eq!(numbers("27.07.2020"), ["27", "2020"]);
        assert_eq!(numbers("1,234.50 and 7"), ["1234.5"]);
        assert_eq!(numbers("COVID-19 in 2021年"), ["19", "2021"]);
    }

    #[test]
    fn inflected_and_transliterated_names_share_keys() {
        let en = extract("Prime Minister Nikol Pashinyan met Mäkinen.");
        let ru = extract("Премьер Никол Пашиняну встретился с Мякиненом.");
        let shared: Vec<&String> = en.iter().filter(|k| ru.contains(k)).collect();
        assert!(shared.iter().any(|k| k.starts_with("k:ps")), "{shared:?}");
        assert!(shared.iter().any(|k| k.starts_with("k:mkn")), "{shared:?}");
    }

    #[test]
    fn a_dateline_meets_its_translation() {
        let zh = extract("新华社北京５月２０日电");
        let en = extract("Beijing, May 20 (Xinhua)");
        assert!(has(&zh, "d:5-20") && has(&en, "d:5-20"), "{zh:?} {en:?}");
    }

    #[test]
    fn acronyms_and_latin_inside_chinese() {
        let zh = extract("北约NATO在2021年表示");
        assert!(has(&zh, "a:nato"));
        assert!(has(&extract("НАТО заявило"), "a:nato"));
    }

    #[test]
    fn structure_keys_find_the_longest_segment() {
        assert_eq!(
            structure_keys(&[10, 50, 20, 5]),
            ["s:4:x1".to_string(), "s:4:m3".to_string()]
        );
        assert!(structure_keys(&[10, 20]).is_empty());
    }
}
