//! The events Cognito sends to each trigger (Developer Guide, "Customizing
//! user pool workflows with Lambda triggers": the common parameters; and the
//! page of each trigger for its `request` and `response`).
//!
//! Common to all: `version`, `triggerSource`, `region`, `userPoolId`,
//! `userName`, `callerContext` {`awsSdkVersion`, `clientId`}, `request`,
//! `response`. Choices where the guide says nothing:
//! * `callerContext.awsSdkVersion` is `aws-sdk-unknown-unknown`, what
//!   Cognito reports for callers it cannot name; `clientId` is
//!   `CLIENT_ID_NOT_APPLICABLE` for operations without an app client
//!   (`AdminCreateUser`, `AdminResetUserPassword`), as real events show.
//! * `request.userAttributes` are strings (`"email_verified": "true"`) and,
//!   for a user who exists, include `sub` and `cognito:user_status`.
//! * `clientMetadata` is present only when the operation was given
//!   `ClientMetadata`; `validationData` is null when none was given.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::lambda_config::LambdaVersion;
use crate::groups::GroupClaims;
use crate::store::User;

/// What Cognito reports when it cannot name the caller's SDK.
const AWS_SDK_VERSION: &str = "aws-sdk-unknown-unknown";
/// `callerContext.clientId` of an operation without an app client.
const NO_CLIENT: &str = "CLIENT_ID_NOT_APPLICABLE";
/// `codeParameter`: where the code goes in a custom message.
pub(crate) const CODE_PARAMETER: &str = "{####}";
/// `usernameParameter` of an `AdminCreateUser` invitation.
pub(crate) const USERNAME_PARAMETER: &str = "{username}";
/// `linkParameter` (a link in verification messages; the emulator sends
/// codes, so it is passed through for handlers that read it).
const LINK_PARAMETER: &str = "{##Click Here##}";

/// The `triggerSource` values the emulator sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    PreSignUpSignUp,
    PreSignUpAdminCreateUser,
    PreSignUpExternalProvider,
    PostConfirmationConfirmSignUp,
    PostConfirmationConfirmForgotPassword,
    PreAuthentication,
    PostAuthentication,
    TokenGenerationHostedAuth,
    TokenGenerationAuthentication,
    TokenGenerationNewPasswordChallenge,
    TokenGenerationRefreshTokens,
    CustomMessageSignUp,
    CustomMessageAdminCreateUser,
    CustomMessageResendCode,
    CustomMessageForgotPassword,
}

impl Source {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Source::PreSignUpSignUp => "PreSignUp_SignUp",
            Source::PreSignUpAdminCreateUser => "PreSignUp_AdminCreateUser",
            Source::PreSignUpExternalProvider => "PreSignUp_ExternalProvider",
            Source::PostConfirmationConfirmSignUp => "PostConfirmation_ConfirmSignUp",
            Source::PostConfirmationConfirmForgotPassword => {
                "PostConfirmation_ConfirmForgotPassword"
            }
            Source::PreAuthentication => "PreAuthentication_Authentication",
            Source::PostAuthentication => "PostAuthentication_Authentication",
            Source::TokenGenerationHostedAuth => "TokenGeneration_HostedAuth",
            Source::TokenGenerationAuthentication => "TokenGeneration_Authentication",
            Source::TokenGenerationNewPasswordChallenge => "TokenGeneration_NewPasswordChallenge",
            Source::TokenGenerationRefreshTokens => "TokenGeneration_RefreshTokens",
            Source::CustomMessageSignUp => "CustomMessage_SignUp",
            Source::CustomMessageAdminCreateUser => "CustomMessage_AdminCreateUser",
            Source::CustomMessageResendCode => "CustomMessage_ResendCode",
            Source::CustomMessageForgotPassword => "CustomMessage_ForgotPassword",
        }
    }
}

/// Who an event is about and for which call.
pub(crate) struct Envelope<'a> {
    pub source: Source,
    pub pool_id: &'a str,
    /// The user's internal username (a UUID in pools that sign in by
    /// e-mail; `{Provider}_{id}` for federated users); for an unknown user
    /// at pre authentication, the name that was typed.
    pub user_name: &'a str,
    /// The app client, `None` for administrator operations.
    pub client_id: Option<&'a str>,
    pub client_metadata: Option<&'a BTreeMap<String, String>>,
}

impl Envelope<'_> {
    fn event(&self, version: &str, mut request: Map<String, Value>, response: Value) -> Value {
        if let Some(metadata) = self.client_metadata {
            request.insert("clientMetadata".into(), json!(metadata));
        }
        // The region is the part of the pool id before the underscore.
        let region = self.pool_id.split('_').next().unwrap_or_default();
        json!({
            "version": version,
            "triggerSource": self.source.as_str(),
            "region": region,
            "userPoolId": self.pool_id,
            "userName": self.user_name,
            "callerContext": {
                "awsSdkVersion": AWS_SDK_VERSION,
                "clientId": self.client_id.unwrap_or(NO_CLIENT),
            },
            "request": request,
            "response": response,
        })
    }
}

/// A stored user's attributes as triggers see them.
pub(crate) fn user_attributes(user: &User) -> Map<String, Value> {
    let mut attributes: Map<String, Value> = user
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    attributes.insert("sub".into(), json!(user.sub));
    attributes.insert("cognito:user_status".into(), json!(user.status_name()));
    attributes
}

fn string_map(map: Option<&BTreeMap<String, String>>) -> Value {
    map.map_or(Value::Null, |m| json!(m))
}

fn request(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Pre sign-up: the attributes of the user about to be created.
pub(crate) fn pre_sign_up(
    envelope: &Envelope<'_>,
    attributes: &BTreeMap<String, String>,
    validation_data: Option<&BTreeMap<String, String>>,
) -> Value {
    envelope.event(
        "1",
        request(vec![
            ("userAttributes", json!(attributes)),
            ("validationData", string_map(validation_data)),
        ]),
        json!({ "autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false }),
    )
}

/// Post confirmation: the confirmed user.
pub(crate) fn post_confirmation(envelope: &Envelope<'_>, user: &User) -> Value {
    envelope.event(
        "1",
        request(vec![("userAttributes", json!(user_attributes(user)))]),
        json!({}),
    )
}

/// Pre authentication: `user` is `None` for a name nobody has (sent only
/// when the app client hides user existence, which is when
/// `userNotFound` is given at all).
pub(crate) fn pre_authentication(
    envelope: &Envelope<'_>,
    user: Option<&User>,
    validation_data: Option<&BTreeMap<String, String>>,
    user_not_found: Option<bool>,
) -> Value {
    let mut req = request(vec![
        (
            "userAttributes",
            json!(user.map(user_attributes).unwrap_or_default()),
        ),
        ("validationData", string_map(validation_data)),
    ]);
    if let Some(not_found) = user_not_found {
        req.insert("userNotFound".into(), json!(not_found));
    }
    envelope.event("1", req, json!({}))
}

/// Post authentication: the signed-in user (the emulator tracks no
/// devices, so `newDeviceUsed` is false).
pub(crate) fn post_authentication(envelope: &Envelope<'_>, user: &User) -> Value {
    envelope.event(
        "1",
        request(vec![
            ("userAttributes", json!(user_attributes(user))),
            ("newDeviceUsed", json!(false)),
        ]),
        json!({}),
    )
}

/// Pre token generation: the user's attributes and group claims; V2 adds
/// the access token's scopes.
pub(crate) fn pre_token_generation(
    envelope: &Envelope<'_>,
    version: LambdaVersion,
    user: &User,
    groups: &GroupClaims,
    scopes: &[String],
) -> Value {
    let mut req = request(vec![
        ("userAttributes", json!(user_attributes(user))),
        (
            "groupConfiguration",
            json!({
                "groupsToOverride": groups.groups,
                "iamRolesToOverride": groups.roles,
                "preferredRole": groups.preferred_role,
            }),
        ),
    ]);
    let response = match version {
        LambdaVersion::V1 => json!({ "claimsOverrideDetails": null }),
        LambdaVersion::V2 => {
            req.insert("scopes".into(), json!(scopes));
            json!({ "claimsAndScopeOverrideDetails": null })
        }
    };
    envelope.event(version.event_version(), req, response)
}

/// Custom message: the recipient's attributes and the placeholders the
/// message must contain.
pub(crate) fn custom_message(
    envelope: &Envelope<'_>,
    attributes: Map<String, Value>,
    with_username: bool,
) -> Value {
    envelope.event(
        "1",
        request(vec![
            ("userAttributes", Value::Object(attributes)),
            ("codeParameter", json!(CODE_PARAMETER)),
            ("linkParameter", json!(LINK_PARAMETER)),
            (
                "usernameParameter",
                if with_username {
                    json!(USERNAME_PARAMETER)
                } else {
                    Value::Null
                },
            ),
        ]),
        json!({ "smsMessage": null, "emailMessage": null, "emailSubject": null }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SrpVerifier, UserStatus};

    fn user() -> User {
        User::new(
            "0b9a-uuid".into(),
            "0b9a-uuid".into(),
            UserStatus::Confirmed,
            BTreeMap::from([
                ("email".to_owned(), "taro@example.com".to_owned()),
                ("email_verified".to_owned(), "true".to_owned()),
                ("name".to_owned(), "山田 太郎".to_owned()),
            ]),
            String::new(),
            SrpVerifier {
                salt: String::new(),
                verifier: String::new(),
            },
            0,
        )
    }

    fn envelope(source: Source) -> Envelope<'static> {
        Envelope {
            source,
            pool_id: "ap-northeast-1_Local",
            user_name: "0b9a-uuid",
            client_id: Some("localclient"),
            client_metadata: None,
        }
    }

    #[test]
    fn the_common_parameters() {
        let metadata = BTreeMap::from([("k".to_owned(), "v".to_owned())]);
        let e = Envelope {
            client_metadata: Some(&metadata),
            client_id: None,
            ..envelope(Source::PostConfirmationConfirmSignUp)
        };
        let event = post_confirmation(&e, &user());
        assert_eq!(
            event,
            json!({
                "version": "1",
                "triggerSource": "PostConfirmation_ConfirmSignUp",
                "region": "ap-northeast-1",
                "userPoolId": "ap-northeast-1_Local",
                "userName": "0b9a-uuid",
                "callerContext": {
                    "awsSdkVersion": "aws-sdk-unknown-unknown",
                    "clientId": "CLIENT_ID_NOT_APPLICABLE",
                },
                "request": {
                    "userAttributes": {
                        "sub": "0b9a-uuid",
                        "cognito:user_status": "CONFIRMED",
                        "email": "taro@example.com",
                        "email_verified": "true",
                        "name": "山田 太郎",
                    },
                    "clientMetadata": {"k": "v"},
                },
                "response": {},
            })
        );
    }

    #[test]
    fn pre_sign_up_and_pre_authentication_requests() {
        let attrs = BTreeMap::from([("email".to_owned(), "a@example.com".to_owned())]);
        let event = pre_sign_up(&envelope(Source::PreSignUpSignUp), &attrs, None);
        assert_eq!(
            event["request"],
            json!({"userAttributes": {"email": "a@example.com"}, "validationData": null})
        );
        assert_eq!(
            event["response"],
            json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false})
        );
        let event = pre_authentication(
            &envelope(Source::PreAuthentication),
            None,
            Some(&attrs),
            Some(true),
        );
        assert_eq!(
            event["request"],
            json!({"userAttributes": {}, "validationData": {"email": "a@example.com"}, "userNotFound": true})
        );
        assert_eq!(event["triggerSource"], "PreAuthentication_Authentication");
    }

    #[test]
    fn pre_token_generation_versions() {
        let groups = GroupClaims {
            groups: vec!["users".into()],
            roles: vec![],
            preferred_role: None,
        };
        let scopes = vec!["aws.cognito.signin.user.admin".to_owned()];
        let e = envelope(Source::TokenGenerationAuthentication);
        let v1 = pre_token_generation(&e, LambdaVersion::V1, &user(), &groups, &scopes);
        assert_eq!(v1["version"], "1");
        assert_eq!(
            v1["request"]["groupConfiguration"],
            json!({"groupsToOverride": ["users"], "iamRolesToOverride": [], "preferredRole": null})
        );
        assert!(v1["request"].get("scopes").is_none());
        assert_eq!(v1["response"], json!({"claimsOverrideDetails": null}));
        let v2 = pre_token_generation(&e, LambdaVersion::V2, &user(), &groups, &scopes);
        assert_eq!(v2["version"], "2");
        assert_eq!(v2["request"]["scopes"], json!(scopes));
        assert_eq!(
            v2["response"],
            json!({"claimsAndScopeOverrideDetails": null})
        );
    }

    #[test]
    fn custom_message_placeholders() {
        let e = envelope(Source::CustomMessageAdminCreateUser);
        let event = custom_message(&e, user_attributes(&user()), true);
        assert_eq!(event["request"]["codeParameter"], "{####}");
        assert_eq!(event["request"]["usernameParameter"], "{username}");
        let event = custom_message(&e, Map::new(), false);
        assert_eq!(event["request"]["usernameParameter"], Value::Null);
        assert_eq!(
            event["response"],
            json!({"smsMessage": null, "emailMessage": null, "emailSubject": null})
        );
    }
}
