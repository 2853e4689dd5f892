//! Signing ID and access tokens with the pool's keys. Claims follow the
//! Developer Guide ("Understanding the identity (ID) token", "... the access
//! token"); hosted-UI tokens add OIDC Core's `nonce` and `at_hash`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use std::collections::BTreeMap;

use super::customize::Customization;
use crate::config::{ClientConfig, PoolConfig};
use crate::groups;
use crate::keys::PoolKeys;
use crate::state::AppState;
use crate::store::{Group, User};

/// The scope of access tokens from the user-pool API: it authorises the
/// user's own operations (`GetUser`, `GlobalSignOut`, ...).
pub(crate) const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// The pool has no signing keys. [`AppState::new`] makes keys for every
/// configured pool, so this is a bug, reported as a server error.
#[derive(Debug, thiserror::Error)]
#[error("no signing keys for pool {0}")]
pub(crate) struct MissingKeys(String);

/// The tokens of a sign-in or refresh with their claims decided but not
/// yet signed. Deciding them needs the state (the user, the pool's
/// groups), so it happens under the state lock; RS256 signing (~5 ms a
/// token) does not, so [`Unsigned::sign`] runs after the lock is released.
pub(crate) struct Unsigned<'k> {
    keys: &'k PoolKeys,
    /// `None`: no ID token (a hosted-UI grant without `openid`).
    id: Option<Map<String, Value>>,
    access: Map<String, Value>,
    /// Whether the ID token gets `at_hash` (hosted-UI tokens), which needs
    /// the signed access token.
    at_hash: bool,
    /// The later `exp` of the tokens there will be.
    pub expires_at: i64,
}

/// Signed tokens.
pub(crate) struct Signed {
    pub access_token: String,
    /// Always there from the user-pool API; from the token endpoint only
    /// with the `openid` scope (OIDC Core §3.1.3.3).
    pub id_token: Option<String>,
}

/// The user and the pool's groups, whose membership the tokens show, and
/// what a pre token generation trigger changes in them.
pub(crate) struct Subject<'a> {
    pub user: &'a User,
    pub groups: &'a BTreeMap<String, Group>,
    pub custom: &'a Customization,
}

/// The subject's ID and access token claims from the user-pool API. The
/// keys are looked up here, so a pool without keys fails before the
/// caller changes anything.
pub(crate) fn plan<'k>(
    state: &'k AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    subject: &Subject<'_>,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
) -> Result<Unsigned<'k>, MissingKeys> {
    let keys = signing_keys(state, pool)?;
    let mut c = claims(state, pool, client, subject, origin_jti, auth_time, now);
    subject.custom.apply(&mut c.id, &mut c.access);
    Ok(Unsigned {
        keys,
        id: Some(c.id),
        access: c.access,
        at_hash: false,
        expires_at: c.id_exp.max(c.access_exp),
    })
}

fn signing_keys<'a>(state: &'a AppState, pool: &PoolConfig) -> Result<&'a PoolKeys, MissingKeys> {
    state
        .pool_keys(&pool.id)
        .ok_or_else(|| MissingKeys(pool.id.clone()))
}

/// What an authorization at the token endpoint adds to the tokens.
pub(crate) struct OAuthGrant<'a> {
    /// The granted scopes, space-separated (the access token's `scope`).
    pub scope: &'a str,
    /// The authorize request's `nonce`, for the ID token.
    pub nonce: Option<&'a str>,
}

impl OAuthGrant<'_> {
    pub(crate) fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|s| s == scope)
    }
}

/// Hosted-UI tokens' claims: the access token carries the granted `scope`
/// and `version: 2`; the ID token (only with `openid`) `nonce`, and
/// `at_hash` once signed. Like [`plan`], fails before anything changes.
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan_oauth<'k>(
    state: &'k AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    subject: &Subject<'_>,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
    grant: &OAuthGrant<'_>,
) -> Result<Unsigned<'k>, MissingKeys> {
    let keys = signing_keys(state, pool)?;
    let mut c = claims(state, pool, client, subject, origin_jti, auth_time, now);
    c.access.insert("scope".into(), json!(grant.scope));
    c.access.insert("version".into(), json!(2));
    subject.custom.apply(&mut c.id, &mut c.access);
    let id = grant.has_scope("openid").then(|| {
        if let Some(nonce) = grant.nonce {
            c.id.insert("nonce".into(), json!(nonce));
        }
        c.id
    });
    let expires_at = if id.is_some() {
        c.id_exp.max(c.access_exp)
    } else {
        c.access_exp
    };
    Ok(Unsigned {
        keys,
        id,
        access: c.access,
        at_hash: true,
        expires_at,
    })
}

impl Unsigned<'_> {
    /// Signs the tokens (RS256). Call it without the state lock held.
    pub(crate) fn sign(self) -> Signed {
        let access_token = self.keys.access_token.sign(&self.access);
        let id_token = self.id.map(|mut id| {
            if self.at_hash {
                id.insert("at_hash".into(), json!(at_hash(&access_token)));
            }
            self.keys.id_token.sign(&id)
        });
        Signed {
            access_token,
            id_token,
        }
    }
}

/// `at_hash` for RS256 (OIDC Core §3.1.3.6): base64url of the left half of
/// the SHA-256 of the access token.
fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    B64URL.encode(&digest[..16])
}

struct Claims {
    id: Map<String, Value>,
    access: Map<String, Value>,
    id_exp: i64,
    access_exp: i64,
}

/// The ID and access token claims every sign-in gets.
fn claims(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    subject: &Subject<'_>,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
) -> Claims {
    let user = subject.user;
    let issuer = state.issuer(&pool.id);
    let event_id = uuid::Uuid::new_v4().to_string();
    let id_exp = now + i64::from(client.id_token_validity_seconds);
    let access_exp = now + i64::from(client.access_token_validity_seconds);

    let mut id = Map::new();
    // Attributes first, so the registered claims below always win.
    for (name, value) in &user.attributes {
        let claim = if name.ends_with("_verified") {
            Value::Bool(value == "true")
        } else if name == "identities" {
            // Stored as a JSON string (as GetUser shows it); a JSON array in
            // the ID token.
            serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.clone()))
        } else {
            Value::String(value.clone())
        };
        id.insert(name.clone(), claim);
    }
    let common = [
        ("sub", json!(user.sub)),
        ("iss", json!(issuer)),
        ("origin_jti", json!(origin_jti)),
        ("event_id", json!(event_id)),
        ("auth_time", json!(auth_time)),
        ("iat", json!(now)),
    ];
    for (k, v) in common.iter().cloned() {
        id.insert(k.into(), v);
    }
    id.insert("aud".into(), json!(client.id));
    id.insert("cognito:username".into(), json!(user.username));
    id.insert("token_use".into(), json!("id"));
    id.insert("exp".into(), json!(id_exp));
    id.insert("jti".into(), json!(uuid::Uuid::new_v4().to_string()));

    let mut access = Map::new();
    for (k, v) in common {
        access.insert(k.into(), v);
    }
    access.insert("client_id".into(), json!(client.id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!(ADMIN_SCOPE));
    access.insert("exp".into(), json!(access_exp));
    access.insert("jti".into(), json!(uuid::Uuid::new_v4().to_string()));
    access.insert("username".into(), json!(user.username));

    // Read from the store at every minting, so a change of membership shows
    // at the next sign-in or refresh.
    let g = groups::claims(subject.groups, user);
    if !g.groups.is_empty() {
        id.insert("cognito:groups".into(), json!(g.groups));
        access.insert("cognito:groups".into(), json!(g.groups));
    }
    if !g.roles.is_empty() {
        id.insert("cognito:roles".into(), json!(g.roles));
    }
    if let Some(role) = g.preferred_role {
        id.insert("cognito:preferred_role".into(), json!(role));
    }
    Claims {
        id,
        access,
        id_exp,
        access_exp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_hash_is_the_left_half_of_sha256_base64url() {
        // SHA-256("") = e3b0c442 98fc1c14 9afbf4c8 996fb924 ...
        assert_eq!(
            at_hash(""),
            B64URL.encode([
                0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f,
                0xb9, 0x24
            ])
        );
        assert_eq!(at_hash("x").len(), 22);
    }
}
