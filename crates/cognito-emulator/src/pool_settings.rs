//! The settings of a user pool and its app clients that `UpdateUserPool`
//! and `UpdateUserPoolClient` change at run time, and how they are kept in
//! the state file across restarts.
//!
//! The configuration file is the pool as created (`CreateUserPool`,
//! `CreateUserPoolClient`); what the updates set afterwards lives in the
//! state file and is applied over the file at every start — until the
//! file's own settings change: then the file wins, as the newer decision.
//! The pool's own settings and each app client's are judged apart, so
//! editing one client in the file keeps what `UpdateUserPool` and the other
//! clients' updates set.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::{ClientConfig, Config, MfaConfiguration, PoolConfig};
use crate::password_policy::PasswordPolicy;
use crate::triggers::LambdaConfig;

/// The pool settings the emulator models that `UpdateUserPool` sets, and
/// its app clients' settings that `UpdateUserPoolClient` sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSettings {
    /// `PoolName`.
    pub name: String,
    /// `Policies.PasswordPolicy`.
    pub password_policy: PasswordPolicy,
    /// `MfaConfiguration`.
    pub mfa_configuration: MfaConfiguration,
    /// `LambdaConfig`.
    #[serde(default)]
    pub lambda_config: LambdaConfig,
    /// The app clients' settings, by client id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clients: BTreeMap<String, ClientSettings>,
}

impl PoolSettings {
    /// The settings of a configured pool and its clients.
    pub fn of(pool: &PoolConfig) -> PoolSettings {
        PoolSettings {
            name: pool.name.clone(),
            password_policy: pool.password_policy.clone(),
            mfa_configuration: pool.mfa_configuration,
            lambda_config: pool.lambda_config.clone(),
            clients: pool
                .clients
                .iter()
                .map(|c| (c.id.clone(), ClientSettings::of(c)))
                .collect(),
        }
    }

    /// Puts these settings into `pool` (a client these settings do not
    /// name keeps its own).
    pub fn apply_to(&self, pool: &mut PoolConfig) {
        pool.name = self.name.clone();
        pool.password_policy = self.password_policy.clone();
        pool.mfa_configuration = self.mfa_configuration;
        pool.lambda_config = self.lambda_config.clone();
        for client in &mut pool.clients {
            if let Some(s) = self.clients.get(&client.id) {
                let id = std::mem::take(&mut client.id);
                *client = ClientConfig {
                    id,
                    ..s.client.clone()
                };
            }
        }
    }

    /// Whether the pool's own settings (not its clients') are the same.
    fn same_pool_settings(&self, other: &PoolSettings) -> bool {
        (
            &self.name,
            &self.password_policy,
            self.mfa_configuration,
            &self.lambda_config,
        ) == (
            &other.name,
            &other.password_policy,
            other.mfa_configuration,
            &other.lambda_config,
        )
    }

    /// Takes the pool's own settings (not its clients') from `other`.
    fn take_pool_settings(&mut self, other: &PoolSettings) {
        self.name = other.name.clone();
        self.password_policy = other.password_policy.clone();
        self.mfa_configuration = other.mfa_configuration;
        self.lambda_config = other.lambda_config.clone();
    }
}

/// An app client's settings as `UpdateUserPoolClient` last left them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSettings {
    /// The client, as the configuration file's `[[pools.clients]]` would
    /// give it.
    pub client: ClientConfig,
    /// `TokenValidityUnits` as `UpdateUserPoolClient` was given them, so
    /// `DescribeUserPoolClient` answers in the same units; `None` for a
    /// client as configured (whose validities are in seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnits>,
}

impl ClientSettings {
    /// The settings of a configured client.
    pub fn of(client: &ClientConfig) -> ClientSettings {
        ClientSettings {
            client: client.clone(),
            token_validity_units: None,
        }
    }
}

/// `TimeUnitsType`: the unit of a token validity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeUnit {
    /// `seconds`.
    Seconds,
    /// `minutes`.
    Minutes,
    /// `hours`.
    Hours,
    /// `days`.
    Days,
}

impl TimeUnit {
    /// Every unit, largest first.
    pub const ALL: [TimeUnit; 4] = [
        TimeUnit::Days,
        TimeUnit::Hours,
        TimeUnit::Minutes,
        TimeUnit::Seconds,
    ];

    /// The name AWS gives it (`TimeUnitsType`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "seconds",
            TimeUnit::Minutes => "minutes",
            TimeUnit::Hours => "hours",
            TimeUnit::Days => "days",
        }
    }

    /// The unit named `name`, if any.
    pub fn parse(name: &str) -> Option<TimeUnit> {
        TimeUnit::ALL.into_iter().find(|u| u.as_str() == name)
    }

    /// Its length in seconds.
    pub fn seconds(self) -> u32 {
        match self {
            TimeUnit::Seconds => 1,
            TimeUnit::Minutes => 60,
            TimeUnit::Hours => 3600,
            TimeUnit::Days => 86_400,
        }
    }
}

/// `TokenValidityUnitsType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenValidityUnits {
    /// The unit of `AccessTokenValidity`; `hours` by default.
    pub access_token: TimeUnit,
    /// The unit of `IdTokenValidity`; `hours` by default.
    pub id_token: TimeUnit,
    /// The unit of `RefreshTokenValidity`; `days` by default.
    pub refresh_token: TimeUnit,
}

impl Default for TokenValidityUnits {
    /// AWS's defaults (API Reference, `TokenValidityUnitsType`).
    fn default() -> Self {
        TokenValidityUnits {
            access_token: TimeUnit::Hours,
            id_token: TimeUnit::Hours,
            refresh_token: TimeUnit::Days,
        }
    }
}

/// When an app client was first served and last changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDates {
    /// `CreationDate`.
    pub created_at: i64,
    /// `LastModifiedDate`.
    pub last_modified_at: i64,
}

/// A pool's settings in the state file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSettings {
    /// What the configuration file said when `current` was last taken
    /// from it; a file that says something else now replaces `current`.
    pub from_config: PoolSettings,
    /// The settings in force.
    pub current: PoolSettings,
    /// `CreationDate`: when the emulator first served the pool.
    pub created_at: i64,
    /// `LastModifiedDate`.
    pub last_modified_at: i64,
    /// The app clients' `CreationDate` and `LastModifiedDate`, by client id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub client_dates: BTreeMap<String, ClientDates>,
}

impl StoredSettings {
    /// The settings of a configured pool, first served at `now`.
    pub fn new(pool: &PoolConfig, now: i64) -> StoredSettings {
        StoredSettings {
            from_config: PoolSettings::of(pool),
            current: PoolSettings::of(pool),
            created_at: now,
            last_modified_at: now,
            client_dates: pool
                .clients
                .iter()
                .map(|c| {
                    let dates = ClientDates {
                        created_at: now,
                        last_modified_at: now,
                    };
                    (c.id.clone(), dates)
                })
                .collect(),
        }
    }
}

/// Cognito's password policy for a pool that sets none, which is what
/// `UpdateUserPool` without `Policies` leaves (Developer Guide, "Adding user
/// pool password requirements": at least 8 characters with all four
/// character classes; temporary passwords valid for 7 days).
pub fn cognito_default_password_policy() -> PasswordPolicy {
    PasswordPolicy {
        minimum_length: 8,
        require_uppercase: true,
        require_lowercase: true,
        require_numbers: true,
        require_symbols: true,
        temporary_password_validity_days: 7,
    }
}

/// At start-up: applies each pool's stored settings (`settings`, by pool
/// id) to `config`, and stores the configured ones for pools and clients
/// that have none or whose configuration changed. Returns one line per pool
/// or client that keeps settings from `UpdateUserPool` or
/// `UpdateUserPoolClient`, for the log.
pub(crate) fn restore(
    config: &mut Config,
    settings: &mut BTreeMap<String, StoredSettings>,
    now: i64,
) -> Vec<String> {
    let mut kept = Vec::new();
    for pool in &mut config.pools {
        let configured = PoolSettings::of(pool);
        let previous = settings.get(&pool.id);
        let mut current = configured.clone();
        let mut last_modified_at = now;
        let mut client_dates = BTreeMap::new();
        if let Some(s) = previous {
            if s.from_config.same_pool_settings(&configured) {
                if !s.current.same_pool_settings(&configured) {
                    kept.push(format!(
                        "pool {}: using the settings UpdateUserPool last set (the configuration \
                         file's settings for the pool are unchanged)",
                        pool.id
                    ));
                }
                current.take_pool_settings(&s.current);
                last_modified_at = s.last_modified_at;
            }
            for (id, client) in &mut current.clients {
                let unchanged = s.from_config.clients.get(id) == Some(&*client);
                let dates = s.client_dates.get(id).copied();
                match s.current.clients.get(id) {
                    Some(stored) if unchanged => {
                        if stored != client {
                            kept.push(format!(
                                "pool {}: client {id}: using the settings UpdateUserPoolClient \
                                 last set (the configuration file's settings for the client \
                                 are unchanged)",
                                pool.id
                            ));
                        }
                        *client = stored.clone();
                        if let Some(dates) = dates {
                            client_dates.insert(id.clone(), dates);
                        }
                    }
                    _ => {
                        let created_at = dates.map_or(now, |d| d.created_at);
                        client_dates.insert(
                            id.clone(),
                            ClientDates {
                                created_at,
                                last_modified_at: now,
                            },
                        );
                    }
                }
            }
        }
        for id in current.clients.keys() {
            client_dates.entry(id.clone()).or_insert(ClientDates {
                created_at: now,
                last_modified_at: now,
            });
        }
        current.apply_to(pool);
        let created_at = previous.map_or(now, |p| p.created_at);
        settings.insert(
            pool.id.clone(),
            StoredSettings {
                from_config: configured,
                current,
                created_at,
                last_modified_at,
                client_dates,
            },
        );
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_settings_survive_unless_the_file_changed() {
        let mut config = Config::seed();
        let mut settings = BTreeMap::new();
        assert!(restore(&mut config, &mut settings, 100).is_empty());
        let id = config.pools[0].id.clone();
        assert_eq!(settings[&id].current, PoolSettings::of(&config.pools[0]));
        assert_eq!(settings[&id].created_at, 100);

        // UpdateUserPool changed the policy.
        settings.get_mut(&id).unwrap().current.password_policy = cognito_default_password_policy();
        let mut restarted = Config::seed();
        let kept = restore(&mut restarted, &mut settings, 200);
        assert_eq!(kept.len(), 1, "{kept:?}");
        assert_eq!(restarted.pools[0].password_policy.minimum_length, 8);

        // The file changed (the seed's MFA is OPTIONAL): it wins.
        let mut edited = Config::seed();
        edited.pools[0].mfa_configuration = MfaConfiguration::On;
        assert!(restore(&mut edited, &mut settings, 300).is_empty());
        assert_eq!(edited.pools[0].password_policy.minimum_length, 12);
        assert_eq!(
            settings[&id].current.mfa_configuration,
            MfaConfiguration::On
        );
        assert_eq!(settings[&id].created_at, 100);
        assert_eq!(settings[&id].last_modified_at, 300);
    }
}
