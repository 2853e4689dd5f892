//! Browser navigations to the user pool domain: `/oauth2/authorize` and
//! `/logout` (docs/cognito-protocol.md §4.2, §4.6).

use super::nonce::Nonce;
use super::state::State;

/// `name=value&...`, each part `application/x-www-form-urlencoded` (the
/// WHATWG URL Standard's urlencoded serializer, as `URLSearchParams` does
/// it): ASCII alphanumerics and `*-._` stay, space becomes `+`, every other
/// UTF-8 byte becomes `%XX`. For query strings and token request bodies
/// (RFC 6749 Appendix B).
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The user pool domain as a base URL: `https://auth.example.com/` →
/// `https://auth.example.com`.
pub(crate) fn base(domain: &str) -> &str {
    domain.trim_end_matches('/')
}

/// The parameters of one authorization request (RFC 6749 §4.1.1, RFC 7636
/// §4.3, OIDC Core §3.1.2.1). Always `response_type=code` with
/// `code_challenge_method=S256`: no implicit flow (RFC 9700 §2.1.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizeParams {
    /// The app client ID.
    pub client_id: String,
    /// Exactly as registered on the app client.
    pub redirect_uri: String,
    /// `openid` is added first if missing: the flow needs the ID token (and
    /// its `nonce`). `email`, `profile`, `aws.cognito.signin.user.admin`, ...
    pub scopes: Vec<String>,
    /// `Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`, `COGNITO`
    /// or a SAML/OIDC provider name; `None` shows Cognito's own page.
    pub identity_provider: Option<String>,
    /// The attempt's `state`.
    pub state: State,
    /// The attempt's `nonce`.
    pub nonce: Nonce,
    /// [`super::PkceVerifier::challenge_s256`].
    pub code_challenge: String,
    /// Managed-login page language, e.g. `ja`.
    pub lang: Option<String>,
}

/// `{domain}/oauth2/authorize?response_type=code&client_id=…&redirect_uri=…
/// &scope=openid+email&identity_provider=…&state=…&nonce=…&code_challenge=…
/// &code_challenge_method=S256[&lang=…]`. `domain` is the user pool domain as
/// a URL (`https://auth.example.com`; a trailing `/` is ignored).
pub fn authorize_url(domain: &str, params: &AuthorizeParams) -> String {
    let mut scopes: Vec<&str> = params.scopes.iter().map(String::as_str).collect();
    if !scopes.contains(&"openid") {
        scopes.insert(0, "openid");
    }
    let scope = scopes.join(" ");
    let mut pairs = vec![
        ("response_type", "code"),
        ("client_id", params.client_id.as_str()),
        ("redirect_uri", params.redirect_uri.as_str()),
        ("scope", scope.as_str()),
    ];
    if let Some(idp) = &params.identity_provider {
        pairs.push(("identity_provider", idp));
    }
    pairs.extend([
        ("state", params.state.expose()),
        ("nonce", params.nonce.expose()),
        ("code_challenge", params.code_challenge.as_str()),
        ("code_challenge_method", "S256"),
    ]);
    if let Some(lang) = &params.lang {
        pairs.push(("lang", lang));
    }
    format!("{}/oauth2/authorize?{}", base(domain), form(&pairs))
}

/// `{domain}/logout?client_id=…&logout_uri=…`: ends the hosted-UI session
/// and returns to `logout_uri`, which must be a registered sign-out URL
/// (docs/cognito-protocol.md §4.6). It does not revoke tokens: send [`super::revoke_request`]
/// first.
pub fn logout_url(domain: &str, client_id: &str, logout_uri: &str) -> String {
    format!(
        "{}/logout?{}",
        base(domain),
        form(&[("client_id", client_id), ("logout_uri", logout_uri)])
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::PkceVerifier;

    #[test]
    fn form_urlencoding_matches_url_search_params() {
        assert_eq!(
            form(&[("AZaz09*-._", "AZaz09*-._")]),
            "AZaz09*-._=AZaz09*-._"
        );
        assert_eq!(form(&[("a b", "a b+c&d=e")]), "a+b=a+b%2Bc%26d%3De");
        assert_eq!(
            form(&[("u", "https://app.example/cb?x=1#f"), ("v", "~/é")]),
            "u=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1%23f&v=%7E%2F%C3%A9"
        );
        assert_eq!(form(&[]), "");
    }

    fn params() -> AuthorizeParams {
        AuthorizeParams {
            client_id: "4n0cl13nt1d".into(),
            redirect_uri: "https://app.example.com/auth/callback".into(),
            scopes: vec!["openid".into(), "email".into(), "profile".into()],
            identity_provider: Some("Google".into()),
            state: State::from_random(&[1; 32]),
            nonce: Nonce::from_random(&[2; 32]),
            code_challenge: PkceVerifier::from_random(&[
                116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22,
                212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
            ])
            .challenge_s256(),
            lang: None,
        }
    }

    #[test]
    fn authorize_url_exact() {
        assert_eq!(
            authorize_url("https://auth.example.com/", &params()),
            "https://auth.example.com/oauth2/authorize?response_type=code\
             &client_id=4n0cl13nt1d\
             &redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback\
             &scope=openid+email+profile\
             &identity_provider=Google\
             &state=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\
             &nonce=AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256"
        );
    }

    #[test]
    fn authorize_url_adds_openid_and_lang_and_omits_missing_provider() {
        let p = AuthorizeParams {
            scopes: vec!["email".into(), "aws.cognito.signin.user.admin".into()],
            identity_provider: None,
            lang: Some("ja".into()),
            ..params()
        };
        assert_eq!(
            authorize_url("https://auth.example.com", &p),
            "https://auth.example.com/oauth2/authorize?response_type=code\
             &client_id=4n0cl13nt1d\
             &redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback\
             &scope=openid+email+aws.cognito.signin.user.admin\
             &state=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\
             &nonce=AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256\
             &lang=ja"
        );
    }

    #[test]
    fn logout_url_exact() {
        assert_eq!(
            logout_url(
                "https://auth.example.com",
                "4n0cl13nt1d",
                "https://app.example.com/signed-out"
            ),
            "https://auth.example.com/logout?client_id=4n0cl13nt1d\
             &logout_uri=https%3A%2F%2Fapp.example.com%2Fsigned-out"
        );
    }
}
