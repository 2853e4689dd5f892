//! What every password flow shares once the password has been checked
//! (`USER_PASSWORD_AUTH` in [`super::auth`], `PASSWORD_VERIFIER` in
//! [`super::srp_auth`]): the lockout answers, and the step a verified
//! password leads to (a new password, an MFA challenge, or the tokens).

use serde_json::Value;

use super::error::ApiError;
use super::{mfa, new_password};
use crate::config::{ClientConfig, PoolConfig};
use crate::lockout;
use crate::state::AppState;
use crate::store::{PoolData, SignInFailures, UserStatus};
use crate::tokens::issue_tokens;

/// The answer to a wrong password, and to an unknown user when the app
/// client has PreventUserExistenceErrors on.
pub(super) fn incorrect() -> ApiError {
    ApiError::not_authorized("Incorrect username or password.")
}

/// Refusal while the user is locked out ([`lockout`]).
pub(super) fn locked_out() -> ApiError {
    ApiError::not_authorized("Password attempts exceeded")
}

/// A wrong password, in any password flow: it counts towards the user's
/// lockout.
pub(super) fn password_rejected(pool_data: &mut PoolData, username: &str, now: i64) -> ApiError {
    if let Some(user) = pool_data.users.get_mut(username) {
        lockout::record_failure(&mut user.sign_in_failures, now);
    }
    incorrect()
}

/// What follows a verified password in every password flow
/// (`USER_PASSWORD_AUTH`, and `USER_SRP_AUTH` after `PASSWORD_VERIFIER`):
/// the failure count starts again, a disabled or unconfirmed user stops
/// here, then comes the MFA challenge ([`mfa::sign_in_challenge`]:
/// `SOFTWARE_TOKEN_MFA` or `MFA_SETUP`) or the tokens.
pub(super) fn password_verified(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    username: &str,
    now: i64,
) -> Result<Value, ApiError> {
    let user = pool_data.users.get_mut(username).ok_or_else(incorrect)?;
    user.sign_in_failures = SignInFailures::default();
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    if user.status == UserStatus::Unconfirmed {
        return Err(ApiError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        ));
    }
    let user = user.clone();
    pool_data.prune_sessions(now);
    // A temporary password or a reset asks for more first.
    if let Some(step) = new_password::password_status_step(pool, client, pool_data, &user, now)? {
        return Ok(step);
    }
    // After the password, MFA: SOFTWARE_TOKEN_MFA or MFA_SETUP.
    if let Some(challenge) = mfa::sign_in_challenge(pool, client, pool_data, &user, now) {
        return Ok(challenge);
    }
    Ok(issue_tokens(state, pool, client, pool_data, &user, now)?)
}
