//! Choosing a new password, as the reset, the forced new password and the
//! account page ask for it: the field with the pool's rules ticked off live
//! (as sign-up shows them) and a second field to confirm it.

use super::form::TextField;
use super::password_rules::{PasswordRules, RULES_ID};
use crate::errors::{rule_notice, Alert};
use crate::i18n::{Arg, Msg, Notice};
use cognito_client::password::PasswordPolicy;
use leptos::prelude::*;

/// The new password (`password_id`) with the live rules, then its
/// confirmation (`confirm_id`). `attention` marks the unmet rules after a
/// refused submit.
#[component]
pub(crate) fn NewPasswordFields(
    password_id: &'static str,
    confirm_id: &'static str,
    password: RwSignal<String>,
    confirm: RwSignal<String>,
    attention: RwSignal<bool>,
) -> impl IntoView {
    let policy = crate::use_auth().with_config(|c| c.password_policy.clone());
    view! {
        <TextField
            id=password_id
            label=Msg::FieldNewPassword
            value=password
            input_type="password"
            autocomplete="new-password"
            describedby=RULES_ID
            revealable=true
        />
        <PasswordRules policy password attention />
        <TextField
            id=confirm_id
            label=Msg::FieldConfirmPassword
            value=confirm
            input_type="password"
            autocomplete="new-password"
            revealable=true
        />
    }
}

/// What stops `password` (confirmed by `confirm`) from being sent, if
/// anything: nothing typed, a rule of `policy` unmet (Cognito would answer
/// `InvalidPasswordException`), or two different passwords.
pub(crate) fn new_password_problem(
    policy: &PasswordPolicy,
    password: &str,
    confirm: &str,
) -> Option<Alert> {
    if password.is_empty() {
        return Some(Alert::new(Msg::ErrNewPasswordRequired));
    }
    let unmet = policy.unmet_rules(password);
    if !unmet.is_empty() {
        return Some(Alert::new(Notice::new(Msg::ErrPasswordRules).arg(
            "rules",
            Arg::List(unmet.into_iter().map(rule_notice).collect()),
        )));
    }
    (password != confirm).then(|| Alert::new(Msg::ErrPasswordsDiffer))
}

/// [`new_password_problem`], shown: `error` gets the problem and
/// `attention` whether a rule is unmet. The password to send when there is
/// none.
pub(crate) fn checked_new_password(
    policy: &PasswordPolicy,
    password: RwSignal<String>,
    confirm: RwSignal<String>,
    error: RwSignal<Option<Alert>>,
    attention: RwSignal<bool>,
) -> Option<String> {
    let typed = password.get_untracked();
    match new_password_problem(policy, &typed, &confirm.get_untracked()) {
        Some(problem) => {
            attention.set(!policy.unmet_rules(&typed).is_empty());
            error.set(Some(problem));
            None
        }
        None => Some(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn problem(password: &str, confirm: &str) -> Option<String> {
        new_password_problem(&PasswordPolicy::default(), password, confirm)
            .map(|a| a.notice.render(Lang::En))
    }

    #[test]
    fn empty_then_rules_then_the_confirmation() {
        assert_eq!(problem("", "").as_deref(), Some("Enter a new password."));
        let rules = problem("short", "short").unwrap();
        assert!(
            rules.contains("At least 12 characters") && rules.contains("A number"),
            "{rules}"
        );
        assert!(problem("Correct-Horse-9", "Correct-Horse-8")
            .unwrap()
            .contains("not the same"));
        assert_eq!(problem("Correct-Horse-9", "Correct-Horse-9"), None);
    }
}
