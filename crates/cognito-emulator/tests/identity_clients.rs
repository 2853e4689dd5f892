//! boto3's `cognito-identity` client, unchanged, against the emulator over
//! HTTP: `tests/clients/identity_boto3.py` signs a user in with the
//! `cognito-idp` client and turns the ID token into an identity and
//! credentials. boto3 is pinned in `tests/clients/requirements-admin.txt`
//! (`cargo xtask test` installs it when missing; without it this test fails
//! and says how to install it).
//!
//! The script reaches the expiry of an ID token without waiting an hour:
//! it prints `ADVANCE <seconds>`, this test moves the emulator's clock and
//! answers `ok` on the script's stdin.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use cognito_emulator::{spawn, Config};
use common::{data_dir, CLIENT_ID, POOL_ID};
use test_support::local::IDENTITY_POOL_ID;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

/// Fails, saying what to install, unless boto3 imports.
fn require_boto3() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import boto3, botocore"])
        .output();
    let missing = match &probe {
        Err(e) => format!("python3 could not be run ({e})"),
        Ok(out) if !out.status.success() => String::from_utf8_lossy(&out.stderr).into_owned(),
        Ok(_) => return,
    };
    panic!(
        "boto3 is needed for this test but is missing:\n{missing}\n\
         Install it with: python3 -m pip install -r crates/cognito-emulator/tests/clients/requirements-admin.txt\n\
         (`cargo xtask test` installs it when it is missing)."
    );
}

#[tokio::test]
async fn boto3_gets_identity_pool_credentials() {
    require_boto3();
    let script = "identity_boto3.py";
    let data = data_dir();
    let emulator = spawn(Config::seed(), data.path().to_owned()).await.unwrap();
    let mut child = tokio::process::Command::new("python3")
        .arg(clients_dir().join(script))
        .env("COGNITO_ENDPOINT", &emulator.base_url)
        .env("COGNITO_POOL_ID", POOL_ID)
        .env("COGNITO_CLIENT_ID", CLIENT_ID)
        .env("COGNITO_IDENTITY_POOL_ID", IDENTITY_POOL_ID)
        // cognito-identity's operations are unsigned; cognito-idp's public
        // ones too. No shared config or credentials file is read.
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", data.path().join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            data.path().join("no-aws-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("could not run python3 {script}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut stderr = child.stderr.take().unwrap();
    let stderr_text = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text).await;
        text
    });

    let clock = emulator.state().clock().clone();
    let conversation = async {
        let mut printed = String::new();
        let mut advanced = 0;
        while let Some(line) = stdout.next_line().await.unwrap() {
            if let Some(seconds) = line.strip_prefix("ADVANCE ") {
                clock.advance(seconds.parse().expect("ADVANCE <seconds>"));
                advanced += 1;
                stdin.write_all(b"ok\n").await.unwrap();
                stdin.flush().await.unwrap();
            } else {
                printed.push_str(&line);
                printed.push('\n');
            }
        }
        (printed, advanced, child.wait().await.unwrap())
    };
    let (printed, advanced, status) = tokio::time::timeout(Duration::from_secs(300), conversation)
        .await
        .unwrap_or_else(|_| panic!("{script} did not finish within 5 minutes"));
    let stderr = stderr_text.await.unwrap();
    assert!(
        status.success(),
        "{script} failed ({status}):\n--- stdout\n{printed}\n--- stderr\n{stderr}"
    );
    assert_eq!(
        advanced, 1,
        "the script asked for the clock once:\n{printed}"
    );
    assert!(
        printed.contains("GetCredentialsForIdentity OK"),
        "{printed}"
    );
    println!("{printed}");
    emulator.shutdown().await;
}
