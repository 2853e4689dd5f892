//! `/{userPoolId}/.well-known/jwks.json` and `openid-configuration`, served
//! under the issuer as cognito-idp serves them (Developer Guide, "Verifying a
//! JSON Web Token"; OpenID Connect Discovery 1.0 §4).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::state::AppState;

fn unknown_pool(pool_id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({
            "__type": "ResourceNotFoundException",
            "message": format!("User pool {pool_id} does not exist."),
        })),
    )
        .into_response()
}

/// `GET /{userPoolId}/.well-known/jwks.json`: the pool's two public keys.
pub async fn jwks(State(state): State<AppState>, Path(pool_id): Path<String>) -> Response {
    match state.pool_keys(&pool_id) {
        Some(keys) => Json(keys.jwks()).into_response(),
        None => unknown_pool(&pool_id),
    }
}

/// `GET /{userPoolId}/.well-known/openid-configuration`: the OpenID
/// Connect discovery document.
pub async fn openid_configuration(
    State(state): State<AppState>,
    Path(pool_id): Path<String>,
) -> Response {
    if state.pool_keys(&pool_id).is_none() {
        return unknown_pool(&pool_id);
    }
    let issuer = state.issuer(&pool_id);
    let base = state.base_url();
    // On AWS the OAuth endpoints live on the user pool domain; here the same
    // server plays both hosts. No `end_session_endpoint`: Cognito has none
    // (sign-out is `/logout` with `client_id` and `logout_uri`).
    Json(json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "authorization_endpoint": format!("{base}/oauth2/authorize"),
        "token_endpoint": format!("{base}/oauth2/token"),
        "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
        "revocation_endpoint": format!("{base}/oauth2/revoke"),
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "response_types_supported": ["code"],
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
    }))
    .into_response()
}
