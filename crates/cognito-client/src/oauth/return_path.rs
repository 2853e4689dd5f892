//! Where to go after sign-in, without open redirects (RFC 9700 §4.11).

/// Where to go when nothing acceptable was asked for and the allow-list is
/// empty.
pub const DEFAULT_RETURN_PATH: &str = "/account";

/// Longest return path accepted, in bytes.
const MAX_RETURN_PATH_BYTES: usize = 2048;

/// A same-origin absolute path: starts with one `/` (not `//`, which a
/// browser reads as another host), only printable ASCII (no spaces, tabs,
/// newlines or other controls, which browsers strip or reinterpret), no `\`
/// (read as `/`), no `@` (userinfo tricks) and no percent-encoded `/` or
/// `\` in the path.
pub fn is_same_origin_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() <= MAX_RETURN_PATH_BYTES
        && bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes
            .iter()
            .all(|&b| (0x21..=0x7e).contains(&b) && b != b'\\' && b != b'@')
}

/// The path part, before any `?` or `#`.
fn path_part(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or(path)
}

/// `requested` if it is a same-origin absolute path (see above) whose path
/// part (before `?` / `#`) is exactly one of `allowed`; otherwise the first
/// acceptable entry of `allowed`, or [`DEFAULT_RETURN_PATH`]. The query and
/// fragment of an accepted path are kept. Comparison is exact, so encoded
/// tricks (`/%2F%2Fevil`) and dot segments never match an entry.
pub fn safe_return_path(requested: Option<&str>, allowed: &[String]) -> String {
    if let Some(path) = requested {
        if is_same_origin_path(path) && allowed.iter().any(|a| a == path_part(path)) {
            return path.to_owned();
        }
    }
    allowed
        .iter()
        .find(|a| is_same_origin_path(a))
        .cloned()
        .unwrap_or_else(|| DEFAULT_RETURN_PATH.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> Vec<String> {
        vec!["/account".into(), "/settings/mfa".into(), "/".into()]
    }

    #[test]
    fn allowed_paths_pass_with_their_query_and_fragment() {
        for path in [
            "/account",
            "/settings/mfa",
            "/",
            "/settings/mfa?tab=totp",
            "/account#security",
            "/?welcome=1",
        ] {
            assert_eq!(safe_return_path(Some(path), &allowed()), path, "{path}");
        }
    }

    #[test]
    fn everything_else_falls_back_to_the_first_allowed_path() {
        for path in [
            "https://evil.example",
            "https://evil.example/account",
            "//evil.example",
            "//evil.example/account",
            "/\\evil.example",
            "\\\\evil.example",
            "/%2F%2Fevil",
            "/%2F%2Fevil.example/account",
            "/%5Cevil",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "/\t/evil.example",
            "/account\n",
            "\n/account",
            " /account",
            "/account ",
            "/acc\u{0}ount",
            "/@evil.example",
            "/account@evil.example",
            "/account/../admin",
            "/account/",
            "/Account",
            "/admin",
            "account",
            "",
            "/ａccount",
            "/account\\..\\admin",
        ] {
            assert_eq!(
                safe_return_path(Some(path), &allowed()),
                "/account",
                "{path:?}"
            );
        }
        assert_eq!(safe_return_path(None, &allowed()), "/account");
        let long = format!("/account?{}", "a".repeat(MAX_RETURN_PATH_BYTES));
        assert_eq!(safe_return_path(Some(&long), &allowed()), "/account");
    }

    #[test]
    fn the_fallback_itself_must_be_a_safe_path() {
        assert_eq!(safe_return_path(Some("/x"), &[]), DEFAULT_RETURN_PATH);
        let odd: Vec<String> = vec!["//evil.example".into(), "/home".into()];
        assert_eq!(safe_return_path(None, &odd), "/home");
        // An unsafe allow-list entry is never returned, even when asked for.
        assert_eq!(safe_return_path(Some("//evil.example"), &odd), "/home");
        assert_eq!(
            safe_return_path(None, &["https://evil.example".to_owned()]),
            "/account"
        );
    }
}
