//! The redirect back to the app: parsing its query (RFC 6749 §4.1.2,
//! §4.1.2.1) and deciding what happens next.

use super::attempt::{AttemptStore, AuthorizationAttempt};
use super::token::token_request;
use crate::http::HttpRequest;
use crate::secret::AuthorizationCode;

/// Longest callback query accepted, in bytes.
pub const MAX_CALLBACK_QUERY_BYTES: usize = 16 * 1024;
/// Longest decoded `code`, `state`, `error` or `error_description`, in bytes.
pub const MAX_CALLBACK_VALUE_BYTES: usize = 2048;

/// Why a callback query was refused. Nothing in it is trusted further.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallbackError {
    /// No `code`, `state` or `error` at all: not a callback.
    #[error("the page was opened without a sign-in response (no code, state or error)")]
    NotACallback,
    /// A `code` without a `state`.
    #[error("the sign-in response has no state")]
    MissingState,
    /// A `state` without a `code` or `error`.
    #[error("the sign-in response has no code")]
    MissingCode,
    /// Both a `code` and an `error`.
    #[error("the sign-in response has both a code and an error")]
    CodeAndError,
    /// This parameter more than once (RFC 6749 §3.1).
    #[error("the sign-in response has `{0}` more than once")]
    Duplicate(&'static str),
    /// This parameter is longer than [`MAX_CALLBACK_VALUE_BYTES`].
    #[error("the sign-in response's `{0}` is longer than {MAX_CALLBACK_VALUE_BYTES} bytes")]
    TooLong(&'static str),
    /// The query is longer than [`MAX_CALLBACK_QUERY_BYTES`].
    #[error("the sign-in response is longer than {MAX_CALLBACK_QUERY_BYTES} bytes")]
    QueryTooLong,
    /// A `%` not followed by two hex digits, or not UTF-8 once decoded.
    #[error("the sign-in response is not valid percent-encoded UTF-8")]
    BadEncoding,
}

/// The `error` codes of an authorization error response (RFC 6749 §4.1.2.1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum AuthorizeErrorCode {
    /// `access_denied`: the user or the provider refused.
    AccessDenied,
    /// `invalid_request`: also how Cognito reports Lambda trigger failures
    /// and provider timeouts.
    InvalidRequest,
    /// `unauthorized_client`: the app client may not use this flow.
    UnauthorizedClient,
    /// `invalid_scope`: a scope the app client does not allow.
    InvalidScope,
    /// `server_error`.
    ServerError,
    /// `temporarily_unavailable`.
    TemporarilyUnavailable,
    /// `unsupported_response_type`.
    UnsupportedResponseType,
    /// Any other code, as received.
    Other(String),
}

/// What an authorization error means for the user, for choosing the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The user backed out (cancelled at the provider): offer to try again.
    Cancelled,
    /// The pool refused this user (a Lambda trigger such as PreSignUp
    /// failed, or the user is disabled).
    Denied,
    /// The app or pool is set up wrongly (client, scopes, redirect URI):
    /// retrying will not help.
    Misconfigured,
    /// Cognito or the identity provider failed or timed out: try later.
    ProviderError,
}

impl FailureKind {
    /// A stable key for UI catalogues and test ids.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Cancelled => "cancelled",
            Self::Denied => "denied",
            Self::Misconfigured => "misconfigured",
            Self::ProviderError => "provider-error",
        }
    }
}

impl AuthorizeErrorCode {
    /// The code for an `error` value.
    pub fn parse(code: &str) -> Self {
        match code {
            "access_denied" => Self::AccessDenied,
            "invalid_request" => Self::InvalidRequest,
            "unauthorized_client" => Self::UnauthorizedClient,
            "invalid_scope" => Self::InvalidScope,
            "server_error" => Self::ServerError,
            "temporarily_unavailable" => Self::TemporarilyUnavailable,
            "unsupported_response_type" => Self::UnsupportedResponseType,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The `error` value, as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Self::AccessDenied => "access_denied",
            Self::InvalidRequest => "invalid_request",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::InvalidScope => "invalid_scope",
            Self::ServerError => "server_error",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
            Self::UnsupportedResponseType => "unsupported_response_type",
            Self::Other(code) => code,
        }
    }

    /// Classifies the error. Cognito reports Lambda trigger failures and IdP
    /// timeouts as `invalid_request` and tells them apart only in
    /// `error_description` ("PreSignUp failed with error …", "Timeout occurred
    /// in calling IdP token endpoint"; docs/cognito-protocol.md §4.2).
    pub fn kind(&self, description: Option<&str>) -> FailureKind {
        let description = description.unwrap_or("").to_ascii_lowercase();
        match self {
            Self::AccessDenied => FailureKind::Cancelled,
            Self::InvalidRequest
                if ["failed with error", "lambda", "disabled"]
                    .iter()
                    .any(|p| description.contains(p)) =>
            {
                FailureKind::Denied
            }
            Self::InvalidRequest if ["timeout", "idp"].iter().any(|p| description.contains(p)) => {
                FailureKind::ProviderError
            }
            Self::InvalidRequest
            | Self::UnauthorizedClient
            | Self::InvalidScope
            | Self::UnsupportedResponseType => FailureKind::Misconfigured,
            Self::ServerError | Self::TemporarilyUnavailable | Self::Other(_) => {
                FailureKind::ProviderError
            }
        }
    }
}

/// A well-formed callback: a code to exchange, or an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackParams {
    /// `?code=…&state=…`.
    Code {
        /// The authorization code.
        code: AuthorizationCode,
        /// The `state`, to find the attempt by.
        state: String,
    },
    /// `?error=…[&error_description=…][&state=…]`.
    Error {
        /// The `error` code.
        error: AuthorizeErrorCode,
        /// `error_description`: text from the network, show it as text only.
        description: Option<String>,
        /// The `state`, when the error came with one.
        state: Option<String>,
    },
}

/// Decodes one `application/x-www-form-urlencoded` name or value strictly:
/// `+` is a space, a `%` must start two hex digits (RFC 3986 §2.1; the
/// decoder would pass a stray `%` through as it is) and the result must be
/// UTF-8.
fn form_decode(raw: &str) -> Result<String, CallbackError> {
    let bytes = raw.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return Err(CallbackError::BadEncoding);
    }
    percent_encoding::percent_decode_str(&raw.replace('+', " "))
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| CallbackError::BadEncoding)
}

/// Parses the callback query (`location.search`, with or without the leading
/// `?`). Refuses anything ambiguous: a repeated `code`, `state`, `error` or
/// `error_description` (RFC 6749 §3.1: parameters must not be included more
/// than once), a code together with an error, values over
/// [`MAX_CALLBACK_VALUE_BYTES`], bad percent-encoding. Other parameters are
/// ignored. An empty value counts as missing.
pub fn parse_callback(query: &str) -> Result<CallbackParams, CallbackError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = query.split('#').next().unwrap_or(query);
    if query.len() > MAX_CALLBACK_QUERY_BYTES {
        return Err(CallbackError::QueryTooLong);
    }
    const NAMES: [&str; 4] = ["code", "state", "error", "error_description"];
    let mut values: [Option<String>; 4] = Default::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = form_decode(raw_name)?;
        let Some(index) = NAMES.iter().position(|n| *n == name) else {
            continue;
        };
        let name = NAMES[index];
        if values[index].is_some() {
            return Err(CallbackError::Duplicate(name));
        }
        let value = form_decode(raw_value)?;
        if value.len() > MAX_CALLBACK_VALUE_BYTES {
            return Err(CallbackError::TooLong(name));
        }
        values[index] = Some(value);
    }
    let [code, state, error, description] = values.map(|v| v.filter(|v| !v.is_empty()));
    match (code, state, error) {
        (Some(_), _, Some(_)) => Err(CallbackError::CodeAndError),
        (None, state, Some(error)) => Ok(CallbackParams::Error {
            error: AuthorizeErrorCode::parse(&error),
            description,
            state,
        }),
        (None, None, None) => Err(CallbackError::NotACallback),
        (_, None, None) => Err(CallbackError::MissingState),
        (None, Some(_), None) => Err(CallbackError::MissingCode),
        (Some(code), Some(state), None) => Ok(CallbackParams::Code {
            code: AuthorizationCode::new(code),
            state,
        }),
    }
}

/// What the callback page does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallbackStep {
    /// The query is not a usable callback (see the error); nothing was
    /// consumed.
    Malformed(CallbackError),
    /// Cognito or the provider reported an error. Any attempt with the
    /// callback's `state` has been removed.
    ShowError {
        /// What it means for the user.
        kind: FailureKind,
        /// The `error` code.
        error: AuthorizeErrorCode,
        /// `error_description`: text from the network, show it as text only.
        description: Option<String>,
    },
    /// No attempt has this `state`: forged, from another browser or tab, or
    /// already used (a reload or Back after success). Never exchange; see
    /// [`stale_callback`] for what to show.
    UnknownState,
    /// The attempt was found (and removed) but is older than
    /// [`super::ATTEMPT_TTL_SECONDS`]; the code is not exchanged. Show it
    /// like [`CallbackStep::UnknownState`].
    Expired {
        /// The attempt, now out of the store.
        attempt: AuthorizationAttempt,
    },
    /// Send `token_request`, then pass the answer and `attempt` to
    /// [`super::after_token_response`]. The attempt is already out of the
    /// store, so this callback cannot be exchanged twice.
    Exchange {
        /// The token request (RFC 6749 §4.1.3) to send.
        token_request: HttpRequest,
        /// The attempt, for checking the answer.
        attempt: AuthorizationAttempt,
    },
}

impl CallbackStep {
    /// For [`CallbackStep::UnknownState`] and [`CallbackStep::Expired`],
    /// what to tell the user; `None` for the other steps.
    pub fn stale(&self, has_session: bool) -> Option<StaleCallback> {
        match self {
            Self::UnknownState | Self::Expired { .. } => Some(stale_callback(has_session)),
            _ => None,
        }
    }
}

/// What a callback that cannot be exchanged means to the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StaleCallback {
    /// A session exists (this was a reload or Back after signing in): say
    /// "already signed in, continuing" and go on.
    AlreadySignedIn,
    /// No session: calmly say "this sign-in link was already used or
    /// expired" and offer to sign in again.
    UsedOrExpired,
}

/// See [`StaleCallback`].
pub fn stale_callback(has_session: bool) -> StaleCallback {
    if has_session {
        StaleCallback::AlreadySignedIn
    } else {
        StaleCallback::UsedOrExpired
    }
}

/// Decides the next step for a parsed callback. The attempt is taken out of
/// `store` *before* anything else is checked, so a `state` works once
/// (RFC 9700 §4.7.1; RFC 6749 §10.12).
pub fn callback_step(
    params: CallbackParams,
    store: &mut impl AttemptStore,
    domain: &str,
    client_id: &str,
    now: i64,
) -> CallbackStep {
    match params {
        CallbackParams::Error {
            error,
            description,
            state,
        } => {
            if let Some(state) = state {
                drop(store.take(&state));
            }
            CallbackStep::ShowError {
                kind: error.kind(description.as_deref()),
                error,
                description,
            }
        }
        CallbackParams::Code { code, state } => {
            let Some(attempt) = store.take(&state) else {
                return CallbackStep::UnknownState;
            };
            // The store looked it up by key; compare exactly once more.
            if !attempt.state.matches(&state) {
                return CallbackStep::UnknownState;
            }
            if attempt.is_expired(now) {
                return CallbackStep::Expired { attempt };
            }
            CallbackStep::Exchange {
                token_request: token_request(
                    domain,
                    client_id,
                    &code,
                    &attempt.redirect_uri,
                    &attempt.verifier,
                ),
                attempt,
            }
        }
    }
}

/// [`parse_callback`] then [`callback_step`]: the whole callback page logic.
pub fn on_callback(
    query: &str,
    store: &mut impl AttemptStore,
    domain: &str,
    client_id: &str,
    now: i64,
) -> CallbackStep {
    match parse_callback(query) {
        Ok(params) => callback_step(params, store, domain, client_id, now),
        Err(e) => CallbackStep::Malformed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn code(code: &str, state: &str) -> CallbackParams {
        CallbackParams::Code {
            code: AuthorizationCode::new(code),
            state: state.into(),
        }
    }

    #[test]
    fn parses_a_code_callback() {
        assert_eq!(
            parse_callback("?code=abc-123&state=xyz"),
            Ok(code("abc-123", "xyz"))
        );
        assert_eq!(parse_callback("state=xyz&code=abc"), Ok(code("abc", "xyz")));
        // Percent- and plus-decoding; unknown parameters are ignored.
        assert_eq!(
            parse_callback("code=a%2Bb+c&state=%41Z&iss=https%3A%2F%2Fx&&"),
            Ok(code("a+b c", "AZ"))
        );
        // An encoded name is still that name.
        assert_eq!(
            parse_callback("c%6Fde=1&state=s&code=2"),
            Err(CallbackError::Duplicate("code"))
        );
        // A fragment is not part of the query.
        assert_eq!(parse_callback("code=c&state=s#code=x"), Ok(code("c", "s")));
    }

    #[test]
    fn parses_an_error_callback() {
        assert_eq!(
            parse_callback(
                "error=invalid_request&error_description=PreSignUp+failed+with+error+No+%E3%83%A6.&state=s1"
            ),
            Ok(CallbackParams::Error {
                error: AuthorizeErrorCode::InvalidRequest,
                description: Some("PreSignUp failed with error No ユ.".into()),
                state: Some("s1".into())
            })
        );
        assert_eq!(
            parse_callback("error=access_denied"),
            Ok(CallbackParams::Error {
                error: AuthorizeErrorCode::AccessDenied,
                description: None,
                state: None
            })
        );
    }

    #[test]
    fn refuses_malformed_callbacks() {
        let long = "a".repeat(MAX_CALLBACK_VALUE_BYTES + 1);
        let just_fits = "a".repeat(MAX_CALLBACK_VALUE_BYTES);
        for (query, expected) in [
            ("", CallbackError::NotACallback),
            ("?", CallbackError::NotACallback),
            ("foo=bar", CallbackError::NotACallback),
            ("code=abc", CallbackError::MissingState),
            ("code=abc&state=", CallbackError::MissingState),
            ("state=xyz", CallbackError::MissingCode),
            ("code=&state=xyz", CallbackError::MissingCode),
            (
                "code=a&state=s&error=access_denied",
                CallbackError::CodeAndError,
            ),
            ("code=a&code=b&state=s", CallbackError::Duplicate("code")),
            ("code=a&state=s&state=t", CallbackError::Duplicate("state")),
            ("code=a&state=s&state=s", CallbackError::Duplicate("state")),
            ("error=a&error=b", CallbackError::Duplicate("error")),
            (
                "error=a&error_description=x&error_description=y",
                CallbackError::Duplicate("error_description"),
            ),
            ("code=a%2&state=s", CallbackError::BadEncoding),
            ("code=a%zz&state=s", CallbackError::BadEncoding),
            ("code=a%&state=s", CallbackError::BadEncoding),
            ("code=%FF%FE&state=s", CallbackError::BadEncoding),
            ("code=a&state=s&x%G0=1", CallbackError::BadEncoding),
        ] {
            assert_eq!(parse_callback(query), Err(expected), "{query:?}");
        }
        assert_eq!(
            parse_callback(&format!("code={long}&state=s")),
            Err(CallbackError::TooLong("code"))
        );
        assert_eq!(
            parse_callback(&format!("code=c&state={long}")),
            Err(CallbackError::TooLong("state"))
        );
        assert_eq!(
            parse_callback(&format!("error=server_error&error_description={long}")),
            Err(CallbackError::TooLong("error_description"))
        );
        assert_eq!(
            parse_callback(&format!("code={just_fits}&state=s")),
            Ok(code(&just_fits, "s"))
        );
        assert_eq!(
            parse_callback(&format!("code=c&state=s&pad={}", "x".repeat(20_000))),
            Err(CallbackError::QueryTooLong)
        );
    }

    #[test]
    fn error_codes_and_their_kinds() {
        use AuthorizeErrorCode as E;
        use FailureKind as K;
        for (raw, code, kind) in [
            ("access_denied", E::AccessDenied, K::Cancelled),
            ("invalid_request", E::InvalidRequest, K::Misconfigured),
            (
                "unauthorized_client",
                E::UnauthorizedClient,
                K::Misconfigured,
            ),
            ("invalid_scope", E::InvalidScope, K::Misconfigured),
            ("server_error", E::ServerError, K::ProviderError),
            (
                "temporarily_unavailable",
                E::TemporarilyUnavailable,
                K::ProviderError,
            ),
            (
                "unsupported_response_type",
                E::UnsupportedResponseType,
                K::Misconfigured,
            ),
            (
                "login_required",
                E::Other("login_required".into()),
                K::ProviderError,
            ),
        ] {
            let parsed = E::parse(raw);
            assert_eq!(parsed, code, "{raw}");
            assert_eq!(parsed.as_str(), raw);
            assert_eq!(parsed.kind(None), kind, "{raw}");
        }
        assert_eq!(
            E::InvalidRequest.kind(Some("PreSignUp failed with error Not allowed.")),
            K::Denied
        );
        assert_eq!(
            E::InvalidRequest.kind(Some("Timeout occurred in calling IdP token endpoint")),
            K::ProviderError
        );
        assert_eq!(E::InvalidRequest.kind(Some("User is disabled.")), K::Denied);
        assert_eq!(
            E::InvalidRequest.kind(Some("invalid code_challenge_method")),
            K::Misconfigured
        );
        assert_eq!(
            [K::Cancelled, K::Denied, K::Misconfigured, K::ProviderError].map(|k| k.key()),
            ["cancelled", "denied", "misconfigured", "provider-error"]
        );
    }

    const DOMAIN: &str = "https://auth.example.com";
    const CLIENT: &str = "client1";

    fn attempt(now: i64) -> AuthorizationAttempt {
        AuthorizationAttempt::new(
            &std::array::from_fn(|i| i as u8),
            "https://app.example.com/cb",
            Some("Google"),
            "/account",
            now,
        )
    }

    fn store_with(a: &AuthorizationAttempt) -> HashMap<String, AuthorizationAttempt> {
        let mut store = HashMap::new();
        store.put(a.clone());
        store
    }

    #[test]
    fn a_matching_state_is_consumed_then_exchanged_once() {
        let a = attempt(1_000);
        let mut store = store_with(&a);
        let query = format!("?code=the-code&state={}", a.state.expose());
        let step = on_callback(&query, &mut store, DOMAIN, CLIENT, 1_100);
        assert_eq!(
            step,
            CallbackStep::Exchange {
                token_request: token_request(
                    DOMAIN,
                    CLIENT,
                    &AuthorizationCode::new("the-code"),
                    "https://app.example.com/cb",
                    &a.verifier
                ),
                attempt: a.clone()
            }
        );
        assert!(store.is_empty(), "the attempt is consumed");
        assert_eq!(step.stale(true), None);
        // Reload / Back: the same callback again.
        let again = on_callback(&query, &mut store, DOMAIN, CLIENT, 1_101);
        assert_eq!(again, CallbackStep::UnknownState);
        assert_eq!(again.stale(true), Some(StaleCallback::AlreadySignedIn));
        assert_eq!(again.stale(false), Some(StaleCallback::UsedOrExpired));
    }

    #[test]
    fn unknown_or_near_miss_state_is_never_exchanged() {
        let a = attempt(0);
        let mut store = store_with(&a);
        let forged = format!("{}x", a.state.expose());
        assert_eq!(
            callback_step(code("c", &forged), &mut store, DOMAIN, CLIENT, 0),
            CallbackStep::UnknownState
        );
        assert_eq!(store.len(), 1, "a forged state consumes nothing");
        // A store that returns the wrong attempt is caught too.
        struct Liar(Option<AuthorizationAttempt>);
        impl AttemptStore for Liar {
            fn put(&mut self, attempt: AuthorizationAttempt) {
                self.0 = Some(attempt);
            }
            fn take(&mut self, _: &str) -> Option<AuthorizationAttempt> {
                self.0.take()
            }
        }
        assert_eq!(
            callback_step(code("c", "other"), &mut Liar(Some(a)), DOMAIN, CLIENT, 0),
            CallbackStep::UnknownState
        );
    }

    #[test]
    fn an_expired_attempt_is_consumed_but_not_exchanged() {
        let a = attempt(1_000);
        let mut store = store_with(&a);
        let step = callback_step(
            code("c", a.state.expose()),
            &mut store,
            DOMAIN,
            CLIENT,
            1_601,
        );
        assert_eq!(step, CallbackStep::Expired { attempt: a });
        assert!(store.is_empty());
        assert_eq!(step.stale(false), Some(StaleCallback::UsedOrExpired));
    }

    #[test]
    fn an_error_callback_consumes_its_attempt_and_is_classified() {
        let a = attempt(0);
        let mut store = store_with(&a);
        let query = format!(
            "error=access_denied&error_description=User+cancelled&state={}",
            a.state.expose()
        );
        assert_eq!(
            on_callback(&query, &mut store, DOMAIN, CLIENT, 0),
            CallbackStep::ShowError {
                kind: FailureKind::Cancelled,
                error: AuthorizeErrorCode::AccessDenied,
                description: Some("User cancelled".into())
            }
        );
        assert!(store.is_empty());
        let mut store = store_with(&a);
        assert!(matches!(
            on_callback("error=server_error", &mut store, DOMAIN, CLIENT, 0),
            CallbackStep::ShowError {
                kind: FailureKind::ProviderError,
                ..
            }
        ));
        assert_eq!(store.len(), 1, "no state: nothing to consume");
    }

    #[test]
    fn a_malformed_callback_consumes_nothing() {
        let a = attempt(0);
        let mut store = store_with(&a);
        let query = format!("code=a&code=b&state={}", a.state.expose());
        assert_eq!(
            on_callback(&query, &mut store, DOMAIN, CLIENT, 0),
            CallbackStep::Malformed(CallbackError::Duplicate("code"))
        );
        assert_eq!(store.len(), 1);
        assert_eq!(
            CallbackStep::Malformed(CallbackError::NotACallback).stale(true),
            None
        );
    }
}
