//! The sign-in steps after the password: the authenticator code
//! (`SOFTWARE_TOKEN_MFA`, `screen-mfa`) and setting an authenticator up when
//! the pool requires MFA (`MFA_SETUP`, `screen-mfa-setup`). Every answer goes
//! through the core's transitions (`cognito_client::flow`); these views only
//! show the step they are given.

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::{focus, is_otp, CodeField, SubmitButton};
use super::layout::Card;
use super::login::SignInFlow;
use super::totp_setup::{enrolment_input, TotpSetupWidget};
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg};
use crate::session::now;
use cognito_client::flow::{
    after_associate_for_setup, after_mfa_setup, after_software_token_mfa, after_verify_for_setup,
    AuthStep, Next, SetupVerified,
};
use cognito_client::secret::ChallengeSession;
use leptos::prelude::*;

/// The authenticator code (`screen-mfa`): one six-digit field that submits
/// itself on the sixth digit. A wrong code keeps the screen, empties the
/// field and focuses it; an expired session goes back to the password.
#[component]
pub(crate) fn MfaScreen(flow: SignInFlow, username: String, session: ChallengeSession) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Alert>);
    let input = NodeRef::<leptos::html::Input>::new();
    let session = StoredValue::new(session);
    let user = StoredValue::new(username);

    let answer = Action::new_local(move |typed: &String| {
        let typed = typed.clone();
        let (username, session) = (user.get_value(), session.get_value());
        async move {
            let client = flow.auth().client();
            let result = client
                .respond_to_software_token_mfa(&username, &session, &typed)
                .await;
            let Next { step, error: e } =
                after_software_token_mfa(&username, &session, result, now());
            let alert = e.map(|e| flow.describe(Op::MfaCode, &e, &username));
            if let Some(alert) = flow.advance(step, alert) {
                error.set(Some(alert));
                code.set(String::new());
                focus(input);
            }
        }
    });
    let pending = answer.pending();
    let submit = move |typed: String| {
        if pending.get_untracked() {
            return;
        }
        if !is_otp(&typed) {
            error.set(Some(Alert::new(Msg::ErrMfaCodeRequired)));
            focus(input);
            return;
        }
        error.set(None);
        answer.dispatch(typed);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(code.get_untracked());
    };
    let cancel = move |_| flow.restart(user.get_value(), None);
    // `autofocus` does not apply to inserted elements: focus once mounted.
    Effect::new(move |_| {
        if input.get().is_some() {
            focus(input);
        }
    });

    view! {
        <Card screen="mfa" title=Msg::MfaTitle>
            <InfoRegion info=RwSignal::new(None) />
            <ErrorRegion error />
            <p class="lc-card__intro">{move || i18n.t(Msg::MfaIntro)}</p>
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <CodeField
                    id="mfa-code"
                    label=Msg::FieldMfaCode
                    value=code
                    node_ref=input
                    on_complete=Callback::new(submit)
                />
                <SubmitButton
                    testid="mfa-submit"
                    label=Msg::MfaSubmit
                    busy_label=Msg::MfaBusy
                    busy=pending
                />
            </form>
            <p class="lc-card__footer">
                <button type="button" class="lc-link lc-link--button" data-testid="mfa-cancel" on:click=cancel>
                    {move || i18n.t(Msg::BackToLogin)}
                </button>
            </p>
        </Card>
    }
}

/// Setting up an authenticator during sign-in (`screen-mfa-setup`):
/// `AssociateSoftwareToken` with the challenge session straight away, then
/// the enrolment widget, `VerifySoftwareToken` with the next session and
/// `RespondToAuthChallenge` (`MFA_SETUP`), which signs the user in.
#[component]
pub(crate) fn MfaSetupScreen(flow: SignInFlow) -> impl IntoView {
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
            <ErrorRegion error />
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
