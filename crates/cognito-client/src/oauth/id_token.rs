//! ID token validation for the authorization code flow (OIDC Core §3.1.3.7;
//! docs/cognito-protocol.md §5.4): the key-free checks of
//! [`crate::token_check`] plus the `nonce` of the attempt.
//!
//! The signature is checked afterwards, by whoever keeps the tokens
//! ([`crate::verify`]; the app does it with WebCrypto before storing or
//! trusting anything). These checks come first because they need no key
//! and no network.

use super::nonce::Nonce;
use crate::jwt::Claims;
use crate::token_check::{check_token, TokenUse};
use serde_json::Value;

pub use crate::token_check::{cognito_issuer, DEFAULT_SKEW_SECONDS};

/// What the ID token must say: the same as for any of the pool's tokens.
pub type IdTokenExpectations = crate::token_check::TokenExpectations;

/// Why an ID token was refused.
pub type IdTokenError = crate::token_check::TokenError;

/// Checks an ID token's header and claims (OIDC Core §3.1.3.7 items 2–5, 9,
/// 10, 11; Cognito's `token_use`) and returns its claims: everything
/// [`check_token`] checks for [`TokenUse::Id`], and, with `nonce` given
/// (authorization code flow), the `nonce` claim equals it exactly. Pass
/// `None` for ID tokens from a refresh (OIDC Core §12.2: no nonce there).
///
/// The signature is not checked: see the module documentation.
pub fn check_id_token(
    token: &str,
    expected: &IdTokenExpectations,
    nonce: Option<&Nonce>,
    now: i64,
) -> Result<Claims, IdTokenError> {
    let (jws, _kid) = check_token(token, TokenUse::Id, expected, now)?;
    if let Some(nonce) = nonce {
        let found = jws
            .claims
            .get("nonce")
            .and_then(Value::as_str)
            .ok_or(IdTokenError::MissingNonce)?;
        if !nonce.matches(found) {
            return Err(IdTokenError::NonceMismatch);
        }
    }
    Ok(jws.claims)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::jwt::JwtError;
    pub(crate) use crate::token_check::tests::{header, jwt, CLIENT, ISSUER};
    use serde_json::json;

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
    fn a_good_token_passes_and_returns_its_claims() {
        let checked = check_with(|_, _| {}).unwrap();
        assert_eq!(checked["email"], "user@example.com");
        // Without a nonce to compare (refresh), the claim is not needed.
        let mut c = claims(&nonce(), NOW);
        c.as_object_mut().unwrap().remove("nonce");
        assert!(check_id_token(&jwt(&header(), &c), &expected(), None, NOW).is_ok());
    }

    /// The token checks are [`check_token`]'s (tested there); these are the
    /// ones the sign-in through the user pool domain adds or relies on.
    #[test]
    fn the_nonce_and_the_shared_checks_refuse() {
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
                Box::new(|_, c| c["token_use"] = json!("access")),
                E::TokenUse {
                    expected: TokenUse::Id,
                    found: Some("access".into()),
                },
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
        let err = check_with(|_, c| c["nonce"] = json!("attacker-chosen-nonce-value")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the nonce is not the one this sign-in sent"
        );
    }
}
