//! What the configuration creates in the store at start-up: the pools'
//! groups (`[[pools.groups]]`) and seed users (`[[pools.users]]`).

use std::collections::BTreeMap;

use crate::config::{Config, PoolConfig};
use crate::credentials::password_secrets;
use crate::groups::add_member;
use crate::store::{Db, Group, PoolData, User, UserStatus};

/// Creates missing groups and seed users, and brings configured groups'
/// description, precedence and role in line with the configuration. Seed
/// users that exist (found by the name they sign in with) are left as they
/// are, so a password changed since start-up stays changed.
pub(crate) fn apply(config: &Config, db: &mut Db, now: i64) {
    for pool in &config.pools {
        let data = db.pools.entry(pool.id.clone()).or_default();
        groups(pool, data, now);
        users(pool, data, now);
    }
}

fn groups(pool: &PoolConfig, data: &mut PoolData, now: i64) {
    for g in &pool.groups {
        let configured = Group {
            name: g.name.clone(),
            description: g.description.clone(),
            precedence: g.precedence.map(i64::from),
            role_arn: g.role_arn.clone(),
            created_at: now,
            updated_at: now,
        };
        match data.groups.get_mut(&g.name) {
            None => {
                data.groups.insert(g.name.clone(), configured);
            }
            Some(existing) => {
                let same = existing.description == configured.description
                    && existing.precedence == configured.precedence
                    && existing.role_arn == configured.role_arn;
                if !same {
                    existing.description = configured.description;
                    existing.precedence = configured.precedence;
                    existing.role_arn = configured.role_arn;
                    existing.updated_at = now;
                }
            }
        }
    }
}

fn users(pool: &PoolConfig, data: &mut PoolData, now: i64) {
    let sign_in = pool.sign_in();
    for seed in &pool.users {
        let name = seed.sign_in_name();
        if data.find_user(sign_in, name).is_some() {
            continue;
        }
        // As SignUp names users: the username in a username pool; a UUID,
        // the same as `sub`, in one that signs in by e-mail or phone.
        let sub = uuid::Uuid::new_v4().to_string();
        let username = seed.username.clone().unwrap_or_else(|| sub.clone());
        let secrets = password_secrets(&pool.id, &username, &seed.password);
        let mut attributes: BTreeMap<String, String> = seed.attributes.clone();
        if let Some(email) = &seed.email {
            attributes.insert("email".into(), email.clone());
            attributes.insert("email_verified".into(), "true".into());
        }
        if let Some(phone) = &seed.phone_number {
            attributes.insert("phone_number".into(), phone.clone());
            attributes.insert("phone_number_verified".into(), "true".into());
        }
        let mut user = User::new(
            username.clone(),
            sub,
            UserStatus::Confirmed,
            attributes,
            secrets.hash,
            secrets.srp,
            now,
        );
        for group in &seed.groups {
            add_member(&mut user, group);
        }
        eprintln!(
            "cognito-emulator: created seed user {name} in pool {}",
            pool.id
        );
        data.users.insert(username, user);
    }
}
