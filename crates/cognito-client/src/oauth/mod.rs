//! OAuth 2.0 authorization code flow with PKCE against the Cognito user pool
//! domain (hosted UI / social sign-in), sans I/O.
//!
//! The flow, and the piece of this module for each step:
//!
//! 1. [`AuthorizationAttempt::new`] from 96 random bytes (the browser's
//!    `crypto.getRandomValues`) and "now": a fresh `state`, `nonce` and PKCE
//!    verifier per attempt (RFC 9700 §2.1.1, §4.7). Store it per tab under
//!    [`AuthorizationAttempt::storage_key`] (sessionStorage) and navigate to
//!    [`AuthorizationAttempt::authorize_url`] / [`authorize_url`].
//! 2. On the redirect back, [`on_callback`] parses the query
//!    ([`parse_callback`]), consumes the matching attempt from an
//!    [`AttemptStore`] (single use) and says what to do: a [`CallbackStep`].
//! 3. Send [`CallbackStep::Exchange`]'s token request, then
//!    [`after_token_response`] checks the answer and the ID token
//!    ([`check_id_token`]: OIDC Core §3.1.3.7) and yields [`crate::flow::Tokens`].
//! 4. Go to [`safe_return_path`] (no open redirects, RFC 9700 §4.11).
//! 5. Sign out with [`revoke_request`] and [`logout_url`].
//!
//! No client secret is ever sent: the browser is a public client
//! (RFC 6749 §2.1; OAuth 2.0 for Browser-Based Apps).

mod attempt;
mod callback;
mod id_token;
mod nonce;
mod pkce;
mod return_path;
mod state;
mod token;
mod urls;

pub use attempt::{
    attempt_state_from_key, AttemptStore, AuthorizationAttempt, ATTEMPT_RANDOM_BYTES,
    ATTEMPT_STORAGE_PREFIX, ATTEMPT_TTL_SECONDS,
};
pub use callback::{
    callback_step, on_callback, parse_callback, stale_callback, AuthorizeErrorCode, CallbackError,
    CallbackParams, CallbackStep, FailureKind, StaleCallback, MAX_CALLBACK_QUERY_BYTES,
    MAX_CALLBACK_VALUE_BYTES,
};
pub use id_token::{
    check_id_token, cognito_issuer, IdTokenError, IdTokenExpectations, DEFAULT_SKEW_SECONDS,
};
pub use nonce::Nonce;
pub use pkce::{PkceError, PkceVerifier};
pub use return_path::{is_same_origin_path, safe_return_path, DEFAULT_RETURN_PATH};
pub use state::{State, StateError};
pub use token::{
    after_refresh_response, after_token_response, parse_revoke_response, parse_userinfo_response,
    refresh_token_request, revoke_request, token_request, userinfo_request, OAuthError,
};
pub use urls::{authorize_url, logout_url, AuthorizeParams};
