//! The User Pool JSON API: `POST /` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Operation>` and an awsJson1.1 body
//! (API Reference, "Common parameters" and "Common errors"; the Smithy
//! awsJson1_1 protocol).
//!
//! [`input`] decodes and checks requests, [`error`] shapes the answers,
//! [`sigv4`] guards the IAM-authorised operations ([`OPERATIONS`] says
//! which), and one module per group of operations does the work. The
//! identity-pool API (`AWSCognitoIdentityService.<Operation>`) is served on
//! the same endpoint by [`identity`].

mod admin;
mod app_clients;
mod auth;
mod challenge;
mod error;
#[cfg(any(test, fuzzing))]
pub(crate) mod fuzz;
mod groups;
mod identity;
mod input;
mod list_users;
mod mfa;
mod names;
mod new_password;
mod password;
mod pool;
mod revoke;
mod sign_in;
mod sign_up;
mod sigv4;
mod srp_auth;
mod step;
mod user;
mod users;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use error::ApiError;
use input::Input;

use crate::state::AppState;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// `POST /`: dispatches on `X-Amz-Target`. The content type is not checked:
/// SDKs send `application/x-amz-json-1.1`, hand-written clients often don't.
pub async fn handle(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let result = dispatch(&state, &headers, &body).await;
    let mut response = match result {
        Ok(value) => (StatusCode::OK, value.to_string()).into_response(),
        Err(e) => e.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(AMZ_JSON));
    if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
        headers.insert("x-amzn-RequestId", v);
    }
    response
}

/// How an operation is authorised (botocore's cognito-idp model).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Authorization {
    /// `smithy.api#noAuth`: sent unsigned, from browsers too; tokens or
    /// sessions, if any, travel in the body.
    Public,
    /// The service default `aws.auth#sigv4`: IAM credentials ("you must use
    /// IAM credentials to authorize requests", API Reference).
    Iam,
}

/// Every operation the emulator serves, and how it is authorised: the one
/// place that decides which operations need IAM.
const OPERATIONS: &[(&str, Authorization)] = {
    use Authorization::{Iam, Public};
    &[
        ("SignUp", Public),
        ("ConfirmSignUp", Public),
        ("ResendConfirmationCode", Public),
        ("InitiateAuth", Public),
        ("RespondToAuthChallenge", Public),
        ("GetUser", Public),
        ("GlobalSignOut", Public),
        ("RevokeToken", Public),
        ("AssociateSoftwareToken", Public),
        ("VerifySoftwareToken", Public),
        ("SetUserMFAPreference", Public),
        ("ForgotPassword", Public),
        ("ConfirmForgotPassword", Public),
        ("ChangePassword", Public),
        ("AdminCreateUser", Iam),
        ("AdminGetUser", Iam),
        ("ListUsers", Iam),
        ("AdminSetUserPassword", Iam),
        ("AdminResetUserPassword", Iam),
        ("AdminDisableUser", Iam),
        ("AdminEnableUser", Iam),
        ("AdminDeleteUser", Iam),
        ("CreateGroup", Iam),
        ("GetGroup", Iam),
        ("ListGroups", Iam),
        ("DeleteGroup", Iam),
        ("AdminAddUserToGroup", Iam),
        ("AdminRemoveUserFromGroup", Iam),
        ("AdminListGroupsForUser", Iam),
        ("ListUsersInGroup", Iam),
        ("UpdateUserPool", Iam),
        ("DescribeUserPool", Iam),
        ("DescribeUserPoolClient", Iam),
        ("UpdateUserPoolClient", Iam),
    ]
};

async fn dispatch(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let unknown = || {
        ApiError::new(
            "UnknownOperationException",
            format!("The local Cognito emulator does not support the operation {target:?}."),
        )
    };
    // The identity-pool API shares the endpoint (see `identity`).
    if let Some(op) = target.strip_prefix(identity::TARGET_PREFIX) {
        return identity::dispatch(state, op, body).unwrap_or_else(|| Err(unknown()));
    }
    let op = target.strip_prefix(TARGET_PREFIX).ok_or_else(unknown)?;
    let (op, authorization) = OPERATIONS
        .iter()
        .find(|(name, _)| *name == op)
        .copied()
        .ok_or_else(unknown)?;
    if authorization == Authorization::Iam {
        sigv4::check(headers)?;
    }
    let input = Input::parse(body)?;
    match op {
        "SignUp" => sign_up::sign_up(state, &input).await,
        "ConfirmSignUp" => sign_up::confirm_sign_up(state, &input).await,
        "ResendConfirmationCode" => sign_up::resend_confirmation_code(state, &input).await,
        "InitiateAuth" => auth::initiate_auth(state, &input).await,
        "GetUser" => user::get_user(state, &input),
        "GlobalSignOut" => user::global_sign_out(state, &input),
        "RevokeToken" => revoke::revoke_token(state, &input),
        "AssociateSoftwareToken" => mfa::associate_software_token(state, &input),
        "VerifySoftwareToken" => mfa::verify_software_token(state, &input),
        "SetUserMFAPreference" => mfa::set_user_mfa_preference(state, &input),
        "RespondToAuthChallenge" => challenge::respond_to_auth_challenge(state, &input).await,
        "ForgotPassword" => password::forgot_password(state, &input).await,
        "ConfirmForgotPassword" => password::confirm_forgot_password(state, &input).await,
        "ChangePassword" => password::change_password(state, &input).await,
        "AdminCreateUser" => admin::admin_create_user(state, &input).await,
        "AdminGetUser" => admin::admin_get_user(state, &input),
        "ListUsers" => list_users::list_users(state, &input),
        "AdminSetUserPassword" => admin::admin_set_user_password(state, &input).await,
        "AdminResetUserPassword" => admin::admin_reset_user_password(state, &input).await,
        "AdminDisableUser" => admin::admin_set_enabled(state, &input, false),
        "AdminEnableUser" => admin::admin_set_enabled(state, &input, true),
        "AdminDeleteUser" => admin::admin_delete_user(state, &input),
        "CreateGroup" => groups::create_group(state, &input),
        "GetGroup" => groups::get_group(state, &input),
        "ListGroups" => groups::list_groups(state, &input),
        "DeleteGroup" => groups::delete_group(state, &input),
        "AdminAddUserToGroup" => groups::admin_add_user_to_group(state, &input),
        "AdminRemoveUserFromGroup" => groups::admin_remove_user_from_group(state, &input),
        "AdminListGroupsForUser" => groups::admin_list_groups_for_user(state, &input),
        "ListUsersInGroup" => groups::list_users_in_group(state, &input),
        "UpdateUserPool" => pool::update_user_pool(state, &input),
        "DescribeUserPool" => pool::describe_user_pool(state, &input),
        "DescribeUserPoolClient" => app_clients::describe_user_pool_client(state, &input),
        "UpdateUserPoolClient" => app_clients::update_user_pool_client(state, &input),
        _ => Err(unknown()),
    }
}
