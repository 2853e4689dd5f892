//! The server's half of a `USER_SRP_AUTH` sign-in: SRP-6a as RFC 5054 §2.5
//! and §2.6 describe it, with Cognito's `k`, padding and key derivation (the
//! client side of the same computation is in amplify-js
//! `providers/cognito/utils/srp/` and pycognito `aws_srp.py`):
//!
//! ```text
//! B = (k·v + g^b) mod N                      sent as SRP_B
//! u = H(PAD(A) || PAD(B))                    refused when 0
//! S = (A · v^u)^b mod N
//! key = HKDF-SHA-256(salt = PAD(u), IKM = PAD(S), info = "Caldera Derived Key")[..16]
//! PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA-256(key, poolName || USER_ID_FOR_SRP || SECRET_BLOCK || TIMESTAMP))
//! ```
//!
//! Nothing here touches state: the API layer keeps `A`, `b` and `B` between
//! the two requests (see [`super::pending`]).

use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{bytes_to_hex, g, hex_hash, hex_to_bytes, k, n, pad_hex};

type HmacSha256 = Hmac<Sha256>;

/// Bytes of the server's private exponent `b`: 256 bits, what RFC 5054
/// §2.5.3 asks for ("at least 256 bits") and what NIST SP 800-57 Part 1
/// (Table 2) pairs with a 3072-bit group for 128-bit security.
pub const PRIVATE_EXPONENT_BYTES: usize = 32;

/// The HKDF `info` every Cognito client uses.
const HKDF_INFO: &[u8] = b"Caldera Derived Key";

/// The server's private exponent `b`. `Debug` is redacted: anyone who knows
/// it could finish the sign-in in the user's place.
#[derive(Clone)]
pub struct PrivateExponent(BigUint);

impl PrivateExponent {
    /// A fresh `b` from the OS RNG, never zero.
    pub fn random() -> PrivateExponent {
        let mut bytes = [0u8; PRIVATE_EXPONENT_BYTES];
        loop {
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let b = BigUint::from_bytes_be(&bytes);
            if b != BigUint::default() {
                return PrivateExponent(b);
            }
        }
    }

    /// A given `b`, for known-answer tests.
    pub fn from_hex(hex: &str) -> Option<PrivateExponent> {
        super::parse_hex(hex).map(PrivateExponent)
    }
}

impl std::fmt::Debug for PrivateExponent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateExponent(<redacted>)")
    }
}

/// `B = (k·v + g^b) mod N` (RFC 5054 §2.5.3, with Cognito's `k`).
pub fn public_b(verifier: &BigUint, b: &PrivateExponent) -> BigUint {
    let n = n();
    (k() * verifier % n + g().modpow(&b.0, n)) % n
}

/// The scrambling parameter `u = H(PAD(A) || PAD(B))`, Cognito's padding.
pub fn scrambler(a: &BigUint, big_b: &BigUint) -> BigUint {
    let hex = format!("{}{}", pad_hex(a), pad_hex(big_b));
    BigUint::from_bytes_be(&hex_hash(&hex))
}

/// The premaster secret `S = (A · v^u)^b mod N` (RFC 5054 §2.6).
pub fn premaster_secret(
    a: &BigUint,
    verifier: &BigUint,
    u: &BigUint,
    b: &PrivateExponent,
) -> BigUint {
    let n = n();
    (a * verifier.modpow(u, n) % n).modpow(&b.0, n)
}

/// The 16-byte session key: HKDF-SHA-256 (RFC 5869) with `PAD(u)` as salt,
/// `PAD(S)` as input key material and "Caldera Derived Key" as info. One
/// output block is enough for 16 bytes, so expansion is a single HMAC.
pub fn session_key(u: &BigUint, s: &BigUint) -> [u8; 16] {
    let mut extract = HmacSha256::new_from_slice(&hex_to_bytes(&pad_hex(u)))
        .expect("HMAC takes keys of any length");
    extract.update(&hex_to_bytes(&pad_hex(s)));
    let prk = extract.finalize().into_bytes();
    let mut expand = HmacSha256::new_from_slice(&prk).expect("HMAC takes keys of any length");
    expand.update(HKDF_INFO);
    expand.update(&[1]);
    let okm = expand.finalize().into_bytes();
    let mut key = [0u8; 16];
    key.copy_from_slice(&okm[..16]);
    key
}

/// The expected `PASSWORD_CLAIM_SIGNATURE` (before base64):
/// HMAC-SHA-256 under the session key over the pool name (the part of the
/// pool id after `_`), USER_ID_FOR_SRP, the SECRET_BLOCK's bytes and the
/// TIMESTAMP.
pub fn claim_signature(
    key: &[u8; 16],
    pool_name: &str,
    user_id_for_srp: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(pool_name.as_bytes());
    mac.update(user_id_for_srp.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_bytes());
    mac.finalize().into_bytes().into()
}

/// Compares a claimed signature with the expected one in constant time.
pub fn signature_matches(expected: &[u8; 32], claimed: &[u8]) -> bool {
    bool::from(expected.as_slice().ct_eq(claimed))
}

/// A number below `N` from the OS RNG: the stand-in verifier of a challenge
/// that must fail (an unknown user, a user without a password).
pub fn random_verifier() -> BigUint {
    // 64 bits more than N, so the reduction's bias is negligible.
    let mut bytes = [0u8; 384 + 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    BigUint::from_bytes_be(&bytes) % n()
}

/// What an unknown user's simulated challenge shows: the same salt and
/// USER_ID_FOR_SRP every time for a name, so that asking twice does not
/// tell a real user from a made-up one (Developer Guide, "Managing user
/// existence error responses"; RFC 5054 §2.5.1.3 does the same).
pub struct SimulatedUser {
    /// 16 bytes, lowercase hex, first byte not zero (like [`super::new_salt`]).
    pub salt: String,
    /// UUID-shaped, like the internal username of a pool that signs in by
    /// e-mail.
    pub user_id_for_srp: String,
}

/// Derives the simulated salt and user id from the emulator's secret `key`,
/// the pool and the name as typed (case-insensitively, as names are found).
pub fn simulated_user(key: &[u8], user_pool_id: &str, username: &str) -> SimulatedUser {
    let derive = |label: &str| -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
        // Length-prefixed fields, so no two inputs run together.
        for field in [label, user_pool_id, &username.to_lowercase()] {
            mac.update(&(field.len() as u64).to_be_bytes());
            mac.update(field.as_bytes());
        }
        mac.finalize().into_bytes().into()
    };
    let mut salt = derive("salt");
    if salt[0] == 0 {
        salt[0] = 1;
    }
    let id = derive("user-id");
    let mut uuid_bytes = [0u8; 16];
    uuid_bytes.copy_from_slice(&id[..16]);
    SimulatedUser {
        salt: bytes_to_hex(&salt[..16]),
        user_id_for_srp: uuid::Builder::from_random_bytes(uuid_bytes)
            .into_uuid()
            .to_string(),
    }
}

/// SHA-256 of a SECRET_BLOCK's bytes: the key its challenge is kept under.
pub fn secret_block_key(secret_block: &[u8]) -> [u8; 32] {
    Sha256::digest(secret_block).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_exponents_are_random_and_redacted() {
        let b1 = PrivateExponent::random();
        let b2 = PrivateExponent::random();
        assert_ne!(b1.0, b2.0);
        assert!(b1.0.bits() <= 256);
        assert_eq!(format!("{b1:?}"), "PrivateExponent(<redacted>)");
    }

    #[test]
    fn simulated_users_are_stable_per_name_and_differ_between_names() {
        let key = [7u8; 32];
        let a = simulated_user(&key, "ap-northeast-1_Local", "Nobody@Example.com");
        let b = simulated_user(&key, "ap-northeast-1_Local", "nobody@example.com");
        assert_eq!((&a.salt, &a.user_id_for_srp), (&b.salt, &b.user_id_for_srp));
        let c = simulated_user(&key, "ap-northeast-1_Local", "other@example.com");
        assert_ne!(a.salt, c.salt);
        assert_ne!(a.user_id_for_srp, c.user_id_for_srp);
        let d = simulated_user(&[8u8; 32], "ap-northeast-1_Local", "nobody@example.com");
        assert_ne!(a.user_id_for_srp, d.user_id_for_srp);
        assert_eq!(a.salt.len(), 32);
        assert_ne!(&a.salt[..2], "00");
        let uuid = uuid::Uuid::parse_str(&a.user_id_for_srp).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
    }

    #[test]
    fn random_verifiers_are_below_n() {
        for _ in 0..8 {
            assert!(&random_verifier() < n());
        }
    }
}
