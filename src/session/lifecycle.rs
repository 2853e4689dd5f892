//! The session's life in the browser, from restore to sign-out:
//!
//! * at start, the stored tokens are verified (or renewed first when they
//!   are due) before anyone trusts them;
//! * a new sign-in's tokens are verified before they are stored;
//! * a timer renews the tokens a little before they expire
//!   ([`cognito_client::session::refresh_at`]), and the page coming back
//!   (`visibilitychange`, `online`, `pageshow`: a laptop waking up) renews
//!   them at once when they are due; every renewal goes through one
//!   [`SingleFlight`], so callers share one request;
//! * a refused renewal ends the session cleanly (storage emptied, other
//!   tabs told, back to sign-in with the reason); a network failure keeps
//!   it and tries again with backoff, saying so ([`SessionHealth`]);
//! * other tabs' renewals and sign-outs are adopted ([`super::sync`]).

use super::refresh::{exchange, RefreshError};
use super::storage;
use super::sync::{TabChannel, TabMessage};
use super::webcrypto::WebCrypto;
use super::{now, Session};
use crate::auth::{AuthContext, AuthState};
use crate::i18n::{Msg, Notice};
use crate::transport::FetchTransport;
use cognito_client::flow::Tokens;
use cognito_client::jwks::jwks_url;
use cognito_client::jwt::claims_unverified;
use cognito_client::oauth::revoke_request;
use cognito_client::session::{
    classify_verify_error, refresh_at, retry_delay_seconds, EndReason, RefreshFailure, SignInMethod,
};
use cognito_client::single_flight::SingleFlight;
use cognito_client::token_check::{time_claim, TokenError, TokenExpectations};
use cognito_client::verify::{TokenVerifier, VerifyError};
use cognito_client::{CognitoError, Transport};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::time::Duration;

/// Whether the session's renewals are going through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SessionHealth {
    /// Renewed when due, or not due yet.
    #[default]
    Fresh,
    /// The last renewal got no answer (offline, a 5xx); the user stays
    /// signed in and it is tried again.
    Retrying {
        /// Failed attempts so far.
        attempt: u32,
        /// Seconds until the next one.
        retry_in_seconds: i64,
    },
}

/// Why no fresh token could be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// Nobody is signed in (or the session just ended: the sign-in screen
    /// says why).
    #[error("nobody is signed in")]
    NotSignedIn,
    /// The tokens expired and could not be renewed: `endpoint` did not
    /// answer. The user stays signed in; renewal is retried.
    #[error("the session could not be renewed: {endpoint} cannot be reached")]
    Unreachable {
        /// What could not be reached.
        endpoint: String,
    },
}

/// How far a sign-out reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignOutScope {
    /// This session: its refresh token revoked (`RevokeToken`), this
    /// browser's tokens forgotten. Other devices stay signed in.
    Local,
    /// Every session of the user (`GlobalSignOut`), then as `Local`.
    Global,
}

/// The session's moving parts that are not reactive: the verifier and its
/// key set, the single-flight renewal, the timer, the channel to other
/// tabs and the page's event listeners. One per [`AuthContext`].
pub(crate) struct Runtime {
    verifier: TokenVerifier<FetchTransport, WebCrypto>,
    refresh: SingleFlight<Result<Session, RefreshError>>,
    timer: RefCell<Option<TimeoutHandle>>,
    attempts: Cell<u32>,
    channel: RefCell<Option<TabChannel>>,
    listeners: RefCell<Vec<WindowListenerHandle>>,
    pub(crate) credentials: crate::credentials::CredentialsRuntime,
}

impl Runtime {
    pub(crate) fn new(config: &crate::config::AuthConfig) -> Self {
        let expected = TokenExpectations::new(config.issuer(), &config.user_pool_client_id)
            .with_skew(config.clock_skew_seconds);
        Runtime {
            verifier: TokenVerifier::new(FetchTransport, WebCrypto, expected),
            refresh: SingleFlight::new(),
            timer: RefCell::new(None),
            attempts: Cell::new(0),
            channel: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            credentials: Default::default(),
        }
    }

    fn cancel_timer(&self) {
        if let Some(handle) = self.timer.borrow_mut().take() {
            handle.clear();
        }
    }

    /// Stops everything that could act later (the provider is going away).
    fn stop(&self) {
        self.cancel_timer();
        self.credentials.cancel_timer();
        self.channel.borrow_mut().take();
        for listener in self.listeners.borrow_mut().drain(..) {
            listener.remove();
        }
    }

    fn post(&self, message: &TabMessage) {
        if let Some(channel) = self.channel.borrow().as_ref() {
            channel.post(message);
        }
    }
}

/// Runs `then` at `at` (epoch seconds), replacing the timer in `slot`.
pub(crate) fn set_timer(
    slot: &RefCell<Option<TimeoutHandle>>,
    at: i64,
    then: impl FnOnce() + 'static,
) {
    if let Some(handle) = slot.borrow_mut().take() {
        handle.clear();
    }
    let millis = (at as f64 * 1000.0 - js_sys::Date::now()).clamp(0.0, 2_000_000_000.0);
    if let Ok(handle) = set_timeout_with_handle(then, Duration::from_millis(millis as u64)) {
        *slot.borrow_mut() = Some(handle);
    }
}

/// Starts the lifecycle of `auth`: the tab channel, the page's wake-up
/// events, stale keys removed, and the stored session restored.
pub(crate) fn start(auth: AuthContext) {
    let config = auth.config();
    storage::empty_unused(&config.token_storage);
    if let Some(rt) = auth.runtime() {
        *rt.channel.borrow_mut() = TabChannel::open(&config.user_pool_client_id, move |message| {
            on_tab_message(auth, message)
        });
        let mut listeners = rt.listeners.borrow_mut();
        for event in ["visibilitychange", "online", "pageshow"] {
            listeners.push(window_event_listener_untyped(event, move |_| wake(auth)));
        }
    }
    on_cleanup(move || {
        if let Some(rt) = auth.runtime() {
            rt.stop();
        }
    });
    leptos::task::spawn_local(restore(auth));
}

/// Verifies `tokens` as the pool's (both, belonging together; `at_hash`
/// after a social sign-in) and makes them a session.
async fn verify(
    auth: AuthContext,
    tokens: Tokens,
    method: SignInMethod,
) -> Result<Session, VerifyError> {
    let Some(rt) = auth.runtime() else {
        return Err(VerifyError::Refused(TokenError::MissingSubject));
    };
    let verified = rt
        .verifier
        .verify_tokens(&tokens, method == SignInMethod::HostedUi, now())
        .await
        .map_err(|(_, e)| e)?;
    Ok(Session::from_verified(tokens, method, verified))
}

/// The refresh error for tokens that did not verify: never trusted, unless
/// the pool's key set was out of reach (then tried again later).
fn refused(auth: AuthContext, error: &VerifyError) -> RefreshError {
    match classify_verify_error(error) {
        RefreshFailure::Ended(reason) => RefreshError::Ended(reason),
        RefreshFailure::Transient => RefreshError::Unreachable {
            endpoint: match error {
                VerifyError::Transport { endpoint, .. } => endpoint.clone(),
                _ => jwks_url(&auth.config().issuer()),
            },
        },
    }
}

/// Whether tokens read back from storage are due for renewal (their own
/// lifetime says how early; unreadable ones are, and fail afterwards).
fn due(tokens: &Tokens, now: i64) -> bool {
    let lifetime = claims_unverified(tokens.access_token.expose())
        .ok()
        .and_then(|c| Some(time_claim(&c, "exp")? - time_claim(&c, "iat")?))
        .filter(|l| *l > 0)
        .unwrap_or(0);
    now >= refresh_at(tokens.expires_at - lifetime, tokens.expires_at)
}

/// New tokens for `tokens`, verified, of the same user.
async fn renew(
    auth: AuthContext,
    tokens: &Tokens,
    method: SignInMethod,
    sub: Option<&str>,
) -> Result<Session, RefreshError> {
    let config = auth.config();
    let fresh = exchange(&config, tokens, method, now()).await?;
    let session = verify(auth, fresh, method)
        .await
        .map_err(|e| refused(auth, &e))?;
    if sub.is_some() && session.sub() != sub {
        return Err(RefreshError::Ended(EndReason::Refused));
    }
    Ok(session)
}

/// At start: the stored tokens, verified (renewed first when due), or the
/// sign-in screen with the reason.
async fn restore(auth: AuthContext) {
    let config = auth.config();
    let Some((tokens, method)) = storage::load(&config.token_storage) else {
        auth.set_state(AuthState::SignedOut);
        return;
    };
    let outcome = if due(&tokens, now()) {
        renew(auth, &tokens, method, None).await
    } else {
        match verify(auth, tokens.clone(), method).await {
            Ok(session) => Ok(session),
            // Expired by the pool's clock before ours: renew.
            Err(VerifyError::Refused(TokenError::Expired { .. })) => {
                renew(auth, &tokens, method, None).await
            }
            Err(e) => Err(refused(auth, &e)),
        }
    };
    match outcome {
        Ok(session) => {
            storage::save(&config.token_storage, &session);
            adopt(auth, session);
        }
        Err(RefreshError::Unreachable { endpoint }) => {
            // Offline: the stored tokens stay, so a reload can try again.
            auth.flash_login(Notice::new(Msg::ErrTransport).arg("endpoint", endpoint));
            auth.set_state(AuthState::SignedOut);
        }
        Err(RefreshError::Ended(reason)) => {
            storage::clear_all();
            auth.flash_login(end_notice(reason));
            auth.set_state(AuthState::SignedOut);
        }
        Err(RefreshError::NoSession) => auth.set_state(AuthState::SignedOut),
    }
}

/// The message for a session that ended for `reason`.
pub(crate) fn end_notice(reason: EndReason) -> Notice {
    Notice::new(match reason {
        EndReason::Revoked => Msg::InfoSessionRevoked,
        EndReason::Expired => Msg::InfoSessionExpired,
        EndReason::Refused => Msg::InfoSessionRefused,
        EndReason::Other => Msg::InfoSessionEnded,
    })
}

/// A new sign-in: verified first; only then stored and trusted. A token
/// that fails is dropped and the sign-in screen says so.
pub(crate) fn sign_in(auth: AuthContext, tokens: Tokens, method: SignInMethod) {
    auth.set_state(AuthState::Loading);
    leptos::task::spawn_local(async move {
        match verify(auth, tokens, method).await {
            Ok(session) => {
                let policy = auth.config().token_storage;
                storage::clear_all();
                storage::save(&policy, &session);
                adopt(auth, session);
            }
            Err(error) => {
                let notice = match &error {
                    VerifyError::Transport { endpoint, .. } => {
                        Notice::new(Msg::ErrVerifyUnreachable).arg("endpoint", endpoint.as_str())
                    }
                    _ => Notice::new(Msg::ErrTokenRejected),
                };
                leptos::logging::warn!("sign-in refused: {error}");
                auth.flash_login(notice);
                auth.set_state(AuthState::SignedOut);
            }
        }
    });
}

/// Signed in with `session`: shown, and renewed when due.
fn adopt(auth: AuthContext, session: Session) {
    let at = session.refresh_at();
    auth.set_state(AuthState::SignedIn(session));
    auth.set_health(SessionHealth::Fresh);
    if let Some(rt) = auth.runtime() {
        rt.attempts.set(0);
    }
    schedule(auth, at);
}

fn schedule(auth: AuthContext, at: i64) {
    if let Some(rt) = auth.runtime() {
        set_timer(&rt.timer, at, move || {
            leptos::task::spawn_local(async move {
                let _ = refresh(auth, false).await;
            })
        });
    }
}

/// Renews the session (when due, or always with `force`), once for every
/// caller waiting at the same time. The outcome is applied here, once:
/// new tokens stored, shown and told to the other tabs; a refusal ends the
/// session; no answer keeps it and schedules another attempt.
pub(crate) async fn refresh(auth: AuthContext, force: bool) -> Result<Session, RefreshError> {
    let Some(rt) = auth.runtime() else {
        return Err(RefreshError::NoSession);
    };
    rt.refresh
        .run(|| async move {
            let Some(current) = auth.session_untracked() else {
                return Err(RefreshError::NoSession);
            };
            if !force && !current.needs_refresh(now()) {
                return Ok(current);
            }
            if current.tokens().refresh_token.is_none() {
                // This tab has no refresh token (`tokenStorage: "local"`
                // keeps it in the tab that signed in): that tab renews and
                // tells this one. Until the tokens expire, wait for it.
                if !current.is_expired(now()) {
                    schedule(auth, current.expires_at());
                    return Ok(current);
                }
                // Nobody renewed them: signed out here only (the other tabs
                // keep their own session), storage left to them.
                if let Some(rt) = auth.runtime() {
                    rt.cancel_timer();
                }
                auth.flash_login(end_notice(EndReason::Expired));
                auth.set_state(AuthState::SignedOut);
                return Err(RefreshError::Ended(EndReason::Expired));
            }
            let result = renew(
                auth,
                current.tokens(),
                current.sign_in_method(),
                current.sub(),
            )
            .await;
            // Signed out (or in again) meanwhile: this result is nobody's.
            if auth.session_untracked().map(|s| s.key().to_owned())
                != Some(current.key().to_owned())
            {
                return Err(RefreshError::NoSession);
            }
            match &result {
                Ok(session) => renewed(auth, session.clone()),
                Err(RefreshError::Ended(reason)) => end(auth, &current, *reason),
                Err(RefreshError::Unreachable { .. }) => retry_later(auth),
                Err(RefreshError::NoSession) => {}
            }
            result
        })
        .await
}

fn renewed(auth: AuthContext, session: Session) {
    let policy = auth.config().token_storage;
    storage::save(&policy, &session);
    if let Some(rt) = auth.runtime() {
        rt.post(&TabMessage::Refreshed {
            session: session.key().to_owned(),
            id_token: session.tokens().id_token.clone(),
            access_token: session.tokens().access_token.clone(),
            expires_at: session.expires_at(),
        });
    }
    auth.count_refresh();
    adopt(auth, session);
}

fn retry_later(auth: AuthContext) {
    let Some(rt) = auth.runtime() else {
        return;
    };
    let attempt = rt.attempts.get() + 1;
    rt.attempts.set(attempt);
    let delay = retry_delay_seconds(attempt);
    auth.set_health(SessionHealth::Retrying {
        attempt,
        retry_in_seconds: delay,
    });
    schedule(auth, now() + delay);
}

/// The session ended (its refresh refused): nothing of it is kept, other
/// tabs are told, and the sign-in screen says why.
fn end(auth: AuthContext, session: &Session, reason: EndReason) {
    forget(auth, session, false);
    auth.flash_login(end_notice(reason));
    auth.set_state(AuthState::SignedOut);
}

/// Forgets `session` in this browser: storage emptied, timers stopped,
/// credentials dropped, other tabs told (`global`: every session of the
/// user ended).
pub(crate) fn forget(auth: AuthContext, session: &Session, global: bool) {
    storage::clear_all();
    auth.set_health(SessionHealth::Fresh);
    if let Some(rt) = auth.runtime() {
        rt.cancel_timer();
        rt.attempts.set(0);
        rt.post(&TabMessage::SignedOut {
            session: session.key().to_owned(),
            sub: session.sub().unwrap_or_default().to_owned(),
            global,
        });
    }
    crate::credentials::forget(auth);
}

/// Signs out: `Global` first calls `GlobalSignOut` (user pool API sessions;
/// a social sign-in's access token lacks the scope it needs), then this
/// session's refresh token is revoked (`RevokeToken`, or the domain's
/// revoke endpoint) and everything forgotten — even when the calls fail.
/// The error is `GlobalSignOut`'s: other devices may still be signed in.
/// The state is left to the caller.
pub(crate) async fn sign_out(auth: AuthContext, scope: SignOutScope) -> Result<(), CognitoError> {
    let Some(session) = auth.session_untracked() else {
        storage::clear_all();
        return Ok(());
    };
    let client = auth.client();
    let method = session.sign_in_method();
    let result = if scope == SignOutScope::Global && method == SignInMethod::UserPoolApi {
        client.global_sign_out(&session.tokens().access_token).await
    } else {
        Ok(())
    };
    if let Some(refresh_token) = &session.tokens().refresh_token {
        // Best effort: the tokens are forgotten here either way.
        match method {
            SignInMethod::UserPoolApi => {
                let _ = client.revoke_token(refresh_token).await;
            }
            SignInMethod::HostedUi => {
                if let Some(oauth) = auth.config().oauth {
                    let request = revoke_request(&oauth.domain, client.client_id(), refresh_token);
                    let _ = FetchTransport.send(request).await;
                }
            }
        }
    }
    forget(auth, &session, scope == SignOutScope::Global);
    result
}

/// The page came back (a tab shown again, the network back, a page
/// restored from the back-forward cache): renew now if due, else re-arm
/// the timer (timers of hidden or sleeping pages run late, or not at all).
fn wake(auth: AuthContext) {
    let visible = web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
    if !visible {
        return;
    }
    let Some(session) = auth.session_untracked() else {
        return;
    };
    let retrying = auth.health_untracked() != SessionHealth::Fresh;
    if retrying || session.needs_refresh(now()) {
        leptos::task::spawn_local(async move {
            let _ = refresh(auth, retrying).await;
        });
    } else {
        schedule(auth, session.refresh_at());
    }
    crate::credentials::wake(auth);
}

/// Another tab renewed or ended a session.
fn on_tab_message(auth: AuthContext, message: TabMessage) {
    let Some(current) = auth.session_untracked() else {
        return;
    };
    if message.signs_out(current.key(), current.sub()) {
        storage::clear_all();
        if let Some(rt) = auth.runtime() {
            rt.cancel_timer();
            rt.attempts.set(0);
        }
        crate::credentials::forget(auth);
        auth.set_health(SessionHealth::Fresh);
        auth.flash_login(Notice::new(Msg::InfoSignedOutInOtherTab));
        auth.set_state(AuthState::SignedOut);
        return;
    }
    let TabMessage::Refreshed {
        session,
        id_token,
        access_token,
        expires_at,
    } = message
    else {
        return;
    };
    if session != current.key() || expires_at <= current.expires_at() {
        return;
    }
    let tokens = Tokens {
        id_token,
        access_token,
        refresh_token: current.tokens().refresh_token.clone(),
        expires_at,
    };
    leptos::task::spawn_local(async move {
        // Trusted only once verified here too.
        let Ok(adopted) = verify(auth, tokens, current.sign_in_method()).await else {
            return;
        };
        if auth.session_untracked().map(|s| s.key().to_owned()) != Some(current.key().to_owned()) {
            return;
        }
        storage::save(&auth.config().token_storage, &adopted);
        adopt(auth, adopted);
    });
}
