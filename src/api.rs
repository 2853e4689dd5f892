//! Calling an API with the signed-in user's token, as an API behind API
//! Gateway's Cognito user pool authorizer expects it: the raw JWT in
//! `Authorization` (docs/cognito-protocol.md §10). The token is made fresh
//! first; a 401 (it expired on the way, or was revoked) gets one renewal
//! and one more try.
//!
//! Also what the account page makes of the sample API's answers (the
//! emulator's `/_local/api/whoami` and `/_local/api/admin`).

use crate::auth::AuthContext;
use crate::session::SessionError;
use crate::transport::FetchTransport;
use cognito_client::{HttpRequest, HttpResponse, Transport};
use serde_json::Value;
use std::future::Future;

/// Why an API call gave no answer.
///
/// ```
/// use leptos_cognito::api::ApiError;
/// use leptos_cognito::SessionError;
///
/// fn advice(error: &ApiError) -> &'static str {
///     match error {
///         ApiError::Session(SessionError::NotSignedIn) => "Please sign in again.",
///         ApiError::Session(SessionError::Unreachable { .. }) => "The sign-in service cannot be reached.",
///         ApiError::Transport { .. } => "The API cannot be reached; try again.",
///     }
/// }
///
/// let error = ApiError::from(SessionError::NotSignedIn);
/// assert_eq!(advice(&error), "Please sign in again.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// No fresh token: nobody is signed in, or the session could not be
    /// renewed.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// The API could not be reached.
    #[error("could not reach {endpoint}: {message}")]
    Transport {
        /// Its URL.
        endpoint: String,
        /// What the platform said.
        message: String,
    },
}

/// `request` with `Authorization: <token>` (any other `Authorization` header
/// replaced).
///
/// ```
/// use leptos_cognito::api::with_authorization;
/// use leptos_cognito::HttpRequest;
///
/// let request = HttpRequest {
///     method: "GET",
///     url: "https://api.example.com/prod/orders".into(),
///     headers: vec![("Authorization", "stale".to_owned())],
///     body: String::new(),
/// };
/// let request = with_authorization(request, "eyJraWQiOi...");
/// assert_eq!(request.headers, vec![("Authorization", "eyJraWQiOi...".to_owned())]);
/// ```
pub fn with_authorization(mut request: HttpRequest, token: &str) -> HttpRequest {
    request
        .headers
        .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
    request.headers.push(("Authorization", token.to_owned()));
    request
}

/// Sends `request` with the token `token(false)` gives; on 401, once more
/// with the token `token(true)` gives (the source renews the session for
/// it). Any other answer is returned as it came.
pub(crate) async fn send_authorized<T, F, Fut>(
    transport: &T,
    request: HttpRequest,
    mut token: F,
) -> Result<HttpResponse, ApiError>
where
    T: Transport,
    F: FnMut(bool) -> Fut,
    Fut: Future<Output = Result<String, SessionError>>,
{
    let send = |request: HttpRequest| async {
        let endpoint = request.url.clone();
        transport
            .send(request)
            .await
            .map_err(|e| ApiError::Transport {
                endpoint,
                message: e.message,
            })
    };
    let first = token(false).await?;
    let response = send(with_authorization(request.clone(), &first)).await?;
    if response.status != 401 {
        return Ok(response);
    }
    let renewed = token(true).await?;
    send(with_authorization(request, &renewed)).await
}

impl AuthContext {
    /// Sends `request` (built with the core's plain [`HttpRequest`]) with
    /// `Authorization: <token>`: the ID token, or the access token with
    /// `access = true`, renewed first when due. A 401 answer gets the
    /// session renewed and the request sent once more.
    ///
    /// ```no_run
    /// # async fn example(auth: leptos_cognito::AuthContext) {
    /// use leptos_cognito::HttpRequest;
    /// let request = HttpRequest {
    ///     method: "GET",
    ///     url: "https://api.example.com/prod/orders".into(),
    ///     headers: vec![],
    ///     body: String::new(),
    /// };
    /// match auth.authorized_fetch(request, false).await {
    ///     Ok(response) => println!("{} {}", response.status, response.body),
    ///     Err(e) => println!("{e}"),
    /// }
    /// # }
    /// ```
    pub async fn authorized_fetch(
        &self,
        request: HttpRequest,
        access: bool,
    ) -> Result<HttpResponse, ApiError> {
        let auth = *self;
        send_authorized(&FetchTransport, request, move |renew| async move {
            if renew {
                let session = auth.refresh_now().await?;
                let tokens = session.tokens();
                Ok(if access {
                    tokens.access_token.expose().to_owned()
                } else {
                    tokens.id_token.expose().to_owned()
                })
            } else {
                auth.fresh_token(access).await
            }
        })
        .await
    }
}

/// A `GET` of `url`, no body.
pub(crate) fn get(url: &str) -> HttpRequest {
    HttpRequest {
        method: "GET",
        url: url.to_owned(),
        headers: Vec::new(),
        body: String::new(),
    }
}

/// Who the sample API says the caller is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WhoAmI {
    pub username: String,
    pub groups: Vec<String>,
}

/// The sample API's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ApiAnswer {
    /// 200: who the caller is.
    Allowed(WhoAmI),
    /// 403: a valid token, not allowed here.
    Denied,
    /// Any other answer: its status and API Gateway's `message` (text).
    Failed { status: u16, message: String },
}

/// Reads a sample API answer: 200 with `{"username", "groups", …}`, 403,
/// or API Gateway's `{"message": …}` refusals.
pub(crate) fn read_answer(response: &HttpResponse) -> ApiAnswer {
    let body: Option<Value> = serde_json::from_str(&response.body).ok();
    let text = |name: &str| {
        body.as_ref()
            .and_then(|b| b.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    match response.status {
        200 => match text("username") {
            Some(username) => ApiAnswer::Allowed(WhoAmI {
                username,
                groups: body
                    .as_ref()
                    .and_then(|b| b.get("groups"))
                    .and_then(Value::as_array)
                    .map(|list| {
                        list.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default(),
            }),
            None => ApiAnswer::Failed {
                status: 200,
                message: "the answer has no username".into(),
            },
        },
        403 => ApiAnswer::Denied,
        status => ApiAnswer::Failed {
            status,
            message: text("message")
                .or_else(|| text("Message"))
                .unwrap_or_default(),
        },
    }
}

// Native only: driven by tokio.
#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use super::*;
    use cognito_client::TransportError;
    use std::cell::{Cell, RefCell};

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![],
            body: body.into(),
        }
    }

    /// Answers 401 to the token "old" (expired on the way) and 200 to
    /// anything else, recording the Authorization headers it saw.
    struct Api {
        seen: RefCell<Vec<String>>,
        down: bool,
    }

    impl Transport for Api {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            if self.down {
                return Err(TransportError {
                    message: "offline".into(),
                });
            }
            let auth: Vec<&String> = request
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                .map(|(_, v)| v)
                .collect();
            assert_eq!(auth.len(), 1, "exactly one Authorization header");
            self.seen.borrow_mut().push(auth[0].clone());
            Ok(if auth[0] == "old" {
                response(401, r#"{"message":"The incoming token has expired"}"#)
            } else {
                response(200, r#"{"username":"u","groups":["admin"]}"#)
            })
        }
    }

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    fn request() -> HttpRequest {
        let mut r = get("http://127.0.0.1:9229/_local/api/whoami");
        r.headers.push(("authorization", "stale".into()));
        r
    }

    #[test]
    fn a_401_gets_one_renewal_and_one_more_try() {
        let api = Api {
            seen: RefCell::new(vec![]),
            down: false,
        };
        let renewals = Cell::new(0);
        let answer = run(send_authorized(&api, request(), |renew| {
            if renew {
                renewals.set(renewals.get() + 1);
            }
            async move {
                Ok(if renew {
                    "new".to_owned()
                } else {
                    "old".to_owned()
                })
            }
        }))
        .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(*api.seen.borrow(), ["old", "new"]);
        assert_eq!(renewals.get(), 1);
    }

    #[test]
    fn only_once_and_only_for_401() {
        let api = Api {
            seen: RefCell::new(vec![]),
            down: false,
        };
        // Still 401 after the renewal: that answer is returned.
        let answer = run(send_authorized(&api, request(), |_| async {
            Ok("old".to_owned())
        }))
        .unwrap();
        assert_eq!(answer.status, 401);
        assert_eq!(api.seen.borrow().len(), 2);
        // A good token: one request, no renewal.
        api.seen.borrow_mut().clear();
        let renewals = Cell::new(0);
        let answer = run(send_authorized(&api, request(), |renew| {
            if renew {
                renewals.set(renewals.get() + 1);
            }
            async { Ok("good".to_owned()) }
        }))
        .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(api.seen.borrow().len(), 1);
        assert_eq!(renewals.get(), 0);
    }

    #[test]
    fn no_token_or_no_network_is_an_error() {
        let api = Api {
            seen: RefCell::new(vec![]),
            down: false,
        };
        assert_eq!(
            run(send_authorized(&api, request(), |_| async {
                Err(SessionError::NotSignedIn)
            })),
            Err(ApiError::Session(SessionError::NotSignedIn))
        );
        assert!(api.seen.borrow().is_empty(), "nothing sent without a token");
        let down = Api {
            seen: RefCell::new(vec![]),
            down: true,
        };
        assert!(matches!(
            run(send_authorized(&down, request(), |_| async { Ok("t".to_owned()) })),
            Err(ApiError::Transport { endpoint, .. }) if endpoint.ends_with("/whoami")
        ));
    }

    #[test]
    fn the_sample_apis_answers() {
        assert_eq!(
            read_answer(&response(
                200,
                r#"{"sub":"s","username":"u-1","email":"a@example.com","groups":["admin","users"],"token_use":"id"}"#
            )),
            ApiAnswer::Allowed(WhoAmI {
                username: "u-1".into(),
                groups: vec!["admin".into(), "users".into()]
            })
        );
        assert_eq!(
            read_answer(&response(200, r#"{"username":"u","groups":[]}"#)),
            ApiAnswer::Allowed(WhoAmI {
                username: "u".into(),
                groups: vec![]
            })
        );
        assert_eq!(
            read_answer(&response(
                403,
                r#"{"message":"User is not authorized to access this resource"}"#
            )),
            ApiAnswer::Denied
        );
        assert_eq!(
            read_answer(&response(401, r#"{"message":"Unauthorized"}"#)),
            ApiAnswer::Failed {
                status: 401,
                message: "Unauthorized".into()
            }
        );
        assert!(matches!(
            read_answer(&response(200, "<html>")),
            ApiAnswer::Failed { status: 200, .. }
        ));
        assert!(matches!(
            read_answer(&response(502, "")),
            ApiAnswer::Failed { status: 502, message } if message.is_empty()
        ));
    }

    #[test]
    fn the_authorization_header_is_replaced_not_added() {
        let r = with_authorization(request(), "jwt");
        let values: Vec<&str> = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(values, ["jwt"]);
    }
}
