//! The local set-up's ports and ids (`test_support::local`) against the
//! files that repeat them: the emulator's seed config, the app's
//! `config.json`, `Trunk.toml` and the README. xtask uses the constants
//! directly. A mismatch fails here, naming the file, instead of as a
//! confusing "cannot reach the sign-in service" or "invalid client" when
//! someone runs `cargo xtask dev`.

use std::path::Path;

use serde_json::Value;
use test_support::local::{
    app_url, emulator_url, APP_PORT, CLIENT_ID, EMULATOR_PORT, HOST, IDENTITY_POOL_ID, LAMBDA_PORT,
    PHONE_CLIENT_ID, PHONE_POOL_ID, POOL_ID, REGION, USERNAME_CLIENT_ID, USERNAME_POOL_ID,
};

/// The text of a file of the repository; returns `relative` back, to name
/// the file in failure messages.
fn repo_file(relative: &str) -> (&str, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    (relative, text)
}

/// The callback and sign-out URLs the seed client registers and the app
/// lists: on 127.0.0.1 and on localhost, both on the app's port.
fn app_urls(path: &str) -> Vec<String> {
    urls_on(APP_PORT, path)
}

/// On both loopback names at `port`.
fn urls_on(port: u16, path: &str) -> Vec<String> {
    [HOST, "localhost"]
        .iter()
        .map(|host| format!("http://{host}:{port}{path}"))
        .collect()
}

/// `examples/embedded`'s `trunk serve` port (its Trunk.toml), beside the
/// demo's: its `<RequireAuth>` on `/dashboard` takes social sign-in's
/// redirect back.
const EMBEDDED_PORT: u16 = 8081;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("expected a list, got {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string").to_owned())
        .collect()
}

#[test]
fn the_emulator_seed_config_has_the_pool_client_and_app_urls() {
    let (path, text) = repo_file("crates/cognito-emulator/seed.toml");
    let seed: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path));
    let pool = &seed["pools"][0];
    let client = &pool["clients"][0];
    assert_eq!(
        pool["id"].as_str(),
        Some(POOL_ID),
        "first pool's id in {path}"
    );
    assert_eq!(
        client["id"].as_str(),
        Some(CLIENT_ID),
        "first client's id in {path}"
    );
    let list = |key: &str| -> Vec<String> {
        client[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} in {path} is not a list"))
            .iter()
            .map(|v| v.as_str().expect("a string").to_owned())
            .collect()
    };
    assert_eq!(
        list("callback_urls"),
        [app_urls("/callback"), urls_on(EMBEDDED_PORT, "/dashboard")].concat(),
        "callback_urls in {path}"
    );
    assert_eq!(
        list("logout_urls"),
        [app_urls("/"), urls_on(EMBEDDED_PORT, "/")].concat(),
        "logout_urls in {path}"
    );
    // The other pools the seed documents, one of each kind.
    for (i, (pool_id, client_id)) in [
        (PHONE_POOL_ID, PHONE_CLIENT_ID),
        (USERNAME_POOL_ID, USERNAME_CLIENT_ID),
    ]
    .into_iter()
    .enumerate()
    {
        let pool = &seed["pools"][i + 1];
        assert_eq!(
            pool["id"].as_str(),
            Some(pool_id),
            "pool {} in {path}",
            i + 2
        );
        assert_eq!(
            pool["clients"][0]["id"].as_str(),
            Some(client_id),
            "the client of {pool_id} in {path}"
        );
    }
    let identity_pool = &seed["identity_pools"][0];
    assert_eq!(
        identity_pool["id"].as_str(),
        Some(IDENTITY_POOL_ID),
        "first identity pool's id in {path}"
    );
    let provider = &identity_pool["cognito_identity_providers"][0];
    assert_eq!(
        provider["provider_name"].as_str(),
        Some(format!("cognito-idp.{REGION}.amazonaws.com/{POOL_ID}").as_str()),
        "the identity pool's provider in {path}"
    );
    assert_eq!(provider["client_id"].as_str(), Some(CLIENT_ID));
}

#[test]
fn the_apps_config_json_points_at_the_emulator() {
    let (path, text) = repo_file("public/config.json");
    let config: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path));
    assert_eq!(config["region"], REGION, "region in {path}");
    assert_eq!(config["userPoolId"], POOL_ID, "userPoolId in {path}");
    assert_eq!(
        config["userPoolClientId"], CLIENT_ID,
        "userPoolClientId in {path}"
    );
    assert_eq!(
        config["endpoints"]["userPool"],
        format!("{}/", emulator_url()),
        "endpoints.userPool in {path}"
    );
    assert_eq!(
        config["endpoints"]["identityPool"],
        format!("{}/", emulator_url()),
        "endpoints.identityPool in {path}"
    );
    assert_eq!(
        config["identityPoolId"], IDENTITY_POOL_ID,
        "identityPoolId in {path}"
    );
    for (key, route) in [("whoami", "whoami"), ("admin", "admin")] {
        assert_eq!(
            config["api"][key],
            format!("{}/_local/api/{route}", emulator_url()),
            "api.{key} in {path}"
        );
    }
    let oauth = &config["oauth"];
    assert_eq!(oauth["domain"], emulator_url(), "oauth.domain in {path}");
    assert_eq!(
        strings(&oauth["redirectSignIn"]),
        app_urls("/callback"),
        "oauth.redirectSignIn in {path}"
    );
    assert_eq!(
        strings(&oauth["redirectSignOut"]),
        app_urls("/"),
        "oauth.redirectSignOut in {path}"
    );
}

#[test]
fn trunk_serves_the_app_on_its_port() {
    let (path, text) = repo_file("Trunk.toml");
    let trunk: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path));
    let serve = &trunk["serve"];
    assert_eq!(
        serve["port"].as_integer(),
        Some(i64::from(APP_PORT)),
        "[serve] port in {}",
        path
    );
    assert_eq!(
        serve["addresses"].as_array().map(|a| a.len()),
        Some(1),
        "[serve] addresses in {}: loopback only",
        path
    );
    assert_eq!(serve["addresses"][0].as_str(), Some(HOST));
}

/// Every `127.0.0.1:PORT`, `localhost:PORT` and `--port PORT` in `text`.
fn ports_mentioned(text: &str) -> Vec<(String, u16)> {
    let mut found = Vec::new();
    for marker in [
        format!("{HOST}:"),
        "localhost:".to_owned(),
        "--port ".to_owned(),
    ] {
        for (at, _) in text.match_indices(&marker) {
            let digits: String = text[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(port) = digits.parse() {
                found.push((format!("{marker}{digits}"), port));
            }
        }
    }
    found
}

#[test]
fn the_readme_names_the_same_ports_and_ids() {
    let (path, text) = repo_file("README.md");
    let ports = ports_mentioned(&text);
    for (mention, port) in &ports {
        assert!(
            [EMULATOR_PORT, APP_PORT, LAMBDA_PORT].contains(port),
            "{path} mentions {mention}; the local ports are {EMULATOR_PORT} (emulator), \
             {APP_PORT} (app) and {LAMBDA_PORT} (Lambda triggers): fix the README or \
             test_support::local"
        );
    }
    for needed in [
        format!("--port {EMULATOR_PORT}"),
        format!("{}/_local/mailbox", emulator_url()),
        format!("<{}/>", app_url()),
        format!("pool `{POOL_ID}`"),
        format!("app client `{CLIENT_ID}`"),
    ] {
        assert!(text.contains(&needed), "{path} should say {needed:?}");
    }
    // Any other pool id in the README would be a stale one.
    for (i, _) in text.match_indices(&format!("{REGION}_")) {
        let id: String = text[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(
            [POOL_ID, PHONE_POOL_ID, USERNAME_POOL_ID].contains(&id.as_str()),
            "a pool id in {path}: {id}"
        );
    }
}

#[test]
fn ports_mentioned_finds_every_form() {
    let found = ports_mentioned("a http://127.0.0.1:1/ b localhost:22 c --port 333 d 127.0.0.1:x");
    assert_eq!(
        found,
        [
            ("127.0.0.1:1".to_owned(), 1),
            ("localhost:22".to_owned(), 22),
            ("--port 333".to_owned(), 333),
        ]
    );
}
