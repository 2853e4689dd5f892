//! One error type for every Cognito call.
//!
//! Service errors arrive as HTTP 4xx/5xx with `{"__type": ..., "message": ...}`
//! and an `x-amzn-ErrorType` header (docs/cognito-protocol.md §1.2). The type is normalised
//! as Amplify's `parseJsonError` does: cut at the first `:` or `,`, then keep
//! what follows a `#` namespace separator.

use crate::http::HttpResponse;

/// The modelled Cognito exceptions the UI reacts to, by `__type` name without
/// the `Exception` suffix. Anything else is kept verbatim in [`ErrorKind::Other`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `AliasExistsException`: an email or phone number already belongs to another user.
    AliasExists,
    /// `CodeDeliveryFailureException`: the code could not be sent (email or SMS).
    CodeDeliveryFailure,
    /// `CodeMismatchException`: the code is wrong.
    CodeMismatch,
    /// `EnableSoftwareTokenMFAException`: the TOTP code did not verify the new authenticator.
    EnableSoftwareTokenMfa,
    /// `ExpiredCodeException`: the code has expired.
    ExpiredCode,
    /// `ForbiddenException`: AWS WAF blocked the request.
    Forbidden,
    /// `InternalErrorException`: cognito failed.
    InternalError,
    /// `InvalidLambdaResponseException`: a Lambda trigger answered something Cognito cannot use.
    InvalidLambdaResponse,
    /// `InvalidParameterException`: a parameter is invalid; the message says which.
    InvalidParameter,
    /// `InvalidPasswordException`: the password breaks the pool's password policy.
    InvalidPassword,
    /// `InvalidUserPoolConfigurationException`: the user pool is set up wrongly for this call.
    InvalidUserPoolConfiguration,
    /// `LimitExceededException`: too many attempts of this kind (codes sent, for example).
    LimitExceeded,
    /// `MFAMethodNotFoundException`: the user has no such MFA method.
    MfaMethodNotFound,
    /// `NotAuthorizedException`: wrong password, expired session, disabled
    /// flow, lockout...; the message tells them apart.
    NotAuthorized,
    /// `OperationNotEnabledException`: the operation is not enabled on this pool or client.
    OperationNotEnabled,
    /// `PasswordHistoryPolicyViolationException`: the password was used before.
    PasswordHistoryPolicyViolation,
    /// `PasswordResetRequiredException`: an administrator reset the password.
    PasswordResetRequired,
    /// `ResourceNotFoundException`: the user pool or app client does not exist.
    ResourceNotFound,
    /// `SoftwareTokenMFANotFoundException`: the user has no authenticator (TOTP) set up.
    SoftwareTokenMfaNotFound,
    /// `TooManyFailedAttemptsException`: too many failed attempts.
    TooManyFailedAttempts,
    /// `TooManyRequestsException`: rate limited.
    TooManyRequests,
    /// `UnexpectedLambdaException`: a Lambda trigger failed.
    UnexpectedLambda,
    /// `UnsupportedOperationException`: the operation is not supported here.
    UnsupportedOperation,
    /// `UserLambdaValidationException`: a Lambda trigger refused the request;
    /// the message is the trigger's own.
    UserLambdaValidation,
    /// `UserNotConfirmedException`: the user has not confirmed sign-up yet.
    UserNotConfirmed,
    /// `UserNotFoundException`: no such user (when the pool reveals it).
    UserNotFound,
    /// `UsernameExistsException`: the username is taken.
    UsernameExists,
    /// Any other `__type`, as received (normalised).
    Other(String),
}

impl ErrorKind {
    /// Maps a raw `__type` / `x-amzn-ErrorType` value to a kind.
    pub fn from_type(raw: &str) -> Self {
        let name = normalise_type(raw);
        match name {
            "AliasExistsException" => Self::AliasExists,
            "CodeDeliveryFailureException" => Self::CodeDeliveryFailure,
            "CodeMismatchException" => Self::CodeMismatch,
            "EnableSoftwareTokenMFAException" => Self::EnableSoftwareTokenMfa,
            "ExpiredCodeException" => Self::ExpiredCode,
            "ForbiddenException" => Self::Forbidden,
            "InternalErrorException" => Self::InternalError,
            "InvalidLambdaResponseException" => Self::InvalidLambdaResponse,
            "InvalidParameterException" => Self::InvalidParameter,
            "InvalidPasswordException" => Self::InvalidPassword,
            "InvalidUserPoolConfigurationException" => Self::InvalidUserPoolConfiguration,
            "LimitExceededException" => Self::LimitExceeded,
            "MFAMethodNotFoundException" => Self::MfaMethodNotFound,
            "NotAuthorizedException" => Self::NotAuthorized,
            "OperationNotEnabledException" => Self::OperationNotEnabled,
            "PasswordHistoryPolicyViolationException" => Self::PasswordHistoryPolicyViolation,
            "PasswordResetRequiredException" => Self::PasswordResetRequired,
            "ResourceNotFoundException" => Self::ResourceNotFound,
            "SoftwareTokenMFANotFoundException" => Self::SoftwareTokenMfaNotFound,
            "TooManyFailedAttemptsException" => Self::TooManyFailedAttempts,
            "TooManyRequestsException" => Self::TooManyRequests,
            "UnexpectedLambdaException" => Self::UnexpectedLambda,
            "UnsupportedOperationException" => Self::UnsupportedOperation,
            "UserLambdaValidationException" => Self::UserLambdaValidation,
            "UserNotConfirmedException" => Self::UserNotConfirmed,
            "UserNotFoundException" => Self::UserNotFound,
            "UsernameExistsException" => Self::UsernameExists,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// `"aws.cognito#NotAuthorizedException:http://..."` → `"NotAuthorizedException"`.
/// Spaces are trimmed last, so that normalising a normalised name changes
/// nothing (`"ns# Name"` gives `"Name"`, not `" Name"`).
pub fn normalise_type(raw: &str) -> &str {
    let cut = raw.split([':', ',']).next().unwrap_or(raw);
    cut.rsplit('#').next().unwrap_or(cut).trim()
}

/// Everything a Cognito call can fail with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CognitoError {
    /// Cognito answered with a modelled error.
    #[error("{kind:?}: {message}")]
    Service {
        /// Which error (`__type`).
        kind: ErrorKind,
        /// Cognito's `message`: English, for logs and a few precise cases.
        message: String,
        /// The HTTP status.
        status: u16,
    },
    /// No response at all from `endpoint` (network down, CORS, wrong URL).
    #[error("could not reach {endpoint}: {message}")]
    Transport {
        /// The URL that could not be reached.
        endpoint: String,
        /// What the platform said.
        message: String,
    },
    /// A response came but was not what the protocol says.
    #[error("unexpected response (HTTP {status}): {message}")]
    Decode {
        /// The HTTP status.
        status: u16,
        /// What did not fit.
        message: String,
    },
}

impl CognitoError {
    /// The service error kind, if this is a service error.
    pub fn kind(&self) -> Option<&ErrorKind> {
        match self {
            Self::Service { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// Builds the error for a non-2xx response.
    pub fn from_response(response: &HttpResponse) -> Self {
        #[derive(serde::Deserialize)]
        struct Body {
            #[serde(rename = "__type", alias = "code")]
            kind: Option<String>,
            #[serde(alias = "Message")]
            message: Option<String>,
        }
        let body: Option<Body> = serde_json::from_str(&response.body).ok();
        let header = response.header("x-amzn-errortype");
        let raw = header
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
            .or_else(|| body.as_ref().and_then(|b| b.kind.clone()));
        let message = body
            .as_ref()
            .and_then(|b| b.message.clone())
            .or_else(|| response.header("x-amzn-errormessage").map(str::to_owned))
            .unwrap_or_default();
        match raw {
            Some(raw) => Self::Service {
                kind: ErrorKind::from_type(&raw),
                message,
                status: response.status,
            },
            None => Self::Decode {
                status: response.status,
                message: format!(
                    "error response without an error type: {}",
                    truncate(&response.body, 200)
                ),
            },
        }
    }
}

pub(crate) fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn normalises_namespace_and_suffix() {
        assert_eq!(
            normalise_type("NotAuthorizedException:"),
            "NotAuthorizedException"
        );
        assert_eq!(
            normalise_type("com.amazonaws.cognito#CodeMismatchException"),
            "CodeMismatchException"
        );
        assert_eq!(
            normalise_type("aws.cognito#UserNotFoundException:http://internal.amazon.com/"),
            "UserNotFoundException"
        );
        assert_eq!(
            normalise_type("LimitExceededException,extra"),
            "LimitExceededException"
        );
    }

    /// Found by the `error_response` fuzz target (minimized input
    /// `[0, 52, 0, 43, 194, 2, 32, 14]`): a space after the namespace
    /// survived the first normalisation and not the second.
    #[test]
    fn fuzz_regression_normalising_is_idempotent_with_space_after_namespace() {
        let raw = "com.amazonaws# \u{e}";
        assert_eq!(normalise_type(raw), "\u{e}");
        assert_eq!(normalise_type(normalise_type(raw)), normalise_type(raw));
        assert_eq!(
            ErrorKind::from_type("aws.cognito# NotAuthorizedException :x"),
            ErrorKind::NotAuthorized
        );
    }

    /// The captured response in localstack/localstack#3201 (docs/cognito-protocol.md §1.2).
    #[test]
    fn maps_the_documented_not_authorized_response() {
        let r = response(
            400,
            &[
                ("x-amzn-ErrorType", "NotAuthorizedException:"),
                ("x-amzn-ErrorMessage", "Incorrect username or password."),
            ],
            r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
        );
        assert_eq!(
            CognitoError::from_response(&r),
            CognitoError::Service {
                kind: ErrorKind::NotAuthorized,
                message: "Incorrect username or password.".into(),
                status: 400
            }
        );
    }

    #[test]
    fn falls_back_to_body_type_and_keeps_unknown_names() {
        let r = response(400, &[], r#"{"__type":"SomeNewException","Message":"new"}"#);
        assert_eq!(
            CognitoError::from_response(&r),
            CognitoError::Service {
                kind: ErrorKind::Other("SomeNewException".into()),
                message: "new".into(),
                status: 400
            }
        );
    }

    #[test]
    fn every_listed_exception_maps_to_its_variant() {
        for (raw, kind) in [
            ("InvalidPasswordException", ErrorKind::InvalidPassword),
            ("UsernameExistsException", ErrorKind::UsernameExists),
            ("CodeMismatchException", ErrorKind::CodeMismatch),
            ("ExpiredCodeException", ErrorKind::ExpiredCode),
            ("UserNotConfirmedException", ErrorKind::UserNotConfirmed),
            ("InvalidParameterException", ErrorKind::InvalidParameter),
            ("ResourceNotFoundException", ErrorKind::ResourceNotFound),
            ("LimitExceededException", ErrorKind::LimitExceeded),
            (
                "UserLambdaValidationException",
                ErrorKind::UserLambdaValidation,
            ),
            (
                "EnableSoftwareTokenMFAException",
                ErrorKind::EnableSoftwareTokenMfa,
            ),
        ] {
            assert_eq!(ErrorKind::from_type(raw), kind, "{raw}");
        }
    }

    #[test]
    fn html_error_page_is_a_decode_error() {
        let r = response(502, &[], "<html>Bad gateway</html>");
        assert!(matches!(
            CognitoError::from_response(&r),
            CognitoError::Decode { status: 502, .. }
        ));
    }
}
