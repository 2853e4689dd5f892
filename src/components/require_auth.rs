//! Content for signed-in users only: the guard a host app puts around its
//! own pages.

use super::step_flow::{Phase, StepFlow};
use super::LoadingCard;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// Shows `children` only while someone is signed in. While the stored
/// session is restored it shows the loading card (`screen-loading`). When
/// nobody is signed in it shows the sign-in steps in place, as
/// [`Authenticator`](crate::Authenticator) does with its defaults (the
/// children appear once signed in, and go again at sign-out) — or, with
/// `redirect_to`, navigates there instead.
///
/// Needs an [`AuthProvider`](crate::AuthProvider) (or an `Authenticator`)
/// above it, and with `redirect_to` a leptos_router `<Router>` too: the
/// navigation is the router's (`use_navigate`, replacing the history
/// entry, so Back does not return to the guard). Outside either it panics
/// when created. For sign-in steps with options (`hide_sign_up`,
/// `initial_screen`, callbacks), put an `Authenticator` with them around
/// the content instead: below an `AuthProvider` it guards the same way.
///
/// For a user pool group as well, put a [`RequireGroup`](crate::RequireGroup)
/// inside: it has its own fallback, and one guard does one thing.
///
/// This hides content; it does not protect data. The API behind it must
/// check the token itself (API Gateway's Cognito authorizer does).
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{AuthProvider, RequireAuth, RequireGroup};
/// use leptos_router::components::{Route, Router, Routes};
/// use leptos_router::path;
///
/// #[component]
/// fn Reports() -> impl IntoView {
///     view! {
///         // Signed out: sent to /welcome.
///         <RequireAuth redirect_to="/welcome">
///             <RequireGroup group="admin">
///                 <p>"Quarterly figures"</p>
///             </RequireGroup>
///         </RequireAuth>
///     }
/// }
///
/// #[component]
/// fn MyApp() -> impl IntoView {
///     view! {
///         <AuthProvider>
///             <Router>
///                 <Routes fallback=|| "Not found">
///                     <Route path=path!("/welcome") view=|| "Welcome" />
///                     <Route path=path!("/reports") view=Reports />
///                     // Signed out: the sign-in steps, right here.
///                     <Route
///                         path=path!("/inbox")
///                         view=|| view! { <RequireAuth>"Your messages"</RequireAuth> }
///                     />
///                 </Routes>
///             </Router>
///         </AuthProvider>
///     }
/// }
/// ```
#[component]
pub fn RequireAuth(
    /// Where to send a signed-out visitor (a path of the host's router,
    /// used as is) instead of showing the sign-in steps here.
    #[prop(optional, into)]
    redirect_to: Option<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let auth = crate::use_auth();
    let Some(path) = redirect_to else {
        let children = Some(children);
        return view! { <StepFlow children /> }.into_any();
    };
    // Taken now, so a missing `<Router>` fails here and not at sign-out.
    let navigate = use_navigate();
    let phase = Memo::new(move |_| auth.state().with(Phase::of));
    Effect::new(move |_| {
        if phase.get() == Phase::SignedOut {
            navigate(
                &path,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    (move || match phase.get() {
        Phase::Loading => view! { <LoadingCard /> }.into_any(),
        Phase::SignedIn => children().into_any(),
        // On the way to `path`.
        Phase::SignedOut => ().into_any(),
    })
    .into_any()
}
