//! Typed errors of the library. The CLI adds context and maps them to exit codes.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that cannot be registered: empty, binary, badly encoded, missing fields.
    #[error("{0}")]
    BadInput(String),

    /// Input problem tied to a place in a file.
    #[error("{path}:{line}: {message}")]
    BadLine {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// A REF that names no version.
    #[error("no version matches {0:?}")]
    NotFound(String),

    /// A link id that names no link.
    #[error("no link #{0} (`crossposts` shows the ids of proposed links, `explain A B` any)")]
    NoLink(i64),

    /// A REF (title query) that names several versions; the CLI lists them.
    #[error("{query:?} matches {} versions; give a version id or URL", .candidates.len())]
    Ambiguous {
        query: String,
        candidates: Vec<crate::model::Version>,
    },

    // The wrapped errors are shown in the message and not given as its source as well: the
    // CLI prints the whole chain, and each would be printed twice (sqlx's errors print their
    // own source in their message).
    #[error("database: {0}")]
    Db(sqlx::Error),

    #[error("database migration: {0}")]
    Migrate(sqlx::migrate::MigrateError),

    /// The store's file system failed (creating its directory).
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },

    /// An input file the user named cannot be read (missing, a directory, not permitted):
    /// bad usage, where `Io` is the store's own failure.
    #[error("{path}: {error}")]
    Unreadable {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Db(e)
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Error::Migrate(e)
    }
}

impl Error {
    /// For `map_err` on opening or reading the input file at `path`.
    pub fn unreadable(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |error| Error::Unreadable {
            path: path.to_owned(),
            error,
        }
    }

    pub fn bad(msg: impl Into<String>) -> Self {
        Error::BadInput(msg.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
