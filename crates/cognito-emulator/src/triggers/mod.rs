//! Lambda triggers (Developer Guide, "Customizing user pool workflows with
//! Lambda triggers"): the user's own handlers, called with the events
//! Cognito sends and their answers applied as Cognito applies them.
//!
//! * [`lambda_config`]: which function each trigger calls (`LambdaConfig`),
//!   and how a function ARN or URL is read.
//! * [`invoke`]: the Lambda Invoke API client, the 5-second limit, and the
//!   errors Cognito reports when a trigger fails.
//! * [`events`]: the event of each trigger; [`answers`]: reading what the
//!   function returned.
//! * [`call`]: the triggers as the operations call them.

pub(crate) mod answers;
pub(crate) mod call;
pub(crate) mod events;
pub mod invoke;
pub mod lambda_config;

pub(crate) use call::Call;
pub(crate) use events::Source;
pub use invoke::{Failure, Invoker};
pub use lambda_config::{LambdaConfig, LambdaVersion, PreTokenGenerationConfig, Trigger};
