//! Browser benchmark of Cognito SRP (client side, one sign-in).
//!
//! `cargo xtask bench-srp` builds this crate for wasm32 with the workspace's
//! release profile and times [`sign_in`] for every variant in headless
//! Chromium against amazon-cognito-identity-js's `AuthenticationHelper`.

mod cb;
mod cb05;
mod common;
mod nb;

use common::{hex_decode, hex_encode, Group, Inputs};
use wasm_bindgen::prelude::*;

/// The protocol core's own SRP (`cognito_client::srp`), through its public API.
const OURS: &str = "cognito-client srp (ours)";

/// Every variant: name (table order) and what it is.
const VARIANTS: &[(&str, &str)] = &[
    (
        OURS,
        "crypto-bigint 0.7 `FixedMontyForm<U3072>` (parameters at compile time); \
         g^a and g^x by square-and-double (g = 2, constant-time select); \
         S by `pow_bounded_exp` (constant time)",
    ),
    (
        "num-bigint modpow",
        "num-bigint 0.4 `BigUint::modpow` (Montgomery, 32-bit digits on wasm32, variable time)",
    ),
    (
        "crypto-bigint pow (ct)",
        "crypto-bigint 0.7 `FixedMontyForm::pow_bounded_exp` for all three (4-bit window, constant time)",
    ),
    (
        "crypto-bigint pow_vartime",
        "crypto-bigint 0.7 `pow_vartime` for all three",
    ),
    (
        "crypto-bigint pow_amm (ct)",
        "crypto-bigint 0.7 `pow_amm_bounded_exp` (almost-Montgomery multiplication)",
    ),
    (
        "crypto-bigint g=2 doubling (ct)",
        "as ours, written against the bench's own hashing (checks the core adds no overhead)",
    ),
    (
        "crypto-bigint fixed-base comb (ct)",
        "g^a and g^x (256-bit exponents) by a Lim-Lee comb: 4 rows, a table of 16 powers of g \
         (6 KiB) built once per page and **not timed**, i.e. what a table baked into the wasm \
         would give",
    ),
    (
        "crypto-bigint comb, table per sign-in (ct)",
        "the comb with its table built inside every sign-in (a page that signs in once)",
    ),
    (
        "crypto-bigint Boxed pow (ct)",
        "crypto-bigint 0.7 `BoxedMontyForm` (heap limbs, parameters computed per sign-in)",
    ),
    (
        "crypto-bigint 0.5 pow (ct)",
        "crypto-bigint 0.5.5 `DynResidue::pow_bounded_exp` (32-bit limbs on wasm32)",
    ),
    (
        "crypto-bigint 0.5 g=2 doubling (ct)",
        "crypto-bigint 0.5.5, g^a and g^x by square-and-double",
    ),
];

/// Variant names, in table order.
#[wasm_bindgen]
pub fn variants() -> Vec<String> {
    VARIANTS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect()
}

/// What `variant` is, for the report.
#[wasm_bindgen]
pub fn variant_note(variant: &str) -> Option<String> {
    VARIANTS
        .iter()
        .find(|(name, _)| *name == variant)
        .map(|(_, note)| (*note).to_owned())
}

fn group(name: &str) -> Option<Box<dyn Group>> {
    use cb::{CryptoBigint, Pow};
    Some(match name {
        "num-bigint modpow" => Box::new(nb::NumBigint::new()),
        "crypto-bigint pow (ct)" => Box::new(CryptoBigint(Pow::Ct)),
        "crypto-bigint pow_vartime" => Box::new(CryptoBigint(Pow::Vartime)),
        "crypto-bigint pow_amm (ct)" => Box::new(CryptoBigint(Pow::Amm)),
        "crypto-bigint g=2 doubling (ct)" => Box::new(CryptoBigint(Pow::Double)),
        "crypto-bigint fixed-base comb (ct)" => Box::new(CryptoBigint(Pow::Comb)),
        "crypto-bigint comb, table per sign-in (ct)" => Box::new(CryptoBigint(Pow::CombFresh)),
        "crypto-bigint Boxed pow (ct)" => Box::new(cb::Boxed::new()),
        "crypto-bigint 0.5 pow (ct)" => Box::new(cb05::CryptoBigint05::new(false)),
        "crypto-bigint 0.5 g=2 doubling (ct)" => Box::new(cb05::CryptoBigint05::new(true)),
        _ => return None,
    })
}

/// One sign-in's client work with `variant` and the secret `a` (big-endian
/// bytes): returns `"<hex A> <hex key> <base64 signature>"` (the key is `-`
/// for the core, whose API does not reveal it).
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn sign_in(
    variant: &str,
    a: &[u8],
    pool_id: &str,
    user_id: &str,
    password: &str,
    salt_hex: &str,
    b_hex: &str,
    secret_block_b64: &str,
    epoch_seconds: u64,
) -> Result<String, JsError> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    if variant == OURS {
        return ours(
            a,
            pool_id,
            user_id,
            password,
            salt_hex,
            b_hex,
            secret_block_b64,
            epoch_seconds,
        )
        .map_err(|e| JsError::new(&e.to_string()));
    }
    let timestamp = cognito_client::srp::cognito_timestamp(epoch_seconds).to_string();
    let g = group(variant).ok_or_else(|| JsError::new(&format!("no variant {variant:?}")))?;
    let inputs = Inputs {
        pool_name: pool_id.split_once('_').map_or(pool_id, |(_, n)| n),
        user_id,
        password,
        salt: hex_decode(salt_hex),
        b: hex_decode(b_hex),
        secret_block: b64.decode(secret_block_b64)?,
        timestamp: &timestamp,
    };
    let (a_hex, key, sig) = common::sign_in(&*g, a, &inputs).map_err(|e| JsError::new(&e))?;
    Ok(format!("{a_hex} {} {}", hex_encode(&key), b64.encode(sig)))
}

#[allow(clippy::too_many_arguments)]
fn ours(
    a: &[u8],
    pool_id: &str,
    user_id: &str,
    password: &str,
    salt_hex: &str,
    b_hex: &str,
    secret_block_b64: &str,
    epoch_seconds: u64,
) -> Result<String, cognito_client::srp::SrpError> {
    use cognito_client::secret::Password;
    use cognito_client::srp::{cognito_timestamp, PasswordVerifierChallenge, SrpSession};
    let session = SrpSession::new(a)?;
    let challenge = PasswordVerifierChallenge {
        user_id_for_srp: user_id.to_owned(),
        salt: salt_hex.to_owned(),
        srp_b: b_hex.to_owned(),
        secret_block: secret_block_b64.to_owned(),
    };
    let stamp = cognito_timestamp(epoch_seconds);
    let answer = session.respond(pool_id, &challenge, &Password::new(password), &stamp)?;
    Ok(format!(
        "{} - {}",
        session.srp_a(),
        answer.password_claim_signature
    ))
}
