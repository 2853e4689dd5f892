//! Amplify Gen 2's `amplify_outputs.json`, read unchanged as the
//! configuration, so a team moving from Amplify brings the file that
//! `npx ampx generate outputs` wrote.
//!
//! The shape is `AWSAmplifyBackendOutputs`, version 1 (`"1"` to `"1.x"`): the
//! JSON schema in aws-amplify/amplify-backend,
//! `packages/client-config/src/client-config-schema/schema_v1.5.json` (and
//! its `client_config_v1.*.ts`), with the values `AuthClientConfigContributor`
//! (`client-config-contributor/client_config_contributor_v1.ts`) writes. Only
//! `version` and `auth` are read; every other section (`data`, `storage`,
//! `analytics`, `geo`, `notifications`, `custom`, `$schema`) belongs to other
//! Amplify libraries and is ignored. The `auth` section is translated into
//! `config.json`'s keys and checked by the same [`validate`]; its problems
//! name the outputs' own paths.
//!
//! | `auth.…` | read as |
//! |---|---|
//! | `aws_region`, `user_pool_id`, `user_pool_client_id` | `region`, `userPoolId`, `userPoolClientId`; the endpoint is AWS's, `https://cognito-idp.{region}.amazonaws.com/` |
//! | `identity_pool_id` | `identityPoolId`, at `https://cognito-identity.{region}.amazonaws.com/` |
//! | `password_policy` | `passwordPolicy` (`min_length` → `minimumLength`, `require_*` → `require*`). A missing `min_length` is 8 and a missing `require_*` false, as Amplify writes them; no `password_policy` at all is Cognito's default policy (8 characters, all four kinds), not `config.json`'s default of 12 |
//! | `standard_required_attributes` | `signUpAttributes`: each is asked for, and required (the username attribute is the form's first field) |
//! | `username_attributes` | `usernameAttributes`: `email`, `phone_number` or both; `username` (a pool that signs in by username) is `[]`. Absent: email, as in `config.json` |
//! | `mfa_configuration` | `mfa`: `NONE` → `OFF`, `OPTIONAL`, `REQUIRED` → `ON` (`OFF` and `ON`, which older outputs may hold, are read the same) |
//! | `mfa_methods` | checked against `mfa_configuration`: without `TOTP`, `OPTIONAL` is read as `OFF` (no authenticator app to set up) and `REQUIRED` is refused (nobody could sign in). `SMS` and `EMAIL` are otherwise ignored: a user who has only those is told at sign-in that the app cannot ask for that code |
//! | `oauth.domain` | `oauth.domain`, as `https://{domain}` (the outputs hold the bare host) |
//! | `oauth.redirect_sign_in_uri`, `oauth.redirect_sign_out_uri`, `oauth.scopes` | `oauth.redirectSignIn`, `oauth.redirectSignOut`, `oauth.scopes` |
//! | `oauth.identity_providers` | `oauth.providers`: `GOOGLE` → `Google`, `FACEBOOK` → `Facebook`, `LOGIN_WITH_AMAZON` → `LoginWithAmazon`, `SIGN_IN_WITH_APPLE` → `SignInWithApple` (Cognito's provider names) |
//! | `oauth.response_type` | checked: `code` only; the app signs in with the code flow and PKCE (`token` is refused) |
//!
//! Ignored, because the app has no use for them yet and reading them would
//! change nothing: `user_verification_types` (the confirmation screen names
//! whatever destination Cognito reports), `unauthenticated_identities_enabled`
//! (the app asks the identity pool for signed-in users' credentials only),
//! `groups` (membership comes from the verified ID token's
//! `cognito:groups`), `passwordless` (the app signs in with a password).
//! Any other key in `auth`, `auth.oauth` or `auth.password_policy` is
//! refused, as in `config.json`. Everything `config.json` has and the outputs
//! do not (`appName`, `totpIssuer`, `locale`, `tokenStorage`, `api`, ...)
//! takes `config.json`'s default.

use super::fields::is_secret_key;
use super::mfa_configuration::MfaConfiguration;
use super::problems::{AmplifyProblem, ConfigProblem, OAuthProblem};
use super::raw::{Keys, RawConfig, Typed};
use serde_json::{json, Map, Value};

/// The keys of `auth` (schema v1.5).
const AUTH_KEYS: &[&str] = &[
    "aws_region",
    "user_pool_id",
    "user_pool_client_id",
    "identity_pool_id",
    "password_policy",
    "oauth",
    "standard_required_attributes",
    "username_attributes",
    "user_verification_types",
    "unauthenticated_identities_enabled",
    "mfa_configuration",
    "mfa_methods",
    "passwordless",
    "groups",
];

/// The keys of `auth.password_policy`, and the `config.json` keys of the
/// rules.
const PASSWORD_POLICY_KEYS: &[&str] = &[
    "min_length",
    "require_numbers",
    "require_lowercase",
    "require_uppercase",
    "require_symbols",
];
const PASSWORD_RULES: [(&str, &str); 4] = [
    ("require_numbers", "requireNumbers"),
    ("require_lowercase", "requireLowercase"),
    ("require_uppercase", "requireUppercase"),
    ("require_symbols", "requireSymbols"),
];

/// Cognito's default `MinimumLength`, which Amplify writes when none is set.
const DEFAULT_MIN_LENGTH: u8 = 8;

/// The keys of `auth.oauth`.
const OAUTH_KEYS: &[&str] = &[
    "identity_providers",
    "domain",
    "scopes",
    "redirect_sign_in_uri",
    "redirect_sign_out_uri",
    "response_type",
];

/// Amplify's names of the social providers, and Cognito's `ProviderName`s
/// for them (`ProviderName` in the API Reference for
/// `CreateIdentityProvider`).
const PROVIDERS: [(&str, &str); 4] = [
    ("GOOGLE", "Google"),
    ("FACEBOOK", "Facebook"),
    ("LOGIN_WITH_AMAZON", "LoginWithAmazon"),
    ("SIGN_IN_WITH_APPLE", "SignInWithApple"),
];
const PROVIDER_NAMES: &[&str] = &[
    "GOOGLE",
    "FACEBOOK",
    "LOGIN_WITH_AMAZON",
    "SIGN_IN_WITH_APPLE",
];

const MFA_CONFIGURATIONS: &[&str] = &["NONE", "OPTIONAL", "REQUIRED"];
const MFA_METHODS: &[&str] = &["SMS", "TOTP", "EMAIL"];
const USERNAME_ATTRIBUTES: &[&str] = &["email", "phone_number", "username"];
const RESPONSE_TYPES: &[&str] = &["code", "token"];

/// Each `config.json` key made from the outputs: its path there, and an
/// example for when it is missing. A longer key comes before its prefix.
const PATHS: [(&str, &str, &str); 13] = [
    ("region", "auth.aws_region", "ap-northeast-1"),
    (
        "userPoolId",
        "auth.user_pool_id",
        "ap-northeast-1_AbC123xyz",
    ),
    (
        "userPoolClientId",
        "auth.user_pool_client_id",
        "1example23456789",
    ),
    (
        "identityPoolId",
        "auth.identity_pool_id",
        "ap-northeast-1:00000000-0000-4000-8000-000000000001",
    ),
    ("passwordPolicy", "auth.password_policy", "{ … }"),
    (
        "signUpAttributes",
        "auth.standard_required_attributes",
        "[\"email\"]",
    ),
    ("mfa", "auth.mfa_configuration", "OPTIONAL"),
    (
        "oauth.domain",
        "auth.oauth.domain",
        "example.auth.ap-northeast-1.amazoncognito.com",
    ),
    (
        "oauth.redirectSignIn",
        "auth.oauth.redirect_sign_in_uri",
        "[\"https://app.example.com/callback\"]",
    ),
    (
        "oauth.redirectSignOut",
        "auth.oauth.redirect_sign_out_uri",
        "[\"https://app.example.com/\"]",
    ),
    (
        "oauth.scopes",
        "auth.oauth.scopes",
        "[\"openid\", \"email\"]",
    ),
    (
        "oauth.providers",
        "auth.oauth.identity_providers",
        "[\"GOOGLE\"]",
    ),
    ("oauth", "auth.oauth", "{ … }"),
];

/// Whether a JSON object is Amplify outputs rather than `config.json`: it
/// has `version`, `_version` or `auth`, and none of `config.json`'s keys.
pub(super) fn is_amplify_outputs(map: &Map<String, Value>) -> bool {
    ["version", "_version", "auth"]
        .iter()
        .any(|key| map.contains_key(*key))
        && !map
            .keys()
            .any(|key| RawConfig::KEYS.contains(&key.as_str()))
}

/// The `auth` section of Amplify outputs `map`, checked for what only the
/// outputs can get wrong (`version`, a missing `auth`, Amplify's own rules)
/// and written as a `config.json` object for [`super::validate`]; `None`
/// when there is nothing to translate. Problems go to `p`; the caller turns
/// those `validate` finds into the outputs' terms with [`in_outputs_terms`].
pub(super) fn to_config_json(
    map: &Map<String, Value>,
    p: &mut Vec<ConfigProblem>,
) -> Option<Map<String, Value>> {
    check_version(map, p);
    match present(map.get("auth")) {
        Some(Value::Object(auth)) => Some(translate(auth, p)),
        Some(_) => {
            p.push(ConfigProblem::NotObject {
                field: "auth".into(),
            });
            None
        }
        None => {
            p.push(AmplifyProblem::NoAuth.into());
            None
        }
    }
}

/// `version`: `"1"` or `"1.x"`. The unreleased version 2 has `_version`
/// and another shape.
fn check_version(map: &Map<String, Value>, p: &mut Vec<ConfigProblem>) {
    match present(map.get("version")) {
        Some(Value::String(v)) if is_version_1(v) => {}
        Some(Value::String(v)) => p.push(AmplifyProblem::BadVersion { value: v.clone() }.into()),
        Some(_) => p.push(ConfigProblem::NotString {
            field: "version".into(),
        }),
        None => match present(map.get("_version")) {
            Some(v) => p.push(
                AmplifyProblem::BadVersion {
                    value: v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                }
                .into(),
            ),
            None => p.push(
                AmplifyProblem::Missing {
                    field: "version",
                    example: "1.4",
                }
                .into(),
            ),
        },
    }
}

fn is_version_1(version: &str) -> bool {
    version == "1"
        || version
            .strip_prefix("1.")
            .is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()))
}

/// A value that is there: absent and `null` are the same, as in
/// `config.json`.
fn present(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null())
}

/// Each key of `map` that is not in `keys` (nor names a secret, reported
/// already) as a problem at `prefix` + key.
fn unknown_keys(
    map: &Map<String, Value>,
    keys: &'static [&'static str],
    prefix: &str,
    p: &mut Vec<ConfigProblem>,
) {
    for key in map.keys() {
        if !keys.contains(&key.as_str()) && !is_secret_key(key) {
            p.push(
                AmplifyProblem::UnknownField {
                    field: format!("{prefix}{key}"),
                    allowed: keys.to_vec(),
                }
                .into(),
            );
        }
    }
}

/// `auth` as `config.json`'s keys, after the checks only the outputs need.
/// Values are passed on as they are, whatever their type: [`validate`]
/// reports a wrong one under the key's path.
fn translate(auth: &Map<String, Value>, p: &mut Vec<ConfigProblem>) -> Map<String, Value> {
    unknown_keys(auth, AUTH_KEYS, "auth.", p);
    let get = |key: &str| present(auth.get(key)).cloned();
    let mut config = Map::new();
    for (from, to) in [
        ("aws_region", "region"),
        ("user_pool_id", "userPoolId"),
        ("user_pool_client_id", "userPoolClientId"),
        ("identity_pool_id", "identityPoolId"),
        ("standard_required_attributes", "signUpAttributes"),
    ] {
        if let Some(value) = get(from) {
            config.insert(to.into(), value);
        }
    }
    config.insert(
        "passwordPolicy".into(),
        password_policy(get("password_policy"), p),
    );
    if let Some(names) = username_attributes(get("username_attributes"), p) {
        config.insert("usernameAttributes".into(), names);
    }
    if let Some(mfa) = mfa(get("mfa_configuration"), get("mfa_methods"), p) {
        config.insert("mfa".into(), Value::String(mfa.name().into()));
    }
    if let Some(oauth) = get("oauth") {
        config.insert("oauth".into(), self::oauth(oauth, p));
    }
    config
}

/// `auth.password_policy` as `passwordPolicy`.
fn password_policy(value: Option<Value>, p: &mut Vec<ConfigProblem>) -> Value {
    let policy = match value {
        None => {
            return json!({
                "minimumLength": DEFAULT_MIN_LENGTH,
                "requireNumbers": true,
                "requireLowercase": true,
                "requireUppercase": true,
                "requireSymbols": true,
            })
        }
        Some(Value::Object(policy)) => policy,
        Some(_) => {
            p.push(ConfigProblem::NotObject {
                field: "auth.password_policy".into(),
            });
            return json!({ "minimumLength": DEFAULT_MIN_LENGTH });
        }
    };
    unknown_keys(&policy, PASSWORD_POLICY_KEYS, "auth.password_policy.", p);
    let mut rules = Map::new();
    rules.insert(
        "minimumLength".into(),
        present(policy.get("min_length"))
            .cloned()
            .unwrap_or_else(|| json!(DEFAULT_MIN_LENGTH)),
    );
    for (from, to) in PASSWORD_RULES {
        if let Some(value) = present(policy.get(from)) {
            rules.insert(to.into(), value.clone());
        }
    }
    Value::Object(rules)
}

/// `auth.username_attributes` as `usernameAttributes`: `username` is a pool
/// that signs in by username, which `config.json` writes `[]`.
fn username_attributes(value: Option<Value>, p: &mut Vec<ConfigProblem>) -> Option<Value> {
    let field = "auth.username_attributes";
    let Typed::Right(names) = Typed::strings(value?) else {
        p.push(ConfigProblem::NotList {
            field: field.into(),
        });
        return None;
    };
    if names.is_empty() {
        p.push(ConfigProblem::Empty {
            field: field.into(),
        });
    }
    let mut attributes = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        match name.as_str() {
            "email" | "phone_number" => attributes.push(Value::String(name)),
            "username" => {}
            _ => p.push(
                AmplifyProblem::NotOneOf {
                    field: format!("{field}[{i}]"),
                    value: name,
                    allowed: USERNAME_ATTRIBUTES,
                }
                .into(),
            ),
        }
    }
    Some(Value::Array(attributes))
}

/// `auth.mfa_configuration` and `auth.mfa_methods` as `mfa`; `None` when
/// absent (the default applies) or refused.
fn mfa(
    configuration: Option<Value>,
    methods: Option<Value>,
    p: &mut Vec<ConfigProblem>,
) -> Option<MfaConfiguration> {
    let methods = methods.and_then(|value| match Typed::strings(value) {
        Typed::Right(methods) => {
            for (i, method) in methods.iter().enumerate() {
                if !MFA_METHODS.contains(&method.as_str()) {
                    p.push(
                        AmplifyProblem::NotOneOf {
                            field: format!("auth.mfa_methods[{i}]"),
                            value: method.clone(),
                            allowed: MFA_METHODS,
                        }
                        .into(),
                    );
                }
            }
            Some(methods)
        }
        Typed::Wrong(_) => {
            p.push(ConfigProblem::NotList {
                field: "auth.mfa_methods".into(),
            });
            None
        }
    });
    let name = match Typed::string(configuration?) {
        Typed::Right(name) => name,
        Typed::Wrong(_) => {
            p.push(ConfigProblem::NotString {
                field: "auth.mfa_configuration".into(),
            });
            return None;
        }
    };
    let mfa = match name.as_str() {
        "NONE" | "OFF" => MfaConfiguration::Off,
        "OPTIONAL" => MfaConfiguration::Optional,
        "REQUIRED" | "ON" => MfaConfiguration::On,
        _ => {
            p.push(
                AmplifyProblem::NotOneOf {
                    field: "auth.mfa_configuration".into(),
                    value: name,
                    allowed: MFA_CONFIGURATIONS,
                }
                .into(),
            );
            return None;
        }
    };
    let totp = methods
        .as_ref()
        .is_none_or(|methods| methods.iter().any(|m| m == "TOTP"));
    match (mfa, totp) {
        (MfaConfiguration::On, false) => {
            p.push(
                AmplifyProblem::MfaRequiredWithoutTotp {
                    methods: methods.unwrap_or_default(),
                }
                .into(),
            );
            None
        }
        (MfaConfiguration::Optional, false) => Some(MfaConfiguration::Off),
        (mfa, _) => Some(mfa),
    }
}

/// `auth.oauth` as `oauth`.
fn oauth(value: Value, p: &mut Vec<ConfigProblem>) -> Value {
    let Value::Object(block) = value else {
        // Reported by `validate` as `oauth` not being an object.
        return value;
    };
    unknown_keys(&block, OAUTH_KEYS, "auth.oauth.", p);
    let get = |key: &str| present(block.get(key)).cloned();
    let mut oauth = Map::new();
    if let Some(domain) = get("domain") {
        let domain = match domain {
            Value::String(host) if !host.trim().is_empty() && !host.contains("://") => {
                Value::String(format!("https://{}", host.trim()))
            }
            other => other,
        };
        oauth.insert("domain".into(), domain);
    }
    for (from, to) in [
        ("redirect_sign_in_uri", "redirectSignIn"),
        ("redirect_sign_out_uri", "redirectSignOut"),
        ("scopes", "scopes"),
    ] {
        if let Some(value) = get(from) {
            oauth.insert(to.into(), value);
        }
    }
    oauth.insert(
        "providers".into(),
        identity_providers(get("identity_providers"), p),
    );
    match get("response_type").map(Typed::string) {
        None => {}
        Some(Typed::Right(code)) if code == "code" => {}
        Some(Typed::Right(token)) if token == "token" => {
            p.push(AmplifyProblem::ResponseType { value: token }.into());
        }
        Some(Typed::Right(other)) => p.push(
            AmplifyProblem::NotOneOf {
                field: "auth.oauth.response_type".into(),
                value: other,
                allowed: RESPONSE_TYPES,
            }
            .into(),
        ),
        Some(Typed::Wrong(_)) => p.push(ConfigProblem::NotString {
            field: "auth.oauth.response_type".into(),
        }),
    }
    Value::Object(oauth)
}

/// `auth.oauth.identity_providers` as `oauth.providers`.
fn identity_providers(value: Option<Value>, p: &mut Vec<ConfigProblem>) -> Value {
    let field = "auth.oauth.identity_providers";
    let Some(value) = value else {
        p.push(
            AmplifyProblem::Missing {
                field,
                example: "[\"GOOGLE\"]",
            }
            .into(),
        );
        return json!([]);
    };
    let Typed::Right(names) = Typed::strings(value) else {
        p.push(ConfigProblem::NotList {
            field: field.into(),
        });
        return json!([]);
    };
    let mut providers = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        match PROVIDERS.iter().find(|(amplify, _)| *amplify == name) {
            Some((_, cognito)) => providers.push(json!({ "name": cognito })),
            None => p.push(
                AmplifyProblem::NotOneOf {
                    field: format!("{field}[{i}]"),
                    value: name,
                    allowed: PROVIDER_NAMES,
                }
                .into(),
            ),
        }
    }
    Value::Array(providers)
}

/// The outputs' path of a `config.json` path (`oauth.redirectSignIn[1]` →
/// `auth.oauth.redirect_sign_in_uri[1]`), with the key it starts with and
/// that key's example.
fn outputs_path(path: &str) -> Option<(String, &'static str, &'static str)> {
    PATHS.iter().find_map(|&(key, outputs, example)| {
        let rest = path.strip_prefix(key)?;
        (rest.is_empty() || rest.starts_with(['[', '.']))
            .then(|| (format!("{outputs}{rest}"), key, example))
    })
}

/// A problem of the translated configuration in the outputs' terms: a path
/// renamed where the message is generic; wrapped with the outputs' path and
/// the key it was read as where the message names the key itself.
pub(super) fn in_outputs_terms(problem: ConfigProblem) -> ConfigProblem {
    use ConfigProblem as P;
    let rename = |field: String| outputs_path(&field).map_or(field, |(path, _, _)| path);
    match problem {
        P::Missing { field, example } => match PATHS.iter().find(|(key, ..)| *key == field) {
            Some(&(_, outputs, example)) => AmplifyProblem::Missing {
                field: outputs,
                example,
            }
            .into(),
            None => P::Missing { field, example },
        },
        P::NotString { field } => P::NotString {
            field: rename(field),
        },
        P::NotObject { field } => P::NotObject {
            field: rename(field),
        },
        P::NotList { field } => P::NotList {
            field: rename(field),
        },
        P::Empty { field } => P::Empty {
            field: rename(field),
        },
        P::NotUrl { field, value } => P::NotUrl {
            field: rename(field),
            value,
        },
        P::HttpNotLoopback { field, value } => P::HttpNotLoopback {
            field: rename(field),
            value,
        },
        P::OAuth(OAuthProblem::NotUrl { field, value }) => OAuthProblem::NotUrl {
            field: rename(field),
            value,
        }
        .into(),
        P::OAuth(OAuthProblem::Http { field, value }) => OAuthProblem::Http {
            field: rename(field),
            value,
        }
        .into(),
        P::OAuth(OAuthProblem::RedirectNotUrls { field }) => OAuthProblem::RedirectNotUrls {
            field: rename(field),
        }
        .into(),
        P::OAuth(OAuthProblem::RedirectSameOrigin {
            field,
            first,
            second,
            origin,
        }) => OAuthProblem::RedirectSameOrigin {
            field: rename(field),
            first,
            second,
            origin,
        }
        .into(),
        other => match config_key(&other).and_then(outputs_path) {
            Some((field, key, _)) => AmplifyProblem::Field {
                field,
                key,
                problem: Box::new(other),
            }
            .into(),
            None => other,
        },
    }
}

/// The `config.json` key a problem's message names, for the problems whose
/// message names it itself rather than taking a path.
fn config_key(problem: &ConfigProblem) -> Option<&'static str> {
    use ConfigProblem as P;
    match problem {
        P::BadRegion { .. } => Some("region"),
        P::BadUserPoolId { .. } | P::UserPoolRegionMismatch { .. } => Some("userPoolId"),
        P::BadClientId { .. } => Some("userPoolClientId"),
        P::PasswordPolicy { .. } => Some("passwordPolicy"),
        P::UnknownAttribute { .. } => Some("signUpAttributes"),
        P::BadIdentityPoolId { .. } | P::IdentityPoolRegionMismatch { .. } => {
            Some("identityPoolId")
        }
        P::BadMfa { .. } => Some("mfa"),
        P::BadLogo { .. } => Some("logo"),
        P::OAuth(oauth) => match oauth {
            OAuthProblem::NoOpenid | OAuthProblem::BadScope { .. } => Some("oauth.scopes"),
            OAuthProblem::BadProviderName { .. } | OAuthProblem::DuplicateProvider { .. } => {
                Some("oauth.providers")
            }
            OAuthProblem::RedirectOtherOrigin { .. } => Some("oauth.redirectSignIn"),
            OAuthProblem::SignOutOtherOrigin { .. } => Some("oauth.redirectSignOut"),
            // A path of their own, or about keys the outputs do not have.
            OAuthProblem::NotUrl { .. }
            | OAuthProblem::Http { .. }
            | OAuthProblem::RedirectNotUrls { .. }
            | OAuthProblem::RedirectSameOrigin { .. }
            | OAuthProblem::BadLabel { .. }
            | OAuthProblem::BadReturnPath { .. } => None,
        },
        // A path of their own, about the file as a whole, or about keys the
        // outputs do not have.
        P::Unreachable { .. }
        | P::HttpStatus { .. }
        | P::NotJson { .. }
        | P::HtmlInsteadOfJson { .. }
        | P::NotAnObject
        | P::ClientSecret { .. }
        | P::UnknownField { .. }
        | P::Missing { .. }
        | P::NotString { .. }
        | P::NotObject { .. }
        | P::NotList { .. }
        | P::Empty { .. }
        | P::EndpointNotUrl { .. }
        | P::EndpointHttp { .. }
        | P::BadUsernameAttribute { .. }
        | P::BadAliasAttribute { .. }
        | P::UsernameAndAliasAttributes
        | P::PreferredUsernameAtSignUp
        | P::BadLocale { .. }
        | P::BadTotpIssuer { .. }
        | P::BadTokenStorage { .. }
        | P::NotBool { .. }
        | P::RefreshTokenNeedsLocal
        | P::BadClockSkew { .. }
        | P::NotUrl { .. }
        | P::HttpNotLoopback { .. }
        | P::BadAuthFlowType { .. }
        | P::Amplify(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{
        AuthConfig, IdentityProvider, SignInWith, SignUpAttribute, SignUpField, StandardAttribute,
    };
    use crate::i18n::Lang;
    use cognito_client::password::PasswordPolicy;

    const FIXTURE: &str = include_str!("../../tests/fixtures/amplify_outputs.json");

    fn fixture() -> Value {
        serde_json::from_str(FIXTURE).unwrap()
    }

    /// The outputs with `edit` applied to their `auth` section.
    fn outputs(edit: impl FnOnce(&mut Map<String, Value>)) -> Value {
        let mut outputs = fixture();
        edit(outputs["auth"].as_object_mut().unwrap());
        outputs
    }

    fn problems(value: Value) -> Vec<ConfigProblem> {
        AuthConfig::from_value(&value).expect_err("the outputs should be refused")
    }

    fn amplify(problem: AmplifyProblem) -> Vec<ConfigProblem> {
        vec![problem.into()]
    }

    #[test]
    fn the_fixture_reads_as_the_config_json_one_would_write_by_hand() {
        let from_outputs = AuthConfig::from_json(FIXTURE).unwrap();
        let by_hand = AuthConfig::from_value(&json!({
            "region": "ap-northeast-1",
            "userPoolId": "ap-northeast-1_AbC123xyz",
            "userPoolClientId": "4example5abcdefghij6789klm",
            "identityPoolId": "ap-northeast-1:4f3c2b1a-0d9e-4c8b-a7f6-e5d4c3b2a190",
            "passwordPolicy": {
                "minimumLength": 8,
                "requireLowercase": true,
                "requireNumbers": true,
                "requireSymbols": true,
                "requireUppercase": true
            },
            "signUpAttributes": ["email"],
            "mfa": "OPTIONAL",
            "oauth": {
                "domain": "https://0123456789abcdef0123.auth.ap-northeast-1.amazoncognito.com",
                "redirectSignIn": [
                    "http://localhost:8080/callback",
                    "https://main.d1a2b3c4d5e6f7.amplifyapp.com/callback"
                ],
                "redirectSignOut": [
                    "http://localhost:8080/",
                    "https://main.d1a2b3c4d5e6f7.amplifyapp.com/"
                ],
                "scopes": ["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"],
                "providers": [{ "name": "Google" }]
            }
        }))
        .unwrap();
        assert_eq!(from_outputs, by_hand);

        // The parts that matter, spelled out.
        let c = from_outputs;
        assert_eq!(
            c.user_pool_endpoint,
            "https://cognito-idp.ap-northeast-1.amazonaws.com/"
        );
        assert!(!c.is_local_emulator());
        let identity = c.identity_pool.as_ref().unwrap();
        assert_eq!(
            identity.endpoint,
            "https://cognito-identity.ap-northeast-1.amazonaws.com/"
        );
        assert_eq!(c.mfa, MfaConfiguration::Optional);
        assert!(c.sign_up_fields.is_empty(), "email is the username");
        assert_eq!(c.password_policy.minimum_length, 8);
        let oauth = c.oauth.as_ref().unwrap();
        assert_eq!(
            oauth.domain,
            "https://0123456789abcdef0123.auth.ap-northeast-1.amazoncognito.com"
        );
        assert_eq!(
            oauth.providers,
            vec![IdentityProvider {
                name: "Google".into(),
                label: None
            }]
        );
        assert_eq!(
            oauth.redirect_sign_in_for("http://localhost:8080"),
            Some("http://localhost:8080/callback")
        );
        assert_eq!(c.app_name, "Leptos Cognito", "config.json's default");
    }

    #[test]
    fn config_json_is_not_mistaken_for_outputs() {
        let p = AuthConfig::from_value(&json!({
            "region": "ap-northeast-1",
            "userPoolId": "ap-northeast-1_AbC123xyz",
            "userPoolClientId": "1example23456789",
            "version": "1.4"
        }))
        .unwrap_err();
        assert!(
            matches!(&p[..], [ConfigProblem::UnknownField { field, .. }] if field == "version"),
            "{p:?}"
        );
        assert!(!is_amplify_outputs(
            json!({"region": "x"}).as_object().unwrap()
        ));
        assert!(is_amplify_outputs(json!({"auth": {}}).as_object().unwrap()));
    }

    #[test]
    fn a_missing_required_field_is_named_by_its_amplify_path() {
        for (field, example) in [
            ("user_pool_id", "ap-northeast-1_AbC123xyz"),
            ("aws_region", "ap-northeast-1"),
            ("user_pool_client_id", "1example23456789"),
        ] {
            let p = problems(outputs(|auth| {
                auth.remove(field);
            }));
            let path = format!("auth.{field}");
            assert!(
                p.contains(&ConfigProblem::Amplify(AmplifyProblem::Missing {
                    field: PATHS.iter().find(|(_, o, _)| *o == path).unwrap().1,
                    example
                })),
                "{field}: {p:?}"
            );
            let text = p[0].to_string();
            assert!(text.contains(&format!("\"{path}\"")), "{text}");
            assert!(text.contains("npx ampx generate outputs"), "{text}");
            assert!(p[0].notice().render(Lang::Ja).contains(&path));
        }
        // Without the region, the identity pool's region cannot be checked
        // either; nothing else is reported.
        assert_eq!(
            problems(outputs(|auth| {
                auth.remove("aws_region");
            }))
            .len(),
            1
        );
    }

    #[test]
    fn a_bad_value_is_named_by_its_amplify_path_and_the_config_json_key() {
        let p = problems(outputs(|auth| {
            auth.insert("user_pool_id".into(), json!("nope"));
        }));
        assert_eq!(
            p,
            amplify(AmplifyProblem::Field {
                field: "auth.user_pool_id".into(),
                key: "userPoolId",
                problem: Box::new(ConfigProblem::BadUserPoolId {
                    value: "nope".into()
                }),
            })
        );
        let text = p[0].to_string();
        assert!(
            text.starts_with("\"auth.user_pool_id\" in the Amplify outputs (\"userPoolId\" in config.json): \"userPoolId\" is \"nope\"; a user pool ID looks like"),
            "{text}"
        );
        let ja = p[0].notice().render(Lang::Ja);
        assert!(
            ja.contains("auth.user_pool_id") && ja.contains("ユーザープール ID"),
            "{ja}"
        );

        // The region of the identity pool must be the user pool's.
        let p = problems(outputs(|auth| {
            auth.insert(
                "identity_pool_id".into(),
                json!("us-east-1:4f3c2b1a-0d9e-4c8b-a7f6-e5d4c3b2a190"),
            );
        }));
        assert!(
            matches!(&p[..], [ConfigProblem::Amplify(AmplifyProblem::Field { field, key: "identityPoolId", .. })] if field == "auth.identity_pool_id"),
            "{p:?}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_is_named_by_its_amplify_path() {
        assert_eq!(
            problems(outputs(|auth| {
                auth.insert("aws_region".into(), json!(7));
            })),
            vec![ConfigProblem::NotString {
                field: "auth.aws_region".into()
            }]
        );
        assert_eq!(
            problems(outputs(|auth| {
                auth["oauth"]["redirect_sign_in_uri"] = json!(["http://app.example.com/callback"]);
            })),
            vec![ConfigProblem::OAuth(OAuthProblem::Http {
                field: "auth.oauth.redirect_sign_in_uri[0]".into(),
                value: "http://app.example.com/callback".into()
            })]
        );
        assert_eq!(
            problems(outputs(|auth| {
                auth["oauth"]["redirect_sign_out_uri"] = json!([]);
            })),
            vec![ConfigProblem::Empty {
                field: "auth.oauth.redirect_sign_out_uri".into()
            }]
        );
        assert_eq!(
            problems(outputs(|auth| {
                auth.insert("oauth".into(), json!("Google"));
            })),
            vec![ConfigProblem::NotObject {
                field: "auth.oauth".into()
            }]
        );
        assert_eq!(
            problems(outputs(|auth| {
                auth.insert("password_policy".into(), json!(8));
            })),
            vec![ConfigProblem::NotObject {
                field: "auth.password_policy".into()
            }]
        );
    }

    #[test]
    fn oauth_without_openid_or_its_domain_is_refused_in_amplify_terms() {
        let p = problems(outputs(|auth| {
            auth["oauth"]["scopes"] = json!(["email", "profile"]);
        }));
        assert_eq!(
            p,
            amplify(AmplifyProblem::Field {
                field: "auth.oauth.scopes".into(),
                key: "oauth.scopes",
                problem: Box::new(OAuthProblem::NoOpenid.into()),
            })
        );
        let p = problems(outputs(|auth| {
            auth["oauth"].as_object_mut().unwrap().remove("domain");
        }));
        assert_eq!(
            p,
            amplify(AmplifyProblem::Missing {
                field: "auth.oauth.domain",
                example: "example.auth.ap-northeast-1.amazoncognito.com"
            })
        );
    }

    #[test]
    fn the_domain_is_a_bare_host_or_a_url() {
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth["oauth"]["domain"] = json!("auth.example.com");
        }))
        .unwrap();
        assert_eq!(c.oauth.unwrap().domain, "https://auth.example.com");
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth["oauth"]["domain"] = json!("https://auth.example.com/");
        }))
        .unwrap();
        assert_eq!(c.oauth.unwrap().domain, "https://auth.example.com");
    }

    #[test]
    fn amplify_provider_names_become_cognito_provider_names() {
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth["oauth"]["identity_providers"] = json!([
                "GOOGLE",
                "FACEBOOK",
                "LOGIN_WITH_AMAZON",
                "SIGN_IN_WITH_APPLE"
            ]);
        }))
        .unwrap();
        let names: Vec<String> = c
            .oauth
            .unwrap()
            .providers
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(
            names,
            ["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"]
        );
        // Outputs with only OIDC or SAML providers list none: no buttons.
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth["oauth"]["identity_providers"] = json!([]);
        }))
        .unwrap();
        assert!(c.oauth.unwrap().providers.is_empty());

        let p = problems(outputs(|auth| {
            auth["oauth"]["identity_providers"] = json!(["GOOGLE", "Google"]);
        }));
        assert_eq!(
            p,
            amplify(AmplifyProblem::NotOneOf {
                field: "auth.oauth.identity_providers[1]".into(),
                value: "Google".into(),
                allowed: PROVIDER_NAMES,
            })
        );
        assert!(p[0].to_string().contains("SIGN_IN_WITH_APPLE"));
        assert_eq!(
            problems(outputs(|auth| {
                auth["oauth"]["identity_providers"] = json!(["GOOGLE", "GOOGLE"]);
            })),
            amplify(AmplifyProblem::Field {
                field: "auth.oauth.identity_providers".into(),
                key: "oauth.providers",
                problem: Box::new(
                    OAuthProblem::DuplicateProvider {
                        value: "Google".into()
                    }
                    .into()
                ),
            })
        );
        assert_eq!(
            problems(outputs(|auth| {
                auth["oauth"]
                    .as_object_mut()
                    .unwrap()
                    .remove("identity_providers");
            })),
            amplify(AmplifyProblem::Missing {
                field: "auth.oauth.identity_providers",
                example: "[\"GOOGLE\"]"
            })
        );
    }

    #[test]
    fn the_implicit_flow_is_refused() {
        let p = problems(outputs(|auth| {
            auth["oauth"]["response_type"] = json!("token");
        }));
        assert_eq!(
            p,
            amplify(AmplifyProblem::ResponseType {
                value: "token".into()
            })
        );
        assert!(p[0].to_string().contains("PKCE"));
        assert!(problems(outputs(|auth| {
            auth["oauth"]["response_type"] = json!("id_token");
        }))[0]
            .to_string()
            .contains("code, token"));
    }

    #[test]
    fn mfa_configuration_maps_to_mfa() {
        let mfa_of = |configuration: Value, methods: Value| {
            AuthConfig::from_value(&outputs(|auth| {
                auth.insert("mfa_configuration".into(), configuration);
                auth.insert("mfa_methods".into(), methods);
            }))
            .map(|c| c.mfa)
        };
        use MfaConfiguration::*;
        assert_eq!(mfa_of(json!("NONE"), json!([])), Ok(Off));
        assert_eq!(
            mfa_of(json!("OPTIONAL"), json!(["SMS", "TOTP"])),
            Ok(Optional)
        );
        assert_eq!(mfa_of(json!("REQUIRED"), json!(["TOTP"])), Ok(On));
        // Older outputs may carry Cognito's own names.
        assert_eq!(mfa_of(json!("OFF"), Value::Null), Ok(Off));
        assert_eq!(mfa_of(json!("ON"), Value::Null), Ok(On));
        // No authenticator apps in the pool: nothing to set up...
        assert_eq!(mfa_of(json!("OPTIONAL"), json!(["SMS"])), Ok(Off));
        // ...and nobody could sign in where MFA is required.
        let p = mfa_of(json!("REQUIRED"), json!(["SMS", "EMAIL"])).unwrap_err();
        assert_eq!(
            p,
            amplify(AmplifyProblem::MfaRequiredWithoutTotp {
                methods: vec!["SMS".into(), "EMAIL".into()]
            })
        );
        let text = p[0].to_string();
        assert!(text.contains("[\"SMS\", \"EMAIL\"]"), "{text}");
        // Absent: the default, as in config.json.
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth.remove("mfa_configuration");
            auth.remove("mfa_methods");
        }))
        .unwrap();
        assert_eq!(c.mfa, Off);

        assert_eq!(
            mfa_of(json!("SOMETIMES"), Value::Null).unwrap_err(),
            amplify(AmplifyProblem::NotOneOf {
                field: "auth.mfa_configuration".into(),
                value: "SOMETIMES".into(),
                allowed: MFA_CONFIGURATIONS,
            })
        );
        assert_eq!(
            mfa_of(json!("OPTIONAL"), json!(["TOTP", "PUSH"])).unwrap_err(),
            amplify(AmplifyProblem::NotOneOf {
                field: "auth.mfa_methods[1]".into(),
                value: "PUSH".into(),
                allowed: MFA_METHODS,
            })
        );
        assert_eq!(
            mfa_of(json!(true), Value::Null).unwrap_err(),
            vec![ConfigProblem::NotString {
                field: "auth.mfa_configuration".into()
            }]
        );
    }

    #[test]
    fn sign_in_by_email_phone_or_username() {
        for (names, with) in [
            (json!(["email"]), SignInWith::Email),
            (json!(["phone_number"]), SignInWith::PhoneNumber),
            (
                json!(["phone_number", "email"]),
                SignInWith::EmailOrPhoneNumber,
            ),
            (
                json!(["username"]),
                SignInWith::Username {
                    email: false,
                    phone_number: false,
                },
            ),
        ] {
            let c = AuthConfig::from_value(&outputs(|auth| {
                auth.insert("username_attributes".into(), names.clone());
            }))
            .unwrap();
            assert_eq!(c.sign_in_with(), with, "{names}");
        }
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth.remove("username_attributes");
        }))
        .unwrap();
        assert_eq!(
            c.sign_in_with(),
            SignInWith::Email,
            "absent: email, as in config.json"
        );
        assert_eq!(
            problems(outputs(|auth| {
                auth.insert("username_attributes".into(), json!(["email", "nickname"]));
            })),
            amplify(AmplifyProblem::NotOneOf {
                field: "auth.username_attributes[1]".into(),
                value: "nickname".into(),
                allowed: USERNAME_ATTRIBUTES,
            })
        );
    }

    #[test]
    fn required_attributes_are_asked_for() {
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth.insert(
                "standard_required_attributes".into(),
                json!(["email", "name", "phone_number"]),
            );
        }))
        .unwrap();
        assert_eq!(
            c.sign_up_fields,
            vec![
                SignUpField::required(SignUpAttribute::NAME),
                SignUpField::required(SignUpAttribute::Standard(StandardAttribute::PhoneNumber)),
            ]
        );
        assert_eq!(
            problems(outputs(|auth| {
                auth.insert(
                    "standard_required_attributes".into(),
                    json!(["email", "sub"]),
                );
            })),
            amplify(AmplifyProblem::Field {
                field: "auth.standard_required_attributes".into(),
                key: "signUpAttributes",
                problem: Box::new(ConfigProblem::UnknownAttribute {
                    value: "sub".into()
                }),
            })
        );
    }

    #[test]
    fn the_password_policy_is_read_as_amplify_writes_it() {
        let policy_of = |policy: Option<Value>| {
            AuthConfig::from_value(&outputs(|auth| match policy {
                Some(policy) => {
                    auth.insert("password_policy".into(), policy);
                }
                None => {
                    auth.remove("password_policy");
                }
            }))
            .map(|c| c.password_policy)
        };
        assert_eq!(
            policy_of(Some(json!({"min_length": 10, "require_numbers": true}))),
            Ok(PasswordPolicy {
                minimum_length: 10,
                require_uppercase: false,
                require_lowercase: false,
                require_numbers: true,
                require_symbols: false,
            })
        );
        // Amplify's default length when only the rules are written.
        assert_eq!(
            policy_of(Some(json!({"require_symbols": true})))
                .unwrap()
                .minimum_length,
            8
        );
        // No policy at all: Cognito's default, not config.json's 12.
        assert_eq!(
            policy_of(None),
            Ok(PasswordPolicy {
                minimum_length: 8,
                require_uppercase: true,
                require_lowercase: true,
                require_numbers: true,
                require_symbols: true,
            })
        );
        let p = policy_of(Some(json!({"min_length": 3}))).unwrap_err();
        assert!(
            matches!(&p[..], [ConfigProblem::Amplify(AmplifyProblem::Field { field, key: "passwordPolicy", .. })] if field == "auth.password_policy"),
            "{p:?}"
        );
        assert!(p[0].to_string().contains("6 to 99"), "{}", p[0]);
        assert_eq!(
            policy_of(Some(json!({"min_length": 8, "require_digits": true}))).unwrap_err(),
            amplify(AmplifyProblem::UnknownField {
                field: "auth.password_policy.require_digits".into(),
                allowed: PASSWORD_POLICY_KEYS.to_vec(),
            })
        );
    }

    #[test]
    fn other_sections_and_ignored_fields_are_accepted_unknown_auth_fields_are_not() {
        let c = AuthConfig::from_value(&outputs(|auth| {
            auth.insert("user_verification_types".into(), json!(["phone_number"]));
            auth.insert("unauthenticated_identities_enabled".into(), json!(false));
            auth.insert("groups".into(), json!([]));
            auth.insert(
                "passwordless".into(),
                json!({"email_otp_enabled": true, "preferred_challenge": "EMAIL_OTP"}),
            );
        }));
        assert!(c.is_ok(), "{c:?}");
        let mut with_custom = fixture();
        with_custom["custom"] = json!({"anything": [1, 2]});
        with_custom["$schema"] = json!("./node_modules/x/schema.json");
        assert!(AuthConfig::from_value(&with_custom).is_ok());

        let p = problems(outputs(|auth| {
            auth.insert("authentication_flow_type".into(), json!("CUSTOM_AUTH"));
        }));
        assert!(
            matches!(&p[..], [ConfigProblem::Amplify(AmplifyProblem::UnknownField { field, allowed })]
                if field == "auth.authentication_flow_type" && allowed.contains(&"mfa_methods")),
            "{p:?}"
        );
        assert!(p[0]
            .to_string()
            .contains("\"auth.authentication_flow_type\""));
        let p = problems(outputs(|auth| {
            auth["oauth"]["redirectSignIn"] = json!("https://app.example.com/callback");
        }));
        assert!(
            matches!(&p[..], [ConfigProblem::Amplify(AmplifyProblem::UnknownField { field, .. })]
                if field == "auth.oauth.redirectSignIn"),
            "{p:?}"
        );
    }

    #[test]
    fn only_version_1_is_read() {
        for good in ["1", "1.1", "1.4", "1.5", "1.12"] {
            let mut o = fixture();
            o["version"] = json!(good);
            assert!(AuthConfig::from_value(&o).is_ok(), "{good}");
        }
        for bad in ["2", "1.", "1.x", "v1.4", ""] {
            let mut o = fixture();
            o["version"] = json!(bad);
            assert_eq!(
                problems(o),
                amplify(AmplifyProblem::BadVersion { value: bad.into() }),
                "{bad}"
            );
        }
        let mut o = fixture();
        o.as_object_mut().unwrap().remove("version");
        assert_eq!(
            problems(o.clone()),
            amplify(AmplifyProblem::Missing {
                field: "version",
                example: "1.4"
            })
        );
        o["_version"] = json!("2");
        assert_eq!(
            problems(o)[0],
            AmplifyProblem::BadVersion { value: "2".into() }.into()
        );
        let mut o = fixture();
        o["version"] = json!(1.4);
        assert_eq!(
            problems(o),
            vec![ConfigProblem::NotString {
                field: "version".into()
            }]
        );
    }

    #[test]
    fn outputs_without_auth_say_so() {
        let p = problems(json!({"version": "1.4", "data": {}}));
        assert_eq!(p, amplify(AmplifyProblem::NoAuth));
        assert!(p[0].to_string().contains("defineAuth"));
        assert!(p[0].notice().render(Lang::Ja).contains("defineAuth"));
        assert_eq!(
            problems(json!({"version": "1.4", "auth": []})),
            vec![ConfigProblem::NotObject {
                field: "auth".into()
            }]
        );
    }

    #[test]
    fn a_secret_anywhere_in_the_outputs_is_refused_first() {
        let p = problems(outputs(|auth| {
            auth.insert("user_pool_client_secret".into(), json!("shh"));
            auth.insert("user_pool_id".into(), json!("nope"));
        }));
        assert_eq!(
            p[0],
            ConfigProblem::ClientSecret {
                field: "auth.user_pool_client_secret".into()
            }
        );
        assert_eq!(p.len(), 2, "the secret is not also an unknown field: {p:?}");
        let mut o = fixture();
        o["custom"] = json!({"apiSecret": "shh"});
        assert_eq!(
            problems(o),
            vec![ConfigProblem::ClientSecret {
                field: "custom.apiSecret".into()
            }]
        );
    }

    #[test]
    fn every_amplify_problem_renders_in_both_languages() {
        let all = [
            AmplifyProblem::Missing {
                field: "auth.user_pool_id",
                example: "x",
            },
            AmplifyProblem::NoAuth,
            AmplifyProblem::BadVersion { value: "2".into() },
            AmplifyProblem::UnknownField {
                field: "auth.x".into(),
                allowed: AUTH_KEYS.to_vec(),
            },
            AmplifyProblem::NotOneOf {
                field: "auth.mfa_configuration".into(),
                value: "x".into(),
                allowed: MFA_CONFIGURATIONS,
            },
            AmplifyProblem::ResponseType {
                value: "token".into(),
            },
            AmplifyProblem::MfaRequiredWithoutTotp {
                methods: vec!["SMS".into()],
            },
            AmplifyProblem::Field {
                field: "auth.aws_region".into(),
                key: "region",
                problem: Box::new(ConfigProblem::BadRegion {
                    value: "Tokyo".into(),
                }),
            },
        ];
        for problem in all {
            let notice = ConfigProblem::from(problem.clone()).notice();
            for lang in [Lang::En, Lang::Ja] {
                let text = notice.render(lang);
                assert!(
                    !text.contains('{') || text.contains("{ email"),
                    "{problem:?} {lang:?}: {text}"
                );
                assert!(text.contains("auth") || text.contains('2'), "{text}");
            }
        }
    }

    #[test]
    fn every_path_translates_and_longer_keys_win() {
        assert_eq!(
            outputs_path("oauth.redirectSignIn[2]").map(|(p, k, _)| (p, k)),
            Some((
                "auth.oauth.redirect_sign_in_uri[2]".into(),
                "oauth.redirectSignIn"
            ))
        );
        assert_eq!(
            outputs_path("oauth").map(|(p, ..)| p),
            Some("auth.oauth".into())
        );
        assert_eq!(outputs_path("regionX"), None);
        assert_eq!(outputs_path("endpoints.userPool"), None);
        for (i, (key, ..)) in PATHS.iter().enumerate() {
            for (longer, ..) in &PATHS[i + 1..] {
                assert!(
                    !longer.starts_with(&format!("{key}.")),
                    "{longer} after {key}"
                );
            }
        }
    }
}
