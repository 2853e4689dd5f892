//! Native test support: a reqwest transport, the in-process emulator and a
//! moto server on free loopback ports.
#![allow(dead_code, unused_imports)]

use cognito_client::{
    CognitoError, ErrorKind, HttpRequest, HttpResponse, Transport, TransportError, UserPoolClient,
};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use test_support::{free_port, unique_email};

/// Sends the core's requests with reqwest, exactly as built.
#[derive(Clone, Default)]
pub struct ReqwestTransport(reqwest::Client);

impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("method");
        let mut builder = self.0.request(method, &request.url).body(request.body);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        let response = builder.send().await.map_err(|e| TransportError {
            message: e.to_string(),
        })?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let body = response.text().await.map_err(|e| TransportError {
            message: e.to_string(),
        })?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

pub const GOOD_PASSWORD: &str = "Correct-Horse-9-battery";

/// The emulator, in process, with a fresh data directory.
pub struct Emulator {
    pub running: cognito_emulator::RunningEmulator,
    pub data_dir: tempfile::TempDir,
}

impl Emulator {
    pub async fn start() -> Self {
        Self::start_with(cognito_emulator::Config::seed()).await
    }

    pub async fn start_with(config: cognito_emulator::Config) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let running = cognito_emulator::spawn(config, data_dir.path().to_path_buf())
            .await
            .expect("emulator starts");
        Self { running, data_dir }
    }

    pub fn endpoint(&self) -> String {
        format!("{}/", self.running.base_url)
    }

    /// A client of the seed app client.
    pub fn client(&self) -> UserPoolClient<ReqwestTransport> {
        self.client_for(test_support::local::CLIENT_ID)
    }

    pub fn client_for(&self, client_id: &str) -> UserPoolClient<ReqwestTransport> {
        UserPoolClient::new(ReqwestTransport::default(), self.endpoint(), client_id)
    }

    /// Every message the mailbox holds for `to`, oldest first.
    pub async fn messages(&self, to: &str) -> Vec<serde_json::Value> {
        let url = format!("{}/_local/messages", self.running.base_url);
        reqwest::Client::new()
            .get(url)
            .query(&[("to", to)])
            .send()
            .await
            .expect("mailbox answers")
            .json()
            .await
            .expect("mailbox JSON")
    }

    /// An IAM-authorised operation (`AdminCreateUser`, ...): the emulator
    /// checks the form of a SigV4 `Authorization` header, not its signature
    /// (README, "Admin operations"), so a well-formed dummy one will do.
    pub async fn admin(&self, operation: &str, body: serde_json::Value) -> serde_json::Value {
        let response = reqwest::Client::new()
            .post(self.endpoint())
            .header("Content-Type", "application/x-amz-json-1.1")
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .header("X-Amz-Date", "20261129T141143Z")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=local/20261129/ap-northeast-1/cognito-idp/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
                 Signature=0e6c5d62a2b94f2c9d3d0a8b1c6f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4",
            )
            .body(body.to_string())
            .send()
            .await
            .expect("emulator answers");
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{operation}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// The newest code sent to `to`.
    pub async fn latest_code(&self, to: &str) -> String {
        let messages = self.messages(to).await;
        let last = messages
            .last()
            .unwrap_or_else(|| panic!("no mail for {to}"));
        last["code"].as_str().expect("code field").to_owned()
    }
}

/// A moto server (`moto[server]`, a third-party Cognito implementation) on a
/// free loopback port; killed on drop.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub async fn start() -> Self {
        let port = free_port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let mut moto = Self {
            child,
            endpoint: format!("http://127.0.0.1:{port}/"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = moto.child.try_wait().expect("wait") {
                panic!(
                    "moto server exited ({status}). Install it with `python3 -m pip install 'moto[server]'` \
                     (`cargo xtask test` does this)"
                );
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return moto;
            }
            assert!(Instant::now() < deadline, "moto did not listen within 30 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Calls an operation the core does not model (admin set-up), raw.
    pub async fn admin(&self, operation: &str, body: serde_json::Value) -> serde_json::Value {
        let response = reqwest::Client::new()
            .post(&self.endpoint)
            .header("Content-Type", "application/x-amz-json-1.1")
            .header(
                "X-Amz-Target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            .body(body.to_string())
            .send()
            .await
            .expect("moto answers");
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{operation} on moto: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// A pool with the recommended password policy and a secretless client.
    pub async fn pool_and_client(&self) -> (String, String) {
        let pool = self
            .admin(
                "CreateUserPool",
                serde_json::json!({
                    "PoolName": "moto-crosscheck",
                    "UsernameAttributes": ["email"],
                    "AutoVerifiedAttributes": ["email"],
                    "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": true,
                        "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": true}}
                }),
            )
            .await;
        let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
        let client = self
            .admin(
                "CreateUserPoolClient",
                serde_json::json!({
                    "UserPoolId": pool_id,
                    "ClientName": "web",
                    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
                }),
            )
            .await;
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .unwrap()
            .to_owned();
        (pool_id, client_id)
    }

    pub fn client(&self, client_id: &str) -> UserPoolClient<ReqwestTransport> {
        UserPoolClient::new(
            ReqwestTransport::default(),
            self.endpoint.clone(),
            client_id,
        )
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh SRP session from the OS's random numbers, as the browser takes
/// its `a` from `crypto.getRandomValues`.
pub fn fresh_srp() -> cognito_client::srp::SrpSession {
    use std::io::Read;
    let mut random = [0u8; cognito_client::srp::SrpSession::RANDOM_BYTES];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut random))
        .expect("/dev/urandom");
    cognito_client::srp::SrpSession::new(&random).expect("an SRP session")
}

/// Seconds since the epoch, by the machine's clock (the browser's `Date.now()`).
pub fn epoch_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
}

/// Asserts a modelled Cognito error: its kind, exact message and HTTP 400.
#[track_caller]
pub fn assert_service_error(
    result: Result<impl std::fmt::Debug, CognitoError>,
    kind: ErrorKind,
    message: &str,
) {
    match result {
        Err(CognitoError::Service {
            kind: k,
            message: m,
            status,
        }) => assert_eq!((k, m.as_str(), status), (kind, message, 400)),
        other => panic!("expected {kind:?} \"{message}\", got {other:?}"),
    }
}
