//! Request building and response parsing, plus a thin client that sends
//! them through a [`Transport`].

use crate::error::{truncate, CognitoError};
use crate::flow::{answer_password_verifier, SrpNext, USER_ATTRIBUTES_PREFIX};
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::ops::*;
use crate::secret::{AccessToken, ChallengeSession, Password, RefreshToken};
use crate::srp::{cognito_timestamp, SrpSession};

/// Sent as `X-Amz-User-Agent`, as the AWS browser SDKs do (docs/cognito-protocol.md §1.1).
pub const USER_AGENT: &str = concat!("leptos-cognito/", env!("CARGO_PKG_VERSION"));

/// `https://cognito-idp.{region}.amazonaws.com/` (docs/cognito-protocol.md §1.1).
pub fn regional_endpoint(region: &str) -> String {
    service_endpoint("cognito-idp", region)
}

/// `https://{service}.{region}.amazonaws.com/`, `.com.cn` in the China
/// regions (AWS General Reference, "Service endpoints").
pub(crate) fn service_endpoint(service: &str, region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("https://{service}.{region}.{suffix}/")
}

/// The region part of a user pool id (`ap-northeast-1_AbC123` → `ap-northeast-1`).
pub fn region_of_user_pool(user_pool_id: &str) -> Option<&str> {
    region_before(user_pool_id, '_')
}

/// The non-empty part of `id` before `separator`, when something follows it:
/// user pool and identity pool ids both start with their region.
pub(crate) fn region_before(id: &str, separator: char) -> Option<&str> {
    match id.split_once(separator) {
        Some((region, rest)) if !region.is_empty() && !rest.is_empty() => Some(region),
        _ => None,
    }
}

/// The request for one operation: `POST` with the JSON 1.1 headers.
pub fn build_request<O: Operation>(endpoint: &str, operation: &O) -> HttpRequest {
    aws_json_request(
        endpoint,
        "AWSCognitoIdentityProviderService",
        O::NAME,
        operation,
    )
}

/// An unsigned awsJson 1.1 `POST` of `operation` to `{service}.{name}`: the
/// shape of every user pool and identity pool operation (§1.1, §6).
pub(crate) fn aws_json_request<T: serde::Serialize>(
    endpoint: &str,
    service: &str,
    name: &str,
    operation: &T,
) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type", "application/x-amz-json-1.1".to_owned()),
            ("X-Amz-Target", format!("{service}.{name}")),
            ("X-Amz-User-Agent", USER_AGENT.to_owned()),
            // Amplify v6 sends this too: answers carry tokens or credentials.
            ("Cache-Control", "no-store".to_owned()),
        ],
        // Serialising these plain structs cannot fail.
        body: serde_json::to_string(operation).expect("operation serialises"),
    }
}

/// Parses a response to `O`: 2xx bodies into the output shape, anything else
/// into a [`CognitoError`].
pub fn parse_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, CognitoError> {
    if !(200..300).contains(&response.status) {
        return Err(CognitoError::from_response(response));
    }
    serde_json::from_str(&response.body).map_err(|e| CognitoError::Decode {
        status: response.status,
        message: format!(
            "{} response did not parse ({e}): {}",
            O::NAME,
            truncate(&response.body, 200)
        ),
    })
}

/// A user pool app client (no secret) reached through `transport`.
#[derive(Clone, Debug)]
pub struct UserPoolClient<T> {
    transport: T,
    endpoint: String,
    client_id: String,
}

impl<T: Transport> UserPoolClient<T> {
    /// A client for the app client `client_id` at the `cognito-idp` endpoint
    /// `endpoint` (`https://cognito-idp.{region}.amazonaws.com/`, or the local
    /// emulator), sending through `transport`.
    pub fn new(transport: T, endpoint: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            transport,
            endpoint: endpoint.into(),
            client_id: client_id.into(),
        }
    }

    /// The `cognito-idp` endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The app client ID sent as `ClientId`.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Sends any operation.
    pub async fn send<O: Operation>(&self, operation: &O) -> Result<O::Output, CognitoError> {
        let request = build_request(&self.endpoint, operation);
        let response = self
            .transport
            .send(request)
            .await
            .map_err(|e| CognitoError::Transport {
                endpoint: self.endpoint.clone(),
                message: e.message,
            })?;
        parse_response::<O>(&response)
    }

    /// `SignUp`: a new user with `username` (the email), `password` and
    /// `user_attributes`, unconfirmed until `ConfirmSignUp`.
    pub async fn sign_up(
        &self,
        username: &str,
        password: &Password,
        user_attributes: Vec<AttributeType>,
    ) -> Result<SignUpResponse, CognitoError> {
        self.send(&SignUp {
            client_id: self.client_id.clone(),
            username: username.to_owned(),
            password: password.clone(),
            user_attributes,
        })
        .await
    }

    /// `ConfirmSignUp` with the code Cognito sent.
    pub async fn confirm_sign_up(&self, username: &str, code: &str) -> Result<(), CognitoError> {
        self.send(&ConfirmSignUp {
            client_id: self.client_id.clone(),
            username: username.to_owned(),
            confirmation_code: code.to_owned(),
        })
        .await
        .map(|_| ())
    }

    /// `ResendConfirmationCode`: a new sign-up code, and where it went.
    pub async fn resend_confirmation_code(
        &self,
        username: &str,
    ) -> Result<ResendConfirmationCodeResponse, CognitoError> {
        self.send(&ResendConfirmationCode {
            client_id: self.client_id.clone(),
            username: username.to_owned(),
        })
        .await
    }

    /// `InitiateAuth` with `USER_PASSWORD_AUTH`.
    pub async fn initiate_user_password_auth(
        &self,
        username: &str,
        password: &Password,
    ) -> Result<InitiateAuthResponse, CognitoError> {
        self.send(&InitiateAuth {
            auth_flow: AuthFlow::UserPasswordAuth,
            auth_parameters: SecretMap::default()
                .with("USERNAME", username)
                .with("PASSWORD", password.expose()),
            client_id: self.client_id.clone(),
        })
        .await
    }

    /// `InitiateAuth` with `USER_SRP_AUTH`: the username and `srp_a`
    /// ([`SrpSession::srp_a`]); the answer is a `PASSWORD_VERIFIER`
    /// challenge. [`Self::sign_in_with_srp`] does both steps.
    pub async fn initiate_user_srp_auth(
        &self,
        username: &str,
        srp_a: &str,
    ) -> Result<InitiateAuthResponse, CognitoError> {
        self.send(&InitiateAuth {
            auth_flow: AuthFlow::UserSrpAuth,
            auth_parameters: SecretMap::default()
                .with("USERNAME", username)
                .with("SRP_A", srp_a),
            client_id: self.client_id.clone(),
        })
        .await
    }

    /// Signs in with `USER_SRP_AUTH`, the password never sent: `InitiateAuth`
    /// with `srp`'s `SRP_A`, then the `PASSWORD_VERIFIER` answer
    /// ([`answer_password_verifier`]) signed at `epoch_seconds()`, read when
    /// the challenge has arrived. The answer is what `USER_PASSWORD_AUTH`
    /// would have given (tokens, or the next challenge), for
    /// [`crate::flow::after_sign_in`]. Use a new [`SrpSession`] for every
    /// attempt.
    pub async fn sign_in_with_srp(
        &self,
        user_pool_id: &str,
        username: &str,
        password: &Password,
        srp: &SrpSession,
        epoch_seconds: impl FnOnce() -> u64,
    ) -> Result<InitiateAuthResponse, CognitoError> {
        let challenge = self.initiate_user_srp_auth(username, srp.srp_a()).await?;
        let timestamp = cognito_timestamp(epoch_seconds());
        match answer_password_verifier(
            &self.client_id,
            user_pool_id,
            srp,
            password,
            challenge,
            &timestamp,
        )? {
            SrpNext::Respond(answer) => self.send(&answer).await,
            SrpNext::Done(response) => Ok(response),
        }
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`; the answer has no new
    /// refresh token (docs/cognito-protocol.md §1.4).
    pub async fn initiate_refresh_token_auth(
        &self,
        refresh_token: &RefreshToken,
    ) -> Result<InitiateAuthResponse, CognitoError> {
        self.send(&InitiateAuth {
            auth_flow: AuthFlow::RefreshTokenAuth,
            auth_parameters: SecretMap::default().with("REFRESH_TOKEN", refresh_token.expose()),
            client_id: self.client_id.clone(),
        })
        .await
    }

    /// `GetUser`: the signed-in user's attributes and MFA settings.
    pub async fn get_user(
        &self,
        access_token: &AccessToken,
    ) -> Result<GetUserResponse, CognitoError> {
        self.send(&GetUser {
            access_token: access_token.clone(),
        })
        .await
    }

    /// `GlobalSignOut`: revokes every refresh token of the user, on every device.
    pub async fn global_sign_out(&self, access_token: &AccessToken) -> Result<(), CognitoError> {
        self.send(&GlobalSignOut {
            access_token: access_token.clone(),
        })
        .await
        .map(|_| ())
    }

    /// `RevokeToken`: revokes `refresh_token` and the access and ID tokens
    /// minted from it; Cognito's own APIs then refuse them. Revoking twice
    /// succeeds.
    pub async fn revoke_token(&self, refresh_token: &RefreshToken) -> Result<(), CognitoError> {
        self.send(&RevokeToken {
            token: refresh_token.clone(),
            client_id: self.client_id.clone(),
        })
        .await
        .map(|_| ())
    }

    /// `AssociateSoftwareToken` for a signed-in user: a new TOTP secret,
    /// pending until `VerifySoftwareToken` accepts a code for it.
    pub async fn associate_software_token_with_access_token(
        &self,
        access_token: &AccessToken,
    ) -> Result<AssociateSoftwareTokenResponse, CognitoError> {
        self.send(&AssociateSoftwareToken {
            access_token: Some(access_token.clone()),
            session: None,
        })
        .await
    }

    /// `AssociateSoftwareToken` with the `Session` of an `MFA_SETUP`
    /// challenge; the answer's `Session` goes to `VerifySoftwareToken`.
    pub async fn associate_software_token_with_session(
        &self,
        session: &ChallengeSession,
    ) -> Result<AssociateSoftwareTokenResponse, CognitoError> {
        self.send(&AssociateSoftwareToken {
            access_token: None,
            session: Some(session.clone()),
        })
        .await
    }

    /// `VerifySoftwareToken` with exactly one of `access_token` / `session`
    /// (the core does not check; Cognito answers `InvalidParameterException`).
    pub async fn verify_software_token(
        &self,
        access_token: Option<&AccessToken>,
        session: Option<&ChallengeSession>,
        user_code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<VerifySoftwareTokenResponse, CognitoError> {
        self.send(&VerifySoftwareToken {
            access_token: access_token.cloned(),
            session: session.cloned(),
            user_code: user_code.to_owned(),
            friendly_device_name: friendly_device_name.map(str::to_owned),
        })
        .await
    }

    /// `SetUserMFAPreference` for TOTP: enabling also makes it the preferred
    /// factor (it is the only one this app offers); disabling clears both.
    pub async fn set_software_token_mfa_preference(
        &self,
        access_token: &AccessToken,
        enabled: bool,
    ) -> Result<(), CognitoError> {
        self.send(&crate::mfa::software_token_mfa_preference(
            access_token,
            enabled,
        ))
        .await
        .map(|_| ())
    }

    /// Answers `SOFTWARE_TOKEN_MFA` with the authenticator's code.
    pub async fn respond_to_software_token_mfa(
        &self,
        username: &str,
        session: &ChallengeSession,
        code: &str,
    ) -> Result<InitiateAuthResponse, CognitoError> {
        self.send(&RespondToAuthChallenge {
            client_id: self.client_id.clone(),
            challenge_name: CHALLENGE_SOFTWARE_TOKEN_MFA.to_owned(),
            session: Some(session.clone()),
            challenge_responses: SecretMap::default()
                .with("USERNAME", username)
                .with("SOFTWARE_TOKEN_MFA_CODE", code),
        })
        .await
    }

    /// Answers `NEW_PASSWORD_REQUIRED` with the new password and
    /// `attributes` (each required attribute the challenge listed; sent as
    /// `userAttributes.<name>`).
    pub async fn respond_to_new_password_required(
        &self,
        username: &str,
        session: &ChallengeSession,
        new_password: &Password,
        attributes: &[AttributeType],
    ) -> Result<InitiateAuthResponse, CognitoError> {
        let responses = attributes.iter().fold(
            SecretMap::default()
                .with("USERNAME", username)
                .with("NEW_PASSWORD", new_password.expose()),
            |map, a| map.with(&format!("{USER_ATTRIBUTES_PREFIX}{}", a.name), &a.value),
        );
        self.send(&RespondToAuthChallenge {
            client_id: self.client_id.clone(),
            challenge_name: CHALLENGE_NEW_PASSWORD_REQUIRED.to_owned(),
            session: Some(session.clone()),
            challenge_responses: responses,
        })
        .await
    }

    /// `ForgotPassword`: a code to reset the password with, and where it went.
    pub async fn forgot_password(
        &self,
        username: &str,
    ) -> Result<ForgotPasswordResponse, CognitoError> {
        self.send(&ForgotPassword {
            client_id: self.client_id.clone(),
            username: username.to_owned(),
        })
        .await
    }

    /// `ConfirmForgotPassword`: the code and the new password.
    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: &Password,
    ) -> Result<(), CognitoError> {
        self.send(&ConfirmForgotPassword {
            client_id: self.client_id.clone(),
            username: username.to_owned(),
            confirmation_code: code.to_owned(),
            password: new_password.clone(),
        })
        .await
        .map(|_| ())
    }

    /// `ChangePassword` for the signed-in user: `previous` must be the
    /// current password.
    pub async fn change_password(
        &self,
        access_token: &AccessToken,
        previous: &Password,
        proposed: &Password,
    ) -> Result<(), CognitoError> {
        self.send(&ChangePassword {
            previous_password: previous.clone(),
            proposed_password: proposed.clone(),
            access_token: access_token.clone(),
        })
        .await
        .map(|_| ())
    }

    /// Answers `MFA_SETUP` with the `Session` `VerifySoftwareToken` returned.
    pub async fn respond_to_mfa_setup(
        &self,
        username: &str,
        session: &ChallengeSession,
    ) -> Result<InitiateAuthResponse, CognitoError> {
        self.send(&RespondToAuthChallenge {
            client_id: self.client_id.clone(),
            challenge_name: CHALLENGE_MFA_SETUP.to_owned(),
            session: Some(session.clone()),
            challenge_responses: SecretMap::default().with("USERNAME", username),
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn request_has_the_json_1_1_headers_and_target() {
        let r = build_request(
            "https://cognito-idp.ap-northeast-1.amazonaws.com/",
            &ConfirmSignUp {
                client_id: "c".into(),
                username: "u@example.com".into(),
                confirmation_code: "123456".into(),
            },
        );
        assert_eq!(r.method, "POST");
        assert_eq!(r.url, "https://cognito-idp.ap-northeast-1.amazonaws.com/");
        assert!(r
            .headers
            .contains(&("Content-Type", "application/x-amz-json-1.1".into())));
        assert!(r.headers.contains(&(
            "X-Amz-Target",
            "AWSCognitoIdentityProviderService.ConfirmSignUp".into()
        )));
        assert_eq!(
            r.body,
            r#"{"ClientId":"c","Username":"u@example.com","ConfirmationCode":"123456"}"#
        );
    }

    /// Request syntax of the RevokeToken API reference.
    #[test]
    fn revoke_token_request_is_the_api_references() {
        let r = build_request(
            "https://cognito-idp.ap-northeast-1.amazonaws.com/",
            &RevokeToken {
                token: RefreshToken::new("eyJjdHkiOiJKV1Qi.a.b.c.d"),
                client_id: "1example23456789".into(),
            },
        );
        assert!(r.headers.contains(&(
            "X-Amz-Target",
            "AWSCognitoIdentityProviderService.RevokeToken".into()
        )));
        assert_eq!(
            r.body,
            r#"{"Token":"eyJjdHkiOiJKV1Qi.a.b.c.d","ClientId":"1example23456789"}"#
        );
        let debug = format!(
            "{:?}",
            RevokeToken {
                token: RefreshToken::new("secret-refresh"),
                client_id: "c".into()
            }
        );
        assert!(!debug.contains("secret-refresh"), "{debug}");
    }

    #[test]
    fn endpoints_and_regions() {
        assert_eq!(
            regional_endpoint("ap-northeast-1"),
            "https://cognito-idp.ap-northeast-1.amazonaws.com/"
        );
        assert_eq!(
            regional_endpoint("cn-north-1"),
            "https://cognito-idp.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(region_of_user_pool("us-east-1_AbC123"), Some("us-east-1"));
        assert_eq!(region_of_user_pool("nounderscore"), None);
    }

    #[test]
    fn parse_maps_success_error_and_garbage() {
        let ok = HttpResponse {
            status: 200,
            headers: vec![],
            body: "{}".into(),
        };
        assert_eq!(parse_response::<GlobalSignOut>(&ok), Ok(Empty {}));

        let err = HttpResponse {
            status: 400,
            headers: vec![],
            body: r#"{"__type":"ExpiredCodeException","message":"Invalid code provided, please request a code again."}"#.into(),
        };
        assert_eq!(
            parse_response::<ConfirmSignUp>(&err).unwrap_err().kind(),
            Some(&ErrorKind::ExpiredCode)
        );

        let garbage = HttpResponse {
            status: 200,
            headers: vec![],
            body: "not json".into(),
        };
        assert!(matches!(
            parse_response::<SignUp>(&garbage),
            Err(CognitoError::Decode { status: 200, .. })
        ));
    }

    /// A transport that answers from a script, in order, and records each
    /// request as `"<Operation> <body>"`.
    #[cfg(not(target_arch = "wasm32"))]
    #[derive(Default)]
    struct Scripted {
        answers: std::cell::RefCell<Vec<(u16, String)>>,
        sent: std::cell::RefCell<Vec<String>>,
    }

    #[cfg(not(target_arch = "wasm32"))]
    impl Transport for &Scripted {
        async fn send(
            &self,
            request: HttpRequest,
        ) -> Result<HttpResponse, crate::http::TransportError> {
            let target = request
                .headers
                .iter()
                .find(|(name, _)| *name == "X-Amz-Target")
                .map(|(_, v)| v.trim_start_matches("AWSCognitoIdentityProviderService."))
                .unwrap_or_default()
                .to_owned();
            self.sent
                .borrow_mut()
                .push(format!("{target} {}", request.body));
            let (status, body) = self.answers.borrow_mut().remove(0);
            Ok(HttpResponse {
                status,
                headers: vec![],
                body,
            })
        }
    }

    /// `sign_in_with_srp` sends SRP_A, reads the clock only once the
    /// challenge is in, and answers it with the known-answer signature; the
    /// PASSWORD_VERIFIER answer's answer is what the caller gets.
    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    async fn srp_sign_in_answers_the_password_verifier_in_the_same_call() {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/srp_vectors.json")).unwrap();
        let v = &fixture["vectors"][0];
        let field = |k: &str| v[k].as_str().unwrap().to_owned();
        let a_hex = field("a");
        let a: Vec<u8> = (0..a_hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&a_hex[i..i + 2], 16).unwrap())
            .collect();
        let srp = SrpSession::new(&a).unwrap();
        let challenge = serde_json::json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {"USER_ID_FOR_SRP": field("user_id"), "USERNAME": field("user_id"),
                "SALT": field("salt"), "SRP_B": field("srp_b"), "SECRET_BLOCK": field("secret_block")}
        });
        let scripted = Scripted::default();
        *scripted.answers.borrow_mut() = vec![
            (200, challenge.to_string()),
            (
                200,
                r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s1","ChallengeParameters":{}}"#
                    .into(),
            ),
        ];
        let client = UserPoolClient::new(&scripted, "http://127.0.0.1:9229/", "c");
        let sent_before_clock = std::cell::Cell::new(0);
        let answer = client
            .sign_in_with_srp(
                &field("pool_id"),
                "typed@example.com",
                &Password::new(field("password")),
                &srp,
                || {
                    sent_before_clock.set(scripted.sent.borrow().len());
                    v["epoch"].as_u64().unwrap()
                },
            )
            .await
            .unwrap();
        assert_eq!(answer.challenge_name.as_deref(), Some("SOFTWARE_TOKEN_MFA"));
        assert_eq!(
            sent_before_clock.get(),
            1,
            "the clock is read after InitiateAuth"
        );
        let sent = scripted.sent.take();
        assert_eq!(
            sent[0],
            format!(
                r#"InitiateAuth {{"AuthFlow":"USER_SRP_AUTH","AuthParameters":{{"SRP_A":"{}","USERNAME":"typed@example.com"}},"ClientId":"c"}}"#,
                field("srp_a")
            )
        );
        let respond: serde_json::Value =
            serde_json::from_str(sent[1].strip_prefix("RespondToAuthChallenge ").unwrap()).unwrap();
        assert_eq!(
            respond,
            serde_json::json!({
                "ClientId": "c",
                "ChallengeName": "PASSWORD_VERIFIER",
                "ChallengeResponses": {
                    "USERNAME": field("user_id"),
                    "PASSWORD_CLAIM_SECRET_BLOCK": field("secret_block"),
                    "PASSWORD_CLAIM_SIGNATURE": field("signature"),
                    "TIMESTAMP": field("timestamp"),
                }
            })
        );

        // InitiateAuth's own error ends the call before any answer.
        let scripted = Scripted::default();
        *scripted.answers.borrow_mut() = vec![(
            400,
            r#"{"__type":"InvalidParameterException","message":"USER_SRP_AUTH flow not enabled for this client"}"#
                .into(),
        )];
        let client = UserPoolClient::new(&scripted, "http://127.0.0.1:9229/", "c");
        let error = client
            .sign_in_with_srp(&field("pool_id"), "u", &Password::new("p"), &srp, || {
                panic!("no clock without a challenge")
            })
            .await
            .unwrap_err();
        assert_eq!(error.kind(), Some(&ErrorKind::InvalidParameter));
        assert_eq!(scripted.sent.borrow().len(), 1);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[tokio::test]
    async fn the_new_password_answer_names_the_attributes_with_their_prefix() {
        let scripted = Scripted::default();
        *scripted.answers.borrow_mut() = vec![(
            200,
            r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i"}}"#.into(),
        )];
        let client = UserPoolClient::new(&scripted, "http://127.0.0.1:9229/", "c");
        client
            .respond_to_new_password_required(
                "u@example.com",
                &ChallengeSession::new("np"),
                &Password::new("New-Passw0rd!"),
                &[AttributeType::new("name", "Hanako")],
            )
            .await
            .unwrap();
        let sent = scripted.sent.take();
        let body: serde_json::Value =
            serde_json::from_str(sent[0].strip_prefix("RespondToAuthChallenge ").unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "ClientId": "c",
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "Session": "np",
                "ChallengeResponses": {
                    "USERNAME": "u@example.com",
                    "NEW_PASSWORD": "New-Passw0rd!",
                    "userAttributes.name": "Hanako",
                }
            })
        );
    }
}
