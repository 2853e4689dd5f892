//! Sign-in: email and password, `USER_PASSWORD_AUTH`.

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::{looks_like_email, NavLink, SubmitButton, TextField};
use super::layout::Card;
use crate::errors::{describe, unsupported_challenge, Alert, ErrorContext, Op};
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::{use_nav, Screen, ScreenKind};
use crate::session::now;
use cognito_client::flow::{after_sign_in, AuthStep};
use cognito_client::secret::Password;
use leptos::prelude::*;

/// The sign-in screen (`screen-login`).
#[component]
pub fn LoginScreen(
    /// Prefills the email field (from `?username=`).
    #[prop(into, optional)]
    username: String,
) -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let username = RwSignal::new(username);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(nav.take_flash(ScreenKind::Login));

    let sign_in = Action::new_local(move |(name, password): &(String, Password)| {
        let (name, password) = (name.clone(), password.clone());
        async move {
            let client = auth.client();
            let result = client.initiate_user_password_auth(&name, &password).await;
            match after_sign_in(&name, result, now()) {
                Ok(AuthStep::SignedIn(tokens)) => match auth.set_signed_in(tokens) {
                    Ok(()) => nav.go(Screen::Account),
                    Err(_) => error.set(Some(Alert::new(Msg::ErrSessionUnreadable))),
                },
                Ok(AuthStep::ConfirmSignUp { username, .. }) => nav.go_with(
                    Screen::confirm(username),
                    Notice::new(Msg::InfoNotConfirmed),
                ),
                Ok(AuthStep::Challenge { name, .. }) => {
                    // MFA and the other challenges arrive in a later change.
                    error.set(Some(unsupported_challenge(&name)))
                }
                Ok(AuthStep::SignIn { .. }) => {}
                Err(e) => error.set(Some(auth.with_config(|c| {
                    describe(
                        Op::SignIn,
                        &e,
                        &ErrorContext {
                            username: &name,
                            client_id: &c.user_pool_client_id,
                            policy: &c.password_policy,
                        },
                    )
                }))),
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
            <p class="lc-card__footer">
                {move || i18n.t(Msg::LoginNoAccount)}
                " "
                <NavLink testid="to-signup" to=Screen::SignUp label=Msg::LoginToSignUp />
            </p>
        </Card>
    }
}
