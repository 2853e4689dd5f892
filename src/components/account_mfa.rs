//! The account page's two-step verification section: the status from
//! `GetUser`, setting up an authenticator app and turning it off — each
//! offered only where the pool's MFA setting (`mfa` in `config.json`) lets
//! it work.

use super::form::{focus, BusyButton};
use super::totp_setup::{enrolment_input, TotpSetupWidget};
use crate::errors::{Alert, Op};
use crate::i18n::{use_i18n, Msg, Notice};
use crate::mfa;
use cognito_client::secret::SecretCode;
use cognito_client::CognitoError;
use leptos::prelude::*;

/// What the page knows of the user's TOTP MFA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Loading,
    Enabled,
    Disabled,
    /// `GetUser` failed; the error says why.
    Unknown,
}

/// `mfa-status` (`data-enabled="true"`/`"false"` once known) and the
/// buttons `totp-setup-start` (while MFA is off, unless the config's `mfa`
/// is `OFF`: the pool would refuse the key) / `totp-disable` (while it is
/// on, unless `mfa` is `ON`: the next sign-in would ask to set it up
/// again). Messages go to the card's `error` and `info` regions.
#[component]
pub(crate) fn AccountMfa(
    error: RwSignal<Option<Alert>>,
    info: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let auth = crate::use_auth();
    let i18n = use_i18n();
    let pool_mfa = auth.with_config(|c| c.mfa);
    let status = RwSignal::new(Status::Loading);
    // The key being set up, between AssociateSoftwareToken and a verified code.
    let setup = RwSignal::new(None::<SecretCode>);
    let code = RwSignal::new(String::new());
    let device_name = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();

    let show_error = move |e: CognitoError| {
        let email = auth
            .session()
            .and_then(|s| s.email().map(str::to_owned))
            .unwrap_or_default();
        error.set(Some(auth.describe(Op::TotpSettings, &e, &email)));
    };

    let load = Action::new_local(move |_: &()| async move {
        let Some(session) = auth.fresh_session().await else {
            return;
        };
        match mfa::load_status(&auth.client(), &session.tokens().access_token).await {
            Ok(true) => status.set(Status::Enabled),
            Ok(false) => status.set(Status::Disabled),
            Err(e) => {
                status.set(Status::Unknown);
                show_error(e);
            }
        }
    });
    load.dispatch(());
    let reload = move || {
        status.set(Status::Loading);
        load.dispatch(());
    };

    let start = Action::new_local(move |_: &()| async move {
        let Some(session) = auth.fresh_session().await else {
            return;
        };
        let result = auth
            .client()
            .associate_software_token_with_access_token(&session.tokens().access_token)
            .await;
        match result {
            Ok(response) => {
                code.set(String::new());
                device_name.set(String::new());
                setup.set(Some(response.secret_code));
            }
            Err(e) => show_error(e),
        }
    });

    let verify = Action::new_local(move |(typed, device): &(String, Option<String>)| {
        let (typed, device) = (typed.clone(), device.clone());
        async move {
            let Some(session) = auth.fresh_session().await else {
                return;
            };
            let token = &session.tokens().access_token;
            match mfa::enable(&auth.client(), token, &typed, device.as_deref()).await {
                Ok(()) => {
                    setup.set(None);
                    info.set(Some(Notice::new(Msg::InfoTotpEnabled)));
                    reload();
                }
                Err(e) => {
                    // The code stays in the field, to be corrected.
                    show_error(e);
                    focus(input);
                }
            }
        }
    });
    let verifying = verify.pending();
    let on_verify = Callback::new(move |()| {
        if verifying.get_untracked() {
            return;
        }
        if let Some(typed_and_device) = enrolment_input(code, device_name, error, input) {
            info.set(None);
            verify.dispatch(typed_and_device);
        }
    });

    let disable = Action::new_local(move |_: &()| async move {
        let Some(session) = auth.fresh_session().await else {
            return;
        };
        match mfa::disable(&auth.client(), &session.tokens().access_token).await {
            Ok(()) => {
                info.set(Some(Notice::new(Msg::InfoTotpDisabled)));
                reload();
            }
            Err(e) => show_error(e),
        }
    });

    let busy_starting = start.pending();
    let busy_disabling = disable.pending();
    let on_start = Callback::new(move |()| {
        if !busy_starting.get_untracked() {
            error.set(None);
            info.set(None);
            start.dispatch(());
        }
    });
    let on_disable = Callback::new(move |()| {
        if !busy_disabling.get_untracked() {
            error.set(None);
            info.set(None);
            disable.dispatch(());
        }
    });
    let on_cancel = move |_| {
        // The associated key stays unverified, so it never becomes a factor.
        setup.set(None);
        error.set(None);
    };

    let account = move || {
        auth.session()
            .and_then(|s| s.email().map(str::to_owned))
            .unwrap_or_default()
    };
    let status_text = move || {
        i18n.t(match status.get() {
            Status::Loading => Msg::MfaStatusLoading,
            Status::Enabled => Msg::MfaStatusEnabled,
            Status::Disabled => Msg::MfaStatusDisabled,
            Status::Unknown => Msg::MfaStatusUnknown,
        })
    };
    let enabled_attr = move || match status.get() {
        Status::Enabled => Some("true"),
        Status::Disabled => Some("false"),
        Status::Loading | Status::Unknown => None,
    };
    let setting_up = Memo::new(move |_| setup.with(Option::is_some));

    view! {
        <section class="lc-section" aria-labelledby="lc-mfa-title">
            <h2 class="lc-card__subtitle" id="lc-mfa-title">
                {move || i18n.t(Msg::AccountMfa)}
            </h2>
            <dl class="lc-details">
                <div class="lc-details__row">
                    <dt>{move || i18n.t(Msg::AccountMfaStatus)}</dt>
                    <dd
                        class=move || match status.get() {
                            Status::Enabled => "lc-status lc-status--on",
                            _ => "lc-status",
                        }
                        data-testid="mfa-status"
                        data-enabled=enabled_attr
                        aria-live="polite"
                    >
                        {status_text}
                    </dd>
                </div>
            </dl>
            {move || match (status.get(), setting_up.get()) {
                (Status::Enabled, false) if !pool_mfa.allows_turning_off() => {
                    view! {
                        <p class="lc-card__note" data-testid="mfa-required">
                            {move || i18n.t(Msg::MfaRequiredNote)}
                        </p>
                    }
                        .into_any()
                }
                (Status::Enabled, false) => {
                    view! {
                        <div class="lc-section__actions">
                            <BusyButton
                                testid="totp-disable"
                                label=Msg::TotpDisable
                                busy_label=Msg::TotpDisableBusy
                                busy=busy_disabling
                                on_click=on_disable
                            />
                        </div>
                    }
                        .into_any()
                }
                (Status::Disabled, false) if !pool_mfa.offers_totp_setup() => {
                    view! {
                        <p class="lc-card__note" data-testid="mfa-not-offered">
                            {move || i18n.t(Msg::MfaNotOffered)}
                        </p>
                    }
                        .into_any()
                }
                (Status::Disabled | Status::Unknown, false) if pool_mfa.offers_totp_setup() => {
                    view! {
                        <div class="lc-section__actions">
                            <BusyButton
                                testid="totp-setup-start"
                                label=Msg::TotpSetupStart
                                busy_label=Msg::TotpSetupStartBusy
                                busy=busy_starting
                                on_click=on_start
                            />
                        </div>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
            {move || {
                setup
                    .get()
                    .map(|secret| {
                        view! {
                            <TotpSetupWidget
                                secret
                                account=account()
                                code
                                device_name
                                code_ref=input
                                busy=verifying
                                submit_label=Msg::TotpSetupSubmit
                                on_submit=on_verify
                                nested=true
                            />
                            <button
                                type="button"
                                class="lc-link lc-link--button lc-totp__cancel"
                                data-testid="totp-setup-cancel"
                                on:click=on_cancel
                            >
                                {move || i18n.t(Msg::TotpSetupCancel)}
                            </button>
                        }
                    })
            }}
        </section>
    }
}
