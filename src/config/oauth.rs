//! The `oauth` block of `config.json`: social sign-in through the user pool
//! domain (docs/cognito-protocol.md §4), validated with messages that say what to fix.
//!
//! ```json
//! "oauth": {
//!   "domain": "https://auth.example.com",
//!   "redirectSignIn": ["https://app.example.com/callback", "http://localhost:8080/callback"],
//!   "redirectSignOut": ["https://app.example.com/", "http://localhost:8080/"],
//!   "scopes": ["openid", "email", "profile"],
//!   "providers": [{ "name": "Google" }, { "name": "Corporate", "label": "Corporate SSO" }],
//!   "returnPaths": ["/account"]
//! }
//! ```
//!
//! `redirectSignIn` and `redirectSignOut` are a URL or a list of URLs, as in
//! Amplify's configuration: one config serves every origin the app runs on
//! (staging and production, `127.0.0.1` and `localhost`), and at run time the
//! app uses the entry on its own origin ([`OAuthConfig::redirect_sign_in_for`]).

use super::fields::{required_string, unknown_fields};
use super::problems::{ConfigProblem, OAuthProblem, MAX_LABEL_CHARS, MAX_PROVIDER_NAME_CHARS};
use super::raw::{Object, RawOAuth, RawProvider, Redirects, Typed};
use super::urls::{is_loopback, origin_of, split_url, url_for_origin};
use cognito_client::oauth::safe_return_path;

/// The routed app's redirect path (`Screen::Callback`, the DOM contract's
/// `/callback` route).
pub(crate) const CALLBACK_PATH: &str = "/callback";
use serde_json::Value;

/// The scopes asked for when `oauth.scopes` is not given.
pub const DEFAULT_SCOPES: [&str; 3] = ["openid", "email", "profile"];

/// The return paths allowed when `oauth.returnPaths` is not given.
pub const DEFAULT_RETURN_PATHS: [&str; 1] = ["/account"];

/// Social sign-in settings (`oauth` in `config.json`).
///
/// ```
/// use leptos_cognito::AuthConfig;
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "oauth": {
///     "domain": "https://auth.example.com",
///     "redirectSignIn": "https://app.example.com/callback",
///     "redirectSignOut": "https://app.example.com/",
///     "providers": [{ "name": "Google" }]
///   }
/// }"#).unwrap();
/// let oauth = config.oauth.unwrap();
/// assert_eq!(oauth.scopes, ["openid", "email", "profile"]);
/// assert_eq!(oauth.return_paths, ["/account"]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthConfig {
    /// The user pool domain as a URL, without a trailing `/`
    /// (`https://auth.example.com`, or the local emulator).
    pub domain: String,
    /// The callback URLs (`redirect_uri`), each exactly as registered on the
    /// app client; at most one per origin, and one of them on the origin the
    /// app runs on ([`Self::redirect_sign_in_for`]).
    pub redirect_sign_in: Vec<String>,
    /// Where the user pool domain's `/logout` sends the browser back to, one
    /// per origin, each registered as a sign-out URL on the app client
    /// ([`Self::redirect_sign_out_for`]).
    pub redirect_sign_out: Vec<String>,
    /// The scopes asked for; always includes `openid`.
    pub scopes: Vec<String>,
    /// The identity providers offered as buttons, in this order.
    pub providers: Vec<IdentityProvider>,
    /// Paths a sign-in may return to (`?returnTo=`); the first is the default.
    pub return_paths: Vec<String>,
}

impl OAuthConfig {
    /// The `redirectSignIn` entry on `origin` (the page's `location.origin`).
    ///
    /// ```
    /// use leptos_cognito::AuthConfig;
    ///
    /// let config = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789",
    ///   "oauth": {
    ///     "domain": "https://auth.example.com",
    ///     "redirectSignIn": ["https://app.example.com/callback", "http://localhost:8080/callback"],
    ///     "redirectSignOut": ["https://app.example.com/", "http://localhost:8080/"],
    ///     "providers": [{ "name": "Google" }]
    ///   }
    /// }"#).unwrap();
    /// let oauth = config.oauth.unwrap();
    /// assert_eq!(
    ///     oauth.redirect_sign_in_for("http://localhost:8080"),
    ///     Some("http://localhost:8080/callback"),
    /// );
    /// assert_eq!(oauth.redirect_sign_in_for("https://elsewhere.example.com"), None);
    /// ```
    pub fn redirect_sign_in_for(&self, origin: &str) -> Option<&str> {
        url_for_origin(&self.redirect_sign_in, origin)
    }

    /// The `redirectSignIn` entry for the page at `origin` and `path`: the
    /// page itself when it is listed (an `<Authenticator>` or
    /// `<RequireAuth>` there finishes the sign-in in place, as Amplify's
    /// does), else the routed app's `/callback` on `origin`, else the first
    /// entry on `origin`.
    ///
    /// ```
    /// use leptos_cognito::AuthConfig;
    ///
    /// let config = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789",
    ///   "oauth": {
    ///     "domain": "https://auth.example.com",
    ///     "redirectSignIn": ["https://app.example.com/members", "https://app.example.com/callback"],
    ///     "redirectSignOut": ["https://app.example.com/"],
    ///     "providers": [{ "name": "Google" }]
    ///   }
    /// }"#).unwrap();
    /// let oauth = config.oauth.unwrap();
    /// let origin = "https://app.example.com";
    /// assert_eq!(oauth.redirect_sign_in_for_page(origin, "/members"), Some("https://app.example.com/members"));
    /// assert_eq!(oauth.redirect_sign_in_for_page(origin, "/login"), Some("https://app.example.com/callback"));
    /// ```
    pub fn redirect_sign_in_for_page(&self, origin: &str, path: &str) -> Option<&str> {
        self.redirect_sign_in_at(origin, path)
            .or_else(|| self.redirect_sign_in_at(origin, CALLBACK_PATH))
            .or_else(|| self.redirect_sign_in_for(origin))
    }

    /// The `redirectSignIn` entry that is exactly the page at `origin` and
    /// `path` (origins compared as `origin_of` normalises them), if any.
    pub(crate) fn redirect_sign_in_at(&self, origin: &str, path: &str) -> Option<&str> {
        let origin = origin.to_ascii_lowercase();
        self.redirect_sign_in
            .iter()
            .map(String::as_str)
            .find(|url| {
                origin_of(url).as_deref() == Some(origin.as_str())
                    && split_url(url).is_some_and(|parts| parts.path == path)
            })
    }

    /// The `redirectSignOut` entry on `origin` (the page's `location.origin`).
    ///
    /// ```
    /// use leptos_cognito::AuthConfig;
    ///
    /// let config = AuthConfig::from_json(r#"{
    ///   "region": "ap-northeast-1",
    ///   "userPoolId": "ap-northeast-1_AbC123xyz",
    ///   "userPoolClientId": "1example23456789",
    ///   "oauth": {
    ///     "domain": "https://auth.example.com",
    ///     "redirectSignIn": ["https://app.example.com/callback", "http://localhost:8080/callback"],
    ///     "redirectSignOut": ["https://app.example.com/", "http://localhost:8080/"],
    ///     "providers": [{ "name": "Google" }]
    ///   }
    /// }"#).unwrap();
    /// let oauth = config.oauth.unwrap();
    /// assert_eq!(oauth.redirect_sign_out_for("https://app.example.com"), Some("https://app.example.com/"));
    /// ```
    pub fn redirect_sign_out_for(&self, origin: &str) -> Option<&str> {
        url_for_origin(&self.redirect_sign_out, origin)
    }
}

/// An identity provider of the user pool, as a button (an entry of
/// `oauth.providers`).
///
/// ```
/// use leptos_cognito::config::IdentityProvider;
///
/// let corporate = IdentityProvider {
///     name: "Corporate".into(),
///     label: Some("Corporate SSO".into()),
/// };
/// assert_eq!(corporate.social(), None);
/// assert_eq!(corporate.display_name(), "Corporate");
/// ```
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
    ///
    /// ```
    /// use leptos_cognito::config::{IdentityProvider, SocialProvider};
    ///
    /// let google = IdentityProvider { name: "Google".into(), label: None };
    /// assert_eq!(google.social(), Some(SocialProvider::Google));
    /// ```
    pub fn social(&self) -> Option<SocialProvider> {
        SocialProvider::from_name(&self.name)
    }

    /// The name people know the provider by: the brand of a social provider,
    /// else the configured name.
    ///
    /// ```
    /// use leptos_cognito::config::IdentityProvider;
    ///
    /// let apple = IdentityProvider { name: "SignInWithApple".into(), label: None };
    /// assert_eq!(apple.display_name(), "Apple");
    /// let okta = IdentityProvider { name: "Okta".into(), label: None };
    /// assert_eq!(okta.display_name(), "Okta");
    /// ```
    pub fn display_name(&self) -> &str {
        match self.social() {
            Some(social) => social.brand(),
            None => &self.name,
        }
    }
}

/// The social identity providers Cognito knows by type; their
/// `ProviderName` must equal the type (`ProviderName` in the API Reference
/// for CreateIdentityProvider; docs/cognito-protocol.md §9 item 12).
///
/// ```
/// use leptos_cognito::config::SocialProvider;
///
/// let label = |name: &str| match SocialProvider::from_name(name) {
///     Some(social) => format!("Continue with {}", social.brand()),
///     None => format!("Continue with {name}"),
/// };
/// assert_eq!(label("LoginWithAmazon"), "Continue with Amazon");
/// assert_eq!(label("Corporate"), "Continue with Corporate");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SocialProvider {
    /// `Google`.
    Google,
    /// `Facebook`.
    Facebook,
    /// `SignInWithApple`.
    SignInWithApple,
    /// `LoginWithAmazon`.
    LoginWithAmazon,
}

impl SocialProvider {
    /// By Cognito provider name, exactly.
    ///
    /// ```
    /// use leptos_cognito::config::SocialProvider;
    ///
    /// assert_eq!(SocialProvider::from_name("Facebook"), Some(SocialProvider::Facebook));
    /// // The provider type as Amplify writes it is not a `ProviderName`.
    /// assert_eq!(SocialProvider::from_name("FACEBOOK"), None);
    /// ```
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
    ///
    /// ```
    /// use leptos_cognito::config::SocialProvider;
    ///
    /// assert_eq!(SocialProvider::SignInWithApple.brand(), "Apple");
    /// ```
    pub fn brand(self) -> &'static str {
        match self {
            Self::Google => "Google",
            Self::Facebook => "Facebook",
            Self::SignInWithApple => "Apple",
            Self::LoginWithAmazon => "Amazon",
        }
    }
}

/// Validates the `oauth` block (absent or `null`: no social sign-in),
/// adding every problem to `problems`.
pub(crate) fn validate_oauth(
    raw: Option<Typed<Object<RawOAuth>>>,
    problems: &mut Vec<ConfigProblem>,
) -> Option<OAuthConfig> {
    let Object {
        known: raw,
        unknown,
    } = match raw? {
        Typed::Right(object) => object,
        Typed::Wrong(_) => {
            problems.push(ConfigProblem::NotObject {
                field: "oauth".into(),
            });
            return None;
        }
    };
    let before = problems.len();
    unknown_fields::<RawOAuth>(&unknown, "oauth.", problems);

    let domain = required_string(
        raw.domain,
        "oauth.domain",
        "https://auth.example.com",
        problems,
    )
    .and_then(|url| check_url("oauth.domain", &url, problems))
    .map(|url| url.trim_end_matches('/').to_owned());
    let redirect_sign_in = redirect_urls(
        raw.redirect_sign_in,
        "oauth.redirectSignIn",
        "https://app.example.com/callback",
        false,
        problems,
    );
    let redirect_sign_out = redirect_urls(
        raw.redirect_sign_out,
        "oauth.redirectSignOut",
        "https://app.example.com/",
        true,
        problems,
    );

    let scopes = match string_list(raw.scopes, "oauth.scopes", problems) {
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

    let providers = providers(raw.providers, problems);

    let return_paths = match string_list(raw.return_paths, "oauth.returnPaths", problems) {
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

/// `redirectSignIn` / `redirectSignOut` at `path`: one URL or a non-empty
/// list of them, each checked like any URL of the block. An entry listed
/// twice counts once. For `redirectSignOut`, two different entries on one
/// origin are refused, since the app picks that entry by origin; sign-in
/// entries may share one (an `<Authenticator>` on a listed page takes the
/// redirect back there: [`OAuthConfig::redirect_sign_in_for_page`]).
fn redirect_urls(
    value: Option<Value>,
    path: &'static str,
    example: &'static str,
    one_per_origin: bool,
    problems: &mut Vec<ConfigProblem>,
) -> Option<Vec<String>> {
    let before = problems.len();
    let entries: Vec<String> = match value.map(Redirects::read) {
        None => {
            problems.push(ConfigProblem::Missing {
                field: path,
                example,
            });
            return None;
        }
        Some(Typed::Right(Redirects::One(url))) => {
            return required_string(Some(Value::String(url)), path, example, problems)
                .and_then(|url| check_url(path, &url, problems))
                .map(|url| vec![url]);
        }
        Some(Typed::Right(Redirects::Many(items))) if items.is_empty() => {
            problems.push(ConfigProblem::Empty { field: path.into() });
            return None;
        }
        Some(Typed::Right(Redirects::Many(items))) => items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let at = format!("{path}[{i}]");
                match item {
                    Typed::Right(s) if s.trim().is_empty() => {
                        problems.push(ConfigProblem::Empty { field: at });
                        None
                    }
                    Typed::Right(s) => check_url(&at, s.trim(), problems),
                    Typed::Wrong(_) => {
                        problems.push(ConfigProblem::NotString { field: at });
                        None
                    }
                }
            })
            .collect(),
        Some(Typed::Wrong(_)) => {
            problems.push(OAuthProblem::RedirectNotUrls { field: path.into() }.into());
            return None;
        }
    };
    let mut urls: Vec<String> = Vec::new();
    for url in entries {
        if urls.contains(&url) {
            continue;
        }
        let origin = origin_of(&url);
        let same_origin = urls.iter().find(|u| origin_of(u) == origin);
        if let Some(first) = same_origin.filter(|_| one_per_origin) {
            problems.push(
                OAuthProblem::RedirectSameOrigin {
                    field: path.into(),
                    first: first.clone(),
                    second: url.clone(),
                    origin: origin.unwrap_or_default(),
                }
                .into(),
            );
            continue;
        }
        urls.push(url);
    }
    (problems.len() == before).then_some(urls)
}

/// A list of strings at `field`, trimmed; `None` when absent, and an empty
/// list (after the problem) when it is not a list of strings.
fn string_list(
    value: Option<Value>,
    field: &str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<Vec<String>> {
    match Typed::strings(value?) {
        Typed::Right(items) => Some(items.iter().map(|s| s.trim().to_owned()).collect()),
        Typed::Wrong(_) => {
            problems.push(ConfigProblem::NotList {
                field: field.to_owned(),
            });
            Some(Vec::new())
        }
    }
}

/// An http(s) URL with no user, query or fragment; `http` only on loopback
/// (exact redirect URIs, RFC 9700 §4.1.3; loopback `http`, RFC 8252 §8.3).
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

/// `oauth.providers`: required, a list of objects with a unique, valid
/// `name` and an optional `label`.
fn providers(value: Option<Value>, problems: &mut Vec<ConfigProblem>) -> Vec<IdentityProvider> {
    let items = match value.map(Typed::list) {
        None => {
            problems.push(ConfigProblem::Missing {
                field: "oauth.providers",
                example: "[{ \"name\": \"Google\" }]",
            });
            return Vec::new();
        }
        Some(Typed::Right(items)) => items,
        Some(Typed::Wrong(_)) => {
            problems.push(ConfigProblem::NotList {
                field: "oauth.providers".into(),
            });
            return Vec::new();
        }
    };
    let mut providers: Vec<IdentityProvider> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let at = format!("oauth.providers[{i}]");
        let Typed::Right(Object {
            known: entry,
            unknown,
        }) = Object::<RawProvider>::read(item)
        else {
            problems.push(ConfigProblem::NotObject { field: at });
            continue;
        };
        unknown_fields::<RawProvider>(&unknown, &format!("{at}."), problems);
        let name = match entry.name.map(Typed::string) {
            Some(Typed::Right(name)) => name.trim().to_owned(),
            None => {
                problems.push(ConfigProblem::Missing {
                    field: "oauth.providers[].name",
                    example: "Google",
                });
                continue;
            }
            Some(Typed::Wrong(_)) => {
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
        let label = match entry.label.map(Typed::string) {
            None => None,
            Some(Typed::Right(label)) => {
                let trimmed = label.trim();
                if trimmed.is_empty()
                    || trimmed.chars().count() > MAX_LABEL_CHARS
                    || trimmed.chars().any(char::is_control)
                {
                    problems.push(OAuthProblem::BadLabel { value: label }.into());
                    None
                } else {
                    Some(trimmed.to_owned())
                }
            }
            Some(Typed::Wrong(_)) => {
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

/// `redirectSignIn` must bring the browser back to this app (`app_origin`,
/// `location.origin`), since the attempt waits in this origin's
/// sessionStorage; `redirectSignOut` too, or the sign-out would end elsewhere.
/// Each needs an entry on `app_origin`.
pub fn check_redirect_origin(
    oauth: &OAuthConfig,
    app_origin: &str,
) -> Result<(), Vec<OAuthProblem>> {
    let mut problems = Vec::new();
    if oauth.redirect_sign_in_for(app_origin).is_none() {
        problems.push(OAuthProblem::RedirectOtherOrigin {
            values: oauth.redirect_sign_in.clone(),
            origin: app_origin.to_owned(),
        });
    }
    if oauth.redirect_sign_out_for(app_origin).is_none() {
        problems.push(OAuthProblem::SignOutOtherOrigin {
            values: oauth.redirect_sign_out.clone(),
            origin: app_origin.to_owned(),
        });
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AuthConfig;
    use crate::i18n::Lang;
    use serde_json::{json, Value};

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
        assert_eq!(o.redirect_sign_in, ["https://app.example.com/callback"]);
        assert_eq!(o.redirect_sign_out, ["https://app.example.com/"]);
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
        // Both origins the emulator's seed client registers.
        assert_eq!(
            o.redirect_sign_in,
            [
                "http://127.0.0.1:8080/callback",
                "http://localhost:8080/callback"
            ]
        );
        assert_eq!(
            o.redirect_sign_out,
            ["http://127.0.0.1:8080/", "http://localhost:8080/"]
        );
        let names: Vec<_> = o.providers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Google", "Corporate"]);
        assert_eq!(o.providers[1].label.as_deref(), Some("Corporate SSO"));
        for origin in ["http://127.0.0.1:8080", "http://localhost:8080"] {
            assert_eq!(check_redirect_origin(&o, origin), Ok(()), "{origin}");
            assert_eq!(
                o.redirect_sign_in_for(origin),
                Some(format!("{origin}/callback").as_str())
            );
            assert_eq!(
                o.redirect_sign_out_for(origin),
                Some(format!("{origin}/").as_str())
            );
        }
        assert!(check_redirect_origin(&o, "http://127.0.0.1:8081").is_err());
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
        // Inside a provider entry too, where it is refused, not ignored.
        let p = problems(edit(
            good(),
            "providers",
            json!([{"name": "Google", "clientSecret": "x"}]),
        ));
        assert_eq!(
            p,
            vec![ConfigProblem::ClientSecret {
                field: "oauth.providers[0].clientSecret".into()
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
        let o = oauth_config(
            &["http://127.0.0.1:8080/callback"],
            &["http://127.0.0.1:8080/"],
        );
        assert_eq!(check_redirect_origin(&o, "http://127.0.0.1:8080"), Ok(()));
        let problems = check_redirect_origin(&o, "http://localhost:8080").unwrap_err();
        assert_eq!(
            problems,
            [
                OAuthProblem::RedirectOtherOrigin {
                    values: vec!["http://127.0.0.1:8080/callback".into()],
                    origin: "http://localhost:8080".into()
                },
                OAuthProblem::SignOutOtherOrigin {
                    values: vec!["http://127.0.0.1:8080/".into()],
                    origin: "http://localhost:8080".into()
                }
            ]
        );
        let en = problems[0].notice().render(Lang::En);
        assert!(
            en.contains("\"http://127.0.0.1:8080/callback\"")
                && en.contains("http://localhost:8080/callback"),
            "{en}"
        );
        assert!(problems[0]
            .notice()
            .render(Lang::Ja)
            .contains("redirectSignIn"));
        let en = problems[1].notice().render(Lang::En);
        assert!(
            en.contains("redirectSignOut")
                && en.contains("\"http://127.0.0.1:8080/\"")
                && en.contains("add http://localhost:8080/,"),
            "{en}"
        );
    }

    fn oauth_config(sign_in: &[&str], sign_out: &[&str]) -> OAuthConfig {
        OAuthConfig {
            domain: "https://auth.example.com".into(),
            redirect_sign_in: sign_in.iter().map(|s| (*s).to_owned()).collect(),
            redirect_sign_out: sign_out.iter().map(|s| (*s).to_owned()).collect(),
            scopes: vec!["openid".into()],
            providers: Vec::new(),
            return_paths: vec!["/account".into()],
        }
    }

    fn redirects(sign_in: Value, sign_out: Value) -> Result<OAuthConfig, Vec<ConfigProblem>> {
        AuthConfig::from_value(&with_oauth(edit(
            edit(good(), "redirectSignIn", sign_in),
            "redirectSignOut",
            sign_out,
        )))
        .map(|c| c.oauth.unwrap())
    }

    #[test]
    fn a_single_redirect_url_is_used_on_its_own_origin_only() {
        let o = redirects(
            json!(" https://app.example.com/callback "),
            json!("https://app.example.com/"),
        )
        .unwrap();
        assert_eq!(o.redirect_sign_in, ["https://app.example.com/callback"]);
        assert_eq!(
            o.redirect_sign_in_for("https://app.example.com"),
            Some("https://app.example.com/callback")
        );
        assert_eq!(
            o.redirect_sign_out_for("https://app.example.com"),
            Some("https://app.example.com/")
        );
        // Origins as browsers write them: case and the default port.
        assert_eq!(
            o.redirect_sign_in_for("HTTPS://APP.EXAMPLE.COM"),
            Some("https://app.example.com/callback")
        );
        for other in [
            "http://app.example.com",
            "https://app.example.com:8443",
            "https://staging.app.example.com",
            "https://example.com",
            "null",
            "",
        ] {
            assert_eq!(o.redirect_sign_in_for(other), None, "{other}");
            assert_eq!(o.redirect_sign_out_for(other), None, "{other}");
        }
    }

    #[test]
    fn from_a_list_the_entry_on_the_page_origin_is_used() {
        let o = redirects(
            json!([
                "https://app.example.com/callback",
                "https://staging.example.com/auth/callback",
                "http://localhost:8080/callback",
                "http://127.0.0.1:8080/callback"
            ]),
            json!([
                "https://app.example.com/",
                "https://staging.example.com/signed-out",
                "http://localhost:8080/",
                "http://127.0.0.1:8080/"
            ]),
        )
        .unwrap();
        for (origin, sign_in, sign_out) in [
            (
                "https://app.example.com",
                "https://app.example.com/callback",
                "https://app.example.com/",
            ),
            (
                "https://staging.example.com",
                "https://staging.example.com/auth/callback",
                "https://staging.example.com/signed-out",
            ),
            (
                "http://localhost:8080",
                "http://localhost:8080/callback",
                "http://localhost:8080/",
            ),
            (
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080/callback",
                "http://127.0.0.1:8080/",
            ),
        ] {
            assert_eq!(o.redirect_sign_in_for(origin), Some(sign_in), "{origin}");
            assert_eq!(o.redirect_sign_out_for(origin), Some(sign_out), "{origin}");
            assert_eq!(check_redirect_origin(&o, origin), Ok(()), "{origin}");
        }
        // No entry on the page's origin: the config error lists every URL
        // and the origin.
        let problems = check_redirect_origin(&o, "http://localhost:3000").unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        let en = problems[0].notice().render(Lang::En);
        for url in &o.redirect_sign_in {
            assert!(en.contains(&format!("\"{url}\"")), "{url} missing: {en}");
        }
        assert!(en.contains("http://localhost:3000"), "{en}");
        let ja = problems[1].notice().render(Lang::Ja);
        for url in &o.redirect_sign_out {
            assert!(ja.contains(url.as_str()), "{url} missing: {ja}");
        }
        assert!(ja.contains("http://localhost:3000"), "{ja}");
        // A sign-in URL alone is not enough: sign-out must come back too.
        let half = redirects(
            json!([
                "https://app.example.com/callback",
                "https://b.example.com/callback"
            ]),
            json!("https://app.example.com/"),
        )
        .unwrap();
        assert_eq!(
            check_redirect_origin(&half, "https://b.example.com"),
            Err(vec![OAuthProblem::SignOutOtherOrigin {
                values: vec!["https://app.example.com/".into()],
                origin: "https://b.example.com".into()
            }])
        );
    }

    #[test]
    fn duplicate_redirect_entries() {
        // The same URL twice counts once.
        let o = redirects(
            json!([
                "http://127.0.0.1:8080/callback",
                " http://127.0.0.1:8080/callback",
                "http://localhost:8080/callback"
            ]),
            json!(["http://127.0.0.1:8080/", "http://127.0.0.1:8080/"]),
        )
        .unwrap();
        assert_eq!(
            o.redirect_sign_in,
            [
                "http://127.0.0.1:8080/callback",
                "http://localhost:8080/callback"
            ]
        );
        assert_eq!(o.redirect_sign_out, ["http://127.0.0.1:8080/"]);
        assert_eq!(
            o.redirect_sign_in_for("http://127.0.0.1:8080"),
            Some("http://127.0.0.1:8080/callback")
        );
        // Two sign-out URLs on one origin: which to use would be a guess.
        let p = redirects(
            json!("https://app.example.com/callback"),
            json!([
                "https://app.example.com/",
                "HTTPS://app.example.com:443/bye"
            ]),
        )
        .unwrap_err();
        assert_eq!(
            p,
            vec![oauth_problem(OAuthProblem::RedirectSameOrigin {
                field: "oauth.redirectSignOut".into(),
                first: "https://app.example.com/".into(),
                second: "HTTPS://app.example.com:443/bye".into(),
                origin: "https://app.example.com".into()
            })]
        );
        // Sign-in URLs may share one: a page that is one takes the redirect.
        let o = redirects(
            json!([
                "https://app.example.com/callback",
                "https://app.example.com/members"
            ]),
            json!("https://app.example.com/"),
        )
        .unwrap();
        assert_eq!(
            o.redirect_sign_in_for_page("https://app.example.com", "/members"),
            Some("https://app.example.com/members")
        );
        assert_eq!(
            o.redirect_sign_in_for_page("https://app.example.com", "/"),
            Some("https://app.example.com/callback")
        );
        // The page itself only when it is exactly an entry: origins as
        // `origin_of` writes them, paths exactly (the callback check on any
        // other page, with a host's own `?code=`, stays off).
        let o = redirects(
            json!([
                "HTTPS://App.example.com:443/members",
                "https://app.example.com/welcome"
            ]),
            json!("https://app.example.com/"),
        )
        .unwrap();
        assert!(o
            .redirect_sign_in_at("https://app.example.com", "/members")
            .is_some());
        assert!(o
            .redirect_sign_in_at("https://app.example.com", "/members/")
            .is_none());
        assert!(o
            .redirect_sign_in_at("https://app.example.com", "/")
            .is_none());
        // No `/callback` entry: the first on the origin.
        assert_eq!(
            o.redirect_sign_in_for_page("https://app.example.com", "/login"),
            Some("HTTPS://App.example.com:443/members")
        );
        assert!(p[0].to_string().contains("one URL per origin"), "{}", p[0]);
        // Without validation, the first entry on the origin wins.
        let unchecked = oauth_config(
            &["https://a.example/one", "https://a.example/two"],
            &["https://a.example/"],
        );
        assert_eq!(
            unchecked.redirect_sign_in_for("https://a.example"),
            Some("https://a.example/one")
        );
    }

    #[test]
    fn redirect_lists_are_checked_entry_by_entry() {
        let p = redirects(
            json!([
                "https://app.example.com/callback",
                "http://app.example.com/callback",
                "not a url",
                7,
                " "
            ]),
            json!([]),
        )
        .unwrap_err();
        assert_eq!(
            p,
            vec![
                oauth_problem(OAuthProblem::Http {
                    field: "oauth.redirectSignIn[1]".into(),
                    value: "http://app.example.com/callback".into()
                }),
                oauth_problem(OAuthProblem::NotUrl {
                    field: "oauth.redirectSignIn[2]".into(),
                    value: "not a url".into()
                }),
                ConfigProblem::NotString {
                    field: "oauth.redirectSignIn[3]".into()
                },
                ConfigProblem::Empty {
                    field: "oauth.redirectSignIn[4]".into()
                },
                ConfigProblem::Empty {
                    field: "oauth.redirectSignOut".into()
                },
            ]
        );
        let p = redirects(
            json!({"url": "https://app.example.com/callback"}),
            json!(" "),
        )
        .unwrap_err();
        assert_eq!(
            p,
            vec![
                oauth_problem(OAuthProblem::RedirectNotUrls {
                    field: "oauth.redirectSignIn".into()
                }),
                ConfigProblem::Empty {
                    field: "oauth.redirectSignOut".into()
                },
            ]
        );
        assert!(p[0].to_string().contains("a list of URLs"), "{}", p[0]);
        assert!(p[0]
            .notice()
            .render(Lang::Ja)
            .contains("oauth.redirectSignIn"));
    }
}
