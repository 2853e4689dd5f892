//! Bounds on what a client may send, so that no request is buffered
//! without end and no connection is held open by a client that stalls.
//!
//! AWS publishes no request-size limit for `cognito-idp` and no document
//! says what its front end answers to an over-large body. The emulator
//! assumes what other AWS JSON front ends do (HTTP 413; e.g. SQS's "HTTP
//! content length exceeded" in aws/aws-sdk-js#479) and gives it an awsJson
//! error body, `SerializationException` (the awsJson 1.1 protocol's error
//! for a request that cannot be read), so SDKs parse it like any error.
//! Each limit below says where its number comes from.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The JSON API's largest body. The largest request the model allows with
/// ASCII values is a `SignUp` whose `UserAttributes` and `ValidationData`
/// both list every attribute a pool can have (the Developer Guide's quotas:
/// 50 custom attributes, plus about 20 standard ones), each a name of at
/// most 32 and a value of at most 2048 characters (`AttributeNameType`,
/// `AttributeValueType`): 2 × 70 × ~2.1 kB ≈ 300 kB. 1 MiB leaves room for
/// escaped non-ASCII text and `ClientMetadata`, and still bounds memory.
pub const MAX_API_BODY_BYTES: usize = 1024 * 1024;

/// The hosted UI's form bodies (`/oauth2/token`, `/oauth2/revoke`, the mock
/// providers' forms). Their largest fields are a refresh token (a few kB
/// on AWS) and a `redirect_uri` (`RedirectUrlType`: at most 1024
/// characters); 64 KiB is far above any real request.
pub const MAX_FORM_BODY_BYTES: usize = 64 * 1024;

/// The request line and headers together. The user pool domain is served
/// through CloudFront, which refuses a header section over 8192 bytes
/// (CloudFront Developer Guide, "Quotas"; the `RequestHeaderSectionTooLarge`
/// answer is captured in aws-amplify/amplify-js#9695); twice that lets
/// through anything AWS would. hyper answers `431` beyond it.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// A client has this long to send its request line and headers (a
/// "slowloris" client is cut off) ...
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// ... and this long to send its body once the headers are in.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a body was not read.
enum Refusal {
    TooLarge(usize),
    TooSlow,
    Broken,
}

/// Reads the whole body, at most `max` bytes within [`BODY_READ_TIMEOUT`].
/// A declared `Content-Length` over the limit is refused before reading.
async fn read_body(headers: &HeaderMap, body: Body, max: usize) -> Result<Bytes, Refusal> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(Refusal::TooLarge(max));
    }
    match tokio::time::timeout(BODY_READ_TIMEOUT, axum::body::to_bytes(body, max)).await {
        Err(_) => Err(Refusal::TooSlow),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(err) = source {
                if err.is::<http_body_util::LengthLimitError>() {
                    return Err(Refusal::TooLarge(max));
                }
                source = err.source();
            }
            Err(Refusal::Broken)
        }
    }
}

/// The JSON API's body: at most [`MAX_API_BODY_BYTES`], or an awsJson
/// error (`413` / `408` / `400`) the SDKs read like any other.
pub(crate) async fn api_body(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match read_body(&parts.headers, body, MAX_API_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(refusal) => {
            let (status, kind, message) = match refusal {
                Refusal::TooLarge(max) => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "SerializationException",
                    format!("The request body is larger than {max} bytes."),
                ),
                Refusal::TooSlow => (
                    StatusCode::REQUEST_TIMEOUT,
                    "RequestTimeoutException",
                    format!(
                        "The request body did not arrive within {} seconds.",
                        BODY_READ_TIMEOUT.as_secs()
                    ),
                ),
                Refusal::Broken => (
                    StatusCode::BAD_REQUEST,
                    "SerializationException",
                    "The request body could not be read.".to_owned(),
                ),
            };
            let body = json!({ "__type": kind, "message": message }).to_string();
            let mut response = (status, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-amz-json-1.1"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("{kind}:")) {
                headers.insert("x-amzn-ErrorType", v);
            }
            if let Ok(v) = HeaderValue::from_str(&message) {
                headers.insert("x-amzn-ErrorMessage", v);
            }
            response
        }
    }
}

/// The hosted UI's form bodies: at most [`MAX_FORM_BODY_BYTES`], or an
/// OAuth 2.0 error (RFC 6749 §5.2 `invalid_request`) with `413` / `408` /
/// `400`.
pub(crate) async fn form_body(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match read_body(&parts.headers, body, MAX_FORM_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(refusal) => {
            let (status, description) = match refusal {
                Refusal::TooLarge(max) => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("The request body is larger than {max} bytes."),
                ),
                Refusal::TooSlow => (
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "The request body did not arrive within {} seconds.",
                        BODY_READ_TIMEOUT.as_secs()
                    ),
                ),
                Refusal::Broken => (
                    StatusCode::BAD_REQUEST,
                    "The request body could not be read.".to_owned(),
                ),
            };
            let body = json!({ "error": "invalid_request", "error_description": description });
            (
                status,
                [
                    (header::CONTENT_TYPE, "application/json;charset=UTF-8"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                body.to_string(),
            )
                .into_response()
        }
    }
}
