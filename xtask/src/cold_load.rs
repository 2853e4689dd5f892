//! `cargo xtask bench`: our sign-in page against AWS Amplify UI's
//! `<Authenticator>`, loaded cold in headless Chromium, side by side (issue 9).
//!
//! 1. builds the release bundle (`trunk build --release --offline` → `dist/`)
//!    and the local Cognito emulator;
//! 2. installs the pinned npm packages of `bench/cold-load` (the harness:
//!    playwright-core) and `bench/amplify` (the reference app) with `npm ci`
//!    when missing or older than their `package-lock.json`, and builds the
//!    reference app (`vite build` → `bench/amplify/dist`) when missing or
//!    older than its sources;
//! 3. works out the static critical path of `dist/` (the budget test's rule,
//!    `xtask::critical_path`) and hands it to the harness to compare;
//! 4. runs `bench/cold-load/run.mjs`, which serves both apps, runs them
//!    interleaved at 1× and 4× CPU and writes the report, and puts the
//!    report between the cold-load markers of BENCHMARKS.md.

use crate::{cargo, root, run, setup, step};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use xtask::critical_path::{critical_path, field_path, File, BUDGET, FIELD_BUDGET};

const START: &str = "<!-- cold-load:start -->";
const END: &str = "<!-- cold-load:end -->";

/// The fewest runs per app, kind and CPU rate that go into BENCHMARKS.md.
const MIN_RUNS: u32 = 15;

fn runs(args: &[String]) -> Result<u32, String> {
    match args {
        [] => Ok(MIN_RUNS),
        [flag, n] if flag == "--runs" => n
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("--runs needs a whole number ≥ 1, e.g. --runs {MIN_RUNS}")),
        _ => Err(format!(
            "bench takes only --runs N (default {MIN_RUNS}; fewer than {MIN_RUNS} prints the \
             report without writing BENCHMARKS.md)"
        )),
    }
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let runs = runs(args)?;
    setup::build_tools()?;
    crate::build_release_bundle()?;
    let dist = root().join("dist");

    step("building the local Cognito emulator");
    run(
        cargo().args(["build", "-p", "cognito-emulator"]),
        "the emulator did not build; the compiler output above says why",
    )?;
    let out = root().join("bench/cold-load/build");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    // A copy: the target dir may be shared, and another build could replace
    // the binary while the benchmark runs.
    let emulator = out.join("cognito-emulator");
    std::fs::copy(
        crate::target_dir().join("debug/cognito-emulator"),
        &emulator,
    )
    .map_err(|e| {
        format!(
            "cannot copy the emulator binary to {}: {e}",
            emulator.display()
        )
    })?;

    step("installing the pinned npm packages (bench/cold-load, bench/amplify)");
    crate::bench_srp::need(
        "node",
        "Node.js 20.19 or newer (Debian/Ubuntu: sudo apt-get install nodejs npm)",
    )?;
    npm_ci("bench/cold-load")?;
    npm_ci("bench/amplify")?;
    amplify_build()?;

    step("the static critical paths of dist/ (the budget test's rules)");
    let files = critical_path(&dist)?;
    let field = field_path(&dist)?;
    for (what, files, budget) in [
        ("a sign-in", &files, BUDGET),
        ("the field", &field, FIELD_BUDGET),
    ] {
        for f in files {
            println!("    {:<50} {:>8} raw {:>8} brotli", f.name, f.raw, f.brotli);
        }
        let total: u64 = files.iter().map(|f| f.brotli).sum();
        println!("    what {what} needs: {total} bytes brotli; budget {budget}");
    }
    let list = |files: &[File]| {
        files
            .iter()
            .map(|f| {
                format!(
                    r#"{{"file":"{}","raw":{},"brotli":{}}}"#,
                    json_escape(&f.name),
                    f.raw,
                    f.brotli
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let static_json = format!(
        r#"{{"budget":{BUDGET},"files":[{}],"field":{{"budget":{FIELD_BUDGET},"files":[{}]}}}}"#,
        list(&files),
        list(&field),
    );

    step(&format!(
        "cold loads in headless Chromium: {runs} runs of each app, kind and CPU rate, \
         interleaved (several minutes)"
    ));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        setup::ensure_apt("chromium", "chromium")?;
    }
    let command = if runs == MIN_RUNS {
        "cargo xtask bench".to_owned()
    } else {
        format!("cargo xtask bench --runs {runs}")
    };
    run(
        Command::new("node")
            .arg(root().join("bench/cold-load/run.mjs"))
            .arg("--ours")
            .arg(&dist)
            .arg("--amplify")
            .arg(root().join("bench/amplify/dist"))
            .arg("--emulator")
            .arg(&emulator)
            .arg("--runs")
            .arg(runs.to_string())
            .arg("--out")
            .arg(&out)
            .env("CHROMIUM", &chromium)
            .env("COLD_LOAD_STATIC", static_json)
            .env("COLD_LOAD_COMMAND", command)
            .env(
                "COLD_LOAD_TOOLCHAIN",
                format!("{}; {}", crate::bench_srp::toolchain(), trunk_version()),
            ),
        "the benchmark failed; the output above says where (a timeout names the app and \
         what it waited for)",
    )?;

    if runs < MIN_RUNS {
        println!(
            "\nxtask: {runs} runs (fewer than {MIN_RUNS}): BENCHMARKS.md left as it was; \
             the report is in {}",
            out.join("report.md").display()
        );
        return Ok(());
    }
    let report = std::fs::read_to_string(out.join("report.md"))
        .map_err(|e| format!("run.mjs wrote no report: {e}"))?;
    let path = root().join("BENCHMARKS.md");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    std::fs::write(&path, splice(&existing, &report)).map_err(|e| e.to_string())?;
    println!("\nxtask: wrote the cold-load section of {}", path.display());
    Ok(())
}

/// `npm ci` in `dir` (relative to the workspace root) unless its
/// node_modules is newer than its package-lock.json. npm rewrites
/// node_modules/.package-lock.json on every install, so an older one means
/// the lock changed since. `--prefer-offline`: what is in npm's cache is
/// used without asking the registry.
fn npm_ci(dir: &str) -> Result<(), String> {
    let installed = modified(&root().join(dir).join("node_modules/.package-lock.json"));
    let locked = modified(&root().join(dir).join("package-lock.json"));
    if installed.is_some() && installed >= locked {
        println!("    {dir}/node_modules: installed");
        return Ok(());
    }
    run(
        Command::new("npm").args([
            "ci",
            "--prefer-offline",
            "--no-audit",
            "--no-fund",
            "--prefix",
            dir,
        ]),
        &format!("npm could not install {dir}'s packages; its output above says why"),
    )
}

/// `vite build` of the reference app, unless bench/amplify/dist is newer
/// than everything it is built from.
fn amplify_build() -> Result<(), String> {
    let app = root().join("bench/amplify");
    let built = modified(&app.join("dist/index.html"));
    let mut sources = vec![
        app.join("package-lock.json"),
        app.join("node_modules/.package-lock.json"),
        app.join("vite.config.js"),
        app.join("index.html"),
    ];
    for dir in ["src", "public"] {
        sources.extend(files_under(&app.join(dir)));
    }
    let newest = sources.iter().filter_map(|p| modified(p)).max();
    if built.is_some() && built >= newest {
        println!("    bench/amplify/dist: up to date");
        return Ok(());
    }
    step("building the Amplify reference app (vite build)");
    run(
        Command::new(app.join("node_modules/.bin/vite"))
            .args(["build", "--logLevel", "warn"])
            .arg(&app),
        "vite could not build bench/amplify; its output above says why",
    )
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                files_under(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

fn trunk_version() -> String {
    Command::new("trunk")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "trunk: unknown".into())
}

fn json_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// `existing` with the text between the cold-load markers replaced by
/// `report` (added after the title, before every other section, if absent).
fn splice(existing: &str, report: &str) -> String {
    match (existing.find(START), existing.find(END)) {
        (Some(a), Some(b)) if a < b => format!(
            "{}{START}\n{report}{END}{}",
            &existing[..a],
            &existing[b + END.len()..]
        ),
        _ => {
            let section = format!("{START}\n{report}{END}\n");
            match existing.split_once('\n') {
                Some((title, rest)) if title.starts_with("# ") => {
                    format!("{title}\n\n{section}\n{}", rest.trim_start_matches('\n'))
                }
                _ => format!("# Benchmarks\n\n{section}\n{existing}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::splice;

    #[test]
    fn splice_replaces_only_its_section() {
        let before = "# Benchmarks\n\n<!-- srp:start -->\nx\n<!-- srp:end -->\n";
        let once = splice(before, "one\n");
        assert_eq!(
            once,
            "# Benchmarks\n\n<!-- cold-load:start -->\none\n<!-- cold-load:end -->\n\n\
             <!-- srp:start -->\nx\n<!-- srp:end -->\n"
        );
        let twice = splice(&once, "two\n");
        assert_eq!(twice, once.replace("one", "two"));
        assert!(splice("", "r\n").starts_with("# Benchmarks\n\n<!-- cold-load:start -->\nr\n"));
    }
}
