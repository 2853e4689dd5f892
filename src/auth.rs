//! The auth state as context: what an embedding app reads with
//! [`use_auth`], and what the screens change.

use crate::config::AuthConfig;
use crate::credentials::{Credentials, CredentialsError, CredentialsState};
use crate::errors::{describe, Alert, ErrorContext, Op};
use crate::flash::Flash;
use crate::session::lifecycle::{self, Lifecycle, SignOutScope};
use crate::session::refresh::RefreshError;
use crate::session::{now, Session, SessionError, SessionHealth};
use crate::transport::FetchTransport;
use cognito_client::flow::Tokens;
use cognito_client::identity_pool::AwsCredentials;
use cognito_client::session::SignInMethod;
use cognito_client::{CognitoError, UserPoolClient};
use leptos::prelude::*;

pub use crate::session::AuthState;

/// What [`AuthContext::sign_out`] did.
#[derive(Debug)]
pub(crate) enum SignedOut {
    /// A social session: the browser is on its way to the domain's
    /// `/logout` ("You have signed out." waits in sessionStorage).
    LeavingForLogout,
    /// Signed out in this browser; `Err` when `GlobalSignOut` failed (other
    /// devices may still be signed in).
    Here(Result<(), CognitoError>),
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
    lifecycle: Lifecycle,
    credentials: Credentials,
}

impl AuthContext {
    /// Creates the context for `config` and starts restoring the session.
    pub(crate) fn start(config: AuthConfig) -> Self {
        let lifecycle = Lifecycle::new(config);
        let credentials = Credentials::new();
        lifecycle::start(lifecycle);
        credentials.start(lifecycle);
        AuthContext {
            lifecycle,
            credentials,
        }
    }

    /// The auth state (reactive).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::{use_auth, AuthState};
    ///
    /// #[component]
    /// fn Status() -> impl IntoView {
    ///     let auth = use_auth();
    ///     move || match auth.state().get() {
    ///         AuthState::Loading => "Checking your session…",
    ///         AuthState::SignedOut => "Signed out",
    ///         AuthState::SignedIn(_) => "Signed in",
    ///     }
    /// }
    /// ```
    pub fn state(&self) -> ReadSignal<AuthState> {
        self.lifecycle.state().read_only()
    }

    /// Whether someone is signed in (tracked).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn SignInLink() -> impl IntoView {
    ///     let auth = use_auth();
    ///     view! {
    ///         <Show when=move || !auth.is_signed_in()>
    ///             <a href="/login">"Sign in"</a>
    ///         </Show>
    ///     }
    /// }
    /// ```
    pub fn is_signed_in(&self) -> bool {
        self.lifecycle
            .state()
            .with(|s| matches!(s, AuthState::SignedIn(_)))
    }

    /// The session, when signed in (tracked).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn UserName() -> impl IntoView {
    ///     let auth = use_auth();
    ///     let name = move || auth.session().and_then(|s| s.name().map(str::to_owned));
    ///     view! { <span class="user">{name}</span> }
    /// }
    /// ```
    pub fn session(&self) -> Option<Session> {
        self.lifecycle.state().with(|s| match s {
            AuthState::SignedIn(session) => Some(session.clone()),
            _ => None,
        })
    }

    /// The signed-in user's groups (`cognito:groups` of the verified ID
    /// token; tracked). Empty when signed out.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn MyGroups() -> impl IntoView {
    ///     let auth = use_auth();
    ///     let groups = move || {
    ///         auth.groups().into_iter().map(|group| view! { <li>{group}</li> }).collect_view()
    ///     };
    ///     view! { <ul>{groups}</ul> }
    /// }
    /// ```
    pub fn groups(&self) -> Vec<String> {
        self.lifecycle.state().with(|s| match s {
            AuthState::SignedIn(session) => session.groups(),
            _ => Vec::new(),
        })
    }

    /// Whether the signed-in user is in `group` (tracked). To show whole
    /// pages to one group only, see [`RequireGroup`](crate::RequireGroup).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn AdminLink() -> impl IntoView {
    ///     let auth = use_auth();
    ///     view! {
    ///         <Show when=move || auth.is_in_group("admin")>
    ///             <a href="/admin">"Administration"</a>
    ///         </Show>
    ///     }
    /// }
    /// ```
    pub fn is_in_group(&self, group: &str) -> bool {
        self.lifecycle.state().with(|s| match s {
            AuthState::SignedIn(session) => session.is_in_group(group),
            _ => false,
        })
    }

    /// Whether renewals go through ([`SessionHealth::Retrying`] while the
    /// sign-in service cannot be reached; reactive).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::{use_auth, SessionHealth};
    ///
    /// #[component]
    /// fn OfflineBanner() -> impl IntoView {
    ///     let auth = use_auth();
    ///     move || match auth.health().get() {
    ///         SessionHealth::Fresh => None,
    ///         SessionHealth::Retrying { retry_in_seconds, .. } => Some(view! {
    ///             <p role="status">"Offline; retrying in " {retry_in_seconds} " s"</p>
    ///         }),
    ///     }
    /// }
    /// ```
    pub fn health(&self) -> ReadSignal<SessionHealth> {
        self.lifecycle.health()
    }

    /// How many times this tab renewed the session on its own (reactive).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn Renewals() -> impl IntoView {
    ///     let auth = use_auth();
    ///     view! { <p>"Session renewed " {move || auth.refresh_count().get()} " times"</p> }
    /// }
    /// ```
    pub fn refresh_count(&self) -> ReadSignal<u32> {
        self.lifecycle.refresh_count()
    }

    /// What is known of the AWS credentials (reactive); see
    /// [`AuthContext::aws_credentials`].
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::{use_auth, CredentialsState};
    ///
    /// #[component]
    /// fn AwsStatus() -> impl IntoView {
    ///     let auth = use_auth();
    ///     move || match auth.credentials_state().get() {
    ///         CredentialsState::Idle => String::new(),
    ///         CredentialsState::Loading => "Fetching AWS credentials…".to_owned(),
    ///         CredentialsState::Ready { identity_id, .. } => format!("AWS identity {identity_id}"),
    ///         CredentialsState::Failed(error) => error.to_string(),
    ///     }
    /// }
    /// ```
    pub fn credentials_state(&self) -> ReadSignal<CredentialsState> {
        self.credentials.state()
    }

    /// The configuration in use.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn Title() -> impl IntoView {
    ///     let app_name = use_auth().config().app_name;
    ///     view! { <h1>{app_name}</h1> }
    /// }
    /// ```
    pub fn config(&self) -> AuthConfig {
        self.lifecycle.config()
    }

    /// The session with tokens that are not due for renewal: renewed first
    /// when they are (one renewal for every caller at the same time). `None`
    /// when signed out, when the session just ended (the sign-in screen
    /// says why), or when it could not be renewed and its tokens have
    /// expired (it is tried again on its own).
    ///
    /// ```no_run
    /// # async fn example(auth: leptos_cognito::AuthContext) {
    /// if let Some(session) = auth.fresh_session().await {
    ///     println!("{:?} is signed in until {}", session.email(), session.expires_at());
    /// }
    /// # }
    /// ```
    pub async fn fresh_session(&self) -> Option<Session> {
        self.lifecycle.fresh_session().await
    }

    /// A fresh token to send to an API: the ID token (what API Gateway's
    /// Cognito authorizer takes by default) or, with `access = true`, the
    /// access token (for methods with OAuth scopes). Renewed first when
    /// due.
    ///
    /// ```no_run
    /// # async fn example(auth: leptos_cognito::AuthContext) -> Result<(), leptos_cognito::SessionError> {
    /// // For a client of your own; `authorized_fetch` does this for you.
    /// let id_token = auth.fresh_token(false).await?;
    /// let authorization = ("Authorization", id_token);
    /// # let _ = authorization;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn fresh_token(&self, access: bool) -> Result<String, SessionError> {
        let session = self
            .lifecycle
            .session_untracked()
            .ok_or(SessionError::NotSignedIn)?;
        let session = if session.needs_refresh(now()) {
            match lifecycle::refresh(self.lifecycle, false).await {
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
    ///
    /// ```no_run
    /// # async fn example(auth: leptos_cognito::AuthContext) {
    /// // After the user was added to a group: new tokens carry it.
    /// match auth.refresh_now().await {
    ///     Ok(session) => println!("groups: {:?}", session.groups()),
    ///     Err(e) => println!("{e}"),
    /// }
    /// # }
    /// ```
    pub async fn refresh_now(&self) -> Result<Session, SessionError> {
        match lifecycle::refresh(self.lifecycle, true).await {
            Ok(session) => Ok(session),
            Err(RefreshError::Unreachable { endpoint }) => {
                Err(SessionError::Unreachable { endpoint })
            }
            Err(_) => Err(SessionError::NotSignedIn),
        }
    }

    /// Temporary AWS credentials for the signed-in user, from the identity
    /// pool (`identityPoolId`): those held while they are not due for
    /// renewal, else new ones (`GetId` the first time,
    /// `GetCredentialsForIdentity` with a fresh ID token). Once asked for,
    /// they are renewed on their own before `Expiration` while the user
    /// stays signed in. A fetch that gets no answer (offline, a 5xx) is
    /// tried again with backoff, and at once when the page comes back
    /// (shown again, back online); a refusal is not. Held in memory only,
    /// dropped at sign-out.
    ///
    /// ```no_run
    /// # async fn example(auth: leptos_cognito::AuthContext) {
    /// use leptos_cognito::CredentialsError;
    ///
    /// match auth.aws_credentials().await {
    ///     Ok(credentials) => println!(
    ///         "{} until {}",
    ///         credentials.access_key_id,
    ///         credentials.expires_at()
    ///     ),
    ///     Err(CredentialsError::NotConfigured) => println!("set identityPoolId in config.json"),
    ///     Err(e) => println!("{e}"),
    /// }
    /// # }
    /// ```
    pub async fn aws_credentials(&self) -> Result<AwsCredentials, CredentialsError> {
        self.credentials.get(self.lifecycle).await
    }

    /// Signs out everywhere: `GlobalSignOut` (every refresh token of the
    /// user), then `RevokeToken` for this session's, and forgets the
    /// tokens in every storage and every tab of this browser. The tokens
    /// are forgotten even if the calls fail; the error then says that other
    /// sessions may still be signed in. A social sign-in (with an `oauth`
    /// block) has its refresh token revoked at the domain's revoke endpoint
    /// and the browser sent through the domain's `/logout`, which ends the
    /// hosted-UI session: the page is left, and `Ok(())` returned.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos::task::spawn_local;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn SignOutButton() -> impl IntoView {
    ///     let auth = use_auth();
    ///     let sign_out = move |_| {
    ///         spawn_local(async move {
    ///             if let Err(e) = auth.sign_out().await {
    ///                 leptos::logging::warn!("other devices may still be signed in: {e}");
    ///             }
    ///         })
    ///     };
    ///     view! { <button on:click=sign_out>"Sign out everywhere"</button> }
    /// }
    /// ```
    pub async fn sign_out(&self) -> Result<(), CognitoError> {
        match self.sign_out_leaving_state().await {
            SignedOut::LeavingForLogout => Ok(()),
            SignedOut::Here(result) => {
                self.set_signed_out();
                result
            }
        }
    }

    /// Signs out of this session only: its refresh token is revoked (and
    /// with it the tokens minted from it) and the tokens forgotten here and
    /// in this browser's other tabs; the user's other devices stay signed
    /// in.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos::task::spawn_local;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn SignOutHere() -> impl IntoView {
    ///     let auth = use_auth();
    ///     let sign_out = move |_| spawn_local(async move { auth.sign_out_local().await });
    ///     view! { <button on:click=sign_out>"Sign out of this browser"</button> }
    /// }
    /// ```
    pub async fn sign_out_local(&self) {
        self.sign_out_keeping_state(SignOutScope::Local).await;
        self.set_signed_out();
    }

    /// [`Self::sign_out`], leaving the state to the caller (which sets the
    /// sign-in screen's notice first) unless the page is being left.
    pub(crate) async fn sign_out_leaving_state(&self) -> SignedOut {
        if crate::federation::sign_out(self.lifecycle).await {
            return SignedOut::LeavingForLogout;
        }
        SignedOut::Here(lifecycle::sign_out(self.lifecycle, SignOutScope::Global).await)
    }

    /// A sign-out of `scope` (errors ignored), leaving the state to the
    /// caller.
    pub(crate) async fn sign_out_keeping_state(&self, scope: SignOutScope) {
        let _ = lifecycle::sign_out(self.lifecycle, scope).await;
    }

    pub(crate) fn set_signed_out(&self) {
        self.lifecycle.set_state(AuthState::SignedOut);
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
        lifecycle::sign_in(self.lifecycle, tokens, method);
        Ok(())
    }

    /// A client for the configured user pool.
    pub(crate) fn client(&self) -> UserPoolClient<FetchTransport> {
        self.lifecycle.client()
    }

    pub(crate) fn with_config<R>(&self, f: impl FnOnce(&AuthConfig) -> R) -> R {
        self.lifecycle.config_store().with_value(f)
    }

    /// The notice left for the next screen.
    pub(crate) fn flash(&self) -> Flash {
        self.lifecycle.flash()
    }

    /// The friendly message for an error of `op` about `username`, in the
    /// terms of this configuration (its client ID, its password policy).
    pub(crate) fn describe(&self, op: Op, error: &CognitoError, username: &str) -> Alert {
        self.with_config(|c| {
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
}

/// The auth context. Panics outside an [`AuthProvider`](crate::AuthProvider)
/// or [`Authenticator`](crate::Authenticator); see [`try_use_auth`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{use_auth, AuthProvider};
///
/// #[component]
/// fn Email() -> impl IntoView {
///     let auth = use_auth();
///     move || auth.session().and_then(|s| s.email().map(str::to_owned))
/// }
///
/// #[component]
/// fn Root() -> impl IntoView {
///     view! { <AuthProvider><Email /></AuthProvider> }
/// }
/// ```
pub fn use_auth() -> AuthContext {
    expect_context::<AuthContext>()
}

/// The auth context, or `None` outside an [`AuthProvider`](crate::AuthProvider).
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::try_use_auth;
///
/// /// A header that also renders on pages without an `AuthProvider`.
/// #[component]
/// fn Header() -> impl IntoView {
///     let auth = try_use_auth();
///     let signed_in = move || auth.is_some_and(|auth| auth.is_signed_in());
///     view! { <header>{move || if signed_in() { "Signed in" } else { "Welcome" }}</header> }
/// }
/// ```
pub fn try_use_auth() -> Option<AuthContext> {
    use_context::<AuthContext>()
}
