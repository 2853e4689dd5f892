//! The user attributes the sign-up screen can ask for.

/// A user attribute the sign-up screen can ask for (`signUpAttributes` in
/// `config.json`).
///
/// ```
/// use leptos_cognito::{AuthConfig, SignUpAttribute};
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "signUpAttributes": ["email", "name"]
/// }"#).unwrap();
/// assert_eq!(config.sign_up_attributes, [SignUpAttribute::Email, SignUpAttribute::Name]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignUpAttribute {
    /// `email`: always asked for, it is the username.
    Email,
    /// `name`: the user's full name.
    Name,
}

impl SignUpAttribute {
    /// Every supported attribute.
    ///
    /// ```
    /// use leptos_cognito::SignUpAttribute;
    ///
    /// let names: Vec<&str> = SignUpAttribute::ALL.iter().map(|a| a.name()).collect();
    /// assert_eq!(names, ["email", "name"]);
    /// ```
    pub const ALL: [SignUpAttribute; 2] = [SignUpAttribute::Email, SignUpAttribute::Name];

    /// The Cognito attribute name.
    ///
    /// ```
    /// use leptos_cognito::SignUpAttribute;
    ///
    /// assert_eq!(SignUpAttribute::Name.name(), "name");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            SignUpAttribute::Email => "email",
            SignUpAttribute::Name => "name",
        }
    }

    /// The attribute with this Cognito name, exactly.
    ///
    /// ```
    /// use leptos_cognito::SignUpAttribute;
    ///
    /// assert_eq!(SignUpAttribute::from_name("email"), Some(SignUpAttribute::Email));
    /// assert_eq!(SignUpAttribute::from_name("Email"), None);
    /// assert_eq!(SignUpAttribute::from_name("phone_number"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}
