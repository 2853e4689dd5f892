//! Tokens: minting ID and access tokens, the server-side sessions that
//! refresh tokens stand for, and checking access tokens the way Cognito's
//! own endpoints do. Used by the JSON API (`InitiateAuth`,
//! `RespondToAuthChallenge`, `GetUser`, ...) and by the user pool domain's
//! token and userInfo endpoints alike.

mod customize;
mod mint;
mod session;
mod verify;

pub(crate) use customize::{ClaimEdits, Customization, GroupOverride};
pub(crate) use mint::{MissingKeys, OAuthGrant, ADMIN_SCOPE};
pub(crate) use session::{
    issue_oauth_tokens, issue_tokens, refresh_tokens, refreshable, RefreshFailure,
    INVALID_REFRESH_TOKEN,
};
pub(crate) use verify::{authorize, Caller, Rejection};
