//! The screens and widgets, one file each (sign-in and its cards, one
//! folder: [`sign_in`]). Screens hold signals, dispatch
//! `Action::new_local` calls into the protocol core and render; they decide
//! no protocol and hold no text (see [`crate::i18n`]).

mod account;
mod account_mfa;
mod alerts;
mod attribute_fields;
mod callback;
mod change_password;
mod config_error;
mod confirm;
mod federated;
mod forgot_password;
mod form;
pub(crate) mod identifier;
mod identity_credentials;
mod language;
mod layout;
mod mailbox;
mod not_found;
mod options;
mod password_fields;
mod password_rules;
mod require_auth;
mod require_group;
mod reset_password;
mod sample_api;
mod session_info;
mod sign_in;
mod signup;
mod step_flow;
mod totp_setup;

pub use account::AccountScreen;
pub use callback::CallbackScreen;
pub use config_error::ConfigErrorScreen;
pub use confirm::ConfirmScreen;
pub use forgot_password::ForgotPasswordScreen;
pub(crate) use identity_credentials::IdentityCredentials;
pub use language::LanguageSwitcher;
pub use layout::LoadingCard;
pub use not_found::NotFoundScreen;
pub use options::InitialScreen;
pub(crate) use options::{use_flow_options, FlowOptions};
pub use password_rules::PasswordRules;
pub use require_auth::RequireAuth;
pub(crate) use require_group::AdminPanel;
pub use require_group::RequireGroup;
pub use reset_password::ResetPasswordScreen;
pub(crate) use sample_api::SampleApi;
pub(crate) use session_info::SessionInfo;
pub use session_info::SessionNotice;
pub use sign_in::LoginScreen;
pub use signup::SignUpScreen;
pub(crate) use step_flow::{FlowHooks, StepFlow};
