//! A local emulator of Amazon Cognito User Pools.
//!
//! It speaks the User Pool JSON API (`POST /` with `X-Amz-Target`), issues
//! RS256 tokens with a JWKS and a discovery document, serves the user pool
//! domain's OAuth 2.0 endpoints (`/oauth2/authorize`, `/oauth2/token`, ...)
//! with mock external identity providers, and keeps a local mailbox where
//! confirmation codes arrive. It follows the AWS API reference and the
//! Cognito Developer Guide; each rule cites its source where it is applied.
//!
//! ```no_run
//! # async fn demo() -> Result<(), cognito_emulator::Error> {
//! let emulator = cognito_emulator::spawn(
//!     cognito_emulator::Config::seed(),
//!     std::path::PathBuf::from("target/cognito-test"),
//! )
//! .await?;
//! println!("Cognito at {}", emulator.base_url);
//! emulator.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Where things are
//!
//! The emulator does not depend on `cognito-client`: it is the oracle the
//! client is tested against, so nothing is shared that could be wrong on
//! both sides. Modules only import downwards, never each other in a cycle:
//!
//! * HTTP: this file (routes, CORS, serving), `api` (the JSON API:
//!   dispatch and the table of which operations need IAM, `error`,
//!   `input`, `sigv4` (the IAM signature check), and for the operations
//!   `auth` (InitiateAuth), `srp_auth` (USER_SRP_AUTH, PASSWORD_VERIFIER),
//!   `sign_in` (what a checked password leads to), `challenge`
//!   (RespondToAuthChallenge dispatch), `mfa`, `new_password`
//!   (NEW_PASSWORD_REQUIRED, reset-required), `sign_up`, `user`, `password`
//!   (forgot, change), `admin`, `list_users`, `groups`, with `users` shared
//!   by the administrator operations and `names` (a new user's names and
//!   their uniqueness) by `sign_up`, `admin` and `new_password`; `pool` (`UpdateUserPool`,
//!   `DescribeUserPool`); `step` (where a sign-in step leads); `revoke`
//!   (RevokeToken); `identity`, the identity-pool API on the same endpoint:
//!   `logins`, `roles`, `credentials`), `hosted` (the user pool domain and
//!   mock identity providers), `well_known`, `mailbox`, `identities` (the
//!   identity pools' identities as JSON), `sample_api` (a protected API
//!   behind an imitation of API Gateway's Cognito authorizer).
//! * Lambda triggers: `triggers` (`lambda_config` which function each
//!   trigger calls, `invoke` the Lambda Invoke API client and Cognito's
//!   trigger errors, `events` the events, `answers` reading what came back,
//!   `call` the triggers as operations call them); `tokens::customize`
//!   applies a pre token generation answer.
//! * Shared by both: `tokens` (minting, refresh sessions, access-token
//!   checks), `jwt_check` (the offline check of ID and access tokens a
//!   resource server makes), `groups` (group claims), `credentials` (hash
//!   and SRP verifier of a new password), `lockout`, `pre_sign_up`,
//!   `email`; `html_page` (the headers and CSP every HTML page is sent
//!   with).
//! * Rules and primitives: `config` (`config::identity_pool` for the
//!   identity pools), `usernames` (what users sign in with: usernames,
//!   e-mail addresses, phone numbers, aliases), `pool_settings` (what `UpdateUserPool` changes, kept
//!   across restarts), `password_policy`, `totp`,
//!   `srp` (the group and verifier; `srp::server` the server's math,
//!   `srp::timestamp` the claim's TIMESTAMP), `hashing`, `keys` (RS256
//!   keys, JWS, JWKS).
//! * State: `state` (`AppState`), `store` (the persisted data;
//!   `store::identity_pool` the identities),
//!   `srp::pending` (SRP challenges in flight, memory only), `provision`
//!   (configured groups and seed users at start-up), `clock`, `error`
//!   (start-up errors).

#![warn(missing_docs)]

mod api;
pub mod clock;
pub mod config;
mod credentials;
mod email;
mod error;
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod fuzz_targets;
mod groups;
pub mod hashing;
mod hosted;
mod html_page;
pub mod identities;
mod jwt_check;
pub mod keys;
pub mod limits;
mod lockout;
pub mod mailbox;
pub mod metrics;
pub mod password_policy;
pub mod pool_settings;
mod pre_sign_up;
mod provision;
mod sample_api;
pub mod srp;
mod state;
pub mod store;
mod tokens;
pub mod totp;
pub mod triggers;
pub mod usernames;
pub mod well_known;
mod work;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::cors::{AllowHeaders, Any, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::Config;
pub use error::Error;
pub use state::AppState;

/// The HTTP application: the JSON APIs (user pools and identity pools),
/// well-known documents, the mailbox, the identities list, the sample
/// protected API and the user pool domain's OAuth 2.0 endpoints (token,
/// userInfo, revoke),
/// with AWS-like CORS; plus the hosted UI's browser pages (authorize,
/// login, logout, the mock identity providers), which are top-level
/// navigations and get no CORS headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route(
            "/",
            post(api::handle).layer(middleware::from_fn(limits::api_body)),
        )
        .route("/{pool_id}/.well-known/jwks.json", get(well_known::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(well_known::openid_configuration),
        )
        .route("/_local/messages", get(mailbox::messages_json))
        .route("/_local/mailbox", get(mailbox::mailbox_html))
        .route("/_local/metrics", get(metrics::metrics_json))
        .route("/_local/identities", get(identities::identities_json))
        .merge(sample_api::routes())
        .merge(hosted::cors_routes().route_layer(middleware::from_fn(limits::form_body)))
        .fallback(not_found)
        // Inside the CORS layer, which answers preflights itself: only
        // actual responses get the exposed headers.
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        ))
        .layer(cors())
        .layer(middleware::from_fn(preflight_no_content))
        .merge(hosted::browser_routes().route_layer(middleware::from_fn(limits::form_body)))
        .with_state(state)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not Found\n").into_response()
}

/// Observed on real cognito-idp responses (a capture in aws-amplify/amplify-js
/// issue 824), spelled as captured: `CorsLayer` would lower-case the names.
const EXPOSE_HEADERS: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";

/// CORS as cognito-idp does it: any origin, no credentials; browser SDKs
/// send `content-type`, `x-amz-target`, `x-amz-user-agent`,
/// `cache-control`, `amz-sdk-invocation-id` and `amz-sdk-request` from any
/// origin, so a preflight allows whatever headers it asks for. Every
/// `OPTIONS` is answered as a preflight, on every path; actual responses
/// carry the headers too (a known emulator bug is to add them only to the
/// preflight).
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::POST, Method::GET, Method::OPTIONS])
        .allow_headers(AllowHeaders::mirror_request())
        .max_age(Duration::from_secs(86_400))
        // The answers do not depend on the origin, so no `Vary` either.
        .vary(Vec::<HeaderName>::new())
}

/// `CorsLayer` answers a preflight `200 OK`; cognito-idp's preflights, and
/// this emulator's, are `204 No Content`.
async fn preflight_no_content(request: Request, next: Next) -> Response {
    let preflight = request.method() == Method::OPTIONS;
    let mut response = next.run(request).await;
    if preflight && response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NO_CONTENT;
    }
    response
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then
/// lets requests in progress finish.
///
/// HTTP/1.1 through hyper directly rather than `axum::serve`, for the
/// bounds `axum::serve` cannot set ([`limits`]): a client must send its
/// headers within [`limits::HEADER_READ_TIMEOUT`] and at most
/// [`limits::MAX_HEADER_BYTES`] of them (hyper answers `431` beyond).
/// `TCP_NODELAY`, so small answers are not held back by Nagle's algorithm.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let app = app(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits::HEADER_READ_TIMEOUT)
        .max_buf_size(limits::MAX_HEADER_BYTES);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // A connection that failed before it was accepted
                // (ECONNABORTED), or no file descriptors left: the
                // listener itself is fine, so keep serving.
                Err(e) => {
                    eprintln!("cognito-emulator: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out ends its connection; that
            // is no error of the server's.
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// An emulator serving on `127.0.0.1` in a background task.
pub struct RunningEmulator {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base_url: String,
    /// The socket address it listens on (`127.0.0.1` and the port).
    pub addr: SocketAddr,
    state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningEmulator {
    /// The running emulator's state (mailbox, clock, config).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Stops accepting connections and waits (briefly) for the server task.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            // Open keep-alive connections can hold graceful shutdown; cut
            // them off after a moment.
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Binds `127.0.0.1:0`, loads state from `data_dir` and serves in a task.
pub async fn spawn(config: Config, data_dir: PathBuf) -> Result<RunningEmulator, Error> {
    let listener = bind(0).await?;
    let addr = listener.local_addr().map_err(|e| Error::Bind {
        addr: "127.0.0.1:0".into(),
        source: e,
    })?;
    let base_url = format!("http://{addr}");
    let url = base_url.clone();
    // Key generation is CPU-bound; keep it off the async workers.
    let state = tokio::task::spawn_blocking(move || AppState::new(config, data_dir, url))
        .await
        .expect("AppState::new does not panic")?;
    let (tx, rx) = oneshot::channel::<()>();
    let server_state = state.clone();
    let task = tokio::spawn(async move {
        let shutdown = async {
            let _ = rx.await;
        };
        if let Err(e) = serve(listener, server_state, shutdown).await {
            eprintln!("cognito-emulator: server error: {e}");
        }
    });
    Ok(RunningEmulator {
        base_url,
        addr,
        state,
        shutdown: Some(tx),
        task: Some(task),
    })
}

/// Binds `127.0.0.1:port` — loopback only: this is a development tool with
/// no authentication of its own.
pub async fn bind(port: u16) -> Result<TcpListener, Error> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpListener::bind(addr).await.map_err(|source| Error::Bind {
        addr: addr.to_string(),
        source,
    })
}
