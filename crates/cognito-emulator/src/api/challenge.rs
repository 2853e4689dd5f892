//! `RespondToAuthChallenge`: the request is checked here and handed to the
//! module that owns the challenge — `PASSWORD_VERIFIER` to
//! [`super::srp_auth`], `NEW_PASSWORD_REQUIRED` to [`super::new_password`],
//! `SOFTWARE_TOKEN_MFA` and `MFA_SETUP` to [`super::mfa`].

use serde_json::Value;

use super::error::ApiError;
use super::input::{find_client, Input, Validator, CLIENT_ID, SESSION};
use super::{mfa, new_password, srp_auth};
use crate::state::AppState;
use crate::store::ChallengeStage;

/// `ChallengeNameType` (API Reference, "RespondToAuthChallenge").
const CHALLENGE_NAMES: &[&str] = &[
    "SMS_MFA",
    "EMAIL_OTP",
    "SOFTWARE_TOKEN_MFA",
    "SELECT_MFA_TYPE",
    "MFA_SETUP",
    "PASSWORD_VERIFIER",
    "CUSTOM_CHALLENGE",
    "SELECT_CHALLENGE",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
    "ADMIN_NO_SRP_AUTH",
    "NEW_PASSWORD_REQUIRED",
    "SMS_OTP",
    "PASSWORD",
    "WEB_AUTHN",
    "PASSWORD_SRP",
];

pub(super) async fn respond_to_auth_challenge(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let name = v.required_enum(
        "challengeName",
        input.string("ChallengeName")?,
        CHALLENGE_NAMES,
    );
    let session = v.optional("session", input.string("Session")?, &SESSION);
    // Extra keys are ignored, as Cognito does: amazon-cognito-identity-js
    // sends SMS_MFA_CODE beside SOFTWARE_TOKEN_MFA_CODE, pycognito leftover
    // SRP keys with NEW_PASSWORD.
    let responses = input.string_map("ChallengeResponses")?.unwrap_or_default();
    input.string_map("ClientMetadata")?;
    v.finish()?;

    let (pool, client) = find_client(state, &client_id)?;
    match name.as_str() {
        "PASSWORD_VERIFIER" => srp_auth::password_verifier(state, pool, client, &responses).await,
        "NEW_PASSWORD_REQUIRED" => {
            new_password::respond(state, pool, client, session, &responses).await
        }
        "SOFTWARE_TOKEN_MFA" => mfa::respond(
            state,
            pool,
            client,
            ChallengeStage::SoftwareTokenMfa,
            session,
            &responses,
        ),
        "MFA_SETUP" => mfa::respond(
            state,
            pool,
            client,
            ChallengeStage::MfaSetupVerified,
            session,
            &responses,
        ),
        other => Err(ApiError::invalid_parameter(format!(
            "The local Cognito emulator does not implement the {other} challenge."
        ))),
    }
}
