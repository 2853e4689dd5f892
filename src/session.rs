//! The signed-in session: the tokens, verified before anything trusts them
//! (signature with the pool's key set through WebCrypto, issuer, audience,
//! token use, expiry: docs/cognito-protocol.md §5.4), kept where the
//! configuration says (the `storage` module), renewed before they expire and
//! kept in step across tabs (`lifecycle`, `sync`).

mod clock;
pub(crate) mod lifecycle;
pub(crate) mod refresh;
pub(crate) mod storage;
pub(crate) mod sync;
mod verified;
mod webcrypto;

pub(crate) use clock::now;
pub use lifecycle::{AuthState, SessionError, SessionHealth};
pub use storage::{REFRESH_STORAGE_KEY, STORAGE_KEY};
pub use verified::Session;
pub use webcrypto::WebCrypto;

use crate::i18n::{Msg, Notice};

/// The `sessionStorage` key of a notice that has to outlive a page load (the
/// hosted `/logout` round-trip after a federated sign-out): one of the fixed
/// words of `PendingNotice`, never text from anywhere else.
///
/// ```no_run
/// use leptos_cognito::session::{NOTICE_STORAGE_KEY, REFRESH_STORAGE_KEY, STORAGE_KEY};
///
/// // An end-to-end test starting from a clean tab.
/// if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
///     for key in [STORAGE_KEY, REFRESH_STORAGE_KEY, NOTICE_STORAGE_KEY] {
///         let _ = storage.remove_item(key);
///     }
/// }
/// ```
pub const NOTICE_STORAGE_KEY: &str = "leptos-cognito.notice";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// A notice for the sign-in screen that survives leaving the page. Stored as
/// a fixed word: whatever else is found under [`NOTICE_STORAGE_KEY`] (a
/// script, another tab's old build) shows nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PendingNotice {
    /// "You have signed out." after the hosted `/logout`.
    SignedOut,
}

impl PendingNotice {
    const ALL: [PendingNotice; 1] = [PendingNotice::SignedOut];

    /// The word kept in storage.
    pub(crate) fn stored(self) -> &'static str {
        match self {
            PendingNotice::SignedOut => "signed-out",
        }
    }

    /// The notice for a stored word; `None` for anything else.
    pub(crate) fn from_stored(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.stored() == word)
    }

    /// What the sign-in screen shows.
    pub(crate) fn notice(self) -> Notice {
        match self {
            PendingNotice::SignedOut => Notice::new(Msg::InfoSignedOut),
        }
    }
}

/// Leaves `notice` for the next sign-in screen of this tab, across a page
/// load. Storage can be refused; the notice is then lost, nothing else.
pub(crate) fn leave_notice(notice: PendingNotice) {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(NOTICE_STORAGE_KEY, notice.stored());
    }
}

/// The notice left by [`leave_notice`], removed so it shows once.
pub(crate) fn take_notice() -> Option<Notice> {
    let storage = session_storage()?;
    let word = storage.get_item(NOTICE_STORAGE_KEY).ok()??;
    let _ = storage.remove_item(NOTICE_STORAGE_KEY);
    PendingNotice::from_stored(&word).map(PendingNotice::notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_notices_are_fixed_words_and_nothing_else_shows() {
        for notice in PendingNotice::ALL {
            assert_eq!(PendingNotice::from_stored(notice.stored()), Some(notice));
        }
        assert_eq!(PendingNotice::SignedOut.stored(), "signed-out");
        assert_eq!(
            PendingNotice::SignedOut.notice().to_string(),
            "You have signed out."
        );
        for other in [
            "",
            "Signed-Out",
            " signed-out",
            "signed-out ",
            "You have signed out.",
            "<img src=x onerror=alert(1)>",
            "InfoSignedOut",
        ] {
            assert_eq!(PendingNotice::from_stored(other), None, "{other:?}");
        }
    }
}
