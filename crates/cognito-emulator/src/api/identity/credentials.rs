//! Temporary AWS credentials as `GetCredentialsForIdentity` returns them
//! (API Reference, "Credentials"). They look like STS session credentials
//! but are random: no AWS service, and nothing in the emulator, accepts
//! them.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rand::distributions::{Distribution, Uniform};
use rand::RngCore;
use serde_json::{json, Value};

/// A credential part that must not reach a log: `Debug` is redacted.
#[derive(Clone)]
pub(super) struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[derive(Debug)]
pub(super) struct TemporaryCredentials {
    /// `ASIA` and 16 more characters of `A-Z2-7`: 20 characters, the form
    /// of STS temporary access key ids.
    pub access_key_id: String,
    pub secret_key: Secret,
    pub session_token: Secret,
    /// Epoch seconds.
    pub expiration: i64,
}

impl TemporaryCredentials {
    /// The `Credentials` member. `Expiration` is a JSON number of epoch
    /// seconds, the awsJson1.1 timestamp format.
    pub(super) fn to_json(&self) -> Value {
        json!({
            "AccessKeyId": self.access_key_id,
            "SecretKey": self.secret_key.0,
            "SessionToken": self.session_token.0,
            "Expiration": self.expiration,
        })
    }
}

/// New random credentials, valid from `now` for `validity_seconds`: an
/// hour on AWS, where credentials from the enhanced (simplified) flow are
/// valid for one hour (Developer Guide, "Identity pools authentication
/// flow"); the identity pool's `credentials_validity_seconds` here.
pub(super) fn issue(now: i64, validity_seconds: u32) -> TemporaryCredentials {
    TemporaryCredentials {
        access_key_id: format!(
            "ASIA{}",
            random_from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
        ),
        secret_key: Secret(random_from(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            40,
        )),
        session_token: Secret(session_token()),
        expiration: now + i64::from(validity_seconds),
    }
}

fn random_from(alphabet: &[u8], len: usize) -> String {
    let pick = Uniform::from(0..alphabet.len());
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| char::from(alphabet[pick.sample(&mut rng)]))
        .collect()
}

/// Opaque, base64 like an STS session token, and of a similar length.
fn session_token() -> String {
    let mut bytes = [0u8; 384];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    B64.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_have_the_sts_shapes_and_last_an_hour() {
        let c = issue(1_000, 3600);
        assert_eq!(c.access_key_id.len(), 20);
        assert!(c.access_key_id.starts_with("ASIA"));
        assert!(c.access_key_id[4..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
        assert_eq!(c.secret_key.0.len(), 40);
        assert_eq!(c.expiration, 4_600);
        assert_ne!(issue(1_000, 3600).secret_key.0, c.secret_key.0);
        let debug = format!("{c:?}");
        assert!(!debug.contains(&c.secret_key.0) && !debug.contains(&c.session_token.0));
        assert_eq!(c.to_json()["Expiration"], json!(4_600));
        assert_eq!(issue(1_000, 20).expiration, 1_020);
    }
}
