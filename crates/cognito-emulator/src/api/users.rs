//! What the administrator operations share: finding the pool and the user a
//! request names, `UserType` as botocore's model shapes it, and opaque
//! pagination tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{Input, Validator, USERNAME, USER_POOL_ID};
use crate::config::PoolConfig;
use crate::state::AppState;
use crate::store::{PoolData, User};
use crate::usernames::SignIn;

/// The pool a request's `UserPoolId` names, or `ResourceNotFoundException`.
pub(super) fn find_pool<'a>(
    state: &'a AppState,
    pool_id: &str,
) -> Result<&'a PoolConfig, ApiError> {
    state.config().pool(pool_id).ok_or_else(|| {
        ApiError::new(
            "ResourceNotFoundException",
            format!("User pool {pool_id} does not exist."),
        )
    })
}

/// The required `UserPoolId` and `Username` of most administrator
/// operations, checked against the model (reported by `v.finish()`).
pub(super) fn pool_id_and_username(
    input: &Input,
    v: &mut Validator,
) -> Result<(String, String), ApiError> {
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    let username = v.required("username", input.string("Username")?, &USERNAME);
    Ok((pool_id, username))
}

pub(super) fn user_not_found() -> ApiError {
    ApiError::user_not_found()
}

/// The user `name` (internal username, or an e-mail address, phone number
/// or alias the pool signs users in with: "You can use an email address or
/// phone number as an alias in place of the username in all APIs except
/// the ListUsers API", Developer Guide, "User pool attributes") in
/// `pool_data`.
pub(super) fn find_user<'a>(
    pool_data: &'a PoolData,
    sign_in: SignIn<'_>,
    name: &str,
) -> Result<&'a User, ApiError> {
    pool_data
        .find_user(sign_in, name)
        .ok_or_else(user_not_found)
}

pub(super) fn find_user_mut<'a>(
    pool_data: &'a mut PoolData,
    sign_in: SignIn<'_>,
    name: &str,
) -> Result<&'a mut User, ApiError> {
    pool_data
        .find_user_mut(sign_in, name)
        .ok_or_else(user_not_found)
}

/// A timestamp as awsJson sends it: epoch seconds as a JSON number (AWS
/// sends fractions, e.g. `1548099495.428`; the emulator's clock has whole
/// seconds).
pub(super) fn epoch(seconds: i64) -> Value {
    json!(seconds as f64)
}

/// The user's attributes as `AttributeListType`, `sub` first as AWS lists
/// them; `only` keeps just the named ones (`ListUsers`'s `AttributesToGet`).
pub(super) fn attribute_list(user: &User, only: Option<&[String]>) -> Vec<Value> {
    let wanted = |name: &str| only.is_none_or(|names| names.iter().any(|n| n == name));
    let mut list = Vec::new();
    if wanted("sub") {
        list.push(json!({ "Name": "sub", "Value": user.sub }));
    }
    list.extend(
        user.attributes
            .iter()
            .filter(|(name, _)| wanted(name))
            .map(|(name, value)| json!({ "Name": name, "Value": value })),
    );
    list
}

/// `UserType` (AdminCreateUser, ListUsers, ListUsersInGroup): empty
/// `MFAOptions` is left out, as AWS does.
pub(super) fn user_type(user: &User, only: Option<&[String]>) -> Value {
    json!({
        "Username": user.username,
        "Attributes": attribute_list(user, only),
        "UserCreateDate": epoch(user.created_at),
        "UserLastModifiedDate": epoch(user.updated_at),
        "Enabled": user.enabled,
        "UserStatus": user.status_name(),
    })
}

/// One page of `items` (sorted by key) after the key `token` stands for,
/// and the token for the next page when there is one. Tokens are opaque to
/// clients: base64url of the last key returned.
pub(super) fn page<T>(
    items: Vec<(String, T)>,
    token: Option<&str>,
    limit: Option<i64>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    // QueryLimitType is 0..60; 0 or no Limit gives the most AWS returns.
    let limit = match limit {
        None | Some(0) => 60,
        Some(n) => usize::try_from(n).unwrap_or(60),
    };
    let after = match token {
        None => None,
        Some(t) => Some(
            B64URL
                .decode(t)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| ApiError::invalid_parameter("Invalid pagination token."))?,
        ),
    };
    let mut rest: Vec<(String, T)> = items
        .into_iter()
        .filter(|(k, _)| after.as_ref().is_none_or(|a| k > a))
        .collect();
    let more = rest.len() > limit;
    rest.truncate(limit);
    let next = more
        .then(|| rest.last().map(|(k, _)| B64URL.encode(k)))
        .flatten();
    Ok((rest.into_iter().map(|(_, v)| v).collect(), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_without_gaps() {
        let items = |n: usize| (0..n).map(|i| (format!("k{i:03}"), i)).collect::<Vec<_>>();
        let (first, token) = page(items(5), None, Some(2)).unwrap();
        assert_eq!(first, [0, 1]);
        let (second, token) = page(items(5), token.as_deref(), Some(2)).unwrap();
        assert_eq!(second, [2, 3]);
        let (third, token) = page(items(5), token.as_deref(), Some(2)).unwrap();
        assert_eq!((third, token), (vec![4], None));
        let (all, token) = page(items(5), None, None).unwrap();
        assert_eq!((all.len(), token), (5, None));
        let (exact, token) = page(items(2), None, Some(2)).unwrap();
        assert_eq!((exact.len(), token), (2, None));
        assert_eq!(
            page(items(2), Some("not base64!"), None).unwrap_err().kind,
            "InvalidParameterException"
        );
    }
}
