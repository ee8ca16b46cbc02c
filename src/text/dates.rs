//! Day and month of the dates a text gives, however written: "May 20", "20th of May",
//! "20 мая", "20. Mai", "20 de mayo", "5月20日", "2016-05-20", "20.05.2016". A translation keeps
//! its dates, and a day of the year is far rarer across a store than either of its numbers:
//! a Chinese news item whose only other anchors are common numbers is found by its dateline.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Month names by month, lowercase, as they follow or precede a day: English (full and
/// abbreviated), German, French, Spanish, Icelandic, then the genitives of Russian, Ukrainian,
/// Czech and Croatian ("20 мая", "20. května"). English "may" counts only capitalized.
const MONTHS: [&str; 12] = [
    "january jan januar jänner janvier enero janúar января січня ledna siječnja",
    "february feb februar février febrero febrúar февраля лютого února veljače",
    "march mar märz mars marzo марта березня března ožujka",
    "april apr avril abril apríl апреля квітня dubna travnja",
    "may mai mayo maí мая травня května svibnja",
    "june jun juni juin junio júní июня червня června lipnja",
    "july jul juli juillet julio júlí июля липня července srpnja",
    "august aug août agosto ágúst августа серпня srpna kolovoza",
    "september sep sept septembre septiembre setiembre сентября вересня září rujna",
    "october oct oktober octobre octubre október октября жовтня října listopada",
    "november nov novembre noviembre nóvember ноября листопада listopadu studenoga studenog",
    "december dec dezember décembre diciembre desember декабря грудня prosince prosinca",
];

/// Each month name of `MONTHS` with its month.
static MONTH_OF: LazyLock<HashMap<&str, u8>> = LazyLock::new(|| {
    (1u8..)
        .zip(MONTHS)
        .flat_map(|(month, names)| names.split(' ').map(move |n| (n, month)))
        .collect()
});

/// A full-width digit ("２０", in Chinese and Japanese text) as its ASCII digit.
pub fn ascii_digit(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
        c => c,
    }
}

/// (month, day) of each date in the text, in order of appearance, repeats included.
pub fn dates(text: &str) -> Vec<(u8, u8)> {
    // Full-width digits (CJK texts) read as ASCII; other texts are read as they are.
    let text: std::borrow::Cow<str> = if text.contains(|c| ascii_digit(c) != c) {
        text.chars().map(ascii_digit).collect::<String>().into()
    } else {
        text.into()
    };
    let mut out = han_dates(&text);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let days: Vec<Option<u8>> = tokens.iter().map(|t| day_of(t)).collect();
    for (i, raw) in tokens.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| days[j]).or_else(|| {
            let j = i.checked_sub(2)?;
            matches!(tokens[j + 1], "of" | "de").then_some(days[j])?
        });
        let day = before.or_else(|| days.get(i + 1).copied().flatten());
        // A month name makes a date only beside a day: other tokens are not looked up.
        match day.and_then(|d| Some((month_of(raw)?, d))) {
            Some(date) => out.push(date),
            None => out.extend(numeric_date(raw)),
        }
    }
    out
}

fn month_of(token: &str) -> Option<u8> {
    let word = token.trim_matches(|c: char| !c.is_alphabetic());
    // Month names have 3 to 10 letters of at most 2 bytes each.
    if word.len() < 3 || word.len() > 22 {
        return None;
    }
    // Lowered on the stack when ASCII: this runs for nearly every word of every text.
    let mut buf = [0u8; 22];
    let lower: std::borrow::Cow<str> = if word.is_ascii() {
        let b = &mut buf[..word.len()];
        b.copy_from_slice(word.as_bytes());
        b.make_ascii_lowercase();
        std::str::from_utf8(b).expect("ASCII").into()
    } else {
        word.to_lowercase().into()
    };
    // The English modal verb "may" is lowercase; the month is not.
    if lower == "may" && word != "May" && word != "MAY" {
        return None;
    }
    MONTH_OF.get(lower.as_ref()).copied()
}

/// A day of the month: "20", "20.", "20th", "1st", "1er", "20,".
fn day_of(token: &str) -> Option<u8> {
    // A day begins with its digits: most tokens are words.
    if !token.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let t = token.trim_end_matches([',', '.', ';', ')']);
    let digits = t.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &t[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "er" | "o" | "º") {
        return None;
    }
    parse_day(digits)
}

fn parse_day(digits: &str) -> Option<u8> {
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn parse_month(digits: &str) -> Option<u8> {
    parse_day(digits).filter(|m| *m <= 12)
}

/// "2016-05-20" and "20.05.2016" (with a four-digit year: "5.20" is a number, not a date).
fn numeric_date(token: &str) -> Option<(u8, u8)> {
    // Most tokens are words: no digit, or no room for "2024-5-1".
    if token.len() < 8 || !token.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = token.trim_matches(|c: char| !c.is_ascii_digit());
    if t.len() < 8 {
        return None;
    }
    let mut parts = t.split(['-', '.']);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    match (a, b, c) {
        (y, m, d) if y.len() == 4 && t.contains('-') => Some((parse_month(m)?, parse_day(d)?)),
        (d, m, y) if y.len() == 4 && t.contains('.') => Some((parse_month(m)?, parse_day(d)?)),
        _ => None,
    }
}

/// "5月20日" (Chinese and Japanese, any year before it).
fn han_dates(text: &str) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('月') {
        let before = &text[..i];
        let month = &before[before.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
        let rest = &text[i + '月'.len_utf8()..];
        let day = &rest[..rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len()];
        if rest[day.len()..].starts_with('日')
            && let (Some(m), Some(d)) = (parse_month(month), parse_day(day))
        {
            out.push((m, d));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_date_in_many_notations() {
        for text in [
            "Beijing, May 20 (Xinhua)",
            "on the 20th of May,",
            "В Москве 20 мая прошла",
            "Am 20. Mai 2016 wurde",
            "le 20 mai, à Paris",
            "el 20 de mayo",
            "dne 20. května",
            "dana 20. svibnja",
            "新华社北京５月２０日电",
            "2016年5月20日",
            "dated 2016-05-20.",
            "vom 20.05.2016",
        ] {
            assert_eq!(dates(text), [(5, 20)], "{text}");
        }
    }

    #[test]
    fn numbers_and_verbs_are_not_dates() {
        assert!(dates("they may 20 times over").is_empty());
        assert!(dates("grew 5.20 percent to 2016 tonnes; 32 May").is_empty());
        assert!(dates("March").is_empty());
        assert_eq!(dates("May 28 to June 1"), [(5, 28), (6, 1)]);
    }
}
