//! What a deployer sees when `config.json` is missing or wrong.

use super::layout::Card;
use crate::config::ConfigProblem;
use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// The config-error screen (`screen-config-error`): every problem, one
/// `<li>` each, in `config-problems`.
#[component]
pub fn ConfigErrorScreen(
    /// What is wrong.
    problems: Vec<ConfigProblem>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = problems
        .into_iter()
        .map(|problem| {
            let notice = problem.notice();
            view! { <li class="lc-problems__item">{move || i18n.render(&notice)}</li> }
        })
        .collect_view();
    view! {
        <Card screen="config-error" title=Msg::ConfigErrorTitle wide=true>
            <div
                class="lc-alert lc-alert--error"
                role="alert"
                aria-live="assertive"
                data-testid="form-error"
            >
                <p class="lc-alert__text">{move || i18n.t(Msg::ConfigErrorIntro)}</p>
            </div>
            <div class="lc-alert lc-alert--info lc-alert--empty" aria-live="polite" data-testid="form-info"></div>
            <ul class="lc-problems" data-testid="config-problems">
                {items}
            </ul>
            <button
                type="button"
                class="lc-button lc-button--secondary"
                on:click=move |_| {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().reload();
                    }
                }
            >
                {move || i18n.t(Msg::ConfigErrorReload)}
            </button>
        </Card>
    }
}
