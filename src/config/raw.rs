//! `config.json` as written: every key it may hold, each as "the JSON type
//! we expect, or whatever came instead", so that one pass of
//! [`super::validate`] can list every problem at once. Nothing is checked
//! here and deserialising a JSON object never fails; keys it does not know
//! are kept by name (`unknown`) to be refused.

use serde::Deserialize;
use serde_json::{Map, Value};

/// A value of the JSON type a key expects, or the one it has instead (kept
/// so the problem can be reported with the others rather than stopping the
/// parse).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(untagged)]
pub(crate) enum Typed<T> {
    /// The expected type.
    Right(T),
    /// Anything else.
    Wrong(Value),
}

/// The top level of `config.json`.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawConfig {
    pub app_name: Option<Typed<String>>,
    pub region: Option<Typed<String>>,
    pub user_pool_id: Option<Typed<String>>,
    pub user_pool_client_id: Option<Typed<String>>,
    pub endpoints: Option<Typed<RawEndpoints>>,
    /// Deserialised into `PasswordPolicy` by the check, whose serde error
    /// (an unknown rule, a wrong type) is the message.
    pub password_policy: Option<Value>,
    pub sign_up_attributes: Option<Typed<Vec<Typed<String>>>>,
    pub totp_issuer: Option<Typed<String>>,
    pub locale: Option<Typed<String>>,
    pub oauth: Option<Typed<RawOAuth>>,
    /// Every other key, to refuse by name.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The keys of [`RawConfig`], as named in the "unknown field" message.
pub(crate) const TOP_LEVEL_FIELDS: &[&str] = &[
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

/// `endpoints`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawEndpoints {
    pub user_pool: Option<Typed<String>>,
    /// Every other key, to refuse by name.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The keys of [`RawEndpoints`].
pub(crate) const ENDPOINT_FIELDS: &[&str] = &["userPool"];

/// `oauth`: social sign-in through the user pool domain.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawOAuth {
    pub domain: Option<Typed<String>>,
    pub redirect_sign_in: Option<Typed<Redirects>>,
    pub redirect_sign_out: Option<Typed<Redirects>>,
    pub scopes: Option<Typed<Vec<String>>>,
    pub providers: Option<Typed<Vec<Typed<RawProvider>>>>,
    pub return_paths: Option<Typed<Vec<String>>>,
    /// Every other key, to refuse by name.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The keys of [`RawOAuth`].
pub(crate) const OAUTH_FIELDS: &[&str] = &[
    "domain",
    "redirectSignIn",
    "redirectSignOut",
    "scopes",
    "providers",
    "returnPaths",
];

/// `redirectSignIn` / `redirectSignOut`: one URL or a list of them, as in
/// Amplify's configuration.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(untagged)]
pub(crate) enum Redirects {
    /// One URL.
    One(String),
    /// Several, each checked on its own.
    Many(Vec<Typed<String>>),
}

/// One entry of `oauth.providers`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(crate) struct RawProvider {
    pub name: Option<Typed<String>>,
    pub label: Option<Typed<String>>,
    /// Every other key, to refuse by name.
    #[serde(flatten)]
    pub unknown: Map<String, Value>,
}

/// The keys of [`RawProvider`].
pub(crate) const PROVIDER_FIELDS: &[&str] = &["name", "label"];

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
    fn the_field_lists_name_exactly_the_keys_of_the_structs() {
        assert_eq!(keys_of(RawConfig::default()), sorted(TOP_LEVEL_FIELDS));
        assert_eq!(keys_of(RawEndpoints::default()), sorted(ENDPOINT_FIELDS));
        assert_eq!(keys_of(RawOAuth::default()), sorted(OAUTH_FIELDS));
        assert_eq!(keys_of(RawProvider::default()), sorted(PROVIDER_FIELDS));
    }

    #[test]
    fn any_object_deserialises_keeping_wrong_types_and_unknown_keys() {
        let raw = RawConfig::deserialize(&json!({
            "region": 7,
            "userPoolId": "ap-northeast-1_X",
            "appName": null,
            "endpoints": "http://x/",
            "signUpAttributes": ["email", 3],
            "oauth": {"redirectSignIn": ["https://a/", 1], "redirectSignOut": "https://a/",
                      "providers": [{"name": "Google", "icon": "g.svg"}, "Facebook"]},
            "colour": "red"
        }))
        .unwrap();
        assert_eq!(raw.region, Some(Typed::Wrong(json!(7))));
        assert_eq!(
            raw.user_pool_id,
            Some(Typed::Right("ap-northeast-1_X".into()))
        );
        assert_eq!(raw.app_name, None, "null reads as absent");
        assert_eq!(raw.endpoints, Some(Typed::Wrong(json!("http://x/"))));
        assert_eq!(
            raw.sign_up_attributes,
            Some(Typed::Right(vec![
                Typed::Right("email".into()),
                Typed::Wrong(json!(3))
            ]))
        );
        assert_eq!(raw.unknown.keys().collect::<Vec<_>>(), ["colour"]);
        let Some(Typed::Right(oauth)) = raw.oauth else {
            panic!("oauth is an object")
        };
        assert_eq!(
            oauth.redirect_sign_in,
            Some(Typed::Right(Redirects::Many(vec![
                Typed::Right("https://a/".into()),
                Typed::Wrong(json!(1))
            ])))
        );
        assert_eq!(
            oauth.redirect_sign_out,
            Some(Typed::Right(Redirects::One("https://a/".into())))
        );
        let Some(Typed::Right(providers)) = oauth.providers else {
            panic!("providers is a list")
        };
        let Typed::Right(google) = &providers[0] else {
            panic!("an object")
        };
        assert_eq!(google.unknown.keys().collect::<Vec<_>>(), ["icon"]);
        assert_eq!(providers[1], Typed::Wrong(json!("Facebook")));
    }
}
