//! Verifying the pool's tokens (docs/cognito-protocol.md §5.4): every key-free
//! check of [`crate::token_check`], then the RS256 signature with the key the
//! token's `kid` names in the pool's key set, which is fetched through a
//! [`Transport`] and cached ([`JwksCache`]).
//!
//! The RSA arithmetic is not here: a [`SignatureVerifier`] does it (WebCrypto
//! in the browser; a native RSA crate in tests), as a [`Transport`] moves
//! bytes.

use crate::flow::Tokens;
use crate::http::{HttpRequest, Transport};
use crate::jwks::{jwks_request, parse_jwks_response, Jwk, JwksCache, JwksError, KeyLookup};
use crate::jwt::Claims;
use crate::token_check::{check_at_hash, check_token, TokenError, TokenExpectations, TokenUse};
use std::cell::RefCell;
use std::future::Future;

/// The platform could not run the signature check at all (no WebCrypto, a
/// key it would not import). Never "the signature is wrong": that is
/// `Ok(false)`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct VerifierError {
    /// What the platform said.
    pub message: String,
}

/// Checks RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3).
pub trait SignatureVerifier {
    /// Whether `signature` is `key`'s RS256 signature of `signing_input`.
    fn verify_rs256(
        &self,
        key: &Jwk,
        signing_input: &[u8],
        signature: &[u8],
    ) -> impl Future<Output = Result<bool, VerifierError>>;
}

/// Why a token was not verified.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The token itself is wrong: format, header or claims.
    #[error(transparent)]
    Refused(#[from] TokenError),
    /// No key of the pool has the token's `kid`, even after fetching the
    /// set again.
    #[error("no key of the user pool is named {kid:?}")]
    UnknownKey {
        /// The token's `kid`.
        kid: String,
    },
    /// The signature does not verify with the key the token names.
    #[error("the signature does not verify with the key {kid:?}")]
    BadSignature {
        /// The key's `kid`.
        kid: String,
    },
    /// The key set came but could not be used.
    #[error("the user pool's key set: {0}")]
    Jwks(JwksError),
    /// The key set could not be fetched at all.
    #[error("could not reach {endpoint}: {message}")]
    Transport {
        /// The key set's URL.
        endpoint: String,
        /// What the platform said.
        message: String,
    },
    /// The signature check could not run.
    #[error("the signature could not be checked: {0}")]
    Verifier(VerifierError),
}

impl VerifyError {
    /// Whether the token may verify later: the key set was out of reach
    /// (offline, 5xx). Everything else is a verdict on the token.
    pub fn is_transient(&self) -> bool {
        match self {
            VerifyError::Transport { .. } => true,
            VerifyError::Jwks(e) => e.is_transient(),
            _ => false,
        }
    }
}

/// A token that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedToken {
    /// Its claims.
    pub claims: Claims,
    /// The `kid` of the key whose signature verified.
    pub kid: String,
}

/// An ID token and an access token of one sign-in, both verified.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedTokens {
    /// The ID token's.
    pub id: VerifiedToken,
    /// The access token's.
    pub access: VerifiedToken,
}

/// Verifies the pool's tokens with its key set, fetched from
/// `<issuer>/.well-known/jwks.json` and cached here.
///
/// Not `Sync`: the cache is a `RefCell`, borrowed only between awaits.
pub struct TokenVerifier<T, V> {
    transport: T,
    verifier: V,
    expected: TokenExpectations,
    cache: RefCell<JwksCache>,
    fetches: RefCell<u32>,
}

impl<T: Transport, V: SignatureVerifier> TokenVerifier<T, V> {
    /// A verifier for the tokens `expected` describes (issuer, app client,
    /// skew), fetching the key set through `transport`.
    pub fn new(transport: T, verifier: V, expected: TokenExpectations) -> Self {
        Self {
            transport,
            verifier,
            expected,
            cache: RefCell::new(JwksCache::new()),
            fetches: RefCell::new(0),
        }
    }

    /// What tokens must say.
    pub fn expectations(&self) -> &TokenExpectations {
        &self.expected
    }

    /// How many times the key set was fetched (for tests and diagnostics).
    pub fn jwks_fetches(&self) -> u32 {
        *self.fetches.borrow()
    }

    /// Verifies `token` as a `token_use` token at `now`: every key-free
    /// check first (§5.4 steps 1, 3–6: a token that fails them costs no
    /// request), then the signature with the key its `kid` names (step 2).
    pub async fn verify(
        &self,
        token: &str,
        token_use: TokenUse,
        now: i64,
    ) -> Result<VerifiedToken, VerifyError> {
        let (jws, kid) = check_token(token, token_use, &self.expected, now)?;
        let key = self.key(&kid, now).await?;
        // An RS256 signature is exactly as long as the modulus (RFC 8017
        // §8.2.2 step 1).
        if jws.signature.len() != key.modulus_len {
            return Err(VerifyError::BadSignature { kid });
        }
        let valid = self
            .verifier
            .verify_rs256(&key, jws.signing_input.as_bytes(), &jws.signature)
            .await
            .map_err(VerifyError::Verifier)?;
        if !valid {
            return Err(VerifyError::BadSignature { kid });
        }
        Ok(VerifiedToken {
            claims: jws.claims,
            kid,
        })
    }

    /// Verifies the ID and the access token of `tokens` (the ID token
    /// first), and that they belong together: the same `sub`, and — for
    /// tokens from the user pool domain's token endpoint — the ID token's
    /// `at_hash` matches the access token (OIDC Core §3.1.3.8).
    pub async fn verify_tokens(
        &self,
        tokens: &Tokens,
        check_at_hash_claim: bool,
        now: i64,
    ) -> Result<VerifiedTokens, (TokenUse, VerifyError)> {
        let id = self
            .verify(tokens.id_token.expose(), TokenUse::Id, now)
            .await
            .map_err(|e| (TokenUse::Id, e))?;
        let access = self
            .verify(tokens.access_token.expose(), TokenUse::Access, now)
            .await
            .map_err(|e| (TokenUse::Access, e))?;
        if check_at_hash_claim {
            check_at_hash(&id.claims, tokens.access_token.expose())
                .map_err(|e| (TokenUse::Id, e.into()))?;
        }
        if id.claims.get("sub") != access.claims.get("sub") {
            return Err((
                TokenUse::Access,
                VerifyError::Refused(TokenError::SubjectMismatch),
            ));
        }
        Ok(VerifiedTokens { id, access })
    }

    /// The key named `kid`: from the cache, or after fetching the set
    /// (again, once, for a `kid` the cached set lacks).
    async fn key(&self, kid: &str, now: i64) -> Result<Jwk, VerifyError> {
        let lookup = self.cache.borrow().lookup(kid, now);
        match lookup {
            KeyLookup::Found(key) => Ok(key),
            KeyLookup::Unknown => Err(VerifyError::UnknownKey {
                kid: kid.to_owned(),
            }),
            KeyLookup::Fetch => {
                let keys = self.fetch().await?;
                self.cache.borrow_mut().store(keys, now);
                let found = self.found_after_fetch(kid, now);
                if found.is_err() {
                    // The set is as fresh as it gets: no fetch again for it.
                    self.cache.borrow_mut().refetch_failed(kid, now);
                }
                found
            }
            KeyLookup::Refetch => match self.fetch().await {
                Ok(keys) => {
                    self.cache.borrow_mut().stored_after_refetch(kid, keys, now);
                    self.found_after_fetch(kid, now)
                }
                Err(e) => {
                    // Out of reach: the next verification may try again.
                    if !e.is_transient() {
                        self.cache.borrow_mut().refetch_failed(kid, now);
                    }
                    Err(e)
                }
            },
        }
    }

    fn found_after_fetch(&self, kid: &str, now: i64) -> Result<Jwk, VerifyError> {
        match self.cache.borrow().lookup(kid, now) {
            KeyLookup::Found(key) => Ok(key),
            _ => Err(VerifyError::UnknownKey {
                kid: kid.to_owned(),
            }),
        }
    }

    async fn fetch(&self) -> Result<crate::jwks::Jwks, VerifyError> {
        *self.fetches.borrow_mut() += 1;
        let request: HttpRequest = jwks_request(&self.expected.issuer);
        let endpoint = request.url.clone();
        let response = self
            .transport
            .send(request)
            .await
            .map_err(|e| VerifyError::Transport {
                endpoint,
                message: e.message,
            })?;
        parse_jwks_response(&response).map_err(VerifyError::Jwks)
    }
}

// Native only: the `rsa` crate and tokio stand in for WebCrypto and the
// browser (tests/web.rs runs the WebCrypto side).
#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod tests {
    use super::*;
    use crate::http::{HttpResponse, TransportError};
    use crate::jwks::tests::key;
    use crate::secret::{AccessToken, IdToken};
    use crate::token_check::at_hash;
    use crate::token_check::tests::{access_claims, id_claims, CLIENT, ISSUER, NOW};
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
    use rsa::signature::{SignatureEncoding, Signer, Verifier};
    use rsa::traits::PublicKeyParts;
    use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
    use serde_json::{json, Value};
    use sha2::Sha256;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::sync::OnceLock;

    /// Two 2048-bit keys, made once for all tests (key generation is slow).
    pub(crate) fn test_keys() -> &'static [RsaPrivateKey; 2] {
        static KEYS: OnceLock<[RsaPrivateKey; 2]> = OnceLock::new();
        KEYS.get_or_init(|| {
            let mut rng = rand::rngs::OsRng;
            [
                RsaPrivateKey::new(&mut rng, 2048).unwrap(),
                RsaPrivateKey::new(&mut rng, 2048).unwrap(),
            ]
        })
    }

    /// The public JWK of `private`, named `kid`.
    pub(crate) fn public_jwk(kid: &str, private: &RsaPrivateKey) -> Value {
        let public = private.to_public_key();
        json!({
            "kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig",
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
        })
    }

    /// A compact JWS of `header` and `claims`, RS256-signed by `private`.
    pub(crate) fn sign(header: &Value, claims: &Value, private: &RsaPrivateKey) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signer = SigningKey::<Sha256>::new(private.clone());
        let signature = signer.sign(input.as_bytes()).to_vec();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// RS256 with the `rsa` crate: the native stand-in for WebCrypto.
    pub(crate) struct RsaVerifier;

    impl SignatureVerifier for RsaVerifier {
        async fn verify_rs256(
            &self,
            key: &Jwk,
            signing_input: &[u8],
            signature: &[u8],
        ) -> Result<bool, VerifierError> {
            let number = |b64: &str| {
                URL_SAFE_NO_PAD
                    .decode(b64)
                    .map(|bytes| BigUint::from_bytes_be(&bytes))
                    .map_err(|e| VerifierError {
                        message: e.to_string(),
                    })
            };
            let public =
                RsaPublicKey::new(number(&key.n)?, number(&key.e)?).map_err(|e| VerifierError {
                    message: e.to_string(),
                })?;
            let Ok(signature) = Signature::try_from(signature) else {
                return Ok(false);
            };
            Ok(VerifyingKey::<Sha256>::new(public)
                .verify(signing_input, &signature)
                .is_ok())
        }
    }

    /// Answers every request with the key set in `body` (or a failure), and
    /// counts the requests.
    #[derive(Clone)]
    pub(crate) struct KeySetServer {
        pub body: Rc<std::cell::RefCell<Result<String, u16>>>,
        pub requests: Rc<Cell<u32>>,
    }

    impl KeySetServer {
        pub(crate) fn serving(keys: Vec<Value>) -> Self {
            Self {
                body: Rc::new(std::cell::RefCell::new(Ok(
                    json!({ "keys": keys }).to_string()
                ))),
                requests: Rc::new(Cell::new(0)),
            }
        }

        pub(crate) fn now_serving(&self, keys: Vec<Value>) {
            *self.body.borrow_mut() = Ok(json!({ "keys": keys }).to_string());
        }
    }

    impl Transport for KeySetServer {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            assert_eq!(request.url, format!("{ISSUER}/.well-known/jwks.json"));
            self.requests.set(self.requests.get() + 1);
            match &*self.body.borrow() {
                Ok(body) => Ok(HttpResponse {
                    status: 200,
                    headers: vec![],
                    body: body.clone(),
                }),
                Err(0) => Err(TransportError {
                    message: "offline".into(),
                }),
                Err(status) => Ok(HttpResponse {
                    status: *status,
                    headers: vec![],
                    body: String::new(),
                }),
            }
        }
    }

    fn header(kid: &str) -> Value {
        json!({"kid": kid, "alg": "RS256"})
    }

    /// The pool of these tests: the ID key and the access key, as on Cognito.
    fn pool_keys() -> Vec<Value> {
        let [a, b] = test_keys();
        vec![public_jwk("id-key", a), public_jwk("access-key", b)]
    }

    fn verifier(server: &KeySetServer) -> TokenVerifier<KeySetServer, RsaVerifier> {
        TokenVerifier::new(
            server.clone(),
            RsaVerifier,
            TokenExpectations::new(ISSUER, CLIENT),
        )
    }

    fn run<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn good_tokens() -> Tokens {
        let [a, b] = test_keys();
        let access = sign(&header("access-key"), &access_claims(NOW), b);
        let mut id = id_claims(NOW);
        id["at_hash"] = json!(at_hash(&access));
        Tokens {
            id_token: IdToken::new(sign(&header("id-key"), &id, a)),
            access_token: AccessToken::new(access),
            refresh_token: None,
            expires_at: NOW + 3600,
        }
    }

    #[test]
    fn good_tokens_verify_and_name_their_keys_with_one_fetch() {
        let server = KeySetServer::serving(pool_keys());
        let v = verifier(&server);
        let verified = run(v.verify_tokens(&good_tokens(), true, NOW)).unwrap();
        assert_eq!(verified.id.kid, "id-key");
        assert_eq!(verified.access.kid, "access-key");
        assert_eq!(verified.id.claims["email"], "user@example.com");
        assert_eq!(server.requests.get(), 1, "the set is cached");
        run(v.verify_tokens(&good_tokens(), true, NOW + 10)).unwrap();
        assert_eq!(server.requests.get(), 1);
        assert_eq!(v.jwks_fetches(), 1);
    }

    #[test]
    fn a_signature_that_does_not_verify_is_refused() {
        let [a, b] = test_keys();
        let server = KeySetServer::serving(pool_keys());
        let v = verifier(&server);
        let good = sign(&header("id-key"), &id_claims(NOW), a);

        // One flipped bit in the signature.
        let (input, signature) = good.rsplit_once('.').unwrap();
        let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
        bytes[17] ^= 0x01;
        let flipped = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&bytes));
        assert_eq!(
            run(v.verify(&flipped, TokenUse::Id, NOW)),
            Err(VerifyError::BadSignature {
                kid: "id-key".into()
            })
        );
        // One changed claim under the original signature.
        let mut claims = id_claims(NOW);
        claims["email"] = json!("attacker@example.com");
        let forged = format!(
            "{}.{}.{signature}",
            URL_SAFE_NO_PAD.encode(header("id-key").to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        assert!(matches!(
            run(v.verify(&forged, TokenUse::Id, NOW)),
            Err(VerifyError::BadSignature { .. })
        ));
        // Signed by the other key, naming this one.
        let other = sign(&header("id-key"), &id_claims(NOW), b);
        assert!(matches!(
            run(v.verify(&other, TokenUse::Id, NOW)),
            Err(VerifyError::BadSignature { .. })
        ));
        // A truncated signature.
        let short = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&bytes[..255]));
        assert!(matches!(
            run(v.verify(&short, TokenUse::Id, NOW)),
            Err(VerifyError::BadSignature { .. })
        ));
        assert!(run(v.verify(&good, TokenUse::Id, NOW)).is_ok());
    }

    /// A key the pool does not have: the set is fetched again once, and the
    /// token refused. A rotated key: fetched again, and accepted.
    #[test]
    fn an_unknown_kid_fetches_the_set_again_once() {
        let [a, _] = test_keys();
        let server = KeySetServer::serving(pool_keys());
        let v = verifier(&server);
        run(v.verify_tokens(&good_tokens(), true, NOW)).unwrap();
        assert_eq!(server.requests.get(), 1);
        let stranger = RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        let foreign = sign(&header("not-ours"), &id_claims(NOW), &stranger);
        assert_eq!(
            run(v.verify(&foreign, TokenUse::Id, NOW)),
            Err(VerifyError::UnknownKey {
                kid: "not-ours".into()
            })
        );
        // Fetched once again for the unknown kid.
        assert_eq!(server.requests.get(), 2);
        assert!(run(v.verify(&foreign, TokenUse::Id, NOW + 1)).is_err());
        assert_eq!(server.requests.get(), 2, "not again for the same kid");
        // With nothing cached, the first fetch is the one.
        let fresh = KeySetServer::serving(pool_keys());
        let v2 = verifier(&fresh);
        assert!(run(v2.verify(&foreign, TokenUse::Id, NOW)).is_err());
        assert!(run(v2.verify(&foreign, TokenUse::Id, NOW)).is_err());
        assert_eq!(fresh.requests.get(), 1);

        // The pool rotates: a new kid appears in the set.
        server.now_serving(vec![public_jwk("rotated", a)]);
        let rotated = sign(&header("rotated"), &id_claims(NOW), a);
        let verified = run(v.verify(&rotated, TokenUse::Id, NOW + 2)).unwrap();
        assert_eq!(verified.kid, "rotated");
        assert_eq!(server.requests.get(), 3);
    }

    #[test]
    fn an_unreachable_key_set_is_transient_and_tried_again() {
        let server = KeySetServer::serving(pool_keys());
        *server.body.borrow_mut() = Err(0);
        let v = verifier(&server);
        let tokens = good_tokens();
        let (which, error) = run(v.verify_tokens(&tokens, true, NOW)).unwrap_err();
        assert_eq!(which, TokenUse::Id);
        assert!(error.is_transient(), "{error:?}");
        assert!(
            matches!(error, VerifyError::Transport { ref endpoint, .. } if endpoint.ends_with("/.well-known/jwks.json"))
        );
        *server.body.borrow_mut() = Err(503);
        assert!(run(v.verify_tokens(&tokens, true, NOW))
            .unwrap_err()
            .1
            .is_transient());
        *server.body.borrow_mut() = Err(404);
        assert!(!run(v.verify_tokens(&tokens, true, NOW))
            .unwrap_err()
            .1
            .is_transient());
        server.now_serving(pool_keys());
        assert!(run(v.verify_tokens(&tokens, true, NOW)).is_ok());
    }

    /// The attacks RFC 8725 §2.1 names: `alg: none`, and HS256 with the
    /// public key as the HMAC secret. Neither reaches the key set.
    #[test]
    fn alg_none_and_hs256_with_the_public_key_are_refused_before_any_fetch() {
        use hmac::{Hmac, Mac};
        let server = KeySetServer::serving(pool_keys());
        let v = verifier(&server);
        let payload = URL_SAFE_NO_PAD.encode(id_claims(NOW).to_string());
        let none = format!(
            "{}.{payload}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"id-key"}"#)
        );
        assert!(matches!(
            run(v.verify(&none, TokenUse::Id, NOW)),
            Err(VerifyError::Refused(TokenError::Malformed(_)))
        ));
        let none_signed = format!("{none}c2ln");
        assert_eq!(
            run(v.verify(&none_signed, TokenUse::Id, NOW)),
            Err(VerifyError::Refused(TokenError::Algorithm {
                found: Some("none".into())
            }))
        );
        let input = format!(
            "{}.{payload}",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","kid":"id-key"}"#)
        );
        let public_key_as_secret = pool_keys()[0].to_string();
        let mut mac = Hmac::<Sha256>::new_from_slice(public_key_as_secret.as_bytes()).unwrap();
        mac.update(input.as_bytes());
        let hs256 = format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        );
        assert_eq!(
            run(v.verify(&hs256, TokenUse::Id, NOW)),
            Err(VerifyError::Refused(TokenError::Algorithm {
                found: Some("HS256".into())
            }))
        );
        assert_eq!(server.requests.get(), 0);
    }

    #[test]
    fn tokens_must_belong_together() {
        let [a, b] = test_keys();
        let server = KeySetServer::serving(pool_keys());
        let v = verifier(&server);
        let mut tokens = good_tokens();
        // Another user's access token.
        let mut other = access_claims(NOW);
        other["sub"] = json!("someone-else");
        tokens.access_token = AccessToken::new(sign(&header("access-key"), &other, b));
        assert_eq!(
            run(v.verify_tokens(&tokens, false, NOW)).unwrap_err(),
            (
                TokenUse::Access,
                VerifyError::Refused(TokenError::SubjectMismatch)
            )
        );
        // at_hash of another access token (from the token endpoint).
        let at_hash_checked = run(v.verify_tokens(&tokens, true, NOW)).unwrap_err();
        assert_eq!(
            at_hash_checked,
            (
                TokenUse::Id,
                VerifyError::Refused(TokenError::AtHashMismatch)
            )
        );
        // The ID token where the access token belongs.
        let mut swapped = good_tokens();
        swapped.access_token = AccessToken::new(swapped.id_token.expose().to_owned());
        assert!(matches!(
            run(v.verify_tokens(&swapped, false, NOW)).unwrap_err(),
            (
                TokenUse::Access,
                VerifyError::Refused(TokenError::ClientId { .. })
            )
        ));
        let _ = a;
    }

    #[test]
    fn wrong_claims_are_refused_with_a_valid_signature() {
        let [a, _] = test_keys();
        let server = KeySetServer::serving(pool_keys());
        let v = verifier(&server);
        for (name, value) in [
            ("aud", json!("other-client")),
            (
                "iss",
                json!("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"),
            ),
            ("token_use", json!("access")),
            ("exp", json!(NOW - 3600)),
        ] {
            let mut claims = id_claims(NOW);
            claims[name] = value;
            let token = sign(&header("id-key"), &claims, a);
            assert!(
                matches!(
                    run(v.verify(&token, TokenUse::Id, NOW)),
                    Err(VerifyError::Refused(_))
                ),
                "{name}"
            );
        }
        let _ = key("unused");
    }
}
