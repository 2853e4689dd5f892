//! Any address that is not a screen.

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::NavLink;
use super::layout::Card;
use crate::i18n::{use_i18n, Msg};
use crate::nav::Screen;
use leptos::prelude::*;

/// The not-found screen (`screen-not-found`), with a link home (`to-home`).
#[component]
pub fn NotFoundScreen() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Card screen="not-found" title=Msg::NotFoundTitle>
            <InfoRegion info=RwSignal::new(None) />
            <ErrorRegion error=RwSignal::new(None) />
            <p class="lc-card__intro">{move || i18n.t(Msg::NotFoundBody)}</p>
            <p class="lc-card__footer">
                <NavLink testid="to-home" to=Screen::Home label=Msg::NotFoundHome />
            </p>
        </Card>
    }
}
