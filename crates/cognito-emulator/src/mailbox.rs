//! The local mailbox: where confirmation codes "arrive" instead of being
//! e-mailed. `GET /_local/messages` (JSON, oldest first, `?to=` filter) for
//! tests and `GET /_local/mailbox` (HTML, newest first) for people.
//!
//! The emulator sends no text messages either: a code Cognito would send by
//! SMS (to a phone number users sign in with) arrives here too, addressed
//! to the phone number and marked as an SMS.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use maud::{html, PreEscaped, DOCTYPE};
use rand::Rng;
use serde_json::{json, Value};

use std::collections::BTreeMap;

use crate::clock::rfc3339;
use crate::config::PoolConfig;
use crate::html_page;
use crate::state::AppState;
use crate::store::{Db, Message, MAX_MESSAGES};
use crate::usernames::{is_phone_number, looks_like_phone_number, SignInAttribute};

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

/// How a code travels (`DeliveryMediumType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Medium {
    Email,
    /// Into this mailbox, addressed to the phone number.
    Sms,
}

/// Where a code goes: an e-mail address, or a phone number by SMS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Destination {
    pub medium: Medium,
    /// The e-mail address or phone number.
    pub address: String,
}

impl Destination {
    pub(crate) fn email(address: &str) -> Destination {
        Destination {
            medium: Medium::Email,
            address: address.to_owned(),
        }
    }

    pub(crate) fn sms(phone_number: &str) -> Destination {
        Destination {
            medium: Medium::Sms,
            address: phone_number.to_owned(),
        }
    }

    /// The attribute the address is (`CodeDeliveryDetails.AttributeName`).
    pub(crate) fn attribute(&self) -> SignInAttribute {
        match self.medium {
            Medium::Email => SignInAttribute::Email,
            Medium::Sms => SignInAttribute::PhoneNumber,
        }
    }

    /// Where a sign-up confirmation code goes: to a phone number or e-mail
    /// address the pool verifies automatically (`AutoVerifiedAttributes`,
    /// [`PoolConfig::auto_verified_attributes`]), the phone first: "If a
    /// user signs up with both a phone number and an email address, and
    /// your user pool settings require verification of both attributes, a
    /// verification code is sent via SMS to the phone" (Developer Guide,
    /// "Configuring email or phone verification"). `None` when the user
    /// has neither: no code is sent.
    pub(crate) fn for_sign_up(
        pool: &PoolConfig,
        attributes: &BTreeMap<String, String>,
    ) -> Option<Destination> {
        let verified = pool.auto_verified_attributes();
        let phone = attributes
            .get("phone_number")
            .filter(|_| verified.contains(&SignInAttribute::PhoneNumber));
        let email = attributes
            .get("email")
            .filter(|_| verified.contains(&SignInAttribute::Email));
        match (phone, email) {
            (Some(phone), _) => Some(Destination::sms(phone)),
            (None, Some(email)) => Some(Destination::email(email)),
            (None, None) => None,
        }
    }

    /// Where a password-reset code goes: a verified phone number, else a
    /// verified e-mail address ("In the absence of this setting, Amazon
    /// Cognito uses the legacy behavior to determine the recovery method
    /// where SMS is preferred through email", API Reference, `UserPoolType`,
    /// `AccountRecoverySetting`; the emulator models no such setting).
    pub(crate) fn for_recovery(attributes: &BTreeMap<String, String>) -> Option<Destination> {
        let verified = |flag: &str| attributes.get(flag).is_some_and(|v| v == "true");
        if let Some(phone) = attributes
            .get("phone_number")
            .filter(|_| verified("phone_number_verified"))
        {
            return Some(Destination::sms(phone));
        }
        attributes
            .get("email")
            .filter(|_| verified("email_verified"))
            .map(|email| Destination::email(email))
    }

    /// The pretend delivery to a name nobody has: by SMS when it looks like
    /// a phone number, else by e-mail ("The simulated delivery medium is
    /// determined by the input user name format", Developer Guide,
    /// "Managing user existence error responses").
    pub(crate) fn simulated(typed: &str) -> Destination {
        if is_phone_number(typed) || (looks_like_phone_number(typed) && !typed.contains('@')) {
            Destination::sms(typed)
        } else {
            Destination::email(typed)
        }
    }

    /// `CodeDeliveryDetails`, the address masked as Cognito masks it.
    pub(crate) fn details(&self) -> Value {
        let (destination, medium) = match self.medium {
            Medium::Email => (mask_destination(&self.address), "EMAIL"),
            Medium::Sms => (mask_phone_number(&self.address), "SMS"),
        };
        json!({
            "Destination": destination,
            "DeliveryMedium": medium,
            "AttributeName": self.attribute().as_str(),
        })
    }
}

/// Six digits from the operating system's CSPRNG.
pub fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// Puts a sign-up confirmation code in the mailbox, logs it, and returns the
/// stored message.
pub(crate) fn send_confirmation_code(
    db: &mut Db,
    to: &Destination,
    code: &str,
    now: i64,
    wording: &Wording,
) -> Message {
    // The code is printed on purpose: it is a local, fake mailbox.
    eprintln!("{}: confirmation code {code}", log_recipient(to));
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
    to: &Destination,
    code: &str,
    now: i64,
    wording: &Wording,
) -> Message {
    eprintln!("{}: password reset code {code}", log_recipient(to));
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
    to: &Destination,
    username: &str,
    temporary_password: &str,
    now: i64,
    wording: &Wording,
) -> Message {
    // The password stays out of the log; it is in the mailbox.
    eprintln!(
        "{}: invitation with a temporary password",
        log_recipient(to)
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
/// body where it gives one; it is e-mail wording (`emailSubject`,
/// `emailMessage`), so an SMS keeps the default text, marked as an SMS.
fn deliver(
    db: &mut Db,
    to: &Destination,
    wording: &Wording,
    subject: &str,
    body: String,
    code: &str,
    now: i64,
) -> Message {
    let (subject, body) = match to.medium {
        Medium::Email => (
            wording
                .subject
                .clone()
                .unwrap_or_else(|| subject.to_owned()),
            wording.body.clone().unwrap_or(body),
        ),
        Medium::Sms => (
            format!("SMS / ショートメッセージ: {subject}"),
            format!(
                "{body}\n\n(An SMS to {}: the local emulator sends no text messages, so it \
                 arrives in this mailbox. / SMS の代わりにこのメールボックスに届きます。)\n",
                to.address
            ),
        ),
    };
    let message = Message {
        id: uuid::Uuid::new_v4().to_string(),
        to: to.address.clone(),
        subject,
        body,
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

/// A phone number as Cognito masks it in `CodeDeliveryDetails`: the `+`,
/// a `*` for each digit but the last four, and those (`+*******1234`, as
/// captured in aws-amplify/amplify-js issue 2341).
pub fn mask_phone_number(phone: &str) -> String {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    let keep = digits.chars().count().saturating_sub(4);
    let tail: String = digits.chars().skip(keep).collect();
    format!("+{}{tail}", "*".repeat(keep))
}

/// The recipient as printed in the log: `mail to j...@example.com`, `SMS
/// to +81...5678`.
fn log_recipient(to: &Destination) -> String {
    match to.medium {
        Medium::Email => format!("mail to {}", mask_for_log(&to.address)),
        Medium::Sms => {
            let chars: Vec<char> = to.address.chars().collect();
            let head: String = chars.iter().take(3).collect();
            let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
            format!("SMS to {head}...{tail}")
        }
    }
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

fn filtered(state: &AppState, to: Option<&String>) -> Vec<Message> {
    let mut messages = state.messages();
    if let Some(to) = to {
        let to = recipient_filter(to);
        messages.retain(|m| m.to.to_lowercase() == to);
    }
    messages
}

/// The `?to=` filter, lower-cased. An unencoded `+` of a phone number
/// arrives as a space (`application/x-www-form-urlencoded`); `?to=+8190…`
/// means the phone number all the same.
fn recipient_filter(to: &str) -> String {
    match to.strip_prefix(' ') {
        Some(rest) if is_phone_number(&format!("+{rest}")) => format!("+{rest}"),
        _ => to.to_lowercase(),
    }
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
                     This page refreshes every 5 seconds. It sends no text messages \
                     either: codes for phone numbers (SMS) arrive here too, addressed \
                     to the number. / SMS で送られるはずのコードも、電話番号宛てにここに届きます。"
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
        assert_eq!(mask_phone_number("+14325551212"), "+*******1212");
        assert_eq!(mask_phone_number("+819012345678"), "+********5678");
        assert_eq!(
            Destination::sms("+819012345678").details(),
            json!({"Destination": "+********5678", "DeliveryMedium": "SMS",
                   "AttributeName": "phone_number"})
        );
        assert_eq!(
            log_recipient(&Destination::sms("+819012345678")),
            "SMS to +81...5678"
        );
    }

    #[test]
    fn pretend_deliveries_follow_the_typed_name() {
        assert_eq!(Destination::simulated("+819012345678").medium, Medium::Sms);
        assert_eq!(Destination::simulated("090-1234-5678").medium, Medium::Sms);
        assert_eq!(
            Destination::simulated("a@example.com").medium,
            Medium::Email
        );
        assert_eq!(Destination::simulated("hanako").medium, Medium::Email);
    }

    #[test]
    fn an_unencoded_plus_in_the_filter_is_still_a_phone_number() {
        assert_eq!(recipient_filter(" 819012345678"), "+819012345678");
        assert_eq!(recipient_filter("+819012345678"), "+819012345678");
        assert_eq!(recipient_filter("A@Example.com"), "a@example.com");
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
