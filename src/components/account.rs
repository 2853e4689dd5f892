//! The signed-in user's account: who they are, two-step verification,
//! changing the password, the verified session, groups, AWS credentials, the
//! protected API, the ID token claims, sign-out.

use super::account_mfa::AccountMfa;
use super::alerts::{ErrorRegion, InfoRegion};
use super::change_password::ChangePasswordSection;
use super::federated::FederatedIdentityDetails;
use super::form::SubmitButton;
use super::layout::{Card, DetailRow};
use super::{AdminPanel, IdentityCredentials, SampleApi, SessionInfo, SessionNotice};
use crate::auth::SignedOut;
use crate::config::SignInWith;
use crate::errors::{Alert, Op};
use crate::flash::ScreenKind;
use crate::i18n::{use_i18n, Arg, Lang, Msg, Notice};
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
    let with = auth.with_config(|c| c.sign_in_with());
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
                        let given = s.claim("given_name").map(str::to_owned);
                        let family = s.claim("family_name").map(str::to_owned);
                        let sub = s.sub().map(str::to_owned);
                        // What this user signs in with, where it is not the
                        // email address: the phone number, or the username
                        // (a UUID, the `sub`, in pools that sign in by an
                        // attribute, so not worth a row there).
                        // A federated user's username is in the identity
                        // details below.
                        let phone = s.claim("phone_number").map(str::to_owned);
                        let username = (matches!(with, SignInWith::Username { .. })
                            && !crate::federation::is_federated(s.claims()))
                        .then(|| s.claim("cognito:username").map(str::to_owned))
                        .flatten();
                        let show_phone = phone.is_some() || with.signs_in_by_phone();
                        let or_not_set = move |v: Option<String>| v.unwrap_or_else(not_set);
                        let name = Signal::derive(move || {
                            or_not_set(
                                name.clone()
                                    .or_else(|| full_name(i18n.lang(), given.as_deref(), family.as_deref())),
                            )
                        });
                        view! {
                            <dl class="lc-details">
                                {username
                                    .map(|username| {
                                        view! {
                                            <DetailRow
                                                term=Msg::AccountUsername
                                                testid="account-username"
                                                value=username
                                            />
                                        }
                                    })}
                                <DetailRow
                                    term=Msg::AccountEmail
                                    testid="account-email"
                                    value=Signal::derive(move || or_not_set(email.clone()))
                                />
                                <DetailRow term=Msg::AccountName testid="account-name" value=name />
                                {show_phone
                                    .then(|| {
                                        view! {
                                            <DetailRow
                                                term=Msg::AccountPhone
                                                testid="account-phone"
                                                value=Signal::derive(move || or_not_set(phone.clone()))
                                            />
                                        }
                                    })}
                                <DetailRow
                                    term=Msg::AccountSub
                                    testid="account-sub"
                                    value=Signal::derive(move || or_not_set(sub.clone()))
                                    mono=true
                                />
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

/// The name from `given_name` and `family_name` (OpenID Connect Core 1.0,
/// 5.1) when there is no `name`: family name first in the languages that
/// write it so (山田 花子), given name first otherwise.
fn full_name(lang: Lang, given: Option<&str>, family: Option<&str>) -> Option<String> {
    let family_first = matches!(lang, Lang::Ja | Lang::Ko | Lang::ZhCn | Lang::ZhTw);
    let parts = if family_first {
        [family, given]
    } else {
        [given, family]
    };
    let name = parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let name: Vec<&str> = name.collect();
    (!name.is_empty()).then(|| name.join(" "))
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn a_name_from_its_parts_in_the_languages_order() {
        assert_eq!(
            full_name(Lang::En, Some("Hanako"), Some("Yamada")).as_deref(),
            Some("Hanako Yamada")
        );
        assert_eq!(
            full_name(Lang::Ja, Some("花子"), Some("山田")).as_deref(),
            Some("山田 花子")
        );
        assert_eq!(
            full_name(Lang::De, Some("Ada"), None).as_deref(),
            Some("Ada")
        );
        assert_eq!(full_name(Lang::En, None, Some(" ")), None);
    }
}
