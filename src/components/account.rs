//! The signed-in user's account: who they are, two-step verification,
//! changing the password, the verified session, groups, AWS credentials, the
//! protected API, the ID token claims, sign-out.

use super::account_mfa::AccountMfa;
use super::alerts::{ErrorRegion, InfoRegion};
use super::change_password::ChangePasswordSection;
use super::federated::FederatedIdentityDetails;
use super::form::SubmitButton;
use super::layout::Card;
use super::{AdminPanel, IdentityCredentials, SampleApi, SessionInfo, SessionNotice};
use crate::auth::SignedOut;
use crate::errors::{Alert, Op};
use crate::flash::ScreenKind;
use crate::i18n::{use_i18n, Arg, Msg, Notice};
use crate::nav::use_nav;
use leptos::prelude::*;

/// The account screen (`screen-account`). Shows nothing but the card when
/// nobody is signed in (the routes redirect before that).
#[component]
pub fn AccountScreen() -> impl IntoView {
    let auth = crate::use_auth();
    let nav = use_nav();
    let i18n = use_i18n();
    let error = RwSignal::new(None::<Alert>);
    let info = RwSignal::new(nav.take_flash(ScreenKind::Account));
    let session = Memo::new(move |_| auth.session());

    let sign_out = Action::new_local(move |_: &()| async move {
        let email = session
            .get_untracked()
            .and_then(|s| s.email().map(str::to_owned))
            .unwrap_or_default();
        let notice = match auth.sign_out_leaving_state().await {
            // A social session: the page leaves for the user pool domain's
            // /logout, and the notice waits in sessionStorage.
            SignedOut::LeavingForLogout => return,
            SignedOut::Here(Ok(())) => Notice::new(Msg::InfoSignedOut),
            SignedOut::Here(Err(e)) => {
                let reason = auth.describe(Op::SignOut, &e, &email);
                Notice::new(Msg::InfoSignedOutLocally).arg("reason", Arg::List(vec![reason.notice]))
            }
        };
        nav.signed_out(notice);
        auth.set_signed_out();
    });
    let pending = sign_out.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked() {
            sign_out.dispatch(());
        }
    };

    let not_set = move || i18n.t(Msg::AccountNotSet).to_owned();
    view! {
        <Card screen="account" title=Msg::AccountTitle wide=true>
            <InfoRegion info />
            <ErrorRegion error />
            <SessionNotice />
            {move || {
                session
                    .get()
                    .map(|s| {
                        let email = s.email().map(str::to_owned);
                        let name = s.name().map(str::to_owned);
                        let sub = s.sub().map(str::to_owned);
                        view! {
                            <dl class="lc-details">
                                <div class="lc-details__row">
                                    <dt>{move || i18n.t(Msg::AccountEmail)}</dt>
                                    <dd data-testid="account-email">
                                        {move || email.clone().unwrap_or_else(not_set)}
                                    </dd>
                                </div>
                                <div class="lc-details__row">
                                    <dt>{move || i18n.t(Msg::AccountName)}</dt>
                                    <dd data-testid="account-name">
                                        {move || name.clone().unwrap_or_else(not_set)}
                                    </dd>
                                </div>
                                <div class="lc-details__row">
                                    <dt>{move || i18n.t(Msg::AccountSub)}</dt>
                                    <dd class="lc-details__mono" data-testid="account-sub">
                                        {move || sub.clone().unwrap_or_else(not_set)}
                                    </dd>
                                </div>
                            </dl>
                            <FederatedIdentityDetails session=s.clone() />
                        }
                    })
            }}
            // Cognito applies no MFA to federated users: their provider does.
            <Show when=move || {
                !session.with(|s| s.as_ref().is_some_and(|s| crate::federation::is_federated(s.claims())))
            }>
                <AccountMfa error info />
            </Show>
            <ChangePasswordSection />
            // Session (issue 8): the verified session, groups, AWS
            // credentials and the protected API.
            <SessionInfo />
            <AdminPanel />
            <IdentityCredentials />
            <SampleApi />
            {move || {
                session
                    .get()
                    .map(|s| {
                        let claims = s.claims_pretty();
                        view! {
                            <h2 class="lc-card__subtitle">{move || i18n.t(Msg::AccountClaims)}</h2>
                            <p class="lc-card__note">{move || i18n.t(Msg::AccountClaimsNote)}</p>
                            <pre class="lc-claims" data-testid="account-claims" tabindex="0">
                                {claims}
                            </pre>
                        }
                    })
            }}
            <form class="lc-form" on:submit=on_submit>
                <SubmitButton
                    testid="sign-out"
                    label=Msg::SignOut
                    busy_label=Msg::SignOutBusy
                    busy=pending
                />
            </form>
        </Card>
    }
}
