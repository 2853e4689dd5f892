//! Page objects: one per screen, in the user's terms, finding elements only by
//! the `data-testid`s of `tests/CONTRACT.md`.

use super::{Check, World};

/// The keys of the password rules, in the order the sign-up page lists them.
pub const RULES: [&str; 5] = ["length", "lowercase", "uppercase", "number", "symbol"];

/// What every screen has: the error and info regions and the error's action.
#[allow(async_fn_in_trait)] // test-only: never `dyn`, never sent across threads
pub trait Screen {
    fn world(&self) -> &World;

    /// Waits until `form-error` shows something, and returns it.
    async fn error_text(&self) -> String {
        self.world().wait_for_text("form-error").await
    }

    /// Waits for the action offered with the error, and returns its label.
    async fn error_action_text(&self) -> String {
        self.world().wait_for_text("error-action").await
    }

    async fn click_error_action(&self) {
        self.world().click("error-action").await;
    }
}

pub struct LoginPage<'w>(pub &'w World);

impl Screen for LoginPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> LoginPage<'w> {
    pub async fn open(w: &'w World) -> Self {
        w.open("/login").await;
        Self::expect(w).await
    }

    /// Waits until the browser shows the login screen.
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("login", "/login").await;
        LoginPage(w)
    }

    /// The username field, now.
    pub async fn username(&self) -> String {
        self.0.value("login-username").await
    }

    /// Waits until the username field holds `expected` (prefilled).
    pub async fn expect_username(&self, expected: &str) {
        self.0.wait_for_value("login-username", expected).await
    }

    pub async fn sign_in(&self, username: &str, password: &str) {
        self.0.fill("login-username", username).await;
        self.0.fill("login-password", password).await;
        self.0.click("login-submit").await;
    }

    /// Signs in with the username already in the field.
    pub async fn sign_in_with_password(&self, password: &str) {
        self.0.fill("login-password", password).await;
        self.0.click("login-submit").await;
    }

    pub async fn go_to_sign_up(&self) -> SignUpPage<'w> {
        self.0.click("to-signup").await;
        SignUpPage::expect(self.0).await
    }

    /// "Forgot your password?".
    pub async fn forgot_password(&self) -> ForgotPasswordPage<'w> {
        self.0.click("to-forgot-password").await;
        ForgotPasswordPage::expect(self.0).await
    }

    /// Waits until `form-info` shows something, and returns it.
    pub async fn info_text(&self) -> String {
        self.0.wait_for_text("form-info").await
    }
}

/// The live password rules (`password-rules`), on any screen that shows them.
pub struct PasswordRulesList<'w>(pub &'w World);

impl PasswordRulesList<'_> {
    /// Waits until exactly `expected` (keys in [`RULES`] order) show as met.
    pub async fn expect_met(&self, expected: &[&str], context: &str) {
        let w = self.0;
        w.poll(&format!("rules met = {expected:?} {context}"), async || {
            let mut met = Vec::new();
            for key in RULES {
                let el = w
                    .client
                    .find(fantoccini::Locator::Css(&World::by_id(&format!(
                        "password-rule-{key}"
                    ))))
                    .await?;
                if el.attr("data-met").await?.as_deref() == Some("true") {
                    met.push(key);
                }
            }
            Ok(if met == expected {
                Check::Ready(())
            } else {
                Check::NotYet(format!("rules met = {met:?}"))
            })
        })
        .await
    }
}

/// "Forgot your password?" (`screen-forgot-password`).
pub struct ForgotPasswordPage<'w>(pub &'w World);

impl Screen for ForgotPasswordPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> ForgotPasswordPage<'w> {
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("forgot-password", "/forgot-password")
            .await;
        ForgotPasswordPage(w)
    }

    /// Waits until the email field holds `expected` (prefilled).
    pub async fn expect_username(&self, expected: &str) {
        self.0.wait_for_value("forgot-username", expected).await
    }

    /// Asks for a code for the email in the field.
    pub async fn send_code(&self) {
        self.0.click("forgot-submit").await;
    }

    /// Types `email` and asks for a code.
    pub async fn request_code(&self, email: &str) {
        self.0.fill("forgot-username", email).await;
        self.send_code().await;
    }
}

/// The code and the new password (`screen-reset-password`).
pub struct ResetPasswordPage<'w>(pub &'w World);

impl Screen for ResetPasswordPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> ResetPasswordPage<'w> {
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("reset-password", "/reset-password").await;
        ResetPasswordPage(w)
    }

    pub async fn expect_username(&self, expected: &str) {
        self.0.wait_for_value("reset-username", expected).await
    }

    /// Waits until `form-info` shows something, and returns it.
    pub async fn info_text(&self) -> String {
        self.0.wait_for_text("form-info").await
    }

    pub async fn fill(&self, code: &str, password: &str, confirm: &str) {
        self.0.fill("reset-code", code).await;
        self.0.fill("reset-password", password).await;
        self.0.fill("reset-password-confirm", confirm).await;
    }

    pub async fn submit(&self) {
        self.0.click("reset-submit").await;
    }

    /// Enters the code and the new password twice, and submits.
    pub async fn reset(&self, code: &str, password: &str) {
        self.fill(code, password, password).await;
        self.submit().await;
    }

    pub async fn resend(&self) {
        self.0.click("reset-resend").await;
    }

    pub fn rules(&self) -> PasswordRulesList<'w> {
        PasswordRulesList(self.0)
    }
}

/// The new password a temporary one requires (`screen-new-password`, at `/login`).
pub struct NewPasswordPage<'w>(pub &'w World);

impl Screen for NewPasswordPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> NewPasswordPage<'w> {
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("new-password", "/login").await;
        NewPasswordPage(w)
    }

    /// Fills the new password twice and each `(attribute, value)`.
    pub async fn fill(&self, password: &str, attributes: &[(&str, &str)]) {
        self.0.fill("new-password", password).await;
        self.0.fill("new-password-confirm", password).await;
        for (name, value) in attributes {
            self.0
                .fill(&format!("new-password-attribute-{name}"), value)
                .await;
        }
    }

    pub async fn submit(&self) {
        self.0.click("new-password-submit").await;
    }

    pub fn rules(&self) -> PasswordRulesList<'w> {
        PasswordRulesList(self.0)
    }
}

pub struct SignUpPage<'w>(pub &'w World);

impl Screen for SignUpPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> SignUpPage<'w> {
    pub async fn open(w: &'w World) -> Self {
        w.open("/signup").await;
        Self::expect(w).await
    }

    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("signup", "/signup").await;
        SignUpPage(w)
    }

    /// Whether the rule `key` shows as met, now.
    pub async fn rule_met(&self, key: &str) -> bool {
        let testid = format!("password-rule-{key}");
        let el = self.0.el(&testid).await;
        match el.attr("data-met").await {
            Ok(Some(v)) if v == "true" => true,
            Ok(Some(v)) if v == "false" => false,
            Ok(other) => {
                self.0
                    .fail(&format!("{testid} has data-met={other:?}"))
                    .await
            }
            Err(e) => {
                self.0
                    .fail(&format!("read data-met of {testid}: {e}"))
                    .await
            }
        }
    }

    /// The keys of the rules shown as met, now, in [`RULES`] order.
    pub async fn rules_met(&self) -> Vec<&'static str> {
        let mut met = Vec::new();
        for key in RULES {
            if self.rule_met(key).await {
                met.push(key);
            }
        }
        met
    }

    /// Waits until exactly `expected` (keys in [`RULES`] order) show as met.
    pub async fn expect_rules_met(&self, expected: &[&str], context: &str) {
        self.0
            .poll(&format!("rules met = {expected:?} {context}"), async || {
                let met = self.rules_met().await;
                Ok(if met == expected {
                    Check::Ready(())
                } else {
                    Check::NotYet(format!("rules met = {met:?}"))
                })
            })
            .await
    }

    /// The text of every rule in the `password-rules` list.
    pub async fn rules_text(&self) -> String {
        self.0.wait_for_text("password-rules").await
    }

    pub async fn clear_password(&self) {
        self.0.clear("signup-password").await;
    }

    /// Types more characters at the end of the password field.
    pub async fn type_password(&self, more: &str) {
        self.0.type_into("signup-password", more).await;
    }

    pub async fn fill(&self, email: &str, name: &str, password: &str) {
        self.0.fill("signup-email", email).await;
        self.0.fill("signup-name", name).await;
        self.0.fill("signup-password", password).await;
    }

    pub async fn submit(&self) {
        self.0.click("signup-submit").await;
    }

    pub async fn sign_up(&self, email: &str, name: &str, password: &str) {
        self.fill(email, name, password).await;
        self.submit().await;
    }
}

pub struct ConfirmPage<'w>(pub &'w World);

impl Screen for ConfirmPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> ConfirmPage<'w> {
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("confirm", "/confirm").await;
        ConfirmPage(w)
    }

    /// Waits until the username field holds `expected`.
    pub async fn expect_username(&self, expected: &str) {
        self.0.wait_for_value("confirm-username", expected).await
    }

    /// Where the "open the mailbox" link points (absolute), if it is shown.
    pub async fn mailbox_href(&self) -> Option<String> {
        if !self.0.present_now("mailbox-link").await.unwrap_or(false) {
            return None;
        }
        let el = self.0.el("mailbox-link").await;
        match el.prop("href").await {
            Ok(href) => href,
            Err(e) => {
                self.0
                    .fail(&format!("read href of mailbox-link: {e}"))
                    .await
            }
        }
    }

    pub async fn confirm(&self, code: &str) {
        self.0.fill("confirm-code", code).await;
        self.0.click("confirm-submit").await;
    }

    pub async fn resend(&self) {
        self.0.click("confirm-resend").await;
    }
}

pub struct AccountPage<'w>(pub &'w World);

impl AccountPage<'_> {
    pub async fn expect(w: &World) -> AccountPage<'_> {
        w.wait_for_screen("account", "/account").await;
        AccountPage(w)
    }

    /// Waits until the page shows `expected` as the email.
    pub async fn expect_email(&self, expected: &str) {
        self.0.wait_for_value("account-email", expected).await
    }

    /// Waits until the page shows `expected` as the name.
    pub async fn expect_name(&self, expected: &str) {
        self.0.wait_for_value("account-name", expected).await
    }

    pub async fn sub(&self) -> String {
        self.0.wait_for_text("account-sub").await
    }

    /// The ID token claims as the page shows them (pretty JSON text).
    pub async fn claims(&self) -> String {
        self.0.wait_for_text("account-claims").await
    }

    pub async fn sign_out(&self) {
        self.0.click("sign-out").await;
    }
}

impl<'w> AccountPage<'w> {
    /// Waits until `mfa-status` says TOTP MFA is `enabled` (from `GetUser`).
    pub async fn expect_mfa_enabled(&self, enabled: bool) {
        let want = enabled.to_string();
        self.0
            .poll(&format!("mfa-status data-enabled={want}"), async || {
                let el = self
                    .0
                    .client
                    .find(fantoccini::Locator::Css(&World::by_id("mfa-status")))
                    .await?;
                let seen = el.attr("data-enabled").await?;
                Ok(if seen.as_deref() == Some(want.as_str()) {
                    Check::Ready(())
                } else {
                    Check::NotYet(format!(
                        "data-enabled={seen:?}, text {:?}",
                        el.text().await?
                    ))
                })
            })
            .await
    }

    /// The status as the page words it.
    pub async fn mfa_status_text(&self) -> String {
        self.0.wait_for_text("mfa-status").await
    }

    /// "Set up authenticator app": waits for the key to be shown.
    pub async fn start_totp_setup(&self) -> TotpSetupWidget<'w> {
        self.0.click("totp-setup-start").await;
        TotpSetupWidget::expect(self.0).await
    }

    /// Turns TOTP MFA off.
    pub async fn disable_totp(&self) {
        self.0.click("totp-disable").await;
    }

    /// Waits until `form-info` shows something, and returns it.
    pub async fn info_text(&self) -> String {
        self.0.wait_for_text("form-info").await
    }

    /// "Change password": the current password, the new one twice, submit.
    pub async fn change_password(&self, current: &str, new: &str) {
        self.0.fill("change-password-current", current).await;
        self.0.fill("change-password-new", new).await;
        self.0.fill("change-password-confirm", new).await;
        self.0.click("change-password-submit").await;
    }

    /// Waits until the change-password section reports success, and returns it.
    pub async fn change_password_info(&self) -> String {
        self.0.wait_for_text("change-password-info").await
    }

    /// Waits until the change-password section shows an error, and returns it.
    pub async fn change_password_error(&self) -> String {
        self.0.wait_for_text("change-password-error").await
    }
}

impl Screen for AccountPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

/// The authenticator enrolment widget, on the account page or on
/// `screen-mfa-setup`.
pub struct TotpSetupWidget<'w>(pub &'w World);

impl<'w> TotpSetupWidget<'w> {
    /// Waits for the QR code and the key.
    pub async fn expect(w: &'w World) -> Self {
        w.el("totp-qr").await;
        w.wait_for_text("totp-secret").await;
        TotpSetupWidget(w)
    }

    /// The key as shown (groups of four).
    pub async fn secret_as_shown(&self) -> String {
        self.0.wait_for_text("totp-secret").await
    }

    /// The key as a person types it into an app: the shown text, spaces removed.
    pub async fn secret(&self) -> String {
        self.secret_as_shown()
            .await
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    /// The `otpauth://` URI shown as text.
    pub async fn uri(&self) -> String {
        self.0.wait_for_text("totp-uri").await
    }

    /// The QR code element's markup (an inline SVG inside).
    pub async fn qr_markup(&self) -> String {
        self.0.outer_html("totp-qr").await
    }

    pub async fn qr_label(&self) -> Option<String> {
        self.0.attr("totp-qr", "aria-label").await
    }

    /// Clicks "Copy key" and returns what the page says about it.
    pub async fn copy(&self) -> String {
        self.0.click("totp-copy").await;
        self.0.wait_for_text("totp-copy-status").await
    }

    pub async fn code(&self) -> String {
        self.0.value("totp-setup-code").await
    }

    pub async fn enter_code(&self, code: &str) {
        self.0.fill("totp-setup-code", code).await;
    }

    pub async fn name_device(&self, name: &str) {
        self.0.fill("totp-device-name", name).await;
    }

    pub async fn submit(&self) {
        self.0.click("totp-setup-submit").await;
    }

    pub async fn verify(&self, code: &str) {
        self.enter_code(code).await;
        self.submit().await;
    }
}

/// The authenticator code step of sign-in (`screen-mfa`, still at `/login`).
pub struct MfaPage<'w>(pub &'w World);

impl Screen for MfaPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> MfaPage<'w> {
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("mfa", "/login").await;
        MfaPage(w)
    }

    /// Types the code; the sixth digit submits it (no click).
    pub async fn enter_code(&self, code: &str) {
        self.0.fill("mfa-code", code).await;
    }

    /// The code field, now.
    pub async fn code(&self) -> String {
        self.0.value("mfa-code").await
    }

    /// Waits until the code field is empty and has the focus.
    pub async fn expect_empty_focused_field(&self) {
        self.0
            .poll("mfa-code empty and focused", async || {
                let value = self.code().await;
                let focused = self.0.focused_testid().await;
                Ok(
                    if value.is_empty() && focused.as_deref() == Some("mfa-code") {
                        Check::Ready(())
                    } else {
                        Check::NotYet(format!("value {value:?}, focus on {focused:?}"))
                    },
                )
            })
            .await
    }

    pub async fn submit(&self) {
        self.0.click("mfa-submit").await;
    }
}

/// Setting up an authenticator during sign-in (`screen-mfa-setup`, at `/login`).
pub struct MfaSetupPage<'w>(pub &'w World);

impl Screen for MfaSetupPage<'_> {
    fn world(&self) -> &World {
        self.0
    }
}

impl<'w> MfaSetupPage<'w> {
    pub async fn expect(w: &'w World) -> Self {
        w.wait_for_screen("mfa-setup", "/login").await;
        MfaSetupPage(w)
    }

    /// The enrolment widget, once the key has arrived.
    pub async fn widget(&self) -> TotpSetupWidget<'w> {
        TotpSetupWidget::expect(self.0).await
    }
}
