//! Verifying the pools' ID and access tokens offline, as a resource server
//! does (Developer Guide, "Verifying a JSON Web Token"; the steps of
//! docs/cognito-protocol.md §5.4): the RS256 signature with the pool's key
//! for the token's `kid`, `iss`, `token_use`, the app client (`aud` of an
//! ID token, `client_id` of an access token) and `exp` by the emulator's
//! clock. Revocation is not checked (step 7): an offline check cannot see
//! it, and neither API Gateway's Cognito authorizer nor an identity pool
//! (without `ServerSideTokenCheck`) does.
//!
//! Used by the identity pools' `Logins` and by the sample protected API.
//! Cognito's own operations check access tokens with `tokens::authorize`,
//! which does see revocation.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};

use crate::config::PoolConfig;
use crate::keys::JwtKey;
use crate::state::AppState;

/// Which of the pool's tokens it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenUse {
    Id,
    Access,
}

impl TokenUse {
    /// The `token_use` claim.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }
}

/// A token that passed every check.
pub(crate) struct Verified {
    pub token_use: TokenUse,
    /// `aud` (ID token) or `client_id` (access token).
    pub client_id: String,
    pub exp: i64,
    pub claims: Map<String, Value>,
}

impl Verified {
    /// A string claim, or `None`.
    pub(crate) fn claim(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// A list-of-strings claim (`cognito:groups`, `cognito:roles`); empty
    /// when absent.
    pub(crate) fn claim_list(&self, name: &str) -> Vec<String> {
        self.claims
            .get(name)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Why a token was refused, in the order the checks run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Not a compact JWS with an RS256 header, a `kid` and a JSON payload
    /// with `exp` (RFC 7515 §7.1; step 1).
    Malformed,
    /// `iss` is not the expected pool's issuer (step 3).
    WrongIssuer,
    /// No key of the pool has this `kid`, or the signature does not verify
    /// (step 2).
    BadSignature,
    /// `token_use` does not match the key that signed it (step 5).
    WrongTokenUse,
    /// No `aud` (ID token) / `client_id` (access token) claim (step 4).
    MissingClient,
    /// The client is not an app client of the pool (step 4).
    UnknownClient,
    /// `exp` is not after `now` (step 6).
    Expired { now: i64, exp: i64 },
}

/// Verifies `token` as one of `pool_id`'s tokens, or, without a pool, as a
/// token of whichever configured pool has a key with its `kid`.
pub(crate) fn verify(
    state: &AppState,
    token: &str,
    pool_id: Option<&str>,
) -> Result<Verified, Failure> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| Failure::Malformed)?;
    let kid = header.kid.ok_or(Failure::Malformed)?;
    if header.alg != Algorithm::RS256 {
        return Err(Failure::Malformed);
    }
    let unverified = unverified_claims(token).ok_or(Failure::Malformed)?;
    let pool = match pool_id {
        // The issuer names the pool whose keys to fetch, so a token of
        // another pool is told so before its signature is looked at.
        Some(id) => {
            let pool = state.config().pool(id).ok_or(Failure::WrongIssuer)?;
            if unverified.get("iss").and_then(Value::as_str) != Some(&state.issuer(id)) {
                return Err(Failure::WrongIssuer);
            }
            pool
        }
        None => state
            .config()
            .pools
            .iter()
            .find(|p| key_for(state, p, &kid).is_some())
            .ok_or(Failure::BadSignature)?,
    };
    let (token_use, key) = key_for(state, pool, &kid).ok_or(Failure::BadSignature)?;
    let claims = key.verify(token).ok_or(Failure::BadSignature)?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(&state.issuer(&pool.id)) {
        return Err(Failure::WrongIssuer);
    }
    if text("token_use") != Some(token_use.as_str()) {
        return Err(Failure::WrongTokenUse);
    }
    let client_claim = match token_use {
        TokenUse::Id => "aud",
        TokenUse::Access => "client_id",
    };
    let client_id = text(client_claim).ok_or(Failure::MissingClient)?.to_owned();
    if !pool.clients.iter().any(|c| c.id == client_id) {
        return Err(Failure::UnknownClient);
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_i64)
        .ok_or(Failure::Malformed)?;
    let now = state.now();
    if exp <= now {
        return Err(Failure::Expired { now, exp });
    }
    Ok(Verified {
        token_use,
        client_id,
        exp,
        claims,
    })
}

/// The pool's key with this `kid`, and which tokens it signs.
fn key_for<'a>(
    state: &'a AppState,
    pool: &PoolConfig,
    kid: &str,
) -> Option<(TokenUse, &'a JwtKey)> {
    let keys = state.pool_keys(&pool.id)?;
    if keys.id_token.kid == kid {
        Some((TokenUse::Id, &keys.id_token))
    } else if keys.access_token.kid == kid {
        Some((TokenUse::Access, &keys.access_token))
    } else {
        None
    }
}

/// The payload of a compact JWS, not verified: only to read `iss` before
/// choosing keys.
fn unverified_claims(token: &str) -> Option<Map<String, Value>> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    serde_json::from_slice(&B64URL.decode(payload).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unverified_claims_need_three_parts_and_a_json_object() {
        let payload = B64URL.encode(br#"{"iss":"x"}"#);
        assert!(unverified_claims(&format!("h.{payload}.s")).is_some());
        assert!(unverified_claims(&format!("h.{payload}")).is_none());
        assert!(unverified_claims(&format!("h.{payload}.s.x")).is_none());
        assert!(unverified_claims("h.!!.s").is_none());
        assert!(unverified_claims(&format!("h.{}.s", B64URL.encode(b"[1]"))).is_none());
    }
}
