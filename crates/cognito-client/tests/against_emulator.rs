//! The protocol core driven against the local emulator over real HTTP, for
//! every operation of the walking skeleton and every error it names.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cognito_client::flow::{after_sign_in, AuthStep};
use cognito_client::jwt::claims_unverified;
use cognito_client::ops::AttributeType;
use cognito_client::secret::{Password, RefreshToken};
use cognito_client::{CognitoError, ErrorKind};
use support::{assert_service_error, unique_email, Emulator, GOOD_PASSWORD};

fn attrs(email: &str) -> Vec<AttributeType> {
    vec![
        AttributeType::new("email", email),
        AttributeType::new("name", "山田 太郎"),
    ]
}

async fn signed_up_and_confirmed(emu: &Emulator, email: &str) {
    let client = emu.client();
    client
        .sign_up(email, &Password::new(GOOD_PASSWORD), attrs(email))
        .await
        .expect("sign-up");
    let code = emu.latest_code(email).await;
    client.confirm_sign_up(email, &code).await.expect("confirm");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_confirm_sign_in_get_user_refresh_and_global_sign_out() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("happy");

    let signed_up = client
        .sign_up(&email, &Password::new(GOOD_PASSWORD), attrs(&email))
        .await
        .unwrap();
    assert!(!signed_up.user_confirmed);
    assert_eq!(signed_up.user_sub.len(), 36, "sub is a UUID");
    let delivery = signed_up.code_delivery_details.expect("code delivery");
    assert_eq!(delivery.delivery_medium.as_deref(), Some("EMAIL"));
    assert_eq!(delivery.attribute_name.as_deref(), Some("email"));
    assert!(delivery.destination.unwrap().contains("***"));

    let code = emu.latest_code(&email).await;
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    client.confirm_sign_up(&email, &code).await.unwrap();
    // Single use: the user is now confirmed.
    assert_service_error(
        client.confirm_sign_up(&email, &code).await,
        ErrorKind::NotAuthorized,
        "User cannot be confirmed. Current status is CONFIRMED",
    );

    let result = client
        .initiate_user_password_auth(&email, &Password::new(GOOD_PASSWORD))
        .await;
    let AuthStep::SignedIn(tokens) = after_sign_in(&email, result, 0).unwrap() else {
        panic!("expected tokens")
    };
    let id = claims_unverified(tokens.id_token.expose()).unwrap();
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["aud"], "localclient");
    assert_eq!(id["email"], email.as_str());
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["name"], "山田 太郎");
    assert_eq!(id["sub"], signed_up.user_sub.as_str());
    assert_eq!(
        id["iss"],
        format!("{}/ap-northeast-1_Local", emu.running.base_url).as_str()
    );
    let access = claims_unverified(tokens.access_token.expose()).unwrap();
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["client_id"], "localclient");
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert!(access.get("aud").is_none(), "access tokens carry no aud");
    assert_eq!(access["origin_jti"], id["origin_jti"]);

    let user = client.get_user(&tokens.access_token).await.unwrap();
    assert_eq!(user.attribute("email"), Some(email.as_str()));
    assert_eq!(user.attribute("email_verified"), Some("true"));
    assert_eq!(user.attribute("sub"), Some(signed_up.user_sub.as_str()));

    let refresh_token = tokens.refresh_token.clone().expect("refresh token");
    let refreshed = client
        .initiate_refresh_token_auth(&refresh_token)
        .await
        .unwrap();
    let result = refreshed.authentication_result.expect("tokens");
    assert!(
        result.refresh_token.is_none(),
        "REFRESH_TOKEN_AUTH returns no new refresh token"
    );
    assert!(result.id_token.is_some());

    client.global_sign_out(&result.access_token).await.unwrap();
    assert_service_error(
        client.get_user(&tokens.access_token).await,
        ErrorKind::NotAuthorized,
        "Access Token has been revoked",
    );
    assert_service_error(
        client.initiate_refresh_token_auth(&refresh_token).await,
        ErrorKind::NotAuthorized,
        "Refresh Token has been revoked",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_errors() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("errors");
    signed_up_and_confirmed(&emu, &email).await;

    assert_service_error(
        client
            .initiate_user_password_auth(&email, &Password::new("Wrong-password-1"))
            .await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );
    // PreventUserExistenceErrors: an unknown user looks like a wrong password.
    assert_service_error(
        client
            .initiate_user_password_auth(&unique_email("nobody"), &Password::new(GOOD_PASSWORD))
            .await,
        ErrorKind::NotAuthorized,
        "Incorrect username or password.",
    );

    let unconfirmed = unique_email("unconfirmed");
    client
        .sign_up(
            &unconfirmed,
            &Password::new(GOOD_PASSWORD),
            attrs(&unconfirmed),
        )
        .await
        .unwrap();
    assert_service_error(
        client
            .initiate_user_password_auth(&unconfirmed, &Password::new(GOOD_PASSWORD))
            .await,
        ErrorKind::UserNotConfirmed,
        "User is not confirmed.",
    );

    assert_service_error(
        client
            .initiate_refresh_token_auth(&RefreshToken::new("not-a-refresh-token"))
            .await,
        ErrorKind::NotAuthorized,
        "Invalid Refresh Token.",
    );

    assert_service_error(
        emu.client_for("nosuchclient")
            .initiate_user_password_auth(&email, &Password::new(GOOD_PASSWORD))
            .await,
        ErrorKind::ResourceNotFound,
        "User pool client nosuchclient does not exist.",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_errors() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("dupe");
    signed_up_and_confirmed(&emu, &email).await;

    assert_service_error(
        client
            .sign_up(&email, &Password::new(GOOD_PASSWORD), attrs(&email))
            .await,
        ErrorKind::UsernameExists,
        "An account with the given email already exists.",
    );

    let weak = unique_email("weak");
    for (password, reason) in [
        ("Sh0rt!", "Password not long enough"),
        (
            "no-uppercase-123",
            "Password must have uppercase characters",
        ),
        (
            "NO-LOWERCASE-123",
            "Password must have lowercase characters",
        ),
        ("No-Numbers-Here", "Password must have numeric characters"),
        ("NoSymbols12345", "Password must have symbol characters"),
    ] {
        assert_service_error(
            client
                .sign_up(&weak, &Password::new(password), attrs(&weak))
                .await,
            ErrorKind::InvalidPassword,
            &format!("Password did not conform with policy: {reason}"),
        );
    }
    assert!(emu.messages(&weak).await.is_empty(), "no user, no mail");

    let nameless = unique_email("nameless");
    let result = client
        .sign_up(
            &nameless,
            &Password::new(GOOD_PASSWORD),
            vec![AttributeType::new("email", &nameless)],
        )
        .await;
    assert_eq!(
        result.unwrap_err().kind(),
        Some(&ErrorKind::InvalidParameter)
    );

    assert_eq!(
        emu.client_for("nosuchclient")
            .sign_up(&nameless, &Password::new(GOOD_PASSWORD), attrs(&nameless))
            .await
            .unwrap_err()
            .kind(),
        Some(&ErrorKind::ResourceNotFound)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirmation_code_errors_and_resend_limit() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let email = unique_email("codes");
    client
        .sign_up(&email, &Password::new(GOOD_PASSWORD), attrs(&email))
        .await
        .unwrap();
    let first = emu.latest_code(&email).await;
    let wrong = if first == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert_service_error(
        client.confirm_sign_up(&email, wrong).await,
        ErrorKind::CodeMismatch,
        "Invalid verification code provided, please try again.",
    );

    let resent = client.resend_confirmation_code(&email).await.unwrap();
    assert_eq!(
        resent
            .code_delivery_details
            .unwrap()
            .delivery_medium
            .as_deref(),
        Some("EMAIL")
    );
    assert_eq!(emu.messages(&email).await.len(), 2);
    let second = emu.latest_code(&email).await;
    if second != first {
        // The old code died with the new one.
        assert!(client.confirm_sign_up(&email, &first).await.is_err());
    }

    // ResendConfirmationCode is limited to 5 per user per hour
    // (docs/cognito-protocol.md §1.5): one was sent above, four more are
    // accepted, and the sixth is refused.
    for n in 2..=5 {
        if let Err(e) = client.resend_confirmation_code(&email).await {
            panic!("resend {n} of 5 within the hour was refused: {e:?}");
        }
    }
    let limited = client
        .resend_confirmation_code(&email)
        .await
        .expect_err("a sixth resend within the hour is refused");
    assert_eq!(
        limited.kind(),
        Some(&ErrorKind::LimitExceeded),
        "{limited:?}"
    );
    assert!(limited.to_string().contains("Attempt limit exceeded"));

    // The latest code still confirms.
    let latest = emu.latest_code(&email).await;
    client.confirm_sign_up(&email, &latest).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transport_failure_names_the_endpoint() {
    let port = support::free_port();
    let client = cognito_client::UserPoolClient::new(
        support::ReqwestTransport::default(),
        format!("http://127.0.0.1:{port}/"),
        "localclient",
    );
    match client.resend_confirmation_code("x@example.com").await {
        Err(CognitoError::Transport { endpoint, .. }) => {
            assert_eq!(endpoint, format!("http://127.0.0.1:{port}/"))
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}
