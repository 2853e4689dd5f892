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

pub mod api;
pub mod clock;
pub mod config;
mod error;
pub mod hashing;
mod hosted;
pub mod keys;
pub mod mailbox;
pub mod srp;
mod state;
pub mod store;
pub mod well_known;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::Config;
pub use error::Error;
pub use state::AppState;

/// The HTTP application: the JSON API, well-known documents, the mailbox and
/// the user pool domain's OAuth 2.0 endpoints (token, userInfo, revoke),
/// with AWS-like CORS; plus the hosted UI's browser pages (authorize,
/// login, logout, the mock identity providers), which are top-level
/// navigations and get no CORS headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", post(api::handle))
        .route("/{pool_id}/.well-known/jwks.json", get(well_known::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(well_known::openid_configuration),
        )
        .route("/_local/messages", get(mailbox::messages_json))
        .route("/_local/mailbox", get(mailbox::mailbox_html))
        .merge(hosted::cors_routes())
        .fallback(not_found)
        .layer(middleware::from_fn(cors))
        .merge(hosted::browser_routes())
        .with_state(state)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not Found\n").into_response()
}

/// The headers browser SDKs send to cognito-idp (COGNITO.md §1.1, §7).
const ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, cache-control, \
                             amz-sdk-invocation-id, amz-sdk-request, authorization";
/// Observed on real cognito-idp responses (COGNITO.md §7).
const EXPOSE_HEADERS: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";

/// CORS as cognito-idp does it: any origin, no credentials. Preflights are
/// answered for every path; actual responses carry the headers too (a known
/// emulator bug is to add them only to the preflight).
async fn cors(request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        let allow_headers = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned()
            .unwrap_or(HeaderValue::from_static(ALLOW_HEADERS));
        return (
            StatusCode::NO_CONTENT,
            [
                (
                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                    HeaderValue::from_static("*"),
                ),
                (
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static("POST, GET, OPTIONS"),
                ),
                (header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers),
                (
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static("86400"),
                ),
            ],
        )
            .into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    response
}

/// Serves `app(state)` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// An emulator serving on `127.0.0.1` in a background task.
pub struct RunningEmulator {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base_url: String,
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
