//! End-to-end: the Cognito guide's Python Lambda triggers
//! (`examples/triggers/`, run unchanged by `invoke_server.py`, the examples'
//! Lambda Invoke API) behind the emulator, seen through the app in headless
//! Chromium: the PreSignUp domain rule's message, an auto-confirmed sign-up
//! that needs no code, and the claim PreTokenGeneration adds.
//!
//! Needs `dist/`, chromium, chromedriver and python3 (standard library only).
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use cognito_emulator::triggers::LambdaConfig;
use support::pages::{AccountPage, LoginPage, Screen, SignUpPage};
use support::World;
use test_support::unique_email;

/// Meets every rule of the seed pool's policy.
const GOOD_PASSWORD: &str = "xY7!qwertyuv";

/// `invoke_server.py` serving the example handlers on a free port; stopped
/// when dropped.
struct Handlers {
    url: String,
    process: Child,
    _users: tempfile::TempDir,
}

impl Drop for Handlers {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Handlers {
    fn start() -> Handlers {
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/triggers/invoke_server.py");
        let users = tempfile::tempdir().expect("temp dir for users.json");
        let mut process = Command::new("python3")
            .arg(&script)
            .args(["--port", "0"])
            .env("USERS_FILE", users.path().join("users.json"))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("python3 is needed to run {}: {e}", script.display()));
        // It prints this line once it serves.
        let mut line = String::new();
        BufReader::new(process.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("read invoke_server.py's first line");
        let url = line
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("invoke_server.py said {line:?}"))
            .to_owned();
        Handlers {
            url,
            process,
            _users: users,
        }
    }
}

fn function(name: &str) -> Option<String> {
    Some(format!(
        "arn:aws:lambda:ap-northeast-1:123456789012:function:{name}"
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guides_python_triggers_behind_the_app() {
    let handlers = Handlers::start();
    let endpoint = handlers.url.clone();
    let w = World::builder("the_guides_python_triggers_behind_the_app")
        .emulator(move |c| {
            c.lambda_endpoint = Some(endpoint);
            c.pools[0].lambda_config = LambdaConfig {
                pre_sign_up: function("PreSignUpFunction"),
                post_confirmation: function("PostConfirmationFunction"),
                pre_token_generation: function("PreTokenGenerationFunction"),
                ..LambdaConfig::default()
            };
        })
        .start()
        .await;

    // The domain rule: the handler's own words, in a friendly frame, not
    // Cognito's "PreSignUp failed with error …" wrapping.
    let signup = SignUpPage::open(&w).await;
    signup
        .sign_up("someone@other.org", "Other Person", GOOD_PASSWORD)
        .await;
    let error = signup.error_text().await;
    check!(
        w,
        error == "Your account could not be created: Only @example.com emails allowed",
        "form-error should show the handler's message: {error:?}"
    );
    SignUpPage::expect(&w).await;

    // An address the handler accepts: auto-confirmed, so no code screen —
    // straight to sign-in, with nothing in the mailbox.
    let email = unique_email("trigger");
    signup.fill(&email, "Taro Yamada", GOOD_PASSWORD).await;
    signup.submit().await;
    let login = LoginPage::expect(&w).await;
    login.expect_username(&email).await;
    let info = w.wait_for_text("form-info").await;
    check!(
        w,
        info == "Your account is ready. Sign in.",
        "form-info should say the account is ready: {info:?}"
    );
    let mail = w.messages(&email).await;
    check!(w, mail.is_empty(), "no confirmation code is sent: {mail:?}");

    // Signed in: PreTokenGeneration's claim is in the ID token the account
    // page lists.
    login.sign_in_with_password(GOOD_PASSWORD).await;
    let account = AccountPage::expect(&w).await;
    account.expect_email(&email).await;
    let claims = account.claims().await;
    check!(
        w,
        claims.contains("\"tenant\": \"example.com\""),
        "claims should hold the tenant claim the trigger added: {claims}"
    );
    w.assert_no_panic().await;
    drop(handlers);
}
