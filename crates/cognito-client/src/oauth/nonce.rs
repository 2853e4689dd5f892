//! The OIDC `nonce` (OIDC Core §3.1.2.1, §3.1.3.7).

use super::state::{check_random_token, StateError};
use crate::secret::secret;

secret!(
    /// The OIDC `nonce`: echoed in the ID token and compared exactly, so a
    /// token from another attempt is refused (OIDC Core §3.1.2.1, §3.1.3.7).
    /// Made and checked like the [`super::State`].
    Nonce,
    random(check_random_token, StateError)
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_made_checked_and_compared_like_a_state() {
        let n = Nonce::from_random(&[2; 32]);
        assert_eq!(n.expose(), "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI");
        assert_eq!(format!("{n:?}"), "Nonce(<redacted>)");
        assert!(n.matches(n.expose()));
        assert!(!n.matches(&n.expose()[1..]));
        assert_eq!(Nonce::parse("abc"), Err(StateError::TooShort(3)));
        assert_eq!(Nonce::parse(n.expose()), Ok(n));
    }
}
