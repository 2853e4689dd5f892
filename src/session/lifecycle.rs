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
//!   it and tries again with backoff, saying so ([`SessionHealth`]) — at
//!   start too: stored tokens that cannot be renewed or verified for want
//!   of an answer stay stored, and the restore is tried again;
//! * other tabs' renewals and sign-outs are adopted ([`super::sync`]).

use super::clock::now;
use super::refresh::{exchange, RefreshError};
use super::storage::{self, StoredTokens};
use super::sync::{TabChannel, TabMessage};
use super::verified::Session;
use super::webcrypto::WebCrypto;
use crate::config::AuthConfig;
use crate::flash::{Flash, ScreenKind};
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
use cognito_client::{CognitoError, Transport, UserPoolClient};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// Where the user stands. Views match on it; there is no combination of
/// flags that could contradict itself.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{use_auth, AuthState};
///
/// #[component]
/// fn AccountMenu() -> impl IntoView {
///     let auth = use_auth();
///     move || match auth.state().get() {
///         AuthState::Loading => view! { <span>"…"</span> }.into_any(),
///         AuthState::SignedOut => view! { <a href="/login">"Sign in"</a> }.into_any(),
///         AuthState::SignedIn(session) => {
///             let email = session.email().unwrap_or_default().to_owned();
///             view! { <a href="/account">{email}</a> }.into_any()
///         }
///     }
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// The stored session is being restored, or a new sign-in's tokens
    /// verified.
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in, with verified tokens and claims.
    SignedIn(Session),
}

impl AuthState {
    /// Whether someone is signed in: `None` while the stored session is
    /// still being restored (what `ProtectedRoute`'s `condition` takes).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::{use_auth, AuthState};
    /// use leptos_router::components::{ProtectedRoute, Router, Routes};
    /// use leptos_router::path;
    ///
    /// #[component]
    /// fn Orders() -> impl IntoView {
    ///     view! { <h1>"Your orders"</h1> }
    /// }
    ///
    /// #[component]
    /// fn AppRoutes() -> impl IntoView {
    ///     let auth = use_auth();
    ///     // A Memo: a renewal sets a new session, not a new answer.
    ///     let signed_in = Memo::new(move |_| auth.state().with(AuthState::signed_in));
    ///     view! {
    ///         <Router>
    ///             <Routes fallback=|| "Not found">
    ///                 <ProtectedRoute
    ///                     path=path!("/orders")
    ///                     view=Orders
    ///                     condition=move || signed_in.get()
    ///                     redirect_path=|| "/login"
    ///                 />
    ///             </Routes>
    ///         </Router>
    ///     }
    /// }
    /// ```
    pub fn signed_in(&self) -> Option<bool> {
        match self {
            AuthState::Loading => None,
            AuthState::SignedOut => Some(false),
            AuthState::SignedIn(_) => Some(true),
        }
    }
}

/// Whether the session's renewals are going through; see
/// [`AuthContext::health`](crate::AuthContext::health).
///
/// ```
/// use leptos_cognito::SessionHealth;
///
/// fn banner(health: SessionHealth) -> Option<String> {
///     match health {
///         SessionHealth::Fresh => None,
///         SessionHealth::Retrying { attempt, retry_in_seconds } => Some(format!(
///             "Cannot reach the sign-in service (attempt {attempt}); retrying in {retry_in_seconds} s"
///         )),
///     }
/// }
///
/// assert_eq!(banner(SessionHealth::default()), None);
/// assert_eq!(
///     banner(SessionHealth::Retrying { attempt: 2, retry_in_seconds: 8 }).as_deref(),
///     Some("Cannot reach the sign-in service (attempt 2); retrying in 8 s"),
/// );
/// ```
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
///
/// ```
/// use leptos_cognito::SessionError;
///
/// fn advice(error: &SessionError) -> &'static str {
///     match error {
///         SessionError::NotSignedIn => "Please sign in again.",
///         SessionError::Unreachable { .. } => "You seem to be offline; try again shortly.",
///     }
/// }
///
/// assert_eq!(advice(&SessionError::NotSignedIn), "Please sign in again.");
/// assert_eq!(SessionError::NotSignedIn.to_string(), "nobody is signed in");
/// ```
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
/// tabs and the page's event listeners. One per [`Lifecycle`].
struct Runtime {
    verifier: TokenVerifier<FetchTransport, WebCrypto>,
    refresh: SingleFlight<Result<Session, RefreshError>>,
    timer: RefCell<Option<TimeoutHandle>>,
    attempts: Cell<u32>,
    /// The stored session could not be restored for want of an answer: it
    /// is still in storage, and the restore is what the next retry runs.
    restore_pending: Cell<bool>,
    /// Bumped by every sign-in and sign-out: a restore that started under
    /// another generation is nobody's, and its outcome is dropped.
    generation: Cell<u64>,
    channel: RefCell<Option<TabChannel>>,
    listeners: RefCell<Vec<WindowListenerHandle>>,
}

impl Runtime {
    fn new(config: &AuthConfig) -> Self {
        let expected = TokenExpectations::new(config.issuer(), &config.user_pool_client_id)
            .with_skew(config.clock_skew_seconds);
        Runtime {
            verifier: TokenVerifier::new(FetchTransport, WebCrypto, expected),
            refresh: SingleFlight::new(),
            timer: RefCell::new(None),
            attempts: Cell::new(0),
            restore_pending: Cell::new(false),
            generation: Cell::new(0),
            channel: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
        }
    }

    fn cancel_timer(&self) {
        if let Some(handle) = self.timer.borrow_mut().take() {
            handle.clear();
        }
    }

    /// No more retries: the timer stopped, the count and a pending restore
    /// dropped.
    fn stop_retrying(&self) {
        self.cancel_timer();
        self.attempts.set(0);
        self.restore_pending.set(false);
    }

    /// Stops everything that could act later (the provider is going away).
    fn stop(&self) {
        self.cancel_timer();
        self.channel.borrow_mut().take();
        for listener in self.listeners.borrow_mut().drain(..) {
            listener.remove();
        }
    }

    /// A new generation: whatever started before (a restore in flight) is
    /// nobody's any more.
    fn next_generation(&self) -> u64 {
        let next = self.generation.get().wrapping_add(1);
        self.generation.set(next);
        next
    }

    fn post(&self, message: &TabMessage) {
        if let Some(channel) = self.channel.borrow().as_ref() {
            channel.post(message);
        }
    }
}

/// The session's state and moving parts, as one handle (cheap to copy):
/// what [`AuthContext`](crate::AuthContext) is built on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lifecycle {
    state: RwSignal<AuthState>,
    config: StoredValue<AuthConfig>,
    flash: Flash,
    health: RwSignal<SessionHealth>,
    refreshes: RwSignal<u32>,
    runtime: StoredValue<Rc<Runtime>, LocalStorage>,
}

impl Lifecycle {
    /// A lifecycle for `config`, in the current reactive owner, loading.
    pub(crate) fn new(config: AuthConfig) -> Self {
        let runtime = Rc::new(Runtime::new(&config));
        Lifecycle {
            state: RwSignal::new(AuthState::Loading),
            config: StoredValue::new(config),
            flash: Flash::new(),
            health: RwSignal::new(SessionHealth::Fresh),
            refreshes: RwSignal::new(0),
            runtime: StoredValue::new_local(runtime),
        }
    }

    pub(crate) fn state(&self) -> RwSignal<AuthState> {
        self.state
    }

    pub(crate) fn config_store(&self) -> StoredValue<AuthConfig> {
        self.config
    }

    pub(crate) fn flash(&self) -> Flash {
        self.flash
    }

    pub(crate) fn health(&self) -> ReadSignal<SessionHealth> {
        self.health.read_only()
    }

    pub(crate) fn refresh_count(&self) -> ReadSignal<u32> {
        self.refreshes.read_only()
    }

    pub(crate) fn config(&self) -> AuthConfig {
        self.config.get_value()
    }

    /// A client for the configured user pool.
    pub(crate) fn client(&self) -> UserPoolClient<FetchTransport> {
        self.config.with_value(|c| {
            UserPoolClient::new(
                FetchTransport,
                c.user_pool_endpoint.clone(),
                c.user_pool_client_id.clone(),
            )
        })
    }

    pub(crate) fn session_untracked(&self) -> Option<Session> {
        self.state
            .try_with_untracked(|s| match s {
                AuthState::SignedIn(session) => Some(session.clone()),
                _ => None,
            })
            .flatten()
    }

    /// Sets the state; a no-op once the context is gone (a late timer).
    pub(crate) fn set_state(&self, state: AuthState) {
        let _ = self.state.try_set(state);
    }

    /// Leaves `notice` for the sign-in screen.
    pub(crate) fn flash_login(&self, notice: Notice) {
        let _ = self.flash.try_set(ScreenKind::Login, notice);
    }

    fn set_health(&self, health: SessionHealth) {
        if self.health.try_get_untracked() != Some(health) {
            let _ = self.health.try_set(health);
        }
    }

    fn health_untracked(&self) -> SessionHealth {
        self.health.try_get_untracked().unwrap_or_default()
    }

    fn count_refresh(&self) {
        let _ = self.refreshes.try_update(|n| *n += 1);
    }

    /// The session with tokens not due for renewal (renewed first when
    /// they are); see `AuthContext::fresh_session`.
    pub(crate) async fn fresh_session(&self) -> Option<Session> {
        let session = self.session_untracked()?;
        if !session.needs_refresh(now()) {
            return Some(session);
        }
        match refresh(*self, false).await {
            Ok(fresh) => Some(fresh),
            Err(RefreshError::Unreachable { .. }) => {
                (!session.is_expired(now())).then_some(session)
            }
            Err(_) => None,
        }
    }

    /// The non-reactive moving parts, while the context lives.
    fn runtime(&self) -> Option<Rc<Runtime>> {
        self.runtime.try_get_value()
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

/// The events of a page coming back: a tab shown again, the network
/// back, a page restored from the back-forward cache.
const WAKE_UP_EVENTS: [&str; 3] = ["visibilitychange", "online", "pageshow"];

/// Calls `then` whenever the page comes back ([`WAKE_UP_EVENTS`]) and is
/// visible (a tab hidden fires `visibilitychange` too); the listeners are
/// the caller's to remove.
pub(crate) fn on_wake_up(then: impl Fn() + Clone + 'static) -> Vec<WindowListenerHandle> {
    WAKE_UP_EVENTS
        .into_iter()
        .map(|event| {
            let then = then.clone();
            window_event_listener_untyped(event, move |_| {
                if page_visible() {
                    then()
                }
            })
        })
        .collect()
}

/// Whether the page is shown (true where the browser cannot say).
fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Starts the lifecycle of `lc`: the tab channel, the page's wake-up
/// events, stale keys removed, and the stored session restored.
pub(crate) fn start(lc: Lifecycle) {
    let config = lc.config();
    storage::empty_unused(&config.token_storage);
    if let Some(rt) = lc.runtime() {
        *rt.channel.borrow_mut() = TabChannel::open(&config.user_pool_client_id, move |message| {
            on_tab_message(lc, message)
        });
        rt.listeners
            .borrow_mut()
            .extend(on_wake_up(move || wake(lc)));
    }
    on_cleanup(move || {
        if let Some(rt) = lc.runtime() {
            rt.stop();
        }
    });
    leptos::task::spawn_local(async move {
        let _ = restore(lc).await;
    });
}

/// Verifies `tokens` as the pool's (both, belonging together; `at_hash`
/// after a social sign-in) and makes them a session.
async fn verify(
    lc: Lifecycle,
    tokens: Tokens,
    method: SignInMethod,
) -> Result<Session, VerifyError> {
    let Some(rt) = lc.runtime() else {
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
fn refused(lc: Lifecycle, error: &VerifyError) -> RefreshError {
    match classify_verify_error(error) {
        RefreshFailure::Ended(reason) => RefreshError::Ended(reason),
        RefreshFailure::Transient => RefreshError::Unreachable {
            endpoint: match error {
                VerifyError::Transport { endpoint, .. } => endpoint.clone(),
                _ => jwks_url(&lc.config().issuer()),
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
    lc: Lifecycle,
    tokens: &Tokens,
    method: SignInMethod,
    sub: Option<&str>,
) -> Result<Session, RefreshError> {
    let config = lc.config();
    let fresh = exchange(&config, tokens, method, now()).await?;
    let session = verify(lc, fresh, method)
        .await
        .map_err(|e| refused(lc, &e))?;
    if sub.is_some() && session.sub() != sub {
        return Err(RefreshError::Ended(EndReason::Refused));
    }
    Ok(session)
}

/// At start: the stored tokens, verified (renewed first when due), or the
/// sign-in screen with the reason. Without an answer (offline, a 5xx, the
/// key set out of reach) nobody is signed out: the tokens stay stored, the
/// state stays [`AuthState::Loading`] (nothing verified to show) and the
/// restore is tried again with backoff, or at once when the page comes
/// back ([`wake`]); [`refresh`] runs those retries.
async fn restore(lc: Lifecycle) -> Result<Session, RefreshError> {
    let Some(rt) = lc.runtime() else {
        return Err(RefreshError::NoSession);
    };
    rt.restore_pending.set(false);
    let generation = rt.generation.get();
    let config = lc.config();
    let Some((tokens, method)) = storage::load(&config.token_storage) else {
        // Nothing stored (or another tab signed out meanwhile).
        signed_out(lc, None);
        return Err(RefreshError::NoSession);
    };
    // Without a refresh token here (`tokenStorage: "local"`, the tab that
    // signed in holds it), the tokens are used while they last: that tab
    // renews them for this one.
    let renewable = tokens.refresh_token.is_some();
    let outcome = if renewable && due(&tokens, now()) {
        renew(lc, &tokens, method, None).await
    } else {
        match verify(lc, tokens.clone(), method).await {
            Ok(session) => Ok(session),
            // Expired by the pool's clock before ours: renew.
            Err(VerifyError::Refused(TokenError::Expired { .. })) if renewable => {
                renew(lc, &tokens, method, None).await
            }
            // Expired, and nothing here to renew them with: signed out in
            // this tab only (the stored tokens belong to the tab that can).
            Err(VerifyError::Refused(TokenError::Expired { .. })) => {
                Err(RefreshError::Ended(EndReason::Expired))
            }
            Err(e) => Err(refused(lc, &e)),
        }
    };
    // Signed in or out by other means meanwhile (a new sign-in is loading
    // too, hence the generation): this attempt is nobody's.
    if rt.generation.get() != generation || lc.state.try_get_untracked() != Some(AuthState::Loading)
    {
        return Err(RefreshError::NoSession);
    }
    match &outcome {
        Ok(session) => {
            save(&config.token_storage, session);
            adopt(lc, session.clone());
        }
        Err(RefreshError::Unreachable { .. }) => {
            // A network failure does not sign out: the stored tokens stay.
            rt.restore_pending.set(true);
            retry_later(lc);
        }
        Err(RefreshError::Ended(EndReason::Expired)) if !renewable => {
            signed_out(lc, Some(end_notice(EndReason::Expired)));
        }
        Err(RefreshError::Ended(reason)) => {
            storage::clear_all();
            signed_out(lc, Some(end_notice(*reason)));
        }
        Err(RefreshError::NoSession) => signed_out(lc, None),
    }
    outcome
}

/// Signed out without a session to forget (at start): retries stopped and
/// `notice`, if any, left for the sign-in screen.
fn signed_out(lc: Lifecycle, notice: Option<Notice>) {
    if let Some(rt) = lc.runtime() {
        rt.stop_retrying();
    }
    lc.set_health(SessionHealth::Fresh);
    if let Some(notice) = notice {
        lc.flash_login(notice);
    }
    lc.set_state(AuthState::SignedOut);
}

/// Saves a verified session where the policy says.
fn save(policy: &cognito_client::session::StoragePolicy, session: &Session) {
    storage::save(
        policy,
        &StoredTokens {
            id_token: session.tokens().id_token.clone(),
            access_token: session.tokens().access_token.clone(),
            expires_at: session.expires_at(),
            method: session.sign_in_method(),
        },
        session.tokens().refresh_token.as_ref(),
    );
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
pub(crate) fn sign_in(lc: Lifecycle, tokens: Tokens, method: SignInMethod) {
    // A new sign-in replaces a restore still waiting for the network, or
    // still in flight (its outcome is dropped: another generation).
    let generation = lc.runtime().map(|rt| {
        rt.stop_retrying();
        rt.next_generation()
    });
    lc.set_health(SessionHealth::Fresh);
    lc.set_state(AuthState::Loading);
    leptos::task::spawn_local(async move {
        let result = verify(lc, tokens, method).await;
        // Signed out (or in again) meanwhile: this sign-in is nobody's.
        if lc.runtime().map(|rt| rt.generation.get()) != generation {
            return;
        }
        match result {
            Ok(session) => {
                let policy = lc.config().token_storage;
                storage::clear_all();
                save(&policy, &session);
                adopt(lc, session);
            }
            Err(error) => {
                let notice = match &error {
                    VerifyError::Transport { endpoint, .. } => {
                        Notice::new(Msg::ErrVerifyUnreachable).arg("endpoint", endpoint.as_str())
                    }
                    _ => Notice::new(Msg::ErrTokenRejected),
                };
                leptos::logging::warn!("sign-in refused: {error}");
                lc.flash_login(notice);
                lc.set_state(AuthState::SignedOut);
            }
        }
    });
}

/// Signed in with `session`: shown, and renewed when due.
fn adopt(lc: Lifecycle, session: Session) {
    let at = session.refresh_at();
    lc.set_state(AuthState::SignedIn(session));
    lc.set_health(SessionHealth::Fresh);
    if let Some(rt) = lc.runtime() {
        rt.attempts.set(0);
    }
    schedule(lc, at);
}

fn schedule(lc: Lifecycle, at: i64) {
    if let Some(rt) = lc.runtime() {
        set_timer(&rt.timer, at, move || {
            leptos::task::spawn_local(async move {
                let _ = refresh(lc, false).await;
            })
        });
    }
}

/// Renews the session (when due, or always with `force`), once for every
/// caller waiting at the same time. The outcome is applied here, once:
/// new tokens stored, shown and told to the other tabs; a refusal ends the
/// session; no answer keeps it and schedules another attempt.
pub(crate) async fn refresh(lc: Lifecycle, force: bool) -> Result<Session, RefreshError> {
    let Some(rt) = lc.runtime() else {
        return Err(RefreshError::NoSession);
    };
    rt.refresh
        .run(|| async move {
            let Some(current) = lc.session_untracked() else {
                // No session yet because restoring it got no answer: this
                // is the retry.
                if lc.runtime().is_some_and(|rt| rt.restore_pending.get()) {
                    return restore(lc).await;
                }
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
                    schedule(lc, current.expires_at());
                    return Ok(current);
                }
                // That tab may have renewed them without this one hearing
                // (a message is lost while a tab is frozen): what it saved
                // is adopted once verified.
                match stored_renewal(lc, &current).await {
                    Some(Ok(session)) => {
                        adopt(lc, session.clone());
                        return Ok(session);
                    }
                    Some(Err(error @ RefreshError::Unreachable { .. })) => {
                        retry_later(lc);
                        return Err(error);
                    }
                    Some(Err(error)) => return Err(error),
                    None => {}
                }
                // Nobody renewed them: signed out here only (the other tabs
                // keep their own session), storage left to them.
                if let Some(rt) = lc.runtime() {
                    rt.stop_retrying();
                }
                lc.set_health(SessionHealth::Fresh);
                lc.flash_login(end_notice(EndReason::Expired));
                lc.set_state(AuthState::SignedOut);
                return Err(RefreshError::Ended(EndReason::Expired));
            }
            let result = renew(
                lc,
                current.tokens(),
                current.sign_in_method(),
                current.sub(),
            )
            .await;
            // Signed out (or in again) meanwhile: this result is nobody's.
            if lc.session_untracked().map(|s| s.key().to_owned()) != Some(current.key().to_owned())
            {
                return Err(RefreshError::NoSession);
            }
            match &result {
                Ok(session) => renewed(lc, session.clone()),
                Err(RefreshError::Ended(reason)) => end(lc, &current, *reason),
                Err(RefreshError::Unreachable { .. }) => retry_later(lc),
                Err(RefreshError::NoSession) => {}
            }
            result
        })
        .await
}

/// Newer tokens of `current`'s session that another tab saved, verified:
/// `None` when storage holds nothing newer of this session (or tokens that
/// fail: they are not this tab's to judge), `Err(NoSession)` when this tab
/// was signed out meanwhile.
async fn stored_renewal(lc: Lifecycle, current: &Session) -> Option<Result<Session, RefreshError>> {
    let (tokens, method) = storage::load(&lc.config().token_storage)?;
    if tokens.expires_at <= current.expires_at() {
        return None;
    }
    let result = verify(lc, tokens, method).await;
    if lc.session_untracked().map(|s| s.key().to_owned()) != Some(current.key().to_owned()) {
        return Some(Err(RefreshError::NoSession));
    }
    match result {
        Ok(session) if session.key() == current.key() => Some(Ok(session)),
        Ok(_) => None,
        Err(error) => match refused(lc, &error) {
            unreachable @ RefreshError::Unreachable { .. } => Some(Err(unreachable)),
            _ => None,
        },
    }
}

fn renewed(lc: Lifecycle, session: Session) {
    let policy = lc.config().token_storage;
    save(&policy, &session);
    if let Some(rt) = lc.runtime() {
        rt.post(&TabMessage::Refreshed {
            session: session.key().to_owned(),
            id_token: session.tokens().id_token.clone(),
            access_token: session.tokens().access_token.clone(),
            expires_at: session.expires_at(),
        });
    }
    lc.count_refresh();
    adopt(lc, session);
}

fn retry_later(lc: Lifecycle) {
    let Some(rt) = lc.runtime() else {
        return;
    };
    let attempt = rt.attempts.get() + 1;
    rt.attempts.set(attempt);
    let delay = retry_delay_seconds(attempt);
    lc.set_health(SessionHealth::Retrying {
        attempt,
        retry_in_seconds: delay,
    });
    schedule(lc, now() + delay);
}

/// The session ended (its refresh refused): nothing of it is kept, other
/// tabs are told, and the sign-in screen says why.
fn end(lc: Lifecycle, session: &Session, reason: EndReason) {
    forget(lc, session, false);
    lc.flash_login(end_notice(reason));
    lc.set_state(AuthState::SignedOut);
}

/// Forgets `session` in this browser: storage emptied, timers stopped,
/// other tabs told (`global`: every session of the
/// user ended).
pub(crate) fn forget(lc: Lifecycle, session: &Session, global: bool) {
    storage::clear_all();
    lc.set_health(SessionHealth::Fresh);
    if let Some(rt) = lc.runtime() {
        rt.stop_retrying();
        rt.post(&TabMessage::SignedOut {
            session: session.key().to_owned(),
            sub: session.sub().unwrap_or_default().to_owned(),
            global,
        });
    }
}

/// Signs out: `Global` first calls `GlobalSignOut` (user pool API sessions;
/// a social sign-in's access token lacks the scope it needs), then this
/// session's refresh token is revoked (`RevokeToken`, or the domain's
/// revoke endpoint) and everything forgotten — even when the calls fail.
/// The error is `GlobalSignOut`'s: other devices may still be signed in.
/// The state is left to the caller.
pub(crate) async fn sign_out(lc: Lifecycle, scope: SignOutScope) -> Result<(), CognitoError> {
    // A restore or sign-in still in flight is nobody's from here on.
    if let Some(rt) = lc.runtime() {
        rt.next_generation();
    }
    let Some(session) = lc.session_untracked() else {
        return sign_out_stored(lc, scope).await;
    };
    let client = lc.client();
    let method = session.sign_in_method();
    let result = if scope == SignOutScope::Global && method == SignInMethod::UserPoolApi {
        client.global_sign_out(&session.tokens().access_token).await
    } else {
        Ok(())
    };
    if let Some(refresh_token) = &session.tokens().refresh_token {
        // Best effort: the tokens are forgotten here either way.
        let _ = revoke(lc, method, refresh_token).await;
    }
    forget(lc, &session, scope == SignOutScope::Global);
    result
}

/// [`sign_out`] with nothing restored (the restore perhaps still waiting
/// for the network): the retries stopped, then the stored tokens signed
/// out as far as they can be — `GlobalSignOut` tried with the stored
/// access token for `Global` (it may have expired: its failure is
/// ignored), the stored refresh token revoked — and forgotten either way.
/// The error is the revocation's: that refresh token may still be valid.
async fn sign_out_stored(lc: Lifecycle, scope: SignOutScope) -> Result<(), CognitoError> {
    if let Some(rt) = lc.runtime() {
        rt.stop_retrying();
    }
    lc.set_health(SessionHealth::Fresh);
    let mut result = Ok(());
    if let Some((tokens, method)) = storage::load(&lc.config().token_storage) {
        if scope == SignOutScope::Global && method == SignInMethod::UserPoolApi {
            let _ = lc.client().global_sign_out(&tokens.access_token).await;
        }
        if let Some(refresh_token) = &tokens.refresh_token {
            result = revoke(lc, method, refresh_token).await;
        }
    }
    storage::clear_all();
    result
}

/// Revokes `refresh_token` of a `method` sign-in: `RevokeToken`, or the
/// domain's revoke endpoint after a social sign-in (nothing to call
/// without an `oauth` block).
async fn revoke(
    lc: Lifecycle,
    method: SignInMethod,
    refresh_token: &cognito_client::secret::RefreshToken,
) -> Result<(), CognitoError> {
    let client = lc.client();
    match method {
        SignInMethod::UserPoolApi => client.revoke_token(refresh_token).await,
        SignInMethod::HostedUi => {
            let Some(oauth) = lc.config().oauth else {
                return Ok(());
            };
            let request = revoke_request(&oauth.domain, client.client_id(), refresh_token);
            let endpoint = request.url.clone();
            FetchTransport
                .send(request)
                .await
                .map(|_| ())
                .map_err(|e| CognitoError::Transport {
                    endpoint,
                    message: e.message,
                })
        }
    }
}

/// The page came back and is shown ([`on_wake_up`]): renew now if due, else re-arm
/// the timer (timers of hidden or sleeping pages run late, or not at all).
fn wake(lc: Lifecycle) {
    let Some(session) = lc.session_untracked() else {
        // The stored session is waiting for the network: try now.
        if lc.runtime().is_some_and(|rt| rt.restore_pending.get()) {
            leptos::task::spawn_local(async move {
                let _ = refresh(lc, true).await;
            });
        }
        return;
    };
    let retrying = lc.health_untracked() != SessionHealth::Fresh;
    if retrying || session.needs_refresh(now()) {
        leptos::task::spawn_local(async move {
            let _ = refresh(lc, retrying).await;
        });
    } else {
        schedule(lc, session.refresh_at());
    }
}

/// Another tab renewed or ended a session.
fn on_tab_message(lc: Lifecycle, message: TabMessage) {
    let Some(current) = lc.session_untracked() else {
        return;
    };
    if message.signs_out(current.key(), current.sub()) {
        storage::clear_all();
        if let Some(rt) = lc.runtime() {
            rt.stop_retrying();
        }
        lc.set_health(SessionHealth::Fresh);
        lc.flash_login(Notice::new(Msg::InfoSignedOutInOtherTab));
        lc.set_state(AuthState::SignedOut);
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
        let Ok(adopted) = verify(lc, tokens, current.sign_in_method()).await else {
            return;
        };
        if lc.session_untracked().map(|s| s.key().to_owned()) != Some(current.key().to_owned()) {
            return;
        }
        save(&lc.config().token_storage, &adopted);
        adopt(lc, adopted);
    });
}
