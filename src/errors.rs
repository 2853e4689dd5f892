//! From a [`CognitoError`] to what the user reads: a translated message and,
//! where it helps, one action ("Sign in instead", "Send a new code").
//!
//! Server text is never shown as HTML; where Cognito's own message is the
//! most useful thing (`InvalidParameterException`, Lambda triggers) it goes
//! into a placeholder and is rendered as a text node. A Lambda trigger's
//! refusal is shown in the trigger's own words, without Cognito's wrapping
//! (docs/cognito-protocol.md §8).

use crate::i18n::{Arg, Msg, Notice};
use cognito_client::flow::is_expired_session;
use cognito_client::password::{PasswordPolicy, PasswordRule};
use cognito_client::{CognitoError, ErrorKind};

/// The Cognito call that failed: the same error means different things
/// after different calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    SignIn,
    SignUp,
    ConfirmSignUp,
    ResendCode,
    SignOut,
    /// Answering `SOFTWARE_TOKEN_MFA` with the authenticator's code.
    MfaCode,
    /// `MFA_SETUP` at sign-in: `AssociateSoftwareToken` / `VerifySoftwareToken`
    /// with the challenge `Session`, then `RespondToAuthChallenge`.
    MfaSetup,
    /// Enrolling or removing an authenticator from the account page (calls
    /// with the access token), and reading the MFA status (`GetUser`).
    TotpSettings,
    /// `ForgotPassword`: asking for a reset code (or a new one).
    ForgotPassword,
    /// `ConfirmForgotPassword`: the code and the new password.
    ResetPassword,
    /// Answering `NEW_PASSWORD_REQUIRED` with the challenge `Session`.
    NewPassword,
    /// `ChangePassword` with the access token (the account page).
    ChangePassword,
}

impl Op {
    /// Whether the call carries a challenge `Session` (which can expire).
    fn uses_challenge_session(self) -> bool {
        matches!(self, Op::MfaCode | Op::MfaSetup | Op::NewPassword)
    }
}

/// A follow-up offered next to an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ErrorAction {
    /// Go to sign-in with this username.
    SignInInstead { username: String },
    /// Ask Cognito for a new confirmation code (on the confirm screen).
    SendNewCode,
    /// Go to the confirm screen for this username.
    ConfirmAccount { username: String },
    /// Go to sign-up.
    CreateAccount,
}

impl ErrorAction {
    pub(crate) fn label(&self) -> Msg {
        match self {
            ErrorAction::SignInInstead { .. } => Msg::ActionSignInInstead,
            ErrorAction::SendNewCode => Msg::ActionSendNewCode,
            ErrorAction::ConfirmAccount { .. } => Msg::ActionConfirmAccount,
            ErrorAction::CreateAccount => Msg::ActionCreateAccount,
        }
    }
}

/// An error as shown: the message and an optional action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Alert {
    pub notice: Notice,
    pub action: Option<ErrorAction>,
}

impl Alert {
    pub(crate) fn new(notice: impl Into<Notice>) -> Self {
        Alert {
            notice: notice.into(),
            action: None,
        }
    }

    pub(crate) fn with_action(mut self, action: ErrorAction) -> Self {
        self.action = Some(action);
        self
    }
}

/// What [`describe`] needs to know besides the error.
pub(crate) struct ErrorContext<'a> {
    /// The username (email) the call was about.
    pub username: &'a str,
    /// `userPoolClientId` from the config, named when it is wrong.
    pub client_id: &'a str,
    /// The configured policy, to name the rules a password missed.
    pub policy: &'a PasswordPolicy,
}

/// The friendly message for `error` after `op`.
pub(crate) fn describe(op: Op, error: &CognitoError, cx: &ErrorContext<'_>) -> Alert {
    let (kind, message) = match error {
        CognitoError::Transport { endpoint, .. } => {
            return Alert::new(Notice::new(Msg::ErrTransport).arg("endpoint", endpoint.as_str()))
        }
        CognitoError::Decode { .. } => return Alert::new(Msg::ErrDecode),
        CognitoError::Service { kind, message, .. } => (kind, message.as_str()),
    };
    let username = cx.username.to_owned();
    // An expired or used challenge Session: the flow starts again.
    if op.uses_challenge_session() && is_expired_session(error) {
        return Alert::new(Msg::ErrMfaSessionExpired);
    }
    match kind {
        ErrorKind::NotAuthorized => match op {
            // "Password attempts exceeded" is Cognito's lockout answer
            // (Developer Guide, "User sign-in lockout behaviour"); wrong MFA
            // codes count towards it too.
            Op::MfaCode | Op::MfaSetup if message.contains("Password attempts exceeded") => {
                Alert::new(Msg::ErrMfaAttemptsExceeded)
            }
            _ if message.contains("Password attempts exceeded") => {
                Alert::new(Msg::ErrPasswordAttemptsExceeded)
            }
            // `AdminCreateUser`'s temporary password is good for the pool's
            // TemporaryPasswordValidityDays (API Reference, `AdminCreateUser`).
            Op::SignIn if message.contains("Temporary password has expired") => {
                Alert::new(Msg::ErrTemporaryPasswordExpired)
            }
            Op::SignIn => Alert::new(Msg::ErrIncorrectCredentials),
            Op::ConfirmSignUp | Op::ResendCode => Alert::new(Msg::ErrCannotConfirm)
                .with_action(ErrorAction::SignInInstead { username }),
            // A revoked or expired access token.
            Op::TotpSettings => Alert::new(Msg::ErrSignInAgain),
            // A user still on an administrator's temporary password.
            Op::ForgotPassword | Op::ResetPassword
                if message.contains("cannot be reset in the current state") =>
            {
                Alert::new(Msg::ErrResetNotAllowed)
            }
            // The wrong PreviousPassword (real answer in aws-amplify/amplify-js
            // issue 1580); anything else is about the access token.
            Op::ChangePassword if message.contains("Incorrect username or password") => {
                Alert::new(Msg::ErrCurrentPasswordWrong)
            }
            Op::ChangePassword => Alert::new(Msg::ErrSignInAgain),
            Op::SignUp
            | Op::SignOut
            | Op::MfaCode
            | Op::MfaSetup
            | Op::ForgotPassword
            | Op::ResetPassword
            | Op::NewPassword => server_said(Msg::ErrInvalidParameter, message),
        },
        ErrorKind::UserNotFound => match op {
            // Same words as a wrong password: do not tell who has an account.
            Op::SignIn => Alert::new(Msg::ErrIncorrectCredentials),
            _ => Alert::new(Msg::ErrUserNotFound).with_action(ErrorAction::CreateAccount),
        },
        ErrorKind::UsernameExists | ErrorKind::AliasExists => {
            Alert::new(Msg::ErrUsernameExists).with_action(ErrorAction::SignInInstead { username })
        }
        ErrorKind::UserNotConfirmed => {
            Alert::new(Msg::InfoNotConfirmed).with_action(ErrorAction::ConfirmAccount { username })
        }
        ErrorKind::CodeMismatch => match op {
            Op::MfaCode => Alert::new(Msg::ErrMfaCodeMismatch),
            Op::MfaSetup | Op::TotpSettings => Alert::new(Msg::ErrTotpCodeMismatch),
            _ => Alert::new(Msg::ErrCodeMismatch).with_action(ErrorAction::SendNewCode),
        },
        // `VerifySoftwareToken`'s answer to a wrong code (docs/cognito-protocol.md §3).
        ErrorKind::EnableSoftwareTokenMfa => Alert::new(Msg::ErrTotpCodeMismatch),
        ErrorKind::SoftwareTokenMfaNotFound => Alert::new(Msg::ErrTotpNotEnabled),
        ErrorKind::MfaMethodNotFound => Alert::new(Msg::ErrMfaMethodNotFound),
        ErrorKind::ExpiredCode => {
            Alert::new(Msg::ErrExpiredCode).with_action(ErrorAction::SendNewCode)
        }
        ErrorKind::InvalidPassword => invalid_password(message, cx.policy),
        ErrorKind::PasswordHistoryPolicyViolation => Alert::new(Msg::ErrPasswordReused),
        // "USER_SRP_AUTH flow not enabled for this client": a deployment
        // problem, said in the deployer's terms.
        ErrorKind::InvalidParameter if op == Op::SignIn && message.contains("flow not enabled") => {
            let flow = message.split_whitespace().next().unwrap_or_default();
            Alert::new(Notice::new(Msg::ErrAuthFlowNotEnabled).arg("flow", flow))
        }
        // ForgotPassword for a user without a verified email or phone
        // (API Reference, `ForgotPassword`).
        ErrorKind::InvalidParameter
            if matches!(op, Op::ForgotPassword | Op::ResetPassword)
                && message.contains("no registered/verified") =>
        {
            Alert::new(Msg::ErrResetNoVerifiedEmail)
        }
        ErrorKind::InvalidParameter => server_said(Msg::ErrInvalidParameter, message),
        ErrorKind::UserLambdaValidation => trigger_refused(op, message, username),
        // A trigger that did not answer usably: nothing the user can act on
        // in its text (a timeout, "Unrecognizable lambda output").
        ErrorKind::InvalidLambdaResponse | ErrorKind::UnexpectedLambda => {
            Alert::new(Msg::ErrLambdaFailed)
        }
        ErrorKind::LimitExceeded
        | ErrorKind::TooManyRequests
        | ErrorKind::TooManyFailedAttempts => Alert::new(Msg::ErrTooManyRequests),
        ErrorKind::ResourceNotFound => {
            Alert::new(Notice::new(Msg::ErrResourceNotFound).arg("client_id", cx.client_id))
        }
        ErrorKind::CodeDeliveryFailure => Alert::new(Msg::ErrCodeDelivery),
        ErrorKind::InternalError => Alert::new(Msg::ErrInternal),
        ErrorKind::Forbidden => Alert::new(Msg::ErrForbidden),
        ErrorKind::PasswordResetRequired => Alert::new(Msg::ErrPasswordResetRequired),
        ErrorKind::InvalidUserPoolConfiguration
        | ErrorKind::OperationNotEnabled
        | ErrorKind::UnsupportedOperation => server_said(Msg::ErrNotEnabled, message),
        ErrorKind::Other(code) => {
            Alert::new(Notice::new(Msg::ErrUnknown).arg("code", code.as_str()))
        }
    }
}

fn server_said(msg: Msg, message: &str) -> Alert {
    Alert::new(Notice::new(msg).arg("message", message.trim()))
}

/// `UserLambdaValidationException`: a Lambda trigger raised. Shown in the
/// trigger's words, framed by what was being done; a PostConfirmation that
/// failed after the account was confirmed says the account is usable.
fn trigger_refused(op: Op, message: &str, username: String) -> Alert {
    let (trigger, words) = trigger_words(message);
    let Some(words) = readable(words) else {
        return Alert::new(Msg::ErrLambdaDeclined);
    };
    let frame = match (trigger, op) {
        // Cognito confirms first and runs PostConfirmation after; its
        // failure leaves the account confirmed.
        (Some("PostConfirmation"), Op::ConfirmSignUp | Op::SignUp) => {
            return Alert::new(Notice::new(Msg::ErrLambdaAfterConfirm).arg("message", words))
                .with_action(ErrorAction::SignInInstead { username });
        }
        (_, Op::SignUp) => Msg::ErrLambdaSignUp,
        (_, Op::SignIn | Op::MfaCode | Op::MfaSetup | Op::NewPassword) => Msg::ErrLambdaSignIn,
        _ => Msg::ErrLambdaValidation,
    };
    Alert::new(Notice::new(frame).arg("message", words))
}

/// Splits Cognito's "`{Trigger} failed with error {words}.`" into the
/// trigger's name and the function's own words, without the period Cognito
/// appends (it appends one even after the function's own: "… Apikey non
/// valida!." shows as "Apikey non valida!"). Other text comes back whole.
pub(crate) fn trigger_words(message: &str) -> (Option<&str>, &str) {
    let message = message.trim();
    if let Some((trigger, words)) = message.split_once(" failed with error ") {
        if !trigger.is_empty() && trigger.chars().all(|c| c.is_ascii_alphabetic()) {
            return (
                Some(trigger),
                words.strip_suffix('.').unwrap_or(words).trim(),
            );
        }
    }
    (None, message)
}

/// The words to show, or `None` when there are none fit for a person: empty,
/// or raw JSON (a handler that raised `json.dumps(...)`), unless that JSON
/// carries a message of its own.
fn readable(words: &str) -> Option<String> {
    let words = words.trim();
    if words.is_empty() {
        return None;
    }
    if !(words.starts_with('{') || words.starts_with('[')) {
        return Some(words.to_owned());
    }
    let value: serde_json::Value = serde_json::from_str(words).ok()?;
    ["message", "errorMessage", "Message"]
        .iter()
        .find_map(|k| value.get(k)?.as_str())
        .map(str::trim)
        .filter(|m| !m.is_empty() && !m.starts_with('{'))
        .map(str::to_owned)
}

/// `InvalidPasswordException` carries "Password did not conform with policy:
/// Password must have uppercase characters"; name the rules in our words.
fn invalid_password(message: &str, policy: &PasswordPolicy) -> Alert {
    let candidates = [
        PasswordRule::MinimumLength(policy.minimum_length),
        PasswordRule::Lowercase,
        PasswordRule::Uppercase,
        PasswordRule::Number,
        PasswordRule::Symbol,
    ];
    let missed: Vec<Notice> = candidates
        .iter()
        .filter(|r| message.contains(r.aws_message()))
        .map(|r| rule_notice(*r))
        .collect();
    if missed.is_empty() {
        Alert::new(Msg::ErrInvalidPasswordGeneric)
    } else {
        Alert::new(Notice::new(Msg::ErrInvalidPassword).arg("rules", Arg::List(missed)))
    }
}

/// A password rule as a hint ("At least 12 characters").
pub(crate) fn rule_notice(rule: PasswordRule) -> Notice {
    match rule {
        PasswordRule::MinimumLength(n) => Notice::new(Msg::RuleLength).arg("n", n.to_string()),
        PasswordRule::Lowercase => Notice::new(Msg::RuleLowercase),
        PasswordRule::Uppercase => Notice::new(Msg::RuleUppercase),
        PasswordRule::Number => Notice::new(Msg::RuleNumber),
        PasswordRule::Symbol => Notice::new(Msg::RuleSymbol),
    }
}

/// The error for a sign-in step this version cannot do yet.
pub(crate) fn unsupported_challenge(challenge: &str) -> Alert {
    let step = match challenge {
        "SOFTWARE_TOKEN_MFA" => Msg::StepSoftwareTokenMfa,
        "SMS_MFA" => Msg::StepSmsMfa,
        "EMAIL_OTP" => Msg::StepEmailOtp,
        "MFA_SETUP" => Msg::StepMfaSetup,
        "SELECT_MFA_TYPE" | "SELECT_CHALLENGE" => Msg::StepSelectMfaType,
        "NEW_PASSWORD_REQUIRED" => Msg::StepNewPassword,
        "CUSTOM_CHALLENGE" => Msg::StepCustom,
        _ => Msg::StepOther,
    };
    Alert::new(
        Notice::new(Msg::ErrChallengeUnsupported)
            .arg("step", step)
            .arg("challenge", challenge),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn service(kind: ErrorKind, message: &str) -> CognitoError {
        CognitoError::Service {
            kind,
            message: message.into(),
            status: 400,
        }
    }

    fn en(op: Op, error: CognitoError) -> (String, Option<ErrorAction>) {
        let policy = PasswordPolicy::default();
        let alert = describe(
            op,
            &error,
            &ErrorContext {
                username: "a@example.com",
                client_id: "localclient",
                policy: &policy,
            },
        );
        (alert.notice.render(Lang::En), alert.action)
    }

    #[test]
    fn wrong_password_and_lockout() {
        assert_eq!(
            en(
                Op::SignIn,
                service(ErrorKind::NotAuthorized, "Incorrect username or password.")
            )
            .0,
            "Incorrect email or password."
        );
        assert_eq!(
            en(
                Op::SignIn,
                service(ErrorKind::UserNotFound, "User does not exist.")
            )
            .0,
            "Incorrect email or password."
        );
        let (text, _) = en(
            Op::SignIn,
            service(ErrorKind::NotAuthorized, "Password attempts exceeded"),
        );
        assert!(text.contains("Wait"), "{text}");
    }

    #[test]
    fn existing_account_offers_sign_in() {
        assert_eq!(
            en(
                Op::SignUp,
                service(ErrorKind::UsernameExists, "User already exists")
            ),
            (
                "An account with this email already exists.".into(),
                Some(ErrorAction::SignInInstead {
                    username: "a@example.com".into()
                })
            )
        );
    }

    #[test]
    fn bad_codes_offer_a_new_code() {
        for kind in [ErrorKind::CodeMismatch, ErrorKind::ExpiredCode] {
            assert_eq!(
                en(Op::ConfirmSignUp, service(kind, "x")).1,
                Some(ErrorAction::SendNewCode)
            );
        }
    }

    #[test]
    fn invalid_password_names_the_rules_in_friendly_words() {
        let (text, _) = en(
            Op::SignUp,
            service(
                ErrorKind::InvalidPassword,
                "Password did not conform with policy: Password must have uppercase characters",
            ),
        );
        assert_eq!(
            text,
            "This password is not accepted. It still needs: An uppercase letter (A–Z)."
        );
        let (text, _) = en(
            Op::SignUp,
            service(ErrorKind::InvalidPassword, "something else"),
        );
        assert!(text.contains("Choose a different one"), "{text}");
    }

    #[test]
    fn server_messages_are_text_in_a_placeholder() {
        let (text, _) = en(
            Op::SignUp,
            service(
                ErrorKind::InvalidParameter,
                "1 validation error detected: <b>x</b>",
            ),
        );
        assert_eq!(
            text,
            "The sign-in service did not accept this: 1 validation error detected: <b>x</b>"
        );
    }

    #[test]
    fn a_trigger_refusal_is_shown_in_the_triggers_own_words() {
        let refused = |op, message: &str| en(op, service(ErrorKind::UserLambdaValidation, message));
        assert_eq!(
            refused(
                Op::SignUp,
                "PreSignUp failed with error Only @example.com emails allowed."
            ),
            (
                "Your account could not be created: Only @example.com emails allowed".into(),
                None
            )
        );
        // Cognito's period goes, the function's own stays; markup is text.
        assert_eq!(
            refused(
                Op::SignIn,
                "PreAuthentication failed with error <b>Locked</b>!."
            )
            .0,
            "Sign-in was not allowed: <b>Locked</b>!"
        );
        assert_eq!(
            refused(
                Op::MfaCode,
                "PreTokenGeneration failed with error Tenant not found."
            )
            .0,
            "Sign-in was not allowed: Tenant not found"
        );
        assert_eq!(
            refused(
                Op::ResendCode,
                "CustomMessage failed with error Template missing."
            )
            .0,
            "This request was declined: Template missing"
        );
        // Not in the usual form: shown whole.
        assert_eq!(
            refused(Op::SignUp, "Something else.").0,
            "Your account could not be created: Something else."
        );
        // Japanese, same words.
        let ja = describe(
            Op::SignUp,
            &service(
                ErrorKind::UserLambdaValidation,
                "PreSignUp failed with error Only @example.com emails allowed.",
            ),
            &ErrorContext {
                username: "u",
                client_id: "c",
                policy: &PasswordPolicy::default(),
            },
        )
        .notice
        .render(Lang::Ja);
        assert_eq!(
            ja,
            "アカウントを作成できませんでした: Only @example.com emails allowed"
        );
    }

    #[test]
    fn a_trigger_refusal_never_shows_raw_json() {
        let refused = |message: &str| {
            en(
                Op::SignUp,
                service(ErrorKind::UserLambdaValidation, message),
            )
            .0
        };
        assert_eq!(
            refused(
                r#"PreSignUp failed with error {"errorMessage": "Invite only", "errorType": "Denied"}."#
            ),
            "Your account could not be created: Invite only"
        );
        for raw in [
            r#"PreSignUp failed with error {"code": 403, "reason": "x"}."#,
            r#"PreSignUp failed with error {"unterminated": ."#,
            "PreSignUp failed with error [1, 2].",
            "PreSignUp failed with error .",
        ] {
            assert_eq!(
                refused(raw),
                "This request was declined by the sign-in service's checks.",
                "{raw}"
            );
        }
    }

    #[test]
    fn a_failed_post_confirmation_says_the_account_is_confirmed() {
        let (text, action) = en(
            Op::ConfirmSignUp,
            service(
                ErrorKind::UserLambdaValidation,
                "PostConfirmation failed with error DynamoDB is unavailable.",
            ),
        );
        assert_eq!(
            text,
            "Your account is confirmed and you can sign in. A step after the confirmation \
             reported: DynamoDB is unavailable"
        );
        assert_eq!(
            action,
            Some(ErrorAction::SignInInstead {
                username: "a@example.com".into()
            })
        );
    }

    #[test]
    fn a_trigger_that_did_not_answer_is_not_shown_verbatim() {
        for (kind, message) in [
            (
                ErrorKind::UnexpectedLambda,
                "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.",
            ),
            (
                ErrorKind::InvalidLambdaResponse,
                "Unrecognizable lambda output",
            ),
        ] {
            let (text, _) = en(Op::SignUp, service(kind, message));
            assert_eq!(
                text,
                "The sign-in service could not finish one of its checks. Try again in a moment."
            );
        }
    }

    #[test]
    fn trigger_words_split_cognitos_wrapping() {
        assert_eq!(
            trigger_words("PreSignUp failed with error Apikey non valida!."),
            (Some("PreSignUp"), "Apikey non valida!")
        );
        assert_eq!(
            trigger_words("PostConfirmation failed with error No table.."),
            (Some("PostConfirmation"), "No table.")
        );
        assert_eq!(
            trigger_words("a b failed with error c."),
            (None, "a b failed with error c.")
        );
    }

    #[test]
    fn transport_names_the_endpoint_and_decode_hides_the_body() {
        let (text, _) = en(
            Op::SignIn,
            CognitoError::Transport {
                endpoint: "http://127.0.0.1:9229/".into(),
                message: "TypeError: Failed to fetch".into(),
            },
        );
        assert_eq!(text, "Cannot reach the sign-in service at http://127.0.0.1:9229/. Check your connection, or that the local emulator is running (cargo xtask dev).");
        let (text, _) = en(
            Op::SignIn,
            CognitoError::Decode {
                status: 200,
                message: "secret body".into(),
            },
        );
        assert!(!text.contains("secret body"));
        assert!(text.contains("unexpected answer"));
    }

    #[test]
    fn wrong_client_id_and_throttling() {
        let (text, _) = en(
            Op::SignIn,
            service(
                ErrorKind::ResourceNotFound,
                "User pool client x does not exist.",
            ),
        );
        assert!(text.contains("\"localclient\""), "{text}");
        let (text, _) = en(Op::SignUp, service(ErrorKind::LimitExceeded, ""));
        assert!(text.contains("Wait"), "{text}");
        let (text, _) = en(
            Op::SignUp,
            service(ErrorKind::Other("NewThing".into()), "m"),
        );
        assert!(text.contains("NewThing"), "{text}");
    }

    #[test]
    fn mfa_errors_are_about_the_authenticator_code() {
        let (text, action) = en(
            Op::MfaCode,
            service(ErrorKind::CodeMismatch, "Invalid code received for user"),
        );
        assert!(text.contains("code is not correct"), "{text}");
        assert_eq!(action, None, "no \"Send a new code\" for an authenticator");
        let (text, _) = en(
            Op::MfaSetup,
            service(ErrorKind::EnableSoftwareTokenMfa, "Code mismatch"),
        );
        assert!(text.contains("did not match"), "{text}");
        let (text, _) = en(
            Op::TotpSettings,
            service(ErrorKind::EnableSoftwareTokenMfa, "Code mismatch"),
        );
        assert!(text.contains("did not match"), "{text}");
        let (text, _) = en(
            Op::MfaCode,
            service(ErrorKind::NotAuthorized, "Password attempts exceeded"),
        );
        assert!(text.contains("wrong codes"), "{text}");
        let (text, _) = en(
            Op::TotpSettings,
            service(
                ErrorKind::SoftwareTokenMfaNotFound,
                "Software Token MFA has not been enabled by the userPool",
            ),
        );
        assert!(text.contains("not enabled for this user pool"), "{text}");
    }

    #[test]
    fn an_expired_challenge_session_says_start_again() {
        for op in [Op::MfaCode, Op::MfaSetup] {
            for message in [
                "Invalid session for the user, session is expired.",
                "Invalid session for the user, session can only be used once.",
            ] {
                let (text, action) = en(op, service(ErrorKind::NotAuthorized, message));
                assert!(text.contains("took too long"), "{op:?}: {text}");
                assert_eq!(action, None);
            }
        }
        // Elsewhere the same words are not about a challenge.
        let (text, _) = en(
            Op::SignIn,
            service(ErrorKind::NotAuthorized, "Invalid session for the user."),
        );
        assert!(!text.contains("took too long"), "{text}");
        let ja = describe(
            Op::MfaCode,
            &service(ErrorKind::NotAuthorized, "Invalid session for the user."),
            &ErrorContext {
                username: "u",
                client_id: "c",
                policy: &PasswordPolicy::default(),
            },
        )
        .notice
        .render(Lang::Ja);
        assert!(ja.contains("時間がかかりすぎた"), "{ja}");
    }

    #[test]
    fn challenges_are_named() {
        let text = unsupported_challenge("SOFTWARE_TOKEN_MFA")
            .notice
            .render(Lang::En);
        assert!(
            text.contains("a code from your authenticator app (SOFTWARE_TOKEN_MFA)"),
            "{text}"
        );
        let ja = unsupported_challenge("NEW_PASSWORD_REQUIRED")
            .notice
            .render(Lang::Ja);
        assert!(ja.contains("新しいパスワードの設定"), "{ja}");
    }

    #[test]
    fn password_flow_errors_in_friendly_words() {
        let (text, action) = en(
            Op::ChangePassword,
            service(ErrorKind::NotAuthorized, "Incorrect username or password."),
        );
        assert_eq!(text, "Your current password is not correct.");
        assert_eq!(action, None);
        let (text, _) = en(
            Op::ChangePassword,
            service(ErrorKind::NotAuthorized, "Access Token has been revoked"),
        );
        assert!(text.contains("Sign out and sign in again"), "{text}");
        let (text, _) = en(
            Op::ChangePassword,
            service(ErrorKind::NotAuthorized, "Password attempts exceeded"),
        );
        assert!(text.contains("Too many wrong passwords"), "{text}");

        for kind in [ErrorKind::CodeMismatch, ErrorKind::ExpiredCode] {
            assert_eq!(
                en(Op::ResetPassword, service(kind, "x")).1,
                Some(ErrorAction::SendNewCode)
            );
        }
        let (text, _) = en(
            Op::ResetPassword,
            service(
                ErrorKind::InvalidPassword,
                "Password did not conform with policy: Password must have symbol characters",
            ),
        );
        assert!(text.contains("A symbol"), "{text}");
        let (text, _) = en(
            Op::ForgotPassword,
            service(
                ErrorKind::LimitExceeded,
                "Attempt limit exceeded, please try after some time.",
            ),
        );
        assert!(text.contains("Too many attempts"), "{text}");
        let (text, _) = en(
            Op::ForgotPassword,
            service(
                ErrorKind::NotAuthorized,
                "User password cannot be reset in the current state.",
            ),
        );
        assert!(text.contains("temporary password"), "{text}");
        let (text, _) = en(
            Op::ForgotPassword,
            service(
                ErrorKind::InvalidParameter,
                "Cannot reset password for the user as there is no registered/verified email or phone_number",
            ),
        );
        assert!(text.contains("no verified email"), "{text}");

        let (text, _) = en(
            Op::SignIn,
            service(
                ErrorKind::NotAuthorized,
                "Temporary password has expired and must be reset by an administrator.",
            ),
        );
        assert!(text.contains("temporary password has expired"), "{text}");
        let (text, _) = en(
            Op::SignIn,
            service(
                ErrorKind::InvalidParameter,
                "USER_SRP_AUTH flow not enabled for this client",
            ),
        );
        assert!(
            text.contains("ALLOW_USER_SRP_AUTH") && text.contains("authFlowType"),
            "{text}"
        );
        // A used or expired NEW_PASSWORD_REQUIRED session: start again.
        let (text, _) = en(
            Op::NewPassword,
            service(
                ErrorKind::NotAuthorized,
                "Invalid session for the user, session is expired.",
            ),
        );
        assert!(text.contains("took too long"), "{text}");
    }
}
