//! The new password a temporary one requires (`NEW_PASSWORD_REQUIRED`,
//! `screen-new-password`): a user an administrator created chooses their
//! own password, and fills in the required attributes the challenge lists.
//! The answer goes through the core's transition
//! (`cognito_client::flow::after_new_password`); the MFA steps may follow.

use super::flow::SignInFlow;
use crate::components::alerts::{ErrorRegion, InfoRegion};
use crate::components::attribute_fields::{attribute_input, checked_value};
use crate::components::form::{SubmitButton, TextField};
use crate::components::layout::Card;
use crate::components::password_fields::{checked_new_password, NewPasswordFields};
use crate::config::{SignUpAttribute, SignUpField};
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg};
use crate::session::now;
use cognito_client::flow::{after_new_password, AuthStep, Next};
use cognito_client::ops::AttributeType;
use cognito_client::secret::Password;
use leptos::prelude::*;

/// The field of an attribute the challenge requires: a standard or custom
/// attribute of the sign-up form, or (a name Cognito may add later) a plain
/// text field named as Cognito names it.
fn required_field(name: &str) -> SignUpField {
    SignUpField::required(
        SignUpAttribute::from_name(name)
            .unwrap_or_else(|| SignUpAttribute::Custom(name.to_owned())),
    )
}

/// The new password (with the pool's rules and a confirmation) and one
/// field per required attribute (`new-password-attribute-<name>`).
#[component]
pub(super) fn NewPasswordCard(flow: SignInFlow) -> impl IntoView {
    let i18n = use_i18n();
    let AuthStep::NewPasswordRequired {
        username,
        required_attributes,
        ..
    } = flow.step.get_untracked()
    else {
        return ().into_any();
    };
    let policy = flow.auth().with_config(|c| c.password_policy.clone());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let attention = RwSignal::new(false);
    let error = RwSignal::new(None::<Alert>);
    let attributes: Vec<(String, RwSignal<String>)> = required_attributes
        .into_iter()
        .map(|name| (name, RwSignal::new(String::new())))
        .collect();
    let attributes = StoredValue::new(attributes);
    let user = StoredValue::new(username);

    let answer = Action::new_local(move |(new, given): &(Password, Vec<AttributeType>)| {
        let (new, given) = (new.clone(), given.clone());
        let step = flow.step.get_untracked();
        async move {
            let AuthStep::NewPasswordRequired {
                username,
                session,
                required_attributes,
                user_attributes,
            } = step
            else {
                return;
            };
            let result = flow
                .auth()
                .client()
                .respond_to_new_password_required(&username, &session, &new, &given)
                .await;
            let Next { step, error: e } = after_new_password(
                &username,
                &session,
                &required_attributes,
                &user_attributes,
                result,
                now(),
            );
            let alert = e.map(|e| flow.describe(Op::NewPassword, &e, &username));
            if let Some(alert) = flow.advance(step, alert) {
                error.set(Some(alert));
            }
        }
    });
    let pending = answer.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(new) = checked_new_password(&policy, password, confirm, error, attention) else {
            return;
        };
        let mut given = Vec::new();
        for (name, value) in attributes.get_value() {
            match checked_value(&required_field(&name), &value.get_untracked()) {
                Ok(value) => given.push(AttributeType::new(name, value.unwrap_or_default())),
                Err(notice) => {
                    error.set(Some(Alert::new(notice)));
                    return;
                }
            }
        }
        error.set(None);
        answer.dispatch((Password::new(new), given));
    };
    let cancel = move |_| flow.restart(user.get_value(), None);
    // `autofocus` does not apply to inserted elements: focus once mounted.
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        if let Some(input) = document()
            .get_element_by_id("new-password")
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = input.focus();
        }
    });

    let attribute_fields = attributes
        .get_value()
        .into_iter()
        .map(|(name, value)| {
            let input = attribute_input(&required_field(&name).attribute);
            view! {
                <TextField
                    id=format!("new-password-attribute-{name}")
                    label=input.label
                    value
                    input_type=input.input_type
                    autocomplete=input.autocomplete
                />
            }
        })
        .collect_view();
    let asks_more = attributes.with_value(|a| !a.is_empty());

    view! {
        <Card screen="new-password" title=Msg::NewPasswordTitle>
            <p class="lc-card__intro">{move || i18n.t(Msg::NewPasswordIntro)}</p>
            <InfoRegion info=RwSignal::new(None) />
            <ErrorRegion error />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                <NewPasswordFields
                    password_id="new-password"
                    confirm_id="new-password-confirm"
                    password
                    confirm
                    attention
                />
                {asks_more
                    .then(|| {
                        view! { <p class="lc-form__heading">{move || i18n.t(Msg::NewPasswordDetails)}</p> }
                    })}
                {attribute_fields}
                <SubmitButton
                    testid="new-password-submit"
                    label=Msg::NewPasswordSubmit
                    busy_label=Msg::NewPasswordBusy
                    busy=pending
                />
            </form>
            <p class="lc-card__footer">
                <button
                    type="button"
                    class="lc-link lc-link--button"
                    data-testid="new-password-cancel"
                    on:click=cancel
                >
                    {move || i18n.t(Msg::BackToLogin)}
                </button>
            </p>
        </Card>
    }
    .into_any()
}
