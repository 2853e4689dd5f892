//! The signed-in session's decisions, sans I/O: how it was signed in (and so
//! how it refreshes), when to refresh, what a failed refresh means, how
//! long to wait before trying again, where the tokens may be kept, and what
//! names one session across browser tabs.
//!
//! The app drives them with timers, storage and `fetch`; here they are plain
//! functions, tested natively.

use crate::error::{CognitoError, ErrorKind};
use crate::jwt::Claims;
use crate::oauth::OAuthError;
use crate::token_check::time_claim;
use crate::verify::VerifyError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How the user signed in, which decides how the session refreshes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignInMethod {
    /// The user pool API (`InitiateAuth` with a password or SRP): refreshed
    /// with `InitiateAuth` `REFRESH_TOKEN_AUTH` (docs/cognito-protocol.md §1.4).
    UserPoolApi,
    /// The user pool domain's token endpoint (social sign-in): refreshed
    /// with `grant_type=refresh_token` there (§4.3), whose ID token carries
    /// `at_hash`.
    HostedUi,
}

/// Refresh at most this long before the tokens expire.
pub const MAX_REFRESH_MARGIN_SECONDS: i64 = 60;

/// When to refresh tokens issued at `issued_at` that expire at
/// `expires_at` (epoch seconds, by the same clock): a quarter of their
/// lifetime before expiry, but at most [`MAX_REFRESH_MARGIN_SECONDS`]
/// before (an hour-long token is refreshed at 59 minutes, a 20-second one
/// at 15 seconds).
pub fn refresh_at(issued_at: i64, expires_at: i64) -> i64 {
    let lifetime = (expires_at - issued_at).max(0);
    expires_at - (lifetime / 4).min(MAX_REFRESH_MARGIN_SECONDS)
}

/// The longest wait between attempts to refresh after a network failure.
pub const MAX_RETRY_SECONDS: i64 = 60;

/// Seconds to wait before attempt `attempt + 1` after `attempt` failed
/// (1-based): 2, 4, 8, 16, 32, then every [`MAX_RETRY_SECONDS`].
pub fn retry_delay_seconds(attempt: u32) -> i64 {
    1i64.checked_shl(attempt.clamp(1, 31))
        .unwrap_or(MAX_RETRY_SECONDS)
        .min(MAX_RETRY_SECONDS)
}

/// Why a session ended when its refresh was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndReason {
    /// The refresh token was revoked: a sign-out (here, in another tab or
    /// on another device), `RevokeToken`, or an administrator.
    Revoked,
    /// The refresh token expired.
    Expired,
    /// The new tokens did not verify: they are not trusted.
    Refused,
    /// Refused otherwise (user disabled or deleted, app client changed…).
    Other,
}

/// What a failed refresh means for the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefreshFailure {
    /// The session is over: sign in again.
    Ended(EndReason),
    /// The answer did not come (offline, a 5xx, throttled, something
    /// between the browser and Cognito answering for it): the session
    /// stands; try again later.
    Transient,
}

fn reason_in(text: &str) -> EndReason {
    let text = text.to_ascii_lowercase();
    if text.contains("revoked") {
        EndReason::Revoked
    } else if text.contains("expired") {
        EndReason::Expired
    } else {
        EndReason::Other
    }
}

/// A failed `REFRESH_TOKEN_AUTH`. Cognito refuses a revoked, expired or
/// unknown refresh token with `NotAuthorizedException` ("Refresh Token has
/// been revoked", "… has expired", "Invalid Refresh Token."), a disabled
/// user with "User is disabled." (docs/cognito-protocol.md §1.6): those end
/// the session, as every other modelled refusal does. Throttling, internal
/// errors, AWS WAF, any 5xx, no answer at all, and an answer that is not
/// Cognito's (a captive portal, a proxy's error page) do not.
pub fn classify_refresh_error(error: &CognitoError) -> RefreshFailure {
    match error {
        CognitoError::Transport { .. } | CognitoError::Decode { .. } => RefreshFailure::Transient,
        CognitoError::Service {
            kind,
            message,
            status,
        } => match kind {
            ErrorKind::TooManyRequests | ErrorKind::InternalError | ErrorKind::Forbidden => {
                RefreshFailure::Transient
            }
            _ if *status >= 500 => RefreshFailure::Transient,
            _ => RefreshFailure::Ended(reason_in(message)),
        },
    }
}

/// A failed `grant_type=refresh_token` at the token endpoint:
/// `invalid_grant` (revoked, expired or unknown refresh token, §4.3) and the
/// other OAuth errors of a 4xx end the session; 5xx, no answer and an
/// answer that is not the endpoint's do not. An ID token that fails its
/// checks is never trusted.
pub fn classify_oauth_refresh_error(error: &OAuthError) -> RefreshFailure {
    match error {
        OAuthError::Transport { .. } | OAuthError::Decode { .. } => RefreshFailure::Transient,
        OAuthError::Token { status, .. } if *status >= 500 || *status == 429 => {
            RefreshFailure::Transient
        }
        OAuthError::Token {
            error, description, ..
        } => RefreshFailure::Ended(match description {
            Some(text) => reason_in(text),
            None if error == "invalid_grant" => EndReason::Revoked,
            None => EndReason::Other,
        }),
        OAuthError::IdToken(_) => RefreshFailure::Ended(EndReason::Refused),
    }
}

/// New tokens that did not verify: the session ends (they are never
/// trusted), unless the pool's key set was out of reach.
pub fn classify_verify_error(error: &VerifyError) -> RefreshFailure {
    if error.is_transient() {
        RefreshFailure::Transient
    } else {
        RefreshFailure::Ended(EndReason::Refused)
    }
}

/// What names one sign-in across tabs and refreshes: the access token's
/// `origin_jti` (shared by every token of one authentication when token
/// revocation is on, docs/cognito-protocol.md §5.3), else its `sub` and
/// `auth_time` (which a refresh keeps).
pub fn session_key(access_claims: &Claims) -> String {
    if let Some(jti) = access_claims.get("origin_jti").and_then(Value::as_str) {
        return format!("jti:{jti}");
    }
    let sub = access_claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let auth_time = time_claim(access_claims, "auth_time").unwrap_or_default();
    format!("sub:{sub}:{auth_time}")
}

/// The `cognito:groups` claim: the user's groups, in the token's order
/// (docs/cognito-protocol.md §5.2); none when absent.
pub fn groups(claims: &Claims) -> Vec<String> {
    match claims.get("cognito:groups") {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Where tokens are kept between page loads (`tokenStorage` in the app's
/// configuration).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TokenStorage {
    /// Nowhere: a reload signs out.
    Memory,
    /// `sessionStorage`: per tab, gone when the tab closes.
    #[default]
    Session,
    /// `localStorage`: shared by the origin's tabs, kept across restarts.
    Local,
}

/// One of the places a token can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Store {
    /// This page's memory only.
    Memory,
    /// `sessionStorage`.
    Session,
    /// `localStorage`.
    Local,
}

/// Where the tokens go: the storage, and whether the refresh token may go
/// to `localStorage` too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoragePolicy {
    /// `tokenStorage`.
    pub storage: TokenStorage,
    /// `refreshTokenInLocalStorage`: only with [`TokenStorage::Local`].
    pub refresh_token_in_local_storage: bool,
}

/// Where each token goes under a [`StoragePolicy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The ID and access tokens (and their expiry).
    pub tokens: Store,
    /// The refresh token.
    pub refresh_token: Store,
}

impl StoragePolicy {
    /// Where each token goes. The refresh token reaches `localStorage` only
    /// when asked for twice (`tokenStorage: "local"` and
    /// `refreshTokenInLocalStorage: true`); with `local` alone it stays in
    /// the tab's `sessionStorage` (OAuth 2.0 for Browser-Based Apps §8.5:
    /// persistent storage keeps a stolen token longest).
    pub fn placement(&self) -> Placement {
        match self.storage {
            TokenStorage::Memory => Placement {
                tokens: Store::Memory,
                refresh_token: Store::Memory,
            },
            TokenStorage::Session => Placement {
                tokens: Store::Session,
                refresh_token: Store::Session,
            },
            TokenStorage::Local => Placement {
                tokens: Store::Local,
                refresh_token: if self.refresh_token_in_local_storage {
                    Store::Local
                } else {
                    Store::Session
                },
            },
        }
    }

    /// The browser stores that must hold no token under this policy: at
    /// start they are emptied of the app's keys, so a change of policy (a
    /// new deployment) leaves nothing behind where it no longer belongs.
    pub fn stores_to_empty(&self) -> Vec<Store> {
        let p = self.placement();
        [Store::Session, Store::Local]
            .into_iter()
            .filter(|s| *s != p.tokens && *s != p.refresh_token)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refresh_comes_a_quarter_of_the_lifetime_early_at_most_a_minute() {
        assert_eq!(refresh_at(0, 3600), 3540);
        assert_eq!(refresh_at(1000, 1020), 1015);
        assert_eq!(refresh_at(0, 10), 8);
        assert_eq!(refresh_at(0, 240), 180);
        assert_eq!(refresh_at(0, 300), 240);
        assert_eq!(refresh_at(0, 86_400), 86_340);
        // Tokens issued "after" they expire (a clock jump): refresh at expiry.
        assert_eq!(refresh_at(50, 40), 40);
    }

    #[test]
    fn retries_back_off_to_a_minute() {
        let delays: Vec<i64> = (1..=8).map(retry_delay_seconds).collect();
        assert_eq!(delays, [2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(retry_delay_seconds(0), 2);
        assert_eq!(retry_delay_seconds(u32::MAX), 60);
    }

    fn service(kind: ErrorKind, message: &str, status: u16) -> CognitoError {
        CognitoError::Service {
            kind,
            message: message.into(),
            status,
        }
    }

    #[test]
    fn refused_refreshes_end_the_session_with_a_reason() {
        use EndReason::*;
        use RefreshFailure::Ended;
        for (error, expected) in [
            (
                service(
                    ErrorKind::NotAuthorized,
                    "Refresh Token has been revoked",
                    400,
                ),
                Ended(Revoked),
            ),
            (
                service(ErrorKind::NotAuthorized, "Refresh Token has expired", 400),
                Ended(Expired),
            ),
            (
                service(ErrorKind::NotAuthorized, "Invalid Refresh Token.", 400),
                Ended(Other),
            ),
            (
                service(ErrorKind::NotAuthorized, "User is disabled.", 400),
                Ended(Other),
            ),
            (
                service(ErrorKind::UserNotFound, "User does not exist.", 400),
                Ended(Other),
            ),
            (
                service(
                    ErrorKind::ResourceNotFound,
                    "User pool client x does not exist.",
                    400,
                ),
                Ended(Other),
            ),
        ] {
            assert_eq!(classify_refresh_error(&error), expected, "{error}");
        }
    }

    #[test]
    fn failures_on_the_way_keep_the_session() {
        for error in [
            CognitoError::Transport {
                endpoint: "https://cognito-idp.ap-northeast-1.amazonaws.com/".into(),
                message: "Failed to fetch".into(),
            },
            CognitoError::Decode {
                status: 502,
                message: "<html>".into(),
            },
            CognitoError::Decode {
                status: 200,
                message: "captive portal".into(),
            },
            service(ErrorKind::TooManyRequests, "Rate exceeded", 400),
            service(ErrorKind::InternalError, "", 500),
            service(ErrorKind::Forbidden, "", 403),
            service(ErrorKind::Other("ServiceUnavailable".into()), "", 503),
        ] {
            assert_eq!(
                classify_refresh_error(&error),
                RefreshFailure::Transient,
                "{error}"
            );
        }
    }

    #[test]
    fn token_endpoint_refresh_failures() {
        use EndReason::*;
        let token = |error: &str, description: Option<&str>, status| OAuthError::Token {
            error: error.into(),
            description: description.map(str::to_owned),
            status,
        };
        assert_eq!(
            classify_oauth_refresh_error(&token("invalid_grant", None, 400)),
            RefreshFailure::Ended(Revoked)
        );
        assert_eq!(
            classify_oauth_refresh_error(&token(
                "invalid_grant",
                Some("Refresh Token has expired"),
                400
            )),
            RefreshFailure::Ended(Expired)
        );
        assert_eq!(
            classify_oauth_refresh_error(&token("unauthorized_client", None, 400)),
            RefreshFailure::Ended(Other)
        );
        assert_eq!(
            classify_oauth_refresh_error(&token("server_error", None, 500)),
            RefreshFailure::Transient
        );
        assert_eq!(
            classify_oauth_refresh_error(&OAuthError::Transport {
                endpoint: "x".into(),
                message: "offline".into()
            }),
            RefreshFailure::Transient
        );
        assert_eq!(
            classify_oauth_refresh_error(&OAuthError::IdToken(
                crate::token_check::TokenError::AtHashMismatch
            )),
            RefreshFailure::Ended(Refused)
        );
    }

    #[test]
    fn verification_failures_end_unless_the_keys_were_out_of_reach() {
        assert_eq!(
            classify_verify_error(&VerifyError::BadSignature { kid: "k".into() }),
            RefreshFailure::Ended(EndReason::Refused)
        );
        assert_eq!(
            classify_verify_error(&VerifyError::Transport {
                endpoint: "x".into(),
                message: "offline".into()
            }),
            RefreshFailure::Transient
        );
    }

    fn claims(v: Value) -> Claims {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn one_sign_in_has_one_key_across_refreshes() {
        let first = claims(json!({"sub": "u1", "origin_jti": "j1", "auth_time": 10, "iat": 10}));
        let refreshed =
            claims(json!({"sub": "u1", "origin_jti": "j1", "auth_time": 10, "iat": 70}));
        let other = claims(json!({"sub": "u1", "origin_jti": "j2", "auth_time": 90}));
        assert_eq!(session_key(&first), session_key(&refreshed));
        assert_ne!(session_key(&first), session_key(&other));
        // Without revocation (no origin_jti): the user and the sign-in time.
        let plain = claims(json!({"sub": "u1", "auth_time": 10}));
        assert_eq!(session_key(&plain), "sub:u1:10");
        assert_ne!(
            session_key(&plain),
            session_key(&claims(json!({"sub": "u1", "auth_time": 11})))
        );
    }

    #[test]
    fn groups_come_from_the_claim() {
        assert_eq!(
            groups(&claims(json!({"cognito:groups": ["admin", "users", 7]}))),
            ["admin", "users"]
        );
        assert!(groups(&claims(json!({"cognito:groups": "admin"}))).is_empty());
        assert!(groups(&claims(json!({}))).is_empty());
    }

    #[test]
    fn storage_policy_keeps_the_refresh_token_out_of_local_storage_unless_asked_twice() {
        let policy = |storage, refresh_token_in_local_storage| StoragePolicy {
            storage,
            refresh_token_in_local_storage,
        };
        use Store::*;
        assert_eq!(
            StoragePolicy::default(),
            policy(TokenStorage::Session, false)
        );
        for (p, tokens, refresh_token, empty) in [
            (
                policy(TokenStorage::Memory, false),
                Memory,
                Memory,
                vec![Session, Local],
            ),
            (
                policy(TokenStorage::Session, false),
                Session,
                Session,
                vec![Local],
            ),
            (policy(TokenStorage::Local, false), Local, Session, vec![]),
            (
                policy(TokenStorage::Local, true),
                Local,
                Local,
                vec![Session],
            ),
            // The flag alone does nothing (the configuration refuses it).
            (
                policy(TokenStorage::Session, true),
                Session,
                Session,
                vec![Local],
            ),
            (
                policy(TokenStorage::Memory, true),
                Memory,
                Memory,
                vec![Session, Local],
            ),
        ] {
            assert_eq!(
                p.placement(),
                Placement {
                    tokens,
                    refresh_token
                },
                "{p:?}"
            );
            assert_eq!(p.stores_to_empty(), empty, "{p:?}");
            if !(p.storage == TokenStorage::Local && p.refresh_token_in_local_storage) {
                assert_ne!(p.placement().refresh_token, Local, "{p:?}");
            }
        }
    }

    #[test]
    fn sign_in_methods_are_stored_as_words() {
        assert_eq!(
            serde_json::to_string(&SignInMethod::HostedUi).unwrap(),
            "\"hosted-ui\""
        );
        assert_eq!(
            serde_json::from_str::<SignInMethod>("\"user-pool-api\"").unwrap(),
            SignInMethod::UserPoolApi
        );
        assert!(serde_json::from_str::<SignInMethod>("\"other\"").is_err());
    }
}
