//! What every HTML page of the emulator (the hosted UI's error and `/login`
//! pages, the mock providers' account choosers, the mailbox) is sent with: a
//! strict Content-Security-Policy of its own, and headers against framing,
//! caching, sniffing and referrers.
//!
//! The pages run no script and carry one inline `<style>`, which the policy
//! allows by its SHA-256 hash (CSP Level 3, "hash-source"), computed once
//! from the same constant the page inlines, so a style edit can never be
//! blocked by a stale hash. No `'unsafe-inline'`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha2::{Digest, Sha256};

/// `'sha256-<base64>'`: the CSP source that allows exactly this inline
/// stylesheet (the text between `<style>` and `</style>`).
pub(crate) fn style_hash_source(css: &str) -> String {
    format!("'sha256-{}'", BASE64.encode(Sha256::digest(css.as_bytes())))
}

/// The policy of a page whose inline stylesheet is allowed by
/// `style_source` and whose forms may be sent (and, after redirects, land)
/// only at `form_action` (`'none'` for a page without forms): nothing else
/// loads, nothing runs, nothing frames it.
pub(crate) fn csp(style_source: &str, form_action: &[String]) -> String {
    let form_action = if form_action.is_empty() {
        "'none'".to_owned()
    } else {
        form_action.join(" ")
    };
    format!(
        "default-src 'none'; style-src {style_source}; form-action {form_action}; \
         frame-ancestors 'none'; base-uri 'none'"
    )
}

/// An HTML page with `csp`; never cached (it carries one-time CSRF tokens
/// and codes: RFC 9111 §5.2.2.5 `no-store`, and `Pragma` for HTTP/1.0
/// caches), framed (`X-Frame-Options` for browsers without
/// `frame-ancestors`), sniffed, or named in a `Referer`.
pub(crate) fn respond(status: StatusCode, csp: &str, html: String) -> Response {
    let csp = HeaderValue::from_str(csp).unwrap_or_else(|_| {
        // Every source is checked before it gets here; if one were not, the
        // page would be sent with no permission at all rather than none.
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
    });
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CONTENT_SECURITY_POLICY, csp),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::PRAGMA, HeaderValue::from_static("no-cache")),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
        ],
        html,
    )
        .into_response()
}

/// The `form-action` source that allows navigating to `url`: its origin
/// (`scheme://host[:port]`) for `http(s)`, its scheme (`myapp:`) for an
/// app's custom scheme; `None` when it has a character that could change
/// the header's meaning.
pub(crate) fn form_action_source(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
    if !scheme_ok {
        return None;
    }
    if scheme != "http" && scheme != "https" {
        return Some(format!("{scheme}:"));
    }
    let authority = rest.strip_prefix("//")?.split(['/', '?', '#']).next()?;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b".-:[]".contains(&b);
    (!authority.is_empty() && authority.bytes().all(allowed))
        .then(|| format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_hash_is_the_base64_sha256_of_the_text() {
        // echo -n 'p{color:red}' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            style_hash_source("p{color:red}"),
            "'sha256-p0bF+un5yUb9MBO6xRb8kPHlY2BdpHVtLiFkDrZPF64='"
        );
    }

    #[test]
    fn the_policy_allows_nothing_but_the_style_and_the_forms() {
        assert_eq!(
            csp("'sha256-x'", &[]),
            "default-src 'none'; style-src 'sha256-x'; form-action 'none'; \
             frame-ancestors 'none'; base-uri 'none'"
        );
        let forms = ["'self'".to_owned(), "http://127.0.0.1:8080".to_owned()];
        assert!(csp("'sha256-x'", &forms).contains("; form-action 'self' http://127.0.0.1:8080;"));
    }

    #[test]
    fn form_action_sources_are_origins_or_schemes() {
        let source = |url| form_action_source(url);
        assert_eq!(
            source("http://127.0.0.1:8080/callback?x=1").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            source("HTTPS://App.Example.com").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(source("myapp://callback").as_deref(), Some("myapp:"));
        assert_eq!(source("https://a.example;script-src/x"), None);
        assert_eq!(source("https://a b/"), None);
        assert_eq!(source("https:///x"), None);
        assert_eq!(source("https:x"), None);
        assert_eq!(source("my app://x"), None);
        assert_eq!(source("no-colon"), None);
    }
}
