//! User pool groups with IAM credentials (API Reference for each):
//! `CreateGroup`, `GetGroup`, `ListGroups`, `DeleteGroup`,
//! `AdminAddUserToGroup`, `AdminRemoveUserFromGroup`,
//! `AdminListGroupsForUser`, `ListUsersInGroup`. Membership reaches tokens
//! at the next sign-in or refresh ([`crate::groups`]).
//!
//! Lists are in name order (users: internal username); AWS does not
//! document one. Adding a member twice or removing a non-member succeeds,
//! as on AWS (no error is modelled for either).

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{
    Input, Validator, ARN, DESCRIPTION, GROUP_NAME, PAGINATION_TOKEN, USER_POOL_ID,
};
use super::users::{
    epoch, find_pool, find_user, find_user_mut, page, pool_id_and_username, user_type,
};
use crate::groups::add_member;
use crate::state::AppState;
use crate::store::{Group, PoolData};

/// `GroupType`.
fn group_type(pool_id: &str, g: &Group) -> Value {
    let mut v = json!({
        "GroupName": g.name,
        "UserPoolId": pool_id,
        "LastModifiedDate": epoch(g.updated_at),
        "CreationDate": epoch(g.created_at),
    });
    if let Some(d) = &g.description {
        v["Description"] = json!(d);
    }
    if let Some(arn) = &g.role_arn {
        v["RoleArn"] = json!(arn);
    }
    if let Some(p) = g.precedence {
        v["Precedence"] = json!(p);
    }
    v
}

/// The message seen from AWS for an unknown group (aws-amplify/amplify-cli
/// issue 2214).
fn group_not_found() -> ApiError {
    ApiError::new("ResourceNotFoundException", "Group not found.")
}

fn find_group<'a>(pool_data: &'a PoolData, name: &str) -> Result<&'a Group, ApiError> {
    pool_data.groups.get(name).ok_or_else(group_not_found)
}

/// The required `UserPoolId` and `GroupName`.
fn pool_id_and_group(input: &Input, v: &mut Validator) -> Result<(String, String), ApiError> {
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    let group = v.required("groupName", input.string("GroupName")?, &GROUP_NAME);
    Ok((pool_id, group))
}

pub(crate) fn create_group(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, name) = pool_id_and_group(input, &mut v)?;
    let description = v.optional("description", input.string("Description")?, &DESCRIPTION);
    let role_arn = v.optional("roleArn", input.string("RoleArn")?, &ARN);
    let precedence = v.integer_in(
        "precedence",
        input.integer("Precedence")?,
        0,
        i64::from(i32::MAX),
    );
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        if pool_data.groups.contains_key(&name) {
            // AWS's text is not pinned; moto and others use this one.
            return Err(ApiError::new(
                "GroupExistsException",
                "A group with the name already exists.",
            ));
        }
        let group = Group {
            name: name.clone(),
            description,
            precedence,
            role_arn,
            created_at: now,
            updated_at: now,
        };
        let body = json!({ "Group": group_type(&pool.id, &group) });
        pool_data.groups.insert(name, group);
        Ok(body)
    })?
}

pub(crate) fn get_group(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, name) = pool_id_and_group(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    state.read(|db| {
        let pool_data = db.pools.get(&pool.id).ok_or_else(group_not_found)?;
        Ok(json!({ "Group": group_type(&pool.id, find_group(pool_data, &name)?) }))
    })
}

/// `Limit` and `NextToken` of the group listings.
fn paging(input: &Input, v: &mut Validator) -> Result<(Option<i64>, Option<String>), ApiError> {
    let limit = v.integer_in("limit", input.integer("Limit")?, 0, 60);
    let token = v.optional("nextToken", input.string("NextToken")?, &PAGINATION_TOKEN);
    Ok((limit, token))
}

/// `{ <key>: [...], "NextToken"? }`.
fn listing(
    key: &str,
    items: Vec<(String, Value)>,
    token: Option<&str>,
    limit: Option<i64>,
) -> Result<Value, ApiError> {
    let (items, next) = page(items, token, limit)?;
    let mut body = json!({ key: items });
    if let Some(next) = next {
        body["NextToken"] = json!(next);
    }
    Ok(body)
}

pub(crate) fn list_groups(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    let (limit, token) = paging(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    state.read(|db| {
        let groups = db
            .pools
            .get(&pool.id)
            .map(|p| {
                p.groups
                    .values()
                    .map(|g| (g.name.clone(), group_type(&pool.id, g)))
                    .collect()
            })
            .unwrap_or_default();
        listing("Groups", groups, token.as_deref(), limit)
    })
}

pub(crate) fn delete_group(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, name) = pool_id_and_group(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        pool_data.groups.remove(&name).ok_or_else(group_not_found)?;
        // The group no longer contributes to anyone's claims (API
        // Reference, "DeleteGroup").
        for user in pool_data.users.values_mut() {
            user.groups.retain(|g| g != &name);
        }
        Ok(json!({}))
    })?
}

/// `UserPoolId`, `Username`, `GroupName`.
fn membership_request(input: &Input) -> Result<(String, String, String), ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    let group = v.required("groupName", input.string("GroupName")?, &GROUP_NAME);
    v.finish()?;
    Ok((pool_id, username, group))
}

pub(crate) fn admin_add_user_to_group(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let (pool_id, username, group) = membership_request(input)?;
    let pool = find_pool(state, &pool_id)?;
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        find_group(pool_data, &group)?;
        let user = find_user_mut(pool_data, pool.sign_in(), &username)?;
        add_member(user, &group);
        user.updated_at = now;
        Ok(json!({}))
    })?
}

pub(crate) fn admin_remove_user_from_group(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let (pool_id, username, group) = membership_request(input)?;
    let pool = find_pool(state, &pool_id)?;
    let now = state.now();
    state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        find_group(pool_data, &group)?;
        let user = find_user_mut(pool_data, pool.sign_in(), &username)?;
        user.groups.retain(|g| g != &group);
        user.updated_at = now;
        Ok(json!({}))
    })?
}

pub(crate) fn admin_list_groups_for_user(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, username) = pool_id_and_username(input, &mut v)?;
    let (limit, token) = paging(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    state.read(|db| {
        let pool_data = db
            .pools
            .get(&pool.id)
            .ok_or_else(ApiError::user_not_found)?;
        let user = find_user(pool_data, pool.sign_in(), &username)?;
        let mut groups: Vec<(String, Value)> = user
            .groups
            .iter()
            .filter_map(|n| pool_data.groups.get(n))
            .map(|g| (g.name.clone(), group_type(&pool.id, g)))
            .collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        listing("Groups", groups, token.as_deref(), limit)
    })
}

pub(crate) fn list_users_in_group(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let (pool_id, group) = pool_id_and_group(input, &mut v)?;
    let (limit, token) = paging(input, &mut v)?;
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    state.read(|db| {
        let pool_data = db.pools.get(&pool.id).ok_or_else(group_not_found)?;
        find_group(pool_data, &group)?;
        let users = pool_data
            .users
            .values()
            .filter(|u| u.groups.iter().any(|g| g == &group))
            .map(|u| (u.username.clone(), user_type(u, None)))
            .collect();
        listing("Users", users, token.as_deref(), limit)
    })
}
