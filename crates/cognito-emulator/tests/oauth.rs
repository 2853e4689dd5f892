//! The user pool domain: `/oauth2/authorize` through the mock identity
//! providers to `/oauth2/token`, userInfo, revoke, logout and CORS
//! (Developer Guide, "User pool endpoints and managed login reference").

mod common;
mod fake_lambda;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use cognito_emulator::Config;
use common::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const CALLBACK: &str = "http://127.0.0.1:8080/callback";
const OTHER_CALLBACK: &str = "http://localhost:8080/callback";
const SIGN_OUT: &str = "http://127.0.0.1:8080/";
/// RFC 7636 Appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
/// Seeded Google accounts.
const TARO_SUB: &str = "104173620517893421056";
const TARO: &str = "taro.yamada@gmail.com";
const ALEX_SUB: &str = "117339211480625778345";
const ALL_SCOPES: &str = "openid email profile aws.cognito.signin.user.admin";

// ---------------------------------------------------------------- helpers

/// `application/x-www-form-urlencoded` pairs: a query string or a form body.
fn query_string(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The decoded query of a URL.
fn query_of(url: &str) -> BTreeMap<String, String> {
    let q = url.split_once('?').map_or("", |(_, q)| q);
    form_urlencoded::parse(q.as_bytes()).into_owned().collect()
}

/// Location of a 302, checked.
#[track_caller]
fn redirect(r: &Resp) -> String {
    assert_eq!(r.status, StatusCode::FOUND, "{}", r.text);
    r.header("location").to_owned()
}

/// The path and query of one of the emulator's own URLs.
#[track_caller]
fn local(url: &str) -> &str {
    url.strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("not an emulator URL: {url}"))
}

/// The value of the first `<input name=... value=...>` with that name.
fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

fn set_cookie(r: &Resp) -> Option<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("cognito="))
}

/// `cognito=<value>` from a Set-Cookie header.
fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_owned()
}

/// The claims of a JWT, after checking its signature with the pool's keys.
fn verified(emu: &Emu, jwt: &str, id_token: bool) -> Value {
    let keys = emu.state.pool_keys(POOL_ID).unwrap();
    let key = if id_token {
        &keys.id_token
    } else {
        &keys.access_token
    };
    Value::Object(key.verify(jwt).expect("signature verifies"))
}

/// Authorize request parameters, seeded with a complete valid request.
#[derive(Clone)]
struct Authz(Vec<(&'static str, String)>);

impl Authz {
    fn google() -> Self {
        Authz(vec![
            ("response_type", "code".into()),
            ("client_id", CLIENT_ID.into()),
            ("redirect_uri", CALLBACK.into()),
            ("state", "st-1".into()),
            ("nonce", "n-1".into()),
            ("code_challenge", CHALLENGE.into()),
            ("code_challenge_method", "S256".into()),
            ("identity_provider", "Google".into()),
        ])
    }

    fn set(mut self, key: &'static str, value: &str) -> Self {
        self.0.retain(|(k, _)| *k != key);
        self.0.push((key, value.to_owned()));
        self
    }

    fn without(mut self, key: &str) -> Self {
        self.0.retain(|(k, _)| *k != key);
        self
    }

    fn uri(&self) -> String {
        let pairs: Vec<(&str, &str)> = self.0.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("/oauth2/authorize?{}", query_string(&pairs))
    }
}

async fn get_with(emu: &Emu, uri: &str, cookie: Option<&str>) -> Resp {
    let mut b = Request::get(uri);
    if let Some(c) = cookie {
        b = b.header("cookie", c);
    }
    emu.send(b.body(Body::empty()).unwrap()).await
}

async fn post_form(emu: &Emu, uri: &str, pairs: &[(&str, &str)]) -> Resp {
    emu.send(
        Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(query_string(pairs)))
            .unwrap(),
    )
    .await
}

/// A rendered mock chooser page.
struct Chooser {
    path: String,
    csrf: String,
    state: String,
    html: String,
}

/// `/oauth2/authorize` must send the browser to a chooser; returns it.
async fn open_chooser(emu: &Emu, authz: &Authz, cookie: Option<&str>) -> Chooser {
    let to_idp = redirect(&get_with(emu, &authz.uri(), cookie).await);
    let page = get_with(emu, local(&to_idp), cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    Chooser {
        path: local(&to_idp).split('?').next().unwrap().to_owned(),
        csrf: input_value(&page.text, "csrf"),
        state: input_value(&page.text, "state"),
        html: page.text,
    }
}

/// Posts a choice and follows the IdP's redirect through
/// `/oauth2/idpresponse`; returns that last response (the redirect to the
/// app).
async fn choose(emu: &Emu, chooser: &Chooser, choice: &[(&str, &str)]) -> Resp {
    let mut form = vec![
        ("csrf", chooser.csrf.as_str()),
        ("state", chooser.state.as_str()),
    ];
    form.extend_from_slice(choice);
    let to_cognito = redirect(&post_form(emu, &chooser.path, &form).await);
    assert!(
        to_cognito.starts_with(&format!("{BASE_URL}/oauth2/idpresponse?")),
        "{to_cognito}"
    );
    get_with(emu, local(&to_cognito), None).await
}

/// The app's callback query after signing in as a seeded account.
struct SignedIn {
    code: String,
    callback: BTreeMap<String, String>,
    cookie: String,
}

async fn sign_in_as(emu: &Emu, authz: &Authz, sub: &str) -> SignedIn {
    let chooser = open_chooser(emu, authz, None).await;
    let back = choose(emu, &chooser, &[("account", sub)]).await;
    let location = redirect(&back);
    let callback = query_of(&location);
    SignedIn {
        code: callback
            .get("code")
            .unwrap_or_else(|| panic!("{location}"))
            .clone(),
        cookie: cookie_pair(&set_cookie(&back).expect("session cookie")),
        callback,
    }
}

async fn exchange(emu: &Emu, code: &str, redirect_uri: &str, verifier: Option<&str>) -> Resp {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("client_id", CLIENT_ID),
        ("code", code),
        ("redirect_uri", redirect_uri),
    ];
    if let Some(v) = verifier {
        form.push(("code_verifier", v));
    }
    post_form(emu, "/oauth2/token", &form).await
}

#[track_caller]
fn assert_oauth_error(r: &Resp, status: StatusCode, error: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(r.json()["error"], error, "{}", r.text);
}

/// Asserts an error sent to the callback with the app's `state`.
#[track_caller]
fn assert_redirected_error(r: &Resp, error: &str, state: &str) -> String {
    let location = redirect(r);
    assert!(location.starts_with(&format!("{CALLBACK}?")), "{location}");
    let q = query_of(&location);
    assert_eq!(
        q.get("error").map(String::as_str),
        Some(error),
        "{location}"
    );
    assert_eq!(
        q.get("state").map(String::as_str),
        Some(state),
        "{location}"
    );
    assert!(!q.contains_key("code"));
    q["error_description"].clone()
}

#[track_caller]
fn assert_error_page(r: &Resp, error: &str) {
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert!(r.headers.get("location").is_none());
    assert!(r.header("content-type").starts_with("text/html"));
    assert!(
        r.text.contains(&format!("data-error=\"{error}\"")),
        "{}",
        r.text
    );
}

async fn user_info(emu: &Emu, authorization: Option<&str>) -> Resp {
    let mut b = Request::get("/oauth2/userInfo");
    if let Some(a) = authorization {
        b = b.header("authorization", a);
    }
    emu.send(b.body(Body::empty()).unwrap()).await
}

// ------------------------------------------------------------------ tests

#[tokio::test]
async fn code_flow_with_pkce_through_the_mock_chooser() {
    let emu = emu();
    let chooser = open_chooser(&emu, &Authz::google(), None).await;
    assert_eq!(chooser.path, "/_mock/Google/authorize");
    let html = &chooser.html;
    assert!(html.contains("data-testid=\"idp-chooser\" data-provider=\"Google\""));
    assert!(html.contains("<title>Sign in with Google (mock)</title>"));
    for id in [
        "idp-account-taro.yamada@gmail.com",
        "idp-account-alex@gmail.com",
        "idp-email",
        "idp-name",
        "idp-continue",
        "idp-cancel",
    ] {
        assert!(html.contains(&format!("data-testid=\"{id}\"")), "{id}");
    }
    assert!(html.contains("山田 太郎"));
    // The IdP sees a random reference, not the app's parameters.
    for secret in [CHALLENGE, "st-1", "n-1", CALLBACK] {
        assert!(!html.contains(secret), "{secret} leaked to the chooser");
    }

    let back = choose(&emu, &chooser, &[("account", TARO_SUB)]).await;
    let location = redirect(&back);
    assert!(
        location.starts_with(&format!("{CALLBACK}?code=")),
        "{location}"
    );
    let q = query_of(&location);
    assert_eq!(q.keys().collect::<Vec<_>>(), ["code", "state"]);
    assert_eq!(q["state"], "st-1");
    let cookie = set_cookie(&back).unwrap();
    assert!(cookie.contains("; Path=/"), "{cookie}");
    assert!(cookie.contains("; HttpOnly"), "{cookie}");
    assert!(cookie.contains("; SameSite=Lax"), "{cookie}");

    let r = exchange(&emu, &q["code"], CALLBACK, Some(VERIFIER)).await;
    let tokens = r.ok();
    assert_eq!(r.header("cache-control"), "no-store");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 3600);
    assert!(tokens["refresh_token"].as_str().unwrap().len() > 40);

    let access_token = tokens["access_token"].as_str().unwrap();
    let id = verified(&emu, tokens["id_token"].as_str().unwrap(), true);
    let username = format!("Google_{TARO_SUB}");
    assert_eq!(id["cognito:username"], json!(username));
    assert_eq!(id["aud"], CLIENT_ID);
    assert_eq!(id["iss"], format!("{BASE_URL}/{POOL_ID}"));
    assert_eq!(id["token_use"], "id");
    assert_eq!(id["nonce"], "n-1");
    assert_eq!(id["email"], TARO);
    assert_eq!(id["email_verified"], true);
    assert_eq!(id["name"], "山田 太郎");
    assert!(id["auth_time"].is_i64());
    assert!(uuid::Uuid::parse_str(id["sub"].as_str().unwrap()).is_ok());
    // OIDC Core §3.1.3.6.
    let digest = Sha256::digest(access_token.as_bytes());
    assert_eq!(id["at_hash"], B64URL.encode(&digest[..16]));
    let identities = &id["identities"];
    assert_eq!(identities.as_array().unwrap().len(), 1);
    let identity = &identities[0];
    assert_eq!(identity["userId"], TARO_SUB);
    assert_eq!(identity["providerName"], "Google");
    assert_eq!(identity["providerType"], "Google");
    assert_eq!(identity["issuer"], Value::Null);
    assert_eq!(identity["primary"], "true");
    let created: i64 = identity["dateCreated"].as_str().unwrap().parse().unwrap();
    assert_eq!(created, id["auth_time"].as_i64().unwrap() * 1000);

    let access = verified(&emu, access_token, false);
    assert_eq!(access["scope"], ALL_SCOPES);
    assert_eq!(access["version"], 2);
    assert_eq!(access["username"], json!(username));
    assert_eq!(access["client_id"], CLIENT_ID);
    assert_eq!(access["token_use"], "access");
    assert_eq!(access["sub"], id["sub"]);
    assert!(access.get("aud").is_none());

    // aws.cognito.signin.user.admin was granted: the user-pool API accepts it.
    let user = emu.get_user(access_token).await.ok();
    assert_eq!(user["Username"], json!(username));
    let attrs = user["UserAttributes"].as_array().unwrap();
    let identities_attr = attrs.iter().find(|a| a["Name"] == "identities").unwrap();
    assert!(identities_attr["Value"]
        .as_str()
        .unwrap()
        .starts_with("[{\"userId\":"));
}

#[tokio::test]
async fn pkce_verifier_is_checked_and_every_attempt_spends_the_code() {
    let emu = emu();
    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let wrong = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK";
    let r = exchange(&emu, &signed_in.code, CALLBACK, Some(wrong)).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
    let r = exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER)).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");

    // A challenge was stored: no verifier is invalid_request.
    let code = redirect_code(&emu, &Authz::google(), &signed_in.cookie).await;
    let r = exchange(&emu, &code, CALLBACK, None).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");

    // No challenge stored: a verifier is refused (RFC 9700 §2.1.1), none is fine.
    let plain = Authz::google()
        .without("code_challenge")
        .without("code_challenge_method");
    let code = redirect_code(&emu, &plain, &signed_in.cookie).await;
    let r = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
    let code = redirect_code(&emu, &plain, &signed_in.cookie).await;
    exchange(&emu, &code, CALLBACK, None).await.ok();
}

async fn post_choice(emu: &Emu, chooser: &Chooser, csrf: String) -> Resp {
    post_form(
        emu,
        &chooser.path,
        &[
            ("csrf", csrf.as_str()),
            ("state", chooser.state.as_str()),
            ("account", TARO_SUB),
        ],
    )
    .await
}

/// Signs in by typing an address and a name; returns the ID token claims.
async fn typed_sign_in(emu: &Emu, email: &str, name: &str) -> Value {
    let chooser = open_chooser(emu, &Authz::google(), None).await;
    let back = choose(
        emu,
        &chooser,
        &[("action", "continue"), ("email", email), ("name", name)],
    )
    .await;
    let code = query_of(&redirect(&back))["code"].clone();
    let t = exchange(emu, &code, CALLBACK, Some(VERIFIER)).await.ok();
    verified(emu, t["id_token"].as_str().unwrap(), true)
}

/// With a live session cookie, authorize answers with a code at once.
async fn redirect_code(emu: &Emu, authz: &Authz, cookie: &str) -> String {
    let location = redirect(&get_with(emu, &authz.uri(), Some(cookie)).await);
    assert!(
        location.starts_with(&format!("{CALLBACK}?code=")),
        "{location}"
    );
    query_of(&location)["code"].clone()
}

#[tokio::test]
async fn a_reused_code_is_invalid_grant_and_revokes_its_tokens() {
    let emu = emu();
    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let tokens = exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();
    let r = exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER)).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
    // RFC 6749 §4.1.2: what the code gave is revoked.
    let r = post_form(
        &emu,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
    let bearer = format!("Bearer {}", tokens["access_token"].as_str().unwrap());
    assert_eq!(
        user_info(&emu, Some(&bearer)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn codes_expire_after_five_minutes() {
    let emu = emu();
    emu.state.clock().freeze();
    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    emu.state.clock().advance(299);
    exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();

    let code = redirect_code(&emu, &Authz::google(), &signed_in.cookie).await;
    emu.state.clock().advance(300);
    let r = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
    assert!(r.json()["error_description"]
        .as_str()
        .unwrap()
        .contains("expired"));
}

#[tokio::test]
async fn redirect_uri_must_match_exactly() {
    let emu = emu();
    for bad in [
        "http://127.0.0.1:8080/callback/",
        "http://127.0.0.1:8080/callbackx",
        "http://127.0.0.1:8080/callback?x=1",
        "http://127.0.0.1:8081/callback",
        "https://evil.example/callback",
    ] {
        let r = emu
            .get(&Authz::google().set("redirect_uri", bad).uri())
            .await;
        assert_error_page(&r, "redirect_mismatch");
    }
    let r = emu
        .get(&Authz::google().without("redirect_uri").uri())
        .await;
    assert_error_page(&r, "invalid_request");

    // At the token endpoint: the other registered URI is still a mismatch.
    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let r = exchange(&emu, &signed_in.code, OTHER_CALLBACK, Some(VERIFIER)).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
}

#[tokio::test]
async fn authorize_errors_are_redirected_with_state() {
    let emu = emu();
    let cases = [
        (
            Authz::google().set("code_challenge_method", "plain"),
            "invalid_request",
        ),
        (
            Authz::google().without("code_challenge_method"),
            "invalid_request",
        ),
        (Authz::google().without("code_challenge"), "invalid_request"),
        (
            Authz::google().set("code_challenge", "too-short"),
            "invalid_request",
        ),
        (
            Authz::google().set("identity_provider", "Facebook"),
            "invalid_request",
        ),
        (
            Authz::google().set("identity_provider", "google"),
            "invalid_request",
        ),
        (
            Authz::google().set("response_type", "token"),
            "unsupported_response_type",
        ),
        (
            Authz::google().set("response_type", "code id_token"),
            "unsupported_response_type",
        ),
        (Authz::google().without("response_type"), "invalid_request"),
        (
            Authz::google().set("scope", "openid phone"),
            "invalid_scope",
        ),
        (
            Authz::google().set("scope", "openid custom/read"),
            "invalid_scope",
        ),
    ];
    for (authz, error) in cases {
        let r = emu.get(&authz.uri()).await;
        let description = assert_redirected_error(&r, error, "st-1");
        assert!(!description.is_empty());
    }
    let r = emu
        .get(&format!("{}&state=again", Authz::google().uri()))
        .await;
    assert_redirected_error(&r, "invalid_request", "st-1");
}

#[tokio::test]
async fn unknown_clients_get_the_error_page() {
    let emu = emu();
    let r = emu
        .get(&Authz::google().set("client_id", "nosuchclient").uri())
        .await;
    assert_error_page(&r, "invalid_client");
    assert!(r.text.contains("nosuchclient"));
    let r = emu.get(&Authz::google().without("client_id").uri()).await;
    assert_error_page(&r, "invalid_request");
    assert!(r
        .header("content-security-policy")
        .contains("default-src 'none'"));
}

#[tokio::test]
async fn cancel_returns_access_denied_with_state() {
    let emu = emu();
    let chooser = open_chooser(&emu, &Authz::google().set("state", "a b&c"), None).await;
    let r = choose(&emu, &chooser, &[("action", "cancel")]).await;
    assert_redirected_error(&r, "access_denied", "a b&c");
    assert!(set_cookie(&r).is_none());
    // The pending authorization is gone: the chooser cannot be reused.
    let r = post_form(
        &emu,
        &chooser.path,
        &[
            ("csrf", chooser.csrf.as_str()),
            ("state", chooser.state.as_str()),
            ("account", TARO_SUB),
        ],
    )
    .await;
    assert_error_page(&r, "invalid_request");
}

#[tokio::test]
async fn the_chooser_form_needs_its_own_csrf_token() {
    let emu = emu();
    let chooser = open_chooser(&emu, &Authz::google(), None).await;
    let post = |csrf: &str| post_choice(&emu, &chooser, csrf.to_owned());
    assert_error_page(&post("forged").await, "invalid_request");
    // Another provider's path with this page's token.
    let r = post_form(
        &emu,
        "/_mock/Corporate/authorize",
        &[
            ("csrf", chooser.csrf.as_str()),
            ("state", chooser.state.as_str()),
            ("account", TARO_SUB),
        ],
    )
    .await;
    assert_error_page(&r, "invalid_request");
    // That spent the token; a fresh page works.
    assert_error_page(&post(&chooser.csrf).await, "invalid_request");
    let again = get_with(
        &emu,
        &format!(
            "{}?{}",
            chooser.path,
            query_string(&[
                (
                    "redirect_uri",
                    format!("{BASE_URL}/oauth2/idpresponse").as_str()
                ),
                ("state", chooser.state.as_str()),
            ])
        ),
        None,
    )
    .await;
    let csrf = input_value(&again.text, "csrf");
    let to_cognito = redirect(&post(&csrf).await);
    assert!(to_cognito.contains("/oauth2/idpresponse?code="));
    // The mock IdP returns only to /oauth2/idpresponse.
    let r = get_with(
        &emu,
        &format!(
            "{}?{}",
            chooser.path,
            query_string(&[
                ("redirect_uri", "https://evil.example/"),
                ("state", chooser.state.as_str())
            ])
        ),
        None,
    )
    .await;
    assert_error_page(&r, "redirect_mismatch");
}

#[tokio::test]
async fn federated_user_is_created_once_and_linked_again() {
    let emu = emu();
    let first = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let t1 = exchange(&emu, &first.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();
    let id1 = verified(&emu, t1["id_token"].as_str().unwrap(), true);

    // A new chooser (prompt=select_account ignores the session), the same
    // address typed in with another name: the same user, name updated.
    let chooser = open_chooser(
        &emu,
        &Authz::google().set("prompt", "select_account"),
        Some(&first.cookie),
    )
    .await;
    let back = choose(
        &emu,
        &chooser,
        &[
            ("action", "continue"),
            ("email", TARO),
            ("name", "Taro Yamada"),
        ],
    )
    .await;
    let code = query_of(&redirect(&back))["code"].clone();
    let t2 = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await.ok();
    let id2 = verified(&emu, t2["id_token"].as_str().unwrap(), true);
    assert_eq!(id2["sub"], id1["sub"]);
    assert_eq!(id2["cognito:username"], id1["cognito:username"]);
    assert_eq!(id2["name"], "Taro Yamada");
    assert_eq!(
        id2["identities"][0]["dateCreated"],
        id1["identities"][0]["dateCreated"]
    );

    // Another account is another user.
    let alex = sign_in_as(&emu, &Authz::google(), ALEX_SUB).await;
    let t3 = exchange(&emu, &alex.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();
    let id3 = verified(&emu, t3["id_token"].as_str().unwrap(), true);
    assert_ne!(id3["sub"], id1["sub"]);
    assert_eq!(id3["cognito:username"], format!("Google_{ALEX_SUB}"));

    // A typed-in address gets a stable, derived provider id.
    let a = typed_sign_in(&emu, "New.Person@example.com", "A").await;
    let b = typed_sign_in(&emu, "new.person@example.com", "B").await;
    assert_eq!(a["sub"], b["sub"]);
    let username = a["cognito:username"].as_str().unwrap();
    assert!(username.starts_with("Google_1") && username.len() == "Google_".len() + 21);

    // Federated users have no password and are no e-mail alias: a native
    // sign-up with the same address is a different user.
    let r = emu.sign_in(TARO, PASSWORD).await;
    r.assert_error("NotAuthorizedException", "Incorrect username or password.");
    let native = emu.confirmed_user(TARO).await;
    assert_ne!(json!(native), id1["sub"]);
}

/// Federated sign-in in a pool that signs in by phone number and in a
/// username pool with an e-mail alias: the user is `Google_<id>` either way,
/// and its verified address is no alias, so a native user with the same
/// address signs up, confirms (no `AliasExistsException`) and signs in by
/// it.
#[tokio::test]
async fn federated_users_in_phone_and_username_pools() {
    use cognito_emulator::usernames::SignInAttribute::{Email, PhoneNumber};
    for alias_pool in [false, true] {
        let mut config = Config::seed();
        let pool = &mut config.pools[0];
        if alias_pool {
            pool.username_attributes = None;
            pool.alias_attributes = vec![Email];
            pool.users[0].username = Some("admin".into());
        } else {
            pool.username_attributes = Some(vec![PhoneNumber]);
            pool.users[0].phone_number = Some("+819000000000".into());
        }
        let emu = emu_with(config);
        let first = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
        let t = exchange(&emu, &first.code, CALLBACK, Some(VERIFIER))
            .await
            .ok();
        let id = verified(&emu, t["id_token"].as_str().unwrap(), true);
        assert_eq!(id["cognito:username"], format!("Google_{TARO_SUB}"));
        assert_eq!(id["email"], TARO);
        assert_eq!(id["email_verified"], true);

        let native = if alias_pool { "taro" } else { "+819012345678" };
        emu.call(
            "SignUp",
            json!({"ClientId": CLIENT_ID, "Username": native, "Password": PASSWORD,
                   "UserAttributes": [{"Name": "email", "Value": TARO},
                                      {"Name": "name", "Value": "Taro"}]}),
        )
        .await
        .ok();
        let code = emu.state.messages().last().unwrap().code.clone();
        emu.confirm(native, &code).await.ok();
        let signed_in_as = if alias_pool { TARO } else { native };
        let tokens = emu.tokens(signed_in_as).await;
        let native_id = claims(tokens["IdToken"].as_str().unwrap());
        assert_ne!(native_id["sub"], id["sub"], "alias pool: {alias_pool}");
        assert!(native_id.get("identities").is_none());
    }
}

#[tokio::test]
async fn oidc_provider_by_idp_identifier() {
    let emu = emu();
    let authz = Authz::google()
        .without("identity_provider")
        .set("idp_identifier", "corp.example");
    let chooser = open_chooser(&emu, &authz, None).await;
    assert_eq!(chooser.path, "/_mock/Corporate/authorize");
    assert!(chooser
        .html
        .contains("data-testid=\"idp-chooser\" data-provider=\"Corporate\""));
    assert!(chooser
        .html
        .contains("data-testid=\"idp-account-j.smith@corp.example\""));
    let back = choose(
        &emu,
        &chooser,
        &[("account", "8d2f6c1e-3b7a-4c59-9e0d-5a1b2c3d4e5f")],
    )
    .await;
    let code = query_of(&redirect(&back))["code"].clone();
    let t = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await.ok();
    let id = verified(&emu, t["id_token"].as_str().unwrap(), true);
    assert_eq!(
        id["cognito:username"],
        "Corporate_8d2f6c1e-3b7a-4c59-9e0d-5a1b2c3d4e5f"
    );
    assert_eq!(id["identities"][0]["providerType"], "OIDC");
    assert_eq!(id["name"], "Jane Smith");

    let r = emu
        .get(
            &Authz::google()
                .without("identity_provider")
                .set("idp_identifier", "nope.example")
                .uri(),
        )
        .await;
    assert_redirected_error(&r, "invalid_request", "st-1");
}

#[tokio::test]
async fn pre_sign_up_rejection_reaches_the_app() {
    let mut config = Config::seed();
    config.pools[0].pre_sign_up.allowed_email_domains = vec!["example.com".into()];
    let emu = emu_with(config);
    let chooser = open_chooser(&emu, &Authz::google(), None).await;
    let r = choose(&emu, &chooser, &[("account", TARO_SUB)]).await;
    let description = assert_redirected_error(&r, "invalid_request", "st-1");
    assert_eq!(
        description,
        "PreSignUp failed with error Email domain gmail.com is not allowed."
    );
    assert!(set_cookie(&r).is_none());
}

#[tokio::test]
async fn refresh_token_grant_keeps_auth_time_and_scopes() {
    let emu = emu();
    emu.state.clock().freeze();
    let signed_in = sign_in_as(
        &emu,
        &Authz::google().set("scope", "openid email"),
        TARO_SUB,
    )
    .await;
    let tokens = exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();
    let id = verified(&emu, tokens["id_token"].as_str().unwrap(), true);
    emu.state.clock().advance(600);
    let r = post_form(
        &emu,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await;
    let refreshed = r.ok();
    assert!(refreshed.get("refresh_token").is_none());
    assert_eq!(refreshed["token_type"], "Bearer");
    let new_id = verified(&emu, refreshed["id_token"].as_str().unwrap(), true);
    assert_eq!(new_id["auth_time"], id["auth_time"]);
    assert!(new_id["iat"].as_i64() > id["iat"].as_i64());
    assert!(new_id.get("nonce").is_none());
    let access = verified(&emu, refreshed["access_token"].as_str().unwrap(), false);
    assert_eq!(access["scope"], "openid email");
    // Without aws.cognito.signin.user.admin the user-pool API refuses it.
    emu.get_user(refreshed["access_token"].as_str().unwrap())
        .await
        .assert_error(
            "NotAuthorizedException",
            "Access Token does not have required scopes",
        );
}

#[tokio::test]
async fn token_endpoint_request_errors() {
    let emu = emu();
    let r = emu
        .send(
            Request::post("/oauth2/token")
                .header("content-type", "application/json")
                .body(Body::from(r#"{"grant_type":"authorization_code"}"#))
                .unwrap(),
        )
        .await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
    let r = post_form(
        &emu,
        "/oauth2/token",
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "nosuchclient"),
            ("code", "x"),
            ("redirect_uri", CALLBACK),
        ],
    )
    .await;
    assert_oauth_error(&r, StatusCode::UNAUTHORIZED, "invalid_client");
    let r = post_form(
        &emu,
        "/oauth2/token",
        &[("grant_type", "password"), ("client_id", CLIENT_ID)],
    )
    .await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "unsupported_grant_type");
    let r = exchange(&emu, "00000000-0000-4000-8000-000000000000", CALLBACK, None).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
    let r = post_form(
        &emu,
        "/oauth2/token",
        &[
            ("grant_type", "authorization_code"),
            ("client_id", CLIENT_ID),
            ("client_id", CLIENT_ID),
        ],
    )
    .await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
}

#[tokio::test]
async fn user_info_releases_claims_by_scope() {
    let emu = emu();
    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let tokens = exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();
    let bearer = format!("Bearer {}", tokens["access_token"].as_str().unwrap());
    let r = user_info(&emu, Some(&bearer)).await;
    let info = r.ok();
    assert_eq!(r.header("content-type"), "application/json;charset=UTF-8");
    let id = verified(&emu, tokens["id_token"].as_str().unwrap(), true);
    assert_eq!(info["sub"], id["sub"]);
    assert_eq!(info["email"], TARO);
    assert_eq!(info["email_verified"], "true");
    assert_eq!(info["name"], "山田 太郎");
    assert_eq!(info["username"], format!("Google_{TARO_SUB}"));

    // openid email: no profile claims.
    let code = redirect_code(
        &emu,
        &Authz::google().set("scope", "openid email"),
        &signed_in.cookie,
    )
    .await;
    let t = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await.ok();
    let info = user_info(
        &emu,
        Some(&format!("Bearer {}", t["access_token"].as_str().unwrap())),
    )
    .await
    .ok();
    assert_eq!(info["email"], TARO);
    assert!(info.get("name").is_none());

    // Errors (Developer Guide, "UserInfo endpoint").
    let r = user_info(&emu, None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.header("www-authenticate"),
        "error=\"invalid_request\", error_description=\"Bad OAuth2 request at UserInfo Endpoint\""
    );
    let r = user_info(&emu, Some("Bearer not.a.token")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r
        .header("www-authenticate")
        .starts_with("error=\"invalid_token\""));
    // An InitiateAuth access token has no openid scope.
    emu.confirmed_user("api@example.com").await;
    let api = emu.tokens("api@example.com").await;
    let r = user_info(
        &emu,
        Some(&format!("Bearer {}", api["AccessToken"].as_str().unwrap())),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.json()["error_description"],
        "Access token does not contain openid scope"
    );
}

#[tokio::test]
async fn revoke_ends_the_refresh_token_and_its_access_tokens() {
    let emu = emu();
    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let tokens = exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();
    let refresh_token = tokens["refresh_token"].as_str().unwrap();
    let access_token = tokens["access_token"].as_str().unwrap();

    let r = post_form(
        &emu,
        "/oauth2/revoke",
        &[("token", access_token), ("client_id", CLIENT_ID)],
    )
    .await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "unsupported_token_type");
    let r = post_form(&emu, "/oauth2/revoke", &[("client_id", CLIENT_ID)]).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
    let r = post_form(
        &emu,
        "/oauth2/revoke",
        &[("token", refresh_token), ("client_id", "nosuchclient")],
    )
    .await;
    assert_oauth_error(&r, StatusCode::UNAUTHORIZED, "invalid_client");

    let r = post_form(
        &emu,
        "/oauth2/revoke",
        &[("token", refresh_token), ("client_id", CLIENT_ID)],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.text, "");
    let r = post_form(
        &emu,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("refresh_token", refresh_token),
        ],
    )
    .await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_grant");
    let r = user_info(&emu, Some(&format!("Bearer {access_token}"))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    emu.get_user(access_token)
        .await
        .assert_error("NotAuthorizedException", "Access Token has been revoked");

    // Unknown or already revoked: 200 all the same (RFC 7009 §2.2).
    for token in [refresh_token, "no-such-token"] {
        let r = post_form(
            &emu,
            "/oauth2/revoke",
            &[("token", token), ("client_id", CLIENT_ID)],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
}

#[tokio::test]
async fn logout_clears_the_session_cookie() {
    let emu = emu();
    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    assert_eq!(signed_in.callback["state"], "st-1");
    // The session skips the chooser, for this provider only.
    redirect_code(
        &emu,
        &Authz::google().set("state", "st-2"),
        &signed_in.cookie,
    )
    .await;
    let to = redirect(
        &get_with(
            &emu,
            &Authz::google().set("identity_provider", "Corporate").uri(),
            Some(&signed_in.cookie),
        )
        .await,
    );
    assert!(to.starts_with(&format!("{BASE_URL}/_mock/Corporate/authorize?")));

    // An unregistered logout_uri: the error page (and still signed out).
    let r = get_with(
        &emu,
        &format!(
            "/logout?{}",
            query_string(&[
                ("client_id", CLIENT_ID),
                ("logout_uri", "https://evil.example/")
            ])
        ),
        Some(&signed_in.cookie),
    )
    .await;
    assert_error_page(&r, "invalid_request");
    assert!(r
        .text
        .contains("Required String parameter 'redirect_uri' is not present"));
    assert!(set_cookie(&r).unwrap().contains("Max-Age=0"));

    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let r = get_with(
        &emu,
        &format!(
            "/logout?{}",
            query_string(&[("client_id", CLIENT_ID), ("logout_uri", SIGN_OUT)])
        ),
        Some(&signed_in.cookie),
    )
    .await;
    assert_eq!(redirect(&r), SIGN_OUT);
    let cleared = set_cookie(&r).unwrap();
    assert!(cleared.starts_with("cognito=;"), "{cleared}");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    // The old cookie no longer works: the chooser is shown again.
    let chooser = open_chooser(&emu, &Authz::google(), Some(&signed_in.cookie)).await;
    assert!(chooser.html.contains("data-testid=\"idp-chooser\""));

    // Without logout_uri or redirect_uri, or OIDC-style parameters.
    let r = emu
        .get(&format!(
            "/logout?{}",
            query_string(&[
                ("client_id", CLIENT_ID),
                ("post_logout_redirect_uri", SIGN_OUT)
            ])
        ))
        .await;
    assert_error_page(&r, "invalid_request");
    let r = emu
        .get(&format!(
            "/logout?{}",
            query_string(&[("client_id", "nosuchclient"), ("logout_uri", SIGN_OUT)])
        ))
        .await;
    assert_error_page(&r, "invalid_client");

    // Sign out and re-prompt (Developer Guide, "Logout endpoint").
    let r = emu
        .get(&format!(
            "/logout?{}",
            query_string(&[
                ("client_id", CLIENT_ID),
                ("redirect_uri", CALLBACK),
                ("response_type", "code"),
                ("state", "st-3"),
            ])
        ))
        .await;
    let to = redirect(&r);
    assert!(to.starts_with(&format!("{BASE_URL}/login?")), "{to}");
    let q = query_of(&to);
    assert_eq!(q["redirect_uri"], CALLBACK);
    assert_eq!(q["state"], "st-3");
    let r = emu
        .get(&format!(
            "/logout?{}",
            query_string(&[
                ("client_id", CLIENT_ID),
                ("redirect_uri", "https://evil.example/"),
                ("response_type", "code"),
            ])
        ))
        .await;
    assert_error_page(&r, "redirect_mismatch");
}

#[tokio::test]
async fn without_a_provider_the_login_page_lists_the_providers() {
    let emu = emu();
    for authz in [
        Authz::google().without("identity_provider"),
        Authz::google().set("identity_provider", "COGNITO"),
    ] {
        let to = redirect(&emu.get(&authz.uri()).await);
        assert!(to.starts_with(&format!("{BASE_URL}/login?")), "{to}");
        let page = emu.get(local(&to)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("data-testid=\"hosted-login\""));
        assert!(page.text.contains("only federates"));
        assert!(page
            .text
            .contains("data-testid=\"hosted-login-provider-Google\""));
        assert!(page
            .text
            .contains("data-testid=\"hosted-login-provider-Corporate\""));
        assert!(!page.text.contains("hosted-login-provider-COGNITO"));
        // The link is the same request with identity_provider=Google.
        let start = page.text.find("href=\"").unwrap() + 6;
        let href =
            page.text[start..start + page.text[start..].find('"').unwrap()].replace("&amp;", "&");
        let q = query_of(&href);
        assert_eq!(q["identity_provider"], "Google");
        assert_eq!(q["code_challenge"], CHALLENGE);
        assert_eq!(q["state"], "st-1");
        let chooser = open_chooser(&emu, &authz_from(&q), None).await;
        assert_eq!(chooser.path, "/_mock/Google/authorize");
    }
}

fn authz_from(q: &BTreeMap<String, String>) -> Authz {
    let keys = [
        "response_type",
        "client_id",
        "redirect_uri",
        "state",
        "nonce",
        "code_challenge",
        "code_challenge_method",
        "identity_provider",
    ];
    Authz(keys.iter().map(|k| (*k, q[*k].clone())).collect())
}

#[tokio::test]
async fn cors_on_the_token_endpoint_but_not_on_pages() {
    let emu = emu();
    let r = emu
        .send(
            Request::options("/oauth2/token")
                .header("origin", "http://127.0.0.1:8080")
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "content-type,x-amz-user-agent",
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.header("access-control-allow-origin"), "*");
    assert_eq!(
        r.header("access-control-allow-methods").replace(' ', ""),
        "POST,GET,OPTIONS"
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        "content-type,x-amz-user-agent"
    );
    let r = post_form(&emu, "/oauth2/token", &[("grant_type", "refresh_token")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.header("access-control-allow-origin"), "*");
    for path in ["/oauth2/userInfo", "/oauth2/revoke"] {
        let r = emu
            .send(Request::options(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(r.header("access-control-allow-origin"), "*");
    }
    let r = emu.get(&Authz::google().uri()).await;
    assert!(r.headers.get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn pages_escape_everything() {
    let mut config = Config::seed();
    config.pools[0].identity_providers[0].accounts[1].name = "<b>Alex</b> \"&\"".into();
    let emu = emu_with(config);
    let script = "<script>alert(1)</script>";

    let r = emu
        .get(&Authz::google().set("client_id", script).uri())
        .await;
    assert_error_page(&r, "invalid_client");
    assert!(!r.text.contains(script));
    assert!(r.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let chooser = open_chooser(&emu, &Authz::google(), None).await;
    assert!(chooser
        .html
        .contains("&lt;b&gt;Alex&lt;/b&gt; &quot;&amp;&quot;"));
    assert!(!chooser.html.contains("<b>Alex"));

    // A bad address re-shows the form, values escaped.
    let r = post_form(
        &emu,
        &chooser.path,
        &[
            ("csrf", chooser.csrf.as_str()),
            ("state", chooser.state.as_str()),
            ("action", "continue"),
            ("email", "\"><script>alert(1)</script>"),
            ("name", script),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text.contains("data-testid=\"idp-error\""));
    assert!(!r.text.contains(script), "{}", r.text);
    assert!(r
        .text
        .contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));

    // A valid address: the name is data, kept as typed.
    let page = Chooser {
        csrf: input_value(&r.text, "csrf"),
        ..chooser
    };
    let back = choose(
        &emu,
        &page,
        &[
            ("action", "continue"),
            ("email", "script@example.com"),
            ("name", script),
        ],
    )
    .await;
    let code = query_of(&redirect(&back))["code"].clone();
    let t = exchange(&emu, &code, CALLBACK, Some(VERIFIER)).await.ok();
    let id = verified(&emu, t["id_token"].as_str().unwrap(), true);
    assert_eq!(id["name"], script);
}

#[tokio::test]
async fn discovery_names_the_domain_endpoints() {
    let emu = emu();
    let d = emu
        .get(&format!("/{POOL_ID}/.well-known/openid-configuration"))
        .await
        .ok();
    assert_eq!(
        d["revocation_endpoint"],
        format!("{BASE_URL}/oauth2/revoke")
    );
    assert_eq!(
        d["userinfo_endpoint"],
        format!("{BASE_URL}/oauth2/userInfo")
    );
    assert_eq!(d["code_challenge_methods_supported"], json!(["S256"]));
    assert!(d.get("end_session_endpoint").is_none());
}

#[test]
fn seed_hosted_ui_configuration() {
    let c = Config::seed();
    let pool = &c.pools[0];
    let client = &pool.clients[0];
    assert_eq!(
        client.callback_urls,
        [
            "http://127.0.0.1:8080/callback",
            "http://localhost:8080/callback",
            "http://127.0.0.1:8081/dashboard",
            "http://localhost:8081/dashboard"
        ]
    );
    assert_eq!(
        client.logout_urls,
        [
            "http://127.0.0.1:8080/",
            "http://localhost:8080/",
            "http://127.0.0.1:8081/",
            "http://localhost:8081/"
        ]
    );
    assert_eq!(
        client.allowed_oauth_scopes,
        [
            "openid",
            "email",
            "profile",
            "aws.cognito.signin.user.admin"
        ]
    );
    assert_eq!(
        client.supported_identity_providers,
        ["COGNITO", "Google", "Corporate"]
    );
    let google = pool.identity_provider("Google").unwrap();
    assert_eq!(google.attribute_mapping["username"], "sub");
    assert_eq!(google.accounts.len(), 2);
    assert_eq!(
        pool.identity_provider("Corporate").unwrap().accounts.len(),
        1
    );

    let invalid = |edit: &dyn Fn(&mut Config), needle: &str| {
        let mut c = Config::seed();
        edit(&mut c);
        let e = c.validate().unwrap_err();
        assert!(e.contains(needle), "{e}");
    };
    invalid(
        &|c| {
            c.pools[0].clients[0]
                .callback_urls
                .push("http://app.example/cb".into())
        },
        "not loopback",
    );
    invalid(
        &|c| {
            c.pools[0].clients[0]
                .callback_urls
                .push("https://app.example/cb#x".into())
        },
        "fragment",
    );
    invalid(
        &|c| {
            c.pools[0].clients[0]
                .supported_identity_providers
                .push("Facebook".into())
        },
        "Facebook",
    );
    invalid(
        &|c| {
            c.pools[0].clients[0]
                .allowed_oauth_scopes
                .push("custom/read".into())
        },
        "custom/read",
    );
    invalid(
        &|c| c.pools[0].identity_providers[1].name = "Google".into(),
        "twice",
    );
    invalid(
        &|c| c.pools[0].identity_providers[0].name = "MyGoogle".into(),
        "must be named",
    );
    // Ports of the test's own choosing are fine on loopback.
    let mut c = Config::seed();
    c.pools[0].clients[0]
        .callback_urls
        .push("http://127.0.0.1:43117/callback".into());
    c.pools[0].clients[0]
        .logout_urls
        .push("http://[::1]:43117/".into());
    c.validate().unwrap();
}

#[tokio::test]
async fn hosted_sign_in_runs_the_pre_sign_up_and_pre_token_generation_functions() {
    use fake_lambda::{answer, arn, unchanged, FakeLambda, Reply};
    let lambda = FakeLambda::start().await;
    lambda.on("Gate", |event| {
        if event["request"]["userAttributes"]["email"] == TARO {
            unchanged(event)
        } else {
            Reply::Raise("Invitation required".into())
        }
    });
    lambda.on("Claims", |event| {
        answer(
            event,
            json!({"claimsOverrideDetails": {"claimsToAddOrOverride": {"plan": "pro"}}}),
        )
    });
    let mut config = Config::seed();
    config.lambda_endpoint = Some(lambda.url.clone());
    config.pools[0].lambda_config.pre_sign_up = Some(arn("Gate"));
    config.pools[0].lambda_config.pre_token_generation = Some(arn("Claims"));
    // The built-in rule would refuse gmail.com; the function runs instead.
    config.pools[0].pre_sign_up.allowed_email_domains = vec!["example.com".into()];
    let emu = emu_with(config);

    let signed_in = sign_in_as(&emu, &Authz::google(), TARO_SUB).await;
    let event = lambda.only_event("Gate");
    assert_eq!(event["triggerSource"], "PreSignUp_ExternalProvider");
    assert_eq!(event["userName"], format!("Google_{TARO_SUB}"));
    assert_eq!(event["callerContext"]["clientId"], CLIENT_ID);
    let tokens = exchange(&emu, &signed_in.code, CALLBACK, Some(VERIFIER))
        .await
        .ok();
    let id = verified(&emu, tokens["id_token"].as_str().unwrap(), true);
    assert_eq!(id["plan"], "pro");
    assert_eq!(id["nonce"], "n-1");
    let event = lambda.only_event("Claims");
    assert_eq!(event["triggerSource"], "TokenGeneration_HostedAuth");
    assert_eq!(event["userName"], format!("Google_{TARO_SUB}"));

    let refreshed = post_form(
        &emu,
        "/oauth2/token",
        &[
            ("grant_type", "refresh_token"),
            ("client_id", CLIENT_ID),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
        ],
    )
    .await
    .ok();
    let id = verified(&emu, refreshed["id_token"].as_str().unwrap(), true);
    assert_eq!(id["plan"], "pro");
    assert_eq!(
        lambda.events("Claims")[1]["triggerSource"],
        "TokenGeneration_RefreshTokens"
    );

    // A function that raises at the token endpoint: no tokens.
    lambda.on("Claims", |_| Reply::Raise("No plan".into()));
    let again = redirect_code(&emu, &Authz::google(), &signed_in.cookie).await;
    let r = exchange(&emu, &again, CALLBACK, Some(VERIFIER)).await;
    assert_oauth_error(&r, StatusCode::BAD_REQUEST, "invalid_request");
    assert_eq!(
        r.json()["error_description"],
        "PreTokenGeneration failed with error No plan."
    );

    // A federated first sign-in the function refuses reaches the app.
    let chooser = open_chooser(&emu, &Authz::google(), None).await;
    let r = choose(&emu, &chooser, &[("account", ALEX_SUB)]).await;
    let description = assert_redirected_error(&r, "invalid_request", "st-1");
    assert_eq!(
        description,
        "PreSignUp failed with error Invitation required."
    );
}
