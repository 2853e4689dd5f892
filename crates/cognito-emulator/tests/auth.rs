//! InitiateAuth (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH), tokens, GetUser,
//! GlobalSignOut.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use cognito_emulator::config::ExplicitAuthFlow;
use cognito_emulator::Config;
use common::*;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use serde_json::{json, Value};
use sha2::Sha256;

fn is_token_chars(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=' | '.'))
}

/// Verifies a JWT against the JWKS with the rsa crate directly, independent
/// of the emulator's own verification code.
fn verify_with_jwks(jwt: &str, jwks: &Value) -> Value {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&B64URL.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("kid is in the JWKS");
    let n = BigUint::from_bytes_be(&B64URL.decode(jwk["n"].as_str().unwrap()).unwrap());
    let e = BigUint::from_bytes_be(&B64URL.decode(jwk["e"].as_str().unwrap()).unwrap());
    let key = VerifyingKey::<Sha256>::new(RsaPublicKey::new(n, e).unwrap());
    let signature = Signature::try_from(B64URL.decode(parts[2]).unwrap().as_slice()).unwrap();
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("signature verifies with the JWKS key");
    claims(jwt)
}

#[tokio::test]
async fn sign_in_returns_verifiable_tokens_with_cognito_claims() {
    let emu = emu();
    let sub = emu.confirmed_user("Hanako@example.com").await;
    let body = emu.sign_in("hanako@EXAMPLE.com", PASSWORD).await.ok();
    assert_eq!(body["ChallengeParameters"], json!({}));
    let result = &body["AuthenticationResult"];
    assert_eq!(result["ExpiresIn"], json!(3600));
    assert_eq!(result["TokenType"], json!("Bearer"));
    let refresh = result["RefreshToken"].as_str().unwrap();
    assert!(is_token_chars(refresh) && refresh.len() >= 40, "{refresh}");

    let jwks = emu
        .get(&format!("/{POOL_ID}/.well-known/jwks.json"))
        .await
        .ok();
    let id = verify_with_jwks(result["IdToken"].as_str().unwrap(), &jwks);
    let access = verify_with_jwks(result["AccessToken"].as_str().unwrap(), &jwks);
    let kid = |t: &str| {
        let h: Value =
            serde_json::from_slice(&B64URL.decode(t.split('.').next().unwrap()).unwrap()).unwrap();
        h["kid"].clone()
    };
    assert_ne!(
        kid(result["IdToken"].as_str().unwrap()),
        kid(result["AccessToken"].as_str().unwrap()),
        "ID and access tokens use different keys"
    );

    let issuer = format!("{BASE_URL}/{POOL_ID}");
    assert_eq!(id["sub"], json!(sub));
    assert_eq!(id["aud"], json!(CLIENT_ID));
    assert_eq!(id["email"], json!("Hanako@example.com"));
    assert_eq!(id["email_verified"], json!(true));
    assert_eq!(id["name"], json!("山田 太郎"));
    assert_eq!(id["cognito:username"], json!(sub));
    assert_eq!(id["iss"], json!(issuer));
    assert_eq!(id["token_use"], json!("id"));
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        3600
    );
    assert_eq!(id["auth_time"], id["iat"]);
    // The seed's post_confirmation.default_group; "users" has no role.
    assert_eq!(id["cognito:groups"], json!(["users"]));
    assert!(id.get("cognito:roles").is_none());
    assert!(id.get("cognito:preferred_role").is_none());
    assert!(id.get("client_id").is_none());

    assert_eq!(access["sub"], json!(sub));
    assert_eq!(access["client_id"], json!(CLIENT_ID));
    assert_eq!(access["token_use"], json!("access"));
    assert_eq!(access["scope"], json!("aws.cognito.signin.user.admin"));
    assert_eq!(access["username"], json!(sub));
    assert_eq!(access["cognito:groups"], json!(["users"]));
    assert_eq!(access["iss"], json!(issuer));
    assert!(access.get("aud").is_none(), "access tokens have no aud");
    assert_eq!(access["origin_jti"], id["origin_jti"]);
    assert_eq!(access["event_id"], id["event_id"]);
    assert_ne!(access["jti"], id["jti"]);
    for c in ["jti", "origin_jti", "event_id"] {
        assert!(
            uuid::Uuid::parse_str(access[c].as_str().unwrap()).is_ok(),
            "{c}"
        );
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let emu = emu();
    emu.confirmed_user("u@example.com").await;
    emu.sign_in("u@example.com", "Wrong-Horse-9")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.sign_in("nobody@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");

    let mut config = Config::seed();
    config.pools[0].clients[0].prevent_user_existence_errors = false;
    common::emu_with(config)
        .sign_in("nobody@example.com", PASSWORD)
        .await
        .assert_error("UserNotFoundException", "User does not exist.");
}

#[tokio::test]
async fn auth_flow_checks() {
    let mut config = Config::seed();
    config.pools[0].clients[0].explicit_auth_flows = vec![ExplicitAuthFlow::RefreshTokenAuth];
    let emu = common::emu_with(config);
    emu.sign_in("x@example.com", PASSWORD).await.assert_error(
        "InvalidParameterException",
        "USER_PASSWORD_AUTH flow not enabled for this client",
    );

    let emu = common::emu();
    let initiate = |flow: &str, params: Value| {
        emu.call(
            "InitiateAuth",
            json!({"AuthFlow": flow, "ClientId": CLIENT_ID, "AuthParameters": params}),
        )
    };
    initiate("ADMIN_NO_SRP_AUTH", json!({})).await.assert_error(
        "InvalidParameterException",
        "Initiate Auth method not supported.",
    );
    initiate("ADMIN_USER_PASSWORD_AUTH", json!({}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Initiate Auth method not supported.",
        );
    initiate("USER_SRP_AUTH", json!({"USERNAME": "x@example.com"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Missing required parameter SRP_A",
        );
    initiate("CUSTOM_AUTH", json!({})).await.assert_error(
        "InvalidParameterException",
        "CUSTOM_AUTH flow not enabled for this client",
    );
    initiate("MAGIC", json!({})).await.assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value 'MAGIC' at 'authFlow' failed to satisfy constraint: \
         Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, \
         CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]",
    );
    initiate("USER_PASSWORD_AUTH", json!({"PASSWORD": PASSWORD}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Missing required parameter USERNAME",
        );
    initiate("USER_PASSWORD_AUTH", json!({"USERNAME": "x@example.com"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Missing required parameter PASSWORD",
        );
    initiate("REFRESH_TOKEN_AUTH", json!({}))
        .await
        .assert_error(
            "InvalidParameterException",
            "Missing required parameter REFRESH_TOKEN",
        );
    emu.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "other"}),
    )
    .await
    .assert_error(
        "ResourceNotFoundException",
        "User pool client other does not exist.",
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_user_out() {
    let emu = emu();
    emu.confirmed_user("lock@example.com").await;
    emu.state.clock().freeze();
    for _ in 0..5 {
        emu.sign_in("lock@example.com", "Wrong-Horse-9")
            .await
            .assert_error("NotAuthorizedException", "Incorrect username or password.");
    }
    // Locked for 1 s: even the right password is refused.
    emu.sign_in("lock@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    emu.state.clock().advance(1);
    // The 6th failure locks for 2 s.
    emu.sign_in("lock@example.com", "Wrong-Horse-9")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.state.clock().advance(1);
    emu.sign_in("lock@example.com", PASSWORD)
        .await
        .assert_error("NotAuthorizedException", "Password attempts exceeded");
    emu.state.clock().advance(1);
    emu.sign_in("lock@example.com", PASSWORD).await.ok();
    // Success resets the count: one failure no longer locks.
    emu.sign_in("lock@example.com", "Wrong-Horse-9")
        .await
        .assert_error("NotAuthorizedException", "Incorrect username or password.");
    emu.sign_in("lock@example.com", PASSWORD).await.ok();
}

#[tokio::test]
async fn refresh_token_flow() {
    let emu = emu();
    emu.confirmed_user("r@example.com").await;
    emu.state.clock().freeze();
    let first = emu.tokens("r@example.com").await;
    let refresh = first["RefreshToken"].as_str().unwrap();
    emu.state.clock().advance(600);

    let body = emu.refresh(refresh).await.ok();
    let result = &body["AuthenticationResult"];
    assert!(result.get("RefreshToken").is_none(), "{body}");
    assert_eq!(result["ExpiresIn"], json!(3600));
    assert_eq!(result["TokenType"], json!("Bearer"));
    let old = claims(first["AccessToken"].as_str().unwrap());
    let new = claims(result["AccessToken"].as_str().unwrap());
    assert_eq!(new["origin_jti"], old["origin_jti"]);
    assert_eq!(new["auth_time"], old["auth_time"]);
    assert_eq!(
        new["iat"].as_i64().unwrap(),
        old["iat"].as_i64().unwrap() + 600
    );
    assert_eq!(
        claims(result["IdToken"].as_str().unwrap())["token_use"],
        "id"
    );
    emu.get_user(result["AccessToken"].as_str().unwrap())
        .await
        .ok();

    // REFRESH_TOKEN is an alias of REFRESH_TOKEN_AUTH.
    emu.call(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN", "ClientId": CLIENT_ID, "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    )
    .await
    .ok();

    emu.refresh("not-a-refresh-token")
        .await
        .assert_error("NotAuthorizedException", "Invalid Refresh Token.");
    emu.state.clock().advance(30 * 24 * 3600);
    emu.refresh(refresh)
        .await
        .assert_error("NotAuthorizedException", "Refresh Token has expired");
}

#[tokio::test]
async fn get_user_returns_the_attributes() {
    let emu = emu();
    let sub = emu.confirmed_user("g@example.com").await;
    let access = emu.tokens("g@example.com").await["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        emu.get_user(&access).await.ok(),
        json!({
            "Username": sub,
            "UserAttributes": [
                {"Name": "sub", "Value": sub},
                {"Name": "email", "Value": "g@example.com"},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "name", "Value": "山田 太郎"},
            ]
        })
    );
}

#[tokio::test]
async fn get_user_rejects_bad_tokens() {
    let emu = emu();
    emu.confirmed_user("t@example.com").await;
    emu.state.clock().freeze();
    let tokens = emu.tokens("t@example.com").await;
    let access = tokens["AccessToken"].as_str().unwrap();

    emu.get_user("abc")
        .await
        .assert_error("NotAuthorizedException", "Invalid Access Token");
    // The ID token is signed by the other key and has token_use "id".
    emu.get_user(tokens["IdToken"].as_str().unwrap())
        .await
        .assert_error("NotAuthorizedException", "Invalid Access Token");
    // A forged payload (another user's sub) breaks the signature.
    let parts: Vec<&str> = access.split('.').collect();
    let mut payload = claims(access);
    payload["username"] = json!("someone-else");
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        B64URL.encode(payload.to_string()),
        parts[2]
    );
    emu.get_user(&forged)
        .await
        .assert_error("NotAuthorizedException", "Invalid Access Token");
    emu.call("GetUser", json!({})).await.assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null",
    );
    emu.get_user("has spaces").await.assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value at 'accessToken' failed to satisfy constraint: \
         Member must satisfy regular expression pattern: [A-Za-z0-9-_=.]+",
    );

    emu.state.clock().advance(3600);
    emu.get_user(access)
        .await
        .assert_error("NotAuthorizedException", "Access Token has expired");
}

#[tokio::test]
async fn global_sign_out_revokes_every_session_of_the_user() {
    let emu = emu();
    emu.confirmed_user("s@example.com").await;
    emu.confirmed_user("other@example.com").await;
    let a = emu.tokens("s@example.com").await;
    let b = emu.tokens("s@example.com").await;
    let other = emu.tokens("other@example.com").await;
    let token = |t: &Value, k: &str| t[k].as_str().unwrap().to_owned();

    assert_eq!(
        emu.call(
            "GlobalSignOut",
            json!({"AccessToken": token(&a, "AccessToken")})
        )
        .await
        .ok(),
        json!({})
    );
    for t in [&a, &b] {
        emu.get_user(&token(t, "AccessToken"))
            .await
            .assert_error("NotAuthorizedException", "Access Token has been revoked");
        emu.refresh(&token(t, "RefreshToken"))
            .await
            .assert_error("NotAuthorizedException", "Refresh Token has been revoked");
    }
    emu.call(
        "GlobalSignOut",
        json!({"AccessToken": token(&a, "AccessToken")}),
    )
    .await
    .assert_error("NotAuthorizedException", "Access Token has been revoked");
    // Other users are untouched, and signing in again works.
    emu.get_user(&token(&other, "AccessToken")).await.ok();
    emu.refresh(&token(&other, "RefreshToken")).await.ok();
    let fresh = emu.tokens("s@example.com").await;
    emu.get_user(&token(&fresh, "AccessToken")).await.ok();
}
