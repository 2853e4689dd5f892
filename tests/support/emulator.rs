//! The emulator's side of a world, reached without the browser: its
//! mailbox, its User Pool API (to set up users and check what the app did),
//! its clock, and an authenticator app that goes by that clock.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::page::{timeout, Check};
use super::{http, totp, World};

impl World {
    /// The app's client id, as the served config names it.
    pub fn client_id(&self) -> String {
        find_key(&self.config, "userPoolClientId")
            .or_else(|| find_key(&self.config, "clientId"))
            .and_then(Value::as_str)
            .unwrap_or(test_support::local::CLIENT_ID)
            .to_string()
    }

    /// Every message the emulator has sent to `to`, oldest first.
    pub async fn messages(&self, to: &str) -> Vec<Value> {
        let url = format!(
            "{}/_local/messages?to={}",
            self.emulator_url,
            http::encode_query(to)
        );
        match http::get_json(&url).await {
            Ok((200, Value::Array(list))) => list,
            Ok((status, body)) => self.fail(&format!("GET {url}: HTTP {status} {body}")).await,
            Err(e) => self.fail(&format!("GET {url}: {e}")).await,
        }
    }

    /// Waits until the mailbox of `to` holds `count` messages; returns the
    /// code of the newest.
    pub async fn wait_for_messages(&self, to: &str, count: usize) -> String {
        let list = self
            .poll(&format!("{count} message(s) to {to}"), async || {
                let list = self.messages(to).await;
                Ok(if list.len() >= count {
                    Check::Ready(list)
                } else {
                    Check::NotYet(format!("{} message(s)", list.len()))
                })
            })
            .await;
        assert_eq!(
            list.len(),
            count,
            "[{}] messages to {to}: {list:#?}",
            self.name
        );
        let newest = list.last().expect("at least one message");
        match newest["code"].as_str() {
            Some(code) if !code.is_empty() => code.to_string(),
            _ => panic!(
                "[{}] newest message to {to} has no code: {newest}",
                self.name
            ),
        }
    }

    /// Calls the User Pool JSON API of the emulator (not through the app).
    pub async fn cognito(&self, operation: &str, body: Value) -> Value {
        let url = format!("{}/", self.emulator_url);
        let target = format!("AWSCognitoIdentityProviderService.{operation}");
        let headers = [
            ("X-Amz-Target", target.as_str()),
            ("Content-Type", "application/x-amz-json-1.1"),
        ];
        match http::post_json(&url, &headers, &body).await {
            Ok((200, v)) => v,
            Ok((status, v)) => panic!("[{}] {operation}: HTTP {status} {v}", self.name),
            Err(e) => panic!("[{}] {operation}: {e}", self.name),
        }
    }

    /// Calls an IAM-authorised operation of the emulator (`AdminCreateUser`,
    /// `AdminResetUserPassword`, ...), as the AWS CLI would: the emulator
    /// checks the form of the SigV4 `Authorization` header, not the
    /// signature (README, "Admin operations").
    pub async fn cognito_admin(&self, operation: &str, body: Value) -> Value {
        let url = format!("{}/", self.emulator_url);
        let target = format!("AWSCognitoIdentityProviderService.{operation}");
        let headers = [
            ("X-Amz-Target", target.as_str()),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Date", "20261129T141143Z"),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=local/20261129/ap-northeast-1/cognito-idp/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
                 Signature=0e6c5d62a2b94f2c9d3d0a8b1c6f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4",
            ),
        ];
        match http::post_json(&url, &headers, &body).await {
            Ok((200, v)) => v,
            Ok((status, v)) => panic!("[{}] {operation}: HTTP {status} {v}", self.name),
            Err(e) => panic!("[{}] {operation}: {e}", self.name),
        }
    }

    /// A user an administrator created (`AdminCreateUser`, no invitation
    /// sent) with `temporary_password` and a verified email, and no `name`
    /// (which the seed pool requires): their first sign-in asks for a new
    /// password and the name (`NEW_PASSWORD_REQUIRED`).
    pub async fn admin_create_user(&self, email: &str, temporary_password: &str) {
        self.cognito_admin(
            "AdminCreateUser",
            json!({
                "UserPoolId": test_support::local::POOL_ID,
                "Username": email,
                "TemporaryPassword": temporary_password,
                "MessageAction": "SUPPRESS",
                "UserAttributes": [{"Name": "email_verified", "Value": "true"}],
            }),
        )
        .await;
    }

    /// `AdminResetUserPassword`: the password stops working and a reset code
    /// is mailed.
    pub async fn admin_reset_password(&self, email: &str) {
        self.cognito_admin(
            "AdminResetUserPassword",
            json!({"UserPoolId": test_support::local::POOL_ID, "Username": email}),
        )
        .await;
    }

    /// The emulator's clock (Unix seconds): what its TOTP checks and session
    /// expiries go by.
    pub fn emulator_now(&self) -> i64 {
        self.emulator.state().clock().now()
    }

    /// Waits (polling, no fixed sleep) until the emulator's clock reads `at`.
    pub async fn wait_for_emulator_time(&self, at: i64) {
        let deadline = Instant::now() + timeout();
        while self.emulator_now() < at {
            if Instant::now() >= deadline {
                self.fail(&format!("emulator clock did not reach {at}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// An authenticator app holding `secret` (as shown: spaces allowed),
    /// on the emulator's clock.
    pub fn authenticator(&self, secret: &str) -> totp::Authenticator {
        totp::Authenticator::new(secret, self.emulator.state().clock().clone())
    }

    /// Signs in through the API (`USER_PASSWORD_AUTH`) and returns the
    /// access token; the user must have no MFA yet.
    pub async fn api_access_token(&self, email: &str, password: &str) -> String {
        let answer = self
            .cognito(
                "InitiateAuth",
                json!({
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": self.client_id(),
                    "AuthParameters": {"USERNAME": email, "PASSWORD": password},
                }),
            )
            .await;
        match answer["AuthenticationResult"]["AccessToken"].as_str() {
            Some(token) => token.to_string(),
            None => panic!("[{}] InitiateAuth gave no tokens: {answer}", self.name),
        }
    }

    /// Gives an existing user (pool MFA `OPTIONAL`) an authenticator through
    /// the API: `AssociateSoftwareToken`, `VerifySoftwareToken` with a code,
    /// `SetUserMFAPreference`. Returns the authenticator, which remembers the
    /// step its code used.
    pub async fn enrol_totp(&self, email: &str, password: &str) -> totp::Authenticator {
        let token = self.api_access_token(email, password).await;
        let associated = self
            .cognito("AssociateSoftwareToken", json!({"AccessToken": token}))
            .await;
        let secret = associated["SecretCode"]
            .as_str()
            .unwrap_or_else(|| panic!("[{}] no SecretCode: {associated}", self.name))
            .to_string();
        let mut app = self.authenticator(&secret);
        let code = app.fresh_code().await;
        let verified = self
            .cognito(
                "VerifySoftwareToken",
                json!({"AccessToken": token, "UserCode": code, "FriendlyDeviceName": "API"}),
            )
            .await;
        assert_eq!(verified["Status"], "SUCCESS", "[{}] {verified}", self.name);
        self.cognito(
            "SetUserMFAPreference",
            json!({
                "AccessToken": token,
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
            }),
        )
        .await;
        app
    }

    /// from an existing account.
    pub async fn create_confirmed_user(&self, email: &str, name: &str, password: &str) {
        let client_id = self.client_id();
        self.cognito(
            "SignUp",
            json!({
                "ClientId": client_id,
                "Username": email,
                "Password": password,
                "UserAttributes": [
                    {"Name": "email", "Value": email},
                    {"Name": "name", "Value": name},
                ],
            }),
        )
        .await;
        let code = self.wait_for_messages(email, 1).await;
        self.cognito(
            "ConfirmSignUp",
            json!({"ClientId": client_id, "Username": email, "ConfirmationCode": code}),
        )
        .await;
    }
}

/// The first value under `key` anywhere in `v` (depth first).
fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|v| find_key(v, key))),
        Value::Array(items) => items.iter().find_map(|v| find_key(v, key)),
        _ => None,
    }
}
