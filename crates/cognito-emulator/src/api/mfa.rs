//! TOTP software-token MFA: `AssociateSoftwareToken`, `VerifySoftwareToken`,
//! `SetUserMFAPreference`, `RespondToAuthChallenge` (`SOFTWARE_TOKEN_MFA`,
//! `MFA_SETUP`; `PASSWORD_VERIFIER` is handed to [`super::srp_auth`]) and
//! the challenge `Session`s they use (API Reference for each operation;
//! Developer Guide, "TOTP software token MFA").
//! Challenge sessions last the app client's `AuthSessionValidity` and serve
//! once (Developer Guide, "Authentication flow").
//!
//! Codes are RFC 6238 TOTP (HMAC-SHA-1, 30 s, 6 digits, ±1 step), checked
//! by [`crate::totp`]. Secrets are never logged: nothing here prints, and
//! the stored type's `Debug` is redacted.
//!
//! Choices where AWS's behaviour is not documented:
//! * A wrong code in `VerifySoftwareToken` is `EnableSoftwareTokenMFAException`
//!   "Code mismatch" (the type public client code reports; the wording is the
//!   emulator's). In `RespondToAuthChallenge` it is `CodeMismatchException`
//!   "Invalid code received for user" (the message AWS sends, as client
//!   libraries such as amplify-js handle it).
//! * A wrong `SOFTWARE_TOKEN_MFA` code does not spend the session: the user
//!   may retry with it until it expires. Every wrong code counts towards a
//!   per-user lockout with the password escalation (5 in a row → 1 s, doubling,
//!   at most 15 min; `NotAuthorizedException` "Password attempts exceeded"), a
//!   count a correct password does not reset, so 10^6 codes cannot be tried.
//! * A code whose time step was already accepted for the user (or an earlier
//!   one) is refused as a mismatch (RFC 6238 §5.2), including the step the
//!   key was verified with.
//! * Sessions are bound to user, app client and stage; one used for the wrong
//!   stage, client or user is "Invalid session for the user.".

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rand::RngCore;
use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{access_token, find_client, Input, Validator, SESSION, TOKEN, USER_CODE};
use crate::config::{ClientConfig, MfaConfiguration, PoolConfig};
use crate::hashing::sha256_hex;
use crate::lockout;
use crate::state::AppState;
use crate::store::{
    ChallengeSession, ChallengeStage, MfaPreference, PendingSoftwareToken, PoolData,
    SignInFailures, SoftwareToken, TotpSecret, User,
};
use crate::tokens::{authorize, Caller, ADMIN_SCOPE};
use crate::totp;

/// Random bytes in a challenge session (256 base64url characters; real ones
/// are ≈1.5 kB, the model allows 20..2048).
const SESSION_BYTES: usize = 192;

pub(super) fn invalid_session() -> ApiError {
    ApiError::not_authorized("Invalid session for the user.")
}

fn code_mismatch() -> ApiError {
    ApiError::new("CodeMismatchException", "Invalid code received for user")
}

fn totp_not_enabled() -> ApiError {
    ApiError::new(
        "SoftwareTokenMFANotFoundException",
        "Software Token MFA has not been enabled by the userPool",
    )
}

fn require_totp(pool: &PoolConfig) -> Result<(), ApiError> {
    if pool.software_token_mfa_enabled() {
        Ok(())
    } else {
        Err(totp_not_enabled())
    }
}

/// The challenge, if any, that follows a correct password (Developer
/// Guide, "Adding MFA to a user pool"):
/// `SOFTWARE_TOKEN_MFA` for a user with TOTP, `MFA_SETUP` when the pool
/// requires MFA and the user has none.
pub(super) fn sign_in_challenge(
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    user: &User,
    now: i64,
) -> Option<Value> {
    let required = pool.mfa_configuration == MfaConfiguration::On;
    if user.needs_software_token_mfa(pool.software_token_mfa_enabled(), required) {
        let session = new_session(
            pool_data,
            &user.username,
            client,
            ChallengeStage::SoftwareTokenMfa,
            now,
        );
        // The parameters Cognito sends here are not documented; clients
        // need none of them.
        return Some(json!({
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "ChallengeParameters": {},
            "Session": session,
        }));
    }
    if required {
        let session = new_session(
            pool_data,
            &user.username,
            client,
            ChallengeStage::MfaSetup,
            now,
        );
        return Some(json!({
            "ChallengeName": "MFA_SETUP",
            "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"},
            "Session": session,
        }));
    }
    None
}

/// Issues a session for `stage`, valid for the client's
/// `auth_session_validity_seconds`. Only its SHA-256 is stored.
pub(super) fn new_session(
    pool_data: &mut PoolData,
    username: &str,
    client: &ClientConfig,
    stage: ChallengeStage,
    now: i64,
) -> String {
    let mut bytes = [0u8; SESSION_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let session = B64URL.encode(bytes);
    pool_data.challenge_sessions.insert(
        sha256_hex(&session),
        ChallengeSession {
            username: username.to_owned(),
            client_id: client.id.clone(),
            stage,
            expires_at: now + i64::from(client.auth_session_validity_seconds),
            used: false,
        },
    );
    session
}

/// A session that may still be used: known, unused, unexpired, and for one
/// of `stages`. The messages are the ones AWS sends for a reused or an
/// expired session.
pub(super) fn live_session(
    pool_data: &PoolData,
    key: &str,
    stages: &[ChallengeStage],
    now: i64,
) -> Result<ChallengeSession, ApiError> {
    let session = pool_data
        .challenge_sessions
        .get(key)
        .ok_or_else(invalid_session)?;
    if session.used {
        return Err(ApiError::not_authorized(
            "Invalid session for the user, session can only be used once.",
        ));
    }
    if session.expires_at <= now {
        return Err(ApiError::not_authorized(
            "Invalid session for the user, session is expired.",
        ));
    }
    if !stages.contains(&session.stage) {
        return Err(invalid_session());
    }
    Ok(session.clone())
}

pub(super) fn spend(pool_data: &mut PoolData, key: &str) {
    if let Some(s) = pool_data.challenge_sessions.get_mut(key) {
        s.used = true;
    }
}

/// The pool whose store knows this session.
fn pool_of_session<'a>(
    state: &'a AppState,
    pools: &BTreeMap<String, PoolData>,
    key: &str,
) -> Result<&'a PoolConfig, ApiError> {
    let pool_id = pools
        .iter()
        .find(|(_, p)| p.challenge_sessions.contains_key(key))
        .map(|(id, _)| id.clone())
        .ok_or_else(invalid_session)?;
    state.config().pool(&pool_id).ok_or_else(invalid_session)
}

/// Who an access token speaks for, and their pool.
fn caller_and_pool<'a>(
    state: &'a AppState,
    token: &str,
) -> Result<(Caller, &'a PoolConfig), ApiError> {
    let caller = authorize(state, token, ADMIN_SCOPE)?;
    let pool = state
        .config()
        .pool(&caller.pool_id)
        .ok_or_else(ApiError::user_not_found)?;
    Ok((caller, pool))
}

/// Runs `f` on the caller's stored user under the write lock.
fn write_caller<R>(
    state: &AppState,
    caller: &Caller,
    f: impl FnOnce(&mut User) -> Result<R, ApiError>,
) -> Result<R, ApiError> {
    state.write(|db| {
        let user = db
            .pools
            .get_mut(&caller.pool_id)
            .and_then(|p| p.users.get_mut(&caller.username))
            .ok_or_else(ApiError::user_not_found)?;
        f(user)
    })?
}

/// Who an `AssociateSoftwareToken` / `VerifySoftwareToken` call is for.
enum TokenOrSession {
    AccessToken(String),
    Session(String),
}

fn token_or_session(v: &mut Validator, input: &Input) -> Result<Option<TokenOrSession>, ApiError> {
    let token = v.optional("accessToken", input.string("AccessToken")?, &TOKEN);
    let session = v.optional("session", input.string("Session")?, &SESSION);
    Ok(match (token, session) {
        (Some(t), None) => Some(TokenOrSession::AccessToken(t)),
        (None, Some(s)) => Some(TokenOrSession::Session(s)),
        _ => None,
    })
}

/// Both or neither given; the wording is the emulator's (not pinned).
fn exactly_one() -> ApiError {
    ApiError::invalid_parameter("Exactly one of AccessToken or Session must be provided.")
}

/// Checks a code against `secret` at `now` (±1 step) and returns the step.
fn matching_step(secret: &TotpSecret, code: &str, now: i64) -> Result<Option<i64>, ApiError> {
    totp::matching_step(secret.expose(), code, now)
        .map_err(|e| ApiError::internal(format!("stored TOTP key is unreadable: {e}")))
}

pub(crate) fn associate_software_token(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let who = token_or_session(&mut v, input)?;
    v.finish()?;
    let secret = totp::new_secret();
    let now = state.now();
    change_mfa_user(
        state,
        who.ok_or_else(exactly_one)?,
        // A new key may be asked for again before it is verified.
        &[ChallengeStage::MfaSetup, ChallengeStage::MfaSetupAssociated],
        ChallengeStage::MfaSetupAssociated,
        now,
        json!({ "SecretCode": secret }),
        |user| {
            user.pending_software_token = Some(PendingSoftwareToken {
                secret: TotpSecret::new(secret.clone()),
                associated_at: now,
            });
            Ok(())
        },
    )
}

/// Applies `change` to the user `who` names and answers `body`. With an
/// access token, that is its user. With a session, the user of a live
/// session at one of `stages`; after the change the session is spent and
/// `body` gets the next one, at `next`, as `Session` (a failed change leaves
/// the session usable for another try).
fn change_mfa_user(
    state: &AppState,
    who: TokenOrSession,
    stages: &[ChallengeStage],
    next: ChallengeStage,
    now: i64,
    mut body: Value,
    change: impl FnOnce(&mut User) -> Result<(), ApiError>,
) -> Result<Value, ApiError> {
    match who {
        TokenOrSession::AccessToken(token) => {
            let (caller, pool) = caller_and_pool(state, &token)?;
            require_totp(pool)?;
            write_caller(state, &caller, |user| {
                change(user)?;
                Ok(body)
            })
        }
        TokenOrSession::Session(session) => {
            let key = sha256_hex(&session);
            state.write(|db| {
                let pool = pool_of_session(state, &db.pools, &key)?;
                let (_, client) = find_client(state, &client_of(&db.pools, &pool.id, &key))?;
                let pool_data = db.pools.entry(pool.id.clone()).or_default();
                let cs = live_session(pool_data, &key, stages, now)?;
                require_totp(pool)?;
                let user = pool_data
                    .users
                    .get_mut(&cs.username)
                    .ok_or_else(invalid_session)?;
                change(user)?;
                spend(pool_data, &key);
                let next = new_session(pool_data, &cs.username, client, next, now);
                body["Session"] = json!(next);
                Ok(body)
            })?
        }
    }
}

/// The app client a stored session is bound to.
fn client_of(pools: &BTreeMap<String, PoolData>, pool_id: &str, key: &str) -> String {
    pools
        .get(pool_id)
        .and_then(|p| p.challenge_sessions.get(key))
        .map(|s| s.client_id.clone())
        .unwrap_or_default()
}

/// Makes the pending key the user's verified one if `code` matches it.
fn verify_pending(
    user: &mut User,
    code: &str,
    friendly_device_name: Option<String>,
    now: i64,
) -> Result<(), ApiError> {
    let pending = user.pending_software_token.clone().ok_or_else(|| {
        // Wording is the emulator's; AWS's is not pinned.
        ApiError::invalid_parameter(
            "No software token is associated with the user; call AssociateSoftwareToken first.",
        )
    })?;
    let Some(step) = matching_step(&pending.secret, code, now)? else {
        return Err(ApiError::new(
            "EnableSoftwareTokenMFAException",
            "Code mismatch",
        ));
    };
    user.software_token = Some(SoftwareToken {
        secret: pending.secret,
        friendly_device_name,
        verified_at: now,
    });
    user.pending_software_token = None;
    // The verifying code is used up too (RFC 6238 §5.2).
    user.last_totp_step = Some(user.last_totp_step.map_or(step, |last| last.max(step)));
    Ok(())
}

pub(crate) fn verify_software_token(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let who = token_or_session(&mut v, input)?;
    let code = v.required("userCode", input.string("UserCode")?, &USER_CODE);
    let friendly_device_name = input.string("FriendlyDeviceName")?;
    v.finish()?;
    let now = state.now();
    change_mfa_user(
        state,
        who.ok_or_else(exactly_one)?,
        &[ChallengeStage::MfaSetupAssociated],
        ChallengeStage::MfaSetupVerified,
        now,
        json!({ "Status": "SUCCESS" }),
        // A wrong code leaves the session usable for another try.
        |user| verify_pending(user, &code, friendly_device_name, now),
    )
}

/// `{Enabled, PreferredMfa}` of one `*MfaSettings` member.
struct Settings {
    enabled: Option<bool>,
    preferred: Option<bool>,
}

fn settings(input: &Input, member: &str) -> Result<Option<Settings>, ApiError> {
    match input.structure(member)? {
        None => Ok(None),
        Some(s) => Ok(Some(Settings {
            enabled: s.boolean("Enabled")?,
            preferred: s.boolean("PreferredMfa")?,
        })),
    }
}

pub(crate) fn set_user_mfa_preference(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let token = access_token(input)?;
    let totp_settings = settings(input, "SoftwareTokenMfaSettings")?;
    for (member, factor) in [
        ("SMSMfaSettings", "SMS_MFA"),
        ("EmailMfaSettings", "EMAIL_OTP"),
    ] {
        if let Some(Settings {
            enabled: Some(true),
            ..
        }) = settings(input, member)?
        {
            return Err(ApiError::invalid_parameter(format!(
                "{factor} is not supported by the local Cognito emulator; only SOFTWARE_TOKEN_MFA is."
            )));
        }
    }
    let (caller, pool) = caller_and_pool(state, &token)?;
    write_caller(state, &caller, |user| {
        let Some(Settings { enabled, preferred }) = totp_settings else {
            return Ok(json!({}));
        };
        let mut next = user.software_token_mfa;
        match enabled {
            Some(true) => {
                if user.software_token.is_none() {
                    return Err(ApiError::invalid_parameter(
                        "User has not verified software token mfa",
                    ));
                }
                next.enabled = true;
            }
            Some(false) => {
                // Whether AWS refuses this when the pool requires MFA is not
                // documented. The emulator refuses,
                // so a UI cannot leave a user of an MFA-required pool without
                // the factor they must sign in with.
                if pool.mfa_configuration == MfaConfiguration::On {
                    return Err(ApiError::invalid_parameter(
                        "Cannot disable software token MFA: the user pool requires MFA (MfaConfiguration ON).",
                    ));
                }
                next = MfaPreference::default();
            }
            None => {}
        }
        if let Some(p) = preferred {
            next.preferred = p && next.enabled;
        }
        user.software_token_mfa = next;
        Ok(json!({}))
    })
}

/// `RespondToAuthChallenge` for `SOFTWARE_TOKEN_MFA` and `MFA_SETUP` (the
/// other challenges are answered elsewhere; [`super::challenge`] dispatches
/// and issues the tokens): the user who passed.
pub(super) fn respond(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    stage: ChallengeStage,
    session: Option<String>,
    responses: &BTreeMap<String, String>,
) -> Result<User, ApiError> {
    let username = responses
        .get("USERNAME")
        .ok_or_else(|| ApiError::missing_parameter("USERNAME"))?;
    let code = match stage {
        ChallengeStage::SoftwareTokenMfa => Some(
            responses
                .get("SOFTWARE_TOKEN_MFA_CODE")
                .ok_or_else(|| ApiError::missing_parameter("SOFTWARE_TOKEN_MFA_CODE"))?,
        ),
        _ => None,
    };
    let session = session.ok_or_else(|| ApiError::missing_parameter("Session"))?;
    let key = sha256_hex(&session);
    let now = state.now();

    // Failures are persisted too (they count towards the lockout).
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        pool_data.prune_sessions(now);
        let cs = live_session(pool_data, &key, &[stage], now)?;
        let named = pool_data
            .find_user(pool.sign_in(), username)
            .map(|u| u.username.clone());
        if cs.client_id != client.id || named.as_deref() != Some(cs.username.as_str()) {
            return Err(invalid_session());
        }
        require_totp(pool)?;
        let user = pool_data
            .users
            .get_mut(&cs.username)
            .ok_or_else(invalid_session)?;
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        match code {
            Some(code) => check_sign_in_code(user, code, now)?,
            // MFA_SETUP: the key was verified with this session's
            // predecessor; TOTP becomes the user's enabled, preferred factor.
            None => {
                if user.software_token.is_none() {
                    return Err(invalid_session());
                }
                user.software_token_mfa = MfaPreference {
                    enabled: true,
                    preferred: true,
                };
            }
        }
        let user = user.clone();
        spend(pool_data, &key);
        Ok(user)
    })?
}

/// A `SOFTWARE_TOKEN_MFA` code: refused while locked out, when wrong, or when
/// its step was already used; every refusal counts towards the lockout.
fn check_sign_in_code(user: &mut User, code: &str, now: i64) -> Result<(), ApiError> {
    if lockout::is_locked(&user.mfa_failures, now) {
        return Err(ApiError::not_authorized("Password attempts exceeded"));
    }
    let token = user.software_token.as_ref().ok_or_else(totp_not_enabled)?;
    let step = matching_step(&token.secret, code, now)?;
    match step {
        Some(step) if user.last_totp_step.is_none_or(|last| step > last) => {
            user.mfa_failures = SignInFailures::default();
            user.last_totp_step = Some(step);
            Ok(())
        }
        _ => {
            lockout::record_failure(&mut user.mfa_failures, now);
            Err(code_mismatch())
        }
    }
}
