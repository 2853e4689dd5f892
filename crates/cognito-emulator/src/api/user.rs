//! Operations authorised by an access token in the body: `GetUser`,
//! `GlobalSignOut` (API Reference, "GetUser", "GlobalSignOut").

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{access_token, Input};
use crate::state::AppState;
use crate::tokens::{authorize, ADMIN_SCOPE};

pub(crate) fn get_user(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let caller = authorize(state, &access_token(input)?, ADMIN_SCOPE)?;
    state.read(|db| {
        let user = db
            .pools
            .get(&caller.pool_id)
            .and_then(|p| p.users.get(&caller.username))
            .ok_or_else(ApiError::user_not_found)?;
        let mut attributes = vec![json!({ "Name": "sub", "Value": user.sub })];
        attributes.extend(
            user.attributes
                .iter()
                .map(|(name, value)| json!({ "Name": name, "Value": value })),
        );
        let mut body = json!({ "Username": user.username, "UserAttributes": attributes });
        // Cognito omits UserMFASettingList and PreferredMfaSetting for users
        // without MFA; TOTP is the only factor here.
        if user.software_token.is_some() && user.software_token_mfa.enabled {
            body["UserMFASettingList"] = json!(["SOFTWARE_TOKEN_MFA"]);
            if user.software_token_mfa.preferred {
                body["PreferredMfaSetting"] = json!("SOFTWARE_TOKEN_MFA");
            }
        }
        Ok(body)
    })
}

pub(crate) fn global_sign_out(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let caller = authorize(state, &access_token(input)?, ADMIN_SCOPE)?;
    Ok(state.write(|db| {
        if let Some(pool) = db.pools.get_mut(&caller.pool_id) {
            // Revoking every session revokes its refresh token and, through
            // origin_jti, every access token minted from it.
            for session in pool.sessions.values_mut() {
                if session.username == caller.username {
                    session.revoked = true;
                }
            }
        }
        json!({})
    })?)
}
