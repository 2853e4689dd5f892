//! What is stored for a password, wherever one is set (`SignUp`,
//! `AdminCreateUser`, `AdminSetUserPassword`, `NEW_PASSWORD_REQUIRED`,
//! `ConfirmForgotPassword`, `ChangePassword`, seed users): the Argon2id hash
//! for `USER_PASSWORD_AUTH` and a fresh SRP salt and verifier for
//! `USER_SRP_AUTH`, so both flows always accept the same password.

use crate::store::SrpVerifier;
use crate::{hashing, srp};

/// The stored forms of a new password.
pub(crate) struct PasswordSecrets {
    /// Argon2id PHC string.
    pub hash: String,
    pub srp: SrpVerifier,
}

/// Hashes `password` for the user whose `USER_ID_FOR_SRP` (internal
/// username) is `user_id` in `pool_id`. CPU-bound (Argon2 and a 3072-bit
/// modular exponentiation): call it off the async workers, e.g. with
/// [`password_secrets_blocking`].
pub(crate) fn password_secrets(pool_id: &str, user_id: &str, password: &str) -> PasswordSecrets {
    let (salt, verifier) = srp::new_salt_and_verifier(pool_id, user_id, password);
    PasswordSecrets {
        hash: hashing::hash_password(password),
        srp: SrpVerifier { salt, verifier },
    }
}

/// [`password_secrets`] on the blocking thread pool.
pub(crate) async fn password_secrets_blocking(
    pool_id: &str,
    user_id: &str,
    password: &str,
) -> Result<PasswordSecrets, tokio::task::JoinError> {
    let (pool_id, user_id, password) =
        (pool_id.to_owned(), user_id.to_owned(), password.to_owned());
    tokio::task::spawn_blocking(move || password_secrets(&pool_id, &user_id, &password)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_and_the_verifier_both_stand_for_the_password() {
        let s = password_secrets("ap-northeast-1_Local", "user-1", "Correct-Horse-9");
        assert!(hashing::verify_password(&s.hash, "Correct-Horse-9"));
        assert_eq!(
            s.srp.verifier,
            srp::verifier(&s.srp.salt, "Local", "user-1", "Correct-Horse-9").to_str_radix(16)
        );
        let again = password_secrets("ap-northeast-1_Local", "user-1", "Correct-Horse-9");
        assert_ne!(
            s.srp.salt, again.srp.salt,
            "every password set gets a fresh salt"
        );
    }
}
