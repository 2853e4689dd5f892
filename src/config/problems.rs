//! Everything that can be wrong with `config.json`, as translatable
//! messages for whoever deploys the app, and the limits those messages name.

use super::attribute::StandardAttribute;
use crate::i18n::{Arg, Lang, Msg, Notice};
use std::fmt;

/// Authenticator apps show the issuer in a list row; longer names get cut.
pub(crate) const MAX_TOTP_ISSUER_CHARS: usize = 64;
/// Cognito's `ProviderName` is 1–32 characters.
pub(crate) const MAX_PROVIDER_NAME_CHARS: usize = 32;
/// A button label that still fits on a button.
pub(crate) const MAX_LABEL_CHARS: usize = 64;

/// One thing wrong with `config.json`; shown to whoever deploys the app.
/// `field` is the key's path (`oauth.providers[1].name`); `value` what it
/// held.
///
/// ```
/// use leptos_cognito::{AuthConfig, ConfigProblem};
///
/// let problems = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "locale": "klingon"
/// }"#)
/// .unwrap_err();
/// assert_eq!(problems, [ConfigProblem::BadLocale { value: "klingon".into() }]);
/// for problem in &problems {
///     eprintln!("config.json: {problem}"); // English; `notice()` for other languages
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// The file could not be fetched at all.
    Unreachable {
        /// Where it was fetched from.
        url: String,
        /// What the browser said.
        detail: String,
    },
    /// The server answered with a non-2xx status.
    HttpStatus {
        /// Where it was fetched from.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// Not JSON.
    NotJson {
        /// The parser's message (line and column).
        detail: String,
    },
    /// An HTML page came back: usually a single-page-app fallback because
    /// the file is not deployed.
    HtmlInsteadOfJson {
        /// Where it was fetched from.
        url: String,
    },
    /// JSON, but not an object.
    NotAnObject,
    /// A key that holds (or names) a client secret.
    ClientSecret {
        /// The key's path.
        field: String,
    },
    /// A key the configuration does not know.
    UnknownField {
        /// The key's path.
        field: String,
        /// The keys allowed at that level.
        allowed: Vec<&'static str>,
    },
    /// A required key is absent.
    Missing {
        /// The key's path.
        field: &'static str,
        /// A value it could have.
        example: &'static str,
    },
    /// The value should be a string.
    NotString {
        /// The key's path.
        field: String,
    },
    /// The value should be an object.
    NotObject {
        /// The key's path.
        field: String,
    },
    /// The value should be a list of strings.
    NotList {
        /// The key's path.
        field: String,
    },
    /// A string that must not be empty is.
    Empty {
        /// The key's path.
        field: String,
    },
    /// `region` is not a region code.
    BadRegion {
        /// What it held.
        value: String,
    },
    /// `userPoolId` is not `<region>_<id>`.
    BadUserPoolId {
        /// What it held.
        value: String,
    },
    /// `userPoolId`'s region differs from `region`.
    UserPoolRegionMismatch {
        /// The region in `userPoolId`.
        pool_region: String,
        /// `region`.
        region: String,
    },
    /// `userPoolClientId` has characters an app client ID cannot have.
    BadClientId {
        /// What it held.
        value: String,
    },
    /// `endpoints.userPool` is not a plain http(s) URL.
    EndpointNotUrl {
        /// What it held.
        value: String,
    },
    /// `endpoints.userPool` is `http` to a host that is not loopback.
    EndpointHttp {
        /// What it held.
        value: String,
    },
    /// `passwordPolicy` has unknown or out-of-range values.
    PasswordPolicy {
        /// Which, in the checker's words.
        detail: String,
    },
    /// `signUpAttributes` names an attribute the app does not support.
    UnknownAttribute {
        /// The attribute named.
        value: String,
    },
    /// `usernameAttributes` names something other than `email` and
    /// `phone_number`.
    BadUsernameAttribute {
        /// What it named.
        value: String,
    },
    /// `aliasAttributes` names something other than `email`,
    /// `phone_number` and `preferred_username`.
    BadAliasAttribute {
        /// What it named.
        value: String,
    },
    /// Both `usernameAttributes` (non-empty) and `aliasAttributes`: a user
    /// pool has one or the other.
    UsernameAndAliasAttributes,
    /// `signUpAttributes` asks for `preferred_username` in a pool where it is
    /// an alias, which Cognito refuses at sign-up.
    PreferredUsernameAtSignUp,
    /// `locale` is not `auto`, `en` or `ja`.
    BadLocale {
        /// What it held.
        value: String,
    },
    /// `totpIssuer` is too long or has control characters.
    BadTotpIssuer {
        /// What it held.
        value: String,
    },
    /// Something in the `oauth` block (social sign-in).
    OAuth(OAuthProblem),
    /// `tokenStorage` is not `memory`, `session` or `local`.
    BadTokenStorage {
        /// What it held.
        value: String,
    },
    /// The value should be `true` or `false`.
    NotBool {
        /// The key's path.
        field: String,
    },
    /// `refreshTokenInLocalStorage` without `tokenStorage: "local"`.
    RefreshTokenNeedsLocal,
    /// `clockSkewSeconds` is not a whole number from 0 to 300.
    BadClockSkew {
        /// What it held, as JSON.
        value: String,
    },
    /// `identityPoolId` is not `<region>:<uuid>`.
    BadIdentityPoolId {
        /// What it held.
        value: String,
    },
    /// `identityPoolId`'s region differs from `region`.
    IdentityPoolRegionMismatch {
        /// The region in `identityPoolId`.
        pool_region: String,
        /// `region`.
        region: String,
    },
    /// A URL (`endpoints.identityPool`, `api.*`) that is not a plain
    /// http(s) URL.
    NotUrl {
        /// The key's path.
        field: String,
        /// What it held.
        value: String,
    },
    /// A URL with `http` to a host that is not loopback.
    HttpNotLoopback {
        /// The key's path.
        field: String,
        /// What it held.
        value: String,
    },
    /// `authFlowType` is neither `USER_SRP_AUTH` nor `USER_PASSWORD_AUTH`.
    BadAuthFlowType {
        /// What it held.
        value: String,
    },
    /// `logo` is not a path on the app's own origin.
    BadLogo {
        /// What it held.
        value: String,
    },
    /// `mfa` is not `OFF`, `OPTIONAL` or `ON`.
    BadMfa {
        /// What it held.
        value: String,
    },
    /// Something in an Amplify Gen 2 `amplify_outputs.json` read as the
    /// configuration.
    Amplify(AmplifyProblem),
}

impl ConfigProblem {
    /// The problem as a translatable message.
    ///
    /// ```
    /// use leptos_cognito::{ConfigProblem, Lang};
    ///
    /// let problem = ConfigProblem::BadRegion { value: "Tokyo".into() };
    /// let english = problem.notice().render(Lang::En);
    /// let japanese = problem.notice().render(Lang::Ja);
    /// assert!(english.contains("Tokyo") && japanese.contains("Tokyo"));
    /// assert_eq!(english, problem.to_string());
    /// ```
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
                    StandardAttribute::ALL
                        .iter()
                        .map(|a| a.name())
                        .chain(["custom:<1 to 20 characters>"])
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            P::BadUsernameAttribute { value } => {
                Notice::new(Msg::CfgBadUsernameAttribute).arg("value", value.as_str())
            }
            P::BadAliasAttribute { value } => {
                Notice::new(Msg::CfgBadAliasAttribute).arg("value", value.as_str())
            }
            P::UsernameAndAliasAttributes => Notice::new(Msg::CfgUsernameAndAliasAttributes),
            P::PreferredUsernameAtSignUp => Notice::new(Msg::CfgPreferredUsernameAtSignUp),
            P::BadLocale { value } => {
                let allowed: Vec<String> = Lang::ALL
                    .iter()
                    .map(|l| format!("\"{}\"", l.code()))
                    .collect();
                Notice::new(Msg::CfgBadLocale)
                    .arg("value", value.as_str())
                    .arg("allowed", allowed.join(", "))
            }
            P::BadTotpIssuer { value } => Notice::new(Msg::CfgBadTotpIssuer)
                .arg("value", value.as_str())
                .arg("max", MAX_TOTP_ISSUER_CHARS.to_string()),
            P::OAuth(problem) => problem.notice(),
            P::BadTokenStorage { value } => {
                Notice::new(Msg::CfgBadTokenStorage).arg("value", value.as_str())
            }
            P::NotBool { field } => Notice::new(Msg::CfgNotBool).arg("field", field.as_str()),
            P::RefreshTokenNeedsLocal => Notice::new(Msg::CfgRefreshTokenNeedsLocal),
            P::BadClockSkew { value } => {
                Notice::new(Msg::CfgBadClockSkew).arg("value", value.as_str())
            }
            P::BadIdentityPoolId { value } => {
                Notice::new(Msg::CfgBadIdentityPoolId).arg("value", value.as_str())
            }
            P::IdentityPoolRegionMismatch {
                pool_region,
                region,
            } => Notice::new(Msg::CfgIdentityPoolRegionMismatch)
                .arg("pool_region", pool_region.as_str())
                .arg("region", region.as_str()),
            P::NotUrl { field, value } => Notice::new(Msg::CfgUrlNotHttp)
                .arg("field", field.as_str())
                .arg("value", value.as_str()),
            P::HttpNotLoopback { field, value } => Notice::new(Msg::CfgUrlHttp)
                .arg("field", field.as_str())
                .arg("value", value.as_str()),
            P::BadAuthFlowType { value } => {
                Notice::new(Msg::CfgBadAuthFlowType).arg("value", value.as_str())
            }
            P::BadLogo { value } => Notice::new(Msg::CfgBadLogo).arg("value", value.as_str()),
            P::BadMfa { value } => Notice::new(Msg::CfgBadMfa).arg("value", value.as_str()),
            P::Amplify(problem) => problem.notice(),
        }
    }
}

impl fmt::Display for ConfigProblem {
    /// English, for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.notice().fmt(f)
    }
}

/// A problem with the `oauth` block (the generic ones — missing, not a
/// string, unknown field — are plain [`ConfigProblem`]s naming `oauth.…`).
///
/// ```
/// use leptos_cognito::config::OAuthProblem;
/// use leptos_cognito::{AuthConfig, ConfigProblem};
///
/// let problems = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "oauth": {
///     "domain": "https://auth.example.com",
///     "redirectSignIn": "https://app.example.com/callback",
///     "redirectSignOut": "https://app.example.com/",
///     "scopes": ["email", "profile"],
///     "providers": [{ "name": "Google" }]
///   }
/// }"#)
/// .unwrap_err();
/// assert_eq!(problems, [ConfigProblem::OAuth(OAuthProblem::NoOpenid)]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthProblem {
    /// Not a plain http(s) URL.
    NotUrl {
        /// The key's path.
        field: String,
        /// What it held.
        value: String,
    },
    /// `http` to a host that is not loopback.
    Http {
        /// The key's path.
        field: String,
        /// What it held.
        value: String,
    },
    /// `oauth.scopes` lacks `openid` (needed for the ID token and its nonce).
    NoOpenid,
    /// A scope with spaces or nothing in it.
    BadScope {
        /// The scope.
        value: String,
    },
    /// A provider name Cognito would not accept.
    BadProviderName {
        /// The name.
        value: String,
    },
    /// The same provider twice.
    DuplicateProvider {
        /// The name.
        value: String,
    },
    /// A label that is empty, too long or has line breaks.
    BadLabel {
        /// The label.
        value: String,
    },
    /// A return path that is not a plain path on this site.
    BadReturnPath {
        /// The path.
        value: String,
    },
    /// `redirectSignIn` or `redirectSignOut` is neither a string nor a list.
    RedirectNotUrls {
        /// The key's path.
        field: String,
    },
    /// Two different entries of `redirectSignOut` on one origin: which one
    /// the app should use would be a guess. (Sign-in entries may share one:
    /// the page that is one takes the redirect back.)
    RedirectSameOrigin {
        /// The key's path.
        field: String,
        /// The entry kept.
        first: String,
        /// The entry refused.
        second: String,
        /// Their origin.
        origin: String,
    },
    /// No `redirectSignIn` entry is on the origin the app runs on (checked in
    /// the browser at start).
    RedirectOtherOrigin {
        /// The entries.
        values: Vec<String>,
        /// The page's origin.
        origin: String,
    },
    /// No `redirectSignOut` entry is on the origin the app runs on (checked
    /// in the browser at start).
    SignOutOtherOrigin {
        /// The entries.
        values: Vec<String>,
        /// The page's origin.
        origin: String,
    },
}

impl OAuthProblem {
    /// The problem as a translatable message.
    ///
    /// ```
    /// use leptos_cognito::config::OAuthProblem;
    /// use leptos_cognito::Lang;
    ///
    /// let text = OAuthProblem::NoOpenid.notice().render(Lang::En);
    /// assert!(text.contains("openid"));
    /// ```
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
            P::RedirectNotUrls { field } => {
                Notice::new(Msg::CfgOAuthRedirectNotUrls).arg("field", field.as_str())
            }
            P::RedirectSameOrigin {
                field,
                first,
                second,
                origin,
            } => Notice::new(Msg::CfgOAuthRedirectSameOrigin)
                .arg("field", field.as_str())
                .arg("first", first.as_str())
                .arg("second", second.as_str())
                .arg("origin", origin.as_str()),
            P::RedirectOtherOrigin { values, origin } => Notice::new(Msg::CfgOAuthRedirectOrigin)
                .arg("values", quoted_list(values))
                .arg("origin", origin.as_str()),
            P::SignOutOtherOrigin { values, origin } => Notice::new(Msg::CfgOAuthSignOutOrigin)
                .arg("values", quoted_list(values))
                .arg("origin", origin.as_str()),
        }
    }
}

/// `"a", "b"`: URLs as the message lists them.
fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<OAuthProblem> for ConfigProblem {
    fn from(p: OAuthProblem) -> Self {
        ConfigProblem::OAuth(p)
    }
}

/// A problem with an Amplify Gen 2 `amplify_outputs.json` read as the
/// configuration. Paths are the outputs' own (`auth.user_pool_id`); the
/// problems that are not Amplify's own — not a string, empty, not a URL —
/// are plain [`ConfigProblem`]s naming the same paths.
///
/// ```
/// use leptos_cognito::config::AmplifyProblem;
/// use leptos_cognito::{AuthConfig, ConfigProblem};
///
/// // An `amplify_outputs.json` of a backend without `defineAuth`.
/// let problems = AuthConfig::from_json(r#"{ "version": "1.4", "data": {} }"#).unwrap_err();
/// assert_eq!(problems, [ConfigProblem::Amplify(AmplifyProblem::NoAuth)]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmplifyProblem {
    /// A field the app needs is absent.
    Missing {
        /// The field's path.
        field: &'static str,
        /// A value it could have.
        example: &'static str,
    },
    /// The outputs have no `auth` section.
    NoAuth,
    /// `version` is not a version 1 of the outputs schema.
    BadVersion {
        /// What it held.
        value: String,
    },
    /// A field the outputs schema does not define where the app reads.
    UnknownField {
        /// The field's path.
        field: String,
        /// The fields allowed at that level.
        allowed: Vec<&'static str>,
    },
    /// A value the outputs schema does not allow.
    NotOneOf {
        /// The field's path.
        field: String,
        /// What it held.
        value: String,
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// `auth.oauth.response_type` is not `code`.
    ResponseType {
        /// What it held.
        value: String,
    },
    /// `auth.mfa_configuration` is `REQUIRED` and `auth.mfa_methods` has no
    /// `TOTP`.
    MfaRequiredWithoutTotp {
        /// The methods listed.
        methods: Vec<String>,
    },
    /// A value that maps to a `config.json` key and fails that key's check.
    Field {
        /// The field's path in the outputs.
        field: String,
        /// The `config.json` key it is read as.
        key: &'static str,
        /// What is wrong, in `config.json`'s terms.
        problem: Box<ConfigProblem>,
    },
}

impl AmplifyProblem {
    /// The problem as a translatable message.
    ///
    /// ```
    /// use leptos_cognito::config::AmplifyProblem;
    /// use leptos_cognito::Lang;
    ///
    /// let text = AmplifyProblem::NoAuth.notice().render(Lang::Ja);
    /// assert!(text.contains("defineAuth"));
    /// ```
    pub fn notice(&self) -> Notice {
        use AmplifyProblem as P;
        match self {
            P::Missing { field, example } => Notice::new(Msg::CfgAmplifyMissing)
                .arg("field", *field)
                .arg("example", *example),
            P::NoAuth => Notice::new(Msg::CfgAmplifyNoAuth),
            P::BadVersion { value } => {
                Notice::new(Msg::CfgAmplifyVersion).arg("value", value.as_str())
            }
            P::UnknownField { field, allowed } => Notice::new(Msg::CfgAmplifyUnknownField)
                .arg("field", field.as_str())
                .arg("allowed", allowed.join(", ")),
            P::NotOneOf {
                field,
                value,
                allowed,
            } => Notice::new(Msg::CfgAmplifyNotOneOf)
                .arg("field", field.as_str())
                .arg("value", value.as_str())
                .arg("allowed", allowed.join(", ")),
            P::ResponseType { value } => {
                Notice::new(Msg::CfgAmplifyResponseType).arg("value", value.as_str())
            }
            P::MfaRequiredWithoutTotp { methods } => Notice::new(Msg::CfgAmplifyMfaWithoutTotp)
                .arg(
                    "methods",
                    format!(
                        "[{}]",
                        methods
                            .iter()
                            .map(|m| format!("\"{m}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            P::Field {
                field,
                key,
                problem,
            } => Notice::new(Msg::CfgAmplifyField)
                .arg("field", field.as_str())
                .arg("key", *key)
                .arg("problem", Arg::List(vec![problem.notice()])),
        }
    }
}

impl From<AmplifyProblem> for ConfigProblem {
    fn from(p: AmplifyProblem) -> Self {
        ConfigProblem::Amplify(p)
    }
}
