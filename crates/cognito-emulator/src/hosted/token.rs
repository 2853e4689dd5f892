//! `POST /oauth2/token`, `GET|POST /oauth2/userInfo`, `POST /oauth2/revoke`
//! (Developer Guide, "Token endpoint", "UserInfo endpoint", "Revoke
//! endpoint"; RFC 6749 §4.1.3, §5; RFC 7636 §4.6; RFC 7009).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::http::{form_params, FormRejection, Params};
use crate::config::{ClientConfig, ExplicitAuthFlow, OAuthFlow, PoolConfig};
use crate::hashing::sha256_hex;
use crate::keys::header_kid;
use crate::state::AppState;
use crate::tokens::{
    authorize, issue_oauth_tokens, refresh_tokens, refreshable, OAuthGrant, RefreshFailure,
    Rejection,
};
use crate::triggers::{Call, Failure, Source};

/// An OAuth error response (RFC 6749 §5.2): JSON `{"error",
/// "error_description"?}`, 400 — 401 for `invalid_client`.
struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: Option<String>,
}

impl OAuthError {
    fn new(error: &'static str, description: impl Into<String>) -> Self {
        let status = if error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        OAuthError {
            status,
            error,
            description: Some(description.into()),
        }
    }

    fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    fn invalid_grant(description: impl Into<String>) -> Self {
        Self::new("invalid_grant", description)
    }

    fn server_error(description: impl Into<String>) -> Self {
        OAuthError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            ..Self::new("server_error", description)
        }
    }

    /// A pre token generation trigger that failed: its Cognito message as
    /// the description, as the hosted UI reports trigger errors
    /// (`invalid_request`, the wording of the user-pool API's error;
    /// assumed for the token endpoint).
    fn trigger(failure: Failure) -> Self {
        Self::invalid_request(failure.message())
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.error });
        if let Some(d) = self.description {
            body["error_description"] = json!(d);
        }
        no_store(self.status, &body)
    }
}

/// JSON that must not be cached: it carries tokens (RFC 6749 §5.1).
fn no_store(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=UTF-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::PRAGMA, HeaderValue::from_static("no-cache")),
        ],
        body.to_string(),
    )
        .into_response()
}

/// The form body; the endpoints take nothing else (RFC 6749 §4.1.3).
async fn read_form(request: Request) -> Result<(HeaderMap, Params), OAuthError> {
    let headers = request.headers().clone();
    let params = form_params(request).await.map_err(|rejection| {
        OAuthError::invalid_request(match rejection {
            FormRejection::ContentType => "Content-Type must be application/x-www-form-urlencoded.",
            FormRejection::Unreadable => "The form body could not be read.",
        })
    })?;
    if let Some(name) = params.repeated() {
        return Err(OAuthError::invalid_request(format!(
            "The parameter {name} is given more than once."
        )));
    }
    Ok((headers, params))
}

/// The app client: `client_id` in the body (public clients) or HTTP Basic
/// (RFC 6749 §2.3.1). The emulator's clients have no secret, so one that is
/// sent cannot be right.
fn client<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    params: &Params,
) -> Result<(&'a PoolConfig, &'a ClientConfig), OAuthError> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("basic").then_some(rest.trim())
        })
        .map(|encoded| {
            let text = B64
                .decode(encoded)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| OAuthError::new("invalid_client", "Malformed Basic credentials."))?;
            let (id, secret) = text.split_once(':').unwrap_or((&text, ""));
            Ok::<_, OAuthError>((id.to_owned(), !secret.is_empty()))
        })
        .transpose()?;
    let body_id = params.get("client_id");
    let id = match (&basic, body_id) {
        (Some((a, _)), Some(b)) if a != b => {
            return Err(OAuthError::invalid_request(
                "client_id differs from the Authorization header's.",
            ))
        }
        (Some((a, _)), _) => a.as_str(),
        (None, Some(b)) => b,
        (None, None) => return Err(OAuthError::invalid_request("client_id is required.")),
    };
    let (pool, client) = state
        .config()
        .client(id)
        .ok_or_else(|| OAuthError::new("invalid_client", "Client does not exist."))?;
    if basic.is_some_and(|(_, has_secret)| has_secret) || params.get("client_secret").is_some() {
        return Err(OAuthError::new(
            "invalid_client",
            "This app client has no secret.",
        ));
    }
    Ok((pool, client))
}

/// `POST /oauth2/token`.
pub(crate) async fn token(State(state): State<AppState>, request: Request) -> Response {
    match token_response(&state, request).await {
        Ok(body) => no_store(StatusCode::OK, &body),
        Err(e) => e.into_response(),
    }
}

async fn token_response(state: &AppState, request: Request) -> Result<Value, OAuthError> {
    let (headers, params) = read_form(request).await?;
    let grant_type = params
        .get("grant_type")
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required."))?;
    let (pool, client) = client(state, &headers, &params)?;
    match grant_type {
        "authorization_code" => exchange_code(state, pool, client, &params).await,
        "refresh_token" => refresh(state, pool, client, &params).await,
        "client_credentials" => Err(OAuthError::new(
            "unauthorized_client",
            "client_credentials is not enabled for this client.",
        )),
        _ => Err(OAuthError::new(
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token.",
        )),
    }
}

/// RFC 7636 §4.6: `BASE64URL(SHA256(code_verifier)) == code_challenge`,
/// for a verifier of 43..128 unreserved characters (§4.1).
fn verifier_matches(challenge: &str, verifier: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    let computed = B64URL.encode(Sha256::digest(verifier.as_bytes()));
    well_formed && bool::from(computed.as_bytes().ct_eq(challenge.as_bytes()))
}

/// `grant_type=authorization_code` (RFC 6749 §4.1.3). A pre token
/// generation function runs before the tokens are minted
/// (`TokenGeneration_HostedAuth`); if it fails, the code is spent and no
/// tokens are issued.
async fn exchange_code(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &Params,
) -> Result<Value, OAuthError> {
    if !client.allows_oauth_flow(OAuthFlow::Code) {
        return Err(OAuthError::new(
            "unauthorized_client",
            "The authorization code grant is not enabled for this client.",
        ));
    }
    let code = params
        .get("code")
        .ok_or_else(|| OAuthError::invalid_request("code is required."))?;
    let redirect_uri = params
        .get("redirect_uri")
        .ok_or_else(|| OAuthError::invalid_request("redirect_uri is required."))?;
    let verifier = params.get("code_verifier");
    let now = state.now();

    // The code is checked and spent under the hosted lock, so it can never
    // be exchanged twice (lock order: hosted, then db). The lock is let go
    // before the trigger runs: a replay in that time finds the code spent
    // but no session to revoke yet.
    let (username, auth_time, request, origin_jti) =
        {
            let mut hosted = state.hosted();
            hosted.prune(now);
            let record = hosted
                .codes
                .get_mut(code)
                .filter(|c| c.request.client_id == client.id)
                .ok_or_else(|| OAuthError::invalid_grant("The authorization code is invalid."))?;
            if record.used {
                // RFC 6749 §4.1.2: a code presented twice revokes the tokens it gave.
                if let Some(origin_jti) = record.origin_jti.clone() {
                    state
                        .write(|db| {
                            if let Some(s) = db
                                .pools
                                .get_mut(&pool.id)
                                .and_then(|p| p.sessions.get_mut(&origin_jti))
                            {
                                s.revoked = true;
                            }
                        })
                        .map_err(|e| OAuthError::server_error(e.to_string()))?;
                }
                return Err(OAuthError::invalid_grant(
                    "The authorization code has already been used.",
                ));
            }
            // Any attempt spends the code, successful or not.
            record.used = true;
            if record.expires_at <= now {
                return Err(OAuthError::invalid_grant(
                    "The authorization code has expired.",
                ));
            }
            if record.request.redirect_uri != redirect_uri {
                return Err(OAuthError::invalid_grant(
                    "redirect_uri differs from the authorization request's.",
                ));
            }
            match (&record.request.code_challenge, verifier) {
                (None, None) => {}
                (Some(_), None) => return Err(OAuthError::invalid_request(
                    "code_verifier is required: the authorization request had a code_challenge.",
                )),
                (Some(challenge), Some(verifier)) => {
                    if !verifier_matches(challenge, verifier) {
                        return Err(OAuthError::invalid_grant(
                            "code_verifier does not match the code_challenge.",
                        ));
                    }
                }
                // RFC 9700 §2.1.1: a verifier without a challenge at authorize is a
                // PKCE downgrade attempt.
                (None, Some(_)) => return Err(OAuthError::invalid_grant(
                    "code_verifier was sent, but the authorization request had no code_challenge.",
                )),
            }
            let origin_jti = uuid::Uuid::new_v4().to_string();
            record.origin_jti = Some(origin_jti.clone());
            (
                record.username.clone(),
                record.auth_time,
                record.request.clone(),
                origin_jti,
            )
        };
    let user = state
        .read(|db| {
            db.pools
                .get(&pool.id)
                .and_then(|p| p.users.get(&username))
                .filter(|u| u.enabled)
                .cloned()
        })
        .ok_or_else(|| OAuthError::invalid_grant("The user is disabled or deleted."))?;
    let call = Call {
        state,
        pool,
        client_id: Some(&client.id),
        client_metadata: None,
    };
    let custom = call
        .pre_token_generation(Source::TokenGenerationHostedAuth, &user, &request.scopes)
        .await
        .map_err(OAuthError::trigger)?;
    let scope = request.scopes.join(" ");
    let grant = OAuthGrant {
        scope: &scope,
        nonce: request.nonce.as_deref(),
    };
    // The session is stored and the claims decided under the state lock;
    // the tokens are signed after it (RS256 is the costly part).
    let session = state
        .write(|db| {
            let pool_data = db.pools.entry(pool.id.clone()).or_default();
            let user = pool_data
                .users
                .get(&username)
                .filter(|u| u.enabled)
                .cloned()
                .ok_or_else(|| OAuthError::invalid_grant("The user is disabled or deleted."))?;
            issue_oauth_tokens(
                state,
                pool,
                client,
                pool_data,
                &user,
                &origin_jti,
                auth_time,
                now,
                &grant,
                &custom,
            )
            .map_err(|e| OAuthError::server_error(e.to_string()))
        })
        .map_err(|e| OAuthError::server_error(e.to_string()))??;
    Ok(session.sign())
}

/// `grant_type=refresh_token`: new access and ID tokens with the session's
/// `auth_time` and scopes; no new refresh token (no rotation). A pre token
/// generation function runs first (`TokenGeneration_RefreshTokens`).
async fn refresh(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &Params,
) -> Result<Value, OAuthError> {
    if !client.allows(ExplicitAuthFlow::RefreshTokenAuth) {
        return Err(OAuthError::new(
            "unauthorized_client",
            "ALLOW_REFRESH_TOKEN_AUTH is not enabled for this client.",
        ));
    }
    let token = params
        .get("refresh_token")
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is required."))?;
    let hash = sha256_hex(token);
    let refused = |f: RefreshFailure| match f {
        RefreshFailure::Session(message) => OAuthError::invalid_grant(message),
        RefreshFailure::UserDeleted | RefreshFailure::UserDisabled => {
            OAuthError::invalid_grant("The user is disabled or deleted.")
        }
        RefreshFailure::Internal(e) => OAuthError::server_error(e.to_string()),
    };
    let now = state.now();
    let found = state
        .read(|db| {
            let pool_data = db.pools.get(&pool.id).ok_or(RefreshFailure::Session(
                crate::tokens::INVALID_REFRESH_TOKEN,
            ))?;
            refreshable(pool_data, client, &hash, now)
        })
        .map_err(refused)?;
    let scopes: Vec<String> = found
        .session
        .scope
        .as_deref()
        .unwrap_or(crate::tokens::ADMIN_SCOPE)
        .split(' ')
        .map(str::to_owned)
        .collect();
    let call = Call {
        state,
        pool,
        client_id: Some(&client.id),
        client_metadata: None,
    };
    let custom = call
        .pre_token_generation(Source::TokenGenerationRefreshTokens, &found.user, &scopes)
        .await
        .map_err(OAuthError::trigger)?;
    let now = state.now();
    // Claims under the state lock, RS256 signing after it.
    let unsigned = state
        .write(|db| {
            let pool_data = db.pools.entry(pool.id.clone()).or_default();
            refresh_tokens(state, pool, client, pool_data, &hash, now, &custom)
        })
        .map_err(|e| OAuthError::server_error(e.to_string()))?;
    let tokens = unsigned.map_err(refused)?.sign();
    let mut body = json!({ "access_token": tokens.access_token });
    if let Some(id_token) = tokens.id_token {
        body["id_token"] = json!(id_token);
    }
    body["token_type"] = json!("Bearer");
    body["expires_in"] = json!(client.access_token_validity_seconds);
    Ok(body)
}

/// `POST /oauth2/revoke` (RFC 7009): revokes a refresh token and every
/// token minted from it. An unknown token (or another client's) is a 200
/// like a revoked one, so the endpoint is no token oracle (§2.2).
pub(crate) async fn revoke(State(state): State<AppState>, request: Request) -> Response {
    let result = async {
        let (headers, params) = read_form(request).await?;
        let token = params
            .get("token")
            .ok_or_else(|| OAuthError::invalid_request("token is required."))?
            .to_owned();
        let (pool, client) = client(&state, &headers, &params)?;
        if is_our_jwt(&state, &token) {
            return Err(OAuthError::new(
                "unsupported_token_type",
                "Only refresh tokens can be revoked.",
            ));
        }
        let hash = sha256_hex(&token);
        state
            .write(|db| {
                if let Some(p) = db.pools.get_mut(&pool.id) {
                    for s in p.sessions.values_mut() {
                        if s.refresh_token_sha256 == hash && s.client_id == client.id {
                            s.revoked = true;
                        }
                    }
                }
            })
            .map_err(|e| OAuthError::server_error(e.to_string()))
    }
    .await;
    match result {
        Ok(()) => (
            StatusCode::OK,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// Whether `token` is an access or ID token of one of the pools.
fn is_our_jwt(state: &AppState, token: &str) -> bool {
    let Some(kid) = header_kid(token) else {
        return false;
    };
    state.config().pools.iter().any(|p| {
        state
            .pool_keys(&p.id)
            .is_some_and(|k| k.access_token.kid == kid || k.id_token.kid == kid)
    })
}

/// Attributes each OIDC scope releases at the userInfo endpoint (Developer
/// Guide, "The user attributes endpoint"); `openid` alone releases all.
const PROFILE_ATTRIBUTES: &[&str] = &[
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "updated_at",
    "identities",
];

fn released(attribute: &str, scopes: &[&str]) -> bool {
    let has = |s: &str| scopes.contains(&s);
    if !has("profile") && !has("email") && !has("phone") {
        return true;
    }
    (has("profile")
        && (PROFILE_ATTRIBUTES.contains(&attribute) || attribute.starts_with("custom:")))
        || (has("email") && matches!(attribute, "email" | "email_verified"))
        || (has("phone") && matches!(attribute, "phone_number" | "phone_number_verified"))
}

/// A userInfo error: the status, `WWW-Authenticate` as Cognito documents it
/// (Developer Guide, "UserInfo endpoint"), and the same as JSON.
fn user_info_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = no_store(
        status,
        &json!({ "error": error, "error_description": description }),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "error=\"{error}\", error_description=\"{description}\""
    )) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    response
}

/// `GET|POST /oauth2/userInfo` with `Authorization: Bearer <access token>`
/// from the token endpoint (it must carry `openid`).
pub(crate) async fn user_info(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then_some(rest.trim())
        })
        .filter(|t| !t.is_empty());
    let Some(token) = token else {
        return user_info_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Bad OAuth2 request at UserInfo Endpoint",
        );
    };
    let caller = match authorize(&state, token, "openid") {
        Ok(caller) => caller,
        Err(rejection) => {
            let description = if rejection == Rejection::MissingScope {
                "Access token does not contain openid scope"
            } else {
                "Access token is expired, disabled, or deleted, or the user has globally signed out."
            };
            return user_info_error(StatusCode::UNAUTHORIZED, "invalid_token", description);
        }
    };
    let scopes: Vec<&str> = caller.scope.split(' ').collect();
    let body = state.read(|db| {
        let user = db
            .pools
            .get(&caller.pool_id)
            .and_then(|p| p.users.get(&caller.username))?;
        let mut claims = Map::new();
        claims.insert("sub".into(), json!(user.sub));
        for (name, value) in &user.attributes {
            if released(name, &scopes) {
                // Cognito answers attribute values as strings, verification
                // flags included ("true").
                claims.insert(name.clone(), json!(value));
            }
        }
        claims.insert("username".into(), json!(user.username));
        Some(Value::Object(claims))
    });
    match body {
        Some(body) => no_store(StatusCode::OK, &body),
        None => user_info_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "Access token is expired, disabled, or deleted, or the user has globally signed out.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(verifier_matches(challenge, verifier));
        assert!(!verifier_matches(
            challenge,
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK"
        ));
        // Too short to be a verifier, even if it hashed right.
        assert!(!verifier_matches(
            &B64URL.encode(Sha256::digest(b"short")),
            "short"
        ));
    }

    #[test]
    fn scopes_release_attributes_as_documented() {
        assert!(released("custom:x", &["openid"]));
        assert!(released("email", &["openid", "email"]));
        assert!(!released("name", &["openid", "email"]));
        assert!(released("name", &["openid", "profile"]));
        assert!(!released("phone_number", &["openid", "profile", "email"]));
        assert!(released(
            "email",
            &["openid", "aws.cognito.signin.user.admin"]
        ));
    }
}
