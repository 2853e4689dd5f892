//! End-to-end tests of TOTP MFA: enrolling an authenticator app from the
//! account page, the code at sign-in (`SOFTWARE_TOKEN_MFA`), setting one up
//! when the pool requires it (`MFA_SETUP`), turning it off, and the QR code.
//!
//! The tests read the key from the page as a person would and compute codes
//! with their own TOTP, independent of the app's (see
//! `support::totp::Authenticator`, which never reuses a time step: the
//! emulator refuses replays).
//! Run with `cargo test --test e2e_mfa`; needs what `tests/e2e.rs` needs.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use serde_json::Value;
use support::http::encode_query;
use support::pages::{AccountPage, LoginPage, MfaPage, MfaSetupPage, Screen};
use support::{qr, MfaConfiguration, World};
use test_support::unique_email;

/// Meets every rule of the seed pool's policy.
const GOOD_PASSWORD: &str = "xY7!qwertyuv";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrol_an_authenticator_on_the_account_page_then_sign_in_with_a_code() {
    let w = World::builder("enrol_an_authenticator_on_the_account_page_then_sign_in_with_a_code")
        .mfa(MfaConfiguration::Optional)
        .start()
        .await;
    let email = unique_email("enrol");
    w.create_confirmed_user(&email, "Ada Lovelace", GOOD_PASSWORD)
        .await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let account = AccountPage::expect(&w).await;
    account.expect_mfa_enabled(false).await;

    let setup = account.start_totp_setup().await;
    let shown = setup.secret_as_shown().await;
    check!(
        w,
        shown.split(' ').all(|g| !g.is_empty() && g.len() <= 4)
            && shown.split(' ').rev().skip(1).all(|g| g.len() == 4),
        "the key should be shown in groups of four: {shown:?}"
    );
    let secret = setup.secret().await;
    let uri = setup.uri().await;
    check!(
        w,
        uri.starts_with("otpauth://totp/Leptos%20Cognito:")
            && uri.contains(&format!("secret={secret}&")),
        "the URI should name the issuer (appName) and hold the key: {uri}"
    );
    let label = setup.qr_label().await.unwrap_or_default();
    check!(w, !label.is_empty(), "totp-qr needs an aria-label");

    // A wrong code is refused with a friendly message, and stays in the field.
    let mut app = w.authenticator(&secret);
    let wrong = app.wrong_code();
    setup.verify(&wrong).await;
    let error = account.error_text().await;
    check!(
        w,
        error.contains("did not match"),
        "a wrong code should be explained: {error:?}"
    );
    let kept = setup.code().await;
    check!(w, kept == wrong, "the code should be kept, is {kept:?}");
    account.expect_mfa_enabled(false).await;

    // The right one turns MFA on.
    setup.name_device("Test phone").await;
    setup.verify(&app.fresh_code().await).await;
    account.expect_mfa_enabled(true).await;
    let info = account.info_text().await;
    check!(
        w,
        info.to_lowercase().contains("is on"),
        "the page should confirm MFA is on: {info:?}"
    );
    check!(
        w,
        !w.present_now("totp-setup").await.unwrap_or(true),
        "the set-up widget should be gone"
    );

    // Signing in now asks for a code.
    account.sign_out().await;
    let login = LoginPage::expect(&w).await;
    login.sign_in(&email, GOOD_PASSWORD).await;
    let mfa = MfaPage::expect(&w).await;
    for (name, expected) in [
        ("inputmode", "numeric"),
        ("autocomplete", "one-time-code"),
        ("maxlength", "6"),
        ("pattern", "[0-9]{6}"),
    ] {
        let seen = w.attr("mfa-code", name).await;
        check!(
            w,
            seen.as_deref() == Some(expected),
            "mfa-code {name} should be {expected:?}, is {seen:?}"
        );
    }
    mfa.enter_code(&app.fresh_code().await).await;

    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;
    account.expect_mfa_enabled(true).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_code_at_sign_in_keeps_the_challenge_then_the_right_code_works() {
    let w = World::builder("wrong_code_at_sign_in_keeps_the_challenge_then_the_right_code_works")
        .mfa(MfaConfiguration::Optional)
        .start()
        .await;
    let email = unique_email("mfawrong");
    w.create_confirmed_user(&email, "Grace Hopper", GOOD_PASSWORD)
        .await;
    let mut app = w.enrol_totp(&email, GOOD_PASSWORD).await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let mfa = MfaPage::expect(&w).await;

    // The challenge Session is in memory only: not in storage, not in the URL.
    let kept = w.storage_and_url().await;
    let lines: Vec<&str> = kept.lines().collect();
    check!(
        w,
        !lines[0].contains('?')
            && lines[1..]
                .iter()
                .all(|l| l.starts_with("leptos-cognito.lang=")),
        "nothing but the language may be stored while the challenge is open: {kept}"
    );

    mfa.enter_code(&app.wrong_code()).await;
    let error = mfa.error_text().await;
    check!(
        w,
        error.contains("not correct"),
        "a wrong code should be explained: {error:?}"
    );
    MfaPage::expect(&w).await;
    mfa.expect_empty_focused_field().await;

    mfa.enter_code(&app.fresh_code().await).await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_challenge_goes_back_to_sign_in_with_the_username() {
    let validity = 2;
    let w = World::builder("expired_challenge_goes_back_to_sign_in_with_the_username")
        .mfa(MfaConfiguration::Optional)
        .auth_session_validity_seconds(validity)
        .start()
        .await;
    let email = unique_email("mfaexpired");
    w.create_confirmed_user(&email, "Alan Turing", GOOD_PASSWORD)
        .await;
    let mut app = w.enrol_totp(&email, GOOD_PASSWORD).await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let mfa = MfaPage::expect(&w).await;
    // The session was issued before the screen showed; wait out its validity.
    let shown_at = w.emulator_now();
    w.wait_for_emulator_time(shown_at + i64::from(validity))
        .await;

    mfa.enter_code(&app.fresh_code().await).await;
    let login = LoginPage::expect(&w).await;
    login.expect_username(&email).await;
    let error = login.error_text().await;
    check!(
        w,
        error.contains("took too long") && error.contains("again"),
        "the error should say sign-in took too long, start again: {error:?}"
    );
    let password = w.value("login-password").await;
    check!(w, password.is_empty(), "the password should not be kept");
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn required_mfa_sets_up_an_authenticator_during_sign_in() {
    let w = World::builder("required_mfa_sets_up_an_authenticator_during_sign_in")
        .mfa(MfaConfiguration::On)
        .start()
        .await;
    let email = unique_email("mfaon");
    w.create_confirmed_user(&email, "Katherine Johnson", GOOD_PASSWORD)
        .await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let setup_page = MfaSetupPage::expect(&w).await;
    let setup = setup_page.widget().await;
    let secret = setup.secret().await;
    let uri = setup.uri().await;
    check!(
        w,
        uri.contains(&format!(":{}?secret={secret}&", encode_query(&email))),
        "the URI should name the user's email and hold the key: {uri}"
    );
    assert_eq!(
        qr::decode_svg(&setup.qr_markup().await).as_deref(),
        Ok(uri.as_str()),
        "the QR code on screen-mfa-setup"
    );

    let mut app = w.authenticator(&secret);
    setup.verify(&app.fresh_code().await).await;
    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;
    account.expect_mfa_enabled(true).await;

    // Next time, the code is asked for.
    account.sign_out().await;
    LoginPage::expect(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    MfaPage::expect(&w)
        .await
        .enter_code(&app.fresh_code().await)
        .await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turning_mfa_off_signs_in_without_a_code() {
    let w = World::builder("turning_mfa_off_signs_in_without_a_code")
        .mfa(MfaConfiguration::Optional)
        .start()
        .await;
    let email = unique_email("mfaoff");
    w.create_confirmed_user(&email, "Emmy Noether", GOOD_PASSWORD)
        .await;
    let mut app = w.enrol_totp(&email, GOOD_PASSWORD).await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    MfaPage::expect(&w)
        .await
        .enter_code(&app.fresh_code().await)
        .await;
    let account = AccountPage::expect(&w).await;
    account.expect_mfa_enabled(true).await;

    account.disable_totp().await;
    account.expect_mfa_enabled(false).await;
    let info = account.info_text().await;
    check!(
        w,
        info.to_lowercase().contains("is off"),
        "the page should confirm MFA is off: {info:?}"
    );
    w.el("totp-setup-start").await;

    account.sign_out().await;
    LoginPage::expect(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;
    account.expect_mfa_enabled(false).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_code_decodes_to_the_uri_and_the_issuer_is_percent_encoded() {
    let issuer = "Acme: Sign In";
    let w = World::builder("qr_code_decodes_to_the_uri_and_the_issuer_is_percent_encoded")
        .mfa(MfaConfiguration::Optional)
        .edit_config(move |config| config["totpIssuer"] = Value::String(issuer.into()))
        .start()
        .await;
    let email = unique_email("qr+code");
    w.create_confirmed_user(&email, "Hedy Lamarr", GOOD_PASSWORD)
        .await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let setup = AccountPage::expect(&w).await.start_totp_setup().await;
    let secret = setup.secret().await;
    let uri = setup.uri().await;
    let expected = format!(
        "otpauth://totp/Acme%3A%20Sign%20In:{account}?secret={secret}&issuer=Acme%3A%20Sign%20In&algorithm=SHA1&digits=6&period=30",
        account = encode_query(&email),
    );
    check!(
        w,
        uri == expected,
        "totp-uri is\n  {uri}\nexpected\n  {expected}"
    );

    let markup = setup.qr_markup().await;
    match qr::decode_svg(&markup) {
        Ok(decoded) => check!(
            w,
            decoded == uri,
            "the QR code holds\n  {decoded}\nbut the page shows\n  {uri}"
        ),
        Err(e) => {
            w.fail(&format!("the QR code does not decode: {e}\n{markup}"))
                .await
        }
    }

    let said = setup.copy().await;
    check!(
        w,
        said == "Copied" || said.contains("could not be copied"),
        "the copy button should say what happened: {said:?}"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn return_to_is_kept_through_the_mfa_steps() {
    // /welcome is allowed (and not a page of the demo app: it renders
    // not-found there, which shows the sign-in went to it).
    let w = World::builder("return_to_is_kept_through_the_mfa_steps")
        .mfa(MfaConfiguration::On)
        .edit_config(|config| {
            config["oauth"]["returnPaths"] = serde_json::json!(["/account", "/welcome"])
        })
        .start()
        .await;
    let email = unique_email("mfareturn");
    w.create_confirmed_user(&email, "Dorothy Vaughan", GOOD_PASSWORD)
        .await;

    // MFA_SETUP: set an authenticator up during sign-in, then on to /welcome.
    w.open("/login?returnTo=/welcome").await;
    LoginPage::expect(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let setup = MfaSetupPage::expect(&w).await.widget().await;
    let mut app = w.authenticator(&setup.secret().await);
    setup.verify(&app.fresh_code().await).await;
    w.wait_for_screen("not-found", "/welcome").await;

    w.open("/account").await;
    AccountPage::expect(&w).await.sign_out().await;
    LoginPage::expect(&w).await;

    // SOFTWARE_TOKEN_MFA, with a wrong code first: still on to /welcome.
    w.open("/login?returnTo=/welcome").await;
    LoginPage::expect(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let mfa = MfaPage::expect(&w).await;
    mfa.enter_code(&app.wrong_code()).await;
    mfa.error_text().await;
    MfaPage::expect(&w).await;
    mfa.expect_empty_focused_field().await;
    mfa.enter_code(&app.fresh_code().await).await;
    w.wait_for_screen("not-found", "/welcome").await;
    w.open("/account").await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}
