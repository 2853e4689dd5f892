//! The domain's back-channel endpoints, called with `fetch`: `/oauth2/token`,
//! `/oauth2/revoke`, `/oauth2/userInfo` (docs/cognito-protocol.md §4.3–§4.5).
//!
//! The browser is a public client: `client_id` goes in the body and no
//! client secret is ever sent (RFC 6749 §2.3, §3.2.1). Only the form
//! `Content-Type` is set, so the POSTs need no CORS preflight.

use super::attempt::AuthorizationAttempt;
use super::id_token::{check_id_token, IdTokenError, IdTokenExpectations};
use super::pkce::PkceVerifier;
use super::urls::{base, form};
use crate::error::truncate;
use crate::flow::Tokens;
use crate::http::{HttpRequest, HttpResponse, TransportError};
use crate::jwt::Claims;
use crate::secret::{AccessToken, AuthorizationCode, IdToken, RefreshToken};

const FORM: &str = "application/x-www-form-urlencoded";

/// Everything the OAuth endpoints and the token checks can fail with.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// The endpoint answered with an OAuth error (RFC 6749 §5.2), e.g.
    /// `invalid_grant`: code used, unknown or expired, verifier mismatch,
    /// refresh token revoked.
    #[error("{error}: {}", .description.as_deref().unwrap_or("(no description)"))]
    Token {
        /// The `error` code.
        error: String,
        /// `error_description`, if any: text from the network.
        description: Option<String>,
        /// The HTTP status.
        status: u16,
    },
    /// A response came but was not what the protocol says.
    #[error("unexpected response (HTTP {status}): {message}")]
    Decode {
        /// The HTTP status.
        status: u16,
        /// What did not fit.
        message: String,
    },
    /// The tokens came, but the ID token failed its checks.
    #[error("the ID token was refused: {0}")]
    IdToken(#[from] IdTokenError),
    /// No response at all from `endpoint`.
    #[error("could not reach {endpoint}: {message}")]
    Transport {
        /// The URL that could not be reached.
        endpoint: String,
        /// What the platform said.
        message: String,
    },
}

impl OAuthError {
    /// For a [`TransportError`] from sending `request`.
    pub fn transport(request: &HttpRequest, error: TransportError) -> Self {
        Self::Transport {
            endpoint: request.url.clone(),
            message: error.message,
        }
    }

    /// The OAuth `error` code, for [`OAuthError::Token`].
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Self::Token { error, .. } => Some(error),
            _ => None,
        }
    }

    /// `invalid_grant`: start the sign-in again.
    pub fn is_invalid_grant(&self) -> bool {
        self.error_code() == Some("invalid_grant")
    }
}

fn form_post(url: String, pairs: &[(&str, &str)]) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url,
        headers: vec![("Content-Type", FORM.to_owned())],
        body: form(pairs),
    }
}

/// The authorization code grant (RFC 6749 §4.1.3, RFC 7636 §4.5):
/// `POST {domain}/oauth2/token` with
/// `grant_type=authorization_code&client_id=…&code=…&redirect_uri=…&code_verifier=…`.
pub fn token_request(
    domain: &str,
    client_id: &str,
    code: &AuthorizationCode,
    redirect_uri: &str,
    verifier: &PkceVerifier,
) -> HttpRequest {
    form_post(
        format!("{}/oauth2/token", base(domain)),
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.expose()),
        ],
    )
}

/// The refresh grant (RFC 6749 §6): `POST {domain}/oauth2/token` with
/// `grant_type=refresh_token&client_id=…&refresh_token=…`.
pub fn refresh_token_request(
    domain: &str,
    client_id: &str,
    refresh_token: &RefreshToken,
) -> HttpRequest {
    form_post(
        format!("{}/oauth2/token", base(domain)),
        &[
            ("grant_type", "refresh_token"),
            ("client_id", client_id),
            ("refresh_token", refresh_token.expose()),
        ],
    )
}

/// Revokes a refresh token and the access tokens issued from it
/// (RFC 7009 §2.1; docs/cognito-protocol.md §4.5): `POST {domain}/oauth2/revoke` with
/// `token=…&client_id=…`.
pub fn revoke_request(domain: &str, client_id: &str, refresh_token: &RefreshToken) -> HttpRequest {
    form_post(
        format!("{}/oauth2/revoke", base(domain)),
        &[("token", refresh_token.expose()), ("client_id", client_id)],
    )
}

/// `GET {domain}/oauth2/userInfo` with `Authorization: Bearer …` (OIDC Core
/// §5.3.1). Needs an access token from the token endpoint with `openid`.
pub fn userinfo_request(domain: &str, access_token: &AccessToken) -> HttpRequest {
    HttpRequest {
        method: "GET",
        url: format!("{}/oauth2/userInfo", base(domain)),
        headers: vec![("Authorization", format!("Bearer {}", access_token.expose()))],
        body: String::new(),
    }
}

/// An error answer: `{"error": …, "error_description": …}` (RFC 6749 §5.2),
/// else a bearer `WWW-Authenticate` challenge (RFC 6750 §3), else a decode
/// error. Bodies are quoted only here, for non-2xx answers (they carry no
/// tokens).
fn error_response(response: &HttpResponse) -> OAuthError {
    #[derive(serde::Deserialize)]
    struct Body {
        error: String,
        error_description: Option<String>,
    }
    if let Ok(body) = serde_json::from_str::<Body>(&response.body) {
        return OAuthError::Token {
            error: body.error,
            description: body.error_description,
            status: response.status,
        };
    }
    if let Some((error, description)) = response
        .header("www-authenticate")
        .and_then(bearer_challenge_error)
    {
        return OAuthError::Token {
            error,
            description,
            status: response.status,
        };
    }
    OAuthError::Decode {
        status: response.status,
        message: format!(
            "error response without an OAuth error: {}",
            truncate(&response.body, 200)
        ),
    }
}

/// `error` and `error_description` of `Bearer error="…", error_description="…"`.
fn bearer_challenge_error(header: &str) -> Option<(String, Option<String>)> {
    let (mut error, mut description) = (None, None);
    let params = header.trim().strip_prefix("Bearer").unwrap_or(header);
    let mut rest = params.trim_start();
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=')?;
        let name = name.trim().trim_start_matches(',').trim();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"')?;
            (&quoted[..end], &quoted[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim(), &after[end..])
        };
        match name {
            "error" => error = Some(value.to_owned()),
            "error_description" => description = Some(value.to_owned()),
            _ => {}
        }
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    error.map(|e| (e, description))
}

/// A successful token response (RFC 6749 §5.1).
#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: AccessToken,
    id_token: Option<IdToken>,
    refresh_token: Option<RefreshToken>,
    token_type: Option<String>,
    expires_in: Option<i64>,
}

fn parse_token_response(response: &HttpResponse) -> Result<TokenResponse, OAuthError> {
    if response.status != 200 {
        return Err(error_response(response));
    }
    // serde's message could quote a value from the body, which holds tokens:
    // report only where it failed.
    let parsed: TokenResponse =
        serde_json::from_str(&response.body).map_err(|e| OAuthError::Decode {
            status: 200,
            message: format!(
                "the token response is not the expected JSON ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
        })?;
    if let Some(kind) = &parsed.token_type {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(OAuthError::Decode {
                status: 200,
                message: format!("token_type is {kind:?}, not Bearer"),
            });
        }
    }
    Ok(parsed)
}

/// Checks the token endpoint's answer to [`token_request`] for `attempt`:
/// 200 with tokens whose ID token passes [`check_id_token`] with the
/// attempt's nonce → [`Tokens`] (`expires_at = now + expires_in`, 3600 if
/// absent). An OAuth error answer (400/401 `{error, error_description}`) →
/// [`OAuthError::Token`]. The ID token is required (`openid` scope). An
/// `expires_in` from the network saturates rather than overflowing.
pub fn after_token_response(
    attempt: &AuthorizationAttempt,
    response: &HttpResponse,
    now: i64,
    expected: &IdTokenExpectations,
) -> Result<Tokens, OAuthError> {
    let parsed = parse_token_response(response)?;
    let id_token = parsed.id_token.ok_or_else(|| OAuthError::Decode {
        status: 200,
        message: "the token response has no id_token (is `openid` among the scopes?)".into(),
    })?;
    check_id_token(id_token.expose(), expected, Some(&attempt.nonce), now)?;
    Ok(Tokens {
        id_token,
        access_token: parsed.access_token,
        refresh_token: parsed.refresh_token,
        expires_at: now.saturating_add(parsed.expires_in.unwrap_or(3600)),
    })
}

/// Checks the answer to [`refresh_token_request`]: new access and ID tokens
/// (the ID token checked without a nonce, OIDC Core §12.2); the previous
/// refresh token is kept unless the pool rotated it; the previous ID token
/// if none came.
pub fn after_refresh_response(
    previous: &Tokens,
    response: &HttpResponse,
    now: i64,
    expected: &IdTokenExpectations,
) -> Result<Tokens, OAuthError> {
    let parsed = parse_token_response(response)?;
    if let Some(id_token) = &parsed.id_token {
        check_id_token(id_token.expose(), expected, None, now)?;
    }
    Ok(Tokens {
        id_token: parsed.id_token.unwrap_or_else(|| previous.id_token.clone()),
        access_token: parsed.access_token,
        refresh_token: parsed
            .refresh_token
            .or_else(|| previous.refresh_token.clone()),
        expires_at: now.saturating_add(parsed.expires_in.unwrap_or(3600)),
    })
}

/// The answer to [`revoke_request`]: 200 is success (also for an unknown or
/// already revoked token: no oracle, RFC 7009 §2.2).
pub fn parse_revoke_response(response: &HttpResponse) -> Result<(), OAuthError> {
    if response.status == 200 {
        Ok(())
    } else {
        Err(error_response(response))
    }
}

/// The answer to [`userinfo_request`]: the claims object, or the error from
/// the body or the `WWW-Authenticate` challenge (`invalid_token`: expired,
/// revoked or globally signed out).
pub fn parse_userinfo_response(response: &HttpResponse) -> Result<Claims, OAuthError> {
    if response.status != 200 {
        return Err(error_response(response));
    }
    serde_json::from_str(&response.body).map_err(|e| OAuthError::Decode {
        status: 200,
        message: format!(
            "userInfo did not answer a JSON object ({:?} error)",
            e.classify()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::id_token::tests::{claims, header, jwt, CLIENT, ISSUER};
    use crate::oauth::Nonce;
    use serde_json::json;

    const DOMAIN: &str = "https://auth.example.com";
    const NOW: i64 = 1_700_000_000;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    fn attempt() -> AuthorizationAttempt {
        AuthorizationAttempt::new(
            &std::array::from_fn(|i| i as u8),
            "https://app.example.com/auth/callback",
            Some("Google"),
            "/account",
            NOW - 30,
        )
    }

    fn expected() -> IdTokenExpectations {
        IdTokenExpectations::new(ISSUER, CLIENT)
    }

    fn good_id_token(nonce: &Nonce) -> String {
        jwt(&header(), &claims(nonce, NOW))
    }

    #[test]
    fn token_request_exact() {
        let request = token_request(
            "https://auth.example.com/",
            CLIENT,
            &AuthorizationCode::new("c0de/+="),
            "https://app.example.com/auth/callback",
            &PkceVerifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap(),
        );
        assert_eq!(
            request,
            HttpRequest {
                method: "POST",
                url: "https://auth.example.com/oauth2/token".into(),
                headers: vec![("Content-Type", "application/x-www-form-urlencoded".into())],
                body: "grant_type=authorization_code&client_id=4n0cl13nt1d\
                       &code=c0de%2F%2B%3D\
                       &redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback\
                       &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
                    .into()
            }
        );
        assert!(!request.body.contains("secret"));
        assert!(request.headers.iter().all(|(k, _)| *k != "Authorization"));
    }

    #[test]
    fn refresh_revoke_and_userinfo_requests_exact() {
        let rt = RefreshToken::new("eyJj.a.b.c.d");
        let refresh = refresh_token_request(DOMAIN, CLIENT, &rt);
        assert_eq!(refresh.method, "POST");
        assert_eq!(refresh.url, "https://auth.example.com/oauth2/token");
        assert_eq!(
            refresh.body,
            "grant_type=refresh_token&client_id=4n0cl13nt1d&refresh_token=eyJj.a.b.c.d"
        );
        assert_eq!(
            refresh.headers,
            vec![(
                "Content-Type",
                "application/x-www-form-urlencoded".to_owned()
            )]
        );
        let revoke = revoke_request(DOMAIN, CLIENT, &rt);
        assert_eq!(revoke.url, "https://auth.example.com/oauth2/revoke");
        assert_eq!(revoke.body, "token=eyJj.a.b.c.d&client_id=4n0cl13nt1d");
        let userinfo = userinfo_request(DOMAIN, &AccessToken::new("at"));
        assert_eq!(userinfo.method, "GET");
        assert_eq!(userinfo.url, "https://auth.example.com/oauth2/userInfo");
        assert_eq!(
            userinfo.headers,
            vec![("Authorization", "Bearer at".to_owned())]
        );
        assert_eq!(userinfo.body, "");
    }

    #[test]
    fn a_good_token_response_becomes_tokens() {
        let a = attempt();
        let id = good_id_token(&a.nonce);
        let body = json!({
            "access_token": "at", "id_token": id, "refresh_token": "rt",
            "token_type": "Bearer", "expires_in": 3600
        });
        let tokens =
            after_token_response(&a, &response(200, &body.to_string()), NOW, &expected()).unwrap();
        assert_eq!(
            tokens,
            Tokens {
                id_token: IdToken::new(id),
                access_token: AccessToken::new("at"),
                refresh_token: Some(RefreshToken::new("rt")),
                expires_at: NOW + 3600,
            }
        );
    }

    #[test]
    fn the_nonce_must_be_this_attempts() {
        let a = attempt();
        let other = Nonce::from_random(&[9; 32]);
        let body = json!({"access_token": "at", "id_token": good_id_token(&other), "token_type": "Bearer", "expires_in": 3600});
        assert_eq!(
            after_token_response(&a, &response(200, &body.to_string()), NOW, &expected()),
            Err(OAuthError::IdToken(IdTokenError::NonceMismatch))
        );
    }

    #[test]
    fn oauth_errors_and_bad_answers() {
        let a = attempt();
        assert_eq!(
            after_token_response(
                &a,
                &response(
                    400,
                    r#"{"error":"invalid_grant","error_description":"Code expired"}"#
                ),
                NOW,
                &expected()
            ),
            Err(OAuthError::Token {
                error: "invalid_grant".into(),
                description: Some("Code expired".into()),
                status: 400
            })
        );
        let unauthorized = after_token_response(
            &a,
            &response(401, r#"{"error":"invalid_client"}"#),
            NOW,
            &expected(),
        )
        .unwrap_err();
        assert_eq!(unauthorized.error_code(), Some("invalid_client"));
        assert!(!unauthorized.is_invalid_grant());
        assert_eq!(unauthorized.to_string(), "invalid_client: (no description)");
        assert!(matches!(
            after_token_response(
                &a,
                &response(502, "<html>bad gateway</html>"),
                NOW,
                &expected()
            ),
            Err(OAuthError::Decode { status: 502, .. })
        ));
        // No id_token (no `openid` scope).
        assert!(matches!(
            after_token_response(
                &a,
                &response(
                    200,
                    r#"{"access_token":"at","token_type":"Bearer","expires_in":3600}"#
                ),
                NOW,
                &expected()
            ),
            Err(OAuthError::Decode { status: 200, .. })
        ));
        // Wrong token_type.
        let id = good_id_token(&a.nonce);
        let mac = json!({"access_token": "at", "id_token": id, "token_type": "mac"});
        assert!(matches!(
            after_token_response(&a, &response(200, &mac.to_string()), NOW, &expected()),
            Err(OAuthError::Decode { status: 200, .. })
        ));
        // A 200 that does not parse never quotes the body (tokens).
        let secretive =
            r#"{"access_token":"SECRET-ACCESS","id_token":"SECRET-ID","expires_in":"soon"}"#;
        let err =
            after_token_response(&a, &response(200, secretive), NOW, &expected()).unwrap_err();
        assert!(!err.to_string().contains("SECRET"), "{err}");
        assert!(!err.to_string().contains("soon"), "{err}");
    }

    #[test]
    fn refresh_keeps_what_did_not_come_back() {
        let previous = Tokens {
            id_token: IdToken::new("old-id"),
            access_token: AccessToken::new("old-at"),
            refresh_token: Some(RefreshToken::new("rt0")),
            expires_at: 0,
        };
        let mut c = claims(&Nonce::from_random(&[1; 32]), NOW);
        c.as_object_mut().unwrap().remove("nonce");
        let id = jwt(&header(), &c);
        let body = json!({"access_token": "at1", "id_token": id, "token_type": "Bearer", "expires_in": 60});
        let next = after_refresh_response(
            &previous,
            &response(200, &body.to_string()),
            NOW,
            &expected(),
        )
        .unwrap();
        assert_eq!(next.id_token, IdToken::new(id));
        assert_eq!(next.access_token, AccessToken::new("at1"));
        assert_eq!(next.refresh_token, Some(RefreshToken::new("rt0")));
        assert_eq!(next.expires_at, NOW + 60);
        let rotated = json!({"access_token": "at2", "refresh_token": "rt1", "expires_in": 60});
        let next = after_refresh_response(
            &previous,
            &response(200, &rotated.to_string()),
            NOW,
            &expected(),
        )
        .unwrap();
        assert_eq!(next.id_token, IdToken::new("old-id"));
        assert_eq!(next.refresh_token, Some(RefreshToken::new("rt1")));
        // A refreshed ID token for another client is refused.
        let mut foreign = c.clone();
        foreign["aud"] = json!("other-client");
        let body = json!({"access_token": "at", "id_token": jwt(&header(), &foreign)});
        assert!(matches!(
            after_refresh_response(
                &previous,
                &response(200, &body.to_string()),
                NOW,
                &expected()
            ),
            Err(OAuthError::IdToken(IdTokenError::Audience { .. }))
        ));
    }

    #[test]
    fn revoke_and_userinfo_answers() {
        assert_eq!(parse_revoke_response(&response(200, "")), Ok(()));
        assert_eq!(
            parse_revoke_response(&response(400, r#"{"error":"unsupported_token_type"}"#))
                .unwrap_err()
                .error_code(),
            Some("unsupported_token_type")
        );
        let claims = parse_userinfo_response(&response(
            200,
            r#"{"sub":"s","email":"user@example.com","email_verified":"true"}"#,
        ))
        .unwrap();
        assert_eq!(claims["email"], "user@example.com");
        let expired = HttpResponse {
            status: 401,
            headers: vec![(
                "WWW-Authenticate".into(),
                r#"Bearer error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out.""#.into(),
            )],
            body: String::new(),
        };
        assert_eq!(
            parse_userinfo_response(&expired),
            Err(OAuthError::Token {
                error: "invalid_token".into(),
                description: Some(
                    "Access token is expired, disabled, or deleted, or the user has globally signed out."
                        .into()
                ),
                status: 401
            })
        );
        assert!(matches!(
            parse_userinfo_response(&response(200, "[1]")),
            Err(OAuthError::Decode { status: 200, .. })
        ));
    }

    #[test]
    fn transport_errors_name_the_endpoint() {
        let request = refresh_token_request(DOMAIN, CLIENT, &RefreshToken::new("r"));
        assert_eq!(
            OAuthError::transport(
                &request,
                TransportError {
                    message: "offline".into()
                }
            ),
            OAuthError::Transport {
                endpoint: "https://auth.example.com/oauth2/token".into(),
                message: "offline".into()
            }
        );
    }
}
