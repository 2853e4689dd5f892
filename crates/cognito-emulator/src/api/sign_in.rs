//! What every password flow shares once the password has been checked
//! (`USER_PASSWORD_AUTH` in [`super::auth`], `PASSWORD_VERIFIER` in
//! [`super::srp_auth`]): the lockout answers, the step a verified
//! password leads to (a new password, an MFA challenge, or the tokens),
//! and the Lambda triggers around a sign-in: pre authentication before the
//! password is checked, post authentication and pre token generation
//! before the tokens are issued (Developer Guide, "Pre authentication
//! Lambda trigger", "Post authentication Lambda trigger", "Pre token
//! generation Lambda trigger").

use std::collections::BTreeMap;

use serde_json::Value;

use super::error::ApiError;
use super::{mfa, new_password};
use crate::config::{ClientConfig, PoolConfig};
use crate::lockout;
use crate::state::AppState;
use crate::store::{PoolData, SignInFailures, User, UserStatus};
use crate::tokens::{issue_tokens, ADMIN_SCOPE};
use crate::triggers::{Call, Source, Trigger};

pub(super) use super::step::Next;

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
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    username: &str,
    now: i64,
) -> Result<Next, ApiError> {
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
        return Ok(Next::Challenge(step));
    }
    // After the password, MFA: SOFTWARE_TOKEN_MFA or MFA_SETUP.
    if let Some(challenge) = mfa::sign_in_challenge(pool, client, pool_data, &user, now) {
        return Ok(Next::Challenge(challenge));
    }
    Ok(Next::Tokens(Box::new(user)))
}

/// The pre authentication trigger, before a password is checked: for a
/// user who exists, and — when the app client hides user existence — for
/// a name nobody has, with `userNotFound` ("This Lambda trigger doesn't
/// activate when a user doesn't exist unless the PreventUserExistenceErrors
/// setting of a user pool app client is set to ENABLED"). A function that
/// raises refuses the sign-in, whatever the password.
pub(super) async fn pre_authentication(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    typed: &str,
    user: Option<&User>,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<(), ApiError> {
    let call = Call {
        state,
        pool,
        client_id: Some(&client.id),
        client_metadata,
    };
    if !call.has(Trigger::PreAuthentication) {
        return Ok(());
    }
    let hide = client.prevent_user_existence_errors;
    match user {
        Some(user) => {
            call.pre_authentication(&user.username, Some(user), hide.then_some(false))
                .await?
        }
        None if hide => call.pre_authentication(typed, None, Some(true)).await?,
        None => {}
    }
    Ok(())
}

/// Finishes a sign-in step: a challenge as it is; tokens after the post
/// authentication and pre token generation triggers (`source` says which
/// flow asked). A trigger that fails stops it: no tokens are issued.
pub(super) async fn issue(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    next: Next,
    source: Source,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> Result<Value, ApiError> {
    let user = match next {
        Next::Challenge(challenge) => return Ok(challenge),
        Next::Tokens(user) => *user,
    };
    let call = Call {
        state,
        pool,
        client_id: Some(&client.id),
        client_metadata,
    };
    call.post_authentication(&user).await?;
    let custom = call
        .pre_token_generation(source, &user, &[ADMIN_SCOPE.to_owned()])
        .await?;
    let now = state.now();
    // The session is stored and the claims decided under the state lock;
    // the tokens are signed after it (RS256 is the costly part).
    let session = state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        // The user as stored now: a trigger may have changed it (added it
        // to a group, say) while it ran.
        let user = pool_data
            .users
            .get(&user.username)
            .cloned()
            .ok_or_else(ApiError::user_not_found)?;
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        Ok(issue_tokens(
            state, pool, client, pool_data, &user, now, &custom,
        )?)
    })??;
    Ok(session.sign())
}
