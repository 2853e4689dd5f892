//! Keeping the origin's tabs in step (HTML Standard, "Broadcasting to other
//! browsing contexts": `BroadcastChannel`): a tab that renewed the session
//! tells the others, which adopt the new tokens once they verify them too;
//! a tab that signed out tells the others, which sign out of the same
//! session (or, after a global sign-out, of any session of the same user).
//!
//! Messages are JSON text: whatever arrives is parsed strictly and anything
//! else ignored. The refresh token never travels.

use cognito_client::secret::{AccessToken, IdToken};
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// One message between tabs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) enum TabMessage {
    /// The session `session` was renewed: its new ID and access tokens.
    Refreshed {
        session: String,
        id_token: IdToken,
        access_token: AccessToken,
        expires_at: i64,
    },
    /// The session `session` of the user `sub` ended here: signed out, or
    /// its refresh token refused. `global`: every session of the user
    /// ended (`GlobalSignOut`).
    SignedOut {
        session: String,
        sub: String,
        global: bool,
    },
}

impl TabMessage {
    pub(crate) fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A message from another tab, or `None` for anything else.
    pub(crate) fn decode(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// Whether a tab signed in to session `key` of user `sub` is signed
    /// out by this message.
    pub(crate) fn signs_out(&self, key: &str, sub: Option<&str>) -> bool {
        match self {
            TabMessage::SignedOut {
                session,
                sub: from,
                global,
            } => session == key || (*global && Some(from.as_str()) == sub),
            TabMessage::Refreshed { .. } => false,
        }
    }
}

/// The channel's name: one per app client, so two apps on one origin do
/// not hear each other.
pub(crate) fn channel_name(client_id: &str) -> String {
    format!("leptos-cognito:{client_id}")
}

/// An open `BroadcastChannel` and its listener; closed on drop.
pub(crate) struct TabChannel {
    channel: web_sys::BroadcastChannel,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl TabChannel {
    /// Opens the channel for `client_id`, calling `on_message` with each
    /// message from another tab. `None` where `BroadcastChannel` is missing
    /// (tabs then simply do not hear each other).
    pub(crate) fn open(client_id: &str, on_message: impl Fn(TabMessage) + 'static) -> Option<Self> {
        let channel = web_sys::BroadcastChannel::new(&channel_name(client_id)).ok()?;
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if let Some(message) = event
                    .data()
                    .as_string()
                    .and_then(|t| TabMessage::decode(&t))
                {
                    on_message(message);
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _on_message: on_message,
        })
    }

    /// Tells the other tabs (a tab does not hear its own messages).
    pub(crate) fn post(&self, message: &TabMessage) {
        let _ = self
            .channel
            .post_message(&wasm_bindgen::JsValue::from_str(&message.encode()));
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_anything_else_is_ignored() {
        let refreshed = TabMessage::Refreshed {
            session: "jti:1".into(),
            id_token: IdToken::new("i"),
            access_token: AccessToken::new("a"),
            expires_at: 5,
        };
        assert_eq!(
            TabMessage::decode(&refreshed.encode()),
            Some(refreshed.clone())
        );
        let text = refreshed.encode();
        assert!(text.starts_with(r#"{"type":"refreshed""#), "{text}");
        assert!(!text.contains("refresh_token"), "{text}");
        for junk in [
            "",
            "{}",
            r#"{"type":"refreshed"}"#,
            r#"{"type":"signed-out","session":"s","sub":"u"}"#,
            r#"{"type":"signed-out","session":"s","sub":"u","global":true,"extra":1}"#,
            r#"{"type":"refreshed","session":"s","id_token":"i","access_token":"a","expires_at":1,"refresh_token":"r"}"#,
            "<script>",
        ] {
            assert_eq!(TabMessage::decode(junk), None, "{junk}");
        }
    }

    #[test]
    fn sign_out_reaches_the_same_session_or_after_a_global_one_the_same_user() {
        let local = TabMessage::SignedOut {
            session: "jti:1".into(),
            sub: "u".into(),
            global: false,
        };
        assert!(local.signs_out("jti:1", Some("u")));
        assert!(
            !local.signs_out("jti:2", Some("u")),
            "another sign-in of the user"
        );
        let global = TabMessage::SignedOut {
            session: "jti:1".into(),
            sub: "u".into(),
            global: true,
        };
        assert!(global.signs_out("jti:2", Some("u")));
        assert!(!global.signs_out("jti:2", Some("someone-else")));
        assert!(!global.signs_out("jti:2", None));
        assert_eq!(channel_name("localclient"), "leptos-cognito:localclient");
    }
}
