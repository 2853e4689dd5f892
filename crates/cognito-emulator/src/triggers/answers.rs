//! Reading a trigger's answer: the `response` member of the event it
//! returned (Developer Guide, each trigger's "response parameters").
//!
//! A member of the wrong type (a string where a boolean belongs, a number
//! among V1_0's string claims) is an answer Cognito cannot use:
//! `InvalidLambdaResponseException` "Unrecognizable lambda output"
//! (assumed; Cognito documents the types, not what it does otherwise).
//! Absent and null members mean "no change".

use serde_json::{Map, Value};

use super::invoke::{Failure, UNRECOGNIZABLE};
use super::lambda_config::LambdaVersion;
use crate::tokens::{ClaimEdits, Customization, GroupOverride};

type Answer<T> = Result<T, Failure>;

fn unrecognizable() -> Failure {
    Failure::InvalidResponse(UNRECOGNIZABLE)
}

/// The `response` object (null is an empty one).
fn response(event: &Value) -> Map<String, Value> {
    event
        .get("response")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// A member that is absent or null.
fn present<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).filter(|v| !v.is_null())
}

fn boolean(object: &Map<String, Value>, name: &str) -> Answer<bool> {
    match present(object, name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(unrecognizable()),
    }
}

fn string(object: &Map<String, Value>, name: &str) -> Answer<Option<String>> {
    match present(object, name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(unrecognizable()),
    }
}

fn strings(object: &Map<String, Value>, name: &str) -> Answer<Vec<String>> {
    match present(object, name) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned).ok_or_else(unrecognizable))
            .collect(),
        Some(_) => Err(unrecognizable()),
    }
}

fn object<'a>(
    parent: &'a Map<String, Value>,
    name: &str,
) -> Answer<Option<&'a Map<String, Value>>> {
    match present(parent, name) {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(unrecognizable()),
    }
}

/// Pre sign-up's `autoConfirmUser`, `autoVerifyEmail`, `autoVerifyPhone`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct PreSignUpAnswer {
    pub auto_confirm_user: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

pub(crate) fn pre_sign_up(event: &Value) -> Answer<PreSignUpAnswer> {
    let r = response(event);
    Ok(PreSignUpAnswer {
        auto_confirm_user: boolean(&r, "autoConfirmUser")?,
        auto_verify_email: boolean(&r, "autoVerifyEmail")?,
        auto_verify_phone: boolean(&r, "autoVerifyPhone")?,
    })
}

/// Custom message's `emailSubject` and `emailMessage` (the emulator sends
/// no SMS, so `smsMessage` is only type-checked).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CustomWording {
    pub subject: Option<String>,
    pub message: Option<String>,
}

pub(crate) fn custom_message(event: &Value) -> Answer<CustomWording> {
    let r = response(event);
    string(&r, "smsMessage")?;
    Ok(CustomWording {
        subject: string(&r, "emailSubject")?.filter(|s| !s.is_empty()),
        message: string(&r, "emailMessage")?.filter(|s| !s.is_empty()),
    })
}

/// Pre token generation: `claimsOverrideDetails` (V1_0) or
/// `claimsAndScopeOverrideDetails` (V2_0); each version reads its own.
pub(crate) fn pre_token_generation(event: &Value, version: LambdaVersion) -> Answer<Customization> {
    let r = response(event);
    let mut custom = Customization::default();
    match version {
        LambdaVersion::V1 => {
            let Some(details) = object(&r, "claimsOverrideDetails")? else {
                return Ok(custom);
            };
            custom.id_token = claim_edits(details, true)?;
            custom.groups = group_override(details)?;
        }
        LambdaVersion::V2 => {
            let Some(details) = object(&r, "claimsAndScopeOverrideDetails")? else {
                return Ok(custom);
            };
            if let Some(id) = object(details, "idTokenGeneration")? {
                custom.id_token = claim_edits(id, false)?;
            }
            if let Some(access) = object(details, "accessTokenGeneration")? {
                custom.access_token = claim_edits(access, false)?;
                custom.scopes_to_add = strings(access, "scopesToAdd")?;
                custom.scopes_to_suppress = strings(access, "scopesToSuppress")?;
            }
            custom.groups = group_override(details)?;
        }
    }
    Ok(custom)
}

/// `claimsToAddOrOverride` and `claimsToSuppress`. V1_0 claims are strings;
/// V2_0 takes any JSON value.
fn claim_edits(details: &Map<String, Value>, strings_only: bool) -> Answer<ClaimEdits> {
    let add_or_override = match object(details, "claimsToAddOrOverride")? {
        None => Map::new(),
        Some(claims) => {
            if strings_only && claims.values().any(|v| !v.is_string()) {
                return Err(unrecognizable());
            }
            claims.clone()
        }
    };
    Ok(ClaimEdits {
        add_or_override,
        suppress: strings(details, "claimsToSuppress")?,
    })
}

/// `groupOverrideDetails`: absent keeps the groups; present replaces them,
/// and an empty or null object suppresses them.
fn group_override(details: &Map<String, Value>) -> Answer<Option<GroupOverride>> {
    match details.get("groupOverrideDetails") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(GroupOverride::default())),
        Some(Value::Object(g)) => Ok(Some(GroupOverride {
            groups: strings(g, "groupsToOverride")?,
            roles: strings(g, "iamRolesToOverride")?,
            preferred_role: string(g, "preferredRole")?,
        })),
        Some(_) => Err(unrecognizable()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pre_sign_up_flags() {
        let event = json!({"response": {"autoConfirmUser": true, "autoVerifyEmail": true}});
        assert_eq!(
            pre_sign_up(&event).unwrap(),
            PreSignUpAnswer {
                auto_confirm_user: true,
                auto_verify_email: true,
                auto_verify_phone: false
            }
        );
        assert_eq!(
            pre_sign_up(&json!({"response": null})).unwrap(),
            PreSignUpAnswer::default()
        );
        assert_eq!(
            pre_sign_up(&json!({"response": {"autoConfirmUser": "true"}})),
            Err(Failure::InvalidResponse(UNRECOGNIZABLE))
        );
    }

    #[test]
    fn v1_reads_claims_override_details() {
        let event = json!({"response": {"claimsOverrideDetails": {
            "claimsToAddOrOverride": {"tenant": "acme"},
            "claimsToSuppress": ["email"],
            "groupOverrideDetails": {"groupsToOverride": ["admin"], "iamRolesToOverride": [], "preferredRole": null},
        }}});
        let c = pre_token_generation(&event, LambdaVersion::V1).unwrap();
        assert_eq!(c.id_token.add_or_override["tenant"], "acme");
        assert_eq!(c.id_token.suppress, ["email"]);
        assert_eq!(c.groups.unwrap().groups, ["admin"]);
        // V1_0 claims are strings.
        let event =
            json!({"response": {"claimsOverrideDetails": {"claimsToAddOrOverride": {"n": 1}}}});
        assert!(pre_token_generation(&event, LambdaVersion::V1).is_err());
        // A V1 function does not read the V2 member, nor the other way round.
        let v2_answer = json!({"response": {"claimsAndScopeOverrideDetails": {
            "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme"}}}}});
        assert_eq!(
            pre_token_generation(&v2_answer, LambdaVersion::V1).unwrap(),
            Customization::default()
        );
    }

    #[test]
    fn v2_reads_both_tokens_and_scopes() {
        let event = json!({"response": {"claimsAndScopeOverrideDetails": {
            "idTokenGeneration": {"claimsToAddOrOverride": {"tier": {"level": 2}}},
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"plan": "gold"},
                "claimsToSuppress": ["username"],
                "scopesToAdd": ["photos/read"],
                "scopesToSuppress": ["aws.cognito.signin.user.admin"],
            },
            "groupOverrideDetails": null,
        }}});
        let c = pre_token_generation(&event, LambdaVersion::V2).unwrap();
        assert_eq!(c.id_token.add_or_override["tier"], json!({"level": 2}));
        assert_eq!(c.access_token.add_or_override["plan"], "gold");
        assert_eq!(c.scopes_to_add, ["photos/read"]);
        assert_eq!(c.scopes_to_suppress, ["aws.cognito.signin.user.admin"]);
        // null suppresses the groups.
        assert_eq!(c.groups, Some(GroupOverride::default()));
        let bad = json!({"response": {"claimsAndScopeOverrideDetails": {
            "accessTokenGeneration": {"scopesToAdd": "photos/read"}}}});
        assert!(pre_token_generation(&bad, LambdaVersion::V2).is_err());
    }

    #[test]
    fn custom_message_wording() {
        let event = json!({"response": {"emailSubject": "Welcome", "emailMessage": "Code {####}", "smsMessage": null}});
        assert_eq!(
            custom_message(&event).unwrap(),
            CustomWording {
                subject: Some("Welcome".into()),
                message: Some("Code {####}".into())
            }
        );
        assert!(custom_message(&json!({"response": {"emailMessage": 5}})).is_err());
    }
}
