//! End-to-end tests of `examples/embedded`: a host app with its own layout,
//! router and pages that puts its dashboard behind `<RequireAuth>`, served
//! under the Content-Security-Policy its `config.json` calls for
//! (`style-src 'self'`, no `'unsafe-inline'`). Its `index.html` links no
//! leptos-cognito stylesheet: the library adopts it (the `stylesheet`
//! feature), and the sign-in card must be styled all the same, themed by
//! the host's own CSS, with no CSP violation.
//!
//! Needs the example's release build (`$LEPTOS_COGNITO_EMBEDDED_DIST`, else
//! `examples/embedded/dist`: `cargo xtask test` builds it, or
//! `cd examples/embedded && trunk build --release --offline`) and the app's
//! `dist/` (see `support::static_server::dist_dir`). Run with
//! `cargo test --test e2e_embedded`.
#![cfg(not(target_arch = "wasm32"))]

#[macro_use]
mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::oauth::{continue_with, ChooserPage, GOOGLE_EMAIL};
use support::session::{ADMIN_EMAIL, ADMIN_PASSWORD};
use support::World;

/// The host's own `--lc-color-primary` (examples/embedded/style/host.css),
/// as `getComputedStyle` reports it.
const HOST_PRIMARY: &str = "rgb(10, 125, 90)";

/// The built example: `$LEPTOS_COGNITO_EMBEDDED_DIST` or
/// `examples/embedded/dist`.
fn embedded_dist() -> PathBuf {
    let dir = std::env::var_os("LEPTOS_COGNITO_EMBEDDED_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/embedded/dist"));
    if !dir.join("index.html").is_file() {
        panic!(
            "no built example in {}: run `cargo xtask test`, or `trunk build --release --offline` in examples/embedded",
            dir.display()
        );
    }
    dir
}

async fn js(w: &World, script: &str) -> Value {
    match w.client.execute(script, vec![]).await {
        Ok(v) => v,
        Err(e) => w.fail(&format!("run {script}: {e}")).await,
    }
}

/// What the page's stylesheets are: the `<link>`ed ones' paths, the number
/// of adopted ones, and the stylesheet's marker on `:root`.
async fn stylesheets(w: &World) -> Value {
    js(
        w,
        "return {
            linked: Array.from(document.querySelectorAll('link[rel=stylesheet]'))
                .map((l) => new URL(l.href).pathname),
            styles: document.querySelectorAll('style').length,
            adopted: document.adoptedStyleSheets.length,
            marker: getComputedStyle(document.documentElement)
                .getPropertyValue('--lc-stylesheet').trim(),
        }",
    )
    .await
}

/// The computed `property` of the element with this test id.
async fn computed(w: &World, testid: &str, property: &str) -> String {
    let script = format!(
        "return getComputedStyle(document.querySelector('{}'))[{}]",
        World::by_id(testid),
        Value::String(property.to_owned())
    );
    js(w, &script).await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_app_puts_its_page_behind_the_sign_in_styled_under_a_strict_csp() {
    let w = World::builder("embedded_host_app")
        .dist(embedded_dist())
        .start()
        .await;
    check!(
        w,
        w.csp.contains("style-src 'self';") && !w.csp.contains("unsafe-inline"),
        "the example must run under a strict style-src: {}",
        w.csp
    );

    // The host's public home, in its own layout.
    w.open("/").await;
    w.el("host-home").await;
    let sheets = stylesheets(&w).await;
    check!(
        w,
        sheets["adopted"] == 1 && sheets["styles"] == 0 && sheets["marker"] == "1",
        "the library should have adopted its one stylesheet: {sheets}"
    );
    let linked = sheets["linked"].as_array().cloned().unwrap_or_default();
    check!(
        w,
        linked.len() == 1 && linked[0].as_str().is_some_and(|p| p.starts_with("/host-")),
        "the page should link the host's CSS only: {linked:?}"
    );

    // Its link to the protected page: the sign-in steps, in place.
    w.click("host-to-dashboard").await;
    w.wait_for_screen("login", "/dashboard").await;
    check!(
        w,
        !w.present_now("host-dashboard").await.unwrap_or(true),
        "the dashboard shows before anyone signed in"
    );

    // Styled by the adopted sheet (the card's radius is --lc-radius), and
    // themed by the host's :root, which wins although the adopted sheet
    // comes after it (the defaults are in a cascade layer).
    let radius = computed(&w, "screen-login", "borderTopLeftRadius").await;
    check!(
        w,
        radius == "10px",
        "the card is not styled: border radius {radius:?}"
    );
    let primary = computed(&w, "login-submit", "backgroundColor").await;
    check!(
        w,
        primary == HOST_PRIMARY,
        "the submit button should have the host's primary colour {HOST_PRIMARY}, has {primary:?}"
    );

    w.fill("login-username", ADMIN_EMAIL).await;
    w.fill("login-password", ADMIN_PASSWORD).await;
    w.click("login-submit").await;

    // The host's page, with the user's email from use_auth().
    w.el("host-dashboard").await;
    w.wait_for_value("host-user-email", ADMIN_EMAIL).await;
    let path = match w.client.current_url().await {
        Ok(url) => url.path().to_owned(),
        Err(e) => w.fail(&format!("read the URL: {e}")).await,
    };
    check!(
        w,
        path == "/dashboard",
        "signing in should stay on the host's page, is at {path}"
    );

    // The host's own sign-out button: the sign-in steps again.
    w.click("host-sign-out").await;
    w.wait_for_screen("login", "/dashboard").await;
    check!(
        w,
        !w.present_now("host-dashboard").await.unwrap_or(true),
        "the dashboard is still shown after signing out"
    );
    let sheets = stylesheets(&w).await;
    check!(
        w,
        sheets["adopted"] == 1,
        "the stylesheet should be adopted once per document: {sheets}"
    );
    w.assert_no_panic().await;
}

/// Social sign-in from inside the host's page: the redirect comes back to
/// `/dashboard` (a `redirectSignIn` URL), where the `<Authenticator>` of
/// `<RequireAuth>` exchanges the code in place and the host's page shows.
/// "Continue with Google" on the dashboard's sign-in step, the seeded
/// account picked: back on the host's dashboard as that user.
async fn sign_in_with_google(w: &World) {
    continue_with(w, "Google").await;
    ChooserPage::expect(w, "Google")
        .await
        .pick(GOOGLE_EMAIL)
        .await;
    w.el("host-dashboard").await;
    w.wait_for_value("host-user-email", GOOGLE_EMAIL).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn social_sign_in_comes_back_to_the_hosts_page() {
    let w = World::builder("embedded_social_sign_in")
        .dist(embedded_dist())
        .redirect_path("/dashboard")
        .start()
        .await;
    w.open("/dashboard").await;
    w.wait_for_screen("login", "/dashboard").await;
    sign_in_with_google(&w).await;
    let url = match w.client.current_url().await {
        Ok(url) => url,
        Err(e) => w.fail(&format!("read the URL: {e}")).await,
    };
    check!(
        w,
        url.path() == "/dashboard" && url.query().is_none(),
        "the code and state should leave the address, on the host's page: {url}"
    );
    // Signing out of a social session ends it at the user pool domain too
    // (`/logout`), which sends the user to `redirectSignOut`: the host's
    // home; its dashboard then shows the sign-in step.
    w.click("host-sign-out").await;
    w.el("host-home").await;
    w.click("host-to-dashboard").await;
    w.wait_for_screen("login", "/dashboard").await;

    // Again, then a reload: the session, not a second exchange of the code.
    sign_in_with_google(&w).await;
    w.client.refresh().await.expect("reload");
    w.wait_for_value("host-user-email", GOOGLE_EMAIL).await;
    w.assert_no_panic().await;
}

/// A page that links the stylesheet itself gets no second copy: the
/// library sees the file's marker (`--lc-stylesheet`) and adopts nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_links_the_stylesheet_gets_no_second_copy() {
    let pages = tempfile::tempdir().expect("temp dir");
    let built = embedded_dist();
    for entry in std::fs::read_dir(&built).expect("read the example's dist") {
        let entry = entry.expect("dist entry");
        if entry.path().is_file() {
            std::fs::copy(entry.path(), pages.path().join(entry.file_name()))
                .expect("copy the example's dist");
        }
    }
    let css = Path::new(env!("CARGO_MANIFEST_DIR")).join("style/leptos-cognito.css");
    std::fs::copy(&css, pages.path().join("leptos-cognito.css")).expect("copy the stylesheet");
    let index = pages.path().join("index.html");
    let html = std::fs::read_to_string(&index).expect("read index.html");
    let html = html.replacen(
        "</head>",
        "<link rel=\"stylesheet\" href=\"/leptos-cognito.css\"></head>",
        1,
    );
    std::fs::write(&index, html).expect("write index.html");

    let w = World::builder("embedded_linked_stylesheet")
        .dist(pages.path())
        .start()
        .await;
    w.open("/dashboard").await;
    w.wait_for_screen("login", "/dashboard").await;
    let sheets = stylesheets(&w).await;
    check!(
        w,
        sheets["adopted"] == 0 && sheets["marker"] == "1",
        "a linked stylesheet should not be adopted again: {sheets}"
    );
    let radius = computed(&w, "screen-login", "borderTopLeftRadius").await;
    check!(
        w,
        radius == "10px",
        "the card is not styled: border radius {radius:?}"
    );
    w.assert_no_panic().await;
}

/// What comes before each quoted file in a README, then its path.
const QUOTE_MARK: &str = "<!-- quoted from ";

/// The example's files that `doc` quotes, as `(path, the quoted text)`: a
/// `<!-- quoted from PATH -->` line, then a fenced code block.
fn quotes(doc: &str, text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix(QUOTE_MARK)
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        if !path.starts_with("examples/embedded/") {
            continue;
        }
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "{doc}: a fenced code block should follow {line:?}, not {fence:?}"
        );
        let mut quoted = String::new();
        loop {
            match lines.next() {
                Some("```") => break,
                Some(l) => {
                    quoted.push_str(l);
                    quoted.push('\n');
                }
                None => panic!("{doc}: the code block quoting {path} is not closed"),
            }
        }
        found.push((path.to_owned(), quoted));
    }
    found
}

/// The example's README shows its code and the main README's "Embed it in
/// your app" the essentials, both as the files are (the files are what
/// the tests above run).
#[test]
fn the_readmes_quote_the_example_as_it_is() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (doc, expected) in [
        (
            "examples/embedded/README.md",
            &[
                "examples/embedded/Cargo.toml",
                "examples/embedded/index.html",
                "examples/embedded/src/main.rs",
                "examples/embedded/src/lib.rs",
            ][..],
        ),
        (
            "README.md",
            &[
                "examples/embedded/Cargo.toml",
                "examples/embedded/index.html",
                "examples/embedded/src/lib.rs",
            ][..],
        ),
    ] {
        let text =
            std::fs::read_to_string(root.join(doc)).unwrap_or_else(|e| panic!("read {doc}: {e}"));
        let quoted = quotes(doc, &text);
        for (path, quote) in &quoted {
            let file = std::fs::read_to_string(root.join(path))
                .unwrap_or_else(|e| panic!("{doc} quotes {path}, which cannot be read: {e}"));
            assert!(
                *quote == file,
                "{doc} quotes {path} differently from the file: copy the file into {doc} again"
            );
        }
        let paths: Vec<&str> = quoted.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(
            paths, expected,
            "{doc} should quote these files, in this order"
        );
    }
}

/// `trunk serve` in examples/embedded sends the policy its `config.json`
/// calls for, the one the tests above serve it with.
#[test]
fn the_examples_trunk_toml_sends_the_csp_of_its_config() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/embedded");
    let config: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("public/config.json")).expect("read config.json"),
    )
    .expect("parse config.json");
    let csp = test_support::csp::AppPolicy::from_config(&config)
        .expect("the example's config.json gives a CSP")
        .header_value();
    let trunk = std::fs::read_to_string(root.join("Trunk.toml")).expect("read Trunk.toml");
    assert!(
        trunk.contains(&format!("\"Content-Security-Policy\" = \"{csp}\"")),
        "examples/embedded/Trunk.toml should send\n  {csp}\n(`cargo xtask csp --config examples/embedded/public/config.json`)"
    );
}
