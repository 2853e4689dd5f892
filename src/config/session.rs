//! The session settings of `config.json`: where tokens are kept, how much
//! clock skew their checks allow, the identity pool for AWS credentials and
//! the API the account page calls.
//!
//! ```json
//! {
//!   "tokenStorage": "session",
//!   "refreshTokenInLocalStorage": false,
//!   "clockSkewSeconds": 60,
//!   "identityPoolId": "ap-northeast-1:00000000-0000-4000-8000-000000000001",
//!   "endpoints": { "identityPool": "http://127.0.0.1:9229/" },
//!   "api": { "whoami": "http://127.0.0.1:9229/_local/api/whoami", "admin": "http://127.0.0.1:9229/_local/api/admin" }
//! }
//! ```

use super::fields::{optional_string, unknown_fields};
use super::ids::{is_region, parse_identity_pool_id};
use super::problems::ConfigProblem;
use super::problems::ConfigProblem as P;
use super::raw::{Object, RawApi, Typed};
use super::urls::{is_loopback, parse_endpoint, split_url};
use cognito_client::identity_pool::identity_endpoint;
use cognito_client::session::{StoragePolicy, TokenStorage};
use cognito_client::token_check::{DEFAULT_SKEW_SECONDS, MAX_SKEW_SECONDS};
use serde_json::Value;

/// The identity pool that turns the user's ID token into temporary AWS
/// credentials (`identityPoolId`, `endpoints.identityPool`).
///
/// ```
/// use leptos_cognito::AuthConfig;
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "identityPoolId": "ap-northeast-1:1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"
/// }"#).unwrap();
/// let pool = config.identity_pool.unwrap();
/// assert_eq!(pool.endpoint, "https://cognito-identity.ap-northeast-1.amazonaws.com/");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityPoolConfig {
    /// `region:uuid`.
    pub id: String,
    /// The `cognito-identity` endpoint: `endpoints.identityPool`, or the
    /// regional AWS endpoint of the identity pool's region. Ends in `/`.
    pub endpoint: String,
}

/// APIs the account page calls with the user's token (`api`), to show that
/// an API behind API Gateway's Cognito authorizer accepts it.
///
/// ```
/// use leptos_cognito::AuthConfig;
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "api": { "whoami": "https://api.example.com/prod/whoami" }
/// }"#).unwrap();
/// assert_eq!(config.api.whoami.as_deref(), Some("https://api.example.com/prod/whoami"));
/// assert_eq!(config.api.admin, None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiConfig {
    /// `api.whoami`: answers who the caller is (the emulator's
    /// `/_local/api/whoami`).
    pub whoami: Option<String>,
    /// `api.admin`: answers only members of the `admin` group (the
    /// emulator's `/_local/api/admin`).
    pub admin: Option<String>,
}

/// `tokenStorage` and `refreshTokenInLocalStorage`.
pub(super) fn storage_policy(
    storage: Option<Value>,
    refresh_in_local: Option<Value>,
    problems: &mut Vec<ConfigProblem>,
) -> StoragePolicy {
    let storage = match optional_string(storage, "tokenStorage", problems).as_deref() {
        None | Some("session") => TokenStorage::Session,
        Some("memory") => TokenStorage::Memory,
        Some("local") => TokenStorage::Local,
        Some(other) => {
            problems.push(P::BadTokenStorage {
                value: other.to_owned(),
            });
            TokenStorage::Session
        }
    };
    let refresh_token_in_local_storage = match refresh_in_local {
        None => false,
        Some(Value::Bool(b)) => b,
        Some(_) => {
            problems.push(P::NotBool {
                field: "refreshTokenInLocalStorage".into(),
            });
            false
        }
    };
    if refresh_token_in_local_storage && storage != TokenStorage::Local {
        problems.push(P::RefreshTokenNeedsLocal);
    }
    StoragePolicy {
        storage,
        refresh_token_in_local_storage,
    }
}

/// `clockSkewSeconds`: a whole number from 0 to 300 (default 60).
pub(super) fn clock_skew(value: Option<Value>, problems: &mut Vec<ConfigProblem>) -> i64 {
    match value {
        None => DEFAULT_SKEW_SECONDS,
        Some(v) => match v.as_i64() {
            Some(s) if (0..=MAX_SKEW_SECONDS).contains(&s) => s,
            _ => {
                problems.push(P::BadClockSkew {
                    value: v.to_string(),
                });
                DEFAULT_SKEW_SECONDS
            }
        },
    }
}

/// `identityPoolId` (`<region>:<uuid>`, in `region`) and
/// `endpoints.identityPool`.
pub(super) fn identity_pool(
    id: Option<Value>,
    endpoint: Option<Value>,
    region: Option<&str>,
    problems: &mut Vec<ConfigProblem>,
) -> Option<IdentityPoolConfig> {
    let endpoint = optional_string(endpoint, "endpoints.identityPool", problems)
        .and_then(|url| url_problem("endpoints.identityPool", &url, problems).then_some(url))
        .and_then(|url| parse_endpoint(&url).ok());
    let id = optional_string(id, "identityPoolId", problems)?;
    let id = id.trim().to_owned();
    let Some(pool_region) = parse_identity_pool_id(&id) else {
        problems.push(P::BadIdentityPoolId { value: id });
        return None;
    };
    if let Some(region) = region.filter(|r| is_region(r)) {
        if pool_region != region {
            problems.push(P::IdentityPoolRegionMismatch {
                pool_region: pool_region.to_owned(),
                region: region.to_owned(),
            });
            return None;
        }
    }
    let endpoint = endpoint.unwrap_or_else(|| identity_endpoint(pool_region));
    Some(IdentityPoolConfig { id, endpoint })
}

/// `api`: `whoami` and `admin`, each an http(s) URL (http on loopback only).
pub(super) fn api(
    value: Option<Typed<Object<RawApi>>>,
    problems: &mut Vec<ConfigProblem>,
) -> ApiConfig {
    let Object {
        known: raw,
        unknown,
    } = match value {
        None => return ApiConfig::default(),
        Some(Typed::Right(object)) => object,
        Some(Typed::Wrong(_)) => {
            problems.push(P::NotObject {
                field: "api".into(),
            });
            return ApiConfig::default();
        }
    };
    unknown_fields::<RawApi>(&unknown, "api.", problems);
    let mut url = |value: Option<Value>, field: &str| {
        optional_string(value, field, problems)
            .map(|u| u.trim().to_owned())
            .filter(|u| url_problem(field, u, problems))
    };
    ApiConfig {
        whoami: url(raw.whoami, "api.whoami"),
        admin: url(raw.admin, "api.admin"),
    }
}

/// Whether `url` is a plain http(s) URL, `http` only on loopback; if not,
/// the problem is pushed.
fn url_problem(field: &str, url: &str, problems: &mut Vec<ConfigProblem>) -> bool {
    match split_url(url.trim()) {
        None => {
            problems.push(P::NotUrl {
                field: field.to_owned(),
                value: url.to_owned(),
            });
            false
        }
        Some(parts) if parts.scheme.eq_ignore_ascii_case("http") && !is_loopback(parts.host) => {
            problems.push(P::HttpNotLoopback {
                field: field.to_owned(),
                value: url.to_owned(),
            });
            false
        }
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AuthConfig;
    use cognito_client::session::Store;
    use serde_json::json;

    fn config(extra: Value) -> Result<AuthConfig, Vec<ConfigProblem>> {
        let mut base = json!({
            "region": "ap-northeast-1",
            "userPoolId": "ap-northeast-1_Local",
            "userPoolClientId": "localclient"
        });
        for (k, v) in extra.as_object().unwrap() {
            base[k] = v.clone();
        }
        AuthConfig::from_value(&base)
    }

    #[test]
    fn defaults_keep_tokens_in_the_tab_and_call_nothing() {
        let c = config(json!({})).unwrap();
        assert_eq!(c.token_storage, StoragePolicy::default());
        assert_eq!(c.token_storage.placement().refresh_token, Store::Session);
        assert_eq!(c.clock_skew_seconds, 60);
        assert_eq!(c.identity_pool, None);
        assert_eq!(c.api, ApiConfig::default());
    }

    #[test]
    fn token_storage_and_the_refresh_token_flag() {
        for (value, storage) in [
            ("memory", TokenStorage::Memory),
            ("session", TokenStorage::Session),
            ("local", TokenStorage::Local),
        ] {
            assert_eq!(
                config(json!({"tokenStorage": value}))
                    .unwrap()
                    .token_storage
                    .storage,
                storage
            );
        }
        let both =
            config(json!({"tokenStorage": "local", "refreshTokenInLocalStorage": true})).unwrap();
        assert_eq!(both.token_storage.placement().refresh_token, Store::Local);
        assert_eq!(
            config(json!({"tokenStorage": "cookie"})).unwrap_err(),
            vec![P::BadTokenStorage {
                value: "cookie".into()
            }]
        );
        assert_eq!(
            config(json!({"refreshTokenInLocalStorage": true})).unwrap_err(),
            vec![P::RefreshTokenNeedsLocal]
        );
        assert_eq!(
            config(json!({"tokenStorage": "local", "refreshTokenInLocalStorage": "yes"}))
                .unwrap_err(),
            vec![P::NotBool {
                field: "refreshTokenInLocalStorage".into()
            }]
        );
        let text = P::RefreshTokenNeedsLocal.to_string();
        assert!(
            text.contains("tokenStorage") && text.contains("local"),
            "{text}"
        );
    }

    #[test]
    fn clock_skew_is_a_small_whole_number() {
        assert_eq!(
            config(json!({"clockSkewSeconds": 0}))
                .unwrap()
                .clock_skew_seconds,
            0
        );
        assert_eq!(
            config(json!({"clockSkewSeconds": 300}))
                .unwrap()
                .clock_skew_seconds,
            300
        );
        for bad in [json!(301), json!(-1), json!(1.5), json!("60")] {
            assert_eq!(
                config(json!({"clockSkewSeconds": bad.clone()})).unwrap_err(),
                vec![P::BadClockSkew {
                    value: bad.to_string()
                }],
                "{bad}"
            );
        }
    }

    #[test]
    fn identity_pool_id_region_and_endpoint() {
        let id = "ap-northeast-1:00000000-0000-4000-8000-000000000001";
        let c = config(json!({"identityPoolId": id})).unwrap();
        assert_eq!(
            c.identity_pool,
            Some(IdentityPoolConfig {
                id: id.into(),
                endpoint: "https://cognito-identity.ap-northeast-1.amazonaws.com/".into()
            })
        );
        let local = config(json!({
            "identityPoolId": id,
            "endpoints": {"identityPool": "http://127.0.0.1:9229"}
        }))
        .unwrap();
        assert_eq!(
            local.identity_pool.unwrap().endpoint,
            "http://127.0.0.1:9229/"
        );
        for bad in [
            "ap-northeast-1",
            "ap-northeast-1:",
            "Tokyo:00000000-0000-4000-8000-000000000001",
            "ap-northeast-1:00000000-0000-4000-8000-00000000000G",
            "ap-northeast-1:00000000000040008000000000000001",
            "ap-northeast-1_Local",
        ] {
            assert_eq!(
                config(json!({"identityPoolId": bad})).unwrap_err(),
                vec![P::BadIdentityPoolId { value: bad.into() }],
                "{bad}"
            );
        }
        assert_eq!(
            config(json!({"identityPoolId": "us-east-1:00000000-0000-4000-8000-000000000001"}))
                .unwrap_err(),
            vec![P::IdentityPoolRegionMismatch {
                pool_region: "us-east-1".into(),
                region: "ap-northeast-1".into()
            }]
        );
        assert_eq!(
            config(json!({"identityPoolId": id, "endpoints": {"identityPool": "http://identity.example.com/"}}))
                .unwrap_err(),
            vec![P::HttpNotLoopback {
                field: "endpoints.identityPool".into(),
                value: "http://identity.example.com/".into()
            }]
        );
    }

    #[test]
    fn api_urls() {
        let c = config(json!({"api": {
            "whoami": "http://127.0.0.1:9229/_local/api/whoami",
            "admin": "https://api.example.com/prod/admin"
        }}))
        .unwrap();
        assert_eq!(
            c.api.whoami.as_deref(),
            Some("http://127.0.0.1:9229/_local/api/whoami")
        );
        assert_eq!(
            c.api.admin.as_deref(),
            Some("https://api.example.com/prod/admin")
        );
        let p = config(json!({"api": {"whoami": "http://api.example.com/whoami", "who": "x"}}))
            .unwrap_err();
        assert!(p.contains(&P::HttpNotLoopback {
            field: "api.whoami".into(),
            value: "http://api.example.com/whoami".into()
        }));
        assert!(p
            .iter()
            .any(|p| matches!(p, P::UnknownField { field, .. } if field == "api.who")));
        assert_eq!(
            config(json!({"api": {"admin": "api/admin"}})).unwrap_err(),
            vec![P::NotUrl {
                field: "api.admin".into(),
                value: "api/admin".into()
            }]
        );
        assert_eq!(
            config(json!({"api": "http://127.0.0.1/"})).unwrap_err(),
            vec![P::NotObject {
                field: "api".into()
            }]
        );
    }
}
