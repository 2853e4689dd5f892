//! The catalogues fetched at run time: every language but English and
//! Japanese, from `public/i18n/<code>.json` (copied into `dist/i18n/` by
//! `index.html`), so the download stays the same for people who never pick
//! them. A file is an object of [`Msg`] names to texts with the English
//! text's `{placeholders}`; the tests hold every file to that.
//!
//! A loaded catalogue's texts are kept for the life of the page (leaked
//! once per language, so they are `&'static str` like the compiled ones).

use super::lang::Lang;
use super::msg::Msg;
use super::{en, ja};
use std::cell::RefCell;
use std::collections::HashMap;

/// Where the catalogues are served: `/i18n/<code>.json`.
pub const CATALOGUE_PATH: &str = "/i18n/";

thread_local! {
    static LOADED: RefCell<HashMap<Lang, Vec<&'static str>>> = RefCell::new(HashMap::new());
}

impl Lang {
    /// The catalogue text of `msg` in this language, placeholders unfilled.
    /// A language not loaded yet reads as English. (Here, beside the
    /// loaded catalogues, so that `lang` needs nothing from this module.)
    ///
    /// ```
    /// use leptos_cognito::i18n::Msg;
    /// use leptos_cognito::Lang;
    ///
    /// assert_eq!(Lang::En.text(Msg::Loading), "Loading…");
    /// assert_eq!(Lang::Ja.text(Msg::Loading), "読み込み中…");
    /// assert_eq!(Lang::En.text(Msg::RuleLength), "At least {n} characters");
    /// ```
    pub fn text(self, msg: Msg) -> &'static str {
        match self {
            Lang::En => en::text(msg),
            Lang::Ja => ja::text(msg),
            other => LOADED
                .with(|loaded| loaded.borrow().get(&other).map(|texts| texts[msg as usize]))
                .unwrap_or_else(|| en::text(msg)),
        }
    }
}

/// Whether `lang` can be shown now.
pub(crate) fn is_ready(lang: Lang) -> bool {
    lang.is_bundled() || LOADED.with(|loaded| loaded.borrow().contains_key(&lang))
}

/// The texts of a catalogue file in the order of [`Msg::ALL`]; the names
/// of the keys it lacks (those read as English).
pub(crate) fn parse(json: &str) -> Result<(Vec<String>, Vec<&'static str>), String> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut missing = Vec::new();
    let texts = Msg::ALL
        .iter()
        .zip(Msg::NAMES)
        .map(
            |(&msg, &name)| match map.get(name).and_then(|v| v.as_str()) {
                Some(text) if !text.trim().is_empty() => text.to_owned(),
                _ => {
                    missing.push(name);
                    Lang::En.text(msg).to_owned()
                }
            },
        )
        .collect();
    Ok((texts, missing))
}

/// Makes `texts` (from [`parse`]) the catalogue of `lang`.
pub(crate) fn install(lang: Lang, texts: Vec<String>) {
    let texts = texts
        .into_iter()
        .map(|t| &*Box::leak(t.into_boxed_str()))
        .collect();
    LOADED.with(|loaded| loaded.borrow_mut().insert(lang, texts));
}

/// Fetches and installs `lang`'s catalogue unless it is there already.
pub(crate) async fn ensure(lang: Lang) -> Result<(), String> {
    if is_ready(lang) {
        return Ok(());
    }
    let url = format!("{CATALOGUE_PATH}{}.json", lang.code());
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response.text().await.map_err(|e| format!("{url}: {e}"))?;
    let (texts, missing) = parse(&text).map_err(|e| format!("{url}: {e}"))?;
    if !missing.is_empty() {
        web_sys::console::warn_1(
            &format!(
                "{url} lacks {} messages, shown in English: {missing:?}",
                missing.len()
            )
            .into(),
        );
    }
    install(lang, texts);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::notice::placeholders;
    use std::path::Path;

    fn file(lang: Lang) -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("public/i18n")
            .join(format!("{}.json", lang.code()));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every language that is not compiled in has a complete catalogue:
    /// every key, nothing else, no empty text, the English placeholders.
    #[test]
    fn every_fetched_catalogue_is_complete_with_the_english_placeholders() {
        for lang in Lang::ALL.into_iter().filter(|l| !l.is_bundled()) {
            let text = file(lang);
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
            let unknown: Vec<_> = map
                .keys()
                .filter(|k| !Msg::NAMES.contains(&k.as_str()))
                .collect();
            assert!(
                unknown.is_empty(),
                "{}.json has unknown keys {unknown:?}",
                lang.code()
            );
            let (texts, missing) = parse(&text).unwrap();
            assert!(missing.is_empty(), "{}.json lacks {missing:?}", lang.code());
            for ((&msg, name), text) in Msg::ALL.iter().zip(Msg::NAMES).zip(&texts) {
                assert_eq!(
                    placeholders(text),
                    placeholders(Lang::En.text(msg)),
                    "{}.json: {name}'s placeholders differ from English",
                    lang.code()
                );
            }
            // Not English with another name.
            let same = Msg::ALL
                .iter()
                .zip(&texts)
                .filter(|(&m, t)| Lang::En.text(m) == t.as_str())
                .count();
            assert!(
                same * 10 < Msg::ALL.len(),
                "{}.json is mostly English ({same})",
                lang.code()
            );
        }
    }

    #[test]
    fn a_missing_key_reads_as_english_and_is_named() {
        let (texts, missing) = parse(r#"{"LoginTitle": "Anmelden", "LoginSubmit": " "}"#).unwrap();
        assert_eq!(texts[Msg::LoginTitle as usize], "Anmelden");
        assert_eq!(
            texts[Msg::LoginSubmit as usize],
            Lang::En.text(Msg::LoginSubmit)
        );
        assert!(missing.contains(&"LoginSubmit") && !missing.contains(&"LoginTitle"));
        assert!(parse("[1]").is_err());
    }

    #[test]
    fn installed_texts_are_served_and_others_fall_back_to_english() {
        assert_eq!(
            Lang::Ko.text(Msg::LoginTitle),
            Lang::En.text(Msg::LoginTitle)
        );
        assert!(!is_ready(Lang::Ko));
        let (texts, _) = parse(&file(Lang::Ko)).unwrap();
        install(Lang::Ko, texts);
        assert!(is_ready(Lang::Ko));
        assert_ne!(
            Lang::Ko.text(Msg::LoginTitle),
            Lang::En.text(Msg::LoginTitle)
        );
    }
}
