//! The identity-pool JSON API (`cognito-identity`) on the emulator's one
//! endpoint: `POST /` with `X-Amz-Target: AWSCognitoIdentityService.<Op>`
//! and an awsJson1.1 body, answered with the same error shape as the user
//! pool API (API Reference for Amazon Cognito Federated Identities,
//! "GetId", "GetCredentialsForIdentity"; docs/cognito-protocol.md §6).
//! Both operations are public (`smithy.api#noAuth`), as on AWS.
//!
//! [`logins`] verifies the `Logins` map, [`roles`] chooses the IAM role,
//! [`credentials`] makes the temporary credentials.

mod credentials;
mod logins;
mod roles;

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{Input, StringShape, Validator, ARN};
use crate::config::{is_identity_id, IdentityPoolConfig};
use crate::state::AppState;
use crate::store::{Identity, IdentityPoolData, IssuedCredentials};
use logins::VerifiedLogin;

/// The `X-Amz-Target` prefix of the identity-pool API.
pub(super) const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

/// `IdentityPoolId` and `IdentityId`: `[\w-]+:[0-9a-f-]+`, 1..55.
const IDENTITY_ID: StringShape = StringShape {
    min: 1,
    max: 55,
    pattern: Some(("[\\w-]+:[0-9a-f-]+", is_identity_id)),
    sensitive: false,
};

/// `AccountId`: `\d+`, 1..15.
const ACCOUNT_ID: StringShape = StringShape {
    min: 1,
    max: 15,
    pattern: Some(("\\d+", |s| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    })),
    sensitive: false,
};

/// `LoginsMap`: at most 10 entries.
const MAX_LOGINS: usize = 10;

/// Runs `op`, or `None` when the emulator does not serve it.
pub(super) fn dispatch(state: &AppState, op: &str, body: &[u8]) -> Option<Result<Value, ApiError>> {
    let run = match op {
        "GetId" => get_id,
        "GetCredentialsForIdentity" => get_credentials_for_identity,
        _ => return None,
    };
    Some(Input::parse(body).and_then(|input| run(state, &input)))
}

fn identity_pool_not_found(id: &str) -> ApiError {
    ApiError::new(
        "ResourceNotFoundException",
        format!("IdentityPool '{id}' not found."),
    )
}

fn unauthenticated_not_supported() -> ApiError {
    ApiError::not_authorized("Unauthenticated access is not supported for this identity pool.")
}

fn logins_do_not_match() -> ApiError {
    ApiError::not_authorized(
        "Logins don't match. Please include at least one valid login for this identity or \
         identity pool.",
    )
}

/// The `Logins` member, checked against the model.
fn logins_member(v: &mut Validator, input: &Input) -> Result<BTreeMap<String, String>, ApiError> {
    let logins = input.string_map("Logins")?.unwrap_or_default();
    v.map_entries("logins", logins.len(), MAX_LOGINS);
    Ok(logins)
}

/// `GetId`: the identity of the user the `Logins` prove, created on first
/// use and the same ever after; without `Logins`, a new guest identity
/// where the pool allows them.
fn get_id(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let pool_id = v.required(
        "identityPoolId",
        input.string("IdentityPoolId")?,
        &IDENTITY_ID,
    );
    v.optional("accountId", input.string("AccountId")?, &ACCOUNT_ID);
    let logins = logins_member(&mut v, input)?;
    v.finish()?;

    let pool = state
        .config()
        .identity_pool(&pool_id)
        .ok_or_else(|| identity_pool_not_found(&pool_id))?;
    let verified = if logins.is_empty() {
        if !pool.allow_unauthenticated_identities {
            return Err(unauthenticated_not_supported());
        }
        Vec::new()
    } else {
        logins::verify(state, pool, &logins)?
    };
    let now = state.now();
    let identity_id = state.write(|db| {
        let data = db.identity_pools.entry(pool.id.clone()).or_default();
        if verified.is_empty() {
            Ok(new_identity(data, pool, BTreeMap::new(), now))
        } else {
            identity_for_logins(data, pool, &verified, now)
        }
    })??;
    Ok(json!({ "IdentityId": identity_id }))
}

/// The identity the logins are linked to, linking the ones it lacks; a new
/// identity when none is. Logins of two different identities conflict.
fn identity_for_logins(
    data: &mut IdentityPoolData,
    pool: &IdentityPoolConfig,
    verified: &[VerifiedLogin<'_>],
    now: i64,
) -> Result<String, ApiError> {
    let owners: Vec<String> = data
        .identities
        .iter()
        .filter(|(_, identity)| verified.iter().any(|l| l.is_linked_to(identity)))
        .map(|(id, _)| id.clone())
        .collect();
    match owners.as_slice() {
        [] => Ok(new_identity(data, pool, links(verified), now)),
        [id] => {
            let identity = data.identities.get_mut(id).expect("found above");
            link(identity, verified, now)?;
            Ok(id.clone())
        }
        // Not pinned to an AWS message; AWS would need the two identities
        // merged, which the emulator does not do.
        _ => Err(ApiError::new(
            "ResourceConflictException",
            "These logins are linked to different identities of this identity pool.",
        )),
    }
}

fn links(verified: &[VerifiedLogin<'_>]) -> BTreeMap<String, String> {
    verified
        .iter()
        .map(|l| (l.provider_name.clone(), l.sub.clone()))
        .collect()
}

/// Links the logins `identity` lacks. A provider already linked with
/// another user is a conflict.
fn link(identity: &mut Identity, verified: &[VerifiedLogin<'_>], now: i64) -> Result<(), ApiError> {
    for login in verified {
        match identity.logins.get(&login.provider_name) {
            Some(sub) if *sub != login.sub => return Err(logins_do_not_match()),
            Some(_) => {}
            None => {
                identity
                    .logins
                    .insert(login.provider_name.clone(), login.sub.clone());
                identity.updated_at = now;
            }
        }
    }
    Ok(())
}

/// A new identity `<region>:<uuid>` (API Reference, `IdentityId`).
fn new_identity(
    data: &mut IdentityPoolData,
    pool: &IdentityPoolConfig,
    logins: BTreeMap<String, String>,
    now: i64,
) -> String {
    let id = format!("{}:{}", pool.region(), uuid::Uuid::new_v4());
    data.identities.insert(
        id.clone(),
        Identity {
            logins,
            created_at: now,
            updated_at: now,
            last_credentials: None,
        },
    );
    id
}

/// `GetCredentialsForIdentity`: temporary credentials for an identity.
/// An authenticated identity must present one of its logins again; a
/// guest identity presents none, and only where the pool allows guests.
fn get_credentials_for_identity(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let identity_id = v.required("identityId", input.string("IdentityId")?, &IDENTITY_ID);
    let logins = logins_member(&mut v, input)?;
    let custom_role_arn = v.optional("customRoleArn", input.string("CustomRoleArn")?, &ARN);
    v.finish()?;

    let not_found = || {
        ApiError::new(
            "ResourceNotFoundException",
            format!("Identity '{identity_id}' not found."),
        )
    };
    let (pool_id, identity) = state
        .read(|db| {
            db.identity_pools.iter().find_map(|(pool_id, data)| {
                let identity = data.identities.get(&identity_id)?;
                Some((pool_id.clone(), identity.clone()))
            })
        })
        .ok_or_else(not_found)?;
    let pool = state
        .config()
        .identity_pool(&pool_id)
        .ok_or_else(|| identity_pool_not_found(&pool_id))?;

    let (role_arn, newly_linked) = if logins.is_empty() {
        if identity.is_authenticated() {
            // An identity never goes back to being a guest.
            return Err(ApiError::not_authorized(format!(
                "Access to Identity '{identity_id}' is forbidden."
            )));
        }
        if !pool.allow_unauthenticated_identities {
            return Err(unauthenticated_not_supported());
        }
        let role = pool
            .unauthenticated_role_arn
            .clone()
            .ok_or_else(roles::invalid_configuration)?;
        (role, Vec::new())
    } else {
        let verified = logins::verify(state, pool, &logins)?;
        if identity.is_authenticated() {
            let login = verified
                .iter()
                .find(|l| l.is_linked_to(&identity))
                .ok_or_else(logins_do_not_match)?;
            let role = roles::authenticated_role(pool, login, custom_role_arn.as_deref())?;
            (role, Vec::new())
        } else {
            // A guest who signs in keeps the guest identity, now linked to
            // the login (Developer Guide, "Switching unauthenticated users
            // to authenticated users"). Where the user already has another
            // identity, AWS merges the two; the emulator does not, and
            // refuses instead (below): `GetId` with the logins finds it.
            let role = roles::authenticated_role(pool, &verified[0], custom_role_arn.as_deref())?;
            (role, verified)
        }
    };

    let now = state.now();
    let issued = credentials::issue(now, pool.credentials_validity_seconds);
    state.write(|db| {
        let data = db.identity_pools.entry(pool.id.clone()).or_default();
        if !newly_linked.is_empty() {
            let taken = data.identities.iter().any(|(id, other)| {
                *id != identity_id && newly_linked.iter().any(|l| l.is_linked_to(other))
            });
            if taken {
                return Err(logins_do_not_match());
            }
        }
        let stored = data
            .identities
            .get_mut(&identity_id)
            .ok_or_else(not_found)?;
        link(stored, &newly_linked, now)?;
        stored.last_credentials = Some(IssuedCredentials {
            access_key_id: issued.access_key_id.clone(),
            role_arn: role_arn.clone(),
            issued_at: now,
            expiration: issued.expiration,
        });
        Ok(())
    })??;
    Ok(json!({
        "IdentityId": identity_id,
        "Credentials": issued.to_json(),
    }))
}
