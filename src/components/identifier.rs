//! The field users sign in with, as the pool is set up (`usernameAttributes`
//! and `aliasAttributes`): its label, input type and what it accepts, on
//! the sign-in, confirmation and password-reset screens alike.

use super::form::{email_problem, looks_like_email, Label, TextField};
use crate::config::{e164, SignInWith};
use crate::i18n::{Msg, Notice};
use leptos::prelude::*;

/// What the pool's users sign in with; `confirming`: before the sign-up is
/// confirmed, when aliases do not sign in yet.
pub(crate) fn pool_sign_in(confirming: bool) -> SignInWith {
    let with = crate::use_auth().with_config(|c| c.sign_in_with());
    if confirming {
        with.before_confirmation()
    } else {
        with
    }
}

/// The sign-in field (`autocomplete="username"`, which password managers
/// fill whatever the pool signs in with), labelled and typed for `with`.
#[component]
pub(crate) fn IdentifierInput(
    id: &'static str,
    with: SignInWith,
    value: RwSignal<String>,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let field = IdentifierField::of(with);
    view! {
        <TextField
            id
            label=field.label
            value
            input_type=field.input_type
            autocomplete="username"
            autofocus
        />
    }
}

/// How the sign-in field looks for a pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct IdentifierField {
    /// Its label.
    pub label: Msg,
    /// The input's `type`: `email` and `tel` bring the matching keyboard.
    pub input_type: &'static str,
}

impl IdentifierField {
    /// The field for a pool whose users sign in `with` this.
    pub(crate) fn of(with: SignInWith) -> Self {
        let (label, input_type) = match with {
            SignInWith::Email => (Msg::FieldEmail, "email"),
            SignInWith::PhoneNumber => (Msg::FieldPhoneNumber, "tel"),
            SignInWith::EmailOrPhoneNumber => (Msg::FieldEmailOrPhone, "text"),
            SignInWith::Username {
                email,
                phone_number,
            } => match (email, phone_number) {
                (false, false) => (Msg::FieldUsername, "text"),
                (true, false) => (Msg::FieldUsernameOrEmail, "text"),
                (false, true) => (Msg::FieldUsernameOrPhone, "text"),
                (true, true) => (Msg::FieldUsernameEmailOrPhone, "text"),
            },
        };
        Self { label, input_type }
    }
}

/// What to send as `USERNAME` for what was typed, or why it cannot be one:
/// trimmed; a phone number as E.164 (`+81 90-1234-5678` → `+819012345678`),
/// as Cognito stores it. Cognito has the final word on the rest.
pub(crate) fn sign_in_name(with: SignInWith, typed: &str) -> Result<String, Notice> {
    let typed = typed.trim();
    let phone = || e164(typed).ok_or_else(|| Notice::new(Msg::ErrPhoneInvalid));
    match with {
        SignInWith::Email => match email_problem(typed) {
            Some(msg) => Err(Notice::new(msg)),
            None => Ok(typed.to_owned()),
        },
        SignInWith::PhoneNumber if typed.is_empty() => Err(Notice::new(Msg::ErrPhoneRequired)),
        SignInWith::PhoneNumber => phone(),
        SignInWith::EmailOrPhoneNumber if typed.is_empty() => {
            Err(Notice::new(Msg::ErrAttributeRequired)
                .arg("field", Label::from(Msg::FieldEmailOrPhone).arg()))
        }
        SignInWith::EmailOrPhoneNumber if typed.contains('@') => match looks_like_email(typed) {
            true => Ok(typed.to_owned()),
            false => Err(Notice::new(Msg::ErrEmailInvalid)),
        },
        SignInWith::EmailOrPhoneNumber => {
            e164(typed).ok_or_else(|| Notice::new(Msg::ErrEmailOrPhoneInvalid))
        }
        SignInWith::Username { .. } if typed.is_empty() => {
            Err(Notice::new(Msg::ErrUsernameRequired))
        }
        // A phone-number alias is matched as Cognito stores it; anything
        // else is a username (or an email alias) as typed.
        SignInWith::Username {
            phone_number: true, ..
        } if typed.starts_with('+') => Ok(e164(typed).unwrap_or_else(|| typed.to_owned())),
        SignInWith::Username { .. } => Ok(typed.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn err(with: SignInWith, typed: &str) -> Msg {
        sign_in_name(with, typed).unwrap_err().msg
    }

    #[test]
    fn each_pool_takes_what_signs_in_there() {
        use SignInWith as W;
        let user = W::Username {
            email: true,
            phone_number: true,
        };
        assert_eq!(
            sign_in_name(W::Email, " a@example.com ").unwrap(),
            "a@example.com"
        );
        assert_eq!(err(W::Email, ""), Msg::ErrEmailRequired);
        assert_eq!(
            sign_in_name(W::PhoneNumber, "+81 90-1234-5678").unwrap(),
            "+819012345678"
        );
        assert_eq!(err(W::PhoneNumber, "09012345678"), Msg::ErrPhoneInvalid);
        assert_eq!(err(W::PhoneNumber, " "), Msg::ErrPhoneRequired);
        assert_eq!(
            sign_in_name(W::EmailOrPhoneNumber, "+1 206 555 0100").unwrap(),
            "+12065550100"
        );
        assert_eq!(
            sign_in_name(W::EmailOrPhoneNumber, "a@b.jp").unwrap(),
            "a@b.jp"
        );
        assert_eq!(
            err(W::EmailOrPhoneNumber, "hanako"),
            Msg::ErrEmailOrPhoneInvalid
        );
        assert_eq!(err(W::EmailOrPhoneNumber, "a@"), Msg::ErrEmailInvalid);
        let required = sign_in_name(W::EmailOrPhoneNumber, "").unwrap_err();
        assert_eq!(required.render(Lang::En), "Fill in: Email or phone number.");
        assert_eq!(sign_in_name(user, " Hanako ").unwrap(), "Hanako");
        assert_eq!(
            sign_in_name(user, "+81 90 1234 5678").unwrap(),
            "+819012345678"
        );
        assert_eq!(
            sign_in_name(user, "hanako@example.com").unwrap(),
            "hanako@example.com"
        );
        assert_eq!(err(user, ""), Msg::ErrUsernameRequired);
    }

    #[test]
    fn the_field_follows_the_pool() {
        let f = IdentifierField::of(SignInWith::PhoneNumber);
        assert_eq!((f.label, f.input_type), (Msg::FieldPhoneNumber, "tel"));
        let f = IdentifierField::of(SignInWith::Username {
            email: true,
            phone_number: false,
        });
        assert_eq!((f.label, f.input_type), (Msg::FieldUsernameOrEmail, "text"));
    }
}
