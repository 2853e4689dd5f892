//! The card every screen sits in: app name, language switcher, title.

use super::language::LanguageSwitcher;
use super::session_info::SessionNotice;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

const DEFAULT_APP_NAME: &str = "Leptos Cognito";

fn app_name() -> String {
    crate::try_use_auth()
        .map(|auth| auth.with_config(|c| c.app_name.clone()))
        .unwrap_or_else(|| DEFAULT_APP_NAME.to_owned())
}

/// `logo` from the config: a same-origin path (checked by the config).
fn logo() -> Option<String> {
    crate::try_use_auth().and_then(|auth| auth.with_config(|c| c.logo.clone()))
}

/// A centred card with the app name, the language switcher and a title;
/// `data-testid="screen-{screen}"` on its root.
#[component]
pub(crate) fn Card(
    /// The screen name in the test id (`login`, `signup`, ...).
    screen: &'static str,
    /// The heading.
    title: Msg,
    /// A wider card, for content such as the token claims.
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    // Any screen replaces the static sign-in card (the sign-in card has
    // taken what was typed in it first).
    crate::shell::dismiss();
    let app_name = app_name();
    let heading_id = format!("lc-{screen}-title");
    let labelled_by = heading_id.clone();
    // The page title is the stand-alone app's to set (its screens are
    // routes); inside a host app (the step flow) the host owns its title.
    // The config-error screen comes before any navigation exists (no Nav):
    // whose page it is cannot be told, so it leaves the title alone.
    let routed = use_context::<crate::nav::Nav>().is_some_and(|nav| nav.is_routed());
    if routed {
        let app_name = app_name.clone();
        Effect::new(move |_| {
            let title = format!("{} – {}", i18n.t(title), app_name);
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                document.set_title(&title);
            }
        });
    }
    view! {
        <main class="lc-page">
            <section
                class=if wide { "lc-card lc-card--wide" } else { "lc-card" }
                data-testid=format!("screen-{screen}")
                aria-labelledby=labelled_by
            >
                <header class="lc-card__header">
                    <span class="lc-card__brand">
                        // Decorative: the name beside it says whose it is.
                        {logo().map(|src| view! { <img class="lc-card__logo" src=src alt="" /> })}
                        {app_name}
                    </span>
                    <LanguageSwitcher />
                </header>
                <h1 class="lc-card__title" id=heading_id>
                    {move || i18n.t(title)}
                </h1>
                {children()}
            </section>
        </main>
    }
}

/// The card shown while the configuration or the session is loading.
#[component]
pub fn LoadingCard() -> impl IntoView {
    // The static sign-in card is on screen until the app's replaces it: a
    // loading card beside it would only push it about.
    if crate::shell::is_showing() {
        return ().into_any();
    }
    let i18n = use_i18n();
    view! {
        <main class="lc-page">
            <section class="lc-card lc-card--loading" aria-busy="true" data-testid="screen-loading">
                <span class="lc-spinner lc-spinner--large" aria-hidden="true"></span>
                <p class="lc-card__loading-text" role="status">
                    {move || i18n.t(Msg::Loading)}
                </p>
                // A stored session restored while the service is out of
                // reach stays loading and is retried: say so. (The card also
                // shows before there is an auth context, while config.json
                // loads.)
                {crate::try_use_auth().map(|_| view! { <SessionNotice /> })}
            </section>
        </main>
    }
    .into_any()
}

/// One row of a `<dl class="lc-details">`: a translated term and its value
/// (`data-testid` on the value); `mono` for identifiers.
#[component]
pub(crate) fn DetailRow(
    term: Msg,
    testid: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(optional)] mono: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="lc-details__row">
            <dt>{move || i18n.t(term)}</dt>
            <dd class=mono.then_some("lc-details__mono") data-testid=testid>
                {move || value.get()}
            </dd>
        </div>
    }
}
