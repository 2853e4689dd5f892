//! The check on IAM-authorised operations (the `Admin*` operations, groups,
//! `ListUsers`): AWS answers them only with a Signature Version 4
//! `Authorization` header (botocore's cognito-idp model: the service's
//! `aws.auth#sigv4`). The emulator keeps no key store, so it cannot verify
//! a signature: any well-formed header is accepted, with any access key and
//! secret (the README says so). What it does check is what AWS checks
//! before it looks up the key, with AWS's answers:
//!
//! * no `Authorization` header (what a browser sends):
//!   `MissingAuthenticationTokenException` "Missing Authentication Token"
//!   (captured from cognito-idp, awslabs/aws-sdk-ios-samples issue 108);
//! * a header without `Credential`, `SignedHeaders` or `Signature`, or no
//!   `X-Amz-Date` / `Date`: `IncompleteSignatureException` "Authorization
//!   header requires 'Credential' parameter. ..." (the wording of AWS's
//!   front end, seen on API Gateway: aws/chalice issue 828);
//! * a credential scope of another service or terminator, a scope date that
//!   is not the request's, an unsigned `host`, or a signature that is not
//!   64 hex digits: `InvalidSignatureException` with AWS's texts (e.g.
//!   "Credential should be scoped to correct service: 'cognito-idp'. ",
//!   captured from awsJson services such as EMR, aws/aws-sdk-ruby issue 431).
//!
//! The signature's age is not checked either: tests move the emulator's
//! clock, and SDKs sign with the real one.

use axum::http::HeaderMap;

use super::error::ApiError;

/// The signing name of the service (`endpointPrefix` in the model).
const SERVICE: &str = "cognito-idp";
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Accepts a well-formed SigV4 `Authorization` header for `cognito-idp`.
pub(super) fn check(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = headers.get("authorization") else {
        return Err(ApiError::new(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
    };
    let authorization = String::from_utf8_lossy(value.as_bytes()).into_owned();
    let header = |name: &str| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let amz_date = header("x-amz-date");
    check_values(
        &authorization,
        amz_date.as_deref(),
        header("date").is_some(),
    )
}

fn incomplete(message: String) -> ApiError {
    ApiError::new("IncompleteSignatureException", message)
}

fn invalid(message: String) -> ApiError {
    ApiError::new("InvalidSignatureException", message)
}

/// The checks on the header values (`date_header`: a `Date` header exists).
fn check_values(
    authorization: &str,
    amz_date: Option<&str>,
    date_header: bool,
) -> Result<(), ApiError> {
    let params = authorization
        .strip_prefix(ALGORITHM)
        .filter(|rest| rest.starts_with(' '))
        .map(parameters)
        .unwrap_or_default();
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| *v)
            .filter(|v| !v.is_empty())
    };
    let (credential, signed_headers, signature) =
        (get("Credential"), get("SignedHeaders"), get("Signature"));
    let mut missing = Vec::new();
    for (name, value) in [
        ("Credential", credential),
        ("Signature", signature),
        ("SignedHeaders", signed_headers),
    ] {
        if value.is_none() {
            missing.push(format!("Authorization header requires '{name}' parameter."));
        }
    }
    if amz_date.is_none() && !date_header {
        missing.push(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                .to_owned(),
        );
    }
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (credential, signed_headers, signature)
    else {
        return Err(incomplete(format!(
            "{} Authorization={authorization}",
            missing.join(" ")
        )));
    };
    if !missing.is_empty() {
        return Err(incomplete(format!(
            "{} Authorization={authorization}",
            missing.join(" ")
        )));
    }

    let scope: Vec<&str> = credential.split('/').collect();
    let [key, date, _region, service, terminator] = scope[..] else {
        return Err(incomplete(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. \
             keyid/date/region/service/term, got '{credential}'"
        )));
    };
    if key.is_empty() {
        return Err(ApiError::new(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ));
    }
    if service != SERVICE {
        return Err(invalid(format!(
            "Credential should be scoped to correct service: '{SERVICE}'. "
        )));
    }
    if terminator != "aws4_request" {
        return Err(invalid(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'. "
        )));
    }
    if let Some(amz_date) = amz_date {
        let basic = amz_date.len() == 16
            && amz_date.bytes().enumerate().all(|(i, b)| match i {
                8 => b == b'T',
                15 => b == b'Z',
                _ => b.is_ascii_digit(),
            });
        if !basic {
            return Err(incomplete(format!(
                "Date must be in ISO-8601 'basic format'. Got '{amz_date}'. \
                 See http://en.wikipedia.org/wiki/ISO_8601"
            )));
        }
        if date != &amz_date[..8] {
            return Err(invalid(format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
                 from HTTP: '{date}' != '{}', from '{amz_date}'.",
                &amz_date[..8]
            )));
        }
    }
    if !signed_headers.split(';').any(|h| h == "host") {
        return Err(invalid(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.".to_owned(),
        ));
    }
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(invalid(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. Consult the service \
             documentation for details."
                .to_owned(),
        ));
    }
    Ok(())
}

/// `Credential=..., SignedHeaders=..., Signature=...` (comma-separated,
/// spaces around the commas optional) as name/value pairs.
fn parameters(rest: &str) -> Vec<(&str, &str)> {
    rest.split(',')
        .filter_map(|part| part.trim().split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "4f0ee3c4aa8e1d4e9c2a3b6e0bd3c5f1d7e9a0b1c2d3e4f5a6b7c8d9e0f1a2b3";

    fn header(credential: &str, signed: &str, signature: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders={signed}, Signature={signature}"
        )
    }

    fn botocore_like() -> String {
        header(
            "local/20261129/us-east-1/cognito-idp/aws4_request",
            "content-type;host;x-amz-date;x-amz-target",
            SIG,
        )
    }

    #[test]
    fn a_well_formed_header_is_accepted_with_any_key() {
        assert_eq!(
            check_values(&botocore_like(), Some("20261129T141143Z"), false),
            Ok(())
        );
        // No spaces after the commas, and a Date header instead of X-Amz-Date.
        let compact = botocore_like().replace(", ", ",");
        assert_eq!(check_values(&compact, None, true), Ok(()));
    }

    #[test]
    fn missing_parts_are_an_incomplete_signature() {
        let e = check_values("Bearer eyJhbGciOi", None, false).unwrap_err();
        assert_eq!(e.kind, "IncompleteSignatureException");
        assert_eq!(
            e.message,
            "Authorization header requires 'Credential' parameter. Authorization header requires \
             'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. \
             Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' \
             header. Authorization=Bearer eyJhbGciOi"
        );
        let e = check_values(&botocore_like(), None, false).unwrap_err();
        assert_eq!(e.kind, "IncompleteSignatureException");
        assert!(
            e.message
                .starts_with("Authorization header requires existence"),
            "{}",
            e.message
        );

        let e = check_values(
            &header("local/20261129/cognito-idp/aws4_request", "host", SIG),
            Some("20261129T141143Z"),
            false,
        )
        .unwrap_err();
        assert_eq!(e.kind, "IncompleteSignatureException");
        assert!(
            e.message.contains("exactly 5 slash-delimited"),
            "{}",
            e.message
        );

        let e = check_values(&botocore_like(), Some("2026-11-29T14:11:43Z"), false).unwrap_err();
        assert_eq!(e.kind, "IncompleteSignatureException");
        assert!(
            e.message.contains("ISO-8601 'basic format'"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_wrong_scope_or_signature_is_invalid() {
        let at = Some("20261129T141143Z");
        let cases = [
            (
                header("k/20261129/us-east-1/dynamodb/aws4_request", "host", SIG),
                "Credential should be scoped to correct service: 'cognito-idp'. ",
            ),
            (
                header("k/20261129/us-east-1/cognito-idp/aws5_request", "host", SIG),
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
            ),
            (
                header("k/20261128/us-east-1/cognito-idp/aws4_request", "host", SIG),
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from \
                 HTTP: '20261128' != '20261129', from '20261129T141143Z'.",
            ),
            (
                header("k/20261129/us-east-1/cognito-idp/aws4_request", "x-amz-date", SIG),
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
            ),
        ];
        for (authorization, message) in cases {
            let e = check_values(&authorization, at, false).unwrap_err();
            assert_eq!(
                (e.kind, e.message.as_str()),
                ("InvalidSignatureException", message)
            );
        }
        let e = check_values(
            &header(
                "k/20261129/us-east-1/cognito-idp/aws4_request",
                "host",
                "abc",
            ),
            at,
            false,
        )
        .unwrap_err();
        assert_eq!(e.kind, "InvalidSignatureException");
        assert!(e.message.starts_with("The request signature we calculated"));
        let e = check_values(
            &header("/20261129/us-east-1/cognito-idp/aws4_request", "host", SIG),
            at,
            false,
        )
        .unwrap_err();
        assert_eq!(e.kind, "UnrecognizedClientException");
    }
}
