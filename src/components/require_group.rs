//! Content for members of a user pool group only (role-based access from
//! the verified ID token's `cognito:groups`), and the account page's demo
//! of it.

use crate::i18n::{use_i18n, Msg, Notice};
use leptos::prelude::*;

/// Shows `children` only to members of `group` (the signed-in user's
/// verified `cognito:groups`); to everyone else `fallback`, or by default a
/// "not allowed" message (`require-group-denied`, `data-group`). Follows
/// the session: a renewal that adds or removes the group shows at once.
///
/// This hides content; it does not protect data. The API behind it must
/// check the token itself (API Gateway's Cognito authorizer does).
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::RequireGroup;
///
/// #[component]
/// fn Dashboard() -> impl IntoView {
///     view! {
///         <RequireGroup group="admin">
///             <p>"Only administrators read this."</p>
///         </RequireGroup>
///     }
/// }
/// ```
#[component]
pub fn RequireGroup(
    /// The group name, as in the user pool (case-sensitive).
    #[prop(into)]
    group: String,
    /// What non-members see instead of the default message.
    #[prop(optional, into)]
    fallback: Option<ViewFn>,
    children: ChildrenFn,
) -> impl IntoView {
    let auth = crate::use_auth();
    let i18n = use_i18n();
    let group = StoredValue::new(group);
    let member = Memo::new(move |_| group.with_value(|g| auth.is_in_group(g)));
    move || {
        if member.get() {
            children().into_any()
        } else if let Some(fallback) = &fallback {
            fallback.run()
        } else {
            let name = group.get_value();
            let notice = Notice::new(Msg::RequireGroupDenied).arg("group", name.as_str());
            view! {
                <p class="lc-guard" role="note" data-testid="require-group-denied" data-group=name>
                    {move || i18n.render(&notice)}
                </p>
            }
            .into_any()
        }
    }
}

/// The account page's administrators-only section (`admin-panel`), behind
/// [`RequireGroup`].
#[component]
pub(crate) fn AdminPanel() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="lc-section" aria-labelledby="lc-admin-title">
            <h2 class="lc-card__subtitle" id="lc-admin-title">
                {move || i18n.t(Msg::AdminPanelTitle)}
            </h2>
            <RequireGroup group="admin">
                <p class="lc-card__note" data-testid="admin-panel">
                    {move || i18n.t(Msg::AdminPanelBody)}
                </p>
            </RequireGroup>
        </section>
    }
}
