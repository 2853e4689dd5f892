//! The `oauth` block of `config.json`: social sign-in through the user pool
//! domain (COGNITO.md §4), validated with messages that say what to fix.
//!
//! ```json
//! "oauth": {
//!   "domain": "https://auth.example.com",
//!   "redirectSignIn": "https://app.example.com/callback",
//!   "redirectSignOut": "https://app.example.com/",
//!   "scopes": ["openid", "email", "profile"],
//!   "providers": [{ "name": "Google" }, { "name": "Corporate", "label": "Corporate SSO" }],
//!   "returnPaths": ["/account"]
//! }
//! ```

use crate::config::{is_loopback, split_url, ConfigProblem};
use crate::i18n::{Msg, Notice};
use cognito_client::oauth::safe_return_path;
use serde_json::{Map, Value};

/// The scopes asked for when `oauth.scopes` is not given.
pub const DEFAULT_SCOPES: [&str; 3] = ["openid", "email", "profile"];

/// The return paths allowed when `oauth.returnPaths` is not given.
pub const DEFAULT_RETURN_PATHS: [&str; 1] = ["/account"];

const FIELDS: &[&str] = &[
    "domain",
    "redirectSignIn",
    "redirectSignOut",
    "scopes",
    "providers",
    "returnPaths",
];
const PROVIDER_FIELDS: &[&str] = &["name", "label"];

/// Cognito's `ProviderName` is 1–32 characters.
const MAX_PROVIDER_NAME_CHARS: usize = 32;
/// A button label that still fits on a button.
const MAX_LABEL_CHARS: usize = 64;

/// Social sign-in settings (`oauth` in `config.json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthConfig {
    /// The user pool domain as a URL, without a trailing `/`
    /// (`https://auth.example.com`, or the local emulator).
    pub domain: String,
    /// The callback URL (`redirect_uri`), exactly as registered on the app
    /// client. It must be on the app's own origin.
    pub redirect_sign_in: String,
    /// Where the user pool domain's `/logout` sends the browser back to;
    /// registered as a sign-out URL on the app client.
    pub redirect_sign_out: String,
    /// The scopes asked for; always includes `openid`.
    pub scopes: Vec<String>,
    /// The identity providers offered as buttons, in this order.
    pub providers: Vec<IdentityProvider>,
    /// Paths a sign-in may return to (`?returnTo=`); the first is the default.
    pub return_paths: Vec<String>,
}

/// An identity provider of the user pool, as a button.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityProvider {
    /// The pool's `ProviderName` (`Google`, `Corporate`, ...): sent as
    /// `identity_provider`.
    pub name: String,
    /// The button text; by default "Continue with …" in the UI language.
    pub label: Option<String>,
}

impl IdentityProvider {
    /// Which social provider this is, for its icon and brand name.
    pub fn social(&self) -> Option<SocialProvider> {
        SocialProvider::from_name(&self.name)
    }

    /// The name people know the provider by: the brand of a social provider,
    /// else the configured name.
    pub fn display_name(&self) -> &str {
        match self.social() {
            Some(social) => social.brand(),
            None => &self.name,
        }
    }
}

/// The social identity providers Cognito knows by type; their
/// `ProviderName` must equal the type (COGNITO.md §4.2 `identity_provider`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SocialProvider {
    Google,
    Facebook,
    SignInWithApple,
    LoginWithAmazon,
}

impl SocialProvider {
    /// By Cognito provider name, exactly.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "Google" => Some(Self::Google),
            "Facebook" => Some(Self::Facebook),
            "SignInWithApple" => Some(Self::SignInWithApple),
            "LoginWithAmazon" => Some(Self::LoginWithAmazon),
            _ => None,
        }
    }

    /// The brand as shown on buttons ("Continue with Apple").
    pub fn brand(self) -> &'static str {
        match self {
            Self::Google => "Google",
            Self::Facebook => "Facebook",
            Self::SignInWithApple => "Apple",
            Self::LoginWithAmazon => "Amazon",
        }
    }
}

/// A problem with the `oauth` block (the generic ones — missing, not a
/// string, unknown field — are plain [`ConfigProblem`]s naming `oauth.…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthProblem {
    /// Not a plain http(s) URL.
    NotUrl { field: String, value: String },
    /// `http` to a host that is not loopback.
    Http { field: String, value: String },
    /// `oauth.scopes` lacks `openid` (needed for the ID token and its nonce).
    NoOpenid,
    /// A scope with spaces or nothing in it.
    BadScope { value: String },
    /// A provider name Cognito would not accept.
    BadProviderName { value: String },
    /// The same provider twice.
    DuplicateProvider { value: String },
    /// A label that is empty, too long or has line breaks.
    BadLabel { value: String },
    /// A return path that is not a plain path on this site.
    BadReturnPath { value: String },
    /// `redirectSignIn` is not on the origin the app runs on (checked in the
    /// browser at start).
    RedirectOtherOrigin { value: String, origin: String },
}

impl OAuthProblem {
    /// The problem as a translatable message.
    pub fn notice(&self) -> Notice {
        use OAuthProblem as P;
        match self {
            P::NotUrl { field, value } => Notice::new(Msg::CfgOAuthNotUrl)
                .arg("field", field.as_str())
                .arg("value", value.as_str()),
            P::Http { field, value } => Notice::new(Msg::CfgOAuthHttp)
                .arg("field", field.as_str())
                .arg("value", value.as_str()),
            P::NoOpenid => Notice::new(Msg::CfgOAuthNoOpenid),
            P::BadScope { value } => {
                Notice::new(Msg::CfgOAuthBadScope).arg("value", value.as_str())
            }
            P::BadProviderName { value } => Notice::new(Msg::CfgOAuthProviderName)
                .arg("value", value.as_str())
                .arg("max", MAX_PROVIDER_NAME_CHARS.to_string()),
            P::DuplicateProvider { value } => {
                Notice::new(Msg::CfgOAuthDuplicateProvider).arg("value", value.as_str())
            }
            P::BadLabel { value } => Notice::new(Msg::CfgOAuthLabel)
                .arg("value", value.as_str())
                .arg("max", MAX_LABEL_CHARS.to_string()),
            P::BadReturnPath { value } => {
                Notice::new(Msg::CfgOAuthReturnPath).arg("value", value.as_str())
            }
            P::RedirectOtherOrigin { value, origin } => Notice::new(Msg::CfgOAuthRedirectOrigin)
                .arg("value", value.as_str())
                .arg("origin", origin.as_str()),
        }
    }
}

impl From<OAuthProblem> for ConfigProblem {
    fn from(p: OAuthProblem) -> Self {
        ConfigProblem::OAuth(p)
    }
}

/// Validates the `oauth` block (absent or `null`: no social sign-in),
/// adding every problem to `problems`.
pub(crate) fn parse_oauth(
    value: Option<&Value>,
    problems: &mut Vec<ConfigProblem>,
) -> Option<OAuthConfig> {
    let map = match value {
        None | Some(Value::Null) => return None,
        Some(Value::Object(map)) => map,
        Some(_) => {
            problems.push(ConfigProblem::NotObject {
                field: "oauth".into(),
            });
            return None;
        }
    };
    let before = problems.len();
    for key in map.keys() {
        // Secrets are reported as such by the top-level check.
        if !FIELDS.contains(&key.as_str()) && !key.to_ascii_lowercase().contains("secret") {
            problems.push(ConfigProblem::UnknownField {
                field: format!("oauth.{key}"),
                allowed: FIELDS.to_vec(),
            });
        }
    }

    let domain = required(map, "oauth.domain", "https://auth.example.com", problems)
        .and_then(|url| check_url("oauth.domain", &url, problems))
        .map(|url| url.trim_end_matches('/').to_owned());
    let redirect_sign_in = required(
        map,
        "oauth.redirectSignIn",
        "https://app.example.com/callback",
        problems,
    )
    .and_then(|url| check_url("oauth.redirectSignIn", &url, problems));
    let redirect_sign_out = required(
        map,
        "oauth.redirectSignOut",
        "https://app.example.com/",
        problems,
    )
    .and_then(|url| check_url("oauth.redirectSignOut", &url, problems));

    let scopes = match string_list(map, "scopes", problems) {
        None => DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        Some(list) => {
            let mut scopes: Vec<String> = Vec::new();
            for scope in list {
                if scope.is_empty() || scope.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    problems.push(OAuthProblem::BadScope { value: scope }.into());
                } else if !scopes.contains(&scope) {
                    scopes.push(scope);
                }
            }
            if !scopes.iter().any(|s| s == "openid") {
                problems.push(OAuthProblem::NoOpenid.into());
            }
            scopes
        }
    };

    let providers = providers(map, problems);

    let return_paths = match string_list(map, "returnPaths", problems) {
        None => DEFAULT_RETURN_PATHS
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        Some(list) if list.is_empty() => {
            problems.push(ConfigProblem::Empty {
                field: "oauth.returnPaths".into(),
            });
            Vec::new()
        }
        Some(list) => {
            for path in &list {
                // A plain same-origin path, no query: what the core's
                // allow-list check can match exactly.
                if path.contains(['?', '#'])
                    || safe_return_path(Some(path), std::slice::from_ref(path)) != *path
                {
                    problems.push(
                        OAuthProblem::BadReturnPath {
                            value: path.clone(),
                        }
                        .into(),
                    );
                }
            }
            list
        }
    };

    match (domain, redirect_sign_in, redirect_sign_out) {
        (Some(domain), Some(redirect_sign_in), Some(redirect_sign_out))
            if problems.len() == before =>
        {
            Some(OAuthConfig {
                domain,
                redirect_sign_in,
                redirect_sign_out,
                scopes,
                providers,
                return_paths,
            })
        }
        _ => None,
    }
}

/// A non-empty string at `path` (`oauth.<key>`), trimmed.
fn required(
    map: &Map<String, Value>,
    path: &'static str,
    example: &'static str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<String> {
    let key = path.strip_prefix("oauth.").unwrap_or(path);
    match map.get(key) {
        None | Some(Value::Null) => {
            problems.push(ConfigProblem::Missing {
                field: path,
                example,
            });
            None
        }
        Some(Value::String(s)) if s.trim().is_empty() => {
            problems.push(ConfigProblem::Empty { field: path.into() });
            None
        }
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(_) => {
            problems.push(ConfigProblem::NotString { field: path.into() });
            None
        }
    }
}

/// A list of strings, `None` when absent.
fn string_list(
    map: &Map<String, Value>,
    field: &str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<Vec<String>> {
    let not_list = || ConfigProblem::NotList {
        field: format!("oauth.{field}"),
    };
    match map.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => {
            let strings: Option<Vec<String>> = items
                .iter()
                .map(|v| v.as_str().map(|s| s.trim().to_owned()))
                .collect();
            if strings.is_none() {
                problems.push(not_list());
            }
            Some(strings.unwrap_or_default())
        }
        Some(_) => {
            problems.push(not_list());
            Some(Vec::new())
        }
    }
}

/// An http(s) URL with no user, query or fragment; `http` only on loopback
/// (DESIGN.md: exact redirect URIs, `http` only for loopback).
fn check_url(field: &str, url: &str, problems: &mut Vec<ConfigProblem>) -> Option<String> {
    let Some(parts) = split_url(url) else {
        problems.push(
            OAuthProblem::NotUrl {
                field: field.to_owned(),
                value: url.to_owned(),
            }
            .into(),
        );
        return None;
    };
    if parts.scheme.eq_ignore_ascii_case("http") && !is_loopback(parts.host) {
        problems.push(
            OAuthProblem::Http {
                field: field.to_owned(),
                value: url.to_owned(),
            }
            .into(),
        );
        return None;
    }
    Some(url.to_owned())
}

fn providers(map: &Map<String, Value>, problems: &mut Vec<ConfigProblem>) -> Vec<IdentityProvider> {
    let items = match map.get("providers") {
        None | Some(Value::Null) => {
            problems.push(ConfigProblem::Missing {
                field: "oauth.providers",
                example: "[{ \"name\": \"Google\" }]",
            });
            return Vec::new();
        }
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(ConfigProblem::NotList {
                field: "oauth.providers".into(),
            });
            return Vec::new();
        }
    };
    let mut providers: Vec<IdentityProvider> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("oauth.providers[{i}]");
        let Some(entry) = item.as_object() else {
            problems.push(ConfigProblem::NotObject { field: at });
            continue;
        };
        for key in entry.keys() {
            if !PROVIDER_FIELDS.contains(&key.as_str())
                && !key.to_ascii_lowercase().contains("secret")
            {
                problems.push(ConfigProblem::UnknownField {
                    field: format!("{at}.{key}"),
                    allowed: PROVIDER_FIELDS.to_vec(),
                });
            }
        }
        let name = match entry.get("name") {
            Some(Value::String(name)) => name.trim().to_owned(),
            None | Some(Value::Null) => {
                problems.push(ConfigProblem::Missing {
                    field: "oauth.providers[].name",
                    example: "Google",
                });
                continue;
            }
            Some(_) => {
                problems.push(ConfigProblem::NotString {
                    field: format!("{at}.name"),
                });
                continue;
            }
        };
        if !is_provider_name(&name) {
            problems.push(OAuthProblem::BadProviderName { value: name }.into());
            continue;
        }
        if providers.iter().any(|p| p.name == name) {
            problems.push(OAuthProblem::DuplicateProvider { value: name }.into());
            continue;
        }
        let label = match entry.get("label") {
            None | Some(Value::Null) => None,
            Some(Value::String(label)) => {
                let trimmed = label.trim();
                if trimmed.is_empty()
                    || trimmed.chars().count() > MAX_LABEL_CHARS
                    || trimmed.chars().any(char::is_control)
                {
                    problems.push(
                        OAuthProblem::BadLabel {
                            value: label.clone(),
                        }
                        .into(),
                    );
                    None
                } else {
                    Some(trimmed.to_owned())
                }
            }
            Some(_) => {
                problems.push(ConfigProblem::NotString {
                    field: format!("{at}.label"),
                });
                None
            }
        };
        providers.push(IdentityProvider { name, label });
    }
    providers
}

/// A `ProviderName` (1–32 characters, no spaces or control characters;
/// Cognito's `identity_provider`). `COGNITO` is the pool's own hosted page,
/// which this app replaces with its own password form.
fn is_provider_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_PROVIDER_NAME_CHARS
        && !name.chars().any(|c| c.is_whitespace() || c.is_control())
        && name != "COGNITO"
}

/// `scheme://host[:port]` of an http(s) URL, as a browser writes
/// `location.origin`: lower case, default port left out.
pub fn origin_of(url: &str) -> Option<String> {
    let parts = split_url(url)?;
    let scheme = parts.scheme.to_ascii_lowercase();
    let host = parts.host.to_ascii_lowercase();
    let port = &parts.authority[parts.host.len()..];
    let port = match (scheme.as_str(), port) {
        ("http", ":80") | ("https", ":443") => "",
        (_, port) => port,
    };
    Some(format!("{scheme}://{host}{port}"))
}

/// `redirectSignIn` must bring the browser back to this app (`app_origin`,
/// `location.origin`): the attempt waits in this origin's sessionStorage.
pub fn check_redirect_origin(oauth: &OAuthConfig, app_origin: &str) -> Result<(), OAuthProblem> {
    match origin_of(&oauth.redirect_sign_in) {
        Some(origin) if origin == app_origin.to_ascii_lowercase() => Ok(()),
        _ => Err(OAuthProblem::RedirectOtherOrigin {
            value: oauth.redirect_sign_in.clone(),
            origin: app_origin.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AuthConfig;
    use crate::i18n::Lang;
    use serde_json::json;

    fn with_oauth(oauth: Value) -> Value {
        json!({
            "region": "ap-northeast-1",
            "userPoolId": "ap-northeast-1_Local",
            "userPoolClientId": "localclient",
            "oauth": oauth
        })
    }

    fn good() -> Value {
        json!({
            "domain": "https://auth.example.com/",
            "redirectSignIn": "https://app.example.com/callback",
            "redirectSignOut": "https://app.example.com/",
            "providers": [{"name": "Google"}, {"name": "Corporate", "label": " Corporate SSO "}]
        })
    }

    fn edit(mut v: Value, key: &str, value: Value) -> Value {
        v.as_object_mut().unwrap().insert(key.into(), value);
        v
    }

    fn problems(oauth: Value) -> Vec<ConfigProblem> {
        AuthConfig::from_value(&with_oauth(oauth)).expect_err("should be refused")
    }

    fn oauth_problem(p: OAuthProblem) -> ConfigProblem {
        ConfigProblem::OAuth(p)
    }

    #[test]
    fn no_oauth_block_means_no_social_sign_in() {
        let mut v = with_oauth(Value::Null);
        assert_eq!(AuthConfig::from_value(&v).unwrap().oauth, None);
        v.as_object_mut().unwrap().remove("oauth");
        assert_eq!(AuthConfig::from_value(&v).unwrap().oauth, None);
    }

    #[test]
    fn a_good_block_gets_the_defaults() {
        let c = AuthConfig::from_value(&with_oauth(good())).unwrap();
        let o = c.oauth.unwrap();
        assert_eq!(o.domain, "https://auth.example.com", "trailing / dropped");
        assert_eq!(o.redirect_sign_in, "https://app.example.com/callback");
        assert_eq!(o.redirect_sign_out, "https://app.example.com/");
        assert_eq!(o.scopes, ["openid", "email", "profile"]);
        assert_eq!(o.return_paths, ["/account"]);
        assert_eq!(
            o.providers,
            vec![
                IdentityProvider {
                    name: "Google".into(),
                    label: None
                },
                IdentityProvider {
                    name: "Corporate".into(),
                    label: Some("Corporate SSO".into())
                }
            ]
        );
        assert_eq!(o.providers[0].social(), Some(SocialProvider::Google));
        assert_eq!(o.providers[1].social(), None);
        assert_eq!(o.providers[1].display_name(), "Corporate");
    }

    #[test]
    fn well_known_providers_have_brands() {
        for (name, brand) in [
            ("Google", "Google"),
            ("Facebook", "Facebook"),
            ("SignInWithApple", "Apple"),
            ("LoginWithAmazon", "Amazon"),
        ] {
            let p = IdentityProvider {
                name: name.into(),
                label: None,
            };
            assert_eq!(p.display_name(), brand);
        }
        assert_eq!(SocialProvider::from_name("google"), None, "exact names");
    }

    #[test]
    fn the_shipped_public_config_points_at_the_emulator() {
        let c = AuthConfig::from_json(include_str!("../../public/config.json")).unwrap();
        let o = c.oauth.expect("public/config.json has an oauth block");
        assert_eq!(o.domain, "http://127.0.0.1:9229");
        assert_eq!(o.redirect_sign_in, "http://127.0.0.1:8080/callback");
        assert_eq!(o.redirect_sign_out, "http://127.0.0.1:8080/");
        let names: Vec<_> = o.providers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Google", "Corporate"]);
        assert_eq!(o.providers[1].label.as_deref(), Some("Corporate SSO"));
        assert!(check_redirect_origin(&o, "http://127.0.0.1:8080").is_ok());
    }

    #[test]
    fn required_fields_are_named_with_their_path() {
        let p = problems(json!({"providers": []}));
        assert!(p.contains(&ConfigProblem::Missing {
            field: "oauth.domain",
            example: "https://auth.example.com"
        }));
        assert!(p.contains(&ConfigProblem::Missing {
            field: "oauth.redirectSignIn",
            example: "https://app.example.com/callback"
        }));
        assert!(p.contains(&ConfigProblem::Missing {
            field: "oauth.redirectSignOut",
            example: "https://app.example.com/"
        }));
        assert_eq!(p.len(), 3, "{p:?}");
        let p = problems(edit(good(), "colour", json!("red")));
        assert!(
            matches!(&p[..], [ConfigProblem::UnknownField { field, .. }] if field == "oauth.colour")
        );
        assert_eq!(
            problems(json!("https://auth.example.com")),
            vec![ConfigProblem::NotObject {
                field: "oauth".into()
            }]
        );
        let mut no_providers = good();
        no_providers.as_object_mut().unwrap().remove("providers");
        assert!(matches!(
            &problems(no_providers)[..],
            [ConfigProblem::Missing {
                field: "oauth.providers",
                ..
            }]
        ));
    }

    #[test]
    fn a_secret_in_the_block_is_refused_as_a_secret() {
        let p = problems(edit(good(), "clientSecret", json!("x")));
        assert_eq!(
            p,
            vec![ConfigProblem::ClientSecret {
                field: "oauth.clientSecret".into()
            }]
        );
    }

    #[test]
    fn urls_must_be_https_except_on_loopback() {
        let c = AuthConfig::from_value(&with_oauth(edit(
            edit(
                edit(good(), "domain", json!("http://127.0.0.1:9229")),
                "redirectSignIn",
                json!("http://localhost:8080/callback"),
            ),
            "redirectSignOut",
            json!("http://[::1]:8080/"),
        )))
        .unwrap();
        assert_eq!(c.oauth.unwrap().domain, "http://127.0.0.1:9229");
        let p = problems(edit(
            good(),
            "redirectSignIn",
            json!("http://app.example.com/callback"),
        ));
        assert_eq!(
            p,
            vec![oauth_problem(OAuthProblem::Http {
                field: "oauth.redirectSignIn".into(),
                value: "http://app.example.com/callback".into()
            })]
        );
        assert!(p[0].to_string().contains("https"), "{}", p[0]);
        for bad in [
            "auth.example.com",
            "https://auth.example.com/#x",
            "https://u@auth.example.com/",
            "https://auth.example.com/cb?x=1",
            "myapp://callback",
        ] {
            let p = problems(edit(good(), "domain", json!(bad)));
            assert_eq!(
                p,
                vec![oauth_problem(OAuthProblem::NotUrl {
                    field: "oauth.domain".into(),
                    value: bad.into()
                })],
                "{bad}"
            );
        }
        // A loopback look-alike is not loopback.
        assert!(matches!(
            &problems(edit(
                good(),
                "domain",
                json!("http://127.0.0.1.evil.example")
            ))[..],
            [ConfigProblem::OAuth(OAuthProblem::Http { .. })]
        ));
    }

    #[test]
    fn scopes_must_include_openid() {
        let c = AuthConfig::from_value(&with_oauth(edit(
            good(),
            "scopes",
            json!(["openid", "email", "email", "aws.cognito.signin.user.admin"]),
        )))
        .unwrap();
        assert_eq!(
            c.oauth.unwrap().scopes,
            ["openid", "email", "aws.cognito.signin.user.admin"]
        );
        let p = problems(edit(good(), "scopes", json!(["email", "profile"])));
        assert_eq!(p, vec![oauth_problem(OAuthProblem::NoOpenid)]);
        assert!(p[0].to_string().contains("openid"));
        let p = problems(edit(good(), "scopes", json!(["openid", "a b"])));
        assert_eq!(
            p,
            vec![oauth_problem(OAuthProblem::BadScope {
                value: "a b".into()
            })]
        );
        assert_eq!(
            problems(edit(good(), "scopes", json!("openid email"))),
            vec![
                ConfigProblem::NotList {
                    field: "oauth.scopes".into()
                },
                oauth_problem(OAuthProblem::NoOpenid)
            ]
        );
    }

    #[test]
    fn providers_are_checked() {
        let p = problems(edit(
            good(),
            "providers",
            json!([
                {"name": "Google"},
                {"name": "Google"},
                {"name": "Has space"},
                {"name": "COGNITO"},
                {"name": "x".repeat(33)},
                "Facebook",
                {"label": "No name"},
                {"name": "Corp", "label": "two\nlines"},
                {"name": "Okta", "icon": "x.svg"}
            ]),
        ));
        assert_eq!(
            p,
            vec![
                oauth_problem(OAuthProblem::DuplicateProvider {
                    value: "Google".into()
                }),
                oauth_problem(OAuthProblem::BadProviderName {
                    value: "Has space".into()
                }),
                oauth_problem(OAuthProblem::BadProviderName {
                    value: "COGNITO".into()
                }),
                oauth_problem(OAuthProblem::BadProviderName {
                    value: "x".repeat(33)
                }),
                ConfigProblem::NotObject {
                    field: "oauth.providers[5]".into()
                },
                ConfigProblem::Missing {
                    field: "oauth.providers[].name",
                    example: "Google"
                },
                oauth_problem(OAuthProblem::BadLabel {
                    value: "two\nlines".into()
                }),
                ConfigProblem::UnknownField {
                    field: "oauth.providers[8].icon".into(),
                    allowed: vec!["name", "label"]
                },
            ]
        );
        // An empty list is allowed: no buttons.
        let c = AuthConfig::from_value(&with_oauth(edit(good(), "providers", json!([])))).unwrap();
        assert!(c.oauth.unwrap().providers.is_empty());
    }

    #[test]
    fn return_paths_must_be_plain_paths_on_this_site() {
        let c = AuthConfig::from_value(&with_oauth(edit(
            good(),
            "returnPaths",
            json!(["/account", "/settings/mfa"]),
        )))
        .unwrap();
        assert_eq!(c.oauth.unwrap().return_paths, ["/account", "/settings/mfa"]);
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "account",
            "/account?x=1",
            "/a b",
        ] {
            assert_eq!(
                problems(edit(good(), "returnPaths", json!([bad]))),
                vec![oauth_problem(OAuthProblem::BadReturnPath {
                    value: bad.into()
                })],
                "{bad}"
            );
        }
        assert_eq!(
            problems(edit(good(), "returnPaths", json!([]))),
            vec![ConfigProblem::Empty {
                field: "oauth.returnPaths".into()
            }]
        );
    }

    #[test]
    fn origins_are_compared_as_browsers_write_them() {
        assert_eq!(
            origin_of("HTTPS://App.Example.com:443/callback").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/callback").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("http://localhost:80/").as_deref(),
            Some("http://localhost")
        );
        assert_eq!(
            origin_of("http://[::1]:8080/cb").as_deref(),
            Some("http://[::1]:8080")
        );
        let o = OAuthConfig {
            domain: "https://auth.example.com".into(),
            redirect_sign_in: "http://127.0.0.1:8080/callback".into(),
            redirect_sign_out: "http://127.0.0.1:8080/".into(),
            scopes: vec!["openid".into()],
            providers: Vec::new(),
            return_paths: vec!["/account".into()],
        };
        assert_eq!(check_redirect_origin(&o, "http://127.0.0.1:8080"), Ok(()));
        let problem = check_redirect_origin(&o, "http://localhost:8080").unwrap_err();
        assert_eq!(
            problem,
            OAuthProblem::RedirectOtherOrigin {
                value: "http://127.0.0.1:8080/callback".into(),
                origin: "http://localhost:8080".into()
            }
        );
        let en = problem.notice().render(Lang::En);
        assert!(
            en.contains("http://127.0.0.1:8080/callback") && en.contains("http://localhost:8080"),
            "{en}"
        );
        assert!(problem.notice().render(Lang::Ja).contains("redirectSignIn"));
    }
}
