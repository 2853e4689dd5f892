//! The URLs in `config.json`: plain `http(s)://host[:port][/path]`, `http`
//! only to loopback, and origins compared as browsers write them.

use super::problems::ConfigProblem;

pub(crate) struct UrlParts<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) authority: &'a str,
    pub(crate) host: &'a str,
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
