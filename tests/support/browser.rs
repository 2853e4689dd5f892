//! The browser: a chromedriver of the world's own, one headless Chromium
//! session with a fresh profile, the page's console log, and the
//! Content-Security-Policy violations seen in it.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use test_support::free_port;

use super::{http, World};

/// What the violation listener writes before each violation's details.
const VIOLATION_MARK: &str = "securitypolicyviolation";

/// Run at the start of every document the browser loads, the app's and the
/// emulator's pages alike (CDP `Page.addScriptToEvaluateOnNewDocument`; the
/// page's own CSP does not apply to it): logs each `securitypolicyviolation`
/// event (CSP Level 3, "Report a violation") to the console, where
/// chromedriver's log keeps it across navigations.
const VIOLATION_LISTENER: &str = r#"document.addEventListener('securitypolicyviolation', (e) => {
  console.error('securitypolicyviolation ' + JSON.stringify({
    directive: e.effectiveDirective, blocked: e.blockedURI, document: e.documentURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample }));
}, true);"#;

/// Whether a console message reports a CSP violation: the listener's line,
/// or Chromium's own "Refused to … because it violates the following
/// Content Security Policy directive" message.
fn is_violation(message: &str) -> bool {
    message.contains(VIOLATION_MARK) || message.contains("Content Security Policy")
}

/// A chromedriver child process in its own process group, with at most one
/// session. Drop ends the session (Chromium exits) and kills the group.
pub struct Driver {
    child: Child,
    port: u16,
    session_id: Option<String>,
    /// Every console line read so far, formatted for failure messages.
    console: Mutex<Vec<String>>,
    /// The CSP violations among them that no test has taken yet.
    violations: Mutex<Vec<String>>,
}

impl Driver {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts chromedriver (`$CHROMEDRIVER`, else /usr/bin/chromedriver) on a
    /// free port and waits until its `/status` says ready.
    pub async fn start() -> Driver {
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
                console: Mutex::new(Vec::new()),
                violations: Mutex::new(Vec::new()),
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

    /// Opens the session: headless Chromium (`$CHROME_BIN`, else
    /// /usr/bin/chromium) with `profile` as its user data dir, in English.
    pub async fn new_session(&mut self, profile: &Path) -> Client {
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
        assert!(
            self.session_id.is_some(),
            "chromedriver gave the session an id"
        );
        // Before the first page: the listener must see every document.
        self.install_violation_listener().await;
        client
    }

    /// Installs [`VIOLATION_LISTENER`] in the current tab, for every
    /// document it loads from now on. CDP commands go to the current tab
    /// only: a tab opened later needs its own call, before its first page.
    pub async fn install_violation_listener(&self) {
        let session = self.session_id.as_deref().expect("a WebDriver session");
        let url = format!("{}/session/{session}/goog/cdp/execute", self.url());
        let command = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": VIOLATION_LISTENER },
        });
        match http::post_json(&url, &[], &command).await {
            Ok((200, _)) => {}
            other => panic!("install the CSP violation listener through {url}: {other:?}"),
        }
    }

    /// Cuts (or restores) the page's network: ChromeDriver's network
    /// conditions (Chromium's DevTools network emulation).
    pub async fn set_offline(&self, offline: bool) -> Result<(), String> {
        let session = self.session_id.as_deref().ok_or("no session")?;
        let url = format!(
            "{}/session/{session}/chromium/network_conditions",
            self.url()
        );
        let body = json!({"network_conditions": {
            "offline": offline, "latency": 0, "download_throughput": -1, "upload_throughput": -1
        }});
        match http::post_json(&url, &[], &body).await {
            Ok((200, _)) => Ok(()),
            Ok((status, v)) => Err(format!("HTTP {status} {v}")),
            Err(e) => Err(e),
        }
    }

    /// The URL and body that read the console lines logged since the last
    /// read (chromedriver's `goog:loggingPrefs`).
    fn log_request(&self) -> Option<(String, Value)> {
        let session = self.session_id.as_deref()?;
        Some((
            format!("{}/session/{session}/se/log", self.url()),
            json!({"type": "browser"}),
        ))
    }

    /// Adds an answer of the log endpoint to the console lines and the
    /// violations.
    fn record(&self, answer: Result<(u16, Value), String>) {
        let lines: Vec<(String, bool)> = match answer {
            Ok((200, v)) => v["value"]
                .as_array()
                .map(|entries| {
                    entries
                        .iter()
                        .map(|e| {
                            let message = e["message"].as_str().unwrap_or("");
                            let level = e["level"].as_str().unwrap_or("");
                            (format!("    {level} {message}"), is_violation(message))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Ok((status, v)) => vec![(format!("    <log: HTTP {status} {v}>"), false)],
            Err(e) => vec![(format!("    <log: {e}>"), false)],
        };
        let mut violations = self.violations.lock().unwrap();
        violations.extend(
            lines
                .iter()
                .filter(|(_, violation)| *violation)
                .map(|(line, _)| line.trim().to_owned()),
        );
        self.console
            .lock()
            .unwrap()
            .extend(lines.into_iter().map(|(line, _)| line));
    }

    /// Reads the console lines logged since the last read.
    async fn read_log(&self) {
        if let Some((url, body)) = self.log_request() {
            self.record(http::post_json(&url, &[], &body).await);
        }
    }

    /// [`Driver::read_log`] for `Drop`, which cannot await.
    fn read_log_blocking(&self) {
        if let Some((url, body)) = self.log_request() {
            self.record(http::post_json_blocking(url, body));
        }
    }

    /// The violations seen and not yet taken.
    fn violations(&self) -> Vec<String> {
        self.violations.lock().unwrap().clone()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        use nix::sys::signal::{killpg, Signal};
        use nix::unistd::Pid;
        if let Some(session) = self.session_id.take() {
            // Ask chromedriver to quit Chromium cleanly (it also stops
            // Chromium's helpers, which live outside the process group).
            http::delete_blocking(format!("{}/session/{session}", self.url()));
        }
        // Kill the whole group (chromedriver and any Chromium that did not
        // quit) before reaping chromedriver: until it is reaped its pid, which
        // is the group id, cannot belong to anyone else.
        if let Ok(group) = i32::try_from(self.child.id()) {
            let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl World {
    /// Every console line of the browser in this test so far.
    pub async fn browser_log(&self) -> Vec<String> {
        self.driver.read_log().await;
        self.driver.console.lock().unwrap().clone()
    }

    /// Fails the test if the app panicked (console_error_panic_hook logs
    /// "panicked at"), or if a page broke its Content-Security-Policy.
    pub async fn assert_no_panic(&self) {
        let log = self.browser_log().await.join("\n");
        if log.contains("panicked at") {
            self.fail(&format!("the app panicked:\n{log}")).await;
        }
        self.assert_no_csp_violation().await;
    }

    /// The Content-Security-Policy violations seen since the last call, in
    /// any page (the app's or the emulator's); a test that causes them on
    /// purpose takes them here, so that they do not fail it.
    pub async fn take_csp_violations(&self) -> Vec<String> {
        self.driver.read_log().await;
        std::mem::take(&mut *self.driver.violations.lock().unwrap())
    }

    /// The Content-Security-Policy violations seen and not taken, as the
    /// console lines that report them.
    pub async fn csp_violations(&self) -> Vec<String> {
        self.driver.read_log().await;
        self.driver.violations()
    }

    /// Fails the test if any page broke its Content-Security-Policy. Also
    /// checked after each screen ([`World::wait_for_screen`]) and when the
    /// world is dropped.
    pub async fn assert_no_csp_violation(&self) {
        let violations = self.csp_violations().await;
        if !violations.is_empty() {
            self.fail(&format!(
                "Content-Security-Policy violations:\n{}",
                violations.join("\n")
            ))
            .await;
        }
    }
}

/// The last look for violations, once the test's body is done (its own
/// checks passed): a violation after the last screen fails the test too.
/// Runs before the fields drop, while the browser session is still open.
impl Drop for World {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        self.driver.read_log_blocking();
        let violations = self.driver.violations();
        if !violations.is_empty() {
            panic!(
                "[{}] Content-Security-Policy violations:\n{}",
                self.name,
                violations.join("\n")
            );
        }
    }
}
