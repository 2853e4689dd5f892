//! What is stored when a password is set: an Argon2id hash for
//! `USER_PASSWORD_AUTH` and a salt and verifier for `USER_SRP_AUTH`. Every
//! operation that sets a password (sign-up, and any later change) stores
//! both through [`stored_password`], so the two flows never disagree.

use super::error::ApiError;
use crate::store::SrpVerifier;
use crate::{hashing, srp};

/// The Argon2id PHC string and SRP verifier for `password`, computed off the
/// async workers (both are deliberately slow or big-number work).
/// `username` is the internal username (USER_ID_FOR_SRP).
pub(super) async fn stored_password(
    user_pool_id: &str,
    username: &str,
    password: &str,
) -> Result<(String, SrpVerifier), ApiError> {
    let (pool_id, username, password) = (
        user_pool_id.to_owned(),
        username.to_owned(),
        password.to_owned(),
    );
    tokio::task::spawn_blocking(move || {
        let (salt, verifier) = srp::new_salt_and_verifier(&pool_id, &username, &password);
        (
            hashing::hash_password(&password),
            SrpVerifier { salt, verifier },
        )
    })
    .await
    .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))
}
