//! `UpdateUserPool` and `DescribeUserPool` (API Reference for each), for
//! the settings the emulator models: the password policy, `MfaConfiguration`,
//! `LambdaConfig` and the pool's name.
//!
//! `UpdateUserPool` sets every setting it models: one the request does not
//! give goes back to its default, as on AWS ("If you don't provide a value
//! for an attribute, Amazon Cognito sets it to its default value", API
//! Reference, "UpdateUserPool"; Developer Guide, "Updating user pool and app
//! client configuration": this "can reset configurations including … your
//! Lambda triggers"). A request with only `LambdaConfig` turns
//! MFA `OFF` and the password policy to Cognito's default (8 characters,
//! all four character classes). `PoolName` is the exception: absent, the
//! name stays. The settings are kept in the state file (see
//! `pool_settings`).

use serde_json::{json, Map, Value};

use super::error::ApiError;
use super::input::{Input, Validator, USER_POOL_ID};
use super::users::{epoch, find_pool};
use crate::config::{MfaConfiguration, PoolConfig};
use crate::password_policy::PasswordPolicy;
use crate::pool_settings::{cognito_default_password_policy, PoolSettings, StoredSettings};
use crate::state::AppState;
use crate::triggers::lambda_config::Target;
use crate::triggers::{LambdaConfig, LambdaVersion, PreTokenGenerationConfig};

/// `LambdaConfigType` members that name a function, and where they go.
const TRIGGER_MEMBERS: &[&str] = &[
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "PreTokenGeneration",
    "CustomMessage",
];

/// `LambdaConfigType` members the emulator does not run.
const UNSUPPORTED_MEMBERS: &[&str] = &[
    "CreateAuthChallenge",
    "DefineAuthChallenge",
    "VerifyAuthChallengeResponse",
    "UserMigration",
    "CustomSMSSender",
    "CustomEmailSender",
    "KMSKeyID",
];

pub(crate) fn update_user_pool(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    let mfa = v.optional_enum(
        "mfaConfiguration",
        input.string("MfaConfiguration")?,
        &["OFF", "ON", "OPTIONAL"],
    );
    let pool_name = input.string("PoolName")?;
    let policies = input.structure("Policies")?;
    let password_policy = match policies
        .as_ref()
        .map(|p| p.structure("PasswordPolicy"))
        .transpose()?
        .flatten()
    {
        None => cognito_default_password_policy(),
        Some(p) => password_policy(&p, &mut v)?,
    };
    let lambda_config = match input.structure("LambdaConfig")? {
        None => LambdaConfig::default(),
        Some(l) => lambda_config(&l, &mut v)?,
    };
    v.finish()?;
    if let Some(name) = &pool_name {
        // `UserPoolNameType`: 1..128 characters of [\w\s+=,.@-].
        let ok = !name.is_empty()
            && name.chars().count() <= 128
            && name.chars().all(|c| {
                c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c)
            });
        if !ok {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{name}' at 'poolName' failed to satisfy \
                 constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"
            )));
        }
    }
    password_policy
        .validate()
        .map_err(ApiError::invalid_parameter)?;
    lambda_config
        .validate(state.config().lambda_endpoint.is_some())
        .map_err(|e| ApiError::invalid_parameter(lambda_config_names(&e)))?;

    let pool = find_pool(state, &pool_id)?;
    let mut settings = PoolSettings {
        name: pool_name.unwrap_or_else(|| pool.name.clone()),
        password_policy,
        mfa_configuration: match mfa.as_deref() {
            Some("ON") => MfaConfiguration::On,
            Some("OPTIONAL") => MfaConfiguration::Optional,
            _ => MfaConfiguration::Off,
        },
        lambda_config: lambda_config.normalized(),
        // The clients' settings stay; taken under the state lock below.
        clients: Default::default(),
    };
    let now = state.now();
    state.write(|db| {
        let data = db.pools.entry(pool.id.clone()).or_default();
        let stored = data
            .settings
            .get_or_insert_with(|| StoredSettings::new(pool, now));
        settings.clients = stored.current.clients.clone();
        stored.current = settings.clone();
        stored.last_modified_at = now;
        // Under the state lock, so concurrent updates land in one order.
        state.set_pool_settings(&pool.id, &settings);
    })?;
    // No output members: botocore accepts `{}`.
    Ok(json!({}))
}

/// The validation messages of [`LambdaConfig::validate`] name TOML keys;
/// through the API they are the `LambdaConfig` members.
fn lambda_config_names(message: &str) -> String {
    let mut text = message.replace("lambda_config.", "LambdaConfig.");
    for (toml, api) in [
        (
            "pre_token_generation_config.lambda_arn",
            "PreTokenGenerationConfig.LambdaArn",
        ),
        ("pre_sign_up", "PreSignUp"),
        ("post_confirmation", "PostConfirmation"),
        ("pre_authentication", "PreAuthentication"),
        ("post_authentication", "PostAuthentication"),
        ("pre_token_generation", "PreTokenGeneration"),
        ("custom_message", "CustomMessage"),
    ] {
        text = text.replace(toml, api);
    }
    text
}

/// `PasswordPolicyType`. Absent flags are false; an absent
/// `MinimumLength` is Cognito's default, 8.
fn password_policy(p: &Input, v: &mut Validator) -> Result<PasswordPolicy, ApiError> {
    let minimum_length = v.integer_in("minimumLength", p.integer("MinimumLength")?, 6, 99);
    let validity = v.integer_in(
        "temporaryPasswordValidityDays",
        p.integer("TemporaryPasswordValidityDays")?,
        0,
        365,
    );
    if p.integer("PasswordHistorySize")?.is_some_and(|n| n > 0) {
        return Err(ApiError::invalid_parameter(
            "The local Cognito emulator keeps no password history; leave PasswordHistorySize out \
             (or 0).",
        ));
    }
    let flag = |name: &str| p.boolean(name).map(|b| b.unwrap_or(false));
    Ok(PasswordPolicy {
        // In range once `v.finish()` passes.
        minimum_length: minimum_length.map_or(8, |n| n.clamp(6, 99) as u8),
        require_uppercase: flag("RequireUppercase")?,
        require_lowercase: flag("RequireLowercase")?,
        require_numbers: flag("RequireNumbers")?,
        require_symbols: flag("RequireSymbols")?,
        temporary_password_validity_days: validity.map_or(7, |d| d.clamp(0, 365) as u16),
    })
}

/// `LambdaConfigType`, for the triggers the emulator runs.
fn lambda_config(l: &Input, v: &mut Validator) -> Result<LambdaConfig, ApiError> {
    for member in UNSUPPORTED_MEMBERS {
        if l.string(member).is_ok_and(|s| s.is_some())
            || l.structure(member).is_ok_and(|s| s.is_some())
        {
            return Err(ApiError::invalid_parameter(format!(
                "LambdaConfig.{member}: the local Cognito emulator does not run this trigger; it \
                 runs {}.",
                TRIGGER_MEMBERS.join(", ")
            )));
        }
    }
    let arn = |name: &str| -> Result<Option<String>, ApiError> {
        let value = l.string(name)?;
        if let Some(value) = &value {
            Target::parse(value)
                .map_err(|e| ApiError::invalid_parameter(format!("LambdaConfig.{name}: {e}")))?;
        }
        Ok(value)
    };
    let version_config = match l.structure("PreTokenGenerationConfig")? {
        None => None,
        Some(c) => {
            let version = v.required_enum(
                "lambdaConfig.preTokenGenerationConfig.lambdaVersion",
                c.string("LambdaVersion")?,
                &["V1_0", "V2_0", "V3_0"],
            );
            let lambda_arn = c.string("LambdaArn")?.ok_or_else(|| {
                ApiError::invalid_parameter(
                    "1 validation error detected: Value null at \
                     'lambdaConfig.preTokenGenerationConfig.lambdaArn' failed to satisfy \
                     constraint: Member must not be null",
                )
            })?;
            Target::parse(&lambda_arn).map_err(|e| {
                ApiError::invalid_parameter(format!(
                    "LambdaConfig.PreTokenGenerationConfig.LambdaArn: {e}"
                ))
            })?;
            let lambda_version = match LambdaVersion::parse(&version) {
                Ok(version) => version,
                // Unknown values were reported by the validator.
                Err(_) if !["V1_0", "V2_0", "V3_0"].contains(&version.as_str()) => {
                    LambdaVersion::V1
                }
                Err(e) => return Err(ApiError::invalid_parameter(e)),
            };
            Some(PreTokenGenerationConfig {
                lambda_version,
                lambda_arn,
            })
        }
    };
    Ok(LambdaConfig {
        pre_sign_up: arn("PreSignUp")?,
        post_confirmation: arn("PostConfirmation")?,
        pre_authentication: arn("PreAuthentication")?,
        post_authentication: arn("PostAuthentication")?,
        pre_token_generation: arn("PreTokenGeneration")?,
        pre_token_generation_config: version_config,
        custom_message: arn("CustomMessage")?,
    })
}

pub(crate) fn describe_user_pool(state: &AppState, input: &Input) -> Result<Value, ApiError> {
    let mut v = Validator::default();
    let pool_id = v.required("userPoolId", input.string("UserPoolId")?, &USER_POOL_ID);
    v.finish()?;
    let pool = find_pool(state, &pool_id)?;
    let (users, created, modified) = state.read(|db| {
        let data = db.pools.get(&pool.id);
        let users = data.map_or(0, |d| d.users.len());
        let dates = data
            .and_then(|d| d.settings.as_ref())
            .map_or((0, 0), |s| (s.created_at, s.last_modified_at));
        (users, dates.0, dates.1)
    });
    Ok(json!({ "UserPool": user_pool_type(pool, users, created, modified) }))
}

/// `UserPoolType`, for what the emulator models.
fn user_pool_type(pool: &PoolConfig, users: usize, created: i64, modified: i64) -> Value {
    let p = &pool.password_policy;
    let region = pool.id.split('_').next().unwrap_or_default();
    let mut body = json!({
        "Id": pool.id,
        "Name": pool.name,
        // The emulator has no AWS account; its ARNs use 000000000000.
        "Arn": format!("arn:aws:cognito-idp:{region}:000000000000:userpool/{}", pool.id),
        "Policies": {
            "PasswordPolicy": {
                "MinimumLength": p.minimum_length,
                "RequireUppercase": p.require_uppercase,
                "RequireLowercase": p.require_lowercase,
                "RequireNumbers": p.require_numbers,
                "RequireSymbols": p.require_symbols,
                "TemporaryPasswordValidityDays": p.temporary_password_validity_days,
            }
        },
        "LambdaConfig": lambda_config_type(&pool.lambda_config),
        "MfaConfiguration": match pool.mfa_configuration {
            MfaConfiguration::Off => "OFF",
            MfaConfiguration::On => "ON",
            MfaConfiguration::Optional => "OPTIONAL",
        },
        "AutoVerifiedAttributes": pool.auto_verified_attributes(),
        "UsernameConfiguration": { "CaseSensitive": pool.username_case_sensitive },
        "EstimatedNumberOfUsers": users,
        "CreationDate": epoch(created),
        "LastModifiedDate": epoch(modified),
    });
    sign_in_members(pool, &mut body);
    body
}

/// `UsernameAttributes` or `AliasAttributes`, whichever the pool was
/// made with; neither for a pool of plain usernames.
fn sign_in_members(pool: &PoolConfig, body: &mut Value) {
    let sign_in = pool.sign_in();
    if sign_in.by_attribute() {
        body["UsernameAttributes"] = json!(sign_in.username_attributes);
    } else if !sign_in.alias_attributes.is_empty() {
        body["AliasAttributes"] = json!(sign_in.alias_attributes);
    }
}

/// `LambdaConfigType` in AWS's names; `{}` when no trigger is set.
fn lambda_config_type(l: &LambdaConfig) -> Value {
    let mut out = Map::new();
    let members = [
        ("PreSignUp", &l.pre_sign_up),
        ("PostConfirmation", &l.post_confirmation),
        ("PreAuthentication", &l.pre_authentication),
        ("PostAuthentication", &l.post_authentication),
        ("PreTokenGeneration", &l.pre_token_generation),
        ("CustomMessage", &l.custom_message),
    ];
    for (name, value) in members {
        if let Some(value) = value {
            out.insert(name.into(), json!(value));
        }
    }
    if let Some(c) = &l.pre_token_generation_config {
        out.insert(
            "PreTokenGenerationConfig".into(),
            json!({ "LambdaVersion": c.lambda_version.as_str(), "LambdaArn": c.lambda_arn }),
        );
    }
    Value::Object(out)
}
