//! An end-to-end test of a web app whose sign-in is leptos-cognito, run
//! against the local Cognito emulator: sign up, confirm with the code from
//! the emulator's mailbox, sign in, enrol an authenticator app (TOTP) on the
//! account page, sign out, and sign in again with a code.
//!
//! Elements are found by their `data-testid` only (the stable contract in
//! leptos-cognito's `tests/CONTRACT.md`), and every step waits for the next
//! `screen-*` instead of sleeping.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

mod chromedriver;
mod totp;

pub use chromedriver::ChromeDriver;
pub use totp::Authenticator;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// How long one step may take: a first WebAssembly compile in a cold
/// headless Chromium on a small CI machine is slow.
const WAIT: Duration = Duration::from_secs(20);

/// Meets the emulator's seed pool policy: 12 characters or more, with upper
/// and lower case, a number and a symbol.
const PASSWORD: &str = "Correct-Horse-42";

/// The whole journey in a fresh headless Chromium. `app_url` is the page of
/// your app that shows the sign-in (e.g. `http://127.0.0.1:8080/`),
/// `emulator_url` the emulator (`http://127.0.0.1:9229`), `webdriver_url` a
/// running chromedriver.
pub async fn journey(app_url: &str, emulator_url: &str, webdriver_url: &str) -> Result<(), Error> {
    let browser = open_browser(webdriver_url).await?;
    let outcome =
        sign_up_enrol_totp_sign_in(&browser, app_url, emulator_url.trim_end_matches('/')).await;
    // Whatever happened, end the session: Chromium exits with it.
    let closed = browser.close().await;
    outcome?;
    closed?;
    Ok(())
}

async fn sign_up_enrol_totp_sign_in(b: &Client, app: &str, emulator: &str) -> Result<(), Error> {
    let email = unique_email();

    // Sign up, from the sign-in screen as a person would.
    b.goto(app).await?;
    screen(b, "login").await?;
    click(b, "to-signup").await?;
    screen(b, "signup").await?;
    fill(b, "signup-email", &email).await?;
    fill(b, "signup-name", "Test User").await?;
    fill(b, "signup-password", PASSWORD).await?;
    click(b, "signup-submit").await?;

    // Confirm with the code the emulator "mailed".
    screen(b, "confirm").await?;
    let code = code_from_mailbox(emulator, &email).await?;
    fill(b, "confirm-code", &code).await?;
    click(b, "confirm-submit").await?;

    // Sign in (SRP, the default: nothing for a test to do).
    sign_in(b, &email).await?;
    screen(b, "account").await?;

    // Enrol an authenticator app, reading the key as a person would.
    click(b, "totp-setup-start").await?;
    let mut authenticator = Authenticator::new(&text(b, "totp-secret").await?)?;
    fill(b, "totp-setup-code", &authenticator.next_code().await).await?;
    click(b, "totp-setup-submit").await?;
    element(b, r#"[data-testid="mfa-status"][data-enabled="true"]"#).await?;

    // Sign out; signing in now asks for a code.
    click(b, "sign-out").await?;
    sign_in(b, &email).await?;
    screen(b, "mfa").await?;
    // The sixth digit submits the code.
    fill(b, "mfa-code", &authenticator.next_code().await).await?;

    screen(b, "account").await?;
    let shown = text(b, "account-email").await?;
    if shown != email {
        return Err(format!("the account page shows {shown:?}, not {email:?}").into());
    }
    element(b, r#"[data-testid="mfa-status"][data-enabled="true"]"#).await?;
    Ok(())
}

async fn sign_in(b: &Client, email: &str) -> Result<(), Error> {
    screen(b, "login").await?;
    fill(b, "login-username", email).await?;
    fill(b, "login-password", PASSWORD).await?;
    click(b, "login-submit").await
}

/// Polls the emulator's mailbox (`GET /_local/messages?to=`, oldest first)
/// until a message to `email` arrives, and returns its `code`.
async fn code_from_mailbox(emulator: &str, email: &str) -> Result<String, Error> {
    let url =
        reqwest::Url::parse_with_params(&format!("{emulator}/_local/messages"), [("to", email)])?;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let body = reqwest::get(url.clone())
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        let messages: Vec<Value> = serde_json::from_slice(&body)?;
        if let Some(code) = messages.last().and_then(|m| m["code"].as_str()) {
            return Ok(code.to_owned());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("no message to {email} in {url} after {WAIT:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A fresh, headless Chromium. The flags keep it quiet and working in a
/// container: no sandbox (root, no user namespaces), no GPU, no calls home.
async fn open_browser(webdriver_url: &str) -> Result<Client, Error> {
    let mut chrome = json!({
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--window-size=1200,900",
        ],
    });
    if let Ok(binary) = std::env::var("CHROME_BIN") {
        chrome["binary"] = Value::String(binary);
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("goog:chromeOptions".into(), chrome);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    Ok(ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(webdriver_url)
        .await?)
}

fn by_testid(testid: &str) -> String {
    format!(r#"[data-testid="{testid}"]"#)
}

/// Waits for an element matching the CSS selector.
async fn element(b: &Client, css: &str) -> Result<Element, Error> {
    b.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .map_err(|e| format!("waited {WAIT:?} for {css}: {e}").into())
}

/// Waits for `screen-<name>`; on a timeout, says what `form-error` shows.
async fn screen(b: &Client, name: &str) -> Result<(), Error> {
    if let Err(e) = element(b, &by_testid(&format!("screen-{name}"))).await {
        let shown = match b.find(Locator::Css(&by_testid("form-error"))).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        return Err(format!("{e} (form-error: {shown:?})").into());
    }
    Ok(())
}

/// Waits until the element's text is not empty, and returns it.
async fn text(b: &Client, testid: &str) -> Result<String, Error> {
    let el = element(b, &by_testid(testid)).await?;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let text = el.text().await?.trim().to_owned();
        if !text.is_empty() {
            return Ok(text);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("{testid} stayed empty for {WAIT:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Replaces the field's content by typing, so the app sees input events
/// (WebDriver's Element Clear does not send them).
async fn fill(b: &Client, testid: &str, value: &str) -> Result<(), Error> {
    let el = element(b, &by_testid(testid)).await?;
    el.send_keys(&(Key::Control + "a")).await?;
    el.send_keys(&Key::Backspace).await?;
    el.send_keys(value).await?;
    Ok(())
}

async fn click(b: &Client, testid: &str) -> Result<(), Error> {
    element(b, &by_testid(testid)).await?.click().await?;
    Ok(())
}

/// An address no earlier run has used: the emulator keeps its users.
fn unique_email() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("e2e-{}-{nanos}@example.com", std::process::id())
}
