//! SignUp, ConfirmSignUp, ResendConfirmationCode and the PreSignUp rules.

mod common;

use cognito_emulator::{srp, Config};
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn sign_up_creates_an_unconfirmed_user_and_mails_a_code() {
    let emu = emu();
    let r = emu.sign_up("Taro@Example.com").await;
    let body = r.ok();
    assert_eq!(r.header("content-type"), "application/x-amz-json-1.1");
    assert!(uuid::Uuid::parse_str(r.header("x-amzn-requestid")).is_ok());
    assert_eq!(body["UserConfirmed"], json!(false));
    let sub = body["UserSub"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(sub).unwrap().get_version_num(), 4);
    assert_eq!(
        body["CodeDeliveryDetails"],
        json!({"Destination": "T***@E***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );

    let messages = emu.state.messages();
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    assert_eq!(m.to, "Taro@Example.com");
    assert_eq!(m.code.len(), 6);
    assert!(m.code.bytes().all(|b| b.is_ascii_digit()));
    assert!(m.body.contains(&m.code));

    // Signing in before confirming says so (with the right password only).
    emu.sign_in("taro@example.com", PASSWORD)
        .await
        .assert_error("UserNotConfirmedException", "User is not confirmed.");
    emu.sign_in("taro@example.com", "Wrong-Horse-9")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_and_srp_verifier_only() {
    let emu = emu();
    let sub = emu.sign_up("hash@example.com").await.ok()["UserSub"]
        .as_str()
        .unwrap()
        .to_owned();
    let raw = std::fs::read_to_string(emu.dir.path().join("state.json")).unwrap();
    assert!(!raw.contains(PASSWORD), "plaintext password in state.json");
    let state: Value = serde_json::from_str(&raw).unwrap();
    let user = &state["pools"][POOL_ID]["users"][&sub];
    assert_eq!(user["username"], json!(sub));
    assert!(user["password_hash"]
        .as_str()
        .unwrap()
        .starts_with("$argon2id$"));
    let salt = user["srp"]["salt"].as_str().unwrap();
    assert_eq!(salt.len(), 32);
    // USER_ID_FOR_SRP is the internal username; poolName the part after `_`.
    let expected = srp::verifier(salt, "Local", &sub, PASSWORD).to_str_radix(16);
    assert_eq!(user["srp"]["verifier"], json!(expected));
}

#[tokio::test]
async fn an_existing_email_is_refused_case_insensitively() {
    let emu = emu();
    emu.sign_up("dup@example.com").await.ok();
    emu.sign_up("DUP@example.COM").await.assert_error(
        "UsernameExistsException",
        "An account with the given email already exists.",
    );
}

#[tokio::test]
async fn password_policy_reports_the_first_unmet_rule() {
    let emu = emu();
    for (password, rule) in [
        ("Sh0rt!", "Password not long enough"),
        ("alllowercase-9", "Password must have uppercase characters"),
        ("ALLUPPERCASE-9", "Password must have lowercase characters"),
        ("No-Numbers-Here", "Password must have numeric characters"),
        ("NoSymbols12345", "Password must have symbol characters"),
    ] {
        emu.call(
            "SignUp",
            json!({
                "ClientId": CLIENT_ID, "Username": "p@example.com", "Password": password,
                "UserAttributes": [{"Name": "name", "Value": "P"}]
            }),
        )
        .await
        .assert_error(
            "InvalidPasswordException",
            &format!("Password did not conform with policy: {rule}"),
        );
    }
    assert!(emu.state.messages().is_empty());
}

#[tokio::test]
async fn attributes_are_checked_against_the_schema() {
    let emu = emu();
    let sign_up = |username: &str, attrs: Value| {
        emu.call(
            "SignUp",
            json!({"ClientId": CLIENT_ID, "Username": username, "Password": PASSWORD, "UserAttributes": attrs}),
        )
    };
    sign_up(
        "a@example.com",
        json!([{"Name": "email", "Value": "a@example.com"}]),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "Attributes did not conform to the schema: name: The attribute is required",
    );
    sign_up("taro", json!([{"Name": "name", "Value": "T"}]))
        .await
        .assert_error("InvalidParameterException", "Username should be an email.");
    sign_up("a@b", json!([{"Name": "name", "Value": "T"}]))
        .await
        .assert_error("InvalidParameterException", "Invalid email address format.");
    sign_up(
        "a@example.com",
        json!([{"Name": "name", "Value": "T"}, {"Name": "favourite_colour", "Value": "blue"}]),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "Attributes did not conform to the schema: Type for attribute {favourite_colour} could not be determined",
    );
    sign_up(
        "a@example.com",
        json!([{"Name": "name", "Value": "T"}, {"Name": "email_verified", "Value": "true"}]),
    )
    .await
    .assert_error(
        "NotAuthorizedException",
        "A client attempted to write unauthorized attribute",
    );
    // Custom attributes are accepted and come back from GetUser.
    let emu2 = common::emu_with(auto_confirm(false));
    emu2.call(
        "SignUp",
        json!({"ClientId": CLIENT_ID, "Username": "c@example.com", "Password": PASSWORD,
               "UserAttributes": [{"Name": "name", "Value": "C"}, {"Name": "custom:plan", "Value": "pro"}]}),
    )
    .await
    .ok();
    let access = emu2.tokens("c@example.com").await["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let attrs = emu2.get_user(&access).await.ok()["UserAttributes"].clone();
    assert!(attrs
        .as_array()
        .unwrap()
        .contains(&json!({"Name": "custom:plan", "Value": "pro"})));
}

#[tokio::test]
async fn missing_members_and_unknown_clients_use_aws_wording() {
    let emu = emu();
    emu.call("SignUp", json!({"ClientId": CLIENT_ID, "Password": PASSWORD}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null",
        );
    emu.call("SignUp", json!({"Password": PASSWORD}))
        .await
        .assert_error(
            "InvalidParameterException",
            "2 validation errors detected: Value null at 'clientId' failed to satisfy constraint: \
             Member must not be null; Value null at 'username' failed to satisfy constraint: Member must not be null",
        );
    emu.call(
        "ConfirmSignUp",
        json!({"ClientId": CLIENT_ID, "Username": "x@example.com", "ConfirmationCode": "12 34"}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value '12 34' at 'confirmationCode' failed to satisfy constraint: \
         Member must satisfy regular expression pattern: [\\S]+",
    );
    emu.call(
        "SignUp",
        json!({"ClientId": "nope", "Username": "x@example.com", "Password": PASSWORD}),
    )
    .await
    .assert_error(
        "ResourceNotFoundException",
        "User pool client nope does not exist.",
    );
    emu.call(
        "SignUp",
        json!({"ClientId": CLIENT_ID, "Username": 5, "Password": PASSWORD}),
    )
    .await
    .assert_error(
        "SerializationException",
        "Member Username must be a string.",
    );
}

fn auto_confirm(verify: bool) -> Config {
    let mut config = Config::seed();
    config.pools[0].pre_sign_up.auto_confirm = true;
    config.pools[0].pre_sign_up.auto_verify_email = verify;
    config
}

#[tokio::test]
async fn pre_sign_up_domain_rule() {
    let mut config = Config::seed();
    config.pools[0].pre_sign_up.allowed_email_domains = vec!["example.com".into()];
    let emu = common::emu_with(config);
    emu.sign_up("eve@evil.example.org").await.assert_error(
        "UserLambdaValidationException",
        "PreSignUp failed with error Email domain evil.example.org is not allowed.",
    );
    assert!(emu.state.messages().is_empty());
    emu.sign_up("ok@EXAMPLE.com").await.ok();
}

#[tokio::test]
async fn pre_sign_up_auto_confirm_with_and_without_verification() {
    for verify in [false, true] {
        let emu = common::emu_with(auto_confirm(verify));
        let body = emu.sign_up("auto@example.com").await.ok();
        assert_eq!(body["UserConfirmed"], json!(true));
        assert!(body.get("CodeDeliveryDetails").is_none(), "{body}");
        assert!(emu.state.messages().is_empty());
        let access = emu.tokens("auto@example.com").await["AccessToken"]
            .as_str()
            .unwrap()
            .to_owned();
        let attrs = emu.get_user(&access).await.ok()["UserAttributes"].clone();
        assert!(attrs
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": verify.to_string()})));
    }
}

#[tokio::test]
async fn confirm_sign_up_checks_the_code_once() {
    let emu = emu();
    emu.sign_up("c@example.com").await.ok();
    let code = emu.last_code("c@example.com");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    emu.confirm("c@example.com", wrong).await.assert_error(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    );
    assert_eq!(emu.confirm("C@EXAMPLE.COM", &code).await.ok(), json!({}));
    emu.confirm("c@example.com", &code).await.assert_error(
        "NotAuthorizedException",
        "User cannot be confirmed. Current status is CONFIRMED",
    );
    let access = emu.tokens("c@example.com").await["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let attrs = emu.get_user(&access).await.ok()["UserAttributes"].clone();
    assert!(attrs
        .as_array()
        .unwrap()
        .contains(&json!({"Name": "email_verified", "Value": "true"})));
}

#[tokio::test]
async fn confirm_sign_up_errors() {
    let emu = emu();
    // PreventUserExistenceErrors (the seed's): an unknown user's code just
    // does not match; LEGACY says the user does not exist.
    emu.confirm("nobody@example.com", "123456")
        .await
        .assert_error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    let mut config = Config::seed();
    config.pools[0].clients[0].prevent_user_existence_errors = false;
    common::emu_with(config)
        .confirm("nobody@example.com", "123456")
        .await
        .assert_error(
            "UserNotFoundException",
            "Username/client id combination not found.",
        );
    emu.sign_up("late@example.com").await.ok();
    let code = emu.last_code("late@example.com");
    emu.state.clock().advance(24 * 3600);
    emu.confirm("late@example.com", &code).await.assert_error(
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
    );
}

#[tokio::test]
async fn wrong_codes_are_limited_per_code() {
    let emu = emu();
    emu.sign_up("brute@example.com").await.ok();
    let code = emu.last_code("brute@example.com");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        emu.confirm("brute@example.com", wrong).await.assert_error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    }
    // Even the right code is refused now: the attempt budget is spent.
    emu.confirm("brute@example.com", &code).await.assert_error(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    // A new code restores the budget.
    emu.call(
        "ResendConfirmationCode",
        json!({"ClientId": CLIENT_ID, "Username": "brute@example.com"}),
    )
    .await
    .ok();
    let fresh = emu.last_code("brute@example.com");
    assert_eq!(
        emu.confirm("brute@example.com", &fresh).await.ok(),
        json!({})
    );
}

#[tokio::test]
async fn resend_replaces_the_code_and_is_rate_limited() {
    let emu = emu();
    emu.state.clock().freeze();
    emu.sign_up("r@example.com").await.ok();
    let first = emu.last_code("r@example.com");
    let resend = || {
        emu.call(
            "ResendConfirmationCode",
            json!({"ClientId": CLIENT_ID, "Username": "r@example.com"}),
        )
    };
    for _ in 0..5 {
        assert_eq!(
            resend().await.ok(),
            json!({"CodeDeliveryDetails": {"Destination": "r***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}})
        );
    }
    assert_eq!(emu.state.messages().len(), 6);
    resend().await.assert_error(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    emu.state.clock().advance(3600);
    resend().await.ok();
    let latest = emu.last_code("r@example.com");
    if latest != first {
        emu.confirm("r@example.com", &first).await.assert_error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    }
    assert_eq!(emu.confirm("r@example.com", &latest).await.ok(), json!({}));
    resend()
        .await
        .assert_error("InvalidParameterException", "User is already confirmed.");
}

#[tokio::test]
async fn resend_to_an_unknown_user_depends_on_prevent_user_existence_errors() {
    let emu = emu();
    let body = emu
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": CLIENT_ID, "Username": "ghost@example.com"}),
        )
        .await
        .ok();
    assert_eq!(
        body,
        json!({"CodeDeliveryDetails": {"Destination": "g***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}})
    );
    assert!(emu.state.messages().is_empty());

    let mut config = Config::seed();
    config.pools[0].clients[0].prevent_user_existence_errors = false;
    let legacy = common::emu_with(config);
    legacy
        .call(
            "ResendConfirmationCode",
            json!({"ClientId": CLIENT_ID, "Username": "ghost@example.com"}),
        )
        .await
        .assert_error(
            "UserNotFoundException",
            "Username/client id combination not found.",
        );
}
