//! Lockout after repeated failures (Developer Guide, "Authentication flow"
//! in user pools): from the fifth failure in a row the user is locked for
//! 1 s, doubling per further failure, at most 15 minutes; the count restarts
//! after 15 quiet minutes. Passwords and MFA codes each keep a count.

use crate::store::SignInFailures;

const LOCKOUT_AFTER: u32 = 5;
const LOCKOUT_MAX_SECONDS: i64 = 15 * 60;
const LOCKOUT_RESET_SECONDS: i64 = 15 * 60;

/// Whether attempts are refused at `now` (Cognito answers them
/// `NotAuthorizedException` "Password attempts exceeded").
pub fn is_locked(f: &SignInFailures, now: i64) -> bool {
    f.locked_until > now
}

/// Counts one failure at `now`, locking from the fifth in a row.
pub fn record_failure(f: &mut SignInFailures, now: i64) {
    if now - f.last_failure_at >= LOCKOUT_RESET_SECONDS {
        f.count = 0;
    }
    f.count += 1;
    f.last_failure_at = now;
    if f.count >= LOCKOUT_AFTER {
        let doublings = (f.count - LOCKOUT_AFTER).min(10);
        f.locked_until = now + (1i64 << doublings).min(LOCKOUT_MAX_SECONDS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_from_the_fifth_failure_doubling_up_to_fifteen_minutes() {
        let mut f = SignInFailures::default();
        let now = 1_000_000;
        for _ in 0..4 {
            record_failure(&mut f, now);
            assert!(!is_locked(&f, now));
        }
        record_failure(&mut f, now);
        assert_eq!(f.locked_until, now + 1);
        assert!(is_locked(&f, now));
        assert!(!is_locked(&f, now + 1));
        record_failure(&mut f, now + 1);
        assert_eq!(f.locked_until, now + 1 + 2);
        for _ in 0..20 {
            record_failure(&mut f, now + 2);
        }
        assert_eq!(f.locked_until, now + 2 + 15 * 60);
        // Fifteen quiet minutes start the count again.
        let later = now + 2 + 15 * 60;
        record_failure(&mut f, later);
        assert_eq!(f.count, 1);
        assert!(!is_locked(&f, later));
    }
}
