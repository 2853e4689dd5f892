//! The 3072-bit group Cognito's SRP runs in (RFC 3526 §4, g = 2), in
//! Montgomery form with crypto-bigint; the modulus's Montgomery parameters
//! are computed at compile time.
//!
//! Every exponentiation with a secret exponent runs in time that depends only
//! on the exponent's bit bound, which is public (`a`'s length, or 256 for the
//! SHA-256-sized `x`).

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Choice, CtAssign, Odd, U256, U3072, U512};
use zeroize::Zeroizing;

/// RFC 3526 §4: the 3072-bit MODP group's prime, big-endian hex.
pub(super) const N_HEX: &str = "\
FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F\
83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B\
E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510\
15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7\
ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C\
BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

const LIMBS: usize = U3072::LIMBS;
/// Bytes of a group element.
pub(super) const BYTES: usize = 384;

type Monty = FixedMontyForm<LIMBS>;

const PARAMS: FixedMontyParams<LIMBS> =
    FixedMontyParams::new_vartime(Odd::<U3072>::from_be_hex(N_HEX));

/// N, big-endian.
pub(super) fn modulus_bytes() -> [u8; BYTES] {
    be_bytes(PARAMS.modulus().as_ref())
}

/// An integer from at most 384 big-endian bytes.
pub(super) fn from_be(bytes: &[u8]) -> U3072 {
    debug_assert!(bytes.len() <= BYTES);
    let mut padded = Zeroizing::new([0u8; BYTES]);
    padded[BYTES - bytes.len()..].copy_from_slice(bytes);
    U3072::from_be_slice(&padded[..])
}

pub(super) fn be_bytes(x: &U3072) -> [u8; BYTES] {
    let mut out = [0u8; BYTES];
    out.copy_from_slice(x.to_be_bytes().as_ref());
    out
}

/// g^e mod N for g = 2, looking at the low `bits` bits of `e`.
///
/// Left-to-right square-and-multiply where "multiply by g" is a modular
/// doubling, chosen in constant time: |e| squarings and no general
/// multiplications (what OpenSSL's `BN_mod_exp_mont_word` exploits for small
/// bases), about 10 % less work than a windowed `pow` here.
fn pow_g(e: &U3072, bits: u32) -> Monty {
    let mut z = Zeroizing::new(Monty::one(&PARAMS));
    for i in (0..bits).rev() {
        *z = z.square();
        let doubled = Zeroizing::new(z.double());
        z.ct_assign(&doubled, Choice::from_u8_lsb(u8::from(e.bit_vartime(i))));
    }
    *z
}

/// A = g^a mod N, with `a` of `a_bits` bits.
pub(super) fn large_a(a: &U3072, a_bits: u32) -> U3072 {
    pow_g(a, a_bits).retrieve()
}

/// B mod N == 0: the check RFC 5054 §2.6 requires of the client.
pub(super) fn is_zero_mod_n(b: &U3072) -> bool {
    Monty::new(b, &PARAMS).retrieve().is_zero_vartime()
}

/// S = (B − k·g^x)^(a + u·x) mod N.
///
/// The base is usually negative before reduction; in Montgomery form the
/// subtraction is modular, so it is reduced as it is made.
pub(super) fn premaster_secret(
    b: &U3072,
    k: &U256,
    x: &U256,
    a: &U3072,
    a_bits: u32,
    u: &U256,
) -> Zeroizing<U3072> {
    let x_wide: Zeroizing<U3072> = Zeroizing::new(x.resize());
    let v = Zeroizing::new(pow_g(&x_wide, 256));
    let kv = Zeroizing::new(Monty::new(&k.resize(), &PARAMS).mul(&v));
    let base = Zeroizing::new(Monty::new(b, &PARAMS).sub(&kv));
    let ux: Zeroizing<U512> = Zeroizing::new(u.concatenating_mul(x));
    let e: Zeroizing<U3072> = Zeroizing::new(ux.resize::<LIMBS>().wrapping_add(a));
    // a < 2^a_bits and u·x < 2^512, so a + u·x < 2^(max(a_bits, 512) + 1).
    let e_bits = a_bits.max(512) + 1;
    Zeroizing::new(base.pow_bounded_exp(&e, e_bits).retrieve())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The doubling ladder against crypto-bigint's own `pow`.
    #[test]
    fn pow_g_matches_pow() {
        let g = Monty::new(&U3072::from_u8(2), &PARAMS);
        for e in [
            U3072::ZERO,
            U3072::ONE,
            U3072::from_u64(0xdead_beef_1234_5678),
            U3072::from_be_hex(&"a5".repeat(384)),
        ] {
            for bits in [1, 64, 255, 256, 1024, 3072] {
                assert_eq!(
                    pow_g(&e, bits).retrieve(),
                    g.pow_bounded_exp(&e, bits).retrieve(),
                    "bits {bits}"
                );
            }
        }
    }

    #[test]
    fn modulus_is_rfc_3526_3072() {
        let n = modulus_bytes();
        assert_eq!(n[..8], [0xff; 8]);
        assert_eq!(n[BYTES - 8..], [0xff; 8]);
        assert_eq!(&n[8..12], &[0xc9, 0x0f, 0xda, 0xa2]);
    }

    #[test]
    fn zero_mod_n() {
        assert!(is_zero_mod_n(&U3072::ZERO));
        assert!(is_zero_mod_n(&from_be(&modulus_bytes())));
        assert!(!is_zero_mod_n(&U3072::ONE));
    }
}
