//! Social sign-in on the sign-in and sign-up screens ("or", then one button
//! per identity provider of `oauth.providers`) and the federated identity on
//! the account page.

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
/// Only in the routed app: the callback comes back to a route.
#[component]
pub(crate) fn FederatedSignIn() -> impl IntoView {
    let auth = crate::use_auth();
    let providers = auth.with_config(|c| {
        c.oauth
            .as_ref()
            .map(|o| o.providers.clone())
            .unwrap_or_default()
    });
    if providers.is_empty() || !use_nav().is_routed() {
        return ().into_any();
    }
    let i18n = use_i18n();
    let query = use_query_map();
    // The provider being started; the buttons are disabled meanwhile.
    let started = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<Notice>);

    let go = move |name: String| {
        if started.get_untracked().is_some() {
            return;
        }
        let return_to = query.with_untracked(|q| q.get("returnTo"));
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

/// The provider's mark, decorative (the text names the provider).
fn icon(provider: SocialProvider) -> impl IntoView {
    match provider {
        SocialProvider::Google => view! {
            <svg class="lc-idp-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
                <path
                    fill="#EA4335"
                    d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z"
                ></path>
                <path
                    fill="#4285F4"
                    d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z"
                ></path>
                <path
                    fill="#FBBC05"
                    d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z"
                ></path>
                <path
                    fill="#34A853"
                    d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z"
                ></path>
            </svg>
        }
        .into_any(),
        SocialProvider::Facebook => view! {
            <svg class="lc-idp-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path
                    fill="#1877F2"
                    d="M24 12.07C24 5.41 18.63 0 12 0S0 5.4 0 12.07C0 18.1 4.39 23.1 10.13 24v-8.44H7.08v-3.49h3.04V9.41c0-3.02 1.8-4.7 4.54-4.7 1.31 0 2.68.24 2.68.24v2.97h-1.5c-1.5 0-1.96.93-1.96 1.89v2.26h3.32l-.53 3.5h-2.8V24C19.62 23.1 24 18.1 24 12.07"
                ></path>
            </svg>
        }
        .into_any(),
        SocialProvider::SignInWithApple => view! {
            <svg class="lc-idp-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path
                    fill="currentColor"
                    d="M12.152 6.896c-.948 0-2.415-1.078-3.96-1.04-2.04.027-3.91 1.183-4.961 3.014-2.117 3.675-.546 9.103 1.519 12.09 1.013 1.454 2.208 3.09 3.792 3.039 1.52-.065 2.09-.987 3.935-.987 1.831 0 2.35.987 3.96.948 1.637-.026 2.676-1.48 3.676-2.948 1.156-1.688 1.636-3.325 1.662-3.415-.039-.013-3.182-1.221-3.22-4.857-.026-3.04 2.48-4.494 2.597-4.559-1.429-2.09-3.623-2.324-4.39-2.376-2-.156-3.675 1.09-4.61 1.09zM15.53 3.83c.843-1.012 1.4-2.427 1.245-3.83-1.207.052-2.662.805-3.532 1.818-.78.896-1.454 2.338-1.273 3.714 1.338.104 2.715-.688 3.559-1.701"
                ></path>
            </svg>
        }
        .into_any(),
        SocialProvider::LoginWithAmazon => view! {
            <svg class="lc-idp-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path
                    fill="none"
                    stroke="#FF9900"
                    stroke-width="2"
                    stroke-linecap="round"
                    d="M3 10.5c5.5 3.6 12.5 3.6 17 .6M17.5 9.5l2.7 1.4-.9 2.9"
                ></path>
            </svg>
        }
        .into_any(),
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
