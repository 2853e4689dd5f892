//! Password sign-in as the screens use it: the flow `authFlowType` names
//! (`USER_SRP_AUTH` by default, `USER_PASSWORD_AUTH` where the app client
//! allows only that), and the SRP session each attempt needs. No view code
//! and no protocol decisions: the `PASSWORD_VERIFIER` step is the core's
//! (`UserPoolClient::sign_in_with_srp`), what follows is
//! `cognito_client::flow::after_sign_in`'s.

use crate::config::AuthFlowType;
use cognito_client::ops::InitiateAuthResponse;
use cognito_client::secret::Password;
use cognito_client::srp::SrpSession;
use cognito_client::{CognitoError, Transport, UserPoolClient};
use zeroize::Zeroize;

/// The browser gave no random numbers (`crypto.getRandomValues` missing or
/// refused): SRP cannot start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NoRandom;

/// A new SRP session for one sign-in attempt: its secret `a` from
/// [`SrpSession::RANDOM_BYTES`] bytes of `crypto.getRandomValues` (the
/// browser's CSPRNG), which are wiped once the session has its copy.
pub(crate) fn new_srp_session() -> Result<SrpSession, NoRandom> {
    let mut random = [0u8; SrpSession::RANDOM_BYTES];
    web_sys::window()
        .ok_or(NoRandom)?
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut random))
        .map_err(|_| NoRandom)?;
    let session = SrpSession::new(&random).map_err(|_| NoRandom);
    random.zeroize();
    session
}

/// Seconds since the epoch by the browser's clock: the `TIMESTAMP` of the
/// `PASSWORD_VERIFIER` answer.
fn epoch_seconds() -> u64 {
    u64::try_from(crate::session::now()).unwrap_or(0)
}

/// How the password is proven.
pub(crate) enum Proof {
    /// `USER_SRP_AUTH` with this attempt's session.
    Srp(Box<SrpSession>),
    /// `USER_PASSWORD_AUTH`: the password itself, over TLS.
    Password,
}

impl Proof {
    /// What `flow` needs: for SRP, `prepared` (made in advance, so the
    /// exponentiation is done before the user submits) or a new session.
    pub(crate) fn for_flow(
        flow: AuthFlowType,
        prepared: Option<SrpSession>,
    ) -> Result<Proof, NoRandom> {
        match flow {
            AuthFlowType::UserSrpAuth => match prepared {
                Some(session) => Ok(Proof::Srp(Box::new(session))),
                None => new_srp_session().map(|s| Proof::Srp(Box::new(s))),
            },
            AuthFlowType::UserPasswordAuth => Ok(Proof::Password),
        }
    }
}

/// Signs `username` in to `user_pool_id` with `password`, proven as `proof`
/// says. The answer (tokens, or the next challenge) is for
/// `cognito_client::flow::after_sign_in`.
pub(crate) async fn sign_in<T: Transport>(
    client: &UserPoolClient<T>,
    user_pool_id: &str,
    username: &str,
    password: &Password,
    proof: Proof,
) -> Result<InitiateAuthResponse, CognitoError> {
    match proof {
        Proof::Srp(srp) => {
            client
                .sign_in_with_srp(user_pool_id, username, password, &srp, epoch_seconds)
                .await
        }
        Proof::Password => client.initiate_user_password_auth(username, password).await,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use cognito_client::{HttpRequest, HttpResponse, TransportError};
    use std::cell::RefCell;

    /// Answers in order from a script and records `"<Operation> <body>"`.
    #[derive(Default)]
    struct Scripted {
        answers: RefCell<Vec<&'static str>>,
        sent: RefCell<Vec<String>>,
    }

    impl Transport for &Scripted {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            let target = request
                .headers
                .iter()
                .find(|(name, _)| *name == "X-Amz-Target")
                .map(|(_, v)| v.trim_start_matches("AWSCognitoIdentityProviderService."))
                .unwrap_or_default()
                .to_owned();
            self.sent
                .borrow_mut()
                .push(format!("{target} {}", request.body));
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: self.answers.borrow_mut().remove(0).to_owned(),
            })
        }
    }

    const TOKENS: &str = r#"{"AuthenticationResult":{"AccessToken":"a","IdToken":"i"}}"#;

    #[tokio::test]
    async fn user_password_auth_sends_the_password_once() {
        let scripted = Scripted::default();
        scripted.answers.borrow_mut().push(TOKENS);
        let client = UserPoolClient::new(&scripted, "http://127.0.0.1:9229/", "c");
        let proof = Proof::for_flow(AuthFlowType::UserPasswordAuth, None).unwrap();
        sign_in(
            &client,
            "ap-northeast-1_Local",
            "u@example.com",
            &Password::new("Pw-1"),
            proof,
        )
        .await
        .unwrap();
        assert_eq!(
            scripted.sent.take(),
            [
                r#"InitiateAuth {"AuthFlow":"USER_PASSWORD_AUTH","AuthParameters":{"PASSWORD":"Pw-1","USERNAME":"u@example.com"},"ClientId":"c"}"#
            ]
        );
    }

    /// SRP never sends the password: `SRP_A` first, then the claim.
    #[tokio::test]
    async fn srp_sends_a_then_the_claim_and_never_the_password() {
        let fixture: serde_json::Value = serde_json::from_str(include_str!(
            "../crates/cognito-client/tests/fixtures/srp_vectors.json"
        ))
        .unwrap();
        let v = &fixture["vectors"][0];
        let field = |k: &str| v[k].as_str().unwrap().to_owned();
        let challenge = serde_json::json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {"USER_ID_FOR_SRP": field("user_id"), "USERNAME": field("user_id"),
                "SALT": field("salt"), "SRP_B": field("srp_b"), "SECRET_BLOCK": field("secret_block")}
        })
        .to_string();
        let scripted = Scripted::default();
        scripted
            .answers
            .borrow_mut()
            .extend([challenge.leak() as &str, TOKENS]);
        let client = UserPoolClient::new(&scripted, "http://127.0.0.1:9229/", "c");
        let srp = SrpSession::new(&[0x5a; SrpSession::RANDOM_BYTES]).unwrap();
        let srp_a = srp.srp_a().to_owned();
        let proof = Proof::for_flow(AuthFlowType::UserSrpAuth, Some(srp)).unwrap();
        let password = field("password");
        sign_in(
            &client,
            &field("pool_id"),
            "u@example.com",
            &Password::new(password.clone()),
            proof,
        )
        .await
        .unwrap();
        let sent = scripted.sent.take();
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert!(
            sent[0].starts_with(r#"InitiateAuth {"AuthFlow":"USER_SRP_AUTH""#)
                && sent[0].contains(&format!(r#""SRP_A":"{srp_a}""#)),
            "{}",
            sent[0]
        );
        assert!(
            sent[1].starts_with("RespondToAuthChallenge "),
            "{}",
            sent[1]
        );
        assert!(sent[1].contains(r#""ChallengeName":"PASSWORD_VERIFIER""#));
        assert!(sent.iter().all(|s| !s.contains(&password)), "{sent:?}");
    }
}
