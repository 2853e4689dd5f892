//! Fields for user attributes (sign-up, and the attributes a
//! `NEW_PASSWORD_REQUIRED` challenge asks for): each attribute's label,
//! input type and `autocomplete` token (WHATWG HTML, "Autofill"), and the
//! checks Cognito would otherwise fail the whole request on.

use super::form::{looks_like_email, Label};
use crate::config::{e164, SignUpAttribute, SignUpField, StandardAttribute};
use crate::i18n::{Msg, Notice};

/// Cognito's limit on a string attribute's value
/// (`AttributeType.Value`, "Length Constraints: Maximum length of 2048").
pub(crate) const MAX_ATTRIBUTE_CHARS: usize = 2048;

/// How an attribute's field looks.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AttributeInput {
    pub label: Label,
    pub input_type: &'static str,
    pub autocomplete: &'static str,
}

/// The field of `attribute`: its own translated label (or `FieldAttribute`,
/// the name as Cognito writes it, for a custom one), the input type that
/// brings the right keyboard or picker, and the autofill token.
pub(crate) fn attribute_input(attribute: &SignUpAttribute) -> AttributeInput {
    use StandardAttribute as S;
    let (label, input_type, autocomplete) = match attribute {
        SignUpAttribute::Standard(a) => match a {
            S::Address => (Msg::FieldAddress, "text", "street-address"),
            S::Birthdate => (Msg::FieldBirthdate, "date", "bday"),
            S::Email => (Msg::FieldEmail, "email", "email"),
            S::FamilyName => (Msg::FieldFamilyName, "text", "family-name"),
            S::Gender => (Msg::FieldGender, "text", "sex"),
            S::GivenName => (Msg::FieldGivenName, "text", "given-name"),
            S::Locale => (Msg::FieldLocale, "text", "language"),
            S::MiddleName => (Msg::FieldMiddleName, "text", "additional-name"),
            S::Name => (Msg::FieldName, "text", "name"),
            S::Nickname => (Msg::FieldNickname, "text", "nickname"),
            S::PhoneNumber => (Msg::FieldPhoneNumber, "tel", "tel"),
            S::Picture => (Msg::FieldPicture, "url", "photo"),
            S::PreferredUsername => (Msg::FieldPreferredUsername, "text", "off"),
            S::Profile => (Msg::FieldProfile, "url", "url"),
            S::Website => (Msg::FieldWebsite, "url", "url"),
            S::Zoneinfo => (Msg::FieldZoneinfo, "text", "off"),
        },
        SignUpAttribute::Custom(name) => {
            let short = name.strip_prefix("custom:").unwrap_or(name);
            return AttributeInput {
                label: Notice::new(Msg::FieldAttribute).arg("name", short).into(),
                input_type: "text",
                autocomplete: "off",
            };
        }
    };
    AttributeInput {
        label: label.into(),
        input_type,
        autocomplete,
    }
}

/// The field's label on screen: the host's own, else the attribute's; an
/// optional field says so.
pub(crate) fn field_label(field: &SignUpField) -> Label {
    let label = match &field.label {
        Some(text) => Label::Text(text.clone()),
        None => attribute_input(&field.attribute).label,
    };
    if field.required {
        label
    } else {
        Notice::new(Msg::FieldOptional)
            .arg("label", label.arg())
            .into()
    }
}

/// The element id (and `data-testid`) of an attribute's sign-up field:
/// `signup-given_name`, `signup-custom-company` (no `:`, which CSS
/// selectors would need escaped).
pub(crate) fn field_id(attribute: &SignUpAttribute) -> String {
    format!("signup-{}", attribute.name().replace(':', "-"))
}

/// The value to send for what was typed in `field`, `None` to send nothing
/// (an optional field left empty), or what is wrong with it, naming the
/// field. Phone numbers become E.164 as Cognito stores them.
pub(crate) fn checked_value(field: &SignUpField, typed: &str) -> Result<Option<String>, Notice> {
    let typed = typed.trim();
    let named = |msg: Msg| Notice::new(msg).arg("field", field_name(field).arg());
    if typed.is_empty() {
        return if field.required {
            Err(named(Msg::ErrAttributeRequired))
        } else {
            Ok(None)
        };
    }
    if typed.chars().count() > MAX_ATTRIBUTE_CHARS {
        return Err(named(Msg::ErrFieldTooLong).arg("max", MAX_ATTRIBUTE_CHARS.to_string()));
    }
    use StandardAttribute as S;
    match field.attribute.standard() {
        Some(S::Email) if !looks_like_email(typed) => Err(Notice::new(Msg::ErrEmailInvalid)),
        Some(S::PhoneNumber) => e164(typed)
            .map(Some)
            .ok_or_else(|| Notice::new(Msg::ErrPhoneInvalid)),
        Some(S::Birthdate) if !is_date(typed) => Err(Notice::new(Msg::ErrBirthdateInvalid)),
        Some(S::Picture | S::Profile | S::Website) if !typed.starts_with("https://") => {
            Err(named(Msg::ErrUrlInvalid))
        }
        _ => Ok(Some(typed.to_owned())),
    }
}

/// The field's name in an error: its label without "(optional)".
pub(crate) fn field_name(field: &SignUpField) -> Label {
    match &field.label {
        Some(text) => Label::Text(text.clone()),
        None => attribute_input(&field.attribute).label,
    }
}

/// `YYYY-MM-DD` with a real month and day (OpenID Connect Core 1.0, 5.1,
/// `birthdate`), as an `<input type="date">` gives it.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts[..] else { return false };
    // Digits only, so the parse cannot fail.
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().unwrap_or(0u32))
    };
    let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn field(name: &str, required: bool) -> SignUpField {
        let attribute = SignUpAttribute::from_name(name).unwrap();
        if required {
            SignUpField::required(attribute)
        } else {
            SignUpField::optional(attribute)
        }
    }

    fn error(name: &str, typed: &str) -> String {
        checked_value(&field(name, true), typed)
            .unwrap_err()
            .render(Lang::En)
    }

    #[test]
    fn values_are_checked_as_cognito_would() {
        assert_eq!(error("given_name", " "), "Fill in: Given name.");
        assert_eq!(
            checked_value(&field("given_name", false), "").unwrap(),
            None,
            "an optional field left empty sends nothing"
        );
        assert_eq!(
            checked_value(&field("phone_number", true), "+81 90 1234 5678").unwrap(),
            Some("+819012345678".into())
        );
        assert!(error("phone_number", "090").contains("country code"));
        assert!(error("birthdate", "1990-02-30").contains("YYYY-MM-DD"));
        assert_eq!(
            checked_value(&field("birthdate", true), "2000-02-29").unwrap(),
            Some("2000-02-29".into())
        );
        assert!(error("birthdate", "1900-02-29").contains("YYYY-MM-DD"));
        assert!(error("website", "http://example.com").contains("https://"));
        assert_eq!(
            error("website", "example.com"),
            "“Website” must be a web address starting with https://."
        );
        assert!(error("email", "nobody").contains("name@example.com"));
        let long = "x".repeat(MAX_ATTRIBUTE_CHARS + 1);
        assert!(
            error("custom:team", &long).contains("2048"),
            "{}",
            error("custom:team", &long)
        );
        let labelled = field("custom:team", true).label("Team");
        assert_eq!(
            checked_value(&labelled, "").unwrap_err().render(Lang::Ja),
            "次の項目を入力してください: Team。"
        );
    }

    #[test]
    fn labels_ids_and_autofill() {
        assert_eq!(
            field_label(&field("family_name", false)).render_in(Lang::En),
            "Family name (optional)"
        );
        assert_eq!(
            field_label(&field("custom:team", true)).render_in(Lang::En),
            "“team”"
        );
        assert_eq!(
            field_id(&field("custom:team", true).attribute),
            "signup-custom-team"
        );
        let birthdate = attribute_input(&SignUpAttribute::from_name("birthdate").unwrap());
        assert_eq!(
            (birthdate.input_type, birthdate.autocomplete),
            ("date", "bday")
        );
    }
}
