//! The local emulator's mailbox, linked from the screens that wait for a
//! code, when the user pool endpoint is the emulator.

use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// "Open the local mailbox" (`mailbox-link`, a new tab), with a hint; shown
/// only when the configured endpoint is the local emulator.
#[component]
pub(crate) fn MailboxLink() -> impl IntoView {
    let i18n = use_i18n();
    let mailbox = crate::use_auth().with_config(|c| c.mailbox_url());
    mailbox.map(|href| {
        view! {
            <aside class="lc-mailbox">
                <p class="lc-mailbox__hint">{move || i18n.t(Msg::ConfirmMailboxHint)}</p>
                <a
                    class="lc-link lc-mailbox__link"
                    href=href
                    target="_blank"
                    rel="noopener noreferrer"
                    data-testid="mailbox-link"
                >
                    {move || i18n.t(Msg::ConfirmMailbox)}
                    <span class="lc-visually-hidden">
                        {move || format!(" {}", i18n.t(Msg::OpensInNewTab))}
                    </span>
                </a>
            </aside>
        }
    })
}
