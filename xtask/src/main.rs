//! `cargo xtask dev` and `cargo xtask test`: the two commands in the README.
//!
//! Both install what is missing first (and only that), say what each step is
//! doing, and on failure say what to do. Kept to a few small dependencies so
//! it builds in seconds on a fresh machine.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Mutex;

use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;

use test_support::local::{
    app_url, emulator_url, APP_PORT, CLIENT_ID, EMULATOR_PORT, HOST, PHONE_CLIENT_ID,
    PHONE_POOL_ID, POOL_ID, USERNAME_CLIENT_ID, USERNAME_POOL_ID,
};

mod bench_srp;
mod cold_load;
mod csp;
mod fuzz;
mod layering;
mod load;
mod scripts;
mod setup;

fn usage() -> String {
    format!(
        "\
usage: cargo xtask <command>

commands:
  dev      install what is missing, start the local Cognito emulator on
           {HOST}:{EMULATOR_PORT} and `trunk serve` on {HOST}:{APP_PORT};
           `dev --lambda-endpoint URL` passes URL to the emulator, which
           invokes the pool's Lambda triggers there (examples/triggers/)
  test     install what is missing and run every check and test that CI runs
  bench [--runs N]
           load our sign-in page and AWS Amplify UI's <Authenticator> cold in
           headless Chromium, interleaved, at 1x and 4x CPU (N runs each,
           default 15), and record sizes, times and ratios in BENCHMARKS.md
  bench-srp [--runs N] [--warmup N]
           time one SRP sign-in in headless Chromium, ours (wasm) against
           amazon-cognito-identity-js, and record the table in BENCHMARKS.md
  csp [--config FILE]
           print the app's Content-Security-Policy for a config.json (default
           {default_config}) and how to send it from CloudFront, nginx or S3
  fuzz [seconds-per-target]
           run every cargo-fuzz target (nightly) and record it in BENCHMARKS.md
  load [--users N]
           load-test a release emulator (sign-up to sign-out, N users at once,
           200 by default) and record it in BENCHMARKS.md
  externalize-scripts
           Trunk's post_build hook (Trunk.toml): moves the inline scripts out
           of index.html so that the CSP needs no 'unsafe-inline'
",
        default_config = csp::DEFAULT_CONFIG
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => match &args[1..] {
            [] => dev(None),
            [flag, url] if flag == "--lambda-endpoint" => dev(Some(url)),
            _ => Err(format!("unknown arguments for dev\n\n{}", usage())),
        },
        Some("test") => test(),
        Some("bench") => cold_load::bench(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("load") => load::load(&args[1..]),
        Some("bench-srp") => bench_srp::bench_srp(&args[1..]),
        Some("csp") => csp::command(&args[1..]),
        Some("externalize-scripts") => scripts::command(),
        Some("-h" | "--help" | "help") => {
            print!("{}", usage());
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{}", usage())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// Runs a command, echoing it, in the workspace root unless `cmd` has a
/// directory of its own; fails with `hint`.
pub fn run(cmd: &mut Command, hint: &str) -> Result<(), String> {
    let dir = match cmd.get_current_dir() {
        Some(dir) => dir.to_path_buf(),
        None => root(),
    };
    cmd.current_dir(&dir);
    if dir != root() {
        println!("    (in {})", dir.display());
    }
    println!("    $ {}", describe(cmd));
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{}`: {e}\n{hint}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})\n{hint}", describe(cmd)))
    }
}

pub fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where cargo puts build output: `$CARGO_TARGET_DIR` if set, else
/// `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // A CI run starts from a clean clone and never rebuilds: incremental
    // caches would only take disk (several GB over the test binaries).
    if std::env::var_os("CI").is_some() {
        command.env("CARGO_INCREMENTAL", "0");
    }
    command
}

/// Free space, in GiB, on the file system holding `dir` (by `df`, which every
/// machine this runs on has); `None` if it cannot be read.
fn free_gib(dir: &Path) -> Option<f64> {
    let output = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let kib: f64 = text
        .lines()
        .nth(1)?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()?;
    Some(kib / (1024.0 * 1024.0))
}

/// What a clean `cargo xtask test` writes to `target/`, with some room:
/// 4.37 GB at the most (`du -s target` every 30 s through `CI=true bash
/// .ci/run` in a fresh clone, so without incremental caches; see the
/// `[profile.dev]` note in Cargo.toml).
const TEST_DISK_GIB: f64 = 6.0;

/// Says so up front when a clean run's build will not fit, rather than
/// leaving it to a linker's "No space left on device" twenty minutes in.
/// A warning, not a refusal: the figure is an estimate, and a run that
/// would have fitted must not be stopped by it. Nothing to say once
/// `target/debug` exists (most of the build is there already).
fn check_disk() {
    let target = target_dir();
    if target.join("debug").exists() {
        return;
    }
    let probe = if target.exists() { target } else { root() };
    if let Some(free) = free_gib(&probe) {
        if free < TEST_DISK_GIB {
            eprintln!(
                "xtask: warning: only {free:.1} GiB free on the disk holding {}; a clean test \
                 run writes about {TEST_DISK_GIB} GiB there. Free some space or point \
                 CARGO_TARGET_DIR at a larger disk.",
                probe.display()
            );
        }
    }
}

/// The `Content-Security-Policy` that `trunk serve` sends (Trunk.toml's
/// `[serve.headers]`).
pub fn trunk_serve_csp() -> Result<String, String> {
    let path = root().join("Trunk.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let trunk: toml::Table =
        toml::from_str(&text).map_err(|e| format!("{} is not valid TOML: {e}", path.display()))?;
    trunk
        .get("serve")
        .and_then(|serve| serve.get("headers"))
        .and_then(|headers| headers.get("Content-Security-Policy"))
        .and_then(|value| value.as_str())
        .map(str::to_owned)
        .ok_or_else(|| {
            format!(
                "{} has no [serve.headers] \"Content-Security-Policy\"; add the one \
                 `cargo xtask csp` prints",
                path.display()
            )
        })
}

/// `trunk serve` must send the header `public/config.json` calls for, or
/// the app breaks (or is less protected) only in development.
fn check_dev_csp() -> Result<(), String> {
    let expected = csp::policy_for_file(&root().join(csp::DEFAULT_CONFIG))?.header_value();
    let served = trunk_serve_csp()?;
    if served == expected {
        Ok(())
    } else {
        Err(format!(
            "Trunk.toml's [serve.headers] Content-Security-Policy is not the one {} calls for \
             (did its endpoints change?). Set it to what `cargo xtask csp` prints:\n\n\
             \"Content-Security-Policy\" = \"{expected}\"\n\n(it is now \"{served}\")",
            csp::DEFAULT_CONFIG
        ))
    }
}

fn dev(lambda_endpoint: Option<&str>) -> Result<(), String> {
    setup::build_tools()?;
    check_dev_csp()?;
    for (port, who) in [(EMULATOR_PORT, "the emulator"), (APP_PORT, "trunk serve")] {
        if std::net::TcpListener::bind((HOST, port)).is_err() {
            return Err(format!(
                "{HOST}:{port} (for {who}) is already in use. Is `cargo xtask dev` already \
                 running in another terminal? Stop whatever listens there (`ss -ltnp | grep {port}`) and retry."
            ));
        }
    }
    step("building the local Cognito emulator");
    run(
        cargo().args(["build", "-p", "cognito-emulator"]),
        "the emulator did not build; the compiler output above says why",
    )?;
    step(&format!(
        "starting the emulator on {HOST}:{EMULATOR_PORT} (state in .local/cognito)"
    ));
    let exe = target_dir().join("debug/cognito-emulator");
    stop_children_on_signal()?;
    let mut command = Command::new(&exe);
    command
        .arg("--port")
        .arg(EMULATOR_PORT.to_string())
        .arg("--data-dir")
        .arg(root().join(".local/cognito"));
    if let Some(url) = lambda_endpoint {
        command.arg("--lambda-endpoint").arg(url);
    }
    let mut emulator = Group::spawn(
        command.current_dir(root()).stdout(Stdio::piped()),
        &exe.display().to_string(),
    )?;
    wait_for_listening(&mut emulator.child)?;
    step(&format!(
        "starting trunk serve on {HOST}:{APP_PORT} (rebuilds on change; Ctrl-C stops both)"
    ));
    let (app, emulator_url) = (app_url(), emulator_url());
    println!(
        "\n    app:      {app}/\n    mailbox:  {emulator_url}/_local/mailbox\n    emulator: {emulator_url}/ (pool {POOL_ID}, client {CLIENT_ID})\n              \
         also pool {PHONE_POOL_ID} (client {PHONE_CLIENT_ID}: sign-in by phone number) and \
         {USERNAME_POOL_ID} (client {USERNAME_CLIENT_ID}: usernames with e-mail/phone aliases)\n"
    );
    let mut trunk = Group::spawn(
        Command::new("trunk")
            .args(["serve", "--offline"])
            .env("PATH", setup::tool_path())
            .current_dir(root()),
        "trunk",
    )?;
    let status = trunk.child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("trunk serve stopped ({status})"))
    }
}

/// A child of `dev` leading a process group of its own, so that stopping it
/// stops what it started too (trunk's `cargo build`, for one). Dropping it
/// stops the group, so an error leaves nothing behind.
struct Group {
    child: Child,
    pgid: Pid,
}

/// The process groups `dev` started, for the signal handler: a signal ends
/// the process without running destructors, so the handler stops them itself.
static GROUPS: Mutex<Vec<Pid>> = Mutex::new(Vec::new());

impl Group {
    fn spawn(cmd: &mut Command, what: &str) -> Result<Group, String> {
        use std::os::unix::process::CommandExt;
        let child = cmd
            .process_group(0)
            .spawn()
            .map_err(|e| format!("could not start {what}: {e}"))?;
        let pgid = Pid::from_raw(i32::try_from(child.id()).expect("process ids fit in pid_t"));
        GROUPS.lock().unwrap().push(pgid);
        Ok(Group { child, pgid })
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // Forget the group first: once the leader is reaped, its id may be
        // given to another process.
        if let Ok(mut groups) = GROUPS.lock() {
            groups.retain(|g| *g != self.pgid);
        }
        let _ = killpg(self.pgid, Signal::SIGTERM);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP (a closed terminal) stop the emulator and
/// trunk too. They run in process groups of their own, so the terminal's
/// Ctrl-C does not reach them: the handler sends each group SIGTERM, which
/// lets trunk end its build.
fn stop_children_on_signal() -> Result<(), String> {
    ctrlc::set_handler(|| {
        for pgid in GROUPS.lock().map(|g| g.clone()).unwrap_or_default() {
            // Already gone (ESRCH) is fine: there is nothing left to stop.
            let _ = killpg(pgid, Signal::SIGTERM);
        }
        println!("\nxtask: stopped the emulator and trunk");
        std::process::exit(130);
    })
    .map_err(|e| format!("cannot install the Ctrl-C handler: {e}"))
}

/// Forwards the emulator's output and returns once it says it is listening.
fn wait_for_listening(child: &mut Child) -> Result<(), String> {
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        println!("    [emulator] {line}");
        if line.starts_with("listening on ") {
            // Keep forwarding the emulator's log (mail lines) in the background.
            std::thread::spawn(move || {
                for line in lines.map_while(Result::ok) {
                    println!("    [emulator] {line}");
                }
            });
            return Ok(());
        }
    }
    Err("the emulator exited before it was listening; its output is above".into())
}

fn test() -> Result<(), String> {
    check_disk();
    setup::build_tools()?;
    setup::test_tools()?;
    step("formatting (cargo fmt --check)");
    run(
        cargo().args(["fmt", "--all", "--", "--check"]),
        "run `cargo fmt --all` and commit the result",
    )?;
    layering::module_cycles()?;
    layering::emulator_independent()?;
    step("clippy, native, every target");
    run(
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "fix the clippy findings above",
    )?;
    step("clippy, wasm32 (the app and the protocol core)");
    run(
        cargo().args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "leptos-cognito",
            "-p",
            "cognito-client",
            "-p",
            "embedded-example",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "fix the clippy findings above (they only show on wasm32)",
    )?;
    build_release_bundle()?;
    build_embedded_example()?;
    step("tests: protocol core, emulator, client against emulator and moto, app, end to end in headless Chromium");
    run(
        cargo()
            .args(["test", "--workspace"])
            .env("LEPTOS_COGNITO_DIST", root().join("dist"))
            .env(
                "LEPTOS_COGNITO_EMBEDDED_DIST",
                embedded_example_dir().join("dist"),
            ),
        "a test failed; its output above says which and why \
         (end-to-end failures leave screenshots in target/e2e-screenshots/)",
    )?;
    browser_api_tests()?;
    println!("\nxtask: every check passed");
    Ok(())
}

/// `tests/web.rs` compiled to wasm32 and run by `wasm-bindgen-test-runner`
/// in headless Chromium (flags in `webdriver.json`; the runner's server and
/// chromedriver listen on 127.0.0.1 only, and nothing is downloaded).
fn browser_api_tests() -> Result<(), String> {
    step("browser API tests (wasm-bindgen-test in headless Chromium)");
    let tools = setup::browser_test_tools()?;
    let webdriver_json = root().join("webdriver.json");
    run(
        cargo()
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "leptos-cognito",
                "--test",
                "web",
            ])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &tools.runner)
            .env("CHROMEDRIVER", &tools.chromedriver)
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
            // Chromium can be slow to start on a busy small machine.
            .env("WASM_BINDGEN_TEST_TIMEOUT", "60"),
        &format!(
            "a browser API test in tests/web.rs failed, or headless Chromium did not start; \
             the output above says which (a test's panic message, or the driver's log). \
             Chromium's flags are in {}. To look at the tests in a desktop browser, run the \
             same command with NO_HEADLESS=1 and open the address it prints",
            webdriver_json.display()
        ),
    )
}

/// `examples/embedded`: a host app with its own Trunk.toml and dist.
fn embedded_example_dir() -> PathBuf {
    root().join("examples/embedded")
}

/// The host app of `examples/embedded` (tests/e2e_embedded.rs drives it),
/// built as its README says, in the workspace's one target directory.
fn build_embedded_example() -> Result<(), String> {
    step("the embedded example's release bundle (trunk build --release --offline in examples/embedded)");
    run(
        Command::new("trunk")
            .args(["build", "--release", "--offline"])
            .current_dir(embedded_example_dir())
            .env("PATH", setup::tool_path()),
        "trunk could not build examples/embedded; the output above says why",
    )
}

pub(crate) fn build_release_bundle() -> Result<(), String> {
    step("release wasm bundle (trunk build --release --offline)");
    run(
        Command::new("trunk")
            .args(["build", "--release", "--offline"])
            .env("PATH", setup::tool_path()),
        "trunk could not build the app; the output above says why",
    )
}
