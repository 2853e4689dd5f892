//! Where the emulator's time goes: a count and total duration per kind of
//! costly work, kept in atomics (cheap enough to be always on) and served
//! at `GET /_local/metrics` for `cargo xtask load`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Json;
use serde_json::{json, Map, Value};

/// A kind of work that is measured.
#[derive(Clone, Copy, Debug)]
pub enum Span {
    /// Argon2id hash of a new password (`hashing::hash_password`).
    PasswordHash,
    /// Argon2id check of a password (`hashing::verify_password`).
    PasswordVerify,
    /// The SRP salt and verifier of a new password.
    SrpVerifier,
    /// One RS256 signature (an ID or access token).
    TokenSign,
    /// Waiting for the state lock to make a change.
    StateLockWait,
    /// Serialising the state for its file.
    StateSerialise,
    /// Writing the state file: write, fsync, rename, fsync of the directory.
    StateWrite,
    /// Waiting for another request's write of the state file.
    CommitWait,
}

const SPANS: [(Span, &str); 8] = [
    (Span::PasswordHash, "password_hash"),
    (Span::PasswordVerify, "password_verify"),
    (Span::SrpVerifier, "srp_verifier"),
    (Span::TokenSign, "token_sign"),
    (Span::StateLockWait, "state_lock_wait"),
    (Span::StateSerialise, "state_serialise"),
    (Span::StateWrite, "state_write"),
    (Span::CommitWait, "commit_wait"),
];

static COUNTS: [AtomicU64; 8] = [const { AtomicU64::new(0) }; 8];
static NANOS: [AtomicU64; 8] = [const { AtomicU64::new(0) }; 8];

/// Adds one `span` that took `elapsed`.
pub fn record(span: Span, elapsed: Duration) {
    let i = span as usize;
    COUNTS[i].fetch_add(1, Ordering::Relaxed);
    NANOS[i].fetch_add(
        u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// Runs `f`, recording how long it took as `span`.
pub fn time<R>(span: Span, f: impl FnOnce() -> R) -> R {
    let started = std::time::Instant::now();
    let out = f();
    record(span, started.elapsed());
    out
}

/// `{"password_hash": {"count": n, "total_ms": t, "mean_ms": m}, ...}`
/// since the process started.
pub fn snapshot() -> Value {
    let mut out = Map::new();
    for (span, name) in SPANS {
        let count = COUNTS[span as usize].load(Ordering::Relaxed);
        let total_ms = NANOS[span as usize].load(Ordering::Relaxed) as f64 / 1e6;
        let mean_ms = if count == 0 {
            0.0
        } else {
            total_ms / count as f64
        };
        out.insert(
            name.into(),
            json!({ "count": count, "total_ms": total_ms, "mean_ms": mean_ms }),
        );
    }
    Value::Object(out)
}

/// `GET /_local/metrics`.
pub async fn metrics_json() -> Json<Value> {
    Json(snapshot())
}
