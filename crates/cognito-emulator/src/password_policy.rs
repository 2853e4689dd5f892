//! The user pool password policy (`PasswordPolicyType` in the Cognito API)
//! and the check behind `SignUp`'s `InvalidPasswordException`.
//!
//! Rules and the symbol set: Developer Guide, "Adding user pool password
//! requirements" (`user-pool-settings-policies`). The emulator keeps its own
//! copy rather than sharing the client's, so a mistake in one shows up as a
//! disagreement in the client's tests against the emulator.

use serde::{Deserialize, Serialize};

/// The characters Cognito counts as symbols. A space counts too, but only
/// when it is neither leading nor trailing.
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// `PasswordPolicyType`, in snake_case for the TOML file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordPolicy {
    /// `MinimumLength`, in characters: 6..=99.
    pub minimum_length: u8,
    /// `RequireUppercase`: at least one letter A-Z.
    #[serde(default)]
    pub require_uppercase: bool,
    /// `RequireLowercase`: at least one letter a-z.
    #[serde(default)]
    pub require_lowercase: bool,
    /// `RequireNumbers`: at least one digit.
    #[serde(default)]
    pub require_numbers: bool,
    /// `RequireSymbols`: at least one of [`SYMBOLS`].
    #[serde(default)]
    pub require_symbols: bool,
    /// `TemporaryPasswordValidityDays`: how long a temporary password from
    /// `AdminCreateUser` or `AdminSetUserPassword` (not permanent) signs in.
    /// 0..=365; 0 means the default, 7, as in Cognito (API Reference,
    /// `PasswordPolicyType`).
    #[serde(default = "seven_days")]
    pub temporary_password_validity_days: u16,
}

fn seven_days() -> u16 {
    7
}

impl Default for PasswordPolicy {
    /// What the seed pool uses: 12 characters with all four character
    /// classes.
    fn default() -> Self {
        PasswordPolicy {
            minimum_length: 12,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: seven_days(),
        }
    }
}

impl PasswordPolicy {
    /// The first rule `password` breaks, as the text Cognito puts after
    /// `Password did not conform with policy: `; `None` when it is
    /// acceptable. Rules are checked in the order Cognito reports them:
    /// length, lower case, upper case, numbers, symbols.
    pub fn first_violation(&self, password: &str) -> Option<&'static str> {
        // Cognito counts characters, not bytes.
        if password.chars().count() < usize::from(self.minimum_length) {
            return Some("Password not long enough");
        }
        let has = |f: fn(char) -> bool| password.chars().any(f);
        if self.require_lowercase && !has(|c| c.is_ascii_lowercase()) {
            return Some("Password must have lowercase characters");
        }
        if self.require_uppercase && !has(|c| c.is_ascii_uppercase()) {
            return Some("Password must have uppercase characters");
        }
        if self.require_numbers && !has(|c| c.is_ascii_digit()) {
            return Some("Password must have numeric characters");
        }
        let inner_space = password.trim_matches(' ').contains(' ');
        if self.require_symbols && !has(|c| SYMBOLS.contains(c)) && !inner_space {
            return Some("Password must have symbol characters");
        }
        None
    }

    /// A random temporary password that meets this policy, for
    /// `AdminCreateUser` without `TemporaryPassword` (API Reference: "Amazon
    /// Cognito generates one for you"). At least 12 characters from the
    /// OS CSPRNG, with one character of each class and symbols Cognito
    /// counts (no space, which users mistype).
    pub fn generate_temporary(&self) -> String {
        use rand::seq::SliceRandom;
        use rand::Rng;
        const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
        const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
        const DIGITS: &[u8] = b"23456789";
        const SYMBOLS: &[u8] = b"^$*.[]{}()?!@#%&/,><:;|_~=+-";
        let mut rng = rand::rngs::OsRng;
        let mut pick = |set: &[u8]| char::from(set[rng.gen_range(0..set.len())]);
        let mut chars = vec![pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
        let all: Vec<u8> = [LOWER, UPPER, DIGITS, SYMBOLS].concat();
        let length = usize::from(self.minimum_length).max(12);
        while chars.len() < length {
            chars.push(pick(&all));
        }
        chars.shuffle(&mut rand::rngs::OsRng);
        chars.into_iter().collect()
    }

    /// Seconds a temporary password stays valid.
    pub fn temporary_password_validity_seconds(&self) -> i64 {
        let days = match self.temporary_password_validity_days {
            0 => seven_days(),
            d => d,
        };
        i64::from(days) * 86_400
    }

    /// Checks the policy's own values against Cognito's bounds.
    pub fn validate(&self) -> Result<(), String> {
        if !(6..=99).contains(&self.minimum_length) {
            return Err(format!(
                "password_policy.minimum_length is {}; Cognito allows 6 to 99",
                self.minimum_length
            ));
        }
        if self.temporary_password_validity_days > 365 {
            return Err(format!(
                "password_policy.temporary_password_validity_days is {}; Cognito allows 0 to 365 \
                 (0 means the default, 7)",
                self.temporary_password_validity_days
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_missing_class_is_reported_in_cognitos_order() {
        let p = PasswordPolicy::default();
        assert_eq!(
            p.first_violation("Sh0rt!"),
            Some("Password not long enough")
        );
        assert_eq!(
            p.first_violation("ALLUPPERCASE1!"),
            Some("Password must have lowercase characters")
        );
        assert_eq!(
            p.first_violation("alllowercase1!"),
            Some("Password must have uppercase characters")
        );
        assert_eq!(
            p.first_violation("NoNumbersHere!"),
            Some("Password must have numeric characters")
        );
        assert_eq!(
            p.first_violation("NoSymbolsHere1"),
            Some("Password must have symbol characters")
        );
        assert_eq!(
            p.first_violation("12345678901!"),
            Some("Password must have lowercase characters"),
            "lower case is reported before upper case"
        );
        assert_eq!(p.first_violation("Correct-Horse-9"), None);
        let lax = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
            temporary_password_validity_days: 7,
        };
        assert_eq!(lax.first_violation("aaaaaa"), None);
    }

    #[test]
    fn every_listed_symbol_counts_and_letters_do_not() {
        for symbol in SYMBOLS.chars() {
            let password = format!("Abcdefghij1{symbol}");
            assert_eq!(
                PasswordPolicy::default().first_violation(&password),
                None,
                "{symbol:?}"
            );
        }
        // Non-ASCII letters and digits are not symbols.
        assert_eq!(
            PasswordPolicy::default().first_violation("Abcdefghij1é"),
            Some("Password must have symbol characters")
        );
    }

    #[test]
    fn an_inner_space_is_a_symbol_but_an_outer_one_is_not() {
        let p = PasswordPolicy::default();
        assert_eq!(p.first_violation("Correct Horse9"), None);
        assert_eq!(
            p.first_violation(" CorrectHorse9 "),
            Some("Password must have symbol characters")
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let p = PasswordPolicy {
            minimum_length: 7,
            ..PasswordPolicy::default()
        };
        // 6 characters but 10 bytes: not long enough.
        assert_eq!(
            p.first_violation("Aa1-パス"),
            Some("Password not long enough")
        );
        assert_eq!(p.first_violation("Aa1-パスワ"), None);
    }

    #[test]
    fn generated_temporary_passwords_meet_the_policy() {
        for minimum_length in [6, 12, 30] {
            let p = PasswordPolicy {
                minimum_length,
                ..PasswordPolicy::default()
            };
            for _ in 0..50 {
                let password = p.generate_temporary();
                assert_eq!(p.first_violation(&password), None, "{password}");
                assert_eq!(
                    password.chars().count(),
                    usize::from(minimum_length).max(12)
                );
            }
        }
        assert_ne!(
            PasswordPolicy::default().generate_temporary(),
            PasswordPolicy::default().generate_temporary()
        );
    }

    #[test]
    fn temporary_password_validity_defaults_to_seven_days() {
        let mut p = PasswordPolicy::default();
        assert_eq!(p.temporary_password_validity_seconds(), 7 * 86_400);
        p.temporary_password_validity_days = 0;
        assert_eq!(p.temporary_password_validity_seconds(), 7 * 86_400);
        p.temporary_password_validity_days = 1;
        assert_eq!(p.temporary_password_validity_seconds(), 86_400);
        p.temporary_password_validity_days = 365;
        assert!(p.validate().is_ok());
        p.temporary_password_validity_days = 366;
        let e = p.validate().unwrap_err();
        assert!(e.contains("0 to 365"), "{e}");
    }

    #[test]
    fn policy_bounds_are_checked() {
        for (minimum_length, ok) in [(5, false), (6, true), (99, true), (100, false)] {
            let p = PasswordPolicy {
                minimum_length,
                ..PasswordPolicy::default()
            };
            assert_eq!(p.validate().is_ok(), ok, "{minimum_length}");
        }
        let e = PasswordPolicy {
            minimum_length: 4,
            ..PasswordPolicy::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.contains("6 to 99"), "{e}");
    }
}
