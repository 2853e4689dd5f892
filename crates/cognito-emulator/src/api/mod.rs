//! The User Pool JSON API: `POST /` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Operation>` and an awsJson1.1 body
//! (API Reference, "Common parameters" and "Common errors"; the Smithy
//! awsJson1_1 protocol).
//!
//! [`input`] decodes and checks requests, [`error`] shapes the answers,
//! and one module per group of operations does the work.

mod auth;
mod error;
#[cfg(any(test, fuzzing))]
pub(crate) mod fuzz;
mod input;
mod mfa;
mod password;
mod sign_up;
mod srp_auth;
mod user;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use error::ApiError;
use input::Input;

use crate::state::AppState;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const AMZ_JSON: &str = "application/x-amz-json-1.1";

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
        "RespondToAuthChallenge" => mfa::respond_to_auth_challenge(state, &input).await,
        _ => Err(unknown()),
    }
}
