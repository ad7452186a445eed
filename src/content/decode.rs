//! Decoding of input files: UTF-8 as written, anything else detected and decoded, with the
//! encoding named so the loader can warn.
//!
//! Input: a file's bytes. Output: its text and, when the bytes were not plain UTF-8, the
//! encoding used. A byte-order mark decides (UTF-8, UTF-16LE/BE); UTF-16 without one is
//! recognised by its zero bytes; an HTML page's declared `charset` comes next; otherwise
//! Mozilla's `chardetng` guesses among the legacy encodings (Windows-1252 and Latin-1 are
//! the usual ones in scrapes) and `encoding_rs` decodes. Decoding never fails: unmappable
//! bytes become U+FFFD.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use regex::bytes::Regex;

/// Text decoded from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The encoding the bytes were decoded from, when it was not UTF-8 (`"windows-1252"`, `"UTF-16LE"`…).
    pub encoding: Option<&'static str>,
}

/// `<meta charset="…">` or `content="text/html; charset=…"` near the top of a page.
static META_CHARSET: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i)<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_:.-]{2,40})"#).ok());

/// Decodes a text file (see the module docs).
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_with_hint(bytes, None)
}

/// Decodes a saved HTML page: as [`decode`], but a `charset` the page declares in its first
/// 2 KiB is used before guessing.
pub fn decode_html(bytes: &[u8]) -> Decoded {
    let head = &bytes[..bytes.len().min(2048)];
    let declared = META_CHARSET
        .as_ref()
        .and_then(|re| re.captures(head))
        .and_then(|caps| caps.get(1))
        .and_then(|m| Encoding::for_label(m.as_bytes()));
    decode_with_hint(bytes, declared)
}

fn decode_with_hint(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_len..];
        let (text, _) = encoding.decode_without_bom_handling(rest);
        let name = (encoding != UTF_8).then(|| encoding.name());
        return Decoded { text: text.into_owned(), encoding: name };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: text.to_string(), encoding: None };
    }
    let encoding = utf16_without_bom(bytes).or(declared.filter(|e| *e != UTF_8)).unwrap_or_else(|| {
        // Not valid UTF-8, so UTF-8 is no candidate; ISO-2022-JP is e-mail's, not the web's.
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Deny)
    });
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned(), encoding: Some(encoding.name()) }
}

/// UTF-16 text without a byte-order mark: mostly-ASCII text has a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zero_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    // Latin text in UTF-16: nearly every high byte is zero, (almost) no low byte is.
    if zero_odd * 10 >= pairs * 7 && zero_even * 10 < pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 7 && zero_odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], text: &str, encoding: Option<&str>) {
        let got = decode(bytes);
        assert_eq!((got.text.as_str(), got.encoding), (text, encoding), "{bytes:?}");
    }

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend(if big_endian { [0xfe, 0xff] } else { [0xff, 0xfe] });
        }
        for unit in text.encode_utf16() {
            out.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        out
    }

    #[test]
    fn encodings() {
        let sentence = "The minister said the café’s “new” rules were final.";
        check(sentence.as_bytes(), sentence, None);
        check("\u{feff}héllo".as_bytes(), "héllo", None);
        // Windows-1252: curly quotes in 0x80–0x9f.
        check(
            b"The caf\xe9 said \x93quoted\x94 words were final, the minister told reporters.",
            "The café said “quoted” words were final, the minister told reporters.",
            Some("windows-1252"),
        );
        check(&utf16(sentence, false, true), sentence, Some("UTF-16LE"));
        check(&utf16(sentence, true, true), sentence, Some("UTF-16BE"));
        check(&utf16(sentence, false, false), sentence, Some("UTF-16LE"));
        check(&utf16(sentence, true, false), sentence, Some("UTF-16BE"));
    }

    #[test]
    fn html_declared_charset() {
        let page = b"<html><head><meta charset=\"iso-8859-2\"></head><body>\xe8esk\xfd</body></html>";
        let got = decode_html(page);
        assert_eq!(got.text, "<html><head><meta charset=\"iso-8859-2\"></head><body>český</body></html>");
        assert_eq!(got.encoding, Some("ISO-8859-2"));
    }
}
