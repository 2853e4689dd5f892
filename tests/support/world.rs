//! [`World`]: everything one test runs against, and [`WorldBuilder`] to vary
//! the emulator's and the app's configuration before it starts.

use std::sync::Arc;

use fantoccini::Client;
use serde_json::{json, Value};

use super::browser::Driver;
use super::oauth;
use super::static_server::{csp_for, dist_dir, StaticServer};

type ConfigEdit = Box<dyn FnOnce(&mut Value) + Send>;

/// Options for a [`World`]; start with [`World::builder`].
pub struct WorldBuilder {
    name: String,
    emulator: cognito_emulator::Config,
    user_pool_endpoint: Option<String>,
    edit_config: Option<ConfigEdit>,
    dist: Option<std::path::PathBuf>,
    redirect_path: Option<String>,
}

impl WorldBuilder {
    /// The path social sign-in comes back to (default `/callback`, the
    /// routed app's): registered at the emulator and in `oauth.redirectSignIn`.
    pub fn redirect_path(mut self, path: &str) -> Self {
        self.redirect_path = Some(path.to_owned());
        self
    }

    /// Serve these files instead of the built app: another app's dist
    /// (`examples/embedded`), or a page made by the test. The `config.json`
    /// made for the test starts from theirs, or from the built app's when
    /// they have none.
    pub fn dist(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.dist = Some(dir.into());
        self
    }

    /// Point the app at this User Pool endpoint instead of the emulator.
    pub fn user_pool_endpoint(mut self, url: impl Into<String>) -> Self {
        self.user_pool_endpoint = Some(url.into());
        self
    }

    /// Change the served `config.json` after the endpoint has been set.
    pub fn edit_config(mut self, edit: impl FnOnce(&mut Value) + Send + 'static) -> Self {
        self.edit_config = Some(Box::new(edit));
        self
    }

    /// Change the emulator's configuration (the seed pool and client).
    pub fn emulator(mut self, edit: impl FnOnce(&mut cognito_emulator::Config)) -> Self {
        edit(&mut self.emulator);
        self
    }

    /// The seed pool's `MfaConfiguration` (the seed's own is `OPTIONAL`: a
    /// test that needs `OFF` or `ON` says so here), and the served
    /// `config.json`'s `mfa` with it.
    pub fn mfa(self, mfa: super::MfaConfiguration) -> Self {
        self.emulator(|c| c.pools[0].mfa_configuration = mfa)
    }

    /// The seed client's `AuthSessionValidity` (seconds a challenge
    /// `Session` lasts; the emulator takes values under Cognito's 180).
    pub fn auth_session_validity_seconds(self, seconds: u32) -> Self {
        self.emulator(|c| {
            for client in &mut c.pools[0].clients {
                client.auth_session_validity_seconds = seconds;
            }
        })
    }

    pub async fn start(self) -> World {
        World::start_with(self).await
    }
}

/// Everything one test runs against. Fields drop in order: the browser goes
/// first, the emulator last.
pub struct World {
    pub name: String,
    pub client: Client,
    /// `http://127.0.0.1:PORT` of the static server (no trailing slash).
    pub app_url: String,
    /// `http://127.0.0.1:PORT` of the emulator (no trailing slash).
    pub emulator_url: String,
    /// The `config.json` served to the app.
    pub config: Arc<Value>,
    /// The `Content-Security-Policy` the app is served with.
    pub csp: String,
    pub(super) driver: Driver,
    _profile: tempfile::TempDir,
    pub(super) server: StaticServer,
    pub(super) emulator: cognito_emulator::RunningEmulator,
    _data: tempfile::TempDir,
}

impl World {
    /// A world with the seed emulator config, named after the test (for the
    /// screenshot on failure).
    pub async fn start(name: &str) -> World {
        World::builder(name).start().await
    }

    /// From now on the app's `.wasm` is not served until
    /// [`release_wasm`](Self::release_wasm): the page stays as `index.html`
    /// made it.
    pub fn hold_wasm(&self) {
        self.server.hold_wasm();
    }

    /// Serves the app's `.wasm` again (also to requests already waiting).
    pub fn release_wasm(&self) {
        self.server.release_wasm();
    }

    pub fn builder(name: &str) -> WorldBuilder {
        WorldBuilder {
            name: name.to_string(),
            emulator: cognito_emulator::Config::seed(),
            user_pool_endpoint: None,
            edit_config: None,
            dist: None,
            redirect_path: None,
        }
    }

    async fn start_with(opts: WorldBuilder) -> World {
        let dist = dist_dir();
        let served = opts.dist.unwrap_or_else(|| dist.clone());

        // The static server's address first: the emulator's app client must
        // list this app's callback and sign-out URLs before it starts.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the static server");
        let app_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let mut emulator_config = opts.emulator;
        let redirect_path = opts
            .redirect_path
            .clone()
            .unwrap_or_else(|| oauth::CALLBACK_PATH.to_owned());
        oauth::register_app(&mut emulator_config, &app_url, &redirect_path);
        let pool_mfa = emulator_config.pools[0].mfa_configuration;

        let data = tempfile::tempdir().expect("temp data dir");
        let emulator = cognito_emulator::spawn(emulator_config, data.path().to_path_buf())
            .await
            .unwrap_or_else(|e| panic!("start the emulator: {e:?}"));
        let emulator_url = emulator.base_url.trim_end_matches('/').to_string();

        let mut config: Value = {
            let path = Some(served.join("config.json"))
                .filter(|path| path.is_file())
                .unwrap_or_else(|| dist.join("config.json"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
        };
        let endpoint = opts
            .user_pool_endpoint
            .unwrap_or_else(|| format!("{emulator_url}/"));
        let root = config.as_object_mut().expect("config.json is an object");
        let endpoints = root.entry("endpoints").or_insert_with(|| json!({}));
        let endpoints = endpoints
            .as_object_mut()
            .expect("config.json `endpoints` is an object");
        endpoints.insert("userPool".into(), Value::String(endpoint));
        // The identity pool and the sample API are this test's emulator too.
        if endpoints.contains_key("identityPool") {
            endpoints.insert(
                "identityPool".into(),
                Value::String(format!("{emulator_url}/")),
            );
        }
        if let Some(api) = root.get_mut("api").and_then(Value::as_object_mut) {
            for (name, url) in api.iter_mut() {
                *url = Value::String(format!("{emulator_url}/_local/api/{name}"));
            }
        }
        oauth::point_config(&mut config, &emulator_url, &app_url, &redirect_path);
        // The account page offers what the pool allows (`.mfa(...)`): an
        // authenticator app set-up under OPTIONAL and ON, none under OFF.
        config["mfa"] = serde_json::to_value(pool_mfa).expect("an MfaConfiguration is a string");
        if let Some(edit) = opts.edit_config {
            edit(&mut config);
        }
        let config = Arc::new(config);
        let csp = csp_for(&config);

        let server = StaticServer::start(listener, served, config.clone(), &csp).await;

        let profile = tempfile::tempdir().expect("temp browser profile");
        let mut driver = Driver::start().await;
        let client = driver.new_session(profile.path()).await;

        World {
            name: opts.name,
            client,
            app_url,
            emulator_url,
            config,
            csp,
            driver,
            _profile: profile,
            server,
            emulator,
            _data: data,
        }
    }
}
