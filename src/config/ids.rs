//! The AWS identifiers `config.json` holds, as AWS writes them: region
//! codes, user pool ids, app client ids and identity pool ids.

use cognito_client::client::region_of_user_pool;
use cognito_client::identity_pool::region_of_identity_pool;

/// An AWS region code: lowercase words and a trailing number joined by
/// dashes (`ap-northeast-1`, `us-gov-west-1`).
///
/// ```
/// use leptos_cognito::config::is_region;
///
/// assert!(is_region("ap-northeast-1"));
/// assert!(is_region("us-gov-west-1"));
/// assert!(!is_region("Tokyo"));
/// assert!(!is_region("ap-northeast"));
/// ```
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// The region of a well-formed user pool ID (`<region>_<id>`, the id part
/// letters and digits), else `None`.
///
/// ```
/// use leptos_cognito::config::parse_user_pool_id;
///
/// assert_eq!(parse_user_pool_id("ap-northeast-1_AbC123xyz"), Some("ap-northeast-1"));
/// assert_eq!(parse_user_pool_id("AbC123xyz"), None);
/// ```
pub fn parse_user_pool_id(id: &str) -> Option<&str> {
    let region = region_of_user_pool(id)?;
    let rest = &id[region.len() + 1..];
    (is_region(region) && rest.chars().all(|c| c.is_ascii_alphanumeric())).then_some(region)
}

/// An app client ID: `[\w+]+`, at most 128 characters (Cognito API reference).
///
/// ```
/// use leptos_cognito::config::is_client_id;
///
/// assert!(is_client_id("1example23456789"));
/// assert!(!is_client_id("1example 23456789"));
/// assert!(!is_client_id(""));
/// ```
pub fn is_client_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+')
}

/// The region of an identity pool id written as AWS writes them:
/// `<region>:<lower-case uuid>`, at most 55 characters (API reference,
/// `IdentityPoolId`).
///
/// ```
/// use leptos_cognito::config::parse_identity_pool_id;
///
/// assert_eq!(
///     parse_identity_pool_id("ap-northeast-1:1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d"),
///     Some("ap-northeast-1"),
/// );
/// // Not upper-case, and not a user pool ID.
/// assert_eq!(parse_identity_pool_id("ap-northeast-1:1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D"), None);
/// assert_eq!(parse_identity_pool_id("ap-northeast-1_AbC123xyz"), None);
/// ```
pub fn parse_identity_pool_id(id: &str) -> Option<&str> {
    let region = region_of_identity_pool(id)?;
    let rest = &id[region.len() + 1..];
    let uuid_like = rest.len() == 36
        && rest.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        });
    (id.len() <= 55 && is_region(region) && uuid_like).then_some(region)
}
