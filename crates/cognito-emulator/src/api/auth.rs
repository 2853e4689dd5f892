//! `InitiateAuth` (COGNITO.md §1.4–1.5) and token minting (§5).

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rand::RngCore;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::input::CLIENT_ID;
use super::{find_client, mfa, ApiError, Input, Validator};
use crate::config::{ClientConfig, ExplicitAuthFlow, PoolConfig};
use crate::store::{AuthSession, PoolData, SignInFailures, User, UserStatus};
use crate::{hashing, srp, AppState};

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

/// The scope of access tokens from the user-pool API (COGNITO.md §5.3).
pub(crate) const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Lockout (Developer Guide, authentication flow): after this many failures
/// the user is locked for 1 s, doubling per further failure, at most 15 min;
/// the count resets after 15 quiet minutes.
const LOCKOUT_AFTER: u32 = 5;
const LOCKOUT_MAX_SECONDS: i64 = 15 * 60;
const LOCKOUT_RESET_SECONDS: i64 = 15 * 60;

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

pub(super) fn missing(param: &str) -> ApiError {
    ApiError::invalid_parameter(format!("Missing required parameter {param}"))
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
    let username = params.get("USERNAME").ok_or_else(|| missing("USERNAME"))?;
    let password = params
        .get("PASSWORD")
        .ok_or_else(|| missing("PASSWORD"))?
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
                    u.sign_in_failures.locked_until,
                )
            })
    });
    let Some((internal, phc, locked_until)) = found else {
        let _ = tokio::task::spawn_blocking(move || hashing::burn_equivalent_time(&password)).await;
        return Err(if client.prevent_user_existence_errors {
            incorrect()
        } else {
            ApiError::new("UserNotFoundException", "User does not exist.")
        });
    };
    if locked_until > now {
        return Err(ApiError::not_authorized("Password attempts exceeded"));
    }
    let ok = tokio::task::spawn_blocking(move || hashing::verify_password(&phc, &password))
        .await
        .map_err(|e| ApiError::internal(format!("password check failed: {e}")))?;

    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let user = pool_data.users.get_mut(&internal).ok_or_else(incorrect)?;
        if !ok {
            record_failure(&mut user.sign_in_failures, now);
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
        // After the password, MFA: SOFTWARE_TOKEN_MFA or MFA_SETUP.
        if let Some(challenge) = mfa::sign_in_challenge(pool, client, pool_data, &user, now) {
            return Ok(challenge);
        }
        issue_tokens(state, pool, client, pool_data, &user, now)
    })?
}

/// A new authentication for `user`: ID, access and refresh tokens with
/// `auth_time` = `now`, and the server-side session they share.
pub(super) fn issue_tokens(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    user: &User,
    now: i64,
) -> Result<Value, ApiError> {
    let origin_jti = uuid::Uuid::new_v4().to_string();
    let minted = mint(state, pool, client, user, &origin_jti, now, now)?;
    let refresh_token = start_session(
        pool_data,
        client,
        user,
        origin_jti,
        now,
        now,
        minted.expires_at,
        None,
    );
    Ok(json!({
        "AuthenticationResult": {
            "AccessToken": minted.access_token,
            "ExpiresIn": client.access_token_validity_seconds,
            "IdToken": minted.id_token,
            "RefreshToken": refresh_token,
            "TokenType": "Bearer",
        },
        "ChallengeParameters": {},
    }))
}

/// Stores the session a new authentication's tokens share (keyed by their
/// `origin_jti`) and returns its new refresh token, of which only the
/// SHA-256 is kept.
#[allow(clippy::too_many_arguments)]
fn start_session(
    pool_data: &mut PoolData,
    client: &ClientConfig,
    user: &User,
    origin_jti: String,
    auth_time: i64,
    now: i64,
    tokens_expire_at: i64,
    scope: Option<String>,
) -> String {
    let refresh_token = new_refresh_token();
    pool_data.sessions.insert(
        origin_jti,
        AuthSession {
            refresh_token_sha256: sha256_hex(&refresh_token),
            username: user.username.clone(),
            client_id: client.id.clone(),
            auth_time,
            expires_at: now + i64::from(client.refresh_token_validity_seconds),
            tokens_expire_at,
            revoked: false,
            scope,
        },
    );
    refresh_token
}

/// Counts one failure towards the lockout of COGNITO.md §1.5: from the fifth
/// in a row the user is locked for 1 s, doubling per further failure, at
/// most 15 minutes; the count restarts after 15 quiet minutes.
pub(super) fn record_failure(f: &mut SignInFailures, now: i64) {
    if now - f.last_failure_at >= LOCKOUT_RESET_SECONDS {
        f.count = 0;
    }
    f.count += 1;
    f.last_failure_at = now;
    if f.count >= LOCKOUT_AFTER {
        let doublings = (f.count - LOCKOUT_AFTER).min(10);
        f.locked_until = now + (1i64 << doublings).min(LOCKOUT_MAX_SECONDS);
    }
}

/// `REFRESH_TOKEN_AUTH`: new access and ID tokens, no new refresh token
/// (COGNITO.md §1.4). They keep the session's `auth_time` and `origin_jti`.
fn refresh_token_auth(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &BTreeMap<String, String>,
) -> Result<Value, ApiError> {
    let token = params
        .get("REFRESH_TOKEN")
        .ok_or_else(|| missing("REFRESH_TOKEN"))?;
    let hash = sha256_hex(token);
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let tokens =
            refresh_tokens(state, pool, client, pool_data, &hash, now).map_err(|f| match f {
                RefreshFailure::Session(message) => ApiError::not_authorized(message),
                RefreshFailure::UserDeleted => ApiError::not_authorized(INVALID_REFRESH_TOKEN),
                RefreshFailure::UserDisabled => ApiError::not_authorized("User is disabled."),
                RefreshFailure::Internal(e) => e,
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

const INVALID_REFRESH_TOKEN: &str = "Invalid Refresh Token.";

/// Why [`refresh_tokens`] refused a refresh token; `REFRESH_TOKEN_AUTH` and
/// the token endpoint each answer in their own terms.
pub(crate) enum RefreshFailure {
    /// No live session: unknown (or another client's), revoked or expired.
    /// The message is the one both callers use.
    Session(&'static str),
    /// The session's user no longer exists.
    UserDeleted,
    /// The session's user is disabled.
    UserDisabled,
    /// The tokens could not be signed.
    Internal(ApiError),
}

/// New access and ID tokens from a refresh token (given by its SHA-256)
/// issued to `client`, no new refresh token (COGNITO.md §1.4, §4.3). They
/// keep the session's `auth_time` and `origin_jti`; a hosted-UI session
/// keeps its granted scopes (and gets an ID token only with `openid`). The
/// session's `tokens_expire_at` is moved on to cover them.
pub(crate) fn refresh_tokens(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    token_sha256: &str,
    now: i64,
) -> Result<OAuthTokens, RefreshFailure> {
    let (origin_jti, session) = pool_data
        .sessions
        .iter()
        .find(|(_, s)| s.refresh_token_sha256 == token_sha256 && s.client_id == client.id)
        .map(|(k, s)| (k.clone(), s.clone()))
        .ok_or(RefreshFailure::Session(INVALID_REFRESH_TOKEN))?;
    if session.revoked {
        return Err(RefreshFailure::Session("Refresh Token has been revoked"));
    }
    if session.expires_at <= now {
        return Err(RefreshFailure::Session("Refresh Token has expired"));
    }
    let user = pool_data
        .users
        .get(&session.username)
        .ok_or(RefreshFailure::UserDeleted)?;
    if !user.enabled {
        return Err(RefreshFailure::UserDisabled);
    }
    let auth_time = session.auth_time;
    let tokens = match &session.scope {
        // A refresh token from the user-pool API.
        None => {
            let m = mint(state, pool, client, user, &origin_jti, auth_time, now)
                .map_err(RefreshFailure::Internal)?;
            OAuthTokens {
                access_token: m.access_token,
                id_token: Some(m.id_token),
                expires_at: m.expires_at,
            }
        }
        Some(scope) => {
            let grant = OAuthGrant { scope, nonce: None };
            mint_oauth(
                state,
                pool,
                client,
                user,
                &origin_jti,
                auth_time,
                now,
                &grant,
            )
            .map_err(RefreshFailure::Internal)?
        }
    };
    if let Some(s) = pool_data.sessions.get_mut(&origin_jti) {
        s.tokens_expire_at = s.tokens_expire_at.max(tokens.expires_at);
    }
    Ok(tokens)
}

pub(crate) struct Minted {
    pub access_token: String,
    pub id_token: String,
    /// The later of the two tokens' `exp`.
    pub expires_at: i64,
}

/// Signs an ID and an access token for `user` (claims per COGNITO.md §5.2–5.3).
pub(crate) fn mint(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    user: &User,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
) -> Result<Minted, ApiError> {
    let keys = signing_keys(state, pool)?;
    let c = claims(state, pool, client, user, origin_jti, auth_time, now);
    Ok(Minted {
        id_token: keys.id_token.sign(&c.id),
        access_token: keys.access_token.sign(&c.access),
        expires_at: c.id_exp.max(c.access_exp),
    })
}

fn signing_keys<'a>(
    state: &'a AppState,
    pool: &PoolConfig,
) -> Result<&'a crate::keys::PoolKeys, ApiError> {
    state
        .pool_keys(&pool.id)
        .ok_or_else(|| ApiError::internal(format!("no signing keys for pool {}", pool.id)))
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

/// Tokens from the token endpoint.
pub(crate) struct OAuthTokens {
    pub access_token: String,
    /// Only with the `openid` scope (COGNITO.md §4.2).
    pub id_token: Option<String>,
    pub expires_at: i64,
}

/// Signs hosted-UI tokens: the access token carries the granted `scope` and
/// `version: 2`; the ID token (only with `openid`) `nonce` and `at_hash`
/// (OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the
/// access token).
#[allow(clippy::too_many_arguments)]
pub(crate) fn mint_oauth(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    user: &User,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
    grant: &OAuthGrant<'_>,
) -> Result<OAuthTokens, ApiError> {
    let keys = signing_keys(state, pool)?;
    let mut c = claims(state, pool, client, user, origin_jti, auth_time, now);
    c.access.insert("scope".into(), json!(grant.scope));
    c.access.insert("version".into(), json!(2));
    let access_token = keys.access_token.sign(&c.access);
    let id_token = grant.has_scope("openid").then(|| {
        if let Some(nonce) = grant.nonce {
            c.id.insert("nonce".into(), json!(nonce));
        }
        c.id.insert("at_hash".into(), json!(at_hash(&access_token)));
        keys.id_token.sign(&c.id)
    });
    let expires_at = if id_token.is_some() {
        c.id_exp.max(c.access_exp)
    } else {
        c.access_exp
    };
    Ok(OAuthTokens {
        access_token,
        id_token,
        expires_at,
    })
}

/// `at_hash` for RS256 (OIDC Core §3.1.3.6).
pub(crate) fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    B64URL.encode(&digest[..16])
}

/// A new hosted-UI authentication: tokens plus the session they share,
/// as the token endpoint's JSON body.
#[allow(clippy::too_many_arguments)]
pub(crate) fn issue_oauth_tokens(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    user: &User,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
    grant: &OAuthGrant<'_>,
) -> Result<Value, ApiError> {
    let minted = mint_oauth(state, pool, client, user, origin_jti, auth_time, now, grant)?;
    pool_data.prune_sessions(now);
    let refresh_token = start_session(
        pool_data,
        client,
        user,
        origin_jti.to_owned(),
        auth_time,
        now,
        minted.expires_at,
        Some(grant.scope.to_owned()),
    );
    let mut body = json!({ "access_token": minted.access_token });
    if let Some(id_token) = minted.id_token {
        body["id_token"] = json!(id_token);
    }
    body["refresh_token"] = json!(refresh_token);
    body["token_type"] = json!("Bearer");
    body["expires_in"] = json!(client.access_token_validity_seconds);
    Ok(body)
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
    user: &User,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
) -> Claims {
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
            // the ID token (COGNITO.md §5.2).
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

    if !user.groups.is_empty() {
        id.insert("cognito:groups".into(), json!(user.groups));
        access.insert("cognito:groups".into(), json!(user.groups));
    }
    Claims {
        id,
        access,
        id_exp,
        access_exp,
    }
}

/// An opaque refresh token: 48 CSPRNG bytes, base64url (matches the model's
/// `[A-Za-z0-9-_=.]+`). Only its SHA-256 is stored.
pub(crate) fn new_refresh_token() -> String {
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    B64URL.encode(bytes)
}

pub(crate) fn sha256_hex(s: &str) -> String {
    srp::bytes_to_hex(&Sha256::digest(s.as_bytes()))
}
