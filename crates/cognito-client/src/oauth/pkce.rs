//! PKCE (RFC 7636): the code verifier and its S256 challenge.

use crate::secret::{base64url, secret};
use sha2::{Digest, Sha256};

/// Why a string is not a code verifier (RFC 7636 §4.1).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PkceError {
    /// Fewer than 43 or more than 128 characters.
    #[error("a PKCE code verifier has 43 to 128 characters; this has {0} bytes")]
    Length(usize),
    /// A character outside the unreserved set.
    #[error("a PKCE code verifier uses only A-Z a-z 0-9 - . _ ~")]
    Character,
}

/// RFC 7636 §4.1: `code-verifier = 43*128unreserved`, with
/// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"`.
fn check_verifier(text: &str) -> Result<(), PkceError> {
    if !(43..=128).contains(&text.len()) {
        return Err(PkceError::Length(text.len()));
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
    {
        return Err(PkceError::Character);
    }
    Ok(())
}

secret!(
    /// A PKCE `code_verifier`. Made from 32 random octets, base64url-encoded
    /// (43 characters), as RFC 7636 §4.1 recommends. `Debug` is redacted; it
    /// is serialised as the plain string (for sessionStorage) and checked
    /// again when read back.
    PkceVerifier,
    random(check_verifier, PkceError)
);

impl PkceVerifier {
    /// `code_challenge` for `code_challenge_method=S256` (RFC 7636 §4.2):
    /// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`, no padding.
    pub fn challenge_s256(&self) -> String {
        base64url(&Sha256::digest(self.expose().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B: the 32 octets, the verifier and the challenge.
    const RFC_OCTETS: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const RFC_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc_7636_appendix_b() {
        let verifier = PkceVerifier::from_random(&RFC_OCTETS);
        assert_eq!(verifier.expose(), RFC_VERIFIER);
        assert_eq!(verifier.challenge_s256(), RFC_CHALLENGE);
        assert_eq!(
            PkceVerifier::parse(RFC_VERIFIER).unwrap().challenge_s256(),
            RFC_CHALLENGE
        );
    }

    #[test]
    fn verifiers_from_random_bytes_are_43_unreserved_characters() {
        for fill in [0u8, 0xfb, 0xff] {
            let v = PkceVerifier::from_random(&[fill; 32]);
            assert_eq!(v.expose().len(), 43);
            assert_eq!(PkceVerifier::parse(v.expose()), Ok(v.clone()));
        }
        // 0xfb/0xff octets give '-' and '_' (the base64url alphabet), never
        // '+', '/' or '='.
        assert_eq!(
            PkceVerifier::from_random(&[0xff; 32]).expose(),
            "__________________________________________8"
        );
    }

    #[test]
    fn length_and_charset_rules() {
        assert_eq!(
            PkceVerifier::parse(&"a".repeat(42)),
            Err(PkceError::Length(42))
        );
        assert_eq!(PkceVerifier::parse(""), Err(PkceError::Length(0)));
        assert!(PkceVerifier::parse(&"a".repeat(43)).is_ok());
        assert!(PkceVerifier::parse(&"-._~".repeat(32)).is_ok());
        assert_eq!(
            PkceVerifier::parse(&"a".repeat(129)),
            Err(PkceError::Length(129))
        );
        let mut plus = "a".repeat(42);
        plus.push('+');
        assert_eq!(PkceVerifier::parse(&plus), Err(PkceError::Character));
        let mut padded = "a".repeat(42);
        padded.push('=');
        assert_eq!(PkceVerifier::parse(&padded), Err(PkceError::Character));
        let mut non_ascii = "a".repeat(41);
        non_ascii.push('é');
        assert_eq!(PkceVerifier::parse(&non_ascii), Err(PkceError::Character));
    }

    #[test]
    fn debug_is_redacted_and_serde_is_transparent_and_checked() {
        let v = PkceVerifier::from_random(&RFC_OCTETS);
        assert_eq!(format!("{v:?}"), "PkceVerifier(<redacted>)");
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, format!("\"{RFC_VERIFIER}\""));
        assert_eq!(serde_json::from_str::<PkceVerifier>(&json).unwrap(), v);
        assert!(serde_json::from_str::<PkceVerifier>("\"short\"").is_err());
    }
}
