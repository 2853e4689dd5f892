//! The tests' authenticator maths: RFC 6238 TOTP codes from the `totp-lite`
//! crate and RFC 4648 Base32 from `data-encoding`.
//!
//! Deliberately independent of `cognito_client::totp` (the app's) and of the
//! emulator's TOTP: a test that computed its codes with the code under test
//! would pass however wrong that code was. The RFC 6238 Appendix B vectors
//! below pin this implementation to the standard.

use totp_lite::{totp_custom, Sha1};

/// Cognito's software tokens: a 30-second time step (RFC 6238 §4.1, X) ...
pub const STEP_SECONDS: u64 = 30;
/// ... and six-digit codes (`UserCode`: "Fixed length of 6", pattern
/// `[0-9]+`, in the Amazon Cognito API Reference for VerifySoftwareToken).
pub const DIGITS: u32 = 6;

/// The secret as a person reads it from the set-up screen or as
/// AssociateSoftwareToken's `SecretCode` gives it: Base32 (RFC 4648 §6),
/// upper or lower case, spaces between groups and `=` padding allowed.
pub fn decode_secret(secret: &str) -> Result<Vec<u8>, String> {
    let normal: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    data_encoding::BASE32_NOPAD
        .decode(normal.as_bytes())
        .map_err(|e| format!("{secret:?} is not Base32 (RFC 4648 §6): {e}"))
}

/// The time step (RFC 6238 §4.2, T) that Unix time `unix_seconds` falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS as i64)
}

/// The six-digit code for time step `step`.
pub fn code_for_step(key: &[u8], step: i64) -> String {
    code(key, step * STEP_SECONDS as i64, DIGITS)
}

/// The six-digit code an authenticator with `key` shows at `unix_seconds`.
pub fn code_at(key: &[u8], unix_seconds: i64) -> String {
    code(key, unix_seconds, DIGITS)
}

/// TOTP with HMAC-SHA-1 and a 30-second step, `digits` long (RFC 6238 §4).
pub fn code(key: &[u8], unix_seconds: i64, digits: u32) -> String {
    let time = u64::try_from(unix_seconds).expect("TOTP times start at the Unix epoch");
    totp_custom::<Sha1>(STEP_SECONDS, digits, key, time)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, the SHA-1 rows: the 20-byte ASCII key
    /// "12345678901234567890", 8 digits.
    #[test]
    fn rfc6238_appendix_b_sha1_vectors() {
        let key = b"12345678901234567890";
        for (time, expected) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code(key, time, 8), expected, "T = {time}");
        }
    }

    /// Six digits are the last six of the eight (RFC 4226 §5.3: the value
    /// modulo 10^Digit), with leading zeros kept.
    #[test]
    fn six_digit_codes_keep_leading_zeros() {
        let key = b"12345678901234567890";
        assert_eq!(code_at(key, 1_111_111_109), "081804");
        assert_eq!(code_for_step(key, step_at(1_111_111_109)), "081804");
    }

    #[test]
    fn steps_are_thirty_seconds_from_the_epoch() {
        assert_eq!(step_at(0), 0);
        assert_eq!(step_at(29), 0);
        assert_eq!(step_at(30), 1);
        assert_eq!(step_at(59), 1);
    }

    /// RFC 4648 §10 test vectors, and the forms a person copies.
    #[test]
    fn secrets_decode_as_rfc4648_base32() {
        assert_eq!(decode_secret("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(decode_secret("MZXW6YQ=").unwrap(), b"foob");
        assert_eq!(decode_secret("mzxw 6ytb oi").unwrap(), b"foobar");
        // The RFC 6238 key, as an authenticator app would be given it.
        assert_eq!(
            decode_secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap(),
            b"12345678901234567890"
        );
        let err = decode_secret("not base32!").unwrap_err();
        assert!(err.contains("not Base32"), "{err}");
    }
}
