//! The first card of sign-in: email and password, proven as `authFlowType`
//! says (SRP by default: the password never leaves the page), and the ways
//! off it ("Forgot your password?", sign-up, a social provider).

use super::flow::SignInFlow;
use crate::components::alerts::{ErrorRegion, InfoRegion};
use crate::components::federated::FederatedSignIn;
use crate::components::form::{NavLink, SubmitButton, TextField};
use crate::components::identifier::{pool_sign_in, sign_in_name, IdentifierInput};
use crate::components::layout::Card;
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::{use_nav, Screen};
use crate::password::{new_srp_session, sign_in, Proof};
use crate::session::now;
use cognito_client::flow::after_sign_in;
use cognito_client::secret::Password;
use cognito_client::srp::SrpSession;
use leptos::prelude::*;
use std::time::Duration;

/// Email and password (`screen-login`).
#[component]
pub(super) fn PasswordCard(flow: SignInFlow, info: RwSignal<Option<Notice>>) -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_nav();
    let with = pool_sign_in(false);
    let SignInFlow {
        username,
        password,
        error,
        ..
    } = flow;
    // What was typed and pressed on index.html's static card before the
    // app was ready (src/shell): kept, and pressed again once this card is
    // in the document.
    if let Some(carried) = crate::shell::take() {
        if !carried.username.is_empty() {
            username.set(carried.username.clone());
        }
        password.set(carried.password.clone());
        Effect::new(move |_| crate::shell::replay(&carried));
    }
    let (flow_type, user_pool_id) = flow
        .auth()
        .with_config(|c| (c.auth_flow_type, c.user_pool_id.clone()));
    let user_pool_id = StoredValue::new(user_pool_id);

    // SRP's A = g^a mod N for the next attempt, worked out while the user
    // types: made when the card mounts and again after each failed
    // attempt, so every attempt has a fresh `a`. Just after the first paint,
    // not before it.
    let srp = StoredValue::new(None::<SrpSession>);
    let prepare = move || {
        if flow_type == crate::config::AuthFlowType::UserSrpAuth {
            set_timeout(
                move || {
                    if srp.try_with_value(Option::is_none).unwrap_or(false) {
                        let _ = srp.try_set_value(new_srp_session().ok());
                    }
                },
                Duration::ZERO,
            );
        }
    };
    prepare();

    let sign_in = Action::new_local(move |(name, password): &(String, Password)| {
        let (name, password) = (name.clone(), password.clone());
        // Taken now: a session serves one attempt only.
        let proof = Proof::for_flow(flow_type, srp.try_update_value(Option::take).flatten());
        async move {
            let alert = match proof {
                Err(_) => Some(Alert::new(Msg::IdpNoRandom)),
                Ok(proof) => {
                    let client = flow.auth().client();
                    let result =
                        sign_in(&client, &user_pool_id.get_value(), &name, &password, proof).await;
                    match after_sign_in(&name, result, now()) {
                        Ok(step) => flow.advance(step, None),
                        Err(e) => Some(flow.describe(Op::SignIn, &e, &name)),
                    }
                }
            };
            if let Some(alert) = alert {
                error.set(Some(alert));
                prepare();
            }
        }
    });
    let pending = sign_in.pending();
    let to_forgot = move || Screen::forgot_password(username.get().trim());
    let on_forgot = move |ev: leptos::ev::MouseEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0 {
            return;
        }
        ev.prevent_default();
        nav.go(Screen::forgot_password(username.get_untracked().trim()));
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let secret = password.get_untracked();
        let problem = match sign_in_name(with, &username.get_untracked()) {
            Err(notice) => Err(notice),
            Ok(_) if secret.is_empty() => Err(Notice::new(Msg::ErrPasswordRequired)),
            Ok(name) => Ok(name),
        };
        let name = match problem {
            Ok(name) => name,
            Err(notice) => {
                error.set(Some(Alert::new(notice)));
                return;
            }
        };
        error.set(None);
        info.set(None);
        sign_in.dispatch((name, Password::new(secret)));
    };

    view! {
        <Card screen="login" title=Msg::LoginTitle>
            <InfoRegion info />
            <ErrorRegion error />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <IdentifierInput id="login-username" with value=username autofocus=true />
                <TextField
                    id="login-password"
                    label=Msg::FieldPassword
                    value=password
                    input_type="password"
                    autocomplete="current-password"
                    revealable=true
                />
                <p class="lc-form__aside">
                    <a
                        class="lc-link"
                        href=move || to_forgot().path()
                        data-testid="to-forgot-password"
                        on:click=on_forgot
                    >
                        {move || i18n.t(Msg::LoginForgotPassword)}
                    </a>
                </p>
                <SubmitButton
                    testid="login-submit"
                    label=Msg::LoginSubmit
                    busy_label=Msg::LoginBusy
                    busy=pending
                />
            </form>
            <FederatedSignIn />
            // Not when the embedding `<Authenticator hide_sign_up=true>` says so.
            {crate::components::use_flow_options()
                .allows(&Screen::SignUp)
                .then(|| {
                    view! {
                        <p class="lc-card__footer">
                            {move || i18n.t(Msg::LoginNoAccount)}
                            " "
                            <NavLink testid="to-signup" to=Screen::SignUp label=Msg::LoginToSignUp />
                        </p>
                    }
                })}
        </Card>
    }
}
