//! Self-service password operations (API Reference for each):
//! `ForgotPassword`, `ConfirmForgotPassword` (public, unsigned) and
//! `ChangePassword` (the user's access token in the body).
//!
//! Quotas (Developer Guide): "In a given hour, we allow between 5 and 20
//! attempts for a user to request or enter a password reset code as part
//! of forgot-password and confirm-forgot-password actions" ("Recovering
//! user accounts"), and "ChangePassword: 5 attempts per user per hour"
//! ("Quotas in Amazon Cognito"). The emulator uses the lower bound, 5, for
//! both: what works here works on AWS. The sixth attempt within an hour is
//! `LimitExceededException` "Attempt limit exceeded, please try after some
//! time.". A reset code is good for one hour and one use; a new one voids
//! the old; each wrong code counts towards the hourly attempts.
//!
//! With `PreventUserExistenceErrors` on (Developer Guide, "Managing user
//! existence error responses"): `ForgotPassword` for an unknown or disabled
//! user, or one without a verified address, answers as for a real one
//! (the typed name masked as the destination, nothing sent);
//! `ConfirmForgotPassword` answers `CodeMismatchException` for unknown and
//! disabled users and `ExpiredCodeException` when no code was requested.
//! A user still on an administrator's temporary password gets
//! `NotAuthorizedException` "User password cannot be reset in the current
//! state." either way (observed; they must sign in with the temporary
//! password, or be given a new one).
//! Changing or resetting a password does not revoke the user's refresh
//! tokens: AWS keeps other sessions signed in (aws-amplify/amplify-js issue
//! 6559); `GlobalSignOut` does that.

use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use super::admin::{cannot_reset, check_policy, no_verified_contact};
use super::error::ApiError;
use super::input::{
    access_token, find_client, Input, Validator, CLIENT_ID, CONFIRMATION_CODE, PASSWORD,
    SECRET_HASH, USERNAME,
};
use super::sign_up::code_mismatch;
use crate::credentials::password_secrets_blocking;
use crate::hashing;
use crate::lockout;
use crate::mailbox::{self, Destination, Wording, PASSWORD_RESET_CODE_TTL};
use crate::state::AppState;
use crate::store::{PendingCode, SignInFailures, User, UserStatus};
use crate::tokens::{authorize, ADMIN_SCOPE};
use crate::triggers::events::user_attributes as trigger_attributes;
use crate::triggers::{Call, Source};

/// Reset-code requests and entries per user per hour (see the module doc).
const RECOVERY_ATTEMPTS_PER_HOUR: usize = 5;
/// `ChangePassword` calls per user per hour.
const PASSWORD_CHANGES_PER_HOUR: usize = 5;
/// Wrong guesses allowed against one reset code; the hourly quota usually
/// ends the guessing first.
const MAX_CODE_ATTEMPTS: u32 = 5;

fn not_found_legacy() -> ApiError {
    ApiError::new(
        "UserNotFoundException",
        "Username/client id combination not found.",
    )
}

fn expired_code() -> ApiError {
    ApiError::new(
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
    )
}

/// Counts an attempt at `now` in `times` (kept for an hour), refusing it
/// once `per_hour` were made.
fn spend_quota(times: &mut Vec<i64>, per_hour: usize, now: i64) -> Result<(), ApiError> {
    times.retain(|t| now - t < 3600);
    if times.len() >= per_hour {
        return Err(ApiError::limit_exceeded());
    }
    times.push(now);
    Ok(())
}

/// `ForgotPassword`. A CustomMessage function words the code's e-mail
/// (`CustomMessage_ForgotPassword`), before anything is stored.
pub(crate) async fn forgot_password(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let username = v.required("username", input.string("Username")?, &USERNAME);
    v.optional("secretHash", input.string("SecretHash")?, &SECRET_HASH);
    let client_metadata = input.string_map("ClientMetadata")?;
    v.finish()?;

    let (pool, client) = find_client(state, &client_id)?;
    let sign_in = pool.sign_in();
    let code = mailbox::new_code();
    let recipient = state.read(|db| {
        db.pools
            .get(&pool.id)
            .and_then(|p| p.find_user(sign_in, &username))
            .filter(|u| {
                u.enabled && u.status != UserStatus::ForceChangePassword && !u.is_federated()
            })
            .and_then(|u| Some((u.clone(), Destination::for_recovery(&u.attributes)?)))
    });
    let wording = match &recipient {
        Some((user, to)) => {
            let call = Call {
                state,
                pool,
                client_id: Some(&client_id),
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
    let hide = client.prevent_user_existence_errors;
    // What an unknown user gets: a delivery that looks real, to the masked
    // name that was typed.
    let simulated =
        || Ok(json!({ "CodeDeliveryDetails": Destination::simulated(&username).details() }));
    let now = state.now();
    state.write(|db| {
        let Some(user) = db
            .pools
            .get_mut(&pool.id)
            .and_then(|p| p.find_user_mut(sign_in, &username))
        else {
            return if hide {
                simulated()
            } else {
                Err(not_found_legacy())
            };
        };
        if !user.enabled {
            return if hide {
                simulated()
            } else {
                Err(ApiError::not_authorized("User is disabled."))
            };
        }
        if user.status == UserStatus::ForceChangePassword || user.is_federated() {
            return Err(cannot_reset());
        }
        let Some(to) = Destination::for_recovery(&user.attributes) else {
            return if hide {
                simulated()
            } else {
                Err(no_verified_contact())
            };
        };
        spend_quota(&mut user.recovery_attempts, RECOVERY_ATTEMPTS_PER_HOUR, now)?;
        // The new code replaces any earlier one, which stops working.
        user.password_reset_code = Some(PendingCode {
            code: code.clone(),
            expires_at: now + PASSWORD_RESET_CODE_TTL,
            failed_attempts: 0,
        });
        mailbox::send_reset_code(db, &to, &code, now, &wording);
        Ok(json!({ "CodeDeliveryDetails": to.details() }))
    })?
}

/// `ConfirmForgotPassword`. A PostConfirmation function runs once the new
/// password is set (`PostConfirmation_ConfirmForgotPassword`); when it
/// fails, the new password stands and the error is reported, as for
/// `ConfirmSignUp`.
pub(crate) async fn confirm_forgot_password(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let username = v.required("username", input.string("Username")?, &USERNAME);
    let code = v.required(
        "confirmationCode",
        input.string("ConfirmationCode")?,
        &CONFIRMATION_CODE,
    );
    let password = v.required("password", input.string("Password")?, &PASSWORD);
    v.optional("secretHash", input.string("SecretHash")?, &SECRET_HASH);
    let client_metadata = input.string_map("ClientMetadata")?;
    v.finish()?;

    let (pool, client) = find_client(state, &client_id)?;
    let sign_in = pool.sign_in();
    // The policy is the pool's, the same for every name: checking it first
    // reveals nothing and spends no attempt on a password that cannot be set.
    check_policy(pool, &password)?;
    let hide = client.prevent_user_existence_errors;
    let now = state.now();
    // The code is checked and used up under the lock, before the slow hashing.
    let user_id = state.write(|db| {
        let Some(user) = db
            .pools
            .get_mut(&pool.id)
            .and_then(|p| p.find_user_mut(sign_in, &username))
        else {
            return Err(if hide {
                code_mismatch()
            } else {
                not_found_legacy()
            });
        };
        if !user.enabled {
            return Err(if hide {
                code_mismatch()
            } else {
                ApiError::not_authorized("User is disabled.")
            });
        }
        take_reset_code(user, &code, now)?;
        Ok(user.username.clone())
    })??;
    let secrets = password_secrets_blocking(&pool.id, &user_id, &password)
        .await
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))?;
    let user = state.write(|db| {
        let user = db
            .pools
            .get_mut(&pool.id)
            .and_then(|p| p.users.get_mut(&user_id))
            .ok_or_else(code_mismatch)?;
        user.password_hash = secrets.hash;
        user.srp = secrets.srp;
        // Also the way out of RESET_REQUIRED; the lockout starts afresh.
        user.status = UserStatus::Confirmed;
        user.temporary_password_expires_at = None;
        user.sign_in_failures = SignInFailures::default();
        user.updated_at = now;
        Ok::<_, ApiError>(user.clone())
    })??;
    let call = Call {
        state,
        pool,
        client_id: Some(&client_id),
        client_metadata: client_metadata.as_ref(),
    };
    call.post_confirmation(Source::PostConfirmationConfirmForgotPassword, &user)
        .await?;
    Ok(json!({}))
}

/// Checks `code` against the user's reset code and, when it matches, uses
/// it up. Every check counts towards the hourly attempts.
fn take_reset_code(user: &mut User, code: &str, now: i64) -> Result<(), ApiError> {
    let pending = user.password_reset_code.as_ref().ok_or_else(expired_code)?;
    let (expires_at, failed) = (pending.expires_at, pending.failed_attempts);
    spend_quota(&mut user.recovery_attempts, RECOVERY_ATTEMPTS_PER_HOUR, now)?;
    if failed >= MAX_CODE_ATTEMPTS {
        return Err(ApiError::limit_exceeded());
    }
    if expires_at <= now {
        return Err(expired_code());
    }
    let pending = user.password_reset_code.as_mut().ok_or_else(expired_code)?;
    if !bool::from(pending.code.as_bytes().ct_eq(code.as_bytes())) {
        pending.failed_attempts += 1;
        return Err(code_mismatch());
    }
    user.password_reset_code = None;
    Ok(())
}

pub(crate) async fn change_password(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let token = access_token(input)?;
    let mut v = Validator::default();
    // Optional in the model for passwordless users; every user here has one.
    let previous = v.required(
        "previousPassword",
        input.string("PreviousPassword")?,
        &PASSWORD,
    );
    let proposed = v.required(
        "proposedPassword",
        input.string("ProposedPassword")?,
        &PASSWORD,
    );
    v.finish()?;
    let caller = authorize(state, &token, ADMIN_SCOPE)?;
    let pool = state
        .config()
        .pool(&caller.pool_id)
        .ok_or_else(ApiError::user_not_found)?;
    let now = state.now();
    let phc = state.write(|db| {
        let user = db
            .pools
            .get_mut(&pool.id)
            .and_then(|p| p.users.get_mut(&caller.username))
            .ok_or_else(ApiError::user_not_found)?;
        spend_quota(&mut user.password_changes, PASSWORD_CHANGES_PER_HOUR, now)?;
        if user.status == UserStatus::ResetRequired {
            return Err(super::new_password::password_reset_required());
        }
        if lockout::is_locked(&user.sign_in_failures, now) {
            return Err(ApiError::not_authorized("Password attempts exceeded"));
        }
        Ok(user.password_hash.clone())
    })??;
    check_policy(pool, &proposed)?;
    let ok = tokio::task::spawn_blocking(move || hashing::verify_password(&phc, &previous))
        .await
        .map_err(|e| ApiError::internal(format!("password check failed: {e}")))?;
    if !ok {
        // A wrong previous password counts like a wrong sign-in.
        state.write(|db| {
            if let Some(user) = db
                .pools
                .get_mut(&pool.id)
                .and_then(|p| p.users.get_mut(&caller.username))
            {
                lockout::record_failure(&mut user.sign_in_failures, now);
            }
        })?;
        return Err(ApiError::not_authorized("Incorrect username or password."));
    }
    let secrets = password_secrets_blocking(&pool.id, &caller.username, &proposed)
        .await
        .map_err(|e| ApiError::internal(format!("password hashing failed: {e}")))?;
    state.write(|db| {
        let user = db
            .pools
            .get_mut(&pool.id)
            .and_then(|p| p.users.get_mut(&caller.username))
            .ok_or_else(ApiError::user_not_found)?;
        user.password_hash = secrets.hash;
        user.srp = secrets.srp;
        user.sign_in_failures = SignInFailures::default();
        user.updated_at = now;
        Ok(json!({}))
    })?
}
