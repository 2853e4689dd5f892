//! Lambda triggers against a test Invoke API ([`fake_lambda`]): the events
//! each operation sends, how each answer field is applied, and the errors
//! for a function that raises, times out, answers malformed JSON or cannot
//! be reached (Developer Guide, "Customizing user pool workflows with
//! Lambda triggers" and the page of each trigger).

mod common;
mod fake_lambda;

use std::time::{Duration, Instant};

use cognito_emulator::triggers::{LambdaConfig, LambdaVersion, PreTokenGenerationConfig};
use cognito_emulator::{AppState, Config};
use common::*;
use fake_lambda::{answer, arn, unchanged, FakeLambda, Reply};
use serde_json::{json, Value};

/// The seed configuration with the fake Lambda as endpoint and these
/// triggers.
fn config(lambda: &FakeLambda, triggers: LambdaConfig) -> Config {
    let mut config = Config::seed();
    config.lambda_endpoint = Some(lambda.url.clone());
    config.pools[0].lambda_config = triggers;
    config
}

fn pre_sign_up(name: &str) -> LambdaConfig {
    LambdaConfig {
        pre_sign_up: Some(arn(name)),
        ..LambdaConfig::default()
    }
}

async fn sign_up_with(emu: &Emu, email: &str, extra: Value) -> Resp {
    let mut body = json!({
        "ClientId": CLIENT_ID,
        "Username": email,
        "Password": PASSWORD,
        "UserAttributes": [
            {"Name": "email", "Value": email},
            {"Name": "name", "Value": "山田 太郎"}
        ],
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    emu.call("SignUp", body).await
}

// ------------------------------------------------------------- PreSignUp

#[tokio::test]
async fn pre_sign_up_gets_the_documented_event_and_can_refuse() {
    let lambda = FakeLambda::start().await;
    lambda.on("PreSignUpFunction", |event| {
        let email = event["request"]["userAttributes"]["email"]
            .as_str()
            .unwrap();
        if email.ends_with("@example.com") {
            unchanged(event)
        } else {
            Reply::Raise("Only @example.com emails allowed".into())
        }
    });
    let emu = emu_with(config(&lambda, pre_sign_up("PreSignUpFunction")));

    let refused = sign_up_with(
        &emu,
        "jiro@other.org",
        json!({
            "ValidationData": [{"Name": "invite", "Value": "abc"}],
            "ClientMetadata": {"source": "web"},
        }),
    )
    .await;
    refused.assert_error(
        "UserLambdaValidationException",
        "PreSignUp failed with error Only @example.com emails allowed.",
    );
    // Nothing was created, no code sent.
    assert!(emu.state.user(POOL_ID, "jiro@other.org").is_none());
    assert!(emu.state.messages().is_empty());

    let event = lambda.only_event("PreSignUpFunction");
    let user_name = event["userName"].as_str().unwrap();
    assert!(uuid_like(user_name), "{user_name}");
    assert_eq!(
        event,
        json!({
            "version": "1",
            "triggerSource": "PreSignUp_SignUp",
            "region": "ap-northeast-1",
            "userPoolId": POOL_ID,
            "userName": user_name,
            "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": CLIENT_ID},
            "request": {
                "userAttributes": {"email": "jiro@other.org", "name": "山田 太郎"},
                "validationData": {"invite": "abc"},
                "clientMetadata": {"source": "web"},
            },
            "response": {"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false},
        })
    );
    assert_eq!(
        lambda.calls()[0].invocation_type.as_deref(),
        Some("RequestResponse")
    );

    // Accepted: the user exists, unconfirmed, under the userName the
    // function saw.
    let ok = emu.sign_up("taro@example.com").await.ok();
    assert_eq!(ok["UserConfirmed"], false);
    let event = &lambda.events("PreSignUpFunction")[1];
    assert_eq!(ok["UserSub"], event["userName"]);
    assert_eq!(event["request"]["validationData"], Value::Null);
    assert!(event["request"].get("clientMetadata").is_none());
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn pre_sign_up_answers_confirm_and_verify() {
    let lambda = FakeLambda::start().await;
    lambda.on("AutoConfirm", |event| {
        let phone = event["request"]["userAttributes"]
            .get("phone_number")
            .is_some();
        answer(
            event,
            json!({"autoConfirmUser": true, "autoVerifyEmail": true, "autoVerifyPhone": phone}),
        )
    });
    let emu = emu_with(config(&lambda, pre_sign_up("AutoConfirm")));

    let r = emu.sign_up("hanako@example.com").await.ok();
    assert_eq!(r["UserConfirmed"], true);
    assert!(r.get("CodeDeliveryDetails").is_none());
    assert!(emu.state.messages().is_empty(), "no code is sent");
    let user = emu.state.user(POOL_ID, "hanako@example.com").unwrap();
    assert_eq!(user.status_name(), "CONFIRMED");
    assert_eq!(user.attributes["email_verified"], "true");
    assert!(!user.attributes.contains_key("phone_number_verified"));
    // Signs in at once.
    let tokens = emu.tokens("hanako@example.com").await;
    assert_eq!(
        claims(tokens["IdToken"].as_str().unwrap())["email_verified"],
        true
    );

    let r = sign_up_with(
        &emu,
        "phone@example.com",
        json!({"UserAttributes": [
            {"Name": "email", "Value": "phone@example.com"},
            {"Name": "name", "Value": "P"},
            {"Name": "phone_number", "Value": "+819012345678"},
        ]}),
    )
    .await
    .ok();
    assert_eq!(r["UserConfirmed"], true);
    let user = emu.state.user(POOL_ID, "phone@example.com").unwrap();
    assert_eq!(user.attributes["phone_number_verified"], "true");

    // autoVerifyPhone without a phone number: an error, nothing created.
    lambda.on("AutoConfirm", |event| {
        answer(
            event,
            json!({"autoConfirmUser": true, "autoVerifyPhone": true}),
        )
    });
    let r = emu.sign_up("nophone@example.com").await;
    assert_eq!(
        r.json()["__type"],
        "InvalidParameterException",
        "{}",
        r.text
    );
    assert!(emu.state.user(POOL_ID, "nophone@example.com").is_none());
}

#[tokio::test]
async fn a_pre_sign_up_function_replaces_the_built_in_rules() {
    let lambda = FakeLambda::start().await;
    lambda.on("Anyone", unchanged);
    let mut config = config(&lambda, pre_sign_up("Anyone"));
    config.pools[0].pre_sign_up.allowed_email_domains = vec!["example.com".into()];
    config.pools[0].pre_sign_up.auto_confirm = true;
    let emu = emu_with(config);
    // The built-in domain rule would refuse this, and auto-confirm it.
    let r = emu.sign_up("someone@other.org").await.ok();
    assert_eq!(r["UserConfirmed"], false);
    assert_eq!(lambda.events("Anyone").len(), 1);
}

#[tokio::test]
async fn admin_create_user_runs_pre_sign_up_and_ignores_its_flags() {
    let lambda = FakeLambda::start().await;
    lambda.on("Gate", |event| {
        if event["request"]["userAttributes"]["email"] == "blocked@example.com" {
            Reply::Raise("Blocked by policy".into())
        } else {
            answer(event, json!({"autoConfirmUser": true}))
        }
    });
    let emu = emu_with(config(&lambda, pre_sign_up("Gate")));
    let create = |email: &'static str| {
        json!({
            "UserPoolId": POOL_ID,
            "Username": email,
            "TemporaryPassword": "Temp-Passw0rd!",
            "MessageAction": "SUPPRESS",
            "ValidationData": [{"Name": "by", "Value": "ops"}],
        })
    };
    emu.admin("AdminCreateUser", create("blocked@example.com"))
        .await
        .assert_error(
            "UserLambdaValidationException",
            "PreSignUp failed with error Blocked by policy.",
        );
    assert!(emu.state.user(POOL_ID, "blocked@example.com").is_none());

    let created = emu
        .admin("AdminCreateUser", create("new@example.com"))
        .await
        .ok();
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    let event = &lambda.events("Gate")[1];
    assert_eq!(event["triggerSource"], "PreSignUp_AdminCreateUser");
    assert_eq!(
        event["callerContext"]["clientId"],
        "CLIENT_ID_NOT_APPLICABLE"
    );
    assert_eq!(event["userName"], created["User"]["Username"]);
    assert_eq!(event["request"]["validationData"], json!({"by": "ops"}));
}

// ------------------------------------------------------- PostConfirmation

#[tokio::test]
async fn post_confirmation_runs_after_confirm_sign_up_and_its_failure_leaves_the_user_confirmed() {
    let lambda = FakeLambda::start().await;
    lambda.on("Store", unchanged);
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            post_confirmation: Some(arn("Store")),
            ..LambdaConfig::default()
        },
    ));
    let sub = emu.sign_up("taro@example.com").await.ok()["UserSub"].clone();
    assert!(lambda.calls().is_empty(), "not before confirmation");
    emu.call(
        "ConfirmSignUp",
        json!({
            "ClientId": CLIENT_ID,
            "Username": "taro@example.com",
            "ConfirmationCode": emu.last_code("taro@example.com"),
            "ClientMetadata": {"plan": "free"},
        }),
    )
    .await
    .ok();
    let event = lambda.only_event("Store");
    assert_eq!(event["triggerSource"], "PostConfirmation_ConfirmSignUp");
    assert_eq!(event["userName"], sub);
    assert_eq!(
        event["request"],
        json!({
            "userAttributes": {
                "sub": sub,
                "cognito:user_status": "CONFIRMED",
                "email": "taro@example.com",
                "email_verified": "true",
                "name": "山田 太郎",
            },
            "clientMetadata": {"plan": "free"},
        })
    );
    assert_eq!(event["response"], json!({}));
    // The function runs instead of the built-in default group.
    let user = emu.state.user(POOL_ID, "taro@example.com").unwrap();
    assert!(user.groups.is_empty(), "{:?}", user.groups);

    lambda.on("Store", |_| Reply::Raise("DynamoDB is unavailable".into()));
    emu.sign_up("jiro@example.com").await.ok();
    emu.confirm("jiro@example.com", &emu.last_code("jiro@example.com"))
        .await
        .assert_error(
            "UserLambdaValidationException",
            "PostConfirmation failed with error DynamoDB is unavailable.",
        );
    let user = emu.state.user(POOL_ID, "jiro@example.com").unwrap();
    assert_eq!(user.status_name(), "CONFIRMED");
    emu.tokens("jiro@example.com").await;
}

#[tokio::test]
async fn post_confirmation_after_auto_confirm_and_forgot_password() {
    let lambda = FakeLambda::start().await;
    lambda.on("Confirm", |e| {
        answer(e, json!({"autoConfirmUser": true, "autoVerifyEmail": true}))
    });
    lambda.on("Store", unchanged);
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            pre_sign_up: Some(arn("Confirm")),
            post_confirmation: Some(arn("Store")),
            ..LambdaConfig::default()
        },
    ));
    emu.sign_up("auto@example.com").await.ok();
    let event = lambda.only_event("Store");
    assert_eq!(event["triggerSource"], "PostConfirmation_ConfirmSignUp");

    emu.call(
        "ForgotPassword",
        json!({"ClientId": CLIENT_ID, "Username": "auto@example.com"}),
    )
    .await
    .ok();
    lambda.on("Store", |_| Reply::Raise("audit log full".into()));
    emu.call(
        "ConfirmForgotPassword",
        json!({
            "ClientId": CLIENT_ID,
            "Username": "auto@example.com",
            "ConfirmationCode": emu.last_code("auto@example.com"),
            "Password": "Another-Horse-7",
        }),
    )
    .await
    .assert_error(
        "UserLambdaValidationException",
        "PostConfirmation failed with error audit log full.",
    );
    let event = &lambda.events("Store")[1];
    assert_eq!(
        event["triggerSource"],
        "PostConfirmation_ConfirmForgotPassword"
    );
    // The new password stands.
    emu.sign_in("auto@example.com", "Another-Horse-7")
        .await
        .ok();
}

/// `POST /` to a running emulator, IAM-signed when `signed`.
async fn post(base: &str, op: &str, body: Value, signed: bool) -> Value {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/"))
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{op}"),
        );
    if signed {
        request = request
            .header("x-amz-date", AMZ_DATE)
            .header("authorization", SIGV4);
    }
    let response = request.body(body.to_string()).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{op}: {status} {text}");
    serde_json::from_str(&text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trigger_can_call_the_emulator_back() {
    // Triggers run outside the emulator's lock: a PostConfirmation function
    // that adds the user to a group through the API (the Cognito guide's
    // groups pattern) neither deadlocks nor is lost.
    let lambda = FakeLambda::start().await;
    let dir = data_dir();
    let emulator = cognito_emulator::spawn(
        config(
            &lambda,
            LambdaConfig {
                post_confirmation: Some(arn("AddToGroup")),
                ..LambdaConfig::default()
            },
        ),
        dir.path().to_owned(),
    )
    .await
    .unwrap();
    let base = emulator.base_url.clone();
    lambda.on("AddToGroup", move |event| {
        let (event, base) = (event.clone(), base.clone());
        Reply::Then(Box::pin(async move {
            let body = json!({
                "UserPoolId": POOL_ID,
                "Username": event["userName"],
                "GroupName": "admin",
            });
            post(&base, "AdminAddUserToGroup", body, true).await;
            unchanged(&event)
        }))
    });
    let base = emulator.base_url.clone();
    let email = "callback@example.com";
    post(
        &base,
        "SignUp",
        json!({"ClientId": CLIENT_ID, "Username": email, "Password": PASSWORD,
               "UserAttributes": [{"Name": "name", "Value": "C"}]}),
        false,
    )
    .await;
    let code = emulator.state().messages().pop().unwrap().code;
    post(
        &base,
        "ConfirmSignUp",
        json!({"ClientId": CLIENT_ID, "Username": email, "ConfirmationCode": code}),
        false,
    )
    .await;
    let tokens = post(
        &base,
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT_ID,
               "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
        false,
    )
    .await;
    let id = claims(tokens["AuthenticationResult"]["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:groups"], json!(["admin"]));
    emulator.shutdown().await;
}

// ------------------------------------------------ Pre/PostAuthentication

#[tokio::test]
async fn pre_authentication_refuses_before_the_password_is_checked() {
    let lambda = FakeLambda::start().await;
    lambda.on("Gate", |event| {
        if event["request"]["validationData"]["captcha"] == "ok" {
            unchanged(event)
        } else {
            Reply::Raise("Captcha required".into())
        }
    });
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            pre_authentication: Some(arn("Gate")),
            ..LambdaConfig::default()
        },
    ));
    let sub = emu.confirmed_user("taro@example.com").await;
    let sign_in = |password: &'static str, metadata: Value| {
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {"USERNAME": "taro@example.com", "PASSWORD": password},
            "ClientMetadata": metadata,
        })
    };
    let refused = "PreAuthentication failed with error Captcha required.";
    emu.call("InitiateAuth", sign_in(PASSWORD, json!({"captcha": "no"})))
        .await
        .assert_error("UserLambdaValidationException", refused);
    // Before the password check: a wrong password gets the same answer and
    // counts for nothing.
    emu.call("InitiateAuth", sign_in("Wrong-Horse-1", json!({})))
        .await
        .assert_error("UserLambdaValidationException", refused);
    let user = emu.state.user(POOL_ID, "taro@example.com").unwrap();
    assert_eq!(user.sign_in_failures.count, 0);

    emu.call("InitiateAuth", sign_in(PASSWORD, json!({"captcha": "ok"})))
        .await
        .ok();
    let event = &lambda.events("Gate")[2];
    assert_eq!(event["triggerSource"], "PreAuthentication_Authentication");
    assert_eq!(event["userName"], sub);
    assert_eq!(event["request"]["validationData"], json!({"captcha": "ok"}));
    // The seed client hides user existence, so userNotFound is given.
    assert_eq!(event["request"]["userNotFound"], false);
    assert_eq!(
        event["request"]["userAttributes"]["cognito:user_status"],
        "CONFIRMED"
    );
    assert!(event["request"].get("clientMetadata").is_none());

    // An unknown name reaches the trigger too, with userNotFound.
    emu.call(
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {"USERNAME": "nobody@example.com", "SRP_A": "0a"},
            "ClientMetadata": {"captcha": "ok"},
        }),
    )
    .await
    .ok();
    let event = lambda.events("Gate").pop().unwrap();
    assert_eq!(event["userName"], "nobody@example.com");
    assert_eq!(event["request"]["userNotFound"], true);
    assert_eq!(event["request"]["userAttributes"], json!({}));

    // USER_SRP_AUTH: refused at InitiateAuth, before any challenge.
    emu.call(
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {"USERNAME": "taro@example.com", "SRP_A": "0a"},
        }),
    )
    .await
    .assert_error("UserLambdaValidationException", refused);
}

#[tokio::test]
async fn post_authentication_can_refuse_the_tokens() {
    let lambda = FakeLambda::start().await;
    lambda.on("Audit", |_| Reply::Raise("Account under review".into()));
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            post_authentication: Some(arn("Audit")),
            ..LambdaConfig::default()
        },
    ));
    emu.confirmed_user("taro@example.com").await;
    emu.sign_in("taro@example.com", PASSWORD)
        .await
        .assert_error(
            "UserLambdaValidationException",
            "PostAuthentication failed with error Account under review.",
        );
    let event = lambda.only_event("Audit");
    assert_eq!(event["triggerSource"], "PostAuthentication_Authentication");
    assert_eq!(event["request"]["newDeviceUsed"], false);
    // A wrong password never reaches it.
    emu.sign_in("taro@example.com", "Wrong-Horse-1")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    assert_eq!(lambda.events("Audit").len(), 1);
}

// --------------------------------------------------- PreTokenGeneration

#[tokio::test]
async fn pre_token_generation_v1_changes_the_id_token() {
    let lambda = FakeLambda::start().await;
    lambda.on("Claims", |event| {
        answer(
            event,
            json!({"claimsOverrideDetails": {
                "claimsToAddOrOverride": {
                    "tenant": "acme", "name": "Overridden", "sub": "forged",
                    "token_use": "access", "email": "kept-then-suppressed@example.com",
                },
                "claimsToSuppress": ["email", "iss"],
                "groupOverrideDetails": {
                    "groupsToOverride": ["admin", "beta"],
                    "iamRolesToOverride": ["arn:aws:iam::123456789012:role/Beta"],
                    "preferredRole": "arn:aws:iam::123456789012:role/Beta",
                },
            }}),
        )
    });
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            pre_token_generation: Some(arn("Claims")),
            ..LambdaConfig::default()
        },
    ));
    let sub = emu.confirmed_user("taro@example.com").await;
    let tokens = emu.tokens("taro@example.com").await;
    let id = claims(tokens["IdToken"].as_str().unwrap());
    assert_eq!(id["tenant"], "acme");
    assert_eq!(id["name"], "Overridden");
    assert_eq!(id["sub"], sub, "protected claims stay");
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["iss"], format!("{BASE_URL}/{POOL_ID}"));
    assert!(id.get("email").is_none(), "suppressed (and override loses)");
    assert_eq!(id["cognito:groups"], json!(["admin", "beta"]));
    assert_eq!(
        id["cognito:roles"],
        json!(["arn:aws:iam::123456789012:role/Beta"])
    );
    assert_eq!(
        id["cognito:preferred_role"],
        "arn:aws:iam::123456789012:role/Beta"
    );
    let access = claims(tokens["AccessToken"].as_str().unwrap());
    assert_eq!(access["cognito:groups"], json!(["admin", "beta"]));
    assert!(
        access.get("tenant").is_none(),
        "V1_0 changes the ID token only"
    );

    let event = lambda.only_event("Claims");
    assert_eq!(event["version"], "1");
    assert_eq!(event["triggerSource"], "TokenGeneration_Authentication");
    // The seed's built-in PostConfirmation put the user in "users".
    assert_eq!(
        event["request"]["groupConfiguration"],
        json!({"groupsToOverride": ["users"], "iamRolesToOverride": [], "preferredRole": null})
    );
    assert_eq!(
        event["request"]["userAttributes"]["email"],
        "taro@example.com"
    );
    assert_eq!(event["response"], json!({"claimsOverrideDetails": null}));
    assert!(event["request"].get("scopes").is_none());

    // Refreshing runs it again, as TokenGeneration_RefreshTokens.
    let refreshed = emu
        .refresh(tokens["RefreshToken"].as_str().unwrap())
        .await
        .ok();
    let id = claims(
        refreshed["AuthenticationResult"]["IdToken"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(id["tenant"], "acme");
    assert_eq!(
        lambda.events("Claims")[1]["triggerSource"],
        "TokenGeneration_RefreshTokens"
    );
    // GetUser still works: the access token's scope is untouched.
    emu.get_user(
        refreshed["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap(),
    )
    .await
    .ok();
}

#[tokio::test]
async fn pre_token_generation_v2_changes_the_access_token_and_scopes() {
    let lambda = FakeLambda::start().await;
    lambda.on("Claims", |event| {
        answer(
            event,
            json!({"claimsAndScopeOverrideDetails": {
                "idTokenGeneration": {
                    "claimsToAddOrOverride": {"tier": {"level": 2, "names": ["gold"]}},
                    "claimsToSuppress": ["name"],
                },
                "accessTokenGeneration": {
                    "claimsToAddOrOverride": {"plan": "gold", "client_id": "forged"},
                    "claimsToSuppress": ["username"],
                    "scopesToAdd": ["photos/read", "photos/write"],
                    "scopesToSuppress": ["photos/write"],
                },
                "groupOverrideDetails": null,
            }}),
        )
    });
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            pre_token_generation_config: Some(PreTokenGenerationConfig {
                lambda_version: LambdaVersion::V2,
                lambda_arn: arn("Claims"),
            }),
            ..LambdaConfig::default()
        },
    ));
    emu.confirmed_user("taro@example.com").await;
    let tokens = emu.tokens("taro@example.com").await;
    let id = claims(tokens["IdToken"].as_str().unwrap());
    assert_eq!(id["tier"], json!({"level": 2, "names": ["gold"]}));
    assert!(id.get("name").is_none());
    assert!(
        id.get("cognito:groups").is_none(),
        "null suppresses the groups"
    );
    let access = claims(tokens["AccessToken"].as_str().unwrap());
    assert_eq!(access["plan"], "gold");
    assert_eq!(access["client_id"], CLIENT_ID);
    assert_eq!(access["username"].as_str().map(uuid_like), Some(true));
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin photos/read");
    assert!(access.get("cognito:groups").is_none());

    let event = lambda.only_event("Claims");
    assert_eq!(event["version"], "2");
    assert_eq!(
        event["request"]["scopes"],
        json!(["aws.cognito.signin.user.admin"])
    );
    assert_eq!(
        event["response"],
        json!({"claimsAndScopeOverrideDetails": null})
    );
}

#[tokio::test]
async fn pre_token_generation_after_a_new_password_and_with_challenge_metadata() {
    let lambda = FakeLambda::start().await;
    lambda.on("Claims", unchanged);
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            pre_token_generation: Some(arn("Claims")),
            ..LambdaConfig::default()
        },
    ));
    emu.admin_create("invited@example.com", "Temp-Passw0rd!")
        .await;
    let challenge = emu
        .call(
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": CLIENT_ID,
                "AuthParameters": {"USERNAME": "invited@example.com", "PASSWORD": "Temp-Passw0rd!"},
                "ClientMetadata": {"from": "initiate"},
            }),
        )
        .await
        .ok();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    assert!(lambda.calls().is_empty());
    emu.call(
        "RespondToAuthChallenge",
        json!({
            "ClientId": CLIENT_ID,
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": challenge["Session"],
            "ChallengeResponses": {
                "USERNAME": "invited@example.com",
                "NEW_PASSWORD": "Brand-New-Horse-8",
                "userAttributes.name": "Invited",
            },
            "ClientMetadata": {"from": "respond"},
        }),
    )
    .await
    .ok();
    let event = lambda.only_event("Claims");
    assert_eq!(
        event["triggerSource"],
        "TokenGeneration_NewPasswordChallenge"
    );
    // RespondToAuthChallenge's ClientMetadata reaches it; InitiateAuth's
    // does not (Developer Guide).
    assert_eq!(
        event["request"]["clientMetadata"],
        json!({"from": "respond"})
    );
}

#[tokio::test]
async fn a_failed_pre_token_generation_issues_no_tokens() {
    let lambda = FakeLambda::start().await;
    lambda.on("Claims", |_| Reply::Raise("Tenant not found".into()));
    let emu = emu_with(config(
        &lambda,
        LambdaConfig {
            pre_token_generation: Some(arn("Claims")),
            ..LambdaConfig::default()
        },
    ));
    emu.confirmed_user("taro@example.com").await;
    emu.sign_in("taro@example.com", PASSWORD)
        .await
        .assert_error(
            "UserLambdaValidationException",
            "PreTokenGeneration failed with error Tenant not found.",
        );
    // No session (refresh token) was started.
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(emu.dir.path().join("state.json")).unwrap())
            .unwrap();
    assert_eq!(state["pools"][POOL_ID]["sessions"], json!({}));
}

// -------------------------------------------------------- CustomMessage

fn custom_message() -> LambdaConfig {
    LambdaConfig {
        custom_message: Some(arn("Words")),
        ..LambdaConfig::default()
    }
}

#[tokio::test]
async fn custom_message_words_every_code_email() {
    let lambda = FakeLambda::start().await;
    lambda.on("Words", |event| {
        let code = event["request"]["codeParameter"].as_str().unwrap();
        let source = event["triggerSource"].as_str().unwrap();
        let message = match source {
            "CustomMessage_AdminCreateUser" => format!(
                "Welcome {}! Your temporary password is {code}",
                event["request"]["usernameParameter"].as_str().unwrap()
            ),
            _ => format!("<p>{source}: your code is {code}</p>"),
        };
        answer(
            event,
            json!({"emailSubject": format!("[{source}]"), "emailMessage": message, "smsMessage": null}),
        )
    });
    let emu = emu_with(config(&lambda, custom_message()));

    emu.sign_up("taro@example.com").await.ok();
    let mail = emu.state.messages().pop().unwrap();
    assert_eq!(mail.subject, "[CustomMessage_SignUp]");
    assert_eq!(
        mail.body,
        format!("<p>CustomMessage_SignUp: your code is {}</p>", mail.code)
    );
    let event = lambda.only_event("Words");
    assert_eq!(event["request"]["codeParameter"], "{####}");
    assert_eq!(event["request"]["usernameParameter"], Value::Null);
    assert_eq!(
        event["request"]["userAttributes"]["cognito:user_status"],
        "UNCONFIRMED"
    );
    assert_eq!(
        event["response"],
        json!({"smsMessage": null, "emailMessage": null, "emailSubject": null})
    );

    emu.call(
        "ResendConfirmationCode",
        json!({"ClientId": CLIENT_ID, "Username": "taro@example.com"}),
    )
    .await
    .ok();
    let mail = emu.state.messages().pop().unwrap();
    assert_eq!(mail.subject, "[CustomMessage_ResendCode]");
    assert!(mail.body.contains(&mail.code));
    emu.confirm("taro@example.com", &mail.code).await.ok();

    emu.call(
        "ForgotPassword",
        json!({"ClientId": CLIENT_ID, "Username": "taro@example.com"}),
    )
    .await
    .ok();
    let mail = emu.state.messages().pop().unwrap();
    assert_eq!(mail.subject, "[CustomMessage_ForgotPassword]");
    assert_eq!(
        mail.body,
        format!(
            "<p>CustomMessage_ForgotPassword: your code is {}</p>",
            mail.code
        )
    );

    emu.admin(
        "AdminCreateUser",
        json!({"UserPoolId": POOL_ID, "Username": "invited@example.com", "TemporaryPassword": "Temp-Passw0rd!"}),
    )
    .await
    .ok();
    let mail = emu.state.messages().pop().unwrap();
    assert_eq!(mail.subject, "[CustomMessage_AdminCreateUser]");
    assert_eq!(
        mail.body,
        "Welcome invited@example.com! Your temporary password is Temp-Passw0rd!"
    );
    let event = lambda.events("Words").pop().unwrap();
    assert_eq!(event["request"]["usernameParameter"], "{username}");
    assert_eq!(
        event["callerContext"]["clientId"],
        "CLIENT_ID_NOT_APPLICABLE"
    );
}

#[tokio::test]
async fn a_custom_message_without_the_code_placeholder_is_not_used() {
    let lambda = FakeLambda::start().await;
    lambda.on("Words", |event| {
        answer(
            event,
            json!({"emailSubject": "Welcome!", "emailMessage": "Thanks for signing up."}),
        )
    });
    let emu = emu_with(config(&lambda, custom_message()));
    emu.sign_up("taro@example.com").await.ok();
    let mail = emu.state.messages().pop().unwrap();
    assert_eq!(mail.subject, "Welcome!");
    assert!(
        mail.body
            .contains(&format!("Your confirmation code is {}", mail.code)),
        "the default body: {}",
        mail.body
    );
}

#[tokio::test]
async fn a_failed_custom_message_sends_nothing_and_creates_nothing() {
    let lambda = FakeLambda::start().await;
    lambda.on("Words", |_| Reply::Raise("Template missing".into()));
    let emu = emu_with(config(&lambda, custom_message()));
    emu.sign_up("taro@example.com").await.assert_error(
        "UserLambdaValidationException",
        "CustomMessage failed with error Template missing.",
    );
    assert!(emu.state.user(POOL_ID, "taro@example.com").is_none());
    assert!(emu.state.messages().is_empty());
}

// -------------------------------------------------------------- failures

#[tokio::test]
async fn failures_are_reported_as_cognito_reports_them() {
    let lambda = FakeLambda::start().await;
    let emu = emu_with(config(&lambda, pre_sign_up("Broken")));
    let cases: Vec<(Reply, &str, &str)> = vec![
        (
            Reply::Body("<html>oops</html>".into()),
            "InvalidLambdaResponseException",
            "Invalid lambda function output : Invalid JSON",
        ),
        (
            // A Python handler that forgets `return event`.
            Reply::Body("null".into()),
            "InvalidLambdaResponseException",
            "Unrecognizable lambda output",
        ),
        (
            Reply::Event(json!({"version": "1"})),
            "InvalidLambdaResponseException",
            "Unrecognizable lambda output",
        ),
        (
            Reply::Event(json!({"response": {"autoConfirmUser": "yes"}})),
            "InvalidLambdaResponseException",
            "Unrecognizable lambda output",
        ),
        (
            Reply::Status(429, "TooManyRequestsException"),
            "UnexpectedLambdaException",
            "PreSignUp invocation failed due to error TooManyRequestsException",
        ),
    ];
    for (i, (reply, kind, message)) in cases.into_iter().enumerate() {
        let reply = std::sync::Mutex::new(Some(reply));
        lambda.on("Broken", move |_| reply.lock().unwrap().take().unwrap());
        let email = format!("case{i}@example.com");
        emu.sign_up(&email).await.assert_error(kind, message);
        assert!(emu.state.user(POOL_ID, &email).is_none(), "case {i}");
    }
    // A function the endpoint does not have.
    let emu = emu_with(config(&lambda, pre_sign_up("Missing")));
    emu.sign_up("missing@example.com").await.assert_error(
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error ResourceNotFoundException",
    );
}

#[tokio::test]
async fn a_trigger_slower_than_five_seconds_times_out() {
    let lambda = FakeLambda::start().await;
    lambda.on("Slow", |event| {
        Reply::Slow(Duration::from_secs(7), Box::new(unchanged(event)))
    });
    let emu = emu_with(config(&lambda, pre_sign_up("Slow")));
    let started = Instant::now();
    let r = emu.sign_up("slow@example.com").await;
    let took = started.elapsed();
    r.assert_error(
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.",
    );
    assert!(
        (Duration::from_millis(4900)..Duration::from_millis(6500)).contains(&took),
        "{took:?}"
    );
    assert!(emu.state.user(POOL_ID, "slow@example.com").is_none());
}

#[tokio::test]
async fn an_unreachable_endpoint_is_an_unexpected_lambda_exception() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut config = Config::seed();
    config.lambda_endpoint = Some(url.clone());
    config.pools[0].lambda_config = pre_sign_up("PreSignUpFunction");
    let emu = emu_with(config);
    let r = emu.sign_up("taro@example.com").await;
    assert_eq!(
        r.json()["__type"],
        "UnexpectedLambdaException",
        "{}",
        r.text
    );
    let message = r.json()["message"].as_str().unwrap().to_owned();
    assert!(
        message.starts_with("PreSignUp invocation failed due to error Unable to reach"),
        "{message}"
    );
    assert!(message.contains(&url), "{message}");
    assert!(emu.state.user(POOL_ID, "taro@example.com").is_none());
}

#[tokio::test]
async fn plain_urls_and_qualified_arns() {
    let lambda = FakeLambda::start().await;
    lambda.on("hooked", |e| answer(e, json!({"autoConfirmUser": true})));
    lambda.on("Versioned", unchanged);
    // No Lambda endpoint needed for a URL.
    let mut config = Config::seed();
    config.pools[0].lambda_config = LambdaConfig {
        pre_sign_up: Some(lambda.hook("hooked")),
        ..LambdaConfig::default()
    };
    let emu = emu_with(config);
    assert_eq!(
        emu.sign_up("url@example.com").await.ok()["UserConfirmed"],
        true
    );
    assert_eq!(
        lambda.only_event("hooked")["triggerSource"],
        "PreSignUp_SignUp"
    );

    let emu = emu_with(config_qualified(&lambda));
    emu.sign_up("alias@example.com").await.ok();
    let call = lambda
        .calls()
        .into_iter()
        .find(|c| c.function == "Versioned")
        .unwrap();
    assert_eq!(call.qualifier.as_deref(), Some("live"));
}

fn config_qualified(lambda: &FakeLambda) -> Config {
    config(
        lambda,
        LambdaConfig {
            pre_sign_up: Some(format!("{}:live", arn("Versioned"))),
            ..LambdaConfig::default()
        },
    )
}

#[tokio::test]
async fn a_function_arn_without_an_endpoint_is_refused_at_start_up() {
    let mut config = Config::seed();
    config.pools[0].lambda_config = pre_sign_up("PreSignUpFunction");
    let dir = data_dir();
    let e = AppState::new(config, dir.path().to_owned(), BASE_URL.into())
        .err()
        .expect("refused")
        .to_string();
    assert!(e.contains("--lambda-endpoint"), "{e}");
    assert!(e.contains("lambda_config.pre_sign_up"), "{e}");
}
