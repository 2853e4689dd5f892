//! The local mailbox: where confirmation codes "arrive" instead of being
//! e-mailed. `GET /_local/messages` (JSON, oldest first, `?to=` filter) for
//! tests and `GET /_local/mailbox` (HTML, newest first) for people.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use maud::{html, PreEscaped, DOCTYPE};
use rand::Rng;
use serde_json::{json, Value};

use crate::clock::rfc3339;
use crate::html_page;
use crate::state::AppState;
use crate::store::{Db, Message, MAX_MESSAGES};

/// The mailbox page's styles.
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem}\
ul{list-style:none;padding:0}.message{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}\
.meta{color:#555;font-size:.9rem}.subject{font-weight:600;margin:.3rem 0}\
.code{font:700 2rem ui-monospace,monospace;letter-spacing:.3rem;margin:.5rem 0}\
.body{white-space:pre-wrap;font-family:inherit}";

/// The CSP source for [`STYLE`], the page's only inline content.
static STYLE_SOURCE: LazyLock<String> = LazyLock::new(|| html_page::style_hash_source(STYLE));

/// How long a sign-up confirmation code is valid (Developer Guide, quotas:
/// "Confirmation code validity: 24 hours").
pub const CONFIRMATION_CODE_TTL: i64 = 24 * 3600;

/// How long a password-reset code is valid (Developer Guide, quotas:
/// "Forgot password code: 1 hour"; "Recovering user accounts").
pub const PASSWORD_RESET_CODE_TTL: i64 = 3600;

/// A message's subject and body as a CustomMessage trigger worded them
/// (placeholders already replaced); `None` keeps the default wording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Wording {
    pub subject: Option<String>,
    pub body: Option<String>,
}

/// Six digits from the operating system's CSPRNG.
pub fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// Puts a sign-up confirmation code in the mailbox, logs it, and returns the
/// stored message.
pub(crate) fn send_confirmation_code(
    db: &mut Db,
    to: &str,
    code: &str,
    now: i64,
    wording: &Wording,
) -> Message {
    // The code is printed on purpose: it is a local, fake mailbox.
    eprintln!("mail to {}: confirmation code {code}", mask_for_log(to));
    deliver(
        db,
        to,
        wording,
        "Your verification code / 確認コード",
        format!(
            "確認コードは {code} です。24時間以内に入力してください。\n\
             Your confirmation code is {code}. It expires in 24 hours.\n\n\
             心当たりがない場合は、このメールを破棄してください。\n\
             If you did not sign up, you can ignore this message.\n"
        ),
        code,
        now,
    )
}

/// Puts a password-reset code (`ForgotPassword`, `AdminResetUserPassword`)
/// in the mailbox, with the subject and body of Cognito's default
/// verification message (as existing pools report it:
/// `email_verification_subject` / `email_verification_message`, trailing
/// space included).
pub(crate) fn send_reset_code(
    db: &mut Db,
    to: &str,
    code: &str,
    now: i64,
    wording: &Wording,
) -> Message {
    eprintln!("mail to {}: password reset code {code}", mask_for_log(to));
    deliver(
        db,
        to,
        wording,
        "Your verification code",
        format!("Your verification code is {code}. "),
        code,
        now,
    )
}

/// Puts an `AdminCreateUser` invitation in the mailbox: the default
/// invitation message (`AdminCreateUserConfig.InviteMessageTemplate`, as
/// the AWS CDK documents Cognito's defaults) with the user name and the
/// temporary password, which is also the message's `code`.
pub(crate) fn send_invitation(
    db: &mut Db,
    to: &str,
    username: &str,
    temporary_password: &str,
    now: i64,
    wording: &Wording,
) -> Message {
    // The password stays out of the log; it is in the mailbox.
    eprintln!(
        "mail to {}: invitation with a temporary password",
        mask_for_log(to)
    );
    deliver(
        db,
        to,
        wording,
        "Your temporary password",
        format!("Your username is {username} and temporary password is {temporary_password}."),
        temporary_password,
        now,
    )
}

/// Stores a message, oldest ones dropping out past [`MAX_MESSAGES`]. The
/// `wording` from a CustomMessage trigger replaces the default subject and
/// body where it gives one.
fn deliver(
    db: &mut Db,
    to: &str,
    wording: &Wording,
    subject: &str,
    body: String,
    code: &str,
    now: i64,
) -> Message {
    let message = Message {
        id: uuid::Uuid::new_v4().to_string(),
        to: to.to_owned(),
        subject: wording
            .subject
            .clone()
            .unwrap_or_else(|| subject.to_owned()),
        body: wording.body.clone().unwrap_or(body),
        code: code.to_owned(),
        sent_at: rfc3339(now),
    };
    db.messages.push(message.clone());
    if db.messages.len() > MAX_MESSAGES {
        let excess = db.messages.len() - MAX_MESSAGES;
        db.messages.drain(..excess);
    }
    message
}

/// `CodeDeliveryDetails.Destination` as Cognito masks it: `j***@e***`.
pub fn mask_destination(email: &str) -> String {
    let (local, domain) = email.rsplit_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// The address as printed in the log: `j...@example.com`.
fn mask_for_log(email: &str) -> String {
    match email.rsplit_once('@') {
        Some((local, domain)) => format!(
            "{}...@{domain}",
            local.chars().next().map(String::from).unwrap_or_default()
        ),
        None => "...".to_owned(),
    }
}

/// `CodeDeliveryDetails` for an e-mailed code.
pub fn delivery_details(email: &str) -> Value {
    json!({
        "Destination": mask_destination(email),
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    })
}

fn filtered(state: &AppState, to: Option<&String>) -> Vec<Message> {
    let mut messages = state.messages();
    if let Some(to) = to {
        let to = to.to_lowercase();
        messages.retain(|m| m.to.to_lowercase() == to);
    }
    messages
}

/// `GET /_local/messages[?to=addr]`: JSON array, oldest first.
pub async fn messages_json(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Vec<Message>> {
    Json(filtered(&state, query.get("to")))
}

/// `GET /_local/mailbox[?to=addr]`: an HTML page, newest first.
pub async fn mailbox_html(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let messages = filtered(&state, query.get("to"));
    let page = html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta http-equiv="refresh" content="5";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Local mailbox / ローカルメールボックス" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Local mailbox / ローカルメールボックス" }
                p {
                    "Codes the local Cognito emulator has \"sent\", newest first. \
                     This page refreshes every 5 seconds."
                }
                @if let Some(to) = query.get("to") {
                    p { "Showing messages to " (to) " only." }
                }
                ul {
                    @for m in messages.iter().rev() {
                        li class="message" data-testid="message" {
                            div class="meta" {
                                span class="to" { (m.to) } " " time { (m.sent_at) }
                            }
                            div class="subject" { (m.subject) }
                            div class="code" data-testid="code" { (m.code) }
                            pre class="body" { (m.body) }
                        }
                    }
                    @if messages.is_empty() {
                        li class="empty" { "No messages yet. / メッセージはまだありません。" }
                    }
                }
            }
        }
    };
    // No script, no forms: the page refreshes itself with <meta refresh>.
    html_page::respond(
        StatusCode::OK,
        &html_page::csp(&STYLE_SOURCE, &[]),
        page.into_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_are_masked_like_cognito() {
        assert_eq!(mask_destination("jane@example.com"), "j***@e***");
        assert_eq!(mask_for_log("jane@example.com"), "j...@example.com");
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..100 {
            let c = new_code();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
