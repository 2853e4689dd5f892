//! What an app's session needs from the emulator: `RevokeToken`, refreshes
//! refused after `RevokeToken` and `GlobalSignOut`, group changes seen at
//! the next refresh, and token lifetimes short enough for tests to watch
//! tokens expire.

mod common;

use cognito_emulator::Config;
use common::*;
use serde_json::{json, Value};

impl Emu {
    async fn revoke(&self, token: &Value) -> Resp {
        self.call(
            "RevokeToken",
            json!({"ClientId": CLIENT_ID, "Token": token}),
        )
        .await
    }
}

const REVOKED: &str = "Refresh Token has been revoked";

#[tokio::test]
async fn revoke_token_ends_one_session_and_every_token_from_it() {
    let emu = emu();
    emu.confirmed_user("hanako@example.com").await;
    let revoked = emu.tokens("hanako@example.com").await;
    let other = emu.tokens("hanako@example.com").await;
    // A token minted from the session by a refresh is revoked too.
    let refreshed = emu
        .refresh(revoked["RefreshToken"].as_str().unwrap())
        .await
        .ok()["AuthenticationResult"]
        .clone();

    let r = emu.revoke(&revoked["RefreshToken"]).await;
    assert_eq!(r.ok(), json!({}));
    assert_eq!(r.header("content-type"), "application/x-amz-json-1.1");
    emu.refresh(revoked["RefreshToken"].as_str().unwrap())
        .await
        .assert_error("NotAuthorizedException", REVOKED);
    for access in [&revoked["AccessToken"], &refreshed["AccessToken"]] {
        emu.get_user(access.as_str().unwrap())
            .await
            .assert_error("NotAuthorizedException", "Access Token has been revoked");
    }
    // Already revoked, or never issued: success, telling nothing.
    emu.revoke(&revoked["RefreshToken"]).await.ok();
    emu.revoke(&json!("bm90LWEtcmVmcmVzaC10b2tlbg")).await.ok();
    // The user's other session is untouched.
    emu.refresh(other["RefreshToken"].as_str().unwrap())
        .await
        .ok();
    emu.get_user(other["AccessToken"].as_str().unwrap())
        .await
        .ok();
}

#[tokio::test]
async fn revoke_token_takes_refresh_tokens_only() {
    let emu = emu();
    emu.confirmed_user("hanako@example.com").await;
    let tokens = emu.tokens("hanako@example.com").await;
    for kind in ["AccessToken", "IdToken"] {
        emu.revoke(&tokens[kind]).await.assert_error(
            "UnsupportedTokenTypeException",
            "The token is not a refresh token; RevokeToken revokes refresh tokens only.",
        );
    }
    emu.call("RevokeToken", json!({"ClientId": CLIENT_ID}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value null at 'token' failed to satisfy constraint: \
             Member must not be null",
        );
    emu.call(
        "RevokeToken",
        json!({"ClientId": "nosuchclient", "Token": tokens["RefreshToken"]}),
    )
    .await
    .assert_error(
        "ResourceNotFoundException",
        "User pool client nosuchclient does not exist.",
    );
    // Nothing above revoked anything.
    emu.refresh(tokens["RefreshToken"].as_str().unwrap())
        .await
        .ok();
}

#[tokio::test]
async fn refresh_after_global_sign_out_is_refused() {
    let emu = emu();
    emu.confirmed_user("hanako@example.com").await;
    let first = emu.tokens("hanako@example.com").await;
    let second = emu.tokens("hanako@example.com").await;
    emu.call(
        "GlobalSignOut",
        json!({"AccessToken": first["AccessToken"]}),
    )
    .await
    .ok();
    for tokens in [&first, &second] {
        emu.refresh(tokens["RefreshToken"].as_str().unwrap())
            .await
            .assert_error("NotAuthorizedException", REVOKED);
    }
    // A new sign-in is a new session.
    let third = emu.tokens("hanako@example.com").await;
    emu.refresh(third["RefreshToken"].as_str().unwrap())
        .await
        .ok();
}

#[tokio::test]
async fn a_refresh_shows_group_changes() {
    let emu = emu();
    let sub = emu.confirmed_user("hanako@example.com").await;
    let tokens = emu.tokens("hanako@example.com").await;
    let refresh_token = tokens["RefreshToken"].as_str().unwrap();
    assert_eq!(
        claims(tokens["IdToken"].as_str().unwrap())["cognito:groups"],
        json!(["users"])
    );

    let membership = |op: &'static str| {
        emu.admin(
            op,
            json!({"UserPoolId": POOL_ID, "Username": sub, "GroupName": "admin"}),
        )
    };
    membership("AdminAddUserToGroup").await.ok();
    let r = emu.refresh(refresh_token).await.ok()["AuthenticationResult"].clone();
    let id = claims(r["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:groups"], json!(["admin", "users"]));
    assert_eq!(
        id["cognito:preferred_role"],
        "arn:aws:iam::000000000000:role/LocalAdmin"
    );
    assert_eq!(
        claims(r["AccessToken"].as_str().unwrap())["cognito:groups"],
        json!(["admin", "users"])
    );

    membership("AdminRemoveUserFromGroup").await.ok();
    let r = emu.refresh(refresh_token).await.ok()["AuthenticationResult"].clone();
    let id = claims(r["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:groups"], json!(["users"]));
    assert!(id.get("cognito:preferred_role").is_none(), "{id}");
}

fn with_lifetimes(access: u32, id: u32) -> Result<Config, String> {
    let text = cognito_emulator::config::SEED_TOML
        .replacen(
            "access_token_validity_seconds = 3600",
            &format!("access_token_validity_seconds = {access}"),
            1,
        )
        .replacen(
            "id_token_validity_seconds = 3600",
            &format!("id_token_validity_seconds = {id}"),
            1,
        );
    Config::from_toml_str(&text).map_err(|e| e.to_string())
}

#[tokio::test]
async fn short_token_lifetimes_for_tests() {
    let emu = emu_with(with_lifetimes(20, 20).unwrap());
    emu.state.clock().freeze();
    emu.confirmed_user("hanako@example.com").await;
    let tokens = emu.tokens("hanako@example.com").await;
    assert_eq!(tokens["ExpiresIn"], 20);
    for kind in ["AccessToken", "IdToken"] {
        let c = claims(tokens[kind].as_str().unwrap());
        assert_eq!(c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(), 20);
    }
    let access = tokens["AccessToken"].as_str().unwrap();
    let id_token = tokens["IdToken"].as_str().unwrap();
    let whoami = |token: &str| {
        emu.send(
            axum::http::Request::get("/_local/api/whoami")
                .header("authorization", token)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
    };
    whoami(id_token).await.ok();

    // 20 seconds later every token has expired; a refresh brings new ones.
    emu.state.clock().advance(20);
    emu.get_user(access)
        .await
        .assert_error("NotAuthorizedException", "Access Token has expired");
    assert_eq!(whoami(id_token).await.status, 401);
    let r = emu
        .refresh(tokens["RefreshToken"].as_str().unwrap())
        .await
        .ok()["AuthenticationResult"]
        .clone();
    assert_eq!(r["ExpiresIn"], 20);
    emu.get_user(r["AccessToken"].as_str().unwrap()).await.ok();
    whoami(r["IdToken"].as_str().unwrap()).await.ok();

    for (access, id, bad) in [
        (9, 3600, "access_token_validity_seconds = 9"),
        (3600, 86_401, "id_token_validity_seconds = 86401"),
    ] {
        let e = with_lifetimes(access, id).unwrap_err();
        assert!(e.contains(bad), "{e}");
        assert!(
            e.contains("outside 10..=86400 seconds (Cognito allows 300..=86400"),
            "{e}"
        );
    }
    assert!(with_lifetimes(10, 299).is_ok());
}
