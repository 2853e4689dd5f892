//! The body of the fuzz target for `config.json` validation, run by
//! libFuzzer (`fuzz/fuzz_targets/config_json.rs`, built by cargo-fuzz with
//! `--cfg fuzzing`) and as a proptest inside `cargo test`.
#![allow(missing_docs)]

use serde_json::{json, Value};

use crate::config::{is_client_id, is_region, parse_user_pool_id, AuthConfig, ConfigProblem};

/// Marks a secret the input put into the file: it must never be quoted back.
const SECRET_MARK: &str = "zz-secret-value";

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    /// True once in `n` (for bytes spread evenly).
    fn one_in(&mut self, n: u8) -> bool {
        self.byte() % n < 1
    }

    fn pick<'b, T>(&mut self, items: &'b [T]) -> &'b T {
        &items[usize::from(self.byte()) % items.len()]
    }

    fn string(&mut self, max: usize) -> String {
        let len = (usize::from(self.byte()) % (max + 1)).min(self.0.len());
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(s).replace(SECRET_MARK, "")
    }
}

/// A value for a mutated key: plausible ones often, so deep checks run.
fn value(b: &mut Bytes) -> Value {
    match b.byte() % 10 {
        0 => Value::Null,
        1 => json!(b.one_in(2)),
        2 => json!(i64::from(b.byte() as i8) * 3),
        3 => json!([b.string(24), b.string(24)]),
        4 => json!({ "name": b.string(16), "label": b.string(16) }),
        5 => json!(*b.pick(&[
            "ap-northeast-1",
            "ap-northeast-1_Local",
            "localclient",
            "http://127.0.0.1:9229/",
            "https://auth.example.com",
            "http://127.0.0.1:8080/callback",
            "/account",
            "//evil.example",
            "Google",
            "openid",
            "email",
            "ja",
            "auto",
        ])),
        6 => json!([*b.pick(&["/account", "/", "/settings", "https://x/"])]),
        7 => json!([{ "name": *b.pick(&["Google", "Corporate", "", "SignInWithApple"]) }]),
        _ => json!(b.string(40)),
    }
}

/// Whether any object key anywhere names a secret.
fn has_secret_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.to_ascii_lowercase().contains("secret") || has_secret_key(v)),
        Value::Array(items) => items.iter().any(has_secret_key),
        _ => false,
    }
}

/// `AuthConfig::from_json`: never panics; agrees with `from_value`; a file
/// holding a secret key anywhere is refused and the secret is never quoted
/// in a message; every message renders; an accepted configuration has a
/// valid region, pool id, client id and endpoint, email first among the
/// sign-up attributes, a short issuer, and return paths that are
/// same-origin paths. With the first byte even, the input edits the
/// shipped `public/config.json` (so most of it stays valid); otherwise it
/// is the file's text.
pub fn config_json(data: &[u8]) {
    let mut b = Bytes(data);
    let text = if b.one_in(2) {
        let mut config: Value =
            serde_json::from_str(include_str!("../public/config.json")).expect("shipped config");
        for _ in 0..b.byte() % 5 {
            let key = *b.pick(&[
                "appName",
                "region",
                "userPoolId",
                "userPoolClientId",
                "endpoints",
                "passwordPolicy",
                "signUpAttributes",
                "totpIssuer",
                "locale",
                "oauth",
                "oauth.domain",
                "oauth.redirectSignIn",
                "oauth.redirectSignOut",
                "oauth.scopes",
                "oauth.providers",
                "oauth.returnPaths",
                "endpoints.userPool",
                "passwordPolicy.minimumLength",
                "clientSecret",
                "oauth.providers.secret",
                "unknownKey",
            ]);
            let v = if key.ends_with("ecret") {
                json!(format!("{SECRET_MARK}{}", b.string(8)))
            } else {
                value(&mut b)
            };
            let remove = b.one_in(6);
            let (parent, name) = match key.rsplit_once('.') {
                Some((p, n)) => (p.split('.').collect::<Vec<_>>(), n),
                None => (vec![], key),
            };
            let mut target = Some(&mut config);
            for p in parent {
                target = target.and_then(|t| t.get_mut(p)).map(|next| {
                    if next.as_array().is_some_and(|items| !items.is_empty()) {
                        &mut next[0]
                    } else {
                        next
                    }
                });
            }
            if let Some(Value::Object(map)) = target {
                if remove {
                    map.remove(name);
                } else {
                    map.insert(name.to_owned(), v);
                }
            }
        }
        config.to_string()
    } else {
        String::from_utf8_lossy(b.0).into_owned()
    };

    let result = AuthConfig::from_json(&text);
    if let Ok(value) = serde_json::from_str::<Value>(&text) {
        assert_eq!(AuthConfig::from_value(&value), result);
        if has_secret_key(&value) {
            let problems = result.as_ref().expect_err("a secret was accepted");
            assert!(problems
                .iter()
                .any(|p| matches!(p, ConfigProblem::ClientSecret { .. })));
        }
    }
    match result {
        Err(problems) => {
            assert!(!problems.is_empty());
            for problem in &problems {
                let message = problem.to_string();
                assert!(!message.is_empty());
                assert!(!message.contains(SECRET_MARK), "{message}");
                let _ = problem.notice();
            }
        }
        Ok(config) => {
            assert!(is_region(&config.region), "{config:?}");
            assert_eq!(
                parse_user_pool_id(&config.user_pool_id),
                Some(config.region.as_str())
            );
            assert!(is_client_id(&config.user_pool_client_id));
            assert!(config.user_pool_endpoint.ends_with('/'));
            // The username attribute is the sign-up form's own first field.
            let username = config.sign_in_with().username_attribute();
            assert!(
                config
                    .sign_up_fields
                    .iter()
                    .all(|f| username.is_none() || f.attribute.standard() != username),
                "{config:?}"
            );
            let issuer_chars = config.totp_issuer.chars().count();
            assert!((1..=64).contains(&issuer_chars), "{:?}", config.totp_issuer);
            let home = config.return_path(None);
            assert!(home.starts_with('/') && !home.starts_with("//"), "{home}");
            if let Some(oauth) = &config.oauth {
                assert!(oauth.scopes.iter().any(|s| s == "openid"));
                assert!(!oauth.domain.ends_with('/'));
                for path in &oauth.return_paths {
                    assert_eq!(config.return_path(Some(path)), *path);
                }
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::collection::vec;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn config_json(data in vec(any::<u8>(), 0..256)) { super::config_json(&data) }
    }

    #[test]
    fn the_shipped_config_passes_the_target_unchanged() {
        // First byte 0: edit mode, second byte 0: no edits.
        super::config_json(&[0, 0]);
        assert!(crate::AuthConfig::from_json(include_str!("../public/config.json")).is_ok());
    }
}
