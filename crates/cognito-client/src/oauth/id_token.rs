//! ID token validation for the authorization code flow (OIDC Core §3.1.3.7;
//! docs/cognito-protocol.md §5.4).
//!
//! The signature is **not** verified here. The browser receives the ID token
//! straight from the token endpoint over TLS, in answer to its own request
//! authenticated by the PKCE verifier; OIDC Core §3.1.3.7 item 6 allows TLS
//! server validation in place of the signature check then. Anyone else who
//! trusts the token (a server receiving it from the browser) must verify
//! the RS256 signature against the pool's JWKS.

use super::nonce::Nonce;
use crate::client::{region_of_user_pool, regional_endpoint};
use crate::jwt::{decode_unverified, Claims, JwtError};
use serde_json::Value;

/// Clock skew allowed on `exp` and `iat`, in seconds.
pub const DEFAULT_SKEW_SECONDS: i64 = 60;

/// What the ID token must say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdTokenExpectations {
    /// Exactly, e.g. `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`
    /// ([`cognito_issuer`]), or the emulator's issuer.
    pub issuer: String,
    /// The app client id (`aud`).
    pub client_id: String,
    /// Leeway for clock drift, small ([`DEFAULT_SKEW_SECONDS`]).
    pub skew_seconds: i64,
}

impl IdTokenExpectations {
    /// With [`DEFAULT_SKEW_SECONDS`].
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            skew_seconds: DEFAULT_SKEW_SECONDS,
        }
    }
}

/// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}` (docs/cognito-protocol.md
/// §5.2), or `None` if `user_pool_id` has no `{region}_` prefix.
pub fn cognito_issuer(user_pool_id: &str) -> Option<String> {
    let region = region_of_user_pool(user_pool_id)?;
    Some(format!("{}{user_pool_id}", regional_endpoint(region)))
}

/// Why an ID token was refused. Messages name the claim and never contain
/// the token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenError {
    /// Not a readable JWT.
    #[error("the ID token is not a JWT: {0}")]
    Malformed(JwtError),
    /// Not signed with RS256, what Cognito uses.
    #[error("the ID token's alg is {}, not RS256", .found.as_deref().unwrap_or("missing"))]
    Algorithm {
        /// The `alg` found, if any.
        found: Option<String>,
    },
    /// No `kid` in the header to find the signing key by.
    #[error("the ID token's header has no kid")]
    MissingKeyId,
    /// Issued by another user pool (OIDC Core §3.1.3.7 step 2).
    #[error("the ID token's iss is {}, expected {expected}", .found.as_deref().unwrap_or("missing"))]
    Issuer {
        /// The pool's issuer URL.
        expected: String,
        /// The `iss` found, if any.
        found: Option<String>,
    },
    /// Not for this app client (step 3).
    #[error("the ID token's aud {found:?} does not contain the client id {expected}")]
    Audience {
        /// The app client ID.
        expected: String,
        /// The `aud` values found.
        found: Vec<String>,
    },
    /// Several audiences, and `azp` is not this app client (steps 4-5).
    #[error("the ID token's azp is {}, expected the client id {expected}", .found.as_deref().unwrap_or("missing"))]
    AuthorizedParty {
        /// The app client ID.
        expected: String,
        /// The `azp` found, if any.
        found: Option<String>,
    },
    /// Not an ID token (an access token, say).
    #[error("the ID token's token_use is {}, not id", .found.as_deref().unwrap_or("missing"))]
    TokenUse {
        /// The `token_use` found, if any.
        found: Option<String>,
    },
    /// No `sub`: no user.
    #[error("the ID token has no sub")]
    MissingSubject,
    /// No `exp`.
    #[error("the ID token has no numeric exp")]
    MissingExpiry,
    /// Expired (step 9).
    #[error("the ID token expired at {exp} (now {now}, skew {skew}s)")]
    Expired {
        /// `exp`, epoch seconds.
        exp: i64,
        /// The time checked against, epoch seconds.
        now: i64,
        /// Seconds of clock skew allowed.
        skew: i64,
    },
    /// No `iat`.
    #[error("the ID token has no numeric iat")]
    MissingIssuedAt,
    /// Issued after now, beyond the clock skew allowed (step 10).
    #[error("the ID token was issued in the future, at {iat} (now {now}, skew {skew}s)")]
    IssuedInFuture {
        /// `iat`, epoch seconds.
        iat: i64,
        /// The time checked against, epoch seconds.
        now: i64,
        /// Seconds of clock skew allowed.
        skew: i64,
    },
    /// The sign-in sent a `nonce` and the token has none (step 11).
    #[error("the ID token has no nonce, but the sign-in request sent one")]
    MissingNonce,
    /// The token's `nonce` is another attempt's (step 11).
    #[error("the ID token's nonce is not the one this sign-in sent")]
    NonceMismatch,
}

fn string_claim(claims: &Claims, name: &str) -> Option<String> {
    claims.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// Epoch seconds, as an integer or (leniently) a float.
fn time_claim(claims: &Claims, name: &str) -> Option<i64> {
    let value = claims.get(name)?;
    value
        .as_i64()
        .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
}

/// Checks an ID token's header and claims (OIDC Core §3.1.3.7 items 2–5, 9,
/// 10, 11; Cognito's `token_use`) and returns its claims:
///
/// * header `alg` is `RS256` and a `kid` is present;
/// * `iss` equals `expected.issuer` exactly;
/// * `aud` is the client id or an array containing it; with several
///   audiences `azp` must be present, and when present it must be the client
///   id;
/// * `token_use` is `id` and `sub` is present;
/// * `exp > now - skew` and `iat <= now + skew`;
/// * with `nonce` given (authorization code flow), the `nonce` claim equals
///   it exactly. Pass `None` for ID tokens from a refresh (OIDC Core §12.2:
///   no nonce there).
///
/// The signature is not checked: see the module documentation.
pub fn check_id_token(
    token: &str,
    expected: &IdTokenExpectations,
    nonce: Option<&Nonce>,
    now: i64,
) -> Result<Claims, IdTokenError> {
    let (header, claims) = decode_unverified(token).map_err(IdTokenError::Malformed)?;

    let alg = string_claim(&header, "alg");
    if alg.as_deref() != Some("RS256") {
        return Err(IdTokenError::Algorithm { found: alg });
    }
    if string_claim(&header, "kid").is_none_or(|k| k.is_empty()) {
        return Err(IdTokenError::MissingKeyId);
    }

    let iss = string_claim(&claims, "iss");
    if iss.as_deref() != Some(expected.issuer.as_str()) {
        return Err(IdTokenError::Issuer {
            expected: expected.issuer.clone(),
            found: iss,
        });
    }

    let audiences: Vec<String> = match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.clone()],
        Some(Value::Array(auds)) => auds
            .iter()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    if !audiences.contains(&expected.client_id) {
        return Err(IdTokenError::Audience {
            expected: expected.client_id.clone(),
            found: audiences,
        });
    }
    let azp = string_claim(&claims, "azp");
    let azp_required = audiences.len() > 1;
    if (azp_required || azp.is_some()) && azp.as_deref() != Some(expected.client_id.as_str()) {
        return Err(IdTokenError::AuthorizedParty {
            expected: expected.client_id.clone(),
            found: azp,
        });
    }

    let token_use = string_claim(&claims, "token_use");
    if token_use.as_deref() != Some("id") {
        return Err(IdTokenError::TokenUse { found: token_use });
    }
    if string_claim(&claims, "sub").is_none_or(|s| s.is_empty()) {
        return Err(IdTokenError::MissingSubject);
    }

    let skew = expected.skew_seconds;
    let exp = time_claim(&claims, "exp").ok_or(IdTokenError::MissingExpiry)?;
    if exp.saturating_add(skew) <= now {
        return Err(IdTokenError::Expired { exp, now, skew });
    }
    let iat = time_claim(&claims, "iat").ok_or(IdTokenError::MissingIssuedAt)?;
    if iat > now.saturating_add(skew) {
        return Err(IdTokenError::IssuedInFuture { iat, now, skew });
    }

    if let Some(nonce) = nonce {
        let found = claims
            .get("nonce")
            .and_then(Value::as_str)
            .ok_or(IdTokenError::MissingNonce)?;
        if !nonce.matches(found) {
            return Err(IdTokenError::NonceMismatch);
        }
    }
    Ok(claims)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use serde_json::json;

    pub(crate) const ISSUER: &str =
        "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_AbC123";
    pub(crate) const CLIENT: &str = "4n0cl13nt1d";

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

    pub(crate) fn claims(nonce: &Nonce, now: i64) -> Value {
        json!({
            "sub": "8f1c2a4e-0000-4000-8000-000000000001",
            "aud": CLIENT,
            "iss": ISSUER,
            "token_use": "id",
            "email": "user@example.com",
            "cognito:username": "Google_1141",
            "auth_time": now - 5,
            "iat": now - 5,
            "exp": now + 3600,
            "nonce": nonce.expose(),
        })
    }

    fn nonce() -> Nonce {
        Nonce::from_random(&[2; 32])
    }

    fn expected() -> IdTokenExpectations {
        IdTokenExpectations::new(ISSUER, CLIENT)
    }

    const NOW: i64 = 1_700_000_000;

    fn check_with(edit: impl FnOnce(&mut Value, &mut Value)) -> Result<Claims, IdTokenError> {
        let (mut h, mut c) = (header(), claims(&nonce(), NOW));
        edit(&mut h, &mut c);
        check_id_token(&jwt(&h, &c), &expected(), Some(&nonce()), NOW)
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
    fn a_good_token_passes_and_returns_its_claims() {
        let checked = check_with(|_, _| {}).unwrap();
        assert_eq!(checked["email"], "user@example.com");
        // Array audience with the client and azp.
        assert!(check_with(|_, c| {
            c["aud"] = json!([CLIENT, "other"]);
            c["azp"] = json!(CLIENT);
        })
        .is_ok());
        // A single-element array needs no azp.
        assert!(check_with(|_, c| c["aud"] = json!([CLIENT])).is_ok());
        // Within the skew.
        assert!(check_with(|_, c| c["exp"] = json!(NOW - 59)).is_ok());
        assert!(check_with(|_, c| c["iat"] = json!(NOW + 60)).is_ok());
        // Without a nonce to compare (refresh), the claim is not needed.
        let mut c = claims(&nonce(), NOW);
        c.as_object_mut().unwrap().remove("nonce");
        assert!(check_id_token(&jwt(&header(), &c), &expected(), None, NOW).is_ok());
    }

    #[test]
    fn each_failure_has_its_own_error() {
        use IdTokenError as E;
        type Edit = Box<dyn FnOnce(&mut Value, &mut Value)>;
        let cases: Vec<(Edit, E)> = vec![
            (
                Box::new(|h, _| h["alg"] = json!("none")),
                E::Algorithm {
                    found: Some("none".into()),
                },
            ),
            (
                Box::new(|h, _| h["alg"] = json!("HS256")),
                E::Algorithm {
                    found: Some("HS256".into()),
                },
            ),
            (
                Box::new(|h, _| {
                    h.as_object_mut().unwrap().remove("alg");
                }),
                E::Algorithm { found: None },
            ),
            (
                Box::new(|h, _| {
                    h.as_object_mut().unwrap().remove("kid");
                }),
                E::MissingKeyId,
            ),
            (Box::new(|h, _| h["kid"] = json!("")), E::MissingKeyId),
            (
                Box::new(|_, c| c["iss"] = json!(format!("{ISSUER}/"))),
                E::Issuer {
                    expected: ISSUER.into(),
                    found: Some(format!("{ISSUER}/")),
                },
            ),
            (
                Box::new(|_, c| {
                    c.as_object_mut().unwrap().remove("iss");
                }),
                E::Issuer {
                    expected: ISSUER.into(),
                    found: None,
                },
            ),
            (
                Box::new(|_, c| c["aud"] = json!("someone-else")),
                E::Audience {
                    expected: CLIENT.into(),
                    found: vec!["someone-else".into()],
                },
            ),
            (
                Box::new(|_, c| c["aud"] = json!(["a", "b"])),
                E::Audience {
                    expected: CLIENT.into(),
                    found: vec!["a".into(), "b".into()],
                },
            ),
            (
                Box::new(|_, c| c["aud"] = json!([CLIENT, "other"])),
                E::AuthorizedParty {
                    expected: CLIENT.into(),
                    found: None,
                },
            ),
            (
                Box::new(|_, c| c["azp"] = json!("other")),
                E::AuthorizedParty {
                    expected: CLIENT.into(),
                    found: Some("other".into()),
                },
            ),
            (
                Box::new(|_, c| c["token_use"] = json!("access")),
                E::TokenUse {
                    found: Some("access".into()),
                },
            ),
            (
                Box::new(|_, c| {
                    c.as_object_mut().unwrap().remove("sub");
                }),
                E::MissingSubject,
            ),
            (
                Box::new(|_, c| c["exp"] = json!("tomorrow")),
                E::MissingExpiry,
            ),
            (
                Box::new(|_, c| c["exp"] = json!(NOW - 60)),
                E::Expired {
                    exp: NOW - 60,
                    now: NOW,
                    skew: 60,
                },
            ),
            (
                Box::new(|_, c| {
                    c.as_object_mut().unwrap().remove("iat");
                }),
                E::MissingIssuedAt,
            ),
            (
                Box::new(|_, c| c["iat"] = json!(NOW + 61)),
                E::IssuedInFuture {
                    iat: NOW + 61,
                    now: NOW,
                    skew: 60,
                },
            ),
            (
                Box::new(|_, c| {
                    c.as_object_mut().unwrap().remove("nonce");
                }),
                E::MissingNonce,
            ),
            (
                Box::new(|_, c| c["nonce"] = json!(Nonce::from_random(&[3; 32]).expose())),
                E::NonceMismatch,
            ),
        ];
        for (edit, error) in cases {
            assert_eq!(check_with(edit), Err(error.clone()), "{error}");
        }
        assert_eq!(
            check_id_token("not-a-jwt", &expected(), None, NOW),
            Err(E::Malformed(JwtError::Parts(1)))
        );
    }

    #[test]
    fn messages_say_what_is_wrong_without_the_token() {
        let err = check_with(|_, c| c["iss"] = json!("https://evil.example")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("the ID token's iss is https://evil.example, expected {ISSUER}")
        );
        assert_eq!(
            IdTokenError::Algorithm { found: None }.to_string(),
            "the ID token's alg is missing, not RS256"
        );
        let err = check_with(|_, c| c["nonce"] = json!("attacker-chosen-nonce-value")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the ID token's nonce is not the one this sign-in sent"
        );
    }
}
