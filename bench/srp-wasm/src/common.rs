//! The hashing half of Cognito's SRP, shared by every big-integer candidate so
//! that they differ only in their modular arithmetic. Each candidate returns
//! its results as big-endian bytes.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// RFC 3526 §4: the 3072-bit MODP group's prime.
pub const N_HEX: &str = "\
FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F\
83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B\
E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510\
15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7\
ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C\
BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// Cognito's k = H(PAD(N) || PAD(g)), as bytes.
pub fn k_bytes() -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(pad(&hex_decode(N_HEX)));
    h.update([2u8]);
    h.finalize().into()
}

pub fn hex_decode(hex: &str) -> Vec<u8> {
    let digits: Vec<u8> = hex
        .bytes()
        .map(|c| (c as char).to_digit(16).expect("hex digit") as u8)
        .collect();
    let odd = digits.len() % 2;
    let mut out = Vec::with_capacity(digits.len() / 2 + 1);
    if odd == 1 {
        out.push(digits[0]);
    }
    for pair in digits[odd..].chunks(2) {
        out.push(pair[0] << 4 | pair[1]);
    }
    out
}

pub fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Unpadded lowercase hex of a big-endian integer (`SRP_A` on the wire).
pub fn int_hex(be: &[u8]) -> String {
    let s = hex_encode(strip(be));
    let t = s.trim_start_matches('0');
    if t.is_empty() {
        "0".into()
    } else {
        t.into()
    }
}

fn strip(be: &[u8]) -> &[u8] {
    let first = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    &be[first..]
}

/// PAD: minimal big-endian two's-complement bytes of a non-negative integer.
pub fn pad(be: &[u8]) -> Vec<u8> {
    let s = strip(be);
    let mut out = Vec::with_capacity(s.len() + 1);
    if s.first().is_none_or(|&b| b >= 0x80) {
        out.push(0);
    }
    out.extend_from_slice(s);
    out
}

pub struct Inputs<'a> {
    pub pool_name: &'a str,
    pub user_id: &'a str,
    pub password: &'a str,
    pub salt: Vec<u8>,
    pub b: Vec<u8>,
    pub secret_block: Vec<u8>,
    pub timestamp: &'a str,
}

/// u = H(PAD(A) || PAD(B)).
pub fn u(a_pub: &[u8], b_pub: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(pad(a_pub));
    h.update(pad(b_pub));
    h.finalize().into()
}

/// x = H(PAD(salt) || H(poolName || userId || ":" || password)).
pub fn x(inp: &Inputs) -> [u8; 32] {
    let inner = Sha256::new()
        .chain_update(inp.pool_name)
        .chain_update(inp.user_id)
        .chain_update(":")
        .chain_update(inp.password)
        .finalize();
    Sha256::new()
        .chain_update(pad(&inp.salt))
        .chain_update(inner)
        .finalize()
        .into()
}

/// HKDF (RFC 5869) with salt PAD(u), IKM PAD(S), info "Caldera Derived Key", L = 16.
pub fn key(u: &[u8], s: &[u8]) -> [u8; 16] {
    let mut prk = Hmac::<Sha256>::new_from_slice(&pad(u)).expect("any key length");
    prk.update(&pad(s));
    let prk = prk.finalize().into_bytes();
    let mut okm = Hmac::<Sha256>::new_from_slice(&prk).expect("any key length");
    okm.update(b"Caldera Derived Key\x01");
    let okm = okm.finalize().into_bytes();
    okm[..16].try_into().expect("16 of 32")
}

pub fn signature(key: &[u8; 16], inp: &Inputs) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(inp.pool_name.as_bytes());
    mac.update(inp.user_id.as_bytes());
    mac.update(&inp.secret_block);
    mac.update(inp.timestamp.as_bytes());
    mac.finalize().into_bytes().into()
}

/// What a candidate's modular arithmetic must supply.
pub trait Group {
    /// A = g^a mod N.
    fn large_a(&self, a: &[u8]) -> Vec<u8>;
    /// S = (B − k·g^x)^(a + u·x) mod N (B already checked non-zero mod N).
    fn s(&self, b: &[u8], k: &[u8], x: &[u8], a: &[u8], u: &[u8]) -> Vec<u8>;
    /// B mod N == 0?
    fn b_is_zero_mod_n(&self, b: &[u8]) -> bool;
}

/// One sign-in's client work: returns (hex A, key, signature).
pub fn sign_in(
    g: &dyn Group,
    a: &[u8],
    inp: &Inputs,
) -> Result<(String, [u8; 16], [u8; 32]), String> {
    let large_a = g.large_a(a);
    if g.b_is_zero_mod_n(&inp.b) {
        return Err("B mod N == 0".into());
    }
    let u = u(&large_a, &inp.b);
    if u.iter().all(|&b| b == 0) {
        return Err("u == 0".into());
    }
    let x = x(inp);
    let s = g.s(&inp.b, &k_bytes(), &x, a, &u);
    let key = key(&u, &s);
    let sig = signature(&key, inp);
    Ok((int_hex(&large_a), key, sig))
}
