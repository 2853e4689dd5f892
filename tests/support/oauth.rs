//! Social sign-in in the end-to-end tests: pointing a world's app and
//! emulator at each other, page objects for the provider buttons, the mock
//! identity provider's account chooser and the callback screen, and a raw
//! look at the redirects between them.

use fantoccini::Locator;
use serde_json::{json, Value};

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
    callback_url_at(app_url, CALLBACK_PATH)
}

/// The routed app's redirect path; an embedded `<Authenticator>` takes it
/// on its own page (`WorldBuilder::redirect_path`).
pub const CALLBACK_PATH: &str = "/callback";

/// `<app><path>`.
pub fn callback_url_at(app_url: &str, path: &str) -> String {
    format!("{app_url}{path}")
}

/// Where a world's app comes back to after the hosted `/logout`.
pub fn sign_out_url(app_url: &str) -> String {
    format!("{app_url}/")
}

/// Registers the app at `app_url` (random port) on every app client of the
/// emulator: its callback URL and its sign-out URL, as exact matches.
pub fn register_app(config: &mut cognito_emulator::Config, app_url: &str, path: &str) {
    for pool in &mut config.pools {
        for client in &mut pool.clients {
            client.callback_urls.push(callback_url_at(app_url, path));
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
pub fn point_config(config: &mut Value, emulator_url: &str, app_url: &str, path: &str) {
    if let Some(oauth) = config.get_mut("oauth").and_then(Value::as_object_mut) {
        let other = other_origin(app_url);
        oauth.insert("domain".into(), Value::String(emulator_url.to_owned()));
        oauth.insert(
            "redirectSignIn".into(),
            json!([
                callback_url_at(&other, path),
                callback_url_at(app_url, path)
            ]),
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
        let chooser = format!("{}/_mock/{}/authorize", self.w.emulator_url, self.provider);
        let form = [
            ("csrf", csrf.as_str()),
            ("state", state.as_str()),
            ("account", account.as_str()),
        ];
        let answer = http::post_form(&chooser, &form).await;
        let idp_response = redirect_target(self.w, &format!("POST {chooser}"), answer).await;
        let answer = http::get(&idp_response).await;
        let callback = redirect_target(self.w, &format!("GET {idp_response}"), answer).await;
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

/// The absolute `Location` of a `302` answer to `request`; anything else
/// fails the test.
async fn redirect_target(
    w: &World,
    request: &str,
    answer: Result<(u16, Option<String>), String>,
) -> String {
    match answer {
        Ok((302, Some(location))) if location.starts_with('/') => {
            format!("{}{location}", w.emulator_url)
        }
        Ok((302, Some(location))) => location,
        Ok(other) => {
            w.fail(&format!("{request}: expected a 302, got {other:?}"))
                .await
        }
        Err(e) => w.fail(&format!("{request}: {e}")).await,
    }
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

/// The refresh token the app keeps in this tab, if any
/// (`leptos-cognito.refresh-token`).
pub async fn stored_refresh_token(w: &World) -> Option<String> {
    let script = "return sessionStorage.getItem('leptos-cognito.refresh-token');";
    match w.client.execute(script, vec![]).await {
        Ok(Value::String(token)) => Some(token),
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
    let client_id = w.client_id();
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", client_id.as_str()),
        ("refresh_token", refresh_token),
    ];
    let url = format!("{}/oauth2/token", w.emulator_url);
    match http::post_form(&url, &form).await {
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
