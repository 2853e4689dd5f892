//! crypto-bigint 0.7: Montgomery form with the modulus's parameters computed
//! at compile time. Limbs are 64-bit on wasm32 unless built with
//! `--cfg cpubits="32"`.

use crate::common::{Group, N_HEX};
use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams, FixedMontyForm, FixedMontyParams};
use crypto_bigint::{BoxedUint, Choice, CtAssign, Odd, Uint, U3072};

const LIMBS: usize = U3072::LIMBS;
type Monty = FixedMontyForm<LIMBS>;

const PARAMS: FixedMontyParams<LIMBS> =
    FixedMontyParams::new_vartime(Odd::<U3072>::from_be_hex(N_HEX));

fn uint(be: &[u8]) -> U3072 {
    assert!(be.len() <= 384, "at most 3072 bits");
    let mut buf = [0u8; 384];
    buf[384 - be.len()..].copy_from_slice(be);
    U3072::from_be_slice(&buf)
}

fn bytes(x: &U3072) -> Vec<u8> {
    x.to_be_bytes().as_ref().to_vec()
}

/// How g^e (g = 2) and the final power are computed.
#[derive(Clone, Copy)]
pub enum Pow {
    /// `pow_bounded_exp`: constant time (window 4, constant-time table lookup).
    Ct,
    /// `pow_vartime`.
    Vartime,
    /// `pow_amm_bounded_exp`: almost-Montgomery multiplication, constant time.
    Amm,
    /// g = 2: square then a constant-time choice of the doubled value, so
    /// g^e costs |e| squarings and no multiplications; S as `Ct`.
    Double,
    /// Fixed-base comb (Lim–Lee, 4 rows, 16-entry table of powers of g,
    /// built once per page and cached): g^e for |e| <= 256 costs 63
    /// squarings and 64 multiplications; larger exponents as `Double`.
    Comb,
    /// `Comb` with the table built afresh for every sign-in (a page that
    /// signs in once).
    CombFresh,
}

const COMB_ROWS: u32 = 4;
const COMB_COLS: u32 = 64; // 256 / COMB_ROWS

/// table[j] = prod over set bits i of j of g^(2^(i * COMB_COLS)).
fn build_comb_table() -> [Monty; 16] {
    let mut rows = [Monty::new(&Uint::from_u8(2), &PARAMS); COMB_ROWS as usize];
    for i in 1..COMB_ROWS as usize {
        rows[i] = rows[i - 1].square_repeat_vartime(COMB_COLS);
    }
    core::array::from_fn(|j| {
        let mut t = Monty::one(&PARAMS);
        for (i, row) in rows.iter().enumerate() {
            if j >> i & 1 == 1 {
                t = t.mul(row);
            }
        }
        t
    })
}

fn cached_comb_table() -> &'static [Monty; 16] {
    static TABLE: std::sync::OnceLock<[Monty; 16]> = std::sync::OnceLock::new();
    TABLE.get_or_init(build_comb_table)
}

fn comb(e: &U3072, table: &[Monty; 16]) -> Monty {
    let mut z = Monty::one(&PARAMS);
    for c in (0..COMB_COLS).rev() {
        z = z.square();
        let mut idx = 0u64;
        for i in 0..COMB_ROWS {
            idx |= (e.bit_vartime(i * COMB_COLS + c) as u64) << i;
        }
        let mut t = table[0];
        for (j, entry) in table.iter().enumerate().skip(1) {
            t.ct_assign(entry, Choice::from_u64_eq(j as u64, idx));
        }
        z = z.mul(&t);
    }
    z
}

pub struct CryptoBigint(pub Pow);

fn exp_bits(a: &[u8]) -> u32 {
    // a + u·x: u and x are 256 bits each.
    (a.len() as u32 * 8).max(512) + 1
}

impl CryptoBigint {
    fn g_pow(&self, e: &U3072, bits: u32) -> Monty {
        let g = Monty::new(&Uint::from_u8(2), &PARAMS);
        match self.0 {
            Pow::Ct => g.pow_bounded_exp(e, bits),
            Pow::Vartime => g.pow_vartime(e),
            Pow::Amm => g.pow_amm_bounded_exp(e, bits),
            Pow::Comb if bits <= COMB_ROWS * COMB_COLS => comb(e, cached_comb_table()),
            Pow::CombFresh if bits <= COMB_ROWS * COMB_COLS => comb(e, &build_comb_table()),
            Pow::Double | Pow::Comb | Pow::CombFresh => {
                let mut z = Monty::one(&PARAMS);
                for i in (0..bits).rev() {
                    z = z.square();
                    let d = z.double();
                    z.ct_assign(&d, Choice::from_u64_lsb(e.bit_vartime(i) as u64));
                }
                z
            }
        }
    }

    fn pow(&self, base: &Monty, e: &U3072, bits: u32) -> Monty {
        match self.0 {
            Pow::Ct | Pow::Double | Pow::Comb | Pow::CombFresh => base.pow_bounded_exp(e, bits),
            Pow::Vartime => base.pow_vartime(e),
            Pow::Amm => base.pow_amm_bounded_exp(e, bits),
        }
    }
}

impl Group for CryptoBigint {
    fn large_a(&self, a: &[u8]) -> Vec<u8> {
        bytes(&self.g_pow(&uint(a), a.len() as u32 * 8).retrieve())
    }

    fn s(&self, b: &[u8], k: &[u8], x: &[u8], a: &[u8], u: &[u8]) -> Vec<u8> {
        let x = uint(x);
        let v = self.g_pow(&x, 256);
        let kv = Monty::new(&uint(k), &PARAMS).mul(&v);
        let b = Monty::new(&uint(b), &PARAMS);
        let base = b.sub(&kv);
        let e = uint(u).wrapping_mul(&x).wrapping_add(&uint(a));
        bytes(&self.pow(&base, &e, exp_bits(a)).retrieve())
    }

    fn b_is_zero_mod_n(&self, b: &[u8]) -> bool {
        Monty::new(&uint(b), &PARAMS).retrieve().is_zero().to_bool()
    }
}

/// `BoxedMontyForm` (heap limbs, modulus parameters computed at run time).
pub struct Boxed {
    params: BoxedMontyParams,
}

impl Boxed {
    pub fn new() -> Self {
        let n = BoxedUint::from_be_slice(&crate::common::hex_decode(N_HEX), 3072).expect("N");
        Self {
            params: BoxedMontyParams::new(Odd::new(n).expect("N is odd")),
        }
    }

    fn uint(&self, be: &[u8]) -> BoxedUint {
        BoxedUint::from_be_slice(&bytes(&uint(be)), 3072).expect("3072 bits")
    }
}

impl Group for Boxed {
    fn large_a(&self, a: &[u8]) -> Vec<u8> {
        let g = BoxedMontyForm::new(self.uint(&[2]), &self.params);
        g.pow_bounded_exp(&self.uint(a), a.len() as u32 * 8)
            .retrieve()
            .to_be_bytes()
            .to_vec()
    }

    fn s(&self, b: &[u8], k: &[u8], x: &[u8], a: &[u8], u: &[u8]) -> Vec<u8> {
        let p = &self.params;
        let xi = self.uint(x);
        let v = BoxedMontyForm::new(self.uint(&[2]), p).pow_bounded_exp(&xi, 256);
        let kv = BoxedMontyForm::new(self.uint(k), p).mul(&v);
        let base = BoxedMontyForm::new(self.uint(b), p).sub(&kv);
        let e = self.uint(&bytes(
            &uint(u).wrapping_mul(&uint(x)).wrapping_add(&uint(a)),
        ));
        base.pow_bounded_exp(&e, exp_bits(a))
            .retrieve()
            .to_be_bytes()
            .to_vec()
    }

    fn b_is_zero_mod_n(&self, b: &[u8]) -> bool {
        BoxedMontyForm::new(self.uint(b), &self.params)
            .is_zero()
            .to_bool()
    }
}
