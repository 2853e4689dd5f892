//! The emulator's configuration: user pools and their app clients, read from
//! TOML (`seed.toml` is the built-in default and the commented reference).
//!
//! Names follow the Cognito API (`CreateUserPool`, `CreateUserPoolClient`) in
//! snake_case so a reader can map each field to the AWS documentation.

mod identity_pool;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::password_policy::PasswordPolicy;
use crate::triggers::lambda_config::{validate_endpoint, LambdaConfig};
use crate::usernames::{is_phone_number, SignIn, SignInAttribute};

pub use identity_pool::{
    cognito_provider_name, is_identity_id, AmbiguousRoleResolution, CognitoIdentityProviderConfig,
    IdentityPoolConfig, RoleMappingConfig, RoleMappingType, CREDENTIALS_VALIDITY_RANGE,
    DEFAULT_CREDENTIALS_VALIDITY_SECONDS,
};

/// The built-in seed configuration (`crates/cognito-emulator/seed.toml`).
pub const SEED_TOML: &str = include_str!("../seed.toml");

/// Standard user pool attributes (OIDC standard claims plus Cognito's own),
/// Developer Guide "Working with user attributes".
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "sub",
    "updated_at",
    "website",
    "zoneinfo",
];

/// The whole emulator configuration.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The base URL of a Lambda Invoke API (`POST
    /// /2015-03-31/functions/{name}/invocations`) where triggers named by
    /// function ARN are invoked: `sam local start-lambda` serves one at
    /// `http://127.0.0.1:3001`, LocalStack at `http://localhost:4566`. The
    /// command line's `--lambda-endpoint` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_endpoint: Option<String>,
    /// The user pools to serve; at least one.
    pub pools: Vec<PoolConfig>,
    /// Identity pools (`cognito-identity`) that turn the user pools' ID
    /// tokens into temporary AWS credentials.
    #[serde(default)]
    pub identity_pools: Vec<IdentityPoolConfig>,
}

/// One user pool.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolConfig {
    /// `{region}_{suffix}`, e.g. `ap-northeast-1_Local`; the region part shows
    /// up in nothing but the id, as with AWS.
    pub id: String,
    /// The pool's display name.
    pub name: String,
    /// `UsernameAttributes`: `email` and/or `phone_number`, what users sign
    /// up and sign in with instead of a username; their internal username
    /// is a UUID. Left out, `["email"]`, unless `alias_attributes` makes
    /// this a username pool; `[]` with no aliases is a pool of plain
    /// usernames. See [`crate::usernames`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_attributes: Option<Vec<SignInAttribute>>,
    /// `AliasAttributes` of a username pool: `email`, `phone_number` and/or
    /// `preferred_username`, which also sign in (e-mail and phone once
    /// verified). Not together with `username_attributes`, as on AWS.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alias_attributes: Vec<SignInAttribute>,
    /// `UsernameConfiguration.CaseSensitive`. False (the default here and in
    /// the AWS console; `CreateUserPool` without it makes a case-sensitive
    /// pool): usernames, e-mail addresses and preferred usernames are found
    /// whatever their case.
    #[serde(default)]
    pub username_case_sensitive: bool,
    /// Attributes `SignUp` must carry (`SchemaAttributeType.Required`).
    #[serde(default)]
    pub required_attributes: Vec<String>,
    /// `Policies.PasswordPolicy` (`[pools.password_policy]`): what new
    /// passwords must meet.
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    /// `MfaConfiguration`: `OFF`, `OPTIONAL` or `ON`. TOTP (software token)
    /// is the only factor; it is enabled for the pool by `OPTIONAL` and `ON`
    /// ([`PoolConfig::software_token_mfa_enabled`]).
    #[serde(default)]
    pub mfa_configuration: MfaConfiguration,
    /// `LambdaConfig`: the pool's Lambda triggers (function ARNs, or
    /// `http://` URLs). `UpdateUserPool` replaces it at run time.
    #[serde(default)]
    pub lambda_config: LambdaConfig,
    /// Built-in stand-in for a PreSignUp Lambda trigger; a PreSignUp
    /// function in `lambda_config` runs instead of it.
    #[serde(default)]
    pub pre_sign_up: PreSignUpConfig,
    /// Built-in stand-in for a PostConfirmation Lambda trigger; a
    /// PostConfirmation function in `lambda_config` runs instead of it.
    #[serde(default)]
    pub post_confirmation: PostConfirmationConfig,
    /// User pool groups (`CreateGroup`), created at start-up when missing
    /// and brought in line with this configuration when present.
    #[serde(default)]
    pub groups: Vec<GroupConfig>,
    /// Users created at start-up when no user has their e-mail address:
    /// `CONFIRMED`, `email_verified` true. Existing users are left alone.
    #[serde(default)]
    pub users: Vec<SeedUserConfig>,
    /// App clients of this pool.
    #[serde(default)]
    pub clients: Vec<ClientConfig>,
    /// External identity providers (`CreateIdentityProvider`), played by the
    /// emulator's mock account choosers at `/_mock/{name}/authorize`.
    #[serde(default)]
    pub identity_providers: Vec<IdentityProviderConfig>,
}

impl PoolConfig {
    /// `UsernameAttributes` in force: as configured, or `["email"]` when
    /// neither it nor `alias_attributes` is given.
    pub fn username_attributes(&self) -> &[SignInAttribute] {
        match &self.username_attributes {
            Some(list) => list,
            None if self.alias_attributes.is_empty() => &[SignInAttribute::Email],
            None => &[],
        }
    }

    /// How the pool names its users.
    pub fn sign_in(&self) -> SignIn<'_> {
        SignIn {
            username_attributes: self.username_attributes(),
            alias_attributes: &self.alias_attributes,
            case_sensitive: self.username_case_sensitive,
        }
    }

    /// `AutoVerifiedAttributes`, as the emulator derives them: the e-mail
    /// address and phone number the pool signs in with (a code goes out at
    /// sign-up to verify them), or the e-mail address when it signs in with
    /// neither.
    pub fn auto_verified_attributes(&self) -> Vec<SignInAttribute> {
        let mut list: Vec<SignInAttribute> = self
            .sign_in()
            .attributes()
            .iter()
            .copied()
            .filter(|a| *a != SignInAttribute::PreferredUsername)
            .collect();
        if list.is_empty() {
            list.push(SignInAttribute::Email);
        }
        list.sort();
        list
    }

    /// `SoftwareTokenMfaConfiguration.Enabled`, implied here by an
    /// `mfa_configuration` of `OPTIONAL` or `ON` (the emulator has no SMS or
    /// e-mail factor, so TOTP is the factor those settings enable).
    pub fn software_token_mfa_enabled(&self) -> bool {
        self.mfa_configuration != MfaConfiguration::Off
    }

    /// The external identity provider with this `ProviderName`.
    pub fn identity_provider(&self, name: &str) -> Option<&IdentityProviderConfig> {
        self.identity_providers.iter().find(|p| p.name == name)
    }

    /// The external identity provider that lists `identifier` among its
    /// `IdpIdentifiers` (the authorize endpoint's `idp_identifier`).
    pub fn identity_provider_by_identifier(
        &self,
        identifier: &str,
    ) -> Option<&IdentityProviderConfig> {
        self.identity_providers
            .iter()
            .find(|p| p.idp_identifiers.iter().any(|i| i == identifier))
    }
}

/// `IdentityProviderTypeType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdentityProviderType {
    /// `Google`: Sign in with Google.
    Google,
    /// `Facebook`.
    Facebook,
    /// `LoginWithAmazon`.
    LoginWithAmazon,
    /// `SignInWithApple`.
    SignInWithApple,
    /// `OIDC`: any OpenID Connect provider.
    #[serde(rename = "OIDC")]
    Oidc,
    /// `SAML`: a SAML 2.0 identity provider.
    #[serde(rename = "SAML")]
    Saml,
}

impl IdentityProviderType {
    /// The `providerType` of the `identities` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityProviderType::Google => "Google",
            IdentityProviderType::Facebook => "Facebook",
            IdentityProviderType::LoginWithAmazon => "LoginWithAmazon",
            IdentityProviderType::SignInWithApple => "SignInWithApple",
            IdentityProviderType::Oidc => "OIDC",
            IdentityProviderType::Saml => "SAML",
        }
    }

    /// Social providers must be named after their type (`Google`, ...).
    fn is_social(self) -> bool {
        !matches!(
            self,
            IdentityProviderType::Oidc | IdentityProviderType::Saml
        )
    }
}

/// The claims a mock provider account has, and so the values
/// `attribute_mapping` may name.
pub const MOCK_PROVIDER_CLAIMS: &[&str] = &["sub", "email", "name", "email_verified"];

/// One external identity provider of a pool, with the accounts its mock
/// account chooser offers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityProviderConfig {
    /// `ProviderName`, e.g. `Google` or `Corporate`; federated users are
    /// named `{ProviderName}_{provider user id}`.
    pub name: String,
    /// `ProviderType`: `Google`, `OIDC`, ... (TOML key `type`).
    #[serde(rename = "type")]
    pub provider_type: IdentityProviderType,
    /// `AttributeMapping`: user pool attribute -> provider claim (one of
    /// [`MOCK_PROVIDER_CLAIMS`]). `username` names the claim that identifies
    /// the provider's user; it defaults to `sub`.
    #[serde(default)]
    pub attribute_mapping: BTreeMap<String, String>,
    /// `IdpIdentifiers`, matched by the authorize endpoint's `idp_identifier`.
    #[serde(default)]
    pub idp_identifiers: Vec<String>,
    /// Accounts the mock chooser lists (others can be typed in on the page).
    #[serde(default)]
    pub accounts: Vec<MockAccount>,
}

impl IdentityProviderConfig {
    /// The provider claim that identifies its user (`username` mapping).
    pub fn user_id_claim(&self) -> &str {
        self.attribute_mapping
            .get("username")
            .map_or("sub", String::as_str)
    }
}

/// An account at a mock external identity provider.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MockAccount {
    /// The provider's stable user id (Google: a decimal number).
    pub sub: String,
    /// The provider's `email` claim.
    pub email: String,
    /// The provider's `name` claim (display name); empty when not given.
    #[serde(default)]
    pub name: String,
    /// The provider's `email_verified` claim.
    #[serde(default = "yes")]
    pub email_verified: bool,
}

/// `UserPoolMfaType`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MfaConfiguration {
    /// `OFF` (the default): no second factor.
    #[default]
    #[serde(rename = "OFF")]
    Off,
    /// `ON`: every user signs in with a TOTP code, and one without a key
    /// sets it up during sign-in (`MFA_SETUP`).
    #[serde(rename = "ON")]
    On,
    /// `OPTIONAL`: users who enabled TOTP are asked for a code.
    #[serde(rename = "OPTIONAL")]
    Optional,
}

/// Rules a PreSignUp Lambda would typically implement, as configuration.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreSignUpConfig {
    /// E-mail domains allowed to sign up (exact match, case-insensitive);
    /// empty allows any domain.
    #[serde(default)]
    pub allowed_email_domains: Vec<String>,
    /// The trigger's `autoConfirmUser`.
    #[serde(default)]
    pub auto_confirm: bool,
    /// The trigger's `autoVerifyEmail`.
    #[serde(default)]
    pub auto_verify_email: bool,
}

/// What a PostConfirmation Lambda trigger typically does, as configuration
/// (Developer Guide, "Post confirmation Lambda trigger": it runs after a
/// user who signed up is confirmed, not for users an administrator created).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostConfirmationConfig {
    /// A group (one of the pool's `groups`) each user who signed up is put
    /// in when confirmed: by `ConfirmSignUp`, or at `SignUp` when
    /// `pre_sign_up.auto_confirm` is on.
    #[serde(default)]
    pub default_group: Option<String>,
}

/// One user pool group (`CreateGroup`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupConfig {
    /// `GroupName`: 1..128 characters without whitespace.
    pub name: String,
    /// `Description`.
    #[serde(default)]
    pub description: Option<String>,
    /// `Precedence`: 0 (highest) .. 2^31-1; unset loses to any value.
    #[serde(default)]
    pub precedence: Option<u32>,
    /// `RoleArn`: the IAM role members get in `cognito:roles` and, by
    /// precedence, `cognito:preferred_role`.
    #[serde(default)]
    pub role_arn: Option<String>,
}

/// A user the emulator creates at start-up, `CONFIRMED`, with its e-mail
/// address and phone number verified.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUserConfig {
    /// The username, in a username pool (one without `username_attributes`);
    /// pools that sign in by e-mail or phone make a UUID of it themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The phone number, E.164 (`+` and digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Must meet the pool's password policy.
    pub password: String,
    /// Other attributes (standard or `custom:`), e.g. `{ name = "..." }`.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Names of the pool's `groups` the user is a member of.
    #[serde(default)]
    pub groups: Vec<String>,
}

impl SeedUserConfig {
    /// What the user signs in with: the username, else the e-mail address,
    /// else the phone number.
    pub fn sign_in_name(&self) -> &str {
        self.username
            .as_deref()
            .or(self.email.as_deref())
            .or(self.phone_number.as_deref())
            .unwrap_or_default()
    }
}

/// `ExplicitAuthFlowsType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExplicitAuthFlow {
    /// `ALLOW_USER_PASSWORD_AUTH`: `InitiateAuth` with the plain password
    /// (`USER_PASSWORD_AUTH`).
    #[serde(rename = "ALLOW_USER_PASSWORD_AUTH")]
    UserPasswordAuth,
    /// `ALLOW_USER_SRP_AUTH`: `InitiateAuth` with SRP (`USER_SRP_AUTH`).
    #[serde(rename = "ALLOW_USER_SRP_AUTH")]
    UserSrpAuth,
    /// `ALLOW_REFRESH_TOKEN_AUTH`: new tokens from a refresh token
    /// (`REFRESH_TOKEN_AUTH`).
    #[serde(rename = "ALLOW_REFRESH_TOKEN_AUTH")]
    RefreshTokenAuth,
    /// `ALLOW_CUSTOM_AUTH`: Lambda-driven custom challenges. Accepted, but
    /// the emulator does not implement `CUSTOM_AUTH`.
    #[serde(rename = "ALLOW_CUSTOM_AUTH")]
    CustomAuth,
    /// `ALLOW_USER_AUTH`: choice-based sign-in. Accepted, but the emulator
    /// does not implement `USER_AUTH`.
    #[serde(rename = "ALLOW_USER_AUTH")]
    UserAuth,
    /// `ALLOW_ADMIN_USER_PASSWORD_AUTH`: server-side sign-in with
    /// `AdminInitiateAuth`, which the emulator does not implement.
    #[serde(rename = "ALLOW_ADMIN_USER_PASSWORD_AUTH")]
    AdminUserPasswordAuth,
}

/// `OAuthFlowType` (`AllowedOAuthFlows`). The emulator implements `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OAuthFlow {
    /// `code`: the authorization code grant (PKCE when the client sends a
    /// `code_challenge`).
    #[serde(rename = "code")]
    Code,
    /// `implicit`: tokens in the redirect's fragment. Refused by the
    /// emulator.
    #[serde(rename = "implicit")]
    Implicit,
    /// `client_credentials`: machine-to-machine tokens. Refused by the
    /// emulator.
    #[serde(rename = "client_credentials")]
    ClientCredentials,
}

/// The scopes a client may be allowed without a resource server.
pub const OAUTH_SCOPES: &[&str] = &[
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];

/// One app client (`UserPoolClientType`). `UpdateUserPoolClient` replaces
/// its settings at run time (see [`crate::pool_settings`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The `ClientId` (`[\w+]+`, 1..128).
    pub id: String,
    /// `ClientName`.
    #[serde(default)]
    pub name: String,
    /// `ExplicitAuthFlows`: the sign-in flows the client may start with
    /// `InitiateAuth`.
    #[serde(default)]
    pub explicit_auth_flows: Vec<ExplicitAuthFlow>,
    /// `PreventUserExistenceErrors = ENABLED` (true) or `LEGACY` (false).
    #[serde(default = "yes")]
    pub prevent_user_existence_errors: bool,
    /// Seconds; Cognito allows 5 minutes to 1 day. The emulator also takes
    /// 10..300 for tests (emulator-only: AWS would refuse such a client).
    #[serde(default = "one_hour")]
    pub access_token_validity_seconds: u32,
    /// Seconds; as `access_token_validity_seconds`.
    #[serde(default = "one_hour")]
    pub id_token_validity_seconds: u32,
    /// Seconds; Cognito allows 60 minutes to 10 years.
    #[serde(default = "thirty_days")]
    pub refresh_token_validity_seconds: u32,
    /// `AuthSessionValidity`: how long a challenge `Session` (MFA) lasts, in
    /// seconds. Cognito allows 180..=900 (3 to 15 minutes, default 3); the
    /// emulator also takes 1..180 so tests can reach expiry quickly
    /// (emulator-only: AWS would refuse such a client).
    #[serde(default = "three_minutes")]
    pub auth_session_validity_seconds: u32,
    /// `CallbackURLs`: where `/oauth2/authorize` may send the browser back;
    /// a `redirect_uri` must equal one exactly.
    #[serde(default)]
    pub callback_urls: Vec<String>,
    /// `LogoutURLs`: where `/logout` may send the browser (`logout_uri`,
    /// exact match).
    #[serde(default)]
    pub logout_urls: Vec<String>,
    /// `AllowedOAuthFlows`; empty = the hosted UI is off for this client.
    #[serde(default)]
    pub allowed_oauth_flows: Vec<OAuthFlow>,
    /// `AllowedOAuthScopes`, from [`OAUTH_SCOPES`].
    #[serde(default)]
    pub allowed_oauth_scopes: Vec<String>,
    /// `SupportedIdentityProviders`: `COGNITO` and/or names of the pool's
    /// `identity_providers`.
    #[serde(default)]
    pub supported_identity_providers: Vec<String>,
}

fn yes() -> bool {
    true
}
fn one_hour() -> u32 {
    3600
}
fn thirty_days() -> u32 {
    30 * 24 * 3600
}
fn three_minutes() -> u32 {
    180
}

impl ClientConfig {
    /// Whether `flow` is among `ExplicitAuthFlows`.
    pub fn allows(&self, flow: ExplicitAuthFlow) -> bool {
        self.explicit_auth_flows.contains(&flow)
    }

    /// Whether `flow` is among `AllowedOAuthFlows`.
    pub fn allows_oauth_flow(&self, flow: OAuthFlow) -> bool {
        self.allowed_oauth_flows.contains(&flow)
    }

    /// Whether `provider` (`COGNITO` or a provider name) is among
    /// `SupportedIdentityProviders`.
    pub fn supports_identity_provider(&self, provider: &str) -> bool {
        self.supported_identity_providers
            .iter()
            .any(|p| p == provider)
    }
}

impl Config {
    /// The configuration built into the binary (`seed.toml`).
    pub fn seed() -> Config {
        Config::from_toml_str(SEED_TOML).expect("the built-in seed.toml is valid")
    }

    /// Parses and validates a TOML configuration.
    pub fn from_toml_str(toml_text: &str) -> Result<Config, Error> {
        Self::parse(toml_text, "the TOML configuration")
    }

    /// Reads, parses and validates a TOML configuration file.
    pub fn from_file(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            source_name: path.display().to_string(),
            message: format!("cannot read the file: {e}"),
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    fn parse(toml_text: &str, source_name: &str) -> Result<Config, Error> {
        let err = |message: String| Error::Config {
            source_name: source_name.to_owned(),
            message,
        };
        let config: Config = toml::from_str(toml_text).map_err(|e| err(e.to_string()))?;
        config.validate().map_err(err)?;
        Ok(config)
    }

    /// Checks values against Cognito's own limits, so a config that works
    /// here would also be accepted by AWS.
    pub fn validate(&self) -> Result<(), String> {
        if self.pools.is_empty() {
            return Err("no [[pools]] are configured; add at least one".into());
        }
        if let Some(endpoint) = &self.lambda_endpoint {
            validate_endpoint(endpoint)?;
        }
        let mut pool_ids = BTreeSet::new();
        let mut client_ids = BTreeSet::new();
        for pool in &self.pools {
            let id = &pool.id;
            if !is_pool_id(id) {
                return Err(format!(
                    "pool id {id:?} is not of the form <region>_<suffix> (e.g. \"ap-northeast-1_Local\")"
                ));
            }
            if !pool_ids.insert(id) {
                return Err(format!("pool id {id:?} is used twice"));
            }
            validate_sign_in(pool)?;
            for attr in &pool.required_attributes {
                if !STANDARD_ATTRIBUTES.contains(&attr.as_str()) {
                    return Err(format!(
                        "pool {id}: required attribute {attr:?} is not a standard attribute"
                    ));
                }
            }
            pool.password_policy
                .validate()
                .map_err(|e| format!("pool {id}: {e}"))?;
            pool.lambda_config
                .validate(self.lambda_endpoint.is_some())
                .map_err(|e| format!("pool {id}: {e}"))?;
            for domain in &pool.pre_sign_up.allowed_email_domains {
                if domain.is_empty() || domain.contains('@') {
                    return Err(format!(
                        "pool {id}: allowed_email_domains entry {domain:?} must be a bare domain such as \"example.com\""
                    ));
                }
            }
            validate_groups_and_users(pool)?;
            let mut provider_names = BTreeSet::new();
            for provider in &pool.identity_providers {
                validate_identity_provider(id, provider)?;
                if !provider_names.insert(&provider.name) {
                    return Err(format!(
                        "pool {id}: identity provider {:?} is configured twice",
                        provider.name
                    ));
                }
            }
            for client in &pool.clients {
                validate_client(id, client)?;
                validate_client_oauth(pool, client)?;
                if !client_ids.insert(&client.id) {
                    return Err(format!("client id {:?} is used twice", client.id));
                }
            }
        }
        let user_pools = self
            .pools
            .iter()
            .map(|p| {
                (
                    p.id.as_str(),
                    p.clients.iter().map(|c| c.id.as_str()).collect(),
                )
            })
            .collect();
        identity_pool::validate(&self.identity_pools, &user_pools, is_role_arn)
    }

    /// The identity pool with this id.
    pub fn identity_pool(&self, id: &str) -> Option<&IdentityPoolConfig> {
        self.identity_pools.iter().find(|p| p.id == id)
    }

    /// The pool with this id.
    pub fn pool(&self, pool_id: &str) -> Option<&PoolConfig> {
        self.pools.iter().find(|p| p.id == pool_id)
    }

    /// The app client with this id and its pool.
    pub fn client(&self, client_id: &str) -> Option<(&PoolConfig, &ClientConfig)> {
        self.pools
            .iter()
            .find_map(|p| p.clients.iter().find(|c| c.id == client_id).map(|c| (p, c)))
    }
}

/// `GroupNameType`: `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`, 1..128 characters.
pub fn is_group_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 128
        && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `ArnType`, e.g. `arn:aws:iam::123456789012:role/Admin`: 20..2048
/// characters, `arn:<partition>:<service>:<region?>:<account digits>:<resource>`.
pub fn is_role_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let allowed = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=/,.@-:".contains(c))
    };
    (20..=2048).contains(&arn.len())
        && parts.len() == 6
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && !parts[2].is_empty()
        && !parts[4].is_empty()
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && !parts[5].is_empty()
        && parts.iter().all(|p| allowed(p))
}

fn validate_groups_and_users(pool: &PoolConfig) -> Result<(), String> {
    let id = &pool.id;
    let mut names = BTreeSet::new();
    for g in &pool.groups {
        if !is_group_name(&g.name) {
            return Err(format!(
                "pool {id}: group name {:?} must be 1..128 characters without whitespace",
                g.name
            ));
        }
        if !names.insert(g.name.as_str()) {
            return Err(format!("pool {id}: group {:?} is configured twice", g.name));
        }
        if g.description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 2048)
        {
            return Err(format!(
                "pool {id}: group {}: description is longer than 2048 characters",
                g.name
            ));
        }
        if g.precedence.is_some_and(|p| p > i32::MAX as u32) {
            return Err(format!(
                "pool {id}: group {}: precedence must be 0 to 2147483647",
                g.name
            ));
        }
        if let Some(arn) = &g.role_arn {
            if !is_role_arn(arn) {
                return Err(format!(
                    "pool {id}: group {}: role_arn {arn:?} is not an IAM role ARN such as \
                     \"arn:aws:iam::123456789012:role/Admin\"",
                    g.name
                ));
            }
        }
    }
    if let Some(group) = &pool.post_confirmation.default_group {
        if !names.contains(group.as_str()) {
            return Err(format!(
                "pool {id}: post_confirmation.default_group {group:?} is not one of the pool's \
                 [[pools.groups]]; add the group or remove the setting"
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for u in &pool.users {
        validate_seed_user_names(pool, u)?;
        let who = u.sign_in_name();
        if !seen.insert(who.to_lowercase()) {
            return Err(format!("pool {id}: seed user {who} is configured twice"));
        }
        if let Some(rule) = pool.password_policy.first_violation(&u.password) {
            return Err(format!(
                "pool {id}: seed user {who}: the password does not meet the pool's password \
                 policy ({rule})"
            ));
        }
        for name in u.attributes.keys() {
            let custom = name
                .strip_prefix("custom:")
                .is_some_and(|n| !n.is_empty() && n.chars().count() <= 20);
            if matches!(
                name.as_str(),
                "sub"
                    | "email"
                    | "email_verified"
                    | "phone_number"
                    | "phone_number_verified"
                    | "identities"
            ) || !(custom || STANDARD_ATTRIBUTES.contains(&name.as_str()))
            {
                return Err(format!(
                    "pool {id}: seed user {who}: attribute {name:?} cannot be set here \
                     (use a standard or custom: attribute other than sub, email, phone_number \
                     and their _verified flags; email and phone_number are keys of their own)"
                ));
            }
        }
        for required in &pool.required_attributes {
            let given = match required.as_str() {
                "email" => u.email.is_some(),
                "phone_number" => u.phone_number.is_some(),
                _ => u
                    .attributes
                    .get(required)
                    .is_some_and(|v| !v.trim().is_empty()),
            };
            if !given {
                return Err(format!(
                    "pool {id}: seed user {who} lacks the required attribute {required:?}; \
                     add it under attributes"
                ));
            }
        }
        for group in &u.groups {
            if !names.contains(group.as_str()) {
                return Err(format!(
                    "pool {id}: seed user {who}: group {group:?} is not one of the pool's \
                     [[pools.groups]]"
                ));
            }
        }
    }
    Ok(())
}

/// A seed user's names, as the pool names users: a username in a username
/// pool (not shaped like an alias it has), one of the pool's
/// `username_attributes` otherwise; well-formed e-mail address and phone
/// number.
fn validate_seed_user_names(pool: &PoolConfig, u: &SeedUserConfig) -> Result<(), String> {
    let id = &pool.id;
    let who = u.sign_in_name();
    if who.is_empty() {
        return Err(format!(
            "pool {id}: a seed user has no name; give it {}",
            if pool.sign_in().by_attribute() {
                "an email or phone_number"
            } else {
                "a username"
            }
        ));
    }
    if let Some(email) = &u.email {
        if !crate::email::is_valid_email(email) {
            return Err(format!(
                "pool {id}: seed user email {email:?} is not an e-mail address"
            ));
        }
    }
    if let Some(phone) = &u.phone_number {
        if !is_phone_number(phone) {
            return Err(format!(
                "pool {id}: seed user phone_number {phone:?} is not E.164 (a + and the country \
                 code, then digits only, e.g. \"+819012345678\")"
            ));
        }
    }
    let sign_in = pool.sign_in();
    match &u.username {
        Some(name) if sign_in.by_attribute() => Err(format!(
            "pool {id}: seed user username {name:?}: this pool signs in by {}; give the seed \
             user that instead (its username is made a UUID)",
            attribute_names(sign_in.username_attributes)
        )),
        None if !sign_in.by_attribute() => Err(format!(
            "pool {id}: seed user {who}: this is a username pool; give the seed user a username"
        )),
        Some(name) => {
            let email_shaped = sign_in.has(SignInAttribute::Email) && name.contains('@');
            let phone_shaped = sign_in.has(SignInAttribute::PhoneNumber) && is_phone_number(name);
            if email_shaped || phone_shaped || name.chars().any(char::is_whitespace) {
                return Err(format!(
                    "pool {id}: seed username {name:?} cannot be used: no spaces, and not the \
                     shape of an e-mail address or phone number when those are aliases"
                ));
            }
            Ok(())
        }
        None => {
            let has = |a: &SignInAttribute| match a {
                SignInAttribute::Email => u.email.is_some(),
                SignInAttribute::PhoneNumber => u.phone_number.is_some(),
                SignInAttribute::PreferredUsername => false,
            };
            if sign_in.username_attributes.iter().any(has) {
                Ok(())
            } else {
                Err(format!(
                    "pool {id}: seed user {who}: this pool signs in by {}; give the seed user one",
                    attribute_names(sign_in.username_attributes)
                ))
            }
        }
    }
}

/// `email`, `phone_number`, or `email or phone_number`.
fn attribute_names(list: &[SignInAttribute]) -> String {
    list.iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// `UsernameAttributes` and `AliasAttributes` with Cognito's rules for them
/// (API Reference, `CreateUserPool`; Developer Guide, "User pool
/// attributes").
fn validate_sign_in(pool: &PoolConfig) -> Result<(), String> {
    let id = &pool.id;
    let username = pool.username_attributes.as_deref().unwrap_or_default();
    if !username.is_empty() && !pool.alias_attributes.is_empty() {
        // CreateUserPool answers InvalidParameterException: only one of
        // aliasAttributes or usernameAttributes can be set in a user pool.
        return Err(format!(
            "pool {id}: username_attributes and alias_attributes cannot both be set (AWS allows \
             one or the other); keep username_attributes for users who sign in by e-mail or \
             phone, or alias_attributes for a username pool"
        ));
    }
    if username.contains(&SignInAttribute::PreferredUsername) {
        return Err(format!(
            "pool {id}: username_attributes may list \"email\" and \"phone_number\" only; \
             preferred_username is an alias (alias_attributes)"
        ));
    }
    for (what, list) in [
        ("username_attributes", username),
        ("alias_attributes", &pool.alias_attributes[..]),
    ] {
        let mut seen = BTreeSet::new();
        if let Some(twice) = list.iter().find(|a| !seen.insert(**a)) {
            return Err(format!(
                "pool {id}: {what} lists {:?} twice",
                twice.as_str()
            ));
        }
    }
    // "The preferred_username cannot be selected as both required and as an
    // alias" (it can only be set once the user is confirmed).
    if pool
        .alias_attributes
        .contains(&SignInAttribute::PreferredUsername)
        && pool
            .required_attributes
            .iter()
            .any(|a| a == "preferred_username")
    {
        return Err(format!(
            "pool {id}: preferred_username cannot be both a required attribute and an alias \
             (an alias preferred_username is set once the user is confirmed)"
        ));
    }
    Ok(())
}

pub(crate) fn validate_client(pool_id: &str, c: &ClientConfig) -> Result<(), String> {
    let id = &c.id;
    if id.is_empty()
        || id.len() > 128
        || !id
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '+')
    {
        return Err(format!(
            "pool {pool_id}: client id {id:?} must be 1..128 characters of [A-Za-z0-9_+]"
        ));
    }
    let range = |what: &str, v: u32, min: u32, max: u32| {
        if (min..=max).contains(&v) {
            Ok(())
        } else {
            Err(format!(
                "client {id}: {what} = {v} is outside Cognito's range {min}..={max} seconds"
            ))
        }
    };
    // Cognito allows 300..=86400 for access and ID tokens; 10..300 is
    // accepted here so tests can reach expiry quickly (emulator-only: AWS
    // would refuse such a client).
    for (what, v) in [
        (
            "access_token_validity_seconds",
            c.access_token_validity_seconds,
        ),
        ("id_token_validity_seconds", c.id_token_validity_seconds),
    ] {
        if !(10..=86_400).contains(&v) {
            return Err(format!(
                "client {id}: {what} = {v} is outside 10..=86400 seconds (Cognito allows \
                 300..=86400; values under 300 are for emulator tests only)"
            ));
        }
    }
    range(
        "refresh_token_validity_seconds",
        c.refresh_token_validity_seconds,
        3600,
        315_360_000,
    )?;
    // Cognito's minimum is 180; below it is allowed here for tests only.
    let v = c.auth_session_validity_seconds;
    if !(1..=900).contains(&v) {
        return Err(format!(
            "client {id}: auth_session_validity_seconds = {v} is outside 1..=900 seconds \
             (Cognito allows 180..=900; values under 180 are for emulator tests only)"
        ));
    }
    Ok(())
}

fn validate_identity_provider(pool_id: &str, p: &IdentityProviderConfig) -> Result<(), String> {
    let name = &p.name;
    // ProviderNameType: 1..32 characters, no whitespace (Cognito also
    // refuses a leading underscore).
    if name.is_empty()
        || name.chars().count() > 32
        || name.starts_with('_')
        || name.chars().any(char::is_whitespace)
    {
        return Err(format!(
            "pool {pool_id}: identity provider name {name:?} must be 1..32 characters without spaces"
        ));
    }
    if name == "COGNITO" {
        return Err(format!(
            "pool {pool_id}: \"COGNITO\" is the user pool itself, not an identity provider name"
        ));
    }
    if p.provider_type.is_social() && name != p.provider_type.as_str() {
        return Err(format!(
            "pool {pool_id}: a {ty} identity provider must be named {ty:?}, not {name:?}",
            ty = p.provider_type.as_str()
        ));
    }
    if p.provider_type == IdentityProviderType::Saml {
        return Err(format!(
            "pool {pool_id}: identity provider {name}: type SAML is not supported by the emulator; use OIDC"
        ));
    }
    for (attribute, claim) in &p.attribute_mapping {
        let custom = attribute
            .strip_prefix("custom:")
            .is_some_and(|n| !n.is_empty());
        if attribute != "username" && !custom && !STANDARD_ATTRIBUTES.contains(&attribute.as_str())
        {
            return Err(format!(
                "identity provider {name}: attribute_mapping key {attribute:?} is not a user pool attribute"
            ));
        }
        if attribute == "sub" {
            return Err(format!(
                "identity provider {name}: `sub` cannot be mapped; the user pool assigns it"
            ));
        }
        if !MOCK_PROVIDER_CLAIMS.contains(&claim.as_str()) {
            return Err(format!(
                "identity provider {name}: attribute_mapping value {claim:?} is not a claim of the \
                 mock provider; use one of {MOCK_PROVIDER_CLAIMS:?}"
            ));
        }
    }
    let mut subs = BTreeSet::new();
    for account in &p.accounts {
        if account.sub.is_empty() || account.sub.chars().any(char::is_whitespace) {
            return Err(format!(
                "identity provider {name}: account sub {:?} must be non-empty without spaces",
                account.sub
            ));
        }
        if !subs.insert(&account.sub) {
            return Err(format!(
                "identity provider {name}: account sub {:?} is used twice",
                account.sub
            ));
        }
        if !account.email.contains('@') {
            return Err(format!(
                "identity provider {name}: account email {:?} is not an e-mail address",
                account.email
            ));
        }
    }
    Ok(())
}

/// The hosted-UI settings of a client, with Cognito's own rules for them.
pub(crate) fn validate_client_oauth(pool: &PoolConfig, c: &ClientConfig) -> Result<(), String> {
    let id = &c.id;
    for url in c.callback_urls.iter().chain(&c.logout_urls) {
        check_redirect_url(url).map_err(|e| format!("client {id}: URL {url:?} {e}"))?;
    }
    for flow in &c.allowed_oauth_flows {
        if *flow != OAuthFlow::Code {
            return Err(format!(
                "client {id}: allowed_oauth_flows {flow:?} is not supported by the emulator; use [\"code\"]"
            ));
        }
    }
    for scope in &c.allowed_oauth_scopes {
        if !OAUTH_SCOPES.contains(&scope.as_str()) {
            return Err(format!(
                "client {id}: allowed_oauth_scopes entry {scope:?} is not one of {OAUTH_SCOPES:?} \
                 (custom resource-server scopes are not supported)"
            ));
        }
    }
    for provider in &c.supported_identity_providers {
        if provider != "COGNITO" && pool.identity_provider(provider).is_none() {
            return Err(format!(
                "client {id}: supported_identity_providers entry {provider:?} is neither \"COGNITO\" \
                 nor a [[pools.identity_providers]] name of pool {}",
                pool.id
            ));
        }
    }
    if !c.allowed_oauth_flows.is_empty()
        && (c.callback_urls.is_empty() || c.allowed_oauth_scopes.is_empty())
    {
        return Err(format!(
            "client {id}: allowed_oauth_flows needs at least one callback_urls entry and one \
             allowed_oauth_scopes entry"
        ));
    }
    Ok(())
}

/// `RedirectUrlType` plus the hosted UI's rules: absolute, no fragment, at
/// most 1024 characters, `https` (or an app's own scheme) except plain
/// `http` on a loopback host (RFC 8252 §7.3; RFC 9700 §2.1).
pub(crate) fn check_redirect_url(url: &str) -> Result<(), &'static str> {
    if url.len() > 1024 {
        return Err("is longer than 1024 characters");
    }
    if url.contains('#') {
        return Err("must not have a fragment");
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("is not an absolute URL");
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok || url.chars().any(char::is_whitespace) {
        return Err("is not an absolute URL");
    }
    if scheme.eq_ignore_ascii_case("http") {
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        let host = if let Some(v6) = authority.strip_prefix('[') {
            v6.split(']').next().unwrap_or_default()
        } else {
            authority.split(':').next().unwrap_or_default()
        };
        if !matches!(host, "localhost" | "127.0.0.1" | "::1") {
            return Err("uses http on a host that is not loopback; use https");
        }
    }
    Ok(())
}

/// `[\w-]+_[0-9a-zA-Z]+`, at most 55 characters (`UserPoolIdType`).
fn is_pool_id(id: &str) -> bool {
    let Some((region, suffix)) = id.split_once('_') else {
        return false;
    };
    id.len() <= 55
        && !region.is_empty()
        && !suffix.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && suffix.chars().all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_config_is_valid_and_as_documented() {
        let c = Config::seed();
        let pool = &c.pools[0];
        assert_eq!(pool.id, "ap-northeast-1_Local");
        assert_eq!(pool.name, "Local");
        assert_eq!(pool.required_attributes, ["email", "name"]);
        assert_eq!(pool.password_policy, PasswordPolicy::default());
        let client = &pool.clients[0];
        assert_eq!(client.id, "localclient");
        assert!(client.allows(ExplicitAuthFlow::UserPasswordAuth));
        assert!(client.allows(ExplicitAuthFlow::UserSrpAuth));
        assert!(client.allows(ExplicitAuthFlow::RefreshTokenAuth));
        assert!(client.prevent_user_existence_errors);
        assert_eq!(client.refresh_token_validity_seconds, 2_592_000);
        assert!(!pool.pre_sign_up.auto_confirm);
        // TOTP is on offer out of the box; tests that need OFF or ON say so.
        assert_eq!(pool.mfa_configuration, MfaConfiguration::Optional);
        assert!(pool.software_token_mfa_enabled());
        assert_eq!(client.auth_session_validity_seconds, 180);
        assert_eq!(pool.username_attributes(), [SignInAttribute::Email]);
        assert!(!pool.username_case_sensitive);
    }

    #[test]
    fn the_seed_has_one_pool_of_each_kind() {
        use SignInAttribute::*;
        let c = Config::seed();
        let ids: Vec<(&str, &str)> = c
            .pools
            .iter()
            .map(|p| (p.id.as_str(), p.clients[0].id.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("ap-northeast-1_Local", "localclient"),
                ("ap-northeast-1_Phone", "phoneclient"),
                ("ap-northeast-1_Users", "usernameclient"),
            ]
        );
        let phone = c.pool("ap-northeast-1_Phone").unwrap();
        assert_eq!(phone.sign_in().username_attributes, [PhoneNumber]);
        assert_eq!(phone.auto_verified_attributes(), [PhoneNumber]);
        let users = c.pool("ap-northeast-1_Users").unwrap();
        let sign_in = users.sign_in();
        assert!(!sign_in.by_attribute());
        assert_eq!(
            sign_in.alias_attributes,
            [Email, PhoneNumber, PreferredUsername]
        );
        assert!(!sign_in.case_sensitive);
        assert_eq!(users.auto_verified_attributes(), [Email, PhoneNumber]);
        for pool in &c.pools {
            assert_eq!(
                pool.mfa_configuration,
                MfaConfiguration::Optional,
                "{}",
                pool.id
            );
        }
        // The commented seed user of the username pool works once uncommented.
        let with_user = SEED_TOML
            .replace("# [[pools.users]]\n# username", "[[pools.users]]\nusername")
            .replace("# email = \"hanako", "email = \"hanako")
            .replace("# phone_number = \"+81", "phone_number = \"+81")
            .replace("# password = \"Local-Hanako", "password = \"Local-Hanako");
        let c = Config::from_toml_str(&with_user).unwrap();
        let hanako = &c.pool("ap-northeast-1_Users").unwrap().users[0];
        assert_eq!(hanako.sign_in_name(), "hanako");
        assert_eq!(hanako.phone_number.as_deref(), Some("+819012345678"));
    }

    #[test]
    fn sign_in_settings_follow_cognitos_rules() {
        let pool_with = |lines: &str| {
            format!(
                "[[pools]]\nid = \"ap-northeast-1_X\"\nname = \"X\"\n{lines}\n\
                 [[pools.clients]]\nid = \"x\"\n"
            )
        };
        let parse = |lines: &str| Config::from_toml_str(&pool_with(lines));
        let err = |lines: &str| parse(lines).unwrap_err().to_string();

        // Leaving both out: the e-mail pool; aliases alone: a username pool;
        // `[]`: plain usernames.
        let c = parse("").unwrap();
        assert_eq!(c.pools[0].username_attributes(), [SignInAttribute::Email]);
        let c = parse("alias_attributes = [\"email\"]").unwrap();
        assert!(c.pools[0].username_attributes().is_empty());
        let c = parse("username_attributes = []").unwrap();
        assert!(!c.pools[0].sign_in().by_attribute());
        assert_eq!(
            c.pools[0].auto_verified_attributes(),
            [SignInAttribute::Email]
        );
        let c = parse("username_attributes = [\"phone_number\", \"email\"]").unwrap();
        assert_eq!(c.pools[0].username_attributes().len(), 2);

        let e = err("username_attributes = [\"email\"]\nalias_attributes = [\"phone_number\"]");
        assert!(e.contains("cannot both be set"), "{e}");
        let e = err("username_attributes = [\"preferred_username\"]");
        assert!(e.contains("preferred_username is an alias"), "{e}");
        let e = err("username_attributes = [\"nickname\"]");
        assert!(e.contains("unknown variant `nickname`"), "{e}");
        let e = err("alias_attributes = [\"email\", \"email\"]");
        assert!(e.contains("lists \"email\" twice"), "{e}");
        let e = err(
            "alias_attributes = [\"preferred_username\"]\nrequired_attributes = [\"preferred_username\"]",
        );
        assert!(
            e.contains("cannot be both a required attribute and an alias"),
            "{e}"
        );
    }

    #[test]
    fn seed_users_are_named_as_their_pool_names_users() {
        let with_user = |pool: &str, user: &str| {
            format!(
                "[[pools]]\nid = \"ap-northeast-1_X\"\nname = \"X\"\n{pool}\n\
                 [[pools.users]]\npassword = \"Local-Passw0rd!\"\n{user}\n"
            )
        };
        let err = |pool: &str, user: &str| {
            Config::from_toml_str(&with_user(pool, user))
                .unwrap_err()
                .to_string()
        };
        let phone_pool = "username_attributes = [\"phone_number\"]";
        let alias_pool = "alias_attributes = [\"email\", \"phone_number\"]";
        Config::from_toml_str(&with_user(phone_pool, "phone_number = \"+819012345678\"")).unwrap();
        Config::from_toml_str(&with_user(alias_pool, "username = \"hanako\"")).unwrap();

        let e = err(phone_pool, "phone_number = \"090-1234-5678\"");
        assert!(e.contains("is not E.164"), "{e}");
        let e = err(phone_pool, "email = \"a@example.com\"");
        assert!(
            e.contains("this pool signs in by phone_number; give the seed user one"),
            "{e}"
        );
        let e = err(
            phone_pool,
            "username = \"hanako\"\nphone_number = \"+819012345678\"",
        );
        assert!(e.contains("its username is made a UUID"), "{e}");
        let e = err(alias_pool, "email = \"a@example.com\"");
        assert!(e.contains("give the seed user a username"), "{e}");
        let e = err(alias_pool, "username = \"a@example.com\"");
        assert!(e.contains("not the shape of an e-mail address"), "{e}");
        let e = err(alias_pool, "username = \"+819012345678\"");
        assert!(e.contains("phone number when those are aliases"), "{e}");
        let e = err(
            alias_pool,
            "username = \"h\"\nattributes = { phone_number = \"+1\" }",
        );
        assert!(
            e.contains("attribute \"phone_number\" cannot be set here"),
            "{e}"
        );
        let e = err(alias_pool, "");
        assert!(
            e.contains("a seed user has no name; give it a username"),
            "{e}"
        );
    }

    #[test]
    fn the_seed_documents_lambda_triggers_and_sets_none() {
        let seed = Config::seed();
        assert!(seed.lambda_endpoint.is_none());
        assert!(seed.pools[0].lambda_config.is_empty());
        // Its commented examples work once uncommented.
        let with_trigger = SEED_TOML.replace("# pre_sign_up = \"arn:", "pre_sign_up = \"arn:");
        let e = Config::from_toml_str(&with_trigger)
            .unwrap_err()
            .to_string();
        assert!(e.contains("--lambda-endpoint"), "{e}");
        let with_endpoint =
            with_trigger.replace("# lambda_endpoint = \"http", "lambda_endpoint = \"http");
        let c = Config::from_toml_str(&with_endpoint).unwrap();
        assert_eq!(c.lambda_endpoint.as_deref(), Some("http://127.0.0.1:3001"));
        assert_eq!(
            c.pools[0].lambda_config.pre_sign_up.as_deref(),
            Some("arn:aws:lambda:ap-northeast-1:123456789012:function:PreSignUpFunction")
        );
        let bad = SEED_TOML.replace(
            "# lambda_endpoint = \"http://127.0.0.1:3001\"",
            "lambda_endpoint = \"127.0.0.1:3001\"",
        );
        let e = Config::from_toml_str(&bad).unwrap_err().to_string();
        assert!(e.contains("must be an http:// URL"), "{e}");
    }

    #[test]
    fn mfa_configuration_and_session_validity() {
        for (value, expected, totp) in [
            ("OFF", MfaConfiguration::Off, false),
            ("OPTIONAL", MfaConfiguration::Optional, true),
            ("ON", MfaConfiguration::On, true),
        ] {
            let text = SEED_TOML.replacen(
                "mfa_configuration = \"OPTIONAL\"",
                &format!("mfa_configuration = \"{value}\""),
                1,
            );
            let c = Config::from_toml_str(&text).unwrap();
            assert_eq!(c.pools[0].mfa_configuration, expected);
            assert_eq!(c.pools[0].software_token_mfa_enabled(), totp);
        }
        let bad = SEED_TOML.replacen(
            "mfa_configuration = \"OPTIONAL\"",
            "mfa_configuration = \"SOMETIMES\"",
            1,
        );
        let e = Config::from_toml_str(&bad).unwrap_err().to_string();
        assert!(e.contains("SOMETIMES"), "{e}");

        let with = |v: &str| {
            SEED_TOML.replace(
                "auth_session_validity_seconds = 180",
                &format!("auth_session_validity_seconds = {v}"),
            )
        };
        assert_eq!(
            Config::from_toml_str(&with("2")).unwrap().pools[0].clients[0]
                .auth_session_validity_seconds,
            2
        );
        for v in ["0", "901"] {
            let e = Config::from_toml_str(&with(v)).unwrap_err().to_string();
            assert!(e.contains("auth_session_validity_seconds"), "{e}");
        }
    }

    #[test]
    fn the_seed_has_groups_a_default_group_and_an_administrator() {
        let pool = &Config::seed().pools[0];
        let names: Vec<&str> = pool.groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["admin", "users"]);
        assert_eq!(pool.groups[0].precedence, Some(0));
        assert!(is_role_arn(pool.groups[0].role_arn.as_deref().unwrap()));
        assert_eq!(
            pool.post_confirmation.default_group.as_deref(),
            Some("users")
        );
        let admin = &pool.users[0];
        assert_eq!(admin.email.as_deref(), Some("admin@example.com"));
        assert_eq!(admin.groups, ["admin"]);
        assert_eq!(pool.password_policy.first_violation(&admin.password), None);
        assert_eq!(pool.password_policy.temporary_password_validity_days, 7);
    }

    #[test]
    fn groups_and_seed_users_are_checked() {
        let cases = [
            (
                "default_group = \"users\"",
                "default_group = \"staff\"",
                "post_confirmation.default_group \"staff\" is not one of the pool's",
            ),
            (
                "password = \"Local-Admin-Passw0rd!\"",
                "password = \"admin\"",
                "does not meet the pool's password policy (Password not long enough)",
            ),
            (
                "groups = [\"admin\"]",
                "groups = [\"root\"]",
                "group \"root\" is not one of the pool's",
            ),
            (
                "role_arn = \"arn:aws:iam::000000000000:role/LocalAdmin\"",
                "role_arn = \"LocalAdmin\"",
                "is not an IAM role ARN",
            ),
            (
                "attributes = { name = \"Local Admin\" }",
                "attributes = {}",
                "lacks the required attribute \"name\"",
            ),
            (
                "attributes = { name = \"Local Admin\" }",
                "attributes = { name = \"A\", email_verified = \"false\" }",
                "attribute \"email_verified\" cannot be set here",
            ),
            (
                "name = \"users\"",
                "name = \"admin\"",
                "group \"admin\" is configured twice",
            ),
            (
                "email = \"admin@example.com\"",
                "email = \"admin\"",
                "seed user email \"admin\" is not an e-mail address",
            ),
            (
                "temporary_password_validity_days = 7",
                "temporary_password_validity_days = 400",
                "0 to 365",
            ),
        ];
        for (from, to, expected) in cases {
            assert!(SEED_TOML.contains(from), "{from}");
            let e = Config::from_toml_str(&SEED_TOML.replacen(from, to, 1))
                .unwrap_err()
                .to_string();
            assert!(e.contains(expected), "{to}: {e}");
        }
    }

    #[test]
    fn role_arns() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/Admin"));
        assert!(is_role_arn("arn:aws-cn:iam::123456789012:role/path/Admin"));
        for bad in [
            "arn:aws:iam::12345678901x:role/Admin",
            "arn:aws:iam::123456789012:",
            "aws:iam::123456789012:role/Admin",
            "arn:aws:iam::1:r",
        ] {
            assert!(!is_role_arn(bad), "{bad}");
        }
    }

    #[test]
    fn unknown_fields_and_bad_values_are_reported() {
        let e = Config::from_toml_str("[[pools]]\nid = \"x_y\"\nname = \"n\"\ncolour = 1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown field `colour`"), "{e}");

        let e = Config::from_toml_str("[[pools]]\nid = \"nounderscore\"\nname = \"n\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("<region>_<suffix>"), "{e}");

        let bad_flow = SEED_TOML.replace("ALLOW_USER_SRP_AUTH", "ALLOW_MAGIC");
        let e = Config::from_toml_str(&bad_flow).unwrap_err().to_string();
        assert!(e.contains("ALLOW_MAGIC"), "{e}");

        let short = SEED_TOML.replace("minimum_length = 12", "minimum_length = 4");
        let e = Config::from_toml_str(&short).unwrap_err().to_string();
        assert!(e.contains("6 to 99"), "{e}");
    }
}
