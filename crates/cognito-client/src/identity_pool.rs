//! Amazon Cognito identity pools (`cognito-identity`): temporary AWS
//! credentials for a signed-in user, from the user pool ID token
//! (docs/cognito-protocol.md §6). `GetId` once, then
//! `GetCredentialsForIdentity` whenever the credentials are about to expire.
//! Both are unsigned JSON 1.1 calls (`AWSCognitoIdentityService.*`).

use crate::client::{aws_json_request, region_before, service_endpoint};
use crate::error::CognitoError;
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::secret::{secret, IdToken};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

secret!(
    /// `Credentials.SecretKey`: signs AWS requests; never shown or logged.
    SecretKey
);
secret!(
    /// `Credentials.SessionToken`: goes with every signed AWS request.
    SessionToken
);

/// `https://cognito-identity.{region}.amazonaws.com/` (§6).
pub fn identity_endpoint(region: &str) -> String {
    service_endpoint("cognito-identity", region)
}

/// The region of an identity pool id: the part before `:` (§6).
pub fn region_of_identity_pool(identity_pool_id: &str) -> Option<&str> {
    region_before(identity_pool_id, ':')
}

/// The `Logins` key of a user pool: its issuer without the scheme,
/// `cognito-idp.{region}.amazonaws.com/{userPoolId}` on AWS (§6, as Amplify
/// builds it).
pub fn logins_key(issuer: &str) -> &str {
    issuer
        .strip_prefix("https://")
        .or_else(|| issuer.strip_prefix("http://"))
        .unwrap_or(issuer)
}

/// `Logins`: provider name → ID token. Serialised as the map; `Debug`
/// shows only the provider names.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Logins(pub BTreeMap<String, IdToken>);

impl Logins {
    /// One user pool's ID token under its key ([`logins_key`]).
    pub fn user_pool(issuer: &str, id_token: &IdToken) -> Self {
        let mut map = BTreeMap::new();
        map.insert(logins_key(issuer).to_owned(), id_token.clone());
        Logins(map)
    }
}

impl std::fmt::Debug for Logins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl Serialize for Logins {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// One `cognito-identity` operation.
pub trait IdentityOperation: Serialize {
    /// The name after `AWSCognitoIdentityService.`.
    const NAME: &'static str;
    /// The response shape.
    type Output: DeserializeOwned;
}

/// `GetId`: the identity of the user whose login is given, made on first use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetId {
    /// `IdentityPoolId`: `region:uuid`.
    pub identity_pool_id: String,
    /// `Logins`: the user pool ID token.
    pub logins: Logins,
}

/// The answer to `GetId`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdResponse {
    /// `IdentityId`: `region:uuid`, the same for a user every time.
    pub identity_id: String,
}

impl IdentityOperation for GetId {
    const NAME: &'static str = "GetId";
    type Output = GetIdResponse;
}

/// `GetCredentialsForIdentity`: temporary credentials for the identity,
/// with the same login again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentity {
    /// `IdentityId`: from `GetId`.
    pub identity_id: String,
    /// `Logins`: the same user pool ID token (a fresh one).
    pub logins: Logins,
}

/// `Credentials`: temporary AWS credentials (STS-style).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AwsCredentials {
    /// `AccessKeyId`: `ASIA…`; not secret on its own.
    pub access_key_id: String,
    /// `SecretKey`.
    pub secret_key: SecretKey,
    /// `SessionToken`.
    pub session_token: SessionToken,
    /// `Expiration`: epoch seconds, a JSON number that may have a fraction
    /// (the awsJson timestamp format, §6).
    pub expiration: f64,
}

impl AwsCredentials {
    /// `Expiration`, whole epoch seconds (rounded down: expire early, never late).
    pub fn expires_at(&self) -> i64 {
        self.expiration.floor() as i64
    }
}

/// The answer to `GetCredentialsForIdentity`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityResponse {
    /// `IdentityId`.
    pub identity_id: String,
    /// `Credentials`.
    pub credentials: AwsCredentials,
}

impl IdentityOperation for GetCredentialsForIdentity {
    const NAME: &'static str = "GetCredentialsForIdentity";
    type Output = GetCredentialsForIdentityResponse;
}

/// Renew credentials this long before `Expiration` at most.
pub const MAX_RENEW_MARGIN_SECONDS: i64 = 300;

/// When to fetch credentials again: five minutes before `Expiration`, or a
/// quarter of their remaining life when that is shorter (`now` is when they
/// were received).
pub fn renew_credentials_at(now: i64, expires_at: i64) -> i64 {
    let life = (expires_at - now).max(0);
    expires_at - (life / 4).min(MAX_RENEW_MARGIN_SECONDS)
}

/// The request for one operation: `POST` with the JSON 1.1 headers, no
/// signature (the operations are public, §6).
pub fn build_identity_request<O: IdentityOperation>(endpoint: &str, operation: &O) -> HttpRequest {
    aws_json_request(endpoint, "AWSCognitoIdentityService", O::NAME, operation)
}

/// Parses an answer: 2xx into the output shape, anything else into a
/// [`CognitoError`] (the same `__type`/`message` errors as the user pool
/// API). A body that does not parse is never quoted: it may hold credentials.
pub fn parse_identity_response<O: IdentityOperation>(
    response: &HttpResponse,
) -> Result<O::Output, CognitoError> {
    if !(200..300).contains(&response.status) {
        return Err(CognitoError::from_response(response));
    }
    serde_json::from_str(&response.body).map_err(|e| CognitoError::Decode {
        status: response.status,
        message: format!(
            "{} response did not parse ({:?} error at line {} column {}; {} bytes)",
            O::NAME,
            e.classify(),
            e.line(),
            e.column(),
            response.body.len()
        ),
    })
}

/// An identity pool reached through `transport`.
#[derive(Clone, Debug)]
pub struct IdentityPoolClient<T> {
    transport: T,
    endpoint: String,
    identity_pool_id: String,
}

impl<T: Transport> IdentityPoolClient<T> {
    /// A client for `identity_pool_id` at `endpoint`
    /// ([`identity_endpoint`], or the local emulator).
    pub fn new(
        transport: T,
        endpoint: impl Into<String>,
        identity_pool_id: impl Into<String>,
    ) -> Self {
        Self {
            transport,
            endpoint: endpoint.into(),
            identity_pool_id: identity_pool_id.into(),
        }
    }

    /// The `cognito-identity` endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Sends any operation.
    pub async fn send<O: IdentityOperation>(
        &self,
        operation: &O,
    ) -> Result<O::Output, CognitoError> {
        let response = self
            .transport
            .send(build_identity_request(&self.endpoint, operation))
            .await
            .map_err(|e| CognitoError::Transport {
                endpoint: self.endpoint.clone(),
                message: e.message,
            })?;
        parse_identity_response::<O>(&response)
    }

    /// `GetId` for the user whose ID token `logins` holds.
    pub async fn get_id(&self, logins: &Logins) -> Result<String, CognitoError> {
        self.send(&GetId {
            identity_pool_id: self.identity_pool_id.clone(),
            logins: logins.clone(),
        })
        .await
        .map(|r| r.identity_id)
    }

    /// `GetCredentialsForIdentity` for `identity_id`, with the same login.
    pub async fn get_credentials_for_identity(
        &self,
        identity_id: &str,
        logins: &Logins,
    ) -> Result<AwsCredentials, CognitoError> {
        self.send(&GetCredentialsForIdentity {
            identity_id: identity_id.to_owned(),
            logins: logins.clone(),
        })
        .await
        .map(|r| r.credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";

    #[test]
    fn endpoints_regions_and_logins_keys() {
        assert_eq!(
            identity_endpoint("ap-northeast-1"),
            "https://cognito-identity.ap-northeast-1.amazonaws.com/"
        );
        assert_eq!(
            identity_endpoint("cn-north-1"),
            "https://cognito-identity.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(
            region_of_identity_pool("us-east-1:4fa5e4b1-0000-4000-8000-000000000001"),
            Some("us-east-1")
        );
        assert_eq!(region_of_identity_pool("nocolon"), None);
        assert_eq!(region_of_identity_pool(":x"), None);
        assert_eq!(
            logins_key(ISSUER),
            "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"
        );
        assert_eq!(
            logins_key("http://127.0.0.1:9229/ap-northeast-1_Local"),
            "127.0.0.1:9229/ap-northeast-1_Local"
        );
    }

    /// Request syntax of the GetId and GetCredentialsForIdentity API
    /// references; the ID token never shows in `Debug`.
    #[test]
    fn requests_serialise_like_the_api_reference() {
        let logins = Logins::user_pool(ISSUER, &IdToken::new("eyJ.id.token"));
        let get_id = GetId {
            identity_pool_id: "us-east-1:4fa5e4b1-0000-4000-8000-000000000001".into(),
            logins: logins.clone(),
        };
        let request =
            build_identity_request("https://cognito-identity.us-east-1.amazonaws.com/", &get_id);
        assert_eq!(request.method, "POST");
        assert!(request
            .headers
            .contains(&("X-Amz-Target", "AWSCognitoIdentityService.GetId".into())));
        assert!(request
            .headers
            .contains(&("Content-Type", "application/x-amz-json-1.1".into())));
        assert!(request.headers.iter().all(|(k, _)| *k != "Authorization"));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&request.body).unwrap(),
            json!({
                "IdentityPoolId": "us-east-1:4fa5e4b1-0000-4000-8000-000000000001",
                "Logins": {"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123": "eyJ.id.token"}
            })
        );
        let creds = GetCredentialsForIdentity {
            identity_id: "us-east-1:a1b2".into(),
            logins,
        };
        assert_eq!(
            serde_json::to_value(&creds).unwrap(),
            json!({
                "IdentityId": "us-east-1:a1b2",
                "Logins": {"cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123": "eyJ.id.token"}
            })
        );
        let debug = format!("{get_id:?} {creds:?}");
        assert!(!debug.contains("eyJ.id.token"), "{debug}");
        assert!(debug.contains("cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123"));
    }

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.into(),
        }
    }

    /// Response syntax of GetCredentialsForIdentity: `Expiration` is a
    /// number of epoch seconds, possibly with a fraction.
    #[test]
    fn credentials_parse_and_hide_their_secrets() {
        let answer = response(
            200,
            r#"{"IdentityId":"us-east-1:a1b2","Credentials":{"AccessKeyId":"ASIAEXAMPLE",
               "SecretKey":"wJalrXUtnFEMI/K7MDENG","SessionToken":"IQoJb3JpZ2luX2VjE",
               "Expiration":1754031234.567}}"#,
        );
        let parsed = parse_identity_response::<GetCredentialsForIdentity>(&answer).unwrap();
        let c = &parsed.credentials;
        assert_eq!(c.access_key_id, "ASIAEXAMPLE");
        assert_eq!(c.secret_key.expose(), "wJalrXUtnFEMI/K7MDENG");
        assert_eq!(c.expires_at(), 1_754_031_234);
        let debug = format!("{parsed:?}");
        assert!(
            !debug.contains("wJalr") && !debug.contains("IQoJ"),
            "{debug}"
        );
        let whole: GetCredentialsForIdentityResponse = serde_json::from_str(
            r#"{"IdentityId":"x:y","Credentials":{"AccessKeyId":"A","SecretKey":"s","SessionToken":"t","Expiration":1700000000}}"#,
        )
        .unwrap();
        assert_eq!(whole.credentials.expires_at(), 1_700_000_000);
        let id =
            parse_identity_response::<GetId>(&response(200, r#"{"IdentityId":"us-east-1:a1b2"}"#));
        assert_eq!(id.unwrap().identity_id, "us-east-1:a1b2");
    }

    #[test]
    fn errors_are_awss_and_bad_answers_are_not_quoted() {
        let refused = response(
            400,
            r#"{"__type":"NotAuthorizedException","message":"Invalid login token. Token expired: 1700000100 >= 1700000000"}"#,
        );
        let e = parse_identity_response::<GetId>(&refused).unwrap_err();
        assert_eq!(e.kind(), Some(&ErrorKind::NotAuthorized));
        let garbled = response(
            200,
            r#"{"IdentityId":"x","Credentials":{"SecretKey":"TOP-SECRET"}}"#,
        );
        let e = parse_identity_response::<GetCredentialsForIdentity>(&garbled).unwrap_err();
        assert!(matches!(e, CognitoError::Decode { status: 200, .. }));
        assert!(!e.to_string().contains("TOP-SECRET"), "{e}");
    }

    #[test]
    fn credentials_are_renewed_five_minutes_early_or_a_quarter_of_their_life() {
        assert_eq!(renew_credentials_at(0, 3600), 3300);
        assert_eq!(renew_credentials_at(0, 400), 300);
        assert_eq!(renew_credentials_at(100, 120), 115);
        assert_eq!(renew_credentials_at(100, 90), 90);
    }
}
