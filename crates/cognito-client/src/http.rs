//! The seam between the protocol core and whatever moves bytes.

use std::future::Future;

/// An HTTP request, fully built; a [`Transport`] only has to send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The full URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(&'static str, String)>,
    /// The body (JSON for the user pool API, a form for the OAuth endpoints).
    pub body: String,
}

/// What came back: status, headers (names lower-cased) and body text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl HttpResponse {
    /// The first header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request never produced a response (DNS, refused connection, CORS
/// failure, offline). Browsers do not say which, so neither do we.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TransportError {
    /// What the platform said, for logs and the "could not reach" message.
    pub message: String,
}

/// Sends one request. Implemented with gloo-net in the browser and with a
/// native HTTP client in tests. Futures need not be `Send` (browser futures
/// are not).
pub trait Transport {
    /// Sends `request` and resolves to whatever came back, error statuses
    /// included.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}
