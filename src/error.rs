//! Typed errors of the library. The CLI adds context and maps them to exit codes.

use std::path::PathBuf;

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

    /// A REF (title query) that names several versions; the CLI lists them.
    #[error("{query:?} matches {} versions; give a version id or URL", .candidates.len())]
    Ambiguous {
        query: String,
        candidates: Vec<crate::model::Version>,
    },

    #[error("database: {0}")]
    Db(#[from] sqlx::Error),

    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    pub fn bad(msg: impl Into<String>) -> Self {
        Error::BadInput(msg.into())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
