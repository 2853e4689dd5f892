//! Where a sign-in step leads: shared by the password flows
//! ([`super::sign_in`]) and the challenges that end a sign-in
//! ([`super::new_password`], [`super::mfa`] via [`super::challenge`]).

use serde_json::Value;

use crate::store::User;

pub(super) enum Next {
    /// A challenge (new password, MFA), answered as it is.
    Challenge(Value),
    /// Tokens for this user, issued by `sign_in::issue` once the Lambda
    /// triggers ran.
    Tokens(Box<User>),
}
