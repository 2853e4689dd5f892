//! The checks of a Cognito ID or access token that need no key: the JOSE
//! header (docs/cognito-protocol.md §5.4 step 1) and the claims (steps 3–6),
//! plus OIDC's `nonce` and `at_hash`. The signature (step 2) is
//! [`crate::verify`]'s.
//!
//! ```
//! use cognito_client::token_check::{check_token, TokenExpectations, TokenUse};
//! let expected = TokenExpectations::new(
//!     "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_AbC123",
//!     "1example23456789",
//! );
//! // Not even a JWT: refused before any key is looked for.
//! assert!(check_token("not-a-jwt", TokenUse::Id, &expected, 1_700_000_000).is_err());
//! ```

use crate::client::{region_of_user_pool, regional_endpoint};
use crate::jwt::{parse_jws, Claims, Jws, JwtError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;

/// Clock skew allowed on `exp` and `iat`, in seconds.
pub const DEFAULT_SKEW_SECONDS: i64 = 60;

/// The most skew [`TokenExpectations`] should allow: more would accept
/// tokens long expired.
pub const MAX_SKEW_SECONDS: i64 = 300;

/// Which of the pool's JWTs a token must be (its `token_use` claim).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenUse {
    /// The ID token: who signed in (`aud` is the app client).
    Id,
    /// The access token: what the user may do (`client_id` is the app client).
    Access,
}

impl TokenUse {
    /// The `token_use` value: `id` or `access`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }
}

impl fmt::Display for TokenUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenUse::Id => "ID token",
            TokenUse::Access => "access token",
        })
    }
}

/// What a token of the pool must say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenExpectations {
    /// Exactly, e.g. `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`
    /// ([`cognito_issuer`]), or the emulator's issuer.
    pub issuer: String,
    /// The app client id (`aud` of ID tokens, `client_id` of access tokens).
    pub client_id: String,
    /// Leeway for clock drift on `exp` and `iat`, small
    /// ([`DEFAULT_SKEW_SECONDS`], at most [`MAX_SKEW_SECONDS`]).
    pub skew_seconds: i64,
}

impl TokenExpectations {
    /// With [`DEFAULT_SKEW_SECONDS`].
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            skew_seconds: DEFAULT_SKEW_SECONDS,
        }
    }

    /// With `skew_seconds` of leeway, clamped to `0..=`[`MAX_SKEW_SECONDS`].
    pub fn with_skew(mut self, skew_seconds: i64) -> Self {
        self.skew_seconds = skew_seconds.clamp(0, MAX_SKEW_SECONDS);
        self
    }
}

/// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` (docs/cognito-protocol.md
/// §5.2), or `None` if `user_pool_id` has no `{region}_` prefix.
pub fn cognito_issuer(user_pool_id: &str) -> Option<String> {
    let region = region_of_user_pool(user_pool_id)?;
    Some(format!("{}{user_pool_id}", regional_endpoint(region)))
}

/// Why a token was refused. Messages name the claim and never contain the
/// token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a readable JWS.
    #[error("not a signed JWT: {0}")]
    Malformed(JwtError),
    /// Not signed with RS256, what Cognito uses (`none` and `HS256`
    /// included: RFC 8725 §3.1, §2.1).
    #[error("alg is {}, not RS256", .found.as_deref().unwrap_or("missing"))]
    Algorithm {
        /// The `alg` found, if any.
        found: Option<String>,
    },
    /// No `kid` in the header to find the signing key by.
    #[error("the header has no kid")]
    MissingKeyId,
    /// The header lists `crit` extensions, which this checker does not
    /// implement (RFC 7515 §4.1.11: then the JWS must be refused).
    #[error("the header has crit extensions, which are not supported")]
    CriticalHeader,
    /// Issued by another user pool (§5.4 step 3).
    #[error("iss is {}, expected {expected}", .found.as_deref().unwrap_or("missing"))]
    Issuer {
        /// The pool's issuer URL.
        expected: String,
        /// The `iss` found, if any.
        found: Option<String>,
    },
    /// An ID token not for this app client (§5.4 step 4).
    #[error("aud {found:?} does not contain the client id {expected}")]
    Audience {
        /// The app client ID.
        expected: String,
        /// The `aud` values found.
        found: Vec<String>,
    },
    /// Several audiences, and `azp` is not this app client (OIDC Core
    /// §3.1.3.7 items 4–5).
    #[error("azp is {}, expected the client id {expected}", .found.as_deref().unwrap_or("missing"))]
    AuthorizedParty {
        /// The app client ID.
        expected: String,
        /// The `azp` found, if any.
        found: Option<String>,
    },
    /// An access token not for this app client (§5.4 step 4).
    #[error("client_id is {}, expected {expected}", .found.as_deref().unwrap_or("missing"))]
    ClientId {
        /// The app client ID.
        expected: String,
        /// The `client_id` found, if any.
        found: Option<String>,
    },
    /// Not the kind of token expected (§5.4 step 5): an access token where an
    /// ID token belongs, say.
    #[error("token_use is {}, expected {}", .found.as_deref().unwrap_or("missing"), .expected.as_str())]
    TokenUse {
        /// The kind expected.
        expected: TokenUse,
        /// The `token_use` found, if any.
        found: Option<String>,
    },
    /// No `sub`: no user.
    #[error("there is no sub")]
    MissingSubject,
    /// No `exp`.
    #[error("there is no numeric exp")]
    MissingExpiry,
    /// Expired (§5.4 step 6).
    #[error("it expired at {exp} (now {now}, skew {skew}s)")]
    Expired {
        /// `exp`, epoch seconds.
        exp: i64,
        /// The time checked against, epoch seconds.
        now: i64,
        /// Seconds of clock skew allowed.
        skew: i64,
    },
    /// No `iat`.
    #[error("there is no numeric iat")]
    MissingIssuedAt,
    /// Issued after now, beyond the clock skew allowed (§5.4 step 6).
    #[error("it was issued in the future, at {iat} (now {now}, skew {skew}s)")]
    IssuedInFuture {
        /// `iat`, epoch seconds.
        iat: i64,
        /// The time checked against, epoch seconds.
        now: i64,
        /// Seconds of clock skew allowed.
        skew: i64,
    },
    /// The sign-in sent a `nonce` and the ID token has none (OIDC Core
    /// §3.1.3.7 item 11).
    #[error("there is no nonce, but the sign-in request sent one")]
    MissingNonce,
    /// The ID token's `nonce` is another attempt's.
    #[error("the nonce is not the one this sign-in sent")]
    NonceMismatch,
    /// The ID token's `at_hash` is not the hash of the access token that
    /// came with it (OIDC Core §3.1.3.8).
    #[error("at_hash does not match the access token it came with")]
    AtHashMismatch,
    /// The ID and the access token name different users (`sub`).
    #[error("the ID token and the access token are for different users")]
    SubjectMismatch,
}

fn string_claim(claims: &Claims, name: &str) -> Option<String> {
    claims.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// A time claim (`exp`, `iat`, `auth_time`): epoch seconds, as an integer
/// or (leniently) a float.
pub fn time_claim(claims: &Claims, name: &str) -> Option<i64> {
    let value = claims.get(name)?;
    value
        .as_i64()
        .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

/// The JOSE header's checks (§5.4 step 1): `alg` is exactly `RS256`, a
/// non-empty `kid` names the key, and no `crit` extension is asked for.
/// Returns the `kid`. Key-carrying headers (`jwk`, `jku`, `x5u`) are never
/// used: the key comes from the pool's JWKS only.
pub fn check_header(header: &Claims) -> Result<String, TokenError> {
    let alg = string_claim(header, "alg");
    if alg.as_deref() != Some("RS256") {
        // A non-string alg (`"alg": 1`) reads as missing.
        return Err(TokenError::Algorithm { found: alg });
    }
    if header.contains_key("crit") {
        return Err(TokenError::CriticalHeader);
    }
    match string_claim(header, "kid") {
        Some(kid) if !kid.is_empty() => Ok(kid),
        _ => Err(TokenError::MissingKeyId),
    }
}

/// The claims' checks (§5.4 steps 3–6), for a token of kind `token_use`:
///
/// * `iss` equals `expected.issuer` exactly;
/// * ID token: `aud` is the client id or an array containing it; with
///   several audiences `azp` must be present, and when present it must be
///   the client id. Access token: `client_id` is the client id;
/// * `token_use` is `token_use` and `sub` is present;
/// * `exp > now - skew` and `iat <= now + skew`.
pub fn check_claims(
    claims: &Claims,
    token_use: TokenUse,
    expected: &TokenExpectations,
    now: i64,
) -> Result<(), TokenError> {
    let iss = string_claim(claims, "iss");
    if iss.as_deref() != Some(expected.issuer.as_str()) {
        return Err(TokenError::Issuer {
            expected: expected.issuer.clone(),
            found: iss,
        });
    }

    match token_use {
        TokenUse::Id => check_audience(claims, &expected.client_id)?,
        TokenUse::Access => {
            let client_id = string_claim(claims, "client_id");
            if client_id.as_deref() != Some(expected.client_id.as_str()) {
                return Err(TokenError::ClientId {
                    expected: expected.client_id.clone(),
                    found: client_id,
                });
            }
        }
    }

    let found = string_claim(claims, "token_use");
    if found.as_deref() != Some(token_use.as_str()) {
        return Err(TokenError::TokenUse {
            expected: token_use,
            found,
        });
    }
    if string_claim(claims, "sub").is_none_or(|s| s.is_empty()) {
        return Err(TokenError::MissingSubject);
    }

    let skew = expected.skew_seconds;
    let exp = time_claim(claims, "exp").ok_or(TokenError::MissingExpiry)?;
    if exp.saturating_add(skew) <= now {
        return Err(TokenError::Expired { exp, now, skew });
    }
    let iat = time_claim(claims, "iat").ok_or(TokenError::MissingIssuedAt)?;
    if iat > now.saturating_add(skew) {
        return Err(TokenError::IssuedInFuture { iat, now, skew });
    }
    Ok(())
}

/// OIDC Core §3.1.3.7 items 3–5.
fn check_audience(claims: &Claims, client_id: &str) -> Result<(), TokenError> {
    let audiences: Vec<String> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.clone()],
        Some(Value::Array(auds)) => auds
            .iter()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    if !audiences.iter().any(|a| a == client_id) {
        return Err(TokenError::Audience {
            expected: client_id.to_owned(),
            found: audiences,
        });
    }
    let azp = string_claim(claims, "azp");
    let azp_required = audiences.len() > 1;
    if (azp_required || azp.is_some()) && azp.as_deref() != Some(client_id) {
        return Err(TokenError::AuthorizedParty {
            expected: client_id.to_owned(),
            found: azp,
        });
    }
    Ok(())
}

/// Everything about `token` that needs no key: strict parsing
/// ([`parse_jws`]), [`check_header`] and [`check_claims`]. Returns the
/// parsed token and its `kid`, for the signature check.
pub fn check_token<'a>(
    token: &'a str,
    token_use: TokenUse,
    expected: &TokenExpectations,
    now: i64,
) -> Result<(Jws<'a>, String), TokenError> {
    let jws = parse_jws(token).map_err(TokenError::Malformed)?;
    let kid = check_header(&jws.header)?;
    check_claims(&jws.claims, token_use, expected, now)?;
    Ok((jws, kid))
}

/// `at_hash` for RS256 (OIDC Core §3.1.3.6): base64url of the left half of
/// the SHA-256 of the access token's ASCII.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// When the ID token has an `at_hash`, it must be the hash of
/// `access_token` (OIDC Core §3.1.3.8), in constant time. Cognito puts one on
/// ID tokens from its token endpoint (docs/cognito-protocol.md §5.2,
/// observed, not documented), so one that is absent is not refused.
pub fn check_at_hash(id_claims: &Claims, access_token: &str) -> Result<(), TokenError> {
    use subtle::ConstantTimeEq;
    match id_claims.get("at_hash") {
        None => Ok(()),
        Some(Value::String(found))
            if bool::from(found.as_bytes().ct_eq(at_hash(access_token).as_bytes())) =>
        {
            Ok(())
        }
        Some(_) => Err(TokenError::AtHashMismatch),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) const ISSUER: &str =
        "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_AbC123";
    pub(crate) const CLIENT: &str = "4n0cl13nt1d";
    pub(crate) const NOW: i64 = 1_700_000_000;

    pub(crate) fn jwt(header: &Value, claims: &Value) -> String {
        format!(
            "{}.{}.c2lnbmF0dXJl",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        )
    }

    pub(crate) fn header() -> Value {
        json!({"kid": "id-key-1", "alg": "RS256"})
    }

    /// An access token's claims as Cognito's user-pool API mints them
    /// (docs/cognito-protocol.md §5.3).
    pub(crate) fn access_claims(now: i64) -> Value {
        json!({
            "sub": "8f1c2a4e-0000-4000-8000-000000000001",
            "iss": ISSUER,
            "client_id": CLIENT,
            "origin_jti": "5a0e3c1b-0000-4000-8000-00000000000a",
            "token_use": "access",
            "scope": "aws.cognito.signin.user.admin",
            "auth_time": now - 5,
            "iat": now - 5,
            "exp": now + 3600,
            "username": "8f1c2a4e-0000-4000-8000-000000000001",
            "cognito:groups": ["admin"],
        })
    }

    /// An ID token's claims (§5.2).
    pub(crate) fn id_claims(now: i64) -> Value {
        json!({
            "sub": "8f1c2a4e-0000-4000-8000-000000000001",
            "aud": CLIENT,
            "iss": ISSUER,
            "token_use": "id",
            "email": "user@example.com",
            "cognito:groups": ["admin", "users"],
            "auth_time": now - 5,
            "iat": now - 5,
            "exp": now + 3600,
        })
    }

    fn expected() -> TokenExpectations {
        TokenExpectations::new(ISSUER, CLIENT)
    }

    fn check(
        token_use: TokenUse,
        edit: impl FnOnce(&mut Value, &mut Value),
    ) -> Result<(), TokenError> {
        let mut h = header();
        let mut c = match token_use {
            TokenUse::Id => id_claims(NOW),
            TokenUse::Access => access_claims(NOW),
        };
        edit(&mut h, &mut c);
        check_token(&jwt(&h, &c), token_use, &expected(), NOW).map(|_| ())
    }

    #[test]
    fn issuer_of_a_user_pool() {
        assert_eq!(
            cognito_issuer("ap-northeast-1_AbC123").as_deref(),
            Some(ISSUER)
        );
        assert_eq!(cognito_issuer("nounderscore"), None);
    }

    #[test]
    fn good_id_and_access_tokens_pass_and_give_their_kid() {
        let token = jwt(&header(), &id_claims(NOW));
        let (jws, kid) = check_token(&token, TokenUse::Id, &expected(), NOW).unwrap();
        assert_eq!(kid, "id-key-1");
        assert_eq!(jws.claims["email"], "user@example.com");
        assert!(check(TokenUse::Access, |_, _| {}).is_ok());
        // Array audience with the client and azp; a single-element array.
        assert!(check(TokenUse::Id, |_, c| {
            c["aud"] = json!([CLIENT, "other"]);
            c["azp"] = json!(CLIENT);
        })
        .is_ok());
        assert!(check(TokenUse::Id, |_, c| c["aud"] = json!([CLIENT])).is_ok());
        // Within the skew, both ways.
        assert!(check(TokenUse::Id, |_, c| c["exp"] = json!(NOW - 59)).is_ok());
        assert!(check(TokenUse::Access, |_, c| c["iat"] = json!(NOW + 60)).is_ok());
        // Float times (leniently).
        assert!(check(TokenUse::Id, |_, c| c["exp"] =
            json!((NOW + 10) as f64 + 0.5))
        .is_ok());
        // Headers that carry keys are ignored, never used.
        assert!(check(TokenUse::Id, |h, _| h["jku"] =
            json!("https://evil.example/jwks"))
        .is_ok());
    }

    #[test]
    fn each_header_failure_has_its_own_error() {
        use TokenError as E;
        for (edit, error) in [
            (
                json!({"alg": "none"}),
                E::Algorithm {
                    found: Some("none".into()),
                },
            ),
            (
                json!({"alg": "HS256"}),
                E::Algorithm {
                    found: Some("HS256".into()),
                },
            ),
            (
                json!({"alg": "RS512"}),
                E::Algorithm {
                    found: Some("RS512".into()),
                },
            ),
            (
                json!({"alg": "rs256"}),
                E::Algorithm {
                    found: Some("rs256".into()),
                },
            ),
            (
                json!({"alg": "PS256"}),
                E::Algorithm {
                    found: Some("PS256".into()),
                },
            ),
            (json!({"alg": 256}), E::Algorithm { found: None }),
            (json!({"alg": null}), E::Algorithm { found: None }),
            (json!({"kid": ""}), E::MissingKeyId),
            (json!({"kid": 7}), E::MissingKeyId),
            (json!({"crit": ["exp"]}), E::CriticalHeader),
        ] {
            let result = check(TokenUse::Id, |h, _| {
                for (k, v) in edit.as_object().unwrap() {
                    h[k] = v.clone();
                }
            });
            assert_eq!(result, Err(error.clone()), "{edit}");
        }
        assert_eq!(
            check(TokenUse::Id, |h, _| {
                h.as_object_mut().unwrap().remove("alg");
            }),
            Err(E::Algorithm { found: None })
        );
        assert_eq!(
            check(TokenUse::Id, |h, _| {
                h.as_object_mut().unwrap().remove("kid");
            }),
            Err(E::MissingKeyId)
        );
    }

    #[test]
    fn each_claim_failure_has_its_own_error() {
        use TokenError as E;
        type Edit = Box<dyn FnOnce(&mut Value, &mut Value)>;
        let remove = |name: &'static str| -> Edit {
            Box::new(move |_, c| {
                c.as_object_mut().unwrap().remove(name);
            })
        };
        let set =
            |name: &'static str, value: Value| -> Edit { Box::new(move |_, c| c[name] = value) };
        let cases: Vec<(TokenUse, Edit, E)> = vec![
            (
                TokenUse::Id,
                set("iss", json!(format!("{ISSUER}/"))),
                E::Issuer {
                    expected: ISSUER.into(),
                    found: Some(format!("{ISSUER}/")),
                },
            ),
            (
                TokenUse::Access,
                remove("iss"),
                E::Issuer {
                    expected: ISSUER.into(),
                    found: None,
                },
            ),
            (
                TokenUse::Id,
                set("aud", json!("other")),
                E::Audience {
                    expected: CLIENT.into(),
                    found: vec!["other".into()],
                },
            ),
            (
                TokenUse::Id,
                remove("aud"),
                E::Audience {
                    expected: CLIENT.into(),
                    found: vec![],
                },
            ),
            (
                TokenUse::Id,
                set("aud", json!([CLIENT, "other"])),
                E::AuthorizedParty {
                    expected: CLIENT.into(),
                    found: None,
                },
            ),
            (
                TokenUse::Id,
                set("azp", json!("other")),
                E::AuthorizedParty {
                    expected: CLIENT.into(),
                    found: Some("other".into()),
                },
            ),
            (
                TokenUse::Access,
                set("client_id", json!("other")),
                E::ClientId {
                    expected: CLIENT.into(),
                    found: Some("other".into()),
                },
            ),
            // An access token has no aud: its client is `client_id`.
            (
                TokenUse::Access,
                remove("client_id"),
                E::ClientId {
                    expected: CLIENT.into(),
                    found: None,
                },
            ),
            (
                TokenUse::Id,
                set("token_use", json!("access")),
                E::TokenUse {
                    expected: TokenUse::Id,
                    found: Some("access".into()),
                },
            ),
            (
                TokenUse::Access,
                set("token_use", json!("id")),
                E::TokenUse {
                    expected: TokenUse::Access,
                    found: Some("id".into()),
                },
            ),
            (
                TokenUse::Id,
                remove("token_use"),
                E::TokenUse {
                    expected: TokenUse::Id,
                    found: None,
                },
            ),
            (TokenUse::Id, remove("sub"), E::MissingSubject),
            (TokenUse::Access, set("sub", json!("")), E::MissingSubject),
            (TokenUse::Id, remove("exp"), E::MissingExpiry),
            (TokenUse::Id, set("exp", json!("soon")), E::MissingExpiry),
            (
                TokenUse::Id,
                set("exp", json!(NOW - 60)),
                E::Expired {
                    exp: NOW - 60,
                    now: NOW,
                    skew: 60,
                },
            ),
            (
                TokenUse::Access,
                set("exp", json!(NOW - 3600)),
                E::Expired {
                    exp: NOW - 3600,
                    now: NOW,
                    skew: 60,
                },
            ),
            (TokenUse::Access, remove("iat"), E::MissingIssuedAt),
            (
                TokenUse::Id,
                set("iat", json!(NOW + 61)),
                E::IssuedInFuture {
                    iat: NOW + 61,
                    now: NOW,
                    skew: 60,
                },
            ),
        ];
        for (token_use, edit, error) in cases {
            assert_eq!(check(token_use, edit), Err(error.clone()), "{error}");
        }
    }

    /// An access token is never accepted as an ID token, nor the other way
    /// round, even when everything else is right.
    #[test]
    fn the_two_kinds_are_not_interchangeable() {
        let access = jwt(&header(), &access_claims(NOW));
        let id = jwt(&header(), &id_claims(NOW));
        assert!(matches!(
            check_token(&access, TokenUse::Id, &expected(), NOW),
            Err(TokenError::Audience { .. })
        ));
        assert!(matches!(
            check_token(&id, TokenUse::Access, &expected(), NOW),
            Err(TokenError::ClientId { .. })
        ));
    }

    #[test]
    fn skew_is_configurable_and_bounded() {
        let late = {
            let mut c = id_claims(NOW);
            c["exp"] = json!(NOW - 100);
            jwt(&header(), &c)
        };
        assert!(check_token(&late, TokenUse::Id, &expected(), NOW).is_err());
        assert!(check_token(&late, TokenUse::Id, &expected().with_skew(120), NOW).is_ok());
        assert_eq!(expected().with_skew(10_000).skew_seconds, MAX_SKEW_SECONDS);
        assert_eq!(expected().with_skew(-5).skew_seconds, 0);
        let strict = expected().with_skew(0);
        let mut c = id_claims(NOW);
        c["exp"] = json!(NOW);
        assert!(check_token(&jwt(&header(), &c), TokenUse::Id, &strict, NOW).is_err());
        c["exp"] = json!(NOW + 1);
        assert!(check_token(&jwt(&header(), &c), TokenUse::Id, &strict, NOW).is_ok());
    }

    /// OIDC Core §3.1.3.6, with the worked example of Ping Identity's
    /// developer guide ("Validating the at_hash", docs.pingidentity.com),
    /// which shows the SHA-256 bytes too.
    #[test]
    fn at_hash_is_the_left_half_of_sha256() {
        assert_eq!(
            at_hash("dNZX1hEZ9wBCzNL40Upu646bdzQA"),
            "wfgvmE9VxjAudsl9lc6TqA"
        );
        let mut c = serde_json::Map::new();
        assert_eq!(check_at_hash(&c, "anything"), Ok(()), "absent: not refused");
        c.insert("at_hash".into(), json!(at_hash("at-1")));
        assert_eq!(check_at_hash(&c, "at-1"), Ok(()));
        assert_eq!(check_at_hash(&c, "at-2"), Err(TokenError::AtHashMismatch));
        c.insert("at_hash".into(), json!(1));
        assert_eq!(check_at_hash(&c, "at-1"), Err(TokenError::AtHashMismatch));
    }

    #[test]
    fn messages_say_what_is_wrong_without_the_token() {
        let err = check(TokenUse::Id, |_, c| {
            c["iss"] = json!("https://evil.example")
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("iss is https://evil.example, expected {ISSUER}")
        );
        assert_eq!(
            TokenError::Algorithm { found: None }.to_string(),
            "alg is missing, not RS256"
        );
        assert_eq!(
            TokenError::TokenUse {
                expected: TokenUse::Access,
                found: Some("id".into())
            }
            .to_string(),
            "token_use is id, expected access"
        );
        assert_eq!(TokenUse::Id.to_string(), "ID token");
    }
}
