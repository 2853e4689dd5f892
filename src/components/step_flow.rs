//! The sign-in screens driven by a step signal instead of routes: the body
//! of [`Authenticator`](crate::Authenticator) and the inline sign-in of
//! [`RequireAuth`](crate::RequireAuth).

use super::options::FlowOptions;
use super::{
    AccountScreen, CallbackScreen, ConfirmScreen, ForgotPasswordScreen, LoadingCard, LoginScreen,
    ResetPasswordScreen, SignUpScreen,
};
use crate::auth::{use_auth, AuthContext, AuthState};
use crate::i18n::Notice;
use crate::nav::{Nav, Screen};
use crate::session::Session;
use leptos::prelude::*;

/// What the flow shows: the auth state without its session, so a token
/// renewal does not re-render it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Phase {
    /// The stored session is being restored, or a sign-in's tokens verified.
    Loading,
    /// The sign-in steps.
    SignedOut,
    /// What a signed-in user sees.
    SignedIn,
}

impl Phase {
    pub(crate) fn of(state: &AuthState) -> Phase {
        match state.signed_in() {
            None => Phase::Loading,
            Some(false) => Phase::SignedOut,
            Some(true) => Phase::SignedIn,
        }
    }
}

/// What the host of an [`Authenticator`](crate::Authenticator) is told, and
/// draws around the sign-in steps.
#[derive(Clone, Default)]
pub(crate) struct FlowHooks {
    pub on_signed_in: Option<Callback<Session>>,
    pub on_signed_out: Option<Callback<()>>,
    pub on_error: Option<Callback<Notice>>,
    pub header: Option<ViewFn>,
    pub footer: Option<ViewFn>,
    pub sign_up_validator: Option<Callback<(String, String), Option<String>>>,
    pub return_to: Option<String>,
}

/// A change between signed in and signed out, as the host hears of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transition {
    SignedIn,
    SignedOut,
}

/// From the last settled phase (`None` before the first) and the phase
/// now: the settled phase to keep, and the transition to report. `Loading`
/// settles nothing (a new sign-in's tokens are verified in it). The first
/// settled phase is where the flow starts — a restored session, or the
/// state an enclosing provider already had — not a transition.
fn settle(settled: Option<Phase>, now: Phase) -> (Option<Phase>, Option<Transition>) {
    let transition = match (settled, now) {
        (_, Phase::Loading) => return (settled, None),
        (Some(Phase::SignedOut), Phase::SignedIn) => Some(Transition::SignedIn),
        (Some(Phase::SignedIn), Phase::SignedOut) => Some(Transition::SignedOut),
        _ => None,
    };
    (Some(now), transition)
}

/// Runs the host's callbacks once per transition of `phase`.
fn tell_the_host(
    auth: AuthContext,
    phase: Memo<Phase>,
    on_signed_in: Option<Callback<Session>>,
    on_signed_out: Option<Callback<()>>,
    return_to: Option<String>,
) {
    if on_signed_in.is_none() && on_signed_out.is_none() && return_to.is_none() {
        return;
    }
    Effect::new(move |settled: Option<Option<Phase>>| {
        let (settled, transition) = settle(settled.flatten(), phase.get());
        // The host's code reads what it likes without subscribing this effect.
        untrack(|| match transition {
            Some(Transition::SignedIn) => {
                if let (Some(callback), Some(session)) = (on_signed_in, auth.session()) {
                    callback.try_run(session);
                }
                if let Some(path) = &return_to {
                    go_to(path);
                }
            }
            Some(Transition::SignedOut) => {
                if let Some(callback) = on_signed_out {
                    callback.try_run(());
                }
            }
            None => {}
        });
        settled
    });
}

/// Goes to `path` of this site without a page load: the history entry,
/// then the `popstate` a router (`leptos_router`'s among them) follows.
fn go_to(path: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let moved = window.history().and_then(|history| {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
    });
    if moved.is_ok() {
        if let Ok(event) = web_sys::Event::new("popstate") {
            let _ = window.dispatch_event(&event);
        }
    }
}

/// The loading card while the session restores; the sign-in steps
/// (between `hooks.header` and `hooks.footer`) when signed out; `children`,
/// or without them the account screen, when signed in.
#[component]
pub(crate) fn StepFlow(
    children: Option<ChildrenFn>,
    #[prop(optional)] options: FlowOptions,
    #[prop(optional)] hooks: FlowHooks,
) -> impl IntoView {
    let auth = use_auth();
    // Where this page is the redirect URI of social sign-in, the redirect
    // back is finished here first (as Amplify's Authenticator does).
    let first = if auth.with_config(crate::federation::is_callback_here) {
        Screen::Callback
    } else {
        options.first_screen()
    };
    let step = RwSignal::new(first);
    Nav::provide_steps(step);
    let allows = {
        let options = options.clone();
        move |screen: &Screen| options.allows(screen)
    };
    provide_context(options);
    // Re-render on a change of phase only, not on every token renewal.
    let phase = Memo::new(move |_| auth.state().with(Phase::of));
    let FlowHooks {
        on_signed_in,
        on_signed_out,
        on_error,
        header,
        footer,
        sign_up_validator,
        return_to,
    } = hooks;
    if let Some(on_error) = on_error {
        provide_context(super::options::ErrorHook(on_error));
    }
    if let Some(validator) = sign_up_validator {
        provide_context(super::options::SignUpValidator(validator));
    }
    tell_the_host(auth, phase, on_signed_in, on_signed_out, return_to);

    let steps = move || match step.get() {
        screen if !allows(&screen) => view! { <LoginScreen /> }.into_any(),
        Screen::SignUp => view! { <SignUpScreen /> }.into_any(),
        Screen::Confirm { username } => view! { <ConfirmScreen username /> }.into_any(),
        Screen::ForgotPassword { username } => {
            view! { <ForgotPasswordScreen username /> }.into_any()
        }
        Screen::ResetPassword { username } => view! { <ResetPasswordScreen username /> }.into_any(),
        Screen::Login { username } => view! { <LoginScreen username /> }.into_any(),
        Screen::Account | Screen::Home => view! { <LoginScreen /> }.into_any(),
        Screen::Callback => view! { <CallbackScreen /> }.into_any(),
    };
    move || match phase.get() {
        Phase::Loading => view! { <LoadingCard /> }.into_any(),
        Phase::SignedIn => match &children {
            Some(children) => children().into_any(),
            None => view! { <AccountScreen /> }.into_any(),
        },
        Phase::SignedOut => {
            let header = header.as_ref().map(|header| {
                view! {
                    <div class="lc-authenticator__header" data-testid="authenticator-header">
                        {header.run()}
                    </div>
                }
            });
            let footer = footer.as_ref().map(|footer| {
                view! {
                    <div class="lc-authenticator__footer" data-testid="authenticator-footer">
                        {footer.run()}
                    </div>
                }
            });
            view! { {header} {steps.clone()} {footer} }.into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `settle` over `phases` from nothing settled; the transitions.
    fn transitions(phases: &[Phase]) -> Vec<Transition> {
        let mut settled = None;
        let mut seen = Vec::new();
        for &phase in phases {
            let (next, transition) = settle(settled, phase);
            settled = next;
            seen.extend(transition);
        }
        seen
    }

    use Phase::{Loading, SignedIn, SignedOut};

    #[test]
    fn a_restored_session_is_not_a_sign_in() {
        assert_eq!(transitions(&[Loading, SignedIn]), []);
        assert_eq!(transitions(&[SignedIn]), []);
        assert_eq!(transitions(&[Loading, SignedOut]), []);
    }

    #[test]
    fn each_change_is_reported_once() {
        assert_eq!(
            transitions(&[
                Loading, SignedOut, // restored: nobody
                Loading, SignedIn, // a sign-in, tokens verified in Loading
                SignedIn, // a renewal
                SignedOut, Loading, SignedOut, // signed out; a refused sign-in
                Loading, SignedIn,
            ]),
            [
                Transition::SignedIn,
                Transition::SignedOut,
                Transition::SignedIn
            ]
        );
    }
}
