//! `authFlowType`: how the sign-in screen proves the password to Cognito.

/// The `InitiateAuth` flow for password sign-in (`authFlowType` in
/// `config.json`). The app client must allow it in its `ExplicitAuthFlows`,
/// with `ALLOW_REFRESH_TOKEN_AUTH` for the session to last (AWS API
/// Reference, `CreateUserPoolClient`).
///
/// ```
/// use leptos_cognito::{AuthConfig, AuthFlowType};
///
/// let config = AuthConfig::from_json(r#"{
///   "region": "ap-northeast-1",
///   "userPoolId": "ap-northeast-1_AbC123xyz",
///   "userPoolClientId": "1example23456789",
///   "authFlowType": "USER_PASSWORD_AUTH"
/// }"#).unwrap();
/// assert_eq!(config.auth_flow_type, AuthFlowType::UserPasswordAuth);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AuthFlowType {
    /// `USER_SRP_AUTH` (the default): Secure Remote Password, so the
    /// password never leaves the browser. Needs `ALLOW_USER_SRP_AUTH`.
    #[default]
    UserSrpAuth,
    /// `USER_PASSWORD_AUTH`: the password itself, over TLS, for app clients
    /// that allow only that. Needs `ALLOW_USER_PASSWORD_AUTH`.
    UserPasswordAuth,
}

impl AuthFlowType {
    /// Every value `authFlowType` takes.
    ///
    /// ```
    /// use leptos_cognito::AuthFlowType;
    ///
    /// let names: Vec<&str> = AuthFlowType::ALL.iter().map(|f| f.name()).collect();
    /// assert_eq!(names.join(" or "), "USER_SRP_AUTH or USER_PASSWORD_AUTH");
    /// ```
    pub const ALL: [AuthFlowType; 2] = [AuthFlowType::UserSrpAuth, AuthFlowType::UserPasswordAuth];

    /// The name in `config.json` and in Cognito's `AuthFlow`.
    ///
    /// ```
    /// use leptos_cognito::AuthFlowType;
    ///
    /// assert_eq!(AuthFlowType::default().name(), "USER_SRP_AUTH");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            AuthFlowType::UserSrpAuth => "USER_SRP_AUTH",
            AuthFlowType::UserPasswordAuth => "USER_PASSWORD_AUTH",
        }
    }

    /// The flow with this name, exactly.
    ///
    /// ```
    /// use leptos_cognito::AuthFlowType;
    ///
    /// assert_eq!(AuthFlowType::from_name("USER_PASSWORD_AUTH"), Some(AuthFlowType::UserPasswordAuth));
    /// // Not the app client's `ExplicitAuthFlows` name.
    /// assert_eq!(AuthFlowType::from_name("ALLOW_USER_SRP_AUTH"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_srp_is_the_default() {
        for flow in AuthFlowType::ALL {
            assert_eq!(AuthFlowType::from_name(flow.name()), Some(flow));
        }
        assert_eq!(AuthFlowType::default(), AuthFlowType::UserSrpAuth);
        assert_eq!(AuthFlowType::from_name("user_srp_auth"), None);
        assert_eq!(AuthFlowType::from_name("ALLOW_USER_SRP_AUTH"), None);
    }
}
