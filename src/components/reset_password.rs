//! Choosing a new password with the code `ForgotPassword` (or an
//! administrator's `AdminResetUserPassword`) sent: `ConfirmForgotPassword`,
//! with "send a new code", then back to sign-in.

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::{normalise_code, BusyButton, NavLink, SubmitButton, TextField};
use super::identifier::{pool_sign_in, sign_in_name, IdentifierInput};
use super::layout::Card;
use super::mailbox::MailboxLink;
use super::password_fields::{checked_new_password, NewPasswordFields};
use crate::errors::{Alert, Op};
use crate::flash::ScreenKind;
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::{use_nav, Screen};
use cognito_client::flow::{after_confirm_forgot_password, AuthStep};
use cognito_client::ops::CodeDeliveryDetails;
use cognito_client::secret::Password;
use leptos::prelude::*;

/// "We sent a code to a***@e***": where Cognito says the reset code went,
/// masked as it masked it.
pub(crate) fn reset_code_notice(delivery: Option<CodeDeliveryDetails>) -> Notice {
    match delivery.and_then(|d| d.destination) {
        Some(destination) => Notice::new(Msg::InfoResetCodeSent).arg("destination", destination),
        None => Notice::new(Msg::InfoResetCodeSentNoDestination),
    }
}

/// The reset screen (`screen-reset-password`): the email, the code, the new
/// password with the pool's rules, and its confirmation.
#[component]
pub fn ResetPasswordScreen(
    /// Prefills the email field (from `?username=`).
    #[prop(into, optional)]
    username: String,
) -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let with = pool_sign_in(false);
    let policy = auth.with_config(|c| c.password_policy.clone());
    let username = RwSignal::new(username);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let attention = RwSignal::new(false);
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(nav.take_flash(ScreenKind::ResetPassword));

    let reset = Action::new_local(move |(name, code, new): &(String, String, Password)| {
        let (name, code, new) = (name.clone(), code.clone(), new.clone());
        async move {
            match auth
                .client()
                .confirm_forgot_password(&name, &code, &new)
                .await
            {
                Ok(()) => {
                    password.set(String::new());
                    confirm.set(String::new());
                    if let AuthStep::SignIn { username } = after_confirm_forgot_password(&name) {
                        nav.go_with(Screen::login(username), Notice::new(Msg::InfoPasswordReset));
                    }
                }
                Err(e) => error.set(Some(auth.describe(Op::ResetPassword, &e, &name))),
            }
        }
    });
    let resend = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            match auth.client().forgot_password(&name).await {
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
                Err(e) => error.set(Some(auth.describe(Op::ForgotPassword, &e, &name))),
            }
        }
    });
    let resetting = reset.pending();
    let resending = resend.pending();

    let checked_username = move || match sign_in_name(with, &username.get_untracked()) {
        Err(notice) => {
            error.set(Some(Alert::new(notice)));
            None
        }
        Ok(name) => Some(name),
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if resetting.get_untracked() {
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
        let Some(new) = checked_new_password(&policy, password, confirm, error, attention) else {
            return;
        };
        error.set(None);
        info.set(None);
        reset.dispatch((name, typed, Password::new(new)));
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
        <Card screen="reset-password" title=Msg::ResetTitle>
            <p class="lc-card__intro">{move || i18n.t(Msg::ResetIntro)}</p>
            <InfoRegion info />
            <ErrorRegion error on_send_new_code=send_new_code />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <IdentifierInput id="reset-username" with value=username />
                <TextField
                    id="reset-code"
                    label=Msg::FieldCode
                    value=code
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    autofocus=true
                />
                <NewPasswordFields
                    password_id="reset-password"
                    confirm_id="reset-password-confirm"
                    password
                    confirm
                    attention
                />
                <SubmitButton
                    testid="reset-submit"
                    label=Msg::ResetSubmit
                    busy_label=Msg::ResetBusy
                    busy=resetting
                />
                <BusyButton
                    testid="reset-resend"
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
