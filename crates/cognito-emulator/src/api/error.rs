//! Cognito's modelled errors: HTTP 400 (500 for `InternalErrorException`)
//! with `{"__type","message"}` and the `x-amzn-Error*` headers, and how the
//! emulator's internal failures map onto them.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::state::SaveError;
use crate::tokens::{MissingKeys, Rejection};
use crate::triggers::Failure;

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

    /// A required `AuthParameters` / `ChallengeResponses` entry is absent.
    pub fn missing_parameter(name: &str) -> Self {
        ApiError::invalid_parameter(format!("Missing required parameter {name}"))
    }

    pub fn user_not_found() -> Self {
        ApiError::new("UserNotFoundException", "User does not exist.")
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

impl From<SaveError> for ApiError {
    fn from(e: SaveError) -> Self {
        ApiError::internal(e.to_string())
    }
}

/// A Lambda trigger that raised, timed out or answered something unusable.
impl From<Failure> for ApiError {
    fn from(f: Failure) -> Self {
        ApiError::new(f.kind(), f.message())
    }
}

impl From<MissingKeys> for ApiError {
    fn from(e: MissingKeys) -> Self {
        ApiError::internal(e.to_string())
    }
}

/// A refused access token, as the operations that take one report it.
impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        match r {
            Rejection::Invalid => ApiError::not_authorized("Invalid Access Token"),
            Rejection::Expired => ApiError::not_authorized("Access Token has expired"),
            Rejection::MissingScope => {
                ApiError::not_authorized("Access Token does not have required scopes")
            }
            Rejection::Revoked => ApiError::not_authorized("Access Token has been revoked"),
            Rejection::UserNotFound => ApiError::user_not_found(),
            Rejection::UserDisabled => ApiError::not_authorized("User is disabled."),
        }
    }
}
