//! HTTP from the tests (not through the browser), with `reqwest`: chromedriver's
//! `/status` and log, the emulator's mailbox, its JSON API and OAuth
//! endpoints. Redirects are not followed, so a test sees each `302` itself.

use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::redirect::Policy;
use reqwest::{Client, RequestBuilder};
use serde_json::Value;

const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// What `encode_query` leaves as it is: RFC 3986 §2.3's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a query parameter value (RFC 3986 §2.1), spaces as `%20`.
pub fn encode_query(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// A client for one request. Not shared: each test has its own async
/// runtime, and a pooled connection must not outlive the runtime it was
/// opened on.
fn client() -> Client {
    Client::builder()
        .redirect(Policy::none())
        .timeout(IO_TIMEOUT)
        .build()
        .expect("build the HTTP client")
}

/// Sends `request` and returns the status and the body as JSON (`null` when
/// empty).
async fn json(request: RequestBuilder) -> Result<(u16, Value), String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    if body.is_empty() {
        return Ok((status, Value::Null));
    }
    serde_json::from_slice(&body)
        .map(|v| (status, v))
        .map_err(|e| {
            format!(
                "HTTP {status}, not JSON ({e}): {}",
                String::from_utf8_lossy(&body)
            )
        })
}

/// `GET url`, answered with JSON.
pub async fn get_json(url: &str) -> Result<(u16, Value), String> {
    json(client().get(url)).await
}

/// `POST url` with a JSON body (`Content-Type: application/json` unless
/// `headers` name another), answered with JSON.
pub async fn post_json(
    url: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> Result<(u16, Value), String> {
    let mut request = client().post(url);
    // A caller's Content-Type replaces the default one.
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
    {
        request = request.header(reqwest::header::CONTENT_TYPE, "application/json");
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    json(request.body(body.to_string())).await
}

/// `POST url` with an `application/x-www-form-urlencoded` body; returns the
/// response's status and its `Location` header, if any.
pub async fn post_form(url: &str, form: &[(&str, &str)]) -> Result<(u16, Option<String>), String> {
    let response = client()
        .post(url)
        .form(form)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok((response.status().as_u16(), location(&response)))
}

/// `GET url`; returns the response's status and its `Location` header.
pub async fn get(url: &str) -> Result<(u16, Option<String>), String> {
    let response = client().get(url).send().await.map_err(|e| e.to_string())?;
    Ok((response.status().as_u16(), location(&response)))
}

/// `GET url`; returns the response's status and the value of its header
/// `name`, if any.
pub async fn get_header(url: &str, name: &str) -> Result<(u16, Option<String>), String> {
    let response = client().get(url).send().await.map_err(|e| e.to_string())?;
    let value = response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok((response.status().as_u16(), value))
}

fn location(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `DELETE url`, waiting for the answer, for use in `Drop`; errors are
/// ignored (there is nobody left to tell). Drop may run on the test's async
/// runtime, where blocking on a future is not allowed, so the request runs on
/// a thread of its own.
pub fn delete_blocking(url: String) {
    let _ = std::thread::spawn(move || {
        let client = reqwest::blocking::Client::builder()
            .timeout(IO_TIMEOUT)
            .build()?;
        client.delete(url).send().map(drop)
    })
    .join();
}

/// `POST url` with a JSON body, answered with JSON, for use in `Drop` (see
/// [`delete_blocking`]).
pub fn post_json_blocking(url: String, body: Value) -> Result<(u16, Value), String> {
    std::thread::spawn(move || {
        let client = reqwest::blocking::Client::builder()
            .timeout(IO_TIMEOUT)
            .build()
            .map_err(|e| e.to_string())?;
        let response = client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response.bytes().map_err(|e| e.to_string())?;
        let value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        Ok((status, value))
    })
    .join()
    .unwrap_or_else(|_| Err("the request's thread panicked".into()))
}
