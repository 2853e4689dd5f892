//! The user pool domain (COGNITO.md §4): the hosted UI's OAuth 2.0 / OIDC
//! endpoints, served on the emulator's base URL, and mock external identity
//! providers with an account chooser standing in for Google & co.
//!
//! A federated sign-in travels as it does on AWS:
//!
//! ```text
//! app ─► /oauth2/authorize ─► /_mock/{provider}/authorize (account chooser)
//!     ◄─ redirect_uri?code ◄─ /oauth2/idpresponse ◄─ (form POST, IdP code)
//! app ─► POST /oauth2/token (code + PKCE code_verifier) ─► tokens
//! ```
//!
//! Everything between the two redirects (the client, `redirect_uri`, scopes,
//! `state`, `nonce`, the PKCE challenge) stays on the server; the browser only
//! carries a random reference to it. This state is short-lived and kept in
//! memory; users and refresh-token sessions go to the persisted store.

mod authorize;
mod federation;
mod html;
mod mock_idp;
mod token;

use std::collections::{BTreeMap, HashMap};

use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rand::RngCore;

use crate::AppState;

/// Authorization codes are single-use and valid 5 minutes (COGNITO.md §4.2).
const CODE_TTL: i64 = 300;
/// How long a browser may take at the identity provider.
const PENDING_TTL: i64 = 15 * 60;
/// The hosted-UI session cookie lives an hour (COGNITO.md §4.6).
const SESSION_TTL: i64 = 3600;
/// A mock account chooser page (its CSRF token) stays usable this long.
const MOCK_PAGE_TTL: i64 = 15 * 60;
/// The mock provider's own authorization codes.
const MOCK_CODE_TTL: i64 = 300;
/// Spent codes are remembered a while longer, to tell reuse (and revoke what
/// the code gave, RFC 6749 §4.1.2) from a code that never existed.
const SPENT_CODE_MEMORY: i64 = 3600;

/// The hosted-UI session cookie. Cognito's own is also named `cognito`.
pub(crate) const SESSION_COOKIE: &str = "cognito";

/// Endpoints browsers `fetch` cross-origin; they get the CORS layer.
pub(crate) fn cors_routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/token", axum::routing::post(token::token))
        .route(
            "/oauth2/userInfo",
            get(token::user_info).post(token::user_info),
        )
        .route("/oauth2/revoke", axum::routing::post(token::revoke))
}

/// Top-level navigations (no CORS: COGNITO.md §4.7).
pub(crate) fn browser_routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/authorize", get(authorize::authorize))
        .route("/oauth2/idpresponse", get(authorize::idp_response))
        .route("/login", get(authorize::login))
        .route("/logout", get(authorize::logout))
        .route(
            "/_mock/{provider}/authorize",
            get(mock_idp::chooser).post(mock_idp::choose),
        )
}

/// In-memory hosted-UI state, keyed by random references.
#[derive(Default)]
pub(crate) struct HostedState {
    /// Authorizations waiting for the identity provider, by the reference
    /// passed to it as `state`.
    pending: HashMap<String, PendingAuthorization>,
    /// Authorization codes given to apps.
    codes: HashMap<String, AuthorizationCode>,
    /// Hosted-UI sessions, by session-cookie value.
    sessions: HashMap<String, HostedSession>,
    /// Mock chooser pages, by their CSRF token.
    mock_pages: HashMap<String, MockPage>,
    /// Codes the mock identity providers gave to `/oauth2/idpresponse`.
    mock_codes: HashMap<String, MockCode>,
}

impl HostedState {
    fn prune(&mut self, now: i64) {
        self.pending.retain(|_, p| p.expires_at > now);
        self.codes
            .retain(|_, c| c.expires_at + SPENT_CODE_MEMORY > now);
        self.sessions.retain(|_, s| s.expires_at > now);
        self.mock_pages.retain(|_, p| p.expires_at > now);
        self.mock_codes.retain(|_, c| c.expires_at > now);
    }
}

/// What `/oauth2/authorize` accepted.
#[derive(Clone, Debug)]
struct AuthorizationRequest {
    pool_id: String,
    client_id: String,
    redirect_uri: String,
    /// Granted scopes, in order.
    scopes: Vec<String>,
    /// The app's `state`, returned verbatim.
    state: Option<String>,
    nonce: Option<String>,
    /// The S256 `code_challenge` (RFC 7636 §4.3).
    code_challenge: Option<String>,
}

struct PendingAuthorization {
    request: AuthorizationRequest,
    /// `ProviderName` of the identity provider the browser went to.
    provider: String,
    expires_at: i64,
}

struct AuthorizationCode {
    request: AuthorizationRequest,
    username: String,
    auth_time: i64,
    expires_at: i64,
    used: bool,
    /// The session the code's tokens belong to, once exchanged.
    origin_jti: Option<String>,
}

#[derive(Clone)]
struct HostedSession {
    pool_id: String,
    provider: String,
    username: String,
    auth_time: i64,
    expires_at: i64,
}

struct MockPage {
    provider: String,
    state: String,
    expires_at: i64,
}

struct MockCode {
    provider: String,
    state: String,
    claims: BTreeMap<String, String>,
    expires_at: i64,
}

/// Query or form parameters in request order. An empty value counts as
/// absent (RFC 6749 §3.1).
struct Params(Vec<(String, String)>);

impl Params {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    fn count(&self, name: &str) -> usize {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .count()
    }

    /// The first parameter given more than once: RFC 6749 §3.1 and §3.2
    /// forbid that.
    fn repeated(&self) -> Option<&str> {
        self.0
            .iter()
            .map(|(k, _)| k.as_str())
            .find(|k| self.count(k) > 1)
    }
}

/// Why [`form_params`] did not read a body.
enum FormRejection {
    /// The Content-Type is not `application/x-www-form-urlencoded`.
    ContentType,
    /// The body could not be decoded as a form.
    Unreadable,
}

/// The fields of a form POST, in order: only an
/// `application/x-www-form-urlencoded` body (any media type parameters) is
/// read.
async fn form_params(request: Request) -> Result<Params, FormRejection> {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(FormRejection::ContentType);
    }
    let Form(fields) = Form::<Vec<(String, String)>>::from_request(request, &())
        .await
        .map_err(|_| FormRejection::Unreadable)?;
    Ok(Params(fields))
}

/// 32 CSPRNG bytes, base64url: references, CSRF tokens, cookie values.
fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    B64URL.encode(bytes)
}

/// `application/x-www-form-urlencoded` serialisation (spaces as `+`), as
/// browsers and Cognito encode query strings.
fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `url` with `pairs` appended to its query (a registered redirect URI may
/// already have one).
fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{}", form_encode(pairs))
}

/// `302 Found` to `location`.
fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (
            StatusCode::FOUND,
            [
                (header::LOCATION, value),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
        )
            .into_response(),
        Err(_) => html::error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "The redirect target is not a valid header value.",
        ),
    }
}

/// An authorization error reported to the app (RFC 6749 §4.1.2.1): `error`,
/// `error_description` and the app's `state` in the redirect URI's query.
fn error_redirect(
    redirect_uri: &str,
    error: &str,
    description: &str,
    state: Option<&str>,
) -> Response {
    let mut pairs = vec![("error", error), ("error_description", description)];
    if let Some(state) = state {
        pairs.push(("state", state));
    }
    found(&with_query(redirect_uri, &pairs))
}

/// A cookie of the request.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `Set-Cookie` for the hosted-UI session: HttpOnly (no script needs it),
/// SameSite=Lax (sent on top-level navigations from the app, not on
/// cross-site subresource requests). Not `Secure`: the emulator is plain
/// http on loopback.
fn session_cookie(value: &str) -> String {
    format!("{SESSION_COOKIE}={value}; Path=/; Max-Age={SESSION_TTL}; HttpOnly; SameSite=Lax")
}

fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
}

fn with_set_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_matches_url_search_params() {
        assert_eq!(
            form_encode(&[("a b", "x+y&z=é"), ("s", "AZaz09-._~")]),
            "a+b=x%2By%26z%3D%C3%A9&s=AZaz09-._~"
        );
        assert_eq!(
            with_query("http://h/cb?x=1", &[("code", "c")]),
            "http://h/cb?x=1&code=c"
        );
        assert_eq!(
            with_query("http://h/cb", &[("code", "c")]),
            "http://h/cb?code=c"
        );
    }

    #[test]
    fn params_treat_empty_values_as_absent_and_find_repeats() {
        let p = Params(vec![
            ("a".into(), "".into()),
            ("b".into(), "1".into()),
            ("a".into(), "2".into()),
        ]);
        assert_eq!(p.get("a"), Some("2"));
        assert_eq!(p.repeated(), None);
        let p = Params(vec![("b".into(), "1".into()), ("b".into(), "2".into())]);
        assert_eq!(p.repeated(), Some("b"));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; cognito=xyz"));
        assert_eq!(cookie(&h, "cognito"), Some("xyz"));
        assert_eq!(cookie(&h, "b"), None);
    }
}
