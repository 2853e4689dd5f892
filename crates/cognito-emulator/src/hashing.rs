//! What is stored instead of secrets.
//!
//! Passwords: Argon2id (RFC 9106) with the `argon2` crate's defaults (19 MiB,
//! 2 passes, 1 lane — the OWASP Password Storage Cheat Sheet's first
//! recommendation), as a PHC string. Random tokens the emulator hands out
//! (refresh tokens, challenge sessions): their SHA-256, which is enough for
//! values of 256 bits or more of CSPRNG output, where no guessing helps.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};

use crate::metrics::Span;

/// SHA-256 of a random token, lower-case hex: the key it is stored under.
pub fn sha256_hex(token: &str) -> String {
    format!("{:x}", Sha256::digest(token.as_bytes()))
}

/// An Argon2id PHC string for `password`, with a fresh salt (what
/// [`crate::store::User::password_hash`] stores). Slow on purpose: call it
/// from a blocking thread (`spawn_blocking`); it waits for a free core.
pub fn hash_password(password: &str) -> String {
    crate::work::cpu_bound(|| {
        crate::metrics::time(Span::PasswordHash, || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .expect("Argon2 with default parameters cannot fail")
                .to_string()
        })
    })
}

/// Whether `password` matches the PHC string `phc` (false for a malformed
/// one). From a blocking thread, as [`hash_password`].
pub fn verify_password(phc: &str, password: &str) -> bool {
    crate::work::cpu_bound(|| {
        crate::metrics::time(Span::PasswordVerify, || {
            PasswordHash::new(phc)
                .map(|hash| {
                    Argon2::default()
                        .verify_password(password.as_bytes(), &hash)
                        .is_ok()
                })
                .unwrap_or(false)
        })
    })
}

/// Spends the same work as a real check when the user does not exist, so
/// response time does not reveal which e-mail addresses have accounts
/// (the point of PreventUserExistenceErrors).
pub fn burn_equivalent_time(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash_password("not-a-real-password"));
    let _ = verify_password(phc, password);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verifiable() {
        let a = hash_password("Correct-Horse-9");
        let b = hash_password("Correct-Horse-9");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify_password(&a, "Correct-Horse-9"));
        assert!(!verify_password(&a, "Correct-Horse-8"));
        assert!(!verify_password("garbage", "x"));
    }

    #[test]
    fn sha256_hex_matches_fips_180_2() {
        // FIPS 180-2 Appendix B.1.
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
