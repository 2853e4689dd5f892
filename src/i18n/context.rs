//! The current language as reactive context.

use super::lang::{Lang, LocaleSetting};
use super::loaded;
use super::msg::Msg;
use super::notice::Notice;
use leptos::prelude::*;

/// Where the user's own choice of language is remembered (per browser).
pub(crate) const PREFERENCE_KEY: &str = "leptos-cognito.lang";

/// The language the screens render in; provided by the
/// [`AuthProvider`](crate::AuthProvider), read with [`use_i18n`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::i18n::Msg;
/// use leptos_cognito::use_i18n;
///
/// #[component]
/// fn Spinner() -> impl IntoView {
///     let i18n = use_i18n();
///     view! { <p aria-busy="true">{move || i18n.t(Msg::Loading)}</p> }
/// }
/// ```
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    lang: RwSignal<Lang>,
    /// The language asked for last (the user's choice, or the start's):
    /// shown once its catalogue is there, unless another was asked for
    /// meanwhile.
    wanted: RwSignal<Lang>,
    /// Whether the user picked the language (it then wins over config).
    chosen: RwSignal<bool>,
}

impl I18n {
    /// Creates the context in the current owner, in the user's remembered
    /// choice, else the browser's language, as far as it is loaded (English
    /// until then: see [`start`](Self::start)), and keeps `<html lang>` and
    /// `dir` in step with it.
    pub(crate) fn provide() -> Self {
        let remembered = stored_preference();
        let wanted = first_guess();
        let i18n = I18n {
            lang: RwSignal::new(if loaded::is_ready(wanted) {
                wanted
            } else {
                Lang::En
            }),
            wanted: RwSignal::new(wanted),
            chosen: RwSignal::new(remembered.is_some()),
        };
        provide_context(i18n);
        Effect::new(move |_| {
            let code = i18n.lang.get().code();
            if let Some(root) = document_element() {
                let _ = root.set_attribute("lang", code);
                // Every language offered is written left to right.
                let _ = root.set_attribute("dir", "ltr");
            }
        });
        i18n
    }

    /// The language to start in before `config.json` is known: the
    /// remembered choice, else the browser's.
    pub(crate) fn first_guess(&self) -> Lang {
        self.wanted.get_untracked()
    }

    /// Settles the language once `config.json` is read: the user's choice,
    /// else its `locale`, else the browser's; fetches that catalogue first
    /// if it is not compiled in, so the screens draw in it from the start.
    /// A catalogue that cannot be fetched leaves the current language.
    pub(crate) async fn start(&self, setting: LocaleSetting) {
        let lang = match (self.chosen.get_untracked(), setting) {
            (false, LocaleSetting::Fixed(lang)) => lang,
            _ => self.wanted.get_untracked(),
        };
        self.wanted.set(lang);
        self.switch(lang).await;
    }

    /// Shows `lang` once its catalogue is there.
    async fn switch(&self, lang: Lang) {
        match loaded::ensure(lang).await {
            // Picked again meanwhile (a quick second choice): that one wins.
            Ok(()) if self.wanted.get_untracked() != lang => {}
            Ok(()) => self.lang.set(lang),
            Err(e) => web_sys::console::warn_1(
                &format!(
                    "the {} catalogue could not be loaded ({e}); staying in {}",
                    lang.code(),
                    self.lang.get_untracked().code()
                )
                .into(),
            ),
        }
    }

    /// The current language (tracked).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_i18n;
    ///
    /// #[component]
    /// fn CurrentLanguage() -> impl IntoView {
    ///     let i18n = use_i18n();
    ///     view! { <span>{move || i18n.lang().native_name()}</span> }
    /// }
    /// ```
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches language (once its catalogue is loaded, for one that is not
    /// compiled in) and remembers the choice.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::{use_i18n, Lang};
    ///
    /// /// Two buttons instead of the full `LanguageSwitcher`.
    /// #[component]
    /// fn EnglishOrJapanese() -> impl IntoView {
    ///     let i18n = use_i18n();
    ///     view! {
    ///         <button on:click=move |_| i18n.set_lang(Lang::En)>"English"</button>
    ///         <button on:click=move |_| i18n.set_lang(Lang::Ja)>"日本語"</button>
    ///     }
    /// }
    /// ```
    pub fn set_lang(&self, lang: Lang) {
        self.chosen.set(true);
        self.wanted.set(lang);
        store_preference(lang);
        if loaded::is_ready(lang) {
            self.lang.set(lang);
        } else {
            let this = *self;
            leptos::task::spawn_local(async move { this.switch(lang).await });
        }
    }

    /// The text of `msg` in the current language (tracked).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::i18n::Msg;
    /// use leptos_cognito::use_i18n;
    ///
    /// #[component]
    /// fn EmailLabel() -> impl IntoView {
    ///     let i18n = use_i18n();
    ///     view! { <label for="email">{move || i18n.t(Msg::FieldEmail)}</label> }
    /// }
    /// ```
    pub fn t(&self, msg: Msg) -> &'static str {
        self.lang.get().text(msg)
    }

    /// A notice in the current language (tracked).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::i18n::{Msg, Notice};
    /// use leptos_cognito::use_i18n;
    ///
    /// #[component]
    /// fn LengthHint() -> impl IntoView {
    ///     let i18n = use_i18n();
    ///     let hint = Notice::new(Msg::RuleLength).arg("n", "12");
    ///     view! { <small>{move || i18n.render(&hint)}</small> }
    /// }
    /// ```
    pub fn render(&self, notice: &Notice) -> String {
        notice.render(self.lang.get())
    }
}

/// The language context. Outside an [`AuthProvider`](crate::AuthProvider)
/// this makes a new one, so a widget still renders.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::use_i18n;
///
/// #[component]
/// fn LangBadge() -> impl IntoView {
///     let i18n = use_i18n();
///     view! { <span class="badge">{move || i18n.lang().code()}</span> }
/// }
/// ```
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(I18n::provide)
}

fn document_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// The language to start in: the remembered choice, else the browser's.
fn first_guess() -> Lang {
    stored_preference().unwrap_or_else(browser_lang)
}

/// The first of `navigator.languages` we have (HTML's "language
/// preferences"), else English.
fn browser_lang() -> Lang {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::En;
    };
    let tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .chain(navigator.language())
        .collect();
    Lang::from_browser_tags(tags.iter().map(String::as_str))
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn stored_preference() -> Option<Lang> {
    Lang::from_code(&local_storage()?.get_item(PREFERENCE_KEY).ok()??)
}

fn store_preference(lang: Lang) {
    if let Some(storage) = local_storage() {
        // Private browsing may refuse; the choice then lasts for this page.
        let _ = storage.set_item(PREFERENCE_KEY, lang.code());
    }
}
