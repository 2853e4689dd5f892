//! Helpers shared by the workspace's native tests (the end-to-end suites in
//! `tests/`, the client's and the emulator's integration tests) and by
//! `xtask`, so that each exists once.
//!
//! - [`free_port`] and [`unique_email`]: what every test that talks to a
//!   server needs.
//! - [`local`]: the ports and ids of the local set-up (`cargo xtask dev`),
//!   which `seed.toml`, `public/config.json`, `Trunk.toml` and the README must
//!   repeat exactly (`tests/local_setup.rs` checks that they do).
//! - [`totp`]: an RFC 6238 authenticator of the tests' own, independent of
//!   the client's and the emulator's.
//! - [`csp`]: the app's Content-Security-Policy for a `config.json`, which
//!   `cargo xtask csp` prints and the end-to-end tests' server sends.

#![warn(missing_docs)]

pub mod csp;
pub mod local;
pub mod totp;

use std::sync::atomic::{AtomicU32, Ordering};

/// A port on 127.0.0.1 that nothing listens on right now (bound, then
/// released). Another process may take it before the caller binds it, so a
/// caller that starts a server on it should retry on "address in use".
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind 127.0.0.1:0 for a free loopback port")
        .port()
}

/// A fresh address for a test user (`<tag>-<pid>-<n>@example.com`): unique
/// within this test process and across processes running at the same time,
/// so tests can share one backend. `example.com` is reserved for examples
/// (RFC 2606 §3), so no mail can ever go to a real person.
pub fn unique_email(tag: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("{tag}-{}-{n}@example.com", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_emails_differ_and_keep_the_tag() {
        let (a, b) = (unique_email("tag"), unique_email("tag"));
        assert_ne!(a, b);
        let prefix = format!("tag-{}-", std::process::id());
        for email in [&a, &b] {
            assert!(email.starts_with(&prefix), "{email}");
            assert!(email.ends_with("@example.com"), "{email}");
        }
    }

    #[test]
    fn a_free_port_can_be_bound() {
        let port = free_port();
        assert_ne!(port, 0);
        std::net::TcpListener::bind(("127.0.0.1", port)).expect("the port is free");
    }
}
