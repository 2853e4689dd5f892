//! End-to-end tests of the pools teams actually have, each against the seed
//! emulator's pool of that kind (crates/cognito-emulator/seed.toml): sign-in
//! by phone number (`UsernameAttributes = ["phone_number"]`), and by a
//! username with email and phone aliases (`AliasAttributes`). The fields'
//! labels and input types follow `usernameAttributes`/`aliasAttributes`,
//! and sign-up asks for `signUpAttributes`, with their checks.
//! Run with `cargo test --test e2e_pools`; needs what `tests/e2e.rs` needs.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use fantoccini::Locator;
use serde_json::{json, Value};
use support::pages::{AccountPage, ConfirmPage, LoginPage, SignUpPage};
use support::World;
use test_support::unique_email;

/// Meets every rule of the seed pools' policy.
const GOOD_PASSWORD: &str = "xY7!qwertyuv";

/// `config.json` for another seed pool: its ids, how it signs in and what
/// sign-up asks; no social sign-in or identity pool (set up for the first
/// pool only).
fn pool(config: &mut Value, pool: &str, client: &str, sign_in: Value) {
    let root = config.as_object_mut().expect("config.json is an object");
    root.insert("userPoolId".into(), json!(pool));
    root.insert("userPoolClientId".into(), json!(client));
    for key in ["oauth", "identityPoolId"] {
        root.remove(key);
    }
    if let Some(endpoints) = root.get_mut("endpoints").and_then(Value::as_object_mut) {
        endpoints.remove("identityPool");
    }
    for (key, value) in sign_in.as_object().expect("an object") {
        root.insert(key.clone(), value.clone());
    }
}

/// The label of the field `id`, and its input's `type`.
async fn field(w: &World, id: &str) -> (String, String) {
    w.el(id).await;
    let label = w
        .client
        .find(Locator::Css(&format!("label[for='{id}']")))
        .await
        .unwrap_or_else(|e| panic!("[{}] no label for {id}: {e}", w.name))
        .text()
        .await
        .expect("label text");
    let kind = w.attr(id, "type").await.unwrap_or_default();
    (label, kind)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_number_pool_signs_up_and_in_by_phone() {
    let w = World::builder("a_phone_number_pool_signs_up_and_in_by_phone")
        .edit_config(|c| {
            pool(
                c,
                "ap-northeast-1_Phone",
                "phoneclient",
                json!({
                    "usernameAttributes": ["phone_number"],
                    "signUpAttributes": [
                        "given_name",
                        { "name": "custom:team", "label": "Team", "required": false }
                    ],
                    "locale": "en"
                }),
            )
        })
        .start()
        .await;

    let signup = SignUpPage::open(&w).await;
    let (label, kind) = field(&w, "signup-phone_number").await;
    check!(
        w,
        label.starts_with("Phone number") && kind == "tel",
        "phone field: {label:?} {kind:?}"
    );
    let (label, _) = field(&w, "signup-given_name").await;
    check!(w, label == "Given name", "given_name: {label:?}");
    let (label, _) = field(&w, "signup-custom-team").await;
    check!(w, label == "Team (optional)", "custom:team: {label:?}");
    check!(
        w,
        !w.present_now("signup-email").await.unwrap_or(true),
        "no email field"
    );

    // A number without its country code is refused before it is sent.
    w.fill("signup-phone_number", "090-1234-5678").await;
    w.fill("signup-given_name", "Hanako").await;
    w.fill("signup-password", GOOD_PASSWORD).await;
    signup.submit().await;
    let error = w.wait_for_text("form-error").await;
    check!(w, error.contains("country code"), "error: {error:?}");
    // The required given name, emptied, is named.
    w.fill("signup-phone_number", "+81 90-1234-5678").await;
    w.clear("signup-given_name").await;
    signup.submit().await;
    w.poll("the given-name error", async || {
        let text = w.text_now("form-error").await.unwrap_or_default();
        Ok(if text.contains("Given name") {
            support::Check::Ready(())
        } else {
            support::Check::NotYet(text)
        })
    })
    .await;
    w.fill("signup-given_name", "Hanako").await;
    signup.submit().await;

    // The Username is the number as Cognito stores it (E.164).
    let phone = "+819012345678";
    let confirm = ConfirmPage::expect(&w).await;
    confirm.expect_username(phone).await;
    let (label, kind) = field(&w, "confirm-username").await;
    check!(
        w,
        label.starts_with("Phone number") && kind == "tel",
        "confirm field: {label:?} {kind:?}"
    );
    let code = w.wait_for_messages(phone, 1).await;
    confirm.confirm(&code).await;

    let login = LoginPage::expect(&w).await;
    let (label, kind) = field(&w, "login-username").await;
    check!(
        w,
        label.starts_with("Phone number") && kind == "tel",
        "sign-in field: {label:?} {kind:?}"
    );
    // Typed as people write it.
    login.sign_in("+81 90 1234 5678", GOOD_PASSWORD).await;
    let account = AccountPage::expect(&w).await;
    w.wait_for_value("account-phone", phone).await;
    w.wait_for_value("account-name", "Hanako").await;
    let claims = account.claims().await;
    check!(
        w,
        claims.contains(&format!("\"phone_number\": \"{phone}\""))
            && claims.contains("\"given_name\": \"Hanako\"")
            && !claims.contains("custom:team"),
        "claims: {claims}"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_username_pool_signs_in_by_username_or_verified_email() {
    let w = World::builder("a_username_pool_signs_in_by_username_or_verified_email")
        .edit_config(|c| {
            pool(
                c,
                "ap-northeast-1_Users",
                "usernameclient",
                json!({
                    "usernameAttributes": [],
                    "aliasAttributes": ["email", "phone_number", "preferred_username"],
                    "signUpAttributes": ["email", "family_name"],
                    "locale": "ja"
                }),
            )
        })
        .start()
        .await;
    let email = unique_email("alias");
    let username = "hanako";

    let signup = SignUpPage::open(&w).await;
    let (label, kind) = field(&w, "signup-username").await;
    check!(
        w,
        label == "ユーザー名" && kind == "text",
        "username field: {label:?} {kind:?}"
    );
    let (label, kind) = field(&w, "signup-email").await;
    check!(
        w,
        label == "メールアドレス" && kind == "email",
        "email field: {label:?} {kind:?}"
    );
    w.fill("signup-username", username).await;
    w.fill("signup-email", &email).await;
    w.fill("signup-family_name", "山田").await;
    w.fill("signup-password", GOOD_PASSWORD).await;
    signup.submit().await;

    // Before confirmation only the username signs in: the field says so.
    let confirm = ConfirmPage::expect(&w).await;
    confirm.expect_username(username).await;
    let (label, _) = field(&w, "confirm-username").await;
    check!(w, label == "ユーザー名", "confirm field: {label:?}");
    let code = w.wait_for_messages(&email, 1).await;
    confirm.confirm(&code).await;

    // Confirmed, the email address is a verified alias: it signs in too.
    let login = LoginPage::expect(&w).await;
    let (label, kind) = field(&w, "login-username").await;
    check!(
        w,
        label == "ユーザー名、メールアドレスまたは電話番号" && kind == "text",
        "sign-in field: {label:?} {kind:?}"
    );
    login.sign_in(&email, GOOD_PASSWORD).await;
    let account = AccountPage::expect(&w).await;
    w.wait_for_value("account-username", username).await;
    w.wait_for_value("account-name", "山田").await;

    let claims = account.claims().await;
    check!(
        w,
        claims.contains("\"cognito:username\": \"hanako\"")
            && claims.contains("\"family_name\": \"山田\""),
        "claims: {claims}"
    );
    account.sign_out().await;

    // And by the username, whatever its case (the pool is case-insensitive).
    let login = LoginPage::expect(&w).await;
    login.sign_in("Hanako", GOOD_PASSWORD).await;
    AccountPage::expect(&w).await;
    w.assert_no_panic().await;
}
