//! Identity pools (`cognito-identity`): `CreateIdentityPool` and
//! `SetIdentityPoolRoles` as configuration, in snake_case (API Reference
//! for Amazon Cognito Federated Identities, "IdentityPool",
//! "CognitoIdentityProvider", "RoleMapping").
//!
//! This module knows nothing of the user pools it links to: the caller
//! hands [`validate`] what it needs of them, so the configuration's modules
//! import in one direction only.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// One identity pool.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityPoolConfig {
    /// `IdentityPoolId`: `<region>:<uuid>`, e.g.
    /// `ap-northeast-1:00000000-0000-4000-8000-000000000001`.
    pub id: String,
    /// `IdentityPoolName`: 1..128 of `[\w\s+=,.@-]`.
    pub name: String,
    /// `AllowUnauthenticatedIdentities`: whether `GetId` without `Logins`
    /// makes guest identities (and their credentials use
    /// `unauthenticated_role_arn`).
    #[serde(default)]
    pub allow_unauthenticated_identities: bool,
    /// `CognitoIdentityProviders`: the user pools (and app clients of
    /// theirs) whose ID tokens this identity pool accepts in `Logins`.
    #[serde(default)]
    pub cognito_identity_providers: Vec<CognitoIdentityProviderConfig>,
    /// `Roles["authenticated"]` (`SetIdentityPoolRoles`): the role of
    /// signed-in users unless a role mapping picks another. Without it,
    /// `GetCredentialsForIdentity` answers
    /// `InvalidIdentityPoolConfigurationException`, as AWS does.
    #[serde(default)]
    pub authenticated_role_arn: Option<String>,
    /// `Roles["unauthenticated"]`: the role of guest identities.
    #[serde(default)]
    pub unauthenticated_role_arn: Option<String>,
    /// How long the credentials of `GetCredentialsForIdentity` last, in
    /// seconds (their `Expiration` is this far ahead). AWS has no such
    /// setting: credentials of the enhanced flow last one hour, the default
    /// here. Emulator-only, so tests can watch them expire:
    /// [`CREDENTIALS_VALIDITY_RANGE`] (the upper end is the 12 hours STS
    /// allows a role session in the basic flow).
    #[serde(default = "one_hour")]
    pub credentials_validity_seconds: u32,
}

/// The credentials' lifetime AWS gives (the enhanced flow): one hour.
pub const DEFAULT_CREDENTIALS_VALIDITY_SECONDS: u32 = 3600;

/// The `credentials_validity_seconds` the emulator accepts.
pub const CREDENTIALS_VALIDITY_RANGE: std::ops::RangeInclusive<u32> = 10..=43_200;

fn one_hour() -> u32 {
    DEFAULT_CREDENTIALS_VALIDITY_SECONDS
}

impl IdentityPoolConfig {
    /// The region part of the id (before the `:`).
    pub fn region(&self) -> &str {
        self.id.split(':').next().unwrap_or_default()
    }

    /// The provider entry for ID tokens of `provider_name` issued to
    /// `client_id`.
    pub fn provider(
        &self,
        provider_name: &str,
        client_id: &str,
    ) -> Option<&CognitoIdentityProviderConfig> {
        self.cognito_identity_providers
            .iter()
            .find(|p| p.provider_name == provider_name && p.client_id == client_id)
    }

    /// Whether any entry names `provider_name`.
    pub fn accepts_provider(&self, provider_name: &str) -> bool {
        self.cognito_identity_providers
            .iter()
            .any(|p| p.provider_name == provider_name)
    }
}

/// `CognitoIdentityProvider`: a user pool and one of its app clients.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CognitoIdentityProviderConfig {
    /// `ProviderName`: `cognito-idp.<region>.amazonaws.com/<userPoolId>`,
    /// the key of the `Logins` map (see [`cognito_provider_name`]).
    pub provider_name: String,
    /// `ClientId`: an app client of that user pool; ID tokens must carry it
    /// as `aud`.
    pub client_id: String,
    /// `RoleMappings["<provider_name>:<client_id>"]`: how the role of this
    /// provider's users is chosen. Without it they get
    /// `authenticated_role_arn`.
    #[serde(default)]
    pub role_mapping: Option<RoleMappingConfig>,
}

/// `RoleMapping` (API Reference, "RoleMapping").
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleMappingConfig {
    /// `Type`: `Token` uses the ID token's `cognito:preferred_role` and
    /// `cognito:roles` (the roles of the user's groups). `Rules` is not
    /// implemented by the emulator.
    #[serde(rename = "type")]
    pub mapping_type: RoleMappingType,
    /// `AmbiguousRoleResolution`: what happens when the token has several
    /// `cognito:roles` and no `cognito:preferred_role`. Required with
    /// `Token`, as on AWS.
    pub ambiguous_role_resolution: AmbiguousRoleResolution,
}

/// `RoleMapping.Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleMappingType {
    /// `Token`: the role comes from the ID token's `cognito:preferred_role`
    /// or `cognito:roles`.
    Token,
    /// `Rules`: roles from rules matched against claims; refused by the
    /// emulator.
    Rules,
}

/// `RoleMapping.AmbiguousRoleResolution`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AmbiguousRoleResolution {
    /// Fall back to the identity pool's authenticated role.
    AuthenticatedRole,
    /// Refuse the credentials.
    Deny,
}

/// The identity-pool provider name of a user pool,
/// `cognito-idp.<region>.amazonaws.com/<userPoolId>` (Developer Guide,
/// "Using identity pools with user pools"): the ID token's `iss` on AWS
/// without `https://`. The region is the pool id's part before `_`.
pub fn cognito_provider_name(user_pool_id: &str) -> String {
    let region = user_pool_id.split('_').next().unwrap_or_default();
    format!("cognito-idp.{region}.amazonaws.com/{user_pool_id}")
}

/// `IdentityPoolId` and `IdentityId`: `[\w-]+:[0-9a-f-]+`, 1..55
/// characters.
pub fn is_identity_id(id: &str) -> bool {
    let Some((region, rest)) = id.split_once(':') else {
        return false;
    };
    id.len() <= 55
        && !region.is_empty()
        && !rest.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c) || c == '-')
}

/// `IdentityPoolName`: `[\w\s+=,.@-]+`, 1..128 characters.
fn is_identity_pool_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 128
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c))
}

/// Checks the identity pools against Cognito's rules and the user pools
/// they name: `user_pools` maps each configured user pool id to its app
/// client ids; `is_role_arn` is the configuration's role ARN check.
pub(super) fn validate(
    identity_pools: &[IdentityPoolConfig],
    user_pools: &BTreeMap<&str, Vec<&str>>,
    is_role_arn: fn(&str) -> bool,
) -> Result<(), String> {
    let mut ids = BTreeSet::new();
    for pool in identity_pools {
        let id = &pool.id;
        if !is_identity_id(id) {
            return Err(format!(
                "identity pool id {id:?} is not of the form <region>:<uuid> \
                 (e.g. \"ap-northeast-1:00000000-0000-4000-8000-000000000001\", lower-case hex)"
            ));
        }
        if !ids.insert(id) {
            return Err(format!("identity pool id {id:?} is used twice"));
        }
        if !is_identity_pool_name(&pool.name) {
            return Err(format!(
                "identity pool {id}: name {:?} must be 1..128 letters, digits, spaces or +=,.@-_",
                pool.name
            ));
        }
        let validity = pool.credentials_validity_seconds;
        if !CREDENTIALS_VALIDITY_RANGE.contains(&validity) {
            return Err(format!(
                "identity pool {id}: credentials_validity_seconds = {validity} is outside \
                 {}..={} seconds (AWS's credentials last 3600; other values are for emulator \
                 tests only)",
                CREDENTIALS_VALIDITY_RANGE.start(),
                CREDENTIALS_VALIDITY_RANGE.end()
            ));
        }
        for (what, arn) in [
            ("authenticated_role_arn", &pool.authenticated_role_arn),
            ("unauthenticated_role_arn", &pool.unauthenticated_role_arn),
        ] {
            if let Some(arn) = arn {
                if !is_role_arn(arn) {
                    return Err(format!(
                        "identity pool {id}: {what} {arn:?} is not an IAM role ARN such as \
                         \"arn:aws:iam::123456789012:role/Authenticated\""
                    ));
                }
            }
        }
        let mut entries = BTreeSet::new();
        for provider in &pool.cognito_identity_providers {
            validate_provider(id, provider, user_pools)?;
            if !entries.insert((&provider.provider_name, &provider.client_id)) {
                return Err(format!(
                    "identity pool {id}: provider {} with client {} is configured twice",
                    provider.provider_name, provider.client_id
                ));
            }
        }
    }
    Ok(())
}

fn validate_provider(
    id: &str,
    provider: &CognitoIdentityProviderConfig,
    user_pools: &BTreeMap<&str, Vec<&str>>,
) -> Result<(), String> {
    let name = &provider.provider_name;
    let Some((pool_id, clients)) = user_pools
        .iter()
        .find(|(pool_id, _)| cognito_provider_name(pool_id) == *name)
    else {
        let known: Vec<String> = user_pools
            .keys()
            .map(|p| cognito_provider_name(p))
            .collect();
        return Err(format!(
            "identity pool {id}: provider_name {name:?} is not one of the configured user pools; \
             use one of {known:?}"
        ));
    };
    if !clients.contains(&provider.client_id.as_str()) {
        return Err(format!(
            "identity pool {id}: client_id {:?} is not an app client of user pool {pool_id}; \
             use one of {clients:?}",
            provider.client_id
        ));
    }
    if let Some(mapping) = &provider.role_mapping {
        if mapping.mapping_type == RoleMappingType::Rules {
            return Err(format!(
                "identity pool {id}: provider {name}: role_mapping type \"Rules\" is not \
                 supported by the emulator; use \"Token\" (the roles of the user's groups) or \
                 remove role_mapping for the authenticated role"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_ids_follow_the_model_pattern() {
        assert!(is_identity_id(
            "ap-northeast-1:00000000-0000-4000-8000-000000000001"
        ));
        for bad in [
            "ap-northeast-1",
            ":abc",
            "us-east-1:",
            "us-east-1:ABCDEF",
            "us east:abc",
            &format!("us-east-1:{}", "a".repeat(50)),
        ] {
            assert!(!is_identity_id(bad), "{bad}");
        }
        assert_eq!(
            cognito_provider_name("ap-northeast-1_Local"),
            "cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Local"
        );
        assert!(is_identity_pool_name("Local identities, v2"));
        assert!(!is_identity_pool_name("no/slash"));
    }
}
