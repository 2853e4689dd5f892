//! The static sign-in card of `index.html` ("the shell") and its takeover.
//!
//! A cold load of the app has to fetch, compile and start about 1.2 MB of
//! WebAssembly and then `config.json` before Leptos can draw the sign-in
//! card. Meanwhile `index.html` already carries that card as plain HTML
//! (drawn from `public/config.json` and the catalogues by [`render`]'s test,
//! which fails when it is stale), and `public/shell.js` shows it at once, on
//! the sign-in routes only and only without a stored session, in the
//! language the app would pick. People can type, reveal the password, switch
//! the language and press Enter or a provider's button straight away.
//!
//! When the app's own sign-in card mounts it takes over in the same task
//! (no frame shows both): [`take`] reads what was typed, which field had
//! focus and what was pressed, and removes the shell; [`replay`] then puts
//! the focus back and presses the same control in the app, so a pending
//! Enter becomes the sign-in request. Every other screen just removes it
//! ([`dismiss`]). The shell has no `data-testid`s: automated tests and the
//! [contract](../tests/CONTRACT.md) wait for the app itself.
//!
//! The shell's inputs have no `name`, so even if `shell.js` failed and the
//! form were submitted natively, nothing typed would reach a URL; and the
//! shell starts `hidden`: without `shell.js` it never shows.

#[cfg(test)]
mod render;

use wasm_bindgen::JsCast;

/// The shell's root element in `index.html`.
const SHELL_ID: &str = "lc-shell";
/// Its strings, a JSON data block next to it.
const TEXT_ID: &str = "lc-shell-text";
/// The attribute `shell.js` sets when Enter or a provider's button was
/// pressed: `submit` or `idp:<provider name>`.
const PENDING_ATTR: &str = "data-lc-pending";

/// What happened on the shell before the app was ready.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Carried {
    /// The email field's text.
    pub username: String,
    /// The password field's text.
    pub password: String,
    /// The `id` of the field that had the focus.
    focus: Option<String>,
    /// The password was shown in clear.
    revealed: bool,
    /// The control pressed: `submit` or `idp:<name>`.
    pending: Option<String>,
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn shell() -> Option<web_sys::Element> {
    document()?.get_element_by_id(SHELL_ID)
}

/// Whether the shell is on screen (so the loading card must not show).
pub(crate) fn is_showing() -> bool {
    shell().is_some_and(|s| !s.has_attribute("hidden"))
}

/// Removes the shell, shown or not (its ids must not be doubled).
pub(crate) fn dismiss() {
    if let Some(doc) = document() {
        for id in [SHELL_ID, TEXT_ID] {
            if let Some(element) = doc.get_element_by_id(id) {
                element.remove();
            }
        }
    }
}

/// Reads what was done on the shell and removes it; `None` if it was not
/// on screen.
pub(crate) fn take() -> Option<Carried> {
    if !is_showing() {
        dismiss();
        return None;
    }
    let shell = shell()?;
    let input = |selector: &str| {
        shell
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    };
    let username = input("#login-username");
    let password = input("#login-password");
    let focus = document()
        .and_then(|d| d.active_element())
        .filter(|active| shell.contains(Some(active)))
        .map(|active| active.id())
        .filter(|id| !id.is_empty());
    let carried = Carried {
        username: username.map(|i| i.value()).unwrap_or_default(),
        revealed: password.as_ref().is_some_and(|i| i.type_() == "text"),
        password: password.map(|i| i.value()).unwrap_or_default(),
        focus,
        pending: shell.get_attribute(PENDING_ATTR),
    };
    dismiss();
    Some(carried)
}

/// Once the app's sign-in card is in the document: shows the password if
/// it was shown, puts the focus back and presses what was pressed.
pub(crate) fn replay(carried: &Carried) {
    let Some(doc) = document() else { return };
    let element = |selector: &str| {
        doc.query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    };
    if carried.revealed {
        if let Some(reveal) = element("[aria-controls=login-password]") {
            reveal.click();
        }
    }
    if let Some(id) = &carried.focus {
        if let Some(field) = doc
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = field.focus();
        }
    }
    match carried.pending.as_deref() {
        Some("submit") => {
            if let Some(button) = element("[data-testid=login-submit]") {
                button.click();
            }
        }
        Some(other) => {
            if let Some(name) = other.strip_prefix("idp:") {
                // By attribute value, not a selector: a provider name may
                // hold any character.
                let buttons = doc.query_selector_all("[data-provider]").ok();
                let found = buttons
                    .into_iter()
                    .flat_map(|list| (0..list.length()).filter_map(move |i| list.item(i)));
                for node in found {
                    if let Ok(button) = node.dyn_into::<web_sys::HtmlElement>() {
                        if button.get_attribute("data-provider").as_deref() == Some(name) {
                            button.click();
                            break;
                        }
                    }
                }
            }
        }
        None => {}
    }
}
