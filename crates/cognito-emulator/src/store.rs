//! Persisted emulator state (`<data-dir>/state.json`): users (with their TOTP
//! keys), sign-in sessions, challenge sessions, the mailbox, and the
//! identity pools' identities (`store/identity_pool.rs`).
//!
//! Every field added later (TOTP secrets, forgot-password codes, devices)
//! gets `#[serde(default)]`, so older state files keep loading.

mod identity_pool;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::pool_settings::StoredSettings;
use crate::usernames::{SignIn, SignInAttribute};

pub use identity_pool::{Identity, IdentityPoolData, IssuedCredentials};

/// Bumped only for changes an older binary must not misread.
pub const FORMAT: u32 = 1;

/// The whole of `state.json`: every pool's users and sessions, the
/// mailbox, and the identity pools' identities.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Db {
    /// The file's format version ([`FORMAT`]); a file newer than this binary
    /// is refused at start-up rather than misread.
    pub format: u32,
    /// Keyed by user pool id.
    #[serde(default)]
    pub pools: BTreeMap<String, PoolData>,
    /// Every message "sent", oldest first.
    #[serde(default)]
    pub messages: Vec<Message>,
    /// The key simulated `USER_SRP_AUTH` challenges for unknown users are
    /// derived from (see `srp::server::simulated_user`); made on first start
    /// and kept, so a name gets the same salt across restarts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_existence_key: Option<SecretKey>,
    /// Keyed by identity pool id.
    #[serde(default)]
    pub identity_pools: BTreeMap<String, IdentityPoolData>,
}

/// 32 random bytes as hex. `Debug` is redacted.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretKey(String);

impl SecretKey {
    /// A fresh key from the OS RNG.
    pub fn random() -> SecretKey {
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        SecretKey(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The key material: the hex text itself (256 bits of entropy either
    /// way).
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// What is stored for one user pool: users, sessions, groups, and the
/// settings changed at run time.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct PoolData {
    /// Keyed by internal username.
    #[serde(default)]
    pub users: BTreeMap<String, User>,
    /// Keyed by `origin_jti`: one entry per authentication, shared by the
    /// refresh token and every access/ID token minted from it, so revoking it
    /// revokes them all (Developer Guide, "Revoking tokens").
    #[serde(default)]
    pub sessions: BTreeMap<String, AuthSession>,
    /// Challenge `Session`s (MFA), keyed by the SHA-256 (hex) of the session
    /// string; the string itself is never stored.
    #[serde(default)]
    pub challenge_sessions: BTreeMap<String, ChallengeSession>,
    /// User pool groups (`CreateGroup`, or `[[pools.groups]]` in the
    /// configuration), keyed by `GroupName`. Members are listed on the users.
    #[serde(default)]
    pub groups: BTreeMap<String, Group>,
    /// The pool's settings as `UpdateUserPool` last left them (see
    /// `pool_settings`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<StoredSettings>,
}

/// A user pool group (`GroupType`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// `GroupName`, unique within the pool.
    pub name: String,
    /// `Description`.
    #[serde(default)]
    pub description: Option<String>,
    /// Lower wins; `None` loses to every number (API Reference, `GroupType`).
    #[serde(default)]
    pub precedence: Option<i64>,
    /// The IAM role members get `cognito:roles` / `cognito:preferred_role` for.
    #[serde(default)]
    pub role_arn: Option<String>,
    /// `CreationDate`, in Unix seconds.
    pub created_at: i64,
    /// `LastModifiedDate`, in Unix seconds.
    pub updated_at: i64,
}

/// `UserStatusType` (API Reference, `UserType`); federated users show as
/// `EXTERNAL_PROVIDER` but are stored as `Confirmed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// `UNCONFIRMED`: signed up, but has not entered the confirmation code
    /// (`ConfirmSignUp`) yet; cannot sign in.
    Unconfirmed,
    /// `CONFIRMED`: may sign in.
    Confirmed,
    /// Created by an administrator (or given a temporary password): the
    /// next sign-in must set a new password (`NEW_PASSWORD_REQUIRED`).
    ForceChangePassword,
    /// `AdminResetUserPassword`: the password no longer signs in; the user
    /// must finish `ConfirmForgotPassword` with the code they were sent.
    ResetRequired,
}

impl UserStatus {
    /// The `UserStatusType` value.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Unconfirmed => "UNCONFIRMED",
            UserStatus::Confirmed => "CONFIRMED",
            UserStatus::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            UserStatus::ResetRequired => "RESET_REQUIRED",
        }
    }
}

/// A user of a pool (`UserType`), with what signing them in needs: the
/// password hash, SRP verifier, pending codes, failure counts and TOTP keys.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    /// Internal username: the chosen one in a username pool; a UUID equal
    /// to `sub` in a pool that signs in by e-mail or phone number.
    pub username: String,
    /// The `sub` attribute: the user's UUID, never reused or changed; the
    /// `sub` claim of their tokens.
    pub sub: String,
    /// `UserStatus` as stored ([`User::status_name`] is what the API shows).
    pub status: UserStatus,
    /// `Enabled`: false after `AdminDisableUser`, which also revokes the
    /// user's sessions; a disabled user cannot sign in.
    #[serde(default = "enabled")]
    pub enabled: bool,
    /// Attribute values except `sub`; `email_verified` is `"true"`/`"false"`.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Argon2id PHC string; the password itself is never stored.
    pub password_hash: String,
    /// SRP salt and verifier for `USER_SRP_AUTH` (see [`crate::srp`]).
    pub srp: SrpVerifier,
    /// Names (`GroupName`) of the pool groups the user is a member of.
    #[serde(default)]
    pub groups: Vec<String>,
    /// `UserCreateDate`, in Unix seconds.
    pub created_at: i64,
    /// `UserLastModifiedDate`, in Unix seconds.
    pub updated_at: i64,
    /// The pending sign-up confirmation code.
    #[serde(default)]
    pub confirmation_code: Option<PendingCode>,
    /// When ResendConfirmationCode sent a code (for the hourly quota).
    #[serde(default)]
    pub resend_times: Vec<i64>,
    /// Consecutive wrong passwords, for the lockout (`crate::lockout`).
    #[serde(default)]
    pub sign_in_failures: SignInFailures,
    /// The verified TOTP key (`VerifySoftwareToken`); replaced, never deleted.
    #[serde(default)]
    pub software_token: Option<SoftwareToken>,
    /// A key from `AssociateSoftwareToken` waiting for its first code.
    #[serde(default)]
    pub pending_software_token: Option<PendingSoftwareToken>,
    /// `SetUserMFAPreference` for TOTP.
    #[serde(default)]
    pub software_token_mfa: MfaPreference,
    /// The last TOTP time step accepted for this user: a code for it or an
    /// earlier step is refused (RFC 6238 §5.2, one use per code).
    #[serde(default)]
    pub last_totp_step: Option<i64>,
    /// Consecutive wrong MFA codes. The same escalation as passwords, but a
    /// count of its own: a correct password must not reset it, or 10^6 codes
    /// could be tried five at a time.
    #[serde(default)]
    pub mfa_failures: SignInFailures,
    /// When the temporary password of a `FORCE_CHANGE_PASSWORD` user stops
    /// working (the pool's `TemporaryPasswordValidityDays` after it was set).
    #[serde(default)]
    pub temporary_password_expires_at: Option<i64>,
    /// The pending password-reset code (`ForgotPassword`,
    /// `AdminResetUserPassword`).
    #[serde(default)]
    pub password_reset_code: Option<PendingCode>,
    /// When a reset code was requested or entered (`ForgotPassword`,
    /// `ConfirmForgotPassword`), for the hourly quota.
    #[serde(default)]
    pub recovery_attempts: Vec<i64>,
    /// When `ChangePassword` was called, for the hourly quota.
    #[serde(default)]
    pub password_changes: Vec<i64>,
}

impl User {
    /// A new, enabled user with no groups, codes, failures or MFA, created
    /// (and last updated) at `now`.
    pub(crate) fn new(
        username: String,
        sub: String,
        status: UserStatus,
        attributes: BTreeMap<String, String>,
        password_hash: String,
        srp: SrpVerifier,
        now: i64,
    ) -> User {
        User {
            username,
            sub,
            status,
            enabled: true,
            attributes,
            password_hash,
            srp,
            groups: Vec::new(),
            created_at: now,
            updated_at: now,
            confirmation_code: None,
            resend_times: Vec::new(),
            sign_in_failures: SignInFailures::default(),
            software_token: None,
            pending_software_token: None,
            software_token_mfa: MfaPreference::default(),
            last_totp_step: None,
            mfa_failures: SignInFailures::default(),
            temporary_password_expires_at: None,
            password_reset_code: None,
            recovery_attempts: Vec::new(),
            password_changes: Vec::new(),
        }
    }

    /// The user's status as `UserStatusType` shows it.
    pub fn status_name(&self) -> &'static str {
        if self.is_federated() {
            "EXTERNAL_PROVIDER"
        } else {
            self.status.as_str()
        }
    }

    /// A user created by signing in through an external identity provider.
    pub fn is_federated(&self) -> bool {
        self.attributes.contains_key("identities")
    }

    /// Whether sign-in must ask for a TOTP code: the pool has TOTP, the user
    /// has a verified key, and either enabled it or the pool requires MFA.
    pub fn needs_software_token_mfa(&self, pool_enabled: bool, pool_requires: bool) -> bool {
        pool_enabled
            && self.software_token.is_some()
            && (self.software_token_mfa.enabled || pool_requires)
    }
}

/// A TOTP key as Base32 text. It has to be stored readable (codes are
/// computed from it); `Debug` is redacted so it never reaches a log.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TotpSecret(String);

impl TotpSecret {
    /// Wraps a Base32 key (as [`crate::totp::new_secret`] makes them).
    pub fn new(base32: impl Into<String>) -> Self {
        Self(base32.into())
    }

    /// The Base32 text, to compute or check codes with.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

/// A user's verified TOTP authenticator (software token MFA).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SoftwareToken {
    /// The shared secret (the `SecretCode` `AssociateSoftwareToken` gave).
    pub secret: TotpSecret,
    /// `VerifySoftwareToken`'s `FriendlyDeviceName`, when one was given.
    #[serde(default)]
    pub friendly_device_name: Option<String>,
    /// When `VerifySoftwareToken` accepted its first code, in Unix seconds.
    pub verified_at: i64,
}

/// A TOTP key `AssociateSoftwareToken` handed out that no code has verified
/// yet; `VerifySoftwareToken` turns it into a [`SoftwareToken`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingSoftwareToken {
    /// The `SecretCode` returned to the user.
    pub secret: TotpSecret,
    /// When `AssociateSoftwareToken` issued it, in Unix seconds.
    pub associated_at: i64,
}

/// `SoftwareTokenMfaSettingsType` as last set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaPreference {
    /// `Enabled`: sign-in asks this user for a TOTP code.
    pub enabled: bool,
    /// `PreferredMfa`: TOTP is the user's preferred factor.
    pub preferred: bool,
}

/// What a challenge `Session` may be used for next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChallengeStage {
    /// Answer `SOFTWARE_TOKEN_MFA` (RespondToAuthChallenge).
    SoftwareTokenMfa,
    /// `MFA_SETUP` issued: AssociateSoftwareToken.
    MfaSetup,
    /// Associated: VerifySoftwareToken (or AssociateSoftwareToken again).
    MfaSetupAssociated,
    /// Verified: answer `MFA_SETUP` (RespondToAuthChallenge).
    MfaSetupVerified,
    /// A temporary password was accepted: answer `NEW_PASSWORD_REQUIRED`.
    NewPasswordRequired,
}

/// A challenge `Session`, bound to a user, an app client and a stage.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChallengeSession {
    /// The internal username of the user signing in.
    pub username: String,
    /// The `ClientId` the challenge was issued to; answers must come from
    /// the same app client.
    pub client_id: String,
    /// Which call or answer the session accepts next.
    pub stage: ChallengeStage,
    /// When the session stops working, in Unix seconds (the client's
    /// `AuthSessionValidity` after it was issued).
    pub expires_at: i64,
    /// Sessions are single-use; a used one is kept until it would have
    /// expired, to tell "used" from "unknown".
    #[serde(default)]
    pub used: bool,
}

fn enabled() -> bool {
    true
}

/// What `USER_SRP_AUTH` checks a password against without the password
/// itself; derived from it whenever a password is set.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SrpVerifier {
    /// 16 random bytes, lowercase hex.
    pub salt: String,
    /// `v = g^x mod N`, lowercase hex.
    pub verifier: String,
}

/// A one-time code sent to the user: sign-up confirmation or password reset.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingCode {
    /// The six digits sent.
    pub code: String,
    /// When it stops being accepted, in Unix seconds.
    pub expires_at: i64,
    /// Wrong guesses against this code.
    #[serde(default)]
    pub failed_attempts: u32,
}

/// Consecutive failed sign-ins, for the lockout (see `crate::lockout`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SignInFailures {
    /// Failures in a row; restarts after 15 minutes without one.
    pub count: u32,
    /// When the latest failure happened, in Unix seconds.
    pub last_failure_at: i64,
    /// Attempts are refused until this Unix time (0: never locked).
    pub locked_until: i64,
}

/// One authentication: its refresh token and every access and ID token
/// minted from it (they share its `origin_jti`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuthSession {
    /// SHA-256 of the refresh token, hex; the token itself is never stored.
    pub refresh_token_sha256: String,
    /// The internal username of the signed-in user.
    pub username: String,
    /// The app client the tokens were issued to (their `aud` / `client_id`).
    pub client_id: String,
    /// When the user authenticated, in Unix seconds: the tokens'
    /// `auth_time` claim, kept when they are refreshed.
    pub auth_time: i64,
    /// When the refresh token expires.
    pub expires_at: i64,
    /// The latest `exp` of an access or ID token minted in this session.
    pub tokens_expire_at: i64,
    /// Set by `RevokeToken`, `GlobalSignOut` or disabling the user: the
    /// refresh token and every token minted from it are refused from then on.
    #[serde(default)]
    pub revoked: bool,
    /// The granted OAuth scopes (space-separated) of a session started at the
    /// token endpoint; `None` for user-pool API sign-ins, whose access
    /// tokens carry `aws.cognito.signin.user.admin` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// A message the emulator "sent" (the local mailbox).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// A random UUID.
    pub id: String,
    /// The recipient: an e-mail address, or a phone number for an SMS.
    pub to: String,
    /// The subject line.
    pub subject: String,
    /// The message text.
    pub body: String,
    /// The code the message carries (confirmation or reset code, or the
    /// temporary password of an invitation), so tests need not parse `body`.
    pub code: String,
    /// RFC 3339.
    pub sent_at: String,
}

impl PoolData {
    /// Finds a user by a name the pool accepts for it (Developer Guide,
    /// "User pool attributes": an e-mail address or phone number can stand
    /// in for the username "in all APIs except the ListUsers API"): the
    /// internal username, else a sign-in attribute ([`SignIn`]). Federated
    /// users (with an `identities` attribute) are found by their username
    /// only: as in Cognito, their e-mail address is no sign-in alias, and a
    /// native user may have the same one.
    pub fn find_user(&self, sign_in: SignIn<'_>, name: &str) -> Option<&User> {
        self.find_username(sign_in, name)
            .and_then(|u| self.users.get(&u))
    }

    /// [`PoolData::find_user`], for changing the user.
    pub fn find_user_mut(&mut self, sign_in: SignIn<'_>, name: &str) -> Option<&mut User> {
        let username = self.find_username(sign_in, name)?;
        self.users.get_mut(&username)
    }

    fn find_username(&self, sign_in: SignIn<'_>, name: &str) -> Option<String> {
        if self.users.contains_key(name) {
            return Some(name.to_owned());
        }
        if let Some(u) = self
            .users
            .values()
            .find(|u| sign_in.same_username(&u.username, name))
        {
            return Some(u.username.clone());
        }
        sign_in
            .attributes()
            .iter()
            .find_map(|a| self.holders(sign_in, *a, name, "").next())
            .map(|u| u.username.clone())
    }

    /// Whether a user already has the internal username `username`.
    pub fn username_taken(&self, sign_in: SignIn<'_>, username: &str) -> bool {
        self.users.contains_key(username)
            || self
                .users
                .values()
                .any(|u| sign_in.same_username(&u.username, username))
    }

    /// Native users other than `except` (an internal username) whom
    /// `value` of `attribute` names in this pool now
    /// ([`SignIn::active_value`]).
    pub fn holders<'a>(
        &'a self,
        sign_in: SignIn<'a>,
        attribute: SignInAttribute,
        value: &'a str,
        except: &'a str,
    ) -> impl Iterator<Item = &'a User> + 'a {
        self.users.values().filter(move |u| {
            u.username != except
                && !u.is_federated()
                && sign_in
                    .active_value(attribute, &u.attributes)
                    .is_some_and(|v| sign_in.same_value(attribute, v, value))
        })
    }

    /// Drops sessions whose refresh token and minted tokens have all expired:
    /// nothing can present them any more.
    pub fn prune_sessions(&mut self, now: i64) {
        self.sessions
            .retain(|_, s| s.expires_at.max(s.tokens_expire_at) > now);
        // Kept an hour past expiry so a late answer hears "expired" rather
        // than "invalid".
        self.challenge_sessions
            .retain(|_, s| s.expires_at + 3600 > now);
    }
}

/// Keeps the mailbox from growing without bound in a long-lived data dir.
pub const MAX_MESSAGES: usize = 1000;

/// Loads `state.json`, or returns an empty state when the file does not exist.
pub fn load(path: &Path) -> Result<Db, Error> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Db {
                format: FORMAT,
                ..Db::default()
            })
        }
        Err(e) => return Err(Error::io(path, "read the state file", e)),
    };
    let corrupt = |what: String| Error::Data {
        path: path.to_owned(),
        message: format!(
            "the emulator state file is corrupt ({what}).\n\
             It is left untouched. Move it away (e.g. `mv {p} {p}.broken`) to start with \
             no users, or restore a good copy.",
            p = path.display()
        ),
    };
    let db: Db = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if db.format > FORMAT {
        return Err(Error::Data {
            path: path.to_owned(),
            message: format!(
                "the state file has format {}, newer than this emulator understands ({FORMAT}).\n\
                 Upgrade the emulator, or point --data-dir at another directory.",
                db.format
            ),
        });
    }
    Ok(db)
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// directory, fsync, rename over the target, fsync the directory. A crash
/// leaves either the old or the new file, never a torn one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map_or_else(|| "state".into(), |n| n.to_string_lossy().into_owned());
    let tmp: PathBuf = dir.join(format!(
        ".{file_name}.{}.{}.tmp",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes the temporary files [`write_atomic`] left next to `path` when
/// its process was killed mid-write (`.state.json.<pid>.<uuid>.tmp`), unless
/// that process still runs. They never hold the only copy of anything: the
/// rename that would have made them the state never happened.
pub fn remove_stale_temporaries(path: &Path) {
    let dir = path.parent().unwrap_or(Path::new("."));
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid = rest.split('.').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| {
            pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists()
        });
        if !alive {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    // Windows cannot open a directory for fsync; the rename is still atomic.
    Ok(())
}

/// The state file's bytes: indented JSON, for people reading the file.
pub fn serialise(db: &Db) -> std::io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(db).map_err(std::io::Error::other)
}

/// Serialises and writes the state.
pub fn save(path: &Path, db: &Db) -> std::io::Result<()> {
    write_atomic(path, &serialise(db)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_secrets_never_show_in_debug_output() {
        let token = SoftwareToken {
            secret: TotpSecret::new("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
            friendly_device_name: Some("phone".into()),
            verified_at: 0,
        };
        let pending = PendingSoftwareToken {
            secret: TotpSecret::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
            associated_at: 0,
        };
        let debug = format!("{token:?} {pending:?}");
        assert!(!debug.contains("JBSWY3DP"), "{debug}");
        assert!(!debug.contains("GEZDGNBV"), "{debug}");
        assert!(debug.contains("TotpSecret(<redacted>)"), "{debug}");
        // Stored as plain Base32 in state.json.
        assert_eq!(
            serde_json::to_value(&pending.secret).unwrap(),
            serde_json::json!("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        );
    }
}
