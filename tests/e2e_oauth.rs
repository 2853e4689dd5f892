//! End-to-end tests of social sign-in: the built app (`dist/`) in headless
//! Chromium, through the local emulator's user pool domain and its mock
//! identity providers ("Google" and the OIDC provider "Corporate").
//!
//! Every world registers its app's random-port callback and sign-out URLs on
//! the emulator's client and points the served config's `oauth` block at
//! them (see `support::oauth`). Run with `cargo test --test e2e_oauth`.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use serde_json::json;
use support::oauth::{
    account_identity, button_text, continue_with, pending_attempts, pending_notice,
    refresh_token_works, stored_refresh_token, stored_tokens, CallbackPage, ChooserPage,
    GOOGLE_EMAIL, GOOGLE_NAME, GOOGLE_OTHER_EMAIL, GOOGLE_SUB,
};
use support::pages::{AccountPage, LoginPage, Screen, SignUpPage};
use support::{Check, World};

/// Waits until the browser is on the app's own `/account`, signed in.
async fn expect_signed_in<'w>(w: &'w World) -> AccountPage<'w> {
    let account = AccountPage::expect(w).await;
    let here = w.client.current_url().await.expect("current url");
    check!(
        w,
        here.as_str() == format!("{}/account", w.app_url),
        "signed in at {here}, expected {}/account",
        w.app_url
    );
    account
}

/// The account page shows no error (the form-error region is empty).
async fn expect_no_error(w: &World) {
    let error = w.text_now("form-error").await.unwrap_or_default();
    check!(w, error.is_empty(), "unexpected form-error: {error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continue_with_google_signs_in_as_the_chosen_account() {
    let w = World::start("continue_with_google_signs_in_as_the_chosen_account").await;
    LoginPage::open(&w).await;
    assert_eq!(button_text(&w, "Google").await, "Continue with Google");
    continue_with(&w, "Google").await;

    let chooser = ChooserPage::expect(&w, "Google").await;
    chooser.pick(GOOGLE_EMAIL).await;

    let account = expect_signed_in(&w).await;
    account.expect_email(GOOGLE_EMAIL).await;
    account.expect_name(GOOGLE_NAME).await;
    let (provider, user_id, text) = account_identity(&w).await;
    assert_eq!(provider, "Google");
    assert_eq!(user_id, GOOGLE_SUB);
    assert!(
        text.contains("Google") && text.contains(GOOGLE_SUB),
        "{text}"
    );
    w.wait_for_value("account-username", &format!("Google_{GOOGLE_SUB}"))
        .await;
    // Cognito applies no MFA to federated users: no TOTP section, no error.
    check!(
        w,
        !w.present_now("mfa-status").await.unwrap_or(true),
        "the TOTP section is shown to a federated user"
    );
    expect_no_error(&w).await;
    // The attempt was used up; the code is in neither the URL nor storage.
    check!(
        w,
        pending_attempts(&w).await.is_empty(),
        "an attempt is left in sessionStorage"
    );
    let dump = w.storage_and_url().await;
    check!(
        w,
        !dump.contains("code="),
        "the code is still around: {dump}"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corporate_oidc_sign_in_from_the_sign_up_screen() {
    let w = World::start("corporate_oidc_sign_in_from_the_sign_up_screen").await;
    SignUpPage::open(&w).await;
    // The configured label, not "Continue with Corporate".
    assert_eq!(button_text(&w, "Corporate").await, "Corporate SSO");
    continue_with(&w, "Corporate").await;

    let chooser = ChooserPage::expect(&w, "Corporate").await;
    let email = "new.hire@corp.example";
    chooser.use_other_account(email, "New Hire").await;

    let account = expect_signed_in(&w).await;
    account.expect_email(email).await;
    account.expect_name("New Hire").await;
    let (provider, user_id, _) = account_identity(&w).await;
    assert_eq!(provider, "Corporate");
    assert!(!user_id.is_empty());
    w.wait_for_value("account-username", &format!("Corporate_{user_id}"))
        .await;
    expect_no_error(&w).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_at_the_provider_says_so_and_leads_back() {
    let w = World::start("cancelling_at_the_provider_says_so_and_leads_back").await;
    LoginPage::open(&w).await;
    continue_with(&w, "Google").await;
    ChooserPage::expect(&w, "Google").await.cancel().await;

    let callback = CallbackPage::expect(&w).await;
    let error = callback.error_text().await;
    assert!(error.contains("Sign-in was cancelled"), "{error}");
    assert_eq!(callback.detail().await, None);
    assert!(stored_tokens(&w).await.is_none(), "signed in after cancel");
    check!(
        w,
        pending_attempts(&w).await.is_empty(),
        "the cancelled attempt is left in sessionStorage"
    );

    callback.back_to_login().await;
    LoginPage::expect(&w).await;
    // And the way back works: the next attempt succeeds.
    continue_with(&w, "Google").await;
    ChooserPage::expect(&w, "Google")
        .await
        .pick(GOOGLE_EMAIL)
        .await;
    expect_signed_in(&w).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_state_is_not_exchanged() {
    let w = World::start("a_forged_state_is_not_exchanged").await;
    // An attempt of this tab is waiting; the forged callback must not match it.
    LoginPage::open(&w).await;
    continue_with(&w, "Google").await;
    ChooserPage::expect(&w, "Google").await;

    w.open("/callback?code=abc&state=Zm9yZ2VkLXN0YXRlLXRoYXQtbm9ib2R5LWlzc3VlZA")
        .await;
    let callback = CallbackPage::expect(&w).await;
    let info = callback.info_text().await;
    assert!(
        info.contains("This sign-in link was already used or has expired"),
        "{info}"
    );
    let error = w.text_now("form-error").await.unwrap_or_default();
    assert!(
        error.is_empty(),
        "a scary error for a stale link: {error:?}"
    );
    assert!(
        stored_tokens(&w).await.is_none(),
        "signed in with a forged state"
    );
    // The address bar no longer holds the code.
    let here = w.client.current_url().await.expect("url");
    assert_eq!(here.query(), None, "{here}");
    // The real attempt is still there (a forged state consumes nothing).
    assert_eq!(pending_attempts(&w).await.len(), 1);

    callback.back_to_login().await;
    LoginPage::expect(&w).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_callback_is_not_exchanged_twice() {
    let w = World::start("a_replayed_callback_is_not_exchanged_twice").await;
    LoginPage::open(&w).await;
    continue_with(&w, "Google").await;
    let chooser = ChooserPage::expect(&w, "Google").await;
    // The redirect the browser would follow, captured on the way.
    let callback_url = chooser.callback_url_for(GOOGLE_EMAIL).await;

    if let Err(e) = w.client.goto(&callback_url).await {
        w.fail(&format!("open {callback_url}: {e}")).await;
    }
    let account = expect_signed_in(&w).await;
    account.expect_email(GOOGLE_EMAIL).await;
    let first = stored_tokens(&w).await.expect("tokens after sign-in");

    // The same callback again (a replay, or Back to it): no second exchange,
    // no scary error, still signed in.
    if let Err(e) = w.client.goto(&callback_url).await {
        w.fail(&format!("open {callback_url} again: {e}")).await;
    }
    let account = expect_signed_in(&w).await;
    account.expect_email(GOOGLE_EMAIL).await;
    expect_no_error(&w).await;
    let second = stored_tokens(&w).await.expect("tokens after the replay");
    assert_eq!(
        first, second,
        "the tokens changed: the code was exchanged again"
    );
    // Had the code been sent twice, the emulator would have revoked the
    // tokens it gave the first time.
    let refresh = stored_refresh_token(&w).await.expect("a refresh token");
    assert!(
        refresh_token_works(&w, &refresh).await,
        "the refresh token was revoked: the code was exchanged twice"
    );

    // Browser Back to the callback entry does not sign in again either.
    let _ = w.client.back().await;
    w.poll("the app after Back", async || {
        let here = w.client.current_url().await?;
        Ok(if here.path() == "/account" || here.path() == "/callback" {
            Check::Ready(())
        } else {
            Check::NotYet(here.to_string())
        })
    })
    .await;
    expect_signed_in(&w).await;
    assert_eq!(stored_tokens(&w).await, Some(first));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_return_path_to_another_origin_is_refused() {
    let w = World::start("a_return_path_to_another_origin_is_refused").await;
    for (i, evil) in ["https://evil.example/", "//evil.example"]
        .into_iter()
        .enumerate()
    {
        w.open(&format!(
            "/login?returnTo={}",
            support::http::encode_query(evil)
        ))
        .await;
        LoginPage::expect(&w).await;
        continue_with(&w, "Google").await;
        let email = if i == 0 {
            GOOGLE_EMAIL
        } else {
            GOOGLE_OTHER_EMAIL
        };
        ChooserPage::expect(&w, "Google").await.pick(email).await;
        let account = expect_signed_in(&w).await;
        account.expect_email(email).await;
        // Sign out (through the hosted /logout), so the next round asks again.
        account.sign_out().await;
        LoginPage::expect(&w).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sign_out_the_provider_asks_again() {
    let w = World::start("after_sign_out_the_provider_asks_again").await;
    LoginPage::open(&w).await;
    continue_with(&w, "Google").await;
    ChooserPage::expect(&w, "Google")
        .await
        .pick(GOOGLE_EMAIL)
        .await;
    expect_signed_in(&w).await;

    // Forgetting the tokens in the app alone leaves the hosted-UI session:
    // "Continue with Google" then signs in without the chooser.
    w.client
        .execute("sessionStorage.clear();", vec![])
        .await
        .expect("clear sessionStorage");
    LoginPage::open(&w).await;
    continue_with(&w, "Google").await;
    expect_signed_in(&w).await;

    // Signing out in the app also ends the hosted-UI session. The page is
    // reloaded on the way (the hosted /logout), yet the sign-in screen says
    // the user has signed out: once, and the notice is gone from storage.
    let account = AccountPage::expect(&w).await;
    account.sign_out().await;
    LoginPage::expect(&w).await;
    w.wait_for_value("form-info", "You have signed out.").await;
    assert!(
        stored_tokens(&w).await.is_none(),
        "tokens left after sign-out"
    );
    assert_eq!(pending_notice(&w).await, None, "the notice was not removed");
    LoginPage::open(&w).await;
    let info = w.text_now("form-info").await.unwrap_or_default();
    check!(w, info.is_empty(), "the notice showed twice: {info:?}");
    continue_with(&w, "Google").await;
    let chooser = ChooserPage::expect(&w, "Google").await;
    chooser.pick(GOOGLE_OTHER_EMAIL).await;
    let account = expect_signed_in(&w).await;
    account.expect_email(GOOGLE_OTHER_EMAIL).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirect_urls_without_this_origin_are_a_config_error() {
    // Valid URLs, none on this world's origin (127.0.0.1 on a random port).
    let sign_in = [
        "https://app.example.com/callback",
        "http://localhost:8080/callback",
    ];
    let sign_out = ["http://localhost:8080/"];
    let w = World::builder("redirect_urls_without_this_origin_are_a_config_error")
        .edit_config(move |config| {
            config["oauth"]["redirectSignIn"] = json!(sign_in);
            config["oauth"]["redirectSignOut"] = json!(sign_out);
        })
        .start()
        .await;

    w.open("/login").await;
    w.el("screen-config-error").await;
    let problems = w.wait_for_text("config-problems").await;
    // Every configured URL and the page's own origin are named.
    for url in sign_in.iter().chain(&sign_out) {
        check!(w, problems.contains(url), "{url} is not named: {problems}");
    }
    check!(
        w,
        problems.contains("redirectSignIn")
            && problems.contains("redirectSignOut")
            && problems.contains(&format!("{}/callback", w.app_url)),
        "the fix for this origin ({}) is not named: {problems}",
        w.app_url
    );
    check!(
        w,
        !w.present_now("screen-login").await.unwrap_or(true),
        "the app should not run without a redirect URL on its origin"
    );
    w.assert_no_panic().await;
}
