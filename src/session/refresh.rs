//! Exchanging the refresh token for new tokens, through the endpoint that
//! issued the session: `InitiateAuth` `REFRESH_TOKEN_AUTH` for a sign-in
//! through the user pool API, `grant_type=refresh_token` at the user pool
//! domain's token endpoint for a social sign-in (docs/cognito-protocol.md
//! §1.4, §4.3). What a failure means is the core's decision
//! ([`cognito_client::session`]).

use crate::config::AuthConfig;
use crate::transport::FetchTransport;
use cognito_client::flow::{after_refresh, Tokens};
use cognito_client::oauth::{after_refresh_response, refresh_token_request, OAuthError};
use cognito_client::session::{
    classify_oauth_refresh_error, classify_refresh_error, EndReason, RefreshFailure, SignInMethod,
};
use cognito_client::token_check::TokenExpectations;
use cognito_client::{CognitoError, Transport, UserPoolClient};

/// Why no new tokens came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefreshError {
    /// Nobody is signed in.
    NoSession,
    /// The session is over; the reason says why.
    Ended(EndReason),
    /// No usable answer from `endpoint` (offline, a 5xx): the session
    /// stands and the refresh is tried again later.
    Unreachable {
        /// What could not be reached.
        endpoint: String,
    },
}

impl RefreshError {
    fn from_failure(failure: RefreshFailure, endpoint: &str) -> Self {
        match failure {
            RefreshFailure::Ended(reason) => RefreshError::Ended(reason),
            RefreshFailure::Transient => RefreshError::Unreachable {
                endpoint: endpoint.to_owned(),
            },
        }
    }
}

/// New tokens for `tokens` (their refresh token kept: Cognito does not
/// rotate it unless configured to, and then the new one is taken).
pub(crate) async fn exchange(
    config: &AuthConfig,
    tokens: &Tokens,
    method: SignInMethod,
    now: i64,
) -> Result<Tokens, RefreshError> {
    let Some(refresh_token) = &tokens.refresh_token else {
        // This tab has no refresh token (tokenStorage "local" keeps it in the
        // tab that signed in): the session ends with its tokens.
        return Err(RefreshError::Ended(EndReason::Expired));
    };
    match method {
        SignInMethod::UserPoolApi => {
            let client = UserPoolClient::new(
                FetchTransport,
                config.user_pool_endpoint.clone(),
                config.user_pool_client_id.clone(),
            );
            let endpoint = client.endpoint().to_owned();
            let refreshed = match client.initiate_refresh_token_auth(refresh_token).await {
                Ok(answer) => after_refresh(tokens, answer, now),
                Err(e) => Err(e),
            };
            refreshed.map_err(|e: CognitoError| {
                RefreshError::from_failure(classify_refresh_error(&e), &endpoint)
            })
        }
        SignInMethod::HostedUi => {
            let Some(oauth) = &config.oauth else {
                // Signed in through a domain this configuration no longer has.
                return Err(RefreshError::Ended(EndReason::Other));
            };
            let request =
                refresh_token_request(&oauth.domain, &config.user_pool_client_id, refresh_token);
            let endpoint = request.url.clone();
            let expected = TokenExpectations::new(config.issuer(), &config.user_pool_client_id)
                .with_skew(config.clock_skew_seconds);
            let refreshed = match FetchTransport.send(request.clone()).await {
                Ok(response) => after_refresh_response(tokens, &response, now, &expected),
                Err(e) => Err(OAuthError::transport(&request, e)),
            };
            refreshed.map_err(|e| {
                RefreshError::from_failure(classify_oauth_refresh_error(&e), &endpoint)
            })
        }
    }
}
