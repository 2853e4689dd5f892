//! RS256 signing keys, and JWS (RFC 7515 compact serialisation; RFC 7518
//! §3.3 `RS256` = RSASSA-PKCS1-v1_5 with SHA-256) by the `jsonwebtoken`
//! crate.
//!
//! Like Cognito, each pool signs ID and access tokens with different keys
//! (different `kid`), both published in the pool's JWKS (Developer Guide,
//! "Verifying a JSON Web Token"). Keys are generated on first start and kept
//! as PKCS#8 PEM in `<data-dir>/keys/<pool-id>/`, so tokens survive a
//! restart.

use std::fs;
use std::path::Path;

use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse, ThumbprintHash};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::RsaPrivateKey;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::store::write_atomic;

/// One RSA-2048 key with its `kid` (its RFC 7638 JWK thumbprint).
pub struct JwtKey {
    /// The key id: the `kid` header of tokens signed with it and of its JWK.
    pub kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// The public key as published.
    jwk: Jwk,
}

/// A pool's two keys.
pub struct PoolKeys {
    /// Signs ID tokens (`id-token.pem`).
    pub id_token: JwtKey,
    /// Signs access tokens (`access-token.pem`).
    pub access_token: JwtKey,
}

impl PoolKeys {
    /// Loads `id-token.pem` and `access-token.pem` from `dir`, generating
    /// whichever is missing.
    pub fn load_or_generate(dir: &Path) -> Result<PoolKeys, Error> {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the keys directory", e))?;
        Ok(PoolKeys {
            id_token: JwtKey::load_or_generate(&dir.join("id-token.pem"))?,
            access_token: JwtKey::load_or_generate(&dir.join("access-token.pem"))?,
        })
    }

    /// The pool's JWKS document (RFC 7517 §5).
    pub fn jwks(&self) -> JwkSet {
        JwkSet {
            keys: vec![self.id_token.jwk.clone(), self.access_token.jwk.clone()],
        }
    }
}

impl JwtKey {
    fn load_or_generate(path: &Path) -> Result<JwtKey, Error> {
        match fs::read_to_string(path) {
            Ok(pem) => {
                let key = RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| Error::Data {
                    path: path.to_owned(),
                    message: format!(
                        "not a PKCS#8 PEM RSA private key ({e}).\n\
                         Delete the file to have a new key generated (tokens signed with \
                         the old key will then fail verification)."
                    ),
                })?;
                JwtKey::from_private(&key).map_err(|message| Error::Data {
                    path: path.to_owned(),
                    message,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).map_err(|e| {
                    Error::io(path, "generate an RSA key", std::io::Error::other(e))
                })?;
                let pem = key
                    .to_pkcs8_pem(LineEnding::LF)
                    .map_err(|e| Error::io(path, "encode the RSA key", std::io::Error::other(e)))?;
                write_atomic(path, pem.as_bytes())
                    .map_err(|e| Error::io(path, "write the RSA key", e))?;
                restrict_permissions(path);
                JwtKey::from_private(&key)
                    .map_err(|e| Error::io(path, "use the RSA key", std::io::Error::other(e)))
            }
            Err(e) => Err(Error::io(path, "read the RSA key", e)),
        }
    }

    /// The signing key for `key`, its public JWK and `kid`.
    pub fn from_private(key: &RsaPrivateKey) -> Result<JwtKey, String> {
        let der = key
            .to_pkcs1_der()
            .map_err(|e| format!("cannot encode the RSA key: {e}"))?;
        let encoding = EncodingKey::from_rsa_der(der.as_bytes());
        let mut jwk = Jwk::from_encoding_key(&encoding, Algorithm::RS256)
            .map_err(|e| format!("cannot make a JWK of the RSA key: {e}"))?;
        let kid = jwk.thumbprint(ThumbprintHash::SHA256);
        jwk.common.key_id = Some(kid.clone());
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        let decoding = DecodingKey::from_jwk(&jwk)
            .map_err(|e| format!("cannot use the RSA public key: {e}"))?;
        Ok(JwtKey {
            kid,
            encoding,
            decoding,
            jwk,
        })
    }

    /// Signs `claims` as a compact JWS with the header `{"alg","kid"}` (no
    /// `typ`, as Cognito's tokens have none).
    pub fn sign(&self, claims: &Map<String, Value>) -> String {
        let header = Header {
            typ: None,
            kid: Some(self.kid.clone()),
            ..Header::new(Algorithm::RS256)
        };
        crate::metrics::time(crate::metrics::Span::TokenSign, || {
            jsonwebtoken::encode(&header, claims, &self.encoding)
                .expect("RS256 signing with a valid RSA key does not fail")
        })
    }

    /// Verifies a compact JWS made by [`JwtKey::sign`] and returns its claims.
    /// `None` for anything malformed, another `kid`/`alg`, or a bad signature.
    /// Expiry is the caller's to check, by the emulator's clock.
    pub fn verify(&self, token: &str) -> Option<Map<String, Value>> {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let data =
            jsonwebtoken::decode::<Map<String, Value>>(token, &self.decoding, &validation).ok()?;
        (data.header.kid.as_deref() == Some(self.kid.as_str())).then_some(data.claims)
    }
}

/// The `kid` of a JWS header, without verifying anything.
pub fn header_kid(token: &str) -> Option<String> {
    jsonwebtoken::decode_header(token).ok()?.kid
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // A private key: readable by its owner only. Failure is not fatal.
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
    use base64::Engine;
    use rsa::traits::PublicKeyParts;
    use serde_json::json;
    use sha2::{Digest, Sha256};

    use super::*;

    fn new_key() -> (RsaPrivateKey, JwtKey) {
        let private = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let key = JwtKey::from_private(&private).unwrap();
        (private, key)
    }

    fn part(token: &str, i: usize) -> Value {
        let text = B64URL.decode(token.split('.').nth(i).unwrap()).unwrap();
        serde_json::from_slice(&text).unwrap()
    }

    #[test]
    fn tokens_round_trip_and_tampering_is_refused() {
        let (private, key) = new_key();
        let claims: Map<String, Value> =
            serde_json::from_value(json!({"sub": "u", "exp": 1, "token_use": "access"})).unwrap();
        let token = key.sign(&claims);
        // Cognito's header members: `kid` and `alg`, no `typ`.
        assert_eq!(part(&token, 0), json!({"kid": key.kid, "alg": "RS256"}));
        assert_eq!(header_kid(&token).as_deref(), Some(key.kid.as_str()));
        // An expired `exp` is the caller's business (the emulator's clock).
        assert_eq!(key.verify(&token), Some(claims.clone()));

        let mut parts: Vec<&str> = token.split('.').collect();
        let forged = B64URL.encode(br#"{"sub":"admin","exp":1}"#);
        parts[1] = &forged;
        assert_eq!(key.verify(&parts.join(".")), None, "payload swapped");
        let none = B64URL.encode(format!(r#"{{"kid":"{}","alg":"none"}}"#, key.kid));
        assert_eq!(
            key.verify(&format!("{none}.{}.", token.split('.').nth(1).unwrap())),
            None,
            "alg none"
        );
        assert_eq!(key.verify("not.a.jws"), None);

        // The kid is derived from the key; only the signing key verifies.
        let again = JwtKey::from_private(&private).unwrap();
        assert_eq!(again.kid, key.kid);
        let (_, stranger) = new_key();
        assert_ne!(stranger.kid, key.kid);
        assert_eq!(stranger.verify(&token), None);
    }

    #[test]
    fn kid_is_the_rfc7638_thumbprint_and_the_jwk_is_public() {
        let (private, key) = new_key();
        let public = private.to_public_key();
        let (e, n) = (
            B64URL.encode(public.e().to_bytes_be()),
            B64URL.encode(public.n().to_bytes_be()),
        );
        // RFC 7638 §3: the required members in lexicographic order, no
        // whitespace — so keys made before the switch to `jsonwebtoken`
        // keep their `kid`.
        let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
        assert_eq!(key.kid, B64URL.encode(Sha256::digest(canonical.as_bytes())));
        let jwk = serde_json::to_value(&key.jwk).unwrap();
        assert_eq!(
            jwk,
            json!({"kid": key.kid, "alg": "RS256", "kty": "RSA", "e": e, "n": n, "use": "sig"})
        );
    }
}
