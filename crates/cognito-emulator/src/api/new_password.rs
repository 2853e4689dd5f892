//! What a correct password leads to for users whose status asks for more
//! than the password (API Reference, `UserType.UserStatus`), and the
//! `NEW_PASSWORD_REQUIRED` challenge (API Reference,
//! "RespondToAuthChallenge").
//!
//! * `FORCE_CHANGE_PASSWORD` (created by `AdminCreateUser`, or given a
//!   temporary password by `AdminSetUserPassword`): the
//!   `NEW_PASSWORD_REQUIRED` challenge, until the pool's
//!   `TemporaryPasswordValidityDays` are over; then `NotAuthorizedException`
//!   "Temporary password has expired and must be reset by an
//!   administrator." (the text clients match on; amplify-js issue 9844).
//! * `RESET_REQUIRED` (`AdminResetUserPassword`): `PasswordResetRequiredException`
//!   "Password reset required for the user". The old password is still
//!   verified first, so a wrong one is the usual "Incorrect username or
//!   password." and the answer says nothing to someone who does not know
//!   it. That is why it is not masked under PreventUserExistenceErrors,
//!   which the Developer Guide documents for imported users (who have no
//!   password at all).
//!
//! The challenge (as captured from Cognito): `USER_ID_FOR_SRP` (the
//! internal username), `requiredAttributes` (a JSON array, as a string, of
//! `userAttributes.<name>` for the pool's required attributes the user
//! lacks) and `userAttributes` (a JSON object, as a string, of the user's
//! attributes without `sub`). Both are always sent: amazon-cognito-identity-js
//! parses them unconditionally. The answer: `USERNAME`, `NEW_PASSWORD`
//! (the pool's policy) and `userAttributes.<name>` for each missing required
//! attribute; other writable attributes may be set too, required ones that
//! already have a value may not ("Cannot modify an already provided
//! <name>", observed), nor `sub` and the verification flags. Other keys
//! (pycognito sends its `PASSWORD_VERIFIER` answers along) are ignored. A
//! refused answer leaves the session usable for another try.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::admin::check_policy;
use super::error::ApiError;
use super::mfa::{invalid_session, live_session, new_session, sign_in_challenge, spend};
use super::names;
use super::sign_up::{in_schema, not_in_schema, unauthorized_attribute, UNWRITABLE};
use super::step::Next;
use crate::config::{ClientConfig, PoolConfig};
use crate::credentials::password_secrets_blocking;
use crate::hashing::sha256_hex;
use crate::state::AppState;
use crate::store::{ChallengeStage, PoolData, User, UserStatus};

/// The prefix of attribute names in the challenge and in its answer.
const PREFIX: &str = "userAttributes.";

pub(super) fn password_reset_required() -> ApiError {
    ApiError::new(
        "PasswordResetRequiredException",
        "Password reset required for the user",
    )
}

/// The step, if any, that a verified password leads to before MFA and
/// tokens, for the user's status: the `NEW_PASSWORD_REQUIRED` challenge,
/// or an error. `None` for users who may go on (to MFA, then tokens).
/// Shared by every flow that verifies a password.
pub(super) fn password_status_step(
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    user: &User,
    now: i64,
) -> Result<Option<Value>, ApiError> {
    match user.status {
        UserStatus::ResetRequired => Err(password_reset_required()),
        UserStatus::ForceChangePassword => {
            if user.temporary_password_expires_at.is_some_and(|t| t <= now) {
                return Err(ApiError::not_authorized(
                    "Temporary password has expired and must be reset by an administrator.",
                ));
            }
            let session = new_session(
                pool_data,
                &user.username,
                client,
                ChallengeStage::NewPasswordRequired,
                now,
            );
            Ok(Some(json!({
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "ChallengeParameters": challenge_parameters(pool, user),
                "Session": session,
            })))
        }
        UserStatus::Confirmed | UserStatus::Unconfirmed => Ok(None),
    }
}

/// Required attributes the user has no (or an empty) value for.
fn missing_required<'a>(pool: &'a PoolConfig, user: &User) -> Vec<&'a str> {
    pool.required_attributes
        .iter()
        .filter(|a| user.attributes.get(*a).is_none_or(|v| v.trim().is_empty()))
        .map(String::as_str)
        .collect()
}

fn challenge_parameters(pool: &PoolConfig, user: &User) -> Value {
    let required: Vec<String> = missing_required(pool, user)
        .iter()
        .map(|a| format!("{PREFIX}{a}"))
        .collect();
    let attributes: Map<String, Value> = user
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "USER_ID_FOR_SRP": user.username,
        "requiredAttributes": Value::from(required).to_string(),
        "userAttributes": Value::Object(attributes).to_string(),
    })
}

/// The attribute changes an answer asks for, checked against the rules in
/// the module doc.
fn attribute_changes(
    pool: &PoolConfig,
    user: &User,
    responses: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, ApiError> {
    let mut changes = BTreeMap::new();
    for (key, value) in responses {
        let Some(name) = key.strip_prefix(PREFIX) else {
            continue;
        };
        if UNWRITABLE.contains(&name) {
            return Err(unauthorized_attribute());
        }
        if !in_schema(name) {
            return Err(not_in_schema(name));
        }
        let already = user
            .attributes
            .get(name)
            .is_some_and(|v| !v.trim().is_empty());
        if already && pool.required_attributes.iter().any(|r| r == name) {
            return Err(ApiError::not_authorized(format!(
                "Cannot modify an already provided {name}"
            )));
        }
        changes.insert(name.to_owned(), value.clone());
    }
    let still_missing: Vec<&str> = missing_required(pool, user)
        .into_iter()
        .filter(|a| changes.get(*a).is_none_or(|v| v.trim().is_empty()))
        .collect();
    if !still_missing.is_empty() {
        // As observed: "Invalid attributes given, given_name is missing",
        // several joined with "and".
        return Err(ApiError::invalid_parameter(format!(
            "Invalid attributes given, {} is missing",
            still_missing.join(" and ")
        )));
    }
    Ok(changes)
}

/// `RespondToAuthChallenge` with `NEW_PASSWORD_REQUIRED`: the new password
/// is set, then comes MFA or the tokens ([`super::challenge`] issues them,
/// as `TokenGeneration_NewPasswordChallenge`).
pub(super) async fn respond(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    session: Option<String>,
    responses: &BTreeMap<String, String>,
) -> Result<Next, ApiError> {
    let username = responses
        .get("USERNAME")
        .ok_or_else(|| ApiError::missing_parameter("USERNAME"))?;
    let new_password = responses
        .get("NEW_PASSWORD")
        .ok_or_else(|| ApiError::missing_parameter("NEW_PASSWORD"))?;
    let session = session.ok_or_else(|| ApiError::missing_parameter("Session"))?;
    let key = sha256_hex(&session);
    let now = state.now();

    // Everything but the password's hashing, under the lock; nothing
    // changes yet.
    let check = |pool_data: &mut PoolData| -> Result<(String, BTreeMap<String, String>), ApiError> {
        pool_data.prune_sessions(now);
        let cs = live_session(pool_data, &key, &[ChallengeStage::NewPasswordRequired], now)?;
        let named = pool_data
            .find_user(pool.sign_in(), username)
            .map(|u| u.username.clone());
        if cs.client_id != client.id || named.as_deref() != Some(cs.username.as_str()) {
            return Err(invalid_session());
        }
        let user = pool_data
            .users
            .get(&cs.username)
            .ok_or_else(invalid_session)?;
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        if user.status != UserStatus::ForceChangePassword {
            return Err(invalid_session());
        }
        let changes = attribute_changes(pool, user, responses)?;
        // The attributes as they would be: well-formed, and no alias (a
        // preferred username, say) another user holds.
        let mut attributes = user.attributes.clone();
        attributes.extend(changes.clone());
        names::check_formats(&attributes)?;
        names::check_aliases(pool, pool_data, &cs.username, &attributes, false).map(drop)?;
        Ok((cs.username, changes))
    };
    let (user_id, _) = state.write(|db| check(db.pools.entry(pool.id.clone()).or_default()))??;
    check_policy(pool, new_password)?;
    let secrets = password_secrets_blocking(&pool.id, &user_id, new_password)
        .await
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))?;

    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        // Checked again: the session may have been used meanwhile.
        let (user_id, changes) = check(pool_data)?;
        spend(pool_data, &key);
        let user = pool_data
            .users
            .get_mut(&user_id)
            .ok_or_else(invalid_session)?;
        user.password_hash = secrets.hash;
        user.srp = secrets.srp;
        user.status = UserStatus::Confirmed;
        user.temporary_password_expires_at = None;
        user.attributes.extend(changes);
        user.updated_at = now;
        let user = user.clone();
        // Then as after any password: MFA, or tokens.
        if let Some(challenge) = sign_in_challenge(pool, client, pool_data, &user, now) {
            return Ok(Next::Challenge(challenge));
        }
        Ok(Next::Tokens(Box::new(user)))
    })?
}
