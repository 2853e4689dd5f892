//! End-to-end tests: the built app (`dist/`) in headless Chromium against the
//! local Cognito emulator. One journey per flow, plus the bad-input cases.
//!
//! Needs `dist/` (see `support::static_server::dist_dir`), /usr/bin/chromium and
//! /usr/bin/chromedriver. Run with `cargo test --test e2e`.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use serde_json::{json, Value};
use support::http::encode_query;
use support::pages::{AccountPage, ConfirmPage, LoginPage, Screen, SignUpPage, RULES};
use support::{Check, World};
use test_support::{free_port, unique_email};

/// Meets every rule of the seed pool's policy (12+ chars, lower, upper, number, symbol).
const GOOD_PASSWORD: &str = "xY7!qwertyuv";

/// The rules `password` meets, as the seed pool's policy defines them, in
/// [`RULES`] order.
fn rules_met_by(password: &str) -> Vec<&'static str> {
    RULES
        .into_iter()
        .filter(|rule| match *rule {
            "length" => password.chars().count() >= 12,
            "lowercase" => password.chars().any(|c| c.is_ascii_lowercase()),
            "uppercase" => password.chars().any(|c| c.is_ascii_uppercase()),
            "number" => password.chars().any(|c| c.is_ascii_digit()),
            "symbol" => password.chars().any(|c| c.is_ascii_punctuation()),
            _ => unreachable!(),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_confirm_sign_in_sign_out() {
    let w = World::start("sign_up_confirm_sign_in_sign_out").await;
    let email = unique_email("happy");
    let name = "Ada Lovelace";

    let signup = SignUpPage::open(&w).await;
    signup.rules_text().await;
    for key in RULES {
        w.el(&format!("password-rule-{key}")).await;
    }
    signup.expect_rules_met(&[], "with an empty password").await;

    // A weak password meets only what it has.
    signup.type_password("abc").await;
    signup.expect_rules_met(&["lowercase"], "for \"abc\"").await;
    signup.clear_password().await;
    signup.expect_rules_met(&[], "after clearing").await;

    // A strong one, typed a key at a time: each rule flips when its
    // character arrives (x: lower, Y: upper, 7: number, !: symbol, the 12th: length).
    let mut typed = String::new();
    for c in GOOD_PASSWORD.chars() {
        typed.push(c);
        signup.type_password(&c.to_string()).await;
        signup
            .expect_rules_met(&rules_met_by(&typed), &format!("after typing {typed:?}"))
            .await;
    }
    assert_eq!(rules_met_by(&typed), RULES, "test data");

    w.fill("signup-email", &email).await;
    w.fill("signup-name", name).await;
    signup.submit().await;

    let confirm = ConfirmPage::expect(&w).await;
    confirm.expect_username(&email).await;
    let mailbox = confirm.mailbox_href().await;
    let expected_mailbox = format!("{}/_local/mailbox", w.emulator_url);
    check!(
        w,
        mailbox
            .as_deref()
            .is_some_and(|href| href.starts_with(&expected_mailbox)),
        "mailbox-link should point at {expected_mailbox}, is {mailbox:?}"
    );

    let code = w.wait_for_messages(&email, 1).await;
    confirm.confirm(&code).await;

    let login = LoginPage::expect(&w).await;
    login.expect_username(&email).await;
    login.sign_in_with_password(GOOD_PASSWORD).await;

    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;
    account.expect_name(name).await;
    account.sub().await;
    let claims = account.claims().await;
    check!(
        w,
        claims.contains("\"token_use\": \"id\"") && claims.contains(&format!("\"{email}\"")),
        "claims should hold \"token_use\": \"id\" and the email: {claims}"
    );

    account.sign_out().await;
    LoginPage::expect(&w).await;

    // Signed out for real: the account page sends us back to sign in.
    w.open("/account").await;
    LoginPage::expect(&w).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_shows_an_error_and_keeps_the_username() {
    let w = World::start("wrong_password_shows_an_error_and_keeps_the_username").await;
    let email = unique_email("wrongpw");
    w.create_confirmed_user(&email, "Grace Hopper", GOOD_PASSWORD)
        .await;

    let login = LoginPage::open(&w).await;
    login.sign_in(&email, "Wrong-password-1!").await;
    let error = login.error_text().await;
    check!(
        w,
        error.to_lowercase().contains("password"),
        "error should be about the password: {error:?}"
    );
    LoginPage::expect(&w).await;
    let kept = login.username().await;
    check!(w, kept == email, "username should be kept: {kept:?}");

    // The same form then works with the right password.
    login.sign_in_with_password(GOOD_PASSWORD).await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unconfirmed_user_is_sent_to_confirm_and_can_get_a_new_code() {
    let w = World::start("unconfirmed_user_is_sent_to_confirm_and_can_get_a_new_code").await;
    let email = unique_email("unconfirmed");

    SignUpPage::open(&w)
        .await
        .sign_up(&email, "Alan Turing", GOOD_PASSWORD)
        .await;
    ConfirmPage::expect(&w).await;
    w.wait_for_messages(&email, 1).await;

    // Walk away without confirming, then try to sign in.
    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let confirm = ConfirmPage::expect(&w).await;
    confirm.expect_username(&email).await;
    let explanation = w
        .poll("an explanation in form-info or form-error", async || {
            let info = w.text_now("form-info").await.unwrap_or_default();
            let error = w.text_now("form-error").await.unwrap_or_default();
            let both = format!("{info} {error}").trim().to_string();
            Ok(if both.is_empty() {
                Check::NotYet("both empty".into())
            } else {
                Check::Ready(both)
            })
        })
        .await;
    check!(
        w,
        explanation.to_lowercase().contains("confirm"),
        "the explanation should be about confirming: {explanation:?}"
    );

    let before = w.messages(&email).await.len();
    confirm.resend().await;
    let code = w.wait_for_messages(&email, before + 1).await;
    confirm.confirm(&code).await;

    let login = LoginPage::expect(&w).await;
    login.expect_username(&email).await;
    login.sign_in_with_password(GOOD_PASSWORD).await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn duplicate_sign_up_offers_to_sign_in_instead() {
    let w = World::start("duplicate_sign_up_offers_to_sign_in_instead").await;
    let email = unique_email("duplicate");
    w.create_confirmed_user(&email, "Emmy Noether", GOOD_PASSWORD)
        .await;

    let signup = SignUpPage::open(&w).await;
    signup.sign_up(&email, "Someone Else", GOOD_PASSWORD).await;
    let error = signup.error_text().await.to_lowercase();
    check!(
        w,
        error.contains("already") || error.contains("exist"),
        "error should say the account exists: {error:?}"
    );
    SignUpPage::expect(&w).await;
    let action = signup.error_action_text().await;
    check!(
        w,
        action.to_lowercase().contains("sign in"),
        "error-action should offer to sign in: {action:?}"
    );
    // No second account, so no second code.
    let sent = w.messages(&email).await.len();
    check!(w, sent == 1, "one message expected, found {sent}");

    signup.click_error_action().await;
    LoginPage::expect(&w).await.expect_username(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_confirmation_code_offers_a_new_code() {
    let w = World::start("wrong_confirmation_code_offers_a_new_code").await;
    let email = unique_email("wrongcode");

    SignUpPage::open(&w)
        .await
        .sign_up(&email, "Katherine Johnson", GOOD_PASSWORD)
        .await;
    let confirm = ConfirmPage::expect(&w).await;
    let code = w.wait_for_messages(&email, 1).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };

    confirm.confirm(wrong).await;
    let error = confirm.error_text().await;
    check!(
        w,
        error.to_lowercase().contains("code"),
        "error should be about the code: {error:?}"
    );
    ConfirmPage::expect(&w).await;
    let action = confirm.error_action_text().await;
    check!(
        w,
        action.to_lowercase().contains("code"),
        "error-action should offer a new code: {action:?}"
    );

    confirm.click_error_action().await;
    let new_code = w.wait_for_messages(&email, 2).await;
    confirm.confirm(&new_code).await;

    LoginPage::expect(&w).await.expect_username(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_broken_password_rule_is_shown_and_refused() {
    let w = World::start("each_broken_password_rule_is_shown_and_refused").await;
    let email = unique_email("policy");
    let cases = [
        ("length", "Ab1!xyz"),
        ("lowercase", "ABCDEFGH123!"),
        ("uppercase", "abcdefgh123!"),
        ("number", "Abcdefghijk!"),
        ("symbol", "Abcdefghijk1"),
    ];

    for (broken, password) in cases {
        let others: Vec<&str> = RULES.into_iter().filter(|r| *r != broken).collect();
        assert_eq!(rules_met_by(password), others, "test data for {broken}");

        let signup = SignUpPage::open(&w).await;
        signup.fill(&email, "Rule Breaker", password).await;
        signup
            .expect_rules_met(&others, &format!("for {password:?} (breaks {broken})"))
            .await;
        check!(
            w,
            !signup.rule_met(broken).await,
            "{broken} should be unmet"
        );

        signup.submit().await;
        signup.error_text().await;
        SignUpPage::expect(&w).await;
        let sent = w.messages(&email).await.len();
        check!(
            w,
            sent == 0,
            "a password breaking {broken} must not create the user ({sent} message(s) sent)"
        );
    }

    // None of the attempts created the user: signing up now is not a duplicate.
    SignUpPage::open(&w)
        .await
        .sign_up(&email, "Rule Breaker", GOOD_PASSWORD)
        .await;
    ConfirmPage::expect(&w).await;
    w.wait_for_messages(&email, 1).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_down_shows_the_endpoint_and_keeps_the_username() {
    let port = free_port();
    let w = World::builder("emulator_down_shows_the_endpoint_and_keeps_the_username")
        .user_pool_endpoint(format!("http://127.0.0.1:{port}/"))
        .start()
        .await;
    let email = unique_email("down");

    let login = LoginPage::open(&w).await;
    login.sign_in(&email, GOOD_PASSWORD).await;
    let error = login.error_text().await;
    check!(
        w,
        error.contains(&format!("127.0.0.1:{port}")),
        "error should name the endpoint 127.0.0.1:{port}: {error:?}"
    );
    LoginPage::expect(&w).await;
    let kept = login.username().await;
    check!(w, kept == email, "username should be kept: {kept:?}");

    // Still alive: the app navigates.
    login.go_to_sign_up().await;
    w.assert_no_panic().await;
}

/// The app is served with the CSP its config calls for, and the harness's
/// CSP check can fail: a page with an inline script and an inline style
/// attribute, served under the app's policy, is blocked and both violations
/// are reported, naming their directives. (Every other test ends with no
/// violation: `wait_for_screen`, `assert_no_panic` and the world's drop check.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_breaking_the_csp_is_caught() {
    let pages = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        pages.path().join("index.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>untouched</title>\
         <script>document.title = 'inline script ran';</script></head>\
         <body><p style=\"color: red\">styled inline</p></body></html>",
    )
    .expect("write index.html");
    let w = World::builder("a_page_breaking_the_csp_is_caught")
        .dist(pages.path())
        .start()
        .await;

    let expected = test_support::csp::AppPolicy::from_config(&w.config)
        .expect("the served config gives a CSP")
        .header_value();
    check!(w, w.csp == expected, "world CSP {:?}", w.csp);
    for path in ["/", "/config.json", "/login"] {
        let url = format!("{}{path}", w.app_url);
        let served = support::http::get_header(&url, "content-security-policy").await;
        check!(
            w,
            served == Ok((200, Some(expected.clone()))),
            "GET {path} should carry the app's CSP, got {served:?}"
        );
    }

    w.open("/").await;
    let violations = w
        .poll("both violations to be reported", async || {
            let seen = w.csp_violations().await;
            let has = |directive: &str| seen.iter().any(|v| v.contains(directive));
            Ok(if has("script-src-elem") && has("style-src-attr") {
                Check::Ready(seen)
            } else {
                Check::NotYet(format!("{seen:?}"))
            })
        })
        .await;
    check!(
        w,
        violations
            .iter()
            .any(|v| v.contains("securitypolicyviolation")),
        "the page's own listener should have reported them: {violations:?}"
    );
    let title = w.client.title().await.unwrap_or_default();
    check!(
        w,
        title == "untouched",
        "the inline script ran: title {title:?}"
    );
    // Taken, so that the world's drop check does not fail this test.
    let taken = w.take_csp_violations().await;
    check!(w, taken.len() >= violations.len(), "taken {taken:?}");
    check!(w, w.csp_violations().await.is_empty(), "none left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_route_shows_not_found_with_a_way_home() {
    let w = World::start("unknown_route_shows_not_found_with_a_way_home").await;

    w.open("/definitely/not/here").await;
    w.wait_for_screen("not-found", "/definitely/not/here").await;
    w.click("to-home").await;
    // Home is the account page when signed in, else sign-in.
    LoginPage::expect(&w).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_secret_in_config_is_refused() {
    let w = World::builder("client_secret_in_config_is_refused")
        .edit_config(|config| {
            // Beside the client id, at the top level of config.json.
            config["clientSecret"] = Value::String("x".into());
        })
        .start()
        .await;

    w.open("/login").await;
    w.el("screen-config-error").await;
    let problems = w
        .poll("config-problems items", async || {
            let items = w
                .client
                .find_all(fantoccini::Locator::Css(
                    "[data-testid=\"config-problems\"] li",
                ))
                .await?;
            let mut texts = Vec::new();
            for li in items {
                texts.push(li.text().await?);
            }
            Ok(if texts.is_empty() {
                Check::NotYet("no items".into())
            } else {
                Check::Ready(texts)
            })
        })
        .await;
    check!(
        w,
        problems.iter().any(|p| {
            let p = p.to_lowercase();
            p.contains("client secret") || p.contains("clientsecret")
        }),
        "a problem should name the client secret: {problems:?}"
    );
    check!(
        w,
        !w.present_now("screen-login").await.unwrap_or(true),
        "the app should not run with a client secret"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_sign_in_returns_only_to_allowed_paths() {
    // The demo app has no page at /welcome: allowed here, it renders
    // not-found, which shows that the sign-in went there.
    let w = World::builder("password_sign_in_returns_only_to_allowed_paths")
        .edit_config(|config| config["oauth"]["returnPaths"] = json!(["/account", "/welcome"]))
        .start()
        .await;
    let email = unique_email("returnto");
    w.create_confirmed_user(&email, "Ada Lovelace", GOOD_PASSWORD)
        .await;

    for evil in ["//evil.example", "https://evil.example/"] {
        w.open(&format!("/login?returnTo={}", encode_query(evil)))
            .await;
        LoginPage::expect(&w)
            .await
            .sign_in(&email, GOOD_PASSWORD)
            .await;
        let account = AccountPage::expect(&w).await;
        let here = w.client.current_url().await.expect("current url");
        check!(
            w,
            here.as_str() == format!("{}/account", w.app_url),
            "returnTo={evil} led to {here}, not this app's /account"
        );
        account.expect_email(&email).await;
        account.sign_out().await;
        LoginPage::expect(&w).await;
    }

    w.open("/login?returnTo=%2Fwelcome").await;
    LoginPage::expect(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    w.wait_for_screen("not-found", "/welcome").await;
    let here = w.client.current_url().await.expect("current url");
    check!(
        w,
        here.as_str() == format!("{}/welcome", w.app_url),
        "the allowed returnTo led to {here}"
    );
    // Signed in on the way.
    w.open("/account").await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}
