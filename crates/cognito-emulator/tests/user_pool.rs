//! `UpdateUserPool` and `DescribeUserPool` (API Reference for each): the
//! settings the emulator models, AWS's rule that an update resets what it
//! does not give, and the settings kept across a restart.

mod common;
mod fake_lambda;

use cognito_emulator::config::MfaConfiguration;
use cognito_emulator::{app, AppState, Config};
use common::*;
use fake_lambda::{arn, unchanged, FakeLambda};
use serde_json::{json, Value};

async fn describe(emu: &Emu) -> Value {
    emu.admin("DescribeUserPool", json!({"UserPoolId": POOL_ID}))
        .await
        .ok()["UserPool"]
        .clone()
}

#[tokio::test]
async fn describe_user_pool_shows_the_modelled_settings() {
    let emu = emu();
    let pool = describe(&emu).await;
    assert_eq!(pool["Id"], POOL_ID);
    assert_eq!(pool["Name"], "Local");
    assert_eq!(
        pool["Arn"],
        format!("arn:aws:cognito-idp:ap-northeast-1:000000000000:userpool/{POOL_ID}")
    );
    assert_eq!(
        pool["Policies"]["PasswordPolicy"],
        json!({
            "MinimumLength": 12, "RequireUppercase": true, "RequireLowercase": true,
            "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7,
        })
    );
    // The seed offers TOTP out of the box.
    assert_eq!(pool["MfaConfiguration"], "OPTIONAL");
    assert_eq!(pool["LambdaConfig"], json!({}));
    assert_eq!(pool["UsernameAttributes"], json!(["email"]));
    assert!(pool.get("AliasAttributes").is_none(), "{pool}");
    assert_eq!(pool["AutoVerifiedAttributes"], json!(["email"]));
    assert_eq!(
        pool["UsernameConfiguration"],
        json!({"CaseSensitive": false})
    );
    assert_eq!(
        pool["EstimatedNumberOfUsers"], 1,
        "the seeded administrator"
    );
    assert!(pool["CreationDate"].as_f64().unwrap() > 1.0e9);

    // IAM-signed, like the other administrator operations.
    emu.call("DescribeUserPool", json!({"UserPoolId": POOL_ID}))
        .await
        .assert_error(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        );
    emu.admin(
        "DescribeUserPool",
        json!({"UserPoolId": "ap-northeast-1_Nope"}),
    )
    .await
    .assert_error(
        "ResourceNotFoundException",
        "User pool ap-northeast-1_Nope does not exist.",
    );
}

#[tokio::test]
async fn update_user_pool_sets_triggers_and_resets_what_it_does_not_give() {
    let lambda = FakeLambda::start().await;
    lambda.on("PreSignUpFunction", unchanged);
    lambda.on("PreAuthFunction", unchanged);
    let mut config = Config::seed();
    config.lambda_endpoint = Some(lambda.url.clone());
    config.pools[0].mfa_configuration = MfaConfiguration::Optional;
    let emu = emu_with(config);

    // The Cognito guide's command: only --lambda-config.
    emu.admin(
        "UpdateUserPool",
        json!({
            "UserPoolId": POOL_ID,
            "LambdaConfig": {
                "PreSignUp": arn("PreSignUpFunction"),
                "PostConfirmation": arn("PostConfirmationFunction"),
                "PreAuthentication": arn("PreAuthFunction"),
            },
        }),
    )
    .await
    .ok();
    let pool = describe(&emu).await;
    assert_eq!(
        pool["LambdaConfig"],
        json!({
            "PreSignUp": arn("PreSignUpFunction"),
            "PostConfirmation": arn("PostConfirmationFunction"),
            "PreAuthentication": arn("PreAuthFunction"),
        })
    );
    // Reset: MFA off, Cognito's default password policy.
    assert_eq!(pool["MfaConfiguration"], "OFF");
    assert_eq!(pool["Policies"]["PasswordPolicy"]["MinimumLength"], 8);
    assert_eq!(pool["Name"], "Local", "an absent PoolName keeps the name");

    // In force at once: 9 characters pass now, and PreSignUp runs.
    let r = emu
        .call(
            "SignUp",
            json!({
                "ClientId": CLIENT_ID,
                "Username": "short@example.com",
                "Password": "Short-Pw1",
                "UserAttributes": [{"Name": "name", "Value": "S"}],
            }),
        )
        .await;
    r.ok();
    assert_eq!(
        lambda.only_event("PreSignUpFunction")["triggerSource"],
        "PreSignUp_SignUp"
    );
    // MFA OFF: TOTP is no longer offered.
    let admin = emu.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.ok()["AuthenticationResult"].clone();
    let associate = emu
        .call(
            "AssociateSoftwareToken",
            json!({"AccessToken": admin["AccessToken"]}),
        )
        .await;
    assert_eq!(
        associate.json()["__type"],
        "SoftwareTokenMFANotFoundException",
        "{}",
        associate.text
    );

    // Everything given: all set; V2_0 pre token generation.
    emu.admin(
        "UpdateUserPool",
        json!({
            "UserPoolId": POOL_ID,
            "PoolName": "Renamed",
            "MfaConfiguration": "OPTIONAL",
            "Policies": {"PasswordPolicy": {
                "MinimumLength": 10, "RequireUppercase": true, "RequireLowercase": true,
                "RequireNumbers": false, "RequireSymbols": false, "TemporaryPasswordValidityDays": 3,
            }},
            "LambdaConfig": {"PreTokenGenerationConfig": {
                "LambdaVersion": "V2_0", "LambdaArn": arn("Tokens"),
            }},
        }),
    )
    .await
    .ok();
    let pool = describe(&emu).await;
    assert_eq!(pool["Name"], "Renamed");
    assert_eq!(pool["MfaConfiguration"], "OPTIONAL");
    assert_eq!(pool["Policies"]["PasswordPolicy"]["MinimumLength"], 10);
    assert_eq!(pool["Policies"]["PasswordPolicy"]["RequireNumbers"], false);
    assert_eq!(
        pool["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"],
        3
    );
    // Both names of the pre token generation function, as AWS shows them;
    // the earlier triggers are gone.
    assert_eq!(
        pool["LambdaConfig"],
        json!({
            "PreTokenGeneration": arn("Tokens"),
            "PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": arn("Tokens")},
        })
    );
}

#[tokio::test]
async fn update_user_pool_refuses_what_the_emulator_cannot_run() {
    let emu = emu();
    let update =
        |lambda_config: Value| json!({"UserPoolId": POOL_ID, "LambdaConfig": lambda_config});
    let r = emu
        .admin(
            "UpdateUserPool",
            update(json!({"UserMigration": arn("Migrate")})),
        )
        .await;
    assert_eq!(r.json()["__type"], "InvalidParameterException");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("LambdaConfig.UserMigration: the local Cognito emulator does not run"),
        "{}",
        r.text
    );
    // A function ARN needs a Lambda endpoint; this emulator has none.
    let r = emu
        .admin("UpdateUserPool", update(json!({"PreSignUp": arn("F")})))
        .await;
    let message = r.json()["message"].as_str().unwrap().to_owned();
    assert!(
        message.starts_with("LambdaConfig.PreSignUp names"),
        "{message}"
    );
    assert!(message.contains("--lambda-endpoint"), "{message}");
    for (config, expected) in [
        (
            json!({"PreSignUp": "PreSignUpFunction"}),
            "is neither a Lambda function ARN",
        ),
        (
            json!({"PreTokenGenerationConfig": {"LambdaVersion": "V3_0", "LambdaArn": "http://127.0.0.1:9/x"}}),
            "use V2_0",
        ),
        (
            json!({"PreTokenGeneration": "http://127.0.0.1:9/a",
                   "PreTokenGenerationConfig": {"LambdaVersion": "V1_0", "LambdaArn": "http://127.0.0.1:9/b"}}),
            "name different functions",
        ),
        (
            json!({"CustomMessage": "https://example.com/hook"}),
            "https trigger URLs are not supported",
        ),
    ] {
        let r = emu.admin("UpdateUserPool", update(config.clone())).await;
        assert_eq!(r.json()["__type"], "InvalidParameterException", "{config}");
        let message = r.json()["message"].as_str().unwrap().to_owned();
        assert!(message.contains(expected), "{config}: {message}");
    }
    // Nothing changed.
    assert_eq!(describe(&emu).await["LambdaConfig"], json!({}));
    assert_eq!(
        describe(&emu).await["Policies"]["PasswordPolicy"]["MinimumLength"],
        12
    );
}

#[tokio::test]
async fn settings_survive_a_restart_until_the_configuration_file_changes() {
    let emu = emu();
    emu.admin(
        "UpdateUserPool",
        json!({
            "UserPoolId": POOL_ID,
            "MfaConfiguration": "ON",
            "LambdaConfig": {"PreSignUp": "http://127.0.0.1:9/pre-sign-up"},
        }),
    )
    .await
    .ok();

    // Restarted with the same configuration file: the update stands.
    let state = AppState::new(Config::seed(), emu.dir.path().to_owned(), BASE_URL.into()).unwrap();
    let restarted = app(state.clone());
    let pool = signed_call(
        &restarted,
        "DescribeUserPool",
        json!({"UserPoolId": POOL_ID}),
    )
    .await
    .ok()["UserPool"]
        .clone();
    assert_eq!(pool["MfaConfiguration"], "ON");
    assert_eq!(pool["Policies"]["PasswordPolicy"]["MinimumLength"], 8);
    assert_eq!(
        pool["LambdaConfig"],
        json!({"PreSignUp": "http://127.0.0.1:9/pre-sign-up"})
    );
    drop((state, restarted));

    // The file's settings for the pool changed: the file wins.
    let mut edited = Config::seed();
    edited.pools[0].password_policy.minimum_length = 14;
    let state = AppState::new(edited, emu.dir.path().to_owned(), BASE_URL.into()).unwrap();
    let pool = signed_call(
        &app(state),
        "DescribeUserPool",
        json!({"UserPoolId": POOL_ID}),
    )
    .await
    .ok()["UserPool"]
        .clone();
    // The seed's own MFA setting again.
    assert_eq!(pool["MfaConfiguration"], "OPTIONAL");
    assert_eq!(pool["Policies"]["PasswordPolicy"]["MinimumLength"], 14);
    assert_eq!(pool["LambdaConfig"], json!({}));
}

#[tokio::test]
async fn stored_triggers_that_need_an_endpoint_fail_until_one_is_given() {
    let lambda = FakeLambda::start().await;
    lambda.on("F", unchanged);
    let mut config = Config::seed();
    config.lambda_endpoint = Some(lambda.url.clone());
    let emu = emu_with(config);
    emu.admin(
        "UpdateUserPool",
        json!({"UserPoolId": POOL_ID, "LambdaConfig": {"PreSignUp": arn("F")}}),
    )
    .await
    .ok();
    // Restarted without lambda_endpoint (it is no pool setting): the
    // stored ARN cannot be invoked, and says how to fix that.
    let state = AppState::new(Config::seed(), emu.dir.path().to_owned(), BASE_URL.into()).unwrap();
    let restarted = app(state);
    let r = call(
        &restarted,
        "SignUp",
        json!({
            "ClientId": CLIENT_ID,
            "Username": "taro@example.com",
            "Password": PASSWORD,
            "UserAttributes": [{"Name": "name", "Value": "T"}],
        }),
    )
    .await;
    assert_eq!(
        r.json()["__type"],
        "UnexpectedLambdaException",
        "{}",
        r.text
    );
    let message = r.json()["message"].as_str().unwrap().to_owned();
    assert!(
        message.starts_with("PreSignUp invocation failed due to error"),
        "{message}"
    );
    assert!(message.contains("--lambda-endpoint"), "{message}");
    // UpdateUserPool can still take it away.
    signed_call(
        &restarted,
        "UpdateUserPool",
        json!({"UserPoolId": POOL_ID, "Policies": {"PasswordPolicy": {"MinimumLength": 12}}}),
    )
    .await
    .ok();
    call(
        &restarted,
        "SignUp",
        json!({
            "ClientId": CLIENT_ID,
            "Username": "taro@example.com",
            "Password": PASSWORD,
            "UserAttributes": [{"Name": "name", "Value": "T"}],
        }),
    )
    .await
    .ok();
}
