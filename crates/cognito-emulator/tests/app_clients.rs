//! `DescribeUserPoolClient` and `UpdateUserPoolClient` (API Reference for
//! each): the seed client as AWS shapes it, `PreventUserExistenceErrors`
//! turned off and on at run time, the members an update does not give
//! reset to their defaults, AWS's validation, and the settings kept across a
//! restart until the configuration file changes the client.

mod common;

use axum::body::Body;
use axum::http::Request;
use cognito_emulator::{app, AppState, Config};
use common::*;
use serde_json::{json, Value};

async fn describe(app: &axum::Router) -> Value {
    signed_call(
        app,
        "DescribeUserPoolClient",
        json!({"UserPoolId": POOL_ID, "ClientId": CLIENT_ID}),
    )
    .await
    .ok()["UserPoolClient"]
        .clone()
}

async fn update(emu: &Emu, members: Value) -> common::Resp {
    let mut body = json!({"UserPoolId": POOL_ID, "ClientId": CLIENT_ID});
    body.as_object_mut()
        .unwrap()
        .extend(members.as_object().unwrap().clone());
    emu.admin("UpdateUserPoolClient", body).await
}

/// The seed's first app client (its URLs are pinned by
/// `oauth.rs::seed_hosted_ui_configuration`; here they are only passed
/// through DescribeUserPoolClient and UpdateUserPoolClient).
fn seed_client() -> cognito_emulator::config::ClientConfig {
    Config::seed().pools[0].clients[0].clone()
}

/// The seed client's settings, as a describe-then-update round trip sends
/// them, with `PreventUserExistenceErrors` as given.
fn seed_members(prevent: &str) -> Value {
    let seed_client = seed_client();
    json!({
        "ClientName": "Local client",
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "PreventUserExistenceErrors": prevent,
        "AllowedOAuthFlowsUserPoolClient": true,
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
        "CallbackURLs": seed_client.callback_urls,
        "LogoutURLs": seed_client.logout_urls,
        "SupportedIdentityProviders": ["COGNITO", "Google", "Corporate"],
    })
}

#[tokio::test]
async fn describe_returns_the_seed_client() {
    let emu = emu();
    let client = describe(&emu.app).await;
    let seed_client = seed_client();
    let created = client["CreationDate"].as_f64().unwrap();
    assert!(created > 1.5e9, "{client}");
    assert_eq!(client["LastModifiedDate"].as_f64().unwrap(), created);
    let mut without_dates = client.clone();
    let o = without_dates.as_object_mut().unwrap();
    o.remove("CreationDate");
    o.remove("LastModifiedDate");
    assert_eq!(
        without_dates,
        json!({
            "UserPoolId": POOL_ID,
            "ClientId": CLIENT_ID,
            "ClientName": "Local client",
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED",
            "AccessTokenValidity": 1,
            "IdTokenValidity": 1,
            "RefreshTokenValidity": 30,
            "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"},
            "AuthSessionValidity": 3,
            "AllowedOAuthFlowsUserPoolClient": true,
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
            "CallbackURLs": seed_client.callback_urls,
            "LogoutURLs": seed_client.logout_urls,
            "SupportedIdentityProviders": ["COGNITO", "Google", "Corporate"],
            "EnableTokenRevocation": true,
            "EnablePropagateAdditionalUserContextData": false,
        })
    );
    assert!(client.get("ClientSecret").is_none());
}

/// The three public operations that answer an unknown user by
/// `PreventUserExistenceErrors`.
async fn unknown_user_answers(emu: &Emu) -> Vec<Resp> {
    let user = json!({"ClientId": CLIENT_ID, "Username": "ghost@example.com"});
    let mut confirm = user.clone();
    confirm["ConfirmationCode"] = json!("123456");
    vec![
        emu.call("ForgotPassword", user.clone()).await,
        emu.call("ConfirmSignUp", confirm).await,
        emu.call("ResendConfirmationCode", user).await,
    ]
}

#[tokio::test]
async fn legacy_reveals_an_unknown_user_and_enabled_hides_it_again() {
    let emu = emu();
    // The seed's ENABLED: a pretend delivery, and a code that does not match.
    let answers = unknown_user_answers(&emu).await;
    answers[0].ok();
    answers[1].assert_error(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    );
    answers[2].ok();

    let r = update(&emu, seed_members("LEGACY")).await.ok();
    assert_eq!(r["UserPoolClient"]["PreventUserExistenceErrors"], "LEGACY");
    assert_eq!(
        describe(&emu.app).await["PreventUserExistenceErrors"],
        "LEGACY"
    );
    for answer in unknown_user_answers(&emu).await {
        answer.assert_error(
            "UserNotFoundException",
            "Username/client id combination not found.",
        );
    }

    update(&emu, seed_members("ENABLED")).await.ok();
    let answers = unknown_user_answers(&emu).await;
    answers[0].ok();
    answers[1].assert_error(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    );
    answers[2].ok();
    // The hosted UI settings came back as they were.
    let client = describe(&emu.app).await;
    assert_eq!(client["AllowedOAuthFlows"], json!(["code"]));
    assert_eq!(
        client["SupportedIdentityProviders"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn members_not_given_are_reset_to_their_defaults() {
    let emu = emu();
    // Only PreventUserExistenceErrors: everything else goes back to the
    // API's defaults, and the name stays.
    let r = update(&emu, json!({"PreventUserExistenceErrors": "ENABLED"}))
        .await
        .ok();
    let client = describe(&emu.app).await;
    assert_eq!(r["UserPoolClient"], client);
    assert_eq!(client["ClientName"], "Local client");
    assert_eq!(
        client["ExplicitAuthFlows"],
        json!([
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_CUSTOM_AUTH"
        ])
    );
    assert_eq!(client["AllowedOAuthFlowsUserPoolClient"], false);
    for member in [
        "AllowedOAuthFlows",
        "AllowedOAuthScopes",
        "CallbackURLs",
        "LogoutURLs",
        "SupportedIdentityProviders",
    ] {
        assert!(client.get(member).is_none(), "{member}: {client}");
    }
    assert_eq!(client["AccessTokenValidity"], 1);
    assert_eq!(client["RefreshTokenValidity"], 30);
    assert_eq!(client["AuthSessionValidity"], 3);
    // The emulator applies it: USER_PASSWORD_AUTH is no longer allowed.
    let r = emu.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(
        r.json()["__type"],
        "InvalidParameterException",
        "{}",
        r.text
    );

    // Nothing at all: PreventUserExistenceErrors is LEGACY ("Defaults to
    // LEGACY", API Reference).
    update(&emu, json!({})).await.ok();
    assert_eq!(
        describe(&emu.app).await["PreventUserExistenceErrors"],
        "LEGACY"
    );
    emu.call(
        "ForgotPassword",
        json!({"ClientId": CLIENT_ID, "Username": "ghost@example.com"}),
    )
    .await
    .assert_error(
        "UserNotFoundException",
        "Username/client id combination not found.",
    );

    // Validities in the units given, and in force for new tokens.
    let r = update(
        &emu,
        json!({
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "ClientName": "Renamed",
            "AccessTokenValidity": 10,
            "IdTokenValidity": 20,
            "RefreshTokenValidity": 120,
            "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "minutes"},
            "AuthSessionValidity": 5,
        }),
    )
    .await
    .ok();
    let client = &r["UserPoolClient"];
    assert_eq!(client["ClientName"], "Renamed");
    assert_eq!(client["AccessTokenValidity"], 10);
    assert_eq!(client["IdTokenValidity"], 20);
    assert_eq!(client["RefreshTokenValidity"], 120);
    assert_eq!(
        client["TokenValidityUnits"],
        json!({"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "minutes"})
    );
    assert_eq!(client["AuthSessionValidity"], 5);
    let tokens =
        emu.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.ok()["AuthenticationResult"].clone();
    assert_eq!(tokens["ExpiresIn"], 600);
    let id = claims(tokens["IdToken"].as_str().unwrap());
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        1200
    );
}

#[tokio::test]
async fn bad_values_are_refused_as_aws_refuses_them() {
    let emu = emu();
    let cases = [
        (
            json!({"PreventUserExistenceErrors": "DISABLED"}),
            "InvalidParameterException",
            "1 validation error detected: Value 'DISABLED' at 'preventUserExistenceErrors' failed \
             to satisfy constraint: Member must satisfy enum value set: [LEGACY, ENABLED]",
        ),
        (
            json!({"ExplicitAuthFlows": ["ALLOW_MAGIC"]}),
            "InvalidParameterException",
            "1 validation error detected: Value '[ALLOW_MAGIC]' at 'explicitAuthFlows' failed to \
             satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value \
             set: [ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH, \
             ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_CUSTOM_AUTH, ALLOW_USER_PASSWORD_AUTH, \
             ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_AUTH]]",
        ),
        (
            json!({"AccessTokenValidity": 90000}),
            "InvalidParameterException",
            "1 validation error detected: Value '90000' at 'accessTokenValidity' failed to \
             satisfy constraint: Member must have value less than or equal to 86400",
        ),
        (
            json!({"AuthSessionValidity": 2}),
            "InvalidParameterException",
            "1 validation error detected: Value '2' at 'authSessionValidity' failed to satisfy \
             constraint: Member must have value greater than or equal to 3",
        ),
        (
            json!({"TokenValidityUnits": {"AccessToken": "weeks"}}),
            "InvalidParameterException",
            "1 validation error detected: Value 'weeks' at 'tokenValidityUnits.accessToken' \
             failed to satisfy constraint: Member must satisfy enum value set: [seconds, \
             minutes, hours, days]",
        ),
        // In range for the model, not for a token: 2 days, 4 minutes.
        (
            json!({"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}}),
            "InvalidParameterException",
            "Invalid range for token validity.",
        ),
        (
            json!({"IdTokenValidity": 4, "TokenValidityUnits": {"IdToken": "minutes"}}),
            "InvalidParameterException",
            "Invalid range for token validity.",
        ),
        (
            json!({"RefreshTokenValidity": 11, "TokenValidityUnits": {"RefreshToken": "years"}}),
            "InvalidParameterException",
            "1 validation error detected: Value 'years' at 'tokenValidityUnits.refreshToken' \
             failed to satisfy constraint: Member must satisfy enum value set: [seconds, \
             minutes, hours, days]",
        ),
        (
            json!({"RefreshTokenValidity": 3651}),
            "InvalidParameterException",
            "Invalid range for token validity.",
        ),
        (
            json!({"AllowedOAuthFlowsUserPoolClient": true}),
            "InvalidParameterException",
            "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is \
             allowed to use OAuth flows.",
        ),
        (
            json!({"SupportedIdentityProviders": ["Facebook"]}),
            "InvalidParameterException",
            "The provider Facebook does not exist for User Pool ap-northeast-1_Local",
        ),
        (
            json!({"ClientName": "bad/name"}),
            "InvalidParameterException",
            "1 validation error detected: Value 'bad/name' at 'clientName' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
        ),
    ];
    for (members, kind, message) in cases {
        update(&emu, members.clone())
            .await
            .assert_error(kind, message);
    }
    // Refused, so nothing changed.
    let client = describe(&emu.app).await;
    assert_eq!(client["PreventUserExistenceErrors"], "ENABLED");
    assert_eq!(client["AllowedOAuthFlows"], json!(["code"]));

    // What the emulator cannot do is refused, saying so.
    for members in [
        json!({"ExplicitAuthFlows": ["USER_PASSWORD_AUTH"]}),
        json!({"EnableTokenRevocation": false}),
        json!({"AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["implicit"],
               "AllowedOAuthScopes": ["openid"], "CallbackURLs": ["https://app.example/cb"]}),
        json!({"CallbackURLs": ["http://app.example/cb"]}),
    ] {
        let r = update(&emu, members.clone()).await;
        assert_eq!(
            r.json()["__type"],
            "InvalidParameterException",
            "{members}: {}",
            r.text
        );
    }
    let r = update(
        &emu,
        json!({"AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"],
               "AllowedOAuthScopes": ["orders/read"], "CallbackURLs": ["https://app.example/cb"]}),
    )
    .await;
    assert_eq!(
        r.json()["__type"],
        "ScopeDoesNotExistException",
        "{}",
        r.text
    );
}

#[tokio::test]
async fn an_unknown_client_or_pool_is_not_found() {
    let emu = emu();
    for op in ["DescribeUserPoolClient", "UpdateUserPoolClient"] {
        emu.admin(
            op,
            json!({"UserPoolId": POOL_ID, "ClientId": "nosuchclient"}),
        )
        .await
        .assert_error(
            "ResourceNotFoundException",
            "User pool client nosuchclient does not exist.",
        );
        // Another pool's client is not this pool's.
        emu.admin(
            op,
            json!({"UserPoolId": POOL_ID, "ClientId": "phoneclient"}),
        )
        .await
        .assert_error(
            "ResourceNotFoundException",
            "User pool client phoneclient does not exist.",
        );
        emu.admin(
            op,
            json!({"UserPoolId": "ap-northeast-1_Nope", "ClientId": CLIENT_ID}),
        )
        .await
        .assert_error(
            "ResourceNotFoundException",
            "User pool ap-northeast-1_Nope does not exist.",
        );
        let r = emu.admin(op, json!({"UserPoolId": POOL_ID})).await;
        r.assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: \
             Member must not be null",
        );
    }
}

#[tokio::test]
async fn unsigned_requests_are_refused() {
    let emu = emu();
    for op in ["DescribeUserPoolClient", "UpdateUserPoolClient"] {
        let request = Request::post("/")
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{op}"),
            )
            .body(Body::from(
                json!({"UserPoolId": POOL_ID, "ClientId": CLIENT_ID, "PreventUserExistenceErrors": "LEGACY"})
                    .to_string(),
            ))
            .unwrap();
        emu.send(request).await.assert_error(
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        );
    }
    // Nothing changed.
    assert_eq!(
        describe(&emu.app).await["PreventUserExistenceErrors"],
        "ENABLED"
    );
}

#[tokio::test]
async fn settings_survive_a_restart_until_the_configuration_file_changes_the_client() {
    let emu = emu();
    update(&emu, seed_members("LEGACY")).await.ok();
    // UpdateUserPool later keeps the client's settings.
    emu.admin(
        "UpdateUserPool",
        json!({"UserPoolId": POOL_ID, "MfaConfiguration": "OPTIONAL"}),
    )
    .await
    .ok();
    assert_eq!(
        describe(&emu.app).await["PreventUserExistenceErrors"],
        "LEGACY"
    );

    // Restarted with the same configuration file: the update stands.
    let state = AppState::new(Config::seed(), emu.dir.path().to_owned(), BASE_URL.into()).unwrap();
    let restarted = app(state.clone());
    assert_eq!(
        describe(&restarted).await["PreventUserExistenceErrors"],
        "LEGACY"
    );
    call(
        &restarted,
        "ForgotPassword",
        json!({"ClientId": CLIENT_ID, "Username": "ghost@example.com"}),
    )
    .await
    .assert_error(
        "UserNotFoundException",
        "Username/client id combination not found.",
    );
    drop((state, restarted));

    // Another client edited in the file: this one keeps its update.
    let mut edited = Config::seed();
    edited.pools[1].clients[0].name = "Phone client, renamed".into();
    let state = AppState::new(edited, emu.dir.path().to_owned(), BASE_URL.into()).unwrap();
    assert_eq!(
        describe(&app(state.clone())).await["PreventUserExistenceErrors"],
        "LEGACY"
    );
    drop(state);

    // This client's settings changed in the file: the file wins.
    let mut edited = Config::seed();
    edited.pools[0].clients[0].access_token_validity_seconds = 1800;
    let state = AppState::new(edited, emu.dir.path().to_owned(), BASE_URL.into()).unwrap();
    let client = describe(&app(state)).await;
    assert_eq!(client["PreventUserExistenceErrors"], "ENABLED");
    assert_eq!(client["AccessTokenValidity"], 30);
    assert_eq!(client["TokenValidityUnits"]["AccessToken"], "minutes");
}
