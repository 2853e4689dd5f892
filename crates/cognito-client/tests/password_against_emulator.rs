//! Password sign-in as the app runs it, through the protocol core against
//! the local emulator over real HTTP: `USER_SRP_AUTH` (with and without
//! TOTP), `NEW_PASSWORD_REQUIRED` for a user an administrator created, the
//! forgotten-password reset through the mailbox, the reset an administrator
//! forces, and `ChangePassword` — each checked against the typed flow steps.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cognito_client::flow::{
    after_confirm_forgot_password, after_forgot_password, after_new_password, after_sign_in,
    after_software_token_mfa, AuthStep, Tokens,
};
use cognito_client::ops::{AttributeType, InitiateAuthResponse};
use cognito_client::secret::Password;
use cognito_client::totp::Base32Secret;
use cognito_client::{CognitoError, ErrorKind, Transport, UserPoolClient};
use cognito_emulator::config::MfaConfiguration;
use serde_json::json;
use support::{assert_service_error, epoch_seconds, fresh_srp, unique_email, Emulator};

const POOL_ID: &str = test_support::local::POOL_ID;
const PASSWORD: &str = "Correct-Horse-9-battery";
const NEW_PASSWORD: &str = "Brand-New-Passw0rd!";

/// `USER_SRP_AUTH` with a fresh `a`, as the app signs in.
async fn srp<T: Transport>(
    client: &UserPoolClient<T>,
    email: &str,
    password: &str,
) -> Result<InitiateAuthResponse, CognitoError> {
    client
        .sign_in_with_srp(
            POOL_ID,
            email,
            &Password::new(password),
            &fresh_srp(),
            epoch_seconds,
        )
        .await
}

/// Signs in with SRP and expects tokens.
async fn srp_tokens(emu: &Emulator, email: &str, password: &str) -> Tokens {
    let result = srp(&emu.client(), email, password).await;
    match after_sign_in(email, result, 0) {
        Ok(AuthStep::SignedIn(tokens)) => tokens,
        other => panic!("SRP sign-in of {email}: expected tokens, got {other:?}"),
    }
}

async fn confirmed(emu: &Emulator, email: &str) {
    let client = emu.client();
    client
        .sign_up(
            email,
            &Password::new(PASSWORD),
            vec![
                AttributeType::new("email", email),
                AttributeType::new("name", "山田 花子"),
            ],
        )
        .await
        .unwrap();
    let code = emu.latest_code(email).await;
    client.confirm_sign_up(email, &code).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn srp_signs_in_with_the_right_password_only() {
    let emu = Emulator::start().await;
    let email = unique_email("srp");
    confirmed(&emu, &email).await;

    let tokens = srp_tokens(&emu, &email, PASSWORD).await;
    let user = emu.client().get_user(&tokens.access_token).await.unwrap();
    assert_eq!(user.attribute("email"), Some(email.as_str()));
    assert!(tokens.refresh_token.is_some());

    assert_service_error(
        srp(&emu.client(), &email, "Wrong-Horse-9-battery").await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
    // PreventUserExistenceErrors: an unknown user gets a challenge too, and
    // the same answer as a wrong password.
    assert_service_error(
        srp(&emu.client(), &unique_email("nobody"), PASSWORD).await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
    // The seeded administrator signs in with SRP as well.
    srp_tokens(&emu, "admin@example.com", "Local-Admin-Passw0rd!").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn srp_then_the_authenticator_code() {
    let mut config = cognito_emulator::Config::seed();
    config.pools[0].mfa_configuration = MfaConfiguration::Optional;
    let emu = Emulator::start_with(config).await;
    let clock = emu.running.state().clock().clone();
    clock.freeze();
    let client = emu.client();
    let email = unique_email("srp-totp");
    confirmed(&emu, &email).await;

    let tokens = srp_tokens(&emu, &email, PASSWORD).await;
    let associated = client
        .associate_software_token_with_access_token(&tokens.access_token)
        .await
        .unwrap();
    let secret = Base32Secret::parse(associated.secret_code.expose()).unwrap();
    let verified = client
        .verify_software_token(
            Some(&tokens.access_token),
            None,
            &secret.code_at(clock.now()),
            None,
        )
        .await
        .unwrap();
    assert!(verified.is_success());
    client
        .set_software_token_mfa_preference(&tokens.access_token, true)
        .await
        .unwrap();
    // The enrolling code's time step is spent.
    clock.advance(30);

    let step = after_sign_in(&email, srp(&client, &email, PASSWORD).await, clock.now()).unwrap();
    let AuthStep::SoftwareTokenMfa { username, session } = step else {
        panic!("SRP with TOTP on: expected the code step, got {step:?}")
    };
    assert_eq!(username, email);
    let answered = client
        .respond_to_software_token_mfa(&email, &session, &secret.code_at(clock.now()))
        .await;
    let next = after_software_token_mfa(&email, &session, answered, clock.now());
    assert!(matches!(next.step, AuthStep::SignedIn(_)), "{next:?}");

    // A wrong password never reaches the code step.
    assert_service_error(
        srp(&client, &email, "Wrong-Horse-9-battery").await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_created_user_sets_a_new_password_and_the_missing_name() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("invited");
    emu.admin(
        "AdminCreateUser",
        json!({
            "UserPoolId": POOL_ID,
            "Username": email,
            "TemporaryPassword": "Temporary-Passw0rd!",
            "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email_verified", "Value": "true"}],
        }),
    )
    .await;

    let step = after_sign_in(&email, srp(&client, &email, "Temporary-Passw0rd!").await, 0).unwrap();
    let AuthStep::NewPasswordRequired {
        username,
        session,
        required_attributes,
        user_attributes,
    } = step
    else {
        panic!("expected NEW_PASSWORD_REQUIRED, got {step:?}")
    };
    assert_eq!(username, email);
    // The seed pool requires `name`, which the administrator did not set.
    assert_eq!(required_attributes, ["name"]);
    assert_eq!(
        user_attributes.get("email").map(String::as_str),
        Some(email.as_str())
    );

    let answer = |password: &'static str, attributes: Vec<AttributeType>| {
        let (client, email, session) = (client.clone(), email.clone(), session.clone());
        async move {
            client
                .respond_to_new_password_required(
                    &email,
                    &session,
                    &Password::new(password),
                    &attributes,
                )
                .await
        }
    };
    let next = |result| {
        after_new_password(
            &email,
            &session,
            &required_attributes,
            &user_attributes,
            result,
            0,
        )
    };

    // Without the name, or with a weak password: refused, the step stays.
    let missing = answer(NEW_PASSWORD, vec![]).await;
    let stay = next(missing.clone());
    assert!(
        matches!(stay.step, AuthStep::NewPasswordRequired { .. }),
        "{stay:?}"
    );
    assert_service_error(
        missing,
        ErrorKind::InvalidParameter,
        "Invalid attributes given, name is missing",
    );
    let weak = answer("weak", vec![AttributeType::new("name", "Hanako")]).await;
    assert!(matches!(
        next(weak.clone()).step,
        AuthStep::NewPasswordRequired { .. }
    ));
    assert_eq!(weak.unwrap_err().kind(), Some(&ErrorKind::InvalidPassword));

    // Both right: signed in, with the name set.
    let done = next(answer(NEW_PASSWORD, vec![AttributeType::new("name", "Hanako")]).await);
    let AuthStep::SignedIn(tokens) = done.step else {
        panic!("expected tokens, got {done:?}")
    };
    let user = client.get_user(&tokens.access_token).await.unwrap();
    assert_eq!(user.attribute("name"), Some("Hanako"));

    // From now on the new password signs in; the temporary one does not.
    srp_tokens(&emu, &email, NEW_PASSWORD).await;
    assert_service_error(
        srp(&client, &email, "Temporary-Passw0rd!").await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_with_the_mailed_code() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("forgot");
    confirmed(&emu, &email).await;
    let before = emu.messages(&email).await.len();

    let response = client.forgot_password(&email).await.unwrap();
    let AuthStep::ConfirmForgotPassword { username, delivery } =
        after_forgot_password(&email, response)
    else {
        unreachable!()
    };
    assert_eq!(username, email);
    let delivery = delivery.expect("CodeDeliveryDetails");
    // Masked as Cognito masks it: first letter, ***@, first letter, ***.
    assert_eq!(
        delivery.destination.as_deref(),
        Some(format!("{}***@e***", &email[..1]).as_str())
    );
    assert_eq!(delivery.delivery_medium.as_deref(), Some("EMAIL"));
    assert_eq!(emu.messages(&email).await.len(), before + 1);
    let code = emu.latest_code(&email).await;

    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_service_error(
        client
            .confirm_forgot_password(&email, wrong, &Password::new(NEW_PASSWORD))
            .await,
        ErrorKind::CodeMismatch,
        "Invalid verification code provided, please try again.",
    );
    assert_eq!(
        client
            .confirm_forgot_password(&email, &code, &Password::new("weak"))
            .await
            .unwrap_err()
            .kind(),
        Some(&ErrorKind::InvalidPassword)
    );
    client
        .confirm_forgot_password(&email, &code, &Password::new(NEW_PASSWORD))
        .await
        .unwrap();
    assert_eq!(
        after_confirm_forgot_password(&email),
        AuthStep::SignIn {
            username: email.clone()
        }
    );
    // Single use.
    assert_eq!(
        client
            .confirm_forgot_password(&email, &code, &Password::new("Another-Passw0rd!"))
            .await
            .unwrap_err()
            .kind(),
        Some(&ErrorKind::ExpiredCode)
    );

    srp_tokens(&emu, &email, NEW_PASSWORD).await;
    assert_service_error(
        srp(&client, &email, PASSWORD).await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_required_user_is_sent_to_the_reset_and_completes_it() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("reset");
    confirmed(&emu, &email).await;
    emu.admin(
        "AdminResetUserPassword",
        json!({"UserPoolId": POOL_ID, "Username": email}),
    )
    .await;
    // AdminResetUserPassword mailed a code already.
    let code = emu.latest_code(&email).await;

    assert_eq!(
        after_sign_in(&email, srp(&client, &email, PASSWORD).await, 0),
        Ok(AuthStep::PasswordResetRequired {
            username: email.clone()
        })
    );
    assert_eq!(
        after_sign_in(
            &email,
            client
                .initiate_user_password_auth(&email, &Password::new(PASSWORD))
                .await,
            0
        ),
        Ok(AuthStep::PasswordResetRequired {
            username: email.clone()
        })
    );

    client
        .confirm_forgot_password(&email, &code, &Password::new(NEW_PASSWORD))
        .await
        .unwrap();
    srp_tokens(&emu, &email, NEW_PASSWORD).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_password_signs_in_and_the_old_one_no_longer_does() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("change");
    confirmed(&emu, &email).await;
    let tokens = srp_tokens(&emu, &email, PASSWORD).await;

    assert_service_error(
        client
            .change_password(
                &tokens.access_token,
                &Password::new("Not-The-Passw0rd!"),
                &Password::new(NEW_PASSWORD),
            )
            .await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
    assert_eq!(
        client
            .change_password(
                &tokens.access_token,
                &Password::new(PASSWORD),
                &Password::new("weak"),
            )
            .await
            .unwrap_err()
            .kind(),
        Some(&ErrorKind::InvalidPassword)
    );
    client
        .change_password(
            &tokens.access_token,
            &Password::new(PASSWORD),
            &Password::new(NEW_PASSWORD),
        )
        .await
        .unwrap();

    srp_tokens(&emu, &email, NEW_PASSWORD).await;
    assert_service_error(
        srp(&client, &email, PASSWORD).await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
    // USER_PASSWORD_AUTH agrees: both flows check the same password.
    assert!(matches!(
        after_sign_in(
            &email,
            client
                .initiate_user_password_auth(&email, &Password::new(NEW_PASSWORD))
                .await,
            0
        ),
        Ok(AuthStep::SignedIn(_))
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_without_srp_refuses_it_with_a_clear_error() {
    let mut config = cognito_emulator::Config::seed();
    config.pools[0].clients[0]
        .explicit_auth_flows
        .retain(|f| *f != cognito_emulator::config::ExplicitAuthFlow::UserSrpAuth);
    let emu = Emulator::start_with(config).await;
    let email = unique_email("nosrp");
    confirmed(&emu, &email).await;
    assert_service_error(
        srp(&emu.client(), &email, PASSWORD).await,
        ErrorKind::InvalidParameter,
        "USER_SRP_AUTH flow not enabled for this client",
    );
}
