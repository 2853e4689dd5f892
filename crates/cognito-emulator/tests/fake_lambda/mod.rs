//! A Lambda Invoke API for the trigger tests (Lambda API Reference,
//! "Invoke"): `POST /2015-03-31/functions/{name}/invocations` answered by
//! closures the test registers, as `sam local start-lambda` answers with
//! the user's handlers; `POST /hook/{name}` answers the same way for
//! triggers given as plain URLs. Every event is recorded.
#![allow(dead_code)]

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use tokio::task::JoinHandle;

/// How a function answers.
pub enum Reply {
    /// Returns this event (200, JSON).
    Event(Value),
    /// Raises: 200 with `X-Amz-Function-Error: Unhandled` and Lambda's error
    /// body, as a Python handler's `raise Exception(message)` gives.
    Raise(String),
    /// 200 with this body as it is.
    Body(String),
    /// An HTTP error from the Invoke API itself, with `x-amzn-ErrorType`.
    Status(u16, &'static str),
    /// Waits, then answers.
    Slow(Duration, Box<Reply>),
    /// Does some work first (calls the emulator back, say), then answers.
    Then(Pin<Box<dyn Future<Output = Reply> + Send>>),
}

/// The event with its `response` replaced: what a handler returns after
/// setting `event['response'] = ...`.
pub fn answer(event: &Value, response: Value) -> Reply {
    let mut e = event.clone();
    e["response"] = response;
    Reply::Event(e)
}

/// The event returned unchanged.
pub fn unchanged(event: &Value) -> Reply {
    Reply::Event(event.clone())
}

type Handler = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

#[derive(Clone, Debug)]
pub struct Invocation {
    pub function: String,
    pub qualifier: Option<String>,
    pub event: Value,
    pub invocation_type: Option<String>,
}

#[derive(Clone, Default)]
struct Shared {
    handlers: Arc<Mutex<HashMap<String, Handler>>>,
    calls: Arc<Mutex<Vec<Invocation>>>,
}

pub struct FakeLambda {
    /// `http://127.0.0.1:PORT`: the emulator's `lambda_endpoint`.
    pub url: String,
    shared: Shared,
    task: JoinHandle<()>,
}

impl Drop for FakeLambda {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The ARN of the test function `name` (account and region as in the
/// Cognito guide's example).
pub fn arn(name: &str) -> String {
    format!("arn:aws:lambda:ap-northeast-1:123456789012:function:{name}")
}

impl FakeLambda {
    pub async fn start() -> FakeLambda {
        let shared = Shared::default();
        let app = Router::new()
            .route("/2015-03-31/functions/{name}/invocations", post(invoke))
            .route("/hook/{name}", post(invoke))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeLambda { url, shared, task }
    }

    /// Makes function `name` answer with `handler`.
    pub fn on(&self, name: &str, handler: impl Fn(&Value) -> Reply + Send + Sync + 'static) {
        self.shared
            .handlers
            .lock()
            .unwrap()
            .insert(name.to_owned(), Arc::new(handler));
    }

    /// The URL of function `name` as a plain-URL trigger.
    pub fn hook(&self, name: &str) -> String {
        format!("{}/hook/{name}", self.url)
    }

    pub fn calls(&self) -> Vec<Invocation> {
        self.shared.calls.lock().unwrap().clone()
    }

    /// The events function `name` received, oldest first.
    pub fn events(&self, name: &str) -> Vec<Value> {
        self.calls()
            .into_iter()
            .filter(|c| c.function == name)
            .map(|c| c.event)
            .collect()
    }

    /// The one event function `name` received.
    #[track_caller]
    pub fn only_event(&self, name: &str) -> Value {
        let events = self.events(name);
        assert_eq!(events.len(), 1, "events for {name}: {events:#?}");
        events.into_iter().next().unwrap()
    }
}

async fn invoke(
    State(shared): State<Shared>,
    Path(name): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let event: Value = serde_json::from_slice(&body).expect("the emulator sends JSON events");
    shared.calls.lock().unwrap().push(Invocation {
        function: name.clone(),
        qualifier: query.get("Qualifier").cloned(),
        event: event.clone(),
        invocation_type: headers
            .get("x-amz-invocation-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    });
    let handler = shared.handlers.lock().unwrap().get(&name).cloned();
    let Some(handler) = handler else {
        // What `sam local start-lambda` answers for a function it does not
        // have.
        return (
            StatusCode::NOT_FOUND,
            [("x-amzn-ErrorType", "ResourceNotFoundException")],
            json!({"Type": "User", "Message": format!("Function not found: {name}")}).to_string(),
        )
            .into_response();
    };
    let mut reply = handler(&event);
    loop {
        match reply {
            Reply::Slow(delay, then) => {
                tokio::time::sleep(delay).await;
                reply = *then;
            }
            Reply::Then(work) => reply = work.await,
            Reply::Event(v) => return (StatusCode::OK, v.to_string()).into_response(),
            Reply::Body(b) => return (StatusCode::OK, b).into_response(),
            Reply::Raise(message) => {
                return (
                    StatusCode::OK,
                    [("X-Amz-Function-Error", "Unhandled")],
                    json!({
                        "errorMessage": message,
                        "errorType": "Exception",
                        "stackTrace": ["  File \"/var/task/app.py\", line 5, in lambda_handler\n"],
                    })
                    .to_string(),
                )
                    .into_response()
            }
            Reply::Status(status, error_type) => {
                return (
                    StatusCode::from_u16(status).unwrap(),
                    [("x-amzn-ErrorType", error_type)],
                    json!({"message": "refused"}).to_string(),
                )
                    .into_response()
            }
        }
    }
}
