//! The auth state as context: what an embedding app reads with
//! [`use_auth`], and what the screens change.

use crate::config::AuthConfig;
use crate::i18n::Notice;
use crate::nav::ScreenKind;
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
    /// A notice for the next screen of a given kind (e.g. "Account
    /// confirmed. Sign in." for sign-in), kept here rather than in the URL so
    /// nothing from an address bar is ever shown as a message.
    flash: RwSignal<Option<(ScreenKind, Notice)>>,
}

impl AuthContext {
    /// Creates the context for `config` and starts restoring the session.
    pub(crate) fn start(config: AuthConfig) -> Self {
        let auth = AuthContext {
            state: RwSignal::new(AuthState::Loading),
            config: StoredValue::new(config),
            flash: RwSignal::new(None),
        };
        leptos::task::spawn_local(async move {
            let restored = session::restore(&auth.client()).await;
            match restored {
                Restored::SignedIn(session) => auth.state.set(AuthState::SignedIn(session)),
                Restored::SignedOut => auth.state.set(AuthState::SignedOut),
                Restored::Expired => {
                    auth.set_flash(
                        ScreenKind::Login,
                        Notice::new(crate::i18n::Msg::InfoSessionExpired),
                    );
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
                self.set_flash(
                    ScreenKind::Login,
                    Notice::new(crate::i18n::Msg::InfoSessionExpired),
                );
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

    pub(crate) fn set_flash(&self, kind: ScreenKind, notice: Notice) {
        self.flash.set(Some((kind, notice)));
    }

    pub(crate) fn clear_flash(&self) {
        self.flash.set(None);
    }

    /// The notice left for a screen of `kind`, consumed.
    pub(crate) fn take_flash(&self, kind: ScreenKind) -> Option<Notice> {
        let flash = self.flash.get_untracked()?;
        self.flash.set(None);
        (flash.0 == kind).then_some(flash.1)
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
