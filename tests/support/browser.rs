//! The browser: a chromedriver of the world's own, one headless Chromium
//! session with a fresh profile, and the page's console log.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use test_support::free_port;

use super::{http, World};

/// A chromedriver child process in its own process group, with at most one
/// session. Drop ends the session (Chromium exits) and kills the group.
pub struct Driver {
    child: Child,
    port: u16,
    session_id: Option<String>,
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
        client
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

    /// The console lines logged since the last call (chromedriver's
    /// `goog:loggingPrefs`), formatted for a failure message.
    async fn log(&self) -> Vec<String> {
        let Some(session) = self.session_id.as_deref() else {
            return Vec::new();
        };
        let url = format!("{}/session/{session}/se/log", self.url());
        match http::post_json(&url, &[], &json!({"type": "browser"})).await {
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
                        .collect()
                })
                .unwrap_or_default(),
            Ok((status, v)) => vec![format!("    <log: HTTP {status} {v}>")],
            Err(e) => vec![format!("    <log: {e}>")],
        }
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
    /// The page's console lines since the browser log was last read.
    pub async fn browser_log(&self) -> Vec<String> {
        self.driver.log().await
    }

    /// Fails the test if the app panicked (console_error_panic_hook logs
    /// "panicked at") since the browser log was last read.
    pub async fn assert_no_panic(&self) {
        let log = self.browser_log().await.join("\n");
        if log.contains("panicked at") {
            self.fail(&format!("the app panicked:\n{log}")).await;
        }
    }
}
