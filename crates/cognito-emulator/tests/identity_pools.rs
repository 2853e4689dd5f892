//! The identity-pool API (`AWSCognitoIdentityService.GetId` and
//! `.GetCredentialsForIdentity`) through the router, without a socket:
//! stable identities per user, credentials for the right role, and AWS's
//! errors for every way a login can be wrong.

mod common;

use cognito_emulator::config::{AmbiguousRoleResolution, ClientConfig, ExplicitAuthFlow};
use cognito_emulator::Config;
use common::*;
use serde_json::{json, Value};
use test_support::local::IDENTITY_POOL_ID;

/// The `Logins` key of the seed pool, as on AWS.
const PROVIDER: &str = "cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Local";
/// The same provider named by the emulator's issuer without its scheme.
const ISSUER_KEY: &str = "127.0.0.1:9229/ap-northeast-1_Local";
const AUTHENTICATED_ROLE: &str = "arn:aws:iam::000000000000:role/LocalAuthenticated";
const GUEST_ROLE: &str = "arn:aws:iam::000000000000:role/LocalGuest";
const ADMIN_ROLE: &str = "arn:aws:iam::000000000000:role/LocalAdmin";

impl Emu {
    async fn identity(&self, op: &str, body: Value) -> Resp {
        use axum::body::Body;
        use axum::http::Request;
        let request = Request::post("/")
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", format!("AWSCognitoIdentityService.{op}"))
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    async fn get_id(&self, logins: Value) -> Resp {
        self.identity(
            "GetId",
            json!({"IdentityPoolId": IDENTITY_POOL_ID, "Logins": logins}),
        )
        .await
    }

    /// `GetId` that must succeed.
    async fn identity_id(&self, id_token: &Value) -> String {
        let r = self.get_id(json!({ PROVIDER: id_token })).await.ok();
        r["IdentityId"].as_str().unwrap().to_owned()
    }

    async fn credentials(&self, identity_id: &str, logins: Value) -> Resp {
        self.identity(
            "GetCredentialsForIdentity",
            json!({"IdentityId": identity_id, "Logins": logins}),
        )
        .await
    }

    /// The role of the credentials `identity_id` last got
    /// (`/_local/identities`).
    async fn last_role(&self, identity_id: &str) -> String {
        let list = self.get("/_local/identities").await.ok();
        let identity = list
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["identityId"] == identity_id)
            .unwrap_or_else(|| panic!("{identity_id} not in {list}"))
            .clone();
        identity["lastCredentials"]["roleArn"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn admin_id_token(&self) -> Value {
        self.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.ok()["AuthenticationResult"]["IdToken"]
            .clone()
    }
}

fn with_identity_pool(edit: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config::seed();
    edit(&mut config);
    config
}

/// `<region>:<uuid>` with a version-4 UUID.
fn assert_identity_id(id: &str) {
    let (region, uuid) = id.split_once(':').unwrap();
    assert_eq!(region, "ap-northeast-1", "{id}");
    let parsed = uuid::Uuid::parse_str(uuid).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(parsed.get_version_num(), 4, "{id}");
    assert_eq!(uuid, parsed.hyphenated().to_string(), "lower-case: {id}");
}

#[tokio::test]
async fn a_user_keeps_one_identity_and_gets_credentials_for_an_hour() {
    let emu = emu();
    emu.state.clock().freeze();
    let sub = emu.confirmed_user("hanako@example.com").await;
    let tokens = emu.tokens("hanako@example.com").await;
    let id_token = &tokens["IdToken"];

    let first = emu.get_id(json!({ PROVIDER: id_token })).await;
    assert_eq!(first.header("content-type"), "application/x-amz-json-1.1");
    let identity_id = first.ok()["IdentityId"].as_str().unwrap().to_owned();
    assert_identity_id(&identity_id);
    // The same user under either key form, and after a restart.
    assert_eq!(emu.identity_id(id_token).await, identity_id);
    let by_issuer = emu.get_id(json!({ ISSUER_KEY: id_token })).await.ok();
    assert_eq!(by_issuer["IdentityId"], identity_id.as_str());
    let (_, restarted) = emu.restart();
    let again = call_identity(
        &restarted,
        "GetId",
        json!({"IdentityPoolId": IDENTITY_POOL_ID, "Logins": { PROVIDER: id_token }}),
    )
    .await;
    assert_eq!(again.ok()["IdentityId"], identity_id.as_str());
    // A fresh sign-in (another token) is still the same user.
    let second_sign_in = emu.tokens("hanako@example.com").await;
    assert_eq!(
        emu.identity_id(&second_sign_in["IdToken"]).await,
        identity_id
    );

    let now = emu.state.clock().now();
    let r = emu
        .credentials(&identity_id, json!({ PROVIDER: id_token }))
        .await
        .ok();
    assert_eq!(r["IdentityId"], identity_id.as_str());
    let c = &r["Credentials"];
    let key = c["AccessKeyId"].as_str().unwrap();
    assert!(key.starts_with("ASIA") && key.len() == 20, "{key}");
    assert_eq!(c["SecretKey"].as_str().unwrap().len(), 40);
    assert!(c["SessionToken"].as_str().unwrap().len() > 100);
    // A JSON number of epoch seconds, one hour on.
    assert_eq!(c["Expiration"], json!(now + 3600));
    assert_eq!(
        c.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["AccessKeyId", "Expiration", "SecretKey", "SessionToken"]
    );

    // The local listing says which role, and never the secret.
    let listing = emu.get("/_local/identities").await;
    assert!(!listing.text.contains(c["SecretKey"].as_str().unwrap()));
    assert!(!listing.text.contains(c["SessionToken"].as_str().unwrap()));
    let entry = listing.ok()[0].clone();
    assert_eq!(entry["identityPoolId"], IDENTITY_POOL_ID);
    assert_eq!(entry["authenticated"], true);
    assert_eq!(entry["logins"], json!({ PROVIDER: sub }));
    assert_eq!(entry["lastCredentials"]["accessKeyId"], key);
    // A user who signed up is in `users`, which has no role.
    assert_eq!(emu.last_role(&identity_id).await, AUTHENTICATED_ROLE);

    // Another user has another identity.
    emu.confirmed_user("taro@example.com").await;
    let other = emu.tokens("taro@example.com").await;
    assert_ne!(emu.identity_id(&other["IdToken"]).await, identity_id);
}

#[tokio::test]
async fn credentials_last_as_long_as_the_identity_pool_says() {
    // The default: an hour, as AWS gives.
    assert_eq!(
        Config::seed().identity_pools[0].credentials_validity_seconds,
        3600
    );
    for (validity, expected) in [(None, 3600), (Some(20), 20), (Some(43_200), 43_200)] {
        let emu = emu_with(with_identity_pool(|c| {
            if let Some(seconds) = validity {
                c.identity_pools[0].credentials_validity_seconds = seconds;
            }
        }));
        emu.state.clock().freeze();
        emu.confirmed_user("hanako@example.com").await;
        let id_token = emu.tokens("hanako@example.com").await["IdToken"].clone();
        let identity_id = emu.identity_id(&id_token).await;
        let now = emu.state.clock().now();
        let r = emu
            .credentials(&identity_id, json!({ PROVIDER: id_token }))
            .await
            .ok();
        assert_eq!(
            r["Credentials"]["Expiration"],
            json!(now + expected),
            "credentials_validity_seconds = {validity:?}"
        );
        // The listing says the same expiry.
        let listing = emu.get("/_local/identities").await.ok();
        assert_eq!(
            listing[0]["lastCredentials"]["expiration"],
            json!(now + expected)
        );
    }
}

async fn call_identity(app: &axum::Router, op: &str, body: Value) -> Resp {
    use axum::body::Body;
    use axum::http::Request;
    let request = Request::post("/")
        .header("x-amz-target", format!("AWSCognitoIdentityService.{op}"))
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, request).await
}

#[tokio::test]
async fn the_administrator_gets_the_role_of_the_admin_group() {
    let emu = emu();
    let id_token = emu.admin_id_token().await;
    let identity_id = emu.identity_id(&id_token).await;
    emu.credentials(&identity_id, json!({ PROVIDER: id_token }))
        .await
        .ok();
    assert_eq!(emu.last_role(&identity_id).await, ADMIN_ROLE);

    // CustomRoleArn may name a role the token offers, and no other.
    let custom = |arn: &str| json!({"IdentityId": identity_id, "Logins": { PROVIDER: id_token }, "CustomRoleArn": arn});
    emu.identity("GetCredentialsForIdentity", custom(ADMIN_ROLE))
        .await
        .ok();
    emu.identity("GetCredentialsForIdentity", custom(AUTHENTICATED_ROLE))
        .await
        .assert_error(
            "NotAuthorizedException",
            &format!("CustomRoleArn {AUTHENTICATED_ROLE} is not a role this identity may assume."),
        );

    // Without a Token role mapping, everyone gets the authenticated role.
    let plain = emu_with(with_identity_pool(|c| {
        c.identity_pools[0].cognito_identity_providers[0].role_mapping = None;
    }));
    let id_token = plain.admin_id_token().await;
    let identity_id = plain.identity_id(&id_token).await;
    plain
        .credentials(&identity_id, json!({ PROVIDER: id_token }))
        .await
        .ok();
    assert_eq!(plain.last_role(&identity_id).await, AUTHENTICATED_ROLE);
}

#[tokio::test]
async fn ambiguous_roles_follow_ambiguous_role_resolution() {
    for (resolution, expected) in [
        (
            AmbiguousRoleResolution::AuthenticatedRole,
            Some(AUTHENTICATED_ROLE),
        ),
        (AmbiguousRoleResolution::Deny, None),
    ] {
        let emu = emu_with(with_identity_pool(|c| {
            let mapping = c.identity_pools[0].cognito_identity_providers[0]
                .role_mapping
                .as_mut()
                .unwrap();
            mapping.ambiguous_role_resolution = resolution;
        }));
        // Two groups that tie on precedence with different roles: the token
        // has both roles and no preferred one.
        for (group, role) in [
            ("x", "arn:aws:iam::000000000000:role/X"),
            ("y", "arn:aws:iam::000000000000:role/Y"),
        ] {
            emu.admin(
                "CreateGroup",
                json!({"UserPoolId": POOL_ID, "GroupName": group, "Precedence": 1, "RoleArn": role}),
            )
            .await
            .ok();
            emu.admin(
                "AdminAddUserToGroup",
                json!({"UserPoolId": POOL_ID, "Username": ADMIN_EMAIL, "GroupName": group}),
            )
            .await
            .ok();
        }
        // The admin group's precedence 0 would win: leave it.
        emu.admin(
            "AdminRemoveUserFromGroup",
            json!({"UserPoolId": POOL_ID, "Username": ADMIN_EMAIL, "GroupName": "admin"}),
        )
        .await
        .ok();
        let id_token = emu.admin_id_token().await;
        let claims = claims(id_token.as_str().unwrap());
        assert_eq!(claims["cognito:roles"].as_array().unwrap().len(), 2);
        assert!(claims.get("cognito:preferred_role").is_none());
        let identity_id = emu.identity_id(&id_token).await;
        let r = emu
            .credentials(&identity_id, json!({ PROVIDER: id_token }))
            .await;
        match expected {
            Some(role) => {
                r.ok();
                assert_eq!(emu.last_role(&identity_id).await, role);
            }
            None => r.assert_error(
                "NotAuthorizedException",
                "Ambiguous role mapping: the token has several cognito:roles and no \
                 cognito:preferred_role, and AmbiguousRoleResolution is Deny.",
            ),
        }
    }
}

#[tokio::test]
async fn logins_are_verified_as_aws_does() {
    let emu = emu_with(with_identity_pool(|c| {
        // A second app client of the same pool, not linked to the identity pool.
        let other = ClientConfig {
            id: "otherclient".into(),
            ..c.pools[0].clients[0].clone()
        };
        c.pools[0].clients.push(other);
    }));
    emu.state.clock().freeze();
    emu.confirmed_user("hanako@example.com").await;
    let tokens = emu.tokens("hanako@example.com").await;
    let id_token = tokens["IdToken"].as_str().unwrap();
    let not_authorized = |message: &str| ("NotAuthorizedException", message.to_owned());

    let mut cases: Vec<(Value, (&str, String))> = vec![
        (
            json!({ PROVIDER: tokens["AccessToken"] }),
            not_authorized("Invalid login token. Missing a required claim: aud"),
        ),
        (
            json!({ PROVIDER: "not-a-jwt" }),
            not_authorized("Invalid login token. Not a valid OpenId Connect identity token."),
        ),
        (
            json!({ PROVIDER: flip_signature(id_token) }),
            not_authorized("Invalid login token. Couldn't verify signed token."),
        ),
        (
            json!({ PROVIDER: foreign_issuer_token() }),
            not_authorized("Invalid login token. Issuer doesn't match providerName"),
        ),
        (
            json!({ "cognito-idp.us-east-1.amazonaws.com/us-east-1_Other": id_token }),
            not_authorized("Token is not from a supported provider of this identity pool."),
        ),
        (
            json!({ "accounts.google.com": id_token }),
            not_authorized("Token is not from a supported provider of this identity pool."),
        ),
    ];
    // A token of an app client the identity pool does not list.
    let other = emu
        .call(
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": "otherclient",
                "AuthParameters": {"USERNAME": "hanako@example.com", "PASSWORD": PASSWORD}
            }),
        )
        .await
        .ok();
    cases.push((
        json!({ PROVIDER: other["AuthenticationResult"]["IdToken"] }),
        not_authorized("Token is not from a supported provider of this identity pool."),
    ));
    for (logins, (kind, message)) in &cases {
        emu.get_id(logins.clone()).await.assert_error(kind, message);
    }

    // Expired, by the emulator's clock, with AWS's `now >= exp`.
    let identity_id = emu.identity_id(&json!(id_token)).await;
    let exp = claims(id_token)["exp"].as_i64().unwrap();
    emu.state.clock().advance(3600);
    let now = emu.state.clock().now();
    assert_eq!(now, exp);
    let expired = format!("Invalid login token. Token expired: {now} >= {exp}");
    emu.get_id(json!({ PROVIDER: id_token }))
        .await
        .assert_error("NotAuthorizedException", &expired);
    emu.credentials(&identity_id, json!({ PROVIDER: id_token }))
        .await
        .assert_error("NotAuthorizedException", &expired);
}

/// The token with the last byte of its signature changed.
fn flip_signature(token: &str) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
    use base64::Engine;
    let (rest, signature) = token.rsplit_once('.').unwrap();
    let mut bytes = B64URL.decode(signature).unwrap();
    *bytes.last_mut().unwrap() ^= 1;
    format!("{rest}.{}", B64URL.encode(bytes))
}

/// An RS256-headed token whose `iss` is another pool's (unsigned: the
/// issuer is checked first).
fn foreign_issuer_token() -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
    use base64::Engine;
    let header = B64URL.encode(br#"{"kid":"k","alg":"RS256"}"#);
    let payload = B64URL.encode(
        br#"{"iss":"http://127.0.0.1:9229/ap-northeast-1_Other","token_use":"id","exp":9999999999}"#,
    );
    format!("{header}.{payload}.c2ln")
}

#[tokio::test]
async fn credentials_need_the_identitys_own_logins() {
    let emu = emu();
    emu.confirmed_user("hanako@example.com").await;
    let hanako = emu.tokens("hanako@example.com").await["IdToken"].clone();
    let identity_id = emu.identity_id(&hanako).await;
    let admin = emu.admin_id_token().await;
    emu.identity_id(&admin).await;

    emu.credentials(&identity_id, json!({ PROVIDER: admin }))
        .await
        .assert_error(
            "NotAuthorizedException",
            "Logins don't match. Please include at least one valid login for this identity or \
             identity pool.",
        );
    emu.credentials(&identity_id, json!({})).await.assert_error(
        "NotAuthorizedException",
        &format!("Access to Identity '{identity_id}' is forbidden."),
    );
    emu.identity(
        "GetCredentialsForIdentity",
        json!({"IdentityId": identity_id}),
    )
    .await
    .assert_error(
        "NotAuthorizedException",
        &format!("Access to Identity '{identity_id}' is forbidden."),
    );
    // The issuer key form works for GetCredentialsForIdentity too.
    emu.credentials(&identity_id, json!({ ISSUER_KEY: hanako }))
        .await
        .ok();
    let unknown = "ap-northeast-1:00000000-0000-4000-8000-0000000000ff";
    emu.credentials(unknown, json!({ PROVIDER: hanako }))
        .await
        .assert_error(
            "ResourceNotFoundException",
            &format!("Identity '{unknown}' not found."),
        );
}

#[tokio::test]
async fn requests_are_validated_like_the_model_says() {
    let emu = emu();
    emu.identity("GetId", json!({})).await.assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value null at 'identityPoolId' failed to satisfy \
             constraint: Member must not be null",
    );
    emu.identity("GetId", json!({"IdentityPoolId": "ap-northeast-1_Local"}))
        .await
        .assert_error(
            "InvalidParameterException",
            "1 validation error detected: Value 'ap-northeast-1_Local' at 'identityPoolId' \
             failed to satisfy constraint: Member must satisfy regular expression pattern: \
             [\\w-]+:[0-9a-f-]+",
        );
    let eleven: serde_json::Map<String, Value> = (0..11)
        .map(|i| (format!("provider{i}"), json!("token")))
        .collect();
    emu.get_id(Value::Object(eleven)).await.assert_error(
        "InvalidParameterException",
        "1 validation error detected: Value at 'logins' failed to satisfy constraint: \
             Member must have length less than or equal to 10",
    );
    emu.identity(
        "GetCredentialsForIdentity",
        json!({"IdentityId": "nope", "CustomRoleArn": "admin"}),
    )
    .await
    .assert_error(
        "InvalidParameterException",
        "3 validation errors detected: Value 'nope' at 'identityId' failed to satisfy \
         constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+; \
         Value 'admin' at 'customRoleArn' failed to satisfy constraint: Member must have \
         length greater than or equal to 20; Value 'admin' at 'customRoleArn' failed to \
         satisfy constraint: Member must satisfy regular expression pattern: \
         arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
    );
    let unknown = "ap-northeast-1:00000000-0000-4000-8000-000000000009";
    emu.identity("GetId", json!({"IdentityPoolId": unknown}))
        .await
        .assert_error(
            "ResourceNotFoundException",
            &format!("IdentityPool '{unknown}' not found."),
        );
    emu.identity("GetId", json!({"IdentityPoolId": IDENTITY_POOL_ID}))
        .await
        .assert_error(
            "NotAuthorizedException",
            "Unauthenticated access is not supported for this identity pool.",
        );
    emu.identity("GetOpenIdToken", json!({}))
        .await
        .assert_error(
            "UnknownOperationException",
            "The local Cognito emulator does not support the operation \
             \"AWSCognitoIdentityService.GetOpenIdToken\".",
        );
}

/// `GetId` without logins: a new guest identity.
async fn guest(emu: &Emu) -> String {
    let r = emu
        .identity("GetId", json!({"IdentityPoolId": IDENTITY_POOL_ID}))
        .await;
    r.ok()["IdentityId"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn guests_where_the_pool_allows_them_and_sign_in_links_the_guest() {
    let emu = emu_with(with_identity_pool(|c| {
        c.identity_pools[0].allow_unauthenticated_identities = true;
    }));
    let first = guest(&emu).await;
    assert_identity_id(&first);
    // Each call without logins is a new guest.
    assert_ne!(guest(&emu).await, first);
    emu.credentials(&first, json!({})).await.ok();
    assert_eq!(emu.last_role(&first).await, GUEST_ROLE);

    // The guest signs in: the identity becomes theirs.
    emu.confirmed_user("hanako@example.com").await;
    let id_token = emu.tokens("hanako@example.com").await["IdToken"].clone();
    emu.credentials(&first, json!({ PROVIDER: id_token }))
        .await
        .ok();
    assert_eq!(emu.last_role(&first).await, AUTHENTICATED_ROLE);
    assert_eq!(emu.identity_id(&id_token).await, first);
    emu.credentials(&first, json!({})).await.assert_error(
        "NotAuthorizedException",
        &format!("Access to Identity '{first}' is forbidden."),
    );
    // Another guest cannot take over a user who has an identity.
    let second = guest(&emu).await;
    emu.credentials(&second, json!({ PROVIDER: id_token }))
        .await
        .assert_error(
            "NotAuthorizedException",
            "Logins don't match. Please include at least one valid login for this identity or \
             identity pool.",
        );

    // Guests without a guest role, users without an authenticated role.
    let no_roles = emu_with(with_identity_pool(|c| {
        let pool = &mut c.identity_pools[0];
        pool.allow_unauthenticated_identities = true;
        pool.unauthenticated_role_arn = None;
        pool.authenticated_role_arn = None;
        pool.cognito_identity_providers[0].role_mapping = None;
    }));
    let guest_id = guest(&no_roles).await;
    let invalid = (
        "InvalidIdentityPoolConfigurationException",
        "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
    );
    no_roles
        .credentials(&guest_id, json!({}))
        .await
        .assert_error(invalid.0, invalid.1);
    let admin = no_roles.admin_id_token().await;
    let admin_id = no_roles.identity_id(&admin).await;
    no_roles
        .credentials(&admin_id, json!({ PROVIDER: admin }))
        .await
        .assert_error(invalid.0, invalid.1);
}

#[tokio::test]
async fn identity_pool_configuration_is_checked() {
    let seed = cognito_emulator::config::SEED_TOML;
    let cases = [
        (
            "id = \"ap-northeast-1:00000000-0000-4000-8000-000000000001\"",
            "id = \"ap-northeast-1:ABC\"",
            "identity pool id \"ap-northeast-1:ABC\" is not of the form <region>:<uuid>",
        ),
        (
            "provider_name = \"cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Local\"",
            "provider_name = \"cognito-idp.us-east-1.amazonaws.com/us-east-1_Nope\"",
            "is not one of the configured user pools",
        ),
        (
            "client_id = \"localclient\"",
            "client_id = \"nosuchclient\"",
            "client_id \"nosuchclient\" is not an app client of user pool ap-northeast-1_Local",
        ),
        (
            "authenticated_role_arn = \"arn:aws:iam::000000000000:role/LocalAuthenticated\"",
            "authenticated_role_arn = \"LocalAuthenticated\"",
            "authenticated_role_arn \"LocalAuthenticated\" is not an IAM role ARN",
        ),
        (
            "role_mapping = { type = \"Token\", ambiguous_role_resolution = \"AuthenticatedRole\" }",
            "role_mapping = { type = \"Rules\", ambiguous_role_resolution = \"Deny\" }",
            "role_mapping type \"Rules\" is not supported by the emulator",
        ),
        (
            "role_mapping = { type = \"Token\", ambiguous_role_resolution = \"AuthenticatedRole\" }",
            "role_mapping = { type = \"Token\" }",
            "missing field `ambiguous_role_resolution`",
        ),
        (
            "credentials_validity_seconds = 3600",
            "credentials_validity_seconds = 5",
            "identity pool ap-northeast-1:00000000-0000-4000-8000-000000000001: \
             credentials_validity_seconds = 5 is outside 10..=43200 seconds",
        ),
        (
            "credentials_validity_seconds = 3600",
            "credentials_validity_seconds = 43201",
            "credentials_validity_seconds = 43201 is outside 10..=43200 seconds",
        ),
        (
            "name = \"Local identity pool\"",
            "name = \"Local/pool\"",
            "name \"Local/pool\" must be 1..128 letters",
        ),
    ];
    for (from, to, expected) in cases {
        assert!(seed.contains(from), "{from}");
        let e = Config::from_toml_str(&seed.replacen(from, to, 1))
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "{to}: {e}");
    }
    // Without the line, credentials last an hour.
    let without =
        Config::from_toml_str(&seed.replacen("credentials_validity_seconds = 3600", "", 1))
            .unwrap();
    assert_eq!(without.identity_pools[0].credentials_validity_seconds, 3600);
    let seed = Config::seed();
    let pool = &seed.identity_pools[0];
    assert_eq!(pool.id, IDENTITY_POOL_ID);
    assert!(!pool.allow_unauthenticated_identities);
    assert_eq!(pool.cognito_identity_providers[0].provider_name, PROVIDER);
    assert_eq!(pool.cognito_identity_providers[0].client_id, CLIENT_ID);
    // The seed client allows the flows the tests above sign in with.
    assert!(seed.pools[0].clients[0].allows(ExplicitAuthFlow::UserPasswordAuth));
}
