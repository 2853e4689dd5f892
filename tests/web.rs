//! Browser-API tests: the parts of the app that only exist in a browser
//! (`fetch`, `sessionStorage`, the DOM), run in headless Chromium by
//! `wasm-bindgen-test-runner` (see `webdriver.json` at the repository root).
//!
//! ```text
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//! CHROMEDRIVER=/usr/bin/chromedriver \
//!   cargo test --target wasm32-unknown-unknown -p leptos-cognito --test web
//! ```
//!
//! `cargo xtask test` runs them. Only the public API is used. Nothing here
//! talks to a real user pool: "unreachable" is a closed loopback port, and
//! the one server is the runner's own, which serves the repository root (so
//! `/public/config.json` is a real answer, and so is the test user pool's key
//! set in `tests/fixtures/`).
//!
//! Tokens are signed in the tests with WebCrypto, by the fixed test key of
//! `tests/fixtures/web-test-signing-key.jwk.json` (whose public half is that
//! key set) or by keys made on the spot.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use cognito_client::password::PasswordPolicy;
use cognito_client::secret::AccessToken;
use cognito_client::token_check::{TokenError, TokenExpectations, TokenUse};
use cognito_client::verify::{TokenVerifier, VerifyError};
use cognito_client::{
    CognitoError, HttpRequest, HttpResponse, Transport, TransportError, UserPoolClient,
};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_cognito::config::{self, AuthConfig, ConfigProblem};
use leptos_cognito::session::{WebCrypto, REFRESH_STORAGE_KEY, STORAGE_KEY};
use leptos_cognito::transport::FetchTransport;
use leptos_cognito::{
    use_auth, AuthContext, AuthProvider, AuthState, Authenticator, CredentialsError,
    CredentialsState, InitialScreen, Msg, Notice, PasswordRules, RequireAuth, RequireGroup,
    Session, SessionHealth, SessionNotice, SignUpAttribute, SignUpField, StandardAttribute,
};
use leptos_router::components::Router;
use serde_json::{json, Value};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A loopback port nothing listens on (below 1024, so no test server takes
/// it) and that Chromium does not refuse as unsafe: connection refused.
const CLOSED: &str = "http://127.0.0.1:4/";

// ---- helpers ----------------------------------------------------------------

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

fn storage() -> web_sys::Storage {
    window()
        .session_storage()
        .expect("sessionStorage allowed")
        .expect("sessionStorage present")
}

fn origin() -> String {
    window().location().origin().expect("page origin")
}

/// Resolves after `ms` milliseconds (lets effects and fetches run).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("timer");
}

/// Polls `done` until it holds, failing with `what` after five seconds.
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = js_sys::Date::now();
    while !done() {
        assert!(
            js_sys::Date::now() - start < 5_000.0,
            "timed out waiting for {what}"
        );
        sleep(10).await;
    }
}

/// Waits until `root` holds the element with `data-testid` `test_id`.
async fn wait_for(root: &web_sys::Element, test_id: &str) {
    wait_until(test_id, || find(root, test_id).is_some()).await;
}

/// A fresh `<div>` in the page's body, for one test's view.
fn container() -> web_sys::HtmlElement {
    let document = window().document().expect("document");
    let div = document
        .create_element("div")
        .expect("create div")
        .dyn_into::<web_sys::HtmlElement>()
        .expect("an HtmlElement");
    document
        .body()
        .expect("body")
        .append_child(&div)
        .expect("append");
    div
}

fn find(root: &web_sys::Element, test_id: &str) -> Option<web_sys::Element> {
    root.query_selector(&format!("[data-testid=\"{test_id}\"]"))
        .expect("valid selector")
}

/// base64url without padding (RFC 7515 §2), as in JWTs.
fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

// ---- signing test tokens with WebCrypto ---------------------------------------

/// The test user pool of `tests/fixtures/` (its key set is served there).
const POOL: &str = "ap-northeast-1_WebTest";
const CLIENT: &str = "webtestclient";
/// The fixed test key (private JWK); its public half is the pool's key set.
const SIGNING_KEY: &str = include_str!("fixtures/web-test-signing-key.jwk.json");
const SIGNING_KID: &str = "web-test-key-1";

fn subtle() -> web_sys::SubtleCrypto {
    window().crypto().expect("crypto").subtle()
}

async fn promise(p: Result<js_sys::Promise, JsValue>) -> JsValue {
    JsFuture::from(p.expect("a promise"))
        .await
        .expect("WebCrypto answered")
}

fn object(v: &Value) -> js_sys::Object {
    js_sys::JSON::parse(&v.to_string())
        .expect("JSON")
        .unchecked_into()
}

const RS256: &str = r#"{"name":"RSASSA-PKCS1-v1_5","hash":"SHA-256"}"#;

/// The fixed test key, imported for signing.
async fn signing_key() -> web_sys::CryptoKey {
    let jwk: Value = serde_json::from_str(SIGNING_KEY).unwrap();
    promise(subtle().import_key_with_object(
        "jwk",
        &object(&jwk),
        &object(&serde_json::from_str(RS256).unwrap()),
        false,
        &js_sys::Array::of1(&"sign".into()),
    ))
    .await
    .unchecked_into()
}

/// A new RSA key pair: the private key and the public JWK.
async fn new_key_pair() -> (web_sys::CryptoKey, Value) {
    let params = json!({"name": "RSASSA-PKCS1-v1_5", "modulusLength": 2048,
        "publicExponent": [1, 0, 1], "hash": "SHA-256"});
    // `publicExponent` must be a Uint8Array.
    let params_js = object(&params);
    js_sys::Reflect::set(
        &params_js,
        &"publicExponent".into(),
        &js_sys::Uint8Array::from(&[1u8, 0, 1][..]),
    )
    .unwrap();
    let pair = promise(subtle().generate_key_with_object(
        &params_js,
        true,
        &js_sys::Array::of2(&"sign".into(), &"verify".into()),
    ))
    .await;
    let get = |name: &str| -> web_sys::CryptoKey {
        js_sys::Reflect::get(&pair, &name.into())
            .unwrap()
            .unchecked_into()
    };
    let public = promise(subtle().export_key("jwk", &get("publicKey"))).await;
    let public: Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&public).unwrap())).unwrap();
    (get("privateKey"), public)
}

fn b64url_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .unwrap()
}

/// `header.claims` signed RS256 by `key` with WebCrypto.
async fn sign(key: &web_sys::CryptoKey, header: &Value, claims: &Value) -> String {
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let signature =
        promise(subtle().sign_with_str_and_u8_array("RSASSA-PKCS1-v1_5", key, input.as_bytes()))
            .await;
    let signature = js_sys::Uint8Array::new(&signature).to_vec();
    format!("{input}.{}", b64url(&signature))
}

/// `header.claims` "signed" HS256 with `secret` (WebCrypto HMAC).
async fn sign_hs256(secret: &[u8], header: &Value, claims: &Value) -> String {
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    let key: web_sys::CryptoKey = promise(subtle().import_key_with_object(
        "raw",
        &js_sys::Uint8Array::from(secret).unchecked_into(),
        &object(&json!({"name": "HMAC", "hash": "SHA-256"})),
        false,
        &js_sys::Array::of1(&"sign".into()),
    ))
    .await
    .unchecked_into();
    let mac = promise(subtle().sign_with_str_and_u8_array("HMAC", &key, input.as_bytes())).await;
    format!(
        "{input}.{}",
        b64url(&js_sys::Uint8Array::new(&mac).to_vec())
    )
}

fn rs256_header(kid: &str) -> Value {
    json!({"kid": kid, "alg": "RS256"})
}

/// ID token claims of `issuer`'s pool for `email`, valid for an hour.
fn id_claims(issuer: &str, email: &str) -> Value {
    json!({"sub": "sub-1", "aud": CLIENT, "iss": issuer, "token_use": "id",
           "email": email, "cognito:groups": ["admin"], "auth_time": now() - 5,
           "iat": now() - 5, "exp": now() + 3600})
}

/// Access token claims of the same sign-in.
fn access_claims(issuer: &str) -> Value {
    json!({"sub": "sub-1", "client_id": CLIENT, "iss": issuer, "token_use": "access",
           "origin_jti": "jti-1", "scope": "aws.cognito.signin.user.admin",
           "auth_time": now() - 5, "iat": now() - 5, "exp": now() + 3600})
}

/// Serves one key set and counts the requests: the key set endpoint in the
/// verifier's tests.
#[derive(Clone)]
struct KeySetServer {
    body: Rc<std::cell::RefCell<String>>,
    requests: Rc<Cell<u32>>,
}

impl KeySetServer {
    fn new(keys: Vec<Value>) -> Self {
        KeySetServer {
            body: Rc::new(std::cell::RefCell::new(json!({ "keys": keys }).to_string())),
            requests: Rc::new(Cell::new(0)),
        }
    }
}

impl Transport for KeySetServer {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        assert!(
            request.url.ends_with("/.well-known/jwks.json"),
            "{}",
            request.url
        );
        self.requests.set(self.requests.get() + 1);
        Ok(HttpResponse {
            status: 200,
            headers: vec![],
            body: self.body.borrow().clone(),
        })
    }
}

/// The fixed key's public half (the pool's key set).
fn pool_key() -> Value {
    let jwk: Value = serde_json::from_str(SIGNING_KEY).unwrap();
    json!({"kid": jwk["kid"], "kty": "RSA", "alg": "RS256", "use": "sig", "n": jwk["n"], "e": jwk["e"]})
}

const AWS_ISSUER: &str = "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_WebTest";

fn web_verifier(server: &KeySetServer) -> TokenVerifier<KeySetServer, WebCrypto> {
    TokenVerifier::new(
        server.clone(),
        WebCrypto,
        TokenExpectations::new(AWS_ISSUER, CLIENT),
    )
}

/// A configuration whose user pool is the fixture one, served by the test
/// runner (its API calls get the runner's 404s; its key set is real).
fn fixture_config(extra: Value) -> AuthConfig {
    let mut raw = json!({
        "region": "ap-northeast-1",
        "userPoolId": POOL,
        "userPoolClientId": CLIENT,
        "endpoints": {"userPool": format!("{}/tests/fixtures/", origin())}
    });
    for (k, v) in extra.as_object().unwrap() {
        raw[k] = v.clone();
    }
    AuthConfig::from_value(&raw).expect("a valid configuration")
}

/// The issuer of [`fixture_config`].
fn fixture_issuer() -> String {
    format!("{}/tests/fixtures/{POOL}", origin())
}

/// A stored session (the app's format) of tokens signed by `key`.
async fn stored_session(
    key: &web_sys::CryptoKey,
    kid: &str,
    email: &str,
    expires_at: i64,
) -> String {
    let issuer = fixture_issuer();
    let id = sign(key, &rs256_header(kid), &id_claims(&issuer, email)).await;
    let access = sign(key, &rs256_header(kid), &access_claims(&issuer)).await;
    json!({"id_token": id, "access_token": access, "expires_at": expires_at, "method": "user-pool-api"})
        .to_string()
}

/// A valid configuration whose user pool endpoint refuses connections.
fn offline_config() -> AuthConfig {
    AuthConfig::from_json(&format!(
        r#"{{"region":"ap-northeast-1","userPoolId":"ap-northeast-1_AbC123xyz",
            "userPoolClientId":"1example23456789","endpoints":{{"userPool":"{CLOSED}"}}}}"#
    ))
    .expect("a valid configuration")
}

thread_local! {
    /// The auth context seen by [`Probe`], for the test to drive.
    static AUTH: RefCell<Option<AuthContext>> = const { RefCell::new(None) };
}

/// Hands the auth context to the test and shows the signed-in email.
#[component]
fn Probe() -> impl IntoView {
    let auth = use_auth();
    AUTH.with(|slot| *slot.borrow_mut() = Some(auth));
    let email = move || {
        auth.session()
            .and_then(|s| s.email().map(str::to_owned))
            .unwrap_or_default()
    };
    view! {
        <p data-testid="probe-email">{email}</p>
        <SessionNotice />
        <RequireGroup group="admin">
            <p data-testid="probe-admin">"admins only"</p>
        </RequireGroup>
    }
}

/// Mounts an [`AuthProvider`] (configured in code, so nothing is fetched)
/// around [`Probe`] and waits until the stored session has been restored.
async fn mount_provider(
    config: AuthConfig,
) -> (Box<dyn std::any::Any>, web_sys::HtmlElement, AuthContext) {
    let (handle, root, auth) = mount_provider_restoring(config).await;
    wait_until("the stored session to be restored", || {
        auth.state().get_untracked() != AuthState::Loading
    })
    .await;
    (handle, root, auth)
}

/// [`mount_provider`] without waiting for the restore to end.
async fn mount_provider_restoring(
    config: AuthConfig,
) -> (Box<dyn std::any::Any>, web_sys::HtmlElement, AuthContext) {
    AUTH.with(|slot| slot.borrow_mut().take());
    let root = container();
    let handle = mount_to(root.clone(), move || {
        view! {
            <AuthProvider config>
                <Probe />
            </AuthProvider>
        }
    });
    wait_until("the provider to render its children", || {
        AUTH.with(|slot| slot.borrow().is_some())
    })
    .await;
    let auth = AUTH.with(|slot| slot.borrow_mut().take()).unwrap();
    (Box::new(handle), root, auth)
}

// ---- the fetch transport ------------------------------------------------------

#[wasm_bindgen_test]
async fn fetch_transport_reports_an_unreachable_endpoint_as_a_transport_error() {
    let request = HttpRequest {
        method: "POST",
        url: CLOSED.to_owned(),
        headers: vec![
            ("content-type", "application/x-amz-json-1.1".to_owned()),
            (
                "x-amz-target",
                "AWSCognitoIdentityProviderService.GlobalSignOut".to_owned(),
            ),
        ],
        body: "{}".to_owned(),
    };
    let error = FetchTransport
        .send(request)
        .await
        .expect_err("nothing listens there, so there is no response");
    assert!(!error.message.is_empty(), "{error:?}");

    // The client built on it says "transport" (offline), not "decode".
    let client = UserPoolClient::new(FetchTransport, CLOSED, "1example23456789");
    match client.global_sign_out(&AccessToken::new("access")).await {
        Err(CognitoError::Transport { endpoint, .. }) => assert_eq!(endpoint, CLOSED),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn fetch_transport_returns_any_http_status_as_a_response() {
    let get = |path: &str| HttpRequest {
        method: "GET",
        url: format!("{}{path}", origin()),
        headers: Vec::new(),
        body: String::new(),
    };
    let ok = FetchTransport
        .send(get("/public/config.json"))
        .await
        .expect("the runner serves the repository root");
    assert_eq!(ok.status, 200);
    assert!(
        ok.headers.iter().any(|(name, _)| name == "content-type"),
        "header names come back lower-cased: {:?}",
        ok.headers
    );
    serde_json::from_str::<serde_json::Value>(&ok.body).expect("the body is the JSON file");

    let missing = FetchTransport
        .send(get("/no-such-file.json"))
        .await
        .expect("a 404 is a response, not a transport error");
    assert_eq!(missing.status, 404);
}

#[wasm_bindgen_test]
async fn config_load_fetches_validates_and_reports_what_went_wrong() {
    let url = format!("{}/public/config.json", origin());
    let config = config::load(&url)
        .await
        .expect("the shipped config is valid");
    assert!(!config.user_pool_client_id.is_empty());

    let url = format!("{}/no-such-file.json", origin());
    assert_eq!(
        config::load(&url).await.unwrap_err(),
        vec![ConfigProblem::HttpStatus { url, status: 404 }]
    );

    let url = format!("{CLOSED}config.json");
    match config::load(&url).await.unwrap_err().as_slice() {
        [ConfigProblem::Unreachable { url: u, detail }] => {
            assert_eq!(*u, url);
            assert!(!detail.is_empty());
        }
        other => panic!("expected one Unreachable problem, got {other:?}"),
    }
}

// ---- the configuration in the browser build --------------------------------

#[wasm_bindgen_test]
fn a_client_secret_in_the_configuration_is_refused_in_the_browser_build_too() {
    let base = r#""region":"ap-northeast-1","userPoolId":"ap-northeast-1_AbC123xyz","userPoolClientId":"1example23456789""#;
    AuthConfig::from_json(&format!("{{{base}}}")).expect("valid without the secret");

    let problems = AuthConfig::from_json(&format!(r#"{{{base},"clientSecret":"s3cr3t"}}"#))
        .expect_err("a secret must never be deployed");
    assert_eq!(
        problems,
        vec![ConfigProblem::ClientSecret {
            field: "clientSecret".into()
        }]
    );

    let problems = AuthConfig::from_json(&format!(
        r#"{{{base},"endpoints":{{"userPoolSecret":"x"}}}}"#
    ))
    .expect_err("nested secrets too");
    assert!(
        problems.contains(&ConfigProblem::ClientSecret {
            field: "endpoints.userPoolSecret".into()
        }),
        "{problems:?}"
    );
}

// ---- WebCrypto verification (docs/cognito-protocol.md §5.4) ----------------------

#[wasm_bindgen_test]
async fn webcrypto_verifies_a_good_token_and_names_its_key() {
    let key = signing_key().await;
    let server = KeySetServer::new(vec![pool_key()]);
    let verifier = web_verifier(&server);
    let token = sign(
        &key,
        &rs256_header(SIGNING_KID),
        &id_claims(AWS_ISSUER, "a@example.jp"),
    )
    .await;
    let verified = verifier
        .verify(&token, TokenUse::Id, now())
        .await
        .expect("a good token verifies");
    assert_eq!(verified.kid, SIGNING_KID);
    assert_eq!(verified.claims["email"], "a@example.jp");
    let access = sign(&key, &rs256_header(SIGNING_KID), &access_claims(AWS_ISSUER)).await;
    verifier
        .verify(&access, TokenUse::Access, now())
        .await
        .expect("access token");
    assert_eq!(
        server.requests.get(),
        1,
        "the key set is fetched once and cached"
    );
}

#[wasm_bindgen_test]
async fn webcrypto_refuses_a_flipped_signature_byte_and_another_key() {
    let key = signing_key().await;
    let server = KeySetServer::new(vec![pool_key()]);
    let verifier = web_verifier(&server);
    let good = sign(
        &key,
        &rs256_header(SIGNING_KID),
        &id_claims(AWS_ISSUER, "a@example.jp"),
    )
    .await;
    let (input, signature) = good.rsplit_once('.').unwrap();
    for byte in [0usize, 100, 255] {
        let mut bytes = b64url_decode(signature);
        bytes[byte] ^= 0x01;
        let flipped = format!("{input}.{}", b64url(&bytes));
        assert_eq!(
            verifier.verify(&flipped, TokenUse::Id, now()).await,
            Err(VerifyError::BadSignature {
                kid: SIGNING_KID.into()
            }),
            "byte {byte}"
        );
    }
    // A claim changed under the signature.
    let mut claims = id_claims(AWS_ISSUER, "a@example.jp");
    claims["cognito:groups"] = json!(["admin", "root"]);
    let edited = format!(
        "{}.{}.{signature}",
        b64url(rs256_header(SIGNING_KID).to_string().as_bytes()),
        b64url(claims.to_string().as_bytes())
    );
    assert!(matches!(
        verifier.verify(&edited, TokenUse::Id, now()).await,
        Err(VerifyError::BadSignature { .. })
    ));
    // Signed by another key, claiming to be the pool's.
    let (other, other_public) = new_key_pair().await;
    let forged = sign(
        &other,
        &rs256_header(SIGNING_KID),
        &id_claims(AWS_ISSUER, "a@example.jp"),
    )
    .await;
    assert_eq!(
        verifier.verify(&forged, TokenUse::Id, now()).await,
        Err(VerifyError::BadSignature {
            kid: SIGNING_KID.into()
        })
    );
    // Another key under its own kid: not the pool's, after one more fetch.
    let mut foreign_kid = rs256_header("not-the-pools");
    foreign_kid["kid"] = json!("not-the-pools");
    let foreign = sign(&other, &foreign_kid, &id_claims(AWS_ISSUER, "a@example.jp")).await;
    let before = server.requests.get();
    assert_eq!(
        verifier.verify(&foreign, TokenUse::Id, now()).await,
        Err(VerifyError::UnknownKey {
            kid: "not-the-pools".into()
        })
    );
    assert_eq!(
        server.requests.get(),
        before + 1,
        "fetched again once for the unknown kid"
    );
    // Once the pool publishes that key (a rotation), it verifies.
    let mut rotated = other_public.clone();
    rotated["kid"] = json!("rotated");
    rotated["alg"] = json!("RS256");
    *server.body.borrow_mut() = json!({"keys": [pool_key(), rotated]}).to_string();
    let rotated_token = sign(
        &other,
        &rs256_header("rotated"),
        &id_claims(AWS_ISSUER, "a@example.jp"),
    )
    .await;
    assert_eq!(
        verifier
            .verify(&rotated_token, TokenUse::Id, now())
            .await
            .map(|v| v.kid),
        Ok("rotated".to_owned())
    );
}

#[wasm_bindgen_test]
async fn webcrypto_is_never_reached_for_alg_none_or_hs256_with_the_public_key() {
    let server = KeySetServer::new(vec![pool_key()]);
    let verifier = web_verifier(&server);
    let claims = id_claims(AWS_ISSUER, "a@example.jp");
    let none = format!(
        "{}.{}.",
        b64url(br#"{"alg":"none","kid":"web-test-key-1"}"#),
        b64url(claims.to_string().as_bytes())
    );
    assert!(matches!(
        verifier.verify(&none, TokenUse::Id, now()).await,
        Err(VerifyError::Refused(TokenError::Malformed(_)))
    ));
    let none_with_junk = format!("{none}AAAA");
    assert_eq!(
        verifier.verify(&none_with_junk, TokenUse::Id, now()).await,
        Err(VerifyError::Refused(TokenError::Algorithm {
            found: Some("none".into())
        }))
    );
    // The classic confusion: HS256 keyed with the RSA public key's bytes.
    for secret in [
        pool_key().to_string(),
        pool_key()["n"].as_str().unwrap().to_owned(),
    ] {
        let hs256 = sign_hs256(
            secret.as_bytes(),
            &json!({"alg": "HS256", "kid": SIGNING_KID}),
            &claims,
        )
        .await;
        assert_eq!(
            verifier.verify(&hs256, TokenUse::Id, now()).await,
            Err(VerifyError::Refused(TokenError::Algorithm {
                found: Some("HS256".into())
            }))
        );
    }
    assert_eq!(
        server.requests.get(),
        0,
        "refused before any key was fetched"
    );
}

#[wasm_bindgen_test]
async fn webcrypto_signed_tokens_with_wrong_claims_are_refused() {
    let key = signing_key().await;
    let server = KeySetServer::new(vec![pool_key()]);
    let verifier = web_verifier(&server);
    for (name, value, expected) in [
        ("aud", json!("another-client"), "aud"),
        (
            "iss",
            json!("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"),
            "iss",
        ),
        ("token_use", json!("access"), "token_use"),
        ("exp", json!(now() - 3600), "expired"),
    ] {
        let mut claims = id_claims(AWS_ISSUER, "a@example.jp");
        claims[name] = value;
        let token = sign(&key, &rs256_header(SIGNING_KID), &claims).await;
        match verifier.verify(&token, TokenUse::Id, now()).await {
            Err(VerifyError::Refused(e)) => {
                assert!(e.to_string().contains(expected), "{name}: {e}")
            }
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
    // A good access token is not an ID token.
    let access = sign(&key, &rs256_header(SIGNING_KID), &access_claims(AWS_ISSUER)).await;
    assert!(matches!(
        verifier.verify(&access, TokenUse::Id, now()).await,
        Err(VerifyError::Refused(TokenError::Audience { .. }))
    ));
}

// ---- the session in storage ---------------------------------------------------

fn local_storage() -> web_sys::Storage {
    window()
        .local_storage()
        .expect("localStorage allowed")
        .expect("localStorage present")
}

fn clear_session_keys() {
    for s in [storage(), local_storage()] {
        s.remove_item(STORAGE_KEY).unwrap();
        s.remove_item(REFRESH_STORAGE_KEY).unwrap();
    }
}

#[wasm_bindgen_test]
async fn stored_verified_tokens_sign_in_at_start_and_sign_out_forgets_them() {
    clear_session_keys();
    let key = signing_key().await;
    let stored = stored_session(&key, SIGNING_KID, "taro@example.jp", now() + 3_600).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();

    let (handle, root, auth) = mount_provider(fixture_config(json!({}))).await;
    let session = auth
        .session()
        .expect("restored from sessionStorage, verified");
    assert_eq!(session.email(), Some("taro@example.jp"));
    assert_eq!(session.id_token_key_id(), SIGNING_KID);
    assert_eq!(auth.groups(), ["admin"]);
    assert!(auth.is_in_group("admin"));
    assert_eq!(
        find(&root, "probe-email")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("taro@example.jp")
    );
    wait_for(&root, "probe-admin").await;

    // The pool's API is not there (the runner answers 404): the error says
    // so, but this tab is signed out and nothing is left.
    let result = auth.sign_out().await;
    assert!(
        matches!(result, Err(CognitoError::Decode { .. })),
        "{result:?}"
    );
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(
        storage().get_item(STORAGE_KEY).unwrap(),
        None,
        "tokens forgotten"
    );
    assert_eq!(storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);
    wait_until("the view to show nobody", || {
        find(&root, "probe-email")
            .unwrap()
            .text_content()
            .as_deref()
            == Some("")
    })
    .await;
    wait_until("the guard to close", || {
        find(&root, "probe-admin").is_none()
    })
    .await;
    assert!(find(&root, "require-group-denied").is_some());

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn stored_tokens_signed_by_another_key_are_refused_and_forgotten() {
    clear_session_keys();
    let (other, _) = new_key_pair().await;
    let forged = stored_session(&other, SIGNING_KID, "mallory@example.jp", now() + 3_600).await;
    storage().set_item(STORAGE_KEY, &forged).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();

    let (handle, root, auth) = mount_provider(fixture_config(json!({}))).await;
    assert_eq!(
        auth.state().get_untracked(),
        AuthState::SignedOut,
        "never trusted"
    );
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None, "never kept");
    assert_eq!(storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);
    assert_eq!(
        find(&root, "probe-email")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("")
    );
    drop(handle);
    root.remove();
}

/// Waits until renewals are being retried, and returns the attempt count.
async fn wait_for_retrying(auth: AuthContext) -> u32 {
    wait_until("the restore to be retried", || {
        matches!(
            auth.health().get_untracked(),
            SessionHealth::Retrying { .. }
        )
    })
    .await;
    match auth.health().get_untracked() {
        SessionHealth::Retrying { attempt, .. } => attempt,
        SessionHealth::Fresh => unreachable!(),
    }
}

/// The retry notice of [`Probe`]: its `data-state` and text.
fn session_notice(root: &web_sys::Element) -> (Option<String>, String) {
    let notice = find(root, "session-notice").expect("the session notice");
    (
        notice.get_attribute("data-state"),
        notice.text_content().unwrap_or_default(),
    )
}

#[wasm_bindgen_test]
async fn expired_tokens_are_kept_when_the_pool_cannot_be_reached() {
    clear_session_keys();
    let key = signing_key().await;
    let stored = stored_session(&key, SIGNING_KID, "hanako@example.jp", now() - 10).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();

    let (handle, root, auth) = mount_provider_restoring(offline_config()).await;
    assert_eq!(wait_for_retrying(auth).await, 1);
    // Offline is not a sign-out: nothing trusted yet, nothing forgotten, and
    // the notice says it is being tried again.
    assert_eq!(auth.state().get_untracked(), AuthState::Loading);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), Some(stored));
    assert_eq!(
        storage().get_item(REFRESH_STORAGE_KEY).unwrap().as_deref(),
        Some("refresh")
    );
    wait_until("the notice to say so", || {
        session_notice(&root).0.as_deref() == Some("retrying")
    })
    .await;
    let (_, text) = session_notice(&root);
    assert!(text.contains("trying again in 2 seconds"), "{text}");

    // Still unreachable after the backoff: tried again, still kept.
    wait_until("a second attempt", || {
        matches!(
            auth.health().get_untracked(),
            SessionHealth::Retrying { attempt: 2, .. }
        )
    })
    .await;
    assert_eq!(auth.state().get_untracked(), AuthState::Loading);
    assert!(storage().get_item(STORAGE_KEY).unwrap().is_some());

    // Signing out meanwhile forgets the tokens and stops the retries; the
    // stored refresh token could not be revoked (no answer): the error
    // says so.
    let result = auth.sign_out().await;
    assert!(
        matches!(result, Err(CognitoError::Transport { .. })),
        "{result:?}"
    );
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(auth.health().get_untracked(), SessionHealth::Fresh);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    assert_eq!(storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);

    drop(handle);
    root.remove();
    clear_session_keys();
}

/// `window.fetch` replaced for one test (put back on drop): while `down`,
/// every request fails as it does offline; once up, a POST to the fixture
/// pool's API gets `api` (status and body) when set, and anything else goes
/// to the real `fetch`. The `X-Amz-Target` of every POST to that API is
/// kept in `targets`, up or down, and with its JSON body in `sent` once
/// that is read.
struct Network {
    original: JsValue,
    down: Rc<Cell<bool>>,
    api: Rc<RefCell<Option<(u16, String)>>>,
    targets: Rc<RefCell<Vec<String>>>,
    sent: Rc<RefCell<Vec<(String, Value)>>>,
    _fake: Closure<dyn FnMut(JsValue, JsValue) -> JsValue>,
}

impl Network {
    fn down() -> Self {
        let original = js_sys::Reflect::get(&window(), &"fetch".into()).expect("fetch");
        let down = Rc::new(Cell::new(true));
        let api = Rc::new(RefCell::new(None::<(u16, String)>));
        let targets = Rc::new(RefCell::new(Vec::new()));
        let sent = Rc::new(RefCell::new(Vec::new()));
        let pool = format!("{}/tests/fixtures/", origin());
        let fake = {
            let (original, down, api, targets, sent) = (
                original.clone(),
                down.clone(),
                api.clone(),
                targets.clone(),
                sent.clone(),
            );
            Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
                move |input: JsValue, init: JsValue| -> JsValue {
                    let target = js_sys::Reflect::get(&input, &"headers".into())
                        .ok()
                        .and_then(|headers| {
                            let get = js_sys::Reflect::get(&headers, &"get".into()).ok()?;
                            get.unchecked_ref::<js_sys::Function>()
                                .call1(&headers, &"x-amz-target".into())
                                .ok()?
                                .as_string()
                        });
                    if let Some(target) = target {
                        targets.borrow_mut().push(target.clone());
                        // A copy's body, read as `fetch` goes on with the original.
                        let method = |on: &JsValue, name: &str| {
                            js_sys::Reflect::get(on, &name.into())
                                .ok()?
                                .unchecked_ref::<js_sys::Function>()
                                .call0(on)
                                .ok()
                        };
                        if let Some(text) =
                            method(&input, "clone").and_then(|copy| method(&copy, "text"))
                        {
                            let sent = sent.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                let text = JsFuture::from(js_sys::Promise::from(text)).await;
                                let body =
                                    text.ok().and_then(|t| t.as_string()).unwrap_or_default();
                                let body = serde_json::from_str(&body).unwrap_or(Value::Null);
                                sent.borrow_mut().push((target, body));
                            });
                        }
                    }
                    if down.get() {
                        let offline = js_sys::TypeError::new("Failed to fetch");
                        return js_sys::Promise::reject(&offline).into();
                    }
                    let field = |name: &str| {
                        js_sys::Reflect::get(&input, &name.into())
                            .ok()
                            .and_then(|v| v.as_string())
                    };
                    if field("method").as_deref() == Some("POST")
                        && field("url").as_deref() == Some(pool.as_str())
                    {
                        if let Some((status, body)) = api.borrow().clone() {
                            let init = web_sys::ResponseInit::new();
                            init.set_status(status);
                            let response =
                                web_sys::Response::new_with_opt_str_and_init(Some(&body), &init)
                                    .expect("a response");
                            return js_sys::Promise::resolve(&response).into();
                        }
                    }
                    original
                        .unchecked_ref::<js_sys::Function>()
                        .call2(&window(), &input, &init)
                        .expect("fetch called")
                },
            )
        };
        js_sys::Reflect::set(&window(), &"fetch".into(), fake.as_ref()).expect("fetch replaced");
        Network {
            original,
            down,
            api,
            targets,
            sent,
            _fake: fake,
        }
    }

    fn up(&self) {
        self.down.set(false);
    }

    fn answer_api(&self, status: u16, body: Value) {
        *self.api.borrow_mut() = Some((status, body.to_string()));
    }
}

impl Drop for Network {
    fn drop(&mut self) {
        let _ = js_sys::Reflect::set(&window(), &"fetch".into(), &self.original);
    }
}

/// The browser says the network is back.
fn back_online() {
    window()
        .dispatch_event(&web_sys::Event::new("online").expect("an online event"))
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn a_session_restored_offline_is_restored_once_the_pool_answers_again() {
    clear_session_keys();
    let key = signing_key().await;
    // Valid tokens, but the key set to verify them is out of reach.
    let stored = stored_session(&key, SIGNING_KID, "hanako@example.jp", now() + 3_600).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();

    let network = Network::down();
    let (handle, root, auth) = mount_provider_restoring(fixture_config(json!({}))).await;
    assert_eq!(wait_for_retrying(auth).await, 1);
    assert_eq!(auth.state().get_untracked(), AuthState::Loading);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), Some(stored));

    // Back online: restored at once, not at the next attempt (2 s later).
    network.up();
    let back = js_sys::Date::now();
    back_online();
    wait_until("the session to be restored", || auth.session().is_some()).await;
    assert!(
        js_sys::Date::now() - back < 1_500.0,
        "restored by the `online` event, not the backoff timer"
    );
    assert_eq!(auth.session().unwrap().email(), Some("hanako@example.jp"));
    assert_eq!(auth.health().get_untracked(), SessionHealth::Fresh);
    wait_until("the notice to clear", || {
        session_notice(&root).0.as_deref() == Some("fresh")
    })
    .await;

    drop(handle);
    root.remove();
    drop(network);
    clear_session_keys();
}

#[wasm_bindgen_test]
async fn signing_out_while_the_restore_waits_revokes_the_stored_tokens() {
    clear_session_keys();
    let key = signing_key().await;
    let stored = stored_session(&key, SIGNING_KID, "hanako@example.jp", now() + 3_600).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();

    let network = Network::down();
    let (handle, root, auth) = mount_provider_restoring(fixture_config(json!({}))).await;
    assert_eq!(wait_for_retrying(auth).await, 1);
    assert_eq!(auth.state().get_untracked(), AuthState::Loading);

    // The pool answers again, and the user signs out before the retry: the
    // stored tokens are signed out at the pool, not only forgotten.
    network.up();
    network.answer_api(200, json!({}));
    let result = auth.sign_out().await;
    assert!(result.is_ok(), "{result:?}");
    let targets = network.targets.borrow().clone();
    assert!(
        targets.iter().any(|t| t.ends_with(".GlobalSignOut")),
        "{targets:?}"
    );
    assert!(
        targets.iter().any(|t| t.ends_with(".RevokeToken")),
        "{targets:?}"
    );
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(auth.health().get_untracked(), SessionHealth::Fresh);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    assert_eq!(storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);

    // The retry that was due is not run: still signed out.
    sleep(2_500).await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(auth.health().get_untracked(), SessionHealth::Fresh);

    drop(handle);
    root.remove();
    drop(network);
    clear_session_keys();
}

/// Where [`IdentityPool`] answers: the identity pool of [`identity_config`].
fn identity_endpoint() -> String {
    format!("{}/tests/identity-pool/", origin())
}

/// [`fixture_config`] with an identity pool at [`identity_endpoint`].
fn identity_config() -> AuthConfig {
    fixture_config(json!({
        "identityPoolId": "ap-northeast-1:00000000-0000-4000-8000-000000000001",
        "endpoints": {
            "userPool": format!("{}/tests/fixtures/", origin()),
            "identityPool": identity_endpoint(),
        }
    }))
}

/// How the fake identity pool answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PoolMode {
    /// Not at all, as offline.
    Offline,
    /// `GetId` and `GetCredentialsForIdentity`, with credentials lasting
    /// `lifetime` seconds.
    Answering,
    /// `NotAuthorizedException`.
    Refusing,
}

/// `window.fetch` replaced for one test (put back on drop): POSTs to
/// [`identity_endpoint`] are answered as `mode` says and counted; anything
/// else goes to the real `fetch`.
struct IdentityPool {
    original: JsValue,
    mode: Rc<Cell<PoolMode>>,
    lifetime: Rc<Cell<i64>>,
    requests: Rc<Cell<u32>>,
    _fake: Closure<dyn FnMut(JsValue, JsValue) -> JsValue>,
}

impl IdentityPool {
    fn new(mode: PoolMode) -> Self {
        let original = js_sys::Reflect::get(&window(), &"fetch".into()).expect("fetch");
        let mode = Rc::new(Cell::new(mode));
        let lifetime = Rc::new(Cell::new(3_600));
        let requests = Rc::new(Cell::new(0));
        let endpoint = identity_endpoint();
        let fake = {
            let (original, mode, lifetime, requests) = (
                original.clone(),
                mode.clone(),
                lifetime.clone(),
                requests.clone(),
            );
            Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
                move |input: JsValue, init: JsValue| -> JsValue {
                    let field = |name: &str| {
                        js_sys::Reflect::get(&input, &name.into())
                            .ok()
                            .and_then(|v| v.as_string())
                    };
                    if field("method").as_deref() != Some("POST")
                        || field("url").as_deref() != Some(endpoint.as_str())
                    {
                        return original
                            .unchecked_ref::<js_sys::Function>()
                            .call2(&window(), &input, &init)
                            .expect("fetch called");
                    }
                    requests.set(requests.get() + 1);
                    let target = js_sys::Reflect::get(&input, &"headers".into())
                        .ok()
                        .and_then(|headers| {
                            let get = js_sys::Reflect::get(&headers, &"get".into()).ok()?;
                            get.unchecked_ref::<js_sys::Function>()
                                .call1(&headers, &"x-amz-target".into())
                                .ok()?
                                .as_string()
                        })
                        .unwrap_or_default();
                    let identity_id = "ap-northeast-1:11111111-1111-4111-8111-111111111111";
                    let (status, body) = match mode.get() {
                        PoolMode::Offline => {
                            let offline = js_sys::TypeError::new("Failed to fetch");
                            return js_sys::Promise::reject(&offline).into();
                        }
                        PoolMode::Refusing => (
                            400,
                            json!({"__type": "NotAuthorizedException",
                                   "message": "Invalid login token."}),
                        ),
                        PoolMode::Answering if target.ends_with(".GetId") => {
                            (200, json!({ "IdentityId": identity_id }))
                        }
                        PoolMode::Answering => (
                            200,
                            json!({"IdentityId": identity_id, "Credentials": {
                                "AccessKeyId": "ASIAFAKEFAKEFAKEFAKE",
                                "SecretKey": "secret",
                                "SessionToken": "session",
                                "Expiration": now() + lifetime.get(),
                            }}),
                        ),
                    };
                    let init = web_sys::ResponseInit::new();
                    init.set_status(status);
                    let response = web_sys::Response::new_with_opt_str_and_init(
                        Some(&body.to_string()),
                        &init,
                    )
                    .expect("a response");
                    js_sys::Promise::resolve(&response).into()
                },
            )
        };
        js_sys::Reflect::set(&window(), &"fetch".into(), fake.as_ref()).expect("fetch replaced");
        IdentityPool {
            original,
            mode,
            lifetime,
            requests,
            _fake: fake,
        }
    }

    fn set(&self, mode: PoolMode) {
        self.mode.set(mode);
    }
}

impl Drop for IdentityPool {
    fn drop(&mut self) {
        let _ = js_sys::Reflect::set(&window(), &"fetch".into(), &self.original);
    }
}

/// `Ready`'s expiry, if the credentials are held.
fn credentials_expiry(auth: AuthContext) -> Option<i64> {
    match auth.credentials_state().get_untracked() {
        CredentialsState::Ready { expires_at, .. } => Some(expires_at),
        _ => None,
    }
}

#[wasm_bindgen_test]
async fn credentials_that_got_no_answer_are_fetched_again_and_a_refusal_is_not() {
    clear_session_keys();
    let key = signing_key().await;
    let stored = stored_session(&key, SIGNING_KID, "hanako@example.jp", now() + 3_600).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();
    let (handle, root, auth) = mount_provider(identity_config()).await;
    assert!(auth.session().is_some(), "signed in");

    // No answer: failed, and tried again with backoff (2 s later) on its own.
    let pool = IdentityPool::new(PoolMode::Offline);
    let asked = js_sys::Date::now();
    let first = auth.aws_credentials().await;
    assert!(
        matches!(
            first,
            Err(CredentialsError::Service(CognitoError::Transport { .. }))
        ),
        "{first:?}"
    );
    assert!(matches!(
        auth.credentials_state().get_untracked(),
        CredentialsState::Failed(_)
    ));
    // The next credentials last 4 s: renewed about 3 s after they come.
    pool.lifetime.set(4);
    pool.set(PoolMode::Answering);
    wait_until("the retry to bring credentials", || {
        credentials_expiry(auth).is_some()
    })
    .await;
    let waited = js_sys::Date::now() - asked;
    assert!(
        waited >= 1_500.0,
        "fetched again by the backoff timer: {waited} ms"
    );
    let first_expiry = credentials_expiry(auth).unwrap();

    // Their renewal gets no answer: still `Ready` while they last…
    pool.set(PoolMode::Offline);
    let before = pool.requests.get();
    wait_until("the renewal to be tried", || pool.requests.get() > before).await;
    sleep(50).await;
    assert_eq!(credentials_expiry(auth), Some(first_expiry));
    // …returned as they are while the retry waits, without asking again.
    let tried = pool.requests.get();
    let held = auth.aws_credentials().await.expect("the held credentials");
    assert_eq!(held.expires_at(), first_expiry);
    assert_eq!(pool.requests.get(), tried, "asked again before the retry");
    // …and back online, fetched again at once (not at the retry, 2 s on).
    pool.lifetime.set(4);
    pool.set(PoolMode::Answering);
    let back = js_sys::Date::now();
    back_online();
    wait_until("new credentials", || {
        credentials_expiry(auth).is_some_and(|e| e > first_expiry)
    })
    .await;
    assert!(
        js_sys::Date::now() - back < 1_500.0,
        "fetched again by the `online` event, not the backoff timer"
    );

    // A refusal at the next renewal: failed, and not asked again, neither
    // by a timer nor when the page comes back.
    pool.set(PoolMode::Refusing);
    wait_until("the renewal to be refused", || {
        matches!(
            auth.credentials_state().get_untracked(),
            CredentialsState::Failed(CredentialsError::Service(CognitoError::Service { .. }))
        )
    })
    .await;
    let refused = pool.requests.get();
    sleep(3_000).await;
    back_online();
    sleep(300).await;
    assert_eq!(pool.requests.get(), refused, "a refusal was retried");
    assert!(matches!(
        auth.credentials_state().get_untracked(),
        CredentialsState::Failed(_)
    ));
    // Asked again by the user, they come (the identity asked for again).
    pool.lifetime.set(3_600);
    pool.set(PoolMode::Answering);
    auth.aws_credentials().await.expect("credentials");
    assert_eq!(
        pool.requests.get(),
        refused + 2,
        "GetId, then the credentials"
    );
    assert!(credentials_expiry(auth).is_some_and(|e| e > now() + 3_000));

    drop(handle);
    root.remove();
    drop(pool);
    clear_session_keys();
}

#[wasm_bindgen_test]
async fn expired_tokens_are_renewed_once_the_pool_answers_again_and_a_refusal_ends_them() {
    clear_session_keys();
    let key = signing_key().await;
    let issuer = fixture_issuer();
    let stored = stored_session(&key, SIGNING_KID, "hanako@example.jp", now() - 10).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();

    let network = Network::down();
    let (handle, root, auth) = mount_provider_restoring(fixture_config(json!({}))).await;
    wait_for_retrying(auth).await;
    assert_eq!(auth.state().get_untracked(), AuthState::Loading);

    // The pool answers again, with renewed tokens of the same sign-in.
    let id = sign(
        &key,
        &rs256_header(SIGNING_KID),
        &id_claims(&issuer, "renewed@example.jp"),
    )
    .await;
    let access = sign(&key, &rs256_header(SIGNING_KID), &access_claims(&issuer)).await;
    network.answer_api(
        200,
        json!({"AuthenticationResult": {"IdToken": id, "AccessToken": access,
               "ExpiresIn": 3600, "TokenType": "Bearer"}, "ChallengeParameters": {}}),
    );
    network.up();
    back_online();
    wait_until("the session to be renewed", || auth.session().is_some()).await;
    let session = auth.session().unwrap();
    assert_eq!(session.email(), Some("renewed@example.jp"));
    assert_eq!(session.tokens().id_token.expose(), id);
    let saved: Value = serde_json::from_str(&storage().get_item(STORAGE_KEY).unwrap().unwrap())
        .expect("stored JSON");
    assert_eq!(
        saved["id_token"],
        json!(id),
        "the renewed tokens are stored"
    );
    drop(handle);
    root.remove();

    // A refusal is definitive: the session ends, and nothing of it is kept.
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();
    network.answer_api(
        400,
        json!({"__type": "NotAuthorizedException", "message": "Refresh Token has been revoked"}),
    );
    let (handle, root, auth) = mount_provider(fixture_config(json!({}))).await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(auth.health().get_untracked(), SessionHealth::Fresh);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    assert_eq!(storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);

    drop(handle);
    root.remove();
    drop(network);
    clear_session_keys();
}

/// Under `tokenStorage: "local"` a tab without the refresh token relies on
/// the tab that has it; when that tab's message is lost, the renewed tokens
/// it saved are found in storage before this tab gives up.
#[wasm_bindgen_test]
async fn a_tab_without_the_refresh_token_adopts_renewed_tokens_from_storage() {
    clear_session_keys();
    let key = signing_key().await;
    let issuer = fixture_issuer();
    let stored = stored_session(&key, SIGNING_KID, "local@example.jp", now() + 2).await;
    local_storage().set_item(STORAGE_KEY, &stored).unwrap();

    let (handle, root, auth) =
        mount_provider(fixture_config(json!({"tokenStorage": "local"}))).await;
    let first = auth.session().expect("restored from localStorage");
    assert_eq!(first.tokens().refresh_token, None);

    // The other tab renews and saves; its message never arrives.
    let id = sign(
        &key,
        &rs256_header(SIGNING_KID),
        &id_claims(&issuer, "renewed@example.jp"),
    )
    .await;
    let access = sign(&key, &rs256_header(SIGNING_KID), &access_claims(&issuer)).await;
    let renewed = json!({"id_token": id, "access_token": access, "expires_at": now() + 3_600,
                         "method": "user-pool-api"});
    local_storage()
        .set_item(STORAGE_KEY, &renewed.to_string())
        .unwrap();

    wait_until("the renewed tokens to be adopted", || {
        auth.session()
            .is_some_and(|s| s.email() == Some("renewed@example.jp"))
    })
    .await;
    assert!(auth.session().unwrap().expires_at() > now() + 3_000);
    drop(handle);
    root.remove();

    // Nothing newer stored: signed out here when the tokens expire, and the
    // stored tokens left to the tab that holds the refresh token.
    let stored = stored_session(&key, SIGNING_KID, "local@example.jp", now() + 2).await;
    local_storage().set_item(STORAGE_KEY, &stored).unwrap();
    let (handle, root, auth) =
        mount_provider(fixture_config(json!({"tokenStorage": "local"}))).await;
    assert!(auth.session().is_some());
    wait_until("this tab to sign out", || {
        auth.state().get_untracked() == AuthState::SignedOut
    })
    .await;
    let left: Value =
        serde_json::from_str(&local_storage().get_item(STORAGE_KEY).unwrap().unwrap())
            .expect("stored JSON");
    assert_eq!(left, serde_json::from_str::<Value>(&stored).unwrap());

    drop(handle);
    root.remove();
    clear_session_keys();
}

#[wasm_bindgen_test]
async fn an_unreadable_stored_session_is_forgotten() {
    clear_session_keys();
    storage()
        .set_item(
            STORAGE_KEY,
            r#"{"id_token":"not-a-jwt","access_token":"a","expires_at":1}"#,
        )
        .unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();

    let (handle, root, auth) = mount_provider(offline_config()).await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    assert_eq!(storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn nothing_stored_means_signed_out() {
    clear_session_keys();
    let (handle, root, auth) = mount_provider(offline_config()).await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    drop(handle);
    root.remove();
}

/// The storage policy: `local` keeps the tokens in localStorage, but a
/// refresh token found there (an earlier deployment's) is removed unless
/// `refreshTokenInLocalStorage` allows it; `session` empties localStorage of
/// tokens.
#[wasm_bindgen_test]
async fn the_storage_policy_decides_where_tokens_may_stay() {
    clear_session_keys();
    let key = signing_key().await;
    let stored = stored_session(&key, SIGNING_KID, "local@example.jp", now() + 3_600).await;
    local_storage().set_item(STORAGE_KEY, &stored).unwrap();
    local_storage()
        .set_item(REFRESH_STORAGE_KEY, "stale-refresh")
        .unwrap();

    let (handle, root, auth) =
        mount_provider(fixture_config(json!({"tokenStorage": "local"}))).await;
    let session = auth.session().expect("restored from localStorage");
    assert_eq!(session.email(), Some("local@example.jp"));
    assert_eq!(
        session.tokens().refresh_token,
        None,
        "a refresh token in localStorage is not read under `local` alone"
    );
    assert_eq!(local_storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);
    assert!(local_storage().get_item(STORAGE_KEY).unwrap().is_some());
    drop(handle);
    root.remove();

    // The default policy: tokens left in localStorage are removed at start.
    local_storage()
        .set_item(REFRESH_STORAGE_KEY, "stale-refresh")
        .unwrap();
    let (handle, root, auth) = mount_provider(fixture_config(json!({}))).await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(local_storage().get_item(STORAGE_KEY).unwrap(), None);
    assert_eq!(local_storage().get_item(REFRESH_STORAGE_KEY).unwrap(), None);
    drop(handle);
    root.remove();
    clear_session_keys();
}

// ---- a component in the DOM ----------------------------------------------------

#[wasm_bindgen_test]
async fn password_rules_tick_off_as_the_password_changes() {
    let root = container();
    let password = RwSignal::new(String::new());
    let policy = PasswordPolicy {
        minimum_length: 8,
        ..PasswordPolicy::default()
    };
    let handle = mount_to(root.clone(), move || {
        view! { <PasswordRules policy password /> }
    });

    const RULES: [&str; 5] = ["length", "lowercase", "uppercase", "number", "symbol"];
    let met = |rule: &str| {
        find(&root, &format!("password-rule-{rule}"))
            .unwrap_or_else(|| panic!("no password-rule-{rule} in {}", root.inner_html()))
            .get_attribute("data-met")
    };
    let met_now = || {
        RULES
            .into_iter()
            .filter(|rule| met(rule).as_deref() == Some("true"))
            .collect::<Vec<_>>()
    };
    for rule in RULES {
        assert_eq!(
            met(rule).as_deref(),
            Some("false"),
            "{rule} with no password"
        );
    }

    password.set("abcdefgh".into());
    wait_until("length and lowercase to be met", || {
        met_now() == ["length", "lowercase"]
    })
    .await;

    password.set("Abcdef1!".into());
    wait_until("every rule to be met", || met_now() == RULES).await;
    for rule in RULES {
        let mark = find(&root, &format!("password-rule-{rule}"))
            .and_then(|li| li.query_selector(".lc-rule__mark").expect("valid selector"))
            .unwrap_or_else(|| panic!("no mark for {rule} in {}", root.inner_html()));
        assert_eq!(mark.text_content().as_deref(), Some("✓"), "{rule}");
    }

    password.set("Abc1!".into());
    wait_until("length to be unmet again", || {
        met_now() == ["lowercase", "uppercase", "number", "symbol"]
    })
    .await;

    drop(handle);
    root.remove();
}

/// Types `text` into the input with `test_id` as a user would: the value,
/// then an `input` event for the binding.
fn type_into(root: &web_sys::Element, test_id: &str, text: &str) {
    let input = find(root, test_id)
        .unwrap_or_else(|| panic!("no {test_id} in {}", root.inner_html()))
        .dyn_into::<web_sys::HtmlInputElement>()
        .expect("an input");
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").expect("an input event"))
        .expect("dispatch");
}

fn click(root: &web_sys::Element, test_id: &str) {
    find(root, test_id)
        .unwrap_or_else(|| panic!("no {test_id} in {}", root.inner_html()))
        .dyn_into::<web_sys::HtmlElement>()
        .expect("an HtmlElement")
        .click();
}

/// In the embedded `<Authenticator>` the password reset is a step, not a
/// route: "Forgot your password?" takes the typed email along, the address
/// bar stays, and a failed `ForgotPassword` is explained on the same step.
#[wasm_bindgen_test]
async fn the_embedded_authenticator_has_the_password_reset_as_steps() {
    storage().clear().expect("clear sessionStorage");
    let root = container();
    let config = offline_config();
    let path = window().location().pathname().expect("a path");
    let handle = mount_to(root.clone(), move || view! { <Authenticator config /> });
    wait_for(&root, "screen-login").await;
    type_into(&root, "login-username", "taro@example.jp");

    click(&root, "to-forgot-password");
    wait_for(&root, "screen-forgot-password").await;
    assert_eq!(
        window().location().pathname().unwrap(),
        path,
        "no route change"
    );
    let email = find(&root, "forgot-username")
        .unwrap()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .value();
    assert_eq!(email, "taro@example.jp", "the typed email comes along");

    click(&root, "forgot-submit");
    wait_until("the unreachable pool to be explained", || {
        find(&root, "form-error")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains(CLOSED))
    })
    .await;
    assert!(find(&root, "screen-forgot-password").is_some());

    click(&root, "to-login");
    wait_for(&root, "screen-login").await;
    drop(handle);
    root.remove();
}

// ---- the embedding API: Authenticator's options, RequireAuth ------------------

/// `hide_sign_up` leaves no way to sign-up: no link under the sign-in card,
/// and `initial_screen=SignUp` starts on sign-in instead.
#[wasm_bindgen_test]
async fn hide_sign_up_removes_the_way_to_sign_up() {
    clear_session_keys();
    let root = container();
    let config = offline_config();
    let handle = mount_to(root.clone(), move || {
        view! { <Authenticator config hide_sign_up=true initial_screen=InitialScreen::SignUp /> }
    });
    wait_for(&root, "screen-login").await;
    assert!(find(&root, "to-signup").is_none(), "{}", root.inner_html());
    assert!(find(&root, "screen-signup").is_none());
    drop(handle);
    root.remove();
}

/// `initial_screen=SignUp` starts on sign-up, and sign-in stays one click
/// away (with its own link back); `header` and `footer` sit around the
/// steps.
#[wasm_bindgen_test]
async fn initial_screen_sign_up_starts_on_sign_up_between_header_and_footer() {
    clear_session_keys();
    let root = container();
    let config = offline_config();
    let handle = mount_to(root.clone(), move || {
        view! {
            <Authenticator
                config
                initial_screen=InitialScreen::SignUp
                header=|| view! { <p data-testid="host-header">"Example Corp"</p> }
                footer=|| view! { <p data-testid="host-footer">"Help"</p> }
            />
        }
    });
    wait_for(&root, "screen-signup").await;
    assert!(find(&root, "screen-login").is_none());
    let first = root.first_element_child().expect("a first element");
    assert_eq!(
        first.get_attribute("data-testid").as_deref(),
        Some("authenticator-header")
    );
    assert!(find(&first, "host-header").is_some());
    let last = root.last_element_child().expect("a last element");
    assert_eq!(
        last.get_attribute("data-testid").as_deref(),
        Some("authenticator-footer")
    );
    assert!(find(&last, "host-footer").is_some());

    click(&root, "to-login");
    wait_for(&root, "screen-login").await;
    assert!(find(&root, "authenticator-header").is_some());
    click(&root, "to-signup");
    wait_for(&root, "screen-signup").await;
    drop(handle);
    root.remove();
}

thread_local! {
    /// What the host's `on_signed_in` / `on_signed_out` heard, in order.
    static HEARD: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn heard() -> Vec<String> {
    HEARD.with(|h| h.borrow().clone())
}

/// `on_signed_in` and `on_signed_out` run once per change — not for the
/// session restored at start, not for the `Loading` of a sign-in's checks,
/// not for a renewal — with the verified session.
#[wasm_bindgen_test]
async fn the_authenticator_tells_its_host_of_each_sign_in_and_sign_out_once() {
    clear_session_keys();
    HEARD.with(|h| h.borrow_mut().clear());
    let key = signing_key().await;
    let stored = stored_session(&key, SIGNING_KID, "taro@example.jp", now() + 3_600).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();
    let network = Network::down();
    network.up();

    AUTH.with(|slot| slot.borrow_mut().take());
    let root = container();
    let config = fixture_config(json!({"authFlowType": "USER_PASSWORD_AUTH"}));
    let handle = mount_to(root.clone(), move || {
        view! {
            <Authenticator
                config
                on_signed_in=move |session: Session| {
                    let email = session.email().unwrap_or_default().to_owned();
                    HEARD.with(|h| h.borrow_mut().push(format!("in:{email}")));
                }
                on_signed_out=move |()| HEARD.with(|h| h.borrow_mut().push("out".into()))
            >
                <Probe />
            </Authenticator>
        }
    });
    wait_until("the restored session", || {
        AUTH.with(|slot| slot.borrow().is_some())
    })
    .await;
    let auth = AUTH.with(|slot| slot.borrow_mut().take()).unwrap();
    sleep(100).await;
    assert_eq!(heard(), Vec::<String>::new(), "a restore is not a sign-in");

    network.answer_api(200, json!({}));
    auth.sign_out().await.expect("signed out");
    wait_for(&root, "screen-login").await;
    assert_eq!(heard(), ["out"]);

    // Signing in through the form: `InitiateAuth` answers with tokens.
    let (id, access) = sign_in_through_the_form(&root, &network, &key, "refresh-2").await;
    wait_until("the sign-in to be heard", || heard().len() == 2).await;
    assert_eq!(heard(), ["out", "in:taro@example.jp"]);
    assert!(auth.is_signed_in());
    assert!(network
        .targets
        .borrow()
        .iter()
        .any(|t| t.ends_with(".InitiateAuth")));

    // A renewal is not a sign-in.
    network.answer_api(
        200,
        json!({"AuthenticationResult": {"IdToken": id, "AccessToken": access,
               "ExpiresIn": 3600, "TokenType": "Bearer"}}),
    );
    auth.refresh_now().await.expect("renewed");

    network.answer_api(200, json!({}));
    auth.sign_out().await.expect("signed out");
    wait_until("the sign-out to be heard", || heard().len() == 3).await;
    sleep(100).await;
    assert_eq!(heard(), ["out", "in:taro@example.jp", "out"]);

    drop(handle);
    root.remove();
    drop(network);
    clear_session_keys();
}

thread_local! {
    /// The errors an `<Authenticator on_error>` heard.
    static ERRORS: RefCell<Vec<Notice>> = const { RefCell::new(Vec::new()) };
}

/// `on_error` hears each error the steps show, as the notice on screen: a
/// wrong password (`NotAuthorizedException`) and a form left empty.
#[wasm_bindgen_test]
async fn the_authenticator_tells_its_host_of_each_error_shown() {
    clear_session_keys();
    ERRORS.with(|e| e.borrow_mut().clear());
    let network = Network::down();
    network.up();
    let root = container();
    let config = fixture_config(json!({"authFlowType": "USER_PASSWORD_AUTH"}));
    let handle = mount_to(root.clone(), move || {
        view! {
            <Authenticator
                config
                on_error=move |notice: Notice| ERRORS.with(|e| e.borrow_mut().push(notice))
            />
        }
    });
    wait_for(&root, "screen-login").await;
    let heard = || ERRORS.with(|e| e.borrow().iter().map(|n| n.msg).collect::<Vec<_>>());

    click(&root, "login-submit");
    wait_until("the empty form's error", || heard().len() == 1).await;

    network.answer_api(
        400,
        json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."}),
    );
    type_into(&root, "login-username", "taro@example.jp");
    type_into(&root, "login-password", "Wrong-horse-1");
    click(&root, "login-submit");
    wait_until("the wrong password's error", || heard().len() == 2).await;
    assert_eq!(heard()[1], Msg::ErrIncorrectCredentials);
    let shown = find(&root, "form-error")
        .unwrap()
        .text_content()
        .unwrap_or_default();
    let told = ERRORS.with(|e| e.borrow()[1].render(leptos_cognito::Lang::En));
    assert!(shown.contains(&told), "shown {shown:?}, told {told:?}");

    drop(handle);
    root.remove();
    drop(network);
}

/// The host's sign-up fields for `sign_up_fields`: a required given name
/// and an optional team with its own label.
fn host_sign_up_fields() -> Vec<SignUpField> {
    vec![
        SignUpField::required(SignUpAttribute::Standard(StandardAttribute::GivenName)),
        SignUpField::optional(SignUpAttribute::Custom("custom:team".into())).label("Team"),
    ]
}

/// `sign_up_fields` replaces the config's `signUpAttributes` after the
/// email: the host's fields, with their label ("(optional)" when they may
/// be left empty) and the attribute's autofill token.
#[wasm_bindgen_test]
async fn sign_up_fields_replace_the_configured_attributes() {
    clear_session_keys();
    let root = container();
    let config = fixture_config(json!({"signUpAttributes": ["name"]}));
    let handle = mount_to(root.clone(), move || {
        view! {
            <Authenticator
                config
                initial_screen=InitialScreen::SignUp
                sign_up_fields=host_sign_up_fields()
            />
        }
    });
    wait_for(&root, "screen-signup").await;
    for id in ["signup-email", "signup-given_name", "signup-custom-team"] {
        assert!(
            find(&root, id).is_some(),
            "no {id} in {}",
            root.inner_html()
        );
    }
    assert!(find(&root, "signup-name").is_none(), "the config's field");
    let label = root
        .query_selector("label[for=\"signup-custom-team\"]")
        .expect("valid selector")
        .expect("the team's label");
    assert_eq!(label.text_content().as_deref(), Some("Team (optional)"));
    assert_eq!(
        find(&root, "signup-given_name")
            .unwrap()
            .get_attribute("autocomplete")
            .as_deref(),
        Some("given-name")
    );
    drop(handle);
    root.remove();
}

/// `sign_up_validator` runs on each filled value: its problem is shown,
/// naming the field, and nothing is sent; once it passes, `SignUp` carries
/// every attribute and the confirmation step follows.
#[wasm_bindgen_test]
async fn sign_up_validator_stops_the_sign_up_until_it_passes() {
    clear_session_keys();
    let network = Network::down();
    network.up();
    let root = container();
    let config = fixture_config(json!({}));
    let handle = mount_to(root.clone(), move || {
        view! {
            <Authenticator
                config
                initial_screen=InitialScreen::SignUp
                sign_up_fields=host_sign_up_fields()
                sign_up_validator=move |(name, value): (String, String)| {
                    (name == "custom:team" && value.chars().count() < 2)
                        .then(|| "Two letters at least.".to_owned())
                }
            />
        }
    });
    wait_for(&root, "screen-signup").await;
    type_into(&root, "signup-email", "taro@example.jp");
    type_into(&root, "signup-given_name", "Taro");
    type_into(&root, "signup-custom-team", "x");
    type_into(&root, "signup-password", "Correct-horse-battery-1");
    click(&root, "signup-submit");
    wait_until("the validator's problem", || {
        find(&root, "form-error")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains("Two letters at least."))
    })
    .await;
    let shown = find(&root, "form-error").unwrap().text_content().unwrap();
    assert!(shown.contains("Team"), "{shown}");
    sleep(100).await;
    // Copied out: a borrow held by a failed assertion would outlive the test.
    let targets = network.targets.borrow().clone();
    assert_eq!(targets, Vec::<String>::new(), "nothing sent");

    network.answer_api(
        200,
        json!({"UserConfirmed": false, "UserSub": "5f7e1c2a-0000-4000-8000-000000000001",
               "CodeDeliveryDetails": {"Destination": "t***@e***", "DeliveryMedium": "EMAIL",
                                       "AttributeName": "email"}}),
    );
    type_into(&root, "signup-custom-team", "ab");
    click(&root, "signup-submit");
    wait_for(&root, "screen-confirm").await;
    wait_until("the SignUp body", || !network.sent.borrow().is_empty()).await;
    let (target, body) = network.sent.borrow()[0].clone();
    assert!(target.ends_with(".SignUp"), "{target}");
    let mut attributes: Vec<(String, String)> = body["UserAttributes"]
        .as_array()
        .unwrap_or_else(|| panic!("no UserAttributes in {body}"))
        .iter()
        .map(|a| {
            let text = |key: &str| a[key].as_str().unwrap_or_default().to_owned();
            (text("Name"), text("Value"))
        })
        .collect();
    attributes.sort();
    assert_eq!(
        attributes,
        [
            ("custom:team".to_owned(), "ab".to_owned()),
            ("email".to_owned(), "taro@example.jp".to_owned()),
            ("given_name".to_owned(), "Taro".to_owned()),
        ]
    );

    drop(handle);
    root.remove();
    drop(network);
}

/// A configuration offering Google and a custom "Corporate" provider,
/// redirecting back to this page's origin.
fn oauth_config() -> AuthConfig {
    fixture_config(json!({"oauth": {
        "domain": "https://auth.example.com",
        "redirectSignIn": format!("{}/callback", origin()),
        "redirectSignOut": format!("{}/", origin()),
        "scopes": ["openid", "email"],
        "providers": [{"name": "Google"}, {"name": "Corporate", "label": "Corporate SSO"}]
    }}))
}

/// `social_providers` offers only the providers it names; without it, every
/// provider of `oauth.providers` has its button.
#[wasm_bindgen_test]
async fn social_providers_chooses_which_buttons_are_offered() {
    clear_session_keys();
    let root = container();
    let config = oauth_config();
    let handle = mount_to(root.clone(), move || {
        view! { <Authenticator config social_providers=vec!["Google".into()] /> }
    });
    wait_for(&root, "screen-login").await;
    assert!(
        find(&root, "idp-button-Google").is_some(),
        "{}",
        root.inner_html()
    );
    assert!(find(&root, "idp-button-Corporate").is_none());
    drop(handle);
    root.remove();

    let root = container();
    let config = oauth_config();
    let handle = mount_to(root.clone(), move || view! { <Authenticator config /> });
    wait_for(&root, "screen-login").await;
    assert!(find(&root, "idp-button-Google").is_some());
    assert!(
        find(&root, "idp-button-Corporate").is_some(),
        "{}",
        root.inner_html()
    );
    drop(handle);
    root.remove();
}

/// `<RequireAuth>` below an `<AuthProvider>`: the loading card while the
/// session restores, the children once signed in, the sign-in steps in
/// their place once signed out.
#[wasm_bindgen_test]
async fn require_auth_shows_its_children_only_when_signed_in() {
    clear_session_keys();
    let key = signing_key().await;
    let stored = stored_session(&key, SIGNING_KID, "hanako@example.jp", now() + 3_600).await;
    storage().set_item(STORAGE_KEY, &stored).unwrap();
    storage().set_item(REFRESH_STORAGE_KEY, "refresh").unwrap();
    // The key set is out of reach: the restore waits.
    let network = Network::down();

    AUTH.with(|slot| slot.borrow_mut().take());
    let root = container();
    let config = fixture_config(json!({}));
    let handle = mount_to(root.clone(), move || {
        view! {
            <AuthProvider config>
                <Probe />
                <RequireAuth>
                    <p data-testid="members-only">"members only"</p>
                </RequireAuth>
            </AuthProvider>
        }
    });
    wait_until("the provider", || AUTH.with(|slot| slot.borrow().is_some())).await;
    let auth = AUTH.with(|slot| slot.borrow_mut().take()).unwrap();
    wait_for_retrying(auth).await;
    assert!(
        find(&root, "screen-loading").is_some(),
        "{}",
        root.inner_html()
    );
    assert!(find(&root, "members-only").is_none());
    assert!(find(&root, "screen-login").is_none());

    network.up();
    back_online();
    wait_for(&root, "members-only").await;
    assert!(find(&root, "screen-loading").is_none());
    assert!(find(&root, "screen-login").is_none());

    network.answer_api(200, json!({}));
    auth.sign_out().await.expect("signed out");
    wait_for(&root, "screen-login").await;
    assert!(find(&root, "members-only").is_none());

    drop(handle);
    root.remove();
    drop(network);
    clear_session_keys();
}

/// `<RequireAuth redirect_to=…>` under a `<Router>` sends a signed-out
/// visitor there (replacing the history entry) and never shows the
/// children.
#[wasm_bindgen_test]
async fn require_auth_with_redirect_to_navigates_when_signed_out() {
    clear_session_keys();
    let path = window().location().pathname().expect("a path");
    let history_length = window().history().unwrap().length().unwrap();
    let root = container();
    let config = offline_config();
    let handle = mount_to(root.clone(), move || {
        view! {
            <AuthProvider config>
                <Router>
                    <RequireAuth redirect_to="/signed-out-here">
                        <p data-testid="members-only">"members only"</p>
                    </RequireAuth>
                </Router>
            </AuthProvider>
        }
    });
    wait_until("the redirect", || {
        window().location().pathname().ok().as_deref() == Some("/signed-out-here")
    })
    .await;
    assert!(find(&root, "members-only").is_none());
    assert!(find(&root, "screen-login").is_none(), "no sign-in here");
    assert_eq!(
        window().history().unwrap().length().unwrap(),
        history_length,
        "replaced, not pushed"
    );
    drop(handle);
    root.remove();
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(&path))
        .expect("the runner's path back");
}

/// `return_to`: after a new sign-in the page's address becomes that path,
/// as a history entry with the `popstate` a router follows, without a page
/// load (a path of another site is refused: `step_flow`'s unit test).
#[wasm_bindgen_test]
async fn the_authenticator_goes_to_return_to_after_a_sign_in() {
    clear_session_keys();
    let key = signing_key().await;
    let network = Network::down();
    network.up();
    let history = window().history().unwrap();
    let before = window().location().href().unwrap();
    let pops = Rc::new(Cell::new(0));
    let counted = pops.clone();
    let listener = Closure::<dyn FnMut()>::new(move || counted.set(counted.get() + 1));
    window()
        .add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref())
        .unwrap();

    let root = container();
    let config = fixture_config(json!({"authFlowType": "USER_PASSWORD_AUTH"}));
    let handle = mount_to(root.clone(), move || {
        view! { <Authenticator config return_to="/welcome-back?from=sign-in" /> }
    });
    wait_for(&root, "screen-login").await;
    sign_in_through_the_form(&root, &network, &key, "refresh").await;
    wait_until("the address to change", || {
        window().location().pathname().unwrap_or_default() == "/welcome-back"
    })
    .await;
    assert_eq!(window().location().search().unwrap(), "?from=sign-in");
    assert_eq!(pops.get(), 1, "one popstate for the router");

    drop(handle);
    root.remove();
    drop(network);
    window()
        .remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref())
        .unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
    clear_session_keys();
}

/// Signs `taro@example.jp` in through the sign-in step under `root`:
/// `InitiateAuth` answers with tokens signed by `key` (and `refresh`).
/// Returns the ID and access tokens.
async fn sign_in_through_the_form(
    root: &web_sys::Element,
    network: &Network,
    key: &web_sys::CryptoKey,
    refresh: &str,
) -> (String, String) {
    let issuer = fixture_issuer();
    let id = sign(
        key,
        &rs256_header(SIGNING_KID),
        &id_claims(&issuer, "taro@example.jp"),
    )
    .await;
    let access = sign(key, &rs256_header(SIGNING_KID), &access_claims(&issuer)).await;
    network.answer_api(
        200,
        json!({"AuthenticationResult": {"IdToken": id, "AccessToken": access,
               "RefreshToken": refresh, "ExpiresIn": 3600, "TokenType": "Bearer"},
               "ChallengeParameters": {}}),
    );
    type_into(root, "login-username", "taro@example.jp");
    type_into(root, "login-password", "Correct-horse-1");
    click(root, "login-submit");
    (id, access)
}
