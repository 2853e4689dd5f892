//! Cognito's SRP-6a for `USER_SRP_AUTH`, client side: the `SRP_A` to send
//! with `InitiateAuth`, then the answer to its `PASSWORD_VERIFIER` challenge.
//!
//! Cognito's variant, as the AWS SDKs compute it (amazon-cognito-identity-js
//! `AuthenticationHelper`, Amplify `srp/*`; the AWS developer guide's
//! "User pool authentication flow" describes the exchange; details and
//! sources in docs/cognito-protocol.md §2):
//!
//! * the 3072-bit group of RFC 3526 §4 with g = 2 and H = SHA-256;
//! * integers are hashed in their minimal two's-complement big-endian form
//!   (`PAD`: no fixed width, one `00` byte in front when the top bit is set);
//! * k = H(PAD(N) ‖ PAD(g)), u = H(PAD(A) ‖ PAD(B)),
//!   x = H(PAD(salt) ‖ H(poolName ‖ USER_ID_FOR_SRP ‖ ":" ‖ password)),
//!   where poolName is the user pool id after the `_`;
//! * S = (B − k·g^x)^(a + u·x) mod N; the key is HKDF-SHA-256 (RFC 5869) with
//!   salt PAD(u), input PAD(S), info "Caldera Derived Key", 16 bytes;
//! * `PASSWORD_CLAIM_SIGNATURE` = base64(HMAC-SHA-256(key, poolName ‖
//!   USER_ID_FOR_SRP ‖ SECRET_BLOCK bytes ‖ TIMESTAMP)).
//!
//! The module is sans-I/O: the caller supplies the random bytes for `a`
//! (`crypto.getRandomValues` in the browser) and the current time.
//!
//! ```
//! use cognito_client::secret::Password;
//! use cognito_client::srp::{cognito_timestamp, PasswordVerifierChallenge, SrpSession};
//! # use std::collections::BTreeMap;
//! # fn main() -> Result<(), cognito_client::srp::SrpError> {
//! let random = [0x5a; SrpSession::RANDOM_BYTES]; // from a CSPRNG, never a constant
//! let session = SrpSession::new(&random)?;
//! // InitiateAuth { AuthFlow: USER_SRP_AUTH, AuthParameters: { USERNAME, SRP_A } }
//! let srp_a: &str = session.srp_a();
//! # let _ = srp_a;
//! # let mut challenge_parameters = BTreeMap::new();
//! # for (k, v) in [("USER_ID_FOR_SRP", "alice"), ("SALT", "1f"), ("SRP_B", "2"), ("SECRET_BLOCK", "AA==")] {
//! #     challenge_parameters.insert(k.to_owned(), v.to_owned());
//! # }
//! // ... ChallengeName PASSWORD_VERIFIER with ChallengeParameters:
//! let challenge = PasswordVerifierChallenge::from_parameters(&challenge_parameters)?;
//! let answer = session.respond(
//!     "us-east-1_ExAmPlE12",
//!     &challenge,
//!     &Password::new("Passw0rd!"),
//!     &cognito_timestamp(1_793_689_451),
//! )?;
//! // RespondToAuthChallenge { ChallengeName: PASSWORD_VERIFIER, ChallengeResponses }
//! let challenge_responses = answer.challenge_responses();
//! # assert_eq!(challenge_responses.0.len(), 4);
//! # Ok(()) }
//! ```

mod group;
mod timestamp;

pub use timestamp::{cognito_timestamp, CognitoTimestamp};

/// N in hex, for tests elsewhere in the crate that need a `B ≡ 0 (mod N)`.
#[cfg(test)]
pub(crate) const N_HEX_FOR_TESTS: &str = group::N_HEX;

use crate::ops::SecretMap;
use crate::secret::Password;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use crypto_bigint::{U256, U3072};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

type HmacSha256 = Hmac<Sha256>;

/// Why an SRP step was refused. None of these is the user's fault, except
/// that a wrong password is only detected by the server.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    /// The random input for `a` has the wrong length.
    #[error(
        "SRP needs {min} to {max} random bytes for its secret exponent, got {len}: \
         fill SrpSession::RANDOM_BYTES bytes from a CSPRNG (crypto.getRandomValues)",
        min = SrpSession::MIN_RANDOM_BYTES,
        max = SrpSession::MAX_RANDOM_BYTES
    )]
    RandomLength {
        /// How many bytes were given.
        len: usize,
    },
    /// The random input for `a` is all zero bytes.
    #[error(
        "the random bytes for SRP's secret exponent are all zero: the random number \
         generator is broken; do not sign in with it"
    )]
    ZeroRandom,
    /// A challenge parameter the `PASSWORD_VERIFIER` answer needs is absent.
    #[error(
        "the PASSWORD_VERIFIER challenge has no {0}: answer only a PASSWORD_VERIFIER \
         challenge to USER_SRP_AUTH with this module"
    )]
    MissingParameter(&'static str),
    /// A hex challenge parameter is empty or has a character that is not a hex digit.
    #[error("the challenge's {0} is not a hexadecimal number: the server's answer is malformed")]
    BadHex(&'static str),
    /// `SRP_B` does not fit the 3072-bit group.
    #[error("the challenge's SRP_B is larger than the 3072-bit group allows: the server's answer is malformed")]
    BTooLarge,
    /// `SECRET_BLOCK` is not standard base64.
    #[error("the challenge's SECRET_BLOCK is not base64: the server's answer is malformed")]
    BadBase64,
    /// The user pool id has no pool name after an `_`.
    #[error(
        "user pool id {0:?} has no name after the region: expected \"<region>_<name>\", \
         e.g. \"us-east-1_ExAmPlE12\""
    )]
    BadUserPoolId(String),
    /// B ≡ 0 (mod N): SRP-6a's client aborts ("The user will abort if he
    /// receives B == 0 (mod N) or if he finds that u == 0", T. Wu, SRP
    /// protocol design, <http://srp.stanford.edu/design.html>).
    #[error(
        "the server's SRP_B is 0 modulo N, which SRP-6a forbids: sign-in aborted (the \
         server answering is broken or is not Cognito)"
    )]
    InvalidB,
    /// u = H(PAD(A) ‖ PAD(B)) is zero: SRP-6a's client aborts (see
    /// [`SrpError::InvalidB`]).
    #[error("the SRP scrambling parameter u is 0 for this SRP_B: sign-in aborted; try again")]
    UZero,
}

/// The client's state between `InitiateAuth` and the `PASSWORD_VERIFIER`
/// answer: the secret exponent `a` and the public `A = g^a mod N`.
///
/// `a` is zeroized when the session is dropped; `Debug` shows only `SRP_A`.
pub struct SrpSession {
    a: Zeroizing<U3072>,
    a_bits: u32,
    /// PAD(A), for u.
    a_padded: Vec<u8>,
    srp_a: String,
}

impl SrpSession {
    /// Random bytes to draw for `a`: 256 bits, the private-key size
    /// NIST SP 800-56A Rev. 3 §5.6.1.1.1 requires for the 128-bit security
    /// a 3072-bit group offers (SP 800-57 Part 1 Rev. 5 Table 2).
    pub const RANDOM_BYTES: usize = 32;
    /// Fewest random bytes accepted (256 bits).
    pub const MIN_RANDOM_BYTES: usize = 32;
    /// Most random bytes accepted: 1024 bits, what the AWS SDKs draw.
    pub const MAX_RANDOM_BYTES: usize = 128;

    /// Takes `a` from `random` (big-endian; [`Self::RANDOM_BYTES`] from a
    /// CSPRNG) and computes `A = g^a mod N`. The session keeps its own copy:
    /// overwrite `random` once this returns.
    pub fn new(random: &[u8]) -> Result<Self, SrpError> {
        if !(Self::MIN_RANDOM_BYTES..=Self::MAX_RANDOM_BYTES).contains(&random.len()) {
            return Err(SrpError::RandomLength { len: random.len() });
        }
        if random.iter().all(|&b| b == 0) {
            return Err(SrpError::ZeroRandom);
        }
        let a = Zeroizing::new(group::from_be(random));
        let a_bits = 8 * random.len() as u32;
        let large_a = group::be_bytes(&group::large_a(&a, a_bits));
        // A = 2^a mod N is never 0 (N is prime): the server's A check cannot
        // fail for an A made here.
        Ok(Self {
            a,
            a_bits,
            a_padded: pad(&large_a),
            srp_a: hex_unpadded(&large_a),
        })
    }

    /// `SRP_A` for `InitiateAuth`'s `AuthParameters`: hex of A, lowercase,
    /// without leading zeros (as the AWS SDKs send it).
    pub fn srp_a(&self) -> &str {
        &self.srp_a
    }

    /// The answer to the `PASSWORD_VERIFIER` challenge: proves knowledge of
    /// `password` for `challenge.user_id_for_srp` in `user_pool_id` without
    /// sending it. `timestamp` is the current time ([`cognito_timestamp`]),
    /// signed and sent.
    pub fn respond(
        &self,
        user_pool_id: &str,
        challenge: &PasswordVerifierChallenge,
        password: &Password,
        timestamp: &CognitoTimestamp,
    ) -> Result<PasswordVerifierResponse, SrpError> {
        let pool_name = pool_name(user_pool_id)?;
        let b_bytes = parse_hex(&challenge.srp_b, "SRP_B")?;
        if b_bytes.len() > group::BYTES {
            return Err(SrpError::BTooLarge);
        }
        let salt = parse_hex(&challenge.salt, "SALT")?;
        let secret_block = STANDARD
            .decode(&challenge.secret_block)
            .map_err(|_| SrpError::BadBase64)?;

        let b = group::from_be(&b_bytes);
        if group::is_zero_mod_n(&b) {
            return Err(SrpError::InvalidB);
        }
        // B as received, unreduced, as the AWS SDKs hash it.
        let u_hash = sha256(&[&self.a_padded, &pad(&b_bytes)]);
        let u = scrambling_parameter(u_hash)?;
        let x = Zeroizing::new(U256::from_be_slice(
            &x_hash(pool_name, &challenge.user_id_for_srp, password, &salt)[..],
        ));
        let s = group::premaster_secret(&b, &k(), &x, &self.a, self.a_bits, &u);
        let key = hkdf_key(&u_hash, &s);
        let signature = claim_signature(
            &key,
            pool_name,
            &challenge.user_id_for_srp,
            &secret_block,
            timestamp,
        );
        Ok(PasswordVerifierResponse {
            username: challenge.user_id_for_srp.clone(),
            password_claim_secret_block: challenge.secret_block.clone(),
            password_claim_signature: signature,
            timestamp: timestamp.clone(),
        })
    }
}

impl fmt::Debug for SrpSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpSession")
            .field("srp_a", &self.srp_a)
            .field("a", &format_args!("<redacted>"))
            .finish()
    }
}

/// The `ChallengeParameters` of `PASSWORD_VERIFIER`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordVerifierChallenge {
    /// `USER_ID_FOR_SRP`: the internal user name the verifier was made for
    /// (not necessarily what the user typed, e.g. when signing in by email).
    pub user_id_for_srp: String,
    /// `SALT`, hex.
    pub salt: String,
    /// `SRP_B`, hex.
    pub srp_b: String,
    /// `SECRET_BLOCK`, base64, signed and sent back as received.
    pub secret_block: String,
}

impl PasswordVerifierChallenge {
    /// From `InitiateAuth`'s `ChallengeParameters`.
    pub fn from_parameters(parameters: &BTreeMap<String, String>) -> Result<Self, SrpError> {
        let get = |name: &'static str| {
            parameters
                .get(name)
                .cloned()
                .ok_or(SrpError::MissingParameter(name))
        };
        Ok(Self {
            user_id_for_srp: get("USER_ID_FOR_SRP")?,
            salt: get("SALT")?,
            srp_b: get("SRP_B")?,
            secret_block: get("SECRET_BLOCK")?,
        })
    }
}

/// The `ChallengeResponses` of `PASSWORD_VERIFIER` (add `SECRET_HASH` or
/// `DEVICE_KEY` where the app client or a remembered device needs them).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordVerifierResponse {
    /// `USERNAME`: `USER_ID_FOR_SRP`, as the AWS SDKs send it.
    pub username: String,
    /// `PASSWORD_CLAIM_SECRET_BLOCK`: the challenge's `SECRET_BLOCK`.
    pub password_claim_secret_block: String,
    /// `PASSWORD_CLAIM_SIGNATURE`, base64.
    pub password_claim_signature: String,
    /// `TIMESTAMP`, as signed.
    pub timestamp: CognitoTimestamp,
}

impl PasswordVerifierResponse {
    /// The map for `RespondToAuthChallenge.ChallengeResponses`.
    pub fn challenge_responses(&self) -> SecretMap {
        SecretMap::default()
            .with("USERNAME", &self.username)
            .with(
                "PASSWORD_CLAIM_SECRET_BLOCK",
                &self.password_claim_secret_block,
            )
            .with("PASSWORD_CLAIM_SIGNATURE", &self.password_claim_signature)
            .with("TIMESTAMP", self.timestamp.as_str())
    }
}

impl fmt::Debug for PasswordVerifierResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The signature is single-use but proves the password for this
        // SECRET_BLOCK: keep it out of logs like other secrets.
        f.debug_struct("PasswordVerifierResponse")
            .field("username", &self.username)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// The pool name: the user pool id after the first `_`.
fn pool_name(user_pool_id: &str) -> Result<&str, SrpError> {
    match user_pool_id.split('_').nth(1) {
        Some(name) if !name.is_empty() => Ok(name),
        _ => Err(SrpError::BadUserPoolId(user_pool_id.to_owned())),
    }
}

/// Minimal big-endian bytes of a hex number (leading zeros dropped; an odd
/// digit count is fine).
fn parse_hex(hex: &str, parameter: &'static str) -> Result<Vec<u8>, SrpError> {
    let digits = hex
        .bytes()
        .map(|c| (c as char).to_digit(16).map(|d| d as u8))
        .collect::<Option<Vec<u8>>>()
        .filter(|d| !d.is_empty())
        .ok_or(SrpError::BadHex(parameter))?;
    let significant = &digits[digits.iter().position(|&d| d != 0).unwrap_or(digits.len())..];
    let odd = significant.len() % 2;
    let mut out = Vec::with_capacity(significant.len() / 2 + 1);
    if odd == 1 {
        out.push(significant[0]);
    }
    out.extend(significant[odd..].chunks(2).map(|p| p[0] << 4 | p[1]));
    Ok(out)
}

/// Lowercase hex of a big-endian integer without leading zeros.
fn hex_unpadded(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    match hex.trim_start_matches('0') {
        "" => "0".to_owned(),
        digits => digits.to_owned(),
    }
}

/// PAD: the minimal two's-complement big-endian encoding of a non-negative
/// integer, as Java's `BigInteger.toByteArray()` (what Cognito's server
/// hashes): leading zero bytes dropped, then one `00` if the top bit is set.
fn pad(be: &[u8]) -> Vec<u8> {
    let significant = &be[be.iter().position(|&b| b != 0).unwrap_or(be.len())..];
    let mut out = Vec::with_capacity(significant.len() + 1);
    if significant.first().is_none_or(|&b| b >= 0x80) {
        out.push(0);
    }
    out.extend_from_slice(significant);
    out
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// u from H(PAD(A) ‖ PAD(B)); 0 is refused, as SRP-6a's client must (see
/// [`SrpError::InvalidB`]; the AWS SDKs throw "U cannot be zero.").
fn scrambling_parameter(hash: [u8; 32]) -> Result<U256, SrpError> {
    if hash == [0; 32] {
        return Err(SrpError::UZero);
    }
    Ok(U256::from_be_slice(&hash))
}

/// k = H(PAD(N) ‖ PAD(g)), g = 2 not padded to N's length (Cognito's
/// variant of RFC 5054 §2.5.3).
fn k() -> U256 {
    U256::from_be_slice(&sha256(&[&pad(&group::modulus_bytes()), &[2]]))
}

/// x = H(PAD(salt) ‖ H(poolName ‖ userId ‖ ":" ‖ password)).
fn x_hash(pool_name: &str, user_id: &str, password: &Password, salt: &[u8]) -> Zeroizing<[u8; 32]> {
    let inner = Zeroizing::new(sha256(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.expose().as_bytes(),
    ]));
    Zeroizing::new(sha256(&[&pad(salt), &inner[..]]))
}

/// HKDF-SHA-256 (RFC 5869 §2.2–2.3) with salt PAD(u), IKM PAD(S), info
/// "Caldera Derived Key", L = 16 (one block: T(1) = HMAC(PRK, info ‖ 0x01)).
fn hkdf_key(u: &[u8; 32], s: &U3072) -> Zeroizing<[u8; 16]> {
    let s_bytes = Zeroizing::new(group::be_bytes(s));
    let s_padded = Zeroizing::new(pad(&s_bytes[..]));
    let mut extract = HmacSha256::new_from_slice(&pad(u)).expect("HMAC takes any key length");
    extract.update(&s_padded);
    let mut prk = extract.finalize().into_bytes();
    let mut expand = HmacSha256::new_from_slice(&prk).expect("HMAC takes any key length");
    prk.zeroize();
    expand.update(b"Caldera Derived Key\x01");
    let mut okm = expand.finalize().into_bytes();
    let mut key = Zeroizing::new([0u8; 16]);
    key.copy_from_slice(&okm[..16]);
    okm.zeroize();
    key
}

/// base64(HMAC-SHA-256(key, poolName ‖ userId ‖ SECRET_BLOCK ‖ TIMESTAMP)).
fn claim_signature(
    key: &[u8; 16],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &CognitoTimestamp,
) -> String {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(pool_name.as_bytes());
    mac.update(user_id.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_str().as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests;
