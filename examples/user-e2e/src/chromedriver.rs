//! A chromedriver of the test's own, on a free loopback port, stopped when
//! dropped.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

type Error = Box<dyn std::error::Error + Send + Sync>;

pub struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
    /// Starts `$CHROMEDRIVER` (else `chromedriver` on PATH) and waits until
    /// its `/status` says ready.
    pub async fn start() -> Result<ChromeDriver, Error> {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        // A port that was free a moment ago: good enough on a test machine.
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {program}: {e} (install chromium-driver, or set CHROMEDRIVER)"
                )
            })?;
        let mut driver = ChromeDriver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..200 {
            if let Some(status) = driver.child.try_wait()? {
                return Err(format!("{program} exited: {status}").into());
            }
            if let Ok(answer) = reqwest::get(format!("{}/status", driver.url)).await {
                let status: Value = serde_json::from_slice(&answer.bytes().await?)?;
                if status["value"]["ready"] == true {
                    return Ok(driver);
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("{program} on {} did not become ready", driver.url).into())
    }

    /// The WebDriver URL, e.g. `http://127.0.0.1:41237`.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
