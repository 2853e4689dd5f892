//! Sign-up: email (the username), name, password with live rules.

use super::alerts::{ErrorRegion, InfoRegion};
use super::federated::FederatedSignIn;
use super::form::{email_problem, NavLink, SubmitButton, TextField};
use super::layout::Card;
use super::password_rules::{PasswordRules, RULES_ID};
use crate::config::SignUpAttribute;
use crate::errors::{rule_notice, Alert, Op};
use crate::flash::ScreenKind;
use crate::i18n::{use_i18n, Arg, Msg, Notice};
use crate::nav::{use_nav, Screen};
use cognito_client::flow::{after_sign_up, AuthStep};
use cognito_client::ops::AttributeType;
use cognito_client::secret::Password;
use leptos::prelude::*;

/// The sign-up screen (`screen-signup`).
#[component]
pub fn SignUpScreen() -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let (policy, asks_name) =
        auth.with_config(|c| (c.password_policy.clone(), c.asks_for(SignUpAttribute::Name)));
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let rules_attention = RwSignal::new(false);
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(nav.take_flash(ScreenKind::SignUp));

    let sign_up = Action::new_local(
        move |(username, password, attributes): &(String, Password, Vec<AttributeType>)| {
            let (username, password, attributes) =
                (username.clone(), password.clone(), attributes.clone());
            async move {
                let client = auth.client();
                match client.sign_up(&username, &password, attributes).await {
                    Ok(response) => match after_sign_up(&username, &response) {
                        AuthStep::ConfirmSignUp { username, delivery } => {
                            let notice = match delivery.and_then(|d| d.destination) {
                                Some(destination) => {
                                    Notice::new(Msg::InfoCodeSent).arg("destination", destination)
                                }
                                None => Notice::new(Msg::InfoCodeSentNoDestination),
                            };
                            nav.go_with(Screen::confirm(username), notice)
                        }
                        // Confirmed already (a PreSignUp trigger auto-confirmed it).
                        _ => nav.go_with(
                            Screen::login(username),
                            Notice::new(Msg::InfoSignedUpConfirmed),
                        ),
                    },
                    Err(e) => error.set(Some(auth.describe(Op::SignUp, &e, &username))),
                }
            }
        },
    );
    let pending = sign_up.pending();

    let submit_policy = policy.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let username = email.get_untracked().trim().to_owned();
        let full_name = name.get_untracked().trim().to_owned();
        let secret = password.get_untracked();
        let unmet = submit_policy.unmet_rules(&secret);
        let problem = if let Some(msg) = email_problem(&username) {
            Some(Alert::new(msg))
        } else if asks_name && full_name.is_empty() {
            Some(Alert::new(Msg::ErrNameRequired))
        } else if secret.is_empty() {
            Some(Alert::new(Msg::ErrPasswordRequired))
        } else if !unmet.is_empty() {
            rules_attention.set(true);
            Some(Alert::new(Notice::new(Msg::ErrPasswordRules).arg(
                "rules",
                Arg::List(unmet.into_iter().map(rule_notice).collect()),
            )))
        } else {
            None
        };
        if let Some(alert) = problem {
            error.set(Some(alert));
            return;
        }
        error.set(None);
        info.set(None);
        let mut attributes = vec![AttributeType::new("email", username.clone())];
        if asks_name {
            attributes.push(AttributeType::new("name", full_name));
        }
        sign_up.dispatch((username, Password::new(secret), attributes));
    };

    view! {
        <Card screen="signup" title=Msg::SignUpTitle>
            <InfoRegion info />
            <ErrorRegion error />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <TextField
                    id="signup-email"
                    label=Msg::FieldEmail
                    value=email
                    input_type="email"
                    autocomplete="email"
                    autofocus=true
                />
                {asks_name
                    .then(|| {
                        view! {
                            <TextField
                                id="signup-name"
                                label=Msg::FieldName
                                value=name
                                autocomplete="name"
                            />
                        }
                    })}
                <TextField
                    id="signup-password"
                    label=Msg::FieldPassword
                    value=password
                    input_type="password"
                    autocomplete="new-password"
                    describedby=RULES_ID
                    revealable=true
                />
                <PasswordRules policy password attention=rules_attention />
                <SubmitButton
                    testid="signup-submit"
                    label=Msg::SignUpSubmit
                    busy_label=Msg::SignUpBusy
                    busy=pending
                />
            </form>
            <FederatedSignIn />
            <p class="lc-card__footer">
                {move || i18n.t(Msg::SignUpHaveAccount)}
                " "
                <NavLink testid="to-login" to=Screen::login("") label=Msg::SignUpToLogin />
            </p>
        </Card>
    }
}
