//! Temporary AWS credentials for the signed-in user from the configured
//! identity pool (docs/cognito-protocol.md §6): `GetId` once per user,
//! `GetCredentialsForIdentity` with a fresh ID token, kept in memory only
//! (never in storage) and fetched again before their `Expiration`.

use crate::auth::AuthContext;
use crate::session::{now, set_timer};
use crate::transport::FetchTransport;
use cognito_client::identity_pool::{
    renew_credentials_at, AwsCredentials, IdentityPoolClient, Logins,
};
use cognito_client::single_flight::SingleFlight;
use cognito_client::CognitoError;
use std::cell::RefCell;

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

/// The non-reactive part: the single-flight fetch, what is held and the
/// renewal timer.
#[derive(Default)]
pub(crate) struct CredentialsRuntime {
    flight: SingleFlight<Result<AwsCredentials, CredentialsError>>,
    held: RefCell<Option<Held>>,
    /// The identity of a user, kept across sign-outs of nobody else:
    /// `GetId` answers the same for the same user every time.
    identity: RefCell<Option<(String, String)>>,
    timer: RefCell<Option<leptos::prelude::TimeoutHandle>>,
}

impl CredentialsRuntime {
    pub(crate) fn cancel_timer(&self) {
        if let Some(handle) = self.timer.borrow_mut().take() {
            handle.clear();
        }
    }
}

impl AuthContext {
    /// Temporary AWS credentials for the signed-in user, from the identity
    /// pool (`identityPoolId`): those held while they are not due for
    /// renewal, else new ones (`GetId` the first time,
    /// `GetCredentialsForIdentity` with a fresh ID token). Once asked for,
    /// they are renewed on their own before `Expiration` while the user
    /// stays signed in. Held in memory only.
    pub async fn aws_credentials(&self) -> Result<AwsCredentials, CredentialsError> {
        let auth = *self;
        let Some(rt) = auth.runtime() else {
            return Err(CredentialsError::NotSignedIn);
        };
        let config = auth.config();
        let Some(pool) = config.identity_pool.clone() else {
            return Err(CredentialsError::NotConfigured);
        };
        let Some(session) = auth.session_untracked() else {
            return Err(CredentialsError::NotSignedIn);
        };
        let sub = session.sub().unwrap_or_default().to_owned();
        if let Some(held) = rt.credentials.held.borrow().as_ref() {
            if held.sub == sub && now() < held.renew_at {
                return Ok(held.credentials.clone());
            }
        }
        let credentials_rt = &rt.credentials;
        credentials_rt
            .flight
            .run(|| async move {
                auth.set_credentials_state(CredentialsState::Loading);
                let result = fetch(auth, &pool.endpoint, &pool.id).await;
                match &result {
                    Ok((identity_id, credentials)) => {
                        let Some(rt) = auth.runtime() else {
                            return Err(CredentialsError::NotSignedIn);
                        };
                        let expires_at = credentials.expires_at();
                        // Signed out meanwhile: nothing is kept.
                        if auth
                            .session_untracked()
                            .and_then(|s| s.sub().map(str::to_owned))
                            != Some(sub.clone())
                        {
                            return Err(CredentialsError::NotSignedIn);
                        }
                        let renew_at = renew_credentials_at(now(), expires_at);
                        *rt.credentials.held.borrow_mut() = Some(Held {
                            sub: sub.clone(),
                            credentials: credentials.clone(),
                            renew_at,
                        });
                        auth.set_credentials_state(CredentialsState::Ready {
                            identity_id: identity_id.clone(),
                            expires_at,
                        });
                        set_timer(&rt.credentials.timer, renew_at, move || {
                            leptos::task::spawn_local(async move {
                                let _ = auth.aws_credentials().await;
                            })
                        });
                    }
                    Err(e) => auth.set_credentials_state(CredentialsState::Failed(e.clone())),
                }
                result.map(|(_, credentials)| credentials)
            })
            .await
    }
}

/// `GetId` (unless known for this user) and `GetCredentialsForIdentity`,
/// with an ID token fresh enough for the identity pool's expiry check.
async fn fetch(
    auth: AuthContext,
    endpoint: &str,
    identity_pool_id: &str,
) -> Result<(String, AwsCredentials), CredentialsError> {
    let session = auth
        .fresh_session()
        .await
        .ok_or(CredentialsError::NotSignedIn)?;
    let rt = auth.runtime().ok_or(CredentialsError::NotSignedIn)?;
    let sub = session.sub().unwrap_or_default().to_owned();
    let logins = Logins::user_pool(&auth.config().issuer(), &session.tokens().id_token);
    let client = IdentityPoolClient::new(FetchTransport, endpoint, identity_pool_id);
    let known = rt
        .credentials
        .identity
        .borrow()
        .as_ref()
        .filter(|(user, _)| *user == sub)
        .map(|(_, id)| id.clone());
    let identity_id = match known {
        Some(id) => id,
        None => {
            let id = client.get_id(&logins).await?;
            *rt.credentials.identity.borrow_mut() = Some((sub, id.clone()));
            id
        }
    };
    let credentials = client
        .get_credentials_for_identity(&identity_id, &logins)
        .await?;
    Ok((identity_id, credentials))
}

/// Drops the credentials (sign-out): nothing of them stays.
pub(crate) fn forget(auth: AuthContext) {
    if let Some(rt) = auth.runtime() {
        rt.credentials.cancel_timer();
        rt.credentials.held.borrow_mut().take();
        rt.credentials.identity.borrow_mut().take();
    }
    auth.set_credentials_state(CredentialsState::Idle);
}

/// The page came back: credentials held and due are renewed now (their
/// timer may have slept).
pub(crate) fn wake(auth: AuthContext) {
    let Some(rt) = auth.runtime() else {
        return;
    };
    let due = rt
        .credentials
        .held
        .borrow()
        .as_ref()
        .is_some_and(|h| now() >= h.renew_at);
    if due {
        leptos::task::spawn_local(async move {
            let _ = auth.aws_credentials().await;
        });
    }
}
