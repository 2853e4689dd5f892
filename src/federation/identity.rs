//! Who a federated user is at their identity provider: the ID token's
//! `identities` claim (docs/cognito-protocol.md §5.2), which Cognito adds for users who
//! signed in through Google, an OIDC or a SAML provider.

use serde_json::{Map, Value};

/// One link between the pool's user and an identity provider's user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FederatedIdentity {
    /// The pool's `ProviderName` (`Google`, `Corporate`).
    pub provider_name: String,
    /// `Google`, `OIDC`, `SAML`, ..., when the claim says.
    pub provider_type: Option<String>,
    /// The user's id at the provider (Google's `sub`, ...).
    pub user_id: String,
}

/// The identities in the ID token's claims. Cognito puts a JSON array in
/// the token; the attribute (`GetUser`) holds the same array as a string,
/// so both are read. Anything else gives no identities.
pub fn identities(claims: &Map<String, Value>) -> Vec<FederatedIdentity> {
    let parsed;
    let list = match claims.get("identities") {
        Some(Value::Array(list)) => list,
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(list)) => {
                parsed = list;
                &parsed
            }
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let text = |entry: &Map<String, Value>, name: &str| {
        entry
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    list.iter()
        .filter_map(Value::as_object)
        .filter_map(|entry| {
            Some(FederatedIdentity {
                provider_name: text(entry, "providerName")?,
                provider_type: text(entry, "providerType"),
                user_id: text(entry, "userId")?,
            })
        })
        .collect()
}

/// Whether the claims are of a user who signed in through an identity
/// provider (the ID token has an `identities` claim).
pub fn is_federated(claims: &Map<String, Value>) -> bool {
    claims.contains_key("identities")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn reads_cognitos_identities_claim() {
        let c = claims(json!({
            "cognito:username": "Google_104173620517893421056",
            "identities": [{
                "userId": "104173620517893421056",
                "providerName": "Google",
                "providerType": "Google",
                "issuer": null,
                "primary": "true",
                "dateCreated": "1700000000000"
            }]
        }));
        assert!(is_federated(&c));
        assert_eq!(
            identities(&c),
            vec![FederatedIdentity {
                provider_name: "Google".into(),
                provider_type: Some("Google".into()),
                user_id: "104173620517893421056".into()
            }]
        );
    }

    #[test]
    fn reads_the_attribute_form_and_skips_junk() {
        let c = claims(json!({
            "identities": "[{\"userId\":\"8d2f\",\"providerName\":\"Corporate\",\"providerType\":\"OIDC\"},{\"userId\":\"x\"},7]"
        }));
        assert_eq!(
            identities(&c),
            vec![FederatedIdentity {
                provider_name: "Corporate".into(),
                provider_type: Some("OIDC".into()),
                user_id: "8d2f".into()
            }]
        );
        assert!(identities(&claims(json!({"identities": "not json"}))).is_empty());
        let password_user = claims(json!({"cognito:username": "abc", "email": "a@example.com"}));
        assert!(!is_federated(&password_user));
        assert!(identities(&password_user).is_empty());
    }
}
