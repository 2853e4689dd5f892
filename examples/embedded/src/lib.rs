//! A host app that embeds leptos-cognito: its own layout, its own router
//! and pages, and one page for signed-in users only.
//!
//! * `/`: a public home page with a link to the dashboard;
//! * `/dashboard`: behind [`RequireAuth`]. Signed out, the sign-in steps
//!   show right there (sign-up, confirmation and the password reset
//!   included, without routes of their own); signed in, the host's page
//!   with the user's email and a sign-out button.
//!
//! The sign-in screens bring their stylesheet themselves (the library's
//! default `stylesheet` feature): `index.html` links only the host's own
//! `style/host.css`, which also sets the screens' primary colour.

use leptos::prelude::*;
use leptos_cognito::{use_auth, AuthProvider, RequireAuth};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// The whole app: one session for every page ([`AuthProvider`] reads
/// `/config.json`, restores the session and renews it), then the host's
/// layout and routes.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <AuthProvider>
            <Router>
                <header class="bar">
                    <a class="bar__brand" href="/">"Acme Notes"</a>
                    <nav class="bar__nav">
                        <A href="/">"Home"</A>
                        <A href="/dashboard">"Dashboard"</A>
                    </nav>
                </header>
                // Not <main>: the sign-in card is a <main> of its own.
                <div class="content">
                    <Routes fallback=|| view! { <p>"Page not found."</p> }>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/dashboard") view=ProtectedDashboard />
                    </Routes>
                </div>
            </Router>
        </AuthProvider>
    }
}

/// `/`: anyone may read it.
#[component]
fn Home() -> impl IntoView {
    view! {
        <section class="page" data-testid="host-home">
            <h1>"Welcome to Acme Notes"</h1>
            <p>"Anyone can read this page. Your notes are on the dashboard."</p>
            <a class="page__action" href="/dashboard" data-testid="host-to-dashboard">
                "Open your dashboard"
            </a>
        </section>
    }
}

/// `/dashboard`: the sign-in steps until someone is signed in, then
/// [`Dashboard`]; at sign-out, the sign-in steps again.
#[component]
fn ProtectedDashboard() -> impl IntoView {
    view! {
        <RequireAuth>
            <Dashboard />
        </RequireAuth>
    }
}

/// What a signed-in user sees: their email, from the verified ID token.
#[component]
fn Dashboard() -> impl IntoView {
    let auth = use_auth();
    let email = move || auth.session().and_then(|s| s.email().map(str::to_owned));
    let sign_out = Action::new_local(move |_: &()| async move {
        // The tokens are forgotten even when Cognito cannot be reached.
        if let Err(e) = auth.sign_out().await {
            leptos::logging::warn!("sign-out: {e}");
        }
    });
    view! {
        <section class="page" data-testid="host-dashboard">
            <h1>"Dashboard"</h1>
            <p>"Signed in as " <strong data-testid="host-user-email">{email}</strong></p>
            <button
                class="page__action"
                type="button"
                data-testid="host-sign-out"
                disabled=move || sign_out.pending().get()
                on:click=move |_| {
                    sign_out.dispatch(());
                }
            >
                "Sign out"
            </button>
        </section>
    }
}
