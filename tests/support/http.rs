//! A tiny HTTP/1.1 client for plain `http://127.0.0.1:PORT/...` URLs: enough
//! for chromedriver's `/status`, the emulator's mailbox and its JSON API.

use std::io::{Read, Write};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// Percent-encodes a query parameter value.
pub fn encode_query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn split_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not an http:// URL: {url}"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    Ok((authority.to_string(), path.to_string()))
}

fn request_bytes(
    method: &str,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<u8> {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// Sends one request and returns the status and body.
pub async fn request(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(u16, Vec<u8>), String> {
    let (authority, path) = split_url(url)?;
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(&authority)
            .await
            .map_err(|e| format!("connect {authority}: {e}"))?;
        stream
            .write_all(&request_bytes(method, &authority, &path, headers, body))
            .await
            .map_err(|e| format!("send to {authority}: {e}"))?;
        // Read until the response is complete: some servers (chromedriver)
        // keep the connection open despite `Connection: close`.
        let mut raw = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            if let Some(done) = complete_response(&raw)? {
                return Ok(done);
            }
            let n = stream
                .read(&mut buf)
                .await
                .map_err(|e| format!("read from {authority}: {e}"))?;
            if n == 0 {
                return parse_response(&raw, true)?
                    .ok_or_else(|| format!("{authority} closed before a full response"));
            }
            raw.extend_from_slice(&buf[..n]);
        }
    };
    tokio::time::timeout(IO_TIMEOUT, exchange)
        .await
        .map_err(|_| format!("{method} {url}: no answer within {IO_TIMEOUT:?}"))?
}

/// The response, if `raw` holds all of it.
fn complete_response(raw: &[u8]) -> Result<Option<(u16, Vec<u8>)>, String> {
    if raw.windows(4).any(|w| w == b"\r\n\r\n") {
        parse_response(raw, false)
    } else {
        Ok(None)
    }
}

/// Parses a response; `None` while its body is incomplete. At end of stream
/// (`eof`) a body without a length runs to the end.
fn parse_response(raw: &[u8], eof: bool) -> Result<Option<(u16, Vec<u8>)>, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("response without a header end")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let body = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line in {head:?}"))?;
    let mut chunked = false;
    let mut length = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        if name == "transfer-encoding" && value.to_ascii_lowercase().contains("chunked") {
            chunked = true;
        } else if name == "content-length" {
            length = value.parse::<usize>().ok();
        }
    }
    if chunked {
        return match dechunk(body) {
            Ok(Some(b)) => Ok(Some((status, b))),
            Ok(None) if eof => Err("truncated chunked body".into()),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        };
    }
    match length {
        Some(n) if body.len() >= n => Ok(Some((status, body[..n].to_vec()))),
        Some(_) if eof => Err("truncated body".into()),
        Some(_) => Ok(None),
        None if eof || status == 204 || status == 304 => Ok(Some((status, body.to_vec()))),
        None => Ok(None),
    }
}

/// Decodes a chunked body; `None` while incomplete.
fn dechunk(mut body: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    loop {
        let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") else {
            return Ok(None);
        };
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|e| format!("chunk size {size_text:?}: {e}"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(Some(out));
        }
        if body.len() < size + 2 {
            return Ok(None);
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

fn json_body(status: u16, body: &[u8]) -> Result<(u16, Value), String> {
    if body.is_empty() {
        return Ok((status, Value::Null));
    }
    serde_json::from_slice(body)
        .map(|v| (status, v))
        .map_err(|e| {
            format!(
                "HTTP {status}, not JSON ({e}): {}",
                String::from_utf8_lossy(body)
            )
        })
}

pub async fn get_json(url: &str) -> Result<(u16, Value), String> {
    let (status, body) = request("GET", url, &[], b"").await?;
    json_body(status, &body)
}

pub async fn post_json(
    url: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> Result<(u16, Value), String> {
    let mut all = vec![("Content-Type", "application/json")];
    // A caller's Content-Type wins.
    if headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        all.clear();
    }
    all.extend_from_slice(headers);
    let bytes = serde_json::to_vec(body).expect("serialise JSON");
    let (status, body) = request("POST", url, &all, &bytes).await?;
    json_body(status, &body)
}

/// A blocking `DELETE` to 127.0.0.1:`port` for use in `Drop`; errors are
/// ignored (there is nobody left to tell).
pub fn delete_blocking(port: u16, path: &str) {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let host = format!("127.0.0.1:{port}");
    if stream
        .write_all(&request_bytes("DELETE", &host, path, &[], b""))
        .is_ok()
    {
        // Wait for the answer (the session is gone then), not for the close.
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = stream.read(&mut buf) {
            raw.extend_from_slice(&buf[..n]);
            if !matches!(complete_response(&raw), Ok(None)) {
                break;
            }
        }
    }
}
