//! Start-up errors: each names the file involved, what is wrong and what to do.

use std::path::PathBuf;

/// Why the emulator could not start, or stopped serving.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The TOML configuration is unreadable or invalid.
    #[error(
        "{source_name}: invalid emulator configuration: {message}\n\
         Fix the file (crates/cognito-emulator/seed.toml is a commented example), \
         or start without --config to use the built-in seed."
    )]
    Config {
        /// Where the configuration came from: its file path, or a
        /// description of it.
        source_name: String,
        /// What is wrong with it.
        message: String,
    },

    /// A file in the data dir exists but cannot be used; it is never replaced
    /// silently, because it may hold users someone cares about.
    #[error("{path}: {message}")]
    Data {
        /// The file.
        path: PathBuf,
        /// What is wrong with it, and what to do.
        message: String,
    },

    /// An I/O operation failed.
    #[error("{path}: cannot {action}: {source}")]
    Io {
        /// The file or directory operated on.
        path: PathBuf,
        /// What was being done, as a verb phrase ("create the keys
        /// directory").
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// The server failed while running.
    #[error("the server stopped: {0}")]
    Serve(#[source] std::io::Error),

    /// The listening socket could not be opened.
    #[error(
        "cannot listen on {addr}: {source}\n\
         Stop whatever uses that port, or pass --port N (--port 0 picks a free port)."
    )]
    Bind {
        /// The address asked for (`127.0.0.1:PORT`).
        addr: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn io(
        path: impl Into<PathBuf>,
        action: &'static str,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }
}
