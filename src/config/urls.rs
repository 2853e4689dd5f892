//! The URLs in `config.json`: plain `http(s)://host[:port][/path]`, `http`
//! only to loopback, and origins compared as browsers write them.
//!
//! One small splitter rather than the `url` crate: that crate (with its IDNA
//! tables) would add some 56 kB brotli'd to the wasm bundle, for URLs that
//! only need their scheme, host and port read.

use super::problems::ConfigProblem;

/// The parts of a URL [`split_url`] accepts, as slices of it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    /// `http` or `https`, in any case.
    pub(crate) scheme: &'a str,
    /// `host[:port]`.
    pub(crate) authority: &'a str,
    /// The host, an IPv6 address with its brackets.
    pub(crate) host: &'a str,
    /// The path from its `/`, possibly empty.
    pub(crate) path: &'a str,
}

/// Splits `scheme://host[:port][/path]`; `None` for anything else,
/// including user info, queries and fragments.
pub(crate) fn split_url(url: &str) -> Option<UrlParts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#', '@', ' ', '\\']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']')?;
        let host = &authority[..end + 2];
        let after = &v6[end + 1..];
        if !v6[..end]
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return None;
        }
        (host, after)
    } else {
        match authority.find(':') {
            Some(i) => (&authority[..i], &authority[i..]),
            None => (authority, ""),
        }
    };
    if host.is_empty() {
        return None;
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return None;
    }
    if !port.is_empty() {
        let digits = port.strip_prefix(':')?;
        if digits.is_empty() || digits.len() > 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    Some(UrlParts {
        scheme,
        authority,
        host,
        path,
    })
}

/// Loopback hosts, where plain `http` is acceptable (RFC 8252 §8.3 reasoning:
/// the traffic never leaves the machine).
pub(crate) fn is_loopback(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "127.0.0.1" | "localhost" | "[::1]"
    )
}

/// Checks an endpoint override and normalises it (lowercase scheme, a path
/// that ends in `/`).
///
/// ```
/// use leptos_cognito::config::parse_endpoint;
/// use leptos_cognito::ConfigProblem;
///
/// assert_eq!(parse_endpoint("HTTP://127.0.0.1:9229").unwrap(), "http://127.0.0.1:9229/");
/// // Plain http only to loopback.
/// assert!(matches!(
///     parse_endpoint("http://cognito.example.com/"),
///     Err(ConfigProblem::EndpointHttp { .. }),
/// ));
/// ```
pub fn parse_endpoint(url: &str) -> Result<String, ConfigProblem> {
    let url = url.trim();
    let parts = split_url(url).ok_or_else(|| ConfigProblem::EndpointNotUrl {
        value: url.to_owned(),
    })?;
    let scheme = parts.scheme.to_ascii_lowercase();
    if scheme == "http" && !is_loopback(parts.host) {
        return Err(ConfigProblem::EndpointHttp {
            value: url.to_owned(),
        });
    }
    let path = if parts.path.ends_with('/') {
        parts.path.to_owned()
    } else {
        format!("{}/", parts.path)
    };
    Ok(format!("{scheme}://{}{path}", parts.authority))
}

/// `scheme://host[:port]` of an http(s) URL, as a browser writes
/// `location.origin`: lower case, default port left out.
pub fn origin_of(url: &str) -> Option<String> {
    let parts = split_url(url)?;
    let scheme = parts.scheme.to_ascii_lowercase();
    let host = parts.host.to_ascii_lowercase();
    let port = &parts.authority[parts.host.len()..];
    let port = match (scheme.as_str(), port) {
        ("http", ":80") | ("https", ":443") => "",
        (_, port) => port,
    };
    Some(format!("{scheme}://{host}{port}"))
}

/// The first of `urls` whose origin is `origin` (the page's
/// `location.origin`; compared as browsers write origins), if any.
pub fn url_for_origin<'a>(urls: &'a [String], origin: &str) -> Option<&'a str> {
    let origin = origin.to_ascii_lowercase();
    urls.iter()
        .map(String::as_str)
        .find(|url| origin_of(url).as_deref() == Some(origin.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(
        scheme: &'a str,
        authority: &'a str,
        host: &'a str,
        path: &'a str,
    ) -> UrlParts<'a> {
        UrlParts {
            scheme,
            authority,
            host,
            path,
        }
    }

    #[test]
    fn splits_plain_http_urls() {
        assert_eq!(
            split_url("https://auth.example.com"),
            Some(parts("https", "auth.example.com", "auth.example.com", ""))
        );
        assert_eq!(
            split_url("HTTP://127.0.0.1:9229/base/"),
            Some(parts("HTTP", "127.0.0.1:9229", "127.0.0.1", "/base/"))
        );
        assert_eq!(
            split_url("http://[::1]:8080/cb"),
            Some(parts("http", "[::1]:8080", "[::1]", "/cb"))
        );
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "auth.example.com",
            "ftp://x/",
            "myapp://callback",
            "https://",
            "https://:443/",
            "https://user@host/",
            "https://host/?q=1",
            "https://host/#f",
            "https://host:port/",
            "https://host:/",
            "https://host:123456/",
            "https://ho st/",
            "https://host/a\\evil",
            "https://ho_st/",
            "http://[::1/",
            "http://[::g]/",
        ] {
            assert_eq!(split_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn endpoints_are_normalised_and_http_only_for_loopback() {
        assert_eq!(
            parse_endpoint("http://127.0.0.1:9229").unwrap(),
            "http://127.0.0.1:9229/"
        );
        assert_eq!(
            parse_endpoint("http://localhost:9229/").unwrap(),
            "http://localhost:9229/"
        );
        assert_eq!(
            parse_endpoint("HTTP://[::1]:9229/").unwrap(),
            "http://[::1]:9229/"
        );
        assert_eq!(
            parse_endpoint("https://cognito.example.com/base").unwrap(),
            "https://cognito.example.com/base/"
        );
        assert_eq!(
            parse_endpoint("http://cognito.example.com/"),
            Err(ConfigProblem::EndpointHttp {
                value: "http://cognito.example.com/".into()
            })
        );
        // A loopback look-alike is not loopback.
        assert!(matches!(
            parse_endpoint("http://127.0.0.1.evil.example/"),
            Err(ConfigProblem::EndpointHttp { .. })
        ));
        for bad in [
            "cognito.example.com",
            "ftp://x/",
            "https://",
            "https://user@host/",
            "https://host/?q=1",
            "https://host:port/",
            "https://ho st/",
        ] {
            assert!(
                matches!(
                    parse_endpoint(bad),
                    Err(ConfigProblem::EndpointNotUrl { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn origins_are_written_as_browsers_write_them() {
        assert_eq!(
            origin_of("HTTPS://App.Example.com:443/callback").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(
            origin_of("http://localhost:80/").as_deref(),
            Some("http://localhost")
        );
        assert_eq!(
            origin_of("http://[::1]:8080/cb").as_deref(),
            Some("http://[::1]:8080")
        );
        assert_eq!(origin_of("not a url"), None);
        let urls = [
            "https://a.example/cb".to_owned(),
            "http://127.0.0.1:8080/cb".to_owned(),
        ];
        assert_eq!(
            url_for_origin(&urls, "HTTP://127.0.0.1:8080"),
            Some("http://127.0.0.1:8080/cb")
        );
        assert_eq!(url_for_origin(&urls, "https://b.example"), None);
    }
}
