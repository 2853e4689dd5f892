//! The test's authenticator app: RFC 6238 TOTP as Cognito's software tokens
//! use it (HMAC-SHA-1, 30-second steps, 6 digits), never answering with a
//! time step it has already used.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use totp_lite::{totp_custom, Sha1};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// RFC 6238 §4.1 time step X, in seconds.
const STEP: u64 = 30;

pub struct Authenticator {
    key: Vec<u8>,
    last_step: Option<u64>,
}

impl Authenticator {
    /// From the key as the set-up widget shows it (`totp-secret`: Base32,
    /// RFC 4648 §6, in groups of four).
    pub fn new(secret: &str) -> Result<Self, Error> {
        let base32: String = secret
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '=')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let key = data_encoding::BASE32_NOPAD
            .decode(base32.as_bytes())
            .map_err(|e| format!("the key {secret:?} is not Base32: {e}"))?;
        Ok(Authenticator {
            key,
            last_step: None,
        })
    }

    /// A code the user pool accepts now. Each time step's code is accepted
    /// once (RFC 6238 §5.2), so after one has been used this answers with
    /// the next step's: Cognito, and the emulator, accept one step either
    /// side of now. Only a third code within one step waits for the clock.
    pub async fn next_code(&mut self) -> String {
        loop {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .expect("the clock is past 1970");
            let current = now.as_secs() / STEP;
            let step = self.last_step.map_or(current, |last| current.max(last + 1));
            if step <= current + 1 {
                self.last_step = Some(step);
                return totp_custom::<Sha1>(STEP, 6, &self.key, step * STEP);
            }
            let next_step_at = Duration::from_secs((current + 1) * STEP);
            tokio::time::sleep(next_step_at.saturating_sub(now)).await;
        }
    }
}
