//! Creating or signing in a federated user after an identity provider
//! answered `/oauth2/idpresponse` (Developer Guide, "Adding user pool sign-in
//! through a third party", "Specifying identity provider attribute
//! mappings").

use std::collections::BTreeMap;

use crate::config::{IdentityProviderConfig, PoolConfig};
use crate::pre_sign_up;
use crate::state::AppState;
use crate::store::{SrpVerifier, User, UserStatus};
use crate::triggers::{Call, Source};

/// An error to send to the app's redirect URI: `(error, error_description)`.
pub(super) type Failure = (&'static str, String);

/// Signs in the provider's user `claims` as the federated user
/// `{ProviderName}_{provider user id}`, creating it on first sign-in, and
/// returns its username.
///
/// As in Cognito: the user gets a new `sub`; mapped attributes are copied
/// from the provider's claims at every sign-in; the `identities` attribute
/// records the link; the user is confirmed and has no password. A first
/// sign-in runs the pool's PreSignUp function (`PreSignUp_ExternalProvider`,
/// with the mapped attributes; its flags do not apply, the user is
/// confirmed anyway) or else the configured PreSignUp rules; a rejection
/// reaches the app as `invalid_request` with the trigger's message. It also
/// needs every required attribute.
pub(super) async fn sign_in(
    state: &AppState,
    pool: &PoolConfig,
    client_id: &str,
    provider: &IdentityProviderConfig,
    claims: &BTreeMap<String, String>,
    now: i64,
) -> Result<String, Failure> {
    let user_id = claims
        .get(provider.user_id_claim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            (
                "invalid_request",
                "attributes required: [username]".to_owned(),
            )
        })?;
    let username = format!("{}_{user_id}", provider.name);

    let mut mapped = BTreeMap::new();
    for (attribute, claim) in &provider.attribute_mapping {
        if attribute == "username" {
            continue;
        }
        if let Some(value) = claims.get(claim).filter(|v| !v.is_empty()) {
            mapped.insert(attribute.clone(), value.clone());
        }
    }
    // The provider's own verdict on the address, unless mapped explicitly.
    if mapped.contains_key("email") && !provider.attribute_mapping.contains_key("email_verified") {
        let verified = claims.get("email_verified").map_or("false", String::as_str);
        mapped.insert("email_verified".into(), verified.to_owned());
    }

    let exists = state.read(|db| {
        db.pools
            .get(&pool.id)
            .is_some_and(|p| p.users.contains_key(&username))
    });
    if !exists {
        // PreSignUp runs for federated sign-ups too (PreSignUp_ExternalProvider).
        let call = Call {
            state,
            pool,
            client_id: Some(client_id),
            client_metadata: None,
        };
        let answer = call
            .pre_sign_up(Source::PreSignUpExternalProvider, &username, &mapped, None)
            .await
            .map_err(|f| ("invalid_request", f.message()))?;
        if answer.is_none() {
            let email = mapped.get("email").map_or("", String::as_str);
            pre_sign_up::check(pool, email).map_err(|message| ("invalid_request", message))?;
        }
    }

    let written = state.write(|db| {
        let pool_data = db.pools.entry(pool.id.clone()).or_default();
        if let Some(user) = pool_data.users.get_mut(&username) {
            if !user.enabled {
                return Err(("invalid_request", "User is disabled.".to_owned()));
            }
            user.attributes.extend(mapped);
            user.updated_at = now;
            return Ok(username.clone());
        }
        let missing: Vec<&str> = pool
            .required_attributes
            .iter()
            .filter(|a| mapped.get(*a).is_none_or(|v| v.trim().is_empty()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            // The wording Cognito redirects with when a provider lacks a
            // required attribute.
            return Err((
                "invalid_request",
                format!("attributes required: [{}]", missing.join(", ")),
            ));
        }
        let mut attributes = mapped;
        attributes.insert(
            "identities".into(),
            identities(provider, user_id, now * 1000),
        );
        let user = User::new(
            username.clone(),
            uuid::Uuid::new_v4().to_string(),
            UserStatus::Confirmed,
            attributes,
            // No password: the PHC string never parses, so password sign-in
            // fails like a wrong password.
            String::new(),
            SrpVerifier {
                salt: String::new(),
                verifier: String::new(),
            },
            now,
        );
        pool_data.users.insert(username.clone(), user);
        Ok(username.clone())
    });
    written.map_err(|e| ("server_error", e.to_string()))?
}

/// The `identities` attribute: a JSON array (as a string) with Cognito's
/// member order; `issuer` is null for social providers and for OIDC ones
/// (SAML providers would carry their metadata URL).
fn identities(provider: &IdentityProviderConfig, user_id: &str, date_created_ms: i64) -> String {
    let s = |v: &str| serde_json::Value::String(v.to_owned()).to_string();
    format!(
        "[{{\"userId\":{},\"providerName\":{},\"providerType\":{},\"issuer\":null,\
         \"primary\":\"true\",\"dateCreated\":\"{date_created_ms}\"}}]",
        s(user_id),
        s(&provider.name),
        s(provider.provider_type.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::IdentityProviderType;

    #[test]
    fn identities_attribute_has_cognitos_shape() {
        let provider = IdentityProviderConfig {
            name: "Google".into(),
            provider_type: IdentityProviderType::Google,
            attribute_mapping: BTreeMap::new(),
            idp_identifiers: Vec::new(),
            accounts: Vec::new(),
        };
        let text = identities(&provider, "1141\"x", 1_700_000_000_000);
        assert_eq!(
            text,
            "[{\"userId\":\"1141\\\"x\",\"providerName\":\"Google\",\"providerType\":\"Google\",\
             \"issuer\":null,\"primary\":\"true\",\"dateCreated\":\"1700000000000\"}]"
        );
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[0]["userId"], "1141\"x");
    }
}
