//! Sans-I/O protocol core for Amazon Cognito User Pools.
//!
//! Builds requests as plain values ([`http::HttpRequest`]) and parses
//! responses into typed results; a [`http::Transport`] supplied by the caller
//! moves the bytes (gloo-net in the browser, a native client in tests). No
//! browser or UI types appear here, so everything is testable natively.
#![warn(missing_docs)]

pub mod client;
pub mod error;
pub mod flow;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod fuzz_targets;
pub mod http;
pub mod identity_pool;
pub mod jwks;
pub mod jwt;
pub mod mfa;
pub mod oauth;
pub mod ops;
pub mod password;
pub mod secret;
pub mod session;
pub mod single_flight;
pub mod srp;
pub mod token_check;
pub mod totp;
pub mod verify;

pub use client::UserPoolClient;
pub use error::{CognitoError, ErrorKind};
pub use http::{HttpRequest, HttpResponse, Transport, TransportError};
