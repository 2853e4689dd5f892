//! The notice one screen leaves for the next ("Account confirmed. Sign
//! in."), addressed to a kind of screen and kept in memory rather than in
//! the URL, so nothing from an address bar is ever shown as a message.

use crate::i18n::Notice;
use leptos::prelude::*;

/// Which screen, without its data: what a flash notice is addressed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScreenKind {
    Login,
    SignUp,
    Confirm,
    ForgotPassword,
    ResetPassword,
    Account,
    Home,
    Callback,
}

/// The notice waiting for the next screen of a kind, if any. Cheap to copy;
/// held by the auth context, so it outlives the screens and their
/// navigation.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Flash(RwSignal<Option<(ScreenKind, Notice)>>);

impl Flash {
    /// An empty mailbox in the current owner.
    pub(crate) fn new() -> Self {
        Flash(RwSignal::new(None))
    }

    /// Leaves `notice` for the next screen of `kind`, replacing any other.
    pub(crate) fn set(&self, kind: ScreenKind, notice: Notice) {
        self.0.set(Some((kind, notice)));
    }

    /// [`Self::set`], a no-op once the context is gone (a late timer).
    pub(crate) fn try_set(&self, kind: ScreenKind, notice: Notice) -> Option<()> {
        self.0
            .try_set(Some((kind, notice)))
            .map_or(Some(()), |_| None)
    }

    /// Drops the waiting notice.
    pub(crate) fn clear(&self) {
        self.0.set(None);
    }

    /// The notice left for a screen of `kind`, consumed (a notice for
    /// another kind is dropped too: it was not shown in time).
    pub(crate) fn take(&self, kind: ScreenKind) -> Option<Notice> {
        let flash = self.0.get_untracked()?;
        self.0.set(None);
        (flash.0 == kind).then_some(flash.1)
    }
}
