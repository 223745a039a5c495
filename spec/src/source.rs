//! Turning the bytes of a saved page into text, whatever encoding the user's tool wrote.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// Why a document could not be decoded.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    #[error("`{file}` is not text in UTF-8, UTF-16 or GB18030 (first undecodable byte at offset {offset})")]
    Undecodable { file: String, offset: usize },
    #[error("`{file}` is empty")]
    Empty { file: String },
}

/// The encoding a document was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

/// Decodes a document: a BOM wins; then UTF-8; then UTF-16 without BOM (recognised by its NUL
/// bytes); then GB18030, the superset of GBK that Chinese Windows tools write.
pub fn decode(file: &str, bytes: &[u8]) -> Result<(String, TextEncoding), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty { file: file.to_owned() });
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let kind = if encoding == UTF_16LE {
            TextEncoding::Utf16Le
        } else if encoding == UTF_16BE {
            TextEncoding::Utf16Be
        } else {
            TextEncoding::Utf8Bom
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(undecodable(file, bytes));
        }
        return Ok((text.into_owned(), kind));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return plausible(file, bytes, text.to_owned(), TextEncoding::Utf8);
    }
    let nul_even = bytes.iter().step_by(2).filter(|b| **b == 0).count();
    let nul_odd = bytes.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = bytes.len() / 2;
    let utf16 = if nul_odd * 5 > half * 2 { Some((UTF_16LE, TextEncoding::Utf16Le)) } else if nul_even * 5 > half * 2 { Some((UTF_16BE, TextEncoding::Utf16Be)) } else { None };
    if let Some((encoding, kind)) = utf16 {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors {
            return plausible(file, bytes, text.into_owned(), kind);
        }
    }
    let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        return Err(undecodable(file, bytes));
    }
    plausible(file, bytes, text.into_owned(), TextEncoding::Gb18030)
}

/// Decoding can succeed on binary data; text has no NULs and almost no other control characters.
fn plausible(file: &str, bytes: &[u8], text: String, encoding: TextEncoding) -> Result<(String, TextEncoding), DecodeError> {
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if text.contains('\0') || controls * 100 > text.chars().count() {
        let offset = bytes.iter().position(|b| *b == 0 || (*b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))).unwrap_or(0);
        return Err(DecodeError::Undecodable { file: file.to_owned(), offset });
    }
    Ok((text, encoding))
}

fn undecodable(file: &str, bytes: &[u8]) -> DecodeError {
    let offset = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
    DecodeError::Undecodable { file: file.to_owned(), offset }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_supported_encoding() {
        let text = "请求参数 | Name | 是 |";
        let (gbk, _, _) = GB18030.encode(text);
        let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut utf16_bom = vec![0xFF, 0xFE];
        utf16_bom.extend(&utf16);
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend(text.as_bytes());
        let cases: Vec<(&[u8], TextEncoding)> = vec![
            (text.as_bytes(), TextEncoding::Utf8),
            (&utf8_bom, TextEncoding::Utf8Bom),
            (&utf16_bom, TextEncoding::Utf16Le),
            (&utf16, TextEncoding::Utf16Le),
            (&gbk, TextEncoding::Gb18030),
        ];
        for (bytes, expected) in cases {
            assert_eq!(decode("f.txt", bytes).unwrap(), (text.to_owned(), expected));
        }
    }

    #[test]
    fn garbage_is_an_error_naming_the_file() {
        let err = decode("bad.bin", &[0x81, 0x30, 0xFF, 0x00, 0xFE]).unwrap_err();
        assert!(err.to_string().starts_with("`bad.bin` is not text"), "{err}");
        assert_eq!(decode("e.txt", b"").unwrap_err().to_string(), "`e.txt` is empty");
    }
}
