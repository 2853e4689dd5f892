//! The account page's protected-API section: the configured `api.whoami`
//! and `api.admin` called with the user's ID token, as an API behind API
//! Gateway's Cognito authorizer takes it, to show that the session works
//! beyond the sign-in service.

use super::form::BusyButton;
use crate::api::{get, read_answer, ApiAnswer, ApiError};
use crate::i18n::{use_i18n, Msg, Notice};
use crate::session::SessionError;
use leptos::prelude::*;

/// One call's outcome, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Waiting,
    Answered(ApiAnswer),
    /// No answer: why, as a message.
    Failed(Notice),
}

fn outcome(result: Result<cognito_client::HttpResponse, ApiError>) -> Outcome {
    match result {
        Ok(response) => Outcome::Answered(read_answer(&response)),
        Err(ApiError::Transport { endpoint, .. }) => {
            Outcome::Failed(Notice::new(Msg::ApiUnreachable).arg("endpoint", endpoint))
        }
        Err(ApiError::Session(SessionError::Unreachable { endpoint })) => {
            Outcome::Failed(Notice::new(Msg::ErrTransport).arg("endpoint", endpoint))
        }
        Err(ApiError::Session(SessionError::NotSignedIn)) => {
            Outcome::Failed(Notice::new(Msg::InfoSessionEnded))
        }
    }
}

fn failed_notice(status: u16, message: &str) -> Notice {
    Notice::new(Msg::ApiFailed)
        .arg("status", status.to_string())
        .arg("message", message)
}

/// `sample-api` section, when `api.whoami` or `api.admin` is configured:
/// `whoami-result` (`data-status`: the HTTP status, or `error`) with
/// `whoami-username` and `whoami-groups`; `admin-api-result` with
/// `data-allowed="true"`/`"false"` once answered; `api-call`.
#[component]
pub(crate) fn SampleApi() -> impl IntoView {
    let auth = crate::use_auth();
    let i18n = use_i18n();
    let api = auth.config().api;
    if api.whoami.is_none() && api.admin.is_none() {
        return ().into_any();
    }
    let whoami = RwSignal::new(Outcome::Waiting);
    let admin = RwSignal::new(Outcome::Waiting);
    let urls = StoredValue::new((api.whoami.clone(), api.admin.clone()));
    let call = Action::new_local(move |_: &()| async move {
        let (whoami_url, admin_url) = urls.get_value();
        if let Some(url) = whoami_url {
            whoami.set(Outcome::Waiting);
            whoami.set(outcome(auth.authorized_fetch(get(&url), false).await));
        }
        if let Some(url) = admin_url {
            admin.set(Outcome::Waiting);
            admin.set(outcome(auth.authorized_fetch(get(&url), false).await));
        }
    });
    call.dispatch(());
    let busy = call.pending();
    let again = Callback::new(move |()| {
        if !busy.get_untracked() {
            call.dispatch(());
        }
    });

    let whoami_status = move || match whoami.get() {
        Outcome::Waiting => "waiting".to_owned(),
        Outcome::Answered(ApiAnswer::Allowed(_)) => "200".to_owned(),
        Outcome::Answered(ApiAnswer::Denied) => "403".to_owned(),
        Outcome::Answered(ApiAnswer::Failed { status, .. }) => status.to_string(),
        Outcome::Failed(_) => "error".to_owned(),
    };
    let admin_allowed = move || match admin.get() {
        Outcome::Answered(ApiAnswer::Allowed(_)) => Some("true"),
        Outcome::Answered(ApiAnswer::Denied) => Some("false"),
        _ => None,
    };
    let show_problem = move |o: Outcome| match o {
        Outcome::Answered(ApiAnswer::Failed { status, message }) => {
            let n = failed_notice(status, &message);
            Some(
                view! { <span class="lc-api__problem">{move || i18n.render(&n)}</span> }.into_any(),
            )
        }
        Outcome::Failed(n) => Some(
            view! { <span class="lc-api__problem">{move || i18n.render(&n)}</span> }.into_any(),
        ),
        Outcome::Waiting => {
            Some(view! { <span>{move || i18n.t(Msg::ApiLoading)}</span> }.into_any())
        }
        _ => None,
    };

    view! {
        <section class="lc-section" aria-labelledby="lc-api-title" data-testid="sample-api">
            <h2 class="lc-card__subtitle" id="lc-api-title">
                {move || i18n.t(Msg::ApiTitle)}
            </h2>
            <p class="lc-card__note">{move || i18n.t(Msg::ApiIntro)}</p>
            <dl class="lc-details">
                {api
                    .whoami
                    .is_some()
                    .then(|| {
                        view! {
                            <div class="lc-details__row">
                                <dt>{move || i18n.t(Msg::ApiWhoami)}</dt>
                                <dd data-testid="whoami-result" data-status=whoami_status aria-live="polite">
                                    {move || match whoami.get() {
                                        Outcome::Answered(ApiAnswer::Allowed(me)) => {
                                            let groups = if me.groups.is_empty() {
                                                i18n.t(Msg::SessionNoGroups).to_owned()
                                            } else {
                                                me.groups.join(", ")
                                            };
                                            view! {
                                                <span class="lc-details__mono" data-testid="whoami-username">
                                                    {me.username}
                                                </span>
                                                " · "
                                                <span data-testid="whoami-groups">{groups}</span>
                                            }
                                                .into_any()
                                        }
                                        other => show_problem(other).into_any(),
                                    }}
                                </dd>
                            </div>
                        }
                    })}
                {api
                    .admin
                    .is_some()
                    .then(|| {
                        view! {
                            <div class="lc-details__row">
                                <dt>{move || i18n.t(Msg::ApiAdmin)}</dt>
                                <dd
                                    data-testid="admin-api-result"
                                    data-allowed=admin_allowed
                                    class=move || match admin_allowed() {
                                        Some("true") => "lc-status lc-status--on",
                                        _ => "lc-status",
                                    }
                                    aria-live="polite"
                                >
                                    {move || match admin.get() {
                                        Outcome::Answered(ApiAnswer::Allowed(_)) => {
                                            view! { <span>{move || i18n.t(Msg::ApiAllowed)}</span> }
                                                .into_any()
                                        }
                                        Outcome::Answered(ApiAnswer::Denied) => {
                                            view! { <span>{move || i18n.t(Msg::ApiDenied)}</span> }
                                                .into_any()
                                        }
                                        other => show_problem(other).into_any(),
                                    }}
                                </dd>
                            </div>
                        }
                    })}
            </dl>
            <div class="lc-section__actions">
                <BusyButton
                    testid="api-call"
                    label=Msg::ApiCall
                    busy_label=Msg::ApiCallBusy
                    busy=busy
                    on_click=again
                />
            </div>
        </section>
    }
    .into_any()
}
