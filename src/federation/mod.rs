//! Social sign-in in the browser. The folder is not called `oauth` because
//! it is the app's browser glue for federated sign-in; the protocol (the
//! authorization code flow with PKCE, `state` and `nonce` through the user
//! pool domain) is the core's [`cognito_client::oauth`], which makes every
//! protocol decision. This module only moves bytes: random octets from
//! `crypto.getRandomValues`, attempts in sessionStorage, the address bar,
//! `fetch` and `location.assign`.
//!
//! 1. [`start`]: a fresh attempt, kept per tab, then off to `/oauth2/authorize`.
//! 2. The callback page: [`take_callback_query`] first (the code leaves the
//!    address bar), [`consume_callback`] (the attempt is taken out of
//!    storage: a callback is exchanged at most once), [`plan`], then
//!    [`exchange`] and on to the checked return path.
//! 3. [`sign_out`] of a federated session also ends the hosted-UI session.

mod identity;

pub(crate) use identity::{identities, is_federated};

use crate::config::{check_redirect_origin, AuthConfig, ConfigProblem};
use crate::i18n::{Lang, Msg, Notice};
use crate::session::lifecycle::{self, Lifecycle};
use crate::session::AuthState;
use crate::session::{self, PendingNotice};
use crate::transport::FetchTransport;
use cognito_client::flow::Tokens;
use cognito_client::oauth::{
    after_token_response, attempt_state_from_key, logout_url, on_callback, revoke_request,
    safe_return_path, stale_callback, AttemptStore, AuthorizationAttempt, CallbackError,
    CallbackStep, FailureKind, IdTokenExpectations, OAuthError, StaleCallback,
    ATTEMPT_RANDOM_BYTES,
};
use cognito_client::{HttpRequest, Transport};
use leptos::prelude::GetUntracked;

/// The account page, where an already signed-in user quietly goes on to.
const ACCOUNT_PATH: &str = "/account";

// ---- what the callback page does (pure) -----------------------------------

/// Why the sign-in did not complete, as shown on the callback page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CallbackFailure {
    pub notice: Notice,
    /// Cognito's or the provider's own words (`error_description`), shown
    /// as text under the message.
    pub detail: Option<String>,
}

/// What the callback page does next, decided from the core's step.
#[derive(Debug)]
pub(crate) enum CallbackPlan {
    /// Send the token request, then [`exchange`]'s checks.
    Exchange {
        token_request: HttpRequest,
        attempt: AuthorizationAttempt,
    },
    /// Signed in already (a reload or Back after success): go on quietly.
    Continue(String),
    /// Nothing to exchange and nobody signed in: "already used or expired".
    Stale,
    /// The provider or Cognito reported an error.
    Failed(CallbackFailure),
}

/// The plan for `step`; `has_session` once the stored session is restored.
/// A page opened without a callback query counts as stale too.
pub(crate) fn plan(step: CallbackStep, has_session: bool) -> CallbackPlan {
    let stale = match step {
        CallbackStep::Exchange {
            token_request,
            attempt,
        } => {
            return CallbackPlan::Exchange {
                token_request,
                attempt,
            }
        }
        CallbackStep::ShowError {
            kind, description, ..
        } => return CallbackPlan::Failed(failure(kind, description)),
        CallbackStep::Malformed(_) => stale_callback(has_session),
        step @ (CallbackStep::UnknownState | CallbackStep::Expired { .. }) => step
            .stale(has_session)
            .unwrap_or(StaleCallback::UsedOrExpired),
    };
    match stale {
        StaleCallback::AlreadySignedIn => CallbackPlan::Continue(ACCOUNT_PATH.to_owned()),
        StaleCallback::UsedOrExpired => CallbackPlan::Stale,
    }
}

/// The message for an authorization error of `kind`. A cancelled sign-in
/// needs no details; for the others Cognito's description may help.
fn failure(kind: FailureKind, description: Option<String>) -> CallbackFailure {
    let msg = match kind {
        FailureKind::Cancelled => Msg::CallbackCancelled,
        FailureKind::Denied => Msg::CallbackDenied,
        FailureKind::Misconfigured => Msg::CallbackMisconfigured,
        FailureKind::ProviderError => Msg::CallbackProviderError,
    };
    CallbackFailure {
        notice: Notice::new(msg),
        detail: description.filter(|_| kind != FailureKind::Cancelled),
    }
}

/// What to show when the token exchange failed: a used or expired code
/// (`invalid_grant`) is the calm "already used" case.
pub(crate) fn exchange_failure(error: &OAuthError) -> CallbackPlan {
    if error.is_invalid_grant() {
        return CallbackPlan::Stale;
    }
    let failed = |notice: Notice, detail: Option<String>| {
        CallbackPlan::Failed(CallbackFailure { notice, detail })
    };
    match error {
        OAuthError::Token {
            error, description, ..
        } => failed(
            Notice::new(Msg::CallbackMisconfigured),
            Some(description.clone().unwrap_or_else(|| error.clone())),
        ),
        OAuthError::Decode { .. } => failed(Notice::new(Msg::ErrDecode), None),
        OAuthError::IdToken(_) => failed(Notice::new(Msg::CallbackTokenRejected), None),
        OAuthError::Transport { endpoint, .. } => failed(
            Notice::new(Msg::ErrTransport).arg("endpoint", endpoint.as_str()),
            None,
        ),
    }
}

/// The `iss` of the pool's tokens: `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`,
/// or the same shape under the configured endpoint (the local emulator).
pub(crate) fn issuer(config: &AuthConfig) -> String {
    config.issuer()
}

// ---- the browser ----------------------------------------------------------

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn session_storage() -> Option<web_sys::Storage> {
    window()?.session_storage().ok()?
}

/// Attempts in this tab's sessionStorage, under
/// [`AuthorizationAttempt::storage_key`], as JSON.
struct SessionAttempts(web_sys::Storage);

impl AttemptStore for SessionAttempts {
    fn put(&mut self, attempt: AuthorizationAttempt) {
        if let Ok(json) = serde_json::to_string(&attempt) {
            let _ = self.0.set_item(&attempt.storage_key(), &json);
        }
    }

    fn take(&mut self, state: &str) -> Option<AuthorizationAttempt> {
        let key = AuthorizationAttempt::storage_key_for(state);
        let json = self.0.get_item(&key).ok()??;
        let _ = self.0.remove_item(&key);
        serde_json::from_str(&json).ok()
    }
}

/// Removes attempts that expired (or cannot be read) from this tab.
fn sweep_expired(storage: &web_sys::Storage, now: i64) {
    let length = storage.length().unwrap_or(0);
    let stale: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| attempt_state_from_key(key).is_some())
        .filter(|key| {
            storage
                .get_item(key)
                .ok()
                .flatten()
                .and_then(|json| serde_json::from_str::<AuthorizationAttempt>(&json).ok())
                .is_none_or(|a| a.is_expired(now))
        })
        .collect();
    for key in stale {
        let _ = storage.remove_item(&key);
    }
}

/// Why a sign-in with a provider could not start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StartError {
    /// No `crypto.getRandomValues` (a very old or unusual browser).
    NoRandom,
    /// sessionStorage refused (blocked cookies, private mode).
    NoStorage,
    /// No `oauth` block, or the browser would not navigate.
    Unavailable,
}

impl StartError {
    pub(crate) fn notice(self) -> Notice {
        Notice::new(match self {
            StartError::NoRandom => Msg::IdpNoRandom,
            StartError::NoStorage => Msg::IdpNoStorage,
            StartError::Unavailable => Msg::IdpUnavailable,
        })
    }
}

/// Starts signing in with `provider`: a fresh attempt from 96 octets of the
/// browser's CSPRNG, kept in this tab's sessionStorage (expired ones swept
/// out), then the browser goes to the user pool domain's authorize endpoint
/// with `identity_provider` (and `lang=ja` for a Japanese UI), asking to come
/// back to the `redirectSignIn` entry on this page's origin. `return_to`
/// (`?returnTo=`) is checked against `oauth.returnPaths` now and again at
/// the end.
pub(crate) fn start(
    config: &AuthConfig,
    provider: &str,
    return_to: Option<&str>,
    lang: Lang,
) -> Result<(), StartError> {
    let oauth = config.oauth.as_ref().ok_or(StartError::Unavailable)?;
    let window = window().ok_or(StartError::Unavailable)?;
    // Checked at start (`check_at_start`), so there is one.
    let origin = window
        .location()
        .origin()
        .map_err(|_| StartError::Unavailable)?;
    let path = window.location().pathname().unwrap_or_default();
    let redirect_uri = oauth
        .redirect_sign_in_for_page(&origin, &path)
        .ok_or(StartError::Unavailable)?;
    let mut random = [0u8; ATTEMPT_RANDOM_BYTES];
    window
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut random))
        .map_err(|_| StartError::NoRandom)?;
    let storage = session_storage().ok_or(StartError::NoStorage)?;
    let now = session::now();
    sweep_expired(&storage, now);
    let attempt = AuthorizationAttempt::new(
        &random,
        redirect_uri,
        Some(provider),
        safe_return_path(return_to, &oauth.return_paths),
        now,
    );
    let json = serde_json::to_string(&attempt).map_err(|_| StartError::NoStorage)?;
    storage
        .set_item(&attempt.storage_key(), &json)
        .map_err(|_| StartError::NoStorage)?;
    let url = attempt.authorize_url(
        &oauth.domain,
        &config.user_pool_client_id,
        &oauth.scopes,
        // The managed login takes the same language codes (`lang`).
        (lang != Lang::En).then_some(lang.code()),
    );
    window
        .location()
        .assign(&url)
        .map_err(|_| StartError::Unavailable)
}

/// Whether this page is a redirect back from the user pool domain to be
/// finished here: the page is exactly one of `redirectSignIn` and its
/// address holds a `code`, `state` or `error` (RFC 6749, 4.1.2). A host's
/// own `?code=` on any other page is left alone.
pub(crate) fn is_callback_here(config: &AuthConfig) -> bool {
    let (Some(oauth), Some(window)) = (config.oauth.as_ref(), window()) else {
        return false;
    };
    let location = window.location();
    let (Ok(origin), Ok(path), Ok(search)) =
        (location.origin(), location.pathname(), location.search())
    else {
        return false;
    };
    oauth.redirect_sign_in_at(&origin, &path).is_some()
        && !matches!(
            cognito_client::oauth::parse_callback(&search),
            Err(CallbackError::NotACallback)
        )
}

/// The callback's query (`?code=…&state=…`), after taking it out of the
/// address bar and the history entry, so the code is not left in the URL,
/// bookmarks or a later Back. Call first thing on the callback page.
pub(crate) fn take_callback_query() -> String {
    let Some(window) = window() else {
        return String::new();
    };
    let location = window.location();
    let query = location.search().unwrap_or_default();
    if !query.is_empty() {
        let path = location.pathname().unwrap_or_else(|_| "/".into());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
    query
}

/// Runs the core's callback logic against this tab's attempts: the attempt
/// with the callback's `state` is removed whatever happens next.
pub(crate) fn consume_callback(config: &AuthConfig, query: &str) -> CallbackStep {
    let (Some(oauth), Some(storage)) = (config.oauth.as_ref(), session_storage()) else {
        return CallbackStep::Malformed(CallbackError::NotACallback);
    };
    on_callback(
        query,
        &mut SessionAttempts(storage),
        &oauth.domain,
        &config.user_pool_client_id,
        session::now(),
    )
}

/// Sends the token request and checks the answer and the ID token (`iss`,
/// `aud`, `exp`, `token_use`, `nonce`). Returns the tokens and where to go:
/// the attempt's return path, checked against `oauth.returnPaths` again.
pub(crate) async fn exchange(
    config: &AuthConfig,
    token_request: HttpRequest,
    attempt: &AuthorizationAttempt,
) -> Result<(Tokens, String), OAuthError> {
    let response = FetchTransport
        .send(token_request.clone())
        .await
        .map_err(|e| OAuthError::transport(&token_request, e))?;
    let expected = IdTokenExpectations::new(issuer(config), config.user_pool_client_id.clone());
    let tokens = after_token_response(attempt, &response, session::now(), &expected)?;
    Ok((tokens, config.return_path(Some(&attempt.return_path))))
}

/// Signs out a federated session: revokes its refresh token at the domain's
/// revoke endpoint (a hosted-UI access token may lack the scope
/// `GlobalSignOut` needs), forgets the tokens and sends the browser through
/// the domain's `/logout` (back to the `redirectSignOut` entry on this
/// page's origin), which ends the hosted-UI session, so the next
/// "Continue with …" asks again. The page reloads on the way, so "You have
/// signed out." waits in sessionStorage for the sign-in screen
/// ([`session::leave_notice`]). `false` (nothing done) for a password
/// session or without an `oauth` block.
/// Takes the session's [`Lifecycle`], not the `AuthContext` above it, which
/// calls this from its own `sign_out`.
pub(crate) async fn sign_out(lc: Lifecycle) -> bool {
    let AuthState::SignedIn(session) = lc.state().get_untracked() else {
        return false;
    };
    let config = lc.config();
    let Some(oauth) = config.oauth.as_ref() else {
        return false;
    };
    if !is_federated(session.claims()) {
        return false;
    }
    if let Some(refresh_token) = &session.tokens().refresh_token {
        // Best effort: the tokens are forgotten here either way.
        let _ = FetchTransport
            .send(revoke_request(
                &oauth.domain,
                &config.user_pool_client_id,
                refresh_token,
            ))
            .await;
    }
    // Every storage emptied, and this browser's other tabs signed out of
    // this session too. Not a global sign-out: `/logout` ends the hosted-UI
    // session only, and the user's other sessions stay valid.
    lifecycle::forget(lc, &session, false);
    // Checked at start (`check_at_start`), so there is one.
    let logout_uri = window()
        .and_then(|w| w.location().origin().ok())
        .and_then(|origin| oauth.redirect_sign_out_for(&origin).map(str::to_owned));
    // The notice cannot wait in memory: the page is about to be left.
    session::leave_notice(PendingNotice::SignedOut);
    let left = logout_uri
        .map(|uri| logout_url(&oauth.domain, &config.user_pool_client_id, &uri))
        .and_then(|url| window().map(|w| w.location().assign(&url)));
    if !matches!(left, Some(Ok(()))) {
        // Still here: signed out in this tab; the sign-in screen shows the
        // notice left above.
        lc.set_state(AuthState::SignedOut);
    }
    true
}

/// The run-time checks `config.json` cannot make alone: `redirectSignIn` and
/// `redirectSignOut` must each have an entry on the origin the app is served
/// from.
pub(crate) fn check_at_start(config: AuthConfig) -> Result<AuthConfig, Vec<ConfigProblem>> {
    let Some(oauth) = &config.oauth else {
        return Ok(config);
    };
    let Some(origin) = window().and_then(|w| w.location().origin().ok()) else {
        return Ok(config);
    };
    match check_redirect_origin(oauth, &origin) {
        Ok(()) => Ok(config),
        Err(problems) => Err(problems.into_iter().map(ConfigProblem::from).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_client::oauth::AuthorizeErrorCode;
    use std::collections::HashMap;

    fn config() -> AuthConfig {
        AuthConfig::from_json(include_str!("../../public/config.json")).unwrap()
    }

    #[test]
    fn the_issuer_follows_the_endpoint() {
        assert_eq!(
            issuer(&config()),
            "http://127.0.0.1:9229/ap-northeast-1_Local"
        );
        let aws = AuthConfig::new("ap-northeast-1", "ap-northeast-1_AbC123", "client").unwrap();
        assert_eq!(
            issuer(&aws),
            cognito_client::oauth::cognito_issuer("ap-northeast-1_AbC123").unwrap()
        );
    }

    #[test]
    fn errors_from_the_provider_get_a_message_per_kind() {
        let show = |kind, description: Option<&str>| {
            plan(
                CallbackStep::ShowError {
                    kind,
                    error: AuthorizeErrorCode::AccessDenied,
                    description: description.map(str::to_owned),
                },
                false,
            )
        };
        match show(
            FailureKind::Cancelled,
            Some("The user cancelled the sign-in."),
        ) {
            CallbackPlan::Failed(f) => {
                assert_eq!(f.notice, Notice::new(Msg::CallbackCancelled));
                assert_eq!(f.detail, None);
                assert_eq!(f.notice.to_string(), "Sign-in was cancelled.");
            }
            other => panic!("{other:?}"),
        }
        for (kind, msg) in [
            (FailureKind::Denied, Msg::CallbackDenied),
            (FailureKind::Misconfigured, Msg::CallbackMisconfigured),
            (FailureKind::ProviderError, Msg::CallbackProviderError),
        ] {
            match show(kind, Some("<b>PreSignUp failed</b>")) {
                CallbackPlan::Failed(f) => {
                    assert_eq!(f.notice.msg, msg);
                    assert_eq!(f.detail.as_deref(), Some("<b>PreSignUp failed</b>"));
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn stale_callbacks_continue_when_signed_in_and_are_calm_otherwise() {
        for step in [
            CallbackStep::UnknownState,
            CallbackStep::Malformed(CallbackError::NotACallback),
            CallbackStep::Malformed(CallbackError::Duplicate("code")),
        ] {
            assert!(matches!(
                plan(step.clone(), true),
                CallbackPlan::Continue(path) if path == "/account"
            ));
            assert!(matches!(plan(step, false), CallbackPlan::Stale));
        }
    }

    #[test]
    fn a_forged_state_is_never_exchanged() {
        let mut store: HashMap<String, AuthorizationAttempt> = HashMap::new();
        let attempt = AuthorizationAttempt::new(
            &[7; ATTEMPT_RANDOM_BYTES],
            "http://127.0.0.1:8080/callback",
            Some("Google"),
            "/account",
            1_000,
        );
        store.put(attempt.clone());
        let forged = on_callback(
            "?code=abc&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            &mut store,
            "http://127.0.0.1:9229",
            "localclient",
            1_001,
        );
        assert!(matches!(plan(forged, false), CallbackPlan::Stale));
        let real = format!("?code=abc&state={}", attempt.state.expose());
        let step = on_callback(
            &real,
            &mut store,
            "http://127.0.0.1:9229",
            "localclient",
            1_001,
        );
        assert!(matches!(plan(step, false), CallbackPlan::Exchange { .. }));
        // The same callback again (reload, Back, replay) finds nothing.
        let again = on_callback(
            &real,
            &mut store,
            "http://127.0.0.1:9229",
            "localclient",
            1_002,
        );
        assert!(matches!(plan(again, true), CallbackPlan::Continue(_)));
    }

    #[test]
    fn exchange_errors() {
        let used = OAuthError::Token {
            error: "invalid_grant".into(),
            description: Some("The authorization code has already been used.".into()),
            status: 400,
        };
        assert!(matches!(exchange_failure(&used), CallbackPlan::Stale));
        let client = OAuthError::Token {
            error: "unauthorized_client".into(),
            description: None,
            status: 400,
        };
        assert!(matches!(
            exchange_failure(&client),
            CallbackPlan::Failed(CallbackFailure { notice, detail: Some(d) })
                if notice.msg == Msg::CallbackMisconfigured && d == "unauthorized_client"
        ));
        let offline = OAuthError::Transport {
            endpoint: "http://127.0.0.1:9229/oauth2/token".into(),
            message: "NetworkError".into(),
        };
        match exchange_failure(&offline) {
            CallbackPlan::Failed(f) => {
                assert!(f
                    .notice
                    .to_string()
                    .contains("http://127.0.0.1:9229/oauth2/token"))
            }
            other => panic!("{other:?}"),
        }
        let forged = OAuthError::IdToken(cognito_client::oauth::IdTokenError::NonceMismatch);
        assert!(matches!(
            exchange_failure(&forged),
            CallbackPlan::Failed(CallbackFailure { notice, .. }) if notice.msg == Msg::CallbackTokenRejected
        ));
    }
}
