//! The example Python handlers (`examples/triggers/`, the Cognito guide's
//! section 5) run unchanged behind `invoke_server.py`, the examples' own
//! Lambda Invoke API, against the emulator: the domain rule refuses, the
//! auto-confirmation confirms, PostConfirmation stores the user, and
//! PreTokenGeneration's claim is in the ID token.

mod common;

use std::path::PathBuf;
use std::process::Stdio;

use cognito_emulator::triggers::LambdaConfig;
use cognito_emulator::Config;
use common::*;
use serde_json::{json, Value};
use tokio::io::AsyncBufReadExt;

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/triggers")
}

fn function(name: &str) -> Option<String> {
    Some(format!(
        "arn:aws:lambda:ap-northeast-1:123456789012:function:{name}"
    ))
}

#[tokio::test]
async fn the_guides_python_handlers_run_unchanged() {
    let work = tempfile::TempDir::new().unwrap();
    let users_file = work.path().join("users.json");
    let mut server = tokio::process::Command::new("python3")
        .arg(examples_dir().join("invoke_server.py"))
        .args(["--port", "0"])
        .env("USERS_FILE", &users_file)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to run examples/triggers/invoke_server.py: {e}")
        });
    let mut line = String::new();
    tokio::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .await
        .unwrap();
    let endpoint = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("invoke_server.py said {line:?}"))
        .to_owned();

    let mut config = Config::seed();
    config.lambda_endpoint = Some(endpoint);
    config.pools[0].lambda_config = LambdaConfig {
        pre_sign_up: function("PreSignUpFunction"),
        post_confirmation: function("PostConfirmationFunction"),
        pre_token_generation: function("PreTokenGenerationFunction"),
        ..LambdaConfig::default()
    };
    let emu = emu_with(config);

    // The domain rule: Python's exception message, in Cognito's words.
    emu.sign_up("jiro@other.org").await.assert_error(
        "UserLambdaValidationException",
        "PreSignUp failed with error Only @example.com emails allowed.",
    );
    assert!(emu.state.user(POOL_ID, "jiro@other.org").is_none());

    // Auto-confirmed and verified: no code, signs in at once.
    let signed_up = emu.sign_up("taro@example.com").await.ok();
    assert_eq!(signed_up["UserConfirmed"], true);
    assert!(emu.state.messages().is_empty());

    // PostConfirmation stored the user, as the guide's put_item does.
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(&users_file).unwrap()).unwrap();
    assert_eq!(
        stored,
        json!([{"userId": signed_up["UserSub"], "email": "taro@example.com"}])
    );

    let tokens = emu.tokens("taro@example.com").await;
    let id = claims(tokens["IdToken"].as_str().unwrap());
    assert_eq!(id["tenant"], "example.com");
    assert_eq!(id["email_verified"], true);
    server.kill().await.unwrap();
}
