//! The first card of sign-in: email and password (`USER_PASSWORD_AUTH`),
//! and the ways off it (sign-up, a social provider).

use super::flow::SignInFlow;
use crate::components::alerts::{ErrorRegion, InfoRegion};
use crate::components::federated::FederatedSignIn;
use crate::components::form::{looks_like_email, NavLink, SubmitButton, TextField};
use crate::components::layout::Card;
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::Screen;
use crate::session::now;
use cognito_client::flow::after_sign_in;
use cognito_client::secret::Password;
use leptos::prelude::*;

/// Email and password (`screen-login`).
#[component]
pub(super) fn PasswordCard(flow: SignInFlow, info: RwSignal<Option<Notice>>) -> impl IntoView {
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
            let client = flow.auth().client();
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
