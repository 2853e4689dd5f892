//! What a pool's users sign in with, and how such names compare (Developer
//! Guide, "User pool attributes": "Username and preferred username" and
//! "Customizing sign-in attributes"; "User pool case sensitivity").
//!
//! A pool is one of two kinds, never both (`CreateUserPool` takes
//! `UsernameAttributes` or `AliasAttributes`):
//! * `UsernameAttributes` (`email` and/or `phone_number`): the user signs up
//!   with an e-mail address or phone number as the `Username`; it becomes
//!   that attribute, and the internal username (`cognito:username`) is a
//!   UUID, the same as `sub`. The attribute names the user whether verified
//!   or not, and no two users may have the same value.
//! * a username pool, optionally with `AliasAttributes` (`email`,
//!   `phone_number`, `preferred_username`): the chosen username is the
//!   internal username; an e-mail address or phone number also signs in
//!   once it is verified, and is then unique among verified ones;
//!   `preferred_username` signs in once set.
//!
//! With `UsernameConfiguration.CaseSensitive = false` (the console's
//! default, and this emulator's), usernames, e-mail addresses and preferred
//! usernames are found whatever their case; values keep the case they were
//! created with ("Amazon Cognito stores the email address as you entered
//! it, but handles it as case-insensitive for authentication", AWS
//! re:Post knowledge center, "cognito-signin-case-sensitivity"). Phone
//! numbers have no case.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An attribute users can sign in with (`UsernameAttributeType`,
/// `AliasAttributeType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SignInAttribute {
    /// `email`.
    #[serde(rename = "email")]
    Email,
    /// `phone_number`, E.164.
    #[serde(rename = "phone_number")]
    PhoneNumber,
    /// Only an alias, never a `UsernameAttributes` entry.
    #[serde(rename = "preferred_username")]
    PreferredUsername,
}

impl SignInAttribute {
    /// The attribute's name.
    pub fn as_str(self) -> &'static str {
        match self {
            SignInAttribute::Email => "email",
            SignInAttribute::PhoneNumber => "phone_number",
            SignInAttribute::PreferredUsername => "preferred_username",
        }
    }

    /// The attribute saying whether the value is verified (`email_verified`,
    /// `phone_number_verified`); `preferred_username` has none.
    pub fn verified_flag(self) -> Option<&'static str> {
        match self {
            SignInAttribute::Email => Some("email_verified"),
            SignInAttribute::PhoneNumber => Some("phone_number_verified"),
            SignInAttribute::PreferredUsername => None,
        }
    }
}

/// How a pool names its users: [`crate::config::PoolConfig::sign_in`].
#[derive(Clone, Copy, Debug)]
pub struct SignIn<'a> {
    /// `UsernameAttributes`; non-empty means the internal username is a UUID.
    pub username_attributes: &'a [SignInAttribute],
    /// `AliasAttributes` of a username pool.
    pub alias_attributes: &'a [SignInAttribute],
    /// `UsernameConfiguration.CaseSensitive`.
    pub case_sensitive: bool,
}

impl SignIn<'_> {
    /// Whether users sign up with an e-mail address or phone number as
    /// `Username` (and get a UUID as their internal username).
    pub fn by_attribute(&self) -> bool {
        !self.username_attributes.is_empty()
    }

    /// The attributes that name a user besides the internal username.
    pub fn attributes(&self) -> &[SignInAttribute] {
        if self.by_attribute() {
            self.username_attributes
        } else {
            self.alias_attributes
        }
    }

    /// Whether `attribute` names users in this pool.
    pub fn has(&self, attribute: SignInAttribute) -> bool {
        self.attributes().contains(&attribute)
    }

    /// Whether two internal usernames are the same name in this pool.
    pub fn same_username(&self, a: &str, b: &str) -> bool {
        a == b || (!self.case_sensitive && fold(a) == fold(b))
    }

    /// Whether two values of `attribute` are the same name in this pool.
    pub fn same_value(&self, attribute: SignInAttribute, a: &str, b: &str) -> bool {
        match attribute {
            SignInAttribute::PhoneNumber => a == b,
            _ => self.same_username(a, b),
        }
    }

    /// The value through which `attribute` names the user with these
    /// `attributes` now: any value in a pool that signs in by attribute; in
    /// a username pool a verified e-mail address or phone number ("Phone
    /// numbers and email addresses only become active aliases for a user
    /// after [they] are verified"), or a preferred username.
    pub fn active_value<'v>(
        &self,
        attribute: SignInAttribute,
        attributes: &'v BTreeMap<String, String>,
    ) -> Option<&'v str> {
        if !self.has(attribute) {
            return None;
        }
        let value = attributes.get(attribute.as_str())?;
        let verified = || {
            attribute
                .verified_flag()
                .is_none_or(|flag| attributes.get(flag).is_some_and(|v| v == "true"))
        };
        (self.by_attribute() || verified()).then_some(value.as_str())
    }
}

/// The case-folded form names are compared in.
fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// A phone number as Cognito takes it: E.164, a `+`, the country code and
/// the number, digits only, at most 15 of them (Developer Guide, "User pool
/// attributes": "A phone number must start with a plus (+) sign, followed
/// immediately by the country code. A phone number can only contain the +
/// sign and digits").
pub fn is_phone_number(value: &str) -> bool {
    let Some(digits) = value.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Whether `value` was meant as a phone number (digits with the usual
/// separators), so a malformed one is told "Invalid phone number format."
/// rather than that it is not a phone number at all.
pub fn looks_like_phone_number(value: &str) -> bool {
    value.bytes().filter(u8::is_ascii_digit).count() >= 3
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn phone_numbers_are_e164() {
        for ok in ["+819012345678", "+14325551212", "+44"] {
            assert!(is_phone_number(ok), "{ok}");
        }
        for bad in [
            "819012345678",
            "+81 90 1234 5678",
            "+81-90-1234-5678",
            "+0901234567",
            "+1234567890123456",
            "+",
            "+8",
            "+81a",
        ] {
            assert!(!is_phone_number(bad), "{bad}");
        }
        assert!(looks_like_phone_number("090-1234-5678"));
        assert!(looks_like_phone_number("(03) 1234 5678"));
        assert!(!looks_like_phone_number("hanako"));
        assert!(!looks_like_phone_number("h4n4k0"));
    }

    #[test]
    fn aliases_name_users_once_verified_attributes_always() {
        use SignInAttribute::*;
        let alias = SignIn {
            username_attributes: &[],
            alias_attributes: &[Email, PhoneNumber, PreferredUsername],
            case_sensitive: false,
        };
        let unverified = attrs(&[
            ("email", "a@example.com"),
            ("email_verified", "false"),
            ("phone_number", "+819012345678"),
            ("preferred_username", "Hana"),
        ]);
        assert_eq!(alias.active_value(Email, &unverified), None);
        assert_eq!(alias.active_value(PhoneNumber, &unverified), None);
        assert_eq!(
            alias.active_value(PreferredUsername, &unverified),
            Some("Hana")
        );
        let verified = attrs(&[("email", "a@example.com"), ("email_verified", "true")]);
        assert_eq!(alias.active_value(Email, &verified), Some("a@example.com"));

        let by_email = SignIn {
            username_attributes: &[Email],
            alias_attributes: &[],
            case_sensitive: false,
        };
        assert!(by_email.by_attribute());
        assert_eq!(
            by_email.active_value(Email, &unverified),
            Some("a@example.com")
        );
        assert_eq!(by_email.active_value(PhoneNumber, &unverified), None);
    }

    #[test]
    fn case_folds_unless_the_pool_is_case_sensitive() {
        use SignInAttribute::*;
        let mut pool = SignIn {
            username_attributes: &[],
            alias_attributes: &[Email],
            case_sensitive: false,
        };
        assert!(pool.same_username("Hanako", "hanako"));
        assert!(pool.same_value(Email, "A@Example.com", "a@example.COM"));
        pool.case_sensitive = true;
        assert!(!pool.same_username("Hanako", "hanako"));
        assert!(!pool.same_value(Email, "A@Example.com", "a@example.com"));
        assert!(pool.same_value(PhoneNumber, "+8190", "+8190"));
    }
}
