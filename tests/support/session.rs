//! The signed-in session in the end-to-end tests: the account page's
//! session, credentials and API sections (page objects), what the browser
//! keeps in its storages, a second tab, the network switched off, and the
//! emulator's side of tokens (revoking them, trying a refresh token).

use std::time::{Duration, Instant};

use fantoccini::wd::WindowHandle;
use serde_json::{json, Value};

use super::page::Check;
use super::{http, World};

/// The seeded administrator (crates/cognito-emulator/seed.toml), in `admin`.
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "Local-Admin-Passw0rd!";

/// The keys the app keeps its tokens under.
pub const TOKENS_KEY: &str = "leptos-cognito.tokens";
pub const REFRESH_TOKEN_KEY: &str = "leptos-cognito.refresh-token";

impl super::world::WorldBuilder {
    /// The seed client's access and ID token lifetime, in seconds (the
    /// emulator takes 10 and up; AWS 300 and up).
    pub fn token_lifetime(self, seconds: u32) -> Self {
        self.emulator(|c| {
            for client in &mut c.pools[0].clients {
                client.access_token_validity_seconds = seconds;
                client.id_token_validity_seconds = seconds;
            }
        })
    }

    /// How long the seed identity pool's credentials last, in seconds
    /// (`credentials_validity_seconds`: the emulator takes 10 and up; AWS's
    /// last an hour).
    pub fn credentials_lifetime(self, seconds: u32) -> Self {
        self.emulator(|c| {
            for pool in &mut c.identity_pools {
                pool.credentials_validity_seconds = seconds;
            }
        })
    }
}

impl World {
    /// Runs `script` in the page and returns its value.
    pub async fn execute(&self, script: &str) -> Value {
        match self.client.execute(script, vec![]).await {
            Ok(v) => v,
            Err(e) => self.fail(&format!("run {script:?}: {e}")).await,
        }
    }

    /// Every entry of `sessionStorage` and `localStorage` as
    /// `(store, key, value)`.
    pub async fn storage_entries(&self) -> Vec<(String, String, String)> {
        let script = "const dump = (n, s) => Array.from({length: s.length}, (_, i) => [n, s.key(i), s.getItem(s.key(i))]);\
             return dump('session', sessionStorage).concat(dump('local', localStorage));";
        match self.execute(script).await {
            Value::Array(rows) => rows
                .into_iter()
                .filter_map(|row| {
                    let row = row.as_array()?;
                    Some((
                        row.first()?.as_str()?.to_owned(),
                        row.get(1)?.as_str()?.to_owned(),
                        row.get(2)?.as_str().unwrap_or_default().to_owned(),
                    ))
                })
                .collect(),
            other => self.fail(&format!("storage dump: {other}")).await,
        }
    }

    /// Entries of either storage that hold a token: the app's token keys,
    /// or any value with a JWT (`eyJ…`) or one of `known` in it.
    pub async fn tokens_in_storage(&self, known: &[String]) -> Vec<String> {
        self.storage_entries()
            .await
            .into_iter()
            .filter(|(_, key, value)| {
                key == TOKENS_KEY
                    || key == REFRESH_TOKEN_KEY
                    || value.contains("eyJ")
                    || known
                        .iter()
                        .any(|t| !t.is_empty() && value.contains(t.as_str()))
            })
            .map(|(store, key, _)| format!("{store}Storage[{key}]"))
            .collect()
    }

    /// The value under `key` in `sessionStorage` (`local`: `localStorage`).
    pub async fn stored(&self, local: bool, key: &str) -> Option<String> {
        let store = if local {
            "localStorage"
        } else {
            "sessionStorage"
        };
        self.execute(&format!("return {store}.getItem({});", json!(key)))
            .await
            .as_str()
            .map(str::to_owned)
    }

    /// The app's refresh token in this tab (whichever storage holds it).
    pub async fn stored_refresh_token(&self) -> Option<String> {
        match self.stored(false, REFRESH_TOKEN_KEY).await {
            Some(t) => Some(t),
            None => self.stored(true, REFRESH_TOKEN_KEY).await,
        }
    }

    /// The app's stored ID and access tokens (`{id_token, access_token,
    /// expires_at, method}`), from either storage.
    pub async fn stored_session(&self) -> Option<Value> {
        let text = match self.stored(false, TOKENS_KEY).await {
            Some(t) => t,
            None => self.stored(true, TOKENS_KEY).await?,
        };
        serde_json::from_str(&text).ok()
    }

    /// Opens a new tab on `path` of the app and switches to it; returns the
    /// handle of the tab it came from.
    pub async fn open_second_tab(&self, path: &str) -> WindowHandle {
        let first = match self.client.window().await {
            Ok(h) => h,
            Err(e) => self.fail(&format!("current window: {e}")).await,
        };
        let second = match self.client.new_window(true).await {
            Ok(r) => r.handle,
            Err(e) => self.fail(&format!("new tab: {e}")).await,
        };
        if let Err(e) = self.client.switch_to_window(second).await {
            self.fail(&format!("switch to the new tab: {e}")).await;
        }
        // The new tab's pages are checked for CSP violations too.
        self.driver.install_violation_listener().await;
        self.open(path).await;
        first
    }

    /// Switches to the tab `handle`.
    pub async fn switch_to(&self, handle: &WindowHandle) {
        if let Err(e) = self.client.switch_to_window(handle.clone()).await {
            self.fail(&format!("switch tab: {e}")).await;
        }
    }

    /// Cuts the browser's network (ChromeDriver's network conditions), or
    /// gives it back.
    pub async fn set_offline(&self, offline: bool) {
        if let Err(e) = self.driver.set_offline(offline).await {
            self.fail(&format!("network conditions: {e}")).await;
        }
    }

    /// Revokes `refresh_token` through the emulator's API (`RevokeToken`),
    /// as another tab or device signing out would.
    pub async fn revoke_refresh_token(&self, refresh_token: &str) {
        self.cognito(
            "RevokeToken",
            json!({"Token": refresh_token, "ClientId": self.client_id()}),
        )
        .await;
    }

    /// The emulator's answer to `REFRESH_TOKEN_AUTH` with `refresh_token`:
    /// `Ok(())`, or the error's `message`.
    pub async fn try_refresh_token(&self, refresh_token: &str) -> Result<(), String> {
        let url = format!("{}/", self.emulator_url);
        let headers = [
            (
                "X-Amz-Target",
                "AWSCognitoIdentityProviderService.InitiateAuth",
            ),
            ("Content-Type", "application/x-amz-json-1.1"),
        ];
        let body = json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "ClientId": self.client_id(),
            "AuthParameters": {"REFRESH_TOKEN": refresh_token},
        });
        match http::post_json(&url, &headers, &body).await {
            Ok((200, _)) => Ok(()),
            Ok((_, v)) => Err(v["message"].as_str().unwrap_or_default().to_owned()),
            Err(e) => self.fail(&format!("InitiateAuth: {e}")).await,
        }
    }

    /// Polls `probe` like [`World::poll`], but for up to `limit` (for waits
    /// that span several token lifetimes).
    pub async fn poll_for<T, F>(&self, what: &str, limit: Duration, mut probe: F) -> T
    where
        F: AsyncFnMut() -> Result<Check<T>, fantoccini::error::CmdError>,
    {
        let deadline = Instant::now() + limit;
        loop {
            let seen = match probe().await {
                Ok(Check::Ready(v)) => return v,
                Ok(Check::NotYet(seen)) => seen,
                Err(e) => format!("error: {e}"),
            };
            if Instant::now() >= deadline {
                self.fail(&format!(
                    "timed out after {limit:?} waiting for {what}; last seen: {seen}"
                ))
                .await;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Saves a screenshot of the page to `path`.
    pub async fn save_screenshot(&self, path: &std::path::Path) {
        match self.client.screenshot().await {
            Ok(png) => {
                if let Some(dir) = path.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                if let Err(e) = std::fs::write(path, png) {
                    self.fail(&format!("save {}: {e}", path.display())).await;
                }
            }
            Err(e) => self.fail(&format!("screenshot: {e}")).await,
        }
    }
}

/// The account page's session section (`session-info`).
pub struct SessionSection<'w>(pub &'w World);

impl<'w> SessionSection<'w> {
    pub async fn expect(w: &'w World) -> Self {
        w.el("session-info").await;
        SessionSection(w)
    }

    async fn number(&self, attribute: &str) -> i64 {
        self.0.el("session-info").await;
        // Found and read in one script: a renewal re-renders the section, so
        // an element found in one WebDriver call may be gone by the next.
        let raw = self
            .0
            .execute(&format!(
                "const s = document.querySelector('[data-testid=\"session-info\"]');\
                 return s && s.getAttribute('{attribute}');"
            ))
            .await;
        let raw = raw.as_str().map(str::to_owned);
        match raw.as_deref().map(str::parse::<i64>) {
            Some(Ok(n)) => n,
            other => {
                self.0
                    .fail(&format!("session-info {attribute} = {raw:?} ({other:?})"))
                    .await
            }
        }
    }

    /// How many times this tab renewed the session (`data-refresh-count`).
    pub async fn refresh_count(&self) -> i64 {
        self.number("data-refresh-count").await
    }

    /// When the tokens expire (`data-expires-at`, epoch seconds).
    pub async fn expires_at(&self) -> i64 {
        self.number("data-expires-at").await
    }

    /// The `kid` the page says verified the ID token.
    pub async fn verified_kid(&self) -> String {
        self.0.wait_for_text("session-verified").await;
        self.0
            .attr("session-verified", "data-kid")
            .await
            .unwrap_or_default()
    }

    pub async fn groups(&self) -> String {
        self.0.wait_for_text("session-groups").await
    }

    pub async fn sign_out_local(&self) {
        self.0.click("sign-out-local").await;
    }
}

/// The account page's AWS credentials section (`credentials`).
pub struct CredentialsSection<'w>(pub &'w World);

impl<'w> CredentialsSection<'w> {
    /// Waits until the credentials are held; returns the identity id and
    /// their expiry (epoch seconds).
    pub async fn expect_ready(w: &'w World) -> (String, i64) {
        w.poll("credentials-status data-state=ready", async || {
            let el = w
                .client
                .find(fantoccini::Locator::Css(&World::by_id(
                    "credentials-status",
                )))
                .await?;
            let state = el.attr("data-state").await?;
            Ok(if state.as_deref() == Some("ready") {
                Check::Ready(())
            } else {
                Check::NotYet(format!("data-state={state:?}: {}", el.text().await?))
            })
        })
        .await;
        let id = w.wait_for_text("credentials-identity-id").await;
        let expires = w
            .attr("credentials-expiration", "data-expires-at")
            .await
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        (id, expires)
    }

    /// Watches the credentials, from those expiring at `first`, until they
    /// have been renewed `count` times on their own; returns every
    /// `data-state` other than `ready` seen meanwhile, and each renewal as
    /// `(when it was seen, the expiry of the credentials it replaced, the
    /// new expiry)` (epoch seconds).
    pub async fn watch_renewals(
        w: &'w World,
        first: i64,
        count: usize,
        limit: Duration,
    ) -> (Vec<String>, Vec<(i64, i64, i64)>) {
        let mut others = Vec::new();
        let mut renewals: Vec<(i64, i64, i64)> = Vec::new();
        let mut latest = first;
        w.poll_for("the credentials to be renewed", limit, async || {
            let status = w
                .client
                .find(fantoccini::Locator::Css(&World::by_id(
                    "credentials-status",
                )))
                .await?;
            let state = status.attr("data-state").await?.unwrap_or_default();
            if state != "ready" {
                others.push(state.clone());
                return Ok(Check::NotYet(format!("data-state={state}")));
            }
            let expires: i64 = w
                .client
                .find(fantoccini::Locator::Css(&World::by_id(
                    "credentials-expiration",
                )))
                .await?
                .attr("data-expires-at")
                .await?
                .and_then(|s| s.parse().ok())
                .unwrap_or_default();
            if expires != latest {
                let seen = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or_default();
                renewals.push((seen, latest, expires));
                latest = expires;
            }
            Ok(if renewals.len() >= count {
                Check::Ready(())
            } else {
                Check::NotYet(format!("{} renewal(s): {renewals:?}", renewals.len()))
            })
        })
        .await;
        (others, renewals)
    }
}

/// The account page's protected API section (`sample-api`).
pub struct ApiSection<'w>(pub &'w World);

impl<'w> ApiSection<'w> {
    /// Waits for whoami's answer; returns `(username, groups)` as shown.
    pub async fn whoami(w: &'w World) -> (String, String) {
        w.poll("whoami-result data-status=200", async || {
            let el = w
                .client
                .find(fantoccini::Locator::Css(&World::by_id("whoami-result")))
                .await?;
            let status = el.attr("data-status").await?;
            Ok(if status.as_deref() == Some("200") {
                Check::Ready(())
            } else {
                Check::NotYet(format!("data-status={status:?}: {}", el.text().await?))
            })
        })
        .await;
        (
            w.wait_for_text("whoami-username").await,
            w.text_now("whoami-groups").await.unwrap_or_default(),
        )
    }

    /// Waits for the admin endpoint's verdict (`data-allowed`).
    pub async fn admin_allowed(w: &'w World) -> bool {
        w.poll("admin-api-result data-allowed", async || {
            let el = w
                .client
                .find(fantoccini::Locator::Css(&World::by_id("admin-api-result")))
                .await?;
            Ok(match el.attr("data-allowed").await?.as_deref() {
                Some("true") => Check::Ready(true),
                Some("false") => Check::Ready(false),
                other => Check::NotYet(format!("data-allowed={other:?}: {}", el.text().await?)),
            })
        })
        .await
    }

    pub async fn call_again(w: &World) {
        w.click("api-call").await;
    }
}
