//! A new user's names, as the pool names users ([`crate::usernames`]), and
//! Cognito's uniqueness rules for them: `UsernameExistsException` for a
//! taken username (or, where users sign in by e-mail or phone, a taken
//! address), `AliasExistsException` for an alias another user holds
//! (Developer Guide, "User pool attributes": "Customizing sign-in
//! attributes"; API Reference, `SignUp`, `ConfirmSignUp`,
//! `AdminCreateUser`).

use std::collections::BTreeMap;

use super::error::ApiError;
use crate::config::PoolConfig;
use crate::email::is_valid_email;
use crate::store::PoolData;
use crate::usernames::{is_phone_number, looks_like_phone_number, SignInAttribute};

/// Who writes attributes: an app client (`SignUp`), or an administrator
/// with IAM credentials (`AdminCreateUser`), who may also set the
/// verification flags and need not give the required attributes (users
/// are asked for them at `NEW_PASSWORD_REQUIRED`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Writer {
    AppClient,
    Administrator,
}

fn invalid_email() -> ApiError {
    ApiError::invalid_parameter("Invalid email address format.")
}

fn invalid_phone_number() -> ApiError {
    // As Cognito answers (aws-amplify/amplify-js issue 3868, and others).
    ApiError::invalid_parameter("Invalid phone number format.")
}

/// Checks a new user's `Username` against the pool and returns the
/// attribute it stands for, if any: in a pool that signs in by e-mail or
/// phone number, "If the username string is in valid email format, the
/// user pool automatically populates the email attribute ... If the
/// username string format is not in email or phone number format, the
/// SignUp API returns an exception"; in a username pool with an e-mail or
/// phone alias, "a username can't match a valid email format", nor a phone
/// number (Developer Guide, "User pool attributes").
pub(super) fn username_attribute(
    pool: &PoolConfig,
    username: &str,
) -> Result<Option<(SignInAttribute, String)>, ApiError> {
    let sign_in = pool.sign_in();
    let email = sign_in.has(SignInAttribute::Email);
    let phone = sign_in.has(SignInAttribute::PhoneNumber);
    if !sign_in.by_attribute() {
        // The wording AWS answers with (widely reported; the phone one in
        // the same form).
        if email && is_valid_email(username) {
            return Err(ApiError::invalid_parameter(
                "Username cannot be of email format, since user pool is configured for email alias.",
            ));
        }
        if phone && is_phone_number(username) {
            return Err(ApiError::invalid_parameter(
                "Username cannot be of phone number format, since user pool is configured for \
                 phone number alias.",
            ));
        }
        return Ok(None);
    }
    if email && username.contains('@') {
        if !is_valid_email(username) {
            return Err(invalid_email());
        }
        return Ok(Some((SignInAttribute::Email, username.to_owned())));
    }
    if phone && looks_like_phone_number(username) {
        if !is_phone_number(username) {
            return Err(invalid_phone_number());
        }
        return Ok(Some((SignInAttribute::PhoneNumber, username.to_owned())));
    }
    Err(ApiError::invalid_parameter(match (email, phone) {
        (true, false) => "Username should be an email.",
        (false, true) => "Username should be a phone number.",
        _ => "Username should be either an email or a phone number.",
    }))
}

/// The formats Cognito holds `email` and `phone_number` values to.
pub(super) fn check_formats(attributes: &BTreeMap<String, String>) -> Result<(), ApiError> {
    if attributes.get("email").is_some_and(|e| !is_valid_email(e)) {
        return Err(invalid_email());
    }
    if attributes
        .get("phone_number")
        .is_some_and(|p| !is_phone_number(p))
    {
        return Err(invalid_phone_number());
    }
    Ok(())
}

/// A new user's internal username (`cognito:username`): the `Username` in a
/// username pool; in one that signs in by e-mail or phone, "a persistent
/// UUID ... This UUID has the same value as the sub claim".
pub(super) fn internal_username(pool: &PoolConfig, username: &str, sub: &str) -> String {
    if pool.sign_in().by_attribute() {
        sub.to_owned()
    } else {
        username.to_owned()
    }
}

/// `UsernameExistsException` when a new user's names are taken: the
/// username (whatever its case, in a case-insensitive pool), or, where
/// users sign in by e-mail or phone, an address another user signs in
/// with ("If the username string contains an email address or phone number
/// that is already in use, the SignUp API throws an exception").
pub(super) fn check_free(
    pool: &PoolConfig,
    pool_data: &PoolData,
    internal: &str,
    attributes: &BTreeMap<String, String>,
    writer: Writer,
) -> Result<(), ApiError> {
    let sign_in = pool.sign_in();
    let exists = |message: String| ApiError::new("UsernameExistsException", message);
    // AdminCreateUser's wording (captured in localstack/localstack issue
    // 4465), whatever name is taken.
    let admin = || exists("User account already exists".into());
    if sign_in.by_attribute() {
        for attribute in sign_in.username_attributes {
            let Some(value) = attributes.get(attribute.as_str()) else {
                continue;
            };
            if pool_data
                .holders(sign_in, *attribute, value, internal)
                .next()
                .is_some()
            {
                return Err(match writer {
                    // As observed on pools that sign in by e-mail or phone.
                    Writer::AppClient => exists(format!(
                        "An account with the given {} already exists.",
                        attribute.as_str()
                    )),
                    Writer::Administrator => admin(),
                });
            }
        }
        return Ok(());
    }
    if pool_data.username_taken(sign_in, internal) {
        return Err(match writer {
            // Developer Guide, "Managing error responses".
            Writer::AppClient => exists("User already exists".into()),
            Writer::Administrator => admin(),
        });
    }
    Ok(())
}

/// `AliasExistsException` for an alias value another user holds.
fn alias_exists(attribute: SignInAttribute) -> ApiError {
    ApiError::new(
        "AliasExistsException",
        format!("An account with the {} already exists.", attribute.as_str()),
    )
}

/// Aliases to take from other users: (holder's internal username, the
/// `_verified` attribute to set false).
#[must_use = "the aliases move only when applied"]
pub(super) struct AliasMoves(Vec<(String, &'static str)>);

impl AliasMoves {
    /// Marks the aliases unverified at their previous holders: "This moves
    /// the alias from the previous account to the newly created account,
    /// and it also marks the attribute unverified in the previous account".
    pub(super) fn apply(self, pool_data: &mut PoolData, now: i64) {
        for (holder, flag) in self.0 {
            if let Some(user) = pool_data.users.get_mut(&holder) {
                user.attributes.insert(flag.into(), "false".into());
                user.updated_at = now;
            }
        }
    }
}

/// In a username pool, the aliases the user `internal` would hold with
/// `attributes` (verified e-mail and phone, preferred username) that
/// another user holds already: "the value provided can be in a verified
/// state in only one account" (Developer Guide, "User pool attributes").
/// With `force` (`ForceAliasCreation`) an e-mail address or phone number
/// moves to this user; without it, and for a preferred username,
/// `AliasExistsException`.
pub(super) fn check_aliases(
    pool: &PoolConfig,
    pool_data: &PoolData,
    internal: &str,
    attributes: &BTreeMap<String, String>,
    force: bool,
) -> Result<AliasMoves, ApiError> {
    let sign_in = pool.sign_in();
    let mut moves = Vec::new();
    if sign_in.by_attribute() {
        return Ok(AliasMoves(moves));
    }
    for attribute in sign_in.alias_attributes {
        let Some(value) = sign_in.active_value(*attribute, attributes) else {
            continue;
        };
        for holder in pool_data.holders(sign_in, *attribute, value, internal) {
            match attribute.verified_flag() {
                Some(flag) if force => moves.push((holder.username.clone(), flag)),
                _ => return Err(alias_exists(*attribute)),
            }
        }
    }
    Ok(AliasMoves(moves))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn pool(edit: impl FnOnce(&mut PoolConfig)) -> PoolConfig {
        let mut pool = Config::seed().pools[0].clone();
        edit(&mut pool);
        pool
    }

    #[test]
    fn the_username_is_checked_as_the_pool_names_users() {
        use SignInAttribute::*;
        let email = pool(|_| {});
        let phone = pool(|p| p.username_attributes = Some(vec![PhoneNumber]));
        let both = pool(|p| p.username_attributes = Some(vec![Email, PhoneNumber]));
        let alias = pool(|p| {
            p.username_attributes = None;
            p.alias_attributes = vec![Email, PhoneNumber];
        });
        let message = |p: &PoolConfig, name: &str| username_attribute(p, name).unwrap_err().message;

        assert_eq!(
            username_attribute(&email, "a@example.com").unwrap(),
            Some((Email, "a@example.com".into()))
        );
        assert_eq!(
            message(&email, "+819012345678"),
            "Username should be an email."
        );
        assert_eq!(message(&email, "a@b"), "Invalid email address format.");
        assert_eq!(
            username_attribute(&phone, "+819012345678").unwrap(),
            Some((PhoneNumber, "+819012345678".into()))
        );
        assert_eq!(
            message(&phone, "090-1234-5678"),
            "Invalid phone number format."
        );
        assert_eq!(
            message(&phone, "a@example.com"),
            "Username should be a phone number."
        );
        assert_eq!(
            message(&both, "hanako"),
            "Username should be either an email or a phone number."
        );
        assert_eq!(username_attribute(&alias, "hanako").unwrap(), None);
        assert_eq!(
            message(&alias, "a@example.com"),
            "Username cannot be of email format, since user pool is configured for email alias."
        );
        assert_eq!(
            message(&alias, "+819012345678"),
            "Username cannot be of phone number format, since user pool is configured for \
             phone number alias."
        );
    }
}
