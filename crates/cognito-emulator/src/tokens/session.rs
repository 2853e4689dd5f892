//! Authentication sessions: what a refresh token stands for. Each sign-in
//! starts one, keyed by the `origin_jti` its tokens share; refreshing mints
//! new access and ID tokens in it, and revoking it (`GlobalSignOut`,
//! `/oauth2/revoke`) revokes every token minted from it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rand::RngCore;
use serde_json::{json, Value};

use super::customize::Customization;
use super::mint::{plan, plan_oauth, MissingKeys, OAuthGrant, Subject, Unsigned};
use crate::config::{ClientConfig, PoolConfig};
use crate::hashing::sha256_hex;
use crate::state::AppState;
use crate::store::{AuthSession, PoolData, User};

/// A new authentication, decided under the state lock: its session is
/// stored and its tokens' claims are fixed. [`NewSession::sign`] signs the
/// tokens once the lock is released and gives the response body.
///
/// If signing never happened (it cannot fail: the keys were found when the
/// claims were decided; a panic would be a bug), the state would still be
/// consistent: a stored session whose refresh token nobody received (only
/// its SHA-256 is kept), as when a client loses a response, pruned when it
/// expires.
pub(crate) struct NewSession<'k> {
    tokens: Unsigned<'k>,
    refresh_token: String,
    expires_in: u32,
    /// The token endpoint's body rather than `InitiateAuth`'s.
    oauth: bool,
}

impl NewSession<'_> {
    /// Signs the tokens (RS256; call it without the state lock held):
    /// `InitiateAuth`'s (or `RespondToAuthChallenge`'s) response body, or
    /// the token endpoint's JSON body (RFC 6749 §5.1).
    pub(crate) fn sign(self) -> Value {
        let signed = self.tokens.sign();
        if self.oauth {
            let mut body = json!({ "access_token": signed.access_token });
            if let Some(id_token) = signed.id_token {
                body["id_token"] = json!(id_token);
            }
            body["refresh_token"] = json!(self.refresh_token);
            body["token_type"] = json!("Bearer");
            body["expires_in"] = json!(self.expires_in);
            body
        } else {
            json!({
                "AuthenticationResult": {
                    "AccessToken": signed.access_token,
                    "ExpiresIn": self.expires_in,
                    "IdToken": signed.id_token,
                    "RefreshToken": self.refresh_token,
                    "TokenType": "Bearer",
                },
                "ChallengeParameters": {},
            })
        }
    }
}

/// A new authentication for `user` from the user-pool API: ID, access and
/// refresh tokens with `auth_time` = `now`, and the session they share.
/// Stores the session; the tokens are signed by [`NewSession::sign`].
/// `custom` is what a pre token generation trigger changed.
pub(crate) fn issue_tokens<'k>(
    state: &'k AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    user: &User,
    now: i64,
    custom: &Customization,
) -> Result<NewSession<'k>, MissingKeys> {
    let origin_jti = uuid::Uuid::new_v4().to_string();
    let subject = Subject {
        user,
        groups: &pool_data.groups,
        custom,
    };
    let tokens = plan(state, pool, client, &subject, &origin_jti, now, now)?;
    let refresh_token = start_session(
        pool_data,
        client,
        user,
        origin_jti,
        now,
        now,
        tokens.expires_at,
        None,
    );
    Ok(NewSession {
        tokens,
        refresh_token,
        expires_in: client.access_token_validity_seconds,
        oauth: false,
    })
}

/// A new hosted-UI authentication: tokens plus the session they share.
/// Stores the session; the tokens are signed by [`NewSession::sign`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn issue_oauth_tokens<'k>(
    state: &'k AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    user: &User,
    origin_jti: &str,
    auth_time: i64,
    now: i64,
    grant: &OAuthGrant<'_>,
    custom: &Customization,
) -> Result<NewSession<'k>, MissingKeys> {
    let subject = Subject {
        user,
        groups: &pool_data.groups,
        custom,
    };
    let tokens = plan_oauth(
        state, pool, client, &subject, origin_jti, auth_time, now, grant,
    )?;
    pool_data.prune_sessions(now);
    let refresh_token = start_session(
        pool_data,
        client,
        user,
        origin_jti.to_owned(),
        auth_time,
        now,
        tokens.expires_at,
        Some(grant.scope.to_owned()),
    );
    Ok(NewSession {
        tokens,
        refresh_token,
        expires_in: client.access_token_validity_seconds,
        oauth: true,
    })
}

/// Stores the session a new authentication's tokens share (keyed by their
/// `origin_jti`) and returns its new refresh token, of which only the
/// SHA-256 is kept.
#[allow(clippy::too_many_arguments)]
fn start_session(
    pool_data: &mut PoolData,
    client: &ClientConfig,
    user: &User,
    origin_jti: String,
    auth_time: i64,
    now: i64,
    tokens_expire_at: i64,
    scope: Option<String>,
) -> String {
    let refresh_token = new_refresh_token();
    pool_data.sessions.insert(
        origin_jti,
        AuthSession {
            refresh_token_sha256: sha256_hex(&refresh_token),
            username: user.username.clone(),
            client_id: client.id.clone(),
            auth_time,
            expires_at: now + i64::from(client.refresh_token_validity_seconds),
            tokens_expire_at,
            revoked: false,
            scope,
        },
    );
    refresh_token
}

/// An opaque refresh token: 48 CSPRNG bytes, base64url (matches the model's
/// `[A-Za-z0-9-_=.]+`). Only its SHA-256 is stored.
fn new_refresh_token() -> String {
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    B64URL.encode(bytes)
}

/// Cognito's message for a refresh token it does not know.
pub(crate) const INVALID_REFRESH_TOKEN: &str = "Invalid Refresh Token.";

/// Why [`refresh_tokens`] refused a refresh token; `REFRESH_TOKEN_AUTH` and
/// the token endpoint each answer in their own terms.
pub(crate) enum RefreshFailure {
    /// No live session: unknown (or another client's), revoked or expired.
    /// The message is the one both callers use.
    Session(&'static str),
    /// The session's user no longer exists.
    UserDeleted,
    /// The session's user is disabled.
    UserDisabled,
    /// The tokens could not be signed.
    Internal(MissingKeys),
}

/// The session and user a refresh token stands for, if it may be used:
/// issued to `client`, not revoked or expired, its user present and
/// enabled. What a pre token generation trigger is told about before
/// [`refresh_tokens`] decides the new tokens.
pub(crate) struct Refreshable {
    pub origin_jti: String,
    pub session: AuthSession,
    pub user: User,
}

/// Checks a refresh token (given by its SHA-256) presented by `client`.
pub(crate) fn refreshable(
    pool_data: &PoolData,
    client: &ClientConfig,
    token_sha256: &str,
    now: i64,
) -> Result<Refreshable, RefreshFailure> {
    let (origin_jti, session) = pool_data
        .sessions
        .iter()
        .find(|(_, s)| s.refresh_token_sha256 == token_sha256 && s.client_id == client.id)
        .map(|(k, s)| (k.clone(), s.clone()))
        .ok_or(RefreshFailure::Session(INVALID_REFRESH_TOKEN))?;
    let user = pool_data.users.get(&session.username);
    // A disabled user is told so first: AdminDisableUser also revokes the
    // sessions, but "User is disabled." is what the user needs to hear.
    if user.is_some_and(|u| !u.enabled) {
        return Err(RefreshFailure::UserDisabled);
    }
    if session.revoked {
        return Err(RefreshFailure::Session("Refresh Token has been revoked"));
    }
    if session.expires_at <= now {
        return Err(RefreshFailure::Session("Refresh Token has expired"));
    }
    let user = user.ok_or(RefreshFailure::UserDeleted)?.clone();
    Ok(Refreshable {
        origin_jti,
        session,
        user,
    })
}

/// New access and ID tokens from a refresh token (given by its SHA-256)
/// issued to `client`, no new refresh token (Cognito does not rotate them
/// unless rotation is configured, which the emulator does not offer). They
/// keep the session's `auth_time` and `origin_jti`; a hosted-UI session
/// keeps its granted scopes (and gets an ID token only with `openid`). The
/// session's `tokens_expire_at` is moved on to cover them. `custom` is what
/// a pre token generation trigger changed.
///
/// Decides the claims under the state lock; [`Unsigned::sign`] signs them
/// after it. Should that never happen, `tokens_expire_at` covers tokens
/// nobody received, which only keeps the session's record a little longer.
pub(crate) fn refresh_tokens<'k>(
    state: &'k AppState,
    pool: &PoolConfig,
    client: &ClientConfig,
    pool_data: &mut PoolData,
    token_sha256: &str,
    now: i64,
    custom: &Customization,
) -> Result<Unsigned<'k>, RefreshFailure> {
    let Refreshable {
        origin_jti,
        session,
        user,
    } = refreshable(pool_data, client, token_sha256, now)?;
    let subject = Subject {
        user: &user,
        groups: &pool_data.groups,
        custom,
    };
    let auth_time = session.auth_time;
    let tokens = match &session.scope {
        // A refresh token from the user-pool API.
        None => plan(state, pool, client, &subject, &origin_jti, auth_time, now),
        Some(scope) => {
            let grant = OAuthGrant { scope, nonce: None };
            plan_oauth(
                state,
                pool,
                client,
                &subject,
                &origin_jti,
                auth_time,
                now,
                &grant,
            )
        }
    }
    .map_err(RefreshFailure::Internal)?;
    if let Some(s) = pool_data.sessions.get_mut(&origin_jti) {
        s.tokens_expire_at = s.tokens_expire_at.max(tokens.expires_at);
    }
    Ok(tokens)
}
