//! The sign-in flow as a state machine: which screen comes next after each
//! Cognito answer. Views render an [`AuthStep`]; they never decide protocol.

use crate::error::{CognitoError, ErrorKind};
use crate::ops::{
    AssociateSoftwareTokenResponse, VerifySoftwareTokenResponse, CHALLENGE_MFA_SETUP,
    CHALLENGE_SOFTWARE_TOKEN_MFA,
};
use crate::ops::{CodeDeliveryDetails, InitiateAuthResponse, SignUpResponse};
use crate::secret::SecretCode;
use crate::secret::{AccessToken, ChallengeSession, IdToken, RefreshToken};
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
/// is not a failure of the flow: it sends the user to confirmation.
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
            expires_at: now + result.expires_in.unwrap_or(3600),
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
        expires_at: now + result.expires_in.unwrap_or(3600),
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
                r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"sess","ChallengeParameters":{"requiredAttributes":"[]"}}"#,
            )),
            0,
        )
        .unwrap();
        assert_eq!(
            step,
            AuthStep::Challenge {
                username: "u".into(),
                name: "NEW_PASSWORD_REQUIRED".into(),
                session: Some(ChallengeSession::new("sess")),
                parameters: BTreeMap::from([("requiredAttributes".into(), "[]".into())])
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
}
