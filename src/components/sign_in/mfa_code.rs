//! The authenticator code at sign-in (`SOFTWARE_TOKEN_MFA`, `screen-mfa`).
//! The answer goes through the core's transition
//! (`cognito_client::flow::after_software_token_mfa`); this card only shows
//! the step it is given.

use super::flow::SignInFlow;
use crate::components::alerts::{ErrorRegion, InfoRegion};
use crate::components::form::{focus, is_otp, CodeField, SubmitButton};
use crate::components::layout::Card;
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg};
use crate::session::now;
use cognito_client::flow::{after_software_token_mfa, Next};
use cognito_client::secret::ChallengeSession;
use leptos::prelude::*;

/// The authenticator code (`screen-mfa`): one six-digit field that submits
/// itself on the sixth digit. A wrong code keeps the screen, empties the
/// field and focuses it; an expired session goes back to the password.
#[component]
pub(super) fn MfaCodeCard(
    flow: SignInFlow,
    username: String,
    session: ChallengeSession,
) -> impl IntoView {
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
            <ErrorRegion error keep_focus=true />
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
