//! Transport-level behaviour: wire format, CORS, well-known documents, the
//! mailbox, persistence, `spawn` and the binary.

mod common;

use std::process::Stdio;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cognito_emulator::{AppState, Config};
use common::*;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

const EXPOSE: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";

/// The members of a comma-separated header (Fetch: a list, whitespace
/// around members ignored).
fn members(value: &str) -> Vec<&str> {
    value.split(',').map(str::trim).collect()
}

#[tokio::test]
async fn errors_have_the_aws_wire_shape() {
    let emu = emu();
    let r = emu.sign_in("nobody@example.com", PASSWORD).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.header("content-type"), "application/x-amz-json-1.1");
    assert_eq!(r.header("x-amzn-errortype"), "NotAuthorizedException:");
    assert_eq!(
        r.header("x-amzn-errormessage"),
        "Incorrect username or password."
    );
    assert!(uuid::Uuid::parse_str(r.header("x-amzn-requestid")).is_ok());
    assert_eq!(
        r.json(),
        json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."})
    );
}

#[tokio::test]
async fn unknown_targets_and_malformed_bodies() {
    let emu = emu();
    let post = |target: Option<&str>, body: &str, content_type: &str| {
        let mut b = Request::post("/").header("content-type", content_type);
        if let Some(t) = target {
            b = b.header("x-amz-target", t);
        }
        emu.send(b.body(Body::from(body.to_owned())).unwrap())
    };
    let r = post(
        Some("AWSCognitoIdentityProviderService.DeleteEverything"),
        "{}",
        "application/x-amz-json-1.1",
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["__type"], "UnknownOperationException");
    let r = post(None, "{}", "application/x-amz-json-1.1").await;
    assert_eq!(r.json()["__type"], "UnknownOperationException");
    // The identity-pool API shares the endpoint, with only some operations.
    let r = post(
        Some("AWSCognitoIdentityService.ListIdentityPools"),
        "{}",
        "application/x-amz-json-1.1",
    )
    .await;
    assert_eq!(r.json()["__type"], "UnknownOperationException");

    let r = post(
        Some("AWSCognitoIdentityProviderService.SignUp"),
        "{\"ClientId\":",
        "application/x-amz-json-1.1",
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["__type"], "SerializationException");
    assert_eq!(r.header("x-amzn-errortype"), "SerializationException:");

    // Lenient about the content type: plain JSON or text works too.
    let r = post(
        Some("AWSCognitoIdentityProviderService.ResendConfirmationCode"),
        &json!({"ClientId": CLIENT_ID, "Username": "who@example.com"}).to_string(),
        "text/plain",
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn cors_preflight_on_any_path() {
    let emu = emu();
    for path in [
        "/",
        "/_local/messages",
        &format!("/{POOL_ID}/.well-known/jwks.json"),
        "/nowhere",
    ] {
        let r = emu
            .send(
                Request::options(path)
                    .header("origin", "http://localhost:8080")
                    .header("access-control-request-method", "POST")
                    .header(
                        "access-control-request-headers",
                        "content-type,x-amz-target,x-amz-user-agent,amz-sdk-request",
                    )
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(r.header("access-control-allow-origin"), "*");
        assert_eq!(
            members(r.header("access-control-allow-methods")),
            ["POST", "GET", "OPTIONS"]
        );
        assert_eq!(
            r.header("access-control-allow-headers"),
            "content-type,x-amz-target,x-amz-user-agent,amz-sdk-request"
        );
        assert!(r.header("access-control-max-age").parse::<u32>().unwrap() > 0);
        assert!(r.headers.get("access-control-allow-credentials").is_none());
    }
    // A preflight that asks for no headers (a simple method from an origin)
    // is answered all the same, and allows no extra headers.
    let r = emu
        .send(
            Request::options("/")
                .header("origin", "http://localhost:8080")
                .header("access-control-request-method", "POST")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.header("access-control-allow-origin"), "*");
    assert!(r.headers.get("access-control-allow-headers").is_none());
    assert!(r.headers.get("access-control-expose-headers").is_none());
}

#[tokio::test]
async fn actual_responses_carry_cors_headers() {
    let emu = emu();
    let responses = [
        emu.sign_up("cors@example.com").await,
        emu.sign_in("nobody@example.com", PASSWORD).await,
        emu.get(&format!("/{POOL_ID}/.well-known/jwks.json")).await,
        emu.get("/_local/messages").await,
        emu.get("/nowhere").await,
    ];
    for r in responses {
        assert_eq!(r.header("access-control-allow-origin"), "*");
        assert_eq!(r.header("access-control-expose-headers"), EXPOSE);
        assert!(r.headers.get("access-control-allow-credentials").is_none());
    }
}

#[tokio::test]
async fn jwks_and_discovery() {
    let emu = emu();
    let jwks = emu
        .get(&format!("/{POOL_ID}/.well-known/jwks.json"))
        .await
        .ok();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0]["kid"], keys[1]["kid"]);
    for k in keys {
        assert_eq!(k["alg"], "RS256");
        assert_eq!(k["kty"], "RSA");
        assert_eq!(k["e"], "AQAB");
        assert_eq!(k["use"], "sig");
        // 2048-bit modulus: 256 bytes, base64url without padding.
        assert_eq!(k["n"].as_str().unwrap().len(), 342);
    }

    let issuer = format!("{BASE_URL}/{POOL_ID}");
    let d = emu
        .get(&format!("/{POOL_ID}/.well-known/openid-configuration"))
        .await
        .ok();
    assert_eq!(d["issuer"], json!(issuer));
    assert_eq!(
        d["jwks_uri"],
        json!(format!("{issuer}/.well-known/jwks.json"))
    );
    assert_eq!(
        d["authorization_endpoint"],
        json!(format!("{BASE_URL}/oauth2/authorize"))
    );
    assert_eq!(
        d["token_endpoint"],
        json!(format!("{BASE_URL}/oauth2/token"))
    );
    assert_eq!(d["id_token_signing_alg_values_supported"], json!(["RS256"]));
    assert_eq!(d["subject_types_supported"], json!(["public"]));
    assert_eq!(d["response_types_supported"], json!(["code"]));

    let r = emu.get("/ap-northeast-1_Nope/.well-known/jwks.json").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["__type"], "ResourceNotFoundException");
}

#[tokio::test]
async fn mailbox_json_filters_case_insensitively_newest_last() {
    let emu = emu();
    emu.sign_up("one@example.com").await.ok();
    emu.sign_up("two@example.com").await.ok();
    emu.call(
        "ResendConfirmationCode",
        json!({"ClientId": CLIENT_ID, "Username": "one@example.com"}),
    )
    .await
    .ok();

    let all = emu.get("/_local/messages").await.ok();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2]["to"], "one@example.com");
    let mut keys: Vec<&str> = all[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["body", "code", "id", "sentAt", "subject", "to"]);
    assert!(all[0]["sentAt"].as_str().unwrap().ends_with('Z'));

    let one = emu.get("/_local/messages?to=ONE%40Example.com").await.ok();
    let one = one.as_array().unwrap();
    assert_eq!(one.len(), 2);
    assert_eq!(one[1]["code"], json!(emu.last_code("one@example.com")));
    assert_ne!(one[0]["id"], one[1]["id"]);
    assert!(emu
        .get("/_local/messages?to=nobody%40example.com")
        .await
        .ok()
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn mailbox_html_escapes_and_lists_newest_first() {
    let emu = emu();
    let tricky = "o'brien&co@example.com";
    emu.sign_up("first@example.com").await.ok();
    emu.sign_up(tricky).await.ok();
    let r = emu.get("/_local/mailbox").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("text/html"));
    let page = &r.text;
    // `&` is escaped; a `'` needs no escaping in text or in double-quoted
    // attributes.
    assert!(page.contains("o'brien&amp;co@example.com"), "{page}");
    assert!(!page.contains(tricky));
    let (newest, older) = (
        page.find("o'brien").unwrap(),
        page.find("first@example.com").unwrap(),
    );
    assert!(newest < older, "newest message first");
    assert!(page.contains(&emu.last_code("first@example.com")));

    let r = emu
        .get("/_local/mailbox?to=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert!(r.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!r.text.contains("<script>"));
}

#[tokio::test]
async fn state_survives_a_restart() {
    let emu = emu();
    emu.confirmed_user("keep@example.com").await;
    let tokens = emu.tokens("keep@example.com").await;
    let jwks_before = emu
        .get(&format!("/{POOL_ID}/.well-known/jwks.json"))
        .await
        .ok();

    let (_state, app) = emu.restart();
    // Same keys, same sessions: tokens from before the restart still work.
    let jwks_after = send(
        &app,
        Request::get(format!("/{POOL_ID}/.well-known/jwks.json"))
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .ok();
    assert_eq!(jwks_before, jwks_after);
    call(
        &app,
        "GetUser",
        json!({"AccessToken": tokens["AccessToken"]}),
    )
    .await
    .ok();
    call(
        &app,
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": CLIENT_ID,
               "AuthParameters": {"REFRESH_TOKEN": tokens["RefreshToken"]}}),
    )
    .await
    .ok();
    call(
        &app,
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT_ID,
               "AuthParameters": {"USERNAME": "keep@example.com", "PASSWORD": PASSWORD}}),
    )
    .await
    .ok();
    let messages = send(
        &app,
        Request::get("/_local/messages")
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .ok();
    assert_eq!(messages.as_array().unwrap().len(), 1);

    // Writes are atomic: no temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(emu.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn a_corrupt_state_file_is_reported_not_replaced() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, "{\"format\": 1, \"pools\": [").unwrap();
    let err = AppState::new(Config::seed(), dir.path().to_owned(), BASE_URL.into())
        .err()
        .expect("corrupt state must be an error")
        .to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("corrupt"), "{err}");
    assert!(err.contains("Move it away"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "{\"format\": 1, \"pools\": ["
    );
}

#[tokio::test]
async fn spawn_serves_on_loopback_and_shuts_down() {
    let dir = tempfile::TempDir::new().unwrap();
    let emulator = cognito_emulator::spawn(Config::seed(), dir.path().to_owned())
        .await
        .unwrap();
    assert!(emulator.base_url.starts_with("http://127.0.0.1:"));
    assert!(!emulator.base_url.ends_with('/'));
    let mut stream = tokio::net::TcpStream::connect(emulator.addr).await.unwrap();
    stream
        .write_all(
            format!(
                "GET /{POOL_ID}/.well-known/openid-configuration HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.to_lowercase().contains("\r\ndate: "));
    assert!(response.contains(&format!("\"issuer\":\"{}/{POOL_ID}\"", emulator.base_url)));
    let addr = emulator.addr;
    emulator.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn binary_prints_its_address_and_rejects_bad_input() {
    let exe = env!("CARGO_BIN_EXE_cognito-emulator");
    let dir = tempfile::TempDir::new().unwrap();
    let mut child = tokio::process::Command::new(exe)
        .args(["--port", "0", "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .await
        .unwrap();
    let port: u16 = line
        .trim_end()
        .strip_prefix("listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .unwrap();
    assert_ne!(port, 0);
    assert!(tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_ok());
    child.kill().await.unwrap();

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[pools]]\nid = \"x_y\"\nnmae = \"typo\"\n").unwrap();
    let out = tokio::process::Command::new(exe)
        .args(["--port", "0", "--config"])
        .arg(&bad)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&bad.display().to_string()), "{stderr}");
    assert!(stderr.contains("nmae"), "{stderr}");

    let broken = tempfile::TempDir::new().unwrap();
    std::fs::write(broken.path().join("state.json"), "not json").unwrap();
    let out = tokio::process::Command::new(exe)
        .args(["--port", "0", "--data-dir"])
        .arg(broken.path())
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("state.json"), "{stderr}");
    assert!(out.stdout.is_empty(), "must not claim to listen");
}
