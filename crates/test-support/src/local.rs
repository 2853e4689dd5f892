//! The local set-up in one place: where `cargo xtask dev` runs the emulator
//! and the app, and the ids of the seed user pools and app clients.
//!
//! These values are repeated, by necessity, in files that are not Rust:
//! `crates/cognito-emulator/seed.toml` (the pool and client, the callback
//! and sign-out URLs), `public/config.json` (what the app talks to),
//! `Trunk.toml` (`trunk serve`'s port) and `README.md`. The test
//! `tests/local_setup.rs` reads all four and fails, naming the file and the
//! value, when one of them says something else. xtask uses these constants
//! directly.

/// The loopback address both servers bind; neither listens on other
/// interfaces.
pub const HOST: &str = "127.0.0.1";

/// The emulator's port (`cognito-emulator --port`). It is also the user pool
/// domain locally, so the app's OAuth endpoints live here too.
pub const EMULATOR_PORT: u16 = 9229;

/// `trunk serve`'s port: the app, and its `/callback`.
pub const APP_PORT: u16 = 8080;

/// Where the README runs Lambda triggers for the emulator
/// (`--lambda-endpoint`): the port `sam local start-lambda` listens on by
/// default, and the one `examples/triggers/invoke_server.py` uses too.
pub const LAMBDA_PORT: u16 = 3001;

/// The seed pool's region: the part of [`POOL_ID`] before the `_`.
pub const REGION: &str = "ap-northeast-1";

/// The seed user pool's id (`<region>_<suffix>`, as AWS forms them).
pub const POOL_ID: &str = "ap-northeast-1_Local";

/// The seed pool's app client: public, no secret.
pub const CLIENT_ID: &str = "localclient";

/// The seed's pool whose users sign up and sign in with a phone number
/// (`UsernameAttributes = [phone_number]`).
pub const PHONE_POOL_ID: &str = "ap-northeast-1_Phone";
/// The app client of [`PHONE_POOL_ID`].
pub const PHONE_CLIENT_ID: &str = "phoneclient";

/// The seed's username pool, where a verified e-mail address or phone
/// number and a preferred username also sign in (`AliasAttributes`).
pub const USERNAME_POOL_ID: &str = "ap-northeast-1_Users";
/// The app client of [`USERNAME_POOL_ID`].
pub const USERNAME_CLIENT_ID: &str = "usernameclient";

/// The seed identity pool (`[[identity_pools]]` in seed.toml), linked to
/// [`POOL_ID`] and [`CLIENT_ID`].
pub const IDENTITY_POOL_ID: &str = "ap-northeast-1:00000000-0000-4000-8000-000000000001";

/// `http://127.0.0.1:9229`, without a trailing slash.
pub fn emulator_url() -> String {
    format!("http://{HOST}:{EMULATOR_PORT}")
}

/// `http://127.0.0.1:8080`, without a trailing slash.
pub fn app_url() -> String {
    format!("http://{HOST}:{APP_PORT}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pool_ids_start_with_their_region() {
        for id in [POOL_ID, PHONE_POOL_ID, USERNAME_POOL_ID] {
            assert_eq!(id.split_once('_').map(|(r, _)| r), Some(REGION), "{id}");
        }
    }

    #[test]
    fn urls_name_the_port_and_have_no_trailing_slash() {
        assert_eq!(emulator_url(), format!("http://127.0.0.1:{EMULATOR_PORT}"));
        assert_eq!(app_url(), format!("http://127.0.0.1:{APP_PORT}"));
    }
}
