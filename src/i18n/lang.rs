//! The languages of the screens, and which one they start in.

/// A language the screens are available in: those of Cognito's managed
/// login (its `lang` parameter takes the same codes). English and Japanese
/// are compiled in; the others are fetched when first used
/// ([`I18n`](super::I18n), `public/i18n/<code>.json`), so they cost nothing
/// to people who do not pick them.
///
/// ```
/// use leptos_cognito::Lang;
///
/// let lang = Lang::from_browser_tag("ja-JP").unwrap_or(Lang::En);
/// assert_eq!(lang, Lang::Ja);
/// assert_eq!((lang.code(), lang.native_name()), ("ja", "日本語"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Japanese (日本語).
    Ja,
    /// German (Deutsch).
    De,
    /// Spanish (Español).
    Es,
    /// French (Français).
    Fr,
    /// Indonesian (Bahasa Indonesia).
    Id,
    /// Italian (Italiano).
    It,
    /// Korean (한국어).
    Ko,
    /// Brazilian Portuguese (Português do Brasil).
    PtBr,
    /// Simplified Chinese (简体中文).
    ZhCn,
    /// Traditional Chinese, Taiwan (繁體中文).
    ZhTw,
}

impl Lang {
    /// Every supported language, in the order the switcher shows them.
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// let codes: Vec<&str> = Lang::ALL.iter().map(|lang| lang.code()).collect();
    /// assert_eq!(codes[..3], ["en", "ja", "de"]);
    /// assert_eq!(codes.len(), 11);
    /// ```
    pub const ALL: [Lang; 11] = [
        Lang::En,
        Lang::Ja,
        Lang::De,
        Lang::Es,
        Lang::Fr,
        Lang::Id,
        Lang::It,
        Lang::Ko,
        Lang::PtBr,
        Lang::ZhCn,
        Lang::ZhTw,
    ];

    /// The BCP 47 tag, as used in `<html lang>`, `config.json` and the
    /// managed login's `lang` parameter.
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// assert_eq!(Lang::PtBr.code(), "pt-BR");
    /// // The managed login in the same language.
    /// let url = format!("https://auth.example.com/login?lang={}", Lang::ZhTw.code());
    /// assert!(url.ends_with("lang=zh-TW"));
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Fr => "fr",
            Lang::Id => "id",
            Lang::It => "it",
            Lang::Ko => "ko",
            Lang::PtBr => "pt-BR",
            Lang::ZhCn => "zh-CN",
            Lang::ZhTw => "zh-TW",
        }
    }

    /// The language's name in itself, for the switcher.
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// assert_eq!(Lang::De.native_name(), "Deutsch");
    /// assert_eq!(Lang::Ko.native_name(), "한국어");
    /// ```
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ja => "日本語",
            Lang::De => "Deutsch",
            Lang::Es => "Español",
            Lang::Fr => "Français",
            Lang::Id => "Bahasa Indonesia",
            Lang::It => "Italiano",
            Lang::Ko => "한국어",
            Lang::PtBr => "Português (Brasil)",
            Lang::ZhCn => "简体中文",
            Lang::ZhTw => "繁體中文",
        }
    }

    /// Whether its catalogue is compiled in (English and Japanese); the
    /// others are loaded on first use.
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// let fetched: Vec<Lang> = Lang::ALL.into_iter().filter(|l| !l.is_bundled()).collect();
    /// assert_eq!(fetched.len(), 9);
    /// assert!(Lang::Ja.is_bundled());
    /// ```
    pub fn is_bundled(self) -> bool {
        matches!(self, Lang::En | Lang::Ja)
    }

    /// One of [`code`](Self::code)'s tags, ASCII case-insensitively.
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// assert_eq!(Lang::from_code("pt-br"), Some(Lang::PtBr));
    /// // A code exactly, not a browser tag: see `from_browser_tag`.
    /// assert_eq!(Lang::from_code("pt"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// The language for one browser language tag (`navigator.languages`),
    /// if there is one for it: by the primary subtag, Portuguese as
    /// Brazilian, and Chinese as Traditional for the `Hant` script or
    /// Taiwan, Hong Kong and Macao, else Simplified (RFC 4647 lookup, with
    /// the fallbacks a reader of each would accept).
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// assert_eq!(Lang::from_browser_tag("en-GB"), Some(Lang::En));
    /// assert_eq!(Lang::from_browser_tag("pt-PT"), Some(Lang::PtBr));
    /// assert_eq!(Lang::from_browser_tag("zh-Hant"), Some(Lang::ZhTw));
    /// assert_eq!(Lang::from_browser_tag("zh-HK"), Some(Lang::ZhTw));
    /// assert_eq!(Lang::from_browser_tag("zh"), Some(Lang::ZhCn));
    /// assert_eq!(Lang::from_browser_tag("nl-NL"), None);
    /// ```
    pub fn from_browser_tag(tag: &str) -> Option<Lang> {
        let mut subtags = tag.split(['-', '_']).map(str::to_ascii_lowercase);
        let primary = subtags.next()?;
        Some(match primary.as_str() {
            "en" => Lang::En,
            "ja" => Lang::Ja,
            "de" => Lang::De,
            "es" => Lang::Es,
            "fr" => Lang::Fr,
            // `in` is the deprecated tag for Indonesian (ISO 639 before 1989).
            "id" | "in" => Lang::Id,
            "it" => Lang::It,
            "ko" => Lang::Ko,
            "pt" => Lang::PtBr,
            "zh" => {
                let traditional =
                    subtags.any(|s| matches!(s.as_str(), "hant" | "tw" | "hk" | "mo"));
                if traditional {
                    Lang::ZhTw
                } else {
                    Lang::ZhCn
                }
            }
            _ => return None,
        })
    }

    /// The first of the browser's preferred languages we have, else English.
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// // `navigator.languages` of a Dutch reader who also reads French.
    /// assert_eq!(Lang::from_browser_tags(["nl-NL", "nl", "fr-BE"]), Lang::Fr);
    /// assert_eq!(Lang::from_browser_tags(["nl"]), Lang::En);
    /// ```
    pub fn from_browser_tags<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_browser_tag)
            .unwrap_or(Lang::En)
    }

    /// How a list of items is joined in running text.
    ///
    /// ```
    /// use leptos_cognito::Lang;
    ///
    /// let items = ["A", "B"];
    /// assert_eq!(items.join(Lang::En.list_separator()), "A; B");
    /// assert_eq!(items.join(Lang::Ja.list_separator()), "A、B");
    /// ```
    pub fn list_separator(self) -> &'static str {
        match self {
            Lang::Ja | Lang::ZhCn | Lang::ZhTw => "、",
            _ => "; ",
        }
    }
}

/// Which language the screens start in (`locale` in `config.json`).
///
/// ```
/// use leptos_cognito::{AuthConfig, Lang, LocaleSetting};
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "locale": "ja"
/// }"#).unwrap();
/// assert_eq!(config.locale, LocaleSetting::Fixed(Lang::Ja));
/// assert_eq!(LocaleSetting::default(), LocaleSetting::Auto);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LocaleSetting {
    /// Follow the browser (`navigator.language`).
    #[default]
    Auto,
    /// Always start in this language (the user can still switch).
    Fixed(Lang),
}
