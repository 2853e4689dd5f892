//! `ListUsers` (API Reference, "ListUsers"): all users of a pool, or those
//! one `Filter` selects, a page at a time.
//!
//! The filter is `AttributeName Filter-Type "AttributeValue"`: `=` for an
//! exact match, `^=` for a prefix, one attribute only, `\` escaping quotes
//! in the value, spaces around the operator optional (the AWS CLI's own
//! example is `email="testuser"`), empty for every user. Searchable are
//! `username` (case-sensitive), `email`, `phone_number`, `name`,
//! `given_name`, `family_name`, `preferred_username`, `cognito:user_status`
//! (case-insensitive), `status` (`Enabled`/`Disabled`, case-sensitive) and
//! `sub`; custom attributes are not. Values of the other attributes are
//! compared case-sensitively here (AWS does not say).

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{Input, Validator, SEARCH_PAGINATION_TOKEN, USER_FILTER, USER_POOL_ID};
use super::users::{find_pool, page, user_type};
use crate::state::AppState;
use crate::store::User;

const SEARCHABLE: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

#[derive(Debug, PartialEq, Eq)]
enum Match {
    Exact,
    Prefix,
}

#[derive(Debug, PartialEq, Eq)]
struct Filter {
    attribute: String,
    kind: Match,
    value: String,
}

fn parse_error() -> ApiError {
    // The text of real 400 answers (aws/aws-sdk-php issue 1088).
    ApiError::invalid_parameter("Error while parsing filter.")
}

/// Parses a non-empty filter.
fn parse(filter: &str) -> Result<Filter, ApiError> {
    let s = filter.trim();
    let name_end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .ok_or_else(parse_error)?;
    let attribute = &s[..name_end];
    let rest = s[name_end..].trim_start();
    let (kind, rest) = if let Some(r) = rest.strip_prefix("^=") {
        (Match::Prefix, r)
    } else if let Some(r) = rest.strip_prefix('=') {
        (Match::Exact, r)
    } else {
        return Err(parse_error());
    };
    let mut chars = rest.trim_start().chars();
    if attribute.is_empty() || chars.next() != Some('"') {
        return Err(parse_error());
    }
    let mut value = String::new();
    loop {
        match chars.next() {
            None => return Err(parse_error()),
            Some('\\') => value.push(chars.next().ok_or_else(parse_error)?),
            Some('"') => break,
            Some(c) => value.push(c),
        }
    }
    if !chars.as_str().trim().is_empty() {
        return Err(parse_error());
    }
    if !SEARCHABLE.contains(&attribute) {
        // moto's wording; AWS's is not pinned.
        return Err(ApiError::invalid_parameter(format!(
            "Invalid search attribute: {attribute}"
        )));
    }
    Ok(Filter {
        attribute: attribute.to_owned(),
        kind,
        value,
    })
}

impl Filter {
    fn matches(&self, user: &User) -> bool {
        let (candidate, ignore_case) = match self.attribute.as_str() {
            "username" => (Some(user.username.clone()), false),
            "sub" => (Some(user.sub.clone()), false),
            "cognito:user_status" => (Some(user.status_name().to_owned()), true),
            "status" => (
                Some(if user.enabled { "Enabled" } else { "Disabled" }.to_owned()),
                false,
            ),
            name => (user.attributes.get(name).cloned(), false),
        };
        let Some(candidate) = candidate else {
            return false;
        };
        let (candidate, wanted) = if ignore_case {
            (candidate.to_lowercase(), self.value.to_lowercase())
        } else {
            (candidate, self.value.clone())
        };
        match self.kind {
            Match::Exact => candidate == wanted,
            Match::Prefix => candidate.starts_with(&wanted),
        }
    }
}

pub(crate) fn list_users(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    let attributes_to_get = input.string_list("AttributesToGet")?;
    let limit = v.integer_in("limit", input.integer("Limit")?, 0, 60);
    let token = v.optional(
        "paginationToken",
        input.string("PaginationToken")?,
        &SEARCH_PAGINATION_TOKEN,
    );
    let filter = v.optional("filter", input.string("Filter")?, &USER_FILTER);
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    let filter = match filter.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(f) => Some(parse(f)?),
    };
    state.read(|db| {
        let users: Vec<(String, Value)> = db
            .pools
            .get(&pool.id)
            .map(|p| {
                p.users
                    .values()
                    .filter(|u| filter.as_ref().is_none_or(|f| f.matches(u)))
                    .map(|u| {
                        (
                            u.username.clone(),
                            user_type(u, attributes_to_get.as_deref()),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let (users, next) = page(users, token.as_deref(), limit)?;
        let mut body = json!({ "Users": users });
        if let Some(next) = next {
            body["PaginationToken"] = json!(next);
        }
        Ok(body)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(attribute: &str, kind: Match, value: &str) -> Filter {
        Filter {
            attribute: attribute.into(),
            kind,
            value: value.into(),
        }
    }

    #[test]
    fn the_filter_grammar() {
        assert_eq!(
            parse("email = \"a@example.com\"").unwrap(),
            f("email", Match::Exact, "a@example.com")
        );
        assert_eq!(
            parse("email=\"testuser\"").unwrap(),
            f("email", Match::Exact, "testuser")
        );
        assert_eq!(
            parse("  given_name ^= \"Jo\"  ").unwrap(),
            f("given_name", Match::Prefix, "Jo")
        );
        assert_eq!(
            parse(r#"family_name = "Re\"ddy\\""#).unwrap(),
            f("family_name", Match::Exact, "Re\"ddy\\")
        );
        assert_eq!(
            parse("cognito:user_status = \"force_change_password\"").unwrap(),
            f("cognito:user_status", Match::Exact, "force_change_password")
        );
        for bad in [
            "email",
            "email = a@example.com",
            "email == \"x\"",
            "email = \"x",
            "email = \"x\" and name = \"y\"",
            "= \"x\"",
            "email ~ \"x\"",
        ] {
            assert_eq!(parse(bad).unwrap_err(), parse_error(), "{bad}");
        }
        assert_eq!(
            parse("custom:plan = \"x\"").unwrap_err().message,
            "Invalid search attribute: custom:plan"
        );
    }
}
