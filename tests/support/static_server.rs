//! The app as a browser gets it: the built `dist/` on a loopback port, with
//! the SPA fallback to `index.html`, a `config.json` made for this test, and
//! the Content-Security-Policy that `config.json` calls for on every
//! response (`test_support::csp`, what `cargo xtask csp` prints for a
//! deployment).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

/// The built app: `$LEPTOS_COGNITO_DIST` or `<root package>/dist`.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("LEPTOS_COGNITO_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    if !dir.join("index.html").is_file() {
        panic!(
            "no built app in {}: run `cargo xtask test` (it builds dist/ with trunk) or `trunk build --release --offline`",
            dir.display()
        );
    }
    dir
}

/// The `Content-Security-Policy` header for the app with `config`. A config
/// the generator refuses (a test serving a broken one on purpose) gets the
/// policy that allows the app's own origin only: the app then shows its
/// config error and connects nowhere else.
pub fn csp_for(config: &Value) -> String {
    test_support::csp::AppPolicy::from_config(config)
        .unwrap_or_else(|_| test_support::csp::AppPolicy::same_origin_only())
        .header_value()
}

/// Serves `dist/` on 127.0.0.1 with an SPA fallback to `index.html`, and this
/// test's `config.json`, all with the `csp` header.
pub struct StaticServer {
    url: String,
    task: tokio::task::JoinHandle<()>,
    /// Open: `.wasm` responses go out; closed: they wait (see [`hold_wasm`](Self::hold_wasm)).
    wasm_gate: tokio::sync::watch::Sender<bool>,
}

impl StaticServer {
    pub async fn start(
        listener: tokio::net::TcpListener,
        dist: PathBuf,
        config: Arc<Value>,
        csp: &str,
    ) -> StaticServer {
        use axum::http::{header, HeaderValue};
        use tower_http::services::{ServeDir, ServeFile};

        let csp = HeaderValue::from_str(csp).expect("the CSP is a valid header value");

        let body = serde_json::to_string_pretty(&*config).expect("serialise config");
        let files = ServeDir::new(&dist).fallback(ServeFile::new(dist.join("index.html")));
        let app = axum::Router::new()
            .route(
                "/config.json",
                axum::routing::get(move || {
                    let body = body.clone();
                    async move {
                        (
                            [
                                (header::CONTENT_TYPE, "application/json"),
                                (header::CACHE_CONTROL, "no-store"),
                            ],
                            body,
                        )
                    }
                }),
            )
            .fallback_service(files)
            .layer(axum::middleware::map_response(
                move |mut response: axum::response::Response| {
                    let csp = csp.clone();
                    async move {
                        let headers = response.headers_mut();
                        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
                        // Every load fetches again: a held `.wasm` must
                        // not come from the cache.
                        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                        response
                    }
                },
            ));
        // A slow network for the app's code only: `.wasm` requests wait
        // while the gate is closed, so a test sees the page before the app
        // has started (the static sign-in card of `src/shell`).
        let (wasm_gate, gate) = tokio::sync::watch::channel(true);
        let app = app.layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                let mut gate = gate.clone();
                async move {
                    if request.uri().path().ends_with(".wasm") {
                        let _ = gate.wait_for(|open| *open).await;
                    }
                    next.run(request).await
                }
            },
        ));
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("static server");
        });
        StaticServer {
            url,
            task,
            wasm_gate,
        }
    }

    /// Makes `.wasm` requests wait until [`release_wasm`](Self::release_wasm).
    pub fn hold_wasm(&self) {
        self.wasm_gate.send_replace(false);
    }

    /// Lets waiting and later `.wasm` requests through.
    pub fn release_wasm(&self) {
        self.wasm_gate.send_replace(true);
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
