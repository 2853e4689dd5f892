//! ForgotPassword, ConfirmForgotPassword, ChangePassword, and how the
//! public code operations answer users that do not exist or cannot be
//! helped (with PreventUserExistenceErrors on and off).

mod common;

use cognito_emulator::{srp, Config};
use common::*;
use serde_json::{json, Value};

const NEW: &str = "Brand-New-Passw0rd!";

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn legacy() -> Emu {
    let mut config = Config::seed();
    config.pools[0].clients[0].prevent_user_existence_errors = false;
    emu_with(config)
}

impl Emu {
    async fn forgot(&self, username: &str) -> Resp {
        self.call(
            "ForgotPassword",
            json!({"ClientId": CLIENT_ID, "Username": username}),
        )
        .await
    }

    async fn confirm_forgot(&self, username: &str, code: &str, password: &str) -> Resp {
        self.call(
            "ConfirmForgotPassword",
            json!({"ClientId": CLIENT_ID, "Username": username,
                   "ConfirmationCode": code, "Password": password}),
        )
        .await
    }

    async fn change(&self, access: &str, previous: &str, proposed: &str) -> Resp {
        self.call(
            "ChangePassword",
            json!({"AccessToken": access, "PreviousPassword": previous,
                   "ProposedPassword": proposed}),
        )
        .await
    }
}

/// A six-digit code other than `code`.
fn other(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn forgot_password_resets_through_the_mailbox() {
    let emu = emu();
    let sub = emu.confirmed_user("forgot@example.com").await;
    let refresh = s(&emu.tokens("forgot@example.com").await["RefreshToken"]).to_owned();
    let r = emu.forgot("FORGOT@example.com").await.ok();
    assert_eq!(
        r,
        json!({"CodeDeliveryDetails": {
            "Destination": "f***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"
        }})
    );
    let message = emu.state.messages().last().unwrap().clone();
    assert_eq!(message.to, "forgot@example.com");
    assert_eq!(message.subject, "Your verification code");
    assert_eq!(
        message.body,
        format!("Your verification code is {}. ", message.code)
    );
    let code = message.code;
    assert_eq!(code.len(), 6);
    // Until the reset is confirmed the old password still works.
    emu.sign_in("forgot@example.com", PASSWORD).await.ok();

    emu.confirm_forgot("forgot@example.com", other(&code), NEW)
        .await
        .assert_error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    // A weak password is refused without using up the code.
    emu.confirm_forgot("forgot@example.com", &code, "weak")
        .await
        .assert_error(
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough",
        );
    assert_eq!(
        emu.confirm_forgot("forgot@example.com", &code, NEW)
            .await
            .ok(),
        json!({})
    );
    // Single use.
    emu.confirm_forgot("forgot@example.com", &code, NEW)
        .await
        .assert_error(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        );
    emu.sign_in("forgot@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.sign_in("forgot@example.com", NEW).await.ok();
    let stored = emu.state.user(POOL_ID, &sub).unwrap();
    assert_eq!(
        stored.srp.verifier,
        srp::verifier(&stored.srp.salt, "Local", &sub, NEW).to_str_radix(16)
    );
    // Other sessions stay signed in, as on AWS.
    emu.refresh(&refresh).await.ok();
}

#[tokio::test]
async fn a_new_code_voids_the_old_and_codes_expire_after_an_hour() {
    let emu = emu();
    emu.confirmed_user("codes@example.com").await;
    emu.forgot("codes@example.com").await.ok();
    let first = emu.last_code("codes@example.com");
    emu.forgot("codes@example.com").await.ok();
    let second = emu.last_code("codes@example.com");
    if first != second {
        emu.confirm_forgot("codes@example.com", &first, NEW)
            .await
            .assert_error(
                "CodeMismatchException",
                "Invalid verification code provided, please try again.",
            );
    }
    emu.state.clock().advance(3600);
    emu.confirm_forgot("codes@example.com", &second, NEW)
        .await
        .assert_error(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        );
}

#[tokio::test]
async fn reset_attempts_are_limited_per_hour() {
    let emu = emu();
    emu.confirmed_user("quota@example.com").await;
    for _ in 0..3 {
        emu.forgot("quota@example.com").await.ok();
    }
    let code = emu.last_code("quota@example.com");
    // Entering a code counts too: 3 requests + 2 wrong codes = 5.
    for _ in 0..2 {
        emu.confirm_forgot("quota@example.com", other(&code), NEW)
            .await
            .assert_error(
                "CodeMismatchException",
                "Invalid verification code provided, please try again.",
            );
    }
    let limited = (
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    emu.confirm_forgot("quota@example.com", &code, NEW)
        .await
        .assert_error(limited.0, limited.1);
    emu.forgot("quota@example.com")
        .await
        .assert_error(limited.0, limited.1);
    // An hour later the count starts again.
    emu.state.clock().advance(3600);
    emu.forgot("quota@example.com").await.ok();
    let code = emu.last_code("quota@example.com");
    emu.confirm_forgot("quota@example.com", &code, NEW)
        .await
        .ok();
}

#[tokio::test]
async fn forgot_password_for_users_it_cannot_help() {
    for emu in [emu(), legacy()] {
        let hide = emu.state.config().pools[0].clients[0].prevent_user_existence_errors;
        emu.sign_up("unconfirmed@example.com").await.ok();
        emu.confirmed_user("off@example.com").await;
        emu.admin(
            "AdminDisableUser",
            json!({"UserPoolId": POOL_ID, "Username": "off@example.com"}),
        )
        .await
        .ok();
        let sent = emu.state.messages().len();
        for (name, legacy_error) in [
            (
                "ghost@example.com",
                (
                    "UserNotFoundException",
                    "Username/client id combination not found.",
                ),
            ),
            (
                "unconfirmed@example.com",
                (
                    "InvalidParameterException",
                    "Cannot reset password for the user as there is no registered/verified email or phone_number",
                ),
            ),
            (
                "off@example.com",
                ("NotAuthorizedException", "User is disabled."),
            ),
        ] {
            let r = emu.forgot(name).await;
            if hide {
                // The answer a real user gets, to the masked typed name.
                let masked = format!("{}***@e***", &name[..1]);
                assert_eq!(
                    r.ok(),
                    json!({"CodeDeliveryDetails": {
                        "Destination": masked, "DeliveryMedium": "EMAIL", "AttributeName": "email"
                    }}),
                    "{name}"
                );
            } else {
                r.assert_error(legacy_error.0, legacy_error.1);
            }
        }
        assert_eq!(emu.state.messages().len(), sent, "nothing was sent");
        // An admin-created user who never signed in.
        emu.admin_create("invited@example.com", "Temporary-Passw0rd!")
            .await;
        emu.forgot("invited@example.com").await.assert_error(
            "NotAuthorizedException",
            "User password cannot be reset in the current state.",
        );
    }
}

#[tokio::test]
async fn confirm_forgot_password_for_users_without_a_code() {
    let emu = emu();
    emu.confirm_forgot("ghost@example.com", "123456", NEW)
        .await
        .assert_error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );
    emu.confirmed_user("nocode@example.com").await;
    emu.confirm_forgot("nocode@example.com", "123456", NEW)
        .await
        .assert_error(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        );
    emu.forgot("nocode@example.com").await.ok();
    let code = emu.last_code("nocode@example.com");
    emu.admin(
        "AdminDisableUser",
        json!({"UserPoolId": POOL_ID, "Username": "nocode@example.com"}),
    )
    .await
    .ok();
    emu.confirm_forgot("nocode@example.com", &code, NEW)
        .await
        .assert_error(
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        );

    let legacy = legacy();
    legacy
        .confirm_forgot("ghost@example.com", "123456", NEW)
        .await
        .assert_error(
            "UserNotFoundException",
            "Username/client id combination not found.",
        );
    emu.call(
        "ConfirmForgotPassword",
        json!({"ClientId": CLIENT_ID, "Username": "nocode@example.com",
               "ConfirmationCode": "", "Password": NEW}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "2 validation errors detected: Value '' at 'confirmationCode' failed to satisfy \
         constraint: Member must have length greater than or equal to 1; Value '' at \
         'confirmationCode' failed to satisfy constraint: Member must satisfy regular \
         expression pattern: [\\S]+",
    );
}

#[tokio::test]
async fn a_reset_ends_the_lockout() {
    let emu = emu();
    emu.confirmed_user("locked@example.com").await;
    // The first lockout lasts one second: frozen, the check cannot
    // straddle a second boundary (or a slow machine's pause).
    emu.state.clock().freeze();
    for _ in 0..5 {
        emu.sign_in("locked@example.com", "Wrong-Passw0rd!")
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }
    emu.sign_in("locked@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    emu.forgot("locked@example.com").await.ok();
    let code = emu.last_code("locked@example.com");
    emu.confirm_forgot("locked@example.com", &code, NEW)
        .await
        .ok();
    emu.sign_in("locked@example.com", NEW).await.ok();
}

#[tokio::test]
async fn change_password() {
    let emu = emu();
    let sub = emu.confirmed_user("change@example.com").await;
    let tokens = emu.tokens("change@example.com").await;
    let access = s(&tokens["AccessToken"]).to_owned();
    let refresh = s(&tokens["RefreshToken"]).to_owned();

    emu.change(&access, "Wrong-Passw0rd!", NEW)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.change(&access, PASSWORD, "weak").await.assert_error(
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    );
    assert_eq!(emu.change(&access, PASSWORD, NEW).await.ok(), json!({}));
    emu.sign_in("change@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.sign_in("change@example.com", NEW).await.ok();
    let stored = emu.state.user(POOL_ID, &sub).unwrap();
    assert_eq!(
        stored.srp.verifier,
        srp::verifier(&stored.srp.salt, "Local", &sub, NEW).to_str_radix(16)
    );
    emu.refresh(&refresh).await.ok();

    emu.call(
        "ChangePassword",
        json!({"AccessToken": access, "ProposedPassword": NEW}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value null at 'previousPassword' failed to satisfy \
         constraint: Member must not be null",
    );
    emu.change("not-a-token", NEW, PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Invalid Access Token");
    // Five calls an hour: three above, then two more, then refused.
    emu.change(&access, NEW, PASSWORD).await.ok();
    emu.change(&access, PASSWORD, NEW).await.ok();
    emu.change(&access, NEW, PASSWORD).await.assert_error(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
}

#[tokio::test]
async fn wrong_previous_passwords_count_towards_the_lockout() {
    let emu = emu();
    emu.confirmed_user("guess@example.com").await;
    let access = s(&emu.tokens("guess@example.com").await["AccessToken"]).to_owned();
    // As above: the one-second lockout is checked on a frozen clock.
    emu.state.clock().freeze();
    for _ in 0..4 {
        emu.change(&access, "Wrong-Passw0rd!", NEW)
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }
    emu.sign_in("guess@example.com", "Wrong-Passw0rd!")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.sign_in("guess@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    emu.change(&access, PASSWORD, NEW)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
}

#[tokio::test]
async fn change_password_after_an_admin_reset_is_refused() {
    let emu = emu();
    emu.confirmed_user("was-reset@example.com").await;
    let access = s(&emu.tokens("was-reset@example.com").await["AccessToken"]).to_owned();
    emu.admin(
        "AdminResetUserPassword",
        json!({"UserPoolId": POOL_ID, "Username": "was-reset@example.com"}),
    )
    .await
    .ok();
    emu.change(&access, PASSWORD, NEW).await.assert_error(
        "PasswordResetRequiredException",
        "Password reset required for the user",
    );
}

#[tokio::test]
async fn resend_confirmation_code_to_a_disabled_user() {
    for emu in [emu(), legacy()] {
        let hide = emu.state.config().pools[0].clients[0].prevent_user_existence_errors;
        emu.sign_up("disabled@example.com").await.ok();
        emu.admin(
            "AdminDisableUser",
            json!({"UserPoolId": POOL_ID, "Username": "disabled@example.com"}),
        )
        .await
        .ok();
        let sent = emu.state.messages().len();
        let r = emu
            .call(
                "ResendConfirmationCode",
                json!({"ClientId": CLIENT_ID, "Username": "disabled@example.com"}),
            )
            .await;
        if hide {
            assert_eq!(r.ok()["CodeDeliveryDetails"]["Destination"], "d***@e***");
        } else {
            r.assert_error("NotAuthorizedException", "User is disabled.");
        }
        assert_eq!(emu.state.messages().len(), sent);
    }
}
