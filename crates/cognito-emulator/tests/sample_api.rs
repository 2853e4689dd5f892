//! The sample protected API (`/_local/api/whoami`, `/_local/api/admin`)
//! through the router: the checks of API Gateway's Cognito authorizer,
//! its 401 and 403 answers, and CORS for a browser that sends
//! `Authorization`.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cognito_emulator::config::ClientConfig;
use cognito_emulator::{AppState, Config};
use common::*;
use serde_json::{json, Map, Value};

impl Emu {
    async fn api(&self, path: &str, authorization: Option<&str>) -> Resp {
        let mut request = Request::get(path);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }
}

#[track_caller]
fn assert_refused(r: &Resp, status: StatusCode, error_type: &str, message: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json(), json!({ "message": message }));
    assert_eq!(r.header("x-amzn-errortype"), error_type);
    assert!(r.header("content-type").starts_with("application/json"));
}

#[track_caller]
fn assert_unauthorized(r: &Resp) {
    assert_refused(
        r,
        StatusCode::UNAUTHORIZED,
        "UnauthorizedException",
        "Unauthorized",
    );
}

/// Signs `claims` with the pool's ID-token key (`id`) or access-token key.
fn forge(state: &AppState, id_key: bool, claims: Value) -> String {
    let keys = state.pool_keys(POOL_ID).unwrap();
    let key = if id_key {
        &keys.id_token
    } else {
        &keys.access_token
    };
    let claims: Map<String, Value> = serde_json::from_value(claims).unwrap();
    key.sign(&claims)
}

#[tokio::test]
async fn whoami_answers_for_an_id_or_access_token() {
    let emu = emu();
    let sub = emu.confirmed_user("hanako@example.com").await;
    let tokens = emu.tokens("hanako@example.com").await;
    let id_token = tokens["IdToken"].as_str().unwrap();
    let id_claims = claims(id_token);

    for authorization in [id_token.to_owned(), format!("Bearer {id_token}")] {
        let r = emu.api("/_local/api/whoami", Some(&authorization)).await;
        assert!(r.header("content-type").starts_with("application/json"));
        assert_eq!(
            r.ok(),
            json!({
                "sub": sub,
                "username": id_claims["cognito:username"],
                "email": "hanako@example.com",
                "groups": ["users"],
                "token_use": "id",
                "client_id": CLIENT_ID,
                "issuer": format!("{BASE_URL}/{POOL_ID}"),
                "expires_at": id_claims["exp"],
            })
        );
    }
    let access = tokens["AccessToken"].as_str().unwrap();
    let r = emu.api("/_local/api/whoami", Some(access)).await.ok();
    assert_eq!(r["token_use"], "access");
    assert_eq!(r["username"], claims(access)["username"]);
    assert_eq!(r["email"], Value::Null);
    assert_eq!(r["groups"], json!(["users"]));
    assert_eq!(r["client_id"], CLIENT_ID);

    // As with API Gateway, revocation is not seen: a signed-out user's ID
    // token still passes until it expires.
    emu.call("GlobalSignOut", json!({"AccessToken": access}))
        .await
        .ok();
    emu.api("/_local/api/whoami", Some(id_token)).await.ok();
}

#[tokio::test]
async fn bad_tokens_get_api_gateways_401() {
    let emu = emu();
    emu.state.clock().freeze();
    emu.confirmed_user("hanako@example.com").await;
    let tokens = emu.tokens("hanako@example.com").await;
    let id_token = tokens["IdToken"].as_str().unwrap();
    let mut good = claims(id_token);

    assert_unauthorized(&emu.api("/_local/api/whoami", None).await);
    assert_unauthorized(&emu.api("/_local/api/whoami", Some("")).await);
    assert_unauthorized(&emu.api("/_local/api/whoami", Some("Bearer")).await);
    assert_unauthorized(&emu.api("/_local/api/whoami", Some("garbage")).await);
    let (signed, signature) = id_token.rsplit_once('.').unwrap();
    let other_signature = if signature.starts_with('A') { "B" } else { "A" };
    assert_unauthorized(
        &emu.api(
            "/_local/api/whoami",
            Some(&format!("{signed}.{other_signature}{}", &signature[1..])),
        )
        .await,
    );
    // `alg: none` with the right kid and the claims unchanged.
    {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
        use base64::Engine;
        let kid = &emu.state.pool_keys(POOL_ID).unwrap().id_token.kid;
        let header = B64URL.encode(format!(r#"{{"kid":"{kid}","alg":"none"}}"#));
        let payload = id_token.split('.').nth(1).unwrap();
        assert_unauthorized(
            &emu.api("/_local/api/whoami", Some(&format!("{header}.{payload}.")))
                .await,
        );
    }
    // Properly signed, but each with one claim wrong.
    let forged = |id_key: bool, claims: &Value| forge(&emu.state, id_key, claims.clone());
    assert_eq!(
        forged(true, &good),
        id_token,
        "the forger reproduces the token"
    );
    let wrong = [
        ("token_use", json!("access")),
        ("iss", json!("http://127.0.0.1:9229/ap-northeast-1_Other")),
        ("aud", json!("otherclient")),
    ];
    for (claim, value) in wrong {
        let mut c = good.clone();
        c[claim] = value;
        assert_unauthorized(&emu.api("/_local/api/whoami", Some(&forged(true, &c))).await);
    }
    let mut no_aud = good.clone();
    no_aud.as_object_mut().unwrap().remove("aud");
    assert_unauthorized(
        &emu.api("/_local/api/whoami", Some(&forged(true, &no_aud)))
            .await,
    );
    // An ID token's claims signed with the access-token key.
    assert_unauthorized(
        &emu.api("/_local/api/whoami", Some(&forged(false, &good)))
            .await,
    );

    // Expired: API Gateway's own wording.
    emu.state.clock().advance(3600);
    assert_refused(
        &emu.api("/_local/api/whoami", Some(id_token)).await,
        StatusCode::UNAUTHORIZED,
        "UnauthorizedException",
        "The incoming token has expired",
    );
    good["exp"] = json!(emu.state.clock().now() + 1);
    emu.api("/_local/api/whoami", Some(&forged(true, &good)))
        .await
        .ok();
}

#[tokio::test]
async fn a_token_of_a_client_the_pool_no_longer_has_is_refused() {
    let mut config = Config::seed();
    let other = ClientConfig {
        id: "otherclient".into(),
        ..config.pools[0].clients[0].clone()
    };
    config.pools[0].clients.push(other);
    let emu = emu_with(config);
    emu.confirmed_user("hanako@example.com").await;
    let r = emu
        .call(
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": "otherclient",
                "AuthParameters": {"USERNAME": "hanako@example.com", "PASSWORD": PASSWORD}
            }),
        )
        .await
        .ok();
    let id_token = r["AuthenticationResult"]["IdToken"].as_str().unwrap();
    emu.api("/_local/api/whoami", Some(id_token)).await.ok();
    // The same data dir and keys, without that client.
    let state = AppState::new(Config::seed(), emu.dir.path().to_owned(), BASE_URL.into()).unwrap();
    let app = cognito_emulator::app(state);
    let request = Request::get("/_local/api/whoami")
        .header("authorization", id_token)
        .body(Body::empty())
        .unwrap();
    assert_unauthorized(&send(&app, request).await);
}

#[tokio::test]
async fn only_the_admin_group_may_call_the_admin_endpoint() {
    let emu = emu();
    emu.confirmed_user("hanako@example.com").await;
    let user = emu.tokens("hanako@example.com").await;
    assert_refused(
        &emu.api("/_local/api/admin", user["IdToken"].as_str()).await,
        StatusCode::FORBIDDEN,
        "AccessDeniedException",
        "User is not authorized to access this resource",
    );
    assert_unauthorized(&emu.api("/_local/api/admin", None).await);

    let admin = emu.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.ok()["AuthenticationResult"].clone();
    for token in ["IdToken", "AccessToken"] {
        let r = emu
            .api("/_local/api/admin", admin[token].as_str())
            .await
            .ok();
        assert_eq!(r["groups"], json!(["admin"]), "{token}");
    }
    assert_eq!(
        emu.api("/_local/api/admin", admin["IdToken"].as_str())
            .await
            .ok()["email"],
        ADMIN_EMAIL
    );
}

#[tokio::test]
async fn browsers_may_send_authorization_cross_origin() {
    let emu = emu();
    for path in ["/_local/api/whoami", "/_local/api/admin"] {
        let preflight = emu
            .send(
                Request::options(path)
                    .header("origin", "http://127.0.0.1:8080")
                    .header("access-control-request-method", "GET")
                    .header("access-control-request-headers", "authorization")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(preflight.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(preflight.header("access-control-allow-origin"), "*");
        assert!(preflight
            .header("access-control-allow-headers")
            .contains("authorization"));
        assert!(preflight
            .header("access-control-allow-methods")
            .contains("GET"));
        // The refusal itself is readable by the page.
        let actual = emu
            .send(
                Request::get(path)
                    .header("origin", "http://127.0.0.1:8080")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(actual.status, StatusCode::UNAUTHORIZED);
        assert_eq!(actual.header("access-control-allow-origin"), "*");
    }
}
