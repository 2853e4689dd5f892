//! `RespondToAuthChallenge`: the request is checked here and handed to the
//! module that owns the challenge — `PASSWORD_VERIFIER` to
//! [`super::srp_auth`], `NEW_PASSWORD_REQUIRED` to [`super::new_password`],
//! `SOFTWARE_TOKEN_MFA` and `MFA_SETUP` to [`super::mfa`].

use serde_json::Value;

use super::error::ApiError;
use super::input::{find_client, Input, Validator, CLIENT_ID, SESSION};
use super::sign_in::issue;
use super::step::Next;
use super::{mfa, new_password, srp_auth};
use crate::state::AppState;
use crate::store::ChallengeStage;
use crate::triggers::Source;

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
    // Reaches post authentication and pre token generation (Developer
    // Guide, "Pre token generation Lambda trigger", clientMetadata).
    let metadata = input.string_map("ClientMetadata")?;
    let metadata = metadata.as_ref();
    v.finish()?;

    let (pool, client) = find_client(state, &client_id)?;
    let mfa_stage = match name.as_str() {
        "PASSWORD_VERIFIER" => {
            return srp_auth::password_verifier(state, pool, client, &responses, metadata).await
        }
        "NEW_PASSWORD_REQUIRED" => {
            let next = new_password::respond(state, pool, client, session, &responses).await?;
            return issue(
                state,
                pool,
                client,
                next,
                Source::TokenGenerationNewPasswordChallenge,
                metadata,
            )
            .await;
        }
        "SOFTWARE_TOKEN_MFA" => ChallengeStage::SoftwareTokenMfa,
        "MFA_SETUP" => ChallengeStage::MfaSetupVerified,
        other => {
            return Err(ApiError::invalid_parameter(format!(
                "The local Cognito emulator does not implement the {other} challenge."
            )))
        }
    };
    let user = mfa::respond(state, pool, client, mfa_stage, session, &responses)?;
    let next = Next::Tokens(Box::new(user));
    issue(
        state,
        pool,
        client,
        next,
        Source::TokenGenerationAuthentication,
        metadata,
    )
    .await
}
