//! How users of the pool sign in (Cognito's `UsernameAttributes` and
//! `AliasAttributes`), and the user attributes the sign-up screen asks for.
//!
//! Cognito: "User pool attributes",
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html>.

/// The standard attributes of a Cognito user pool that a user can give at
/// sign-up (`sub`, `updated_at` and the `*_verified` flags are Cognito's own).
///
/// ```
/// use leptos_cognito::StandardAttribute;
///
/// assert_eq!(StandardAttribute::from_name("given_name"), Some(StandardAttribute::GivenName));
/// assert_eq!(StandardAttribute::GivenName.name(), "given_name");
/// assert_eq!(StandardAttribute::from_name("sub"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StandardAttribute {
    /// `address`
    Address,
    /// `birthdate`: `YYYY-MM-DD` (OpenID Connect Core 1.0, 5.1).
    Birthdate,
    /// `email`
    Email,
    /// `family_name`
    FamilyName,
    /// `gender`
    Gender,
    /// `given_name`
    GivenName,
    /// `locale`: a BCP 47 tag such as `ja-JP`.
    Locale,
    /// `middle_name`
    MiddleName,
    /// `name`: the full name.
    Name,
    /// `nickname`
    Nickname,
    /// `phone_number`: E.164, `+` and the country code (`+819012345678`).
    PhoneNumber,
    /// `picture`: a URL.
    Picture,
    /// `preferred_username`: in a pool with it as an alias, Cognito refuses
    /// it at sign-up ("Preferred username cannot be provided for
    /// unconfirmed account"); it can be asked for elsewhere.
    PreferredUsername,
    /// `profile`: a URL.
    Profile,
    /// `website`: a URL.
    Website,
    /// `zoneinfo`: a time zone such as `Asia/Tokyo`.
    Zoneinfo,
}

impl StandardAttribute {
    /// Every standard attribute a user can give.
    pub const ALL: [StandardAttribute; 16] = [
        Self::Address,
        Self::Birthdate,
        Self::Email,
        Self::FamilyName,
        Self::Gender,
        Self::GivenName,
        Self::Locale,
        Self::MiddleName,
        Self::Name,
        Self::Nickname,
        Self::PhoneNumber,
        Self::Picture,
        Self::PreferredUsername,
        Self::Profile,
        Self::Website,
        Self::Zoneinfo,
    ];

    /// The Cognito attribute name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Birthdate => "birthdate",
            Self::Email => "email",
            Self::FamilyName => "family_name",
            Self::Gender => "gender",
            Self::GivenName => "given_name",
            Self::Locale => "locale",
            Self::MiddleName => "middle_name",
            Self::Name => "name",
            Self::Nickname => "nickname",
            Self::PhoneNumber => "phone_number",
            Self::Picture => "picture",
            Self::PreferredUsername => "preferred_username",
            Self::Profile => "profile",
            Self::Website => "website",
            Self::Zoneinfo => "zoneinfo",
        }
    }

    /// The attribute with this Cognito name, exactly.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// A user attribute the sign-up screen can ask for: a standard one, or a
/// custom one (`custom:` and 1 to 20 characters, as Cognito allows).
///
/// ```
/// use leptos_cognito::{SignUpAttribute, StandardAttribute};
///
/// assert_eq!(
///     SignUpAttribute::from_name("custom:company"),
///     Some(SignUpAttribute::Custom("custom:company".into())),
/// );
/// assert_eq!(SignUpAttribute::from_name("name"), Some(SignUpAttribute::Standard(StandardAttribute::Name)));
/// assert_eq!(SignUpAttribute::from_name("Name"), None);
/// assert_eq!(SignUpAttribute::from_name("custom:"), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SignUpAttribute {
    /// A standard attribute.
    Standard(StandardAttribute),
    /// A custom attribute, by its full name (`custom:company`).
    Custom(String),
}

impl SignUpAttribute {
    /// `email`.
    pub const EMAIL: SignUpAttribute = SignUpAttribute::Standard(StandardAttribute::Email);
    /// `name`.
    pub const NAME: SignUpAttribute = SignUpAttribute::Standard(StandardAttribute::Name);

    /// The Cognito attribute name.
    pub fn name(&self) -> &str {
        match self {
            Self::Standard(a) => a.name(),
            Self::Custom(name) => name,
        }
    }

    /// The attribute with this Cognito name, exactly.
    pub fn from_name(name: &str) -> Option<Self> {
        if let Some(rest) = name.strip_prefix("custom:") {
            let n = rest.chars().count();
            return ((1..=20).contains(&n) && !rest.chars().any(char::is_control))
                .then(|| Self::Custom(name.to_owned()));
        }
        StandardAttribute::from_name(name).map(Self::Standard)
    }

    /// The standard attribute, if it is one.
    pub fn standard(&self) -> Option<StandardAttribute> {
        match self {
            Self::Standard(a) => Some(*a),
            Self::Custom(_) => None,
        }
    }
}

/// One field of the sign-up form: the attribute, whether it must be given,
/// and optionally a label of the host's own (shown as is, in every
/// language). From `signUpAttributes` in `config.json`, or the
/// `sign_up_fields` of `<Authenticator>`.
///
/// ```
/// use leptos_cognito::{AuthConfig, SignUpAttribute, SignUpField};
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "signUpAttributes": ["name", { "name": "custom:company", "label": "Company", "required": false }]
/// }"#).unwrap();
/// assert_eq!(
///     config.sign_up_fields[1],
///     SignUpField::optional(SignUpAttribute::Custom("custom:company".into())).label("Company"),
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignUpField {
    /// The attribute the field sets.
    pub attribute: SignUpAttribute,
    /// Whether sign-up waits for a value (as the pool's required attributes).
    pub required: bool,
    /// The label, instead of the attribute's own (which is translated).
    pub label: Option<String>,
}

impl SignUpField {
    /// A field the user must fill in.
    pub fn required(attribute: SignUpAttribute) -> Self {
        Self {
            attribute,
            required: true,
            label: None,
        }
    }

    /// A field the user may leave empty (then the attribute is not sent).
    pub fn optional(attribute: SignUpAttribute) -> Self {
        Self {
            required: false,
            ..Self::required(attribute)
        }
    }

    /// With a label of the host's own.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// The fields sign-up asks for after the username: `fields` in order, each
/// attribute once, without the username attribute (the form's first field).
/// Applied to `signUpAttributes` and to an `<Authenticator>`'s
/// `sign_up_fields` alike.
pub(crate) fn after_username(fields: Vec<SignUpField>, with: SignInWith) -> Vec<SignUpField> {
    let username = with.username_attribute();
    let mut kept: Vec<SignUpField> = Vec::new();
    for field in fields {
        let is_username = username.is_some() && field.attribute.standard() == username;
        if !is_username && !kept.iter().any(|f| f.attribute == field.attribute) {
            kept.push(field);
        }
    }
    kept
}

/// What a user signs in with in a pool with `UsernameAttributes` (Cognito:
/// "the user's email address or phone number is the username").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UsernameAttribute {
    /// `email`
    Email,
    /// `phone_number`
    PhoneNumber,
}

impl UsernameAttribute {
    /// The Cognito attribute name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::PhoneNumber => "phone_number",
        }
    }

    /// The attribute with this Cognito name, exactly.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Email, Self::PhoneNumber]
            .into_iter()
            .find(|a| a.name() == name)
    }
}

/// What else signs in, besides the username, in a username pool with
/// `AliasAttributes` (a verified email address or phone number, or the
/// `preferred_username`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AliasAttribute {
    /// `email`
    Email,
    /// `phone_number`
    PhoneNumber,
    /// `preferred_username`
    PreferredUsername,
}

impl AliasAttribute {
    /// The Cognito attribute name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::PhoneNumber => "phone_number",
            Self::PreferredUsername => "preferred_username",
        }
    }

    /// The attribute with this Cognito name, exactly.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Email, Self::PhoneNumber, Self::PreferredUsername]
            .into_iter()
            .find(|a| a.name() == name)
    }
}

/// What the pool's users type to sign in (Amplify's `loginMechanisms`):
/// decides the sign-in field's label, input type and what it accepts.
///
/// ```
/// use leptos_cognito::{AuthConfig, SignInWith};
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "usernameAttributes": ["phone_number"]
/// }"#).unwrap();
/// assert_eq!(config.sign_in_with(), SignInWith::PhoneNumber);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignInWith {
    /// The email address is the username.
    Email,
    /// The phone number is the username.
    PhoneNumber,
    /// Either is the username.
    EmailOrPhoneNumber,
    /// A username, and the aliases that also sign in.
    Username {
        /// A verified email address also signs in.
        email: bool,
        /// A verified phone number also signs in.
        phone_number: bool,
    },
}

impl SignInWith {
    /// From the pool's `UsernameAttributes` and `AliasAttributes`.
    pub fn of(usernames: &[UsernameAttribute], aliases: &[AliasAttribute]) -> Self {
        let email = usernames.contains(&UsernameAttribute::Email);
        let phone = usernames.contains(&UsernameAttribute::PhoneNumber);
        match (email, phone) {
            (true, true) => Self::EmailOrPhoneNumber,
            (true, false) => Self::Email,
            (false, true) => Self::PhoneNumber,
            (false, false) => Self::Username {
                email: aliases.contains(&AliasAttribute::Email),
                phone_number: aliases.contains(&AliasAttribute::PhoneNumber),
            },
        }
    }

    /// Whether a phone number signs in (the username, or a verified alias).
    pub fn signs_in_by_phone(self) -> bool {
        matches!(
            self,
            Self::PhoneNumber
                | Self::EmailOrPhoneNumber
                | Self::Username {
                    phone_number: true,
                    ..
                }
        )
    }

    /// What signs in before the sign-up is confirmed, when aliases do not
    /// yet (Cognito makes an address an alias once it is verified).
    pub fn before_confirmation(self) -> Self {
        match self {
            Self::Username { .. } => Self::Username {
                email: false,
                phone_number: false,
            },
            other => other,
        }
    }

    /// The attribute the sign-up form's first field sets as the username,
    /// if the username is an attribute: the email address where it signs
    /// in, else the phone number (the other may be asked for with
    /// `signUpAttributes`).
    pub fn username_attribute(self) -> Option<StandardAttribute> {
        match self {
            Self::Email | Self::EmailOrPhoneNumber => Some(StandardAttribute::Email),
            Self::PhoneNumber => Some(StandardAttribute::PhoneNumber),
            Self::Username { .. } => None,
        }
    }
}

/// A phone number as Cognito takes it (E.164: `+`, the country code and up
/// to fifteen digits in all), from what a person types: spaces, dots,
/// hyphens and brackets are dropped. `None` if it is not one.
pub(crate) fn e164(typed: &str) -> Option<String> {
    let digits: String = typed
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
        .collect();
    let rest = digits.strip_prefix('+')?;
    let ok = (4..=15).contains(&rest.len())
        && rest.chars().all(|c| c.is_ascii_digit())
        && !rest.starts_with('0');
    ok.then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_made_e164_or_refused() {
        assert_eq!(e164(" +1 (206) 555-0100 ").as_deref(), Some("+12065550100"));
        assert_eq!(e164("+819012345678").as_deref(), Some("+819012345678"));
        for bad in [
            "",
            "+",
            "819012345678",
            "+0123456",
            "+81 90 abcd",
            "+1234567890123456",
        ] {
            assert_eq!(e164(bad), None, "{bad}");
        }
    }

    #[test]
    fn sign_in_follows_the_pool() {
        use AliasAttribute as A;
        use UsernameAttribute as U;
        assert_eq!(SignInWith::of(&[U::Email], &[]), SignInWith::Email);
        assert_eq!(
            SignInWith::of(&[U::PhoneNumber, U::Email], &[]),
            SignInWith::EmailOrPhoneNumber
        );
        assert_eq!(
            SignInWith::of(&[], &[A::PhoneNumber, A::PreferredUsername]),
            SignInWith::Username {
                email: false,
                phone_number: true
            }
        );
        assert_eq!(
            SignInWith::PhoneNumber.username_attribute(),
            Some(StandardAttribute::PhoneNumber)
        );
        assert_eq!(SignInWith::of(&[], &[]).username_attribute(), None);
    }

    #[test]
    fn custom_attribute_names_are_cognitos() {
        assert!(SignUpAttribute::from_name(&format!("custom:{}", "a".repeat(20))).is_some());
        assert!(SignUpAttribute::from_name(&format!("custom:{}", "a".repeat(21))).is_none());
        assert!(SignUpAttribute::from_name("custom:\n").is_none());
        for a in StandardAttribute::ALL {
            assert_eq!(StandardAttribute::from_name(a.name()), Some(a));
        }
    }
}
