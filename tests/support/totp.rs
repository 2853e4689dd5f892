//! An authenticator app for the tests, on the emulator's clock, minding
//! replay protection (a step once accepted, or an earlier one, is refused).
//!
//! Its codes come from `test_support::totp` (the `totp-lite` crate, checked
//! there against RFC 6238 Appendix B), not from `cognito_client::totp`: the
//! app's TOTP is what these tests check, so they must not compute their
//! answers with it.

use std::time::Duration;

use cognito_emulator::clock::Clock;
use test_support::totp::{code_for_step, decode_secret, step_at, DIGITS};

/// The steps either side of now that Cognito accepts a code for (the
/// emulator's seed.toml: ±1 step).
const WINDOW: i64 = 1;

pub struct Authenticator {
    key: Vec<u8>,
    clock: Clock,
    /// The newest step a code was handed out for.
    last_step: Option<i64>,
}

impl Authenticator {
    /// From the key as a person reads it (Base32, spaces allowed).
    pub fn new(secret: &str, clock: Clock) -> Self {
        let key = decode_secret(secret).unwrap_or_else(|e| panic!("the set-up key: {e}"));
        Authenticator {
            key,
            clock,
            last_step: None,
        }
    }

    /// A code the emulator accepts now and has not seen: for the current
    /// step, or the next one (inside the ±1 window) when the current one is
    /// used up. Only when both are used does it wait for the clock (polling).
    pub async fn fresh_code(&mut self) -> String {
        loop {
            let current = step_at(self.clock.now());
            let step = self.last_step.map_or(current, |last| current.max(last + 1));
            if step <= current + WINDOW {
                self.last_step = Some(step);
                return code_for_step(&self.key, step);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Six digits that are no code of any step near now.
    pub fn wrong_code(&self) -> String {
        let current = step_at(self.clock.now());
        let near: Vec<String> = (current - 3..=current + 3)
            .map(|s| code_for_step(&self.key, s))
            .collect();
        (0..10u32)
            .map(|d| d.to_string().repeat(DIGITS as usize))
            .find(|c| !near.contains(c))
            .expect("ten candidates, seven codes")
    }
}
