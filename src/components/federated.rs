//! Social sign-in on the sign-in and sign-up screens ("or", then one button
//! per identity provider of `oauth.providers`) and the federated identity on
//! the account page.

use super::options::use_flow_options;
use crate::config::{IdentityProvider, SocialProvider};
use crate::federation;
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::use_nav;
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The "or" divider and a `idp-button-<Name>` button per configured
/// provider; nothing without an `oauth` block. A click starts the
/// authorization code flow (the page leaves for the user pool domain),
/// returning to `?returnTo=` when that path is allowed.
///
/// In an `<Authenticator>`, only the providers its `social_providers`
/// names (all by default); the redirect comes back to the page it is on
/// when that page is a `redirectSignIn` URL.
#[component]
pub(crate) fn FederatedSignIn() -> impl IntoView {
    let auth = crate::use_auth();
    let providers = use_flow_options().offered(auth.with_config(|c| {
        c.oauth
            .as_ref()
            .map(|o| o.providers.clone())
            .unwrap_or_default()
    }));
    if providers.is_empty() {
        return ().into_any();
    }
    let i18n = use_i18n();
    // `?returnTo=` is the routed app's; an embedded flow stays on its page.
    let query = use_nav().is_routed().then(use_query_map);
    // The provider being started; the buttons are disabled meanwhile.
    let started = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<Notice>);

    let go = move |name: String| {
        if started.get_untracked().is_some() {
            return;
        }
        let return_to = query.and_then(|q| q.with_untracked(|q| q.get("returnTo")));
        let lang = untrack(|| i18n.lang());
        error.set(None);
        started.set(Some(name.clone()));
        let result = auth.with_config(|c| federation::start(c, &name, return_to.as_deref(), lang));
        if let Err(e) = result {
            started.set(None);
            error.set(Some(e.notice()));
        }
    };

    let buttons = providers
        .into_iter()
        .map(|provider| {
            let name = provider.name.clone();
            let busy = {
                let name = name.clone();
                Memo::new(move |_| started.with(|s| s.as_deref() == Some(name.as_str())))
            };
            let label = button_label(&provider);
            let busy_label =
                Notice::new(Msg::IdpRedirecting).arg("provider", provider.display_name());
            let text = move || {
                if busy.get() {
                    i18n.render(&busy_label)
                } else {
                    match &label {
                        Label::Configured(text) => text.clone(),
                        Label::Message(notice) => i18n.render(notice),
                    }
                }
            };
            let class = move || {
                if busy.get() {
                    "lc-button lc-button--idp lc-button--busy"
                } else {
                    "lc-button lc-button--idp"
                }
            };
            let on_click = {
                let name = name.clone();
                move |_| go(name.clone())
            };
            view! {
                <li>
                    <button
                        type="button"
                        class=class
                        data-testid=format!("idp-button-{name}")
                        data-provider=name.clone()
                        disabled=move || started.with(Option::is_some)
                        aria-busy=move || busy.get().then_some("true")
                        on:click=on_click
                    >
                        <span class="lc-spinner" aria-hidden="true"></span>
                        {provider.social().map(icon)}
                        <span class="lc-button__label">{text}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <div class="lc-federated">
            <p class="lc-divider">
                <span>{move || i18n.t(Msg::IdpDivider)}</span>
            </p>
            <ul class="lc-federated__list">{buttons}</ul>
            <p
                class="lc-federated__error"
                role="alert"
                data-testid="federated-error"
                hidden=move || error.with(Option::is_none)
            >
                {move || error.get().map(|n| i18n.render(&n))}
            </p>
        </div>
    }
    .into_any()
}

/// A button's text: the configured `label` as is, or "Continue with …".
enum Label {
    Configured(String),
    Message(Notice),
}

fn button_label(provider: &IdentityProvider) -> Label {
    match &provider.label {
        Some(text) => Label::Configured(text.clone()),
        None => Label::Message(
            Notice::new(Msg::IdpContinueWith).arg("provider", provider.display_name()),
        ),
    }
}

/// The provider's mark, decorative (the text names the provider); the same
/// markup as the static shell's ([`crate::icons`]).
fn icon(provider: SocialProvider) -> impl IntoView {
    let (view_box, paths) = crate::icons::social(provider);
    view! {
        <svg
            class="lc-idp-icon"
            viewBox=view_box
            aria-hidden="true"
            focusable="false"
            inner_html=paths
        ></svg>
    }
}

/// For a federated user: who they are at the provider (`account-identity`,
/// from the ID token's `identities` claim) and their user name in the pool
/// (`account-username`, `cognito:username`, e.g. `Google_1041…`). Nothing
/// for a password user.
#[component]
pub(crate) fn FederatedIdentityDetails(
    /// The signed-in session.
    session: Session,
) -> impl IntoView {
    let i18n = use_i18n();
    let identities = federation::identities(session.claims());
    if identities.is_empty() {
        return ().into_any();
    }
    let username = session.claim("cognito:username").map(str::to_owned);
    let rows = identities
        .into_iter()
        .map(|identity| {
            let notice = Notice::new(Msg::AccountIdentityValue)
                .arg("provider", identity.provider_name.as_str())
                .arg("user_id", identity.user_id.as_str());
            view! {
                <dd
                    data-testid="account-identity"
                    data-provider=identity.provider_name.clone()
                    data-user-id=identity.user_id.clone()
                >
                    {move || i18n.render(&notice)}
                </dd>
            }
        })
        .collect_view();
    view! {
        <dl class="lc-details lc-details--federated">
            <div class="lc-details__row">
                <dt>{move || i18n.t(Msg::AccountIdentity)}</dt>
                {rows}
            </div>
            {username
                .map(|name| {
                    view! {
                        <div class="lc-details__row">
                            <dt>{move || i18n.t(Msg::AccountUsername)}</dt>
                            <dd class="lc-details__mono" data-testid="account-username">
                                {name}
                            </dd>
                        </div>
                    }
                })}
        </dl>
    }
    .into_any()
}
