//! Checking an access token the way Cognito's own endpoints do before they
//! act for its user: signature and `kid`, issuer, `token_use`, expiry (by
//! the emulator's clock), scope, and revocation, which offline JWT checks
//! cannot see (Developer Guide, "Verifying a JSON Web Token").

use serde_json::Value;

use crate::keys::header_kid;
use crate::state::AppState;

/// Who an access token speaks for.
pub(crate) struct Caller {
    pub pool_id: String,
    pub username: String,
    /// The token's `scope` claim, space-separated.
    pub scope: String,
}

/// Why an access token was refused. The JSON API and the userInfo endpoint
/// each put it in their own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// Not one of the pools' access tokens, or tampered with.
    Invalid,
    Expired,
    /// Valid, but without the scope the operation needs.
    MissingScope,
    /// Its session was revoked (`GlobalSignOut`, `/oauth2/revoke`) or is gone.
    Revoked,
    UserNotFound,
    UserDisabled,
}

/// The caller of an operation that needs `required_scope`
/// (`aws.cognito.signin.user.admin` for the JSON API, `openid` for
/// userInfo).
pub(crate) fn authorize(
    state: &AppState,
    token: &str,
    required_scope: &str,
) -> Result<Caller, Rejection> {
    let kid = header_kid(token).ok_or(Rejection::Invalid)?;
    let pool = state
        .config()
        .pools
        .iter()
        .find(|p| {
            state
                .pool_keys(&p.id)
                .is_some_and(|k| k.access_token.kid == kid)
        })
        .ok_or(Rejection::Invalid)?;
    let keys = state.pool_keys(&pool.id).ok_or(Rejection::Invalid)?;
    let claims = keys.access_token.verify(token).ok_or(Rejection::Invalid)?;
    let claim = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or_default();
    if claim("token_use") != "access" || claim("iss") != state.issuer(&pool.id) {
        return Err(Rejection::Invalid);
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or(Rejection::Invalid)?;
    if exp <= state.now() {
        return Err(Rejection::Expired);
    }
    if !claim("scope").split(' ').any(|s| s == required_scope) {
        return Err(Rejection::MissingScope);
    }
    let (username, origin_jti) = (claim("username").to_owned(), claim("origin_jti"));
    state.read(|db| {
        let pool_data = db.pools.get(&pool.id).ok_or(Rejection::Invalid)?;
        // A session that is gone can only have been pruned after all of its
        // tokens expired, so treat it like a revoked one.
        match pool_data.sessions.get(origin_jti) {
            Some(s) if !s.revoked => {}
            _ => return Err(Rejection::Revoked),
        }
        match pool_data.users.get(&username) {
            None => Err(Rejection::UserNotFound),
            Some(u) if !u.enabled => Err(Rejection::UserDisabled),
            Some(_) => Ok(()),
        }
    })?;
    Ok(Caller {
        pool_id: pool.id.clone(),
        username,
        scope: claim("scope").to_owned(),
    })
}
