//! The session pieces of the core against the running emulator: tokens
//! verified with the pool's real key set (RS256 with the `rsa` crate
//! standing in for WebCrypto), a refresh that keeps the session, a revoked
//! refresh token that ends it, and identity pool credentials.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use cognito_client::flow::{after_refresh, after_sign_in, AuthStep, Tokens};
use cognito_client::identity_pool::{logins_key, renew_credentials_at, IdentityPoolClient, Logins};
use cognito_client::jwks::Jwk;
use cognito_client::secret::Password;
use cognito_client::session::{
    classify_refresh_error, groups, session_key, EndReason, RefreshFailure,
};
use cognito_client::token_check::{cognito_issuer, TokenExpectations, TokenUse};
use cognito_client::verify::{SignatureVerifier, TokenVerifier, VerifierError, VerifyError};
use cognito_client::ErrorKind;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use sha2::Sha256;
use support::{Emulator, ReqwestTransport};
use test_support::local::{CLIENT_ID, IDENTITY_POOL_ID, POOL_ID};

/// The seeded administrator (seed.toml), a member of `admin`.
const ADMIN: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "Local-Admin-Passw0rd!";

/// RS256 with the `rsa` crate: the native stand-in for WebCrypto.
struct RsaVerifier;

impl SignatureVerifier for RsaVerifier {
    async fn verify_rs256(
        &self,
        key: &Jwk,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<bool, VerifierError> {
        let number = |b64: &str| BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(b64).unwrap());
        let public =
            RsaPublicKey::new(number(&key.n), number(&key.e)).map_err(|e| VerifierError {
                message: e.to_string(),
            })?;
        let Ok(signature) = Signature::try_from(signature) else {
            return Ok(false);
        };
        Ok(VerifyingKey::<Sha256>::new(public)
            .verify(signing_input, &signature)
            .is_ok())
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn issuer(emu: &Emulator) -> String {
    format!("{}/{POOL_ID}", emu.running.base_url.trim_end_matches('/'))
}

fn verifier(emu: &Emulator) -> TokenVerifier<ReqwestTransport, RsaVerifier> {
    TokenVerifier::new(
        ReqwestTransport::default(),
        RsaVerifier,
        TokenExpectations::new(issuer(emu), CLIENT_ID),
    )
}

async fn admin_tokens(emu: &Emulator) -> Tokens {
    let result = emu
        .client()
        .initiate_user_password_auth(ADMIN, &Password::new(ADMIN_PASSWORD))
        .await;
    match after_sign_in(ADMIN, result, now()) {
        Ok(AuthStep::SignedIn(tokens)) => tokens,
        other => panic!("expected tokens, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_verify_with_the_pools_keys_and_refresh_keeps_the_session() {
    let emu = Emulator::start().await;
    let v = verifier(&emu);
    let tokens = admin_tokens(&emu).await;

    let verified = v.verify_tokens(&tokens, false, now()).await.unwrap();
    assert_ne!(
        verified.id.kid, verified.access.kid,
        "ID and access tokens are signed with different keys (§5.1)"
    );
    assert_eq!(groups(&verified.id.claims), ["admin"]);
    assert_eq!(groups(&verified.access.claims), ["admin"]);
    assert_eq!(v.jwks_fetches(), 1);

    // Swapped: each is refused as the other kind, with a valid signature.
    assert!(matches!(
        v.verify(tokens.access_token.expose(), TokenUse::Id, now())
            .await,
        Err(VerifyError::Refused(_))
    ));
    // Another pool's issuer (the AWS form of the same id) is refused.
    let aws = TokenVerifier::new(
        ReqwestTransport::default(),
        RsaVerifier,
        TokenExpectations::new(cognito_issuer(POOL_ID).unwrap(), CLIENT_ID),
    );
    assert!(matches!(
        aws.verify(tokens.id_token.expose(), TokenUse::Id, now())
            .await,
        Err(VerifyError::Refused(_))
    ));

    let refresh_token = tokens.refresh_token.clone().unwrap();
    let answer = emu
        .client()
        .initiate_refresh_token_auth(&refresh_token)
        .await
        .unwrap();
    let refreshed = after_refresh(&tokens, answer, now()).unwrap();
    let again = v.verify_tokens(&refreshed, false, now()).await.unwrap();
    assert_eq!(
        session_key(&again.access.claims),
        session_key(&verified.access.claims),
        "a refresh keeps the session"
    );
    assert_eq!(v.jwks_fetches(), 1, "the key set stays cached");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_refresh_token_ends_the_session() {
    let emu = Emulator::start().await;
    let client = emu.client();
    let tokens = admin_tokens(&emu).await;
    let refresh_token = tokens.refresh_token.clone().unwrap();
    client.revoke_token(&refresh_token).await.unwrap();
    // Twice is fine.
    client.revoke_token(&refresh_token).await.unwrap();
    let error = client
        .initiate_refresh_token_auth(&refresh_token)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), Some(&ErrorKind::NotAuthorized));
    assert_eq!(
        classify_refresh_error(&error),
        RefreshFailure::Ended(EndReason::Revoked)
    );
    // Its access token is revoked for Cognito's own APIs too.
    let refused = client.get_user(&tokens.access_token).await.unwrap_err();
    assert_eq!(refused.kind(), Some(&ErrorKind::NotAuthorized));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_pool_credentials_for_the_signed_in_user() {
    let emu = Emulator::start().await;
    let tokens = admin_tokens(&emu).await;
    let identity = IdentityPoolClient::new(
        ReqwestTransport::default(),
        emu.endpoint(),
        IDENTITY_POOL_ID,
    );

    // The emulator takes its issuer without the scheme as the Logins key...
    let logins = Logins::user_pool(&issuer(&emu), &tokens.id_token);
    assert_eq!(logins.0.keys().next().unwrap(), logins_key(&issuer(&emu)));
    let id = identity.get_id(&logins).await.unwrap();
    assert!(id.starts_with("ap-northeast-1:"), "{id}");
    // ...and the AWS form, the same identity.
    let aws_logins = Logins::user_pool(&cognito_issuer(POOL_ID).unwrap(), &tokens.id_token);
    assert_eq!(identity.get_id(&aws_logins).await.unwrap(), id);

    let before = now();
    let credentials = identity
        .get_credentials_for_identity(&id, &logins)
        .await
        .unwrap();
    assert!(credentials.access_key_id.starts_with("ASIA"));
    assert!(!credentials.secret_key.expose().is_empty());
    let expires_at = credentials.expires_at();
    assert!(expires_at > before + 3000, "about an hour: {expires_at}");
    let renew = renew_credentials_at(before, expires_at);
    assert!(renew < expires_at && renew >= expires_at - 300);

    // The access token is not a login.
    let wrong = Logins::user_pool(
        &issuer(&emu),
        &cognito_client::secret::IdToken::new(tokens.access_token.expose()),
    );
    let refused = identity.get_id(&wrong).await.unwrap_err();
    assert_eq!(refused.kind(), Some(&ErrorKind::NotAuthorized));
}
