//! The user pool domain (Developer Guide, "User pool endpoints and managed
//! login reference"): the hosted UI's OAuth 2.0 / OIDC endpoints, served on
//! the emulator's base URL, and mock external identity providers with an
//! account chooser standing in for Google & co.
//!
//! A federated sign-in travels as it does on AWS:
//!
//! ```text
//! app ─► /oauth2/authorize ─► /_mock/{provider}/authorize (account chooser)
//!     ◄─ redirect_uri?code ◄─ /oauth2/idpresponse ◄─ (form POST, IdP code)
//! app ─► POST /oauth2/token (code + PKCE code_verifier) ─► tokens
//! ```
//!
//! Everything between the two redirects (the client, `redirect_uri`, scopes,
//! `state`, `nonce`, the PKCE challenge) stays on the server; the browser only
//! carries a random reference to it. This state is short-lived and kept in
//! memory ([`memory`]); users and refresh-token sessions go to the persisted
//! store.
//!
//! Modules: [`authorize`] (authorize, idpresponse, login, logout),
//! [`token`] (token, userInfo, revoke), [`mock_idp`] (the account chooser),
//! [`federation`] (creating federated users), [`html`] (the pages),
//! [`http`] (parameters, redirects, cookies).

mod authorize;
mod federation;
#[cfg(any(test, fuzzing))]
pub(crate) mod fuzz;
mod html;
mod http;
pub(crate) mod memory;
mod mock_idp;
mod token;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

/// Endpoints browsers `fetch` cross-origin; they get the CORS layer.
pub(crate) fn cors_routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/token", post(token::token))
        .route(
            "/oauth2/userInfo",
            get(token::user_info).post(token::user_info),
        )
        .route("/oauth2/revoke", post(token::revoke))
}

/// Top-level navigations: browsers go to them, they do not `fetch` them,
/// so they get no CORS headers.
pub(crate) fn browser_routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/authorize", get(authorize::authorize))
        .route("/oauth2/idpresponse", get(authorize::idp_response))
        .route("/login", get(authorize::login))
        .route("/logout", get(authorize::logout))
        .route(
            "/_mock/{provider}/authorize",
            get(mock_idp::chooser).post(mock_idp::choose),
        )
}
