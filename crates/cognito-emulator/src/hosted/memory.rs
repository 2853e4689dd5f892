//! What the hosted UI keeps in memory between requests: authorizations
//! waiting for an identity provider, authorization codes, the session
//! cookie's sessions, and the mock providers' pages and codes. All of it is
//! short-lived, keyed by random references; users and refresh-token
//! sessions go to the persisted store instead.

use std::collections::{BTreeMap, HashMap};

/// Authorization codes are single-use and valid 5 minutes (Developer Guide,
/// "Token endpoint").
pub(super) const CODE_TTL: i64 = 300;
/// How long a browser may take at the identity provider.
pub(super) const PENDING_TTL: i64 = 15 * 60;
/// The hosted-UI session cookie lives an hour (Developer Guide, "Logout
/// endpoint": the session cookie's lifetime).
pub(super) const SESSION_TTL: i64 = 3600;
/// A mock account chooser page (its CSRF token) stays usable this long.
pub(super) const MOCK_PAGE_TTL: i64 = 15 * 60;
/// The mock provider's own authorization codes.
pub(super) const MOCK_CODE_TTL: i64 = 300;
/// Spent codes are remembered a while longer, to tell reuse (and revoke what
/// the code gave, RFC 6749 §4.1.2) from a code that never existed.
const SPENT_CODE_MEMORY: i64 = 3600;

/// In-memory hosted-UI state, keyed by random references.
#[derive(Default)]
pub(crate) struct HostedState {
    /// Authorizations waiting for the identity provider, by the reference
    /// passed to it as `state`.
    pub(super) pending: HashMap<String, PendingAuthorization>,
    /// Authorization codes given to apps.
    pub(super) codes: HashMap<String, AuthorizationCode>,
    /// Hosted-UI sessions, by session-cookie value.
    pub(super) sessions: HashMap<String, HostedSession>,
    /// Mock chooser pages, by their CSRF token.
    pub(super) mock_pages: HashMap<String, MockPage>,
    /// Codes the mock identity providers gave to `/oauth2/idpresponse`.
    pub(super) mock_codes: HashMap<String, MockCode>,
}

impl HostedState {
    /// Forgets everything that expired before `now`.
    pub(super) fn prune(&mut self, now: i64) {
        self.pending.retain(|_, p| p.expires_at > now);
        self.codes
            .retain(|_, c| c.expires_at + SPENT_CODE_MEMORY > now);
        self.sessions.retain(|_, s| s.expires_at > now);
        self.mock_pages.retain(|_, p| p.expires_at > now);
        self.mock_codes.retain(|_, c| c.expires_at > now);
    }
}

/// What `/oauth2/authorize` accepted.
#[derive(Clone, Debug)]
pub(super) struct AuthorizationRequest {
    pub pool_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    /// Granted scopes, in order.
    pub scopes: Vec<String>,
    /// The app's `state`, returned verbatim.
    pub state: Option<String>,
    pub nonce: Option<String>,
    /// The S256 `code_challenge` (RFC 7636 §4.3).
    pub code_challenge: Option<String>,
}

pub(super) struct PendingAuthorization {
    pub request: AuthorizationRequest,
    /// `ProviderName` of the identity provider the browser went to.
    pub provider: String,
    pub expires_at: i64,
}

pub(super) struct AuthorizationCode {
    pub request: AuthorizationRequest,
    pub username: String,
    pub auth_time: i64,
    pub expires_at: i64,
    pub used: bool,
    /// The session the code's tokens belong to, once exchanged.
    pub origin_jti: Option<String>,
}

#[derive(Clone)]
pub(super) struct HostedSession {
    pub pool_id: String,
    pub provider: String,
    pub username: String,
    pub auth_time: i64,
    pub expires_at: i64,
}

pub(super) struct MockPage {
    pub provider: String,
    pub state: String,
    pub expires_at: i64,
}

pub(super) struct MockCode {
    pub provider: String,
    pub state: String,
    pub claims: BTreeMap<String, String>,
    pub expires_at: i64,
}
