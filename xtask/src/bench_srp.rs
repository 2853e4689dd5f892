//! `cargo xtask bench-srp`: times the client side of one `USER_SRP_AUTH`
//! sign-in in headless Chromium, ours (wasm) against amazon-cognito-identity-js,
//! and records the table in BENCHMARKS.md.
//!
//! 1. builds `bench/srp-wasm` (the core's SRP plus the big-integer variants
//!    it was chosen from) for wasm32 with the workspace's release profile,
//!    then `wasm-bindgen --target web` and `wasm-opt -Oz` as trunk does for
//!    the app; once more with `--cfg cpubits="32"` (crypto-bigint's 32-bit
//!    limbs) for comparison;
//! 2. installs the pinned npm packages of `bench/srp` (`npm ci`) and bundles
//!    AuthenticationHelper for the browser with esbuild;
//! 3. runs `bench/srp/run.mjs`, which serves the page on 127.0.0.1, checks
//!    every implementation against the known-answer vectors, times them
//!    interleaved and writes the report.

use crate::{cargo, root, run, setup, step};
use std::path::{Path, PathBuf};
use std::process::Command;

const START: &str = "<!-- srp:start -->";
const END: &str = "<!-- srp:end -->";

/// crypto-bigint variants also timed with 32-bit limbs.
const LIMB32_VARIANTS: &str =
    r#"["cognito-client srp (ours)","crypto-bigint pow (ct)","crypto-bigint g=2 doubling (ct)"]"#;

struct Options {
    runs: u32,
    warmup: u32,
    only: Vec<String>,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        runs: 25,
        warmup: 3,
        only: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u32, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} needs a whole number, e.g. {name} 25"))
        };
        match arg.as_str() {
            "--runs" => o.runs = number("--runs")?,
            "--warmup" => o.warmup = number("--warmup")?,
            other if other.starts_with("--") => {
                return Err(format!(
                    "unknown option {other}: bench-srp takes --runs N, --warmup N and \
                     variant names"
                ))
            }
            variant => o.only.push(variant.to_owned()),
        }
    }
    if o.runs < 20 && o.only.is_empty() {
        return Err("the report needs at least 20 timed runs (--runs 20 or more)".into());
    }
    Ok(o)
}

pub fn bench_srp(args: &[String]) -> Result<(), String> {
    let o = options(args)?;
    setup::build_tools()?;
    let bench = root().join("bench/srp");
    let build = bench.join("build");
    std::fs::create_dir_all(&build).map_err(|e| format!("{}: {e}", build.display()))?;

    step("building the SRP benchmark for wasm32 (release profile)");
    wasm_module(&build, "srp_wasm_bench", None)?;
    step("building it again with crypto-bigint's 32-bit limbs (--cfg cpubits=\"32\")");
    wasm_module(
        &build,
        "srp_wasm_bench_limb32",
        Some(r#"--cfg cpubits="32""#),
    )?;

    step("installing the pinned npm packages (bench/srp/package-lock.json)");
    need(
        "node",
        "Node.js 18 or newer (Debian/Ubuntu: sudo apt-get install nodejs npm)",
    )?;
    run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&bench),
        "npm could not install bench/srp's packages; its output above says why",
    )?;
    run(
        Command::new(bench.join("node_modules/.bin/esbuild"))
            .arg(bench.join("acij-entry.js"))
            .args([
                "--bundle",
                "--format=iife",
                "--platform=browser",
                "--define:global=globalThis",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", build.join("acij.js").display())),
        "esbuild could not bundle amazon-cognito-identity-js",
    )?;

    step("timing in headless Chromium");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        return Err(format!(
            "no Chromium at {chromium}: install it (Debian/Ubuntu: sudo apt-get install \
             chromium) or point CHROMIUM at the binary"
        ));
    }
    let modules = format!(
        r#"[{{"file":"srp_wasm_bench.js","label":"","variants":null}},{{"file":"srp_wasm_bench_limb32.js","label":" [32-bit limbs]","variants":{LIMB32_VARIANTS}}}]"#
    );
    let mut command = "cargo xtask bench-srp".to_owned();
    if o.runs != 25 || o.warmup != 3 {
        command += &format!(" --runs {} --warmup {}", o.runs, o.warmup);
    }
    let mut node = Command::new("node");
    // `run` starts commands in the workspace root; run.mjs finds its page
    // next to itself.
    node.arg(bench.join("run.mjs"))
        .arg(root().join("crates/cognito-client/tests/fixtures/srp_vectors.json"))
        .arg(o.runs.to_string())
        .arg(o.warmup.to_string())
        .args(&o.only)
        .env("CHROMIUM", &chromium)
        .env("SRP_BENCH_MODULES", modules)
        .env("SRP_BENCH_TOOLCHAIN", toolchain())
        .env("SRP_BENCH_COMMAND", command);
    run(
        &mut node,
        "the benchmark failed; the output above says where (a cross-check mismatch is a bug \
         in an SRP implementation, not in the benchmark)",
    )?;

    if !o.only.is_empty() {
        println!("\nxtask: a partial run (variants named); BENCHMARKS.md left as it was");
        return Ok(());
    }
    let report = std::fs::read_to_string(build.join("report.md"))
        .map_err(|e| format!("run.mjs wrote no report: {e}"))?;
    let path = root().join("BENCHMARKS.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, splice(&existing, &report)).map_err(|e| e.to_string())?;
    println!("\nxtask: wrote the SRP section of {}", path.display());
    Ok(())
}

/// Builds the bench crate (with extra `rustflags` if given) and makes
/// `build/<name>.js` + `build/<name>_bg.wasm` from it.
fn wasm_module(build: &Path, name: &str, rustflags: Option<&str>) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args([
        "build",
        "-p",
        "srp-wasm-bench",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if let Some(flags) = rustflags {
        // A separate set of artifacts in the target dir: the default build's
        // are not invalidated.
        cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", flags);
    }
    run(&mut cmd, "the SRP benchmark crate did not build")?;
    let wasm = target_dir().join("wasm32-unknown-unknown/release/srp_wasm_bench.wasm");
    run(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                name,
                "--out-dir",
            ])
            .arg(build)
            .arg(&wasm)
            .env("PATH", setup::tool_path()),
        "wasm-bindgen failed; it must match the wasm-bindgen crate in Cargo.lock",
    )?;
    let bg = build.join(format!("{name}_bg.wasm"));
    run(
        Command::new("wasm-opt")
            .arg(format!("--output={}", bg.display()))
            .arg("-Oz")
            .arg(&bg)
            .env("PATH", setup::tool_path()),
        "wasm-opt failed",
    )
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub(crate) fn need(program: &str, hint: &str) -> Result<(), String> {
    match Command::new(program).arg("--version").output() {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err(format!("`{program}` is missing: install {hint}")),
    }
}

pub(crate) fn toolchain() -> String {
    let version = |program: &str| {
        Command::new(program)
            .arg("--version")
            .env("PATH", setup::tool_path())
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|| format!("{program}: unknown"))
    };
    format!(
        "{}; {}; {}",
        version("rustc"),
        version("wasm-bindgen"),
        version("wasm-opt")
    )
}

/// `existing` with the text between the SRP markers replaced by `report`
/// (appended with markers if absent).
fn splice(existing: &str, report: &str) -> String {
    let section = format!("{START}\n{report}{END}\n");
    match (existing.find(START), existing.find(END)) {
        (Some(a), Some(b)) if a < b => format!(
            "{}{section}{}",
            &existing[..a],
            existing[b + END.len()..].trim_start_matches('\n')
        ),
        _ if existing.is_empty() => format!("# Benchmarks\n\n{section}"),
        _ => format!("{}\n\n{section}", existing.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::splice;

    #[test]
    fn splice_replaces_only_its_section() {
        let before = "# B\n\n<!-- bundle-size:start -->\nx\n<!-- bundle-size:end -->\n";
        let once = splice(before, "one\n");
        assert!(once.starts_with(before.trim_end()));
        assert!(once.ends_with("<!-- srp:start -->\none\n<!-- srp:end -->\n"));
        let twice = splice(&once, "two\n");
        assert_eq!(twice, once.replace("one", "two"));
        let middle = format!("{twice}\n## after\n");
        assert!(splice(&middle, "three\n").ends_with("<!-- srp:end -->\n## after\n"));
    }
}
