//! Reading JWT payloads. Decoding is *not* verification: this is for showing
//! claims and reading `exp`; signature checks belong to whoever trusts the
//! token (Cognito "Verifying a JSON Web Token"; docs/cognito-protocol.md §5.4).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};

/// Why a string is not a readable JWT.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not `header.payload.signature` (RFC 7519 §7.2).
    #[error("a JWT has three dot-separated parts; this has {0}")]
    Parts(usize),
    /// The header or payload is not base64url (RFC 7515 §2).
    #[error("the JWT {0} is not base64url")]
    Base64(&'static str),
    /// The header or payload is not a JSON object.
    #[error("the JWT {0} is not a JSON object")]
    Json(&'static str),
}

/// A decoded JOSE header or claims set.
pub type Claims = Map<String, Value>;

fn decode_part(part: &str, what: &'static str) -> Result<Claims, JwtError> {
    // RFC 7515 §2: base64url without padding; tolerate padding anyway.
    let bytes = URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| JwtError::Base64(what))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::Json(what)),
    }
}

/// The header and the claims of a compact JWS, unverified.
pub fn decode_unverified(token: &str) -> Result<(Claims, Claims), JwtError> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(JwtError::Parts(parts.len()));
    }
    Ok((
        decode_part(parts[0], "header")?,
        decode_part(parts[1], "payload")?,
    ))
}

/// The claims of a JWT, unverified.
pub fn claims_unverified(token: &str) -> Result<Claims, JwtError> {
    decode_unverified(token).map(|(_, claims)| claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn decodes_header_and_claims() {
        let token = format!(
            "{}.{}.sig",
            b64(r#"{"kid":"k1","alg":"RS256"}"#),
            b64(r#"{"sub":"abc","token_use":"id","email":"ユーザー@example.com","exp":1}"#)
        );
        let (header, claims) = decode_unverified(&token).unwrap();
        assert_eq!(header["kid"], "k1");
        assert_eq!(claims["email"], "ユーザー@example.com");
    }

    #[test]
    fn rejects_malformed_tokens() {
        assert_eq!(claims_unverified("a.b"), Err(JwtError::Parts(2)));
        assert_eq!(
            claims_unverified(&format!("{}.!!!.c", b64("{}"))),
            Err(JwtError::Base64("payload"))
        );
        let not_object = format!("{}.{}.c", b64("{}"), b64("[1]"));
        assert_eq!(
            claims_unverified(&not_object),
            Err(JwtError::Json("payload"))
        );
    }
}
