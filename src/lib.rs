//! Amazon Cognito's hosted sign-in screens as your own Leptos code.
//!
//! The screens call the Cognito user pool API straight from the browser
//! through the sans-I/O [`cognito_client`] core. Three ways to use them:
//!
//! * the demo [`App`]: routes `/login`, `/signup`, `/confirm`,
//!   `/forgot-password`, `/reset-password`, `/account`, served with Trunk,
//!   configured by `/config.json`;
//! * [`Authenticator`] in your own app: the whole flow as one component,
//!   showing its children once someone is signed in (with the options of
//!   Amplify UI's: [`InitialScreen`], `hide_sign_up`, `social_providers`,
//!   `sign_up_fields` and `sign_up_validator`, `return_to`, sign-in and
//!   sign-out callbacks, a header and a footer);
//! * [`RequireAuth`] around your own routes, below an [`AuthProvider`]:
//!   the content once signed in, else the sign-in steps or a redirect;
//! * [`use_auth`] anywhere below an [`AuthProvider`] or [`Authenticator`]:
//!   the [`AuthState`] and the [`Session`] — tokens verified with WebCrypto
//!   before anything trusts them, renewed on their own before they expire,
//!   kept in step across tabs — the user's groups ([`RequireGroup`]),
//!   temporary AWS credentials from an identity pool
//!   ([`AuthContext::aws_credentials`]) and API calls with a fresh token
//!   ([`AuthContext::authorized_fetch`]).
//!
//! ```no_run
//! use leptos::prelude::*;
//! use leptos_cognito::{use_auth, Authenticator};
//!
//! #[component]
//! fn Dashboard() -> impl IntoView {
//!     let auth = use_auth();
//!     let email = move || auth.session().and_then(|s| s.email().map(str::to_owned));
//!     view! { <p>"Signed in as " {email}</p> }
//! }
//!
//! #[component]
//! fn MyApp() -> impl IntoView {
//!     // Reads /config.json; pass `config=...` to configure in code instead.
//!     view! { <Authenticator><Dashboard /></Authenticator> }
//! }
//! ```
#![warn(missing_docs)]

pub mod api;
pub mod config;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod fuzz_targets;
pub mod i18n;
pub mod session;
pub mod transport;

mod auth;
mod components;
mod credentials;
mod errors;
mod federation;
mod flash;
mod icons;
mod mfa;
mod nav;
mod password;
mod shell;
#[cfg(feature = "stylesheet")]
mod stylesheet;

pub use auth::{try_use_auth, use_auth, AuthContext, AuthState};
/// The request and response of [`AuthContext::authorized_fetch`], and the
/// credentials of [`AuthContext::aws_credentials`] (from the protocol core).
pub use cognito_client::identity_pool::AwsCredentials;
pub use cognito_client::{HttpRequest, HttpResponse};
pub use components::{
    InitialScreen, LanguageSwitcher, PasswordRules, RequireAuth, RequireGroup, SessionNotice,
};
pub use config::{
    AliasAttribute, AuthConfig, AuthFlowType, ConfigProblem, LocaleSetting, MfaConfiguration,
    SignInWith, SignUpAttribute, SignUpField, StandardAttribute, UsernameAttribute,
};
pub use credentials::{CredentialsError, CredentialsState};
pub use i18n::{use_i18n, I18n, Lang, Msg, Notice};
pub use session::{Session, SessionError, SessionHealth};

use components::{
    AccountScreen, CallbackScreen, ConfigErrorScreen, ConfirmScreen, FlowHooks, FlowOptions,
    ForgotPasswordScreen, LoadingCard, LoginScreen, NotFoundScreen, ResetPasswordScreen,
    SignUpScreen, StepFlow,
};
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_query_map;
use leptos_router::{path, NavigateOptions};
use nav::Nav;

/// Loads the configuration, restores the session and provides
/// [`use_auth`] and [`use_i18n`] to `children`, which render once the
/// configuration is valid. An invalid or unreachable configuration renders
/// the config-error screen instead, listing every problem.
///
/// With the `stylesheet` cargo feature (a default one) it also adds the
/// screens' stylesheet to the page, once, unless the page links
/// `style/leptos-cognito.css` itself: a constructable stylesheet, which a
/// `style-src 'self'` Content-Security-Policy allows.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::AuthProvider;
///
/// #[component]
/// fn Root() -> impl IntoView {
///     view! { <AuthProvider config_url="/auth/config.json">"…your app…"</AuthProvider> }
/// }
/// ```
#[component]
pub fn AuthProvider(
    /// The configuration, when given in code; otherwise fetched from `config_url`.
    #[prop(optional)]
    config: Option<AuthConfig>,
    /// Where to fetch `config.json` (default `/config.json`).
    #[prop(optional, into)]
    config_url: Option<String>,
    children: ChildrenFn,
) -> impl IntoView {
    provider(config, config_url, children)
}

fn provider(
    config: Option<AuthConfig>,
    config_url: Option<String>,
    children: ChildrenFn,
) -> impl IntoView {
    #[cfg(feature = "stylesheet")]
    stylesheet::adopt();
    let i18n = I18n::provide();
    // The static sign-in card of index.html stays until the app's own
    // replaces it; one that is not on screen goes now (src/shell).
    if !shell::is_showing() {
        shell::dismiss();
    }
    let url = config_url.unwrap_or_else(|| config::DEFAULT_CONFIG_URL.to_owned());
    let loaded = LocalResource::new(move || {
        let (config, url) = (config.clone(), url.clone());
        async move {
            // The likely language's catalogue (if it is not compiled in)
            // comes with config.json, not after it.
            let guess = crate::i18n::loaded::ensure(i18n.first_guess());
            let config = async {
                match config {
                    Some(config) => Ok(config),
                    None => config::load(&url).await,
                }
            };
            let (config, _) = futures::future::join(config, guess).await;
            let config = match config {
                Ok(config) => config,
                Err(problems) => {
                    // The problems, in the visitor's language.
                    i18n.start(LocaleSetting::Auto).await;
                    return Err(problems);
                }
            };
            i18n.start(config.locale).await;
            // What config.json cannot say alone: where the app runs.
            federation::check_at_start(config)
        }
    });
    move || match loaded.get() {
        None => view! { <LoadingCard /> }.into_any(),
        Some(Err(problems)) => view! { <ConfigErrorScreen problems /> }.into_any(),
        Some(Ok(config)) => {
            let auth = AuthContext::start(config);
            provide_context(auth);
            children().into_any()
        }
    }
}

/// The whole sign-in flow as one component (Amplify UI's
/// `<Authenticator>`, in Cognito's terms): sign-in, sign-up, confirmation
/// and the password reset as steps (no routes needed); once signed in,
/// `children` (or, without children, the account screen).
///
/// Below an [`AuthProvider`] it uses that provider's configuration;
/// otherwise it loads its own.
///
/// The options, all optional:
///
/// * `initial_screen`: the first step when signed out ([`InitialScreen`]).
/// * `hide_sign_up`: no "Create an account" link and no sign-up step, for
///   pools where only administrators create users. It hides the screen
///   only: to refuse self-registration, set the pool's
///   `AllowAdminCreateUserOnly`.
/// * `social_providers`: which of `oauth.providers` to offer, by name
///   (`vec!["Google".into()]`; default all, an empty list none). The
///   redirect back comes to the page the `Authenticator` is on when that
///   page's URL is in `oauth.redirectSignIn`, and the `Authenticator`
///   finishes the sign-in there, in place (else to the origin's
///   `/callback` entry, the routed app's route, or the first entry on the
///   origin: see `OAuthConfig::redirect_sign_in_for_page`).
/// * `on_signed_in` and `on_signed_out`: run once each time someone signs
///   in or out while the `Authenticator` is mounted — also a sign-out in
///   another tab or a session that could not be renewed. Not for the
///   state found at mount: a session restored from storage is not a new
///   sign-in (read [`use_auth`] for the current state). `on_signed_in` gets
///   the verified [`Session`].
/// * `on_error`: run with each error the steps show, as its [`Notice`]
///   (`notice.msg` is a stable key; `use_i18n().render(&notice)` the text).
/// * `sign_up_fields`: the sign-up form's fields after the username, in
///   order, instead of `signUpAttributes` ([`SignUpField`]: the attribute,
///   standard or `custom:`; required or not; a label of your own).
/// * `sign_up_validator`: your own check of each value given at sign-up,
///   the username first, run with the attribute's name (`"username"` for
///   the username of a username pool) and the value after the built-in
///   checks (required, E.164 phone numbers, dates, URLs); return the
///   problem to show, in the user's language, or `None`. Only an email
///   domain of your company, say.
/// * `return_to`: a path of your site (`"/dashboard"`) to go to after
///   each new sign-in, as a history entry your router follows (no page
///   load). Default: stay, and show the children.
/// * `header` and `footer`: drawn above and below the sign-in steps
///   (`authenticator-header`, `authenticator-footer`), not around the
///   loading card nor what a signed-in user sees.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{
///     Authenticator, InitialScreen, Notice, Session, SignUpAttribute, SignUpField, StandardAttribute,
/// };
///
/// #[component]
/// fn Portal() -> impl IntoView {
///     view! {
///         <Authenticator
///             initial_screen=InitialScreen::SignIn
///             sign_up_fields=vec![
///                 SignUpField::required(SignUpAttribute::Standard(StandardAttribute::GivenName)),
///                 SignUpField::optional(SignUpAttribute::Custom("custom:team".into())).label("Team"),
///             ]
///             sign_up_validator=move |(name, value): (String, String)| {
///                 (name == "custom:team" && value.len() < 2).then(|| "Two letters at least.".to_owned())
///             }
///             on_signed_in=move |session: Session| {
///                 leptos::logging::log!("welcome, {:?}", session.email());
///             }
///             on_signed_out=move |()| leptos::logging::log!("goodbye")
///             on_error=move |notice: Notice| leptos::logging::warn!("{:?}", notice.msg)
///             header=|| view! { <img src="/logo.svg" alt="Example Corp" /> }
///             footer=|| view! { <a href="/help">"Need help?"</a> }
///         >
///             <p>"Signed in."</p>
///         </Authenticator>
///     }
/// }
/// ```
#[component]
pub fn Authenticator(
    /// The configuration, when given in code; otherwise fetched from `config_url`.
    #[prop(optional)]
    config: Option<AuthConfig>,
    /// Where to fetch `config.json` (default `/config.json`).
    #[prop(optional, into)]
    config_url: Option<String>,
    /// The first step when signed out (default sign-in).
    #[prop(optional)]
    initial_screen: InitialScreen,
    /// No sign-up link and no sign-up step (default `false`).
    #[prop(optional)]
    hide_sign_up: bool,
    /// Run with the session each time someone signs in (not for a session
    /// restored at start).
    #[prop(optional, into)]
    on_signed_in: Option<Callback<Session>>,
    /// Run each time the signed-in user is signed out, whatever the cause.
    #[prop(optional, into)]
    on_signed_out: Option<Callback<()>>,
    /// Drawn above the sign-in steps.
    #[prop(optional, into)]
    header: Option<ViewFn>,
    /// Drawn below the sign-in steps.
    #[prop(optional, into)]
    footer: Option<ViewFn>,
    /// The social providers to offer, by `oauth.providers` name (default
    /// all).
    #[prop(optional)]
    social_providers: Option<Vec<String>>,
    /// The sign-up form's fields after the username (default: the
    /// config's `signUpAttributes`).
    #[prop(optional)]
    sign_up_fields: Option<Vec<SignUpField>>,
    /// Checks each value given at sign-up: `(attribute name, value)` to the
    /// problem to show, or `None`.
    #[prop(optional, into)]
    sign_up_validator: Option<Callback<(String, String), Option<String>>>,
    /// Where to go after each new sign-in: a path of this site.
    #[prop(optional, into)]
    return_to: Option<String>,
    /// Told of every error the steps show (a wrong password, an expired
    /// code, an unreachable service, ...), as the [`Notice`] on screen: its
    /// `msg` is a stable key to count or log, and
    /// `use_i18n().render(&notice)` its text in the user's language.
    #[prop(optional, into)]
    on_error: Option<Callback<Notice>>,
    /// What a signed-in user sees.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let options = FlowOptions {
        initial_screen,
        hide_sign_up,
        sign_up_fields,
        social_providers,
    };
    let hooks = FlowHooks {
        on_signed_in,
        on_signed_out,
        on_error,
        header,
        footer,
        sign_up_validator,
        return_to: return_to.filter(|path| {
            let own = cognito_client::oauth::is_same_origin_path(path);
            if !own {
                leptos::logging::warn!(
                    "<Authenticator return_to={path:?}>: not a path of this site (it must start \
                     with one \"/\"); staying on the page after sign-in"
                );
            }
            own
        }),
    };
    let steps: ChildrenFn = std::sync::Arc::new(move || {
        let (children, options, hooks) = (children.clone(), options.clone(), hooks.clone());
        view! { <StepFlow children options hooks /> }.into_any()
    });
    if try_use_auth().is_some() {
        steps().into_any()
    } else {
        provider(config, config_url, steps).into_any()
    }
}

/// The demo app: the screens as routes (`/login`, `/signup`,
/// `/confirm?username=…`, `/forgot-password`, `/reset-password?username=…`,
/// `/account`, and `/callback` for social sign-in;
/// `/` redirects by auth state; anything else is not found), configured by
/// `/config.json`.
///
/// ```no_run
/// // src/main.rs of a Trunk app that serves the screens as they are.
/// fn main() {
///     leptos::mount::mount_to_body(leptos_cognito::App);
/// }
/// ```
#[component]
pub fn App() -> impl IntoView {
    view! {
        <AuthProvider>
            <Router>
                <RoutedScreens />
            </Router>
        </AuthProvider>
    }
}

#[component]
fn RoutedScreens() -> impl IntoView {
    Nav::provide_routed();
    let auth = use_auth();
    // A Memo: `ProtectedRoute` builds its view again whenever the condition
    // re-runs, and every renewal sets a new session; only signing in or out
    // may re-render the account page (and empty its forms).
    let signed_in = Memo::new(move |_| auth.state().with(AuthState::signed_in));
    let signed_in = move || signed_in.get();
    view! {
        <Routes fallback=|| view! { <NotFoundScreen /> }>
            <Route path=path!("/") view=Home />
            <Route path=path!("/login") view=LoginRoute />
            <Route path=path!("/signup") view=SignUpScreen />
            <Route path=path!("/confirm") view=ConfirmRoute />
            <Route path=path!("/forgot-password") view=ForgotPasswordRoute />
            <Route path=path!("/reset-password") view=ResetPasswordRoute />
            <Route path=path!("/callback") view=CallbackScreen />
            <ProtectedRoute
                path=path!("/account")
                view=AccountScreen
                condition=signed_in
                redirect_path=|| "/login"
                fallback=|| view! { <LoadingCard /> }
            />
        </Routes>
    }
}

/// `/`: to the account when signed in, else to sign-in.
#[component]
fn Home() -> impl IntoView {
    let auth = use_auth();
    let replace = || NavigateOptions {
        replace: true,
        ..Default::default()
    };
    let signed_in = Memo::new(move |_| auth.state().with(AuthState::signed_in));
    move || match signed_in.get() {
        None => view! { <LoadingCard /> }.into_any(),
        Some(true) => view! { <Redirect path="/account" options=replace() /> }.into_any(),
        Some(false) => view! { <Redirect path="/login" options=replace() /> }.into_any(),
    }
}

/// The `username` query parameter (decoded), tracked.
fn query_username() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("username").unwrap_or_default())
}

/// `/login[?username=…][&returnTo=…]`.
#[component]
fn LoginRoute() -> impl IntoView {
    let username = query_username();
    let query = use_query_map();
    let return_to = Memo::new(move |_| query.read().get("returnTo"));
    move || view! { <LoginScreen username=username.get() return_to=return_to.get() /> }
}

#[component]
fn ConfirmRoute() -> impl IntoView {
    let username = query_username();
    move || view! { <ConfirmScreen username=username.get() /> }
}

#[component]
fn ForgotPasswordRoute() -> impl IntoView {
    let username = query_username();
    move || view! { <ForgotPasswordScreen username=username.get() /> }
}

#[component]
fn ResetPasswordRoute() -> impl IntoView {
    let username = query_username();
    move || view! { <ResetPasswordScreen username=username.get() /> }
}
