//! TOTP for software-token MFA: RFC 6238 with HMAC-SHA-1, `T0 = 0`, a
//! 30-second step and 6 digits, computed by the `totp-rs` crate.
//!
//! Cognito's `SecretCode` is the RFC 4648 Base32 key authenticator apps take;
//! SHA-1, 30 s and 6 digits are the Key-URI defaults those apps assume
//! (`SoftwareTokenMFAUserCodeType` is exactly six digits). Cognito accepts
//! the adjacent steps too (Developer Guide, "TOTP software token MFA": ±30
//! seconds of clock skew).

use rand::RngCore;
use totp_rs::{Algorithm, Builder, Secret, Totp, TotpError};

/// RFC 6238 §4.1 time step `X`, in seconds.
pub const STEP_SECONDS: u64 = 30;
/// Code length (`SoftwareTokenMFAUserCodeType`: six digits).
pub const DIGITS: u8 = 6;
/// Steps accepted either side of the current one (RFC 6238 §5.2).
pub const WINDOW: u16 = 1;
/// RFC 4226 §4 (R6) recommends a 160-bit shared secret: 32 Base32 characters.
const SECRET_BYTES: usize = 20;

/// Why a stored key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The stored text is not Base32.
    #[error("the key is not RFC 4648 Base32")]
    Base32,
    /// The TOTP library refused the key (too short, for one).
    #[error("{0}")]
    Totp(#[from] TotpError),
}

/// A new shared secret from the operating system's CSPRNG, as the Base32
/// `SecretCode` (no padding) that `AssociateSoftwareToken` returns.
pub fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes.to_vec()).to_base32()
}

/// HMAC-SHA-1 TOTP with `digits` and `step_seconds`; the window is
/// [`WINDOW`]. Software tokens always use [`DIGITS`] and [`STEP_SECONDS`];
/// the tests also use the RFCs' own parameters.
fn generator(key: Vec<u8>, digits: u8, step_seconds: u64) -> Result<Totp, KeyError> {
    Ok(Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(WINDOW)
        .with_step_duration(step_seconds)
        .with_secret(key)
        .build()?)
}

fn software_token(secret: &str) -> Result<Totp, KeyError> {
    let key = Secret::try_from_base32(secret).map_err(|_| KeyError::Base32)?;
    generator(key.to_vec(), DIGITS, STEP_SECONDS)
}

/// The code for the Base32 `secret` at `unix_time`.
pub fn code_at(secret: &str, unix_time: i64) -> Result<String, KeyError> {
    let time = u64::try_from(unix_time).unwrap_or(0);
    Ok(software_token(secret)?.generate(time).to_string())
}

/// The time step (`floor(unix_time / 30)`) whose code is `code`, among the
/// current step and [`WINDOW`] either side, or `None`. The caller refuses a
/// step that was already used (RFC 6238 §5.2: accept a code only once).
/// Anything but exactly six ASCII digits never matches.
pub fn matching_step(secret: &str, code: &str, unix_time: i64) -> Result<Option<i64>, KeyError> {
    let time = u64::try_from(unix_time).unwrap_or(0);
    Ok(software_token(secret)?
        .check(code, time)
        .and_then(|step| i64::try_from(step).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B and RFC 4226 Appendix D: the SHA-1 key is the
    /// ASCII string "12345678901234567890" (Base32 below).
    const RFC_KEY: &[u8] = b"12345678901234567890";
    const RFC_KEY_BASE32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn rfc6238_appendix_b_sha1_rows() {
        let totp = generator(RFC_KEY.to_vec(), 8, 30).unwrap();
        for (time, code) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(totp.generate(time).to_string(), code, "T = {time}");
        }
        // The six-digit code is the same truncation modulo 10^6.
        assert_eq!(code_at(RFC_KEY_BASE32, 59).unwrap(), "287082");
        assert_eq!(code_at(RFC_KEY_BASE32, 1_111_111_109).unwrap(), "081804");
    }

    #[test]
    fn rfc4226_appendix_d_hotp_values() {
        // HOTP(K, C) is TOTP with a one-second step at time C.
        let hotp = generator(RFC_KEY.to_vec(), 6, 1).unwrap();
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(
                hotp.generate(counter as u64).to_string(),
                *code,
                "C = {counter}"
            );
        }
    }

    #[test]
    fn one_step_either_side_is_accepted_and_no_more() {
        let now = 1_700_000_015; // mid-step
        let current = now / 30;
        let at = |delta: i64| code_at(RFC_KEY_BASE32, now + delta).unwrap();
        let check = |code: &str| matching_step(RFC_KEY_BASE32, code, now).unwrap();
        assert_eq!(check(&at(0)), Some(current));
        assert_eq!(check(&at(-30)), Some(current - 1));
        assert_eq!(check(&at(30)), Some(current + 1));
        assert_eq!(check(&at(-60)), None);
        assert_eq!(check(&at(60)), None);
        let code = at(0);
        assert_eq!(check(&format!(" {code}")), None);
        assert_eq!(check(&code[..5]), None);
        assert_eq!(check(&format!("+{}", &code[1..])), None);
    }

    #[test]
    fn secrets_are_160_bit_base32_and_bad_keys_are_reported() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32, "{secret}");
        assert!(secret
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        assert_ne!(secret, new_secret());
        assert!(code_at(&secret, 0).is_ok());
        assert!(matches!(code_at("not base32!", 0), Err(KeyError::Base32)));
        // Shorter than RFC 4226's 128-bit minimum.
        assert!(matches!(code_at("MZXW6", 0), Err(KeyError::Totp(_))));
    }
}
