//! `InitiateAuth` with `USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH` (API
//! Reference, "InitiateAuth"); a correct password leads to tokens or to the
//! MFA challenge of [`super::mfa`].

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{find_client, Input, Validator, CLIENT_ID};
use super::mfa;
use crate::config::{ClientConfig, ExplicitAuthFlow, PoolConfig};
use crate::hashing::{self, sha256_hex};
use crate::lockout;
use crate::state::AppState;
use crate::store::{SignInFailures, UserStatus};
use crate::tokens::{issue_tokens, refresh_tokens, RefreshFailure, INVALID_REFRESH_TOKEN};

/// `AuthFlowType` values.
const AUTH_FLOWS: &[&str] = &[
    "USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN",
    "CUSTOM_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
    "USER_AUTH",
];

pub(crate) async fn initiate_auth(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let flow = v.required_enum("authFlow", input.string("AuthFlow")?, AUTH_FLOWS);
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let params = input.string_map("AuthParameters")?.unwrap_or_default();
    input.string_map("ClientMetadata")?;
    v.finish()?;

    let (pool, client) = find_client(state, &client_id)?;
    let needed = match flow.as_str() {
        // Server-side flows belong to AdminInitiateAuth.
        "ADMIN_NO_SRP_AUTH" | "ADMIN_USER_PASSWORD_AUTH" => {
            return Err(ApiError::invalid_parameter(
                "Initiate Auth method not supported.",
            ))
        }
        "USER_PASSWORD_AUTH" => ExplicitAuthFlow::UserPasswordAuth,
        "USER_SRP_AUTH" => ExplicitAuthFlow::UserSrpAuth,
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => ExplicitAuthFlow::RefreshTokenAuth,
        "CUSTOM_AUTH" => ExplicitAuthFlow::CustomAuth,
        _ => ExplicitAuthFlow::UserAuth,
    };
    if !client.allows(needed) {
        return Err(ApiError::invalid_parameter(format!(
            "{flow} flow not enabled for this client"
        )));
    }
    match flow.as_str() {
        "USER_PASSWORD_AUTH" => user_password_auth(state, pool, client, &params).await,
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => refresh_token_auth(state, pool, client, &params),
        other => Err(ApiError::invalid_parameter(format!(
            "{other} is not implemented by the local Cognito emulator yet; use USER_PASSWORD_AUTH."
        ))),
    }
}

fn incorrect() -> ApiError {
    ApiError::not_authorized("Incorrect username or password.")
}

async fn user_password_auth(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &BTreeMap<String, String>,
) -> Result<Value, ApiError> {
    let username = params
        .get("USERNAME")
        .ok_or_else(|| ApiError::missing_parameter("USERNAME"))?;
    let password = params
        .get("PASSWORD")
        .ok_or_else(|| ApiError::missing_parameter("PASSWORD"))?
        .clone();
    let now = state.now();
    let found = state.read(|db| {
        db.pools
            .get(&pool.id)
            .and_then(|p| p.find_user(username))
            .map(|u| {
                (
                    u.username.clone(),
                    u.password_hash.clone(),
                    u.sign_in_failures.clone(),
                )
            })
    });
    let Some((internal, phc, failures)) = found else {
        let _ = tokio::task::spawn_blocking(move || hashing::burn_equivalent_time(&password)).await;
        return Err(if client.prevent_user_existence_errors {
            incorrect()
        } else {
            ApiError::user_not_found()
        });
    };
    if lockout::is_locked(&failures, now) {
        return Err(ApiError::not_authorized("Password attempts exceeded"));
    }
    let ok = tokio::task::spawn_blocking(move || hashing::verify_password(&phc, &password))
        .await
        .map_err(|e| ApiError::internal(format!("password check failed: {e}")))?;

    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let user = pool_data.users.get_mut(&internal).ok_or_else(incorrect)?;
        if !ok {
            lockout::record_failure(&mut user.sign_in_failures, now);
            return Err(incorrect());
        }
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
        if let Some(step) =
            super::new_password::password_status_step(pool, client, pool_data, &user, now)?
        {
            return Ok(step);
        }
        // After the password, MFA: SOFTWARE_TOKEN_MFA or MFA_SETUP.
        if let Some(challenge) = mfa::sign_in_challenge(pool, client, pool_data, &user, now) {
            return Ok(challenge);
        }
        Ok(issue_tokens(state, pool, client, pool_data, &user, now)?)
    })?
}

/// `REFRESH_TOKEN_AUTH`: new access and ID tokens, no new refresh token.
/// They keep the session's `auth_time` and `origin_jti`.
fn refresh_token_auth(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &BTreeMap<String, String>,
) -> Result<Value, ApiError> {
    let token = params
        .get("REFRESH_TOKEN")
        .ok_or_else(|| ApiError::missing_parameter("REFRESH_TOKEN"))?;
    let hash = sha256_hex(token);
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let tokens =
            refresh_tokens(state, pool, client, pool_data, &hash, now).map_err(|f| match f {
                RefreshFailure::Session(message) => ApiError::not_authorized(message),
                RefreshFailure::UserDeleted => ApiError::not_authorized(INVALID_REFRESH_TOKEN),
                RefreshFailure::UserDisabled => ApiError::not_authorized("User is disabled."),
                RefreshFailure::Internal(e) => e.into(),
            })?;
        let mut result = json!({
            "AccessToken": tokens.access_token,
            "ExpiresIn": client.access_token_validity_seconds,
            "TokenType": "Bearer",
        });
        if let Some(id_token) = tokens.id_token {
            result["IdToken"] = json!(id_token);
        }
        Ok(json!({
            "AuthenticationResult": result,
            "ChallengeParameters": {},
        }))
    })?
}
