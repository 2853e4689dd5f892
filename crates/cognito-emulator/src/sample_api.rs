//! A sample protected API, guarded the way API Gateway's Cognito user pool
//! authorizer (`COGNITO_USER_POOLS`) guards a REST API (API Gateway
//! Developer Guide, "Control access to REST APIs using Amazon Cognito user
//! pools as an authorizer"): the token travels in the `Authorization`
//! header, and the RS256 signature (the pool's JWKS keys), `iss`, `exp`,
//! `token_use` and the app client are checked. The ID token is what the
//! authorizer takes by default; an access token is accepted too, as on a
//! method with OAuth scopes. Revocation is not checked, and API Gateway
//! does not check it either: a signed-out user's tokens work here until
//! they expire.
//!
//! * `GET /_local/api/whoami` answers who the caller is.
//! * `GET /_local/api/admin` answers the same to members of the `admin`
//!   group and 403 to everyone else.
//!
//! Refusals use API Gateway's default gateway responses (API Gateway
//! Developer Guide, "Gateway response types"): `UNAUTHORIZED` 401
//! `{"message":"Unauthorized"}` (`{"message":"The incoming token has
//! expired"}` for an expired token, as observed in aws-amplify/amplify-js#6060)
//! and `ACCESS_DENIED` 403 `{"message":"User is not authorized to access
//! this resource"}` (docs/cognito-protocol.md §10).

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::jwt_check::{self, Failure, TokenUse, Verified};
use crate::state::AppState;

/// The group whose members may call `/_local/api/admin`.
pub const ADMIN_GROUP: &str = "admin";

/// The sample API's routes (fetched cross-origin: they get the CORS layer,
/// whose preflight allows the `Authorization` header).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/_local/api/whoami", get(whoami))
        .route("/_local/api/admin", get(admin))
}

async fn whoami(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match authorize(&state, &headers) {
        Ok(caller) => Json(describe(&caller)).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

async fn admin(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match authorize(&state, &headers) {
        Ok(caller) if groups(&caller).iter().any(|g| g == ADMIN_GROUP) => {
            Json(describe(&caller)).into_response()
        }
        Ok(_) => Refusal::AccessDenied.into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// API Gateway's gateway responses for a refused caller.
enum Refusal {
    /// `UNAUTHORIZED`: no token, or one that fails a check.
    Unauthorized,
    /// `UNAUTHORIZED` with the expired-token wording.
    Expired,
    /// `ACCESS_DENIED`: a valid token, but not allowed here.
    AccessDenied,
}

impl IntoResponse for Refusal {
    /// `{"message": ...}` with the `x-amzn-ErrorType` header API Gateway
    /// sets.
    fn into_response(self) -> Response {
        let (status, error_type, message) = match self {
            Refusal::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "UnauthorizedException",
                "Unauthorized",
            ),
            Refusal::Expired => (
                StatusCode::UNAUTHORIZED,
                "UnauthorizedException",
                "The incoming token has expired",
            ),
            Refusal::AccessDenied => (
                StatusCode::FORBIDDEN,
                "AccessDeniedException",
                "User is not authorized to access this resource",
            ),
        };
        let mut response = (status, Json(json!({ "message": message }))).into_response();
        response
            .headers_mut()
            .insert("x-amzn-ErrorType", HeaderValue::from_static(error_type));
        response
    }
}

/// The caller's verified token.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<Verified, Refusal> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(Refusal::Unauthorized)?;
    // The Cognito authorizer takes the raw token; `Bearer <token>` is what
    // most HTTP clients send, so it is accepted too.
    let token = match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => value,
    };
    jwt_check::verify(state, token, None).map_err(|f| match f {
        Failure::Expired { .. } => Refusal::Expired,
        _ => Refusal::Unauthorized,
    })
}

fn groups(caller: &Verified) -> Vec<String> {
    caller.claim_list("cognito:groups")
}

/// What the caller's token says about them. The e-mail address is only in
/// ID tokens (`null` for an access token).
fn describe(caller: &Verified) -> Value {
    let username = match caller.token_use {
        TokenUse::Id => caller.claim("cognito:username"),
        TokenUse::Access => caller.claim("username"),
    };
    json!({
        "sub": caller.claim("sub"),
        "username": username,
        "email": caller.claim("email"),
        "groups": groups(caller),
        "token_use": caller.token_use.as_str(),
        "client_id": caller.client_id,
        "issuer": caller.claim("iss"),
        "expires_at": caller.exp,
    })
}
