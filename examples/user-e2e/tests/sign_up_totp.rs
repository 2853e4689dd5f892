//! Signs up, confirms, enrols TOTP and signs in again, in headless Chromium,
//! against your app and the local Cognito emulator, both already running:
//!
//! ```sh
//! cargo xtask dev    # or: cargo run -p cognito-emulator, and your app
//! APP_URL=http://127.0.0.1:8080 EMULATOR_URL=http://127.0.0.1:9229 \
//!     cargo test -p user-e2e -- --ignored
//! ```
//!
//! `CHROMEDRIVER_URL` uses a chromedriver that is already running; without
//! it the test starts one (`$CHROMEDRIVER`, else `chromedriver` on PATH).

use user_e2e::{journey, ChromeDriver, Error};

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

#[tokio::test]
#[ignore = "needs the app and the emulator running: see the top of this file"]
async fn sign_up_enrol_totp_and_sign_in_again() -> Result<(), Error> {
    let app_url = setting("APP_URL", "http://127.0.0.1:8080");
    let emulator_url = setting("EMULATOR_URL", "http://127.0.0.1:9229");
    let (_driver, webdriver_url) = match std::env::var("CHROMEDRIVER_URL") {
        Ok(url) => (None, url),
        Err(_) => {
            let driver = ChromeDriver::start().await?;
            let url = driver.url().to_owned();
            (Some(driver), url)
        }
    };
    journey(&app_url, &emulator_url, &webdriver_url).await
}
