//! The auth state as context: what an embedding app reads with
//! [`use_auth`], and what the screens change.

use crate::config::AuthConfig;
use crate::errors::{describe, Alert, ErrorContext, Op};
use crate::flash::{Flash, ScreenKind};
use crate::i18n::{Msg, Notice};
use crate::session::{self, Restored, Session};
use crate::transport::FetchTransport;
use cognito_client::flow::Tokens;
use cognito_client::{CognitoError, UserPoolClient};
use leptos::prelude::*;

/// Where the user stands. Views match on it; there is no combination of
/// flags that could contradict itself.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// The stored session is being restored (and refreshed if needed).
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in, with the tokens and ID token claims.
    SignedIn(Session),
}

impl AuthState {
    /// Whether someone is signed in: `None` while the stored session is
    /// still being restored (what `ProtectedRoute`'s `condition` takes).
    pub fn signed_in(&self) -> Option<bool> {
        match self {
            AuthState::Loading => None,
            AuthState::SignedOut => Some(false),
            AuthState::SignedIn(_) => Some(true),
        }
    }
}

/// The auth context, provided by [`AuthProvider`](crate::AuthProvider) and
/// [`Authenticator`](crate::Authenticator). Cheap to copy.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{use_auth, AuthState};
///
/// #[component]
/// fn Greeting() -> impl IntoView {
///     let auth = use_auth();
///     move || match auth.state().get() {
///         AuthState::SignedIn(session) => format!("Hello, {}", session.email().unwrap_or("you")),
///         _ => String::new(),
///     }
/// }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct AuthContext {
    state: RwSignal<AuthState>,
    config: StoredValue<AuthConfig>,
    /// The notice left for the next screen.
    flash: Flash,
}

impl AuthContext {
    /// Creates the context for `config` and starts restoring the session.
    pub(crate) fn start(config: AuthConfig) -> Self {
        let auth = AuthContext {
            state: RwSignal::new(AuthState::Loading),
            config: StoredValue::new(config),
            flash: Flash::new(),
        };
        leptos::task::spawn_local(async move {
            let restored = session::restore(&auth.client()).await;
            match restored {
                Restored::SignedIn(session) => auth.state.set(AuthState::SignedIn(session)),
                Restored::SignedOut => auth.state.set(AuthState::SignedOut),
                Restored::Expired => {
                    auth.flash
                        .set(ScreenKind::Login, Notice::new(Msg::InfoSessionExpired));
                    auth.state.set(AuthState::SignedOut);
                }
            }
        });
        auth
    }

    /// The auth state (reactive).
    pub fn state(&self) -> ReadSignal<AuthState> {
        self.state.read_only()
    }

    /// Whether someone is signed in (tracked).
    pub fn is_signed_in(&self) -> bool {
        self.state.with(|s| matches!(s, AuthState::SignedIn(_)))
    }

    /// The session, when signed in (tracked).
    pub fn session(&self) -> Option<Session> {
        self.state.with(|s| match s {
            AuthState::SignedIn(session) => Some(session.clone()),
            _ => None,
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> AuthConfig {
        self.config.get_value()
    }

    /// The session with unexpired tokens: refreshed first (with
    /// `REFRESH_TOKEN_AUTH`) when the access token has expired. `None` when
    /// signed out, or when the refresh failed (the user is then signed out).
    pub async fn fresh_session(&self) -> Option<Session> {
        let session = self.session_untracked()?;
        if !session.is_expired(session::now()) {
            return Some(session);
        }
        match session::refresh(&self.client(), session.tokens()).await {
            Ok(fresh) => {
                self.state.set(AuthState::SignedIn(fresh.clone()));
                Some(fresh)
            }
            Err(_) => {
                session::clear_stored();
                self.flash
                    .set(ScreenKind::Login, Notice::new(Msg::InfoSessionExpired));
                self.state.set(AuthState::SignedOut);
                None
            }
        }
    }

    /// Signs out everywhere (`GlobalSignOut`) and forgets the tokens. The
    /// tokens are forgotten even if the call fails; the error then says
    /// that other sessions may still be signed in.
    pub async fn sign_out(&self) -> Result<(), CognitoError> {
        let result = self.revoke_and_forget().await;
        self.state.set(AuthState::SignedOut);
        result
    }

    /// `GlobalSignOut` and clearing storage, leaving the state to the caller.
    pub(crate) async fn revoke_and_forget(&self) -> Result<(), CognitoError> {
        match self.session_untracked() {
            Some(session) => session::sign_out(&self.client(), session.tokens()).await,
            None => {
                session::clear_stored();
                Ok(())
            }
        }
    }

    pub(crate) fn set_signed_out(&self) {
        self.state.set(AuthState::SignedOut);
    }

    /// Stores fresh tokens from a sign-in and switches to signed in.
    pub(crate) fn set_signed_in(&self, tokens: Tokens) -> Result<(), CognitoError> {
        let session = Session::from_tokens(tokens).map_err(|e| CognitoError::Decode {
            status: 200,
            message: e.to_string(),
        })?;
        session::store(session.tokens());
        self.state.set(AuthState::SignedIn(session));
        Ok(())
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

    pub(crate) fn with_config<R>(&self, f: impl FnOnce(&AuthConfig) -> R) -> R {
        self.config.with_value(f)
    }

    /// The notice left for the next screen.
    pub(crate) fn flash(&self) -> Flash {
        self.flash
    }

    /// The friendly message for an error of `op` about `username`, in the
    /// terms of this configuration (its client ID, its password policy).
    pub(crate) fn describe(&self, op: Op, error: &CognitoError, username: &str) -> Alert {
        self.config.with_value(|c| {
            describe(
                op,
                error,
                &ErrorContext {
                    username,
                    client_id: &c.user_pool_client_id,
                    policy: &c.password_policy,
                },
            )
        })
    }

    fn session_untracked(&self) -> Option<Session> {
        self.state.with_untracked(|s| match s {
            AuthState::SignedIn(session) => Some(session.clone()),
            _ => None,
        })
    }
}

/// The auth context. Panics outside an [`AuthProvider`](crate::AuthProvider)
/// or [`Authenticator`](crate::Authenticator); see [`try_use_auth`].
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}

/// The auth context, or `None` outside an [`AuthProvider`](crate::AuthProvider).
pub fn try_use_auth() -> Option<AuthContext> {
    use_context::<AuthContext>()
}
