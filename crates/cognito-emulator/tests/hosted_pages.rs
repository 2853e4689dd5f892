//! The emulator's HTML pages — the hosted UI's error page (authorize,
//! logout), `/login`, the mock providers' account choosers and the mailbox —
//! each sent with a strict Content-Security-Policy of its own (no script,
//! its one inline stylesheet allowed by hash, forms only where they go),
//! `X-Frame-Options: DENY`, `Cache-Control: no-store`, `Pragma: no-cache`,
//! `Referrer-Policy: no-referrer` and `nosniff`.

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use common::*;
use sha2::{Digest, Sha256};

const CALLBACK: &str = "http://127.0.0.1:8080/callback";
const OTHER_CALLBACK: &str = "http://localhost:8080/callback";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The directives of a `Content-Security-Policy` value, by name.
fn directives(csp: &str) -> BTreeMap<String, String> {
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let (name, value) = d.split_once(' ').unwrap_or((d, ""));
            (name.to_owned(), value.trim().to_owned())
        })
        .collect()
}

/// Checks every header a page must have, and that its policy allows exactly
/// its own inline stylesheet and forms sent to `form_action`; returns the
/// policy.
#[track_caller]
fn assert_strict_page(r: &Resp, form_action: &str) -> String {
    assert_eq!(r.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(r.header("x-frame-options"), "DENY");
    assert_eq!(r.header("cache-control"), "no-store");
    assert_eq!(r.header("pragma"), "no-cache");
    assert_eq!(r.header("referrer-policy"), "no-referrer");
    assert_eq!(r.header("x-content-type-options"), "nosniff");

    let csp = r.header("content-security-policy").to_owned();
    assert!(!csp.contains("unsafe"), "{csp}");
    // The page's one stylesheet, exactly as the browser hashes it.
    let (_, after) = r.text.split_once("<style>").expect("an inline <style>");
    let (css, rest) = after.split_once("</style>").expect("</style>");
    assert!(!rest.contains("<style"), "one stylesheet only");
    let style = format!("'sha256-{}'", BASE64.encode(Sha256::digest(css.as_bytes())));
    let expected: BTreeMap<String, String> = [
        ("default-src", "'none'"),
        ("style-src", style.as_str()),
        ("form-action", form_action),
        ("frame-ancestors", "'none'"),
        ("base-uri", "'none'"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(directives(&csp), expected, "{csp}");

    // Nothing the policy would block is in the markup.
    let lower = r.text.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{}", r.text);
    assert!(!lower.contains(" style="), "{}", r.text);
    csp
}

fn authorize_uri(redirect_uri: &str) -> String {
    let query = [
        ("response_type", "code"),
        ("client_id", CLIENT_ID),
        ("redirect_uri", redirect_uri),
        ("state", "st-1"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("identity_provider", "Google"),
    ];
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| {
            let v: String = form_urlencoded::byte_serialize(v.as_bytes()).collect();
            format!("{k}={v}")
        })
        .collect();
    format!("/oauth2/authorize?{}", query.join("&"))
}

/// The chooser `/oauth2/authorize` sends the browser to.
async fn chooser(emu: &Emu, redirect_uri: &str) -> (String, Resp) {
    let to_idp = emu.get(&authorize_uri(redirect_uri)).await;
    assert_eq!(to_idp.status, StatusCode::FOUND, "{}", to_idp.text);
    let location = to_idp.header("location").to_owned();
    let path = location
        .strip_prefix(BASE_URL)
        .expect("the chooser is on the emulator")
        .to_owned();
    let page = emu.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    (path, page)
}

fn input_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("the input") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn error_pages_allow_no_forms() {
    let emu = emu();
    // /oauth2/authorize without a client: never redirected (RFC 6749 §4.1.2.1).
    let r = emu.get("/oauth2/authorize?response_type=code").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text.contains("data-testid=\"hosted-error\""));
    assert_strict_page(&r, "'none'");
    // /logout with nowhere to go.
    let r = emu.get(&format!("/logout?client_id={CLIENT_ID}")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_strict_page(&r, "'none'");
    // A chooser that was never shown.
    let r = emu.get("/_mock/Google/authorize?state=nope").await;
    assert!(r.text.contains("data-testid=\"hosted-error\""));
    assert_strict_page(&r, "'none'");
}

#[tokio::test]
async fn the_login_page_has_links_and_no_forms() {
    let emu = emu();
    let uri = authorize_uri(CALLBACK).replacen("/oauth2/authorize", "/login", 1);
    let r = emu.get(&uri).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.text.contains("data-testid=\"hosted-login\""));
    assert_strict_page(&r, "'none'");
}

/// The chooser's forms post to itself, which redirects through
/// `/oauth2/idpresponse` to the app: browsers check `form-action` at each
/// redirect, so the app's origin (of this authorization's `redirect_uri`)
/// is allowed, and no other.
#[tokio::test]
async fn the_chooser_may_send_its_forms_to_itself_and_the_app_only() {
    let emu = emu();
    let (_, page) = chooser(&emu, CALLBACK).await;
    assert!(page.text.contains("data-testid=\"idp-chooser\""));
    assert_strict_page(&page, "'self' http://127.0.0.1:8080");

    let (path, page) = chooser(&emu, OTHER_CALLBACK).await;
    assert_strict_page(&page, "'self' http://localhost:8080");

    // Shown again with a problem (a bad typed-in address): same policy.
    let body = format!(
        "csrf={}&state={}&action=continue&email=not-an-address&name=A",
        input_value(&page.text, "csrf"),
        input_value(&page.text, "state"),
    );
    let again = emu
        .send(
            Request::post(path.split('?').next().unwrap())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.text);
    assert!(again.text.contains("data-testid=\"idp-error\""));
    assert_strict_page(&again, "'self' http://localhost:8080");
}

#[tokio::test]
async fn the_mailbox_has_no_forms_and_no_script() {
    let emu = emu();
    emu.sign_up("mailbox-page@example.com").await.ok();
    let r = emu.get("/_local/mailbox").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text.contains("data-testid=\"message\""));
    let csp = assert_strict_page(&r, "'none'");
    // Another stylesheet than the hosted pages', so another hash.
    let login = emu
        .get(&authorize_uri(CALLBACK).replacen("/oauth2/authorize", "/login", 1))
        .await;
    assert_ne!(
        directives(&csp)["style-src"],
        directives(login.header("content-security-policy"))["style-src"]
    );
}
