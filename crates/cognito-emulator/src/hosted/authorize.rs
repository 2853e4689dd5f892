//! `GET /oauth2/authorize`, `/oauth2/idpresponse`, `/login` and `/logout`
//! (Developer Guide, "Authorize endpoint", "Login endpoint", "Logout
//! endpoint").

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::html::{self, ProviderLink};
use super::http::{
    clear_session_cookie, cookie, error_redirect, form_encode, found, random_token, session_cookie,
    with_query, with_set_cookie, Params, SESSION_COOKIE,
};
use super::memory::{
    AuthorizationCode, AuthorizationRequest, HostedSession, PendingAuthorization, CODE_TTL,
    PENDING_TTL, SESSION_TTL,
};
use super::{federation, mock_idp};
use crate::config::{ClientConfig, IdentityProviderConfig, OAuthFlow, PoolConfig};
use crate::state::AppState;

type Pairs = Query<Vec<(String, String)>>;

/// Cognito's own wording for a missing or unregistered sign-out target.
const NO_REDIRECT_URI: &str = "Required String parameter 'redirect_uri' is not present";

/// The client and a registered `redirect_uri`, or the error page: errors
/// about these two are never redirected (RFC 6749 §4.1.2.1).
#[allow(clippy::result_large_err)]
fn client_and_redirect<'a>(
    state: &'a AppState,
    params: &'a Params,
) -> Result<(&'a PoolConfig, &'a ClientConfig, &'a str), Response> {
    let page =
        |error: &str, message: &str| html::error_page(StatusCode::BAD_REQUEST, error, message);
    if params.count("client_id") > 1 || params.count("redirect_uri") > 1 {
        return Err(page(
            "invalid_request",
            "client_id and redirect_uri must be given once.",
        ));
    }
    let client_id = params.get("client_id").ok_or_else(|| {
        page(
            "invalid_request",
            "Required String parameter 'client_id' is not present",
        )
    })?;
    let (pool, client) = state.config().client(client_id).ok_or_else(|| {
        page(
            "invalid_client",
            &format!("User pool client {client_id} does not exist."),
        )
    })?;
    let redirect_uri = params
        .get("redirect_uri")
        .ok_or_else(|| page("invalid_request", NO_REDIRECT_URI))?;
    // Exact string comparison: no prefix, wildcard or normalisation
    // (RFC 9700 §2.1, §4.1.3).
    if !client.callback_urls.iter().any(|u| u == redirect_uri) {
        return Err(page(
            "redirect_mismatch",
            "redirect_uri is not one of the app client's callback URLs (an exact match is required).",
        ));
    }
    Ok((pool, client, redirect_uri))
}

/// `scope` (space-separated) within the client's allowed scopes; omitted
/// means all of them. `Err` names the first scope that is not allowed.
fn granted_scopes(client: &ClientConfig, scope: Option<&str>) -> Result<Vec<String>, String> {
    let mut granted: Vec<String> = Vec::new();
    for s in scope
        .unwrap_or_default()
        .split(' ')
        .filter(|s| !s.is_empty())
    {
        if !client.allowed_oauth_scopes.iter().any(|a| a == s) {
            return Err(s.to_owned());
        }
        if !granted.iter().any(|g| g == s) {
            granted.push(s.to_owned());
        }
    }
    if granted.is_empty() {
        granted.clone_from(&client.allowed_oauth_scopes);
    }
    Ok(granted)
}

/// A `code_challenge` for S256: base64url of a SHA-256 digest, 43
/// characters (RFC 7636 §4.2).
fn is_s256_challenge(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `identity_provider` / `idp_identifier`: `Ok(None)` for the user pool
/// itself (`COGNITO`, or neither parameter).
fn requested_provider<'a>(
    pool: &'a PoolConfig,
    client: &ClientConfig,
    params: &Params,
) -> Result<Option<&'a IdentityProviderConfig>, String> {
    if let Some(name) = params.get("identity_provider") {
        if name == "COGNITO" {
            return if client.supports_identity_provider("COGNITO") {
                Ok(None)
            } else {
                Err("COGNITO is not a supported identity provider of this client.".into())
            };
        }
        return match pool.identity_provider(name) {
            Some(p) if client.supports_identity_provider(name) => Ok(Some(p)),
            _ => Err(format!(
                "The identity provider {name} is not enabled for this client."
            )),
        };
    }
    if let Some(id) = params.get("idp_identifier") {
        return match pool.identity_provider_by_identifier(id) {
            Some(p) if client.supports_identity_provider(&p.name) => Ok(Some(p)),
            _ => Err(format!(
                "No identity provider of this client has the identifier {id}."
            )),
        };
    }
    Ok(None)
}

/// `GET /oauth2/authorize`.
pub(crate) async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Pairs,
) -> Response {
    let params = Params(query);
    let (pool, client, redirect_uri) = match client_and_redirect(&state, &params) {
        Ok(v) => v,
        Err(page) => return page,
    };
    let app_state = params.get("state");
    let fail = |error: &str, description: &str| {
        error_redirect(redirect_uri, error, description, app_state)
    };
    if let Some(name) = params.repeated() {
        return fail(
            "invalid_request",
            &format!("The parameter {name} is given more than once."),
        );
    }
    match params.get("response_type") {
        Some("code") => {}
        None => return fail("invalid_request", "response_type is required."),
        // The implicit grant is not implemented (and RFC 9700 §2.1.2 advises
        // against it).
        Some(_) => {
            return fail(
                "unsupported_response_type",
                "Only response_type=code is supported.",
            )
        }
    }
    if !client.allows_oauth_flow(OAuthFlow::Code) {
        return fail(
            "unauthorized_client",
            "The authorization code grant is not enabled for this client.",
        );
    }
    let scopes = match granted_scopes(client, params.get("scope")) {
        Ok(s) => s,
        Err(s) => {
            return fail(
                "invalid_scope",
                &format!("The scope {s} is not allowed for this client."),
            )
        }
    };
    // PKCE: S256 only — `plain` gives no protection once the challenge leaks
    // (RFC 7636 §4.2, RFC 9700 §2.1.1).
    let code_challenge = match (
        params.get("code_challenge"),
        params.get("code_challenge_method"),
    ) {
        (None, None) => None,
        (Some(_), None) => {
            return fail(
                "invalid_request",
                "code_challenge_method is required with code_challenge.",
            )
        }
        (None, Some(_)) => {
            return fail(
                "invalid_request",
                "code_challenge is required with code_challenge_method.",
            )
        }
        (Some(challenge), Some("S256")) => {
            if !is_s256_challenge(challenge) {
                return fail(
                    "invalid_request",
                    "code_challenge must be 43 base64url characters (RFC 7636 §4.2).",
                );
            }
            Some(challenge.to_owned())
        }
        (Some(_), Some(_)) => {
            return fail(
                "invalid_request",
                "Only code_challenge_method=S256 is supported.",
            )
        }
    };
    let provider = match requested_provider(pool, client, &params) {
        Ok(p) => p,
        Err(description) => return fail("invalid_request", &description),
    };
    let prompt: Vec<&str> = params
        .get("prompt")
        .map(|p| p.split(' ').collect())
        .unwrap_or_default();
    let request = AuthorizationRequest {
        pool_id: pool.id.clone(),
        client_id: client.id.clone(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
        state: app_state.map(str::to_owned),
        nonce: params.get("nonce").map(str::to_owned),
        code_challenge,
    };
    let now = state.now();

    // A live hosted-UI session answers without asking again, as Cognito's
    // (and the identity provider's) session cookie does — unless the app
    // asks for a fresh sign-in.
    let ask_again = prompt
        .iter()
        .any(|p| *p == "login" || *p == "select_account");
    if !ask_again {
        if let Some(session) = live_session(&state, &headers, pool, provider, now) {
            return issue_code(&state, request, &session.username, session.auth_time, now);
        }
    }
    if prompt.contains(&"none") {
        return fail("login_required", "There is no hosted-UI session.");
    }
    match provider {
        // No hosted login form here: /login explains that and lists the
        // client's identity providers (Cognito redirects there as well).
        None => found(&format!(
            "{}/login?{}",
            state.base_url(),
            form_encode(&params.pairs())
        )),
        Some(provider) => {
            let reference = random_token();
            {
                let mut hosted = state.hosted();
                hosted.prune(now);
                hosted.pending.insert(
                    reference.clone(),
                    PendingAuthorization {
                        request,
                        provider: provider.name.clone(),
                        expires_at: now + PENDING_TTL,
                    },
                );
            }
            found(&mock_idp::authorize_url(&state, &provider.name, &reference))
        }
    }
}

/// The request's hosted-UI session, if it is live, of this pool, of the
/// requested provider (any, without one), and its user may still sign in.
fn live_session(
    state: &AppState,
    headers: &HeaderMap,
    pool: &PoolConfig,
    provider: Option<&IdentityProviderConfig>,
    now: i64,
) -> Option<HostedSession> {
    let value = cookie(headers, SESSION_COOKIE)?;
    let session = {
        let mut hosted = state.hosted();
        hosted.prune(now);
        hosted.sessions.get(value).cloned()?
    };
    let usable = session.pool_id == pool.id
        && provider.is_none_or(|p| p.name == session.provider)
        && state.read(|db| {
            db.pools
                .get(&pool.id)
                .and_then(|p| p.users.get(&session.username))
                .is_some_and(|u| u.enabled)
        });
    usable.then_some(session)
}

/// Issues a single-use authorization code for `username` and sends the
/// browser back to the app with it and the app's `state`.
fn issue_code(
    state: &AppState,
    request: AuthorizationRequest,
    username: &str,
    auth_time: i64,
    now: i64,
) -> Response {
    // 122 random bits, shaped like Cognito's codes.
    let code = uuid::Uuid::new_v4().to_string();
    let mut params = vec![("code", code.as_str())];
    if let Some(s) = &request.state {
        params.push(("state", s));
    }
    let location = with_query(&request.redirect_uri, &params);
    {
        let mut hosted = state.hosted();
        hosted.prune(now);
        hosted.codes.insert(
            code.clone(),
            AuthorizationCode {
                request,
                username: username.to_owned(),
                auth_time,
                expires_at: now + CODE_TTL,
                used: false,
                origin_jti: None,
            },
        );
    }
    found(&location)
}

/// `GET /oauth2/idpresponse`: the identity provider sends the browser back
/// with its code (or an error) and our reference as `state`.
pub(crate) async fn idp_response(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Pairs,
) -> Response {
    let params = Params(query);
    let now = state.now();
    let pending = params.get("state").and_then(|reference| {
        let mut hosted = state.hosted();
        hosted.prune(now);
        // Single use: a replayed IdP response finds nothing.
        hosted.pending.remove(reference)
    });
    let Some(pending) = pending else {
        return html::error_page(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "This sign-in attempt is unknown, expired or already finished. Start again from the app.",
        );
    };
    let reference = params.get("state").unwrap_or_default();
    let request = pending.request;
    let fail = |error: &str, description: &str| {
        error_redirect(
            &request.redirect_uri,
            error,
            description,
            request.state.as_deref(),
        )
    };
    if let Some(error) = params.get("error") {
        let description = params
            .get("error_description")
            .unwrap_or("The sign-in at the identity provider was not completed.");
        let error = if error == "access_denied" {
            "access_denied"
        } else {
            "invalid_request"
        };
        return fail(error, description);
    }
    let claims = params.get("code").and_then(|code| {
        let mut hosted = state.hosted();
        let mock = hosted.mock_codes.remove(code)?;
        (mock.state == reference && mock.provider == pending.provider && mock.expires_at > now)
            .then_some(mock.claims)
    });
    let Some(claims) = claims else {
        return fail(
            "invalid_request",
            "The identity provider's authorization code is invalid or expired.",
        );
    };
    let found_config = state.config().pool(&request.pool_id).and_then(|pool| {
        pool.identity_provider(&pending.provider)
            .map(|provider| (pool, provider))
    });
    let Some((pool, provider)) = found_config else {
        return fail(
            "server_error",
            "The identity provider is no longer configured.",
        );
    };
    let signed_in = federation::sign_in(&state, pool, &request.client_id, provider, &claims, now);
    let username = match signed_in.await {
        Ok(username) => username,
        Err((error, description)) => return fail(error, &description),
    };
    // The hosted-UI session: a later authorize for this provider skips the
    // chooser until /logout (or an hour).
    let value = random_token();
    {
        let mut hosted = state.hosted();
        if let Some(old) = cookie(&headers, SESSION_COOKIE) {
            hosted.sessions.remove(old);
        }
        hosted.sessions.insert(
            value.clone(),
            HostedSession {
                pool_id: pool.id.clone(),
                provider: provider.name.clone(),
                username: username.clone(),
                auth_time: now,
                expires_at: now + SESSION_TTL,
            },
        );
    }
    let response = issue_code(&state, request, &username, now, now);
    with_set_cookie(response, &session_cookie(&value))
}

/// `GET /login`: where Cognito shows its sign-in form. The emulator has no
/// password form; this page says so and links the client's external
/// providers (the same authorize request with `identity_provider`).
pub(crate) async fn login(State(state): State<AppState>, Query(query): Pairs) -> Response {
    let params = Params(query);
    let (pool, client, _) = match client_and_redirect(&state, &params) {
        Ok(v) => v,
        Err(page) => return page,
    };
    let base: Vec<(&str, &str)> = params
        .pairs()
        .into_iter()
        .filter(|(k, _)| *k != "identity_provider" && *k != "idp_identifier")
        .collect();
    let providers: Vec<ProviderLink> = client
        .supported_identity_providers
        .iter()
        .filter(|name| *name != "COGNITO" && pool.identity_provider(name).is_some())
        .map(|name| {
            let mut query = base.clone();
            query.push(("identity_provider", name));
            ProviderLink {
                name: name.clone(),
                href: format!("/oauth2/authorize?{}", form_encode(&query)),
            }
        })
        .collect();
    // Links only, no forms.
    html::respond(
        StatusCode::OK,
        html::login_page(&client.id, &providers),
        &[],
    )
}

/// `GET /logout`: ends the hosted-UI session (the cookie), then either goes
/// to a registered sign-out URL (`logout_uri`, no `state` appended) or
/// re-prompts through `/login` (`redirect_uri` + `response_type`). Anything
/// else is the error page — after signing out all the same.
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Pairs,
) -> Response {
    let params = Params(query);
    if let Some(value) = cookie(&headers, SESSION_COOKIE) {
        state.hosted().sessions.remove(value);
    }
    let response = logout_target(&state, &params);
    with_set_cookie(response, &clear_session_cookie())
}

fn logout_target(state: &AppState, params: &Params) -> Response {
    let page =
        |error: &str, message: &str| html::error_page(StatusCode::BAD_REQUEST, error, message);
    let Some(client_id) = params.get("client_id") else {
        return page(
            "invalid_request",
            "Required String parameter 'client_id' is not present",
        );
    };
    let Some((_, client)) = state.config().client(client_id) else {
        return page(
            "invalid_client",
            &format!("User pool client {client_id} does not exist."),
        );
    };
    if let Some(logout_uri) = params.get("logout_uri") {
        return if client.logout_urls.iter().any(|u| u == logout_uri) {
            found(logout_uri)
        } else {
            page("invalid_request", NO_REDIRECT_URI)
        };
    }
    match (params.get("redirect_uri"), params.get("response_type")) {
        (Some(redirect_uri), Some(_)) => {
            if !client.callback_urls.iter().any(|u| u == redirect_uri) {
                return page(
                    "redirect_mismatch",
                    "redirect_uri is not one of the app client's callback URLs (an exact match is required).",
                );
            }
            let keep = [
                "client_id",
                "redirect_uri",
                "response_type",
                "state",
                "scope",
            ];
            let query: Vec<(&str, &str)> = params
                .pairs()
                .into_iter()
                .filter(|(k, _)| keep.contains(k))
                .collect();
            found(&format!(
                "{}/login?{}",
                state.base_url(),
                form_encode(&query)
            ))
        }
        _ => page("invalid_request", NO_REDIRECT_URI),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_challenges_are_43_base64url_characters() {
        assert!(is_s256_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!is_s256_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c"
        ));
        assert!(!is_s256_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"
        ));
    }
}
