//! The authenticator enrolment widget, shared by the account page and the
//! `MFA_SETUP` sign-in step: the key as a QR code, as text in groups of four
//! (with a copy button) and as the `otpauth://` link, then the first code.

use super::form::{focus, is_otp, CodeField, SubmitButton, TextField};
use crate::errors::Alert;
use crate::i18n::{use_i18n, Msg, Notice};
use crate::mfa::{copy_to_clipboard, SetupKey};
use cognito_client::secret::SecretCode;
use leptos::prelude::*;

const DEVICE_HINT_ID: &str = "lc-totp-device-hint";

/// Shows `secret` for `account` (under the configured `totpIssuer`) and asks
/// for the code the authenticator then shows. Test ids: `totp-qr`,
/// `totp-secret`, `totp-copy`, `totp-copy-status`, `totp-uri`,
/// `totp-setup-code`, `totp-device-name`, `totp-setup-submit`.
#[component]
pub(crate) fn TotpSetupWidget(
    /// `AssociateSoftwareToken`'s `SecretCode`.
    secret: SecretCode,
    /// The account name in the authenticator (the user's email).
    account: String,
    /// The code as typed; kept after a wrong code so it can be corrected.
    code: RwSignal<String>,
    /// `FriendlyDeviceName`, optional.
    device_name: RwSignal<String>,
    /// The code input, to focus it after an error.
    #[prop(optional)]
    code_ref: NodeRef<leptos::html::Input>,
    /// While the code is being checked.
    #[prop(into)]
    busy: Signal<bool>,
    /// The submit button's label.
    submit_label: Msg,
    /// Runs on submit; the owner reads `code` and `device_name`.
    on_submit: Callback<()>,
    /// Headings one level down (`<h3>`), inside a section that has an `<h2>`.
    #[prop(optional)]
    nested: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let issuer = crate::try_use_auth()
        .map(|auth| auth.with_config(|c| c.totp_issuer.clone()))
        .unwrap_or_default();
    let SetupKey {
        plain,
        grouped,
        uri,
        qr_svg,
    } = SetupKey::new(&issuer, &account, &secret);

    // None: not tried; Some(true): copied; Some(false): refused.
    let copied = RwSignal::new(None::<bool>);
    let copy = Action::new_local(move |text: &String| {
        let text = text.clone();
        async move { copied.set(Some(copy_to_clipboard(&text).await.is_ok())) }
    });
    let on_copy = move |_| {
        copied.set(None);
        copy.dispatch(plain.clone());
    };
    let on_form_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_submit.run(());
    };

    let heading = move |msg: Msg| {
        if nested {
            view! { <h3 class="lc-totp__step">{move || i18n.t(msg)}</h3> }.into_any()
        } else {
            view! { <h2 class="lc-totp__step">{move || i18n.t(msg)}</h2> }.into_any()
        }
    };
    let qr_label = Notice::new(Msg::TotpQrLabel).arg("account", account);

    view! {
        <div class="lc-totp" data-testid="totp-setup">
            {heading(Msg::TotpScanHeading)}
            {qr_svg
                .map(|svg| {
                    view! {
                        <div
                            class="lc-totp__qr"
                            role="img"
                            aria-label=move || i18n.render(&qr_label)
                            data-testid="totp-qr"
                            inner_html=svg
                        ></div>
                    }
                })}
            <p class="lc-card__note">{move || i18n.t(Msg::TotpManualHeading)}</p>
            <div class="lc-totp__key">
                <code class="lc-totp__secret" data-testid="totp-secret" translate="no">
                    {grouped}
                </code>
                <button
                    type="button"
                    class="lc-button lc-button--secondary lc-button--inline"
                    data-testid="totp-copy"
                    on:click=on_copy
                >
                    {move || i18n.t(Msg::TotpCopy)}
                </button>
            </div>
            <p
                class=move || match copied.get() {
                    Some(false) => "lc-totp__copy-status lc-totp__copy-status--failed",
                    _ => "lc-totp__copy-status",
                }
                role="status"
                aria-live="polite"
                data-testid="totp-copy-status"
            >
                {move || {
                    copied
                        .get()
                        .map(|ok| i18n.t(if ok { Msg::TotpCopied } else { Msg::TotpCopyFailed }))
                }}
            </p>
            <p class="lc-card__note">{move || i18n.t(Msg::TotpUriHeading)}</p>
            <code class="lc-totp__uri" data-testid="totp-uri" translate="no">
                {uri}
            </code>
            {heading(Msg::TotpCodeHeading)}
            <form class="lc-form" novalidate=true on:submit=on_form_submit>
                <CodeField id="totp-setup-code" label=Msg::FieldMfaCode value=code node_ref=code_ref />
                <TextField
                    id="totp-device-name"
                    label=Msg::FieldDeviceName
                    value=device_name
                    autocomplete="off"
                    describedby=DEVICE_HINT_ID
                    optional=true
                />
                <p class="lc-field__hint" id=DEVICE_HINT_ID>
                    {move || i18n.t(Msg::TotpDeviceHint)}
                </p>
                <SubmitButton
                    testid="totp-setup-submit"
                    label=submit_label
                    busy_label=Msg::TotpVerifyBusy
                    busy
                />
            </form>
        </div>
    }
}

/// What the enrolment widget holds for `VerifySoftwareToken`: the first code
/// and the optional device name; `None` after telling the user the code is
/// not six digits (the field keeps what was typed and gets the focus).
pub(crate) fn enrolment_input(
    code: RwSignal<String>,
    device_name: RwSignal<String>,
    error: RwSignal<Option<Alert>>,
    input: NodeRef<leptos::html::Input>,
) -> Option<(String, Option<String>)> {
    let typed = code.get_untracked();
    if !is_otp(&typed) {
        error.set(Some(Alert::new(Msg::ErrMfaCodeRequired)));
        focus(input);
        return None;
    }
    error.set(None);
    let device = Some(device_name.get_untracked().trim().to_owned()).filter(|d| !d.is_empty());
    Some((typed, device))
}
