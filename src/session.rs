//! The signed-in session: the tokens, kept in `sessionStorage` (per tab,
//! gone when the tab closes: a refresh token does not belong in
//! `localStorage`), restored and refreshed at start, revoked on sign-out.

use crate::i18n::{Msg, Notice};
use cognito_client::flow::{after_refresh, Tokens};
use cognito_client::jwt::{claims_unverified, JwtError};
use cognito_client::{CognitoError, Transport, UserPoolClient};
use serde_json::{Map, Value};

/// The `sessionStorage` key holding the tokens as JSON.
pub const STORAGE_KEY: &str = "leptos-cognito.tokens";

/// The `sessionStorage` key of a notice that has to outlive a page load (the
/// hosted `/logout` round-trip after a federated sign-out): one of the fixed
/// words of `PendingNotice`, never text from anywhere else.
pub const NOTICE_STORAGE_KEY: &str = "leptos-cognito.notice";

/// Seconds of margin before `exp` at which a token counts as expired.
const EXPIRY_SKEW: i64 = 60;

/// A signed-in user: the tokens and the ID token's claims.
///
/// The claims are decoded, not verified: fine for showing a name, not for
/// authorisation. Servers must verify the token's signature.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    tokens: Tokens,
    claims: Map<String, Value>,
}

impl Session {
    /// A session from tokens; fails when the ID token is not a readable JWT.
    pub fn from_tokens(tokens: Tokens) -> Result<Self, JwtError> {
        let claims = claims_unverified(tokens.id_token.expose())?;
        Ok(Session { tokens, claims })
    }

    /// The tokens (ID, access, refresh) and their expiry.
    pub fn tokens(&self) -> &Tokens {
        &self.tokens
    }

    /// The ID token's claims, unverified.
    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    /// A string claim of the ID token.
    pub fn claim(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// The `email` claim.
    pub fn email(&self) -> Option<&str> {
        self.claim("email")
    }

    /// The `name` claim.
    pub fn name(&self) -> Option<&str> {
        self.claim("name")
    }

    /// The `sub` claim: the user's stable ID in the pool.
    pub fn sub(&self) -> Option<&str> {
        self.claim("sub")
    }

    /// The claims as indented JSON, for display.
    pub fn claims_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.claims).unwrap_or_default()
    }

    /// Whether the access token is expired, or within a minute of it, at `now`.
    pub fn is_expired(&self, now: i64) -> bool {
        self.tokens.is_expired(now, EXPIRY_SKEW)
    }
}

/// The tokens as stored.
pub(crate) fn encode(tokens: &Tokens) -> String {
    serde_json::to_string(tokens).unwrap_or_default()
}

/// Stored tokens, or `None` for anything unreadable (old format, tampering).
pub(crate) fn decode(text: &str) -> Option<Tokens> {
    serde_json::from_str(text).ok()
}

/// The current time in epoch seconds.
pub(crate) fn now() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The tokens saved in this tab, if any.
pub(crate) fn load_stored() -> Option<Tokens> {
    let text = session_storage()?.get_item(STORAGE_KEY).ok()??;
    decode(&text)
}

/// Saves the tokens for this tab. Storage can be refused (private mode,
/// quota); the session then lasts until the page is reloaded.
pub(crate) fn store(tokens: &Tokens) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(STORAGE_KEY, &encode(tokens));
    }
}

/// Forgets the tokens of this tab.
pub(crate) fn clear_stored() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

/// A notice for the sign-in screen that survives leaving the page. Stored as
/// a fixed word: whatever else is found under [`NOTICE_STORAGE_KEY`] (a
/// script, another tab's old build) shows nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PendingNotice {
    /// "You have signed out." after the hosted `/logout`.
    SignedOut,
}

impl PendingNotice {
    const ALL: [PendingNotice; 1] = [PendingNotice::SignedOut];

    /// The word kept in storage.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            PendingNotice::SignedOut => "signed-out",
        }
    }

    /// The notice for a stored word; `None` for anything else.
    pub(crate) fn from_stored(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.stored() == word)
    }

    /// What the sign-in screen shows.
    pub(crate) fn notice(self) -> Notice {
        match self {
            PendingNotice::SignedOut => Notice::new(Msg::InfoSignedOut),
        }
    }
}

/// Leaves `notice` for the next sign-in screen of this tab, across a page
/// load. Storage can be refused; the notice is then lost, nothing else.
pub(crate) fn leave_notice(notice: PendingNotice) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(NOTICE_STORAGE_KEY, notice.stored());
    }
}

/// The notice left by [`leave_notice`], removed so it shows once.
pub(crate) fn take_notice() -> Option<Notice> {
    let storage = session_storage()?;
    let word = storage.get_item(NOTICE_STORAGE_KEY).ok()??;
    let _ = storage.remove_item(NOTICE_STORAGE_KEY);
    PendingNotice::from_stored(&word).map(PendingNotice::notice)
}

/// What was found at start.
#[derive(Debug)]
pub(crate) enum Restored {
    /// Valid (or refreshed) tokens.
    SignedIn(Session),
    /// Nothing stored.
    SignedOut,
    /// Tokens were stored but have expired and could not be refreshed.
    Expired,
}

/// Loads the stored tokens and refreshes them if they have expired.
pub(crate) async fn restore<T: Transport>(client: &UserPoolClient<T>) -> Restored {
    let Some(tokens) = load_stored() else {
        return Restored::SignedOut;
    };
    let Ok(session) = Session::from_tokens(tokens) else {
        clear_stored();
        return Restored::SignedOut;
    };
    if !session.is_expired(now()) {
        return Restored::SignedIn(session);
    }
    match refresh(client, session.tokens()).await {
        Ok(session) => Restored::SignedIn(session),
        Err(CognitoError::Transport { .. }) => {
            // Offline: keep the refresh token so a later reload can retry.
            Restored::Expired
        }
        Err(_) => {
            clear_stored();
            Restored::Expired
        }
    }
}

/// `REFRESH_TOKEN_AUTH`: new ID and access tokens, stored on success.
pub(crate) async fn refresh<T: Transport>(
    client: &UserPoolClient<T>,
    tokens: &Tokens,
) -> Result<Session, CognitoError> {
    let Some(refresh_token) = &tokens.refresh_token else {
        return Err(CognitoError::Decode {
            status: 0,
            message: "no refresh token".into(),
        });
    };
    let response = client.initiate_refresh_token_auth(refresh_token).await?;
    let tokens = after_refresh(tokens, response, now())?;
    let session = Session::from_tokens(tokens).map_err(|e| CognitoError::Decode {
        status: 200,
        message: e.to_string(),
    })?;
    store(session.tokens());
    Ok(session)
}

/// `GlobalSignOut` (revokes every refresh token of the user), then forgets
/// the tokens here — even when the call fails, so the user is at least
/// signed out of this tab; the error says the rest may still be signed in.
pub(crate) async fn sign_out<T: Transport>(
    client: &UserPoolClient<T>,
    tokens: &Tokens,
) -> Result<(), CognitoError> {
    let result = client.global_sign_out(&tokens.access_token).await;
    clear_stored();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_client::secret::{AccessToken, IdToken, RefreshToken};

    /// base64url without padding (RFC 7515 §2), as in JWTs.
    fn b64url(bytes: &[u8]) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    fn tokens(claims: &str, expires_at: i64) -> Tokens {
        Tokens {
            id_token: IdToken::new(format!(
                "{}.{}.sig",
                b64url(br#"{"alg":"RS256","kid":"k"}"#),
                b64url(claims.as_bytes())
            )),
            access_token: AccessToken::new("access"),
            refresh_token: Some(RefreshToken::new("refresh")),
            expires_at,
        }
    }

    #[test]
    fn session_reads_the_id_token_claims() {
        let s = Session::from_tokens(tokens(
            r#"{"sub":"abc-123","email":"taro@example.jp","name":"山田 太郎","email_verified":true}"#,
            1_000,
        ))
        .unwrap();
        assert_eq!(s.email(), Some("taro@example.jp"));
        assert_eq!(s.name(), Some("山田 太郎"));
        assert_eq!(s.sub(), Some("abc-123"));
        assert_eq!(s.claim("email_verified"), None, "not a string");
        let pretty = s.claims_pretty();
        assert!(
            pretty.contains("\n  \"email\": \"taro@example.jp\""),
            "{pretty}"
        );
        assert!(!s.is_expired(900));
        assert!(s.is_expired(941));
    }

    #[test]
    fn unreadable_id_token_is_refused() {
        let mut t = tokens("{}", 0);
        t.id_token = IdToken::new("not-a-jwt");
        assert!(Session::from_tokens(t).is_err());
    }

    #[test]
    fn stored_form_round_trips_and_garbage_is_ignored() {
        let t = tokens(r#"{"sub":"s"}"#, 42);
        assert_eq!(decode(&encode(&t)), Some(t));
        assert_eq!(decode("{\"id_token\":1}"), None);
        assert_eq!(decode(""), None);
    }

    #[test]
    fn debug_output_hides_the_tokens() {
        let s = Session::from_tokens(tokens(r#"{"sub":"s"}"#, 42)).unwrap();
        let debug = format!("{s:?}");
        assert!(!debug.contains("access\""), "{debug}");
        assert!(!debug.contains("\"refresh\""), "{debug}");
    }

    #[test]
    fn pending_notices_are_fixed_words_and_nothing_else_shows() {
        for notice in PendingNotice::ALL {
            assert_eq!(PendingNotice::from_stored(notice.stored()), Some(notice));
        }
        assert_eq!(PendingNotice::SignedOut.stored(), "signed-out");
        assert_eq!(
            PendingNotice::SignedOut.notice().to_string(),
            "You have signed out."
        );
        for other in [
            "",
            "Signed-Out",
            " signed-out",
            "signed-out ",
            "You have signed out.",
            "<img src=x onerror=alert(1)>",
            "InfoSignedOut",
        ] {
            assert_eq!(PendingNotice::from_stored(other), None, "{other:?}");
        }
    }
}
