//! The account page's AWS credentials section: temporary credentials from
//! the identity pool for the signed-in user (`identityPoolId`), fetched on
//! arrival and again before they expire. Shows the identity and when the
//! credentials expire; never the secret key or the session token.

use super::form::BusyButton;
use super::session_info::local_time;
use crate::credentials::{CredentialsError, CredentialsState};
use crate::i18n::{use_i18n, Msg, Notice};
use cognito_client::CognitoError;
use leptos::prelude::*;

/// The reason a fetch failed, in the identity pool's own words (as text).
fn failure(error: &CredentialsError) -> Notice {
    let (code, message) = match error {
        CredentialsError::NotConfigured => ("NotConfigured".to_owned(), error.to_string()),
        CredentialsError::NotSignedIn => ("NotSignedIn".to_owned(), error.to_string()),
        CredentialsError::Service(CognitoError::Service { kind, message, .. }) => {
            (format!("{kind:?}"), message.clone())
        }
        CredentialsError::Service(CognitoError::Transport { endpoint, .. }) => {
            ("Unreachable".to_owned(), endpoint.clone())
        }
        CredentialsError::Service(e @ CognitoError::Decode { .. }) => {
            ("UnexpectedAnswer".to_owned(), e.to_string())
        }
    };
    Notice::new(Msg::CredentialsFailed)
        .arg("code", code)
        .arg("message", message)
}

/// `credentials` section, when an identity pool is configured:
/// `credentials-identity-id`, `credentials-expiration` (`data-expires-at`,
/// epoch seconds), `credentials-status` (`data-state` =
/// `idle`/`loading`/`ready`/`failed`) and `credentials-renew`.
#[component]
pub(crate) fn IdentityCredentials() -> impl IntoView {
    let auth = crate::use_auth();
    let i18n = use_i18n();
    if auth.config().identity_pool.is_none() {
        return ().into_any();
    }
    let state = auth.credentials_state();
    let fetch = Action::new_local(move |_: &()| async move {
        let _ = auth.aws_credentials().await;
    });
    fetch.dispatch(());
    let busy = fetch.pending();
    let renew = Callback::new(move |()| {
        if !busy.get_untracked() {
            fetch.dispatch(());
        }
    });
    let state_word = move || match state.get() {
        CredentialsState::Idle => "idle",
        CredentialsState::Loading => "loading",
        CredentialsState::Ready { .. } => "ready",
        CredentialsState::Failed(_) => "failed",
    };
    view! {
        <section
            class="lc-section"
            aria-labelledby="lc-credentials-title"
            data-testid="credentials"
        >
            <h2 class="lc-card__subtitle" id="lc-credentials-title">
                {move || i18n.t(Msg::CredentialsTitle)}
            </h2>
            <p class="lc-card__note">{move || i18n.t(Msg::CredentialsIntro)}</p>
            <div data-testid="credentials-status" data-state=state_word aria-live="polite">
                {move || match state.get() {
                    CredentialsState::Ready { identity_id, expires_at } => {
                        view! {
                            <dl class="lc-details">
                                <div class="lc-details__row">
                                    <dt>{move || i18n.t(Msg::CredentialsIdentityId)}</dt>
                                    <dd class="lc-details__mono" data-testid="credentials-identity-id">
                                        {identity_id}
                                    </dd>
                                </div>
                                <div class="lc-details__row">
                                    <dt>{move || i18n.t(Msg::CredentialsExpire)}</dt>
                                    <dd
                                        data-testid="credentials-expiration"
                                        data-expires-at=expires_at.to_string()
                                    >
                                        {move || local_time(expires_at, i18n.lang())}
                                    </dd>
                                </div>
                            </dl>
                        }
                            .into_any()
                    }
                    CredentialsState::Failed(error) => {
                        let notice = failure(&error);
                        view! {
                            <p class="lc-alert lc-alert--error" role="alert">
                                <span class="lc-alert__text">{move || i18n.render(&notice)}</span>
                            </p>
                        }
                            .into_any()
                    }
                    CredentialsState::Loading | CredentialsState::Idle => {
                        view! {
                            <p class="lc-card__note" role="status">
                                {move || i18n.t(Msg::CredentialsLoading)}
                            </p>
                        }
                            .into_any()
                    }
                }}
            </div>
            <div class="lc-section__actions">
                <BusyButton
                    testid="credentials-renew"
                    label=Msg::CredentialsRenew
                    busy_label=Msg::CredentialsRenewBusy
                    busy=busy
                    on_click=renew
                />
            </div>
        </section>
    }
    .into_any()
}
