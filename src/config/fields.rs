//! Reading the raw fields of `config.json`: what is missing, of the wrong
//! type, empty or unknown becomes a problem, named with its path.

use super::problems::ConfigProblem;
use super::raw::{Keys, Typed};
use serde_json::Value;

/// A key that holds or names a secret (`clientSecret`, `SECRET`, ...).
pub(crate) fn is_secret_key(key: &str) -> bool {
    key.to_ascii_lowercase().contains("secret")
}

/// Each of the `unknown` keys of an object read as `T` as a problem, named
/// with its path (`prefix` ends in `.`) and listing `T`'s keys; secrets are
/// left to `find_secrets`.
pub(crate) fn unknown_fields<T: Keys>(
    unknown: &[String],
    prefix: &str,
    problems: &mut Vec<ConfigProblem>,
) {
    for key in unknown.iter().filter(|k| !is_secret_key(k)) {
        problems.push(ConfigProblem::UnknownField {
            field: format!("{prefix}{key}"),
            allowed: T::KEYS.to_vec(),
        });
    }
}

/// The string at `field`, if there is one; anything else is a problem.
pub(crate) fn optional_string(
    value: Option<Value>,
    field: &str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<String> {
    match Typed::string(value?) {
        Typed::Right(s) => Some(s),
        Typed::Wrong(_) => {
            problems.push(ConfigProblem::NotString {
                field: field.to_owned(),
            });
            None
        }
    }
}

/// The non-empty string at `field`, trimmed; absent, empty or not a string
/// is a problem.
pub(crate) fn required_string(
    value: Option<Value>,
    field: &'static str,
    example: &'static str,
    problems: &mut Vec<ConfigProblem>,
) -> Option<String> {
    let Some(value) = value else {
        problems.push(ConfigProblem::Missing { field, example });
        return None;
    };
    let value = optional_string(Some(value), field, problems)?;
    let value = value.trim();
    if value.is_empty() {
        problems.push(ConfigProblem::Empty {
            field: field.to_owned(),
        });
        return None;
    }
    Some(value.to_owned())
}
