//! The same client flows against moto, a third-party Cognito implementation:
//! evidence that our wire format is AWS's and not only our emulator's.
//! moto does not check confirmation codes, so any code confirms there.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use cognito_client::flow::{after_sign_in, AuthStep};
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
