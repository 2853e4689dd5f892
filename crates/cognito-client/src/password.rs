//! The user pool password policy (`PasswordPolicyType` in the Cognito API) and
//! the rules a candidate password must meet.
//!
//! The same checker drives the live hints on the sign-up screen and the
//! emulator's `InvalidPasswordException`, so the two can never disagree.
//! Rules and the symbol set: AWS Cognito Developer Guide, "Adding user pool
//! password requirements" (`user-pool-settings-policies`).

use serde::{Deserialize, Serialize};

/// The characters Cognito counts as symbols (Developer Guide, password
/// requirements). A space counts too, but only when it is neither leading
/// nor trailing.
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// A user pool's password policy, named as in Cognito's `PasswordPolicyType`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordPolicy {
    /// `MinimumLength`: 6 to 99 characters.
    pub minimum_length: u8,
    /// `RequireUppercase`: at least one A-Z.
    #[serde(default)]
    pub require_uppercase: bool,
    /// `RequireLowercase`: at least one a-z.
    #[serde(default)]
    pub require_lowercase: bool,
    /// `RequireNumbers`: at least one 0-9.
    #[serde(default)]
    pub require_numbers: bool,
    /// `RequireSymbols`: at least one of [`SYMBOLS`].
    #[serde(default)]
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    /// The policy the project recommends (and the emulator's seed pool uses):
    /// 12 characters with all four character classes.
    fn default() -> Self {
        Self {
            minimum_length: 12,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

/// One rule of a [`PasswordPolicy`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PasswordRule {
    /// At least this many characters.
    MinimumLength(u8),
    /// An upper-case letter.
    Uppercase,
    /// A lower-case letter.
    Lowercase,
    /// A digit.
    Number,
    /// One of [`SYMBOLS`].
    Symbol,
}

impl PasswordRule {
    /// A stable key for UI catalogues and test ids.
    pub fn key(&self) -> &'static str {
        match self {
            Self::MinimumLength(_) => "length",
            Self::Uppercase => "uppercase",
            Self::Lowercase => "lowercase",
            Self::Number => "number",
            Self::Symbol => "symbol",
        }
    }

    /// The suffix Cognito puts after `Password did not conform with policy: `
    /// in an `InvalidPasswordException`.
    pub fn aws_message(&self) -> &'static str {
        match self {
            Self::MinimumLength(_) => "Password not long enough",
            Self::Uppercase => "Password must have uppercase characters",
            Self::Lowercase => "Password must have lowercase characters",
            Self::Number => "Password must have numeric characters",
            Self::Symbol => "Password must have symbol characters",
        }
    }

    /// Whether `password` satisfies this rule.
    pub fn is_met(&self, password: &str) -> bool {
        match *self {
            // Cognito counts characters, not bytes.
            Self::MinimumLength(n) => password.chars().count() >= usize::from(n),
            Self::Uppercase => password.chars().any(|c| c.is_ascii_uppercase()),
            Self::Lowercase => password.chars().any(|c| c.is_ascii_lowercase()),
            Self::Number => password.chars().any(|c| c.is_ascii_digit()),
            Self::Symbol => {
                let inner = password.trim_matches(' ');
                password.chars().any(|c| SYMBOLS.contains(c)) || inner.contains(' ')
            }
        }
    }
}

impl PasswordPolicy {
    /// The rules this policy enforces, in the order Cognito reports them.
    pub fn rules(&self) -> Vec<PasswordRule> {
        let mut rules = vec![PasswordRule::MinimumLength(self.minimum_length)];
        if self.require_lowercase {
            rules.push(PasswordRule::Lowercase);
        }
        if self.require_uppercase {
            rules.push(PasswordRule::Uppercase);
        }
        if self.require_numbers {
            rules.push(PasswordRule::Number);
        }
        if self.require_symbols {
            rules.push(PasswordRule::Symbol);
        }
        rules
    }

    /// The rules `password` does not meet yet; empty when it is acceptable.
    pub fn unmet_rules(&self, password: &str) -> Vec<PasswordRule> {
        self.rules()
            .into_iter()
            .filter(|r| !r.is_met(password))
            .collect()
    }

    /// Checks the policy's own values against Cognito's bounds (6..=99).
    pub fn validate(&self) -> Result<(), String> {
        if !(6..=99).contains(&self.minimum_length) {
            return Err(format!(
                "passwordPolicy.minimumLength is {}; Cognito allows 6 to 99",
                self.minimum_length
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recommended_policy_reports_each_missing_class() {
        let p = PasswordPolicy::default();
        assert_eq!(
            p.unmet_rules("short"),
            vec![
                PasswordRule::MinimumLength(12),
                PasswordRule::Uppercase,
                PasswordRule::Number,
                PasswordRule::Symbol
            ]
        );
        assert_eq!(
            p.unmet_rules("ALLUPPERCASE1!"),
            vec![PasswordRule::Lowercase]
        );
        assert!(p.unmet_rules("Correct-Horse-9").is_empty());
    }

    #[test]
    fn inner_space_counts_as_symbol_but_edges_do_not() {
        assert!(PasswordRule::Symbol.is_met("ab cd"));
        assert!(!PasswordRule::Symbol.is_met(" abcd "));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(PasswordRule::MinimumLength(3).is_met("パスワ"));
        assert!(!PasswordRule::MinimumLength(4).is_met("パスワ"));
    }

    #[test]
    fn policy_bounds_are_checked() {
        let p = PasswordPolicy {
            minimum_length: 5,
            ..PasswordPolicy::default()
        };
        assert!(p.validate().unwrap_err().contains("6 to 99"));
    }
}
