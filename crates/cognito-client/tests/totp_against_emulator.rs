//! TOTP MFA through the protocol core against the local emulator over real
//! HTTP: enrolment with an access token, sign-in with a code, and the
//! `MFA_SETUP` path of a pool that requires MFA, checked against the typed
//! flow steps.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cognito_client::flow::{after_sign_in, is_expired_session, AuthStep};
use cognito_client::ops::{AttributeType, CHALLENGE_MFA_SETUP, CHALLENGE_SOFTWARE_TOKEN_MFA};
use cognito_client::secret::Password;
use cognito_client::totp::{otpauth_uri, Base32Secret};
use cognito_client::ErrorKind;
use cognito_emulator::config::MfaConfiguration;
use support::{assert_service_error, unique_email, Emulator, GOOD_PASSWORD};

async fn start(mfa: MfaConfiguration, session_seconds: u32) -> Emulator {
    let mut config = cognito_emulator::Config::seed();
    config.pools[0].mfa_configuration = mfa;
    config.pools[0].clients[0].auth_session_validity_seconds = session_seconds;
    let emu = Emulator::start_with(config).await;
    emu.running.state().clock().freeze();
    emu
}

fn now(emu: &Emulator) -> i64 {
    emu.running.state().clock().now()
}

async fn confirmed(emu: &Emulator, email: &str) {
    let client = emu.client();
    client
        .sign_up(
            email,
            &Password::new(GOOD_PASSWORD),
            vec![
                AttributeType::new("email", email),
                AttributeType::new("name", "山田 太郎"),
            ],
        )
        .await
        .unwrap();
    let code = emu.latest_code(email).await;
    client.confirm_sign_up(email, &code).await.unwrap();
}

/// A code that is wrong at `t` (outside the ±1 step window).
fn wrong_code(secret: &Base32Secret, t: i64) -> String {
    let near: Vec<String> = (-1..=1).map(|k| secret.code_at(t + 30 * k)).collect();
    ["000000", "111111", "222222", "333333"]
        .into_iter()
        .find(|c| !near.iter().any(|n| n == c))
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrol_with_an_access_token_then_sign_in_with_a_code() {
    let emu = start(MfaConfiguration::Optional, 180).await;
    let client = emu.client();
    let email = unique_email("totp");
    confirmed(&emu, &email).await;
    let password = Password::new(GOOD_PASSWORD);

    let result = client.initiate_user_password_auth(&email, &password).await;
    let AuthStep::SignedIn(tokens) = after_sign_in(&email, result, now(&emu)).unwrap() else {
        panic!("no MFA yet: tokens expected")
    };
    let associated = client
        .associate_software_token_with_access_token(&tokens.access_token)
        .await
        .unwrap();
    assert!(associated.session.is_none());
    let secret = Base32Secret::parse(associated.secret_code.expose()).unwrap();
    assert_eq!(secret.as_bytes().len(), 20);
    let uri = otpauth_uri(
        "Leptos Cognito: local",
        &email,
        associated.secret_code.expose(),
    );
    assert!(uri.starts_with("otpauth://totp/Leptos%20Cognito%3A%20local:totp-"));

    assert_service_error(
        client
            .verify_software_token(
                Some(&tokens.access_token),
                None,
                &wrong_code(&secret, now(&emu)),
                Some("phone"),
            )
            .await,
        ErrorKind::EnableSoftwareTokenMfa,
        "Code mismatch",
    );
    let verified = client
        .verify_software_token(
            Some(&tokens.access_token),
            None,
            &secret.code_at(now(&emu)),
            Some("phone"),
        )
        .await
        .unwrap();
    assert!(verified.is_success());
    assert!(verified.session.is_none());
    client
        .set_software_token_mfa_preference(&tokens.access_token, true)
        .await
        .unwrap();
    let user = client.get_user(&tokens.access_token).await.unwrap();
    assert_eq!(
        user.preferred_mfa_setting.as_deref(),
        Some("SOFTWARE_TOKEN_MFA")
    );
    assert_eq!(
        user.user_mfa_setting_list,
        Some(vec!["SOFTWARE_TOKEN_MFA".to_owned()])
    );

    // The verifying code's step is spent; sign in one step later.
    emu.running.state().clock().advance(30);
    let response = client
        .initiate_user_password_auth(&email, &password)
        .await
        .unwrap();
    assert_eq!(
        response.challenge_name.as_deref(),
        Some(CHALLENGE_SOFTWARE_TOKEN_MFA)
    );
    let session = response.session.clone().expect("challenge session");
    assert_eq!(
        after_sign_in(&email, Ok(response), 0).unwrap(),
        AuthStep::SoftwareTokenMfa {
            username: email.clone(),
            session: session.clone()
        }
    );

    let wrong = client
        .respond_to_software_token_mfa(&email, &session, &wrong_code(&secret, now(&emu)))
        .await;
    {
        let next = cognito_client::flow::after_software_token_mfa(
            &email,
            &session,
            wrong.clone(),
            now(&emu),
        );
        assert!(matches!(next.step, AuthStep::SoftwareTokenMfa { .. }));
    }
    assert_service_error(
        wrong,
        ErrorKind::CodeMismatch,
        "Invalid code received for user",
    );
    let code = secret.code_at(now(&emu));
    let answered = client
        .respond_to_software_token_mfa(&email, &session, &code)
        .await;
    assert!(matches!(
        after_sign_in(&email, answered, now(&emu)).unwrap(),
        AuthStep::SignedIn(_)
    ));
    let reused = client
        .respond_to_software_token_mfa(&email, &session, &code)
        .await
        .unwrap_err();
    assert!(is_expired_session(&reused), "{reused:?}");
    assert_eq!(
        reused.to_string(),
        "NotAuthorized: Invalid session for the user, session can only be used once."
    );
    client
        .set_software_token_mfa_preference(&tokens.access_token, false)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn required_mfa_sets_up_totp_during_sign_in() {
    let emu = start(MfaConfiguration::On, 180).await;
    let client = emu.client();
    let email = unique_email("setup");
    confirmed(&emu, &email).await;

    let response = client
        .initiate_user_password_auth(&email, &Password::new(GOOD_PASSWORD))
        .await
        .unwrap();
    assert_eq!(
        response.challenge_name.as_deref(),
        Some(CHALLENGE_MFA_SETUP)
    );
    let session = response.session.clone().unwrap();
    let associated = client
        .associate_software_token_with_session(&session)
        .await
        .unwrap();
    let secret = Base32Secret::parse(associated.secret_code.expose()).unwrap();
    let verify_session = associated.session.clone().expect("session to verify with");
    let verified = client
        .verify_software_token(
            None,
            Some(&verify_session),
            &secret.code_at(now(&emu)),
            Some("Authenticator"),
        )
        .await;
    {
        use cognito_client::flow::{
            after_associate_for_setup, after_verify_for_setup, SetupVerified,
        };
        assert_eq!(
            after_sign_in(&email, Ok(response), 0).unwrap(),
            AuthStep::MfaSetup {
                username: email.clone(),
                session: session.clone()
            }
        );
        let next = after_associate_for_setup(&email, &session, Ok(associated.clone()));
        assert!(matches!(next.step, AuthStep::MfaSetupVerify { .. }));
        assert!(matches!(
            after_verify_for_setup(
                &email,
                &verify_session,
                &associated.secret_code,
                verified.clone()
            ),
            SetupVerified::Respond(_)
        ));
    }
    let final_session = verified.unwrap().session.expect("session for MFA_SETUP");
    let answered = client.respond_to_mfa_setup(&email, &final_session).await;
    let AuthStep::SignedIn(tokens) = after_sign_in(&email, answered, now(&emu)).unwrap() else {
        panic!("MFA_SETUP answered: tokens expected")
    };
    let user = client.get_user(&tokens.access_token).await.unwrap();
    assert_eq!(
        user.preferred_mfa_setting.as_deref(),
        Some("SOFTWARE_TOKEN_MFA")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_setup_session_sends_the_user_back_to_sign_in() {
    let emu = start(MfaConfiguration::On, 3).await;
    let client = emu.client();
    let email = unique_email("expired");
    confirmed(&emu, &email).await;
    let session = client
        .initiate_user_password_auth(&email, &Password::new(GOOD_PASSWORD))
        .await
        .unwrap()
        .session
        .unwrap();
    emu.running.state().clock().advance(3);
    let result = client.associate_software_token_with_session(&session).await;
    assert_eq!(
        cognito_client::flow::after_associate_for_setup(&email, &session, result.clone()).step,
        AuthStep::SignIn {
            username: email.clone()
        }
    );
    let error = result.unwrap_err();
    assert!(is_expired_session(&error), "{error:?}");
    assert_service_error(
        Err::<(), _>(error),
        ErrorKind::NotAuthorized,
        "Invalid session for the user, session is expired.",
    );
}
