//! Which IAM role an authenticated identity's credentials are for
//! (Developer Guide, "Using role-based access control"; API Reference,
//! "RoleMapping"): the identity pool's authenticated role, or, with a
//! `Token` role mapping, the role the ID token names through the user's
//! groups — `cognito:preferred_role`, else the only entry of
//! `cognito:roles`; with several and none preferred,
//! `AmbiguousRoleResolution` decides.

use super::super::error::ApiError;
use super::logins::VerifiedLogin;
use crate::config::{AmbiguousRoleResolution, IdentityPoolConfig, RoleMappingType};

/// No role is configured for the case at hand (API Reference,
/// `InvalidIdentityPoolConfigurationException`).
pub(super) fn invalid_configuration() -> ApiError {
    ApiError::new(
        "InvalidIdentityPoolConfigurationException",
        "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
    )
}

/// The role for `login`'s user. `CustomRoleArn` picks among the roles the
/// token offers (`cognito:roles` under a `Token` mapping, else only the
/// default role).
pub(super) fn authenticated_role(
    pool: &IdentityPoolConfig,
    login: &VerifiedLogin<'_>,
    custom_role_arn: Option<&str>,
) -> Result<String, ApiError> {
    let default = || {
        pool.authenticated_role_arn
            .clone()
            .ok_or_else(invalid_configuration)
    };
    let token_mapping = login
        .provider
        .role_mapping
        .as_ref()
        .filter(|m| m.mapping_type == RoleMappingType::Token);
    let Some(mapping) = token_mapping else {
        let role = default()?;
        return match custom_role_arn {
            Some(custom) if custom != role => Err(custom_role_refused(custom)),
            _ => Ok(role),
        };
    };
    if let Some(custom) = custom_role_arn {
        return if login.roles.iter().any(|r| r == custom) {
            Ok(custom.to_owned())
        } else {
            Err(custom_role_refused(custom))
        };
    }
    if let Some(preferred) = &login.preferred_role {
        return Ok(preferred.clone());
    }
    match login.roles.as_slice() {
        // A user in no group with a role gets the default role.
        [] => default(),
        [only] => Ok(only.clone()),
        _ => match mapping.ambiguous_role_resolution {
            AmbiguousRoleResolution::AuthenticatedRole => default(),
            // AWS's wording for this refusal is not pinned.
            AmbiguousRoleResolution::Deny => Err(ApiError::not_authorized(
                "Ambiguous role mapping: the token has several cognito:roles and no \
                 cognito:preferred_role, and AmbiguousRoleResolution is Deny.",
            )),
        },
    }
}

/// AWS's wording for an unusable `CustomRoleArn` is not pinned.
fn custom_role_refused(arn: &str) -> ApiError {
    ApiError::not_authorized(format!(
        "CustomRoleArn {arn} is not a role this identity may assume."
    ))
}
