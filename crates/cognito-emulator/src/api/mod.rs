//! The User Pool JSON API: `POST /` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Operation>` and an awsJson1.1 body
//! (COGNITO.md §1.1–1.2).

pub(crate) mod auth;
mod input;
mod mfa;
pub(crate) mod sign_up;
pub(crate) mod user;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::config::{ClientConfig, PoolConfig};
use crate::AppState;
pub(crate) use input::{Input, Validator};

pub(crate) const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// A modelled Cognito error: HTTP 400 (500 for `InternalErrorException`)
/// with `{"__type","message"}` and the `x-amzn-Error*` headers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// The `__type`, e.g. `NotAuthorizedException`.
    pub kind: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            kind,
            message: message.into(),
        }
    }

    /// `InternalErrorException` is a server fault in the model, hence 500.
    pub fn internal(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            ..ApiError::new("InternalErrorException", message)
        }
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        ApiError::new("InvalidParameterException", message)
    }

    pub fn not_authorized(message: impl Into<String>) -> Self {
        ApiError::new("NotAuthorizedException", message)
    }

    pub fn limit_exceeded() -> Self {
        ApiError::new(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({ "__type": self.kind, "message": self.message });
        let mut response = (self.status, body.to_string()).into_response();
        let headers = response.headers_mut();
        // AWS sends the type followed by a colon (and sometimes more text).
        if let Ok(v) = HeaderValue::from_str(&format!("{}:", self.kind)) {
            headers.insert("x-amzn-ErrorType", v);
        }
        if let Ok(v) = HeaderValue::from_str(&header_safe(&self.message)) {
            headers.insert("x-amzn-ErrorMessage", v);
        }
        response
    }
}

/// Header values must be visible ASCII; user input (an e-mail domain) may not be.
fn header_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == ' ' || c.is_ascii_graphic() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// `POST /`: dispatches on `X-Amz-Target`. The content type is not checked:
/// SDKs send `application/x-amz-json-1.1`, hand-written clients often don't.
pub async fn handle(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let result = dispatch(&state, &headers, &body).await;
    let mut response = match result {
        Ok(value) => (StatusCode::OK, value.to_string()).into_response(),
        Err(e) => e.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(AMZ_JSON));
    if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        headers.insert("x-amzn-RequestId", v);
    }
    response
}

async fn dispatch(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let unknown = || {
        ApiError::new(
            "UnknownOperationException",
            format!("The local Cognito emulator does not support the operation {target:?}."),
        )
    };
    let op = target.strip_prefix(TARGET_PREFIX).ok_or_else(unknown)?;
    if !matches!(
        op,
        "SignUp"
            | "ConfirmSignUp"
            | "ResendConfirmationCode"
            | "InitiateAuth"
            | "GetUser"
            | "GlobalSignOut"
            | "AssociateSoftwareToken"
            | "VerifySoftwareToken"
            | "SetUserMFAPreference"
            | "RespondToAuthChallenge"
    ) {
        return Err(unknown());
    }
    let input = Input::parse(body)?;
    match op {
        "SignUp" => sign_up::sign_up(state, &input).await,
        "ConfirmSignUp" => sign_up::confirm_sign_up(state, &input),
        "ResendConfirmationCode" => sign_up::resend_confirmation_code(state, &input),
        "InitiateAuth" => auth::initiate_auth(state, &input).await,
        "GetUser" => user::get_user(state, &input),
        "GlobalSignOut" => user::global_sign_out(state, &input),
        "AssociateSoftwareToken" => mfa::associate_software_token(state, &input),
        "VerifySoftwareToken" => mfa::verify_software_token(state, &input),
        "SetUserMFAPreference" => mfa::set_user_mfa_preference(state, &input),
        "RespondToAuthChallenge" => mfa::respond_to_auth_challenge(state, &input),
        _ => Err(unknown()),
    }
}

/// The app client and its pool, or Cognito's `ResourceNotFoundException`.
pub(crate) fn find_client<'a>(
    state: &'a AppState,
    client_id: &str,
) -> Result<(&'a PoolConfig, &'a ClientConfig), ApiError> {
    state.config().client(client_id).ok_or_else(|| {
        ApiError::new(
            "ResourceNotFoundException",
            format!("User pool client {client_id} does not exist."),
        )
    })
}

/// Compares secrets without an early exit, so timing reveals nothing about
/// how many leading characters were right.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
