//! The account page's session section: that the tokens were verified and
//! by which key, when they expire, how often they were renewed, where they
//! are kept, the user's groups, and signing out of this session only; and
//! the notice shown while renewals cannot get through.

use super::form::BusyButton;
use crate::i18n::{use_i18n, Lang, Msg, Notice};
use crate::nav::use_nav;
use crate::session::lifecycle::SignOutScope;
use crate::session::SessionHealth;
use cognito_client::session::{Store, TokenStorage};
use leptos::prelude::*;

/// `epoch` (seconds) as a time of day in `lang`, by the browser's clock and
/// time zone.
pub(crate) fn local_time(epoch: i64, lang: Lang) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch as f64 * 1000.0));
    String::from(date.to_locale_time_string(lang.code()))
}

/// A non-blocking notice (`session-notice`, `role="status"`) while the
/// session cannot be renewed because the sign-in service is out of reach:
/// the user stays signed in, and is told that it is being tried again.
/// Empty (`data-state="fresh"`) otherwise. Place it anywhere below an
/// [`AuthProvider`](crate::AuthProvider).
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{AuthProvider, SessionNotice};
///
/// #[component]
/// fn Root() -> impl IntoView {
///     view! {
///         <AuthProvider>
///             <SessionNotice />
///             <main>"…your app…"</main>
///         </AuthProvider>
///     }
/// }
/// ```
#[component]
pub fn SessionNotice() -> impl IntoView {
    let auth = crate::use_auth();
    let i18n = use_i18n();
    let health = auth.health();
    let state = move || match health.get() {
        SessionHealth::Fresh => "fresh",
        SessionHealth::Retrying { .. } => "retrying",
    };
    let class = move || match health.get() {
        SessionHealth::Fresh => "lc-alert lc-alert--info lc-alert--empty",
        SessionHealth::Retrying { .. } => "lc-alert lc-alert--info",
    };
    view! {
        <div class=class role="status" aria-live="polite" data-testid="session-notice" data-state=state>
            {move || match health.get() {
                SessionHealth::Fresh => None,
                SessionHealth::Retrying { retry_in_seconds, .. } => {
                    let notice = Notice::new(Msg::SessionRetrying)
                        .arg("seconds", retry_in_seconds.to_string());
                    Some(view! { <p class="lc-alert__text">{move || i18n.render(&notice)}</p> })
                }
            }}
        </div>
    }
}

/// The session section (`session-info`, with `data-refresh-count` and
/// `data-expires-at`): `session-verified` (`data-kid`, `data-access-kid`),
/// `session-expires`, `session-refreshes`, `session-storage`
/// (`data-storage`), `session-groups`, and `sign-out-local`.
#[component]
pub(crate) fn SessionInfo() -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let session = Memo::new(move |_| auth.session());
    let refreshes = auth.refresh_count();
    let policy = auth.config().token_storage;

    let storage_msg = match (policy.storage, policy.placement().refresh_token) {
        (TokenStorage::Memory, _) => Msg::SessionStorageMemory,
        (TokenStorage::Session, _) => Msg::SessionStorageSession,
        (TokenStorage::Local, Store::Local) => Msg::SessionStorageLocalAll,
        (TokenStorage::Local, _) => Msg::SessionStorageLocal,
    };
    let storage_word = match policy.storage {
        TokenStorage::Memory => "memory",
        TokenStorage::Session => "session",
        TokenStorage::Local => "local",
    };

    let sign_out = Action::new_local(move |_: &()| async move {
        auth.sign_out_keeping_state(SignOutScope::Local).await;
        nav.signed_out(Notice::new(Msg::InfoSignedOut));
        auth.set_signed_out();
    });
    let busy = sign_out.pending();
    let on_sign_out = Callback::new(move |()| {
        if !busy.get_untracked() {
            sign_out.dispatch(());
        }
    });

    move || {
        session.get().map(|s| {
            let kid = s.id_token_key_id().to_owned();
            let access_kid = s.access_token_key_id().to_owned();
            let verified = Notice::new(Msg::SessionVerified).arg("kid", kid.as_str());
            let expires_at = s.expires_at();
            let groups = s.groups();
            let groups_text = move || {
                if groups.is_empty() {
                    i18n.t(Msg::SessionNoGroups).to_owned()
                } else {
                    groups.join(", ")
                }
            };
            view! {
                <section
                    class="lc-section"
                    aria-labelledby="lc-session-title"
                    data-testid="session-info"
                    data-refresh-count=move || refreshes.get().to_string()
                    data-expires-at=expires_at.to_string()
                >
                    <h2 class="lc-card__subtitle" id="lc-session-title">
                        {move || i18n.t(Msg::SessionTitle)}
                    </h2>
                    <p
                        class="lc-card__note lc-verified"
                        data-testid="session-verified"
                        data-kid=kid.clone()
                        data-access-kid=access_kid
                    >
                        <span class="lc-verified__mark" aria-hidden="true">"✓ "</span>
                        {move || i18n.render(&verified)}
                    </p>
                    <dl class="lc-details">
                        <div class="lc-details__row">
                            <dt>{move || i18n.t(Msg::SessionExpires)}</dt>
                            <dd data-testid="session-expires">
                                {move || local_time(expires_at, i18n.lang())}
                            </dd>
                        </div>
                        <div class="lc-details__row">
                            <dt>{move || i18n.t(Msg::SessionRefreshes)}</dt>
                            <dd data-testid="session-refreshes">
                                {move || refreshes.get().to_string()}
                            </dd>
                        </div>
                        <div class="lc-details__row">
                            <dt>{move || i18n.t(Msg::SessionStorage)}</dt>
                            <dd data-testid="session-storage" data-storage=storage_word>
                                {move || i18n.t(storage_msg)}
                            </dd>
                        </div>
                        <div class="lc-details__row">
                            <dt>{move || i18n.t(Msg::SessionGroups)}</dt>
                            <dd data-testid="session-groups">{groups_text}</dd>
                        </div>
                    </dl>
                    <div class="lc-section__actions">
                        <BusyButton
                            testid="sign-out-local"
                            label=Msg::SignOutLocal
                            busy_label=Msg::SignOutLocalBusy
                            busy=busy
                            on_click=on_sign_out
                        />
                    </div>
                </section>
            }
        })
    }
}
