//! Newtypes for values that must never reach a log: their `Debug` is redacted.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! secret {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
            /// The secret value itself; call only where it is sent or stored.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret!(
    /// A user's password, as typed.
    Password
);
secret!(
    /// A Cognito access token (JWT).
    AccessToken
);
secret!(
    /// A Cognito ID token (JWT).
    IdToken
);
secret!(
    /// A Cognito refresh token (opaque).
    RefreshToken
);
secret!(
    /// A challenge `Session` from `InitiateAuth` / `RespondToAuthChallenge`.
    Session
);
secret!(
    /// `AssociateSoftwareToken.SecretCode`: the Base32 TOTP key to show once
    /// (QR code or grouped text) and never log. See [`crate::totp`].
    SecretCode
);

secret!(
    /// An OAuth 2.0 authorization code from the callback (RFC 6749 §4.1.2):
    /// single-use and short-lived, but worth tokens until exchanged.
    AuthorizationCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let p = Password::new("hunter2hunter2");
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
        assert_eq!(p.expose(), "hunter2hunter2");
        let s = SecretCode::new("JBSWY3DPEHPK3PXP");
        assert_eq!(format!("{s:?}"), "SecretCode(<redacted>)");
    }
}
