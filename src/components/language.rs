//! English / 日本語.

use crate::i18n::{use_i18n, Lang, Msg};
use leptos::prelude::*;

/// Buttons that switch the language of every screen; the choice is remembered.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lc-lang" role="group" aria-label=move || i18n.t(Msg::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            class="lc-lang__option"
                            lang=lang.code()
                            data-testid=format!("lang-{}", lang.code())
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| i18n.set_lang(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
