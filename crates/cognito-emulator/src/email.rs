//! E-mail address syntax, for `SignUp` in a pool that signs in by e-mail
//! and for accounts typed in at the mock identity providers.

/// A practical e-mail syntax check (RFC 5321 shape): one `@`, a non-empty
/// local part, and a dotted domain of letters, digits and hyphens.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::is_valid_email;

    #[test]
    fn email_syntax() {
        for ok in [
            "a@example.com",
            "taro.yamada+tag@mail.example.co.jp",
            "x@xn--eckwd4c7c.jp",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "a@b",
            "@example.com",
            "a@@example.com",
            "a b@example.com",
            "a@-x.com",
            "a.@example.com",
            "a@example..com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
