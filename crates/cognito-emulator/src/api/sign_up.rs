//! `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode` (API Reference for
//! each; Developer Guide, "Signing up and confirming user accounts").

use std::collections::BTreeMap;

use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::error::ApiError;
use super::input::{
    find_client, Attribute, Input, Validator, CLIENT_ID, CONFIRMATION_CODE, PASSWORD, SECRET_HASH,
    USERNAME,
};
use super::names::{self, Writer};
use crate::config::{PoolConfig, STANDARD_ATTRIBUTES};
use crate::credentials::password_secrets_blocking;
use crate::groups::add_member;
use crate::mailbox::{self, Destination, Wording, CONFIRMATION_CODE_TTL};
use crate::pre_sign_up;
use crate::state::AppState;
use crate::store::{PendingCode, User, UserStatus};
use crate::triggers::answers::PreSignUpAnswer;
use crate::triggers::events::user_attributes as trigger_attributes;
use crate::triggers::{Call, Source, Trigger};
use crate::usernames::SignInAttribute;

/// Wrong guesses allowed per confirmation code; afterwards only a new code
/// helps, so six digits cannot be brute-forced.
const MAX_CODE_ATTEMPTS: u32 = 5;
/// Developer Guide quotas: ResendConfirmationCode, 5 per user per hour.
const RESENDS_PER_HOUR: usize = 5;

/// Attributes an app client may not write (Cognito's default write
/// permissions): `sub` is immutable and verification flags are the pool's.
pub(super) const UNWRITABLE: &[&str] = &["sub", "email_verified", "phone_number_verified"];

/// `SignUp`. With Lambda triggers (Developer Guide, "Pre sign-up Lambda
/// trigger", "Custom message Lambda trigger", "Post confirmation Lambda
/// trigger"): PreSignUp may refuse the user (nothing is created) or confirm
/// and verify them; CustomMessage words the code's e-mail (a failure there
/// creates nothing either, assumed); PostConfirmation runs for a user
/// PreSignUp confirmed, after the user is stored — if it fails, the user
/// stays confirmed and `SignUp` reports the failure (assumed to match
/// `ConfirmSignUp`, see there).
pub(crate) async fn sign_up(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let username = v.required("username", input.string("Username")?, &USERNAME);
    // The model makes Password optional for passwordless pools; ours require one.
    let password = v.required("password", input.string("Password")?, &PASSWORD);
    v.optional("secretHash", input.string("SecretHash")?, &SECRET_HASH);
    let attributes = input.attributes("UserAttributes")?;
    v.attributes("userAttributes", attributes.as_deref());
    let validation_data = input.attributes("ValidationData")?;
    v.attributes("validationData", validation_data.as_deref());
    let client_metadata = input.string_map("ClientMetadata")?;
    v.finish()?;

    let (pool, _client) = find_client(state, &client_id)?;
    let attrs = user_attributes(
        pool,
        &username,
        attributes.unwrap_or_default(),
        Writer::AppClient,
    )?;

    if let Some(violation) = pool.password_policy.first_violation(&password) {
        return Err(ApiError::new(
            "InvalidPasswordException",
            format!("Password did not conform with policy: {violation}"),
        ));
    }
    // In a pool that signs in by e-mail or phone the internal username is a
    // UUID, the same as `sub` (it is what `cognito:username` and
    // USER_ID_FOR_SRP show); in a username pool it is the Username.
    let sub = uuid::Uuid::new_v4().to_string();
    let internal = names::internal_username(pool, &username, &sub);
    state.read(|db| match db.pools.get(&pool.id) {
        Some(p) => names::check_free(pool, p, &internal, &attrs, Writer::AppClient),
        None => Ok(()),
    })?;
    let call = Call {
        state,
        pool,
        client_id: Some(&client_id),
        client_metadata: client_metadata.as_ref(),
    };
    let validation_data = attribute_map(validation_data.as_deref());
    let rules = match call
        .pre_sign_up(
            Source::PreSignUpSignUp,
            &internal,
            &attrs,
            validation_data.as_ref(),
        )
        .await?
    {
        Some(answer) => answer,
        // No PreSignUp function: the configured stand-in.
        None => {
            let email = attrs.get("email").map_or("", String::as_str);
            pre_sign_up::check(pool, email)
                .map_err(|message| ApiError::new("UserLambdaValidationException", message))?;
            PreSignUpAnswer {
                auto_confirm_user: pool.pre_sign_up.auto_confirm,
                auto_verify_email: pool.pre_sign_up.auto_verify_email,
                auto_verify_phone: false,
            }
        }
    };
    // "If autoVerifyPhone is set to true, the phone_number attribute must
    // have a valid, non-null value. Otherwise an error will occur"; the
    // error's wording is not documented (emulator wording).
    if rules.auto_verify_phone && !attrs.contains_key("phone_number") {
        return Err(ApiError::invalid_parameter(
            "PreSignUp answered autoVerifyPhone, but the user has no phone_number attribute.",
        ));
    }

    let secrets = password_secrets_blocking(&pool.id, &internal, &password)
        .await
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))?;

    let auto_confirm = rules.auto_confirm_user;
    let now = state.now();
    let status = if auto_confirm {
        UserStatus::Confirmed
    } else {
        UserStatus::Unconfirmed
    };
    let mut user = User::new(
        internal.clone(),
        sub.clone(),
        status,
        attrs,
        secrets.hash,
        secrets.srp,
        now,
    );
    if user.attributes.contains_key("email") {
        user.attributes
            .insert("email_verified".into(), rules.auto_verify_email.to_string());
    }
    if rules.auto_verify_phone {
        user.attributes
            .insert("phone_number_verified".into(), "true".into());
    }
    // The confirmation code goes to the phone or the e-mail address; a user
    // with neither gets none (an administrator confirms them).
    let destination = if auto_confirm {
        None
    } else {
        Destination::for_sign_up(pool, &user.attributes)
    };
    let code = destination.as_ref().map(|_| mailbox::new_code());
    let wording = match (&code, &destination) {
        (Some(code), Some(to)) => call
            .custom_message(
                Source::CustomMessageSignUp,
                &internal,
                trigger_attributes(&user),
                false,
            )
            .await?
            .render(code, &to.address),
        _ => Wording::default(),
    };
    if auto_confirm && !call.has(Trigger::PostConfirmation) {
        post_confirmation(pool, &mut user);
    }
    // Hold the write lock across the second existence check, so two
    // concurrent sign-ups for one name cannot both succeed.
    let (response, stored) = state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        names::check_free(
            pool,
            pool_data,
            &internal,
            &user.attributes,
            Writer::AppClient,
        )?;
        // A PreSignUp that verified an alias another user has moves it
        // here (as ForceAliasCreation would).
        let moves = names::check_aliases(pool, pool_data, &internal, &user.attributes, true)?;
        if let Some(code) = &code {
            user.confirmation_code = Some(PendingCode {
                code: code.clone(),
                expires_at: now + CONFIRMATION_CODE_TTL,
                failed_attempts: 0,
            });
        }
        pool_data.users.insert(internal.clone(), user.clone());
        moves.apply(pool_data, now);
        let mut response = json!({ "UserConfirmed": auto_confirm, "UserSub": sub });
        if let (Some(code), Some(to)) = (&code, &destination) {
            mailbox::send_confirmation_code(db, to, code, now, &wording);
            response["CodeDeliveryDetails"] = to.details();
        }
        Ok::<_, ApiError>((response, user))
    })??;
    if auto_confirm {
        call.post_confirmation(Source::PostConfirmationConfirmSignUp, &stored)
            .await?;
    }
    Ok(response)
}

/// `ValidationData` as the trigger's `validationData` map.
pub(super) fn attribute_map(list: Option<&[Attribute]>) -> Option<BTreeMap<String, String>> {
    list.map(|l| {
        l.iter()
            .filter_map(|a| Some((a.name.clone()?, a.value.clone().unwrap_or_default())))
            .collect()
    })
}

/// The configured PostConfirmation rule: the user joins the pool's default
/// group, as the Cognito guide's PostConfirmation trigger does.
pub(super) fn post_confirmation(pool: &PoolConfig, user: &mut User) {
    if let Some(group) = &pool.post_confirmation.default_group {
        add_member(user, group);
    }
}

/// `NotAuthorizedException` for an attribute the caller may not write.
pub(super) fn unauthorized_attribute() -> ApiError {
    ApiError::not_authorized("A client attempted to write unauthorized attribute")
}

/// Whether `name` is an attribute of the pool's schema: standard, or
/// `custom:` with at most 20 characters after the prefix.
pub(super) fn in_schema(name: &str) -> bool {
    let custom = name
        .strip_prefix("custom:")
        .is_some_and(|n| !n.is_empty() && n.chars().count() <= 20);
    custom || STANDARD_ATTRIBUTES.contains(&name)
}

/// `InvalidParameterException` for an attribute outside the schema.
pub(super) fn not_in_schema(name: &str) -> ApiError {
    ApiError::invalid_parameter(format!(
        "Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined"
    ))
}

/// Checks `Username` and `UserAttributes` against the pool and returns the
/// attributes to store: in a pool that signs in by e-mail or phone, the
/// Username is that attribute ([`names::username_attribute`]).
pub(super) fn user_attributes(
    pool: &PoolConfig,
    username: &str,
    list: Vec<Attribute>,
    writer: Writer,
) -> Result<BTreeMap<String, String>, ApiError> {
    let named = names::username_attribute(pool, username)?;
    let mut attrs = BTreeMap::new();
    for attr in list {
        let name = attr.name.unwrap_or_default();
        let value = attr.value.unwrap_or_default();
        let admin_may = writer == Writer::Administrator && name.ends_with("_verified");
        if UNWRITABLE.contains(&name.as_str()) && !admin_may {
            return Err(unauthorized_attribute());
        }
        if !in_schema(&name) {
            return Err(not_in_schema(&name));
        }
        if name.ends_with("_verified") && value != "true" && value != "false" {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid value for {name}: use \"true\" or \"false\"."
            )));
        }
        attrs.insert(name, value);
    }
    // As in Cognito, the e-mail or phone attribute is the Username in pools
    // that sign in by it (so the model's "email_verified ... requires the
    // email attribute" holds for AdminCreateUser there).
    if let Some((attribute, value)) = named {
        attrs.insert(attribute.as_str().into(), value);
    }
    names::check_formats(&attrs)?;
    // "If the preferred_username is selected as an alias, the value can be
    // provided only when an account is confirmed. The value cannot be
    // provided during registration" (Developer Guide, "User pool
    // attributes"); the wording is AWS's (aws-amplify/amplify-js issue
    // 1669).
    if writer == Writer::AppClient
        && attrs.contains_key("preferred_username")
        && pool
            .sign_in()
            .alias_attributes
            .contains(&SignInAttribute::PreferredUsername)
    {
        return Err(ApiError::invalid_parameter(
            "Preferred username cannot be provided for unconfirmed account, since user pool is \
             configured for preferred username alias.",
        ));
    }
    if writer == Writer::Administrator {
        return Ok(attrs);
    }
    let missing: Vec<String> = pool
        .required_attributes
        .iter()
        .filter(|a| attrs.get(*a).is_none_or(|v| v.trim().is_empty()))
        .map(|a| format!("{a}: The attribute is required"))
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::invalid_parameter(format!(
            "Attributes did not conform to the schema: {}",
            missing.join("\n")
        )));
    }
    Ok(attrs)
}

/// `ConfirmSignUp`. A PostConfirmation function runs once the user is
/// confirmed; when it fails, the confirmation stands (the trigger runs
/// after it: "Amazon Cognito invokes this trigger after a signed-up user
/// confirms their user account") and the error is reported — users report
/// accounts confirmed despite "PostConfirmation failed with error …".
pub(crate) async fn confirm_sign_up(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let username = v.required("username", input.string("Username")?, &USERNAME);
    let code = v.required(
        "confirmationCode",
        input.string("ConfirmationCode")?,
        &CONFIRMATION_CODE,
    );
    v.optional("secretHash", input.string("SecretHash")?, &SECRET_HASH);
    let force_alias = input.boolean("ForceAliasCreation")?.unwrap_or(false);
    let client_metadata = input.string_map("ClientMetadata")?;
    v.finish()?;

    let (pool, client) = find_client(state, &client_id)?;
    let sign_in = pool.sign_in();
    let call = Call {
        state,
        pool,
        client_id: Some(&client_id),
        client_metadata: client_metadata.as_ref(),
    };
    let built_in = !call.has(Trigger::PostConfirmation);
    let now = state.now();
    let confirmed = state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        let Some(user) = pool_data.find_user_mut(sign_in, &username) else {
            // PreventUserExistenceErrors: an unknown user's code simply does
            // not match (Developer Guide, "Managing user existence error
            // responses": ConfirmSignUp returns CodeMismatchException when
            // the code doesn't match what the server expects).
            return Err(if client.prevent_user_existence_errors {
                code_mismatch()
            } else {
                ApiError::new(
                    "UserNotFoundException",
                    "Username/client id combination not found.",
                )
            });
        };
        if user.status != UserStatus::Unconfirmed {
            return Err(ApiError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status_name()
            )));
        }
        let expired = || {
            ApiError::new(
                "ExpiredCodeException",
                "Invalid code provided, please request a code again.",
            )
        };
        let pending = user.confirmation_code.as_mut().ok_or_else(expired)?;
        if pending.failed_attempts >= MAX_CODE_ATTEMPTS {
            return Err(ApiError::limit_exceeded());
        }
        if pending.expires_at <= now {
            return Err(expired());
        }
        if !bool::from(pending.code.as_bytes().ct_eq(code.as_bytes())) {
            pending.failed_attempts += 1;
            return Err(code_mismatch());
        }
        // The code verifies the address it went to; in a username pool that
        // address becomes an alias, which another user may hold already
        // (then AliasExistsException, the code still good, unless
        // ForceAliasCreation moves the alias here).
        let internal = user.username.clone();
        let mut attributes = user.attributes.clone();
        if let Some(flag) = Destination::for_sign_up(pool, &attributes)
            .and_then(|to| to.attribute().verified_flag())
        {
            attributes.insert(flag.into(), "true".into());
        }
        let moves = names::check_aliases(pool, pool_data, &internal, &attributes, force_alias)?;
        let Some(user) = pool_data.users.get_mut(&internal) else {
            return Err(code_mismatch());
        };
        // Single use: the code is gone once it has worked.
        user.confirmation_code = None;
        user.status = UserStatus::Confirmed;
        user.attributes = attributes;
        user.updated_at = now;
        if built_in {
            post_confirmation(pool, user);
        }
        let confirmed = user.clone();
        moves.apply(pool_data, now);
        Ok(confirmed)
    })??;
    call.post_confirmation(Source::PostConfirmationConfirmSignUp, &confirmed)
        .await?;
    Ok(json!({}))
}

/// A confirmation or reset code that does not match.
pub(super) fn code_mismatch() -> ApiError {
    ApiError::new(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
    )
}

pub(crate) async fn resend_confirmation_code(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let username = v.required("username", input.string("Username")?, &USERNAME);
    v.optional("secretHash", input.string("SecretHash")?, &SECRET_HASH);
    let client_metadata = input.string_map("ClientMetadata")?;
    v.finish()?;

    let (pool, client) = find_client(state, &client_id)?;
    let sign_in = pool.sign_in();
    let call = Call {
        state,
        pool,
        client_id: Some(&client_id),
        client_metadata: client_metadata.as_ref(),
    };
    // A CustomMessage function words the code's message first, outside the
    // lock, for a user who is to get one.
    let code = mailbox::new_code();
    let recipient = state.read(|db| {
        db.pools
            .get(&pool.id)
            .and_then(|p| p.find_user(sign_in, &username))
            .filter(|u| u.enabled && u.status == UserStatus::Unconfirmed)
            .cloned()
    });
    let wording = match recipient
        .as_ref()
        .and_then(|u| Some((u, Destination::for_sign_up(pool, &u.attributes)?)))
    {
        Some((user, to)) => call
            .custom_message(
                Source::CustomMessageResendCode,
                &user.username,
                trigger_attributes(user),
                false,
            )
            .await?
            .render(&code, &to.address),
        None => Wording::default(),
    };
    let now = state.now();
    // What an unknown or disabled user gets: a delivery that looks real, to
    // the masked name that was typed.
    let simulated =
        || json!({ "CodeDeliveryDetails": Destination::simulated(&username).details() });
    state.write(|db| {
        let Some(user) = db
            .pools
            .get_mut(&pool.id)
            .and_then(|p| p.find_user_mut(sign_in, &username))
        else {
            // PreventUserExistenceErrors: pretend a code went out (Developer
            // Guide, "Managing user existence error responses").
            return if client.prevent_user_existence_errors {
                Ok(simulated())
            } else {
                Err(ApiError::new(
                    "UserNotFoundException",
                    "Username/client id combination not found.",
                ))
            };
        };
        // A disabled user gets the same pretend answer (Developer Guide,
        // "Managing user existence error responses": ResendConfirmationCode).
        if !user.enabled {
            return if client.prevent_user_existence_errors {
                Ok(simulated())
            } else {
                Err(ApiError::not_authorized("User is disabled."))
            };
        }
        if user.status != UserStatus::Unconfirmed {
            return Err(ApiError::invalid_parameter("User is already confirmed."));
        }
        // A user with no address the pool verifies can get no code (AWS's
        // answer for a pool that verifies nothing).
        let Some(to) = Destination::for_sign_up(pool, &user.attributes) else {
            return Err(ApiError::invalid_parameter(
                "Cannot resend codes. Auto verification not turned on.",
            ));
        };
        user.resend_times.retain(|t| now - t < 3600);
        if user.resend_times.len() >= RESENDS_PER_HOUR {
            return Err(ApiError::limit_exceeded());
        }
        user.resend_times.push(now);
        // The new code replaces the old one, which stops working.
        user.confirmation_code = Some(PendingCode {
            code: code.clone(),
            expires_at: now + CONFIRMATION_CODE_TTL,
            failed_attempts: 0,
        });
        mailbox::send_confirmation_code(db, &to, &code, now, &wording);
        Ok(json!({ "CodeDeliveryDetails": to.details() }))
    })?
}
