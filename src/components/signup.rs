//! Sign-up: the username (an email address, a phone number or a username,
//! as the pool signs in), the attributes the pool requires and any others
//! asked for (`signUpAttributes`, or an `Authenticator`'s `sign_up_fields`),
//! and a password with live rules.

use super::alerts::{ErrorRegion, InfoRegion};
use super::attribute_fields::{attribute_input, checked_value, field_id, field_label, field_name};
use super::federated::FederatedSignIn;
use super::form::{Label, NavLink, SubmitButton, TextField};
use super::identifier::sign_in_name;
use super::layout::Card;
use super::options::{use_flow_options, SignUpValidator};
use super::password_rules::{PasswordRules, RULES_ID};
use crate::config::{after_username, SignInWith, SignUpAttribute, SignUpField, StandardAttribute};
use crate::errors::{rule_notice, Alert, Op};
use crate::flash::ScreenKind;
use crate::i18n::{use_i18n, Arg, Msg, Notice};
use crate::nav::{use_nav, Screen};
use cognito_client::flow::{after_sign_up, AuthStep};
use cognito_client::ops::AttributeType;
use cognito_client::secret::Password;
use leptos::prelude::*;

/// The sign-up form's first field: the username, which in a pool that signs
/// in by email or phone number is that attribute too.
fn username_field(with: SignInWith) -> Option<SignUpField> {
    with.username_attribute()
        .map(|a| SignUpField::required(SignUpAttribute::Standard(a)))
}

/// The Username to send and its attributes, or the first problem, in the
/// order of the form. `validator` is the host's own check of each value.
fn sign_up_request(
    with: SignInWith,
    username: &str,
    fields: &[(SignUpField, String)],
    validator: Option<SignUpValidator>,
) -> Result<(String, Vec<AttributeType>), Notice> {
    let mut attributes = Vec::new();
    // The host's own check: the problem it names, under the field's label.
    let check = |attribute: &str, label: Label, value: &str| -> Result<(), Notice> {
        match validator.and_then(|v| v.0.run((attribute.to_owned(), value.to_owned()))) {
            Some(problem) => Err(Notice::new(Msg::ErrFieldInvalid)
                .arg("field", label.arg())
                .arg("problem", problem)),
            None => Ok(()),
        }
    };
    let name = match username_field(with) {
        Some(field) => {
            // Checked as the sign-in field of a pool signing in by it.
            let as_sign_in = match field.attribute.standard() {
                Some(StandardAttribute::PhoneNumber) => SignInWith::PhoneNumber,
                _ => SignInWith::Email,
            };
            let value = sign_in_name(as_sign_in, username)?;
            check(
                field.attribute.name(),
                attribute_input(&field.attribute).label,
                &value,
            )?;
            attributes.push(AttributeType::new(field.attribute.name(), value.clone()));
            value
        }
        None if username.trim().is_empty() => return Err(Notice::new(Msg::ErrUsernameRequired)),
        None => {
            let name = username.trim().to_owned();
            check("username", Label::from(Msg::FieldUsername), &name)?;
            name
        }
    };
    for (field, typed) in fields {
        let Some(value) = checked_value(field, typed)? else {
            continue;
        };
        check(field.attribute.name(), field_name(field), &value)?;
        attributes.push(AttributeType::new(field.attribute.name(), value));
    }
    Ok((name, attributes))
}

/// The sign-up screen (`screen-signup`).
#[component]
pub fn SignUpScreen() -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let options = use_flow_options();
    let validator = use_context::<SignUpValidator>();
    let (policy, with, configured) = auth.with_config(|c| {
        (
            c.password_policy.clone(),
            c.sign_in_with(),
            c.sign_up_fields.clone(),
        )
    });
    let username_field = username_field(with);
    // The host's fields, else the config's.
    let fields: Vec<(SignUpField, RwSignal<String>)> = match options.sign_up_fields {
        Some(host) => after_username(host, with),
        None => configured,
    }
    .into_iter()
    .map(|f| (f, RwSignal::new(String::new())))
    .collect();
    let fields = StoredValue::new(fields);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let rules_attention = RwSignal::new(false);
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(nav.take_flash(ScreenKind::SignUp));

    let sign_up = Action::new_local(
        move |(username, password, attributes): &(String, Password, Vec<AttributeType>)| {
            let (username, password, attributes) =
                (username.clone(), password.clone(), attributes.clone());
            async move {
                let client = auth.client();
                match client.sign_up(&username, &password, attributes).await {
                    Ok(response) => match after_sign_up(&username, &response) {
                        AuthStep::ConfirmSignUp { username, delivery } => {
                            let notice = match delivery.and_then(|d| d.destination) {
                                Some(destination) => {
                                    Notice::new(Msg::InfoCodeSent).arg("destination", destination)
                                }
                                None => Notice::new(Msg::InfoCodeSentNoDestination),
                            };
                            nav.go_with(Screen::confirm(username), notice)
                        }
                        // Confirmed already (a PreSignUp trigger auto-confirmed it).
                        _ => nav.go_with(
                            Screen::login(username),
                            Notice::new(Msg::InfoSignedUpConfirmed),
                        ),
                    },
                    Err(e) => error.set(Some(auth.describe(Op::SignUp, &e, &username))),
                }
            }
        },
    );
    let pending = sign_up.pending();

    let submit_policy = policy.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let typed: Vec<(SignUpField, String)> = fields.with_value(|fields| {
            fields
                .iter()
                .map(|(f, value)| (f.clone(), value.get_untracked()))
                .collect()
        });
        let secret = password.get_untracked();
        let unmet = submit_policy.unmet_rules(&secret);
        let request = sign_up_request(with, &username.get_untracked(), &typed, validator);
        let problem = match &request {
            Err(notice) => Some(Alert::new(notice.clone())),
            Ok(_) if secret.is_empty() => Some(Alert::new(Msg::ErrPasswordRequired)),
            Ok(_) if !unmet.is_empty() => {
                rules_attention.set(true);
                Some(Alert::new(Notice::new(Msg::ErrPasswordRules).arg(
                    "rules",
                    Arg::List(unmet.into_iter().map(rule_notice).collect()),
                )))
            }
            Ok(_) => None,
        };
        if let Some(alert) = problem {
            error.set(Some(alert));
            return;
        }
        let Ok((name, attributes)) = request else {
            return;
        };
        error.set(None);
        info.set(None);
        sign_up.dispatch((name, Password::new(secret), attributes));
    };

    let first = match &username_field {
        Some(field) => {
            let input = attribute_input(&field.attribute);
            view! {
                <TextField
                    id=field_id(&field.attribute)
                    label=input.label
                    value=username
                    input_type=input.input_type
                    autocomplete=input.autocomplete
                    autofocus=true
                />
            }
            .into_any()
        }
        None => view! {
            <TextField
                id="signup-username"
                label=Msg::FieldUsername
                value=username
                autocomplete="username"
                autofocus=true
            />
        }
        .into_any(),
    };
    let attribute_fields = fields.with_value(|fields| {
        fields
            .iter()
            .map(|(field, value)| {
                let input = attribute_input(&field.attribute);
                view! {
                    <TextField
                        id=field_id(&field.attribute)
                        label=field_label(field)
                        value=*value
                        input_type=input.input_type
                        autocomplete=input.autocomplete
                        optional=!field.required
                    />
                }
            })
            .collect_view()
    });

    view! {
        <Card screen="signup" title=Msg::SignUpTitle>
            <InfoRegion info />
            <ErrorRegion error />
            <form class="lc-form" novalidate=true on:submit=on_submit>
                {first}
                {attribute_fields}
                <TextField
                    id="signup-password"
                    label=Msg::FieldPassword
                    value=password
                    input_type="password"
                    autocomplete="new-password"
                    describedby=RULES_ID
                    revealable=true
                />
                <PasswordRules policy password attention=rules_attention />
                <SubmitButton
                    testid="signup-submit"
                    label=Msg::SignUpSubmit
                    busy_label=Msg::SignUpBusy
                    busy=pending
                />
            </form>
            <FederatedSignIn />
            <p class="lc-card__footer">
                {move || i18n.t(Msg::SignUpHaveAccount)}
                " "
                <NavLink testid="to-login" to=Screen::login("") label=Msg::SignUpToLogin />
            </p>
        </Card>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn names(attributes: &[AttributeType]) -> Vec<(String, String)> {
        attributes
            .iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect()
    }

    #[test]
    fn the_request_follows_the_pool() {
        let given = SignUpField::required(SignUpAttribute::Standard(StandardAttribute::GivenName));
        let team = SignUpField::optional(SignUpAttribute::Custom("custom:team".into()));
        let fields = [
            (given.clone(), " Hanako ".to_owned()),
            (team, String::new()),
        ];

        // A phone pool: the number is the Username and the attribute, E.164.
        let (name, attributes) =
            sign_up_request(SignInWith::PhoneNumber, "+81 90-1234-5678", &fields, None).unwrap();
        assert_eq!(name, "+819012345678");
        assert_eq!(
            names(&attributes),
            [
                ("phone_number".into(), "+819012345678".into()),
                ("given_name".into(), "Hanako".into())
            ]
        );
        // A username pool: the username is no attribute.
        let username = SignInWith::Username {
            email: true,
            phone_number: false,
        };
        let (name, attributes) = sign_up_request(username, " hanako ", &fields, None).unwrap();
        assert_eq!(name, "hanako");
        assert_eq!(names(&attributes), [("given_name".into(), "Hanako".into())]);
        let render =
            |r: Result<(String, Vec<AttributeType>), Notice>| r.unwrap_err().render(Lang::En);
        assert_eq!(
            render(sign_up_request(username, " ", &fields, None)),
            "Enter your username."
        );
        assert_eq!(
            render(sign_up_request(SignInWith::Email, "", &fields, None)),
            "Enter your email address."
        );
        assert_eq!(
            render(sign_up_request(SignInWith::PhoneNumber, "", &fields, None)),
            "Enter your phone number."
        );
        let empty = [(given, String::new())];
        assert_eq!(
            render(sign_up_request(
                SignInWith::Email,
                "a@example.com",
                &empty,
                None
            )),
            "Fill in: Given name."
        );
    }
}
