//! The error and information regions every screen has.

use crate::errors::{Alert, ErrorAction};
use crate::i18n::{use_i18n, Notice};
use crate::nav::{use_nav, Screen};
use leptos::prelude::*;

/// `role="alert"` region (`form-error`), always present and empty when there
/// is no error, so screen readers announce each new error. Its action (if
/// any) is a link, or for "Send a new code" a button running `on_send_new_code`.
///
/// Each new error also takes the focus (`tabindex="-1"`), as the GOV.UK
/// error summary does, so a keyboard user lands on what went wrong, with
/// its action next — unless the focus is elsewhere on the page (another
/// section's form), or `keep_focus` says the screen puts it back itself
/// (a wrong one-time code empties and refocuses its field).
#[component]
pub(crate) fn ErrorRegion(
    error: RwSignal<Option<Alert>>,
    #[prop(optional)] on_send_new_code: Option<Callback<()>>,
    /// For a second region on one page (a section of its own); default `form-error`.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Leave the focus where the screen puts it.
    #[prop(optional)]
    keep_focus: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_nav();
    let testid = testid.unwrap_or("form-error");
    if !keep_focus {
        Effect::new(move |_| {
            if error.with(Option::is_some) {
                focus_region(testid);
            }
        });
    }
    // An `<Authenticator on_error>` hears each error shown here.
    if let Some(super::options::ErrorHook(on_error)) = use_context() {
        Effect::new(move |_| {
            if let Some(alert) = error.get() {
                on_error.try_run(alert.notice);
            }
        });
    }
    let class = move || {
        if error.with(Option::is_some) {
            "lc-alert lc-alert--error"
        } else {
            "lc-alert lc-alert--error lc-alert--empty"
        }
    };
    // An `<Authenticator hide_sign_up>` offers no way to sign up.
    let sign_up_allowed = super::options::use_flow_options().allows(&Screen::SignUp);
    let action_view = move |action: ErrorAction| {
        let label = action.label();
        let target = match &action {
            ErrorAction::SignInInstead { username } => Some(Screen::login(username.clone())),
            ErrorAction::ConfirmAccount { username } => Some(Screen::confirm(username.clone())),
            ErrorAction::CreateAccount if !sign_up_allowed => return ().into_any(),
            ErrorAction::CreateAccount => Some(Screen::SignUp),
            ErrorAction::SendNewCode => None,
        };
        match (target, on_send_new_code) {
            (Some(screen), _) => {
                let href = screen.path();
                view! {
                    <a
                        class="lc-alert__action"
                        href=href
                        data-testid="error-action"
                        on:click=move |ev| {
                            ev.prevent_default();
                            nav.go(screen.clone());
                        }
                    >
                        {move || i18n.t(label)}
                    </a>
                }
                .into_any()
            }
            (None, Some(send)) => view! {
                <button
                    type="button"
                    class="lc-alert__action lc-alert__action--button"
                    data-testid="error-action"
                    on:click=move |_| send.run(())
                >
                    {move || i18n.t(label)}
                </button>
            }
            .into_any(),
            (None, None) => ().into_any(),
        }
    };
    view! {
        <div
            class=class
            role="alert"
            aria-live="assertive"
            tabindex="-1"
            data-testid=testid
        >
            {move || {
                error
                    .get()
                    .map(|Alert { notice, action }| {
                        view! {
                            <p class="lc-alert__text">{move || i18n.render(&notice)}</p>
                            {action.map(action_view)}
                        }
                    })
            }}
        </div>
    }
}

/// Focuses the error region `testid` if the focus is in its card or section
/// (or nowhere): an error of a form the user is not in must not pull them
/// away. Plain DOM, outside the component, so it is compiled once.
fn focus_region(testid: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(region) = document
        .query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let ours = match (
        document.active_element(),
        region.closest("section").ok().flatten(),
    ) {
        (None, _) => true,
        (Some(active), _) if active.tag_name().eq_ignore_ascii_case("body") => true,
        (Some(active), Some(scope)) => scope.contains(Some(&active)),
        (Some(_), None) => false,
    };
    if ours {
        let _ = region.focus();
    }
}

/// `aria-live="polite"` region (`form-info`) for information such as "We
/// sent a code to …".
#[component]
pub(crate) fn InfoRegion(
    info: RwSignal<Option<Notice>>,
    /// For a second region on one page (a section of its own); default `form-info`.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = move || {
        if info.with(Option::is_some) {
            "lc-alert lc-alert--info"
        } else {
            "lc-alert lc-alert--info lc-alert--empty"
        }
    };
    view! {
        <div
            class=class
            role="status"
            aria-live="polite"
            data-testid=testid.unwrap_or("form-info")
        >
            {move || {
                info.get()
                    .map(|notice| {
                        view! { <p class="lc-alert__text">{move || i18n.render(&notice)}</p> }
                    })
            }}
        </div>
    }
}
