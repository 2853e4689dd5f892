//! The redirect back from the user pool domain (the routed app's
//! `/callback`, or a step of an `<Authenticator>` on a `redirectSignIn`
//! page): the authorization code is exchanged for tokens at most once, then
//! the user goes on to the allowed return path (routed) or sees what the
//! host put inside (steps). Every decision is the protocol core's (see
//! [`crate::federation`]); this screen shows the outcome.

use super::alerts::{ErrorRegion, InfoRegion};
use super::form::NavLink;
use super::layout::Card;
use crate::auth::AuthState;
use crate::errors::Alert;
use crate::federation::{self, CallbackPlan};
use crate::i18n::{use_i18n, Msg, Notice};
use crate::nav::{use_nav, Screen};
use cognito_client::session::SignInMethod;
use leptos::prelude::*;

/// What the card shows below the message regions.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// Waiting for the session to be restored, or for the token endpoint.
    Working,
    /// Finished without signing in: Cognito's own words (as text) if any,
    /// and the way back to sign-in.
    Stopped { detail: Option<String> },
}

/// The callback screen (`screen-callback`): `callback-working` while the
/// code is exchanged; on failure the message in `form-error` (or, for a
/// used or expired link, calmly in `form-info`), `callback-detail` with the
/// service's description, and `to-login`.
#[component]
pub fn CallbackScreen() -> impl IntoView {
    let auth = crate::use_auth();
    let i18n = use_i18n();
    // Signed in: the routed app goes on to the return path; the steps of an
    // `<Authenticator>` show what the host put inside, and are back on the
    // sign-in step should the user be signed out later.
    let nav = use_nav();
    // First thing: the code and state leave the address bar and history.
    let query = federation::take_callback_query();
    // The matching attempt leaves this tab's storage now, so this callback
    // can be exchanged at most once — also after a reload or Back.
    let step = auth.with_config(|c| federation::consume_callback(c, &query));
    let phase = RwSignal::new(Phase::Working);
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(None::<Notice>);
    let go = move |path: String| nav.signed_in_from_callback(&path);
    let stop = move |plan: CallbackPlan| match plan {
        CallbackPlan::Failed(failure) => {
            error.set(Some(Alert::new(failure.notice)));
            phase.set(Phase::Stopped {
                detail: failure.detail,
            });
        }
        _ => {
            info.set(Some(Notice::new(Msg::CallbackStale)));
            phase.set(Phase::Stopped { detail: None });
        }
    };

    // Once the stored session is known (a reload after success finds one),
    // act on the step, exactly once.
    let mut pending = Some(step);
    Effect::new(move |_| {
        let Some(has_session) = auth.state().with(AuthState::signed_in) else {
            return;
        };
        let Some(step) = pending.take() else {
            return;
        };
        match federation::plan(step, has_session) {
            CallbackPlan::Exchange {
                token_request,
                attempt,
            } => {
                leptos::task::spawn_local(async move {
                    let config = auth.config();
                    match federation::exchange(&config, token_request, &attempt).await {
                        Ok((tokens, path)) => {
                            match auth.set_signed_in_with(tokens, SignInMethod::HostedUi) {
                                Ok(()) => go(path),
                                Err(_) => stop(CallbackPlan::Failed(federation::CallbackFailure {
                                    notice: Notice::new(Msg::ErrSessionUnreadable),
                                    detail: None,
                                })),
                            }
                        }
                        Err(e) => stop(federation::exchange_failure(&e)),
                    }
                });
            }
            CallbackPlan::Continue(path) => go(path),
            plan => stop(plan),
        }
    });

    view! {
        <Card screen="callback" title=Msg::CallbackTitle>
            <InfoRegion info />
            <ErrorRegion error />
            {move || match phase.get() {
                Phase::Working => {
                    view! {
                        <p class="lc-callback__working" role="status" data-testid="callback-working">
                            <span class="lc-spinner" aria-hidden="true"></span>
                            {move || i18n.t(Msg::CallbackWorking)}
                        </p>
                    }
                        .into_any()
                }
                Phase::Stopped { detail } => {
                    view! {
                        {detail
                            .map(|detail| {
                                let notice = Notice::new(Msg::CallbackDetail).arg("detail", detail);
                                view! {
                                    <p class="lc-card__note" data-testid="callback-detail">
                                        {move || i18n.render(&notice)}
                                    </p>
                                }
                            })}
                        <p class="lc-card__footer">
                            <NavLink testid="to-login" to=Screen::login("") label=Msg::BackToLogin />
                        </p>
                    }
                        .into_any()
                }
            }}
        </Card>
    }
}
