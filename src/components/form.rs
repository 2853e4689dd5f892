//! Form pieces shared by the screens: labelled fields, the submit button
//! with its busy state, links between screens, input checks.

use crate::i18n::{use_i18n, Arg, I18n, Msg, Notice};
use crate::nav::{use_nav, Screen};
use leptos::prelude::*;

/// What a field is called: a message of the catalogues (translated), or a
/// host's own text (shown as is).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Label {
    Notice(Notice),
    Text(String),
}

impl Label {
    /// The label in the current language (tracked).
    pub(crate) fn render(&self, i18n: I18n) -> String {
        match self {
            Label::Notice(notice) => i18n.render(notice),
            Label::Text(text) => text.clone(),
        }
    }

    /// The label in `lang`.
    #[cfg(test)]
    pub(crate) fn render_in(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Label::Notice(notice) => notice.render(lang),
            Label::Text(text) => text.clone(),
        }
    }

    /// The label as an argument of another message (`{field}`).
    pub(crate) fn arg(&self) -> Arg {
        match self {
            Label::Notice(notice) => Arg::List(vec![notice.clone()]),
            Label::Text(text) => Arg::Text(text.clone()),
        }
    }
}

impl From<Msg> for Label {
    fn from(msg: Msg) -> Self {
        Label::Notice(Notice::new(msg))
    }
}

impl From<Notice> for Label {
    fn from(notice: Notice) -> Self {
        Label::Notice(notice)
    }
}

/// A labelled input bound to `value`. `id` is also its `name` and its
/// `data-testid`.
#[component]
pub(crate) fn TextField(
    #[prop(into)] id: Oco<'static, str>,
    #[prop(into)] label: Label,
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
    /// The field may be left empty (it is `required` otherwise).
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let revealed = RwSignal::new(false);
    // Names are words: let the keyboard capitalise and check them.
    let verbatim = !matches!(
        autocomplete,
        "name" | "given-name" | "family-name" | "additional-name" | "nickname" | "street-address"
    );
    let kind = move || {
        if revealable && revealed.get() {
            "text"
        } else {
            input_type
        }
    };
    view! {
        <div class="lc-field">
            <label class="lc-field__label" for=id.clone()>
                {move || label.render(i18n)}
            </label>
            <div class="lc-field__control">
                <input
                    class="lc-field__input"
                    id=id.clone()
                    name=id.clone()
                    type=kind
                    autocomplete=autocomplete
                    inputmode=inputmode
                    autofocus=autofocus
                    required=!optional
                    spellcheck=verbatim.then_some("false")
                    autocapitalize=verbatim.then_some("none")
                    aria-describedby=describedby
                    data-testid=id.clone()
                    bind:value=value
                />
                {revealable
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="lc-field__reveal"
                                aria-controls=id.clone()
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

/// The length of an authenticator code (`SoftwareTokenMFAUserCodeType`).
pub(crate) const OTP_LENGTH: usize = 6;

/// A one-time-code input (`id` is also its `name` and `data-testid`):
/// `inputmode="numeric"`, `autocomplete="one-time-code"`, six digits at most.
/// Anything but digits is dropped as it is typed or pasted (full-width digits
/// from a Japanese IME become ASCII). `on_complete` runs when the sixth digit
/// arrives, so the code can be submitted without a click.
#[component]
pub(crate) fn CodeField(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    /// The input, for focusing it again after a wrong code.
    #[prop(optional)]
    node_ref: NodeRef<leptos::html::Input>,
    #[prop(optional)] on_complete: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        let digits = normalise_digits(&typed);
        if digits != typed {
            event_target::<web_sys::HtmlInputElement>(&ev).set_value(&digits);
        }
        let complete = digits.len() == OTP_LENGTH;
        value.set(digits.clone());
        if let (true, Some(done)) = (complete, on_complete) {
            done.run(digits);
        }
    };
    view! {
        <div class="lc-field">
            <label class="lc-field__label" for=id>
                {move || i18n.t(label)}
            </label>
            <div class="lc-field__control">
                <input
                    class="lc-field__input lc-field__input--code"
                    id=id
                    name=id
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength=OTP_LENGTH.to_string()
                    pattern=format!("[0-9]{{{OTP_LENGTH}}}")
                    required=true
                    spellcheck="false"
                    autocapitalize="none"
                    data-testid=id
                    node_ref=node_ref
                    prop:value=move || value.get()
                    on:input=on_input
                />
            </div>
        </div>
    }
}

/// Focuses an input once it is in the page.
pub(crate) fn focus(input: NodeRef<leptos::html::Input>) {
    if let Some(el) = input.get_untracked() {
        let _ = el.focus();
    }
}

/// The ASCII digits of `typed`, at most [`OTP_LENGTH`]; full-width digits
/// (U+FF10..U+FF19) count as digits.
pub(crate) fn normalise_digits(typed: &str) -> String {
    typed
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
            _ => None,
        })
        .take(OTP_LENGTH)
        .collect()
}

/// Whether `code` is a whole authenticator code.
pub(crate) fn is_otp(code: &str) -> bool {
    code.len() == OTP_LENGTH && code.bytes().all(|b| b.is_ascii_digit())
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

/// What is wrong with a typed (trimmed) email, if anything: every screen
/// that asks for one says the same.
pub(crate) fn email_problem(name: &str) -> Option<Msg> {
    if name.is_empty() {
        Some(Msg::ErrEmailRequired)
    } else if !looks_like_email(name) {
        Some(Msg::ErrEmailInvalid)
    } else {
        None
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
    fn one_time_codes_keep_only_six_digits() {
        assert_eq!(normalise_digits("12 34-56"), "123456");
        assert_eq!(normalise_digits("１２３４５６"), "123456");
        assert_eq!(normalise_digits("1234567"), "123456");
        assert_eq!(normalise_digits("abc"), "");
        assert!(is_otp("012345"));
        assert!(!is_otp("12345"));
        assert!(!is_otp("12345a"));
        assert!(!is_otp("１２３４５６"));
    }

    #[test]
    fn codes_lose_their_spaces() {
        assert_eq!(normalise_code(" 123 456\n"), "123456");
    }
}
