//! The `Logins` map of `GetId` and `GetCredentialsForIdentity`: each key
//! names a user pool, each value is one of its ID tokens, verified as an
//! identity pool does (Developer Guide, "Using identity pools with user
//! pools"; docs/cognito-protocol.md §6).
//!
//! A key is `cognito-idp.<region>.amazonaws.com/<userPoolId>`, as on AWS
//! (the emulator stands in for that host), or the emulator's own issuer
//! without its scheme (`127.0.0.1:9229/<userPoolId>`), which is what a
//! client that derives the key from the token's `iss` arrives at.

use std::collections::BTreeMap;

use super::super::error::ApiError;
use crate::config::{cognito_provider_name, CognitoIdentityProviderConfig, IdentityPoolConfig};
use crate::jwt_check::{self, Failure, TokenUse};
use crate::state::AppState;
use crate::store::Identity;

/// A login that passed every check.
#[derive(Clone)]
pub(super) struct VerifiedLogin<'a> {
    /// `cognito-idp.<region>.amazonaws.com/<userPoolId>`, whichever form
    /// the key had.
    pub provider_name: String,
    /// The user's `sub`: what the identity is keyed by.
    pub sub: String,
    /// The identity pool's entry for the provider and the token's client.
    pub provider: &'a CognitoIdentityProviderConfig,
    /// `cognito:roles` of the token.
    pub roles: Vec<String>,
    /// `cognito:preferred_role` of the token.
    pub preferred_role: Option<String>,
}

impl VerifiedLogin<'_> {
    /// Whether `identity` has this login linked.
    pub fn is_linked_to(&self, identity: &Identity) -> bool {
        identity.logins.get(&self.provider_name) == Some(&self.sub)
    }
}

/// Messages as AWS words them (public client code and GitHub threads:
/// amazon-archives/amazon-cognito-identity-js#7, #12, #40, #91).
fn invalid_token(detail: &str) -> ApiError {
    ApiError::not_authorized(format!("Invalid login token. {detail}"))
}

fn unsupported_provider() -> ApiError {
    ApiError::not_authorized("Token is not from a supported provider of this identity pool.")
}

/// Verifies every login; the result is sorted by provider name, one entry
/// per provider.
pub(super) fn verify<'a>(
    state: &AppState,
    pool: &'a IdentityPoolConfig,
    logins: &BTreeMap<String, String>,
) -> Result<Vec<VerifiedLogin<'a>>, ApiError> {
    let mut verified: BTreeMap<String, VerifiedLogin<'a>> = BTreeMap::new();
    for (key, token) in logins {
        let login = verify_one(state, pool, key, token)?;
        match verified.get(&login.provider_name) {
            // The same provider under both key forms: the same user, or
            // the logins contradict each other.
            Some(seen) if seen.sub != login.sub => {
                return Err(ApiError::not_authorized(
                    "Logins don't match. Please include at least one valid login for this \
                     identity or identity pool.",
                ))
            }
            Some(_) => {}
            None => {
                verified.insert(login.provider_name.clone(), login);
            }
        }
    }
    Ok(verified.into_values().collect())
}

fn verify_one<'a>(
    state: &AppState,
    pool: &'a IdentityPoolConfig,
    key: &str,
    token: &str,
) -> Result<VerifiedLogin<'a>, ApiError> {
    let user_pool = state
        .config()
        .pools
        .iter()
        .find(|p| key == cognito_provider_name(&p.id) || key == issuer_host_path(state, &p.id))
        .ok_or_else(unsupported_provider)?;
    let provider_name = cognito_provider_name(&user_pool.id);
    if !pool.accepts_provider(&provider_name) {
        return Err(unsupported_provider());
    }
    let checked = jwt_check::verify(state, token, Some(&user_pool.id)).map_err(|f| match f {
        Failure::Malformed => invalid_token("Not a valid OpenId Connect identity token."),
        Failure::WrongIssuer => invalid_token("Issuer doesn't match providerName"),
        Failure::BadSignature => invalid_token("Couldn't verify signed token."),
        // Access tokens have no `aud`, which is how AWS words refusing one.
        Failure::WrongTokenUse | Failure::MissingClient => {
            invalid_token("Missing a required claim: aud")
        }
        Failure::UnknownClient => unsupported_provider(),
        Failure::Expired { now, exp } => invalid_token(&format!("Token expired: {now} >= {exp}")),
    })?;
    if checked.token_use != TokenUse::Id {
        return Err(invalid_token("Missing a required claim: aud"));
    }
    let provider = pool
        .provider(&provider_name, &checked.client_id)
        .ok_or_else(unsupported_provider)?;
    let sub = checked
        .claim("sub")
        .ok_or_else(|| invalid_token("Missing a required claim: sub"))?
        .to_owned();
    Ok(VerifiedLogin {
        provider_name,
        sub,
        provider,
        roles: checked.claim_list("cognito:roles"),
        preferred_role: checked.claim("cognito:preferred_role").map(str::to_owned),
    })
}

/// The pool's issuer without its scheme: `127.0.0.1:9229/<userPoolId>`.
fn issuer_host_path(state: &AppState, user_pool_id: &str) -> String {
    let issuer = state.issuer(user_pool_id);
    issuer
        .split_once("://")
        .map_or(issuer.clone(), |(_, rest)| rest.to_owned())
}
