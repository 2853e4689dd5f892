//! Temporary AWS credentials for the signed-in user from the configured
//! identity pool (docs/cognito-protocol.md §6): `GetId` once per user,
//! `GetCredentialsForIdentity` with a fresh ID token, kept in memory only
//! (never in storage), fetched again before their `Expiration`, and
//! dropped when the user signs out.

use crate::session::lifecycle::{set_timer, Lifecycle};
use crate::session::{now, AuthState};
use crate::transport::FetchTransport;
use cognito_client::identity_pool::{
    renew_credentials_at, AwsCredentials, IdentityPoolClient, Logins,
};
use cognito_client::single_flight::SingleFlight;
use cognito_client::CognitoError;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// What the page knows of the user's AWS credentials (never the secrets).
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
    timer: RefCell<Option<TimeoutHandle>>,
    listener: RefCell<Option<WindowListenerHandle>>,
}

impl Runtime {
    fn forget(&self) {
        if let Some(handle) = self.timer.borrow_mut().take() {
            handle.clear();
        }
        self.held.borrow_mut().take();
        self.identity.borrow_mut().take();
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
    /// signed in, and renewed when the page comes back if due (a sleeping
    /// page's timer runs late).
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
            let listener = window_event_listener_untyped("visibilitychange", move |_| {
                let due = self
                    .runtime()
                    .and_then(|rt| rt.held.borrow().as_ref().map(|h| now() >= h.renew_at))
                    .unwrap_or(false);
                if due {
                    leptos::task::spawn_local(async move {
                        let _ = self.get(lifecycle).await;
                    });
                }
            });
            *rt.listener.borrow_mut() = Some(listener);
        }
        on_cleanup(move || {
            if let Some(rt) = self.runtime() {
                rt.forget();
                if let Some(listener) = rt.listener.borrow_mut().take() {
                    listener.remove();
                }
            }
        });
    }

    /// The credentials held while not due for renewal, else new ones; see
    /// `AuthContext::aws_credentials`.
    pub(crate) async fn get(
        self,
        lifecycle: Lifecycle,
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
        }
        rt.flight
            .run(|| async move {
                self.set_state(CredentialsState::Loading);
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
                    Err(e) => self.set_state(CredentialsState::Failed(e.clone())),
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
