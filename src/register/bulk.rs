//! Bulk registration: many versions per SQLite transaction, each in its own savepoint. A
//! rejected version rolls back to its savepoint and leaves nothing behind; the batch commits
//! every `BATCH` versions, which spreads the cost of a commit (WAL append, full-text index
//! flush) over many registrations.

use super::{Registered, register_in};
use crate::error::{Error, Result};
use crate::ingest::Document;
use crate::store::{Store, Tx};
use sqlx::Connection;

const BATCH: usize = 256;

pub struct Bulk<'s> {
    store: &'s Store,
    tx: Option<Tx>,
    pending: usize,
}

impl<'s> Bulk<'s> {
    pub fn new(store: &'s Store) -> Bulk<'s> {
        Bulk {
            store,
            tx: None,
            pending: 0,
        }
    }

    /// Registers one version; on error nothing of it is written and the batch goes on.
    pub async fn register(&mut self, doc: Document) -> Result<Registered> {
        if self.tx.is_none() {
            self.tx = Some(self.store.begin().await?);
        }
        let tx = self.tx.as_mut().expect("just begun");
        let mut savepoint = tx.begin().await?;
        match register_in(&mut savepoint, doc).await {
            Ok(r) => {
                savepoint.commit().await?;
                self.pending += 1;
                if self.pending >= BATCH {
                    self.flush().await?;
                }
                Ok(r)
            }
            Err(e) => {
                savepoint.rollback().await?;
                Err(e)
            }
        }
    }

    /// Commits what is registered so far.
    pub async fn flush(&mut self) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await.map_err(Error::from)?;
        }
        self.pending = 0;
        Ok(())
    }
}
