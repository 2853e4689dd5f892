//! The sign-in flow as a state machine: which screen comes next after each
//! Cognito answer. Views render an [`AuthStep`]; they never decide protocol.

use crate::error::{CognitoError, ErrorKind};
use crate::ops::{CodeDeliveryDetails, InitiateAuthResponse, SignUpResponse};
use crate::secret::{AccessToken, IdToken, RefreshToken, Session};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The tokens of a signed-in session, with the absolute expiry of the
/// access and ID tokens (epoch seconds).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub id_token: IdToken,
    pub access_token: AccessToken,
    pub refresh_token: Option<RefreshToken>,
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
    SignIn { username: String },
    /// Ask for the code Cognito sent at sign-up.
    ConfirmSignUp {
        username: String,
        delivery: Option<CodeDeliveryDetails>,
    },
    /// Signed in.
    SignedIn(Tokens),
    /// Cognito asked for another step (`SOFTWARE_TOKEN_MFA`, `MFA_SETUP`,
    /// `NEW_PASSWORD_REQUIRED`, ...). The `Session` answers it.
    Challenge {
        username: String,
        name: String,
        session: Option<Session>,
        parameters: BTreeMap<String, String>,
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

/// After `REFRESH_TOKEN_AUTH`: new access and ID tokens; the refresh token is
/// kept, since Cognito does not return one on this flow (COGNITO.md §1.4).
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
                r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA","Session":"sess","ChallengeParameters":{}}"#,
            )),
            0,
        )
        .unwrap();
        assert_eq!(
            step,
            AuthStep::Challenge {
                username: "u".into(),
                name: "SOFTWARE_TOKEN_MFA".into(),
                session: Some(Session::new("sess")),
                parameters: BTreeMap::new()
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
