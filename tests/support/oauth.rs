//! Social sign-in in the end-to-end tests: pointing a world's app and
//! emulator at each other, page objects for the provider buttons, the mock
//! identity provider's account chooser and the callback screen, and a raw
//! look at the redirects between them.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::pages::Screen;
use super::{http, Check, World};

/// The seeded Google account the tests pick (see the emulator's seed.toml).
pub const GOOGLE_EMAIL: &str = "taro.yamada@gmail.com";
pub const GOOGLE_NAME: &str = "山田 太郎";
pub const GOOGLE_SUB: &str = "104173620517893421056";
/// Another seeded Google account.
pub const GOOGLE_OTHER_EMAIL: &str = "alex@gmail.com";

/// Where a world's app gets the redirect back: `<app>/callback`.
pub fn callback_url(app_url: &str) -> String {
    format!("{app_url}/callback")
}

/// Where a world's app comes back to after the hosted `/logout`.
pub fn sign_out_url(app_url: &str) -> String {
    format!("{app_url}/")
}

/// Registers the app at `app_url` (random port) on every app client of the
/// emulator: its callback URL and its sign-out URL, as exact matches.
pub fn register_app(config: &mut cognito_emulator::Config, app_url: &str) {
    for pool in &mut config.pools {
        for client in &mut pool.clients {
            client.callback_urls.push(callback_url(app_url));
            client.logout_urls.push(sign_out_url(app_url));
        }
    }
}

/// The same app on another origin (`localhost` instead of `127.0.0.1`),
/// which the emulator does not register: a URL there must never be used.
pub fn other_origin(app_url: &str) -> String {
    app_url.replacen("127.0.0.1", "localhost", 1)
}

/// Points the served config's `oauth` block (if any) at the emulator's
/// domain endpoints and at this app's callback and sign-out URLs. Both are
/// lists whose first entry is on another origin (as one config serving
/// `localhost` and `127.0.0.1` would have): the app must pick the entry on
/// its own origin, or the emulator refuses the unregistered URL.
pub fn point_config(config: &mut Value, emulator_url: &str, app_url: &str) {
    if let Some(oauth) = config.get_mut("oauth").and_then(Value::as_object_mut) {
        let other = other_origin(app_url);
        oauth.insert("domain".into(), Value::String(emulator_url.to_owned()));
        oauth.insert(
            "redirectSignIn".into(),
            json!([callback_url(&other), callback_url(app_url)]),
        );
        oauth.insert(
            "redirectSignOut".into(),
            json!([sign_out_url(&other), sign_out_url(app_url)]),
        );
    }
}

// ---- the app's provider buttons -----------------------------------------------

/// Clicks "Continue with <provider>" (`idp-button-<provider>`) on the
/// sign-in or sign-up screen.
pub async fn continue_with(w: &World, provider: &str) {
    w.click(&format!("idp-button-{provider}")).await;
}

/// The visible text of a provider button.
pub async fn button_text(w: &World, provider: &str) -> String {
    w.wait_for_text(&format!("idp-button-{provider}")).await
}

// ---- the mock identity provider ----------------------------------------------

/// The emulator's account chooser for one provider (`idp-chooser`).
pub struct ChooserPage<'w> {
    w: &'w World,
    pub provider: String,
}

impl<'w> ChooserPage<'w> {
    /// Waits until the browser shows the chooser of `provider`.
    pub async fn expect(w: &'w World, provider: &str) -> Self {
        let sel = format!("[data-testid=\"idp-chooser\"][data-provider=\"{provider}\"]");
        w.poll(&format!("the {provider} account chooser"), async || {
            let found = w.client.find_all(Locator::Css(&sel)).await?;
            Ok(if found.is_empty() {
                let url = w.client.current_url().await?;
                Check::NotYet(format!("at {url}"))
            } else {
                Check::Ready(())
            })
        })
        .await;
        ChooserPage {
            w,
            provider: provider.to_owned(),
        }
    }

    /// Picks a listed account.
    pub async fn pick(&self, email: &str) {
        self.w.click(&format!("idp-account-{email}")).await;
    }

    /// Signs in as another (typed) account.
    pub async fn use_other_account(&self, email: &str, name: &str) {
        self.w.fill("idp-email", email).await;
        self.w.fill("idp-name", name).await;
        self.w.click("idp-continue").await;
    }

    pub async fn cancel(&self) {
        self.w.click("idp-cancel").await;
    }

    /// What the page's forms post, for answering it without the browser:
    /// its per-page CSRF token, the pending authorization's reference and
    /// the `account` value of a listed account.
    async fn form_fields(&self, email: &str) -> (String, String, String) {
        let value = async |css: &str, attr: &str| -> String {
            let el = match self.w.client.find(Locator::Css(css)).await {
                Ok(el) => el,
                Err(e) => self.w.fail(&format!("find {css}: {e}")).await,
            };
            match el.attr(attr).await {
                Ok(Some(v)) => v,
                other => self.w.fail(&format!("{attr} of {css}: {other:?}")).await,
            }
        };
        (
            value("input[name=\"csrf\"]", "value").await,
            value("input[name=\"state\"]", "value").await,
            value(&World::by_id(&format!("idp-account-{email}")), "value").await,
        )
    }

    /// Picks `email` outside the browser and follows the redirects up to the
    /// app: returns the callback URL (`<app>/callback?code=…&state=…`) the
    /// browser would have been sent to. The browser stays on the chooser.
    pub async fn callback_url_for(&self, email: &str) -> String {
        let (csrf, state, account) = self.form_fields(email).await;
        let form = format!(
            "csrf={}&state={}&account={}",
            http::encode_query(&csrf),
            http::encode_query(&state),
            http::encode_query(&account)
        );
        let chooser = format!("{}/_mock/{}/authorize", self.w.emulator_url, self.provider);
        let idp_response = redirect_target(
            self.w,
            "POST",
            &chooser,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &form,
        )
        .await;
        let callback = redirect_target(self.w, "GET", &idp_response, &[], "").await;
        let expected = callback_url(&self.w.app_url);
        if !callback.starts_with(&format!("{expected}?")) {
            self.w
                .fail(&format!(
                    "the emulator redirected to {callback}, not {expected}"
                ))
                .await;
        }
        callback
    }
}

/// Sends one request and returns its `302` `Location` (absolute).
async fn redirect_target(
    w: &World,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> String {
    match raw_request(method, url, headers, body).await {
        Ok((302, Some(location))) if location.starts_with('/') => {
            format!("{}{location}", w.emulator_url)
        }
        Ok((302, Some(location))) => location,
        Ok(other) => {
            w.fail(&format!("{method} {url}: expected a 302, got {other:?}"))
                .await
        }
        Err(e) => w.fail(&format!("{method} {url}: {e}")).await,
    }
}

/// A bare HTTP/1.1 exchange with a loopback server, for its status and
/// `Location` header (the shared client only keeps status and body).
async fn raw_request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, Option<String>), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not an http:// URL: {url}"))?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(authority)
            .await
            .map_err(|e| format!("connect {authority}: {e}"))?;
        stream
            .write_all(format!("{head}{body}").as_bytes())
            .await
            .map_err(|e| format!("send: {e}"))?;
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .await
            .map_err(|e| format!("read: {e}"))?;
        Ok::<_, String>(raw)
    };
    let raw = tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .map_err(|_| format!("{method} {url}: no answer"))??;
    let text = String::from_utf8_lossy(&raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let location = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("location"))
        .map(|(_, value)| value.trim().to_owned());
    Ok((status, location))
}

// ---- the app's callback screen ----------------------------------------------

/// The callback screen (`screen-callback` at `/callback`).
pub struct CallbackPage<'w>(pub &'w World);

impl Screen for CallbackPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> CallbackPage<'w> {
    /// Waits until the browser shows the callback screen.
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("callback", "/callback").await;
        CallbackPage(w)
    }

    /// Waits for the (calm) information, and returns it.
    pub async fn info_text(&self) -> String {
        self.0.wait_for_text("form-info").await
    }

    /// Cognito's own description, if the screen shows one.
    pub async fn detail(&self) -> Option<String> {
        match self.0.present_now("callback-detail").await {
            Ok(true) => Some(self.0.wait_for_text("callback-detail").await),
            _ => None,
        }
    }

    /// Follows the way back to sign-in.
    pub async fn back_to_login(&self) {
        self.0.click("to-login").await;
    }
}

// ---- the signed-in session -----------------------------------------------------

/// The tokens the app keeps in this tab, if any (`leptos-cognito.tokens`).
pub async fn stored_tokens(w: &World) -> Option<Value> {
    let script = "return sessionStorage.getItem('leptos-cognito.tokens');";
    match w.client.execute(script, vec![]).await {
        Ok(Value::String(text)) => serde_json::from_str(&text).ok(),
        Ok(_) => None,
        Err(e) => w.fail(&format!("read sessionStorage: {e}")).await,
    }
}

/// The one-shot notice waiting in this tab for the sign-in screen, if any
/// (`leptos-cognito.notice`).
pub async fn pending_notice(w: &World) -> Option<String> {
    let script = "return sessionStorage.getItem('leptos-cognito.notice');";
    match w.client.execute(script, vec![]).await {
        Ok(Value::String(word)) => Some(word),
        Ok(_) => None,
        Err(e) => w.fail(&format!("read sessionStorage: {e}")).await,
    }
}

/// The sessionStorage keys of sign-in attempts still waiting in this tab.
pub async fn pending_attempts(w: &World) -> Vec<String> {
    let script =
        "return Object.keys(sessionStorage).filter(k => k.startsWith('leptos-cognito.oauth.'));";
    match w.client.execute(script, vec![]).await {
        Ok(Value::Array(keys)) => keys
            .into_iter()
            .filter_map(|k| k.as_str().map(str::to_owned))
            .collect(),
        Ok(other) => w.fail(&format!("attempt keys: {other}")).await,
        Err(e) => w.fail(&format!("read sessionStorage: {e}")).await,
    }
}

/// Whether the emulator still honours `refresh_token` (a reused
/// authorization code revokes what it gave, RFC 6749 §4.1.2).
pub async fn refresh_token_works(w: &World, refresh_token: &str) -> bool {
    let body = format!(
        "grant_type=refresh_token&client_id={}&refresh_token={}",
        http::encode_query(&w.client_id()),
        http::encode_query(refresh_token)
    );
    let url = format!("{}/oauth2/token", w.emulator_url);
    match http::request(
        "POST",
        &url,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    )
    .await
    {
        Ok((status, _)) => status == 200,
        Err(e) => w.fail(&format!("POST {url}: {e}")).await,
    }
}

/// The federated identity the account page shows: `(provider, user id,
/// text)` of `account-identity`.
pub async fn account_identity(w: &World) -> (String, String, String) {
    let text = w.wait_for_text("account-identity").await;
    let provider = w.attr("account-identity", "data-provider").await;
    let user_id = w.attr("account-identity", "data-user-id").await;
    (
        provider.unwrap_or_default(),
        user_id.unwrap_or_default(),
        text,
    )
}
