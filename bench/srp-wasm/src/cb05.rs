//! crypto-bigint 0.5: `DynResidue` (its compile-time `impl_modulus!` exceeds
//! rustc's const-evaluation limit for 3072 bits); 32-bit limbs on wasm32.

use crate::common::Group;
use crate::common::{hex_decode, N_HEX};
use crypto_bigint_05::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint_05::subtle::{Choice, ConditionallySelectable};
use crypto_bigint_05::{Encoding, U3072};

type R = DynResidue<{ U3072::LIMBS }>;

fn uint(be: &[u8]) -> U3072 {
    assert!(be.len() <= 384, "at most 3072 bits");
    let mut buf = [0u8; 384];
    buf[384 - be.len()..].copy_from_slice(be);
    U3072::from_be_slice(&buf)
}

fn exp_bits(a: &[u8]) -> usize {
    (a.len() * 8).max(512) + 1
}

/// `double`: g = 2 by square-and-double (constant-time select) instead of
/// `pow_bounded_exp`.
pub struct CryptoBigint05 {
    double: bool,
    params: DynResidueParams<{ U3072::LIMBS }>,
}

impl CryptoBigint05 {
    pub fn new(double: bool) -> Self {
        Self {
            double,
            params: DynResidueParams::new(&uint(&hex_decode(N_HEX))),
        }
    }

    fn r(&self, x: &U3072) -> R {
        R::new(x, self.params)
    }

    fn g_pow(&self, e: &U3072, bits: usize) -> R {
        if !self.double {
            return self.r(&U3072::from_u8(2)).pow_bounded_exp(e, bits);
        }
        let mut z = R::one(self.params);
        for i in (0..bits).rev() {
            z = z.square();
            let d = z.add(&z);
            z = R::conditional_select(&z, &d, Choice::from(e.bit_vartime(i) as u8));
        }
        z
    }
}

impl Group for CryptoBigint05 {
    fn large_a(&self, a: &[u8]) -> Vec<u8> {
        self.g_pow(&uint(a), a.len() * 8)
            .retrieve()
            .to_be_bytes()
            .to_vec()
    }

    fn s(&self, b: &[u8], k: &[u8], x: &[u8], a: &[u8], u: &[u8]) -> Vec<u8> {
        let x = uint(x);
        let v = self.g_pow(&x, 256);
        let kv = self.r(&uint(k)).mul(&v);
        let base = self.r(&uint(b)).sub(&kv);
        let e = uint(u).wrapping_mul(&x).wrapping_add(&uint(a));
        base.pow_bounded_exp(&e, exp_bits(a))
            .retrieve()
            .to_be_bytes()
            .to_vec()
    }

    fn b_is_zero_mod_n(&self, b: &[u8]) -> bool {
        self.r(&uint(b)).retrieve() == U3072::ZERO
    }
}
