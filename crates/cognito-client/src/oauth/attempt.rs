//! One sign-in attempt: `state`, `nonce`, PKCE verifier and where to return,
//! kept by the browser between the authorize redirect and the callback.

use super::nonce::Nonce;
use super::pkce::PkceVerifier;
use super::state::State;
use super::urls::{authorize_url, AuthorizeParams};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Random octets [`AuthorizationAttempt::new`] takes: 32 each for `state`,
/// `nonce` and the PKCE verifier.
pub const ATTEMPT_RANDOM_BYTES: usize = 96;

/// How long an attempt may wait for its callback, in seconds. Cognito's
/// authorization code lives 5 minutes (docs/cognito-protocol.md §4.2); the user may spend a
/// while at the identity provider before it is issued.
pub const ATTEMPT_TTL_SECONDS: i64 = 600;

/// Prefix of the sessionStorage key of each attempt; the rest is its `state`,
/// so attempts in two tabs (or two attempts in one) never overwrite each other.
pub const ATTEMPT_STORAGE_PREFIX: &str = "leptos-cognito.oauth.";

/// What the browser remembers of one sign-in redirect. Serialises to JSON for
/// sessionStorage (secrets as plain strings); `Debug` redacts them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizationAttempt {
    /// Sent as `state`; the callback must bring it back.
    pub state: State,
    /// Sent as `nonce`; the ID token must carry it.
    pub nonce: Nonce,
    /// Its S256 challenge goes to the authorize endpoint, itself to the
    /// token endpoint.
    pub verifier: PkceVerifier,
    /// Sent again, identical, in the token request (RFC 6749 §4.1.3).
    pub redirect_uri: String,
    /// The `identity_provider` asked for (`Google`, ...), if any.
    pub provider: Option<String>,
    /// Where to go after sign-in. Check it with
    /// [`super::safe_return_path`] when leaving, too.
    pub return_path: String,
    /// Epoch seconds.
    pub created_at: i64,
}

impl AuthorizationAttempt {
    /// A fresh attempt. `random` must come from a CSPRNG
    /// (`crypto.getRandomValues`): octets 0..32 make the `state`, 32..64 the
    /// `nonce` and 64..96 the PKCE verifier.
    pub fn new(
        random: &[u8; ATTEMPT_RANDOM_BYTES],
        redirect_uri: impl Into<String>,
        provider: Option<&str>,
        return_path: impl Into<String>,
        now: i64,
    ) -> Self {
        let part = |i: usize| -> [u8; 32] {
            random[i * 32..(i + 1) * 32]
                .try_into()
                .expect("32-octet slice")
        };
        Self {
            state: State::from_random(&part(0)),
            nonce: Nonce::from_random(&part(1)),
            verifier: PkceVerifier::from_random(&part(2)),
            redirect_uri: redirect_uri.into(),
            provider: provider.map(str::to_owned),
            return_path: return_path.into(),
            created_at: now,
        }
    }

    /// `leptos-cognito.oauth.<state>`.
    pub fn storage_key(&self) -> String {
        Self::storage_key_for(self.state.expose())
    }

    /// The storage key of the attempt whose `state` is `state`.
    pub fn storage_key_for(state: &str) -> String {
        format!("{ATTEMPT_STORAGE_PREFIX}{state}")
    }

    /// Older than [`ATTEMPT_TTL_SECONDS`] at `now` (or, clock gone back,
    /// created more than a minute in the future).
    pub fn is_expired(&self, now: i64) -> bool {
        now.saturating_sub(self.created_at) > ATTEMPT_TTL_SECONDS
            || self.created_at.saturating_sub(now) > 60
    }

    /// The S256 `code_challenge` of this attempt's verifier.
    pub fn code_challenge(&self) -> String {
        self.verifier.challenge_s256()
    }

    /// The authorize request parameters for this attempt.
    pub fn authorize_params(
        &self,
        client_id: &str,
        scopes: &[String],
        lang: Option<&str>,
    ) -> AuthorizeParams {
        AuthorizeParams {
            client_id: client_id.to_owned(),
            redirect_uri: self.redirect_uri.clone(),
            scopes: scopes.to_vec(),
            identity_provider: self.provider.clone(),
            state: self.state.clone(),
            nonce: self.nonce.clone(),
            code_challenge: self.code_challenge(),
            lang: lang.map(str::to_owned),
        }
    }

    /// Where to send the browser for this attempt (see [`authorize_url`]).
    pub fn authorize_url(
        &self,
        domain: &str,
        client_id: &str,
        scopes: &[String],
        lang: Option<&str>,
    ) -> String {
        authorize_url(domain, &self.authorize_params(client_id, scopes, lang))
    }
}

/// The `state` in a storage key made by [`AuthorizationAttempt::storage_key`],
/// for sweeping expired attempts out of sessionStorage.
pub fn attempt_state_from_key(key: &str) -> Option<&str> {
    key.strip_prefix(ATTEMPT_STORAGE_PREFIX)
        .filter(|s| !s.is_empty())
}

/// Where attempts wait for their callback: sessionStorage in the browser
/// (key [`AuthorizationAttempt::storage_key`], value the JSON), a map in tests.
pub trait AttemptStore {
    /// Keeps `attempt` under its `state`.
    fn put(&mut self, attempt: AuthorizationAttempt);
    /// Removes and returns the attempt whose `state` is `state`: after this,
    /// the same callback can never be exchanged again.
    fn take(&mut self, state: &str) -> Option<AuthorizationAttempt>;
}

/// Keyed by `state`.
impl AttemptStore for HashMap<String, AuthorizationAttempt> {
    fn put(&mut self, attempt: AuthorizationAttempt) {
        self.insert(attempt.state.expose().to_owned(), attempt);
    }
    fn take(&mut self, state: &str) -> Option<AuthorizationAttempt> {
        self.remove(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn random() -> [u8; ATTEMPT_RANDOM_BYTES] {
        std::array::from_fn(|i| i as u8)
    }

    #[test]
    fn state_and_nonce_are_base64url_of_32_octets() {
        let a = AuthorizationAttempt::new(&random(), "https://app.example/cb", None, "/", 0);
        assert_eq!(
            a.state.expose(),
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
        );
        assert_eq!(
            a.nonce.expose(),
            "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8"
        );
        assert_eq!(
            a.verifier.expose(),
            "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8"
        );
        assert_eq!(a.state.expose().len(), 43);
        assert_eq!(State::parse(a.state.expose()), Ok(a.state.clone()));
    }

    #[test]
    fn attempt_json_round_trip_redacted_debug_and_key() {
        let a = AuthorizationAttempt::new(
            &random(),
            "https://app.example/cb",
            Some("Google"),
            "/account",
            1_000,
        );
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"{"state":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8","nonce":"ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8","verifier":"QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8","redirect_uri":"https://app.example/cb","provider":"Google","return_path":"/account","created_at":1000}"#
        );
        assert_eq!(
            serde_json::from_str::<AuthorizationAttempt>(&json).unwrap(),
            a
        );
        let debug = format!("{a:?}");
        assert!(debug.contains("State(<redacted>)"), "{debug}");
        assert!(debug.contains("Nonce(<redacted>)"), "{debug}");
        assert!(debug.contains("PkceVerifier(<redacted>)"), "{debug}");
        for secret in [a.state.expose(), a.nonce.expose(), a.verifier.expose()] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert_eq!(
            a.storage_key(),
            "leptos-cognito.oauth.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
        );
        assert_eq!(
            attempt_state_from_key(&a.storage_key()),
            Some(a.state.expose())
        );
        assert_eq!(attempt_state_from_key("leptos-cognito.oauth."), None);
        assert_eq!(attempt_state_from_key("leptos-cognito.session"), None);
        // A tampered stored value does not deserialise.
        let bad = json.replace("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "x");
        assert!(serde_json::from_str::<AuthorizationAttempt>(&bad).is_err());
    }

    #[test]
    fn attempts_expire_after_ten_minutes() {
        let a = AuthorizationAttempt::new(&random(), "u", None, "/", 1_000);
        assert!(!a.is_expired(1_000));
        assert!(!a.is_expired(1_600));
        assert!(a.is_expired(1_601));
        assert!(!a.is_expired(940));
        assert!(a.is_expired(939));
    }

    #[test]
    fn two_attempts_do_not_clobber_each_other() {
        let mut store: HashMap<String, AuthorizationAttempt> = HashMap::new();
        let first = AuthorizationAttempt::new(&random(), "u", None, "/a", 0);
        let second = AuthorizationAttempt::new(&[9; 96], "u", None, "/b", 0);
        store.put(first.clone());
        store.put(second.clone());
        assert_ne!(first.storage_key(), second.storage_key());
        assert_eq!(store.take(first.state.expose()), Some(first.clone()));
        assert_eq!(store.take(first.state.expose()), None);
        assert_eq!(store.take(second.state.expose()), Some(second));
    }
}
