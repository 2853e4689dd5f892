//! Helpers shared by the handler tests: an emulator per test in a temporary
//! data dir, driven through `app(state).oneshot(request)` without a socket.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use cognito_emulator::{app, AppState, Config};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tempfile::TempDir;
use tower::ServiceExt;

/// The seed pool and app client (`seed.toml`).
pub use test_support::local::{CLIENT_ID, POOL_ID};
/// The address the emulator under test believes it serves, and names in its
/// tokens' issuer. These tests use no socket, so nothing listens there.
pub const BASE_URL: &str = "http://127.0.0.1:9229";
pub const PASSWORD: &str = "Correct-Horse-9";
/// The seed's administrator (seed.toml, `[[pools.users]]`).
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "Local-Admin-Passw0rd!";

/// A SigV4 `Authorization` header as botocore builds it, with the dummy
/// credentials the README suggests; the emulator checks its form only.
pub const SIGV4: &str =
    "AWS4-HMAC-SHA256 Credential=local/20261129/ap-northeast-1/cognito-idp/aws4_request, \
    SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
    Signature=0e6c5d62a2b94f2c9d3d0a8b1c6f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4";
pub const AMZ_DATE: &str = "20261129T141143Z";

pub struct Emu {
    pub state: AppState,
    pub app: Router,
    pub dir: TempDir,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_else(|| panic!("no {name} header in {:?}", self.headers))
    }

    /// Asserts a Cognito error with exactly this type and message.
    #[track_caller]
    pub fn assert_error(&self, kind: &str, message: &str) {
        assert_eq!(self.status, StatusCode::BAD_REQUEST, "{}", self.text);
        assert_eq!(
            self.json(),
            json!({ "__type": kind, "message": message }),
            "body of the error response"
        );
        assert_eq!(self.header("x-amzn-errortype"), format!("{kind}:"));
    }

    #[track_caller]
    pub fn ok(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text);
        self.json()
    }
}

/// Signing keys are generated once per test run and copied into each data
/// dir: RSA key generation would otherwise dominate the test time. The
/// cache is named after the seed's pools, so a seed with other pools gets
/// a cache of its own.
fn cached_keys() -> &'static Path {
    static KEYS: OnceLock<PathBuf> = OnceLock::new();
    KEYS.get_or_init(|| {
        let pools: Vec<String> = Config::seed().pools.into_iter().map(|p| p.id).collect();
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("cognito-emulator-test-keys-{}", pools.join("+")));
        if !pools
            .iter()
            .all(|id| cache.join(id).join("access-token.pem").exists())
        {
            let tmp = TempDir::new().unwrap();
            AppState::new(Config::seed(), tmp.path().to_owned(), BASE_URL.into()).unwrap();
            let _ = std::fs::create_dir_all(cache.parent().unwrap());
            // Another test binary may win the race; either copy is fine.
            let staged = cache.with_extension(format!("{}", std::process::id()));
            copy_dir(&tmp.path().join("keys"), &staged);
            if std::fs::rename(&staged, &cache).is_err() {
                let _ = std::fs::remove_dir_all(&staged);
            }
        }
        cache
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// An empty data dir holding this run's cached signing keys, for an
/// emulator started with `cognito_emulator::spawn`.
pub fn data_dir() -> TempDir {
    let dir = TempDir::new().unwrap();
    copy_dir(cached_keys(), &dir.path().join("keys"));
    dir
}

pub fn emu() -> Emu {
    emu_with(Config::seed())
}

pub fn emu_with(config: Config) -> Emu {
    let dir = TempDir::new().unwrap();
    copy_dir(cached_keys(), &dir.path().join("keys"));
    let state = AppState::new(config, dir.path().to_owned(), BASE_URL.into()).unwrap();
    Emu {
        app: app(state.clone()),
        state,
        dir,
    }
}

impl Emu {
    /// A second emulator on the same data dir, as after a restart.
    pub fn restart(&self) -> (AppState, Router) {
        let state = AppState::new(
            self.state.config().clone(),
            self.dir.path().to_owned(),
            BASE_URL.into(),
        )
        .unwrap();
        (state.clone(), app(state))
    }

    pub async fn send(&self, request: Request<Body>) -> Resp {
        send(&self.app, request).await
    }

    pub async fn get(&self, uri: &str) -> Resp {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<op>`.
    pub async fn call(&self, op: &str, body: Value) -> Resp {
        call(&self.app, op, body).await
    }

    pub async fn sign_up(&self, email: &str) -> Resp {
        self.call(
            "SignUp",
            json!({
                "ClientId": CLIENT_ID,
                "Username": email,
                "Password": PASSWORD,
                "UserAttributes": [
                    {"Name": "email", "Value": email},
                    {"Name": "name", "Value": "山田 太郎"}
                ]
            }),
        )
        .await
    }

    /// The newest code mailed to `email`.
    pub fn last_code(&self, email: &str) -> String {
        self.state
            .messages()
            .iter()
            .rev()
            .find(|m| m.to.eq_ignore_ascii_case(email))
            .unwrap_or_else(|| panic!("no message to {email}"))
            .code
            .clone()
    }

    pub async fn confirm(&self, email: &str, code: &str) -> Resp {
        self.call(
            "ConfirmSignUp",
            json!({"ClientId": CLIENT_ID, "Username": email, "ConfirmationCode": code}),
        )
        .await
    }

    /// Signs up and confirms a user; returns its `sub`.
    pub async fn confirmed_user(&self, email: &str) -> String {
        let sub = self.sign_up(email).await.ok()["UserSub"]
            .as_str()
            .unwrap()
            .to_owned();
        self.confirm(email, &self.last_code(email)).await.ok();
        sub
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Resp {
        self.call(
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": CLIENT_ID,
                "AuthParameters": {"USERNAME": email, "PASSWORD": password}
            }),
        )
        .await
    }

    /// Signs in and returns `AuthenticationResult`.
    pub async fn tokens(&self, email: &str) -> Value {
        self.sign_in(email, PASSWORD).await.ok()["AuthenticationResult"].clone()
    }

    pub async fn refresh(&self, refresh_token: &str) -> Resp {
        self.call(
            "InitiateAuth",
            json!({
                "AuthFlow": "REFRESH_TOKEN_AUTH",
                "ClientId": CLIENT_ID,
                "AuthParameters": {"REFRESH_TOKEN": refresh_token}
            }),
        )
        .await
    }

    /// An IAM-signed call (admin operations, groups).
    pub async fn admin(&self, op: &str, body: Value) -> Resp {
        signed_call(&self.app, op, body).await
    }

    /// `AdminCreateUser` with a temporary password, no invitation sent.
    pub async fn admin_create(&self, email: &str, temporary: &str) -> Value {
        self.admin(
            "AdminCreateUser",
            json!({
                "UserPoolId": POOL_ID,
                "Username": email,
                "TemporaryPassword": temporary,
                "MessageAction": "SUPPRESS",
                "UserAttributes": [{"Name": "email_verified", "Value": "true"}],
            }),
        )
        .await
        .ok()["User"]
            .clone()
    }

    /// `RespondToAuthChallenge` for `name` with `session` and `responses`.
    pub async fn respond(&self, name: &str, session: &Value, responses: Value) -> Resp {
        self.call(
            "RespondToAuthChallenge",
            json!({
                "ClientId": CLIENT_ID,
                "ChallengeName": name,
                "Session": session,
                "ChallengeResponses": responses,
            }),
        )
        .await
    }

    pub async fn get_user(&self, access_token: &str) -> Resp {
        self.call("GetUser", json!({ "AccessToken": access_token }))
            .await
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Resp {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Resp {
        status,
        headers,
        text: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

pub async fn call(app: &Router, op: &str, body: Value) -> Resp {
    let request = Request::post("/")
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{op}"),
        )
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, request).await
}

pub async fn signed_call(app: &Router, op: &str, body: Value) -> Resp {
    let request = Request::post("/")
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{op}"),
        )
        .header("x-amz-date", AMZ_DATE)
        .header("authorization", SIGV4)
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, request).await
}

/// Decodes a JWT's payload without verifying it.
pub fn claims(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
