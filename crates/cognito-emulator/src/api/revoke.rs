//! `RevokeToken` (API Reference, "RevokeToken"; Developer Guide, "Revoking
//! tokens"): revokes a refresh token and every access and ID token minted
//! from it — the session they share through `origin_jti` — as
//! `/oauth2/revoke` does for the hosted UI. Public (`smithy.api#noAuth`):
//! the refresh token authorises it.

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{find_client, Input, StringShape, Validator, CLIENT_ID, TOKEN};
use crate::hashing::sha256_hex;
use crate::keys::header_kid;
use crate::state::AppState;

/// `ClientSecretType`: `[\w+]+`, 1..64.
const CLIENT_SECRET: StringShape = StringShape {
    min: 1,
    max: 64,
    pattern: Some(("[\\w+]+", |s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+')
    })),
    sensitive: true,
};

pub(crate) fn revoke_token(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let token = v.required("token", input.string("Token")?, &TOKEN);
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    // The emulator's app clients have no secret, so there is none to match.
    v.optional(
        "clientSecret",
        input.string("ClientSecret")?,
        &CLIENT_SECRET,
    );
    v.finish()?;
    let (pool, client) = find_client(state, &client_id)?;
    if is_pool_jwt(state, &token) {
        // The exception is in the model; AWS's message for it is not pinned.
        return Err(ApiError::new(
            "UnsupportedTokenTypeException",
            "The token is not a refresh token; RevokeToken revokes refresh tokens only.",
        ));
    }
    // A refresh token that is unknown, already revoked or another client's
    // changes nothing and still succeeds, like `/oauth2/revoke` (RFC 7009
    // §2.2): the answer tells nobody whether a token exists.
    let hash = sha256_hex(&token);
    state.write(|db| {
        if let Some(pool_data) = db.pools.get_mut(&pool.id) {
            for session in pool_data.sessions.values_mut() {
                if session.refresh_token_sha256 == hash && session.client_id == client.id {
                    session.revoked = true;
                }
            }
        }
    })?;
    Ok(json!({}))
}

/// Whether `token` is an ID or access token of one of the pools (its `kid`
/// is one of theirs).
fn is_pool_jwt(state: &AppState, token: &str) -> bool {
    let Some(kid) = header_kid(token) else {
        return false;
    };
    state.config().pools.iter().any(|p| {
        state
            .pool_keys(&p.id)
            .is_some_and(|k| k.id_token.kid == kid || k.access_token.kid == kid)
    })
}
