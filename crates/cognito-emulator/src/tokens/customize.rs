//! What a pre token generation trigger changes in the tokens it is asked
//! about (Developer Guide, "Pre token generation Lambda trigger"): claims
//! added, overridden or suppressed in the ID token (V1_0) and in the access
//! token (V2_0), access-token scopes added or suppressed, and the group
//! claims replaced.
//!
//! Rules applied here:
//! * Some claims cannot be changed. The Developer Guide lists, for the ID
//!   token: `acr`, `amr`, `aud`, `at_hash`, `auth_time`, `azp`,
//!   `cognito:username`, `exp`, `iat`, `identities`, `iss`, `jti`, `nbf`,
//!   `nonce`, `origin_jti`, `sub`, `token_use`. The access token's own
//!   identifying claims (`client_id`, `scope` — changed through the scope
//!   lists —, `username`, `version`) are kept too (assumed: the guide names
//!   them as the claims that identify the token). A trigger's attempt to
//!   change one is ignored, not an error (assumed).
//! * Group claims (`cognito:groups`, `cognito:roles`,
//!   `cognito:preferred_role`) change through `groupOverrideDetails` only
//!   ("For group-related claims, use groupOverrideDetails instead"); in
//!   `claimsToAddOrOverride` they are ignored (assumed).
//! * A claim both overridden and suppressed is suppressed ("If your
//!   function both suppresses and replaces a claim value, then Amazon
//!   Cognito suppresses the claim"); likewise a scope both added and
//!   suppressed (assumed by analogy).
//! * `groupOverrideDetails` replaces the group claims in both tokens; an
//!   empty or null object suppresses them ("If you provide an empty or null
//!   object in the response, then Amazon Cognito suppresses the groups").

use serde_json::{json, Map, Value};

/// Claims no trigger can change in an ID token (Developer Guide list).
pub(crate) const ID_TOKEN_PROTECTED: &[&str] = &[
    "acr",
    "amr",
    "aud",
    "at_hash",
    "auth_time",
    "azp",
    "cognito:username",
    "exp",
    "iat",
    "identities",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "sub",
    "token_use",
];

/// Access-token claims kept besides [`ID_TOKEN_PROTECTED`].
const ACCESS_TOKEN_PROTECTED: &[&str] = &["client_id", "scope", "username", "version"];

/// Changed through `groupOverrideDetails` only.
const GROUP_CLAIMS: &[&str] = &["cognito:groups", "cognito:roles", "cognito:preferred_role"];

/// ID-token claims whose value cannot be an object or an array ("In the
/// ID token, you can populate complex objects to the values of claims
/// except for phone_number_verified, email_verified, updated_at, and
/// address"); such a value is ignored (assumed).
const SCALAR_ONLY_ID_CLAIMS: &[&str] = &[
    "phone_number_verified",
    "email_verified",
    "updated_at",
    "address",
];

/// Additions and suppressions for one token.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ClaimEdits {
    pub add_or_override: Map<String, Value>,
    pub suppress: Vec<String>,
}

/// The group claims a trigger puts in place of the user's own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct GroupOverride {
    pub groups: Vec<String>,
    pub roles: Vec<String>,
    pub preferred_role: Option<String>,
}

/// A pre token generation trigger's answer, ready to apply.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Customization {
    pub id_token: ClaimEdits,
    pub access_token: ClaimEdits,
    pub scopes_to_add: Vec<String>,
    pub scopes_to_suppress: Vec<String>,
    /// `None`: the user's groups as stored.
    pub groups: Option<GroupOverride>,
}

impl Customization {
    /// Applies the changes to the claims of an ID and an access token that
    /// are otherwise complete (the access token's `scope` set).
    pub(crate) fn apply(&self, id: &mut Map<String, Value>, access: &mut Map<String, Value>) {
        if let Some(g) = &self.groups {
            for claims in [&mut *id, &mut *access] {
                claims.remove("cognito:groups");
                if !g.groups.is_empty() {
                    claims.insert("cognito:groups".into(), json!(g.groups));
                }
            }
            id.remove("cognito:roles");
            id.remove("cognito:preferred_role");
            if !g.roles.is_empty() {
                id.insert("cognito:roles".into(), json!(g.roles));
            }
            if let Some(role) = &g.preferred_role {
                id.insert("cognito:preferred_role".into(), json!(role));
            }
        }
        edit(id, &self.id_token, &[], true);
        edit(access, &self.access_token, ACCESS_TOKEN_PROTECTED, false);
        if !self.scopes_to_add.is_empty() || !self.scopes_to_suppress.is_empty() {
            let mut scopes: Vec<String> = access
                .get("scope")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            for scope in &self.scopes_to_add {
                if !scopes.contains(scope) {
                    scopes.push(scope.clone());
                }
            }
            scopes.retain(|s| !self.scopes_to_suppress.contains(s));
            if scopes.is_empty() {
                access.remove("scope");
            } else {
                access.insert("scope".into(), json!(scopes.join(" ")));
            }
        }
    }
}

fn changeable(claim: &str, also_protected: &[&str]) -> bool {
    !ID_TOKEN_PROTECTED.contains(&claim)
        && !also_protected.contains(&claim)
        && !GROUP_CLAIMS.contains(&claim)
}

fn edit(
    claims: &mut Map<String, Value>,
    edits: &ClaimEdits,
    also_protected: &[&str],
    id_token: bool,
) {
    for (name, value) in &edits.add_or_override {
        let complex = value.is_object() || value.is_array();
        if !changeable(name, also_protected)
            || (id_token && complex && SCALAR_ONLY_ID_CLAIMS.contains(&name.as_str()))
        {
            continue;
        }
        claims.insert(name.clone(), value.clone());
    }
    for name in &edits.suppress {
        if changeable(name, also_protected) {
            claims.remove(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> (Map<String, Value>, Map<String, Value>) {
        let id = json!({
            "sub": "u-1", "iss": "http://x/p", "token_use": "id", "email": "a@example.com",
            "name": "A", "cognito:groups": ["users"], "cognito:roles": ["arn:r"],
            "cognito:preferred_role": "arn:r", "email_verified": true,
        });
        let access = json!({
            "sub": "u-1", "token_use": "access", "client_id": "c", "username": "u-1",
            "scope": "aws.cognito.signin.user.admin", "cognito:groups": ["users"],
        });
        (
            id.as_object().unwrap().clone(),
            access.as_object().unwrap().clone(),
        )
    }

    #[test]
    fn claims_are_added_overridden_and_suppressed_but_protected_ones_stay() {
        let (mut id, mut access) = tokens();
        let custom = Customization {
            id_token: ClaimEdits {
                add_or_override: json!({
                    "tenant": "acme", "name": "B", "sub": "forged", "token_use": "access",
                    "cognito:groups": ["admin"], "email_verified": {"nested": true},
                })
                .as_object()
                .unwrap()
                .clone(),
                suppress: vec!["email".into(), "iss".into(), "name".into()],
            },
            access_token: ClaimEdits {
                add_or_override: json!({"plan": {"tier": "gold"}, "client_id": "other"})
                    .as_object()
                    .unwrap()
                    .clone(),
                suppress: vec!["username".into()],
            },
            ..Customization::default()
        };
        custom.apply(&mut id, &mut access);
        assert_eq!(id["tenant"], "acme");
        assert_eq!(id["sub"], "u-1");
        assert_eq!(id["token_use"], "id");
        assert_eq!(id["iss"], "http://x/p");
        assert!(!id.contains_key("email"));
        // Overridden and suppressed: suppressed.
        assert!(!id.contains_key("name"));
        assert_eq!(id["cognito:groups"], json!(["users"]));
        assert_eq!(id["email_verified"], true);
        assert_eq!(access["plan"], json!({"tier": "gold"}));
        assert_eq!(access["client_id"], "c");
        assert_eq!(access["username"], "u-1");
    }

    #[test]
    fn groups_are_replaced_or_suppressed() {
        let (mut id, mut access) = tokens();
        let custom = Customization {
            groups: Some(GroupOverride {
                groups: vec!["admin".into(), "staff".into()],
                roles: vec![],
                preferred_role: None,
            }),
            ..Customization::default()
        };
        custom.apply(&mut id, &mut access);
        assert_eq!(id["cognito:groups"], json!(["admin", "staff"]));
        assert_eq!(access["cognito:groups"], json!(["admin", "staff"]));
        assert!(!id.contains_key("cognito:roles"));
        assert!(!id.contains_key("cognito:preferred_role"));

        let (mut id, mut access) = tokens();
        Customization {
            groups: Some(GroupOverride::default()),
            ..Customization::default()
        }
        .apply(&mut id, &mut access);
        assert!(!id.contains_key("cognito:groups"));
        assert!(!access.contains_key("cognito:groups"));
    }

    #[test]
    fn scopes_are_added_and_suppressed() {
        let (mut id, mut access) = tokens();
        Customization {
            scopes_to_add: vec!["photos/read".into(), "photos/write".into()],
            scopes_to_suppress: vec!["photos/write".into()],
            ..Customization::default()
        }
        .apply(&mut id, &mut access);
        assert_eq!(access["scope"], "aws.cognito.signin.user.admin photos/read");

        let (mut id, mut access) = tokens();
        Customization {
            scopes_to_suppress: vec!["aws.cognito.signin.user.admin".into()],
            ..Customization::default()
        }
        .apply(&mut id, &mut access);
        assert!(!access.contains_key("scope"));
        // Nothing asked, nothing changed.
        let (mut id, mut access) = tokens();
        let before = (id.clone(), access.clone());
        Customization::default().apply(&mut id, &mut access);
        assert_eq!((id, access), before);
    }
}
