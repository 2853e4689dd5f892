//! `mfa`: whether the user pool lets users add an authenticator app, in
//! Cognito's own `MfaConfiguration` vocabulary (AWS API Reference,
//! `SetUserPoolMfaConfig` / `UserPoolMfaType`).

/// The user pool's `MfaConfiguration` (`mfa` in `config.json`), as far as
/// the only second factor the app knows goes: an authenticator app (TOTP,
/// `SoftwareTokenMfaConfiguration`). It decides what the account page
/// offers; Cognito still decides what sign-in asks for.
///
/// The default, when `mfa` is absent, is [`MfaConfiguration::Off`]: the
/// account page then offers no set-up. Offering one on a pool without
/// authenticator apps fails only after the user has scanned the QR code
/// (`AssociateSoftwareToken` answers "not enabled for this user pool"),
/// whereas a missing offer is one line of configuration away
/// (`"mfa": "OPTIONAL"`). Sign-in is the same either way: its MFA
/// challenges come from Cognito, not from this setting.
///
/// ```
/// use leptos_cognito::{AuthConfig, MfaConfiguration};
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "mfa": "OPTIONAL"
/// }"#).unwrap();
/// assert_eq!(config.mfa, MfaConfiguration::Optional);
/// assert!(config.mfa.offers_totp_setup());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MfaConfiguration {
    /// `OFF` (the default): no second factor. The account page shows the
    /// user's status, and lets a user who still has an authenticator app
    /// (from before the pool was changed) turn it off, but offers no set-up.
    #[default]
    Off,
    /// `OPTIONAL`: users may add an authenticator app on the account page and
    /// turn it off again; those who did are asked for a code at sign-in.
    Optional,
    /// `ON`: every user signs in with a code; one without an authenticator
    /// app sets it up during sign-in (`MFA_SETUP`). The account page offers
    /// no way to turn it off: the next sign-in would only ask to set it up
    /// again (and the local emulator refuses the call).
    On,
}

impl MfaConfiguration {
    /// Every value `mfa` takes.
    ///
    /// ```
    /// use leptos_cognito::MfaConfiguration;
    ///
    /// let names: Vec<&str> = MfaConfiguration::ALL.iter().map(|m| m.name()).collect();
    /// assert_eq!(names, ["OFF", "OPTIONAL", "ON"]);
    /// ```
    pub const ALL: [MfaConfiguration; 3] = [
        MfaConfiguration::Off,
        MfaConfiguration::Optional,
        MfaConfiguration::On,
    ];

    /// The name in `config.json` and in Cognito's `MfaConfiguration`.
    ///
    /// ```
    /// use leptos_cognito::MfaConfiguration;
    ///
    /// assert_eq!(MfaConfiguration::default().name(), "OFF");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            MfaConfiguration::Off => "OFF",
            MfaConfiguration::Optional => "OPTIONAL",
            MfaConfiguration::On => "ON",
        }
    }

    /// The value with this name, exactly.
    ///
    /// ```
    /// use leptos_cognito::MfaConfiguration;
    ///
    /// assert_eq!(MfaConfiguration::from_name("ON"), Some(MfaConfiguration::On));
    /// assert_eq!(MfaConfiguration::from_name("optional"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether the account page offers to set up an authenticator app: only
    /// where the pool accepts one.
    ///
    /// ```
    /// use leptos_cognito::MfaConfiguration;
    ///
    /// assert!(!MfaConfiguration::Off.offers_totp_setup());
    /// assert!(MfaConfiguration::Optional.offers_totp_setup());
    /// assert!(MfaConfiguration::On.offers_totp_setup());
    /// ```
    pub fn offers_totp_setup(self) -> bool {
        self != MfaConfiguration::Off
    }

    /// Whether the account page offers to turn the authenticator app off:
    /// not where the pool requires a second factor.
    ///
    /// ```
    /// use leptos_cognito::MfaConfiguration;
    ///
    /// assert!(MfaConfiguration::Off.allows_turning_off());
    /// assert!(MfaConfiguration::Optional.allows_turning_off());
    /// assert!(!MfaConfiguration::On.allows_turning_off());
    /// ```
    pub fn allows_turning_off(self) -> bool {
        self != MfaConfiguration::On
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_off_is_the_default() {
        for mfa in MfaConfiguration::ALL {
            assert_eq!(MfaConfiguration::from_name(mfa.name()), Some(mfa));
        }
        assert_eq!(MfaConfiguration::default(), MfaConfiguration::Off);
        for other in ["off", "Optional", "REQUIRED", "NONE", ""] {
            assert_eq!(MfaConfiguration::from_name(other), None, "{other}");
        }
    }

    #[test]
    fn set_up_only_where_the_pool_takes_it_and_no_turning_off_where_required() {
        let all = MfaConfiguration::ALL;
        assert_eq!(
            all.map(MfaConfiguration::offers_totp_setup),
            [false, true, true]
        );
        assert_eq!(
            all.map(MfaConfiguration::allows_turning_off),
            [true, true, false]
        );
    }
}
