//! The sign-in flow as a state machine: which screen comes next after each
//! Cognito answer. Views render an [`AuthStep`]; they never decide protocol.

use crate::error::{CognitoError, ErrorKind};
use crate::ops::{
    AssociateSoftwareTokenResponse, VerifySoftwareTokenResponse, CHALLENGE_MFA_SETUP,
    CHALLENGE_SOFTWARE_TOKEN_MFA,
};
use crate::ops::{CodeDeliveryDetails, InitiateAuthResponse, SignUpResponse};
use crate::ops::{
    ForgotPasswordResponse, RespondToAuthChallenge, CHALLENGE_NEW_PASSWORD_REQUIRED,
    CHALLENGE_PASSWORD_VERIFIER,
};
use crate::secret::{AccessToken, ChallengeSession, IdToken, RefreshToken};
use crate::secret::{Password, SecretCode};
use crate::srp::{CognitoTimestamp, PasswordVerifierChallenge, SrpError, SrpSession};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The tokens of a signed-in session, with the absolute expiry of the
/// access and ID tokens (epoch seconds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    /// The ID token: who signed in (its claims).
    pub id_token: IdToken,
    /// The access token: what the user pool API calls for the user carry.
    pub access_token: AccessToken,
    /// The refresh token; `REFRESH_TOKEN_AUTH` answers come without one.
    pub refresh_token: Option<RefreshToken>,
    /// When the access and ID tokens expire, epoch seconds.
    pub expires_at: i64,
}

impl Tokens {
    /// Whether the access token is (about to be) expired at `now`, leaving
    /// `skew` seconds of margin for clock drift and the request itself.
    pub fn is_expired(&self, now: i64, skew: i64) -> bool {
        now + skew >= self.expires_at
    }
}

/// Where the user is in the flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthStep {
    /// Ask for username and password (prefilled when known).
    SignIn {
        /// The email to prefill, possibly empty.
        username: String,
    },
    /// Ask for the code Cognito sent at sign-up.
    ConfirmSignUp {
        /// Whose code it is.
        username: String,
        /// Where Cognito sent it, when it said.
        delivery: Option<CodeDeliveryDetails>,
    },
    /// Signed in.
    SignedIn(Tokens),
    /// Cognito asked for a step this crate does not model yet
    /// (`NEW_PASSWORD_REQUIRED`, `SMS_MFA`, ...). The `Session` answers it.
    Challenge {
        /// Who is signing in.
        username: String,
        /// `ChallengeName`.
        name: String,
        /// `Session`, to answer with.
        session: Option<ChallengeSession>,
        /// `ChallengeParameters`.
        parameters: BTreeMap<String, String>,
    },
    /// `SOFTWARE_TOKEN_MFA`: ask for the authenticator's 6-digit code and
    /// answer with `respond_to_software_token_mfa(username, session, code)`,
    /// then [`after_software_token_mfa`].
    SoftwareTokenMfa {
        /// Who is signing in.
        username: String,
        /// The challenge's `Session`.
        session: ChallengeSession,
    },
    /// `MFA_SETUP`: the pool requires MFA and the user has none. Call
    /// `associate_software_token_with_session(session)` straight away, then
    /// [`after_associate_for_setup`].
    MfaSetup {
        /// Who is signing in.
        username: String,
        /// The challenge's `Session`.
        session: ChallengeSession,
    },
    /// `MFA_SETUP`, key associated: show `secret` (QR code of
    /// [`crate::totp::otpauth_uri`], or grouped text), ask for the first code
    /// and verify it with `verify_software_token(None, Some(session), ..)`,
    /// then [`after_verify_for_setup`].
    MfaSetupVerify {
        /// Who is signing in.
        username: String,
        /// The `Session` `AssociateSoftwareToken` returned.
        session: ChallengeSession,
        /// The new TOTP key, to show once.
        secret: SecretCode,
    },
    /// `NEW_PASSWORD_REQUIRED`: the user signed in with a temporary password
    /// (`AdminCreateUser`). Ask for a new one (the pool's policy) and for
    /// each of `required_attributes`, answer with
    /// `respond_to_new_password_required`, then [`after_new_password`]; the
    /// MFA steps may follow.
    NewPasswordRequired {
        /// Who is signing in.
        username: String,
        /// The challenge's `Session`.
        session: ChallengeSession,
        /// The pool's required attributes the user has no value for, without
        /// the `userAttributes.` prefix (`name`, `custom:team`): the answer
        /// must set each.
        required_attributes: Vec<String>,
        /// The user's current attributes (`userAttributes`).
        user_attributes: BTreeMap<String, String>,
    },
    /// `PasswordResetRequiredException`: an administrator reset the password
    /// (`AdminResetUserPassword`, which also sent a code). Reset it with
    /// `ConfirmForgotPassword` before signing in again.
    PasswordResetRequired {
        /// Whose password.
        username: String,
    },
    /// After `ForgotPassword`: ask for the code and a new password, then
    /// `confirm_forgot_password` and [`after_confirm_forgot_password`].
    ConfirmForgotPassword {
        /// Whose password.
        username: String,
        /// Where Cognito says it sent the code (masked), when it said.
        delivery: Option<CodeDeliveryDetails>,
    },
}

/// After `SignUp`: confirmed users (a PreSignUp auto-confirm) sign in next;
/// the rest enter the code they were sent.
pub fn after_sign_up(username: &str, response: &SignUpResponse) -> AuthStep {
    if response.user_confirmed {
        AuthStep::SignIn {
            username: username.to_owned(),
        }
    } else {
        AuthStep::ConfirmSignUp {
            username: username.to_owned(),
            delivery: response.code_delivery_details.clone(),
        }
    }
}

/// After `ConfirmSignUp` succeeded.
pub fn after_confirm_sign_up(username: &str) -> AuthStep {
    AuthStep::SignIn {
        username: username.to_owned(),
    }
}

/// After `InitiateAuth` / `RespondToAuthChallenge`. `UserNotConfirmedException`
/// and `PasswordResetRequiredException` are not failures of the flow: they
/// send the user to confirmation and to the password reset.
pub fn after_sign_in(
    username: &str,
    result: Result<InitiateAuthResponse, CognitoError>,
    now: i64,
) -> Result<AuthStep, CognitoError> {
    let response = match result {
        Ok(response) => response,
        Err(e) if e.kind() == Some(&ErrorKind::UserNotConfirmed) => {
            return Ok(AuthStep::ConfirmSignUp {
                username: username.to_owned(),
                delivery: None,
            })
        }
        Err(e) if e.kind() == Some(&ErrorKind::PasswordResetRequired) => {
            return Ok(AuthStep::PasswordResetRequired {
                username: username.to_owned(),
            })
        }
        Err(e) => return Err(e),
    };
    if let Some(result) = response.authentication_result {
        let id_token = result.id_token.ok_or_else(|| CognitoError::Decode {
            status: 200,
            message: "AuthenticationResult has no IdToken".into(),
        })?;
        return Ok(AuthStep::SignedIn(Tokens {
            id_token,
            access_token: result.access_token,
            refresh_token: result.refresh_token,
            // Saturating: `ExpiresIn` is the server's number, and near `i64::MAX` it
            // must not overflow (found by the `token_response` fuzz body).
            expires_at: now.saturating_add(result.expires_in.unwrap_or(3600)),
        }));
    }
    if let Some(name @ (CHALLENGE_SOFTWARE_TOKEN_MFA | CHALLENGE_MFA_SETUP)) =
        response.challenge_name.as_deref()
    {
        let session = response.session.ok_or_else(|| CognitoError::Decode {
            status: 200,
            message: format!("{name} challenge without a Session"),
        })?;
        let username = username.to_owned();
        return Ok(if name == CHALLENGE_SOFTWARE_TOKEN_MFA {
            AuthStep::SoftwareTokenMfa { username, session }
        } else {
            AuthStep::MfaSetup { username, session }
        });
    }
    if response.challenge_name.as_deref() == Some(CHALLENGE_NEW_PASSWORD_REQUIRED) {
        return new_password_required(username, response);
    }
    match response.challenge_name {
        Some(name) => Ok(AuthStep::Challenge {
            username: username.to_owned(),
            name,
            session: response.session,
            parameters: response.challenge_parameters.unwrap_or_default(),
        }),
        None => Err(CognitoError::Decode {
            status: 200,
            message: "neither AuthenticationResult nor ChallengeName in the response".into(),
        }),
    }
}

/// Whether Cognito refused a challenge `Session` as unusable: expired (3 min
/// by default), already used (sessions are single-use), or not this user's /
/// client's. All are `NotAuthorizedException` with a message starting "Invalid
/// session for the user" (docs/cognito-protocol.md §1.5); the flow has to start again.
pub fn is_expired_session(error: &CognitoError) -> bool {
    match error {
        CognitoError::Service {
            kind: ErrorKind::NotAuthorized,
            message,
            ..
        } => message.starts_with("Invalid session for the user"),
        _ => false,
    }
}

/// Where an answer in the MFA steps leads: the step to show next and, when
/// the answer failed, the error to show there. A wrong code keeps the step
/// (its session stays valid until it expires; Cognito bounds retries with the
/// lockout); an unusable session goes back to [`AuthStep::SignIn`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Next {
    /// The step to show.
    pub step: AuthStep,
    /// What went wrong, to show on that step.
    pub error: Option<CognitoError>,
}
impl Next {
    fn ok(step: AuthStep) -> Self {
        Self { step, error: None }
    }

    /// `error` shown on `stay`, or on the sign-in screen if the session died.
    fn failed(username: &str, stay: AuthStep, error: CognitoError) -> Self {
        let step = if is_expired_session(&error) {
            AuthStep::SignIn {
                username: username.to_owned(),
            }
        } else {
            stay
        };
        Self {
            step,
            error: Some(error),
        }
    }
}

/// After `respond_to_software_token_mfa`: tokens sign the user in; a wrong
/// code (`CodeMismatchException`), a lockout or a network failure keeps
/// [`AuthStep::SoftwareTokenMfa`] with the same session; an expired or used
/// session sends the user back to sign in.
pub fn after_software_token_mfa(
    username: &str,
    session: &ChallengeSession,
    result: Result<InitiateAuthResponse, CognitoError>,
    now: i64,
) -> Next {
    let stay = AuthStep::SoftwareTokenMfa {
        username: username.to_owned(),
        session: session.clone(),
    };
    match result.and_then(|r| after_sign_in(username, Ok(r), now)) {
        Ok(step) => Next::ok(step),
        Err(e) => Next::failed(username, stay, e),
    }
}

/// After `associate_software_token_with_session` in the `MFA_SETUP` path: on
/// to [`AuthStep::MfaSetupVerify`] with the secret and the new session.
pub fn after_associate_for_setup(
    username: &str,
    session: &ChallengeSession,
    result: Result<AssociateSoftwareTokenResponse, CognitoError>,
) -> Next {
    let stay = AuthStep::MfaSetup {
        username: username.to_owned(),
        session: session.clone(),
    };
    match result {
        Ok(AssociateSoftwareTokenResponse {
            secret_code,
            session: Some(next),
        }) => Next::ok(AuthStep::MfaSetupVerify {
            username: username.to_owned(),
            session: next,
            secret: secret_code,
        }),
        Ok(_) => Next::failed(
            username,
            stay,
            CognitoError::Decode {
                status: 200,
                message: "AssociateSoftwareToken answered a Session call without a Session".into(),
            },
        ),
        Err(e) => Next::failed(username, stay, e),
    }
}

/// What `VerifySoftwareToken` in the `MFA_SETUP` path leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetupVerified {
    /// Verified: answer `MFA_SETUP` with this session now
    /// (`respond_to_mfa_setup`, then [`after_mfa_setup`]); no user input needed.
    Respond(ChallengeSession),
    /// Not verified: show this step and error.
    Show(Next),
}

/// After `verify_software_token` with the session of
/// [`AuthStep::MfaSetupVerify`]: the next session to answer `MFA_SETUP` with.
/// A wrong code (`EnableSoftwareTokenMFAException` / `CodeMismatchException`)
/// or `Status: ERROR` keeps the step; a dead session goes back to sign-in.
pub fn after_verify_for_setup(
    username: &str,
    session: &ChallengeSession,
    secret: &SecretCode,
    result: Result<VerifySoftwareTokenResponse, CognitoError>,
) -> SetupVerified {
    let stay = AuthStep::MfaSetupVerify {
        username: username.to_owned(),
        session: session.clone(),
        secret: secret.clone(),
    };
    let error = match result {
        Ok(response) if response.is_success() => match response.session {
            Some(next) => return SetupVerified::Respond(next),
            None => CognitoError::Decode {
                status: 200,
                message: "VerifySoftwareToken answered a Session call without a Session".into(),
            },
        },
        // Cognito documents Status ERROR but in practice throws instead
        // (docs/cognito-protocol.md §3); treat both the same for the UI.
        Ok(response) => crate::mfa::verify_status_error(&response),
        Err(e) => e,
    };
    SetupVerified::Show(Next::failed(username, stay, error))
}

/// After `respond_to_mfa_setup`: tokens sign the user in (TOTP is now their
/// MFA). Any failure goes back to sign-in: the verify session is spent, and
/// signing in again asks for a TOTP code (the key is verified).
pub fn after_mfa_setup(
    username: &str,
    result: Result<InitiateAuthResponse, CognitoError>,
    now: i64,
) -> Next {
    match result.and_then(|r| after_sign_in(username, Ok(r), now)) {
        Ok(step) => Next::ok(step),
        Err(e) => Next {
            step: AuthStep::SignIn {
                username: username.to_owned(),
            },
            error: Some(e),
        },
    }
}

/// The `NEW_PASSWORD_REQUIRED` step from its challenge. Both parameters
/// are JSON serialised into strings (docs/cognito-protocol.md §1.4); an
/// absent one reads as empty, as Amplify reads it (moto sends neither).
fn new_password_required(
    username: &str,
    response: InitiateAuthResponse,
) -> Result<AuthStep, CognitoError> {
    let malformed = |what: &str| CognitoError::Decode {
        status: 200,
        message: format!("NEW_PASSWORD_REQUIRED challenge {what}"),
    };
    let session = response
        .session
        .ok_or_else(|| malformed("without a Session"))?;
    let parameters = response.challenge_parameters.unwrap_or_default();
    let required_attributes = match parameters.get("requiredAttributes") {
        None => Vec::new(),
        Some(json) => serde_json::from_str::<Vec<String>>(json)
            .map_err(|_| malformed("with requiredAttributes that is not a JSON list of names"))?
            .into_iter()
            .map(|name| {
                name.strip_prefix(USER_ATTRIBUTES_PREFIX)
                    .map(str::to_owned)
                    .unwrap_or(name)
            })
            .collect(),
    };
    let user_attributes = match parameters.get("userAttributes") {
        None => BTreeMap::new(),
        Some(json) => serde_json::from_str::<BTreeMap<String, String>>(json)
            .map_err(|_| malformed("with userAttributes that is not a JSON object of strings"))?,
    };
    Ok(AuthStep::NewPasswordRequired {
        username: username.to_owned(),
        session,
        required_attributes,
        user_attributes,
    })
}

/// The prefix of attribute names in `NEW_PASSWORD_REQUIRED`'s parameters
/// and answer.
pub const USER_ATTRIBUTES_PREFIX: &str = "userAttributes.";

/// After `respond_to_new_password_required`: tokens sign the user in, an MFA
/// challenge is the next step. A refused password (`InvalidPasswordException`),
/// a missing attribute or a network failure keeps
/// [`AuthStep::NewPasswordRequired`] with its session; an expired or used
/// session goes back to sign-in.
pub fn after_new_password(
    username: &str,
    session: &ChallengeSession,
    required_attributes: &[String],
    user_attributes: &BTreeMap<String, String>,
    result: Result<InitiateAuthResponse, CognitoError>,
    now: i64,
) -> Next {
    let stay = AuthStep::NewPasswordRequired {
        username: username.to_owned(),
        session: session.clone(),
        required_attributes: required_attributes.to_vec(),
        user_attributes: user_attributes.clone(),
    };
    match result.and_then(|r| after_sign_in(username, Ok(r), now)) {
        Ok(step) => Next::ok(step),
        Err(e) => Next::failed(username, stay, e),
    }
}

/// What to send after `InitiateAuth` with `USER_SRP_AUTH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SrpNext {
    /// The `PASSWORD_VERIFIER` answer: send it; its answer goes to
    /// [`after_sign_in`].
    Respond(RespondToAuthChallenge),
    /// Not a `PASSWORD_VERIFIER` challenge: give this answer to
    /// [`after_sign_in`] as it is.
    Done(InitiateAuthResponse),
}

/// After `InitiateAuth` with `USER_SRP_AUTH` and `srp`'s `SRP_A`: the
/// `PASSWORD_VERIFIER` answer proving `password`, signed at `timestamp`
/// (take the time when the challenge arrives: Cognito wants the answer
/// within seconds). Real user pools send no `Session` with this challenge
/// (the state is in `SECRET_BLOCK`); one that comes is sent back. A
/// challenge the SRP maths refuses (`B ≡ 0 mod N`, bad hex or base64, a
/// missing parameter) is a [`CognitoError::Decode`] that names the problem.
pub fn answer_password_verifier(
    client_id: &str,
    user_pool_id: &str,
    srp: &SrpSession,
    password: &Password,
    response: InitiateAuthResponse,
    timestamp: &CognitoTimestamp,
) -> Result<SrpNext, CognitoError> {
    if response.challenge_name.as_deref() != Some(CHALLENGE_PASSWORD_VERIFIER) {
        return Ok(SrpNext::Done(response));
    }
    let refused = |e: SrpError| CognitoError::Decode {
        status: 200,
        message: e.to_string(),
    };
    let parameters = response.challenge_parameters.unwrap_or_default();
    let challenge = PasswordVerifierChallenge::from_parameters(&parameters).map_err(refused)?;
    let answer = srp
        .respond(user_pool_id, &challenge, password, timestamp)
        .map_err(refused)?;
    Ok(SrpNext::Respond(RespondToAuthChallenge {
        client_id: client_id.to_owned(),
        challenge_name: CHALLENGE_PASSWORD_VERIFIER.to_owned(),
        session: response.session,
        challenge_responses: answer.challenge_responses(),
    }))
}

/// After `ForgotPassword`: enter the code (sent where `response` says) and
/// a new password.
pub fn after_forgot_password(username: &str, response: ForgotPasswordResponse) -> AuthStep {
    AuthStep::ConfirmForgotPassword {
        username: username.to_owned(),
        delivery: response.code_delivery_details,
    }
}

/// After `ConfirmForgotPassword` succeeded: sign in with the new password.
pub fn after_confirm_forgot_password(username: &str) -> AuthStep {
    AuthStep::SignIn {
        username: username.to_owned(),
    }
}

/// After `REFRESH_TOKEN_AUTH`: new access and ID tokens; the refresh token is
/// kept, since Cognito does not return one on this flow (docs/cognito-protocol.md §1.4).
pub fn after_refresh(
    previous: &Tokens,
    response: InitiateAuthResponse,
    now: i64,
) -> Result<Tokens, CognitoError> {
    let result = response
        .authentication_result
        .ok_or_else(|| CognitoError::Decode {
            status: 200,
            message: "refresh answered without AuthenticationResult".into(),
        })?;
    Ok(Tokens {
        id_token: result.id_token.unwrap_or_else(|| previous.id_token.clone()),
        access_token: result.access_token,
        refresh_token: result
            .refresh_token
            .or_else(|| previous.refresh_token.clone()),
        // Saturating: `ExpiresIn` is the server's number, and near `i64::MAX` it
        // must not overflow (found by the `token_response` fuzz body).
        expires_at: now.saturating_add(result.expires_in.unwrap_or(3600)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(json: &str) -> InitiateAuthResponse {
        serde_json::from_str(json).unwrap()
    }

    fn service(kind: ErrorKind) -> CognitoError {
        CognitoError::Service {
            kind,
            message: "m".into(),
            status: 400,
        }
    }

    #[test]
    fn sign_up_goes_to_confirmation_unless_auto_confirmed() {
        let pending: SignUpResponse = serde_json::from_str(
            r#"{"UserConfirmed":false,"UserSub":"s","CodeDeliveryDetails":{"Destination":"a***@e***"}}"#,
        )
        .unwrap();
        assert!(matches!(
            after_sign_up("a@example.com", &pending),
            AuthStep::ConfirmSignUp {
                delivery: Some(_),
                ..
            }
        ));
        let confirmed: SignUpResponse =
            serde_json::from_str(r#"{"UserConfirmed":true,"UserSub":"s"}"#).unwrap();
        assert_eq!(
            after_sign_up("a@example.com", &confirmed),
            AuthStep::SignIn {
                username: "a@example.com".into()
            }
        );
        assert_eq!(
            after_confirm_sign_up("a@example.com"),
            AuthStep::SignIn {
                username: "a@example.com".into()
            }
        );
    }

    #[test]
    fn tokens_sign_the_user_in_with_absolute_expiry() {
        let step = after_sign_in(
            "u",
            Ok(response(
                r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":600}}"#,
            )),
            1_000,
        )
        .unwrap();
        let AuthStep::SignedIn(tokens) = step else {
            panic!("expected SignedIn, got {step:?}")
        };
        assert_eq!(tokens.expires_at, 1_600);
        assert!(!tokens.is_expired(1_500, 60));
        assert!(tokens.is_expired(1_541, 60));
    }

    #[test]
    fn unconfirmed_user_goes_to_confirmation_and_other_errors_stay_errors() {
        assert_eq!(
            after_sign_in("u", Err(service(ErrorKind::UserNotConfirmed)), 0),
            Ok(AuthStep::ConfirmSignUp {
                username: "u".into(),
                delivery: None
            })
        );
        assert_eq!(
            after_sign_in("u", Err(service(ErrorKind::NotAuthorized)), 0),
            Err(service(ErrorKind::NotAuthorized))
        );
    }

    #[test]
    fn challenges_carry_their_session() {
        let step = after_sign_in(
            "u",
            Ok(response(
                r#"{"ChallengeName":"SMS_MFA","Session":"sess","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"+********1234"}}"#,
            )),
            0,
        )
        .unwrap();
        assert_eq!(
            step,
            AuthStep::Challenge {
                username: "u".into(),
                name: "SMS_MFA".into(),
                session: Some(ChallengeSession::new("sess")),
                parameters: BTreeMap::from([(
                    "CODE_DELIVERY_DESTINATION".into(),
                    "+********1234".into()
                )])
            }
        );
    }

    fn sess(s: &str) -> ChallengeSession {
        ChallengeSession::new(s)
    }

    fn with_message(kind: ErrorKind, message: &str) -> CognitoError {
        CognitoError::Service {
            kind,
            message: message.into(),
            status: 400,
        }
    }

    fn expired() -> CognitoError {
        with_message(
            ErrorKind::NotAuthorized,
            "Invalid session for the user, session is expired.",
        )
    }

    const TOKENS: &str = r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i","RefreshToken":"r","ExpiresIn":3600},"ChallengeParameters":{}}"#;

    #[test]
    fn mfa_challenges_become_typed_steps() {
        assert_eq!(
            after_sign_in(
                "u",
                Ok(response(
                    r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"s1","ChallengeParameters":{}}"#
                )),
                0
            ),
            Ok(AuthStep::SoftwareTokenMfa {
                username: "u".into(),
                session: sess("s1")
            })
        );
        assert_eq!(
            after_sign_in(
                "u",
                Ok(response(
                    r#"{"ChallengeName":"MFA_SETUP","Session":"s2","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SOFTWARE_TOKEN_MFA\"]"}}"#
                )),
                0
            ),
            Ok(AuthStep::MfaSetup {
                username: "u".into(),
                session: sess("s2")
            })
        );
        assert!(matches!(
            after_sign_in(
                "u",
                Ok(response(r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA"}"#)),
                0
            ),
            Err(CognitoError::Decode { .. })
        ));
    }

    #[test]
    fn expired_used_and_foreign_sessions_are_recognised() {
        assert!(is_expired_session(&expired()));
        assert!(is_expired_session(&with_message(
            ErrorKind::NotAuthorized,
            "Invalid session for the user, session can only be used once."
        )));
        assert!(is_expired_session(&with_message(
            ErrorKind::NotAuthorized,
            "Invalid session for the user."
        )));
        assert!(!is_expired_session(&with_message(
            ErrorKind::NotAuthorized,
            "Password attempts exceeded"
        )));
        assert!(!is_expired_session(&with_message(
            ErrorKind::CodeMismatch,
            "Invalid session for the user, session is expired."
        )));
        assert!(!is_expired_session(&CognitoError::Transport {
            endpoint: "e".into(),
            message: "m".into()
        }));
    }

    #[test]
    fn software_token_mfa_answer_signs_in_keeps_the_step_or_restarts() {
        let stay = AuthStep::SoftwareTokenMfa {
            username: "u".into(),
            session: sess("s1"),
        };
        let next = after_software_token_mfa("u", &sess("s1"), Ok(response(TOKENS)), 1_000);
        assert_eq!(next.error, None);
        let AuthStep::SignedIn(tokens) = next.step else {
            panic!("expected SignedIn, got {next:?}")
        };
        assert_eq!(tokens.expires_at, 4_600);

        // A wrong code keeps the step and its session.
        let wrong = with_message(ErrorKind::CodeMismatch, "Invalid code received for user");
        assert_eq!(
            after_software_token_mfa("u", &sess("s1"), Err(wrong.clone()), 0),
            Next {
                step: stay.clone(),
                error: Some(wrong)
            }
        );
        // So does the lockout (it ends) and a network failure.
        let locked = with_message(ErrorKind::NotAuthorized, "Password attempts exceeded");
        assert_eq!(
            after_software_token_mfa("u", &sess("s1"), Err(locked), 0).step,
            stay
        );
        // An expired or used session goes back to sign-in, with the reason.
        assert_eq!(
            after_software_token_mfa("u", &sess("s1"), Err(expired()), 0),
            Next {
                step: AuthStep::SignIn {
                    username: "u".into()
                },
                error: Some(expired())
            }
        );
        // A malformed success stays, with a decode error.
        let next = after_software_token_mfa("u", &sess("s1"), Ok(response("{}")), 0);
        assert_eq!(next.step, stay);
        assert!(matches!(next.error, Some(CognitoError::Decode { .. })));
    }

    #[test]
    fn mfa_setup_associate_verify_respond() {
        let associated: AssociateSoftwareTokenResponse =
            serde_json::from_str(r#"{"SecretCode":"JBSWY3DPEHPK3PXP","Session":"s2"}"#).unwrap();
        let verify_step = AuthStep::MfaSetupVerify {
            username: "u".into(),
            session: sess("s2"),
            secret: SecretCode::new("JBSWY3DPEHPK3PXP"),
        };
        assert_eq!(
            after_associate_for_setup("u", &sess("s1"), Ok(associated)),
            Next {
                step: verify_step.clone(),
                error: None
            }
        );
        // No Session in the answer: stay on MfaSetup with a decode error.
        let no_session: AssociateSoftwareTokenResponse =
            serde_json::from_str(r#"{"SecretCode":"JBSWY3DPEHPK3PXP"}"#).unwrap();
        let next = after_associate_for_setup("u", &sess("s1"), Ok(no_session));
        assert_eq!(
            next.step,
            AuthStep::MfaSetup {
                username: "u".into(),
                session: sess("s1")
            }
        );
        assert!(matches!(next.error, Some(CognitoError::Decode { .. })));
        assert_eq!(
            after_associate_for_setup("u", &sess("s1"), Err(expired())).step,
            AuthStep::SignIn {
                username: "u".into()
            }
        );

        let secret = SecretCode::new("JBSWY3DPEHPK3PXP");
        let verified: VerifySoftwareTokenResponse =
            serde_json::from_str(r#"{"Status":"SUCCESS","Session":"s3"}"#).unwrap();
        assert_eq!(
            after_verify_for_setup("u", &sess("s2"), &secret, Ok(verified)),
            SetupVerified::Respond(sess("s3"))
        );
        // A wrong code keeps the step.
        let mismatch = with_message(ErrorKind::EnableSoftwareTokenMfa, "Code mismatch");
        assert_eq!(
            after_verify_for_setup("u", &sess("s2"), &secret, Err(mismatch.clone())),
            SetupVerified::Show(Next {
                step: verify_step.clone(),
                error: Some(mismatch)
            })
        );
        let status_error: VerifySoftwareTokenResponse =
            serde_json::from_str(r#"{"Status":"ERROR"}"#).unwrap();
        let SetupVerified::Show(next) =
            after_verify_for_setup("u", &sess("s2"), &secret, Ok(status_error))
        else {
            panic!("Status ERROR must not proceed")
        };
        assert_eq!(next.step, verify_step);
        assert_eq!(
            next.error.as_ref().and_then(CognitoError::kind),
            Some(&ErrorKind::EnableSoftwareTokenMfa)
        );
        let success_without_session: VerifySoftwareTokenResponse =
            serde_json::from_str(r#"{"Status":"SUCCESS"}"#).unwrap();
        assert!(matches!(
            after_verify_for_setup("u", &sess("s2"), &secret, Ok(success_without_session)),
            SetupVerified::Show(Next {
                error: Some(CognitoError::Decode { .. }),
                ..
            })
        ));
        assert_eq!(
            after_verify_for_setup("u", &sess("s2"), &secret, Err(expired())),
            SetupVerified::Show(Next {
                step: AuthStep::SignIn {
                    username: "u".into()
                },
                error: Some(expired())
            })
        );

        let next = after_mfa_setup("u", Ok(response(TOKENS)), 0);
        assert!(matches!(next.step, AuthStep::SignedIn(_)), "{next:?}");
        assert_eq!(next.error, None);
        let used = with_message(
            ErrorKind::NotAuthorized,
            "Invalid session for the user, session can only be used once.",
        );
        assert_eq!(
            after_mfa_setup("u", Err(used.clone()), 0),
            Next {
                step: AuthStep::SignIn {
                    username: "u".into()
                },
                error: Some(used)
            }
        );
    }

    #[test]
    fn empty_or_tokenless_answers_are_decode_errors() {
        assert!(matches!(
            after_sign_in("u", Ok(response("{}")), 0),
            Err(CognitoError::Decode { .. })
        ));
        assert!(matches!(
            after_sign_in(
                "u",
                Ok(response(r#"{"AuthenticationResult":{"AccessToken":"a"}}"#)),
                0
            ),
            Err(CognitoError::Decode { .. })
        ));
    }

    #[test]
    fn refresh_keeps_the_refresh_token() {
        let previous = Tokens {
            id_token: IdToken::new("i0"),
            access_token: AccessToken::new("a0"),
            refresh_token: Some(RefreshToken::new("r0")),
            expires_at: 0,
        };
        let next = after_refresh(
            &previous,
            response(
                r#"{"AuthenticationResult":{"AccessToken":"a1","IdToken":"i1","ExpiresIn":3600}}"#,
            ),
            100,
        )
        .unwrap();
        assert_eq!(next.access_token.expose(), "a1");
        assert_eq!(next.id_token.expose(), "i1");
        assert_eq!(next.refresh_token, Some(RefreshToken::new("r0")));
        assert_eq!(next.expires_at, 3_700);
    }

    fn new_password_step(required: &[&str]) -> AuthStep {
        AuthStep::NewPasswordRequired {
            username: "u".into(),
            session: sess("np"),
            required_attributes: required.iter().map(|a| (*a).to_owned()).collect(),
            user_attributes: BTreeMap::from([("email".into(), "u@example.com".into())]),
        }
    }

    #[test]
    fn a_reset_password_sends_the_user_to_the_reset_and_keeps_the_username() {
        assert_eq!(
            after_sign_in(
                "u@example.com",
                Err(with_message(
                    ErrorKind::PasswordResetRequired,
                    "Password reset required for the user"
                )),
                0
            ),
            Ok(AuthStep::PasswordResetRequired {
                username: "u@example.com".into()
            })
        );
    }

    #[test]
    fn new_password_required_reads_the_attributes_cognito_lists() {
        // As captured from Cognito (a user created by AdminCreateUser).
        let step = after_sign_in(
            "u",
            Ok(response(
                r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"np","ChallengeParameters":{
                    "USER_ID_FOR_SRP":"d0b2ec76-ac3b-47b8-ad14-3aa7fac7c102",
                    "requiredAttributes":"[\"userAttributes.name\",\"userAttributes.custom:team\"]",
                    "userAttributes":"{\"email_verified\":\"true\",\"email\":\"u@example.com\"}"}}"#,
            )),
            0,
        )
        .unwrap();
        assert_eq!(
            step,
            AuthStep::NewPasswordRequired {
                username: "u".into(),
                session: sess("np"),
                required_attributes: vec!["name".into(), "custom:team".into()],
                user_attributes: BTreeMap::from([
                    ("email".into(), "u@example.com".into()),
                    ("email_verified".into(), "true".into()),
                ]),
            }
        );
        // moto sends no parameters at all: nothing is required.
        assert_eq!(
            after_sign_in(
                "u",
                Ok(response(
                    r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"np","ChallengeParameters":{}}"#
                )),
                0
            ),
            Ok(AuthStep::NewPasswordRequired {
                username: "u".into(),
                session: sess("np"),
                required_attributes: vec![],
                user_attributes: BTreeMap::new(),
            })
        );
        for malformed in [
            r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","ChallengeParameters":{}}"#,
            r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"np","ChallengeParameters":{"requiredAttributes":"name"}}"#,
            r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"np","ChallengeParameters":{"userAttributes":"[1]"}}"#,
        ] {
            assert!(
                matches!(
                    after_sign_in("u", Ok(response(malformed)), 0),
                    Err(CognitoError::Decode { .. })
                ),
                "{malformed}"
            );
        }
    }

    #[test]
    fn the_new_password_answer_signs_in_goes_on_to_mfa_stays_or_restarts() {
        let stay = new_password_step(&["name"]);
        let AuthStep::NewPasswordRequired {
            required_attributes,
            user_attributes,
            ..
        } = &stay
        else {
            unreachable!()
        };
        let answer = |result| {
            after_new_password(
                "u",
                &sess("np"),
                required_attributes,
                user_attributes,
                result,
                1_000,
            )
        };
        let next = answer(Ok(response(TOKENS)));
        assert!(matches!(next.step, AuthStep::SignedIn(_)), "{next:?}");
        assert_eq!(next.error, None);
        assert_eq!(
            answer(Ok(response(
                r#"{"ChallengeName":"MFA_SETUP","Session":"s2","ChallengeParameters":{}}"#
            ))),
            Next {
                step: AuthStep::MfaSetup {
                    username: "u".into(),
                    session: sess("s2")
                },
                error: None
            }
        );
        // A password the policy refuses, or a missing attribute: try again.
        for refused in [
            with_message(
                ErrorKind::InvalidPassword,
                "Password did not conform with policy: Password not long enough",
            ),
            with_message(
                ErrorKind::InvalidParameter,
                "Invalid attributes given, name is missing",
            ),
        ] {
            assert_eq!(
                answer(Err(refused.clone())),
                Next {
                    step: stay.clone(),
                    error: Some(refused)
                }
            );
        }
        assert_eq!(
            answer(Err(expired())),
            Next {
                step: AuthStep::SignIn {
                    username: "u".into()
                },
                error: Some(expired())
            }
        );
    }

    /// The first known-answer vector of `tests/fixtures/srp_vectors.json`
    /// (docs/cognito-protocol.md §2.7) as a challenge.
    fn verifier_vector() -> (serde_json::Value, SrpSession) {
        let fixture: serde_json::Value =
            serde_json::from_str(include_str!("../tests/fixtures/srp_vectors.json")).unwrap();
        let v = fixture["vectors"][0].clone();
        let hex = v["a"].as_str().unwrap();
        let a: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        (v, SrpSession::new(&a).unwrap())
    }

    fn verifier_challenge(v: &serde_json::Value, session: Option<&str>) -> InitiateAuthResponse {
        let mut json = serde_json::json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "USER_ID_FOR_SRP": v["user_id"], "USERNAME": v["user_id"],
                "SALT": v["salt"], "SRP_B": v["srp_b"], "SECRET_BLOCK": v["secret_block"],
            }
        });
        if let Some(s) = session {
            json["Session"] = s.into();
        }
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_password_verifier_is_answered_with_the_known_signature() {
        let (v, srp) = verifier_vector();
        let pool = v["pool_id"].as_str().unwrap();
        let password = Password::new(v["password"].as_str().unwrap());
        let stamp = crate::srp::cognito_timestamp(v["epoch"].as_u64().unwrap());
        let str_of = |key: &str| v[key].as_str().unwrap().to_owned();

        // Real user pools send no Session: none is sent back.
        let SrpNext::Respond(answer) = answer_password_verifier(
            "c",
            pool,
            &srp,
            &password,
            verifier_challenge(&v, None),
            &stamp,
        )
        .unwrap() else {
            panic!("a PASSWORD_VERIFIER challenge must be answered")
        };
        assert_eq!(answer.client_id, "c");
        assert_eq!(answer.challenge_name, "PASSWORD_VERIFIER");
        assert_eq!(answer.session, None);
        assert_eq!(
            answer.challenge_responses.0,
            BTreeMap::from([
                ("USERNAME".to_owned(), str_of("user_id")),
                (
                    "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
                    str_of("secret_block")
                ),
                ("PASSWORD_CLAIM_SIGNATURE".to_owned(), str_of("signature")),
                ("TIMESTAMP".to_owned(), str_of("timestamp")),
            ])
        );
        // One that comes is forwarded.
        let SrpNext::Respond(answer) = answer_password_verifier(
            "c",
            pool,
            &srp,
            &password,
            verifier_challenge(&v, Some("AYABe")),
            &stamp,
        )
        .unwrap() else {
            panic!("a PASSWORD_VERIFIER challenge must be answered")
        };
        assert_eq!(answer.session, Some(sess("AYABe")));

        // Anything else is passed on untouched.
        let tokens = response(TOKENS);
        assert_eq!(
            answer_password_verifier("c", pool, &srp, &password, tokens.clone(), &stamp),
            Ok(SrpNext::Done(tokens))
        );
    }

    #[test]
    fn a_challenge_the_srp_maths_refuses_is_a_decode_error_naming_it() {
        let (v, srp) = verifier_vector();
        let pool = v["pool_id"].as_str().unwrap();
        let password = Password::new("p");
        let stamp = crate::srp::cognito_timestamp(0);
        let refused = |challenge: InitiateAuthResponse| match answer_password_verifier(
            "c", pool, &srp, &password, challenge, &stamp,
        ) {
            Err(CognitoError::Decode { message, .. }) => message,
            other => panic!("expected a decode error, got {other:?}"),
        };
        let mut no_salt = verifier_challenge(&v, None);
        no_salt
            .challenge_parameters
            .as_mut()
            .unwrap()
            .remove("SALT");
        assert!(refused(no_salt).contains("SALT"));
        // B = N: 0 modulo N, which SRP-6a's client must refuse.
        let mut zero_b = verifier_challenge(&v, None);
        zero_b
            .challenge_parameters
            .as_mut()
            .unwrap()
            .insert("SRP_B".into(), crate::srp::N_HEX_FOR_TESTS.into());
        assert!(refused(zero_b).contains("SRP_B"));
        let mut bad_block = verifier_challenge(&v, None);
        bad_block
            .challenge_parameters
            .as_mut()
            .unwrap()
            .insert("SECRET_BLOCK".into(), "8f3c-not-base64".into());
        assert!(refused(bad_block).contains("SECRET_BLOCK"));
    }

    #[test]
    fn forgot_password_asks_for_the_code_then_sign_in_follows() {
        let r: ForgotPasswordResponse = serde_json::from_str(
            r#"{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"u***@e***"}}"#,
        )
        .unwrap();
        assert_eq!(
            after_forgot_password("u@example.com", r),
            AuthStep::ConfirmForgotPassword {
                username: "u@example.com".into(),
                delivery: Some(CodeDeliveryDetails {
                    destination: Some("u***@e***".into()),
                    delivery_medium: Some("EMAIL".into()),
                    attribute_name: Some("email".into()),
                }),
            }
        );
        assert_eq!(
            after_forgot_password(
                "u@example.com",
                ForgotPasswordResponse {
                    code_delivery_details: None
                }
            ),
            AuthStep::ConfirmForgotPassword {
                username: "u@example.com".into(),
                delivery: None,
            }
        );
        assert_eq!(
            after_confirm_forgot_password("u@example.com"),
            AuthStep::SignIn {
                username: "u@example.com".into()
            }
        );
    }
}
