//! Independent clients against the emulator over HTTP: boto3 and the AWS
//! CLI v1 (botocore, Python) drive the IAM-signed admin operations with
//! dummy credentials, exactly as they would drive AWS. The scripts are in
//! `tests/clients/` beside this file; their pinned versions in
//! `tests/clients/requirements-admin.txt`, which `cargo xtask test`
//! installs when they are missing. Without them these tests fail and say
//! how to install them.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cognito_emulator::{spawn, Config};

const POOL_ID: &str = "ap-northeast-1_Local";
const CLIENT_ID: &str = "localclient";

fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

/// Fails, saying what to install, unless boto3 and awscli import.
fn require_python_clients() {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import boto3, botocore, awscli"])
        .output();
    let missing = match &probe {
        Err(e) => format!("python3 could not be run ({e})"),
        Ok(out) if !out.status.success() => String::from_utf8_lossy(&out.stderr).into_owned(),
        Ok(_) => return,
    };
    panic!(
        "boto3 and the AWS CLI v1 are needed for this test but are missing:\n{missing}\n\
         Install them with: python3 -m pip install -r crates/cognito-emulator/tests/clients/requirements-admin.txt\n\
         (`cargo xtask test` installs them when they are missing)."
    );
}

/// Runs `script` against a fresh emulator and fails with its output unless
/// it exits 0.
async fn run(script: &str) {
    require_python_clients();
    let data = tempfile::TempDir::new().unwrap();
    let emulator = spawn(Config::seed(), data.path().to_owned()).await.unwrap();
    // The dummy credentials the README gives; no shared config or
    // credentials file of the machine is read.
    let output = tokio::process::Command::new("python3")
        .arg(clients_dir().join(script))
        .env("COGNITO_ENDPOINT", &emulator.base_url)
        .env("COGNITO_POOL_ID", POOL_ID)
        .env("COGNITO_CLIENT_ID", CLIENT_ID)
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
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(300), output)
        .await
        .unwrap_or_else(|_| panic!("{script} did not finish within 5 minutes"))
        .unwrap_or_else(|e| panic!("could not run python3 {script}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    println!("{stdout}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn boto3_drives_the_admin_operations() {
    run("admin_boto3.py").await;
}

#[tokio::test]
async fn the_aws_cli_drives_the_admin_operations() {
    run("admin_awscli.py").await;
}
