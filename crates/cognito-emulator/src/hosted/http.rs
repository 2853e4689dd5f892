//! The HTTP plumbing the hosted-UI endpoints share: request parameters,
//! form bodies, query strings, redirects and the session cookie.

use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rand::RngCore;

use super::html;
use super::memory::SESSION_TTL;

/// The hosted-UI session cookie. Cognito's own is also named `cognito`.
pub(super) const SESSION_COOKIE: &str = "cognito";

/// Query or form parameters in request order. An empty value counts as
/// absent (RFC 6749 §3.1).
pub(super) struct Params(pub Vec<(String, String)>);

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    pub fn count(&self, name: &str) -> usize {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.is_empty())
            .count()
    }

    /// The first parameter given more than once: RFC 6749 §3.1 and §3.2
    /// forbid that.
    pub fn repeated(&self) -> Option<&str> {
        self.0
            .iter()
            .map(|(k, _)| k.as_str())
            .find(|k| self.count(k) > 1)
    }

    /// The non-empty parameters, in order.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

/// Why [`form_params`] did not read a body.
pub(super) enum FormRejection {
    /// The Content-Type is not `application/x-www-form-urlencoded`.
    ContentType,
    /// The body could not be decoded as a form.
    Unreadable,
}

/// The fields of a form POST, in order: only an
/// `application/x-www-form-urlencoded` body (any media type parameters) is
/// read.
pub(super) async fn form_params(request: Request) -> Result<Params, FormRejection> {
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
pub(super) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    B64URL.encode(bytes)
}

/// `application/x-www-form-urlencoded` serialisation (WHATWG URL Standard
/// §5.2; spaces as `+`), as browsers' `URLSearchParams` and Cognito encode
/// query strings.
pub(super) fn form_encode(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// RFC 3986 §3.3: a path segment keeps unreserved characters only.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` as one percent-encoded path segment.
pub(super) fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, PATH_SEGMENT).to_string()
}

/// `url` with `pairs` appended to its query (a registered redirect URI may
/// already have one).
pub(super) fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{}", form_encode(pairs))
}

/// `302 Found` to `location`.
pub(super) fn found(location: &str) -> Response {
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
pub(super) fn error_redirect(
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
pub(super) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
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
pub(super) fn session_cookie(value: &str) -> String {
    format!("{SESSION_COOKIE}={value}; Path=/; Max-Age={SESSION_TTL}; HttpOnly; SameSite=Lax")
}

pub(super) fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
}

pub(super) fn with_set_cookie(mut response: Response, cookie: &str) -> Response {
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
        // What `new URLSearchParams([["a b", "x+y&z=é"], ...]).toString()`
        // gives: `*-._` stay, `~` does not (WHATWG URL §5.2).
        assert_eq!(
            form_encode(&[("a b", "x+y&z=é"), ("s", "AZaz09-._~*")]),
            "a+b=x%2By%26z%3D%C3%A9&s=AZaz09-._%7E*"
        );
        assert_eq!(
            with_query("http://h/cb?x=1", &[("code", "c")]),
            "http://h/cb?x=1&code=c"
        );
        assert_eq!(
            with_query("http://h/cb", &[("code", "c")]),
            "http://h/cb?code=c"
        );
        assert_eq!(path_segment("My IdP/é~"), "My%20IdP%2F%C3%A9~");
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
        assert_eq!(p.pairs(), [("b", "1"), ("a", "2")]);
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
