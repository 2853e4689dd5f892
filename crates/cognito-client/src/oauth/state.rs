//! The OAuth `state` (RFC 6749 §10.12, RFC 9700 §4.7.1) and the rules a
//! random token read back from storage or a callback must follow.

use crate::secret::secret;

/// Why a string is not a `state` or `nonce` this crate made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// Fewer than 22 characters: less than 128 bits of randomness.
    #[error("too short to carry 128 bits ({0} characters, at least 22)")]
    TooShort(usize),
    /// More than 512 bytes.
    #[error("too long ({0} bytes, at most 512)")]
    TooLong(usize),
    /// A character outside the base64url alphabet.
    #[error("not base64url (A-Z a-z 0-9 - _)")]
    Character,
}

/// base64url of at least 16 octets (22 characters), at most 512 characters:
/// what [`State`] and [`super::Nonce`] accept.
pub(crate) fn check_random_token(text: &str) -> Result<(), StateError> {
    if text.len() > 512 {
        return Err(StateError::TooLong(text.len()));
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
    {
        return Err(StateError::Character);
    }
    if text.len() < 22 {
        return Err(StateError::TooShort(text.len()));
    }
    Ok(())
}

secret!(
    /// The OAuth `state`: binds the callback to this browser and attempt
    /// (CSRF protection, RFC 6749 §10.12, RFC 9700 §4.7.1). Compared exactly,
    /// in constant time, and used once.
    State,
    random(check_random_token, StateError)
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_random_is_base64url_of_the_32_octets() {
        let s = State::from_random(&std::array::from_fn(|i| i as u8));
        assert_eq!(s.expose(), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        assert_eq!(s.expose().len(), 43);
        assert_eq!(State::parse(s.expose()), Ok(s.clone()));
        assert_eq!(format!("{s:?}"), "State(<redacted>)");
    }

    #[test]
    fn state_parse_rules_and_exact_comparison() {
        assert_eq!(State::parse("abc"), Err(StateError::TooShort(3)));
        assert_eq!(
            State::parse("AAECAwQFBgcICQoLDA0ODx+/"),
            Err(StateError::Character)
        );
        assert_eq!(
            State::parse(&"a".repeat(513)),
            Err(StateError::TooLong(513))
        );
        assert!(State::parse(&"a".repeat(22)).is_ok());
        assert!(State::parse(&"a".repeat(512)).is_ok());
        let s = State::from_random(&[7; 32]);
        assert!(s.matches(s.expose()));
        assert!(!s.matches(&s.expose()[..42]));
        assert!(!s.matches(&format!("{}A", s.expose())));
        assert!(!s.matches(&s.expose().to_ascii_uppercase()));
        assert!(!s.matches(""));
        assert_ne!(s, State::from_random(&[8; 32]));
        assert_eq!(s, State::from_random(&[7; 32]));
    }

    #[test]
    fn serde_is_the_plain_string_checked_on_the_way_in() {
        let s = State::from_random(&[7; 32]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, format!("\"{}\"", s.expose()));
        assert_eq!(serde_json::from_str::<State>(&json).unwrap(), s);
        assert!(serde_json::from_str::<State>("\"short\"").is_err());
        assert!(serde_json::from_str::<State>("\"AAECAwQFBgcICQoLDA0ODx+/\"").is_err());
    }
}
