//! English catalogue.

use super::msg::Msg;

pub(super) fn text(msg: Msg) -> &'static str {
    match msg {
        Msg::Loading => "Loading…",
        Msg::LanguageLabel => "Language",
        Msg::FieldEmail => "Email",
        Msg::FieldName => "Name",
        Msg::FieldPassword => "Password",
        Msg::FieldCode => "Confirmation code",
        Msg::ShowPassword => "Show",
        Msg::HidePassword => "Hide",
        Msg::OpensInNewTab => "(opens in a new tab)",

        Msg::LoginTitle => "Sign in",
        Msg::LoginSubmit => "Sign in",
        Msg::LoginBusy => "Signing in…",
        Msg::LoginNoAccount => "New here?",
        Msg::LoginToSignUp => "Create an account",

        Msg::SignUpTitle => "Create an account",
        Msg::SignUpSubmit => "Create account",
        Msg::SignUpBusy => "Creating your account…",
        Msg::SignUpHaveAccount => "Already have an account?",
        Msg::SignUpToLogin => "Sign in",
        Msg::PasswordRulesHeading => "Your password needs:",
        Msg::RuleLength => "At least {n} characters",
        Msg::RuleLowercase => "A lowercase letter (a–z)",
        Msg::RuleUppercase => "An uppercase letter (A–Z)",
        Msg::RuleNumber => "A number (0–9)",
        Msg::RuleSymbol => "A symbol, such as ! @ # $ % or -",
        Msg::RuleMet => "done",
        Msg::RuleUnmet => "not yet",

        Msg::ConfirmTitle => "Confirm your account",
        Msg::ConfirmIntro => "Enter the confirmation code we emailed you.",
        Msg::ConfirmSubmit => "Confirm",
        Msg::ConfirmBusy => "Confirming…",
        Msg::ConfirmResend => "Send a new code",
        Msg::ConfirmResendBusy => "Sending…",
        Msg::ConfirmMailbox => "Open the local mailbox",
        Msg::ConfirmMailboxHint => {
            "You are using the local emulator: its emails, with your code, arrive there."
        }
        Msg::BackToLogin => "Back to sign in",

        Msg::AccountTitle => "Your account",
        Msg::AccountEmail => "Email",
        Msg::AccountName => "Name",
        Msg::AccountSub => "User ID (sub)",
        Msg::AccountClaims => "ID token claims",
        Msg::AccountClaimsNote => {
            "Verified in this browser (see Session). A server that receives the token must still verify it itself."
        }
        Msg::AccountNotSet => "(not set)",
        Msg::SignOut => "Sign out",
        Msg::SignOutBusy => "Signing out…",

        Msg::NotFoundTitle => "Page not found",
        Msg::NotFoundBody => "There is no page at this address.",
        Msg::NotFoundHome => "Go to the start page",

        Msg::ConfigErrorTitle => "This sign-in page is not set up correctly",
        Msg::ConfigErrorIntro => {
            "The site's config.json has the problems below. Fix each one, then reload this page."
        }
        Msg::ConfigErrorReload => "Reload",
        Msg::CfgUnreachable => {
            "Could not load {url} ({detail}). Deploy config.json next to index.html."
        }
        Msg::CfgHttpStatus => {
            "Loading {url} answered HTTP {status}. Deploy config.json next to index.html."
        }
        Msg::CfgNotJson => "config.json is not valid JSON: {detail}.",
        Msg::CfgHtml => {
            "{url} returned an HTML page, not JSON: config.json is probably not deployed. Put it next to index.html."
        }
        Msg::CfgNotObject => "config.json must be one JSON object: { \"region\": …, … }.",
        Msg::CfgClientSecret => {
            "config.json contains a client secret. A browser cannot keep a secret: create an app client without a secret (Cognito console → App clients → 'Don't generate a client secret'). Then remove \"{field}\"."
        }
        Msg::CfgUnknownField => {
            "config.json has an unknown field \"{field}\". Remove it or correct its spelling; the known fields are: {allowed}."
        }
        Msg::CfgMissing => "config.json is missing \"{field}\" (for example \"{example}\").",
        Msg::CfgNotString => "\"{field}\" must be a string in quotes.",
        Msg::CfgNotObjectField => "\"{field}\" must be an object: { … }.",
        Msg::CfgNotList => "\"{field}\" must be a list of strings: [ … ].",
        Msg::CfgEmpty => "\"{field}\" is empty.",
        Msg::CfgBadRegion => {
            "\"region\" is \"{value}\", which is not an AWS region code such as \"ap-northeast-1\"."
        }
        Msg::CfgBadUserPoolId => {
            "\"userPoolId\" is \"{value}\"; a user pool ID looks like \"<region>_<id>\", for example \"ap-northeast-1_AbC123xyz\" (Cognito console → User pools → User pool ID)."
        }
        Msg::CfgUserPoolRegionMismatch => {
            "\"userPoolId\" is in region \"{pool_region}\" but \"region\" is \"{region}\". Set \"region\" to the user pool's region."
        }
        Msg::CfgBadClientId => {
            "\"userPoolClientId\" is \"{value}\"; an app client ID has only letters, digits, \"_\" and \"+\" (Cognito console → App clients → Client ID)."
        }
        Msg::CfgEndpointNotUrl => {
            "\"endpoints.userPool\" is \"{value}\", which is not a plain http(s) URL such as \"https://cognito-idp.ap-northeast-1.amazonaws.com/\" (no user, query or fragment)."
        }
        Msg::CfgEndpointHttp => {
            "\"endpoints.userPool\" is \"{value}\": http is allowed only for a local emulator (127.0.0.1, localhost or [::1]). Use https."
        }
        Msg::CfgPasswordPolicy => "\"passwordPolicy\" is not valid: {detail}.",
        Msg::CfgUnknownAttribute => {
            "\"signUpAttributes\" lists \"{value}\", which this app cannot ask for. Supported: {allowed}."
        }
        Msg::CfgBadLocale => {
            "\"locale\" is \"{value}\"; use \"auto\" or one of these codes: {allowed}."
        }
        Msg::CfgBadTotpIssuer => {
            "\"totpIssuer\" is \"{value}\"; use a name of at most {max} characters without line breaks, such as your product's name (authenticator apps list the account under it)."
        }

        Msg::MfaTitle => "Enter your authenticator code",
        Msg::MfaIntro => {
            "Open the authenticator app on your phone and enter the 6-digit code it shows for this account."
        }
        Msg::FieldMfaCode => "6-digit code",
        Msg::MfaSubmit => "Verify",
        Msg::MfaBusy => "Verifying…",

        Msg::MfaSetupTitle => "Set up two-step verification",
        Msg::MfaSetupIntro => {
            "This account needs an authenticator app to sign in. Add the account to an app such as Google Authenticator, Microsoft Authenticator or 1Password, then enter the code it shows."
        }
        Msg::MfaSetupPreparing => "Preparing your set-up key…",
        Msg::MfaSetupRetry => "Try again",
        Msg::MfaSetupSubmit => "Verify and sign in",

        Msg::TotpScanHeading => "1. Scan this QR code with your authenticator app",
        Msg::TotpQrLabel => {
            "QR code that adds {account} to an authenticator app. If you cannot scan it, use the set-up key below."
        }
        Msg::TotpManualHeading => "Cannot scan it? Enter this set-up key in the app instead:",
        Msg::TotpCopy => "Copy key",
        Msg::TotpCopied => "Copied",
        Msg::TotpCopyFailed => {
            "The key could not be copied automatically. Select it and copy it yourself."
        }
        Msg::TotpUriHeading => "Or give your app this set-up link:",
        Msg::TotpCodeHeading => "2. Enter the 6-digit code the app now shows",
        Msg::FieldDeviceName => "Device name (optional)",
        Msg::TotpDeviceHint => "For example “Work phone”, so you can tell your devices apart.",
        Msg::TotpVerifyBusy => "Verifying…",

        Msg::AccountMfa => "Two-step verification",
        Msg::AccountMfaStatus => "Authenticator app",
        Msg::MfaStatusEnabled => "Enabled",
        Msg::MfaStatusDisabled => "Disabled",
        Msg::MfaStatusLoading => "Checking…",
        Msg::MfaStatusUnknown => "Could not be checked",
        Msg::TotpSetupStart => "Set up authenticator app",
        Msg::TotpSetupStartBusy => "Preparing…",
        Msg::TotpSetupSubmit => "Verify and turn on",
        Msg::TotpSetupCancel => "Cancel set-up",
        Msg::TotpDisable => "Turn off two-step verification",
        Msg::TotpDisableBusy => "Turning off…",

        Msg::ErrIncorrectCredentials => "Incorrect email or password.",
        Msg::ErrPasswordAttemptsExceeded => {
            "Too many wrong passwords. Wait a few minutes before you try again."
        }
        Msg::ErrUsernameExists => "An account with this email already exists.",
        Msg::ErrCodeMismatch => {
            "That code is not correct. Check the latest email we sent, or send a new code."
        }
        Msg::ErrExpiredCode => "That code has expired or was already used. Send a new code.",
        Msg::ErrInvalidPassword => "This password is not accepted. It still needs: {rules}.",
        Msg::ErrInvalidPasswordGeneric => {
            "This password is not accepted by the sign-in service. Choose a different one."
        }
        Msg::ErrPasswordReused => "You have used this password before. Choose a new one.",
        Msg::ErrInvalidParameter => "The sign-in service did not accept this: {message}",
        Msg::ErrLambdaValidation => "This request was declined: {message}",
        Msg::ErrLambdaSignUp => "Your account could not be created: {message}",
        Msg::ErrLambdaSignIn => "Sign-in was not allowed: {message}",
        Msg::ErrLambdaAfterConfirm => {
            "Your account is confirmed and you can sign in. A step after the confirmation reported: {message}"
        }
        Msg::ErrLambdaDeclined => "This request was declined by the sign-in service's checks.",
        Msg::ErrLambdaFailed => {
            "The sign-in service could not finish one of its checks. Try again in a moment."
        }
        Msg::ErrTooManyRequests => "Too many attempts. Wait a while, then try again.",
        Msg::ErrResourceNotFound => {
            "The app client \"{client_id}\" was not found in this user pool. Check \"userPoolClientId\" in config.json."
        }
        Msg::ErrTransport => {
            "Cannot reach the sign-in service at {endpoint}. Check your connection, or that the local emulator is running (cargo xtask dev)."
        }
        Msg::ErrDecode => {
            "The sign-in service gave an unexpected answer. Try again later."
        }
        Msg::ErrUserNotFound => {
            "There is no account with this email. Check it, or create an account."
        }
        Msg::ErrCannotConfirm => {
            "This account cannot be confirmed; it may be confirmed already. Try signing in."
        }
        Msg::ErrCodeDelivery => {
            "We could not send the code. Check the email address, or try again later."
        }
        Msg::ErrInternal => "The sign-in service had a problem. Try again in a moment.",
        Msg::ErrForbidden => "The sign-in service refused this request.",
        Msg::ErrPasswordResetRequired => {
            "Your password must be reset before you can go on. Sign out, then choose “Forgot your password?” on the sign-in screen."
        }
        Msg::ErrNotEnabled => "The user pool is not set up for this: {message}",
        Msg::ErrUnknown => "Something went wrong ({code}). Try again.",
        Msg::ErrChallengeUnsupported => {
            "Your account needs another sign-in step, {step} ({challenge}), which this app does not support yet."
        }
        Msg::ErrSessionUnreadable => {
            "The sign-in service returned tokens this app cannot read. Try again later."
        }
        Msg::ErrEmailRequired => "Enter your email address.",
        Msg::ErrEmailInvalid => "Enter an email address such as name@example.com.",
        Msg::ErrPasswordRequired => "Enter your password.",
        Msg::ErrPasswordRules => "Your password does not meet every requirement yet: {rules}.",
        Msg::ErrCodeRequired => "Enter the code from the email.",
        Msg::ErrMfaCodeRequired => "Enter the 6-digit code from your authenticator app.",
        Msg::ErrMfaCodeMismatch => {
            "That code is not correct. Enter the code your authenticator app shows now (it changes every 30 seconds)."
        }
        Msg::ErrMfaAttemptsExceeded => {
            "Too many wrong codes. Wait a few minutes before you try again."
        }
        Msg::ErrMfaSessionExpired => {
            "Signing in took too long, so it was stopped for your security. Start again: enter your password."
        }
        Msg::ErrTotpCodeMismatch => {
            "That code did not match. Check that the app shows this account and that your phone's clock is right, then enter the current code."
        }
        Msg::ErrTotpNotEnabled => {
            "Authenticator apps are not enabled for this user pool. Ask its administrator to turn on TOTP MFA."
        }
        Msg::ErrMfaMethodNotFound => "No authenticator app is set up for this account.",
        Msg::ErrSignInAgain => "Your session has expired. Sign out and sign in again.",

        Msg::StepSoftwareTokenMfa => "a code from your authenticator app",
        Msg::StepSmsMfa => "a code sent by text message",
        Msg::StepEmailOtp => "a code sent by email",
        Msg::StepMfaSetup => "setting up multi-factor authentication",
        Msg::StepSelectMfaType => "choosing a multi-factor method",
        Msg::StepNewPassword => "choosing a new password",
        Msg::StepCustom => "a custom challenge",
        Msg::StepOther => "an additional check",

        Msg::ActionSignInInstead => "Sign in instead",
        Msg::ActionSendNewCode => "Send a new code",
        Msg::ActionConfirmAccount => "Confirm your account",
        Msg::ActionCreateAccount => "Create an account",

        Msg::InfoCodeSent => "We sent a confirmation code to {destination}.",
        Msg::InfoCodeSentNoDestination => "We sent you a confirmation code.",
        Msg::InfoNewCodeSent => "We sent a new code to {destination}.",
        Msg::InfoSignedUpConfirmed => "Your account is ready. Sign in.",
        Msg::InfoAccountConfirmed => "Account confirmed. Sign in.",
        Msg::InfoNotConfirmed => {
            "Your account is not confirmed yet. Enter the code we emailed you, or send a new code."
        }
        Msg::InfoSignedOut => "You have signed out.",
        Msg::InfoSignedOutLocally => {
            "You are signed out on this device, but signing out everywhere failed: {reason} Other sessions stay signed in until their tokens expire."
        }
        Msg::InfoSessionExpired => "Your session has expired. Sign in again.",
        Msg::InfoTotpEnabled => {
            "Two-step verification is on. From now on, signing in also asks for a code from your authenticator app."
        }
        Msg::InfoTotpDisabled => {
            "Two-step verification is off. Signing in now needs only your password."
        }

        // Social sign-in (OAuth 2.0 through the user pool domain).
        Msg::IdpDivider => "or",
        Msg::IdpContinueWith => "Continue with {provider}",
        Msg::IdpRedirecting => "Going to {provider}…",
        Msg::IdpNoRandom => {
            "This browser cannot create the secure random values that signing in needs. Update it, or use another browser."
        }
        Msg::IdpNoStorage => {
            "This browser blocked the site storage that signing in with another service needs. Allow site data for this site (or leave private browsing), then try again."
        }
        Msg::IdpUnavailable => {
            "Signing in with another service is not available right now. Try again, or sign in with your email and password."
        }
        Msg::CallbackTitle => "Signing in",
        Msg::CallbackWorking => "Finishing signing in…",
        Msg::CallbackCancelled => "Sign-in was cancelled.",
        Msg::CallbackDenied => {
            "This account cannot sign in to this app. If you think it should, contact the app's administrator."
        }
        Msg::CallbackMisconfigured => {
            "Signing in with this service is not set up correctly for this app. Contact the app's administrator, or sign in with your email and password."
        }
        Msg::CallbackProviderError => {
            "The sign-in service could not complete the sign-in. Wait a moment, then try again."
        }
        Msg::CallbackTokenRejected => {
            "The answer from the sign-in service could not be verified, so it was not used. Sign in again."
        }
        Msg::CallbackStale => "This sign-in link was already used or has expired. Sign in again.",
        Msg::CallbackDetail => "Details from the sign-in service: {detail}",
        Msg::AccountIdentity => "Signed in with",
        Msg::AccountIdentityValue => "{provider} (user ID {user_id})",
        Msg::AccountUsername => "Username",
        Msg::CfgOAuthNotUrl => {
            "\"{field}\" is \"{value}\", which is not a plain http(s) URL such as \"https://auth.example.com\" (no user, query or fragment)."
        }
        Msg::CfgOAuthHttp => {
            "\"{field}\" is \"{value}\": http is allowed only on this computer (127.0.0.1, localhost or [::1]). Use https."
        }
        Msg::CfgOAuthNoOpenid => {
            "\"oauth.scopes\" must include \"openid\": signing in needs the ID token (and its nonce), which only the openid scope gives."
        }
        Msg::CfgOAuthBadScope => {
            "\"oauth.scopes\" lists \"{value}\"; a scope is one word without spaces, such as \"email\"."
        }
        Msg::CfgOAuthProviderName => {
            "\"oauth.providers\" names \"{value}\"; use the identity provider's name in the user pool: at most {max} characters without spaces, such as \"Google\" or \"Corporate\" (not \"COGNITO\")."
        }
        Msg::CfgOAuthDuplicateProvider => {
            "\"oauth.providers\" lists \"{value}\" more than once. Keep one."
        }
        Msg::CfgOAuthLabel => {
            "The provider label \"{value}\" cannot be used; use a short text of at most {max} characters without line breaks."
        }
        Msg::CfgOAuthReturnPath => {
            "\"oauth.returnPaths\" lists \"{value}\"; each entry must be a path on this site such as \"/account\" (one leading \"/\", no host, query or spaces)."
        }
        Msg::CfgOAuthRedirectOrigin => {
            "\"oauth.redirectSignIn\" has no URL on {origin}, where this app runs (it lists {values}). The sign-in must come back to this app: add {origin}/callback, and register it as a callback URL of the app client."
        }
        Msg::CfgOAuthSignOutOrigin => {
            "\"oauth.redirectSignOut\" has no URL on {origin}, where this app runs (it lists {values}). Sign-out must come back to this app: add {origin}/, and register it as a sign-out URL of the app client."
        }
        Msg::CfgOAuthRedirectNotUrls => {
            "\"{field}\" must be a URL, or a list of URLs (one for each origin the app runs on)."
        }
        Msg::CfgOAuthRedirectSameOrigin => {
            "\"{field}\" lists \"{first}\" and \"{second}\", both on {origin}, so the app cannot tell which to use. Keep one URL per origin."
        }

        // Password flows (issue 7).
        Msg::CfgBadAuthFlowType => {
            "\"authFlowType\" is \"{value}\"; use \"USER_SRP_AUTH\" (the default: the password never leaves the browser; the app client must allow ALLOW_USER_SRP_AUTH) or \"USER_PASSWORD_AUTH\" (the app client must allow ALLOW_USER_PASSWORD_AUTH)."
        }
        Msg::LoginForgotPassword => "Forgot your password?",
        Msg::ForgotTitle => "Reset your password",
        Msg::ForgotIntro => {
            "Enter the email address of your account. We will email you a code to choose a new password with."
        }
        Msg::ForgotSubmit => "Send code",
        Msg::ForgotBusy => "Sending…",
        Msg::ResetTitle => "Choose a new password",
        Msg::ResetIntro => "Enter the code we emailed you, then choose a new password.",
        Msg::ResetSubmit => "Reset password",
        Msg::ResetBusy => "Resetting…",
        Msg::FieldNewPassword => "New password",
        Msg::FieldConfirmPassword => "Confirm new password",
        Msg::FieldCurrentPassword => "Current password",
        Msg::FieldGivenName => "Given name",
        Msg::FieldFamilyName => "Family name",
        Msg::FieldPhoneNumber => "Phone number (e.g. +819012345678)",
        Msg::FieldAttribute => "“{name}”",
        Msg::NewPasswordTitle => "Choose your password",
        Msg::NewPasswordIntro => {
            "You signed in with a temporary password. Choose your own password to continue."
        }
        Msg::NewPasswordDetails => "We also need these details:",
        Msg::NewPasswordSubmit => "Save and continue",
        Msg::NewPasswordBusy => "Saving…",
        Msg::ChangePasswordHeading => "Change password",
        Msg::ChangePasswordSubmit => "Change password",
        Msg::ChangePasswordBusy => "Changing…",
        Msg::InfoResetCodeSent => {
            "We sent a code to {destination}. Enter it below with your new password."
        }
        Msg::InfoResetCodeSentNoDestination => {
            "We sent you a code. Enter it below with your new password."
        }
        Msg::InfoResetRequired => {
            "Your password was reset by an administrator, so it no longer works. We have emailed you a code: enter it below with a new password. No email? Send a new code."
        }
        Msg::InfoPasswordReset => "Your password has been reset. Sign in with your new password.",
        Msg::InfoPasswordChanged => {
            "Your password has been changed. Use the new one the next time you sign in."
        }
        Msg::ErrNewPasswordRequired => "Enter a new password.",
        Msg::ErrPasswordsDiffer => {
            "The two new passwords are not the same. Type the same password in both fields."
        }
        Msg::ErrCurrentPasswordRequired => "Enter your current password.",
        Msg::ErrCurrentPasswordWrong => "Your current password is not correct.",
        Msg::ErrAttributeRequired => "Fill in: {field}.",
        Msg::ErrResetNotAllowed => {
            "The password of this account cannot be reset yet: it still has the temporary password it was given. Sign in with that password, or ask the app's administrator for a new one."
        }
        Msg::ErrResetNoVerifiedEmail => {
            "This account has no verified email address, so no code can be sent. Ask the app's administrator to reset your password."
        }
        Msg::ErrTemporaryPasswordExpired => {
            "Your temporary password has expired. Ask the app's administrator for a new one."
        }
        Msg::ErrAuthFlowNotEnabled => {
            "This app client does not allow {flow} sign-in. Allow ALLOW_{flow} on the app client, or set \"authFlowType\" in config.json to the flow it allows."
        }

        // Session (issue 8).
        Msg::CfgBadTokenStorage => {
            "\"tokenStorage\" is \"{value}\"; use \"memory\", \"session\" (the default) or \"local\"."
        }
        Msg::CfgNotBool => "\"{field}\" must be true or false (without quotes).",
        Msg::CfgRefreshTokenNeedsLocal => {
            "\"refreshTokenInLocalStorage\" is true, but \"tokenStorage\" is not \"local\". Set \"tokenStorage\": \"local\" as well, or remove \"refreshTokenInLocalStorage\"."
        }
        Msg::CfgBadClockSkew => {
            "\"clockSkewSeconds\" is {value}; use a whole number of seconds from 0 to 300 (default 60)."
        }
        Msg::CfgBadIdentityPoolId => {
            "\"identityPoolId\" is \"{value}\"; an identity pool ID looks like \"ap-northeast-1:00000000-0000-4000-8000-000000000001\" (region, colon, lower-case UUID)."
        }
        Msg::CfgIdentityPoolRegionMismatch => {
            "\"identityPoolId\" is in region {pool_region}, but \"region\" is {region}. Use the identity pool of the user pool's region."
        }
        Msg::CfgUrlNotHttp => {
            "\"{field}\" is \"{value}\", which is not a plain http(s) URL such as \"https://api.example.com/whoami\" (no user, query or fragment)."
        }
        Msg::CfgUrlHttp => {
            "\"{field}\" is \"{value}\": http is allowed only on this computer (127.0.0.1, localhost or [::1]). Use https."
        }
        Msg::SessionTitle => "Session",
        Msg::SessionVerified => {
            "Verified in this browser: RS256 signature with the user pool's key {kid}, issuer, audience, token use and expiry."
        }
        Msg::SessionExpires => "Tokens expire at",
        Msg::SessionRefreshes => "Renewed automatically",
        Msg::SessionStorage => "Kept in",
        Msg::SessionStorageMemory => "This page's memory only (a reload signs you out)",
        Msg::SessionStorageSession => "This tab (sessionStorage)",
        Msg::SessionStorageLocal => {
            "This browser (localStorage); the refresh token stays in this tab"
        }
        Msg::SessionStorageLocalAll => "This browser (localStorage), refresh token included",
        Msg::SessionGroups => "Groups",
        Msg::SessionNoGroups => "None",
        Msg::SessionRetrying => {
            "Cannot reach the sign-in service to renew your session. You are still signed in; trying again in {seconds} seconds."
        }
        Msg::SignOutLocal => "Sign out on this device only",
        Msg::SignOutLocalBusy => "Signing out…",
        Msg::InfoSessionRevoked => {
            "Your session was ended: you signed out in another tab or on another device, or an administrator ended it. Sign in again."
        }
        Msg::InfoSessionEnded => "Your session can no longer be renewed. Sign in again.",
        Msg::InfoSessionRefused => {
            "Your session's tokens failed the security checks, so they were not used. Sign in again."
        }
        Msg::InfoSignedOutInOtherTab => "You signed out in another tab.",
        Msg::ErrTokenRejected => {
            "The sign-in could not be verified (its tokens failed the security checks), so it was not used. Sign in again."
        }
        Msg::ErrVerifyUnreachable => {
            "Cannot fetch the user pool's signing keys from {endpoint} to verify the sign-in. Check your connection, then try again."
        }
        Msg::RequireGroupDenied => {
            "Not allowed: this section is only for members of the \"{group}\" group."
        }
        Msg::AdminPanelTitle => "Administration",
        Msg::AdminPanelBody => {
            "You see this because your verified ID token lists you in the \"admin\" group."
        }
        Msg::CredentialsTitle => "AWS credentials",
        Msg::CredentialsIntro => {
            "Temporary credentials from the identity pool, for calling AWS directly. The secret key is never shown."
        }
        Msg::CredentialsIdentityId => "Identity ID",
        Msg::CredentialsExpire => "Credentials expire at",
        Msg::CredentialsLoading => "Getting temporary credentials…",
        Msg::CredentialsFailed => "Could not get temporary AWS credentials: {code} ({message})",
        Msg::CredentialsRenew => "Get new credentials",
        Msg::CredentialsRenewBusy => "Getting credentials…",
        Msg::ApiTitle => "Protected API",
        Msg::ApiIntro => {
            "Called with your ID token in the Authorization header, as an API behind API Gateway's Cognito authorizer expects."
        }
        Msg::ApiWhoami => "The API says you are",
        Msg::ApiAdmin => "Admin-only endpoint",
        Msg::ApiAllowed => "Allowed",
        Msg::ApiDenied => "Denied (403): you are not in the admin group",
        Msg::ApiFailed => "The API answered HTTP {status}: {message}",
        Msg::ApiUnreachable => "Cannot reach the API at {endpoint}.",
        Msg::ApiLoading => "Calling…",
        Msg::ApiCall => "Call the API again",
        Msg::ApiCallBusy => "Calling…",

        // Adoption (issue 10).
        Msg::CfgBadMfa => {
            "\"mfa\" is \"{value}\"; use the user pool's MFA setting (MfaConfiguration): \"OFF\" (the default: no authenticator app is offered), \"OPTIONAL\" or \"ON\"."
        }
        Msg::CfgBadLogo => {
            "\"logo\" is \"{value}\"; give a path on this app's own origin, such as \"/logo.svg\" (put the file in public/): the Content-Security-Policy allows images from there only."
        }
        Msg::MfaNotOffered => "This app does not offer two-step verification.",
        Msg::MfaRequiredNote => {
            "This app requires two-step verification, so it cannot be turned off."
        }
        Msg::CfgAmplifyMissing => {
            "The Amplify outputs have no \"{field}\" (for example \"{example}\"). Generate them again with npx ampx generate outputs."
        }
        Msg::CfgAmplifyNoAuth => {
            "These Amplify outputs have no \"auth\": the backend defines no auth. Add defineAuth, deploy, then generate the outputs again (npx ampx generate outputs)."
        }
        Msg::CfgAmplifyVersion => {
            "The Amplify outputs are version \"{value}\"; this app reads version 1 (\"1\" to \"1.x\", as npx ampx generate outputs writes)."
        }
        Msg::CfgAmplifyUnknownField => {
            "The Amplify outputs have an unknown field \"{field}\"; this app reads only: {allowed}."
        }
        Msg::CfgAmplifyNotOneOf => {
            "\"{field}\" is \"{value}\"; the Amplify outputs allow {allowed}."
        }
        Msg::CfgAmplifyResponseType => {
            "\"auth.oauth.response_type\" is \"{value}\"; this app signs in with the authorization code flow and PKCE only, so it must be \"code\"."
        }
        Msg::CfgAmplifyMfaWithoutTotp => {
            "\"auth.mfa_configuration\" is \"REQUIRED\" but \"auth.mfa_methods\" is {methods}, without \"TOTP\": this app's second factor is an authenticator app (TOTP), so nobody could sign in. Enable totp in defineAuth's multifactor."
        }
        Msg::CfgAmplifyField => "\"{field}\" in the Amplify outputs (\"{key}\" in config.json): {problem}",
        Msg::FieldUsername => "Username",
        Msg::FieldEmailOrPhone => "Email or phone number",
        Msg::FieldUsernameOrEmail => "Username or email",
        Msg::FieldUsernameOrPhone => "Username or phone number",
        Msg::FieldUsernameEmailOrPhone => "Username, email or phone number",
        Msg::FieldAddress => "Address",
        Msg::FieldBirthdate => "Date of birth",
        Msg::FieldGender => "Gender",
        Msg::FieldLocale => "Language and region (e.g. ja-JP)",
        Msg::FieldMiddleName => "Middle name",
        Msg::FieldNickname => "Nickname",
        Msg::FieldPicture => "Picture URL",
        Msg::FieldPreferredUsername => "Preferred username",
        Msg::FieldProfile => "Profile page URL",
        Msg::FieldWebsite => "Website",
        Msg::FieldZoneinfo => "Time zone (e.g. Asia/Tokyo)",
        Msg::FieldOptional => "{label} (optional)",
        Msg::ErrUsernameRequired => "Enter your username.",
        Msg::ErrPhoneRequired => "Enter your phone number.",
        Msg::ErrPhoneInvalid => "Enter the phone number with + and the country code, such as +81 90 1234 5678.",
        Msg::ErrEmailOrPhoneInvalid => "Enter an email address such as name@example.com, or a phone number with + and the country code, such as +81 90 1234 5678.",
        Msg::ErrFieldTooLong => "“{field}” can be at most {max} characters.",
        Msg::ErrBirthdateInvalid => "Enter the date of birth as YYYY-MM-DD, such as 1990-04-01.",
        Msg::ErrUrlInvalid => "“{field}” must be a web address starting with https://.",
        Msg::ErrFieldInvalid => "“{field}”: {problem}",
        Msg::CfgBadUsernameAttribute => "\"usernameAttributes\" lists \"{value}\"; use \"email\", \"phone_number\" or both, as the user pool's UsernameAttributes, or [] for a pool that signs in by username.",
        Msg::CfgBadAliasAttribute => "\"aliasAttributes\" lists \"{value}\"; use \"email\", \"phone_number\" and \"preferred_username\", as the user pool's AliasAttributes.",
        Msg::CfgUsernameAndAliasAttributes => "\"usernameAttributes\" and \"aliasAttributes\" are both set, but a user pool has one or the other: aliases belong to a pool that signs in by username (\"usernameAttributes\": []).",
        Msg::CfgPreferredUsernameAtSignUp => "\"signUpAttributes\" lists \"preferred_username\", an alias in this pool: Cognito refuses it at sign-up (\"Preferred username cannot be provided for unconfirmed account\"). Remove it; users can set it later.",
        Msg::AccountPhone => "Phone number",
    }
}
