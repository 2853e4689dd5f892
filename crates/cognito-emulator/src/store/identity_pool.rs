//! Persisted identity-pool data: the identities `GetId` created, and what
//! credentials each was last given (without their secret).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The identities of one identity pool.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct IdentityPoolData {
    /// Keyed by `IdentityId` (`<region>:<uuid>`).
    #[serde(default)]
    pub identities: BTreeMap<String, Identity>,
}

/// One identity (API Reference, "IdentityDescription").
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Identity {
    /// The logins linked to it: provider name
    /// (`cognito-idp.<region>.amazonaws.com/<userPoolId>`) -> the user's
    /// `sub` there. Empty for an unauthenticated (guest) identity.
    #[serde(default)]
    pub logins: BTreeMap<String, String>,
    /// `CreationDate`, in Unix seconds.
    pub created_at: i64,
    /// `LastModifiedDate`, in Unix seconds.
    pub updated_at: i64,
    /// The last credentials `GetCredentialsForIdentity` issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_credentials: Option<IssuedCredentials>,
}

impl Identity {
    /// An identity with a linked login is authenticated for good: AWS never
    /// turns it back into a guest.
    pub fn is_authenticated(&self) -> bool {
        !self.logins.is_empty()
    }
}

/// What the emulator remembers of credentials it issued: enough for a test
/// to see which role they were for. The secret key and session token are
/// never stored.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IssuedCredentials {
    /// The credentials' `AccessKeyId`.
    pub access_key_id: String,
    /// The IAM role they are for.
    pub role_arn: String,
    /// When `GetCredentialsForIdentity` issued them, in Unix seconds.
    pub issued_at: i64,
    /// The credentials' `Expiration`, in Unix seconds.
    pub expiration: i64,
}
