//! The app's `Content-Security-Policy`, derived from its `config.json`: one
//! generator for `cargo xtask csp` (the header to deploy, and `Trunk.toml`'s
//! for `trunk serve`) and the end-to-end tests (the header their static
//! server sends with the `config.json` it serves).
//!
//! ```text
//! default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';
//! img-src 'self' data:; connect-src 'self' <endpoints>; form-action <domain>;
//! frame-ancestors 'none'; base-uri 'none'
//! ```
//!
//! - `script-src 'self' 'wasm-unsafe-eval'`: the wasm-bindgen glue and the
//!   loader, both files (the loader is moved out of `index.html` by
//!   `cargo xtask externalize-scripts`, Trunk's post-build hook), and
//!   `WebAssembly.instantiateStreaming` (CSP Level 3, "wasm-unsafe-eval").
//!   Never `'unsafe-inline'` nor `'unsafe-eval'`.
//! - `style-src 'self'`: the one stylesheet; the app sets no `style`
//!   attributes.
//! - `img-src 'self' data:`: the favicon; `data:` for images a page may
//!   inline.
//! - `connect-src`: `'self'` because the app fetches its own `config.json`
//!   and wasm-bindgen `fetch`es the `.wasm`; then the `cognito-idp` endpoint
//!   (`endpoints.userPool`, else the regional one), which also serves the
//!   pool's key set the app verifies tokens with
//!   (`<issuer>/.well-known/jwks.json`, the issuer being
//!   `<endpoint>/<userPoolId>`, as the app builds it); with `identityPoolId`,
//!   the `cognito-identity` endpoint (`endpoints.identityPool`, else the
//!   identity pool region's); with `oauth`, the user pool domain
//!   (`/oauth2/token`, `/oauth2/revoke`); and the APIs the account page calls
//!   (`api.whoami`, `api.admin`). Each origin once.
//! - `form-action`: the user pool domain when `oauth` is configured, else
//!   `'none'`: the app's own forms are handled in script and never submitted.
//! - `frame-ancestors 'none'`: no framing (clickjacking); `base-uri 'none'`.
//!
//! Sources are origins (`scheme://host[:port]`): CSP ignores paths after a
//! redirect anyway (CSP Level 3, "Does url match expression in origin with
//! redirect count?"), and an origin cannot smuggle a
//! `;` or a quote into the header: every URL is checked character by
//! character before it becomes a source.

use std::fmt;

use cognito_client::identity_pool::{identity_endpoint, region_of_identity_pool};
use serde_json::Value;

/// Fixed directives before `connect-src`, in the order the header lists them.
const BEFORE_CONNECT: [(&str, &str); 4] = [
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
];

/// The URLs in `config.json`'s `api` object, which the account page calls
/// with the user's token.
const API_KEYS: [&str; 2] = ["whoami", "admin"];

/// Fixed directives after `form-action`.
const AFTER_FORM_ACTION: [(&str, &str); 2] =
    [("frame-ancestors", "'none'"), ("base-uri", "'none'")];

/// The policy for one `config.json`: the two directives that depend on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppPolicy {
    /// `connect-src` sources: `'self'`, then endpoint origins.
    pub connect_src: Vec<String>,
    /// `form-action` sources: the user pool domain's origin, or `'none'`.
    pub form_action: Vec<String>,
}

/// A `config.json` value the policy cannot be made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    /// The field, as written in `config.json` (`endpoints.userPool`).
    pub field: String,
    /// What is wrong and what to write instead.
    pub problem: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "config.json `{}`: {}", self.field, self.problem)
    }
}

impl std::error::Error for ConfigProblem {}

fn problem(field: &str, problem: impl Into<String>) -> ConfigProblem {
    ConfigProblem {
        field: field.to_owned(),
        problem: problem.into(),
    }
}

impl AppPolicy {
    /// The policy for `config` (the parsed `config.json`).
    ///
    /// Reads only what the header needs: `region`, `endpoints.userPool`,
    /// `identityPoolId`, `endpoints.identityPool`, `oauth.domain` and `api`.
    /// The app validates the rest when it loads the file.
    pub fn from_config(config: &Value) -> Result<AppPolicy, ConfigProblem> {
        let root = config
            .as_object()
            .ok_or_else(|| problem("(top level)", "must be a JSON object"))?;
        let endpoints = match root.get("endpoints") {
            None | Some(Value::Null) => None,
            Some(Value::Object(endpoints)) => Some(endpoints),
            Some(_) => {
                return Err(problem(
                    "endpoints",
                    "must be an object such as {\"userPool\": \"https://…\"}",
                ))
            }
        };
        let endpoint = |key: &str, example: &str| -> Result<Option<String>, ConfigProblem> {
            let field = format!("endpoints.{key}");
            match endpoints.and_then(|e| e.get(key)) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(url)) => origin(url, &field).map(Some),
                Some(_) => Err(problem(
                    &field,
                    format!("must be a URL string such as \"{example}\""),
                )),
            }
        };
        let user_pool = endpoint(
            "userPool",
            "https://cognito-idp.ap-northeast-1.amazonaws.com/",
        )?;
        let user_pool = match user_pool {
            Some(origin) => origin,
            None => {
                let region = match root.get("region") {
                    Some(Value::String(region)) if is_region(region) => region,
                    _ => {
                        return Err(problem(
                            "region",
                            "must be an AWS region such as \"ap-northeast-1\" \
                             (connect-src needs the regional cognito-idp endpoint \
                             when endpoints.userPool is not set)",
                        ))
                    }
                };
                let endpoint = cognito_client::client::regional_endpoint(region);
                origin(&endpoint, "region")?
            }
        };
        let domain =
            match root.get("oauth") {
                None | Some(Value::Null) => None,
                Some(Value::Object(oauth)) => match oauth.get("domain") {
                    Some(Value::String(url)) => Some(origin(url, "oauth.domain")?),
                    _ => return Err(problem(
                        "oauth.domain",
                        "must be the user pool domain's URL, such as \"https://auth.example.com\"",
                    )),
                },
                Some(_) => return Err(problem("oauth", "must be an object")),
            };

        // The app calls the identity pool only when `identityPoolId` is set
        // (`endpoints.identityPool` alone is not used).
        let identity_pool = match root.get("identityPoolId") {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) => {
                let region = region_of_identity_pool(id.trim())
                    .filter(|r| is_region(r))
                    .ok_or_else(|| {
                        problem(
                            "identityPoolId",
                            format!(
                                "{id:?} is not an identity pool ID such as \
                                 \"ap-northeast-1:00000000-0000-4000-8000-000000000001\""
                            ),
                        )
                    })?;
                Some(
                    match endpoint(
                        "identityPool",
                        "https://cognito-identity.ap-northeast-1.amazonaws.com/",
                    )? {
                        Some(origin) => origin,
                        None => origin(&identity_endpoint(region), "identityPoolId")?,
                    },
                )
            }
            Some(_) => return Err(problem(
                "identityPoolId",
                "must be a string such as \"ap-northeast-1:00000000-0000-4000-8000-000000000001\"",
            )),
        };
        let mut apis = Vec::new();
        match root.get("api") {
            None | Some(Value::Null) => {}
            Some(Value::Object(api)) => {
                for key in API_KEYS {
                    let field = format!("api.{key}");
                    match api.get(key) {
                        None | Some(Value::Null) => {}
                        Some(Value::String(url)) => apis.push(origin(url, &field)?),
                        Some(_) => {
                            return Err(problem(
                                &field,
                                "must be a URL string such as \"https://api.example.com/whoami\"",
                            ))
                        }
                    }
                }
            }
            Some(_) => {
                return Err(problem(
                    "api",
                    "must be an object such as {\"whoami\": \"https://api.example.com/whoami\"}",
                ))
            }
        }

        let mut connect_src = vec!["'self'".to_owned()];
        for source in [Some(user_pool), identity_pool, domain.clone()]
            .into_iter()
            .flatten()
            .chain(apis)
        {
            if !connect_src.contains(&source) {
                connect_src.push(source);
            }
        }
        let form_action = vec![domain.unwrap_or_else(|| "'none'".to_owned())];
        Ok(AppPolicy {
            connect_src,
            form_action,
        })
    }

    /// The policy for a config it cannot be made from (a test serving a
    /// broken `config.json` on purpose): the app only fetches its own files
    /// before it shows the config error, so `connect-src 'self'`.
    pub fn same_origin_only() -> AppPolicy {
        AppPolicy {
            connect_src: vec!["'self'".to_owned()],
            form_action: vec!["'none'".to_owned()],
        }
    }

    /// Every directive with its sources, in header order.
    pub fn directives(&self) -> Vec<(&'static str, String)> {
        let mut all: Vec<(&'static str, String)> = BEFORE_CONNECT
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect();
        all.push(("connect-src", self.connect_src.join(" ")));
        all.push(("form-action", self.form_action.join(" ")));
        all.extend(
            AFTER_FORM_ACTION
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned())),
        );
        all
    }

    /// The `Content-Security-Policy` header's value.
    pub fn header_value(&self) -> String {
        self.directives()
            .iter()
            .map(|(name, value)| format!("{name} {value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

impl fmt::Display for AppPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header_value())
    }
}

/// `ap-northeast-1`, `us-gov-west-1`, `cn-north-1`: lower-case letters,
/// digits and dashes.
fn is_region(region: &str) -> bool {
    !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The origin (`scheme://host[:port]`, lower case) of a plain `http(s)` URL,
/// as a CSP host-source (CSP Level 3 §2.3.1). Anything else — user info, a
/// query, a fragment, a character that is not allowed in a host name — is
/// refused, so a value cannot add directives to the header.
fn origin(url: &str, field: &str) -> Result<String, ConfigProblem> {
    let not_a_url = || {
        problem(
            field,
            format!(
                "{url:?} is not a plain http(s) URL such as \"https://auth.example.com\" \
                 (scheme, host and optional port and path; no user, query or fragment)"
            ),
        )
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(not_a_url)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(not_a_url());
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let path = &rest[authority.len()..];
    // RFC 3986 path characters, less `'`, `,` and `;`, which mean
    // something in a CSP header.
    if !path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-._~%!$&()*+=:@".contains(&b))
    {
        return Err(not_a_url());
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (address, after) = v6.split_once(']').ok_or_else(not_a_url)?;
            if address.is_empty()
                || !address
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
            {
                return Err(not_a_url());
            }
            (&authority[..address.len() + 2], after)
        }
        None => match authority.find(':') {
            Some(i) => (&authority[..i], &authority[i..]),
            None => (authority, ""),
        },
    };
    if !host.starts_with('[')
        && (host.is_empty()
            || host.starts_with(['.', '-'])
            || !host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'))
    {
        return Err(not_a_url());
    }
    if !port.is_empty() {
        let digits = port.strip_prefix(':').ok_or_else(not_a_url)?;
        if digits.is_empty()
            || digits.len() > 5
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.parse::<u32>().map_or(true, |p| p > 65535)
        {
            return Err(not_a_url());
        }
    }
    Ok(format!("{scheme}://{}{port}", host.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(config: Value) -> String {
        AppPolicy::from_config(&config)
            .unwrap_or_else(|e| panic!("{e}"))
            .header_value()
    }

    fn refused(config: Value) -> ConfigProblem {
        AppPolicy::from_config(&config).expect_err("should be refused")
    }

    #[test]
    fn the_local_config_allows_the_emulator_only() {
        let config = json!({
            "region": "ap-northeast-1",
            "endpoints": {"userPool": "http://127.0.0.1:9229/"},
            "oauth": {"domain": "http://127.0.0.1:9229"},
        });
        assert_eq!(
            header(config),
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self' http://127.0.0.1:9229; \
             form-action http://127.0.0.1:9229; frame-ancestors 'none'; base-uri 'none'"
        );
    }

    #[test]
    fn without_an_override_the_regional_endpoint_is_used() {
        let policy = AppPolicy::from_config(&json!({"region": "eu-west-1"})).unwrap();
        assert_eq!(
            policy.connect_src,
            ["'self'", "https://cognito-idp.eu-west-1.amazonaws.com"]
        );
        assert_eq!(policy.form_action, ["'none'"]);
        // China regions live under amazonaws.com.cn, as the client says.
        let policy = AppPolicy::from_config(&json!({"region": "cn-north-1"})).unwrap();
        assert_eq!(
            policy.connect_src[1],
            "https://cognito-idp.cn-north-1.amazonaws.com.cn"
        );
    }

    #[test]
    fn the_user_pool_domain_is_connected_to_and_the_only_form_action() {
        let policy = AppPolicy::from_config(&json!({
            "region": "ap-northeast-1",
            "endpoints": null,
            "oauth": {"domain": "https://Auth.Example.com/"},
        }))
        .unwrap();
        assert_eq!(
            policy.connect_src,
            [
                "'self'",
                "https://cognito-idp.ap-northeast-1.amazonaws.com",
                "https://auth.example.com"
            ]
        );
        assert_eq!(policy.form_action, ["https://auth.example.com"]);
    }

    #[test]
    fn the_identity_pool_and_the_apis_are_connected_to() {
        let policy = AppPolicy::from_config(&json!({
            "region": "eu-west-1",
            "identityPoolId": "eu-west-1:00000000-0000-4000-8000-000000000001",
            "api": {
                "whoami": "https://api.example.com/prod/whoami",
                "admin": "https://admin.example.com:8443/admin",
            },
        }))
        .unwrap();
        // Without `endpoints.identityPool`: the identity pool region's
        // endpoint, as the app (and the core's rule) calls it.
        assert_eq!(
            policy.connect_src,
            [
                "'self'",
                "https://cognito-idp.eu-west-1.amazonaws.com",
                "https://cognito-identity.eu-west-1.amazonaws.com",
                "https://api.example.com",
                "https://admin.example.com:8443"
            ]
        );
        assert_eq!(policy.form_action, ["'none'"]);
        let china = AppPolicy::from_config(&json!({
            "region": "cn-north-1",
            "identityPoolId": "cn-north-1:00000000-0000-4000-8000-000000000001",
        }))
        .unwrap();
        assert_eq!(
            china.connect_src[2],
            "https://cognito-identity.cn-north-1.amazonaws.com.cn"
        );
    }

    #[test]
    fn endpoints_identity_pool_overrides_and_counts_only_with_an_identity_pool_id() {
        let with_id = AppPolicy::from_config(&json!({
            "region": "ap-northeast-1",
            "endpoints": {
                "userPool": "http://127.0.0.1:9229/",
                "identityPool": "http://localhost:9230/",
            },
            "identityPoolId": "ap-northeast-1:00000000-0000-4000-8000-000000000001",
        }))
        .unwrap();
        assert_eq!(
            with_id.connect_src,
            ["'self'", "http://127.0.0.1:9229", "http://localhost:9230"]
        );
        // The app does not call an identity pool it has no ID for.
        let without_id = AppPolicy::from_config(&json!({
            "region": "ap-northeast-1",
            "endpoints": {"identityPool": "http://localhost:9230/"},
        }))
        .unwrap();
        assert_eq!(
            without_id.connect_src,
            ["'self'", "https://cognito-idp.ap-northeast-1.amazonaws.com"]
        );
    }

    #[test]
    fn an_origin_shared_by_several_settings_is_listed_once() {
        // The local set-up: the emulator is the user pool, its domain, the
        // identity pool and the sample API.
        let policy = AppPolicy::from_config(&json!({
            "region": "ap-northeast-1",
            "endpoints": {
                "userPool": "http://127.0.0.1:9229/",
                "identityPool": "http://127.0.0.1:9229/",
            },
            "identityPoolId": "ap-northeast-1:00000000-0000-4000-8000-000000000001",
            "api": {
                "whoami": "http://127.0.0.1:9229/_local/api/whoami",
                "admin": "http://127.0.0.1:9229/_local/api/admin",
            },
            "oauth": {"domain": "http://127.0.0.1:9229"},
        }))
        .unwrap();
        assert_eq!(policy.connect_src, ["'self'", "http://127.0.0.1:9229"]);
    }

    /// The key set the app verifies tokens with is at
    /// `<issuer>/.well-known/jwks.json`, the issuer being the user pool
    /// endpoint plus the pool ID: always on the endpoint's origin, which
    /// `connect-src` has.
    #[test]
    fn the_key_set_is_on_a_connected_origin() {
        for (config, endpoint) in [
            (
                json!({"region": "us-east-1", "userPoolId": "us-east-1_AbC"}),
                "https://cognito-idp.us-east-1.amazonaws.com/",
            ),
            (
                json!({"endpoints": {"userPool": "http://127.0.0.1:9229/"}, "userPoolId": "ap-northeast-1_Local"}),
                "http://127.0.0.1:9229/",
            ),
        ] {
            let policy = AppPolicy::from_config(&config).unwrap();
            let issuer = format!(
                "{}/{}",
                endpoint.trim_end_matches('/'),
                config["userPoolId"].as_str().unwrap()
            );
            let key_set = cognito_client::jwks::jwks_url(&issuer);
            let key_set_origin = origin(&key_set, "jwks").unwrap();
            assert!(
                policy.connect_src.contains(&key_set_origin),
                "{key_set} not allowed by {:?}",
                policy.connect_src
            );
        }
    }

    #[test]
    fn every_directive_is_there_once_and_nothing_unsafe() {
        let policy = AppPolicy::from_config(&json!({"region": "us-east-1"})).unwrap();
        let names: Vec<&str> = policy.directives().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "default-src",
                "script-src",
                "style-src",
                "img-src",
                "connect-src",
                "form-action",
                "frame-ancestors",
                "base-uri"
            ]
        );
        let value = policy.header_value();
        assert!(!value.contains("unsafe-inline") && !value.contains("'unsafe-eval'"));
        assert_eq!(value, policy.to_string());
    }

    #[test]
    fn ports_and_ipv6_hosts_are_kept() {
        let policy = AppPolicy::from_config(&json!({
            "endpoints": {"userPool": "http://[::1]:9229/x/"},
            "oauth": {"domain": "HTTP://LOCALHOST:8443"},
        }))
        .unwrap();
        assert_eq!(
            policy.connect_src,
            ["'self'", "http://[::1]:9229", "http://localhost:8443"]
        );
    }

    #[test]
    fn values_that_could_change_the_header_are_refused() {
        for bad in [
            "https://a.example; script-src *",
            "https://a.example 'unsafe-inline'",
            "https://a.example/'",
            "https://a.example/,x",
            "https://a.example/\n",
            "https://user@a.example",
            "https://a.example?q=1",
            "https://a.example#f",
            "javascript://a.example",
            "https://",
            "https://a.example:99999",
            "https://a.example:",
            "https://[zz]:1",
            "a.example",
        ] {
            let p = refused(json!({"endpoints": {"userPool": bad}}));
            assert_eq!(p.field, "endpoints.userPool", "{bad}");
            assert!(p.to_string().contains("plain http(s) URL"), "{p}");
            let p = refused(json!({"region": "us-east-1", "oauth": {"domain": bad}}));
            assert_eq!(p.field, "oauth.domain", "{bad}");
            let p = refused(json!({
                "region": "us-east-1",
                "identityPoolId": "us-east-1:00000000-0000-4000-8000-000000000001",
                "endpoints": {"identityPool": bad},
            }));
            assert_eq!(p.field, "endpoints.identityPool", "{bad}");
            for key in API_KEYS {
                let p = refused(json!({"region": "us-east-1", "api": {key: bad}}));
                assert_eq!(p.field, format!("api.{key}"), "{bad}");
            }
        }
    }

    #[test]
    fn missing_or_mistyped_fields_are_named() {
        assert_eq!(refused(json!({})).field, "region");
        assert_eq!(refused(json!({"region": "Tokyo; x"})).field, "region");
        assert_eq!(refused(json!([])).field, "(top level)");
        assert_eq!(
            refused(json!({"region": "us-east-1", "endpoints": "x"})).field,
            "endpoints"
        );
        assert_eq!(
            refused(json!({"endpoints": {"userPool": 1}})).field,
            "endpoints.userPool"
        );
        assert_eq!(
            refused(json!({"region": "us-east-1", "oauth": {}})).field,
            "oauth.domain"
        );
        assert_eq!(
            refused(json!({"region": "us-east-1", "oauth": true})).field,
            "oauth"
        );
        for bad in [json!(1), json!("Tokyo; x:1"), json!("no-colon")] {
            assert_eq!(
                refused(json!({"region": "us-east-1", "identityPoolId": bad})).field,
                "identityPoolId"
            );
        }
        assert_eq!(
            refused(json!({
                "region": "us-east-1",
                "identityPoolId": "us-east-1:00000000-0000-4000-8000-000000000001",
                "endpoints": {"identityPool": 5},
            }))
            .field,
            "endpoints.identityPool"
        );
        assert_eq!(
            refused(json!({"region": "us-east-1", "api": "https://api.example.com"})).field,
            "api"
        );
        assert_eq!(
            refused(json!({"region": "us-east-1", "api": {"whoami": true}})).field,
            "api.whoami"
        );
        let message = refused(json!({})).to_string();
        assert!(
            message.starts_with("config.json `region`: must be"),
            "{message}"
        );
    }

    #[test]
    fn the_fallback_allows_the_own_origin_only() {
        assert_eq!(
            AppPolicy::same_origin_only().header_value(),
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; form-action 'none'; \
             frame-ancestors 'none'; base-uri 'none'"
        );
    }
}
