//! Two structural checks of `cargo xtask test`, cheap enough to run before
//! clippy: no import cycles between modules (`scripts/module_cycles.py`),
//! and an emulator that does not depend on `cognito-client` (it is the
//! oracle the client is tested against; a shared dependency could be wrong
//! on both sides and still pass).

use std::process::Command;

use crate::{cargo, describe, root, run, step};

/// The crate the emulator must not be built on.
const FORBIDDEN: &str = "cognito-client";

/// `python3 scripts/module_cycles.py`: exits 1 when two modules of a crate
/// import each other, directly or through others.
pub fn module_cycles() -> Result<(), String> {
    step("module import cycles (python3 scripts/module_cycles.py)");
    run(
        Command::new("python3").arg("scripts/module_cycles.py"),
        "a module cycle is named above (`CYCLE: a <-> b`): move what both modules \
         need into a module below them, so that imports only go one way \
         (scripts/module_cycles.py says what counts as an import)",
    )
}

/// The emulator's non-dev dependency tree (normal and build, transitively)
/// must not contain `cognito-client`.
pub fn emulator_independent() -> Result<(), String> {
    step("the emulator does not depend on cognito-client (cargo tree)");
    let mut cmd = cargo();
    cmd.args([
        "tree",
        "-p",
        "cognito-emulator",
        "-e",
        "no-dev",
        "--prefix",
        "none",
    ])
    .current_dir(root());
    println!("    $ {}", describe(&cmd));
    let output = cmd
        .output()
        .map_err(|e| format!("could not start `{}`: {e}", describe(&cmd)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({}):\n{}",
            describe(&cmd),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let tree = String::from_utf8_lossy(&output.stdout);
    match find_package(&tree, FORBIDDEN) {
        None => {
            println!("    {FORBIDDEN}: not among the emulator's dependencies");
            Ok(())
        }
        Some(line) => Err(format!(
            "the emulator depends on {FORBIDDEN} ({line}, possibly through another crate). \
             The emulator is the oracle the client is tested against, so it must not share \
             the client's code: remove {FORBIDDEN} from the [dependencies] of \
             crates/cognito-emulator/Cargo.toml (or of the crate that brings it in) and give \
             the emulator its own implementation; in tests, a [dev-dependencies] entry is \
             allowed. `cargo tree -p cognito-emulator -e no-dev -i {FORBIDDEN}` shows the path"
        )),
    }
}

/// The line of `cargo tree --prefix none` output that names package `name`
/// (`name vX.Y.Z (...)`), if any.
fn find_package<'a>(tree: &'a str, name: &str) -> Option<&'a str> {
    tree.lines()
        .map(str::trim)
        .find(|line| line.split_whitespace().next() == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "\
cognito-emulator v0.1.0 (/work/main/crates/cognito-emulator)
argon2 v0.5.3
base64ct v1.8.3
test-support v0.1.0 (/work/main/crates/test-support)
cognito-client-extra v0.1.0
serde v1.0.219 (*)
";

    #[test]
    fn a_tree_without_the_package_passes() {
        assert_eq!(find_package(TREE, FORBIDDEN), None);
        assert_eq!(find_package("", FORBIDDEN), None);
    }

    #[test]
    fn the_package_is_found_by_its_exact_name() {
        let tree = format!("{TREE}cognito-client v0.1.0 (/work/main/crates/cognito-client)\n");
        assert_eq!(
            find_package(&tree, FORBIDDEN),
            Some("cognito-client v0.1.0 (/work/main/crates/cognito-client)")
        );
        // A repeated package is marked `(*)`; still found.
        assert_eq!(
            find_package("x v1\ncognito-client v0.1.0 (*)\n", FORBIDDEN),
            Some("cognito-client v0.1.0 (*)")
        );
        // A prefix of another name is not a match.
        assert_eq!(
            find_package("cognito-client-extra v0.1.0\n", FORBIDDEN),
            None
        );
    }

    /// The whole step, `cargo tree` included, on this workspace.
    #[test]
    fn the_emulator_is_independent_of_the_client() {
        emulator_independent().unwrap();
    }
}
