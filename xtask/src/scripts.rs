//! `cargo xtask externalize-scripts`: Trunk's `post_build` hook (see
//! `Trunk.toml`), for `trunk build` and `trunk serve` alike.
//!
//! Trunk 0.21 writes the wasm loader into `index.html` as an inline
//! `<script type="module">`, and `trunk serve` appends its live-reload script
//! inline too. The app's CSP (`script-src 'self' 'wasm-unsafe-eval'`, no
//! `'unsafe-inline'`, no hashes) blocks both, so this moves each into a file
//! of its own beside `index.html` — named after its content's hash, like
//! Trunk's other files, and loaded with an `integrity` attribute (Subresource
//! Integrity, sha384 as Trunk uses) — and leaves `<script src>` in its place.
//! Any other inline script is refused: it would be blocked in the browser.

use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use sha2::{Digest, Sha384};

/// What Trunk's loader script contains (its `TrunkApplicationStarted` event).
const LOADER_MARK: &str = "TrunkApplicationStarted";
/// What Trunk's live-reload script contains (its WebSocket path).
const AUTORELOAD_MARK: &str = ".well-known/trunk/ws";

/// A script moved out of the page.
#[derive(Debug, PartialEq, Eq)]
pub struct ScriptFile {
    /// File name in the dist directory, e.g. `loader-0123456789abcdef.js`.
    pub name: String,
    pub contents: String,
}

/// The hook: rewrites `$TRUNK_STAGING_DIR/index.html` and writes the scripts
/// beside it.
pub fn command() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or(
            "externalize-scripts is Trunk's post_build hook (Trunk.toml): run `trunk build` or \
         `trunk serve`, which set TRUNK_STAGING_DIR",
        )?;
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".to_owned());
    let html_path = staging.join("index.html");
    let html = std::fs::read_to_string(&html_path)
        .map_err(|e| format!("cannot read {}: {e}", html_path.display()))?;
    let (html, files) = externalize(&html, &public_url)?;
    for file in &files {
        let path = staging.join(&file.name);
        std::fs::write(&path, &file.contents)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    std::fs::write(&html_path, html)
        .map_err(|e| format!("cannot write {}: {e}", html_path.display()))?;
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    println!(
        "xtask: moved the inline scripts of index.html to {}",
        names.join(", ")
    );
    Ok(())
}

/// `html` with every inline `<script>` replaced by a `<script src>` of the
/// returned files (`public_url` is where the dist directory is served,
/// ending in `/`).
pub fn externalize(html: &str, public_url: &str) -> Result<(String, Vec<ScriptFile>), String> {
    let base = if public_url.ends_with('/') {
        public_url.to_owned()
    } else {
        format!("{public_url}/")
    };
    // ASCII lower-casing keeps byte offsets, so indices into `lower` are
    // indices into `html`.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut files = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let start = at + found;
        let open_end = start
            + lower[start..]
                .find('>')
                .ok_or("index.html has a <script tag that does not end")?;
        let attributes = html[start + "<script".len()..open_end].trim_end_matches('/');
        let close = open_end
            + lower[open_end..]
                .find("</script")
                .ok_or("index.html has a <script> without </script>")?;
        let close_end = close
            + lower[close..]
                .find('>')
                .ok_or("index.html has a </script without >")?
            + 1;
        out.push_str(&html[at..start]);
        at = close_end;
        if has_src(attributes) || is_data_block(attributes) {
            out.push_str(&html[start..close_end]);
            continue;
        }
        let body = &html[open_end + 1..close];
        let (kind, contents) = if body.contains(LOADER_MARK) {
            ("loader", body.trim().to_owned() + "\n")
        } else if body.contains(AUTORELOAD_MARK) {
            ("autoreload", autoreload(body, &base))
        } else {
            return Err(format!(
                "index.html has an inline script that is not Trunk's loader or live reload; \
                 the app's CSP (script-src 'self') would block it. Move it to a .js file \
                 and load it with <script src>:\n{}",
                body.trim()
            ));
        };
        let digest = Sha384::digest(contents.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let name = format!("{kind}-{hex}.js");
        out.push_str(&format!(
            "<script{attributes} src=\"{base}{name}\" integrity=\"sha384-{}\"></script>",
            BASE64.encode(digest)
        ));
        files.push(ScriptFile { name, contents });
    }
    out.push_str(&html[at..]);
    let loaders = files
        .iter()
        .filter(|f| f.name.starts_with("loader-"))
        .count();
    if loaders != 1 {
        return Err(format!(
            "expected Trunk's inline loader script in index.html once, found it {loaders} times; \
             has Trunk's output changed? (Trunk 0.21 is what this hook knows)"
        ));
    }
    // In what is left of the page: script bodies are gone, so only markup.
    if out.to_ascii_lowercase().contains(" style=") {
        return Err(
            "index.html has a style attribute; the app's CSP (style-src 'self') blocks it: \
             use a class in style/leptos-cognito.css"
                .into(),
        );
    }
    Ok((out, files))
}

/// Whether a `<script>` is a data block (HTML § 4.12.1.1: a `type` that is
/// not a JavaScript MIME type, `module`, `importmap` or `speculationrules`),
/// such as the shell's `application/json` strings: never run, so the CSP
/// does not apply to it.
fn is_data_block(attributes: &str) -> bool {
    const RUN: &[&str] = &[
        "",
        "module",
        "importmap",
        "speculationrules",
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    ];
    let lower = attributes.to_ascii_lowercase();
    let Some(at) = lower
        .match_indices("type=")
        .find(|(i, _)| *i == 0 || lower.as_bytes()[i - 1].is_ascii_whitespace())
        .map(|(i, _)| i + "type=".len())
    else {
        return false;
    };
    let rest = &lower[at..];
    let value = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
        _ => rest
            .split(|c: char| c.is_ascii_whitespace())
            .next()
            .unwrap_or(""),
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    !RUN.contains(&essence)
}

/// Whether a `<script>` tag's attributes include `src`.
fn has_src(attributes: &str) -> bool {
    attributes
        .to_ascii_lowercase()
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a == "src" || a.starts_with("src="))
}

/// Trunk's live-reload script as a file. `trunk serve` fills in two
/// placeholders only in HTML responses, so they are filled here: the address
/// with `window.location.host` (what Trunk itself uses when a request has no
/// `Host`), the WebSocket base with the public URL (Trunk's default for it,
/// as Trunk.toml sets no `ws_base` or `serve_base`).
fn autoreload(body: &str, base: &str) -> String {
    body.trim()
        .replace("'{{__TRUNK_ADDRESS__}}'", "window.location.host")
        .replace("`{{__TRUNK_ADDRESS__}}`", "window.location.host")
        .replace("{{__TRUNK_WS_BASE__}}", base)
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What Trunk 0.21.14 writes for this app (release build), shortened.
    const TRUNK_HTML: &str = r#"<!doctype html>
<html lang="en">
  <head>
    <link rel="stylesheet" href="/app-1.css" integrity="sha384-x"/>
<script type="module">
import init, * as bindings from '/demo-3c93.js';
const wasm = await init({ module_or_path: '/demo-3c93_bg.wasm' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>
  <link rel="modulepreload" href="/demo-3c93.js" crossorigin="anonymous" integrity="sha384-y"></head>
  <body>
    <noscript>JavaScript</noscript>
  </body>
</html>"#;

    /// What `trunk serve` adds at the end of the body, shortened.
    const AUTORELOAD: &str = "<script>\"use strict\";\n(function () {\n    const address = '{{__TRUNK_ADDRESS__}}';\n    const base = '{{__TRUNK_WS_BASE__}}';\n    const url = 'ws://' + address + base + '.well-known/trunk/ws';\n    let style=url;\n})()</script>";

    #[test]
    fn the_loader_becomes_a_file_with_its_integrity() {
        let (html, files) = externalize(TRUNK_HTML, "/").unwrap();
        assert_eq!(files.len(), 1);
        let loader = &files[0];
        assert!(loader.name.starts_with("loader-") && loader.name.ends_with(".js"));
        assert_eq!(loader.name.len(), "loader-".len() + 16 + ".js".len());
        assert!(loader
            .contents
            .starts_with("import init, * as bindings from '/demo-3c93.js';"));
        assert!(loader.contents.contains(LOADER_MARK));
        let integrity = format!(
            "sha384-{}",
            BASE64.encode(Sha384::digest(loader.contents.as_bytes()))
        );
        assert!(
            html.contains(&format!(
                "<script type=\"module\" src=\"/{}\" integrity=\"{integrity}\"></script>",
                loader.name
            )),
            "{html}"
        );
        // Nothing inline is left, and the rest of the page is untouched.
        assert!(!html.contains("import init"));
        assert!(html.contains("<link rel=\"modulepreload\" href=\"/demo-3c93.js\""));
        assert!(html.ends_with("<noscript>JavaScript</noscript>\n  </body>\n</html>"));
    }

    #[test]
    fn the_live_reload_script_is_moved_with_its_placeholders_filled() {
        let page = TRUNK_HTML.replace("</body>", &format!("{AUTORELOAD}</body>"));
        let (html, files) = externalize(&page, "/app").unwrap();
        assert_eq!(files.len(), 2);
        let reload = &files[1];
        assert!(reload.name.starts_with("autoreload-"), "{}", reload.name);
        assert!(reload
            .contents
            .contains("const address = window.location.host;"));
        assert!(reload.contents.contains("const base = '/app/';"));
        assert!(!reload.contents.contains("{{"));
        assert!(html.contains(&format!("<script src=\"/app/{}\" integrity=", reload.name)));
        assert!(html.contains(&format!("src=\"/app/{}\"", files[0].name)));
    }

    #[test]
    fn scripts_with_src_stay_and_names_follow_the_content() {
        let page = TRUNK_HTML.replace("<head>", "<head><SCRIPT src=\"/x.js\"></SCRIPT>");
        let (html, files) = externalize(&page, "/").unwrap();
        assert!(html.contains("<SCRIPT src=\"/x.js\"></SCRIPT>"));
        assert_eq!(files.len(), 1);
        let again = externalize(&page, "/").unwrap().1;
        assert_eq!(files, again);
        let other = externalize(&page.replace("demo-3c93", "demo-ffff"), "/").unwrap();
        assert_ne!(files[0].name, other.1[0].name);
    }

    #[test]
    fn data_blocks_stay_and_script_types_are_still_refused() {
        let block = r#"<script type="application/json" id="t">{"a":"b"}</script>"#;
        let page = TRUNK_HTML.replace("<body>", &format!("<body>{block}"));
        let (out, files) = externalize(&page, "/").unwrap();
        assert!(out.contains(block), "{out}");
        assert_eq!(files.len(), 1);
        for kind in [
            "text/javascript",
            "module",
            "importmap",
            "TEXT/JAVASCRIPT; charset=utf-8",
        ] {
            let page = TRUNK_HTML.replace(
                "<body>",
                &format!("<body><script type='{kind}'>x()</script>"),
            );
            assert!(externalize(&page, "/").is_err(), "{kind}");
        }
        let page = TRUNK_HTML.replace(
            "<body>",
            "<body><script data-type=\"application/json\">x()</script>",
        );
        assert!(externalize(&page, "/").is_err());
    }

    #[test]
    fn other_inline_scripts_and_styles_are_refused() {
        let page = TRUNK_HTML.replace("<body>", "<body><script>alert(1)</script>");
        let e = externalize(&page, "/").unwrap_err();
        assert!(e.contains("alert(1)") && e.contains("<script src>"), "{e}");
        let page = TRUNK_HTML.replace("<body>", "<body style=\"color:red\">");
        let e = externalize(&page, "/").unwrap_err();
        assert!(e.contains("style attribute"), "{e}");
        let e = externalize("<html><body></body></html>", "/").unwrap_err();
        assert!(e.contains("found it 0 times"), "{e}");
    }
}
