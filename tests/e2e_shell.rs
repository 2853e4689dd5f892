//! End-to-end tests of the static sign-in card of `index.html` (`src/shell`,
//! `public/shell.js`): with the app's `.wasm` held back by the test server,
//! the card is there and usable; once the app starts it takes the card over
//! in place — same geometry, what was typed, the focus, the language chosen,
//! and a pending Enter or provider button pressed again — and the card never
//! shows where the app would show something else.
//!
//! Run with `cargo test --test e2e_shell` (after building `dist/`).
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;
use support::oauth::ChooserPage;
use support::pages::{AccountPage, LoginPage};
use support::session::{ADMIN_EMAIL, ADMIN_PASSWORD};
use support::{Check, World};

/// The shell's email field, only while the shell is on screen.
const SHELL_USERNAME: &str = "#lc-shell:not([hidden]) #login-username";
const SHELL_PASSWORD: &str = "#lc-shell:not([hidden]) #login-password";

/// Where the parts of the sign-in card are (x, y, width, height in CSS px,
/// to 0.1 px), shell or app alike: found by class and id, which both have.
const GEOMETRY: &str = r#"
    const parts = ['section.lc-card', '.lc-card__brand', '.lc-lang', 'h1.lc-card__title',
        '#login-username', '#login-password', '.lc-field__reveal', '.lc-form__aside a',
        'form button[type=submit]', '.lc-divider', '[data-provider=Google]',
        '[data-provider=Corporate]', '.lc-card__footer a'];
    return parts.map((p) => {
        const e = document.querySelector(p);
        if (!e) return p + ': missing';
        const r = e.getBoundingClientRect();
        return p + ': ' + [r.x, r.y, r.width, r.height].map((v) => v.toFixed(1)).join(' ');
    });
"#;

impl World {
    /// Opens `path` without waiting for the `load` event, which the held
    /// `.wasm` (preloaded by index.html) keeps from coming.
    async fn open_held(&self, path: &str) {
        let url = format!("{}{path}", self.app_url);
        self.execute(&format!(
            "location.assign({}); return null",
            Value::String(url)
        ))
        .await;
        self.poll("the new page", async || {
            let at = self
                .client
                .execute(
                    "return location.pathname + ' ' + document.readyState",
                    vec![],
                )
                .await?;
            let at = at.as_str().unwrap_or_default().to_owned();
            let (at_path, state) = at.split_once(' ').unwrap_or_default();
            Ok(if at_path == path && state != "loading" {
                Check::Ready(())
            } else {
                Check::NotYet(at)
            })
        })
        .await;
    }

    /// Waits for the shell's card and says the app has not started.
    async fn expect_shell(&self) {
        self.poll("the static sign-in card", async || {
            let found = self.client.find_all(Locator::Css(SHELL_USERNAME)).await?;
            Ok(if found.is_empty() {
                Check::NotYet("no visible #lc-shell".into())
            } else {
                Check::Ready(())
            })
        })
        .await;
        let app = self
            .execute("return !!document.querySelector('[data-testid]')")
            .await;
        check!(
            self,
            app == Value::Bool(false),
            "the app drew something while its wasm was held"
        );
    }

    async fn shell_el(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(el) => el,
            Err(e) => self.fail(&format!("find {css}: {e}")).await,
        }
    }

    async fn geometry(&self) -> Vec<String> {
        let v = self.execute(GEOMETRY).await;
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The page has no shell at all (removed, not just hidden).
    async fn expect_no_shell(&self, when: &str) {
        let gone = self
            .execute("return !document.getElementById('lc-shell') && !document.getElementById('lc-shell-text')")
            .await;
        check!(
            self,
            gone == Value::Bool(true),
            "the static sign-in card is still in the page {when}"
        );
    }
}

#[tokio::test]
async fn the_card_is_usable_before_the_app_and_the_app_takes_it_over_in_place() {
    let w = World::start("shell_takeover").await;
    w.hold_wasm();
    w.open_held("/login").await;
    w.expect_shell().await;

    // A language switched on the card (German: a catalogue fetched at run
    // time, public/i18n/de.json) is kept by the app.
    let german: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/i18n/de.json"))
            .unwrap(),
    )
    .unwrap();
    w.shell_el("#lc-shell select.lc-lang option[value=de]")
        .await
        .click()
        .await
        .unwrap();
    let (title, lang) = (
        w.execute("return document.querySelector('#lc-shell h1').textContent")
            .await,
        w.execute("return document.documentElement.lang").await,
    );
    check!(
        w,
        title == german["LoginTitle"] && lang == "de",
        "the card did not switch to German: {title} / {lang}"
    );
    let before = w.geometry().await;

    w.shell_el(SHELL_USERNAME)
        .await
        .send_keys("admin@exa")
        .await
        .unwrap();
    w.release_wasm();
    let login = LoginPage::expect(&w).await;
    w.expect_no_shell("once the app is there").await;

    let after = w.geometry().await;
    check!(
        w,
        before == after,
        "the card moved when the app took it over:\nshell {before:#?}\napp   {after:#?}"
    );
    check!(
        w,
        login.username().await == "admin@exa",
        "the typed email was lost"
    );
    check!(
        w,
        w.focused_testid().await.as_deref() == Some("login-username"),
        "the focus did not stay in the email field"
    );
    let app = w
        .execute("return [document.querySelector('[data-testid=lang-select]').value, document.querySelector('h1').textContent, document.documentElement.lang]")
        .await;
    check!(
        w,
        app == serde_json::json!(["de", german["LoginTitle"], "de"]),
        "the app is not in German: {app}"
    );
    // Typing goes on where it stopped (the caret is at the end).
    w.client
        .active_element()
        .await
        .unwrap()
        .send_keys("mple.com")
        .await
        .unwrap();
    check!(
        w,
        login.username().await == ADMIN_EMAIL,
        "typing after the takeover went elsewhere"
    );
    login.sign_in_with_password(ADMIN_PASSWORD).await;
    AccountPage::expect(&w)
        .await
        .expect_email(ADMIN_EMAIL)
        .await;
}

#[tokio::test]
async fn enter_pressed_on_the_card_signs_in_once_the_app_is_there() {
    let w = World::start("shell_pending_enter").await;
    w.hold_wasm();
    // Not on other screens.
    w.open_held("/signup").await;
    w.expect_no_shell("on /signup").await;

    w.open_held("/login").await;
    w.expect_shell().await;
    w.shell_el(SHELL_USERNAME)
        .await
        .send_keys(ADMIN_EMAIL)
        .await
        .unwrap();
    let password = w.shell_el(SHELL_PASSWORD).await;
    password.send_keys(ADMIN_PASSWORD).await.unwrap();
    // Revealing the password on the card does not stop the replay
    // (that it stays revealed: `the_revealed_password_stays_revealed`).
    w.shell_el("#lc-shell .lc-field__reveal")
        .await
        .click()
        .await
        .unwrap();
    password.send_keys(&Key::Enter).await.unwrap();
    let busy = w
        .execute("const b = document.querySelector('#lc-shell button[type=submit]'); return [b.disabled, b.getAttribute('aria-busy'), b.textContent]")
        .await;
    check!(
        w,
        busy == serde_json::json!([true, "true", "Signing in…"]),
        "the card's button is not busy: {busy}"
    );

    w.release_wasm();
    AccountPage::expect(&w)
        .await
        .expect_email(ADMIN_EMAIL)
        .await;

    // Signed in: `/` restores the session, with no sign-in card even while
    // the app is held back.
    w.hold_wasm();
    w.open_held("/").await;
    w.expect_no_shell("with a stored session").await;
    w.release_wasm();
    AccountPage::expect(&w).await;
}

#[tokio::test]
async fn a_provider_pressed_on_the_card_is_started_by_the_app() {
    let w = World::start("shell_pending_provider").await;
    w.hold_wasm();
    w.open_held("/login").await;
    w.expect_shell().await;
    w.shell_el("#lc-shell [data-provider=Google]")
        .await
        .click()
        .await
        .unwrap();
    w.release_wasm();
    ChooserPage::expect(&w, "Google").await;
}

#[tokio::test]
async fn the_revealed_password_stays_revealed() {
    let w = World::start("shell_reveal").await;
    w.hold_wasm();
    w.open_held("/login").await;
    w.expect_shell().await;
    w.shell_el(SHELL_PASSWORD)
        .await
        .send_keys("secret")
        .await
        .unwrap();
    w.shell_el("#lc-shell .lc-field__reveal")
        .await
        .click()
        .await
        .unwrap();
    w.release_wasm();
    LoginPage::expect(&w).await;
    let state = w
        .execute("const p = document.getElementById('login-password'); return [p.type, p.value, document.querySelector('[aria-controls=login-password]').getAttribute('aria-pressed')]")
        .await;
    check!(
        w,
        state == serde_json::json!(["text", "secret", "true"]),
        "the password field after the takeover: {state}"
    );
}
