//! The triggers as the operations call them: each builds its event, sends
//! it when the pool sets the trigger, and reads the answer. A trigger that
//! is not set changes nothing.
//!
//! Callers invoke triggers outside the state lock: a handler may call the
//! emulator back (a PostConfirmation function adding the user to a group
//! with `AdminAddUserToGroup`), and a slow one must not stop every other
//! request for 5 seconds.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::answers::{self, CustomWording, PreSignUpAnswer};
use super::events::{self, Envelope, Source, CODE_PARAMETER, USERNAME_PARAMETER};
use super::invoke::Failure;
use super::lambda_config::Trigger;
use crate::config::PoolConfig;
use crate::groups;
use crate::mailbox::Wording;
use crate::state::AppState;
use crate::store::User;
use crate::tokens::Customization;

/// One operation's calls to its pool's triggers.
pub(crate) struct Call<'a> {
    pub state: &'a AppState,
    pub pool: &'a PoolConfig,
    /// The app client, `None` for administrator operations.
    pub client_id: Option<&'a str>,
    /// The operation's `ClientMetadata`.
    pub client_metadata: Option<&'a BTreeMap<String, String>>,
}

impl Call<'_> {
    /// Whether the pool sets `trigger`.
    pub(crate) fn has(&self, trigger: Trigger) -> bool {
        self.pool.lambda_config.target(trigger).is_some()
    }

    fn envelope<'e>(&'e self, source: Source, user_name: &'e str) -> Envelope<'e> {
        Envelope {
            source,
            pool_id: &self.pool.id,
            user_name,
            client_id: self.client_id,
            client_metadata: self.client_metadata,
        }
    }

    /// Sends `event` when the pool sets `trigger`; the event answered.
    async fn run(&self, trigger: Trigger, event: Value) -> Result<Option<Value>, Failure> {
        let Some(target) = self.pool.lambda_config.target(trigger) else {
            return Ok(None);
        };
        self.state
            .invoker()
            .invoke(trigger, target, &event)
            .await
            .map(Some)
    }

    /// Pre sign-up for a user about to be created as `user_name`. `None`
    /// when the pool sets no PreSignUp function.
    pub(crate) async fn pre_sign_up(
        &self,
        source: Source,
        user_name: &str,
        attributes: &BTreeMap<String, String>,
        validation_data: Option<&BTreeMap<String, String>>,
    ) -> Result<Option<PreSignUpAnswer>, Failure> {
        let event = events::pre_sign_up(
            &self.envelope(source, user_name),
            attributes,
            validation_data,
        );
        match self.run(Trigger::PreSignUp, event).await? {
            None => Ok(None),
            Some(answer) => answers::pre_sign_up(&answer).map(Some),
        }
    }

    /// Post confirmation for `user`, just confirmed.
    pub(crate) async fn post_confirmation(
        &self,
        source: Source,
        user: &User,
    ) -> Result<(), Failure> {
        let event = events::post_confirmation(&self.envelope(source, &user.username), user);
        self.run(Trigger::PostConfirmation, event).await.map(drop)
    }

    /// Pre authentication. The operation's `ClientMetadata` is the event's
    /// `validationData` (Developer Guide, "Pre authentication Lambda
    /// trigger"). `user_not_found` is given when the app client hides user
    /// existence; then the trigger runs for unknown names too, with the
    /// typed name as `userName`.
    pub(crate) async fn pre_authentication(
        &self,
        user_name: &str,
        user: Option<&User>,
        user_not_found: Option<bool>,
    ) -> Result<(), Failure> {
        let envelope = Envelope {
            client_metadata: None,
            ..self.envelope(Source::PreAuthentication, user_name)
        };
        let event =
            events::pre_authentication(&envelope, user, self.client_metadata, user_not_found);
        self.run(Trigger::PreAuthentication, event).await.map(drop)
    }

    /// Post authentication for `user`, whose sign-in succeeded.
    pub(crate) async fn post_authentication(&self, user: &User) -> Result<(), Failure> {
        let event = events::post_authentication(
            &self.envelope(Source::PostAuthentication, &user.username),
            user,
        );
        self.run(Trigger::PostAuthentication, event).await.map(drop)
    }

    /// Pre token generation for tokens about to be minted for `user` with
    /// access-token `scopes`; what the function changes, or nothing.
    pub(crate) async fn pre_token_generation(
        &self,
        source: Source,
        user: &User,
        scopes: &[String],
    ) -> Result<Customization, Failure> {
        if !self.has(Trigger::PreTokenGeneration) {
            return Ok(Customization::default());
        }
        let claims = self.state.read(|db| {
            db.pools
                .get(&self.pool.id)
                .map(|p| groups::claims(&p.groups, user))
                .unwrap_or_default()
        });
        let version = self.pool.lambda_config.pre_token_generation_version();
        let event = events::pre_token_generation(
            &self.envelope(source, &user.username),
            version,
            user,
            &claims,
            scopes,
        );
        match self.run(Trigger::PreTokenGeneration, event).await? {
            None => Ok(Customization::default()),
            Some(answer) => answers::pre_token_generation(&answer, version),
        }
    }

    /// Custom message for a message to the user `user_name` with these
    /// `attributes`; an invitation (`with_username`) also has the
    /// `{username}` placeholder. The wording to use once the code is known.
    pub(crate) async fn custom_message(
        &self,
        source: Source,
        user_name: &str,
        attributes: Map<String, Value>,
        with_username: bool,
    ) -> Result<Template, Failure> {
        let event =
            events::custom_message(&self.envelope(source, user_name), attributes, with_username);
        let wording = match self.run(Trigger::CustomMessage, event).await? {
            None => CustomWording::default(),
            Some(answer) => answers::custom_message(&answer)?,
        };
        Ok(Template {
            wording,
            with_username,
            source: Some(source),
        })
    }
}

/// A custom message's wording before the code (and user name) go in.
#[derive(Clone, Debug, Default)]
pub(crate) struct Template {
    wording: CustomWording,
    with_username: bool,
    source: Option<Source>,
}

impl Template {
    /// The subject and body to send with `code` (and, for an invitation,
    /// `username`). A message without the placeholders it must contain
    /// (`{####}`; for an invitation also `{username}`) is not used: the
    /// default message goes out instead, as Cognito does (Developer Guide,
    /// "Custom message Lambda trigger": the message "must include" them;
    /// Stack Overflow 56865198: a custom invitation without them arrives as
    /// the default one, its custom subject kept).
    pub(crate) fn render(&self, code: &str, username: &str) -> Wording {
        let body = self.wording.message.as_ref().and_then(|m| {
            let complete = m.contains(CODE_PARAMETER)
                && (!self.with_username || m.contains(USERNAME_PARAMETER));
            if !complete {
                let source = self.source.map_or("", Source::as_str);
                let needed = if self.with_username {
                    "{####} and {username}"
                } else {
                    "{####}"
                };
                eprintln!(
                    "trigger {source}: emailMessage lacks {needed}; the default message is sent"
                );
                return None;
            }
            Some(
                m.replace(CODE_PARAMETER, code)
                    .replace(USERNAME_PARAMETER, username),
            )
        });
        Wording {
            subject: self.wording.subject.clone(),
            body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(message: &str, with_username: bool) -> Template {
        Template {
            wording: CustomWording {
                subject: Some("Welcome".into()),
                message: Some(message.into()),
            },
            with_username,
            source: Some(Source::CustomMessageSignUp),
        }
    }

    #[test]
    fn placeholders_are_replaced() {
        let w = template("Your code is {####}.", false).render("123456", "u@example.com");
        assert_eq!(w.body.as_deref(), Some("Your code is 123456."));
        assert_eq!(w.subject.as_deref(), Some("Welcome"));
        let w = template("{username} / {####}", true).render("Temp-Pass-1", "u@example.com");
        assert_eq!(w.body.as_deref(), Some("u@example.com / Temp-Pass-1"));
    }

    #[test]
    fn a_message_without_its_placeholders_falls_back_to_the_default() {
        let w = template("Welcome aboard!", false).render("123456", "u");
        assert_eq!(w.body, None);
        assert_eq!(w.subject.as_deref(), Some("Welcome"));
        let w = template("Code {####}", true).render("123456", "u");
        assert_eq!(w.body, None, "an invitation needs {{username}} too");
        assert_eq!(Template::default().render("1", "u"), Wording::default());
    }
}
