//! The download budget of the sign-in page (issue 9): the brotli size of what
//! a browser must fetch before the sign-in field is usable, worked out from
//! the release bundle (`$LEPTOS_COGNITO_DIST`, else `dist/` at the workspace
//! root; `cargo xtask test` builds it first). The rule and the budget are in
//! `xtask/src/critical_path.rs`; `cargo xtask bench` checks the rule against
//! what headless Chromium fetches.

use std::path::PathBuf;

use xtask::critical_path::{check_budget, critical_path, BUDGET};

fn dist() -> PathBuf {
    std::env::var_os("LEPTOS_COGNITO_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"))
}

#[test]
fn the_critical_path_fits_the_download_budget() {
    let dist = dist();
    let files = critical_path(&dist).unwrap_or_else(|e| panic!("{e}"));
    // The app cannot start without its loader and its wasm: a rule that
    // lost them would pass any budget.
    for kind in ["html", "js", "wasm", "css", "json"] {
        assert!(
            files.iter().any(|f| f.kind() == kind),
            "no .{kind} file on the critical path of {}: {files:?}",
            dist.display()
        );
    }
    match check_budget(&files) {
        Ok(total) => println!("critical path: {total} bytes brotli, budget {BUDGET}"),
        Err(message) => panic!("{message}"),
    }
}
