//! The state the sign-in cards share: the step the protocol core's flow
//! decided, what was typed, and what moving on means (signing in, going to
//! confirm the account or reset the password, back to the password).

use crate::auth::AuthContext;
use crate::components::reset_password::reset_code_notice;
use crate::errors::{unsupported_challenge, Alert, Op};
use crate::i18n::{Msg, Notice};
use crate::nav::{Nav, Screen};
use cognito_client::flow::AuthStep;
use cognito_client::CognitoError;
use leptos::prelude::*;

/// Which card the sign-in flow shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    Password,
    NewPassword,
    Mfa,
    MfaSetup,
}

impl Stage {
    pub(super) fn of(step: &AuthStep) -> Stage {
        match step {
            AuthStep::NewPasswordRequired { .. } => Stage::NewPassword,
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
    pub(super) step: RwSignal<AuthStep>,
    /// The email field of the password card.
    pub(super) username: RwSignal<String>,
    /// The password field, emptied as soon as it has done its job.
    pub(super) password: RwSignal<String>,
    /// `?returnTo=` as given (unchecked until used).
    return_to: StoredValue<Option<String>>,
    /// The error shown on the password card.
    pub(super) error: RwSignal<Option<Alert>>,
    auth: AuthContext,
    nav: Nav,
}

impl SignInFlow {
    /// A flow at the password card, `username` filled in.
    pub(super) fn new(
        username: String,
        return_to: Option<String>,
        auth: AuthContext,
        nav: Nav,
    ) -> Self {
        SignInFlow {
            step: RwSignal::new(AuthStep::SignIn {
                username: username.clone(),
            }),
            username: RwSignal::new(username),
            password: RwSignal::new(String::new()),
            return_to: StoredValue::new(return_to),
            error: RwSignal::new(None),
            auth,
            nav,
        }
    }

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
            // An administrator reset the password, and mailed a code.
            AuthStep::PasswordResetRequired { username } => {
                self.password.set(String::new());
                self.nav.go_with(
                    Screen::reset_password(username),
                    Notice::new(Msg::InfoResetRequired),
                );
                None
            }
            AuthStep::ConfirmForgotPassword { username, delivery } => {
                self.password.set(String::new());
                self.nav.go_with(
                    Screen::reset_password(username),
                    reset_code_notice(delivery),
                );
                None
            }
            AuthStep::Challenge { username, name, .. } => {
                // SMS_MFA, CUSTOM_CHALLENGE, ...: not offered yet.
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
        self.auth.describe(op, error, username)
    }

    pub(crate) fn auth(&self) -> AuthContext {
        self.auth
    }
}
