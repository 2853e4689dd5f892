//! The hosted UI's HTML: the error page, the `/login` page and the mock
//! account chooser, as `maud` templates, which escape every value unless
//! told otherwise.

use std::sync::LazyLock;

use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::html_page;

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

/// The CSP source for [`STYLE`], the pages' only inline content.
static STYLE_SOURCE: LazyLock<String> = LazyLock::new(|| html_page::style_hash_source(STYLE));

/// A complete page around `body`.
fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
}

/// A hosted page with its headers and policy: no script, [`STYLE`] only,
/// forms sent only to `form_action` (none when empty).
pub(super) fn respond(status: StatusCode, html: Markup, form_action: &[String]) -> Response {
    html_page::respond(
        status,
        &html_page::csp(&STYLE_SOURCE, form_action),
        html.into_string(),
    )
}

/// The hosted UI's error page (Cognito's `/error`): for problems that must
/// not be sent to a redirect URI — an unknown client, an unregistered
/// `redirect_uri` or `logout_uri` (RFC 6749 §4.1.2.1: never redirect then).
pub(super) fn error_page(status: StatusCode, error: &str, message: &str) -> Response {
    let body = html! {
        main class="card" data-testid="hosted-error" data-error=(error) {
            p class="badge" { "Local Cognito emulator" }
            h1 { "An error was encountered with the requested page." }
            p class="error" data-testid="hosted-error-message" { (message) }
            p { "error: " code { (error) } }
        }
    };
    respond(status, page("Error", body), &[])
}

/// One provider link of the `/login` page.
pub(super) struct ProviderLink {
    pub name: String,
    pub href: String,
}

/// `/login`: the emulator's hosted UI has no password form; it explains
/// that and offers the client's external providers.
pub(super) fn login_page(client_id: &str, providers: &[ProviderLink]) -> Markup {
    let body = html! {
        main class="card" data-testid="hosted-login" data-client-id=(client_id) {
            p class="badge" { "Local Cognito emulator · hosted UI" }
            h1 { "Sign in" }
            p data-testid="hosted-login-explanation" {
                "The local Cognito emulator's hosted UI only federates: it has no user-name \
                 and password page. Sign in with a password in the app itself, or continue \
                 with an identity provider."
            }
            @if providers.is_empty() {
                p data-testid="hosted-login-no-providers" {
                    "This app client has no external identity providers."
                }
            } @else {
                ul {
                    @for p in providers {
                        li {
                            a class="button" href=(p.href)
                                data-testid={ "hosted-login-provider-" (p.name) } {
                                "Continue with " (p.name)
                            }
                        }
                    }
                }
            }
        }
    };
    page("Sign in", body)
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
pub(super) fn chooser_page(c: &Chooser<'_>) -> Markup {
    let hidden = html! {
        input type="hidden" name="csrf" value=(c.csrf);
        input type="hidden" name="state" value=(c.state);
    };
    let body = html! {
        main class="card" data-testid="idp-chooser" data-provider=(c.provider) {
            p class="badge" { "Mock identity provider · local Cognito emulator" }
            h1 { "Sign in with " (c.provider) }
            @if let Some(error) = c.error {
                p class="error" role="alert" data-testid="idp-error" { (error) }
            }
            @if !c.accounts.is_empty() {
                h2 { "Choose an account" }
                form method="post" action=(c.action) {
                    (hidden)
                    ul data-testid="idp-accounts" {
                        @for a in &c.accounts {
                            li {
                                button type="submit" name="account" value=(a.sub)
                                    data-testid={ "idp-account-" (a.email) } {
                                    strong { (if a.name.is_empty() { a.email } else { a.name }) }
                                    span { (a.email) }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Use another account" }
            form method="post" action=(c.action) {
                (hidden)
                label {
                    "E-mail address"
                    input type="email" name="email" required autocomplete="email"
                        value=(c.typed_email) data-testid="idp-email";
                }
                label {
                    "Name"
                    input type="text" name="name" required autocomplete="name"
                        value=(c.typed_name) data-testid="idp-name";
                }
                button type="submit" name="action" value="continue" class="primary"
                    data-testid="idp-continue" { "Continue" }
            }
            form method="post" action=(c.action) {
                (hidden)
                button type="submit" name="action" value="cancel" class="secondary"
                    data-testid="idp-cancel" { "Cancel" }
            }
        }
    };
    page(&format!("Sign in with {} (mock)", c.provider), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_in_text_and_attributes() {
        let accounts = vec![ChooserAccount {
            sub: "1\"><script>",
            email: "a&b@example.com",
            name: "<b>Alex</b>",
        }];
        let html = chooser_page(&Chooser {
            provider: "Goo<gle>",
            action: "/_mock/x/authorize",
            csrf: "c\"",
            state: "s",
            accounts,
            error: Some("<i>bad</i>"),
            typed_email: "\"><script>",
            typed_name: "n",
        })
        .into_string();
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>Alex"), "{html}");
        assert!(!html.contains("<i>bad"), "{html}");
        assert!(html.contains("&lt;b&gt;Alex&lt;/b&gt;"), "{html}");
        assert!(html.contains("data-testid=\"idp-account-a&amp;b@example.com\""));
        assert!(
            html.contains("value=\"1&quot;&gt;&lt;script&gt;\""),
            "{html}"
        );
        assert!(html.contains("<title>Sign in with Goo&lt;gle&gt; (mock)</title>"));
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{html}"
        );
    }
}
