//! Third-party Cognito clients sign in to the emulator unchanged: pycognito
//! (PyPI) and amazon-cognito-identity-js (npm), at the versions pinned in
//! `tests/clients/` (`requirements.txt`, `package-lock.json`). They are
//! independent SRP implementations, so these tests check the emulator's
//! `USER_SRP_AUTH` against code it shares nothing with: the right password
//! (tokens; pycognito also verifies them with the JWKS and the issuer),
//! the wrong one, an unknown user, and TOTP after the password; and, with
//! boto3 signing up, a phone-number username and an e-mail alias.
//!
//! Each test starts the emulator on a free loopback port, creates the users
//! through the API, and runs one script (`tests/clients/*_sign_in.*`) with
//! `python3` or `node`. The clients must be installed first; `cargo xtask
//! test` does it, and a missing one fails here with the command to run.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use cognito_emulator::config::{ExplicitAuthFlow, MfaConfiguration};
use cognito_emulator::{app, Config, RunningEmulator};
use common::{call, PASSWORD, POOL_ID};
use serde_json::{json, Value};
use tempfile::TempDir;
use test_support::local;

/// The app client the scripts use: SRP only, so a sign-in that works went
/// through `USER_SRP_AUTH`.
const SRP_CLIENT: &str = "srponly";
/// The seed's client, which also allows `USER_PASSWORD_AUTH`, for set-up.
const SETUP_CLIENT: &str = "localclient";

fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

/// Fails unless pycognito and its pinned dependencies are installed.
fn require_python_clients() {
    let dir = clients_dir();
    let output = std::process::Command::new("python3")
        .arg(dir.join("check_requirements.py"))
        .arg(dir.join("requirements.txt"))
        .output();
    let problem = match output {
        Err(e) => format!("python3 does not run ({e})"),
        Ok(o) if o.status.success() => return,
        Ok(o) => format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    };
    panic!(
        "pycognito is needed for this test and is not installed as pinned:\n{problem}\n\
         Install it with\n    python3 -m pip install -r {}\n\
         (`cargo xtask test` installs it by itself).",
        dir.join("requirements.txt").display()
    );
}

fn package_version(package_json: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package_json).ok()?;
    let json: Value = serde_json::from_str(&text).ok()?;
    Some(json["version"].as_str()?.to_owned())
}

/// Fails unless node runs and node_modules has amazon-cognito-identity-js
/// at the version package.json pins.
fn require_node_clients() {
    let dir = clients_dir();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    let wanted = manifest["dependencies"]["amazon-cognito-identity-js"]
        .as_str()
        .expect("package.json pins amazon-cognito-identity-js")
        .to_owned();
    let installed =
        package_version(&dir.join("node_modules/amazon-cognito-identity-js/package.json"));
    let node = std::process::Command::new("node").arg("--version").output();
    let problem = match (node, installed) {
        (Err(e), _) => format!("node does not run ({e}); install Node.js 18 or later"),
        (Ok(_), Some(v)) if v == wanted => return,
        (Ok(_), Some(v)) => format!("amazon-cognito-identity-js {v} is installed, want {wanted}"),
        (Ok(_), None) => "amazon-cognito-identity-js is not in node_modules".to_owned(),
    };
    panic!(
        "amazon-cognito-identity-js is needed for this test:\n{problem}\n\
         Install it with\n    npm ci --prefix {}\n\
         (`cargo xtask test` installs it by itself).",
        dir.display()
    );
}

/// The seed pool with TOTP allowed and an SRP-only app client.
fn config() -> Config {
    let mut config = Config::seed();
    let pool = &mut config.pools[0];
    pool.mfa_configuration = MfaConfiguration::Optional;
    let mut srp_only = pool.clients[0].clone();
    srp_only.id = SRP_CLIENT.into();
    srp_only.explicit_auth_flows = vec![
        ExplicitAuthFlow::UserSrpAuth,
        ExplicitAuthFlow::RefreshTokenAuth,
    ];
    pool.clients.push(srp_only);
    config
}

struct Running {
    emulator: RunningEmulator,
    _dir: TempDir,
}

impl Running {
    async fn start() -> Running {
        let dir = common::data_dir();
        let emulator = cognito_emulator::spawn(config(), dir.path().to_owned())
            .await
            .unwrap();
        Running {
            emulator,
            _dir: dir,
        }
    }

    async fn call(&self, op: &str, body: Value) -> Value {
        let resp = call(&app(self.emulator.state().clone()), op, body).await;
        resp.ok()
    }

    /// A confirmed user with the common password.
    async fn confirmed_user(&self, email: &str) {
        self.call(
            "SignUp",
            json!({"ClientId": SETUP_CLIENT, "Username": email, "Password": PASSWORD,
                   "UserAttributes": [{"Name": "name", "Value": "Independent Client"}]}),
        )
        .await;
        let code = self
            .emulator
            .state()
            .messages()
            .iter()
            .rev()
            .find(|m| m.to == email)
            .unwrap()
            .code
            .clone();
        self.call(
            "ConfirmSignUp",
            json!({"ClientId": SETUP_CLIENT, "Username": email, "ConfirmationCode": code}),
        )
        .await;
    }

    /// A confirmed user with TOTP enabled; returns the Base32 secret. The
    /// key is verified with the previous time step's code, so the code the
    /// script computes for the current step is still unused.
    async fn user_with_totp(&self, email: &str) -> String {
        self.confirmed_user(email).await;
        let tokens = self
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": SETUP_CLIENT,
                       "AuthParameters": {"USERNAME": email, "PASSWORD": PASSWORD}}),
            )
            .await;
        let access = tokens["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap()
            .to_owned();
        let secret = self
            .call("AssociateSoftwareToken", json!({"AccessToken": access}))
            .await["SecretCode"]
            .as_str()
            .unwrap()
            .to_owned();
        let key = test_support::totp::decode_secret(&secret).unwrap();
        let previous_step = self.emulator.state().clock().now() - 30;
        let code = test_support::totp::code_at(&key, previous_step);
        self.call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": code}),
        )
        .await;
        self.call(
            "SetUserMFAPreference",
            json!({"AccessToken": access,
                   "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await;
        secret
    }

    /// Runs `program script` in the crate directory with the users in its
    /// environment; returns its standard output.
    async fn run_client(&self, program: &str, script: &str, tag: &str) -> String {
        let (user, totp_user) = (
            format!("{tag}@example.com"),
            format!("{tag}-totp@example.com"),
        );
        self.confirmed_user(&user).await;
        let secret = self.user_with_totp(&totp_user).await;
        let mut command = tokio::process::Command::new(program);
        command
            .arg(script)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COGNITO_ENDPOINT", &self.emulator.base_url)
            .env("POOL_ID", POOL_ID)
            .env("CLIENT_ID", SRP_CLIENT)
            .env("USERNAME", &user)
            .env("PASSWORD", PASSWORD)
            .env("TOTP_USERNAME", &totp_user)
            .env("TOTP_SECRET", &secret)
            .env("UNKNOWN_USERNAME", format!("{tag}-nobody@example.com"))
            // boto3 wants credentials to build a client (the operations
            // used are unsigned); local dummies keep it from looking
            // elsewhere, e.g. at an instance metadata service.
            .env("AWS_ACCESS_KEY_ID", "local")
            .env("AWS_SECRET_ACCESS_KEY", "local")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .kill_on_drop(true);
        let described = format!("{program} {script}");
        println!(
            "running: {described} (COGNITO_ENDPOINT={})",
            self.emulator.base_url
        );
        let output = tokio::time::timeout(Duration::from_secs(120), command.output())
            .await
            .unwrap_or_else(|_| panic!("`{described}` did not finish within 120 s"))
            .unwrap_or_else(|e| panic!("`{described}` did not start: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        print!("{stdout}");
        eprint!("{stderr}");
        assert!(
            output.status.success(),
            "`{described}` failed ({}):\n{stdout}\n{stderr}",
            output.status
        );
        stdout
    }
}

/// Every step the scripts report, in order.
fn assert_all_steps(stdout: &str) {
    let steps: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ok: "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "right password",
            "wrong password",
            "unknown user",
            "SOFTWARE_TOKEN_MFA"
        ],
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pycognito_signs_in_with_srp() {
    require_python_clients();
    let running = Running::start().await;
    let stdout = running
        .run_client("python3", "tests/clients/pycognito_sign_in.py", "pycognito")
        .await;
    assert_all_steps(&stdout);
    running.emulator.shutdown().await;
}

/// boto3 signs up and pycognito signs in, by phone number in the seed's
/// phone pool and by username and e-mail alias in its username pool
/// (`tests/clients/pools_pycognito.py`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pycognito_signs_in_by_phone_number_and_by_alias() {
    require_python_clients();
    let running = Running::start().await;
    let script = "tests/clients/pools_pycognito.py";
    let output = tokio::time::timeout(
        Duration::from_secs(120),
        tokio::process::Command::new("python3")
            .arg(script)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COGNITO_ENDPOINT", &running.emulator.base_url)
            .env("PHONE_POOL_ID", local::PHONE_POOL_ID)
            .env("PHONE_CLIENT_ID", local::PHONE_CLIENT_ID)
            .env("USERNAME_POOL_ID", local::USERNAME_POOL_ID)
            .env("USERNAME_CLIENT_ID", local::USERNAME_CLIENT_ID)
            .env("PASSWORD", PASSWORD)
            .env("AWS_ACCESS_KEY_ID", "local")
            .env("AWS_SECRET_ACCESS_KEY", "local")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .kill_on_drop(true)
            .output(),
    )
    .await
    .unwrap_or_else(|_| panic!("`python3 {script}` did not finish within 120 s"))
    .unwrap_or_else(|e| panic!("`python3 {script}` did not start: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    assert!(
        output.status.success(),
        "{script} failed:\n{stdout}\n{stderr}"
    );
    let steps: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ok: "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "phone sign-up",
            "phone sign-in",
            "username sign-up",
            "alias sign-in"
        ],
        "{stdout}"
    );
    running.emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amazon_cognito_identity_js_signs_in_with_srp() {
    require_node_clients();
    let running = Running::start().await;
    let stdout = running
        .run_client("node", "tests/clients/acij_sign_in.js", "acij")
        .await;
    assert_all_steps(&stdout);
    running.emulator.shutdown().await;
}
