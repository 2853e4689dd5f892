//! Accessibility end-to-end tests: every screen of the built app (`dist/`)
//! in headless Chromium is checked with axe-core (WCAG 2.0/2.1/2.2 A and AA
//! rules plus axe's best practices), in the light and in the dark theme, and
//! one sign-in and sign-out is done with the keyboard alone.
//!
//! axe-core comes from npm at the version `tests/a11y/package-lock.json`
//! pins (`cargo xtask test` installs it; by hand: `npm ci --prefix
//! tests/a11y`). Run with
//! `LEPTOS_COGNITO_DIST=$PWD/dist cargo test --test e2e_a11y` after
//! `trunk build --release`.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use std::sync::OnceLock;

use fantoccini::key::Key;
use serde_json::{json, Value};
use support::oauth::{continue_with, pending_attempts, CallbackPage, ChooserPage};
use support::pages::{
    AccountPage, ConfirmPage, ForgotPasswordPage, LoginPage, MfaPage, MfaSetupPage,
    NewPasswordPage, ResetPasswordPage, Screen, SignUpPage,
};
use support::session::{ADMIN_EMAIL, ADMIN_PASSWORD};
use support::{Check, MfaConfiguration, World};
use test_support::unique_email;

const PASSWORD: &str = "Correct-Horse-9!";
const NEW_PASSWORD: &str = "Another-Passw0rd!";

/// The rules axe runs: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's
/// best practices (landmarks, headings, ...).
const TAGS: [&str; 6] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// `axe.min.js` from `tests/a11y/node_modules`, read once.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/a11y/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "read {}: {e}; install it with `npm ci --prefix tests/a11y` (or `cargo xtask test`)",
                path.display()
            )
        })
    })
}

/// Runs axe-core on the whole page, first in the light theme, then in the
/// dark one, and fails listing every violation of either. `what` names the
/// state of the screen in the failure message.
async fn audit(w: &World, what: &str) {
    let report = violations(w, what).await;
    if !report.is_empty() {
        w.fail(&format!(
            "axe-core found {} violation(s) on {what}:\n  {}",
            report.len(),
            report.join("\n  ")
        ))
        .await;
    }
}

/// axe-core's violations on the page in both themes, one line each: theme,
/// rule id, impact, help, then each node's selector, markup and summary.
async fn violations(w: &World, what: &str) -> Vec<String> {
    // WebDriver's Execute Script runs as the browser's own code, not as a
    // script of the page, so the page's Content-Security-Policy (no inline
    // script, no eval) does not apply to it; after a navigation axe is gone
    // and is injected again.
    let loaded = w
        .client
        .execute("return typeof window.axe === 'object'", vec![])
        .await;
    if loaded.ok() != Some(Value::Bool(true)) {
        let script = format!("{}\n;return typeof window.axe === 'object';", axe_source());
        match w.client.execute(&script, vec![]).await {
            Ok(Value::Bool(true)) => {}
            other => w.fail(&format!("inject axe-core: {other:?}")).await,
        }
    }
    let mut report = Vec::new();
    for theme in ["light", "dark"] {
        let script = r#"
            const [theme, tags, done] = arguments;
            document.documentElement.setAttribute('data-lc-theme', theme);
            // Let the new colours reach the computed styles (and any
            // transition end) before axe reads them.
            const settle = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            settle()
              .then(() => new Promise(r => setTimeout(r, 200)))
              .then(() => axe.run(document, {
                runOnly: { type: 'tag', values: tags },
                resultTypes: ['violations'],
              }))
              .then(result => done(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({
                  target: n.target, html: n.html, summary: n.failureSummary,
                })),
              }))))
              .catch(e => done({ error: String(e) }));
        "#;
        let found = match w
            .client
            .execute_async(script, vec![json!(theme), json!(TAGS)])
            .await
        {
            Ok(v) => v,
            Err(e) => w.fail(&format!("run axe on {what} ({theme}): {e}")).await,
        };
        let Value::Array(violations) = found else {
            w.fail(&format!("axe on {what} ({theme}): {found}")).await;
        };
        for v in violations {
            let mut line = format!(
                "[{theme}] {} ({}): {}",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
            );
            for node in v["nodes"].as_array().into_iter().flatten() {
                line.push_str(&format!(
                    "\n      at {}: {}\n        {}",
                    node["target"],
                    node["html"].as_str().unwrap_or_default(),
                    node["summary"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', "\n        "),
                ));
            }
            report.push(line);
        }
    }
    // Back to following the system, as a fresh page would.
    let _ = w
        .client
        .execute(
            "document.documentElement.removeAttribute('data-lc-theme')",
            vec![],
        )
        .await;
    report
}

/// The check itself works under the app's CSP: axe is injected, runs, and
/// reports a control without a name (so "no violations" means something).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_reports_a_planted_violation() {
    let w = World::start("a11y_planted_violation").await;
    w.open("/definitely/not/here").await;
    w.wait_for_screen("not-found", "/definitely/not/here").await;
    audit(&w, "not found").await;
    let planted = "document.querySelector('main').append(document.createElement('button'));";
    if let Err(e) = w.client.execute(planted, vec![]).await {
        w.fail(&format!("plant a button: {e}")).await;
    }
    let report = violations(&w, "not found with an unnamed button").await;
    check!(
        w,
        report.len() == 2 && report.iter().all(|line| line.contains("button-name")),
        "expected button-name in both themes, got: {report:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_out_screens_have_no_axe_violations() {
    let w = World::start("a11y_signed_out_screens").await;

    let login = LoginPage::open(&w).await;
    audit(&w, "sign-in").await;
    login.sign_in("nobody@example.com", "Wrong-Passw0rd!").await;
    login.error_text().await;
    audit(&w, "sign-in with an error").await;

    let signup = SignUpPage::open(&w).await;
    audit(&w, "sign-up").await;
    // Every field wrong: the validation errors and the unmet rules show.
    signup.sign_up("not-an-email", "", "short").await;
    signup.error_text().await;
    audit(&w, "sign-up with validation errors").await;

    let email = unique_email("signup");
    signup.sign_up(&email, "Ada Lovelace", PASSWORD).await;
    let confirm = ConfirmPage::expect(&w).await;
    confirm.expect_username(&email).await;
    audit(&w, "confirm").await;
    confirm.confirm("000000").await;
    confirm.error_text().await;
    audit(&w, "confirm with a wrong code").await;

    w.open("/forgot-password").await;
    let forgot = ForgotPasswordPage::expect(&w).await;
    audit(&w, "forgot password").await;
    forgot.request_code(ADMIN_EMAIL).await;
    let reset = ResetPasswordPage::expect(&w).await;
    reset.info_text().await;
    audit(&w, "reset password").await;
    reset.reset("000000", "weak").await;
    reset.error_text().await;
    audit(&w, "reset password with an error").await;

    w.open("/definitely/not/here").await;
    w.wait_for_screen("not-found", "/definitely/not/here").await;
    audit(&w, "not found").await;

    // A failed social sign-in: the provider's error, with its description,
    // on the callback screen.
    LoginPage::open(&w).await;
    continue_with(&w, "Google").await;
    ChooserPage::expect(&w, "Google").await;
    // Back on the app's origin, where the attempt waits in sessionStorage.
    LoginPage::open(&w).await;
    let attempts = pending_attempts(&w).await;
    let state = attempts
        .first()
        .and_then(|key| key.strip_prefix("leptos-cognito.oauth."))
        .unwrap_or_else(|| panic!("a pending attempt: {attempts:?}"))
        .to_owned();
    w.open(&format!(
        "/callback?error=server_error&error_description=The+provider+is+unavailable&state={state}"
    ))
    .await;
    let callback = CallbackPage::expect(&w).await;
    callback.error_text().await;
    audit(&w, "callback with an error").await;
    w.assert_no_panic().await;
}

/// Sign-up asking for every kind of attribute (a date picker, `tel`,
/// `url`, an optional custom one with the host's label) and a pool that
/// signs in by username: labelled, described, contrasted, in both themes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_sign_up_field_has_no_axe_violations() {
    let w = World::builder("a11y_sign_up_fields")
        .edit_config(|config| {
            config["signUpAttributes"] = json!([
                "given_name", "family_name", "middle_name", "nickname", "birthdate",
                "gender", "phone_number", "address", "locale", "zoneinfo",
                "website", "profile", "picture",
                { "name": "custom:team", "label": "Team", "required": false }
            ]);
        })
        .start()
        .await;
    let signup = SignUpPage::open(&w).await;
    w.el("signup-custom-team").await;
    audit(&w, "sign-up with every kind of attribute").await;
    w.fill("signup-email", &unique_email("fields")).await;
    w.fill("signup-given_name", "Ada").await;
    w.fill("signup-password", PASSWORD).await;
    signup.submit().await;
    signup.error_text().await;
    audit(&w, "sign-up with a missing attribute").await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_screens_have_no_axe_violations() {
    let w = World::start("a11y_signed_in_screens").await;

    // An administrator-created user: the new-password step first.
    let invited = unique_email("invited");
    w.admin_create_user(&invited, "Temporary-Passw0rd!").await;
    LoginPage::open(&w)
        .await
        .sign_in(&invited, "Temporary-Passw0rd!")
        .await;
    let page = NewPasswordPage::expect(&w).await;
    audit(&w, "new password").await;
    page.fill(NEW_PASSWORD, &[("name", "Hanako Yamada")]).await;
    page.submit().await;

    let account = AccountPage::expect(&w).await;
    account.expect_email(&invited).await;
    account.expect_mfa_enabled(false).await;
    audit(&w, "account").await;
    account.start_totp_setup().await;
    audit(&w, "account with the authenticator set-up").await;
    account.sign_out().await;

    // A user with an authenticator: the code step of sign-in.
    let enrolled = unique_email("totp");
    w.create_confirmed_user(&enrolled, "Grace Hopper", PASSWORD)
        .await;
    w.enrol_totp(&enrolled, PASSWORD).await;
    LoginPage::expect(&w)
        .await
        .sign_in(&enrolled, PASSWORD)
        .await;
    let mfa = MfaPage::expect(&w).await;
    audit(&w, "authenticator code").await;
    mfa.enter_code("000000").await;
    mfa.error_text().await;
    audit(&w, "authenticator code with an error").await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authenticator_set_up_at_sign_in_has_no_axe_violations() {
    let w = World::builder("a11y_mfa_setup")
        .mfa(MfaConfiguration::On)
        .start()
        .await;
    let email = unique_email("mfa-setup");
    w.create_confirmed_user(&email, "Alan Turing", PASSWORD)
        .await;
    LoginPage::open(&w).await.sign_in(&email, PASSWORD).await;
    MfaSetupPage::expect(&w).await.widget().await;
    audit(&w, "authenticator set-up at sign-in").await;
    w.assert_no_panic().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_config_error_screen_has_no_axe_violations() {
    let w = World::builder("a11y_config_error")
        .edit_config(|config| config["clientSecret"] = Value::String("x".into()))
        .start()
        .await;
    w.open("/login").await;
    w.el("screen-config-error").await;
    w.el("config-problems").await;
    audit(&w, "config error").await;
}

/// The focused element, as the test sees it: its test id (or tag), whether
/// it shows a focus indicator, and whether it follows `previous` in the
/// document.
async fn focused(w: &World) -> Value {
    let script = r#"
        const e = document.activeElement;
        if (!e || e === document.body) return { id: null };
        const s = getComputedStyle(e);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        const ring = s.boxShadow && s.boxShadow !== 'none';
        const prev = window.__lcPrevFocus;
        const after = !prev || !prev.isConnected
          || !!(prev.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
        window.__lcPrevFocus = e;
        const r = e.getBoundingClientRect();
        return {
          id: e.getAttribute('data-testid') || e.tagName.toLowerCase(),
          visible: outline || ring,
          focusVisible: e.matches(':focus-visible'),
          style: s.outlineStyle + ' ' + s.outlineWidth + ' / ' + s.boxShadow,
          after,
          onScreen: r.width > 0 && r.height > 0,
        };
    "#;
    match w.client.execute(script, vec![]).await {
        Ok(v) => v,
        Err(e) => w.fail(&format!("read the focused element: {e}")).await,
    }
}

/// Waits until the element `testid` has the focus.
async fn expect_focus_in(w: &World, testid: &str) {
    w.poll(&format!("the focus in {testid}"), async || {
        let f = w.focused_testid().await;
        Ok(if f.as_deref() == Some(testid) {
            Check::Ready(())
        } else {
            Check::NotYet(format!("focus on {f:?}"))
        })
    })
    .await;
}

/// Presses keys in the focused element (only there: no element is looked up).
async fn press(w: &World, keys: &str) {
    let active = match w.client.active_element().await {
        Ok(el) => el,
        Err(e) => w.fail(&format!("the focused element: {e}")).await,
    };
    if let Err(e) = active.send_keys(keys).await {
        w.fail(&format!("type into the focused element: {e}")).await;
    }
}

/// Tabs forward until `target` has the focus, checking each stop on the way:
/// visible, after the previous one in the document (no `tabindex` jumps) and
/// with a visible focus indicator. Returns the stops.
async fn tab_to(w: &World, target: &str) -> Vec<String> {
    let mut stops = Vec::new();
    for _ in 0..40 {
        press(w, &Key::Tab).await;
        let f = focused(w).await;
        let id = f["id"].as_str().unwrap_or("<body>").to_owned();
        check!(
            w,
            f["onScreen"] == true,
            "focus on {id}, which is not shown (stops so far: {stops:?})"
        );
        check!(
            w,
            f["after"] == true,
            "focus went back up the page to {id} (stops so far: {stops:?})"
        );
        check!(
            w,
            f["visible"] == true && f["focusVisible"] == true,
            "no visible focus indicator on {id}: {}",
            f["style"]
        );
        stops.push(id.clone());
        if id == target {
            return stops;
        }
    }
    w.fail(&format!("Tab never reached {target}: {stops:?}"))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_out_with_the_keyboard_alone() {
    let w = World::start("a11y_keyboard_only").await;
    w.open("/login").await;
    LoginPage::expect(&w).await;
    // The email field has the focus from the start (autofocus).
    expect_focus_in(&w, "login-username").await;
    focused(&w).await; // the starting point of the order checks
    press(&w, ADMIN_EMAIL).await;
    let stops = tab_to(&w, "login-password").await;
    check!(
        w,
        stops == ["login-password"],
        "from the email, Tab went to {stops:?}"
    );
    press(&w, ADMIN_PASSWORD).await;
    press(&w, &Key::Enter).await;

    let account = AccountPage::expect(&w).await;
    account.expect_email(ADMIN_EMAIL).await;
    // From wherever the new screen left the focus, Tab through to sign-out.
    focused(&w).await;
    tab_to(&w, "sign-out").await;
    press(&w, &Key::Enter).await;
    LoginPage::expect(&w).await;
    w.assert_no_panic().await;
}

/// A new error takes the focus (the alert region, ringed), so a keyboard
/// user lands on what went wrong: an empty form, then a wrong password.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_takes_the_focus() {
    let w = World::start("a11y_error_focus").await;
    w.open("/login").await;
    LoginPage::expect(&w).await;
    expect_focus_in(&w, "login-username").await;
    // Each pass must see its own error: the second's text differs from
    // the first's, so a focus left over from the first cannot pass it.
    let mut previous = String::new();
    for (what, keys) in [
        ("an empty form", None),
        ("a wrong password", Some("Wrong-Passw0rd!!")),
    ] {
        if let Some(password) = keys {
            w.fill("login-username", ADMIN_EMAIL).await;
            w.fill("login-password", password).await;
        }
        press(&w, &Key::Enter).await;
        let seen = previous.clone();
        previous = w
            .poll(
                &format!("the focus on form-error after {what}"),
                async || {
                    let f = focused(&w).await;
                    let text = w.text_now("form-error").await?;
                    let new_error = !text.is_empty() && text != seen;
                    Ok(
                        if f["id"] == "form-error" && f["visible"] == true && new_error {
                            Check::Ready(text)
                        } else {
                            Check::NotYet(format!("focus {f}, error {text:?}"))
                        },
                    )
                },
            )
            .await;
    }
    w.assert_no_panic().await;
}
