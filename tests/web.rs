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
//! `/public/config.json` is a real answer).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;

use cognito_client::flow::Tokens;
use cognito_client::password::PasswordPolicy;
use cognito_client::secret::{AccessToken, IdToken, RefreshToken};
use cognito_client::{CognitoError, HttpRequest, Transport, UserPoolClient};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos_cognito::config::{self, AuthConfig, ConfigProblem};
use leptos_cognito::session::STORAGE_KEY;
use leptos_cognito::transport::FetchTransport;
use leptos_cognito::{
    use_auth, AuthContext, AuthProvider, AuthState, Authenticator, PasswordRules,
};
use wasm_bindgen::JsCast;
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

/// Tokens with a readable (unsigned) ID token for `email`.
fn tokens(email: &str, expires_at: i64) -> Tokens {
    let claims = format!(r#"{{"sub":"sub-1","email":"{email}","token_use":"id"}}"#);
    Tokens {
        id_token: IdToken::new(format!(
            "{}.{}.sig",
            b64url(br#"{"alg":"RS256","kid":"k"}"#),
            b64url(claims.as_bytes())
        )),
        access_token: AccessToken::new("access"),
        refresh_token: Some(RefreshToken::new("refresh")),
        expires_at,
    }
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
    view! { <p data-testid="probe-email">{email}</p> }
}

/// Mounts an [`AuthProvider`] (configured in code, so nothing is fetched)
/// around [`Probe`] and waits until the stored session has been restored.
async fn mount_provider() -> (Box<dyn std::any::Any>, web_sys::HtmlElement, AuthContext) {
    AUTH.with(|slot| slot.borrow_mut().take());
    let root = container();
    let config = offline_config();
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
    wait_until("the stored session to be restored", || {
        auth.state().get_untracked() != AuthState::Loading
    })
    .await;
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

// ---- the session in sessionStorage -------------------------------------------

#[wasm_bindgen_test]
async fn stored_tokens_sign_in_at_start_and_sign_out_forgets_them() {
    let storage = storage();
    let stored = serde_json::to_string(&tokens("taro@example.jp", now() + 3_600)).unwrap();
    storage.set_item(STORAGE_KEY, &stored).unwrap();

    let (handle, root, auth) = mount_provider().await;
    let session = auth.session().expect("restored from sessionStorage");
    assert_eq!(session.email(), Some("taro@example.jp"));
    assert_eq!(
        find(&root, "probe-email")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("taro@example.jp")
    );

    // The pool is unreachable: the error says so, but this tab is signed out.
    let result = auth.sign_out().await;
    assert!(
        matches!(result, Err(CognitoError::Transport { .. })),
        "{result:?}"
    );
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(
        storage.get_item(STORAGE_KEY).unwrap(),
        None,
        "tokens forgotten"
    );
    wait_until("the view to show nobody", || {
        find(&root, "probe-email")
            .unwrap()
            .text_content()
            .as_deref()
            == Some("")
    })
    .await;

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn expired_tokens_are_kept_when_the_pool_cannot_be_reached() {
    let storage = storage();
    let stored = serde_json::to_string(&tokens("hanako@example.jp", now() - 10)).unwrap();
    storage.set_item(STORAGE_KEY, &stored).unwrap();

    let (handle, root, auth) = mount_provider().await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    // Offline: the refresh token stays, so a later reload can retry.
    assert_eq!(storage.get_item(STORAGE_KEY).unwrap(), Some(stored));

    drop(handle);
    root.remove();
    storage.remove_item(STORAGE_KEY).unwrap();
}

#[wasm_bindgen_test]
async fn an_unreadable_stored_session_is_forgotten() {
    let storage = storage();
    let mut bad = tokens("x@example.jp", now() + 3_600);
    bad.id_token = IdToken::new("not-a-jwt");
    storage
        .set_item(STORAGE_KEY, &serde_json::to_string(&bad).unwrap())
        .unwrap();

    let (handle, root, auth) = mount_provider().await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(storage.get_item(STORAGE_KEY).unwrap(), None);

    drop(handle);
    root.remove();
}

#[wasm_bindgen_test]
async fn nothing_stored_means_signed_out() {
    storage().remove_item(STORAGE_KEY).unwrap();
    let (handle, root, auth) = mount_provider().await;
    assert_eq!(auth.state().get_untracked(), AuthState::SignedOut);
    assert_eq!(storage().get_item(STORAGE_KEY).unwrap(), None);
    drop(handle);
    root.remove();
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
    wait_until("the sign-in step", || find(&root, "screen-login").is_some()).await;
    type_into(&root, "login-username", "taro@example.jp");

    click(&root, "to-forgot-password");
    wait_until("the forgotten-password step", || {
        find(&root, "screen-forgot-password").is_some()
    })
    .await;
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
    wait_until("back at sign-in", || find(&root, "screen-login").is_some()).await;
    drop(handle);
    root.remove();
}
