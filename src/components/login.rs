//! Sign-in: email and password (`USER_PASSWORD_AUTH`), then whatever step
//! Cognito asks for next — the authenticator code (`SOFTWARE_TOKEN_MFA`) or
//! setting one up (`MFA_SETUP`) — on the same route. The challenge `Session`
//! lives in a signal of this screen only: never in storage or the URL, so a
//! reload starts sign-in again. `?returnTo=` is kept through those steps and
//! honoured once signed in, if `oauth.returnPaths` allows it.

use super::alerts::{ErrorRegion, InfoRegion};
use super::federated::FederatedSignIn;
use super::form::{looks_like_email, NavLink, SubmitButton, TextField};
use super::layout::Card;
use super::mfa::{MfaScreen, MfaSetupScreen};
use crate::auth::AuthContext;
use crate::errors::{describe, unsupported_challenge, Alert, ErrorContext, Op};
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::{use_nav, Nav, Screen, ScreenKind};
use crate::session::now;
use cognito_client::flow::{after_sign_in, AuthStep};
use cognito_client::secret::Password;
use cognito_client::CognitoError;
use leptos::prelude::*;

/// Which card the sign-in flow shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Password,
    Mfa,
    MfaSetup,
}

impl Stage {
    fn of(step: &AuthStep) -> Stage {
        match step {
            AuthStep::SoftwareTokenMfa { .. } => Stage::Mfa,
            AuthStep::MfaSetup { .. } | AuthStep::MfaSetupVerify { .. } => Stage::MfaSetup,
            _ => Stage::Password,
        }
    }
}

/// The sign-in flow's state, shared by its cards. Cheap to copy.
#[derive(Clone, Copy)]
pub(crate) struct SignInFlow {
    /// The current step, as the protocol core's flow decided it.
    pub(crate) step: RwSignal<AuthStep>,
    username: RwSignal<String>,
    password: RwSignal<String>,
    /// `?returnTo=` as given (unchecked until used).
    return_to: StoredValue<Option<String>>,
    /// The error shown on the password card.
    error: RwSignal<Option<Alert>>,
    auth: AuthContext,
    nav: Nav,
}

impl SignInFlow {
    /// Moves the flow to `step`, as the core's transition returned it with
    /// `alert` (the error that came with it, if any). Tokens sign the user
    /// in; a step back to sign-in shows `alert` on the password card. When
    /// the flow stays on the current card, `alert` is returned for it.
    pub(crate) fn advance(&self, step: AuthStep, alert: Option<Alert>) -> Option<Alert> {
        match step {
            AuthStep::SignedIn(tokens) => {
                if self.auth.set_signed_in(tokens).is_err() {
                    return Some(Alert::new(Msg::ErrSessionUnreadable));
                }
                self.password.set(String::new());
                let path = self
                    .auth
                    .with_config(|c| c.return_path(self.return_to.get_value().as_deref()));
                self.nav.signed_in(&path);
                None
            }
            AuthStep::ConfirmSignUp { username, .. } => {
                self.nav.go_with(
                    Screen::confirm(username),
                    Notice::new(Msg::InfoNotConfirmed),
                );
                None
            }
            AuthStep::SignIn { username } => {
                self.restart(username, alert);
                None
            }
            AuthStep::Challenge { username, name, .. } => {
                // NEW_PASSWORD_REQUIRED, SMS_MFA, ...: not offered yet.
                self.restart(username, Some(unsupported_challenge(&name)));
                None
            }
            step => {
                // The password has done its job; do not keep it around.
                self.password.set(String::new());
                if self.step.with_untracked(|s| *s != step) {
                    self.step.set(step);
                }
                alert
            }
        }
    }

    /// Back to the password card with `username` filled in.
    pub(crate) fn restart(&self, username: String, alert: Option<Alert>) {
        self.password.set(String::new());
        self.username.set(username.clone());
        self.error.set(alert);
        self.step.set(AuthStep::SignIn { username });
    }

    /// The friendly message for an error of `op` about `username`.
    pub(crate) fn describe(&self, op: Op, error: &CognitoError, username: &str) -> Alert {
        self.auth.with_config(|c| {
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

    pub(crate) fn auth(&self) -> AuthContext {
        self.auth
    }
}

/// The sign-in screen: `screen-login`, then `screen-mfa` or
/// `screen-mfa-setup` when Cognito asks for them.
#[component]
pub fn LoginScreen(
    /// Prefills the email field (from `?username=`).
    #[prop(into, optional)]
    username: String,
    /// Where to go once signed in (`?returnTo=`), if the allow-list has it.
    #[prop(default = None)]
    return_to: Option<String>,
) -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let flow = SignInFlow {
        step: RwSignal::new(AuthStep::SignIn {
            username: username.clone(),
        }),
        username: RwSignal::new(username),
        password: RwSignal::new(String::new()),
        return_to: StoredValue::new(return_to),
        error: RwSignal::new(None),
        auth,
        nav,
    };
    // The notice left across a page load (the hosted `/logout`) is taken
    // whatever else there is to show, so it never shows twice.
    let carried = crate::session::take_notice();
    let info = RwSignal::new(nav.take_flash(ScreenKind::Login).or(carried));
    // Re-render on a change of card only: a wrong code keeps the card (and
    // what is typed in it).
    let stage = Memo::new(move |_| flow.step.with(Stage::of));
    move || match stage.get() {
        Stage::Password => view! { <PasswordCard flow info /> }.into_any(),
        Stage::Mfa => match flow.step.get_untracked() {
            AuthStep::SoftwareTokenMfa { username, session } => {
                view! { <MfaScreen flow username session /> }.into_any()
            }
            _ => ().into_any(),
        },
        Stage::MfaSetup => view! { <MfaSetupScreen flow /> }.into_any(),
    }
}

/// Email and password (`screen-login`).
#[component]
fn PasswordCard(flow: SignInFlow, info: RwSignal<Option<Notice>>) -> impl IntoView {
    let i18n = use_i18n();
    let SignInFlow {
        username,
        password,
        error,
        ..
    } = flow;

    let sign_in = Action::new_local(move |(name, password): &(String, Password)| {
        let (name, password) = (name.clone(), password.clone());
        async move {
            let client = flow.auth.client();
            let result = client.initiate_user_password_auth(&name, &password).await;
            let alert = match after_sign_in(&name, result, now()) {
                Ok(step) => flow.advance(step, None),
                Err(e) => Some(flow.describe(Op::SignIn, &e, &name)),
            };
            if let Some(alert) = alert {
                error.set(Some(alert));
            }
        }
    });
    let pending = sign_in.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let name = username.get_untracked().trim().to_owned();
        let secret = password.get_untracked();
        let problem = if name.is_empty() {
            Some(Msg::ErrEmailRequired)
        } else if !looks_like_email(&name) {
            Some(Msg::ErrEmailInvalid)
        } else if secret.is_empty() {
            Some(Msg::ErrPasswordRequired)
        } else {
            None
        };
        if let Some(msg) = problem {
            error.set(Some(Alert::new(msg)));
            return;
        }
        error.set(None);
        info.set(None);
        sign_in.dispatch((name, Password::new(secret)));
    };

    view! {
        <Card screen="login" title=Msg::LoginTitle>
            <InfoRegion info />
            <ErrorRegion error />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <TextField
                    id="login-username"
                    label=Msg::FieldEmail
                    value=username
                    input_type="email"
                    autocomplete="username"
                    autofocus=true
                />
                <TextField
                    id="login-password"
                    label=Msg::FieldPassword
                    value=password
                    input_type="password"
                    autocomplete="current-password"
                    revealable=true
                />
                <SubmitButton
                    testid="login-submit"
                    label=Msg::LoginSubmit
                    busy_label=Msg::LoginBusy
                    busy=pending
                />
            </form>
            <FederatedSignIn />
            <p class="lc-card__footer">
                {move || i18n.t(Msg::LoginNoAccount)}
                " "
                <NavLink testid="to-signup" to=Screen::SignUp label=Msg::LoginToSignUp />
            </p>
        </Card>
    }
}
