//! The hosted UI's HTML: the error page, the `/login` page and the mock
//! account chooser. Every value from a request or the configuration goes
//! through [`escape`].

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub(super) use crate::mailbox::escape;

/// No scripts at all; inline styles only; not frameable. `form-action` is
/// left open on purpose: the chooser's form POST ends, after redirects, at
/// the app's own origin.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
                   frame-ancestors 'none'; base-uri 'none'";

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;background:#f2f3f3;margin:0;padding:2rem 1rem;color:#16191f}\
.card{max-width:26rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem;\
box-shadow:0 1px 4px rgba(0,0,0,.15)}\
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1rem;margin:1.2rem 0 .5rem}\
.badge{font-size:.75rem;color:#5f6b7a;margin:0}\
ul{list-style:none;padding:0;margin:0}li{margin:.4rem 0}\
button,.button{display:block;width:100%;box-sizing:border-box;padding:.6rem .8rem;border:1px solid #8d99a8;\
border-radius:6px;background:#fff;font:inherit;text-align:left;cursor:pointer;color:inherit;text-decoration:none}\
button:hover,.button:hover{background:#f0f7ff}\
button span{display:block;font-size:.85rem;color:#5f6b7a}\
label{display:block;margin:.5rem 0;font-size:.9rem}\
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.2rem;font:inherit}\
.primary{background:#0972d3;color:#fff;border-color:#0972d3;text-align:center;margin-top:.8rem}\
.primary:hover{background:#065ca8}.secondary{text-align:center;margin-top:1rem}\
.error{color:#d91515;background:#fff7f7;border:1px solid #d91515;border-radius:6px;padding:.5rem}\
code{background:#f2f3f3;padding:0 .2rem}";

/// A complete page; `title` is escaped here, `body` must already be safe.
pub(super) fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

/// An HTML response that is never cached, framed or sniffed.
pub(super) fn respond(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
        ],
        html,
    )
        .into_response()
}

/// The hosted UI's error page (Cognito's `/error`): for problems that must
/// not be sent to a redirect URI — an unknown client, an unregistered
/// `redirect_uri` or `logout_uri` (RFC 6749 §4.1.2.1: never redirect then).
pub(super) fn error_page(status: StatusCode, error: &str, message: &str) -> Response {
    let body = format!(
        "<main class=\"card\" data-testid=\"hosted-error\" data-error=\"{error}\">\n\
         <p class=\"badge\">Local Cognito emulator</p>\n\
         <h1>An error was encountered with the requested page.</h1>\n\
         <p class=\"error\" data-testid=\"hosted-error-message\">{message}</p>\n\
         <p>error: <code>{error}</code></p>\n</main>",
        error = escape(error),
        message = escape(message),
    );
    respond(status, page("Error", &body))
}

/// One provider link of the `/login` page.
pub(super) struct ProviderLink {
    pub name: String,
    pub href: String,
}

/// `/login`: the emulator's hosted UI has no password form; it explains
/// that and offers the client's external providers.
pub(super) fn login_page(client_id: &str, providers: &[ProviderLink]) -> String {
    let list = if providers.is_empty() {
        "<p data-testid=\"hosted-login-no-providers\">This app client has no external identity \
         providers.</p>"
            .to_owned()
    } else {
        let items: String = providers
            .iter()
            .map(|p| {
                format!(
                    "<li><a class=\"button\" href=\"{href}\" \
                     data-testid=\"hosted-login-provider-{name}\">Continue with {name}</a></li>\n",
                    href = escape(&p.href),
                    name = escape(&p.name),
                )
            })
            .collect();
        format!("<ul>\n{items}</ul>")
    };
    let body = format!(
        "<main class=\"card\" data-testid=\"hosted-login\" data-client-id=\"{client}\">\n\
         <p class=\"badge\">Local Cognito emulator · hosted UI</p>\n\
         <h1>Sign in</h1>\n\
         <p data-testid=\"hosted-login-explanation\">The local Cognito emulator's hosted UI only \
         federates: it has no user-name and password page. Sign in with a password in the app \
         itself, or continue with an identity provider.</p>\n{list}\n</main>",
        client = escape(client_id),
    );
    page("Sign in", &body)
}

/// An account the chooser lists.
pub(super) struct ChooserAccount<'a> {
    pub sub: &'a str,
    pub email: &'a str,
    pub name: &'a str,
}

/// What the chooser page shows.
pub(super) struct Chooser<'a> {
    pub provider: &'a str,
    pub action: &'a str,
    pub csrf: &'a str,
    pub state: &'a str,
    pub accounts: Vec<ChooserAccount<'a>>,
    /// A message about the typed-in account, with the values to show again.
    pub error: Option<&'a str>,
    pub typed_email: &'a str,
    pub typed_name: &'a str,
}

/// The mock identity provider's account chooser.
pub(super) fn chooser_page(c: &Chooser<'_>) -> String {
    let hidden = format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <input type=\"hidden\" name=\"state\" value=\"{}\">",
        escape(c.csrf),
        escape(c.state)
    );
    let action = escape(c.action);
    let provider = escape(c.provider);
    let error = c.error.map_or_else(String::new, |e| {
        format!(
            "<p class=\"error\" role=\"alert\" data-testid=\"idp-error\">{}</p>\n",
            escape(e)
        )
    });
    let accounts = if c.accounts.is_empty() {
        String::new()
    } else {
        let items: String = c
            .accounts
            .iter()
            .map(|a| {
                format!(
                    "<li><button type=\"submit\" name=\"account\" value=\"{sub}\" \
                     data-testid=\"idp-account-{email}\"><strong>{name}</strong>\
                     <span>{email}</span></button></li>\n",
                    sub = escape(a.sub),
                    email = escape(a.email),
                    name = escape(if a.name.is_empty() { a.email } else { a.name }),
                )
            })
            .collect();
        format!(
            "<h2>Choose an account</h2>\n<form method=\"post\" action=\"{action}\">{hidden}\n\
             <ul data-testid=\"idp-accounts\">\n{items}</ul>\n</form>\n"
        )
    };
    let body = format!(
        "<main class=\"card\" data-testid=\"idp-chooser\" data-provider=\"{provider}\">\n\
         <p class=\"badge\">Mock identity provider · local Cognito emulator</p>\n\
         <h1>Sign in with {provider}</h1>\n{error}{accounts}\
         <h2>Use another account</h2>\n\
         <form method=\"post\" action=\"{action}\">{hidden}\n\
         <label>E-mail address<input type=\"email\" name=\"email\" required autocomplete=\"email\" \
         value=\"{email}\" data-testid=\"idp-email\"></label>\n\
         <label>Name<input type=\"text\" name=\"name\" required autocomplete=\"name\" \
         value=\"{name}\" data-testid=\"idp-name\"></label>\n\
         <button type=\"submit\" name=\"action\" value=\"continue\" class=\"primary\" \
         data-testid=\"idp-continue\">Continue</button>\n</form>\n\
         <form method=\"post\" action=\"{action}\">{hidden}\n\
         <button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\" \
         data-testid=\"idp-cancel\">Cancel</button>\n</form>\n</main>",
        email = escape(c.typed_email),
        name = escape(c.typed_name),
    );
    page(&format!("Sign in with {} (mock)", c.provider), &body)
}
