//! Bounded inputs: over-large bodies and header sections are refused with
//! an error the client can read, and clients that stall are cut off
//! (`cognito_emulator::limits`).

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cognito_emulator::limits::{
    BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT, MAX_API_BODY_BYTES, MAX_FORM_BODY_BYTES,
    MAX_HEADER_BYTES,
};
use cognito_emulator::Config;
use common::{emu, CLIENT_ID};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn api_request(body: Body, content_length: Option<usize>) -> Request<Body> {
    let mut r = Request::post("/")
        .header("x-amz-target", "AWSCognitoIdentityProviderService.SignUp")
        .header("content-type", "application/x-amz-json-1.1");
    if let Some(n) = content_length {
        r = r.header("content-length", n);
    }
    r.body(body).unwrap()
}

#[tokio::test]
async fn an_api_body_over_the_limit_is_an_aws_style_413() {
    let emu = emu();
    // Streamed without a length: refused once the limit is passed.
    let streamed = Body::from_stream(futures_stream(MAX_API_BODY_BYTES + 1));
    let r = emu.send(api_request(streamed, None)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text);
    assert_eq!(r.header("content-type"), "application/x-amz-json-1.1");
    assert_eq!(r.header("x-amzn-errortype"), "SerializationException:");
    assert_eq!(
        r.json(),
        json!({"__type": "SerializationException",
               "message": format!("The request body is larger than {MAX_API_BODY_BYTES} bytes.")})
    );
    // A declared length over the limit is refused before any of it is read.
    let r = emu
        .send(api_request(Body::from("{}"), Some(MAX_API_BODY_BYTES + 1)))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // At the limit the body is read, and judged as JSON.
    let mut at_limit = vec![b' '; MAX_API_BODY_BYTES];
    at_limit[..2].copy_from_slice(b"{]");
    let r = emu.send(api_request(Body::from(at_limit), None)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
    assert_eq!(r.json()["__type"], "SerializationException");
    // Members over the model's limits get Cognito's own validation error.
    let r = emu
        .call(
            "SignUp",
            json!({"ClientId": CLIENT_ID, "Username": "a".repeat(129), "Password": "p".repeat(257)}),
        )
        .await;
    r.assert_error(
        "InvalidParameterException",
        "2 validation errors detected: Value at 'username' failed to satisfy constraint: \
         Member must have length less than or equal to 128; Value at 'password' failed to \
         satisfy constraint: Member must have length less than or equal to 256",
    );
}

/// `len` bytes of `a`, in 8 KiB chunks, with no size hint.
fn futures_stream(
    len: usize,
) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    let mut left = len;
    futures_util::stream::poll_fn(move |_| {
        if left == 0 {
            return std::task::Poll::Ready(None);
        }
        let n = left.min(8192);
        left -= n;
        std::task::Poll::Ready(Some(Ok(vec![b'a'; n])))
    })
}

#[tokio::test]
async fn a_form_body_over_the_limit_is_an_oauth_413() {
    let emu = emu();
    let body = format!(
        "grant_type=authorization_code&code={}",
        "c".repeat(MAX_FORM_BODY_BYTES)
    );
    let r = emu
        .send(
            Request::post("/oauth2/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text);
    assert_eq!(r.json()["error"], "invalid_request");
    assert_eq!(r.header("cache-control"), "no-store");
    // Under the limit, the same endpoint reads the form and judges it.
    let r = emu
        .send(
            Request::post("/oauth2/token")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("grant_type=authorization_code&code=c"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
}

async fn running() -> (cognito_emulator::RunningEmulator, tempfile::TempDir) {
    let dir = common::data_dir();
    let emulator = cognito_emulator::spawn(Config::seed(), dir.path().to_owned())
        .await
        .unwrap();
    (emulator, dir)
}

/// Everything the server sends until it closes the connection.
async fn read_all(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_header_section_over_the_limit_is_refused_with_431() {
    let (emulator, _dir) = running().await;
    let mut stream = TcpStream::connect(emulator.addr).await.unwrap();
    let request = format!(
        "GET /_local/messages HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(MAX_HEADER_BYTES)
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_all(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer:?}");
    // A header section just under the limit is served.
    let mut stream = TcpStream::connect(emulator.addr).await.unwrap();
    let request = format!(
        "GET /_local/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: {}\r\n\r\n",
        "a".repeat(MAX_HEADER_BYTES / 2)
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_all(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
}

// Paused time: the clock jumps to the next timer whenever the runtime is
// idle, so the timeouts are tested without waiting for them.
#[tokio::test(start_paused = true)]
async fn a_client_that_stalls_in_its_headers_is_cut_off() {
    let (emulator, _dir) = running().await;
    let mut stream = TcpStream::connect(emulator.addr).await.unwrap();
    stream
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Tar")
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let answer = tokio::time::timeout(HEADER_READ_TIMEOUT * 6, read_all(&mut stream))
        .await
        .expect("the server closes the connection");
    let waited = started.elapsed();
    assert!(waited >= HEADER_READ_TIMEOUT, "{waited:?}");
    assert!(
        waited <= HEADER_READ_TIMEOUT + Duration::from_secs(1),
        "{waited:?}"
    );
    assert!(!answer.contains("200 OK"), "{answer:?}");
}

#[tokio::test(start_paused = true)]
async fn a_client_that_stalls_in_its_body_gets_408() {
    let (emulator, _dir) = running().await;
    let mut stream = TcpStream::connect(emulator.addr).await.unwrap();
    stream
        .write_all(
            b"POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
              X-Amz-Target: AWSCognitoIdentityProviderService.SignUp\r\n\
              Content-Length: 100\r\n\r\n{\"ClientId\":",
        )
        .await
        .unwrap();
    let started = tokio::time::Instant::now();
    let answer = tokio::time::timeout(BODY_READ_TIMEOUT * 6, read_all(&mut stream))
        .await
        .expect("the server answers");
    let waited = started.elapsed();
    assert!(waited >= BODY_READ_TIMEOUT, "{waited:?}");
    assert!(
        waited <= BODY_READ_TIMEOUT + Duration::from_secs(1),
        "{waited:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(answer.contains("RequestTimeoutException"), "{answer:?}");
}
