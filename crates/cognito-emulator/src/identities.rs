//! `GET /_local/identities`: the identity pools' identities as JSON, for
//! tests and people, like the mailbox. `GetCredentialsForIdentity` does not
//! say which role its credentials are for (neither does AWS), so this is
//! where a test sees it: each identity's last credentials, without their
//! secret key or session token.
//!
//! ```json
//! [{"identityPoolId": "ap-northeast-1:…", "identityId": "ap-northeast-1:…",
//!   "authenticated": true,
//!   "logins": {"cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Local": "<sub>"},
//!   "createdAt": "2026-01-01T00:00:00Z",
//!   "lastCredentials": {"accessKeyId": "ASIA…", "roleArn": "arn:aws:iam::…",
//!                       "issuedAt": 1767225600, "expiration": 1767229200}}]
//! ```
//!
//! `?identityPoolId=` keeps one pool's identities.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::Json;
use serde_json::{json, Value};

use crate::clock::rfc3339;
use crate::state::AppState;

/// The `GET /_local/identities` handler (see the module docs).
pub async fn identities_json(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Vec<Value>> {
    let wanted = query.get("identityPoolId");
    let list = state.read(|db| {
        db.identity_pools
            .iter()
            .filter(|(pool_id, _)| wanted.is_none_or(|w| w == *pool_id))
            .flat_map(|(pool_id, data)| {
                data.identities.iter().map(move |(id, identity)| {
                    let credentials = identity.last_credentials.as_ref().map(|c| {
                        json!({
                            "accessKeyId": c.access_key_id,
                            "roleArn": c.role_arn,
                            "issuedAt": c.issued_at,
                            "expiration": c.expiration,
                        })
                    });
                    json!({
                        "identityPoolId": pool_id,
                        "identityId": id,
                        "authenticated": identity.is_authenticated(),
                        "logins": identity.logins,
                        "createdAt": rfc3339(identity.created_at),
                        "lastCredentials": credentials,
                    })
                })
            })
            .collect()
    });
    Json(list)
}
