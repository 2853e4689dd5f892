//! The language switcher: the eleven languages of Cognito's managed login.

use crate::i18n::{use_i18n, Lang, Msg};
use leptos::prelude::*;

/// A `<select>` of every language (`lang-select`, each option in its own
/// language with its `lang`), switching every screen; the choice is
/// remembered. A language that is not compiled in shows once its catalogue
/// has arrived. Place it anywhere below an
/// [`AuthProvider`](crate::AuthProvider) or
/// [`Authenticator`](crate::Authenticator).
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{Authenticator, LanguageSwitcher};
///
/// #[component]
/// fn Portal() -> impl IntoView {
///     view! {
///         <Authenticator footer=|| view! { <LanguageSwitcher /> }>
///             <p>"Signed in."</p>
///         </Authenticator>
///     }
/// }
/// ```
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(lang) = Lang::from_code(&event_target_value(&ev)) {
            i18n.set_lang(lang);
        }
    };
    view! {
        <select
            class="lc-lang"
            data-testid="lang-select"
            aria-label=move || i18n.t(Msg::LanguageLabel)
            prop:value=move || i18n.lang().code()
            on:change=on_change
        >
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <option value=lang.code() lang=lang.code() selected=move || i18n.lang() == lang>
                            {lang.native_name()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
