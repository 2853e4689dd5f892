//! Temporary AWS credentials for the signed-in user from the configured
//! identity pool (docs/cognito-protocol.md §6): `GetId` once per user,
//! `GetCredentialsForIdentity` with a fresh ID token, kept in memory only
//! (never in storage), fetched again before their `Expiration`, and
//! dropped when the user signs out.
//!
//! A fetch that got no answer (offline, a 5xx, throttling) is tried again
//! with the session's backoff ([`retry_delay_seconds`]), and at once when
//! the page comes back ([`on_wake_up`]); a refusal (`NotAuthorizedException`
//! and the like) is not: it shows until the user asks again.

use crate::session::lifecycle::{on_wake_up, set_timer, Lifecycle};
use crate::session::{now, AuthState};
use crate::transport::FetchTransport;
use cognito_client::identity_pool::{
    renew_credentials_at, AwsCredentials, IdentityPoolClient, Logins,
};
use cognito_client::session::{classify_refresh_error, retry_delay_seconds, RefreshFailure};
use cognito_client::single_flight::SingleFlight;
use cognito_client::CognitoError;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What the page knows of the user's AWS credentials (never the secrets);
/// see [`AuthContext::credentials_state`](crate::AuthContext::credentials_state).
///
/// ```
/// use leptos_cognito::{CredentialsError, CredentialsState};
///
/// fn status(state: &CredentialsState) -> String {
///     match state {
///         CredentialsState::Idle => String::new(),
///         CredentialsState::Loading => "Fetching AWS credentials…".to_owned(),
///         CredentialsState::Ready { identity_id, expires_at } => {
///             format!("{identity_id}, until {expires_at}")
///         }
///         CredentialsState::Failed(error) => format!("No AWS credentials: {error}"),
///     }
/// }
///
/// let ready = CredentialsState::Ready {
///     identity_id: "ap-northeast-1:1a2b3c4d-0000-0000-0000-000000000000".into(),
///     expires_at: 1_700_000_000,
/// };
/// assert!(status(&ready).ends_with("until 1700000000"));
/// assert_eq!(
///     status(&CredentialsState::Failed(CredentialsError::NotSignedIn)),
///     "No AWS credentials: nobody is signed in",
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CredentialsState {
    /// Not asked for yet (or signed out).
    #[default]
    Idle,
    /// Being fetched.
    Loading,
    /// Held: the identity and when the credentials expire.
    Ready {
        /// The identity pool's `IdentityId` of the user.
        identity_id: String,
        /// `Expiration`, epoch seconds.
        expires_at: i64,
    },
    /// The last attempt failed.
    Failed(CredentialsError),
}

/// Why no credentials came.
///
/// ```
/// use leptos_cognito::CredentialsError;
///
/// fn advice(error: &CredentialsError) -> String {
///     match error {
///         CredentialsError::NotConfigured => "Add identityPoolId to config.json.".to_owned(),
///         CredentialsError::NotSignedIn => "Please sign in again.".to_owned(),
///         CredentialsError::Service(e) => format!("The identity pool said: {e}"),
///     }
/// }
///
/// assert_eq!(advice(&CredentialsError::NotConfigured), "Add identityPoolId to config.json.");
/// assert_eq!(
///     CredentialsError::NotConfigured.to_string(),
///     "no identity pool is configured (identityPoolId)",
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// `config.json` names no `identityPoolId`.
    #[error("no identity pool is configured (identityPoolId)")]
    NotConfigured,
    /// Nobody is signed in, or the session could not be renewed.
    #[error("nobody is signed in")]
    NotSignedIn,
    /// The identity pool refused or could not be reached.
    #[error(transparent)]
    Service(#[from] CognitoError),
}

impl CredentialsError {
    /// Whether asking again later may succeed: no answer, an answer that
    /// is not the identity pool's, throttling or a 5xx (as for the
    /// session's renewals, [`classify_refresh_error`]), or no fresh ID
    /// token for want of an answer from the user pool. A refusal is
    /// definitive.
    fn is_transient(&self) -> bool {
        match self {
            CredentialsError::NotConfigured => false,
            // Only asked while someone is signed in: the session's renewal
            // got no answer (a refused one signs out).
            CredentialsError::NotSignedIn => true,
            CredentialsError::Service(e) => classify_refresh_error(e) == RefreshFailure::Transient,
        }
    }
}

/// The credentials held, with whom they are for.
#[derive(Clone, Debug)]
struct Held {
    sub: String,
    credentials: AwsCredentials,
    /// When to fetch new ones, decided when these came.
    renew_at: i64,
}

/// The non-reactive part: the single-flight fetch, what is held, the
/// user's identity and the renewal timer.
#[derive(Default)]
struct Runtime {
    flight: SingleFlight<Result<AwsCredentials, CredentialsError>>,
    held: RefCell<Option<Held>>,
    /// `(sub, IdentityId)`: `GetId` answers the same for a user every time.
    identity: RefCell<Option<(String, String)>>,
    /// The renewal timer, or the next attempt's after a failure.
    timer: RefCell<Option<TimeoutHandle>>,
    /// Failed attempts in a row that are being retried (0: none).
    attempts: Cell<u32>,
    listeners: RefCell<Vec<WindowListenerHandle>>,
}

impl Runtime {
    fn forget(&self) {
        if let Some(handle) = self.timer.borrow_mut().take() {
            handle.clear();
        }
        self.attempts.set(0);
        self.held.borrow_mut().take();
        self.identity.borrow_mut().take();
    }

    /// Whether to fetch now that the page is back: the credentials are due,
    /// or the last attempt got no answer and waits for its retry.
    fn wants_fetch(&self) -> bool {
        self.attempts.get() > 0
            || self
                .held
                .borrow()
                .as_ref()
                .is_some_and(|h| now() >= h.renew_at)
    }
}

/// The credentials' state and moving parts, as one handle (cheap to copy).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Credentials {
    state: RwSignal<CredentialsState>,
    runtime: StoredValue<Rc<Runtime>, LocalStorage>,
}

impl Credentials {
    /// Nothing held, in the current reactive owner.
    pub(crate) fn new() -> Self {
        Credentials {
            state: RwSignal::new(CredentialsState::Idle),
            runtime: StoredValue::new_local(Rc::new(Runtime::default())),
        }
    }

    pub(crate) fn state(&self) -> ReadSignal<CredentialsState> {
        self.state.read_only()
    }

    fn set_state(&self, state: CredentialsState) {
        let _ = self.state.try_set(state);
    }

    fn runtime(&self) -> Option<Rc<Runtime>> {
        self.runtime.try_get_value()
    }

    /// Follows the session: credentials are dropped as soon as nobody is
    /// signed in, and fetched when the page comes back (shown again, the
    /// network back) if due or being retried (a sleeping page's timer runs
    /// late, and an offline one's attempts fail).
    pub(crate) fn start(self, lifecycle: Lifecycle) {
        let state = lifecycle.state();
        Effect::new(move |_| {
            if !state.with(|s| matches!(s, AuthState::SignedIn(_))) {
                if let Some(rt) = self.runtime() {
                    rt.forget();
                }
                if self.state.try_get_untracked() != Some(CredentialsState::Idle) {
                    self.set_state(CredentialsState::Idle);
                }
            }
        });
        if let Some(rt) = self.runtime() {
            *rt.listeners.borrow_mut() = on_wake_up(move || {
                let wanted = self.runtime().is_some_and(|rt| rt.wants_fetch());
                if wanted && lifecycle.session_untracked().is_some() {
                    leptos::task::spawn_local(async move {
                        let _ = self.obtain(lifecycle, true).await;
                    });
                }
            });
        }
        on_cleanup(move || {
            if let Some(rt) = self.runtime() {
                rt.forget();
                for listener in rt.listeners.borrow_mut().drain(..) {
                    listener.remove();
                }
            }
        });
    }

    /// The credentials held while not due for renewal, else new ones; see
    /// `AuthContext::aws_credentials`. While new ones are fetched, held
    /// ones that have not expired stay `Ready`; when no answer comes they
    /// are returned while they last (else the error), and another attempt
    /// is scheduled with backoff.
    /// While a retry is scheduled, held ones that have not expired are
    /// returned without asking (the backoff holds).
    pub(crate) async fn get(
        self,
        lifecycle: Lifecycle,
    ) -> Result<AwsCredentials, CredentialsError> {
        self.obtain(lifecycle, false).await
    }

    /// [`Self::get`]; `retry`: this is the scheduled retry (or the page came
    /// back), which asks even while held credentials last.
    async fn obtain(
        self,
        lifecycle: Lifecycle,
        retry: bool,
    ) -> Result<AwsCredentials, CredentialsError> {
        let Some(rt) = self.runtime() else {
            return Err(CredentialsError::NotSignedIn);
        };
        let Some(pool) = lifecycle.config().identity_pool else {
            return Err(CredentialsError::NotConfigured);
        };
        let Some(session) = lifecycle.session_untracked() else {
            return Err(CredentialsError::NotSignedIn);
        };
        let sub = session.sub().unwrap_or_default().to_owned();
        if let Some(held) = rt.held.borrow().as_ref() {
            if held.sub == sub && now() < held.renew_at {
                return Ok(held.credentials.clone());
            }
            // The last attempt got no answer and its retry is scheduled:
            // these hold until then.
            let retry_scheduled = !retry && rt.attempts.get() > 0;
            if retry_scheduled && held.sub == sub && now() < held.credentials.expires_at() {
                return Ok(held.credentials.clone());
            }
        }
        rt.flight
            .run(|| async move {
                // A renewal of credentials that still hold is not shown:
                // they stay `Ready` until new ones come.
                let renewing = self.runtime().is_some_and(|rt| {
                    rt.held
                        .borrow()
                        .as_ref()
                        .is_some_and(|h| h.sub == sub && now() < h.credentials.expires_at())
                });
                if !renewing {
                    self.set_state(CredentialsState::Loading);
                }
                let result = fetch(lifecycle, self, &pool.endpoint, &pool.id).await;
                let Some(rt) = self.runtime() else {
                    return Err(CredentialsError::NotSignedIn);
                };
                // Signed out (or in as someone else) meanwhile: nothing is kept.
                let still = lifecycle
                    .session_untracked()
                    .and_then(|s| s.sub().map(str::to_owned));
                if still.as_deref() != Some(sub.as_str()) {
                    rt.forget();
                    return Err(CredentialsError::NotSignedIn);
                }
                match &result {
                    Ok((identity_id, credentials)) => {
                        rt.attempts.set(0);
                        let expires_at = credentials.expires_at();
                        let renew_at = renew_credentials_at(now(), expires_at);
                        *rt.held.borrow_mut() = Some(Held {
                            sub: sub.clone(),
                            credentials: credentials.clone(),
                            renew_at,
                        });
                        self.set_state(CredentialsState::Ready {
                            identity_id: identity_id.clone(),
                            expires_at,
                        });
                        set_timer(&rt.timer, renew_at, move || {
                            leptos::task::spawn_local(async move {
                                let _ = self.get(lifecycle).await;
                            })
                        });
                    }
                    Err(e) if e.is_transient() => {
                        let attempt = rt.attempts.get() + 1;
                        rt.attempts.set(attempt);
                        set_timer(&rt.timer, now() + retry_delay_seconds(attempt), move || {
                            leptos::task::spawn_local(async move {
                                let _ = self.obtain(lifecycle, true).await;
                            })
                        });
                        let usable = rt
                            .held
                            .borrow()
                            .as_ref()
                            .filter(|h| h.sub == sub && now() < h.credentials.expires_at())
                            .map(|h| h.credentials.clone());
                        match usable {
                            // Still `Ready`: they hold until the retry.
                            Some(credentials) => return Ok(credentials),
                            None => self.set_state(CredentialsState::Failed(e.clone())),
                        }
                    }
                    Err(e) => {
                        // Refused: nothing of it is kept or retried (the
                        // identity is asked for again next time).
                        rt.forget();
                        self.set_state(CredentialsState::Failed(e.clone()));
                    }
                }
                result.map(|(_, credentials)| credentials)
            })
            .await
    }
}

/// `GetId` (unless known for this user) and `GetCredentialsForIdentity`,
/// with an ID token fresh enough for the identity pool's expiry check.
async fn fetch(
    lifecycle: Lifecycle,
    credentials: Credentials,
    endpoint: &str,
    identity_pool_id: &str,
) -> Result<(String, AwsCredentials), CredentialsError> {
    let session = lifecycle
        .fresh_session()
        .await
        .ok_or(CredentialsError::NotSignedIn)?;
    let rt = credentials.runtime().ok_or(CredentialsError::NotSignedIn)?;
    let sub = session.sub().unwrap_or_default().to_owned();
    let logins = Logins::user_pool(&lifecycle.config().issuer(), &session.tokens().id_token);
    let client = IdentityPoolClient::new(FetchTransport, endpoint, identity_pool_id);
    let known = rt
        .identity
        .borrow()
        .as_ref()
        .filter(|(user, _)| *user == sub)
        .map(|(_, id)| id.clone());
    let identity_id = match known {
        Some(id) => id,
        None => {
            let id = client.get_id(&logins).await?;
            *rt.identity.borrow_mut() = Some((sub, id.clone()));
            id
        }
    };
    let credentials = client
        .get_credentials_for_identity(&identity_id, &logins)
        .await?;
    Ok((identity_id, credentials))
}
