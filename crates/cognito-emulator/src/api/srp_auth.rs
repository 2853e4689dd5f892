//! `USER_SRP_AUTH`: `InitiateAuth` answers a `PASSWORD_VERIFIER` challenge
//! and `RespondToAuthChallenge` checks the password claim (API Reference,
//! "InitiateAuth" and "RespondToAuthChallenge"; Developer Guide,
//! "Authentication flow" in user pools). The math is in [`crate::srp`].
//!
//! As measured against real user pools (and seen in published captures of
//! boto3 output), the challenge carries no `Session`: its state is found
//! through the SECRET_BLOCK. A `Session` in the answer is accepted and not
//! needed (amazon-cognito-identity-js forwards whatever it got, pycognito
//! sends none).
//!
//! Choices where AWS's behaviour is not documented:
//! * The answer is due within the app client's `AuthSessionValidity`
//!   (AWS only says "within a few seconds").
//! * `TIMESTAMP` may be at most five minutes from the emulator's clock
//!   (AWS's tolerance is not published); further off is
//!   `NotAuthorizedException` with a message that says so.
//! * A SECRET_BLOCK that was already answered, or has expired, gets the
//!   messages AWS sends for such challenge `Session`s; one the emulator
//!   never issued (or issued for another app client) gets "Incorrect
//!   username or password.", as AWS answers for a wrong SECRET_BLOCK.
//! * `SRP_A` that is not hexadecimal, or is 0 modulo N (RFC 5054 §2.5.4:
//!   the server must abort), is an `InvalidParameterException`.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use num_bigint::BigUint;
use rand::RngCore;
use serde_json::{json, Value};

use super::error::ApiError;
use super::sign_in::{
    incorrect, issue, locked_out, password_rejected, password_verified, pre_authentication,
};
use crate::config::{ClientConfig, PoolConfig};
use crate::lockout;
use crate::srp::pending::{Claimant, PendingChallenge, Taken};
use crate::srp::server::{self, PrivateExponent};
use crate::srp::{self, timestamp};
use crate::state::AppState;
use crate::triggers::Source;

/// Random bytes in a SECRET_BLOCK. AWS's are opaque and longer; any length
/// works, since clients only hand it back and sign its bytes.
const SECRET_BLOCK_BYTES: usize = 128;

/// How far `TIMESTAMP` may be from the emulator's clock, either way.
const MAX_CLOCK_SKEW_SECONDS: i64 = 5 * 60;

/// The longest `SRP_A` taken: `N` has 768 hex digits; leave room for
/// leading zeros, refuse megabytes.
const MAX_SRP_A_CHARS: usize = 1024;

/// `InitiateAuth` with `USER_SRP_AUTH`: `USERNAME` and `SRP_A` in, a
/// `PASSWORD_VERIFIER` challenge out. The pre authentication trigger runs
/// here, at the start of the sign-in, before any password is checked.
pub(super) async fn user_srp_auth(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    params: &BTreeMap<String, String>,
    metadata: Option<&BTreeMap<String, String>>,
) -> Result<Value, ApiError> {
    let username = params
        .get("USERNAME")
        .ok_or_else(|| ApiError::missing_parameter("USERNAME"))?;
    let a = client_public_value(
        params
            .get("SRP_A")
            .ok_or_else(|| ApiError::missing_parameter("SRP_A"))?,
    )?;
    let (user, key) = state.read(|db| {
        let user = db
            .pools
            .get(&pool.id)
            .and_then(|p| p.find_user(pool.sign_in(), username))
            .cloned();
        (user, db.user_existence_key.clone())
    });
    pre_authentication(state, pool, client, username, user.as_ref(), metadata).await?;
    let now = state.now();
    let found = user.map(|u| (u.username, u.srp));
    let key = key.ok_or_else(|| ApiError::internal("the user existence key is missing"))?;
    let simulated = || server::simulated_user(key.expose(), &pool.id, username);

    // (who, USER_ID_FOR_SRP, SALT, v)
    let (claimant, user_id, salt, verifier) = match found {
        Some((internal, stored)) => match srp::parse_hex(&stored.verifier) {
            Some(v) if !stored.salt.is_empty() => {
                (Claimant::User(internal.clone()), internal, stored.salt, v)
            }
            // A user with no password (federated): a challenge that fails
            // like a wrong password does.
            _ => (
                Claimant::User(internal.clone()),
                internal,
                simulated().salt,
                server::random_verifier(),
            ),
        },
        None if client.prevent_user_existence_errors => {
            let sim = simulated();
            let v = server::random_verifier();
            (
                Claimant::Simulated {
                    typed: username.clone(),
                    verifier: v.clone(),
                },
                sim.user_id_for_srp,
                sim.salt,
                v,
            )
        }
        None => return Err(ApiError::user_not_found()),
    };

    // The same work for every name, known or not.
    let (b, big_b) = tokio::task::spawn_blocking(move || loop {
        let b = PrivateExponent::random();
        let big_b = server::public_b(&verifier, &b);
        // RFC 5054 §2.5.3: a client aborts when B % N == 0; never send one.
        if big_b != BigUint::default() {
            return (b, big_b);
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("SRP computation failed: {e}")))?;

    let mut secret_block = [0u8; SECRET_BLOCK_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret_block);
    let srp_b = big_b.to_str_radix(16);
    state.srp_challenges().insert(
        server::secret_block_key(&secret_block),
        PendingChallenge {
            pool_id: pool.id.clone(),
            client_id: client.id.clone(),
            claimant,
            user_id_for_srp: user_id.clone(),
            a,
            b,
            big_b,
            expires_at: now + i64::from(client.auth_session_validity_seconds),
        },
        now,
    );
    Ok(json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": salt,
            "SRP_B": srp_b,
            "SECRET_BLOCK": B64.encode(secret_block),
            "USERNAME": user_id,
            "USER_ID_FOR_SRP": user_id,
        },
    }))
}

/// `SRP_A` as a number: hexadecimal, and not 0 modulo N.
fn client_public_value(srp_a: &str) -> Result<BigUint, ApiError> {
    let a = (srp_a.len() <= MAX_SRP_A_CHARS)
        .then(|| srp::parse_hex(srp_a))
        .flatten()
        .ok_or_else(|| {
            ApiError::invalid_parameter(
                "SRP_A must be the client's public value A = g^a mod N as hexadecimal digits \
                 (at most 1024).",
            )
        })?;
    if &a % srp::n() == BigUint::default() {
        return Err(ApiError::invalid_parameter(
            "SRP_A is 0 modulo N, which would let anyone sign in (RFC 5054 §2.5.4); \
             compute A = g^a mod N with a fresh random a.",
        ));
    }
    Ok(a)
}

/// The `ChallengeResponses` of a `PASSWORD_VERIFIER` answer.
struct Claim<'a> {
    username: &'a str,
    secret_block: Vec<u8>,
    signature: Vec<u8>,
    timestamp: timestamp::ClaimTimestamp,
    timestamp_text: &'a str,
}

fn claim(responses: &BTreeMap<String, String>) -> Result<Claim<'_>, ApiError> {
    let get = |name: &str| {
        responses
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| ApiError::missing_parameter(name))
    };
    let username = get("USERNAME")?;
    let secret_block = get("PASSWORD_CLAIM_SECRET_BLOCK")?;
    let signature = get("PASSWORD_CLAIM_SIGNATURE")?;
    let timestamp_text = get("TIMESTAMP")?;
    let timestamp = timestamp::parse(timestamp_text).ok_or_else(|| {
        // AWS's own message for a TIMESTAMP it cannot read.
        ApiError::invalid_parameter(
            "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
        )
    })?;
    Ok(Claim {
        username,
        // Not base64: not a block the emulator issued.
        secret_block: B64.decode(secret_block).map_err(|_| incorrect())?,
        // Not base64: a signature that cannot match.
        signature: B64.decode(signature).unwrap_or_default(),
        timestamp,
        timestamp_text,
    })
}

/// `RespondToAuthChallenge` with `PASSWORD_VERIFIER`.
pub(super) async fn password_verifier(
    state: &AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    responses: &BTreeMap<String, String>,
    metadata: Option<&BTreeMap<String, String>>,
) -> Result<Value, ApiError> {
    let claim = claim(responses)?;
    let now = state.now();
    let challenge = match state
        .srp_challenges()
        .take(&server::secret_block_key(&claim.secret_block), now)
    {
        Taken::Live(c) => *c,
        Taken::Used => {
            return Err(ApiError::not_authorized(
                "Invalid session for the user, session can only be used once.",
            ))
        }
        Taken::Expired => {
            return Err(ApiError::not_authorized(
                "Invalid session for the user, session is expired.",
            ))
        }
        Taken::Unknown => return Err(incorrect()),
    };
    if challenge.pool_id != pool.id || challenge.client_id != client.id {
        return Err(incorrect());
    }
    let skew = claim.timestamp.unix - now;
    if skew.abs() > MAX_CLOCK_SKEW_SECONDS {
        return Err(ApiError::not_authorized(format!(
            "TIMESTAMP {:?} is {} seconds {} the emulator's clock ({:?}); sign the claim with \
             the current time in UTC (at most 5 minutes off).",
            claim.timestamp_text,
            skew.abs(),
            if skew > 0 { "ahead of" } else { "behind" },
            timestamp::format(now),
        )));
    }

    // Whose claim this is, and the verifier to check it with: the stored
    // one as it is now (a password changed since InitiateAuth fails).
    let (username, verifier) = match &challenge.claimant {
        Claimant::User(internal) => {
            let user = state.read(|db| {
                db.pools.get(&pool.id).and_then(|p| {
                    let named = p.find_user(pool.sign_in(), claim.username)?;
                    let own = p.users.get(internal)?;
                    (named.username == own.username).then(|| own.clone())
                })
            });
            let user = user.ok_or_else(incorrect)?;
            if lockout::is_locked(&user.sign_in_failures, now) {
                return Err(locked_out());
            }
            (
                Some(user.username),
                srp::parse_hex(&user.srp.verifier).filter(|_| !user.srp.salt.is_empty()),
            )
        }
        Claimant::Simulated { typed, verifier } => {
            let named = claim.username == challenge.user_id_for_srp
                || claim.username.to_lowercase() == typed.to_lowercase();
            if !named {
                return Err(incorrect());
            }
            (None, Some(verifier.clone()))
        }
    };

    let pool_name = srp::pool_name(&pool.id).to_owned();
    let ok = tokio::task::spawn_blocking(move || {
        // No verifier (a user without a password): the same work against a
        // stand-in, bound to fail.
        let real = verifier.is_some();
        let verifier = verifier.unwrap_or_else(server::random_verifier);
        let u = server::scrambler(&challenge.a, &challenge.big_b);
        // SRP-6a aborts when u == 0 (T. Wu, "SRP Protocol Design",
        // srp.stanford.edu/design.html): S would not depend on v.
        if u == BigUint::default() {
            return false;
        }
        let s = server::premaster_secret(&challenge.a, &verifier, &u, &challenge.b);
        let key = server::session_key(&u, &s);
        let expected = server::claim_signature(
            &key,
            &pool_name,
            &challenge.user_id_for_srp,
            &claim.secret_block,
            // Cognito signs its own rendering of the date (see
            // `srp::timestamp`).
            &claim.timestamp.canonical,
        );
        server::signature_matches(&expected, &claim.signature) && real
    })
    .await
    .map_err(|e| ApiError::internal(format!("SRP computation failed: {e}")))?;

    let Some(username) = username else {
        // A simulated challenge: there is no user to count a failure for.
        return Err(incorrect());
    };
    let next = state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        if !ok {
            return Err(password_rejected(pool_data, &username, now));
        }
        password_verified(pool, client, pool_data, &username, now)
    })??;
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
