//! The languages of the screens, and which one they start in.

use super::en;
use super::ja;
use super::msg::Msg;

/// A language the screens are available in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Japanese (日本語).
    Ja,
}

impl Lang {
    /// Every supported language, in the order the switcher shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The BCP 47 tag, as used in `<html lang>` and `config.json`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    /// `"en"` / `"ja"` exactly.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The language for a browser language tag (`navigator.language`):
    /// Japanese for `ja`, `ja-JP`, ...; English otherwise.
    pub fn from_browser_tag(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("ja") {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The catalogue text of `msg` in this language, placeholders unfilled.
    pub fn text(self, msg: Msg) -> &'static str {
        match self {
            Lang::En => en::text(msg),
            Lang::Ja => ja::text(msg),
        }
    }

    /// How a list of items is joined in running text.
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::En => "; ",
            Lang::Ja => "、",
        }
    }
}

/// Which language the screens start in (`locale` in `config.json`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LocaleSetting {
    /// Follow the browser (`navigator.language`).
    #[default]
    Auto,
    /// Always start in this language (the user can still switch).
    Fixed(Lang),
}
