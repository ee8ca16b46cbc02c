//! Bytes → text for plain-text inputs: refuse what is not text, and say where it breaks.

use crate::error::{Error, Result};

/// Decodes a plain-text input that must be UTF-8 (a BOM is dropped). Binary data and invalid
/// UTF-8 are refused with the line and byte where the problem is.
pub fn decode_text(bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::bad(format!(
            "binary data, not text (NUL byte at offset {pos}); give a UTF-8 text or an HTML page"
        )));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Error::bad(format!(
                "line {line}: not valid UTF-8 (byte 0x{:02X} at offset {at}); convert the file to UTF-8 first (iconv -f ENCODING -t UTF-8), or register the HTML page, whose charset is read",
                bytes[at]
            )));
        }
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    if controls * 20 > text.chars().count().max(1) {
        return Err(Error::bad(
            "binary data, not text (too many control characters)",
        ));
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(Error::bad("empty input: no text to register"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_utf8_and_strips_bom() {
        assert_eq!(
            decode_text("\u{feff}Привет\r\nмир".as_bytes()).unwrap(),
            "Привет\nмир"
        );
    }

    #[test]
    fn refuses_empty_binary_and_bad_utf8() {
        assert!(
            decode_text(b"  \n\n ")
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(
            decode_text(b"abc\0def")
                .unwrap_err()
                .to_string()
                .contains("binary")
        );
        let err = decode_text(b"line one\nline \xff two")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2") && err.contains("UTF-8"), "{err}");
    }
}
