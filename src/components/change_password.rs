//! The account page's "Change password" section: `ChangePassword` with the
//! access token, the current password and a new one checked live against
//! the pool's policy.

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::{SubmitButton, TextField};
use super::password_fields::{checked_new_password, NewPasswordFields};
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg, Notice};
use cognito_client::secret::Password;
use leptos::prelude::*;

/// `change-password-current`, the new password and its confirmation,
/// `change-password-submit`, with the section's own `change-password-error`
/// and `change-password-info` next to the form. Not shown to federated
/// users: their password is their provider's.
#[component]
pub(crate) fn ChangePasswordSection() -> impl IntoView {
    let auth = crate::use_auth();
    let i18n = use_i18n();
    let policy = StoredValue::new(auth.with_config(|c| c.password_policy.clone()));
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let attention = RwSignal::new(false);
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(None::<Notice>);
    // A Memo: a token refresh must not re-render the form being filled in.
    let federated = Memo::new(move |_| {
        auth.session()
            .is_some_and(|s| crate::federation::is_federated(s.claims()))
    });

    let change = Action::new_local(move |(previous, proposed): &(Password, Password)| {
        let (previous, proposed) = (previous.clone(), proposed.clone());
        async move {
            let Some(session) = auth.fresh_session().await else {
                return;
            };
            let result = auth
                .client()
                .change_password(&session.tokens().access_token, &previous, &proposed)
                .await;
            match result {
                Ok(()) => {
                    current.set(String::new());
                    password.set(String::new());
                    confirm.set(String::new());
                    attention.set(false);
                    info.set(Some(Notice::new(Msg::InfoPasswordChanged)));
                }
                Err(e) => {
                    let email = session.email().unwrap_or_default().to_owned();
                    error.set(Some(auth.describe(Op::ChangePassword, &e, &email)));
                }
            }
        }
    });
    let pending = change.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        info.set(None);
        let previous = current.get_untracked();
        if previous.is_empty() {
            error.set(Some(Alert::new(Msg::ErrCurrentPasswordRequired)));
            return;
        }
        let Some(proposed) = policy
            .with_value(|policy| checked_new_password(policy, password, confirm, error, attention))
        else {
            return;
        };
        error.set(None);
        change.dispatch((Password::new(previous), Password::new(proposed)));
    };

    move || {
        (!federated.get()).then(|| {
            view! {
                <section class="lc-section" aria-labelledby="lc-change-password-title">
                    <h2 class="lc-card__subtitle" id="lc-change-password-title">
                        {move || i18n.t(Msg::ChangePasswordHeading)}
                    </h2>
                    <InfoRegion info testid="change-password-info" />
                    <ErrorRegion error testid="change-password-error" />
                    <form class="lc-form" novalidate=true on:submit=on_submit>
                        <TextField
                            id="change-password-current"
                            label=Msg::FieldCurrentPassword
                            value=current
                            input_type="password"
                            autocomplete="current-password"
                            revealable=true
                        />
                        <NewPasswordFields
                            password_id="change-password-new"
                            confirm_id="change-password-confirm"
                            password
                            confirm
                            attention
                        />
                        <SubmitButton
                            testid="change-password-submit"
                            label=Msg::ChangePasswordSubmit
                            busy_label=Msg::ChangePasswordBusy
                            busy=pending
                        />
                    </form>
                </section>
            }
        })
    }
}
