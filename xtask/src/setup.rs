//! Installs what the two README commands need, only when it is missing.

use crate::{describe, root, run, step};
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// Trunk 0.22 needs a newer rustc than our MSRV toolchain; stay on 0.21.
const TRUNK_VERSION: &str = "^0.21";

/// Output of `program args...` if it runs and succeeds.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Tools for building and serving the wasm app.
pub fn build_tools() -> Result<(), String> {
    step("checking build tools (wasm32 target, trunk, wasm-bindgen-cli, wasm-opt)");
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if targets
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        println!("    wasm32-unknown-unknown target: installed");
    } else {
        run(
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
            "install the target by hand: rustup target add wasm32-unknown-unknown",
        )?;
    }

    match output_of("trunk", &["--version"]) {
        Some(v) if v.starts_with("trunk 0.21.") => println!("    {v}: installed"),
        other => {
            if let Some(v) = other {
                println!("    found {v}, need trunk {TRUNK_VERSION}");
            }
            println!("    installing trunk (takes several minutes on a small machine)");
            run(
                Command::new("cargo").args([
                    "install",
                    "trunk",
                    "--version",
                    TRUNK_VERSION,
                    "--locked",
                ]),
                "install Trunk by hand: cargo install trunk --version '^0.21' --locked",
            )?;
        }
    }

    // Trunk refuses to download tools in --offline mode, so the wasm-bindgen
    // CLI must match the `wasm-bindgen` crate in Cargo.lock exactly.
    let wanted = locked_version("wasm-bindgen")?;
    match output_of("wasm-bindgen", &["--version"]) {
        Some(v) if v.split_whitespace().nth(1) == Some(wanted.as_str()) => {
            println!("    {v}: installed")
        }
        other => {
            if let Some(v) = other {
                println!("    found {v}, need wasm-bindgen {wanted} (from Cargo.lock)");
            }
            // No --locked: its lockfile pins a yanked dependency on this registry.
            run(
                Command::new("cargo").args([
                    "install",
                    "wasm-bindgen-cli",
                    "--version",
                    &wanted,
                    "--force",
                ]),
                &format!("install it by hand: cargo install wasm-bindgen-cli --version {wanted}"),
            )?;
        }
    }

    wasm_opt()?;
    Ok(())
}

/// The binaryen release fetched from the npm registry when the system's
/// `wasm-opt` is missing or too old.
const BINARYEN_NPM: &str = "binaryen@132";
/// Binaryen 108 (Debian 12) rewrites the reference-types tables that current
/// rustc and wasm-bindgen emit into a module that traps at start-up
/// (`WebAssembly.Table.set(): Argument 1 is invalid`); 116 and later are fine.
const MIN_WASM_OPT: u32 = 116;

/// Where a project-local binaryen lives (git-ignored).
fn local_binaryen() -> std::path::PathBuf {
    root().join(".local/tools/binaryen")
}

fn wasm_opt_version(program: &str) -> Option<u32> {
    // "wasm-opt version 132 (version_132)"
    output_of(program, &["--version"])?
        .split_whitespace()
        .nth(2)?
        .parse()
        .ok()
}

/// Makes sure a good `wasm-opt` exists: the system one if recent enough,
/// else binaryen from the npm registry under `.local/tools`.
fn wasm_opt() -> Result<(), String> {
    match wasm_opt_version("wasm-opt") {
        Some(v) if v >= MIN_WASM_OPT => {
            println!("    wasm-opt {v} (system): installed");
            return Ok(());
        }
        Some(v) => println!(
            "    system wasm-opt {v} is too old (need {MIN_WASM_OPT}+), using a local binaryen"
        ),
        None => {}
    }
    let local = local_binaryen().join("node_modules/.bin/wasm-opt");
    if let Some(v) = wasm_opt_version(&local.to_string_lossy()).filter(|v| *v >= MIN_WASM_OPT) {
        println!("    wasm-opt {v} (.local/tools/binaryen): installed");
        return Ok(());
    }
    if output_of("npm", &["--version"]).is_none() {
        return Err(format!(
            "wasm-opt {MIN_WASM_OPT}+ is needed (binaryen). Install binaryen {MIN_WASM_OPT} or later \
             from your package manager, or Node.js/npm so that this command can fetch {BINARYEN_NPM}."
        ));
    }
    std::fs::create_dir_all(local_binaryen()).map_err(|e| e.to_string())?;
    run(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(local_binaryen())
            .arg(BINARYEN_NPM),
        &format!("install it by hand: npm install --prefix .local/tools/binaryen {BINARYEN_NPM}"),
    )
}

/// PATH with the local binaryen first, for running Trunk.
pub fn tool_path() -> std::ffi::OsString {
    let mut paths = vec![local_binaryen().join("node_modules/.bin")];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).expect("PATH entries are valid")
}

/// Tools for the test command: the browser, its driver, moto, the
/// independent clients, the Playwright example's packages and axe-core.
pub fn test_tools() -> Result<(), String> {
    step("checking test tools (chromium, chromedriver, moto)");
    ensure_apt("chromium", "chromium")?;
    ensure_apt("chromedriver", "chromium-driver")?;
    let has_moto = Command::new("python3")
        .args(["-c", "import moto.server, flask_cors"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if has_moto {
        println!("    moto[server]: installed");
    } else {
        run(
            Command::new("python3").args(["-m", "pip", "install", "--quiet", "moto[server]"]),
            "install moto by hand: python3 -m pip install 'moto[server]'",
        )?;
    }
    independent_clients()?;
    admin_clients()?;
    playwright_example()?;
    axe_core()?;
    Ok(())
}

/// axe-core, which `tests/e2e_a11y.rs` injects into every screen, at the
/// version `tests/a11y/package-lock.json` pins.
fn axe_core() -> Result<(), String> {
    npm_ci("tests/a11y", "axe-core", &[])
}

/// `@playwright/test` for the users' Playwright example
/// (`examples/user-e2e/playwright`, run by `tests/user_examples.rs`), at the
/// version its package-lock.json pins. It drives the system's Chromium: no
/// browser is downloaded.
fn playwright_example() -> Result<(), String> {
    npm_ci(
        "examples/user-e2e/playwright",
        "@playwright/test",
        &[("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")],
    )
}

/// `npm ci` in `dir` (relative to the root) only when its install is
/// missing or older than its `package-lock.json`: npm rewrites
/// `node_modules/.package-lock.json` on every install, so an older one means
/// the lock changed since.
fn npm_ci(dir: &str, what: &str, env: &[(&str, &str)]) -> Result<(), String> {
    let modified = |path: &str| {
        std::fs::metadata(root().join(path))
            .and_then(|m| m.modified())
            .ok()
    };
    let installed = modified(&format!("{dir}/node_modules/.package-lock.json"));
    if installed.is_some() && installed >= modified(&format!("{dir}/package-lock.json")) {
        println!("    {what} ({dir}/node_modules): installed");
        return Ok(());
    }
    let mut npm = Command::new("npm");
    npm.args(["ci", "--no-audit", "--no-fund", "--prefix", dir]);
    for (key, value) in env {
        npm.env(key, value);
    }
    run(
        &mut npm,
        &format!("install {what} by hand (Node.js 20 or later): npm ci --prefix {dir}"),
    )
}

/// The third-party Cognito clients the emulator's tests sign in with
/// (`crates/cognito-emulator/tests/independent_clients.rs`): pycognito from
/// PyPI and amazon-cognito-identity-js from npm, at the versions pinned
/// beside the scripts. Each is installed only when missing or stale.
fn independent_clients() -> Result<(), String> {
    let dir = "crates/cognito-emulator/tests/clients";
    let requirements = format!("{dir}/requirements.txt");
    let pinned = Command::new("python3")
        .arg(root().join(dir).join("check_requirements.py"))
        .arg(root().join(&requirements))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if pinned {
        println!("    pycognito (pinned in {requirements}): installed");
    } else {
        run(
            Command::new("python3").args(["-m", "pip", "install", "--quiet", "-r", &requirements]),
            &format!("install pycognito by hand: python3 -m pip install -r {requirements}"),
        )?;
    }
    npm_ci(dir, "amazon-cognito-identity-js", &[])
}

/// boto3 and the AWS CLI v1, the independent clients of the emulator's
/// admin-operation and identity-pool tests
/// (crates/cognito-emulator/tests/admin_clients.rs and identity_clients.rs,
/// scripts in tests/clients/ beside them), at the versions pinned in their
/// requirements file; installed only when missing.
fn admin_clients() -> Result<(), String> {
    const REQUIREMENTS: &str = "crates/cognito-emulator/tests/clients/requirements-admin.txt";
    let present = Command::new("python3")
        .args(["-c", "import boto3, botocore, awscli"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if present {
        println!("    boto3, awscli: installed");
        return Ok(());
    }
    run(
        Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "-r"])
            .arg(root().join(REQUIREMENTS)),
        &format!("install them by hand: python3 -m pip install -r {REQUIREMENTS}"),
    )
}

/// What the browser-API tests (`tests/web.rs`) run with.
pub struct BrowserTestTools {
    /// `wasm-bindgen-test-runner`, the cargo runner for wasm32 test binaries.
    pub runner: PathBuf,
    /// The chromedriver it drives headless Chromium with.
    pub chromedriver: PathBuf,
}

/// Finds the wasm-bindgen test runner and chromedriver. The runner comes with
/// wasm-bindgen-cli (installed by [`build_tools`]) and, like it, must match
/// the `wasm-bindgen` crate in Cargo.lock exactly.
pub fn browser_test_tools() -> Result<BrowserTestTools, String> {
    let wanted = locked_version("wasm-bindgen")?;
    let reinstall = format!(
        "it comes with wasm-bindgen-cli; reinstall that: \
         cargo install wasm-bindgen-cli --version {wanted} --force"
    );
    let runner = on_path("wasm-bindgen-test-runner").ok_or_else(|| {
        format!("wasm-bindgen-test-runner is not on PATH (usually ~/.cargo/bin): {reinstall}")
    })?;
    match output_of(&runner.to_string_lossy(), &["--version"]) {
        // "wasm-bindgen-test-runner 0.2.130"
        Some(v) if v.split_whitespace().nth(1) == Some(wanted.as_str()) => {
            println!("    {v}: installed")
        }
        other => {
            return Err(format!(
                "{} is {}, but Cargo.lock has wasm-bindgen {wanted}: {reinstall}",
                runner.display(),
                other.as_deref().unwrap_or("not runnable"),
            ))
        }
    }
    let chromedriver = on_path("chromedriver").ok_or(
        "chromedriver is not on PATH (Debian/Ubuntu: sudo apt-get install chromium-driver)",
    )?;
    println!("    chromedriver: {}", chromedriver.display());
    Ok(BrowserTestTools {
        runner,
        chromedriver,
    })
}

/// The first `program` on PATH.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

static APT_UPDATED: AtomicBool = AtomicBool::new(false);

/// Makes sure `program` is on PATH, installing Debian package `package` if not.
pub fn ensure_apt(program: &str, package: &str) -> Result<(), String> {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if found {
        println!("    {program}: installed");
        return Ok(());
    }
    let hint = format!(
        "`{program}` is missing. Install the `{package}` package with your system's package \
         manager (Debian/Ubuntu: sudo apt-get install {package}) and run this again."
    );
    if output_of("id", &["-u"]).as_deref() != Some("0")
        || output_of("apt-get", &["--version"]).is_none()
    {
        return Err(hint);
    }
    if !APT_UPDATED.swap(true, Ordering::SeqCst) {
        run(Command::new("apt-get").args(["update", "-qq"]), &hint)?;
    }
    let mut cmd = Command::new("apt-get");
    cmd.args(["install", "-y", "-qq", "--no-install-recommends", package])
        .env("DEBIAN_FRONTEND", "noninteractive");
    println!("    installing {package} for {program}");
    run(&mut cmd, &hint).map_err(|e| format!("{e}\n(while running {})", describe(&cmd)))
}

/// The version of `package` recorded in Cargo.lock.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = root().join("Cargo.lock");
    let text = std::fs::read_to_string(&lock).map_err(|e| {
        format!(
            "cannot read {}: {e}. Run `cargo generate-lockfile` first.",
            lock.display()
        )
    })?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = text
        .find(&needle)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let len = text[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(text[start..start + len].to_owned())
}
