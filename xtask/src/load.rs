//! `cargo xtask load [--users N]`: builds the emulator optimised for speed,
//! runs the load benchmark (`crates/cognito-emulator/examples/load.rs`)
//! against it and records the figures in BENCHMARKS.md.

use std::process::{Command, Stdio};

use crate::{cargo, describe, root, run, step};

/// The profile `cargo xtask load` builds with (root Cargo.toml): the
/// release profile is tuned for the size of the wasm bundle.
const PROFILE: &str = "emulator-release";

pub fn load(args: &[String]) -> Result<(), String> {
    let users = match args {
        [] => "200".to_owned(),
        [flag, n] if flag == "--users" && n.parse::<usize>().is_ok_and(|n| n > 0) => n.clone(),
        _ => return Err("usage: cargo xtask load [--users N]".into()),
    };
    step(&format!(
        "building the emulator and the load generator (profile {PROFILE})"
    ));
    run(
        cargo().args([
            "build",
            "--profile",
            PROFILE,
            "-p",
            "cognito-emulator",
            "--bin",
            "cognito-emulator",
            "--example",
            "load",
        ]),
        "the emulator or the load generator did not build; the compiler output above says why",
    )?;
    step(&format!("{users} users at once against one emulator"));
    let exe = crate::target_dir()
        .join(PROFILE)
        .join("examples")
        .join("load");
    let mut cmd = Command::new(&exe);
    cmd.args(["--users", &users])
        .current_dir(root())
        .stderr(Stdio::inherit());
    println!("    $ {}", describe(&cmd));
    let output = cmd
        .output()
        .map_err(|e| format!("could not start {}: {e}", exe.display()))?;
    if !output.status.success() {
        return Err(format!(
            "the load run failed ({}); its output above says why",
            output.status
        ));
    }
    let figures = String::from_utf8_lossy(&output.stdout);
    let report = format!(
        "## Emulator under load\n\n\
         `cargo xtask load --users {users}` (emulator and load generator built with the \
         `{PROFILE}` profile: `opt-level = 3`, thin LTO). Machine: {}.\n\n{figures}",
        crate::fuzz::machine()
    );
    crate::fuzz::write_section("load", &report)?;
    println!("{report}");
    if figures.contains("**lost 0**")
        && figures.contains("**inconsistent 0**")
        && figures.contains("failed 0,")
    {
        Ok(())
    } else {
        Err("users were lost, inconsistent or failed: see the figures above".into())
    }
}
