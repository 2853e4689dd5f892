//! The current language as reactive context.

use super::lang::{Lang, LocaleSetting};
use super::msg::Msg;
use super::notice::Notice;
use leptos::prelude::*;

/// Where the user's own choice of language is remembered (per browser).
const PREFERENCE_KEY: &str = "leptos-cognito.lang";

/// The language the screens render in; provided by the
/// [`AuthProvider`](crate::AuthProvider), read with [`use_i18n`].
#[derive(Clone, Copy, Debug)]
pub struct I18n {
    lang: RwSignal<Lang>,
    /// Whether the user picked the language (it then wins over config).
    chosen: RwSignal<bool>,
}

impl I18n {
    /// Creates the context in the current owner, starting from the user's
    /// remembered choice, else the browser's language, and keeps
    /// `<html lang>` in step with it.
    pub(crate) fn provide() -> Self {
        let remembered = stored_preference();
        let i18n = I18n {
            lang: RwSignal::new(remembered.unwrap_or_else(browser_lang)),
            chosen: RwSignal::new(remembered.is_some()),
        };
        provide_context(i18n);
        Effect::new(move |_| {
            let code = i18n.lang.get().code();
            if let Some(root) = document_element() {
                let _ = root.set_attribute("lang", code);
            }
        });
        i18n
    }

    /// Applies `config.json`'s `locale` unless the user already chose.
    pub(crate) fn apply_setting(&self, setting: LocaleSetting) {
        if let LocaleSetting::Fixed(lang) = setting {
            if !self.chosen.get_untracked() {
                self.lang.set(lang);
            }
        }
    }

    /// The current language (tracked).
    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// Switches language and remembers the choice.
    pub fn set_lang(&self, lang: Lang) {
        self.chosen.set(true);
        self.lang.set(lang);
        store_preference(lang);
    }

    /// The text of `msg` in the current language (tracked).
    pub fn t(&self, msg: Msg) -> &'static str {
        self.lang.get().text(msg)
    }

    /// A notice in the current language (tracked).
    pub fn render(&self, notice: &Notice) -> String {
        notice.render(self.lang.get())
    }
}

/// The language context. Outside an [`AuthProvider`](crate::AuthProvider)
/// this makes a new one, so a widget still renders.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(I18n::provide)
}

fn document_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|tag| Lang::from_browser_tag(&tag))
        .unwrap_or(Lang::En)
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
