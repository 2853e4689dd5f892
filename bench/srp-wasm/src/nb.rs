//! num-bigint 0.4: `BigUint::modpow` (Montgomery for an odd modulus, 32-bit
//! digits on wasm32). Variable time.

use crate::common::{hex_decode, Group, N_HEX};
use num_bigint::BigUint;

pub struct NumBigint {
    n: BigUint,
    g: BigUint,
}

impl NumBigint {
    pub fn new() -> Self {
        Self {
            n: BigUint::from_bytes_be(&hex_decode(N_HEX)),
            g: BigUint::from(2u8),
        }
    }
}

impl Group for NumBigint {
    fn large_a(&self, a: &[u8]) -> Vec<u8> {
        self.g
            .modpow(&BigUint::from_bytes_be(a), &self.n)
            .to_bytes_be()
    }

    fn s(&self, b: &[u8], k: &[u8], x: &[u8], a: &[u8], u: &[u8]) -> Vec<u8> {
        let n = &self.n;
        let x = BigUint::from_bytes_be(x);
        let v = self.g.modpow(&x, n);
        let kv = BigUint::from_bytes_be(k) * v % n;
        let base = (BigUint::from_bytes_be(b) % n + n - kv) % n;
        let e = BigUint::from_bytes_be(a) + BigUint::from_bytes_be(u) * x;
        base.modpow(&e, n).to_bytes_be()
    }

    fn b_is_zero_mod_n(&self, b: &[u8]) -> bool {
        (BigUint::from_bytes_be(b) % &self.n) == BigUint::ZERO
    }
}
