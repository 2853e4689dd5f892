//! Runtime configuration: `config.json`, fetched when the app starts so one
//! build serves every environment, and validated with messages that say
//! exactly what to fix.
//!
//! ```json
//! {
//!   "appName": "Example",
//!   "region": "ap-northeast-1",
//!   "userPoolId": "ap-northeast-1_AbC123xyz",
//!   "userPoolClientId": "1example23456789",
//!   "endpoints": { "userPool": "http://127.0.0.1:9229/" },
//!   "passwordPolicy": { "minimumLength": 12, "requireUppercase": true },
//!   "usernameAttributes": ["email"],
//!   "signUpAttributes": ["name", { "name": "custom:company", "label": "Company", "required": false }],
//!   "totpIssuer": "Example",
//!   "locale": "auto",
//!   "authFlowType": "USER_SRP_AUTH",
//!   "mfa": "OPTIONAL"
//! }
//! ```
//!
//! The file is read into `raw::RawConfig` (a `#[derive(Deserialize)]`
//! struct of every key it may hold, unknown keys kept by name), then
//! `validate` checks it all in one pass and lists every problem at once.
//!
//! An Amplify Gen 2 `amplify_outputs.json` is read too, unchanged: `amplify`
//! translates it into the keys above and the same `validate` checks it.

mod amplify;
mod attribute;
mod auth_flow;
mod fields;
mod ids;
mod mfa_configuration;
mod oauth;
mod problems;
mod raw;
mod session;
mod urls;

pub use crate::i18n::LocaleSetting;
pub(crate) use attribute::{after_username, e164};
pub use attribute::{
    AliasAttribute, SignInWith, SignUpAttribute, SignUpField, StandardAttribute, UsernameAttribute,
};
pub use auth_flow::AuthFlowType;
pub use ids::{is_client_id, is_region, parse_identity_pool_id, parse_user_pool_id};
pub use mfa_configuration::MfaConfiguration;
pub(crate) use oauth::{check_redirect_origin, CALLBACK_PATH, DEFAULT_RETURN_PATHS};
pub use oauth::{IdentityProvider, OAuthConfig, SocialProvider};
pub use problems::{AmplifyProblem, ConfigProblem, OAuthProblem};
pub use session::{ApiConfig, IdentityPoolConfig};
pub use urls::parse_endpoint;

use crate::i18n::Lang;
use cognito_client::client::regional_endpoint;
use cognito_client::oauth::safe_return_path;
use cognito_client::password::PasswordPolicy;
use cognito_client::session::StoragePolicy;
use fields::{is_secret_key, optional_string, required_string, unknown_fields};
use problems::MAX_TOTP_ISSUER_CHARS;
use raw::{Object, RawConfig, RawEndpoints, Typed};
use serde_json::{Map, Value};
use urls::{is_loopback, split_url};

/// Where [`load`] fetches the configuration from by default.
///
/// ```no_run
/// # async fn example() {
/// use leptos_cognito::config::{load, DEFAULT_CONFIG_URL};
///
/// let config = load(DEFAULT_CONFIG_URL).await;
/// # let _ = config;
/// # }
/// ```
pub const DEFAULT_CONFIG_URL: &str = "/config.json";

const DEFAULT_APP_NAME: &str = "Leptos Cognito";

/// The validated configuration of the sign-in screens: read from
/// `config.json` by [`AuthProvider`](crate::AuthProvider), or given in code.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{AuthConfig, AuthProvider};
///
/// #[component]
/// fn Root() -> impl IntoView {
///     let config = AuthConfig::from_json(r#"{
///       "appName": "Example",
///       "region": "ap-northeast-1",
///       "userPoolId": "ap-northeast-1_AbC123xyz",
///       "userPoolClientId": "1example23456789"
///     }"#)
///     .expect("a valid configuration");
///     view! { <AuthProvider config>"…your app…"</AuthProvider> }
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthConfig {
    /// Shown at the top of every screen (`appName`, default "Leptos Cognito").
    pub app_name: String,
    /// A logo shown before the app name on every screen (`logo`): a path on
    /// the app's own origin, such as `/logo.svg`, so the strict CSP
    /// (`img-src 'self'`) allows it. `None`: the name alone.
    pub logo: Option<String>,
    /// The AWS region, e.g. `ap-northeast-1`.
    pub region: String,
    /// The user pool ID, `<region>_<id>`.
    pub user_pool_id: String,
    /// The app client ID; the client must have no secret.
    pub user_pool_client_id: String,
    /// The `cognito-idp` endpoint: `endpoints.userPool`, or the regional
    /// AWS endpoint. Always ends in `/`.
    pub user_pool_endpoint: String,
    /// The user pool's password policy, for the live hints on sign-up.
    pub password_policy: PasswordPolicy,
    /// What the pool's users sign in with (`usernameAttributes`, as the
    /// pool's `UsernameAttributes`): `email` (the default), `phone_number`,
    /// both, or none for a pool that signs in by username.
    pub username_attributes: Vec<UsernameAttribute>,
    /// In a username pool, what else signs in (`aliasAttributes`, as the
    /// pool's `AliasAttributes`).
    pub alias_attributes: Vec<AliasAttribute>,
    /// The sign-up form's fields after the username (`signUpAttributes`):
    /// the attributes the pool requires, and any others to ask for.
    /// Default: none where the username is an attribute, `email` in a
    /// username pool.
    pub sign_up_fields: Vec<SignUpField>,
    /// The issuer an authenticator app lists the account under
    /// (`totpIssuer`, default `appName`): the `issuer` of the `otpauth://` URI.
    pub totp_issuer: String,
    /// The language setting.
    pub locale: LocaleSetting,
    /// Social sign-in through the user pool domain (`oauth`), if configured.
    pub oauth: Option<OAuthConfig>,
    /// Where the tokens are kept (`tokenStorage`, default `session`;
    /// `refreshTokenInLocalStorage`).
    pub token_storage: StoragePolicy,
    /// Seconds of clock skew allowed when checking a token's `exp` and `iat`
    /// (`clockSkewSeconds`, 0 to 300, default 60).
    pub clock_skew_seconds: i64,
    /// The identity pool for temporary AWS credentials (`identityPoolId`,
    /// `endpoints.identityPool`), if configured.
    pub identity_pool: Option<IdentityPoolConfig>,
    /// The APIs the account page calls with the user's token (`api`).
    pub api: ApiConfig,
    /// How password sign-in works (`authFlowType`, default `USER_SRP_AUTH`).
    pub auth_flow_type: AuthFlowType,
    /// The user pool's MFA setting (`mfa`, default `OFF`: see
    /// [`MfaConfiguration`] for why): whether the account page offers an
    /// authenticator app.
    pub mfa: MfaConfiguration,
}

impl AuthConfig {
    /// A configuration with the defaults for everything but the three
    /// required values, validated.
    ///
    /// ```
    /// let config = leptos_cognito::AuthConfig::new(
    ///     "ap-northeast-1", "ap-northeast-1_AbC123xyz", "1example23456789",
    /// ).unwrap();
    /// assert_eq!(config.user_pool_endpoint, "https://cognito-idp.ap-northeast-1.amazonaws.com/");
    /// ```
    pub fn new(
        region: &str,
        user_pool_id: &str,
        user_pool_client_id: &str,
    ) -> Result<Self, Vec<ConfigProblem>> {
        let mut map = Map::new();
        map.insert("region".into(), region.into());
        map.insert("userPoolId".into(), user_pool_id.into());
        map.insert("userPoolClientId".into(), user_pool_client_id.into());
        Self::from_value(&Value::Object(map))
    }

    /// Parses and validates the text of `config.json` (or of an Amplify Gen 2
    /// `amplify_outputs.json`: see [`Self::from_value`]), reporting every
    /// problem.
    ///
    /// ```
    /// use leptos_cognito::{AuthConfig, ConfigProblem};
    ///
    /// let config = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789"
    /// }"#).unwrap();
    /// assert_eq!(config.app_name, "Leptos Cognito");
    ///
    /// // Every problem at once, not the first one only.
    /// let problems = AuthConfig::from_json(r#"{ "region": "Tokyo" }"#).unwrap_err();
    /// assert!(problems.contains(&ConfigProblem::BadRegion { value: "Tokyo".into() }));
    /// assert!(problems.iter().any(|p| matches!(p, ConfigProblem::Missing { field: "userPoolId", .. })));
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Vec<ConfigProblem>> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![ConfigProblem::NotJson {
                detail: e.to_string(),
            }]
        })?;
        Self::from_value(&value)
    }

    /// Validates an already parsed `config.json`, reporting every problem.
    ///
    /// An Amplify Gen 2 `amplify_outputs.json` (an object with `version` or
    /// `auth` and none of `config.json`'s keys) is read as its `auth`
    /// section says, with the defaults of `config.json` for the rest; its
    /// problems name the outputs' own paths (`auth.user_pool_id`). Which
    /// fields map to what, and which are ignored, is listed in the
    /// `amplify` module.
    ///
    /// ```
    /// let outputs = r#"{
    ///   "version": "1.4",
    ///   "auth": {
    ///     "aws_region": "ap-northeast-1",
    ///     "user_pool_id": "ap-northeast-1_AbC123xyz",
    ///     "user_pool_client_id": "1example23456789",
    ///     "mfa_configuration": "OPTIONAL",
    ///     "mfa_methods": ["TOTP"]
    ///   }
    /// }"#;
    /// let config = leptos_cognito::AuthConfig::from_json(outputs).unwrap();
    /// assert_eq!(config.mfa, leptos_cognito::MfaConfiguration::Optional);
    /// ```
    pub fn from_value(value: &Value) -> Result<Self, Vec<ConfigProblem>> {
        let Some(map) = value.as_object() else {
            return Err(vec![ConfigProblem::NotAnObject]);
        };
        if amplify::is_amplify_outputs(map) {
            return from_amplify_outputs(map);
        }
        // A secret is refused before anything else is looked at: it must
        // not be deployed, whatever else is right.
        let mut problems = Vec::new();
        find_secrets(map, "", &mut problems);
        // An object always reads: values of the wrong type and unknown keys
        // are kept, to be reported with the rest.
        match Object::<RawConfig>::read(value.clone()) {
            Typed::Right(raw) => validate(raw, problems),
            Typed::Wrong(_) => Err(vec![ConfigProblem::NotAnObject]),
        }
    }

    /// Whether the user pool endpoint is a loopback address: the local
    /// emulator, which has a mailbox page.
    ///
    /// ```
    /// use leptos_cognito::AuthConfig;
    ///
    /// let local = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789",
    ///   "endpoints": { "userPool": "http://127.0.0.1:9229/" }
    /// }"#).unwrap();
    /// assert!(local.is_local_emulator());
    ///
    /// let aws = AuthConfig::new("ap-northeast-1", "ap-northeast-1_AbC123xyz", "1example23456789")
    ///     .unwrap();
    /// assert!(!aws.is_local_emulator());
    /// ```
    pub fn is_local_emulator(&self) -> bool {
        split_url(&self.user_pool_endpoint)
            .map(|u| is_loopback(u.host))
            .unwrap_or(false)
    }

    /// The local emulator's mailbox page, when the endpoint is loopback.
    ///
    /// ```
    /// use leptos_cognito::AuthConfig;
    ///
    /// let local = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789",
    ///   "endpoints": { "userPool": "http://127.0.0.1:9229/" }
    /// }"#).unwrap();
    /// assert_eq!(local.mailbox_url().as_deref(), Some("http://127.0.0.1:9229/_local/mailbox"));
    /// ```
    pub fn mailbox_url(&self) -> Option<String> {
        self.is_local_emulator().then(|| {
            format!(
                "{}/_local/mailbox",
                self.user_pool_endpoint.trim_end_matches('/')
            )
        })
    }

    /// Where a sign-in (password or social) goes on to: `requested`
    /// (`?returnTo=`) if it is allowed by `oauth.returnPaths` — `["/account"]`
    /// without an `oauth` block — else the first allowed path. The core's
    /// [`safe_return_path`] decides: same-origin paths only, exact matches.
    pub(crate) fn return_path(&self, requested: Option<&str>) -> String {
        match &self.oauth {
            Some(oauth) => safe_return_path(requested, &oauth.return_paths),
            None => safe_return_path(requested, &DEFAULT_RETURN_PATHS.map(str::to_owned)),
        }
    }

    /// Whether sign-up asks for `attribute`.
    ///
    /// ```
    /// use leptos_cognito::{AuthConfig, SignUpAttribute};
    ///
    /// let config = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789",
    ///   "signUpAttributes": ["email", "name"]
    /// }"#).unwrap();
    /// assert!(config.asks_for(SignUpAttribute::NAME));
    /// assert!(config.asks_for(SignUpAttribute::EMAIL)); // the username
    /// ```
    pub fn asks_for(&self, attribute: SignUpAttribute) -> bool {
        let username = self.sign_in_with().username_attribute();
        attribute.standard().is_some_and(|a| Some(a) == username)
            || self.sign_up_fields.iter().any(|f| f.attribute == attribute)
    }

    /// What the pool's users type to sign in, from `usernameAttributes`
    /// and `aliasAttributes`.
    ///
    /// ```
    /// use leptos_cognito::{AuthConfig, SignInWith};
    ///
    /// let config = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789",
    ///   "usernameAttributes": [],
    ///   "aliasAttributes": ["email"]
    /// }"#).unwrap();
    /// assert_eq!(config.sign_in_with(), SignInWith::Username { email: true, phone_number: false });
    /// ```
    pub fn sign_in_with(&self) -> SignInWith {
        SignInWith::of(&self.username_attributes, &self.alias_attributes)
    }

    /// The `iss` of the pool's tokens:
    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, or the same
    /// shape under the configured endpoint (the local emulator's issuer is
    /// `http://127.0.0.1:9229/{userPoolId}`). Its key set is at
    /// `<issuer>/.well-known/jwks.json`.
    ///
    /// ```
    /// use leptos_cognito::AuthConfig;
    ///
    /// let config = AuthConfig::new("ap-northeast-1", "ap-northeast-1_AbC123xyz", "1example23456789")
    ///     .unwrap();
    /// assert_eq!(
    ///     config.issuer(),
    ///     "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_AbC123xyz",
    /// );
    /// ```
    pub fn issuer(&self) -> String {
        format!(
            "{}/{}",
            self.user_pool_endpoint.trim_end_matches('/'),
            self.user_pool_id
        )
    }
}

/// Fetches and validates the configuration at `url` (normally
/// [`DEFAULT_CONFIG_URL`]). Browser only.
///
/// ```no_run
/// # async fn example() {
/// use leptos_cognito::config::load;
///
/// match load("/auth/config.json").await {
///     Ok(config) => println!("user pool {}", config.user_pool_id),
///     Err(problems) => {
///         for problem in problems {
///             println!("config.json: {problem}");
///         }
///     }
/// }
/// # }
/// ```
pub async fn load(url: &str) -> Result<AuthConfig, Vec<ConfigProblem>> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| {
            vec![ConfigProblem::Unreachable {
                url: url.to_owned(),
                detail: e.to_string(),
            }]
        })?;
    if !response.ok() {
        return Err(vec![ConfigProblem::HttpStatus {
            url: url.to_owned(),
            status: response.status(),
        }]);
    }
    let text = response.text().await.map_err(|e| {
        vec![ConfigProblem::Unreachable {
            url: url.to_owned(),
            detail: e.to_string(),
        }]
    })?;
    if text.trim_start().starts_with('<') {
        return Err(vec![ConfigProblem::HtmlInsteadOfJson {
            url: url.to_owned(),
        }]);
    }
    AuthConfig::from_json(&text)
}

/// An Amplify Gen 2 `amplify_outputs.json` ([`amplify`]): secrets refused,
/// the `auth` section translated and checked as `config.json` would be,
/// every problem named by the outputs' own paths.
fn from_amplify_outputs(map: &Map<String, Value>) -> Result<AuthConfig, Vec<ConfigProblem>> {
    let mut problems = Vec::new();
    find_secrets(map, "", &mut problems);
    let Some(config) = amplify::to_config_json(map, &mut problems) else {
        return Err(problems);
    };
    let checked = match Object::<RawConfig>::read(Value::Object(config)) {
        Typed::Right(raw) => validate(raw, Vec::new()),
        Typed::Wrong(_) => Err(vec![ConfigProblem::NotAnObject]),
    };
    match checked {
        Ok(config) if problems.is_empty() => Ok(config),
        Ok(_) => Err(problems),
        Err(found) => {
            problems.extend(found.into_iter().map(amplify::in_outputs_terms));
            Err(problems)
        }
    }
}

/// Checks everything in `raw` in one pass and builds the configuration, or
/// lists every problem: the `secrets` found first, then the rest.
fn validate(
    Object {
        known: raw,
        unknown,
    }: Object<RawConfig>,
    secrets: Vec<ConfigProblem>,
) -> Result<AuthConfig, Vec<ConfigProblem>> {
    let mut problems = secrets;
    let p = &mut problems;
    unknown_fields::<RawConfig>(&unknown, "", p);

    let app_name = optional_string(raw.app_name, "appName", p)
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_APP_NAME.to_owned());

    let logo = optional_string(raw.logo, "logo", p).filter(|path| {
        // One of the app's own paths: `/x`, not `//host/x`, nothing a URL
        // or the attribute would read otherwise.
        let ok = path.starts_with('/')
            && !path.starts_with("//")
            && !path.chars().any(|c| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\')
            });
        if !ok {
            p.push(ConfigProblem::BadLogo {
                value: path.clone(),
            });
        }
        ok
    });

    let region = required_string(raw.region, "region", "ap-northeast-1", p);
    if let Some(r) = &region {
        if !is_region(r) {
            p.push(ConfigProblem::BadRegion { value: r.clone() });
        }
    }

    let user_pool_id = required_string(
        raw.user_pool_id,
        "userPoolId",
        "ap-northeast-1_AbC123xyz",
        p,
    );
    if let Some(id) = &user_pool_id {
        match parse_user_pool_id(id) {
            None => p.push(ConfigProblem::BadUserPoolId { value: id.clone() }),
            Some(pool_region) => {
                if let Some(r) = region.as_deref().filter(|r| is_region(r)) {
                    if pool_region != r {
                        p.push(ConfigProblem::UserPoolRegionMismatch {
                            pool_region: pool_region.to_owned(),
                            region: r.to_owned(),
                        });
                    }
                }
            }
        }
    }

    let client_id = required_string(
        raw.user_pool_client_id,
        "userPoolClientId",
        "1example23456789",
        p,
    );
    if let Some(id) = &client_id {
        if !is_client_id(id) {
            p.push(ConfigProblem::BadClientId { value: id.clone() });
        }
    }

    let mut identity_pool_endpoint = None;
    let endpoint = match raw.endpoints.map(Object::read) {
        None => None,
        Some(Typed::Right(Object {
            known:
                RawEndpoints {
                    user_pool,
                    identity_pool,
                },
            unknown,
        })) => {
            unknown_fields::<RawEndpoints>(&unknown, "endpoints.", p);
            identity_pool_endpoint = identity_pool;
            optional_string(user_pool, "endpoints.userPool", p)
                .and_then(|url| parse_endpoint(&url).map_err(|problem| p.push(problem)).ok())
        }
        Some(Typed::Wrong(_)) => {
            p.push(ConfigProblem::NotObject {
                field: "endpoints".into(),
            });
            None
        }
    };

    let password_policy = match raw.password_policy {
        None => PasswordPolicy::default(),
        Some(v) => match serde_json::from_value::<PasswordPolicy>(v) {
            Ok(policy) => {
                if let Err(detail) = policy.validate() {
                    p.push(ConfigProblem::PasswordPolicy { detail });
                }
                policy
            }
            Err(e) => {
                p.push(ConfigProblem::PasswordPolicy {
                    detail: e.to_string(),
                });
                PasswordPolicy::default()
            }
        },
    };

    let alias_attributes = alias_attributes(raw.alias_attributes, p);
    // Aliases belong to a username pool: with them, an absent
    // `usernameAttributes` means none rather than the email default.
    let username_attributes = match raw.username_attributes {
        None if !alias_attributes.is_empty() => Vec::new(),
        value => username_attributes(value, p),
    };
    if !username_attributes.is_empty() && !alias_attributes.is_empty() {
        p.push(ConfigProblem::UsernameAndAliasAttributes);
    }
    let sign_in_with = SignInWith::of(&username_attributes, &alias_attributes);
    let sign_up_fields = sign_up_fields(raw.sign_up_attributes, sign_in_with, p);
    if alias_attributes.contains(&AliasAttribute::PreferredUsername)
        && sign_up_fields
            .iter()
            .any(|f| f.attribute.standard() == Some(StandardAttribute::PreferredUsername))
    {
        p.push(ConfigProblem::PreferredUsernameAtSignUp);
    }

    let totp_issuer = totp_issuer(raw.totp_issuer, p).unwrap_or_else(|| app_name.clone());

    let locale = match optional_string(raw.locale, "locale", p).as_deref() {
        None | Some("auto") => LocaleSetting::Auto,
        Some(code) => match Lang::from_code(code) {
            Some(lang) => LocaleSetting::Fixed(lang),
            None => {
                p.push(ConfigProblem::BadLocale {
                    value: code.to_owned(),
                });
                LocaleSetting::Auto
            }
        },
    };

    let oauth = oauth::validate_oauth(raw.oauth.map(Object::read), p);

    let token_storage =
        session::storage_policy(raw.token_storage, raw.refresh_token_in_local_storage, p);
    let clock_skew_seconds = session::clock_skew(raw.clock_skew_seconds, p);
    let identity_pool = session::identity_pool(
        raw.identity_pool_id,
        identity_pool_endpoint,
        region.as_deref(),
        p,
    );
    let api = session::api(raw.api.map(Object::read), p);
    let auth_flow_type = match optional_string(raw.auth_flow_type, "authFlowType", p) {
        None => AuthFlowType::default(),
        Some(name) => AuthFlowType::from_name(&name).unwrap_or_else(|| {
            p.push(ConfigProblem::BadAuthFlowType { value: name });
            AuthFlowType::default()
        }),
    };
    let mfa = match optional_string(raw.mfa, "mfa", p) {
        None => MfaConfiguration::default(),
        Some(name) => MfaConfiguration::from_name(&name).unwrap_or_else(|| {
            p.push(ConfigProblem::BadMfa { value: name });
            MfaConfiguration::default()
        }),
    };

    match (region, user_pool_id, client_id) {
        (Some(region), Some(user_pool_id), Some(user_pool_client_id)) if problems.is_empty() => {
            Ok(AuthConfig {
                app_name,
                logo,
                user_pool_endpoint: endpoint.unwrap_or_else(|| regional_endpoint(&region)),
                region,
                user_pool_id,
                user_pool_client_id,
                password_policy,
                username_attributes,
                alias_attributes,
                sign_up_fields,
                totp_issuer,
                locale,
                oauth,
                token_storage,
                clock_skew_seconds,
                identity_pool,
                api,
                auth_flow_type,
                mfa,
            })
        }
        _ => Err(problems),
    }
}

/// Every key, at any depth (objects and lists), that holds or names a
/// secret.
fn find_secrets(map: &Map<String, Value>, prefix: &str, problems: &mut Vec<ConfigProblem>) {
    fn walk(value: &Value, path: &str, problems: &mut Vec<ConfigProblem>) {
        match value {
            Value::Object(inner) => find_secrets(inner, &format!("{path}."), problems),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), problems);
                }
            }
            _ => {}
        }
    }
    for (key, value) in map {
        let path = format!("{prefix}{key}");
        if is_secret_key(key) {
            problems.push(ConfigProblem::ClientSecret { field: path });
        } else {
            walk(value, &path, problems);
        }
    }
}

/// `totpIssuer`: a short, printable name. It may hold spaces and colons: the
/// `otpauth://` URI percent-encodes it (`cognito_client::totp::otpauth_uri`).
fn totp_issuer(value: Option<Value>, problems: &mut Vec<ConfigProblem>) -> Option<String> {
    let value = optional_string(value, "totpIssuer", problems)?;
    let issuer = value.trim();
    if issuer.is_empty() {
        problems.push(ConfigProblem::Empty {
            field: "totpIssuer".into(),
        });
        return None;
    }
    if issuer.chars().count() > MAX_TOTP_ISSUER_CHARS || issuer.chars().any(char::is_control) {
        problems.push(ConfigProblem::BadTotpIssuer { value });
        return None;
    }
    Some(issuer.to_owned())
}

/// The names in the list at `field`, each turned into `T` by `parse` or
/// reported by `bad`; repeats dropped.
fn attribute_list<T: PartialEq>(
    value: Value,
    field: &str,
    parse: impl Fn(&str) -> Option<T>,
    bad: impl Fn(String) -> ConfigProblem,
    p: &mut Vec<ConfigProblem>,
) -> Vec<T> {
    let Typed::Right(items) = Typed::list(value) else {
        p.push(ConfigProblem::NotList {
            field: field.into(),
        });
        return Vec::new();
    };
    let mut list = Vec::new();
    for item in items {
        match Typed::string(item) {
            Typed::Right(name) => match parse(&name) {
                Some(a) if !list.contains(&a) => list.push(a),
                Some(_) => {}
                None => p.push(bad(name)),
            },
            Typed::Wrong(_) => p.push(ConfigProblem::NotList {
                field: field.into(),
            }),
        }
    }
    list
}

/// `usernameAttributes`: default `["email"]`, the app's first kind of pool.
fn username_attributes(value: Option<Value>, p: &mut Vec<ConfigProblem>) -> Vec<UsernameAttribute> {
    match value {
        None => vec![UsernameAttribute::Email],
        Some(v) => attribute_list(
            v,
            "usernameAttributes",
            UsernameAttribute::from_name,
            |value| ConfigProblem::BadUsernameAttribute { value },
            p,
        ),
    }
}

/// `aliasAttributes`: default none.
fn alias_attributes(value: Option<Value>, p: &mut Vec<ConfigProblem>) -> Vec<AliasAttribute> {
    value.map_or_else(Vec::new, |v| {
        attribute_list(
            v,
            "aliasAttributes",
            AliasAttribute::from_name,
            |value| ConfigProblem::BadAliasAttribute { value },
            p,
        )
    })
}

/// `signUpAttributes`: attribute names (asked for and required), or
/// `{ "name", "label", "required" }` objects; the username attribute is the
/// sign-up form's first field already, so it is left out here.
fn sign_up_fields(
    value: Option<Value>,
    sign_in_with: SignInWith,
    p: &mut Vec<ConfigProblem>,
) -> Vec<SignUpField> {
    let username = sign_in_with.username_attribute();
    let Some(value) = value else {
        return match username {
            None => vec![SignUpField::required(SignUpAttribute::EMAIL)],
            Some(_) => Vec::new(),
        };
    };
    let Typed::Right(items) = Typed::list(value) else {
        p.push(ConfigProblem::NotList {
            field: "signUpAttributes".into(),
        });
        return Vec::new();
    };
    let fields = items
        .into_iter()
        .enumerate()
        .filter_map(|(index, item)| sign_up_field(item, index, p))
        .collect();
    attribute::after_username(fields, sign_in_with)
}

/// One item of `signUpAttributes`.
fn sign_up_field(item: Value, index: usize, p: &mut Vec<ConfigProblem>) -> Option<SignUpField> {
    let path = format!("signUpAttributes[{index}]");
    let attribute = |name: String, p: &mut Vec<ConfigProblem>| {
        let a = SignUpAttribute::from_name(&name);
        if a.is_none() {
            p.push(ConfigProblem::UnknownAttribute { value: name });
        }
        a
    };
    match item {
        Value::String(name) => attribute(name, p).map(SignUpField::required),
        Value::Object(mut map) => {
            const KEYS: [&str; 3] = ["name", "label", "required"];
            for key in map.keys().filter(|k| !KEYS.contains(&k.as_str())) {
                p.push(ConfigProblem::UnknownField {
                    field: format!("{path}.{key}"),
                    allowed: KEYS.to_vec(),
                });
            }
            let name = required_string(
                map.remove("name"),
                "signUpAttributes[].name",
                "\"custom:company\"",
                p,
            )?;
            let label = optional_string(map.remove("label"), &format!("{path}.label"), p)
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty());
            let required = match map.remove("required") {
                None => true,
                Some(Value::Bool(b)) => b,
                Some(_) => {
                    p.push(ConfigProblem::NotBool {
                        field: format!("{path}.required"),
                    });
                    true
                }
            };
            let attribute = attribute(name, p)?;
            Some(SignUpField {
                attribute,
                required,
                label,
            })
        }
        _ => {
            p.push(ConfigProblem::NotList {
                field: "signUpAttributes".into(),
            });
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn minimal() -> Value {
        json!({
            "region": "ap-northeast-1",
            "userPoolId": "ap-northeast-1_Local",
            "userPoolClientId": "localclient"
        })
    }

    fn problems(value: Value) -> Vec<ConfigProblem> {
        AuthConfig::from_value(&value).expect_err("config should be refused")
    }

    fn with(mut base: Value, key: &str, value: Value) -> Value {
        base.as_object_mut().unwrap().insert(key.into(), value);
        base
    }

    #[test]
    fn minimal_config_gets_the_defaults() {
        let c = AuthConfig::from_value(&minimal()).unwrap();
        assert_eq!(c.app_name, "Leptos Cognito");
        assert_eq!(
            c.user_pool_endpoint,
            "https://cognito-idp.ap-northeast-1.amazonaws.com/"
        );
        assert_eq!(c.password_policy, PasswordPolicy::default());
        assert_eq!(c.sign_in_with(), SignInWith::Email);
        assert!(c.sign_up_fields.is_empty());
        assert_eq!(c.locale, LocaleSetting::Auto);
        assert_eq!(c.totp_issuer, "Leptos Cognito", "defaults to appName");
        assert_eq!(c.auth_flow_type, AuthFlowType::UserSrpAuth);
        assert_eq!(
            c.mfa,
            MfaConfiguration::Off,
            "no set-up offered unless said"
        );
        assert!(!c.is_local_emulator());
        assert_eq!(c.mailbox_url(), None);
    }

    #[test]
    fn the_shipped_public_config_is_valid_and_points_at_the_emulator() {
        let text = include_str!("../../public/config.json");
        let c = AuthConfig::from_json(text).unwrap();
        assert_eq!(c.user_pool_endpoint, "http://127.0.0.1:9229/");
        assert_eq!(c.user_pool_id, "ap-northeast-1_Local");
        assert_eq!(c.user_pool_client_id, "localclient");
        assert_eq!(c.password_policy, PasswordPolicy::default());
        assert!(c.asks_for(SignUpAttribute::NAME));
        assert_eq!(c.auth_flow_type, AuthFlowType::UserSrpAuth);
        assert_eq!(c.mfa, MfaConfiguration::Optional);
        assert_eq!(
            c.mailbox_url().as_deref(),
            Some("http://127.0.0.1:9229/_local/mailbox")
        );
    }

    #[test]
    fn the_shipped_config_offers_what_the_emulator_seed_pool_allows() {
        // The seed's first pool is the one public/config.json names.
        let seed = include_str!("../../crates/cognito-emulator/seed.toml");
        let pool_mfa = seed
            .lines()
            .find_map(|line| line.trim().strip_prefix("mfa_configuration = "))
            .map(|value| value.trim_matches('"'))
            .expect("the seed pool's mfa_configuration");
        let c = AuthConfig::from_json(include_str!("../../public/config.json")).unwrap();
        assert_eq!(c.mfa.name(), pool_mfa);
    }

    #[test]
    fn mfa_is_cognitos_mfa_configuration_and_nothing_else() {
        for (name, mfa) in [
            ("OFF", MfaConfiguration::Off),
            ("OPTIONAL", MfaConfiguration::Optional),
            ("ON", MfaConfiguration::On),
        ] {
            let c = AuthConfig::from_value(&with(minimal(), "mfa", json!(name))).unwrap();
            assert_eq!(c.mfa, mfa, "{name}");
        }
        // Amplify's words and other spellings are refused in config.json.
        for bad in ["NONE", "REQUIRED", "optional", "TOTP", ""] {
            let p = problems(with(minimal(), "mfa", json!(bad)));
            assert_eq!(
                p,
                vec![ConfigProblem::BadMfa { value: bad.into() }],
                "{bad}"
            );
            let text = p[0].to_string();
            assert!(
                text.contains("\"OFF\"")
                    && text.contains("\"OPTIONAL\"")
                    && text.contains("\"ON\""),
                "{text}"
            );
            let ja = p[0].notice().render(Lang::Ja);
            assert!(ja.contains("\"mfa\"") && ja.contains("OPTIONAL"), "{ja}");
        }
        assert_eq!(
            problems(with(minimal(), "mfa", json!(true))),
            vec![ConfigProblem::NotString {
                field: "mfa".into()
            }]
        );
        assert_eq!(
            AuthConfig::from_value(&with(minimal(), "mfa", Value::Null))
                .unwrap()
                .mfa,
            MfaConfiguration::Off,
            "null is absent"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let p = problems(json!({
            "region": "Tokyo",
            "userPoolId": "nope",
            "locale": "nl",
            "colour": "red"
        }));
        assert!(p.contains(&ConfigProblem::BadRegion {
            value: "Tokyo".into()
        }));
        assert!(p.contains(&ConfigProblem::BadUserPoolId {
            value: "nope".into()
        }));
        assert!(p.contains(&ConfigProblem::Missing {
            field: "userPoolClientId",
            example: "1example23456789"
        }));
        assert!(p.contains(&ConfigProblem::BadLocale { value: "nl".into() }));
        assert!(p
            .iter()
            .any(|p| matches!(p, ConfigProblem::UnknownField { field, .. } if field == "colour")));
        assert_eq!(p.len(), 5, "{p:?}");
    }

    #[test]
    fn unknown_fields_are_named_with_their_path() {
        let p = problems(with(
            minimal(),
            "endpoints",
            json!({"userPool": "https://x.example/", "identity": "y"}),
        ));
        assert_eq!(
            p,
            vec![ConfigProblem::UnknownField {
                field: "endpoints.identity".into(),
                allowed: vec!["userPool", "identityPool"]
            }]
        );
        assert!(p[0].to_string().contains("\"endpoints.identity\""));
    }

    #[test]
    fn any_secret_is_refused_with_the_fix() {
        for key in [
            "clientSecret",
            "client_secret",
            "userPoolClientSecret",
            "SECRET",
            "mySecretThing",
        ] {
            let p = problems(with(minimal(), key, json!("shh")));
            assert_eq!(
                p,
                vec![ConfigProblem::ClientSecret { field: key.into() }],
                "{key}"
            );
            let text = p[0].to_string();
            assert!(
                text.starts_with("config.json contains a client secret. A browser cannot keep a secret: create an app client without a secret (Cognito console → App clients → 'Don't generate a client secret')."),
                "{text}"
            );
        }
        let nested = problems(with(minimal(), "endpoints", json!({"clientSecret": "x"})));
        assert_eq!(
            nested,
            vec![ConfigProblem::ClientSecret {
                field: "endpoints.clientSecret".into()
            }]
        );
    }

    #[test]
    fn user_pool_region_must_match() {
        let p = problems(with(minimal(), "userPoolId", json!("us-east-1_AbC123")));
        assert_eq!(
            p,
            vec![ConfigProblem::UserPoolRegionMismatch {
                pool_region: "us-east-1".into(),
                region: "ap-northeast-1".into()
            }]
        );
        for bad in [
            "ap-northeast-1_",
            "_abc",
            "ap-northeast-1_a-b",
            "apnortheast_1",
        ] {
            assert_eq!(
                problems(with(minimal(), "userPoolId", json!(bad))),
                vec![ConfigProblem::BadUserPoolId { value: bad.into() }],
                "{bad}"
            );
        }
    }

    #[test]
    fn regions_and_client_ids() {
        for good in [
            "ap-northeast-1",
            "us-gov-west-1",
            "cn-north-1",
            "eu-central-2",
        ] {
            assert!(is_region(good), "{good}");
        }
        for bad in [
            "",
            "Tokyo",
            "ap-northeast",
            "ap--1",
            "AP-NORTHEAST-1",
            "ap-northeast-x",
        ] {
            assert!(!is_region(bad), "{bad}");
        }
        assert!(is_client_id("1example23456789"));
        assert!(is_client_id("local_client+1"));
        assert!(!is_client_id("has space"));
        assert!(!is_client_id(&"a".repeat(129)));
        assert_eq!(
            problems(with(minimal(), "userPoolClientId", json!("a/b"))),
            vec![ConfigProblem::BadClientId {
                value: "a/b".into()
            }]
        );
    }

    #[test]
    fn required_fields_must_be_non_empty_strings() {
        assert_eq!(
            problems(with(minimal(), "region", json!(" "))),
            vec![ConfigProblem::Empty {
                field: "region".into()
            }]
        );
        assert_eq!(
            problems(with(minimal(), "userPoolClientId", json!(42))),
            vec![ConfigProblem::NotString {
                field: "userPoolClientId".into()
            }]
        );
        assert_eq!(problems(json!([1])), vec![ConfigProblem::NotAnObject]);
        assert!(matches!(
            AuthConfig::from_json("{ not json").unwrap_err()[..],
            [ConfigProblem::NotJson { .. }]
        ));
    }

    #[test]
    fn endpoints_must_be_an_object_with_a_url() {
        let p = problems(with(minimal(), "endpoints", json!("http://127.0.0.1/")));
        assert_eq!(
            p,
            vec![ConfigProblem::NotObject {
                field: "endpoints".into()
            }]
        );
        let c = AuthConfig::from_value(&with(
            minimal(),
            "endpoints",
            json!({"userPool": "HTTP://127.0.0.1:9229"}),
        ))
        .unwrap();
        assert_eq!(c.user_pool_endpoint, "http://127.0.0.1:9229/");
        assert!(c.is_local_emulator());
        assert_eq!(
            problems(with(minimal(), "endpoints", json!({"userPool": 9229}))),
            vec![ConfigProblem::NotString {
                field: "endpoints.userPool".into()
            }]
        );
        assert_eq!(
            problems(with(
                minimal(),
                "endpoints",
                json!({"userPool": "http://cognito.example.com/"})
            )),
            vec![ConfigProblem::EndpointHttp {
                value: "http://cognito.example.com/".into()
            }]
        );
    }

    #[test]
    fn password_policy_is_checked() {
        let c = AuthConfig::from_value(&with(
            minimal(),
            "passwordPolicy",
            json!({"minimumLength": 8, "requireNumbers": true}),
        ))
        .unwrap();
        assert_eq!(c.password_policy.minimum_length, 8);
        assert!(!c.password_policy.require_symbols);

        let p = problems(with(
            minimal(),
            "passwordPolicy",
            json!({"minimumLength": 3}),
        ));
        assert!(
            matches!(&p[..], [ConfigProblem::PasswordPolicy { detail }] if detail.contains("6 to 99"))
        );
        let p = problems(with(
            minimal(),
            "passwordPolicy",
            json!({"minimumLength": 8, "minLength": 8}),
        ));
        assert!(
            matches!(&p[..], [ConfigProblem::PasswordPolicy { detail }] if detail.contains("minLength"))
        );
    }

    #[test]
    fn sign_up_fields_follow_the_pool() {
        use SignUpAttribute as A;
        // The username attribute is the form's first field, not listed again.
        let c = AuthConfig::from_value(&with(
            minimal(),
            "signUpAttributes",
            json!(["email", "name"]),
        ))
        .unwrap();
        assert_eq!(c.sign_up_fields, vec![SignUpField::required(A::NAME)]);
        assert!(c.asks_for(A::EMAIL) && c.asks_for(A::NAME));
        // Objects: a label, optional, custom attributes.
        let c = AuthConfig::from_value(&with(
            minimal(),
            "signUpAttributes",
            json!(["given_name", { "name": "custom:team", "label": " Team ", "required": false }]),
        ))
        .unwrap();
        assert_eq!(
            c.sign_up_fields,
            vec![
                SignUpField::required(A::Standard(StandardAttribute::GivenName)),
                SignUpField::optional(A::Custom("custom:team".into())).label("Team"),
            ]
        );
        // A username pool asks for email unless told otherwise.
        let c = AuthConfig::from_value(&with(minimal(), "usernameAttributes", json!([]))).unwrap();
        assert_eq!(
            c.sign_in_with(),
            SignInWith::Username {
                email: false,
                phone_number: false
            }
        );
        assert_eq!(c.sign_up_fields, vec![SignUpField::required(A::EMAIL)]);
        // A phone pool: the phone number is the username, email may be asked.
        let phone = with(minimal(), "usernameAttributes", json!(["phone_number"]));
        let c = AuthConfig::from_value(&with(
            phone,
            "signUpAttributes",
            json!(["email", "phone_number"]),
        ))
        .unwrap();
        assert_eq!(c.sign_up_fields, vec![SignUpField::required(A::EMAIL)]);

        let p = problems(with(
            minimal(),
            "signUpAttributes",
            json!(["sub", "custom:", { "name": "name", "required": "yes", "hint": 1 }, 3]),
        ));
        assert_eq!(
            p,
            vec![
                ConfigProblem::UnknownAttribute {
                    value: "sub".into()
                },
                ConfigProblem::UnknownAttribute {
                    value: "custom:".into()
                },
                ConfigProblem::UnknownField {
                    field: "signUpAttributes[2].hint".into(),
                    allowed: vec!["name", "label", "required"],
                },
                ConfigProblem::NotBool {
                    field: "signUpAttributes[2].required".into()
                },
                ConfigProblem::NotList {
                    field: "signUpAttributes".into()
                },
            ]
        );
        assert!(p[0].to_string().contains("given_name"), "{}", p[0]);
        assert_eq!(
            problems(with(minimal(), "signUpAttributes", json!("email"))),
            vec![ConfigProblem::NotList {
                field: "signUpAttributes".into()
            }]
        );
    }

    #[test]
    fn username_and_alias_attributes_are_the_pools() {
        let both = with(
            with(minimal(), "aliasAttributes", json!(["email"])),
            "usernameAttributes",
            json!(["email"]),
        );
        assert_eq!(
            problems(both),
            vec![ConfigProblem::UsernameAndAliasAttributes]
        );
        // Aliases alone: a username pool.
        let c =
            AuthConfig::from_value(&with(minimal(), "aliasAttributes", json!(["email"]))).unwrap();
        assert_eq!(
            c.sign_in_with(),
            SignInWith::Username {
                email: true,
                phone_number: false
            }
        );
        let users = with(minimal(), "usernameAttributes", json!([]));
        let aliased = with(
            users.clone(),
            "aliasAttributes",
            json!(["preferred_username", "phone_number"]),
        );
        let c = AuthConfig::from_value(&aliased).unwrap();
        assert_eq!(
            c.sign_in_with(),
            SignInWith::Username {
                email: false,
                phone_number: true
            }
        );
        assert_eq!(
            problems(with(
                aliased,
                "signUpAttributes",
                json!(["email", "preferred_username"])
            )),
            vec![ConfigProblem::PreferredUsernameAtSignUp]
        );
        assert_eq!(
            problems(with(users.clone(), "aliasAttributes", json!(["username"]))),
            vec![ConfigProblem::BadAliasAttribute {
                value: "username".into()
            }]
        );
        assert_eq!(
            problems(with(
                minimal(),
                "usernameAttributes",
                json!(["email", "username"])
            )),
            vec![ConfigProblem::BadUsernameAttribute {
                value: "username".into()
            }]
        );
        let c = AuthConfig::from_value(&with(
            minimal(),
            "usernameAttributes",
            json!(["phone_number", "email"]),
        ))
        .unwrap();
        assert_eq!(c.sign_in_with(), SignInWith::EmailOrPhoneNumber);
        assert_eq!(
            problems(with(minimal(), "usernameAttributes", json!("email"))),
            vec![ConfigProblem::NotList {
                field: "usernameAttributes".into()
            }]
        );
    }

    #[test]
    fn the_logo_is_a_path_on_the_apps_own_origin() {
        let c = AuthConfig::from_value(&with(minimal(), "logo", json!("/brand/logo.svg"))).unwrap();
        assert_eq!(c.logo.as_deref(), Some("/brand/logo.svg"));
        assert_eq!(AuthConfig::from_value(&minimal()).unwrap().logo, None);
        for bad in [
            "https://cdn.example/logo.svg",
            "//cdn.example/l.svg",
            "logo.svg",
            "/a b.svg",
            "/x\"onload=\"y",
        ] {
            let p = problems(with(minimal(), "logo", json!(bad)));
            assert_eq!(
                p,
                vec![ConfigProblem::BadLogo { value: bad.into() }],
                "{bad}"
            );
            assert!(p[0].notice().render(Lang::Ja).contains("logo"));
        }
    }

    #[test]
    fn locale_and_app_name() {
        let c = AuthConfig::from_value(&with(
            with(minimal(), "locale", json!("ja")),
            "appName",
            json!("  Shop  "),
        ))
        .unwrap();
        assert_eq!(c.locale, LocaleSetting::Fixed(Lang::Ja));
        assert_eq!(c.app_name, "Shop");
    }

    #[test]
    fn totp_issuer_defaults_to_the_app_name_and_is_checked() {
        let c = AuthConfig::from_value(&with(minimal(), "appName", json!("Shop"))).unwrap();
        assert_eq!(c.totp_issuer, "Shop");
        let c = AuthConfig::from_value(&with(
            with(minimal(), "appName", json!("Shop")),
            "totpIssuer",
            json!("  Acme: Sign In "),
        ))
        .unwrap();
        assert_eq!(
            c.totp_issuer, "Acme: Sign In",
            "trimmed; spaces and colons kept"
        );
        assert_eq!(
            problems(with(minimal(), "totpIssuer", json!(" "))),
            vec![ConfigProblem::Empty {
                field: "totpIssuer".into()
            }]
        );
        assert_eq!(
            problems(with(minimal(), "totpIssuer", json!(7))),
            vec![ConfigProblem::NotString {
                field: "totpIssuer".into()
            }]
        );
        for bad in ["Acme\nCorp".to_owned(), "x".repeat(65)] {
            let p = problems(with(minimal(), "totpIssuer", json!(bad)));
            assert_eq!(p, vec![ConfigProblem::BadTotpIssuer { value: bad.clone() }]);
            assert!(p[0].to_string().contains("64"), "{}", p[0]);
            assert!(p[0].notice().render(Lang::Ja).contains("totpIssuer"));
        }
        assert!(
            AuthConfig::from_value(&with(minimal(), "totpIssuer", json!("x".repeat(64)))).is_ok()
        );
    }

    #[test]
    fn sign_in_returns_only_to_allowed_paths() {
        // No oauth block: the default allow-list, `/account`.
        let plain = AuthConfig::from_value(&minimal()).unwrap();
        assert_eq!(plain.oauth, None);
        for requested in [
            None,
            Some("/account"),
            Some("//evil.example"),
            Some("https://evil.example/"),
            Some("/welcome"),
            Some("javascript:alert(1)"),
        ] {
            assert_eq!(plain.return_path(requested), "/account", "{requested:?}");
        }
        assert_eq!(
            plain.return_path(Some("/account?tab=mfa")),
            "/account?tab=mfa"
        );
        // With one: its returnPaths, the first being the default.
        let oauth = AuthConfig::from_value(&with(
            minimal(),
            "oauth",
            json!({
                "domain": "https://auth.example.com",
                "redirectSignIn": "https://app.example.com/callback",
                "redirectSignOut": "https://app.example.com/",
                "providers": [],
                "returnPaths": ["/home", "/welcome"]
            }),
        ))
        .unwrap();
        assert_eq!(oauth.return_path(Some("/welcome")), "/welcome");
        assert_eq!(oauth.return_path(None), "/home");
        for evil in [
            "//evil.example",
            "https://evil.example/",
            "/account",
            "/welcome/../admin",
        ] {
            assert_eq!(oauth.return_path(Some(evil)), "/home", "{evil}");
        }
    }

    #[test]
    fn every_problem_has_a_japanese_message_too() {
        let p = ConfigProblem::EndpointHttp {
            value: "http://x.example/".into(),
        };
        let ja = p.notice().render(Lang::Ja);
        assert!(
            ja.contains("http://x.example/") && ja.contains("ローカル"),
            "{ja}"
        );
    }

    #[test]
    fn auth_flow_type_is_srp_or_password_and_nothing_else() {
        let c = AuthConfig::from_value(&with(
            minimal(),
            "authFlowType",
            json!("USER_PASSWORD_AUTH"),
        ))
        .unwrap();
        assert_eq!(c.auth_flow_type, AuthFlowType::UserPasswordAuth);
        let c = AuthConfig::from_value(&with(minimal(), "authFlowType", json!("USER_SRP_AUTH")))
            .unwrap();
        assert_eq!(c.auth_flow_type, AuthFlowType::UserSrpAuth);
        for bad in ["ALLOW_USER_SRP_AUTH", "srp", "CUSTOM_AUTH", ""] {
            let p = problems(with(minimal(), "authFlowType", json!(bad)));
            assert_eq!(
                p,
                vec![ConfigProblem::BadAuthFlowType { value: bad.into() }],
                "{bad}"
            );
            let text = p[0].to_string();
            assert!(
                text.contains("ALLOW_USER_SRP_AUTH") && text.contains("ALLOW_USER_PASSWORD_AUTH"),
                "{text}"
            );
            assert!(p[0].notice().render(Lang::Ja).contains("authFlowType"));
        }
        assert_eq!(
            problems(with(minimal(), "authFlowType", json!(["USER_SRP_AUTH"]))),
            vec![ConfigProblem::NotString {
                field: "authFlowType".into()
            }]
        );
    }
}
