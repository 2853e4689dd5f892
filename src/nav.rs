//! Moving between screens, the same way whether the screens are routes
//! (the demo app, `/login`, `/confirm?username=…`) or steps inside an
//! embedded [`Authenticator`](crate::Authenticator).

use crate::auth::use_auth;
use crate::flash::{Flash, ScreenKind};
use crate::i18n::Notice;
use leptos::prelude::*;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::rc::Rc;

/// A screen of the flow, with what it starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Screen {
    Login {
        username: String,
    },
    SignUp,
    Confirm {
        username: String,
    },
    /// "Forgot your password?": asks for the email.
    ForgotPassword {
        username: String,
    },
    /// The code and a new password (`ConfirmForgotPassword`).
    ResetPassword {
        username: String,
    },
    Account,
    Home,
    /// The redirect back from the user pool domain, finished in place.
    Callback,
}

impl Screen {
    pub(crate) fn login(username: impl Into<String>) -> Self {
        Screen::Login {
            username: username.into(),
        }
    }

    pub(crate) fn confirm(username: impl Into<String>) -> Self {
        Screen::Confirm {
            username: username.into(),
        }
    }

    pub(crate) fn forgot_password(username: impl Into<String>) -> Self {
        Screen::ForgotPassword {
            username: username.into(),
        }
    }

    pub(crate) fn reset_password(username: impl Into<String>) -> Self {
        Screen::ResetPassword {
            username: username.into(),
        }
    }

    pub(crate) fn kind(&self) -> ScreenKind {
        match self {
            Screen::Login { .. } => ScreenKind::Login,
            Screen::SignUp => ScreenKind::SignUp,
            Screen::Confirm { .. } => ScreenKind::Confirm,
            Screen::ForgotPassword { .. } => ScreenKind::ForgotPassword,
            Screen::ResetPassword { .. } => ScreenKind::ResetPassword,
            Screen::Account => ScreenKind::Account,
            Screen::Home => ScreenKind::Home,
            Screen::Callback => ScreenKind::Callback,
        }
    }

    /// The route of this screen in the demo app (the DOM contract's routes).
    pub(crate) fn path(&self) -> String {
        let with_username = |base: &str, username: &str| {
            if username.is_empty() {
                base.to_owned()
            } else {
                format!("{base}?username={}", encode_query_value(username))
            }
        };
        match self {
            Screen::Login { username } => with_username("/login", username),
            Screen::SignUp => "/signup".into(),
            Screen::Confirm { username } => with_username("/confirm", username),
            Screen::ForgotPassword { username } => with_username("/forgot-password", username),
            Screen::ResetPassword { username } => with_username("/reset-password", username),
            Screen::Account => "/account".into(),
            Screen::Home => "/".into(),
            Screen::Callback => crate::config::CALLBACK_PATH.into(),
        }
    }
}

/// What a query value keeps as is: RFC 3986's unreserved characters and
/// `@` (allowed in a query, §3.4, and easier to read in an email). `+` is
/// encoded: form decoding would turn it into a space.
const QUERY_VALUE_KEEPS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Percent-encodes a query value (RFC 3986 §3.4, upper-case hex).
pub(crate) fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE_KEEPS).to_string()
}

type GoFn = Rc<dyn Fn(&Screen)>;
/// To a path; `true`: replacing the current history entry.
type PathFn = Rc<dyn Fn(&str, bool)>;

/// How the screens move on: provided by the routed app or the step-driven
/// [`Authenticator`](crate::Authenticator).
#[derive(Clone, Copy)]
pub(crate) struct Nav {
    go: StoredValue<GoFn, LocalStorage>,
    /// To any path of the app: routed only.
    to_path: StoredValue<Option<PathFn>, LocalStorage>,
    routed: bool,
    /// The auth context's notice for the next screen.
    flash: Flash,
}

impl Nav {
    /// Navigation by route; call inside a `<Router>`.
    pub(crate) fn provide_routed() -> Self {
        let navigate = leptos_router::hooks::use_navigate();
        let to_path: PathFn = Rc::new(move |path: &str, replace: bool| {
            navigate(
                path,
                leptos_router::NavigateOptions {
                    replace,
                    ..Default::default()
                },
            )
        });
        let nav = Nav {
            go: StoredValue::new_local({
                let to_path = Rc::clone(&to_path);
                Rc::new(move |screen: &Screen| to_path(&screen.path(), false)) as GoFn
            }),
            to_path: StoredValue::new_local(Some(to_path)),
            routed: true,
            flash: use_auth().flash(),
        };
        provide_context(nav);
        nav
    }

    /// Navigation by setting the current step.
    pub(crate) fn provide_steps(step: RwSignal<Screen>) -> Self {
        let nav = Nav {
            go: StoredValue::new_local(
                Rc::new(move |screen: &Screen| step.set(screen.clone())) as GoFn
            ),
            to_path: StoredValue::new_local(None),
            routed: false,
            flash: use_auth().flash(),
        };
        provide_context(nav);
        nav
    }

    /// Whether the screens are routes (the demo app), where the query
    /// (`?returnTo=`) is the app's own.
    pub(crate) fn is_routed(&self) -> bool {
        self.routed
    }

    /// Goes to `screen`.
    pub(crate) fn go(&self, screen: Screen) {
        self.flash.clear();
        self.navigate(&screen);
    }

    /// After sign-in: to `path` in the routed app (a return path the caller
    /// has checked against the allow-list); the step flow shows what a
    /// signed-in user sees.
    pub(crate) fn signed_in(&self, path: &str) {
        self.signed_in_to(path, false);
    }

    /// After the redirect back from social sign-in: as [`Self::signed_in`],
    /// replacing the callback's history entry so Back does not return to it.
    pub(crate) fn signed_in_from_callback(&self, path: &str) {
        self.signed_in_to(path, true);
    }

    fn signed_in_to(&self, path: &str, replace: bool) {
        self.flash.clear();
        match self.to_path.try_get_value().flatten() {
            Some(to_path) => to_path(path, replace),
            None => self.navigate(&Screen::Account),
        }
    }

    /// Goes to `screen`, which will show `notice` as information.
    pub(crate) fn go_with(&self, screen: Screen, notice: Notice) {
        self.flash.set(screen.kind(), notice);
        self.navigate(&screen);
    }

    /// The information left for a screen of `kind` by the previous one.
    pub(crate) fn take_flash(&self, kind: ScreenKind) -> Option<Notice> {
        self.flash.take(kind)
    }

    /// After sign-out: the routed app's guard on `/account` redirects to
    /// `/login` by itself (navigating here too would race it); the step
    /// flow needs telling.
    pub(crate) fn signed_out(&self, notice: Notice) {
        self.flash.set(ScreenKind::Login, notice);
        if !self.routed {
            self.navigate(&Screen::login(""));
        }
    }

    fn navigate(&self, screen: &Screen) {
        // Clone the closure out first: navigating may re-enter the store.
        if let Some(go) = self.go.try_get_value() {
            go(screen);
        }
    }
}

/// The navigation of the surrounding flow.
pub(crate) fn use_nav() -> Nav {
    expect_context::<Nav>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_dom_contract() {
        assert_eq!(Screen::login("").path(), "/login");
        assert_eq!(
            Screen::confirm("taro+test@example.jp").path(),
            "/confirm?username=taro%2Btest@example.jp"
        );
        assert_eq!(
            Screen::login("a b&c=d").path(),
            "/login?username=a%20b%26c%3Dd"
        );
        assert_eq!(Screen::login("山").path(), "/login?username=%E5%B1%B1");
        assert_eq!(Screen::SignUp.path(), "/signup");
        assert_eq!(Screen::forgot_password("").path(), "/forgot-password");
        assert_eq!(
            Screen::forgot_password("a+b@example.jp").path(),
            "/forgot-password?username=a%2Bb@example.jp"
        );
        assert_eq!(
            Screen::reset_password("a@example.jp").path(),
            "/reset-password?username=a@example.jp"
        );
        assert_eq!(Screen::Account.path(), "/account");
        assert_eq!(Screen::Home.path(), "/");
    }
}
