//! Calling a trigger: the Lambda Invoke API (`POST
//! /2015-03-31/functions/{FunctionName}/invocations`, Lambda API Reference,
//! "Invoke") at the configured endpoint, or an `http://` URL that speaks the
//! same contract; and turning what comes back into Cognito's answers.
//!
//! Cognito's side of it (Developer Guide, "Customizing user pool workflows
//! with Lambda triggers"): triggers are invoked synchronously and must
//! answer within 5 seconds, a limit that cannot be changed. Cognito retries
//! a call that times out, up to three attempts; the emulator makes one, so
//! a hung handler fails in 5 seconds rather than 15 and a slow handler's
//! side effects do not happen three times.
//!
//! How failures are reported (observed in public client code and issue
//! threads; the Developer Guide documents only the `PreSignUp` wording):
//! * the function raised (`X-Amz-Function-Error: Unhandled` or `Handled`,
//!   body `{"errorMessage","errorType"}`): `UserLambdaValidationException`
//!   "`{Trigger} failed with error {errorMessage}.`" — seen for PreSignUp,
//!   PreAuthentication, PostConfirmation, PreTokenGeneration and
//!   CustomMessage;
//! * Cognito got no answer (timeout) or Lambda refused the call:
//!   `UnexpectedLambdaException` "`{Trigger} invocation failed due to error
//!   Socket timeout while invoking Lambda function.`", "`… due to error
//!   AccessDeniedException`" (AWS re:Post, "cognito-lambda-trigger-errors");
//! * an answer that is not JSON: `InvalidLambdaResponseException` "Invalid
//!   lambda function output : Invalid JSON" (aws-amplify/amplify-js issue
//!   13352); JSON that is not the event: "Unrecognizable lambda output"
//!   (e.g. a Python handler that returns `None`, Stack Overflow 42706896).
//!
//! An endpoint that cannot be reached cannot happen on AWS; the emulator
//! reports it as `UnexpectedLambdaException` naming the URL it tried.

use std::time::{Duration, Instant};

use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

use super::lambda_config::{Target, Trigger};

/// Cognito's fixed limit for a trigger's answer.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The largest answer read: Lambda's own limit for a synchronous
/// invocation's response payload (6 MB).
const MAX_RESPONSE_BYTES: usize = 6 * 1024 * 1024;

/// Why a trigger did not give an answer to use. Each maps onto one of
/// Cognito's modelled errors ([`Failure::kind`], [`Failure::message`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The function raised an error: its `errorMessage`.
    Raised {
        /// The trigger called.
        trigger: Trigger,
        /// The function's `errorMessage`.
        message: String,
    },
    /// Cognito got no answer: the detail after "due to error".
    Unexpected {
        /// The trigger called.
        trigger: Trigger,
        /// Why there was no answer (timeout, connection refused, ...).
        detail: String,
    },
    /// The answer was not the event: Cognito's message.
    InvalidResponse(&'static str),
}

/// `InvalidLambdaResponseException` for a body that is not JSON.
pub const INVALID_JSON: &str = "Invalid lambda function output : Invalid JSON";
/// `InvalidLambdaResponseException` for JSON that is not the event.
pub const UNRECOGNIZABLE: &str = "Unrecognizable lambda output";

impl Failure {
    /// The error's `__type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Raised { .. } => "UserLambdaValidationException",
            Failure::Unexpected { .. } => "UnexpectedLambdaException",
            Failure::InvalidResponse(_) => "InvalidLambdaResponseException",
        }
    }

    /// The error's message, worded as Cognito words it. Cognito appends a
    /// period after the function's message even when it ends in one.
    pub fn message(&self) -> String {
        match self {
            Failure::Raised { trigger, message } => {
                format!("{} failed with error {message}.", trigger.name())
            }
            Failure::Unexpected { trigger, detail } => {
                format!("{} invocation failed due to error {detail}", trigger.name())
            }
            Failure::InvalidResponse(message) => (*message).to_owned(),
        }
    }
}

/// Sends events to triggers. One per emulator: it holds the HTTP client
/// (and its connection pool) and the Lambda endpoint.
#[derive(Clone, Debug)]
pub struct Invoker {
    client: reqwest::Client,
    /// The Invoke API's base URL, without a trailing slash.
    endpoint: Option<String>,
}

impl Invoker {
    /// An invoker for the Lambda Invoke API at `endpoint` (the
    /// `lambda_endpoint` setting; `None` leaves only `http://` triggers
    /// usable), waiting at most [`TIMEOUT`] for an answer.
    pub fn new(endpoint: Option<&str>) -> Invoker {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            // Triggers run on this machine (sam local, LocalStack, a test
            // server): a proxy from the environment must not get in between.
            .no_proxy()
            .build()
            .expect("a plain HTTP client always builds");
        Invoker {
            client,
            endpoint: endpoint.map(|e| e.trim_end_matches('/').to_owned()),
        }
    }

    /// The URL an event for `target` is posted to.
    fn url(&self, target: &str) -> Result<String, String> {
        match Target::parse(target)? {
            Target::Url(url) => Ok(url.to_owned()),
            Target::Function { name, qualifier } => {
                let endpoint = self.endpoint.as_deref().ok_or_else(|| {
                    format!(
                        "no Lambda endpoint is set to invoke {target}; start the emulator with \
                         --lambda-endpoint URL"
                    )
                })?;
                let mut url = format!("{endpoint}/2015-03-31/functions/{name}/invocations");
                if let Some(q) = qualifier {
                    url.push_str("?Qualifier=");
                    url.push_str(q);
                }
                Ok(url)
            }
        }
    }

    /// Sends `event` to `target` (an ARN or a URL) and returns the event the
    /// function answered, which has a `response` member (an object or
    /// null).
    pub async fn invoke(
        &self,
        trigger: Trigger,
        target: &str,
        event: &Value,
    ) -> Result<Value, Failure> {
        let source = event["triggerSource"].as_str().unwrap_or_default();
        let unexpected = |detail: String| Failure::Unexpected { trigger, detail };
        let url = self.url(target).map_err(|e| {
            eprintln!("trigger {source}: {e}");
            unexpected(e)
        })?;
        let started = Instant::now();
        let result = self.call(&url, event).await;
        let elapsed = started.elapsed().as_millis();
        match &result {
            Ok(_) => eprintln!("trigger {source}: {url} answered in {elapsed} ms"),
            Err(Outcome::Failed(f)) => {
                eprintln!("trigger {source}: {url}: {} ({elapsed} ms)", f.message())
            }
            Err(Outcome::Unanswered(detail)) => {
                eprintln!("trigger {source}: {url}: {detail} ({elapsed} ms)")
            }
        }
        result.map_err(|outcome| match outcome {
            Outcome::Failed(Failure::Raised { message, .. }) => {
                Failure::Raised { trigger, message }
            }
            Outcome::Failed(f) => f,
            Outcome::Unanswered(detail) => unexpected(detail),
        })
    }

    async fn call(&self, url: &str, event: &Value) -> Result<Value, Outcome> {
        let response = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            // A synchronous call (Lambda API Reference, "Invoke").
            .header("X-Amz-Invocation-Type", "RequestResponse")
            .body(event.to_string())
            .send()
            .await
            .map_err(|e| Outcome::Unanswered(transport_detail(&e, url)))?;
        let status = response.status();
        let function_error = response
            .headers()
            .get("x-amz-function-error")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let error_type = response
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(':').next().unwrap_or(v).to_owned());
        let body = read_body(response).await.map_err(Outcome::Unanswered)?;
        if !status.is_success() {
            // Lambda refused the call (no such function, throttled, ...):
            // Cognito names Lambda's error code.
            return Err(Outcome::Unanswered(
                error_type.unwrap_or_else(|| format!("HTTP {}", status.as_u16())),
            ));
        }
        if let Some(kind) = function_error {
            return Err(Outcome::Failed(Failure::Raised {
                // Replaced by the caller's trigger.
                trigger: Trigger::PreSignUp,
                message: raised_message(&body, &kind),
            }));
        }
        let answer: Value = serde_json::from_slice(&body)
            .map_err(|_| Outcome::Failed(Failure::InvalidResponse(INVALID_JSON)))?;
        let is_event = answer
            .as_object()
            .and_then(|event| event.get("response"))
            .is_some_and(|r| r.is_object() || r.is_null());
        if !is_event {
            return Err(Outcome::Failed(Failure::InvalidResponse(UNRECOGNIZABLE)));
        }
        Ok(answer)
    }
}

/// What [`Invoker::call`] ran into.
enum Outcome {
    Failed(Failure),
    /// No answer: the detail for `UnexpectedLambdaException`.
    Unanswered(String),
}

/// The detail for a request that got no HTTP answer.
fn transport_detail(e: &reqwest::Error, url: &str) -> String {
    if e.is_timeout() {
        // Cognito's words for a trigger that did not answer in time.
        "Socket timeout while invoking Lambda function.".to_owned()
    } else if e.is_connect() {
        // Cannot happen on AWS: the emulator's own words.
        format!(
            "Unable to reach {url} (is `sam local start-lambda` or the handler's server running?)"
        )
    } else {
        format!("The request to {url} failed: {e}")
    }
}

/// Reads at most [`MAX_RESPONSE_BYTES`]; the timeout covers the body too.
async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.extend_from_slice(&chunk);
                if body.len() > MAX_RESPONSE_BYTES {
                    return Err(
                        "the response is larger than 6 MB, Lambda's limit for a synchronous \
                         invocation"
                            .into(),
                    );
                }
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => {
                return Err("Socket timeout while invoking Lambda function.".into())
            }
            Err(e) => return Err(format!("the response could not be read: {e}")),
        }
    }
}

/// The message of a function error: Lambda's `{"errorMessage",
/// "errorType", "stackTrace"}` body. A body without one (a runtime that
/// crashed) falls back to the error type, then to the header's kind.
fn raised_message(body: &[u8], kind: &str) -> String {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    field("errorMessage")
        .or_else(|| field("errorType"))
        .or_else(|| parsed.as_ref().and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| kind.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_worded_as_cognito_words_them() {
        let raised = Failure::Raised {
            trigger: Trigger::PreSignUp,
            message: "Only @example.com emails allowed".into(),
        };
        assert_eq!(raised.kind(), "UserLambdaValidationException");
        assert_eq!(
            raised.message(),
            "PreSignUp failed with error Only @example.com emails allowed."
        );
        // The period is appended even after one (observed in public client
        // code: "PreSignUp failed with error Apikey non valida!.").
        let raised = Failure::Raised {
            trigger: Trigger::PostConfirmation,
            message: "No table.".into(),
        };
        assert_eq!(
            raised.message(),
            "PostConfirmation failed with error No table.."
        );
        let timeout = Failure::Unexpected {
            trigger: Trigger::PreTokenGeneration,
            detail: "Socket timeout while invoking Lambda function.".into(),
        };
        assert_eq!(timeout.kind(), "UnexpectedLambdaException");
        assert_eq!(
            timeout.message(),
            "PreTokenGeneration invocation failed due to error Socket timeout while invoking \
             Lambda function."
        );
        assert_eq!(
            Failure::InvalidResponse(INVALID_JSON).kind(),
            "InvalidLambdaResponseException"
        );
    }

    #[test]
    fn function_urls_come_from_the_arn() {
        let invoker = Invoker::new(Some("http://127.0.0.1:3001/"));
        assert_eq!(
            invoker
                .url("arn:aws:lambda:ap-northeast-1:123456789012:function:PreSignUp")
                .unwrap(),
            "http://127.0.0.1:3001/2015-03-31/functions/PreSignUp/invocations"
        );
        assert_eq!(
            invoker
                .url("arn:aws:lambda:ap-northeast-1:123456789012:function:f:live")
                .unwrap(),
            "http://127.0.0.1:3001/2015-03-31/functions/f/invocations?Qualifier=live"
        );
        assert_eq!(
            invoker.url("http://127.0.0.1:8000/hook").unwrap(),
            "http://127.0.0.1:8000/hook"
        );
        let none = Invoker::new(None);
        assert!(none
            .url("arn:aws:lambda:ap-northeast-1:123456789012:function:f")
            .unwrap_err()
            .contains("--lambda-endpoint"));
    }

    #[test]
    fn raised_messages_come_from_the_error_body() {
        assert_eq!(
            raised_message(
                br#"{"errorMessage":"Only @example.com emails allowed","errorType":"Exception","stackTrace":[]}"#,
                "Unhandled"
            ),
            "Only @example.com emails allowed"
        );
        assert_eq!(
            raised_message(br#"{"errorType":"Runtime.ExitError"}"#, "Unhandled"),
            "Runtime.ExitError"
        );
        assert_eq!(raised_message(b"not json", "Unhandled"), "Unhandled");
    }
}
