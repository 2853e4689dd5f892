//! Typed requests and responses of the `cognito-idp` JSON API, serialised as
//! AWS does: PascalCase members, unset optionals omitted (botocore
//! `cognito-idp/2016-04-18/service-2.json`; docs/cognito-protocol.md §1.3–1.4).

use crate::secret::{AccessToken, ChallengeSession, IdToken, Password, RefreshToken, SecretCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One API operation: its `X-Amz-Target` name and its output shape.
pub trait Operation: Serialize {
    /// The operation name after `AWSCognitoIdentityProviderService.`.
    const NAME: &'static str;
    /// The response shape.
    type Output: DeserializeOwned;
}

/// `AttributeType`: one user attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// `Name`: the attribute name (`email`, `name`, `custom:…`).
    pub name: String,
    /// `Value`: its value.
    #[serde(default)]
    pub value: String,
}

impl AttributeType {
    /// `name` = `value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// `CodeDeliveryDetailsType`: where a code went (destination is masked).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    /// `Destination`: where the code went, masked (`t***@e***`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// `DeliveryMedium`: `EMAIL` or `SMS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    /// `AttributeName`: the attribute the code confirms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// An operation whose output shape is empty (`{}`), or one whose optional
/// members this client does not use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Empty {}

/// `SignUp`: registers a user (unconfirmed until `ConfirmSignUp`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUp {
    /// `ClientId`: the app client.
    pub client_id: String,
    /// `Username`: the new user's name (here, the email).
    pub username: String,
    /// `Password`: the new password.
    pub password: Password,
    /// `UserAttributes`: attributes to set.
    pub user_attributes: Vec<AttributeType>,
}

/// The answer to `SignUp`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    /// `UserConfirmed`: confirmed already (a PreSignUp trigger confirmed it).
    pub user_confirmed: bool,
    /// `UserSub`: the new user's `sub`.
    pub user_sub: String,
    /// `CodeDeliveryDetails`: where the confirmation code went.
    #[serde(default)]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// `Session`: for signing in straight after confirmation (choice-based sign-in).
    #[serde(default)]
    pub session: Option<ChallengeSession>,
}

impl Operation for SignUp {
    const NAME: &'static str = "SignUp";
    type Output = SignUpResponse;
}

/// `ConfirmSignUp`: confirms a sign-up with the code sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUp {
    /// `ClientId`: the app client.
    pub client_id: String,
    /// `Username`: whose sign-up.
    pub username: String,
    /// `ConfirmationCode`: the code the user received.
    pub confirmation_code: String,
}

impl Operation for ConfirmSignUp {
    const NAME: &'static str = "ConfirmSignUp";
    type Output = Empty;
}

/// `ResendConfirmationCode`: sends a new sign-up code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCode {
    /// `ClientId`: the app client.
    pub client_id: String,
    /// `Username`: whose sign-up.
    pub username: String,
}

/// The answer to `ResendConfirmationCode`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeResponse {
    /// `CodeDeliveryDetails`: where the new code went.
    #[serde(default)]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

impl Operation for ResendConfirmationCode {
    const NAME: &'static str = "ResendConfirmationCode";
    type Output = ResendConfirmationCodeResponse;
}

/// `AuthFlowType` values a browser may use with `InitiateAuth`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthFlow {
    /// `USER_PASSWORD_AUTH`: the password itself, over TLS.
    UserPasswordAuth,
    /// `USER_SRP_AUTH`: Secure Remote Password.
    UserSrpAuth,
    /// `REFRESH_TOKEN_AUTH`: new access and ID tokens for a refresh token.
    RefreshTokenAuth,
    /// `CUSTOM_AUTH`: Lambda-driven challenges.
    CustomAuth,
    /// `USER_AUTH`: choice-based sign-in.
    UserAuth,
}

/// `AuthParameters` / `ChallengeResponses`: a string map whose values can be
/// secrets, so `Debug` shows only the keys.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretMap(pub BTreeMap<String, String>);

impl SecretMap {
    /// Adds `key` = `value`.
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.0.insert(key.to_owned(), value.into());
        self
    }
}

impl fmt::Debug for SecretMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// `InitiateAuth`: starts a sign-in (or a refresh).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuth {
    /// `AuthFlow`: which flow.
    pub auth_flow: AuthFlow,
    /// `AuthParameters`: `USERNAME`, `PASSWORD`, `REFRESH_TOKEN`, … by flow.
    pub auth_parameters: SecretMap,
    /// `ClientId`: the app client.
    pub client_id: String,
}

/// The answer to `InitiateAuth` and `RespondToAuthChallenge`: tokens, or the
/// next challenge with its `Session`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthResponse {
    /// `AuthenticationResult`: the tokens, when signed in.
    #[serde(default)]
    pub authentication_result: Option<AuthenticationResult>,
    /// `ChallengeName`: the next challenge, if any.
    #[serde(default)]
    pub challenge_name: Option<String>,
    /// `ChallengeParameters`: what the challenge needs.
    #[serde(default)]
    pub challenge_parameters: Option<BTreeMap<String, String>>,
    /// `Session`: to answer the challenge with.
    #[serde(default)]
    pub session: Option<ChallengeSession>,
}

impl Operation for InitiateAuth {
    const NAME: &'static str = "InitiateAuth";
    type Output = InitiateAuthResponse;
}

/// `RespondToAuthChallenge`: answers the challenge a sign-in stopped at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallenge {
    /// `ClientId`: the app client.
    pub client_id: String,
    /// `ChallengeName`: the challenge answered.
    pub challenge_name: String,
    /// `Session`: the challenge's `Session`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<ChallengeSession>,
    /// `ChallengeResponses`: the answer (`USERNAME`, `SOFTWARE_TOKEN_MFA_CODE`, …).
    pub challenge_responses: SecretMap,
}

impl Operation for RespondToAuthChallenge {
    const NAME: &'static str = "RespondToAuthChallenge";
    type Output = InitiateAuthResponse;
}

/// `AuthenticationResultType`. `RefreshToken` is absent on refresh.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// `AccessToken`: the access token.
    pub access_token: AccessToken,
    /// `IdToken`: the ID token.
    #[serde(default)]
    pub id_token: Option<IdToken>,
    /// `RefreshToken`: the refresh token (not on refresh).
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// `ExpiresIn`: seconds until the access and ID tokens expire.
    #[serde(default)]
    pub expires_in: Option<i64>,
    /// `TokenType`: `Bearer`.
    #[serde(default)]
    pub token_type: Option<String>,
}

/// `GetUser`: the signed-in user's attributes and MFA settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUser {
    /// `AccessToken`: the signed-in user's access token.
    pub access_token: AccessToken,
}

/// The answer to `GetUser`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    /// `Username`: the name the pool knows the user by.
    pub username: String,
    /// `UserAttributes`: the readable attributes.
    pub user_attributes: Vec<AttributeType>,
    /// `PreferredMfaSetting`: `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, … if one is preferred.
    #[serde(default)]
    pub preferred_mfa_setting: Option<String>,
    /// `UserMFASettingList`: the MFA methods enabled.
    #[serde(default, rename = "UserMFASettingList")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

impl GetUserResponse {
    /// The value of one attribute, if set.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.user_attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }
}

impl Operation for GetUser {
    const NAME: &'static str = "GetUser";
    type Output = GetUserResponse;
}

/// `GlobalSignOut`: revokes all of the user's refresh tokens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSignOut {
    /// `AccessToken`: the signed-in user's access token.
    pub access_token: AccessToken,
}

impl Operation for GlobalSignOut {
    const NAME: &'static str = "GlobalSignOut";
    type Output = Empty;
}

/// `RevokeToken`: revokes a refresh token and every access and ID token
/// minted from it (docs/cognito-protocol.md §1.4). Public: no access token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeToken {
    /// `Token`: the refresh token.
    pub token: RefreshToken,
    /// `ClientId`: the app client it was issued to.
    pub client_id: String,
}

impl Operation for RevokeToken {
    const NAME: &'static str = "RevokeToken";
    type Output = Empty;
}

/// `ChallengeNameType` values this crate answers (docs/cognito-protocol.md §1.4).
pub const CHALLENGE_SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
/// The pool requires MFA and the user has none yet (docs/cognito-protocol.md §1.4, §3).
pub const CHALLENGE_MFA_SETUP: &str = "MFA_SETUP";

/// `AssociateSoftwareToken`: starts TOTP enrolment. Exactly one of
/// `AccessToken` (a signed-in user) or `Session` (an `MFA_SETUP` challenge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareToken {
    /// `AccessToken`: for a signed-in user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<AccessToken>,
    /// `Session`: for an `MFA_SETUP` challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<ChallengeSession>,
}

/// The Base32 TOTP key (`[A-Za-z0-9]+`, ≥16), and on the session path the
/// `Session` for `VerifySoftwareToken`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// `SecretCode`: the Base32 TOTP key.
    pub secret_code: SecretCode,
    /// `Session`: the next `Session` (challenge path only).
    #[serde(default)]
    pub session: Option<ChallengeSession>,
}

impl Operation for AssociateSoftwareToken {
    const NAME: &'static str = "AssociateSoftwareToken";
    type Output = AssociateSoftwareTokenResponse;
}

/// `VerifySoftwareToken`: proves the user's authenticator has the key.
/// `UserCode` is exactly 6 digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareToken {
    /// `AccessToken`: for a signed-in user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<AccessToken>,
    /// `Session`: for an `MFA_SETUP` challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<ChallengeSession>,
    /// `UserCode`: the authenticator's 6-digit code.
    pub user_code: String,
    /// `FriendlyDeviceName`: a name for the authenticator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `Status` is `SUCCESS` or `ERROR` (absent reads as `""`); `Session` (session
/// path only) is what answers `MFA_SETUP`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `Status`: `SUCCESS` or `ERROR`.
    #[serde(default)]
    pub status: String,
    /// `Session`: answers `MFA_SETUP` (challenge path only).
    #[serde(default)]
    pub session: Option<ChallengeSession>,
}

impl VerifySoftwareTokenResponse {
    /// `Status` is `SUCCESS`.
    pub fn is_success(&self) -> bool {
        self.status == "SUCCESS"
    }
}

impl Operation for VerifySoftwareToken {
    const NAME: &'static str = "VerifySoftwareToken";
    type Output = VerifySoftwareTokenResponse;
}

/// `SoftwareTokenMfaSettingsType` (and the SMS / e-mail ones, same shape).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    /// `Enabled`: the method is on.
    pub enabled: bool,
    /// `PreferredMfa`: the method is the preferred one.
    pub preferred_mfa: bool,
}

/// `SetUserMFAPreference` (the Rust name spells the acronym as a word).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreference {
    /// `AccessToken`: the signed-in user's access token.
    pub access_token: AccessToken,
    /// `SoftwareTokenMfaSettings`: the TOTP settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
}

impl Operation for SetUserMfaPreference {
    const NAME: &'static str = "SetUserMFAPreference";
    type Output = Empty;
}

/// The challenge of `USER_SRP_AUTH`: prove the password (docs/cognito-protocol.md §2).
pub const CHALLENGE_PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
/// A user on a temporary password (`FORCE_CHANGE_PASSWORD`, after
/// `AdminCreateUser`) must choose a new one (docs/cognito-protocol.md §1.4).
pub const CHALLENGE_NEW_PASSWORD_REQUIRED: &str = "NEW_PASSWORD_REQUIRED";

/// `ForgotPassword`: sends a code to reset the password with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgotPassword {
    /// `ClientId`: the app client.
    pub client_id: String,
    /// `Username`: whose password (here, the email).
    pub username: String,
}

/// The answer to `ForgotPassword`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForgotPasswordResponse {
    /// `CodeDeliveryDetails`: where the code went, masked (`a***@e***`).
    /// With `PreventUserExistenceErrors` an unknown user gets a pretend one.
    #[serde(default)]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

impl Operation for ForgotPassword {
    const NAME: &'static str = "ForgotPassword";
    type Output = ForgotPasswordResponse;
}

/// `ConfirmForgotPassword`: the code `ForgotPassword` sent and the new password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPassword {
    /// `ClientId`: the app client.
    pub client_id: String,
    /// `Username`: whose password.
    pub username: String,
    /// `ConfirmationCode`: the code the user received.
    pub confirmation_code: String,
    /// `Password`: the new password.
    pub password: Password,
}

impl Operation for ConfirmForgotPassword {
    const NAME: &'static str = "ConfirmForgotPassword";
    type Output = Empty;
}

/// `ChangePassword`: a signed-in user's new password, proven with the old one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePassword {
    /// `PreviousPassword`: the current password.
    pub previous_password: Password,
    /// `ProposedPassword`: the new one.
    pub proposed_password: Password,
    /// `AccessToken`: the signed-in user's access token.
    pub access_token: AccessToken,
}

impl Operation for ChangePassword {
    const NAME: &'static str = "ChangePassword";
    type Output = Empty;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Request syntax from the `SignUp` API reference example.
    #[test]
    fn sign_up_serialises_like_the_api_reference() {
        let op = SignUp {
            client_id: "1example23456789".into(),
            username: "testuser".into(),
            password: Password::new("TestPassword1!"),
            user_attributes: vec![
                AttributeType::new("email", "testuser@example.com"),
                AttributeType::new("name", "Test User"),
            ],
        };
        assert_eq!(
            serde_json::to_value(&op).unwrap(),
            json!({
                "ClientId": "1example23456789",
                "Username": "testuser",
                "Password": "TestPassword1!",
                "UserAttributes": [
                    {"Name": "email", "Value": "testuser@example.com"},
                    {"Name": "name", "Value": "Test User"}
                ]
            })
        );
    }

    /// Response example from the `SignUp` API reference.
    #[test]
    fn sign_up_response_parses_the_documented_example() {
        let r: SignUpResponse = serde_json::from_str(
            r#"{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"t***@e***"},
               "UserConfirmed":false,"UserSub":"d6d1b8a0-0000-4000-8000-1234567890ab"}"#,
        )
        .unwrap();
        assert!(!r.user_confirmed);
        let d = r.code_delivery_details.unwrap();
        assert_eq!(d.delivery_medium.as_deref(), Some("EMAIL"));
        assert_eq!(d.destination.as_deref(), Some("t***@e***"));
    }

    #[test]
    fn initiate_auth_uses_aws_flow_names_and_hides_secrets_in_debug() {
        let op = InitiateAuth {
            auth_flow: AuthFlow::UserPasswordAuth,
            auth_parameters: SecretMap::default()
                .with("USERNAME", "user@example.com")
                .with("PASSWORD", "SecurePass123!"),
            client_id: "APP_CLIENT_ID".into(),
        };
        assert_eq!(
            serde_json::to_value(&op).unwrap(),
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "AuthParameters": {"PASSWORD": "SecurePass123!", "USERNAME": "user@example.com"},
                "ClientId": "APP_CLIENT_ID"
            })
        );
        let debug = format!("{op:?}");
        assert!(!debug.contains("SecurePass123!"), "{debug}");
        assert_eq!(
            serde_json::to_value(AuthFlow::RefreshTokenAuth).unwrap(),
            json!("REFRESH_TOKEN_AUTH")
        );
    }

    #[test]
    fn initiate_auth_response_with_tokens_and_with_challenge() {
        let tokens: InitiateAuthResponse = serde_json::from_str(
            r#"{"AuthenticationResult":{"AccessToken":"a.b.c","ExpiresIn":3600,"IdToken":"d.e.f",
               "RefreshToken":"r","TokenType":"Bearer"},"ChallengeParameters":{}}"#,
        )
        .unwrap();
        let result = tokens.authentication_result.unwrap();
        assert_eq!(result.access_token.expose(), "a.b.c");
        assert_eq!(result.expires_in, Some(3600));

        let challenge: InitiateAuthResponse = serde_json::from_str(
            r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","ChallengeParameters":{},"Session":"AYABeEx"}"#,
        )
        .unwrap();
        assert_eq!(
            challenge.challenge_name.as_deref(),
            Some("SOFTWARE_TOKEN_MFA")
        );
        assert!(challenge.authentication_result.is_none());
    }

    #[test]
    fn get_user_response_reads_attributes_and_mfa_list() {
        let r: GetUserResponse = serde_json::from_str(
            r#"{"Username":"abc","UserAttributes":[{"Name":"sub","Value":"abc"},{"Name":"email","Value":"x@example.com"}],
               "UserMFASettingList":["SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#,
        )
        .unwrap();
        assert_eq!(r.attribute("email"), Some("x@example.com"));
        assert_eq!(
            r.user_mfa_setting_list,
            Some(vec!["SOFTWARE_TOKEN_MFA".to_string()])
        );
    }
    /// Request/response syntax of the AssociateSoftwareToken and
    /// VerifySoftwareToken API references.
    #[test]
    fn software_token_ops_serialise_like_the_api_reference() {
        let by_token = AssociateSoftwareToken {
            access_token: Some(AccessToken::new("a.b.c")),
            session: None,
        };
        assert_eq!(
            serde_json::to_value(&by_token).unwrap(),
            json!({"AccessToken": "a.b.c"})
        );
        let by_session = AssociateSoftwareToken {
            access_token: None,
            session: Some(ChallengeSession::new("AYABeSession")),
        };
        assert_eq!(
            serde_json::to_value(&by_session).unwrap(),
            json!({"Session": "AYABeSession"})
        );
        assert_eq!(
            <AssociateSoftwareToken as Operation>::NAME,
            "AssociateSoftwareToken"
        );
        let r: AssociateSoftwareTokenResponse = serde_json::from_str(
            r#"{"SecretCode":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP","Session":"AYABeNext"}"#,
        )
        .unwrap();
        assert_eq!(r.secret_code.expose(), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assert_eq!(r.session, Some(ChallengeSession::new("AYABeNext")));
        assert!(!format!("{r:?}").contains("JBSWY3DP"), "secret in Debug");
        let r: AssociateSoftwareTokenResponse =
            serde_json::from_str(r#"{"SecretCode":"JBSWY3DPEHPK3PXP"}"#).unwrap();
        assert_eq!(r.session, None);

        let verify = VerifySoftwareToken {
            access_token: None,
            session: Some(ChallengeSession::new("AYABeNext")),
            user_code: "123456".into(),
            friendly_device_name: Some("My phone".into()),
        };
        assert_eq!(
            serde_json::to_value(&verify).unwrap(),
            json!({"Session": "AYABeNext", "UserCode": "123456", "FriendlyDeviceName": "My phone"})
        );
        let verify = VerifySoftwareToken {
            access_token: Some(AccessToken::new("a.b.c")),
            session: None,
            user_code: "000000".into(),
            friendly_device_name: None,
        };
        assert_eq!(
            serde_json::to_value(&verify).unwrap(),
            json!({"AccessToken": "a.b.c", "UserCode": "000000"})
        );
        let ok: VerifySoftwareTokenResponse =
            serde_json::from_str(r#"{"Status":"SUCCESS","Session":"AYABeDone"}"#).unwrap();
        assert!(ok.is_success());
        assert_eq!(ok.session, Some(ChallengeSession::new("AYABeDone")));
        let err: VerifySoftwareTokenResponse =
            serde_json::from_str(r#"{"Status":"ERROR"}"#).unwrap();
        assert!(!err.is_success());
        assert_eq!(
            <VerifySoftwareToken as Operation>::NAME,
            "VerifySoftwareToken"
        );
    }

    #[test]
    fn set_user_mfa_preference_uses_the_aws_member_names() {
        let op = SetUserMfaPreference {
            access_token: AccessToken::new("a.b.c"),
            software_token_mfa_settings: Some(MfaSettings {
                enabled: true,
                preferred_mfa: true,
            }),
        };
        assert_eq!(
            serde_json::to_value(&op).unwrap(),
            json!({
                "AccessToken": "a.b.c",
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}
            })
        );
        assert_eq!(
            <SetUserMfaPreference as Operation>::NAME,
            "SetUserMFAPreference"
        );
        let debug = format!("{op:?}");
        assert!(!debug.contains("a.b.c"), "{debug}");
    }

    #[test]
    fn mfa_challenge_answers_serialise_their_responses() {
        let op = RespondToAuthChallenge {
            client_id: "c".into(),
            challenge_name: CHALLENGE_SOFTWARE_TOKEN_MFA.into(),
            session: Some(ChallengeSession::new("AYABeSession")),
            challenge_responses: SecretMap::default()
                .with("USERNAME", "u@example.com")
                .with("SOFTWARE_TOKEN_MFA_CODE", "123456"),
        };
        assert_eq!(
            serde_json::to_value(&op).unwrap(),
            json!({
                "ClientId": "c",
                "ChallengeName": "SOFTWARE_TOKEN_MFA",
                "Session": "AYABeSession",
                "ChallengeResponses": {"SOFTWARE_TOKEN_MFA_CODE": "123456", "USERNAME": "u@example.com"}
            })
        );
        let setup: InitiateAuthResponse = serde_json::from_str(
            r#"{"ChallengeName":"MFA_SETUP","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SOFTWARE_TOKEN_MFA\"]"},"Session":"AYABe"}"#,
        )
        .unwrap();
        assert_eq!(setup.challenge_name.as_deref(), Some(CHALLENGE_MFA_SETUP));
        assert_eq!(
            setup.challenge_parameters.unwrap()["MFAS_CAN_SETUP"],
            r#"["SOFTWARE_TOKEN_MFA"]"#
        );
    }

    /// Request syntax of the ForgotPassword, ConfirmForgotPassword and
    /// ChangePassword API references; passwords stay out of `Debug`.
    #[test]
    fn password_ops_serialise_like_the_api_reference() {
        let forgot = ForgotPassword {
            client_id: "c".into(),
            username: "u@example.com".into(),
        };
        assert_eq!(
            serde_json::to_value(&forgot).unwrap(),
            json!({"ClientId": "c", "Username": "u@example.com"})
        );
        assert_eq!(<ForgotPassword as Operation>::NAME, "ForgotPassword");
        let r: ForgotPasswordResponse = serde_json::from_str(
            r#"{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"u***@y***"}}"#,
        )
        .unwrap();
        assert_eq!(
            r.code_delivery_details.unwrap().destination.as_deref(),
            Some("u***@y***")
        );

        let confirm = ConfirmForgotPassword {
            client_id: "c".into(),
            username: "u@example.com".into(),
            confirmation_code: "123456".into(),
            password: Password::new("New-Passw0rd!"),
        };
        assert_eq!(
            serde_json::to_value(&confirm).unwrap(),
            json!({"ClientId": "c", "Username": "u@example.com",
                   "ConfirmationCode": "123456", "Password": "New-Passw0rd!"})
        );
        assert!(!format!("{confirm:?}").contains("New-Passw0rd!"));
        assert_eq!(
            <ConfirmForgotPassword as Operation>::NAME,
            "ConfirmForgotPassword"
        );

        let change = ChangePassword {
            previous_password: Password::new("Old-Passw0rd!"),
            proposed_password: Password::new("New-Passw0rd!"),
            access_token: AccessToken::new("a.b.c"),
        };
        assert_eq!(
            serde_json::to_value(&change).unwrap(),
            json!({"PreviousPassword": "Old-Passw0rd!", "ProposedPassword": "New-Passw0rd!",
                   "AccessToken": "a.b.c"})
        );
        let debug = format!("{change:?}");
        assert!(
            !debug.contains("Passw0rd") && !debug.contains("a.b.c"),
            "{debug}"
        );
        assert_eq!(<ChangePassword as Operation>::NAME, "ChangePassword");
    }
}
