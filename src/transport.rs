//! The browser's [`Transport`]: `fetch` through gloo-net.

use cognito_client::{HttpRequest, HttpResponse, Transport, TransportError};
use gloo_net::http::Request;

/// Sends the core's requests with the browser's `fetch`.
///
/// A request that gets no response at all (offline, refused, blocked by
/// CORS) is a [`TransportError`]; any HTTP status is a response.
///
/// ```no_run
/// # async fn example() {
/// use cognito_client::{Transport, UserPoolClient};
/// use leptos_cognito::transport::FetchTransport;
/// use leptos_cognito::HttpRequest;
///
/// // The core's user pool client, sending with the browser's fetch.
/// let client = UserPoolClient::new(
///     FetchTransport,
///     "https://cognito-idp.ap-northeast-1.amazonaws.com/",
///     "1example23456789",
/// );
/// # let _ = client;
///
/// // Or any request of your own.
/// let request = HttpRequest {
///     method: "GET",
///     url: "https://api.example.com/health".into(),
///     headers: vec![],
///     body: String::new(),
/// };
/// match FetchTransport.send(request).await {
///     Ok(response) => println!("{}", response.status),
///     Err(e) => println!("no answer: {}", e.message),
/// }
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let failed = |e: gloo_net::Error| TransportError {
            message: e.to_string(),
        };
        let mut builder = match request.method {
            "GET" => Request::get(&request.url),
            _ => Request::post(&request.url),
        };
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let request = if request.body.is_empty() {
            builder.build()
        } else {
            builder.body(request.body)
        };
        let response = request.map_err(failed)?.send().await.map_err(failed)?;
        let status = response.status();
        // `fetch` already lower-cases header names; only CORS-exposed ones are visible.
        let headers = response.headers().entries().collect();
        let body = response.text().await.map_err(failed)?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}
