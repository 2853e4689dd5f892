//! RS256 signing keys and hand-rolled JWS (RFC 7515 compact serialisation,
//! RFC 7518 §3.3 `RS256` = RSASSA-PKCS1-v1_5 with SHA-256).
//!
//! Like Cognito, each pool signs ID and access tokens with different keys
//! (different `kid`), both published in the pool's JWKS (COGNITO.md §5.1).
//! Keys are generated on first start and kept as PKCS#8 PEM in
//! `<data-dir>/keys/<pool-id>/`, so tokens survive a restart.

use std::fs;
use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::store::write_atomic;
use crate::Error;

/// One RSA-2048 key with its `kid`.
pub struct JwtKey {
    pub kid: String,
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    public: RsaPublicKey,
}

/// A pool's two keys.
pub struct PoolKeys {
    pub id_token: JwtKey,
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

    /// The pool's JWKS document.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.id_token.jwk(), self.access_token.jwk()] })
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
                Ok(JwtKey::from_private(key))
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
                Ok(JwtKey::from_private(key))
            }
            Err(e) => Err(Error::io(path, "read the RSA key", e)),
        }
    }

    pub fn from_private(key: RsaPrivateKey) -> JwtKey {
        let public = key.to_public_key();
        JwtKey {
            kid: thumbprint(&public),
            verifying: VerifyingKey::new(public.clone()),
            signing: SigningKey::new(key),
            public,
        }
    }

    /// The public key as a JWK (RFC 7517), as Cognito publishes it.
    pub fn jwk(&self) -> Value {
        json!({
            "kid": self.kid,
            "alg": "RS256",
            "kty": "RSA",
            "e": B64URL.encode(self.public.e().to_bytes_be()),
            "n": B64URL.encode(self.public.n().to_bytes_be()),
            "use": "sig",
        })
    }

    /// Signs `claims` as a compact JWS with header `{"kid","alg"}` (Cognito's
    /// member order).
    pub fn sign(&self, claims: &Map<String, Value>) -> String {
        let header = format!(
            "{{\"kid\":{},\"alg\":\"RS256\"}}",
            Value::String(self.kid.clone())
        );
        let payload = serde_json::to_vec(claims).expect("claims serialise");
        let signing_input = format!("{}.{}", B64URL.encode(header), B64URL.encode(payload));
        let signature: Signature = self.signing.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", B64URL.encode(signature.to_bytes()))
    }

    /// Verifies a compact JWS made by [`JwtKey::sign`] and returns its claims.
    /// `None` for anything malformed, another `kid`/`alg`, or a bad signature.
    pub fn verify(&self, token: &str) -> Option<Map<String, Value>> {
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&B64URL.decode(h).ok()?).ok()?;
        if header.get("alg")? != "RS256" || header.get("kid")? != self.kid.as_str() {
            return None;
        }
        let signature = Signature::try_from(B64URL.decode(s).ok()?.as_slice()).ok()?;
        self.verifying
            .verify(format!("{h}.{p}").as_bytes(), &signature)
            .ok()?;
        serde_json::from_slice(&B64URL.decode(p).ok()?).ok()
    }
}

/// The `kid` of a JWS header, without verifying anything.
pub fn header_kid(token: &str) -> Option<String> {
    let header = token.split('.').next()?;
    let header: Value = serde_json::from_slice(&B64URL.decode(header).ok()?).ok()?;
    header.get("kid")?.as_str().map(str::to_owned)
}

/// RFC 7638 JWK thumbprint: a stable `kid` derived from the key itself.
fn thumbprint(key: &RsaPublicKey) -> String {
    let canonical = format!(
        "{{\"e\":\"{}\",\"kty\":\"RSA\",\"n\":\"{}\"}}",
        B64URL.encode(key.e().to_bytes_be()),
        B64URL.encode(key.n().to_bytes_be())
    );
    B64URL.encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // A private key: readable by its owner only. Failure is not fatal.
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) {}
