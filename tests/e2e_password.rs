//! End-to-end tests of password sign-in as real user pools run it: SRP by
//! default (shown by app clients that allow nothing else), with and without
//! TOTP; `authFlowType: USER_PASSWORD_AUTH`; "Forgot your password?" through
//! the mailbox; a user an administrator created completing
//! `NEW_PASSWORD_REQUIRED` (then the MFA steps); changing the password on the
//! account page; and a user whose password an administrator reset, sent
//! straight to the reset screen.
//!
//! Administrators' operations go to the emulator's IAM-signed API, as the
//! AWS CLI would send them (`World::cognito_admin`).
//! Run with `cargo test --test e2e_password`; needs what `tests/e2e.rs` needs.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use cognito_emulator::config::ExplicitAuthFlow;
use serde_json::json;
use support::pages::{
    AccountPage, LoginPage, MfaPage, MfaSetupPage, NewPasswordPage, ResetPasswordPage, Screen,
    RULES,
};
use support::{MfaConfiguration, World};
use test_support::unique_email;

/// Meets every rule of the seed pool's policy.
const GOOD_PASSWORD: &str = "xY7!qwertyuv";
const NEW_PASSWORD: &str = "New-Passw0rd-2";

/// The seed client allows only these flows (and refresh).
fn only(flows: &[ExplicitAuthFlow]) -> impl FnOnce(&mut cognito_emulator::Config) + '_ {
    move |c| {
        for client in &mut c.pools[0].clients {
            client.explicit_auth_flows = flows
                .iter()
                .copied()
                .chain([ExplicitAuthFlow::RefreshTokenAuth])
                .collect();
        }
    }
}

/// "a***@e***": how Cognito masks an address (first character of each side).
fn masked(email: &str) -> String {
    let (local, domain) = email.split_once('@').expect("an email");
    format!("{}***@{}***", &local[..1], &domain[..1])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn srp_sign_in_without_then_with_an_authenticator() {
    // An app client that allows SRP only: signing in works only if the app
    // does SRP (the default), never sending the password.
    let w = World::builder("srp_sign_in_without_then_with_an_authenticator")
        .emulator(only(&[ExplicitAuthFlow::UserSrpAuth]))
        .mfa(MfaConfiguration::Optional)
        .start()
        .await;
    assert_eq!(
        w.config["authFlowType"], "USER_SRP_AUTH",
        "the shipped default"
    );
    let email = unique_email("srp");
    w.create_confirmed_user(&email, "Ada Lovelace", GOOD_PASSWORD)
        .await;

    // A wrong password is refused as such.
    let login = LoginPage::open(&w).await;
    login.sign_in(&email, "Wrong-Passw0rd!").await;
    let error = login.error_text().await;
    check!(
        w,
        error == "Incorrect email or password.",
        "a wrong password through SRP: {error:?}"
    );
    // The next attempt has a fresh SRP session and succeeds.
    login.sign_in_with_password(GOOD_PASSWORD).await;
    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;

    // With an authenticator, SRP then the code.
    account.expect_mfa_enabled(false).await;
    let setup = account.start_totp_setup().await;
    let mut app = w.authenticator(&setup.secret().await);
    setup.verify(&app.fresh_code().await).await;
    account.expect_mfa_enabled(true).await;
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
async fn auth_flow_type_chooses_the_flow_the_client_allows() {
    // A client that allows USER_PASSWORD_AUTH only, and the app set to it.
    let w = World::builder("auth_flow_type_chooses_the_flow_the_client_allows")
        .emulator(only(&[ExplicitAuthFlow::UserPasswordAuth]))
        .edit_config(|config| config["authFlowType"] = json!("USER_PASSWORD_AUTH"))
        .start()
        .await;
    let email = unique_email("password-flow");
    w.create_confirmed_user(&email, "Grace Hopper", GOOD_PASSWORD)
        .await;
    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    drop(w);

    // The same client with the app left on SRP: the deployer is told what to fix.
    let w = World::builder("auth_flow_type_srp_on_a_password_only_client")
        .emulator(only(&[ExplicitAuthFlow::UserPasswordAuth]))
        .start()
        .await;
    w.create_confirmed_user(&email, "Grace Hopper", GOOD_PASSWORD)
        .await;
    let login = LoginPage::open(&w).await;
    login.sign_in(&email, GOOD_PASSWORD).await;
    let error = login.error_text().await;
    check!(
        w,
        error.contains("ALLOW_USER_SRP_AUTH") && error.contains("authFlowType"),
        "an SRP sign-in the client refuses should say how to fix it: {error:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_through_the_mailbox() {
    let w = World::start("forgot_password_through_the_mailbox").await;
    let email = unique_email("forgot");
    w.create_confirmed_user(&email, "Alan Turing", GOOD_PASSWORD)
        .await;
    let before = w.messages(&email).await.len();

    // The email typed on the sign-in card comes along.
    let login = LoginPage::open(&w).await;
    w.fill("login-username", &email).await;
    let forgot = login.forgot_password().await;
    forgot.expect_username(&email).await;
    forgot.send_code().await;

    let reset = ResetPasswordPage::expect(&w).await;
    reset.expect_username(&email).await;
    let info = reset.info_text().await;
    check!(
        w,
        info.contains(&masked(&email)),
        "the screen should say where the code went, masked as Cognito masked it: {info:?}"
    );
    let first = w.wait_for_messages(&email, before + 1).await;

    // A wrong code is explained and offers a new one, which voids the first.
    let wrong = if first == "000000" {
        "111111"
    } else {
        "000000"
    };
    reset.reset(wrong, NEW_PASSWORD).await;
    let error = reset.error_text().await;
    check!(
        w,
        error.contains("code is not correct"),
        "a wrong code: {error:?}"
    );
    check!(
        w,
        reset.error_action_text().await == "Send a new code",
        "a wrong code should offer a new one"
    );
    reset.click_error_action().await;
    let info = reset.info_text().await;
    check!(w, info.contains("new code"), "resent: {info:?}");
    let second = w.wait_for_messages(&email, before + 2).await;

    // The rules tick off live; an unmet one or a mismatch is refused here.
    w.fill("reset-code", &second).await;
    w.fill("reset-password", "short").await;
    reset
        .rules()
        .expect_met(&["lowercase"], "for \"short\"")
        .await;
    reset.submit().await;
    let error = reset.error_text().await;
    check!(
        w,
        error.contains("At least 12 characters"),
        "a weak password: {error:?}"
    );
    reset.fill(&second, NEW_PASSWORD, "New-Passw0rd-3").await;
    reset
        .rules()
        .expect_met(&RULES, "for the new password")
        .await;
    reset.submit().await;
    let error = reset.error_text().await;
    check!(w, error.contains("not the same"), "a mismatch: {error:?}");

    reset.reset(&second, NEW_PASSWORD).await;

    let login = LoginPage::expect(&w).await;
    login.expect_username(&email).await;
    let info = login.info_text().await;
    check!(
        w,
        info.contains("password has been reset"),
        "back at sign-in with a notice: {info:?}"
    );
    login.sign_in_with_password(GOOD_PASSWORD).await;
    check!(
        w,
        login.error_text().await == "Incorrect email or password.",
        "the old password no longer works"
    );
    login.sign_in_with_password(NEW_PASSWORD).await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_created_user_chooses_a_password_and_gives_the_missing_name() {
    let w =
        World::start("an_admin_created_user_chooses_a_password_and_gives_the_missing_name").await;
    let email = unique_email("invited");
    w.admin_create_user(&email, "Temporary-Passw0rd!").await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, "Temporary-Passw0rd!")
        .await;
    let page = NewPasswordPage::expect(&w).await;
    // The seed pool requires `name`, which the administrator did not set.
    page.fill(NEW_PASSWORD, &[]).await;
    page.rules()
        .expect_met(&RULES, "for the new password")
        .await;
    page.submit().await;
    let error = page.error_text().await;
    check!(w, error.contains("Name"), "the missing name: {error:?}");

    page.fill("weak", &[("name", "Hanako Yamada")]).await;
    page.submit().await;
    let error = page.error_text().await;
    check!(
        w,
        error.contains("At least 12 characters"),
        "a weak password: {error:?}"
    );
    NewPasswordPage::expect(&w).await;

    page.fill(NEW_PASSWORD, &[("name", "Hanako Yamada")]).await;
    page.submit().await;
    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;
    account.expect_name("Hanako Yamada").await;

    // The new password is the password now; the temporary one is gone.
    account.sign_out().await;
    let login = LoginPage::expect(&w).await;
    login.sign_in(&email, "Temporary-Passw0rd!").await;
    check!(
        w,
        login.error_text().await == "Incorrect email or password.",
        "the temporary password no longer works"
    );
    login.sign_in_with_password(NEW_PASSWORD).await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_created_user_sets_a_password_then_an_authenticator() {
    let w = World::builder("an_admin_created_user_sets_a_password_then_an_authenticator")
        .mfa(MfaConfiguration::On)
        .start()
        .await;
    let email = unique_email("invited-mfa");
    w.admin_create_user(&email, "Temporary-Passw0rd!").await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, "Temporary-Passw0rd!")
        .await;
    let page = NewPasswordPage::expect(&w).await;
    page.fill(NEW_PASSWORD, &[("name", "Kenji")]).await;
    page.submit().await;

    // The pool requires MFA: the usual set-up follows, then signed in.
    let setup = MfaSetupPage::expect(&w).await.widget().await;
    let mut app = w.authenticator(&setup.secret().await);
    setup.verify(&app.fresh_code().await).await;
    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;
    account.expect_name("Kenji").await;
    account.expect_mfa_enabled(true).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_password_then_the_new_one_signs_in_and_the_old_one_does_not() {
    let w =
        World::start("change_password_then_the_new_one_signs_in_and_the_old_one_does_not").await;
    let email = unique_email("change");
    w.create_confirmed_user(&email, "Ada Lovelace", GOOD_PASSWORD)
        .await;
    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let account = AccountPage::expect(&w).await;

    account
        .change_password("Not-The-Passw0rd!", NEW_PASSWORD)
        .await;
    let error = account.change_password_error().await;
    check!(
        w,
        error == "Your current password is not correct.",
        "a wrong current password: {error:?}"
    );
    account.change_password(GOOD_PASSWORD, NEW_PASSWORD).await;
    let info = account.change_password_info().await;
    check!(
        w,
        info.contains("password has been changed"),
        "success is confirmed: {info:?}"
    );
    check!(
        w,
        w.value("change-password-current").await.is_empty(),
        "the fields are emptied"
    );

    account.sign_out().await;
    let login = LoginPage::expect(&w).await;
    login.sign_in(&email, GOOD_PASSWORD).await;
    check!(
        w,
        login.error_text().await == "Incorrect email or password.",
        "the old password no longer works"
    );
    login.sign_in_with_password(NEW_PASSWORD).await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_required_user_is_sent_to_the_reset_screen() {
    let w = World::start("a_reset_required_user_is_sent_to_the_reset_screen").await;
    let email = unique_email("reset-required");
    w.create_confirmed_user(&email, "Ada Lovelace", GOOD_PASSWORD)
        .await;
    let before = w.messages(&email).await.len();
    w.admin_reset_password(&email).await;
    let code = w.wait_for_messages(&email, before + 1).await;

    LoginPage::open(&w)
        .await
        .sign_in(&email, GOOD_PASSWORD)
        .await;
    let reset = ResetPasswordPage::expect(&w).await;
    reset.expect_username(&email).await;
    let info = reset.info_text().await;
    check!(
        w,
        info.contains("administrator") && info.contains("code"),
        "the screen should say why, and that a code was sent: {info:?}"
    );
    reset.reset(&code, NEW_PASSWORD).await;

    let login = LoginPage::expect(&w).await;
    login.expect_username(&email).await;
    login.sign_in_with_password(NEW_PASSWORD).await;
    AccountPage::expect(&w).await.expect_email(&email).await;
    w.assert_no_panic().await;
}
