//! A pool's `LambdaConfig` (API Reference, `LambdaConfigType`): which
//! function each trigger calls. In the TOML file as `[pools.lambda_config]`
//! with AWS's member names in snake_case; through the JSON API with
//! `UpdateUserPool` and `DescribeUserPool` in AWS's own names.
//!
//! A trigger names either a Lambda function ARN, invoked through the Lambda
//! Invoke API at the emulator's `lambda_endpoint` (what `sam local
//! start-lambda` or LocalStack serve), or — an emulator extension — a plain
//! `http://` URL that receives the event as its POST body.

use serde::{Deserialize, Serialize};

/// The triggers the emulator runs. Their names are Cognito's `LambdaConfig`
/// members and the prefix of its error messages ("PreSignUp failed with
/// error …").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// Before a user is created (`SignUp`, `AdminCreateUser`, first
    /// federated sign-in); may refuse, auto-confirm or auto-verify.
    PreSignUp,
    /// After a user is confirmed (`ConfirmSignUp`, `ConfirmForgotPassword`).
    PostConfirmation,
    /// Before a sign-in's password check; may refuse the sign-in.
    PreAuthentication,
    /// After a successful sign-in.
    PostAuthentication,
    /// Before tokens are issued; may change their claims and scopes.
    PreTokenGeneration,
    /// Before a code or invitation is sent; may reword the message.
    CustomMessage,
}

impl Trigger {
    /// The `LambdaConfig` member name, which also begins Cognito's error
    /// messages for the trigger.
    pub fn name(self) -> &'static str {
        match self {
            Trigger::PreSignUp => "PreSignUp",
            Trigger::PostConfirmation => "PostConfirmation",
            Trigger::PreAuthentication => "PreAuthentication",
            Trigger::PostAuthentication => "PostAuthentication",
            Trigger::PreTokenGeneration => "PreTokenGeneration",
            Trigger::CustomMessage => "CustomMessage",
        }
    }
}

/// `LambdaConfigType`, for the triggers the emulator runs. Members it does
/// not run (custom authentication challenges, user migration, custom
/// senders) are refused where they are given, so a configuration never
/// names a trigger that silently does nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LambdaConfig {
    /// `PreSignUp`: the function ARN or `http://` URL ([`Trigger::PreSignUp`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_sign_up: Option<String>,
    /// `PostConfirmation` ([`Trigger::PostConfirmation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_confirmation: Option<String>,
    /// `PreAuthentication` ([`Trigger::PreAuthentication`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_authentication: Option<String>,
    /// `PostAuthentication` ([`Trigger::PostAuthentication`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_authentication: Option<String>,
    /// The V1_0 way to name the pre token generation function; the same
    /// value as `pre_token_generation_config.lambda_arn` when both are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_token_generation: Option<String>,
    /// `PreTokenGenerationConfig`: the pre token generation function with
    /// its event version ([`Trigger::PreTokenGeneration`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_token_generation_config: Option<PreTokenGenerationConfig>,
    /// `CustomMessage` ([`Trigger::CustomMessage`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_message: Option<String>,
}

/// `PreTokenGenerationVersionConfigType`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreTokenGenerationConfig {
    /// `LambdaVersion`: the event version the function expects.
    pub lambda_version: LambdaVersion,
    /// `LambdaArn`: the function ARN or `http://` URL.
    pub lambda_arn: String,
}

/// `PreTokenGenerationLambdaVersionType`. `V3_0` adds machine-to-machine
/// (client credentials) tokens, which the emulator does not issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LambdaVersion {
    /// `V1_0`: the function may change ID token claims and groups.
    #[serde(rename = "V1_0")]
    V1,
    /// `V2_0`: it may also change access token claims and scopes.
    #[serde(rename = "V2_0")]
    V2,
}

impl LambdaVersion {
    /// The API value.
    pub fn as_str(self) -> &'static str {
        match self {
            LambdaVersion::V1 => "V1_0",
            LambdaVersion::V2 => "V2_0",
        }
    }

    /// The event's `version` member: "1" or "2" (Developer Guide, "Pre
    /// token generation Lambda trigger", event versions).
    pub fn event_version(self) -> &'static str {
        match self {
            LambdaVersion::V1 => "1",
            LambdaVersion::V2 => "2",
        }
    }

    /// Reads an API value; the error explains why `V3_0` (or anything else)
    /// is refused.
    pub fn parse(value: &str) -> Result<LambdaVersion, String> {
        match value {
            "V1_0" => Ok(LambdaVersion::V1),
            "V2_0" => Ok(LambdaVersion::V2),
            "V3_0" => Err(
                "LambdaVersion V3_0 customises machine-to-machine (client credentials) tokens, \
                 which the local Cognito emulator does not issue; use V2_0"
                    .into(),
            ),
            other => Err(format!("LambdaVersion {other:?} is not one of V1_0, V2_0")),
        }
    }
}

/// Where a trigger's event goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// A Lambda function, from its ARN
    /// (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`).
    Function {
        /// The function name (the ARN's last part but for a qualifier).
        name: &'a str,
        /// The version or alias after the name, if the ARN has one.
        qualifier: Option<&'a str>,
    },
    /// An `http://` URL that takes the event and answers it (emulator only).
    Url(&'a str),
}

impl<'a> Target<'a> {
    /// Reads a trigger's value; the error says what is accepted.
    pub fn parse(value: &'a str) -> Result<Target<'a>, String> {
        if value.starts_with("https://") {
            return Err(format!(
                "{value:?}: https trigger URLs are not supported by the local Cognito emulator \
                 (it has no TLS client); serve the handler over http on this machine"
            ));
        }
        if let Some(rest) = value.strip_prefix("http://") {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || value.chars().any(char::is_whitespace) {
                return Err(format!("{value:?} is not an http:// URL"));
            }
            return Ok(Target::Url(value));
        }
        function_from_arn(value).ok_or_else(|| {
            format!(
                "{value:?} is neither a Lambda function ARN \
                 (arn:aws:lambda:<region>:<account id>:function:<name>) nor an http:// URL"
            )
        })
    }
}

/// `arn:<partition>:lambda:<region>:<12-digit account>:function:<name>`
/// with an optional `:<version or alias>` (API Reference, `ArnType`; Lambda
/// API Reference, `Invoke`, `FunctionName`).
fn function_from_arn(arn: &str) -> Option<Target<'_>> {
    if arn.len() < 20 || arn.len() > 2048 {
        return None;
    }
    let parts: Vec<&str> = arn.split(':').collect();
    let (name, qualifier) = match parts.as_slice() {
        ["arn", partition, "lambda", region, account, "function", name] => {
            check_arn_prefix(partition, region, account)?;
            (*name, None)
        }
        ["arn", partition, "lambda", region, account, "function", name, qualifier] => {
            check_arn_prefix(partition, region, account)?;
            let ok = !qualifier.is_empty()
                && qualifier.len() <= 128
                && qualifier
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_$".contains(c));
            ok.then_some(())?;
            (*name, Some(*qualifier))
        }
        _ => return None,
    };
    let name_ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    name_ok.then_some(Target::Function { name, qualifier })
}

fn check_arn_prefix(partition: &str, region: &str, account: &str) -> Option<()> {
    let partition_ok = partition.starts_with("aws")
        && partition
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-');
    let region_ok = !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let account_ok = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    (partition_ok && region_ok && account_ok).then_some(())
}

impl LambdaConfig {
    /// The function or URL `trigger` calls, if it is set.
    pub fn target(&self, trigger: Trigger) -> Option<&str> {
        match trigger {
            Trigger::PreSignUp => self.pre_sign_up.as_deref(),
            Trigger::PostConfirmation => self.post_confirmation.as_deref(),
            Trigger::PreAuthentication => self.pre_authentication.as_deref(),
            Trigger::PostAuthentication => self.post_authentication.as_deref(),
            Trigger::PreTokenGeneration => self
                .pre_token_generation_config
                .as_ref()
                .map(|c| c.lambda_arn.as_str())
                .or(self.pre_token_generation.as_deref()),
            Trigger::CustomMessage => self.custom_message.as_deref(),
        }
    }

    /// The event version the pre token generation trigger gets: `V1_0`
    /// unless `pre_token_generation_config` says otherwise.
    pub fn pre_token_generation_version(&self) -> LambdaVersion {
        self.pre_token_generation_config
            .as_ref()
            .map_or(LambdaVersion::V1, |c| c.lambda_version)
    }

    /// Whether no trigger is set.
    pub fn is_empty(&self) -> bool {
        *self == LambdaConfig::default()
    }

    /// Both ways of naming the pre token generation function, as
    /// `DescribeUserPool` shows them once either is set (API Reference,
    /// `PreTokenGenerationVersionConfigType`: "This parameter and the
    /// PreTokenGeneration property of LambdaConfig have the same value").
    pub fn normalized(mut self) -> LambdaConfig {
        match (
            &self.pre_token_generation,
            &self.pre_token_generation_config,
        ) {
            (None, Some(c)) => self.pre_token_generation = Some(c.lambda_arn.clone()),
            (Some(arn), None) => {
                self.pre_token_generation_config = Some(PreTokenGenerationConfig {
                    lambda_version: LambdaVersion::V1,
                    lambda_arn: arn.clone(),
                })
            }
            _ => {}
        }
        self
    }

    /// Checks every target; `has_endpoint` says whether Lambda ARNs can be
    /// invoked (a `lambda_endpoint` is set). Errors name the TOML key.
    pub fn validate(&self, has_endpoint: bool) -> Result<(), String> {
        let members = [
            ("pre_sign_up", &self.pre_sign_up),
            ("post_confirmation", &self.post_confirmation),
            ("pre_authentication", &self.pre_authentication),
            ("post_authentication", &self.post_authentication),
            ("pre_token_generation", &self.pre_token_generation),
            ("custom_message", &self.custom_message),
        ];
        let config_arn = self
            .pre_token_generation_config
            .as_ref()
            .map(|c| ("pre_token_generation_config.lambda_arn", &c.lambda_arn));
        for (key, value) in members
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v)))
            .chain(config_arn)
        {
            match Target::parse(value).map_err(|e| format!("lambda_config.{key}: {e}"))? {
                Target::Function { .. } if !has_endpoint => {
                    return Err(format!(
                        "lambda_config.{key} names the Lambda function {value:?}, but no Lambda \
                         endpoint is set: start the emulator with --lambda-endpoint URL (e.g. \
                         http://127.0.0.1:3001, where `sam local start-lambda` listens) or set \
                         lambda_endpoint in the configuration file; or give the trigger an \
                         http:// URL instead"
                    ));
                }
                _ => {}
            }
        }
        if let (Some(arn), Some(c)) = (
            &self.pre_token_generation,
            &self.pre_token_generation_config,
        ) {
            if *arn != c.lambda_arn {
                return Err(format!(
                    "lambda_config.pre_token_generation ({arn:?}) and \
                     pre_token_generation_config.lambda_arn ({:?}) name different functions; \
                     Cognito keeps them equal, so set just one of them",
                    c.lambda_arn
                ));
            }
        }
        Ok(())
    }
}

/// Checks the `lambda_endpoint` setting: the base URL of a Lambda Invoke
/// API, `http://host:port` (no TLS client in the emulator).
pub fn validate_endpoint(endpoint: &str) -> Result<(), String> {
    match Target::parse(endpoint) {
        Ok(Target::Url(_)) => Ok(()),
        Ok(Target::Function { .. }) | Err(_) => Err(format!(
            "lambda_endpoint {endpoint:?} must be an http:// URL, the base of a Lambda Invoke API \
             such as http://127.0.0.1:3001 (`sam local start-lambda`) or http://localhost:4566 \
             (LocalStack)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_function_arns_or_http_urls() {
        assert_eq!(
            Target::parse("arn:aws:lambda:ap-northeast-1:123456789012:function:PreSignUpFunction"),
            Ok(Target::Function {
                name: "PreSignUpFunction",
                qualifier: None
            })
        );
        assert_eq!(
            Target::parse("arn:aws-cn:lambda:cn-north-1:123456789012:function:f:live"),
            Ok(Target::Function {
                name: "f",
                qualifier: Some("live")
            })
        );
        assert_eq!(
            Target::parse("http://127.0.0.1:8000/pre-sign-up"),
            Ok(Target::Url("http://127.0.0.1:8000/pre-sign-up"))
        );
        for bad in [
            "arn:aws:lambda:ap-northeast-1:12345:function:f",
            "arn:aws:iam::123456789012:role/f",
            "arn:aws:lambda:ap-northeast-1:123456789012:function:",
            "arn:aws:lambda:ap-northeast-1:123456789012:function:a b",
            "PreSignUpFunction",
            "http://",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
        let e = Target::parse("https://example.com/hook").unwrap_err();
        assert!(e.contains("https trigger URLs are not supported"), "{e}");
    }

    #[test]
    fn the_pre_token_generation_function_has_two_names_kept_equal() {
        let arn = "arn:aws:lambda:ap-northeast-1:123456789012:function:Tokens".to_owned();
        let v1 = LambdaConfig {
            pre_token_generation: Some(arn.clone()),
            ..LambdaConfig::default()
        };
        assert_eq!(v1.target(Trigger::PreTokenGeneration), Some(arn.as_str()));
        assert_eq!(v1.pre_token_generation_version(), LambdaVersion::V1);
        let normalized = v1.normalized();
        assert_eq!(
            normalized.pre_token_generation_config,
            Some(PreTokenGenerationConfig {
                lambda_version: LambdaVersion::V1,
                lambda_arn: arn.clone()
            })
        );

        let v2 = LambdaConfig {
            pre_token_generation_config: Some(PreTokenGenerationConfig {
                lambda_version: LambdaVersion::V2,
                lambda_arn: arn.clone(),
            }),
            ..LambdaConfig::default()
        };
        assert_eq!(v2.pre_token_generation_version(), LambdaVersion::V2);
        assert_eq!(v2.clone().normalized().pre_token_generation, Some(arn));
        assert!(v2.validate(true).is_ok());

        let differ = LambdaConfig {
            pre_token_generation: Some(
                "arn:aws:lambda:ap-northeast-1:123456789012:function:Other".into(),
            ),
            ..v2
        };
        let e = differ.validate(true).unwrap_err();
        assert!(e.contains("name different functions"), "{e}");
    }

    #[test]
    fn function_arns_need_an_endpoint_urls_do_not() {
        let config = LambdaConfig {
            pre_sign_up: Some("arn:aws:lambda:ap-northeast-1:123456789012:function:f".into()),
            post_confirmation: Some("http://127.0.0.1:9/x".into()),
            ..LambdaConfig::default()
        };
        let e = config.validate(false).unwrap_err();
        assert!(e.starts_with("lambda_config.pre_sign_up"), "{e}");
        assert!(e.contains("--lambda-endpoint"), "{e}");
        assert!(config.validate(true).is_ok());
        assert!(LambdaConfig {
            pre_sign_up: None,
            ..config
        }
        .validate(false)
        .is_ok());
        assert!(validate_endpoint("http://127.0.0.1:3001").is_ok());
        assert!(validate_endpoint("127.0.0.1:3001").is_err());
    }

    #[test]
    fn versions() {
        assert_eq!(LambdaVersion::parse("V2_0"), Ok(LambdaVersion::V2));
        assert_eq!(LambdaVersion::V2.event_version(), "2");
        assert!(LambdaVersion::parse("V3_0").unwrap_err().contains("V2_0"));
        assert!(LambdaVersion::parse("2").is_err());
    }
}
