//! The same client flows against moto, a third-party Cognito implementation:
//! evidence that our wire format is AWS's and not only our emulator's.
//! moto does not check confirmation codes, so any code confirms there.
//!
//! Sign-in stays on `USER_PASSWORD_AUTH` here: moto 5's `USER_SRP_AUTH`
//! answers a `PASSWORD_VERIFIER` challenge whose `SECRET_BLOCK` is a UUID
//! (not base64) and random `SALT`/`SRP_B`, and checks no signature, so there
//! is no SRP to agree with (SRP is checked against the emulator and against
//! pycognito's and amazon-cognito-identity-js's vectors instead).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cognito_client::flow::{after_new_password, after_sign_in, AuthStep};
use cognito_client::jwt::claims_unverified;
use cognito_client::ops::AttributeType;
use cognito_client::secret::Password;
use cognito_client::ErrorKind;
use support::{unique_email, Moto, GOOD_PASSWORD};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_walking_skeleton_flows_against_moto() {
    let moto = Moto::start().await;
    let (pool_id, client_id) = moto.pool_and_client().await;
    let client = moto.client(&client_id);
    let email = unique_email("moto");
    let attrs = vec![
        AttributeType::new("email", &email),
        AttributeType::new("name", "Moto User"),
    ];

    let signed_up = client
        .sign_up(&email, &Password::new(GOOD_PASSWORD), attrs.clone())
        .await
        .expect("SignUp on moto");
    assert!(!signed_up.user_confirmed);
    assert!(!signed_up.user_sub.is_empty());

    let duplicate = client
        .sign_up(&email, &Password::new(GOOD_PASSWORD), attrs)
        .await
        .unwrap_err();
    assert_eq!(
        duplicate.kind(),
        Some(&ErrorKind::UsernameExists),
        "{duplicate:?}"
    );

    let unconfirmed = client
        .initiate_user_password_auth(&email, &Password::new(GOOD_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(
        unconfirmed.kind(),
        Some(&ErrorKind::UserNotConfirmed),
        "{unconfirmed:?}"
    );

    client
        .confirm_sign_up(&email, "123456")
        .await
        .expect("ConfirmSignUp on moto");

    let wrong = client
        .initiate_user_password_auth(&email, &Password::new("Wrong-password-1"))
        .await
        .unwrap_err();
    assert_eq!(wrong.kind(), Some(&ErrorKind::NotAuthorized), "{wrong:?}");

    let result = client
        .initiate_user_password_auth(&email, &Password::new(GOOD_PASSWORD))
        .await;
    let AuthStep::SignedIn(tokens) = after_sign_in(&email, result, 0).expect("sign-in on moto")
    else {
        panic!("expected tokens from moto")
    };
    let id = claims_unverified(tokens.id_token.expose()).unwrap();
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["aud"], client_id.as_str());
    assert!(id["iss"].as_str().unwrap().ends_with(&pool_id));

    let user = client
        .get_user(&tokens.access_token)
        .await
        .expect("GetUser on moto");
    assert_eq!(user.attribute("email"), Some(email.as_str()));

    let refreshed = client
        .initiate_refresh_token_auth(tokens.refresh_token.as_ref().expect("refresh token"))
        .await
        .expect("REFRESH_TOKEN_AUTH on moto");
    assert!(refreshed.authentication_result.is_some());

    client
        .global_sign_out(&tokens.access_token)
        .await
        .expect("GlobalSignOut on moto");

    let unknown_client = moto
        .client("nosuchclient")
        .initiate_user_password_auth(&email, &Password::new(GOOD_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(
        unknown_client.kind(),
        Some(&ErrorKind::ResourceNotFound),
        "{unknown_client:?}"
    );
}

/// The TOTP operations' wire format against moto. moto accepts any code in
/// VerifySoftwareToken and the challenge answer, so only shapes are checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_operations_against_moto() {
    let moto = Moto::start().await;
    let (pool_id, client_id) = moto.pool_and_client().await;
    moto.admin(
        "SetUserPoolMfaConfig",
        serde_json::json!({
            "UserPoolId": pool_id,
            "SoftwareTokenMfaConfiguration": {"Enabled": true},
            "MfaConfiguration": "OPTIONAL"
        }),
    )
    .await;
    let client = moto.client(&client_id);
    let email = unique_email("moto-totp");
    let password = Password::new(GOOD_PASSWORD);
    client
        .sign_up(
            &email,
            &password,
            vec![
                AttributeType::new("email", &email),
                AttributeType::new("name", "Moto User"),
            ],
        )
        .await
        .unwrap();
    client.confirm_sign_up(&email, "123456").await.unwrap();
    let AuthStep::SignedIn(tokens) = after_sign_in(
        &email,
        client.initiate_user_password_auth(&email, &password).await,
        0,
    )
    .unwrap() else {
        panic!("expected tokens from moto")
    };

    let unverified = client
        .set_software_token_mfa_preference(&tokens.access_token, true)
        .await
        .unwrap_err();
    assert_eq!(
        unverified.kind(),
        Some(&ErrorKind::InvalidParameter),
        "{unverified:?}"
    );
    let associated = client
        .associate_software_token_with_access_token(&tokens.access_token)
        .await
        .expect("AssociateSoftwareToken on moto");
    assert!(!associated.secret_code.expose().is_empty());
    let verified = client
        .verify_software_token(Some(&tokens.access_token), None, "123456", Some("phone"))
        .await
        .expect("VerifySoftwareToken on moto");
    assert!(verified.is_success(), "{verified:?}");
    client
        .set_software_token_mfa_preference(&tokens.access_token, true)
        .await
        .expect("SetUserMFAPreference on moto");
    let user = client.get_user(&tokens.access_token).await.unwrap();
    assert_eq!(
        user.preferred_mfa_setting.as_deref(),
        Some("SOFTWARE_TOKEN_MFA")
    );

    let challenge = client
        .initiate_user_password_auth(&email, &password)
        .await
        .unwrap();
    assert_eq!(
        challenge.challenge_name.as_deref(),
        Some("SOFTWARE_TOKEN_MFA")
    );
    let session = challenge.session.expect("challenge session");
    let answered = client
        .respond_to_software_token_mfa(&email, &session, "123456")
        .await
        .expect("RespondToAuthChallenge on moto");
    assert!(answered.authentication_result.is_some());
}

/// The password operations' wire format against moto: `NEW_PASSWORD_REQUIRED`
/// for a user created by `AdminCreateUser` (moto sends no challenge
/// parameters), `ForgotPassword` / `ConfirmForgotPassword` and
/// `ChangePassword`, each checked by signing in afterwards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_operations_against_moto() {
    let moto = Moto::start().await;
    let (pool_id, client_id) = moto.pool_and_client().await;
    let client = moto.client(&client_id);
    let email = unique_email("moto-password");
    moto.admin(
        "AdminCreateUser",
        serde_json::json!({
            "UserPoolId": pool_id,
            "Username": email,
            "TemporaryPassword": "Temporary-Passw0rd!",
            "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email", "Value": email},
                               {"Name": "email_verified", "Value": "true"}],
        }),
    )
    .await;
    let step = after_sign_in(
        &email,
        client
            .initiate_user_password_auth(&email, &Password::new("Temporary-Passw0rd!"))
            .await,
        0,
    )
    .expect("NEW_PASSWORD_REQUIRED on moto");
    let AuthStep::NewPasswordRequired {
        session,
        required_attributes,
        user_attributes,
        ..
    } = step
    else {
        panic!("expected NEW_PASSWORD_REQUIRED from moto, got {step:?}")
    };
    let answered = client
        .respond_to_new_password_required(&email, &session, &Password::new(GOOD_PASSWORD), &[])
        .await;
    let next = after_new_password(
        &email,
        &session,
        &required_attributes,
        &user_attributes,
        answered,
        0,
    );
    assert!(matches!(next.step, AuthStep::SignedIn(_)), "{next:?}");

    let forgot = client
        .forgot_password(&email)
        .await
        .expect("ForgotPassword on moto");
    assert!(forgot.code_delivery_details.is_some(), "{forgot:?}");
    client
        .confirm_forgot_password(&email, "123456", &Password::new("Reset-Passw0rd-1"))
        .await
        .expect("ConfirmForgotPassword on moto");
    let AuthStep::SignedIn(tokens) = after_sign_in(
        &email,
        client
            .initiate_user_password_auth(&email, &Password::new("Reset-Passw0rd-1"))
            .await,
        0,
    )
    .expect("sign-in after the reset") else {
        panic!("expected tokens from moto")
    };

    let wrong = client
        .change_password(
            &tokens.access_token,
            &Password::new("Not-The-Passw0rd-1"),
            &Password::new("Changed-Passw0rd-1"),
        )
        .await
        .unwrap_err();
    assert_eq!(wrong.kind(), Some(&ErrorKind::NotAuthorized), "{wrong:?}");
    client
        .change_password(
            &tokens.access_token,
            &Password::new("Reset-Passw0rd-1"),
            &Password::new("Changed-Passw0rd-1"),
        )
        .await
        .expect("ChangePassword on moto");
    let old = client
        .initiate_user_password_auth(&email, &Password::new("Reset-Passw0rd-1"))
        .await
        .unwrap_err();
    assert_eq!(old.kind(), Some(&ErrorKind::NotAuthorized), "{old:?}");
    assert!(client
        .initiate_user_password_auth(&email, &Password::new("Changed-Passw0rd-1"))
        .await
        .unwrap()
        .authentication_result
        .is_some());
}
