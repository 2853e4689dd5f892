//! The new password a temporary one requires (`NEW_PASSWORD_REQUIRED`,
//! `screen-new-password`): a user an administrator created chooses their
//! own password, and fills in the required attributes the challenge lists.
//! The answer goes through the core's transition
//! (`cognito_client::flow::after_new_password`); the MFA steps may follow.

use super::flow::SignInFlow;
use crate::components::alerts::{ErrorRegion, InfoRegion};
use crate::components::form::SubmitButton;
use crate::components::layout::Card;
use crate::components::password_fields::{checked_new_password, NewPasswordFields};
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Arg, Msg, Notice};
use crate::session::now;
use cognito_client::flow::{after_new_password, AuthStep, Next};
use cognito_client::ops::AttributeType;
use cognito_client::secret::Password;
use leptos::prelude::*;

/// What the field of a required attribute is called, and the
/// `autocomplete` token that lets the browser fill it in (WHATWG HTML,
/// "Autofill"). Attributes without a label of their own are named as
/// Cognito names them.
fn attribute_field(name: &str) -> (Notice, &'static str) {
    match name {
        "name" => (Notice::new(Msg::FieldName), "name"),
        "given_name" => (Notice::new(Msg::FieldGivenName), "given-name"),
        "family_name" => (Notice::new(Msg::FieldFamilyName), "family-name"),
        "phone_number" => (Notice::new(Msg::FieldPhoneNumber), "tel"),
        other => (Notice::new(Msg::FieldAttribute).arg("name", other), "on"),
    }
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
            let value = value.get_untracked().trim().to_owned();
            if value.is_empty() {
                let (label, _) = attribute_field(&name);
                error.set(Some(Alert::new(
                    Notice::new(Msg::ErrAttributeRequired).arg("field", Arg::List(vec![label])),
                )));
                return;
            }
            given.push(AttributeType::new(name, value));
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
            let (label, autocomplete) = attribute_field(&name);
            let id = format!("new-password-attribute-{name}");
            view! {
                <div class="lc-field">
                    <label class="lc-field__label" for=id.clone()>
                        {move || i18n.render(&label)}
                    </label>
                    <div class="lc-field__control">
                        <input
                            class="lc-field__input"
                            id=id.clone()
                            name=id.clone()
                            type=if name == "phone_number" { "tel" } else { "text" }
                            autocomplete=autocomplete
                            required=true
                            data-testid=id
                            bind:value=value
                        />
                    </div>
                </div>
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
