//! TOTP software-token MFA for a signed-in user (the account page), sans I/O:
//! whether it is on, and enrolling an authenticator with the access token.
//! The sign-in challenges (`SOFTWARE_TOKEN_MFA`, `MFA_SETUP`) are in
//! [`crate::flow`].
//!
//! Enrolment with an access token (docs/cognito-protocol.md §3):
//!
//! 1. `associate_software_token_with_access_token`: the key to show.
//! 2. `verify_software_token(Some(access_token), None, code, device)`, then
//!    [`after_verify_for_enrolment`]: either the error to show (the key stays
//!    pending) or the `SetUserMFAPreference` request to send next.
//! 3. Send [`EnrolmentVerified::SetPreference`]'s request
//!    ([`software_token_mfa_preference`]): TOTP enabled and preferred, so the
//!    next sign-in asks for a code.

use crate::error::{CognitoError, ErrorKind};
use crate::ops::{
    GetUserResponse, MfaSettings, SetUserMfaPreference, VerifySoftwareTokenResponse,
    CHALLENGE_SOFTWARE_TOKEN_MFA,
};
use crate::secret::AccessToken;

/// Whether `GetUser` shows TOTP MFA on for the user: `UserMFASettingList`
/// lists `SOFTWARE_TOKEN_MFA`, or `PreferredMfaSetting` is it (a preferred
/// factor is always an enabled one). Cognito omits both for users without MFA.
pub fn software_token_mfa_enabled(user: &GetUserResponse) -> bool {
    user.user_mfa_setting_list
        .as_deref()
        .unwrap_or_default()
        .iter()
        .any(|m| m == CHALLENGE_SOFTWARE_TOKEN_MFA)
        || user.preferred_mfa_setting.as_deref() == Some(CHALLENGE_SOFTWARE_TOKEN_MFA)
}

/// `SetUserMFAPreference` for TOTP: enabling also makes it the preferred
/// factor (the only one this crate's flows offer); disabling clears both.
pub fn software_token_mfa_preference(
    access_token: &AccessToken,
    enabled: bool,
) -> SetUserMfaPreference {
    SetUserMfaPreference {
        access_token: access_token.clone(),
        software_token_mfa_settings: Some(MfaSettings {
            enabled,
            preferred_mfa: enabled,
        }),
    }
}

/// What `VerifySoftwareToken` with an access token leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnrolmentVerified {
    /// The code matched: send this `SetUserMFAPreference` (TOTP enabled and
    /// preferred) now; its success means MFA is on.
    SetPreference(SetUserMfaPreference),
    /// Not verified: show this error. The key stays pending (never a factor
    /// until verified), so the user can correct the code and try again.
    Show(CognitoError),
}

/// After `verify_software_token(Some(access_token), None, ..)`: `Status`
/// `SUCCESS` goes on to [`software_token_mfa_preference`] with TOTP enabled;
/// `Status: ERROR` (documented, though Cognito throws
/// `EnableSoftwareTokenMFAException` instead in practice) becomes that same
/// error; a thrown error is shown as it is.
pub fn after_verify_for_enrolment(
    access_token: &AccessToken,
    result: Result<VerifySoftwareTokenResponse, CognitoError>,
) -> EnrolmentVerified {
    match result {
        Ok(response) if response.is_success() => {
            EnrolmentVerified::SetPreference(software_token_mfa_preference(access_token, true))
        }
        Ok(response) => EnrolmentVerified::Show(verify_status_error(&response)),
        Err(e) => EnrolmentVerified::Show(e),
    }
}

/// The error for a `VerifySoftwareToken` answer whose `Status` is not
/// `SUCCESS`: what Cognito throws for a wrong code.
pub(crate) fn verify_status_error(response: &VerifySoftwareTokenResponse) -> CognitoError {
    CognitoError::Service {
        kind: ErrorKind::EnableSoftwareTokenMfa,
        message: format!("VerifySoftwareToken answered Status {:?}", response.status),
        status: 200,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::build_request;

    fn user(json: &str) -> GetUserResponse {
        serde_json::from_str(json).unwrap()
    }

    fn verified(json: &str) -> VerifySoftwareTokenResponse {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn totp_is_on_when_get_user_lists_or_prefers_it() {
        for off in [
            r#"{"Username":"u","UserAttributes":[]}"#,
            r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":[]}"#,
            r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":["SMS_MFA"],"PreferredMfaSetting":"SMS_MFA"}"#,
            r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":["software_token_mfa"]}"#,
        ] {
            assert!(!software_token_mfa_enabled(&user(off)), "{off}");
        }
        for on in [
            r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":["SOFTWARE_TOKEN_MFA"]}"#,
            r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":["SMS_MFA","SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SMS_MFA"}"#,
            r#"{"Username":"u","UserAttributes":[],"UserMFASettingList":["SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#,
            r#"{"Username":"u","UserAttributes":[],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#,
        ] {
            assert!(software_token_mfa_enabled(&user(on)), "{on}");
        }
    }

    #[test]
    fn the_preference_request_enables_and_prefers_or_clears_both() {
        let token = AccessToken::new("at");
        let on = build_request("https://x/", &software_token_mfa_preference(&token, true));
        assert!(on.headers.contains(&(
            "X-Amz-Target",
            "AWSCognitoIdentityProviderService.SetUserMFAPreference".into()
        )));
        assert_eq!(
            on.body,
            r#"{"AccessToken":"at","SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true}}"#
        );
        let off = build_request("https://x/", &software_token_mfa_preference(&token, false));
        assert_eq!(
            off.body,
            r#"{"AccessToken":"at","SoftwareTokenMfaSettings":{"Enabled":false,"PreferredMfa":false}}"#
        );
    }

    #[test]
    fn a_verified_code_goes_on_to_the_preference_and_anything_else_is_shown() {
        let token = AccessToken::new("at");
        assert_eq!(
            after_verify_for_enrolment(&token, Ok(verified(r#"{"Status":"SUCCESS"}"#))),
            EnrolmentVerified::SetPreference(SetUserMfaPreference {
                access_token: token.clone(),
                software_token_mfa_settings: Some(MfaSettings {
                    enabled: true,
                    preferred_mfa: true
                }),
            })
        );
        for status in [r#"{"Status":"ERROR"}"#, "{}", r#"{"Status":"success"}"#] {
            let EnrolmentVerified::Show(error) =
                after_verify_for_enrolment(&token, Ok(verified(status)))
            else {
                panic!("{status} must not enable MFA")
            };
            assert_eq!(
                error.kind(),
                Some(&ErrorKind::EnableSoftwareTokenMfa),
                "{status}"
            );
        }
        let mismatch = CognitoError::Service {
            kind: ErrorKind::EnableSoftwareTokenMfa,
            message: "Code mismatch and fail enable Software Token MFA".into(),
            status: 400,
        };
        assert_eq!(
            after_verify_for_enrolment(&token, Err(mismatch.clone())),
            EnrolmentVerified::Show(mismatch)
        );
        let offline = CognitoError::Transport {
            endpoint: "e".into(),
            message: "m".into(),
        };
        assert_eq!(
            after_verify_for_enrolment(&token, Err(offline.clone())),
            EnrolmentVerified::Show(offline)
        );
    }
}
