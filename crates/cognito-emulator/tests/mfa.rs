//! TOTP software-token MFA: AssociateSoftwareToken, VerifySoftwareToken,
//! SetUserMFAPreference, the SOFTWARE_TOKEN_MFA and MFA_SETUP challenges and
//! their sessions (API Reference for those operations; RFC 6238).
//!
//! Codes come from `test_support::totp` (the `totp-lite` crate), an
//! authenticator other than the emulator's own TOTP code, checked against
//! RFC 6238 here: a mistake shared by the emulator and its tests cannot pass.

mod common;

use cognito_emulator::config::MfaConfiguration;
use cognito_emulator::Config;
use common::*;
use serde_json::{json, Value};
use test_support::totp;

fn config(mfa: MfaConfiguration) -> Config {
    let mut config = Config::seed();
    config.pools[0].mfa_configuration = mfa;
    config
}

fn optional() -> Emu {
    emu_with(config(MfaConfiguration::Optional))
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

/// The key bytes of a Base32 `SecretCode` (RFC 4648 §6), as an
/// authenticator app decodes it.
fn key(secret: &str) -> Vec<u8> {
    totp::decode_secret(secret).unwrap_or_else(|e| panic!("SecretCode: {e}"))
}

/// The code an authenticator with `secret` shows at `t`: HMAC-SHA-1, 30 s,
/// 6 digits (RFC 6238 with the Key-URI defaults).
fn code(secret: &str, t: i64) -> String {
    totp::code_at(&key(secret), t)
}

/// A code for `secret` that is wrong at `t` (not in the ±1 window).
fn wrong_code(secret: &str, t: i64) -> String {
    let near: Vec<String> = (-1..=1).map(|k| code(secret, t + 30 * k)).collect();
    (0..)
        .map(|n| format!("{:06}", (123_456 + n * 7_919) % 1_000_000))
        .find(|c| !near.contains(c))
        .unwrap()
}

impl Emu {
    fn now(&self) -> i64 {
        self.state.clock().now()
    }

    async fn access_token(&self, email: &str) -> String {
        s(&self.tokens(email).await["AccessToken"]).to_owned()
    }

    async fn associate(&self, body: Value) -> Resp {
        self.call("AssociateSoftwareToken", body).await
    }

    async fn verify(&self, body: Value) -> Resp {
        self.call("VerifySoftwareToken", body).await
    }

    async fn set_totp_preference(&self, access: &str, enabled: bool) -> Resp {
        self.call(
            "SetUserMFAPreference",
            json!({"AccessToken": access,
                   "SoftwareTokenMfaSettings": {"Enabled": enabled, "PreferredMfa": enabled}}),
        )
        .await
    }

    async fn respond_totp(&self, email: &str, session: &str, code: &str) -> Resp {
        self.call(
            "RespondToAuthChallenge",
            json!({"ClientId": CLIENT_ID, "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session,
                   "ChallengeResponses": {"USERNAME": email, "SOFTWARE_TOKEN_MFA_CODE": code}}),
        )
        .await
    }

    async fn respond_setup(&self, email: &str, session: &str) -> Resp {
        self.call(
            "RespondToAuthChallenge",
            json!({"ClientId": CLIENT_ID, "ChallengeName": "MFA_SETUP", "Session": session,
                   "ChallengeResponses": {"USERNAME": email}}),
        )
        .await
    }

    /// A confirmed user with TOTP verified and enabled (pool OPTIONAL);
    /// returns the secret. The clock should be frozen.
    async fn enrolled(&self, email: &str) -> String {
        self.confirmed_user(email).await;
        let access = self.access_token(email).await;
        let secret =
            s(&self.associate(json!({"AccessToken": access})).await.ok()["SecretCode"]).to_owned();
        self.verify(
            json!({"AccessToken": access, "UserCode": code(&secret, self.now()),
                           "FriendlyDeviceName": "phone"}),
        )
        .await
        .ok();
        self.set_totp_preference(&access, true).await.ok();
        secret
    }

    /// Signs in with the password and returns the challenge's session.
    async fn challenge(&self, email: &str, name: &str) -> String {
        let body = self.sign_in(email, PASSWORD).await.ok();
        assert_eq!(body["ChallengeName"], json!(name), "{body}");
        assert!(body.get("AuthenticationResult").is_none(), "{body}");
        s(&body["Session"]).to_owned()
    }
}

#[test]
fn the_tests_authenticator_meets_rfc6238_appendix_b() {
    // The SHA-1 key "12345678901234567890", in Base32.
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(key(secret), b"12345678901234567890");
    let eight = |t| totp::code(&key(secret), t, 8);
    assert_eq!(eight(59), "94287082");
    assert_eq!(eight(1_111_111_109), "07081804");
    assert_eq!(eight(20_000_000_000), "65353130");
    // Six digits: the same truncation modulo 10^6.
    assert_eq!(code(secret, 59), "287082");
    assert_eq!(code(secret, 2_000_000_000), "279037");
}

#[tokio::test]
async fn associate_with_an_access_token_gives_a_fresh_base32_secret() {
    let emu = optional();
    emu.confirmed_user("a@example.com").await;
    let access = emu.access_token("a@example.com").await;
    let first = emu.associate(json!({"AccessToken": access})).await.ok();
    assert!(
        first.get("Session").is_none(),
        "no Session on the token path: {first}"
    );
    let secret = s(&first["SecretCode"]);
    assert_eq!(secret.len(), 32, "20 bytes, Base32 without padding");
    assert!(secret
        .chars()
        .all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
    assert_eq!(key(secret).len(), 20);
    let second = emu.associate(json!({"AccessToken": access})).await.ok();
    assert_ne!(second["SecretCode"], first["SecretCode"]);

    // Exactly one of AccessToken and Session.
    for body in [
        json!({}),
        json!({"AccessToken": access, "Session": "x".repeat(40)}),
    ] {
        emu.associate(body).await.assert_error(
            "InvalidParameterException",
            "Exactly one of AccessToken or Session must be provided.",
        );
    }
    emu.associate(json!({"AccessToken": "abc"}))
        .await
        .assert_error("NotAuthorizedException", "Invalid Access Token");
    emu.associate(json!({"Session": "too-short"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value at 'session' failed to satisfy constraint: \
         Member must have length greater than or equal to 20",
        );
    emu.associate(json!({"Session": "x".repeat(40)}))
        .await
        .assert_error("NotAuthorizedException", "Invalid session for the user.");
}

#[tokio::test]
async fn pool_without_mfa_has_no_software_tokens() {
    let emu = emu_with(config(MfaConfiguration::Off));
    emu.confirmed_user("off@example.com").await;
    let access = emu.access_token("off@example.com").await;
    for response in [
        emu.associate(json!({"AccessToken": access})).await,
        emu.verify(json!({"AccessToken": access, "UserCode": "123456"}))
            .await,
    ] {
        response.assert_error(
            "SoftwareTokenMFANotFoundException",
            "Software Token MFA has not been enabled by the userPool",
        );
    }
    emu.set_totp_preference(&access, true).await.assert_error(
        "InvalidParameterException",
        "User has not verified software token mfa",
    );
    // Sign-in is unchanged: tokens straight away.
    assert!(emu
        .sign_in("off@example.com", PASSWORD)
        .await
        .ok()
        .get("AuthenticationResult")
        .is_some());
}

#[tokio::test]
async fn verify_accepts_one_step_of_skew_and_refuses_two() {
    let emu = optional();
    emu.state.clock().freeze();
    emu.confirmed_user("v@example.com").await;
    let access = emu.access_token("v@example.com").await;
    let now = emu.now();

    emu.verify(json!({"AccessToken": access, "UserCode": "123456"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "No software token is associated with the user; call AssociateSoftwareToken first.",
        );

    let secret =
        s(&emu.associate(json!({"AccessToken": access})).await.ok()["SecretCode"]).to_owned();
    for bad in [
        code(&secret, now - 60),
        code(&secret, now + 60),
        wrong_code(&secret, now),
    ] {
        emu.verify(json!({"AccessToken": access, "UserCode": bad}))
            .await
            .assert_error("EnableSoftwareTokenMFAException", "Code mismatch");
    }
    emu.verify(json!({"AccessToken": access, "UserCode": "12345"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value at 'userCode' failed to satisfy constraint: \
             Member must have length greater than or equal to 6",
        );
    emu.verify(json!({"AccessToken": access, "UserCode": "12345a"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value at 'userCode' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [0-9]+",
        );
    // One step behind (+30 s of skew on the phone's side) is fine.
    assert_eq!(
        emu.verify(
            json!({"AccessToken": access, "UserCode": code(&secret, now - 30),
                          "FriendlyDeviceName": "My phone"})
        )
        .await
        .ok(),
        json!({"Status": "SUCCESS"})
    );
    // The pending secret is used up.
    emu.verify(json!({"AccessToken": access, "UserCode": code(&secret, now)}))
        .await
        .assert_error(
            "InvalidParameterException",
            "No software token is associated with the user; call AssociateSoftwareToken first.",
        );
    // Replacing the key: one step ahead works as well.
    let other =
        s(&emu.associate(json!({"AccessToken": access})).await.ok()["SecretCode"]).to_owned();
    emu.verify(json!({"AccessToken": access, "UserCode": code(&other, now + 30)}))
        .await
        .ok();

    // Verified but not enabled: GetUser shows no MFA, sign-in needs none.
    let user = emu.get_user(&access).await.ok();
    assert!(user.get("UserMFASettingList").is_none(), "{user}");
    assert!(user.get("PreferredMfaSetting").is_none(), "{user}");
    assert!(emu
        .sign_in("v@example.com", PASSWORD)
        .await
        .ok()
        .get("AuthenticationResult")
        .is_some());
}

#[tokio::test]
async fn set_preference_enables_and_disables_totp() {
    let emu = optional();
    emu.state.clock().freeze();
    emu.confirmed_user("p@example.com").await;
    let access = emu.access_token("p@example.com").await;
    emu.set_totp_preference(&access, true).await.assert_error(
        "InvalidParameterException",
        "User has not verified software token mfa",
    );
    let secret =
        s(&emu.associate(json!({"AccessToken": access})).await.ok()["SecretCode"]).to_owned();
    emu.verify(json!({"AccessToken": access, "UserCode": code(&secret, emu.now())}))
        .await
        .ok();
    assert_eq!(emu.set_totp_preference(&access, true).await.ok(), json!({}));
    let user = emu.get_user(&access).await.ok();
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert_eq!(user["PreferredMfaSetting"], json!("SOFTWARE_TOKEN_MFA"));
    emu.challenge("p@example.com", "SOFTWARE_TOKEN_MFA").await;

    // Omitting the settings changes nothing; other factors are refused.
    emu.call("SetUserMFAPreference", json!({"AccessToken": access}))
        .await
        .ok();
    emu.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access, "SMSMfaSettings": {"Enabled": true}}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "SMS_MFA is not supported by the local Cognito emulator; only SOFTWARE_TOKEN_MFA is.",
    );
    emu.call("SetUserMFAPreference", json!({}))
        .await
        .assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: \
             Member must not be null",
    );

    assert_eq!(
        emu.set_totp_preference(&access, false).await.ok(),
        json!({})
    );
    let user = emu.get_user(&access).await.ok();
    assert!(user.get("UserMFASettingList").is_none(), "{user}");
    assert!(user.get("PreferredMfaSetting").is_none(), "{user}");
    assert!(emu
        .sign_in("p@example.com", PASSWORD)
        .await
        .ok()
        .get("AuthenticationResult")
        .is_some());
    // The verified key stays: enabling again needs no new association.
    emu.set_totp_preference(&access, true).await.ok();
    emu.challenge("p@example.com", "SOFTWARE_TOKEN_MFA").await;
}

#[tokio::test]
async fn sign_in_with_totp_good_bad_reused_and_replayed() {
    let emu = optional();
    emu.state.clock().freeze();
    let secret = emu.enrolled("t@example.com").await;
    // The enrolment code's step is spent; move to a fresh one.
    emu.state.clock().advance(30);

    let body = emu.sign_in("t@example.com", PASSWORD).await.ok();
    assert_eq!(body["ChallengeName"], json!("SOFTWARE_TOKEN_MFA"));
    assert_eq!(body["ChallengeParameters"], json!({}));
    let session = s(&body["Session"]).to_owned();
    assert!(
        session.len() >= 200,
        "long opaque session: {}",
        session.len()
    );
    assert!(session
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));

    // A wrong code does not spend the session.
    emu.respond_totp("t@example.com", &session, &wrong_code(&secret, emu.now()))
        .await
        .assert_error("CodeMismatchException", "Invalid code received for user");
    emu.respond_totp("t@example.com", &session, "12345")
        .await
        .assert_error("CodeMismatchException", "Invalid code received for user");

    emu.state.clock().advance(5);
    let good = code(&secret, emu.now());
    let tokens = emu
        .respond_totp("T@example.com", &session, &good)
        .await
        .ok();
    let result = &tokens["AuthenticationResult"];
    assert_eq!(result["TokenType"], json!("Bearer"));
    assert!(result["RefreshToken"].is_string());
    let id = claims(s(&result["IdToken"]));
    assert_eq!(
        id["auth_time"],
        json!(emu.now()),
        "auth_time is the MFA answer"
    );
    emu.get_user(s(&result["AccessToken"])).await.ok();

    // Single use.
    emu.respond_totp("t@example.com", &session, &good)
        .await
        .assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session can only be used once.",
        );
    // Replay: the same code on a fresh session is refused...
    let again = emu.challenge("t@example.com", "SOFTWARE_TOKEN_MFA").await;
    emu.respond_totp("t@example.com", &again, &good)
        .await
        .assert_error("CodeMismatchException", "Invalid code received for user");
    // ...and so is the previous step's code, though within the window.
    emu.respond_totp("t@example.com", &again, &code(&secret, emu.now() - 30))
        .await
        .assert_error("CodeMismatchException", "Invalid code received for user");
    // The next step's code is new.
    emu.respond_totp("t@example.com", &again, &code(&secret, emu.now() + 30))
        .await
        .ok();
}

#[tokio::test]
async fn sessions_expire_and_are_bound_to_user_and_client() {
    let mut config = config(MfaConfiguration::Optional);
    let mut second = config.pools[0].clients[0].clone();
    second.id = "secondclient".into();
    config.pools[0].clients.push(second);
    config.pools[0].clients[0].auth_session_validity_seconds = 5;
    let emu = emu_with(config);
    emu.state.clock().freeze();
    let secret = emu.enrolled("e@example.com").await;
    emu.enrolled("other@example.com").await;
    emu.state.clock().advance(30);

    let session = emu.challenge("e@example.com", "SOFTWARE_TOKEN_MFA").await;
    let good = code(&secret, emu.now());
    // Another user's name, or another client, with this session.
    emu.respond_totp("other@example.com", &session, &good)
        .await
        .assert_error("NotAuthorizedException", "Invalid session for the user.");
    emu.call(
        "RespondToAuthChallenge",
        json!({"ClientId": "secondclient", "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session,
               "ChallengeResponses": {"USERNAME": "e@example.com", "SOFTWARE_TOKEN_MFA_CODE": good}}),
    )
    .await
    .assert_error("NotAuthorizedException", "Invalid session for the user.");
    // The wrong challenge for this session.
    emu.respond_setup("e@example.com", &session)
        .await
        .assert_error("NotAuthorizedException", "Invalid session for the user.");

    emu.state.clock().advance(5);
    emu.respond_totp("e@example.com", &session, &code(&secret, emu.now()))
        .await
        .assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
        );
    // The default is Cognito's 3 minutes.
    let seed = optional();
    seed.state.clock().freeze();
    let secret = seed.enrolled("d@example.com").await;
    seed.state.clock().advance(30);
    let session = seed.challenge("d@example.com", "SOFTWARE_TOKEN_MFA").await;
    seed.state.clock().advance(179);
    let late = seed.now();
    seed.state.clock().advance(1);
    seed.respond_totp("d@example.com", &session, &code(&secret, late))
        .await
        .assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
        );
}

#[tokio::test]
async fn five_wrong_codes_lock_the_user_out() {
    let emu = optional();
    emu.state.clock().freeze();
    let secret = emu.enrolled("l@example.com").await;
    emu.state.clock().advance(30);
    let session = emu.challenge("l@example.com", "SOFTWARE_TOKEN_MFA").await;
    let wrong = wrong_code(&secret, emu.now());
    for _ in 0..5 {
        emu.respond_totp("l@example.com", &session, &wrong)
            .await
            .assert_error("CodeMismatchException", "Invalid code received for user");
    }
    let good = code(&secret, emu.now());
    emu.respond_totp("l@example.com", &session, &good)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    // A correct password does not reset the MFA count.
    let fresh = emu.challenge("l@example.com", "SOFTWARE_TOKEN_MFA").await;
    emu.respond_totp("l@example.com", &fresh, &good)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    // 1 s later one more try; wrong again locks for 2 s.
    emu.state.clock().advance(1);
    emu.respond_totp("l@example.com", &fresh, &wrong)
        .await
        .assert_error("CodeMismatchException", "Invalid code received for user");
    emu.state.clock().advance(1);
    emu.respond_totp("l@example.com", &fresh, &good)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    emu.state.clock().advance(1);
    emu.respond_totp("l@example.com", &fresh, &code(&secret, emu.now()))
        .await
        .ok();
    // Success resets the count.
    emu.state.clock().advance(30);
    let next = emu.challenge("l@example.com", "SOFTWARE_TOKEN_MFA").await;
    emu.respond_totp("l@example.com", &next, &wrong_code(&secret, emu.now()))
        .await
        .assert_error("CodeMismatchException", "Invalid code received for user");
    emu.respond_totp("l@example.com", &next, &code(&secret, emu.now()))
        .await
        .ok();
}

#[tokio::test]
async fn required_mfa_goes_through_mfa_setup_to_tokens() {
    let emu = emu_with(config(MfaConfiguration::On));
    emu.state.clock().freeze();
    emu.confirmed_user("on@example.com").await;

    let body = emu.sign_in("on@example.com", PASSWORD).await.ok();
    assert_eq!(body["ChallengeName"], json!("MFA_SETUP"));
    assert_eq!(
        body["ChallengeParameters"],
        json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"})
    );
    let setup = s(&body["Session"]).to_owned();
    // Not yet: MFA_SETUP is answered with the session VerifySoftwareToken gives.
    emu.respond_setup("on@example.com", &setup)
        .await
        .assert_error("NotAuthorizedException", "Invalid session for the user.");

    let associated = emu.associate(json!({"Session": setup})).await.ok();
    let secret = s(&associated["SecretCode"]).to_owned();
    let verify_session = s(&associated["Session"]).to_owned();
    assert_ne!(verify_session, setup);
    emu.associate(json!({"Session": setup})).await.assert_error(
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    );
    emu.respond_setup("on@example.com", &verify_session)
        .await
        .assert_error("NotAuthorizedException", "Invalid session for the user.");

    // A wrong code keeps the session usable.
    emu.verify(json!({"Session": verify_session, "UserCode": wrong_code(&secret, emu.now())}))
        .await
        .assert_error("EnableSoftwareTokenMFAException", "Code mismatch");
    let verified = emu
        .verify(
            json!({"Session": verify_session, "UserCode": code(&secret, emu.now()),
                       "FriendlyDeviceName": "Authenticator"}),
        )
        .await
        .ok();
    assert_eq!(verified["Status"], json!("SUCCESS"));
    let final_session = s(&verified["Session"]).to_owned();
    emu.verify(json!({"Session": verify_session, "UserCode": code(&secret, emu.now())}))
        .await
        .assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session can only be used once.",
        );

    let tokens = emu
        .respond_setup("on@example.com", &final_session)
        .await
        .ok();
    let access = s(&tokens["AuthenticationResult"]["AccessToken"]).to_owned();
    let user = emu.get_user(&access).await.ok();
    assert_eq!(user["UserMFASettingList"], json!(["SOFTWARE_TOKEN_MFA"]));
    assert_eq!(user["PreferredMfaSetting"], json!("SOFTWARE_TOKEN_MFA"));
    emu.respond_setup("on@example.com", &final_session)
        .await
        .assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session can only be used once.",
        );

    // From now on: a TOTP code at every sign-in.
    emu.state.clock().advance(30);
    let session = emu.challenge("on@example.com", "SOFTWARE_TOKEN_MFA").await;
    emu.respond_totp("on@example.com", &session, &code(&secret, emu.now()))
        .await
        .ok();
    // MFA is required: it cannot be turned off (emulator choice, see mfa.rs).
    emu.set_totp_preference(&access, false).await.assert_error(
        "InvalidParameterException",
        "Cannot disable software token MFA: the user pool requires MFA (MfaConfiguration ON).",
    );
}

#[tokio::test]
async fn respond_to_auth_challenge_checks_its_input() {
    let emu = optional();
    let session = "s".repeat(40);
    let respond = |body: Value| emu.call("RespondToAuthChallenge", body);
    respond(json!({"ClientId": CLIENT_ID, "ChallengeName": "MAGIC", "Session": session}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value 'MAGIC' at 'challengeName' failed to satisfy constraint: \
             Member must satisfy enum value set: [SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, \
             MFA_SETUP, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, DEVICE_SRP_AUTH, \
             DEVICE_PASSWORD_VERIFIER, ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED, SMS_OTP, PASSWORD, \
             WEB_AUTHN, PASSWORD_SRP]",
        );
    respond(json!({"ClientId": CLIENT_ID, "ChallengeName": "SMS_MFA", "Session": session}))
        .await
        .assert_error(
            "InvalidParameterException",
            "The local Cognito emulator does not implement the SMS_MFA challenge.",
        );
    respond(
        json!({"ClientId": CLIENT_ID, "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session,
                   "ChallengeResponses": {"SOFTWARE_TOKEN_MFA_CODE": "123456"}}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "Missing required parameter USERNAME",
    );
    respond(
        json!({"ClientId": CLIENT_ID, "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session,
                   "ChallengeResponses": {"USERNAME": "x@example.com"}}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "Missing required parameter SOFTWARE_TOKEN_MFA_CODE",
    );
    respond(json!({"ClientId": CLIENT_ID, "ChallengeName": "MFA_SETUP",
                   "ChallengeResponses": {"USERNAME": "x@example.com"}}))
    .await
    .assert_error(
        "InvalidParameterException",
        "Missing required parameter Session",
    );
    emu.respond_totp("x@example.com", &session, "123456")
        .await
        .assert_error("NotAuthorizedException", "Invalid session for the user.");
    respond(json!({"ClientId": "nope", "ChallengeName": "MFA_SETUP", "Session": session}))
        .await
        .assert_error(
            "ResourceNotFoundException",
            "User pool client nope does not exist.",
        );
}

#[tokio::test]
async fn verified_totp_survives_a_restart() {
    let emu = optional();
    emu.state.clock().freeze();
    let secret = emu.enrolled("keep@example.com").await;
    let session = emu
        .challenge("keep@example.com", "SOFTWARE_TOKEN_MFA")
        .await;

    let (state, app) = emu.restart();
    state.clock().freeze();
    state.clock().advance(emu.now() + 30 - state.clock().now());
    // The challenge session was persisted too.
    let body = call(
        &app,
        "RespondToAuthChallenge",
        json!({"ClientId": CLIENT_ID, "ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": session,
               "ChallengeResponses": {"USERNAME": "keep@example.com",
                                      "SOFTWARE_TOKEN_MFA_CODE": code(&secret, state.clock().now())}}),
    )
    .await
    .ok();
    let access = s(&body["AuthenticationResult"]["AccessToken"]).to_owned();
    let user = call(&app, "GetUser", json!({"AccessToken": access}))
        .await
        .ok();
    assert_eq!(user["PreferredMfaSetting"], json!("SOFTWARE_TOKEN_MFA"));
    let stored = std::fs::read_to_string(emu.dir.path().join("state.json")).unwrap();
    assert!(
        !stored.contains(&session),
        "challenge sessions are stored hashed"
    );
}

/// One `POST /` to a running binary, over HTTP.
async fn post(port: u16, op: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/"))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header(
            "X-Amz-Target",
            format!("AWSCognitoIdentityProviderService.{op}"),
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{op}: {e}"));
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{op}: {text}");
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn the_binary_never_logs_a_totp_secret() {
    use tokio::io::AsyncBufReadExt;
    let dir = tempfile::TempDir::new().unwrap();
    let config_path = dir.path().join("mfa.toml");
    std::fs::write(
        &config_path,
        cognito_emulator::config::SEED_TOML.replacen(
            "mfa_configuration = \"OPTIONAL\"",
            "mfa_configuration = \"ON\"",
            1,
        ),
    )
    .unwrap();
    let stderr_path = dir.path().join("stderr.log");
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_cognito-emulator"))
        .args(["--port", "0", "--config"])
        .arg(&config_path)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut line = String::new();
    tokio::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .await
        .unwrap();
    let port: u16 = line.trim_end().rsplit(':').next().unwrap().parse().unwrap();

    let email = "log@example.com";
    post(
        port,
        "SignUp",
        json!({"ClientId": CLIENT_ID, "Username": email, "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": email}, {"Name": "name", "Value": "L"}]}),
    )
    .await;
    let log = std::fs::read_to_string(&stderr_path).unwrap();
    let confirmation = log
        .lines()
        .find_map(|l| l.split("confirmation code ").nth(1))
        .expect("the mailbox logs the confirmation code")
        .trim()
        .to_owned();
    post(
        port,
        "ConfirmSignUp",
        json!({"ClientId": CLIENT_ID, "Username": email, "ConfirmationCode": confirmation}),
    )
    .await;
    let initiate = json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT_ID,
                          "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}});
    let setup = post(port, "InitiateAuth", initiate.clone()).await;
    let associated = post(
        port,
        "AssociateSoftwareToken",
        json!({"Session": setup["Session"]}),
    )
    .await;
    let secret = s(&associated["SecretCode"]).to_owned();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let verified = post(
        port,
        "VerifySoftwareToken",
        json!({"Session": associated["Session"], "UserCode": code(&secret, now)}),
    )
    .await;
    post(
        port,
        "RespondToAuthChallenge",
        json!({"ClientId": CLIENT_ID, "ChallengeName": "MFA_SETUP", "Session": verified["Session"],
               "ChallengeResponses": {"USERNAME": email}}),
    )
    .await;
    child.kill().await.unwrap();
    let _ = child.wait().await;

    let log = std::fs::read_to_string(&stderr_path).unwrap();
    assert!(
        log.contains("listening") || log.contains("mailbox"),
        "{log}"
    );
    // As set-up screens print it for typing in: groups of four.
    let grouped: Vec<String> = secret
        .as_bytes()
        .chunks(4)
        .map(|g| String::from_utf8_lossy(g).into_owned())
        .collect();
    let grouped = grouped.join(" ");
    assert!(!log.contains(&secret), "secret in the log:\n{log}");
    assert!(!log.contains(&grouped), "secret in the log:\n{log}");
    assert!(!log.contains(&secret.to_lowercase()), "{log}");
}
