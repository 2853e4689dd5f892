//! The auth state as context: what an embedding app reads with
//! [`use_auth`], and what the screens change.

use crate::config::AuthConfig;
use crate::credentials::CredentialsState;
use crate::errors::{describe, Alert, ErrorContext, Op};
use crate::flash::{Flash, ScreenKind};
use crate::i18n::Notice;
use crate::session::refresh::RefreshError;
use crate::session::{self, now, Runtime, Session, SessionError, SessionHealth, SignOutScope};
use crate::transport::FetchTransport;
use cognito_client::flow::Tokens;
use cognito_client::session::SignInMethod;
use cognito_client::{CognitoError, UserPoolClient};
use leptos::prelude::*;
use std::rc::Rc;

/// Where the user stands. Views match on it; there is no combination of
/// flags that could contradict itself.
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
    health: RwSignal<SessionHealth>,
    refreshes: RwSignal<u32>,
    credentials: RwSignal<CredentialsState>,
    runtime: StoredValue<Rc<Runtime>, LocalStorage>,
}

impl AuthContext {
    /// Creates the context for `config` and starts restoring the session.
    pub(crate) fn start(config: AuthConfig) -> Self {
        let runtime = Rc::new(Runtime::new(&config));
        let auth = AuthContext {
            state: RwSignal::new(AuthState::Loading),
            config: StoredValue::new(config),
            flash: Flash::new(),
            health: RwSignal::new(SessionHealth::Fresh),
            refreshes: RwSignal::new(0),
            credentials: RwSignal::new(CredentialsState::Idle),
            runtime: StoredValue::new_local(runtime),
        };
        session::start_lifecycle(auth);
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

    /// The signed-in user's groups (`cognito:groups` of the verified ID
    /// token; tracked). Empty when signed out.
    pub fn groups(&self) -> Vec<String> {
        self.state.with(|s| match s {
            AuthState::SignedIn(session) => session.groups(),
            _ => Vec::new(),
        })
    }

    /// Whether the signed-in user is in `group` (tracked).
    pub fn is_in_group(&self, group: &str) -> bool {
        self.state.with(|s| match s {
            AuthState::SignedIn(session) => session.is_in_group(group),
            _ => false,
        })
    }

    /// Whether renewals go through ([`SessionHealth::Retrying`] while the
    /// sign-in service cannot be reached; reactive).
    pub fn health(&self) -> ReadSignal<SessionHealth> {
        self.health.read_only()
    }

    /// How many times this tab renewed the session on its own (reactive).
    pub fn refresh_count(&self) -> ReadSignal<u32> {
        self.refreshes.read_only()
    }

    /// What is known of the AWS credentials (reactive); see
    /// [`AuthContext::aws_credentials`].
    pub fn credentials_state(&self) -> ReadSignal<CredentialsState> {
        self.credentials.read_only()
    }

    /// The configuration in use.
    pub fn config(&self) -> AuthConfig {
        self.config.get_value()
    }

    /// The session with tokens that are not due for renewal: renewed first
    /// when they are (one renewal for every caller at the same time). `None`
    /// when signed out, when the session just ended (the sign-in screen
    /// says why), or when it could not be renewed and its tokens have
    /// expired (it is tried again on its own).
    pub async fn fresh_session(&self) -> Option<Session> {
        let session = self.session_untracked()?;
        if !session.needs_refresh(now()) {
            return Some(session);
        }
        match session::refresh_session(*self, false).await {
            Ok(fresh) => Some(fresh),
            Err(RefreshError::Unreachable { .. }) => {
                (!session.is_expired(now())).then_some(session)
            }
            Err(_) => None,
        }
    }

    /// A fresh token to send to an API: the ID token (what API Gateway's
    /// Cognito authorizer takes by default) or, with `access = true`, the
    /// access token (for methods with OAuth scopes). Renewed first when
    /// due.
    pub async fn fresh_token(&self, access: bool) -> Result<String, SessionError> {
        let session = self.session_untracked().ok_or(SessionError::NotSignedIn)?;
        let session = if session.needs_refresh(now()) {
            match session::refresh_session(*self, false).await {
                Ok(fresh) => fresh,
                Err(RefreshError::Unreachable { endpoint }) => {
                    if session.is_expired(now()) {
                        return Err(SessionError::Unreachable { endpoint });
                    }
                    session
                }
                Err(_) => return Err(SessionError::NotSignedIn),
            }
        } else {
            session
        };
        let tokens = session.tokens();
        Ok(if access {
            tokens.access_token.expose().to_owned()
        } else {
            tokens.id_token.expose().to_owned()
        })
    }

    /// Renews the session now, due or not (one renewal for every caller at
    /// the same time). A refusal ends the session.
    pub async fn refresh_now(&self) -> Result<Session, SessionError> {
        match session::refresh_session(*self, true).await {
            Ok(session) => Ok(session),
            Err(RefreshError::Unreachable { endpoint }) => {
                Err(SessionError::Unreachable { endpoint })
            }
            Err(_) => Err(SessionError::NotSignedIn),
        }
    }

    /// Signs out everywhere: `GlobalSignOut` (every refresh token of the
    /// user), then `RevokeToken` for this session's, and forgets the
    /// tokens in every storage and every tab of this browser. The tokens
    /// are forgotten even if the calls fail; the error then says that other
    /// sessions may still be signed in. (A social sign-in also ends the
    /// hosted-UI session through `/logout`: the account page does that.)
    pub async fn sign_out(&self) -> Result<(), CognitoError> {
        let result = self.revoke_and_forget().await;
        self.state.set(AuthState::SignedOut);
        result
    }

    /// Signs out of this session only: its refresh token is revoked (and
    /// with it the tokens minted from it) and the tokens forgotten here and
    /// in this browser's other tabs; the user's other devices stay signed
    /// in.
    pub async fn sign_out_local(&self) {
        let _ = session::sign_out(*self, SignOutScope::Local).await;
        self.state.set(AuthState::SignedOut);
    }

    /// `GlobalSignOut`, `RevokeToken` and clearing storage, leaving the
    /// state to the caller.
    pub(crate) async fn revoke_and_forget(&self) -> Result<(), CognitoError> {
        session::sign_out(*self, SignOutScope::Global).await
    }

    /// Forgets the session in this browser (storage, timers, credentials,
    /// other tabs told) without calling Cognito: for the federated sign-out,
    /// which revokes on its own and leaves the page.
    pub(crate) fn forget_session(&self, global: bool) {
        if let Some(session) = self.session_untracked() {
            session::forget(*self, &session, global);
        }
    }

    pub(crate) fn set_signed_out(&self) {
        self.state.set(AuthState::SignedOut);
    }

    /// Signs in with fresh tokens from a sign-in through the user pool API
    /// (password, SRP, MFA): they are verified first (signature, issuer,
    /// audience, expiry), and only then stored and shown; meanwhile the
    /// state is [`AuthState::Loading`]. Tokens that fail are dropped and
    /// the sign-in screen says so. `Err` at once for tokens that are not
    /// even JWTs.
    pub(crate) fn set_signed_in(&self, tokens: Tokens) -> Result<(), CognitoError> {
        self.set_signed_in_with(tokens, SignInMethod::UserPoolApi)
    }

    /// [`Self::set_signed_in`] for tokens from `method` (the callback of a
    /// social sign-in passes [`SignInMethod::HostedUi`]).
    pub(crate) fn set_signed_in_with(
        &self,
        tokens: Tokens,
        method: SignInMethod,
    ) -> Result<(), CognitoError> {
        cognito_client::jwt::parse_jws(tokens.id_token.expose()).map_err(|e| {
            CognitoError::Decode {
                status: 200,
                message: e.to_string(),
            }
        })?;
        session::sign_in(*self, tokens, method);
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

    /// Leaves `notice` for the sign-in screen.
    pub(crate) fn flash_login(&self, notice: Notice) {
        let _ = self.flash.try_set(ScreenKind::Login, notice);
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

    pub(crate) fn set_health(&self, health: SessionHealth) {
        if self.health.try_get_untracked() != Some(health) {
            let _ = self.health.try_set(health);
        }
    }

    pub(crate) fn health_untracked(&self) -> SessionHealth {
        self.health.try_get_untracked().unwrap_or_default()
    }

    pub(crate) fn count_refresh(&self) {
        let _ = self.refreshes.try_update(|n| *n += 1);
    }

    pub(crate) fn set_credentials_state(&self, state: CredentialsState) {
        let _ = self.credentials.try_set(state);
    }

    /// The non-reactive moving parts, while the context lives.
    pub(crate) fn runtime(&self) -> Option<Rc<Runtime>> {
        self.runtime.try_get_value()
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
