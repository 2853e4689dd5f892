//! `InitiateAuth` (API Reference, "InitiateAuth"): the flow checks, then
//! `USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH` here and `USER_SRP_AUTH` in
//! [`super::srp_auth`]. What a checked password leads to is shared by both
//! password flows, in [`super::sign_in`].

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{find_client, Input, Validator, CLIENT_ID};
use super::sign_in::{
    incorrect, issue, locked_out, password_rejected, password_verified, pre_authentication,
};
use super::srp_auth;
use crate::config::{ClientConfig, ExplicitAuthFlow, PoolConfig};
use crate::hashing::{self, sha256_hex};
use crate::lockout;
use crate::state::AppState;
use crate::tokens::{
    refresh_tokens, refreshable, RefreshFailure, ADMIN_SCOPE, INVALID_REFRESH_TOKEN,
};
use crate::triggers::{Call, Source};

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
    let metadata = input.string_map("ClientMetadata")?;
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
        "USER_PASSWORD_AUTH" => {
            user_password_auth(state, pool, client, &params, metadata.as_ref()).await
        }
        "USER_SRP_AUTH" => {
            srp_auth::user_srp_auth(state, pool, client, &params, metadata.as_ref()).await
        }
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
            refresh_token_auth(state, pool, client, &params).await
        }
        other => Err(ApiError::invalid_parameter(format!(
            "{other} is not implemented by the local Cognito emulator yet; use USER_SRP_AUTH or \
             USER_PASSWORD_AUTH."
        ))),
    }
}

async fn user_password_auth(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &BTreeMap<String, String>,
    metadata: Option<&BTreeMap<String, String>>,
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
            .and_then(|p| p.find_user(pool.sign_in(), username))
            .cloned()
    });
    pre_authentication(state, pool, client, username, found.as_ref(), metadata).await?;
    let Some(user) = found else {
        let _ = tokio::task::spawn_blocking(move || hashing::burn_equivalent_time(&password)).await;
        return Err(if client.prevent_user_existence_errors {
            incorrect()
        } else {
            ApiError::user_not_found()
        });
    };
    if lockout::is_locked(&user.sign_in_failures, now) {
        return Err(locked_out());
    }
    let phc = user.password_hash.clone();
    let ok = tokio::task::spawn_blocking(move || hashing::verify_password(&phc, &password))
        .await
        .map_err(|e| ApiError::internal(format!("password check failed: {e}")))?;

    let next = state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        if !ok {
            return Err(password_rejected(pool_data, &user.username, now));
        }
        password_verified(pool, client, pool_data, &user.username, now)
    })??;
    // InitiateAuth's ClientMetadata does not reach pre token generation
    // (Developer Guide, "Pre token generation Lambda trigger",
    // clientMetadata).
    issue(
        state,
        pool,
        client,
        next,
        Source::TokenGenerationAuthentication,
        None,
    )
    .await
}

/// `REFRESH_TOKEN_AUTH`: new access and ID tokens, no new refresh token.
/// They keep the session's `auth_time` and `origin_jti`. A pre token
/// generation function runs first (`TokenGeneration_RefreshTokens`); the
/// pre authentication trigger does not ("Renewal of an existing
/// authentication session also doesn't activate this trigger").
async fn refresh_token_auth(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &BTreeMap<String, String>,
) -> Result<Value, ApiError> {
    let token = params
        .get("REFRESH_TOKEN")
        .ok_or_else(|| ApiError::missing_parameter("REFRESH_TOKEN"))?;
    let hash = sha256_hex(token);
    let refused = |f: RefreshFailure| -> ApiError {
        match f {
            RefreshFailure::Session(message) => ApiError::not_authorized(message),
            RefreshFailure::UserDeleted => ApiError::not_authorized(INVALID_REFRESH_TOKEN),
            RefreshFailure::UserDisabled => ApiError::not_authorized("User is disabled."),
            RefreshFailure::Internal(e) => e.into(),
        }
    };
    let now = state.now();
    let found = state.read(|db| {
        let pool_data = db
            .pools
            .get(&pool.id)
            .ok_or(RefreshFailure::Session(INVALID_REFRESH_TOKEN))?;
        refreshable(pool_data, client, &hash, now)
    });
    let found = found.map_err(refused)?;
    let call = Call {
        state,
        pool,
        client_id: Some(&client.id),
        client_metadata: None,
    };
    let custom = call
        .pre_token_generation(
            Source::TokenGenerationRefreshTokens,
            &found.user,
            &[ADMIN_SCOPE.to_owned()],
        )
        .await?;
    let now = state.now();
    // Claims under the state lock, RS256 signing after it.
    let unsigned = state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        refresh_tokens(state, pool, client, pool_data, &hash, now, &custom)
    })?;
    let tokens = unsigned.map_err(refused)?.sign();
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
}
