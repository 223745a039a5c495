//! Percent-encoding, path encoding and form decoding shared by every signing scheme.
//!
//! All four schemes encode the same way: UTF-8 bytes, `A-Z a-z 0-9 - _ . ~` literal, every other
//! byte `%XX` with upper-case hex (so a space is `%20`, never `+`, and `*` is `%2A`).

use percent_encoding::{percent_decode, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Every byte except the RFC 3986 unreserved characters.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` the way every supported signing scheme does (see the module docs).
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, RESERVED).to_string()
}

/// Percent-encodes raw bytes, for path segments that were percent-decoded to bytes.
pub(crate) fn percent_encode_bytes(bytes: &[u8]) -> String {
    percent_encoding::percent_encode(bytes, RESERVED).to_string()
}

/// The path as it goes on the wire and into the Alibaba canonical texts.
///
/// Each segment is percent-encoded and `/` is kept. An existing `%XX` escape is kept as it is, so a
/// path parameter that the caller substituted as `percent_encode(value)` survives unchanged, even
/// when the value contains `/` (which then stays `%2F`, as the official SDKs send it). The price is
/// that a literal `%` followed by two hex digits cannot be expressed; substituting path parameters
/// with [`percent_encode`] avoids that. The HTTP client must send exactly this string.
pub fn encode_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let is_escape = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if is_escape {
            out.push_str(&path[i..i + 3]);
            i += 3;
            continue;
        }
        if b == b'/' || is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    out
}

/// Percent-decodes `s` to bytes; invalid escapes are kept literally.
pub(crate) fn percent_decode_bytes(s: &str) -> Vec<u8> {
    percent_decode(s.as_bytes()).collect()
}

/// Decodes an `application/x-www-form-urlencoded` body into `(name, value)` pairs.
///
/// Returns `None` when the body or a decoded pair is not UTF-8.
pub(crate) fn decode_form(body: &[u8]) -> Option<Vec<(String, String)>> {
    let body = std::str::from_utf8(body).ok()?;
    let decode = |s: &str| String::from_utf8(percent_decode_bytes(&s.replace('+', " "))).ok();
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((decode(name)?, decode(value)?))
        })
        .collect()
}

/// `name=value` pairs sorted by name then value (as the SDKs sort them, by code point), each side
/// percent-encoded, joined with `&`. An empty value keeps its `=`.
pub(crate) fn canonical_query(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(name, value)| format!("{}={}", percent_encode(name), percent_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encode_table() {
        let table = [
            ("", ""),
            ("AZaz09-_.~", "AZaz09-_.~"),
            (" ", "%20"),
            ("*", "%2A"),
            ("+", "%2B"),
            ("/", "%2F"),
            ("%", "%25"),
            ("=&?:", "%3D%26%3F%3A"),
            ("'()!", "%27%28%29%21"),
            ("\"{}[],", "%22%7B%7D%5B%5D%2C"),
            ("中", "%E4%B8%AD"),
            ("😀", "%F0%9F%98%80"),
            ("é", "%C3%A9"),
        ];
        for (input, expected) in table {
            assert_eq!(percent_encode(input), expected, "percent_encode({input:?})");
        }
    }

    #[test]
    fn encode_path_table() {
        let table = [
            ("", ""),
            ("/", "/"),
            (
                "/pop/v1/sam/app/listApplications",
                "/pop/v1/sam/app/listApplications",
            ),
            ("/a b/中", "/a%20b/%E4%B8%AD"),
            ("/apps/app%20id%2F%E4%B8%AD", "/apps/app%20id%2F%E4%B8%AD"),
            ("/100%", "/100%25"),
            ("/50%zz", "/50%25zz"),
            ("/a*b+c", "/a%2Ab%2Bc"),
        ];
        for (input, expected) in table {
            assert_eq!(encode_path(input), expected, "encode_path({input:?})");
        }
    }

    #[test]
    fn decode_form_table() {
        let pairs = decode_form(b"a=1&b=x+y%2Bz&empty=&bare&&c=%E4%B8%AD").unwrap();
        let expected = [
            ("a", "1"),
            ("b", "x y+z"),
            ("empty", ""),
            ("bare", ""),
            ("c", "中"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(pairs, expected);
        assert_eq!(decode_form(b"a=%FF"), None);
    }

    #[test]
    fn canonical_query_sorts_by_name_then_value() {
        let pairs: Vec<(String, String)> = [("tag", "b"), ("name", "x y"), ("tag", "a"), ("e", "")]
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(canonical_query(&pairs), "e=&name=x%20y&tag=a&tag=b");
    }
}
