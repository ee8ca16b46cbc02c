//! The SQLite store: connection, migrations, and every query of the program (in this module
//! only). The store keeps and finds; it never decides what is similar.

pub mod anchors;
pub mod bulk;
pub mod claims;
pub mod index;
pub mod links;
pub mod outlets;
pub mod postings;
pub mod versions;

pub use claims::{ClaimRow, NewClaim};
pub use links::NewLink;
pub use outlets::OutletRow;
pub use versions::{CandidateText, NewVersion};

use crate::error::Result;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{SqliteConnection, SqlitePool};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub type Tx = sqlx::Transaction<'static, sqlx::Sqlite>;
pub type Conn = SqliteConnection;

/// Pages the write-ahead log may hold before a commit copies it into the database (SQLite's
/// default is 1,000). A bulk batch dirties up to ~20,000 pages of the key indexes at 100k
/// versions, many of them again in the next batches: copying them back every few batches
/// instead of after each one imported 5,000 versions into the 100k store in 28.8 s instead of
/// 31.5 s (BENCHMARKS.md; 65,536 pages gave 28.5 s for twice the disk). The log (128 MiB and
/// one batch, at most, during an import) is copied back when the store closes (`WAL_KEPT_BYTES`).
const WAL_CHECKPOINT_PAGES: u32 = 32_768;
/// The most write-ahead log a closing store leaves beside the database; past it the log is
/// copied back first. SQLite would copy it back on every close: two fsyncs and every page the
/// command wrote, ~12 ms of a 30 ms `add` at 100k versions. The next open replays what is left
/// (~3 ms for 4 MiB), so single registrations copy back once in ~5 (BENCHMARKS.md).
const WAL_KEPT_BYTES: u64 = 4 << 20;

pub struct Store {
    pool: SqlitePool,
    /// The write-ahead log beside the database file.
    wal: PathBuf,
}

/// Where the store lives when neither `--db` nor `PROVTRACK_DB` says: the user's data directory.
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("provtrack")
        .join("provtrack.db")
}

impl Store {
    /// Opens (creating it and its folders on first use) and migrates the store at `path`.
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|error| crate::Error::Io {
                path: dir.to_path_buf(),
                error,
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // A bounded page cache per connection keeps peak memory bounded whatever the store's
            // size; 16 MiB imports as fast as 32 MiB did (BENCHMARKS.md, "Memory").
            .pragma("cache_size", "-16384")
            // Temporary data on file (spilled only past 64 KiB): a batch's multi-row INSERT keeps a
            // statement journal of every page it touches, which in memory grew with the store.
            .pragma("temp_store", "file")
            .pragma("wal_autocheckpoint", WAL_CHECKPOINT_PAGES.to_string());
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .after_connect(|conn, _| Box::pin(keep_log_on_close(conn)))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Ok(Store {
            pool,
            wal: wal.into(),
        })
    }

    /// A write transaction that takes the store's write lock at once, waiting for it up to
    /// the busy timeout. A deferred one reads first and fails when it comes to write after
    /// another process wrote meanwhile (`SQLITE_BUSY_SNAPSHOT`): two `add`s run side by side
    /// would fail one of them.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Copies the write-ahead log back on a connection (and SQLite thread) of its own, so the
    /// writer goes on with the next batch meanwhile: at 100k versions copying back was ~3/4 of
    /// a batch's commit. The writer's own checkpoint (`WAL_CHECKPOINT_PAGES`) still bounds the
    /// log when this one falls behind: the log restarts only once all of it is copied back.
    /// 5,000 versions into the 100k store: 29.2 → 26.5 s (BENCHMARKS.md).
    pub async fn checkpointer(&self) -> Result<Checkpointer> {
        let mut conn = self.pool.acquire().await?;
        let (wake, mut woken) = tokio::sync::mpsc::channel::<()>(1);
        let task = tokio::spawn(async move {
            while woken.recv().await.is_some() {
                // PASSIVE: copies what no reader needs and never waits for the writer; a
                // failure leaves the log to the next round or to `close`.
                let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut *conn)
                    .await;
            }
        });
        Ok(Checkpointer { wake, task })
    }

    /// A pooled connection for reads (and for writes that are one statement).
    pub async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>> {
        Ok(self.pool.acquire().await?)
    }

    /// Closes the store, copying the write-ahead log into the database if it is longer than
    /// `WAL_KEPT_BYTES`. A checkpoint that fails (another process reading) leaves the log to a
    /// later close or commit.
    pub async fn close(self) {
        let long = std::fs::metadata(&self.wal).is_ok_and(|m| m.len() > WAL_KEPT_BYTES);
        if long {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await;
        }
        self.pool.close().await;
    }
}

/// See [`Store::checkpointer`].
pub struct Checkpointer {
    wake: tokio::sync::mpsc::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Checkpointer {
    /// Asks for the log committed so far to be copied back (once, if asked again meanwhile).
    pub fn copy_back(&self) {
        let _ = self.wake.try_send(());
    }

    /// Waits for the round under way, if any, and stops.
    pub async fn finish(self) {
        drop(self.wake);
        let _ = self.task.await;
    }
}

/// Tells SQLite not to copy the write-ahead log back when this connection closes: `close`
/// decides that by the log's length.
async fn keep_log_on_close(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    use libsqlite3_sys::{SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, SQLITE_OK, sqlite3_db_config};
    use std::os::raw::c_int;
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is locked, so no other thread uses the connection meanwhile, and this
    // option takes an int and an optional int pointer (null: the new value is not reported).
    let rc = unsafe {
        sqlite3_db_config(
            handle.as_raw_handle().as_ptr(),
            SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        )
    };
    if rc == SQLITE_OK {
        Ok(())
    } else {
        Err(sqlx::Error::Configuration(
            format!("SQLite refused SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE (code {rc})").into(),
        ))
    }
}

/// A transaction on `conn` that takes the write lock at once: bulk registration gives ids
/// itself.
pub async fn begin_immediate_on(conn: &mut Conn) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
    Ok(sqlx::Connection::begin_with(conn, "BEGIN IMMEDIATE").await?)
}

/// A number that changes when another connection commits to the store (SQLite's
/// `PRAGMA data_version`): how a connection tells that the store changed under it.
pub async fn data_version(conn: &mut Conn) -> Result<i64> {
    Ok(sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(conn)
        .await?)
}

/// Current time in the stored form.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// A list of ids as the JSON array `json_each` reads: SQLite has no array parameters.
fn json_ids(ids: &[i64]) -> String {
    serde_json::to_string(ids).expect("ids serialize")
}

/// Ids from a `group_concat` list ("3,17,42").
fn parse_ids(list: &str) -> Vec<i64> {
    list.split(',').filter_map(|i| i.parse().ok()).collect()
}

/// A store in a temporary directory, for unit tests; the directory goes with the guard.
#[cfg(test)]
pub(crate) async fn temp() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store.db")).await.unwrap();
    (dir, store)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled SQLite is built without its process-wide page-cache and memory-statistics
    /// locks (`.cargo/config.toml`): a build that lost the setting still works, only slower.
    #[tokio::test]
    async fn sqlite_is_built_without_process_wide_locks() {
        let (_dir, store) = temp().await;
        let options: Vec<String> = sqlx::query_scalar("PRAGMA compile_options")
            .fetch_all(&store.pool)
            .await
            .unwrap();
        let has = |option: &str| options.iter().any(|o| o == option);
        assert!(
            has("DEFAULT_MEMSTATUS=0") && !has("ENABLE_MEMORY_MANAGEMENT"),
            "{options:?}"
        );
    }
}
