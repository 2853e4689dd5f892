//! The download budget of the sign-in page (issue 9): the brotli size of what
//! a browser must fetch before the sign-in field is usable, worked out from
//! the release bundle (`$LEPTOS_COGNITO_DIST`, else `dist/` at the workspace
//! root; `cargo xtask test` builds it first). The rule and the budget are in
//! `xtask/src/critical_path.rs`; `cargo xtask bench` checks the rule against
//! what headless Chromium fetches.

use std::path::PathBuf;

use xtask::critical_path::{
    check_budget, check_field_budget, critical_path, field_path, BUDGET, FIELD_BUDGET,
};

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

/// What the sign-in field needs (the page, its style sheet and `shell.js`,
/// which draw the static card people type into before the app has loaded)
/// stays small; the wasm must not creep into it.
#[test]
fn what_the_sign_in_field_needs_fits_its_budget() {
    let dist = dist();
    let files = field_path(&dist).unwrap_or_else(|e| panic!("{e}"));
    for kind in ["html", "css", "js"] {
        assert!(
            files.iter().any(|f| f.kind() == kind),
            "no .{kind} file in what the field needs in {}: {files:?}",
            dist.display()
        );
    }
    assert!(
        files
            .iter()
            .all(|f| f.kind() != "wasm" && f.name != "config.json"),
        "the field would wait for the app: {files:?}"
    );
    match check_field_budget(&files) {
        Ok(total) => println!("the field needs {total} bytes brotli, budget {FIELD_BUDGET}"),
        Err(message) => panic!("{message}"),
    }
}

/// The demo links `style/leptos-cognito.css` and is built without the
/// library's `stylesheet` feature (index.html), so its wasm must not carry
/// the stylesheet a second time: no `.wasm` in the dist holds the file's
/// `@layer` rule, which appears nowhere else.
#[test]
fn the_demo_wasm_does_not_carry_the_stylesheet() {
    const CSS_ONLY: &[u8] = b"@layer lc-defaults";
    let dist = dist();
    let css = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../style/leptos-cognito.css"),
    )
    .expect("read style/leptos-cognito.css");
    assert!(
        css.windows(CSS_ONLY.len()).any(|w| w == CSS_ONLY),
        "style/leptos-cognito.css no longer has {:?}: pick another string only it has",
        String::from_utf8_lossy(CSS_ONLY)
    );
    let mut wasm = 0;
    for entry in std::fs::read_dir(&dist).unwrap_or_else(|e| panic!("{}: {e}", dist.display())) {
        let path = entry.expect("dist entry").path();
        if path.extension().is_some_and(|ext| ext == "wasm") {
            wasm += 1;
            let bytes = std::fs::read(&path).expect("read the wasm");
            assert!(
                !bytes.windows(CSS_ONLY.len()).any(|w| w == CSS_ONLY),
                "{} carries style/leptos-cognito.css although index.html links it: \
                 build the demo with `data-cargo-no-default-features data-cargo-features=\"csr\"`",
                path.display()
            );
        }
    }
    assert!(wasm > 0, "no .wasm in {}", dist.display());
}
