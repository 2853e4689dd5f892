//! The IAM-authorised user administration (SigV4 check, AdminCreateUser,
//! AdminGetUser, ListUsers, AdminSetUserPassword, AdminResetUserPassword,
//! AdminDisableUser, AdminEnableUser, AdminDeleteUser) and the
//! NEW_PASSWORD_REQUIRED challenge that admin-created users meet.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cognito_emulator::config::MfaConfiguration;
use cognito_emulator::{srp, Config};
use common::*;
use serde_json::{json, Value};

const TEMP: &str = "Temporary-Passw0rd!";
const NEW: &str = "Brand-New-Passw0rd!";

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

/// The IAM-authorised operations (botocore's model: no `smithy.api#noAuth`).
const IAM_OPERATIONS: &[&str] = &[
    "AdminCreateUser",
    "AdminGetUser",
    "ListUsers",
    "AdminSetUserPassword",
    "AdminResetUserPassword",
    "AdminDisableUser",
    "AdminEnableUser",
    "AdminDeleteUser",
    "CreateGroup",
    "GetGroup",
    "ListGroups",
    "DeleteGroup",
    "AdminAddUserToGroup",
    "AdminRemoveUserFromGroup",
    "AdminListGroupsForUser",
    "ListUsersInGroup",
    "DescribeUserPoolClient",
    "UpdateUserPoolClient",
];

fn with_authorization(op: &str, authorization: Option<&str>, date: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/")
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{op}"),
        );
    if let Some(a) = authorization {
        b = b.header("authorization", a);
    }
    if let Some(d) = date {
        b = b.header("x-amz-date", d);
    }
    b.body(Body::from(
        json!({"UserPoolId": POOL_ID, "Username": ADMIN_EMAIL}).to_string(),
    ))
    .unwrap()
}

#[tokio::test]
async fn admin_operations_need_a_sigv4_signature() {
    let emu = emu();
    for op in IAM_OPERATIONS {
        let r = emu.send(with_authorization(op, None, None)).await;
        r.assert_error(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        );
        assert_eq!(
            r.header("x-amzn-errormessage"),
            "Missing Authentication Token"
        );
    }
    // Exactly the body AWS sends (its Content-Length is 89).
    let r = emu
        .send(with_authorization("AdminGetUser", None, None))
        .await;
    assert_eq!(r.text.len(), 89, "{}", r.text);

    // A browser's bearer token is no signature.
    let r = emu
        .send(with_authorization(
            "AdminGetUser",
            Some("Bearer eyJraWQiOiJ4In0"),
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["__type"], "IncompleteSignatureException");
    assert!(
        s(&r.json()["message"])
            .starts_with("Authorization header requires 'Credential' parameter."),
        "{}",
        r.text
    );
    // Signed for another service.
    let dynamo = SIGV4.replace("/cognito-idp/", "/dynamodb/");
    emu.send(with_authorization(
        "AdminGetUser",
        Some(&dynamo),
        Some(AMZ_DATE),
    ))
    .await
    .assert_error(
        "InvalidSignatureException",
        "Credential should be scoped to correct service: 'cognito-idp'. ",
    );
    // Signed, but without a date.
    let r = emu
        .send(with_authorization("AdminGetUser", Some(SIGV4), None))
        .await;
    assert_eq!(r.json()["__type"], "IncompleteSignatureException");

    // Any well-formed signature will do: there is no key store.
    let r = emu
        .send(with_authorization(
            "AdminGetUser",
            Some(SIGV4),
            Some(AMZ_DATE),
        ))
        .await;
    assert_eq!(r.ok()["UserStatus"], "CONFIRMED");
    let other_key = SIGV4.replace("Credential=local/", "Credential=AKIDEXAMPLE/");
    emu.send(with_authorization(
        "AdminGetUser",
        Some(&other_key),
        Some(AMZ_DATE),
    ))
    .await
    .ok();

    // Public operations stay unsigned.
    emu.sign_up("public@example.com").await.ok();
    emu.call(
        "ForgotPassword",
        json!({"ClientId": CLIENT_ID, "Username": "public@example.com"}),
    )
    .await
    .ok();
}

#[tokio::test]
async fn admin_create_user_sends_the_invitation() {
    let emu = emu();
    let r = emu
        .admin(
            "AdminCreateUser",
            json!({
                "UserPoolId": POOL_ID,
                "Username": "Invited@example.com",
                "TemporaryPassword": TEMP,
                "DesiredDeliveryMediums": ["EMAIL"],
                "UserAttributes": [
                    {"Name": "email_verified", "Value": "true"},
                    {"Name": "given_name", "Value": "Hana"}
                ]
            }),
        )
        .await
        .ok();
    let user = &r["User"];
    let username = s(&user["Username"]).to_owned();
    assert!(uuid::Uuid::parse_str(&username).is_ok(), "{username}");
    assert_eq!(user["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(user["Enabled"], true);
    assert!(user["UserCreateDate"].is_f64(), "epoch seconds: {user}");
    assert_eq!(user["UserCreateDate"], user["UserLastModifiedDate"]);
    assert_eq!(
        user["Attributes"],
        json!([
            {"Name": "sub", "Value": username},
            {"Name": "email", "Value": "Invited@example.com"},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "given_name", "Value": "Hana"}
        ])
    );
    assert!(user.get("MFAOptions").is_none());

    let messages = emu.state.messages();
    let invitation = messages.last().unwrap();
    assert_eq!(invitation.to, "Invited@example.com");
    assert_eq!(invitation.subject, "Your temporary password");
    assert_eq!(
        invitation.body,
        format!("Your username is Invited@example.com and temporary password is {TEMP}.")
    );
    assert_eq!(invitation.code, TEMP);

    // AdminGetUser by e-mail or by username; its list is `UserAttributes`.
    for name in ["invited@EXAMPLE.com", username.as_str()] {
        let got = emu
            .admin(
                "AdminGetUser",
                json!({"UserPoolId": POOL_ID, "Username": name}),
            )
            .await
            .ok();
        assert_eq!(got["Username"], json!(username));
        assert_eq!(got["UserAttributes"], user["Attributes"]);
        assert_eq!(got["UserStatus"], "FORCE_CHANGE_PASSWORD");
        assert_eq!(got["Enabled"], true);
        assert_eq!(got["UserCreateDate"], user["UserCreateDate"]);
        assert!(got.get("Attributes").is_none());
    }
}

#[tokio::test]
async fn a_generated_temporary_password_meets_the_policy_and_signs_in() {
    let emu = emu();
    emu.admin(
        "AdminCreateUser",
        json!({"UserPoolId": POOL_ID, "Username": "gen@example.com"}),
    )
    .await
    .ok();
    let password = emu.last_code("gen@example.com");
    let policy = &emu.state.config().pools[0].password_policy;
    assert_eq!(policy.first_violation(&password), None, "{password}");
    let r = emu.sign_in("gen@example.com", &password).await.ok();
    assert_eq!(r["ChallengeName"], "NEW_PASSWORD_REQUIRED");
}

#[tokio::test]
async fn admin_create_user_errors() {
    let emu = emu();
    emu.admin_create("taken@example.com", TEMP).await;
    let create = |body: Value| emu.admin("AdminCreateUser", body);
    create(
        json!({"UserPoolId": POOL_ID, "Username": "TAKEN@example.com", "TemporaryPassword": TEMP}),
    )
    .await
    .assert_error("UsernameExistsException", "User account already exists");
    create(json!({"UserPoolId": POOL_ID, "Username": "weak@example.com", "TemporaryPassword": "short"}))
        .await
        .assert_error(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough",
        );
    create(json!({"UserPoolId": POOL_ID, "Username": "not-an-email"}))
        .await
        .assert_error("InvalidParameterException", "Username should be an email.");
    create(json!({"UserPoolId": POOL_ID, "Username": "s@example.com",
                  "UserAttributes": [{"Name": "sub", "Value": "x"}]}))
    .await
    .assert_error(
        "NotAuthorizedException",
        "A client attempted to write unauthorized attribute",
    );
    create(json!({"UserPoolId": POOL_ID, "Username": "s@example.com",
                  "UserAttributes": [{"Name": "colour", "Value": "x"}]}))
    .await
    .assert_error(
        "InvalidParameterException",
        "Attributes did not conform to the schema: Type for attribute {colour} could not be determined",
    );
    create(json!({"UserPoolId": POOL_ID, "Username": "s@example.com",
                  "UserAttributes": [{"Name": "email_verified", "Value": "yes"}]}))
    .await
    .assert_error(
        "InvalidParameterException",
        "Invalid value for email_verified: use \"true\" or \"false\".",
    );
    let r = create(json!({"UserPoolId": POOL_ID, "Username": "s@example.com",
                          "DesiredDeliveryMediums": ["SMS"]}))
    .await;
    assert_eq!(r.json()["__type"], "InvalidParameterException");
    assert!(s(&r.json()["message"]).contains("SMS"), "{}", r.text);
    create(json!({"UserPoolId": POOL_ID, "Username": "s@example.com", "MessageAction": "SHOUT"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value 'SHOUT' at 'messageAction' failed to satisfy \
             constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]",
        );
    create(json!({"UserPoolId": "ap-northeast-1_Nope", "Username": "s@example.com"}))
        .await
        .assert_error(
            "ResourceNotFoundException",
            "User pool ap-northeast-1_Nope does not exist.",
        );
    create(json!({"UserPoolId": "nounderscore", "Username": "s@example.com"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value 'nounderscore' at 'userPoolId' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
        );
    // Nothing above was created or mailed.
    assert_eq!(emu.state.messages().len(), 0);
}

#[tokio::test]
async fn message_action_resend_and_suppress() {
    let emu = emu();
    emu.admin_create("r@example.com", TEMP).await;
    assert!(emu.state.messages().is_empty(), "SUPPRESS sends nothing");
    let resend = |body: Value| emu.admin("AdminCreateUser", body);
    let renewed = resend(json!({"UserPoolId": POOL_ID, "Username": "r@example.com",
                                "MessageAction": "RESEND"}))
    .await
    .ok();
    assert_eq!(renewed["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    let new_temporary = emu.last_code("r@example.com");
    assert_ne!(new_temporary, TEMP);
    emu.sign_in("r@example.com", TEMP)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    let r = emu.sign_in("r@example.com", &new_temporary).await.ok();
    assert_eq!(r["ChallengeName"], "NEW_PASSWORD_REQUIRED");

    resend(
        json!({"UserPoolId": POOL_ID, "Username": "ghost@example.com", "MessageAction": "RESEND"}),
    )
    .await
    .assert_error("UserNotFoundException", "User does not exist.");
    let sub = emu.confirmed_user("done@example.com").await;
    resend(
        json!({"UserPoolId": POOL_ID, "Username": "done@example.com", "MessageAction": "RESEND"}),
    )
    .await
    .assert_error(
        "UnsupportedUserStateException",
        &format!("Resend not possible. {sub} status is not FORCE_CHANGE_PASSWORD."),
    );
}

/// Signs in with the temporary password and returns the challenge.
async fn new_password_challenge(emu: &Emu, email: &str) -> Value {
    let r = emu.sign_in(email, TEMP).await.ok();
    assert_eq!(r["ChallengeName"], "NEW_PASSWORD_REQUIRED", "{r}");
    r
}

#[tokio::test]
async fn new_password_required_then_tokens() {
    let emu = emu();
    let user = emu.admin_create("np@example.com", TEMP).await;
    let username = s(&user["Username"]).to_owned();
    let challenge = new_password_challenge(&emu, "np@example.com").await;
    let session = challenge["Session"].clone();
    assert!(s(&session).len() >= 20);
    let params = &challenge["ChallengeParameters"];
    assert_eq!(params["USER_ID_FOR_SRP"], json!(username));
    // `name` is required by the seed pool and the user has none.
    assert_eq!(params["requiredAttributes"], "[\"userAttributes.name\"]");
    let attributes: Value = serde_json::from_str(s(&params["userAttributes"])).unwrap();
    assert_eq!(
        attributes,
        json!({"email": "np@example.com", "email_verified": "true"}),
        "no sub"
    );

    let respond = |responses: Value| emu.respond("NEW_PASSWORD_REQUIRED", &session, responses);
    respond(json!({"USERNAME": "np@example.com", "NEW_PASSWORD": NEW}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Invalid attributes given, name is missing",
        );
    respond(
        json!({"USERNAME": "np@example.com", "NEW_PASSWORD": "short",
                   "userAttributes.name": "N P"}),
    )
    .await
    .assert_error(
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    );
    respond(json!({"USERNAME": "np@example.com", "NEW_PASSWORD": NEW,
                   "userAttributes.name": "N P", "userAttributes.email_verified": "true"}))
    .await
    .assert_error(
        "NotAuthorizedException",
        "A client attempted to write unauthorized attribute",
    );
    respond(json!({"USERNAME": "np@example.com", "NEW_PASSWORD": NEW,
                   "userAttributes.name": "N P", "userAttributes.email": "np@example.com"}))
    .await
    .assert_error(
        "NotAuthorizedException",
        "Cannot modify an already provided email",
    );
    respond(json!({"NEW_PASSWORD": NEW, "userAttributes.name": "N P"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Missing required parameter USERNAME",
        );
    respond(json!({"USERNAME": "np@example.com", "userAttributes.name": "N P"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Missing required parameter NEW_PASSWORD",
        );

    // The internal username works too, and unknown keys (pycognito sends
    // its PASSWORD_VERIFIER answers along) are ignored.
    let r = respond(json!({
        "USERNAME": username,
        "NEW_PASSWORD": NEW,
        "userAttributes.name": "N P",
        "userAttributes.given_name": "Nao",
        "PASSWORD_CLAIM_SIGNATURE": "ignored",
        "TIMESTAMP": "Tue Nov 3 09:00:00 UTC 2026"
    }))
    .await
    .ok();
    let result = &r["AuthenticationResult"];
    let id = claims(s(&result["IdToken"]));
    assert_eq!(id["name"], "N P");
    assert_eq!(id["given_name"], "Nao");
    assert_eq!(id["cognito:username"], json!(username));
    assert!(
        id.get("cognito:groups").is_none(),
        "no PostConfirmation for admin-created users"
    );
    emu.respond(
        "NEW_PASSWORD_REQUIRED",
        &session,
        json!({"USERNAME": username, "NEW_PASSWORD": NEW, "userAttributes.name": "N P"}),
    )
    .await
    .assert_error(
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    );

    let got = emu
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": POOL_ID, "Username": "np@example.com"}),
        )
        .await
        .ok();
    assert_eq!(got["UserStatus"], "CONFIRMED");
    emu.sign_in("np@example.com", TEMP)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.sign_in("np@example.com", NEW).await.ok()["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap();
    // The SRP verifier was replaced along with the hash.
    let stored = emu.state.user(POOL_ID, &username).unwrap();
    assert_eq!(
        stored.srp.verifier,
        srp::verifier(&stored.srp.salt, "Local", &username, NEW).to_str_radix(16)
    );
}

#[tokio::test]
async fn new_password_required_sessions_are_checked() {
    let emu = emu();
    emu.admin_create("a@example.com", TEMP).await;
    emu.admin_create("b@example.com", TEMP).await;
    let challenge = new_password_challenge(&emu, "a@example.com").await;
    let session = challenge["Session"].clone();
    let ok = json!({"USERNAME": "a@example.com", "NEW_PASSWORD": NEW, "userAttributes.name": "A"});
    // Another user's name, or the session for another challenge.
    emu.respond(
        "NEW_PASSWORD_REQUIRED",
        &session,
        json!({"USERNAME": "b@example.com", "NEW_PASSWORD": NEW, "userAttributes.name": "B"}),
    )
    .await
    .assert_error("NotAuthorizedException", "Invalid session for the user.");
    emu.respond(
        "SOFTWARE_TOKEN_MFA",
        &session,
        json!({"USERNAME": "a@example.com", "SOFTWARE_TOKEN_MFA_CODE": "123456"}),
    )
    .await
    .assert_error("NotAuthorizedException", "Invalid session for the user.");
    emu.call(
        "RespondToAuthChallenge",
        json!({"ClientId": CLIENT_ID, "ChallengeName": "NEW_PASSWORD_REQUIRED",
               "ChallengeResponses": ok.clone()}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "Missing required parameter Session",
    );
    emu.state.clock().advance(181);
    emu.respond("NEW_PASSWORD_REQUIRED", &session, ok)
        .await
        .assert_error(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
        );
}

#[tokio::test]
async fn new_password_required_then_mfa_setup() {
    let mut config = Config::seed();
    config.pools[0].mfa_configuration = MfaConfiguration::On;
    let emu = emu_with(config);
    emu.admin_create("mfa@example.com", TEMP).await;
    let challenge = new_password_challenge(&emu, "mfa@example.com").await;
    let r = emu
        .respond(
            "NEW_PASSWORD_REQUIRED",
            &challenge["Session"],
            json!({"USERNAME": "mfa@example.com", "NEW_PASSWORD": NEW, "userAttributes.name": "M"}),
        )
        .await
        .ok();
    assert_eq!(r["ChallengeName"], "MFA_SETUP");
    assert_eq!(
        r["ChallengeParameters"]["MFAS_CAN_SETUP"],
        "[\"SOFTWARE_TOKEN_MFA\"]"
    );
    assert!(r.get("AuthenticationResult").is_none());
    // The new password is set: the next sign-in goes straight to MFA_SETUP.
    let again = emu.sign_in("mfa@example.com", NEW).await.ok();
    assert_eq!(again["ChallengeName"], "MFA_SETUP");
}

#[tokio::test]
async fn temporary_passwords_expire() {
    let emu = emu();
    emu.admin_create("old@example.com", TEMP).await;
    emu.state.clock().advance(7 * 86_400 - 1);
    new_password_challenge(&emu, "old@example.com").await;
    emu.state.clock().advance(1);
    emu.sign_in("old@example.com", TEMP).await.assert_error(
        "NotAuthorizedException",
        "Temporary password has expired and must be reset by an administrator.",
    );
    // A wrong password is still just wrong.
    emu.sign_in("old@example.com", "Wrong-Passw0rd!")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    // An administrator sets a new temporary password: valid again.
    emu.admin(
        "AdminSetUserPassword",
        json!({"UserPoolId": POOL_ID, "Username": "old@example.com", "Password": TEMP}),
    )
    .await
    .ok();
    new_password_challenge(&emu, "old@example.com").await;

    let mut config = Config::seed();
    config.pools[0]
        .password_policy
        .temporary_password_validity_days = 1;
    let short = emu_with(config);
    short.admin_create("day@example.com", TEMP).await;
    short.state.clock().advance(86_400);
    short.sign_in("day@example.com", TEMP).await.assert_error(
        "NotAuthorizedException",
        "Temporary password has expired and must be reset by an administrator.",
    );
}

#[tokio::test]
async fn admin_set_user_password() {
    let emu = emu();
    let sub = emu.confirmed_user("set@example.com").await;
    let set = |body: Value| emu.admin("AdminSetUserPassword", body);
    set(json!({"UserPoolId": POOL_ID, "Username": "set@example.com", "Password": NEW, "Permanent": true}))
        .await
        .ok();
    emu.sign_in("set@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.sign_in("set@example.com", NEW).await.ok()["AuthenticationResult"]["IdToken"]
        .as_str()
        .unwrap();
    let stored = emu.state.user(POOL_ID, &sub).unwrap();
    assert_eq!(
        stored.srp.verifier,
        srp::verifier(&stored.srp.salt, "Local", &sub, NEW).to_str_radix(16)
    );

    // Not permanent: a temporary password, NEW_PASSWORD_REQUIRED next.
    set(json!({"UserPoolId": POOL_ID, "Username": "set@example.com", "Password": TEMP}))
        .await
        .ok();
    let got = emu
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": POOL_ID, "Username": "set@example.com"}),
        )
        .await
        .ok();
    assert_eq!(got["UserStatus"], "FORCE_CHANGE_PASSWORD");
    new_password_challenge(&emu, "set@example.com").await;

    set(json!({"UserPoolId": POOL_ID, "Username": "set@example.com", "Password": "weak"}))
        .await
        .assert_error(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough",
        );
    set(json!({"UserPoolId": POOL_ID, "Username": "ghost@example.com", "Password": NEW}))
        .await
        .assert_error("UserNotFoundException", "User does not exist.");
    set(json!({"UserPoolId": POOL_ID, "Username": "set@example.com"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value null at 'password' failed to satisfy constraint: \
             Member must not be null",
        );

    // An unconfirmed user with a permanent password is confirmed.
    emu.sign_up("pending@example.com").await.ok();
    set(json!({"UserPoolId": POOL_ID, "Username": "pending@example.com", "Password": NEW, "Permanent": true}))
        .await
        .ok();
    emu.sign_in("pending@example.com", NEW).await.ok();
}

#[tokio::test]
async fn admin_reset_user_password_requires_a_reset() {
    let emu = emu();
    let sub = emu.confirmed_user("reset@example.com").await;
    let refresh = s(&emu.tokens("reset@example.com").await["RefreshToken"]).to_owned();
    let reset = |name: &str| {
        emu.admin(
            "AdminResetUserPassword",
            json!({"UserPoolId": POOL_ID, "Username": name}),
        )
    };
    assert_eq!(reset("reset@example.com").await.ok(), json!({}));
    let message = emu.state.messages().last().unwrap().clone();
    assert_eq!(message.subject, "Your verification code");
    assert_eq!(
        message.body,
        format!("Your verification code is {}. ", message.code)
    );
    let got = emu
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": POOL_ID, "Username": sub}),
        )
        .await
        .ok();
    assert_eq!(got["UserStatus"], "RESET_REQUIRED");

    emu.sign_in("reset@example.com", PASSWORD)
        .await
        .assert_error(
            "PasswordResetRequiredException",
            "Password reset required for the user",
        );
    emu.sign_in("reset@example.com", "Wrong-Passw0rd!")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    // Refresh tokens from before are not revoked by a reset.
    emu.refresh(&refresh).await.ok();

    emu.call(
        "ConfirmForgotPassword",
        json!({"ClientId": CLIENT_ID, "Username": "reset@example.com",
               "ConfirmationCode": message.code, "Password": NEW}),
    )
    .await
    .ok();
    emu.sign_in("reset@example.com", NEW).await.ok()["AuthenticationResult"]["IdToken"]
        .as_str()
        .unwrap();

    // Users without a password of their own, or without a verified address.
    emu.admin_create("fresh@example.com", TEMP).await;
    reset("fresh@example.com").await.assert_error(
        "NotAuthorizedException",
        "User password cannot be reset in the current state.",
    );
    emu.sign_up("unconfirmed@example.com").await.ok();
    reset("unconfirmed@example.com").await.assert_error(
        "NotAuthorizedException",
        "User password cannot be reset in the current state.",
    );
    emu.admin(
        "AdminCreateUser",
        json!({"UserPoolId": POOL_ID, "Username": "unverified@example.com",
               "TemporaryPassword": TEMP, "MessageAction": "SUPPRESS"}),
    )
    .await
    .ok();
    emu.admin(
        "AdminSetUserPassword",
        json!({"UserPoolId": POOL_ID, "Username": "unverified@example.com",
               "Password": NEW, "Permanent": true}),
    )
    .await
    .ok();
    reset("unverified@example.com").await.assert_error(
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
    );
    reset("ghost@example.com")
        .await
        .assert_error("UserNotFoundException", "User does not exist.");
}

#[tokio::test]
async fn disable_enable_and_delete() {
    let emu = emu();
    emu.confirmed_user("d@example.com").await;
    let tokens = emu.tokens("d@example.com").await;
    let (access, refresh) = (
        s(&tokens["AccessToken"]).to_owned(),
        s(&tokens["RefreshToken"]).to_owned(),
    );
    let admin = |op: &'static str| {
        emu.admin(
            op,
            json!({"UserPoolId": POOL_ID, "Username": "d@example.com"}),
        )
    };
    assert_eq!(admin("AdminDisableUser").await.ok(), json!({}));
    emu.sign_in("d@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "User is disabled.");
    emu.refresh(&refresh)
        .await
        .assert_error("NotAuthorizedException", "User is disabled.");
    emu.get_user(&access)
        .await
        .assert_error("NotAuthorizedException", "Access Token has been revoked");
    assert_eq!(admin("AdminGetUser").await.ok()["Enabled"], false);
    let listed = emu
        .admin(
            "ListUsers",
            json!({"UserPoolId": POOL_ID, "Filter": "status = \"Disabled\""}),
        )
        .await
        .ok();
    assert_eq!(listed["Users"].as_array().unwrap().len(), 1);

    assert_eq!(admin("AdminEnableUser").await.ok(), json!({}));
    emu.sign_in("d@example.com", PASSWORD).await.ok();
    // Revoked at disabling, and enabling does not bring them back.
    emu.refresh(&refresh)
        .await
        .assert_error("NotAuthorizedException", "Refresh Token has been revoked");

    let fresh = s(&emu.tokens("d@example.com").await["RefreshToken"]).to_owned();
    let r = admin("AdminDeleteUser").await;
    assert_eq!(r.ok(), json!({}));
    admin("AdminGetUser")
        .await
        .assert_error("UserNotFoundException", "User does not exist.");
    admin("AdminDeleteUser")
        .await
        .assert_error("UserNotFoundException", "User does not exist.");
    emu.sign_in("d@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.refresh(&fresh)
        .await
        .assert_error("NotAuthorizedException", "Invalid Refresh Token.");
    // The address is free again.
    emu.confirmed_user("d@example.com").await;
}

/// `Username`s of a ListUsers answer.
fn emails(body: &Value) -> Vec<String> {
    let mut v: Vec<String> = body["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            u["Attributes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["Name"] == "email")
                .map(|a| s(&a["Value"]).to_owned())
                .unwrap_or_default()
        })
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn list_users_filters_and_pages() {
    let emu = emu();
    let alice = emu.confirmed_user("alice@example.com").await;
    emu.confirmed_user("albert@example.org").await;
    emu.admin_create("bob@example.com", TEMP).await;
    let list = |body: Value| {
        let mut body = body;
        body["UserPoolId"] = json!(POOL_ID);
        emu.admin("ListUsers", body)
    };
    let all = list(json!({})).await.ok();
    assert_eq!(
        emails(&all),
        [
            "admin@example.com",
            "albert@example.org",
            "alice@example.com",
            "bob@example.com"
        ]
    );
    assert!(all.get("PaginationToken").is_none());
    let one = &all["Users"][0];
    for key in [
        "Username",
        "Attributes",
        "UserCreateDate",
        "UserLastModifiedDate",
        "Enabled",
        "UserStatus",
    ] {
        assert!(one.get(key).is_some(), "{key} in {one}");
    }

    for (filter, expected) in [
        ("email = \"alice@example.com\"", vec!["alice@example.com"]),
        ("email=\"alice@example.com\"", vec!["alice@example.com"]),
        (
            "email ^= \"al\"",
            vec!["albert@example.org", "alice@example.com"],
        ),
        ("email = \"ALICE@example.com\"", vec![]),
        (
            "cognito:user_status = \"force_change_password\"",
            vec!["bob@example.com"],
        ),
        (
            "status = \"Enabled\"",
            vec![
                "admin@example.com",
                "albert@example.org",
                "alice@example.com",
                "bob@example.com",
            ],
        ),
        (
            "name = \"山田 太郎\"",
            vec!["albert@example.org", "alice@example.com"],
        ),
        ("name = \"Local Admin\"", vec!["admin@example.com"]),
        (
            "",
            vec![
                "admin@example.com",
                "albert@example.org",
                "alice@example.com",
                "bob@example.com",
            ],
        ),
    ] {
        let r = list(json!({ "Filter": filter })).await.ok();
        assert_eq!(emails(&r), expected, "{filter}");
    }
    for filter in [
        format!("sub = \"{alice}\""),
        format!("username = \"{alice}\""),
    ] {
        let r = list(json!({ "Filter": filter })).await.ok();
        assert_eq!(emails(&r), ["alice@example.com"], "{filter}");
    }

    list(json!({"Filter": "email = alice@example.com"}))
        .await
        .assert_error("InvalidParameterException", "Error while parsing filter.");
    list(json!({"Filter": "custom:plan = \"pro\""}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Invalid search attribute: custom:plan",
        );
    list(json!({"Limit": 61})).await.assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: \
         Member must have value less than or equal to 60",
    );

    // Pages of two, each token leading to the next.
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..3 {
        let mut body = json!({"Limit": 2});
        if let Some(t) = &token {
            body["PaginationToken"] = json!(t);
        }
        let page = list(body).await.ok();
        seen.extend(emails(&page));
        token = page["PaginationToken"].as_str().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    seen.sort();
    assert_eq!(seen, emails(&all));
    assert!(token.is_none());

    let only = list(json!({"AttributesToGet": ["email"], "Filter": "email = \"bob@example.com\""}))
        .await
        .ok();
    assert_eq!(
        only["Users"][0]["Attributes"],
        json!([{"Name": "email", "Value": "bob@example.com"}])
    );
}
