//! A message with its arguments, rendered in a language when shown.

use super::lang::Lang;
use super::msg::Msg;
use std::fmt;

/// A value to fill into a placeholder.
///
/// ```
/// use leptos_cognito::i18n::{Arg, Msg, Notice};
/// use leptos_cognito::Lang;
///
/// let rules = Arg::List(vec![
///     Notice::new(Msg::RuleLength).arg("n", "12"),
///     Notice::new(Msg::RuleNumber),
/// ]);
/// let notice = Notice::new(Msg::ErrInvalidPassword).arg("rules", rules);
/// assert_eq!(
///     notice.render(Lang::En),
///     "This password is not accepted. It still needs: At least 12 characters; A number (0–9).",
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as is (always as a text node, never as HTML).
    Text(String),
    /// Another message, rendered in the same language.
    Msg(Msg),
    /// Several notices, rendered and joined as a list.
    List(Vec<Notice>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(m)
    }
}

/// A message with its arguments, kept unrendered so it follows a language
/// switch.
///
/// ```
/// use leptos_cognito::i18n::{Msg, Notice};
/// use leptos_cognito::Lang;
///
/// let notice = Notice::new(Msg::RuleLength).arg("n", "12");
/// assert_eq!(notice.render(Lang::En), "At least 12 characters");
/// assert_eq!(notice.render(Lang::Ja), "12 文字以上");
/// assert_eq!(notice.to_string(), "At least 12 characters"); // English
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The message key.
    pub msg: Msg,
    /// Placeholder values by name.
    pub args: Vec<(&'static str, Arg)>,
}

impl Notice {
    /// A message without placeholders.
    ///
    /// ```
    /// use leptos_cognito::i18n::{Msg, Notice};
    ///
    /// assert_eq!(Notice::new(Msg::Loading).to_string(), "Loading…");
    /// ```
    pub fn new(msg: Msg) -> Self {
        Notice {
            msg,
            args: Vec::new(),
        }
    }

    /// Adds a placeholder value: text, or another [`Msg`] rendered in the
    /// same language.
    ///
    /// ```
    /// use leptos_cognito::i18n::{Msg, Notice};
    ///
    /// let notice = Notice::new(Msg::RuleLength).arg("n", 12.to_string());
    /// assert_eq!(notice.to_string(), "At least 12 characters");
    /// ```
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The text in `lang`, placeholders filled.
    ///
    /// ```
    /// use leptos_cognito::i18n::{Msg, Notice};
    /// use leptos_cognito::Lang;
    ///
    /// let notice = Notice::new(Msg::RuleLength).arg("n", "8");
    /// assert_eq!(notice.render(Lang::Ja), "8 文字以上");
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        fill(lang.text(self.msg), |name| {
            self.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, arg)| match arg {
                    Arg::Text(s) => s.clone(),
                    Arg::Msg(m) => lang.text(*m).to_owned(),
                    Arg::List(items) => items
                        .iter()
                        .map(|n| n.render(lang))
                        .collect::<Vec<_>>()
                        .join(lang.list_separator()),
                })
        })
    }
}

impl From<Msg> for Notice {
    fn from(msg: Msg) -> Self {
        Notice::new(msg)
    }
}

impl fmt::Display for Notice {
    /// English, for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Replaces each `{name}` in `template` by `value(name)`; unknown names are
/// left as written so a missing argument is visible rather than silent.
pub(super) fn fill(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder(&after[..close]) => {
                let name = &after[..close];
                match value(name) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_placeholder(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

/// The placeholder names in a template, sorted and deduplicated.
#[cfg(test)]
pub(super) fn placeholders(template: &str) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    fill(template, |name| {
        names.insert(name.to_owned());
        Some(String::new())
    });
    names.into_iter().collect()
}
