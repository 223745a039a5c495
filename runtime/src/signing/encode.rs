//! Percent-encoding, path encoding and form decoding shared by every signing scheme.
//!
//! All four schemes encode the same way: UTF-8 bytes, `A-Z a-z 0-9 - _ . ~` literal, every other
//! byte `%XX` with upper-case hex (so a space is `%20`, never `+`, and `*` is `%2A`).

use percent_encoding::percent_decode;

/// Percent-encodes `s` the way every supported signing scheme does (see the module docs).
pub fn percent_encode(s: &str) -> String {
    percent_encode_bytes(s.as_bytes())
}

/// Appends the encoding of `bytes` to `out`: the loop every encoder here shares, written out
/// because `percent_encoding`'s `Display` goes through the formatter a few bytes at a time, which
/// made it the largest cost of signing.
fn percent_encode_into(out: &mut Vec<u8>, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut literal_from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        out.extend_from_slice(&bytes[literal_from..i]);
        out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
        literal_from = i + 1;
    }
    out.extend_from_slice(&bytes[literal_from..]);
}

/// Percent-encodes raw bytes (which need not be UTF-8).
pub(crate) fn percent_encode_bytes(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 4);
    percent_encode_into(&mut out, bytes);
    ascii(out)
}

/// The encoder's output is ASCII by construction.
fn ascii(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("percent-encoding yields ascii")
}

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
            out.push_str(&percent_encode_bytes(&[b]));
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
    encode_pairs(sorted.into_iter())
}

/// `name=value&...` with both sides percent-encoded, in the order given.
pub(crate) fn encode_pairs<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> String {
    let mut out = Vec::new();
    for (i, (name, value)) in pairs.enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        percent_encode_into(&mut out, name.as_bytes());
        out.push(b'=');
        percent_encode_into(&mut out, value.as_bytes());
    }
    ascii(out)
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
