//! Reading JWTs: [`decode_unverified`] for showing claims, and
//! [`parse_jws`], the strict first step of verification (docs/cognito-protocol.md
//! §5.4 step 1). Decoding is *not* verification: [`crate::token_check`]
//! checks the claims and [`crate::verify`] the signature.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The longest token [`parse_jws`] reads, in bytes. Cognito's tokens are a
/// few kilobytes (a hundred groups with long names and roles stay well
/// under this); anything much larger is not a Cognito token.
pub const MAX_TOKEN_BYTES: usize = 32 * 1024;

/// The longest encoded JOSE header [`parse_jws`] reads. Cognito's header is
/// `{"kid":"…","alg":"RS256"}`, under 100 bytes encoded.
pub const MAX_HEADER_BYTES: usize = 1024;

/// Why a string is not a readable JWT.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not `header.payload.signature` (RFC 7519 §7.2).
    #[error("a JWT has three dot-separated parts; this has {0}")]
    Parts(usize),
    /// Five parts: an encrypted JWE (RFC 7516 §7.1), such as Cognito's
    /// refresh token, not a signed token.
    #[error("this is an encrypted JWE (five parts, like a refresh token), not a signed JWT")]
    Encrypted,
    /// Longer than [`MAX_TOKEN_BYTES`].
    #[error("the JWT is {len} bytes long; at most {max} are read")]
    TooLong {
        /// Its length.
        len: usize,
        /// [`MAX_TOKEN_BYTES`].
        max: usize,
    },
    /// The encoded header is longer than [`MAX_HEADER_BYTES`].
    #[error("the JWT header is {len} bytes long; at most {max} are read")]
    HeaderTooLong {
        /// Its length, encoded.
        len: usize,
        /// [`MAX_HEADER_BYTES`].
        max: usize,
    },
    /// The header or payload is not base64url (RFC 7515 §2).
    #[error("the JWT {0} is not base64url")]
    Base64(&'static str),
    /// The header or payload is not a JSON object.
    #[error("the JWT {0} is not a JSON object")]
    Json(&'static str),
    /// A member name appears twice in the header or payload (RFC 7515 §4,
    /// RFC 7519 §4: names must be unique; refusing is the safe reading).
    #[error("the JWT {part} has the member {name:?} twice")]
    Duplicate {
        /// `header` or `payload`.
        part: &'static str,
        /// The repeated name.
        name: String,
    },
    /// No signature.
    #[error("the JWT has no signature")]
    Unsigned,
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

/// The header and the claims of a compact JWS, unverified and leniently
/// read: for display only.
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

/// A compact JWS taken apart strictly, nothing checked yet: what
/// [`crate::token_check`] and a signature check work on.
#[derive(Clone, Debug, PartialEq)]
pub struct Jws<'a> {
    /// The JOSE header.
    pub header: Claims,
    /// The claims set (the payload).
    pub claims: Claims,
    /// `BASE64URL(header) "." BASE64URL(payload)`: the signed bytes
    /// (RFC 7515 §5.2 step 8).
    pub signing_input: &'a str,
    /// The signature, decoded.
    pub signature: Vec<u8>,
}

/// Takes a compact JWS apart strictly (RFC 7515 §7.1, §5.2): at most
/// [`MAX_TOKEN_BYTES`], exactly three parts (five is named: a JWE), a header
/// of at most [`MAX_HEADER_BYTES`], canonical base64url without padding in
/// every part, header and payload JSON objects without repeated member
/// names, and a non-empty signature. Nothing is decoded before the length
/// checks, so a huge token costs nothing.
pub fn parse_jws(token: &str) -> Result<Jws<'_>, JwtError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(JwtError::TooLong {
            len: token.len(),
            max: MAX_TOKEN_BYTES,
        });
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts.len() {
        3 => {}
        5 => return Err(JwtError::Encrypted),
        n => return Err(JwtError::Parts(n)),
    }
    let (header, payload, signature) = (parts[0], parts[1], parts[2]);
    if header.len() > MAX_HEADER_BYTES {
        return Err(JwtError::HeaderTooLong {
            len: header.len(),
            max: MAX_HEADER_BYTES,
        });
    }
    let header = strict_object(&strict_base64url(header, "header")?, "header")?;
    let claims = strict_object(&strict_base64url(payload, "payload")?, "payload")?;
    let signature = strict_base64url(signature, "signature")?;
    if signature.is_empty() {
        return Err(JwtError::Unsigned);
    }
    let signing_input = &token[..parts[0].len() + 1 + parts[1].len()];
    Ok(Jws {
        header,
        claims,
        signing_input,
        signature,
    })
}

/// base64url as RFC 7515 §2 writes it: the URL-safe alphabet, no padding,
/// no whitespace, and no stray bits in the last character.
pub(crate) fn strict_base64url(part: &str, what: &'static str) -> Result<Vec<u8>, JwtError> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Base64(what))
}

/// A JSON object whose member names are all different.
fn strict_object(bytes: &[u8], part: &'static str) -> Result<Claims, JwtError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let object = de
        .deserialize_map(UniqueMembers)
        .and_then(|object| de.end().map(|()| object));
    match object {
        Ok(Ok(map)) => Ok(map),
        Ok(Err(name)) => Err(JwtError::Duplicate { part, name }),
        Err(_) => Err(JwtError::Json(part)),
    }
}

/// Reads a JSON object, answering the first repeated member name instead
/// of keeping the last value as `serde_json::Map` would.
struct UniqueMembers;

impl<'de> Visitor<'de> for UniqueMembers {
    type Value = Result<Claims, String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = Claims::new();
        while let Some(name) = access.next_key::<String>()? {
            let value: Value = access.next_value()?;
            if map.contains_key(&name) {
                // Finish reading so a syntax error later still counts as one.
                while access
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                return Ok(Err(name));
            }
            map.insert(name, value);
        }
        Ok(Ok(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    const HEADER: &str = r#"{"kid":"k1","alg":"RS256"}"#;

    fn token(header: &str, payload: &str, signature: &str) -> String {
        format!("{}.{}.{signature}", b64(header), b64(payload))
    }

    #[test]
    fn decodes_header_and_claims() {
        let token = format!(
            "{}.{}.sig",
            b64(HEADER),
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

    #[test]
    fn parse_jws_takes_a_good_token_apart() {
        let t = token(HEADER, r#"{"sub":"s"}"#, &URL_SAFE_NO_PAD.encode([1, 2, 3]));
        let jws = parse_jws(&t).unwrap();
        assert_eq!(jws.header["alg"], "RS256");
        assert_eq!(jws.claims["sub"], "s");
        assert_eq!(jws.signature, vec![1, 2, 3]);
        assert_eq!(
            jws.signing_input,
            format!("{}.{}", b64(HEADER), b64(r#"{"sub":"s"}"#))
        );
    }

    #[test]
    fn parse_jws_counts_the_parts() {
        assert_eq!(parse_jws(""), Err(JwtError::Parts(1)));
        assert_eq!(parse_jws("abc"), Err(JwtError::Parts(1)));
        assert_eq!(parse_jws("a.b"), Err(JwtError::Parts(2)));
        assert_eq!(parse_jws("a.b.c.d"), Err(JwtError::Parts(4)));
        assert_eq!(parse_jws("a.b.c.d.e"), Err(JwtError::Encrypted));
        assert_eq!(parse_jws("a.b.c.d.e.f"), Err(JwtError::Parts(6)));
        assert_eq!(parse_jws(".."), Err(JwtError::Json("header")));
    }

    #[test]
    fn parse_jws_wants_strict_base64url_in_every_part() {
        let sig = URL_SAFE_NO_PAD.encode([7; 4]);
        let good_header = b64(HEADER);
        let good_payload = b64("{}");
        for (header, payload, signature, part) in [
            // Padding (RFC 7515 §2 forbids it).
            (
                format!("{good_header}="),
                good_payload.clone(),
                sig.clone(),
                "header",
            ),
            (
                good_header.clone(),
                format!("{good_payload}=="),
                sig.clone(),
                "payload",
            ),
            (
                good_header.clone(),
                good_payload.clone(),
                format!("{sig}=="),
                "signature",
            ),
            // The standard alphabet's + and /.
            (
                good_header.clone(),
                good_payload.clone(),
                "ab+/".to_owned(),
                "signature",
            ),
            // Whitespace, and characters of no alphabet.
            (
                format!(" {good_header}"),
                good_payload.clone(),
                sig.clone(),
                "header",
            ),
            (
                good_header.clone(),
                "e30\n".to_owned(),
                sig.clone(),
                "payload",
            ),
            (
                good_header.clone(),
                "!!!".to_owned(),
                sig.clone(),
                "payload",
            ),
            // A length no encoding has (4n + 1).
            (
                good_header.clone(),
                good_payload.clone(),
                "abcde".to_owned(),
                "signature",
            ),
            // Non-zero stray bits in the last character ("e31" is not canonical).
            (
                good_header.clone(),
                "e31".to_owned(),
                sig.clone(),
                "payload",
            ),
        ] {
            assert_eq!(
                parse_jws(&format!("{header}.{payload}.{signature}")),
                Err(JwtError::Base64(part)),
                "{header}.{payload}.{signature}"
            );
        }
        assert_eq!(
            parse_jws(&format!("{good_header}.{good_payload}.")),
            Err(JwtError::Unsigned)
        );
    }

    #[test]
    fn parse_jws_wants_json_objects_with_unique_members() {
        let sig = URL_SAFE_NO_PAD.encode([7; 4]);
        for (header, payload, expected) in [
            ("[1]", "{}", JwtError::Json("header")),
            ("\"RS256\"", "{}", JwtError::Json("header")),
            ("{", "{}", JwtError::Json("header")),
            (HEADER, "null", JwtError::Json("payload")),
            (HEADER, "{} {}", JwtError::Json("payload")),
            (HEADER, "{\"a\":1,}", JwtError::Json("payload")),
            (HEADER, "\u{feff}{}", JwtError::Json("payload")),
            (
                r#"{"alg":"none","kid":"k","alg":"RS256"}"#,
                "{}",
                JwtError::Duplicate {
                    part: "header",
                    name: "alg".into(),
                },
            ),
            (
                HEADER,
                r#"{"aud":"evil","sub":"s","aud":"good"}"#,
                JwtError::Duplicate {
                    part: "payload",
                    name: "aud".into(),
                },
            ),
        ] {
            assert_eq!(
                parse_jws(&token(header, payload, &sig)),
                Err(expected.clone()),
                "{header} / {payload}"
            );
        }
        // A repeated name inside a nested object is the claim's business.
        assert!(parse_jws(&token(HEADER, r#"{"x":{"a":1,"a":2}}"#, &sig)).is_ok());
    }

    #[test]
    fn parse_jws_refuses_huge_tokens_and_headers_before_decoding() {
        let sig = URL_SAFE_NO_PAD.encode([7; 4]);
        let big_header = format!(r#"{{"alg":"RS256","kid":"{}"}}"#, "k".repeat(2000));
        let encoded = b64(&big_header);
        assert_eq!(
            parse_jws(&token(&big_header, "{}", &sig)),
            Err(JwtError::HeaderTooLong {
                len: encoded.len(),
                max: MAX_HEADER_BYTES
            })
        );
        // Even when the header is not base64 at all: length first.
        let junk = "!".repeat(MAX_HEADER_BYTES + 1);
        assert!(matches!(
            parse_jws(&format!("{junk}.e30.{sig}")),
            Err(JwtError::HeaderTooLong { .. })
        ));
        let huge = "a".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(
            parse_jws(&huge),
            Err(JwtError::TooLong {
                len: MAX_TOKEN_BYTES + 1,
                max: MAX_TOKEN_BYTES
            })
        );
        // Just under the limit is read.
        let payload = format!(r#"{{"pad":"{}"}}"#, "x".repeat(20_000));
        assert!(parse_jws(&token(HEADER, &payload, &sig)).is_ok());
    }

    #[test]
    fn messages_name_the_part_and_never_the_token() {
        assert_eq!(
            JwtError::Base64("payload").to_string(),
            "the JWT payload is not base64url"
        );
        assert_eq!(
            JwtError::Duplicate {
                part: "header",
                name: "alg".into()
            }
            .to_string(),
            "the JWT header has the member \"alg\" twice"
        );
    }
}
