//! Operations authorised by an access token in the body: `GetUser`,
//! `GlobalSignOut` (COGNITO.md §1.4).

use serde_json::{json, Value};

use super::auth::ADMIN_SCOPE;
use super::input::TOKEN;
use super::{ApiError, Input, Validator};
use crate::keys::header_kid;
use crate::AppState;

/// Who an access token speaks for.
pub(crate) struct Caller {
    pub pool_id: String,
    pub username: String,
}

/// Checks an access token the way Cognito's own APIs do: signature, `iss`,
/// `token_use`, expiry, scope, and revocation (which offline JWT checks
/// cannot see, COGNITO.md §5.4 step 7).
pub(crate) fn authorize(state: &AppState, token: &str) -> Result<Caller, ApiError> {
    authorize_with_scope(state, token, ADMIN_SCOPE)
}

/// [`authorize`] with another required scope (`openid` for the userInfo
/// endpoint).
pub(crate) fn authorize_with_scope(
    state: &AppState,
    token: &str,
    required_scope: &str,
) -> Result<Caller, ApiError> {
    let invalid = || ApiError::not_authorized("Invalid Access Token");
    let kid = header_kid(token).ok_or_else(invalid)?;
    let pool = state
        .config()
        .pools
        .iter()
        .find(|p| {
            state
                .pool_keys(&p.id)
                .is_some_and(|k| k.access_token.kid == kid)
        })
        .ok_or_else(invalid)?;
    let keys = state.pool_keys(&pool.id).ok_or_else(invalid)?;
    let claims = keys.access_token.verify(token).ok_or_else(invalid)?;
    let claim = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or_default();
    if claim("token_use") != "access" || claim("iss") != state.issuer(&pool.id) {
        return Err(invalid());
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or_else(invalid)?;
    if exp <= state.now() {
        return Err(ApiError::not_authorized("Access Token has expired"));
    }
    if !claim("scope").split(' ').any(|s| s == required_scope) {
        return Err(ApiError::not_authorized(
            "Access Token does not have required scopes",
        ));
    }
    let (username, origin_jti) = (claim("username").to_owned(), claim("origin_jti"));
    state.read(|db| {
        let pool_data = db.pools.get(&pool.id).ok_or_else(invalid)?;
        // A session that is gone can only have been pruned after all of its
        // tokens expired, so treat it like a revoked one.
        match pool_data.sessions.get(origin_jti) {
            Some(s) if !s.revoked => {}
            _ => return Err(ApiError::not_authorized("Access Token has been revoked")),
        }
        match pool_data.users.get(&username) {
            None => Err(ApiError::new(
                "UserNotFoundException",
                "User does not exist.",
            )),
            Some(u) if !u.enabled => Err(ApiError::not_authorized("User is disabled.")),
            Some(_) => Ok(()),
        }
    })?;
    Ok(Caller {
        pool_id: pool.id.clone(),
        username,
    })
}

pub(super) fn access_token(input: &Input) -> Result<String, ApiError> {
    let mut v = Validator::default();
    let token = v.required("accessToken", input.string("AccessToken")?, &TOKEN);
    v.finish()?;
    Ok(token)
}

pub(crate) fn get_user(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let caller = authorize(state, &access_token(input)?)?;
    state.read(|db| {
        let user = db
            .pools
            .get(&caller.pool_id)
            .and_then(|p| p.users.get(&caller.username))
            .ok_or_else(|| ApiError::new("UserNotFoundException", "User does not exist."))?;
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
    let caller = authorize(state, &access_token(input)?)?;
    state.write(|db| {
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
    })
}
