//! Setting an authenticator up at sign-in, when the pool requires MFA and
//! the user has none (`MFA_SETUP`, `screen-mfa-setup`). Every answer goes
//! through the core's transitions (`cognito_client::flow`); this card only
//! shows the step it is given.

use super::flow::SignInFlow;
use crate::components::alerts::{ErrorRegion, InfoRegion};
use crate::components::form::focus;
use crate::components::layout::Card;
use crate::components::totp_setup::{enrolment_input, TotpSetupWidget};
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg};
use crate::session::now;
use cognito_client::flow::{
    after_associate_for_setup, after_mfa_setup, after_verify_for_setup, AuthStep, Next,
    SetupVerified,
};
use leptos::prelude::*;

/// Setting up an authenticator during sign-in (`screen-mfa-setup`):
/// `AssociateSoftwareToken` with the challenge session straight away, then
/// the enrolment widget, `VerifySoftwareToken` with the next session and
/// `RespondToAuthChallenge` (`MFA_SETUP`), which signs the user in.
#[component]
pub(super) fn MfaSetupCard(flow: SignInFlow) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<Alert>);
    let code = RwSignal::new(String::new());
    let device_name = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();

    let associate = Action::new_local(move |_: &()| {
        let step = flow.step.get_untracked();
        async move {
            let AuthStep::MfaSetup { username, session } = step else {
                return;
            };
            let client = flow.auth().client();
            let result = client.associate_software_token_with_session(&session).await;
            let Next { step, error: e } = after_associate_for_setup(&username, &session, result);
            let alert = e.map(|e| flow.describe(Op::MfaSetup, &e, &username));
            if let Some(alert) = flow.advance(step, alert) {
                error.set(Some(alert));
            }
        }
    });
    associate.dispatch(());
    let preparing = associate.pending();

    let verify = Action::new_local(move |(typed, device): &(String, Option<String>)| {
        let (typed, device) = (typed.clone(), device.clone());
        let step = flow.step.get_untracked();
        async move {
            let AuthStep::MfaSetupVerify {
                username,
                session,
                secret,
            } = step
            else {
                return;
            };
            let client = flow.auth().client();
            let result = client
                .verify_software_token(None, Some(&session), &typed, device.as_deref())
                .await;
            let Next { step, error: e } =
                match after_verify_for_setup(&username, &session, &secret, result) {
                    SetupVerified::Respond(next) => {
                        let result = client.respond_to_mfa_setup(&username, &next).await;
                        after_mfa_setup(&username, result, now())
                    }
                    SetupVerified::Show(next) => next,
                };
            let alert = e.map(|e| flow.describe(Op::MfaSetup, &e, &username));
            if let Some(alert) = flow.advance(step, alert) {
                // A wrong code stays in the field, to be corrected.
                error.set(Some(alert));
                focus(input);
            }
        }
    });
    let verifying = verify.pending();
    let on_verify = Callback::new(move |()| {
        if verifying.get_untracked() {
            return;
        }
        if let Some(typed_and_device) = enrolment_input(code, device_name, error, input) {
            verify.dispatch(typed_and_device);
        }
    });

    let cancel = move |_| {
        let username = flow.step.with_untracked(|s| match s {
            AuthStep::MfaSetup { username, .. } | AuthStep::MfaSetupVerify { username, .. } => {
                username.clone()
            }
            _ => String::new(),
        });
        flow.restart(username, None);
    };
    let retry = move |_| {
        if !preparing.get_untracked() {
            error.set(None);
            associate.dispatch(());
        }
    };

    // Re-render when the key arrives, not on every set of the step.
    let key = Memo::new(move |_| {
        flow.step.with(|s| match s {
            AuthStep::MfaSetupVerify {
                username, secret, ..
            } => Some((username.clone(), secret.clone())),
            _ => None,
        })
    });

    view! {
        <Card screen="mfa-setup" title=Msg::MfaSetupTitle wide=true>
            <InfoRegion info=RwSignal::new(None) />
            <ErrorRegion error keep_focus=true />
            <p class="lc-card__intro">{move || i18n.t(Msg::MfaSetupIntro)}</p>
            {move || match key.get() {
                Some((account, secret)) => {
                    view! {
                        <TotpSetupWidget
                            secret
                            account
                            code
                            device_name
                            code_ref=input
                            busy=verifying
                            submit_label=Msg::MfaSetupSubmit
                            on_submit=on_verify
                        />
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <div class="lc-totp__preparing">
                            <Show
                                when=move || preparing.get()
                                fallback=move || {
                                    view! {
                                        <button
                                            type="button"
                                            class="lc-button lc-button--secondary"
                                            data-testid="mfa-setup-retry"
                                            on:click=retry
                                        >
                                            {move || i18n.t(Msg::MfaSetupRetry)}
                                        </button>
                                    }
                                }
                            >
                                <span class="lc-spinner" aria-hidden="true"></span>
                                <span role="status">{move || i18n.t(Msg::MfaSetupPreparing)}</span>
                            </Show>
                        </div>
                    }
                        .into_any()
                }
            }}
            <p class="lc-card__footer">
                <button type="button" class="lc-link lc-link--button" data-testid="mfa-cancel" on:click=cancel>
                    {move || i18n.t(Msg::BackToLogin)}
                </button>
            </p>
        </Card>
    }
}
