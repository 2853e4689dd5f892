//! Harness for the end-to-end tests: one [`World`] per test.
//!
//! A world is an in-process Cognito emulator, a static server for the built
//! `dist/` (with a `/config.json` generated for this test), a chromedriver of
//! its own and a headless Chromium with a fresh profile. Dropping the world
//! stops all of them, also when the test panics.
//!
//! Where things are:
//! - [`world`]: [`World`] and its builder: starting and wiring the parts.
//! - [`browser`]: chromedriver, the Chromium session, the browser's console.
//! - [`page`]: looking at the page: polling until ready, reading and typing
//!   into elements by `data-testid`, failing with a screenshot.
//! - [`emulator`]: the emulator's side: mailbox, User Pool API calls (and
//!   the IAM-signed admin ones: `AdminCreateUser`, `AdminResetUserPassword`),
//!   users made through the API, its clock and an authenticator on it.
//! - [`static_server`]: serves `dist/` and this test's `config.json`.
//! - [`http`]: requests from the tests themselves (not the browser).
//! - [`pages`] and [`oauth`]: page objects per screen (by the `data-testid`s
//!   of `tests/CONTRACT.md`); `oauth` also the mock provider and redirects.
//! - [`session`]: the signed-in session's sections, storage, a second
//!   tab, the network cut, tokens revoked on the emulator.
//! - [`totp`] and [`qr`]: the authenticator app and the QR reader a phone
//!   would be.

// Each test binary (`e2e`, `e2e_mfa`, `e2e_oauth`, `e2e_password`) uses a
// part of the harness.
#![allow(dead_code)]

/// Like `assert!`, but a failure goes through [`World::fail`]: screenshot,
/// URL and what the page shows.
macro_rules! check {
    ($world:expr, $cond:expr, $($msg:tt)+) => {
        if !$cond {
            $world.fail(&format!($($msg)+)).await;
        }
    };
}

pub mod browser;
pub mod emulator;
pub mod http;
pub mod oauth;
pub mod page;
pub mod pages;
pub mod qr;
pub mod session;
pub mod static_server;
pub mod totp;
pub mod world;

pub use cognito_emulator::config::MfaConfiguration;
pub use page::Check;
pub use world::World;
