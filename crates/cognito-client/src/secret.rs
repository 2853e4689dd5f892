//! Newtypes for values that must never reach a log: their `Debug` is redacted.
//!
//! One macro, `secret!`, makes them all. Plain secrets wrap what Cognito
//! returns or the user types; `random` ones are made here from a CSPRNG's
//! octets (`state`, `nonce`, the PKCE verifier), are checked when read back
//! from storage and compare in constant time.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// base64url without padding (RFC 4648 §5; RFC 7636 Appendix A).
pub(crate) fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Defines a secret newtype over a `String` with a redacted `Debug` and
/// `expose()`.
///
/// * `secret!(/// doc
///   Name)`: a value as received or typed, made with `Name::new`;
///   serialised as the plain string.
/// * `secret!(/// doc
///   Name, random(check, Error))`: made with `Name::from_random` from 32
///   octets of a CSPRNG; `check(&str) -> Result<(), Error>` decides what
///   `Name::parse` (and deserialising) accepts; equality and `matches` run in
///   constant time.
macro_rules! secret {
    ($(#[$doc:meta])* $name:ident, random($check:ident, $error:ty)) => {
        $crate::secret::secret!(@newtype
            $(#[$doc])*
            #[derive(Eq, serde::Serialize, serde::Deserialize)]
            #[serde(try_from = "String", into = "String")]
            $name
        );

        impl $name {
            /// From 32 octets of a CSPRNG (`crypto.getRandomValues`):
            /// 256 bits, base64url (43 characters).
            pub fn from_random(bytes: &[u8; 32]) -> Self {
                Self($crate::secret::base64url(bytes))
            }

            /// A stored or received value, checked.
            pub fn parse(text: &str) -> Result<Self, $error> {
                $check(text).map(|()| Self(text.to_owned()))
            }

            /// Exact comparison with a received value, in constant time
            /// (only the lengths may show).
            pub fn matches(&self, received: &str) -> bool {
                use subtle::ConstantTimeEq;
                self.0.as_bytes().ct_eq(received.as_bytes()).into()
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.matches(&other.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $error;
            fn try_from(value: String) -> Result<Self, $error> {
                $check(&value).map(|()| Self(value))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
    (@newtype $(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[derive(Clone)]
        pub struct $name(String);

        impl $name {
            /// The secret value itself; call only where it is sent or stored.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
    ($(#[$doc:meta])* $name:ident) => {
        $crate::secret::secret!(@newtype
            $(#[$doc])*
            #[derive(PartialEq, Eq, serde::Serialize, serde::Deserialize)]
            #[serde(transparent)]
            $name
        );

        impl $name {
            /// Wraps a value as received or typed.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }
        }
    };
}

pub(crate) use secret;

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
    /// The `Session` member of `InitiateAuth`, `RespondToAuthChallenge`,
    /// `AssociateSoftwareToken` and `VerifySoftwareToken`: Cognito's handle
    /// on a sign-in that waits for a challenge answer, valid for the app
    /// client's `AuthSessionValidity` (3 to 15 minutes; AWS API reference,
    /// `CreateUserPoolClient`). Not a signed-in session.
    ChallengeSession
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
        let c = ChallengeSession::new("AYABeSession");
        assert_eq!(format!("{c:?}"), "ChallengeSession(<redacted>)");
    }

    #[test]
    fn plain_secrets_serialise_as_the_bare_string() {
        let c = ChallengeSession::new("AYABe");
        assert_eq!(serde_json::to_string(&c).unwrap(), r#""AYABe""#);
        assert_eq!(
            serde_json::from_str::<ChallengeSession>(r#""AYABe""#).unwrap(),
            c
        );
    }

    #[test]
    fn base64url_has_no_padding_and_the_url_alphabet() {
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url(b""), "");
    }
}
