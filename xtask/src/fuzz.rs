//! `cargo xtask fuzz [seconds-per-target]`: runs every cargo-fuzz target in
//! `fuzz/` for that long, one after the other, and records executions,
//! speed, corpus size and findings in BENCHMARKS.md.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::{root, run, step};

const DEFAULT_SECONDS: u64 = 60;

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let seconds = match args.first() {
        None => DEFAULT_SECONDS,
        Some(s) => s.parse().map_err(|_| {
            format!(
                "`{s}` is not a number of seconds; usage: cargo xtask fuzz [seconds-per-target]"
            )
        })?,
    };
    tools()?;
    step("building the fuzz targets (cargo +nightly fuzz build)");
    run(
        Command::new("cargo").args(["+nightly", "fuzz", "build"]),
        "the fuzz targets did not build; the compiler output above says why",
    )?;
    let list = Command::new("cargo")
        .args(["+nightly", "fuzz", "list"])
        .current_dir(root())
        .output()
        .map_err(|e| format!("cargo fuzz list: {e}"))?;
    let targets: Vec<String> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if targets.is_empty() {
        return Err("`cargo fuzz list` found no targets in fuzz/".into());
    }
    let mut rows = Vec::new();
    for target in &targets {
        step(&format!("fuzzing {target} for {seconds} s"));
        rows.push(run_target(target, seconds)?);
    }
    let report = report(&rows, seconds);
    write_section("fuzz", &report)?;
    println!("{report}");
    let findings: usize = rows.iter().map(|r| r.findings.len()).sum();
    if findings > 0 {
        return Err(format!(
            "{findings} finding(s); the inputs are in fuzz/artifacts/ (see the table above). \
             Reproduce one with `cargo +nightly fuzz run <target> <file>`, turn it into a \
             named regression test, fix it, and run this again"
        ));
    }
    Ok(())
}

/// The nightly toolchain and cargo-fuzz, installed if missing.
fn tools() -> Result<(), String> {
    let has_nightly = Command::new("rustup")
        .args(["run", "nightly", "rustc", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_nightly {
        step("installing the nightly toolchain (cargo-fuzz needs it for -Z sanitizer flags)");
        run(
            Command::new("rustup").args([
                "toolchain",
                "install",
                "nightly",
                "--profile",
                "minimal",
            ]),
            "rustup could not install nightly; install it yourself and retry",
        )?;
    }
    let has_fuzz = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_fuzz {
        step("installing cargo-fuzz");
        run(
            Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]),
            "cargo could not install cargo-fuzz; `cargo install cargo-fuzz --locked` by hand says why",
        )?;
    }
    Ok(())
}

struct Row {
    target: String,
    executions: u64,
    per_second: u64,
    corpus: usize,
    findings: Vec<String>,
}

fn files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn run_target(target: &str, seconds: u64) -> Result<Row, String> {
    let fuzz = root().join("fuzz");
    let artifacts = fuzz.join("artifacts").join(target);
    let before = files(&artifacts);
    let cmd_line = format!(
        "cargo +nightly fuzz run {target} -- -max_total_time={seconds} -print_final_stats=1"
    );
    println!("    $ {cmd_line}");
    let output = Command::new("cargo")
        .args(["+nightly", "fuzz", "run", target, "--"])
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .current_dir(root())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("could not start `{cmd_line}`: {e}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    let stat = |name: &str| {
        log.lines()
            .rev()
            .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    let new_findings: Vec<String> = files(&artifacts)
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    if !output.status.success() && new_findings.is_empty() {
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        return Err(format!(
            "`{cmd_line}` failed ({}) without leaving an input in {}:\n{}",
            output.status,
            artifacts.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    let row = Row {
        target: target.to_owned(),
        executions: stat("number_of_executed_units").unwrap_or(0),
        per_second: stat("average_exec_per_sec").unwrap_or(0),
        corpus: files(&fuzz.join("corpus").join(target)).len(),
        findings: new_findings,
    };
    println!(
        "    {}: {} executions, {}/s, corpus {}, findings {}",
        row.target,
        row.executions,
        row.per_second,
        row.corpus,
        row.findings.len()
    );
    Ok(row)
}

/// `rustc +nightly --version`, the CPU model and core count.
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("MemTotal")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<u64>().ok())
            })
        })
        .map_or_else(String::new, |kb| format!(", {} GiB RAM", kb / 1024 / 1024));
    format!("{cpu}, {cores} cores{memory}")
}

fn report(rows: &[Row], seconds: u64) -> String {
    let nightly = Command::new("rustc")
        .args(["+nightly", "--version"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let mut table = String::from(
        "| target | what it fuzzes | executions | exec/s | corpus | findings |\n|---|---|---:|---:|---:|---:|\n",
    );
    for r in rows {
        let findings = if r.findings.is_empty() {
            "0".to_owned()
        } else {
            format!("**{}** ({})", r.findings.len(), r.findings.join(", "))
        };
        table.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.target,
            what(&r.target),
            r.executions,
            r.per_second,
            r.corpus,
            findings
        ));
    }
    let total: u64 = rows.iter().map(|r| r.executions).sum();
    let findings: usize = rows.iter().map(|r| r.findings.len()).sum();
    format!(
        "## Fuzzing\n\n\
         Every parser that reads attacker-controlled input has a libFuzzer target in `fuzz/` \
         (cargo-fuzz, AddressSanitizer, debug assertions). Each target calls a body in the \
         crate it tests (`fuzz_targets` modules), which asserts the invariants; the same bodies \
         run as proptests on stable in `cargo test`. Findings so far have become named \
         `fuzz_regression_*` tests or proptest regression files: the error-type normalisation \
         (not idempotent with a space after the namespace) and, in the proptest run of \
         `token_response`, an `ExpiresIn` near `i64::MAX` overflowing the expiry.\n\n\
         Run with `cargo xtask fuzz {seconds}` ({seconds} s per target, one at a time). \
         Machine: {}. Toolchain: {nightly}.\n\n{table}\
         | **total** | | **{total}** | | | **{findings}** |\n\n\
         One target by hand: `cargo +nightly fuzz run <target> -- -max_total_time=60`; \
         a finding: `cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>`.\n\n",
        machine()
    )
}

fn what(target: &str) -> &'static str {
    match target {
        "jwt" => "JWT decoding (`jwt.rs`), re-encoding round trip",
        "id_token" => "ID token claim checks (`oauth/id_token.rs`) against an independent oracle",
        "callback" => "OAuth callback query (`oauth/callback.rs`), serialise/parse round trip",
        "return_path" => "return-path allow-list (`oauth/return_path.rs`): only same-origin paths",
        "error_response" => {
            "Cognito error bodies/headers, `parse_response` of every operation the app sends (user pool and identity pool), type normalisation"
        }
        "config_json" => "`config.json` validation (app `src/config/`)",
        "api_input" => "emulator JSON API input (`api/input.rs` `Input::parse`, `Validator`)",
        "hosted_params" => "emulator hosted UI form bodies, queries, cookie (`hosted/http.rs`)",
        "request" => {
            "whole requests through the emulator's `app()`: 21 JSON API operations (with and without a SigV4 header), the hosted UI, OAuth, key set, mailbox and sample API routes"
        }
        "jwks" => "the pool's key set (`jwks.rs`): only valid RSA keys from the input, whole sets kept",
        "token_response" => "OAuth token, refresh, revoke and userInfo answers (`oauth/token.rs`): tokens only from a valid 200, expiry without overflow",
        _ => "",
    }
}

/// Replaces the `<!-- {name}:start -->` … `<!-- {name}:end -->` section of
/// BENCHMARKS.md with `body`, or appends it.
pub fn write_section(name: &str, body: &str) -> Result<(), String> {
    let path = root().join("BENCHMARKS.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let section = format!("{start}\n{body}{end}\n");
    let updated = match (existing.find(&start), existing.find(&end)) {
        (Some(a), Some(b)) if a < b => format!(
            "{}{section}{}",
            &existing[..a],
            existing[b + end.len()..].trim_start_matches('\n')
        ),
        _ if existing.is_empty() => format!("# Benchmarks\n\n{section}"),
        _ => format!("{}\n\n{section}", existing.trim_end()),
    };
    std::fs::write(&path, updated).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
