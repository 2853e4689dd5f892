//! "Forgot your password?": the email to send a reset code to
//! (`ForgotPassword`), then on to the reset screen.

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::{NavLink, SubmitButton};
use super::identifier::{pool_sign_in, sign_in_name, IdentifierInput};
use super::layout::Card;
use super::reset_password::reset_code_notice;
use crate::errors::{Alert, Op};
use crate::flash::ScreenKind;
use crate::i18n::{use_i18n, Msg};
use crate::nav::{use_nav, Screen};
use cognito_client::flow::{after_forgot_password, AuthStep};
use leptos::prelude::*;

/// The forgotten-password screen (`screen-forgot-password`).
#[component]
pub fn ForgotPasswordScreen(
    /// Prefills the email field (from `?username=`, or what the sign-in
    /// screen had).
    #[prop(into, optional)]
    username: String,
) -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let with = pool_sign_in(false);
    let email = RwSignal::new(username);
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(nav.take_flash(ScreenKind::ForgotPassword));

    let send = Action::new_local(move |name: &String| {
        let name = name.clone();
        async move {
            match auth.client().forgot_password(&name).await {
                Ok(response) => {
                    if let AuthStep::ConfirmForgotPassword { username, delivery } =
                        after_forgot_password(&name, response)
                    {
                        nav.go_with(
                            Screen::reset_password(username),
                            reset_code_notice(delivery),
                        );
                    }
                }
                Err(e) => error.set(Some(auth.describe(Op::ForgotPassword, &e, &name))),
            }
        }
    });
    let pending = send.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let name = match sign_in_name(with, &email.get_untracked()) {
            Ok(name) => name,
            Err(notice) => {
                error.set(Some(Alert::new(notice)));
                return;
            }
        };
        error.set(None);
        info.set(None);
        send.dispatch(name);
    };

    view! {
        <Card screen="forgot-password" title=Msg::ForgotTitle>
            <p class="lc-card__intro">{move || i18n.t(Msg::ForgotIntro)}</p>
            <InfoRegion info />
            <ErrorRegion error />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <IdentifierInput id="forgot-username" with value=email autofocus=true />
                <SubmitButton
                    testid="forgot-submit"
                    label=Msg::ForgotSubmit
                    busy_label=Msg::ForgotBusy
                    busy=pending
                />
            </form>
            <p class="lc-card__footer">
                <NavLink testid="to-login" to=Screen::login("") label=Msg::BackToLogin />
            </p>
        </Card>
    }
}
