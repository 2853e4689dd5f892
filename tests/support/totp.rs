//! An authenticator app for the tests: RFC 6238 codes from
//! `cognito_client::totp`, on the emulator's clock, minding replay
//! protection (a step once accepted, or an earlier one, is refused).

use std::time::Duration;

use cognito_client::totp::{base32_decode, time_step, totp_code, DIGITS, STEP_SECONDS, WINDOW};
use cognito_emulator::clock::Clock;

pub struct Authenticator {
    key: Vec<u8>,
    clock: Clock,
    /// The newest step a code was handed out for.
    last_step: Option<i64>,
}

impl Authenticator {
    /// From the key as a person reads it (Base32, spaces allowed).
    pub fn new(secret: &str, clock: Clock) -> Self {
        let key = base32_decode(secret).unwrap_or_else(|e| panic!("secret {secret:?}: {e}"));
        Authenticator {
            key,
            clock,
            last_step: None,
        }
    }

    fn code_for_step(&self, step: i64) -> String {
        totp_code(&self.key, step * STEP_SECONDS as i64, STEP_SECONDS, DIGITS)
    }

    /// A code the emulator accepts now and has not seen: for the current
    /// step, or the next one (inside the ±1 window) when the current one is
    /// used up. Only when both are used does it wait for the clock (polling).
    pub async fn fresh_code(&mut self) -> String {
        loop {
            let current = time_step(self.clock.now(), STEP_SECONDS);
            let step = self.last_step.map_or(current, |last| current.max(last + 1));
            if step <= current + i64::from(WINDOW) {
                self.last_step = Some(step);
                return self.code_for_step(step);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Six digits that are no code of any step near now.
    pub fn wrong_code(&self) -> String {
        let current = time_step(self.clock.now(), STEP_SECONDS);
        let near: Vec<String> = (current - 3..=current + 3)
            .map(|s| self.code_for_step(s))
            .collect();
        (0..10u32)
            .map(|d| d.to_string().repeat(DIGITS as usize))
            .find(|c| !near.contains(c))
            .expect("ten candidates, seven codes")
    }
}
