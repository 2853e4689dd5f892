//! The settings of a user pool that `UpdateUserPool` changes at run time,
//! and how they are kept in the state file across restarts.
//!
//! The configuration file is the pool as created (`CreateUserPool`); what
//! `UpdateUserPool` sets afterwards lives in the state file and is applied
//! over the file at every start — until the file's own settings for the
//! pool change: then the file wins, as the newer decision.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::{Config, MfaConfiguration, PoolConfig};
use crate::password_policy::PasswordPolicy;
use crate::triggers::LambdaConfig;

/// The pool settings the emulator models that `UpdateUserPool` sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolSettings {
    pub name: String,
    pub password_policy: PasswordPolicy,
    pub mfa_configuration: MfaConfiguration,
    #[serde(default)]
    pub lambda_config: LambdaConfig,
}

impl PoolSettings {
    /// The settings of a configured pool.
    pub fn of(pool: &PoolConfig) -> PoolSettings {
        PoolSettings {
            name: pool.name.clone(),
            password_policy: pool.password_policy.clone(),
            mfa_configuration: pool.mfa_configuration,
            lambda_config: pool.lambda_config.clone(),
        }
    }

    /// Puts these settings into `pool`.
    pub fn apply_to(&self, pool: &mut PoolConfig) {
        pool.name = self.name.clone();
        pool.password_policy = self.password_policy.clone();
        pool.mfa_configuration = self.mfa_configuration;
        pool.lambda_config = self.lambda_config.clone();
    }
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
/// id) to `config`, and stores the configured ones for pools that have none
/// or whose configuration changed. Returns one line per pool that keeps
/// settings from `UpdateUserPool`, for the log.
pub(crate) fn restore(
    config: &mut Config,
    settings: &mut BTreeMap<String, StoredSettings>,
    now: i64,
) -> Vec<String> {
    let mut kept = Vec::new();
    for pool in &mut config.pools {
        let configured = PoolSettings::of(pool);
        match settings.get(&pool.id) {
            Some(s) if s.from_config == configured => {
                if s.current != configured {
                    kept.push(format!(
                        "pool {}: using the settings UpdateUserPool last set (the configuration \
                         file's settings for the pool are unchanged)",
                        pool.id
                    ));
                }
                s.current.apply_to(pool);
            }
            previous => {
                let created_at = previous.map_or(now, |p| p.created_at);
                settings.insert(
                    pool.id.clone(),
                    StoredSettings {
                        from_config: configured.clone(),
                        current: configured,
                        created_at,
                        last_modified_at: now,
                    },
                );
            }
        }
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
