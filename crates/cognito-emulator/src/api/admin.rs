//! User administration with IAM credentials (API Reference for each):
//! `AdminCreateUser`, `AdminGetUser`, `AdminSetUserPassword`,
//! `AdminResetUserPassword`, `AdminDisableUser`, `AdminEnableUser`,
//! `AdminDeleteUser`. `ListUsers` is in [`super::list_users`], groups in
//! [`super::groups`]. [`super::sigv4`] has already checked the signature.
//!
//! Choices where AWS's behaviour is not documented:
//! * Invitations go by e-mail or, to the phone number, by "SMS" into the
//!   local mailbox: `DesiredDeliveryMediums` defaults to `EMAIL` for a user
//!   with an e-mail address and to `SMS` for one with only a phone number
//!   (the model's default is `SMS`); a medium the user has no address for
//!   is refused with a message saying so.
//! * `AdminResetUserPassword` needs a verified phone number or e-mail
//!   address, as `ForgotPassword` does, and is refused for users who never set a
//!   password of their own (`UNCONFIRMED`, `FORCE_CHANGE_PASSWORD`) with
//!   the message `ForgotPassword` gives them.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{Input, Validator, PASSWORD};
use super::names::{self, Writer};
use super::sign_up::{attribute_map, user_attributes};
use super::users::{epoch, find_pool, find_user, find_user_mut, pool_id_and_username, user_type};
use crate::credentials::password_secrets_blocking;
use crate::mailbox::{self, Destination, Wording, PASSWORD_RESET_CODE_TTL};
use crate::state::AppState;
use crate::store::{PendingCode, SignInFailures, SrpVerifier, User, UserStatus};
use crate::triggers::events::user_attributes as trigger_attributes;
use crate::triggers::{Call, Source};

/// `InvalidPasswordException` in SignUp's words.
pub(super) fn check_policy(
    pool: &crate::config::PoolConfig,
    password: &str,
) -> Result<(), ApiError> {
    match pool.password_policy.first_violation(password) {
        None => Ok(()),
        Some(rule) => Err(ApiError::new(
            "InvalidPasswordException",
            format!("Password did not conform with policy: {rule}"),
        )),
    }
}

/// What `ForgotPassword` and `AdminResetUserPassword` answer for a user who
/// has no password of their own yet (observed: client code bases match
/// this text for admin-created users who never signed in).
pub(super) fn cannot_reset() -> ApiError {
    ApiError::not_authorized("User password cannot be reset in the current state.")
}

/// `InvalidParameterException` for a user without a verified address
/// (API Reference, "ForgotPassword").
pub(super) fn no_verified_contact() -> ApiError {
    ApiError::invalid_parameter(
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
    )
}

fn password_hashing_failed(e: tokio::task::JoinError) -> ApiError {
    ApiError::internal(format!("password hashing failed: {e}"))
}

/// `AdminCreateUser`. A PreSignUp function runs for a new user
/// (`PreSignUp_AdminCreateUser`; its answer's flags are ignored, as the
/// Developer Guide says) and may refuse it: nothing is created. A
/// CustomMessage function words the invitation
/// (`CustomMessage_AdminCreateUser`, with `{username}` and `{####}`).
/// `ForceAliasCreation` moves a verified e-mail or phone alias another user
/// holds to the new user, as the API Reference describes.
pub(crate) async fn admin_create_user(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    let attributes = input.attributes("UserAttributes")?;
    v.attributes("userAttributes", attributes.as_deref());
    let validation_data = input.attributes("ValidationData")?;
    v.attributes("validationData", validation_data.as_deref());
    let temporary = v.optional(
        "temporaryPassword",
        input.string("TemporaryPassword")?,
        &PASSWORD,
    );
    let force_alias = input.boolean("ForceAliasCreation")?.unwrap_or(false);
    let action = v.optional_enum(
        "messageAction",
        input.string("MessageAction")?,
        &["RESEND", "SUPPRESS"],
    );
    let mediums = input
        .string_list("DesiredDeliveryMediums")?
        .unwrap_or_default();
    for (i, medium) in mediums.iter().enumerate() {
        v.required_enum(
            &format!("desiredDeliveryMediums.{}.member", i + 1),
            Some(medium.clone()),
            &["SMS", "EMAIL"],
        );
    }
    let client_metadata = input.string_map("ClientMetadata")?;
    v.finish()?;

    let pool = find_pool(state, &pool_id)?;
    let sign_in = pool.sign_in();
    let resend = action.as_deref() == Some("RESEND");
    let suppress = action.as_deref() == Some("SUPPRESS");
    let password = match temporary {
        Some(p) => {
            check_policy(pool, &p)?;
            p
        }
        None => pool.password_policy.generate_temporary(),
    };
    let found = state.read(|db| {
        db.pools
            .get(&pool.id)
            .and_then(|p| p.find_user(sign_in, &username))
            .cloned()
    });
    let call = Call {
        state,
        pool,
        client_id: None,
        client_metadata: client_metadata.as_ref(),
    };
    // A new user gets its attributes checked; RESEND only renews the
    // temporary password.
    let (user_id, new_user, recipient) = match (found, resend) {
        (Some(_), false) => return Err(username_exists()),
        (None, true) => return Err(ApiError::user_not_found()),
        (Some(user), true) => {
            require_force_change(user.status, &user.username)?;
            (user.username.clone(), None, user)
        }
        (None, false) => {
            let mut attrs = user_attributes(
                pool,
                &username,
                attributes.unwrap_or_default(),
                Writer::Administrator,
            )?;
            for (attribute, flag) in [
                ("email", "email_verified"),
                ("phone_number", "phone_number_verified"),
            ] {
                if attrs.contains_key(attribute) {
                    attrs.entry(flag.into()).or_insert_with(|| "false".into());
                }
            }
            let sub = uuid::Uuid::new_v4().to_string();
            let user_id = names::internal_username(pool, &username, &sub);
            state.read(|db| match db.pools.get(&pool.id) {
                Some(p) => {
                    names::check_free(pool, p, &user_id, &attrs, Writer::Administrator)?;
                    names::check_aliases(pool, p, &user_id, &attrs, force_alias).map(drop)
                }
                None => Ok(()),
            })?;
            let validation_data = attribute_map(validation_data.as_deref());
            call.pre_sign_up(
                Source::PreSignUpAdminCreateUser,
                &user_id,
                &attrs,
                validation_data.as_ref(),
            )
            .await?;
            // The user-to-be, as the invitation's CustomMessage sees them.
            let recipient = User::new(
                user_id.clone(),
                sub,
                UserStatus::ForceChangePassword,
                attrs,
                String::new(),
                SrpVerifier {
                    salt: String::new(),
                    verifier: String::new(),
                },
                0,
            );
            (user_id, Some(recipient.clone()), recipient)
        }
    };
    // The name the invitation tells the user to sign in with: the e-mail
    // address or phone number where that is what they sign in with.
    let sign_in_name = sign_in
        .username_attributes
        .iter()
        .find_map(|a| recipient.attributes.get(a.as_str()))
        .unwrap_or(&recipient.username)
        .clone();
    let destinations = if suppress {
        Vec::new()
    } else {
        invitation_destinations(&mediums, &recipient.attributes)?
    };
    let wording = if destinations.is_empty() {
        Wording::default()
    } else {
        call.custom_message(
            Source::CustomMessageAdminCreateUser,
            &user_id,
            trigger_attributes(&recipient),
            true,
        )
        .await?
        .render(&password, &sign_in_name)
    };
    let secrets = password_secrets_blocking(&pool.id, &user_id, &password)
        .await
        .map_err(password_hashing_failed)?;
    let now = state.now();
    let expires_at = now + pool.password_policy.temporary_password_validity_seconds();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let user = match new_user {
            None => {
                let user = find_user_mut(pool_data, sign_in, &user_id)?;
                require_force_change(user.status, &user.username)?;
                user.password_hash = secrets.hash;
                user.srp = secrets.srp;
                user
            }
            Some(mut user) => {
                // Re-checked under the lock: two concurrent creations for
                // one name cannot both succeed.
                names::check_free(
                    pool,
                    pool_data,
                    &user_id,
                    &user.attributes,
                    Writer::Administrator,
                )?;
                let moves =
                    names::check_aliases(pool, pool_data, &user_id, &user.attributes, force_alias)?;
                moves.apply(pool_data, now);
                user.password_hash = secrets.hash;
                user.srp = secrets.srp;
                user.created_at = now;
                pool_data.users.entry(user_id.clone()).or_insert(user)
            }
        };
        user.temporary_password_expires_at = Some(expires_at);
        user.updated_at = now;
        let body = json!({ "User": user_type(user, None) });
        for to in &destinations {
            mailbox::send_invitation(db, to, &sign_in_name, &password, now, &wording);
        }
        Ok(body)
    })?
}

/// Where an invitation goes: each of `DesiredDeliveryMediums` (`SMS` to the
/// phone number, into the local mailbox; `EMAIL`), or, when none is given,
/// the e-mail address, else the phone number (the model's default is
/// `SMS`; the e-mail first keeps invitations where pools that sign in by
/// e-mail expect them).
fn invitation_destinations(
    mediums: &[String],
    attributes: &BTreeMap<String, String>,
) -> Result<Vec<Destination>, ApiError> {
    let email = attributes.get("email");
    let phone = attributes.get("phone_number");
    if mediums.is_empty() {
        return match (email, phone) {
            (Some(email), _) => Ok(vec![Destination::email(email)]),
            (None, Some(phone)) => Ok(vec![Destination::sms(phone)]),
            // Emulator wording: AWS's is not documented.
            (None, None) => Err(ApiError::invalid_parameter(
                "The user has no email or phone_number to send the invitation to: add one to \
                 UserAttributes, or use MessageAction SUPPRESS with a TemporaryPassword.",
            )),
        };
    }
    let mut list = Vec::new();
    for medium in mediums {
        let to = match (medium.as_str(), email, phone) {
            ("EMAIL", Some(email), _) => Destination::email(email),
            ("SMS", _, Some(phone)) => Destination::sms(phone),
            (medium, ..) => {
                let attribute = if medium == "SMS" {
                    "phone_number"
                } else {
                    "email"
                };
                return Err(ApiError::invalid_parameter(format!(
                    "DesiredDeliveryMediums {medium} needs the user's {attribute} attribute, \
                     which it does not have (SMS arrives in the local mailbox, addressed to \
                     the phone number)."
                )));
            }
        };
        if !list.contains(&to) {
            list.push(to);
        }
    }
    Ok(list)
}

/// The answer AWS gives an existing username (captured in
/// localstack/localstack issue 4465).
fn username_exists() -> ApiError {
    ApiError::new("UsernameExistsException", "User account already exists")
}

/// `MessageAction: RESEND` is only for users still on their temporary
/// password (the message is what AWS is reported to send; not documented).
fn require_force_change(status: UserStatus, username: &str) -> Result<(), ApiError> {
    if status == UserStatus::ForceChangePassword {
        Ok(())
    } else {
        Err(ApiError::new(
            "UnsupportedUserStateException",
            format!("Resend not possible. {username} status is not FORCE_CHANGE_PASSWORD."),
        ))
    }
}

pub(crate) fn admin_get_user(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    state.read(|db| {
        let pool_data = db
            .pools
            .get(&pool.id)
            .ok_or_else(ApiError::user_not_found)?;
        let user = find_user(pool_data, pool.sign_in(), &username)?;
        // AdminGetUser names the list `UserAttributes`, UserType `Attributes`.
        let mut body = json!({
            "Username": user.username,
            "UserAttributes": super::users::attribute_list(user, None),
            "UserCreateDate": epoch(user.created_at),
            "UserLastModifiedDate": epoch(user.updated_at),
            "Enabled": user.enabled,
            "UserStatus": user.status_name(),
        });
        if user.software_token.is_some() && user.software_token_mfa.enabled {
            body["UserMFASettingList"] = json!(["SOFTWARE_TOKEN_MFA"]);
            if user.software_token_mfa.preferred {
                body["PreferredMfaSetting"] = json!("SOFTWARE_TOKEN_MFA");
            }
        }
        Ok(body)
    })
}

pub(crate) async fn admin_set_user_password(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    let password = v.required("password", input.string("Password")?, &PASSWORD);
    let permanent = input.boolean("Permanent")?.unwrap_or(false);
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    check_policy(pool, &password)?;
    let user_id = state.read(|db| {
        db.pools
            .get(&pool.id)
            .and_then(|p| p.find_user(pool.sign_in(), &username))
            .map(|u| u.username.clone())
            .ok_or_else(ApiError::user_not_found)
    })?;
    let secrets = password_secrets_blocking(&pool.id, &user_id, &password)
        .await
        .map_err(password_hashing_failed)?;
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let user = find_user_mut(pool_data, pool.sign_in(), &user_id)?;
        user.password_hash = secrets.hash;
        user.srp = secrets.srp;
        // Permanent: CONFIRMED, signs in at once; otherwise the next sign-in
        // asks for a new password (API Reference, "AdminSetUserPassword").
        if permanent {
            user.status = UserStatus::Confirmed;
            user.temporary_password_expires_at = None;
        } else {
            user.status = UserStatus::ForceChangePassword;
            user.temporary_password_expires_at =
                Some(now + pool.password_policy.temporary_password_validity_seconds());
        }
        user.password_reset_code = None;
        user.sign_in_failures = SignInFailures::default();
        user.updated_at = now;
        Ok(json!({}))
    })?
}

/// `AdminResetUserPassword`. The reset code's e-mail is a
/// `CustomMessage_ForgotPassword` message, as for `ForgotPassword`.
pub(crate) async fn admin_reset_user_password(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    let client_metadata = input.string_map("ClientMetadata")?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    let code = mailbox::new_code();
    let recipient = state.read(|db| {
        db.pools
            .get(&pool.id)
            .and_then(|p| p.find_user(pool.sign_in(), &username))
            .and_then(|u| Some((u.clone(), Destination::for_recovery(&u.attributes)?)))
    });
    let wording = match &recipient {
        Some((user, to)) => {
            let call = Call {
                state,
                pool,
                client_id: None,
                client_metadata: client_metadata.as_ref(),
            };
            call.custom_message(
                Source::CustomMessageForgotPassword,
                &user.username,
                trigger_attributes(user),
                false,
            )
            .await?
            .render(&code, &to.address)
        }
        None => Wording::default(),
    };
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let user = find_user_mut(pool_data, pool.sign_in(), &username)?;
        if matches!(
            user.status,
            UserStatus::Unconfirmed | UserStatus::ForceChangePassword
        ) || user.is_federated()
        {
            return Err(cannot_reset());
        }
        let Some(to) = Destination::for_recovery(&user.attributes) else {
            return Err(no_verified_contact());
        };
        // RESET_REQUIRED: the password no longer signs in; the code (valid
        // 1 hour) and a new password go to ConfirmForgotPassword.
        user.status = UserStatus::ResetRequired;
        user.password_reset_code = Some(PendingCode {
            code: code.clone(),
            expires_at: now + PASSWORD_RESET_CODE_TTL,
            failed_attempts: 0,
        });
        user.updated_at = now;
        mailbox::send_reset_code(db, &to, &code, now, &wording);
        Ok(json!({}))
    })?
}

/// `AdminDisableUser` (`enabled` false) and `AdminEnableUser`. Disabling
/// revokes the user's refresh tokens and the access tokens minted from
/// them; enabling again does not bring them back (Developer Guide,
/// "Managing users": disabling a user).
pub(crate) fn admin_set_enabled(
    state: &AppState,
    input: &Input,
    enabled: bool,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let user = find_user_mut(pool_data, pool.sign_in(), &username)?;
        user.enabled = enabled;
        user.updated_at = now;
        let internal = user.username.clone();
        if !enabled {
            for session in pool_data.sessions.values_mut() {
                if session.username == internal {
                    session.revoked = true;
                }
            }
        }
        Ok(json!({}))
    })?
}

pub(crate) fn admin_delete_user(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let internal = find_user(pool_data, pool.sign_in(), &username)?
            .username
            .clone();
        pool_data.users.remove(&internal);
        // No output shape: botocore accepts `{}`.
        Ok(json!({}))
    })?
}
