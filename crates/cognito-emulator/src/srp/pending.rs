//! `PASSWORD_VERIFIER` challenges waiting for their answer, kept in memory
//! only: they hold the server's secret `b` and live for minutes, so they
//! never reach the state file (a restart simply voids them).
//!
//! A challenge is found by the SHA-256 of its SECRET_BLOCK, random bytes the
//! client hands back unchanged; the block itself is not kept. Each serves
//! once. A used or expired one is kept an hour past its expiry, to tell
//! "used" and "expired" from "unknown", as challenge sessions do.

use std::collections::HashMap;
use std::sync::Mutex;

use num_bigint::BigUint;

use super::server::PrivateExponent;

/// How long a used or expired challenge is remembered after its expiry.
const REMEMBER_SECONDS: i64 = 3600;

/// Who a challenge was issued for.
#[derive(Clone, Debug)]
pub(crate) enum Claimant {
    /// A user of the pool, by internal username. Their verifier is read
    /// again when the answer comes, so a password changed in between fails.
    User(String),
    /// An unknown name (PreventUserExistenceErrors): the answer always
    /// fails. `typed` is the name as given to InitiateAuth; `verifier` the
    /// stand-in `B` was computed with.
    Simulated { typed: String, verifier: BigUint },
}

/// The server's side of one challenge.
#[derive(Clone, Debug)]
pub(crate) struct PendingChallenge {
    pub pool_id: String,
    pub client_id: String,
    pub claimant: Claimant,
    /// USER_ID_FOR_SRP as sent (the internal username, or the simulated id).
    pub user_id_for_srp: String,
    pub a: BigUint,
    pub b: PrivateExponent,
    pub big_b: BigUint,
    pub expires_at: i64,
}

/// What [`PendingChallenges::take`] found.
#[derive(Debug)]
pub(crate) enum Taken {
    Live(Box<PendingChallenge>),
    Used,
    Expired,
    Unknown,
}

struct Slot {
    challenge: PendingChallenge,
    used: bool,
}

/// The challenges of every pool, keyed by SHA-256 of the SECRET_BLOCK.
#[derive(Default)]
pub(crate) struct PendingChallenges {
    slots: Mutex<HashMap<[u8; 32], Slot>>,
}

impl PendingChallenges {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Slot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `challenge` under `key`, forgetting long-dead ones.
    pub fn insert(&self, key: [u8; 32], challenge: PendingChallenge, now: i64) {
        let mut slots = self.lock();
        slots.retain(|_, s| s.challenge.expires_at + REMEMBER_SECONDS > now);
        slots.insert(
            key,
            Slot {
                challenge,
                used: false,
            },
        );
    }

    /// The challenge under `key` if it may still be answered, after which it
    /// cannot be answered again.
    pub fn take(&self, key: &[u8; 32], now: i64) -> Taken {
        let mut slots = self.lock();
        let Some(slot) = slots.get_mut(key) else {
            return Taken::Unknown;
        };
        if slot.used {
            return Taken::Used;
        }
        if slot.challenge.expires_at <= now {
            return Taken::Expired;
        }
        slot.used = true;
        Taken::Live(Box::new(slot.challenge.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(expires_at: i64) -> PendingChallenge {
        PendingChallenge {
            pool_id: "ap-northeast-1_Local".into(),
            client_id: "localclient".into(),
            claimant: Claimant::User("u".into()),
            user_id_for_srp: "u".into(),
            a: BigUint::from(5u8),
            b: PrivateExponent::random(),
            big_b: BigUint::from(7u8),
            expires_at,
        }
    }

    #[test]
    fn challenges_serve_once_and_expire() {
        let pending = PendingChallenges::default();
        pending.insert([1; 32], challenge(100), 0);
        pending.insert([2; 32], challenge(100), 0);
        assert!(matches!(pending.take(&[1; 32], 50), Taken::Live(_)));
        assert!(matches!(pending.take(&[1; 32], 50), Taken::Used));
        assert!(matches!(pending.take(&[2; 32], 100), Taken::Expired));
        assert!(matches!(pending.take(&[2; 32], 100), Taken::Expired));
        assert!(matches!(pending.take(&[3; 32], 50), Taken::Unknown));
        // Long after expiry, inserting forgets them.
        pending.insert([4; 32], challenge(10_000), 100 + REMEMBER_SECONDS);
        assert!(matches!(
            pending.take(&[1; 32], 100 + REMEMBER_SECONDS),
            Taken::Unknown
        ));
    }

    #[test]
    fn debug_output_hides_b() {
        let debug = format!("{:?}", challenge(1));
        assert!(debug.contains("PrivateExponent(<redacted>)"), "{debug}");
    }
}
