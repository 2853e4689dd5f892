//! Message catalogues: every user-visible string, in English and Japanese.
//!
//! Views never hold text: they name a [`Msg`] and render it in the current
//! [`Lang`]. Each catalogue is one exhaustive `match`, so a key without a
//! translation does not compile; the tests check that the placeholders of
//! both languages agree.

mod context;
mod en;
mod ja;

pub use context::{use_i18n, I18n};

use std::fmt;

/// A language the screens are available in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// Every supported language, in the order the switcher shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 tag, as used in `<html lang>` and `config.json`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// `"en"` / `"ja"` exactly.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The language for a browser language tag (`navigator.language`):
    /// Japanese for `ja`, `ja-JP`, ...; English otherwise.
    pub fn from_browser_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The catalogue text of `msg` in this language, placeholders unfilled.
    pub fn text(self, msg: Msg) -> &'static str {
        match self {
            Lang::En => en::text(msg),
            Lang::Ja => ja::text(msg),
        }
    }

    /// How a list of items is joined in running text.
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::En => "; ",
            Lang::Ja => "、",
        }
    }
}

macro_rules! messages {
    ($($(#[$doc:meta])* $key:ident),* $(,)?) => {
        /// The key of one user-visible message. Placeholders in the text are
        /// written `{name}` and filled from a [`Notice`]'s arguments.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg { $($(#[$doc])* $key),* }

        impl Msg {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];
        }
    };
}

messages! {
    Loading,
    LanguageLabel,
    FieldEmail,
    FieldName,
    FieldPassword,
    FieldCode,
    ShowPassword,
    HidePassword,
    OpensInNewTab,
    // Sign in
    LoginTitle,
    LoginSubmit,
    LoginBusy,
    LoginNoAccount,
    LoginToSignUp,
    // Sign up
    SignUpTitle,
    SignUpSubmit,
    SignUpBusy,
    SignUpHaveAccount,
    SignUpToLogin,
    PasswordRulesHeading,
    RuleLength,
    RuleLowercase,
    RuleUppercase,
    RuleNumber,
    RuleSymbol,
    RuleMet,
    RuleUnmet,
    // Confirm
    ConfirmTitle,
    ConfirmIntro,
    ConfirmSubmit,
    ConfirmBusy,
    ConfirmResend,
    ConfirmResendBusy,
    ConfirmMailbox,
    ConfirmMailboxHint,
    BackToLogin,
    // Account
    AccountTitle,
    AccountEmail,
    AccountName,
    AccountSub,
    AccountClaims,
    AccountClaimsNote,
    AccountNotSet,
    SignOut,
    SignOutBusy,
    // Not found
    NotFoundTitle,
    NotFoundBody,
    NotFoundHome,
    // Config error
    ConfigErrorTitle,
    ConfigErrorIntro,
    ConfigErrorReload,
    CfgUnreachable,
    CfgHttpStatus,
    CfgNotJson,
    CfgHtml,
    CfgNotObject,
    CfgClientSecret,
    CfgUnknownField,
    CfgMissing,
    CfgNotString,
    CfgNotObjectField,
    CfgNotList,
    CfgEmpty,
    CfgBadRegion,
    CfgBadUserPoolId,
    CfgUserPoolRegionMismatch,
    CfgBadClientId,
    CfgEndpointNotUrl,
    CfgEndpointHttp,
    CfgPasswordPolicy,
    CfgUnknownAttribute,
    CfgBadLocale,
    CfgBadTotpIssuer,
    // Sign-in: the authenticator code (SOFTWARE_TOKEN_MFA)
    MfaTitle,
    MfaIntro,
    FieldMfaCode,
    MfaSubmit,
    MfaBusy,
    // Sign-in: authenticator set-up (MFA_SETUP)
    MfaSetupTitle,
    MfaSetupIntro,
    MfaSetupPreparing,
    MfaSetupRetry,
    MfaSetupSubmit,
    // The authenticator enrolment widget
    TotpScanHeading,
    TotpQrLabel,
    TotpManualHeading,
    TotpCopy,
    TotpCopied,
    TotpCopyFailed,
    TotpUriHeading,
    TotpCodeHeading,
    FieldDeviceName,
    TotpDeviceHint,
    TotpVerifyBusy,
    // Account: two-step verification
    AccountMfa,
    AccountMfaStatus,
    MfaStatusEnabled,
    MfaStatusDisabled,
    MfaStatusLoading,
    MfaStatusUnknown,
    TotpSetupStart,
    TotpSetupStartBusy,
    TotpSetupSubmit,
    TotpSetupCancel,
    TotpDisable,
    TotpDisableBusy,
    // Errors
    ErrIncorrectCredentials,
    ErrPasswordAttemptsExceeded,
    ErrUsernameExists,
    ErrCodeMismatch,
    ErrExpiredCode,
    ErrInvalidPassword,
    ErrInvalidPasswordGeneric,
    ErrPasswordReused,
    ErrInvalidParameter,
    ErrLambdaValidation,
    ErrTooManyRequests,
    ErrResourceNotFound,
    ErrTransport,
    ErrDecode,
    ErrUserNotFound,
    ErrCannotConfirm,
    ErrCodeDelivery,
    ErrInternal,
    ErrForbidden,
    ErrPasswordResetRequired,
    ErrNotEnabled,
    ErrUnknown,
    ErrChallengeUnsupported,
    ErrSessionUnreadable,
    ErrEmailRequired,
    ErrEmailInvalid,
    ErrNameRequired,
    ErrPasswordRequired,
    ErrPasswordRules,
    ErrCodeRequired,
    ErrMfaCodeRequired,
    ErrMfaCodeMismatch,
    ErrMfaAttemptsExceeded,
    ErrMfaSessionExpired,
    ErrTotpCodeMismatch,
    ErrTotpNotEnabled,
    ErrMfaMethodNotFound,
    ErrSignInAgain,
    // Names of sign-in steps (Cognito challenges)
    StepSoftwareTokenMfa,
    StepSmsMfa,
    StepEmailOtp,
    StepMfaSetup,
    StepSelectMfaType,
    StepNewPassword,
    StepCustom,
    StepOther,
    // Actions offered with an error
    ActionSignInInstead,
    ActionSendNewCode,
    ActionConfirmAccount,
    ActionCreateAccount,
    // Information
    InfoCodeSent,
    InfoCodeSentNoDestination,
    InfoNewCodeSent,
    InfoSignedUpConfirmed,
    InfoAccountConfirmed,
    InfoNotConfirmed,
    InfoSignedOut,
    InfoSignedOutLocally,
    InfoSessionExpired,
    InfoTotpEnabled,
    InfoTotpDisabled,
    // Social sign-in (OAuth 2.0 through the user pool domain): buttons,
    // the callback page, the federated identity on the account page and
    // the `oauth` block of config.json.
    IdpDivider,
    IdpContinueWith,
    IdpRedirecting,
    IdpNoRandom,
    IdpNoStorage,
    IdpUnavailable,
    CallbackTitle,
    CallbackWorking,
    CallbackCancelled,
    CallbackDenied,
    CallbackMisconfigured,
    CallbackProviderError,
    CallbackTokenRejected,
    CallbackStale,
    CallbackDetail,
    AccountIdentity,
    AccountIdentityValue,
    AccountUsername,
    CfgOAuthNotUrl,
    CfgOAuthHttp,
    CfgOAuthNoOpenid,
    CfgOAuthBadScope,
    CfgOAuthProviderName,
    CfgOAuthDuplicateProvider,
    CfgOAuthLabel,
    CfgOAuthReturnPath,
    CfgOAuthRedirectOrigin,
    CfgOAuthSignOutOrigin,
    CfgOAuthRedirectNotUrls,
    CfgOAuthRedirectSameOrigin,
}

/// A value to fill into a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as is (always as a text node, never as HTML).
    Text(String),
    /// Another message, rendered in the same language.
    Msg(Msg),
    /// Several notices, rendered and joined as a list.
    List(Vec<Notice>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(m)
    }
}

/// A message with its arguments, kept unrendered so it follows a language
/// switch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The message key.
    pub msg: Msg,
    /// Placeholder values by name.
    pub args: Vec<(&'static str, Arg)>,
}

impl Notice {
    /// A message without placeholders.
    pub fn new(msg: Msg) -> Self {
        Notice {
            msg,
            args: Vec::new(),
        }
    }

    /// Adds a placeholder value.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The text in `lang`, placeholders filled.
    pub fn render(&self, lang: Lang) -> String {
        fill(lang.text(self.msg), |name| {
            self.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, arg)| match arg {
                    Arg::Text(s) => s.clone(),
                    Arg::Msg(m) => lang.text(*m).to_owned(),
                    Arg::List(items) => items
                        .iter()
                        .map(|n| n.render(lang))
                        .collect::<Vec<_>>()
                        .join(lang.list_separator()),
                })
        })
    }
}

impl From<Msg> for Notice {
    fn from(msg: Msg) -> Self {
        Notice::new(msg)
    }
}

impl fmt::Display for Notice {
    /// English, for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Replaces each `{name}` in `template` by `value(name)`; unknown names are
/// left as written so a missing argument is visible rather than silent.
fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder(&after[..close]) => {
                let name = &after[..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_placeholder(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// The placeholder names in a template, sorted and deduplicated.
#[cfg(test)]
fn placeholders(template: &str) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    fill(template, |name| {
        names.insert(name.to_owned());
        Some(String::new())
    });
    names.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_both_languages_with_the_same_placeholders() {
        for &msg in Msg::ALL {
            let en = Lang::En.text(msg);
            let ja = Lang::Ja.text(msg);
            assert!(!en.trim().is_empty(), "{msg:?} has no English text");
            assert!(!ja.trim().is_empty(), "{msg:?} has no Japanese text");
            assert_eq!(
                placeholders(en),
                placeholders(ja),
                "{msg:?}: placeholders differ between English and Japanese"
            );
        }
    }

    #[test]
    fn japanese_catalogue_is_actually_translated() {
        // Only strings that are proper names or symbols may be identical.
        let identical: Vec<_> = Msg::ALL
            .iter()
            .filter(|&&m| Lang::En.text(m) == Lang::Ja.text(m))
            .collect();
        assert!(identical.is_empty(), "untranslated: {identical:?}");
        let with_kana = Msg::ALL
            .iter()
            .filter(|&&m| {
                Lang::Ja
                    .text(m)
                    .chars()
                    .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))
            })
            .count();
        assert!(with_kana * 10 >= Msg::ALL.len() * 9, "Japanese looks thin");
    }

    #[test]
    fn the_required_english_wording_is_kept() {
        assert_eq!(
            Lang::En.text(Msg::ErrIncorrectCredentials),
            "Incorrect email or password."
        );
        assert_eq!(
            Lang::En.text(Msg::ErrUsernameExists),
            "An account with this email already exists."
        );
        assert_eq!(Lang::En.text(Msg::ActionSignInInstead), "Sign in instead");
        assert_eq!(Lang::En.text(Msg::ActionSendNewCode), "Send a new code");
        assert_eq!(
            Lang::En.text(Msg::ActionConfirmAccount),
            "Confirm your account"
        );
        assert_eq!(
            Lang::En.text(Msg::InfoAccountConfirmed),
            "Account confirmed. Sign in."
        );
        assert!(Notice::new(Msg::CfgClientSecret)
            .arg("field", "clientSecret")
            .to_string()
            .starts_with(
                "config.json contains a client secret. A browser cannot keep a secret: \
                 create an app client without a secret (Cognito console → App clients → \
                 'Don't generate a client secret')."
            ));
    }

    #[test]
    fn notices_fill_text_messages_and_lists() {
        let n = Notice::new(Msg::ErrInvalidPassword).arg(
            "rules",
            Arg::List(vec![
                Notice::new(Msg::RuleLength).arg("n", "12"),
                Notice::new(Msg::RuleSymbol),
            ]),
        );
        let en = n.render(Lang::En);
        assert!(en.contains("At least 12 characters; "), "{en}");
        let ja = n.render(Lang::Ja);
        assert!(ja.contains("12 文字以上、"), "{ja}");
    }

    #[test]
    fn fill_leaves_unknown_and_non_placeholders_alone() {
        assert_eq!(fill("a {x} b", |_| None), "a {x} b");
        assert_eq!(fill("{ JSON }", |_| Some("!".into())), "{ JSON }");
        assert_eq!(fill("{a}{b}", |n| Some(n.to_uppercase())), "AB");
        assert_eq!(fill("open {", |_| None), "open {");
    }

    #[test]
    fn browser_tags_pick_japanese_only_for_ja() {
        assert_eq!(Lang::from_browser_tag("ja"), Lang::Ja);
        assert_eq!(Lang::from_browser_tag("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_browser_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_browser_tag("fr"), Lang::En);
        assert_eq!(Lang::from_browser_tag(""), Lang::En);
    }
}
