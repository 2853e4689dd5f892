//! Request decoding, the model-constraint checks AWS performs before an
//! operation runs (shape constraints from botocore's cognito-idp model), and
//! the members most operations share: the app client and the access token.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::ApiError;
use crate::config::{ClientConfig, PoolConfig};
use crate::state::AppState;

/// The JSON object of a request.
pub(crate) struct Input(Map<String, Value>);

impl Input {
    pub fn parse(body: &[u8]) -> Result<Input, ApiError> {
        // botocore always sends at least `{}`; treat an empty body the same.
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Input(Map::new()));
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(Input(map)),
            Ok(_) => Err(serialization("Start of structure or map expected.")),
            Err(e) => Err(serialization(&format!("Malformed JSON request body: {e}"))),
        }
    }

    fn member(&self, name: &str) -> Option<&Value> {
        // A JSON null is the same as an absent member for awsJson.
        self.0.get(name).filter(|v| !v.is_null())
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.member(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(wrong_type(name, "a string")),
        }
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.member(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(wrong_type(name, "a boolean")),
        }
    }

    /// An integer member (awsJson numbers).
    pub fn integer(&self, name: &str) -> Result<Option<i64>, ApiError> {
        match self.member(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| wrong_type(name, "an integer")),
            Some(_) => Err(wrong_type(name, "an integer")),
        }
    }

    /// A `list<string>` member (`AttributesToGet`, `DesiredDeliveryMediums`).
    pub fn string_list(&self, name: &str) -> Result<Option<Vec<String>>, ApiError> {
        match self.member(name) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(wrong_type(name, "a list of strings")),
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(wrong_type(name, "a list")),
        }
    }

    /// A structure member, to read its own members from.
    pub fn structure(&self, name: &str) -> Result<Option<Input>, ApiError> {
        match self.member(name) {
            None => Ok(None),
            Some(Value::Object(m)) => Ok(Some(Input(m.clone()))),
            Some(_) => Err(wrong_type(name, "an object")),
        }
    }

    /// A `map<string,string>` member (`AuthParameters`, `ClientMetadata`).
    pub fn string_map(&self, name: &str) -> Result<Option<BTreeMap<String, String>>, ApiError> {
        match self.member(name) {
            None => Ok(None),
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    _ => Err(wrong_type(&format!("{name}.{k}"), "a string")),
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(wrong_type(name, "an object")),
        }
    }

    /// An `AttributeListType` member: `[{"Name": .., "Value": ..}]`.
    pub fn attributes(&self, name: &str) -> Result<Option<Vec<Attribute>>, ApiError> {
        let list = match self.member(name) {
            None => return Ok(None),
            Some(Value::Array(list)) => list,
            Some(_) => return Err(wrong_type(name, "a list")),
        };
        let mut out = Vec::with_capacity(list.len());
        for item in list {
            let Value::Object(obj) = item else {
                return Err(wrong_type(name, "a list of {Name, Value} objects"));
            };
            let field = |f: &str| match obj.get(f) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(wrong_type(&format!("{name}.{f}"), "a string")),
            };
            out.push(Attribute {
                name: field("Name")?,
                value: field("Value")?,
            });
        }
        Ok(Some(out))
    }
}

pub(crate) struct Attribute {
    pub name: Option<String>,
    pub value: Option<String>,
}

fn serialization(message: &str) -> ApiError {
    ApiError::new("SerializationException", message)
}

fn wrong_type(member: &str, expected: &str) -> ApiError {
    serialization(&format!("Member {member} must be {expected}."))
}

/// A pattern as AWS prints it, and a check equivalent to it.
pub(crate) type Pattern = (&'static str, fn(&str) -> bool);

/// A string shape's constraints.
pub(crate) struct StringShape {
    pub min: usize,
    pub max: usize,
    pub pattern: Option<Pattern>,
    /// Sensitive shapes are reported without their value.
    pub sensitive: bool,
}

fn no_whitespace(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(char::is_whitespace)
}

/// `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`: letters, marks, symbols, numbers,
/// punctuation, i.e. no whitespace, control or unassigned characters.
fn printable(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub(crate) const CLIENT_ID: StringShape = StringShape {
    min: 1,
    max: 128,
    pattern: Some(("[\\w+]+", |s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+')
    })),
    sensitive: true,
};

pub(crate) const USERNAME: StringShape = StringShape {
    min: 1,
    max: 128,
    pattern: Some(("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+", printable)),
    sensitive: true,
};

/// The published model says `[\S]+`, but the service checks (and reports)
/// `^[\S]+.*[\S]+$`: inner spaces are allowed (they count as symbols),
/// leading and trailing ones are not.
pub(crate) const PASSWORD: StringShape = StringShape {
    min: 0,
    max: 256,
    pattern: Some(("^[\\S]+.*[\\S]+$", |s| {
        let mut chars = s.chars();
        matches!(
            (chars.next(), chars.next_back()),
            (Some(first), Some(last)) if !first.is_whitespace() && !last.is_whitespace()
        )
    })),
    sensitive: true,
};

/// `UserPoolIdType`: `[\w-]+_[0-9a-zA-Z]+`, 1..55.
pub(crate) const USER_POOL_ID: StringShape = StringShape {
    min: 1,
    max: 55,
    pattern: Some(("[\\w-]+_[0-9a-zA-Z]+", |s| {
        s.split_once('_').is_some_and(|(region, suffix)| {
            !region.is_empty()
                && !suffix.is_empty()
                && region
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && suffix.chars().all(|c| c.is_ascii_alphanumeric())
        })
    })),
    sensitive: false,
};

/// `GroupNameType`: 1..128, no whitespace.
pub(crate) const GROUP_NAME: StringShape = StringShape {
    min: 1,
    max: 128,
    pattern: Some(("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+", printable)),
    sensitive: false,
};

/// `DescriptionType`: at most 2048 characters.
pub(crate) const DESCRIPTION: StringShape = StringShape {
    min: 0,
    max: 2048,
    pattern: None,
    sensitive: false,
};

/// `ArnType` (the pattern as the model prints it).
pub(crate) const ARN: StringShape = StringShape {
    min: 20,
    max: 2048,
    pattern: Some((
        "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
        crate::config::is_role_arn,
    )),
    sensitive: false,
};

/// `PaginationKey` (groups): `[\S]+`, 1..131072.
pub(crate) const PAGINATION_TOKEN: StringShape = StringShape {
    min: 1,
    max: 131_072,
    pattern: Some(("[\\S]+", no_whitespace)),
    sensitive: false,
};

/// `SearchPaginationTokenType` (`ListUsers`): `[\S]+`, at least 1.
pub(crate) const SEARCH_PAGINATION_TOKEN: StringShape = StringShape {
    min: 1,
    max: usize::MAX,
    pattern: Some(("[\\S]+", no_whitespace)),
    sensitive: false,
};

/// `UserFilterType`: at most 256 characters.
pub(crate) const USER_FILTER: StringShape = StringShape {
    min: 0,
    max: 256,
    pattern: None,
    sensitive: false,
};

pub(crate) const CONFIRMATION_CODE: StringShape = StringShape {
    min: 1,
    max: 2048,
    pattern: Some(("[\\S]+", no_whitespace)),
    sensitive: false,
};

pub(crate) const TOKEN: StringShape = StringShape {
    min: 0,
    max: usize::MAX,
    pattern: Some(("[A-Za-z0-9-_=.]+", |s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=' | '.'))
    })),
    sensitive: true,
};

/// `SessionType`: opaque, 20..2048 characters.
pub(crate) const SESSION: StringShape = StringShape {
    min: 20,
    max: 2048,
    pattern: None,
    sensitive: true,
};

/// `SoftwareTokenMFAUserCodeType`: exactly six digits.
pub(crate) const USER_CODE: StringShape = StringShape {
    min: 6,
    max: 6,
    pattern: Some(("[0-9]+", |s| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    })),
    sensitive: true,
};

pub(crate) const SECRET_HASH: StringShape = StringShape {
    min: 1,
    max: 128,
    pattern: Some(("[\\w+=/]+", |s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '=' | '/'))
    })),
    sensitive: true,
};

const ATTRIBUTE_NAME: StringShape = StringShape {
    min: 1,
    max: 32,
    pattern: Some(("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+", printable)),
    sensitive: false,
};

const ATTRIBUTE_VALUE: StringShape = StringShape {
    min: 0,
    max: 2048,
    pattern: None,
    sensitive: true,
};

/// Collects constraint violations and reports them the way AWS does:
/// `2 validation errors detected: Value null at 'username' failed to satisfy
/// constraint: Member must not be null; ...`.
#[derive(Default)]
pub(crate) struct Validator {
    errors: Vec<String>,
}

impl Validator {
    fn violation(
        &mut self,
        value: Option<&str>,
        shape_sensitive: bool,
        member: &str,
        constraint: &str,
    ) {
        let shown = match value {
            None => "Value null".to_owned(),
            Some(_) if shape_sensitive => "Value".to_owned(),
            Some(v) => format!("Value '{v}'"),
        };
        self.errors.push(format!(
            "{shown} at '{member}' failed to satisfy constraint: {constraint}"
        ));
    }

    fn check(&mut self, member: &str, value: &str, shape: &StringShape) {
        let len = value.chars().count();
        if len < shape.min {
            self.violation(
                Some(value),
                shape.sensitive,
                member,
                &format!(
                    "Member must have length greater than or equal to {}",
                    shape.min
                ),
            );
        }
        if len > shape.max {
            self.violation(
                Some(value),
                shape.sensitive,
                member,
                &format!(
                    "Member must have length less than or equal to {}",
                    shape.max
                ),
            );
        }
        if let Some((pattern, matches)) = shape.pattern {
            if !matches(value) {
                self.violation(
                    Some(value),
                    shape.sensitive,
                    member,
                    &format!("Member must satisfy regular expression pattern: {pattern}"),
                );
            }
        }
    }

    /// A required member. Returns the value, or `""` when it is missing (the
    /// violation is recorded and [`Validator::finish`] will fail).
    pub fn required(&mut self, member: &str, value: Option<String>, shape: &StringShape) -> String {
        match value {
            None => {
                self.violation(None, false, member, "Member must not be null");
                String::new()
            }
            Some(v) => {
                self.check(member, &v, shape);
                v
            }
        }
    }

    pub fn optional(
        &mut self,
        member: &str,
        value: Option<String>,
        shape: &StringShape,
    ) -> Option<String> {
        if let Some(v) = &value {
            self.check(member, v, shape);
        }
        value
    }

    /// A required member restricted to an enum.
    pub fn required_enum(
        &mut self,
        member: &str,
        value: Option<String>,
        allowed: &[&str],
    ) -> String {
        match value {
            None => {
                self.violation(None, false, member, "Member must not be null");
                String::new()
            }
            Some(v) => {
                if !allowed.contains(&v.as_str()) {
                    self.violation(
                        Some(&v),
                        false,
                        member,
                        &format!(
                            "Member must satisfy enum value set: [{}]",
                            allowed.join(", ")
                        ),
                    );
                }
                v
            }
        }
    }

    /// An optional integer member within `min..=max` (`QueryLimitType`,
    /// `PrecedenceType`).
    pub fn integer_in(
        &mut self,
        member: &str,
        value: Option<i64>,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        if let Some(v) = value {
            if v < min {
                self.violation(
                    Some(&v.to_string()),
                    false,
                    member,
                    &format!("Member must have value greater than or equal to {min}"),
                );
            }
            if v > max {
                self.violation(
                    Some(&v.to_string()),
                    false,
                    member,
                    &format!("Member must have value less than or equal to {max}"),
                );
            }
        }
        value
    }

    /// An optional member restricted to an enum.
    pub fn optional_enum(
        &mut self,
        member: &str,
        value: Option<String>,
        allowed: &[&str],
    ) -> Option<String> {
        let v = value?;
        Some(self.required_enum(member, Some(v), allowed))
    }

    /// A list member whose entries are restricted to an enum
    /// (`ExplicitAuthFlows`, `AllowedOAuthFlows`).
    pub fn enum_list(&mut self, member: &str, list: Option<&[String]>, allowed: &[&str]) {
        let list = list.unwrap_or_default();
        if list.iter().any(|v| !allowed.contains(&v.as_str())) {
            self.violation(
                Some(&format!("[{}]", list.join(", "))),
                false,
                member,
                &format!(
                    "Member must satisfy constraint: [Member must satisfy enum value set: [{}]]",
                    allowed.join(", ")
                ),
            );
        }
    }

    /// An `AttributeListType`; entries must have a `Name`.
    pub fn attributes(&mut self, member: &str, list: Option<&[Attribute]>) {
        for (i, attr) in list.unwrap_or_default().iter().enumerate() {
            let prefix = format!("{member}.{}.member", i + 1);
            self.required(
                &format!("{prefix}.name"),
                attr.name.clone(),
                &ATTRIBUTE_NAME,
            );
            self.optional(
                &format!("{prefix}.value"),
                attr.value.clone(),
                &ATTRIBUTE_VALUE,
            );
        }
    }

    /// A map member with at most `max` entries (`LoginsMap`); its value is
    /// not shown, as it holds tokens.
    pub fn map_entries(&mut self, member: &str, entries: usize, max: usize) {
        if entries > max {
            self.violation(
                Some(""),
                true,
                member,
                &format!("Member must have length less than or equal to {max}"),
            );
        }
    }

    pub fn finish(self) -> Result<(), ApiError> {
        match self.errors.len() {
            0 => Ok(()),
            1 => Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: {}",
                self.errors[0]
            ))),
            n => Err(ApiError::invalid_parameter(format!(
                "{n} validation errors detected: {}",
                self.errors.join("; ")
            ))),
        }
    }
}

/// The app client a request names and its pool, or Cognito's
/// `ResourceNotFoundException`.
pub(crate) fn find_client<'a>(
    state: &'a AppState,
    client_id: &str,
) -> Result<(&'a PoolConfig, &'a ClientConfig), ApiError> {
    state.config().client(client_id).ok_or_else(|| {
        ApiError::new(
            "ResourceNotFoundException",
            format!("User pool client {client_id} does not exist."),
        )
    })
}

/// The required `AccessToken` member of an operation the token authorises.
pub(crate) fn access_token(input: &Input) -> Result<String, ApiError> {
    let mut v = Validator::default();
    let token = v.required("accessToken", input.string("AccessToken")?, &TOKEN);
    v.finish()?;
    Ok(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_follow_the_aws_validation_wording() {
        let mut v = Validator::default();
        v.required("username", None, &USERNAME);
        assert_eq!(
            v.finish().unwrap_err().message,
            "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null"
        );

        let mut v = Validator::default();
        v.required("confirmationCode", Some("1 2".into()), &CONFIRMATION_CODE);
        v.required("password", Some(" ab".into()), &PASSWORD);
        assert_eq!(
            v.finish().unwrap_err().message,
            "2 validation errors detected: Value '1 2' at 'confirmationCode' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [\\S]+; Value at 'password' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$"
        );
        let mut v = Validator::default();
        v.required("password", Some("Inner Space 9".into()), &PASSWORD);
        assert!(v.finish().is_ok());
    }

    #[test]
    fn malformed_json_and_wrong_types_are_serialization_errors() {
        assert_eq!(
            Input::parse(b"{").err().unwrap().kind,
            "SerializationException"
        );
        assert_eq!(
            Input::parse(b"[1]").err().unwrap().kind,
            "SerializationException"
        );
        let input = Input::parse(br#"{"Username": 5}"#).unwrap();
        assert_eq!(
            input.string("Username").unwrap_err().kind,
            "SerializationException"
        );
        assert!(Input::parse(b"")
            .unwrap()
            .string("Username")
            .unwrap()
            .is_none());
    }
}
