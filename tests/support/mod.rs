//! Harness for the end-to-end tests: one [`World`] per test.
//!
//! A world is an in-process Cognito emulator, a static server for the built
//! `dist/` (with a `/config.json` generated for this test), a chromedriver of
//! its own and a headless Chromium with a fresh profile. Dropping the world
//! stops all of them, also when the test panics.

// Each test binary (`e2e`, `e2e_mfa`) uses a part of the harness.
#![allow(dead_code)]

pub mod http;
pub mod oauth;
pub mod pages;
pub mod qr;
pub mod totp;

use std::net::TcpListener as StdTcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use cognito_emulator::config::MfaConfiguration;
use fantoccini::error::CmdError;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// Like `assert!`, but a failure goes through [`World::fail`]: screenshot,
/// URL and what the page shows.
macro_rules! check {
    ($world:expr, $cond:expr, $($msg:tt)+) => {
        if !$cond {
            $world.fail(&format!($($msg)+)).await;
        }
    };
}

/// How long a wait for the page (or the mailbox) may take before the test fails.
pub fn timeout() -> Duration {
    std::env::var("E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(15))
}

const POLL_EVERY: Duration = Duration::from_millis(75);

/// The built app: `$LEPTOS_COGNITO_DIST` or `<root package>/dist`.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("LEPTOS_COGNITO_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    if !dir.join("index.html").is_file() {
        panic!(
            "no built app in {}: run `cargo xtask test` (it builds dist/ with trunk) or `trunk build --release --offline`",
            dir.display()
        );
    }
    dir
}

/// A fresh address for a test user, unique within this test run.
pub fn unique_email(tag: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("{tag}-{}-{n}@example.com", std::process::id())
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
pub fn free_port() -> u16 {
    let listener = StdTcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local addr").port()
}

/// The outcome of one look at the page: done with a value, or not yet (with
/// what was seen, for the failure message).
pub enum Check<T> {
    Ready(T),
    NotYet(String),
}

type ConfigEdit = Box<dyn FnOnce(&mut Value) + Send>;

/// Options for a [`World`]; start with [`World::builder`].
pub struct WorldBuilder {
    name: String,
    emulator: cognito_emulator::Config,
    user_pool_endpoint: Option<String>,
    edit_config: Option<ConfigEdit>,
}

impl WorldBuilder {
    /// Point the app at this User Pool endpoint instead of the emulator.
    pub fn user_pool_endpoint(mut self, url: impl Into<String>) -> Self {
        self.user_pool_endpoint = Some(url.into());
        self
    }

    /// Change the served `config.json` after the endpoint has been set.
    pub fn edit_config(mut self, edit: impl FnOnce(&mut Value) + Send + 'static) -> Self {
        self.edit_config = Some(Box::new(edit));
        self
    }

    /// Change the emulator's configuration (the seed pool and client).
    pub fn emulator(mut self, edit: impl FnOnce(&mut cognito_emulator::Config)) -> Self {
        edit(&mut self.emulator);
        self
    }

    /// The seed pool's `MfaConfiguration`.
    pub fn mfa(self, mfa: MfaConfiguration) -> Self {
        self.emulator(|c| c.pools[0].mfa_configuration = mfa)
    }

    /// The seed client's `AuthSessionValidity` (seconds a challenge
    /// `Session` lasts; the emulator takes values under Cognito's 180).
    pub fn auth_session_validity_seconds(self, seconds: u32) -> Self {
        self.emulator(|c| {
            for client in &mut c.pools[0].clients {
                client.auth_session_validity_seconds = seconds;
            }
        })
    }

    pub async fn start(self) -> World {
        World::start_with(self).await
    }
}

/// Everything one test runs against. Fields drop in order: the browser goes
/// first, the emulator last.
pub struct World {
    pub name: String,
    pub client: Client,
    /// `http://127.0.0.1:PORT` of the static server (no trailing slash).
    pub app_url: String,
    /// `http://127.0.0.1:PORT` of the emulator (no trailing slash).
    pub emulator_url: String,
    /// The `config.json` served to the app.
    pub config: Arc<Value>,
    driver: Driver,
    _profile: tempfile::TempDir,
    _server: StaticServer,
    _emulator: cognito_emulator::RunningEmulator,
    _data: tempfile::TempDir,
}

impl World {
    /// A world with the seed emulator config, named after the test (for the
    /// screenshot on failure).
    pub async fn start(name: &str) -> World {
        World::builder(name).start().await
    }

    pub fn builder(name: &str) -> WorldBuilder {
        WorldBuilder {
            name: name.to_string(),
            emulator: cognito_emulator::Config::seed(),
            user_pool_endpoint: None,
            edit_config: None,
        }
    }

    async fn start_with(opts: WorldBuilder) -> World {
        let dist = dist_dir();

        // The static server's address first: the emulator's app client must
        // list this app's callback and sign-out URLs before it starts.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the static server");
        let app_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let mut emulator_config = opts.emulator;
        oauth::register_app(&mut emulator_config, &app_url);

        let data = tempfile::tempdir().expect("temp data dir");
        let emulator = cognito_emulator::spawn(emulator_config, data.path().to_path_buf())
            .await
            .unwrap_or_else(|e| panic!("start the emulator: {e:?}"));
        let emulator_url = emulator.base_url.trim_end_matches('/').to_string();

        let mut config: Value = {
            let path = dist.join("config.json");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
        };
        let endpoint = opts
            .user_pool_endpoint
            .unwrap_or_else(|| format!("{emulator_url}/"));
        let root = config.as_object_mut().expect("config.json is an object");
        let endpoints = root.entry("endpoints").or_insert_with(|| json!({}));
        endpoints
            .as_object_mut()
            .expect("config.json `endpoints` is an object")
            .insert("userPool".into(), Value::String(endpoint));
        oauth::point_config(&mut config, &emulator_url, &app_url);
        if let Some(edit) = opts.edit_config {
            edit(&mut config);
        }
        let config = Arc::new(config);

        let server = StaticServer::start(listener, dist, config.clone()).await;

        let profile = tempfile::tempdir().expect("temp browser profile");
        let mut driver = Driver::start().await;
        let client = driver.new_session(profile.path()).await;

        World {
            name: opts.name,
            client,
            app_url,
            emulator_url,
            config,
            driver,
            _profile: profile,
            _server: server,
            _emulator: emulator,
            _data: data,
        }
    }

    /// The app's client id, as the served config names it.
    pub fn client_id(&self) -> String {
        find_key(&self.config, "userPoolClientId")
            .or_else(|| find_key(&self.config, "clientId"))
            .and_then(Value::as_str)
            .unwrap_or("localclient")
            .to_string()
    }

    /// Opens `path` (e.g. `/login`) on the app.
    pub async fn open(&self, path: &str) {
        let url = format!("{}{path}", self.app_url);
        if let Err(e) = self.client.goto(&url).await {
            self.fail(&format!("open {url}: {e}")).await;
        }
    }

    /// Looks again and again until `probe` says ready, or fails the test with
    /// diagnostics after [`timeout()`].
    pub async fn poll<T, F>(&self, what: &str, mut probe: F) -> T
    where
        F: AsyncFnMut() -> Result<Check<T>, CmdError>,
    {
        let deadline = Instant::now() + timeout();
        loop {
            let seen = match probe().await {
                Ok(Check::Ready(v)) => return v,
                Ok(Check::NotYet(seen)) => seen,
                Err(e) => format!("error: {e}"),
            };
            if Instant::now() >= deadline {
                self.fail(&format!(
                    "timed out after {:?} waiting for {what}; last seen: {seen}",
                    timeout()
                ))
                .await;
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    }

    /// Fails the test: saves a screenshot and panics with what the page shows.
    pub async fn fail(&self, msg: &str) -> ! {
        let url = match self.client.current_url().await {
            Ok(u) => u.to_string(),
            Err(e) => format!("<{e}>"),
        };
        let title = self.client.title().await.unwrap_or_default();
        let error = match self.text_now("form-error").await {
            Ok(t) => format!("{t:?}"),
            Err(_) => "<absent>".into(),
        };
        let info = match self.text_now("form-info").await {
            Ok(t) => format!("{t:?}"),
            Err(_) => "<absent>".into(),
        };
        let screens = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll('[data-testid^=\"screen-\"]')).map(e => e.dataset.testid).join(',')",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let body: String = match self.client.find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        let body: String = body.chars().take(600).collect();
        let console = self.browser_log().await;
        let console = console[console.len().saturating_sub(15)..].join("\n");
        let shot = self.screenshot().await;
        panic!(
            "[{name}] {msg}\n  url: {url}\n  title: {title:?}\n  screens: [{screens}]\n  form-error: {error}\n  form-info: {info}\n  body text: {body:?}\n  browser console (last lines):\n{console}\n  screenshot: {shot}",
            name = self.name
        );
    }

    async fn screenshot(&self) -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        let path = dir.join(format!("{}.png", self.name));
        match self.client.screenshot().await {
            Ok(png) => match std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, png))
            {
                Ok(()) => path.display().to_string(),
                Err(e) => format!("<could not save {}: {e}>", path.display()),
            },
            Err(e) => format!("<no screenshot: {e}>"),
        }
    }

    /// The last console lines of the page (chromedriver's `goog:loggingPrefs`).
    async fn browser_log(&self) -> Vec<String> {
        let Some(session) = self.driver.session_id.as_deref() else {
            return Vec::new();
        };
        let url = format!("{}/session/{session}/se/log", self.driver.url());
        let lines = match http::post_json(&url, &[], &json!({"type": "browser"})).await {
            Ok((200, v)) => v["value"]
                .as_array()
                .map(|entries| {
                    entries
                        .iter()
                        .map(|e| {
                            format!(
                                "    {} {}",
                                e["level"].as_str().unwrap_or(""),
                                e["message"].as_str().unwrap_or("")
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
            Ok((status, v)) => vec![format!("    <log: HTTP {status} {v}>")],
            Err(e) => vec![format!("    <log: {e}>")],
        };
        lines
    }

    /// The `[data-testid=..]` selector for `testid`.
    pub fn by_id(testid: &str) -> String {
        format!("[data-testid=\"{testid}\"]")
    }

    /// The visible text of the element, now (no waiting).
    pub async fn text_now(&self, testid: &str) -> Result<String, CmdError> {
        let el = self.client.find(Locator::Css(&Self::by_id(testid))).await?;
        Ok(el.text().await?.trim().to_string())
    }

    /// Whether an element with this test id is in the page now.
    pub async fn present_now(&self, testid: &str) -> Result<bool, CmdError> {
        Ok(!self
            .client
            .find_all(Locator::Css(&Self::by_id(testid)))
            .await?
            .is_empty())
    }

    /// Waits for the element and returns it.
    pub async fn el(&self, testid: &str) -> fantoccini::elements::Element {
        let sel = Self::by_id(testid);
        self.poll(&format!("element {sel}"), async || {
            let found = self.client.find_all(Locator::Css(&sel)).await?;
            Ok(match found.into_iter().next() {
                Some(el) => Check::Ready(el),
                None => Check::NotYet("not in the page".into()),
            })
        })
        .await
    }

    /// Waits for `screen-<name>` and for the URL path to be `path`.
    pub async fn wait_for_screen(&self, name: &str, path: &str) {
        let testid = format!("screen-{name}");
        self.poll(&format!("screen {testid} at {path}"), async || {
            let here = self.client.current_url().await?;
            let present = self.present_now(&testid).await?;
            Ok(if present && here.path() == path {
                Check::Ready(())
            } else {
                Check::NotYet(format!("path {} (screen present: {present})", here.path()))
            })
        })
        .await
    }

    /// Waits until the element's visible text is not empty, and returns it.
    pub async fn wait_for_text(&self, testid: &str) -> String {
        self.poll(&format!("text in {testid}"), async || {
            let t = self.text_now(testid).await?;
            Ok(if t.is_empty() {
                Check::NotYet("empty".into())
            } else {
                Check::Ready(t)
            })
        })
        .await
    }

    /// Waits until the value of an input (or the text of another element)
    /// is `expected`.
    pub async fn wait_for_value(&self, testid: &str, expected: &str) {
        self.poll(&format!("{testid} to hold {expected:?}"), async || {
            let el = self.client.find(Locator::Css(&Self::by_id(testid))).await?;
            let v = match el.prop("value").await? {
                Some(v) => v,
                None => el.text().await?.trim().to_string(),
            };
            Ok(if v == expected {
                Check::Ready(())
            } else {
                Check::NotYet(format!("{v:?}"))
            })
        })
        .await
    }

    /// Fails the test if the app panicked (console_error_panic_hook logs
    /// "panicked at") since the browser log was last read.
    pub async fn assert_no_panic(&self) {
        let log = self.browser_log().await.join("\n");
        if log.contains("panicked at") {
            self.fail(&format!("the app panicked:\n{log}")).await;
        }
    }

    /// The value of an input (or the text of any other element).
    pub async fn value(&self, testid: &str) -> String {
        let el = self.el(testid).await;
        let value = match el.prop("value").await {
            Ok(Some(v)) => Some(v),
            Ok(None) => None,
            Err(e) => self.fail(&format!("read value of {testid}: {e}")).await,
        };
        match value {
            Some(v) => v,
            None => el.text().await.unwrap_or_default().trim().to_string(),
        }
    }

    /// Replaces what is in a field by typing, as a user would.
    pub async fn fill(&self, testid: &str, text: &str) {
        self.clear(testid).await;
        self.type_into(testid, text).await;
    }

    /// Types into a field without clearing it first.
    pub async fn type_into(&self, testid: &str, text: &str) {
        let el = self.el(testid).await;
        if let Err(e) = el.send_keys(text).await {
            self.fail(&format!("type into {testid}: {e}")).await;
        }
    }

    /// Empties a field with the keyboard (select all, delete), so the app
    /// sees input events, then waits until it is empty.
    pub async fn clear(&self, testid: &str) {
        use fantoccini::key::Key;
        let el = self.el(testid).await;
        let select_all = Key::Control + "a";
        if let Err(e) = el.send_keys(&select_all).await {
            self.fail(&format!("select all in {testid}: {e}")).await;
        }
        if let Err(e) = el.send_keys(&Key::Backspace).await {
            self.fail(&format!("delete in {testid}: {e}")).await;
        }
        self.poll(&format!("{testid} to be empty"), async || {
            let v = el.prop("value").await?.unwrap_or_default();
            Ok(if v.is_empty() {
                Check::Ready(())
            } else {
                Check::NotYet(format!("value {v:?}"))
            })
        })
        .await
    }

    pub async fn click(&self, testid: &str) {
        let el = self.el(testid).await;
        if let Err(e) = el.click().await {
            self.fail(&format!("click {testid}: {e}")).await;
        }
    }

    // ---- the emulator's mailbox and API -------------------------------------

    /// Every message the emulator has sent to `to`, oldest first.
    pub async fn messages(&self, to: &str) -> Vec<Value> {
        let url = format!(
            "{}/_local/messages?to={}",
            self.emulator_url,
            http::encode_query(to)
        );
        match http::get_json(&url).await {
            Ok((200, Value::Array(list))) => list,
            Ok((status, body)) => self.fail(&format!("GET {url}: HTTP {status} {body}")).await,
            Err(e) => self.fail(&format!("GET {url}: {e}")).await,
        }
    }

    /// Waits until the mailbox of `to` holds `count` messages; returns the
    /// code of the newest.
    pub async fn wait_for_messages(&self, to: &str, count: usize) -> String {
        let list = self
            .poll(&format!("{count} message(s) to {to}"), async || {
                let list = self.messages(to).await;
                Ok(if list.len() >= count {
                    Check::Ready(list)
                } else {
                    Check::NotYet(format!("{} message(s)", list.len()))
                })
            })
            .await;
        assert_eq!(
            list.len(),
            count,
            "[{}] messages to {to}: {list:#?}",
            self.name
        );
        let newest = list.last().expect("at least one message");
        match newest["code"].as_str() {
            Some(code) if !code.is_empty() => code.to_string(),
            _ => panic!(
                "[{}] newest message to {to} has no code: {newest}",
                self.name
            ),
        }
    }

    /// Calls the User Pool JSON API of the emulator (not through the app).
    pub async fn cognito(&self, operation: &str, body: Value) -> Value {
        let url = format!("{}/", self.emulator_url);
        let target = format!("AWSCognitoIdentityProviderService.{operation}");
        let headers = [
            ("X-Amz-Target", target.as_str()),
            ("Content-Type", "application/x-amz-json-1.1"),
        ];
        match http::post_json(&url, &headers, &body).await {
            Ok((200, v)) => v,
            Ok((status, v)) => panic!("[{}] {operation}: HTTP {status} {v}", self.name),
            Err(e) => panic!("[{}] {operation}: {e}", self.name),
        }
    }

    /// The emulator's clock (Unix seconds): what its TOTP checks and session
    /// expiries go by.
    pub fn emulator_now(&self) -> i64 {
        self._emulator.state().clock().now()
    }

    /// Waits (polling, no fixed sleep) until the emulator's clock reads `at`.
    pub async fn wait_for_emulator_time(&self, at: i64) {
        let deadline = Instant::now() + timeout();
        while self.emulator_now() < at {
            if Instant::now() >= deadline {
                self.fail(&format!("emulator clock did not reach {at}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// An authenticator app holding `secret` (as shown: spaces allowed),
    /// on the emulator's clock.
    pub fn authenticator(&self, secret: &str) -> totp::Authenticator {
        totp::Authenticator::new(secret, self._emulator.state().clock().clone())
    }

    /// Signs in through the API (`USER_PASSWORD_AUTH`) and returns the
    /// access token; the user must have no MFA yet.
    pub async fn api_access_token(&self, email: &str, password: &str) -> String {
        let answer = self
            .cognito(
                "InitiateAuth",
                json!({
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": self.client_id(),
                    "AuthParameters": {"USERNAME": email, "PASSWORD": password},
                }),
            )
            .await;
        match answer["AuthenticationResult"]["AccessToken"].as_str() {
            Some(token) => token.to_string(),
            None => panic!("[{}] InitiateAuth gave no tokens: {answer}", self.name),
        }
    }

    /// Gives an existing user (pool MFA `OPTIONAL`) an authenticator through
    /// the API: `AssociateSoftwareToken`, `VerifySoftwareToken` with a code,
    /// `SetUserMFAPreference`. Returns the authenticator, which remembers the
    /// step its code used.
    pub async fn enrol_totp(&self, email: &str, password: &str) -> totp::Authenticator {
        let token = self.api_access_token(email, password).await;
        let associated = self
            .cognito("AssociateSoftwareToken", json!({"AccessToken": token}))
            .await;
        let secret = associated["SecretCode"]
            .as_str()
            .unwrap_or_else(|| panic!("[{}] no SecretCode: {associated}", self.name))
            .to_string();
        let mut app = self.authenticator(&secret);
        let code = app.fresh_code().await;
        let verified = self
            .cognito(
                "VerifySoftwareToken",
                json!({"AccessToken": token, "UserCode": code, "FriendlyDeviceName": "API"}),
            )
            .await;
        assert_eq!(verified["Status"], "SUCCESS", "[{}] {verified}", self.name);
        self.cognito(
            "SetUserMFAPreference",
            json!({
                "AccessToken": token,
                "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true},
            }),
        )
        .await;
        app
    }

    /// The value of an attribute of the element, now.
    pub async fn attr(&self, testid: &str, name: &str) -> Option<String> {
        let el = self.el(testid).await;
        match el.attr(name).await {
            Ok(v) => v,
            Err(e) => self.fail(&format!("read {name} of {testid}: {e}")).await,
        }
    }

    /// The element's markup (`outerHTML`).
    pub async fn outer_html(&self, testid: &str) -> String {
        let el = self.el(testid).await;
        match el.html(false).await {
            Ok(html) => html,
            Err(e) => {
                self.fail(&format!("read the markup of {testid}: {e}"))
                    .await
            }
        }
    }

    /// The test id of the focused element, if it has one.
    pub async fn focused_testid(&self) -> Option<String> {
        self.client
            .execute(
                "return document.activeElement && document.activeElement.getAttribute('data-testid')",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
    }

    /// Every `sessionStorage` and `localStorage` entry as `key=value` lines,
    /// and the URL: where a challenge `Session` must never be.
    pub async fn storage_and_url(&self) -> String {
        let script = "const dump = s => Array.from({length: s.length}, (_, i) => s.key(i) + '=' + s.getItem(s.key(i)));\
             return [location.href].concat(dump(sessionStorage), dump(localStorage)).join('\\n');";
        match self.client.execute(script, vec![]).await {
            Ok(v) => v.as_str().unwrap_or_default().to_string(),
            Err(e) => self.fail(&format!("read storage: {e}")).await,
        }
    }

    /// Signs a user up and confirms them through the API, so a test can start
    /// from an existing account.
    pub async fn create_confirmed_user(&self, email: &str, name: &str, password: &str) {
        let client_id = self.client_id();
        self.cognito(
            "SignUp",
            json!({
                "ClientId": client_id,
                "Username": email,
                "Password": password,
                "UserAttributes": [
                    {"Name": "email", "Value": email},
                    {"Name": "name", "Value": name},
                ],
            }),
        )
        .await;
        let code = self.wait_for_messages(email, 1).await;
        self.cognito(
            "ConfirmSignUp",
            json!({"ClientId": client_id, "Username": email, "ConfirmationCode": code}),
        )
        .await;
    }
}

/// The first value under `key` anywhere in `v` (depth first).
fn find_key<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|v| find_key(v, key))),
        Value::Array(items) => items.iter().find_map(|v| find_key(v, key)),
        _ => None,
    }
}

// ---- the static server ------------------------------------------------------

/// Serves `dist/` on 127.0.0.1 with an SPA fallback to `index.html`, and this
/// test's `config.json`.
struct StaticServer {
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl StaticServer {
    async fn start(
        listener: tokio::net::TcpListener,
        dist: PathBuf,
        config: Arc<Value>,
    ) -> StaticServer {
        use axum::http::header;
        use tower_http::services::{ServeDir, ServeFile};

        let body = serde_json::to_string_pretty(&*config).expect("serialise config");
        let files = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
        let app = axum::Router::new()
            .route(
                "/config.json",
                axum::routing::get(move || {
                    let body = body.clone();
                    async move {
                        (
                            [
                                (header::CONTENT_TYPE, "application/json"),
                                (header::CACHE_CONTROL, "no-store"),
                            ],
                            body,
                        )
                    }
                }),
            )
            .fallback_service(files);
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("static server");
        });
        StaticServer { url, task }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// ---- chromedriver and the browser -------------------------------------------

/// A chromedriver child process in its own process group, with at most one
/// session. Drop ends the session (Chromium exits) and kills the group.
struct Driver {
    child: Child,
    port: u16,
    session_id: Option<String>,
}

impl Driver {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn start() -> Driver {
        use std::os::unix::process::CommandExt;
        let program =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let mut last_problem = String::new();
        // A port found free may be taken before chromedriver binds it: try again.
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(&program)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("start {program}: {e}"));
            let mut driver = Driver {
                child,
                port,
                session_id: None,
            };
            let deadline = Instant::now() + Duration::from_secs(20);
            loop {
                if let Ok(Some(status)) = driver.child.try_wait() {
                    last_problem = format!("{program} exited: {status}");
                    break;
                }
                match http::get_json(&format!("{}/status", driver.url())).await {
                    Ok((200, v)) if v["value"]["ready"] == Value::Bool(true) => return driver,
                    Ok((status, v)) => last_problem = format!("/status: HTTP {status} {v}"),
                    Err(e) => last_problem = format!("/status: {e}"),
                }
                if Instant::now() >= deadline {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        panic!("chromedriver did not become ready: {last_problem}");
    }

    async fn new_session(&mut self, profile: &Path) -> Client {
        let binary = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1200,900".into(),
            format!("--user-data-dir={}", profile.display()),
            // The assertions read English texts; the app follows the browser.
            "--lang=en-US".into(),
        ];
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": args,
                "prefs": { "intl.accept_languages": "en-US,en" },
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url())
            .await
            .unwrap_or_else(|e| panic!("new WebDriver session on {}: {e}", self.url()));
        self.session_id = client.session_id().await.ok().flatten();
        client
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Some(session) = self.session_id.take() {
            // Ask chromedriver to quit Chromium cleanly (it also stops
            // Chromium's helpers, which live outside the process group).
            http::delete_blocking(self.port, &format!("/session/{session}"));
        }
        // Kill the whole group (chromedriver and any Chromium that did not
        // quit) before reaping chromedriver: until it is reaped its pid, which
        // is the group id, cannot belong to anyone else.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
