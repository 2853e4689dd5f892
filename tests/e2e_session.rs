//! End-to-end tests of the signed-in session: the built app (`dist/`) in
//! headless Chromium against the local emulator with short token lifetimes
//! (20 seconds), so renewals, expiry and revocation happen while the test
//! watches. Verified tokens, renewal without interruption, a revoked
//! refresh token, two tabs, a network failure, groups, identity pool
//! credentials, the protected API and every kind of sign-out.
//!
//! Run with `cargo test --test e2e_session` (after building `dist/`). Set
//! `SESSION_SCREENSHOTS=<dir>` to save the account page in English and
//! Japanese for a normal user and for the administrator.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};
use support::oauth::{continue_with, refresh_token_works, ChooserPage, GOOGLE_EMAIL};
use support::pages::{AccountPage, LoginPage};
use support::session::{
    ApiSection, CredentialsSection, SessionSection, ADMIN_EMAIL, ADMIN_PASSWORD,
};
use support::{http, Check, World};
use test_support::unique_email;

/// Meets the seed pool's password policy.
const GOOD_PASSWORD: &str = "xY7!qwertyuv";

/// Short enough to watch several expiries in a test.
const LIFETIME: u32 = 20;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The JOSE header of a JWT.
fn header(jwt: &str) -> Value {
    let part = jwt.split('.').next().unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url header");
    serde_json::from_slice(&bytes).expect("JSON header")
}

async fn sign_in<'w>(w: &'w World, email: &str, password: &str) -> AccountPage<'w> {
    let login = LoginPage::open(w).await;
    login.sign_in(email, password).await;
    let account = AccountPage::expect(w).await;
    account.expect_email(email).await;
    account
}

/// A user who signed up (and so joined the default group, `users`).
async fn signed_in_user(w: &World) -> String {
    let email = unique_email("session");
    w.create_confirmed_user(&email, "Sato Hanako", GOOD_PASSWORD)
        .await;
    sign_in(w, &email, GOOD_PASSWORD).await;
    email
}

/// Every token the app holds now, to look for in storage afterwards.
async fn tokens_now(w: &World) -> Vec<String> {
    let mut known = Vec::new();
    if let Some(stored) = w.stored_session().await {
        for key in ["id_token", "access_token"] {
            if let Some(t) = stored[key].as_str() {
                known.push(t.to_owned());
            }
        }
    }
    if let Some(t) = w.stored_refresh_token().await {
        known.push(t);
    }
    known
}

async fn expect_no_token_left(w: &World, known: &[String], after: &str) {
    let left = w.tokens_in_storage(known).await;
    check!(
        w,
        left.is_empty(),
        "tokens left in storage after {after}: {left:?}"
    );
}

/// The sign-in screen with `message` in its information region.
async fn expect_back_at_sign_in(w: &World, message: &str, limit: Duration) {
    w.poll_for(
        &format!("the sign-in screen saying {message:?}"),
        limit,
        async || {
            let here = w.client.current_url().await?;
            let on_login = here.path() == "/login" && w.present_now("screen-login").await?;
            let info = if on_login {
                w.text_now("form-info").await?
            } else {
                String::new()
            };
            Ok(if on_login && info.contains(message) {
                Check::Ready(())
            } else {
                Check::NotYet(format!("at {here}, form-info {info:?}"))
            })
        },
    )
    .await
}

/// Waits until this tab has renewed the session `count` times, checking on
/// every look that the account page was never replaced (no loading card,
/// no sign-in screen, the same card element: no visible interruption).
async fn watch_renewals(w: &World, count: i64, limit: Duration) {
    w.execute(
        "window.__accountCard = document.querySelector('[data-testid=\"screen-account\"]'); return true;",
    )
    .await;
    let session = SessionSection(w);
    w.poll_for(&format!("{count} renewals"), limit, async || {
        let same_card = w
            .execute(
                "const c = document.querySelector('[data-testid=\"screen-account\"]');\
                 return c !== null && c === window.__accountCard && c.isConnected;",
            )
            .await;
        if same_card != json!(true) {
            w.fail("the account page was replaced during a renewal")
                .await;
        }
        let here = w.client.current_url().await?;
        if here.path() != "/account" {
            w.fail(&format!("left the account page for {here}")).await;
        }
        let n = session.refresh_count().await;
        Ok(if n >= count {
            Check::Ready(())
        } else {
            Check::NotYet(format!("{n} renewal(s)"))
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_renews_itself_across_several_expiries_without_interruption() {
    let w =
        World::builder("the_session_renews_itself_across_several_expiries_without_interruption")
            .token_lifetime(LIFETIME)
            .start()
            .await;
    signed_in_user(&w).await;
    let session = SessionSection::expect(&w).await;
    assert_eq!(session.refresh_count().await, 0);

    // Verified, and by the key the pool's key set has and the token names.
    let first = w.stored_session().await.expect("stored tokens");
    let first_id = first["id_token"].as_str().unwrap().to_owned();
    let kid = session.verified_kid().await;
    assert_eq!(header(&first_id)["kid"], kid.as_str());
    let jwks_url = format!(
        "{}/ap-northeast-1_Local/.well-known/jwks.json",
        w.emulator_url
    );
    let (_, jwks) = http::get_json(&jwks_url).await.expect("the key set");
    assert!(
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kid"] == kid.as_str()),
        "{kid} is not in {jwks}"
    );
    let first_expiry = session.expires_at().await;
    // Half-typed forms survive the renewals: only signing in or out
    // re-renders the account page.
    w.fill("change-password-current", "typed before the renewals")
        .await;

    // Three renewals: the tokens of the sign-in expired long ago.
    watch_renewals(&w, 3, Duration::from_secs(90)).await;
    assert_eq!(
        w.value("change-password-current").await,
        "typed before the renewals",
        "a renewal emptied the Change password form"
    );
    let latest = w.stored_session().await.expect("stored tokens");
    assert_ne!(latest["access_token"], first["access_token"]);
    assert!(
        session.expires_at().await >= first_expiry + 2 * i64::from(LIFETIME) - 10,
        "the expiry moved on with each renewal"
    );
    assert!(now() > first_expiry, "the first tokens have expired");
    // The API refuses the first ID token now, and answers the app's.
    let (status, body) = {
        let client = reqwest::Client::new();
        let r = client
            .get(format!("{}/_local/api/whoami", w.emulator_url))
            .header("Authorization", &first_id)
            .send()
            .await
            .expect("whoami");
        (r.status().as_u16(), r.text().await.unwrap_or_default())
    };
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("expired"), "{body}");
    ApiSection::call_again(&w).await;
    ApiSection::whoami(&w).await;
    let error = w.text_now("form-error").await.unwrap_or_default();
    check!(w, error.is_empty(), "an error showed: {error:?}");
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_token_revoked_elsewhere_leads_back_to_sign_in_with_a_message() {
    let w =
        World::builder("a_refresh_token_revoked_elsewhere_leads_back_to_sign_in_with_a_message")
            .token_lifetime(LIFETIME)
            .start()
            .await;
    sign_in(&w, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    SessionSection::expect(&w).await;
    let known = tokens_now(&w).await;
    let refresh_token = w.stored_refresh_token().await.expect("a refresh token");
    // Another device signs this session out.
    w.revoke_refresh_token(&refresh_token).await;

    // At the next renewal the app learns it, and says so.
    expect_back_at_sign_in(&w, "Your session was ended", Duration::from_secs(40)).await;
    expect_no_token_left(&w, &known, "a revoked session").await;
    // Nothing half signed in: the account page sends back to sign-in.
    w.open("/account").await;
    LoginPage::expect(&w).await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_share_a_renewal_and_a_sign_out() {
    let w = World::builder("two_tabs_share_a_renewal_and_a_sign_out")
        .token_lifetime(LIFETIME)
        .edit_config(|c| c["tokenStorage"] = json!("local"))
        .start()
        .await;
    sign_in(&w, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let session = SessionSection::expect(&w).await;
    // `local`: the tokens in localStorage, the refresh token in this tab only.
    assert!(w.stored(true, "leptos-cognito.tokens").await.is_some());
    assert!(w
        .stored(true, "leptos-cognito.refresh-token")
        .await
        .is_none());
    let refresh_token = w
        .stored(false, "leptos-cognito.refresh-token")
        .await
        .expect("in sessionStorage");

    let first_tab = w.open_second_tab("/account").await;
    let second = AccountPage::expect(&w).await;
    second.expect_email(ADMIN_EMAIL).await;
    let second_session = SessionSection::expect(&w).await;
    let before = second_session.expires_at().await;

    // The first tab renews; the second adopts its tokens.
    w.switch_to(&first_tab).await;
    watch_renewals(&w, 1, Duration::from_secs(30)).await;
    let renewed = session.expires_at().await;
    assert!(renewed > before);
    let second_tab = {
        let handles = w.client.windows().await.expect("windows");
        handles
            .into_iter()
            .find(|h| *h != first_tab)
            .expect("the second tab")
    };
    w.switch_to(&second_tab).await;
    w.poll_for(
        "the second tab to adopt the renewal",
        Duration::from_secs(10),
        async || {
            let at = second_session.expires_at().await;
            Ok(if at == renewed {
                Check::Ready(())
            } else {
                Check::NotYet(format!("expires at {at}, the first tab's {renewed}"))
            })
        },
    )
    .await;
    assert_eq!(
        second_session.refresh_count().await,
        0,
        "adopted, not renewed"
    );

    // Signing out everywhere in the second tab signs the first out too.
    let known = vec![refresh_token.clone()];
    second.sign_out().await;
    expect_back_at_sign_in(&w, "You have signed out.", Duration::from_secs(15)).await;
    expect_no_token_left(&w, &known, "signing out (second tab)").await;
    w.switch_to(&first_tab).await;
    expect_back_at_sign_in(
        &w,
        "You signed out in another tab.",
        Duration::from_secs(15),
    )
    .await;
    expect_no_token_left(&w, &known, "signing out in the other tab").await;
    let refused = w.try_refresh_token(&refresh_token).await;
    assert!(
        matches!(&refused, Err(m) if m.contains("revoked")),
        "GlobalSignOut revoked the first tab's refresh token: {refused:?}"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_network_failure_keeps_the_user_signed_in_and_retries() {
    let w = World::builder("a_network_failure_keeps_the_user_signed_in_and_retries")
        .token_lifetime(LIFETIME)
        .start()
        .await;
    signed_in_user(&w).await;
    let session = SessionSection::expect(&w).await;
    w.set_offline(true).await;
    w.poll_for("the retry notice", Duration::from_secs(30), async || {
        let state = w.attr("session-notice", "data-state").await;
        Ok(if state.as_deref() == Some("retrying") {
            Check::Ready(())
        } else {
            Check::NotYet(format!("data-state={state:?}"))
        })
    })
    .await;
    let notice = w.wait_for_text("session-notice").await;
    assert!(notice.contains("still signed in"), "{notice}");
    AccountPage::expect(&w).await;
    assert_eq!(session.refresh_count().await, 0);

    w.set_offline(false).await;
    w.poll_for(
        "a renewal once back online",
        Duration::from_secs(70),
        async || {
            let n = session.refresh_count().await;
            let state = w.attr("session-notice", "data-state").await;
            Ok(if n >= 1 && state.as_deref() == Some("fresh") {
                Check::Ready(())
            } else {
                Check::NotYet(format!("{n} renewal(s), notice {state:?}"))
            })
        },
    )
    .await;
    AccountPage::expect(&w).await;
    ApiSection::call_again(&w).await;
    ApiSection::whoami(&w).await;
    w.assert_no_panic().await;
}

/// Saves the account page (English, then Japanese) when asked to.
async fn screenshots(w: &World, who: &str) {
    let Some(dir) = std::env::var_os("SESSION_SCREENSHOTS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    // The whole page: a window as tall as the document.
    let height = w
        .execute("return document.documentElement.scrollHeight;")
        .await
        .as_u64()
        .unwrap_or(900)
        .clamp(900, 4000) as u32;
    if let Err(e) = w.client.set_window_size(1200, height + 140).await {
        w.fail(&format!("resize the window: {e}")).await;
    }
    w.save_screenshot(&dir.join(format!("account-{who}-en.png")))
        .await;
    w.select_language("ja").await;
    w.wait_for_text("session-verified").await;
    w.poll("Japanese text", async || {
        let t = w.text_now("session-verified").await?;
        Ok(if t.contains("検証") {
            Check::Ready(())
        } else {
            Check::NotYet(t)
        })
    })
    .await;
    w.save_screenshot(&dir.join(format!("account-{who}-ja.png")))
        .await;
    w.select_language("en").await;
    let _ = w.client.set_window_size(1200, 900).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_guard_the_admin_section_and_the_admin_api_and_credentials_follow_the_user() {
    // The identity pool and the sample API on an origin of their own (the
    // same emulator, named `localhost`): the app's Content-Security-Policy
    // must list them beside the user pool, or the calls are blocked.
    let w = World::builder(
        "groups_guard_the_admin_section_and_the_admin_api_and_credentials_follow_the_user",
    )
    .edit_config(|c| {
        let elsewhere = |url: &Value| {
            json!(url
                .as_str()
                .expect("a URL")
                .replace("://127.0.0.1:", "://localhost:"))
        };
        c["endpoints"]["identityPool"] = elsewhere(&c["endpoints"]["identityPool"]);
        for name in ["whoami", "admin"] {
            c["api"][name] = elsewhere(&c["api"][name]);
        }
    })
    .start()
    .await;
    let port = w.emulator_url.rsplit(':').next().expect("a port");
    let own_origin = format!("http://localhost:{port}");
    assert!(
        w.csp
            .split("; ")
            .any(|d| d.starts_with("connect-src ") && d.split(' ').any(|s| s == own_origin)),
        "connect-src lists {own_origin}: {}",
        w.csp
    );

    // A user who signed up: in `users` only.
    let email = signed_in_user(&w).await;
    let session = SessionSection::expect(&w).await;
    assert_eq!(session.groups().await, "users");
    w.el("require-group-denied").await;
    assert_eq!(
        w.attr("require-group-denied", "data-group")
            .await
            .as_deref(),
        Some("admin")
    );
    let denied = w.wait_for_text("require-group-denied").await;
    assert!(denied.contains("Not allowed"), "{denied}");
    check!(
        w,
        !w.present_now("admin-panel").await.unwrap_or(true),
        "admin content shown to a user"
    );
    let (username, groups) = ApiSection::whoami(&w).await;
    assert_eq!(groups, "users");
    let claims = AccountPage(&w).claims().await;
    assert!(
        claims.contains(&username),
        "whoami's username {username} is the token's: {claims}"
    );
    assert!(
        !ApiSection::admin_allowed(&w).await,
        "the admin API let a user in"
    );
    let (user_identity, expires) = CredentialsSection::expect_ready(&w).await;
    assert!(
        user_identity.starts_with("ap-northeast-1:"),
        "{user_identity}"
    );
    assert!(
        expires > now() + 3000,
        "credentials for about an hour: {expires}"
    );
    let page = w.execute("return document.body.innerText;").await;
    check!(
        w,
        !page.as_str().unwrap_or_default().contains("SecretKey"),
        "the secret key is on the page"
    );
    screenshots(&w, "user").await;

    // Signing out everywhere: nothing left, the refresh token revoked.
    let known = tokens_now(&w).await;
    let user_refresh = w.stored_refresh_token().await.expect("refresh token");
    AccountPage(&w).sign_out().await;
    expect_back_at_sign_in(&w, "You have signed out.", Duration::from_secs(15)).await;
    expect_no_token_left(&w, &known, "signing out everywhere").await;
    assert!(w.try_refresh_token(&user_refresh).await.is_err());
    let _ = email;

    // The seeded administrator: the admin section and API open.
    sign_in(&w, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let session = SessionSection::expect(&w).await;
    assert_eq!(session.groups().await, "admin");
    w.el("admin-panel").await;
    check!(
        w,
        !w.present_now("require-group-denied").await.unwrap_or(true),
        "the admin was refused"
    );
    let (_, groups) = ApiSection::whoami(&w).await;
    assert_eq!(groups, "admin");
    assert!(
        ApiSection::admin_allowed(&w).await,
        "the admin API refused the admin"
    );
    let (admin_identity, _) = CredentialsSection::expect_ready(&w).await;
    assert_ne!(admin_identity, user_identity, "one identity per user");
    // The identity pool gave the admin group's role (the emulator lists it).
    let (_, identities) = http::get_json(&format!("{}/_local/identities", w.emulator_url))
        .await
        .expect("identities");
    let listed = identities.to_string();
    assert!(
        listed.contains("LocalAdmin") && listed.contains(&admin_identity),
        "{listed}"
    );
    screenshots(&w, "admin").await;

    // Another session of the admin, elsewhere (signed in through the API).
    let elsewhere = w
        .cognito(
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": w.client_id(),
                "AuthParameters": {"USERNAME": ADMIN_EMAIL, "PASSWORD": ADMIN_PASSWORD},
            }),
        )
        .await["AuthenticationResult"]["RefreshToken"]
        .as_str()
        .expect("a refresh token")
        .to_owned();
    // Signing out on this device only: this session's refresh token is
    // revoked, the other device's still works.
    let known = tokens_now(&w).await;
    let admin_refresh = w.stored_refresh_token().await.expect("refresh token");
    session.sign_out_local().await;
    expect_back_at_sign_in(&w, "You have signed out.", Duration::from_secs(15)).await;
    expect_no_token_left(&w, &known, "signing out on this device").await;
    let refused = w.try_refresh_token(&admin_refresh).await;
    assert!(
        matches!(&refused, Err(m) if m.contains("revoked")),
        "{refused:?}"
    );
    assert_eq!(
        w.try_refresh_token(&elsewhere).await,
        Ok(()),
        "the other device was signed out"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_are_fetched_again_before_they_expire_without_a_click() {
    // Credentials and tokens for 20 seconds: the app fetches new
    // credentials (with a renewed ID token) before each `Expiration`.
    let w = World::builder("credentials_are_fetched_again_before_they_expire_without_a_click")
        .token_lifetime(LIFETIME)
        .credentials_lifetime(LIFETIME)
        .start()
        .await;
    signed_in_user(&w).await;
    let (identity, first) = CredentialsSection::expect_ready(&w).await;
    assert!(
        first > now() && first <= now() + i64::from(LIFETIME) + 2,
        "credentials for {LIFETIME} s: {first}"
    );

    // Two renewals, each before the credentials it replaces expired, and
    // `ready` throughout.
    let (others, renewals) =
        CredentialsSection::watch_renewals(&w, first, 2, Duration::from_secs(90)).await;
    assert!(
        others.is_empty(),
        "credentials-status left `ready`: {others:?}"
    );
    for (seen, old, new) in &renewals {
        assert!(new > old, "the expiry moved forward: {renewals:?}");
        assert!(
            seen <= old,
            "renewed before the old credentials expired: {renewals:?}"
        );
    }
    assert_eq!(
        w.wait_for_text("credentials-identity-id").await,
        identity,
        "the same identity"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_social_session_renews_at_the_token_endpoint_and_signs_out_through_logout() {
    let w = World::builder(
        "a_social_session_renews_at_the_token_endpoint_and_signs_out_through_logout",
    )
    .token_lifetime(LIFETIME)
    .start()
    .await;
    LoginPage::open(&w).await;
    continue_with(&w, "Google").await;
    ChooserPage::expect(&w, "Google")
        .await
        .pick(GOOGLE_EMAIL)
        .await;
    let account = AccountPage::expect(&w).await;
    account.expect_email(GOOGLE_EMAIL).await;
    let stored = w.stored_session().await.expect("stored tokens");
    assert_eq!(stored["method"], "hosted-ui");
    let first_access = stored["access_token"].clone();

    // Renewed with grant_type=refresh_token, its at_hash checked.
    watch_renewals(&w, 1, Duration::from_secs(30)).await;
    let renewed = w.stored_session().await.expect("stored tokens");
    assert_ne!(renewed["access_token"], first_access);
    ApiSection::whoami(&w).await;

    let known = tokens_now(&w).await;
    let refresh_token = w.stored_refresh_token().await.expect("refresh token");
    account.sign_out().await;
    expect_back_at_sign_in(&w, "You have signed out.", Duration::from_secs(20)).await;
    expect_no_token_left(&w, &known, "signing out through /logout").await;
    assert!(
        !refresh_token_works(&w, &refresh_token).await,
        "the refresh token still works after sign-out"
    );
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_that_fail_verification_are_never_trusted() {
    let w = World::start("tokens_that_fail_verification_are_never_trusted").await;
    sign_in(&w, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    SessionSection::expect(&w).await;
    let known = tokens_now(&w).await;

    // Someone edits the stored ID token: a claim changed under its signature.
    let mut stored = w.stored_session().await.expect("stored tokens");
    let id = stored["id_token"].as_str().unwrap().to_owned();
    let parts: Vec<&str> = id.split('.').collect();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
    claims["cognito:groups"] = json!(["admin", "superuser"]);
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        engine.encode(claims.to_string()),
        parts[2]
    );
    stored["id_token"] = json!(forged);
    w.execute(&format!(
        "sessionStorage.setItem('leptos-cognito.tokens', {}); return true;",
        json!(stored.to_string())
    ))
    .await;

    // At the next start the app refuses it: the sign-in screen says why, and
    // nothing of it is kept.
    w.open("/account").await;
    expect_back_at_sign_in(&w, "failed the security checks", Duration::from_secs(15)).await;
    expect_no_token_left(&w, &known, "refusing forged tokens").await;
    check!(
        w,
        !w.present_now("admin-panel").await.unwrap_or(true),
        "forged claims were shown"
    );
    w.assert_no_panic().await;
}
