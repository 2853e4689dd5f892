//! The password rules of the pool, ticked off live as the user types.

use crate::errors::rule_notice;
use crate::i18n::{use_i18n, Msg};
use cognito_client::password::PasswordPolicy;
use leptos::prelude::*;

/// Id of the rules block, for `aria-describedby` on the password input.
pub(crate) const RULES_ID: &str = "lc-password-rules";

/// One `<li data-testid="password-rule-{key}" data-met="true|false">` per
/// rule of `policy`, with a visible ✓/✗ and a spoken "done"/"not yet".
/// `attention` marks the unmet ones after a refused submit.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{use_auth, PasswordRules};
///
/// /// A password field of your own, with the pool's rules under it.
/// #[component]
/// fn NewPassword() -> impl IntoView {
///     let policy = use_auth().config().password_policy;
///     let password = RwSignal::new(String::new());
///     view! {
///         <input type="password" autocomplete="new-password" bind:value=password />
///         <PasswordRules policy password />
///     }
/// }
/// ```
#[component]
pub fn PasswordRules(
    /// The policy to check against.
    policy: PasswordPolicy,
    /// The password as typed.
    #[prop(into)]
    password: Signal<String>,
    /// Emphasise the rules that are not met yet.
    #[prop(into, optional)]
    attention: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = policy
        .rules()
        .into_iter()
        .map(|rule| {
            let met = Memo::new(move |_| password.with(|p| rule.is_met(p)));
            let notice = rule_notice(rule);
            let class = move || match (met.get(), attention.get()) {
                (true, _) => "lc-rule lc-rule--met",
                (false, false) => "lc-rule lc-rule--unmet",
                (false, true) => "lc-rule lc-rule--unmet lc-rule--attention",
            };
            view! {
                <li
                    class=class
                    data-testid=format!("password-rule-{}", rule.key())
                    data-met=move || met.get().to_string()
                >
                    <span class="lc-rule__mark" aria-hidden="true">
                        {move || if met.get() { "✓" } else { "✗" }}
                    </span>
                    <span class="lc-rule__text">{move || i18n.render(&notice)}</span>
                    <span class="lc-visually-hidden">
                        {move || {
                            format!(" ({})", i18n.t(if met.get() { Msg::RuleMet } else { Msg::RuleUnmet }))
                        }}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="lc-rules" id=RULES_ID>
            <p class="lc-rules__heading">{move || i18n.t(Msg::PasswordRulesHeading)}</p>
            <ul class="lc-rules__list" data-testid="password-rules">
                {items}
            </ul>
        </div>
    }
}
