//! The emulator's notion of "now", in Unix seconds.
//!
//! Real time by default; tests can freeze it or move it forward to reach
//! expiries (24-hour codes, 30-day refresh tokens, lockouts) without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// The emulator's clock; clones share it, so a test that freezes or
/// advances it moves every expiry check with it.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    offset: AtomicI64,
    /// 0 = not frozen; otherwise the frozen Unix time.
    frozen_at: AtomicI64,
}

impl Clock {
    /// The current time in Unix seconds.
    pub fn now(&self) -> i64 {
        match self.inner.frozen_at.load(Ordering::SeqCst) {
            0 => system_now() + self.inner.offset.load(Ordering::SeqCst),
            frozen => frozen,
        }
    }

    /// Moves the clock forward (or back, with a negative value).
    pub fn advance(&self, seconds: i64) {
        if self.inner.frozen_at.load(Ordering::SeqCst) != 0 {
            self.inner.frozen_at.fetch_add(seconds, Ordering::SeqCst);
        } else {
            self.inner.offset.fetch_add(seconds, Ordering::SeqCst);
        }
    }

    /// Stops the clock at the current time; [`Clock::advance`] still moves it.
    pub fn freeze(&self) {
        let now = self.now();
        self.inner.frozen_at.store(now, Ordering::SeqCst);
    }
}

fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// RFC 3339 in UTC, e.g. `2026-05-01T09:30:00Z`.
pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frozen_clock_only_moves_when_advanced() {
        let c = Clock::default();
        c.freeze();
        let t = c.now();
        c.advance(86_400);
        assert_eq!(c.now(), t + 86_400);
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
