//! A signed-in user: tokens that passed verification, and their claims.

use cognito_client::flow::Tokens;
use cognito_client::jwt::Claims;
use cognito_client::session::{groups, refresh_at, session_key, SignInMethod};
use cognito_client::token_check::time_claim;
use cognito_client::verify::{VerifiedToken, VerifiedTokens};
use serde_json::Value;
use std::sync::Arc;

/// A signed-in user: the tokens and their verified claims.
///
/// A `Session` only exists for tokens that passed every check of
/// docs/cognito-protocol.md §5.4 in this browser: the RS256 signature with the
/// user pool's key named by `kid` (WebCrypto), `iss`, `aud` / `client_id`,
/// `token_use`, `exp` and `iat`, and — after social sign-in — `at_hash`.
/// Servers that receive the tokens must still verify them themselves.
///
/// Cheap to clone: the tokens and claims are shared.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_cognito::{use_auth, Session};
///
/// #[component]
/// fn Profile() -> impl IntoView {
///     let auth = use_auth();
///     let profile = move |session: Session| {
///         view! {
///             <dl>
///                 <dt>"Email"</dt><dd>{session.email().map(str::to_owned)}</dd>
///                 <dt>"Groups"</dt><dd>{session.groups().join(", ")}</dd>
///             </dl>
///         }
///     };
///     move || auth.session().map(profile)
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Session(Arc<Verified>);

#[derive(Debug, PartialEq)]
struct Verified {
    tokens: Tokens,
    method: SignInMethod,
    id: VerifiedToken,
    access: VerifiedToken,
    key: String,
}

impl Session {
    /// A session from tokens that [`cognito_client::verify`] verified.
    pub(crate) fn from_verified(
        tokens: Tokens,
        method: SignInMethod,
        verified: VerifiedTokens,
    ) -> Self {
        let key = session_key(&verified.access.claims);
        Session(Arc::new(Verified {
            tokens,
            method,
            id: verified.id,
            access: verified.access,
            key,
        }))
    }

    /// The tokens (ID, access, refresh) and their expiry. To call an API,
    /// [`AuthContext::fresh_token`](crate::AuthContext::fresh_token) gives
    /// one renewed when due.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn bearer(session: &Session) -> String {
    ///     format!("Bearer {}", session.tokens().access_token.expose())
    /// }
    /// ```
    pub fn tokens(&self) -> &Tokens {
        &self.0.tokens
    }

    /// The ID token's claims, verified.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn email_verified(session: &Session) -> bool {
    ///     session.claims().get("email_verified").and_then(|v| v.as_bool()) == Some(true)
    /// }
    /// ```
    pub fn claims(&self) -> &Claims {
        &self.0.id.claims
    }

    /// The access token's claims, verified.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// /// The OAuth scopes the access token grants (`scope`, space-separated).
    /// fn scopes(session: &Session) -> Vec<String> {
    ///     let scope = session.access_claims().get("scope").and_then(|v| v.as_str());
    ///     scope.unwrap_or_default().split_whitespace().map(str::to_owned).collect()
    /// }
    /// ```
    pub fn access_claims(&self) -> &Claims {
        &self.0.access.claims
    }

    /// A string claim of the ID token.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn tenant(session: &Session) -> Option<&str> {
    ///     session.claim("custom:tenant")
    /// }
    /// ```
    pub fn claim(&self, name: &str) -> Option<&str> {
        self.0.id.claims.get(name).and_then(Value::as_str)
    }

    /// The `email` claim.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn greeting(session: &Session) -> String {
    ///     format!("Signed in as {}", session.email().unwrap_or("an unknown user"))
    /// }
    /// ```
    pub fn email(&self) -> Option<&str> {
        self.claim("email")
    }

    /// The `name` claim.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn display_name(session: &Session) -> &str {
    ///     session.name().or(session.email()).unwrap_or("you")
    /// }
    /// ```
    pub fn name(&self) -> Option<&str> {
        self.claim("name")
    }

    /// The `sub` claim: the user's stable ID in the pool.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// /// A per-user key for data the app keeps in the browser.
    /// fn drafts_key(session: &Session) -> Option<String> {
    ///     session.sub().map(|sub| format!("drafts.{sub}"))
    /// }
    /// ```
    pub fn sub(&self) -> Option<&str> {
        self.claim("sub")
    }

    /// The user's groups: the ID token's `cognito:groups`, in its order.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn roles(session: &Session) -> String {
    ///     session.groups().join(", ")
    /// }
    /// ```
    pub fn groups(&self) -> Vec<String> {
        groups(&self.0.id.claims)
    }

    /// Whether the user is in `group` (by the ID token's `cognito:groups`).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::Authenticator;
    ///
    /// #[component]
    /// fn Portal() -> impl IntoView {
    ///     view! {
    ///         <Authenticator on_signed_in=move |session: leptos_cognito::Session| {
    ///             if session.is_in_group("admin") {
    ///                 leptos::logging::log!("an administrator signed in");
    ///             }
    ///         }>
    ///             <p>"Signed in."</p>
    ///         </Authenticator>
    ///     }
    /// }
    /// ```
    pub fn is_in_group(&self, group: &str) -> bool {
        self.groups().iter().any(|g| g == group)
    }

    /// The `kid` of the user pool key whose signature of the ID token
    /// verified.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn key_ids(session: &Session) -> String {
    ///     format!("ID token: {}, access token: {}", session.id_token_key_id(), session.access_token_key_id())
    /// }
    /// ```
    pub fn id_token_key_id(&self) -> &str {
        &self.0.id.kid
    }

    /// The `kid` of the key whose signature of the access token verified
    /// (Cognito signs the two with different keys).
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn signed_by(session: &Session) -> &str {
    ///     session.access_token_key_id()
    /// }
    /// ```
    pub fn access_token_key_id(&self) -> &str {
        &self.0.access.kid
    }

    /// How the user signed in, which decides how the session is renewed.
    ///
    /// ```no_run
    /// use cognito_client::session::SignInMethod;
    /// use leptos_cognito::Session;
    ///
    /// fn signed_in_with(session: &Session) -> &'static str {
    ///     match session.sign_in_method() {
    ///         SignInMethod::UserPoolApi => "a password",
    ///         SignInMethod::HostedUi => "a social provider",
    ///     }
    /// }
    /// ```
    pub fn sign_in_method(&self) -> SignInMethod {
        self.0.method
    }

    /// When the ID and access tokens expire, epoch seconds by this
    /// browser's clock.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn minutes_left(session: &Session, now: i64) -> i64 {
    ///     (session.expires_at() - now).max(0) / 60
    /// }
    /// ```
    pub fn expires_at(&self) -> i64 {
        self.0.tokens.expires_at
    }

    /// When the session is renewed: a quarter of the tokens' lifetime
    /// before they expire, at most a minute before.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn renewal_note(session: &Session) -> String {
    ///     format!("renewed at {}, expires at {}", session.refresh_at(), session.expires_at())
    /// }
    /// ```
    pub fn refresh_at(&self) -> i64 {
        let claims = &self.0.access.claims;
        let lifetime = match (time_claim(claims, "iat"), time_claim(claims, "exp")) {
            (Some(iat), Some(exp)) if exp > iat => exp - iat,
            _ => 3600,
        };
        refresh_at(
            self.0.tokens.expires_at - lifetime,
            self.0.tokens.expires_at,
        )
    }

    /// Whether the tokens are due for renewal at `now`.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// fn status(session: &Session, now: i64) -> &'static str {
    ///     if session.needs_refresh(now) { "renewing" } else { "fresh" }
    /// }
    /// ```
    pub fn needs_refresh(&self, now: i64) -> bool {
        now >= self.refresh_at()
    }

    /// Whether the access token has expired at `now`.
    ///
    /// ```no_run
    /// use leptos_cognito::Session;
    ///
    /// /// Epoch seconds by the browser's clock.
    /// fn now() -> i64 {
    ///     (js_sys::Date::now() / 1000.0) as i64
    /// }
    ///
    /// fn usable(session: &Session) -> bool {
    ///     !session.is_expired(now())
    /// }
    /// ```
    pub fn is_expired(&self, now: i64) -> bool {
        now >= self.0.tokens.expires_at
    }

    /// The claims as indented JSON, for display.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use leptos_cognito::use_auth;
    ///
    /// #[component]
    /// fn Claims() -> impl IntoView {
    ///     let auth = use_auth();
    ///     view! { <pre>{move || auth.session().map(|s| s.claims_pretty())}</pre> }
    /// }
    /// ```
    pub fn claims_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.0.id.claims).unwrap_or_default()
    }

    /// What names this sign-in across tabs and refreshes.
    pub(crate) fn key(&self) -> &str {
        &self.0.key
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use cognito_client::secret::{AccessToken, IdToken, RefreshToken};
    use serde_json::json;

    fn map(v: Value) -> Claims {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    /// A session as verification would make it (the checks themselves are
    /// the core's, tested there and in the browser tests).
    pub(crate) fn session(id_claims: Value, access_claims: Value, expires_at: i64) -> Session {
        let tokens = Tokens {
            id_token: IdToken::new("id.token.sig"),
            access_token: AccessToken::new("access.token.sig"),
            refresh_token: Some(RefreshToken::new("refresh")),
            expires_at,
        };
        Session::from_verified(
            tokens,
            SignInMethod::UserPoolApi,
            VerifiedTokens {
                id: VerifiedToken {
                    claims: map(id_claims),
                    kid: "id-kid".into(),
                },
                access: VerifiedToken {
                    claims: map(access_claims),
                    kid: "access-kid".into(),
                },
            },
        )
    }

    #[test]
    fn session_reads_the_verified_claims_and_groups() {
        let s = session(
            json!({"sub":"abc-123","email":"taro@example.jp","name":"山田 太郎","email_verified":true,
                   "cognito:groups":["admin","users"]}),
            json!({"sub":"abc-123","origin_jti":"j-1","iat":0,"exp":3600}),
            10_000,
        );
        assert_eq!(s.email(), Some("taro@example.jp"));
        assert_eq!(s.name(), Some("山田 太郎"));
        assert_eq!(s.sub(), Some("abc-123"));
        assert_eq!(s.claim("email_verified"), None, "not a string");
        assert_eq!(s.groups(), ["admin", "users"]);
        assert!(s.is_in_group("admin"));
        assert!(!s.is_in_group("Admin"));
        assert_eq!(s.id_token_key_id(), "id-kid");
        assert_eq!(s.access_token_key_id(), "access-kid");
        assert_eq!(s.key(), "jti:j-1");
        let pretty = s.claims_pretty();
        assert!(
            pretty.contains("\n  \"email\": \"taro@example.jp\""),
            "{pretty}"
        );
    }

    #[test]
    fn renewal_comes_before_expiry_by_the_tokens_lifetime() {
        // An hour-long token: a minute early.
        let hour = session(json!({}), json!({"iat": 0, "exp": 3600}), 10_000);
        assert_eq!(hour.refresh_at(), 9_940);
        assert!(!hour.needs_refresh(9_939));
        assert!(hour.needs_refresh(9_940));
        assert!(!hour.is_expired(9_999));
        assert!(hour.is_expired(10_000));
        // A 20-second one (the end-to-end tests'): five seconds early.
        let short = session(json!({}), json!({"iat": 100, "exp": 120}), 1_020);
        assert_eq!(short.refresh_at(), 1_015);
        // No usable times: as if an hour.
        let odd = session(json!({}), json!({"iat": "x"}), 10_000);
        assert_eq!(odd.refresh_at(), 9_940);
    }

    #[test]
    fn debug_output_hides_the_tokens() {
        let s = session(json!({"sub":"s"}), json!({"sub":"s"}), 42);
        let debug = format!("{s:?}");
        assert!(!debug.contains("access.token.sig"), "{debug}");
        assert!(!debug.contains("\"refresh\""), "{debug}");
        assert!(!debug.contains("id.token.sig"), "{debug}");
    }
}
