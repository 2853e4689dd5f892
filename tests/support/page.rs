//! Looking at the page, as a patient user would: wait until something is
//! there (polling, never a fixed sleep), read it, type into it, click it.
//! Elements are found only by their `data-testid` (`tests/CONTRACT.md`). A
//! failure saves a screenshot and says what the page showed.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::error::CmdError;
use fantoccini::Locator;

use super::World;

/// How long a wait for the page (or the mailbox) may take before the test
/// fails: `$E2E_TIMEOUT_SECS`, else 15 s.
pub fn timeout() -> Duration {
    std::env::var("E2E_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(15))
}

const POLL_EVERY: Duration = Duration::from_millis(75);

/// The outcome of one look at the page: done with a value, or not yet (with
/// what was seen, for the failure message).
pub enum Check<T> {
    Ready(T),
    NotYet(String),
}

impl World {
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

    /// Waits for `screen-<name>` and for the URL path to be `path`, then
    /// checks that no page broke its Content-Security-Policy on the way.
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
        .await;
        self.assert_no_csp_violation().await;
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

    /// Picks a language in the switcher (`lang-select`) by its code.
    pub async fn select_language(&self, code: &str) {
        let css = format!("[data-testid=lang-select] option[value='{code}']");
        let clicked = match self.client.find(Locator::Css(&css)).await {
            Ok(option) => option.click().await,
            Err(e) => Err(e),
        };
        if let Err(e) = clicked {
            self.fail(&format!("pick {code} in lang-select: {e}")).await;
        }
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
}
