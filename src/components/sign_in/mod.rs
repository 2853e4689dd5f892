//! Sign-in, on one route: email and password (`USER_SRP_AUTH`, or
//! `USER_PASSWORD_AUTH` as `authFlowType` says), then whatever step Cognito
//! asks for next — a new password for a temporary one
//! (`NEW_PASSWORD_REQUIRED`), the authenticator code (`SOFTWARE_TOKEN_MFA`)
//! or setting one up (`MFA_SETUP`). The challenge `Session` lives in a
//! signal of this screen only: never in storage or the URL, so a reload
//! starts sign-in again. `?returnTo=` is kept through those steps and
//! honoured once signed in, if `oauth.returnPaths` allows it.
//!
//! [`LoginScreen`] shows the card for the flow's step: [`password`],
//! [`new_password`], [`mfa_code`] or [`mfa_setup`]; [`flow`] holds the
//! state they share.

mod flow;
mod mfa_code;
mod mfa_setup;
mod new_password;
mod password;

use crate::auth::use_auth;
use crate::flash::ScreenKind;
use crate::nav::use_nav;
use cognito_client::flow::AuthStep;
use flow::{SignInFlow, Stage};
use leptos::prelude::*;
use mfa_code::MfaCodeCard;
use mfa_setup::MfaSetupCard;
use new_password::NewPasswordCard;
use password::PasswordCard;

/// The sign-in screen: `screen-login`, then `screen-new-password`,
/// `screen-mfa` or `screen-mfa-setup` when Cognito asks for them.
#[component]
pub fn LoginScreen(
    /// Prefills the email field (from `?username=`).
    #[prop(into, optional)]
    username: String,
    /// Where to go once signed in (`?returnTo=`), if the allow-list has it.
    #[prop(default = None)]
    return_to: Option<String>,
) -> impl IntoView {
    let nav = use_nav();
    let flow = SignInFlow::new(username, return_to, use_auth(), nav);
    // The notice left across a page load (the hosted `/logout`) is taken
    // whatever else there is to show, so it never shows twice.
    let carried = crate::session::take_notice();
    let info = RwSignal::new(nav.take_flash(ScreenKind::Login).or(carried));
    // Re-render on a change of card only: a wrong code keeps the card (and
    // what is typed in it).
    let stage = Memo::new(move |_| flow.step.with(Stage::of));
    move || match stage.get() {
        Stage::Password => view! { <PasswordCard flow info /> }.into_any(),
        Stage::NewPassword => view! { <NewPasswordCard flow /> }.into_any(),
        Stage::Mfa => match flow.step.get_untracked() {
            AuthStep::SoftwareTokenMfa { username, session } => {
                view! { <MfaCodeCard flow username session /> }.into_any()
            }
            _ => ().into_any(),
        },
        Stage::MfaSetup => view! { <MfaSetupCard flow /> }.into_any(),
    }
}
