//! Mock external identity providers: `GET /_mock/{provider}/authorize` shows
//! an account chooser; its forms POST back here (with a per-page CSRF token)
//! and the "provider" answers `/oauth2/idpresponse` with a code of its own,
//! or `error=access_denied` on Cancel — as Google or an OIDC provider would.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use sha2::{Digest, Sha256};

use super::html::{self, Chooser, ChooserAccount};
use super::http::{
    form_params, found, path_segment, random_token, with_query, FormRejection, Params,
};
use super::memory::{MockCode, MockPage, MOCK_CODE_TTL, MOCK_PAGE_TTL};
use crate::config::{IdentityProviderConfig, MockAccount};
use crate::email::is_valid_email;
use crate::html_page;
use crate::state::AppState;

/// Longest typed-in value (a user pool attribute value's maximum).
const MAX_TYPED: usize = 2048;

/// Where `/oauth2/authorize` sends the browser for `provider`. The only
/// link to the pending authorization is the random `state`.
pub(super) fn authorize_url(state: &AppState, provider: &str, reference: &str) -> String {
    let base = state.base_url();
    let redirect_uri = idp_response_url(state);
    with_query(
        &format!("{base}/_mock/{}/authorize", path_segment(provider)),
        &[
            ("client_id", "cognito-emulator"),
            ("redirect_uri", &redirect_uri),
            ("response_type", "code"),
            ("scope", "openid email profile"),
            ("state", reference),
        ],
    )
}

/// The one redirect URI the mock providers know.
fn idp_response_url(state: &AppState) -> String {
    format!("{}/oauth2/idpresponse", state.base_url())
}

fn expired() -> Response {
    html::error_page(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "This sign-in page is unknown, expired or already used. Go back to the app and start again.",
    )
}

/// The provider configuration for a pending authorization `reference` that
/// went to `provider`.
fn provider_for<'a>(
    state: &'a AppState,
    provider: &str,
    reference: &str,
    now: i64,
) -> Option<&'a IdentityProviderConfig> {
    let pool_id = {
        let mut hosted = state.hosted();
        hosted.prune(now);
        let pending = hosted.pending.get(reference)?;
        (pending.provider == provider).then(|| pending.request.pool_id.clone())?
    };
    state.config().pool(&pool_id)?.identity_provider(provider)
}

/// `GET /_mock/{provider}/authorize`: the account chooser.
pub(crate) async fn chooser(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let params = Params(query);
    if params.get("redirect_uri") != Some(idp_response_url(&state).as_str()) {
        return html::error_page(
            StatusCode::BAD_REQUEST,
            "redirect_mismatch",
            "The mock identity provider only answers this emulator's /oauth2/idpresponse.",
        );
    }
    let now = state.now();
    let reference = params.get("state").unwrap_or_default();
    let Some(config) = provider_for(&state, &provider, reference, now) else {
        return expired();
    };
    render(&state, config, reference, now, StatusCode::OK, None, "", "")
}

/// Renders the chooser with a fresh CSRF token bound to this provider and
/// pending authorization.
#[allow(clippy::too_many_arguments)]
fn render(
    state: &AppState,
    config: &IdentityProviderConfig,
    reference: &str,
    now: i64,
    status: StatusCode,
    error: Option<&str>,
    typed_email: &str,
    typed_name: &str,
) -> Response {
    let csrf = random_token();
    state.hosted().mock_pages.insert(
        csrf.clone(),
        MockPage {
            provider: config.name.clone(),
            state: reference.to_owned(),
            expires_at: now + MOCK_PAGE_TTL,
        },
    );
    let action = format!("/_mock/{}/authorize", path_segment(&config.name));
    // The forms post here ('self'), which redirects through
    // /oauth2/idpresponse ('self') to the app's redirect_uri; browsers check
    // form-action on every redirect of a form submission, so its origin too.
    let mut form_action = vec!["'self'".to_owned()];
    let redirect_uri = state
        .hosted()
        .pending
        .get(reference)
        .map(|p| p.request.redirect_uri.clone());
    form_action.extend(
        redirect_uri
            .as_deref()
            .and_then(html_page::form_action_source),
    );
    let page = html::chooser_page(&Chooser {
        provider: &config.name,
        action: &action,
        csrf: &csrf,
        state: reference,
        accounts: config
            .accounts
            .iter()
            .map(|a| ChooserAccount {
                sub: &a.sub,
                email: &a.email,
                name: &a.name,
            })
            .collect(),
        error,
        typed_email,
        typed_name,
    });
    html::respond(status, page, &form_action)
}

/// `POST /_mock/{provider}/authorize`: a seeded account (`account`), a typed
/// one (`action=continue` with `email`, `name`) or `action=cancel`.
pub(crate) async fn choose(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    request: Request,
) -> Response {
    let params = match form_params(request).await {
        Ok(params) => params,
        Err(rejection) => {
            let description = match rejection {
                FormRejection::ContentType => "Send the form as application/x-www-form-urlencoded.",
                FormRejection::Unreadable => "The form could not be read.",
            };
            return html::error_page(StatusCode::BAD_REQUEST, "invalid_request", description);
        }
    };
    let now = state.now();
    let reference = params.get("state").unwrap_or_default();
    // The CSRF token is single-use and must belong to this page: this
    // provider and this pending authorization.
    let page_ok = params.get("csrf").is_some_and(|csrf| {
        let mut hosted = state.hosted();
        hosted.prune(now);
        hosted
            .mock_pages
            .remove(csrf)
            .is_some_and(|p| p.provider == provider && p.state == reference && p.expires_at > now)
    });
    if !page_ok {
        return expired();
    }
    let Some(config) = provider_for(&state, &provider, reference, now) else {
        return expired();
    };
    let idp_response = idp_response_url(&state);
    if params.get("action") == Some("cancel") {
        return found(&with_query(
            &idp_response,
            &[
                ("error", "access_denied"),
                ("error_description", "The user cancelled the sign-in."),
                ("state", reference),
            ],
        ));
    }
    let claims = match chosen_claims(config, &params) {
        Ok(claims) => claims,
        Err((problem, typed_email, typed_name)) => {
            return render(
                &state,
                config,
                reference,
                now,
                StatusCode::BAD_REQUEST,
                Some(problem),
                typed_email,
                typed_name,
            )
        }
    };
    let code = random_token();
    state.hosted().mock_codes.insert(
        code.clone(),
        MockCode {
            provider: config.name.clone(),
            state: reference.to_owned(),
            claims,
            expires_at: now + MOCK_CODE_TTL,
        },
    );
    found(&with_query(
        &idp_response,
        &[("code", &code), ("state", reference)],
    ))
}

/// The claims of the chosen account: a seeded one (`account`) or a typed one
/// (`email`, `name`). Otherwise the problem to show on the chooser, with the
/// typed-in values to show again.
fn chosen_claims<'a>(
    config: &IdentityProviderConfig,
    params: &'a Params,
) -> Result<BTreeMap<String, String>, (&'static str, &'a str, &'a str)> {
    if let Some(sub) = params.get("account") {
        return config
            .accounts
            .iter()
            .find(|a| a.sub == sub)
            .map(account_claims)
            .ok_or(("That account does not exist.", "", ""));
    }
    let email = params.get("email").unwrap_or_default().trim();
    let name = params.get("name").unwrap_or_default().trim();
    if !is_valid_email(email) || email.len() > MAX_TYPED {
        return Err(("Enter a valid e-mail address.", email, name));
    }
    if name.is_empty() || name.len() > MAX_TYPED {
        return Err(("Enter a name.", email, name));
    }
    Ok(typed_claims(config, email, name))
}

fn account_claims(a: &MockAccount) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("sub".to_owned(), a.sub.clone()),
        ("email".to_owned(), a.email.clone()),
        ("name".to_owned(), a.name.clone()),
        ("email_verified".to_owned(), a.email_verified.to_string()),
    ])
}

/// A typed-in account. Its `sub` is the seeded account's for a seeded
/// address, otherwise derived from the address, so typing it again signs in
/// the same federated user.
fn typed_claims(
    config: &IdentityProviderConfig,
    email: &str,
    name: &str,
) -> BTreeMap<String, String> {
    let sub = config
        .accounts
        .iter()
        .find(|a| a.email.eq_ignore_ascii_case(email))
        .map_or_else(|| derived_sub(&config.name, email), |a| a.sub.clone());
    account_claims(&MockAccount {
        sub,
        email: email.to_owned(),
        name: name.to_owned(),
        email_verified: true,
    })
}

/// 21 decimal digits from SHA-256 of the provider and the lower-cased
/// address, shaped like a Google account id.
fn derived_sub(provider: &str, email: &str) -> String {
    let digest = Sha256::digest(format!("{provider}\n{}", email.to_lowercase()).as_bytes());
    let digits: String = digest
        .iter()
        .take(20)
        .map(|b| char::from(b'0' + b % 10))
        .collect();
    format!("1{digits}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_subs_are_stable_and_case_insensitive() {
        let a = derived_sub("Google", "Someone@Example.com");
        assert_eq!(a, derived_sub("Google", "someone@example.com"));
        assert_ne!(a, derived_sub("Corporate", "someone@example.com"));
        assert_eq!(a.len(), 21);
        assert!(a.bytes().all(|b| b.is_ascii_digit()));
    }
}
