//! Standard base64 (RFC 4648 alphabet), once for the crate: Royale's
//! `localStorage` values (`sol::royale`) and Flex login credentials
//! (`gateway`, `client`). Encoding pads with `=` as `btoa` does; decoding
//! takes padding as optional (as `atob` does) and reports anything else,
//! whitespace included, with the index of the offending character.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with `=` padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        for shift in [18, 12, 6, 0] {
            out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
        }
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.push(char::from(ALPHABET[(n >> 18) as usize & 63]));
            out.push(char::from(ALPHABET[(n >> 12) as usize & 63]));
            out.push_str("==");
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.push(char::from(ALPHABET[(n >> 18) as usize & 63]));
            out.push(char::from(ALPHABET[(n >> 12) as usize & 63]));
            out.push(char::from(ALPHABET[(n >> 6) as usize & 63]));
            out.push('=');
        }
        _ => {}
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    }))
}

#[cold]
fn bad_base64(msg: &str, at: usize) -> (String, usize) {
    (msg.to_owned(), at)
}

/// Decodes standard base64; padding is optional (`atob` accepts both),
/// anything else (whitespace included) is an error at its index.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, (String, usize)> {
    let bytes = text.as_bytes();
    let data_len = bytes.len()
        - bytes
            .iter()
            .rev()
            .take(2)
            .take_while(|&&c| c == b'=')
            .count();
    if data_len % 4 == 1 {
        return Err(bad_base64(
            "invalid base64: the length leaves a single character in the last group",
            data_len.saturating_sub(1),
        ));
    }
    if data_len < bytes.len() && !bytes.len().is_multiple_of(4) {
        return Err(bad_base64("invalid base64: wrong padding", data_len));
    }
    let mut out = Vec::with_capacity(data_len / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for (i, &c) in bytes[..data_len].iter().enumerate() {
        let v = sextet(c)
            .ok_or_else(|| bad_base64(&format!("invalid base64 character 0x{c:02x}"), i))?;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_every_remainder() {
        // RFC 4648 §10 test vectors.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).unwrap(), plain.as_bytes());
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)).unwrap(), all);
        assert_eq!(decode("Zm8").unwrap(), b"fo");
    }

    #[test]
    fn base64_errors_name_the_character() {
        let e = decode("Zm9v!A==").unwrap_err();
        assert_eq!(e, ("invalid base64 character 0x21".to_owned(), 4));
        assert_eq!(decode("Z").unwrap_err().1, 0);
        assert!(decode("Zm9=").is_ok());
        assert!(decode("Zg=").is_err());
    }

    #[test]
    fn base64_both_ways() {
        assert_eq!(encode(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(encode(b"ab"), "YWI=");
        assert_eq!(encode(b"a"), "YQ==");
        assert_eq!(decode("dXNlcjpwYXNz").unwrap(), b"user:pass");
        assert_eq!(decode("YWI=").unwrap(), b"ab");
        assert_eq!(decode("YQ==").unwrap(), b"a");
        assert!(decode("Y").is_err());
        assert!(decode("Y!==").is_err());
    }
}
