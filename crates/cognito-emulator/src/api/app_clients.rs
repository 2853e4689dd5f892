//! `DescribeUserPoolClient` and `UpdateUserPoolClient` (API Reference for
//! each), for the app client settings the emulator applies:
//! `PreventUserExistenceErrors`, `ExplicitAuthFlows`, the token validities
//! and their `TokenValidityUnits`, `AuthSessionValidity`, the hosted-UI
//! members (`CallbackURLs`, `LogoutURLs`, `AllowedOAuthFlows`,
//! `AllowedOAuthFlowsUserPoolClient`, `AllowedOAuthScopes`,
//! `SupportedIdentityProviders`) and `ClientName`.
//!
//! `UpdateUserPoolClient` sets every setting it models: one the request does
//! not give goes back to its default, as on AWS ("If you don't provide a
//! value for an attribute, Amazon Cognito sets it to its default value",
//! API Reference, "UpdateUserPoolClient"). The defaults are the API's, not
//! the console's: `PreventUserExistenceErrors` `LEGACY` ("Defaults to
//! LEGACY"), `ExplicitAuthFlows` `ALLOW_REFRESH_TOKEN_AUTH`,
//! `ALLOW_USER_SRP_AUTH` and `ALLOW_CUSTOM_AUTH`, access and ID tokens valid
//! for an hour, refresh tokens for 30 days, sessions for 3 minutes, and no
//! hosted UI. `ClientName` is the exception: absent, the name stays. The
//! settings are kept in the state file (see `pool_settings`).
//!
//! Members the emulator does not model (`ReadAttributes`,
//! `WriteAttributes`, `AnalyticsConfiguration`, `DefaultRedirectURI`,
//! `EnablePropagateAdditionalUserContextData`, `RefreshTokenRotation`) are
//! accepted and ignored; `EnableTokenRevocation` false is refused, as the
//! emulator always revokes. Its app clients have no secret, so no
//! `ClientSecret` is ever returned.

use serde_json::{json, Value};

use super::error::ApiError;
use super::input::{Input, StringShape, Validator, CLIENT_ID, USER_POOL_ID};
use super::users::{epoch, find_pool};
use crate::config::{
    check_redirect_url, validate_client, validate_client_oauth, ClientConfig, ExplicitAuthFlow,
    OAuthFlow, PoolConfig, OAUTH_SCOPES,
};
use crate::pool_settings::{
    ClientDates, ClientSettings, StoredSettings, TimeUnit, TokenValidityUnits,
};
use crate::state::AppState;

/// `ExplicitAuthFlowsType`, in the model's order.
const EXPLICIT_AUTH_FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];

/// `OAuthFlowType`.
const OAUTH_FLOWS: &[&str] = &["code", "implicit", "client_credentials"];

/// `TimeUnitsType`.
const TIME_UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];

/// `ClientNameType`: `[\w\s+=,.@-]+`, 1..128.
const CLIENT_NAME: StringShape = StringShape {
    min: 1,
    max: 128,
    pattern: Some(("[\\w\\s+=,.@-]+", |s| {
        !s.is_empty()
            && s.chars().all(|c| {
                c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c)
            })
    })),
    sensitive: false,
};

/// The message AWS gives a validity outside its range (5 minutes to a day
/// for access and ID tokens, an hour to 10 years for refresh tokens).
const INVALID_VALIDITY: &str = "Invalid range for token validity.";

/// The pool and app client a request names, or `ResourceNotFoundException`.
fn find_pool_client<'a>(
    state: &'a AppState,
    pool_id: &str,
    client_id: &str,
) -> Result<(&'a PoolConfig, &'a ClientConfig), ApiError> {
    let pool = find_pool(state, pool_id)?;
    let client = pool
        .clients
        .iter()
        .find(|c| c.id == client_id)
        .ok_or_else(|| {
            ApiError::new(
                "ResourceNotFoundException",
                format!("User pool client {client_id} does not exist."),
            )
        })?;
    Ok((pool, client))
}

pub(crate) fn describe_user_pool_client(
    state: &AppState,
    input: &Input,
) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    v.finish()?;
    let (pool, client) = find_pool_client(state, &pool_id, &client_id)?;
    let (units, dates) = state.read(|db| {
        let stored = db.pools.get(&pool.id).and_then(|d| d.settings.as_ref());
        let units = stored
            .and_then(|s| s.current.clients.get(&client.id))
            .and_then(|c| c.token_validity_units);
        let dates = stored.and_then(|s| s.client_dates.get(&client.id)).copied();
        (units, dates)
    });
    Ok(json!({ "UserPoolClient": user_pool_client_type(&pool.id, client, units, dates) }))
}

pub(crate) fn update_user_pool_client(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    let client_id = v.required("clientId", input.string("ClientId")?, &CLIENT_ID);
    let name = v.optional("clientName", input.string("ClientName")?, &CLIENT_NAME);
    let access = v.integer_in(
        "accessTokenValidity",
        input.integer("AccessTokenValidity")?,
        1,
        86_400,
    );
    let id = v.integer_in(
        "idTokenValidity",
        input.integer("IdTokenValidity")?,
        1,
        86_400,
    );
    let refresh = v.integer_in(
        "refreshTokenValidity",
        input.integer("RefreshTokenValidity")?,
        0,
        315_360_000,
    );
    let auth_session = v.integer_in(
        "authSessionValidity",
        input.integer("AuthSessionValidity")?,
        3,
        15,
    );
    let units_input = input.structure("TokenValidityUnits")?;
    let mut unit = |member: &str, name: &str| -> Result<Option<String>, ApiError> {
        let value = match &units_input {
            Some(u) => u.string(name)?,
            None => None,
        };
        Ok(v.optional_enum(&format!("tokenValidityUnits.{member}"), value, TIME_UNITS))
    };
    let access_unit = unit("accessToken", "AccessToken")?;
    let id_unit = unit("idToken", "IdToken")?;
    let refresh_unit = unit("refreshToken", "RefreshToken")?;
    let prevent = v.optional_enum(
        "preventUserExistenceErrors",
        input.string("PreventUserExistenceErrors")?,
        &["LEGACY", "ENABLED"],
    );
    let auth_flows = input.string_list("ExplicitAuthFlows")?;
    v.enum_list(
        "explicitAuthFlows",
        auth_flows.as_deref(),
        EXPLICIT_AUTH_FLOWS,
    );
    let oauth_flows = input.string_list("AllowedOAuthFlows")?.unwrap_or_default();
    v.enum_list("allowedOAuthFlows", Some(&oauth_flows), OAUTH_FLOWS);
    let scopes = input.string_list("AllowedOAuthScopes")?.unwrap_or_default();
    let callback_urls = input.string_list("CallbackURLs")?.unwrap_or_default();
    let logout_urls = input.string_list("LogoutURLs")?.unwrap_or_default();
    let providers = input
        .string_list("SupportedIdentityProviders")?
        .unwrap_or_default();
    let oauth_client = input
        .boolean("AllowedOAuthFlowsUserPoolClient")?
        .unwrap_or(false);
    let revocation = input.boolean("EnableTokenRevocation")?;
    v.finish()?;

    let (pool, _) = find_pool_client(state, &pool_id, &client_id)?;

    // Token validities, in seconds, with the units they were given in.
    let parse_unit = |u: Option<String>, default: TimeUnit| {
        u.and_then(|u| TimeUnit::parse(&u)).unwrap_or(default)
    };
    let defaults = TokenValidityUnits::default();
    let units = TokenValidityUnits {
        access_token: parse_unit(access_unit, defaults.access_token),
        id_token: parse_unit(id_unit, defaults.id_token),
        refresh_token: parse_unit(refresh_unit, defaults.refresh_token),
    };
    let seconds = |value: Option<i64>, unit: TimeUnit, default: u32, min: i64, max: i64| {
        let Some(value) = value else {
            return Ok(default);
        };
        let s = value.saturating_mul(i64::from(unit.seconds()));
        if (min..=max).contains(&s) {
            Ok(s as u32)
        } else {
            Err(ApiError::invalid_parameter(INVALID_VALIDITY))
        }
    };
    let access_seconds = seconds(access, units.access_token, 3600, 300, 86_400)?;
    let id_seconds = seconds(id, units.id_token, 3600, 300, 86_400)?;
    let refresh_seconds = seconds(refresh, units.refresh_token, 30 * 86_400, 3600, 315_360_000)?;

    if revocation == Some(false) {
        return Err(ApiError::invalid_parameter(
            "The local Cognito emulator always lets refresh tokens be revoked; leave \
             EnableTokenRevocation out or set it to true.",
        ));
    }

    let explicit_auth_flows = match auth_flows {
        None => vec![
            ExplicitAuthFlow::RefreshTokenAuth,
            ExplicitAuthFlow::UserSrpAuth,
            ExplicitAuthFlow::CustomAuth,
        ],
        Some(list) => explicit_auth_flows(&list)?,
    };

    // The hosted UI: AllowedOAuthFlowsUserPoolClient opens it, and then
    // needs flows and scopes.
    if !oauth_client && (!oauth_flows.is_empty() || !scopes.is_empty()) {
        return Err(ApiError::invalid_parameter(
            "AllowedOAuthFlowsUserPoolClient must be true to set AllowedOAuthFlows or \
             AllowedOAuthScopes.",
        ));
    }
    if oauth_client && (oauth_flows.is_empty() || scopes.is_empty()) {
        return Err(ApiError::invalid_parameter(
            "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is \
             allowed to use OAuth flows.",
        ));
    }
    let mut allowed_oauth_flows = Vec::new();
    for flow in &oauth_flows {
        if flow != "code" {
            return Err(ApiError::invalid_parameter(format!(
                "AllowedOAuthFlows: the local Cognito emulator implements the code flow only, \
                 not {flow}."
            )));
        }
        if !allowed_oauth_flows.contains(&OAuthFlow::Code) {
            allowed_oauth_flows.push(OAuthFlow::Code);
        }
    }
    if !allowed_oauth_flows.is_empty() && callback_urls.is_empty() {
        return Err(ApiError::invalid_parameter(
            "CallbackURLs are required when the code flow is allowed.",
        ));
    }
    for scope in &scopes {
        if !OAUTH_SCOPES.contains(&scope.as_str()) {
            // The local emulator has no resource servers, so no custom scopes.
            return Err(ApiError::new(
                "ScopeDoesNotExistException",
                format!("Invalid scope requested: {scope}"),
            ));
        }
    }
    for (member, urls) in [
        ("CallbackURLs", &callback_urls),
        ("LogoutURLs", &logout_urls),
    ] {
        for url in urls {
            check_redirect_url(url).map_err(|e| {
                ApiError::invalid_parameter(format!("{member}: the URL {url} {e}."))
            })?;
        }
    }
    for provider in &providers {
        if provider != "COGNITO" && pool.identity_provider(provider).is_none() {
            return Err(ApiError::invalid_parameter(format!(
                "The provider {provider} does not exist for User Pool {}",
                pool.id
            )));
        }
    }

    let client = ClientConfig {
        id: client_id.clone(),
        // Set under the state lock when not given.
        name: name.clone().unwrap_or_default(),
        explicit_auth_flows,
        prevent_user_existence_errors: prevent.as_deref() == Some("ENABLED"),
        access_token_validity_seconds: access_seconds,
        id_token_validity_seconds: id_seconds,
        refresh_token_validity_seconds: refresh_seconds,
        auth_session_validity_seconds: auth_session.map_or(180, |m| (m.clamp(3, 15) * 60) as u32),
        callback_urls,
        logout_urls,
        allowed_oauth_flows,
        allowed_oauth_scopes: dedup(scopes),
        supported_identity_providers: dedup(providers),
    };
    // What the configuration file's checks say, as a backstop.
    validate_client(&pool.id, &client)
        .and_then(|()| validate_client_oauth(pool, &client))
        .map_err(ApiError::invalid_parameter)?;

    let mut settings = ClientSettings {
        client,
        token_validity_units: units_input.is_some().then_some(units),
    };
    let now = state.now();
    let dates = state.write(|db| {
        let data = db.pools.entry(pool.id.clone()).or_default();
        let stored = data
            .settings
            .get_or_insert_with(|| StoredSettings::new(pool, now));
        if name.is_none() {
            if let Some(previous) = stored.current.clients.get(&client_id) {
                settings.client.name = previous.client.name.clone();
            }
        }
        stored
            .current
            .clients
            .insert(client_id.clone(), settings.clone());
        let dates = stored
            .client_dates
            .entry(client_id.clone())
            .or_insert(ClientDates {
                created_at: now,
                last_modified_at: now,
            });
        dates.last_modified_at = now;
        let dates = *dates;
        // Under the state lock, so concurrent updates land in one order.
        state.set_pool_settings(&pool.id, &stored.current);
        dates
    })?;
    Ok(json!({
        "UserPoolClient": user_pool_client_type(
            &pool.id,
            &settings.client,
            settings.token_validity_units,
            Some(dates),
        )
    }))
}

/// `ExplicitAuthFlows` given as `ALLOW_` values; the legacy values without
/// the prefix are refused.
fn explicit_auth_flows(list: &[String]) -> Result<Vec<ExplicitAuthFlow>, ApiError> {
    let mut flows = Vec::new();
    for name in list {
        if !name.starts_with("ALLOW_") {
            return Err(ApiError::invalid_parameter(format!(
                "ExplicitAuthFlows: {name} is a legacy value the local Cognito emulator does not \
                 support; use the ALLOW_ values ({}).",
                EXPLICIT_AUTH_FLOWS
                    .iter()
                    .filter(|f| f.starts_with("ALLOW_"))
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let flow: ExplicitAuthFlow = serde_json::from_value(json!(name))
            .map_err(|e| ApiError::internal(format!("ExplicitAuthFlows {name}: {e}")))?;
        if !flows.contains(&flow) {
            flows.push(flow);
        }
    }
    Ok(flows)
}

fn dedup(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for item in list {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// `seconds` in `preferred` when it divides them, else in the largest
/// smaller unit that does.
fn in_unit(seconds: u32, preferred: TimeUnit) -> (u32, TimeUnit) {
    let unit = TimeUnit::ALL
        .into_iter()
        .skip_while(|u| *u != preferred)
        .find(|u| seconds.is_multiple_of(u.seconds()))
        .unwrap_or(TimeUnit::Seconds);
    (seconds / unit.seconds(), unit)
}

/// `UserPoolClientType` for what the emulator models.
fn user_pool_client_type(
    pool_id: &str,
    c: &ClientConfig,
    units: Option<TokenValidityUnits>,
    dates: Option<ClientDates>,
) -> Value {
    let units = units.unwrap_or_default();
    let (access, access_unit) = in_unit(c.access_token_validity_seconds, units.access_token);
    let (id, id_unit) = in_unit(c.id_token_validity_seconds, units.id_token);
    let (refresh, refresh_unit) = in_unit(c.refresh_token_validity_seconds, units.refresh_token);
    let dates = dates.unwrap_or(ClientDates {
        created_at: 0,
        last_modified_at: 0,
    });
    let mut body = json!({
        "UserPoolId": pool_id,
        "ClientId": c.id,
        "LastModifiedDate": epoch(dates.last_modified_at),
        "CreationDate": epoch(dates.created_at),
        "RefreshTokenValidity": refresh,
        "AccessTokenValidity": access,
        "IdTokenValidity": id,
        "TokenValidityUnits": {
            "AccessToken": access_unit.as_str(),
            "IdToken": id_unit.as_str(),
            "RefreshToken": refresh_unit.as_str(),
        },
        "AllowedOAuthFlowsUserPoolClient": !c.allowed_oauth_flows.is_empty(),
        "PreventUserExistenceErrors": if c.prevent_user_existence_errors {
            "ENABLED"
        } else {
            "LEGACY"
        },
        "EnableTokenRevocation": true,
        "EnablePropagateAdditionalUserContextData": false,
        // Minutes; the emulator also takes seconds under 3 minutes for tests.
        "AuthSessionValidity": c.auth_session_validity_seconds.div_ceil(60),
    });
    if !c.name.is_empty() {
        body["ClientName"] = json!(c.name);
    }
    let lists: [(&str, Value); 6] = [
        ("ExplicitAuthFlows", json!(c.explicit_auth_flows)),
        (
            "SupportedIdentityProviders",
            json!(c.supported_identity_providers),
        ),
        ("CallbackURLs", json!(c.callback_urls)),
        ("LogoutURLs", json!(c.logout_urls)),
        ("AllowedOAuthFlows", json!(c.allowed_oauth_flows)),
        ("AllowedOAuthScopes", json!(c.allowed_oauth_scopes)),
    ];
    for (member, list) in lists {
        if list.as_array().is_some_and(|l| !l.is_empty()) {
            body[member] = list;
        }
    }
    body
}
