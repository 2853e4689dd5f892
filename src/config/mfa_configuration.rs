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
    pub const ALL: [MfaConfiguration; 3] = [
        MfaConfiguration::Off,
        MfaConfiguration::Optional,
        MfaConfiguration::On,
    ];

    /// The name in `config.json` and in Cognito's `MfaConfiguration`.
    pub fn name(self) -> &'static str {
        match self {
            MfaConfiguration::Off => "OFF",
            MfaConfiguration::Optional => "OPTIONAL",
            MfaConfiguration::On => "ON",
        }
    }

    /// The value with this name, exactly.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether the account page offers to set up an authenticator app: only
    /// where the pool accepts one.
    pub fn offers_totp_setup(self) -> bool {
        self != MfaConfiguration::Off
    }

    /// Whether the account page offers to turn the authenticator app off:
    /// not where the pool requires a second factor.
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
