//! What an embedding app chooses about the sign-in steps
//! ([`Authenticator`](crate::Authenticator)'s props), handed down to the
//! screens as context. The routed demo app provides none and gets the
//! defaults: today's screens.

use crate::config::{IdentityProvider, SignUpField};
use crate::i18n::Notice;
use crate::nav::Screen;
use leptos::prelude::*;

/// The screen a signed-out visitor of an
/// [`Authenticator`](crate::Authenticator) sees first (Amplify UI's
/// `initialState`). Sign-in by default.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{Authenticator, InitialScreen};
///
/// #[component]
/// fn Join() -> impl IntoView {
///     view! { <Authenticator initial_screen=InitialScreen::SignUp /> }
/// }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InitialScreen {
    /// Email and password (`screen-login`), like the hosted UI's `/login`.
    #[default]
    SignIn,
    /// Creating an account (`screen-signup`), like the hosted UI's `/signup`.
    SignUp,
}

/// The options of the step-driven flow, provided as context by
/// [`StepFlow`](super::StepFlow) and read by the screens they concern.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FlowOptions {
    /// The first step when signed out.
    pub initial_screen: InitialScreen,
    /// No sign-up link and no sign-up step.
    pub hide_sign_up: bool,
    /// The sign-up form's fields after the username, instead of the
    /// config's `signUpAttributes`.
    pub sign_up_fields: Option<Vec<SignUpField>>,
    /// The `oauth.providers` to offer, by name (all of them by default).
    pub social_providers: Option<Vec<String>>,
}

impl FlowOptions {
    /// The step a signed-out visitor starts on: sign-in when sign-up is
    /// hidden, whatever `initial_screen` says.
    pub(crate) fn first_screen(&self) -> Screen {
        match self.initial_screen {
            InitialScreen::SignUp if !self.hide_sign_up => Screen::SignUp,
            _ => Screen::login(""),
        }
    }

    /// Whether the flow may show `screen` (not sign-up when it is hidden).
    pub(crate) fn allows(&self, screen: &Screen) -> bool {
        !(self.hide_sign_up && *screen == Screen::SignUp)
    }

    /// The configured providers to show as buttons, in the configuration's
    /// order (`oauth.providers` decides the order and the labels). A name
    /// that is not configured is ignored: there is no button to make for it.
    pub(crate) fn offered(&self, configured: Vec<IdentityProvider>) -> Vec<IdentityProvider> {
        match &self.social_providers {
            None => configured,
            Some(wanted) => configured
                .into_iter()
                .filter(|p| wanted.contains(&p.name))
                .collect(),
        }
    }
}

/// The host's own check of each sign-up value of an
/// [`Authenticator`](crate::Authenticator) (`sign_up_validator`): given the
/// attribute's name and the value, the problem to show, if any.
#[derive(Clone, Copy)]
pub(crate) struct SignUpValidator(pub Callback<(String, String), Option<String>>);

/// The host's `on_error` of an [`Authenticator`](crate::Authenticator):
/// every error region of the flow tells it each error it shows.
#[derive(Clone, Copy)]
pub(crate) struct ErrorHook(pub Callback<Notice>);

/// The options of the surrounding flow; the defaults outside one (the
/// routed app).
pub(crate) fn use_flow_options() -> FlowOptions {
    use_context::<FlowOptions>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(name: &str) -> IdentityProvider {
        IdentityProvider {
            name: name.to_owned(),
            label: None,
        }
    }

    fn names(providers: &[IdentityProvider]) -> Vec<&str> {
        providers.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn social_providers_filter_in_the_configured_order() {
        let configured = || {
            vec![
                provider("Google"),
                provider("Corporate"),
                provider("Facebook"),
            ]
        };
        let all = FlowOptions::default();
        assert_eq!(
            names(&all.offered(configured())),
            ["Google", "Corporate", "Facebook"]
        );

        let some = FlowOptions {
            // Asked for in another order, with one the pool does not have
            // and one in the wrong case (provider names are case-sensitive).
            social_providers: Some(vec![
                "Facebook".into(),
                "Okta".into(),
                "google".into(),
                "Google".into(),
            ]),
            ..FlowOptions::default()
        };
        assert_eq!(names(&some.offered(configured())), ["Google", "Facebook"]);

        let none = FlowOptions {
            social_providers: Some(Vec::new()),
            ..FlowOptions::default()
        };
        assert!(none.offered(configured()).is_empty());
    }

    #[test]
    fn hidden_sign_up_is_never_a_step() {
        let sign_up_first = FlowOptions {
            initial_screen: InitialScreen::SignUp,
            ..FlowOptions::default()
        };
        assert_eq!(sign_up_first.first_screen(), Screen::SignUp);
        assert!(sign_up_first.allows(&Screen::SignUp));
        assert_eq!(FlowOptions::default().first_screen(), Screen::login(""));

        let hidden = FlowOptions {
            hide_sign_up: true,
            ..sign_up_first
        };
        assert_eq!(hidden.first_screen(), Screen::login(""));
        assert!(!hidden.allows(&Screen::SignUp));
        assert!(hidden.allows(&Screen::login("")));
        assert!(hidden.allows(&Screen::confirm("a@example.jp")));
    }
}
