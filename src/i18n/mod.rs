//! Message catalogues: every user-visible string, in the eleven languages of
//! Cognito's managed login. English and Japanese are compiled in; the other
//! nine are JSON files fetched when first used (the `loaded` module).
//!
//! Views never hold text: they name a [`Msg`] and render it in the current
//! [`Lang`]. Each catalogue is one exhaustive `match`, so a key without a
//! translation does not compile; the tests check that the placeholders of
//! both languages agree.

mod context;
mod en;
mod ja;
mod lang;
pub(crate) mod loaded;
mod msg;
mod notice;

#[cfg(test)]
pub(crate) use context::PREFERENCE_KEY;
pub use context::{use_i18n, I18n};
pub use lang::{Lang, LocaleSetting};
pub use msg::Msg;
pub use notice::{Arg, Notice};

#[cfg(test)]
mod tests {
    use super::notice::{fill, placeholders};
    use super::*;

    #[test]
    fn every_message_has_text_in_both_languages_with_the_same_placeholders() {
        for &msg in Msg::ALL {
            let en = Lang::En.text(msg);
            let ja = Lang::Ja.text(msg);
            assert!(!en.trim().is_empty(), "{msg:?} has no English text");
            assert!(!ja.trim().is_empty(), "{msg:?} has no Japanese text");
            assert_eq!(
                placeholders(en),
                placeholders(ja),
                "{msg:?}: placeholders differ between English and Japanese"
            );
        }
    }

    #[test]
    fn japanese_catalogue_is_actually_translated() {
        // Only strings that are proper names or symbols may be identical.
        let identical: Vec<_> = Msg::ALL
            .iter()
            .filter(|&&m| Lang::En.text(m) == Lang::Ja.text(m))
            .collect();
        assert!(identical.is_empty(), "untranslated: {identical:?}");
        let with_kana = Msg::ALL
            .iter()
            .filter(|&&m| {
                Lang::Ja
                    .text(m)
                    .chars()
                    .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))
            })
            .count();
        assert!(with_kana * 10 >= Msg::ALL.len() * 9, "Japanese looks thin");
    }

    #[test]
    fn the_required_english_wording_is_kept() {
        assert_eq!(
            Lang::En.text(Msg::ErrIncorrectCredentials),
            "Incorrect email or password."
        );
        assert_eq!(
            Lang::En.text(Msg::ErrUsernameExists),
            "An account with this email already exists."
        );
        assert_eq!(Lang::En.text(Msg::ActionSignInInstead), "Sign in instead");
        assert_eq!(Lang::En.text(Msg::ActionSendNewCode), "Send a new code");
        assert_eq!(
            Lang::En.text(Msg::ActionConfirmAccount),
            "Confirm your account"
        );
        assert_eq!(
            Lang::En.text(Msg::InfoAccountConfirmed),
            "Account confirmed. Sign in."
        );
        assert!(Notice::new(Msg::CfgClientSecret)
            .arg("field", "clientSecret")
            .to_string()
            .starts_with(
                "config.json contains a client secret. A browser cannot keep a secret: \
                 create an app client without a secret (Cognito console → App clients → \
                 'Don't generate a client secret')."
            ));
    }

    #[test]
    fn notices_fill_text_messages_and_lists() {
        let n = Notice::new(Msg::ErrInvalidPassword).arg(
            "rules",
            Arg::List(vec![
                Notice::new(Msg::RuleLength).arg("n", "12"),
                Notice::new(Msg::RuleSymbol),
            ]),
        );
        let en = n.render(Lang::En);
        assert!(en.contains("At least 12 characters; "), "{en}");
        let ja = n.render(Lang::Ja);
        assert!(ja.contains("12 文字以上、"), "{ja}");
    }

    #[test]
    fn fill_leaves_unknown_and_non_placeholders_alone() {
        assert_eq!(fill("a {x} b", |_| None), "a {x} b");
        assert_eq!(fill("{ JSON }", |_| Some("!".into())), "{ JSON }");
        assert_eq!(fill("{a}{b}", |n| Some(n.to_uppercase())), "AB");
        assert_eq!(fill("open {", |_| None), "open {");
    }

    #[test]
    fn browser_tags_pick_the_language_with_its_fallbacks() {
        let tag = Lang::from_browser_tag;
        assert_eq!(tag("ja"), Some(Lang::Ja));
        assert_eq!(tag("ja-JP"), Some(Lang::Ja));
        assert_eq!(tag("en-GB"), Some(Lang::En));
        assert_eq!(tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(tag("de-AT"), Some(Lang::De));
        assert_eq!(tag("pt"), Some(Lang::PtBr));
        assert_eq!(tag("pt-PT"), Some(Lang::PtBr));
        assert_eq!(tag("zh"), Some(Lang::ZhCn));
        assert_eq!(tag("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(tag("zh-Hans-SG"), Some(Lang::ZhCn));
        assert_eq!(tag("zh-Hant-TW"), Some(Lang::ZhTw));
        assert_eq!(tag("zh-Hant"), Some(Lang::ZhTw));
        assert_eq!(tag("zh-HK"), Some(Lang::ZhTw));
        assert_eq!(tag("zh_TW"), Some(Lang::ZhTw));
        assert_eq!(tag("in-ID"), Some(Lang::Id));
        assert_eq!(tag("KO-kr"), Some(Lang::Ko));
        assert_eq!(tag("nl"), None);
        assert_eq!(tag(""), None);
        assert_eq!(Lang::from_browser_tags(["nl-NL", "de-DE", "en"]), Lang::De);
        assert_eq!(Lang::from_browser_tags(["nl-NL"]), Lang::En);
        assert_eq!(Lang::from_browser_tags([]), Lang::En);
    }

    #[test]
    fn codes_round_trip_and_are_the_managed_login_ones() {
        let codes: Vec<_> = Lang::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(
            codes,
            ["en", "ja", "de", "es", "fr", "id", "it", "ko", "pt-BR", "zh-CN", "zh-TW"]
        );
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("PT-br"), Some(Lang::PtBr));
        assert_eq!(Lang::from_code("pt"), None);
    }
}
