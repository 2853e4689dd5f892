//! The PreSignUp rules the configuration can express (`[pools.pre_sign_up]`),
//! standing in for a PreSignUp Lambda trigger. They run for `SignUp` and for
//! a federated user's first sign-in (`PreSignUp_ExternalProvider`).

use crate::config::PoolConfig;

/// Checks `email` against the pool's allowed domains. A rejection is the
/// message Cognito reports for an exception thrown by the trigger
/// (Developer Guide, "Pre sign-up Lambda trigger"): `SignUp` answers it as
/// `UserLambdaValidationException`, the hosted UI as `invalid_request`.
pub fn check(pool: &PoolConfig, email: &str) -> Result<(), String> {
    let allowed = &pool.pre_sign_up.allowed_email_domains;
    let domain = email.rsplit_once('@').map_or("", |(_, d)| d);
    if !allowed.is_empty() && !allowed.iter().any(|d| d.eq_ignore_ascii_case(domain)) {
        return Err(format!(
            "PreSignUp failed with error Email domain {domain} is not allowed."
        ));
    }
    Ok(())
}
