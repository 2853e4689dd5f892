//! Where the tokens are kept between page loads, as the configuration's
//! [`StoragePolicy`] places them (the core decides; this moves the bytes):
//! the ID and access tokens under [`STORAGE_KEY`], the refresh token under
//! [`REFRESH_STORAGE_KEY`], each in `sessionStorage`, `localStorage` or
//! nowhere. Only verified tokens are written; clearing empties both keys
//! from both stores, whatever the policy.

use cognito_client::flow::Tokens;
use cognito_client::secret::{AccessToken, IdToken, RefreshToken};
use cognito_client::session::{SignInMethod, StoragePolicy, Store};
use serde::{Deserialize, Serialize};

/// The key of the ID and access tokens (JSON: the tokens, their expiry and
/// how the user signed in).
///
/// ```no_run
/// use leptos_cognito::session::STORAGE_KEY;
///
/// // With the default `"tokenStorage": "session"`: does this tab hold a
/// // session? (Not verified: `use_auth` says whether it is valid.)
/// let stored = web_sys::window()
///     .and_then(|window| window.session_storage().ok().flatten())
///     .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
///     .is_some();
/// # let _ = stored;
/// ```
pub const STORAGE_KEY: &str = "leptos-cognito.tokens";

/// The key of the refresh token (the bare string).
///
/// ```no_run
/// use leptos_cognito::session::REFRESH_STORAGE_KEY;
///
/// // With `"tokenStorage": "refreshTokenInLocalStorage"`: will the next
/// // visit start signed in?
/// let remembered = web_sys::window()
///     .and_then(|window| window.local_storage().ok().flatten())
///     .and_then(|storage| storage.get_item(REFRESH_STORAGE_KEY).ok().flatten())
///     .is_some();
/// # let _ = remembered;
/// ```
pub const REFRESH_STORAGE_KEY: &str = "leptos-cognito.refresh-token";

/// The ID and access tokens as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoredTokens {
    pub id_token: IdToken,
    pub access_token: AccessToken,
    /// Epoch seconds, this browser's clock.
    pub expires_at: i64,
    pub method: SignInMethod,
}

impl StoredTokens {
    /// The tokens, with the refresh token found elsewhere (if any).
    pub(crate) fn into_tokens(self, refresh_token: Option<RefreshToken>) -> (Tokens, SignInMethod) {
        (
            Tokens {
                id_token: self.id_token,
                access_token: self.access_token,
                refresh_token,
                expires_at: self.expires_at,
            },
            self.method,
        )
    }
}

/// The stored form.
pub(crate) fn encode(tokens: &StoredTokens) -> String {
    serde_json::to_string(tokens).unwrap_or_default()
}

/// Stored tokens, or `None` for anything unreadable (an old format,
/// tampering).
pub(crate) fn decode(text: &str) -> Option<StoredTokens> {
    serde_json::from_str(text).ok()
}

fn browser_store(store: Store) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match store {
        Store::Memory => None,
        Store::Session => window.session_storage().ok()?,
        Store::Local => window.local_storage().ok()?,
    }
}

/// What this tab can find under `policy`: the tokens, and the refresh
/// token where the policy keeps it (`None` when it is elsewhere, e.g. in
/// another tab's `sessionStorage`).
pub(crate) fn load(policy: &StoragePolicy) -> Option<(Tokens, SignInMethod)> {
    let placement = policy.placement();
    let text = browser_store(placement.tokens)?
        .get_item(STORAGE_KEY)
        .ok()??;
    let Some(stored) = decode(&text) else {
        clear_all();
        return None;
    };
    let refresh_token = browser_store(placement.refresh_token)
        .and_then(|s| s.get_item(REFRESH_STORAGE_KEY).ok().flatten())
        .filter(|t| !t.is_empty())
        .map(RefreshToken::new);
    Some(stored.into_tokens(refresh_token))
}

/// Saves a verified session's tokens, and its refresh token if it has
/// one. Storage can be refused (private mode, quota); the session then
/// lasts until the page is reloaded.
pub(crate) fn save(
    policy: &StoragePolicy,
    tokens: &StoredTokens,
    refresh_token: Option<&RefreshToken>,
) {
    let placement = policy.placement();
    if let Some(store) = browser_store(placement.tokens) {
        let _ = store.set_item(STORAGE_KEY, &encode(tokens));
    }
    if let (Some(store), Some(refresh_token)) =
        (browser_store(placement.refresh_token), refresh_token)
    {
        let _ = store.set_item(REFRESH_STORAGE_KEY, refresh_token.expose());
    }
}

/// Forgets every token: both keys, from both stores, whatever the policy.
pub(crate) fn clear_all() {
    for store in [Store::Session, Store::Local] {
        if let Some(storage) = browser_store(store) {
            let _ = storage.remove_item(STORAGE_KEY);
            let _ = storage.remove_item(REFRESH_STORAGE_KEY);
        }
    }
}

/// Empties the stores `policy` does not use of the app's keys (tokens left
/// there by an earlier deployment with another policy).
pub(crate) fn empty_unused(policy: &StoragePolicy) {
    for store in policy.stores_to_empty() {
        if let Some(storage) = browser_store(store) {
            let _ = storage.remove_item(STORAGE_KEY);
            let _ = storage.remove_item(REFRESH_STORAGE_KEY);
        }
    }
    // Under `local` alone, a refresh token must never be in localStorage.
    if policy.placement().refresh_token != Store::Local {
        if let Some(storage) = browser_store(Store::Local) {
            let _ = storage.remove_item(REFRESH_STORAGE_KEY);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored() -> StoredTokens {
        StoredTokens {
            id_token: IdToken::new("i.d.s"),
            access_token: AccessToken::new("a.c.s"),
            expires_at: 42,
            method: SignInMethod::HostedUi,
        }
    }

    #[test]
    fn stored_form_round_trips_and_garbage_is_ignored() {
        let s = stored();
        assert_eq!(decode(&encode(&s)), Some(s.clone()));
        let text = encode(&s);
        assert!(text.contains(r#""method":"hosted-ui""#), "{text}");
        assert!(
            !text.contains("refresh"),
            "the refresh token is kept apart: {text}"
        );
        for bad in [
            "",
            "{\"id_token\":1}",
            // The earlier format (with the refresh token inside) is not read.
            r#"{"id_token":"i","access_token":"a","refresh_token":"r","expires_at":1}"#,
            r#"{"id_token":"i","access_token":"a","expires_at":1,"method":"magic"}"#,
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        let (tokens, method) = s.into_tokens(Some(RefreshToken::new("r")));
        assert_eq!(method, SignInMethod::HostedUi);
        assert_eq!(tokens.refresh_token, Some(RefreshToken::new("r")));
        assert_eq!(tokens.expires_at, 42);
    }
}
