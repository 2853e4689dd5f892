//! TOTP for Cognito software-token MFA, pure and target-independent.
//!
//! HOTP is RFC 4226 (HMAC-SHA-1, dynamic truncation); TOTP is RFC 6238 with
//! `T0 = 0` and a 30-second step. Cognito's `SecretCode` is the RFC 4648
//! Base32 key that authenticator apps take; SHA-1, 30 s and 6 digits are the
//! Key-URI defaults Cognito clients rely on (docs/cognito-protocol.md §3; §9 item 3: implied
//! by client usage, not stated by AWS). Cognito accepts the adjacent steps
//! (±30 s of clock skew, Developer Guide "TOTP software token MFA").

use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha1::Sha1;
use std::fmt;
use subtle::ConstantTimeEq;

/// RFC 6238 time step `X`, in seconds.
pub const STEP_SECONDS: u64 = 30;
/// Code length Cognito uses (`SoftwareTokenMFAUserCodeType`: exactly 6 digits).
pub const DIGITS: u32 = 6;
/// Steps accepted either side of the current one (±30 s).
pub const WINDOW: u32 = 1;

/// RFC 4648 §6 alphabet.
const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Why a Base32 secret did not decode.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Base32Error {
    /// Nothing to decode.
    #[error("the secret is empty")]
    Empty,
    /// A character outside the RFC 4648 §6 alphabet.
    #[error("{0:?} is not a Base32 character (A–Z, 2–7)")]
    InvalidCharacter(char),
    /// 1, 3 or 6 characters past a multiple of 8 cannot come from whole bytes.
    #[error("{0} Base32 characters cannot encode whole bytes")]
    InvalidLength(usize),
}

/// RFC 4648 Base32 without `=` padding (what Cognito's `SecretCode` looks like).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes RFC 4648 Base32: case-insensitive, spaces ignored (secrets are
/// often shown in groups), trailing `=` padding optional.
pub fn base32_decode(text: &str) -> Result<Vec<u8>, Base32Error> {
    let cleaned: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let end = cleaned.iter().rposition(|&c| c != '=').map_or(0, |i| i + 1);
    let symbols = &cleaned[..end];
    if symbols.is_empty() {
        return Err(Base32Error::Empty);
    }
    if matches!(symbols.len() % 8, 1 | 3 | 6) {
        return Err(Base32Error::InvalidLength(symbols.len()));
    }
    let mut out = Vec::with_capacity(symbols.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &c in symbols {
        let value = match c.to_ascii_uppercase() {
            u @ 'A'..='Z' => u as u32 - 'A' as u32,
            d @ '2'..='7' => d as u32 - '2' as u32 + 26,
            _ => return Err(Base32Error::InvalidCharacter(c)),
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Ok(out)
}

/// A TOTP shared secret, kept both as its canonical Base32 text (upper case,
/// no spaces or padding) and as key bytes. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Base32Secret {
    text: String,
    bytes: Vec<u8>,
}

impl Base32Secret {
    /// Parses a secret as typed or as Cognito sent it.
    pub fn parse(text: &str) -> Result<Self, Base32Error> {
        let bytes = base32_decode(text)?;
        Ok(Self {
            text: base32_encode(&bytes),
            bytes,
        })
    }

    /// The secret for these key octets.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        Self {
            text: base32_encode(bytes),
            bytes: bytes.to_vec(),
        }
    }

    /// The HMAC key.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Canonical Base32; call only where the secret is shown or stored.
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// `ABCD EFGH ...`, for typing into an authenticator by hand.
    pub fn grouped(&self) -> String {
        group_secret_for_display(&self.text)
    }

    /// The 6-digit code at `unix_time`.
    pub fn code_at(&self, unix_time: i64) -> String {
        totp_code(&self.bytes, unix_time, STEP_SECONDS, DIGITS)
    }

    /// See [`verify`].
    pub fn verify(&self, code: &str, unix_time: i64, window: u32) -> Option<i64> {
        verify(&self.bytes, code, unix_time, window)
    }
}

impl fmt::Debug for Base32Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Base32Secret(<redacted>)")
    }
}

/// RFC 4226 §5.3 HOTP: HMAC-SHA-1 of the 8-byte big-endian counter, dynamic
/// truncation, modulo `10^digits`, zero-padded to `digits` (1..=9).
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> String {
    debug_assert!((1..=9).contains(&digits), "HOTP digits must be 1..=9");
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(&counter.to_be_bytes());
    let hs = mac.finalize().into_bytes();
    let offset = usize::from(hs[19] & 0x0f);
    let binary = u32::from_be_bytes([
        hs[offset] & 0x7f,
        hs[offset + 1],
        hs[offset + 2],
        hs[offset + 3],
    ]);
    let value = binary % 10u32.pow(digits);
    format!("{value:0width$}", width = digits as usize)
}

/// RFC 6238 §4.2 `T = floor((unix_time - T0) / X)` with `T0 = 0`.
pub fn time_step(unix_time: i64, step_seconds: u64) -> i64 {
    let step = i64::try_from(step_seconds.max(1)).unwrap_or(i64::MAX);
    unix_time.div_euclid(step)
}

/// RFC 6238 TOTP: HOTP with the time step as counter.
pub fn totp_code(secret: &[u8], unix_time: i64, step_seconds: u64, digits: u32) -> String {
    let counter = u64::try_from(time_step(unix_time, step_seconds)).unwrap_or(0);
    hotp(secret, counter, digits)
}

/// Checks a 6-digit code against the steps `current - window ..= current +
/// window` (RFC 6238 §5.2 resynchronisation window) and returns the step that
/// matched, so a verifier can refuse its reuse (§5.2: a code must not be
/// accepted twice). Anything but exactly 6 ASCII digits never matches.
pub fn verify(secret: &[u8], code: &str, unix_time: i64, window: u32) -> Option<i64> {
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = time_step(unix_time, STEP_SECONDS);
    let window = i64::from(window);
    let mut matched = None;
    // Every candidate is computed and compared without an early exit, so the
    // timing does not tell which step (if any) matched.
    for offset in -window..=window {
        let step = current + offset;
        let Ok(counter) = u64::try_from(step) else {
            continue;
        };
        let candidate = hotp(secret, counter, DIGITS);
        if bool::from(candidate.as_bytes().ct_eq(code.as_bytes())) && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

/// `ABCD EFGH IJKL ...`: the secret without spaces, upper case, in groups of
/// four (how authenticator set-up screens print a key for manual entry).
pub fn group_secret_for_display(secret: &str) -> String {
    let chars: Vec<char> = secret
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The Key-URI for an authenticator app's QR code:
/// `otpauth://totp/{issuer}:{account}?secret=…&issuer={issuer}&algorithm=SHA1&digits=6&period=30`.
///
/// Issuer and account are percent-encoded separately (RFC 3986: only
/// unreserved characters stay; UTF-8 bytes otherwise, so a space is `%20` and a
/// `:` inside the issuer is `%3A`); the separating `:` stays literal, as the
/// Key Uri Format (google/google-authenticator wiki) requires. Amplify
/// concatenates them unencoded (docs/cognito-protocol.md §3), so a space, `:`
/// or `&` in an app name breaks its label or query. An empty issuer leaves out
/// the prefix and parameter.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let secret: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let secret = percent_encode(&secret);
    let account = percent_encode(account);
    let params = format!("algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}");
    if issuer.is_empty() {
        format!("otpauth://totp/{account}?secret={secret}&{params}")
    } else {
        let issuer = percent_encode(issuer);
        format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&{params}")
    }
}

/// Every byte but RFC 3986 §2.3's unreserved characters
/// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// RFC 3986 §2.3: unreserved characters as they are, every other UTF-8 byte
/// as `%XX` (upper-case hex, §2.1).
fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
    const RFC_KEY: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_appendix_b_sha1_vectors() {
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(totp_code(RFC_KEY, time, 30, 8), code, "T = {time}");
        }
        // The time steps printed in the appendix's table.
        assert_eq!(time_step(59, 30), 1);
        assert_eq!(time_step(1_111_111_109, 30), 0x023523EC);
        assert_eq!(time_step(20_000_000_000, 30), 0x27BC86AA);
    }

    #[test]
    fn rfc4226_appendix_d_hotp_values() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_KEY, counter as u64, 6), *code, "count {counter}");
        }
    }

    #[test]
    fn base32_matches_rfc4648_vectors_and_round_trips() {
        // RFC 4648 §10, padding dropped.
        for (plain, encoded) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32_encode(plain.as_bytes()), encoded);
            if !plain.is_empty() {
                assert_eq!(base32_decode(encoded).unwrap(), plain.as_bytes());
            }
        }
        // Case-insensitive, spaces ignored, padding optional.
        assert_eq!(base32_decode("mzxw 6ytb oi").unwrap(), b"foobar");
        assert_eq!(base32_decode("MZXW6YQ=").unwrap(), b"foob");
        for len in 0..=40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37) ^ 0xA5).collect();
            let text = base32_encode(&bytes);
            if len > 0 {
                assert_eq!(base32_decode(&text).unwrap(), bytes, "{len} bytes");
            }
        }
        assert_eq!(base32_encode(&[0xFF; 20]).len(), 32, "20 bytes → 32 chars");
        assert_eq!(base32_decode(""), Err(Base32Error::Empty));
        assert_eq!(base32_decode("  = "), Err(Base32Error::Empty));
        assert_eq!(
            base32_decode("MZ1Q"),
            Err(Base32Error::InvalidCharacter('1'))
        );
        assert_eq!(base32_decode("MZX"), Err(Base32Error::InvalidLength(3)));
    }

    #[test]
    fn secret_type_normalises_groups_and_hides_itself() {
        let s = Base32Secret::parse("jbsw y3dp ehpk 3pxp").unwrap();
        assert_eq!(s.expose(), "JBSWY3DPEHPK3PXP");
        assert_eq!(s.as_bytes(), b"Hello!\xDE\xAD\xBE\xEF");
        assert_eq!(s.grouped(), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(format!("{s:?}"), "Base32Secret(<redacted>)");
        assert_eq!(Base32Secret::from_bytes(s.as_bytes()), s);
        assert_eq!(
            group_secret_for_display("abcdefghijklmnopqrstuvwxyz234567ab"),
            "ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567 AB"
        );
    }

    #[test]
    fn verify_accepts_one_step_either_side_and_no_more() {
        let secret = Base32Secret::parse("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(secret.as_bytes(), RFC_KEY);
        let now = 1_700_000_015; // mid-step
        let current = time_step(now, 30);
        let at = |delta: i64| secret.code_at(now + delta);
        assert_eq!(secret.verify(&at(0), now, 1), Some(current));
        assert_eq!(secret.verify(&at(-30), now, 1), Some(current - 1));
        assert_eq!(secret.verify(&at(30), now, 1), Some(current + 1));
        assert_eq!(secret.verify(&at(-60), now, 1), None);
        assert_eq!(secret.verify(&at(60), now, 1), None);
        assert_eq!(secret.verify(&at(-60), now, 2), Some(current - 2));
        assert_eq!(secret.verify(&at(30), now, 0), None);
        // Only exactly six ASCII digits can match.
        let code = at(0);
        assert_eq!(secret.verify(&format!(" {code}"), now, 1), None);
        assert_eq!(secret.verify(&code[..5], now, 1), None);
        assert_eq!(secret.verify("12345a", now, 1), None);
        assert_eq!(verify(RFC_KEY, &code, now, 1), Some(current));
    }

    #[test]
    fn otpauth_uri_percent_encodes_issuer_and_account() {
        assert_eq!(
            otpauth_uri(
                "ACME Corp: Staging",
                "山田@example.com",
                "jbsw y3dp ehpk 3pxp"
            ),
            "otpauth://totp/ACME%20Corp%3A%20Staging:%E5%B1%B1%E7%94%B0%40example.com\
             ?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Corp%3A%20Staging\
             &algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_uri("Example", "alice", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example\
             &algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_uri("", "a&b=c", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/a%26b%3Dc?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(percent_encode("a-b.c_d~e f"), "a-b.c_d~e%20f");
    }
}
