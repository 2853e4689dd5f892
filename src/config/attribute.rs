//! The user attributes the sign-up screen can ask for.

/// A user attribute the sign-up screen can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignUpAttribute {
    /// `email`: always asked for, it is the username.
    Email,
    /// `name`: the user's full name.
    Name,
}

impl SignUpAttribute {
    /// Every supported attribute.
    pub const ALL: [SignUpAttribute; 2] = [SignUpAttribute::Email, SignUpAttribute::Name];

    /// The Cognito attribute name.
    pub fn name(self) -> &'static str {
        match self {
            SignUpAttribute::Email => "email",
            SignUpAttribute::Name => "name",
        }
    }

    /// The attribute with this Cognito name, exactly.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}
