//! Cognito's flavour of SRP-6a: the group, the hashing helpers and the
//! password verifier stored at sign-up: SRP-6a (RFC 5054) over the RFC 3526
//! 3072-bit group, with the padding, `k` and `x` of the clients Cognito
//! works with (amplify-js `providers/cognito/utils/srp/`, pycognito
//! `aws_srp.py`).
//!
//! This file has the group, the encodings and the verifier stored whenever
//! a password is set; [`server`] has the server's side of a sign-in (`B`,
//! `u`, `S`, the session key and the password claim), [`timestamp`] the
//! claim's `TIMESTAMP`, and [`pending`] the challenges waiting for their
//! answer.

pub(crate) mod pending;
pub mod server;
pub mod timestamp;

use std::sync::OnceLock;

use num_bigint::BigUint;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The 3072-bit MODP prime of RFC 3526 §4, the group every Cognito client uses.
const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The group prime `N`.
pub fn n() -> &'static BigUint {
    static N: OnceLock<BigUint> = OnceLock::new();
    N.get_or_init(|| BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("N_HEX is valid hex"))
}

/// The generator `g = 2`.
pub fn g() -> BigUint {
    BigUint::from(2u8)
}

/// Cognito's multiplier `k = H(PAD(N) || PAD(g))`; unlike RFC 5054, `g` is not
/// padded to the length of `N`.
pub fn k() -> &'static BigUint {
    static K: OnceLock<BigUint> = OnceLock::new();
    K.get_or_init(|| {
        let hex = format!("{}{}", pad_hex(n()), pad_hex(&g()));
        BigUint::from_bytes_be(&hex_hash(&hex))
    })
}

/// PAD(x), amplify-js's `getPaddedHex`: minimal lowercase hex, even length, with `00` prepended when
/// the high bit is set (Java `BigInteger.toByteArray()` semantics).
pub fn pad_hex(x: &BigUint) -> String {
    let mut h = x.to_str_radix(16);
    if h.len() % 2 == 1 {
        h.insert(0, '0');
    }
    if matches!(h.as_bytes()[0], b'8'..=b'f') {
        h.insert_str(0, "00");
    }
    h
}

/// SHA-256 over the bytes a hex string spells.
pub fn hex_hash(hex: &str) -> [u8; 32] {
    Sha256::digest(hex_to_bytes(hex)).into()
}

/// The part of a user pool id after `_` (`us-east-1_ExAmPlE12` → `ExAmPlE12`).
pub fn pool_name(user_pool_id: &str) -> &str {
    user_pool_id
        .split_once('_')
        .map_or(user_pool_id, |(_, name)| name)
}

/// A fresh 16-byte salt as lowercase hex.
///
/// The first byte is never zero: clients disagree on how to PAD a salt whose
/// hex starts with `00` (amplify-js re-parses the salt as an integer before
/// padding it, pycognito pads the string as received), so we never hand one
/// out.
pub fn new_salt() -> String {
    let mut salt = [0u8; 16];
    loop {
        rand::rngs::OsRng.fill_bytes(&mut salt);
        if salt[0] != 0 {
            return bytes_to_hex(&salt);
        }
    }
}

/// `x = H(PAD(salt) || H(poolName || userId || ":" || password))`, where
/// `user_id` is USER_ID_FOR_SRP, the internal username.
pub fn compute_x(salt_hex: &str, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    let salt = BigUint::parse_bytes(salt_hex.as_bytes(), 16).unwrap_or_default();
    let inner = Sha256::digest(format!("{pool_name}{user_id}:{password}").as_bytes());
    let hex = format!("{}{}", pad_hex(&salt), bytes_to_hex(&inner));
    BigUint::from_bytes_be(&hex_hash(&hex))
}

/// The verifier `v = g^x mod N` stored in place of the password (RFC 5054
/// §2.4).
pub fn verifier(salt_hex: &str, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    g().modpow(&compute_x(salt_hex, pool_name, user_id, password), n())
}

/// What is stored for `USER_SRP_AUTH` whenever a password is set (sign-up and
/// every later change): a fresh salt and its verifier, both lowercase hex.
/// `user_id` is USER_ID_FOR_SRP, the internal username.
pub fn new_salt_and_verifier(
    user_pool_id: &str,
    user_id: &str,
    password: &str,
) -> (String, String) {
    crate::work::cpu_bound(|| {
        crate::metrics::time(crate::metrics::Span::SrpVerifier, || {
            let salt = new_salt();
            let v = verifier(&salt, pool_name(user_pool_id), user_id, password);
            (salt, v.to_str_radix(16))
        })
    })
}

/// Parses an unsigned hexadecimal integer as SRP values travel (`SRP_A`,
/// a stored verifier): ASCII hex digits of either case, no sign or prefix.
pub fn parse_hex(hex: &str) -> Option<BigUint> {
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    BigUint::parse_bytes(hex.as_bytes(), 16)
}

pub(crate) fn bytes_to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decodes hex, ignoring a trailing odd nibble (callers only pass PAD output).
fn hex_to_bytes(hex: &str) -> Vec<u8> {
    hex.as_bytes()
        .chunks_exact(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).unwrap_or("00");
            u8::from_str_radix(s, 16).unwrap_or(0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A known-answer vector, computed with pycognito's `aws_srp.py` and
    /// with an independent implementation, which agree.
    const SALT: &str = "d7e3b1a9c4f25e6b8a0c3f1e2d4b6a89";

    #[test]
    fn k_matches_the_cognito_constant() {
        assert_eq!(
            k().to_str_radix(16),
            "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
        );
    }

    #[test]
    fn pad_hex_follows_twos_complement_rules() {
        assert_eq!(pad_hex(&BigUint::from(0x1u8)), "01");
        assert_eq!(pad_hex(&BigUint::from(0x7fu8)), "7f");
        assert_eq!(pad_hex(&BigUint::from(0x80u8)), "0080");
        assert_eq!(pad_hex(&BigUint::from(0xabcu16)), "0abc");
        assert!(pad_hex(n()).starts_with("00ffff"));
    }

    #[test]
    fn x_matches_the_known_answer_vector() {
        let x = compute_x(SALT, "ExAmPlE12", "testuser", "Passw0rd!");
        assert_eq!(
            x.to_str_radix(16),
            "f6d747063fad3666b4c0f855367ed3da60f1a1b408dd8bb65c5534560cf0f207"
        );
    }

    #[test]
    fn verifier_yields_the_known_answer_b() {
        // B = (k*v + g^b) mod N with the vector's b; the vector gives
        // SHA-256(PAD(B)).
        let v = verifier(
            SALT,
            pool_name("us-east-1_ExAmPlE12"),
            "testuser",
            "Passw0rd!",
        );
        let b = BigUint::parse_bytes("5c1d".repeat(32).as_bytes(), 16).unwrap();
        let big_b = (k() * &v + g().modpow(&b, n())) % n();
        assert_eq!(
            bytes_to_hex(&hex_hash(&pad_hex(&big_b))),
            "648842f56b24d58e2c2da835f00349b5b1b8b2a11b3e3f1dbf01076cf99c45a6"
        );
    }

    #[test]
    fn verifier_is_deterministic_for_a_fixed_salt() {
        let a = verifier(SALT, "Local", "user-1", "Secret-Passw0rd");
        let b = verifier(SALT, "Local", "user-1", "Secret-Passw0rd");
        assert_eq!(a, b);
        assert_ne!(a, verifier(SALT, "Local", "user-1", "Secret-Passw0rd!"));
        assert_ne!(
            a,
            verifier(&new_salt(), "Local", "user-1", "Secret-Passw0rd")
        );
    }

    #[test]
    fn salts_are_16_bytes_without_a_zero_first_byte() {
        for _ in 0..64 {
            let s = new_salt();
            assert_eq!(s.len(), 32);
            assert_ne!(&s[..2], "00");
        }
    }
}
