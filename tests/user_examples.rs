//! The examples our users copy for their own end-to-end tests
//! (`examples/user-e2e/`, shown in `docs/testing-your-app.md`), run against
//! the built app and a fresh emulator, as a user's CI would run them; and
//! the guide checked to quote them as they are.
//!
//! The Rust example's journey is a library function, called here directly
//! (no cargo inside cargo); the Playwright example runs with `node` from
//! `examples/user-e2e/playwright/node_modules` (`cargo xtask test` installs
//! it with `npm ci`), on the system's Chromium.
//! Run with `cargo test --test user_examples`; needs what `tests/e2e.rs`
//! needs.
#![cfg(not(target_arch = "wasm32"))]

// Only the static server and the OAuth wiring of the e2e harness: the
// examples themselves use none of it.
#[allow(unused_macros)] // `check!` is for tests with a `World`
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use serde_json::{json, Value};
use support::oauth::{point_config, register_app, CALLBACK_PATH};
use support::static_server::{csp_for, dist_dir, StaticServer};

/// The guide that quotes the examples.
const GUIDE: &str = "docs/testing-your-app.md";

/// What comes before each quoted file in the guide, then its path.
const QUOTE_MARK: &str = "<!-- quoted from ";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example_dir() -> PathBuf {
    root().join("examples/user-e2e")
}

/// The app as a user runs it for their tests: the built `dist/`, its
/// `config.json` pointed at an emulator with the built-in seed (pool MFA
/// `OPTIONAL`, as `cargo xtask dev` has it) on a fresh data dir.
struct Stack {
    app_url: String,
    emulator_url: String,
    _server: StaticServer,
    _emulator: cognito_emulator::RunningEmulator,
    _data: tempfile::TempDir,
}

impl Stack {
    async fn start() -> Stack {
        let dist = dist_dir();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the static server");
        let app_url = format!("http://{}", listener.local_addr().expect("local addr"));

        let mut seed = cognito_emulator::Config::seed();
        register_app(&mut seed, &app_url, CALLBACK_PATH);
        let data = tempfile::tempdir().expect("temp data dir");
        let emulator = cognito_emulator::spawn(seed, data.path().to_path_buf())
            .await
            .unwrap_or_else(|e| panic!("start the emulator: {e:?}"));
        let emulator_url = emulator.base_url.trim_end_matches('/').to_owned();

        let path = dist.join("config.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let mut config: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()));
        config
            .as_object_mut()
            .expect("config.json is an object")
            .entry("endpoints")
            .or_insert_with(|| json!({}))["userPool"] = json!(format!("{emulator_url}/"));
        point_config(&mut config, &emulator_url, &app_url, CALLBACK_PATH);
        let csp = csp_for(&config);
        let server = StaticServer::start(listener, dist, Arc::new(config), &csp).await;

        Stack {
            app_url,
            emulator_url,
            _server: server,
            _emulator: emulator,
            _data: data,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rust_example_signs_up_enrols_totp_and_signs_in() {
    let stack = Stack::start().await;
    let driver = user_e2e::ChromeDriver::start()
        .await
        .unwrap_or_else(|e| panic!("start chromedriver: {e}"));
    if let Err(e) = user_e2e::journey(&stack.app_url, &stack.emulator_url, driver.url()).await {
        panic!(
            "examples/user-e2e (Rust) failed against {} and the emulator at {}: {e}",
            stack.app_url, stack.emulator_url
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_playwright_example_signs_up_enrols_totp_and_signs_in() {
    let dir = example_dir().join("playwright");
    let cli = dir.join("node_modules/@playwright/test/cli.js");
    assert!(
        cli.is_file(),
        "{} is missing: run `cargo xtask test` (it installs it) or `npm ci --prefix {}`",
        cli.display(),
        dir.display()
    );
    let stack = Stack::start().await;
    // Kept after a failure: Playwright's snapshot of the page is there.
    let results = root().join("target/user-e2e-playwright");
    let mut command = Command::new("node");
    command
        .arg(&cli)
        .arg("test")
        .current_dir(&dir)
        .env("APP_URL", &stack.app_url)
        .env("EMULATOR_URL", &stack.emulator_url)
        .env("PLAYWRIGHT_OUTPUT_DIR", &results)
        // Never a browser download, whatever the environment says.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    // The emulator and the app's server run on this runtime's workers.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the node process's waiter")
        .unwrap_or_else(|e| panic!("run node (Node.js 20 or later): {e}"));
    assert!(
        output.status.success(),
        "examples/user-e2e/playwright failed ({}) against {} and the emulator at {} \
         (what the page showed: {}):\n{}\n{}",
        output.status,
        stack.app_url,
        stack.emulator_url,
        results.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Each file the guide quotes, as `(path, the quoted text)`: a
/// `<!-- quoted from PATH -->` line, then a fenced code block.
fn quotes(guide: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut lines = guide.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix(QUOTE_MARK) else {
            continue;
        };
        let path = rest
            .strip_suffix(" -->")
            .unwrap_or_else(|| panic!("{GUIDE}: {line:?} should end with ` -->`"))
            .to_owned();
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "{GUIDE}: a fenced code block should follow {line:?}, not {fence:?}"
        );
        let mut text = String::new();
        loop {
            match lines.next() {
                Some("```") => break,
                Some(l) => {
                    text.push_str(l);
                    text.push('\n');
                }
                None => panic!("{GUIDE}: the code block quoting {path} is not closed"),
            }
        }
        found.push((path, text));
    }
    found
}

/// The example's files a user needs: its manifests, sources, tests and
/// the Playwright spec and config (not the lock file).
fn example_files() -> Vec<String> {
    let mut files = vec![
        "examples/user-e2e/Cargo.toml".to_owned(),
        "examples/user-e2e/playwright/package.json".to_owned(),
    ];
    for (sub, ext) in [("src", "rs"), ("tests", "rs"), ("playwright", "mjs")] {
        let dir = example_dir().join(sub);
        let entries =
            std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|e| e == ext) {
                let name = path.file_name().expect("a file name").to_string_lossy();
                files.push(format!("examples/user-e2e/{sub}/{name}"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_guide_quotes_every_example_file_as_it_is() {
    let guide =
        std::fs::read_to_string(root().join(GUIDE)).unwrap_or_else(|e| panic!("read {GUIDE}: {e}"));
    let quoted = quotes(&guide);
    for (path, text) in &quoted {
        let file = std::fs::read_to_string(root().join(path))
            .unwrap_or_else(|e| panic!("{GUIDE} quotes {path}, which cannot be read: {e}"));
        assert!(
            *text == file,
            "{GUIDE} quotes {path} differently from the file: copy the file into the guide \
             again (the file is what the tests run)"
        );
    }
    let mut paths: Vec<String> = quoted.into_iter().map(|(path, _)| path).collect();
    paths.sort();
    assert_eq!(
        paths,
        example_files(),
        "{GUIDE} should quote each file of examples/user-e2e once"
    );
}
