//! The bodies of the emulator's fuzz targets: everything a client sends.
//!
//! Each takes raw bytes and panics when an invariant breaks. The same body
//! runs under libFuzzer (`fuzz/fuzz_targets/`, built by cargo-fuzz with
//! `--cfg fuzzing`) and as a proptest inside `cargo test`.
//!
//! * [`api_input`]: the JSON API's body decoding and constraint checks;
//! * [`hosted_params`]: the hosted UI's form bodies, queries and cookie;
//! * [`request`]: a whole request through [`crate::app`] (routing, CORS,
//!   every JSON API operation and hosted-UI endpoint), built from the bytes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Map, Value};
use tower::ServiceExt;

pub use crate::api::fuzz::input as api_input;
pub use crate::hosted::fuzz::form_and_query as hosted_params;
use crate::{app, AppState, Config};

/// Reads choices off fuzz input; once the bytes run out, zero / empty.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    /// True once in `n` (for bytes spread evenly).
    fn one_in(&mut self, n: u8) -> bool {
        self.byte() % n < 1
    }

    fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[usize::from(self.byte()) % items.len()]
    }

    fn string(&mut self, max: usize) -> String {
        let len = (usize::from(self.byte()) % (max + 1)).min(self.0.len());
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }

    fn rest(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.0).to_vec()
    }
}

/// One emulator for the whole run (key generation is slow), on a tmpfs
/// when there is one: every accepted change is written to its state file.
fn emulator() -> &'static (tokio::runtime::Runtime, Router) {
    static EMULATOR: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    EMULATOR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let parent = base.join("cognito-emulator-fuzz");
        // Signing keys are made once and kept: RSA key generation takes
        // many seconds under AddressSanitizer, and the keys hold nothing.
        let keys = parent.join("keys");
        if !keys.is_dir() {
            let staging = parent.join(format!("keygen-{}", std::process::id()));
            AppState::new(
                Config::seed(),
                staging.clone(),
                "http://127.0.0.1:9229".into(),
            )
            .expect("the seed configuration starts");
            // Another process may have won the race; either copy is fine.
            let _ = std::fs::rename(staging.join("keys"), &keys);
            let _ = std::fs::remove_dir_all(&staging);
        }
        // One dir per process; those of processes gone are removed, as
        // nothing runs destructors of statics at exit.
        let runs = parent.join("runs");
        for entry in std::fs::read_dir(&runs).into_iter().flatten().flatten() {
            if !std::path::Path::new("/proc")
                .join(entry.file_name())
                .exists()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = runs.join(std::process::id().to_string());
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&keys, &dir.join("keys"));
        let state = AppState::new(Config::seed(), dir, "http://127.0.0.1:9229".into())
            .expect("the seed configuration starts");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        (runtime, app(state))
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a data dir");
    for entry in std::fs::read_dir(from).expect("the cached keys").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a key copied");
        }
    }
}

const OPERATIONS: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "GetUser",
    "GlobalSignOut",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "AdminGetUser",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ChangePassword",
    "RevokeToken",
    "AdminCreateUser",
    "ListUsers",
    "DescribeUserPool",
    "DescribeUserPoolClient",
    // cognito-identity's operations: sent with its own target prefix.
    "GetId",
    "GetCredentialsForIdentity",
    "",
];

/// Plausible values, so that structured requests get past validation.
const STRINGS: &[&str] = &[
    "localclient",
    "fuzz1@example.com",
    "fuzz2@example.com",
    "Correct-Horse-9!",
    "123456",
    "USER_PASSWORD_AUTH",
    "REFRESH_TOKEN_AUTH",
    "USER_SRP_AUTH",
    "SOFTWARE_TOKEN_MFA",
    "http://127.0.0.1:8080/callback",
    "code",
    "openid email",
    "authorization_code",
    "refresh_token",
    "Google",
    "COGNITO",
    "",
];

fn value(b: &mut Bytes) -> String {
    if b.one_in(3) {
        b.string(40)
    } else {
        (*b.pick(STRINGS)).to_owned()
    }
}

/// A JSON API body: mostly an object of members the operations read, with
/// plausible or fuzzed values of any JSON type; sometimes raw bytes.
fn api_body(b: &mut Bytes) -> Vec<u8> {
    if b.one_in(4) {
        return b.rest();
    }
    let mut body = Map::new();
    for _ in 0..b.byte() % 8 {
        let name = *b.pick(&[
            "ClientId",
            "Username",
            "Password",
            "ConfirmationCode",
            "AccessToken",
            "Session",
            "UserCode",
            "AuthFlow",
            "AuthParameters",
            "ChallengeName",
            "ChallengeResponses",
            "UserAttributes",
            "SoftwareTokenMfaSettings",
            "SecretHash",
        ]);
        let v = match b.byte() % 6 {
            0 => json!({"USERNAME": value(b), "PASSWORD": value(b), "REFRESH_TOKEN": value(b)}),
            1 => json!([{"Name": value(b), "Value": value(b)}, {"Name": "name", "Value": "F"}]),
            2 => json!({"Enabled": b.one_in(2), "PreferredMfa": b.one_in(2)}),
            3 => json!(b.byte()),
            _ => json!(value(b)),
        };
        body.insert(name.into(), v);
    }
    serde_json::to_vec(&Value::Object(body)).expect("a JSON object")
}

fn form(b: &mut Bytes) -> String {
    if b.one_in(4) {
        return String::from_utf8_lossy(&b.rest()).into_owned();
    }
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for _ in 0..b.byte() % 10 {
        let name = *b.pick(&[
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "identity_provider",
            "grant_type",
            "code",
            "code_verifier",
            "refresh_token",
            "token",
            "logout_uri",
            "ref",
            "account",
            "csrf",
        ]);
        ser.append_pair(name, &value(b));
    }
    ser.finish()
}

/// Sends one request built from `data` through the whole application:
/// never a panic and never a 5xx; JSON API answers are awsJson 1.1 with an
/// error type in the body and the `x-amzn-ErrorType` header alike.
pub fn request(data: &[u8]) {
    let mut b = Bytes(data);
    let (runtime, router) = emulator();
    let kind = b.byte() % 8;
    let request = match kind {
        0..=3 => {
            let op = b.pick(OPERATIONS);
            let service = if op.starts_with("Get") && *op != "GetUser" {
                "AWSCognitoIdentityService"
            } else {
                "AWSCognitoIdentityProviderService"
            };
            let mut r = Request::post("/").header("x-amz-target", format!("{service}.{op}"));
            if b.one_in(2) {
                r = r.header("content-type", "application/x-amz-json-1.1");
            }
            if b.one_in(2) {
                // The admin operations' Signature Version 4 header parser.
                r = r.header(
                    "authorization",
                    format!(
                        "AWS4-HMAC-SHA256 Credential={}/20261129/{}/cognito-idp/aws4_request, \
                         SignedHeaders={}, Signature={}",
                        value(&mut b),
                        value(&mut b),
                        value(&mut b),
                        value(&mut b)
                    ),
                );
            }
            r.body(Body::from(api_body(&mut b)))
        }
        4 | 5 => {
            let path = *b.pick(&[
                "/oauth2/token",
                "/oauth2/revoke",
                "/oauth2/userInfo",
                "/_mock/Google/authorize",
                "/_mock/Corporate/authorize",
            ]);
            let mut r = Request::post(path);
            if !b.one_in(4) {
                r = r.header("content-type", "application/x-www-form-urlencoded");
            }
            if b.one_in(2) {
                r = r.header("authorization", format!("Bearer {}", value(&mut b)));
            }
            r.body(Body::from(form(&mut b)))
        }
        _ => {
            let path = *b.pick(&[
                "/oauth2/authorize",
                "/oauth2/idpresponse",
                "/login",
                "/logout",
                "/_mock/Google/authorize",
                "/oauth2/userInfo",
                "/ap-northeast-1_Local/.well-known/jwks.json",
                "/_local/messages",
                // The sample API's bearer-token check.
                "/_local/api/whoami",
                "/_local/api/admin",
            ]);
            let query = form(&mut b);
            let method = if b.one_in(8) {
                Method::OPTIONS
            } else {
                Method::GET
            };
            let mut r = Request::builder()
                .method(method)
                .uri(format!("{path}?{query}"));
            if b.one_in(2) {
                r = r.header("cookie", format!("cognito={}", value(&mut b)));
            }
            if b.one_in(2) {
                r = r.header("authorization", format!("Bearer {}", value(&mut b)));
            }
            r.body(Body::empty())
        }
    };
    // Not a request the HTTP layer would pass on (a bad URI or header).
    let Ok(request) = request else { return };
    let api = request.uri().path() == "/" && request.method() == Method::POST;
    let (status, headers, body) = runtime.block_on(async {
        let response = router.clone().oneshot(request).await.expect("infallible");
        let (parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .expect("a body");
        (parts.status, parts.headers, bytes)
    });
    assert!(
        !status.is_server_error(),
        "{status}: {}",
        String::from_utf8_lossy(&body)
    );
    if api {
        assert_eq!(headers["content-type"], "application/x-amz-json-1.1");
        let value: Value = serde_json::from_slice(&body).expect("a JSON answer");
        if status != StatusCode::OK {
            assert_eq!(status, StatusCode::BAD_REQUEST);
            let kind = value["__type"].as_str().expect("an error type");
            assert_eq!(headers["x-amzn-errortype"], format!("{kind}:").as_str());
            assert!(value["message"].is_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::collection::vec;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn api_input(data in vec(any::<u8>(), 0..256)) { super::api_input(&data) }

        #[test]
        fn api_input_objects(members in vec(("[A-Za-z]{1,12}", "[ -~]{0,40}"), 0..6)) {
            let map: serde_json::Map<String, serde_json::Value> = members
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            super::api_input(&serde_json::to_vec(&map).unwrap())
        }

        #[test]
        fn hosted_params(data in vec(any::<u8>(), 0..256)) { super::hosted_params(&data) }
    }

    proptest! {
        // Each case may hash a password (Argon2, deliberately slow): few.
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn request(data in vec(any::<u8>(), 0..200)) { super::request(&data) }
    }
}
