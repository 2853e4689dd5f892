//! Confirm sign-up: the emailed code, with "send a new code".

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::{normalise_code, BusyButton, NavLink, SubmitButton, TextField};
use super::identifier::{pool_sign_in, sign_in_name, IdentifierInput};
use super::layout::Card;
use super::mailbox::MailboxLink;
use crate::errors::{Alert, Op};
use crate::flash::ScreenKind;
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::{use_nav, Screen};
use leptos::prelude::*;

/// The confirmation screen (`screen-confirm`).
#[component]
pub fn ConfirmScreen(
    /// Prefills the email field (from `?username=`).
    #[prop(into, optional)]
    username: String,
) -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let with = pool_sign_in(true);
    let username = RwSignal::new(username);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(nav.take_flash(ScreenKind::Confirm));

    let fail = move |op: Op, name: &str, e: &cognito_client::CognitoError| {
        error.set(Some(auth.describe(op, e, name)))
    };

    let confirm = Action::new_local(move |(name, code): &(String, String)| {
        let (name, code) = (name.clone(), code.clone());
        async move {
            match auth.client().confirm_sign_up(&name, &code).await {
                Ok(()) => nav.go_with(Screen::login(name), Notice::new(Msg::InfoAccountConfirmed)),
                Err(e) => fail(Op::ConfirmSignUp, &name, &e),
            }
        }
    });
    let resend = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            match auth.client().resend_confirmation_code(&name).await {
                Ok(response) => {
                    error.set(None);
                    let destination = response
                        .code_delivery_details
                        .and_then(|d| d.destination)
                        .unwrap_or_else(|| name.clone());
                    info.set(Some(
                        Notice::new(Msg::InfoNewCodeSent).arg("destination", destination),
                    ));
                }
                Err(e) => fail(Op::ResendCode, &name, &e),
            }
        }
    });
    let confirming = confirm.pending();
    let resending = resend.pending();

    // Both buttons need a plausible email first.
    let checked_username = move || match sign_in_name(with, &username.get_untracked()) {
        Err(notice) => {
            error.set(Some(Alert::new(notice)));
            None
        }
        Ok(name) => Some(name),
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if confirming.get_untracked() {
            return;
        }
        let Some(name) = checked_username() else {
            return;
        };
        let typed = normalise_code(&code.get_untracked());
        if typed.is_empty() {
            error.set(Some(Alert::new(Msg::ErrCodeRequired)));
            return;
        }
        error.set(None);
        info.set(None);
        confirm.dispatch((name, typed));
    };
    let send_new_code = Callback::new(move |()| {
        if resending.get_untracked() {
            return;
        }
        if let Some(name) = checked_username() {
            error.set(None);
            info.set(None);
            resend.dispatch(name);
        }
    });

    view! {
        <Card screen="confirm" title=Msg::ConfirmTitle>
            <p class="lc-card__intro">{move || i18n.t(Msg::ConfirmIntro)}</p>
            <InfoRegion info />
            <ErrorRegion error on_send_new_code=send_new_code />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <IdentifierInput id="confirm-username" with value=username />
                <TextField
                    id="confirm-code"
                    label=Msg::FieldCode
                    value=code
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    autofocus=true
                />
                <SubmitButton
                    testid="confirm-submit"
                    label=Msg::ConfirmSubmit
                    busy_label=Msg::ConfirmBusy
                    busy=confirming
                />
                <BusyButton
                    testid="confirm-resend"
                    label=Msg::ConfirmResend
                    busy_label=Msg::ConfirmResendBusy
                    busy=resending
                    on_click=send_new_code
                />
            </form>
            <MailboxLink />
            <p class="lc-card__footer">
                <NavLink testid="to-login" to=Screen::login("") label=Msg::BackToLogin />
            </p>
        </Card>
    }
}
