//! `config.json` as written: every key it may hold, as JSON values, and
//! the wrappers that say whether a value has the JSON type expected or
//! something else (kept, so that one pass of [`super::validate`] can list
//! every problem at once). Nothing is checked here and reading a JSON object
//! never fails; the keys an object does not know are kept by name, to be
//! refused.
//!
//! The fields are plain [`Value`]s, typed by hand below rather than with
//! typed fields, serde's untagged enums and `flatten`: those make serde
//! generate deserialising code for each type (3 kB more of brotli'd wasm,
//! measured), for a file read once.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// A value of the JSON type a key expects, or the one it has instead (kept
/// so the problem can be reported with the others rather than stopping the
/// parse).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Typed<T> {
    /// The expected type.
    Right(T),
    /// Anything else.
    Wrong(Value),
}

impl Typed<String> {
    /// A string.
    pub(crate) fn string(value: Value) -> Self {
        match value {
            Value::String(s) => Typed::Right(s),
            other => Typed::Wrong(other),
        }
    }
}

impl Typed<Vec<Value>> {
    /// A list, of anything.
    pub(crate) fn list(value: Value) -> Self {
        match value {
            Value::Array(items) => Typed::Right(items),
            other => Typed::Wrong(other),
        }
    }
}

impl Typed<Vec<String>> {
    /// A list of strings only.
    pub(crate) fn strings(value: Value) -> Self {
        match value {
            Value::Array(items) if items.iter().all(Value::is_string) => Typed::Right(
                items
                    .into_iter()
                    .filter_map(|item| match item {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
            ),
            other => Typed::Wrong(other),
        }
    }
}

/// The keys a raw struct reads, as named in the "unknown field" message.
pub(crate) trait Keys {
    /// Every key, in the order the message lists them.
    const KEYS: &'static [&'static str];
}

/// A JSON object read as `T`, and the keys `T` does not know, in the
/// object's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Object<T> {
    /// What `T` knows.
    pub known: T,
    /// Every other key.
    pub unknown: Vec<String>,
}

impl<T: DeserializeOwned + Default + Keys> Object<T> {
    /// An object, read as `T` (whose fields are all optional values, so any
    /// object reads).
    pub(crate) fn read(value: Value) -> Typed<Self> {
        let Value::Object(map) = &value else {
            return Typed::Wrong(value);
        };
        let unknown = map
            .keys()
            .filter(|key| !T::KEYS.contains(&key.as_str()))
            .cloned()
            .collect();
        // Cannot fail for an object: every field is an optional `Value`.
        let known = T::deserialize(&value).unwrap_or_default();
        Typed::Right(Object { known, unknown })
    }
}

/// The top level of `config.json`.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawConfig {
    pub app_name: Option<Value>,
    pub logo: Option<Value>,
    pub region: Option<Value>,
    pub user_pool_id: Option<Value>,
    pub user_pool_client_id: Option<Value>,
    /// [`RawEndpoints`].
    pub endpoints: Option<Value>,
    /// Deserialised into `PasswordPolicy` by the check, whose serde error
    /// (an unknown rule, a wrong type) is the message.
    pub password_policy: Option<Value>,
    pub username_attributes: Option<Value>,
    pub alias_attributes: Option<Value>,
    pub sign_up_attributes: Option<Value>,
    pub totp_issuer: Option<Value>,
    pub locale: Option<Value>,
    /// [`RawOAuth`].
    pub oauth: Option<Value>,
    pub token_storage: Option<Value>,
    pub refresh_token_in_local_storage: Option<Value>,
    pub clock_skew_seconds: Option<Value>,
    pub identity_pool_id: Option<Value>,
    /// [`RawApi`].
    pub api: Option<Value>,
    pub auth_flow_type: Option<Value>,
    pub mfa: Option<Value>,
}

impl Keys for RawConfig {
    const KEYS: &'static [&'static str] = &[
        "appName",
        "logo",
        "region",
        "userPoolId",
        "userPoolClientId",
        "endpoints",
        "passwordPolicy",
        "usernameAttributes",
        "aliasAttributes",
        "signUpAttributes",
        "totpIssuer",
        "locale",
        "oauth",
        "tokenStorage",
        "refreshTokenInLocalStorage",
        "clockSkewSeconds",
        "identityPoolId",
        "api",
        "authFlowType",
        "mfa",
    ];
}

/// `endpoints`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawEndpoints {
    pub user_pool: Option<Value>,
    pub identity_pool: Option<Value>,
}

impl Keys for RawEndpoints {
    const KEYS: &'static [&'static str] = &["userPool", "identityPool"];
}

/// `api`: the APIs the account page calls with the user's token.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(crate) struct RawApi {
    pub whoami: Option<Value>,
    pub admin: Option<Value>,
}

impl Keys for RawApi {
    const KEYS: &'static [&'static str] = &["whoami", "admin"];
}

/// `oauth`: social sign-in through the user pool domain.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawOAuth {
    pub domain: Option<Value>,
    /// [`Redirects`].
    pub redirect_sign_in: Option<Value>,
    /// [`Redirects`].
    pub redirect_sign_out: Option<Value>,
    pub scopes: Option<Value>,
    /// A list of [`RawProvider`].
    pub providers: Option<Value>,
    pub return_paths: Option<Value>,
}

impl Keys for RawOAuth {
    const KEYS: &'static [&'static str] = &[
        "domain",
        "redirectSignIn",
        "redirectSignOut",
        "scopes",
        "providers",
        "returnPaths",
    ];
}

/// `redirectSignIn` / `redirectSignOut`: one URL or a list of them, as in
/// Amplify's configuration.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Redirects {
    /// One URL.
    One(String),
    /// Several, each checked on its own.
    Many(Vec<Typed<String>>),
}

impl Redirects {
    /// A string or a list; anything else is the wrong type.
    pub(crate) fn read(value: Value) -> Typed<Self> {
        match value {
            Value::String(url) => Typed::Right(Redirects::One(url)),
            Value::Array(items) => Typed::Right(Redirects::Many(
                items.into_iter().map(Typed::string).collect(),
            )),
            other => Typed::Wrong(other),
        }
    }
}

/// One entry of `oauth.providers`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(crate) struct RawProvider {
    pub name: Option<Value>,
    pub label: Option<Value>,
}

impl Keys for RawProvider {
    const KEYS: &'static [&'static str] = &["name", "label"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The keys a raw struct knows, read off its serialised default.
    fn keys_of(value: impl serde::Serialize) -> Vec<String> {
        let Value::Object(map) = serde_json::to_value(value).unwrap() else {
            panic!("not an object")
        };
        let mut keys: Vec<String> = map.keys().cloned().collect();
        keys.sort();
        keys
    }

    fn sorted(fields: &[&str]) -> Vec<String> {
        let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        fields.sort();
        fields
    }

    #[test]
    fn the_key_lists_name_exactly_the_fields_of_the_structs() {
        assert_eq!(keys_of(RawConfig::default()), sorted(RawConfig::KEYS));
        assert_eq!(keys_of(RawEndpoints::default()), sorted(RawEndpoints::KEYS));
        assert_eq!(keys_of(RawApi::default()), sorted(RawApi::KEYS));
        assert_eq!(keys_of(RawOAuth::default()), sorted(RawOAuth::KEYS));
        assert_eq!(keys_of(RawProvider::default()), sorted(RawProvider::KEYS));
    }

    #[test]
    fn any_object_reads_keeping_unknown_keys_and_null_as_absent() {
        let Typed::Right(Object {
            known: raw,
            unknown,
        }) = Object::<RawConfig>::read(json!({
            "region": 7,
            "userPoolId": "ap-northeast-1_X",
            "appName": null,
            "colour": "red",
            "clientSecret": "x"
        }))
        else {
            panic!("an object reads")
        };
        assert_eq!(raw.region, Some(json!(7)));
        assert_eq!(raw.user_pool_id, Some(json!("ap-northeast-1_X")));
        assert_eq!(raw.app_name, None, "null reads as absent");
        assert_eq!(raw.oauth, None);
        let mut unknown = unknown;
        unknown.sort();
        assert_eq!(unknown, ["clientSecret", "colour"]);
        assert_eq!(
            Object::<RawProvider>::read(json!("Google")),
            Typed::Wrong(json!("Google"))
        );
        assert!(matches!(
            Object::<RawProvider>::read(json!({"name": "Google", "icon": "g.svg"})),
            Typed::Right(Object { known: RawProvider { name: Some(_), label: None }, unknown })
                if unknown == ["icon"]
        ));
    }

    #[test]
    fn values_are_typed_or_kept_as_they_came() {
        assert_eq!(Typed::string(json!("a")), Typed::Right("a".to_owned()));
        assert_eq!(Typed::string(json!(1)), Typed::Wrong(json!(1)));
        assert_eq!(
            Typed::strings(json!(["a", "b"])),
            Typed::Right(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(
            Typed::strings(json!(["a", 1])),
            Typed::Wrong(json!(["a", 1]))
        );
        assert_eq!(Typed::strings(json!("a")), Typed::Wrong(json!("a")));
        assert_eq!(
            Typed::list(json!([1, "a"])),
            Typed::Right(vec![json!(1), json!("a")])
        );
        assert_eq!(Typed::list(json!({})), Typed::Wrong(json!({})));
        assert_eq!(
            Redirects::read(json!("https://a/")),
            Typed::Right(Redirects::One("https://a/".into()))
        );
        assert_eq!(
            Redirects::read(json!(["https://a/", 1])),
            Typed::Right(Redirects::Many(vec![
                Typed::Right("https://a/".into()),
                Typed::Wrong(json!(1))
            ]))
        );
        assert_eq!(
            Redirects::read(json!({"url": "x"})),
            Typed::Wrong(json!({"url": "x"}))
        );
    }
}
