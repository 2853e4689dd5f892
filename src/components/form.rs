//! Form pieces shared by the screens: labelled fields, the submit button
//! with its busy state, links between screens, input checks.

use crate::i18n::{use_i18n, Msg};
use crate::nav::{use_nav, Screen};
use leptos::prelude::*;

/// A labelled input bound to `value`. `id` is also its `name` and its
/// `data-testid`.
#[component]
pub(crate) fn TextField(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    /// `autocomplete` token: `username`, `email`, `current-password`, ...
    autocomplete: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autofocus: bool,
    /// Id of a hint the input is described by.
    #[prop(optional)]
    describedby: Option<&'static str>,
    /// A password field gets a Show/Hide toggle.
    #[prop(optional)]
    revealable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let revealed = RwSignal::new(false);
    // Names are words: let the keyboard capitalise and check them.
    let verbatim = autocomplete != "name";
    let kind = move || {
        if revealable && revealed.get() {
            "text"
        } else {
            input_type
        }
    };
    view! {
        <div class="lc-field">
            <label class="lc-field__label" for=id>
                {move || i18n.t(label)}
            </label>
            <div class="lc-field__control">
                <input
                    class="lc-field__input"
                    id=id
                    name=id
                    type=kind
                    autocomplete=autocomplete
                    inputmode=inputmode
                    autofocus=autofocus
                    required=true
                    spellcheck=verbatim.then_some("false")
                    autocapitalize=verbatim.then_some("none")
                    aria-describedby=describedby
                    data-testid=id
                    bind:value=value
                />
                {revealable
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="lc-field__reveal"
                                aria-controls=id
                                aria-pressed=move || revealed.get().to_string()
                                on:click=move |_| revealed.update(|r| *r = !*r)
                            >
                                {move || {
                                    i18n.t(
                                        if revealed.get() { Msg::HidePassword } else { Msg::ShowPassword },
                                    )
                                }}
                            </button>
                        }
                    })}
            </div>
        </div>
    }
}

/// The primary button of a form. While `busy` it is disabled (no double
/// submit), shows a spinner and the busy label, and has `aria-busy="true"`.
#[component]
pub(crate) fn SubmitButton(
    testid: &'static str,
    label: Msg,
    busy_label: Msg,
    #[prop(into)] busy: Signal<bool>,
) -> impl IntoView {
    view! { <BusyButton testid label busy_label busy submit=true /> }
}

/// A button with a busy state; `submit` makes it the form's submit button.
#[component]
pub(crate) fn BusyButton(
    testid: &'static str,
    label: Msg,
    busy_label: Msg,
    #[prop(into)] busy: Signal<bool>,
    #[prop(optional)] submit: bool,
    #[prop(optional)] on_click: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = move || match (submit, busy.get()) {
        (true, false) => "lc-button lc-button--primary",
        (true, true) => "lc-button lc-button--primary lc-button--busy",
        (false, false) => "lc-button lc-button--secondary",
        (false, true) => "lc-button lc-button--secondary lc-button--busy",
    };
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            class=class
            data-testid=testid
            disabled=move || busy.get()
            aria-busy=move || busy.get().then_some("true")
            on:click=move |_| {
                if let Some(f) = on_click {
                    f.run(())
                }
            }
        >
            <span class="lc-spinner" aria-hidden="true"></span>
            <span class="lc-button__label">
                {move || i18n.t(if busy.get() { busy_label } else { label })}
            </span>
        </button>
    }
}

/// A link to another screen of the flow (a real `href`, so it can be
/// opened in a new tab, but a plain click stays in the app).
#[component]
pub(crate) fn NavLink(testid: &'static str, to: Screen, label: Msg) -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_nav();
    let href = to.path();
    view! {
        <a
            class="lc-link"
            href=href
            data-testid=testid
            on:click=move |ev: leptos::ev::MouseEvent| {
                if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key()
                    || ev.button() != 0
                {
                    return;
                }
                ev.prevent_default();
                nav.go(to.clone());
            }
        >
            {move || i18n.t(label)}
        </a>
    }
}

/// A usable email address, loosely: something, `@`, a domain; no spaces.
/// Cognito has the final word.
pub(crate) fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// The code as typed, without the spaces people paste in.
pub(crate) fn normalise_code(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shape() {
        for good in [
            "a@example.com",
            "taro.yamada+x@example.co.jp",
            "a@localhost",
        ] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "@example.com",
            "a@",
            "a@@b",
            "a b@c.d",
            "a@b.",
            "a@.b",
        ] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn codes_lose_their_spaces() {
        assert_eq!(normalise_code(" 123 456\n"), "123456");
    }
}
