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
//!   "signUpAttributes": ["email", "name"],
//!   "totpIssuer": "Example",
//!   "locale": "auto"
//! }
//! ```

pub use crate::federation::{IdentityProvider, OAuthConfig, OAuthProblem, SocialProvider};
use crate::i18n::{Lang, Msg, Notice};
use cognito_client::client::{region_of_user_pool, regional_endpoint};
use cognito_client::oauth::safe_return_path;
use cognito_client::password::PasswordPolicy;
use serde_json::{Map, Value};
use std::fmt;

/// Where [`load`] fetches the configuration from by default.
pub const DEFAULT_CONFIG_URL: &str = "/config.json";

const DEFAULT_APP_NAME: &str = "Leptos Cognito";

/// Authenticator apps show the issuer in a list row; longer names get cut.
const MAX_TOTP_ISSUER_CHARS: usize = 64;

const TOP_LEVEL_FIELDS: &[&str] = &[
    "appName",
    "region",
    "userPoolId",
    "userPoolClientId",
    "endpoints",
    "passwordPolicy",
    "signUpAttributes",
    "totpIssuer",
    "locale",
    "oauth",
];
const ENDPOINT_FIELDS: &[&str] = &["userPool"];

/// The validated configuration of the sign-in screens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthConfig {
    /// Shown at the top of every screen (`appName`, default "Leptos Cognito").
    pub app_name: String,
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
    /// The attributes asked for on sign-up; `email` (the username) is always first.
    pub sign_up_attributes: Vec<SignUpAttribute>,
    /// The issuer an authenticator app lists the account under
    /// (`totpIssuer`, default `appName`): the `issuer` of the `otpauth://` URI.
    pub totp_issuer: String,
    /// The language setting.
    pub locale: LocaleSetting,
    /// Social sign-in through the user pool domain (`oauth`), if configured.
    pub oauth: Option<OAuthConfig>,
}

/// A user attribute the sign-up screen can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignUpAttribute {
    /// `email`: always asked for, it is the username.
    Email,
    /// `name`: the user's full name.
    Name,
}

impl SignUpAttribute {
    /// Every supported attribute.
    pub const ALL: [SignUpAttribute; 2] = [SignUpAttribute::Email, SignUpAttribute::Name];

    /// The Cognito attribute name.
    pub fn name(self) -> &'static str {
        match self {
            SignUpAttribute::Email => "email",
            SignUpAttribute::Name => "name",
        }
    }
}

/// Which language the screens start in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LocaleSetting {
    /// Follow the browser (`navigator.language`).
    #[default]
    Auto,
    /// Always start in this language (the user can still switch).
    Fixed(Lang),
}

/// One thing wrong with `config.json`; shown to whoever deploys the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The file could not be fetched at all.
    Unreachable { url: String, detail: String },
    /// The server answered with a non-2xx status.
    HttpStatus { url: String, status: u16 },
    /// Not JSON.
    NotJson { detail: String },
    /// An HTML page came back: usually a single-page-app fallback because
    /// the file is not deployed.
    HtmlInsteadOfJson { url: String },
    /// JSON, but not an object.
    NotAnObject,
    /// A key that holds (or names) a client secret.
    ClientSecret { field: String },
    /// A key the configuration does not know.
    UnknownField {
        field: String,
        allowed: Vec<&'static str>,
    },
    /// A required key is absent.
    Missing {
        field: &'static str,
        example: &'static str,
    },
    /// The value should be a string.
    NotString { field: String },
    /// The value should be an object.
    NotObject { field: String },
    /// The value should be a list of strings.
    NotList { field: String },
    /// A string that must not be empty is.
    Empty { field: String },
    /// `region` is not a region code.
    BadRegion { value: String },
    /// `userPoolId` is not `<region>_<id>`.
    BadUserPoolId { value: String },
    /// `userPoolId`'s region differs from `region`.
    UserPoolRegionMismatch { pool_region: String, region: String },
    /// `userPoolClientId` has characters an app client ID cannot have.
    BadClientId { value: String },
    /// `endpoints.userPool` is not a plain http(s) URL.
    EndpointNotUrl { value: String },
    /// `endpoints.userPool` is `http` to a host that is not loopback.
    EndpointHttp { value: String },
    /// `passwordPolicy` has unknown or out-of-range values.
    PasswordPolicy { detail: String },
    /// `signUpAttributes` names an attribute the app does not support.
    UnknownAttribute { value: String },
    /// `locale` is not `auto`, `en` or `ja`.
    BadLocale { value: String },
    /// `totpIssuer` is too long or has control characters.
    BadTotpIssuer { value: String },
    /// Something in the `oauth` block (social sign-in).
    OAuth(OAuthProblem),
}

impl ConfigProblem {
    /// The problem as a translatable message.
    pub fn notice(&self) -> Notice {
        use ConfigProblem as P;
        match self {
            P::Unreachable { url, detail } => Notice::new(Msg::CfgUnreachable)
                .arg("url", url.as_str())
                .arg("detail", detail.as_str()),
            P::HttpStatus { url, status } => Notice::new(Msg::CfgHttpStatus)
                .arg("url", url.as_str())
                .arg("status", status.to_string()),
            P::NotJson { detail } => Notice::new(Msg::CfgNotJson).arg("detail", detail.as_str()),
            P::HtmlInsteadOfJson { url } => Notice::new(Msg::CfgHtml).arg("url", url.as_str()),
            P::NotAnObject => Notice::new(Msg::CfgNotObject),
            P::ClientSecret { field } => {
                Notice::new(Msg::CfgClientSecret).arg("field", field.as_str())
            }
            P::UnknownField { field, allowed } => Notice::new(Msg::CfgUnknownField)
                .arg("field", field.as_str())
                .arg("allowed", allowed.join(", ")),
            P::Missing { field, example } => Notice::new(Msg::CfgMissing)
                .arg("field", *field)
                .arg("example", *example),
            P::NotString { field } => Notice::new(Msg::CfgNotString).arg("field", field.as_str()),
            P::NotObject { field } => {
                Notice::new(Msg::CfgNotObjectField).arg("field", field.as_str())
            }
            P::NotList { field } => Notice::new(Msg::CfgNotList).arg("field", field.as_str()),
            P::Empty { field } => Notice::new(Msg::CfgEmpty).arg("field", field.as_str()),
            P::BadRegion { value } => Notice::new(Msg::CfgBadRegion).arg("value", value.as_str()),
            P::BadUserPoolId { value } => {
                Notice::new(Msg::CfgBadUserPoolId).arg("value", value.as_str())
            }
            P::UserPoolRegionMismatch {
                pool_region,
                region,
            } => Notice::new(Msg::CfgUserPoolRegionMismatch)
                .arg("pool_region", pool_region.as_str())
                .arg("region", region.as_str()),
            P::BadClientId { value } => {
                Notice::new(Msg::CfgBadClientId).arg("value", value.as_str())
            }
            P::EndpointNotUrl { value } => {
                Notice::new(Msg::CfgEndpointNotUrl).arg("value", value.as_str())
            }
            P::EndpointHttp { value } => {
                Notice::new(Msg::CfgEndpointHttp).arg("value", value.as_str())
            }
            P::PasswordPolicy { detail } => {
                Notice::new(Msg::CfgPasswordPolicy).arg("detail", detail.as_str())
            }
            P::UnknownAttribute { value } => Notice::new(Msg::CfgUnknownAttribute)
                .arg("value", value.as_str())
                .arg(
                    "allowed",
                    SignUpAttribute::ALL
                        .iter()
                        .map(|a| a.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            P::BadLocale { value } => Notice::new(Msg::CfgBadLocale).arg("value", value.as_str()),
            P::BadTotpIssuer { value } => Notice::new(Msg::CfgBadTotpIssuer)
                .arg("value", value.as_str())
                .arg("max", MAX_TOTP_ISSUER_CHARS.to_string()),
            P::OAuth(problem) => problem.notice(),
        }
    }
}

impl fmt::Display for ConfigProblem {
    /// English, for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.notice().fmt(f)
    }
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

    /// Parses and validates the text of `config.json`, reporting every problem.
    pub fn from_json(text: &str) -> Result<Self, Vec<ConfigProblem>> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![ConfigProblem::NotJson {
                detail: e.to_string(),
            }]
        })?;
        Self::from_value(&value)
    }

    /// Validates an already parsed `config.json`, reporting every problem.
    pub fn from_value(value: &Value) -> Result<Self, Vec<ConfigProblem>> {
        let Some(map) = value.as_object() else {
            return Err(vec![ConfigProblem::NotAnObject]);
        };
        let mut problems = Vec::new();

        // A secret is refused before anything else is looked at: it must
        // not be deployed, whatever else is right.
        find_secrets(map, "", &mut problems);
        unknown_fields(map, "", TOP_LEVEL_FIELDS, &mut problems);

        let app_name = optional_string(map, "appName", &mut problems)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| DEFAULT_APP_NAME.to_owned());

        let region = required_string(map, "region", "ap-northeast-1", &mut problems);
        if let Some(r) = &region {
            if !is_region(r) {
                problems.push(ConfigProblem::BadRegion { value: r.clone() });
            }
        }

        let user_pool_id =
            required_string(map, "userPoolId", "ap-northeast-1_AbC123xyz", &mut problems);
        if let Some(id) = &user_pool_id {
            match parse_user_pool_id(id) {
                None => problems.push(ConfigProblem::BadUserPoolId { value: id.clone() }),
                Some(pool_region) => {
                    if let Some(r) = region.as_deref().filter(|r| is_region(r)) {
                        if pool_region != r {
                            problems.push(ConfigProblem::UserPoolRegionMismatch {
                                pool_region: pool_region.to_owned(),
                                region: r.to_owned(),
                            });
                        }
                    }
                }
            }
        }

        let client_id = required_string(map, "userPoolClientId", "1example23456789", &mut problems);
        if let Some(id) = &client_id {
            if !is_client_id(id) {
                problems.push(ConfigProblem::BadClientId { value: id.clone() });
            }
        }

        let endpoint = match map.get("endpoints") {
            None | Some(Value::Null) => None,
            Some(Value::Object(endpoints)) => {
                unknown_fields(endpoints, "endpoints.", ENDPOINT_FIELDS, &mut problems);
                match optional_string(endpoints, "userPool", &mut problems) {
                    Some(url) => match parse_endpoint(&url) {
                        Ok(url) => Some(url),
                        Err(p) => {
                            problems.push(p);
                            None
                        }
                    },
                    None => None,
                }
            }
            Some(_) => {
                problems.push(ConfigProblem::NotObject {
                    field: "endpoints".into(),
                });
                None
            }
        };

        let password_policy = match map.get("passwordPolicy") {
            None | Some(Value::Null) => PasswordPolicy::default(),
            Some(v) => match serde_json::from_value::<PasswordPolicy>(v.clone()) {
                Ok(policy) => {
                    if let Err(detail) = policy.validate() {
                        problems.push(ConfigProblem::PasswordPolicy { detail });
                    }
                    policy
                }
                Err(e) => {
                    problems.push(ConfigProblem::PasswordPolicy {
                        detail: e.to_string(),
                    });
                    PasswordPolicy::default()
                }
            },
        };

        let sign_up_attributes = sign_up_attributes(map.get("signUpAttributes"), &mut problems);

        let totp_issuer = totp_issuer(map, &mut problems).unwrap_or_else(|| app_name.clone());

        let locale = match optional_string(map, "locale", &mut problems).as_deref() {
            None | Some("auto") => LocaleSetting::Auto,
            Some(code) => match Lang::from_code(code) {
                Some(lang) => LocaleSetting::Fixed(lang),
                None => {
                    problems.push(ConfigProblem::BadLocale {
                        value: code.to_owned(),
                    });
                    LocaleSetting::Auto
                }
            },
        };

        let oauth = crate::federation::parse_oauth(map.get("oauth"), &mut problems);

        match (region, user_pool_id, client_id) {
            (Some(region), Some(user_pool_id), Some(user_pool_client_id))
                if problems.is_empty() =>
            {
                Ok(AuthConfig {
                    app_name,
                    user_pool_endpoint: endpoint.unwrap_or_else(|| regional_endpoint(&region)),
                    region,
                    user_pool_id,
                    user_pool_client_id,
                    password_policy,
                    sign_up_attributes,
                    totp_issuer,
                    locale,
                    oauth,
                })
            }
            _ => Err(problems),
        }
    }

    /// Whether the user pool endpoint is a loopback address: the local
    /// emulator, which has a mailbox page.
    pub fn is_local_emulator(&self) -> bool {
        split_url(&self.user_pool_endpoint)
            .map(|u| is_loopback(u.host))
            .unwrap_or(false)
    }

    /// The local emulator's mailbox page, when the endpoint is loopback.
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
            None => safe_return_path(
                requested,
                &crate::federation::DEFAULT_RETURN_PATHS.map(str::to_owned),
            ),
        }
    }

    /// Whether sign-up asks for `attribute`.
    pub fn asks_for(&self, attribute: SignUpAttribute) -> bool {
        self.sign_up_attributes.contains(&attribute)
    }
}

/// Fetches and validates the configuration at `url` (normally
/// [`DEFAULT_CONFIG_URL`]). Browser only.
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

fn find_secrets(map: &Map<String, Value>, prefix: &str, problems: &mut Vec<ConfigProblem>) {
    for (key, value) in map {
        let path = format!("{prefix}{key}");
        if key.to_ascii_lowercase().contains("secret") {
            problems.push(ConfigProblem::ClientSecret { field: path });
        } else if let Value::Object(inner) = value {
            find_secrets(inner, &format!("{path}."), problems);
        }
    }
}

fn unknown_fields(
    map: &Map<String, Value>,
    prefix: &str,
    allowed: &[&'static str],
    problems: &mut Vec<ConfigProblem>,
) {
    for key in map.keys() {
        // Secrets are reported as such, not as unknown fields.
        if !allowed.contains(&key.as_str()) && !key.to_ascii_lowercase().contains("secret") {
            problems.push(ConfigProblem::UnknownField {
                field: format!("{prefix}{key}"),
                allowed: allowed.to_vec(),
            });
        }
    }
}

fn optional_string(
    map: &Map<String, Value>,
    field: &str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<String> {
    match map.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problems.push(ConfigProblem::NotString {
                field: field.to_owned(),
            });
            None
        }
    }
}

fn required_string(
    map: &Map<String, Value>,
    field: &'static str,
    example: &'static str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<String> {
    if matches!(map.get(field), None | Some(Value::Null)) {
        problems.push(ConfigProblem::Missing { field, example });
        return None;
    }
    let value = optional_string(map, field, problems)?;
    let value = value.trim().to_owned();
    if value.is_empty() {
        problems.push(ConfigProblem::Empty {
            field: field.to_owned(),
        });
        return None;
    }
    Some(value)
}

/// `totpIssuer`: a short, printable name. It may hold spaces and colons: the
/// `otpauth://` URI percent-encodes it (`cognito_client::totp::otpauth_uri`).
fn totp_issuer(map: &Map<String, Value>, problems: &mut Vec<ConfigProblem>) -> Option<String> {
    let value = optional_string(map, "totpIssuer", problems)?;
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

fn sign_up_attributes(
    value: Option<&Value>,
    problems: &mut Vec<ConfigProblem>,
) -> Vec<SignUpAttribute> {
    let mut attributes = vec![SignUpAttribute::Email];
    let items = match value {
        None | Some(Value::Null) => return attributes,
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(ConfigProblem::NotList {
                field: "signUpAttributes".into(),
            });
            return attributes;
        }
    };
    for item in items {
        let Some(name) = item.as_str() else {
            problems.push(ConfigProblem::NotList {
                field: "signUpAttributes".into(),
            });
            continue;
        };
        match SignUpAttribute::ALL.iter().find(|a| a.name() == name) {
            Some(a) if !attributes.contains(a) => attributes.push(*a),
            Some(_) => {}
            None => problems.push(ConfigProblem::UnknownAttribute {
                value: name.to_owned(),
            }),
        }
    }
    attributes
}

/// An AWS region code: lowercase words and a trailing number joined by
/// dashes (`ap-northeast-1`, `us-gov-west-1`).
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// The region of a well-formed user pool ID (`<region>_<id>`, the id part
/// letters and digits), else `None`.
pub fn parse_user_pool_id(id: &str) -> Option<&str> {
    let region = region_of_user_pool(id)?;
    let rest = &id[region.len() + 1..];
    (is_region(region) && rest.chars().all(|c| c.is_ascii_alphanumeric())).then_some(region)
}

/// An app client ID: `[\w+]+`, at most 128 characters (Cognito API reference).
pub fn is_client_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+')
}

pub(crate) struct UrlParts<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) authority: &'a str,
    pub(crate) host: &'a str,
    pub(crate) path: &'a str,
}

/// Splits `scheme://host[:port][/path]`; `None` for anything else,
/// including user info, queries and fragments.
pub(crate) fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#', '@', ' ', '\\']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']')?;
        let host = &authority[..end + 2];
        let after = &v6[end + 1..];
        if !v6[..end]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        (host, after)
    } else {
        match authority.find(':') {
            Some(i) => (&authority[..i], &authority[i..]),
            None => (authority, ""),
        }
    };
    if host.is_empty() {
        return None;
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return None;
    }
    if !port.is_empty() {
        let digits = port.strip_prefix(':')?;
        if digits.is_empty() || digits.len() > 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(UrlParts {
        scheme,
        authority,
        host,
        path,
    })
}

/// Loopback hosts, where plain `http` is acceptable (RFC 8252 §8.3 reasoning:
/// the traffic never leaves the machine).
pub(crate) fn is_loopback(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "[::1]"
    )
}

/// Checks an endpoint override and normalises it (lowercase scheme, a path
/// that ends in `/`).
pub fn parse_endpoint(url: &str) -> Result<String, ConfigProblem> {
    let url = url.trim();
    let parts = split_url(url).ok_or_else(|| ConfigProblem::EndpointNotUrl {
        value: url.to_owned(),
    })?;
    let scheme = parts.scheme.to_ascii_lowercase();
    if scheme == "http" && !is_loopback(parts.host) {
        return Err(ConfigProblem::EndpointHttp {
            value: url.to_owned(),
        });
    }
    let path = if parts.path.ends_with('/') {
        parts.path.to_owned()
    } else {
        format!("{}/", parts.path)
    };
    Ok(format!("{scheme}://{}{path}", parts.authority))
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
        assert_eq!(c.sign_up_attributes, vec![SignUpAttribute::Email]);
        assert_eq!(c.locale, LocaleSetting::Auto);
        assert_eq!(c.totp_issuer, "Leptos Cognito", "defaults to appName");
        assert!(!c.is_local_emulator());
        assert_eq!(c.mailbox_url(), None);
    }

    #[test]
    fn the_shipped_public_config_is_valid_and_points_at_the_emulator() {
        let text = include_str!("../public/config.json");
        let c = AuthConfig::from_json(text).unwrap();
        assert_eq!(c.user_pool_endpoint, "http://127.0.0.1:9229/");
        assert_eq!(c.user_pool_id, "ap-northeast-1_Local");
        assert_eq!(c.user_pool_client_id, "localclient");
        assert_eq!(c.password_policy, PasswordPolicy::default());
        assert!(c.asks_for(SignUpAttribute::Name));
        assert_eq!(
            c.mailbox_url().as_deref(),
            Some("http://127.0.0.1:9229/_local/mailbox")
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let p = problems(json!({
            "region": "Tokyo",
            "userPoolId": "nope",
            "locale": "fr",
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
        assert!(p.contains(&ConfigProblem::BadLocale { value: "fr".into() }));
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
                allowed: vec!["userPool"]
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
    fn http_endpoints_only_for_loopback() {
        assert_eq!(
            parse_endpoint("http://127.0.0.1:9229").unwrap(),
            "http://127.0.0.1:9229/"
        );
        assert_eq!(
            parse_endpoint("http://localhost:9229/").unwrap(),
            "http://localhost:9229/"
        );
        assert_eq!(
            parse_endpoint("HTTP://[::1]:9229/").unwrap(),
            "http://[::1]:9229/"
        );
        assert_eq!(
            parse_endpoint("https://cognito.example.com/base").unwrap(),
            "https://cognito.example.com/base/"
        );
        assert_eq!(
            parse_endpoint("http://cognito.example.com/"),
            Err(ConfigProblem::EndpointHttp {
                value: "http://cognito.example.com/".into()
            })
        );
        // A loopback look-alike is not loopback.
        assert!(matches!(
            parse_endpoint("http://127.0.0.1.evil.example/"),
            Err(ConfigProblem::EndpointHttp { .. })
        ));
        for bad in [
            "cognito.example.com",
            "ftp://x/",
            "https://",
            "https://user@host/",
            "https://host/?q=1",
            "https://host:port/",
            "https://ho st/",
        ] {
            assert!(
                matches!(
                    parse_endpoint(bad),
                    Err(ConfigProblem::EndpointNotUrl { .. })
                ),
                "{bad}"
            );
        }
        let p = problems(with(minimal(), "endpoints", json!("http://127.0.0.1/")));
        assert_eq!(
            p,
            vec![ConfigProblem::NotObject {
                field: "endpoints".into()
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
    fn sign_up_attributes_always_start_with_email() {
        let c =
            AuthConfig::from_value(&with(minimal(), "signUpAttributes", json!(["name"]))).unwrap();
        assert_eq!(
            c.sign_up_attributes,
            vec![SignUpAttribute::Email, SignUpAttribute::Name]
        );
        let p = problems(with(
            minimal(),
            "signUpAttributes",
            json!(["email", "phone_number"]),
        ));
        assert_eq!(
            p,
            vec![ConfigProblem::UnknownAttribute {
                value: "phone_number".into()
            }]
        );
        assert!(p[0].to_string().contains("Supported: email, name"));
        assert_eq!(
            problems(with(minimal(), "signUpAttributes", json!("email"))),
            vec![ConfigProblem::NotList {
                field: "signUpAttributes".into()
            }]
        );
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
}
