//! The user pool's signing keys: its JSON Web Key Set at
//! `<issuer>/.well-known/jwks.json` (docs/cognito-protocol.md §5.1; RFC 7517
//! §5), read strictly, and the cache decisions of §5.4 step 2 ("cache the
//! set; fetch it again when a `kid` is unknown") as a plain state machine.

use crate::http::{HttpRequest, HttpResponse};
use crate::jwt::strict_base64url;
use serde_json::Value;
use std::collections::VecDeque;

/// RSA keys shorter than this are refused (RFC 7518 §3.3: "A key of size
/// 2048 bits or larger MUST be used").
pub const MIN_RSA_BITS: usize = 2048;
/// RSA keys longer than this are refused: nobody signs with them, and
/// verifying would be slow.
pub const MAX_RSA_BITS: usize = 8192;
/// The longest key set read, in bytes (Cognito's, two keys, is under 1 kB).
pub const MAX_JWKS_BYTES: usize = 64 * 1024;
/// How long after asking again for an unknown `kid` the same `kid` may
/// cause another fetch: a token naming keys that do not exist cannot make
/// the app fetch the set over and over.
pub const UNKNOWN_KID_RETRY_SECONDS: i64 = 300;

/// One RSA signing key of the set, checked: usable for RS256.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jwk {
    /// `kid`: what tokens name it by.
    pub kid: String,
    /// `n`: the modulus, base64url as in the set (what WebCrypto's JWK
    /// import takes).
    pub n: String,
    /// `e`: the public exponent, base64url.
    pub e: String,
    /// The modulus length in bytes: an RS256 signature has exactly this many.
    pub modulus_len: usize,
}

impl Jwk {
    /// The key as a public JWK JSON object (RFC 7517 §4, RFC 7518 §6.3.1),
    /// for `SubtleCrypto.importKey("jwk", …)`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": self.kid,
            "n": self.n,
            "e": self.e,
            "ext": true,
        })
        .to_string()
    }
}

/// A key set: the RS256 signing keys it holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Jwks {
    /// The usable keys, in the set's order.
    pub keys: Vec<Jwk>,
}

impl Jwks {
    /// The key named `kid`.
    pub fn get(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid == kid)
    }
}

/// Why the key set could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwksError {
    /// The endpoint answered another status than 200.
    #[error("the key set endpoint answered HTTP {status}")]
    Http {
        /// The HTTP status.
        status: u16,
    },
    /// Not a JSON object with a `keys` list.
    #[error("the key set is not a JSON object with a \"keys\" list")]
    NotAKeySet,
    /// Larger than [`MAX_JWKS_BYTES`].
    #[error("the key set is {len} bytes; at most {max} are read")]
    TooLarge {
        /// Its size.
        len: usize,
        /// [`MAX_JWKS_BYTES`].
        max: usize,
    },
    /// An RSA signing key that cannot be right: its `n` or `e` is not
    /// base64url, or it is too short or too long.
    #[error("the key {kid:?} is not a usable RSA key: {reason}")]
    BadKey {
        /// Its `kid`.
        kid: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Two keys with one `kid`: which one signs is ambiguous (RFC 7517 §4.5).
    #[error("two keys are named {0:?}")]
    DuplicateKid(String),
    /// No RS256 signing key at all.
    #[error("the key set has no RS256 signing key")]
    NoUsableKey,
}

impl JwksError {
    /// Whether asking again later may help: the endpoint failed (5xx) or
    /// throttled (429).
    pub fn is_transient(&self) -> bool {
        matches!(self, JwksError::Http { status } if *status >= 500 || *status == 429)
    }
}

/// `<issuer>/.well-known/jwks.json` (docs/cognito-protocol.md §5.1, §4.1).
pub fn jwks_url(issuer: &str) -> String {
    format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'))
}

/// `GET <issuer>/.well-known/jwks.json`. No headers: a simple CORS request.
pub fn jwks_request(issuer: &str) -> HttpRequest {
    HttpRequest {
        method: "GET",
        url: jwks_url(issuer),
        headers: Vec::new(),
        body: String::new(),
    }
}

/// The answer to [`jwks_request`]: 200 with a key set ([`parse_jwks`]).
pub fn parse_jwks_response(response: &HttpResponse) -> Result<Jwks, JwksError> {
    if response.status != 200 {
        return Err(JwksError::Http {
            status: response.status,
        });
    }
    parse_jwks(&response.body)
}

/// Reads a JWK Set (RFC 7517 §5). Keys that are not for RS256 signatures
/// (another `kty`, `use` other than `sig`, `alg` other than `RS256`, or
/// without a `kid`) are skipped, as RFC 7517 §5 says to; an RSA signing key
/// whose numbers are wrong is an error, and so is a set with no usable key
/// or two keys sharing a `kid`.
pub fn parse_jwks(body: &str) -> Result<Jwks, JwksError> {
    if body.len() > MAX_JWKS_BYTES {
        return Err(JwksError::TooLarge {
            len: body.len(),
            max: MAX_JWKS_BYTES,
        });
    }
    let value: Value = serde_json::from_str(body).map_err(|_| JwksError::NotAKeySet)?;
    let list = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or(JwksError::NotAKeySet)?;
    let mut keys: Vec<Jwk> = Vec::new();
    for entry in list {
        let text = |name: &str| entry.get(name).and_then(Value::as_str);
        let is_rs256_signing_key = text("kty") == Some("RSA")
            && text("use").is_none_or(|u| u == "sig")
            && text("alg").is_none_or(|a| a == "RS256");
        let Some(kid) = text("kid").filter(|k| !k.is_empty()) else {
            continue;
        };
        if !is_rs256_signing_key {
            continue;
        }
        let bad = |reason| JwksError::BadKey {
            kid: kid.to_owned(),
            reason,
        };
        let (n, e) = match (text("n"), text("e")) {
            (Some(n), Some(e)) => (n, e),
            _ => return Err(bad("n or e is missing")),
        };
        let modulus = strict_base64url(n, "n").map_err(|_| bad("n is not base64url"))?;
        let exponent = strict_base64url(e, "e").map_err(|_| bad("e is not base64url"))?;
        // RFC 7518 §6.3.1.1: no leading zero octets; the bit length is the
        // modulus's.
        let bits = match modulus.iter().position(|&b| b != 0) {
            Some(0) => modulus.len() * 8 - modulus[0].leading_zeros() as usize,
            _ => return Err(bad("n has leading zero octets")),
        };
        if !(MIN_RSA_BITS..=MAX_RSA_BITS).contains(&bits) {
            return Err(bad("the modulus is not 2048 to 8192 bits long"));
        }
        // A public exponent is odd and greater than 1 (SP 800-56B §6.2.1),
        // and small in practice (65537 = "AQAB").
        if exponent.is_empty()
            || exponent.len() > 8
            || exponent[0] == 0
            || exponent.last().is_some_and(|b| b % 2 == 0)
            || exponent == [1]
        {
            return Err(bad("e is not a usable public exponent"));
        }
        if keys.iter().any(|k| k.kid == kid) {
            return Err(JwksError::DuplicateKid(kid.to_owned()));
        }
        keys.push(Jwk {
            kid: kid.to_owned(),
            n: n.to_owned(),
            e: e.to_owned(),
            modulus_len: modulus.len(),
        });
    }
    if keys.is_empty() {
        return Err(JwksError::NoUsableKey);
    }
    Ok(Jwks { keys })
}

/// What to do for a `kid`, as [`JwksCache::lookup`] decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyLookup {
    /// The cached set has it.
    Found(Jwk),
    /// Nothing cached yet: fetch the set.
    Fetch,
    /// The cached set lacks it: the pool may have rotated its keys, so
    /// fetch the set again (once; then [`JwksCache::stored_after_refetch`]).
    Refetch,
    /// Unknown, and it was fetched again for recently: refuse the token.
    Unknown,
}

/// The cached key set and the `kid`s it was fetched again for, sans I/O.
///
/// Lookups answer from the cache; an unknown `kid` causes one fetch, and the
/// same unknown `kid` causes no other for [`UNKNOWN_KID_RETRY_SECONDS`]
/// (whatever a token names, the set is fetched at most once per `kid` in
/// that time; at most 16 such `kid`s are remembered).
#[derive(Clone, Debug, Default)]
pub struct JwksCache {
    keys: Option<Jwks>,
    fetched_at: i64,
    /// `kid`s that caused a fetch, and when, newest last.
    refetched: VecDeque<(String, i64)>,
}

const REMEMBERED_UNKNOWN_KIDS: usize = 16;

impl JwksCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// What to do for `kid` at `now`.
    pub fn lookup(&self, kid: &str, now: i64) -> KeyLookup {
        let Some(keys) = &self.keys else {
            return KeyLookup::Fetch;
        };
        if let Some(key) = keys.get(kid) {
            return KeyLookup::Found(key.clone());
        }
        let recently = self
            .refetched
            .iter()
            .any(|(k, at)| k == kid && now - at < UNKNOWN_KID_RETRY_SECONDS);
        if recently {
            KeyLookup::Unknown
        } else {
            KeyLookup::Refetch
        }
    }

    /// Keeps a freshly fetched set (after [`KeyLookup::Fetch`]).
    pub fn store(&mut self, keys: Jwks, now: i64) {
        self.keys = Some(keys);
        self.fetched_at = now;
    }

    /// Keeps the set fetched again for the unknown `kid` (after
    /// [`KeyLookup::Refetch`]), remembering that it was.
    pub fn stored_after_refetch(&mut self, kid: &str, keys: Jwks, now: i64) {
        self.store(keys, now);
        self.refetched.retain(|(k, _)| k != kid);
        self.refetched.push_back((kid.to_owned(), now));
        while self.refetched.len() > REMEMBERED_UNKNOWN_KIDS {
            self.refetched.pop_front();
        }
    }

    /// Remembers that `kid` caused a fetch that did not find it (the first
    /// fetch, or one that failed for good), so that `kid` does not cause
    /// another fetch for a while.
    pub fn refetch_failed(&mut self, kid: &str, now: i64) {
        self.refetched.retain(|(k, _)| k != kid);
        self.refetched.push_back((kid.to_owned(), now));
        while self.refetched.len() > REMEMBERED_UNKNOWN_KIDS {
            self.refetched.pop_front();
        }
    }

    /// When the set was last fetched (epoch seconds), if it was.
    pub fn fetched_at(&self) -> Option<i64> {
        self.keys.as_ref().map(|_| self.fetched_at)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use serde_json::json;

    /// A 2048-bit modulus (top bit set), base64url. Not a real key: the
    /// parser looks at the numbers, not at whether they factor.
    pub(crate) fn modulus(bits: usize) -> String {
        let mut bytes = vec![0xA5u8; bits.div_ceil(8)];
        let top = bits % 8;
        bytes[0] = if top == 0 { 0x80 } else { 1 << (top - 1) };
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub(crate) fn key(kid: &str) -> Value {
        json!({"kid": kid, "alg": "RS256", "kty": "RSA", "e": "AQAB", "n": modulus(2048), "use": "sig"})
    }

    fn set(keys: Vec<Value>) -> String {
        json!({ "keys": keys }).to_string()
    }

    /// Cognito's documented shape: two RS256 keys (§5.1).
    #[test]
    fn reads_cognitos_key_set() {
        let jwks = parse_jwks(&set(vec![key("id-key"), key("access-key")])).unwrap();
        assert_eq!(jwks.keys.len(), 2);
        let k = jwks.get("access-key").unwrap();
        assert_eq!(k.e, "AQAB");
        assert_eq!(k.modulus_len, 256);
        assert!(jwks.get("other").is_none());
        let exported: Value = serde_json::from_str(&k.to_json()).unwrap();
        assert_eq!(exported["kty"], "RSA");
        assert_eq!(exported["n"], modulus(2048));
    }

    #[test]
    fn skips_what_is_not_an_rs256_signing_key() {
        let jwks = parse_jwks(&set(vec![
            json!({"kid": "ec", "kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}),
            json!({"kid": "enc", "kty": "RSA", "use": "enc", "n": modulus(2048), "e": "AQAB"}),
            json!({"kid": "ps", "kty": "RSA", "alg": "PS256", "n": modulus(2048), "e": "AQAB"}),
            json!({"kty": "RSA", "n": modulus(2048), "e": "AQAB"}),
            // No `use`, no `alg`: allowed (both are optional).
            json!({"kid": "plain", "kty": "RSA", "n": modulus(2048), "e": "AQAB"}),
        ]))
        .unwrap();
        let kids: Vec<&str> = jwks.keys.iter().map(|k| k.kid.as_str()).collect();
        assert_eq!(kids, ["plain"]);
    }

    #[test]
    fn refuses_sets_and_keys_that_cannot_be_right() {
        let bad_key = |edit: Value| {
            let mut k = key("k");
            for (name, value) in edit.as_object().unwrap() {
                k[name] = value.clone();
            }
            parse_jwks(&set(vec![k]))
        };
        for (edit, reason) in [
            (
                json!({"n": modulus(1024)}),
                "the modulus is not 2048 to 8192 bits long",
            ),
            (
                json!({"n": modulus(2047)}),
                "the modulus is not 2048 to 8192 bits long",
            ),
            (
                json!({"n": modulus(8200)}),
                "the modulus is not 2048 to 8192 bits long",
            ),
            (
                json!({"n": format!("*{}", modulus(2048))}),
                "n is not base64url",
            ),
            (
                json!({"n": format!("{}=", modulus(2048))}),
                "n is not base64url",
            ),
            (json!({"e": "AQAB=="}), "e is not base64url"),
            (json!({"e": "AQ"}), "e is not a usable public exponent"),
            (json!({"e": "AAEAAQ"}), "e is not a usable public exponent"),
            (json!({"e": "AQAA"}), "e is not a usable public exponent"),
            (json!({"e": null}), "n or e is missing"),
        ] {
            assert_eq!(
                bad_key(edit.clone()),
                Err(JwksError::BadKey {
                    kid: "k".into(),
                    reason
                }),
                "{edit}"
            );
        }
        let leading_zero = URL_SAFE_NO_PAD
            .encode([vec![0u8], URL_SAFE_NO_PAD.decode(modulus(2048)).unwrap()].concat());
        assert!(matches!(
            bad_key(json!({"n": leading_zero})),
            Err(JwksError::BadKey {
                reason: "n has leading zero octets",
                ..
            })
        ));
        assert!(parse_jwks(&set(vec![key("k")])).is_ok());
        assert!(bad_key(json!({"n": modulus(4096)})).is_ok());

        assert_eq!(
            parse_jwks(&set(vec![key("k"), key("k")])),
            Err(JwksError::DuplicateKid("k".into()))
        );
        assert_eq!(parse_jwks(&set(vec![])), Err(JwksError::NoUsableKey));
        for body in ["", "[]", "{}", r#"{"keys": {}}"#, "<html>", "null"] {
            assert_eq!(parse_jwks(body), Err(JwksError::NotAKeySet), "{body}");
        }
        let huge = format!(r#"{{"keys":[],"pad":"{}"}}"#, "x".repeat(MAX_JWKS_BYTES));
        assert!(matches!(parse_jwks(&huge), Err(JwksError::TooLarge { .. })));
    }

    #[test]
    fn the_request_and_the_answer() {
        let r = jwks_request("http://127.0.0.1:9229/ap-northeast-1_Local");
        assert_eq!(r.method, "GET");
        assert_eq!(
            r.url,
            "http://127.0.0.1:9229/ap-northeast-1_Local/.well-known/jwks.json"
        );
        assert!(r.headers.is_empty(), "no preflight");
        let ok = HttpResponse {
            status: 200,
            headers: vec![],
            body: set(vec![key("k")]),
        };
        assert!(parse_jwks_response(&ok).is_ok());
        let down = HttpResponse {
            status: 503,
            headers: vec![],
            body: String::new(),
        };
        assert_eq!(
            parse_jwks_response(&down),
            Err(JwksError::Http { status: 503 })
        );
        assert!(JwksError::Http { status: 503 }.is_transient());
        assert!(JwksError::Http { status: 429 }.is_transient());
        assert!(!JwksError::Http { status: 404 }.is_transient());
        assert!(!JwksError::NoUsableKey.is_transient());
    }

    fn jwks(kids: &[&str]) -> Jwks {
        parse_jwks(&set(kids.iter().map(|k| key(k)).collect())).unwrap()
    }

    /// §5.4 step 2: cached, fetched again once for an unknown `kid`.
    #[test]
    fn the_cache_fetches_first_then_again_once_per_unknown_kid() {
        let mut cache = JwksCache::new();
        assert_eq!(cache.lookup("a", 0), KeyLookup::Fetch);
        assert_eq!(cache.fetched_at(), None);
        cache.store(jwks(&["a", "b"]), 0);
        assert!(matches!(cache.lookup("a", 1), KeyLookup::Found(k) if k.kid == "a"));
        assert!(matches!(cache.lookup("b", 1), KeyLookup::Found(_)));

        // A rotated key: fetched again, and then found.
        assert_eq!(cache.lookup("c", 2), KeyLookup::Refetch);
        cache.stored_after_refetch("c", jwks(&["b", "c"]), 2);
        assert!(matches!(cache.lookup("c", 3), KeyLookup::Found(_)));
        assert_eq!(cache.fetched_at(), Some(2));

        // A kid that does not exist: one fetch, then refused for a while.
        assert_eq!(cache.lookup("forged", 4), KeyLookup::Refetch);
        cache.stored_after_refetch("forged", jwks(&["b", "c"]), 4);
        assert_eq!(cache.lookup("forged", 5), KeyLookup::Unknown);
        assert_eq!(
            cache.lookup("forged", 4 + UNKNOWN_KID_RETRY_SECONDS - 1),
            KeyLookup::Unknown
        );
        assert_eq!(
            cache.lookup("forged", 4 + UNKNOWN_KID_RETRY_SECONDS),
            KeyLookup::Refetch
        );
        // Another unknown kid gets its own one fetch.
        assert_eq!(cache.lookup("other", 6), KeyLookup::Refetch);
        // A failed fetch counts as the one.
        cache.refetch_failed("other", 6);
        assert_eq!(cache.lookup("other", 7), KeyLookup::Unknown);
    }

    #[test]
    fn the_cache_remembers_a_bounded_number_of_unknown_kids() {
        let mut cache = JwksCache::new();
        cache.store(jwks(&["a"]), 0);
        for i in 0..40 {
            cache.stored_after_refetch(&format!("x{i}"), jwks(&["a"]), 1);
        }
        assert_eq!(cache.refetched.len(), REMEMBERED_UNKNOWN_KIDS);
        assert_eq!(cache.lookup("x39", 2), KeyLookup::Unknown);
        assert_eq!(cache.lookup("x0", 2), KeyLookup::Refetch, "forgotten");
    }
}
