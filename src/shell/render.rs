//! Draws the shell from a configuration and the catalogues, and keeps
//! `index.html`'s copy up to date: the test below fails when it differs and
//! says how to rewrite it (`UPDATE_SHELL=1`). Test-only: the shell is built
//! into `index.html`, never by the app.

use crate::components::identifier::IdentifierField;
use crate::config::{AuthConfig, IdentityProvider};
use crate::i18n::{Lang, LocaleSetting, Msg, Notice};
use crate::nav::Screen;

/// The catalogue messages the shell shows, by their `data-lc-t` key.
const TEXTS: &[(&str, Msg)] = &[
    ("LanguageLabel", Msg::LanguageLabel),
    ("LoginTitle", Msg::LoginTitle),
    ("FieldPassword", Msg::FieldPassword),
    ("ShowPassword", Msg::ShowPassword),
    ("HidePassword", Msg::HidePassword),
    ("LoginForgotPassword", Msg::LoginForgotPassword),
    ("LoginSubmit", Msg::LoginSubmit),
    ("LoginBusy", Msg::LoginBusy),
    ("IdpDivider", Msg::IdpDivider),
    ("LoginNoAccount", Msg::LoginNoAccount),
    ("LoginToSignUp", Msg::LoginToSignUp),
];

/// The sign-in field as the app draws it for the pool
/// (`usernameAttributes`, `aliasAttributes`): its label's key and message,
/// and the input's type.
fn identifier(config: &AuthConfig) -> (&'static str, Msg, &'static str) {
    let field = IdentifierField::of(config.sign_in_with());
    let index = Msg::ALL
        .iter()
        .position(|m| *m == field.label)
        .expect("every Msg is in ALL");
    (Msg::NAMES[index], field.label, field.input_type)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn providers(config: &AuthConfig) -> Vec<IdentityProvider> {
    config
        .oauth
        .as_ref()
        .map(|o| o.providers.clone())
        .unwrap_or_default()
}

/// A provider button's text, as `FederatedSignIn` words it.
fn idp_label(provider: &IdentityProvider, lang: Lang) -> String {
    provider.label.clone().unwrap_or_else(|| {
        Notice::new(Msg::IdpContinueWith)
            .arg("provider", provider.display_name())
            .render(lang)
    })
}

/// The catalogues of `public/i18n/`, so [`Lang::text`] has every language.
fn install_catalogues() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("public/i18n");
    for lang in Lang::ALL.into_iter().filter(|l| !l.is_bundled()) {
        let path = dir.join(format!("{}.json", lang.code()));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (texts, _) = crate::i18n::loaded::parse(&text).unwrap();
        crate::i18n::loaded::install(lang, texts);
    }
}

/// The strings of the shell in every language, as `shell.js` reads them.
fn texts(config: &AuthConfig) -> String {
    install_catalogues();
    let mut all = serde_json::Map::new();
    for lang in Lang::ALL {
        let mut texts = serde_json::Map::new();
        for (key, msg) in TEXTS {
            texts.insert((*key).into(), lang.text(*msg).into());
        }
        let (key, label, _) = identifier(config);
        texts.insert(key.into(), lang.text(label).into());
        let title = format!("{} – {}", lang.text(Msg::LoginTitle), config.app_name);
        texts.insert("title".into(), title.into());
        for provider in providers(config) {
            let busy = Notice::new(Msg::IdpRedirecting).arg("provider", provider.display_name());
            texts.insert(
                format!("idp:{}", provider.name),
                idp_label(&provider, lang).into(),
            );
            texts.insert(format!("busy:{}", provider.name), busy.render(lang).into());
        }
        all.insert(lang.code().into(), texts.into());
    }
    // `<` escaped, so no text can close the data block early.
    serde_json::Value::Object(all)
        .to_string()
        .replace('<', "\\u003c")
}

/// The shell for `config`: the app's sign-in card (`PasswordCard` in
/// `Card`, with `FederatedSignIn`) as plain HTML, in English, with the
/// keys `shell.js` needs to switch it to the language the app will use.
/// One line: whitespace between tags would change the layout.
pub(crate) fn render(config: &AuthConfig) -> String {
    let en = |msg| escape(Lang::En.text(msg));
    let locale = match config.locale {
        LocaleSetting::Auto => "auto",
        LocaleSetting::Fixed(lang) => lang.code(),
    };
    let mut html = format!(
        concat!(
            r#"<div id="lc-shell" hidden data-locale="{locale}">"#,
            r#"<main class="lc-page"><section class="lc-card" aria-labelledby="lc-login-title">"#,
            r#"<header class="lc-card__header"><span class="lc-card__brand">{logo}{brand}</span>"#,
            r#"<select class="lc-lang" aria-label="{language}" data-lc-aria="LanguageLabel">"#,
        ),
        locale = locale,
        brand = escape(&config.app_name),
        logo = config
            .logo
            .as_ref()
            .map(|src| format!(
                r#"<img class="lc-card__logo" src="{}" alt="">"#,
                escape(src)
            ))
            .unwrap_or_default(),
        language = en(Msg::LanguageLabel),
    );
    for lang in Lang::ALL {
        html += &format!(
            r#"<option value="{code}" lang="{code}"{selected}>{name}</option>"#,
            code = lang.code(),
            selected = if lang == Lang::En { " selected" } else { "" },
            name = escape(lang.native_name()),
        );
    }
    html += &format!(
        concat!(
            r#"</select></header>"#,
            r#"<h1 class="lc-card__title" id="lc-login-title" data-lc-t="LoginTitle">{title}</h1>"#,
            r#"<div class="lc-alert lc-alert--info lc-alert--empty"></div>"#,
            r#"<div class="lc-alert lc-alert--error lc-alert--empty"></div>"#,
            r#"<form class="lc-form" novalidate>"#,
            r#"<div class="lc-field"><label class="lc-field__label" for="login-username" data-lc-t="{identifier_key}">{identifier}</label>"#,
            r#"<div class="lc-field__control"><input class="lc-field__input" id="login-username" type="{identifier_type}" autocomplete="username" autofocus required spellcheck="false" autocapitalize="none"></div></div>"#,
            r#"<div class="lc-field"><label class="lc-field__label" for="login-password" data-lc-t="FieldPassword">{password}</label>"#,
            r#"<div class="lc-field__control"><input class="lc-field__input" id="login-password" type="password" autocomplete="current-password" required spellcheck="false" autocapitalize="none">"#,
            r#"<button class="lc-field__reveal" type="button" aria-controls="login-password" aria-pressed="false" data-lc-t="ShowPassword">{show}</button></div></div>"#,
            r#"<p class="lc-form__aside"><a class="lc-link" href="{forgot_path}" data-lc-t="LoginForgotPassword">{forgot}</a></p>"#,
            r#"<button class="lc-button lc-button--primary" type="submit"><span class="lc-spinner" aria-hidden="true"></span><span class="lc-button__label" data-lc-t="LoginSubmit">{submit}</span></button>"#,
            r#"</form>"#,
        ),
        title = en(Msg::LoginTitle),
        identifier_key = identifier(config).0,
        identifier = en(identifier(config).1),
        identifier_type = identifier(config).2,
        password = en(Msg::FieldPassword),
        show = en(Msg::ShowPassword),
        forgot = en(Msg::LoginForgotPassword),
        forgot_path = escape(&Screen::forgot_password("").path()),
        submit = en(Msg::LoginSubmit),
    );
    let providers = providers(config);
    if !providers.is_empty() {
        html += &format!(
            r#"<div class="lc-federated"><p class="lc-divider"><span data-lc-t="IdpDivider">{}</span></p><ul class="lc-federated__list">"#,
            en(Msg::IdpDivider)
        );
        for provider in &providers {
            let icon = provider
                .social()
                .map(|social| {
                    let (view_box, paths) = crate::icons::social(social);
                    format!(
                        r#"<svg class="lc-idp-icon" viewBox="{view_box}" aria-hidden="true" focusable="false">{paths}</svg>"#
                    )
                })
                .unwrap_or_default();
            html += &format!(
                r#"<li><button class="lc-button lc-button--idp" type="button" data-provider="{name}"><span class="lc-spinner" aria-hidden="true"></span>{icon}<span class="lc-button__label" data-lc-t="idp:{name}">{label}</span></button></li>"#,
                name = escape(&provider.name),
                label = escape(&idp_label(provider, Lang::En)),
            );
        }
        html += "</ul></div>";
    }
    html += &format!(
        concat!(
            r#"<p class="lc-card__footer"><span data-lc-t="LoginNoAccount">{no_account}</span> "#,
            r#"<a class="lc-link" href="{sign_up_path}" data-lc-t="LoginToSignUp">{to_sign_up}</a></p>"#,
            r#"</section></main></div>"#,
            r#"<script type="application/json" id="lc-shell-text">{texts}</script>"#,
        ),
        no_account = en(Msg::LoginNoAccount),
        to_sign_up = en(Msg::LoginToSignUp),
        sign_up_path = escape(&Screen::SignUp.path()),
        texts = texts(config),
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const START: &str = "<!-- shell:start -->";
    const END: &str = "<!-- shell:end -->";

    fn public_config() -> AuthConfig {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("public/config.json")).unwrap();
        AuthConfig::from_json(&text).expect("public/config.json is valid")
    }

    /// `index.html` carries the shell for `public/config.json`. After a
    /// change of the config, the catalogues or the card's markup:
    /// `UPDATE_SHELL=1 cargo test --lib shell` rewrites it.
    #[test]
    fn index_html_carries_the_shell_for_the_public_config() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html");
        let html = std::fs::read_to_string(&path).unwrap();
        let (head, rest) = html
            .split_once(START)
            .expect("index.html has <!-- shell:start -->");
        let (current, tail) = rest
            .split_once(END)
            .expect("index.html has <!-- shell:end -->");
        let indent = head.rsplit('\n').next().unwrap_or("");
        let wanted = format!("\n{indent}{}\n{indent}", render(&public_config()));
        if current == wanted {
            return;
        }
        if std::env::var_os("UPDATE_SHELL").is_some() {
            std::fs::write(&path, format!("{head}{START}{wanted}{END}{tail}")).unwrap();
            return;
        }
        panic!(
            "index.html's sign-in shell is not the one public/config.json and the catalogues \
             give (src/shell/render.rs): run `UPDATE_SHELL=1 cargo test --lib shell` to rewrite it"
        );
    }

    #[test]
    fn every_text_is_escaped_and_every_language_is_there() {
        let mut config = public_config();
        config.app_name = "A <b>\"&'</b> app".into();
        if let Some(oauth) = config.oauth.as_mut() {
            oauth.providers[1].label = Some("</script><script>alert(1)</script>".into());
        }
        let html = render(&config);
        assert!(html.contains("A &lt;b&gt;&quot;&amp;&#39;&lt;/b&gt; app"));
        // One `</script>`: the data block's own end.
        assert_eq!(html.matches("</script>").count(), 1, "{html}");
        let json = html
            .split_once(r#"id="lc-shell-text">"#)
            .and_then(|(_, rest)| rest.strip_suffix("</script>"))
            .unwrap();
        let texts: serde_json::Value = serde_json::from_str(json).unwrap();
        for lang in Lang::ALL {
            let texts = &texts[lang.code()];
            for (key, msg) in TEXTS {
                assert_eq!(texts[*key], lang.text(*msg), "{key} in {lang:?}");
            }
            assert_eq!(
                texts["idp:Google"].as_str().unwrap(),
                idp_label(&config.oauth.as_ref().unwrap().providers[0], lang)
            );
            assert!(texts["title"].as_str().unwrap().ends_with("app"));
        }
        assert_eq!(texts["ja"]["LoginTitle"], Lang::Ja.text(Msg::LoginTitle));
    }

    /// The card's sign-in field is the app's for the pool: a phone-number
    /// pool's shows "Phone number" on a `tel` input, in every language.
    #[test]
    fn the_sign_in_field_follows_the_pool() {
        use crate::config::UsernameAttribute;
        let mut config = public_config();
        assert!(render(&config).contains(r#"data-lc-t="FieldEmail">Email</label>"#));
        config.username_attributes = vec![UsernameAttribute::PhoneNumber];
        let html = render(&config);
        assert!(
            html.contains(r#"data-lc-t="FieldPhoneNumber">"#) && html.contains(r#"type="tel""#),
            "{html}"
        );
        let json = html
            .split_once(r#"id="lc-shell-text">"#)
            .and_then(|(_, rest)| rest.strip_suffix("</script>"))
            .unwrap();
        let texts: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            texts["ja"]["FieldPhoneNumber"],
            Lang::Ja.text(Msg::FieldPhoneNumber)
        );
        assert!(texts["ja"].get("FieldEmail").is_none());
    }

    /// `public/shell.js` names the app's storage keys and its routes by
    /// hand (it runs before the wasm): a renamed key or route must show here.
    #[test]
    fn shell_js_uses_the_apps_storage_keys_and_routes() {
        let js = include_str!("../../public/shell.js");
        for key in [
            crate::session::STORAGE_KEY,
            crate::session::REFRESH_STORAGE_KEY,
            crate::session::NOTICE_STORAGE_KEY,
            crate::i18n::PREFERENCE_KEY,
        ] {
            assert!(js.contains(&format!("'{key}'")), "shell.js lacks {key}");
        }
        for path in [Screen::login("").path(), Screen::forgot_password("").path()] {
            assert!(js.contains(&format!("'{path}'")), "shell.js lacks {path}");
        }
    }

    /// `shell.js`'s `fromTag` and [`Lang::from_browser_tag`] agree on the
    /// table they share: every code, and the aliases.
    #[test]
    fn shell_js_maps_browser_tags_as_the_app_does() {
        let js = include_str!("../../public/shell.js");
        for (tag, subtag) in [
            ("en", "en"),
            ("ja", "ja"),
            ("de", "de"),
            ("es", "es"),
            ("fr", "fr"),
            ("id", "id"),
            ("in", "id"),
            ("it", "it"),
            ("ko", "ko"),
            ("pt", "pt-BR"),
        ] {
            assert_eq!(Lang::from_browser_tag(tag).map(Lang::code), Some(subtag));
            assert!(
                js.contains(&format!("{tag}: '{subtag}'")),
                "shell.js lacks {tag} → {subtag}"
            );
        }
        assert!(
            js.contains("['hant', 'tw', 'hk', 'mo']"),
            "shell.js's Traditional Chinese subtags changed"
        );
        for tag in ["zh-Hant", "zh-TW", "zh-HK", "zh-MO"] {
            assert_eq!(Lang::from_browser_tag(tag), Some(Lang::ZhTw), "{tag}");
        }
    }

    #[test]
    fn no_providers_no_federated_section() {
        let mut config = public_config();
        config.oauth = None;
        let html = render(&config);
        assert!(!html.contains("lc-federated"));
        assert!(html.contains(r#"<a class="lc-link" href="/signup""#));
    }

    #[test]
    fn a_logo_comes_before_the_name_as_in_the_app() {
        let mut config = public_config();
        config.logo = Some("/brand/logo.svg".into());
        assert!(render(&config).contains(
            r#"<span class="lc-card__brand"><img class="lc-card__logo" src="/brand/logo.svg" alt="">Leptos Cognito</span>"#
        ));
    }

    #[test]
    fn a_fixed_locale_is_passed_on() {
        let mut config = public_config();
        config.locale = LocaleSetting::Fixed(Lang::Ja);
        assert!(render(&config).starts_with(r#"<div id="lc-shell" hidden data-locale="ja">"#));
    }
}
