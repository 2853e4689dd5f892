//! The `stylesheet` feature: [`AuthProvider`](crate::AuthProvider) brings
//! `style/leptos-cognito.css` into the page itself, so a host page links
//! nothing.
//!
//! The sheet is a constructable stylesheet (`new CSSStyleSheet()`,
//! `replaceSync`) added to `document.adoptedStyleSheets` (CSSOM, "Constructable
//! stylesheets"). Unlike a `<style>` element it is not subject to the page's
//! Content-Security-Policy, so `style-src 'self'` without `'unsafe-inline'`
//! allows it (tests/e2e_embedded.rs checks this in Chromium). Adopted sheets
//! come after the page's own in the cascade; the file keeps its defaults in
//! a cascade layer so that the host's theme still wins (see its header).
//!
//! A page that links the file itself (the demo's `index.html`) has the marker
//! custom property `--lc-stylesheet` on `:root`: then nothing is added.

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsValue;

/// The stylesheet, as the demo serves it.
const CSS: &str = include_str!("../style/leptos-cognito.css");

/// The custom property the stylesheet sets on `:root`.
const MARKER: &str = "--lc-stylesheet";

/// Set once the page has the stylesheet: later providers look no further.
static PRESENT: AtomicBool = AtomicBool::new(false);

/// Adds the stylesheet to the document unless it is there already. Does
/// nothing without a `window` (in a worker). A browser without
/// constructable stylesheets (before Chromium 73, Firefox 101, Safari 16.4)
/// leaves the screens unstyled, as a page that forgot the `<link>` would.
pub(crate) fn adopt() {
    if PRESENT.load(Ordering::Relaxed) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    if let Err(e) = adopt_into(&window, &document) {
        leptos::logging::warn!("leptos-cognito: could not add its stylesheet: {e:?}");
    }
    PRESENT.store(true, Ordering::Relaxed);
}

fn adopt_into(window: &web_sys::Window, document: &web_sys::Document) -> Result<(), JsValue> {
    if let Some(root) = document.document_element() {
        let linked = window
            .get_computed_style(&root)?
            .and_then(|style| style.get_property_value(MARKER).ok())
            .is_some_and(|value| !value.trim().is_empty());
        if linked {
            return Ok(());
        }
    }
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    // A copy: before Chromium 99 the property was a FrozenArray, which
    // cannot be pushed to, only replaced.
    let sheets = js_sys::Array::from(&document.adopted_style_sheets());
    sheets.push(&sheet);
    document.set_adopted_style_sheets(&sheets);
    Ok(())
}
