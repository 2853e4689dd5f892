//! The app as a browser gets it: the built `dist/` on a loopback port, with
//! the SPA fallback to `index.html` and a `config.json` made for this test.

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

/// Serves `dist/` on 127.0.0.1 with an SPA fallback to `index.html`, and this
/// test's `config.json`.
pub struct StaticServer {
    url: String,
    task: tokio::task::JoinHandle<()>,
}

impl StaticServer {
    pub async fn start(
        listener: tokio::net::TcpListener,
        dist: PathBuf,
        config: Arc<Value>,
    ) -> StaticServer {
        use axum::http::header;
        use tower_http::services::{ServeDir, ServeFile};

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
            .fallback_service(files);
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("static server");
        });
        StaticServer { url, task }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
