//! Normalization for matching only: NFKC, case folding, one form of quotes, dashes and spaces.

use unicode_normalization::UnicodeNormalization;

/// NFKC, lower case, typographic quotes and dashes unified, whitespace collapsed.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        fold_ascii(s)
    } else {
        fold_unicode(s)
    }
}

/// `fold` of ASCII text, byte by byte: most lines of most texts are ASCII, and this runs on
/// every line of every registered text (it was ~6% of a bulk import decoding characters).
fn fold_ascii(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut space = false;
    for &b in s.as_bytes() {
        // The ASCII characters `char::is_whitespace` knows.
        if matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r') {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(b' ');
            space = false;
        }
        out.push(match b {
            b'`' => b'\'',
            b => b.to_ascii_lowercase(),
        });
    }
    String::from_utf8(out).expect("ASCII in, ASCII out")
}

fn fold_unicode(s: &str) -> String {
    // Text already in NFKC (nearly all of it) skips the normalizer's decompose-and-compose
    // pass: NFKC of such text is the text itself.
    let checked = s.chars().filter(|&c| !nfkc_stable(c));
    if unicode_normalization::is_nfkc_quick(checked) == unicode_normalization::IsNormalized::Yes {
        fold_chars(s.chars(), s.len())
    } else {
        fold_chars(s.nfkc(), s.len())
    }
}

/// Characters NFKC leaves as they are whatever surrounds them (starters its quick check
/// passes), so that the check need not look them up: most letters of the common scripts (the
/// normalizer's table lookup per character was ~3% of importing the translation set). Leaving
/// starters out of the check can only make it doubt more, never less.
fn nfkc_stable(c: char) -> bool {
    matches!(c,
        '\0'..='\u{7F}' | '\u{C0}'..='\u{FF}' | '\u{400}'..='\u{45F}'
        | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}')
}

fn fold_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut space = false;
    for c in chars {
        match simple_lower(c) {
            Some(l) => push_folded(&mut out, &mut space, l),
            None => c
                .to_lowercase()
                .for_each(|l| push_folded(&mut out, &mut space, l)),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Appends a lower-case character to folded text: quotes and dashes unified, spaces collapsed.
fn push_folded(out: &mut String, space: &mut bool, c: char) {
    let c = match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        'ё' => 'е',
        c if c.is_whitespace() => ' ',
        c => c,
    };
    if c == ' ' {
        if !*space && !out.is_empty() {
            out.push(' ');
        }
        *space = true;
    } else {
        out.push(c);
        *space = false;
    }
}

/// `str::to_lowercase`, with the letters of the common scripts lowered without its table
/// search (claims' trigger words are looked for in every sentence of every text, lowered).
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match simple_lower(c) {
            Some(l) => out.push(l),
            None => return s.to_lowercase(),
        }
    }
    out
}

/// `c.to_lowercase()` where it is one character known without the table search
/// `char::to_lowercase` makes for every non-ASCII character: the scripts of most texts. Every
/// line of every text is folded.
fn simple_lower(c: char) -> Option<char> {
    let shifted = |by: u32| char::from_u32(c as u32 + by);
    match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        '\0'..='\u{7F}' => Some(c),
        // Latin-1 capitals (but ×), then its small letters and signs.
        '\u{C0}'..='\u{DE}' if c != '\u{D7}' => shifted(0x20),
        '\u{A0}'..='\u{FF}' => Some(c),
        // Cyrillic capitals А–Я and Ѐ–Џ; the small letters.
        '\u{410}'..='\u{42F}' => shifted(0x20),
        '\u{400}'..='\u{40F}' => shifted(0x50),
        '\u{430}'..='\u{45F}' => Some(c),
        // CJK punctuation, kana and ideographs have no case.
        '\u{3000}'..='\u{9FFF}' => Some(c),
        _ => None,
    }
}

/// Words of the folded text: runs of letters and digits (apostrophes inside words kept out).
pub fn words(s: &str) -> Vec<String> {
    split_words(&fold(s)).map(str::to_string).collect()
}

/// Words of text already folded.
pub fn split_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !is_alphanumeric(c))
        .filter(|w| !w.is_empty())
}

/// `char::is_alphanumeric`, with the letters of the common scripts known without its table
/// search (every character of every text is asked).
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_common_letter(c) || c.is_alphanumeric()
    }
}

/// `char::is_alphabetic`, as [`is_alphanumeric`].
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_common_letter(c) || c.is_alphabetic()
    }
}

/// Letters of Latin-1, Cyrillic, kana and CJK ideographs (a unit test checks each against the
/// standard library).
fn is_common_letter(c: char) -> bool {
    matches!(c,
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{FF}'
        | '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}'
        | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}'
        | '\u{4E00}'..='\u{9FFF}')
}

/// A title reduced to its words, for strsim: "OPINION: Caspian — Transit | Site" → "opinion caspian transit site".
pub fn title_key(title: &str) -> String {
    words(title).join(" ")
}

/// Paragraphs: blocks separated by blank lines; a text with no blank lines gives one per line.
pub fn paragraphs(text: &str) -> Vec<&str> {
    let blocks: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if blocks.len() <= 1 {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_lower_case_is_the_standard_one() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(l) = simple_lower(c) {
                assert_eq!(c.to_lowercase().collect::<String>(), l.to_string(), "{c:?}");
            }
        }
    }

    #[test]
    fn stable_characters_are_nfkc_starters() {
        use unicode_normalization::{IsNormalized, char::canonical_combining_class, is_nfkc_quick};
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| nfkc_stable(c))
        {
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
        // A mark after a stable letter still sends the text through the normalizer.
        assert_eq!(fold("Cafe\u{301} ｆｕｌｌ"), "café full");
    }

    #[test]
    fn common_letters_are_the_standard_ones() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn lowers_as_the_standard_library() {
        for s in [
            "Plain ASCII",
            "Впервые Опубликовано",
            "Ürsprünglich ÀÉ",
            "ΟΔΟΣ İstanbul",
            "東京 Ёж",
        ] {
            assert_eq!(lower(s), s.to_lowercase(), "{s:?}");
        }
    }

    #[test]
    fn folds_quotes_dashes_case_and_space() {
        assert_eq!(
            fold("  «Ёлка» — “Quote”\u{00A0} ﬁne  "),
            "\"елка\" - \"quote\" fine"
        );
        assert_eq!(
            words("It's 2.8 million — Aktau’s"),
            ["it", "s", "2", "8", "million", "aktau", "s"]
        );
        for ascii in [
            "  Plain  ASCII\ttext,\r\nwith `ticks`\x0b and\x0cfeeds \x1c\x1f ",
            "",
            " \t ",
            "A",
        ] {
            assert_eq!(fold(ascii), fold_unicode(ascii), "{ascii:?}");
        }
        assert_eq!(
            title_key("OPINION: Caspian — Transit | GlobalWire"),
            "opinion caspian transit globalwire"
        );
    }
}
